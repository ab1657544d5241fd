//! Reading and checking run ahead of the writer, on threads of their own.
//!
//! One thread reads the file into batches of rows (`Rows`: their text in
//! one buffer); checker threads (one per core, at most 4) check the rows of
//! a batch, the drafts borrowing the batch's text; the calling thread takes
//! the checked batches back in file order and matches and writes them.
//! Matching stays on one thread, in row order, so that "the first row of an
//! email wins" means what it says. The channels are bounded: at most a few
//! batches are in flight, whatever the file's size, and a written batch goes
//! back to the reader, which reads the next rows into its buffers.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, SyncSender, channel, sync_channel};
use std::sync::{Arc, Mutex};

use intake_core::{Cells, CheckedRow, HeaderMap, RowRules, check_cells};
use intake_source::{Row, Rows, Source, SourceError};

use crate::error::ImportError;
use crate::keys::KeyHash;
use crate::run::Pending;

/// Rows read and checked together: a batch's checked rows (half a
/// megabyte) stay in the cache of the core that checked them until the
/// writer takes them (1,024 rows: 3–4 % faster than 2,048 or 512).
pub(crate) const BATCH: usize = 1024;

/// The rows of a batch as checked: they borrow their records' text.
pub(crate) type PendingRows<'a> = Vec<Pending<'a>>;

self_cell::self_cell!(
    /// A batch's records and the rows checked from them, which borrow the
    /// records' text: the drafts of valid rows copy nothing.
    pub(crate) struct CheckedRows {
        owner: Rows,
        #[covariant]
        dependent: PendingRows,
    }
);

/// A batch of rows, checked, in file order.
pub(crate) struct CheckedBatch {
    seq: u64,
    /// The rows to match and write.
    rows: CheckedRows,
    /// Rows that an interrupted run committed already: only what later rows
    /// are matched against (row, email key, legacy number).
    pub(crate) replayed: Vec<(u64, Option<KeyHash>, Option<i64>)>,
    /// The last spreadsheet row read for this batch (blank rows included).
    pub(crate) last_row: u64,
    /// How far reading had come, from 0 to 1.
    pub(crate) progress: f64,
    /// The file ends with this batch.
    pub(crate) end: bool,
    /// Reading stopped here: the rows of this batch were not all read.
    pub(crate) error: Option<SourceError>,
}

impl CheckedBatch {
    /// Runs `f` on the batch's rows to match and write.
    pub(crate) fn with_rows<R>(&mut self, f: impl for<'a> FnOnce(&mut [Pending<'a>]) -> R) -> R {
        self.rows.with_dependent_mut(|_, rows| f(rows))
    }
}

/// What checking needs to know; shared by the checker threads.
pub(crate) struct Checker<'a> {
    pub(crate) map: &'a HeaderMap,
    pub(crate) rules: &'a RowRules,
    /// Cells a mode does not change: emptied before checking.
    pub(crate) ignored: &'a [(usize, String)],
    /// Rows up to this one were committed by an interrupted run.
    pub(crate) replay_until: u64,
}

/// Records read for one batch.
struct Work {
    seq: u64,
    records: Rows,
    /// An empty list whose room the checked rows go into (a written
    /// batch's, given back: a batch's rows are a megabyte, which would
    /// otherwise be asked of the system, and faulted in, again and again).
    room: Vec<Pending<'static>>,
    last_row: u64,
    progress: f64,
    end: bool,
    error: Option<SourceError>,
}

/// Reads `source`, checks every row on the checker threads, and hands each
/// batch to `each` on the calling thread, in file order. Stops at the first
/// error `each` returns (the threads then stop too). A batch `each` is done
/// with goes back to the reading thread, which frees its rows and reads the
/// next rows into its records: the calling thread is the one that writes.
pub(crate) fn for_each_checked<F>(
    source: &mut Source,
    checker: &Checker<'_>,
    mut each: F,
) -> Result<(), ImportError>
where
    F: FnMut(&mut CheckedBatch) -> Result<(), ImportError>,
{
    let workers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    // Set when the calling thread stops early (an error, a cancel) or the
    // reader or a checker fails: the others stop at their next row or batch.
    let stop = AtomicBool::new(false);
    let stop = &stop;
    std::thread::scope(|scope| {
        let (work_tx, work_rx) = sync_channel::<Work>(workers * 2);
        // Shared by the checkers; dropped with the last of them, which is
        // what stops a reader waiting to hand over a batch.
        let work_rx = Arc::new(Mutex::new(work_rx));
        let (done_tx, done_rx) = sync_channel::<CheckedBatch>(workers * 2);
        let (spent_tx, spent_rx) = channel::<CheckedBatch>();
        std::thread::Builder::new()
            .name("intake-reader".into())
            .spawn_scoped(scope, move || {
                stop_on_panic(stop, || {
                    read(source, &work_tx, &spent_rx, stop);
                });
            })
            .map_err(ImportError::Thread)?;
        for _ in 0..workers {
            let (work_rx, done_tx) = (work_rx.clone(), done_tx.clone());
            std::thread::Builder::new()
                .name("intake-checker".into())
                .spawn_scoped(scope, move || {
                    stop_on_panic(stop, || check(checker, &work_rx, &done_tx, stop));
                })
                .map_err(ImportError::Thread)?;
        }
        drop((work_rx, done_tx));
        // The checkers finish out of order: put the batches back in order.
        let mut waiting = BTreeMap::new();
        let mut next = 0u64;
        let result = (|| {
            for batch in done_rx.iter() {
                if stop.load(Ordering::Relaxed) {
                    break;
                }
                waiting.insert(batch.seq, batch);
                while let Some(mut batch) = waiting.remove(&next) {
                    next += 1;
                    let end = batch.end;
                    each(&mut batch)?;
                    // Freed here, while the rows are still in this core's
                    // cache (the reader would read them all again).
                    batch.rows.with_dependent_mut(|_, rows| rows.clear());
                    if end {
                        return Ok(());
                    }
                    let _ = spent_tx.send(batch);
                }
            }
            // The file did not end and nobody said why: a thread failed.
            Err(ImportError::Stopped)
        })();
        stop.store(true, Ordering::Relaxed);
        result
    })
}

/// Runs a thread's work; if it panics (a library choking on a malformed
/// workbook, a bug in a check), the other threads stop too and the import
/// ends with an error instead of a crash or a file read for nothing.
fn stop_on_panic(stop: &AtomicBool, work: impl FnOnce()) {
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).is_err() {
        stop.store(true, Ordering::Relaxed);
    }
}

fn read(
    source: &mut Source,
    work_tx: &SyncSender<Work>,
    spent_rx: &Receiver<CheckedBatch>,
    stop: &AtomicBool,
) {
    let mut spare: Vec<(Rows, Vec<Pending<'static>>)> = Vec::new();
    for seq in 0.. {
        // Written batches (their rows freed by the writer): their text
        // read into again, their list of rows used again.
        spare.extend(spent_rx.try_iter().map(|mut b| {
            let room = b
                .rows
                .with_dependent_mut(|_, rows| emptied(std::mem::take(rows)));
            (b.rows.into_owner(), room)
        }));
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let (mut records, room) = spare.pop().unwrap_or_default();
        let read = source.read_rows(&mut records, BATCH);
        let work = Work {
            seq,
            records,
            room,
            last_row: read.last_row,
            progress: source.progress(),
            end: read.end,
            error: read.error,
        };
        if work_tx.send(work).is_err() || read.end {
            return;
        }
    }
}

/// A row read, less the cells a mode does not change: those are empty to
/// the checks (the rejects file still gets the row as it was).
struct RowWithout<'r, 'a> {
    row: Row<'a>,
    ignored: &'r [(usize, String)],
}

impl<'a> Cells<'a> for RowWithout<'_, 'a> {
    fn count(&self) -> usize {
        self.row.len()
    }

    #[inline]
    fn cell(&self, position: usize) -> &'a str {
        if !self.ignored.is_empty() && self.ignored.iter().any(|(p, _)| *p == position) {
            return "";
        }
        self.row.get(position).unwrap_or("")
    }
}

/// `rows` emptied, its room kept: a list that no longer borrows anything.
fn emptied(mut rows: Vec<Pending<'_>>) -> Vec<Pending<'static>> {
    rows.clear();
    // Collecting an emptied list into one of the same layout reuses its
    // allocation (the standard library collects in place); `filter_map`
    // is what changes the element's lifetime, `filter` would keep it.
    #[allow(clippy::unnecessary_filter_map)]
    let room = rows.into_iter().filter_map(|_| None).collect();
    room
}

fn check(
    checker: &Checker<'_>,
    work_rx: &Mutex<Receiver<Work>>,
    done_tx: &SyncSender<CheckedBatch>,
    stop: &AtomicBool,
) {
    let mut key_text = String::new();
    loop {
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let work = match work_rx.lock() {
            Ok(rx) => rx.recv(),
            Err(_) => return,
        };
        let Ok(work) = work else { return };
        let mut replayed = Vec::new();
        let room = work.room;
        let rows = CheckedRows::new(work.records, |records| {
            let mut rows = room;
            rows.reserve(records.len());
            for record in records.iter() {
                let cells = RowWithout {
                    row: record,
                    ignored: checker.ignored,
                };
                let CheckedRow { draft, issues } = check_cells(checker.map, &cells, checker.rules);
                let key = draft
                    .as_ref()
                    .and_then(|d| d.email.as_ref())
                    .map(|e| KeyHash::of(e.key_in(&mut key_text)));
                if record.row <= checker.replay_until {
                    let number = draft
                        .as_ref()
                        .and_then(|d| d.contact_number)
                        .map(|n| n.get());
                    replayed.push((record.row, key, number));
                    continue;
                }
                rows.push(Pending {
                    row: record.row,
                    issues,
                    notes: Vec::new(),
                    draft,
                    key,
                    record,
                });
            }
            rows
        });
        let batch = CheckedBatch {
            seq: work.seq,
            rows,
            replayed,
            last_row: work.last_row,
            progress: work.progress,
            end: work.end,
            error: work.error,
        };
        if done_tx.send(batch).is_err() {
            return;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use intake_core::value::{Language, Title};

    fn rules() -> RowRules {
        RowRules {
            languages: vec![Language::parse("fr").unwrap()],
            default_language: Language::parse("fr").unwrap(),
            default_title: Title::Undefined,
            today: jiff::civil::date(2026, 12, 2),
            email_required: true,
            reference: intake_core::Reference::default(),
            reserved: None,
            number_is_key: false,
        }
    }

    /// 10,000 rows with a blank row every 1,000, as a CSV file, opened, with
    /// its header.
    fn open(dir: &tempfile::TempDir) -> (Source, HeaderMap) {
        let mut text = String::from("email;last_name\n");
        for i in 0..10_000 {
            if i % 1000 == 999 {
                text.push_str(";\n");
            }
            text.push_str(&format!("p{i}@example.ch;Muster\n"));
        }
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, text).unwrap();
        let source = Source::open(&path).unwrap();
        let (map, _) = HeaderMap::new(&source.header().to_vec());
        (source, map)
    }

    fn checker<'a>(map: &'a HeaderMap, rules: &'a RowRules) -> Checker<'a> {
        Checker {
            map,
            rules,
            ignored: &[],
            replay_until: 0,
        }
    }

    #[test]
    fn a_row_without_the_ignored_cells_shows_them_empty() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("two.csv");
        std::fs::write(&path, "email;last_name\nana@example.ch;Muster\n").unwrap();
        let mut source = Source::open(&path).unwrap();
        let mut rows = Rows::default();
        source.read_rows(&mut rows, 10);
        let row = rows.get(0).unwrap();
        let ignored = [(1, "last_name".to_string())];
        let without = RowWithout {
            row,
            ignored: &ignored,
        };
        assert_eq!(without.count(), 2);
        assert_eq!(without.cell(0), "ana@example.ch");
        assert_eq!(without.cell(1), "");
        assert_eq!(without.cell(2), "");
        let all = RowWithout { row, ignored: &[] };
        assert_eq!(all.cell(1), "Muster");
    }

    #[test]
    fn an_emptied_list_of_rows_keeps_its_room() {
        let rows: Vec<Pending<'_>> = Vec::with_capacity(BATCH);
        let pointer = rows.as_ptr() as usize;
        let room = emptied(rows);
        assert!(room.is_empty());
        assert_eq!(room.capacity(), BATCH);
        assert_eq!(room.as_ptr() as usize, pointer);
    }

    #[test]
    fn batches_come_back_in_file_order_with_every_row() {
        let dir = tempfile::tempdir().unwrap();
        let (mut source, map) = open(&dir);
        let rules = rules();
        let mut rows = Vec::new();
        let mut last = 0;
        for_each_checked(&mut source, &checker(&map, &rules), |batch| {
            assert!(batch.last_row > last, "batches out of order");
            last = batch.last_row;
            batch.with_rows(|b| rows.extend(b.iter().map(|p| p.row)));
            Ok(())
        })
        .unwrap();
        // Spreadsheet rows: header 1, blank rows skipped but counted.
        let expected: Vec<u64> = (0..10_000u64).map(|i| i + 2 + (i + 1) / 1000).collect();
        assert_eq!(rows, expected);
        assert_eq!(last, 10_011);
    }

    #[test]
    fn an_error_of_the_caller_stops_every_thread() {
        let dir = tempfile::tempdir().unwrap();
        let (mut source, map) = open(&dir);
        let rules = rules();
        let mut calls = 0;
        let result = for_each_checked(&mut source, &checker(&map, &rules), |batch| {
            calls += 1;
            Err(ImportError::Cancelled {
                last_row: batch.last_row,
            })
        });
        // Returns (the threads were joined) with the caller's error, at once.
        assert!(matches!(result, Err(ImportError::Cancelled { .. })));
        assert_eq!(calls, 1);
    }
}

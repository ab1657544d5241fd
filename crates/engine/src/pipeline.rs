//! Reading and checking run beside the writer, on as many threads as the
//! machine has cores.
//!
//! Helper threads (one less than the cores, at most 3) each read the file's
//! next batch of rows (`Rows`: their text in one buffer), in turn, and
//! check it, the drafts borrowing the batch's text. The calling thread
//! writes: it takes the checked batches in file order, matches and writes
//! them, and when the next one is not checked yet, it reads and checks a
//! batch itself rather than wait. One thread a core, each always with
//! something to do: a thread of its own for reading, and the writer asleep
//! while it waited, left the cores idle a sixth of the time, waking each
//! other up.
//!
//! Matching stays on one thread, in row order, so that "the first row of an
//! email wins" means what it says. At most [`CHECKED_AHEAD`] checked
//! batches wait for the writer, and one more a thread is being checked,
//! whatever the file's size; a written batch goes back to be read into
//! again.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Condvar, Mutex};

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
    /// batch's, given back: a batch's rows are half a megabyte, which would
    /// otherwise be asked of the system, and faulted in, again and again).
    room: Vec<Pending<'static>>,
    last_row: u64,
    progress: f64,
    end: bool,
    error: Option<SourceError>,
}

/// The file, read a batch at a time by whichever thread comes for one.
struct Reading<'s> {
    source: &'s mut Source,
    /// The next batch's number (file order).
    seq: u64,
    /// The file ended, or reading stopped at an error: nothing more to read.
    ended: bool,
    /// Written batches, given back by the calling thread.
    spent: Receiver<CheckedBatch>,
    /// Their records and lists of rows, to read and check into again.
    spare: Vec<(Rows, Vec<Pending<'static>>)>,
}

impl Reading<'_> {
    /// Reads the next batch; `None` once the file ended.
    fn next(&mut self) -> Option<Work> {
        if self.ended {
            return None;
        }
        // A written batch's rows were freed by the writer: its text is read
        // into again, its list of rows used again.
        self.spare.extend(self.spent.try_iter().map(|mut b| {
            let room = b
                .rows
                .with_dependent_mut(|_, rows| emptied(std::mem::take(rows)));
            (b.rows.into_owner(), room)
        }));
        let (mut records, room) = self.spare.pop().unwrap_or_default();
        let read = self.source.read_rows(&mut records, BATCH);
        let seq = self.seq;
        self.seq += 1;
        self.ended = read.end;
        Some(Work {
            seq,
            records,
            room,
            last_row: read.last_row,
            progress: self.source.progress(),
            end: read.end,
            error: read.error,
        })
    }
}

/// Batches checked and not written yet, by number, and how many helpers
/// still work; the calling thread waits on it for the next batch, helpers
/// for room.
struct Checked {
    batches: BTreeMap<u64, CheckedBatch>,
    helpers: usize,
}

/// How many checked batches may wait for the writer before the threads
/// stop reading more (a helper that found room just before may add its
/// own): a few megabytes in flight, whatever the file's size.
const CHECKED_AHEAD: usize = 4;

/// What the threads share.
struct Shared<'s> {
    reading: Mutex<Reading<'s>>,
    checked: Mutex<Checked>,
    /// Signalled when a batch is checked or taken by the writer, when a
    /// helper ends, and when the calling thread is done.
    changed: Condvar,
    /// Set when the calling thread is done, whichever way (an error, a
    /// cancel, a panic; see [`StopOnDrop`]), or a thread failed: the
    /// others stop at their next batch.
    stop: AtomicBool,
}

/// Stops the helpers when the calling thread is done with the batches,
/// whichever way: returned, failed to start a helper, or unwinding from a
/// panic in the writer. The flag is set under the lock the waiters check
/// it under, so none of them misses it and sleeps on.
struct StopOnDrop<'a, 's>(&'a Shared<'s>);

impl Drop for StopOnDrop<'_, '_> {
    fn drop(&mut self) {
        let held = self
            .0
            .checked
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        self.0.stop.store(true, Ordering::Relaxed);
        drop(held);
        self.0.changed.notify_all();
    }
}

impl Shared<'_> {
    /// Reads the next batch, if the file has more; `Err` when reading
    /// panicked here (a library choking on a malformed workbook): reading
    /// ends and `stop` is set, which stops the other threads.
    fn read(&self) -> Result<Option<Work>, ImportError> {
        let mut reading = self.reading.lock().map_err(|_| ImportError::Stopped)?;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| reading.next())).map_err(|_| {
            reading.ended = true;
            self.stop.store(true, Ordering::Relaxed);
            ImportError::Stopped
        })
    }

    /// Hands a checked batch to the writer.
    fn checked(&self, batch: CheckedBatch) -> Result<(), ImportError> {
        let mut checked = self.checked.lock().map_err(|_| ImportError::Stopped)?;
        checked.batches.insert(batch.seq, batch);
        self.changed.notify_all();
        Ok(())
    }
}

/// Reads `source`, checks every row, and hands each batch to `each` on the
/// calling thread, in file order. Stops at the first error `each` returns
/// (the helpers then stop too). A batch `each` is done with goes back to
/// be read into again: the calling thread is the one that writes.
pub(crate) fn for_each_checked<F>(
    source: &mut Source,
    checker: &Checker<'_>,
    mut each: F,
) -> Result<(), ImportError>
where
    F: FnMut(&mut CheckedBatch) -> Result<(), ImportError>,
{
    let helpers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .saturating_sub(1)
        .min(3);
    with_helpers(source, checker, helpers, &mut each)
}

/// [`for_each_checked`] with this many helper threads (none: the calling
/// thread reads and checks every batch itself).
fn with_helpers<F>(
    source: &mut Source,
    checker: &Checker<'_>,
    helpers: usize,
    each: &mut F,
) -> Result<(), ImportError>
where
    F: FnMut(&mut CheckedBatch) -> Result<(), ImportError>,
{
    let (spent_tx, spent_rx) = channel::<CheckedBatch>();
    let shared = Shared {
        reading: Mutex::new(Reading {
            source,
            seq: 0,
            ended: false,
            spent: spent_rx,
            spare: Vec::new(),
        }),
        checked: Mutex::new(Checked {
            batches: BTreeMap::new(),
            helpers,
        }),
        changed: Condvar::new(),
        stop: AtomicBool::new(false),
    };
    let shared = &shared;
    std::thread::scope(|scope| {
        // Before the first helper starts: however this closure ends, they
        // are told to stop before the scope waits for them.
        let _stop = StopOnDrop(shared);
        for _ in 0..helpers {
            std::thread::Builder::new()
                .name("intake-checker".into())
                .spawn_scoped(scope, move || {
                    stop_on_panic(&shared.stop, || help(checker, shared));
                    // Whether it ended or failed, the writer must know.
                    if let Ok(mut checked) = shared.checked.lock() {
                        checked.helpers -= 1;
                    }
                    shared.changed.notify_all();
                })
                .map_err(ImportError::Thread)?;
        }
        write_in_order(checker, shared, &spent_tx, each)
    })
}

/// The calling thread's part: writes the checked batches in file order,
/// and reads and checks one itself when the next is not checked yet.
fn write_in_order<F>(
    checker: &Checker<'_>,
    shared: &Shared<'_>,
    spent: &Sender<CheckedBatch>,
    each: &mut F,
) -> Result<(), ImportError>
where
    F: FnMut(&mut CheckedBatch) -> Result<(), ImportError>,
{
    let mut next = 0u64;
    let mut key_text = String::new();
    loop {
        // The next batch when it is checked; `None`: check one meanwhile.
        let ready = {
            let mut checked = shared.checked.lock().map_err(|_| ImportError::Stopped)?;
            loop {
                if shared.stop.load(Ordering::Relaxed) {
                    return Err(ImportError::Stopped);
                }
                if let Some(batch) = checked.batches.remove(&next) {
                    // A helper may be waiting for room.
                    shared.changed.notify_all();
                    break Some(batch);
                }
                if checked.batches.len() < CHECKED_AHEAD {
                    break None;
                }
                // Enough batches wait, all after the next: a helper read
                // the next and checks it. Wait for it rather than read on.
                if checked.helpers == 0 {
                    return Err(ImportError::Stopped);
                }
                checked = shared
                    .changed
                    .wait(checked)
                    .map_err(|_| ImportError::Stopped)?;
            }
        };
        if let Some(mut batch) = ready {
            next += 1;
            let end = batch.end;
            each(&mut batch)?;
            // Freed here, while the rows are still in this core's cache
            // (the next to read into them would read them all again).
            batch.rows.with_dependent_mut(|_, rows| rows.clear());
            if end {
                return Ok(());
            }
            let _ = spent.send(batch);
            continue;
        }
        // The next batch is not checked yet: check one meanwhile.
        if let Some(work) = shared.read()? {
            // A bug in a check stops the import, as on a helper.
            let batch = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check(checker, work, &mut key_text)
            }))
            .map_err(|_| ImportError::Stopped)?;
            shared.checked(batch)?;
            continue;
        }
        // Every batch is read: wait for a helper to finish the next.
        let checked = shared.checked.lock().map_err(|_| ImportError::Stopped)?;
        let checked = shared
            .changed
            .wait_while(checked, |c| {
                !c.batches.contains_key(&next)
                    && c.helpers > 0
                    && !shared.stop.load(Ordering::Relaxed)
            })
            .map_err(|_| ImportError::Stopped)?;
        if !checked.batches.contains_key(&next) {
            // The file did not end and nobody said why: a thread failed.
            return Err(ImportError::Stopped);
        }
    }
}

/// A helper's part: reads and checks batches until the file ends, waiting
/// while enough checked batches wait for the writer.
fn help(checker: &Checker<'_>, shared: &Shared<'_>) {
    let mut key_text = String::new();
    loop {
        let Ok(checked) = shared.checked.lock() else {
            return;
        };
        let waited = shared.changed.wait_while(checked, |c| {
            c.batches.len() >= CHECKED_AHEAD && !shared.stop.load(Ordering::Relaxed)
        });
        drop(waited);
        if shared.stop.load(Ordering::Relaxed) {
            return;
        }
        let Ok(Some(work)) = shared.read() else {
            return;
        };
        let batch = check(checker, work, &mut key_text);
        if shared.checked(batch).is_err() {
            return;
        }
    }
}

/// Runs a thread's work; if it panics (a library choking on a malformed
/// workbook, a bug in a check), the other threads stop too and the import
/// ends with an error instead of a crash or a file read for nothing.
fn stop_on_panic(stop: &AtomicBool, work: impl FnOnce()) {
    if std::panic::catch_unwind(std::panic::AssertUnwindSafe(work)).is_err() {
        stop.store(true, Ordering::Relaxed);
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

    fn text_len(&self) -> usize {
        self.row.text().len()
    }

    #[inline]
    fn len_of(&self, position: usize) -> usize {
        self.row.len_of(position)
    }

    fn may_have_control(&self) -> bool {
        // The reader saw most rows have none as it split them.
        self.row.may_have_control() && intake_core::check::has_control(self.row.text())
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

/// Checks the rows of a batch read.
fn check(checker: &Checker<'_>, work: Work, key_text: &mut String) -> CheckedBatch {
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
                .map(|e| KeyHash::of(e.key_in(key_text)));
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
    CheckedBatch {
        seq: work.seq,
        rows,
        replayed,
        last_row: work.last_row,
        progress: work.progress,
        end: work.end,
        error: work.error,
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
        // None: the calling thread reads and checks alone (one core).
        for helpers in [0, 1, 3] {
            let dir = tempfile::tempdir().unwrap();
            let (mut source, map) = open(&dir);
            let rules = rules();
            let mut rows = Vec::new();
            let mut last = 0;
            let mut emails = 0;
            with_helpers(&mut source, &checker(&map, &rules), helpers, &mut |batch| {
                assert!(batch.last_row > last, "batches out of order");
                last = batch.last_row;
                batch.with_rows(|b| {
                    rows.extend(b.iter().map(|p| p.row));
                    emails += b.iter().filter(|p| p.key.is_some()).count();
                });
                Ok(())
            })
            .unwrap();
            // Spreadsheet rows: header 1, blank rows skipped but counted.
            let expected: Vec<u64> = (0..10_000u64).map(|i| i + 2 + (i + 1) / 1000).collect();
            assert_eq!(rows, expected, "{helpers} helpers");
            assert_eq!(last, 10_011, "{helpers} helpers");
            assert_eq!(emails, 10_000, "{helpers} helpers");
        }
    }

    #[test]
    fn a_panic_of_the_caller_stops_every_thread_too() {
        for helpers in [1, 3] {
            let (done_tx, done_rx) = std::sync::mpsc::channel();
            std::thread::spawn(move || {
                let dir = tempfile::tempdir().unwrap();
                let (mut source, map) = open(&dir);
                let rules = rules();
                let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    with_helpers(&mut source, &checker(&map, &rules), helpers, &mut |_| {
                        // Time for the helpers to fill their room and wait.
                        std::thread::sleep(std::time::Duration::from_millis(100));
                        panic!("a bug in the writer");
                    })
                }));
                let _ = done_tx.send(result.is_err());
            });
            // The panic goes on up once the helpers are stopped and joined;
            // helpers left waiting for room would hang here.
            let panicked = done_rx.recv_timeout(std::time::Duration::from_secs(30));
            assert_eq!(panicked, Ok(true), "{helpers} helpers");
        }
    }

    #[test]
    fn an_error_of_the_caller_stops_every_thread() {
        for helpers in [0, 1, 3] {
            let dir = tempfile::tempdir().unwrap();
            let (mut source, map) = open(&dir);
            let rules = rules();
            let mut calls = 0;
            let result = with_helpers(&mut source, &checker(&map, &rules), helpers, &mut |batch| {
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
}

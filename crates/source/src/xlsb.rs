//! `.xlsb` workbooks, streamed: calamine's cell reader walks the first
//! sheet's records one cell at a time, on a thread of its own (the reader
//! borrows the workbook it reads), and rows come out as they end.
//!
//! Memory is what a row and the shared strings take (both bounded, the
//! strings by [`crate::precheck`]), whatever the sheet's size; the limits
//! are those of a streamed `.xlsx`: Excel's rows, [`MAX_COLUMNS`],
//! [`MAX_CELL_CHARS`], [`MAX_ROW_BYTES`] and [`MAX_WORKBOOK_CELLS`].

use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};

use calamine::{Data, DataRef, Reader, Xlsb, open_workbook};

use crate::sheet_rows::cell_text;
use crate::xlsx::column_name;
use crate::{
    MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROW_BYTES, MAX_WORKBOOK_CELLS, MAX_WORKBOOK_ROWS, Record,
    SourceError, WorkbookLimit,
};

/// What the reading thread sends.
enum Sent {
    Sheet { name: String, height: u64 },
    Row(Record),
    Failed(SourceError),
}

/// The first sheet of an `.xlsb` workbook, row by row.
pub(crate) struct XlsbRows {
    path: PathBuf,
    rows: Receiver<Sent>,
    height: u64,
    read: u64,
    done: bool,
}

/// Rows waiting between the reading thread and their reader.
const QUEUE: usize = 256;

impl XlsbRows {
    /// Opens the workbook and its first sheet.
    pub(crate) fn open(path: &Path) -> Result<(XlsbRows, String), SourceError> {
        let (to, rows) = sync_channel(QUEUE);
        let owned = path.to_path_buf();
        std::thread::Builder::new()
            .name("xlsb-reader".into())
            .spawn(move || {
                // calamine reads a file precheck.rs let through; a panic of
                // its own on a damaged record is a damaged file.
                let read = std::panic::catch_unwind(AssertUnwindSafe(|| stream(&owned, &to)));
                if read.is_err() {
                    let _ = to.send(Sent::Failed(damaged(
                        &owned,
                        "the workbook reader stopped on a damaged part".into(),
                    )));
                }
            })
            .map_err(|e| damaged(path, format!("its reader could not start: {e}")))?;
        let mut sheet = XlsbRows {
            path: path.to_path_buf(),
            rows,
            height: 0,
            read: 0,
            done: false,
        };
        match sheet.rows.recv() {
            Ok(Sent::Sheet { name, height }) => {
                sheet.height = height;
                Ok((sheet, name))
            }
            Ok(Sent::Failed(e)) => Err(e),
            Ok(Sent::Row(_)) | Err(_) => Err(sheet.stopped()),
        }
    }

    /// Reads the next row into `out`; `false` after the last.
    pub(crate) fn next(&mut self, out: &mut Record) -> Result<bool, SourceError> {
        if self.done {
            return Ok(false);
        }
        match self.rows.recv() {
            Ok(Sent::Row(row)) => {
                *out = row;
                self.read += 1;
                Ok(true)
            }
            Ok(Sent::Failed(e)) => {
                self.done = true;
                Err(e)
            }
            Ok(Sent::Sheet { .. }) => {
                self.done = true;
                Err(self.stopped())
            }
            // The thread ends its sending after the last row.
            Err(_) => {
                self.done = true;
                Ok(false)
            }
        }
    }

    /// How far the reading is, by the rows the sheet declares.
    pub(crate) fn progress(&self) -> f64 {
        if self.height == 0 {
            1.0
        } else {
            (self.read as f64 / self.height as f64).min(1.0)
        }
    }

    /// How many rows the sheet declares (for progress only: a file may lie).
    pub(crate) fn height(&self) -> u64 {
        self.height
    }

    fn stopped(&self) -> SourceError {
        damaged(&self.path, "the workbook reader stopped".into())
    }
}

fn damaged(path: &Path, message: String) -> SourceError {
    SourceError::Workbook {
        path: path.to_path_buf(),
        message,
    }
}

/// The reading thread: sends the sheet, then its rows, then ends (or sends
/// why it stopped). Stops quietly when nobody reads any more.
fn stream(path: &Path, to: &SyncSender<Sent>) {
    let failed = |e: SourceError| {
        let _ = to.send(Sent::Failed(e));
    };
    let mut book: Xlsb<_> = match open_workbook(path) {
        Ok(book) => book,
        Err(e) => return failed(damaged(path, e.to_string())),
    };
    let Some(name) = book.sheet_names().first().cloned() else {
        return failed(SourceError::Empty {
            path: path.to_path_buf(),
        });
    };
    let mut cells = match book.worksheet_cells_reader(&name) {
        Ok(cells) => cells,
        Err(e) => return failed(damaged(path, e.to_string())),
    };
    let dimensions = cells.dimensions();
    let height = u64::from(dimensions.end.0.saturating_sub(dimensions.start.0)) + 1;
    let height = height.min(MAX_WORKBOOK_ROWS);
    if to.send(Sent::Sheet { name, height }).is_err() {
        return;
    }
    let mut row = RowBeingRead::default();
    loop {
        let cell = match cells.next_cell() {
            Ok(Some(cell)) => cell,
            Ok(None) => break,
            Err(e) => return failed(damaged(path, e.to_string())),
        };
        let (r, c) = cell.get_position();
        // Text cells (most) are read where calamine keeps them; only the
        // others (numbers, dates) are made into text.
        let made;
        let text = match cell.get_value() {
            DataRef::SharedString(s) => *s,
            DataRef::String(s) => s.as_str(),
            other => {
                made = cell_text(&Data::from(other.clone()));
                made.as_str()
            }
        };
        match row.add(path, u64::from(r) + 1, c, text) {
            Ok(None) => {}
            Ok(Some(ended)) => {
                if to.send(Sent::Row(ended)).is_err() {
                    return;
                }
            }
            Err(e) => return failed(e),
        }
    }
    if let Some(last) = row.current.take() {
        let _ = to.send(Sent::Row(last));
    }
}

/// The row whose cells are arriving, and what the sheet has used so far.
#[derive(Default)]
struct RowBeingRead {
    current: Option<Record>,
    bytes: usize,
    cells: u64,
}

impl RowBeingRead {
    /// Adds the text of the cell at `row` (1-based), `col` (0-based);
    /// returns the row before when this cell starts another.
    fn add(
        &mut self,
        path: &Path,
        row: u64,
        col: u32,
        text: &str,
    ) -> Result<Option<Record>, SourceError> {
        let over = |limit| SourceError::WorkbookTooLarge {
            path: path.to_path_buf(),
            limit,
        };
        if text.is_empty() {
            return Ok(None);
        }
        if row > MAX_WORKBOOK_ROWS {
            return Err(over(WorkbookLimit::Rows {
                limit: MAX_WORKBOOK_ROWS,
            }));
        }
        let mut ended = None;
        match &self.current {
            Some(current) if current.row == row => {}
            Some(current) if current.row > row => {
                return Err(damaged(
                    path,
                    format!("row {row} comes after row {}", current.row),
                ));
            }
            _ => {
                ended = self.current.replace(Record {
                    row,
                    ..Record::default()
                });
                self.bytes = 0;
            }
        }
        let Some(out) = self.current.as_mut() else {
            return Ok(ended);
        };
        if col as usize >= MAX_COLUMNS {
            return Err(over(WorkbookLimit::Column {
                row,
                column: column_name(col),
            }));
        }
        if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
            return Err(over(WorkbookLimit::CellLength {
                row,
                column: column_name(col),
            }));
        }
        let position = col as usize;
        if position < out.len() {
            return Err(damaged(
                path,
                format!(
                    "row {row}: cell {}{row} comes after a cell to its right",
                    column_name(col)
                ),
            ));
        }
        self.bytes += text.len();
        if self.bytes > MAX_ROW_BYTES {
            return Err(SourceError::RowTooLong {
                path: path.to_path_buf(),
                row,
                limit: MAX_ROW_BYTES,
            });
        }
        self.cells += (position + 1 - out.len()) as u64;
        if self.cells > MAX_WORKBOOK_CELLS {
            return Err(over(WorkbookLimit::Cells {
                limit: MAX_WORKBOOK_CELLS,
                whole: false,
            }));
        }
        while out.len() < position {
            out.push("");
        }
        out.push(text);
        Ok(ended)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(cells: &[(u64, u32, &str)]) -> Result<Vec<Record>, SourceError> {
        let path = Path::new("t.xlsb");
        let mut row = RowBeingRead::default();
        let mut out = Vec::new();
        for &(r, c, text) in cells {
            out.extend(row.add(path, r, c, text)?);
        }
        out.extend(row.current.take());
        Ok(out)
    }

    #[test]
    fn cells_make_rows_with_their_gaps() {
        let got = rows(&[(1, 0, "email"), (1, 2, "x"), (4, 1, "b"), (4, 3, "")]).unwrap();
        assert_eq!(
            got,
            vec![
                Record::from_cells(1, ["email", "", "x"]),
                Record::from_cells(4, ["", "b"]),
            ]
        );
    }

    #[test]
    fn rows_and_cells_out_of_place_or_past_limits_are_refused() {
        assert!(matches!(
            rows(&[(3, 0, "a"), (2, 0, "b")]),
            Err(SourceError::Workbook { .. })
        ));
        assert!(matches!(
            rows(&[(1, 1, "a"), (1, 0, "b")]),
            Err(SourceError::Workbook { .. })
        ));
        assert!(matches!(
            rows(&[(MAX_WORKBOOK_ROWS + 1, 0, "a")]),
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Rows { .. },
                ..
            })
        ));
        match rows(&[(7, 16_383, "a")]) {
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Column { row, column },
                ..
            }) => assert_eq!((row, column.as_str()), (7, "XFD")),
            other => panic!("{other:?}"),
        }
        let long = "é".repeat(MAX_CELL_CHARS + 1);
        assert!(matches!(
            rows(&[(2, 0, &long)]),
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::CellLength { row: 2, .. },
                ..
            })
        ));
        let wide = "a".repeat(30_000);
        let cells: Vec<(u64, u32, &str)> = (0..40).map(|c| (5, c, wide.as_str())).collect();
        assert!(matches!(
            rows(&cells),
            Err(SourceError::RowTooLong { row: 5, .. })
        ));
    }
}

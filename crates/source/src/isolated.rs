//! A workbook calamine reads (`.xls`, `.ods` whole, `.xlsb` streamed),
//! read in a process of its own behind a memory and a time limit, its
//! rows sent back one by one through a pipe.
//!
//! The checks made before (`precheck.rs`) refuse what they know calamine would
//! make too much of; they are a model of another library's insides, and a
//! model misses things. Here the limit is the system's: the reading process
//! may use [`CHILD_MEMORY`] bytes and [`CHILD_CPU`] of processor time, and
//! a workbook it dies on is refused with a word. A server reading a
//! hostile upload loses a child, never itself.
//!
//! The program that hosts the reading process is said once, at start, by
//! [`read_whole_workbooks_with`] (`intake` names itself); without it (the
//! library's own tests) workbooks are read in this process.

use std::ffi::OsString;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::OnceLock;

use crate::sheet_rows::LocalSheet;
use crate::{
    Format, MAX_CELL_CHARS, MAX_ROW_BYTES, MAX_WORKBOOK_CELLS, MAX_WORKBOOK_ROWS, Record,
    SourceError, WorkbookLimit,
};

/// The address space the reading process may use. A sheet of a million
/// short cells (the most a workbook read whole may have) took 155 MiB
/// (resident); long texts take more.
pub const CHILD_MEMORY: u64 = 512 << 20;

/// The processor time the reading process may use, in seconds.
pub const CHILD_CPU: u64 = 300;

/// The program and arguments that read a workbook whole in a process of
/// its own (followed by the format and the path).
static PROGRAM: OnceLock<(PathBuf, Vec<OsString>)> = OnceLock::new();

/// Says which program reads workbooks whole from now on: `program` run
/// with `args`, then `xls`, `xlsb` or `ods`, then the file's path, must
/// call [`write_whole_sheet`]. Said once; later calls change nothing.
pub fn read_whole_workbooks_with(program: PathBuf, args: Vec<OsString>) {
    let _ = PROGRAM.set((program, args));
}

const MAGIC: &[u8; 4] = b"IW1\n";
const SHEET: u8 = b'S';
const ROW: u8 = b'R';
const END: u8 = b'Z';
const FAILED: u8 = b'E';
const EMPTY: u8 = b'M';
/// A limit met while streaming, said by its kind so that the parent names
/// it as it would have itself: then one of the bytes below.
const LIMIT: u8 = b'L';
const LIMIT_ROWS: u8 = b'r';
const LIMIT_CELLS: u8 = b'c';
const LIMIT_COLUMN: u8 = b'k';
const LIMIT_CELL_LENGTH: u8 = b'l';
const LIMIT_ROW_BYTES: u8 = b't';

/// The child's side: limits this process, reads the first sheet of the
/// workbook at `path` and writes it to `out`, row by row. A failure to
/// read is written too (the parent says it); only a failure to write
/// (the parent gone) is returned.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_whole_sheet(path: &Path, format: Format, out: impl Write) -> std::io::Result<()> {
    limit_this_process();
    let mut out = BufWriter::new(out);
    out.write_all(MAGIC)?;
    match LocalSheet::open(path, format) {
        Ok((mut sheet, name)) => {
            out.write_all(&[SHEET])?;
            put_text(&mut out, &name)?;
            out.write_all(&sheet.height().to_le_bytes())?;
            let mut record = Record::default();
            loop {
                match sheet.next(&mut record) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        put_failure(&mut out, &e)?;
                        return out.flush();
                    }
                }
                out.write_all(&[ROW])?;
                out.write_all(&record.row.to_le_bytes())?;
                out.write_all(&(record.len() as u32).to_le_bytes())?;
                for cell in record.iter() {
                    put_text(&mut out, cell)?;
                }
            }
            out.write_all(&[END])?;
        }
        Err(SourceError::Empty { .. }) => out.write_all(&[EMPTY])?,
        Err(e) => put_failure(&mut out, &e)?,
    }
    out.flush()
}

/// Says why the reading stopped: a limit by its kind, anything else by
/// its words.
fn put_failure(out: &mut impl Write, e: &SourceError) -> std::io::Result<()> {
    let with_place = |out: &mut dyn Write, kind: u8, row: u64, column: &str| {
        out.write_all(&[LIMIT, kind])?;
        out.write_all(&row.to_le_bytes())?;
        out.write_all(&(column.len() as u32).to_le_bytes())?;
        out.write_all(column.as_bytes())
    };
    match e {
        SourceError::WorkbookTooLarge { limit, .. } => match limit {
            WorkbookLimit::Rows { .. } => out.write_all(&[LIMIT, LIMIT_ROWS]),
            WorkbookLimit::Cells { whole: false, .. } => out.write_all(&[LIMIT, LIMIT_CELLS]),
            WorkbookLimit::Column { row, column } => with_place(out, LIMIT_COLUMN, *row, column),
            WorkbookLimit::CellLength { row, column } => {
                with_place(out, LIMIT_CELL_LENGTH, *row, column)
            }
            _ => {
                out.write_all(&[FAILED])?;
                put_text(out, &reason(e))
            }
        },
        SourceError::RowTooLong { row, .. } => with_place(out, LIMIT_ROW_BYTES, *row, ""),
        _ => {
            out.write_all(&[FAILED])?;
            put_text(out, &reason(e))
        }
    }
}

/// What the parent says of a failure (the path is its own to name).
fn reason(e: &SourceError) -> String {
    match e {
        SourceError::Workbook { message, .. } => message.clone(),
        other => other.to_string(),
    }
}

#[cfg(unix)]
#[allow(unsafe_code)]
fn limit_this_process() {
    let limit = |resource, value: u64| {
        let value = value as libc::rlim_t;
        let limit = libc::rlimit {
            rlim_cur: value,
            rlim_max: value,
        };
        // SAFETY: setrlimit reads the struct it is given; a failure leaves
        // the process as it was.
        unsafe {
            libc::setrlimit(resource, &limit);
        }
    };
    limit(libc::RLIMIT_AS, CHILD_MEMORY);
    limit(libc::RLIMIT_CPU, CHILD_CPU);
}

#[cfg(not(unix))]
fn limit_this_process() {}

fn put_text(out: &mut (impl Write + ?Sized), text: &str) -> std::io::Result<()> {
    out.write_all(&(text.len() as u32).to_le_bytes())?;
    out.write_all(text.as_bytes())
}

/// The parent's side: the rows of the first sheet, as the reading process
/// sends them.
pub(crate) struct ChildSheet {
    path: PathBuf,
    child: Child,
    from: BufReader<ChildStdout>,
    height: u64,
    read: u64,
    ended: bool,
}

impl ChildSheet {
    /// Starts the reading process, if a program was said; `None` to read
    /// in this process.
    pub(crate) fn open(
        path: &Path,
        format: Format,
    ) -> Option<Result<(ChildSheet, String), SourceError>> {
        let (program, args) = PROGRAM.get()?;
        let kind = match format {
            Format::Xls => "xls",
            Format::Xlsb => "xlsb",
            Format::Ods => "ods",
            Format::Csv | Format::Xlsx => return None,
        };
        Some(ChildSheet::start(path, program, args, kind))
    }

    fn start(
        path: &Path,
        program: &Path,
        args: &[OsString],
        kind: &str,
    ) -> Result<(ChildSheet, String), SourceError> {
        let mut child = Command::new(program)
            .args(args)
            .arg(kind)
            .arg(path)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            // What it says as it dies (an allocation that failed) is for
            // nobody: the error says it.
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| SourceError::Workbook {
                path: path.to_path_buf(),
                message: format!("its reader could not start: {e}"),
            })?;
        let Some(stdout) = child.stdout.take() else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(SourceError::Workbook {
                path: path.to_path_buf(),
                message: "its reader could not start".into(),
            });
        };
        let mut sheet = ChildSheet {
            path: path.to_path_buf(),
            child,
            from: BufReader::with_capacity(1 << 16, stdout),
            height: 0,
            read: 0,
            ended: false,
        };
        let mut magic = [0u8; 4];
        sheet.bytes(&mut magic)?;
        if &magic != MAGIC {
            return Err(sheet.died());
        }
        let name = match sheet.byte()? {
            SHEET => match sheet.text(1 << 16)? {
                Some(name) => name,
                None => return Err(sheet.died()),
            },
            FAILED => {
                let message = sheet.text(1 << 16)?.unwrap_or_default();
                sheet.ended = true;
                return Err(SourceError::Workbook {
                    path: path.to_path_buf(),
                    message,
                });
            }
            EMPTY => {
                sheet.ended = true;
                return Err(SourceError::Empty {
                    path: path.to_path_buf(),
                });
            }
            LIMIT => return Err(sheet.limit()),
            _ => return Err(sheet.died()),
        };
        let mut height = [0u8; 8];
        sheet.bytes(&mut height)?;
        sheet.height = u64::from_le_bytes(height);
        Ok((sheet, name))
    }

    /// Reads the next row into `out`; `false` after the last.
    pub(crate) fn next(&mut self, out: &mut Record) -> Result<bool, SourceError> {
        if self.ended {
            return Ok(false);
        }
        match self.byte()? {
            ROW => {}
            END => {
                self.ended = true;
                return Ok(false);
            }
            FAILED => {
                let message = self.text(1 << 16)?.unwrap_or_default();
                self.ended = true;
                return Err(SourceError::Workbook {
                    path: self.path.clone(),
                    message,
                });
            }
            LIMIT => return Err(self.limit()),
            _ => return Err(self.died()),
        }
        let mut row = [0u8; 8];
        self.bytes(&mut row)?;
        let mut cells = [0u8; 4];
        self.bytes(&mut cells)?;
        let cells = u32::from_le_bytes(cells) as usize;
        out.clear();
        out.row = u64::from_le_bytes(row);
        // No sheet is wider than Excel's 16,384 columns.
        if cells > 16_384 {
            return Err(self.died());
        }
        for column in 0..cells {
            // Excel's longest cell, in UTF-8's longest characters.
            let Some(text) = self.text(MAX_CELL_CHARS * 4)? else {
                return Err(SourceError::WorkbookTooLarge {
                    path: self.path.clone(),
                    limit: WorkbookLimit::CellLength {
                        row: out.row,
                        column: crate::xlsx::column_name(column as u32),
                    },
                });
            };
            out.push(&text);
        }
        self.read += 1;
        Ok(true)
    }

    pub(crate) fn progress(&self) -> f64 {
        if self.height == 0 {
            1.0
        } else {
            (self.read as f64 / self.height as f64).min(1.0)
        }
    }

    fn byte(&mut self) -> Result<u8, SourceError> {
        let mut b = [0u8; 1];
        self.bytes(&mut b)?;
        Ok(b[0])
    }

    fn bytes(&mut self, buf: &mut [u8]) -> Result<(), SourceError> {
        self.from.read_exact(buf).map_err(|_| self.died())
    }

    /// A text of at most `most` bytes; `None` when longer (what the
    /// caller says).
    fn text(&mut self, most: usize) -> Result<Option<String>, SourceError> {
        let mut len = [0u8; 4];
        self.bytes(&mut len)?;
        let len = u32::from_le_bytes(len) as usize;
        if len > most {
            return Ok(None);
        }
        let mut bytes = vec![0u8; len];
        self.bytes(&mut bytes)?;
        match String::from_utf8(bytes) {
            Ok(text) => Ok(Some(text)),
            Err(_) => Err(self.died()),
        }
    }

    /// The limit the reading process met (after [`LIMIT`]).
    fn limit(&mut self) -> SourceError {
        let kind = match self.byte() {
            Ok(kind) => kind,
            Err(e) => return e,
        };
        let mut place = || -> Result<(u64, String), SourceError> {
            let mut row = [0u8; 8];
            self.bytes(&mut row)?;
            let column = self.text(16)?.unwrap_or_default();
            Ok((u64::from_le_bytes(row), column))
        };
        let limit = match kind {
            LIMIT_ROWS => WorkbookLimit::Rows {
                limit: MAX_WORKBOOK_ROWS,
            },
            LIMIT_CELLS => WorkbookLimit::Cells {
                limit: MAX_WORKBOOK_CELLS,
                whole: false,
            },
            LIMIT_COLUMN | LIMIT_CELL_LENGTH | LIMIT_ROW_BYTES => {
                let (row, column) = match place() {
                    Ok(place) => place,
                    Err(e) => return e,
                };
                match kind {
                    LIMIT_COLUMN => WorkbookLimit::Column { row, column },
                    LIMIT_CELL_LENGTH => WorkbookLimit::CellLength { row, column },
                    _ => {
                        self.ended = true;
                        return SourceError::RowTooLong {
                            path: self.path.clone(),
                            row,
                            limit: MAX_ROW_BYTES,
                        };
                    }
                }
            }
            _ => return self.died(),
        };
        self.ended = true;
        SourceError::WorkbookTooLarge {
            path: self.path.clone(),
            limit,
        }
    }

    /// What the reading process's end says: over its limits (killed, or
    /// out of memory), or stopped.
    fn died(&mut self) -> SourceError {
        self.ended = true;
        let _ = self.child.kill();
        let _ = self.child.wait();
        SourceError::WorkbookTooLarge {
            path: self.path.clone(),
            limit: WorkbookLimit::Memory {
                limit: CHILD_MEMORY,
                seconds: CHILD_CPU,
            },
        }
    }
}

impl Drop for ChildSheet {
    fn drop(&mut self) {
        // Stopped early (an import cancelled): the reading process goes.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reading process played by `sh`, sending `bytes` (printf's
    /// escapes) then stopping.
    fn sent(bytes: &str) -> Result<Vec<Record>, SourceError> {
        let path = Path::new("played.ods");
        let args: Vec<OsString> = vec!["-c".into(), format!("printf '{bytes}'").into()];
        let (mut sheet, name) = ChildSheet::start(path, Path::new("sh"), &args, "ods")?;
        assert_eq!(name, "S1");
        let mut rows = Vec::new();
        let mut record = Record::default();
        while sheet.next(&mut record)? {
            rows.push(record.clone());
        }
        Ok(rows)
    }

    const HEAD: &str = "IW1\\nS\\002\\000\\000\\000S1\\001\\000\\000\\000\\000\\000\\000\\000";

    #[test]
    fn rows_come_back_as_sent() {
        let row = "R\\007\\000\\000\\000\\000\\000\\000\\000\\002\\000\\000\\000\\001\\000\\000\\000a\\000\\000\\000\\000";
        let rows = sent(&format!("{HEAD}{row}Z")).unwrap();
        assert_eq!(rows, vec![Record::from_cells(7, ["a", ""])]);
    }

    #[test]
    fn a_limit_met_while_streaming_comes_back_as_that_limit() {
        let column = "Lk\\011\\000\\000\\000\\000\\000\\000\\000\\003\\000\\000\\000XFD";
        match sent(&format!("{HEAD}{column}")) {
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Column { row, column },
                ..
            }) => assert_eq!((row, column.as_str()), (9, "XFD")),
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            sent(&format!("{HEAD}Lr")),
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Rows { .. },
                ..
            })
        ));
        let long = "Lt\\005\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000\\000";
        assert!(matches!(
            sent(&format!("{HEAD}{long}")),
            Err(SourceError::RowTooLong { row: 5, .. })
        ));
    }

    #[test]
    fn a_reader_that_stops_or_lies_is_a_workbook_refused() {
        // Gone half-way (killed at its memory limit).
        let half = "R\\007\\000\\000";
        assert!(matches!(
            sent(&format!("{HEAD}{half}")),
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Memory { .. },
                ..
            })
        ));
        // A cell of 4 GB is not read.
        let huge =
            "R\\007\\000\\000\\000\\000\\000\\000\\000\\001\\000\\000\\000\\377\\377\\377\\377";
        match sent(&format!("{HEAD}{huge}")) {
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::CellLength { row, column },
                ..
            }) => assert_eq!((row, column.as_str()), (7, "A")),
            other => panic!("{other:?}"),
        }
        // Its own word for what it could not read.
        let failed = "IW1\\nE\\004\\000\\000\\000oops";
        match sent(failed) {
            Err(SourceError::Workbook { message, .. }) => assert_eq!(message, "oops"),
            other => panic!("{other:?}"),
        }
    }
}

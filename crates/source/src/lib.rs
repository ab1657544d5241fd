//! Reads a contact file as rows of text cells, whatever Excel or another
//! system made of it: CSV in UTF-8 (with or without BOM), UTF-16 or
//! Windows-1252, separated by `;`, `,` or TAB; or the first sheet of an
//! `.xlsx`, `.xlsm`, `.xlsb`, `.xls` or `.ods` workbook.
//!
//! Rows are numbered as a spreadsheet numbers them: the header is row 1 and a
//! quoted value spanning two lines is still one row, so a person finds a
//! reported row in Excel at once. CSV is streamed row by row; a workbook is
//! held in memory (that is how its format is laid out).
#![deny(missing_docs)]

mod csv_rows;
mod sheet_rows;
mod sniff;

use std::fmt;
use std::path::{Path, PathBuf};

pub use sniff::sniff_delimiter;

/// What kind of file a source is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Delimited text.
    Csv,
    /// Office Open XML workbook (`.xlsx`, `.xlsm`).
    Xlsx,
    /// Binary Office Open XML workbook.
    Xlsb,
    /// Excel 97–2003 workbook.
    Xls,
    /// OpenDocument spreadsheet.
    Ods,
}

impl Format {
    /// `csv`, `xlsx`, `xlsb`, `xls` or `ods`.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
            Format::Xlsb => "xlsb",
            Format::Xls => "xls",
            Format::Ods => "ods",
        }
    }
}

/// The text encoding a CSV file was read in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextEncoding {
    /// UTF-8 without byte order mark.
    Utf8,
    /// UTF-8 with a byte order mark (what Excel's "CSV UTF-8" writes).
    Utf8Bom,
    /// UTF-16, little endian, with a byte order mark.
    Utf16Le,
    /// UTF-16, big endian, with a byte order mark.
    Utf16Be,
    /// Windows-1252: what Excel writes as "CSV" on Western European systems.
    /// Chosen whenever the file is not valid UTF-8 (every byte decodes).
    Windows1252,
}

impl TextEncoding {
    /// The name shown in logs and reports.
    pub fn label(self) -> &'static str {
        match self {
            TextEncoding::Utf8 => "UTF-8",
            TextEncoding::Utf8Bom => "UTF-8 (BOM)",
            TextEncoding::Utf16Le => "UTF-16LE",
            TextEncoding::Utf16Be => "UTF-16BE",
            TextEncoding::Windows1252 => "Windows-1252",
        }
    }
}

impl fmt::Display for TextEncoding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// What was learnt about a file while opening it.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    /// The kind of file.
    pub format: Format,
    /// For CSV: the encoding it was read in.
    pub encoding: Option<TextEncoding>,
    /// For CSV: the separator (`;`, `,` or TAB).
    pub separator: Option<u8>,
    /// For workbooks: the name of the sheet read (the first).
    pub sheet: Option<String>,
    /// Size of the file in bytes.
    pub size: u64,
}

/// One row of the file: its cells as text, untrimmed, kept in one buffer
/// (reading a row copies nothing and allocates nothing once the buffer is
/// large enough).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Record {
    /// The spreadsheet row number (header = 1).
    pub row: u64,
    cells: csv::StringRecord,
}

impl Record {
    /// A record of these cells (for tests and callers that build rows).
    pub fn from_cells<I, S>(row: u64, cells: I) -> Record
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut record = Record {
            row,
            cells: csv::StringRecord::new(),
        };
        for cell in cells {
            record.cells.push_field(cell.as_ref());
        }
        record
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.cells.len()
    }

    /// Whether the row has no cell at all.
    pub fn is_empty(&self) -> bool {
        self.cells.is_empty()
    }

    /// The cell at `position` (0-based), untrimmed.
    pub fn get(&self, position: usize) -> Option<&str> {
        self.cells.get(position)
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.cells.iter()
    }

    /// The cells as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.cells.iter().map(str::to_string).collect()
    }

    /// Whether every cell is empty or blank (Excel leaves such rows behind).
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }

    fn clear(&mut self) {
        self.cells.clear();
    }

    fn push(&mut self, cell: &str) {
        self.cells.push_field(cell);
    }
}

/// Why a file cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file cannot be opened or read from disk.
    #[error("cannot open {}: {source}", path.display())]
    Open {
        /// The file.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The file has no byte, or only blank rows.
    #[error("{} is empty", path.display())]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The file is neither text nor a workbook intake reads.
    #[error("{} is not a CSV file nor an Excel workbook", path.display())]
    UnsupportedFormat {
        /// The file.
        path: PathBuf,
    },
    /// The CSV parser failed at a row (an I/O error while reading).
    #[error("{}, row {row}: {message}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// The spreadsheet row where reading stopped.
        row: u64,
        /// What went wrong.
        message: String,
    },
    /// The workbook is damaged or protected.
    #[error("{}: the workbook cannot be read: {message}", path.display())]
    Workbook {
        /// The file.
        path: PathBuf,
        /// What the workbook reader said.
        message: String,
    },
}

enum Rows {
    Csv(csv_rows::CsvRows),
    Sheet(sheet_rows::SheetRows),
}

/// An open file: its header row and a cursor over the rows below it.
pub struct Source {
    info: SourceInfo,
    header: Record,
    rows: Rows,
}

impl Source {
    /// Opens a file, detects its kind (by content first, then extension),
    /// encoding and separator, and reads its header row.
    ///
    /// # Errors
    ///
    /// When the file cannot be read, is empty, or is not a format intake reads.
    pub fn open(path: &Path) -> Result<Source, SourceError> {
        let open_err = |source| SourceError::Open {
            path: path.to_path_buf(),
            source,
        };
        let meta = std::fs::metadata(path).map_err(open_err)?;
        if meta.is_dir() {
            return Err(open_err(std::io::Error::new(
                std::io::ErrorKind::IsADirectory,
                "it is a folder, not a file",
            )));
        }
        let size = meta.len();
        if size == 0 {
            return Err(SourceError::Empty {
                path: path.to_path_buf(),
            });
        }
        let format = sniff::format(path).map_err(open_err)?;
        let (info, mut rows) = match format {
            Some(Format::Csv) => {
                let (rows, encoding, separator) = csv_rows::CsvRows::open(path)?;
                let info = SourceInfo {
                    format: Format::Csv,
                    encoding: Some(encoding),
                    separator: Some(separator),
                    sheet: None,
                    size,
                };
                (info, Rows::Csv(rows))
            }
            Some(format) => {
                let (rows, sheet) = sheet_rows::SheetRows::open(path, format)?;
                let info = SourceInfo {
                    format,
                    encoding: None,
                    separator: None,
                    sheet: Some(sheet),
                    size,
                };
                (info, Rows::Sheet(rows))
            }
            None => {
                return Err(SourceError::UnsupportedFormat {
                    path: path.to_path_buf(),
                });
            }
        };
        let mut header = Record::default();
        loop {
            let more = match &mut rows {
                Rows::Csv(r) => r.next(&mut header)?,
                Rows::Sheet(r) => r.next(&mut header),
            };
            if !more {
                return Err(SourceError::Empty {
                    path: path.to_path_buf(),
                });
            }
            if !header.is_blank() {
                break;
            }
        }
        if matches!(rows, Rows::Sheet(_)) {
            fit_grid_row(&mut header, 0);
        }
        Ok(Source { info, header, rows })
    }

    /// What was learnt about the file.
    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    /// The header row (the first row that is not blank).
    pub fn header(&self) -> &Record {
        &self.header
    }

    /// Reads the next row into `record` (reusing its buffers); `false` at the
    /// end of the file. Blank rows are returned too: the caller decides.
    ///
    /// # Errors
    ///
    /// When the file cannot be read any further (an I/O error).
    pub fn next_record(&mut self, record: &mut Record) -> Result<bool, SourceError> {
        match &mut self.rows {
            Rows::Csv(r) => r.next(record),
            Rows::Sheet(r) => {
                let more = r.next(record);
                fit_grid_row(record, self.header.len());
                Ok(more)
            }
        }
    }

    /// How far reading has come, as a fraction of the file between 0 and 1.
    pub fn progress(&self) -> f64 {
        match &self.rows {
            Rows::Csv(r) => r.progress(self.info.size),
            Rows::Sheet(r) => r.progress(),
        }
    }
}

/// A sheet is a grid as wide as its widest row, so "how many cells" means "up
/// to the last one that holds something": drop empty cells past `width`, and
/// pad a shorter row with empty cells.
fn fit_grid_row(record: &mut Record, width: usize) {
    let mut len = record.len();
    while len > width && record.get(len - 1).is_some_and(|c| c.trim().is_empty()) {
        len -= 1;
    }
    record.cells.truncate(len);
    while record.len() < width {
        record.push("");
    }
}

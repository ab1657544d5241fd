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
// Unsafe only where the system is asked for limits (`isolated.rs`).
#![deny(unsafe_code)]

mod csv_rows;
pub mod isolated;
mod precheck;
mod sheet_rows;
mod sniff;
mod xlsb;
mod xlsx;
mod zipped;

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
    /// Chosen when the file's first 64 KiB are not valid UTF-8, or from the
    /// first record that is not (every byte decodes).
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

/// What was learnt about a file while opening and reading it.
#[derive(Clone, Debug)]
pub struct SourceInfo {
    /// The kind of file.
    pub format: Format,
    /// For CSV: the encoding it was read in (as decided so far: a file
    /// whose first 64 KiB are UTF-8 turns Windows-1252 at the first record
    /// that is not).
    pub encoding: Option<TextEncoding>,
    /// For a CSV file that had UTF-8 text and then a row that is not UTF-8:
    /// that row, from which the file was read as Windows-1252.
    pub windows_1252_from: Option<u64>,
    /// For CSV: the separator (`;`, `,` or TAB).
    pub separator: Option<u8>,
    /// For workbooks: the name of the sheet read (the first).
    pub sheet: Option<String>,
    /// Size of the file in bytes.
    pub size: u64,
}

/// About how many bytes of text and cell ends a batch of [`Rows`] holds
/// at most (it stops at the first row past it).
const MAX_BATCH_BYTES: usize = 4 << 20;

/// The byte between two cells of a row that was not a CSV line (see
/// [`Rows`]).
const GAP: char = '\t';

/// One row of the file: its cells as text, untrimmed, kept in one buffer
/// (reading a row allocates nothing once the buffers are large enough),
/// one byte apart as in [`Rows`]. Two records are equal when their rows
/// and cells are, whatever byte keeps their cells apart.
#[derive(Clone, Debug, Default)]
pub struct Record {
    /// The spreadsheet row number (header = 1).
    pub row: u64,
    /// Every cell's text, one after the other.
    text: String,
    /// Where each cell ends in `text`.
    ends: Vec<usize>,
}

impl PartialEq for Record {
    fn eq(&self, other: &Record) -> bool {
        self.row == other.row && self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Record {}

impl Record {
    /// A record of these cells (for tests and callers that build rows).
    pub fn from_cells<I, S>(row: u64, cells: I) -> Record
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut record = Record {
            row,
            ..Record::default()
        };
        for cell in cells {
            record.push(cell.as_ref());
        }
        record
    }

    /// The number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no cell at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell at `position` (0-based), untrimmed.
    pub fn get(&self, position: usize) -> Option<&str> {
        self.as_row().get(position)
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        self.as_row().iter()
    }

    /// The cells as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.as_row().to_vec()
    }

    /// The record seen as a row of a batch (the same cells).
    fn as_row(&self) -> Row<'_> {
        Row {
            row: self.row,
            text: &self.text,
            start: 0,
            ends: &self.ends,
            maybe_control: true,
        }
    }

    /// Whether every cell is empty or blank (Excel leaves such rows behind).
    pub fn is_blank(&self) -> bool {
        self.as_row().is_blank()
    }

    fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
    }

    fn push(&mut self, cell: &str) {
        if !self.ends.is_empty() {
            self.text.push(GAP);
        }
        self.text.push_str(cell);
        self.ends.push(self.text.len());
    }

    /// Keeps the first `len` cells.
    fn truncate(&mut self, len: usize) {
        if len < self.ends.len() {
            let end = if len == 0 { 0 } else { self.ends[len - 1] };
            self.ends.truncate(len);
            self.text.truncate(end);
        }
    }
}

/// Rows read together (see [`Source::read_rows`]): every cell's text one
/// after the other in one buffer, so that reading them allocates nothing
/// once the buffers have grown, and checking them reads memory in order.
///
/// A row's cells are one byte apart (a cell starts one byte after the one
/// before ends): a CSV line without quotes is copied as it is, its
/// separators between its cells, instead of being taken apart byte by
/// byte. The byte between is the file's separator, or a tab for a
/// workbook's cells; nothing reads it.
#[derive(Clone, Debug, Default)]
pub struct Rows {
    text: String,
    /// Where each cell ends in `text`, row after row.
    ends: Vec<usize>,
    /// Each row: its spreadsheet number, where it starts in `text`, where
    /// its cells start in `ends`, and whether it may hold a control
    /// character (`false`: it holds none, as the reader saw).
    rows: Vec<(u64, usize, usize, bool)>,
}

impl Rows {
    /// How many rows.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether there is none.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    /// The row at `index` (0-based, in file order).
    pub fn get(&self, index: usize) -> Option<Row<'_>> {
        let &(row, start, first, maybe_control) = self.rows.get(index)?;
        let last = match self.rows.get(index + 1) {
            Some(&(_, _, next, _)) => next,
            None => self.ends.len(),
        };
        Some(Row {
            row,
            text: &self.text,
            start,
            ends: self.ends.get(first..last).unwrap_or_default(),
            maybe_control,
        })
    }

    /// Every row, in file order.
    pub fn iter(&self) -> impl Iterator<Item = Row<'_>> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Forgets every row, keeping the buffers.
    pub fn clear(&mut self) {
        self.text.clear();
        self.ends.clear();
        self.rows.clear();
    }
}

/// One row of [`Rows`].
#[derive(Clone, Copy, Debug)]
pub struct Row<'a> {
    /// The spreadsheet row number (header = 1).
    pub row: u64,
    /// The batch's text.
    text: &'a str,
    /// Where this row starts in `text`.
    start: usize,
    /// Where each of its cells ends in `text`.
    ends: &'a [usize],
    /// Whether it may hold a control character (`false`: it holds none).
    maybe_control: bool,
}

impl<'a> Row<'a> {
    /// The number of cells.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether the row has no cell at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The cell at `position` (0-based), untrimmed.
    #[inline]
    pub fn get(&self, position: usize) -> Option<&'a str> {
        let end = *self.ends.get(position)?;
        let start = match position.checked_sub(1) {
            None => self.start,
            // One byte apart (see `Rows`).
            Some(p) => *self.ends.get(p)? + 1,
        };
        self.text.get(start..end)
    }

    /// The length in bytes of the cell at `position` (0 past the row's
    /// end), without cutting it out.
    #[inline]
    pub fn len_of(&self, position: usize) -> usize {
        let Some(&end) = self.ends.get(position) else {
            return 0;
        };
        let start = match position.checked_sub(1) {
            None => self.start,
            Some(p) => self.ends.get(p).map_or(end, |e| e + 1),
        };
        end.saturating_sub(start)
    }

    /// Every cell, in order.
    pub fn iter(&self) -> impl Iterator<Item = &'a str> + use<'a> {
        let (text, mut start) = (self.text, self.start);
        self.ends.iter().map(move |&end| {
            let cell = text.get(start..end).unwrap_or("");
            start = end + 1;
            cell
        })
    }

    /// Whether every cell is empty or blank.
    pub fn is_blank(&self) -> bool {
        self.iter().all(|cell| cell.trim().is_empty())
    }

    /// The cells as owned strings.
    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_string).collect()
    }

    /// Whether a cell of the row may hold a control character (a byte
    /// below 0x20 but tab and line breaks, DEL, a C1 control): `false` when
    /// the reader saw that none does.
    pub fn may_have_control(&self) -> bool {
        self.maybe_control
    }

    /// The row's text: its cells, one byte apart (the file's separator,
    /// or a tab between a workbook's cells).
    pub fn text(&self) -> &'a str {
        let end = self.ends.last().copied().unwrap_or(self.start);
        self.text.get(self.start..end).unwrap_or_default()
    }
}

/// What [`Source::read_rows`] read.
#[derive(Debug)]
pub struct ReadRows {
    /// The last spreadsheet row read (blank rows included).
    pub last_row: u64,
    /// The file ended (or reading stopped at an error).
    pub end: bool,
    /// Why reading stopped before the end: the rows before it were read.
    pub error: Option<SourceError>,
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
    /// A value opens with a quote that is not closed before the end of the
    /// file, or that is still open [`MAX_QUOTED_LINES`] lines further: every
    /// line after it would be read as part of one cell.
    #[error("{}, row {row}: a quote opens a value that is never closed", path.display())]
    UnclosedQuote {
        /// The file.
        path: PathBuf,
        /// The spreadsheet row where the quote opens.
        row: u64,
        /// `None`: the file ended inside the value; else the lines it had
        /// run over when reading stopped.
        lines: Option<u64>,
    },
    /// A row longer than [`MAX_ROW_BYTES`].
    #[error("{}, row {row}: the row is longer than {limit} bytes", path.display())]
    RowTooLong {
        /// The file.
        path: PathBuf,
        /// The spreadsheet row.
        row: u64,
        /// The limit, in bytes.
        limit: usize,
    },
    /// A header row with more than [`MAX_COLUMNS`] columns.
    #[error("{}: the header row has {columns} columns, more than {limit}", path.display())]
    TooManyColumns {
        /// The file.
        path: PathBuf,
        /// How many the header has.
        columns: usize,
        /// The limit.
        limit: usize,
    },
    /// A workbook over one of the limits that keep reading it bounded in
    /// memory and time (see [`WorkbookLimit`]).
    #[error("{}: the workbook is over a limit: {limit:?}", path.display())]
    WorkbookTooLarge {
        /// The file.
        path: PathBuf,
        /// Which limit, and where.
        limit: WorkbookLimit,
    },
}

/// The most bytes one row may take (a CSV record, a workbook row's text):
/// a longer one refuses the file, rather than holding an unbounded line in
/// memory (a 20 MB file with no line break took 2 GB).
pub const MAX_ROW_BYTES: usize = 1 << 20;

/// The most lines a quoted value may run over: further, an unclosed quote
/// is far more likely than a note of 10,000 lines, and the file is refused.
pub const MAX_QUOTED_LINES: u64 = 10_000;

/// The most columns a header row may have (the extended format with a
/// few hundred criteria and authorizations stays well below).
pub const MAX_COLUMNS: usize = 1_024;

/// The most rows a workbook may have: Excel's own limit.
pub const MAX_WORKBOOK_ROWS: u64 = 1_048_576;

/// The longest text a workbook cell may hold, in characters: Excel's own
/// limit (a longer cell was not made by Excel).
pub const MAX_CELL_CHARS: usize = 32_767;

/// The most cells read from a workbook, gaps inside a row included: a
/// million rows of a hundred columns.
pub const MAX_WORKBOOK_CELLS: u64 = 100_000_000;

/// The most cells of an `.xls` or `.ods` workbook, which are read whole
/// into memory (an `.xlsx` or `.xlsb` is read row by row): 25,000 rows of
/// 40 columns, about 130 MiB once read. A larger one is refused with the
/// advice to save it as `.xlsx` or CSV.
pub const MAX_WHOLE_WORKBOOK_CELLS: u64 = 1_000_000;

/// The most bytes the parts of a workbook may inflate to (its sheet's XML
/// and, for an `.xlsx`, its shared strings, styles and workbook parts).
pub const MAX_INFLATED_BYTES: u64 = 4 << 30;

/// The most bytes of text a workbook's shared strings may hold: they stay
/// in memory while its rows are read.
pub const MAX_SHARED_STRING_BYTES: u64 = 96 << 20;

/// Which limit a workbook is over.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WorkbookLimit {
    /// A part inflates to more than [`MAX_INFLATED_BYTES`] (or, for a part
    /// read whole, its own smaller limit).
    Inflated {
        /// The part of the workbook (`xl/worksheets/sheet1.xml`).
        part: String,
        /// The limit, in bytes.
        limit: u64,
    },
    /// A row beyond [`MAX_WORKBOOK_ROWS`].
    Rows {
        /// The limit.
        limit: u64,
    },
    /// More than [`MAX_WORKBOOK_CELLS`] cells (or, for a workbook read
    /// whole, [`MAX_WHOLE_WORKBOOK_CELLS`]).
    Cells {
        /// The limit.
        limit: u64,
        /// The workbook is of a kind read whole (`.xls`, `.ods`).
        whole: bool,
    },
    /// A value in a column beyond [`MAX_COLUMNS`].
    Column {
        /// The spreadsheet row.
        row: u64,
        /// The column, as Excel names it (`XFD`).
        column: String,
    },
    /// A cell longer than [`MAX_CELL_CHARS`].
    CellLength {
        /// The spreadsheet row.
        row: u64,
        /// The column, as Excel names it.
        column: String,
    },
    /// One XML node (a text, a tag) of a part longer than
    /// [`MAX_ROW_BYTES`]: no workbook made by Excel has one (its longest
    /// cell is far shorter), a hostile one may hold gigabytes.
    Node {
        /// The part of the workbook.
        part: String,
    },
    /// Shared strings over [`MAX_SHARED_STRING_BYTES`].
    SharedStrings {
        /// The limit, in bytes.
        limit: u64,
    },
    /// A workbook read whole that its reading process could not read
    /// within its memory or its time ([`isolated`]).
    Memory {
        /// The memory it may use, in bytes.
        limit: u64,
        /// The processor time it may use, in seconds.
        seconds: u64,
    },
}

enum Cursor {
    // Boxed: the parser's tables make it ten times a sheet cursor's size.
    Csv(Box<csv_rows::CsvRows>),
    Sheet(sheet_rows::SheetRows),
}

/// An open file: its header row and a cursor over the rows below it.
pub struct Source {
    info: SourceInfo,
    header: Record,
    rows: Cursor,
    /// A workbook's row before it joins a batch.
    scratch: Record,
    /// The last spreadsheet row read.
    last_row: u64,
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
                    windows_1252_from: None,
                    separator: Some(separator),
                    sheet: None,
                    size,
                };
                (info, Cursor::Csv(Box::new(rows)))
            }
            Some(format) => {
                let (rows, sheet) = sheet_rows::SheetRows::open(path, format)?;
                let info = SourceInfo {
                    format,
                    encoding: None,
                    windows_1252_from: None,
                    separator: None,
                    sheet: Some(sheet),
                    size,
                };
                (info, Cursor::Sheet(rows))
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
                Cursor::Csv(r) => {
                    header.clear();
                    match r.next_into(&mut header.text, &mut header.ends)? {
                        Some(row) => {
                            header.row = row;
                            true
                        }
                        None => false,
                    }
                }
                Cursor::Sheet(r) => r.next(&mut header)?,
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
        if matches!(rows, Cursor::Sheet(_)) {
            fit_grid_row(&mut header, 0);
        }
        let columns = header
            .iter()
            .enumerate()
            .filter(|(_, cell)| !cell.trim().is_empty())
            .last()
            .map_or(0, |(last, _)| last + 1);
        if columns > MAX_COLUMNS {
            return Err(SourceError::TooManyColumns {
                path: path.to_path_buf(),
                columns,
                limit: MAX_COLUMNS,
            });
        }
        let mut info = info;
        if let Cursor::Csv(r) = &rows {
            info.encoding = Some(r.encoding());
            info.windows_1252_from = r.windows_1252_from();
        }
        let last_row = header.row;
        Ok(Source {
            info,
            header,
            rows,
            scratch: Record::default(),
            last_row,
        })
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
            Cursor::Csv(r) => {
                record.clear();
                let read = r.next_into(&mut record.text, &mut record.ends);
                self.info.encoding = Some(r.encoding());
                self.info.windows_1252_from = r.windows_1252_from();
                match read? {
                    Some(row) => {
                        record.row = row;
                        Ok(true)
                    }
                    None => Ok(false),
                }
            }
            Cursor::Sheet(r) => {
                let more = r.next(record)?;
                fit_grid_row(record, self.header.len());
                Ok(more)
            }
        }
    }

    /// Reads up to `max` rows that are not blank into `rows` (emptied
    /// first; blank rows are skipped, as Excel leaves them behind, and
    /// counted in the spreadsheet numbers). Every row's text lands in one
    /// buffer, read in the order it is checked.
    pub fn read_rows(&mut self, rows: &mut Rows, max: usize) -> ReadRows {
        rows.clear();
        let mut read = ReadRows {
            last_row: self.last_row,
            end: false,
            error: None,
        };
        // A batch also stops at about 4 MiB of text and cell ends, so that
        // rows near the length limit do not make batches of a gigabyte.
        while rows.len() < max && rows.text.len() + rows.ends.len() * 8 < MAX_BATCH_BYTES {
            let start = (rows.text.len(), rows.ends.len());
            let mut maybe_control = true;
            let row = match &mut self.rows {
                Cursor::Csv(r) => {
                    let row = r.next_into(&mut rows.text, &mut rows.ends);
                    self.info.encoding = Some(r.encoding());
                    self.info.windows_1252_from = r.windows_1252_from();
                    maybe_control = r.maybe_control();
                    row
                }
                Cursor::Sheet(r) => {
                    let record = &mut self.scratch;
                    match r.next(record) {
                        Ok(true) => {
                            fit_grid_row(record, self.header.len());
                            rows.text.push_str(&record.text);
                            rows.ends
                                .extend(record.ends.iter().map(|end| start.0 + end));
                            Ok(Some(record.row))
                        }
                        Ok(false) => Ok(None),
                        Err(e) => Err(e),
                    }
                }
            };
            match row {
                Ok(Some(row)) => {
                    read.last_row = row;
                    self.last_row = row;
                    let this = Row {
                        row,
                        text: &rows.text,
                        start: start.0,
                        ends: rows.ends.get(start.1..).unwrap_or_default(),
                        maybe_control,
                    };
                    if this.is_blank() {
                        rows.text.truncate(start.0);
                        rows.ends.truncate(start.1);
                    } else {
                        rows.rows.push((row, start.0, start.1, maybe_control));
                    }
                }
                Ok(None) => {
                    read.end = true;
                    break;
                }
                Err(e) => {
                    // The row reading stopped in is not kept.
                    rows.text.truncate(start.0);
                    rows.ends.truncate(start.1);
                    read.end = true;
                    read.error = Some(e);
                    break;
                }
            }
        }
        read
    }

    /// How far reading has come, as a fraction of the file between 0 and 1.
    pub fn progress(&self) -> f64 {
        match &self.rows {
            Cursor::Csv(r) => r.progress(self.info.size),
            Cursor::Sheet(r) => r.progress(),
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
    record.truncate(len);
    while record.len() < width {
        record.push("");
    }
}

//! Workbooks: the first sheet, as text cells.

use std::path::Path;

use calamine::{Data, Ods, Range, Reader, Xls, Xlsb, open_workbook};

use crate::isolated::ChildSheet;
use crate::xlsb::XlsbRows;
use crate::xlsx::XlsxRows;
use crate::{Format, Record, SourceError};

/// The first sheet of a workbook, row by row: an `.xlsx` streamed from its
/// zip file, an `.xlsb` streamed by calamine, the other kinds read whole
/// by calamine once checked to fit; calamine in a process of its own when
/// one was said ([`crate::isolated`]).
pub(crate) enum SheetRows {
    Local(LocalSheet),
    Child(Box<ChildSheet>),
    Xlsx(Box<XlsxRows>),
}

/// A sheet calamine reads in this process: streamed (`.xlsb`) or whole.
pub(crate) enum LocalSheet {
    Whole(WholeSheet),
    Xlsb(Box<XlsbRows>),
}

impl LocalSheet {
    /// Opens the first sheet (the file checked by precheck.rs before).
    pub(crate) fn open(path: &Path, format: Format) -> Result<(LocalSheet, String), SourceError> {
        if format == Format::Xlsb {
            let (rows, sheet) = XlsbRows::open(path)?;
            return Ok((LocalSheet::Xlsb(Box::new(rows)), sheet));
        }
        let (rows, sheet) = WholeSheet::read(path, format)?;
        Ok((LocalSheet::Whole(rows), sheet))
    }

    /// Reads the next row into `out`; `false` after the last.
    pub(crate) fn next(&mut self, out: &mut Record) -> Result<bool, SourceError> {
        match self {
            LocalSheet::Whole(rows) => Ok(rows.next(out)),
            LocalSheet::Xlsb(rows) => rows.next(out),
        }
    }

    /// How many rows it has (an `.xlsb`: declares).
    pub(crate) fn height(&self) -> u64 {
        match self {
            LocalSheet::Whole(rows) => rows.height(),
            LocalSheet::Xlsb(rows) => rows.height(),
        }
    }

    fn progress(&self) -> f64 {
        match self {
            LocalSheet::Whole(rows) => rows.progress(),
            LocalSheet::Xlsb(rows) => rows.progress(),
        }
    }
}

impl SheetRows {
    pub(crate) fn open(path: &Path, format: Format) -> Result<(SheetRows, String), SourceError> {
        if format == Format::Xlsx {
            let (rows, sheet) = XlsxRows::open(path)?;
            return Ok((SheetRows::Xlsx(Box::new(rows)), sheet));
        }
        // calamine sizes its memory by what the file declares: the file
        // is checked first, here (the checks are bounded).
        crate::precheck::check(path, format)?;
        if let Some(child) = ChildSheet::open(path, format) {
            let (rows, sheet) = child?;
            return Ok((SheetRows::Child(Box::new(rows)), sheet));
        }
        let (rows, sheet) = LocalSheet::open(path, format)?;
        Ok((SheetRows::Local(rows), sheet))
    }

    /// Reads the next row into `out`; `false` after the last.
    pub(crate) fn next(&mut self, out: &mut Record) -> Result<bool, SourceError> {
        match self {
            SheetRows::Local(rows) => rows.next(out),
            SheetRows::Child(rows) => rows.next(out),
            SheetRows::Xlsx(rows) => rows.next(out),
        }
    }

    pub(crate) fn progress(&self) -> f64 {
        match self {
            SheetRows::Local(rows) => rows.progress(),
            SheetRows::Child(rows) => rows.progress(),
            SheetRows::Xlsx(rows) => rows.progress(),
        }
    }
}

/// A sheet calamine read whole.
pub(crate) struct WholeSheet {
    range: Range<Data>,
    /// Absolute 0-based index of the first row of `range`.
    first_row: u64,
    first_col: usize,
    next: usize,
}

fn first_sheet<R: Reader<std::io::BufReader<std::fs::File>>>(
    path: &Path,
) -> Result<(Range<Data>, String), SourceError>
where
    R::Error: std::fmt::Display,
{
    let err = |message: String| SourceError::Workbook {
        path: path.to_path_buf(),
        message,
    };
    // calamine reads a file it was told fits (see precheck.rs); a panic of
    // its own on a damaged file is a damaged file, not a crash.
    let read = std::panic::catch_unwind(|| {
        let mut book: R = open_workbook(path).map_err(|e: R::Error| err(e.to_string()))?;
        let name = book.sheet_names().first().cloned().unwrap_or_default();
        match book.worksheet_range_at(0) {
            Some(Ok(range)) => Ok((range, name)),
            Some(Err(e)) => Err(err(e.to_string())),
            None => Err(SourceError::Empty {
                path: path.to_path_buf(),
            }),
        }
    });
    read.unwrap_or_else(|_| Err(err("the workbook reader stopped on a damaged part".into())))
}

impl WholeSheet {
    /// Reads the first sheet whole (the file checked to fit before).
    pub(crate) fn read(path: &Path, format: Format) -> Result<(WholeSheet, String), SourceError> {
        let (range, sheet) = match format {
            Format::Xlsb => first_sheet::<Xlsb<_>>(path)?,
            Format::Xls => first_sheet::<Xls<_>>(path)?,
            Format::Ods => first_sheet::<Ods<_>>(path)?,
            Format::Csv | Format::Xlsx => {
                return Err(SourceError::UnsupportedFormat {
                    path: path.to_path_buf(),
                });
            }
        };
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        Ok((
            WholeSheet {
                range,
                first_row: u64::from(first_row),
                // Cells left of the first used column are empty: keep them so
                // that column positions match the sheet.
                first_col: first_col as usize,
                next: 0,
            },
            sheet,
        ))
    }

    /// How many rows it has.
    pub(crate) fn height(&self) -> u64 {
        self.range.get_size().0 as u64
    }

    pub(crate) fn next(&mut self, out: &mut Record) -> bool {
        let (height, width) = self.range.get_size();
        if self.next >= height {
            return false;
        }
        let r = self.next;
        self.next += 1;
        out.row = self.first_row + r as u64 + 1;
        out.clear();
        for _ in 0..self.first_col {
            out.push("");
        }
        for c in 0..width {
            let text = self.range.get((r, c)).map(cell_text).unwrap_or_default();
            out.push(&text);
        }
        true
    }

    fn progress(&self) -> f64 {
        let (height, _) = self.range.get_size();
        if height == 0 {
            1.0
        } else {
            self.next as f64 / height as f64
        }
    }
}

/// The text a person sees in the cell, in the forms the import expects: whole
/// numbers without `.0` (a postal code 3005 is "3005"), dates as `dd.mm.yyyy`.
pub(crate) fn cell_text(data: &Data) -> String {
    match data {
        Data::Empty => String::new(),
        Data::String(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Float(f) => number_text(*f),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, d, h, mi, s, _) = dt.to_ymd_hms_milli();
            if (h, mi, s) == (0, 0, 0) {
                format!("{d:02}.{m:02}.{y:04}")
            } else {
                format!("{d:02}.{m:02}.{y:04} {h:02}:{mi:02}:{s:02}")
            }
        }
        Data::DateTime(dt) => number_text(dt.as_f64()),
        Data::DateTimeIso(s) => iso_date_text(s),
        Data::DurationIso(s) => s.clone(),
        Data::Error(e) => format!("#{e:?}"),
    }
}

fn number_text(f: f64) -> String {
    if f.fract() == 0.0 && f.abs() < 1e15 {
        format!("{}", f as i64)
    } else {
        format!("{f}")
    }
}

/// `2024-03-05` (how OpenDocument stores a date) → `05.03.2024`.
fn iso_date_text(s: &str) -> String {
    match jiff::civil::Date::strptime("%Y-%m-%d", s) {
        Ok(d) => format!("{:02}.{:02}.{:04}", d.day(), d.month(), d.year()),
        Err(_) => match jiff::civil::DateTime::strptime("%Y-%m-%dT%H:%M:%S", s) {
            Ok(dt) if dt.time() == jiff::civil::Time::midnight() => {
                format!("{:02}.{:02}.{:04}", dt.day(), dt.month(), dt.year())
            }
            _ => s.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_read_as_a_person_sees_them() {
        assert_eq!(number_text(3005.0), "3005");
        assert_eq!(number_text(41791234567.0), "41791234567");
        assert_eq!(number_text(2.5), "2.5");
        assert_eq!(iso_date_text("1985-03-24"), "24.03.1985");
        assert_eq!(iso_date_text("1985-03-24T00:00:00"), "24.03.1985");
        assert_eq!(iso_date_text("soon"), "soon");
    }
}

//! The rejects file: rejected and skipped rows in the file's own columns,
//! plus an `errors` column, ready to be fixed and imported again.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use intake_i18n::{Lang, text};
use intake_source::Record;
use intake_store::NewLogLine;
use rust_xlsxwriter::{Format, Workbook, Worksheet};

use crate::error::ImportError;
use crate::export::neutralise;
use crate::message::render;

/// The kinds of rejects file, chosen by the file's extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RejectsFormat {
    /// `.xlsx`.
    Xlsx,
    /// Anything else: CSV in UTF-8 with BOM, the input's separator.
    Csv,
}

impl RejectsFormat {
    /// The format a path asks for.
    pub fn for_path(path: &Path) -> RejectsFormat {
        match path.extension().and_then(|e| e.to_str()) {
            Some(e) if e.eq_ignore_ascii_case("xlsx") => RejectsFormat::Xlsx,
            _ => RejectsFormat::Csv,
        }
    }
}

enum Sink {
    Csv(Box<csv::Writer<BufWriter<File>>>),
    Xlsx { book: Box<Workbook>, row: u32 },
}

pub(crate) struct RejectsWriter {
    path: PathBuf,
    sink: Sink,
    lang: Lang,
    width: usize,
}

fn err(path: &Path, e: impl std::fmt::Display) -> ImportError {
    ImportError::Rejects {
        path: path.to_path_buf(),
        message: e.to_string(),
    }
}

impl RejectsWriter {
    pub(crate) fn create(
        path: &Path,
        header: &Record,
        separator: u8,
        lang: Lang,
    ) -> Result<RejectsWriter, ImportError> {
        let mut columns: Vec<String> = header.to_vec();
        columns.push(text(lang, "heading-errors", &[]));
        let sink = match RejectsFormat::for_path(path) {
            RejectsFormat::Csv => {
                let mut file = BufWriter::new(File::create(path).map_err(|e| err(path, e))?);
                // A BOM so that Excel opens the accents right.
                file.write_all("\u{feff}".as_bytes())
                    .map_err(|e| err(path, e))?;
                let mut w = csv::WriterBuilder::new()
                    .delimiter(separator)
                    .from_writer(file);
                w.write_record(&columns).map_err(|e| err(path, e))?;
                Sink::Csv(Box::new(w))
            }
            RejectsFormat::Xlsx => {
                let mut book = Box::new(Workbook::new());
                let sheet = book.add_worksheet();
                let bold = Format::new().set_bold();
                for (c, name) in columns.iter().enumerate() {
                    sheet
                        .write_string_with_format(0, c as u16, name, &bold)
                        .map_err(|e| err(path, e))?;
                }
                Sink::Xlsx { book, row: 1 }
            }
        };
        Ok(RejectsWriter {
            path: path.to_path_buf(),
            sink,
            lang,
            width: header.len(),
        })
    }

    pub(crate) fn write<'a>(
        &mut self,
        cells: impl Iterator<Item = &'a str>,
        lines: &[NewLogLine],
    ) -> Result<(), ImportError> {
        let errors: Vec<String> = lines.iter().map(|l| render(l, self.lang)).collect();
        let errors = errors.join(" | ");
        // Keep the file's shape: a row of the wrong width is padded or cut to
        // the header, its cells all kept in order.
        let mut row: Vec<&str> = cells.collect();
        if row.len() < self.width {
            row.resize(self.width, "");
        }
        let path = self.path.clone();
        match &mut self.sink {
            Sink::Csv(w) => {
                let mut record: Vec<String> =
                    row.iter().map(|c| neutralise(c).into_owned()).collect();
                record.push(neutralise(&errors).into_owned());
                w.write_record(&record).map_err(|e| err(&path, e))?;
            }
            Sink::Xlsx { book, row: r } => {
                let sheet: &mut Worksheet =
                    book.worksheet_from_index(0).map_err(|e| err(&path, e))?;
                for (c, value) in row
                    .iter()
                    .chain(std::iter::once(&errors.as_str()))
                    .enumerate()
                {
                    // write_string never makes a formula: no neutralising needed.
                    sheet
                        .write_string(*r, c as u16, *value)
                        .map_err(|e| err(&path, e))?;
                }
                *r += 1;
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<(), ImportError> {
        let path = self.path;
        match self.sink {
            Sink::Csv(mut w) => w.flush().map_err(|e| err(&path, e)),
            Sink::Xlsx { mut book, .. } => book.save(&path).map_err(|e| err(&path, e)),
        }
    }
}

/// Writes the rejects file of an import that ended, from its log and its
/// file: every row the log says was rejected or skipped, in the file's own
/// columns, with the log's messages in `lang`. (A server keeps the uploaded
/// file, not a rejects file; this makes one when someone asks.)
///
/// # Errors
///
/// When the file cannot be read again or the rejects file cannot be written.
pub fn write_rejects_from_log(
    file: &Path,
    lines: &[intake_store::LogLine],
    out: &Path,
    lang: Lang,
) -> Result<u64, ImportError> {
    use std::collections::BTreeMap;
    let mut by_row: BTreeMap<u64, Vec<NewLogLine>> = BTreeMap::new();
    for l in lines {
        let line = &l.line;
        if let (Some(row), Some(outcome)) = (line.row, line.outcome.as_deref())
            && (outcome == "rejected" || outcome == "skipped")
        {
            by_row.entry(row).or_default().push(line.clone());
        }
    }
    // A server's upload erased (its retention ended, or the people it held
    // were anonymized) cannot give its rows again.
    if file.as_os_str().is_empty() {
        return Err(ImportError::UploadErased);
    }
    let mut source = intake_source::Source::open(file)?;
    let mut writer = RejectsWriter::create(
        out,
        source.header(),
        source.info().separator.unwrap_or(b';'),
        lang,
    )?;
    let mut record = Record::default();
    let mut written = 0;
    while !by_row.is_empty() && source.next_record(&mut record)? {
        if let Some(found) = by_row.remove(&record.row) {
            writer.write(record.iter(), &found)?;
            written += 1;
        }
    }
    writer.finish()?;
    Ok(written)
}

//! Delimited text, streamed.

use std::fs::File;
use std::io::{self, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::sniff::sniff_delimiter;
use crate::{Record, SourceError, TextEncoding};

const SNIFF_BYTES: usize = 65536;

pub(crate) struct CsvRows {
    path: PathBuf,
    reader: csv::Reader<Box<dyn Read + Send>>,
    record: csv::StringRecord,
    /// The spreadsheet row of the last record returned.
    row: u64,
    /// Lines consumed so far, as the CSV parser counts them.
    line: u64,
}

/// Decides the encoding: a byte order mark says it; otherwise the whole file
/// is checked for UTF-8 (fast), and anything else is Windows-1252, which
/// decodes every byte.
fn detect_encoding(file: &mut File) -> io::Result<TextEncoding> {
    let mut bom = [0u8; 3];
    let n = file.read(&mut bom)?;
    file.seek(SeekFrom::Start(0))?;
    if n >= 3 && bom == [0xEF, 0xBB, 0xBF] {
        return Ok(TextEncoding::Utf8Bom);
    }
    if n >= 2 && bom[..2] == [0xFF, 0xFE] {
        return Ok(TextEncoding::Utf16Le);
    }
    if n >= 2 && bom[..2] == [0xFE, 0xFF] {
        return Ok(TextEncoding::Utf16Be);
    }
    let mut buf = vec![0u8; 1 << 20];
    let mut carry = 0usize;
    loop {
        let read = file.read(&mut buf[carry..])?;
        let end = carry + read;
        match std::str::from_utf8(&buf[..end]) {
            Ok(_) => carry = 0,
            // A character cut by the end of the buffer: keep its first bytes.
            Err(e) if e.error_len().is_none() && read > 0 => {
                let valid = e.valid_up_to();
                buf.copy_within(valid..end, 0);
                carry = end - valid;
            }
            Err(_) => {
                file.seek(SeekFrom::Start(0))?;
                return Ok(TextEncoding::Windows1252);
            }
        }
        if read == 0 {
            break;
        }
    }
    file.seek(SeekFrom::Start(0))?;
    Ok(TextEncoding::Utf8)
}

fn text_reader(file: File, encoding: TextEncoding) -> Box<dyn Read + Send> {
    let file = BufReader::with_capacity(1 << 16, file);
    match encoding {
        // Valid UTF-8: no transcoding; only a BOM to skip.
        TextEncoding::Utf8 => Box::new(file),
        TextEncoding::Utf8Bom => Box::new(
            DecodeReaderBytesBuilder::new()
                .bom_sniffing(true)
                .strip_bom(true)
                .build(file),
        ),
        TextEncoding::Utf16Le | TextEncoding::Utf16Be => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(if encoding == TextEncoding::Utf16Le {
                    UTF_16LE
                } else {
                    UTF_16BE
                }))
                .bom_override(true)
                .strip_bom(true)
                .build(file),
        ),
        TextEncoding::Windows1252 => Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(WINDOWS_1252))
                .bom_sniffing(false)
                .build(file),
        ),
    }
}

impl CsvRows {
    pub(crate) fn open(path: &Path) -> Result<(CsvRows, TextEncoding, u8), SourceError> {
        let open_err = |source| SourceError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(open_err)?;
        let encoding = detect_encoding(&mut file).map_err(open_err)?;
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        text_reader(file.try_clone().map_err(open_err)?, encoding)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(open_err)?;
        let separator = sniff_delimiter(&head);
        file.seek(SeekFrom::Start(0)).map_err(open_err)?;
        let reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .has_headers(false)
            .flexible(true)
            .buffer_capacity(1 << 16)
            .from_reader(text_reader(file, encoding));
        let rows = CsvRows {
            path: path.to_path_buf(),
            reader,
            record: csv::StringRecord::new(),
            row: 0,
            line: 1,
        };
        Ok((rows, encoding, separator))
    }

    pub(crate) fn next(&mut self, out: &mut Record) -> Result<bool, SourceError> {
        let more = match self.reader.read_record(&mut self.record) {
            Ok(more) => more,
            Err(e) => {
                return Err(SourceError::Csv {
                    path: self.path.clone(),
                    row: self.row + 1,
                    message: e.to_string(),
                });
            }
        };
        if !more {
            return Ok(false);
        }
        // The parser skips empty lines, but a spreadsheet shows each as a row:
        // count them from the lines consumed, less the line breaks inside
        // quoted values and the record's own terminator.
        let line = self.reader.position().line();
        let consumed = line.saturating_sub(self.line);
        self.line = line;
        // At most one line consumed (most records): the formula gives 0,
        // without counting the record's line breaks.
        let skipped = if consumed > 1 {
            let embedded: u64 = self
                .record
                .iter()
                .map(|f| f.bytes().filter(|b| *b == b'\n').count() as u64)
                .sum();
            consumed.saturating_sub(embedded + 1)
        } else {
            0
        };
        self.row += skipped + 1;
        out.row = self.row;
        out.cells.truncate(self.record.len());
        for (i, field) in self.record.iter().enumerate() {
            match out.cells.get_mut(i) {
                Some(cell) => {
                    cell.clear();
                    cell.push_str(field);
                }
                None => out.cells.push(field.to_string()),
            }
        }
        Ok(true)
    }

    pub(crate) fn progress(&self, size: u64) -> f64 {
        if size == 0 {
            return 1.0;
        }
        (self.reader.position().byte() as f64 / size as f64).min(1.0)
    }
}

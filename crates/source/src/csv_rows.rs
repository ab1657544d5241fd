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
    reader: csv::Reader<Tail>,
    /// The spreadsheet row of the last record returned.
    row: u64,
    /// The line the last record returned ends on (line breaks counted as
    /// the CSV parser counts them: every `\n`); 0 before the first.
    end_line: u64,
}

/// The text under the CSV parser, keeping the last piece it handed over so
/// that the byte before any position the parser has reached can be looked
/// at. That byte says whether a record's own line break was consumed with
/// it: not at the end of the file, nor in a CRLF file, where the parser
/// stops a record at `\r` and takes its `\n` with the next one.
struct Tail {
    inner: Box<dyn Read + Send>,
    /// Where `piece` starts in the text.
    start: u64,
    piece: Vec<u8>,
    /// The byte just before `piece`.
    before: Option<u8>,
}

impl Tail {
    fn new(inner: Box<dyn Read + Send>) -> Tail {
        Tail {
            inner,
            start: 0,
            piece: Vec::new(),
            before: None,
        }
    }

    /// The byte before `position`, if it was read and is still kept (the
    /// parser reads a new piece only once it consumed the last one).
    fn byte_before(&self, position: u64) -> Option<u8> {
        if position > self.start {
            let i = usize::try_from(position - self.start - 1).ok()?;
            self.piece.get(i).copied()
        } else if position == self.start {
            self.before
        } else {
            None
        }
    }
}

impl Read for Tail {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        if n > 0 {
            self.before = self.piece.last().copied().or(self.before);
            self.start += self.piece.len() as u64;
            self.piece.clear();
            self.piece.extend_from_slice(&buf[..n]);
        }
        Ok(n)
    }
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
            .from_reader(Tail::new(text_reader(file, encoding)));
        let rows = CsvRows {
            path: path.to_path_buf(),
            reader,
            row: 0,
            end_line: 0,
        };
        Ok((rows, encoding, separator))
    }

    pub(crate) fn next(&mut self, out: &mut Record) -> Result<bool, SourceError> {
        let more = match self.reader.read_record(&mut out.cells) {
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
        // count the lines between the end of the last record and the start
        // of this one, which is its end less the line breaks inside its
        // quoted values.
        let position = self.reader.position();
        let took_break = self.reader.get_ref().byte_before(position.byte()) == Some(b'\n');
        let end_line = position.line().saturating_sub(u64::from(took_break));
        // A record that ends on the line after the last one (most records)
        // starts there: no blank line, and no need to count its breaks. In a
        // file whose lines end with `\r` alone, the line never moves: a row
        // a record, blank ones not seen.
        let skipped = if end_line > self.end_line + 1 {
            let embedded: u64 = out
                .iter()
                .map(|f| f.bytes().filter(|b| *b == b'\n').count() as u64)
                .sum();
            end_line
                .saturating_sub(embedded)
                .saturating_sub(self.end_line + 1)
        } else {
            0
        };
        self.end_line = end_line;
        self.row += skipped + 1;
        out.row = self.row;
        Ok(true)
    }

    pub(crate) fn progress(&self, size: u64) -> f64 {
        if size == 0 {
            return 1.0;
        }
        (self.reader.position().byte() as f64 / size as f64).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use crate::{Record, Source};
    use proptest::prelude::*;

    /// The spreadsheet rows of every row that is not blank, header first.
    fn rows_of(bytes: &[u8]) -> Vec<u64> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut source = Source::open(&path).unwrap();
        let mut rows = vec![source.header().row];
        let mut record = Record::default();
        while source.next_record(&mut record).unwrap() {
            if !record.is_blank() {
                rows.push(record.row);
            }
        }
        rows
    }

    #[test]
    fn a_last_row_without_line_break_after_blank_lines() {
        assert_eq!(rows_of(b"h\n\nx"), [1, 3]);
        assert_eq!(rows_of(b"h\nx\n\n\ny"), [1, 2, 5]);
    }

    #[test]
    fn crlf_lines_with_blank_lines_first() {
        assert_eq!(rows_of(b"\r\n\r\nh\r\nx\r\n"), [3, 4]);
        assert_eq!(rows_of(b"\r\nh\r\nx\r\n\r\ny"), [2, 3, 5]);
    }

    #[test]
    fn rows_in_the_usual_shapes() {
        assert_eq!(rows_of(b"h\na\nb\n"), [1, 2, 3]);
        assert_eq!(rows_of(b"h\r\na\r\n\r\nb\r\n"), [1, 2, 4]);
        // A quoted value over two lines is one row, as in a spreadsheet.
        assert_eq!(rows_of(b"h\n\"a\nb\"\nc\n"), [1, 2, 3]);
        assert_eq!(rows_of(b"h\n\"a\nb\"\n\nc"), [1, 2, 4]);
        assert_eq!(rows_of(b"h\r\n\"a\r\nb\"\r\n\r\nc"), [1, 2, 4]);
        // Lines ended by CR alone (old Mac exports) still get a row each.
        assert_eq!(rows_of(b"h\ra\rb\r"), [1, 2, 3]);
    }

    proptest! {
        /// Whatever the line ends (LF, CRLF, mixed), blank lines, quoted
        /// values over several lines and a missing last line break, rows
        /// are numbered as a spreadsheet shows them: a blank line is a row,
        /// a value over several lines is in one.
        #[test]
        fn rows_are_numbered_as_a_spreadsheet_shows_them(
            lines in proptest::collection::vec(
                (0usize..3, 0usize..3, proptest::bool::ANY, "[a-z]{1,4}"),
                1..40,
            ),
            final_break in proptest::bool::ANY,
        ) {
            let mut text = Vec::new();
            let mut expected = Vec::new();
            let mut row = 1u64;
            let count = lines.len();
            for (i, (blanks, embedded, crlf, word)) in lines.into_iter().enumerate() {
                let end: &[u8] = if crlf { b"\r\n" } else { b"\n" };
                for _ in 0..blanks {
                    text.extend_from_slice(end);
                    row += 1;
                }
                expected.push(row);
                row += 1;
                if embedded > 0 {
                    text.push(b'"');
                    text.extend_from_slice(word.as_bytes());
                    for _ in 0..embedded {
                        text.extend_from_slice(end);
                        text.extend_from_slice(word.as_bytes());
                    }
                    text.push(b'"');
                } else {
                    text.extend_from_slice(word.as_bytes());
                }
                if i + 1 < count || final_break {
                    text.extend_from_slice(end);
                }
            }
            prop_assert_eq!(rows_of(&text), expected);
        }
    }
}

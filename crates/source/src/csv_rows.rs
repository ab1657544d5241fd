//! Delimited text, streamed.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use encoding_rs::{UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;

use crate::sniff::sniff_delimiter_in;
use crate::{MAX_QUOTED_LINES, MAX_ROW_BYTES, SourceError, TextEncoding};

const SNIFF_BYTES: usize = 65536;

/// What became of a plain line ([`CsvRows::plain_line`]).
enum Plain {
    /// Its text and cells are in the batch already.
    Appended,
    /// Its bytes and cell count, in `bytes` and `ends`, to be decoded.
    Copied(usize, usize),
}

pub(crate) struct CsvRows {
    path: PathBuf,
    /// The file's bytes (after a byte order mark), or for UTF-16 the text
    /// decoded to UTF-8.
    input: BufReader<Box<dyn Read + Send>>,
    /// How a record's bytes become text: UTF-8, until a record is not (the
    /// file is then Windows-1252 from that record on).
    encoding: TextEncoding,
    /// A record with non-ASCII UTF-8 text was read.
    seen_utf8: bool,
    /// The row from which a file that had UTF-8 text before it was read as
    /// Windows-1252.
    windows_1252_from: Option<u64>,
    /// The csv crate's parser, driven here so that a record's cells land in
    /// one buffer (`bytes`, `ends`) with no second copy.
    parser: csv_core::Reader,
    /// The cells of the record being read, one after the other.
    bytes: Vec<u8>,
    /// Where each of its cells ends in `bytes`.
    ends: Vec<usize>,
    /// Bytes of text consumed so far.
    position: u64,
    /// The last byte consumed: whether a record's own line break was
    /// consumed with it (not at the end of the file, nor in a CRLF file,
    /// where the parser stops a record at `\r` and takes its `\n` with the
    /// next one).
    last_byte: u8,
    /// The spreadsheet row of the last record returned.
    row: u64,
    /// The line the last record returned ends on (line breaks counted as
    /// the CSV parser counts them: every `\n`); 0 before the first.
    end_line: u64,
    /// The separator.
    separator: u8,
    /// Whether a line without quotes may be split here without the parser
    /// (see `CsvRows::plain_line`); off only to test that both agree.
    plain_lines: bool,
    /// Whether the last record may hold a control character: `false` only
    /// for a plain line found to hold none.
    maybe_control: bool,
    /// The parser has read a record (so it no longer looks for a byte
    /// order mark, and the lines after it may be split without it).
    parsed: bool,
}

/// Decides the encoding from the byte order mark, or else from the first
/// 64 KiB: UTF-8 when they are valid UTF-8 (a character cut at their end
/// aside), Windows-1252 otherwise (it decodes every byte). A file that is
/// UTF-8 there and not further on is read as Windows-1252 from the first
/// record that is not UTF-8 (see `CsvRows::text`): no pass over the whole
/// file before reading it.
fn detect_encoding(head: &[u8]) -> TextEncoding {
    match head {
        [0xEF, 0xBB, 0xBF, ..] => TextEncoding::Utf8Bom,
        [0xFF, 0xFE, ..] => TextEncoding::Utf16Le,
        [0xFE, 0xFF, ..] => TextEncoding::Utf16Be,
        _ => match std::str::from_utf8(head) {
            Ok(_) => TextEncoding::Utf8,
            Err(e) if e.error_len().is_none() => TextEncoding::Utf8,
            Err(_) => TextEncoding::Windows1252,
        },
    }
}

/// The file as the parser reads it: its bytes, after a UTF-8 byte order
/// mark; UTF-16 decoded to UTF-8. (UTF-8 and Windows-1252 both write the
/// separators, quotes and line breaks as the ASCII bytes they are, so their
/// records are found in the bytes and each decoded on its own.)
fn text_reader(file: File, encoding: TextEncoding) -> io::Result<Box<dyn Read + Send>> {
    let mut file = BufReader::with_capacity(1 << 16, file);
    Ok(match encoding {
        TextEncoding::Utf8 | TextEncoding::Windows1252 => Box::new(file),
        TextEncoding::Utf8Bom => {
            let mut bom = [0u8; 3];
            file.read_exact(&mut bom)?;
            Box::new(file)
        }
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
    })
}

/// The first bytes of the file, as text, for sniffing the separator.
fn head_text(head: &[u8], encoding: TextEncoding) -> Vec<u8> {
    match encoding {
        TextEncoding::Utf8 | TextEncoding::Utf8Bom => head.to_vec(),
        TextEncoding::Windows1252 => WINDOWS_1252
            .decode_without_bom_handling(head)
            .0
            .into_owned()
            .into_bytes(),
        TextEncoding::Utf16Le => UTF_16LE
            .decode_with_bom_removal(head)
            .0
            .into_owned()
            .into_bytes(),
        TextEncoding::Utf16Be => UTF_16BE
            .decode_with_bom_removal(head)
            .0
            .into_owned()
            .into_bytes(),
    }
}

impl CsvRows {
    pub(crate) fn open(path: &Path) -> Result<(CsvRows, TextEncoding, u8), SourceError> {
        CsvRows::open_with_buffer(path, 1 << 16)
    }

    /// [`CsvRows::open`] reading the file `buffer` bytes at a time.
    fn open_with_buffer(
        path: &Path,
        buffer: usize,
    ) -> Result<(CsvRows, TextEncoding, u8), SourceError> {
        let open_err = |source| SourceError::Open {
            path: path.to_path_buf(),
            source,
        };
        let mut file = File::open(path).map_err(open_err)?;
        let mut head = Vec::with_capacity(SNIFF_BYTES);
        (&mut file)
            .take(SNIFF_BYTES as u64)
            .read_to_end(&mut head)
            .map_err(open_err)?;
        let encoding = detect_encoding(&head);
        let whole = head.len() < SNIFF_BYTES;
        let separator = sniff_delimiter_in(&head_text(&head, encoding), whole);
        file.seek(SeekFrom::Start(0)).map_err(open_err)?;
        let rows = CsvRows {
            path: path.to_path_buf(),
            input: BufReader::with_capacity(buffer, text_reader(file, encoding).map_err(open_err)?),
            encoding,
            seen_utf8: false,
            windows_1252_from: None,
            parser: csv_core::ReaderBuilder::new().delimiter(separator).build(),
            bytes: vec![0; 1024],
            ends: vec![0; 64],
            position: 0,
            last_byte: 0,
            row: 0,
            end_line: 0,
            separator,
            plain_lines: true,
            maybe_control: true,
            parsed: false,
        };
        Ok((rows, encoding, separator))
    }

    /// Reads the next record, appending its cells to `text` and where each
    /// ends in `text` to `ends`; its spreadsheet row, or `None` at the end
    /// of the file.
    pub(crate) fn next_into(
        &mut self,
        text: &mut String,
        ends: &mut Vec<usize>,
    ) -> Result<Option<u64>, SourceError> {
        let start = text.len();
        // A plain line's cells are apart in `bytes` (by its separators); the
        // parser's, one after the other.
        let switched = match self.plain_line(text, ends)? {
            Some(Plain::Appended) => false,
            Some(Plain::Copied(written, ended)) => self.text(written, ended, true, text, ends),
            None => match self.parsed_record()? {
                Some((written, ended)) => {
                    self.maybe_control = true;
                    self.text(written, ended, false, text, ends)
                }
                None => return Ok(None),
            },
        };
        // The parser skips empty lines, but a spreadsheet shows each as a row:
        // count the lines between the end of the last record and the start
        // of this one, which is its end less the line breaks inside its
        // quoted values.
        let took_break = self.last_byte == b'\n';
        let end_line = self.parser.line().saturating_sub(u64::from(took_break));
        // A record that ends on the line after the last one (most records)
        // starts there: no blank line, and no need to count its breaks. In a
        // file whose lines end with `\r` alone, the line never moves: a row
        // a record, blank ones not seen.
        let skipped = if end_line > self.end_line + 1 {
            let embedded = text
                .get(start..)
                .unwrap_or_default()
                .bytes()
                .filter(|b| *b == b'\n')
                .count() as u64;
            end_line
                .saturating_sub(embedded)
                .saturating_sub(self.end_line + 1)
        } else {
            0
        };
        self.end_line = end_line;
        self.row += skipped + 1;
        if switched {
            self.windows_1252_from = Some(self.row);
        }
        Ok(Some(self.row))
    }

    /// The next record as the parser reads it, into `bytes` and `ends`:
    /// its byte length and cell count; `None` at the end of the file.
    ///
    /// A record longer than [`MAX_ROW_BYTES`], or whose quoted value is not
    /// closed at the end of the file or runs over [`MAX_QUOTED_LINES`]
    /// lines, refuses the file: the parser would read every line after an
    /// unclosed quote into one cell, silently.
    fn parsed_record(&mut self) -> Result<Option<(usize, usize)>, SourceError> {
        use csv_core::ReadRecordResult;
        let (mut written, mut ended) = (0, 0);
        let mut scan = QuoteScan::new(self.last_byte);
        loop {
            let input = match self.input.fill_buf() {
                Ok(input) => input,
                Err(e) => return Err(self.error(e.to_string())),
            };
            let at_end = input.is_empty();
            let (result, read, wrote, ends) =
                self.parser
                    .read_record(input, &mut self.bytes[written..], &mut self.ends[ended..]);
            let overrun = scan.feed(&input[..read], self.separator);
            if let Some(&last) = input[..read].last() {
                self.last_byte = last;
            }
            self.input.consume(read);
            self.position += read as u64;
            written += wrote;
            ended += ends;
            if overrun {
                return Err(self.overrun(&scan));
            }
            match result {
                // An empty input tells the parser the text ended.
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => self.bytes.resize(self.bytes.len() * 2, 0),
                ReadRecordResult::OutputEndsFull => self.ends.resize(self.ends.len() * 2, 0),
                ReadRecordResult::Record if at_end && scan.in_quote() => {
                    return Err(SourceError::UnclosedQuote {
                        path: self.path.clone(),
                        row: scan.opened_row(self.row),
                        lines: None,
                    });
                }
                ReadRecordResult::Record => break,
                ReadRecordResult::End => return Ok(None),
            }
        }
        self.parsed = true;
        Ok(Some((written, ended)))
    }

    /// The error for a record [`QuoteScan::feed`] found over a limit: a
    /// quoted value over many lines is an unclosed quote; else the row is
    /// too long.
    fn overrun(&self, scan: &QuoteScan) -> SourceError {
        match scan.quote {
            Some((_, lines)) if lines > 0 => SourceError::UnclosedQuote {
                path: self.path.clone(),
                row: scan.opened_row(self.row),
                lines: Some(lines),
            },
            _ => SourceError::RowTooLong {
                path: self.path.clone(),
                row: scan.started_row(self.row),
                limit: MAX_ROW_BYTES,
            },
        }
    }

    /// The next record when it is a line the parser would only split at
    /// its separators: it has no quote and no carriage return but the one
    /// before its `\n`, and is all in the read buffer (most records of
    /// most files). Its separators' positions and its length go to `ends`,
    /// the input moves past its line break, and the parser's line count
    /// with it. A line of UTF-8 in a file read as such goes straight from
    /// the read buffer to `text`, its cells' ends to `out_ends`; any other
    /// goes to `bytes` as it is, to be decoded ([`Plain::Copied`]). `None`
    /// for any other record, which the parser reads.
    fn plain_line(
        &mut self,
        text: &mut String,
        out_ends: &mut Vec<usize>,
    ) -> Result<Option<Plain>, SourceError> {
        if !self.plain_lines || !self.parsed {
            return Ok(None);
        }
        let input = match self.input.fill_buf() {
            Ok(input) => input,
            Err(e) => return Err(self.error(e.to_string())),
        };
        // The parser stops a CRLF record at its `\r` and takes the `\n`
        // with the next record, as part of the blank lines it skips.
        let pending_lf = usize::from(self.last_byte == b'\r' && input.first() == Some(&b'\n'));
        let rest = &input[pending_lf..];
        // One search for the line's end, a quote or a carriage return: the
        // line is plain when the first met is its `\n` or its `\r\n`.
        let Some(end) = memchr::memchr3(b'\n', b'"', b'\r', rest) else {
            return Ok(None);
        };
        let lf = match rest[end] {
            b'\n' => end,
            b'\r' if rest.get(end + 1) == Some(&b'\n') => end + 1,
            _ => return Ok(None),
        };
        let line = &rest[..end];
        // A blank line is skipped by the parser: it counts it.
        if line.is_empty() {
            return Ok(None);
        }
        // A line of n bytes has at most n + 1 cells.
        if self.ends.len() <= line.len() {
            self.ends.resize((line.len() + 1).next_power_of_two(), 0);
        }
        let (cells, suspect) = separators(line, self.separator, &mut self.ends[..=line.len()]);
        self.maybe_control = suspect;
        let written = line.len();
        let utf8 = match self.encoding {
            TextEncoding::Windows1252 => None,
            _ => std::str::from_utf8(line).ok(),
        };
        let plain = match utf8 {
            // The usual case: the line as it is, its separators (ASCII, so
            // between characters) keeping the cells apart.
            Some(record) => {
                let ends = &self.ends[..cells];
                append_apart(record, ends, &mut self.seen_utf8, text, out_ends);
                Plain::Appended
            }
            None => {
                // Decoded, its bytes say nothing of its characters:
                // Windows-1252 reads 0x81, 0x8D, 0x8F, 0x90 and 0x9D as C1
                // controls.
                self.maybe_control = true;
                if self.bytes.len() < written {
                    self.bytes.resize(written.next_power_of_two(), 0);
                }
                self.bytes[..written].copy_from_slice(line);
                Plain::Copied(written, cells)
            }
        };
        let consumed = pending_lf + lf + 1;
        self.input.consume(consumed);
        self.position += consumed as u64;
        self.last_byte = b'\n';
        self.parser
            .set_line(self.parser.line() + 1 + pending_lf as u64);
        Ok(Some(plain))
    }

    pub(crate) fn progress(&self, size: u64) -> f64 {
        if size == 0 {
            return 1.0;
        }
        (self.position as f64 / size as f64).min(1.0)
    }

    /// Appends the text of the record in `bytes[..len]`, its cells ending
    /// at `ends[..cells]`, to `text` and where each cell ends to `out_ends`,
    /// one byte apart (see [`crate::Rows`]). `apart`: the cells in `bytes`
    /// are so already (a plain line's, by its separators); else they follow
    /// each other and a separator is put between them. `true` when this
    /// record turned a file with UTF-8 text to Windows-1252.
    fn text(
        &mut self,
        len: usize,
        cells: usize,
        apart: bool,
        text: &mut String,
        out_ends: &mut Vec<usize>,
    ) -> bool {
        let (bytes, ends) = (&self.bytes[..len], &self.ends[..cells]);
        let mut switched = false;
        let gap = char::from(self.separator);
        if self.encoding != TextEncoding::Windows1252 {
            match std::str::from_utf8(bytes) {
                // A plain line as it is (`plain_line` appends most of them
                // itself, straight from the read buffer).
                Ok(record) if apart => {
                    append_apart(record, ends, &mut self.seen_utf8, text, out_ends);
                    return false;
                }
                // Cells joined may be UTF-8 where each alone is not (a
                // character's bytes split between two cells): then they are
                // not, and are taken cell by cell below.
                Ok(record) if ends.iter().all(|&end| record.is_char_boundary(end)) => {
                    if !self.seen_utf8 {
                        self.seen_utf8 = !record.is_ascii();
                    }
                    let mut start = 0;
                    for (i, &end) in ends.iter().enumerate() {
                        if i > 0 {
                            text.push(gap);
                        }
                        text.push_str(record.get(start..end).unwrap_or_default());
                        out_ends.push(text.len());
                        start = end;
                    }
                    return false;
                }
                _ if self.encoding == TextEncoding::Utf8 => {
                    // Not UTF-8 after all: Windows-1252 from here on. The
                    // rows before were ASCII (the same in both) unless
                    // UTF-8 text was seen: then the log says from where.
                    self.encoding = TextEncoding::Windows1252;
                    switched = self.seen_utf8;
                }
                _ => {}
            }
        }
        // Cell by cell: decoding changes their lengths.
        let mut start = 0;
        for (i, &end) in ends.iter().enumerate() {
            if i > 0 {
                text.push(gap);
            }
            let cell = bytes.get(start..end).unwrap_or_default();
            match self.encoding {
                TextEncoding::Windows1252 => {
                    text.push_str(&WINDOWS_1252.decode_without_bom_handling(cell).0);
                }
                // A byte order mark says UTF-8 (or the text was decoded to
                // it): what is not UTF-8 is replaced, not guessed.
                _ => text.push_str(&String::from_utf8_lossy(cell)),
            }
            out_ends.push(text.len());
            // A plain line's next cell starts after the separator.
            start = end + usize::from(apart);
        }
        switched
    }

    /// Whether the record last read may hold a control character.
    pub(crate) fn maybe_control(&self) -> bool {
        self.maybe_control
    }

    /// The encoding as decided so far.
    pub(crate) fn encoding(&self) -> TextEncoding {
        self.encoding
    }

    /// The row from which a file that had UTF-8 text before it was read
    /// as Windows-1252.
    pub(crate) fn windows_1252_from(&self) -> Option<u64> {
        self.windows_1252_from
    }

    /// Reading stopped at the next row.
    fn error(&self, message: String) -> SourceError {
        SourceError::Csv {
            path: self.path.clone(),
            row: self.row + 1,
            message,
        }
    }
}

/// Follows one record's bytes as the parser reads them, to know what the
/// parser does not say: whether the record ends inside a quoted value, in
/// which row that value opened, and how long the record is. Quotes are
/// found with `memchr`, so a record without any costs one search.
///
/// The parser's rules (csv-core): a quote opens a quoted value only at the
/// start of a cell (after a separator, a line break, or the start of the
/// record); inside one, two quotes are one quote and a single one closes
/// it; elsewhere a quote is text.
struct QuoteScan {
    /// The byte before the next one fed (a line break at the start).
    prev: u8,
    /// Before the record's first byte that is not a line break: the parser
    /// skips blank lines there.
    leading: bool,
    /// Line feeds skipped before the record starts.
    leading_lf: u64,
    /// The record's first byte is a line feed that ends the record before
    /// it (whose `\r` the parser stopped at).
    crlf_first: bool,
    /// The last byte consumed before this record.
    before: u8,
    /// Bytes of the record from its first byte that is not a line break.
    bytes: usize,
    /// Inside a quoted value: `Some((closing, lines))`, `closing` when its
    /// last byte was a quote that may close it or be the first of two, and
    /// the line feeds in it so far.
    quote: Option<(bool, u64)>,
}

impl QuoteScan {
    fn new(before: u8) -> QuoteScan {
        QuoteScan {
            prev: b'\n',
            leading: true,
            leading_lf: 0,
            crlf_first: false,
            before,
            bytes: 0,
            quote: None,
        }
    }

    /// Whether the record so far ends inside a quoted value.
    fn in_quote(&self) -> bool {
        matches!(self.quote, Some((false, _)))
    }

    /// The spreadsheet row the record starts in, the last record having
    /// been in `last_row`: one more, and one per blank line skipped (the
    /// line feed of a CRLF break the last record stopped before is its own).
    fn started_row(&self, last_row: u64) -> u64 {
        last_row + 1 + self.leading_lf - u64::from(self.crlf_first)
    }

    /// The row a quoted value opened in: the record's own (a value over
    /// several lines is in one row).
    fn opened_row(&self, last_row: u64) -> u64 {
        self.started_row(last_row)
    }

    /// Follows `bytes`, the next the parser consumed for this record;
    /// `true` when the record is over a limit ([`MAX_ROW_BYTES`], or a
    /// quoted value over [`MAX_QUOTED_LINES`] lines).
    fn feed(&mut self, mut bytes: &[u8], separator: u8) -> bool {
        if self.leading {
            let blank = bytes
                .iter()
                .take_while(|b| **b == b'\n' || **b == b'\r')
                .count();
            if self.leading_lf == 0 && self.before == b'\r' && bytes.first() == Some(&b'\n') {
                self.crlf_first = true;
            }
            self.leading_lf += memchr::memchr_iter(b'\n', &bytes[..blank]).count() as u64;
            bytes = &bytes[blank..];
            if bytes.is_empty() {
                return false;
            }
            self.leading = false;
        }
        self.bytes += bytes.len();
        if self.bytes > MAX_ROW_BYTES {
            return true;
        }
        while !bytes.is_empty() {
            match self.quote {
                // A quote that closed the value, or the first of two.
                Some((true, lines)) => {
                    if bytes[0] == b'"' {
                        self.quote = Some((false, lines));
                        self.prev = b'"';
                        bytes = &bytes[1..];
                    } else {
                        self.quote = None;
                    }
                }
                Some((false, lines)) => match memchr::memchr(b'"', bytes) {
                    Some(at) => {
                        let lines = lines + memchr::memchr_iter(b'\n', &bytes[..at]).count() as u64;
                        self.quote = Some((true, lines));
                        if lines > MAX_QUOTED_LINES {
                            return true;
                        }
                        self.prev = b'"';
                        bytes = &bytes[at + 1..];
                    }
                    None => {
                        let lines = lines + memchr::memchr_iter(b'\n', bytes).count() as u64;
                        self.quote = Some((false, lines));
                        self.prev = bytes[bytes.len() - 1];
                        return lines > MAX_QUOTED_LINES;
                    }
                },
                None => match memchr::memchr(b'"', bytes) {
                    Some(at) => {
                        let before = if at == 0 { self.prev } else { bytes[at - 1] };
                        if before == separator || before == b'\n' || before == b'\r' {
                            self.quote = Some((false, 0));
                        }
                        self.prev = b'"';
                        bytes = &bytes[at + 1..];
                    }
                    None => {
                        self.prev = bytes[bytes.len() - 1];
                        return false;
                    }
                },
            }
        }
        false
    }
}

/// Appends a line whose cells are apart already (by its separators, ASCII
/// so between characters), its cells ending at `ends` in it, to `text`
/// and where each cell ends to `out_ends`; notes whether UTF-8 beyond
/// ASCII was seen.
fn append_apart(
    line: &str,
    ends: &[usize],
    seen_utf8: &mut bool,
    text: &mut String,
    out_ends: &mut Vec<usize>,
) {
    if !*seen_utf8 {
        *seen_utf8 = !line.is_ascii();
    }
    let base = text.len();
    text.push_str(line);
    out_ends.extend(ends.iter().map(|end| base + end));
}

/// Writes where each separator of `line` is to `ends`, then the line's
/// length (where its last cell ends): the number of cells. `ends` holds at
/// least `line.len() + 1` positions.
///
/// Eight bytes at a time: a word's bytes equal to the separator are found
/// at once (the exact zero-byte test on the word xor the separator in
/// every byte), and only the separators themselves take a step each.
///
/// On the way it notes, for the checks, whether the line may hold a
/// control character (a byte below 0x20, DEL, or 0xC2 which starts a C1
/// control): the second value, `false` when it holds none.
fn separators(line: &[u8], separator: u8, ends: &mut [usize]) -> (usize, bool) {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    const SEVEN: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    let every = LOW * u64::from(separator);
    let mut cell = 0;
    let mut suspect = 0u64;
    let mut chunks = line.chunks_exact(8);
    let mut at = 0;
    for chunk in &mut chunks {
        let mut word = [0; 8];
        word.copy_from_slice(chunk);
        let raw = u64::from_le_bytes(word);
        // A byte below 0x20, or equal to DEL or 0xC2 (its top bit set in
        // `suspect`, whichever the byte).
        let del = raw ^ (LOW * 0x7f);
        let c2 = raw ^ (LOW * 0xc2);
        suspect |= (raw.wrapping_sub(LOW * 0x20) & !raw)
            | (del.wrapping_sub(LOW) & !del)
            | (c2.wrapping_sub(LOW) & !c2);
        let x = raw ^ every;
        // The top bit of each byte that is zero in `x`, and of no other.
        let mut found = !(((x & SEVEN) + SEVEN) | x | SEVEN);
        while found != 0 {
            ends[cell] = at + (found.trailing_zeros() / 8) as usize;
            cell += 1;
            found &= found - 1;
        }
        at += 8;
    }
    let mut suspect = suspect & HIGH != 0;
    for (i, &b) in chunks.remainder().iter().enumerate() {
        if b == separator {
            ends[cell] = at + i;
            cell += 1;
        }
        suspect |= b < 0x20 || b == 0x7f || b == 0xc2;
    }
    ends[cell] = line.len();
    (cell + 1, suspect)
}

#[cfg(test)]
mod tests {
    use crate::{Record, Source, TextEncoding};
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
    fn a_record_read_equals_the_record_of_its_cells() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        // A plain line, a quoted one, one with empty cells.
        std::fs::write(&path, "a;b;c\nx;\"y;z\";w\n;;v\n").unwrap();
        let mut source = Source::open(&path).unwrap();
        let mut record = Record::default();
        let mut read = vec![source.header().clone()];
        while source.next_record(&mut record).unwrap() {
            read.push(record.clone());
        }
        let expected = [
            Record::from_cells(1, ["a", "b", "c"]),
            Record::from_cells(2, ["x", "y;z", "w"]),
            Record::from_cells(3, ["", "", "v"]),
        ];
        assert_eq!(read, expected);
        assert_ne!(read[0], Record::from_cells(1, ["a", "b"]));
        assert_ne!(read[0], Record::from_cells(2, ["a", "b", "c"]));
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

    /// Every row's cells, and what the file was read as.
    fn read(bytes: &[u8]) -> (Vec<Vec<String>>, Option<TextEncoding>, Option<u64>) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut source = Source::open(&path).unwrap();
        let mut rows = vec![source.header().to_vec()];
        let mut record = Record::default();
        while source.next_record(&mut record).unwrap() {
            rows.push(record.to_vec());
        }
        let info = source.info();
        (rows, info.encoding, info.windows_1252_from)
    }

    /// `rows` ASCII rows of about 40 bytes: more than the 64 KiB the
    /// encoding is first decided on.
    fn ascii_rows(text: &mut Vec<u8>, rows: usize) {
        for i in 0..rows {
            text.extend_from_slice(format!("p{i:06}@example.ch;Muster;Bern\n").as_bytes());
        }
    }

    #[test]
    fn a_windows_1252_letter_after_the_first_64_kib_is_read_right() {
        let mut text = b"email;last_name;town\n".to_vec();
        ascii_rows(&mut text, 3000);
        text.extend_from_slice(b"ren\xe9@example.ch;Ren\xe9e;Z\xfcrich\n");
        ascii_rows(&mut text, 10);
        let (rows, encoding, from) = read(&text);
        assert_eq!(
            rows[3001],
            ["ren\u{e9}@example.ch", "Ren\u{e9}e", "Z\u{fc}rich"]
        );
        assert_eq!(rows.len(), 3012);
        assert_eq!(encoding, Some(TextEncoding::Windows1252));
        // Only ASCII before: the whole file reads the same as Windows-1252.
        assert_eq!(from, None);
    }

    #[test]
    fn a_file_utf8_then_not_says_from_which_row() {
        let mut text = "email;last_name;town\nana@example.ch;Müller;Genève\n"
            .as_bytes()
            .to_vec();
        ascii_rows(&mut text, 3000);
        text.extend_from_slice(b"ren\xe9@example.ch;Ren\xe9e;Z\xfcrich\n");
        let (rows, encoding, from) = read(&text);
        assert_eq!(rows[1], ["ana@example.ch", "Müller", "Genève"]);
        assert_eq!(
            rows[3002],
            ["ren\u{e9}@example.ch", "Ren\u{e9}e", "Z\u{fc}rich"]
        );
        assert_eq!(encoding, Some(TextEncoding::Windows1252));
        assert_eq!(from, Some(3003));
    }

    #[test]
    fn a_character_split_between_two_cells_is_not_utf8() {
        // "JOSÉ" then a cell starting with a no-break space, in
        // Windows-1252: joined, the two bytes make a UTF-8 character.
        let mut text = b"name;town\n".to_vec();
        ascii_rows(&mut text, 3000);
        text.extend_from_slice(b"JOS\xc9;\xa0Muster\nAnna;Bern\n");
        let (rows, encoding, from) = read(&text);
        assert_eq!(rows[3001], ["JOS\u{c9}", "\u{a0}Muster"]);
        assert_eq!(rows[3002], ["Anna", "Bern"]);
        assert_eq!(encoding, Some(TextEncoding::Windows1252));
        assert_eq!(from, None);
        // With a byte order mark the cells keep their bytes, replaced.
        let (rows, _, _) = read(b"\xef\xbb\xbfa;b\nx\xc3;\xa9y\n");
        assert_eq!(rows[1], ["x\u{fffd}", "\u{fffd}y"]);
    }

    #[test]
    fn utf8_files_with_and_without_a_byte_order_mark() {
        let (rows, encoding, _) = read("email;town\na@b.ch;Zürich\n".as_bytes());
        assert_eq!(
            (rows[1][1].as_str(), encoding),
            ("Zürich", Some(TextEncoding::Utf8))
        );
        let (rows, encoding, _) = read("\u{feff}email;town\na@b.ch;Zürich\n".as_bytes());
        assert_eq!(rows[0][0], "email");
        assert_eq!(
            (rows[1][1].as_str(), encoding),
            ("Zürich", Some(TextEncoding::Utf8Bom))
        );
        // The mark says UTF-8: a byte that is not is replaced, not guessed.
        let (rows, encoding, _) = read(b"\xef\xbb\xbfemail;town\na@b.ch;Z\xfcrich\n");
        assert_eq!(
            (rows[1][1].as_str(), encoding),
            ("Z\u{fffd}rich", Some(TextEncoding::Utf8Bom))
        );
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

    /// Every record of a file as `next_into` gives it (row and cells), the
    /// error that stopped it, and what was decided on the way; lines split
    /// without the parser or not, read `buffer` bytes at a time.
    fn records(bytes: &[u8], plain_lines: bool, buffer: usize) -> Vec<String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("any.csv");
        std::fs::write(&path, bytes).unwrap();
        let (mut rows, encoding, separator) =
            super::CsvRows::open_with_buffer(&path, buffer).unwrap();
        rows.plain_lines = plain_lines;
        let mut out = vec![format!("{encoding:?} {separator}")];
        let (mut text, mut ends) = (String::new(), Vec::new());
        loop {
            text.clear();
            ends.clear();
            match rows.next_into(&mut text, &mut ends) {
                Ok(Some(row)) => {
                    let mut start = 0;
                    let cells: Vec<&str> = ends
                        .iter()
                        .map(|&end| {
                            let cell = &text[start..end];
                            start = end + 1;
                            cell
                        })
                        .collect();
                    // The text too: the same bytes between the cells.
                    out.push(format!("{row} {cells:?} {text:?}"));
                }
                Ok(None) => break,
                Err(e) => {
                    let path = path.display().to_string();
                    out.push(format!("error {}", e.to_string().replace(&path, "FILE")));
                    break;
                }
            }
        }
        // (Mid-file, a CRLF record's `\n` may be counted with it or with
        // the next record: the same bytes, read.)
        out.push(format!(
            "{:?} {:?} {}",
            rows.encoding(),
            rows.windows_1252_from(),
            rows.position
        ));
        out
    }

    #[test]
    fn plain_lines_are_read_as_the_parser_reads_them() {
        for text in [
            &b"a;b\nc;d\n"[..],
            b"a;b\r\nc;d\r\n\r\ne;f",
            b"a;b\n\"c\nd\";e\nf;g\n",
            b"a;b\r\n\"x\";y\r\nz;\r\n",
            b"a;b\rc;d\ne;f\n",
            b"\xef\xbb\xbfa;b\n\xef\xbb\xbfc;d\n",
            b"a;b\n;;\n \n",
        ] {
            assert_eq!(records(text, true, 1 << 16), records(text, false, 1 << 16));
            assert_eq!(records(text, true, 3), records(text, false, 1 << 16));
        }
    }

    /// The error that stops reading `bytes`, if any.
    fn stops(bytes: &[u8]) -> Option<crate::SourceError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("rows.csv");
        std::fs::write(&path, bytes).unwrap();
        let mut source = match Source::open(&path) {
            Ok(source) => source,
            Err(e) => return Some(e),
        };
        let mut record = Record::default();
        loop {
            match source.next_record(&mut record) {
                Ok(true) => {}
                Ok(false) => return None,
                Err(e) => return Some(e),
            }
        }
    }

    #[test]
    fn an_unclosed_quote_refuses_the_file_naming_the_row_it_opens_in() {
        let text = b"email;first_name;last_name;notes\na@x.ch;Ann;Lee;\"note\nb@x.ch;Bob;Lee;\nc@x.ch;Cy;Lee;\nd@x.ch;Di;Lee;\n";
        match stops(text) {
            Some(crate::SourceError::UnclosedQuote { row, lines, .. }) => {
                assert_eq!((row, lines), (2, None));
            }
            other => panic!("{other:?}"),
        }
        // After blank lines (LF and CRLF) and a value over two lines.
        let text = b"h;n\r\n\r\n\"a\r\nb\";x\r\n\r\ny;\"open\r\nz;z\r\n";
        match stops(text) {
            Some(crate::SourceError::UnclosedQuote { row, .. }) => assert_eq!(row, 5),
            other => panic!("{other:?}"),
        }
        // Closed at the very end, escaped quotes, a quote inside a cell:
        // all read.
        assert!(stops(b"h;n\nx;\"a \"\"b\"\" c\"").is_none());
        assert!(stops(b"h;n\nx;ab\"c\ny;d\n").is_none());
        assert!(stops(b"h;n\nx;\"a\"b\"\ny;d\n").is_none());
    }

    #[test]
    fn a_quoted_value_over_ten_thousand_lines_refuses_the_file() {
        let mut text = b"h;notes\nx;\"".to_vec();
        text.extend(std::iter::repeat_n(&b"line\n"[..], 10_000).flatten());
        text.extend_from_slice(b"end\"\n");
        // 10,000 lines in one value: read.
        assert!(stops(&text).is_none());
        let mut text = b"h;notes\nx;\"".to_vec();
        text.extend(std::iter::repeat_n(&b"line\n"[..], 10_001).flatten());
        text.extend_from_slice(b"end\"\n");
        match stops(&text) {
            Some(crate::SourceError::UnclosedQuote { row, lines, .. }) => {
                assert_eq!((row, lines), (2, Some(10_001)));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_row_over_one_mebibyte_refuses_the_file_naming_it() {
        let mut text = b"h;n\nx;y\n\n".to_vec();
        text.extend(std::iter::repeat_n(b'a', super::MAX_ROW_BYTES + 1));
        text.extend_from_slice(b"\nz;z\n");
        match stops(&text) {
            Some(crate::SourceError::RowTooLong { row, limit, .. }) => {
                assert_eq!((row, limit), (4, super::MAX_ROW_BYTES));
            }
            other => panic!("{other:?}"),
        }
        // The same without a single line break (a file of one line).
        let text = vec![b'a'; 3 * super::MAX_ROW_BYTES];
        match stops(&text) {
            Some(crate::SourceError::RowTooLong { row, .. }) => assert_eq!(row, 1),
            other => panic!("{other:?}"),
        }
        // A row just under the limit is read.
        let mut text = b"h;n\nx;".to_vec();
        text.extend(std::iter::repeat_n(b'a', super::MAX_ROW_BYTES - 10));
        text.extend_from_slice(b"\n");
        assert!(stops(&text).is_none());
    }

    #[test]
    fn a_header_of_more_than_1024_columns_refuses_the_file() {
        let header = vec!["c"; 1025].join(";");
        match stops(format!("{header}\nx\n").as_bytes()) {
            Some(crate::SourceError::TooManyColumns { columns, limit, .. }) => {
                assert_eq!((columns, limit), (1025, 1024));
            }
            other => panic!("{other:?}"),
        }
        // Empty cells at its end do not count.
        let header = format!("{};;;;", vec!["c"; 1024].join(";"));
        assert!(stops(format!("{header}\nx\n").as_bytes()).is_none());
    }

    /// Whether the parser (csv-core's rules, byte by byte) ends `bytes`
    /// inside a quoted value.
    fn ends_in_quote(bytes: &[u8], separator: u8) -> bool {
        #[derive(PartialEq)]
        enum S {
            Start,
            Field,
            Quoted,
            Closing,
        }
        let mut state = S::Start;
        for &b in bytes {
            state = match state {
                S::Start if b == b'"' => S::Quoted,
                S::Start | S::Field if b == separator || b == b'\n' || b == b'\r' => S::Start,
                S::Start | S::Field => S::Field,
                S::Quoted if b == b'"' => S::Closing,
                S::Quoted => S::Quoted,
                S::Closing if b == b'"' => S::Quoted,
                S::Closing if b == separator || b == b'\n' || b == b'\r' => S::Start,
                S::Closing => S::Field,
            };
        }
        state == S::Quoted
    }

    proptest! {
        /// Eight bytes at a time, the separators found are those a byte by
        /// byte search finds, whatever surrounds them (bytes a bit away
        /// from the separator, zero, high bytes, the separator with its top
        /// bit set) and wherever the line ends in its last word.
        #[test]
        fn separators_are_found_where_a_byte_search_finds_them(
            line in proptest::collection::vec(
                proptest::sample::select(vec![b';', b':', b'<', b'\t', b',', 0u8, 0xbb, 0xff, 0x7f, b'a']),
                0..70,
            ),
            separator in proptest::sample::select(vec![b';', b'\t', b',']),
        ) {
            let mut ends = vec![usize::MAX; line.len() + 1];
            let (cells, suspect) = super::separators(&line, separator, &mut ends);
            // A line with a control character is never said to have none.
            let control = line.iter().enumerate().any(|(i, &b)| {
                matches!(b, 0..=8 | 11 | 12 | 14..=31 | 127)
                    || (b == 0xc2 && matches!(line.get(i + 1), Some(0x80..=0x9f)))
            });
            prop_assert!(suspect || !control);
            let mut expected: Vec<usize> = line
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == separator)
                .map(|(i, _)| i)
                .collect();
            expected.push(line.len());
            prop_assert_eq!(&ends[..cells], &expected[..]);
        }

        /// Any bytes (separators, quotes, line ends of every kind, UTF-8
        /// and Windows-1252 letters, byte order marks), read through a
        /// buffer of any size: the lines split without the parser give the
        /// records and rows the parser gives, and reading ends where it does.
        #[test]
        fn plain_lines_agree_with_the_parser(
            bytes in proptest::collection::vec(
                proptest::sample::select(vec![
                    &b"a"[..], b"b", b";", b",", b"\"", b"\r", b"\n", b"\r\n", b" ",
                    b"\xc3\xa9", b"\xe9", b"\xef\xbb\xbf", b"\t",
                ]),
                0..120,
            ),
            buffer in 1usize..40,
        ) {
            let bytes: Vec<u8> = bytes.concat();
            prop_assert_eq!(records(&bytes, true, 1 << 16), records(&bytes, false, 1 << 16));
            // Reading stops at an unclosed quote exactly when the parser
            // would end inside one (the separator sniffed from the bytes).
            let read = records(&bytes, true, 1 << 16);
            let separator = read[0].rsplit(' ').next().and_then(|s| s.parse::<u8>().ok()).unwrap();
            let without_bom = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(&bytes);
            let stopped = read.iter().any(|r| r.contains("never closed"));
            prop_assert_eq!(stopped, ends_in_quote(without_bom, separator), "{:?}", read);
            // (The parser itself reads a byte order mark cut by the end of
            // its buffer as text: compared at the same buffer size.)
            prop_assert_eq!(records(&bytes, true, buffer), records(&bytes, false, buffer));
        }

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

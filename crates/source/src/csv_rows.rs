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
mod tests;

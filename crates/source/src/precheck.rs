//! Checks that an `.xls`, `.xlsb` or `.ods` workbook fits in memory before
//! calamine reads it (`.xls`, `.ods` whole; an `.xlsb`'s shared strings
//! and sheet references whole, its sheet streamed): calamine believes what the file declares (a
//! sheet's dimensions, a row repeated 10⁹ times, a stream's length) and
//! sizes its memory by it, so a file of 2 KB could take gigabytes or abort
//! the process. Each check walks the file as cheaply as it can (the XML of
//! an `.ods`, the records of an `.xlsb` or of an `.xls`'s workbook stream),
//! behind the limits of [`crate::zipped`], and adds up what calamine would
//! make of it: a workbook over [`MAX_WHOLE_WORKBOOK_CELLS`] is refused with
//! the advice to save it as `.xlsx` (read row by row) or CSV.

use std::io::Read;
use std::path::Path;

use quick_xml::events::Event;

use crate::zipped::{Package, Part, SMALL_PART_BYTES, attr, next_event, xml_error, xml_reader};
use crate::{Format, MAX_ROW_BYTES, MAX_WHOLE_WORKBOOK_CELLS, SourceError, WorkbookLimit};

/// The most an `.ods` file's `content.xml` may inflate to: it holds every
/// cell's text, which calamine keeps.
const ODS_CONTENT_BYTES: u64 = 256 << 20;

/// The most an `.xlsb` file's shared strings may inflate to (UTF-16, so
/// about half as much text): calamine keeps each as a string of its own.
const XLSB_STRINGS_BYTES: u64 = 256 << 20;

/// The most shared strings of an `.xlsb` file: each takes calamine about
/// 56 bytes beside its text, 280 MiB for these (a million rows of a dozen
/// columns of mostly distinct texts), under the reading process's limit.
const XLSB_STRINGS: u64 = 5_000_000;

/// The most bytes of an `.xls` file, which calamine copies into memory
/// (its workbook stream) before reading it.
pub(crate) const MAX_XLS_BYTES: u64 = 32 << 20;

/// The widest row calamine keeps (Excel's columns).
const EXCEL_COLUMNS: u64 = 16_384;

/// The most rows calamine expands repeated rows to.
const EXCEL_ROWS: u64 = 1_048_576;

/// Checks a workbook that calamine reads whole.
pub(crate) fn check(path: &Path, format: Format) -> Result<(), SourceError> {
    match format {
        Format::Ods => ods(path),
        Format::Xlsb => xlsb(path),
        Format::Xls => xls(path),
        Format::Csv | Format::Xlsx => Ok(()),
    }
}

fn too_many_cells(path: &Path) -> SourceError {
    SourceError::WorkbookTooLarge {
        path: path.to_path_buf(),
        limit: WorkbookLimit::Cells {
            limit: MAX_WHOLE_WORKBOOK_CELLS,
            whole: true,
        },
    }
}

fn damaged(path: &Path, message: impl Into<String>) -> SourceError {
    SourceError::Workbook {
        path: path.to_path_buf(),
        message: message.into(),
    }
}

/// Reads a part through to its end (its limits checked).
fn drain(path: &Path, mut part: Part) -> Result<(), SourceError> {
    let mut sink = [0u8; 1 << 14];
    loop {
        match part.read(&mut sink) {
            Ok(0) => return Ok(()),
            Ok(_) => {}
            Err(e) => {
                return Err(match part.over.take() {
                    Some(limit) => SourceError::WorkbookTooLarge {
                        path: path.to_path_buf(),
                        limit,
                    },
                    None => damaged(path, e.to_string()),
                });
            }
        }
    }
}

/// The cells calamine makes of one table (sheet) of an `.ods`, as its
/// rows come: the cells of each row as read (an empty cell is only kept
/// before one that is not; a repeated cell as many times, to Excel's
/// width), and the dense range from the first row with a value to the
/// last, repeated rows expanded (to Excel's height).
#[derive(Default)]
struct OdsTable {
    /// Cells as read, row after row.
    read: u64,
    /// The widest row read.
    width: u64,
    /// Rows from the first with a value to the last, repeats counted.
    span: u64,
    /// Rows without a value since the last with one.
    pending: u64,
    seen: bool,
}

impl OdsTable {
    fn row(&mut self, cells: u64, has_value: bool, repeats: u64) {
        self.read = self.read.saturating_add(cells);
        if has_value {
            self.width = self.width.max(cells);
            self.span = self
                .span
                .saturating_add(self.pending)
                .saturating_add(repeats)
                .min(EXCEL_ROWS);
            self.pending = 0;
            self.seen = true;
        } else if self.seen {
            self.pending = self.pending.saturating_add(repeats);
        }
    }

    /// The cells of the table: those read, or the range made of them
    /// when larger (calamine holds both for a moment).
    fn cells(&self) -> u64 {
        self.read.max(self.span.saturating_mul(self.width))
    }
}

fn ods(path: &Path) -> Result<(), SourceError> {
    let mut package = Package::new(path)?;
    if let Some((part, _)) = package.open("META-INF/manifest.xml", SMALL_PART_BYTES, None)? {
        drain(path, part)?;
    }
    let (part, _) = package
        .open("content.xml", ODS_CONTENT_BYTES, None)?
        .ok_or_else(|| damaged(path, "the part content.xml is missing"))?;
    let mut xml = xml_reader(part);
    let mut buf = Vec::new();
    let repeats = |e: &quick_xml::events::BytesStart<'_>, name: &str| -> u64 {
        attr(e, name)
            .and_then(|v| v.trim().parse::<u64>().ok())
            .unwrap_or(1)
            .max(1)
    };
    let (mut total, mut table) = (0u64, OdsTable::default());
    // The row being read: its cells, the empty ones not yet kept, whether
    // it has a value, and how many times it repeats.
    let (mut cells, mut empty, mut has_value, mut row_repeats) = (0u64, 0u64, false, 1u64);
    loop {
        buf.clear();
        match next_event(&mut xml, &mut buf) {
            Ok(Event::Start(e)) => match e.name().as_ref() {
                "table:table" => table = OdsTable::default(),
                "table:table-row" => {
                    (cells, empty, has_value) = (0, 0, false);
                    row_repeats = repeats(&e, "number-rows-repeated");
                }
                "table:table-cell" | "table:covered-table-cell" => {
                    let columns = repeats(&e, "number-columns-repeated");
                    let value = e.attributes().flatten().any(|a| {
                        let key: &str = a.key.as_ref();
                        key.starts_with("office:") || key == "table:formula"
                    });
                    if value {
                        cells = cells
                            .saturating_add(empty)
                            .saturating_add(columns)
                            .min(EXCEL_COLUMNS);
                        empty = 0;
                        has_value = true;
                    } else {
                        empty = empty.saturating_add(columns);
                    }
                }
                _ => {}
            },
            Ok(Event::End(e)) => match e.name().as_ref() {
                "table:table-row" => table.row(cells, has_value, row_repeats),
                "table:table" => {
                    total = total.saturating_add(table.cells());
                    table = OdsTable::default();
                }
                _ => {}
            },
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => return Err(xml_error(path, &mut xml, e)),
        }
        if total.saturating_add(table.cells()) > MAX_WHOLE_WORKBOOK_CELLS {
            return Err(too_many_cells(path));
        }
    }
    Ok(())
}

/// The records of an `.xlsb` part: (type, payload), each payload at most
/// [`MAX_ROW_BYTES`] (the part is refused past it).
struct Records {
    part: Part,
    payload: Vec<u8>,
}

impl Records {
    /// A variable-length number of up to `bytes` bytes, 7 bits each; `None`
    /// at the end of the part.
    fn varint(&mut self, bytes: usize) -> std::io::Result<Option<u32>> {
        let mut value = 0u32;
        for i in 0..bytes {
            let mut byte = [0u8];
            if self.part.read(&mut byte)? == 0 {
                return if i == 0 {
                    Ok(None)
                } else {
                    Err(std::io::ErrorKind::UnexpectedEof.into())
                };
            }
            value |= u32::from(byte[0] & 0x7f) << (7 * i);
            if byte[0] & 0x80 == 0 {
                break;
            }
        }
        Ok(Some(value))
    }

    fn next(&mut self, path: &Path) -> Result<Option<u32>, SourceError> {
        let fail = |part: &mut Part, e: std::io::Error| match part.over.take() {
            Some(limit) => SourceError::WorkbookTooLarge {
                path: path.to_path_buf(),
                limit,
            },
            None => damaged(path, e.to_string()),
        };
        let kind = match self.varint(2) {
            Ok(Some(kind)) => kind,
            Ok(None) => return Ok(None),
            Err(e) => return Err(fail(&mut self.part, e)),
        };
        let len = match self.varint(4) {
            Ok(Some(len)) => len as usize,
            Ok(None) => return Err(damaged(path, "a record is cut short")),
            Err(e) => return Err(fail(&mut self.part, e)),
        };
        if len > MAX_ROW_BYTES {
            return Err(SourceError::WorkbookTooLarge {
                path: path.to_path_buf(),
                limit: WorkbookLimit::Node {
                    part: self.part.name.clone(),
                },
            });
        }
        self.payload.resize(len, 0);
        if let Err(e) = self.part.read_exact(&mut self.payload) {
            return Err(fail(&mut self.part, e));
        }
        Ok(Some(kind))
    }

    fn u32_at(&self, at: usize) -> Option<u32> {
        let bytes = self.payload.get(at..at + 4)?;
        Some(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
    }
}

fn xlsb(path: &Path) -> Result<(), SourceError> {
    const BRT_SST_ITEM: u32 = 19;
    const BRT_EXTERN_SHEET: u32 = 362;
    let mut package = Package::new(path)?;
    let names = package.names();
    // The sheets are streamed (xlsb.rs): what is checked here is what
    // calamine holds whole (the shared strings, the sheet references) and
    // that no record is larger than a row may be.
    let mut strings = 0u64;
    let mut parts: Vec<(String, u64)> = vec![
        ("xl/workbook.bin".into(), SMALL_PART_BYTES),
        ("xl/styles.bin".into(), SMALL_PART_BYTES),
        ("xl/sharedStrings.bin".into(), XLSB_STRINGS_BYTES),
    ];
    parts.extend(
        names
            .iter()
            .filter(|n| {
                let n = n.to_ascii_lowercase();
                n.starts_with("xl/worksheets/") && n.ends_with(".bin")
            })
            .map(|n| (n.clone(), crate::MAX_INFLATED_BYTES)),
    );
    for (name, limit) in parts {
        let Some((part, _)) = package.open(&name, limit, None)? else {
            continue;
        };
        let mut records = Records {
            part,
            payload: Vec::new(),
        };
        while let Some(kind) = records.next(path)? {
            match kind {
                BRT_SST_ITEM => strings += 1,
                BRT_EXTERN_SHEET => {
                    // calamine reserves room for as many sheet references
                    // as declared: each takes 12 bytes of the record.
                    let declared = u64::from(records.u32_at(0).unwrap_or(0));
                    if declared.saturating_mul(12) > records.payload.len() as u64 {
                        return Err(damaged(path, "a list of sheet references is cut short"));
                    }
                }
                _ => {}
            }
        }
        if strings > XLSB_STRINGS {
            return Err(SourceError::WorkbookTooLarge {
                path: path.to_path_buf(),
                limit: WorkbookLimit::SharedStrings {
                    limit: XLSB_STRINGS_BYTES,
                },
            });
        }
    }
    Ok(())
}

fn xls(path: &Path) -> Result<(), SourceError> {
    let size = std::fs::metadata(path)
        .map_err(|source| SourceError::Open {
            path: path.to_path_buf(),
            source,
        })?
        .len();
    if size > MAX_XLS_BYTES {
        return Err(SourceError::WorkbookTooLarge {
            path: path.to_path_buf(),
            limit: WorkbookLimit::Inflated {
                part: "Workbook".into(),
                limit: MAX_XLS_BYTES,
            },
        });
    }
    let mut file = cfb::open(path).map_err(|e| damaged(path, e.to_string()))?;
    // calamine reads the first stream named so, in any case, and copies as
    // many bytes as its entry declares: none may declare more than the file.
    let streams: Vec<(std::path::PathBuf, u64)> = file
        .walk()
        .filter(|e| {
            e.is_stream()
                && (e.name().eq_ignore_ascii_case("Workbook")
                    || e.name().eq_ignore_ascii_case("Book"))
        })
        .map(|e| (e.path().to_path_buf(), e.len()))
        .collect();
    let (mut total, mut strings) = (0u64, 0u64);
    for (stream_path, len) in streams {
        if len > size {
            return Err(damaged(path, "the workbook stream is longer than the file"));
        }
        let mut stream = Vec::with_capacity(len as usize);
        file.open_stream(&stream_path)
            .and_then(|s| s.take(len).read_to_end(&mut stream))
            .map_err(|e| damaged(path, e.to_string()))?;
        let (cells, shared) = biff_cells(path, &stream)?;
        total = total.saturating_add(cells);
        strings = strings.saturating_add(shared);
        if total.max(strings) > MAX_WHOLE_WORKBOOK_CELLS {
            return Err(too_many_cells(path));
        }
    }
    Ok(())
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    let b = data.get(at..at + 2)?;
    Some(u16::from_le_bytes([b[0], b[1]]))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    let b = data.get(at..at + 4)?;
    Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// What calamine makes of an `.xls` workbook stream: cells (for each
/// worksheet the room its declared dimensions reserve, the cells read, or
/// the dense range of their bounding box, whichever is largest), and
/// shared strings.
fn biff_cells(path: &Path, stream: &[u8]) -> Result<(u64, u64), SourceError> {
    const BOF: u16 = 0x0809;
    const EOF: u16 = 0x000A;
    const CONTINUE: u16 = 0x003C;
    const SST: u16 = 0x00FC;
    const DIMENSIONS: u16 = 0x0200;
    const MULRK: u16 = 0x00BD;
    const CELLS: [u16; 8] = [
        0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006, 0x0207,
    ];
    // Records with their CONTINUE records after them, as calamine joins them.
    let mut records: Vec<(u16, Vec<&[u8]>)> = Vec::new();
    let mut at = 0usize;
    while at + 4 <= stream.len() {
        let kind = u16_at(stream, at).unwrap_or(0);
        let len = usize::from(u16_at(stream, at + 2).unwrap_or(0));
        let Some(data) = stream.get(at + 4..at + 4 + len) else {
            return Err(damaged(path, "a record runs past the end of the stream"));
        };
        at += 4 + len;
        match (kind, records.last_mut()) {
            (CONTINUE, Some((_, parts))) => parts.push(data),
            _ => records.push((kind, vec![data])),
        }
    }
    let mut total = 0u64;
    let mut depth = 0usize;
    let mut in_sheet = false;
    let (mut rows, mut cols, mut cells, mut reserved) =
        ((u32::MAX, 0u32), (u32::MAX, 0u32), 0u64, 0u64);
    let end_sheet = |rows: (u32, u32), cols: (u32, u32), cells: u64, reserved: u64| -> u64 {
        let area = if cells > 0 {
            u64::from(rows.1 - rows.0 + 1).saturating_mul(u64::from(cols.1 - cols.0 + 1))
        } else {
            0
        };
        reserved.max(cells).max(area)
    };
    let mut strings = 0u64;
    for (kind, parts) in &records {
        let data = parts[0];
        match *kind {
            BOF => {
                depth += 1;
                // A worksheet's substream (BIFF8 0x0010, BIFF5 too).
                if depth == 1 && u16_at(data, 2) == Some(0x0010) {
                    in_sheet = true;
                    (rows, cols, cells, reserved) = ((u32::MAX, 0), (u32::MAX, 0), 0, 0);
                }
            }
            EOF => {
                if depth == 1 && in_sheet {
                    total = total.saturating_add(end_sheet(rows, cols, cells, reserved));
                    in_sheet = false;
                }
                depth = depth.saturating_sub(1);
            }
            SST => strings = strings.saturating_add(sst_strings(path, parts)?),
            DIMENSIONS if in_sheet && depth == 1 => {
                let (first_row, last_row, first_col, last_col) = match data.len() {
                    10 => (
                        u64::from(u16_at(data, 0).unwrap_or(0)),
                        u64::from(u16_at(data, 2).unwrap_or(0)),
                        u64::from(u16_at(data, 4).unwrap_or(0)),
                        u64::from(u16_at(data, 6).unwrap_or(0)),
                    ),
                    _ => (
                        u64::from(u32_at(data, 0).unwrap_or(0)),
                        u64::from(u32_at(data, 4).unwrap_or(0)),
                        u64::from(u16_at(data, 8).unwrap_or(0)),
                        u64::from(u16_at(data, 10).unwrap_or(0)),
                    ),
                };
                let first_col = if first_col > 0xFF || last_col < first_col {
                    0
                } else {
                    first_col
                };
                reserved = last_row
                    .saturating_sub(first_row)
                    .saturating_add(1)
                    .saturating_mul(last_col.saturating_sub(first_col).saturating_add(1));
            }
            MULRK if in_sheet && depth == 1 => {
                let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) else {
                    return Err(damaged(path, "a cell record is cut short"));
                };
                if last < first {
                    return Err(damaged(path, "a cell record ends before it starts"));
                }
                rows = (rows.0.min(u32::from(row)), rows.1.max(u32::from(row)));
                cols = (cols.0.min(u32::from(first)), cols.1.max(u32::from(last)));
                cells += u64::from(last - first) + 1;
            }
            k if in_sheet && depth == 1 && CELLS.contains(&k) => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    rows = (rows.0.min(u32::from(row)), rows.1.max(u32::from(row)));
                    cols = (cols.0.min(u32::from(col)), cols.1.max(u32::from(col)));
                    cells += 1;
                }
            }
            _ => {}
        }
        if total.max(strings) > MAX_WHOLE_WORKBOOK_CELLS {
            return Err(too_many_cells(path));
        }
    }
    if in_sheet {
        total = total.saturating_add(end_sheet(rows, cols, cells, reserved));
    }
    Ok((total, strings))
}

/// How many strings an SST record (and its CONTINUE records) holds: each
/// a character count, flags, then characters that may go on in the next
/// record after a flag byte of their own, then rich text runs and
/// extended data ([MS-XLS] 2.5.293).
fn sst_strings(path: &Path, parts: &[&[u8]]) -> Result<u64, SourceError> {
    struct Cursor<'a> {
        parts: &'a [&'a [u8]],
        part: usize,
        at: usize,
    }
    impl Cursor<'_> {
        fn left(&self) -> usize {
            self.parts.get(self.part).map_or(0, |p| p.len() - self.at)
        }
        fn next_part(&mut self) -> bool {
            self.part += 1;
            self.at = 0;
            self.part < self.parts.len()
        }
        fn byte(&mut self) -> Option<u8> {
            while self.left() == 0 {
                if !self.next_part() {
                    return None;
                }
            }
            let b = self.parts[self.part][self.at];
            self.at += 1;
            Some(b)
        }
        fn skip(&mut self, mut n: usize) -> Option<()> {
            while n > 0 {
                while self.left() == 0 {
                    if !self.next_part() {
                        return None;
                    }
                }
                let step = n.min(self.left());
                self.at += step;
                n -= step;
            }
            Some(())
        }
        fn u16(&mut self) -> Option<u16> {
            Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
        }
        fn u32(&mut self) -> Option<u32> {
            Some(u32::from_le_bytes([
                self.byte()?,
                self.byte()?,
                self.byte()?,
                self.byte()?,
            ]))
        }
        fn at_end(&mut self) -> bool {
            while self.left() == 0 {
                if !self.next_part() {
                    return true;
                }
            }
            false
        }
    }
    let mut cursor = Cursor {
        parts,
        part: 0,
        at: 0,
    };
    let cut = || damaged(path, "the shared strings are cut short");
    cursor.skip(8).ok_or_else(cut)?;
    let mut count = 0u64;
    while !cursor.at_end() {
        let chars = usize::from(cursor.u16().ok_or_else(cut)?);
        let flags = cursor.byte().ok_or_else(cut)?;
        let mut wide = flags & 0x01 != 0;
        let runs = if flags & 0x08 != 0 {
            usize::from(cursor.u16().ok_or_else(cut)?)
        } else {
            0
        };
        let extended = if flags & 0x04 != 0 {
            cursor.u32().ok_or_else(cut)? as usize
        } else {
            0
        };
        let mut left = chars;
        while left > 0 {
            if cursor.left() == 0 {
                // The characters go on in the next record, after a flag.
                if !cursor.next_part() {
                    return Err(cut());
                }
                wide = cursor.byte().ok_or_else(cut)? & 0x01 != 0;
                continue;
            }
            let size = if wide { 2 } else { 1 };
            let take = left.min(cursor.left() / size);
            if take == 0 {
                return Err(damaged(path, "a shared string is split inside a character"));
            }
            cursor.skip(take * size).ok_or_else(cut)?;
            left -= take;
        }
        cursor.skip(runs * 4 + extended).ok_or_else(cut)?;
        count += 1;
    }
    Ok(count)
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use crate::{Record, Source, SourceError, WorkbookLimit};

    /// Every row of a file that is not blank, as read.
    fn read(path: &std::path::Path) -> Result<Vec<Vec<String>>, SourceError> {
        let mut source = Source::open(path)?;
        let mut rows = vec![source.header().to_vec()];
        let mut record = Record::default();
        while source.next_record(&mut record)? {
            if !record.is_blank() {
                rows.push(record.to_vec());
            }
        }
        Ok(rows)
    }

    fn is_too_many_cells(result: Result<Vec<Vec<String>>, SourceError>) -> bool {
        matches!(
            result,
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Cells { whole: true, .. },
                ..
            })
        )
    }

    /// An OpenDocument spreadsheet whose first table holds these rows
    /// (`table:table-row` elements).
    fn ods(path: &std::path::Path, rows: &str) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let stored = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Stored);
        zip.start_file("mimetype", stored).unwrap();
        zip.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
            .unwrap();
        let deflated = zip::write::SimpleFileOptions::default();
        zip.start_file("META-INF/manifest.xml", deflated).unwrap();
        zip.write_all(br#"<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
        zip.start_file("content.xml", deflated).unwrap();
        write!(
            zip,
            r#"<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:spreadsheet><table:table table:name="Contacts">{rows}</table:table></office:spreadsheet></office:body></office:document-content>"#
        )
        .unwrap();
        zip.finish().unwrap();
    }

    fn text_cell(s: &str) -> String {
        format!(
            r#"<table:table-cell office:value-type="string"><text:p>{s}</text:p></table:table-cell>"#
        )
    }

    #[test]
    fn an_ods_that_fits_is_read_and_a_row_repeated_a_billion_times_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ok.ods");
        let header = format!(
            "<table:table-row>{}{}</table:table-row>",
            text_cell("email"),
            text_cell("town")
        );
        let row = format!(
            r#"<table:table-row>{}<table:table-cell table:number-columns-repeated="3"/>{}</table:table-row>"#,
            text_cell("a@x.ch"),
            text_cell("Bern")
        );
        ods(&path, &format!("{header}{row}"));
        assert_eq!(
            read(&path).unwrap(),
            [vec!["email", "town"], vec!["a@x.ch", "", "", "", "Bern"]]
        );
        // 1.7 KB that calamine would expand to a billion rows.
        let path = dir.path().join("bomb.ods");
        let row = format!(
            r#"<table:table-row table:number-rows-repeated="1000000000">{}<table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="40"/></table:table-row>"#,
            text_cell("x")
        );
        ods(&path, &format!("{header}{row}"));
        assert!(is_too_many_cells(read(&path)));
        // A value repeated across every column of many rows.
        let path = dir.path().join("wide.ods");
        let row = r#"<table:table-row table:number-rows-repeated="100"><table:table-cell office:value-type="float" office:value="1" table:number-columns-repeated="16384"/></table:table-row>"#;
        ods(&path, &format!("{header}{row}"));
        assert!(is_too_many_cells(read(&path)));
        // Empty rows repeated to Excel's last row after the values (what
        // LibreOffice writes) cost nothing.
        let path = dir.path().join("trailing.ods");
        let tail = r#"<table:table-row table:number-rows-repeated="1048570"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>"#;
        ods(&path, &format!("{header}{tail}"));
        assert_eq!(read(&path).unwrap(), [vec!["email", "town"]]);
    }

    /// One BIFF8 record.
    fn record(out: &mut Vec<u8>, kind: u16, data: &[u8]) {
        out.extend_from_slice(&kind.to_le_bytes());
        out.extend_from_slice(&(data.len() as u16).to_le_bytes());
        out.extend_from_slice(data);
    }

    fn bof(kind: u16) -> Vec<u8> {
        let mut data = vec![0x00, 0x06];
        data.extend_from_slice(&kind.to_le_bytes());
        data.extend_from_slice(&[0; 12]);
        data
    }

    /// An Excel 97–2003 workbook of one sheet: its dimensions record (rows
    /// and columns from, to) and these text cells (row, column, text).
    fn xls(path: &std::path::Path, dimensions: (u32, u32, u16, u16), cells: &[(u16, u16, &str)]) {
        let mut globals = Vec::new();
        record(&mut globals, 0x0809, &bof(0x0005));
        record(&mut globals, 0x0042, &1200u16.to_le_bytes());
        let name = b"Contacts";
        // The sheet's position is known once the globals are written: the
        // bound sheet record is 4 + 8 + name bytes long, EOF 4 more.
        let sheet_at = (globals.len() + 4 + 8 + name.len() + 4) as u32;
        let mut bound = sheet_at.to_le_bytes().to_vec();
        bound.extend_from_slice(&[0, 0, name.len() as u8, 0]);
        bound.extend_from_slice(name);
        record(&mut globals, 0x0085, &bound);
        record(&mut globals, 0x000A, &[]);
        assert_eq!(globals.len() as u32, sheet_at);
        let mut sheet = Vec::new();
        record(&mut sheet, 0x0809, &bof(0x0010));
        let (r0, r1, c0, c1) = dimensions;
        let mut dims = r0.to_le_bytes().to_vec();
        dims.extend_from_slice(&r1.to_le_bytes());
        dims.extend_from_slice(&c0.to_le_bytes());
        dims.extend_from_slice(&c1.to_le_bytes());
        dims.extend_from_slice(&[0, 0]);
        record(&mut sheet, 0x0200, &dims);
        for (row, col, text) in cells {
            let mut label = row.to_le_bytes().to_vec();
            label.extend_from_slice(&col.to_le_bytes());
            label.extend_from_slice(&[0, 0]);
            label.extend_from_slice(&(text.len() as u16).to_le_bytes());
            label.push(0);
            label.extend_from_slice(text.as_bytes());
            record(&mut sheet, 0x0204, &label);
        }
        record(&mut sheet, 0x000A, &[]);
        globals.extend_from_slice(&sheet);
        // More than 4 KiB: a stream of its own, not in the mini stream.
        globals.resize(globals.len().max(5000), 0);
        let file = std::fs::File::create(path).unwrap();
        let mut file = cfb::CompoundFile::create_with_version(cfb::Version::V3, file).unwrap();
        let mut stream = file.create_stream("/Workbook").unwrap();
        stream.write_all(&globals).unwrap();
        drop(stream);
        file.flush().unwrap();
    }

    #[test]
    fn an_xls_that_fits_is_read_and_one_declaring_or_spreading_millions_of_cells_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("ok.xls");
        xls(
            &path,
            (0, 2, 0, 2),
            &[
                (0, 0, "email"),
                (0, 1, "town"),
                (1, 0, "a@x.ch"),
                (1, 1, "Bern"),
            ],
        );
        assert_eq!(
            read(&path).unwrap(),
            [vec!["email", "town"], vec!["a@x.ch", "Bern"]]
        );
        // Dimensions that reserve room for 65,536 × 256 cells.
        let path = dir.path().join("dims.xls");
        xls(&path, (0, 65_536, 0, 256), &[(0, 0, "email")]);
        assert!(is_too_many_cells(read(&path)));
        // Two cells at opposite corners: a dense range of 16.7 million.
        let path = dir.path().join("corners.xls");
        xls(&path, (0, 1, 0, 1), &[(0, 0, "email"), (65_535, 255, "x")]);
        assert!(is_too_many_cells(read(&path)));
    }

    /// An `.xlsb` workbook whose first sheet part holds these records.
    fn xlsb(path: &std::path::Path, sheet: &[u8]) {
        let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
        let options = zip::write::SimpleFileOptions::default();
        zip.start_file("xl/worksheets/sheet1.bin", options).unwrap();
        zip.write_all(sheet).unwrap();
        zip.finish().unwrap();
    }

    /// One BIFF12 record (type and size as variable-length numbers).
    fn record12(out: &mut Vec<u8>, kind: u32, data: &[u8]) {
        let mut varint = |mut n: u32, max: usize| {
            for _ in 0..max {
                let byte = (n & 0x7f) as u8;
                n >>= 7;
                if n == 0 {
                    out.push(byte);
                    return;
                }
                out.push(byte | 0x80);
            }
        };
        varint(kind, 2);
        varint(data.len() as u32, 4);
        out.extend_from_slice(data);
    }

    #[test]
    fn an_xlsb_with_a_huge_record_is_refused_and_cells_anywhere_are_left_to_its_stream() {
        let dir = tempfile::tempdir().unwrap();
        let mut sheet = Vec::new();
        for (row, col) in [(0u32, 0u32), (1_048_575, 16_383)] {
            record12(&mut sheet, 0, &row.to_le_bytes());
            let mut cell = col.to_le_bytes().to_vec();
            cell.extend_from_slice(&[0; 8]);
            record12(&mut sheet, 2, &cell);
        }
        let path = dir.path().join("corners.xlsb");
        xlsb(&path, &sheet);
        // Streamed (xlsb.rs): the reader names the column past its limit.
        assert!(super::check(&path, crate::Format::Xlsb).is_ok());
        let mut sheet = Vec::new();
        record12(&mut sheet, 0, &vec![0; (1 << 20) + 1]);
        let path = dir.path().join("huge.xlsb");
        xlsb(&path, &sheet);
        assert!(matches!(
            read(&path),
            Err(SourceError::WorkbookTooLarge {
                limit: WorkbookLimit::Node { .. },
                ..
            })
        ));
    }
}

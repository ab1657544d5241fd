//! `.xlsx` and `.xlsm` workbooks, read row by row: the first sheet's XML
//! streams out of the zip file through a bounded reader, and no sheet is
//! ever held in memory (a workbook of 2 KB with one cell at `XFD1048576`
//! made a dense sheet of 17 billion cells, and aborted the process).
//!
//! Every part is read behind the limits of [`crate::zipped`]. The shared
//! strings, which every cell may point to, are kept in one
//! buffer ([`SharedStrings`]) of at most [`MAX_SHARED_STRING_BYTES`].
//!
//! What a cell reads as follows calamine, which reads the other workbook
//! kinds (its number formats, dates, rich text and `_xHHHH_` escapes are
//! ported from it, MIT licence): the tests compare both on the same
//! workbooks.

use std::collections::HashMap;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use calamine::{CellErrorType, Data, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::Event;

use crate::sheet_rows::cell_text;
use crate::zipped::{
    MAX_NODE_BYTES, Package, Part, SMALL_PART_BYTES, attr, next_event, part_name, relationships,
    text_too_long, xml_error, xml_reader,
};
use crate::{
    MAX_CELL_CHARS, MAX_COLUMNS, MAX_INFLATED_BYTES, MAX_ROW_BYTES, MAX_SHARED_STRING_BYTES,
    MAX_WORKBOOK_CELLS, MAX_WORKBOOK_ROWS, Record, SourceError, WorkbookLimit,
};

/// The styles part: a workbook has a few hundred styles at most, each a
/// few hundred bytes.
const STYLES_BYTES: u64 = 64 << 20;

/// The first sheet of a workbook, row by row.
pub(crate) struct XlsxRows {
    path: PathBuf,
    xml: quick_xml::Reader<BufReader<Part>>,
    strings: SharedStrings,
    /// Each cell style's number format: a date, a duration, or other.
    formats: Vec<NumberFormat>,
    is_1904: bool,
    buf: Vec<u8>,
    /// A text being gathered (an inline string, a `<v>`).
    text: String,
    /// A cell's value as text, when it is not text (a number, a date).
    data_text: String,
    /// The events inside an element being read.
    inner: Vec<u8>,
    /// The 0-based index of the next row without an `r` attribute.
    next_row: u32,
    /// Cells read so far, gaps inside rows included.
    cells: u64,
    /// Compressed bytes of the sheet read so far, and in all.
    consumed: Arc<AtomicU64>,
    compressed: u64,
    /// The sheet's `sheetData` ended.
    done: bool,
}

/// What a cell style's number format makes of a number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum NumberFormat {
    Other,
    DateTime,
    TimeDelta,
}

/// The shared strings: every text one after the other, and where each ends.
#[derive(Default)]
struct SharedStrings {
    text: String,
    ends: Vec<u32>,
}

impl SharedStrings {
    fn get(&self, index: usize) -> Option<&str> {
        let end = *self.ends.get(index)? as usize;
        let start = match index.checked_sub(1) {
            Some(before) => *self.ends.get(before)? as usize,
            None => 0,
        };
        self.text.get(start..end)
    }
}

impl XlsxRows {
    /// Opens the workbook and its first sheet; reads its shared strings
    /// and styles. The sheet's name comes back too.
    pub(crate) fn open(path: &Path) -> Result<(XlsxRows, String), SourceError> {
        let mut package = Package::new(path)?;
        // The workbook part, from the package's relationships.
        let workbook = relationships(&mut package, "_rels/.rels")?
            .into_iter()
            .find(|(_, kind, _)| kind.ends_with("/officeDocument"))
            .map(|(_, _, target)| part_name("", &target))
            .unwrap_or_else(|| "xl/workbook.xml".into());
        let folder = match workbook.rfind('/') {
            Some(at) => workbook[..=at].to_string(),
            None => String::new(),
        };
        let (sheet_id, sheet_name, is_1904) = read_workbook(&mut package, &workbook)?;
        let rels_name = format!("{folder}_rels/{}.rels", &workbook[folder.len()..]);
        let rels = relationships(&mut package, &rels_name)?;
        let target = |suffix: &str, default: &str| {
            rels.iter()
                .find(|(_, kind, _)| kind.ends_with(suffix))
                .map(|(_, _, t)| part_name(&folder, t))
                .unwrap_or_else(|| format!("{folder}{default}"))
        };
        let strings_part = target("/sharedStrings", "sharedStrings.xml");
        let styles_part = target("/styles", "styles.xml");
        let sheet_part = rels
            .iter()
            .find(|(id, _, _)| Some(id) == sheet_id.as_ref())
            .map(|(_, _, t)| part_name(&folder, t))
            .unwrap_or_else(|| format!("{folder}worksheets/sheet1.xml"));
        let strings = read_shared_strings(&mut package, &strings_part)?;
        let formats = read_styles(&mut package, &styles_part)?;
        let consumed = Arc::new(AtomicU64::new(0));
        let (part, compressed) = package
            .open(&sheet_part, MAX_INFLATED_BYTES, Some(consumed.clone()))?
            .ok_or_else(|| package.damaged(format!("the sheet {sheet_part} is missing")))?;
        let mut rows = XlsxRows {
            path: path.to_path_buf(),
            xml: xml_reader(part),
            strings,
            formats,
            is_1904,
            buf: Vec::with_capacity(1024),
            text: String::new(),
            data_text: String::new(),
            inner: Vec::new(),
            next_row: 0,
            cells: 0,
            consumed,
            compressed,
            done: false,
        };
        rows.skip_to_sheet_data()?;
        Ok((rows, sheet_name))
    }

    /// Reads up to the sheet's `<sheetData>` (a part without one, such as
    /// a chart sheet, has no rows).
    fn skip_to_sheet_data(&mut self) -> Result<(), SourceError> {
        loop {
            self.buf.clear();
            match next_event(&mut self.xml, &mut self.buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "sheetData" => return Ok(()),
                Ok(Event::Eof) => {
                    self.done = true;
                    return Ok(());
                }
                Ok(_) => {}
                Err(e) => return Err(xml_error(&self.path, &mut self.xml, e)),
            }
        }
    }

    fn damaged(&self, message: impl Into<String>) -> SourceError {
        SourceError::Workbook {
            path: self.path.clone(),
            message: message.into(),
        }
    }

    fn over(&self, limit: WorkbookLimit) -> SourceError {
        SourceError::WorkbookTooLarge {
            path: self.path.clone(),
            limit,
        }
    }

    /// Reads the next row into `out`: its cells from column A to its last
    /// value, empty ones between; `false` after the last row.
    pub(crate) fn next(&mut self, out: &mut Record) -> Result<bool, SourceError> {
        if self.done {
            return Ok(false);
        }
        loop {
            self.buf.clear();
            let given = match next_event(&mut self.xml, &mut self.buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "row" => attr(&e, "r"),
                Ok(Event::End(e)) if e.local_name().as_ref() == "sheetData" => {
                    self.done = true;
                    return Ok(false);
                }
                Ok(Event::Eof) => {
                    self.done = true;
                    return Ok(false);
                }
                Ok(_) => continue,
                Err(e) => return Err(xml_error(&self.path, &mut self.xml, e)),
            };
            let after = u64::from(self.next_row);
            let row = match given {
                Some(r) => r
                    .trim()
                    .parse::<u64>()
                    .map_err(|_| self.damaged(format!("{r} is not a row number")))?,
                None => after + 1,
            };
            if row > MAX_WORKBOOK_ROWS {
                return Err(self.over(WorkbookLimit::Rows {
                    limit: MAX_WORKBOOK_ROWS,
                }));
            }
            if row <= after {
                return Err(self.damaged(format!("row {row} comes after row {after}")));
            }
            out.clear();
            out.row = row;
            self.next_row = row as u32;
            self.read_row(out)?;
            self.cells += out.len() as u64;
            if self.cells > MAX_WORKBOOK_CELLS {
                return Err(self.over(WorkbookLimit::Cells {
                    limit: MAX_WORKBOOK_CELLS,
                    whole: false,
                }));
            }
            return Ok(true);
        }
    }

    /// Reads the cells of the row just opened, up to its `</row>`.
    fn read_row(&mut self, out: &mut Record) -> Result<(), SourceError> {
        let mut next_col: u32 = 0;
        let mut bytes = 0usize;
        loop {
            self.buf.clear();
            // A cell's position, style and type, read from its attributes
            // without a copy (millions of cells).
            let cell = match next_event(&mut self.xml, &mut self.buf) {
                Ok(Event::Start(e)) if e.local_name().as_ref() == "c" => CellHead::of(&e),
                Ok(Event::End(e)) if e.local_name().as_ref() == "row" => return Ok(()),
                Ok(Event::Eof) => return Err(self.damaged("the sheet ends inside a row")),
                Ok(_) => continue,
                Err(e) => return Err(xml_error(&self.path, &mut self.xml, e)),
            };
            let col = match cell.col {
                Some(Some(col)) => col,
                Some(None) => return Err(self.damaged("a cell reference is not a cell")),
                None => next_col,
            };
            next_col = col.saturating_add(1);
            let value = self.read_cell(&cell)?;
            let text: &str = match &value {
                Value::Empty => continue,
                Value::Shared(i) => self
                    .strings
                    .get(*i)
                    .ok_or_else(|| self.damaged(format!("shared string {i} is missing")))?,
                Value::Text => &self.text,
                Value::Data(data) => {
                    self.data_text = cell_text(data);
                    &self.data_text
                }
            };
            if text.is_empty() {
                continue;
            }
            if col as usize >= MAX_COLUMNS {
                return Err(self.over(WorkbookLimit::Column {
                    row: out.row,
                    column: column_name(col),
                }));
            }
            if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
                return Err(self.over(WorkbookLimit::CellLength {
                    row: out.row,
                    column: column_name(col),
                }));
            }
            let position = col as usize;
            if position < out.len() {
                return Err(self.damaged(format!(
                    "row {}: cell {}{} comes after a cell to its right",
                    out.row,
                    column_name(col),
                    out.row
                )));
            }
            bytes += text.len();
            if bytes > MAX_ROW_BYTES {
                return Err(SourceError::RowTooLong {
                    path: self.path.clone(),
                    row: out.row,
                    limit: MAX_ROW_BYTES,
                });
            }
            while out.len() < position {
                out.push("");
            }
            out.push(text);
        }
    }

    /// Reads a cell's content up to its `</c>` (its text, when it has
    /// one, in `self.text`).
    fn read_cell(&mut self, cell: &CellHead) -> Result<Value, SourceError> {
        let mut value = Value::Empty;
        loop {
            self.buf.clear();
            let element = match next_event(&mut self.xml, &mut self.buf) {
                Ok(Event::Start(e)) => match e.local_name().as_ref() {
                    "is" => Element::InlineString,
                    "v" => Element::Value,
                    _ => Element::Other,
                },
                Ok(Event::End(e)) if e.local_name().as_ref() == "c" => return Ok(value),
                Ok(Event::Eof) => return Err(self.damaged("the sheet ends inside a cell")),
                Ok(_) => continue,
                Err(e) => return Err(xml_error(&self.path, &mut self.xml, e)),
            };
            match element {
                Element::InlineString => {
                    self.text.clear();
                    read_string(
                        &self.path,
                        &mut self.xml,
                        &mut self.inner,
                        "is",
                        &mut self.text,
                    )?;
                    value = Value::Text;
                }
                Element::Value if cell.kind == Kind::InlineString => {
                    skip(&self.path, &mut self.xml, &mut self.inner)?;
                }
                Element::Value => {
                    self.text.clear();
                    read_text(
                        &self.path,
                        &mut self.xml,
                        &mut self.inner,
                        "v",
                        &mut self.text,
                    )?;
                    value = self.value_of(cell)?;
                }
                Element::Other => skip(&self.path, &mut self.xml, &mut self.inner)?,
            }
        }
    }

    /// What the `<v>` in `self.text` holds, by the cell's type and style
    /// (calamine's rules).
    fn value_of(&self, cell: &CellHead) -> Result<Value, SourceError> {
        let v = self.text.as_str();
        let format = match cell.style {
            Some(style) => self
                .formats
                .get(style)
                .copied()
                .unwrap_or(NumberFormat::Other),
            None => NumberFormat::Other,
        };
        Ok(match cell.kind {
            Kind::Shared => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                // Read as the first string, a damaged index would put the
                // header's text in a cell: refused.
                Value::Shared(
                    v.trim().parse().map_err(|_| {
                        self.damaged("a cell's shared string index is not a number")
                    })?,
                )
            }
            Kind::Bool => Value::Data(Data::Bool(match v.trim() {
                "1" | "true" => true,
                "0" | "false" => false,
                other => return Err(self.damaged(format!("{other} is not a boolean"))),
            })),
            Kind::Date => Value::Data(Data::DateTimeIso(v.to_string())),
            Kind::Error => match v.parse::<CellErrorType>() {
                Ok(e) => Value::Data(Data::Error(e)),
                Err(_) => Value::Data(Data::String(v.to_string())),
            },
            Kind::FormulaString => Value::Data(Data::String(unescape_xml(v).into_owned())),
            Kind::Number | Kind::Unsaid => {
                if v.is_empty() {
                    return Ok(Value::Empty);
                }
                match v.trim().parse::<f64>() {
                    Ok(n) => Value::Data(match format {
                        NumberFormat::DateTime => Data::DateTime(ExcelDateTime::new(
                            n,
                            ExcelDateTimeType::DateTime,
                            self.is_1904,
                        )),
                        NumberFormat::TimeDelta => Data::DateTime(ExcelDateTime::new(
                            n,
                            ExcelDateTimeType::TimeDelta,
                            self.is_1904,
                        )),
                        NumberFormat::Other => Data::Float(n),
                    }),
                    Err(_) if cell.kind == Kind::Unsaid => Value::Data(Data::String(v.to_string())),
                    Err(_) => return Err(self.damaged(format!("{v} is not a number"))),
                }
            }
            Kind::InlineString => Value::Empty,
            Kind::Unknown => return Err(self.damaged("a cell of an unknown type")),
        })
    }

    /// How far reading has come: the sheet's compressed bytes read.
    pub(crate) fn progress(&self) -> f64 {
        if self.done || self.compressed == 0 {
            return 1.0;
        }
        (self.consumed.load(Ordering::Relaxed) as f64 / self.compressed as f64).min(1.0)
    }
}

/// A cell's type (its `t` attribute).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// No `t`: a number, or text when it is not one.
    Unsaid,
    Number,
    Shared,
    Bool,
    Date,
    Error,
    FormulaString,
    InlineString,
    Unknown,
}

/// What a `<c>` says of itself: its column (`None`: not given; `Some(None)`:
/// not a cell reference), style and type.
struct CellHead {
    col: Option<Option<u32>>,
    style: Option<usize>,
    kind: Kind,
}

impl CellHead {
    fn of(e: &quick_xml::events::BytesStart<'_>) -> CellHead {
        let mut head = CellHead {
            col: None,
            style: None,
            kind: Kind::Unsaid,
        };
        for a in e.attributes().flatten() {
            let key: &str = a.key.as_ref();
            let value: &str = &a.value;
            match key {
                "r" => head.col = Some(column_of(value)),
                "s" => head.style = Some(value.trim().parse().unwrap_or(0)),
                "t" => {
                    head.kind = match value {
                        "n" => Kind::Number,
                        "s" => Kind::Shared,
                        "b" => Kind::Bool,
                        "d" => Kind::Date,
                        "e" => Kind::Error,
                        "str" => Kind::FormulaString,
                        "inlineStr" | "is" => Kind::InlineString,
                        _ => Kind::Unknown,
                    }
                }
                _ => {}
            }
        }
        head
    }
}

/// The elements of a cell that matter.
enum Element {
    InlineString,
    Value,
    Other,
}

/// What a cell holds, before it becomes text.
enum Value {
    Empty,
    /// A shared string, by its index.
    Shared(usize),
    /// The text gathered in `XlsxRows::text`.
    Text,
    Data(Data),
}

/// The 0-based column of a cell reference (`B7` → 1), at most Excel's
/// last column (`XFD`).
fn column_of(reference: &str) -> Option<u32> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic);
    let mut col: u32 = 0;
    let mut any = false;
    for b in letters {
        any = true;
        col = col
            .checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)?;
        if col > 16_384 {
            return None;
        }
    }
    any.then(|| col - 1)
}

/// A 0-based column as Excel names it (`0` → `A`, `16383` → `XFD`).
pub(crate) fn column_name(col: u32) -> String {
    let mut name = Vec::new();
    let mut n = col + 1;
    while n > 0 {
        name.push(b'A' + ((n - 1) % 26) as u8);
        n = (n - 1) / 26;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// Skips the element just opened, whatever it holds, one node at a time
/// (each node bounded by the part's limits).
fn skip(
    path: &Path,
    xml: &mut quick_xml::Reader<BufReader<Part>>,
    buf: &mut Vec<u8>,
) -> Result<(), SourceError> {
    let mut depth = 1usize;
    while depth > 0 {
        buf.clear();
        match next_event(xml, buf) {
            Ok(Event::Start(_)) => depth += 1,
            Ok(Event::End(_)) => depth -= 1,
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(path, xml, e)),
        }
    }
    Ok(())
}

/// Appends the text of the element just opened (`closing`) to `out`,
/// entities resolved, up to its end: at most [`MAX_NODE_BYTES`] more
/// (each entity is a node of its own: millions of `&amp;` are not one
/// long node, but they are one long text).
fn read_text(
    path: &Path,
    xml: &mut quick_xml::Reader<BufReader<Part>>,
    buf: &mut Vec<u8>,
    closing: &str,
    out: &mut String,
) -> Result<(), SourceError> {
    let start = out.len();
    loop {
        if out.len() - start > MAX_NODE_BYTES {
            return Err(text_too_long(path, xml));
        }
        buf.clear();
        match next_event(xml, buf) {
            Ok(Event::Text(t)) => out.push_str(&t.xml10_content()),
            Ok(Event::CData(t)) => out.push_str(&t.xml10_content()),
            Ok(Event::GeneralRef(r)) => {
                let name: &str = &r;
                if let Some(s) = quick_xml::escape::resolve_xml_entity(name) {
                    out.push_str(s);
                } else if let Ok(Some(c)) = r.resolve_char_ref() {
                    out.push(c);
                } else {
                    return Err(SourceError::Workbook {
                        path: path.to_path_buf(),
                        message: format!("unknown entity &{name};"),
                    });
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == closing => return Ok(()),
            Ok(Event::Start(_)) => skip(path, xml, &mut Vec::new())?,
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(path, xml, e)),
        }
    }
}

/// Appends a string item (`<si>`, `<is>`) to `out`: its `<t>` texts, rich
/// text runs joined, phonetic runs left out, spaces trimmed unless kept
/// (`xml:space="preserve"`), `_xHHHH_` escapes undone (calamine's rules).
fn read_string(
    path: &Path,
    xml: &mut quick_xml::Reader<BufReader<Part>>,
    buf: &mut Vec<u8>,
    closing: &str,
    out: &mut String,
) -> Result<(), SourceError> {
    let mut phonetic = false;
    let mut value = String::new();
    let mut inner = Vec::new();
    let start = out.len();
    loop {
        // Its runs joined, as long as one text may be.
        if out.len() - start > MAX_NODE_BYTES {
            return Err(text_too_long(path, xml));
        }
        buf.clear();
        match next_event(xml, buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "rPh" => phonetic = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "rPh" => phonetic = false,
            Ok(Event::Start(e)) if e.local_name().as_ref() == "t" && !phonetic => {
                let preserve = attr(&e, "space").is_some_and(|v| v == "preserve");
                value.clear();
                read_text(path, xml, &mut inner, "t", &mut value)?;
                let kept = if preserve {
                    value.as_str()
                } else {
                    value.trim_matches([' ', '\t', '\r', '\n'])
                };
                out.push_str(&unescape_xml(kept));
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == closing => return Ok(()),
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(xml_error(path, xml, e)),
        }
    }
}

/// The workbook part: the first sheet's relationship id and name, and
/// whether dates count from 1904.
fn read_workbook(
    package: &mut Package,
    name: &str,
) -> Result<(Option<String>, String, bool), SourceError> {
    let (part, _) = package
        .open(name, SMALL_PART_BYTES, None)?
        .ok_or_else(|| package.damaged(format!("the part {name} is missing")))?;
    let mut xml = xml_reader(part);
    let mut buf = Vec::new();
    let mut is_1904 = false;
    loop {
        buf.clear();
        match next_event(&mut xml, &mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "workbookPr" => {
                is_1904 = attr(&e, "date1904").is_some_and(|v| v == "1" || v == "true");
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "sheet" => {
                return Ok((
                    attr(&e, "id"),
                    attr(&e, "name").unwrap_or_default(),
                    is_1904,
                ));
            }
            Ok(Event::Eof) => return Err(package.damaged("the workbook has no sheet")),
            Ok(_) => {}
            Err(e) => return Err(xml_error(&package.path, &mut xml, e)),
        }
    }
}

/// The shared strings, in one buffer of at most
/// [`MAX_SHARED_STRING_BYTES`] (whatever count the part declares).
fn read_shared_strings(package: &mut Package, name: &str) -> Result<SharedStrings, SourceError> {
    let mut strings = SharedStrings::default();
    let Some((part, _)) = package.open(name, MAX_INFLATED_BYTES, None)? else {
        return Ok(strings);
    };
    let mut xml = xml_reader(part);
    let (mut buf, mut inner) = (Vec::new(), Vec::new());
    loop {
        buf.clear();
        match next_event(&mut xml, &mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "si" => {
                read_string(&package.path, &mut xml, &mut inner, "si", &mut strings.text)?;
                // Each string's end counts too: millions of empty ones
                // weigh their ends.
                let held = strings.text.len() + 4 * (strings.ends.len() + 1);
                if held as u64 > MAX_SHARED_STRING_BYTES {
                    return Err(SourceError::WorkbookTooLarge {
                        path: package.path.clone(),
                        limit: WorkbookLimit::SharedStrings {
                            limit: MAX_SHARED_STRING_BYTES,
                        },
                    });
                }
                strings.ends.push(strings.text.len() as u32);
            }
            Ok(Event::Eof) => return Ok(strings),
            Ok(_) => {}
            Err(e) => return Err(xml_error(&package.path, &mut xml, e)),
        }
    }
}

/// Each cell style's number format (`cellXfs`), from the styles part.
fn read_styles(package: &mut Package, name: &str) -> Result<Vec<NumberFormat>, SourceError> {
    let Some((part, _)) = package.open(name, STYLES_BYTES, None)? else {
        return Ok(Vec::new());
    };
    let mut xml = xml_reader(part);
    let mut buf = Vec::new();
    // By id: a styles part may declare a great many.
    let mut custom: HashMap<String, NumberFormat> = HashMap::new();
    let mut formats = Vec::new();
    let mut in_cell_xfs = false;
    loop {
        buf.clear();
        match next_event(&mut xml, &mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "numFmt" => {
                if let (Some(id), Some(code)) = (attr(&e, "numFmtId"), attr(&e, "formatCode")) {
                    custom.insert(id, custom_number_format(&code));
                }
            }
            Ok(Event::Start(e)) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = true,
            Ok(Event::End(e)) if e.local_name().as_ref() == "cellXfs" => in_cell_xfs = false,
            Ok(Event::Start(e)) if in_cell_xfs && e.local_name().as_ref() == "xf" => {
                formats.push(match attr(&e, "numFmtId") {
                    Some(id) => match custom.get(&id) {
                        Some(format) => *format,
                        None => builtin_number_format(id.trim()),
                    },
                    None => NumberFormat::Other,
                });
            }
            Ok(Event::Eof) => return Ok(formats),
            Ok(_) => {}
            Err(e) => return Err(xml_error(&package.path, &mut xml, e)),
        }
    }
}

/// Whether a custom number format shows a date or a duration (calamine's
/// `detect_custom_number_format`).
fn custom_number_format(format: &str) -> NumberFormat {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumberFormat::Other,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumberFormat::TimeDelta,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumberFormat::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumberFormat::DateTime;
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumberFormat::Other
}

/// Whether a built-in number format shows a date or a duration.
fn builtin_number_format(id: &str) -> NumberFormat {
    match id.parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58) => NumberFormat::DateTime,
        Ok(46) => NumberFormat::TimeDelta,
        _ => NumberFormat::Other,
    }
}

/// Undoes Excel's `_xHHHH_` escapes (a UTF-16 code unit each; a pair for
/// a character beyond the BMP; `_x005F_` escapes a literal `_`).
fn unescape_xml(original: &str) -> std::borrow::Cow<'_, str> {
    let escape_at = |s: &str, i: usize| -> Option<u16> {
        let b = s.as_bytes().get(i..i + 7)?;
        if b[0] != b'_' || b[1] != b'x' || b[6] != b'_' {
            return None;
        }
        u16::from_str_radix(std::str::from_utf8(&b[2..6]).ok()?, 16).ok()
    };
    let find = |s: &str, mut from: usize| -> Option<(usize, u16)> {
        while let Some(offset) = s.get(from..)?.find('_') {
            let i = from + offset;
            if let Some(unit) = escape_at(s, i) {
                return Some((i, unit));
            }
            from = i + 1;
        }
        None
    };
    let Some((mut index, mut unit)) = find(original, 0) else {
        return std::borrow::Cow::Borrowed(original);
    };
    let mut out = String::with_capacity(original.len());
    let mut copied = 0;
    loop {
        out.push_str(&original[copied..index]);
        index += 7;
        match unit {
            0xD800..=0xDBFF => match escape_at(original, index) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    let c =
                        0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                    index += 7;
                }
                _ => out.push(char::REPLACEMENT_CHARACTER),
            },
            0xDC00..=0xDFFF => out.push(char::REPLACEMENT_CHARACTER),
            _ => out.push(char::from_u32(u32::from(unit)).unwrap_or(char::REPLACEMENT_CHARACTER)),
        }
        copied = index;
        match find(original, index) {
            Some(next) => (index, unit) = next,
            None => break,
        }
    }
    out.push_str(&original[copied..]);
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod tests;

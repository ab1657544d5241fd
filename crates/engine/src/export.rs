//! Exports of logs and contacts: text, CSV, XLSX and JSON.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::Path;

use intake_core::value::ContactStatus;
use intake_i18n::{Lang, text};
use intake_store::{ContactRecord, ImportRecord, LogLine};
use jiff::tz::TimeZone;
use rust_xlsxwriter::{Table, Workbook, XlsxError};
use serde::Serialize;

use crate::message::{category_label, level_label, render};

/// Makes a cell safe to open in a spreadsheet: a value that starts with `=`,
/// `+`, `-` or `@`, even behind a TAB, a carriage return or other blanks and
/// control characters, would be run as a formula
/// ([`intake_core::header::formula_like`]), so it gets a leading `'`. A lone
/// `-` (the empty-name placeholder) is left alone.
pub fn neutralise(cell: &str) -> Cow<'_, str> {
    if intake_core::header::formula_like(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// When a line was written, in this machine's time zone (`dd.mm.yyyy hh:mm:ss`).
pub fn local_time(line: &LogLine) -> String {
    line.line
        .at
        .to_zoned(TimeZone::system())
        .strftime("%d.%m.%Y %H:%M:%S")
        .to_string()
}

/// A line's message as the seed shows it: `[Category] message` (the summary
/// lines without a bracket).
pub fn bracketed(line: &LogLine, lang: Lang) -> String {
    let message = render(&line.line, lang);
    match line.line.category {
        intake_core::Category::Summary => message,
        c => format!("[{}] {message}", category_label(c, lang)),
    }
}

/// The log as the seed shows it: number, time, level, message.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_log_text(lines: &[LogLine], lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    for l in lines {
        writeln!(
            out,
            "{}\t{}\t{}\t{}",
            l.number,
            local_time(l),
            level_label(l.line.level, lang),
            bracketed(l, lang)
        )?;
    }
    Ok(())
}

fn headings(lang: Lang) -> Vec<String> {
    [
        "line", "time", "level", "category", "row", "column", "code", "value", "message",
    ]
    .iter()
    .map(|h| text(lang, &format!("heading-{h}"), &[]))
    .collect()
}

fn cells(l: &LogLine, lang: Lang) -> [String; 9] {
    let line = &l.line;
    [
        l.number.to_string(),
        local_time(l),
        level_label(line.level, lang),
        category_label(line.category, lang),
        line.row.map(|r| r.to_string()).unwrap_or_default(),
        line.column.as_deref().unwrap_or_default().to_string(),
        line.code.as_deref().unwrap_or_default().to_string(),
        line.value.clone().unwrap_or_default(),
        render(line, lang),
    ]
}

/// The log as CSV (UTF-8 with BOM, `;`), formula cells neutralised.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_log_csv(lines: &[LogLine], lang: Lang, out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record(headings(lang))?;
    for l in lines {
        w.write_record(
            cells(l, lang)
                .iter()
                .map(|c| neutralise(c))
                .collect::<Vec<_>>()
                .iter()
                .map(|c| c.as_ref()),
        )?;
    }
    w.flush()?;
    Ok(())
}

/// The log as an XLSX table with filters, numbers as numbers.
///
/// # Errors
///
/// When the workbook cannot be written.
pub fn write_log_xlsx(
    import: &ImportRecord,
    lines: &[LogLine],
    lang: Lang,
    path: &Path,
) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let sheet_name: String = import
        .name
        .chars()
        .filter(|c| !"[]:*?/\\".contains(*c))
        .take(31)
        .collect();
    if !sheet_name.is_empty() {
        sheet.set_name(&sheet_name)?;
    }
    let heads = headings(lang);
    for (c, h) in heads.iter().enumerate() {
        sheet.write_string(0, c as u16, h)?;
    }
    for (i, l) in lines.iter().enumerate() {
        let r = i as u32 + 1;
        for (c, value) in cells(l, lang).iter().enumerate() {
            let c = c as u16;
            match (c, value.parse::<f64>()) {
                (0 | 4, Ok(n)) => sheet.write_number(r, c, n)?,
                // Strings are never formulas in rust_xlsxwriter.
                _ => sheet.write_string(r, c, value)?,
            };
        }
    }
    let last = lines.len() as u32;
    let columns: Vec<rust_xlsxwriter::TableColumn> = heads
        .iter()
        .map(|h| rust_xlsxwriter::TableColumn::new().set_header(h))
        .collect();
    let table = Table::new().set_columns(&columns);
    if last > 0 {
        sheet.add_table(0, 0, last, heads.len() as u16 - 1, &table)?;
    }
    for (c, width) in [6.0, 19.0, 10.0, 16.0, 6.0, 14.0, 24.0, 28.0, 110.0]
        .into_iter()
        .enumerate()
    {
        sheet.set_column_width(c as u16, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    book.save(path)
}

/// One line of the JSON log.
#[derive(Debug, Serialize)]
pub struct JsonLogLine {
    /// 1-based number.
    pub number: u64,
    /// RFC 3339 time (UTC).
    pub time: String,
    /// `info`, `warning`, `error`.
    pub level: String,
    /// `initialisation`, `format`, `conflict`, `not_found`, `summary`.
    pub category: String,
    /// Spreadsheet row.
    pub row: Option<u64>,
    /// Canonical column.
    pub column: Option<String>,
    /// Stable code.
    pub code: Option<String>,
    /// Value as found.
    pub value: Option<String>,
    /// The sentence.
    pub message: String,
}

/// The log as JSON: the import's report header and every line.
pub fn log_json(import: &ImportRecord, lines: &[LogLine], lang: Lang) -> serde_json::Value {
    let json_lines: Vec<JsonLogLine> = lines
        .iter()
        .map(|l| JsonLogLine {
            number: l.number,
            time: l.line.at.to_string(),
            level: l.line.level.as_str().to_string(),
            category: l.line.category.as_str().to_string(),
            row: l.line.row,
            column: l.line.column.as_deref().map(str::to_string),
            code: l.line.code.as_deref().map(str::to_string),
            value: l.line.value.clone(),
            message: render(&l.line, lang),
        })
        .collect();
    let report = crate::report::build(import, &[], lang);
    serde_json::json!({
        "import_id": report.import_id,
        "name": report.name,
        "mode": report.mode,
        "dry_run": report.dry_run,
        "status": report.status,
        "file": report.file,
        "counts": report.counts,
        "lines": json_lines,
    })
}

/// A contact as the import template names its columns, so that an export can
/// be edited and imported again.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ContactExport {
    /// Contact number.
    pub contact_number: i64,
    /// Email.
    pub email: String,
    /// INDIVIDUAL or STRUCTURE.
    pub contact_type: String,
    /// Title code.
    pub title: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// `dd.mm.yyyy`.
    pub birthdate: String,
    /// Language code.
    pub language: String,
    /// Structure name.
    pub structure_name: String,
    /// Address line 1.
    pub address_line1: String,
    /// Address line 2.
    pub address_line2: String,
    /// Postal code.
    pub postal_code: String,
    /// Town.
    pub town: String,
    /// State.
    pub state: String,
    /// Alpha-2 code.
    pub country: String,
    /// The import that created it.
    pub created_from: String,
    /// Where it stands (`active`, `inactive`, `anonymized`).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "active"))]
    pub status: ContactStatus,
}

impl From<ContactRecord> for ContactExport {
    fn from(c: ContactRecord) -> ContactExport {
        ContactExport {
            contact_number: c.contact_number,
            email: c.email,
            contact_type: c.contact_type,
            title: c.title,
            first_name: c.first_name,
            last_name: c.last_name,
            birthdate: c
                .birthdate
                .map(|d| intake_core::value::Birthdate::from_date(d).to_display())
                .unwrap_or_default(),
            language: c.language,
            structure_name: c.structure_name,
            address_line1: c.address_line1,
            address_line2: c.address_line2,
            postal_code: c.postal_code,
            town: c.town,
            state: c.state,
            country: c.country,
            created_from: c.created_from,
            status: c.status,
        }
    }
}

/// The canonical column names of a contacts CSV export, in order.
pub const CONTACT_COLUMNS: [&str; 17] = [
    "contact_number",
    "email",
    "contact_type",
    "title",
    "first_name",
    "last_name",
    "birthdate",
    "language",
    "structure_name",
    "address_line1",
    "address_line2",
    "postal_code",
    "town",
    "state",
    "country",
    "created_from",
    "status",
];

impl ContactExport {
    /// The values in [`CONTACT_COLUMNS`] order.
    pub fn values(&self) -> [String; 17] {
        [
            self.contact_number.to_string(),
            self.email.clone(),
            self.contact_type.clone(),
            self.title.clone(),
            self.first_name.clone(),
            self.last_name.clone(),
            self.birthdate.clone(),
            self.language.clone(),
            self.structure_name.clone(),
            self.address_line1.clone(),
            self.address_line2.clone(),
            self.postal_code.clone(),
            self.town.clone(),
            self.state.clone(),
            self.country.clone(),
            self.created_from.clone(),
            self.status.to_string(),
        ]
    }
}

/// Contacts as CSV with the template's column names (`;`, UTF-8 with BOM,
/// formula cells neutralised): a file that imports again.
///
/// # Errors
///
/// When `out` cannot be written.
pub fn write_contacts_csv(contacts: &[ContactExport], out: &mut dyn Write) -> io::Result<()> {
    out.write_all("\u{feff}".as_bytes())?;
    let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(out);
    w.write_record(CONTACT_COLUMNS)?;
    for c in contacts {
        let values = c.values();
        w.write_record(
            values
                .iter()
                .map(|v| neutralise(v))
                .collect::<Vec<_>>()
                .iter()
                .map(|v| v.as_ref()),
        )?;
    }
    w.flush()?;
    Ok(())
}

/// Contacts as an XLSX table (every cell a string: nothing runs as a formula).
///
/// # Errors
///
/// When the workbook cannot be written.
pub fn write_contacts_xlsx(contacts: &[ContactExport], path: &Path) -> Result<(), XlsxError> {
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    for (c, name) in CONTACT_COLUMNS.iter().enumerate() {
        sheet.write_string(0, c as u16, *name)?;
    }
    for (r, contact) in contacts.iter().enumerate() {
        for (c, value) in contact.values().iter().enumerate() {
            sheet.write_string(r as u32 + 1, c as u16, value)?;
        }
    }
    if !contacts.is_empty() {
        let columns: Vec<rust_xlsxwriter::TableColumn> = CONTACT_COLUMNS
            .iter()
            .map(|h| rust_xlsxwriter::TableColumn::new().set_header(*h))
            .collect();
        sheet.add_table(
            0,
            0,
            contacts.len() as u32,
            CONTACT_COLUMNS.len() as u16 - 1,
            &Table::new().set_columns(&columns),
        )?;
    }
    book.save(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralised() {
        assert_eq!(neutralise("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(neutralise("+41 79"), "'+41 79");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("-"), "-");
        assert_eq!(neutralise("Ana"), "Ana");
        // Spreadsheets skip what comes before the `=`.
        assert_eq!(neutralise("\t=1+1"), "'\t=1+1");
        assert_eq!(neutralise("\r=1+1"), "'\r=1+1");
        assert_eq!(neutralise("\r\n+41 79"), "'\r\n+41 79");
        assert_eq!(neutralise(" \u{1}@SUM(A1)"), "' \u{1}@SUM(A1)");
        assert_eq!(neutralise("\t-"), "\t-");
        assert_eq!(neutralise("\tAna"), "\tAna");
    }
}

//! The JSON report of an import (`intake import --report json`): the
//! command-line contract other tools rely on. Keys are never renamed; new
//! ones may be added.

use intake_i18n::Lang;
use std::cell::RefCell;

use intake_store::{Counts, ImportRecord, LogLine, Store, StoreError};
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::message::render;

/// The whole report.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Report {
    /// The import's id (what `intake log` takes).
    pub import_id: i64,
    /// Its name, the contacts' "created from".
    pub name: String,
    /// `create`, …
    pub mode: String,
    /// Whether nothing was written to the contact base.
    pub dry_run: bool,
    /// `completed`, `failed`, …
    pub status: String,
    /// What the file was.
    pub file: FileReport,
    /// How many rows ended in each outcome.
    pub counts: Counts,
    /// Every row with at least one finding, and (every mode but create)
    /// every row's outcome with, for updates, each changed field; in row
    /// order.
    pub rows: Vec<RowReport>,
}

/// What the file was.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileReport {
    /// Encoding label for CSV (`UTF-8`, `Windows-1252`, …), null for workbooks.
    pub encoding: Option<String>,
    /// Separator for CSV (`;`, `,`, `TAB`), null for workbooks.
    pub separator: Option<String>,
    /// Rows below the header, blank ones included.
    pub rows: u64,
    /// `csv`, `xlsx`, `xls`, `ods`, `xlsb`.
    pub format: String,
}

/// One row and what was found in it.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RowReport {
    /// Spreadsheet row (header = 1).
    pub row: u64,
    /// `rejected`, `skipped`, `not_found`, `created`, `updated`,
    /// `unchanged`, `inactivated`, `anonymized`, `deleted`.
    pub outcome: String,
    /// The contact it matched or created, when there is one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contact_number: Option<i64>,
    /// The findings.
    pub issues: Vec<IssueReport>,
    /// For an update: each changed field, before → after.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<ChangeReport>,
}

/// One changed field.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangeReport {
    /// Canonical column (`last_name`, `criterion:MUSIC`, `status`, …).
    pub column: String,
    /// The stored value before ("" when empty).
    pub before: String,
    /// The value after ("" when cleared).
    pub after: String,
}

/// One finding.
#[derive(Debug, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IssueReport {
    /// Canonical column name, when the finding is about a column.
    pub column: Option<String>,
    /// Stable code (`email.format`).
    pub code: String,
    /// `error` or `warning`.
    pub level: String,
    /// The value as found.
    pub value: String,
    /// The sentence, in the requested language.
    pub message: String,
}

/// Builds the report of a recorded import from its log.
pub fn build(import: &ImportRecord, lines: &[LogLine], lang: Lang) -> Report {
    let mut row_lines: Vec<&LogLine> = lines.iter().filter(|l| l.line.row.is_some()).collect();
    // Stable: within a row, findings stay in the order they were written.
    row_lines.sort_by_key(|l| l.line.row);
    let mut rows: Vec<RowReport> = Vec::new();
    let mut assembly = RowAssembly::default();
    for l in row_lines {
        rows.extend(assembly.push(l, lang));
    }
    rows.extend(assembly.current);
    let h = head(import);
    Report {
        import_id: h.import_id,
        name: h.name,
        mode: h.mode,
        dry_run: h.dry_run,
        status: h.status,
        file: h.file,
        counts: h.counts,
        rows,
    }
}

/// Writes the report of a recorded import as JSON to `out`, its rows read
/// from the store as they are written: a report of a million rows is
/// never held whole. The same document as [`build`] gives.
///
/// # Errors
///
/// What the store or the writer says.
pub fn write_json(
    store: &mut dyn Store,
    import: &ImportRecord,
    lang: Lang,
    out: impl std::io::Write,
) -> Result<(), serde_json::Error> {
    let rows = StreamedRows {
        store: RefCell::new(store),
        institution_id: import.institution_id,
        import_id: import.id,
        lang,
    };
    let report = ReportOf {
        head: head(import),
        rows,
    };
    serde_json::to_writer_pretty(out, &report)
}

/// A report whose rows are written as they are read.
struct ReportOf<'s> {
    head: Head,
    rows: StreamedRows<'s>,
}

impl Serialize for ReportOf<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The keys and their order of `Report`.
        let h = &self.head;
        let mut map = serializer.serialize_struct("Report", 8)?;
        map.serialize_field("import_id", &h.import_id)?;
        map.serialize_field("name", &h.name)?;
        map.serialize_field("mode", &h.mode)?;
        map.serialize_field("dry_run", &h.dry_run)?;
        map.serialize_field("status", &h.status)?;
        map.serialize_field("file", &h.file)?;
        map.serialize_field("counts", &h.counts)?;
        map.serialize_field("rows", &self.rows)?;
        map.end()
    }
}

/// The rows of a report, read from the store while they are serialised.
struct StreamedRows<'s> {
    store: RefCell<&'s mut dyn Store>,
    institution_id: i64,
    import_id: i64,
    lang: Lang,
}

impl Serialize for StreamedRows<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(None)?;
        let mut assembly = RowAssembly::default();
        let mut failed: Option<S::Error> = None;
        let mut store = self.store.borrow_mut();
        let read = store.for_each_row_line(self.institution_id, self.import_id, &mut |l| {
            if let Some(done) = assembly.push(&l, self.lang)
                && let Err(e) = seq.serialize_element(&done)
            {
                failed = Some(e);
                return Err(StoreError::Write("the report could not be written".into()));
            }
            Ok(())
        });
        if let Some(e) = failed {
            return Err(e);
        }
        read.map_err(serde::ser::Error::custom)?;
        if let Some(last) = assembly.current {
            seq.serialize_element(&last)?;
        }
        seq.end()
    }
}

/// Gathers the lines of a row, given in row order, into its report.
#[derive(Default)]
struct RowAssembly {
    current: Option<RowReport>,
}

impl RowAssembly {
    /// Adds a line; returns the row before it when the line starts another.
    fn push(&mut self, l: &LogLine, lang: Lang) -> Option<RowReport> {
        let line = &l.line;
        let row = line.row.unwrap_or_default();
        let done = match &self.current {
            Some(current) if current.row == row => None,
            _ => self.current.replace(RowReport {
                row,
                outcome: line.outcome.as_deref().unwrap_or_default().to_string(),
                contact_number: None,
                issues: Vec::new(),
                changes: Vec::new(),
            }),
        };
        let report = self.current.as_mut()?;
        let code = line.code.as_deref().unwrap_or_default().to_string();
        let arg = |name: &str| {
            line.args
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.clone())
        };
        if code == "field.changed" {
            report.changes.push(ChangeReport {
                column: line.column.as_deref().unwrap_or_default().to_string(),
                before: arg("before").unwrap_or_default(),
                after: arg("after").unwrap_or_default(),
            });
        } else if code.starts_with("contact.") && line.level == intake_core::Level::Info {
            // The row's outcome line.
            report.outcome = line.outcome.as_deref().unwrap_or_default().to_string();
            report.contact_number = arg("contact_number").and_then(|n| n.parse().ok());
        } else {
            report.issues.push(IssueReport {
                column: line.column.as_deref().map(str::to_string),
                code,
                level: line.level.as_str().to_string(),
                value: line.value.clone().unwrap_or_default(),
                message: render(line, lang),
            });
        }
        done
    }
}

/// A report but its rows.
struct Head {
    import_id: i64,
    name: String,
    mode: String,
    dry_run: bool,
    status: String,
    file: FileReport,
    counts: Counts,
}

fn head(import: &ImportRecord) -> Head {
    Head {
        import_id: import.id,
        name: import.name.clone(),
        mode: import.mode.to_string(),
        dry_run: import.dry_run,
        status: import.status.as_str().to_string(),
        file: FileReport {
            encoding: import.file.encoding.clone(),
            separator: import.file.separator.clone(),
            rows: import.file.rows,
            format: import.file.format.clone(),
        },
        counts: import.counts,
    }
}

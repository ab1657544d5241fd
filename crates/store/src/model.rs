//! The records the store reads and writes.

use intake_core::value::{ContactStatus, Language, Title};
use intake_core::{Category, ContactDraft, Level, Mode};
use jiff::Timestamp;
use jiff::civil::Date;
use std::borrow::Cow;

/// Settings of a new institution (`intake init`).
#[derive(Clone, Debug)]
pub struct InstitutionSettings {
    /// Short code (`DEFAULT`).
    pub code: String,
    /// Display name.
    pub name: String,
    /// The languages contacts may have.
    pub languages: Vec<Language>,
    /// The language of a contact that has none.
    pub default_language: Language,
    /// The title of a contact that has none.
    pub default_title: Title,
    /// The number the first new contact gets.
    pub first_contact_number: i64,
}

impl Default for InstitutionSettings {
    fn default() -> Self {
        let lang =
            |s| Language::parse(s).unwrap_or(Language::parse("fr").expect("fr is a language"));
        InstitutionSettings {
            code: "DEFAULT".into(),
            name: "Default institution".into(),
            languages: vec![lang("fr"), lang("de"), lang("en"), lang("it")],
            default_language: lang("fr"),
            default_title: Title::Undefined,
            first_contact_number: 1,
        }
    }
}

/// An institution (tenant) and its import settings.
#[derive(Clone, Debug)]
pub struct Institution {
    /// Database id.
    pub id: i64,
    /// Short code.
    pub code: String,
    /// Display name.
    pub name: String,
    /// The languages contacts may have.
    pub languages: Vec<Language>,
    /// Default language.
    pub default_language: Language,
    /// Default title.
    pub default_title: Title,
}

/// Where an import stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportStatus {
    /// Waiting for a worker.
    Queued,
    /// Being read and written.
    Running,
    /// Ran to its end (rows may have been rejected).
    Completed,
    /// Stopped by an error; nothing of it was written.
    Failed,
    /// Stopped by a person.
    Cancelled,
}

impl ImportStatus {
    /// The stable name.
    pub fn as_str(self) -> &'static str {
        match self {
            ImportStatus::Queued => "queued",
            ImportStatus::Running => "running",
            ImportStatus::Completed => "completed",
            ImportStatus::Failed => "failed",
            ImportStatus::Cancelled => "cancelled",
        }
    }

    /// Parses the stable name.
    pub fn parse(s: &str) -> Option<ImportStatus> {
        [
            ImportStatus::Queued,
            ImportStatus::Running,
            ImportStatus::Completed,
            ImportStatus::Failed,
            ImportStatus::Cancelled,
        ]
        .into_iter()
        .find(|st| st.as_str() == s)
    }
}

/// How many rows ended in each outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Counts {
    /// Rows read (blank rows excluded); the sum of the others.
    pub rows: u64,
    /// New contacts.
    pub created: u64,
    /// Contacts whose fields changed.
    pub updated: u64,
    /// Matched contacts left as they were.
    pub unchanged: u64,
    /// Rows not imported because of a conflict.
    pub skipped: u64,
    /// Rows not imported because of a broken rule.
    pub rejected: u64,
}

/// What was learnt about the file of an import.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FileFacts {
    /// `csv`, `xlsx`, …
    pub format: String,
    /// For CSV, the encoding label.
    pub encoding: Option<String>,
    /// For CSV, the separator.
    pub separator: Option<String>,
    /// Rows below the header, blank ones included.
    pub rows: u64,
}

/// A new import, as it starts.
#[derive(Clone, Debug)]
pub struct NewImport {
    /// Its institution.
    pub institution_id: i64,
    /// Its name: the contacts' "created from".
    pub name: String,
    /// The file's name as given.
    pub file_name: String,
    /// What it does with the rows.
    pub mode: Mode,
    /// Whether nothing is written to the contact base.
    pub dry_run: bool,
    /// Who started it.
    pub created_by: String,
    /// The file's full path, to resume from.
    pub file_path: String,
    /// The file's size in bytes.
    pub file_size: u64,
    /// A fingerprint of the file's content: a resume refuses another file.
    pub fingerprint: String,
    /// How a service matches and merges rows (`match=… criteria=…`).
    pub options: String,
}

/// Where an import stands after a committed batch.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Checkpoint {
    /// The last spreadsheet row whose outcome is committed.
    pub last_row: u64,
    /// The counts up to that row.
    pub counts: Counts,
    /// The fraction of the file read (0 to 1), for progress displays.
    pub progress: f64,
}

/// An import as recorded.
#[derive(Clone, Debug)]
pub struct ImportRecord {
    /// Id (what `intake log` takes).
    pub id: i64,
    /// Its institution.
    pub institution_id: i64,
    /// Its name.
    pub name: String,
    /// The file's name.
    pub file_name: String,
    /// What it does with the rows.
    pub mode: Mode,
    /// Dry run or not.
    pub dry_run: bool,
    /// Where it stands.
    pub status: ImportStatus,
    /// Who started it.
    pub created_by: String,
    /// When it started.
    pub started_at: Timestamp,
    /// When it ended.
    pub finished_at: Option<Timestamp>,
    /// Counts (up to the last checkpoint while running).
    pub counts: Counts,
    /// File facts (empty until it ends).
    pub file: FileFacts,
    /// The file's full path.
    pub file_path: String,
    /// The file's size in bytes.
    pub file_size: u64,
    /// The file's fingerprint.
    pub fingerprint: String,
    /// The last row committed, while running or after an interruption.
    pub checkpoint_row: Option<u64>,
    /// The fraction of the file read at the last checkpoint (1 when ended).
    pub progress: f64,
    /// Whether it runs as a job of the server's queue (its file is the
    /// server's copy of an upload).
    pub job: bool,
    /// Whom to email when it ends, if anyone.
    pub notify: Option<String>,
    /// The language of that email and of the job's messages.
    pub lang: Option<String>,
    /// Whether someone asked to cancel it.
    pub cancel_requested: bool,
}

impl ImportRecord {
    /// An estimate of the rows in the file, from the rows read and the
    /// fraction of the file they make (exact when it ended).
    pub fn rows_estimate(&self) -> Option<u64> {
        if self.finished_at.is_some() {
            return Some(self.file.rows.max(self.counts.rows));
        }
        if self.progress > 0.0 && self.counts.rows > 0 {
            return Some((self.counts.rows as f64 / self.progress).round() as u64);
        }
        None
    }
}

/// A queued import: what `Store::enqueue_import` records beside [`NewImport`].
#[derive(Clone, Debug, Default)]
pub struct JobOptions {
    /// Whom to email when it ends.
    pub notify: Option<String>,
    /// The language of that email.
    pub lang: Option<String>,
}

/// The end of an import.
#[derive(Clone, Debug)]
pub struct ImportFinish {
    /// Completed (or cancelled).
    pub status: ImportStatus,
    /// Final counts.
    pub counts: Counts,
    /// File facts.
    pub file: FileFacts,
}

/// The parts of the story, in the order a log is read.
pub mod phase {
    /// Starting: mode and options.
    pub const START: u8 = 10;
    /// Reading the file and its header.
    pub const READING: u8 = 20;
    /// Rows that break a rule.
    pub const FORMAT: u8 = 30;
    /// Valid rows found, searching the base.
    pub const MATCHING: u8 = 40;
    /// Conflicts with the base or earlier rows.
    pub const CONFLICTS: u8 = 50;
    /// The end.
    pub const SUMMARY: u8 = 60;
}

/// A log line to write.
#[derive(Clone, Debug)]
pub struct NewLogLine {
    /// Part of the story ([`phase`]); lines are read in (phase, order written).
    pub phase: u8,
    /// When.
    pub at: Timestamp,
    /// How serious.
    pub level: Level,
    /// Which bracket.
    pub category: Category,
    /// Spreadsheet row, for row findings.
    pub row: Option<u64>,
    /// Canonical column name.
    pub column: Option<Cow<'static, str>>,
    /// Stable code (`email.format`), for findings.
    pub code: Option<Cow<'static, str>>,
    /// The offending value.
    pub value: Option<String>,
    /// Outcome of the row (`rejected`, `skipped`), for row findings.
    pub outcome: Option<Cow<'static, str>>,
    /// Translation id of the message (a line an import writes names one of
    /// its own, without allocating; a line read back owns its text).
    pub message_id: Cow<'static, str>,
    /// Named values for the message.
    pub args: Vec<(String, String)>,
    /// The person the line's row was about: a hash of the row's email key
    /// (what erasing that person finds the line by), for lines of a row
    /// with an email. Never read back: a line read has none.
    pub subject: Option<i64>,
}

/// A log line as stored.
#[derive(Clone, Debug)]
pub struct LogLine {
    /// 1-based number in story order.
    pub number: u64,
    /// The line as written.
    pub line: NewLogLine,
}

/// A contact to create.
#[derive(Clone, Copy, Debug)]
pub struct NewContact<'a> {
    /// The checked values.
    pub draft: &'a ContactDraft<'a>,
    /// The spreadsheet row it came from.
    pub source_row: u64,
    /// The import creating it (its origin).
    pub import_id: i64,
    /// The import's name ("created from").
    pub origin: &'a str,
    /// A legacy number to keep (checked free); `None`: the next free number.
    pub number: Option<i64>,
    /// The comparison key of a structure's name.
    pub structure_key: Option<&'a str>,
}

/// Which contacts to list.
#[derive(Clone, Debug, Default)]
pub struct ContactFilter {
    /// The institution (mandatory: nothing crosses institutions).
    pub institution_id: i64,
    /// Only those created from this import name.
    pub created_from: Option<String>,
    /// Only individuals or only structures.
    pub contact_type: Option<String>,
    /// Only this email (compared case-insensitively).
    pub email: Option<String>,
    /// Only the contact of this number.
    pub number: Option<i64>,
}

/// A contact as stored, every value as text (empty when none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactRecord {
    /// Unique number.
    pub contact_number: i64,
    /// INDIVIDUAL or STRUCTURE.
    pub contact_type: String,
    /// Title code.
    pub title: String,
    /// First name.
    pub first_name: String,
    /// Last name.
    pub last_name: String,
    /// Birthdate.
    pub birthdate: Option<Date>,
    /// Language code.
    pub language: String,
    /// Email.
    pub email: String,
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
    /// Country alpha-2 code.
    pub country: String,
    /// Where it stands.
    pub status: ContactStatus,
    /// The import (or channel) that created it.
    pub created_from: String,
}

/// Encodes log line arguments as a JSON object (how both stores keep them).
pub(crate) fn args_to_json(args: &[(String, String)]) -> String {
    let mut out = String::new();
    args_to_json_into(args, &mut out);
    out
}

/// [`args_to_json`] into `out` (emptied first), without allocating when
/// it is large enough: every log line has arguments to write.
pub(crate) fn args_to_json_into(args: &[(String, String)], out: &mut String) {
    // A JSON object with its keys in order, the last value of a repeated
    // key kept (what a serde_json map makes), written straight.
    let mut bytes = std::mem::take(out).into_bytes();
    bytes.clear();
    bytes.push(b'{');
    let mut first = true;
    let mut write = |k: &str, v: &str| {
        if !first {
            bytes.push(b',');
        }
        first = false;
        json_string(&mut bytes, k);
        bytes.push(b':');
        json_string(&mut bytes, v);
    };
    match args {
        // Most lines: nothing to sort.
        [] => {}
        [(k, v)] => write(k, v),
        _ => {
            let mut sorted: Vec<&(String, String)> = args.iter().collect();
            sorted.sort_by(|a, b| a.0.cmp(&b.0));
            for (i, (k, v)) in sorted.iter().map(|p| (&p.0, &p.1)).enumerate() {
                if sorted.get(i + 1).is_some_and(|next| next.0 == *k) {
                    continue;
                }
                write(k, v);
            }
        }
    }
    bytes.push(b'}');
    *out = String::from_utf8(bytes).unwrap_or_else(|_| "{}".to_string());
}

/// Appends `s` as a JSON string, escaped as serde_json escapes it.
fn json_string(out: &mut Vec<u8>, s: &str) {
    // Writing to a Vec cannot fail.
    let _ = serde_json::to_writer(&mut *out, s);
}

/// Decodes what [`args_to_json`] wrote.
pub(crate) fn args_from_json(text: &str) -> Result<Vec<(String, String)>, crate::StoreError> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text)
        .map_err(|_| crate::StoreError::Corrupt(format!("log arguments {text:?}")))?;
    Ok(map
        .into_iter()
        .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
        .collect())
}

/// The interruption line of one import: the prototype plus where it stopped.
pub(crate) fn interrupted(line: &NewLogLine, id: i64, checkpoint: Option<i64>) -> NewLogLine {
    let mut line = line.clone();
    line.args.push(("id".into(), id.to_string()));
    line.args
        .push(("checkpoint_row".into(), checkpoint.unwrap_or(1).to_string()));
    line
}

/// A contact's status as stored; one this build does not know is a
/// corrupt base naming the contact.
pub(crate) fn contact_status(
    number: i64,
    status: &str,
) -> Result<ContactStatus, crate::StoreError> {
    ContactStatus::parse(status)
        .ok_or_else(|| crate::StoreError::Corrupt(format!("contact {number}: status {status:?}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log_arguments_are_written_as_a_json_map_writes_them() {
        let cases: Vec<Vec<(&str, &str)>> = vec![
            vec![],
            vec![("row", "12")],
            vec![("z", "1"), ("a", "quote \" and \\ and \n"), ("m", "é ✓")],
            vec![("k", "first"), ("b", "x"), ("k", "last")],
        ];
        for case in cases {
            let args: Vec<(String, String)> = case
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            let map: serde_json::Map<String, serde_json::Value> = args
                .iter()
                .map(|(k, v)| (k.clone(), serde_json::Value::String(v.clone())))
                .collect();
            assert_eq!(
                args_to_json(&args),
                serde_json::Value::Object(map).to_string()
            );
            let back = args_from_json(&args_to_json(&args)).unwrap();
            assert!(back.len() <= args.len());
        }
    }
}

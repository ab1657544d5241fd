//! What an import is asked to do (`ImportOptions`, `ServiceOptions`),
//! what it reports as it goes (`Progress`) and what it did
//! (`ImportOutcome`).

use std::path::PathBuf;
use std::time::Duration;

use intake_core::Mode;
use intake_store::{Counts, FileFacts, ImportRecord, ImportStatus};

use crate::log_lines::duration_label;

/// What a row of a service (every mode but create) is matched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum MatchKey {
    /// The email (basic format: names, criteria and authorizations only).
    Email,
    /// The contact number (extended format: every field).
    ContactNumber,
}

impl MatchKey {
    /// `email` or `contact-number`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKey::Email => "email",
            MatchKey::ContactNumber => "contact-number",
        }
    }
}

/// How a row's `criterion:` cells meet the elements a contact has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CriteriaMode {
    /// Add the row's elements to the contact's.
    Add,
    /// The row's elements replace the contact's, criterion by criterion.
    Replace,
}

/// The options of a service, kept with the import (as JSON) so that a job
/// or a resume runs it the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceOptions {
    /// What rows are matched on (default: the contact number when the file
    /// has that column, else the email).
    #[serde(rename = "match", default, skip_serializing_if = "Option::is_none")]
    pub match_on: Option<MatchKey>,
    /// Criteria: add or replace (default: replace in update and upsert,
    /// add in qualify).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criteria: Option<CriteriaMode>,
    /// Let the file turn a stored "no" into "yes".
    #[serde(rename = "consent_upgrade", default)]
    pub allow_consent_upgrade: bool,
}

impl ServiceOptions {
    /// `{"match":"email","criteria":"add","consent_upgrade":true}`: how the
    /// options are kept with the import.
    pub fn encode(&self) -> String {
        // Three plain fields: serializing them cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads what [`ServiceOptions::encode`] wrote, and the words that
    /// imports recorded before it (`match=email criteria=add
    /// consent-upgrade`); empty text is the defaults.
    ///
    /// # Errors
    ///
    /// Anything else: the text, quoted, for the caller to name the import
    /// it came from. Never a silent default, which could run a recorded
    /// service another way than it was asked.
    pub fn decode(s: &str) -> Result<ServiceOptions, String> {
        let s = s.trim();
        if s.starts_with('{') {
            return serde_json::from_str(s).map_err(|e| format!("{s:?}: {e}"));
        }
        let mut o = ServiceOptions::default();
        for word in s.split_whitespace() {
            match word {
                "match=email" => o.match_on = Some(MatchKey::Email),
                "match=contact-number" => o.match_on = Some(MatchKey::ContactNumber),
                "criteria=add" => o.criteria = Some(CriteriaMode::Add),
                "criteria=replace" => o.criteria = Some(CriteriaMode::Replace),
                "consent-upgrade" => o.allow_consent_upgrade = true,
                other => return Err(format!("{s:?}: unknown word {other:?}")),
            }
        }
        Ok(o)
    }
}

#[cfg(test)]
mod service_options_tests {
    use super::*;

    #[test]
    fn every_option_reads_back_as_it_was_kept() {
        for match_on in [None, Some(MatchKey::Email), Some(MatchKey::ContactNumber)] {
            for criteria in [None, Some(CriteriaMode::Add), Some(CriteriaMode::Replace)] {
                for allow_consent_upgrade in [false, true] {
                    let o = ServiceOptions {
                        match_on,
                        criteria,
                        allow_consent_upgrade,
                    };
                    assert_eq!(ServiceOptions::decode(&o.encode()), Ok(o), "{}", o.encode());
                }
            }
        }
    }

    #[test]
    fn options_kept_before_json_still_read() {
        assert_eq!(
            ServiceOptions::decode("match=email criteria=add consent-upgrade"),
            Ok(ServiceOptions {
                match_on: Some(MatchKey::Email),
                criteria: Some(CriteriaMode::Add),
                allow_consent_upgrade: true,
            })
        );
        assert_eq!(ServiceOptions::decode(""), Ok(ServiceOptions::default()));
    }

    #[test]
    fn options_that_do_not_read_are_an_error_not_a_default() {
        for bad in [
            "match=phone",
            "{\"match\":\"phone\"}",
            "{\"matsch\":\"email\"}",
            "{\"match\":",
        ] {
            assert!(ServiceOptions::decode(bad).is_err(), "{bad}");
        }
    }
}

/// What the user asked for.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The file to read.
    pub path: PathBuf,
    /// The import's name (default: the file name without extension).
    pub name: Option<String>,
    /// The mode.
    pub mode: Mode,
    /// How a service matches and merges rows.
    pub service: ServiceOptions,
    /// Read, check and match everything; write nothing to the contact base.
    pub dry_run: bool,
    /// Create mode: warn (`contact.possible_duplicate`) when a new row
    /// looks like a contact of the base under another email; the row is
    /// imported all the same.
    pub check_duplicates: bool,
    /// Who runs it.
    pub created_by: String,
    /// Where to write the rejected and skipped rows, if anywhere.
    pub rejects: Option<PathBuf>,
    /// The language of the rejects' error column.
    pub lang: intake_i18n::Lang,
    /// Resume this interrupted import instead of starting a new one (its
    /// file is `path`, or the recorded one when `path` is empty).
    pub resume: Option<i64>,
    /// The institution to import into (default: the base's first).
    pub institution: Option<i64>,
    /// Wait for another writer of the institution to finish (the default);
    /// `false`: refuse at once ([`crate::ImportError::Busy`]).
    pub wait: bool,
    /// Run this queued import, which the caller claimed from the queue
    /// ([`intake_store::Store::claim_import`]): its file, name, mode and dry-run flag are
    /// the recorded ones; a job put back in the queue after an
    /// interruption resumes from its checkpoint.
    pub job: Option<ImportRecord>,
}

impl ImportOptions {
    /// The name the import gets: the given one, or the file's stem.
    pub fn import_name(&self) -> String {
        match &self.name {
            Some(n) if !n.trim().is_empty() => n.trim().to_string(),
            _ => self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "import".into()),
        }
    }
}

/// The stage an import is in, for progress displays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for another writer of the institution to finish.
    Waiting,
    /// Reading, checking and matching rows.
    Reading,
    /// Committing to the contact base.
    Writing,
    /// Finished.
    Done,
}

/// Receives progress while an import runs.
pub trait Progress {
    /// Called after every batch: the phase, rows read so far, and the
    /// fraction of the file read (0 to 1).
    fn update(&self, phase: Phase, rows: u64, fraction: f64);

    /// Asked after every batch: whether to stop (a request made in another
    /// process is seen at the next checkpoint instead).
    fn cancelled(&self) -> bool {
        false
    }

    /// Called once when the import waits for another writer of its
    /// institution to finish (see [`intake_store::lock`]): who, when known.
    fn waiting(&self, _holder: Option<&intake_store::LockHolder>) {}
}

impl Progress for () {
    fn update(&self, _: Phase, _: u64, _: f64) {}
}

/// How an import ended.
#[derive(Clone, Debug)]
pub struct ImportOutcome {
    /// Its id.
    pub import_id: i64,
    /// Its name.
    pub name: String,
    /// Its mode.
    pub mode: Mode,
    /// Whether it was a dry run.
    pub dry_run: bool,
    /// Final status.
    pub status: ImportStatus,
    /// What the file was.
    pub file: FileFacts,
    /// The counts.
    pub counts: Counts,
    /// Wall time.
    pub duration: Duration,
    /// Rows written to the rejects file.
    pub rejects_written: u64,
}

/// The message of the closing line.
pub(crate) fn summary_id(mode: Mode, dry_run: bool) -> &'static str {
    match (mode == Mode::Create, dry_run) {
        (true, false) => "log-finished",
        (true, true) => "log-finished-dry-run",
        (false, false) => "log-finished-service",
        (false, true) => "log-finished-service-dry-run",
    }
}

impl ImportOutcome {
    /// The closing sentence of the log ("Import finished: …"), in `lang`.
    pub fn summary(&self, lang: intake_i18n::Lang) -> String {
        let c = self.counts;
        intake_i18n::text(
            lang,
            summary_id(self.mode, self.dry_run),
            &[
                ("created", c.created.to_string().into()),
                ("updated", c.updated.to_string().into()),
                ("unchanged", c.unchanged.to_string().into()),
                ("skipped", c.skipped.to_string().into()),
                ("rejected", c.rejected.to_string().into()),
                ("rows", c.rows.to_string().into()),
                ("duration", duration_label(self.duration).into()),
            ],
        )
    }
}

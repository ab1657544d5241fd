//! Forgetting with time: the uploads and the personal values of the logs
//! of an institution's imports that ended more than its retention period
//! ago (`intake retention apply`, and a server's daily run), and the
//! uploads that held the people an anonymize or a delete erased.

use intake_store::Store;
use intake_store::retention;
use jiff::{SignedDuration, Timestamp};

use crate::error::ImportError;

/// What applying the retention period erased (or, for a dry run, would).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RetentionSummary {
    /// The institution's retention period, in days.
    pub days: u32,
    /// Imports that ended before this moment were due.
    pub cutoff: Option<Timestamp>,
    /// How many imports were due.
    pub imports: u64,
    /// Their log lines whose personal values went.
    pub lines: u64,
    /// Their uploaded files that went.
    pub uploads: u64,
}

impl RetentionSummary {
    /// What was erased (or, for a dry run, would be), as a sentence in
    /// `lang`.
    pub fn sentence(&self, dry_run: bool, lang: intake_i18n::Lang) -> String {
        let cutoff = self
            .cutoff
            .map(|t| {
                t.to_zoned(jiff::tz::TimeZone::system())
                    .strftime("%d.%m.%Y %H:%M")
                    .to_string()
            })
            .unwrap_or_default();
        intake_i18n::text(
            lang,
            if dry_run {
                "retention-would-erase"
            } else {
                "retention-erased"
            },
            &[
                ("lines", self.lines.into()),
                ("uploads", self.uploads.into()),
                ("imports", self.imports.into()),
                ("cutoff", cutoff.into()),
                ("days", u64::from(self.days).into()),
            ],
        )
    }
}

/// Erases the uploads and the personal values of the logs of the
/// institution's imports that ended more than its retention period before
/// `now`, once each (an import erased is marked so). A dry run erases
/// nothing and says what would go.
///
/// # Errors
///
/// When the base fails.
pub fn apply_retention(
    store: &mut dyn Store,
    institution_id: i64,
    now: Timestamp,
    dry_run: bool,
) -> Result<RetentionSummary, ImportError> {
    let days = retention::retention_days(store.sql(), institution_id)?;
    let cutoff = now
        .checked_sub(SignedDuration::from_hours(24 * i64::from(days)))
        .unwrap_or(Timestamp::MIN);
    let due = retention::expired(store.sql(), institution_id, cutoff)?;
    let mut summary = RetentionSummary {
        days,
        cutoff: Some(cutoff),
        imports: due.len() as u64,
        ..RetentionSummary::default()
    };
    if dry_run {
        summary.lines = retention::personal_lines(store.sql(), institution_id, &due)?;
        summary.uploads = due
            .iter()
            .map(|id| store.import(institution_id, *id))
            .collect::<Result<Vec<_>, _>>()?
            .into_iter()
            .flatten()
            .filter(|r| r.job && !r.file_path.is_empty())
            .count() as u64;
        return Ok(summary);
    }
    // The logs expire even when an upload stays (it is tried again on the
    // next run: `expired` still lists its import).
    let uploads = erase_uploads(store, institution_id, &due);
    summary.lines = retention::expire_logs(store.sql(), institution_id, &due, now)?;
    summary.uploads = uploads?;
    Ok(summary)
}

/// Removes the files a server kept of these imports' uploads (imports run
/// from the command line name the user's own file: never touched); how
/// many. A file already gone counts as erased. An upload is forgotten
/// only once its file is gone: one that cannot be removed stays named,
/// to be tried again, and the others are still removed.
///
/// # Errors
///
/// When the base fails, or an upload could not be removed (the first).
pub(crate) fn erase_uploads<'a>(
    store: &mut dyn Store,
    institution_id: i64,
    imports: impl IntoIterator<Item = &'a i64>,
) -> Result<u64, ImportError> {
    let mut erased = 0;
    let mut kept = None;
    for id in imports {
        let Some(path) = retention::upload(store.sql(), institution_id, *id)? else {
            continue;
        };
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => {
                kept.get_or_insert(ImportError::UploadKept {
                    path: path.into(),
                    source: e,
                });
                continue;
            }
        }
        retention::forget_upload(store.sql(), institution_id, *id)?;
        erased += 1;
    }
    match kept {
        Some(e) => Err(e),
        None => Ok(erased),
    }
}

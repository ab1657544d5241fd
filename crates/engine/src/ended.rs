//! After an import ran: completed, cancelled or failed, and what each
//! leaves behind.

use std::time::Instant;

use intake_core::Mode;
use intake_core::{Category, Level};
use intake_store::{Counts, FileFacts, ImportStatus, NewLogLine, Store, phase};

use crate::error::ImportError;
use crate::rejects::RejectsWriter;

use crate::run::{ImportOutcome, Phase, Progress, Ran, line};

/// An import that ran, whatever ended it.
pub(crate) struct Ended {
    pub(crate) institution_id: i64,
    pub(crate) import_id: i64,
    pub(crate) name: String,
    pub(crate) mode: Mode,
    pub(crate) dry_run: bool,
    pub(crate) started: Instant,
}

impl Ended {
    pub(crate) fn outcome(
        self,
        status: ImportStatus,
        file: FileFacts,
        counts: Counts,
        rejects_written: u64,
    ) -> ImportOutcome {
        ImportOutcome {
            import_id: self.import_id,
            name: self.name,
            mode: self.mode,
            dry_run: self.dry_run,
            status,
            file,
            counts,
            duration: self.started.elapsed(),
            rejects_written,
        }
    }

    /// To its end: the rejects file closed; after an anonymize or a
    /// delete, the uploads that hold the people erased go and the base is
    /// compacted.
    pub(crate) fn completed(
        self,
        store: &mut dyn Store,
        ran: Ran,
        rejects: Option<RejectsWriter>,
        progress: &dyn Progress,
    ) -> Result<ImportOutcome, ImportError> {
        let Ran {
            counts,
            file,
            rejects_written,
        } = ran;
        if let Some(r) = rejects {
            r.finish()?;
        }
        if self.mode.is_irreversible() && !self.dry_run {
            // The uploads that hold the people erased go too: this run's
            // own, and those of the imports whose logs named them (in any
            // batch, before a resume too: marked as they were).
            let mut uploads =
                intake_store::services::uploads_to_erase(store.sql(), self.institution_id)?;
            uploads.push(self.import_id);
            // The base is compacted even when an upload stayed: the values
            // erased from it go from its free pages either way.
            let erased = crate::retention::erase_uploads(store, self.institution_id, &uploads);
            if counts.updated > 0 {
                store.compact()?;
            }
            erased?;
        }
        progress.update(Phase::Done, counts.rows, 1.0);
        Ok(self.outcome(ImportStatus::Completed, file, counts, rejects_written))
    }

    /// Cancelled: nothing of it stays.
    pub(crate) fn cancelled(
        self,
        store: &mut dyn Store,
        last_row: u64,
    ) -> Result<ImportOutcome, ImportError> {
        discard(
            store,
            self.mode,
            self.institution_id,
            self.import_id,
            ImportStatus::Cancelled,
            &line(
                phase::SUMMARY,
                Level::Warning,
                Category::Summary,
                "log-cancelled",
                vec![("row", last_row.to_string())],
            ),
        )?;
        Ok(self.outcome(
            ImportStatus::Cancelled,
            FileFacts::default(),
            Counts::default(),
            0,
        ))
    }

    /// Failed: a file refused half-way leaves nothing; a base that refused
    /// a write keeps what the checkpoints committed, to resume from.
    pub(crate) fn failed(
        self,
        store: &mut dyn Store,
        e: ImportError,
        lang: intake_i18n::Lang,
    ) -> Result<ImportOutcome, ImportError> {
        let error = e.message(lang);
        if matches!(e, ImportError::Source(_)) {
            // What earlier checkpoints committed goes too, so that
            // "nothing of it was written" holds for a file refused at its
            // last row. When even that fails (the base is gone), the import
            // stays running and the next command marks it interrupted and
            // resumable.
            let failed = line(
                phase::SUMMARY,
                Level::Error,
                Category::Summary,
                "log-failed",
                vec![("error", error)],
            );
            let _ = discard(
                store,
                self.mode,
                self.institution_id,
                self.import_id,
                ImportStatus::Failed,
                &failed,
            );
            return Err(e);
        }
        let committed = store
            .import(self.institution_id, self.import_id)
            .ok()
            .flatten()
            .and_then(|r| r.checkpoint_row);
        let failed = match committed {
            Some(row) => line(
                phase::SUMMARY,
                Level::Error,
                Category::Summary,
                "log-failed-resumable",
                vec![
                    ("error", error),
                    ("checkpoint_row", row.to_string()),
                    ("id", self.import_id.to_string()),
                ],
            ),
            None => line(
                phase::SUMMARY,
                Level::Error,
                Category::Summary,
                "log-failed",
                vec![("error", error)],
            ),
        };
        let _ = store.fail_import(self.import_id, &failed);
        Err(e)
    }
}

/// Ends an import that leaves nothing behind (cancelled, or failed): the
/// session was dropped (rolled back); what its checkpoints committed goes
/// too, contacts it updated getting their before-images back (contacts it
/// erased cannot: an anonymize or a delete reads its whole file before it
/// starts, so that a file refused half-way never leaves half of it done).
pub(crate) fn discard(
    store: &mut dyn Store,
    mode: Mode,
    institution_id: i64,
    import_id: i64,
    status: ImportStatus,
    last: &NewLogLine,
) -> Result<(), ImportError> {
    intake_store::sql::atomically(store.sql(), |sql| {
        if mode == Mode::Create {
            // The contacts go with discard_import; their criteria and
            // consents first.
            return intake_store::services::forget_created(sql, institution_id, import_id);
        }
        intake_store::services::apply_undo(sql, institution_id, import_id)
    })?;
    store.discard_import(import_id, status, last)?;
    Ok(())
}

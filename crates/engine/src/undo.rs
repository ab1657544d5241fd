//! Going back: `intake undo IMPORT_ID` reverts a committed import.

use intake_core::{Category, Level};
use intake_store::services::{self, UndoPlan};
use intake_store::sql::atomically;
use intake_store::{ImportStatus, LockHolder, Store, phase};

use crate::error::{ImportError, UndoRefusal};
use crate::run::{Progress, line};

/// What an undo did, or would do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UndoSummary {
    /// Contacts the import created, removed.
    pub removed: u64,
    /// Contacts it changed, restored.
    pub restored: u64,
}

/// Checks that `import_id` can be undone and says what the undo would do.
///
/// # Errors
///
/// [`ImportError::Undo`] with the reason when it cannot.
pub fn undo_preview(
    store: &mut dyn Store,
    institution_id: i64,
    import_id: i64,
) -> Result<(UndoSummary, UndoPlan), ImportError> {
    let refuse = |why| ImportError::Undo { id: import_id, why };
    let record = store
        .import(institution_id, import_id)?
        .ok_or_else(|| refuse(UndoRefusal::NotFound))?;
    if record.dry_run || record.status != ImportStatus::Completed {
        return Err(refuse(UndoRefusal::NotCommitted {
            status: record.status.as_str().to_string(),
            dry_run: record.dry_run,
        }));
    }
    let mode = record.mode;
    if mode.is_irreversible() {
        return Err(refuse(UndoRefusal::Irreversible {
            mode: mode.as_str().to_string(),
        }));
    }
    if store.import_undone(institution_id, import_id)? {
        return Err(refuse(UndoRefusal::NotCommitted {
            status: "undone".into(),
            dry_run: false,
        }));
    }
    let plan = services::undo_plan(store.sql(), institution_id, import_id)?;
    if let Some((_, by)) = plan.touched_later.first() {
        let numbers = plan
            .touched_later
            .iter()
            .filter(|(_, b)| b == by)
            .map(|(n, _)| *n)
            .take(10)
            .collect();
        return Err(refuse(UndoRefusal::TouchedLater { numbers, by: *by }));
    }
    let summary = UndoSummary {
        removed: plan.created.len() as u64,
        restored: plan.changed.len() as u64,
    };
    Ok((summary, plan))
}

/// Reverts a committed import in one transaction: the contacts it created
/// are removed, the fields it updated restored from their before-images,
/// its inactivations reverted; a line in its log and in the audit trail
/// says who did it.
///
/// # Errors
///
/// As [`undo_preview`], [`ImportError::Busy`] when another writer of the
/// institution holds its lock and `wait` is false, or when the base fails.
pub fn undo_import(
    store: &mut dyn Store,
    institution_id: i64,
    import_id: i64,
    who: &str,
    wait: bool,
    progress: &dyn Progress,
) -> Result<UndoSummary, ImportError> {
    undo_preview(store, institution_id, import_id)?;
    // One writer at a time into the institution (see intake_store::lock).
    let holder = LockHolder {
        import_id: Some(import_id),
        what: "undo".into(),
        started_by: who.to_string(),
        since: jiff::Timestamp::now(),
    };
    let _writer = crate::writer::take(store, institution_id, &holder, wait, progress, true)?;
    // Read again under the write lock: another import may have written
    // since the preview.
    let done = atomically(store.sql(), |sql| {
        let plan = services::undo_plan(sql, institution_id, import_id)?;
        if let Some((_, by)) = plan.touched_later.first() {
            let numbers: Vec<i64> = plan
                .touched_later
                .iter()
                .map(|(n, _)| *n)
                .take(10)
                .collect();
            return Ok(Err(UndoRefusal::TouchedLater { numbers, by: *by }));
        }
        let mut numbers: Vec<i64> = plan.created.clone();
        numbers.extend(plan.changed.iter().copied());
        services::apply_undo(sql, institution_id, import_id)?;
        services::audit(sql, institution_id, who, "undo", import_id, &numbers)?;
        Ok(Ok(UndoSummary {
            removed: plan.created.len() as u64,
            restored: plan.changed.len() as u64,
        }))
    })?;
    let summary = done.map_err(|why| ImportError::Undo { id: import_id, why })?;
    store.add_log_line(
        import_id,
        &line(
            phase::SUMMARY,
            Level::Warning,
            Category::Summary,
            "log-undone",
            vec![
                ("who", who.to_string()),
                ("removed", summary.removed.to_string()),
                ("restored", summary.restored.to_string()),
            ],
        ),
    )?;
    Ok(summary)
}

//! Forgetting: the uploaded file of an import and the personal values of
//! its log are kept for the institution's retention period (90 days unless
//! set), then erased; and an anonymize or a delete erases the uploads that
//! held the people it erased. Written once for both stores.
//!
//! What an import's log keeps after its retention: every line, its level,
//! category, row, column and code, and the counts; what goes: the values
//! the rows held (a name, an address, a before → after), the details
//! quoting them, and the subject that named the row's person.

use jiff::Timestamp;

use crate::StoreError;
use crate::sql::{Sql, Val, placeholders, query_int};

/// The institution's retention period, in days.
///
/// # Errors
///
/// What the database says.
pub fn retention_days(sql: &mut dyn Sql, institution: i64) -> Result<u32, StoreError> {
    let days = query_int(
        sql,
        "SELECT retention_days FROM institution WHERE id = ?",
        &[institution.into()],
    )?
    .ok_or(StoreError::NoInstitution)?;
    u32::try_from(days).map_err(|_| StoreError::Corrupt(format!("retention of {days} days")))
}

/// Sets the institution's retention period, in days.
///
/// # Errors
///
/// What the database says.
pub fn set_retention_days(
    sql: &mut dyn Sql,
    institution: i64,
    days: u32,
) -> Result<(), StoreError> {
    sql.exec(
        "UPDATE institution SET retention_days = ? WHERE id = ?",
        &[i64::from(days).into(), institution.into()],
    )?;
    Ok(())
}

/// The institution's imports that ended before `cutoff` and still hold
/// personal values (or an upload): ids.
///
/// # Errors
///
/// What the database says.
pub fn expired(
    sql: &mut dyn Sql,
    institution: i64,
    cutoff: Timestamp,
) -> Result<Vec<i64>, StoreError> {
    sql.query(
        "SELECT id FROM import WHERE institution_id = ?
           AND (erased_at IS NULL OR (job AND file_path <> ''))
           AND status IN ('completed', 'failed', 'cancelled') AND finished_at < ?
         ORDER BY id",
        &[institution.into(), Val::Time(cutoff)],
    )?
    .iter()
    .map(|r| {
        r.int(0)?
            .ok_or_else(|| StoreError::Corrupt("import without id".into()))
    })
    .collect()
}

/// How many lines of these imports' logs hold personal values (what
/// [`expire_logs`] would erase).
///
/// # Errors
///
/// What the database says.
pub fn personal_lines(
    sql: &mut dyn Sql,
    institution: i64,
    imports: &[i64],
) -> Result<u64, StoreError> {
    let mut total = 0u64;
    for chunk in imports.chunks(500) {
        let mut params: Vec<Val> = vec![institution.into()];
        params.extend(chunk.iter().map(|i| Val::from(*i)));
        total += query_int(
            sql,
            &format!(
                "SELECT COUNT(*) FROM log_line WHERE institution_id = ? AND import_id IN ({})
                 AND row_number IS NOT NULL AND message_id NOT IN ('log-erased', 'log-expired')",
                placeholders(chunk.len())
            ),
            &params,
        )?
        .unwrap_or(0) as u64;
    }
    Ok(total)
}

/// Erases the personal values of these imports' logs (each line of a row
/// keeps its level, category, row, column and code; its message says its
/// values expired) and marks the imports erased at `now`; how many lines.
///
/// # Errors
///
/// What the database says.
pub fn expire_logs(
    sql: &mut dyn Sql,
    institution: i64,
    imports: &[i64],
    now: Timestamp,
) -> Result<u64, StoreError> {
    let mut total = 0;
    for chunk in imports.chunks(500) {
        let mut params: Vec<Val> = vec![institution.into()];
        params.extend(chunk.iter().map(|i| Val::from(*i)));
        let list = placeholders(chunk.len());
        total += sql.exec(
            &format!(
                "UPDATE log_line SET value = NULL, args = '{{}}', subject = NULL,
                     message_id = 'log-expired'
                 WHERE institution_id = ? AND import_id IN ({list})
                   AND row_number IS NOT NULL AND message_id NOT IN ('log-erased', 'log-expired')"
            ),
            &params,
        )?;
        let mut params: Vec<Val> = vec![Val::Time(now), institution.into()];
        params.extend(chunk.iter().map(|i| Val::from(*i)));
        sql.exec(
            &format!("UPDATE import SET erased_at = ? WHERE institution_id = ? AND id IN ({list})"),
            &params,
        )?;
    }
    Ok(total)
}

/// The file a server kept of an import's upload, if it still has one.
/// Imports run from the command line name the user's own file, which is
/// never touched.
///
/// # Errors
///
/// What the database says.
pub fn upload(
    sql: &mut dyn Sql,
    institution: i64,
    import_id: i64,
) -> Result<Option<String>, StoreError> {
    sql.query(
        "SELECT file_path FROM import WHERE institution_id = ? AND id = ? AND job
           AND file_path <> ''",
        &[institution.into(), import_id.into()],
    )?
    .first()
    .map(|r| r.string(0))
    .transpose()
}

/// Forgets the upload of an import, once its file is gone.
///
/// # Errors
///
/// What the database says.
pub fn forget_upload(
    sql: &mut dyn Sql,
    institution: i64,
    import_id: i64,
) -> Result<(), StoreError> {
    sql.exec(
        "UPDATE import SET file_path = '' WHERE institution_id = ? AND id = ?",
        &[institution.into(), import_id.into()],
    )?;
    Ok(())
}

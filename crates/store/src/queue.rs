//! The job queue's bookkeeping that is the same on both stores.

use jiff::Timestamp;

use crate::StoreError;
use crate::sql::{Sql, Val, placeholders};

/// Renews the leases of running imports to `until`: a server renews those
/// it runs while they run (waiting for the writer lock, in a long batch),
/// so that only a dead server's leases run out and a live one takes its
/// jobs back.
///
/// # Errors
///
/// What the database says.
pub fn renew_leases(
    sql: &mut dyn Sql,
    import_ids: &[i64],
    until: Timestamp,
) -> Result<(), StoreError> {
    if import_ids.is_empty() {
        return Ok(());
    }
    let mut params: Vec<Val> = vec![Val::Time(until)];
    params.extend(import_ids.iter().map(|id| Val::from(*id)));
    sql.exec(
        &format!(
            "UPDATE import SET lease_until = ? WHERE status = 'running' AND id IN ({})",
            placeholders(import_ids.len())
        ),
        &params,
    )?;
    Ok(())
}

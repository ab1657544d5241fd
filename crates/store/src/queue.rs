//! The job queue's bookkeeping that is the same on both stores.

use jiff::Timestamp;

use crate::StoreError;
use crate::sql::{Sql, Val, placeholders};

/// Renews the leases of running imports for `lease` from now: a server
/// renews those it runs while they run (waiting for the writer lock, in
/// a long batch), so that only a dead server's leases run out and a live
/// one takes its jobs back. On PostgreSQL "now" is the database's clock,
/// which the servers that compare leases read alike (theirs may drift).
///
/// # Errors
///
/// What the database says.
pub fn renew_leases(
    sql: &mut dyn Sql,
    import_ids: &[i64],
    lease: std::time::Duration,
) -> Result<(), StoreError> {
    if import_ids.is_empty() {
        return Ok(());
    }
    let secs = i64::try_from(lease.as_secs()).unwrap_or(i64::MAX);
    let (until, mut params) = if sql.dialect() == crate::sql::Dialect::Postgres {
        (
            "now() + make_interval(secs => CAST(? AS BIGINT))",
            vec![Val::from(secs)],
        )
    } else {
        let until = Timestamp::now()
            .checked_add(jiff::SignedDuration::from_secs(secs))
            .unwrap_or(Timestamp::MAX);
        ("?", vec![Val::Time(until)])
    };
    params.extend(import_ids.iter().map(|id| Val::from(*id)));
    sql.exec(
        &format!(
            "UPDATE import SET lease_until = {until} WHERE status = 'running' AND id IN ({})",
            placeholders(import_ids.len())
        ),
        &params,
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Open;

    /// A lease renewed runs for as long as it was renewed for: an import
    /// whose lease ran out is taken for its dead server's, one renewed
    /// for an hour is not.
    fn a_lease_lasts_as_long_as_it_was_renewed_for(open: Open<'_>) {
        let mut store = open();
        let institution_id = store.institution().unwrap().id;
        let mut begin = |name: &str| {
            let new = crate::testing::new_import(institution_id, name, intake_core::Mode::Create);
            store.begin_import(&new).unwrap()
        };
        let (short, long) = (begin("short"), begin("long"));
        renew_leases(store.sql(), &[short], std::time::Duration::ZERO).unwrap();
        renew_leases(store.sql(), &[long], std::time::Duration::from_secs(3600)).unwrap();
        std::thread::sleep(std::time::Duration::from_millis(1100));
        let line = crate::testing::summary_line("log-interrupted");
        assert_eq!(store.recover_interrupted(&line).unwrap(), vec![short]);
    }

    #[test]
    fn a_lease_lasts_as_long_as_it_was_renewed_for_on_sqlite() {
        crate::testing::on_sqlite(a_lease_lasts_as_long_as_it_was_renewed_for);
    }

    #[test]
    fn a_lease_lasts_as_long_as_it_was_renewed_for_on_postgres() {
        crate::testing::on_postgres("lease", a_lease_lasts_as_long_as_it_was_renewed_for);
    }
}

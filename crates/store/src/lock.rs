//! An institution's writer lock: one writer at a time into an institution
//! (an import of any mode but a dry run, an undo, and what writes later),
//! whatever process it runs in, the command line beside a server's worker
//! included. Two imports that each matched their rows against the base
//! before the other wrote let duplicates in (150,000 emails twice, from two
//! overlapping files started together).
//!
//! The lock is the system's, so that it goes with its process however the
//! process ends: on SQLite an exclusive lock on a file beside the base
//! (`intake.db-writer-1`), on PostgreSQL an advisory lock held by a
//! connection of the writer's own. Nothing else waits for it: sign-ins,
//! uploads and reads go on. A row of `writer_lock` says who holds it, for
//! whoever waits; the queries on it are written once for both stores.

use jiff::Timestamp;

use crate::StoreError;
use crate::sql::{Sql, Val};

/// Who holds an institution's writer lock, or asks for it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LockHolder {
    /// The import that writes (or that an undo reverts), once known.
    pub import_id: Option<i64>,
    /// What writes: `import` or `undo`.
    pub what: String,
    /// Who started it.
    pub started_by: String,
    /// Since when.
    pub since: Timestamp,
}

/// An institution's writer lock, held until dropped, or until its
/// process ends (the system lets it go then).
pub struct WriterLock {
    _held: Box<dyn Send>,
}

impl WriterLock {
    /// A lock held by `held` (a locked file, the connection that holds an
    /// advisory lock): let go when it is dropped.
    pub(crate) fn new(held: impl Send + 'static) -> WriterLock {
        WriterLock {
            _held: Box::new(held),
        }
    }
}

impl std::fmt::Debug for WriterLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("WriterLock")
    }
}

/// Records who took the lock (it holds it: no one else writes this row).
pub(crate) fn record(
    sql: &mut dyn Sql,
    institution_id: i64,
    holder: &LockHolder,
) -> Result<(), StoreError> {
    sql.exec(
        "INSERT INTO writer_lock (institution_id, import_id, what, started_by, since)
         VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (institution_id) DO UPDATE SET import_id = excluded.import_id,
             what = excluded.what, started_by = excluded.started_by, since = excluded.since",
        &[
            institution_id.into(),
            holder.import_id.into(),
            holder.what.as_str().into(),
            holder.started_by.as_str().into(),
            Val::Time(holder.since),
        ],
    )?;
    Ok(())
}

/// Who last took the institution's lock (the one who holds it, when it is
/// held).
///
/// # Errors
///
/// What the database says.
pub fn holder(sql: &mut dyn Sql, institution_id: i64) -> Result<Option<LockHolder>, StoreError> {
    let rows = sql.query(
        "SELECT import_id, what, started_by, since FROM writer_lock WHERE institution_id = ?",
        &[institution_id.into()],
    )?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let since = row.string(3)?;
    Ok(Some(LockHolder {
        import_id: row.int(0)?,
        what: row.string(1)?,
        started_by: row.string(2)?,
        since: since
            .parse()
            .map_err(|_| StoreError::Corrupt(format!("timestamp {since:?}")))?,
    }))
}

/// Names the import the holder of the lock runs, once it is recorded.
///
/// # Errors
///
/// What the database says.
pub fn set_import(
    sql: &mut dyn Sql,
    institution_id: i64,
    import_id: i64,
) -> Result<(), StoreError> {
    sql.exec(
        "UPDATE writer_lock SET import_id = ? WHERE institution_id = ?",
        &[import_id.into(), institution_id.into()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Open;

    fn asking(what: &str, who: &str) -> LockHolder {
        LockHolder {
            import_id: None,
            what: what.into(),
            started_by: who.into(),
            since: Timestamp::now(),
        }
    }

    /// One writer at a time per institution, across connections; the one
    /// who waits is told who holds it; the lock goes when dropped.
    fn one_writer_at_a_time(open: Open<'_>) {
        let (mut a, mut b) = (open(), open());
        let other = b
            .add_institution(&crate::InstitutionSettings {
                code: "OTHER".into(),
                ..Default::default()
            })
            .unwrap()
            .id;
        let first = a.institution().unwrap().id;
        let lock = a
            .lock_writer(first, &asking("import", "alice"), &mut |_| false)
            .unwrap()
            .expect("free");
        set_import(a.sql(), first, 12).unwrap();
        // Held: the second is told by whom, and gives up when told to.
        let mut seen = Vec::new();
        let mut asked = 0;
        let second = b
            .lock_writer(first, &asking("undo", "bob"), &mut |held| {
                seen.push(held.cloned());
                asked += 1;
                asked < 3
            })
            .unwrap();
        assert!(second.is_none());
        assert_eq!(seen.len(), 3);
        let by = seen[0].clone().expect("holder known");
        assert_eq!(
            (by.import_id, by.what.as_str(), by.started_by.as_str()),
            (Some(12), "import", "alice")
        );
        // Another institution is not held up.
        assert!(
            b.lock_writer(other, &asking("import", "bob"), &mut |_| false)
                .unwrap()
                .is_some()
        );
        // Dropped, it is free again for the next.
        drop(lock);
        let again = b
            .lock_writer(first, &asking("undo", "bob"), &mut |_| false)
            .unwrap();
        assert!(again.is_some());
        assert_eq!(holder(b.sql(), first).unwrap().unwrap().started_by, "bob");
    }

    #[test]
    fn one_writer_at_a_time_on_sqlite() {
        crate::testing::on_sqlite(one_writer_at_a_time);
    }

    #[test]
    fn one_writer_at_a_time_on_postgres() {
        crate::testing::on_postgres("lock", one_writer_at_a_time);
    }
}

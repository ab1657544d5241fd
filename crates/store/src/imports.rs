//! The imports' records, read the same way from both stores.

use intake_core::Mode;

use jiff::Timestamp;

use crate::process::host;
use crate::sql::{Dialect, Sql, SqlRow, Val};
use crate::{Counts, FileFacts, ImportRecord, ImportStatus, JobOptions, NewImport, StoreError};

/// The columns [`import_from_row`] reads, in its order.
pub(crate) const IMPORT_COLUMNS: &str =
    "id, institution_id, name, file_name, mode, dry_run, status, created_by,
    started_at, finished_at, rows_read, created, updated, unchanged, skipped, rejected,
    file_format, file_encoding, file_separator, file_rows, file_path, file_size, fingerprint,
    checkpoint_row, progress, job, notify, lang, cancel_requested";

/// An import from the columns of [`IMPORT_COLUMNS`]; a value that does not
/// parse (a mode or status this build does not know) is a corrupt base,
/// named with the import, never a default.
pub(crate) fn import_from_row(row: &SqlRow) -> Result<ImportRecord, StoreError> {
    let id = row
        .int(0)?
        .ok_or_else(|| StoreError::Corrupt("an import without id".into()))?;
    let bad = |what: &'static str| {
        move |e: StoreError| StoreError::Corrupt(format!("import {id}: {what}: {e}"))
    };
    let corrupt = |what: String| StoreError::Corrupt(format!("import {id}: {what}"));
    let count = |i: usize, what: &'static str| -> Result<u64, StoreError> {
        let n = row.int(i).map_err(bad(what))?.unwrap_or(0);
        u64::try_from(n).map_err(|_| corrupt(format!("{what} {n}")))
    };
    let mode = row.string(4)?;
    let status = row.string(6)?;
    Ok(ImportRecord {
        id,
        institution_id: row
            .int(1)?
            .ok_or_else(|| corrupt("no institution".into()))?,
        name: row.string(2)?,
        file_name: row.string(3)?,
        mode: Mode::parse(&mode).ok_or_else(|| corrupt(format!("mode {mode:?}")))?,
        dry_run: row.int(5).map_err(bad("dry_run"))? == Some(1),
        status: ImportStatus::parse(&status)
            .ok_or_else(|| corrupt(format!("status {status:?}")))?,
        created_by: row.string(7)?,
        started_at: row
            .time(8)
            .map_err(bad("started_at"))?
            .ok_or_else(|| corrupt("no start".into()))?,
        finished_at: row.time(9).map_err(bad("finished_at"))?,
        counts: Counts {
            rows: count(10, "rows_read")?,
            created: count(11, "created")?,
            updated: count(12, "updated")?,
            unchanged: count(13, "unchanged")?,
            skipped: count(14, "skipped")?,
            rejected: count(15, "rejected")?,
        },
        file: FileFacts {
            format: row.string(16)?,
            encoding: row.text(17)?,
            separator: row.text(18)?,
            rows: count(19, "file_rows")?,
        },
        file_path: row.string(20)?,
        file_size: count(21, "file_size")?,
        fingerprint: row.string(22)?,
        checkpoint_row: match row.int(23).map_err(bad("checkpoint_row"))? {
            Some(n) => Some(u64::try_from(n).map_err(|_| corrupt(format!("checkpoint_row {n}")))?),
            None => None,
        },
        progress: row.float(24).map_err(bad("progress"))?.unwrap_or(0.0),
        job: row.int(25).map_err(bad("job"))? == Some(1),
        notify: row.text(26)?,
        lang: row.text(27)?,
        cancel_requested: row.int(28).map_err(bad("cancel_requested"))? == Some(1),
    })
}

/// The institution's imports, newest first.
pub(crate) fn imports(
    sql: &mut (impl Sql + ?Sized),
    institution_id: i64,
) -> Result<Vec<ImportRecord>, StoreError> {
    let rows = sql.query(
        &format!("SELECT {IMPORT_COLUMNS} FROM import WHERE institution_id = ? ORDER BY id DESC"),
        &[institution_id.into()],
    )?;
    rows.iter().map(import_from_row).collect()
}

/// One import of the institution.
pub(crate) fn import(
    sql: &mut (impl Sql + ?Sized),
    institution_id: i64,
    import_id: i64,
) -> Result<Option<ImportRecord>, StoreError> {
    let rows = sql.query(
        &format!("SELECT {IMPORT_COLUMNS} FROM import WHERE institution_id = ? AND id = ?"),
        &[Val::from(institution_id), Val::from(import_id)],
    )?;
    rows.first().map(import_from_row).transpose()
}

/// The options a service import was recorded with (`match=… criteria=…`).
pub(crate) fn options(
    sql: &mut (impl Sql + ?Sized),
    institution_id: i64,
    import_id: i64,
) -> Result<Option<String>, StoreError> {
    let rows = sql.query(
        "SELECT options FROM import WHERE institution_id = ? AND id = ?",
        &[Val::from(institution_id), Val::from(import_id)],
    )?;
    Ok(rows.first().map(|r| r.text(0)).transpose()?.flatten())
}

/// Whether the import was undone: its log's last summary line (a line
/// without a row: SQLite indexes only those by import) says so.
pub(crate) fn undone(
    sql: &mut (impl Sql + ?Sized),
    institution_id: i64,
    import_id: i64,
) -> Result<bool, StoreError> {
    let rows = sql.query(
        "SELECT 1 FROM log_line WHERE institution_id = ? AND import_id = ?
         AND message_id = 'log-undone' AND row_number IS NULL",
        &[Val::from(institution_id), Val::from(import_id)],
    )?;
    Ok(!rows.is_empty())
}

/// Records the size and fingerprint of the import's file.
pub(crate) fn record_file(
    sql: &mut (impl Sql + ?Sized),
    institution_id: i64,
    import_id: i64,
    size: u64,
    fingerprint: &str,
) -> Result<(), StoreError> {
    sql.exec(
        "UPDATE import SET file_size = ?, fingerprint = ? WHERE institution_id = ? AND id = ?",
        &[
            Val::from(i64::try_from(size).unwrap_or(i64::MAX)),
            fingerprint.into(),
            institution_id.into(),
            import_id.into(),
        ],
    )?;
    Ok(())
}

/// Records a new import: running in this process, or queued for a
/// server's worker (`job`). Returns its id.
pub(crate) fn insert(
    sql: &mut (impl Sql + ?Sized),
    new: &NewImport,
    job: Option<&JobOptions>,
) -> Result<i64, StoreError> {
    let (status, host, pid) = match job {
        None => ("running", host(), i64::from(std::process::id())),
        Some(_) => ("queued", String::new(), 0),
    };
    let rows = sql.query(
        "INSERT INTO import (institution_id, name, file_name, mode, dry_run, status,
            created_by, host, pid, started_at, file_path, file_size, fingerprint, job,
            notify, lang, options)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         RETURNING id",
        &[
            new.institution_id.into(),
            new.name.as_str().into(),
            new.file_name.as_str().into(),
            new.mode.as_str().into(),
            new.dry_run.into(),
            status.into(),
            new.created_by.as_str().into(),
            host.into(),
            pid.into(),
            Val::Time(Timestamp::now()),
            new.file_path.as_str().into(),
            i64::try_from(new.file_size).unwrap_or(i64::MAX).into(),
            new.fingerprint.as_str().into(),
            job.is_some().into(),
            job.and_then(|j| j.notify.clone()).into(),
            job.and_then(|j| j.lang.clone()).into(),
            new.options.as_str().into(),
        ],
    )?;
    rows.first()
        .map(|r| r.int(0))
        .transpose()?
        .flatten()
        .ok_or_else(|| StoreError::Corrupt("import just added: no id".into()))
}

/// Puts an interrupted import back to running, owned by this process.
pub(crate) fn reopen(sql: &mut (impl Sql + ?Sized), import_id: i64) -> Result<(), StoreError> {
    sql.exec(
        "UPDATE import SET status = 'running', finished_at = NULL, host = ?, pid = ?
         WHERE id = ?",
        &[
            host().into(),
            i64::from(std::process::id()).into(),
            import_id.into(),
        ],
    )?;
    Ok(())
}

/// A running import as the recovery sees it.
pub(crate) struct Running {
    pub(crate) id: i64,
    pub(crate) host: String,
    pub(crate) pid: i64,
    pub(crate) checkpoint_row: Option<i64>,
    /// Its lease ran out (by the database's clock on PostgreSQL, which
    /// the servers sharing it read alike).
    pub(crate) lease_over: bool,
}

/// Every import of every institution still marked running.
pub(crate) fn running(sql: &mut (impl Sql + ?Sized)) -> Result<Vec<Running>, StoreError> {
    let (now, params) = match sql.dialect() {
        Dialect::Postgres => ("now()", Vec::new()),
        Dialect::Sqlite => ("?", vec![Val::Time(Timestamp::now())]),
    };
    let rows = sql.query(
        &format!(
            "SELECT id, host, pid, checkpoint_row, lease_until, {now} FROM import
             WHERE status = 'running'"
        ),
        &params,
    )?;
    rows.iter()
        .map(|r| {
            let id = r.int(0)?.unwrap_or(0);
            let lease = r.time(4)?;
            let now = r.time(5)?;
            Ok(Running {
                id,
                host: r.string(1)?,
                pid: r.int(2)?.unwrap_or(0),
                checkpoint_row: r.int(3)?,
                lease_over: matches!((lease, now), (Some(lease), Some(now)) if lease < now),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::NewImport;
    use crate::testing::Open;

    fn new_import(institution_id: i64, mode: Mode) -> NewImport {
        NewImport {
            institution_id,
            name: format!("{mode}"),
            file_name: format!("{mode}.csv"),
            mode,
            dry_run: false,
            created_by: "test".into(),
            file_path: String::new(),
            file_size: 0,
            fingerprint: String::new(),
            options: String::new(),
        }
    }

    /// Every mode is kept and read back as itself; the base refuses a mode
    /// or a status it does not know; and one written before it refused
    /// them (a base of an older build, the check lifted here to write it)
    /// is a corrupt base naming the import, never a default mode.
    fn modes_and_statuses_are_closed_sets(open: Open<'_>, lift_the_check: &str) {
        let mut store = open();
        let institution_id = store.institution().unwrap().id;
        for mode in Mode::ALL {
            let id = store
                .begin_import(&new_import(institution_id, *mode))
                .unwrap();
            let record = store.import(institution_id, id).unwrap().unwrap();
            assert_eq!(record.mode, *mode);
        }
        let sql = store.sql();
        for bad in [
            "UPDATE import SET mode = 'merge' WHERE id = 1",
            "UPDATE import SET status = 'paused' WHERE id = 1",
        ] {
            assert!(sql.exec(bad, &[]).is_err(), "{bad}");
        }
        let contact = |status: &str| {
            format!(
                "INSERT INTO contact (institution_id, contact_number, contact_type, title,
                    first_name, last_name, language, status, origin, created_at)
                 VALUES (?, 999, 'person', 'none', 'Ann', 'Lee', 'fr', '{status}', 'test',
                    '2026-12-07T00:00:00Z')"
            )
        };
        let id = [Val::from(institution_id)];
        assert!(sql.exec(&contact("gone"), &id).is_err());
        sql.exec(&contact("active"), &id).unwrap();
        assert!(
            sql.exec("UPDATE contact SET status = 'gone'", &[]).is_err(),
            "a contact's status outside its set"
        );
        sql.exec(lift_the_check, &[]).unwrap();
        sql.exec("UPDATE import SET mode = 'merge' WHERE id = 2", &[])
            .unwrap();
        match store.import(institution_id, 2) {
            Err(StoreError::Corrupt(what)) => {
                assert!(
                    what.contains("import 2") && what.contains("merge"),
                    "{what}"
                );
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(
            store.imports(institution_id),
            Err(StoreError::Corrupt(_))
        ));
    }

    #[test]
    fn modes_and_statuses_are_closed_sets_on_sqlite() {
        crate::testing::on_sqlite(|open| {
            modes_and_statuses_are_closed_sets(open, "DROP TRIGGER import_closed_sets_update")
        });
    }

    #[test]
    fn modes_and_statuses_are_closed_sets_on_postgres() {
        crate::testing::on_postgres("closed_sets", |open| {
            modes_and_statuses_are_closed_sets(
                open,
                "ALTER TABLE import DROP CONSTRAINT import_mode_known",
            )
        });
    }
}

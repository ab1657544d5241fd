//! The imports' records, read the same way from both stores.

use intake_core::Mode;

use jiff::Timestamp;

use crate::model::args_to_json;
use crate::process::host;
use crate::sql::{Dialect, Sql, SqlRow, Val};
use crate::sqlite::log as sqlite_log;
use crate::{
    Counts, FileFacts, ImportRecord, ImportStatus, JobOptions, NewImport, NewLogLine, StoreError,
};

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

/// The institution of an import (every statement that follows filters on
/// it: the base's first column everywhere).
/// Inside a transaction, it also takes the import's row on PostgreSQL
/// (SQLite's transaction holds the write lock from its start): two
/// processes appending to one log take their turns, each numbering its
/// line after the other's.
pub(crate) fn institution_of(
    sql: &mut (impl Sql + ?Sized),
    import_id: i64,
) -> Result<i64, StoreError> {
    let lock = match sql.dialect() {
        Dialect::Postgres => " FOR UPDATE",
        Dialect::Sqlite => "",
    };
    let rows = sql.query(
        &format!("SELECT institution_id FROM import WHERE id = ?{lock}"),
        &[import_id.into()],
    )?;
    rows.first()
        .map(|r| r.int(0))
        .transpose()?
        .flatten()
        .ok_or_else(|| StoreError::Corrupt(format!("no import {import_id}")))
}

/// The condition that selects the lines of an import, and its parameters:
/// on SQLite a range of keys (its log is keyed by the import's id × 2³² +
/// the line's number, migration 6), which it reads as a range of rowids.
pub(crate) fn lines_of_import(
    dialect: Dialect,
    institution_id: i64,
    import_id: i64,
) -> (String, Vec<Val>) {
    match dialect {
        Dialect::Sqlite => (
            format!(
                "institution_id = ? AND {}",
                sqlite_log::lines_of_import("?")
            ),
            vec![institution_id.into(), import_id.into(), import_id.into()],
        ),
        Dialect::Postgres => (
            "institution_id = ? AND import_id = ?".to_string(),
            vec![institution_id.into(), import_id.into()],
        ),
    }
}

/// Appends `line` at the end of an import's log (the bulk of a log goes
/// through each store's own path: prepared statements of 8 rows on
/// SQLite, binary COPY on PostgreSQL).
pub(crate) fn append_line(
    sql: &mut (impl Sql + ?Sized),
    institution_id: i64,
    import_id: i64,
    line: &NewLogLine,
) -> Result<(), StoreError> {
    let dialect = sql.dialect();
    let (lines, mut params) = lines_of_import(dialect, institution_id, import_id);
    let last = match dialect {
        Dialect::Sqlite => {
            params.insert(0, import_id.into());
            sqlite_log::last_line_number("?")
        }
        Dialect::Postgres => "COALESCE(MAX(seq), 0)".to_string(),
    };
    let rows = sql.query(
        &format!("SELECT {last} + 1 FROM log_line WHERE {lines}"),
        &params,
    )?;
    let seq = rows
        .first()
        .map(|r| r.int(0))
        .transpose()?
        .flatten()
        .unwrap_or(1);
    let (key_column, key) = match dialect {
        Dialect::Sqlite => (", line", format!(", {}", sqlite_log::line_key("?", "?"))),
        Dialect::Postgres => ("", String::new()),
    };
    let mut params = vec![institution_id.into(), import_id.into(), seq.into()];
    if dialect == Dialect::Sqlite {
        params.extend([Val::from(import_id), Val::from(seq)]);
    }
    params.extend([
        Val::from(i64::from(line.phase)),
        Val::Time(line.at),
        line.level.as_str().into(),
        line.category.as_str().into(),
        line.row
            .map(|r| i64::try_from(r).unwrap_or(i64::MAX))
            .into(),
        line.column.as_deref().into(),
        line.code.as_deref().into(),
        line.value.as_deref().into(),
        line.outcome.as_deref().into(),
        line.message_id.as_ref().into(),
        args_to_json(&line.args).into(),
        line.subject.into(),
    ]);
    sql.exec(
        &format!(
            "INSERT INTO log_line (institution_id, import_id, seq{key_column}, phase, at, level,
                category, row_number, column_name, code, value, outcome, message_id, args,
                subject)
             VALUES (?, ?, ?{key}, CAST(CAST(? AS BIGINT) AS SMALLINT), ?, ?, ?, ?, ?, ?, ?, ?,
                ?, ?, ?)"
        ),
        &params,
    )?;
    Ok(())
}

/// Appends `line` to an import's log and, in the same transaction, does
/// `update` (an `UPDATE import SET …` without its `WHERE`, which filters
/// on the import and its institution).
pub(crate) fn with_line(
    sql: &mut (impl Sql + ?Sized),
    import_id: i64,
    line: &NewLogLine,
    update: Option<(&str, Vec<Val>)>,
) -> Result<(), StoreError> {
    crate::sql::atomically(sql.as_sql(), |sql| {
        let institution_id = institution_of(sql, import_id)?;
        append_line(sql, institution_id, import_id, line)?;
        if let Some((update, mut params)) = update {
            params.extend([Val::from(institution_id), Val::from(import_id)]);
            sql.exec(
                &format!("{update} WHERE institution_id = ? AND id = ?"),
                &params,
            )?;
        }
        Ok(())
    })
}

/// Fails an import with `line` if it is still running; `false` when it
/// was not (another process failed it first). The update comes first:
/// it takes the import's row, so a second process asking the same waits,
/// then finds it failed and writes nothing.
pub(crate) fn fail_if_running(
    sql: &mut (impl Sql + ?Sized),
    import_id: i64,
    line: &NewLogLine,
) -> Result<bool, StoreError> {
    crate::sql::atomically(sql.as_sql(), |sql| {
        let changed = sql.exec(
            "UPDATE import SET status = 'failed', finished_at = ?
             WHERE id = ? AND status = 'running'",
            &[Val::Time(Timestamp::now()), import_id.into()],
        )?;
        if changed == 0 {
            return Ok(false);
        }
        let institution_id = institution_of(sql, import_id)?;
        append_line(sql, institution_id, import_id, line)?;
        Ok(true)
    })
}

/// Asks an import to stop (see [`crate::Store::request_cancel`]).
pub(crate) fn request_cancel(
    sql: &mut (impl Sql + ?Sized),
    institution_id: i64,
    import_id: i64,
    line: &NewLogLine,
) -> Result<Option<ImportStatus>, StoreError> {
    let for_update = match sql.dialect() {
        Dialect::Postgres => " FOR UPDATE",
        // (SQLite's transaction holds the write lock from its start.)
        Dialect::Sqlite => "",
    };
    crate::sql::atomically(sql.as_sql(), |sql| {
        let ids = [Val::from(institution_id), Val::from(import_id)];
        let rows = sql.query(
            &format!("SELECT status FROM import WHERE institution_id = ? AND id = ?{for_update}"),
            &ids,
        )?;
        let Some(row) = rows.first() else {
            return Ok(None);
        };
        let status = row.string(0)?;
        let status = ImportStatus::parse(&status)
            .ok_or_else(|| StoreError::Corrupt(format!("import {import_id}: status {status:?}")))?;
        Ok(Some(match status {
            ImportStatus::Queued => {
                append_line(sql, institution_id, import_id, line)?;
                sql.exec(
                    "UPDATE import SET status = 'cancelled', finished_at = ?
                     WHERE institution_id = ? AND id = ?",
                    &[Val::Time(Timestamp::now()), ids[0].clone(), ids[1].clone()],
                )?;
                ImportStatus::Cancelled
            }
            ImportStatus::Running => {
                sql.exec(
                    "UPDATE import SET cancel_requested = true WHERE institution_id = ? AND id = ?",
                    &ids,
                )?;
                ImportStatus::Running
            }
            other => other,
        }))
    })
}

/// Ends an import that leaves nothing behind (see
/// [`crate::Store::discard_import`]).
pub(crate) fn discard(
    sql: &mut (impl Sql + ?Sized),
    import_id: i64,
    status: ImportStatus,
    line: &NewLogLine,
) -> Result<(), StoreError> {
    crate::sql::atomically(sql.as_sql(), |sql| {
        let institution_id = institution_of(sql, import_id)?;
        let ids = [Val::from(institution_id), Val::from(import_id)];
        sql.exec(
            "DELETE FROM contact WHERE institution_id = ? AND import_id = ?",
            &ids,
        )?;
        let (lines, params) = lines_of_import(sql.dialect(), institution_id, import_id);
        sql.exec(&format!("DELETE FROM log_line WHERE {lines}"), &params)?;
        append_line(sql, institution_id, import_id, line)?;
        sql.exec(
            "UPDATE import SET status = ?, finished_at = ?, rows_read = 0,
                created = 0, updated = 0, unchanged = 0, skipped = 0, rejected = 0,
                lease_until = NULL, checkpoint_row = NULL
             WHERE institution_id = ? AND id = ?",
            &[
                status.as_str().into(),
                Val::Time(Timestamp::now()),
                ids[0].clone(),
                ids[1].clone(),
            ],
        )?;
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::Open;

    fn new_import(institution_id: i64, mode: Mode) -> crate::NewImport {
        crate::testing::new_import(institution_id, mode.as_str(), mode)
    }

    /// Every mode is kept and read back as itself; the base refuses a mode
    /// or a status it does not know; and one written before it refused
    /// them (a base of an older build, the check lifted here to write it)
    /// is a corrupt base naming the import, never a default mode.
    fn modes_and_statuses_are_closed_sets(open: Open<'_>, lift_the_checks: &[&str]) {
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
        for lift in lift_the_checks {
            sql.exec(lift, &[]).unwrap();
        }
        sql.exec("UPDATE import SET mode = 'merge' WHERE id = 2", &[])
            .unwrap();
        sql.exec("UPDATE contact SET status = 'gone'", &[]).unwrap();
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
        let filter = crate::ContactFilter {
            institution_id,
            created_from: None,
            contact_type: None,
            email: None,
            number: None,
        };
        match store.for_each_contact(&filter, &mut |_| {}) {
            Err(StoreError::Corrupt(what)) => {
                assert!(
                    what.contains("contact 999") && what.contains("gone"),
                    "{what}"
                );
            }
            other => panic!("{other:?}"),
        }
        match crate::services::load(store.sql(), institution_id, &[999]) {
            Err(StoreError::Corrupt(what)) => assert!(what.contains("contact 999"), "{what}"),
            other => panic!("{other:?}"),
        }
    }

    /// Two processes that find the same import of a dead process at once
    /// (a server starting beside a command) fail it once: one line says
    /// it was interrupted, and neither fails on the other's line.
    fn two_recoveries_at_once_fail_a_dead_import_once(open: Open<'_>) {
        let mut store = open();
        let institution_id = store.institution().unwrap().id;
        // A process that ran and is gone.
        let mut gone = std::process::Command::new("true").spawn().unwrap();
        let dead_pid = i64::from(gone.id());
        gone.wait().unwrap();
        const IMPORTS: i64 = 30;
        for _ in 0..IMPORTS {
            let id = store
                .begin_import(&new_import(institution_id, Mode::Create))
                .unwrap();
            store
                .sql()
                .exec(
                    "UPDATE import SET pid = ? WHERE id = ?",
                    &[dead_pid.into(), id.into()],
                )
                .unwrap();
        }
        let line = crate::testing::summary_line("log-interrupted");
        let failed: Vec<Vec<i64>> = std::thread::scope(|scope| {
            let both: Vec<_> = (0..2)
                .map(|_| {
                    let line = line.clone();
                    scope.spawn(move || {
                        let mut store = open();
                        store.recover_interrupted(&line)
                    })
                })
                .collect();
            both.into_iter()
                .map(|t| t.join().unwrap().expect("a recovery fails on the other's"))
                .collect()
        });
        let mut all: Vec<i64> = failed.concat();
        all.sort_unstable();
        assert_eq!(all, (1..=IMPORTS).collect::<Vec<_>>(), "{failed:?}");
        for id in 1..=IMPORTS {
            let lines = store.log_lines(institution_id, id).unwrap();
            assert_eq!(lines.len(), 1, "import {id}");
            let record = store.import(institution_id, id).unwrap().unwrap();
            assert_eq!(record.status, ImportStatus::Failed);
        }
    }

    #[test]
    fn two_recoveries_at_once_fail_a_dead_import_once_on_sqlite() {
        crate::testing::on_sqlite(two_recoveries_at_once_fail_a_dead_import_once);
    }

    #[test]
    fn two_recoveries_at_once_fail_a_dead_import_once_on_postgres() {
        crate::testing::on_postgres("recoveries", two_recoveries_at_once_fail_a_dead_import_once);
    }

    #[test]
    fn modes_and_statuses_are_closed_sets_on_sqlite() {
        crate::testing::on_sqlite(|open| {
            modes_and_statuses_are_closed_sets(
                open,
                &[
                    "DROP TRIGGER import_closed_sets_update",
                    // (SQLite keeps the contact's CHECK with its table.)
                    "PRAGMA ignore_check_constraints = ON",
                ],
            )
        });
    }

    #[test]
    fn modes_and_statuses_are_closed_sets_on_postgres() {
        crate::testing::on_postgres("closed_sets", |open| {
            modes_and_statuses_are_closed_sets(
                open,
                &[
                    "ALTER TABLE import DROP CONSTRAINT import_mode_known",
                    "ALTER TABLE contact DROP CONSTRAINT contact_status_known",
                ],
            )
        });
    }
}

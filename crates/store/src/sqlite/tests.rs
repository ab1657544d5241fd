//! Tests of `sqlite`.

use std::borrow::Cow;

use intake_core::{Category, Level};

use super::*;

/// The lookups the services make per row use their indexes, not a
/// scan of the institution.
#[test]
fn lookups_by_email_and_by_contact_use_their_indexes() {
    let plan = |conn: &Connection, q: &str| -> String {
        conn.prepare(&format!("EXPLAIN QUERY PLAN {q}"))
            .unwrap()
            .query_map([1i64, 2], |r| r.get::<_, String>(3))
            .unwrap()
            .map(Result::unwrap)
            .collect::<Vec<_>>()
            .join("; ")
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("intake.db");
    let settings = crate::InstitutionSettings::default();
    let store = SqliteStore::open(&path, &settings).unwrap();
    for (q, index) in [
        (
            "SELECT contact_number FROM contact WHERE institution_id = ?1 AND email_key = ?2",
            "contact_email",
        ),
        (
            "UPDATE contact_change SET before = NULL
                 WHERE institution_id = ?1 AND contact_number = ?2",
            "contact_change_contact",
        ),
        (
            "SELECT import_id FROM contact_change WHERE institution_id = ?1 AND contact_number IN (?2, 3)",
            "contact_change_contact",
        ),
    ] {
        let p = plan(&store.conn, q);
        assert!(p.contains(index), "{q}: {p}");
    }
}

/// A compact after an erase empties the WAL, or says it could not:
/// a reader that never lets go is named, not ignored.
#[test]
fn a_compact_says_when_readers_keep_the_wal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("intake.db");
    let mut store = SqliteStore::open(&path, &crate::InstitutionSettings::default()).unwrap();
    let reader = Connection::open(&path).unwrap();
    reader.execute_batch("BEGIN").unwrap();
    let _: i64 = reader
        .query_row("SELECT COUNT(*) FROM institution", [], |r| r.get(0))
        .unwrap();
    let err = store.compact().unwrap_err();
    assert!(matches!(err, StoreError::WalBusy(_)), "{err}");
    assert!(err.to_string().contains("intake.db-wal"), "{err}");
    // Let go, the WAL is emptied.
    reader.execute_batch("COMMIT").unwrap();
    store.compact().unwrap();
    let wal = std::fs::metadata(dir.path().join("intake.db-wal")).map_or(0, |m| m.len());
    assert_eq!(wal, 0);
}

#[test]
fn lines_through_several_statements_are_numbered_and_stored_as_given() {
    // The base's own schema, its foreign keys not enforced (the lines
    // name an import this base does not have).
    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    for sql in MIGRATIONS {
        conn.execute_batch(sql).unwrap();
    }
    // 18 lines: through the statements of 8 rows (twice) and 2.
    let mut lines = Vec::new();
    for level in [Level::Info, Level::Warning, Level::Error] {
        for category in [
            Category::Initialisation,
            Category::Format,
            Category::Conflict,
            Category::NotFound,
            Category::Summary,
            Category::Change,
        ] {
            lines.push(NewLogLine {
                phase: 1,
                at: Timestamp::UNIX_EPOCH,
                level,
                category,
                row: Some(lines.len() as u64 + 2),
                column: None,
                code: None,
                value: None,
                outcome: None,
                message_id: Cow::Borrowed("log-test"),
                args: vec![("n".to_string(), lines.len().to_string())],
                subject: None,
            });
        }
    }
    insert_logs(&conn, 7, 3, 1, &lines, &mut TimestampText::default()).unwrap();
    let mut stmt = conn
        .prepare(
            "SELECT seq, level, category, row_number, args FROM log_line
             WHERE line = (import_id << 32) + seq AND institution_id = 7 AND import_id = 3
             ORDER BY line",
        )
        .unwrap();
    let stored: Vec<(i64, String, String, i64, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(stored.len(), lines.len());
    for (i, (line, (seq, level, category, row, args))) in lines.iter().zip(stored).enumerate() {
        assert_eq!(seq, i as i64 + 1);
        assert_eq!(level, line.level.as_str());
        assert_eq!(category, line.category.as_str());
        assert_eq!(row, i as i64 + 2);
        assert_eq!(args, format!("{{\"n\":\"{i}\"}}"));
    }
}

#[test]
fn the_log_of_a_version_5_base_keeps_its_lines_under_their_new_keys() {
    let conn = Connection::open_in_memory().unwrap();
    conn.pragma_update(None, "foreign_keys", "OFF").unwrap();
    for sql in &MIGRATIONS[..5] {
        conn.execute_batch(sql).unwrap();
    }
    // Two imports' lines as version 5 kept them, out of key order.
    for (import, seq) in [(9, 2), (4, 1), (9, 1), (4, 2), (4, 3)] {
        conn.execute(
            "INSERT INTO log_line (institution_id, import_id, seq, phase, at, level,
                category, message_id, args)
             VALUES (1, ?1, ?2, 1, 'then', 'info', 'summary', ?3, '{}')",
            params![import, seq, format!("log-{import}-{seq}")],
        )
        .unwrap();
    }
    conn.execute_batch(MIGRATIONS[5]).unwrap();
    let mut stmt = conn
        .prepare("SELECT line, import_id, seq, message_id FROM log_line ORDER BY line")
        .unwrap();
    let kept: Vec<(i64, i64, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let expected: Vec<(i64, i64, i64, String)> = [(4, 1), (4, 2), (4, 3), (9, 1), (9, 2)]
        .into_iter()
        .map(|(i, s)| ((i << 32) + s, i, s, format!("log-{i}-{s}")))
        .collect();
    assert_eq!(kept, expected);
    // The next line of each import follows its last; a new import starts at 1.
    assert_eq!(next_seq(&conn, 4).unwrap(), 4);
    assert_eq!(next_seq(&conn, 9).unwrap(), 3);
    assert_eq!(next_seq(&conn, 5).unwrap(), 1);
    // A key that is not its import's and number is refused.
    let wrong = conn.execute(
        "INSERT INTO log_line (institution_id, import_id, seq, line, phase, at, level,
            category, message_id, args)
         VALUES (1, 4, 4, (5 << 32) + 4, 1, 'now', 'info', 'summary', 'log-x', '{}')",
        [],
    );
    assert!(wrong.is_err(), "a line keyed outside its import was stored");
}

proptest::proptest! {
    /// Any moment since 1970, one after the other in the same buffer
    /// (the second kept from the call before, or not).
    #[test]
    fn any_timestamp_is_written_as_jiff_writes_it(
        moments in proptest::collection::vec((0i64..4_000_000_000, 0i32..1_000_000_000), 1..20),
    ) {
        let mut text = TimestampText::default();
        for (second, nanos) in moments {
            for at in [Timestamp::new(second, nanos).unwrap(), Timestamp::new(second, 0).unwrap()] {
                proptest::prop_assert_eq!(text.text(at), at.to_string());
            }
        }
    }
}

#[test]
fn a_new_base_has_pages_of_16_kib_an_older_one_keeps_its_own_and_both_checkpoint_at_128_mib() {
    let dir = tempfile::tempdir().unwrap();
    let page_size = |store: &SqliteStore| -> i64 {
        store
            .conn
            .pragma_query_value(None, "page_size", |r| r.get(0))
            .unwrap()
    };
    // SQLite checkpoints on its own at 128 MiB of WAL, in either.
    let autocheckpoint = |store: &SqliteStore| -> i64 {
        store
            .conn
            .pragma_query_value(None, "wal_autocheckpoint", |r| r.get(0))
            .unwrap()
    };
    let new = dir.path().join("new.db");
    let store = SqliteStore::open_raw(&new).unwrap();
    assert_eq!(page_size(&store), 16384);
    assert_eq!(autocheckpoint(&store), 8192);
    // A base made before, in SQLite's default pages, with a table.
    let old = dir.path().join("old.db");
    {
        let conn = Connection::open(&old).unwrap();
        conn.pragma_update(None, "page_size", 4096).unwrap();
        conn.execute_batch("CREATE TABLE kept (x); INSERT INTO kept VALUES (42);")
            .unwrap();
    }
    let store = SqliteStore::open_raw(&old).unwrap();
    assert_eq!(page_size(&store), 4096);
    assert_eq!(autocheckpoint(&store), 32768);
    let kept: i64 = store
        .conn
        .query_row("SELECT x FROM kept", [], |r| r.get(0))
        .unwrap();
    assert_eq!(kept, 42);
    // Migrated all the same.
    let version: i64 = store
        .conn
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(version, MIGRATIONS.len() as i64);
}

#[test]
fn timestamps_are_written_as_jiff_writes_them() {
    let mut text = TimestampText::default();
    for (second, nanos) in [
        (1_764_800_000, 0),
        (1_764_800_000, 935_854_258),
        (1_764_800_000, 500_000_000),
        (1_764_800_001, 1),
        (0, 0),
        (-5, 250_000_000),
        (1_764_800_002, 999_999_999),
        (1_764_800_002, 10),
        (1_764_800_002, 100_000_000),
    ] {
        let at = Timestamp::new(second, nanos).unwrap();
        assert_eq!(text.text(at), at.to_string(), "{second} {nanos}");
    }
}

/// The scrub of an anonymize or a delete finds the log lines it erases by
/// index (migration 14), whatever the size of the log: a scan of the log a
/// batch made an anonymize of 100,000 contacts over a log of 420,000 lines
/// take 89 s.
#[test]
fn the_scrub_of_an_erase_looks_the_log_lines_up() {
    use crate::services::{Erased, StoredContact, scrub_logs};
    use crate::sql::{Dialect, Sql, SqlRow};
    use intake_core::Column;
    use intake_core::value::ContactStatus;

    /// The store, and the plan of each statement it ran on the log.
    struct Planned<'a> {
        store: &'a mut SqliteStore,
        plans: Vec<String>,
    }
    impl Planned<'_> {
        fn plan(&mut self, sql: &str, params: &[Val]) {
            if sql.contains("log_line") {
                let plan = crate::sql::sqlite_query(
                    &self.store.conn,
                    &format!("EXPLAIN QUERY PLAN {sql}"),
                    params,
                )
                .unwrap();
                let steps: Vec<String> = plan
                    .iter()
                    .map(|r| r.text(3).unwrap().unwrap_or_default())
                    .collect();
                self.plans.push(steps.join("; "));
            }
        }
    }
    impl Sql for Planned<'_> {
        fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
            self.plan(sql, params);
            self.store.exec(sql, params)
        }
        fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<SqlRow>, StoreError> {
            self.plan(sql, params);
            self.store.query(sql, params)
        }
        fn begin(&mut self) -> Result<(), StoreError> {
            self.store.begin()
        }
        fn commit(&mut self) -> Result<(), StoreError> {
            self.store.commit()
        }
        fn rollback(&mut self) {
            self.store.rollback();
        }
        fn dialect(&self) -> Dialect {
            Dialect::Sqlite
        }
        fn as_sql(&mut self) -> &mut dyn Sql {
            self
        }
    }

    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(&dir.path().join("intake.db"), &Default::default()).unwrap();
    // An update's log of 3,000 lines, three a row, each about the row's
    // person (subject = row) and naming its contact (number = row), and
    // two lines from before subjects were.
    store
        .conn
        .execute_batch(
            r#"PRAGMA foreign_keys = OFF;
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
            INSERT INTO log_line (institution_id, import_id, seq, line, phase, at, level,
                category, row_number, column_name, code, value, outcome, message_id, args,
                subject)
            SELECT 1, 1, i, (1 << 32) + i, 2, '2026-12-07T10:00:00Z', 'info', 'change',
                i / 3 + 1, 'email', NULL, 'p' || i || '@example.ch', 'updated', 'log-change',
                '{"contact_number":"' || (i / 3 + 1) || '"}', i / 3 + 1
            FROM n;
            INSERT INTO log_line (institution_id, import_id, seq, line, phase, at, level,
                category, row_number, column_name, code, value, outcome, message_id, args)
            VALUES (1, 1, 3001, (1 << 32) + 3001, 2, '2026-12-07T10:00:00Z', 'error',
                'format', 9001, 'email', 'email.format', 'p30@example.ch', 'rejected',
                'issue-email-format', '{}'),
               (1, 1, 3002, (1 << 32) + 3002, 2, '2026-12-07T10:00:00Z', 'error',
                'format', 9002, 'phone', 'phone.format', '+41 79 000 00 00', 'rejected',
                'issue-phone-format', '{}');"#,
        )
        .unwrap();
    // Contact 5, created by row 2, its phone that of a line of before; and
    // a person the base has no contact for, known by subject 7 and email.
    let mut contact = StoredContact {
        number: 5,
        fields: Default::default(),
        status: ContactStatus::Active,
        member_of: None,
        last_import_id: Some(1),
        criteria: Default::default(),
        authorizations: Default::default(),
        import_id: Some(1),
        source_row: Some(2),
        origin: String::new(),
    };
    contact.fields[Column::Phone.index()] = Some("+41 79 000 00 00".into());
    // And a thousand contacts the log does not name: a batch's worth, at
    // which SQLite's planner chose another order for the same statement.
    let others: Vec<StoredContact> = (5001..6000)
        .map(|number| StoredContact {
            number,
            import_id: None,
            source_row: None,
            ..contact.clone()
        })
        .collect();
    let mut people = vec![
        Erased {
            contact: Some(&contact),
            subject: Some(6),
            email: None,
        },
        Erased {
            contact: None,
            subject: Some(7),
            email: Some("p30@example.ch"),
        },
    ];
    people.extend(others.iter().map(|c| Erased {
        contact: Some(c),
        subject: None,
        email: None,
    }));
    let mut planned = Planned {
        store: &mut store,
        plans: Vec::new(),
    };
    scrub_logs(&mut planned, 1, &people, 2).unwrap();
    let plans = planned.plans;
    // Erased: subjects 6 and 7 (rows 6, 7), row 2 (its creation), row 5
    // (names contact 5), and the two lines of before by value.
    let erased = crate::sql::sqlite_query(
        &store.conn,
        "SELECT row_number FROM log_line WHERE outcome = 'erased' ORDER BY seq",
        &[],
    )
    .unwrap()
    .iter()
    .map(|r| r.int(0).unwrap().unwrap_or_default())
    .collect::<Vec<_>>();
    assert_eq!(
        erased,
        [2, 2, 2, 5, 5, 5, 6, 6, 6, 7, 7, 7, 9001, 9002],
        "{plans:#?}"
    );
    // Each by index, none by a scan of the log (or of the institution's
    // lines, an index searched by institution alone).
    for plan in &plans {
        let scans = plan.split("; ").any(|step| {
            step == "SCAN l"
                || step.starts_with("SCAN log_line")
                || (step.starts_with("SEARCH l ") && step.ends_with("(institution_id=?)"))
        });
        assert!(!scans, "{plan}");
    }
    for index in [
        "log_line_subject",
        "log_line_row",
        "log_line_value",
        "log_line_contact",
    ] {
        assert!(
            plans.iter().any(|p| p.contains(index)),
            "{index}: {plans:#?}"
        );
    }
}

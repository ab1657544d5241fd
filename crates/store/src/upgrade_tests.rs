//! A base made by the release before (schema version 10, before the
//! closed sets of 011), built with that release's own migrations and
//! filled as it filled one, opens with this code on both stores and keeps
//! every record: institution, contacts, an import with its log, a queued
//! job, a user with a session and a token.

use jiff::Timestamp;

use crate::{ContactFilter, ImportStatus, InstitutionSettings, Store};

/// The schema version of the release before.
const RELEASE_BEFORE: usize = 10;

/// What that release wrote, in the SQL both stores speak; `line_key`
/// adds SQLite's log key (the import's id × 2³² + the line's number).
fn fill(line_key: bool) -> String {
    let far = "2999-01-01T00:00:00Z";
    let mut sql = String::from(
        "INSERT INTO institution (code, name, languages, default_language, default_title,
            next_contact_number, created_at)
         VALUES ('OLD', 'Old Theatre', 'fr,de', 'fr', 'MR', 4, '2026-01-05T10:00:00Z');
         INSERT INTO import (institution_id, name, file_name, mode, dry_run, status,
            created_by, host, pid, started_at, finished_at, rows_read, created,
            file_format, file_rows, file_path, file_size, fingerprint, progress)
         VALUES (1, 'Gala', 'gala.csv', 'create', false, 'completed', 'ann', 'old-host',
            1, '2026-01-05T10:01:00Z', '2026-01-05T10:01:02Z', 3, 3, 'csv', 3, '', 120,
            'xxh3:1', 1);
         INSERT INTO import (institution_id, name, file_name, mode, dry_run, status,
            created_by, host, pid, started_at, file_path, job, notify, lang)
         VALUES (1, 'Later', 'later.csv', 'update', false, 'queued', 'ann', '', 0,
            '2026-01-06T09:00:00Z', '/data/uploads/later.csv', true, 'ann@example.ch', 'de');
        ",
    );
    for (number, first, email) in [
        (1, "Ana", "ana@example.ch"),
        (2, "Bo", "bo@example.ch"),
        (3, "Cy", "cy@example.ch"),
    ] {
        sql.push_str(&format!(
            "INSERT INTO contact (institution_id, contact_number, contact_type, title,
                first_name, last_name, language, email, email_key, status, origin, import_id,
                source_row, created_at)
             VALUES (1, {number}, 'PERSON', 'MR', '{first}', 'Lind', 'fr', '{email}',
                '{email}', 'active', 'Gala', 1, {number} + 1, '2026-01-05T10:01:01Z');"
        ));
    }
    for (seq, message) in [(1, "log-start"), (2, "log-summary")] {
        let (key_column, key) = if line_key {
            (", line", format!(", (1 << 32) + {seq}"))
        } else {
            ("", String::new())
        };
        sql.push_str(&format!(
            "INSERT INTO log_line (institution_id, import_id, seq{key_column}, phase, at,
                level, category, message_id, args)
             VALUES (1, 1, {seq}{key}, 1, '2026-01-05T10:01:0{seq}Z', 'info', 'summary',
                '{message}', '{{\"file\":\"gala.csv\"}}');"
        ));
    }
    sql.push_str(&format!(
        "INSERT INTO app_user (institution_id, email, role, password_hash, created_at)
         VALUES (1, 'ann@example.ch', 'admin', '$argon2id$old', '2026-01-05T09:00:00Z');
         INSERT INTO web_session (token_hash, user_id, csrf, expires_at)
         VALUES ('session-hash', 1, 'csrf-1', '{far}');
         INSERT INTO api_token (user_id, token_hash, label, created_at)
         VALUES (1, 'token-hash', 'box office', '2026-01-05T09:30:00Z');"
    ));
    sql
}

/// Reads back every record through this code's typed methods.
fn every_record_is_kept(mut store: Box<dyn Store + Send>) {
    let institution = store.institution().unwrap();
    assert_eq!(
        (institution.code.as_str(), institution.name.as_str()),
        ("OLD", "Old Theatre")
    );
    let imports = store.imports(institution.id).unwrap();
    let seen: Vec<_> = imports
        .iter()
        .map(|i| (i.id, i.mode.as_str(), i.status, i.job, i.counts.created))
        .collect();
    assert_eq!(
        seen,
        vec![
            (2, "update", ImportStatus::Queued, true, 0),
            (1, "create", ImportStatus::Completed, false, 3),
        ]
    );
    assert_eq!(imports[0].notify.as_deref(), Some("ann@example.ch"));
    let lines = store.log_lines(institution.id, 1).unwrap();
    let messages: Vec<_> = lines.iter().map(|l| l.line.message_id.as_ref()).collect();
    assert_eq!(messages, ["log-start", "log-summary"]);
    assert_eq!(
        lines[0].line.args,
        [("file".to_string(), "gala.csv".to_string())]
    );
    let mut contacts = Vec::new();
    let filter = ContactFilter {
        institution_id: institution.id,
        created_from: None,
        contact_type: None,
        email: None,
        number: None,
    };
    store
        .for_each_contact(&filter, &mut |c| contacts.push((c.contact_number, c.email)))
        .unwrap();
    assert_eq!(
        contacts,
        [
            (1, "ana@example.ch".to_string()),
            (2, "bo@example.ch".to_string()),
            (3, "cy@example.ch".to_string()),
        ]
    );
    let user = store.user_by_email("ANN@example.ch").unwrap().unwrap();
    assert_eq!(user.role, crate::Role::Admin);
    let (by_session, csrf) = store.web_session("session-hash").unwrap().unwrap();
    assert_eq!((by_session.id, csrf.as_str()), (user.id, "csrf-1"));
    assert_eq!(store.token_user("token-hash").unwrap().unwrap().id, user.id);
    let tokens = store.tokens(institution.id).unwrap();
    assert_eq!(tokens.len(), 1);
    assert!(tokens[0].created_at < Timestamp::now());
    // The queued job is still taken by a worker, and the new checks hold.
    let claimed = store
        .claim_import(std::time::Duration::from_secs(60))
        .unwrap()
        .unwrap();
    assert_eq!(claimed.id, 2);
    assert!(
        store
            .sql()
            .exec("UPDATE import SET mode = 'merge' WHERE id = 1", &[])
            .is_err()
    );
}

#[test]
fn a_sqlite_base_of_the_release_before_keeps_every_record() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in &crate::sqlite::MIGRATIONS[..RELEASE_BEFORE] {
            conn.execute_batch(sql).unwrap();
        }
        conn.pragma_update(None, "user_version", RELEASE_BEFORE as i64)
            .unwrap();
        conn.execute_batch(&fill(true)).unwrap();
    }
    let store = crate::SqliteStore::open(&path, &InstitutionSettings::default()).unwrap();
    every_record_is_kept(Box::new(store));
}

#[test]
fn a_postgres_base_of_the_release_before_keeps_every_record() {
    let Some(schema) = crate::testing::postgres_schema("release_before") else {
        return;
    };
    {
        let mut client = postgres::Client::connect(&schema.in_schema, postgres::NoTls).unwrap();
        for sql in &crate::postgres::MIGRATIONS[..RELEASE_BEFORE] {
            client.batch_execute(sql).unwrap();
        }
        client
            .batch_execute(&format!(
                "CREATE TABLE intake_schema (version INT NOT NULL);
                 INSERT INTO intake_schema (version) VALUES ({RELEASE_BEFORE});"
            ))
            .unwrap();
        client.batch_execute(&fill(false)).unwrap();
    }
    let store =
        crate::PostgresStore::open(&schema.in_schema, &InstitutionSettings::default()).unwrap();
    every_record_is_kept(Box::new(store));
}

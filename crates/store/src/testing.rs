//! Store tests run on both stores: SQLite in a scratch folder, and
//! PostgreSQL in a schema of its own when `INTAKE_TEST_POSTGRES_URL` names
//! a server (skipped, loudly, otherwise; a failure when
//! `INTAKE_TEST_REQUIRE_ALL=1`, as in CI).

use crate::{InstitutionSettings, PostgresStore, SqliteStore, Store};

/// Opens a new connection to the same base.
pub(crate) type Open<'a> = &'a (dyn Fn() -> Box<dyn Store + Send> + Sync);

/// Runs `check` on a new SQLite base (its file in a scratch folder).
pub(crate) fn on_sqlite(check: impl FnOnce(Open<'_>)) {
    let dir = tempfile::tempdir().expect("scratch folder");
    let path = dir.path().join("intake.db");
    let settings = InstitutionSettings::default();
    SqliteStore::open(&path, &settings).expect("open");
    check(&|| Box::new(SqliteStore::open(&path, &settings).expect("open")));
}

/// A schema of its own on the test server (`INTAKE_TEST_POSTGRES_URL`),
/// dropped when this goes.
pub(crate) struct Schema {
    url: String,
    name: String,
    /// The URL of a connection that works in the schema.
    pub(crate) in_schema: String,
}

impl Drop for Schema {
    fn drop(&mut self) {
        if let Ok(mut client) = postgres::Client::connect(&self.url, postgres::NoTls) {
            let _ = client.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name));
        }
    }
}

/// A new schema named after `name` on the test server; `None` (said
/// loudly, or a failure under `INTAKE_TEST_REQUIRE_ALL=1`) without one.
pub(crate) fn postgres_schema(name: &str) -> Option<Schema> {
    let Some(url) = std::env::var("INTAKE_TEST_POSTGRES_URL")
        .ok()
        .filter(|u| !u.is_empty())
    else {
        assert!(
            std::env::var("INTAKE_TEST_REQUIRE_ALL").as_deref() != Ok("1"),
            "INTAKE_TEST_POSTGRES_URL is required"
        );
        eprintln!("SKIPPED on PostgreSQL: INTAKE_TEST_POSTGRES_URL is not set");
        return None;
    };
    let schema = format!("intake_{name}_test_{}", std::process::id());
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("connect");
    client
        .batch_execute(&format!(
            "DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}"
        ))
        .expect("schema");
    let sep = if url.contains('?') { '&' } else { '?' };
    let in_schema = format!("{url}{sep}options=-csearch_path%3D{schema}");
    Some(Schema {
        url,
        name: schema,
        in_schema,
    })
}

/// Runs `check` on a new PostgreSQL base (a schema of its own, named
/// after `name`, dropped after).
pub(crate) fn on_postgres(name: &str, check: impl FnOnce(Open<'_>)) {
    let Some(schema) = postgres_schema(name) else {
        return;
    };
    let settings = InstitutionSettings::default();
    PostgresStore::open(&schema.in_schema, &settings).expect("open");
    check(&|| Box::new(PostgresStore::open(&schema.in_schema, &settings).expect("open")));
}

/// A summary line with this message, for tests that need one.
pub(crate) fn summary_line(message_id: &'static str) -> crate::NewLogLine {
    crate::NewLogLine {
        phase: 0,
        at: jiff::Timestamp::now(),
        level: intake_core::Level::Error,
        category: intake_core::Category::Summary,
        row: None,
        column: None,
        code: None,
        value: None,
        outcome: None,
        message_id: message_id.into(),
        args: Vec::new(),
        subject: None,
    }
}

/// A new import named `name`, for tests that need one recorded.
pub(crate) fn new_import(
    institution_id: i64,
    name: &str,
    mode: intake_core::Mode,
) -> crate::NewImport {
    crate::NewImport {
        institution_id,
        name: name.into(),
        file_name: format!("{name}.csv"),
        mode,
        dry_run: false,
        created_by: "test".into(),
        file_path: String::new(),
        file_size: 0,
        fingerprint: String::new(),
        options: String::new(),
    }
}

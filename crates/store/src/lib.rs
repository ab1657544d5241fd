//! The contact base: the [`Store`] interface the engine talks to, and its
//! SQLite implementation (one file, nothing to install).
//!
//! Every table leads with the institution id: nothing crosses institutions,
//! and a store sharded by institution could hold many of them.
//!
//! **Invariant:** an import's contacts, log lines and final counts are written
//! in one transaction ([`ImportSession`]). A process killed in the middle
//! leaves nothing of the import but its record, which the next command that
//! opens the store marks failed ([`Store::recover_interrupted`]).
#![deny(missing_docs)]

mod model;
mod sqlite;

pub use model::*;
pub use sqlite::SqliteStore;

/// Why the store cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database said no (locked, corrupt, disk full, …).
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The database file was made by a newer intake.
    #[error(
        "the contact base has schema version {found}, newer than this intake knows ({known}); use a newer intake"
    )]
    TooNew {
        /// Version in the file.
        found: i64,
        /// Newest version this build knows.
        known: i64,
    },
    /// The database has no institution (it was not made by `intake init`).
    #[error("the contact base has no institution; run `intake init`")]
    NoInstitution,
    /// `intake init` on a base that already has its institution.
    #[error("the contact base is already initialised (institution {0})")]
    AlreadyInitialised(String),
    /// A value in the database that this build cannot read.
    #[error("unexpected value in the contact base: {0}")]
    Corrupt(String),
    /// A postgres:// URL: the PostgreSQL store is not built yet.
    #[error("PostgreSQL stores are not supported yet: use a SQLite file path")]
    Unsupported,
}

/// The contact base, whatever holds it.
pub trait Store {
    /// The institution this store works for (the first one).
    ///
    /// # Errors
    ///
    /// [`StoreError::NoInstitution`] when the base was never initialised.
    fn institution(&mut self) -> Result<Institution, StoreError>;

    /// Records a new import, status running, and commits that at once so
    /// that other processes see it.
    fn begin_import(&mut self, new: &NewImport) -> Result<i64, StoreError>;

    /// Opens the one transaction an import writes in. Dropping the session
    /// without [`ImportSession::finish`] writes nothing.
    fn import_session(&mut self, import_id: i64)
    -> Result<Box<dyn ImportSession + '_>, StoreError>;

    /// Marks an import failed, with one error log line, in its own transaction.
    fn fail_import(&mut self, import_id: i64, line: &NewLogLine) -> Result<(), StoreError>;

    /// Marks failed every import still "running" whose process is gone, and
    /// returns their ids.
    fn recover_interrupted(&mut self, line: &NewLogLine) -> Result<Vec<i64>, StoreError>;

    /// The institution's imports, newest first.
    fn imports(&mut self, institution_id: i64) -> Result<Vec<ImportRecord>, StoreError>;

    /// One import of the institution.
    fn import(
        &mut self,
        institution_id: i64,
        import_id: i64,
    ) -> Result<Option<ImportRecord>, StoreError>;

    /// An import's log lines, in story order.
    fn log_lines(&mut self, import_id: i64) -> Result<Vec<LogLine>, StoreError>;

    /// Calls `each` for every contact that the filter selects, in contact
    /// number order.
    fn for_each_contact(
        &mut self,
        filter: &ContactFilter,
        each: &mut dyn FnMut(ContactRecord),
    ) -> Result<(), StoreError>;
}

/// Writes of one import, all or nothing.
pub trait ImportSession {
    /// For each email key (lower case), the number of a contact of the
    /// institution that has it, if any.
    fn existing_emails(&mut self, keys: &[&str]) -> Result<Vec<Option<i64>>, StoreError>;

    /// Creates contacts, numbering them with the institution's next free
    /// numbers; returns the numbers in order.
    fn insert_contacts(&mut self, contacts: &[NewContact<'_>]) -> Result<Vec<i64>, StoreError>;

    /// Appends log lines.
    fn append_log(&mut self, lines: &[NewLogLine]) -> Result<(), StoreError>;

    /// Writes the final status, counts and file facts, and commits everything.
    fn finish(self: Box<Self>, finish: &ImportFinish) -> Result<(), StoreError>;
}

/// Opens the store a `--db` value names: a SQLite file path (created and
/// initialised with `settings` when missing).
///
/// # Errors
///
/// When the file cannot be opened or migrated, or for a PostgreSQL URL (not
/// built yet).
pub fn open(db: &str, settings: &InstitutionSettings) -> Result<Box<dyn Store>, StoreError> {
    if db.starts_with("postgres://") || db.starts_with("postgresql://") {
        return Err(StoreError::Unsupported);
    }
    Ok(Box::new(SqliteStore::open(
        std::path::Path::new(db),
        settings,
    )?))
}

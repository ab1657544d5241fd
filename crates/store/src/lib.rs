//! The contact base: the [`Store`] interface the engine talks to, and its
//! SQLite implementation (one file, nothing to install).
//!
//! Every table leads with the institution id: nothing crosses institutions,
//! and a store sharded by institution could hold many of them. (Two
//! indexes that are not unique do not lead with it: the job queue's, and on
//! PostgreSQL the hash index on emails, which has one column; every query
//! through them filters on the institution too or takes the oldest job.)
//!
//! **Invariant:** an import writes in batches; each checkpoint commits the
//! contacts, log lines and counts of the rows up to a row, together with that
//! row's number ([`ImportSession::checkpoint`]). A process killed in the
//! middle leaves the rows up to its last checkpoint, consistent, and its
//! record, which the next command marks failed and resumable
//! ([`Store::recover_interrupted`], `intake import --resume ID`).
#![deny(missing_docs)]
#![forbid(unsafe_code)]

pub mod contacts;
mod directory;
mod imports;
pub mod lock;
mod log_lines;
mod model;
mod postgres;
mod process;
pub mod queue;
pub mod reference;
pub mod retention;
pub mod reviews;
pub mod services;
pub mod sign_in;
pub mod sql;
mod sqlite;
#[cfg(test)]
pub(crate) mod testing;
#[cfg(test)]
mod upgrade_tests;

pub use directory::{Directory, NewUser, Role, TokenRecord, User};
pub use lock::{LockHolder, WriterLock};
pub use model::*;
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// Why the store cannot do what was asked.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The SQLite database said no (locked, corrupt, disk full, …).
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    /// The PostgreSQL server said no, or cannot be reached.
    #[error("{}", postgres_message(.0))]
    Postgres(#[from] ::postgres::Error),
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
    /// A code or email that must be unique is taken.
    #[error("{0} already exists")]
    Exists(String),
    /// Reference data still used by contacts cannot be removed.
    #[error("{what} is used by {count} contact(s)")]
    InUse {
        /// What (`criterion MUSIC`).
        what: String,
        /// How many contacts use it.
        count: u64,
    },
    /// No such thing.
    #[error("{0} does not exist")]
    Missing(String),
    /// A value in the database that this build cannot read.
    #[error("unexpected value in the contact base: {0}")]
    Corrupt(String),
    /// An import's writes to PostgreSQL stopped: its writer thread, or a
    /// write that failed earlier in the same transaction.
    #[error("{0}")]
    Write(String),
    /// The institution's writer lock cannot be asked for (its file cannot
    /// be opened or locked).
    #[error("the writer lock {0}")]
    Lock(String),
    /// Readers kept the write-ahead log from being emptied after an erase:
    /// what was erased may still be read in it until the next checkpoint.
    #[error(
        "other connections kept reading {0}-wal: the values just erased may stay in it until they close; run `intake compact` once they have"
    )]
    WalBusy(String),
}

/// Which log lines to read.
#[derive(Clone, Copy, Debug, Default)]
pub struct LogFilter {
    /// Only this level.
    pub level: Option<intake_core::Level>,
    /// Only this category.
    pub category: Option<intake_core::Category>,
}

/// The contact base, whatever holds it.
pub trait Store: Directory + Send {
    /// The store's connection, for the queries written once for both
    /// stores ([`mod@reference`], [`services`]); each statement commits on its
    /// own unless wrapped in [`sql::atomically`].
    fn sql(&mut self) -> &mut dyn sql::Sql;

    /// The institution this store works for (the first one).
    ///
    /// # Errors
    ///
    /// [`StoreError::NoInstitution`] when the base was never initialised.
    fn institution(&mut self) -> Result<Institution, StoreError>;

    /// Takes the institution's writer lock (see [`mod@lock`]) and records
    /// `holder` as its holder. While another writer holds it, `wait` is
    /// called with that writer (when known) each time the lock is asked
    /// for again: it paces the asking and says whether to go on. `None`
    /// when it gave up.
    ///
    /// # Errors
    ///
    /// When the lock cannot be asked for, or the base fails.
    fn lock_writer(
        &mut self,
        institution_id: i64,
        holder: &LockHolder,
        wait: &mut dyn FnMut(Option<&LockHolder>) -> bool,
    ) -> Result<Option<WriterLock>, StoreError>;

    /// Records a new import, status running, and commits that at once so
    /// that other processes see it.
    fn begin_import(&mut self, new: &NewImport) -> Result<i64, StoreError> {
        imports::insert(self.sql(), new, None)
    }

    /// Opens the session an import writes in. Dropping it without
    /// [`ImportSession::finish`] rolls back what came after the last
    /// [`ImportSession::checkpoint`].
    fn import_session(&mut self, import_id: i64)
    -> Result<Box<dyn ImportSession + '_>, StoreError>;

    /// Marks an import failed, with one error log line, in its own transaction.
    fn fail_import(&mut self, import_id: i64, line: &NewLogLine) -> Result<(), StoreError> {
        let failed = "UPDATE import SET status = 'failed', finished_at = ?";
        let now = vec![sql::Val::Time(jiff::Timestamp::now())];
        imports::with_line(self.sql(), import_id, line, Some((failed, now)))
    }

    /// Marks failed every import still "running" whose process is gone (a
    /// dead process of this machine, or a lease that ran out), with `line`
    /// (given the arguments `id` and `checkpoint_row`), and returns their ids.
    fn recover_interrupted(&mut self, line: &NewLogLine) -> Result<Vec<i64>, StoreError> {
        let this_host = process::host();
        let mut failed = Vec::new();
        for running in imports::running(self.sql())? {
            // Only a process of this machine can be known dead; a job of
            // another machine is when its lease runs out.
            let dead =
                running.host == this_host && process::process_alive(running.pid) == Some(false);
            let line = model::interrupted(line, running.id, running.checkpoint_row);
            if (dead || running.lease_over)
                && imports::fail_if_running(self.sql(), running.id, &line)?
            {
                failed.push(running.id);
            }
        }
        Ok(failed)
    }

    /// Puts an interrupted import back to running, owned by this process,
    /// to resume it.
    fn reopen_import(&mut self, import_id: i64) -> Result<(), StoreError> {
        imports::reopen(self.sql(), import_id)
    }

    /// The institution's imports, newest first.
    fn imports(&mut self, institution_id: i64) -> Result<Vec<ImportRecord>, StoreError> {
        imports::imports(self.sql(), institution_id)
    }

    /// The options a service import of the institution was recorded with
    /// (`match=… criteria=…`), to resume or run it as it was asked.
    fn import_options(
        &mut self,
        institution_id: i64,
        import_id: i64,
    ) -> Result<Option<String>, StoreError> {
        imports::options(self.sql(), institution_id, import_id)
    }

    /// Whether an import of the institution was undone.
    fn import_undone(&mut self, institution_id: i64, import_id: i64) -> Result<bool, StoreError> {
        imports::undone(self.sql(), institution_id, import_id)
    }

    /// One import of the institution.
    fn import(
        &mut self,
        institution_id: i64,
        import_id: i64,
    ) -> Result<Option<ImportRecord>, StoreError> {
        imports::import(self.sql(), institution_id, import_id)
    }

    /// An import's log lines, in story order, held whole: for a small log
    /// (a test, a screen). An export reads them with
    /// [`Store::for_each_log_line`].
    fn log_lines(
        &mut self,
        institution_id: i64,
        import_id: i64,
    ) -> Result<Vec<LogLine>, StoreError> {
        let mut lines = Vec::new();
        log_lines::for_each_line(self.sql(), institution_id, import_id, &mut |line| {
            lines.push(line);
            Ok(())
        })?;
        Ok(lines)
    }

    /// Calls `each` with an import's log lines, in story order, as they are
    /// read: a log of millions of lines is never held whole.
    ///
    /// # Errors
    ///
    /// What the store or `each` says (an error of `each` stops the read).
    fn for_each_log_line(
        &mut self,
        institution_id: i64,
        import_id: i64,
        each: &mut dyn FnMut(LogLine) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        log_lines::for_each_line(self.sql(), institution_id, import_id, each)
    }

    /// Calls `each` with the lines of an import's rows in row order (a
    /// row's lines as they were written), as they are read.
    ///
    /// # Errors
    ///
    /// What the store or `each` says (an error of `each` stops the read).
    fn for_each_row_line(
        &mut self,
        institution_id: i64,
        import_id: i64,
        each: &mut dyn FnMut(LogLine) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        log_lines::for_each_row_line(self.sql(), institution_id, import_id, each)
    }

    /// One page of an import's log lines in story order, those the filter
    /// keeps, each with its number in the whole story; and how many the
    /// filter keeps in all.
    fn log_page(
        &mut self,
        institution_id: i64,
        import_id: i64,
        filter: LogFilter,
        offset: u64,
        limit: u64,
    ) -> Result<(Vec<LogLine>, u64), StoreError> {
        log_lines::page(self.sql(), institution_id, import_id, filter, offset, limit)
    }

    /// Records an import to be run by a worker of the server's queue
    /// (status queued); returns its id.
    fn enqueue_import(&mut self, new: &NewImport, job: &JobOptions) -> Result<i64, StoreError> {
        imports::insert(self.sql(), new, Some(job))
    }

    /// Takes the oldest queued import, if any, for this process: status
    /// running, with a lease of `lease` that the server renews while it
    /// runs. Two workers never take the same import, and an institution's
    /// imports run one at a time
    /// (each matches its rows against what the ones before it wrote).
    fn claim_import(
        &mut self,
        lease: std::time::Duration,
    ) -> Result<Option<ImportRecord>, StoreError>;

    /// Asks an import of the institution to stop. A queued one is cancelled
    /// at once (with `line`); a running one stops at its next checkpoint.
    /// Returns its status after the request, or `None` when there is no
    /// such import.
    fn request_cancel(
        &mut self,
        institution_id: i64,
        import_id: i64,
        line: &NewLogLine,
    ) -> Result<Option<ImportStatus>, StoreError> {
        imports::request_cancel(self.sql(), institution_id, import_id, line)
    }

    /// Ends a running import that leaves nothing behind, as `status`
    /// (cancelled, or failed when its file was refused half-way): removes
    /// every contact and log line it wrote, resets its counts and writes
    /// `line`, in one transaction. (The contacts it updated get their
    /// before-images back first: [`services::apply_undo`].)
    fn discard_import(
        &mut self,
        import_id: i64,
        status: ImportStatus,
        line: &NewLogLine,
    ) -> Result<(), StoreError> {
        imports::discard(self.sql(), import_id, status, line)
    }

    /// Puts an interrupted job back in the queue, with `line` in its log.
    fn requeue_import(&mut self, import_id: i64, line: &NewLogLine) -> Result<(), StoreError> {
        let queued = "UPDATE import SET status = 'queued', finished_at = NULL, lease_until = NULL";
        imports::with_line(self.sql(), import_id, line, Some((queued, Vec::new())))
    }

    /// Appends one line to the log of an import that ended.
    fn add_log_line(&mut self, import_id: i64, line: &NewLogLine) -> Result<(), StoreError> {
        imports::with_line(self.sql(), import_id, line, None)
    }

    /// Rewrites the base so that erased values leave no trace in its files
    /// (after an anonymize or a delete): SQLite is vacuumed and its WAL
    /// emptied; PostgreSQL's tables are vacuumed.
    fn compact(&mut self) -> Result<(), StoreError>;

    /// Calls `each` for every contact that the filter selects, in contact
    /// number order.
    fn for_each_contact(
        &mut self,
        filter: &ContactFilter,
        each: &mut dyn FnMut(ContactRecord),
    ) -> Result<(), StoreError> {
        contacts::for_each_contact(self.sql(), filter, each)
    }
}

/// Writes of one import, all or nothing.
pub trait ImportSession {
    /// The session's transaction, for the queries written once for both
    /// stores; committed with the next checkpoint.
    ///
    /// # Errors
    ///
    /// When the transaction cannot be opened.
    fn sql(&mut self) -> Result<&mut dyn sql::Sql, StoreError>;

    /// Records the size and fingerprint of the import's file, committed
    /// with the next checkpoint: a resume then knows the file its
    /// committed rows came from.
    ///
    /// # Errors
    ///
    /// What the database says.
    fn record_file(
        &mut self,
        institution_id: i64,
        import_id: i64,
        size: u64,
        fingerprint: &str,
    ) -> Result<(), StoreError> {
        imports::record_file(self.sql()?, institution_id, import_id, size, fingerprint)
    }

    /// Calls `each` with the email key and number of every contact of the
    /// institution that has an email (the engine keeps a compact index of
    /// them, so that a row's email is matched against the base without a
    /// query).
    fn for_each_email_key(&mut self, each: &mut dyn FnMut(&str, i64)) -> Result<(), StoreError>;

    /// Creates contacts, numbering them with the institution's next free
    /// numbers; returns the numbers in order.
    fn insert_contacts(&mut self, contacts: &[NewContact<'_>]) -> Result<Vec<i64>, StoreError>;

    /// Appends log lines.
    fn append_log(&mut self, lines: &[NewLogLine]) -> Result<(), StoreError>;

    /// Gives contacts this session just created (they have none yet)
    /// their criteria elements, `(number, criterion, element)`, each pair
    /// once, and their consents, `(number, code, consent)`. SQLite writes
    /// them in multi-row statements; PostgreSQL streams them into `COPY`
    /// beside the contacts.
    ///
    /// # Errors
    ///
    /// What the database says.
    fn add_new_qualities(
        &mut self,
        criteria: &[(i64, &str, &str)],
        consents: &[(i64, &str, &services::Consent)],
    ) -> Result<(), StoreError> {
        let institution = self.institution_id();
        let sql = self.sql()?;
        services::add_criteria_many(sql, institution, criteria)?;
        services::add_new_consents(sql, institution, consents)
    }

    /// The institution the session imports into.
    fn institution_id(&self) -> i64;

    /// How many rows to write between checkpoints (each a commit): 65,536.
    /// On SQLite each commit writes every page it dirtied to the WAL again,
    /// and the email index dirties a page for almost every row: a commit
    /// every 8,192 rows made 1M rows 1.3× slower.
    fn checkpoint_rows(&self) -> usize {
        65_536
    }

    /// Commits everything so far with the import's progress and goes on
    /// in a new transaction: a process killed later resumes from here (a
    /// job's lease is the server's keeper's to renew). Returns whether
    /// someone asked to cancel it.
    fn checkpoint(&mut self, checkpoint: &Checkpoint) -> Result<bool, StoreError>;

    /// Writes the final status, counts and file facts, and commits everything.
    fn finish(self: Box<Self>, finish: &ImportFinish) -> Result<(), StoreError>;
}

/// The server's own words (with its detail) rather than the driver's
/// summary "db error".
fn postgres_message(e: &::postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => {
            let mut s = db.message().to_string();
            if let Some(detail) = db.detail() {
                s.push_str(": ");
                s.push_str(detail);
            }
            s
        }
        None => e.to_string(),
    }
}

/// Whether a `--db` value names a PostgreSQL server rather than a file.
pub fn is_postgres_url(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// Opens the store a `--db` value names: a `postgres://` URL, or a SQLite file
/// path. Either is created, migrated and given an institution with
/// `settings` when it has none.
///
/// # Errors
///
/// When the base cannot be reached, opened or migrated.
pub fn open(db: &str, settings: &InstitutionSettings) -> Result<Box<dyn Store + Send>, StoreError> {
    if is_postgres_url(db) {
        return Ok(Box::new(PostgresStore::open(db, settings)?));
    }
    Ok(Box::new(SqliteStore::open(
        std::path::Path::new(db),
        settings,
    )?))
}

/// Creates the base a `--db` value names (when missing) and its institution.
///
/// # Errors
///
/// [`StoreError::AlreadyInitialised`] when the base has its institution, or
/// when the base cannot be reached or migrated.
pub fn init(db: &str, settings: &InstitutionSettings) -> Result<(), StoreError> {
    if is_postgres_url(db) {
        PostgresStore::open_raw(db)?.create_institution(settings)
    } else {
        SqliteStore::open_raw(std::path::Path::new(db))?.create_institution(settings)
    }
}

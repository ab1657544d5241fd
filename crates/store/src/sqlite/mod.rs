//! The SQLite store: one file, WAL journal, one writer at a time.

use std::path::Path;

use jiff::Timestamp;
use rusqlite::{Connection, OptionalExtension, TransactionBehavior, params};

pub(crate) mod log;

use crate::process::host;
use crate::sql::{SqlRow, Val};
use crate::{
    Checkpoint, ImportFinish, ImportRecord, ImportSession, Institution, InstitutionSettings,
    NewContact, NewLogLine, Store, StoreError,
};
use log::{TimestampText, insert_logs, next_seq};

/// Migrations, in order; the file's `user_version` says how many ran.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("002_resume.sql"),
    include_str!("003_web.sql"),
    include_str!("004_services.sql"),
    include_str!("005_no_origin_index.sql"),
    include_str!("006_log_line_by_key.sql"),
    include_str!("007_writer_lock.sql"),
    include_str!("008_sign_in_attempts.sql"),
    include_str!("009_forgetting.sql"),
    include_str!("010_upload_named_erased.sql"),
    include_str!("011_closed_sets.sql"),
    include_str!("012_contact_status_check.sql"),
    include_str!("013_erase_lookups.sql"),
    include_str!("014_log_scrub_lookups.sql"),
    include_str!("015_duplicate_reviews.sql"),
];

/// SQLite's busy handler: wait a millisecond and try again, for 30 s.
fn wait_for_lock(attempt: i32) -> bool {
    use std::cell::Cell;
    use std::time::{Duration, Instant};
    thread_local! {
        static SINCE: Cell<Option<Instant>> = const { Cell::new(None) };
    }
    // Attempt 0 starts a wait; counted in time, as sleeps last longer than
    // asked.
    let since = SINCE.with(|since| match since.get() {
        Some(start) if attempt != 0 => start,
        _ => {
            let start = Instant::now();
            since.set(Some(start));
            start
        }
    });
    std::thread::sleep(Duration::from_millis(1));
    since.elapsed() < Duration::from_secs(30)
}

/// The contact base in one SQLite file.
pub struct SqliteStore {
    conn: Connection,
}

fn now() -> String {
    Timestamp::now().to_string()
}

fn lease_end(lease: std::time::Duration) -> String {
    let end = Timestamp::now()
        .checked_add(jiff::SignedDuration::try_from(lease).unwrap_or_default())
        .unwrap_or(Timestamp::MAX);
    end.to_string()
}

/// The row count the seeded statistics describe: a large base.
const SEEDED_ROWS: u64 = 1_000_000;

/// Gives every index a base has no statistics for the shape of a real
/// base: its institution's rows are all of them, and one more column
/// finds one. Without statistics SQLite (3.54) prefers a primary key's
/// first column to an index that matches two: every lookup of a contact
/// by email, or of a contact's changes by number, read every row of the
/// institution (an anonymize of 70,000 contacts took 3 minutes 46, a
/// lookup a row). `ANALYZE` (or `PRAGMA optimize`) replaces them with
/// measured ones, which are kept.
fn seed_statistics(conn: &Connection) -> Result<(), StoreError> {
    // Creates sqlite_stat1 when missing (the way `.dump` does).
    conn.execute_batch("ANALYZE sqlite_schema")?;
    let tables: Vec<(String, String)> = conn
        .prepare(
            "SELECT name, sql FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<Result<_, _>>()?;
    for (table, sql) in tables {
        let without_rowid = sql.to_ascii_uppercase().contains("WITHOUT ROWID");
        let indexes: Vec<(String, String)> = conn
            .prepare("SELECT name, origin FROM pragma_index_list(?1)")?
            .query_map([&table], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        for (index, origin) in indexes {
            // A WITHOUT ROWID table's primary key is the table itself.
            let named = if origin == "pk" && without_rowid {
                table.clone()
            } else {
                index.clone()
            };
            let known: i64 = conn.query_row(
                "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = ?1 AND idx = ?2",
                [&table, &named],
                |r| r.get(0),
            )?;
            if known > 0 {
                continue;
            }
            let columns: Vec<Option<String>> = conn
                .prepare("SELECT name FROM pragma_index_info(?1) ORDER BY seqno")?
                .query_map([&index], |r| r.get(0))?
                .collect::<Result<_, _>>()?;
            let mut stat = SEEDED_ROWS.to_string();
            let mut whole_institution = true;
            for column in &columns {
                whole_institution &= column.as_deref() == Some("institution_id");
                let rows = if whole_institution { SEEDED_ROWS } else { 1 };
                stat.push_str(&format!(" {rows}"));
            }
            conn.execute(
                "INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?1, ?2, ?3)",
                [&table, &named, &stat],
            )?;
        }
    }
    // Loads them.
    conn.execute_batch("ANALYZE sqlite_schema")?;
    Ok(())
}

fn corrupt(what: impl Into<String>) -> StoreError {
    StoreError::Corrupt(what.into())
}

impl SqliteStore {
    /// Opens (creating and initialising when missing) a contact base file.
    ///
    /// # Errors
    ///
    /// When the file cannot be opened, is not a SQLite database, or was made
    /// by a newer intake.
    pub fn open(path: &Path, settings: &InstitutionSettings) -> Result<SqliteStore, StoreError> {
        let mut store = SqliteStore::open_raw(path)?;
        if store.institution_opt()?.is_none() {
            // Two first commands at once: the write lock decides, the loser
            // finds the winner's institution.
            match store.create_institution(settings) {
                Ok(()) | Err(StoreError::AlreadyInitialised(_)) => {}
                Err(e) => return Err(e),
            }
        }
        Ok(store)
    }

    /// Opens a file and migrates it, without creating an institution.
    ///
    /// # Errors
    ///
    /// As [`SqliteStore::open`].
    pub fn open_raw(path: &Path) -> Result<SqliteStore, StoreError> {
        let mut conn = Connection::open(path)?;
        // Wait up to 30 s for the write lock, asking every millisecond:
        // SQLite's own wait backs off to 100 ms between tries, which misses
        // the short moments a long import leaves the lock free.
        conn.busy_handler(Some(wait_for_lock))?;
        // A new base in pages of 16 KiB, not 4: an import appends its log
        // lines, and writes (and checkpoints) a quarter as many pages (a
        // million-row dry run 3 % faster). An existing base keeps its
        // pages: the setting only applies to an empty file.
        conn.pragma_update(None, "page_size", 16384)?;
        conn.pragma_update(None, "journal_mode", "WAL")?;
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        // What a statement deletes or overwrites (an erased person's values)
        // is zeroed in its page where that costs no more writing; VACUUM
        // after an anonymize or a delete rewrites the rest.
        conn.pragma_update(None, "secure_delete", "FAST")?;
        conn.pragma_update(None, "cache_size", -32768)?;
        // SQLite's own checkpoints (each one syncs) only once the WAL holds
        // 128 MiB (in the base's pages: 16 KiB in a new base, 4 in an older
        // one): an import's checkpointer thread copies the WAL into the base
        // as it goes, and one that SQLite ran on the writing thread each
        // 32 MiB held the import up (a million rows 3–8 % slower).
        let page_size: i64 = conn.pragma_query_value(None, "page_size", |r| r.get(0))?;
        conn.pragma_update(None, "wal_autocheckpoint", (128 << 20) / page_size.max(512))?;
        // An import keeps a dozen statements prepared (contacts, log lines
        // by 8, 4, 2 and 1, checkpoints): room for them and the services'.
        conn.set_prepared_statement_cache_capacity(64);
        let mut store = SqliteStore { conn };
        store.migrate()?;
        Ok(store)
    }

    fn migrate(&mut self) -> Result<(), StoreError> {
        let known = MIGRATIONS.len() as i64;
        let version: i64 = self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version > known {
            return Err(StoreError::TooNew {
                found: version,
                known,
            });
        }
        if version == known {
            // The usual case takes no lock, so a command can read while an
            // import holds the write lock.
            return Ok(());
        }
        // Under the write lock, read the version again: another process may
        // have migrated in the meantime.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
            tx.execute_batch(sql)?;
            tx.pragma_update(None, "user_version", (i + 1) as i64)?;
        }
        seed_statistics(&tx)?;
        tx.commit()?;
        Ok(())
    }

    /// Creates the institution of a new base.
    ///
    /// # Errors
    ///
    /// [`StoreError::AlreadyInitialised`] when the base has one.
    pub fn create_institution(&mut self, s: &InstitutionSettings) -> Result<(), StoreError> {
        let languages: Vec<&str> = s.languages.iter().map(|l| l.as_str()).collect();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let existing: Option<String> = tx
            .query_row(
                "SELECT code FROM institution ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(code) = existing {
            return Err(StoreError::AlreadyInitialised(code));
        }
        tx.execute(
            "INSERT INTO institution (code, name, languages, default_language, default_title,
                next_contact_number, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                s.code,
                s.name,
                languages.join(","),
                s.default_language.as_str(),
                s.default_title.as_str(),
                s.first_contact_number,
                now()
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    fn institution_opt(&mut self) -> Result<Option<Institution>, StoreError> {
        Ok(
            crate::directory::institutions_where(self, "1 = 1 ORDER BY id LIMIT 1", &[])?
                .into_iter()
                .next(),
        )
    }
}

impl Store for SqliteStore {
    fn sql(&mut self) -> &mut dyn crate::sql::Sql {
        self
    }

    fn compact(&mut self) -> Result<(), StoreError> {
        // VACUUM rebuilds every page (no stale copy of an erased value stays
        // in free space); the TRUNCATE checkpoint empties the WAL file.
        self.conn.execute_batch("VACUUM")?;
        // A reader (a server's request) keeps the WAL from being emptied
        // while it reads: the busy handler waits for it (30 s), then the
        // checkpoint says it could not.
        let busy: i64 = self
            .conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
        if busy != 0 {
            return Err(StoreError::WalBusy(
                self.conn.path().unwrap_or("the contact base").to_string(),
            ));
        }
        Ok(())
    }

    fn institution(&mut self) -> Result<Institution, StoreError> {
        self.institution_opt()?.ok_or(StoreError::NoInstitution)
    }

    fn lock_writer(
        &mut self,
        institution_id: i64,
        holder: &crate::LockHolder,
        wait: &mut dyn FnMut(Option<&crate::LockHolder>) -> bool,
    ) -> Result<Option<crate::WriterLock>, StoreError> {
        // A base in memory has no other writer.
        let Some(path) = self
            .conn
            .path()
            .filter(|p| !p.is_empty())
            .map(str::to_string)
        else {
            crate::lock::record(self, institution_id, holder)?;
            return Ok(Some(crate::WriterLock::new(())));
        };
        let lock_path = format!("{path}-writer-{institution_id}");
        let failed = |e: std::io::Error| StoreError::Lock(format!("{lock_path}: {e}"));
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&lock_path)
            .map_err(failed)?;
        loop {
            match file.try_lock() {
                Ok(()) => {
                    crate::lock::record(self, institution_id, holder)?;
                    return Ok(Some(crate::WriterLock::new(file)));
                }
                Err(std::fs::TryLockError::WouldBlock) => {
                    let held_by = crate::lock::holder(self, institution_id)?;
                    if !wait(held_by.as_ref()) {
                        return Ok(None);
                    }
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(failed(e)),
            }
        }
    }

    fn import_session(
        &mut self,
        import_id: i64,
    ) -> Result<Box<dyn ImportSession + '_>, StoreError> {
        let institution_id: i64 = self.conn.query_row(
            "SELECT institution_id FROM import WHERE id = ?1",
            [import_id],
            |r| r.get(0),
        )?;
        let checkpointer = self.conn.path().and_then(Checkpointer::start);
        let session = SqliteSession {
            conn: &self.conn,
            import_id,
            institution_id,
            next_number: 0,
            seq: 0,
            now: now(),
            at: TimestampText::default(),
            open: false,
            checkpointer,
        };
        // The write lock is taken at the first write of each checkpoint and
        // let go at its end (see `checkpoint_rows`).
        Ok(Box::new(session))
    }

    fn claim_import(
        &mut self,
        lease: std::time::Duration,
    ) -> Result<Option<ImportRecord>, StoreError> {
        // The write lock makes the pick and the claim one step: two workers
        // never take the same import.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let id: Option<i64> = tx
            .query_row(
                "SELECT id FROM import q WHERE status = 'queued'
                   AND NOT EXISTS (SELECT 1 FROM import r WHERE r.status = 'running'
                                   AND r.institution_id = q.institution_id)
                 ORDER BY id LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?;
        let Some(id) = id else {
            return Ok(None);
        };
        tx.execute(
            "UPDATE import SET status = 'running', host = ?2, pid = ?3, lease_until = ?4
             WHERE id = ?1",
            params![id, host(), std::process::id(), lease_end(lease)],
        )?;
        let rows = crate::sql::sqlite_query(
            &tx,
            &format!(
                "SELECT {} FROM import WHERE id = ?",
                crate::imports::IMPORT_COLUMNS
            ),
            &[id.into()],
        )?;
        tx.commit()?;
        rows.first()
            .map(crate::imports::import_from_row)
            .transpose()
    }
}

/// An import's writes, in explicit transactions so that a checkpoint can
/// commit and go on.
struct SqliteSession<'a> {
    conn: &'a Connection,
    import_id: i64,
    institution_id: i64,
    next_number: i64,
    seq: i64,
    now: String,
    /// Log lines' times as text.
    at: TimestampText,
    /// Whether a transaction is open (rolled back on drop).
    open: bool,
    /// Copies what each checkpoint committed into the database file.
    checkpointer: Option<Checkpointer>,
}

/// A thread with a connection of its own that copies the frames an import
/// committed from the WAL into the database file (a passive checkpoint)
/// after each of its checkpoints, while the import goes on: neither the
/// writer nor the end of the import (where the last connection to close
/// checkpoints what is left) pays for all of it.
struct Checkpointer {
    wake: Option<std::sync::mpsc::Sender<()>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Checkpointer {
    /// `None` when no connection or thread can be had: the writer's own
    /// automatic checkpoints still do the work.
    fn start(path: &str) -> Option<Checkpointer> {
        if path.is_empty() {
            return None;
        }
        let conn = Connection::open(path).ok()?;
        let (wake, woken) = std::sync::mpsc::channel::<()>();
        let thread = std::thread::Builder::new()
            .name("intake-checkpoint".into())
            .spawn(move || {
                while woken.recv().is_ok() {
                    while woken.try_recv().is_ok() {}
                    // Passive: copies what it can without waiting for the
                    // writer; what it could not is copied next time.
                    let _ = conn.execute_batch("PRAGMA wal_checkpoint(PASSIVE)");
                }
            })
            .ok()?;
        Some(Checkpointer {
            wake: Some(wake),
            thread: Some(thread),
        })
    }

    fn wake(&self) {
        if let Some(wake) = &self.wake {
            let _ = wake.send(());
        }
    }
}

impl Drop for Checkpointer {
    fn drop(&mut self) {
        // Ends its loop; a checkpoint under way finishes first.
        self.wake.take();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl SqliteSession<'_> {
    /// Takes the write lock and reads what another writer may have moved
    /// since the last commit.
    fn begin(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        self.open = true;
        self.next_number = self.conn.query_row(
            "SELECT next_contact_number FROM institution WHERE id = ?1",
            [self.institution_id],
            |r| r.get(0),
        )?;
        self.seq = next_seq(self.conn, self.import_id)?;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.ensure()?;
        self.conn.execute(
            "UPDATE institution SET next_contact_number = ?2 WHERE id = ?1",
            params![self.institution_id, self.next_number],
        )?;
        self.conn.execute_batch("COMMIT")?;
        self.open = false;
        Ok(())
    }

    /// Opens the write transaction if none is open.
    fn ensure(&mut self) -> Result<(), StoreError> {
        if !self.open {
            self.begin()?;
        }
        Ok(())
    }
}

impl Drop for SqliteSession<'_> {
    fn drop(&mut self) {
        if self.open {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
    }
}

impl crate::sql::Sql for SqliteSession<'_> {
    fn dialect(&self) -> crate::sql::Dialect {
        crate::sql::Dialect::Sqlite
    }

    fn as_sql(&mut self) -> &mut dyn crate::sql::Sql {
        self
    }

    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        self.ensure()?;
        crate::sql::sqlite_exec(self.conn, sql, params)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<SqlRow>, StoreError> {
        self.ensure()?;
        crate::sql::sqlite_query(self.conn, sql, params)
    }

    // The session owns its transaction.
    fn begin(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    fn rollback(&mut self) {}
}

impl crate::sql::Sql for SqliteStore {
    fn dialect(&self) -> crate::sql::Dialect {
        crate::sql::Dialect::Sqlite
    }

    fn as_sql(&mut self) -> &mut dyn crate::sql::Sql {
        self
    }

    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        crate::sql::sqlite_exec(&self.conn, sql, params)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<SqlRow>, StoreError> {
        crate::sql::sqlite_query(&self.conn, sql, params)
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Val],
        each: &mut dyn FnMut(SqlRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        crate::sql::sqlite_query_each(&self.conn, sql, params, each)
    }

    fn begin(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("BEGIN IMMEDIATE")?;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.conn.execute_batch("COMMIT")?;
        Ok(())
    }

    fn rollback(&mut self) {
        let _ = self.conn.execute_batch("ROLLBACK");
    }
}

impl ImportSession for SqliteSession<'_> {
    fn sql(&mut self) -> Result<&mut dyn crate::sql::Sql, StoreError> {
        self.ensure()?;
        Ok(self)
    }

    fn for_each_email_key(&mut self, each: &mut dyn FnMut(&str, i64)) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT email_key, contact_number FROM contact
             WHERE institution_id = ?1 AND email_key IS NOT NULL",
        )?;
        let mut rows = stmt.query([self.institution_id])?;
        while let Some(r) = rows.next()? {
            let key = r.get_ref(0)?.as_str().map_err(|e| corrupt(e.to_string()))?;
            each(key, r.get(1)?);
        }
        Ok(())
    }

    fn insert_contacts(&mut self, contacts: &[NewContact<'_>]) -> Result<Vec<i64>, StoreError> {
        self.ensure()?;
        // Two statements: a basic row binds 22 values, not 38 (the extended
        // columns stay NULL), which is a fifth of the cost of a bulk insert.
        let mut basic = self.conn.prepare_cached(
            "INSERT INTO contact (institution_id, contact_number, contact_type, title, first_name,
                last_name, birthdate, language, email, email_key, structure_name, address_line1,
                address_line2, postal_code, town, state, country, origin, import_id, source_row,
                created_at, last_import_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?19)",
        )?;
        let mut full = self.conn.prepare_cached(
            "INSERT INTO contact (institution_id, contact_number, contact_type, title, first_name,
                last_name, birthdate, language, email, email_key, structure_name, address_line1,
                address_line2, postal_code, town, state, country, origin, import_id, source_row,
                created_at, last_import_id, phone, mobile, structure_type, administrative_number,
                billing_address_line1, billing_address_line2, billing_postal_code, billing_town,
                billing_state, billing_country, shipping_address_line1, shipping_address_line2,
                shipping_postal_code, shipping_town, shipping_state, shipping_country,
                structure_key)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17,
                ?18, ?19, ?20, ?21, ?19, ?22, ?23, ?24, ?25, ?26, ?27, ?28, ?29, ?30, ?31, ?32,
                ?33, ?34, ?35, ?36, ?37, ?38)",
        )?;
        let mut numbers = Vec::with_capacity(contacts.len());
        // Most emails are their own key; the others are lower-cased here.
        let mut key_text = String::new();
        for c in contacts {
            let d = c.draft;
            let number = match c.number {
                Some(n) => n,
                None => {
                    let n = self.next_number;
                    self.next_number += 1;
                    n
                }
            };
            let a = d.address.as_ref();
            let birthdate = d.birthdate.map(|b| b.date().to_string());
            let key = d.email.as_ref().map(|e| e.key_in(&mut key_text));
            let head = params![
                self.institution_id,
                number,
                d.contact_type.as_str(),
                d.title.as_str(),
                d.first_name.as_str(),
                d.last_name.as_str(),
                birthdate,
                d.language.as_str(),
                d.email.as_ref().map(|e| e.as_str()),
                key,
                d.structure_name,
                a.and_then(|a| a.line1),
                a.and_then(|a| a.line2),
                a.map(|a| a.postal_code.as_str()),
                a.map(|a| a.town.as_str()),
                a.and_then(|a| a.state),
                a.map(|a| a.country.alpha2()),
                c.origin,
                c.import_id,
                c.source_row as i64,
                self.now,
            ];
            let x = d.extended();
            let extended = x.has_columns() || c.structure_key.is_some();
            if !extended {
                basic.execute(head)?;
                numbers.push(number);
                continue;
            }
            let group = |g: Option<&intake_core::check::Address<'_>>| {
                [
                    g.and_then(|a| a.line1.map(str::to_string)),
                    g.and_then(|a| a.line2.map(str::to_string)),
                    g.map(|a| a.postal_code.as_str().to_string()),
                    g.map(|a| a.town.as_str().to_string()),
                    g.and_then(|a| a.state.map(str::to_string)),
                    g.map(|a| a.country.alpha2().to_string()),
                ]
            };
            let billing = group(x.billing.as_ref());
            let shipping = group(x.shipping.as_ref());
            let phone = x.phone.as_ref().map(|p| p.as_str());
            let mobile = x.mobile.as_ref().map(|p| p.as_str());
            let mut all: Vec<&dyn rusqlite::ToSql> = head.to_vec();
            all.extend([
                &phone as &dyn rusqlite::ToSql,
                &mobile,
                &x.structure_type,
                &x.administrative_number,
            ]);
            all.extend(billing.iter().map(|v| v as &dyn rusqlite::ToSql));
            all.extend(shipping.iter().map(|v| v as &dyn rusqlite::ToSql));
            all.push(&c.structure_key);
            full.execute(all.as_slice())?;
            numbers.push(number);
        }
        Ok(numbers)
    }

    fn institution_id(&self) -> i64 {
        self.institution_id
    }

    fn append_log(&mut self, lines: &[NewLogLine]) -> Result<(), StoreError> {
        self.ensure()?;
        insert_logs(
            self.conn,
            self.institution_id,
            self.import_id,
            self.seq,
            lines,
            &mut self.at,
        )?;
        self.seq += lines.len() as i64;
        Ok(())
    }

    fn checkpoint(&mut self, cp: &Checkpoint) -> Result<bool, StoreError> {
        self.ensure()?;
        let c = cp.counts;
        let cancel: bool = self.conn.query_row(
            "UPDATE import SET checkpoint_row = ?2, rows_read = ?3, created = ?4, updated = ?5,
                unchanged = ?6, skipped = ?7, rejected = ?8, progress = ?9
             WHERE id = ?1 RETURNING cancel_requested",
            params![
                self.import_id,
                cp.last_row as i64,
                c.rows as i64,
                c.created as i64,
                c.updated as i64,
                c.unchanged as i64,
                c.skipped as i64,
                c.rejected as i64,
                cp.progress,
            ],
            |r| r.get(0),
        )?;
        // A writer waiting for the lock (a sign-in, an upload, a cancel,
        // another import) gets it while this commit's WAL checkpoint runs.
        self.commit()?;
        if let Some(checkpointer) = &self.checkpointer {
            checkpointer.wake();
        }
        Ok(cancel)
    }

    fn finish(mut self: Box<Self>, f: &ImportFinish) -> Result<(), StoreError> {
        self.ensure()?;
        let c = f.counts;
        self.conn.execute(
            "UPDATE import SET status = ?2, finished_at = ?3, rows_read = ?4, created = ?5,
                updated = ?6, unchanged = ?7, skipped = ?8, rejected = ?9, file_format = ?10,
                file_encoding = ?11, file_separator = ?12, file_rows = ?13
             WHERE id = ?1",
            params![
                self.import_id,
                f.status.as_str(),
                now(),
                c.rows as i64,
                c.created as i64,
                c.updated as i64,
                c.unchanged as i64,
                c.skipped as i64,
                c.rejected as i64,
                f.file.format,
                f.file.encoding,
                f.file.separator,
                f.file.rows as i64,
            ],
        )?;
        self.conn.execute(
            "UPDATE import SET progress = 1, lease_until = NULL WHERE id = ?1",
            [self.import_id],
        )?;
        self.commit()
    }
}

#[cfg(test)]
mod tests;

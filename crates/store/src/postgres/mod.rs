//! The PostgreSQL store: the shared server's contact base. Bulk writes go
//! through binary `COPY`; emails are matched against the base in sets
//! (`= ANY($2)`), one query per batch.

use jiff::Timestamp;
use postgres::fallible_iterator::FallibleIterator;
use postgres::types::ToSql;
use postgres::{Client, GenericClient, NoTls, Row, Transaction};

use crate::model::args_to_json;
use crate::process::host;
use crate::sql::{SqlRow, Val};
use crate::{
    Checkpoint, ImportFinish, ImportRecord, ImportSession, Institution, InstitutionSettings,
    NewContact, NewLogLine, Store, StoreError,
};

mod copy;
mod writer;

use copy::CopyRows;
use writer::{Table, Writer};

/// Migrations, in order; `intake_schema.version` says how many ran.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("schema.sql"),
    include_str!("002_resume.sql"),
    include_str!("003_no_row_triggers.sql"),
    include_str!("004_web.sql"),
    include_str!("005_services.sql"),
    include_str!("006_lighter_contact_indexes.sql"),
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

/// The tables an import looks contacts up in, batch after batch (and the
/// log, where an anonymize or a delete looks up the lines it erases).
const LOOKED_UP: [&str; 5] = [
    "contact",
    "contact_criterion",
    "contact_authorization",
    "contact_change",
    "log_line",
];

/// Analyses the tables an import looks contacts up in when the planner's
/// idea of their size is off by more than half: a base loaded moments ago
/// counts as empty until autovacuum analyses it, and PostgreSQL then reads
/// every contact of the institution for each batch's lookups (an update
/// of 100,000 contacts just imported took 40 s instead of 6). A table
/// never analysed (a base restored moments ago: its size is known, its
/// columns are not) is analysed too: the planner took an institution for
/// 0.5 % of the log and read all of it for each batch of an anonymize.
fn refresh_statistics(client: &mut Client) -> Result<(), StoreError> {
    let tables: Vec<String> = LOOKED_UP.iter().map(|t| t.to_string()).collect();
    let stale = client.query(
        "SELECT c.relname::text FROM pg_class c JOIN pg_stat_user_tables s ON s.relid = c.oid
         WHERE c.relnamespace = CAST(current_schema() AS regnamespace)
           AND c.relname::text = ANY($1) AND s.n_live_tup > 1000
           AND (c.reltuples < s.n_live_tup / 2
                OR (s.last_analyze IS NULL AND s.last_autoanalyze IS NULL))",
        &[&tables],
    )?;
    for row in stale {
        let name: String = get(&row, 0)?;
        if LOOKED_UP.contains(&name.as_str()) {
            client.batch_execute(&format!("ANALYZE {name}"))?;
        }
    }
    Ok(())
}

/// A connection to the server, with the settings every statement of
/// intake wants: no just-in-time compilation. intake's statements are
/// lookups of a batch; an import session forbids sequential scans, which
/// makes their estimated cost huge, and the server then compiled each one
/// (0.1 to 0.2 s, a hundred times the lookup itself: 14 of the 35 s of an
/// anonymize of 100,000 contacts).
pub(crate) fn connect(url: &str) -> Result<Client, StoreError> {
    let mut client = Client::connect(url, NoTls)?;
    // A server without JIT (before version 11) does not know the setting.
    let _ = client.batch_execute("SET jit = off");
    Ok(client)
}

/// Any number: serialises migrations and first-use set-up between processes.
const SETUP_LOCK: i64 = 0x1A7A_6E01;

/// The contact base on a PostgreSQL server.
pub struct PostgresStore {
    client: Client,
    /// Where it connects: an import's session opens a connection of its own.
    url: String,
}

fn get<'a, T: postgres::types::FromSql<'a>>(row: &'a Row, i: usize) -> Result<T, StoreError> {
    row.try_get(i).map_err(StoreError::from)
}

impl PostgresStore {
    /// Connects, migrates, and creates the institution when there is none.
    ///
    /// The URL may carry `options=-csearch_path%3DNAME` to work in a schema
    /// of its own (the tests do).
    ///
    /// # Errors
    ///
    /// When the server cannot be reached or refuses.
    pub fn open(url: &str, settings: &InstitutionSettings) -> Result<PostgresStore, StoreError> {
        let client = connect(url)?;
        let mut store = PostgresStore {
            client,
            url: url.to_string(),
        };
        store.set_up(settings)?;
        Ok(store)
    }

    fn set_up(&mut self, settings: &InstitutionSettings) -> Result<(), StoreError> {
        let mut tx = self.client.transaction()?;
        migrate(&mut tx)?;
        let has_institution = tx
            .query_opt("SELECT 1 FROM institution LIMIT 1", &[])?
            .is_some();
        if !has_institution {
            insert_institution(&mut tx, settings)?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Creates the institution of a new base.
    ///
    /// # Errors
    ///
    /// [`StoreError::AlreadyInitialised`] when the base has one.
    pub fn create_institution(&mut self, settings: &InstitutionSettings) -> Result<(), StoreError> {
        let mut tx = self.client.transaction()?;
        tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SETUP_LOCK])?;
        if let Some(row) = tx.query_opt("SELECT code FROM institution ORDER BY id LIMIT 1", &[])? {
            return Err(StoreError::AlreadyInitialised(get(&row, 0)?));
        }
        insert_institution(&mut tx, settings)?;
        tx.commit()?;
        Ok(())
    }

    /// Connects and migrates, without creating an institution (for `init`).
    ///
    /// # Errors
    ///
    /// When the server cannot be reached or refuses.
    pub fn open_raw(url: &str) -> Result<PostgresStore, StoreError> {
        let client = connect(url)?;
        let mut store = PostgresStore {
            client,
            url: url.to_string(),
        };
        let mut tx = store.client.transaction()?;
        migrate(&mut tx)?;
        tx.commit()?;
        Ok(store)
    }
}

/// Applies the missing migrations, under a lock that serialises first uses.
fn migrate(tx: &mut Transaction<'_>) -> Result<(), StoreError> {
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&SETUP_LOCK])?;
    tx.batch_execute("CREATE TABLE IF NOT EXISTS intake_schema (version INT NOT NULL)")?;
    let version = match tx.query_opt("SELECT version FROM intake_schema", &[])? {
        Some(row) => get::<i32>(&row, 0)?,
        None => 0,
    };
    let version = usize::try_from(version).unwrap_or(0);
    if version > MIGRATIONS.len() {
        return Err(StoreError::TooNew {
            found: version as i64,
            known: MIGRATIONS.len() as i64,
        });
    }
    for sql in &MIGRATIONS[version..] {
        tx.batch_execute(sql)?;
    }
    tx.execute("DELETE FROM intake_schema", &[])?;
    tx.execute(
        "INSERT INTO intake_schema (version) VALUES ($1)",
        &[&(MIGRATIONS.len() as i32)],
    )?;
    Ok(())
}

fn insert_institution(tx: &mut Transaction<'_>, s: &InstitutionSettings) -> Result<(), StoreError> {
    let languages: Vec<&str> = s.languages.iter().map(|l| l.as_str()).collect();
    tx.execute(
        "INSERT INTO institution (code, name, languages, default_language, default_title,
            next_contact_number, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
        &[
            &s.code,
            &s.name,
            &languages.join(","),
            &s.default_language.as_str(),
            &s.default_title.as_str(),
            &s.first_contact_number,
            &Timestamp::now(),
        ],
    )?;
    Ok(())
}

const LOG_COLUMNS: &str = "institution_id, import_id, seq, phase, at, level, category, row_number,
    column_name, code, value, outcome, message_id, args, subject";

/// Encodes log lines as COPY rows, numbered from `first_seq`.
fn log_rows(
    rows: &mut CopyRows,
    institution_id: i64,
    import_id: i64,
    first_seq: i64,
    lines: &[NewLogLine],
) {
    for (i, l) in lines.iter().enumerate() {
        rows.row(15);
        rows.int8(institution_id);
        rows.int8(import_id);
        rows.int8(first_seq + i as i64);
        rows.int2(i16::from(l.phase));
        rows.timestamp(l.at);
        rows.text(l.level.as_str());
        rows.text(l.category.as_str());
        rows.opt_int8(l.row.map(|r| r as i64));
        rows.opt_text(l.column.as_deref());
        rows.opt_text(l.code.as_deref());
        rows.opt_text(l.value.as_deref());
        rows.opt_text(l.outcome.as_deref());
        rows.text(&l.message_id);
        rows.text(&args_to_json(&l.args));
        rows.opt_int8(l.subject);
    }
}

fn next_seq(
    tx: &mut impl GenericClient,
    institution_id: i64,
    import_id: i64,
) -> Result<i64, StoreError> {
    let row = tx.query_one(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM log_line WHERE institution_id = $1 AND import_id = $2",
        &[&institution_id, &import_id],
    )?;
    get(&row, 0)
}

/// A connection to hold a writer lock on. A process that ends closes it
/// and the server lets the lock go at once; one whose machine vanishes
/// sends nothing more, and the server's keepalive probes (after 30 s
/// idle, every 10 s, 3 unanswered: about a minute; not over a Unix
/// socket) end its session and the lock, where the system's default
/// would wait two hours.
fn lock_connection(url: &str) -> Result<Client, StoreError> {
    let mut client = connect(url)?;
    client.batch_execute(
        "SET tcp_keepalives_idle = 30; SET tcp_keepalives_interval = 10;
         SET tcp_keepalives_count = 3",
    )?;
    Ok(client)
}

impl Store for PostgresStore {
    fn lock_writer(
        &mut self,
        institution_id: i64,
        holder: &crate::LockHolder,
        wait: &mut dyn FnMut(Option<&crate::LockHolder>) -> bool,
    ) -> Result<Option<crate::WriterLock>, StoreError> {
        // Held by a connection of its own, which goes with its process: the
        // key is the institution's in this schema (tests share a server,
        // each in a schema of its own).
        let mut client = lock_connection(&self.url)?;
        loop {
            let taken: bool = client
                .query_one(
                    "SELECT pg_try_advisory_lock(
                        hashtextextended(current_schema() || ':intake-writer:' || ($1::bigint)::text, 0))",
                    &[&institution_id],
                )?
                .try_get(0)?;
            if taken {
                crate::lock::record(self, institution_id, holder)?;
                return Ok(Some(crate::WriterLock::new(client)));
            }
            let held_by = crate::lock::holder(self, institution_id)?;
            if !wait(held_by.as_ref()) {
                return Ok(None);
            }
        }
    }
    fn sql(&mut self) -> &mut dyn crate::sql::Sql {
        self
    }

    fn compact(&mut self) -> Result<(), StoreError> {
        // Dead row versions holding erased values become free space.
        self.client
            .batch_execute("VACUUM contact, log_line, contact_change")?;
        Ok(())
    }

    fn institution(&mut self) -> Result<Institution, StoreError> {
        crate::directory::institutions_where(self, "1 = 1 ORDER BY id LIMIT 1", &[])?
            .into_iter()
            .next()
            .ok_or(StoreError::NoInstitution)
    }

    fn import_session(
        &mut self,
        import_id: i64,
    ) -> Result<Box<dyn ImportSession + '_>, StoreError> {
        let row = self.client.query_one(
            "SELECT institution_id FROM import WHERE id = $1",
            &[&import_id],
        )?;
        let institution_id: i64 = get(&row, 0)?;
        refresh_statistics(&mut self.client)?;
        let writer = Writer::start(&self.url)?;
        let mut session = PostgresSession {
            lookup: &mut self.client,
            writer,
            import_id,
            institution_id,
            next_number: 0,
            seq: 0,
            now: Timestamp::now(),
            log: CopyRows::body(),
            open: false,
            looked_up: false,
        };
        session.begin()?;
        Ok(Box::new(session))
    }

    fn claim_import(
        &mut self,
        lease: std::time::Duration,
    ) -> Result<Option<ImportRecord>, StoreError> {
        // SKIP LOCKED: workers on many machines each take a different import.
        let rows = crate::sql::pg_query(
            &mut self.client,
            &format!(
                "UPDATE import SET status = 'running', host = ?, pid = ?,
                    lease_until = now() + make_interval(secs => CAST(? AS BIGINT))
                 WHERE id = (SELECT id FROM import q WHERE status = 'queued'
                               AND NOT EXISTS (SELECT 1 FROM import r WHERE r.status = 'running'
                                               AND r.institution_id = q.institution_id)
                             ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
                 RETURNING {}",
                crate::imports::IMPORT_COLUMNS
            ),
            &[
                host().into(),
                i64::from(std::process::id()).into(),
                i64::try_from(lease.as_secs()).unwrap_or(i64::MAX).into(),
            ],
        )?;
        rows.first()
            .map(crate::imports::import_from_row)
            .transpose()
    }
}

/// The columns every created contact has; a batch with extended values
/// adds [`EXTENDED_COLUMNS`] (a basic batch does not send 17 NULLs a row).
const CONTACT_COLUMNS: &str = "institution_id, contact_number, contact_type, title, first_name,
    last_name, birthdate, language, email, email_key, structure_name, address_line1,
    address_line2, postal_code, town, state, country, origin, import_id, source_row, created_at,
    last_import_id";
const EXTENDED_COLUMNS: &str = "phone, mobile, structure_type, administrative_number,
    billing_address_line1, billing_address_line2, billing_postal_code, billing_town,
    billing_state, billing_country, shipping_address_line1, shipping_address_line2,
    shipping_postal_code, shipping_town, shipping_state, shipping_country, structure_key";

/// An import's writes, in explicit transactions so that a checkpoint can
/// commit and go on. The transaction runs on a connection of its own, driven
/// from a writer thread ([`writer`]) so that the server inserts one batch
/// while the engine prepares the next; the store's own connection reads the
/// base's emails, as committed, when the import starts.
struct PostgresSession<'a> {
    /// The store's connection: the base's emails, as committed.
    lookup: &'a mut Client,
    writer: Writer,
    import_id: i64,
    institution_id: i64,
    next_number: i64,
    seq: i64,
    now: Timestamp,
    /// Log lines not sent yet: they go out at the next statement the
    /// engine waits for, so that they do not break the contacts' COPY.
    log: CopyRows,
    /// Whether a transaction is open (rolled back on drop).
    open: bool,
    /// Whether the import looked contacts up since its last checkpoint
    /// (structures and members of an extended file, a service's keys).
    looked_up: bool,
}

impl PostgresSession<'_> {
    fn begin(&mut self) -> Result<(), StoreError> {
        let (institution_id, import_id) = (self.institution_id, self.import_id);
        // Open from the first statement: if a later one fails, dropping the
        // session still rolls back (and lets go of the institution's lock).
        self.open = true;
        let (next_number, seq) = self.writer.call(move |client| {
            // The planner's statistics lag behind a table an import is
            // filling (it may think it empty and scan it all for every
            // batch): look-ups must use the index.
            client.batch_execute("BEGIN; SET LOCAL enable_seqscan = off")?;
            // Numbers are handed out by one import at a time per institution.
            // NO KEY: inserts elsewhere that check their institution (a new
            // criterion, a user) need not wait for the import's checkpoint.
            let row = client.query_one(
                "SELECT next_contact_number FROM institution WHERE id = $1 FOR NO KEY UPDATE",
                &[&institution_id],
            )?;
            Ok((
                get::<i64>(&row, 0)?,
                next_seq(client, institution_id, import_id)?,
            ))
        })?;
        self.next_number = next_number;
        self.seq = seq;
        Ok(())
    }

    /// Runs `f` in the transaction after every write sent so far.
    fn call<T, F>(&mut self, f: F) -> Result<T, StoreError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Client) -> Result<T, StoreError> + Send + 'static,
    {
        if !self.log.is_empty() {
            self.writer.copy(Table::Log, self.log.take_body())?;
        }
        self.writer.call(f)
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        let (institution_id, next_number) = (self.institution_id, self.next_number);
        self.call(move |client| {
            client.execute(
                "UPDATE institution SET next_contact_number = $2 WHERE id = $1",
                &[&institution_id, &next_number],
            )?;
            client.batch_execute("COMMIT")?;
            Ok(())
        })?;
        self.open = false;
        Ok(())
    }
}

impl Drop for PostgresSession<'_> {
    fn drop(&mut self) {
        if self.open {
            // Abandons an open COPY (what it was sent is not inserted just
            // to be rolled back) and rolls back, even after a failure.
            self.writer.abort();
        }
    }
}

impl crate::sql::Sql for PostgresSession<'_> {
    fn dialect(&self) -> crate::sql::Dialect {
        crate::sql::Dialect::Postgres
    }

    fn as_sql(&mut self) -> &mut dyn crate::sql::Sql {
        self
    }

    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        let (sql, params) = (sql.to_string(), params.to_vec());
        self.call(move |client| crate::sql::pg_exec(client, &sql, &params))
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<SqlRow>, StoreError> {
        self.looked_up = true;
        let (sql, params) = (sql.to_string(), params.to_vec());
        self.call(move |client| crate::sql::pg_query(client, &sql, &params))
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

impl crate::sql::Sql for PostgresStore {
    fn dialect(&self) -> crate::sql::Dialect {
        crate::sql::Dialect::Postgres
    }

    fn as_sql(&mut self) -> &mut dyn crate::sql::Sql {
        self
    }

    fn exec(&mut self, sql: &str, params: &[Val]) -> Result<u64, StoreError> {
        crate::sql::pg_exec(&mut self.client, sql, params)
    }

    fn query(&mut self, sql: &str, params: &[Val]) -> Result<Vec<SqlRow>, StoreError> {
        crate::sql::pg_query(&mut self.client, sql, params)
    }

    fn query_each(
        &mut self,
        sql: &str,
        params: &[Val],
        each: &mut dyn FnMut(SqlRow) -> Result<(), StoreError>,
    ) -> Result<(), StoreError> {
        crate::sql::pg_query_each(&mut self.client, sql, params, each)
    }

    fn begin(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("BEGIN")?;
        Ok(())
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("COMMIT")?;
        Ok(())
    }

    fn rollback(&mut self) {
        let _ = self.client.batch_execute("ROLLBACK");
    }
}

impl ImportSession for PostgresSession<'_> {
    fn sql(&mut self) -> Result<&mut dyn crate::sql::Sql, StoreError> {
        Ok(self)
    }

    fn for_each_email_key(&mut self, each: &mut dyn FnMut(&str, i64)) -> Result<(), StoreError> {
        // On the store's connection: what is committed (what this import
        // writes is matched in the file).
        let params: [&(dyn ToSql + Sync); 1] = [&self.institution_id];
        let mut rows = self.lookup.query_raw(
            "SELECT email_key, contact_number FROM contact
             WHERE institution_id = $1 AND email_key IS NOT NULL",
            params,
        )?;
        while let Some(r) = rows.next()? {
            each(get::<&str>(&r, 0)?, get::<i64>(&r, 1)?);
        }
        Ok(())
    }

    fn insert_contacts(&mut self, contacts: &[NewContact<'_>]) -> Result<Vec<i64>, StoreError> {
        let mut numbers = Vec::with_capacity(contacts.len());
        if contacts.is_empty() {
            return Ok(numbers);
        }
        let extended = contacts
            .iter()
            .any(|c| c.draft.extended().has_columns() || c.structure_key.is_some());
        let mut rows = CopyRows::body();
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
            rows.row(if extended { 39 } else { 22 });
            rows.int8(self.institution_id);
            rows.int8(number);
            rows.text(d.contact_type.as_str());
            rows.text(d.title.as_str());
            rows.text(d.first_name.as_str());
            rows.text(d.last_name.as_str());
            rows.opt_date(d.birthdate.map(|b| b.date()));
            rows.text(d.language.as_str());
            rows.opt_text(d.email.as_ref().map(|e| e.as_str()));
            rows.opt_text(d.email.as_ref().map(|e| e.key_in(&mut key_text)));
            rows.opt_text(d.structure_name);
            rows.opt_text(a.and_then(|a| a.line1));
            rows.opt_text(a.and_then(|a| a.line2));
            rows.opt_text(a.map(|a| a.postal_code.as_str()));
            rows.opt_text(a.map(|a| a.town.as_str()));
            rows.opt_text(a.and_then(|a| a.state));
            rows.opt_text(a.map(|a| a.country.alpha2()));
            rows.text(c.origin);
            rows.int8(c.import_id);
            rows.int8(c.source_row as i64);
            rows.timestamp(self.now);
            rows.int8(c.import_id);
            if !extended {
                numbers.push(number);
                continue;
            }
            let x = d.extended();
            rows.opt_text(x.phone.as_ref().map(|p| p.as_str()));
            rows.opt_text(x.mobile.as_ref().map(|p| p.as_str()));
            rows.opt_text(x.structure_type.as_deref());
            rows.opt_text(x.administrative_number);
            for g in [x.billing.as_ref(), x.shipping.as_ref()] {
                rows.opt_text(g.and_then(|a| a.line1));
                rows.opt_text(g.and_then(|a| a.line2));
                rows.opt_text(g.map(|a| a.postal_code.as_str()));
                rows.opt_text(g.map(|a| a.town.as_str()));
                rows.opt_text(g.and_then(|a| a.state));
                rows.opt_text(g.map(|a| a.country.alpha2()));
            }
            rows.opt_text(c.structure_key);
            numbers.push(number);
        }
        self.writer
            .copy(Table::Contacts { extended }, rows.into_body())?;
        Ok(numbers)
    }

    fn institution_id(&self) -> i64 {
        self.institution_id
    }

    fn add_new_qualities(
        &mut self,
        criteria: &[(i64, &str, &str)],
        consents: &[(i64, &str, &crate::services::Consent)],
    ) -> Result<(), StoreError> {
        if !criteria.is_empty() {
            let mut rows = CopyRows::body();
            for (number, criterion, element) in criteria {
                rows.row(4);
                rows.int8(self.institution_id);
                rows.int8(*number);
                rows.text(criterion);
                rows.text(element);
            }
            self.writer.copy(Table::Criteria, rows.into_body())?;
        }
        if !consents.is_empty() {
            let mut rows = CopyRows::body();
            for (number, code, c) in consents {
                rows.row(7);
                rows.int8(self.institution_id);
                rows.int8(*number);
                rows.text(code);
                rows.int8(i64::from(c.granted));
                rows.opt_int8(c.import_id);
                rows.opt_int8(c.source_row);
                rows.text(&c.at);
            }
            self.writer.copy(Table::Consents, rows.into_body())?;
        }
        Ok(())
    }

    fn append_log(&mut self, lines: &[NewLogLine]) -> Result<(), StoreError> {
        log_rows(
            &mut self.log,
            self.institution_id,
            self.import_id,
            self.seq,
            lines,
        );
        self.seq += lines.len() as i64;
        Ok(())
    }

    fn checkpoint(&mut self, cp: &Checkpoint) -> Result<bool, StoreError> {
        let (institution_id, import_id) = (self.institution_id, self.import_id);
        let (cp, c) = (*cp, cp.counts);
        let n = |v: u64| v as i64;
        let cancel = self.call(move |client| {
            let row = client.query_one(
                "UPDATE import SET checkpoint_row = $3, rows_read = $4, created = $5, updated = $6,
                    unchanged = $7, skipped = $8, rejected = $9, progress = $10
                 WHERE institution_id = $1 AND id = $2 RETURNING cancel_requested",
                &[
                    &institution_id,
                    &import_id,
                    &n(cp.last_row),
                    &n(c.rows),
                    &n(c.created),
                    &n(c.updated),
                    &n(c.unchanged),
                    &n(c.skipped),
                    &n(c.rejected),
                    &cp.progress,
                ],
            )?;
            get::<bool>(&row, 0)
        })?;
        self.commit()?;
        // An import that looks up contacts as it writes them (an extended
        // file's structures and members) doubles the tables it reads
        // many times over: analysed when their size is off by half, its
        // lookups keep their index. Without it a million extended rows
        // took 125 s instead of 46 s (8,000 rows/s at the end, against
        // 21,000 at 100,000). A basic create looks nothing up and is
        // spared the analyses (a tenth of its time).
        // Best effort: the batch is committed whatever ANALYZE says (a
        // lock it waits for, a cancel); a connection gone fails `begin`.
        if std::mem::take(&mut self.looked_up) {
            let _ = self.writer.call(refresh_statistics);
        }
        self.begin()?;
        Ok(cancel)
    }

    fn finish(mut self: Box<Self>, f: &ImportFinish) -> Result<(), StoreError> {
        let (institution_id, import_id) = (self.institution_id, self.import_id);
        let f = f.clone();
        let n = |v: u64| v as i64;
        self.call(move |client| {
            let c = f.counts;
            client.execute(
                "UPDATE import SET status = $3, finished_at = $4, rows_read = $5, created = $6,
                    updated = $7, unchanged = $8, skipped = $9, rejected = $10, file_format = $11,
                    file_encoding = $12, file_separator = $13, file_rows = $14
                 WHERE institution_id = $1 AND id = $2",
                &[
                    &institution_id,
                    &import_id,
                    &f.status.as_str(),
                    &Timestamp::now(),
                    &n(c.rows),
                    &n(c.created),
                    &n(c.updated),
                    &n(c.unchanged),
                    &n(c.skipped),
                    &n(c.rejected),
                    &f.file.format,
                    &f.file.encoding,
                    &f.file.separator,
                    &n(f.file.rows),
                ],
            )?;
            client.execute(
                "UPDATE import SET progress = 1, lease_until = NULL
                 WHERE institution_id = $1 AND id = $2",
                &[&institution_id, &import_id],
            )?;
            Ok(())
        })?;
        self.commit()
    }
}

#[cfg(test)]
mod lock_tests {
    /// The writer lock's connection is given up by the server within about
    /// a minute when its machine vanishes (its keepalive probes), not the
    /// two hours of the system's default.
    #[test]
    fn the_lock_connection_is_probed_for_life() {
        let Some(schema) = crate::testing::postgres_schema("keepalive") else {
            return;
        };
        let mut client = super::lock_connection(&schema.in_schema).unwrap();
        let show = |client: &mut postgres::Client, what: &str| -> String {
            client
                .query_one(&format!("SHOW {what}"), &[])
                .unwrap()
                .get(0)
        };
        assert_eq!(show(&mut client, "tcp_keepalives_idle"), "30");
        assert_eq!(show(&mut client, "tcp_keepalives_interval"), "10");
        assert_eq!(show(&mut client, "tcp_keepalives_count"), "3");
    }
}

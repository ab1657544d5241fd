//! One import, from file to base.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

pub use intake_core::Mode;
use intake_core::issue::shown;
use intake_core::{
    Category, Column, ContactDraft, HeaderFinding, HeaderMap, IssueCode, Level, RowIssue, RowRules,
};
use intake_source::{Format, Row, Source};
use intake_store::{
    Checkpoint, Counts, FileFacts, ImportFinish, ImportRecord, ImportSession, ImportStatus,
    NewContact, NewImport, NewLogLine, Store, phase,
};

use jiff::Timestamp;

use crate::error::{ImportError, ResumeRefusal};
use crate::keys::{BaseEmails, FirstRows, KeyHash};
use crate::pipeline::{BATCH, Checker, for_each_checked};
use crate::rejects::RejectsWriter;

pub(crate) use crate::fingerprint::{Fingerprinting, fingerprint, fingerprint_like};
pub use crate::log_lines::interrupted_line;
pub(crate) use crate::log_lines::{duration_label, file_facts, header_lines, issue_line, line};
use crate::options::summary_id;
pub use crate::options::{
    CriteriaMode, ImportOptions, ImportOutcome, MatchKey, Phase, Progress, ServiceOptions,
};

/// The most keys the email index is sized for before it has seen them: a
/// guess from the first batch (short first rows, many duplicates) may be
/// too high, and should not cost more than about 200 MiB of address space
/// (most of it never touched, so never resident). Beyond, it grows.
const MAX_RESERVED_KEYS: f64 = 4_000_000.0;

/// One row waiting for its batch to be matched; its draft borrows the
/// record's text.
pub(crate) struct Pending<'a> {
    pub(crate) row: u64,
    /// What stops the row.
    pub(crate) issues: Vec<RowIssue>,
    /// Findings on a row that goes through anyway.
    pub(crate) notes: Vec<RowIssue>,
    pub(crate) draft: Option<ContactDraft<'a>>,
    /// The hash of the row's email key when it is valid and has one.
    pub(crate) key: Option<KeyHash>,
    /// The row as read: for a rejects file, and for a service (which cells
    /// were given).
    pub(crate) record: Row<'a>,
}

/// Runs one import: reads and checks every row, matches the valid ones in the
/// file and against the base, writes the new contacts (unless dry run), the
/// log and the counts in one transaction.
///
/// A file that cannot be opened, has no header or (in create mode) no email
/// column fails before anything is recorded. A failure in the middle (disk,
/// database) rolls everything back and records the import as failed.
///
/// # Errors
///
/// See [`ImportError`].
pub fn run_import(
    store: &mut dyn Store,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<ImportOutcome, ImportError> {
    let started = Instant::now();
    let Asked {
        institution,
        resumed,
        mode,
        service,
        path,
        shown_name,
    } = Asked::of(store, options)?;
    // A resume checks the file is the one it started with before anything
    // else. A new import fingerprints its file on a thread of its own while
    // it runs, and records it with its first checkpoint (a resume of one
    // that committed nothing starts over: any file will do).
    let fingerprint_later = resumed
        .as_ref()
        .is_none_or(|r| r.fingerprint.is_empty() && r.checkpoint_row.is_none());
    let file_size = checked_file_size(resumed.as_ref(), &path)?;
    // An anonymize or a delete cannot be taken back: a file that would
    // stop half-way is refused before any row is done.
    let dry_run_recorded = resumed.as_ref().map_or(options.dry_run, |r| r.dry_run);
    let started_before = resumed.as_ref().is_some_and(|r| r.checkpoint_row.is_some());
    if mode.is_irreversible() && !dry_run_recorded && !started_before {
        read_through(&path)?;
    }
    let mut source = Source::open(&path)?;
    let (map, findings) = HeaderMap::new(&source.header().to_vec());
    if mode == Mode::Create && !map.has(Column::Email) && !map.is_extended() {
        return Err(ImportError::NoEmailColumn { path });
    }
    let service = resolved_service(mode, service, &map, &path)?;
    let match_on = service.match_on.unwrap_or(MatchKey::Email);
    // Read before the import is recorded: a failure here leaves nothing.
    let (reference, reserved) = intake_store::reference::load(store.sql(), institution.id)?;
    let mut rejects = match &options.rejects {
        Some(rejects) => Some(RejectsWriter::create(
            rejects,
            source.header(),
            source.info().separator.unwrap_or(b';'),
            options.lang,
        )?),
        None => None,
    };
    // Every refusal is behind: read the whole file for its fingerprint now.
    let fingerprinting = if fingerprint_later {
        Some(Fingerprinting::start(&path)?)
    } else {
        None
    };
    // One writer at a time into an institution, whatever process it runs
    // in: taken before the base's emails are read, held until the end.
    let writer = if dry_run_recorded {
        None
    } else {
        match take_writer(store, &institution, resumed.as_ref(), options, progress)? {
            Writer::Taken(taken) => Some(taken),
            Writer::CancelledWaiting(record) => {
                return cancelled_waiting(store, record, mode, started);
            }
        }
    };
    // Another process may have taken up the same import while this one
    // waited for the lock (or checked its file): what was checked must
    // still be what is resumed.
    if let (Some(record), None) = (&resumed, &options.job) {
        still_resumable(store, institution.id, record)?;
    }
    let (import_id, name, dry_run, resume_from) = match resumed {
        Some(record) => resume_record(store, record, options)?,
        None => {
            let name = options.import_name();
            let id = store.begin_import(&new_import(
                &institution,
                &name,
                &path,
                mode,
                options,
                file_size,
                &service,
            ))?;
            (id, name, options.dry_run, None)
        }
    };
    // The lock is held to the end of this function, whatever ends it.
    let (_lock, waited) = match writer {
        Some((lock, waited)) => {
            intake_store::lock::set_import(store.sql(), institution.id, import_id)?;
            (Some(lock), waited)
        }
        None => (None, None),
    };
    let rules = row_rules(&institution, mode, match_on, reference, reserved);
    // A failure from here on is recorded on the import (the `Err` arm below).
    // A panic on this thread (a bug) fails the import like any error: it
    // never reaches the caller, a server's worker or the command line (the
    // pipeline's own threads already stop on one: `ImportError::Stopped`).
    let run_it = || {
        let mut session = store.import_session(import_id)?;
        let base_emails = base_emails(session.as_mut(), mode)?;
        let run = Run {
            mode,
            service,
            institution_id: institution.id,
            created_by: options.created_by.clone(),
            map: map.clone(),
            numbers_seen: HashMap::new(),
            structures_seen: HashMap::new(),
            rules: rules.clone(),
            base_emails,
            file: shown_name.unwrap_or_else(|| file_name(&path)),
            dry_run,
            import_id,
            name: &name,
            session,
            rejects: rejects.as_mut(),
            counts: resume_from.map(|c| c.counts).unwrap_or_default(),
            seen: FirstRows::default(),
            lines: Vec::new(),
            rejects_written: 0,
            batches: 0,
            started,
            resume_from,
            fingerprinting,
            waited,
        };
        run.go(&mut source, &map, &findings, &rules, progress)
    };
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(run_it))
        .unwrap_or(Err(ImportError::Stopped));
    let ended = Ended {
        institution_id: institution.id,
        import_id,
        name,
        mode,
        dry_run,
        started,
    };
    match result {
        Ok(ran) => ended.completed(store, ran, rejects, progress),
        Err(ImportError::Cancelled { last_row }) => ended.cancelled(store, last_row),
        Err(e) => ended.failed(store, e, options.lang),
    }
}

/// What an import is asked to run: a new one as the options say, a job
/// or a resume as it was recorded.
struct Asked {
    institution: intake_store::Institution,
    resumed: Option<ImportRecord>,
    mode: Mode,
    service: ServiceOptions,
    path: PathBuf,
    /// A job's file as its person knows it, never the server's copy.
    shown_name: Option<String>,
}

impl Asked {
    fn of(store: &mut dyn Store, options: &ImportOptions) -> Result<Asked, ImportError> {
        let job = options.job.clone();
        let shown_name = job.as_ref().map(|j| j.file_name.clone());
        let institution = match job
            .as_ref()
            .map(|j| j.institution_id)
            .or(options.institution)
        {
            Some(id) => store
                .institution_by_id(id)?
                .ok_or(intake_store::StoreError::NoInstitution)?,
            None => store.institution()?,
        };
        let resumed = match (options.resume, job) {
            (_, Some(job)) => Some(job),
            (Some(id), None) => Some(resumable(store, institution.id, id)?),
            (None, None) => None,
        };
        // A job or a resume runs as it was recorded.
        let (mode, service) = match &resumed {
            Some(record) => (
                record.mode,
                ServiceOptions::decode(
                    &store
                        .import_options(institution.id, record.id)?
                        .unwrap_or_default(),
                ),
            ),
            None => (options.mode, options.service),
        };
        let path = match &resumed {
            Some(record) if options.path.as_os_str().is_empty() || record.job => {
                PathBuf::from(&record.file_path)
            }
            _ => options.path.clone(),
        };
        Ok(Asked {
            institution,
            resumed,
            mode,
            service,
            path,
            shown_name,
        })
    }
}

/// The file's size; a resume of an import that recorded its file first
/// checks it is the same file (size and fingerprint).
fn checked_file_size(
    resumed: Option<&ImportRecord>,
    path: &std::path::Path,
) -> Result<u64, ImportError> {
    let open_error = |source| intake_source::SourceError::Open {
        path: path.to_path_buf(),
        source,
    };
    match resumed {
        Some(record) if !(record.fingerprint.is_empty() && record.checkpoint_row.is_none()) => {
            let (file_size, fingerprint) =
                fingerprint_like(path, &record.fingerprint).map_err(open_error)?;
            if record.file_size != file_size || record.fingerprint != fingerprint {
                return Err(ImportError::Resume {
                    id: record.id,
                    why: ResumeRefusal::FileChanged {
                        path: path.to_path_buf(),
                    },
                });
            }
            Ok(file_size)
        }
        _ => Ok(std::fs::metadata(path).map_err(open_error)?.len()),
    }
}

/// A service's options with nothing left to guess: the key rows are
/// matched on (the contact number when the file has one, else the email),
/// which the file must have, and how criteria are written.
fn resolved_service(
    mode: Mode,
    service: ServiceOptions,
    map: &HeaderMap,
    path: &std::path::Path,
) -> Result<ServiceOptions, ImportError> {
    let match_on = service
        .match_on
        .unwrap_or(if map.has(Column::ContactNumber) {
            MatchKey::ContactNumber
        } else {
            MatchKey::Email
        });
    let key_column = match match_on {
        MatchKey::Email => Column::Email,
        MatchKey::ContactNumber => Column::ContactNumber,
    };
    if mode != Mode::Create && !map.has(key_column) {
        return Err(ImportError::NoKeyColumn {
            path: path.to_path_buf(),
            column: key_column.name(),
            mode: mode.as_str(),
        });
    }
    let criteria_mode = service.criteria.unwrap_or(match mode {
        Mode::Qualify => CriteriaMode::Add,
        _ => CriteriaMode::Replace,
    });
    Ok(ServiceOptions {
        match_on: Some(match_on),
        criteria: Some(criteria_mode),
        allow_consent_upgrade: service.allow_consent_upgrade,
    })
}

/// How asking for the institution's writer lock ended.
enum Writer {
    /// Held, with whom and how long this import waited for.
    Taken((intake_store::WriterLock, Option<crate::writer::Waited>)),
    /// A job cancelled while it waited, before it wrote anything.
    CancelledWaiting(Option<Box<ImportRecord>>),
}

/// Takes the institution's writer lock for this import (waiting unless
/// `--no-wait`).
fn take_writer(
    store: &mut dyn Store,
    institution: &intake_store::Institution,
    resumed: Option<&ImportRecord>,
    options: &ImportOptions,
    progress: &dyn Progress,
) -> Result<Writer, ImportError> {
    let started_before = resumed.is_some_and(|r| r.checkpoint_row.is_some());
    let holder = intake_store::LockHolder {
        import_id: resumed.map(|r| r.id),
        what: "import".into(),
        started_by: resumed.map_or_else(|| options.created_by.clone(), |r| r.created_by.clone()),
        since: Timestamp::now(),
    };
    // A cancel while waiting stops the wait, unless the import wrote
    // before (a resume): then its undo needs the lock, and the cancel is
    // seen once it holds it, at the first batch.
    match crate::writer::take(
        store,
        institution.id,
        &holder,
        options.wait,
        progress,
        !started_before,
    ) {
        Ok(taken) => Ok(Writer::Taken(taken)),
        // A job cancelled before it wrote anything: cancelled, not failed
        // (a command's own resume just stops: still resumable).
        Err(ImportError::Cancelled { .. }) if options.job.is_some() => {
            Ok(Writer::CancelledWaiting(resumed.cloned().map(Box::new)))
        }
        Err(e) => Err(e),
    }
}

/// The outcome of a job cancelled while it waited for the lock.
fn cancelled_waiting(
    store: &mut dyn Store,
    record: Option<Box<ImportRecord>>,
    mode: Mode,
    started: Instant,
) -> Result<ImportOutcome, ImportError> {
    let Some(record) = record.map(|r| *r) else {
        return Err(ImportError::Cancelled { last_row: 0 });
    };
    store.discard_import(
        record.id,
        ImportStatus::Cancelled,
        &line(
            phase::SUMMARY,
            Level::Warning,
            Category::Summary,
            "log-cancelled-waiting",
            Vec::new(),
        ),
    )?;
    Ok(ImportOutcome {
        import_id: record.id,
        name: record.name,
        mode,
        dry_run: record.dry_run,
        status: ImportStatus::Cancelled,
        file: FileFacts::default(),
        counts: Counts::default(),
        duration: started.elapsed(),
        rejects_written: 0,
    })
}

/// Takes up a recorded import again: its id, name, dry run and where it
/// stopped.
fn resume_record(
    store: &mut dyn Store,
    record: ImportRecord,
    options: &ImportOptions,
) -> Result<(i64, String, bool, Option<Checkpoint>), ImportError> {
    if !record.job || options.job.is_none() {
        store.reopen_import(record.id)?;
    }
    let from = Checkpoint {
        last_row: record.checkpoint_row.unwrap_or(0),
        counts: record.counts,
        progress: record.progress,
    };
    Ok((
        record.id,
        record.name,
        record.dry_run,
        record.checkpoint_row.map(|_| from),
    ))
}

/// A new import's record.
fn new_import(
    institution: &intake_store::Institution,
    name: &str,
    path: &std::path::Path,
    mode: Mode,
    options: &ImportOptions,
    file_size: u64,
    service: &ServiceOptions,
) -> NewImport {
    NewImport {
        institution_id: institution.id,
        name: name.to_string(),
        file_name: path
            .file_name()
            .map(|f| f.to_string_lossy().into_owned())
            .unwrap_or_default(),
        mode,
        dry_run: options.dry_run,
        created_by: options.created_by.clone(),
        file_path: std::fs::canonicalize(path)
            .unwrap_or_else(|_| path.to_path_buf())
            .display()
            .to_string(),
        file_size,
        // Recorded with the first checkpoint.
        fingerprint: String::new(),
        options: service.encode(),
    }
}

/// Every email already in the base, with its contact's number (24 bytes a
/// contact), for a create: its rows are matched against it without a
/// query. The services ask the base batch by batch.
fn base_emails(session: &mut dyn ImportSession, mode: Mode) -> Result<BaseEmails, ImportError> {
    let mut emails = BaseEmails::default();
    if mode == Mode::Create {
        session.for_each_email_key(&mut |key, number| emails.push(key, number))?;
        emails.seal();
    }
    Ok(emails)
}

/// A file's name as its log says it.
fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The rules every row of this import is checked against.
fn row_rules(
    institution: &intake_store::Institution,
    mode: Mode,
    match_on: MatchKey,
    reference: intake_core::Reference,
    reserved: Option<(i64, i64)>,
) -> RowRules {
    RowRules {
        languages: institution.languages.clone(),
        default_language: institution.default_language,
        default_title: institution.default_title,
        today: jiff::Zoned::now().date(),
        email_required: match mode {
            // An individual needs an email, or (extended) a legacy number.
            Mode::Create => true,
            Mode::Upsert => match_on == MatchKey::Email,
            _ => false,
        },
        reference,
        reserved,
        number_is_key: mode != Mode::Create && match_on == MatchKey::ContactNumber,
    }
}

/// Refuses a resume whose import moved on since it was checked (another
/// process took it up while this one waited).
fn still_resumable(
    store: &mut dyn Store,
    institution_id: i64,
    record: &ImportRecord,
) -> Result<(), ImportError> {
    let now = resumable(store, institution_id, record.id)?;
    if now.checkpoint_row != record.checkpoint_row || now.fingerprint != record.fingerprint {
        return Err(ImportError::Resume {
            id: record.id,
            why: ResumeRefusal::MovedOn,
        });
    }
    Ok(())
}

/// An import that ran, whatever ended it.
struct Ended {
    institution_id: i64,
    import_id: i64,
    name: String,
    mode: Mode,
    dry_run: bool,
    started: Instant,
}

impl Ended {
    fn outcome(
        self,
        status: ImportStatus,
        file: FileFacts,
        counts: Counts,
        rejects_written: u64,
    ) -> ImportOutcome {
        ImportOutcome {
            import_id: self.import_id,
            name: self.name,
            mode: self.mode,
            dry_run: self.dry_run,
            status,
            file,
            counts,
            duration: self.started.elapsed(),
            rejects_written,
        }
    }

    /// To its end: the rejects file closed; after an anonymize or a
    /// delete, the uploads that hold the people erased go and the base is
    /// compacted.
    fn completed(
        self,
        store: &mut dyn Store,
        ran: Ran,
        rejects: Option<RejectsWriter>,
        progress: &dyn Progress,
    ) -> Result<ImportOutcome, ImportError> {
        let Ran {
            counts,
            file,
            rejects_written,
        } = ran;
        if let Some(r) = rejects {
            r.finish()?;
        }
        if self.mode.is_irreversible() && !self.dry_run {
            // The uploads that hold the people erased go too: this run's
            // own, and those of the imports whose logs named them (in any
            // batch, before a resume too: marked as they were).
            let mut uploads =
                intake_store::services::uploads_to_erase(store.sql(), self.institution_id)?;
            uploads.push(self.import_id);
            // The base is compacted even when an upload stayed: the values
            // erased from it go from its free pages either way.
            let erased = crate::retention::erase_uploads(store, self.institution_id, &uploads);
            if counts.updated > 0 {
                store.compact()?;
            }
            erased?;
        }
        progress.update(Phase::Done, counts.rows, 1.0);
        Ok(self.outcome(ImportStatus::Completed, file, counts, rejects_written))
    }

    /// Cancelled: nothing of it stays.
    fn cancelled(self, store: &mut dyn Store, last_row: u64) -> Result<ImportOutcome, ImportError> {
        discard(
            store,
            self.mode,
            self.institution_id,
            self.import_id,
            ImportStatus::Cancelled,
            &line(
                phase::SUMMARY,
                Level::Warning,
                Category::Summary,
                "log-cancelled",
                vec![("row", last_row.to_string())],
            ),
        )?;
        Ok(self.outcome(
            ImportStatus::Cancelled,
            FileFacts::default(),
            Counts::default(),
            0,
        ))
    }

    /// Failed: a file refused half-way leaves nothing; a base that refused
    /// a write keeps what the checkpoints committed, to resume from.
    fn failed(
        self,
        store: &mut dyn Store,
        e: ImportError,
        lang: intake_i18n::Lang,
    ) -> Result<ImportOutcome, ImportError> {
        let error = e.message(lang);
        if matches!(e, ImportError::Source(_)) {
            // What earlier checkpoints committed goes too, so that
            // "nothing of it was written" holds for a file refused at its
            // last row. When even that fails (the base is gone), the import
            // stays running and the next command marks it interrupted and
            // resumable.
            let failed = line(
                phase::SUMMARY,
                Level::Error,
                Category::Summary,
                "log-failed",
                vec![("error", error)],
            );
            let _ = discard(
                store,
                self.mode,
                self.institution_id,
                self.import_id,
                ImportStatus::Failed,
                &failed,
            );
            return Err(e);
        }
        let committed = store
            .import(self.institution_id, self.import_id)
            .ok()
            .flatten()
            .and_then(|r| r.checkpoint_row);
        let failed = match committed {
            Some(row) => line(
                phase::SUMMARY,
                Level::Error,
                Category::Summary,
                "log-failed-resumable",
                vec![
                    ("error", error),
                    ("checkpoint_row", row.to_string()),
                    ("id", self.import_id.to_string()),
                ],
            ),
            None => line(
                phase::SUMMARY,
                Level::Error,
                Category::Summary,
                "log-failed",
                vec![("error", error)],
            ),
        };
        let _ = store.fail_import(self.import_id, &failed);
        Err(e)
    }
}

/// Ends an import that leaves nothing behind (cancelled, or failed): the
/// session was dropped (rolled back); what its checkpoints committed goes
/// too, contacts it updated getting their before-images back (contacts it
/// erased cannot: an anonymize or a delete reads its whole file before it
/// starts, so that a file refused half-way never leaves half of it done).
fn discard(
    store: &mut dyn Store,
    mode: Mode,
    institution_id: i64,
    import_id: i64,
    status: ImportStatus,
    last: &NewLogLine,
) -> Result<(), ImportError> {
    intake_store::sql::atomically(store.sql(), |sql| {
        if mode == Mode::Create {
            // The contacts go with discard_import; their criteria and
            // consents first.
            return intake_store::services::forget_created(sql, institution_id, import_id);
        }
        let plan = intake_store::services::undo_plan(sql, institution_id, import_id)?;
        intake_store::services::apply_undo(sql, institution_id, import_id, &plan)
    })?;
    store.discard_import(import_id, status, last)?;
    Ok(())
}

/// Reads a file through, keeping nothing: the error that would stop an
/// import of it half-way (an unclosed quote, a row over the limit, a
/// workbook over one), found before anything is written.
fn read_through(path: &std::path::Path) -> Result<(), ImportError> {
    let mut source = Source::open(path)?;
    let mut rows = intake_source::Rows::default();
    loop {
        let read = source.read_rows(&mut rows, BATCH);
        if let Some(e) = read.error {
            return Err(e.into());
        }
        if read.end {
            return Ok(());
        }
    }
}

/// What a run that went to its end did.
pub(crate) struct Ran {
    counts: Counts,
    file: FileFacts,
    rejects_written: u64,
}

pub(crate) struct Run<'a, 's> {
    pub(crate) mode: Mode,
    /// Resolved: the match key and criteria mode are set.
    pub(crate) service: ServiceOptions,
    pub(crate) institution_id: i64,
    pub(crate) created_by: String,
    pub(crate) map: HeaderMap,
    pub(crate) rules: RowRules,
    /// Legacy numbers (create) or key numbers (services) → first row.
    pub(crate) numbers_seen: HashMap<i64, u64>,
    /// Structure name key → (address key, row, number once created).
    pub(crate) structures_seen: HashMap<String, Vec<(String, u64, Option<i64>)>>,
    /// The emails in the base when the import started.
    pub(crate) base_emails: BaseEmails,
    /// The file's name, as the user knows it (not where a server stored it).
    pub(crate) file: String,
    pub(crate) dry_run: bool,
    pub(crate) import_id: i64,
    pub(crate) name: &'a str,
    pub(crate) session: Box<dyn ImportSession + 's>,
    pub(crate) rejects: Option<&'a mut RejectsWriter>,
    pub(crate) counts: Counts,
    /// Email key → row of the first valid row that has it.
    pub(crate) seen: FirstRows,
    /// Log lines waiting to be written with the batch.
    pub(crate) lines: Vec<NewLogLine>,
    pub(crate) rejects_written: u64,
    /// Batches flushed since the last checkpoint.
    pub(crate) batches: usize,
    pub(crate) started: Instant,
    /// Where an interrupted run stopped, when this one resumes it.
    pub(crate) resume_from: Option<Checkpoint>,
    /// The file's fingerprint being computed, recorded with the first
    /// checkpoint (or the end).
    pub(crate) fingerprinting: Option<Fingerprinting>,
    /// The writer this import waited for before it started, and how long.
    pub(crate) waited: Option<crate::writer::Waited>,
}

/// The record of an import that `--resume` may take up again.
fn resumable(
    store: &mut dyn Store,
    institution_id: i64,
    id: i64,
) -> Result<ImportRecord, ImportError> {
    let refuse = |why| ImportError::Resume { id, why };
    let record = store
        .import(institution_id, id)?
        .ok_or_else(|| refuse(ResumeRefusal::NotFound))?;
    match record.status {
        ImportStatus::Completed => Err(refuse(ResumeRefusal::Completed)),
        ImportStatus::Running => {
            // Its process may have died since: the store says so first.
            store.recover_interrupted(&interrupted_line())?;
            let again = store
                .import(institution_id, id)?
                .ok_or_else(|| refuse(ResumeRefusal::NotFound))?;
            if again.status == ImportStatus::Running {
                return Err(refuse(ResumeRefusal::Running));
            }
            Ok(again)
        }
        _ => Ok(record),
    }
}

impl Run<'_, '_> {
    fn go(
        mut self,
        source: &mut Source,
        map: &HeaderMap,
        findings: &[HeaderFinding],
        rules: &RowRules,
        progress: &dyn Progress,
    ) -> Result<Ran, ImportError> {
        let resume_from = self.resume_from;
        // Columns this mode does not change are not read (nor checked).
        let ignored = self.ignored_columns();
        let file = self.file.clone();
        let replay_until = resume_from.map(|c| c.last_row).unwrap_or(0);
        self.opening_lines(&file);
        let header_row = source.header().row;
        let checker = Checker {
            map,
            rules,
            ignored: &ignored,
            replay_until,
        };
        let mut last_row = header_row;
        for_each_checked(source, &checker, |batch| {
            last_row = batch.last_row;
            // Committed before the interruption: only rebuild what later
            // rows are matched against (the emails of valid rows).
            for &(row, key, number) in &batch.replayed {
                if let Some(key) = key {
                    self.seen.insert_hash(key, row);
                }
                if let Some(n) = number {
                    self.numbers_seen.entry(n).or_insert(row);
                }
            }
            if let Some(e) = batch.error.take() {
                return Err(e.into());
            }
            let end = batch.end;
            let progress_now = batch.progress;
            let flushed = batch.with_rows(|rows| {
                self.counts.rows += rows.len() as u64;
                // From the first batch, how many rows the file has: the
                // index of its emails is made that large at once.
                if self.mode == Mode::Create && self.seen.len() == 0 && progress_now > 0.0 {
                    let estimate = (rows.len() as f64 / progress_now).min(MAX_RESERVED_KEYS);
                    self.seen.reserve(estimate as usize);
                }
                if rows.is_empty() && !end {
                    return Ok(false);
                }
                self.flush(rows).map(|()| true)
            })?;
            if end || !flushed {
                return Ok(());
            }
            self.batches += 1;
            if self.batches * BATCH >= self.session.checkpoint_rows() {
                self.batches = 0;
                self.record_fingerprint()?;
                let cancel = self.session.checkpoint(&Checkpoint {
                    last_row,
                    counts: self.counts,
                    progress: batch.progress,
                })?;
                if cancel {
                    return Err(ImportError::Cancelled { last_row });
                }
            }
            progress.update(Phase::Reading, self.counts.rows, batch.progress);
            if progress.cancelled() {
                return Err(ImportError::Cancelled { last_row });
            }
            Ok(())
        })?;
        progress.update(Phase::Writing, self.counts.rows, 1.0);

        let info = source.info().clone();
        let file_rows = last_row - header_row;
        let facts = file_facts(&info, file_rows);
        let closing = self.closing_lines(&file, &info, &facts, file_rows, findings, &ignored);
        let c = self.counts;
        self.session.append_log(&closing)?;
        self.record_fingerprint()?;
        self.session.finish(&ImportFinish {
            status: ImportStatus::Completed,
            counts: c,
            file: facts.clone(),
        })?;
        Ok(Ran {
            counts: c,
            file: facts,
            rejects_written: self.rejects_written,
        })
    }

    /// The lines that open the log: what starts (or resumes), whom it
    /// waited for, whether it is a dry run.
    fn opening_lines(&mut self, file: &str) {
        let resume_from = self.resume_from;
        let file = file.to_string();
        if let Some(cp) = resume_from {
            self.lines.push(line(
                phase::START,
                Level::Info,
                Category::Initialisation,
                "log-resumed",
                vec![("checkpoint_row", cp.last_row.to_string())],
            ));
        } else if self.mode == Mode::Create {
            self.lines.push(line(
                phase::START,
                Level::Info,
                Category::Initialisation,
                "log-start-create",
                vec![("file", file.clone())],
            ));
        } else {
            let key = match self.service.match_on {
                Some(MatchKey::ContactNumber) => Column::ContactNumber,
                _ => Column::Email,
            };
            self.lines.push(line(
                phase::START,
                Level::Info,
                Category::Initialisation,
                "log-start-service",
                vec![
                    ("file", file.clone()),
                    ("mode", self.mode.as_str().to_string()),
                    ("key", key.name().to_string()),
                ],
            ));
        }
        if let Some((holder, waited)) = &self.waited {
            let mut args = vec![("duration", duration_label(*waited))];
            args.extend(holder.iter().flat_map(crate::writer::holder_args));
            self.lines.push(line(
                phase::START,
                Level::Info,
                Category::Initialisation,
                if holder.is_some() {
                    "log-waited"
                } else {
                    "log-waited-unknown"
                },
                args,
            ));
        }
        if self.dry_run && resume_from.is_none() {
            self.lines.push(line(
                phase::START,
                Level::Info,
                Category::Initialisation,
                "log-start-dry-run",
                vec![],
            ));
        }
    }

    /// The lines that close the log: the file as read, its encoding, its
    /// header, the columns this mode leaves, the valid rows, the summary.
    fn closing_lines(
        &self,
        file: &str,
        info: &intake_source::SourceInfo,
        facts: &FileFacts,
        file_rows: u64,
        findings: &[HeaderFinding],
        ignored: &[(usize, String)],
    ) -> Vec<NewLogLine> {
        let file = file.to_string();
        let mut closing = Vec::new();
        closing.push(match info.format {
            Format::Csv => line(
                phase::READING,
                Level::Info,
                Category::Initialisation,
                "log-reading-csv",
                vec![
                    ("file", file.clone()),
                    ("encoding", facts.encoding.clone().unwrap_or_default()),
                    ("separator", facts.separator.clone().unwrap_or_default()),
                    ("rows", file_rows.to_string()),
                ],
            ),
            format => line(
                phase::READING,
                Level::Info,
                Category::Initialisation,
                "log-reading-workbook",
                vec![
                    ("file", file.clone()),
                    ("format", format.as_str().to_uppercase()),
                    ("sheet", info.sheet.clone().unwrap_or_default()),
                    ("rows", file_rows.to_string()),
                ],
            ),
        });
        if let Some(row) = info.windows_1252_from {
            closing.push(line(
                phase::READING,
                Level::Warning,
                Category::Initialisation,
                "log-encoding-switched",
                vec![("row", row.to_string())],
            ));
        } else if info.encoding == Some(intake_source::TextEncoding::Windows1252) {
            closing.push(line(
                phase::READING,
                Level::Warning,
                Category::Initialisation,
                "log-encoding-fallback",
                vec![],
            ));
        }
        closing.extend(header_lines(findings));
        for (position, header) in ignored {
            closing.push(line(
                phase::READING,
                Level::Warning,
                Category::Initialisation,
                "log-header-ignored",
                vec![
                    ("position", (position + 1).to_string()),
                    ("header", header.clone()),
                    ("mode", self.mode.as_str().to_string()),
                ],
            ));
        }
        let valid = self.counts.rows - self.counts.rejected;
        closing.push(line(
            phase::MATCHING,
            Level::Info,
            Category::Initialisation,
            "log-found-valid",
            vec![("valid", valid.to_string()), ("file", file.clone())],
        ));
        if self.mode == Mode::Create {
            closing.push(line(
                phase::MATCHING,
                Level::Info,
                Category::Initialisation,
                "log-searching",
                vec![],
            ));
        }
        let c = self.counts;
        closing.push(line(
            phase::SUMMARY,
            Level::Info,
            Category::Summary,
            summary_id(self.mode, self.dry_run),
            vec![
                ("created", c.created.to_string()),
                ("updated", c.updated.to_string()),
                ("unchanged", c.unchanged.to_string()),
                ("skipped", c.skipped.to_string()),
                ("rejected", c.rejected.to_string()),
                ("rows", c.rows.to_string()),
                ("duration", duration_label(self.started.elapsed())),
            ],
        ));
        closing
    }

    /// Waits for the file's fingerprint, if it is still being computed,
    /// and records it with what the session commits next: a resume then
    /// knows the file its committed rows came from.
    fn record_fingerprint(&mut self) -> Result<(), ImportError> {
        let Some(fingerprinting) = self.fingerprinting.take() else {
            return Ok(());
        };
        let (size, fingerprint) = fingerprinting.wait()?;
        self.session
            .record_file(self.institution_id, self.import_id, size, &fingerprint)?;
        Ok(())
    }

    /// The file columns (position, header) this mode does not change: the
    /// basic update (by email) changes names, criteria and consents; qualify
    /// criteria and structure types; inactivate, anonymize and delete only
    /// read the key.
    fn ignored_columns(&self) -> Vec<(usize, String)> {
        let by_email = self.service.match_on == Some(MatchKey::Email);
        let key = if by_email {
            Column::Email
        } else {
            Column::ContactNumber
        };
        let (keep, criteria, consents): (&[Column], bool, bool) = match self.mode {
            Mode::Create | Mode::Upsert => return Vec::new(),
            Mode::Update if !by_email => return Vec::new(),
            Mode::Update => (
                &[Column::Title, Column::FirstName, Column::LastName],
                true,
                true,
            ),
            Mode::Qualify => (&[Column::StructureType], true, false),
            Mode::Inactivate | Mode::Anonymize | Mode::Delete => (&[], false, false),
        };
        let headers = self.map.headers();
        let mut out: Vec<(usize, String)> = Column::ALL
            .iter()
            .filter(|c| **c != key && !keep.contains(c))
            .filter_map(|c| self.map.position(*c))
            .collect::<Vec<_>>()
            .into_iter()
            .map(|p| {
                (
                    p,
                    shown(headers.get(p).map_or("", String::as_str)).into_owned(),
                )
            })
            .collect();
        if !criteria {
            out.extend(
                self.map
                    .criteria()
                    .iter()
                    .map(|(p, _)| (*p, shown(&headers[*p]).into_owned())),
            );
        }
        if !consents {
            out.extend(
                self.map
                    .authorizations()
                    .iter()
                    .map(|(p, _)| (*p, shown(&headers[*p]).into_owned())),
            );
        }
        out.sort_unstable();
        out
    }

    /// Matches a batch, writes what it does, and the batch's log lines and
    /// rejects in row order.
    fn flush(&mut self, batch: &mut [Pending<'_>]) -> Result<(), ImportError> {
        if self.mode == Mode::Create {
            self.flush_create(batch)
        } else {
            self.flush_service(batch)
        }
    }

    /// Matches a batch in the file and against the base, creates the new
    /// contacts, and writes the batch's log lines and rejects in row order.
    fn flush_create(&mut self, batch: &mut [Pending<'_>]) -> Result<(), ImportError> {
        // An email met in an earlier valid row of the file, else one the
        // base already has. The first row of an email is recorded even when
        // the base has it, so that later rows are duplicates of that row.
        self.seen.touch(batch.iter().filter_map(|p| p.key));
        for p in batch.iter_mut() {
            let Some(key) = p.key else { continue };
            let (code, arg) = match self.seen.first_or_insert(key, p.row) {
                Some(earlier) => (
                    IssueCode::EmailDuplicateInFile,
                    ("earlier_row", earlier.to_string()),
                ),
                None => match self.base_emails.number(key) {
                    Some(number) => (
                        IssueCode::EmailExists,
                        ("contact_number", number.to_string()),
                    ),
                    None => continue,
                },
            };
            let value = p
                .draft
                .as_ref()
                .and_then(|d| d.email.as_ref())
                .map(|e| e.as_str().to_string());
            p.issues.push(RowIssue {
                code,
                column: Some(Column::Email),
                value: value.unwrap_or_default(),
                args: vec![arg],
            });
            p.draft = None;
        }
        self.check_legacy_numbers(batch)?;
        // A file without structures, criteria or consents (the basic
        // template) has nothing for these passes over the batch to do.
        let map = &self.map;
        let extended = map.has(Column::ContactType)
            || map.has(Column::StructureName)
            || !map.criteria().is_empty()
            || !map.authorizations().is_empty();
        if extended {
            self.check_structures(batch)?;
        }
        self.counts.created += batch.iter().filter(|p| p.draft.is_some()).count() as u64;
        let numbers = if self.dry_run {
            Vec::new()
        } else {
            self.insert_drafts(batch, true)?
        };
        if extended {
            self.after_create(batch, &numbers)?;
        }
        self.log_batch(batch, Cow::Borrowed("created"))?;
        self.session.append_log(&self.lines)?;
        self.lines.clear();
        Ok(())
    }

    /// Creates the contacts of the rows that still have a draft, in row
    /// order; their numbers (legacy ones kept when `keep_numbers`).
    pub(crate) fn insert_drafts(
        &mut self,
        rows: &[Pending<'_>],
        keep_numbers: bool,
    ) -> Result<Vec<i64>, ImportError> {
        let keys: Vec<Option<String>> = rows
            .iter()
            .map(|p| {
                p.draft
                    .as_ref()
                    .and_then(|d| d.structure_name)
                    .map(intake_core::value::comparison_key)
            })
            .collect();
        let contacts: Vec<NewContact<'_>> = rows
            .iter()
            .zip(&keys)
            .filter_map(|(p, key)| {
                p.draft.as_ref().map(|draft| NewContact {
                    draft,
                    source_row: p.row,
                    import_id: self.import_id,
                    origin: self.name,
                    number: draft
                        .contact_number
                        .filter(|_| keep_numbers)
                        .map(|n| n.get()),
                    structure_key: key.as_deref(),
                })
            })
            .collect();
        if contacts.is_empty() {
            return Ok(Vec::new());
        }
        Ok(self.session.insert_contacts(&contacts)?)
    }

    /// The person a row was about, as its log lines name them: the hash
    /// of its email key, valid rows' as checked, others' from their email
    /// cell when it is an email (a rejected row names its person too).
    pub(crate) fn subject_of(&self, p: &Pending<'_>) -> Option<i64> {
        if let Some(key) = p.key {
            return Some(key.subject());
        }
        let raw = self
            .map
            .position(Column::Email)
            .and_then(|at| p.record.get(at))?;
        let email = intake_core::value::Email::parse(intake_core::header::clean_cell(raw)).ok()?;
        Some(KeyHash::of(&email.key()).subject())
    }

    /// A line of a row about `subject`. An anonymize or a delete keeps no
    /// personal value in its own log: a line names its row, not what the
    /// row held (its value goes, and every detail but numbers and codes).
    pub(crate) fn about(&self, mut line: NewLogLine, subject: Option<i64>) -> NewLogLine {
        if self.mode.is_irreversible() {
            line.value = None;
            line.args.retain(|(k, _)| {
                matches!(
                    k.as_str(),
                    "contact_number"
                        | "numbers"
                        | "earlier_row"
                        | "expected"
                        | "limit"
                        | "character"
                        | "code"
                )
            });
        } else {
            line.subject = subject;
        }
        line
    }

    /// Logs every finding of the batch's rows in row order (stopped rows:
    /// rejected or skipped; the others' notes with `done`), counts the
    /// stopped rows, and writes them to the rejects file.
    pub(crate) fn log_batch(
        &mut self,
        batch: &mut [Pending<'_>],
        done: Cow<'static, str>,
    ) -> Result<(), ImportError> {
        // The findings move into their lines: the batch is done with them.
        for p in batch {
            let subject = self.subject_of(p);
            if p.draft.is_some() {
                for note in p.notes.drain(..) {
                    let line = issue_line(p.row, note, done.clone());
                    self.lines.push(self.about(line, subject));
                }
                continue;
            }
            if p.issues.is_empty() {
                continue;
            }
            let rejected = p.issues.iter().any(|i| i.code.level() == Level::Error);
            let outcome = if rejected {
                self.counts.rejected += 1;
                "rejected"
            } else if p
                .issues
                .iter()
                .any(|i| i.code == IssueCode::ContactNotFound)
            {
                self.counts.skipped += 1;
                "not_found"
            } else {
                self.counts.skipped += 1;
                "skipped"
            };
            let found = p.issues.len();
            for issue in p.issues.drain(..) {
                let line = issue_line(p.row, issue, Cow::Borrowed(outcome));
                self.lines.push(self.about(line, subject));
            }
            if let Some(writer) = self.rejects.as_deref_mut() {
                writer.write(p.record.iter(), &self.lines[self.lines.len() - found..])?;
                self.rejects_written += 1;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fingerprint_is_compared_in_the_kind_it_was_recorded_in() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.csv");
        std::fs::write(&path, "a").unwrap();
        let (size, now) = fingerprint(&path).unwrap();
        assert_eq!(size, 1);
        assert!(now.starts_with("xxh3:"), "{now}");
        // Imports recorded before XXH3: 64-bit FNV-1a of "a" is af63dc4c8601ec8c.
        let (_, legacy) = fingerprint_like(&path, "0123456789abcdef").unwrap();
        assert_eq!(legacy, "af63dc4c8601ec8c");
        assert_eq!(fingerprint_like(&path, &now).unwrap().1, now);
        std::fs::write(&path, "b").unwrap();
        assert_ne!(fingerprint_like(&path, &now).unwrap().1, now);
        assert_ne!(fingerprint_like(&path, &legacy).unwrap().1, legacy);
    }
}

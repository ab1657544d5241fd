//! Before an import runs: what it was asked (a new one, a job, a resume as
//! recorded), its file checked, its service settled, the writer lock, its
//! record.

use std::path::PathBuf;
use std::time::Instant;

use intake_core::Mode;
use intake_core::{Category, Column, HeaderMap, Level, RowRules};
use intake_source::Source;
use intake_store::{
    Checkpoint, Counts, FileFacts, ImportRecord, ImportSession, ImportStatus, NewImport, Store,
    phase,
};

use jiff::Timestamp;

use crate::error::{ImportError, ResumeRefusal};
use crate::keys::BaseEmails;
use crate::pipeline::BATCH;

use crate::run::{
    CriteriaMode, ImportOptions, ImportOutcome, MatchKey, Progress, ServiceOptions,
    fingerprint_like, interrupted_line, line,
};

/// What an import is asked to run: a new one as the options say, a job
/// or a resume as it was recorded.
pub(crate) struct Asked {
    pub(crate) institution: intake_store::Institution,
    pub(crate) resumed: Option<ImportRecord>,
    pub(crate) mode: Mode,
    pub(crate) service: ServiceOptions,
    pub(crate) path: PathBuf,
    /// A job's file as its person knows it, never the server's copy.
    pub(crate) shown_name: Option<String>,
}

impl Asked {
    pub(crate) fn of(store: &mut dyn Store, options: &ImportOptions) -> Result<Asked, ImportError> {
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
            Some(record) => {
                let kept = store
                    .import_options(institution.id, record.id)?
                    .unwrap_or_default();
                let service = ServiceOptions::decode(&kept).map_err(|e| {
                    intake_store::StoreError::Corrupt(format!("import {}: options {e}", record.id))
                })?;
                (record.mode, service)
            }
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
pub(crate) fn checked_file_size(
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
pub(crate) fn resolved_service(
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
pub(crate) enum Writer {
    /// Held, with whom and how long this import waited for.
    Taken((intake_store::WriterLock, Option<crate::writer::Waited>)),
    /// A job cancelled while it waited, before it wrote anything.
    CancelledWaiting(Option<Box<ImportRecord>>),
}

/// Takes the institution's writer lock for this import (waiting unless
/// `--no-wait`).
pub(crate) fn take_writer(
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
pub(crate) fn cancelled_waiting(
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
pub(crate) fn resume_record(
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
pub(crate) fn new_import(
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
pub(crate) fn base_emails(
    session: &mut dyn ImportSession,
    mode: Mode,
) -> Result<BaseEmails, ImportError> {
    let mut emails = BaseEmails::default();
    if mode == Mode::Create {
        session.for_each_email_key(&mut |key, number| emails.push(key, number))?;
        emails.seal();
    }
    Ok(emails)
}

/// A file's name as its log says it.
pub(crate) fn file_name(path: &std::path::Path) -> String {
    path.file_name()
        .map(|f| f.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// The rules every row of this import is checked against.
pub(crate) fn row_rules(
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
pub(crate) fn still_resumable(
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

/// Reads a file through, keeping nothing: the error that would stop an
/// import of it half-way (an unclosed quote, a row over the limit, a
/// workbook over one), found before anything is written.
pub(crate) fn read_through(path: &std::path::Path) -> Result<(), ImportError> {
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

/// The record of an import that `--resume` may take up again.
pub(crate) fn resumable(
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

//! Imports run by a server's workers: queued first, claimed later.

use std::path::{Path, PathBuf};

use intake_core::{Category, Column, HeaderMap, Level};
use intake_i18n::Lang;
use intake_source::Source;
use intake_store::{ImportRecord, ImportStatus, JobOptions, NewImport, NewLogLine, Store, phase};

use crate::error::ImportError;
use crate::run::{
    ImportOptions, ImportOutcome, MatchKey, Mode, Progress, ServiceOptions, fingerprint, run_import,
};

/// What a person asked for when they sent a file to the server.
#[derive(Clone, Debug)]
pub struct QueuedImport {
    /// The server's copy of the file (never a path the client gave).
    pub path: PathBuf,
    /// The file's name as the person knows it.
    pub file_name: String,
    /// The import's name (default: `file_name` without its extension).
    pub name: Option<String>,
    /// The mode.
    pub mode: Mode,
    /// How a service matches and merges rows.
    pub service: ServiceOptions,
    /// Read, check and match everything; write nothing.
    pub dry_run: bool,
    /// Who sent it.
    pub created_by: String,
    /// Their institution.
    pub institution_id: i64,
    /// Whom to email at the end, and in which language.
    pub job: JobOptions,
}

impl QueuedImport {
    /// The name the import gets.
    pub fn import_name(&self) -> String {
        match &self.name {
            Some(n) if !n.trim().is_empty() => n.trim().to_string(),
            _ => Path::new(&self.file_name)
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .filter(|s| !s.trim().is_empty())
                .unwrap_or_else(|| "import".into()),
        }
    }
}

/// Checks that a file can be imported (a readable CSV or workbook with a
/// header, and an email column in create mode) and records it as queued for
/// a worker; returns the import's id. A file refused here records nothing.
///
/// # Errors
///
/// The same refusals as [`crate::run_import`] before it starts.
pub fn enqueue_import(store: &mut dyn Store, queued: &QueuedImport) -> Result<i64, ImportError> {
    let path = &queued.path;
    let source = Source::open(path)?;
    let (map, _) = HeaderMap::new(&source.header().to_vec());
    if queued.mode == Mode::Create && !map.has(Column::Email) && !map.is_extended() {
        return Err(ImportError::NoEmailColumn {
            path: PathBuf::from(&queued.file_name),
        });
    }
    let key = match queued.service.match_on {
        Some(MatchKey::ContactNumber) => Column::ContactNumber,
        Some(MatchKey::Email) => Column::Email,
        None if map.has(Column::ContactNumber) => Column::ContactNumber,
        None => Column::Email,
    };
    if queued.mode != Mode::Create && !map.has(key) {
        return Err(ImportError::NoKeyColumn {
            path: PathBuf::from(&queued.file_name),
            column: key.name(),
            mode: queued.mode.as_str(),
        });
    }
    drop(source);
    let (file_size, fingerprint) =
        fingerprint(path).map_err(|source| intake_source::SourceError::Open {
            path: path.clone(),
            source,
        })?;
    let id = store.enqueue_import(
        &NewImport {
            institution_id: queued.institution_id,
            name: queued.import_name(),
            file_name: queued.file_name.clone(),
            mode: queued.mode,
            dry_run: queued.dry_run,
            created_by: queued.created_by.clone(),
            file_path: path.display().to_string(),
            file_size,
            fingerprint,
            options: queued.service.encode(),
        },
        &queued.job,
    )?;
    Ok(id)
}

/// Runs an import claimed from the queue ([`Store::claim_import`]) to its
/// end. Whatever stops it, the import does not stay "running": a file that
/// cannot be read any more marks it failed with the reason in its log,
/// which names the file as its person knows it (`record.file_name`), never
/// the server's copy. An internal error ([`ImportError::is_internal`]) is
/// given to `incident`, which reports it where the operator reads it and
/// returns the reference the log gives instead of its text.
///
/// # Errors
///
/// As [`run_import`].
pub fn run_job(
    store: &mut dyn Store,
    record: ImportRecord,
    lang: Lang,
    progress: &dyn Progress,
    incident: &dyn Fn(&ImportError) -> String,
) -> Result<ImportOutcome, ImportError> {
    let (id, institution_id) = (record.id, record.institution_id);
    let file_name = record.file_name.clone();
    let options = ImportOptions {
        path: PathBuf::new(),
        name: None,
        mode: record.mode,
        service: ServiceOptions::default(),
        dry_run: record.dry_run,
        check_duplicates: false,
        created_by: record.created_by.clone(),
        rejects: None,
        lang,
        resume: None,
        institution: Some(institution_id),
        // A job waits for the command line's import before it, its live
        // progress saying so.
        wait: true,
        job: Some(record),
    };
    let result = run_import(store, &options, progress);
    if let Err(e) = &result
        && let Ok(Some(r)) = store.import(institution_id, id)
        && r.status == ImportStatus::Running
    {
        let line = if e.is_internal() {
            summary_line(
                Level::Error,
                "log-failed-internal",
                vec![("incident", incident(e))],
            )
        } else {
            let error = e.message_naming(lang, Some(&file_name));
            summary_line(Level::Error, "log-failed", vec![("error", error)])
        };
        let _ = store.fail_import(id, &line);
    }
    result
}

/// A line for the end of an import's log (server events: a requeued job,
/// an email that could not be sent, …).
pub fn summary_line(level: Level, message_id: &str, args: Vec<(&str, String)>) -> NewLogLine {
    crate::log_lines::line(phase::SUMMARY, level, Category::Summary, message_id, args)
}

//! One import, from file to base.

use std::borrow::Cow;
use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

pub use intake_core::Mode;
use intake_core::issue::shown;
use intake_core::{
    Category, Column, ContactDraft, HeaderFinding, HeaderMap, IssueCode, Level, RowIssue, RowRules,
};
use intake_source::{Format, Row, Source, SourceInfo};
use intake_store::{
    Checkpoint, Counts, FileFacts, ImportFinish, ImportRecord, ImportSession, ImportStatus,
    NewContact, NewImport, NewLogLine, Store, phase,
};

use jiff::Timestamp;

use crate::error::{ImportError, ResumeRefusal};
use crate::keys::{BaseEmails, FirstRows, KeyHash};
use crate::message::issue_message_id;
use crate::pipeline::{BATCH, Checker, for_each_checked};
use crate::rejects::RejectsWriter;

/// Size and a fingerprint of a file (`xxh3:` and the 64-bit XXH3 of every
/// byte, in hex): a resume refuses a file that is not the one its import
/// started with.
pub(crate) fn fingerprint(path: &std::path::Path) -> std::io::Result<(u64, String)> {
    fingerprint_until(path, &AtomicBool::new(false))
}

/// [`fingerprint`], stopping with an error as soon as `stop` is set.
fn fingerprint_until(path: &std::path::Path, stop: &AtomicBool) -> std::io::Result<(u64, String)> {
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let size = read_all_until(path, stop, |bytes| hash.update(bytes))?;
    Ok((size, format!("xxh3:{:016x}", hash.digest())))
}

/// The fingerprint of `path` in the kind `recorded` is: imports recorded
/// before XXH3 hold 16 hex digits of a 64-bit FNV-1a, which is 30 times
/// slower to compute, so it is only computed to resume one of those.
pub(crate) fn fingerprint_like(
    path: &std::path::Path,
    recorded: &str,
) -> std::io::Result<(u64, String)> {
    if recorded.len() != 16 || recorded.contains(':') {
        return fingerprint(path);
    }
    let mut hash = 0xcbf2_9ce4_8422_2325u64;
    let size = read_all(path, |bytes| {
        for b in bytes {
            hash = (hash ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
        }
    })?;
    Ok((size, format!("{hash:016x}")))
}

/// Reads a file through in 64 KiB pieces; returns its size.
fn read_all(path: &std::path::Path, each: impl FnMut(&[u8])) -> std::io::Result<u64> {
    read_all_until(path, &AtomicBool::new(false), each)
}

/// [`read_all`], stopping with an error as soon as `stop` is set.
fn read_all_until(
    path: &std::path::Path,
    stop: &AtomicBool,
    mut each: impl FnMut(&[u8]),
) -> std::io::Result<u64> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let mut buf = vec![0u8; 1 << 16];
    let mut size = 0u64;
    loop {
        if stop.load(Ordering::Relaxed) {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "the import ended first",
            ));
        }
        let n = file.read(&mut buf)?;
        if n == 0 {
            return Ok(size);
        }
        size += n as u64;
        each(&buf[..n]);
    }
}

/// A new import's file being fingerprinted on a thread of its own while it
/// runs. Dropped before it is waited for (the import failed, was cancelled
/// or refused), the thread stops reading.
pub(crate) struct Fingerprinting {
    path: PathBuf,
    stop: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<std::io::Result<(u64, String)>>>,
}

impl Fingerprinting {
    fn start(path: &std::path::Path) -> Result<Fingerprinting, ImportError> {
        let stop = Arc::new(AtomicBool::new(false));
        let (file, stopped) = (path.to_path_buf(), stop.clone());
        let thread = std::thread::Builder::new()
            .name("intake-fingerprint".into())
            .spawn(move || fingerprint_until(&file, &stopped))
            .map_err(ImportError::Thread)?;
        Ok(Fingerprinting {
            path: path.to_path_buf(),
            stop,
            thread: Some(thread),
        })
    }

    /// The file's size and fingerprint, as [`fingerprint`] gives them.
    fn wait(mut self) -> Result<(u64, String), ImportError> {
        let open = |source| intake_source::SourceError::Open {
            path: self.path.clone(),
            source,
        };
        let thread = self
            .thread
            .take()
            .ok_or_else(|| open(std::io::Error::other("the fingerprint was taken")))?;
        Ok(thread
            .join()
            .map_err(|_| {
                open(std::io::Error::other(
                    "the fingerprint could not be computed",
                ))
            })?
            .map_err(open)?)
    }
}

impl Drop for Fingerprinting {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// What a row of a service (every mode but create) is matched on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MatchKey {
    /// The email (basic format: names, criteria and authorizations only).
    Email,
    /// The contact number (extended format: every field).
    ContactNumber,
}

impl MatchKey {
    /// `email` or `contact-number`.
    pub fn as_str(self) -> &'static str {
        match self {
            MatchKey::Email => "email",
            MatchKey::ContactNumber => "contact-number",
        }
    }
}

/// How a row's `criterion:` cells meet the elements a contact has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CriteriaMode {
    /// Add the row's elements to the contact's.
    Add,
    /// The row's elements replace the contact's, criterion by criterion.
    Replace,
}

/// The options of a service, kept with the import so that a job or a
/// resume runs it the same way.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub struct ServiceOptions {
    /// What rows are matched on (default: the contact number when the file
    /// has that column, else the email).
    pub match_on: Option<MatchKey>,
    /// Criteria: add or replace (default: replace in update and upsert,
    /// add in qualify).
    pub criteria: Option<CriteriaMode>,
    /// Let the file turn a stored "no" into "yes".
    pub allow_consent_upgrade: bool,
}

impl ServiceOptions {
    /// `match=email criteria=add consent-upgrade`: how the options are kept.
    pub fn encode(&self) -> String {
        let mut parts = Vec::new();
        if let Some(m) = self.match_on {
            parts.push(format!("match={}", m.as_str()));
        }
        if let Some(c) = self.criteria {
            parts.push(
                match c {
                    CriteriaMode::Add => "criteria=add",
                    CriteriaMode::Replace => "criteria=replace",
                }
                .to_string(),
            );
        }
        if self.allow_consent_upgrade {
            parts.push("consent-upgrade".into());
        }
        parts.join(" ")
    }

    /// Reads what [`ServiceOptions::encode`] wrote (unknown words ignored).
    pub fn decode(s: &str) -> ServiceOptions {
        let mut o = ServiceOptions::default();
        for word in s.split_whitespace() {
            match word {
                "match=email" => o.match_on = Some(MatchKey::Email),
                "match=contact-number" => o.match_on = Some(MatchKey::ContactNumber),
                "criteria=add" => o.criteria = Some(CriteriaMode::Add),
                "criteria=replace" => o.criteria = Some(CriteriaMode::Replace),
                "consent-upgrade" => o.allow_consent_upgrade = true,
                _ => {}
            }
        }
        o
    }
}

/// What the user asked for.
#[derive(Clone, Debug)]
pub struct ImportOptions {
    /// The file to read.
    pub path: PathBuf,
    /// The import's name (default: the file name without extension).
    pub name: Option<String>,
    /// The mode.
    pub mode: Mode,
    /// How a service matches and merges rows.
    pub service: ServiceOptions,
    /// Read, check and match everything; write nothing to the contact base.
    pub dry_run: bool,
    /// Who runs it.
    pub created_by: String,
    /// Where to write the rejected and skipped rows, if anywhere.
    pub rejects: Option<PathBuf>,
    /// The language of the rejects' error column.
    pub lang: intake_i18n::Lang,
    /// Resume this interrupted import instead of starting a new one (its
    /// file is `path`, or the recorded one when `path` is empty).
    pub resume: Option<i64>,
    /// The institution to import into (default: the base's first).
    pub institution: Option<i64>,
    /// Wait for another writer of the institution to finish (the default);
    /// `false`: refuse at once ([`ImportError::Busy`]).
    pub wait: bool,
    /// Run this queued import, which the caller claimed from the queue
    /// ([`Store::claim_import`]): its file, name, mode and dry-run flag are
    /// the recorded ones; a job put back in the queue after an
    /// interruption resumes from its checkpoint.
    pub job: Option<ImportRecord>,
}

impl ImportOptions {
    /// The name the import gets: the given one, or the file's stem.
    pub fn import_name(&self) -> String {
        match &self.name {
            Some(n) if !n.trim().is_empty() => n.trim().to_string(),
            _ => self
                .path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| "import".into()),
        }
    }
}

/// The stage an import is in, for progress displays.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    /// Waiting for another writer of the institution to finish.
    Waiting,
    /// Reading, checking and matching rows.
    Reading,
    /// Committing to the contact base.
    Writing,
    /// Finished.
    Done,
}

/// Receives progress while an import runs.
pub trait Progress {
    /// Called after every batch: the phase, rows read so far, and the
    /// fraction of the file read (0 to 1).
    fn update(&self, phase: Phase, rows: u64, fraction: f64);

    /// Asked after every batch: whether to stop (a request made in another
    /// process is seen at the next checkpoint instead).
    fn cancelled(&self) -> bool {
        false
    }

    /// Called once when the import waits for another writer of its
    /// institution to finish (see [`intake_store::lock`]): who, when known.
    fn waiting(&self, _holder: Option<&intake_store::LockHolder>) {}
}

impl Progress for () {
    fn update(&self, _: Phase, _: u64, _: f64) {}
}

/// How an import ended.
#[derive(Clone, Debug)]
pub struct ImportOutcome {
    /// Its id.
    pub import_id: i64,
    /// Its name.
    pub name: String,
    /// Its mode.
    pub mode: Mode,
    /// Whether it was a dry run.
    pub dry_run: bool,
    /// Final status.
    pub status: ImportStatus,
    /// What the file was.
    pub file: FileFacts,
    /// The counts.
    pub counts: Counts,
    /// Wall time.
    pub duration: Duration,
    /// Rows written to the rejects file.
    pub rejects_written: u64,
}

/// The message of the closing line.
fn summary_id(mode: Mode, dry_run: bool) -> &'static str {
    match (mode == Mode::Create, dry_run) {
        (true, false) => "log-finished",
        (true, true) => "log-finished-dry-run",
        (false, false) => "log-finished-service",
        (false, true) => "log-finished-service-dry-run",
    }
}

impl ImportOutcome {
    /// The closing sentence of the log ("Import finished: …"), in `lang`.
    pub fn summary(&self, lang: intake_i18n::Lang) -> String {
        let c = self.counts;
        intake_i18n::text(
            lang,
            summary_id(self.mode, self.dry_run),
            &[
                ("created", c.created.to_string().into()),
                ("updated", c.updated.to_string().into()),
                ("unchanged", c.unchanged.to_string().into()),
                ("skipped", c.skipped.to_string().into()),
                ("rejected", c.rejected.to_string().into()),
                ("rows", c.rows.to_string().into()),
                ("duration", duration_label(self.duration).into()),
            ],
        )
    }
}

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

pub(crate) fn line(
    phase: u8,
    level: Level,
    category: Category,
    message_id: &str,
    args: Vec<(&str, String)>,
) -> NewLogLine {
    NewLogLine {
        phase,
        at: Timestamp::now(),
        level,
        category,
        row: None,
        column: None,
        code: None,
        value: None,
        outcome: None,
        message_id: message_id.to_string().into(),
        args: args.into_iter().map(|(k, v)| (k.to_string(), v)).collect(),
        subject: None,
    }
}

pub(crate) fn issue_line(row: u64, issue: RowIssue, outcome: Cow<'static, str>) -> NewLogLine {
    let phase = if issue.code.is_conflict() || !issue.code.blocks() {
        phase::CONFLICTS
    } else {
        phase::FORMAT
    };
    let column = issue.column.map(|c| match (c, issue.arg("code")) {
        (Column::Criterion | Column::Authorization, Some(code)) => {
            Cow::Owned(format!("{}:{code}", c.name()))
        }
        _ => Cow::Borrowed(c.name()),
    });
    let message_id = issue_message_id(&issue);
    NewLogLine {
        phase,
        at: Timestamp::now(),
        level: issue.code.level(),
        category: issue.code.category(),
        row: Some(row),
        column,
        code: Some(Cow::Borrowed(issue.code.as_str())),
        value: Some(issue.value),
        outcome: Some(outcome),
        message_id,
        args: issue
            .args
            .into_iter()
            .map(|(k, v)| (k.to_string(), v))
            .collect(),
        subject: None,
    }
}

/// The line written on an import whose process ended before it did.
pub fn interrupted_line() -> NewLogLine {
    line(
        phase::SUMMARY,
        Level::Error,
        Category::Summary,
        "log-interrupted",
        vec![],
    )
}

fn separator_label(sep: u8) -> String {
    match sep {
        b'\t' => "TAB".into(),
        other => (other as char).to_string(),
    }
}

fn duration_label(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs < 60.0 {
        format!("{secs:.1} s")
    } else {
        let s = d.as_secs();
        format!("{} min {:02} s", s / 60, s % 60)
    }
}

fn file_facts(info: &SourceInfo, rows: u64) -> FileFacts {
    FileFacts {
        format: info.format.as_str().to_string(),
        encoding: info.encoding.map(|e| e.label().to_string()),
        separator: info.separator.map(separator_label),
        rows,
    }
}

fn header_lines(findings: &[HeaderFinding]) -> Vec<NewLogLine> {
    findings
        .iter()
        .map(|f| {
            let (id, args) = match f {
                // A header is shown as any value (a NUL in it would stop
                // PostgreSQL from storing the line).
                HeaderFinding::Unknown { position, header } => (
                    "log-header-unknown",
                    vec![
                        ("position", position.to_string()),
                        ("header", shown(header).into_owned()),
                    ],
                ),
                HeaderFinding::NotImported { position, header } => (
                    "log-header-not-imported",
                    vec![
                        ("position", position.to_string()),
                        ("header", shown(header).into_owned()),
                    ],
                ),
                HeaderFinding::Duplicate {
                    position,
                    header,
                    column,
                } => (
                    "log-header-duplicate",
                    vec![
                        ("position", position.to_string()),
                        ("header", shown(header).into_owned()),
                        ("column", column.name().to_string()),
                    ],
                ),
                HeaderFinding::Empty { position } => {
                    ("log-header-empty", vec![("position", position.to_string())])
                }
            };
            line(
                phase::READING,
                Level::Warning,
                Category::Initialisation,
                id,
                args,
            )
        })
        .collect()
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
    let job = options.job.clone();
    // A job's log names its file as its person knows it, never the
    // server's copy.
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
    // A resume checks the file is the one it started with before anything
    // else. A new import fingerprints its file on a thread of its own while
    // it runs, and records it with its first checkpoint (a resume of one
    // that committed nothing starts over: any file will do).
    let fingerprint_later = resumed
        .as_ref()
        .is_none_or(|r| r.fingerprint.is_empty() && r.checkpoint_row.is_none());
    let file_size =
        match &resumed {
            Some(record) if !(record.fingerprint.is_empty() && record.checkpoint_row.is_none()) => {
                let (file_size, fingerprint) = fingerprint_like(&path, &record.fingerprint)
                    .map_err(|source| intake_source::SourceError::Open {
                        path: path.clone(),
                        source,
                    })?;
                if record.file_size != file_size || record.fingerprint != fingerprint {
                    return Err(ImportError::Resume {
                        id: record.id,
                        why: ResumeRefusal::FileChanged { path },
                    });
                }
                file_size
            }
            _ => std::fs::metadata(&path)
                .map_err(|source| intake_source::SourceError::Open {
                    path: path.clone(),
                    source,
                })?
                .len(),
        };
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
            path,
            column: key_column.name(),
            mode: mode.as_str(),
        });
    }
    let criteria_mode = service.criteria.unwrap_or(match mode {
        Mode::Qualify => CriteriaMode::Add,
        _ => CriteriaMode::Replace,
    });
    let service = ServiceOptions {
        match_on: Some(match_on),
        criteria: Some(criteria_mode),
        allow_consent_upgrade: service.allow_consent_upgrade,
    };
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
        let holder = intake_store::LockHolder {
            import_id: resumed.as_ref().map(|r| r.id),
            what: "import".into(),
            started_by: resumed
                .as_ref()
                .map_or_else(|| options.created_by.clone(), |r| r.created_by.clone()),
            since: Timestamp::now(),
        };
        // A cancel while waiting stops the wait, unless the import wrote
        // before (a resume): then its undo needs the lock, and the cancel
        // is seen once it holds it, at the first batch.
        match crate::writer::take(
            store,
            institution.id,
            &holder,
            options.wait,
            progress,
            !started_before,
        ) {
            Ok(taken) => Some(taken),
            // A job cancelled before it wrote anything: cancelled, not
            // failed (a command's own resume just stops: still resumable).
            Err(ImportError::Cancelled { .. }) if options.job.is_some() => {
                let Some(record) = resumed else {
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
                return Ok(ImportOutcome {
                    import_id: record.id,
                    name: record.name,
                    mode,
                    dry_run: record.dry_run,
                    status: ImportStatus::Cancelled,
                    file: FileFacts::default(),
                    counts: Counts::default(),
                    duration: started.elapsed(),
                    rejects_written: 0,
                });
            }
            Err(e) => return Err(e),
        }
    };
    // Another process may have taken up the same import while this one
    // waited for the lock (or checked its file): what was checked must
    // still be what is resumed.
    if let (Some(record), None) = (&resumed, &options.job) {
        let now = resumable(store, institution.id, record.id)?;
        if now.checkpoint_row != record.checkpoint_row || now.fingerprint != record.fingerprint {
            return Err(ImportError::Resume {
                id: record.id,
                why: ResumeRefusal::MovedOn,
            });
        }
    }
    let (import_id, name, dry_run, resume_from) = match resumed {
        Some(record) => {
            if !record.job || options.job.is_none() {
                store.reopen_import(record.id)?;
            }
            let from = Checkpoint {
                last_row: record.checkpoint_row.unwrap_or(0),
                counts: record.counts,
                progress: record.progress,
            };
            (
                record.id,
                record.name,
                record.dry_run,
                record.checkpoint_row.map(|_| from),
            )
        }
        None => {
            let name = options.import_name();
            let id = store.begin_import(&NewImport {
                institution_id: institution.id,
                name: name.clone(),
                file_name: path
                    .file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_default(),
                mode,
                dry_run: options.dry_run,
                created_by: options.created_by.clone(),
                file_path: std::fs::canonicalize(&path)
                    .unwrap_or_else(|_| path.clone())
                    .display()
                    .to_string(),
                file_size,
                // Recorded with the first checkpoint.
                fingerprint: String::new(),
                options: service.encode(),
            })?;
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
    let rules = RowRules {
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
    };
    // A failure from here on is recorded on the import (the `Err` arm below).
    // A panic on this thread (a bug) fails the import like any error: it
    // never reaches the caller, a server's worker or the command line (the
    // pipeline's own threads already stop on one: `ImportError::Stopped`).
    let run_it = || {
        let mut session = store.import_session(import_id)?;
        // Every email already in the base, with its contact's number (24
        // bytes a contact): created rows are matched against it without a
        // query. The services ask the base batch by batch.
        let mut base_emails = BaseEmails::default();
        if mode == Mode::Create {
            session.for_each_email_key(&mut |key, number| base_emails.push(key, number))?;
            base_emails.seal();
        }
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
            file: shown_name.unwrap_or_else(|| {
                path.file_name()
                    .map(|f| f.to_string_lossy().into_owned())
                    .unwrap_or_else(|| path.display().to_string())
            }),
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
    match result {
        Ok(Ran {
            counts,
            file,
            rejects_written,
        }) => {
            if let Some(r) = rejects {
                r.finish()?;
            }
            if mode.is_irreversible() && !dry_run {
                // The uploads that hold the people erased go too: this run's
                // own, and those of the imports whose logs named them (in
                // any batch, before a resume too: marked as they were).
                let mut uploads =
                    intake_store::services::uploads_to_erase(store.sql(), institution.id)?;
                uploads.push(import_id);
                // The base is compacted even when an upload stayed: the
                // values erased from it go from its free pages either way.
                let erased = crate::retention::erase_uploads(store, institution.id, &uploads);
                if counts.updated > 0 {
                    store.compact()?;
                }
                erased?;
            }
            progress.update(Phase::Done, counts.rows, 1.0);
            Ok(ImportOutcome {
                import_id,
                name,
                mode,
                dry_run,
                status: ImportStatus::Completed,
                file,
                counts,
                duration: started.elapsed(),
                rejects_written,
            })
        }
        Err(ImportError::Cancelled { last_row }) => {
            discard(
                store,
                mode,
                institution.id,
                import_id,
                ImportStatus::Cancelled,
                &line(
                    phase::SUMMARY,
                    Level::Warning,
                    Category::Summary,
                    "log-cancelled",
                    vec![("row", last_row.to_string())],
                ),
            )?;
            Ok(ImportOutcome {
                import_id,
                name,
                mode,
                dry_run,
                status: ImportStatus::Cancelled,
                file: FileFacts::default(),
                counts: Counts::default(),
                duration: started.elapsed(),
                rejects_written: 0,
            })
        }
        Err(e) => {
            let error = e.message(options.lang);
            if matches!(e, ImportError::Source(_)) {
                // The file was refused half-way: what earlier checkpoints
                // committed goes too, so that "nothing of it was written"
                // holds for a file refused at its last row. When even that
                // fails (the base is gone), the import stays running and
                // the next command marks it interrupted and resumable.
                let failed = line(
                    phase::SUMMARY,
                    Level::Error,
                    Category::Summary,
                    "log-failed",
                    vec![("error", error)],
                );
                let _ = discard(
                    store,
                    mode,
                    institution.id,
                    import_id,
                    ImportStatus::Failed,
                    &failed,
                );
                return Err(e);
            }
            // The base refused a write (a rule of its own, a full disk): what
            // the checkpoints committed stays, and the import resumes from
            // there once the cause is fixed.
            let committed = store
                .import(institution.id, import_id)
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
                        ("id", import_id.to_string()),
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
            let _ = store.fail_import(import_id, &failed);
            Err(e)
        }
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
        let (started, resume_from) = (self.started, self.resume_from);
        // Columns this mode does not change are not read (nor checked).
        let ignored = self.ignored_columns();
        let file = self.file.clone();
        let replay_until = resume_from.map(|c| c.last_row).unwrap_or(0);
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
        for (position, header) in &ignored {
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
                ("duration", duration_label(started.elapsed())),
            ],
        ));
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

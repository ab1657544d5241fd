//! One import, from file to base.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::time::Instant;

pub use intake_core::Mode;
use intake_core::issue::shown;
use intake_core::{
    Category, Column, ContactDraft, HeaderFinding, HeaderMap, IssueCode, Level, RowIssue, RowRules,
};
use intake_source::{Format, Row, Source};
use intake_store::{
    Checkpoint, Counts, FileFacts, ImportFinish, ImportSession, ImportStatus, NewContact,
    NewLogLine, Store, phase,
};

use crate::error::ImportError;
use crate::keys::{BaseEmails, FirstRows, KeyHash};
use crate::pipeline::{BATCH, Checker, for_each_checked};
use crate::rejects::RejectsWriter;

use crate::asked::{
    Asked, Writer, base_emails, cancelled_waiting, checked_file_size, file_name, new_import,
    read_through, resolved_service, resume_record, row_rules, still_resumable, take_writer,
};
use crate::ended::Ended;
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
        // The base's people met at the door, when asked (create only).
        let door = if options.check_duplicates && mode == Mode::Create {
            let people = crate::duplicates::people_of_base(store, institution.id)?;
            (!people.is_empty()).then(|| people.into_door())
        } else {
            None
        };
        let mut session = store.import_session(import_id)?;
        let base_emails = base_emails(session.as_mut(), mode)?;
        let run = Run {
            mode,
            service,
            institution_id: institution.id,
            created_by: options.created_by.clone(),
            map: map.clone(),
            numbers_seen: HashMap::new(),
            taken_numbers: None,
            structures_seen: HashMap::new(),
            rules: rules.clone(),
            base_emails,
            door,
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

/// What a run that went to its end did.
pub(crate) struct Ran {
    pub(crate) counts: Counts,
    pub(crate) file: FileFacts,
    pub(crate) rejects_written: u64,
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
    /// The numbers of the base (and those this import gave since), read
    /// at the first batch with legacy numbers.
    pub(crate) taken_numbers: Option<HashSet<i64>>,
    /// Structure name key → (address key, row, number once created).
    pub(crate) structures_seen: HashMap<String, Vec<(String, u64, Option<i64>)>>,
    /// The emails in the base when the import started.
    pub(crate) base_emails: BaseEmails,
    /// The base's people, when new rows are checked for look-alikes.
    pub(crate) door: Option<intake_duplicates::Door>,
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
        if self.door.is_some() {
            self.check_lookalikes(batch);
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

    /// Notes on each row still to be created that looks like a contact of
    /// the base (another email: the same one was found above) which one,
    /// how sure, and which fields are alike.
    fn check_lookalikes(&self, batch: &mut [Pending<'_>]) {
        let Some(door) = &self.door else { return };
        for p in batch.iter_mut() {
            let Some(d) = &p.draft else { continue };
            let newcomer = crate::duplicates::person_of_draft(d);
            if let Some(found) = door.look(newcomer, intake_duplicates::LIKELY_DUPLICATE) {
                p.notes.push(RowIssue {
                    code: IssueCode::ContactPossibleDuplicate,
                    column: None,
                    value: String::new(),
                    args: vec![
                        ("contact_number", found.id),
                        ("score", format!("{:.2}", found.score)),
                        ("alike", found.alike.join(", ")),
                    ],
                });
            }
        }
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
        let numbers = self.session.insert_contacts(&contacts)?;
        if let Some(taken) = &mut self.taken_numbers {
            taken.extend(numbers.iter().copied());
        }
        Ok(numbers)
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

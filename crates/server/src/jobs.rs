//! The workers: a bounded pool of threads that take imports from the
//! durable queue in the store, run them with the engine, and send the
//! end-of-import email. Live progress of the imports they run is kept here
//! (finer than the store's checkpoints).

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use intake_core::{Category, Level};
use intake_engine::{Phase, Progress, run_job, summary_line};
use intake_i18n::Lang;
use intake_store::{ImportRecord, ImportStatus, LogFilter, Store};

use crate::error::{self, ServerError};
use crate::{AppState, mail};

/// How often an idle worker looks at the queue (uploads wake it at once).
const IDLE_POLL: Duration = Duration::from_secs(2);

/// Where an import run by this server stands.
#[derive(Clone, Debug)]
pub(crate) struct Live {
    pub phase: Phase,
    pub rows: u64,
    pub fraction: f64,
    pub started: Instant,
    /// Rows already done when this run started (a resumed job).
    pub rows_before: u64,
    /// The writer of the institution it waits for (phase `Waiting`).
    pub waiting_for: Option<intake_store::LockHolder>,
}

/// The workers' shared state.
#[derive(Default)]
pub(crate) struct Jobs {
    live: Mutex<HashMap<i64, Live>>,
    cancel: Mutex<HashSet<i64>>,
    stop: AtomicBool,
    wake: (Mutex<u64>, Condvar),
}

impl Jobs {
    /// Tells idle workers that the queue has something.
    pub fn wake(&self) {
        if let Ok(mut n) = self.wake.0.lock() {
            *n += 1;
        }
        self.wake.1.notify_all();
    }

    /// Asks the workers to end after their current import.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::SeqCst);
        self.wake();
    }

    pub fn live(&self, id: i64) -> Option<Live> {
        self.live.lock().ok().and_then(|m| m.get(&id).cloned())
    }

    /// Stops an import this server runs at its next batch.
    pub fn cancel(&self, id: i64) {
        if let Ok(mut c) = self.cancel.lock() {
            c.insert(id);
        }
    }

    fn idle_wait(&self) {
        if let Ok(guard) = self.wake.0.lock() {
            let seen = *guard;
            let _ = self
                .wake
                .1
                .wait_timeout_while(guard, IDLE_POLL, |n| *n == seen);
        }
    }
}

/// Puts back in the queue the jobs that a server killed in the middle left
/// behind (they resume from their last checkpoint): those still "running"
/// with a dead process, and those another command already marked
/// interrupted. Imports run from the command line are only marked failed,
/// as the command line does.
pub(crate) fn recover(store: &mut dyn Store) -> Result<(), ServerError> {
    let interrupted = intake_engine::interrupted_line();
    store.recover_interrupted(&interrupted)?;
    for institution in store.institutions()? {
        for record in store.imports(institution.id)? {
            if !record.job || record.status != ImportStatus::Failed {
                continue;
            }
            // The last error of its summary says why it failed.
            let errors = LogFilter {
                level: Some(Level::Error),
                category: Some(Category::Summary),
            };
            let (_, total) = store.log_page(institution.id, record.id, errors, 0, 0)?;
            let (last, _) = store.log_page(
                institution.id,
                record.id,
                errors,
                total.saturating_sub(1),
                1,
            )?;
            let last = last.first();
            if last.is_some_and(|l| l.line.message_id == interrupted.message_id) {
                store.requeue_import(
                    record.id,
                    &summary_line(Level::Warning, "log-requeued", vec![]),
                )?;
            }
        }
    }
    Ok(())
}

/// Starts the workers.
pub(crate) fn start(state: Arc<AppState>) -> Vec<JoinHandle<()>> {
    (0..state.config.workers)
        .filter_map(|i| {
            let state = state.clone();
            std::thread::Builder::new()
                .name(format!("intake-worker-{i}"))
                .spawn(move || worker(&state))
                .ok()
        })
        .collect()
}

fn worker(state: &AppState) {
    let jobs = &state.jobs;
    let mut store: Option<Box<dyn Store + Send>> = None;
    while !jobs.stop.load(Ordering::SeqCst) {
        if store.is_none() {
            match state.pool.open() {
                Ok(s) => store = Some(s),
                Err(e) => {
                    eprintln!("intake worker: cannot open the contact base: {e}");
                    jobs.idle_wait();
                    continue;
                }
            }
        }
        let Some(s) = store.as_mut() else { continue };
        match s.claim_import(state.config.lease) {
            Ok(Some(record)) => {
                let id = record.id;
                // A panic in a job fails that job, never the server: its
                // connection (maybe inside a transaction) is not used again.
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    run(state, s.as_mut(), record);
                }));
                if ran.is_err() {
                    store = None;
                    fail_after_panic(state, id);
                }
            }
            Ok(None) => jobs.idle_wait(),
            Err(e) => {
                eprintln!("intake worker: {e}");
                store = None;
                jobs.idle_wait();
            }
        }
    }
}

/// Records a job that panicked as failed, under an internal reference its
/// log gives (the panic's message went to stderr).
fn fail_after_panic(state: &AppState, id: i64) {
    let jobs = &state.jobs;
    if let Ok(mut live) = jobs.live.lock() {
        live.remove(&id);
    }
    if let Ok(mut c) = jobs.cancel.lock() {
        c.remove(&id);
    }
    let reference = error::report_internal(&format!("import {id}: the job stopped on a panic"));
    if let Ok(mut store) = state.pool.open() {
        let _ = store.fail_import(
            id,
            &summary_line(
                Level::Error,
                "log-failed-internal",
                vec![("incident", reference)],
            ),
        );
    }
}

/// Starts the keeper: a thread that, every quarter of the lease, renews
/// the leases of the jobs this server runs, and takes back the jobs of
/// servers that died (their process gone, a zombie included, or their
/// lease run out) while this one runs, not only when it starts.
pub(crate) fn start_keeper(state: Arc<AppState>) -> Option<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("intake-keeper".into())
        .spawn(move || keeper(&state))
        .ok()
}

/// How often the server applies each institution's retention period.
const RETENTION_EVERY: Duration = Duration::from_secs(24 * 3600);

fn keeper(state: &AppState) {
    let jobs = &state.jobs;
    let every = state.config.lease / 4;
    let mut store: Option<Box<dyn Store + Send>> = None;
    loop {
        if !pause(jobs, every) {
            return;
        }
        if store.is_none() {
            store = state.pool.open().ok();
        }
        let Some(s) = store.as_mut() else { continue };
        let running: Vec<i64> = jobs
            .live
            .lock()
            .map(|live| live.keys().copied().collect())
            .unwrap_or_default();
        let kept = intake_store::queue::renew_leases(s.sql(), &running, state.config.lease)
            .map_err(ServerError::from)
            .and_then(|()| take_back(s.as_mut()));
        match kept {
            Ok(true) => jobs.wake(),
            Ok(false) => {}
            Err(e) => {
                eprintln!("intake keeper: {e}");
                store = None;
            }
        }
    }
}

/// Waits `for_how_long`, or less if the server stops: whether it still
/// runs.
fn pause(jobs: &Jobs, for_how_long: Duration) -> bool {
    if let Ok(guard) = jobs.wake.0.lock() {
        let _ = jobs
            .wake
            .1
            .wait_timeout_while(guard, for_how_long, |_| !jobs.stop.load(Ordering::SeqCst));
    }
    !jobs.stop.load(Ordering::SeqCst)
}

/// Starts the thread that applies the institutions' retention periods
/// soon after the server starts, then once a day. A thread and a
/// connection of its own: a long erase never holds up the keeper's
/// lease renewals (a lease run out would hand a running job to another
/// server).
pub(crate) fn start_retention(state: Arc<AppState>) -> Option<JoinHandle<()>> {
    std::thread::Builder::new()
        .name("intake-retention".into())
        .spawn(move || {
            let mut wait = state.config.lease / 4;
            while pause(&state.jobs, wait) {
                wait = RETENTION_EVERY;
                let applied = state
                    .pool
                    .open()
                    .map_err(ServerError::from)
                    .and_then(|mut store| apply_retention(store.as_mut()));
                if let Err(e) = applied {
                    eprintln!("intake retention: {e}");
                    // Tried again within the hour rather than tomorrow.
                    wait = Duration::from_secs(3600);
                }
            }
        })
        .ok()
}

/// Applies every institution's retention period, saying on stderr what
/// went (in the institution's language).
fn apply_retention(store: &mut dyn Store) -> Result<(), ServerError> {
    for institution in store.institutions()? {
        let lang = Lang::parse(institution.default_language.as_str()).unwrap_or_default();
        match intake_engine::apply_retention(store, institution.id, jiff::Timestamp::now(), false) {
            Ok(done) if done.imports > 0 => {
                eprintln!(
                    "intake retention: {}: {}",
                    institution.code,
                    done.sentence(false, lang)
                );
            }
            Ok(_) => {}
            Err(e) => eprintln!(
                "intake retention: {}: {}",
                institution.code,
                e.message(lang)
            ),
        }
    }
    Ok(())
}

/// Marks interrupted the imports whose process died, and puts back in the
/// queue the jobs among them; whether it took any back.
fn take_back(store: &mut dyn Store) -> Result<bool, ServerError> {
    let interrupted = intake_engine::interrupted_line();
    if store.recover_interrupted(&interrupted)?.is_empty() {
        return Ok(false);
    }
    recover(store)?;
    Ok(true)
}

struct JobProgress<'a> {
    id: i64,
    jobs: &'a Jobs,
}

impl Progress for JobProgress<'_> {
    fn update(&self, phase: Phase, rows: u64, fraction: f64) {
        if let Ok(mut live) = self.jobs.live.lock()
            && let Some(l) = live.get_mut(&self.id)
        {
            l.phase = phase;
            l.rows = rows;
            l.fraction = fraction;
        }
    }

    fn waiting(&self, holder: Option<&intake_store::LockHolder>) {
        if let Ok(mut live) = self.jobs.live.lock()
            && let Some(l) = live.get_mut(&self.id)
        {
            l.phase = Phase::Waiting;
            l.waiting_for = holder.cloned();
        }
    }

    fn cancelled(&self) -> bool {
        self.jobs
            .cancel
            .lock()
            .map(|c| c.contains(&self.id))
            .unwrap_or(false)
    }
}

fn run(state: &AppState, store: &mut dyn Store, record: ImportRecord) {
    let jobs = &state.jobs;
    let id = record.id;
    let lang = record
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_default();
    if let Ok(mut live) = jobs.live.lock() {
        live.insert(
            id,
            Live {
                phase: Phase::Reading,
                rows: record.counts.rows,
                fraction: record.progress,
                started: Instant::now(),
                rows_before: record.counts.rows,
                waiting_for: None,
            },
        );
    }
    let notify = record.notify.clone();
    let institution_id = record.institution_id;
    let progress = JobProgress { id, jobs };
    // An internal failure is reported under a reference, which its log
    // gives instead of the reason.
    let reported = std::cell::Cell::new(false);
    let incident = |e: &intake_engine::ImportError| {
        reported.set(true);
        error::report_internal(&format!("import {id}: {}", e.message(Lang::En)))
    };
    // (The engine erases the upload of an anonymize or a delete, and those
    // that held the people it erased.)
    match run_job(store, record, lang, &progress, &incident) {
        Ok(_) => {}
        Err(_) if reported.get() => {}
        Err(e) => eprintln!("intake worker: import {id}: {}", e.message(Lang::En)),
    }
    if let Ok(mut live) = jobs.live.lock() {
        live.remove(&id);
    }
    if let Ok(mut c) = jobs.cancel.lock() {
        c.remove(&id);
    }
    let (Some(to), Some(smtp)) = (notify, state.config.smtp_url.as_deref()) else {
        return;
    };
    let Ok(Some(ended)) = store.import(institution_id, id) else {
        return;
    };
    let link = format!("{}/imports/{id}", state.public_url());
    if let Err(error) =
        mail::send_end_of_import(smtp, &state.config.smtp_from, &to, &ended, lang, &link)
    {
        // A failed email is a warning in the log, never a failed import.
        let _ = store.add_log_line(
            id,
            &summary_line(
                Level::Warning,
                "log-mail-failed",
                vec![("to", to.clone()), ("error", error)],
            ),
        );
    }
}

//! Taking an institution's writer lock before writing into it (an import
//! of any mode but a dry run, an undo): waiting for the writer before,
//! saying for whom, or refusing at once when asked not to wait.

use std::time::{Duration, Instant};

use intake_i18n::{Lang, text};
use intake_store::{LockHolder, Store, WriterLock};

use crate::error::ImportError;
use crate::run::Progress;

/// For whom a writer waited (when known), and how long.
pub(crate) type Waited = (Option<LockHolder>, Duration);

/// How often the lock is asked for again while another writer holds it.
const POLL: Duration = Duration::from_millis(200);

/// The institution's writer lock, taken for `holder`: when another writer
/// holds it, waits for it (telling `progress` for whom, once), unless
/// `wait` is false: then [`ImportError::Busy`] names it. A cancel asked
/// while waiting stops the wait ([`ImportError::Cancelled`]) when
/// `stoppable`. Returns the lock, and for whom it waited and how long, if
/// it did.
pub(crate) fn take(
    store: &mut dyn Store,
    institution_id: i64,
    holder: &LockHolder,
    wait: bool,
    progress: &dyn Progress,
    stoppable: bool,
) -> Result<(WriterLock, Option<Waited>), ImportError> {
    let started = Instant::now();
    let mut waited_for: Option<Option<LockHolder>> = None;
    let mut told: Option<Option<LockHolder>> = None;
    let mut cancelled = false;
    let lock = store.lock_writer(institution_id, holder, &mut |held_by| {
        if !wait {
            waited_for = Some(held_by.cloned());
            return false;
        }
        // The writer that just took the lock names itself a moment later:
        // told once it has, or after a second without.
        let known = held_by.filter(|h| h.import_id.is_some());
        let news = match &told {
            None => known.is_some() || started.elapsed() >= Duration::from_secs(1),
            Some(before) => known.is_some() && known != before.as_ref(),
        };
        if news {
            progress.waiting(known);
            told = Some(known.cloned());
        }
        waited_for = Some(held_by.cloned());
        if stoppable && progress.cancelled() {
            cancelled = true;
            return false;
        }
        std::thread::sleep(POLL);
        true
    })?;
    match lock {
        Some(lock) => Ok((lock, waited_for.map(|h| (h, started.elapsed())))),
        None if cancelled => Err(ImportError::Cancelled { last_row: 0 }),
        None => Err(ImportError::Busy {
            holder: waited_for.flatten(),
        }),
    }
}

/// The arguments that name a writer in a message: `what` (import or
/// undo), `id`, `who`, `since`.
pub(crate) fn holder_args(holder: &LockHolder) -> Vec<(&'static str, String)> {
    vec![
        ("what", holder.what.clone()),
        (
            "id",
            holder
                .import_id
                .map(|id| id.to_string())
                .unwrap_or_else(|| "?".into()),
        ),
        ("who", holder.started_by.clone()),
        (
            "since",
            holder
                .since
                .to_zoned(jiff::tz::TimeZone::system())
                .strftime("%d.%m.%Y %H:%M:%S")
                .to_string(),
        ),
    ]
}

/// "Waiting for import 12 (started by alice on 07.12.2026 10:02:11) to
/// finish writing into this institution…", in `lang`.
pub fn waiting_message(holder: Option<&LockHolder>, lang: Lang) -> String {
    match holder {
        Some(h) => {
            let args: Vec<(&str, intake_i18n::Arg<'_>)> = holder_args(h)
                .into_iter()
                .map(|(k, v)| (k, v.into()))
                .collect();
            text(lang, "waiting-for-writer", &args)
        }
        None => text(lang, "waiting-for-writer-unknown", &[]),
    }
}

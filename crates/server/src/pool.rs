//! A bounded set of connections to the store, reused between requests.
//!
//! At most [`PoolLimits::size`] are open for requests at once (the
//! workers' own connections aside: each import has one for its whole
//! run). A request that finds them all busy waits for one to come back,
//! [`PoolLimits::wait`] at most, then is answered 503: a burst of
//! requests queues for a few seconds instead of opening connections
//! until the database refuses them.

use std::sync::{Condvar, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use intake_store::{InstitutionSettings, Store, StoreError};

/// How many connections requests may hold, and how long one waits.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolLimits {
    /// Connections open for requests at most.
    pub size: usize,
    /// How long a request waits for a connection before a 503.
    pub wait: Duration,
}

impl Default for PoolLimits {
    fn default() -> PoolLimits {
        PoolLimits {
            size: 16,
            wait: Duration::from_secs(5),
        }
    }
}

/// Why no connection was given.
#[derive(Debug)]
pub(crate) enum PoolError {
    /// Every connection stayed busy for the whole wait.
    Busy,
    /// A new connection could not be opened.
    Store(StoreError),
}

/// The connections not in use, and how many are open in all.
struct Slots {
    idle: Vec<Box<dyn Store + Send>>,
    open: usize,
}

/// Connections opened on demand, up to a bound.
pub(crate) struct StorePool {
    db: String,
    limits: PoolLimits,
    slots: Mutex<Slots>,
    returned: Condvar,
}

/// A connection, back in the pool when dropped.
pub(crate) struct Pooled<'a> {
    pool: &'a StorePool,
    store: Option<Box<dyn Store + Send>>,
}

impl StorePool {
    pub fn new(db: String, limits: PoolLimits) -> StorePool {
        StorePool {
            db,
            limits: PoolLimits {
                size: limits.size.max(1),
                ..limits
            },
            slots: Mutex::new(Slots {
                idle: Vec::new(),
                open: 0,
            }),
            returned: Condvar::new(),
        }
    }

    fn slots(&self) -> MutexGuard<'_, Slots> {
        // A thread that panicked holding the lock left the counts whole
        // (every change is one statement): go on with them.
        self.slots.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// An idle connection, a new one while fewer than the bound are open,
    /// else the first one returned within the wait.
    pub fn get(&self) -> Result<Pooled<'_>, PoolError> {
        let deadline = Instant::now() + self.limits.wait;
        let mut slots = self.slots();
        loop {
            if let Some(store) = slots.idle.pop() {
                return Ok(Pooled {
                    pool: self,
                    store: Some(store),
                });
            }
            if slots.open < self.limits.size {
                slots.open += 1;
                drop(slots);
                return match intake_store::open(&self.db, &InstitutionSettings::default()) {
                    Ok(store) => Ok(Pooled {
                        pool: self,
                        store: Some(store),
                    }),
                    Err(e) => {
                        self.release();
                        Err(PoolError::Store(e))
                    }
                };
            }
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(PoolError::Busy);
            }
            slots = self
                .returned
                .wait_timeout(slots, left)
                .map(|(slots, _)| slots)
                .unwrap_or_else(|e| e.into_inner().0);
        }
    }

    /// One connection fewer is open.
    fn release(&self) {
        let mut slots = self.slots();
        slots.open = slots.open.saturating_sub(1);
        drop(slots);
        self.returned.notify_one();
    }

    /// A connection of its own, outside the pool and its bound (a
    /// worker's, for the whole import).
    pub fn open(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        intake_store::open(&self.db, &InstitutionSettings::default())
    }
}

impl Pooled<'_> {
    /// Closes the connection instead of putting it back (after an error
    /// that may have left it broken).
    pub fn discard(&mut self) {
        if self.store.take().is_some() {
            self.pool.release();
        }
    }

    /// The connection; `None` once discarded.
    pub fn store(&mut self) -> Option<&mut dyn Store> {
        match self.store.as_mut() {
            Some(s) => Some(s.as_mut()),
            None => None,
        }
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let Some(store) = self.store.take() {
            self.pool.slots().idle.push(store);
            self.pool.returned.notify_one();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pool(size: usize, wait_ms: u64) -> (tempfile::TempDir, StorePool) {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("pool.db").display().to_string();
        intake_store::init(&db, &InstitutionSettings::default()).unwrap();
        let limits = PoolLimits {
            size,
            wait: Duration::from_millis(wait_ms),
        };
        (dir, StorePool::new(db, limits))
    }

    #[test]
    fn no_more_than_the_bound_are_open_and_a_waiter_gets_one_returned() {
        let (_dir, pool) = pool(2, 2_000);
        let first = pool.get().unwrap();
        let second = pool.get().unwrap();
        std::thread::scope(|scope| {
            let waiter = scope.spawn(|| pool.get().map(|_| ()));
            std::thread::sleep(Duration::from_millis(100));
            drop(first);
            assert!(waiter.join().unwrap().is_ok());
        });
        drop(second);
        assert_eq!(pool.slots().open, 2);
        assert_eq!(pool.slots().idle.len(), 2);
    }

    #[test]
    fn a_request_that_waits_past_the_limit_is_told_busy() {
        let (_dir, pool) = pool(1, 50);
        let mut held = pool.get().unwrap();
        let started = Instant::now();
        assert!(matches!(pool.get(), Err(PoolError::Busy)));
        assert!(started.elapsed() >= Duration::from_millis(50));
        // A discarded connection frees its place for a new one.
        held.discard();
        assert!(pool.get().is_ok());
    }
}

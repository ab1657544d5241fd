//! A few open connections to the store, reused between requests.

use std::sync::Mutex;

use intake_store::{InstitutionSettings, Store, StoreError};

/// Idle connections, opened on demand.
pub(crate) struct StorePool {
    db: String,
    idle: Mutex<Vec<Box<dyn Store + Send>>>,
}

/// A connection, back in the pool when dropped.
pub(crate) struct Pooled<'a> {
    pool: &'a StorePool,
    store: Option<Box<dyn Store + Send>>,
}

impl StorePool {
    pub fn new(db: String) -> StorePool {
        StorePool {
            db,
            idle: Mutex::new(Vec::new()),
        }
    }

    pub fn get(&self) -> Result<Pooled<'_>, StoreError> {
        let idle = self.idle.lock().ok().and_then(|mut v| v.pop());
        let store = match idle {
            Some(s) => s,
            None => intake_store::open(&self.db, &InstitutionSettings::default())?,
        };
        Ok(Pooled {
            pool: self,
            store: Some(store),
        })
    }

    /// A connection of its own, outside the pool (a worker's, for the whole
    /// import).
    pub fn open(&self) -> Result<Box<dyn Store + Send>, StoreError> {
        intake_store::open(&self.db, &InstitutionSettings::default())
    }
}

impl Pooled<'_> {
    /// Closes the connection instead of putting it back (after an error
    /// that may have left it broken).
    pub fn discard(&mut self) {
        self.store = None;
    }

    pub fn as_mut(&mut self) -> &mut dyn Store {
        match self.store.as_mut() {
            Some(s) => s.as_mut(),
            None => unreachable!("a pooled store is only taken on drop or discard"),
        }
    }
}

impl Drop for Pooled<'_> {
    fn drop(&mut self) {
        if let (Some(store), Ok(mut idle)) = (self.store.take(), self.pool.idle.lock())
            && idle.len() < 16
        {
            idle.push(store);
        }
    }
}

//! Which file an import read: its size and a fingerprint of its bytes,
//! computed on a thread of its own while a new import runs.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::error::ImportError;

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
    pub(crate) fn start(path: &std::path::Path) -> Result<Fingerprinting, ImportError> {
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
    pub(crate) fn wait(mut self) -> Result<(u64, String), ImportError> {
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

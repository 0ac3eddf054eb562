//! The repository lock.
//!
//! Every command that writes records takes it: an edit (`set`, `done`,
//! `log`, `ack`) for the moment it compares the file with what it read and
//! renames the new text into place, `new` while it creates its file,
//! `validate --fix` while it writes, and `comms archive` for its whole run,
//! from reading the records to staging the moves. So an edit never lands on
//! a file archive is moving: it either comes first (and archive moves the
//! edited record) or comes after (and finds the record gone, writes nothing
//! and says so).
//!
//! The lock is an advisory `flock` on a file in comms' state folder (inside
//! the git directory, see [`super::state_dir`]), or on `.comms.lock` at the
//! root outside git. The system releases it when the process ends, however
//! it ends, so a killed command never leaves the repository locked.

use std::fs::{File, TryLockError};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a command waits for another one to finish before giving up.
const WAIT: Duration = Duration::from_secs(120);

#[derive(Debug, thiserror::Error)]
pub enum LockError {
    #[error("cannot open the repository lock {}: {source}", path.display())]
    Open { path: PathBuf, source: std::io::Error },
    #[error(
        "another comms command has held the repository lock {} for over {} s; wait for it to finish and run this again",
        path.display(),
        WAIT.as_secs()
    )]
    Busy { path: PathBuf },
}

/// Held while it lives.
#[derive(Debug)]
pub struct RepoLock {
    _file: File,
}

/// The lock file of the repository at `root`.
pub fn lock_path(root: &Path) -> PathBuf {
    match super::state_dir(root) {
        Some(dir) => dir.join("lock"),
        None => root.join(".comms.lock"),
    }
}

impl RepoLock {
    /// Waits for the lock (up to two minutes) and takes it.
    pub fn acquire(root: &Path) -> Result<RepoLock, LockError> {
        let path = lock_path(root);
        let open = |p: &Path| std::fs::OpenOptions::new().read(true).write(true).create(true).truncate(false).open(p);
        let file = match open(&path) {
            Ok(f) => f,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir).map_err(|source| LockError::Open { path: path.clone(), source })?;
                }
                open(&path).map_err(|source| LockError::Open { path: path.clone(), source })?
            }
            Err(source) => return Err(LockError::Open { path, source }),
        };
        let start = Instant::now();
        let mut pause = Duration::from_millis(1);
        loop {
            match file.try_lock() {
                Ok(()) => return Ok(RepoLock { _file: file }),
                Err(TryLockError::WouldBlock) if start.elapsed() < WAIT => {
                    std::thread::sleep(pause);
                    pause = (pause * 2).min(Duration::from_millis(50));
                }
                Err(TryLockError::WouldBlock) => return Err(LockError::Busy { path }),
                Err(TryLockError::Error(source)) => return Err(LockError::Open { path, source }),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_holder_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join(".git")).unwrap();
        let first = RepoLock::acquire(dir.path()).unwrap();
        assert!(dir.path().join(".git/comms/lock").exists());
        let root = dir.path().to_path_buf();
        let (tx, rx) = std::sync::mpsc::channel();
        let waiter = std::thread::spawn(move || {
            let _second = RepoLock::acquire(&root).unwrap();
            tx.send(()).unwrap();
        });
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err(), "the second waits");
        drop(first);
        rx.recv_timeout(Duration::from_secs(5)).expect("the second gets it once the first lets go");
        waiter.join().unwrap();
    }
}

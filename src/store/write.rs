//! Writing whole files so that a crash, a full disk or a second writer can
//! never leave a half-written or lost record.
//!
//! Every write goes to a temporary file first, is flushed to disk, and is
//! then renamed into place (or linked, for a file that must not exist yet).
//! For files of a records repository in git the temporary files are made in
//! comms' state folder inside the git directory ([`super::state_dir`]), so
//! that a write killed half-way leaves nothing `git add -A` could commit;
//! stale ones there are removed by the next write. Outside git they go to
//! `.comms/tmp/` at the root, swept the same way. When that folder cannot
//! be made or is on another file system, they are made beside the file,
//! hidden (`.comms-*.tmp`).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use tempfile::NamedTempFile;

/// Why a write did not happen.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// The file on disk is no longer the one that was read (or is gone).
    #[error("the file changed on disk since it was read")]
    Changed,
    #[error(transparent)]
    Io(#[from] std::io::Error),
}

/// Temporaries older than this in the state folder are left by a killed
/// command: a write holds its temporary for milliseconds.
const STALE: Duration = Duration::from_secs(600);

/// Where the temporary files of writes into a repository go: `tmp/` in the
/// state folder of the repository at `root` inside git, `.comms/tmp/`
/// outside git (created, stale files removed), or `None`, when neither can
/// be made, to put them beside each file.
pub fn temp_dir(root: &Path) -> Option<PathBuf> {
    prepare(tmp_folder(root, super::state_dir(root)))
}

/// The temporaries' folder: `tmp/` in the git state folder, else
/// `.comms/tmp/` at the root.
fn tmp_folder(root: &Path, state: Option<PathBuf>) -> PathBuf {
    match state {
        Some(state) => state.join("tmp"),
        None => root.join(".comms").join("tmp"),
    }
}

/// Creates `dir` and removes the stale temporaries in it.
fn prepare(dir: PathBuf) -> Option<PathBuf> {
    std::fs::create_dir_all(&dir).ok()?;
    clean_stale(&dir);
    Some(dir)
}

/// Removes temporaries a killed write left in `dir`.
fn clean_stale(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for e in entries.flatten() {
        let old =
            e.metadata().and_then(|m| m.modified()).is_ok_and(|t| now.duration_since(t).is_ok_and(|age| age > STALE));
        if old && e.file_name().to_str().is_some_and(|n| n.starts_with(".comms-") && n.ends_with(".tmp")) {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// A temporary file holding `bytes`, flushed to disk, in `temp` or beside
/// `path`.
fn staged(
    path: &Path,
    temp: Option<&Path>,
    bytes: &[u8],
    mode_of: Option<&std::fs::Metadata>,
) -> std::io::Result<NamedTempFile> {
    let beside = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let dir = temp.unwrap_or(beside);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".comms-").suffix(".tmp");
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Like a file made by open(2): 0666 less the umask, not tempfile's 0600.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    if let Some(meta) = mode_of {
        let _ = file.as_file().set_permissions(meta.permissions());
    }
    file.as_file().sync_all()?;
    Ok(file)
}

/// Renames `file` over `path`; when the temporary folder is on another file
/// system, starts again beside `path`.
fn put(
    file: NamedTempFile,
    path: &Path,
    bytes: &[u8],
    meta: Option<&std::fs::Metadata>,
    temp: Option<&Path>,
) -> std::io::Result<()> {
    match file.persist(path) {
        Ok(_) => Ok(()),
        Err(e) if temp.is_some() && e.error.kind() == std::io::ErrorKind::CrossesDevices => {
            staged(path, None, bytes, meta)?.persist(path).map(drop).map_err(|e| e.error)
        }
        Err(e) => Err(e.error),
    }
}

/// Replaces the file at `path` with `bytes` atomically (for files the user
/// names, such as `--output`).
pub fn replace(path: &Path, bytes: &[u8], temp: Option<&Path>) -> std::io::Result<()> {
    let meta = std::fs::metadata(path).ok();
    let file = staged(path, temp, bytes, meta.as_ref())?;
    put(file, path, bytes, meta.as_ref(), temp)
}

/// Replaces the file at `path` with `bytes` atomically, but only if it
/// still holds `expected` (the bytes an edit started from). The compare and
/// the rename happen under an exclusive lock of the file being replaced, so
/// two writers cannot both see the old bytes and both replace them: the
/// second, once it holds the lock, reads the first one's file and stops.
/// Callers inside a repository also hold the [repository
/// lock](super::lock::RepoLock).
pub fn replace_if_unchanged(path: &Path, expected: &[u8], bytes: &[u8], temp: Option<&Path>) -> Result<(), WriteError> {
    let current = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(WriteError::Changed),
        Err(e) => return Err(e.into()),
    };
    let meta = current.metadata()?;
    let file = staged(path, temp, bytes, Some(&meta))?;
    current.lock()?;
    if std::fs::read(path)? != expected {
        return Err(WriteError::Changed);
    }
    put(file, path, bytes, Some(&meta), temp)?;
    drop(current);
    Ok(())
}

/// Writes a new file at `path`, failing with `AlreadyExists` if anything is
/// there; the file appears whole or not at all.
pub fn create_new(path: &Path, bytes: &[u8], temp: Option<&Path>) -> std::io::Result<()> {
    let file = staged(path, temp, bytes, None)?;
    match file.persist_noclobber(path) {
        Ok(_) => Ok(()),
        Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => Err(e.error),
        Err(e) if temp.is_some() && e.error.kind() == std::io::ErrorKind::CrossesDevices => {
            staged(path, None, bytes, None)?.persist_noclobber(path).map(drop).map_err(|e| e.error)
        }
        // File systems without hard links or RENAME_NOREPLACE: create
        // exclusively and write.
        Err(e) => {
            drop(e);
            let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
            f.write_all(bytes)?;
            f.sync_all()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replace_if_unchanged_refuses_when_the_file_moved_on() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        std::fs::write(&p, "one").unwrap();
        replace_if_unchanged(&p, b"one", b"two", None).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        assert!(matches!(replace_if_unchanged(&p, b"one", b"three", None), Err(WriteError::Changed)));
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "two");
        std::fs::remove_file(&p).unwrap();
        assert!(matches!(replace_if_unchanged(&p, b"two", b"four", None), Err(WriteError::Changed)));
        assert!(!p.exists(), "a removed file is not brought back");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0, "no temporary left behind");
    }

    #[test]
    fn create_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        create_new(&p, b"one", None).unwrap();
        assert_eq!(create_new(&p, b"two", None).unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "one");
        replace(&p, b"three", None).unwrap();
        assert_eq!(std::fs::read_to_string(&p).unwrap(), "three");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary left behind");
    }

    #[cfg(unix)]
    #[test]
    fn modes_are_kept_and_new_files_are_not_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        create_new(&p, b"one", None).unwrap();
        let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
        // Whatever the umask: the mode any program's new file gets there.
        std::fs::write(dir.path().join("plain.md"), "x").unwrap();
        let plain = std::fs::metadata(dir.path().join("plain.md")).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, plain, "a new record is readable like any file the user makes");
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
        replace_if_unchanged(&p, b"one", b"two", None).unwrap();
        assert_eq!(std::fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn outside_git_temporaries_go_to_dot_comms_and_stale_ones_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        let folder = tmp_folder(dir.path(), None);
        assert_eq!(folder, dir.path().join(".comms/tmp"));
        assert_eq!(tmp_folder(dir.path(), Some(dir.path().join(".git/comms"))), dir.path().join(".git/comms/tmp"));
        let tmp = prepare(folder).unwrap();
        let stale = tmp.join(".comms-old.tmp");
        std::fs::write(&stale, "contact data").unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
        std::fs::create_dir_all(dir.path().join("records")).unwrap();
        let tmp = prepare(tmp).unwrap();
        assert!(!stale.exists(), "a stale temporary is removed outside git too");
        create_new(&dir.path().join("records/a.md"), b"one", Some(&tmp)).unwrap();
        assert_eq!(std::fs::read_dir(dir.path().join("records")).unwrap().count(), 1);
        assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0, "nothing left in the temporaries' folder");
    }

    #[test]
    fn temporaries_go_to_the_state_folder_and_stale_ones_are_removed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join(".git")).unwrap();
        std::fs::create_dir_all(dir.path().join("records")).unwrap();
        let tmp = temp_dir(dir.path()).unwrap();
        assert_eq!(tmp, dir.path().join(".git/comms/tmp"));
        let stale = tmp.join(".comms-old.tmp");
        let fresh = tmp.join(".comms-new.tmp");
        std::fs::write(&stale, "contact data").unwrap();
        std::fs::write(&fresh, "in flight").unwrap();
        let old = SystemTime::now() - Duration::from_secs(3600);
        std::fs::File::options().write(true).open(&stale).unwrap().set_modified(old).unwrap();
        let p = dir.path().join("records/a.md");
        create_new(&p, b"one", Some(&temp_dir(dir.path()).unwrap())).unwrap();
        assert!(!stale.exists(), "a stale temporary is removed");
        assert!(fresh.exists(), "one being written is not");
        assert_eq!(std::fs::read_dir(dir.path().join("records")).unwrap().count(), 1);
    }
}

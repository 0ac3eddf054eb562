//! Moving a record to its place in the archive without ever losing it or
//! replacing another file. The caller holds the [repository
//! lock](super::lock::RepoLock).

use std::path::Path;

use super::guard::{self, GuardError};
use crate::store::archive::Move;

/// Why a record did not move.
#[derive(Debug, thiserror::Error)]
pub enum MoveError {
    /// Something appeared at the target since the plan was made.
    #[error("the place in the archive is taken")]
    Taken,
    #[error(transparent)]
    Guard(#[from] GuardError),
    #[error("cannot {what} {}: {source}", path.display())]
    Io { what: &'static str, path: std::path::PathBuf, source: std::io::Error },
}

/// Moves one file without ever replacing another: a hard link at the new
/// place, then the old name removed (the record is complete at one place or
/// both, never neither); where links are not possible, a rename after a
/// check. Every folder of the new place must be a real folder inside the
/// repository. A record that is a symbolic link moves as a link that points
/// at the same file from its new folder.
pub fn move_file(root: &Path, m: &Move, resume: bool) -> Result<(), MoveError> {
    let from = root.join(&m.from);
    let io =
        |what: &'static str, p: &Path, source: std::io::Error| MoveError::Io { what, path: p.to_path_buf(), source };
    let dir = guard::real_dir(root, m.to.parent().unwrap_or(Path::new("")), !resume)?;
    let to = match m.to.file_name() {
        Some(name) => dir.join(name),
        None => return Err(GuardError::NotInside { shown: crate::model::record::display_path(&m.to) }.into()),
    };
    if !resume {
        let meta = std::fs::symlink_metadata(&from).map_err(|e| io("read", &from, e))?;
        if meta.file_type().is_symlink() {
            return move_link(&from, &to)
                .and_then(|()| std::fs::remove_file(&from).map_err(|e| io("remove", &from, e)));
        }
        match std::fs::hard_link(&from, &to) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Err(MoveError::Taken),
            Err(_) => {
                if std::fs::symlink_metadata(&to).is_ok() {
                    return Err(MoveError::Taken);
                }
                return std::fs::rename(&from, &to).map_err(|e| io("move", &from, e));
            }
        }
    }
    std::fs::remove_file(&from).map_err(|e| io("remove", &from, e))
}

/// Makes at `to` a link to the file the link `from` points to: the same
/// text when it is absolute, else a relative path from `to`'s folder.
fn move_link(from: &Path, to: &Path) -> Result<(), MoveError> {
    let target = std::fs::read_link(from).map_err(|source| MoveError::Io {
        what: "read the link",
        path: from.to_path_buf(),
        source,
    })?;
    let target = if target.is_absolute() {
        target
    } else {
        let points_at = lexical(&from.parent().unwrap_or(Path::new("")).join(&target));
        relative(&points_at, &lexical(to.parent().unwrap_or(Path::new(""))))
    };
    #[cfg(unix)]
    let made = std::os::unix::fs::symlink(&target, to);
    #[cfg(not(unix))]
    let made: std::io::Result<()> =
        Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "moving a symbolic link is not supported here"));
    match made {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(MoveError::Taken),
        Err(source) => Err(MoveError::Io { what: "make the link", path: to.to_path_buf(), source }),
    }
}

/// `path` with `.` and `name/..` taken out, without asking the file system
/// (the folders on the way are real folders, checked before).
fn lexical(path: &Path) -> std::path::PathBuf {
    use std::path::Component;
    let mut out: Vec<Component> = Vec::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir if matches!(out.last(), Some(Component::Normal(_))) => {
                out.pop();
            }
            c => out.push(c),
        }
    }
    out.iter().collect()
}

/// The relative path from the folder `from` to `to` (both lexical, on the
/// same base).
fn relative(to: &Path, from: &Path) -> std::path::PathBuf {
    let (a, b): (Vec<_>, Vec<_>) = (to.components().collect(), from.components().collect());
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let mut out = std::path::PathBuf::new();
    for _ in common..b.len() {
        out.push("..");
    }
    for c in &a[common..] {
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_moved_link_points_at_the_same_file() {
        let from = Path::new("root/records/a.md");
        let points_at = lexical(&from.parent().unwrap().join("../shared/./a.md"));
        assert_eq!(points_at, Path::new("root/shared/a.md"));
        let to_dir = Path::new("root/archive/2026/Q4/_general");
        assert_eq!(relative(&points_at, to_dir), Path::new("../../../../shared/a.md"));
        assert_eq!(relative(Path::new("root/records/b.md"), Path::new("root/records")), Path::new("b.md"));
        assert_eq!(lexical(Path::new("../x/../y")), Path::new("../y"));
    }
}

//! No write outside the repository.
//!
//! Git stores symbolic links, so a clone or a pull request can carry a
//! `records/` or `archive/2026/Q4` that is a link to anywhere. comms never
//! writes through one: every folder between the repository root and a file
//! it writes must be a real folder, and a record that is itself a link is
//! written at the file it points to, which must be inside the repository.
//! The root itself is taken as given (it is where the user pointed comms).

use std::path::{Component, Path, PathBuf};

use crate::model::record::display_path;

/// Why a path may not be written.
#[derive(Debug, thiserror::Error)]
pub enum GuardError {
    /// A folder on the way is a symbolic link.
    #[error(
        "{shown} is a symbolic link (to {target}); comms writes only into real folders inside the repository, so nothing was written — replace the link with a folder"
    )]
    LinkedFolder { shown: String, target: String },
    /// Something on the way is not a folder.
    #[error("{shown} is not a folder; nothing was written")]
    NotAFolder { shown: String },
    /// A record that is a link points outside the repository.
    #[error(
        "{shown} is a symbolic link to {target}, outside the repository; comms does not write there — copy the file into the repository instead of linking it"
    )]
    LinkOutside { shown: String, target: String },
    /// The relative path climbs out (`..`) or is absolute.
    #[error("{shown} is not a path inside the repository; nothing was written")]
    NotInside { shown: String },
    #[error("cannot {what} {shown}: {source}")]
    Io { what: &'static str, shown: String, source: std::io::Error },
}

fn io<'a>(what: &'static str, rel: &'a Path) -> impl FnOnce(std::io::Error) -> GuardError + 'a {
    move |source| GuardError::Io { what, shown: display_path(rel), source }
}

/// Checks that `rel_dir` (relative to `root`) is a chain of real folders,
/// creating the missing ones when `create` is set, and returns its absolute
/// path. A symbolic link anywhere on the way is refused, whatever it points
/// to.
pub fn real_dir(root: &Path, rel_dir: &Path, create: bool) -> Result<PathBuf, GuardError> {
    let mut abs = root.to_path_buf();
    let mut rel = PathBuf::new();
    for c in rel_dir.components() {
        match c {
            Component::CurDir => continue,
            Component::Normal(name) => {
                abs.push(name);
                rel.push(name);
            }
            _ => return Err(GuardError::NotInside { shown: display_path(rel_dir) }),
        }
        match std::fs::symlink_metadata(&abs) {
            Ok(m) if m.file_type().is_symlink() => {
                let target = std::fs::read_link(&abs).map(|t| display_path(&t)).unwrap_or_else(|_| "?".into());
                return Err(GuardError::LinkedFolder { shown: display_path(&rel), target });
            }
            Ok(m) if m.is_dir() => {}
            Ok(_) => return Err(GuardError::NotAFolder { shown: display_path(&rel) }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => match std::fs::create_dir(&abs) {
                Ok(()) => {}
                // Made by another process meanwhile: check it again.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    if !std::fs::symlink_metadata(&abs).is_ok_and(|m| m.is_dir()) {
                        return Err(GuardError::NotAFolder { shown: display_path(&rel) });
                    }
                }
                Err(e) => return Err(io("create", &rel)(e)),
            },
            Err(e) => return Err(io("read", &rel)(e)),
        }
    }
    Ok(abs)
}

/// Where to write the record at `rel` (relative to `root`): its own path
/// when its folders are real; the file a symbolic link points to when the
/// record is a link whose target is inside the repository (so the link is
/// kept, not replaced by a copy).
pub fn record_path(root: &Path, rel: &Path) -> Result<PathBuf, GuardError> {
    let parent = rel.parent().unwrap_or(Path::new(""));
    let name = rel.file_name().ok_or_else(|| GuardError::NotInside { shown: display_path(rel) })?;
    let dir = real_dir(root, parent, false)?;
    let abs = dir.join(name);
    match std::fs::symlink_metadata(&abs) {
        Ok(m) if m.file_type().is_symlink() => {
            let target = std::fs::read_link(&abs).map(|t| display_path(&t)).unwrap_or_else(|_| "?".into());
            let resolved = abs.canonicalize().map_err(io("follow the link", rel))?;
            let inside = root.canonicalize().map_err(io("read", Path::new(".")))?;
            match resolved.strip_prefix(&inside) {
                // The target's own folders are real: canonical paths have
                // no links left in them.
                Ok(_) => Ok(resolved),
                Err(_) => Err(GuardError::LinkOutside { shown: display_path(rel), target }),
            }
        }
        _ => Ok(abs),
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    #[test]
    fn real_folders_pass_and_missing_ones_are_created() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let made = real_dir(root, Path::new("archive/2026/Q4/_general"), true).unwrap();
        assert!(made.is_dir());
        assert!(real_dir(root, Path::new("records"), false).is_err(), "missing and not created");
    }

    #[test]
    fn a_linked_folder_anywhere_on_the_way_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("archive/2026")).unwrap();
        symlink(outside.path(), root.join("archive/2026/Q4")).unwrap();
        let e = real_dir(root, Path::new("archive/2026/Q4/_general"), true).unwrap_err();
        assert!(matches!(&e, GuardError::LinkedFolder { shown, .. } if shown == "archive/2026/Q4"), "{e}");
        assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0, "nothing created outside");
        // A link to a folder inside the repository is refused too.
        std::fs::create_dir_all(root.join("real")).unwrap();
        symlink(root.join("real"), root.join("records")).unwrap();
        assert!(matches!(real_dir(root, Path::new("records"), false), Err(GuardError::LinkedFolder { .. })));
        assert!(matches!(real_dir(root, Path::new("../x"), true), Err(GuardError::NotInside { .. })));
    }

    #[test]
    fn a_linked_record_is_written_at_its_target_inside_only() {
        let dir = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("records")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/a.md"), "x").unwrap();
        symlink("../shared/a.md", root.join("records/a.md")).unwrap();
        let at = record_path(root, Path::new("records/a.md")).unwrap();
        assert_eq!(at, root.canonicalize().unwrap().join("shared/a.md"));
        std::fs::write(outside.path().join("b.md"), "x").unwrap();
        symlink(outside.path().join("b.md"), root.join("records/b.md")).unwrap();
        assert!(matches!(record_path(root, Path::new("records/b.md")), Err(GuardError::LinkOutside { .. })));
        assert_eq!(record_path(root, Path::new("records/c.md")).unwrap(), root.join("records/c.md"));
    }
}

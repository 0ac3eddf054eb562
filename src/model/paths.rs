//! Paths as users see them.

use std::path::{Path, PathBuf};

/// `path` relative to the current folder when it is inside it, else as is:
/// what a user can paste back into a command.
pub fn shown(path: &Path) -> PathBuf {
    if path.is_relative() {
        return path.to_path_buf();
    }
    match std::env::current_dir() {
        Ok(cwd) => match path.strip_prefix(&cwd) {
            Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
            Ok(rel) => rel.to_path_buf(),
            Err(_) => path.to_path_buf(),
        },
        Err(_) => path.to_path_buf(),
    }
}

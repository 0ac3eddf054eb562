//! The repository on disk and in git: where records live, how they are
//! found, read, written and moved, and what git remembers of them.
//!
//! - [`repo`]: the repository — its root, settings, and the walk that finds
//!   and reads every record (in parallel).
//! - [`git`]: the one door to git (libgit2): ids on other branches, what
//!   changed, the commit walk, staging moves; [`history`]: a record's past,
//!   commit by commit.
//! - [`cache`]: the record cache — every record's summary as last read,
//!   trusted per file by its size, times and inode, as git trusts its index.
//! - [`histcache`]: the history walk kept by HEAD, so a repeat walks
//!   nothing and new commits on top only themselves.
//! - [`idcache`]: the id index that finds one record's file without
//!   reading the others, trusted only while no folder changed.
//! - [`archive`]: which records `comms archive` moves, and where.
//! - `deliver` (the `notify` feature): what `comms notify` sends, POSTed to
//!   webhooks and e-mailed over SMTP — the only network access.
//! - [`guard`]: every folder comms writes into is a real folder inside the
//!   repository — never a symbolic link that could lead outside it.
//! - [`lock`]: the repository lock that orders every write (edits, `new`,
//!   `validate --fix`) against `comms archive`.
//! - [`moves`]: moving a record into the archive, whole at one place or
//!   both, never neither.
//! - [`mod@write`]: whole-file writes that never leave a half-written record,
//!   never replace a file someone else changed, and keep their temporary
//!   files where git does not see them.
//!
//! May import: [`crate::model`] (and [`crate::error`]); never check, edit,
//! report, render or commands.

pub mod archive;
pub mod cache;
#[cfg(feature = "notify")]
pub mod deliver;
pub mod git;
pub mod guard;
pub mod histcache;
pub mod history;
pub mod idcache;
pub mod lock;
pub mod moves;
pub mod repo;
pub mod write;

use std::path::{Path, PathBuf};

/// The folder comms keeps its own state in (the repository lock, temporary
/// files): `comms/` inside the git directory when the repository is in git,
/// which git never tracks; `None` outside git.
pub fn state_dir(root: &Path) -> Option<PathBuf> {
    git_dir(root).map(|g| g.join("comms"))
}

/// The file `name` of comms' own state for the repository at `root`:
/// `<git dir>/comms/<name>-<hash of root>` (one git work tree can hold
/// several records repositories, a `comms.yaml` in a subfolder each),
/// else `root/.comms/<name>`, which the walk skips as hidden.
pub fn state_file(root: &Path, name: &str) -> PathBuf {
    let Some(state) = state_dir(root) else { return root.join(".comms").join(name) };
    let key = std::path::absolute(root).unwrap_or_else(|_| root.to_path_buf());
    // FNV-1a: a stable name, not a secret.
    let hash = key
        .as_os_str()
        .as_encoded_bytes()
        .iter()
        .fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3));
    state.join(format!("{name}-{hash:016x}"))
}

/// The git directory of the work tree holding `root`: the nearest `.git`
/// folder at or above it, or the folder a `.git` file (`gitdir: …`, as in
/// worktrees and submodules) names.
pub fn git_dir(root: &Path) -> Option<PathBuf> {
    let start = std::path::absolute(root).ok()?;
    for dir in start.ancestors() {
        let dot = dir.join(".git");
        let Ok(meta) = std::fs::symlink_metadata(&dot) else { continue };
        if meta.is_dir() {
            return Some(dot);
        }
        if meta.is_file() {
            let text = std::fs::read_to_string(&dot).ok()?;
            let target = text.lines().find_map(|l| l.strip_prefix("gitdir:"))?.trim();
            let target = Path::new(target);
            return Some(if target.is_absolute() { target.to_path_buf() } else { dir.join(target) });
        }
        return None;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_git_dir_is_found_from_a_subfolder_and_through_a_gitdir_file() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("main/.git")).unwrap();
        std::fs::create_dir_all(root.join("main/sub/records")).unwrap();
        assert_eq!(git_dir(&root.join("main/sub")), Some(root.join("main/.git")));
        std::fs::create_dir_all(root.join("wt")).unwrap();
        std::fs::write(root.join("wt/.git"), "gitdir: ../main/.git/worktrees/wt\n").unwrap();
        assert_eq!(git_dir(&root.join("wt")), Some(root.join("wt/../main/.git/worktrees/wt")));
        assert_eq!(state_dir(&root.join("wt")), Some(root.join("wt/../main/.git/worktrees/wt/comms")));
        std::fs::create_dir_all(root.join("plain")).unwrap();
        // No .git anywhere above a temp folder (the test's own tree has none).
        assert!(git_dir(&root.join("plain")).is_none_or(|g| !g.starts_with(root)));
    }
}

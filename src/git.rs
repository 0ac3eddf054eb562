//! The one door to git: nothing else imports `git2`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::error::Error;

/// A git repository around a records repository.
pub struct Git {
    repo: git2::Repository,
    /// The records repository's root relative to the git work tree
    /// (empty when they are the same folder).
    prefix: PathBuf,
}

impl Git {
    /// The git repository containing `root`, if any.
    pub fn open(root: &Path) -> Option<Git> {
        let repo = git2::Repository::discover(root).ok()?;
        let workdir = repo.workdir()?.canonicalize().ok()?;
        let root = root.canonicalize().ok()?;
        let prefix = root.strip_prefix(&workdir).ok()?.to_path_buf();
        Some(Git { repo, prefix })
    }

    /// The records root relative to the work tree, as `sub/dir/` (empty at
    /// the top), to prefix paths for tools that read them from the git root.
    pub fn prefix(&self) -> String {
        let p = crate::record::display_path(&self.prefix);
        if p.is_empty() { p } else { format!("{p}/") }
    }

    /// Runs `git init` in `dir`.
    pub fn init(dir: &Path) -> Result<(), Error> {
        git2::Repository::init(dir)?;
        Ok(())
    }

    /// The user's name from the git configuration, if set.
    pub fn user_name(&self) -> Option<String> {
        self.repo.config().ok()?.get_string("user.name").ok().filter(|s| !s.trim().is_empty())
    }

    /// Ids (from `comms new` file names) starting with `prefix` in `dirs`,
    /// at the tip of every local and remote-tracking branch.
    pub fn ids_on_branches(&self, dirs: &[&str], prefix: &str) -> HashSet<String> {
        let mut out = HashSet::new();
        let Ok(refs) = self.repo.references() else { return out };
        let mut seen_trees = HashSet::new();
        for r in refs.flatten() {
            if !(r.is_branch() || r.is_remote()) {
                continue;
            }
            let Ok(tree) = r.peel_to_tree() else { continue };
            if !seen_trees.insert(tree.id()) {
                continue;
            }
            for dir in dirs {
                let Ok(entry) = tree.get_path(&self.prefix.join(dir)) else { continue };
                let Ok(sub) = entry.to_object(&self.repo).and_then(|o| o.peel_to_tree()) else { continue };
                let _ = sub.walk(git2::TreeWalkMode::PreOrder, |_, e| {
                    if let Ok(name) = e.name()
                        && name.starts_with(prefix)
                        && let Some(id) = crate::ids::id_in_file_name(name)
                    {
                        out.insert(id.to_string());
                    }
                    git2::TreeWalkResult::Ok
                });
            }
        }
        out
    }
}

/// The pull-request view: what changed since the merge base with a branch.
impl Git {
    /// Paths (relative to the records root) under `dirs` that were added or
    /// changed since the merge base of `base` and HEAD — committed, staged,
    /// modified in the work tree or untracked. Deleted files are not listed.
    pub fn changed_since(&self, base: &str, dirs: &[&str]) -> Result<Vec<PathBuf>, Error> {
        let shallow = if self.repo.is_shallow() {
            "; this is a shallow clone: fetch the whole history (actions/checkout with `fetch-depth: 0`, GitLab `GIT_DEPTH: 0`)"
        } else {
            ""
        };
        let base_commit = self.repo.revparse_single(base).and_then(|o| o.peel_to_commit()).map_err(|_| {
            Error::Git(format!(
                "unknown revision `{base}`; name a branch, tag or commit such as `origin/main`{shallow}"
            ))
        })?;
        let head = self.repo.head().and_then(|h| h.peel_to_commit()).map_err(|_| {
            Error::Git("the repository has no commits yet, so there is nothing to compare with `--base`".into())
        })?;
        let merge_base = self
            .repo
            .merge_base(base_commit.id(), head.id())
            .map_err(|_| Error::Git(format!("`{base}` and HEAD have no common ancestor{shallow}")))?;
        let tree = self.repo.find_commit(merge_base)?.tree()?;
        let mut opts = git2::DiffOptions::new();
        opts.include_untracked(true).recurse_untracked_dirs(true).include_typechange(true);
        for dir in dirs {
            opts.pathspec(self.git_path(dir));
        }
        let diff = self.repo.diff_tree_to_workdir_with_index(Some(&tree), Some(&mut opts))?;
        let mut out = Vec::new();
        for delta in diff.deltas() {
            use git2::Delta::*;
            if !matches!(delta.status(), Added | Modified | Renamed | Copied | Typechange | Untracked) {
                continue;
            }
            if let Some(p) = delta.new_file().path()
                && let Ok(rel) = p.strip_prefix(&self.prefix)
            {
                out.push(rel.to_path_buf());
            }
        }
        out.sort();
        out.dedup();
        Ok(out)
    }

    /// A path under the records root as git names it (from the work-tree
    /// root, `/`-separated).
    fn git_path(&self, rel: &str) -> String {
        let p = crate::record::display_path(&self.prefix.join(rel));
        p.trim_start_matches("./").to_string()
    }
}

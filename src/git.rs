//! The one door to git: nothing else imports `git2`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::error::Error;
use crate::time::Instant;

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
        // libgit2 re-hashes every object it reads (collision-detecting SHA-1)
        // to check it: half the time of a history walk. We only read our own
        // repository's objects, which git itself checked when it wrote them.
        git2::opts::strict_hash_verification(false);
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

/// A git object id. Opaque outside this module: only `git.rs` knows git2.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ObjectId(git2::Oid);

impl ObjectId {
    /// The full hexadecimal id.
    pub fn hex(&self) -> String {
        self.0.to_string()
    }

    /// The first 7 hexadecimal digits, as `git log --oneline` shows.
    pub fn short(&self) -> String {
        let mut s = self.0.to_string();
        s.truncate(7);
        s
    }
}

/// A commit as history shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitInfo {
    pub id: ObjectId,
    pub author: String,
    pub email: String,
    /// The author's time: when the change was made (kept through rebases).
    pub time: Instant,
}

/// One record file changed by a commit. Paths are relative to the records
/// repository's root, with `/` separators.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileChange {
    /// The path after the commit (for a deletion, the path deleted).
    pub path: String,
    /// For a rename, the path before it.
    pub from: Option<String>,
    /// The blob before the commit; `None` when the file was added.
    pub old: Option<ObjectId>,
    /// The blob after the commit; `None` when the file was deleted.
    pub new: Option<ObjectId>,
}

/// The commits that changed record files, oldest first (parents before
/// children), each with its changes.
#[derive(Debug, Default)]
pub struct Walk {
    pub commits: Vec<(CommitInfo, Vec<FileChange>)>,
    /// A shallow clone: commits before its boundary are missing, and the
    /// boundary commit looks as if it added every file it has.
    pub shallow: bool,
}

/// Which names a walk looks at: `(name, is_folder)` → keep.
pub type NameFilter<'a> = &'a dyn Fn(&str, bool) -> bool;

impl Git {
    /// Every commit reachable from HEAD that changed a file under one of
    /// `dirs` (folders relative to the records root), in one pass over the
    /// history.
    ///
    /// Each commit's tree is compared with its first parent's by our own
    /// recursive comparison: subtrees whose ids are equal are skipped
    /// without being read, and only `dirs` are looked at, so the cost is
    /// proportional to what changed, not to the size of the tree. A merge
    /// keeps only the changes that differ from every parent (a conflict
    /// resolution); what it brings in from a branch is already in that
    /// branch's commits. Renames with an unchanged blob (`git mv`, `comms
    /// archive`) are paired into one change. A repository without commits
    /// has an empty history.
    pub fn walk(&self, dirs: &[&str], keep: NameFilter) -> Result<Walk, Error> {
        let mut walk = Walk { commits: Vec::new(), shallow: self.repo.is_shallow() };
        let head = match self.repo.head() {
            Ok(h) => h,
            Err(e) if matches!(e.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) => {
                return Ok(walk);
            }
            Err(e) => return Err(e.into()),
        };
        let Some(head) = head.target() else { return Ok(walk) };
        let mut revwalk = self.repo.revwalk()?;
        revwalk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        revwalk.push(head)?;
        let dirs: Vec<(PathBuf, String)> =
            dirs.iter().map(|d| (self.prefix.join(d), d.trim_end_matches('/').to_string())).collect();
        let mut trees = Trees { repo: &self.repo, current: HashMap::new(), previous: HashMap::new() };
        for oid in revwalk {
            trees.next_commit();
            let commit = self.repo.find_commit(oid?)?;
            let tree = commit.tree()?;
            // A parent missing from a shallow clone is no parent.
            let parents: Vec<git2::Tree> = commit.parent_ids().filter_map(|p| self.parent_tree(p)).collect();
            let mut changes = Vec::new();
            for (full, shown) in &dirs {
                let new = subtree(&mut trees, &tree, full);
                let old = parents.first().and_then(|p| subtree(&mut trees, p, full));
                if new.as_ref().map(|t| t.id()) == old.as_ref().map(|t| t.id()) {
                    continue;
                }
                let mut base = shown.clone();
                self.diff(&mut trees, old.as_ref(), new.as_ref(), &mut base, keep, &mut changes)?;
            }
            if parents.len() > 1 {
                changes.retain(|c| {
                    let rel = self.prefix.join(&c.path);
                    parents[1..].iter().all(|p| p.get_path(&rel).ok().map(|e| ObjectId(e.id())) != c.new)
                });
            }
            if changes.is_empty() {
                continue;
            }
            pair_renames(&mut changes);
            let author = commit.author();
            let info = CommitInfo {
                id: ObjectId(commit.id()),
                author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
                email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
                time: instant(author.when()),
            };
            walk.commits.push((info, changes));
        }
        Ok(walk)
    }

    fn parent_tree(&self, id: git2::Oid) -> Option<git2::Tree<'_>> {
        self.repo.find_commit(id).ok()?.tree().ok()
    }

    /// Compares two trees entry by entry in git's order, descending only
    /// into subtrees whose ids differ.
    fn diff<'r>(
        &'r self,
        trees: &mut Trees<'r>,
        old: Option<&git2::Tree>,
        new: Option<&git2::Tree>,
        base: &mut String,
        keep: NameFilter,
        out: &mut Vec<FileChange>,
    ) -> Result<(), Error> {
        let olds: Vec<git2::TreeEntry> = old.map(|t| t.iter().collect()).unwrap_or_default();
        let news: Vec<git2::TreeEntry> = new.map(|t| t.iter().collect()).unwrap_or_default();
        let (mut i, mut j) = (0, 0);
        while i < olds.len() || j < news.len() {
            let ord = match (olds.get(i), news.get(j)) {
                (Some(a), Some(b)) => entry_order(a, b),
                (Some(_), None) => std::cmp::Ordering::Less,
                _ => std::cmp::Ordering::Greater,
            };
            let (a, b) = match ord {
                std::cmp::Ordering::Less => {
                    i += 1;
                    (olds.get(i - 1), None)
                }
                std::cmp::Ordering::Greater => {
                    j += 1;
                    (None, news.get(j - 1))
                }
                std::cmp::Ordering::Equal => {
                    i += 1;
                    j += 1;
                    (olds.get(i - 1), news.get(j - 1))
                }
            };
            if let (Some(a), Some(b)) = (a, b)
                && a.id() == b.id()
            {
                continue;
            }
            let Some(any) = a.or(b) else { continue };
            let Ok(name) = std::str::from_utf8(any.name_bytes()) else { continue };
            let is_tree = any.kind() == Some(git2::ObjectType::Tree);
            if !keep(name, is_tree) {
                continue;
            }
            let len = base.len();
            if !base.is_empty() {
                base.push('/');
            }
            base.push_str(name);
            if is_tree {
                let a = a.and_then(|e| trees.get(e.id()));
                let b = b.and_then(|e| trees.get(e.id()));
                self.diff(trees, a.as_ref(), b.as_ref(), base, keep, out)?;
            } else if any.kind() == Some(git2::ObjectType::Blob) {
                out.push(FileChange {
                    path: base.clone(),
                    from: None,
                    old: a.map(|e| ObjectId(e.id())),
                    new: b.map(|e| ObjectId(e.id())),
                });
            }
            base.truncate(len);
        }
        Ok(())
    }

    /// The content of a blob.
    pub fn blob(&self, id: ObjectId) -> Option<Vec<u8>> {
        self.repo.find_blob(id.0).ok().map(|b| b.content().to_vec())
    }

    /// Renames staged in the index but not yet committed (after `comms
    /// archive`, before `git commit`): new path → old path, relative to the
    /// records root.
    pub fn staged_renames(&self, dirs: &[&str]) -> Vec<(String, String)> {
        let mut out = Vec::new();
        let Ok(index) = self.repo.index() else { return out };
        let head = self.repo.head().ok().and_then(|h| h.peel_to_tree().ok());
        let mut opts = git2::DiffOptions::new();
        for d in dirs {
            opts.pathspec(self.prefix.join(d));
        }
        let Ok(mut diff) = self.repo.diff_tree_to_index(head.as_ref(), Some(&index), Some(&mut opts)) else {
            return out;
        };
        let mut find = git2::DiffFindOptions::new();
        find.renames(true).exact_match_only(true);
        if diff.find_similar(Some(&mut find)).is_err() {
            return out;
        }
        for delta in diff.deltas() {
            if delta.status() != git2::Delta::Renamed {
                continue;
            }
            if let (Some(new), Some(old)) = (delta.new_file().path(), delta.old_file().path())
                && let (Ok(new), Ok(old)) = (new.strip_prefix(&self.prefix), old.strip_prefix(&self.prefix))
            {
                out.push((crate::record::display_path(new), crate::record::display_path(old)));
            }
        }
        out
    }
}

/// The trees read for the last two commits. In a linear history the
/// parent's trees are the ones read for the commit before, so each tree is
/// parsed once, not twice (libgit2 does not cache large trees).
struct Trees<'r> {
    repo: &'r git2::Repository,
    current: HashMap<git2::Oid, git2::Tree<'r>>,
    previous: HashMap<git2::Oid, git2::Tree<'r>>,
}

impl<'r> Trees<'r> {
    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    fn get(&mut self, id: git2::Oid) -> Option<git2::Tree<'r>> {
        if let Some(t) = self.current.get(&id) {
            return Some(t.clone());
        }
        let tree = match self.previous.remove(&id) {
            Some(t) => t,
            None => self.repo.find_tree(id).ok()?,
        };
        self.current.insert(id, tree.clone());
        Some(tree)
    }
}

/// The folder at `path` in `tree`, if it is one.
fn subtree<'r>(trees: &mut Trees<'r>, tree: &git2::Tree<'r>, path: &Path) -> Option<git2::Tree<'r>> {
    let entry = tree.get_path(path).ok()?;
    if entry.kind() != Some(git2::ObjectType::Tree) {
        return None;
    }
    trees.get(entry.id())
}

/// Git's order of tree entries: by name bytes, a folder's name compared as
/// if it ended in `/`.
fn entry_order(a: &git2::TreeEntry, b: &git2::TreeEntry) -> std::cmp::Ordering {
    let key = |e: &git2::TreeEntry| if e.kind() == Some(git2::ObjectType::Tree) { b'/' } else { 0 };
    let (x, y) = (a.name_bytes(), b.name_bytes());
    let n = x.len().min(y.len());
    x[..n].cmp(&y[..n]).then_with(|| {
        let cx = x.get(n).copied().unwrap_or_else(|| key(a));
        let cy = y.get(n).copied().unwrap_or_else(|| key(b));
        cx.cmp(&cy)
    })
}

/// Pairs a deleted file with an added one of the same blob into a rename.
fn pair_renames(changes: &mut Vec<FileChange>) {
    let mut deleted: HashMap<ObjectId, Vec<usize>> = HashMap::new();
    for (i, c) in changes.iter().enumerate() {
        if let (Some(old), None) = (c.old, c.new) {
            deleted.entry(old).or_default().push(i);
        }
    }
    if deleted.is_empty() {
        return;
    }
    let mut gone = HashSet::new();
    for i in 0..changes.len() {
        if let (None, Some(new)) = (changes[i].old, changes[i].new)
            && let Some(d) = deleted.get_mut(&new).and_then(|v| v.pop())
        {
            changes[i].from = Some(changes[d].path.clone());
            changes[i].old = Some(new);
            gone.insert(d);
        }
    }
    let mut i = 0;
    changes.retain(|_| {
        i += 1;
        !gone.contains(&(i - 1))
    });
}

fn instant(t: git2::Time) -> Instant {
    Instant(chrono::DateTime::from_timestamp(t.seconds(), 0).unwrap_or_default())
}

/// Whether the index tracks a path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tracked {
    No,
    Yes,
    /// The path has unresolved merge conflicts.
    Conflicted,
}

/// Changes to the index, written once at the end (or when a step fails).
pub struct Staging<'g> {
    git: &'g Git,
    index: git2::Index,
}

impl Git {
    /// The index, ready to stage moves. Fails, before anything changes,
    /// when another git command holds the index lock.
    pub fn staging(&self) -> Result<Staging<'_>, Error> {
        let lock = self.repo.path().join("index.lock");
        if lock.exists() {
            return Err(Error::Git(format!(
                "another git command is using the index ({} exists); wait for it to finish, or remove the file if none is running",
                lock.display()
            )));
        }
        Ok(Staging { git: self, index: self.repo.index()? })
    }
}

impl Staging<'_> {
    fn full(&self, rel: &Path) -> PathBuf {
        self.git.prefix.join(rel)
    }

    /// Whether `rel` (relative to the records root) is in the index.
    pub fn tracked(&self, rel: &Path) -> Tracked {
        let p = self.full(rel);
        if (1..=3).any(|stage| self.index.get_path(&p, stage).is_some()) {
            Tracked::Conflicted
        } else if self.index.get_path(&p, 0).is_some() {
            Tracked::Yes
        } else {
            Tracked::No
        }
    }

    /// Stages a move like `git mv`: the entry at `from` leaves the index
    /// and the same blob (staged content, mode) appears at `to`. An
    /// untracked `from` stages nothing; returns whether it staged.
    pub fn rename(&mut self, from: &Path, to: &Path) -> Result<bool, Error> {
        let old = self.full(from);
        let Some(mut entry) = self.index.get_path(&old, 0) else { return Ok(false) };
        let new = self.full(to);
        entry.path = crate::record::display_path(&new).into_bytes();
        self.index.add(&entry)?;
        self.index.remove_path(&old)?;
        Ok(true)
    }

    /// Writes the index to disk.
    pub fn write(mut self) -> Result<(), Error> {
        self.index.write()?;
        Ok(())
    }
}

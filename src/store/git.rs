//! The one door to git: nothing else imports `git2`.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::error::Error;
use crate::model::time::Instant;

/// A git repository around a records repository.
pub struct Git {
    repo: git2::Repository,
    /// The records repository's root relative to the git work tree
    /// (empty when they are the same folder).
    prefix: PathBuf,
}

impl Git {
    /// The git repository containing `root`: `Ok(None)` when there is
    /// none (or it is a bare repository), an error when there is one that
    /// git refuses or cannot read — a repository owned by another user
    /// (git's `safe.directory` check), a broken `.git/config` — said as
    /// what it is, never as "not in a git repository".
    pub fn discover(root: &Path) -> Result<Option<Git>, Error> {
        // libgit2 re-hashes every object it reads (collision-detecting SHA-1)
        // to check it: half the time of a history walk. We only read our own
        // repository's objects, which git itself checked when it wrote them.
        git2::opts::strict_hash_verification(false);
        let repo = match git2::Repository::discover(root) {
            Ok(r) => r,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) if e.code() == git2::ErrorCode::Owner => {
                return Err(Error::Git(format!(
                    "git refuses to open the repository around {}: it is owned by another user (git's safe.directory check); if you trust it, run `git config --global --add safe.directory <its folder>`",
                    root.display()
                )));
            }
            Err(e) => {
                return Err(Error::Git(format!(
                    "cannot open the git repository around {}: {}",
                    root.display(),
                    e.message()
                )));
            }
        };
        let Some(workdir) = repo.workdir() else { return Ok(None) };
        let (Ok(workdir), Ok(root)) = (workdir.canonicalize(), root.canonicalize()) else { return Ok(None) };
        let Ok(prefix) = root.strip_prefix(&workdir).map(Path::to_path_buf) else { return Ok(None) };
        Ok(Some(Git { repo, prefix }))
    }

    /// The git repository containing `root`, for what only helps when
    /// there is one (a user name, a path prefix): any failure is `None`.
    /// Commands that rely on git use [`Git::discover`].
    pub fn open(root: &Path) -> Option<Git> {
        Git::discover(root).ok().flatten()
    }

    /// The records root relative to the work tree, as `sub/dir/` (empty at
    /// the top), to prefix paths for tools that read them from the git root.
    pub fn prefix(&self) -> String {
        let p = crate::model::record::display_path(&self.prefix);
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
                        && let Some(id) = crate::model::ids::id_in_file_name(name)
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

    /// The record files whose contents `base` changed since its merge base
    /// with HEAD (what main gained after a branch was made), as
    /// `(gained, lost)`: the files' new versions (added or changed) and
    /// their old ones (removed or changed), each with its path relative to
    /// the records root and its bytes. Only files under `dirs`.
    #[allow(clippy::type_complexity)]
    pub fn changed_on_base(
        &self,
        base: &str,
        dirs: &[&str],
    ) -> Result<(Vec<(PathBuf, Vec<u8>)>, Vec<(PathBuf, Vec<u8>)>), Error> {
        let base_commit = self.repo.revparse_single(base).and_then(|o| o.peel_to_commit())?;
        let head = self.repo.head().and_then(|h| h.peel_to_commit())?;
        let merge_base = self.repo.merge_base(base_commit.id(), head.id())?;
        let old = self.repo.find_commit(merge_base)?.tree()?;
        let new = base_commit.tree()?;
        let mut opts = git2::DiffOptions::new();
        for dir in dirs {
            opts.pathspec(self.git_path(dir));
        }
        let diff = self.repo.diff_tree_to_tree(Some(&old), Some(&new), Some(&mut opts))?;
        let (mut gained, mut lost) = (Vec::new(), Vec::new());
        for delta in diff.deltas() {
            for (file, out) in [(delta.new_file(), &mut gained), (delta.old_file(), &mut lost)] {
                let Some(path) = file.path() else { continue };
                if file.id().is_zero() || !path.file_name().is_some_and(crate::store::repo::is_record_name) {
                    continue;
                }
                let Ok(rel) = path.strip_prefix(&self.prefix) else { continue };
                if let Ok(blob) = self.repo.find_blob(file.id()) {
                    out.push((rel.to_path_buf(), blob.content().to_vec()));
                }
            }
        }
        Ok((gained, lost))
    }

    /// A path under the records root as git names it (from the work-tree
    /// root, `/`-separated).
    fn git_path(&self, rel: &str) -> String {
        let p = crate::model::record::display_path(&self.prefix.join(rel));
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

    /// The id written as [`ObjectId::hex`] wrote it.
    pub fn from_hex(hex: &str) -> Option<ObjectId> {
        if hex.len() != 40 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return None;
        }
        git2::Oid::from_str(hex).ok().map(ObjectId)
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
    /// Every commit reachable from `head` (HEAD's commit, [`Git::head`])
    /// that changed a file under one of `dirs` (folders relative to the
    /// records root), in one pass over the history.
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
    pub fn walk(&self, head: Option<ObjectId>, dirs: &[&str], keep: NameFilter) -> Result<Walk, Error> {
        let mut walk = Walk { commits: Vec::new(), shallow: self.repo.is_shallow() };
        let Some(head) = head else { return Ok(walk) };
        let mut revwalk = self.repo.revwalk()?;
        revwalk.set_sorting(git2::Sort::TOPOLOGICAL | git2::Sort::REVERSE)?;
        revwalk.push(head.0)?;
        let mut differ = Differ::new(self, dirs, keep)?;
        for oid in revwalk {
            let commit = self.repo.find_commit(oid?)?;
            if let Some(c) = differ.commit(&commit)? {
                walk.commits.push(c);
            }
        }
        Ok(walk)
    }

    /// The commit HEAD points at; `None` in a repository without commits.
    pub fn head(&self) -> Result<Option<ObjectId>, Error> {
        match self.repo.head() {
            Ok(h) => Ok(h.target().map(ObjectId)),
            Err(e) if matches!(e.code(), git2::ErrorCode::UnbornBranch | git2::ErrorCode::NotFound) => Ok(None),
            Err(e) => Err(e.into()),
        }
    }

    /// Whether the repository is a shallow clone.
    pub fn is_shallow(&self) -> bool {
        self.repo.is_shallow()
    }

    /// The commits [`Git::walk`] would add to its walk up to `since` to
    /// make its walk up to `head` — when `head` is `since` with a chain of
    /// ordinary (one-parent) commits on top. The walk's topological order
    /// then puts every commit `since` reaches first, in the order of a walk
    /// from `since`, and the chain after it, oldest first: the two walks
    /// joined are the walk from `head`, exactly. `None` when the commits in
    /// between are not such a chain (a merge among them, `since` not an
    /// ancestor: an amended or rebased history, another branch, a reset),
    /// in a shallow clone, or when anything cannot be read: then only a
    /// full walk gives the answer.
    pub fn walk_on_top(
        &self,
        since: ObjectId,
        head: ObjectId,
        dirs: &[&str],
        keep: NameFilter,
    ) -> Option<Vec<(CommitInfo, Vec<FileChange>)>> {
        if self.repo.is_shallow() {
            return None;
        }
        let mut chain = Vec::new();
        let mut at = head.0;
        while at != since.0 {
            let commit = self.repo.find_commit(at).ok()?;
            if commit.parent_count() != 1 {
                return None;
            }
            chain.push(at);
            at = commit.parent_id(0).ok()?;
        }
        let mut differ = Differ::new(self, dirs, keep).ok()?;
        let mut out = Vec::new();
        for id in chain.into_iter().rev() {
            let commit = self.repo.find_commit(id).ok()?;
            if let Some(c) = differ.commit(&commit).ok()? {
                out.push(c);
            }
        }
        Some(out)
    }

    fn parent_tree(&self, id: git2::Oid) -> Option<git2::Tree<'_>> {
        self.repo.find_commit(id).ok()?.tree().ok()
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
                out.push((crate::model::record::display_path(new), crate::model::record::display_path(old)));
            }
        }
        out
    }
}

/// The trees read for the last two commits. In a linear history the
/// folders a commit did not change are the same objects as its parent's:
/// each tree is read and parsed once, not once per commit.
struct Trees<'r> {
    odb: git2::Odb<'r>,
    current: HashMap<git2::Oid, Rc<RawTree>>,
    previous: HashMap<git2::Oid, Rc<RawTree>>,
}

impl Trees<'_> {
    fn next_commit(&mut self) {
        self.previous = std::mem::take(&mut self.current);
    }

    fn get(&mut self, id: git2::Oid) -> Option<Rc<RawTree>> {
        if let Some(t) = self.current.get(&id) {
            return Some(t.clone());
        }
        let tree = match self.previous.remove(&id) {
            Some(t) => t,
            None => Rc::new(RawTree::parse(self.odb.read(id).ok()?.data().to_vec())?),
        };
        self.current.insert(id, tree.clone());
        Some(tree)
    }
}

/// One commit's changes to the record files, compared with its first
/// parent: the part of the walk that is the same for a full walk and one
/// on top of a cached walk.
struct Differ<'g> {
    git: &'g Git,
    /// The folders looked at: as git names them, and as shown.
    dirs: Vec<(PathBuf, String)>,
    keep: NameFilter<'g>,
    trees: Trees<'g>,
}

impl<'g> Differ<'g> {
    fn new(git: &'g Git, dirs: &[&str], keep: NameFilter<'g>) -> Result<Differ<'g>, Error> {
        let dirs = dirs.iter().map(|d| (git.prefix.join(d), d.trim_end_matches('/').to_string())).collect();
        let trees = Trees { odb: git.repo.odb()?, current: HashMap::new(), previous: HashMap::new() };
        Ok(Differ { git, dirs, keep, trees })
    }

    /// The commit and its changes; `None` when it changed no record file.
    fn commit(&mut self, commit: &git2::Commit) -> Result<Option<(CommitInfo, Vec<FileChange>)>, Error> {
        self.trees.next_commit();
        let tree = commit.tree()?;
        // A parent missing from a shallow clone is no parent.
        let parents: Vec<git2::Tree> = commit.parent_ids().filter_map(|p| self.git.parent_tree(p)).collect();
        let mut changes = Vec::new();
        for (full, shown) in &self.dirs {
            let new = subtree_id(&tree, full);
            let old = parents.first().and_then(|p| subtree_id(p, full));
            if new == old {
                continue;
            }
            let new = new.and_then(|id| self.trees.get(id));
            let old = old.and_then(|id| self.trees.get(id));
            let mut base = shown.clone();
            diff(&mut self.trees, old.as_deref(), new.as_deref(), &mut base, self.keep, &mut changes);
        }
        if parents.len() > 1 {
            changes.retain(|c| {
                let rel = self.git.prefix.join(&c.path);
                parents[1..].iter().all(|p| p.get_path(&rel).ok().map(|e| ObjectId(e.id())) != c.new)
            });
        }
        if changes.is_empty() {
            return Ok(None);
        }
        pair_renames(&mut changes);
        let author = commit.author();
        let info = CommitInfo {
            id: ObjectId(commit.id()),
            author: String::from_utf8_lossy(author.name_bytes()).into_owned(),
            email: String::from_utf8_lossy(author.email_bytes()).into_owned(),
            time: instant(author.when()),
        };
        Ok(Some((info, changes)))
    }
}

/// What a tree entry is, from its mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum EntryKind {
    Tree,
    Blob,
    /// A submodule (`160000`) or anything else: not a record.
    Other,
}

/// A tree entry: offsets into its tree's raw bytes.
#[derive(Clone, Copy, Debug)]
struct Entry {
    /// The name is `name.0..name.1`; the object id follows the NUL at `name.1`.
    name: (u32, u32),
    kind: EntryKind,
}

/// A tree object read as bytes (`<mode> <name>\0<20-byte id>` per entry)
/// and split into entries once: comparing two versions of a folder of
/// thousands of records then costs a byte comparison of their common
/// beginning and a merge of the rest, without a call into libgit2 per entry.
#[derive(Debug)]
struct RawTree {
    data: Vec<u8>,
    entries: Vec<Entry>,
}

const OID_LEN: usize = 20;

impl RawTree {
    fn parse(data: Vec<u8>) -> Option<RawTree> {
        let mut entries = Vec::new();
        let mut at = 0;
        while at < data.len() {
            let space = at + memchr::memchr(b' ', &data[at..])?;
            let nul = space + 1 + memchr::memchr(0, &data[space + 1..])?;
            if nul + 1 + OID_LEN > data.len() || data.len() > u32::MAX as usize {
                return None;
            }
            let kind = match &data[at..space] {
                b"40000" => EntryKind::Tree,
                m if m.starts_with(b"10") || m == b"120000" => EntryKind::Blob,
                _ => EntryKind::Other,
            };
            entries.push(Entry { name: (space as u32 + 1, nul as u32), kind });
            at = nul + 1 + OID_LEN;
        }
        Some(RawTree { data, entries })
    }

    fn name(&self, e: &Entry) -> &[u8] {
        &self.data[e.name.0 as usize..e.name.1 as usize]
    }

    fn id_bytes(&self, e: &Entry) -> &[u8] {
        let at = e.name.1 as usize + 1;
        &self.data[at..at + OID_LEN]
    }

    fn id(&self, e: &Entry) -> Option<git2::Oid> {
        git2::Oid::from_bytes(self.id_bytes(e)).ok()
    }

    /// Where the entry ends in the raw bytes.
    fn end(e: &Entry) -> usize {
        e.name.1 as usize + 1 + OID_LEN
    }
}

/// The length of the common beginning of two byte strings.
fn common_prefix(a: &[u8], b: &[u8]) -> usize {
    const CHUNK: usize = 64;
    let n = a.len().min(b.len());
    let mut p = 0;
    while p + CHUNK <= n && a[p..p + CHUNK] == b[p..p + CHUNK] {
        p += CHUNK;
    }
    p + a[p..n].iter().zip(&b[p..n]).take_while(|(x, y)| x == y).count()
}

/// Compares two trees entry by entry in git's order, descending only into
/// subtrees whose ids differ. The entries wholly inside the trees' common
/// first bytes are the same entries, at the same places: they are skipped
/// at once.
fn diff(
    trees: &mut Trees,
    old: Option<&RawTree>,
    new: Option<&RawTree>,
    base: &mut String,
    keep: NameFilter,
    out: &mut Vec<FileChange>,
) {
    let no: &[Entry] = &[];
    let olds = old.map_or(no, |t| t.entries.as_slice());
    let news = new.map_or(no, |t| t.entries.as_slice());
    let (mut i, mut j) = (0, 0);
    if let (Some(a), Some(b)) = (old, new) {
        let p = common_prefix(&a.data, &b.data);
        let k = olds.partition_point(|e| RawTree::end(e) <= p).min(news.partition_point(|e| RawTree::end(e) <= p));
        (i, j) = (k, k);
    }
    while i < olds.len() || j < news.len() {
        let ord = match (olds.get(i), news.get(j), old, new) {
            (Some(a), Some(b), Some(ta), Some(tb)) => entry_order(ta.name(a), a.kind, tb.name(b), b.kind),
            (Some(_), None, ..) => std::cmp::Ordering::Less,
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
        let a = a.zip(old);
        let b = b.zip(new);
        if let (Some((ea, ta)), Some((eb, tb))) = (a, b)
            && ta.id_bytes(ea) == tb.id_bytes(eb)
        {
            continue;
        }
        let Some((any, tree)) = a.or(b) else { continue };
        let Ok(name) = std::str::from_utf8(tree.name(any)) else { continue };
        let is_tree = any.kind == EntryKind::Tree;
        if !keep(name, is_tree) {
            continue;
        }
        let len = base.len();
        if !base.is_empty() {
            base.push('/');
        }
        base.push_str(name);
        if is_tree {
            let sub_a = a.and_then(|(e, t)| t.id(e)).and_then(|id| trees.get(id));
            let sub_b = b.and_then(|(e, t)| t.id(e)).and_then(|id| trees.get(id));
            diff(trees, sub_a.as_deref(), sub_b.as_deref(), base, keep, out);
        } else if any.kind == EntryKind::Blob {
            out.push(FileChange {
                path: base.clone(),
                from: None,
                old: a.and_then(|(e, t)| t.id(e)).map(ObjectId),
                new: b.and_then(|(e, t)| t.id(e)).map(ObjectId),
            });
        }
        base.truncate(len);
    }
}

/// The id of the folder at `path` in `tree`, if it is one.
fn subtree_id(tree: &git2::Tree, path: &Path) -> Option<git2::Oid> {
    let entry = tree.get_path(path).ok()?;
    (entry.kind() == Some(git2::ObjectType::Tree)).then(|| entry.id())
}

/// Git's order of tree entries: by name bytes, a folder's name compared as
/// if it ended in `/`.
fn entry_order(x: &[u8], xk: EntryKind, y: &[u8], yk: EntryKind) -> std::cmp::Ordering {
    let key = |k: EntryKind| if k == EntryKind::Tree { b'/' } else { 0 };
    let n = x.len().min(y.len());
    x[..n].cmp(&y[..n]).then_with(|| {
        let cx = x.get(n).copied().unwrap_or_else(|| key(xk));
        let cy = y.get(n).copied().unwrap_or_else(|| key(yk));
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
        entry.path = crate::model::record::display_path(&new).into_bytes();
        self.index.add(&entry)?;
        self.index.remove_path(&old)?;
        Ok(true)
    }

    /// Moves an earlier `comms archive` made but did not stage (it was
    /// killed between moving files and writing the index): a file of
    /// `candidates` (archived records, relative to the records root) that
    /// the index does not know, paired with the index entry of the same
    /// file name under `from_dir` whose file is gone from the work tree.
    /// `root` is the records root on disk. Each pair is staged like
    /// [`Staging::rename`]; returns the pairs.
    pub fn recover_moves(
        &mut self,
        root: &Path,
        from_dir: &str,
        candidates: &[PathBuf],
    ) -> Result<Vec<(PathBuf, PathBuf)>, Error> {
        let untracked: HashMap<&std::ffi::OsStr, &PathBuf> = candidates
            .iter()
            .filter(|p| self.tracked(p) == Tracked::No)
            .filter_map(|p| Some((p.file_name()?, p)))
            .collect();
        if untracked.is_empty() {
            return Ok(Vec::new());
        }
        let dir = self.full(Path::new(from_dir));
        let mut gone: Vec<PathBuf> = Vec::new();
        for entry in self.index.iter() {
            let Ok(path) = std::str::from_utf8(&entry.path) else { continue };
            let Ok(rel) = Path::new(path).strip_prefix(&self.git.prefix) else { continue };
            if !Path::new(path).starts_with(&dir) {
                continue;
            }
            let named = rel.file_name().is_some_and(|n| untracked.contains_key(n));
            if named && std::fs::symlink_metadata(root.join(rel)).is_err() {
                gone.push(rel.to_path_buf());
            }
        }
        let mut out = Vec::new();
        for from in gone {
            let Some(to) = from.file_name().and_then(|n| untracked.get(n)) else { continue };
            if self.rename(&from, to)? {
                out.push((from, (*to).clone()));
            }
        }
        Ok(out)
    }

    /// Stages the file at `rel` as it is in the work tree (for a moved
    /// link, whose text archive rewrote).
    pub fn add(&mut self, rel: &Path) -> Result<(), Error> {
        self.index.add_path(&self.full(rel))?;
        Ok(())
    }

    /// Writes the index to disk.
    pub fn write(mut self) -> Result<(), Error> {
        self.index.write()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tree of `names` (a trailing `/` makes a folder) written into a
    /// fresh repository; returns the repository and the tree's id.
    fn tree_of(dir: &Path, names: &[&str]) -> (git2::Repository, git2::Oid) {
        let repo = git2::Repository::init(dir).unwrap();
        let sub = {
            let blob = repo.blob(b"inner").unwrap();
            let mut b = repo.treebuilder(None).unwrap();
            b.insert("x.md", blob, 0o100644).unwrap();
            b.write().unwrap()
        };
        let id = {
            let mut b = repo.treebuilder(None).unwrap();
            for (k, n) in names.iter().enumerate() {
                match n.strip_suffix('/') {
                    Some(folder) => b.insert(folder, sub, 0o040000).unwrap(),
                    None => {
                        let blob = repo.blob(format!("content {k}").as_bytes()).unwrap();
                        let mode = if k % 3 == 0 { 0o100755 } else { 0o100644 };
                        b.insert(*n, blob, mode).unwrap()
                    }
                };
            }
            b.write().unwrap()
        };
        (repo, id)
    }

    #[test]
    fn raw_trees_read_like_libgit2() {
        let dir = tempfile::tempdir().unwrap();
        let names = ["a.md", "a/", "a-b.md", "记录 一.md", "z/", "空格 name.md", "b.md"];
        let (repo, id) = tree_of(dir.path(), &names);
        let tree = repo.find_tree(id).unwrap();
        let raw = RawTree::parse(repo.odb().unwrap().read(id).unwrap().data().to_vec()).unwrap();
        assert_eq!(raw.entries.len(), tree.len());
        for (e, g) in raw.entries.iter().zip(tree.iter()) {
            assert_eq!(raw.name(e), g.name_bytes());
            assert_eq!(raw.id(e), Some(g.id()));
            let kind = match g.kind() {
                Some(git2::ObjectType::Tree) => EntryKind::Tree,
                Some(git2::ObjectType::Blob) => EntryKind::Blob,
                _ => EntryKind::Other,
            };
            assert_eq!(e.kind, kind);
        }
        // Truncated bytes are not a tree.
        let data = repo.odb().unwrap().read(id).unwrap().data().to_vec();
        assert!(RawTree::parse(data[..data.len() - 3].to_vec()).is_none());
    }

    /// Writes a tree holding `files` (`dir/name` paths → contents) into
    /// `repo`, nested folders included.
    fn write_tree(repo: &git2::Repository, files: &std::collections::BTreeMap<String, u8>) -> git2::Oid {
        let mut here: std::collections::BTreeMap<String, (u8, bool)> = std::collections::BTreeMap::new();
        let mut folders: std::collections::BTreeMap<String, std::collections::BTreeMap<String, u8>> =
            std::collections::BTreeMap::new();
        for (path, content) in files {
            match path.split_once('/') {
                Some((dir, rest)) => {
                    folders.entry(dir.to_string()).or_default().insert(rest.to_string(), *content);
                }
                None => {
                    here.insert(path.clone(), (*content, false));
                }
            }
        }
        let mut b = repo.treebuilder(None).unwrap();
        for (name, (content, _)) in &here {
            if folders.contains_key(name) {
                continue;
            }
            let blob = repo.blob(format!("content {content}").as_bytes()).unwrap();
            b.insert(name, blob, 0o100644).unwrap();
        }
        for (name, sub) in &folders {
            b.insert(name, write_tree(repo, sub), 0o040000).unwrap();
        }
        b.write().unwrap()
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

        /// Our comparison of two trees finds exactly the blobs libgit2's
        /// tree-to-tree diff finds, with the same old and new ids, on names
        /// chosen to stress git's ordering (`a`, `a-b`, `a.md`, `a/`).
        #[test]
        fn raw_tree_diff_agrees_with_libgit2(
            old in proptest::collection::btree_map("(a|a-b|a\\.md|b|记录)(/(a|a\\.md|x|x-y)){0,2}", 0u8..3, 0..12),
            new in proptest::collection::btree_map("(a|a-b|a\\.md|b|记录)(/(a|a\\.md|x|x-y)){0,2}", 0u8..3, 0..12),
        ) {
            let dir = tempfile::tempdir().unwrap();
            let repo = git2::Repository::init(dir.path()).unwrap();
            let (a, b) = (write_tree(&repo, &old), write_tree(&repo, &new));
            let odb = repo.odb().unwrap();
            let mut trees = Trees { odb, current: HashMap::new(), previous: HashMap::new() };
            let (ta, tb) = (trees.get(a), trees.get(b));
            let mut ours = Vec::new();
            diff(&mut trees, ta.as_deref(), tb.as_deref(), &mut String::new(), &|_, _| true, &mut ours);
            let mut ours: Vec<(String, Option<git2::Oid>, Option<git2::Oid>)> =
                ours.into_iter().map(|c| (c.path, c.old.map(|o| o.0), c.new.map(|o| o.0))).collect();
            ours.sort();
            let (ga, gb) = (repo.find_tree(a).unwrap(), repo.find_tree(b).unwrap());
            let d = repo.diff_tree_to_tree(Some(&ga), Some(&gb), None).unwrap();
            let mut theirs: Vec<(String, Option<git2::Oid>, Option<git2::Oid>)> = d
                .deltas()
                .map(|x| {
                    let side = |f: git2::DiffFile| (!f.id().is_zero()).then(|| f.id());
                    let path = x.new_file().path().or(x.old_file().path()).unwrap().to_str().unwrap().to_string();
                    (path, side(x.old_file()), side(x.new_file()))
                })
                .collect();
            theirs.sort();
            proptest::prop_assert_eq!(ours, theirs);
        }
    }

    #[test]
    fn the_common_prefix_is_exact() {
        let a: Vec<u8> = (0..300u32).map(|i| (i % 251) as u8).collect();
        for cut in [0, 1, 63, 64, 65, 128, 299] {
            let mut b = a.clone();
            b[cut] ^= 1;
            assert_eq!(common_prefix(&a, &b), cut);
        }
        assert_eq!(common_prefix(&a, &a[..100]), 100);
        assert_eq!(common_prefix(&a, &a), 300);
    }
}

//! What git history says about records: when each was added, when its
//! status became done or cancelled, and who changed its status and owner.
//!
//! [`crate::store::git::Git::walk`] reads the history once and lists, per commit,
//! the record files it changed and their blobs. This module gives those
//! changes their meaning: it reads each changed blob's front matter once
//! (a blob is cached by id, so a version is parsed once however many
//! commits share it), follows each file through renames, and keeps one
//! *lineage* per file at HEAD: its changes, oldest first.
//!
//! A rename is a deleted file and an added one in the same commit that have
//! the same blob (found by `git.rs`), the same record `id`, or — when
//! neither — the same file name. `comms archive` keeps the file name and
//! the blob, so its moves are always followed.

use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use crate::model::record::{Document, Record, Status, display_path};
use crate::model::time::Instant;
use crate::model::types::Catalog;
use crate::store::git::{CommitInfo, FileChange, Git, ObjectId};
use crate::store::histcache;
use crate::store::repo::Repo;

/// A record's fields at one version, as far as history needs them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Version {
    pub id: Option<String>,
    /// The status as written (an alias, or a value that is not a status).
    pub status_text: Option<String>,
    pub status: Option<Status>,
    pub owner: Option<String>,
}

impl Version {
    fn parse(bytes: Vec<u8>, catalog: &Catalog) -> Version {
        let Ok(doc) = Document::parse(Path::new("blob"), bytes) else { return Version::default() };
        let text = |k: &str| doc.str(k).filter(|s| !s.is_empty()).map(str::to_string);
        Version::new(text("id"), text("status"), text("owner"), catalog)
    }

    /// A version from its fields as written; the status is recognised by
    /// `catalog` (its aliases).
    pub fn new(id: Option<String>, status_text: Option<String>, owner: Option<String>, catalog: &Catalog) -> Version {
        Version { id, status: status_text.as_deref().and_then(|s| catalog.status(s)), status_text, owner }
    }

    /// The status to show: canonical when it is one, else as written.
    pub fn status_shown(&self) -> Option<&str> {
        self.status.map(Status::as_str).or(self.status_text.as_deref())
    }

    fn closed(&self) -> bool {
        self.status.is_some_and(Status::is_closed)
    }
}

/// One commit's change to one record file.
#[derive(Clone, Debug)]
pub struct Event {
    pub commit: Arc<CommitInfo>,
    /// The path after the change, relative to the records root.
    pub path: String,
    /// The path before, when the commit moved the file.
    pub moved_from: Option<String>,
    /// `None`: the commit added the file.
    pub before: Option<Arc<Version>>,
    /// `None`: the commit deleted the file.
    pub after: Option<Arc<Version>>,
}

impl Event {
    pub fn added(&self) -> bool {
        self.before.is_none()
    }

    /// The status before and after, when the commit changed it.
    pub fn status_change(&self) -> Option<(Option<&str>, Option<&str>)> {
        let before = self.before.as_ref().and_then(|v| v.status_shown());
        let after = self.after.as_ref().and_then(|v| v.status_shown());
        (before != after).then_some((before, after))
    }

    /// The owner before and after, when the commit changed it.
    pub fn owner_change(&self) -> Option<(Option<&str>, Option<&str>)> {
        let before = self.before.as_ref().and_then(|v| v.owner.as_deref());
        let after = self.after.as_ref().and_then(|v| v.owner.as_deref());
        (before != after).then_some((before, after))
    }

    /// Whether the commit made the record done or cancelled.
    fn closes(&self) -> bool {
        self.after.as_ref().is_some_and(|v| v.closed()) && !self.before.as_ref().is_some_and(|v| v.closed())
    }
}

/// The history of a repository's records.
#[derive(Debug, Default)]
pub struct History {
    /// Per file at HEAD (relative to the records root): its changes, oldest
    /// first, across renames.
    lineages: HashMap<String, Vec<Event>>,
    /// Renames staged but not committed: new path → old path. Read from the
    /// git index the first time a path has no lineage (comparing the index
    /// with HEAD's tree costs as much as reading the cached walk).
    staged: OnceCell<HashMap<String, String>>,
    /// Where the staged renames are read from.
    index: Option<Index>,
    /// Read from a shallow clone: times of files older than its boundary
    /// are the boundary commit's.
    pub shallow: bool,
}

/// The git repository and the folders whose staged renames count.
struct Index {
    git: Git,
    dirs: [String; 2],
}

impl std::fmt::Debug for Index {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Index").field("dirs", &self.dirs).finish_non_exhaustive()
    }
}

/// How many missing times history filled in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Filled {
    pub created: usize,
    pub closed: usize,
}

impl History {
    /// Reads the history of the git repository around `repo`; `Ok(None)`
    /// outside git.
    pub fn load(repo: &Repo) -> Result<Option<History>, crate::error::Error> {
        let Some(git) = Git::discover(&repo.root)? else { return Ok(None) };
        let mut history = History::read(&git, repo)?;
        history.index = Some(Index { git, dirs: [repo.config.records_dir.clone(), repo.config.archive_dir.clone()] });
        Ok(Some(history))
    }

    fn read(git: &Git, repo: &Repo) -> Result<History, crate::error::Error> {
        let dirs = [repo.config.records_dir.as_str(), repo.config.archive_dir.as_str()];
        let keep = |name: &str, dir: bool| {
            !name.starts_with('.') && (dir || crate::store::repo::is_record_name(name.as_ref()))
        };
        let head = git.head()?;
        let shallow = git.is_shallow();
        // The walk cached by HEAD (docs/history-cache.md): not with
        // `--no-cache`, nor in a shallow clone (whose boundary can move
        // under the same HEAD).
        let cache = match (repo.cache && !shallow, head) {
            (true, Some(_)) => histcache::location(&repo.root),
            _ => None,
        };
        let key = histcache::Key { dirs: dirs.iter().map(|d| d.to_string()).collect(), prefix: git.prefix() };
        let cached = cache.as_deref().and_then(|at| histcache::load(at, &key, &repo.catalog));
        let mut versions = Versions { git, catalog: &repo.catalog, known: HashMap::new(), unreadable: false };
        let (commits, fresh) = match (cached, head) {
            (Some(c), Some(h)) if c.head == h => {
                versions.known = c.versions;
                (c.commits, false)
            }
            (Some(c), Some(h)) => match git.walk_on_top(c.head, h, &dirs, &keep) {
                Some(more) => {
                    versions.known = c.versions;
                    let mut commits = c.commits;
                    commits.extend(more);
                    (commits, true)
                }
                None => (git.walk(head, &dirs, &keep)?.commits, true),
            },
            _ => (git.walk(head, &dirs, &keep)?.commits, true),
        };
        if fresh && let (Some(at), Some(h)) = (&cache, head) {
            for (_, changes) in &commits {
                for c in changes {
                    versions.get(c.old);
                    versions.get(c.new);
                }
            }
            // A version that could not be read is not remembered as empty.
            if !versions.unreadable {
                histcache::store(at, &key, h, &commits, &versions.known);
            }
        }
        let mut version = |id: Option<ObjectId>| versions.get(id);
        let mut lineages: Vec<Vec<Event>> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for (info, changes) in commits {
            let commit = Arc::new(info);
            let changes = pair_by_record(changes, &mut version);
            for c in changes {
                let event = Event {
                    commit: commit.clone(),
                    path: c.path.clone(),
                    moved_from: c.from.clone(),
                    before: version(c.old),
                    after: version(c.new),
                };
                let existing = match &c.from {
                    Some(from) => at.remove(from),
                    None => at.get(&c.path).copied(),
                };
                let i = match existing {
                    // A file added again after a deletion starts afresh.
                    Some(i) if !(c.old.is_none() && c.from.is_none()) => i,
                    _ => {
                        lineages.push(Vec::new());
                        lineages.len() - 1
                    }
                };
                lineages[i].push(event);
                if c.new.is_some() {
                    at.insert(c.path, i);
                } else {
                    at.remove(&c.path);
                }
            }
        }
        let mut by_path = HashMap::with_capacity(at.len());
        let mut lineages: Vec<Option<Vec<Event>>> = lineages.into_iter().map(Some).collect();
        for (path, i) in at {
            if let Some(l) = lineages.get_mut(i).and_then(Option::take) {
                by_path.insert(path, l);
            }
        }
        Ok(History { lineages: by_path, staged: OnceCell::new(), index: None, shallow })
    }

    /// The changes of the file at `path` (relative to the records root),
    /// oldest first; a staged but uncommitted move is followed back.
    pub fn events(&self, path: &Path) -> &[Event] {
        let p = display_path(path);
        if let Some(l) = self.lineages.get(&p) {
            return l;
        }
        let staged = self.staged.get_or_init(|| match &self.index {
            Some(i) => i.git.staged_renames(&[&i.dirs[0], &i.dirs[1]]).into_iter().collect(),
            None => HashMap::new(),
        });
        staged.get(&p).and_then(|old| self.lineages.get(old)).map_or(&[], Vec::as_slice)
    }

    /// When the file was added: the time of the commit that added it.
    pub fn added(&self, path: &Path) -> Option<Instant> {
        self.events(path).first().filter(|e| e.added()).map(|e| e.commit.time)
    }

    /// When the record last became done or cancelled.
    pub fn closed(&self, path: &Path) -> Option<Instant> {
        self.events(path).iter().rev().find(|e| e.closes()).map(|e| e.commit.time)
    }

    /// Fills missing `created` times (any record) and `closed` times (done
    /// or cancelled records) from history.
    pub fn fill(&self, records: &mut [Record]) -> Filled {
        let mut filled = Filled::default();
        for r in records.iter_mut() {
            if r.created.is_none()
                && let Some(t) = self.added(&r.path)
            {
                r.created = Some(t);
                filled.created += 1;
            }
            if r.closed.is_none()
                && r.status.is_some_and(Status::is_closed)
                && let Some(t) = self.closed(&r.path)
            {
                r.closed = Some(t);
                filled.closed += 1;
            }
        }
        filled
    }
}

/// The versions of record files the walk names, each read once (a blob is
/// cached by id, so a version is parsed once however many commits share
/// it).
struct Versions<'a> {
    git: &'a Git,
    catalog: &'a Catalog,
    known: HashMap<ObjectId, Arc<Version>>,
    /// A blob could not be read (it is then taken as empty).
    unreadable: bool,
}

impl Versions<'_> {
    fn get(&mut self, id: Option<ObjectId>) -> Option<Arc<Version>> {
        let id = id?;
        let v = self.known.entry(id).or_insert_with(|| {
            Arc::new(match self.git.blob(id) {
                Some(b) => Version::parse(b, self.catalog),
                None => {
                    self.unreadable = true;
                    Version::default()
                }
            })
        });
        Some(v.clone())
    }
}

/// Whether history is needed to fill the times of these records.
pub fn needed(records: &[Record]) -> bool {
    records.iter().any(|r| r.created.is_none() || (r.closed.is_none() && r.status.is_some_and(Status::is_closed)))
}

/// Pairs the deletions and additions of one commit that git.rs could not
/// pair by blob: the same record id, else the same file name (when only
/// one deletion has it).
fn pair_by_record(
    mut changes: Vec<FileChange>,
    version: &mut impl FnMut(Option<ObjectId>) -> Option<Arc<Version>>,
) -> Vec<FileChange> {
    let deleted: Vec<usize> = (0..changes.len()).filter(|&i| changes[i].new.is_none()).collect();
    if deleted.is_empty() || !changes.iter().any(|c| c.old.is_none()) {
        return changes;
    }
    let mut taken = vec![false; changes.len()];
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let gone: Vec<(usize, Option<String>, String)> = deleted
        .iter()
        .map(|&d| (d, version(changes[d].old).and_then(|v| v.id.clone()), name(&changes[d].path)))
        .collect();
    for i in 0..changes.len() {
        if changes[i].old.is_some() {
            continue;
        }
        let id = version(changes[i].new).and_then(|v| v.id.clone());
        let by_id = || gone.iter().find(|(d, gid, _)| !taken[*d] && id.is_some() && *gid == id).map(|g| g.0);
        // Two different ids are two records, whatever their file names.
        let by_name = || {
            let n = name(&changes[i].path);
            let same: Vec<usize> = gone
                .iter()
                .filter(|(d, gid, gname)| !taken[*d] && *gname == n && (id.is_none() || gid.is_none()))
                .map(|g| g.0)
                .collect();
            (same.len() == 1).then(|| same[0])
        };
        if let Some(d) = by_id().or_else(by_name) {
            taken[d] = true;
            changes[i].from = Some(changes[d].path.clone());
            changes[i].old = changes[d].old;
        }
    }
    changes.into_iter().zip(taken).filter(|(_, t)| !t).map(|(c, _)| c).collect()
}

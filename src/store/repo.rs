//! A records repository on disk: where it is, its settings, and its record
//! files. Finding and reading files lives here; what to do with them does not.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use rayon::prelude::*;

use crate::error::Error;
use crate::model::config::{self, Config};
use crate::model::diagnostic::{Code, Diagnostic};
use crate::model::record::{self, Document, LoadError, Record};
use crate::model::types::Catalog;
use crate::store::cache;

/// A records repository.
#[derive(Clone, Debug)]
pub struct Repo {
    /// The folder holding `comms.yaml` (or standing in for it).
    pub root: PathBuf,
    pub config: Config,
    pub catalog: Catalog,
    /// Told how a long scan advances (a progress bar on a terminal).
    pub progress: Option<Arc<dyn Progress>>,
    /// Whether the caches under the git state folder (parsed records,
    /// history) may be used and written; `--no-cache` turns them off.
    pub cache: bool,
}

/// Something that shows how far a scan of many files has got. The domain
/// only reports; the terminal layer draws.
pub trait Progress: Send + Sync + std::fmt::Debug {
    fn start(&self, total: u64);
    fn tick(&self);
    fn finish(&self);
}

/// Scans of fewer files than this finish before a bar would be worth drawing.
const PROGRESS_FROM: usize = 5_000;

/// What a walk of the repository found.
#[derive(Default)]
struct Walked {
    files: Vec<RecordFile>,
    /// For each file, its stamp, when asked for and readable.
    stamps: Vec<Option<cache::Stamp>>,
    problems: Vec<Diagnostic>,
}

impl Walked {
    fn extend(&mut self, other: Walked) {
        self.files.extend(other.files);
        self.stamps.extend(other.stamps);
        self.problems.extend(other.problems);
    }

    /// Sorts the files by path (their stamps with them), keeping the first
    /// of a file found twice (a records folder inside the archive one):
    /// the active one. In place, so that the list is held once.
    fn sort(&mut self) {
        let (files, stamps) = (&mut self.files, &mut self.stamps);
        let mut order: Vec<usize> = (0..files.len()).collect();
        order.sort_unstable_by(|&a, &b| files[a].cmp(&files[b]).then(files[a].archived.cmp(&files[b].archived)));
        // Position i takes the file at order[i], cycle by cycle.
        for start in 0..order.len() {
            let mut at = start;
            while order[at] != usize::MAX {
                let from = order[at];
                order[at] = usize::MAX;
                if from == start {
                    break;
                }
                files.swap(at, from);
                if !stamps.is_empty() {
                    stamps.swap(at, from);
                }
                at = from;
            }
        }
        let mut kept = 0;
        for i in 0..files.len() {
            // Byte equality: `Path`'s own compares component by component.
            if kept > 0 && files[kept - 1].rel.as_os_str() == files[i].rel.as_os_str() {
                continue;
            }
            files.swap(kept, i);
            if !stamps.is_empty() {
                stamps.swap(kept, i);
            }
            kept += 1;
        }
        files.truncate(kept);
        stamps.truncate(kept);
    }
}

/// A record file found in the repository.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct RecordFile {
    /// Path relative to the repository root.
    pub rel: PathBuf,
    /// Whether it is under the archive folder.
    pub archived: bool,
}

/// Files sort by the bytes of their paths: the same order everywhere, and
/// several times cheaper than comparing path components at 100,000 files.
impl Ord for RecordFile {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.rel.as_os_str().as_encoded_bytes().cmp(other.rel.as_os_str().as_encoded_bytes())
    }
}

impl PartialOrd for RecordFile {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Repo {
    /// Finds the repository: `explicit` if given, else the nearest ancestor
    /// of the current directory holding `comms.yaml`, else the git work-tree
    /// root, else the current directory.
    pub fn discover(explicit: Option<&Path>) -> Result<Repo, Error> {
        let root = match explicit {
            Some(dir) => {
                if !dir.is_dir() {
                    return Err(Error::NoSuchFolder { path: dir.to_path_buf() });
                }
                dir.to_path_buf()
            }
            None => {
                let cwd = std::env::current_dir().map_err(|e| Error::Io { path: PathBuf::from("."), cause: e })?;
                find_root(&cwd)
            }
        };
        Repo::open(root)
    }

    /// Opens the repository at `root`.
    pub fn open(root: PathBuf) -> Result<Repo, Error> {
        let mut config = Config::load(&root)?;
        let catalog = Catalog::load(Some(&root))?;
        config.check_types(&catalog)?;
        Ok(Repo { root, config, catalog, progress: None, cache: true })
    }

    /// Whether this is a records repository: it has `comms.yaml`, or a
    /// records or archive folder. Commands on records refuse to run
    /// elsewhere, so that a CI job in the wrong folder cannot pass on
    /// nothing and `new` does not start a records folder by accident.
    pub fn is_records_repository(&self) -> bool {
        self.root.join(config::FILE).is_file()
            || self.root.join(&self.config.records_dir).is_dir()
            || self.root.join(&self.config.archive_dir).is_dir()
    }

    /// [`Repo::is_records_repository`], as an error naming the folder.
    pub fn require(&self) -> Result<(), Error> {
        if self.is_records_repository() {
            Ok(())
        } else {
            Err(Error::NotARepository { root: self.root.clone(), records: self.config.records_dir.clone() })
        }
    }

    /// The records folder must exist (for `validate` and `check`: "no
    /// problems in 0 records" from a misspelt `records_dir` would pass CI).
    pub fn require_records_dir(&self) -> Result<(), Error> {
        self.require()?;
        if self.root.join(&self.config.records_dir).is_dir() {
            Ok(())
        } else {
            Err(Error::NoRecordsDir { root: self.root.clone(), dir: self.config.records_dir.clone() })
        }
    }

    pub fn abs(&self, rel: &Path) -> PathBuf {
        self.root.join(rel)
    }

    /// Every record file, active and archived, sorted by path. Walk errors
    /// (an unreadable folder) come back as diagnostics.
    pub fn record_files(&self) -> (Vec<RecordFile>, Vec<Diagnostic>) {
        let walked = self.walk_repository(false);
        (walked.files, walked.problems)
    }

    /// [`Repo::record_files`], with each file's stamp for the record cache
    /// when `stamps` (taken during the walk, by the folder's handle: no
    /// path is resolved twice).
    fn walk_repository(&self, stamps: bool) -> Walked {
        let folders = [(&self.config.records_dir, false), (&self.config.archive_dir, true)];
        let walked: Vec<Walked> = folders
            .par_iter()
            .map(|&(dir, archived)| {
                let mut found = Walked::default();
                // A records or archive folder that is a link (git stores
                // links) could lead anywhere: it is reported, not followed.
                match crate::store::guard::real_dir(&self.root, Path::new(dir), false) {
                    Ok(base) => self.walk(&base, &self.rel(&base), archived, stamps, 0, &mut found),
                    Err(e @ crate::store::guard::GuardError::LinkedFolder { .. }) => {
                        let at = record::display_path(Path::new(dir));
                        found.problems.push(Diagnostic::new(Code::Unreadable, &at, 1, 1, linked_folder_message(&e)));
                    }
                    Err(_) => {}
                }
                found
            })
            .collect();
        let mut all = walked
            .into_iter()
            .reduce(|mut a, b| {
                a.extend(b);
                a
            })
            .unwrap_or_default();
        all.sort();
        all
    }

    /// Record files under `dir` (a folder or a single file), for `validate PATHS`.
    pub fn files_under(&self, path: &Path) -> (Vec<RecordFile>, Vec<Diagnostic>) {
        let mut found = Walked::default();
        let archived = self.rel(path).starts_with(&self.config.archive_dir);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => self.walk(path, &self.rel(path), archived, false, 0, &mut found),
            // Named on the command line but not a file (a FIFO would block).
            Ok(m) if !m.is_file() => found.problems.push(Diagnostic::new(
                Code::Unreadable,
                &record::display_path(&self.rel(path)),
                1,
                1,
                "cannot read it: not a regular file",
            )),
            _ => found.files.push(RecordFile { rel: self.rel(path), archived }),
        }
        found.sort();
        (found.files, found.problems)
    }

    /// Walks the folder `dir` (`rel` from the root) and every folder below
    /// it but hidden ones, the folders below in parallel, collecting record
    /// files (with their stamps when `stamps`) and what could not be read.
    fn walk(&self, dir: &Path, rel: &Path, archived: bool, stamps: bool, depth: usize, found: &mut Walked) {
        let unreadable = |at: &Path, e: std::io::Error| {
            Diagnostic::new(
                Code::Unreadable,
                &record::display_path(at),
                1,
                1,
                format!("cannot read this folder: {}", e.to_string().to_lowercase()),
            )
        };
        let entries = match std::fs::read_dir(dir) {
            Ok(entries) => entries,
            Err(e) => return found.problems.push(unreadable(rel, e)),
        };
        let mut subdirs = Vec::new();
        for entry in entries {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    found.problems.push(unreadable(rel, e));
                    break;
                }
            };
            let name = entry.file_name();
            if is_hidden(&name) {
                continue;
            }
            let Ok(ft) = entry.file_type() else { continue };
            if ft.is_dir() {
                subdirs.push(name);
                continue;
            }
            let is_link = ft.is_symlink();
            // The target of a link: a folder is reported and not followed
            // (no loops); a dangling link is reported when it is read.
            let target = if is_link { std::fs::metadata(entry.path()).ok() } else { None };
            if target.as_ref().is_some_and(std::fs::Metadata::is_dir) {
                let shown = std::fs::read_link(entry.path()).map(|t| record::display_path(&t)).unwrap_or_default();
                found.problems.push(Diagnostic::new(
                    Code::Unreadable,
                    &record::display_path(&rel.join(&name)),
                    1,
                    1,
                    format!(
                        "a symbolic link to a folder ({shown}); comms does not follow it, so no record there is read or written — replace the link with the folder"
                    ),
                ));
                continue;
            }
            // Regular files and links to them. A FIFO, socket or device
            // named `*.md` is skipped: opening a FIFO would wait forever.
            if !is_record_name(&name) || !(ft.is_file() || is_link) || target.as_ref().is_some_and(|m| !m.is_file()) {
                continue;
            }
            if stamps {
                found.stamps.push(match target {
                    // A link's target is what is read.
                    Some(m) => cache::Stamp::of_metadata(&m),
                    // By the folder's handle, not the path again.
                    None => entry.metadata().ok().and_then(|m| cache::Stamp::of_metadata(&m)),
                });
            }
            found.files.push(RecordFile { rel: rel.join(&name), archived });
        }
        // The folders directly below a records or archive folder (the
        // archive's years) in parallel, each walked whole by one thread.
        if depth > 0 {
            for name in subdirs {
                self.walk(&dir.join(&name), &rel.join(&name), archived, stamps, depth + 1, found);
            }
            return;
        }
        let below: Vec<Walked> = subdirs
            .par_iter()
            .map(|name| {
                let mut w = Walked::default();
                self.walk(&dir.join(name), &rel.join(name), archived, stamps, depth + 1, &mut w);
                w
            })
            .collect();
        for w in below {
            found.extend(w);
        }
    }

    /// `path` relative to the root when it is inside, else absolute (so
    /// that [`Repo::abs`] finds it either way).
    pub fn rel(&self, path: &Path) -> PathBuf {
        if let Ok(r) = path.strip_prefix(&self.root) {
            return r.to_path_buf();
        }
        if let (Ok(abs), Ok(root)) = (path.canonicalize(), self.root.canonicalize())
            && let Ok(r) = abs.strip_prefix(&root)
        {
            return r.to_path_buf();
        }
        if path.is_absolute() {
            return path.to_path_buf();
        }
        std::env::current_dir().map(|cwd| cwd.join(path)).unwrap_or_else(|_| path.to_path_buf())
    }

    /// Reads one record file.
    pub fn read(&self, file: &RecordFile) -> Result<Document, LoadError> {
        Document::read(&self.abs(&file.rel), &file.rel, self.config.max_file_size)
    }

    /// [`Repo::scan`] over files it owns.
    pub fn scan_owned<T, F>(&self, files: Vec<RecordFile>, f: F) -> Vec<T>
    where
        T: Send,
        F: Fn(RecordFile, Result<Document, LoadError>) -> T + Sync + Send,
    {
        let progress = self.progress.as_ref().filter(|_| files.len() >= PROGRESS_FROM);
        if let Some(p) = progress {
            p.start(files.len() as u64);
        }
        let out = files
            .into_par_iter()
            .map(|file| {
                let doc = self.read(&file);
                let r = f(file, doc);
                if let Some(p) = progress {
                    p.tick();
                }
                r
            })
            .collect();
        if let Some(p) = progress {
            p.finish();
        }
        out
    }

    /// Reads every file in parallel and maps each result with `f`; the
    /// results keep the order of `files`.
    pub fn scan<T, F>(&self, files: &[RecordFile], f: F) -> Vec<T>
    where
        T: Send,
        F: Fn(&RecordFile, Result<Document, LoadError>) -> T + Sync + Send,
    {
        let progress = self.progress.as_ref().filter(|_| files.len() >= PROGRESS_FROM);
        if let Some(p) = progress {
            p.start(files.len() as u64);
        }
        let out = files
            .par_iter()
            .map(|file| {
                let r = f(file, self.read(file));
                if let Some(p) = progress {
                    p.tick();
                }
                r
            })
            .collect();
        if let Some(p) = progress {
            p.finish();
        }
        out
    }
}

/// One file as the load got it (read, or from the cache), and its cache
/// entry when the cache is being written.
/// The record is `None` when it is not kept.
type FileRead<'b> = (Result<Option<Record>, LoadError>, Option<Entry<'b>>);

/// A cache entry to write: the old one as it was, or a new one.
enum Entry<'b> {
    Old(&'b [u8]),
    New(Vec<u8>),
}

/// Every record of a repository as typed summaries, and the files that
/// could not be read as records (with their diagnostic).
#[derive(Clone, Debug, Default)]
pub struct Loaded {
    /// Sorted by path.
    pub records: Vec<Record>,
    pub problems: Vec<Diagnostic>,
}

/// Why an `ID` argument names no single record.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ResolveError {
    #[error("no record matches `{query}`{}", hint(.suggestions))]
    NotFound { query: String, suggestions: Vec<String> },
    #[error("`{query}` matches {} records: {}; give more of the id", .candidates.len(), .candidates.join(", "))]
    Ambiguous { query: String, candidates: Vec<String> },
}

fn hint(suggestions: &[String]) -> String {
    if suggestions.is_empty() {
        "; `comms status` lists the records".into()
    } else {
        format!("; did you mean {}?", suggestions.join(" or "))
    }
}

impl Repo {
    /// Reads every record, active and archived, in parallel — or, for the
    /// files that have not changed since the last reading, takes their
    /// summaries from the record cache ([`crate::store::cache`]).
    pub fn load(&self) -> Loaded {
        self.load_where(|_| true)
    }

    /// [`Repo::load`], keeping only the records `keep` accepts: the others
    /// are dropped as soon as they are read, so a command that needs a few
    /// of 100,000 records does not hold them all. `keep` may also clear
    /// what its command does not use from a record it keeps (after the
    /// record went into the cache). The cache is kept whole.
    pub fn load_where(&self, keep: impl Fn(&mut Record) -> bool + Sync) -> Loaded {
        let cache = if self.cache { cache::Cache::of(&self.root, &self.config) } else { None };
        // The clock before the stamps, the stamps before the reading: a
        // file changed after its stamp was taken has another stamp next
        // time, or a racy one that is not cached.
        let began = cache::clock_ns();
        let Walked { files, stamps, mut problems } = self.walk_repository(cache.is_some());
        let mut plan = cache.as_ref().map(|c| c.plan(&files, &stamps));
        let mut entries = plan.as_mut().and_then(|p| p.entries());
        let hit = |i: usize| plan.as_ref().is_some_and(|p| p.hit[i]);
        let mut writer = match (&cache, &plan) {
            (Some(c), Some(p)) if !p.complete() => c.writer(),
            _ => None,
        };
        // Only a new entry needs its stamp.
        let stamps = if writer.is_some() { stamps } else { Vec::new() };
        let to_read = (0..files.len()).filter(|&i| !hit(i)).count();
        let progress = self.progress.as_ref().filter(|_| to_read >= PROGRESS_FROM);
        if let Some(p) = progress {
            p.start(to_read as u64);
        }

        // Room for every record: only the pages used become memory.
        let mut records = Vec::with_capacity(files.len());
        let mut first = 0;
        let mut files = files.into_iter();
        let mut buf = Vec::new();
        loop {
            let chunk: Vec<RecordFile> = files.by_ref().take(cache::CHUNK).collect();
            if chunk.is_empty() {
                break;
            }
            // The cached entries of this chunk's hits, read in order into
            // one buffer.
            buf.clear();
            let old: Vec<Option<std::ops::Range<usize>>> = chunk
                .iter()
                .enumerate()
                .map(|(k, f)| {
                    let e = entries.as_mut().filter(|_| hit(first + k))?;
                    e.take(f.rel.as_os_str().as_encoded_bytes(), &mut buf)
                })
                .collect();
            let writing = writer.is_some();
            let buf = &buf;
            let done: Vec<FileRead> = chunk
                .into_par_iter()
                .zip(old)
                .enumerate()
                .map(|(k, (file, old))| {
                    let i = first + k;
                    let old = old.map(|r| &buf[r]);
                    let cached = old.and_then(cache::decode);
                    if let Some(Some(mut record)) = cached {
                        record.path = file.rel;
                        record.archived = file.archived;
                        let kept = keep(&mut record).then_some(record);
                        return (Ok(kept), old.filter(|_| writing).map(Entry::Old));
                    }
                    let result = self.summary(file.clone(), self.read(&file));
                    let entry = match (cached, old) {
                        // Known not to be a record: read for its diagnostic.
                        (Some(None), old) => old.filter(|_| writing).map(Entry::Old),
                        _ => {
                            if let Some(p) = progress {
                                p.tick();
                            }
                            stamps
                                .get(i)
                                .copied()
                                .flatten()
                                .filter(|s| writing && !s.racy(began))
                                .and_then(|s| cache::encode(&file, s, result.as_ref().ok()))
                                .map(Entry::New)
                        }
                    };
                    // Judged here, so that a record not kept is freed by the
                    // thread that made it.
                    (result.map(|mut r| keep(&mut r).then_some(r)), entry)
                })
                .collect();
            first += done.len();
            for (result, entry) in done {
                if let (Some(w), Some(e)) = (writer.as_mut(), entry) {
                    w.entry(match &e {
                        Entry::Old(bytes) => bytes,
                        Entry::New(bytes) => bytes,
                    });
                }
                match result {
                    Ok(Some(record)) => records.push(record),
                    Ok(None) => {}
                    Err(d) => problems.push(*d),
                }
            }
        }
        if let Some(p) = progress {
            p.finish();
        }
        if let Some(w) = writer {
            w.finish();
        }
        Loaded { records, problems }
    }

    /// The summary of one record file as read.
    fn summary(&self, file: RecordFile, doc: Result<Document, LoadError>) -> Result<Record, LoadError> {
        doc.map(|doc| {
            let mut record = doc.summary(&self.catalog, self.config.timezone, file.archived);
            let pending = crate::model::confirm::pending(&doc, &self.config);
            record.measures = crate::model::measures::Measures::of(&doc, &self.config, &self.catalog, &pending);
            record.addressed = pending;
            record.path = file.rel;
            record
        })
    }

    /// The record an `ID` argument names: a full id, a unique prefix of one,
    /// the random part after the date (`7f3a` of `20261122-7f3a`) or a
    /// unique prefix of it, or a path (relative to the current folder or
    /// the repository).
    pub fn resolve<'a>(&self, query: &str, records: &'a [Record]) -> Result<&'a Record, ResolveError> {
        let q = query.trim();
        if let Some(r) = records.iter().find(|r| r.id == q) {
            return Ok(r);
        }
        if q.contains(['/', '\\']) || q.ends_with(".md") || q.ends_with(".markdown") {
            let as_given = Path::new(q);
            let rel = if as_given.exists() { self.rel(as_given) } else { as_given.to_path_buf() };
            if let Some(r) = records.iter().find(|r| r.path == rel || self.abs(&r.path) == as_given) {
                return Ok(r);
            }
        }
        let matches: Vec<&Record> = records
            .iter()
            .filter(|r| !q.is_empty() && (r.id.starts_with(q) || suffix(&r.id).is_some_and(|s| s.starts_with(q))))
            .collect();
        match matches.len() {
            1 => Ok(matches[0]),
            0 => {
                let suggestions = crate::model::suggest::closest(q, records.iter().map(|r| r.id.as_str()))
                    .map(|s| vec![format!("`{s}`")])
                    .unwrap_or_default();
                Err(ResolveError::NotFound { query: q.to_string(), suggestions })
            }
            _ => {
                let mut candidates: Vec<String> = matches.iter().map(|r| format!("{} ({})", r.id, r.subject)).collect();
                candidates.sort();
                Err(ResolveError::Ambiguous { query: q.to_string(), candidates })
            }
        }
    }
}

/// The part of an id after its date: `7f3a` of `20261122-7f3a`.
pub fn suffix(id: &str) -> Option<&str> {
    id.rsplit_once('-').map(|(_, s)| s).filter(|s| !s.is_empty())
}

/// The nearest ancestor holding `comms.yaml`, else the git work-tree root,
/// else `start` itself.
pub fn find_root(start: &Path) -> PathBuf {
    if let Some(dir) = start.ancestors().find(|d| d.join(config::FILE).is_file()) {
        return dir.to_path_buf();
    }
    if let Some(dir) = start.ancestors().find(|d| d.join(".git").exists()) {
        return dir.to_path_buf();
    }
    start.to_path_buf()
}

/// The walk's words for a records or archive folder that is a link.
fn linked_folder_message(e: &crate::store::guard::GuardError) -> String {
    match e {
        crate::store::guard::GuardError::LinkedFolder { shown, target } => format!(
            "{shown} is a symbolic link (to {target}); comms does not follow it, so no record there is read or written — replace the link with the folder"
        ),
        other => other.to_string(),
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

/// `*.md` and `*.markdown`, but not README files.
pub fn is_record_name(name: &std::ffi::OsStr) -> bool {
    let Some(n) = name.to_str() else { return false };
    let lower = n.to_ascii_lowercase();
    (lower.ends_with(".md") || lower.ends_with(".markdown")) && !lower.starts_with("readme.") && !n.starts_with('.')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn record_names() {
        assert!(is_record_name("a.md".as_ref()));
        assert!(is_record_name("会议纪要.MD".as_ref()));
        assert!(!is_record_name("README.md".as_ref()));
        assert!(!is_record_name("a.txt".as_ref()));
        assert!(!is_record_name(".a.md".as_ref()));
    }

    #[test]
    fn finds_files_skipping_hidden_folders_and_md_folders() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("records/.git")).unwrap();
        std::fs::create_dir_all(root.join("records/folder.md")).unwrap();
        std::fs::create_dir_all(root.join("archive/2026/Q4/_general")).unwrap();
        std::fs::write(root.join("records/a.md"), "x").unwrap();
        std::fs::write(root.join("records/.git/b.md"), "x").unwrap();
        std::fs::write(root.join("archive/2026/Q4/_general/c.md"), "x").unwrap();
        let repo = Repo::open(root.to_path_buf()).unwrap();
        let (files, problems) = repo.record_files();
        assert!(problems.is_empty());
        let names: Vec<_> = files.iter().map(|f| (record::display_path(&f.rel), f.archived)).collect();
        assert_eq!(names, [("archive/2026/Q4/_general/c.md".to_string(), true), ("records/a.md".to_string(), false)]);
    }

    #[test]
    fn sorting_a_walk_keeps_each_stamp_with_its_file_and_the_active_copy() {
        let file = |p: &str, archived| RecordFile { rel: PathBuf::from(p), archived };
        let stamp = |n: u64| Some(cache::Stamp::for_tests(n));
        let names = ["records/c.md", "archive/b.md", "records/a.md", "records/b.md", "archive/a.md", "records/a.md"];
        let archived = [false, true, false, false, true, true];
        let mut w = Walked {
            files: names.iter().zip(archived).map(|(p, a)| file(p, a)).collect(),
            stamps: (0..6).map(stamp).collect(),
            problems: Vec::new(),
        };
        w.sort();
        let got: Vec<(String, bool, Option<cache::Stamp>)> =
            w.files.iter().zip(&w.stamps).map(|(f, s)| (record::display_path(&f.rel), f.archived, *s)).collect();
        let want = [
            ("archive/a.md", true, 4),
            ("archive/b.md", true, 1),
            ("records/a.md", false, 2),
            ("records/b.md", false, 3),
            ("records/c.md", false, 0),
        ];
        assert_eq!(got, want.map(|(p, a, n)| (p.to_string(), a, stamp(n))));
        // Without stamps (a walk for `validate`), the same order.
        let mut w =
            Walked { files: names.iter().zip(archived).map(|(p, a)| file(p, a)).collect(), ..Walked::default() };
        w.sort();
        assert_eq!(w.files.len(), 5);
        assert!(w.stamps.is_empty());
    }

    #[test]
    fn resolves_ids_prefixes_and_paths() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        let rec = |id: &str| format!("---\nid: {id}\ntype: internal\nsubject: s-{id}\n---\n");
        std::fs::create_dir_all(root.join("records")).unwrap();
        std::fs::write(root.join("records/a.md"), rec("20261122-7f3a")).unwrap();
        std::fs::write(root.join("records/b.md"), rec("20261122-7f4b")).unwrap();
        std::fs::write(root.join("records/c.md"), rec("20261101-0001")).unwrap();
        let repo = Repo::open(root.to_path_buf()).unwrap();
        let loaded = repo.load();
        assert_eq!(loaded.records.len(), 3);
        let recs = &loaded.records;
        assert_eq!(repo.resolve("20261122-7f3a", recs).unwrap().id, "20261122-7f3a");
        assert_eq!(repo.resolve("20261101", recs).unwrap().id, "20261101-0001");
        assert_eq!(repo.resolve("records/b.md", recs).unwrap().id, "20261122-7f4b");
        let amb = repo.resolve("20261122-7f", recs).unwrap_err();
        assert!(matches!(&amb, ResolveError::Ambiguous { candidates, .. } if candidates.len() == 2));
        assert!(amb.to_string().contains("20261122-7f3a (s-20261122-7f3a)"));
        let none = repo.resolve("20261122-7f3b", recs).unwrap_err();
        assert!(none.to_string().contains("did you mean"), "{none}");
        // The random suffix, or a unique start of it.
        assert_eq!(repo.resolve("7f3a", recs).unwrap().id, "20261122-7f3a");
        assert_eq!(repo.resolve("7f4", recs).unwrap().id, "20261122-7f4b");
        assert_eq!(repo.resolve("0001", recs).unwrap().id, "20261101-0001");
        let amb = repo.resolve("7f", recs).unwrap_err();
        assert!(matches!(&amb, ResolveError::Ambiguous { candidates, .. } if candidates.len() == 2), "{amb}");
    }
}

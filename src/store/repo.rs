//! A records repository on disk: where it is, its settings, and its record
//! files. Finding and reading files lives here; what to do with them does not.

use std::path::{Path, PathBuf};

use std::sync::Arc;

use rayon::prelude::*;
use walkdir::WalkDir;

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
        let mut files = Vec::new();
        let mut problems = Vec::new();
        for (dir, archived) in [(&self.config.records_dir, false), (&self.config.archive_dir, true)] {
            // A records or archive folder that is a link (git stores links)
            // could lead anywhere: it is reported, not followed.
            let base = match crate::store::guard::real_dir(&self.root, Path::new(dir), false) {
                Ok(base) => base,
                Err(e @ crate::store::guard::GuardError::LinkedFolder { .. }) => {
                    let at = record::display_path(Path::new(dir));
                    problems.push(Diagnostic::new(Code::Unreadable, &at, 1, 1, linked_folder_message(&e)));
                    continue;
                }
                Err(_) => continue,
            };
            self.walk(&base, archived, &mut files, &mut problems);
        }
        files.sort();
        // Byte equality: `Path`'s own compares component by component.
        files.dedup_by(|a, b| a.rel.as_os_str() == b.rel.as_os_str());
        (files, problems)
    }

    /// Record files under `dir` (a folder or a single file), for `validate PATHS`.
    pub fn files_under(&self, path: &Path) -> (Vec<RecordFile>, Vec<Diagnostic>) {
        let mut files = Vec::new();
        let mut problems = Vec::new();
        let archived = self.rel(path).starts_with(&self.config.archive_dir);
        match std::fs::metadata(path) {
            Ok(m) if m.is_dir() => self.walk(path, archived, &mut files, &mut problems),
            // Named on the command line but not a file (a FIFO would block).
            Ok(m) if !m.is_file() => problems.push(Diagnostic::new(
                Code::Unreadable,
                &record::display_path(&self.rel(path)),
                1,
                1,
                "cannot read it: not a regular file",
            )),
            _ => files.push(RecordFile { rel: self.rel(path), archived }),
        }
        files.sort();
        (files, problems)
    }

    /// Walks `base`: its own files here, the folders directly below it (the
    /// archive's years) in parallel.
    fn walk(&self, base: &Path, archived: bool, files: &mut Vec<RecordFile>, problems: &mut Vec<Diagnostic>) {
        let mut subdirs = Vec::new();
        self.walk_one(base, Some(&mut subdirs), archived, files, problems);
        let found: Vec<(Vec<RecordFile>, Vec<Diagnostic>)> = subdirs
            .par_iter()
            .map(|dir| {
                let (mut f, mut p) = (Vec::new(), Vec::new());
                self.walk_one(dir, None, archived, &mut f, &mut p);
                (f, p)
            })
            .collect();
        for (f, p) in found {
            files.extend(f);
            problems.extend(p);
        }
    }

    /// Walks `base` whole, or (with `subdirs`) only its own files, listing
    /// the folders below it in `subdirs`.
    fn walk_one(
        &self,
        base: &Path,
        mut subdirs: Option<&mut Vec<PathBuf>>,
        archived: bool,
        files: &mut Vec<RecordFile>,
        problems: &mut Vec<Diagnostic>,
    ) {
        let mut walker = WalkDir::new(base).follow_links(false);
        if subdirs.is_some() {
            walker = walker.max_depth(1);
        }
        let walker = walker.into_iter().filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
        for entry in walker {
            match entry {
                Ok(e) => {
                    let ft = e.file_type();
                    if ft.is_dir()
                        && e.depth() == 1
                        && let Some(dirs) = subdirs.as_deref_mut()
                    {
                        dirs.push(e.into_path());
                        continue;
                    }
                    if ft.is_symlink() && std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir()) {
                        let target = std::fs::read_link(e.path()).map(|t| record::display_path(&t)).unwrap_or_default();
                        problems.push(Diagnostic::new(
                            Code::Unreadable,
                            &record::display_path(&self.rel(e.path())),
                            1,
                            1,
                            format!(
                                "a symbolic link to a folder ({target}); comms does not follow it, so no record there is read or written — replace the link with the folder"
                            ),
                        ));
                        continue;
                    }
                    if ft.is_dir() || !is_record_name(e.file_name()) {
                        continue;
                    }
                    // Regular files and links to them; a link to a folder is
                    // not followed (no loops), a dangling link is reported
                    // when it is read. A FIFO, socket or device named
                    // `*.md` is skipped: opening a FIFO would wait forever.
                    if !(ft.is_file() || ft.is_symlink()) {
                        continue;
                    }
                    if ft.is_symlink() && std::fs::metadata(e.path()).is_ok_and(|m| !m.is_file()) {
                        continue;
                    }
                    files.push(RecordFile { rel: self.rel(e.path()), archived });
                }
                Err(err) => {
                    let path = err.path().map(|p| self.rel(p)).unwrap_or_else(|| self.rel(base));
                    let why = err.io_error().map_or_else(|| err.to_string(), |io| io.to_string().to_lowercase());
                    problems.push(Diagnostic::new(
                        Code::Unreadable,
                        &record::display_path(&path),
                        1,
                        1,
                        format!("cannot read this folder: {why}"),
                    ));
                }
            }
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
    /// of 100,000 records does not hold them all. The cache is kept whole.
    pub fn load_where(&self, keep: impl Fn(&Record) -> bool + Sync) -> Loaded {
        let (files, mut problems) = self.record_files();
        let cache = if self.cache { cache::Cache::of(&self.root, &self.config) } else { None };
        // The clock before the stamps, the stamps before the reading: a
        // file changed after its stamp was taken has another stamp next
        // time, or a racy one that is not cached.
        let began = cache::clock_ns();
        let stamps: Vec<Option<cache::Stamp>> = match cache {
            Some(_) => files.par_iter().map(|f| cache::Stamp::of(&self.abs(&f.rel))).collect(),
            None => Vec::new(),
        };
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
                        let kept = keep(&record).then_some(record);
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
                    (result.map(|r| keep(&r).then_some(r)), entry)
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
            record.measures = crate::model::measures::Measures::of(&doc, &self.config, &self.catalog);
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

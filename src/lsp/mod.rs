//! The editor's view of a records repository, for `comms lsp`: every
//! record read once, kept current from the buffers an editor has open and
//! the file events it reports, and what an editor asks of one buffer
//! (diagnostics, completion, hover, code actions, definitions).
//!
//! Nothing here knows JSON-RPC: positions are [`text::Pos16`] (lines from
//! 0, UTF-16 columns), results are plain data; `src/commands/lsp.rs`
//! speaks the protocol.
//!
//! May import: `model`, `check`, `store`, `i18n`.

pub mod assist;
pub mod text;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::check::rules::{self, RuleContext};
use crate::check::validation::{self, IdAt};
use crate::model::diagnostic::Diagnostic;
use crate::model::record::{Document, Record, display_path};
use crate::model::time::Instant;
use crate::store::repo::{Repo, is_record_name};

/// What the workspace knows of one record file.
#[derive(Clone, Debug)]
struct Entry {
    /// Its id and where it is written.
    id: Option<IdAt>,
    /// Its summary (subject, status, deadline), when it reads as a record.
    record: Option<Record>,
}

/// A repository as the language server keeps it.
#[derive(Debug)]
pub struct Workspace {
    pub repo: Repo,
    /// Every record file, by path relative to the root.
    files: HashMap<PathBuf, Entry>,
    /// The files each id is written in.
    by_id: HashMap<Box<str>, Vec<PathBuf>>,
    /// The text of the buffers the editor has open, by relative path.
    open: HashMap<PathBuf, String>,
}

impl Workspace {
    /// Reads every record of `repo` once (in parallel).
    pub fn load(repo: Repo) -> Workspace {
        let (all, _) = repo.record_files();
        let tz = repo.config.timezone;
        let entries: Vec<(PathBuf, Entry)> = repo.scan_owned(all, |file, doc| {
            let entry = match doc {
                Ok(doc) => {
                    let mut record = doc.summary(&repo.catalog, tz, file.archived);
                    record.path = file.rel.clone();
                    Entry { id: validation::id_of(&doc), record: Some(record) }
                }
                Err(_) => Entry { id: None, record: None },
            };
            (file.rel, entry)
        });
        let mut ws = Workspace {
            repo,
            files: HashMap::with_capacity(entries.len()),
            by_id: HashMap::new(),
            open: HashMap::new(),
        };
        for (rel, entry) in entries {
            ws.insert(rel, entry);
        }
        ws
    }

    /// How many record files it knows.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether it knows no record file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// The path of a file relative to the root, if it is a record file of
    /// this repository (under the records or archive folder, a `.md` name).
    pub fn record_path(&self, abs: &Path) -> Option<PathBuf> {
        let rel = abs.strip_prefix(&self.repo.root).ok().map(Path::to_path_buf).or_else(|| {
            let root = self.repo.root.canonicalize().ok()?;
            let abs = abs.canonicalize().ok().unwrap_or_else(|| abs.to_path_buf());
            abs.strip_prefix(root).ok().map(Path::to_path_buf)
        })?;
        let under = |dir: &str| rel.starts_with(dir);
        let named = rel.file_name().is_some_and(is_record_name);
        (named && (under(&self.repo.config.records_dir) || under(&self.repo.config.archive_dir))).then_some(rel)
    }

    /// Whether `abs` is the repository's settings (`comms.yaml`) or one of
    /// its own templates: a change there means reading everything again.
    pub fn is_settings(&self, abs: &Path) -> bool {
        let rel = abs.strip_prefix(&self.repo.root).unwrap_or(abs);
        rel == Path::new(crate::model::config::FILE) || rel.starts_with(".comms/templates")
    }

    /// The absolute path of a record file.
    pub fn abs(&self, rel: &Path) -> PathBuf {
        self.repo.abs(rel)
    }

    /// The current text of a record: the editor's buffer when it is open,
    /// else the file.
    pub fn text(&self, rel: &Path) -> Option<String> {
        match self.open.get(rel) {
            Some(t) => Some(t.clone()),
            None => std::fs::read_to_string(self.abs(rel)).ok(),
        }
    }

    /// The paths of the open buffers.
    pub fn open_paths(&self) -> Vec<PathBuf> {
        let mut v: Vec<PathBuf> = self.open.keys().cloned().collect();
        v.sort();
        v
    }

    /// A buffer was opened or changed: its text replaces the file's.
    /// Returns the other open buffers whose `duplicate-id` findings may
    /// have changed with it.
    pub fn set_text(&mut self, rel: &Path, text: String) -> Vec<PathBuf> {
        let entry = self.entry_of(rel, Document::parse(rel, text.clone().into_bytes()).ok());
        self.open.insert(rel.to_path_buf(), text);
        self.replace(rel, Some(entry))
    }

    /// A buffer was closed: the file on disk counts again.
    pub fn close(&mut self, rel: &Path) -> Vec<PathBuf> {
        self.open.remove(rel);
        self.refresh(rel)
    }

    /// A file was created, changed or deleted on disk (a file event, or a
    /// save): read it again, unless the editor has it open. Returns the
    /// open buffers whose `duplicate-id` findings may have changed.
    pub fn refresh(&mut self, rel: &Path) -> Vec<PathBuf> {
        if self.open.contains_key(rel) {
            return Vec::new();
        }
        let doc = self.repo.read(&crate::store::repo::RecordFile { rel: rel.to_path_buf(), archived: false });
        let entry = match doc {
            Ok(doc) => Some(self.entry_of(rel, Some(doc))),
            Err(_) if self.abs(rel).is_file() => Some(Entry { id: None, record: None }),
            Err(_) => None,
        };
        self.replace(rel, entry)
    }

    /// The findings `comms validate` reports for the record at `rel`, its
    /// open buffer counting for it and for every other record.
    pub fn diagnostics(&self, rel: &Path, now: Instant) -> Vec<Diagnostic> {
        let Some(text) = self.text(rel) else { return Vec::new() };
        let doc = match Document::parse(rel, text.into_bytes()) {
            Ok(doc) => doc,
            Err(d) => return vec![*d],
        };
        let cx = RuleContext { catalog: &self.repo.catalog, config: &self.repo.config };
        let mut diags = validation::check_document(&doc, &cx, now);
        if let Some(at) = validation::id_of(&doc) {
            let others = self.by_id.get(&at.id).map(Vec::as_slice).unwrap_or_default();
            if others.iter().any(|p| p != rel) {
                let path = display_path(rel);
                let mut shared = vec![(at.id.to_string(), at.place(&path))];
                for other in others.iter().filter(|p| *p != rel) {
                    if let Some(o) = self.files.get(other).and_then(|e| e.id.as_ref()) {
                        shared.push((o.id.to_string(), o.place(&display_path(other))));
                    }
                }
                diags.extend(rules::duplicate_ids(&shared).into_iter().filter(|d| d.path == path));
            }
        }
        // `unknown-about`: as `validate`, an `about` that is no channel must
        // be the id of a record (open buffers counting).
        if let Some((text, d)) = rules::about(&doc, &cx)
            && !self.by_id.contains_key(text.as_str())
        {
            diags.push(d);
        }
        diags.sort_by_key(|d| (d.line, d.column, d.code));
        diags
    }

    /// The record files an id is written in, sorted.
    pub fn files_with_id(&self, id: &str) -> &[PathBuf] {
        self.by_id.get(id).map(Vec::as_slice).unwrap_or_default()
    }

    /// The summary of the record at `rel`.
    pub fn record(&self, rel: &Path) -> Option<&Record> {
        self.files.get(rel).and_then(|e| e.record.as_ref())
    }

    /// Where the id of the record at `rel` is written.
    pub fn id_at(&self, rel: &Path) -> Option<&IdAt> {
        self.files.get(rel).and_then(|e| e.id.as_ref())
    }

    /// Every id known, for completion.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        self.by_id.keys().map(|k| &**k)
    }

    fn entry_of(&self, rel: &Path, doc: Option<Document>) -> Entry {
        let Some(doc) = doc else { return Entry { id: None, record: None } };
        let archived = rel.starts_with(&self.repo.config.archive_dir);
        let mut record = doc.summary(&self.repo.catalog, self.repo.config.timezone, archived);
        record.path = rel.to_path_buf();
        Entry { id: validation::id_of(&doc), record: Some(record) }
    }

    /// Puts `entry` (or nothing) for `rel`; returns the open buffers other
    /// than `rel` that share its old or new id.
    fn replace(&mut self, rel: &Path, entry: Option<Entry>) -> Vec<PathBuf> {
        let old = self.files.remove(rel).and_then(|e| e.id).map(|a| a.id);
        if let Some(id) = &old
            && let Some(paths) = self.by_id.get_mut(id)
        {
            paths.retain(|p| p != rel);
            if paths.is_empty() {
                self.by_id.remove(id);
            }
        }
        let new = entry.as_ref().and_then(|e| e.id.as_ref()).map(|a| a.id.clone());
        if let Some(entry) = entry {
            self.insert(rel.to_path_buf(), entry);
        }
        if old == new {
            return Vec::new();
        }
        let mut affected: Vec<PathBuf> = [old, new]
            .iter()
            .flatten()
            .flat_map(|id| self.files_with_id(id).to_vec())
            .filter(|p| p != rel && self.open.contains_key(p))
            .collect();
        affected.sort();
        affected.dedup();
        affected
    }

    fn insert(&mut self, rel: PathBuf, entry: Entry) {
        if let Some(at) = &entry.id {
            let paths = self.by_id.entry(at.id.clone()).or_default();
            if let Err(i) = paths.binary_search(&rel) {
                paths.insert(i, rel.clone());
            }
        }
        self.files.insert(rel, entry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagnostic::Code;

    fn repo() -> (tempfile::TempDir, Repo) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("comms.yaml"), "timezone: Asia/Shanghai\n").unwrap();
        std::fs::create_dir_all(dir.path().join("records")).unwrap();
        std::fs::write(dir.path().join("records/a.md"), "---\nid: 20261122-aaaa\n---\n").unwrap();
        let repo = Repo::open(dir.path().to_path_buf()).unwrap();
        (dir, repo)
    }

    fn now() -> Instant {
        crate::model::time::parse("2026-11-22 09:00", chrono_tz::Asia::Shanghai).unwrap()
    }

    #[test]
    fn an_unsaved_buffer_counts_for_duplicate_ids_and_stops_when_changed() {
        let (_dir, repo) = repo();
        let mut ws = Workspace::load(repo);
        assert_eq!(ws.len(), 1);
        let b = PathBuf::from("records/b.md");
        let a = PathBuf::from("records/a.md");
        ws.set_text(&a, "---\nid: 20261122-aaaa\n---\n".into());
        let affected = ws.set_text(&b, "---\nid: 20261122-aaaa\n---\n".into());
        assert_eq!(affected, vec![a.clone()]);
        let dup = |ws: &Workspace, p: &Path| ws.diagnostics(p, now()).iter().any(|d| d.code == Code::DuplicateId);
        assert!(dup(&ws, &b) && dup(&ws, &a));
        assert_eq!(ws.set_text(&b, "---\nid: 20261122-bbbb\n---\n".into()), vec![a.clone()]);
        assert!(!dup(&ws, &b) && !dup(&ws, &a));
    }

    #[test]
    fn a_feedback_about_no_record_is_warned_as_validate_does() {
        let (_dir, repo) = repo();
        let mut ws = Workspace::load(repo);
        let f = PathBuf::from("records/f.md");
        let about = |ws: &Workspace| ws.diagnostics(&f, now()).iter().any(|d| d.code == Code::UnknownAbout);
        let feedback = |about: &str| format!("---\nid: 20261122-ffff\ntype: feedback\nabout: {about}\n---\n");
        ws.set_text(&f, feedback("20261122-aaaa"));
        assert!(!about(&ws), "a record on disk");
        ws.set_text(&f, feedback("20261122-cccc"));
        assert!(about(&ws), "no such record");
        ws.set_text(&PathBuf::from("records/c.md"), "---\nid: 20261122-cccc\n---\n".into());
        assert!(!about(&ws), "an unsaved buffer counts");
    }

    #[test]
    fn only_files_under_the_records_folders_are_records() {
        let (dir, repo) = repo();
        let ws = Workspace::load(repo);
        assert_eq!(ws.record_path(&dir.path().join("records/x.md")), Some(PathBuf::from("records/x.md")));
        assert_eq!(ws.record_path(&dir.path().join("README.md")), None);
        assert!(ws.is_settings(&dir.path().join("comms.yaml")));
    }
}

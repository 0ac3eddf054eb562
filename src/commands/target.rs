//! The record an `ID` argument names — for `show`, `set`, `done`, `log` and
//! `ack` — read fresh from disk, and written back after an edit.
//!
//! An `ID` is a full id, a unique prefix of one, or a path; `ID#N` names
//! action item N of that record (the form `comms status` lists action items
//! by). Writing goes through [`crate::edit::editor::Editor`]'s check and
//! [`crate::store::write::replace_if_unchanged`], under the repository
//! lock and never through a symbolic link to a folder: nothing is written when the edit
//! would add a rule error or when the file changed since it was read.

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};

use crate::check::rules::RuleContext;
use crate::edit::editor::Editor;
use crate::model::record::{Document, Record, display_path};
use crate::render::diagnostics as render;
use crate::store::git::Git;
use crate::store::guard;
use crate::store::idcache;
use crate::store::lock::RepoLock;
use crate::store::repo::{Repo, ResolveError};
use crate::store::write::{self, WriteError};

/// A record named on the command line, read for showing or editing.
pub struct Target {
    pub record: Record,
    /// The action item `ID#N` named, if any.
    pub action: Option<usize>,
    pub abs: PathBuf,
    /// The file's bytes as read: what the write compares against.
    pub bytes: Vec<u8>,
    pub doc: Document,
    /// Found through the id index (which the save then keeps trusting).
    pub indexed: bool,
}

/// `ID#N` → (`ID`, N).
pub fn split_action(query: &str) -> Result<(&str, Option<usize>)> {
    let q = query.trim();
    let Some((id, n)) = q.rsplit_once('#') else { return Ok((q, None)) };
    if id.is_empty() || n.is_empty() || !n.chars().all(|c| c.is_ascii_digit()) {
        return Ok((q, None));
    }
    match n.parse::<usize>() {
        Ok(0) | Err(_) => bail!("`{q}` names action item {n}; action items are numbered from 1, e.g. `{id}#1`"),
        Ok(n) => Ok((id, Some(n))),
    }
}

/// Finds and reads the record `query` names: through the id index when it
/// is trusted (one file read), else by reading the whole repository.
pub fn find(repo: &Repo, query: &str) -> Result<Target> {
    let (id, action) = split_action(query)?;
    if let Some(t) = find_indexed(repo, id, action)? {
        return Ok(t);
    }
    let began = std::time::SystemTime::now();
    let loaded = repo.load();
    idcache::store(&repo.root, &repo.config, &loaded.records, began);
    let same: Vec<&Record> = loaded.records.iter().filter(|r| r.id == id).collect();
    if same.len() > 1 {
        let paths: Vec<String> = same.iter().map(|r| display_path(&r.path)).collect();
        bail!(
            "id `{id}` is used by {} records ({}); give the path instead, and give one of them a new id",
            same.len(),
            paths.join(", ")
        );
    }
    let record = match repo.resolve(id, &loaded.records) {
        Ok(r) => r.clone(),
        Err(e @ ResolveError::NotFound { .. }) => {
            // A path to a file that is there but does not read as a record.
            let as_path = std::path::Path::new(id);
            let rel = if as_path.exists() { repo.rel(as_path) } else { as_path.to_path_buf() };
            let shown = display_path(&rel);
            if let Some(d) = loaded.problems.iter().find(|d| d.path == shown) {
                bail!("{shown} cannot be read as a record ({}); `comms validate {shown}` shows where", d.message);
            }
            match loaded.problems.len() {
                0 => bail!("{e}"),
                1 => bail!("{e} (1 file could not be read as a record; `comms validate` shows why)"),
                n => bail!("{e} ({n} files could not be read as records; `comms validate` shows why)"),
            }
        }
        Err(ResolveError::Ambiguous { query, candidates }) => {
            // A short prefix can match hundreds: name a few.
            const SHOWN: usize = 8;
            let n = candidates.len();
            let more = if n > SHOWN { format!(" and {} more", n - SHOWN) } else { String::new() };
            let list = candidates.iter().take(SHOWN).cloned().collect::<Vec<_>>().join(", ");
            bail!("`{query}` matches {n} records: {list}{more}; give more of the id")
        }
    };
    let abs = repo.abs(&record.path);
    let shown = display_path(&record.path);
    let bytes = std::fs::read(&abs).map_err(|e| anyhow!("cannot read {shown}: {e}"))?;
    let doc = Document::parse(&record.path, bytes.clone()).map_err(|d| {
        anyhow!("{shown} cannot be read as a record ({}); `comms validate {shown}` shows where", d.message)
    })?;
    if let Some(n) = action {
        check_action(&record, n)?;
    }
    Ok(Target { record, action, abs, bytes, doc, indexed: false })
}

/// The record through the id index: `None` when the index has no single
/// answer, or the file it names no longer holds that id.
pub(super) fn find_indexed(repo: &Repo, id: &str, action: Option<usize>) -> Result<Option<Target>> {
    if id.contains(['/', '\\']) || id.ends_with(".md") || id.ends_with(".markdown") {
        return Ok(None);
    }
    let Some((expected, rel)) = idcache::lookup(&repo.root, &repo.config, id) else { return Ok(None) };
    let abs = repo.abs(&rel);
    let Ok(bytes) = std::fs::read(&abs) else { return Ok(None) };
    if bytes.len() as u64 > repo.config.max_file_size {
        return Ok(None);
    }
    let Ok(doc) = Document::parse(&rel, bytes.clone()) else { return Ok(None) };
    let archived = rel.starts_with(&repo.config.archive_dir);
    let mut record = doc.summary(&repo.catalog, repo.config.timezone, archived);
    if record.id != expected {
        return Ok(None);
    }
    record.path = rel;
    if let Some(n) = action {
        check_action(&record, n)?;
    }
    Ok(Some(Target { record, action, abs, bytes, doc, indexed: true }))
}

/// Refuses an action number the record does not have.
pub fn check_action(record: &Record, n: usize) -> Result<()> {
    let len = record.actions.len();
    match len {
        _ if n >= 1 && n <= len => Ok(()),
        0 => bail!("record {} has no action items; --action and `ID#N` are for records with `actions`", record.id),
        1 => bail!("record {} has 1 action item; there is no action item {n} (write `{}#1`)", record.id, record.id),
        _ => bail!("record {} has {len} action items (1-{len}); there is no action item {n}", record.id),
    }
}

/// Writes an edited record back: refused, with the diagnostics on stderr,
/// when the edit adds a rule error; refused when the file changed on disk.
pub fn save(repo: &Repo, target: &Target, editor: &Editor) -> Result<()> {
    let shown = display_path(&target.record.path);
    // A record over `max_file_size` drops out of every command: an edit
    // that would make it so (`file-too-large`) is refused like any other
    // new error.
    let (size, limit) = (editor.text().len() as u64, repo.config.max_file_size);
    if size > limit && target.bytes.len() as u64 <= limit {
        bail!(
            "{shown} was not changed: the edit would make it {size} bytes, over the limit of {limit} bytes (`max_file_size` in comms.yaml) — past it the record is no longer read by any command; move older log entries to another file, or raise `max_file_size`"
        );
    }
    let rcx = RuleContext { catalog: &repo.catalog, config: &repo.config };
    let new = editor.new_errors(&rcx);
    if !new.is_empty() {
        let mut err = anstream::stderr();
        for d in &new {
            render::human(&mut err, &d.clone().for_refused_edit())?;
        }
        let what = if new.len() == 1 { "the rule above" } else { "the rules above" };
        bail!("{shown} was not changed: the edit would break {what}");
    }
    // A record that is a link is written at its target (inside the
    // repository only); a linked folder on the way is refused.
    let at = guard::record_path(&repo.root, &target.record.path)?;
    let _lock = RepoLock::acquire(&repo.root)?;
    let temp = write::temp_dir(&repo.root);
    match write::replace_if_unchanged(&at, &target.bytes, editor.text().as_bytes(), temp.as_deref()) {
        Ok(()) => {
            if target.indexed {
                idcache::touched(&repo.root, &repo.config, &target.record.path);
            }
            Ok(())
        }
        Err(WriteError::Changed) => bail!(
            "{shown} changed on disk or was moved while comms was editing it (another edit, `comms archive`, a git pull?); nothing was written — run the command again"
        ),
        Err(WriteError::Io(e)) => bail!("cannot write {shown}: {e}"),
    }
}

/// Who is acting: `--by`, else git's `user.name`, else `$USER`; a name or
/// alias of the people directory becomes the person's name.
pub fn who(repo: &Repo, by: Option<&str>) -> Result<String> {
    let name = match by.map(str::trim) {
        Some("") => bail!("--by is empty; write the name of the person, e.g. --by 张伟"),
        Some(n) => n.to_string(),
        None => current_user(repo)
            .ok_or_else(|| anyhow!("cannot tell who you are; pass --by NAME, or set git's user.name"))?,
    };
    if name.contains(['\n', '\r']) {
        bail!("the name `{}` has a line break; write one name, e.g. --by 张伟", name.escape_debug());
    }
    if let Some(p) = repo.config.people.resolve(&name) {
        return Ok(p.name.clone());
    }
    // One rule for every author (`log`, `ack`): with a people directory,
    // only its people — as `unknown-person` holds for names in records.
    let people = &repo.config.people;
    if !people.is_empty() {
        let all = people.iter().flat_map(|p| p.names());
        let hint = match crate::model::suggest::closest(&name, all) {
            Some(best) => format!("did you mean `{best}`? (--by NAME)"),
            None if by.is_some() => {
                format!("check the name, or add `- {{ name: {name} }}` under `people:` in comms.yaml")
            }
            None => format!("pass --by NAME, or add `- {{ name: {name} }}` under `people:` in comms.yaml"),
        };
        bail!("`{name}` is not in the people directory of comms.yaml; {hint}");
    }
    Ok(name)
}

/// Who runs `comms`: git's `user.name`, else `$USER` (`$USERNAME`).
pub fn current_user(repo: &Repo) -> Option<String> {
    Git::open(&repo.root)
        .and_then(|g| g.user_name())
        .or_else(|| std::env::var("USER").ok().filter(|s| !s.trim().is_empty()))
        .or_else(|| std::env::var("USERNAME").ok().filter(|s| !s.trim().is_empty()))
        .map(|n| n.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn action_suffixes() {
        assert_eq!(split_action("20261122-7f3a#2").unwrap(), ("20261122-7f3a", Some(2)));
        assert_eq!(split_action("20261122-7f3a").unwrap(), ("20261122-7f3a", None));
        assert_eq!(split_action("records/a#b.md").unwrap(), ("records/a#b.md", None));
        assert!(split_action("x#0").unwrap_err().to_string().contains("numbered from 1"));
    }

    #[test]
    fn a_concurrent_change_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("comms.yaml"), "timezone: Asia/Shanghai\n").unwrap();
        std::fs::create_dir_all(root.join("records")).unwrap();
        let text = "---\nid: a1\ntype: internal\nsubject: s\nowner: 张伟\ndeadline: 2026-11-23 17:00\nstatus: open\nfrom: x\nto: y\n---\n## 背景\n## 目标\n## 行动要求\n## 反馈记录\n";
        let path = root.join("records/a1.md");
        std::fs::write(&path, text).unwrap();
        let repo = Repo::open(root.to_path_buf()).unwrap();
        let t = find(&repo, "a1").unwrap();
        let mut ed = Editor::new(t.doc.clone());
        ed.set("status", "done").unwrap();
        // Someone else saves the file between our read and our write.
        let theirs = text.replace("owner: 张伟", "owner: 李娜");
        std::fs::write(&path, &theirs).unwrap();
        let err = save(&repo, &t, &ed).unwrap_err().to_string();
        assert!(err.contains("changed on disk or was moved while comms was editing it"), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs, "their edit is kept");
        assert_eq!(std::fs::read_dir(root.join("records")).unwrap().count(), 1, "no temporary file left");
        // Read again, the edit goes through.
        let t = find(&repo, "a1").unwrap();
        let mut ed = Editor::new(t.doc.clone());
        ed.set("status", "in-progress").unwrap();
        save(&repo, &t, &ed).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs.replace("status: open", "status: in-progress"));
    }
}

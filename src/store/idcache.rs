//! Where a record is, by id, without reading the others: the id index that
//! lets `show`, `set`, `done`, `log`, `ack`, `approve`, `accept` and `send`
//! on one record of 100,000 answer at once.
//!
//! The index is a text file in the git state folder (`.git/comms/ids`, else
//! `.comms/ids`) listing every record's id and path, and the modification
//! time (in nanoseconds) of every folder of the records and archive
//! folders. Adding, removing or renaming a file or folder changes its
//! folder's time, so the index is trusted only while every folder it lists
//! has the time it wrote down, the settings name the same folders, and the
//! file is whole (its last line counts its entries). Anything else — no
//! index, a truncated or corrupt one, a folder changed — and the caller
//! reads the whole repository as before, and writes a new index from that
//! reading.
//!
//! An edit inside a file (which does not touch the folder's time) cannot
//! mislead it: the one file it names is read and its id compared before it
//! is used. A folder changed in the same tick as the index was written
//! (a racy time, as git calls it) makes the index untrusted: it is not
//! written when a folder's time is not older than the reading it comes from.
//!
//! Whole-repository checks (`duplicate-id` in `validate`) never use it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use walkdir::WalkDir;

use crate::model::config::Config;
use crate::model::record::Record;

const FILE: &str = "ids";
const MAGIC: &str = "comms-ids 1";

fn location(root: &Path) -> PathBuf {
    super::state_file(root, FILE)
}

/// The path of the one record `query` names — a full id, a unique prefix of
/// one, or a unique prefix of the part after the date — when the index is
/// there, trusted, and has exactly one answer. `None` means: read the
/// repository.
pub fn lookup(root: &Path, config: &Config, query: &str) -> Option<(String, PathBuf)> {
    let bytes = std::fs::read(location(root)).ok()?;
    let text = read_text(&bytes)?;
    let index = parse(text, config)?;
    if !index.dirs.iter().all(|(dir, time)| mtime(&root.join(dir)) == *time) {
        return None;
    }
    let q = query.trim();
    if q.is_empty() {
        return None;
    }
    let exact: Vec<&(&str, &str)> = index.ids.iter().filter(|(id, _)| *id == q).collect();
    let pick: Vec<&(&str, &str)> = if exact.is_empty() {
        index
            .ids
            .iter()
            .filter(|(id, _)| id.starts_with(q) || super::repo::suffix(id).is_some_and(|s| s.starts_with(q)))
            .collect()
    } else {
        exact
    };
    match pick.as_slice() {
        [(id, path)] => Some((id.to_string(), PathBuf::from(path))),
        // None, or several: the full reading gives the exact message.
        _ => None,
    }
}

/// Writes the index from a full reading of the records, begun at `began`.
/// Best effort: an index that cannot be written is simply not there.
pub fn store(root: &Path, config: &Config, records: &[Record], began: SystemTime) {
    let Some(text) = render(root, config, records, began) else { return };
    let at = location(root);
    let Some(dir) = at.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    // Whole or not at all: two processes writing at once each rename a
    // complete file in.
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else { return };
    if std::io::Write::write_all(&mut tmp, text.as_bytes()).is_ok() {
        let _ = tmp.persist(&at);
    }
}

/// After an edit comms made itself through the index: the edited file's
/// folder got a new time from the rename; the index keeps trusting it.
/// Only when the index was trusted a moment ago (`lookup` answered).
pub fn touched(root: &Path, config: &Config, rel: &Path) {
    let at = location(root);
    let Ok(bytes) = std::fs::read(&at) else { return };
    let Some(text) = read_text(&bytes) else { return };
    let Some(index) = parse(text, config) else { return };
    let Some(folder) = rel.parent() else { return };
    let Some(key) = folder.to_str() else { return };
    let Some(now) = mtime(&root.join(folder)) else { return };
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    for line in text.lines() {
        match line.strip_prefix("dir\t").and_then(|rest| rest.split_once('\t')) {
            Some((_, path)) if path == key => {
                let _ = writeln!(out, "dir\t{now}\t{path}");
                changed = true;
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    if !changed || index.ids.is_empty() {
        return;
    }
    let Some(dir) = at.parent() else { return };
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else { return };
    if std::io::Write::write_all(&mut tmp, out.as_bytes()).is_ok() {
        let _ = tmp.persist(&at);
    }
}

/// The index file's bytes as text (9 MB at 100,000 records: checked by
/// simdutf8, several times faster than the standard library's check).
fn read_text(bytes: &[u8]) -> Option<&str> {
    simdutf8::basic::from_utf8(bytes).ok()
}

struct Index<'a> {
    dirs: Vec<(&'a str, Option<u128>)>,
    ids: Vec<(&'a str, &'a str)>,
}

/// The index in `text`, if it is whole and made for these settings.
fn parse<'a>(text: &'a str, config: &Config) -> Option<Index<'a>> {
    let mut lines = lines(text);
    if lines.next()? != MAGIC {
        return None;
    }
    if lines.next()?.strip_prefix("records\t")? != config.records_dir {
        return None;
    }
    if lines.next()?.strip_prefix("archive\t")? != config.archive_dir {
        return None;
    }
    let mut index = Index { dirs: Vec::new(), ids: Vec::new() };
    let mut end = None;
    for line in lines {
        if end.is_some() {
            return None;
        }
        let (kind, rest) = split_tab(line)?;
        let (a, b) = split_tab(rest).unwrap_or((rest, ""));
        match kind {
            "dir" => index.dirs.push((b, if a == "-" { None } else { Some(a.parse().ok()?) })),
            "id" if !a.is_empty() && !b.is_empty() => index.ids.push((a, b)),
            "end" => end = Some(a.parse::<usize>().ok()?),
            _ => return None,
        }
    }
    (end? == index.ids.len() && !index.dirs.is_empty()).then_some(index)
}

/// The lines of `text` as [`str::lines`] gives them (without `\n` or
/// `\r\n`), found with memchr: the index has 100,000 of them.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let (line, next) = match memchr::memchr(b'\n', rest.as_bytes()) {
            Some(k) => (rest[..k].strip_suffix('\r').unwrap_or(&rest[..k]), &rest[k + 1..]),
            None => (rest, ""),
        };
        rest = next;
        Some(line)
    })
}

/// `line` split at its first tab.
fn split_tab(line: &str) -> Option<(&str, &str)> {
    memchr::memchr(b'\t', line.as_bytes()).map(|k| (&line[..k], &line[k + 1..]))
}

/// The index's text, or `None` when it could not be trusted: a folder
/// changed since the reading began, or a name the format cannot hold.
fn render(root: &Path, config: &Config, records: &[Record], began: SystemTime) -> Option<String> {
    let began = began.duration_since(SystemTime::UNIX_EPOCH).ok()?.as_nanos();
    let mut out = String::with_capacity(64 + records.len() * 80);
    let _ = writeln!(out, "{MAGIC}\nrecords\t{}\narchive\t{}", config.records_dir, config.archive_dir);
    if [&config.records_dir, &config.archive_dir].iter().any(|d| d.contains(['\t', '\n', '\r'])) {
        return None;
    }
    for top in [&config.records_dir, &config.archive_dir] {
        let base = root.join(top);
        if !base.is_dir() {
            // Absent now: trusted only while it stays absent.
            let _ = writeln!(out, "dir\t-\t{top}");
            continue;
        }
        let walker = WalkDir::new(&base)
            .follow_links(false)
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_str().is_some_and(|n| n.starts_with('.')));
        for entry in walker {
            let entry = entry.ok()?;
            if !entry.file_type().is_dir() {
                continue;
            }
            let rel = entry.path().strip_prefix(root).ok()?.to_str()?;
            if rel.contains(['\t', '\n', '\r']) {
                return None;
            }
            let time = mtime(entry.path())?;
            // Changed while (or after) the records were read: the reading
            // may have missed it.
            if time + 1_000_000_000 >= began {
                return None;
            }
            let _ = writeln!(out, "dir\t{time}\t{rel}");
        }
    }
    for r in records {
        // A name the format cannot hold: no index rather than one that
        // misses a record.
        let path = r.path.to_str()?;
        if path.contains(['\t', '\n', '\r']) || r.id.contains(['\t', '\n', '\r']) {
            return None;
        }
        if r.id.is_empty() {
            continue;
        }
        let _ = writeln!(out, "id\t{}\t{path}", r.id);
    }
    let count = out.lines().filter(|l| l.starts_with("id\t")).count();
    let _ = writeln!(out, "end\t{count}");
    Some(out)
}

/// A folder's modification time in nanoseconds; `None` when it is not a
/// folder (or not there).
fn mtime(path: &Path) -> Option<u128> {
    let meta = std::fs::symlink_metadata(path).ok()?;
    if !meta.is_dir() {
        return None;
    }
    meta.modified().ok()?.duration_since(SystemTime::UNIX_EPOCH).ok().map(|d| d.as_nanos())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_tabs_split_as_the_standard_library_does() {
        let texts = [
            "",
            "\n",
            "\n\n",
            "a",
            "a\n",
            "a\r\nb",
            "a\r\n\r\nb\r\n",
            "id\t20261122-7f3a\trecords/故障.md\nend\t1\n",
            "x\ry\n\rz\r",
            "\t\t\n\t",
        ];
        for text in texts {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>(), "{text:?}");
            for line in text.lines() {
                assert_eq!(split_tab(line), line.split_once('\t'), "{line:?}");
            }
        }
        // Every text of up to six characters from the ones that matter.
        let alphabet = ['a', '\n', '\r', '\t', '故'];
        let mut text = String::new();
        fn each(text: &mut String, alphabet: &[char], depth: usize) {
            assert_eq!(lines(text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>(), "{text:?}");
            if depth == 0 {
                return;
            }
            for &c in alphabet {
                text.push(c);
                each(text, alphabet, depth - 1);
                text.pop();
            }
        }
        each(&mut text, &alphabet, 6);
    }
}

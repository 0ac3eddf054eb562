//! The history walk, kept between runs: what [`crate::store::git::Git::walk`]
//! found up to one commit, and the fields [`crate::store::history`] read
//! from each version of a record, so that a run on an unchanged HEAD walks
//! nothing and one on new commits walks only those (docs/history-cache.md).
//!
//! The file is `.git/comms/history-<hash of the records root>` (each
//! records repository in a work tree has its own). It holds:
//!
//! - its key: the format, the commit the walk ended at, the records and
//!   archive folders it looked at, and the records root's place in the work
//!   tree. A file with another key is not used;
//! - the walk: each commit that changed a record file (id, author, time)
//!   with its changes (paths, and the versions before and after);
//! - each version's `id`, `status` (as written) and `owner`. Statuses are
//!   recognised again at every run, so a changed `comms.yaml` (aliases,
//!   statuses) is read as it is now.
//!
//! A length and checksum of the body come first: a truncated or corrupted
//! file is not trusted, and is rewritten after a full walk. It is written
//! whole, to a temporary file renamed over the old one: a reader never sees
//! half a file, and two writers never mix theirs. Times are UTC seconds,
//! as git stores them; the time zone applies when they are shown.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::model::time::Instant;
use crate::model::types::Catalog;
use crate::store::git::{CommitInfo, FileChange, ObjectId};
use crate::store::history::Version;

const NAME: &str = "history";
/// The first line; its number changes whenever what the walk or the
/// reading of a version gives could change.
const MAGIC: &str = "comms-history 1";

/// What the walk depends on besides the commits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    /// The folders walked (records, archive), relative to the records root.
    pub dirs: Vec<String>,
    /// The records root relative to the git work tree (`sub/dir/`).
    pub prefix: String,
}

/// A walk read back from the file.
#[derive(Debug)]
pub struct Cached {
    /// The commit the walk ended at.
    pub head: ObjectId,
    pub commits: Vec<(CommitInfo, Vec<FileChange>)>,
    /// Every version the changes name, read.
    pub versions: HashMap<ObjectId, Arc<Version>>,
}

/// The cache file of the repository at `root`; `None` outside git.
pub fn location(root: &Path) -> Option<PathBuf> {
    // Only in git: there is no history elsewhere.
    super::state_dir(root)?;
    Some(super::state_file(root, NAME))
}

/// The walk cached at `at`, if the file is whole and was made for `key`.
/// Versions get their status recognised by `catalog`.
pub fn load(at: &Path, key: &Key, catalog: &Catalog) -> Option<Cached> {
    let bytes = std::fs::read(at).ok()?;
    let body = checked(&bytes)?;
    let file: File = serde_json::from_slice(body).ok()?;
    if file.dirs != key.dirs || file.prefix != key.prefix {
        return None;
    }
    let head = ObjectId::from_hex(&file.head)?;
    let mut ids = Vec::with_capacity(file.versions.len());
    let mut versions = HashMap::with_capacity(file.versions.len());
    for (hex, id, status_text, owner) in file.versions {
        let blob = ObjectId::from_hex(&hex)?;
        ids.push(blob);
        versions.insert(blob, Arc::new(Version::new(id, status_text, owner, catalog)));
    }
    let path = |i: u32| file.paths.get(i as usize).cloned();
    let blob = |i: Option<u32>| -> Option<Option<ObjectId>> {
        match i {
            None => Some(None),
            Some(i) => ids.get(i as usize).copied().map(Some),
        }
    };
    let mut commits = Vec::with_capacity(file.commits.len());
    for (hex, person, seconds, rows) in file.commits {
        let (author, email) = file.people.get(person as usize)?;
        let info = CommitInfo {
            id: ObjectId::from_hex(&hex)?,
            author: author.clone(),
            email: email.clone(),
            time: Instant(chrono::DateTime::from_timestamp(seconds, 0)?),
        };
        let mut changes = Vec::with_capacity(rows.len());
        for (at, from, old, new) in rows {
            let (old, new) = (blob(old)?, blob(new)?);
            if old.is_none() && new.is_none() {
                return None;
            }
            let from = match from {
                Some(i) => Some(path(i)?),
                None => None,
            };
            changes.push(FileChange { path: path(at)?, from, old, new });
        }
        commits.push((info, changes));
    }
    Some(Cached { head, commits, versions })
}

/// Writes the walk up to `head`. Best effort: a cache that cannot be
/// written is simply not there. Every version the changes name must be in
/// `versions`, else nothing is written.
pub fn store(
    at: &Path,
    key: &Key,
    head: ObjectId,
    commits: &[(CommitInfo, Vec<FileChange>)],
    versions: &HashMap<ObjectId, Arc<Version>>,
) {
    let Some(body) = render(key, head, commits, versions) else { return };
    let Some(dir) = at.parent() else { return };
    if std::fs::create_dir_all(dir).is_err() {
        return;
    }
    let mut text = format!("{MAGIC}\n{} {:016x}\n", body.len(), fnv(&body)).into_bytes();
    text.extend_from_slice(&body);
    let Ok(mut tmp) = tempfile::NamedTempFile::new_in(dir) else { return };
    if std::io::Write::write_all(&mut tmp, &text).is_ok() {
        let _ = tmp.persist(at);
    }
}

/// The file as written: the key, the people (named once), the versions,
/// and the commits, whose changes name versions by their place in the list.
#[derive(Serialize, Deserialize)]
struct File {
    dirs: Vec<String>,
    prefix: String,
    head: String,
    people: Vec<(String, String)>,
    /// Every path the changes name, once.
    paths: Vec<String>,
    versions: Vec<Blob>,
    /// Commit id, author (in `people`), UTC seconds, changes.
    commits: Vec<(String, u32, i64, Vec<Row>)>,
}

/// A version: blob id, then its `id`, `status` and `owner`.
type Blob = (String, Option<String>, Option<String>, Option<String>);

/// A change: path, path moved from (in `paths`), versions before and
/// after (in `versions`).
type Row = (u32, Option<u32>, Option<u32>, Option<u32>);

fn render<'a>(
    key: &Key,
    head: ObjectId,
    commits: &'a [(CommitInfo, Vec<FileChange>)],
    versions: &HashMap<ObjectId, Arc<Version>>,
) -> Option<Vec<u8>> {
    let mut people: Vec<(String, String)> = Vec::new();
    let mut person: HashMap<(&str, &str), u32> = HashMap::new();
    let mut blobs: Vec<Blob> = Vec::new();
    let mut blob: HashMap<ObjectId, u32> = HashMap::new();
    let mut paths: Vec<String> = Vec::new();
    let mut path: HashMap<&str, u32> = HashMap::new();
    let mut rows = Vec::with_capacity(commits.len());
    for (info, changes) in commits {
        let p = *person.entry((&info.author, &info.email)).or_insert_with(|| {
            people.push((info.author.clone(), info.email.clone()));
            (people.len() - 1) as u32
        });
        let mut out = Vec::with_capacity(changes.len());
        for c in changes {
            let mut index = |id: Option<ObjectId>| -> Option<Option<u32>> {
                let Some(id) = id else { return Some(None) };
                if let Some(&i) = blob.get(&id) {
                    return Some(Some(i));
                }
                let v = versions.get(&id)?;
                blobs.push((id.hex(), v.id.clone(), v.status_text.clone(), v.owner.clone()));
                let i = (blobs.len() - 1) as u32;
                blob.insert(id, i);
                Some(Some(i))
            };
            let mut place = |p: &'a str| {
                *path.entry(p).or_insert_with(|| {
                    paths.push(p.to_string());
                    (paths.len() - 1) as u32
                })
            };
            let at = place(&c.path);
            let from = c.from.as_deref().map(&mut place);
            out.push((at, from, index(c.old)?, index(c.new)?));
        }
        rows.push((info.id.hex(), p, info.time.timestamp(), out));
    }
    let file = File {
        dirs: key.dirs.clone(),
        prefix: key.prefix.clone(),
        head: head.hex(),
        people,
        paths,
        versions: blobs,
        commits: rows,
    };
    serde_json::to_vec(&file).ok()
}

/// The body of a whole file: the magic line, then the body's length and
/// checksum, then the body.
fn checked(bytes: &[u8]) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC.as_bytes())?.strip_prefix(b"\n")?;
    let nl = memchr::memchr(b'\n', rest)?;
    let line = std::str::from_utf8(&rest[..nl]).ok()?;
    let (len, sum) = line.split_once(' ')?;
    let body = &rest[nl + 1..];
    (body.len() == len.parse::<usize>().ok()? && format!("{:016x}", fnv(body)) == sum).then_some(body)
}

/// FNV-1a, 64 bits: catches a truncated or damaged file (not a defence
/// against someone forging one: they could as well edit the records).
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, b| (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn oid(n: u8) -> ObjectId {
        ObjectId::from_hex(&format!("{n:02x}").repeat(20)).unwrap()
    }

    type Commits = Vec<(CommitInfo, Vec<FileChange>)>;

    fn sample() -> (Key, Commits, HashMap<ObjectId, Arc<Version>>) {
        let catalog = Catalog::builtin().unwrap();
        let key = Key { dirs: vec!["records".into(), "archive".into()], prefix: String::new() };
        let info = |n: u8, who: &str| CommitInfo {
            id: oid(n),
            author: who.into(),
            email: format!("{who}@example.com"),
            time: Instant(chrono::DateTime::from_timestamp(1_790_000_000 + i64::from(n), 0).unwrap()),
        };
        let change = |path: &str, from: Option<&str>, old: Option<u8>, new: Option<u8>| FileChange {
            path: path.into(),
            from: from.map(Into::into),
            old: old.map(oid),
            new: new.map(oid),
        };
        let commits = vec![
            (info(1, "张伟"), vec![change("records/a.md", None, None, Some(11))]),
            (info(2, "李\t娜\n"), vec![change("records/a.md", None, Some(11), Some(12))]),
            (info(3, "张伟"), vec![change("archive/a.md", Some("records/a.md"), Some(12), Some(12))]),
        ];
        let mut versions = HashMap::new();
        let v = |id: &str, status: &str, owner: Option<&str>| {
            Arc::new(Version::new(Some(id.into()), Some(status.into()), owner.map(Into::into), &catalog))
        };
        versions.insert(oid(11), v("a", "open", Some("张伟")));
        versions.insert(oid(12), v("a", "处理中\t\"x\"", None));
        (key, commits, versions)
    }

    #[test]
    fn a_walk_reads_back_as_written() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("comms").join("history-x");
        let (key, commits, versions) = sample();
        store(&at, &key, oid(3), &commits, &versions);
        let back = load(&at, &key, &Catalog::builtin().unwrap()).unwrap();
        assert_eq!(back.head, oid(3));
        assert_eq!(back.commits, commits);
        assert_eq!(back.versions, versions);
    }

    #[test]
    fn another_key_a_cut_or_a_changed_byte_is_not_trusted() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("history-x");
        let (key, commits, versions) = sample();
        store(&at, &key, oid(3), &commits, &versions);
        let whole = std::fs::read(&at).unwrap();
        let other = Key { dirs: vec!["notes".into(), "archive".into()], prefix: String::new() };
        assert!(load(&at, &other, &Catalog::builtin().unwrap()).is_none());
        let moved = Key { prefix: "sub/".into(), ..key.clone() };
        assert!(load(&at, &moved, &Catalog::builtin().unwrap()).is_none());
        for cut in [0, 1, MAGIC.len() + 3, whole.len() / 2, whole.len() - 1] {
            std::fs::write(&at, &whole[..cut]).unwrap();
            assert!(load(&at, &key, &Catalog::builtin().unwrap()).is_none(), "cut at {cut}");
        }
        for at_byte in [MAGIC.len() + 5, whole.len() / 2, whole.len() - 2] {
            let mut bad = whole.clone();
            bad[at_byte] ^= 0x01;
            std::fs::write(&at, &bad).unwrap();
            assert!(load(&at, &key, &Catalog::builtin().unwrap()).is_none(), "byte {at_byte} changed");
        }
        std::fs::write(&at, &whole).unwrap();
        assert!(load(&at, &key, &Catalog::builtin().unwrap()).is_some());
    }

    #[test]
    fn a_version_missing_from_the_table_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let at = dir.path().join("history-x");
        let (key, commits, mut versions) = sample();
        versions.remove(&oid(11));
        store(&at, &key, oid(3), &commits, &versions);
        assert!(!at.exists());
    }
}

//! The record cache: every record's typed summary as the last full reading
//! left it, so that a second `status`, `report` or `remind` on an unchanged
//! repository reads one file instead of 100,000.
//!
//! It lives in the git state folder (`.git/comms/records-<hash of root>`,
//! else `.comms/records`) and is trusted the way git trusts its index:
//!
//! - **Per file**, an entry is used only when the file's size, modification
//!   and change times (in nanoseconds), inode and device are all what they
//!   were when it was read. An edit that keeps the size and puts the
//!   modification time back still changes the change time, which no one
//!   can set.
//! - **Racy times**: a file changed in the same clock tick as it was read
//!   could change again without its times moving. So an entry whose file
//!   was modified or changed shortly before the reading began — less than
//!   [`RACY_FINE`] on a file system with sub-second times, [`RACY_COARSE`]
//!   on one with whole seconds — is not written: that file is read again
//!   next time, and cached once it has been still for a while. (File times
//!   and the clock must agree: on a network file system whose server clock
//!   runs ahead, files look changed "just now" and are simply not cached;
//!   one whose clock runs behind by more than the margin calls for
//!   `--no-cache`.)
//! - **Whole file**: a header names the format, and a fingerprint of
//!   everything a summary depends on besides the file — `comms.yaml`, the
//!   repository's `.comms/templates/`, the timezone and the comms binary
//!   itself. Any difference, and nothing in the cache is used.
//! - **Corruption**: the entries are followed by their count and a CRC-32
//!   of everything before. A truncated or damaged cache is ignored (the
//!   records are read as if there were none) and replaced.
//! - **Writers**: a new cache is written to a temporary file beside it and
//!   renamed over it, so a reader sees the old file or the new one, whole.
//!   Two processes writing at once each write a complete file; the last
//!   rename wins and nothing is mixed.
//!
//! A file that cannot be read as a record is cached as such, and read
//! again every time for its diagnostic. `--no-cache` neither reads nor
//! writes the cache.
//! Only Unix has the times and inode numbers this needs; elsewhere the
//! cache is off.

use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::config::Config;
use crate::model::record::Record;

use super::repo::RecordFile;

const NAME: &str = "records";
const MAGIC: &[u8; 8] = b"commsRC\0";
/// Bumped whenever the layout of an entry or of [`Record`] changes.
const FORMAT: u32 = 3;
/// How long before the reading a file must have been still for its entry
/// to be written, when its times have sub-second parts: more than a clock
/// tick of the kernel's file times (at most 10 ms).
pub const RACY_FINE: i64 = 50_000_000;
/// The same for times in whole seconds: more than the coarsest resolution
/// in use (FAT's 2 s).
pub const RACY_COARSE: i64 = 3_000_000_000;
/// No entry is this large; a length above it is corruption.
const MAX_ENTRY: usize = 16 << 20;
/// Files read or decoded together, in parallel.
pub const CHUNK: usize = 4096;

/// What a file's metadata says about its content: equal stamps, same
/// content (unless racy: [`Stamp::racy`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Stamp {
    size: u64,
    mtime: i64,
    ctime: i64,
    ino: u64,
    dev: u64,
}

impl Stamp {
    /// The stamp of the file at `path` (a link is followed: its target's
    /// content is what is read).
    pub fn of(path: &Path) -> Option<Stamp> {
        Stamp::of_metadata(&std::fs::metadata(path).ok()?)
    }

    /// The stamp in a file's metadata.
    #[cfg(unix)]
    pub fn of_metadata(m: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        let ns = |s: i64, n: i64| s.checked_mul(1_000_000_000)?.checked_add(n);
        Some(Stamp {
            size: m.size(),
            mtime: ns(m.mtime(), m.mtime_nsec())?,
            ctime: ns(m.ctime(), m.ctime_nsec())?,
            ino: m.ino(),
            dev: m.dev(),
        })
    }

    #[cfg(not(unix))]
    pub fn of_metadata(_m: &std::fs::Metadata) -> Option<Stamp> {
        None
    }

    /// A stamp told apart from others by `n` alone.
    #[cfg(test)]
    pub fn for_tests(n: u64) -> Stamp {
        Stamp { size: n, mtime: 0, ctime: 0, ino: n, dev: 0 }
    }

    /// Whether the file changed too close to `since` (ns) for its times
    /// to tell a later change apart.
    pub fn racy(&self, since: i64) -> bool {
        let whole_seconds = self.mtime % 1_000_000_000 == 0 && self.ctime % 1_000_000_000 == 0;
        let margin = if whole_seconds { RACY_COARSE } else { RACY_FINE };
        self.mtime.max(self.ctime) > since.saturating_sub(margin)
    }
}

/// The key of one entry: which file, and its stamp when it was read.
#[derive(Serialize, Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    path: &'a [u8],
    stamp: Stamp,
}

/// The cache of one repository, as it applies to the current settings.
#[derive(Debug)]
pub struct Cache {
    path: PathBuf,
    fingerprint: u64,
}

/// What the cache holds for a list of files: the first of its two
/// readings, which decodes only the keys and checks the whole file.
#[derive(Debug)]
pub struct Plan {
    /// The cache file, whole and for these settings; `None` when missing
    /// or not to be trusted.
    old: Option<std::fs::File>,
    /// For each file, whether the cache holds it unchanged.
    pub hit: Vec<bool>,
    /// Entries for files no longer listed (deleted, moved).
    pub gone: usize,
}

impl Plan {
    /// Whether every file is in the cache and nothing else is: the cache
    /// needs no rewriting.
    pub fn complete(&self) -> bool {
        self.gone == 0 && self.hit.iter().all(|h| *h)
    }

    /// The second reading: the entries of the hits, in order.
    pub fn entries(&mut self) -> Option<Entries> {
        use std::io::Seek;
        let mut file = self.old.take()?;
        file.seek(std::io::SeekFrom::Start(HEADER as u64)).ok()?;
        Some(Entries { input: BufReader::with_capacity(1 << 16, file), done: false })
    }
}

/// The entries of a cache file, read one after the other (the file was
/// checked whole by [`Cache::plan`]).
pub struct Entries {
    input: BufReader<std::fs::File>,
    done: bool,
}

impl Entries {
    /// Appends the bytes of the entry for `path` to `into`, skipping
    /// entries before it, and returns where they are; `None` when it is
    /// not there (the file changed under us).
    pub fn take(&mut self, path: &[u8], into: &mut Vec<u8>) -> Option<std::ops::Range<usize>> {
        let start = into.len();
        while !self.done {
            into.truncate(start);
            if !read_frame(&mut self.input, into, None) {
                self.done = true;
                break;
            }
            let Ok((head, _)) = postcard::take_from_bytes::<Head>(&into[start..]) else {
                self.done = true;
                break;
            };
            match head.path.cmp(path) {
                std::cmp::Ordering::Less => continue,
                std::cmp::Ordering::Equal => return Some(start..into.len()),
                // Entries are asked for in order and only for hits, which
                // the plan found: the file changed under us.
                std::cmp::Ordering::Greater => self.done = true,
            }
        }
        into.truncate(start);
        None
    }
}

/// What an entry's bytes hold: the record's summary, or `Some(None)` for
/// a file that is not a record (read again each time for its diagnostic,
/// but known, so that it does not make the cache look incomplete).
pub fn decode(entry: &[u8]) -> Option<Option<Record>> {
    let (_, rest) = postcard::take_from_bytes::<Head>(entry).ok()?;
    postcard::from_bytes(rest).ok()
}

/// The entry for a file just read: its key, and its summary or `None`.
pub fn encode(file: &RecordFile, stamp: Stamp, record: Option<&Record>) -> Option<Vec<u8>> {
    let entry = postcard::to_stdvec(&Head { path: path_bytes(file), stamp }).ok()?;
    postcard::to_extend(&record, entry).ok()
}

/// magic, format, fingerprint
const HEADER: usize = 8 + 4 + 8;
/// The length that ends the entries; the count and the CRC follow.
const END: u32 = u32::MAX;

/// Appends one entry's bytes to `into`; false at the end marker, at the
/// end of the file, or on a length no entry has.
fn read_frame(input: &mut impl Read, into: &mut Vec<u8>, crc: Option<&mut crc32fast::Hasher>) -> bool {
    let mut len = [0u8; 4];
    if input.read_exact(&mut len).is_err() {
        return false;
    }
    let size = u32::from_le_bytes(len);
    let mut crc = crc;
    if let Some(c) = crc.as_deref_mut() {
        c.update(&len);
    }
    if size == END || size as usize > MAX_ENTRY {
        return false;
    }
    let start = into.len();
    into.resize(start + size as usize, 0);
    if input.read_exact(&mut into[start..]).is_err() {
        return false;
    }
    if let Some(c) = crc {
        c.update(&into[start..]);
    }
    true
}

impl Cache {
    /// The cache of the repository at `root` under `config`; `None` when
    /// this platform or repository cannot have one.
    pub fn of(root: &Path, config: &Config) -> Option<Cache> {
        if cfg!(not(unix)) {
            return None;
        }
        Some(Cache { path: super::state_file(root, NAME), fingerprint: fingerprint(root, config)? })
    }

    /// Which of `files` (sorted as [`RecordFile`] sorts) the cache holds
    /// unchanged, given their current `stamps`. Anything wrong with the
    /// cache file — missing, another format or fingerprint, truncated, a
    /// bad checksum — and it holds none.
    pub fn plan(&self, files: &[RecordFile], stamps: &[Option<Stamp>]) -> Plan {
        let none = || Plan { old: None, hit: vec![false; files.len()], gone: 0 };
        let Ok(file) = std::fs::File::open(&self.path) else { return none() };
        let Ok(again) = file.try_clone() else { return none() };
        match self.check(BufReader::with_capacity(1 << 16, file), files, stamps) {
            Some((hit, gone)) => Plan { old: Some(again), hit, gone },
            None => none(),
        }
    }

    fn check(
        &self,
        mut input: impl Read,
        files: &[RecordFile],
        stamps: &[Option<Stamp>],
    ) -> Option<(Vec<bool>, usize)> {
        let mut crc = crc32fast::Hasher::new();
        let mut header = [0u8; HEADER];
        input.read_exact(&mut header).ok()?;
        crc.update(&header);
        if &header[..8] != MAGIC
            || u32::from_le_bytes(header[8..12].try_into().ok()?) != FORMAT
            || u64::from_le_bytes(header[12..20].try_into().ok()?) != self.fingerprint
        {
            return None;
        }
        let mut hit = vec![false; files.len()];
        let (mut gone, mut count, mut next) = (0, 0u64, 0);
        let mut entry = Vec::new();
        let mut last: Vec<u8> = Vec::new();
        while {
            entry.clear();
            read_frame(&mut input, &mut entry, Some(&mut crc))
        } {
            count += 1;
            let (head, _) = postcard::take_from_bytes::<Head>(&entry).ok()?;
            // In strictly increasing order, as written.
            if count > 1 && head.path <= last.as_slice() {
                return None;
            }
            last.clear();
            last.extend_from_slice(head.path);
            // Merge: files and entries are both in byte order of their paths.
            while next < files.len() && path_bytes(&files[next]) < head.path {
                next += 1;
            }
            if next < files.len() && path_bytes(&files[next]) == head.path {
                hit[next] = stamps[next] == Some(head.stamp);
                next += 1;
            } else {
                gone += 1;
            }
        }
        // The end marker (read by `read_frame`), the count, the CRC, and
        // nothing after.
        let mut tail = [0u8; 12];
        input.read_exact(&mut tail).ok()?;
        crc.update(&tail[..8]);
        if u64::from_le_bytes(tail[..8].try_into().ok()?) != count
            || u32::from_le_bytes(tail[8..].try_into().ok()?) != crc.finalize()
            || input.read(&mut [0u8; 1]).ok()? != 0
        {
            return None;
        }
        Some((hit, gone))
    }

    /// A new cache file, written beside the old one and put in its place
    /// by [`Writer::finish`].
    pub fn writer(&self) -> Option<Writer> {
        let dir = self.path.parent()?;
        std::fs::create_dir_all(dir).ok()?;
        let tmp = tempfile::Builder::new().prefix(".records-").tempfile_in(dir).ok()?;
        let mut w = Writer {
            out: BufWriter::with_capacity(1 << 16, tmp),
            crc: crc32fast::Hasher::new(),
            count: 0,
            to: self.path.clone(),
            failed: false,
        };
        w.put(MAGIC);
        w.put(&FORMAT.to_le_bytes());
        w.put(&self.fingerprint.to_le_bytes());
        Some(w)
    }
}

/// A cache file being written, entry by entry in path order. A failure
/// leaves the old cache, or none: the cache is only ever a shortcut.
pub struct Writer {
    out: BufWriter<tempfile::NamedTempFile>,
    crc: crc32fast::Hasher,
    count: u64,
    to: PathBuf,
    failed: bool,
}

impl Writer {
    fn put(&mut self, bytes: &[u8]) {
        self.crc.update(bytes);
        self.failed |= self.out.write_all(bytes).is_err();
    }

    /// Adds one entry (from [`encode`], or an old entry as it was).
    pub fn entry(&mut self, entry: &[u8]) {
        let Ok(size) = u32::try_from(entry.len()) else { return };
        if size == END || entry.len() > MAX_ENTRY {
            return;
        }
        self.put(&size.to_le_bytes());
        self.put(entry);
        self.count += 1;
    }

    /// Ends the file and puts it in place of the old one.
    pub fn finish(mut self) {
        self.put(&END.to_le_bytes());
        let count = self.count.to_le_bytes();
        self.put(&count);
        let crc = self.crc.clone().finalize().to_le_bytes();
        if self.failed || self.out.write_all(&crc).is_err() {
            return;
        }
        if let Ok(tmp) = self.out.into_inner() {
            let _ = tmp.persist(&self.to);
        }
    }
}

fn path_bytes(file: &RecordFile) -> &[u8] {
    file.rel.as_os_str().as_encoded_bytes()
}

/// Nanoseconds since 1970 by the system clock, the reference for racy
/// times (file times come from the same clock).
pub fn clock_ns() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
}

/// Everything a record's summary depends on besides its own file: the
/// cache format, the binary (its size and times: a rebuilt comms may read
/// records differently), `comms.yaml`, every file of the repository's
/// `.comms/templates/`, and the timezone (which may come from the system).
/// `None` when one of them cannot be read: then there is no cache.
fn fingerprint(root: &Path, config: &Config) -> Option<u64> {
    use std::hash::{Hash, Hasher};
    // SipHash with fixed keys: the same value in every process.
    let mut h = std::hash::DefaultHasher::new();
    FORMAT.hash(&mut h);
    env!("CARGO_PKG_VERSION").hash(&mut h);
    let exe = std::env::current_exe().ok()?;
    Stamp::of(&exe)?.hash(&mut h);
    match std::fs::read(root.join(crate::model::config::FILE)) {
        Ok(bytes) => bytes.hash(&mut h),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => 0u8.hash(&mut h),
        Err(_) => return None,
    }
    let templates = root.join(crate::model::types::REPO_DIR);
    if templates.exists() {
        for entry in walkdir::WalkDir::new(&templates).sort_by_file_name() {
            let entry = entry.ok()?;
            entry.path().strip_prefix(&templates).ok()?.hash(&mut h);
            if entry.file_type().is_file() {
                std::fs::read(entry.path()).ok()?.hash(&mut h);
            }
        }
    }
    config.timezone.name().hash(&mut h);
    Some(h.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_and_a_span_come_back_exactly() {
        use crate::model::time::Instant;
        use crate::model::workdays::Span;
        let at = Instant(chrono::DateTime::from_timestamp(1_795_000_000, 123_456_789).unwrap());
        let m = crate::model::minutes::Minutes {
            start: Some(at),
            within: Span::Fixed(chrono::Duration::nanoseconds(-1_500_000_001)),
            sent: None,
        };
        let bytes = postcard::to_stdvec(&m).unwrap();
        assert_eq!(postcard::from_bytes::<crate::model::minutes::Minutes>(&bytes).unwrap(), m);
        let w = crate::model::minutes::Minutes { within: Span::Workdays(2), ..m };
        assert_eq!(
            postcard::from_bytes::<crate::model::minutes::Minutes>(&postcard::to_stdvec(&w).unwrap()).unwrap(),
            w
        );
    }

    #[test]
    fn racy_means_changed_within_the_margin_before_the_reading() {
        let sec = 1_000_000_000;
        let s = Stamp { size: 1, mtime: 100 * sec + 7, ctime: 100 * sec + 7, ino: 1, dev: 1 };
        assert!(!s.racy(100 * sec + 7 + RACY_FINE));
        assert!(s.racy(100 * sec + 6 + RACY_FINE));
        assert!(Stamp { ctime: 200 * sec, ..s }.racy(200 * sec + RACY_FINE - 1));
        // Whole seconds: the file system may have no finer times.
        let coarse = Stamp { mtime: 100 * sec, ctime: 100 * sec, ..s };
        assert!(coarse.racy(100 * sec + RACY_COARSE - 1));
        assert!(!coarse.racy(100 * sec + RACY_COARSE));
    }

    /// A records repository outside git (the cache in `.comms/records`).
    struct Repo {
        dir: tempfile::TempDir,
    }

    fn record(id: &str, status: &str, subject: &str) -> String {
        format!(
            "---\nid: {id}\ntype: internal\nsubject: {subject}\nowner: 张三\ndeadline: 2026-11-25 17:00\nstatus: {status}\ncreated: 2026-11-20 09:00\n---\n\n## 进展记录\n\n- 2026-11-21 10:00 开始\n"
        )
    }

    impl Repo {
        fn new() -> Repo {
            let dir = tempfile::tempdir().unwrap();
            std::fs::create_dir_all(dir.path().join("records/a")).unwrap();
            std::fs::write(dir.path().join("comms.yaml"), "timezone: Asia/Shanghai\n").unwrap();
            Repo { dir }
        }
        fn path(&self, rel: &str) -> PathBuf {
            self.dir.path().join(rel)
        }
        fn open(&self, cache: bool) -> crate::store::repo::Repo {
            let mut r = crate::store::repo::Repo::open(self.dir.path().to_path_buf()).unwrap();
            r.cache = cache;
            r
        }
        /// Both readings, as text: the records and the problems.
        fn both(&self) -> (String, String) {
            let cached = self.open(true).load();
            let fresh = self.open(false).load();
            (format!("{:?}{:?}", cached.records, cached.problems), format!("{:?}{:?}", fresh.records, fresh.problems))
        }
        /// How many of the current files the cache holds unchanged.
        fn hits(&self) -> usize {
            let r = self.open(true);
            let (files, _) = r.record_files();
            let stamps: Vec<Option<Stamp>> = files.iter().map(|f| Stamp::of(&r.abs(&f.rel))).collect();
            Cache::of(&r.root, &r.config).unwrap().plan(&files, &stamps).hit.iter().filter(|h| **h).count()
        }
        /// Rewrites `rel` with `text` and puts its modification time back.
        fn edit_keeping_mtime(&self, rel: &str, text: &str) {
            let path = self.path(rel);
            let before = std::fs::metadata(&path).unwrap().modified().unwrap();
            std::fs::write(&path, text).unwrap();
            std::fs::File::options().write(true).open(&path).unwrap().set_modified(before).unwrap();
        }
    }

    /// Past the racy margin: what was written before is cacheable.
    fn settle() {
        std::thread::sleep(std::time::Duration::from_nanos(RACY_FINE as u64 + 10_000_000));
    }

    #[test]
    fn an_unchanged_file_is_served_and_a_changed_one_is_not() {
        let repo = Repo::new();
        std::fs::write(repo.path("records/a/1.md"), record("20261120-0001", "open", "甲")).unwrap();
        std::fs::write(repo.path("records/a/2.md"), record("20261120-0002", "open", "乙")).unwrap();
        settle();
        let (cached, fresh) = repo.both();
        assert_eq!(cached, fresh);
        assert_eq!(repo.hits(), 2);
        // Same size, modification time put back: the change time moved.
        repo.edit_keeping_mtime("records/a/1.md", &record("20261120-0001", "done", "甲"));
        assert_eq!(repo.hits(), 1);
        let (cached, fresh) = repo.both();
        assert_eq!(cached, fresh);
        assert!(cached.contains("Done"));
    }

    #[test]
    fn a_file_changed_just_before_the_reading_is_not_cached() {
        let repo = Repo::new();
        std::fs::write(repo.path("records/a/1.md"), record("20261120-0001", "open", "甲")).unwrap();
        let _ = repo.open(true).load();
        assert_eq!(repo.hits(), 0, "written within the racy margin of the reading");
        settle();
        let _ = repo.open(true).load();
        assert_eq!(repo.hits(), 1);
    }

    #[test]
    fn settings_and_templates_change_the_fingerprint() {
        let repo = Repo::new();
        std::fs::write(repo.path("records/a/1.md"), record("20261120-0001", "待定", "甲")).unwrap();
        settle();
        let _ = repo.both();
        assert_eq!(repo.hits(), 1);
        std::fs::write(repo.path("comms.yaml"), "timezone: America/New_York\n").unwrap();
        assert_eq!(repo.hits(), 0);
        let (cached, fresh) = repo.both();
        assert_eq!(cached, fresh);
        assert_eq!(repo.hits(), 1);
        // A status word the repository's lexicon adds: the cached summary
        // (no status) must not survive it.
        std::fs::create_dir_all(repo.path(".comms/templates")).unwrap();
        std::fs::write(repo.path(".comms/templates/lexicon.yaml"), "status:\n  open: [待定]\n").unwrap();
        assert_eq!(repo.hits(), 0);
        let (cached, fresh) = repo.both();
        assert_eq!(cached, fresh);
        assert!(cached.contains("status: Some(Open)"), "{cached}");
    }

    #[test]
    fn a_damaged_or_truncated_cache_is_ignored_and_replaced() {
        let repo = Repo::new();
        for n in 0..5 {
            std::fs::write(repo.path(&format!("records/a/{n}.md")), record(&format!("20261120-000{n}"), "open", "甲"))
                .unwrap();
        }
        settle();
        let (_, fresh) = repo.both();
        let file = repo.path(".comms/records");
        let good = std::fs::read(&file).unwrap();
        assert_eq!(repo.hits(), 5);
        let damaged: Vec<Vec<u8>> = (0..good.len())
            .step_by(7)
            .map(|i| {
                let mut bad = good.clone();
                bad[i] ^= 0x20;
                bad
            })
            .chain((0..good.len()).step_by(11).map(|n| good[..n].to_vec()))
            .chain([[good.clone(), b"x".to_vec()].concat()])
            .collect();
        for bad in damaged {
            std::fs::write(&file, &bad).unwrap();
            assert_eq!(repo.hits(), 0);
            let (cached, _) = repo.both();
            assert_eq!(cached, fresh);
            assert_eq!(std::fs::read(&file).unwrap(), good, "rewritten whole");
        }
    }

    #[test]
    fn two_writers_at_once_leave_one_whole_cache() {
        let repo = Repo::new();
        for n in 0..50 {
            std::fs::write(
                repo.path(&format!("records/a/{n:02}.md")),
                record(&format!("20261120-00{n:02}"), "open", "甲"),
            )
            .unwrap();
        }
        settle();
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| repo.open(true).load());
            }
        });
        assert_eq!(repo.hits(), 50);
        let leftovers: Vec<_> =
            std::fs::read_dir(repo.path(".comms")).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, ["records"], "no temporary file is left behind");
    }

    #[test]
    fn a_file_that_is_no_record_is_reported_every_time_without_rewriting() {
        use std::os::unix::fs::MetadataExt;
        let repo = Repo::new();
        std::fs::write(repo.path("records/a/1.md"), record("20261120-0001", "open", "甲")).unwrap();
        std::fs::write(repo.path("records/a/2.md"), "---\nid: [unclosed\n---\n").unwrap();
        settle();
        let first = repo.open(true).load();
        assert_eq!((first.records.len(), first.problems.len()), (1, 1));
        assert_eq!(repo.hits(), 2);
        let written = || {
            let m = std::fs::metadata(repo.path(".comms/records")).unwrap();
            (m.ino(), m.ctime(), m.ctime_nsec())
        };
        let ino = written();
        let again = repo.open(true).load();
        assert_eq!(format!("{:?}", again.problems), format!("{:?}", first.problems));
        assert_eq!(written(), ino, "not rewritten");
    }

    #[test]
    fn load_where_keeps_what_it_is_asked_to_from_the_cache_and_from_the_files() {
        let repo = Repo::new();
        for n in 0..6 {
            let status = if n % 2 == 0 { "open" } else { "done" };
            std::fs::write(repo.path(&format!("records/a/{n}.md")), record(&format!("20261120-000{n}"), status, "甲"))
                .unwrap();
        }
        settle();
        for cache in [false, true, true] {
            let open = repo.open(cache).load_where(|r| r.status == Some(crate::model::record::Status::Open));
            let ids: Vec<&str> = open.records.iter().map(|r| r.id.as_str()).collect();
            assert_eq!(ids, ["20261120-0000", "20261120-0002", "20261120-0004"]);
        }
        assert_eq!(repo.hits(), 6, "the cache holds every record, not only those kept");
    }

    #[derive(Clone, Debug)]
    enum Step {
        /// No record any more: front matter that does not parse.
        Break(usize),
        /// Same size, modification time put back.
        Flip(usize),
        /// Another subject, another size.
        Retitle(usize, u8),
        Add(u8),
        Delete(usize),
        /// records/a <-> records/b
        MoveFolder,
        Config(bool),
        Wait,
        Query,
    }

    fn step() -> impl proptest::strategy::Strategy<Value = Step> {
        use proptest::prelude::*;
        prop_oneof![
            (0..8usize).prop_map(Step::Flip),
            (0..8usize).prop_map(Step::Break),
            (0..8usize, 0..4u8).prop_map(|(i, n)| Step::Retitle(i, n)),
            (0..200u8).prop_map(Step::Add),
            (0..8usize).prop_map(Step::Delete),
            Just(Step::MoveFolder),
            any::<bool>().prop_map(Step::Config),
            Just(Step::Wait),
            Just(Step::Query),
            Just(Step::Query),
        ]
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]
        /// Random edits between queries: the cached reading always equals
        /// a fresh one.
        #[test]
        fn the_cache_is_never_stale(steps in proptest::collection::vec(step(), 1..14)) {
            let repo = Repo::new();
            let mut folder = "records/a";
            for n in 0..3 {
                std::fs::write(repo.path(&format!("{folder}/{n}.md")), record(&format!("20261120-000{n}"), "open", "甲")).unwrap();
            }
            settle();
            let files = |folder: &str| -> Vec<String> {
                let mut v: Vec<String> = std::fs::read_dir(repo.path(folder)).unwrap().flatten()
                    .map(|e| format!("{folder}/{}", e.file_name().to_string_lossy())).collect();
                v.sort();
                v
            };
            for step in steps.into_iter().chain([Step::Query]) {
                let now = files(folder);
                match step {
                    Step::Flip(i) if !now.is_empty() => {
                        let rel = &now[i % now.len()];
                        let text = std::fs::read_to_string(repo.path(rel)).unwrap();
                        let text = if text.contains("status: open") { text.replace("status: open", "status: done") } else { text.replace("status: done", "status: open") };
                        repo.edit_keeping_mtime(rel, &text);
                    }
                    Step::Retitle(i, n) if !now.is_empty() => {
                        let rel = &now[i % now.len()];
                        let text = std::fs::read_to_string(repo.path(rel)).unwrap();
                        let Some(subject) = text.lines().find(|l| l.starts_with("subject:")).map(str::to_string) else { continue };
                        std::fs::write(repo.path(rel), text.replace(&subject, &format!("subject: {}", "乙".repeat(usize::from(n) + 1)))).unwrap();
                    }
                    Step::Add(n) => {
                        std::fs::write(repo.path(&format!("{folder}/n{n}.md")), record(&format!("20261121-{n:04}"), "open", "丙")).unwrap();
                    }
                    Step::Delete(i) if !now.is_empty() => std::fs::remove_file(repo.path(&now[i % now.len()])).unwrap(),
                    Step::MoveFolder => {
                        let to = if folder == "records/a" { "records/b" } else { "records/a" };
                        std::fs::rename(repo.path(folder), repo.path(to)).unwrap();
                        folder = to;
                    }
                    Step::Config(ny) => {
                        let tz = if ny { "America/New_York" } else { "Asia/Shanghai" };
                        std::fs::write(repo.path("comms.yaml"), format!("timezone: {tz}\n")).unwrap();
                    }
                    Step::Break(i) if !now.is_empty() => std::fs::write(repo.path(&now[i % now.len()]), "---\nid: [\n---\n").unwrap(),
                    Step::Wait => settle(),
                    Step::Query => {
                        let (cached, fresh) = repo.both();
                        proptest::prop_assert_eq!(cached, fresh);
                    }
                    _ => {}
                }
            }
        }
    }
}

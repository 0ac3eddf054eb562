//! The record cache (`.git/comms/records-…`, docs/cache.md): a second
//! `status`, `report` or `remind` reads it instead of every file, and
//! always answers exactly as a run with `--no-cache` does.

use std::os::unix::fs::MetadataExt;
use std::time::Duration;

use crate::harness::{GOOD, Sandbox, good_with};

/// What every test compares: the cached answer and the fresh one.
const QUERIES: [&[&str]; 4] = [
    &["status", "--all", "--format", "json"],
    &["status", "--overdue", "--format", "json"],
    &["report", "--quarter", "2026-Q4", "--format", "json"],
    &["remind", "--format", "json"],
];

fn run(s: &Sandbox, query: &[&str], cache: bool) -> String {
    let mut args = vec!["--now", "2026-11-28 09:00"];
    if !cache {
        args.push("--no-cache");
    }
    args.extend_from_slice(query);
    let out = s.run(&args);
    assert!(out.code <= 1, "{query:?}: {}", out.stderr);
    format!("{}\n{}", out.stdout, out.stderr)
}

/// Every query, cached then fresh: equal.
#[track_caller]
fn agree(s: &Sandbox, when: &str) {
    for q in QUERIES {
        let cached = run(s, q, true);
        assert_eq!(cached, run(s, q, false), "{when}: {q:?}");
    }
}

/// Past the racy margin (50 ms): files written before can be cached.
fn settle() {
    std::thread::sleep(Duration::from_millis(80));
}

fn cache_file(s: &Sandbox) -> Option<std::path::PathBuf> {
    let found: Vec<_> = std::fs::read_dir(s.abs(".git/comms"))
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().is_some_and(|n| n.to_string_lossy().starts_with("records-")))
        .collect();
    assert!(found.len() <= 1, "{found:?}");
    found.into_iter().next()
}

/// When and as what the cache file was written: a rewrite (a new file
/// renamed into place) changes its inode or its change time (an inode
/// number can be reused at once).
fn ino(s: &Sandbox) -> (u64, i64, i64) {
    let m = std::fs::metadata(cache_file(s).expect("a cache file")).unwrap();
    (m.ino(), m.ctime(), m.ctime_nsec())
}

fn repo() -> Sandbox {
    let s = Sandbox::new();
    s.git_init();
    s.write("records/20261122-7f3a-故障.md", GOOD);
    s.write("records/a/20261120-1b2c-二.md", good_with("id: 20261122-7f3a", "id: 20261120-1b2c"));
    s.write(
        "archive/2026/Q4/官网/20261001-0a0a-旧.md",
        good_with("id: 20261122-7f3a", "id: 20261001-0a0a").replace("status: open", "status: done"),
    );
    s.git(&["add", "-A"]);
    s.git(&["commit", "-qm", "records"]);
    settle();
    s
}

#[test]
fn a_second_run_is_served_from_the_cache_and_agrees() {
    let s = repo();
    assert!(cache_file(&s).is_none());
    agree(&s, "first");
    let written = ino(&s);
    agree(&s, "again");
    assert_eq!(ino(&s), written, "an unchanged repository does not rewrite the cache");
}

#[test]
fn edits_by_comms_and_by_hand_are_seen() {
    let s = repo();
    agree(&s, "first");
    let was = ino(&s);

    // Same size, modification time put back.
    let path = s.abs("records/a/20261120-1b2c-二.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("设备故障", "设备损坏", 1);
    assert_ne!(text, edited);
    assert_eq!(text.len(), edited.len());
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, &edited).unwrap();
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    agree(&s, "same size, mtime put back");
    assert!(run(&s, &["status", "--all", "--format", "json"], true).contains("设备损坏"));
    assert_ne!(ino(&s), was);

    s.run(&["--now", "2026-11-28 09:00", "set", "7f3a", "status=done"]).code(0);
    agree(&s, "after comms set");

    s.write("records/20261125-cccc-新.md", good_with("id: 20261122-7f3a", "id: 20261125-cccc"));
    agree(&s, "a file added");
    std::fs::remove_file(s.abs("records/20261125-cccc-新.md")).unwrap();
    agree(&s, "a file deleted");

    std::fs::rename(s.abs("archive/2026/Q4/官网"), s.abs("archive/2026/Q4/官网二期")).unwrap();
    agree(&s, "a folder renamed");

    s.write("comms.yaml", "timezone: America/New_York\nlanguage: zh\n");
    agree(&s, "comms.yaml changed");

    // The repository's lexicon: a status word a record uses, added later.
    s.write("records/a/20261120-1b2c-二.md", text.replacen("status: open", "status: 推进中", 1));
    agree(&s, "an unknown status word");
    s.write(".comms/templates/lexicon.yaml", "status:\n  in-progress: [推进中]\n");
    agree(&s, "the templates changed");
    assert!(run(&s, &["status", "--all", "--format", "json"], true).contains("in-progress"));
}

#[test]
fn no_cache_neither_reads_nor_writes_it() {
    let s = repo();
    run(&s, QUERIES[0], false);
    assert!(cache_file(&s).is_none());
    s.run_env(s.path(), &["--now", "2026-11-28 09:00", "status"], &[("COMMS_NO_CACHE", "1")]);
    assert!(cache_file(&s).is_none());
    run(&s, QUERIES[0], true);
    assert!(cache_file(&s).is_some());
}

#[test]
fn a_corrupt_cache_is_ignored_and_replaced() {
    let s = repo();
    agree(&s, "first");
    let file = cache_file(&s).unwrap();
    let good = std::fs::read(&file).unwrap();
    for bad in [good[..good.len() / 2].to_vec(), b"not a cache".to_vec(), {
        let mut b = good.clone();
        let at = b.len() - 30;
        b[at] ^= 1;
        b
    }] {
        std::fs::write(&file, &bad).unwrap();
        agree(&s, "corrupt");
        assert_eq!(std::fs::read(&file).unwrap(), good);
    }
}

#[test]
fn two_processes_at_once_leave_a_whole_cache() {
    let s = repo();
    for n in 0..40 {
        s.write(
            &format!("records/b/2026112{}-{n:04x}-批.md", n % 8),
            good_with("id: 20261122-7f3a", &format!("id: 2026112{}-{n:04x}", n % 8)),
        );
    }
    settle();
    let children: Vec<_> = (0..3)
        .map(|_| {
            let mut c = crate::harness::comms(s.path());
            c.args(["--now", "2026-11-28 09:00", "status", "--format", "json"]);
            c.stdout(std::process::Stdio::null()).stderr(std::process::Stdio::null()).spawn().unwrap()
        })
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().code().is_some_and(|c| c <= 1));
    }
    let written = ino(&s);
    agree(&s, "after concurrent writers");
    assert_eq!(ino(&s), written, "the cache one of them left is whole and complete");
    let leftovers: Vec<_> = std::fs::read_dir(s.abs(".git/comms"))
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".records-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

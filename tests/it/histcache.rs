//! The history walk cached by HEAD (docs/history-cache.md): whatever
//! happens to the repository — commits on top, an amend, a reset, another
//! branch, a merge, another records folder, a damaged cache — `history ID`
//! and `report` answer byte for byte as a run with `--no-cache`; and an
//! unchanged HEAD is answered without reading the history at all.

use std::path::PathBuf;
use std::time::SystemTime;

use proptest::prelude::*;

use crate::harness::{Sandbox, git, record};

const NOW: &str = "2026-12-20 09:00";

/// `comms ARGS` with and without the cache: the same exit status and the
/// same bytes on stdout. Returns the cached run's stdout.
#[track_caller]
fn same(s: &Sandbox, args: &[&str]) -> String {
    let cached = s.run(args);
    let mut plain = vec!["--no-cache"];
    plain.extend_from_slice(args);
    let fresh = s.run(&plain);
    assert_eq!(
        (cached.code, &cached.stdout),
        (fresh.code, &fresh.stdout),
        "comms {args:?}: with the cache (left) and without\nstderr with: {}\nstderr without: {}",
        cached.stderr,
        fresh.stderr
    );
    cached.stdout
}

/// `history ID --format json` for each id and `report --year 2026
/// --format json`, each with and without the cache.
#[track_caller]
fn all_same(s: &Sandbox, ids: &[&str]) {
    for id in ids {
        let out = same(s, &["history", id, "--format", "json"]);
        assert!(out.contains("\"changes\""), "history {id}: {out}");
    }
    same(s, &["--now", NOW, "report", "--year", "2026", "--format", "json"]);
}

/// The history cache files in the git state folder.
fn cache_files(s: &Sandbox) -> Vec<PathBuf> {
    let Ok(dir) = std::fs::read_dir(s.abs(".git/comms")) else { return Vec::new() };
    let mut out: Vec<PathBuf> = dir
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(|n| n.starts_with("history-")))
        .collect();
    out.sort();
    out
}

#[track_caller]
fn the_cache(s: &Sandbox) -> PathBuf {
    let files = cache_files(s);
    assert_eq!(files.len(), 1, "one history cache: {files:?}");
    files[0].clone()
}

fn modified(p: &std::path::Path) -> SystemTime {
    std::fs::metadata(p).unwrap().modified().unwrap()
}

/// A record without `created` or `closed`: history gives both.
fn put(s: &Sandbox, dir: &str, id: &str, owner: &str, status: &str) {
    s.write(&format!("{dir}/{id}.md"), record(id, "internal", &format!("owner: {owner}\nstatus: {status}\n")));
}

fn commit(s: &Sandbox, day: u32, message: &str) {
    s.commit_as("张伟", &format!("2026-10-{day:02}T09:00:00+08:00"), message);
}

/// The object file of a loose object.
fn object_file(s: &Sandbox, id: &str) -> PathBuf {
    s.abs(&format!(".git/objects/{}/{}", &id[..2], &id[2..]))
}

fn start() -> Sandbox {
    let s = Sandbox::new();
    s.git(&["init", "-q", "-b", "main"]);
    put(&s, "records", "a1", "张伟", "open");
    commit(&s, 1, "a1");
    put(&s, "records", "b2", "李娜", "open");
    commit(&s, 2, "b2");
    put(&s, "records", "a1", "李娜", "处理中");
    commit(&s, 3, "a1 to 李娜");
    s
}

#[test]
fn every_change_to_the_repository_gives_the_answers_of_a_fresh_walk() {
    let s = start();
    let ids = ["a1", "b2"];
    assert!(cache_files(&s).is_empty());
    all_same(&s, &ids);
    let cache = the_cache(&s);

    // A commit on top, then another.
    put(&s, "records", "a1", "李娜", "done");
    commit(&s, 4, "a1 done");
    all_same(&s, &ids);
    put(&s, "records", "c3", "王强", "cancelled");
    commit(&s, 5, "c3");
    all_same(&s, &["a1", "b2", "c3"]);

    // The last commit amended: the cached commit is no longer in history.
    put(&s, "records", "c3", "王强", "done");
    s.git(&["add", "-A"]);
    git(s.path())
        .args(["commit", "-q", "--amend", "-m", "c3 done"])
        .env("GIT_AUTHOR_DATE", "2026-10-06T09:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2026-10-06T09:00:00+08:00")
        .output()
        .unwrap();
    all_same(&s, &["a1", "b2", "c3"]);

    // Reset to an older commit.
    s.git(&["reset", "-q", "--hard", "HEAD~2"]);
    all_same(&s, &ids);

    // Another branch, from there; then back, and merged.
    s.git(&["checkout", "-q", "-b", "side"]);
    put(&s, "records", "d4", "赵敏", "open");
    commit(&s, 7, "d4 on side");
    put(&s, "records", "b2", "赵敏", "done");
    commit(&s, 8, "b2 done on side");
    all_same(&s, &["a1", "b2", "d4"]);
    s.git(&["checkout", "-q", "main"]);
    all_same(&s, &ids);
    put(&s, "records", "a1", "李娜", "done");
    commit(&s, 9, "a1 done on main");
    git(s.path())
        .args(["merge", "-q", "--no-ff", "-m", "merge side", "side"])
        .env("GIT_AUTHOR_DATE", "2026-10-10T09:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2026-10-10T09:00:00+08:00")
        .output()
        .unwrap();
    all_same(&s, &["a1", "b2", "d4"]);
    // A commit on top of the merge: walked on top of the cached walk.
    put(&s, "records", "d4", "赵敏", "done");
    commit(&s, 11, "d4 done");
    all_same(&s, &["a1", "b2", "d4"]);

    // Another records folder in comms.yaml (the files moved with it).
    s.git(&["mv", "records", "notes"]);
    s.write("comms.yaml", format!("{}records_dir: notes\n", crate::harness::CONFIG));
    commit(&s, 12, "records are notes");
    all_same(&s, &["a1", "b2", "d4"]);
    s.write("comms.yaml", crate::harness::CONFIG);
    all_same(&s, &[]);
    s.write("comms.yaml", format!("{}records_dir: notes\n", crate::harness::CONFIG));
    all_same(&s, &["a1", "b2", "d4"]);

    // A damaged cache: cut short, a byte changed, empty, gone.
    assert_eq!(the_cache(&s), cache);
    let whole = std::fs::read(&cache).unwrap();
    std::fs::write(&cache, &whole[..whole.len() / 2]).unwrap();
    all_same(&s, &["a1", "b2", "d4"]);
    assert_eq!(std::fs::read(&cache).unwrap(), whole, "rewritten whole after the full walk");
    let mut bad = whole.clone();
    let at = bad.len() - 40;
    bad[at] = if bad[at] == b'0' { b'1' } else { b'0' };
    std::fs::write(&cache, &bad).unwrap();
    all_same(&s, &["a1", "b2", "d4"]);
    assert_eq!(std::fs::read(&cache).unwrap(), whole);
    std::fs::write(&cache, "").unwrap();
    all_same(&s, &["a1", "b2", "d4"]);
    std::fs::remove_file(&cache).unwrap();
    all_same(&s, &["a1", "b2", "d4"]);
    assert_eq!(std::fs::read(&cache).unwrap(), whole);
}

#[test]
fn an_unchanged_head_is_answered_from_the_cache_and_a_new_commit_walks_only_itself() {
    let s = start();
    put(&s, "records", "b2", "李娜", "done");
    commit(&s, 4, "b2 done");
    let history = ["history", "a1", "--format", "json"];
    let report = ["--now", NOW, "report", "--year", "2026", "--format", "json"];
    let (h, r) = (same(&s, &history), same(&s, &report));
    let cache = the_cache(&s);
    let (bytes, time) = (std::fs::read(&cache).unwrap(), modified(&cache));

    // The first commit gone from the object store: a walk cannot be made.
    let root = s.git(&["rev-list", "--max-parents=0", "HEAD"]).trim().to_string();
    let gone = object_file(&s, &root);
    let kept = std::fs::read(&gone).unwrap();
    std::fs::remove_file(&gone).unwrap();
    let fresh = s.run(&["--no-cache", "history", "a1", "--format", "json"]);
    assert_ne!(fresh.code, 0, "a walk needs the first commit: {}", fresh.stdout);
    // On the same HEAD, the answers come from the cache, which is left as it was.
    assert_eq!(s.run(&history).stdout, h);
    assert_eq!(s.run(&report).stdout, r);
    assert_eq!((std::fs::read(&cache).unwrap(), modified(&cache)), (bytes.clone(), time));
    // COMMS_NO_CACHE is --no-cache: it does not read the cache either.
    let env = s.run_env(s.path(), &history, &[("COMMS_NO_CACHE", "1")]);
    assert_ne!(env.code, 0, "{}", env.stdout);

    // A commit on top: with the whole history back, the expected answers…
    std::fs::write(&gone, &kept).unwrap();
    put(&s, "records", "a1", "王强", "done");
    commit(&s, 5, "a1 done by 王强");
    let want_h = s.run(&["--no-cache", "history", "a1", "--format", "json"]);
    let want_r = s.run(&["--no-cache", "--now", NOW, "report", "--year", "2026", "--format", "json"]);
    want_h.code(0);
    assert_ne!(want_h.stdout, h, "the new commit changes the answer");
    // …and without it, the cached walk and the one new commit give them.
    std::fs::remove_file(&gone).unwrap();
    assert_eq!(s.run(&history).stdout, want_h.stdout);
    assert_eq!(s.run(&report).stdout, want_r.stdout);
    assert_ne!(std::fs::read(&cache).unwrap(), bytes, "the cache now ends at the new commit");
}

#[test]
fn no_cache_writes_none_and_an_unwritable_state_folder_is_no_cache() {
    let s = start();
    s.run(&["--no-cache", "history", "a1", "--format", "json"]).code(0);
    s.run(&["--no-cache", "--now", NOW, "report", "--year", "2026", "--format", "json"]).code(0);
    assert!(cache_files(&s).is_empty());
    // `.git/comms` a file: nothing can be kept there; the answers are the same.
    s.write(".git/comms", "not a folder");
    all_same(&s, &["a1", "b2"]);
    assert_eq!(s.read(".git/comms"), "not a folder");
}

#[test]
fn a_subfolder_repository_and_its_parent_keep_separate_caches() {
    let s = start();
    s.write("sub/comms.yaml", crate::harness::CONFIG);
    put(&s, "sub/records", "s1", "张伟", "open");
    commit(&s, 4, "s1");
    all_same(&s, &["a1"]);
    let sub = s.abs("sub");
    for args in
        [vec!["history", "s1", "--format", "json"], vec!["--now", NOW, "report", "--year", "2026", "--format", "json"]]
    {
        let cached = s.run_in(&sub, &args);
        let mut plain = vec!["--no-cache"];
        plain.extend_from_slice(&args);
        assert_eq!(cached.stdout, s.run_in(&sub, &plain).stdout);
    }
    assert_eq!(cache_files(&s).len(), 2);
    all_same(&s, &["a1"]);
}

/// One step of a random history.
#[derive(Clone, Debug)]
enum Op {
    /// Record `n` (of 3) gets this status and owner, committed.
    Edit(usize, usize, usize),
    /// The last commit amended with an edit.
    Amend(usize, usize),
    /// Back `k` commits (as far as there are).
    Reset(usize),
    /// Record `n` moved into the archive folder, committed.
    Move(usize),
    /// A branch from `k` commits back with an edit, merged.
    Merge(usize, usize, usize),
    /// A query (with and without the cache) without changing anything.
    Query,
}

const STATUSES: [&str; 4] = ["open", "处理中", "done", "cancelled"];
const OWNERS: [&str; 3] = ["张伟", "李娜", "王强"];

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0..3usize, 0..4usize, 0..3usize).prop_map(|(n, st, o)| Op::Edit(n, st, o)),
        1 => (0..3usize, 0..4usize).prop_map(|(n, st)| Op::Amend(n, st)),
        1 => (1..3usize).prop_map(Op::Reset),
        1 => (0..3usize).prop_map(Op::Move),
        1 => (0..3usize, 1..3usize, 0..4usize).prop_map(|(n, k, st)| Op::Merge(n, k, st)),
        1 => Just(Op::Query),
    ]
}

/// Where record `n` is now (records/ or archive/), if anywhere.
fn whereis(s: &Sandbox, n: usize) -> Option<String> {
    ["records", "archive"].iter().map(|d| format!("{d}/r{n}.md")).find(|p| s.abs(p).exists())
}

fn edit(s: &Sandbox, n: usize, status: usize, owner: usize) {
    let path = whereis(s, n).unwrap_or_else(|| format!("records/r{n}.md"));
    let id = format!("r{n}");
    s.write(&path, record(&id, "internal", &format!("owner: {}\nstatus: {}\n", OWNERS[owner], STATUSES[status])));
}

/// The commits `HEAD~k` can reach back to: first parents only (after a
/// merge, `--count HEAD` also counts the merged branch's).
fn commits(s: &Sandbox) -> usize {
    s.git(&["rev-list", "--first-parent", "--count", "HEAD"]).trim().parse().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, max_shrink_iters: 20, ..ProptestConfig::default() })]

    /// Random commits, amends, resets, moves and merges, each followed by
    /// the queries with and without the cache: always the same answers.
    #[test]
    fn random_histories_answer_as_a_fresh_walk(ops in proptest::collection::vec(op(), 1..7)) {
        let s = Sandbox::new();
        s.git(&["init", "-q", "-b", "main"]);
        for n in 0..3 {
            edit(&s, n, 0, n);
        }
        commit(&s, 1, "start");
        for (day, op) in (2u32..).zip(&ops) {
            match *op {
                Op::Edit(n, st, o) => {
                    edit(&s, n, st, o);
                    commit(&s, day, "edit");
                }
                Op::Amend(n, st) => {
                    edit(&s, n, st, 0);
                    s.git(&["add", "-A"]);
                    s.git(&["commit", "-q", "--amend", "--allow-empty", "-m", "amended"]);
                }
                Op::Reset(k) => {
                    let k = k.min(commits(&s) - 1);
                    s.git(&["reset", "-q", "--hard", &format!("HEAD~{k}")]);
                }
                Op::Move(n) => {
                    if let Some(from) = whereis(&s, n).filter(|p| p.starts_with("records/")) {
                        std::fs::create_dir_all(s.abs("archive")).unwrap();
                        s.git(&["mv", &from, &format!("archive/r{n}.md")]);
                        commit(&s, day, "archive");
                    }
                }
                Op::Merge(n, k, st) => {
                    let k = k.min(commits(&s) - 1);
                    s.git(&["checkout", "-q", "-b", &format!("b{day}"), &format!("HEAD~{k}")]);
                    edit(&s, n, st, 2);
                    commit(&s, day, "on a branch");
                    s.git(&["checkout", "-q", "main"]);
                    // A conflict on contents takes the branch's side; one git
                    // cannot resolve alone (an edit of a moved file) is no merge.
                    let branch = format!("b{day}");
                    let merge = ["merge", "-q", "--no-ff", "-X", "theirs", "-m", "merge", branch.as_str()];
                    if !git(s.path()).args(merge).output().unwrap().status.success() {
                        s.git(&["merge", "--abort"]);
                    }
                }
                Op::Query => {}
            }
            let ids: Vec<String> = (0..3).filter(|&n| whereis(&s, n).is_some()).map(|n| format!("r{n}")).collect();
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            all_same(&s, &ids);
        }
    }
}

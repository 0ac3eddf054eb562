//! Nothing leaves the repository and nothing is lost: linked folders,
//! linked records, archive against edits, killed archives, temporaries.

use std::io::{BufRead, BufReader};
use std::process::{Child, Stdio};

use crate::harness::{Sandbox, comms, record};

fn closed(id: &str) -> String {
    record(id, "internal", "owner: 张伟\nstatus: done\ndeadline: 2026-11-23 17:00\nclosed: 2026-11-20 10:00\n")
}

fn open(id: &str) -> String {
    record(id, "internal", "owner: 张伟\nstatus: open\ndeadline: 2026-11-23 17:00\n")
}

/// A committed repository with closed records `a1`… and an open `o1`.
fn repo(closed_ids: &[&str]) -> Sandbox {
    let s = Sandbox::new();
    for id in closed_ids {
        s.write(&format!("records/{id}.md"), closed(id));
    }
    s.write("records/o1.md", open("o1"));
    s.git(&["init", "-q", "-b", "main"]);
    s.commit_at("2026-11-20T10:00:00+08:00", "start");
    s
}

fn porcelain(s: &Sandbox) -> Vec<String> {
    let mut lines: Vec<String> =
        s.git(&["-c", "core.quotepath=false", "status", "--porcelain"]).lines().map(str::to_string).collect();
    lines.sort();
    lines
}

fn every_file(dir: &std::path::Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().display().to_string())
        .collect()
}

#[cfg(unix)]
#[test]
fn a_linked_archive_folder_is_refused_and_nothing_leaves() {
    use std::os::unix::fs::symlink;
    let s = repo(&["a1"]);
    let outside = tempfile::tempdir().unwrap();
    symlink(outside.path(), s.abs("archive")).unwrap();
    let run = s.run(&["--lang", "en", "archive"]);
    run.code(2);
    assert!(run.stderr.contains("archive is a symbolic link"), "{}", run.stderr);
    assert!(every_file(outside.path()).is_empty(), "nothing written outside");
    assert!(s.abs("records/a1.md").is_file());
    assert_eq!(porcelain(&s), ["?? archive"], "the index is untouched");
    // validate says so instead of "ok".
    let v = s.run(&["--lang", "en", "validate"]);
    v.code(1);
    assert!(v.stdout.contains("archive is a symbolic link"), "{}", v.stdout);
}

#[cfg(unix)]
#[test]
fn a_linked_quarter_folder_is_refused_and_nothing_leaves() {
    use std::os::unix::fs::symlink;
    let s = repo(&["a1", "b1"]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(s.abs("archive/2026")).unwrap();
    symlink(outside.path(), s.abs("archive/2026/Q4")).unwrap();
    let run = s.run(&["--lang", "en", "archive"]);
    run.code(2);
    assert!(run.stderr.contains("archive/2026/Q4 is a symbolic link"), "{}", run.stderr);
    assert!(every_file(outside.path()).is_empty(), "nothing written outside");
    assert!(s.abs("records/a1.md").is_file() && s.abs("records/b1.md").is_file());
    let v = s.run(&["--lang", "en", "validate"]);
    v.code(1);
    assert!(v.stdout.contains("archive/2026/Q4") && v.stdout.contains("symbolic link to a folder"), "{}", v.stdout);
}

#[cfg(unix)]
#[test]
fn a_linked_records_folder_is_never_written_through() {
    use std::os::unix::fs::symlink;
    let s = Sandbox::new();
    std::fs::remove_dir(s.abs("records")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("o1.md"), open("o1")).unwrap();
    symlink(outside.path(), s.abs("records")).unwrap();
    let before = std::fs::read(outside.path().join("o1.md")).unwrap();
    let now = ["--now", "2026-11-22 09:00", "--lang", "en"];
    let new = s.run(
        &[&now[..], &["new", "internal", "--subject", "外部", "--owner", "张伟", "--deadline", "2026-11-30 17:00"]]
            .concat(),
    );
    new.code(2);
    assert!(new.stderr.contains("records is a symbolic link"), "{}", new.stderr);
    for args in [
        vec!["set", "o1", "status=done"],
        vec!["done", "o1"],
        vec!["log", "o1", "进展", "--by", "张伟"],
        vec!["ack", "o1", "--by", "张伟"],
    ] {
        let run = s.run(&[&now[..], &args].concat());
        assert_eq!(run.code, 2, "{args:?}: {}", run.stderr);
    }
    assert_eq!(every_file(outside.path()), ["o1.md"], "no file made outside");
    assert_eq!(std::fs::read(outside.path().join("o1.md")).unwrap(), before, "the outside file is untouched");
    let v = s.run(&["--lang", "en", "validate"]);
    v.code(1);
    assert!(v.stdout.contains("records is a symbolic link"), "{}", v.stdout);
}

#[cfg(unix)]
#[test]
fn a_linked_record_stays_a_link_when_edited_and_archived() {
    use std::os::unix::fs::symlink;
    let s = repo(&[]);
    s.write("shared/l1.md", closed("l1"));
    symlink("../shared/l1.md", s.abs("records/l1.md")).unwrap();
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "link"]);
    s.run(&["--now", "2026-11-22 09:00", "log", "l1", "已归档前补记", "--by", "张伟"]).code(0);
    assert!(std::fs::symlink_metadata(s.abs("records/l1.md")).unwrap().file_type().is_symlink(), "still a link");
    assert!(s.read("shared/l1.md").contains("已归档前补记"), "the edit went to the file it points to");
    s.run(&["archive"]).code(0);
    let moved = s.abs("archive/2026/Q4/_general/l1.md");
    assert!(std::fs::symlink_metadata(&moved).unwrap().file_type().is_symlink());
    assert_eq!(std::fs::read_link(&moved).unwrap(), std::path::Path::new("../../../../shared/l1.md"));
    assert!(std::fs::read_to_string(&moved).unwrap().contains("已归档前补记"), "the moved link is not dangling");
    // Staged whole: the link's new text is too unlike the old for git to
    // call it a rename.
    assert_eq!(porcelain(&s), [" M shared/l1.md", "A  archive/2026/Q4/_general/l1.md", "D  records/l1.md"]);
}

#[cfg(unix)]
#[test]
fn a_linked_record_pointing_outside_is_not_written() {
    use std::os::unix::fs::symlink;
    let s = repo(&[]);
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("x1.md"), open("x1")).unwrap();
    symlink(outside.path().join("x1.md"), s.abs("records/x1.md")).unwrap();
    let run = s.run(&["--lang", "en", "--now", "2026-11-22 09:00", "log", "x1", "进展", "--by", "张伟"]);
    run.code(2);
    assert!(run.stderr.contains("outside the repository"), "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(outside.path().join("x1.md")).unwrap(), open("x1"));
}

/// Starts `archive` with the test pause before each move and returns once
/// it has reached the first pause.
fn paused_archive(s: &Sandbox, ms: &str) -> Child {
    let mut child = comms(s.path())
        .args(["archive"])
        .env("COMMS_TEST_ARCHIVE_PAUSE_MS", ms)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut err = BufReader::new(child.stderr.take().unwrap());
    let mut line = String::new();
    err.read_line(&mut line).unwrap();
    assert!(line.contains("test pause"), "{line}");
    // Keep draining so the child never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut err, &mut std::io::sink()));
    child
}

#[test]
fn an_edit_racing_archive_is_either_moved_with_the_record_or_refused() {
    let s = repo(&["a1"]);
    let archive = paused_archive(&s, "4000");
    // The edit reads the record at its old place, then waits for archive's
    // lock; by then the record has moved, so it must not report success.
    // (On a machine so loaded that the edit starts only after the move, it
    // finds no record: refused all the same, nothing written.)
    let log = s.run(&["--lang", "en", "--now", "2026-11-22 09:00", "log", "a1", "晚到的进展", "--by", "张伟"]);
    let archive = archive.wait_with_output().unwrap();
    assert_eq!(archive.status.code(), Some(0));
    log.code(2);
    assert!(log.stderr.contains("was moved") || log.stderr.contains("no record matches `a1`"), "{}", log.stderr);
    assert!(!s.abs("records/a1.md").exists(), "the record is not brought back to records/");
    assert_eq!(s.files("archive"), ["archive/2026/Q4/_general/a1.md"]);
    assert_eq!(porcelain(&s), ["R  records/a1.md -> archive/2026/Q4/_general/a1.md"]);
}

#[test]
fn archive_and_many_edits_at_once_lose_nothing_and_duplicate_nothing() {
    // Three rounds of one archive against 60 concurrent `log`s on 6 closed
    // records: enough to land edits inside archive's moves without the lock.
    for _round in 0..3 {
        let ids: Vec<String> = (1..=6).map(|i| format!("a{i}")).collect();
        let s = repo(&ids.iter().map(String::as_str).collect::<Vec<_>>());
        let logs: Vec<(String, String, Child)> = (0..60)
            .map(|i| {
                let id = ids[i % ids.len()].clone();
                let child = comms(s.path())
                    .args(["--now", "2026-11-22 10:00", "log", &id, &format!("进展 {i}"), "--by", "张伟"])
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap();
                (id, format!("进展 {i}\n"), child)
            })
            .collect();
        let archive = comms(s.path()).args(["archive"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
        assert_eq!(archive.wait_with_output().unwrap().status.code(), Some(0));
        let mut done = Vec::new();
        for (id, line, child) in logs {
            match child.wait_with_output().unwrap().status.code() {
                Some(0) => done.push((id, line)),
                Some(2) => {}
                other => panic!("log ended with {other:?}"),
            }
        }
        for id in &ids {
            let places: Vec<&str> = ["records", "archive/2026/Q4/_general"]
                .into_iter()
                .filter(|d| s.abs(&format!("{d}/{id}.md")).exists())
                .collect();
            assert_eq!(places.len(), 1, "{id} is in exactly one place: {places:?}");
            let text = std::fs::read_to_string(s.abs(&format!("{}/{id}.md", places[0]))).unwrap();
            for (_, line) in done.iter().filter(|(i, _)| i == id) {
                assert!(text.contains(line.as_str()), "an edit of {id} reported done was lost: {line}");
            }
        }
        s.run(&["archive"]).code(0);
        let status = porcelain(&s);
        assert!(status.iter().all(|l| l.starts_with("R  ") || l.starts_with("RM ")), "{status:?}");
    }
}

#[test]
fn a_rerun_stages_what_a_killed_archive_moved() {
    // What a kill between the moves and the index write leaves: moved, not
    // staged.
    let s = repo(&["a1", "b1"]);
    std::fs::create_dir_all(s.abs("archive/2026/Q4/_general")).unwrap();
    std::fs::rename(s.abs("records/a1.md"), s.abs("archive/2026/Q4/_general/a1.md")).unwrap();
    assert_eq!(porcelain(&s), [" D records/a1.md", "?? archive/"]);
    let run = s.run(&["--lang", "en", "archive"]);
    run.code(0);
    assert!(
        run.stderr.contains("staged a move an interrupted run left: records/a1.md → archive/2026/Q4/_general/a1.md"),
        "{}",
        run.stderr
    );
    assert_eq!(
        porcelain(&s),
        ["R  records/a1.md -> archive/2026/Q4/_general/a1.md", "R  records/b1.md -> archive/2026/Q4/_general/b1.md"]
    );
    // `git checkout -- records/` now brings nothing back twice.
    s.git(&["checkout", "--", "records/"]);
    assert_eq!(s.files("records"), ["records/o1.md"]);
}

#[cfg(unix)]
#[test]
fn a_killed_archive_is_finished_by_the_next_run() {
    let s = repo(&["a1", "b1", "c1"]);
    let mut archive = paused_archive(&s, "400");
    // Killed during the second pause: one record moved, none staged.
    std::thread::sleep(std::time::Duration::from_millis(600));
    archive.kill().unwrap();
    archive.wait().unwrap();
    let run = s.run(&["archive"]);
    run.code(0);
    assert_eq!(
        porcelain(&s),
        [
            "R  records/a1.md -> archive/2026/Q4/_general/a1.md",
            "R  records/b1.md -> archive/2026/Q4/_general/b1.md",
            "R  records/c1.md -> archive/2026/Q4/_general/c1.md",
        ]
    );
}

#[test]
fn five_archives_at_once_move_each_record_once_and_stage_all() {
    let ids: Vec<String> = (1..=300).map(|i| format!("a{i}")).collect();
    let s = repo(&ids.iter().map(String::as_str).collect::<Vec<_>>());
    let runs: Vec<Child> = (0..5)
        .map(|_| comms(s.path()).args(["archive"]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap())
        .collect();
    for r in runs {
        assert_eq!(r.wait_with_output().unwrap().status.code(), Some(0));
    }
    let status = porcelain(&s);
    assert_eq!(status.len(), 300, "{status:?}");
    assert!(status.iter().all(|l| l.starts_with("R  records/")), "{status:?}");
    assert_eq!(s.files("records"), ["records/o1.md"]);
}

#[test]
fn temporaries_never_land_in_the_work_tree() {
    let s = repo(&[]);
    for i in 0..5 {
        s.run(&["--now", "2026-11-22 10:00", "log", "o1", &format!("进展 {i}"), "--by", "张伟"]).code(0);
    }
    s.run(&["--now", "2026-11-22 10:00", "set", "o1", "status=in-progress"]).code(0);
    assert_eq!(porcelain(&s), [" M records/o1.md"], "git sees only the edited record");
    assert!(s.abs(".git/comms/tmp").is_dir(), "temporaries are made inside the git directory");
}

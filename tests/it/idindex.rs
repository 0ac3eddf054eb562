//! One-record commands find their record through the id index
//! (`.git/comms/ids`) without reading the others — and never answer
//! differently from a full reading (docs/benchmarks.md, issue 19).

use std::time::{Duration, SystemTime};

use crate::harness::{GOOD, Sandbox, good_with};

/// Puts every folder's time an hour back, as if the records had been
/// written long ago (the index is not written while a folder is younger
/// than a second: a racy time).
fn age_folders(s: &Sandbox) {
    let old = SystemTime::now() - Duration::from_secs(3600);
    for dir in ["records", "records/a", "archive"] {
        let p = s.abs(dir);
        if p.is_dir() {
            std::fs::File::open(&p).unwrap().set_modified(old).unwrap();
        }
    }
}

fn repo() -> Sandbox {
    let s = Sandbox::new();
    s.git_init();
    s.write("records/20261122-7f3a-故障.md", GOOD);
    s.write("records/a/20261120-1b2c-二.md", good_with("id: 20261122-7f3a", "id: 20261120-1b2c"));
    age_folders(&s);
    s
}

/// The index file, relative to the repository (`.git/comms/ids-<hash of
/// the folder>`); "none" when there is none.
fn index(s: &Sandbox) -> String {
    let found: Vec<String> = std::fs::read_dir(s.abs(".git/comms"))
        .map(|d| d.flatten().map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    let ids: Vec<&String> = found.iter().filter(|n| n.starts_with("ids-")).collect();
    assert!(ids.len() <= 1, "{found:?}");
    ids.first().map_or_else(|| "none".to_string(), |n| format!(".git/comms/{n}"))
}

#[test]
fn a_full_reading_writes_the_index_and_the_next_command_uses_it() {
    let s = repo();
    assert_eq!(index(&s), "none");
    let first = s.run(&["show", "7f3a"]);
    first.code(0);
    let text = s.read(&index(&s));
    assert!(text.contains("id\t20261122-7f3a\trecords/20261122-7f3a-故障.md"), "{text}");
    assert!(text.contains("id\t20261120-1b2c\trecords/a/20261120-1b2c-二.md"), "{text}");
    assert!(text.ends_with("end\t2\n"), "{text}");
    // Same answer through the index.
    let second = s.run(&["show", "7f3a"]);
    second.code(0);
    assert_eq!(first.stdout, second.stdout);
}

#[test]
fn an_id_changed_inside_a_file_is_not_found_by_its_old_id() {
    let s = repo();
    s.run(&["show", "20261122-7f3a"]).code(0);
    // Same size, same folder time: only the file's text tells.
    let path = s.abs("records/20261122-7f3a-故障.md");
    let before = std::fs::metadata(&path).unwrap().modified().unwrap();
    s.write("records/20261122-7f3a-故障.md", GOOD.replace("id: 20261122-7f3a", "id: 20261122-7f3b"));
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(before).unwrap();
    age_folders(&s);
    let r = s.run(&["show", "20261122-7f3a"]);
    assert_ne!(r.code, 0, "{}", r.stdout);
    assert!(r.stderr.contains("no record matches `20261122-7f3a`"), "{}", r.stderr);
    s.run(&["show", "20261122-7f3b"]).code(0);
}

#[test]
fn a_new_file_makes_a_prefix_ambiguous_at_once() {
    let s = repo();
    let r = s.run(&["show", "2026112"]);
    r.code(2);
    assert!(r.stderr.contains("matches 2 records"), "{}", r.stderr);
    s.run(&["show", "20261122"]).code(0);
    assert_ne!(index(&s), "none");
    s.write("records/20261122-9d9d-新.md", good_with("id: 20261122-7f3a", "id: 20261122-9d9d"));
    let r = s.run(&["show", "20261122"]);
    r.code(2);
    assert!(r.stderr.contains("matches 2 records"), "{}", r.stderr);
}

#[test]
fn a_duplicate_in_a_new_folder_is_still_reported() {
    let s = repo();
    s.run(&["show", "20261122-7f3a"]).code(0);
    s.write("records/b/c/copy.md", GOOD);
    let r = s.run(&["show", "20261122-7f3a"]);
    r.code(2);
    assert!(r.stderr.contains("is used by 2 records"), "{}", r.stderr);
}

#[test]
fn a_moved_file_is_found_at_its_new_place() {
    let s = repo();
    s.run(&["show", "1b2c"]).code(0);
    std::fs::rename(s.abs("records/a/20261120-1b2c-二.md"), s.abs("records/20261120-1b2c-二.md")).unwrap();
    let r = s.run(&["set", "1b2c", "priority=low"]);
    r.code(0);
    assert!(s.read("records/20261120-1b2c-二.md").contains("priority: low"));
}

#[test]
fn a_corrupt_or_truncated_index_is_ignored_and_rebuilt() {
    let s = repo();
    s.run(&["show", "7f3a"]).code(0);
    let whole = s.read(&index(&s));
    for bad in [&whole[..whole.len() / 2], "garbage", "", &whole.replace("end\t2", "end\t3")] {
        s.write(&index(&s), bad);
        let r = s.run(&["show", "7f3a"]);
        r.code(0);
        assert!(r.stdout.contains("20261122-7f3a"));
        // A path the index wrongly names is never trusted either.
        assert_eq!(s.read(&index(&s)), whole, "rebuilt from {bad:?}");
    }
    s.write(&index(&s), whole.replace("records/20261122-7f3a-故障.md", "records/a/20261120-1b2c-二.md"));
    let r = s.run(&["show", "20261122-7f3a"]);
    r.code(0);
    assert!(r.stdout.contains("20261122-7f3a") && !r.stdout.contains("20261120-1b2c"), "{}", r.stdout);
}

#[test]
fn edits_through_the_index_keep_it_trusted_and_right() {
    let s = repo();
    s.run(&["show", "7f3a"]).code(0);
    s.run(&["set", "7f3a", "priority=low", "--now", "2026-11-22 10:00"]).code(0);
    let before = s.read(&index(&s));
    s.run(&["log", "7f3a", "已处理", "--by", "张伟", "--now", "2026-11-22 11:00"]).code(0);
    // The edited folder's new time was written down: still trusted.
    assert_ne!(s.read(&index(&s)), before);
    let text = s.read("records/20261122-7f3a-故障.md");
    assert!(text.contains("priority: low") && text.contains("已处理"), "{text}");
}

#[test]
fn a_changed_records_folder_setting_is_not_served_from_the_old_index() {
    let s = repo();
    s.run(&["show", "7f3a"]).code(0);
    std::fs::create_dir_all(s.abs("notes")).unwrap();
    s.write("notes/20261122-7f3a-故障.md", GOOD.replace("subject: 【紧急】生产部-设备故障通知", "subject: 搬走了"));
    s.write("comms.yaml", "timezone: Asia/Shanghai\nlanguage: zh\nrecords_dir: notes\n");
    let r = s.run(&["show", "7f3a"]);
    r.code(0);
    assert!(r.stdout.contains("搬走了"), "{}", r.stdout);
}

//! `comms history ID`: status and owner changes from one walk of git
//! history, across the moves `comms archive` makes.

use serde_json::{Value, json};

use crate::harness::{Sandbox, record};

/// One record through its life: written by 张伟, handed to 李娜, done,
/// archived (a staged rename), committed.
fn lifecycle() -> Sandbox {
    let s = Sandbox::new();
    s.git(&["init", "-q", "-b", "main"]);
    let write = |owner: &str, status: &str| {
        s.write(
            "records/20261001-aaaa-设备检修.md",
            record(
                "20261001-aaaa",
                "internal",
                &format!("owner: {owner}\nproject: 二号产线\nstatus: {status}\ndeadline: 2026-10-20 18:00\n"),
            ),
        );
    };
    write("张伟", "open");
    s.commit_as("张伟", "2026-10-01T09:00:00+08:00", "新建");
    s.write("records/other.md", record("other", "internal", "owner: 张伟\nstatus: open\n"));
    s.commit_as("张伟", "2026-10-02T09:00:00+08:00", "an unrelated record");
    write("李娜", "处理中");
    s.commit_as("张伟", "2026-10-03T09:00:00+08:00", "交给李娜");
    s.write("records/other.md", record("other", "internal", "owner: 张伟\nstatus: done\n"));
    write("李娜", "处理中");
    s.commit_as("李娜", "2026-10-04T09:00:00+08:00", "only the other record changes");
    write("李娜", "done");
    s.commit_as("李娜", "2026-10-10T17:30:00+08:00", "完成");
    s
}

fn changes(s: &Sandbox, id: &str) -> Vec<Value> {
    let run = s.run(&["history", id, "--format", "json"]);
    run.code(0);
    run.json()["changes"].as_array().unwrap().clone()
}

#[test]
fn status_and_owner_changes_with_author_and_time() {
    let s = lifecycle();
    let c = changes(&s, "20261001-aaaa");
    assert_eq!(c.len(), 3, "{c:#?}");
    assert_eq!(
        (&c[0]["time"], &c[0]["author"], &c[0]["added"], &c[0]["status"], &c[0]["owner"]),
        (
            &json!("2026-10-01 09:00"),
            &json!("张伟"),
            &json!(true),
            &json!({"from": null, "to": "open"}),
            &json!({"from": null, "to": "张伟"})
        )
    );
    // An alias is shown as its canonical status.
    assert_eq!(c[1]["status"], json!({"from": "open", "to": "in-progress"}));
    assert_eq!(c[1]["owner"], json!({"from": "张伟", "to": "李娜"}));
    assert_eq!((&c[2]["time"], &c[2]["author"]), (&json!("2026-10-10 17:30"), &json!("李娜")));
    assert_eq!(c[2]["status"], json!({"from": "in-progress", "to": "done"}));
    assert_eq!(c[2]["owner"], Value::Null);
    assert_eq!(c[2]["commit"].as_str().unwrap().len(), 40);
}

#[test]
fn history_follows_the_archive_move() {
    let s = lifecycle();
    s.run(&["archive"]).code(0);
    let moved = "archive/2026/Q4/二号产线/20261001-aaaa-设备检修.md";
    // Staged but not committed: the history is still found.
    assert_eq!(changes(&s, "20261001-aaaa").len(), 3);
    s.commit_as("张伟", "2026-11-01T09:00:00+08:00", "归档");
    let c = changes(&s, "20261001");
    assert_eq!(c.len(), 4, "{c:#?}");
    assert_eq!(c[3]["moved_from"], "records/20261001-aaaa-设备检修.md");
    assert_eq!(c[3]["path"], moved);
    assert_eq!(c[3]["status"], Value::Null);
    assert_eq!(c[0]["path"], "records/20261001-aaaa-设备检修.md");

    let run = s.run(&["history", moved]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn a_move_by_hand_with_an_edit_is_followed_by_the_record_id() {
    let s = lifecycle();
    s.git(&["mv", "records/20261001-aaaa-设备检修.md", "records/renamed.md"]);
    let text = s.read("records/renamed.md").replace("status: done", "status: cancelled");
    s.write("records/renamed.md", text);
    s.commit_at("2026-10-11T09:00:00+08:00", "rename and edit");
    let c = changes(&s, "20261001-aaaa");
    assert_eq!(c.len(), 4, "{c:#?}");
    assert_eq!(c[3]["moved_from"], "records/20261001-aaaa-设备检修.md");
    assert_eq!(c[3]["status"], json!({"from": "done", "to": "cancelled"}));
}

#[test]
fn a_merged_branch_counts_at_its_own_commits() {
    let s = lifecycle();
    s.git(&["checkout", "-q", "-b", "feature"]);
    s.write("records/f.md", record("f1", "internal", "owner: 王强\nstatus: open\n"));
    s.commit_as("王强", "2026-10-12T09:00:00+08:00", "branch adds f1");
    s.git(&["checkout", "-q", "main"]);
    s.write("records/m.md", record("m1", "internal", "owner: 张伟\nstatus: open\n"));
    s.commit_at("2026-10-13T09:00:00+08:00", "main adds m1");
    let out = crate::harness::git(s.path())
        .args(["merge", "-q", "--no-ff", "-m", "merge", "feature"])
        .env("GIT_AUTHOR_DATE", "2026-10-20T09:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2026-10-20T09:00:00+08:00")
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let c = changes(&s, "f1");
    assert_eq!(c.len(), 1, "the merge does not add it again: {c:#?}");
    assert_eq!((&c[0]["time"], &c[0]["author"]), (&json!("2026-10-12 09:00"), &json!("王强")));
    assert_eq!(changes(&s, "m1").len(), 1);
    assert_eq!(changes(&s, "20261001-aaaa").len(), 3);
}

#[test]
fn a_deleted_and_an_added_record_with_the_same_file_name_are_two_records() {
    let s = Sandbox::new();
    s.git(&["init", "-q", "-b", "main"]);
    s.write("records/a/x.md", record("x-old", "internal", "owner: 张伟\nstatus: open\n"));
    s.commit_at("2026-10-01T09:00:00+08:00", "old");
    std::fs::remove_file(s.abs("records/a/x.md")).unwrap();
    s.write("records/b/x.md", record("x-new", "internal", "owner: 李娜\nstatus: open\n"));
    s.commit_at("2026-10-02T09:00:00+08:00", "replace");
    let c = changes(&s, "x-new");
    assert_eq!(c.len(), 1, "{c:#?}");
    assert_eq!((&c[0]["added"], &c[0]["moved_from"]), (&json!(true), &Value::Null));
}

#[test]
fn english_table() {
    let s = lifecycle();
    let run = s.run(&["--lang", "en", "history", "20261001-aaaa"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[0].starts_with("TIME") && lines[0].contains("CHANGE"), "{}", lines[0]);
    assert!(lines[3].contains("in-progress → done"), "{}", lines[3]);
}

#[test]
fn outside_git_there_is_no_history_but_no_error() {
    let s = Sandbox::new();
    s.write("records/a.md", record("a1", "internal", "owner: 张伟\nstatus: open\n"));
    let run = s.run(&["history", "a1"]);
    run.code(0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("不在 git 仓库中"), "{}", run.stderr);
    assert_eq!(s.run(&["history", "a1", "--format", "json"]).code(0).json()["changes"], json!([]));
}

#[test]
fn a_repository_without_commits_and_an_uncommitted_record() {
    let s = Sandbox::new();
    s.git(&["init", "-q", "-b", "main"]);
    s.write("records/a.md", record("a1", "internal", "owner: 张伟\nstatus: open\n"));
    let run = s.run(&["--lang", "en", "history", "a1"]);
    run.code(0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("records/a.md has no committed history"), "{}", run.stderr);
}

#[test]
fn a_shallow_clone_shows_what_it_has() {
    let s = lifecycle();
    let clone = Sandbox::empty();
    let url = format!("file://{}", s.path().display());
    let out = crate::harness::git(clone.path()).args(["clone", "-q", "--depth", "1", &url, "c"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = clone.run_in(&clone.abs("c"), &["--lang", "en", "history", "20261001-aaaa", "--format", "json"]);
    run.code(0);
    let c = run.json()["changes"].as_array().unwrap().clone();
    assert_eq!(c.len(), 1);
    assert_eq!((&c[0]["added"], &c[0]["status"]["to"]), (&json!(true), &json!("done")));
    assert!(run.stderr.contains("shallow clone"), "{}", run.stderr);
}

#[test]
fn an_unknown_id_is_one_sentence() {
    let s = lifecycle();
    let run = s.run(&["history", "20261001-aaab"]);
    run.code(2);
    assert!(run.stderr.starts_with("error: no record matches `20261001-aaab`"), "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
}

//! `comms archive`: where records go, what git sees, and what it refuses.

use crate::harness::{Sandbox, record};

fn closed(id: &str, project: Option<&str>, closed: &str) -> String {
    let project = project.map(|p| format!("project: \"{}\"\n", p.replace('\\', "\\\\"))).unwrap_or_default();
    record(
        id,
        "internal",
        &format!("owner: 张伟\n{project}status: done\ndeadline: 2026-11-23 17:00\nclosed: {closed}\n"),
    )
}

/// Three closed records (one, `c`, without `closed`: the commit that added
/// it already cancelled stands in) and one open one, committed on 2026-09-15.
fn repo() -> Sandbox {
    let s = Sandbox::new();
    s.write("records/a.md", closed("a1", Some("二号产线"), "2026-11-20 10:00"));
    // 2027-01-01 00:10 in Shanghai is 2027-Q1, though it is still 2026 in UTC.
    s.write("records/b.md", closed("b1", None, "2027-01-01 00:10"));
    s.write(
        "records/c.md",
        record("c1", "internal", "owner: 张伟\nproject: 二号产线\nstatus: 已取消\ndeadline: 2026-09-30 23:59\n"),
    );
    s.write("records/d.md", record("d1", "internal", "owner: 张伟\nstatus: open\ndeadline: 2026-11-23 17:00\n"));
    s.git(&["init", "-q", "-b", "main"]);
    s.commit_at("2026-09-15T10:00:00+08:00", "start");
    s
}

#[test]
fn moves_closed_records_and_stages_renames() {
    let s = repo();
    let run = s.run(&["archive"]);
    run.code(0);
    assert_eq!(
        run.stdout,
        "records/a.md → archive/2026/Q4/二号产线/a.md\n\
         records/b.md → archive/2027/Q1/_general/b.md\n\
         records/c.md → archive/2026/Q3/二号产线/c.md\n"
    );
    assert_eq!(run.stderr, "已归档 3 条记录,3 条已在 git 中暂存为重命名;跳过 0 条\n");
    assert_eq!(
        s.files("records").into_iter().chain(s.files("archive")).collect::<Vec<_>>(),
        [
            "records/d.md",
            "archive/2026/Q3/二号产线/c.md",
            "archive/2026/Q4/二号产线/a.md",
            "archive/2027/Q1/_general/b.md",
        ]
    );
    let mut status: Vec<String> =
        s.git(&["-c", "core.quotepath=false", "status", "--porcelain"]).lines().map(str::to_string).collect();
    status.sort();
    assert_eq!(
        status,
        [
            "R  records/a.md -> archive/2026/Q4/二号产线/a.md",
            "R  records/b.md -> archive/2027/Q1/_general/b.md",
            "R  records/c.md -> archive/2026/Q3/二号产线/c.md",
        ]
    );
    // Archived records still count.
    let json = s.run(&["--now", "2026-11-22 12:00", "report", "--year", "2026", "--format", "json"]).code(0).json();
    assert_eq!(json["totals"]["total"], 4);

    // Re-running changes nothing.
    let again = s.run(&["archive"]);
    again.code(0);
    assert_eq!(again.stdout, "");
    assert_eq!(s.git(&["status", "--porcelain"]).lines().count(), 3);
}

#[test]
fn dry_run_changes_nothing() {
    let s = repo();
    s.write("archive/2026/Q1/x/e.md", closed("e1", Some("x"), "2026-11-01 10:00"));
    s.git(&["add", "-A"]);
    let before = s.git(&["status", "--porcelain"]);
    let run = s.run(&["--lang", "en", "archive", "--dry-run"]);
    run.code(0);
    assert_eq!(run.stdout.lines().count(), 3);
    assert!(run.stdout.starts_with("records/a.md → archive/2026/Q4/二号产线/a.md\n"));
    assert!(
        run.stderr
            .contains("left alone archive/2026/Q1/x/e.md: by its fields it would now go to archive/2026/Q4/x/e.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("dry run: 3 records would move, 0 skipped; nothing was changed"), "{}", run.stderr);
    assert_eq!(s.files("records"), ["records/a.md", "records/b.md", "records/c.md", "records/d.md"]);
    assert_eq!(s.files("archive"), ["archive/2026/Q1/x/e.md"]);
    assert_eq!(s.git(&["status", "--porcelain"]), before);
}

#[test]
fn hostile_project_names_stay_inside_the_archive() {
    let s = Sandbox::new();
    let names = ["../../etc", "a/b", "CON", "..", "a\\b", ".hidden", "nul.txt", "项目/../..", " 二号产线. "];
    for (i, p) in names.iter().enumerate() {
        s.write(&format!("records/r{i}.md"), closed(&format!("r{i}"), Some(p), "2026-11-20 10:00"));
    }
    s.git_init();
    let run = s.run(&["archive"]);
    run.code(0);
    let files = s.files("archive");
    assert_eq!(
        files,
        [
            "archive/2026/Q4/CON_/r2.md",
            "archive/2026/Q4/___.._etc/r0.md",
            "archive/2026/Q4/_general/r3.md",
            "archive/2026/Q4/_hidden/r5.md",
            "archive/2026/Q4/a_b/r1.md",
            "archive/2026/Q4/a_b/r4.md",
            "archive/2026/Q4/nul.txt_/r6.md",
            "archive/2026/Q4/二号产线/r8.md",
            "archive/2026/Q4/项目_.._/r7.md",
        ]
    );
    // Nothing outside the repository's archive and records folders.
    let mut all = s.files("");
    all.retain(|f| !f.starts_with(".git/"));
    assert_eq!(all.len(), files.len() + 1, "{all:?}"); // and comms.yaml
    assert!(s.files("records").is_empty());
    // Every record is still read: no folder name hides one.
    let v = s.run(&["validate", "--format", "json"]).json();
    assert_eq!(v["files_checked"], names.len());
}

#[test]
fn collisions_are_skipped_never_overwritten() {
    let s = repo();
    s.write("archive/2026/Q4/二号产线/a.md", "已有的文件\n");
    s.write("records/sub/b.md", closed("b2", None, "2027-01-02 10:00"));
    s.git(&["add", "-A"]);
    let run = s.run(&["--lang", "en", "archive"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "records/b.md → archive/2027/Q1/_general/b.md\nrecords/c.md → archive/2026/Q3/二号产线/c.md\n"
    );
    assert!(
        run.stderr.contains(
            "skipped records/a.md: archive/2026/Q4/二号产线/a.md already exists and is never overwritten; rename one of the two files and run again"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("skipped records/sub/b.md: archive/2027/Q1/_general/b.md already exists"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("archived 2 records, 2 staged in git as renames; 2 skipped"), "{}", run.stderr);
    assert_eq!(s.read("archive/2026/Q4/二号产线/a.md"), "已有的文件\n");
    assert!(s.read("records/a.md").contains("id: a1"));
    assert!(s.read("records/sub/b.md").contains("id: b2"));
}

#[test]
fn an_interrupted_move_is_finished() {
    let s = repo();
    // A run stopped after linking the new name, before removing the old one.
    std::fs::create_dir_all(s.abs("archive/2026/Q4/二号产线")).unwrap();
    std::fs::copy(s.abs("records/a.md"), s.abs("archive/2026/Q4/二号产线/a.md")).unwrap();
    s.run(&["archive"]).code(0);
    assert!(!s.abs("records/a.md").exists());
    assert!(s.read("archive/2026/Q4/二号产线/a.md").contains("id: a1"));
}

#[test]
fn closed_falls_back_to_git_then_deadline_and_no_date_is_skipped() {
    let s = Sandbox::new();
    s.git(&["init", "-q", "-b", "main"]);
    s.write("records/g.md", record("g1", "internal", "owner: 张伟\nstatus: open\ndeadline: 2026-12-20 18:00\n"));
    s.commit_at("2026-06-01T10:00:00+08:00", "new");
    s.write("records/g.md", record("g1", "internal", "owner: 张伟\nstatus: done\ndeadline: 2026-12-20 18:00\n"));
    s.commit_at("2026-06-10T10:00:00+08:00", "done");
    s.write("records/n.md", record("n1", "internal", "owner: 张伟\nstatus: done\n"));
    s.write("records/x.md", record("x1", "internal", "owner: 张伟\nstatus: done\ndeadline: 2026-12-20 18:00\n"));
    let run = s.run(&["archive"]);
    run.code(1);
    // g: closed by the commit of 06-10 (Q2), not its deadline; x: not committed, its deadline (Q4).
    assert_eq!(
        run.stdout,
        "records/g.md → archive/2026/Q2/_general/g.md\nrecords/x.md → archive/2026/Q4/_general/x.md\n"
    );
    assert!(run.stderr.contains("跳过 records/n.md: 没有 `closed` 或 `deadline`"), "{}", run.stderr);
    assert!(run.stderr.contains("已归档 2 条记录,1 条已在 git 中暂存为重命名;跳过 1 条"), "{}", run.stderr);
}

#[test]
fn outside_git_files_move_without_staging() {
    let s = Sandbox::new();
    s.write("records/a.md", closed("a1", Some("二号产线"), "2026-11-20 10:00"));
    let run = s.run(&["--lang", "en", "archive"]);
    run.code(0);
    assert_eq!(run.stderr, "archived 1 record; 0 skipped\n");
    assert_eq!(s.files("archive"), ["archive/2026/Q4/二号产线/a.md"]);
}

#[test]
fn a_held_index_lock_stops_before_anything_moves() {
    let s = repo();
    s.write(".git/index.lock", "");
    let run = s.run(&["archive"]);
    run.code(2);
    assert!(run.stderr.starts_with("error: another git command is using the index"), "{}", run.stderr);
    assert_eq!(s.files("records").len(), 4);
    assert!(s.files("archive").is_empty());
}

#[test]
fn a_records_repository_in_a_subfolder_of_the_git_work_tree() {
    let s = Sandbox::empty();
    s.write("团队/comms.yaml", crate::harness::CONFIG);
    s.write("团队/records/a.md", record("a1", "internal", "owner: 张伟\nstatus: open\ndeadline: 2026-11-23 17:00\n"));
    s.write("other/records/x.md", "not ours\n");
    s.git(&["init", "-q", "-b", "main"]);
    s.commit_at("2026-10-01T09:00:00+08:00", "start");
    s.write("团队/records/a.md", record("a1", "internal", "owner: 张伟\nstatus: done\ndeadline: 2026-11-23 17:00\n"));
    s.commit_at("2026-10-02T09:00:00+08:00", "done");
    let run = s.run(&["--repo", "团队", "archive"]);
    run.code(0);
    assert_eq!(run.stdout, "团队/records/a.md → 团队/archive/2026/Q4/_general/a.md\n");
    assert_eq!(
        s.git(&["-c", "core.quotepath=false", "status", "--porcelain"]),
        "R  团队/records/a.md -> 团队/archive/2026/Q4/_general/a.md\n"
    );
    let json = s.run(&["--repo", "团队", "history", "a1", "--format", "json"]).code(0).json();
    let changes = json["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 2);
    assert_eq!(changes[0]["path"], "records/a.md");
    assert_eq!(changes[1]["time"], "2026-10-02 09:00");
}

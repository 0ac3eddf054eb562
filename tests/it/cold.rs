//! Commands that keep only the records they need (`status`, `report`):
//! the answers, notes and checks are those of every record, archived and
//! out of the period included.

use crate::harness::{Sandbox, record};

const NOW: &str = "2026-11-22 09:00";

fn ids(j: &serde_json::Value) -> Vec<String> {
    j.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn status_counts_and_checks_the_records_it_does_not_list() {
    let s = Sandbox::new();
    let late = "status: open\nowner: 张伟\ndeadline: 2026-11-20 10:00\ncreated: 2026-11-01 09:00\n";
    s.write("records/a.md", record("20261101-aaaa", "internal", late));
    let done =
        "status: done\nowner: 张伟\ndeadline: 2026-11-10 10:00\ncreated: 2026-11-01 09:00\nclosed: 2026-11-09 10:00\n";
    s.write("records/b.md", record("20261101-bbbb", "internal", done));
    // Archived, never listed without --all: one has no deadline, the other
    // an action item without one (two items comms cannot read), and only
    // they have this owner, project and tag.
    let old = "status: done\nowner: 周敏\nproject: 旧项目\ntags: [归档标签]\ncreated: 2025-10-01 09:00\nclosed: 2025-10-02 09:00\n";
    s.write("archive/2025/Q4/旧项目/c.md", record("20251001-cccc", "internal", old));
    let actions = "status: done\nowner: 周敏\ndeadline: 2025-10-09 10:00\ncreated: 2025-10-01 09:00\nclosed: 2025-10-02 09:00\nactions:\n  - task: 跟进\n    owner: 周敏\n    status: done\n";
    s.write("archive/2025/Q4/_general/d.md", record("20251001-dddd", "meeting", actions));
    // A file that is no record: a note too.
    s.write("records/bad.md", "no front matter\n");

    let run = s.run(&["--now", NOW, "status", "--overdue", "--format", "json"]);
    run.code(0);
    assert_eq!(ids(&run.json()), ["20261101-aaaa"]);
    assert!(run.stderr.contains("2 项的截止时间"), "{}", run.stderr);
    assert!(run.stderr.contains("1 个文件无法读取"), "{}", run.stderr);
    // Open work by default: the same notes.
    let run = s.run(&["--now", NOW, "status", "--format", "json"]);
    assert_eq!(ids(&run.code(0).json()), ["20261101-aaaa"]);
    assert!(run.stderr.contains("2 项的截止时间"), "{}", run.stderr);
    // A status filter lists closed records, still not archived ones.
    let run = s.run(&["--now", NOW, "status", "--status", "done", "--format", "json"]);
    assert_eq!(ids(&run.code(0).json()), ["20261101-bbbb"]);
    // Names that only archived records have are known, not typos.
    for args in [["--owner", "周敏"], ["--project", "旧项目"], ["--tag", "归档标签"]] {
        let run = s.run(&["--now", NOW, "status", args[0], args[1], "--format", "json"]);
        assert_eq!(ids(&run.code(0).json()), Vec::<String>::new(), "{args:?}");
    }
    let all = s.run(&["--now", NOW, "status", "--all", "--format", "json"]);
    assert_eq!(ids(&all.code(0).json()).len(), 5, "{}", all.stdout);
}

#[test]
fn report_checks_and_notes_every_record_not_only_the_period() {
    let s = Sandbox::new();
    let y2026 = "status: done\nowner: 张伟\nproject: 新项目\ncreated: 2026-03-01 09:00\nclosed: 2026-03-02 09:00\n";
    s.write("records/a.md", record("20260301-aaaa", "internal", y2026));
    // Out of the period: its project is still one a record has.
    let y2025 = "status: done\nowner: 张伟\nproject: 老项目\ncreated: 2025-03-01 09:00\nclosed: 2025-03-02 09:00\n";
    s.write("archive/2025/Q1/老项目/b.md", record("20250301-bbbb", "internal", y2025));
    // No `created`: in no period, but counted by the note.
    s.write("records/c.md", record("20261101-cccc", "internal", "status: open\nowner: 张伟\n"));

    let run = s.run(&["--now", NOW, "report", "--year", "2026", "--format", "json"]);
    let j = run.code(0).json();
    assert_eq!(j["totals"]["total"], 1, "{}", run.stdout);
    assert!(run.stderr.contains("1 条记录没有 `created`"), "{}", run.stderr);
    let undated = run.stderr.clone();

    let run = s.run(&["--now", NOW, "report", "--year", "2026", "--project", "老项目", "--format", "json"]);
    assert_eq!(run.code(0).json()["totals"]["total"], 0, "{}", run.stdout);
    let run = s.run(&["--now", NOW, "report", "--year", "2026", "--project", "老项木", "--format", "json"]);
    assert_ne!(run.code, 0);
    assert!(run.stderr.contains("did you mean `老项目`"), "{}", run.stderr);
    let run = s.run(&["--now", NOW, "report", "--year", "2026", "--project", "Unrelated-XYZ", "--format", "json"]);
    assert!(run.stderr.contains("新项目") && run.stderr.contains("老项目"), "{}", run.stderr);
    // The same report from every record (the HTML dashboard keeps all).
    let html = s.run(&["--now", NOW, "report", "--year", "2026", "--format", "html"]);
    assert_eq!(html.code(0).stderr, undated);
}

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

//! One people matching rule (issue 12.2): every command reads a name the
//! same way — trimmed, ignoring case, full-width vs half-width — and shows
//! the directory's name.

use crate::harness::{GOOD, Sandbox};

const NOW: &str = "2026-11-25 10:00";

const PEOPLE: &str = "timezone: Asia/Shanghai
language: zh
people:
  - { name: 张伟, department: 生产部, aliases: [Zhang Wei] }
  - { name: 王强, department: 生产部, roles: [部门负责人] }
  - { name: 李娜, department: 市场部, roles: [部门负责人] }
escalation:
  urgent:
    - { after: 0h, chase: 部门负责人 }
";

const PATH: &str = "records/20261122-7f3a.md";

/// The good urgent record, owned by `owner` as written, overdue at [`NOW`].
fn repo(owner: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", PEOPLE);
    s.write(PATH, GOOD.replacen("owner: 张伟", &format!("owner: {owner}"), 1));
    s
}

fn run(s: &Sandbox, args: &[&str]) -> crate::harness::Run {
    let mut all = vec!["--now", NOW];
    all.extend_from_slice(args);
    s.run(&all)
}

fn listed(s: &Sandbox, owner: &str) -> Vec<String> {
    let json = run(s, &["status", "--owner", owner, "--format", "json"]).code(0).json();
    json.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn every_command_reads_an_alias_in_another_case_as_the_person() {
    let s = repo("zhang wei");
    // validate: a known person.
    let r = run(&s, &["validate"]);
    assert!(!r.stdout.contains("unknown-person") && !r.stderr.contains("unknown-person"), "{}{}", r.stdout, r.stderr);
    r.code(0);
    // status filters: by the directory's name, an alias in capitals, with a full-width space.
    for owner in ["张伟", "ZHANG WEI", "Zhang\u{3000}Wei", " zhang wei "] {
        assert_eq!(listed(&s, owner), ["20261122-7f3a"], "--owner {owner:?}");
    }
    assert!(listed(&s, "王强").is_empty());
    // report: grouped under the directory's name, in its department.
    let json = run(&s, &["report", "--format", "json"]).code(0).json();
    assert_eq!(json["by_owner"][0]["key"], "张伟", "{json}");
    assert_eq!(json["by_owner"].as_array().unwrap().len(), 1);
    assert_eq!(json["by_department"][0]["key"], "生产部");
    // remind: the person's group, and their department's head is chased.
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    assert_eq!(json["owners"][0]["owner"], "张伟");
    assert_eq!(json["owners"][0]["department"], "生产部");
    let chase = &json["owners"][0]["items"][0]["escalation"]["chase"];
    assert_eq!(chase, &serde_json::json!([{"name": "王强", "role": "部门负责人", "department": "生产部"}]));
    // ack: written as the directory's name; a second ack in another spelling is the same person.
    run(&s, &["ack", "20261122-7f3a", "--by", "zhang wei"]).code(0);
    assert!(s.read(PATH).contains("acks:\n  - { by: 张伟, at: 2026-11-25 10:00 }\n"), "{}", s.read(PATH));
    let r = run(&s, &["ack", "20261122-7f3a", "--by", "ＺＨＡＮＧ　ＷＥＩ"]);
    r.code(0);
    assert!(r.stderr.contains("已于") && r.stderr.contains("无需重复确认"), "{}", r.stderr);
    assert_eq!(s.read(PATH).matches("by: 张伟").count(), 1);
}

// The three disagreements issue 12 names, each failing before the one rule.

#[test]
fn validate_knows_an_alias_written_in_another_case() {
    let s = repo("zhang wei");
    let r = run(&s, &["validate"]);
    r.code(0);
    assert!(!r.stdout.contains("unknown-person"), "{}", r.stdout);
    // A name nobody has is still unknown.
    let s = repo("zhangwei");
    let r = run(&s, &["validate"]);
    r.code(1);
    assert!(r.stdout.contains("error[unknown-person]: `zhangwei` is not in the people directory"), "{}", r.stdout);
}

#[test]
fn status_owner_ignores_full_width_spaces() {
    let s = repo("张伟");
    assert_eq!(listed(&s, "ZHANG\u{3000}WEI"), ["20261122-7f3a"]);
    assert_eq!(listed(&s, "张伟\u{3000}"), ["20261122-7f3a"]);
}

#[test]
fn report_groups_any_spelling_under_the_directorys_name() {
    let s = repo("zhang wei");
    s.write("records/20261122-0001.md", GOOD.replacen("20261122-7f3a", "20261122-0001", 1));
    s.write(
        "records/20261122-0002.md",
        GOOD.replacen("20261122-7f3a", "20261122-0002", 1).replacen("owner: 张伟", "owner: 某人", 1),
    );
    let json = run(&s, &["report", "--format", "json"]).code(0).json();
    let rows: Vec<(String, u64)> = json["by_owner"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["key"].as_str().unwrap().to_string(), r["total"].as_u64().unwrap()))
        .collect();
    assert_eq!(rows, [("张伟".to_string(), 2), ("某人".to_string(), 1)], "unknown names keep their spelling");
}

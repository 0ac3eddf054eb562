//! Escalation ladders (催办升级) in `comms remind`, and the `unacknowledged`
//! warning of `validate`.

use crate::harness::Sandbox;
use crate::tracked::{self, run};

/// The tracked repository's people with roles, and a ladder.
const LADDER: &str = "timezone: Asia/Shanghai
language: zh
people:
  - { name: 张伟, department: 生产部, aliases: [Zhang Wei] }
  - { name: 李娜, department: 市场部, aliases: [Li Na] }
  - { name: 王强, department: 技术部, roles: [部门负责人] }
  - { name: 孙磊, department: 设备部 }
  - { name: 吴刚, department: 安全部, role: 主管, roles: [协调人] }
  - { name: 刘明, department: 生产部, role: 经理, roles: [部门负责人] }
  - { name: 何建国, department: 总经办, roles: [管理层] }
escalation:
  urgent:
    - { after: 0h, chase: owner, by: 协调人 }
    - { after: 4h, chase: 部门负责人, by: 协调人 }
    - { after: 1d, chase: 管理层 }
  default:
    - { after: 0h, chase: owner, by: 吴刚 }
    - { after: 1wd, chase: 部门负责人, by: 协调人 }
    - { after: 3wd, chase: 管理层, by: 协调人 }
";

fn repo() -> Sandbox {
    let s = tracked::repo();
    s.write("comms.yaml", LADDER);
    s
}

#[test]
fn remind_names_the_step_who_is_chased_and_by_whom() {
    let s = repo();
    let r = run(&s, &["remind"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn remind_in_english_and_markdown() {
    let s = repo();
    let r = run(&s, &["--lang", "en", "remind"]);
    r.code(0);
    // 王强's late purchase request: overdue since Wednesday 11-18 18:00, past
    // 3 working days on Monday 11-23 18:00 only; now is Sunday 11-22 09:00.
    assert!(
        r.stdout.contains("  ↳ step 2 of 3 (1 working day overdue): chase 王强 (部门负责人), by 吴刚 (协调人)\n"),
        "{}",
        r.stdout
    );
    // 张伟's action item, due Friday 11-20 18:00, is at the first step
    // until Monday 18:00: the weekend does not count.
    assert!(r.stdout.contains("  ↳ step 1 of 3 (from the deadline): chase 张伟 (owner), by 吴刚\n"), "{}", r.stdout);
    let r = s.run(&["--now", "2026-11-23 18:30", "--lang", "en", "remind"]);
    assert!(
        r.stdout.contains("  ↳ step 2 of 3 (1 working day overdue): chase 刘明 (部门负责人), by 吴刚 (协调人)\n"),
        "the head of 生产部 other than the owner: {}",
        r.stdout
    );
    let r = s.run(&["--now", "2026-11-23 18:30", "remind", "--format", "markdown"]);
    assert!(
        r.stdout.contains("\n  - 催办第 2/3 级(逾期满 1个工作日):刘明(部门负责人) · 催办人 吴刚(协调人)\n"),
        "{}",
        r.stdout
    );
}

#[test]
fn json_has_the_step_on_overdue_items_only() {
    let s = repo();
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    let items: Vec<&serde_json::Value> =
        json["owners"].as_array().unwrap().iter().flat_map(|g| g["items"].as_array().unwrap()).collect();
    let pr = items.iter().find(|i| i["id"] == "20261121-c94e").unwrap();
    assert!(pr.get("escalation").is_none(), "not overdue: no step");
    let action = items.iter().find(|i| i["id"] == "20261117-6c0f#2").unwrap();
    assert_eq!(
        action["escalation"],
        serde_json::json!({
            "step": 1,
            "steps": 3,
            "after": "0h",
            "chase": [{ "name": "张伟", "role": "owner", "department": "生产部" }],
            "by": [{ "name": "吴刚", "role": null, "department": "安全部" }]
        })
    );
    let purchase = items.iter().find(|i| i["id"] == "20261110-9be2").unwrap();
    assert_eq!(purchase["escalation"]["after"], "1wd");
    assert_eq!(purchase["escalation"]["by"][0]["role"], "协调人");
    // Later the urgent ladder reaches management, and the owner step names the owner.
    s.write(tracked::PR, tracked::PR_TEXT.replace("deadline: 2026-11-22 12:00", "deadline: 2026-11-21 08:00"));
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    let pr = &json["owners"][0]["items"][0];
    assert_eq!(pr["id"], "20261121-c94e");
    assert_eq!(pr["escalation"]["step"], 3);
    assert_eq!(
        pr["escalation"]["chase"],
        serde_json::json!([{ "name": "何建国", "role": "管理层", "department": "总经办" }])
    );
    assert_eq!(pr["escalation"]["by"], serde_json::json!([]));
    let json = s.run(&["--now", "2026-11-21 09:00", "remind", "--format", "json"]).code(0).json();
    let pr = &json["owners"][0]["items"][0];
    assert_eq!(
        pr["escalation"]["chase"],
        serde_json::json!([{ "name": "李娜", "role": "owner", "department": "市场部" }])
    );
}

#[test]
fn without_a_ladder_remind_is_unchanged() {
    let s = tracked::repo();
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    for g in json["owners"].as_array().unwrap() {
        for i in g["items"].as_array().unwrap() {
            assert!(i.get("escalation").is_none(), "{i}");
        }
    }
    assert!(!run(&s, &["remind"]).stdout.contains('↳'));
}

#[test]
fn a_ladder_naming_nobody_is_a_configuration_error() {
    let s = tracked::repo();
    s.write("comms.yaml", "people: [{ name: 张伟 }]\nescalation:\n  urgent:\n    - { after: 4h, chase: 部门负责人 }\n");
    let r = run(&s, &["remind"]);
    r.code(2);
    assert_eq!(
        r.stderr,
        "error: bad configuration: comms.yaml:4:27: `escalation.urgent` step 1 has `chase: 部门负责人`, which names nobody: it is not `owner`, a person of `people`, or anyone's role; add `roles: [部门负责人]` to the person who holds it\n"
    );
    s.write("comms.yaml", "escalation:\n  urgnet: [{ after: 4h, chase: owner }]\n");
    let r = run(&s, &["remind"]);
    r.code(2);
    assert_eq!(
        r.stderr,
        "error: bad configuration: comms.yaml:2:3: unknown record type `urgnet`; did you mean `urgent`?\n"
    );
}

fn warnings(s: &Sandbox, now: &str) -> Vec<(String, u64, u64)> {
    let json = s.run(&["--now", now, "validate", "--format", "json"]).json();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        // A record with expected confirmers (the meeting's participants)
        // gets `unconfirmed` in place of `unacknowledged`.
        .filter(|d| d["code"] == "unacknowledged" || d["code"] == "unconfirmed")
        .map(|d| {
            assert_eq!(d["severity"], "warning");
            (d["path"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap())
        })
        .collect()
}

#[test]
fn validate_warns_about_urgent_records_nobody_acknowledged_in_time() {
    let s = tracked::repo();
    // Not configured: no warning, however long.
    assert!(warnings(&s, "2026-11-22 09:00").is_empty());
    s.write("comms.yaml", format!("{}ack_within: {{ urgent: 30m }}\n", tracked::CONFIG));
    // The PR crisis was created 2026-11-21 21:40 and has no acks; the
    // incident is acknowledged; the archived outage is done.
    assert_eq!(warnings(&s, "2026-11-22 09:00"), [(tracked::PR.to_string(), 12, 1)]);
    assert!(warnings(&s, "2026-11-21 22:10").is_empty(), "exactly 30 minutes: still in time");
    assert_eq!(warnings(&s, "2026-11-21 22:11").len(), 1);
    let r = s.run(&["--now", "2026-11-22 09:00", "validate", tracked::PR]);
    r.code(0);
    assert!(
        r.stdout.contains(
            "warning[unacknowledged]: nobody has acknowledged this `urgent` record 11h 20m after it was created; comms.yaml asks for it within 30m"
        ),
        "{}",
        r.stdout
    );
    s.run(&["--now", "2026-11-22 09:00", "validate", "--strict", tracked::PR]).code(1);
    // An empty `acks` is where the warning points.
    s.write(tracked::PR, tracked::PR_TEXT.replace("measures: 统一回复口径\n", "measures: 统一回复口径\nacks: []\n"));
    assert_eq!(warnings(&s, "2026-11-22 09:00"), [(tracked::PR.to_string(), 15, 1)]);
    // Acknowledged: no warning.
    run(&s, &["ack", "20261121-c94e", "--by", "吴刚"]).code(0);
    assert!(warnings(&s, "2026-11-22 09:00").is_empty());
}

#[test]
fn ack_within_in_working_days_for_any_type() {
    let s = tracked::repo();
    s.write("comms.yaml", format!("{}ack_within: {{ 会议: 1wd }}\n", tracked::CONFIG));
    // The meeting was created Tuesday 11-17 15:00: due Wednesday 15:00.
    assert!(warnings(&s, "2026-11-18 15:00").is_empty());
    assert_eq!(warnings(&s, "2026-11-18 15:01"), [(tracked::MEETING.to_string(), 10, 1)]);
    assert_eq!(warnings(&s, "2026-11-18 15:01").len(), 1, "urgent records are not asked for now");
}

//! Approval before sending (审批): `approvals`, `sent`, the `approval` and
//! `publish` settings, their four rules, `comms approve`, `comms send` and
//! `status --awaiting-approval`.

use crate::harness::{Run, Sandbox};

const CONFIG: &str = "timezone: Asia/Shanghai
language: zh
people:
  - { name: 赵敏, department: 行政部, roles: [部门负责人] }
  - { name: 刘洋, department: 行政部 }
  - { name: 王强, department: 技术部, roles: [部门负责人] }
  - { name: 张伟, department: 技术部, aliases: [Zhang Wei] }
  - { name: 陈总, roles: [管理层] }
approval:
  internal:
    - { role: 部门负责人, of: from }
    - { role: 管理层, when: { to: 全员 } }
publish:
  全员: [行政部]
";

const PATH: &str = "records/n1.md";

/// A notice to `to` from `from`, with extra front-matter lines.
fn notice(from: &str, to: &str, extra: &str) -> String {
    format!(
        "---\nid: 20261120-n001\ntype: internal\nsubject: 元旦放假通知\nowner: 刘洋\ndeadline: 2026-11-25 18:00\nstatus: open\nfrom: {from}\nto: [{to}]\ncreated: 2026-11-20 09:00\n{extra}---\n## 背景\n放假安排。\n## 目标\n全员知悉。\n## 行动要求\n各部门安排值班。\n## 反馈记录\n"
    )
}

fn repo(text: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", CONFIG);
    s.write(PATH, text);
    s
}

fn run(s: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["--now", "2026-11-20 12:00"];
    all.extend_from_slice(args);
    s.run(&all)
}

/// The rule codes `validate --format json` reports.
fn codes(s: &Sandbox) -> Vec<String> {
    let json = run(s, &["validate", "--format", "json"]).json();
    json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

const BOTH_APPROVED: &str = "approvals:\n  - { by: 赵敏, at: 2026-11-20 10:00, decision: 批准 }\n  - { by: 陈总, at: 2026-11-20 10:30, decision: approved }\n";

#[test]
fn sent_without_approval() {
    let s = repo(&notice("行政部", "全员", &format!("{BOTH_APPROVED}sent: 2026-11-20 11:00\n")));
    assert_eq!(codes(&s), Vec::<String>::new());
    // An approval after `sent` does not count.
    let s = repo(&notice("行政部", "全员", &format!("{BOTH_APPROVED}sent: 2026-11-20 10:15\n")));
    let r = run(&s, &["validate"]);
    r.code(1);
    assert!(
        r.stdout.contains(
            "error[sent-without-approval]: sent 2026-11-20 10:15 without approval step 2 {role: 管理层} (陈总)"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("records/n1.md:14:7"), "{}", r.stdout);
    // Not sent: nothing to say yet.
    assert_eq!(codes(&repo(&notice("行政部", "全员", ""))), Vec::<String>::new());
}

#[test]
fn approval_rejected() {
    let rejected = "approvals:\n  - { by: 赵敏, at: 2026-11-20 10:00, decision: approved }\n  - { by: 陈总, at: 2026-11-20 10:30, decision: 驳回, note: 日期有误 }\n";
    let s = repo(&notice("行政部", "全员", &format!("{rejected}sent: 2026-11-20 11:00\n")));
    let r = run(&s, &["validate"]);
    r.code(1);
    assert!(
        r.stdout.contains("error[approval-rejected]: 陈总 rejected approval step 2 {role: 管理层}"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("records/n1.md:13:47"), "{}", r.stdout);
    assert_eq!(codes(&s), ["approval-rejected"]);
    // Approved again after the rejection: fine.
    let again =
        format!("{rejected}  - {{ by: 陈总, at: 2026-11-20 10:45, decision: approved }}\nsent: 2026-11-20 11:00\n");
    assert_eq!(codes(&repo(&notice("行政部", "全员", &again))), Vec::<String>::new());
}

#[test]
fn approver_not_qualified() {
    // 王强 heads 技术部, not 行政部 where the notice is from.
    let s =
        repo(&notice("行政部", "技术部", "approvals:\n  - { by: 王强, at: 2026-11-20 10:00, decision: approved }\n"));
    let r = run(&s, &["validate"]);
    r.code(1);
    assert!(r.stdout.contains("error[approver-not-qualified]: `王强` cannot fill any approval step"), "{}", r.stdout);
    assert!(r.stdout.contains("records/n1.md:12:11") && r.stdout.contains("(赵敏)"), "{}", r.stdout);
    let s =
        repo(&notice("行政部", "技术部", "approvals:\n  - { by: 赵敏, at: 2026-11-20 10:00, decision: approved }\n"));
    assert_eq!(codes(&s), Vec::<String>::new());
}

#[test]
fn not_allowed_to_publish() {
    let s = repo(&notice("技术部", "行政部, 全员", ""));
    let r = run(&s, &["validate"]);
    r.code(1);
    assert!(
        r.stdout.contains("error[not-allowed-to-publish]: only 行政部 may address `全员` (`publish` in comms.yaml); this record is from 技术部"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("records/n1.md:9:11"), "{}", r.stdout);
    assert_eq!(codes(&repo(&notice("行政部", "全员", ""))), Vec::<String>::new());
}

#[test]
fn approvals_of_the_wrong_shape_are_reported_where_they_are() {
    let s = repo(&notice(
        "行政部",
        "技术部",
        "approvals:\n  - { by: 赵敏, at: 2026-11-20, decision: ok }\n  - { by: 赵敏, decision: approved, remark: x }\n  - 赵敏\n",
    ));
    let json = run(&s, &["validate", "--format", "json"]).json();
    let found: Vec<(String, u64, u64)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().to_string(), d["line"].as_u64().unwrap(), d["column"].as_u64().unwrap()))
        .collect();
    let want = [
        ("date-only", 12, 19),
        ("bad-value", 12, 41),
        ("missing-field", 13, 5),
        ("unknown-field", 13, 35),
        ("bad-value", 14, 5),
    ];
    assert_eq!(found, want.map(|(c, l, col)| (c.to_string(), l, col)));
}

#[test]
fn approve_appends_a_decision_and_send_sets_sent() {
    let s = repo(&notice("行政部", "全员", ""));
    let before = s.read(PATH);
    // Nothing approved: send is refused, naming the steps and who fills them.
    let r = run(&s, &["send", "n001"]);
    r.code(2);
    assert!(
        r.stderr.contains("20261120-n001 was not sent: approval missing for step 1 {role: 部门负责人, of: from} (赵敏); step 2 {role: 管理层} (陈总)"),
        "{}",
        r.stderr
    );
    assert_eq!(s.read(PATH), before);
    // 王强 heads another department: refused, nothing written.
    let r = run(&s, &["approve", "n001", "--by", "王强"]);
    r.code(2);
    assert!(r.stderr.contains("王强 cannot approve 20261120-n001: the pending steps are step 1"), "{}", r.stderr);
    assert_eq!(s.read(PATH), before);
    run(&s, &["approve", "n001", "--by", "赵敏", "--note", "同意"]).code(0);
    let r = run(&s, &["approve", "n001", "--by", "陈总", "--reject", "--note", "日期写错"]);
    r.code(0);
    assert!(r.stderr.contains("陈总 已驳回 20261120-n001"), "{}", r.stderr);
    let r = run(&s, &["send", "n001"]);
    r.code(2);
    assert!(r.stderr.contains("step 2 rejected"), "{}", r.stderr);
    run(&s, &["approve", "n001", "--by", "陈总"]).code(0);
    let r = run(&s, &["send", "n001"]);
    r.code(0);
    assert!(r.stderr.contains("20261120-n001 已发送,时间 2026-11-20 12:00"), "{}", r.stderr);
    let want = before.replace(
        "created: 2026-11-20 09:00\n",
        "created: 2026-11-20 09:00\napprovals:\n  - { by: 赵敏, at: 2026-11-20 12:00, decision: approved, note: 同意 }\n  - { by: 陈总, at: 2026-11-20 12:00, decision: rejected, note: 日期写错 }\n  - { by: 陈总, at: 2026-11-20 12:00, decision: approved }\nsent: 2026-11-20 12:00\n",
    );
    assert_eq!(s.read(PATH), want);
    assert_eq!(codes(&s), Vec::<String>::new());
    // Sent already: a note, nothing written.
    run(&s, &["send", "n001"]).code(0);
    assert_eq!(s.read(PATH), want);
    // Every step approved: nothing left to approve.
    let r = run(&s, &["approve", "n001", "--by", "赵敏"]);
    r.code(2);
    assert!(r.stderr.contains("approved already"), "{}", r.stderr);
}

#[test]
fn approve_and_send_refusals() {
    // No step for this record: approve is refused.
    let s = repo(
        &notice("行政部", "技术部", "")
            .replace("type: internal", "type: external")
            .replace("from: 行政部\nto: [技术部]\n", "customer: 某客户\n"),
    );
    let r = run(&s, &["approve", "n001", "--by", "赵敏"]);
    r.code(2);
    assert!(r.stderr.contains("needs no approval"), "{}", r.stderr);
    // Not allowed to publish: send is refused.
    let s = repo(&notice("技术部", "全员", ""));
    let before = s.read(PATH);
    let r = run(&s, &["send", "n001"]);
    r.code(2);
    assert!(r.stderr.contains("only 行政部 may address `全员`"), "{}", r.stderr);
    assert_eq!(s.read(PATH), before);
    // `set sent=…` before approval adds an error: refused too.
    let s = repo(&notice("行政部", "技术部", ""));
    let r = run(&s, &["set", "n001", "sent=2026-11-20 11:00"]);
    r.code(2);
    assert!(r.stderr.contains("sent-without-approval"), "{}", r.stderr);
}

#[test]
fn status_lists_what_awaits_approval() {
    let s = repo(&notice("行政部", "全员", "approvals:\n  - { by: 赵敏, at: 2026-11-20 10:00, decision: approved }\n"));
    s.write(
        "records/n2.md",
        notice("技术部", "行政部", "").replace("20261120-n001", "20261120-n002").replace("owner: 刘洋", "owner: 张伟"),
    );
    s.write(
        "records/n3.md",
        notice(
            "技术部",
            "行政部",
            "approvals:\n  - { by: 王强, at: 2026-11-20 10:00, decision: approved }\nsent: 2026-11-20 11:00\n",
        )
        .replace("20261120-n001", "20261120-n003")
        .replace("owner: 刘洋", "owner: 张伟"),
    );
    let ids = |r: &Run| -> Vec<String> {
        r.json().as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
    };
    let r = run(&s, &["status", "--awaiting-approval", "--format", "json"]);
    assert_eq!(ids(r.code(0)), ["20261120-n001", "20261120-n002"]);
    let r = run(&s, &["status", "--awaiting-approval", "--approver", "王强", "--format", "json"]);
    assert_eq!(ids(r.code(0)), ["20261120-n002"]);
    let r = run(&s, &["status", "--awaiting-approval", "--approver", "陈总", "--format", "json"]);
    assert_eq!(ids(r.code(0)), ["20261120-n001"]);
    let r = run(&s, &["status", "--awaiting-approval", "--approver", "赵敏"]);
    r.code(0);
    assert!(r.stderr.contains("没有符合条件"), "{}", r.stderr);
    run(&s, &["status", "--awaiting-approval", "--approver", "赵明"]).code(2);
}

#[test]
fn mistakes_in_approval_and_publish_are_reported_in_comms_yaml() {
    let cases = [
        (
            "approval:\n  internal:\n    - { role: 部门负责任, of: from }\n",
            "comms.yaml:11:15",
            "did you mean `部门负责人`?",
        ),
        ("approval:\n  internal:\n    - { person: 赵明 }\n", "comms.yaml:11:17", "did you mean `赵敏`?"),
        ("approval:\n  internal:\n    - { of: from }\n", "comms.yaml:11:7", "names nobody"),
        ("approval:\n  internal:\n    - { role: 管理层, of: dept }\n", "comms.yaml:11:24", "dept"),
        (
            "approval:\n  internl:\n    - { role: 管理层 }\n",
            "comms.yaml:10:3",
            "unknown record type `internl`; did you mean `internal`?",
        ),
        ("publish:\n  全员: [行政处]\n", "comms.yaml:10:8", "did you mean `行政部`?"),
        (
            "approval:\n  default:\n    - { role: 管理层, when: { catgory: 对外声明 } }\n",
            "comms.yaml:11:28",
            "`approval.default` step 1 has `when: { catgory: … }`, a field no record type has; did you mean `category`?",
        ),
    ];
    let people = CONFIG.split("approval:").next().unwrap();
    for (extra, at, message) in cases {
        let s = Sandbox::new();
        s.write("comms.yaml", format!("{people}{extra}"));
        let r = s.run(&["validate"]);
        r.code(2);
        assert!(r.stderr.contains(at) && r.stderr.contains(message), "{extra}: {}", r.stderr);
    }
}

#[test]
fn a_rejection_of_a_sent_record_is_refused_and_nothing_written() {
    let sent = format!("{BOTH_APPROVED}sent: 2026-11-20 11:00\n");
    let s = repo(&notice("行政部", "全员", &sent));
    let before = s.read(PATH);
    let r = run(&s, &["approve", "n001", "--by", "陈总", "--reject"]);
    // Every step is approved: nothing pending to decide on.
    r.code(2);
    assert_eq!(s.read(PATH), before);
    // A step pending on a sent record (approved after `sent`): a rejection
    // would add `approval-rejected`, and is refused.
    let late = "approvals:\n  - { by: 赵敏, at: 2026-11-20 10:00, decision: approved }\nsent: 2026-11-20 11:00\n";
    let s = repo(&notice("行政部", "全员", late));
    let before = s.read(PATH);
    let r = run(&s, &["approve", "n001", "--by", "陈总", "--reject"]);
    r.code(2);
    assert!(r.stderr.contains("approval-rejected") && r.stderr.contains("was not changed"), "{}", r.stderr);
    assert_eq!(s.read(PATH), before);
}

#[test]
fn the_schema_and_templates_know_the_fields_and_a_type_alias_names_the_type() {
    let s = repo(&notice("行政部", "技术部", ""));
    let schema = run(&s, &["schema", "internal"]).code(0).json();
    let props = &schema["properties"];
    let decision = props["approvals"]["items"]["properties"]["decision"]["enum"].as_array().unwrap();
    assert!(decision.iter().any(|d| d == "approved") && decision.iter().any(|d| d == "驳回"), "{decision:?}");
    assert_eq!(props["sent"]["pattern"], props["created"]["pattern"]);
    let r = run(&s, &["templates", "internal"]);
    assert!(r.code(0).stdout.contains("approvals") && r.stdout.contains("sent"), "{}", r.stdout);
    // `内部` is the alias of `internal`: its steps apply to internal records.
    s.write("comms.yaml", CONFIG.replace("  internal:\n", "  内部:\n"));
    run(&s, &["send", "n001"]).code(2);
    s.write("comms.yaml", CONFIG.replace("  internal:\n", "  内部:\n    - { person: 陈总 }\n  internal:\n"));
    let r = run(&s, &["validate"]);
    r.code(2);
    assert!(r.stderr.contains("`内部` and `internal` are the same record type; keep one"), "{}", r.stderr);
}

/// `comms new` judges each `--set` beside the others, in any order: `to`
/// naming an audience is allowed or refused by the `from` given with it.
#[test]
fn new_judges_to_with_the_from_given_beside_it() {
    let s = Sandbox::new();
    s.write("comms.yaml", CONFIG);
    let new = |from: &str| {
        run(
            &s,
            &[
                "new",
                "internal",
                "--subject",
                "【行政部-全员】消防检查通知",
                "--owner",
                "刘洋",
                "--deadline",
                "2026-11-27 18:00",
                "--initiator",
                "刘洋",
                "--set",
                "to=[全员]",
                "--set",
                &format!("from={from}"),
            ],
        )
    };
    let refused = new("技术部");
    refused.code(2);
    assert!(refused.stderr.contains("only 行政部 may address `全员`"), "{}", refused.stderr);
    assert!(s.files("records").is_empty());
    new("行政部").code(0);
    assert_eq!(s.files("records").len(), 1);
}

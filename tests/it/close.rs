//! Closing the loop (闭环): `initiator`, `open-actions`, `missing-outcome`,
//! `unaccepted`, `stale`, `attachment-without-version`,
//! `missing-confirmation`; `comms accept`, `comms new --initiator`, `done`
//! refused while action items are open, `remind` listing stale records.

use crate::harness::{GOOD, Sandbox};

const REC: &str = "records/20261122-7f3a.md";
const NOW: &str = "2026-11-22 12:00";

/// The good urgent record with `replace` applied, in a fresh sandbox.
fn repo_with(edit: impl Fn(String) -> String) -> Sandbox {
    let s = Sandbox::new();
    s.write(REC, edit(GOOD.to_string()));
    s
}

fn done(text: String) -> String {
    text.replace("status: open", "status: done\nclosed: 2026-11-22 11:00")
}

/// The codes `validate --format json` reports for the record.
fn codes(s: &Sandbox) -> Vec<String> {
    let j = s.run(&["--now", NOW, "validate", "--format", "json"]).json();
    let mut out: Vec<String> =
        j["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    out.sort();
    out
}

const ACTIONS: &str = "actions:\n  - { task: 换轴承, owner: 孙磊, deadline: 2026-11-23 12:00, status: done }\n  - { task: 复盘, owner: 李娜, deadline: 2026-11-24 12:00, status: 进行中 }\n";

#[test]
fn open_actions_on_a_done_record() {
    let s = repo_with(|t| done(t).replace("impact:", &format!("{ACTIONS}outcome: achieved\nimpact:")));
    assert_eq!(codes(&s), ["open-actions"]);
    let r = s.run(&["--now", NOW, "validate"]);
    assert!(
        r.stdout.contains("#2 复盘 (in-progress)") && r.stdout.contains("comms done 20261122-7f3a#2"),
        "{}",
        r.stdout
    );
    let s = repo_with(|t| {
        done(t).replace("impact:", &format!("{}outcome: achieved\nimpact:", ACTIONS.replace("进行中", "cancelled")))
    });
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
}

#[test]
fn done_is_refused_while_action_items_are_open() {
    let s = repo_with(|t| t.replace("impact:", &format!("{ACTIONS}impact:")));
    let before = s.read(REC);
    let r = s.run(&["--now", NOW, "done", "20261122-7f3a"]);
    r.code(2);
    assert!(r.stderr.contains("#2 复盘 (李娜, in-progress)"), "{}", r.stderr);
    assert!(r.stderr.contains("comms done 20261122-7f3a#2"), "{}", r.stderr);
    assert_eq!(s.read(REC), before, "nothing written");
    // `set status=done` is refused too: the edit would add `open-actions`.
    let r = s.run(&["--now", NOW, "set", "20261122-7f3a", "status=done", "closed=2026-11-22 11:00"]);
    r.code(2);
    assert!(r.stderr.contains("open-actions"), "{}", r.stderr);
    assert_eq!(s.read(REC), before, "nothing written");
    // Close the item, then the record.
    s.run(&["--now", NOW, "done", "20261122-7f3a#2"]).code(0);
    s.run(&["--now", NOW, "done", "20261122-7f3a"]).code(0);
    assert!(s.read(REC).contains("status: done\n"));
}

#[test]
fn missing_outcome_and_outcome_note() {
    // urgent asks for an outcome.
    let s = repo_with(done);
    assert_eq!(codes(&s), ["missing-outcome"]);
    let s = repo_with(|t| done(t).replace("impact:", "outcome: 达成\nimpact:"));
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    // Not achieved: a note says why.
    let s = repo_with(|t| done(t).replace("impact:", "outcome: 部分达成\nimpact:"));
    assert_eq!(codes(&s), ["missing-outcome"]);
    let r = s.run(&["--now", NOW, "validate"]);
    assert!(r.stdout.contains("the outcome is `partial` but `outcome_note` does not say why"), "{}", r.stdout);
    let s = repo_with(|t| done(t).replace("impact:", "outcome: missed\noutcome_note: 备件未到货\nimpact:"));
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    // An open record need not say yet; an unknown word is bad-value.
    let s = repo_with(|t| t.replace("impact:", "outcome: 成功\nimpact:"));
    assert_eq!(codes(&s), ["bad-value"]);
}

#[test]
fn unaccepted_when_the_initiator_is_not_the_owner() {
    // external asks for acceptance.
    let ext = |extra: &str| {
        format!(
            "---\nid: 20261122-7f3a\ntype: external\nsubject: A公司合同变更\nowner: 张伟\ninitiator: 王强\ndeadline: 2026-11-23 17:00\nstatus: done\nclosed: 2026-11-22 11:00\ncreated: 2026-11-22 09:30\ncounterpart: A公司\ncontact: 王经理 139****5678\n{extra}---\n\n## 背景\n## 需求描述\n## 解决方案\n## 反馈记录\n"
        )
    };
    let s = Sandbox::new();
    s.write(REC, ext(""));
    assert_eq!(codes(&s), ["unaccepted"]);
    s.write(REC, ext("accepted: { by: 王强, at: 2026-11-22 11:30 }\n"));
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    s.write(REC, ext("accepted: { by: 张伟, at: 2026-11-22 11:30 }\n"));
    assert_eq!(codes(&s), ["unaccepted"]);
    // Initiator and owner the same person: nothing to accept.
    s.write(REC, ext("").replace("initiator: 王强", "initiator: 张伟"));
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    s.write(REC, ext("accepted: { by: 王强 }\n"));
    assert_eq!(codes(&s), ["missing-field"]);
}

#[test]
fn accept_by_the_initiator_only() {
    let s = repo_with(|t| done(t).replace("owner: 张伟", "owner: 张伟\ninitiator: 王强"));
    let before = s.read(REC);
    let r = s.run(&["--now", NOW, "accept", "20261122-7f3a", "--by", "李娜"]);
    r.code(2);
    assert!(r.stderr.contains("李娜 is not the initiator of 20261122-7f3a (王强)"), "{}", r.stderr);
    assert_eq!(s.read(REC), before, "nothing written");
    let r = s.run(&["--now", NOW, "accept", "20261122-7f3a", "--by", "王强"]);
    r.code(0);
    assert!(r.stderr.contains("王强 accepted") || r.stderr.contains("王强 已验收"), "{}", r.stderr);
    assert_eq!(
        s.read(REC),
        before.replace("---\n\n## 背景", "accepted: { by: 王强, at: 2026-11-22 12:00 }\n---\n\n## 背景")
    );
    assert!(s.read(REC).contains("accepted: { by: 王强, at: 2026-11-22 12:00 }"), "{}", s.read(REC));
    // Again: a no-op with a note.
    let after = s.read(REC);
    s.run(&["--now", NOW, "accept", "20261122-7f3a", "--by", "王强"]).code(0);
    assert_eq!(s.read(REC), after);
    // Not done yet: refused.
    let s = repo_with(|t| t.replace("owner: 张伟", "owner: 张伟\ninitiator: 王强"));
    let r = s.run(&["--now", NOW, "accept", "20261122-7f3a", "--by", "王强"]);
    r.code(2);
    assert!(r.stderr.contains("not done"), "{}", r.stderr);
}

#[test]
fn stale_in_progress_records() {
    // urgent: every 1d; the last log line is 2026-11-22 10:05.
    let s = repo_with(|t| t.replace("status: open", "status: in-progress"));
    let at = |now: &str| {
        let j = s.run(&["--now", now, "validate", "--format", "json"]).json();
        j["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect::<Vec<_>>()
    };
    assert!(at("2026-11-23 10:00").is_empty());
    assert_eq!(at("2026-11-23 10:06"), ["stale"]);
    s.run(&["--now", "2026-11-23 10:10", "log", "20261122-7f3a", "已更换轴承", "--by", "张伟"]).code(0);
    assert!(at("2026-11-23 12:00").is_empty());
    // Open records are not stale (nothing has started).
    let s = repo_with(|t| t);
    let j = s.run(&["--now", "2026-11-30 10:00", "validate", "--format", "json"]).json();
    assert!(j["diagnostics"].as_array().unwrap().iter().all(|d| d["code"] != "stale"));
}

#[test]
fn remind_lists_stale_records() {
    let s =
        repo_with(|t| t.replace("status: open", "status: in-progress").replace("2026-11-23 17:00", "2026-12-30 17:00"));
    let r = s.run(&["--now", "2026-11-24 10:00", "remind"]);
    r.code(0);
    assert!(r.stdout.contains("1 条记录未按时更新进度"), "{}", r.stdout);
    assert!(r.stdout.contains("上次更新 2026-11-22 10:05"), "{}", r.stdout);
    let j = s.run(&["--now", "2026-11-24 10:00", "remind", "--format", "json"]).code(0).json();
    assert_eq!(j["stale"][0]["id"], "20261122-7f3a");
    assert_eq!(j["stale"][0]["last_update"], "2026-11-22 10:05");
    assert_eq!(j["stale"][0]["update_every"], "1d");
    let j = s.run(&["--now", "2026-11-22 12:00", "remind", "--format", "json"]).code(0).json();
    assert_eq!(j["stale"], serde_json::json!([]));
}

#[test]
fn progress_is_a_whole_percentage() {
    let s = repo_with(|t| t.replace("impact:", "progress: 50\nimpact:"));
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    let s = repo_with(|t| t.replace("impact:", "progress: 120\nimpact:"));
    assert_eq!(codes(&s), ["bad-value"]);
}

#[test]
fn attachments_need_a_version() {
    let s = repo_with(|t| {
        t.replace(
            "impact:",
            "attachments:\n  - { name: 维修单.pdf, version: v2, link: https://example.com/a }\nimpact:",
        )
    });
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    let s = repo_with(|t| {
        t.replace("impact:", "attachments:\n  - { name: 维修单.pdf, link: https://example.com/a }\nimpact:")
    });
    assert_eq!(codes(&s), ["attachment-without-version"]);
}

#[test]
fn missing_confirmation_where_comms_yaml_asks() {
    let s = repo_with(|t| done(t).replace("impact:", "outcome: achieved\ncategory: 生产安全\nimpact:"));
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    s.write("comms.yaml", format!("{}confirmation_required: [生产安全]\n", crate::harness::CONFIG));
    assert_eq!(codes(&s), ["missing-confirmation"]);
    s.write("comms.yaml", format!("{}confirmation_required: [紧急]\n", crate::harness::CONFIG));
    assert_eq!(codes(&s), ["missing-confirmation"]);
    let text = s
        .read(REC)
        .replace("impact:", "confirmation: { kind: 签字, by: 张伟, at: 2026-11-22 11:00, file: 签字单.pdf }\nimpact:");
    s.write(REC, text);
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    s.write("comms.yaml", format!("{}confirmation_required: [生产安全, '']\n", crate::harness::CONFIG));
    let r = s.run(&["validate"]);
    r.code(2);
    assert!(r.stderr.contains("comms.yaml:3:") && r.stderr.contains("empty entry"), "{}", r.stderr);
}

#[test]
fn new_writes_the_initiator() {
    let s = Sandbox::new();
    let r = s.run(&[
        "--now",
        NOW,
        "new",
        "internal",
        "--subject",
        "需求对接",
        "--owner",
        "张伟",
        "--deadline",
        "2026-11-25 17:00",
        "--initiator",
        "王强",
        "--set",
        "from=市场部",
        "--set",
        "to=技术部",
        "--no-input",
    ]);
    r.code(0);
    let path = r.stdout.trim().to_string();
    assert!(s.read(&path).contains("\ninitiator: 王强\n"), "{}", s.read(&path));
    // Default: who runs it.
    let r = s.run_env(
        s.path(),
        &[
            "--now",
            NOW,
            "new",
            "internal",
            "--subject",
            "需求对接二",
            "--owner",
            "张伟",
            "--deadline",
            "2026-11-25 17:00",
            "--no-input",
        ],
        &[("USER", "李娜")],
    );
    r.code(0);
    assert!(s.read(r.stdout.trim()).contains("\ninitiator: 李娜\n"), "{}", s.read(r.stdout.trim()));
    // With a people directory that does not know who runs it: left out.
    s.write("comms.yaml", format!("{}people: [{{ name: 张伟 }}]\n", crate::harness::CONFIG));
    let r = s.run_env(
        s.path(),
        &[
            "--now",
            NOW,
            "new",
            "internal",
            "--subject",
            "需求对接三",
            "--owner",
            "张伟",
            "--deadline",
            "2026-11-25 17:00",
            "--no-input",
        ],
        &[("USER", "路人")],
    );
    r.code(0);
    assert!(s.read(r.stdout.trim()).contains("\ninitiator:\n"), "{}", s.read(r.stdout.trim()));
    // Named but unknown: refused.
    let r = s.run(&["--now", NOW, "new", "internal", "--owner", "张伟", "--initiator", "路人", "--no-input"]);
    r.code(2);
    assert!(r.stderr.contains("--initiator"), "{}", r.stderr);
}

#[test]
fn templates_show_the_initiator() {
    let s = Sandbox::new();
    let r = s.run(&["templates", "internal"]);
    r.code(0);
    assert!(r.stdout.contains("initiator"), "{}", r.stdout);
}

//! `comms set`, `done`, `log` and `ack`: edits in place that change only
//! the lines they must, refuse bad values, and never half-write a file.

use crate::harness::{Run, Sandbox, comms};
use crate::tracked::{self, INCIDENT, MEETING, PR, PURCHASE, run};

/// The lines that differ between two texts: (removed, added), after the
/// common first and last lines.
fn diff(before: &str, after: &str) -> (Vec<String>, Vec<String>) {
    let a: Vec<&str> = before.split_inclusive('\n').collect();
    let b: Vec<&str> = after.split_inclusive('\n').collect();
    let head = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let tail = a[head..].iter().rev().zip(b[head..].iter().rev()).take_while(|(x, y)| x == y).count();
    let lines = |v: &[&str]| v.iter().map(|l| l.to_string()).collect();
    (lines(&a[head..a.len() - tail]), lines(&b[head..b.len() - tail]))
}

#[track_caller]
fn changed(s: &Sandbox, path: &str, before: &str) -> (Vec<String>, Vec<String>) {
    diff(before, &s.read(path))
}

#[track_caller]
fn refused(r: &Run, start: &str) {
    r.code(2);
    let last = r.stderr.lines().last().unwrap_or_default();
    assert!(r.stderr.starts_with(start) || last.starts_with(start), "{}", r.stderr);
}

// ---- set ----

#[test]
fn set_replaces_only_the_value_keeping_its_comment() {
    let s = tracked::repo();
    let r = run(&s, &["set", "20261121-7f3a", "status=delayed"]);
    r.code(0);
    assert!(r.stderr.contains("已修改 20261121-7f3a 的 status"), "{}", r.stderr);
    assert_eq!(
        changed(&s, INCIDENT, tracked::INCIDENT_TEXT),
        (
            vec!["status: 处理中   # 处理中 = in-progress\n".into()],
            vec!["status: delayed   # 处理中 = in-progress\n".into()]
        )
    );
}

#[test]
fn set_several_keys_writes_values_as_typed() {
    let s = tracked::repo();
    run(&s, &["set", "20261110", "status=处理中", "deadline=2026-11-25 18:00", "owner=李娜", "project=办公室改造"])
        .code(0);
    let text = s.read(PURCHASE);
    let want = tracked::PURCHASE_TEXT
        .replace("status: delayed", "status: 处理中")
        .replace("deadline: 2026-11-18 18:00", "deadline: 2026-11-25 18:00")
        .replace("owner: 王强", "owner: 李娜")
        .replace("created: 2026-11-10 10:00\n", "created: 2026-11-10 10:00\nproject: 办公室改造\n");
    assert_eq!(text, want);
    let json = run(&s, &["status", "--format", "json", "--owner", "李娜"]).code(0).json();
    let item = json.as_array().unwrap().iter().find(|i| i["id"] == "20261110-9be2").unwrap();
    assert_eq!(item["status"], "in-progress", "aliases are read back canonical");
}

#[test]
fn set_quotes_what_yaml_needs_and_writes_lists() {
    let s = tracked::repo();
    run(&s, &["set", "20261110-9be2", "to=[财务部, 行政部]", "from=行政部: 林晓"]).code(0);
    let text = s.read(PURCHASE);
    assert!(text.contains("\nto: [财务部, 行政部]\n"), "{text}");
    assert!(text.contains("\nfrom: \"行政部: 林晓\"\n"), "{text}");
    run(&s, &["validate", PURCHASE]).code(0);
}

#[test]
fn set_status_done_also_writes_closed() {
    let s = tracked::repo();
    run(&s, &["set", "20261121-c94e", "status=done"]).code(0);
    assert_eq!(
        changed(&s, PR, tracked::PR_TEXT),
        (
            vec![
                "status: open\n".into(),
                "priority: high\n".into(),
                "project: 品牌\n".into(),
                "from: 市场部\n".into(),
                "to: [法务部, 客服部]\n".into(),
                "created: 2026-11-21 21:40\n".into(),
                "impact: 社交平台负面帖子 12 条\n".into(),
                "measures: 统一回复口径\n".into(),
            ],
            vec![
                "status: done\n".into(),
                "priority: high\n".into(),
                "project: 品牌\n".into(),
                "from: 市场部\n".into(),
                "to: [法务部, 客服部]\n".into(),
                "created: 2026-11-21 21:40\n".into(),
                "impact: 社交平台负面帖子 12 条\n".into(),
                "measures: 统一回复口径\n".into(),
                "closed: 2026-11-22 09:00\n".into(),
            ]
        )
    );
    let text = s.read(PR);
    assert!(
        text.contains("\nstatus: done\n") && text.contains("\nmeasures: 统一回复口径\nclosed: 2026-11-22 09:00\n---\n"),
        "{text}"
    );
    let s = tracked::repo();
    run(&s, &["set", "20261121-c94e", "status=cancelled", "closed=2026-11-22 08:30"]).code(0);
    assert!(s.read(PR).contains("\nclosed: 2026-11-22 08:30\n---\n"));
    run(&s, &["validate", PR]).code(0);
}

#[test]
fn set_changes_an_action_item_by_number() {
    let s = tracked::repo();
    run(&s, &["set", "20261117-6c0f", "--action", "2", "owner=李娜", "status=处理中"]).code(0);
    assert_eq!(
        changed(&s, MEETING, tracked::MEETING_TEXT),
        (
            vec![
                "    owner: 张伟\n".into(),
                "    acks: [{ by: 张伟, at: 2026-11-17 16:00 }]\n".into(),
                "    deadline: 2026-11-20 18:00\n".into(),
                "    status: open\n".into()
            ],
            vec![
                "    owner: 李娜\n".into(),
                "    acks: [{ by: 张伟, at: 2026-11-17 16:00 }]\n".into(),
                "    deadline: 2026-11-20 18:00\n".into(),
                "    status: 处理中\n".into()
            ]
        )
    );
    // A flow item, named as `status` lists it.
    let before = s.read(MEETING);
    run(&s, &["set", "20261117-6c0f#3", "owner=王强", "deliverable=排期表, 甘特图"]).code(0);
    assert_eq!(
        changed(&s, MEETING, &before),
        (
            vec!["  - { task: 更新研发排期, owner: Li Na, deadline: 2026-11-24 12:00, status: 进行中, acks: [{ by: 李娜, at: 2026-11-17 16:10 }] }\n".into()],
            vec!["  - { task: 更新研发排期, owner: 王强, deadline: 2026-11-24 12:00, status: 进行中, acks: [{ by: 李娜, at: 2026-11-17 16:10 }], deliverable: \"排期表, 甘特图\" }\n".into()]
        )
    );
    run(&s, &["validate", MEETING]).code(0);
}

#[test]
fn set_refuses_bad_input_with_one_sentence() {
    let s = tracked::repo();
    for (args, message) in [
        (
            vec!["20261121-7f3a", "status"],
            "error: `status` needs the form KEY=VALUE, e.g. status=in-progress or owner=李娜",
        ),
        (vec!["20261121-7f3a", "=x"], "error: `=x` has no key before `=`"),
        (vec!["20261121-7f3a", "owner="], "error: `owner=` has no value after `=`"),
        (vec!["20261121-7f3a", "owner=张伟", "owner=李娜"], "error: `owner` is given twice; give each key once"),
        (vec!["20261121-7f3a", "projct=x"], "error: `urgent` records have no field `projct`; did you mean `project`?"),
        (vec!["20261121-7f3a", "负责人=李娜"], "error: `urgent` records have no field `负责人`; did you mean `owner`?"),
        (vec!["20261121-7f3a", "id=x"], "error: `id` cannot be changed with `comms set`"),
        (vec!["20261121-7f3a", "acks=x"], "error: `acks` is written by `comms ack ID`"),
        (vec!["20261121-7f3a", "actions=x"], "error: action items are changed one at a time"),
        (vec!["20261121-7f3a", "to=[a"], "error: to=[a: `[a` is not a list"),
        (
            vec!["20261117-6c0f", "--action", "2", "ownr=x"],
            "error: action items have no field `ownr`; did you mean `owner`?",
        ),
        (
            vec!["20261117-6c0f", "--action", "4", "owner=x"],
            "error: record 20261117-6c0f has 3 action items (1-3); there is no action item 4",
        ),
        (
            vec!["20261117-6c0f#2", "--action", "3", "owner=x"],
            "error: `20261117-6c0f#2` names action item 2 but --action says 3",
        ),
        (vec!["20261121-7f3a", "--action", "1", "owner=x"], "error: record 20261121-7f3a has no action items"),
        (vec!["nope", "owner=x"], "error: no record matches `nope`"),
    ] {
        let mut all = vec!["set"];
        all.extend_from_slice(&args);
        let r = run(&s, &all);
        r.code(2);
        assert!(r.stderr.starts_with(message), "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "one sentence: {}", r.stderr);
    }
    assert_eq!(s.read(INCIDENT), tracked::INCIDENT_TEXT);
    assert_eq!(s.read(MEETING), tracked::MEETING_TEXT);
    let r = run(&s, &["set", "20261117-6c0f", "--action", "x"]);
    r.code(2);
    assert!(r.stderr.contains("`x` is not a number; write the action item's number, e.g. --action 2"), "{}", r.stderr);
}

#[test]
fn set_refuses_a_value_that_breaks_a_rule_and_writes_nothing() {
    let s = tracked::repo();
    for (args, code) in [
        (vec!["20261121-7f3a", "owner=张伟、李娜"], "error[multiple-owners]"),
        (vec!["20261121-7f3a", "owner=相关部门"], "error[vague-owner]"),
        (vec!["20261121-7f3a", "owner=张玮"], "error[unknown-person]"),
        (vec!["20261121-7f3a", "deadline=尽快"], "error[vague-deadline]"),
        (vec!["20261121-7f3a", "deadline=2026/11/25 18:00"], "error[bad-datetime]"),
        (vec!["20261121-7f3a", "status=finished"], "error[bad-status]"),
        (vec!["20261121-7f3a", "priority=urgent"], "error[bad-priority]"),
        (vec!["20261121-7f3a", "type=meeting"], "error[missing-field]"),
        (vec!["20261121-7f3a", "measures=联系 13912345678"], "error[unmasked-contact]"),
        (vec!["20261117-6c0f", "--action", "2", "deadline=下周"], "error[vague-deadline]"),
    ] {
        let mut all = vec!["set"];
        all.extend_from_slice(&args);
        let r = run(&s, &all);
        r.code(2);
        assert!(r.stderr.starts_with(code), "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.lines().last().unwrap().contains("was not changed: the edit would break the rule"),
            "{}",
            r.stderr
        );
    }
    assert_eq!(s.read(INCIDENT), tracked::INCIDENT_TEXT);
    assert_eq!(s.read(MEETING), tracked::MEETING_TEXT);
}

#[test]
fn set_may_leave_an_old_problem_while_fixing_another() {
    let s = tracked::repo();
    let broken = tracked::PURCHASE_TEXT
        .replace("deadline: 2026-11-18 18:00", "deadline: 尽快")
        .replace("owner: 王强", "owner: TBD");
    s.write(PURCHASE, &broken);
    run(&s, &["set", "20261110-9be2", "owner=王强"]).code(0);
    assert_eq!(s.read(PURCHASE), broken.replace("owner: TBD", "owner: 王强"));
}

#[test]
fn set_with_the_same_values_writes_nothing() {
    let s = tracked::repo();
    let r = run(&s, &["--lang", "en", "set", "20261121-7f3a", "owner=张伟"]);
    r.code(0);
    assert!(r.stderr.contains("20261121-7f3a already has these values; nothing to change"), "{}", r.stderr);
    assert_eq!(s.read(INCIDENT), tracked::INCIDENT_TEXT);
}

#[test]
fn edits_keep_crlf_and_the_bom() {
    let s = tracked::repo();
    let crlf = format!("\u{feff}{}", tracked::MEETING_TEXT.replace('\n', "\r\n"));
    s.write(MEETING, &crlf);
    run(&s, &["set", "20261117-6c0f", "status=delayed"]).code(0);
    run(&s, &["done", "20261117-6c0f#2"]).code(0);
    run(&s, &["ack", "20261117-6c0f", "--by", "李娜"]).code(0);
    run(&s, &["log", "20261117-6c0f", "已重新排期", "--by", "王强"]).code(0);
    let want = crlf
        .replace("status: in-progress\r\n", "status: delayed\r\n")
        .replace(
            "    deadline: 2026-11-20 18:00\r\n    status: open\r\n",
            "    deadline: 2026-11-20 18:00\r\n    status: done\r\n    closed: 2026-11-22 09:00\r\n",
        )
        .replace(
            "minutes_sent: 2026-11-17 17:00\r\n---",
            "minutes_sent: 2026-11-17 17:00\r\nacks:\r\n  - { by: 李娜, at: 2026-11-22 09:00 }\r\n---",
        )
        .replace("## 反馈记录\r\n", "## 反馈记录\r\n\r\n- 2026-11-22 09:00 王强: 已重新排期\r\n");
    assert_eq!(s.read(MEETING), want);
    run(&s, &["validate", MEETING]).code(0);
}

// ---- done ----

#[test]
fn done_sets_the_status_and_closed_in_the_records_language() {
    let s = tracked::repo();
    let r = run(&s, &["done", "20261121-7f3a"]);
    r.code(0);
    assert!(r.stderr.contains("已将 20261121-7f3a 标记为已完成,关闭时间 2026-11-22 09:00"), "{}", r.stderr);
    assert_eq!(
        changed(&s, INCIDENT, tracked::INCIDENT_TEXT),
        (
            vec![
                "status: 处理中   # 处理中 = in-progress\n".into(),
                "priority: high\n".into(),
                "project: 二号产线\n".into(),
                "from: 生产部\n".into(),
                "to: [设备部, 安全部]\n".into(),
                "created: 2026-11-21 14:20\n".into(),
                "impact: \"二号产线停工: 影响交付约 900 件\"\n".into(),
                "measures: 设备部现场抢修\n".into(),
                "acks:\n".into(),
                "  - { by: 孙磊, at: 2026-11-21 14:32 }\n".into(),
            ],
            vec![
                "status: 已完成   # 处理中 = in-progress\n".into(),
                "priority: high\n".into(),
                "project: 二号产线\n".into(),
                "from: 生产部\n".into(),
                "to: [设备部, 安全部]\n".into(),
                "created: 2026-11-21 14:20\n".into(),
                "impact: \"二号产线停工: 影响交付约 900 件\"\n".into(),
                "measures: 设备部现场抢修\n".into(),
                "acks:\n".into(),
                "  - { by: 孙磊, at: 2026-11-21 14:32 }\n".into(),
                "closed: 2026-11-22 09:00\n".into(),
            ]
        )
    );
    run(&s, &["set", "20261121-7f3a", "outcome=achieved"]).code(0);
    s.run(&["validate", "--strict", INCIDENT]).code(0);
    let r = run(&s, &["--lang", "en", "done", "20261121-7f3a"]);
    r.code(0);
    assert!(
        r.stderr.contains("20261121-7f3a is already done (closed 2026-11-22 09:00); nothing to change"),
        "{}",
        r.stderr
    );
}

#[test]
fn done_on_action_items() {
    let s = tracked::repo();
    run(&s, &["done", "20261117-6c0f", "--action", "2"]).code(0);
    assert_eq!(
        changed(&s, MEETING, tracked::MEETING_TEXT),
        (vec!["    status: open\n".into()], vec!["    status: done\n".into(), "    closed: 2026-11-22 09:00\n".into()])
    );
    let before = s.read(MEETING);
    run(&s, &["done", "20261117-6c0f#3"]).code(0);
    assert_eq!(
        changed(&s, MEETING, &before),
        (
            vec!["  - { task: 更新研发排期, owner: Li Na, deadline: 2026-11-24 12:00, status: 进行中, acks: [{ by: 李娜, at: 2026-11-17 16:10 }] }\n".into()],
            vec!["  - { task: 更新研发排期, owner: Li Na, deadline: 2026-11-24 12:00, status: 已完成, acks: [{ by: 李娜, at: 2026-11-17 16:10 }], closed: 2026-11-22 09:00 }\n".into()]
        )
    );
    let r = run(&s, &["done", "20261117-6c0f#1"]);
    r.code(0);
    assert!(r.stderr.contains("20261117-6c0f#1 已于 2026-11-18 16:00 完成,无需修改"), "{}", r.stderr);
    let ids = run(&s, &["status", "--open", "--format", "json"]).code(0).json();
    assert!(!ids.as_array().unwrap().iter().any(|i| i["parent"] == "20261117-6c0f"));
}

#[test]
fn done_refuses_a_cancelled_record() {
    let s = tracked::repo();
    s.write(PR, tracked::PR_TEXT.replace("status: open", "status: cancelled\nclosed: 2026-11-22 08:00"));
    let r = run(&s, &["done", "20261121-c94e"]);
    r.code(2);
    assert!(
        r.stderr.starts_with("error: 20261121-c94e is cancelled, not open; if it was done after all, run `comms set 20261121-c94e status=done`"),
        "{}",
        r.stderr
    );
}

// ---- log ----

#[test]
fn log_appends_at_the_end_of_the_log_section() {
    let s = tracked::repo();
    let r = run(&s, &["log", "20261121-7f3a", "已更换轴承,试机正常", "--by", "孙磊"]);
    r.code(0);
    assert_eq!(
        changed(&s, INCIDENT, tracked::INCIDENT_TEXT),
        (vec![], vec!["- 2026-11-22 09:00 孙磊: 已更换轴承,试机正常\n".into()])
    );
    assert!(
        s.read(INCIDENT).ends_with("- 2026-11-21 14:32 孙磊: 已到现场\n- 2026-11-22 09:00 孙磊: 已更换轴承,试机正常\n")
    );
    // An empty section gets a blank line after its heading.
    run(&s, &["log", "20261121-c94e", "已统一口径", "--by", "Li Na"]).code(0);
    assert!(s.read(PR).ends_with("## 反馈记录\n\n- 2026-11-22 09:00 李娜: 已统一口径\n"), "{}", s.read(PR));
}

#[test]
fn log_authors_come_from_git_then_user() {
    let s = tracked::repo();
    s.git_init();
    s.git(&["config", "user.name", "Zhang Wei"]);
    run(&s, &["log", "20261121-7f3a", "git 用户"]).code(0);
    assert!(s.read(INCIDENT).ends_with("- 2026-11-22 09:00 张伟: git 用户\n"), "an alias becomes the person's name");
    let t = tracked::repo();
    let out = comms(t.path())
        .env("USER", "王强")
        .args(["--now", tracked::NOW, "log", "20261121-7f3a", "来自 USER"])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(t.read(INCIDENT).ends_with("- 2026-11-22 09:00 王强: 来自 USER\n"));
    let out = comms(t.path())
        .env_remove("USER")
        .env_remove("USERNAME")
        .args(["--now", tracked::NOW, "log", "20261121-7f3a", "x"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        "error: cannot tell who you are; pass --by NAME, or set git's user.name\n"
    );
}

#[test]
fn log_adds_the_section_when_it_is_missing() {
    let s = tracked::repo();
    let without = tracked::PURCHASE_TEXT.replace("## 反馈记录\n", "");
    s.write(PURCHASE, &without);
    run(&s, &["log", "20261110-9be2", "已提交财务审批", "--by", "王强"]).code(0);
    assert_eq!(s.read(PURCHASE), format!("{without}\n## 反馈记录\n\n- 2026-11-22 09:00 王强: 已提交财务审批\n"));
    // A body written in English gets `## Log`.
    let en = "---\nid: e1\ntype: internal\nsubject: Review\nowner: 王强\ndeadline: 2026-11-30 18:00\nstatus: open\nfrom: IT\nto: HR\n---\n\n## Background\nx\n\n## Goal\ny\n";
    s.write("records/e1.md", en);
    run(&s, &["log", "e1", "started", "--by", "王强"]).code(0);
    assert_eq!(s.read("records/e1.md"), format!("{en}\n## Log\n\n- 2026-11-22 09:00 王强: started\n"));
}

#[test]
fn log_refuses_bad_messages() {
    let s = tracked::repo();
    for (args, message) in [
        (vec!["log", "20261121-7f3a", " "], "error: the message is empty"),
        (vec!["log", "20261121-7f3a", "一\n二"], "error: the message has a line break; a log entry is one line"),
        (vec!["log", "20261121-7f3a#1", "x"], "error: record 20261121-7f3a has no action items"),
        (
            vec!["log", "20261117-6c0f#1", "x", "--by", "王强"],
            "error: `20261117-6c0f#1` names an action item; the log belongs to the record",
        ),
        (vec!["log", "20261121-7f3a", "x", "--by", ""], "error: --by is empty"),
    ] {
        let r = run(&s, &args);
        r.code(2);
        assert!(r.stderr.starts_with(message), "{args:?}: {}", r.stderr);
    }
    let r = run(&s, &["log", "20261121-7f3a", "客户电话 13912345678", "--by", "张伟"]);
    refused(&r, "error[unmasked-contact]");
    assert_eq!(s.read(INCIDENT), tracked::INCIDENT_TEXT);
    // Issue 13: nothing was written, so the hint is what to write, not
    // `validate --fix`.
    assert!(r.stderr.contains("help: write `139****5678`"), "{}", r.stderr);
    assert!(!r.stderr.contains("--fix"), "{}", r.stderr);
}

/// Issue 13: `log` accepted authors the people directory does not know
/// while `ack` refused them. One rule for both, before anything is written.
#[test]
fn log_and_ack_refuse_the_same_unknown_authors() {
    let s = tracked::repo();
    for args in [&["log", "20261121-7f3a", "已到现场", "--by", "某某"][..], &["ack", "20261121-c94e", "--by", "某某"]]
    {
        let r = run(&s, args);
        r.code(2);
        assert_eq!(
            r.stderr,
            "error: `某某` is not in the people directory of comms.yaml; check the name, or add `- { name: 某某 }` under `people:` in comms.yaml\n",
            "{args:?}"
        );
    }
    assert_eq!(s.read(INCIDENT), tracked::INCIDENT_TEXT);
    assert_eq!(s.read(PR), tracked::PR_TEXT);
    // Without a people directory, any name goes, for both.
    let open = Sandbox::new();
    open.write("records/a.md", crate::harness::GOOD);
    open.run(&["--now", "2026-11-22 09:00", "log", "20261122-7f3a", "x", "--by", "某某"]).code(0);
    open.run(&["--now", "2026-11-22 09:00", "ack", "20261122-7f3a", "--by", "某某"]).code(0);
}

// ---- ack ----

#[test]
fn ack_creates_acks_or_appends_to_them() {
    let s = tracked::repo();
    let r = run(&s, &["ack", "20261121-c94e", "--by", "吴刚"]);
    r.code(0);
    assert!(r.stderr.contains("吴刚 已确认 20261121-c94e,时间 2026-11-22 09:00"), "{}", r.stderr);
    assert_eq!(
        changed(&s, PR, tracked::PR_TEXT),
        (vec![], vec!["acks:\n".into(), "  - { by: 吴刚, at: 2026-11-22 09:00 }\n".into()])
    );
    run(&s, &["ack", "20261121-7f3a", "--by", "Li Na"]).code(0);
    assert_eq!(
        changed(&s, INCIDENT, tracked::INCIDENT_TEXT),
        (vec![], vec!["  - { by: 李娜, at: 2026-11-22 09:00 }\n".into()])
    );
    s.run(&["validate", PR, INCIDENT]).code(0);
}

#[test]
fn ack_twice_is_a_no_op() {
    let s = tracked::repo();
    let r = run(&s, &["ack", "20261121-7f3a", "--by", "孙磊"]);
    r.code(0);
    assert!(r.stderr.contains("孙磊 已于 2026-11-21 14:32 确认过 20261121-7f3a,无需重复确认"), "{}", r.stderr);
    assert_eq!(s.read(INCIDENT), tracked::INCIDENT_TEXT);
}

#[test]
fn ack_by_the_git_user_and_refusals() {
    let s = tracked::repo();
    s.git_init();
    s.git(&["config", "user.name", "吴刚"]);
    run(&s, &["ack", "20261121-c94e"]).code(0);
    assert!(s.read(PR).contains("  - { by: 吴刚, at: 2026-11-22 09:00 }\n"));
    let r = run(&s, &["ack", "20261121-c94e", "--by", "吴钢"]);
    refused(&r, "error: `吴钢` is not in the people directory of comms.yaml; did you mean `吴刚`?");
    // `ID#N` is the owner accepting the task: anyone else is refused.
    let before = s.read(MEETING);
    let r = run(&s, &["ack", "20261117-6c0f#2", "--by", "李娜"]);
    refused(&r, "error: 李娜 cannot accept action item 20261117-6c0f#2: only its owner, 张伟, accepts it");
    assert_eq!(s.read(MEETING), before);
}

#[test]
fn a_record_that_does_not_parse_is_never_edited() {
    let s = tracked::repo();
    let before = s.read("records/broken.md");
    let r = run(&s, &["set", "records/broken.md", "owner=张伟"]);
    r.code(2);
    assert!(r.stderr.starts_with("error: records/broken.md cannot be read as a record"), "{}", r.stderr);
    assert_eq!(s.read("records/broken.md"), before);
    assert_eq!(s.files("records").iter().filter(|f| f.contains(".tmp")).count(), 0);
}

/// Issue 13: `set` takes times as `new` does, and writes the exact time.
#[test]
fn set_takes_natural_deadlines() {
    let s = tracked::repo();
    // tracked::NOW is Sunday 2026-11-22 09:00.
    run(&s, &["set", "20261121-7f3a", "deadline=后天 17:00"]).code(0);
    assert_eq!(
        changed(&s, INCIDENT, tracked::INCIDENT_TEXT),
        (vec!["deadline: 2026-11-23 17:00\n".into()], vec!["deadline: 2026-11-24 17:00\n".into()])
    );
    run(&s, &["set", "20261121-7f3a", "deadline=fri 18:00"]).code(0);
    assert!(s.read(INCIDENT).contains("\ndeadline: 2026-11-27 18:00\n"));
    run(&s, &["set", "20261117-6c0f#2", "deadline=下周一 9:00"]).code(0);
    assert!(s.read(MEETING).contains("2026-11-23 09:00"), "{}", s.read(MEETING));
    let r = run(&s, &["set", "20261121-7f3a", "deadline=明天"]);
    r.code(2);
    assert!(r.stderr.starts_with("error: deadline=明天: `明天` has a day but no time"), "{}", r.stderr);
}

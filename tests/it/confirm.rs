//! Who must confirm (回复确认): expected confirmers, `unconfirmed`,
//! `unconfirmed-action`, `objection-before-sent`, `comms ack ID#N`, the
//! coverage in `show`, `status --format json` and `remind`.

use crate::harness::{Run, Sandbox};

const NOW: &str = "2026-11-22 09:00";

const CONFIG: &str = "timezone: Asia/Shanghai
language: zh
ack_within: { internal: 1d }
people:
  - { name: 林晓, department: 行政部, roles: [部门负责人] }
  - { name: 黄磊, department: 技术部, roles: [部门负责人] }
  - { name: 张伟, department: 技术部 }
  - { name: 王强, department: 市场部, roles: [部门负责人] }
  - { name: 李娜, department: 市场部, aliases: [Li Na] }
";

const NOTICE: &str = "records/20261120-a1a1-系统升级通知.md";

/// Sent by 林晓 to two departments (their heads confirm) and 李娜 in cc;
/// 林晓 in cc is the initiator, who does not confirm her own notice.
const NOTICE_TEXT: &str = "---
id: 20261120-a1a1
type: internal
subject: 系统升级通知
owner: 林晓
initiator: 林晓
deadline: 2026-11-27 18:00
status: open
from: 行政部
to: [技术部, 市场部, 全员]
cc: [Li Na, 林晓]
created: 2026-11-20 10:00
sent: 2026-11-20 11:00
acks:
  - { by: 黄磊, at: 2026-11-20 11:30 }
---

## 背景
x

## 目标
x

## 行动要求
x

## 反馈记录
- 2026-11-20 11:00 林晓: 已发出
";

const MEETING: &str = "records/20261121-b2b2-周例会.md";

const MEETING_TEXT: &str = "---
id: 20261121-b2b2
type: meeting
subject: 周例会
owner: 张伟
deadline: 2026-11-28 18:00
status: open
participants: [张伟, 李娜]
created: 2026-11-21 10:00
minutes_sent: 2026-11-21 11:00
objection_by: 2026-11-22 12:00
actions:
  - task: 更新排期
    owner: Li Na
    deadline: 2026-11-25 18:00
    status: open
  - { task: 整理纪要, owner: 张伟, deadline: 2026-11-21 18:00, status: done, closed: 2026-11-21 11:00 }
acks:
  - { by: 张伟, at: 2026-11-21 11:00 }
  - { by: 李娜, at: 2026-11-21 11:10 }
held: 2026-11-21 09:00
---

## 背景与事由
x

## 核心讨论点
x

## 共识与结论
x

## 反馈记录
- 2026-11-21 11:00 张伟: 纪要已发送
";

fn repo() -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", CONFIG);
    s.write(NOTICE, NOTICE_TEXT);
    s.write(MEETING, MEETING_TEXT);
    s
}

fn run(s: &Sandbox, args: &[&str]) -> Run {
    let mut all = vec!["--now", NOW];
    all.extend_from_slice(args);
    s.run(&all)
}

/// The (code, path, line, message) of every diagnostic.
fn diags(s: &Sandbox, now: &str) -> Vec<(String, String, u64, String)> {
    let json = s.run(&["--now", now, "validate", "--format", "json"]).json();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["path"].as_str().unwrap().to_string(),
                d["line"].as_u64().unwrap(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn unconfirmed_names_who_has_not_confirmed() {
    let s = repo();
    let found = diags(&s, NOW);
    assert_eq!(found.len(), 2, "{found:?}");
    let (code, path, line, message) = &found[0];
    assert_eq!((code.as_str(), path.as_str(), *line), ("unconfirmed", NOTICE, 14));
    assert!(
        message.starts_with(
            "王强, 李娜 have not confirmed this `internal` record (1 of 3 confirmed) 1d 22h after it was sent"
        ),
        "{message}"
    );
    // The meeting's open item is not accepted yet.
    assert_eq!((found[1].0.as_str(), found[1].1.as_str(), found[1].2), ("unconfirmed-action", MEETING, 14));
    // Counted from `sent`: a day after `created` but not after `sent`, no warning.
    assert!(diags(&s, "2026-11-21 10:30").iter().all(|d| d.0 != "unconfirmed"));
    assert!(diags(&s, "2026-11-21 11:01").iter().any(|d| d.0 == "unconfirmed"));
    // One acknowledgement is not enough; everyone's is.
    run(&s, &["ack", "20261120-a1a1", "--by", "王强"]).code(0);
    let found = diags(&s, NOW);
    let message = &found.iter().find(|d| d.0 == "unconfirmed").unwrap().3;
    assert!(message.starts_with("李娜 has not confirmed this `internal` record (2 of 3 confirmed)"), "{message}");
    run(&s, &["ack", "20261120-a1a1", "--by", "li na"]).code(0);
    assert!(diags(&s, NOW).iter().all(|d| d.0 != "unconfirmed" && d.0 != "unacknowledged"));
    // Closed records are not chased.
    let s = repo();
    s.write(NOTICE, NOTICE_TEXT.replace("status: open", "status: cancelled\nclosed: 2026-11-21 09:00"));
    assert!(diags(&s, NOW).iter().all(|d| d.0 != "unconfirmed"));
}

#[test]
fn without_expected_confirmers_unacknowledged_stays() {
    let s = repo();
    // An audience and unlisted names add nobody; the record is Part 1's.
    let text = NOTICE_TEXT
        .replace("to: [技术部, 市场部, 全员]", "to: [全员]")
        .replace("cc: [Li Na, 林晓]", "cc: [林晓, 外部顾问]")
        .replace("acks:\n  - { by: 黄磊, at: 2026-11-20 11:30 }\n", "");
    s.write(NOTICE, &text);
    let found = diags(&s, NOW);
    let codes: Vec<&str> = found.iter().filter(|d| d.1 == NOTICE).map(|d| d.0.as_str()).collect();
    assert_eq!(codes, ["unacknowledged"]);
    // Any acknowledgement clears it, as before.
    run(&s, &["ack", "20261120-a1a1", "--by", "张伟"]).code(0);
    assert!(diags(&s, NOW).iter().all(|d| d.1 != NOTICE));
}

#[test]
fn the_head_role_is_configurable_and_checked() {
    let s = repo();
    s.write("comms.yaml", CONFIG.replace("roles: [部门负责人]", "roles: [主任]") + "department_head_role: 主任\n");
    let message = &diags(&s, NOW).into_iter().find(|d| d.0 == "unconfirmed").unwrap().3;
    assert!(message.starts_with("王强, 李娜 have not confirmed"), "{message}");
    s.write("comms.yaml", format!("{CONFIG}department_head_role: 主仼\n"));
    let r = run(&s, &["validate"]);
    r.code(2);
    assert!(
        r.stderr.contains("comms.yaml:10:23") && r.stderr.contains("nobody in `people` holds the role `主仼`"),
        "{}",
        r.stderr
    );
}

#[test]
fn ack_of_an_action_item_by_its_owner() {
    let s = repo();
    let r = run(&s, &["--lang", "en", "ack", "20261121-b2b2#1", "--by", "李娜"]);
    r.code(0);
    assert!(r.stderr.contains("李娜 accepted action 20261121-b2b2#1 at 2026-11-22 09:00"), "{}", r.stderr);
    assert_eq!(
        s.read(MEETING),
        MEETING_TEXT.replace(
            "    status: open\n  - {",
            "    status: open\n    acks: [{ by: 李娜, at: 2026-11-22 09:00 }]\n  - {"
        )
    );
    assert!(diags(&s, NOW).iter().all(|d| d.1 != MEETING), "{:?}", diags(&s, NOW));
    // Twice: nothing to change.
    let before = s.read(MEETING);
    let r = run(&s, &["ack", "20261121-b2b2#1", "--by", "Li Na"]);
    r.code(0);
    assert!(r.stderr.contains("李娜 已于 2026-11-22 09:00 确认接收待办 20261121-b2b2#1,无需重复确认"), "{}", r.stderr);
    assert_eq!(s.read(MEETING), before);
}

#[test]
fn ack_of_an_action_item_by_someone_else_is_refused() {
    let s = repo();
    let r = run(&s, &["ack", "20261121-b2b2#1", "--by", "张伟"]);
    r.code(2);
    assert_eq!(
        r.stderr.trim(),
        "error: 张伟 cannot accept action item 20261121-b2b2#1: only its owner, Li Na, accepts it (comms ack 20261121-b2b2#1 --by Li Na)"
    );
    assert_eq!(s.read(MEETING), MEETING_TEXT);
    run(&s, &["ack", "20261121-b2b2#3", "--by", "张伟"]).code(2);
    assert_eq!(s.read(MEETING), MEETING_TEXT);
}

#[test]
fn objection_by_is_not_before_minutes_sent() {
    let s = repo();
    assert!(diags(&s, NOW).iter().all(|d| d.0 != "objection-before-sent"));
    s.write(MEETING, MEETING_TEXT.replace("objection_by: 2026-11-22 12:00", "objection_by: 2026-11-21 10:30"));
    let found = diags(&s, NOW);
    let d = found.iter().find(|d| d.0 == "objection-before-sent").unwrap();
    assert_eq!((d.1.as_str(), d.2), (MEETING, 11));
    // `set` does not write it in.
    let s = repo();
    let r = run(&s, &["set", "20261121-b2b2", "objection_by=2026-11-21 10:30"]);
    r.code(2);
    assert_eq!(s.read(MEETING), MEETING_TEXT);
}

#[test]
fn show_prints_the_coverage() {
    let s = repo();
    let r = run(&s, &["--lang", "en", "show", "20261120-a1a1"]);
    r.code(0);
    assert!(
        r.stdout.contains("  confirmed 1/3 · not yet: 王强, 李娜 · to confirm: comms ack 20261120-a1a1\n"),
        "{}",
        r.stdout
    );
    let r = run(&s, &["show", "20261120-a1a1"]);
    assert!(r.stdout.contains("  已确认 1/3 · 未确认:王强、李娜 · 确认:comms ack 20261120-a1a1\n"), "{}", r.stdout);
    let r = run(&s, &["--lang", "en", "show", "20261121-b2b2"]);
    assert!(r.stdout.contains("  confirmed 2/2\n"), "{}", r.stdout);
}

#[test]
fn status_json_has_acks_expected_and_missing_on_records() {
    let s = repo();
    let json = run(&s, &["status", "--format", "json"]).code(0).json();
    let items = json.as_array().unwrap();
    let by_id = |id: &str| items.iter().find(|i| i["id"] == id).unwrap();
    let notice = by_id("20261120-a1a1");
    assert_eq!(notice["acks_expected"], 3);
    assert_eq!(notice["acks_missing"], serde_json::json!(["王强", "李娜"]));
    assert_eq!(by_id("20261121-b2b2")["acks_missing"], serde_json::json!([]));
    let action = by_id("20261121-b2b2#1");
    assert!(action.get("acks_expected").is_none() && action.get("acks_missing").is_none(), "{action}");
}

#[test]
fn remind_lists_who_is_to_confirm() {
    let s = repo();
    let r = run(&s, &["remind"]);
    r.code(0);
    assert!(
        r.stdout.ends_with("\n待确认(1)\n- 系统升级通知 · 20261120-a1a1 · 已确认 1/3,待 王强、李娜 确认\n"),
        "{}",
        r.stdout
    );
    let r = run(&s, &["--lang", "en", "remind", "--format", "markdown"]);
    assert!(
        r.stdout.contains(
            "\n### Waiting for confirmation (1)\n\n- 系统升级通知 · `20261120-a1a1` · confirmed 1/3, waiting for 王强, 李娜\n"
        ),
        "{}",
        r.stdout
    );
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    assert_eq!(
        json["unconfirmed"],
        serde_json::json!([{
            "id": "20261120-a1a1",
            "path": NOTICE,
            "subject": "系统升级通知",
            "owner": "林晓",
            "acks_expected": 3,
            "acks_missing": ["王强", "李娜"]
        }])
    );
    // Everyone confirmed: nothing to chase.
    run(&s, &["ack", "20261120-a1a1", "--by", "王强"]).code(0);
    run(&s, &["ack", "20261120-a1a1", "--by", "李娜"]).code(0);
    assert_eq!(run(&s, &["remind", "--format", "json"]).json()["unconfirmed"], serde_json::json!([]));
    assert!(!run(&s, &["remind"]).stdout.contains("待确认"));
}

/// The coverage `status --format json` and `remind` show is kept in the
/// record cache (docs/cache.md): after an ack, after a hand edit that
/// keeps the file's size and puts its modification time back, and after
/// a change of the people directory, a cached run answers exactly what
/// `--no-cache` does.
#[test]
fn coverage_from_the_cache_follows_acks_edits_and_the_directory() {
    let s = repo();
    // Who is missing, by `status --format json` and by `remind`.
    let missing = |cache: bool| {
        let mut args = vec!["--now", NOW];
        if !cache {
            args.push("--no-cache");
        }
        let status = s.run(&[&args[..], &["status", "--format", "json"]].concat()).json();
        let notice = status.as_array().unwrap().iter().find(|i| i["id"] == "20261120-a1a1").unwrap().clone();
        let remind = s.run(&[&args[..], &["remind", "--format", "json"]].concat()).json();
        (notice["acks_missing"].clone(), remind["unconfirmed"].clone())
    };
    // Past the racy margin, so that what was just written is cached.
    let settle = || std::thread::sleep(std::time::Duration::from_millis(80));
    let agree = |when: &str| {
        let cached = missing(true);
        assert_eq!(cached, missing(false), "{when}");
        assert_eq!(cached, missing(true), "{when}, served from the cache");
        cached
    };
    let waiting =
        |r: &serde_json::Value| r.as_array().unwrap().iter().map(|w| w["acks_missing"].clone()).collect::<Vec<_>>();

    settle();
    let (status, remind) = agree("first");
    assert_eq!(status, serde_json::json!(["王强", "李娜"]));
    assert_eq!(waiting(&remind), [serde_json::json!(["王强", "李娜"])]);

    run(&s, &["ack", "20261120-a1a1", "--by", "王强"]).code(0);
    settle();
    assert_eq!(agree("after comms ack").0, serde_json::json!(["李娜"]));

    // 黄磊's ack becomes 李娜's: same size, modification time put back.
    let path = s.abs(NOTICE);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = text.replacen("{ by: 黄磊", "{ by: 李娜", 1);
    assert_eq!((text.len(), text != edited), (edited.len(), true));
    let mtime = std::fs::metadata(&path).unwrap().modified().unwrap();
    std::fs::write(&path, &edited).unwrap();
    std::fs::File::options().write(true).open(&path).unwrap().set_modified(mtime).unwrap();
    settle();
    let (status, remind) = agree("after a same-size edit");
    assert_eq!(status, serde_json::json!(["黄磊"]));
    assert_eq!(waiting(&remind), [serde_json::json!(["黄磊"])]);

    // 黄磊 leaves the directory: 技术部 has no head to wait for.
    s.write("comms.yaml", CONFIG.replace("  - { name: 黄磊, department: 技术部, roles: [部门负责人] }\n", ""));
    settle();
    let (status, remind) = agree("after the directory changed");
    assert_eq!((status, remind), (serde_json::json!([]), serde_json::json!([])));
}

//! `comms validate`: every rule's diagnostic, at its line and column, in LF
//! and in CRLF+BOM files; the output formats; exit statuses; `--fix`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::harness::{GOOD, Sandbox, good_with};

/// One rule broken on purpose, and where its diagnostic must point.
struct Case {
    code: &'static str,
    config: Option<&'static str>,
    files: Vec<(&'static str, Vec<u8>)>,
    /// (path, line, column) of each expected diagnostic.
    at: Vec<(&'static str, u64, u64)>,
    /// Text files are also checked converted to CRLF with a BOM.
    text: bool,
    /// `--now`, for the rules that depend on the time.
    now: Option<&'static str>,
}

fn case(code: &'static str, content: impl Into<Vec<u8>>, line: u64, col: u64) -> Case {
    Case {
        code,
        config: None,
        files: vec![("records/r.md", content.into())],
        at: vec![("records/r.md", line, col)],
        text: true,
        now: None,
    }
}

fn knowledge(summary: &str) -> String {
    GOOD.replace("type: urgent", "type: knowledge")
        .replace(
            "impact: 二号产线停工,影响当日交付 300 件\nmeasures: 设备部现场抢修,备用产线启用\n",
            &format!("summary: {summary}\n"),
        )
        .replace("## 目标", "## 过程与结论")
        .replace("## 行动要求", "## 经验与改进")
}

fn cases() -> Vec<Case> {
    let lines = GOOD.lines().count() as u64;
    let mut bad_utf8 = GOOD.as_bytes().to_vec();
    bad_utf8.extend_from_slice(b"\xcf\xf0 windows-1251\n");
    let utf16: Vec<u8> = [0xFF, 0xFE].into_iter().chain("---\n".encode_utf16().flat_map(|u| u.to_le_bytes())).collect();
    vec![
        Case { text: false, ..case("bad-encoding", utf16, 1, 1) },
        Case { text: false, ..case("bad-encoding", bad_utf8, lines + 1, 1) },
        Case { text: false, ..case("bad-encoding", b"---\nid: a\0\n---\n".to_vec(), 2, 6) },
        Case { config: Some("timezone: Asia/Shanghai\nmax_file_size: 100\n"), ..case("file-too-large", GOOD, 1, 1) },
        case("no-front-matter", "# 设备故障\n正文\n", 1, 1),
        case("no-front-matter", "", 1, 1),
        case("no-front-matter", "+++\ntitle = 'toml'\n+++\n", 1, 1),
        case("bad-fence", GOOD.replacen("---", "---yaml", 1), 1, 1),
        case("bad-fence", "----\nid: a\n----\n", 1, 1),
        case("unclosed-front-matter", "---\nid: a\nowner: 张伟\n", 1, 1),
        case("yaml-syntax", good_with("owner: 张伟", "owner: @张伟"), 5, 8),
        case("yaml-syntax", good_with("to: [设备部, 安全部]", "to: [设备部, 安全部"), 11, 5),
        // A full-width colon: at the colon, not at the next line.
        case("yaml-syntax", good_with("status: open", "status：open"), 7, 7),
        case("not-a-mapping", "---\nstatus：open\n---\n", 2, 7),
        case("yaml-unsupported", good_with("project: 二号产线", "project: !ruby/hash 二号产线"), 9, 10),
        case("not-a-mapping", "---\n- a\n- b\n---\n", 2, 1),
        case("duplicate-key", good_with("priority: high", "priority: high\npriority: low"), 9, 1),
        case("missing-field", good_with("impact: 二号产线停工,影响当日交付 300 件\n", ""), 14, 1),
        case("empty-field", good_with("owner: 张伟", "owner:"), 5, 1),
        case("placeholder", good_with("impact: 二号产线停工,影响当日交付 300 件", "impact: <影响范围>"), 13, 9),
        case("placeholder", good_with("设备部更换轴承。", "{{measures}}"), 24, 1),
        case("bad-value", good_with("project: 二号产线", "project: [二号产线, 三号产线]"), 9, 10),
        case("bad-id", good_with("id: 20261122-7f3a", "id: 2026 11 22"), 2, 5),
        case("bad-datetime", good_with("deadline: 2026-11-23 17:00", "deadline: 2026/11/23 17:00"), 6, 11),
        case("bad-datetime", good_with("deadline: 2026-11-23 17:00", "deadline: 2026-02-30 17:00"), 6, 11),
        case("vague-deadline", good_with("deadline: 2026-11-23 17:00", "deadline: 尽快"), 6, 11),
        case("vague-deadline", good_with("deadline: 2026-11-23 17:00", "deadline: EOD"), 6, 11),
        case("date-only", good_with("deadline: 2026-11-23 17:00", "deadline: 2026-11-23"), 6, 11),
        case("bad-status", good_with("status: open", "status: finished"), 7, 9),
        case("bad-priority", good_with("priority: high", "priority: 最高"), 8, 11),
        case("unknown-type", good_with("type: urgent", "type: urgnet"), 3, 7),
        case("multiple-owners", good_with("owner: 张伟", "owner: 张伟、李娜"), 5, 8),
        case("vague-owner", good_with("owner: 张伟", "owner: 相关部门"), 5, 8),
        Case {
            config: Some("timezone: Asia/Shanghai\npeople:\n  - { name: 李娜, department: 市场部 }\n"),
            ..case("unknown-person", GOOD, 5, 8)
        },
        Case {
            code: "duplicate-id",
            config: None,
            files: vec![("records/a.md", GOOD.into()), ("archive/2026/Q4/二号产线/b.md", GOOD.into())],
            at: vec![("archive/2026/Q4/二号产线/b.md", 2, 5), ("records/a.md", 2, 5)],
            text: true,
            now: None,
        },
        case("unmasked-contact", good_with("二号产线主轴异响,09:10 停机。", "联系人王经理 13912345678"), 18, 8),
        case(
            "unmasked-contact",
            good_with("measures: 设备部现场抢修,备用产线启用", "measures: 联系 139-1234-5678"),
            14,
            14,
        ),
        case("unmasked-contact", good_with("二号产线主轴异响,09:10 停机。", "总机 021-62345678"), 18, 4),
        Case {
            config: Some("timezone: Asia/Shanghai\nmask: [email]\n"),
            ..case("unmasked-contact", good_with("设备部更换轴承。", "联系 zhang.wei@example.com"), 24, 4)
        },
        case("bad-value", good_with("priority: high", "priority: high\nclassification: 绝密"), 9, 17),
        Case {
            config: Some("timezone: Asia/Shanghai\nvalues: { project: [一号产线, 二号产线] }\n"),
            ..case("bad-value", good_with("project: 二号产线", "project: 三号产线"), 9, 10)
        },
        case("deadline-before-created", good_with("deadline: 2026-11-23 17:00", "deadline: 2026-11-21 17:00"), 6, 11),
        case("unknown-field", good_with("project: 二号产线", "projcet: 二号产线"), 9, 1),
        case("missing-section", good_with("## 目标\n11-23 17:00 前恢复生产。\n\n", ""), 16, 1),
        case("summary-too-long", knowledge(&"长".repeat(201)), 13, 10),
        Case {
            config: Some("timezone: Asia/Shanghai\n"),
            files: vec![
                (
                    ".comms/templates/fields.yaml",
                    b"channel: { zh: \xe6\xb8\xa0\xe9\x81\x93, en: Channel, max_chars: 5 }\n".to_vec(),
                ),
                ("records/r.md", good_with("project: 二号产线", "project: 二号产线\nchannel: 企业微信工作群聊").into()),
            ],
            ..case("too-long", "", 10, 10)
        },
        case(
            "urgent-subject",
            good_with("subject: 【紧急】生产部-设备故障通知", "subject: 生产部-设备故障通知"),
            4,
            10,
        ),
        // (A done urgent record also says how it ended: `missing-outcome`.)
        case("closed-without-time", good_with("status: open", "status: done\noutcome: achieved"), 7, 9),
        Case {
            config: Some("timezone: Asia/Shanghai\nack_within: { urgent: 30m }\n"),
            now: Some("2026-11-22 12:00"),
            ..case("unacknowledged", GOOD, 12, 1)
        },
        case("fullwidth-punctuation", good_with("to: [设备部, 安全部]", "to: [设备部， 安全部]"), 11, 9),
        case(
            "open-actions",
            good_with(
                "status: open",
                "status: done\nclosed: 2026-11-22 11:00\noutcome: achieved\nactions: [{ task: 复盘, owner: 李娜, deadline: 2026-11-24 12:00, status: open }]",
            ),
            7,
            9,
        ),
        case("missing-outcome", good_with("status: open", "status: done\nclosed: 2026-11-22 11:00"), 7, 9),
        case(
            "unaccepted",
            good_with("status: open", "status: open\ninitiator: 王强\naccepted: { by: 张伟, at: 2026-11-22 11:00 }"),
            9,
            17,
        ),
        Case { now: Some("2026-11-23 12:00"), ..case("stale", good_with("status: open", "status: in-progress"), 7, 9) },
        case(
            "attachment-without-version",
            good_with("status: open", "status: open\nattachments: [{ name: a.pdf }]"),
            8,
            15,
        ),
        Case {
            config: Some("timezone: Asia/Shanghai\nconfirmation_required: [urgent]\n"),
            ..case(
                "missing-confirmation",
                good_with("status: open", "status: done\nclosed: 2026-11-22 11:00\noutcome: achieved"),
                7,
                9,
            )
        },
        Case {
            config: Some(APPROVAL),
            ..case(
                "sent-without-approval",
                good_with("created: 2026-11-22 09:30", "created: 2026-11-22 09:30\nsent: 2026-11-22 09:40"),
                13,
                7,
            )
        },
        Case {
            config: Some(APPROVAL),
            ..case(
                "approval-rejected",
                good_with(
                    "created: 2026-11-22 09:30",
                    "created: 2026-11-22 09:30\napprovals: [{ by: 吴刚, at: 2026-11-22 09:35, decision: 驳回 }]\nsent: 2026-11-22 09:40",
                ),
                13,
                55,
            )
        },
        Case {
            config: Some(APPROVAL),
            ..case(
                "approver-not-qualified",
                good_with(
                    "created: 2026-11-22 09:30",
                    "created: 2026-11-22 09:30\napprovals: [{ by: 王强, at: 2026-11-22 09:35, decision: approved }]",
                ),
                13,
                19,
            )
        },
        Case {
            config: Some(APPROVAL),
            ..case("not-allowed-to-publish", good_with("to: [设备部, 安全部]", "to: [设备部, 全员]"), 11, 11)
        },
        // Who must confirm: the heads of 设备部 and 安全部.
        Case { config: Some(CONFIRM_CONFIG), now: Some("2026-11-22 12:00"), ..case("unconfirmed", GOOD, 12, 1) },
        case("unconfirmed-action", MEETING.replace("    acks: [{ by: 李娜, at: 2026-11-22 10:00 }]\n", ""), 14, 12),
        case(
            "objection-before-sent",
            MEETING.replace("objection_by: 2026-11-23 12:00", "objection_by: 2026-11-22 10:00"),
            11,
            15,
        ),
        // Held Sunday 09:00: the minutes are due Tuesday 09:00 (2wd).
        case(
            "minutes-late",
            MEETING.replace(
                "minutes_sent: 2026-11-22 11:00\nobjection_by: 2026-11-23 12:00",
                "minutes_sent: 2026-11-25 11:00\nobjection_by: 2026-11-26 12:00",
            ),
            10,
            15,
        ),
        Case {
            now: Some("2026-11-24 09:01"),
            ..case("minutes-not-sent", MEETING.replace("minutes_sent: 2026-11-22 11:00\n", ""), 17, 1)
        },
        // 时效: `sla` asks for a first response within 1h, a resolution within 2d.
        Case {
            config: Some(SLA_CONFIG),
            ..case(
                "late-response",
                good_with("created: 2026-11-22 09:30\n", "created: 2026-11-22 09:30\nresponded: 2026-11-22 11:00\n"),
                13,
                12,
            )
        },
        Case { config: Some(SLA_CONFIG), now: Some("2026-11-22 12:00"), ..case("no-response", GOOD, 12, 1) },
        Case {
            config: Some(SLA_CONFIG),
            now: Some("2026-11-22 10:00"),
            ..case("deadline-beyond-sla", good_with("deadline: 2026-11-23 17:00", "deadline: 2026-11-25 17:00"), 6, 11)
        },
        // Channels: the registry of CHANNELS; `channel` after `created` (line 13).
        Case { config: Some(CHANNELS), ..case("unknown-channel", with_channel(GOOD, "微信"), 13, 10) },
        Case { config: Some(CHANNELS), ..case("forbidden-channel", with_channel(GOOD, "个人微信"), 13, 10) },
        Case { config: Some(CHANNELS), ..case("channel-scope", with_channel(&internal(), "CRM工单"), 13, 10) },
        case(
            "bad-satisfaction",
            good_with("created: 2026-11-22 09:30\n", "created: 2026-11-22 09:30\nsatisfaction: 6\n"),
            13,
            15,
        ),
        case("unknown-about", FEEDBACK, 8, 8),
    ]
}

/// The channel registry for the channel rules' cases.
const CHANNELS: &str = "timezone: Asia/Shanghai
channels:
  - { name: 企业微信, scope: internal }
  - { name: CRM工单, scope: external }
  - { name: 个人微信, scope: both, forbidden: true }
";

/// `text` with `channel: NAME` after `created`.
fn with_channel(text: &str, name: &str) -> String {
    text.replace("created: 2026-11-22 09:30\n", &format!("created: 2026-11-22 09:30\nchannel: {name}\n"))
}

/// The good record as an internal one (internal work, `scope: internal`).
fn internal() -> String {
    GOOD.replace("type: urgent", "type: internal")
        .replace("impact: 二号产线停工,影响当日交付 300 件\nmeasures: 设备部现场抢修,备用产线启用\n", "")
}

/// A feedback record about a record id no record has.
const FEEDBACK: &str = "---
id: 20261121-fb01
type: feedback
subject: CRM工单回复不及时
owner: 张伟
deadline: 2026-11-28 18:00
status: open
about: 20261120-0000
problem: 工单提交后一天没有回复
satisfaction: 2
anonymous: true
created: 2026-11-21 10:00
---

## 反馈内容

匿名问卷。

## 处理记录
";

/// `sla` for the response-time rules' cases.
const SLA_CONFIG: &str = "timezone: Asia/Shanghai
sla:
  urgent: { respond_within: 1h, resolve_within: 2d }
";

/// `approval` and `publish` for the approval rules' cases.
const APPROVAL: &str = "timezone: Asia/Shanghai
people:
  - { name: 张伟, department: 生产部 }
  - { name: 吴刚, department: 生产部, roles: [部门负责人] }
  - { name: 王强, department: 技术部, roles: [部门负责人] }
  - { name: 林晓, department: 行政部, roles: [部门负责人] }
approval:
  urgent: [{ role: 部门负责人, of: from }]
publish:
  全员: [行政部]
";

/// People for `unconfirmed`: the heads of the departments GOOD is sent to.
const CONFIRM_CONFIG: &str = "timezone: Asia/Shanghai
ack_within: { urgent: 30m }
people:
  - { name: 张伟, department: 生产部 }
  - { name: 孙磊, department: 设备部, roles: [部门负责人] }
  - { name: 黄磊, department: 安全部, roles: [部门负责人] }
";

/// Minutes sent, objections after, the one open action item accepted.
pub const MEETING: &str = "---
id: 20261122-0d0d
type: meeting
subject: 周例会
owner: 张伟
deadline: 2026-11-24 18:00
status: open
participants: [张伟, 李娜]
created: 2026-11-22 09:30
minutes_sent: 2026-11-22 11:00
objection_by: 2026-11-23 12:00
actions:
  - task: 更新排期
    owner: 李娜
    deadline: 2026-11-23 18:00
    status: open
    acks: [{ by: 李娜, at: 2026-11-22 10:00 }]
held: 2026-11-22 09:00
---

## 背景与事由
周例会。

## 核心讨论点
排期。

## 共识与结论
按期推进。

## 反馈记录
- 2026-11-22 11:00 张伟: 纪要已发送
";

fn crlf_bom(bytes: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(bytes.to_vec()).unwrap();
    let mut out = "\u{feff}".as_bytes().to_vec();
    out.extend(text.replace('\n', "\r\n").into_bytes());
    out
}

fn check_case(c: &Case, transform: fn(&[u8]) -> Vec<u8>, label: &str) {
    let s = Sandbox::new();
    if let Some(config) = c.config {
        s.write("comms.yaml", config);
    }
    for (path, content) in &c.files {
        let bytes = if path.ends_with(".md") { transform(content) } else { content.clone() };
        s.write(path, bytes);
    }
    let run = match c.now {
        Some(now) => s.run(&["--now", now, "validate", "--format", "json"]),
        None => s.run(&["validate", "--format", "json"]),
    };
    let json = run.json();
    let diags = json["diagnostics"].as_array().unwrap();
    let found: Vec<(String, u64, u64, String)> = diags
        .iter()
        .map(|d| {
            (
                d["path"].as_str().unwrap().into(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().into(),
            )
        })
        .collect();
    let want: Vec<(String, u64, u64, String)> =
        c.at.iter().map(|(p, l, col)| (p.to_string(), *l, *col, c.code.to_string())).collect();
    assert_eq!(found, want, "{} ({label}): {}", c.code, run.stdout);
    let severity = diags[0]["severity"].as_str().unwrap();
    assert_eq!(run.code, if severity == "error" { 1 } else { 0 }, "{} ({label}) exit status", c.code);
}

#[test]
fn every_rule_points_at_its_line_and_column() {
    for c in cases() {
        check_case(&c, |b| b.to_vec(), "LF");
    }
}

#[test]
fn crlf_and_bom_files_get_the_same_positions() {
    for c in cases().iter().filter(|c| c.text && !c.files.iter().any(|(_, b)| b.is_empty())) {
        check_case(c, crlf_bom, "CRLF+BOM");
    }
}

#[cfg(unix)]
#[test]
fn a_dangling_link_is_unreadable_not_a_crash() {
    let s = Sandbox::new();
    std::os::unix::fs::symlink(s.abs("records/gone.md"), s.abs("records/link.md")).unwrap();
    let json = s.run(&["validate", "--format", "json"]).code(1).json();
    assert_eq!(json["diagnostics"][0]["code"], "unreadable");
    assert_eq!(json["diagnostics"][0]["path"], "records/link.md");
    assert!(json["diagnostics"][0]["message"].as_str().unwrap().contains("does not exist"));
}

#[test]
fn every_rule_has_a_case() {
    let s = Sandbox::new();
    let rules = s.run(&["rules", "--format", "json"]).code(0).json();
    let all: BTreeSet<String> =
        rules.as_array().unwrap().iter().map(|r| r["code"].as_str().unwrap().to_string()).collect();
    let mut covered: BTreeSet<String> = cases().iter().map(|c| c.code.to_string()).collect();
    covered.insert("unreadable".into()); // a_dangling_link_is_unreadable_not_a_crash
    assert_eq!(all, covered);
}

#[test]
fn json_output_follows_the_contract() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    s.write("records/子目录/b.md", good_with("deadline: 2026-11-23 17:00", "deadline: 尽快").replace("7f3a", "0b0b"));
    s.write("records/c.md", good_with("status: open", "status: done\noutcome: achieved").replace("7f3a", "0c0c"));
    let run = s.run(&["validate", "--format", "json"]);
    run.code(1);
    let json = run.json();
    let keys: BTreeSet<&str> = json.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(keys, BTreeSet::from(["files_checked", "errors", "warnings", "diagnostics"]));
    assert_eq!(json["files_checked"], 3);
    assert_eq!(json["errors"], 1);
    assert_eq!(json["warnings"], 1);
    let d = &json["diagnostics"][1];
    assert_eq!(d["path"], "records/子目录/b.md");
    assert_eq!((d["line"].as_u64(), d["column"].as_u64()), (Some(6), Some(11)));
    assert_eq!(d["severity"], "error");
    assert_eq!(d["code"], "vague-deadline");
    assert!(d["message"].as_str().unwrap().contains("尽快"));
    for d in json["diagnostics"].as_array().unwrap() {
        let keys: BTreeSet<&str> = d.as_object().unwrap().keys().map(String::as_str).collect();
        assert!(
            keys.is_superset(&BTreeSet::from(["path", "line", "column", "severity", "code", "message"])),
            "{keys:?}"
        );
        assert!(
            keys.is_subset(&BTreeSet::from(["path", "line", "column", "severity", "code", "message", "help"])),
            "{keys:?}"
        );
    }
    assert_eq!(json["diagnostics"][0]["severity"], "warning");
}

#[test]
fn human_output_reads_like_a_compiler() {
    let s = Sandbox::new();
    s.write(
        "records/a.md",
        good_with("deadline: 2026-11-23 17:00", "deadline: 尽快").replace("owner: 张伟", "owner: 张伟、李娜"),
    );
    let run = s.run(&["validate"]);
    run.code(1);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn github_annotations() {
    let s = Sandbox::new();
    s.write("records/a.md", good_with("deadline: 2026-11-23 17:00", "deadline: 尽快"));
    let run = s.run(&["validate", "--format", "github"]);
    run.code(1);
    assert_eq!(
        run.stdout,
        "::error file=records/a.md,line=6,col=11,title=comms vague-deadline::deadline `尽快` is not a time%0Ahelp: write the exact time it is due as YYYY-MM-DD HH:MM, e.g. `2026-11-23 17:00`\n"
    );
}

#[test]
fn exit_statuses() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    let run = s.run(&["validate"]);
    run.code(0);
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);
    // A warning alone passes, unless --strict.
    s.write("records/a.md", good_with("project: 二号产线", "projcet: 二号产线"));
    s.run(&["validate"]).code(0);
    s.run(&["validate", "--strict"]).code(1);
    // Usage errors and bad input are exit 2 with one sentence.
    let run = s.run(&["validate", "records/nope.md"]);
    run.code(2);
    assert_eq!(run.stderr, "error: records/nope.md: no such file or folder\n");
    s.run(&["validate", "--format", "xml"]).code(2);
    s.write("comms.yaml", "timezone: Asia/Shangai\n");
    let run = s.run(&["validate"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "error: bad configuration: comms.yaml:1:11: unknown timezone `Asia/Shangai`; did you mean `Asia/Shanghai`?\n"
    );
    s.write("comms.yaml", "timezone: UTC\nrecord_dir: notes\n");
    let run = s.run(&["validate"]);
    run.code(2);
    assert!(
        run.stderr.contains("comms.yaml:2:1: unknown key `record_dir`; did you mean `records_dir`?"),
        "{}",
        run.stderr
    );
}

#[test]
fn paths_limit_the_check_but_ids_are_compared_with_every_record() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    s.write("records/b.md", GOOD);
    s.write("records/c.md", good_with("status: open", "status: 乱写").replace("7f3a", "0c0c"));
    let json = s.run(&["validate", "--format", "json", "records/a.md"]).code(1).json();
    assert_eq!(json["files_checked"], 1);
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert_eq!(diags[0]["code"], "duplicate-id");
    assert!(diags[0]["message"].as_str().unwrap().contains("records/b.md"));
    // A folder argument checks the records under it, from any working folder.
    let json = s.run_in(&s.abs("records"), &["validate", "--format", "json", "."]).code(1).json();
    assert_eq!(json["files_checked"], 3);
}

#[test]
fn fix_masks_contacts_and_changes_nothing_else() {
    let s = Sandbox::new();
    let text = crlf_bom(
        good_with("二号产线主轴异响,09:10 停机。", "联系人王经理 13912345678,身份证 11010519491231002X").as_bytes(),
    );
    s.write("records/a.md", &text);
    let run = s.run(&["validate", "--fix"]);
    run.code(0);
    assert!(run.stderr.contains("masked 2 numbers in records/a.md"), "{}", run.stderr);
    let after = std::fs::read(s.abs("records/a.md")).unwrap();
    let expected = String::from_utf8(text)
        .unwrap()
        .replace("13912345678", "139****5678")
        .replace("11010519491231002X", "110105********002X");
    assert_eq!(String::from_utf8(after).unwrap(), expected);
}

#[test]
fn full_width_punctuation_is_named_and_fix_rewrites_only_it() {
    let s = Sandbox::new();
    let broken = crlf_bom(
        good_with("status: open", "status：open")
            .replace("to: [设备部, 安全部]", "to: [设备部， 安全部]\nparticipants: [王强，张伟]")
            .replace("二号产线主轴异响,09:10 停机。", "二号产线主轴异响：停机，待查。")
            .as_bytes(),
    );
    s.write("records/a.md", &broken);
    let json = s.run(&["validate", "--format", "json"]).code(1).json();
    let d = &json["diagnostics"][0];
    assert_eq!((d["code"].as_str(), d["line"].as_u64(), d["column"].as_u64()), (Some("yaml-syntax"), Some(7), Some(7)));
    assert!(d["message"].as_str().unwrap().contains("全角冒号"), "{d}");
    assert!(d["help"].as_str().unwrap().starts_with("write `status: open`"), "{d}");

    let run = s.run(&["validate", "--fix"]);
    assert!(run.stderr.contains("made 3 full-width colons or commas ASCII in records/a.md"), "{}", run.stderr);
    let after = String::from_utf8(std::fs::read(s.abs("records/a.md")).unwrap()).unwrap();
    let expected = String::from_utf8(broken)
        .unwrap()
        .replace("status：open", "status: open")
        .replace("[设备部， 安全部]", "[设备部, 安全部]")
        .replace("[王强，张伟]", "[王强, 张伟]");
    assert_eq!(after, expected, "only the punctuation YAML reads wrongly changes; the body keeps its own");
    let json = s.run(&["validate", "--format", "json"]).json();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["unknown-field"], "{json:#}");
}

#[test]
fn files_outside_the_repository_can_be_checked() {
    let s = Sandbox::new();
    let other = Sandbox::empty();
    other.write("loose.md", "no front matter\n");
    let json = s.run(&["validate", "--format", "json", other.abs("loose.md").to_str().unwrap()]).code(1).json();
    assert_eq!(json["diagnostics"][0]["code"], "no-front-matter");
    assert!(json["diagnostics"][0]["path"].as_str().unwrap().ends_with("loose.md"));
    // A relative path outside the repository, from a working folder that is
    // neither: found from the working folder, not from the repository.
    let json = other
        .run_env(other.path(), &["--repo", s.path().to_str().unwrap(), "validate", "--format", "json", "loose.md"], &[])
        .code(1)
        .json();
    assert_eq!(json["diagnostics"][0]["code"], "no-front-matter");
}

#[test]
fn rules_lists_every_code() {
    let s = Sandbox::new();
    let json: Value = s.run(&["rules", "--format", "json"]).code(0).json();
    assert!(json.as_array().unwrap().iter().any(|r| r["code"] == "vague-deadline" && r["severity"] == "error"));
    let run = s.run(&["rules", "duplicat-id"]);
    run.code(2);
    assert!(run.stderr.contains("did you mean `duplicate-id`"));
}

#[test]
fn a_multi_line_flow_list_of_quoted_strings_is_yaml() {
    // Hugo's docs write aliases so; saphyr-parser 0.3.3 refuses the `]` at
    // column 1 after a quoted item (docs/decisions/0001-yaml.md).
    let s = Sandbox::new();
    s.write(
        "records/a.md",
        good_with("to: [设备部, 安全部]", "to: [\n  '设备部',\n  \"安全部\",\n]\naliases: [\n  '/a/',\n]"),
    );
    let json = s.run(&["validate", "--format", "json"]).code(0).json();
    let diags = json["diagnostics"].as_array().unwrap();
    assert_eq!(diags.len(), 1, "{json:#}");
    assert_eq!(diags[0]["code"], "unknown-field");
    assert_eq!((diags[0]["line"].as_u64(), diags[0]["column"].as_u64()), (Some(15), Some(1)));
    let show = s.run(&["status", "--format", "json"]).code(0).json();
    assert_eq!(show[0]["id"], "20261122-7f3a");
}

/// Issue 13: outside any records repository `validate` and `check` said
/// "0 records: no problems found" and exited 0 (a CI job in the wrong folder
/// could never fail), and `new` created `./records/`.
#[test]
fn outside_a_records_repository_commands_on_records_exit_2() {
    let s = Sandbox::empty();
    for args in [&["validate"][..], &["check"], &["status"], &["new", "urgent", "--no-input", "-s", "x"]] {
        let run = s.run(args);
        run.code(2);
        assert_eq!(run.stdout, "", "{args:?}");
        assert!(
            run.stderr.contains("the current folder is not a records repository (no comms.yaml, no records/ folder)"),
            "{args:?}: {}",
            run.stderr
        );
        assert_eq!(run.stderr.lines().count(), 1, "one sentence: {}", run.stderr);
    }
    assert!(!s.abs("records").exists(), "new did not start a records folder");
    // Named with --repo: the message names it.
    let other = Sandbox::empty();
    let run = s.run(&["--repo", other.path().to_str().unwrap(), "validate"]);
    run.code(2);
    assert!(run.stderr.contains(&format!("{} is not a records repository", other.path().display())), "{}", run.stderr);
    // Named files are still checked anywhere, with the built-in settings.
    s.write("loose.md", GOOD);
    let json = s.run(&["validate", "--format", "json", "loose.md"]).code(0).json();
    assert_eq!(json["files_checked"], 1);
    // What needs no records works anywhere.
    s.run(&["templates"]).code(0);
    s.run(&["schema"]).code(0);
    s.run(&["rules"]).code(0);
}

/// Issue 13: a `records_dir` that does not exist is reported, not "0 records".
#[test]
fn a_records_dir_that_does_not_exist_is_reported() {
    let s = Sandbox::empty();
    s.write("comms.yaml", "timezone: Asia/Shanghai\nrecords_dir: notes\n");
    for args in [&["validate"][..], &["check"]] {
        let run = s.run(args);
        run.code(2);
        assert!(
            run.stderr.contains("the records folder notes does not exist (`records_dir: notes` in comms.yaml)"),
            "{}",
            run.stderr
        );
    }
    std::fs::create_dir(s.abs("notes")).unwrap();
    s.run(&["validate"]).code(0);
}

/// Issue 13: `--repo` to a missing folder said "no such directory" twice.
#[test]
fn a_missing_repo_folder_is_named_once() {
    let s = Sandbox::empty();
    let run = s.run(&["--repo", "nope", "status"]);
    run.code(2);
    assert_eq!(run.stderr.trim(), "error: --repo nope: no such folder");
}

//! Measures (issue 16): the channel registry (`channels`: `unknown-channel`,
//! `forbidden-channel`, `channel-scope`, its `respond_within` and
//! `approval`), the `feedback` type, `satisfaction` (`bad-satisfaction`),
//! `corrections`, and the report's `avg_approval_hours`, `ack_coverage`,
//! `accuracy_rate`, `avg_satisfaction`, `satisfaction_count` and
//! `by_channel` in every format. The worked example is docs/report.md's.

use serde_json::{Value, json};

use crate::harness::{GOOD, Sandbox, good_with, record};

const NOW: &str = "2026-11-22 12:00";

const REGISTRY: &str = "timezone: Asia/Shanghai
people:
  - { name: 张伟, department: 生产部 }
  - { name: 李娜, department: 市场部, roles: [部门负责人, 客服主管] }
channels:
  - { name: 企业微信, scope: 内部, use: 日常沟通, owner: 张伟 }
  - { name: CRM工单, scope: external, use: 客户需求, respond_within: 24h }
  - { name: 邮件, scope: both }
  - { name: 个人微信, scope: both, forbidden: true }
";

/// The codes `validate --format json` reports at [`NOW`].
fn codes(s: &Sandbox) -> Vec<String> {
    let j = s.run(&["--now", NOW, "validate", "--format", "json"]).json();
    j["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn with(config: &str, files: &[(&str, String)]) -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", config);
    for (path, text) in files {
        s.write(path, text);
    }
    s
}

fn channel(name: &str) -> String {
    good_with("created: 2026-11-22 09:30\n", &format!("created: 2026-11-22 09:30\nchannel: {name}\n"))
}

/// An external record (A公司's request) that came in by `name`.
fn external(name: &str) -> String {
    record(
        "20261120-c0de",
        "external",
        &format!(
            "owner: 张伟\ndeadline: 2026-11-25 18:00\nstatus: open\ncounterpart: A公司\ncontact: 王经理 139****5678\nchannel: {name}\ncreated: 2026-11-20 10:00\nresponded: 2026-11-20 11:00\n"
        ),
    )
    .replace("## 背景\n正文。\n", "## 背景\n\n## 需求描述\n\n## 解决方案\n\n## 反馈记录\n")
}

#[test]
fn registered_channels_pass_in_any_spelling_the_registry_matches() {
    let s = with(REGISTRY, &[("records/a.md", channel(" 企业微信 ")), ("records/b.md", external("crm工单"))]);
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    // Without a registry, `channel` is free text.
    let s = with("timezone: Asia/Shanghai\n", &[("records/a.md", channel("个人微信"))]);
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
}

#[test]
fn unknown_forbidden_and_out_of_scope_channels() {
    let s = with(REGISTRY, &[("records/a.md", channel("企业微借"))]);
    let r = s.run(&["--now", NOW, "validate"]);
    r.code(0);
    assert!(
        r.stdout.contains("warning[unknown-channel]: channel `企业微借` is not in the channel registry"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("did you mean `企业微信`?"), "{}", r.stdout);
    s.run(&["--now", NOW, "validate", "--strict"]).code(1);

    let s = with(REGISTRY, &[("records/a.md", channel("个人微信"))]);
    let r = s.run(&["--now", NOW, "validate"]);
    r.code(1);
    assert!(r.stdout.contains("error[forbidden-channel]: channel `个人微信` is forbidden"), "{}", r.stdout);
    assert!(r.stdout.contains("use a registered channel instead: `企业微信`, `CRM工单`, `邮件`"), "{}", r.stdout);

    // 企业微信 is internal only (scope: 内部): not for an external record.
    let s = with(REGISTRY, &[("records/b.md", external("企业微信"))]);
    let r = s.run(&["--now", NOW, "validate"]);
    r.code(1);
    assert!(
        r.stdout.contains("channel `企业微信` is registered for internal communication only; `external` records are external communication"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("use a channel for external communication: `CRM工单`, `邮件`"), "{}", r.stdout);
    // An external-only channel on an internal record.
    let internal = record(
        "20261120-0a0a",
        "internal",
        "owner: 张伟\ndeadline: 2026-11-25 18:00\nstatus: open\nfrom: 生产部\nto: [市场部]\nchannel: CRM工单\ncreated: 2026-11-20 10:00\n",
    );
    let s = with(REGISTRY, &[("records/c.md", internal.clone())]);
    assert!(codes(&s).contains(&"channel-scope".to_string()), "{:?}", codes(&s));
    let s = with(REGISTRY, &[("records/c.md", internal.replace("CRM工单", "邮件"))]);
    assert!(!codes(&s).contains(&"channel-scope".to_string()), "{:?}", codes(&s));
}

#[test]
fn a_registry_channel_sets_the_response_window_and_an_approval_step() {
    // CRM工单 answers within 24h: 25h is late.
    let late = external("CRM工单").replace("responded: 2026-11-20 11:00", "responded: 2026-11-21 11:00");
    let s = with(REGISTRY, &[("records/b.md", late)]);
    assert_eq!(codes(&s), ["late-response"]);
    // A channel with `approval: 客服主管` needs 李娜's approval before `sent`.
    let config = REGISTRY.replace("respond_within: 24h }", "respond_within: 24h, approval: 客服主管 }");
    let sent = external("CRM工单")
        .replace("created: 2026-11-20 10:00\n", "created: 2026-11-20 10:00\nsent: 2026-11-20 12:00\n");
    let s = with(&config, &[("records/b.md", sent.clone())]);
    let r = s.run(&["--now", NOW, "validate"]);
    r.code(1);
    assert!(r.stdout.contains("without approval step 1 {role: 客服主管} (李娜)"), "{}", r.stdout);
    let approved = sent.replace(
        "sent: 2026-11-20 12:00\n",
        "sent: 2026-11-20 12:00\napprovals:\n  - { by: 李娜, at: 2026-11-20 11:30, decision: approved }\n",
    );
    let s = with(&config, &[("records/b.md", approved)]);
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
}

#[test]
fn bad_registries_are_refused_at_their_place() {
    let cases = [
        (
            "channels:\n  - { name: 邮件, scope: both }\n  - { name: 邮件, scope: 内外 }\n",
            "comms.yaml:3:13",
            "`邮件` is listed twice",
        ),
        ("channels:\n  - { name: 邮件, scope: inside }\n", "comms.yaml:2:24", "`scope: inside`, which is not a scope"),
        (
            "people: [{ name: 张伟 }]\nchannels:\n  - { name: 邮件, scope: both, owner: 张三 }\n",
            "comms.yaml:3:37",
            "who is not in `people`",
        ),
        (
            "channels:\n  - { name: 邮件, scope: both, approval: 主管 }\n",
            "comms.yaml:2:40",
            "a role nobody of `people` holds",
        ),
        ("channels:\n  - { name: 邮件, scope: both, respond_within: 一天 }\n", "comms.yaml:2:46", "not a duration"),
    ];
    for (config, at, message) in cases {
        let s = with(config, &[("records/a.md", GOOD.to_string())]);
        let r = s.run(&["validate"]);
        r.code(2);
        assert!(r.stderr.contains(at) && r.stderr.contains(message), "{config}: {}", r.stderr);
    }
}

#[test]
fn satisfaction_is_a_whole_number_from_one_to_five() {
    for ok in ["1", "5", "\"4\""] {
        let s = with(
            "timezone: Asia/Shanghai\n",
            &[("records/a.md", good_with("priority: high", &format!("priority: high\nsatisfaction: {ok}")))],
        );
        assert!(codes(&s).is_empty(), "{ok}: {:?}", codes(&s));
    }
    for bad in ["0", "6", "4.5", "好", "[4]"] {
        let s = with(
            "timezone: Asia/Shanghai\n",
            &[("records/a.md", good_with("priority: high", &format!("priority: high\nsatisfaction: {bad}")))],
        );
        assert_eq!(codes(&s), ["bad-satisfaction"], "{bad}");
    }
}

#[test]
fn corrections_are_shape_checked() {
    let with_corrections = |yaml: &str| {
        with(
            REGISTRY,
            &[("records/a.md", good_with("priority: high", &format!("priority: high\ncorrections:\n{yaml}")))],
        )
    };
    let s = with_corrections("  - { at: 2026-11-22 10:00, by: 张伟, note: 更正了停机时间 }\n");
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    let s = with_corrections("  - { at: 2026-11-22, by: 张伟, note: x }\n");
    assert_eq!(codes(&s), ["date-only"]);
    let s = with_corrections("  - { at: 2026-11-22 10:00, by: 张三, note: x }\n");
    assert_eq!(codes(&s), ["unknown-person"]);
    let s = with_corrections("  - { at: 2026-11-22 10:00, by: 张伟 }\n");
    assert_eq!(codes(&s), ["missing-field"]);
    let s = with_corrections("  - { at: 2026-11-22 10:00, by: 张伟, note: x, why: y }\n");
    assert_eq!(codes(&s), ["unknown-field"]);
    let s = with_corrections("  - 改过一次\n");
    assert_eq!(codes(&s), ["bad-value"]);
    // `set` refuses to write a list of entries as one value.
    let r = s.run(&["set", "20261122-7f3a", "corrections=改过"]);
    r.code(2);
    assert!(r.stderr.contains("`corrections` is a list of entries; edit the file to change it"), "{}", r.stderr);
    // A rating `set` would break is refused, nothing written.
    let s = with(REGISTRY, &[("records/a.md", GOOD.to_string())]);
    let r = s.run(&["--now", NOW, "set", "20261122-7f3a", "satisfaction=6"]);
    r.code(2);
    assert!(r.stdout.contains("error[bad-satisfaction]") || r.stderr.contains("error[bad-satisfaction]"), "{r:?}");
    assert_eq!(s.read("records/a.md"), GOOD);
}

/// A feedback record about `about`.
fn feedback(about: &str, extra: &str) -> String {
    format!(
        "---\nid: 20261121-fb01\ntype: 反馈\nsubject: CRM工单回复不及时\nowner: 张伟\ndeadline: 2026-11-28 18:00\nstatus: open\nabout: {about}\nproblem: 工单提交后一天没有回复\nsuggestion: 超过 4 小时未回复时提醒负责人\nsatisfaction: 2\n{extra}created: 2026-11-21 10:00\n---\n\n## 反馈内容\n\n匿名问卷。\n\n## 处理记录\n"
    )
}

#[test]
fn feedback_is_about_a_channel_or_a_record() {
    // A channel of the registry, a record's id (in the archive too): both pass.
    let s = with(REGISTRY, &[("records/f.md", feedback("CRM工单", "anonymous: true\n"))]);
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    let s = with(
        "timezone: Asia/Shanghai\n",
        &[
            ("records/f.md", feedback("20261122-7f3a", "reporter: 客户王经理\n")),
            ("archive/2026/Q4/x/a.md", GOOD.to_string()),
        ],
    );
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    // Neither: a warning, with "did you mean" for a channel.
    let s = with(REGISTRY, &[("records/f.md", feedback("CRM工当", ""))]);
    let r = s.run(&["--now", NOW, "validate"]);
    r.code(0);
    assert!(
        r.stdout.contains(
            "warning[unknown-about]: `about: CRM工当` names neither a channel of the registry nor a record's id"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("did you mean the channel `CRM工单`?"), "{}", r.stdout);
    // Only the records checked are warned about: `validate FILE` still knows the other ids.
    let s = with(
        "timezone: Asia/Shanghai\n",
        &[("records/f.md", feedback("20261122-7f3a", "")), ("records/a.md", GOOD.to_string())],
    );
    let j = s.run(&["--now", NOW, "validate", "records/f.md", "--format", "json"]).json();
    assert_eq!(j["diagnostics"], json!([]), "{j}");
    // Without a registry a channel's name is free text; an id must name a record.
    let s = with("timezone: Asia/Shanghai\n", &[("records/f.md", feedback("企业微信", ""))]);
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    let s = with("timezone: Asia/Shanghai\n", &[("records/f.md", feedback("20261122-7f3b", ""))]);
    assert_eq!(codes(&s), ["unknown-about"]);
    // `about` and `problem` are required.
    let s =
        with(REGISTRY, &[("records/f.md", feedback("CRM工单", "").replace("problem: 工单提交后一天没有回复\n", ""))]);
    assert_eq!(codes(&s), ["missing-field"]);
}

#[test]
fn an_anonymous_feedback_names_no_reporter() {
    let s = with(REGISTRY, &[("records/f.md", feedback("CRM工单", "anonymous: true\nreporter: 王经理\n"))]);
    let r = s.run(&["--now", NOW, "validate"]);
    r.code(1);
    assert!(r.stdout.contains("an anonymous record (`anonymous: true`) names its `reporter`"), "{}", r.stdout);
    let s = with(REGISTRY, &[("records/f.md", feedback("CRM工单", "anonymous: 是\n"))]);
    let r = s.run(&["--now", NOW, "validate"]);
    assert!(r.stdout.contains("`anonymous` must be `true` or `false`, not `是`"), "{}", r.stdout);
}

#[test]
fn new_feedback_from_the_template() {
    let s = with(REGISTRY, &[]);
    let r = s.run(&[
        "--now",
        "2026-11-21 10:00",
        "new",
        "反馈",
        "--subject",
        "CRM工单回复不及时",
        "--owner",
        "张伟",
        "--set",
        "about=CRM工单",
        "--set",
        "problem=工单提交后一天没有回复",
        "--set",
        "satisfaction=2",
        "--set",
        "anonymous=true",
    ]);
    r.code(0);
    let path = r.stdout.trim().to_string();
    let text = s.read(&path);
    assert!(text.contains("type: feedback") && text.contains("deadline: 2026-11-27 10:00"), "{text}");
    // Written as a person types them, not quoted as text.
    assert!(text.contains("\nsatisfaction: 2\n") && text.contains("\nanonymous: true\n"), "{text}");
    assert!(codes(&s).is_empty(), "{:?}\n{text}", codes(&s));
    let id = &path[path.rfind('/').unwrap() + 1..][..13];
    s.run(&["--now", NOW, "set", id, "satisfaction=4"]).code(0);
    assert!(s.read(&path).contains("\nsatisfaction: 4\n"), "{}", s.read(&path));
}

/// The worked example of docs/report.md, "Quality and satisfaction".
const EXAMPLE: &str = "timezone: Asia/Shanghai
people:
  - { name: 张伟, department: 生产部 }
  - { name: 李娜, department: 市场部, roles: [部门负责人] }
  - { name: 王强, department: 技术部, roles: [部门负责人] }
  - { name: 赵敏, department: 行政部, roles: [部门负责人] }
approval:
  internal: [{ role: 部门负责人, of: from }]
ack_within: { internal: 1wd }
channels:
  - { name: 企业微信, scope: internal }
  - { name: CRM工单, scope: external, respond_within: 24h }
";

pub(crate) fn example() -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", EXAMPLE);
    let internal =
        |id: &str, fields: &str| record(id, "internal", &format!("status: open\ndeadline: 2026-11-30 18:00\n{fields}"));
    s.write(
        "records/m1.md",
        internal(
            "m1",
            "owner: 张伟\nfrom: 行政部\nto: [技术部, 市场部]\nchannel: 企业微信\ncreated: 2026-11-02 09:00\napprovals:\n  - { by: 赵敏, at: 2026-11-02 13:00, decision: approved }\nsent: 2026-11-02 14:00\nacks:\n  - { by: 王强, at: 2026-11-02 15:00 }\n",
        ),
    );
    s.write(
        "records/m2.md",
        internal(
            "m2",
            "owner: 李娜\nfrom: 市场部\nto: [技术部]\nchannel: 企业微信\ncreated: 2026-11-03 09:00\napprovals:\n  - { by: 李娜, at: 2026-11-04 09:00, decision: approved }\nsent: 2026-11-04 10:00\ncorrections:\n  - { at: 2026-11-04 15:00, by: 李娜, note: 更正会议地点 }\nacks:\n  - { by: 王强, at: 2026-11-04 11:00 }\nsatisfaction: 4\n",
        ),
    );
    s.write("records/m3.md", internal("m3", "owner: 王强\nfrom: 技术部\nto: [生产部]\ncreated: 2026-11-05 09:00\n"));
    s.write(
        "records/m4.md",
        record(
            "m4",
            "external",
            "owner: 张伟\nstatus: open\ndeadline: 2026-11-30 18:00\ncounterpart: A公司\ncontact: 王经理 139****5678\nchannel: crm工单\ncreated: 2026-11-05 09:00\nsent: 2026-11-05 10:00\nsatisfaction: 5\n",
        ),
    );
    s.write(
        "records/m5.md",
        record(
            "m5",
            "feedback",
            "owner: 李娜\nstatus: open\ndeadline: 2026-11-30 18:00\nabout: CRM工单\nproblem: 回复慢\nsatisfaction: 3\nanonymous: true\ncreated: 2026-11-06 09:00\n",
        ),
    );
    // Q3: not counted in Q4.
    s.write(
        "records/m6.md",
        record("m6", "feedback", "owner: 李娜\nstatus: done\ndeadline: 2026-09-30 18:00\nclosed: 2026-09-29 18:00\nabout: m4\nproblem: x\nsatisfaction: 1\ncreated: 2026-09-20 09:00\n"),
    );
    s
}

fn report(s: &Sandbox, args: &[&str]) -> String {
    let mut all = vec!["--now", NOW, "report", "--quarter", "2026-Q4"];
    all.extend_from_slice(args);
    s.run(&all).code(0).stdout.clone()
}

fn quality(v: &Value) -> Value {
    json!([
        v["avg_approval_hours"],
        v["ack_coverage"],
        v["accuracy_rate"],
        v["avg_satisfaction"],
        v["satisfaction_count"]
    ])
}

#[test]
fn quality_metrics_as_defined() {
    let s = example();
    let j: Value = serde_json::from_str(&report(&s, &["--format", "json"])).unwrap();
    // approval: m1 4h, m2 24h; coverage: m1 1 of 2 heads, m2 1 of 1 (m3's
    // 生产部 has no head: nobody expected); accuracy: m1, m4 of m1, m2, m4
    // sent; satisfaction: 4, 5, 3.
    assert_eq!(quality(&j["totals"]), json!([14.0, 0.6667, 0.6667, 4.0, 3]));
    let row = |g: &str, key: Value| {
        j[g].as_array().unwrap().iter().find(|r| r["key"] == key).cloned().unwrap_or_else(|| panic!("{g} {key}: {j}"))
    };
    assert_eq!(quality(&row("by_channel", json!("企业微信"))), json!([14.0, 0.6667, 0.5, 4.0, 1]));
    // `crm工单` counts under the registry's spelling; m5, without a
    // channel, under the channel it is about.
    assert_eq!(quality(&row("by_channel", json!("CRM工单"))), json!([null, null, 1.0, 4.0, 2]));
    assert_eq!(row("by_channel", json!("CRM工单"))["total"], 2);
    assert_eq!(quality(&row("by_channel", Value::Null)), json!([null, null, null, null, 0]));
    assert_eq!(quality(&row("by_type", json!("feedback"))), json!([null, null, null, 3.0, 1]));
    assert_eq!(quality(&row("by_owner", json!("李娜"))), json!([24.0, 1.0, 0.0, 3.5, 2]));
    assert_eq!(quality(&row("by_department", json!("生产部"))), json!([4.0, 0.5, 1.0, 5.0, 1]));
    assert_eq!(quality(&row("by_project", Value::Null))["satisfaction_count"], Value::Null);
    // Q3 has m6 only.
    let q3: Value = serde_json::from_str(
        &s.run(&["--now", NOW, "report", "--quarter", "2026-Q3", "--format", "json"]).code(0).stdout,
    )
    .unwrap();
    assert_eq!(quality(&q3["totals"]), json!([null, null, null, 1.0, 1]));
}

#[test]
fn quality_metrics_in_every_format() {
    let s = example();
    let table = report(&s, &["--lang", "en"]);
    assert!(table.contains("Quality and satisfaction") && table.contains("AVG SATISFACTION"), "{table}");
    assert!(table.contains("By channel") && table.contains("CHANNEL"), "{table}");
    let all = table.lines().find(|l| l.starts_with("Totals ")).unwrap_or_else(|| panic!("{table}"));
    let cells: Vec<&str> = all.split_whitespace().collect();
    assert_eq!(cells, ["Totals", "all", "14.0", "66.7%", "66.7%", "4.00", "3"], "{table}");
    let zh = report(&s, &[]);
    assert!(zh.contains("质量与满意度") && zh.contains("按渠道") && zh.contains("响应准确率"), "{zh}");
    let md = report(&s, &["--format", "markdown"]);
    assert!(md.contains("## 质量与满意度") && md.contains("| 合计 | 全部 | 14.0 | 66.7% | 66.7% | 4.00 | 3 |"), "{md}");
    assert!(md.contains("| 渠道 | 企业微信 | 14.0 | 66.7% | 50.0% | 4.00 | 1 |"), "{md}");
    let csv = report(&s, &["--format", "csv"]);
    let mut lines = csv.lines();
    assert!(
        lines.next().unwrap().ends_with(
            ",minutes_on_time_rate,avg_approval_hours,ack_coverage,accuracy_rate,avg_satisfaction,satisfaction_count"
        ),
        "{csv}"
    );
    assert!(lines.next().unwrap().ends_with(",14,0.6667,0.6667,4,3"), "{csv}");
    assert!(
        csv.lines().any(|l| l.starts_with("2026-Q4,channel,企业微信,2,") && l.ends_with(",14,0.6667,0.5,4,1")),
        "{csv}"
    );
    let html = report(&s, &["--format", "html", "--lang", "en"]);
    assert!(html.contains("<span class=\"v\">4.00</span><span class=\"k\">Avg satisfaction (1-5)</span>"), "{html}");
    assert!(html.contains("<h2>Quality and satisfaction</h2>") && html.contains("<h2>By channel</h2>"), "{html}");
}

#[test]
fn without_data_the_quality_metrics_are_null_and_hidden() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    let j: Value = serde_json::from_str(&report(&s, &["--format", "json"])).unwrap();
    assert_eq!(quality(&j["totals"]), json!([null, null, null, null, 0]));
    assert_eq!(
        j["by_channel"],
        json!([{"key": null, "total": 1, "open": 1, "done": 0, "cancelled": 0, "overdue": 0, "on_time": 0, "late": 0, "on_time_rate": null, "avg_resolution_hours": null, "avg_ack_hours": null, "avg_response_hours": null, "response_within_sla_rate": null, "resolution_within_sla_rate": null, "minutes_on_time_rate": null, "avg_approval_hours": null, "ack_coverage": null, "accuracy_rate": null, "avg_satisfaction": null, "satisfaction_count": 0}])
    );
    assert!(!report(&s, &[]).contains("质量与满意度"));
}

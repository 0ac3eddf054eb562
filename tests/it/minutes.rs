//! Minutes on time (纪要时效, seed 004): `held` required on meetings, the
//! type's minutes window (2 working days after `held`) enforced by
//! `validate` (`minutes-late`, `minutes-not-sent`), and the report's
//! `minutes_on_time_rate` — the worked example of docs/report.md.

use serde_json::{Value, json};

use crate::harness::{Sandbox, record};

/// "Now" of the worked example: Friday 2026-11-27 12:00.
const NOW: &str = "2026-11-27 12:00";

/// A meeting with everything `validate` asks of one, `extra` lines added.
fn meeting(id: &str, status: &str, held: &str, extra: &str) -> String {
    record(
        id,
        "meeting",
        &format!(
            "owner: 张伟\nstatus: {status}\nheld: {held}\nparticipants: [张伟, 李娜]\ncreated: {held}\ndeadline: 2026-12-18 18:00\n{extra}actions:\n  - {{ task: 跟进, owner: 李娜, deadline: 2026-12-18 18:00, status: open, acks: [{{ by: 李娜, at: {held} }}] }}\n"
        ),
    )
    .replace("## 背景\n正文。\n", "## 背景与事由\nx\n\n## 核心讨论点\nx\n\n## 共识与结论\nx\n\n## 反馈记录\n")
}

/// The worked example of docs/report.md: m1 on time, m2 late, m3 not sent
/// past its window, m4 not sent within it, m5 cancelled.
fn example() -> Sandbox {
    let s = Sandbox::new();
    // Monday 10:00: due Wednesday 10:00; sent Tuesday.
    s.write("records/m1.md", meeting("m1", "open", "2026-11-16 10:00", "minutes_sent: 2026-11-17 18:00\n"));
    // Thursday 15:00: due Monday 15:00 (the weekend does not count); sent an hour later.
    s.write("records/m2.md", meeting("m2", "open", "2026-11-19 15:00", "minutes_sent: 2026-11-23 16:00\n"));
    // Friday 09:00: due Tuesday 09:00; none by Friday.
    s.write("records/m3.md", meeting("m3", "open", "2026-11-20 09:00", ""));
    // Thursday 14:00: due Monday 14:00, still ahead.
    s.write("records/m4.md", meeting("m4", "open", "2026-11-26 14:00", ""));
    // Cancelled: owes no minutes.
    s.write(
        "records/m5.md",
        meeting("m5", "cancelled", "2026-11-16 09:00", "closed: 2026-11-16 08:00\n")
            .replace("status: open, acks", "status: cancelled, acks"),
    );
    s
}

/// (code, path, line) of each finding of `validate` at `now`.
fn findings(s: &Sandbox, now: &str) -> Vec<(String, String, u64)> {
    let j = s.run(&["--now", now, "validate", "--format", "json"]).json();
    j["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["code"].as_str().unwrap().into(), d["path"].as_str().unwrap().into(), d["line"].as_u64().unwrap()))
        .collect()
}

#[test]
fn minutes_late_and_not_sent_in_the_worked_example() {
    let s = example();
    let found = findings(&s, NOW);
    assert_eq!(
        found,
        [("minutes-late".into(), "records/m2.md".into(), 11), ("minutes-not-sent".into(), "records/m3.md".into(), 7)],
        "{found:?}"
    );
    let out = s.run(&["--now", NOW, "validate"]).code(0).stdout.clone();
    assert!(
        out.contains(
            "the minutes were sent 2026-11-23 16:00, 1h after they were due (2026-11-23 15:00): `meeting` minutes go out within 2wd after `held`"
        ),
        "{out}"
    );
    assert!(
        out.contains("no `minutes_sent`: the minutes were due 2026-11-24 09:00 (2wd after `held`), 3d 3h ago"),
        "{out}"
    );
    assert!(out.contains("comms set m3 minutes_sent="), "{out}");
}

#[test]
fn minutes_within_the_window_pass() {
    let s = Sandbox::new();
    // Sent at the very end of the window: on time.
    s.write("records/m.md", meeting("m", "open", "2026-11-19 15:00", "minutes_sent: 2026-11-23 15:00\n"));
    assert!(findings(&s, NOW).is_empty(), "{:?}", findings(&s, NOW));
    // Not sent, and the window ends on the minute: not yet.
    s.write("records/m.md", meeting("m", "open", "2026-11-19 15:00", ""));
    assert!(findings(&s, "2026-11-23 15:00").is_empty());
    assert_eq!(findings(&s, "2026-11-23 15:01")[0].0, "minutes-not-sent");
}

#[test]
fn a_closed_meeting_is_not_warned_for_late_minutes() {
    let s = Sandbox::new();
    let late = meeting(
        "m",
        "done",
        "2026-11-19 15:00",
        "minutes_sent: 2026-11-24 16:00\nclosed: 2026-11-25 10:00\noutcome: achieved\n",
    )
    .replace("status: open, acks", "status: done, closed: 2026-11-25 09:00, acks");
    s.write("records/m.md", &late);
    assert!(findings(&s, NOW).is_empty(), "{:?}", findings(&s, NOW));
    // ... but still counted late by the report.
    let r = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "json"]).code(0).json();
    assert_eq!(r["totals"]["minutes_on_time_rate"], json!(0.0));
}

#[test]
fn holidays_move_the_window() {
    let s = Sandbox::new();
    s.write("comms.yaml", "timezone: Asia/Shanghai\nworkdays:\n  holidays: [2026-11-23]\n");
    s.write("records/m.md", meeting("m", "open", "2026-11-19 15:00", "minutes_sent: 2026-11-24 15:00\n"));
    assert!(findings(&s, NOW).is_empty(), "{:?}", findings(&s, NOW));
    s.write("records/m.md", meeting("m", "open", "2026-11-19 15:00", "minutes_sent: 2026-11-24 15:01\n"));
    assert_eq!(findings(&s, NOW)[0].0, "minutes-late");
}

#[test]
fn held_is_required_and_a_placeholder_is_not_judged() {
    let s = Sandbox::new();
    s.write("records/m.md", meeting("m", "open", "2026-11-19 15:00", "").replace("held: 2026-11-19 15:00\n", ""));
    let codes: Vec<String> = findings(&s, NOW).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["missing-field"]);
    let out = s.run(&["--now", NOW, "validate"]).code(1).stdout.clone();
    assert!(out.contains("`held`"), "{out}");
    s.write(
        "records/m.md",
        meeting("m", "open", "2026-11-19 15:00", "").replace("held: 2026-11-19 15:00", "held: <会议时间>"),
    );
    let codes: Vec<String> = findings(&s, NOW).into_iter().map(|f| f.0).collect();
    assert_eq!(codes, ["placeholder"]);
}

#[test]
fn new_meeting_takes_held_or_leaves_a_placeholder_and_says_so() {
    let s = Sandbox::new();
    let run = s.run(&["--now", "2026-11-22 09:30", "new", "meeting", "-s", "协调会", "--owner", "王强"]);
    run.code(0);
    assert!(run.stderr.contains("没有 `held`"), "{}", run.stderr);
    assert!(run.stderr.contains("待填写"), "{}", run.stderr);
    let text = s.read(run.stdout.trim());
    assert!(text.contains("\nheld: <会议时间>\n"), "{text}");
    let run = s.run(&[
        "--now",
        "2026-11-22 09:30",
        "new",
        "meeting",
        "-s",
        "周会",
        "--owner",
        "王强",
        "--set",
        "held=2026-11-20 15:00",
    ]);
    run.code(0);
    let text = s.read(run.stdout.trim());
    assert!(text.contains("\nheld: 2026-11-20 15:00\n") && text.contains("\ndeadline: 2026-11-24 15:00\n"), "{text}");
}

#[test]
fn minutes_on_time_rate_as_in_the_worked_example() {
    let s = example();
    let r = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "json"]).code(0).json();
    // m1 on time; m2 late; m3 past its window without; m4 and m5 not counted.
    assert_eq!(r["totals"]["minutes_on_time_rate"], json!(0.3333));
    let by_type = r["by_type"].as_array().unwrap();
    let meeting = by_type.iter().find(|row| row["key"] == "meeting").unwrap();
    assert_eq!(meeting["minutes_on_time_rate"], json!(0.3333));
    // Other records have no minutes: null, not 0.
    let s = Sandbox::new();
    s.write("records/a.md", record("a", "internal", "owner: 张伟\nstatus: open\ncreated: 2026-11-20 09:00\n"));
    let r = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "json"]).code(0).json();
    assert_eq!(r["totals"]["minutes_on_time_rate"], Value::Null);
}

#[test]
fn minutes_on_time_rate_in_every_format() {
    let s = example();
    let run = |args: &[&str]| {
        let mut all = vec!["--now", NOW, "report", "--quarter", "2026-Q4"];
        all.extend_from_slice(args);
        s.run(&all).code(0).stdout.clone()
    };
    let table = run(&["--lang", "en"]);
    assert!(table.contains("MINUTES ON TIME") && table.contains("33.3%"), "{table}");
    let zh = run(&[]);
    assert!(zh.contains("纪要按时率") && zh.contains("33.3%"), "{zh}");
    let md = run(&["--format", "markdown"]);
    assert!(md.contains("| 纪要按时率 |") && md.contains("| 33.3% |"), "{md}");
    let csv = run(&["--format", "csv"]);
    assert!(
        csv.lines().next().unwrap().ends_with(
            ",avg_ack_hours,avg_response_hours,response_within_sla_rate,resolution_within_sla_rate,minutes_on_time_rate,avg_approval_hours,ack_coverage,accuracy_rate,avg_satisfaction,satisfaction_count"
        ),
        "{csv}"
    );
    assert!(csv.lines().nth(1).unwrap().ends_with(",0.3333,,,,,0"), "{csv}");
    let html = run(&["--format", "html", "--lang", "en"]);
    assert!(html.contains("<span class=\"v\">33.3%</span><span class=\"k\">Minutes on time</span>"), "{html}");
}

//! Working days: the `workdays` calendar of comms.yaml in `new`, `status`
//! and `remind`, and its mistakes.

use crate::harness::{Sandbox, record};

/// The 2026 national-day week: 10-01..10-07 off, Sunday 09-20 and
/// Saturday 10-10 worked (调休上班).
const CONFIG: &str = "timezone: Asia/Shanghai
language: zh
workdays:
  weekend: [sat, sun]
  holidays: [2026-10-01..2026-10-07]
  extra_workdays: [2026-09-20, 2026-10-10]
";

fn repo() -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", CONFIG);
    s
}

fn deadline_of(s: &Sandbox, path: &str) -> String {
    let text = s.read(path.trim());
    text.lines().find_map(|l| l.strip_prefix("deadline: ")).unwrap_or_default().to_string()
}

#[test]
fn meeting_minutes_are_due_two_working_days_after_the_meeting() {
    let s = repo();
    // Held Wednesday 09-30: the holiday week is skipped, 10-08 and 10-09 count.
    let r =
        s.run(&["--now", "2026-09-30 17:00", "new", "meeting", "-s", "国庆前协调会", "--set", "held=2026-09-30 15:00"]);
    r.code(0);
    assert_eq!(deadline_of(&s, &r.stdout), "2026-10-09 15:00");
    assert!(r.stderr.contains("截止时间按 `held` 后 2wd 计算:2026-10-09 15:00"), "{}", r.stderr);
    // Held Friday 10-09: the make-up Saturday 10-10 is day 1, Monday 10-12 day 2.
    let r = s.run(&["--now", "2026-10-09 12:00", "new", "meeting", "-s", "节后例会", "--set", "held=2026-10-09 10:00"]);
    r.code(0);
    assert_eq!(deadline_of(&s, &r.stdout), "2026-10-12 10:00");
    // Without `held` (and no terminal to ask on), from now — and it says so
    // (issue 13: it claimed "after `held`").
    let r = s.run(&["--now", "2026-09-29 11:00", "--lang", "en", "new", "meeting", "-s", "Sync"]);
    r.code(0);
    assert_eq!(deadline_of(&s, &r.stdout), "2026-10-08 11:00");
    assert!(
        r.stderr.contains(
            "deadline: 2wd from now, 2026-10-08 11:00 (no `held` given; --held or --set held=… counts from it)"
        ),
        "{}",
        r.stderr
    );
    // --deadline wins over the rule.
    let r = s.run(&["--now", "2026-09-29 11:00", "new", "meeting", "-s", "周会", "--deadline", "2026-09-30 18:00"]);
    r.code(0);
    assert_eq!(deadline_of(&s, &r.stdout), "2026-09-30 18:00");
}

#[test]
fn a_rule_deadline_already_past_is_refused() {
    let s = repo();
    let r = s.run(&["--now", "2026-10-20 09:00", "new", "meeting", "-s", "补记", "--set", "held=2026-09-30 15:00"]);
    r.code(2);
    assert_eq!(
        r.stderr,
        "error: the deadline 2wd after `held` (2026-10-09 15:00) has already passed; give one with --deadline\n"
    );
    assert!(s.files("records").is_empty());
}

#[test]
fn deadlines_relative_to_now() {
    let s = repo();
    let new = |deadline: &str| {
        let r = s.run(&[
            "--now",
            "2026-09-30 09:00",
            "new",
            "internal",
            "-s",
            &format!("通知{deadline}"),
            "--deadline",
            deadline,
        ]);
        r.code(0);
        deadline_of(&s, &r.stdout)
    };
    assert_eq!(new("+2wd"), "2026-10-09 09:00");
    assert_eq!(new("+3d"), "2026-10-03 09:00");
    assert_eq!(new("+1d12h"), "2026-10-01 21:00");
    let r = s.run(&["--now", "2026-09-30 09:00", "new", "internal", "--deadline", "+2x"]);
    r.code(2);
    assert_eq!(
        r.stderr,
        "error: --deadline: `2x` has an unknown unit `x`; use w, d, h or m (e.g. `2d`, `12h`), or working days such as `2wd`\n"
    );
}

#[test]
fn a_repository_type_overrides_the_rule() {
    let s = repo();
    let builtin = include_str!("../../templates/types/meeting/type.yaml");
    let ours = builtin.replace("deadline: { within: 2wd, after: held }", "deadline: { within: 1d }");
    assert_ne!(builtin, ours);
    s.write(".comms/templates/types/meeting/type.yaml", ours);
    let r = s.run(&["--now", "2026-09-30 09:00", "new", "meeting", "-s", "评审会", "--set", "held=2026-09-29 15:00"]);
    r.code(0);
    assert_eq!(deadline_of(&s, &r.stdout), "2026-10-01 09:00", "1 day after created, holidays or not");
}

fn ids(s: &Sandbox, args: &[&str]) -> Vec<String> {
    let mut all = vec!["--now", "2026-09-30 09:00", "status", "--format", "json"];
    all.extend_from_slice(args);
    let json = s.run(&all).code(0).json();
    json.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn due_within_working_days() {
    let s = repo();
    for (id, deadline) in
        [("a", "2026-10-02 08:00"), ("b", "2026-10-08 18:00"), ("c", "2026-10-09 09:00"), ("d", "2026-10-09 10:00")]
    {
        s.write(
            &format!("records/{id}.md"),
            record(
                id,
                "internal",
                &format!("owner: 张伟\ndeadline: {deadline}\nstatus: open\nfrom: 行政部\nto: 财务部\n"),
            ),
        );
    }
    // Now + 2 working days is Friday 10-09 09:00; due before it.
    assert_eq!(ids(&s, &["--due-within", "2wd"]), ["a", "b"]);
    assert_eq!(ids(&s, &["--due-within", "2d"]), ["a"]);
    assert_eq!(ids(&s, &["--due-within", "0wd"]), Vec::<String>::new());
    let r = s.run(&["--now", "2026-09-30 09:00", "status", "--due-within", "1001wd"]);
    r.code(2);
    assert_eq!(r.stderr, "error: --due-within `1001wd` is too many working days; write at most `1000wd`\n");
    let r = s.run(&["--now", "2026-09-30 09:00", "remind", "--within", "2wd"]);
    r.code(0);
    assert!(r.stdout.starts_with("【催办】截至 2026-09-30 09:00:2个工作日内到期 2 项。"), "{}", r.stdout);
    let r = s.run(&["--now", "2026-09-30 09:00", "--lang", "en", "remind", "--within", "2wd", "--format", "json"]);
    let json = r.code(0).json();
    assert_eq!((json["within"].as_str(), json["until"].as_str()), (Some("2wd"), Some("2026-10-09 09:00")));
    let r = s.run(&["--now", "2026-09-30 09:00", "--lang", "en", "remind", "--within", "1wd"]);
    assert!(r.stdout.contains("1 due within 1 working day."), "{}", r.stdout);
}

#[test]
fn a_bad_calendar_stops_every_command_at_its_place() {
    let s = Sandbox::new();
    for (config, message) in [
        (
            "workdays:\n  holidays: [2026-10-01..2026-10-07]\n  extra_workdays: [2026-10-03]\n",
            "error: bad configuration: comms.yaml:3:20: 2026-10-03 is both a holiday and an extra working day in `workdays`; keep it in one list\n",
        ),
        (
            "workdays:\n  holidays:\n    - 2026-10-07..2026-10-01\n",
            "error: bad configuration: comms.yaml:3:7: `workdays.holidays`: the range `2026-10-07..2026-10-01` ends before it starts\n",
        ),
        (
            "workdays:\n  holidays: [2026-13-01]\n",
            "error: bad configuration: comms.yaml:2:14: `workdays.holidays`: `2026-13-01` is not a date; write YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD\n",
        ),
    ] {
        s.write("comms.yaml", config);
        for cmd in [&["status"][..], &["validate"], &["new", "internal"]] {
            let r = s.run(cmd);
            r.code(2);
            assert_eq!(r.stderr, message, "{cmd:?}");
        }
    }
}

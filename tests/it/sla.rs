//! Response time and SLAs (时效): `responded`, `sla` in comms.yaml (per
//! type, `default`, per channel), the rules `late-response`, `no-response`
//! and `deadline-beyond-sla`, and `comms set ID FIELD=now`.

use crate::harness::{GOOD, Sandbox};

const REC: &str = "records/20261122-7f3a.md";
const ID: &str = "20261122-7f3a";

/// A sandbox with `sla` (YAML under `sla:`) and the good urgent record
/// (created 2026-11-22 09:30, deadline 2026-11-23 17:00) with `edit` applied.
fn repo(sla: &str, edit: impl Fn(String) -> String) -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", format!("timezone: Asia/Shanghai\nsla:\n{sla}"));
    s.write(REC, edit(GOOD.to_string()));
    s
}

fn responded(at: &str) -> impl Fn(String) -> String {
    let line = format!("created: 2026-11-22 09:30\nresponded: {at}\n");
    move |t: String| t.replace("created: 2026-11-22 09:30\n", &line)
}

/// The codes `validate --format json` reports at `now`.
fn codes(s: &Sandbox, now: &str) -> Vec<String> {
    let j = s.run(&["--now", now, "validate", "--format", "json"]).json();
    let mut out: Vec<String> =
        j["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    out.sort();
    out
}

#[test]
fn late_response() {
    let sla = "  urgent: { respond_within: 1h }\n";
    let s = repo(sla, responded("2026-11-22 10:30"));
    assert!(codes(&s, "2026-11-22 12:00").is_empty(), "{:?}", codes(&s, "2026-11-22 12:00"));
    let s = repo(sla, responded("2026-11-22 10:31"));
    assert_eq!(codes(&s, "2026-11-22 12:00"), ["late-response"]);
    let r = s.run(&["--now", "2026-11-22 12:00", "validate"]);
    assert!(
        r.stdout.contains("the first response came 1h 1m after the record was created (2026-11-22 09:30)")
            && r.stdout.contains("within 1h (by 2026-11-22 10:30)"),
        "{}",
        r.stdout
    );
    // A warning: validate passes, --strict does not.
    r.code(0);
    s.run(&["--now", "2026-11-22 12:00", "validate", "--strict"]).code(1);
}

#[test]
fn no_response_depends_on_the_time() {
    let sla = "  urgent: { respond_within: 2h }\n";
    let s = repo(sla, |t| t);
    assert!(codes(&s, "2026-11-22 11:30").is_empty());
    assert_eq!(codes(&s, "2026-11-22 11:31"), ["no-response"]);
    let r = s.run(&["--now", "2026-11-22 12:00", "validate"]);
    assert!(r.stdout.contains("no first response 2h 30m after the record was created"), "{}", r.stdout);
    assert!(r.stdout.contains("comms set 20261122-7f3a responded=now"), "{}", r.stdout);
    // Responded (even late: that is `late-response`'s), or closed: not this rule.
    let s = repo(sla, responded("2026-11-22 11:00"));
    assert!(codes(&s, "2026-11-23 12:00").is_empty());
    let s = repo(sla, |t| t.replace("status: open", "status: cancelled\nclosed: 2026-11-22 10:00"));
    assert!(codes(&s, "2026-11-23 12:00").is_empty());
    // Without `sla`, nothing.
    let s = Sandbox::new();
    s.write(REC, GOOD);
    assert!(codes(&s, "2026-12-30 12:00").is_empty());
}

#[test]
fn deadline_beyond_sla() {
    let s = repo("  urgent: { resolve_within: 1d }\n", |t| t);
    assert_eq!(codes(&s, "2026-11-22 10:00"), ["deadline-beyond-sla"]);
    let r = s.run(&["--now", "2026-11-22 10:00", "validate"]);
    assert!(
        r.stdout.contains("the deadline 2026-11-23 17:00 is later than `sla` in comms.yaml allows"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("by 2026-11-23 09:30"), "{}", r.stdout);
    let s = repo("  urgent: { resolve_within: 32h }\n", |t| t);
    assert!(codes(&s, "2026-11-22 10:00").is_empty());
    // Working days by the calendar: created on a Sunday, 1wd is Monday 09:30
    // too late for 17:00; 2wd is Tuesday 09:30.
    let s = repo("  urgent: { resolve_within: 1wd }\n", |t| t);
    assert_eq!(codes(&s, "2026-11-22 10:00"), ["deadline-beyond-sla"]);
    let s = repo("  urgent: { resolve_within: 2wd }\n", |t| t);
    assert!(codes(&s, "2026-11-22 10:00").is_empty());
}

#[test]
fn channel_then_type_then_default() {
    // `default` applies to types without their own entry.
    let s = repo("  default: { respond_within: 1h }\n", responded("2026-11-22 11:00"));
    assert_eq!(codes(&s, "2026-11-22 12:00"), ["late-response"]);
    let s =
        repo("  default: { respond_within: 1h }\n  urgent: { respond_within: 2h }\n", responded("2026-11-22 11:00"));
    assert!(codes(&s, "2026-11-22 12:00").is_empty());
    // The channel's window comes first, key by key: the type's
    // resolve_within still applies.
    let sla =
        "  urgent: { respond_within: 2h, resolve_within: 1d }\n  channels: { CRM工单: { respond_within: 30m } }\n";
    let via = |t: String| responded("2026-11-22 11:00")(t).replace("status: open", "status: open\nchannel: CRM工单");
    let s = repo(sla, via);
    assert_eq!(codes(&s, "2026-11-22 12:00"), ["deadline-beyond-sla", "late-response"]);
    let s = repo(sla, |t| responded("2026-11-22 11:00")(t).replace("status: open", "status: open\nchannel: 电话"));
    assert_eq!(codes(&s, "2026-11-22 12:00"), ["deadline-beyond-sla"]);
}

#[test]
fn a_mistake_in_sla_is_placed() {
    let s = repo("  urgnt: { respond_within: 1h }\n", |t| t);
    let r = s.run(&["validate"]);
    r.code(2);
    assert!(r.stderr.contains("comms.yaml:3:3") && r.stderr.contains("did you mean `urgent`?"), "{}", r.stderr);
    let s = repo("  urgent: { respond_within: soon }\n", |t| t);
    let r = s.run(&["validate"]);
    r.code(2);
    assert!(r.stderr.contains("comms.yaml:3:29") && r.stderr.contains("`soon` is not a duration"), "{}", r.stderr);
    // An alias of a type is that type.
    let s = repo("  紧急: { respond_within: 1h }\n", responded("2026-11-22 11:00"));
    assert_eq!(codes(&s, "2026-11-22 12:00"), ["late-response"]);
}

#[test]
fn set_now_writes_the_clocks_minute_in_any_datetime_field() {
    let s = repo("  urgent: { respond_within: 2h }\n", |t| t);
    assert_eq!(codes(&s, "2026-11-22 11:45"), ["no-response"]);
    s.run(&["--now", "2026-11-22 11:20", "set", ID, "responded=now"]).code(0);
    assert!(s.read(REC).contains("\nresponded: 2026-11-22 11:20\n"), "{}", s.read(REC));
    assert!(codes(&s, "2026-11-22 11:45").is_empty());
    // Chinese too, and any other datetime field.
    s.run(&["--now", "2026-11-22 11:25", "set", ID, "sent=现在"]).code(0);
    assert!(s.read(REC).contains("\nsent: 2026-11-22 11:25\n"), "{}", s.read(REC));
    // A text field keeps the word.
    s.run(&["--now", "2026-11-22 11:25", "set", ID, "measures=now"]).code(0);
    assert!(s.read(REC).contains("\nmeasures: now\n"), "{}", s.read(REC));
}

/// The worked example of docs/report.md, "Response time (时效)".
fn report_repo() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        "comms.yaml",
        "timezone: Asia/Shanghai\nsla:\n  external: { respond_within: 24h, resolve_within: 48h }\n  channels: { CRM工单: { respond_within: 4h } }\n",
    );
    let r = |id: &str, ty: &str, fields: &str| {
        s.write(&format!("records/{id}.md"), crate::harness::record(id, ty, &format!("owner: 张伟\n{fields}")));
    };
    r(
        "s1",
        "external",
        "status: done\ncreated: 2026-11-16 09:00\nresponded: 2026-11-16 15:00\ndeadline: 2026-11-18 09:00\nclosed: 2026-11-17 18:00\n",
    );
    r(
        "s2",
        "external",
        "channel: CRM工单\nstatus: done\ncreated: 2026-11-16 09:00\nresponded: 2026-11-16 15:00\ndeadline: 2026-11-18 09:00\nclosed: 2026-11-18 08:00\n",
    );
    r("s3", "external", "status: open\ncreated: 2026-11-20 10:00\ndeadline: 2026-11-22 10:00\n");
    r("s4", "external", "status: open\ncreated: 2026-11-22 09:00\ndeadline: 2026-11-24 09:00\n");
    r(
        "s5",
        "internal",
        "status: in-progress\ncreated: 2026-11-18 09:00\nresponded: 2026-11-18 11:00\ndeadline: 2026-11-25 18:00\n",
    );
    s
}

const REPORT: &[&str] = &["--now", "2026-11-22 12:00", "report", "--quarter", "2026-Q4"];

fn report(s: &Sandbox, extra: &[&str]) -> String {
    let mut args = REPORT.to_vec();
    args.extend_from_slice(extra);
    let r = s.run(&args);
    r.code(0);
    r.stdout.clone()
}

#[test]
fn response_time_metrics_in_every_format() {
    let s = report_repo();
    let j: serde_json::Value = serde_json::from_str(&report(&s, &["--format", "json"])).unwrap();
    let t = &j["totals"];
    assert_eq!(
        (&t["avg_response_hours"], &t["response_within_sla_rate"], &t["resolution_within_sla_rate"]),
        (&serde_json::json!(4.67), &serde_json::json!(0.3333), &serde_json::json!(0.6667))
    );
    let internal = j["by_type"].as_array().unwrap().iter().find(|r| r["key"] == "internal").unwrap();
    assert_eq!(internal["avg_response_hours"], serde_json::json!(2.0));
    assert!(internal["response_within_sla_rate"].is_null());

    let table = report(&s, &[]);
    assert!(table.contains("\n时效\n类型           平均响应(小时)   响应达标率   解决达标率\n全部           4.7              33.3%        66.7%\n外部对接消息   6.0              33.3%        66.7%\n内部常规消息   2.0              -            -\n"), "{table}");

    let md = report(&s, &["--format", "markdown", "--lang", "en"]);
    assert!(md.contains("## Response time (SLA)\n\n| TYPE | AVG RESPONSE (H) | RESPONSE WITHIN SLA | RESOLVED WITHIN SLA |\n|---|---:|---:|---:|\n| all | 4.7 | 33.3% | 66.7% |\n"), "{md}");

    let csv = report(&s, &["--format", "csv"]);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().ends_with(
        ",avg_ack_hours,avg_response_hours,response_within_sla_rate,resolution_within_sla_rate,minutes_on_time_rate,avg_approval_hours,ack_coverage,accuracy_rate,avg_satisfaction,satisfaction_count"
    ));
    assert!(lines.next().unwrap().ends_with(",,4.67,0.3333,0.6667,,,,,,0"), "{csv}");

    let html = report(&s, &["--format", "html", "--lang", "en"]);
    assert!(html.contains("<span class=\"v\">4.7</span><span class=\"k\">Avg response (h)</span>"), "{html}");
    assert!(html.contains("<span class=\"v\">33.3%</span><span class=\"k\">Responded within SLA</span>"));
    assert!(html.contains("<h2>Response time (SLA)</h2>"));

    // Without `sla` and `responded`, no section: the report is as before.
    let s = Sandbox::new();
    s.write(
        "records/a.md",
        crate::harness::record(
            "a",
            "internal",
            "owner: 张伟\nstatus: open\ncreated: 2026-11-20 10:00\ndeadline: 2026-11-22 10:00\n",
        ),
    );
    assert!(!report(&s, &[]).contains("时效"));
    assert!(!report(&s, &["--format", "html"]).contains("平均响应"));
}

/// A done record's late response is history: no warning (the report's
/// `response_within_sla_rate` still counts it).
#[test]
fn a_closed_record_is_not_warned_for_a_late_response() {
    let sla = "  urgent: { respond_within: 1h }\n";
    let late_and_done = |t: String| {
        responded("2026-11-22 10:31")(t)
            .replace("status: open", "status: done\nclosed: 2026-11-22 11:00\noutcome: achieved")
    };
    let s = repo(sla, late_and_done);
    assert!(s.read(REC).contains("status: done"), "{}", s.read(REC));
    assert!(
        !codes(&s, "2026-11-22 12:00").contains(&"late-response".to_string()),
        "{:?}",
        codes(&s, "2026-11-22 12:00")
    );
}

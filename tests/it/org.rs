//! Organisation-wide reporting: `targets` against the previous period,
//! `report --repo A --repo B` (by_repo), `export --format jsonl`.

use serde_json::{Value, json};

use crate::harness::{Sandbox, record};

const NOW: &str = "2026-11-22 12:00";

/// Two done records in Q3 (on time; resolved in 10 h and 30 h; acked after
/// 10 h), three in Q4 (one on time, one late, one overdue; acked after 6 h).
fn with_targets(targets: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", format!("timezone: Asia/Shanghai\nlanguage: en\ntargets:\n{targets}"));
    let done = |created: &str, closed: &str, deadline: &str, ack: &str| {
        format!(
            "owner: 张伟\nstatus: done\ncreated: {created}\nclosed: {closed}\ndeadline: {deadline}\nacks:\n  - {{ by: 李娜, at: {ack} }}\n"
        )
    };
    s.write(
        "records/q3a.md",
        record(
            "q3a",
            "internal",
            &done("2026-08-01 08:00", "2026-08-01 18:00", "2026-08-02 18:00", "2026-08-01 18:00"),
        ),
    );
    s.write(
        "records/q3b.md",
        record(
            "q3b",
            "internal",
            &done("2026-08-03 08:00", "2026-08-04 14:00", "2026-08-05 18:00", "2026-08-03 18:00"),
        ),
    );
    s.write(
        "records/q4a.md",
        record(
            "q4a",
            "internal",
            &done("2026-11-01 08:00", "2026-11-01 12:00", "2026-11-02 18:00", "2026-11-01 14:00"),
        ),
    );
    s.write(
        "records/q4b.md",
        record(
            "q4b",
            "internal",
            &done("2026-11-03 08:00", "2026-11-05 08:00", "2026-11-04 18:00", "2026-11-03 14:00"),
        ),
    );
    s.write(
        "records/q4c.md",
        record("q4c", "internal", "owner: 张伟\nstatus: open\ncreated: 2026-11-10 08:00\ndeadline: 2026-11-12 18:00\n"),
    );
    s
}

#[test]
fn targets_are_judged_against_the_previous_period() {
    let s = with_targets(
        "  on_time_rate: 90%\n  avg_resolution_hours: 24\n  avg_ack_hours: { change: -30% }\n  minutes_on_time_rate: 0.8\n",
    );
    let j = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "json"]).code(0).json();
    assert_eq!(
        j["targets"],
        json!([
            // 1 of 3 judged in Q4, all of 2 in Q3.
            {"metric": "on_time_rate", "target": 0.9, "actual": 0.3333, "previous": 1.0, "change": -0.6667, "met": false},
            // (4 h + 48 h) / 2 against (10 h + 30 h) / 2.
            {"metric": "avg_resolution_hours", "target": 24.0, "actual": 26.0, "previous": 20.0, "change": 6.0, "met": false},
            // 6 h against 10 h is -40%, better than the -30% asked.
            {"metric": "avg_ack_hours", "target": {"change": -0.3}, "actual": 6.0, "previous": 10.0, "change": -0.4, "met": true},
            // No meeting: nothing to judge.
            {"metric": "minutes_on_time_rate", "target": 0.8, "actual": null, "previous": null, "change": null, "met": null}
        ])
    );
    // The month before, and the year before, are the previous periods of those.
    let j = s.run(&["--now", NOW, "report", "--month", "2026-11", "--format", "json"]).json();
    assert_eq!((j["targets"][2]["previous"].clone(), j["targets"][2]["met"].clone()), (Value::Null, Value::Null));
    let j = s.run(&["--now", NOW, "report", "--year", "2026", "--format", "json"]).json();
    assert_eq!(j["targets"][0]["previous"], Value::Null);
    assert_eq!(j["targets"][0]["actual"], json!(0.6));

    let table = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4"]).code(0).stdout.clone();
    assert!(table.contains("Targets (previous period: 2026-Q3)"), "{table}");
    // A metric by its label and its name in comms.yaml.
    let row = table.lines().find(|l| l.starts_with("average acknowledgement time (avg_ack_hours)")).unwrap();
    assert!(row.contains("change ≤ -30.0%") && row.contains("-40.0%") && row.ends_with("yes"), "{row}");
    let row = table.lines().find(|l| l.starts_with("on-time rate (on_time_rate)")).unwrap();
    assert!(row.contains("≥ 90.0%") && row.contains("-66.7 pt") && row.ends_with("no"), "{row}");

    let md = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "markdown"]).stdout;
    assert!(md.contains("## Targets (previous period: 2026-Q3)"), "{md}");
    assert!(
        md.contains("| average resolution time (avg_resolution_hours) | ≤ 24.0 | 26.0 | 20.0 | +6.0 | no |"),
        "{md}"
    );

    let csv =
        s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "csv", "--targets"]).code(0).stdout.clone();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "period,previous_period,metric,target,target_change,actual,previous,change,met");
    assert_eq!(lines[3], "2026-Q4,2026-Q3,avg_ack_hours,,-0.3,6,10,-0.4,true");
    assert_eq!(lines[4], "2026-Q4,2026-Q3,minutes_on_time_rate,0.8,,,,,");
    // The metrics' CSV stays one table.
    let csv = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "csv"]).stdout;
    assert!(csv.starts_with("period,group,key,") && !csv.contains("avg_ack_hours,,"), "{csv}");
    let r = s.run(&["--now", NOW, "report", "--targets"]);
    r.code(2);
    assert!(r.stderr.contains("--targets is for --format csv"), "{}", r.stderr);

    let html = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "html"]).stdout;
    assert!(html.contains("<section id=\"targets\">"), "no panel");
    for metric in ["on-time-rate", "avg-resolution-hours", "avg-ack-hours", "minutes-on-time-rate"] {
        assert!(html.contains(&format!("<figure id=\"chart-target-{metric}\">")), "{metric}");
    }
    // The trend of a targeted metric: the quarter and the three before.
    let at = html.find("chart-target-avg-ack-hours").unwrap();
    let chart = &html[at..at + html[at..].find("</figure>").unwrap()];
    assert!(chart.contains("2026-Q1") && chart.contains("2026-Q3: 10.0") && chart.contains("2026-Q4: 6.0"), "{chart}");
}

#[test]
fn without_targets_the_report_has_none() {
    let s = Sandbox::new();
    s.write("records/a.md", record("a", "internal", "owner: 张伟\nstatus: open\ncreated: 2026-11-01 08:00\n"));
    let j = s.run(&["--now", NOW, "report", "--format", "json"]).code(0).json();
    assert_eq!(j["targets"], json!([]));
    assert!(j.get("by_repo").is_none());
    let html = s.run(&["--now", NOW, "report", "--format", "html"]).stdout;
    assert!(!html.contains("id=\"targets\""));
}

#[test]
fn a_target_mistake_is_named_at_its_place() {
    let s = with_targets("  on_time_rate: 0.9\n  avg_ack_hour: 2\n");
    let r = s.run(&["--now", NOW, "report"]);
    r.code(2);
    assert!(
        r.stderr.contains("comms.yaml:5:3")
            && r.stderr.contains("`targets` has `avg_ack_hour`, which is no metric; did you mean `avg_ack_hours`?"),
        "{}",
        r.stderr
    );
    let s = with_targets("  on_time_rate: 90\n");
    let r = s.run(&["validate"]);
    r.code(2);
    assert!(
        r.stderr.contains("comms.yaml:4:17") && r.stderr.contains("a rate is a fraction from 0 to 1"),
        "{}",
        r.stderr
    );
}

/// A repository in `tz` with records created at these local times (open,
/// deadline 2027-02-01, owner 张伟), and one done record.
fn repo_in(tz: &str, created: &[&str]) -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", format!("timezone: {tz}\nlanguage: en\n"));
    for (i, c) in created.iter().enumerate() {
        let id = format!("20260101-{i:04x}");
        s.write(
            &format!("records/{id}.md"),
            record(&id, "internal", &format!("owner: 张伟\nstatus: open\ncreated: {c}\ndeadline: 2026-11-20 18:00\n")),
        );
    }
    s.write(
        "records/done.md",
        record(
            "20260101-d0e0",
            "urgent",
            "owner: 李娜\nstatus: done\ncreated: 2026-11-02 09:00\nclosed: 2026-11-02 21:00\ndeadline: 2026-11-03 09:00\n",
        ),
    );
    s
}

fn folder(s: &Sandbox) -> String {
    s.path().canonicalize().unwrap().file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn report_over_two_repositories_in_two_timezones() {
    // Shanghai: 2026-09-30 23:30 is Q3 there; 2026-10-01 00:30 is Q4.
    let a = repo_in("Asia/Shanghai", &["2026-09-30 23:30", "2026-10-01 00:30"]);
    // New York: 2026-12-31 20:00 is Q4 there (2027 in Shanghai); 2026-09-30 20:00 is Q3.
    let b = repo_in("America/New_York", &["2026-12-31 20:00", "2026-09-30 20:00", "2026-11-05 10:00"]);
    let (pa, pb) = (a.path().to_str().unwrap(), b.path().to_str().unwrap());
    let run = |repos: &[&str], format: &str| {
        let mut args: Vec<&str> = Vec::new();
        for r in repos {
            args.extend(["--repo", r]);
        }
        args.extend(["--now", NOW, "report", "--quarter", "2026-Q4", "--format", format]);
        a.run(&args).code(0).stdout.clone()
    };
    let json = |repos: &[&str]| -> Value { serde_json::from_str(&run(repos, "json")).unwrap() };
    let both = json(&[pa, pb]);
    let (ja, jb) = (json(&[pa]), json(&[pb]));
    assert_eq!((ja["totals"]["total"].clone(), jb["totals"]["total"].clone()), (json!(2), json!(3)));
    for key in ["total", "open", "done", "overdue", "on_time", "late"] {
        let sum = ja["totals"][key].as_u64().unwrap() + jb["totals"][key].as_u64().unwrap();
        assert_eq!(both["totals"][key].as_u64().unwrap(), sum, "{key}");
    }
    // Rates are over the union, not an average of the repositories' rates.
    assert_eq!(both["totals"]["on_time_rate"], json!(0.4));
    assert_eq!(both["totals"]["avg_resolution_hours"], json!(12.0));
    let by_repo = both["by_repo"].as_array().unwrap();
    assert_eq!(by_repo.len(), 2);
    assert_eq!(by_repo[0]["key"], json!(folder(&a)));
    assert_eq!(by_repo[1]["key"], json!(folder(&b)));
    assert_eq!((by_repo[0]["total"].clone(), by_repo[1]["total"].clone()), (json!(2), json!(3)));
    // Each group sums over both: 张伟 owns the open records of both.
    let owner = both["by_owner"].as_array().unwrap().iter().find(|r| r["key"] == json!("张伟")).unwrap().clone();
    assert_eq!(owner["total"], json!(3));
    // The period is named in the first repository's timezone.
    assert_eq!(both["period"]["start"], json!("2026-10-01 00:00"));

    let table = run(&[pa, pb], "table");
    assert!(table.contains("By repository") && table.contains(&folder(&b)), "{table}");
    let csv = run(&[pa, pb], "csv");
    assert!(csv.contains(&format!("2026-Q4,repo,{},3,", folder(&b))), "{csv}");
    let md = run(&[pa, pb], "markdown");
    assert!(md.contains("## By repository"), "{md}");
    let html = run(&[pa, pb], "html");
    assert!(html.contains("By repository") && html.contains(&folder(&a)));
}

#[test]
fn several_repositories_are_for_report_only() {
    let a = Sandbox::new();
    let b = Sandbox::new();
    let (pa, pb) = (a.path().to_str().unwrap(), b.path().to_str().unwrap());
    for cmd in [&["status"][..], &["validate"], &["export", "--format", "jsonl"], &["init"]] {
        let mut args = vec!["--repo", pa, "--repo", pb];
        args.extend(cmd);
        let r = a.run(&args);
        r.code(2);
        assert!(r.stderr.contains("--repo is given 2 times; only `report` reads several"), "{cmd:?}: {}", r.stderr);
    }
    let r = a.run(&["--repo", pa, "--repo", pa, "report"]);
    r.code(2);
    assert!(r.stderr.contains("is given twice"), "{}", r.stderr);
    let empty = Sandbox::empty();
    let r = a.run(&["--repo", pa, "--repo", empty.path().to_str().unwrap(), "report"]);
    r.code(2);
}

fn lines(out: &str) -> Vec<Value> {
    out.lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}"))).collect()
}

#[test]
fn export_jsonl_every_record_and_action_item() {
    let s = Sandbox::new();
    s.write(
        "comms.yaml",
        "timezone: Asia/Shanghai\nlanguage: zh\npeople:\n  - { name: 张伟, aliases: [Zhang Wei] }\n  - { name: 李娜 }\n",
    );
    s.write(
        "records/a.md",
        record(
            "20261101-aaaa",
            "meeting",
            "owner: Zhang Wei\nstatus: 已完成\npriority: 高\nproject: 二号产线\ncreated: 2026-11-01 09:00\nclosed: 2026-11-02 09:30\ndeadline: 2026-11-02 18:00\noutcome: 达成\nresponded: 2026-11-01 10:30\nacks:\n  - { by: 李娜, at: 2026-11-01 12:00 }\nactions:\n  - { task: 准备物料, owner: 李娜, deadline: 2026-11-10 18:00, status: 处理中 }\n  - { task: 确认排期, owner: 张伟, deadline: 2026-11-05 18:00, status: done, closed: 2026-11-05 17:00 }\n",
        ),
    );
    s.write(
        "records/b.md",
        record(
            "20261101-bbbb",
            "internal",
            "owner: 李娜\nstatus: open\nproject: 机密项目\nclassification: 机密\ncreated: 2026-11-01 09:00\ndeadline: 2026-11-20 18:00\nactions:\n  - { task: 秘密任务, owner: 李娜, deadline: 2026-11-30 18:00 }\n",
        ),
    );
    let out = s.run(&["--now", NOW, "export", "--format", "jsonl"]).code(0).stdout.clone();
    let l = lines(&out);
    assert_eq!(l.len(), 5, "{out}");
    let a = &l[0];
    assert_eq!(
        (a["kind"].clone(), a["id"].clone(), a["parent"].clone(), a["type"].clone()),
        (json!("record"), json!("20261101-aaaa"), Value::Null, json!("meeting"))
    );
    // Canonical: English values, the directory's name, ISO 8601 with the offset.
    assert_eq!(
        (a["status"].clone(), a["priority"].clone(), a["outcome"].clone()),
        (json!("done"), json!("high"), json!("achieved"))
    );
    assert_eq!(a["owner"], json!("张伟"));
    assert_eq!(a["created"], json!("2026-11-01T09:00:00+08:00"));
    assert_eq!(a["acks"], json!([{"by": "李娜", "at": "2026-11-01T12:00:00+08:00"}]));
    assert_eq!(a["project"], json!("二号产线"));
    assert_eq!(a["repo"], json!(folder(&s)));
    // The computed figures.
    assert_eq!(
        (
            a["overdue"].clone(),
            a["on_time"].clone(),
            a["resolution_hours"].clone(),
            a["ack_hours"].clone(),
            a["response_hours"].clone()
        ),
        (json!(false), json!(true), json!(24.5), json!(3.0), json!(1.5))
    );
    assert!(a.get("actions").is_none(), "action items are lines of their own");
    let act = &l[1];
    assert_eq!(
        (act["kind"].clone(), act["id"].clone(), act["parent"].clone(), act["status"].clone(), act["overdue"].clone()),
        (json!("action"), json!("20261101-aaaa#1"), json!("20261101-aaaa"), json!("in-progress"), json!(true))
    );
    assert_eq!(act["task"], json!("准备物料"));
    assert_eq!((l[2]["on_time"].clone(), l[2]["closed"].clone()), (json!(true), json!("2026-11-05T17:00:00+08:00")));
    // The confidential record: redacted, but counted (times, status, figures).
    let b = &l[3];
    assert_eq!(b["subject"], json!("[机密记录]"));
    assert_eq!(
        (b["project"].clone(), b["classification"].clone(), b["overdue"].clone()),
        (Value::Null, json!("confidential"), json!(true))
    );
    assert_eq!(b["path"], json!("records/20261101-bbbb"));
    assert_eq!(l[4]["task"], json!("[机密记录]"));
    assert!(!out.contains("秘密任务") && !out.contains("机密项目"), "{out}");
    let full = s.run(&["--now", NOW, "export", "--format", "jsonl", "--include-confidential"]).stdout.clone();
    assert!(full.contains("秘密任务") && full.contains("机密项目"));

    // --output writes the file; the note goes to stderr.
    let r = s.run(&["--now", NOW, "export", "--format", "jsonl", "--output", "out.jsonl"]);
    r.code(0);
    assert_eq!(s.read("out.jsonl"), out);
    assert!(r.stderr.contains("共 5 行(2 条记录及其行动项)"), "{}", r.stderr);
    let r = s.run(&["export", "--format", "jsonl", "--owner", "张伟"]);
    r.code(2);
    assert!(r.stderr.contains("--owner is for --ics"), "{}", r.stderr);
}

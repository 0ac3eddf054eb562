//! `comms report`: every metric and group, each period kind, the formats,
//! `--output`, and times taken from git history when a record lacks them.

use serde_json::{Value, json};

use crate::harness::{Sandbox, record};

pub(crate) const NOW: &str = "2026-11-22 12:00";

const PEOPLE: &str = "timezone: Asia/Shanghai
language: zh
people:
  - { name: 张伟, department: 生产部 }
  - { name: 李娜, department: 市场部, aliases: [Li Na] }
";

/// Six records in 2026-Q4 (one archived, one on the first minute of the
/// quarter) and two just outside it. See docs/report.md for the sums.
pub(crate) fn quarter() -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", PEOPLE);
    s.write(
        "records/r1.md",
        record(
            "r1",
            "urgent",
            "owner: 张伟\nproject: 二号产线\nstatus: open\ncreated: 2026-11-01 09:00\ndeadline: 2026-11-10 18:00\nacks:\n  - { by: 李娜, at: 2026-11-01 11:00 }\n",
        ),
    );
    s.write(
        "records/r2.md",
        record(
            "r2",
            "internal",
            "owner: Li Na\nproject: 二号产线\nstatus: 已完成\ncreated: 2026-11-02 09:00\ndeadline: 2026-11-05 18:00\nclosed: 2026-11-04 09:00\n",
        ),
    );
    s.write(
        "records/r3.md",
        record(
            "r3",
            "internal",
            "owner: 李娜\nstatus: done\ncreated: 2026-10-10 08:00\ndeadline: 2026-10-11 08:00\nclosed: 2026-10-12 08:00\nacks:\n  - { by: 张伟, at: 2026-10-10 12:00 }\n  - { by: 王五, at: 2026-10-10 09:00 }\n",
        ),
    );
    s.write(
        "records/r4.md",
        record(
            "r4",
            "meeting",
            "owner: 王五\nproject: 三号产线\nstatus: cancelled\ncreated: 2026-12-01 09:00\ndeadline: 2026-12-05 18:00\nclosed: 2026-12-02 09:00\n",
        ),
    );
    s.write(
        "records/r5.md",
        record(
            "r5",
            "internal",
            "owner: 张伟\nstatus: in-progress\ncreated: 2026-11-20 09:00\ndeadline: 2026-12-30 18:00\n",
        ),
    );
    s.write(
        "archive/2026/Q4/二号产线/r6.md",
        record(
            "r6",
            "urgent",
            "owner: 张伟\nproject: 二号产线\nstatus: done\ncreated: 2026-10-01 00:00\ndeadline: 2026-10-02 00:00\nclosed: 2026-10-01 12:00\n",
        ),
    );
    s.write(
        "records/r7.md",
        record("r7", "internal", "owner: 张伟\nstatus: open\ncreated: 2026-09-30 23:59\ndeadline: 2026-10-01 18:00\n"),
    );
    s.write(
        "records/r8.md",
        record("r8", "internal", "owner: 张伟\nstatus: open\ncreated: 2027-01-01 00:00\ndeadline: 2027-01-02 18:00\n"),
    );
    s
}

fn json_report(s: &Sandbox, args: &[&str]) -> Value {
    let mut all = vec!["--now", NOW, "report", "--format", "json"];
    all.extend_from_slice(args);
    s.run(&all).code(0).json()
}

fn row(group: &Value, key: Value) -> &Value {
    group.as_array().unwrap().iter().find(|r| r["key"] == key).unwrap_or_else(|| panic!("no row {key} in {group}"))
}

#[test]
fn every_metric_as_defined() {
    let s = quarter();
    let r = json_report(&s, &["--quarter", "2026-Q4"]);
    assert_eq!(r["period"], json!({"label": "2026-Q4", "start": "2026-10-01 00:00", "end": "2027-01-01 00:00"}));
    assert_eq!(r["now"], NOW);
    assert_eq!(r["project"], Value::Null);
    assert_eq!(
        r["totals"],
        json!({
            "total": 6, "open": 2, "done": 3, "cancelled": 1, "overdue": 1, "on_time": 2, "late": 1,
            "on_time_rate": 0.5, "avg_resolution_hours": 36.0, "avg_ack_hours": 1.5,
            "avg_response_hours": null, "response_within_sla_rate": null, "resolution_within_sla_rate": null, "minutes_on_time_rate": null,
            "avg_approval_hours": null, "ack_coverage": null, "accuracy_rate": null, "avg_satisfaction": null, "satisfaction_count": 0
        })
    );
}

#[test]
fn json_keys_in_the_documented_order() {
    let s = quarter();
    let out = s.run(&["--now", NOW, "report", "--format", "json"]).code(0).stdout.clone();
    let at = |k: &str| out.find(&format!("\"{k}\"")).unwrap_or_else(|| panic!("no {k}"));
    let keys =
        ["period", "project", "now", "totals", "by_type", "by_owner", "by_project", "by_department", "by_channel"];
    assert!(keys.windows(2).all(|w| at(w[0]) < at(w[1])), "{out}");
    let metrics = ["total", "open", "done", "cancelled", "overdue", "on_time", "late", "on_time_rate"];
    assert!(metrics.windows(2).all(|w| at(w[0]) < at(w[1])), "{out}");
    assert!(out.contains("\"avg_resolution_hours\": 36.0,\n    \"avg_ack_hours\": 1.5,\n    \"avg_response_hours\": null,\n    \"response_within_sla_rate\": null,\n    \"resolution_within_sla_rate\": null,\n    \"minutes_on_time_rate\": null,\n    \"avg_approval_hours\": null,\n    \"ack_coverage\": null,\n    \"accuracy_rate\": null,\n    \"avg_satisfaction\": null,\n    \"satisfaction_count\": 0\n"), "{out}");
}

#[test]
fn groups_by_type_owner_project_and_department() {
    let s = quarter();
    let r = json_report(&s, &["--quarter", "2026-Q4"]);
    let keys = |g: &str| -> Vec<(Value, u64)> {
        r[g].as_array().unwrap().iter().map(|row| (row["key"].clone(), row["total"].as_u64().unwrap())).collect()
    };
    assert_eq!(keys("by_type"), [(json!("internal"), 3), (json!("urgent"), 2), (json!("meeting"), 1)]);
    // An alias counts as the person; an owner outside the directory is kept as written.
    assert_eq!(keys("by_owner"), [(json!("张伟"), 3), (json!("李娜"), 2), (json!("王五"), 1)]);
    // The "no value" row is last, whatever its size.
    assert_eq!(keys("by_project"), [(json!("二号产线"), 3), (json!("三号产线"), 1), (Value::Null, 2)]);
    assert_eq!(keys("by_department"), [(json!("生产部"), 3), (json!("市场部"), 2), (Value::Null, 1)]);

    let li = row(&r["by_owner"], json!("李娜"));
    assert_eq!(
        li,
        &json!({
            "key": "李娜", "total": 2, "open": 0, "done": 2, "cancelled": 0, "overdue": 0, "on_time": 1, "late": 1,
            "on_time_rate": 0.5, "avg_resolution_hours": 48.0, "avg_ack_hours": 1.0,
            "avg_response_hours": null, "response_within_sla_rate": null, "resolution_within_sla_rate": null, "minutes_on_time_rate": null,
            "avg_approval_hours": null, "ack_coverage": null, "accuracy_rate": null, "avg_satisfaction": null, "satisfaction_count": 0
        })
    );
    let none = row(&r["by_department"], Value::Null);
    assert_eq!((none["cancelled"].as_u64(), none["on_time_rate"].clone()), (Some(1), Value::Null));
    let line2 = row(&r["by_project"], json!("二号产线"));
    assert_eq!((line2["on_time"].as_u64(), line2["overdue"].as_u64()), (Some(2), Some(1)));
    assert_eq!(line2["on_time_rate"], json!(0.6667));
    assert_eq!(line2["avg_resolution_hours"], json!(30.0));
    assert_eq!(line2["avg_ack_hours"], json!(2.0));
}

#[test]
fn each_period_kind() {
    let s = quarter();
    let total = |args: &[&str]| json_report(&s, args)["totals"]["total"].as_u64().unwrap();
    assert_eq!(total(&["--year", "2026"]), 7);
    assert_eq!(total(&["--year", "2027"]), 1);
    assert_eq!(total(&["--month", "2026-11"]), 3);
    assert_eq!(total(&["--month", "2026-10"]), 2);
    assert_eq!(total(&["--month", "2026-9"]), 1);
    assert_eq!(total(&["--quarter", "2026-Q3"]), 1);
    // `--quarter` alone, and no period at all: the quarter containing now.
    let alone = json_report(&s, &["--quarter"]);
    assert_eq!(alone["period"]["label"], "2026-Q4");
    assert_eq!(alone["totals"]["total"], 6);
    assert_eq!(json_report(&s, &[])["period"]["label"], "2026-Q4");
    let month = json_report(&s, &["--month", "2026-12"]);
    assert_eq!(month["period"], json!({"label": "2026-12", "start": "2026-12-01 00:00", "end": "2027-01-01 00:00"}));
}

#[test]
fn project_filter_and_a_project_no_record_has() {
    let s = quarter();
    let r = json_report(&s, &["--quarter", "2026-Q4", "--project", "二号产线"]);
    assert_eq!(r["project"], "二号产线");
    assert_eq!(r["totals"]["total"], 3);
    assert_eq!(r["by_project"].as_array().unwrap().len(), 1);
    let run = s.run(&["report", "--project", "二号产线x"]);
    run.code(2);
    assert_eq!(run.stderr, "error: no record has project `二号产线x`; did you mean `二号产线`?\n");
}

#[test]
fn bad_periods_get_one_sentence() {
    let s = quarter();
    for (args, message) in [
        (["--quarter", "2026-Q5"], "`2026-Q5` is not a quarter; write e.g. 2026-Q4"),
        (["--quarter", "Q4"], "`Q4` is not a quarter; write e.g. 2026-Q4"),
        (["--year", "26"], "`26` is not a year from 1000 to 9999; write e.g. 2026"),
        (["--month", "2026-13"], "`2026-13` is not a month; write e.g. 2026-11"),
        (["--month", "2026/11"], "`2026/11` is not a month; write e.g. 2026-11"),
    ] {
        let run = s.run(&["report", args[0], args[1]]);
        run.code(2);
        assert_eq!(run.stderr, format!("error: {message}\n"), "{args:?}");
    }
    let run = s.run(&["report", "--quarter", "2026-Q4", "--year", "2026"]);
    run.code(2);
    assert!(run.stderr.contains("cannot be used with"), "{}", run.stderr);
    let run = s.run(&["--now", "明天", "report"]);
    run.code(2);
    assert!(run.stderr.starts_with("error: --now `明天`"), "{}", run.stderr);
}

#[test]
fn table_in_chinese() {
    let s = quarter();
    let run = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4"]);
    run.code(0);
    assert_eq!(run.stderr, "");
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn table_in_english() {
    let s = quarter();
    let run = s.run(&["--now", NOW, "--lang", "en", "report", "--quarter", "2026-Q4"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn markdown() {
    let s = quarter();
    let run = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "markdown"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn csv_has_one_row_per_group_row() {
    let s = quarter();
    let run = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "csv"]);
    run.code(0);
    let lines: Vec<&str> = run.stdout.split("\r\n").collect();
    assert_eq!(
        lines[0],
        "period,group,key,total,open,done,cancelled,overdue,on_time,late,on_time_rate,avg_resolution_hours,avg_ack_hours,avg_response_hours,response_within_sla_rate,resolution_within_sla_rate,minutes_on_time_rate,avg_approval_hours,ack_coverage,accuracy_rate,avg_satisfaction,satisfaction_count"
    );
    assert_eq!(lines[1], "2026-Q4,total,,6,2,3,1,1,2,1,0.5,36,1.5,,,,,,,,,0");
    assert!(lines.contains(&"2026-Q4,owner,李娜,2,0,2,0,0,1,1,0.5,48,1,,,,,,,,,0"), "{lines:?}");
    assert!(lines.contains(&"2026-Q4,department,,1,0,0,1,0,0,0,,,,,,,,,,,,0"), "{lines:?}");
    // 1 header + 1 total + 3 types + 3 owners + 3 projects + 3 departments + 1 channel (none), and the final line break.
    assert_eq!(lines.len(), 16);
    assert_eq!(lines[15], "");

    // A key a spreadsheet would run as a formula is text.
    s.write("records/r2.md", s.read("records/r2.md").replace("project: 二号产线", "project: \"=1+1\""));
    let run = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--format", "csv"]);
    assert!(run.code(0).stdout.contains("\r\n2026-Q4,project,'=1+1,1,"), "{}", run.stdout);
}

#[test]
fn output_file_never_overwritten_without_force() {
    let s = quarter();
    let run = s.run(&["--now", NOW, "report", "--quarter", "2026-Q4", "--output", "报告.md"]);
    run.code(0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("已写入 报告.md"), "{}", run.stderr);
    assert!(s.read("报告.md").starts_with("# 沟通记录报告 2026-Q4\n"));

    let run = s.run(&["report", "--output", "报告.md"]);
    run.code(2);
    assert_eq!(run.stderr, "error: 报告.md already exists; add --force to replace it, or choose another --output\n");
    assert!(s.read("报告.md").starts_with("# 沟通记录报告 2026-Q4\n"), "untouched");

    s.run(&["--now", NOW, "report", "--year", "2026", "--output", "报告.md", "--force"]).code(0);
    assert!(s.read("报告.md").starts_with("# 沟通记录报告 2026\n"));

    // The extension picks the format; CSV files get a byte order mark for spreadsheets.
    s.run(&["--now", NOW, "report", "--output", "q4.json"]).code(0);
    let parsed: Value = serde_json::from_str(&s.read("q4.json")).unwrap();
    assert_eq!(parsed["totals"]["total"], 6);
    s.run(&["--now", NOW, "report", "--output", "q4.csv"]).code(0);
    assert!(s.read("q4.csv").starts_with("\u{feff}period,group,key,"));

    let run = s.run(&["report", "--output", "records/report.md"]);
    run.code(2);
    assert!(run.stderr.contains("inside `records/`"), "{}", run.stderr);
    assert!(!s.abs("records/report.md").exists());
    let run = s.run(&["report", "--output", "no/such/folder/r.md"]);
    run.code(2);
    assert_eq!(run.stderr, "error: cannot write no/such/folder/r.md: its folder does not exist\n");
    let run = s.run(&["report", "--output", "records"]);
    run.code(2);
    assert!(run.stderr.contains("is a folder"), "{}", run.stderr);
}

#[test]
fn unreadable_files_and_records_without_created_are_noted() {
    let s = quarter();
    s.write("records/broken.md", "no front matter\n");
    s.write("records/undated.md", record("u1", "internal", "owner: 张伟\nstatus: done\n"));
    let run = s.run(&["--now", NOW, "--lang", "en", "report", "--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["totals"]["total"], 6);
    assert!(run.stderr.contains("1 file could not be read as records"), "{}", run.stderr);
    assert!(run.stderr.contains("not in a git repository"), "{}", run.stderr);
    assert!(run.stderr.contains("1 record has no `created` time"), "{}", run.stderr);
}

/// Records without `created` or `closed`, committed on chosen dates.
fn from_git() -> Sandbox {
    let s = Sandbox::new();
    s.git(&["init", "-q", "-b", "main"]);
    s.write("records/g1.md", record("g1", "internal", "owner: 张伟\nstatus: open\ndeadline: 2026-10-08 18:00\n"));
    s.commit_at("2026-10-05T10:00:00+08:00", "g1");
    s.write("records/g1.md", record("g1", "internal", "owner: 张伟\nstatus: done\ndeadline: 2026-10-08 18:00\n"));
    s.commit_at("2026-10-07T15:00:00+08:00", "g1 done");
    s.write("records/g2.md", record("g2", "internal", "owner: 张伟\nstatus: done\ndeadline: 2026-10-08 18:00\n"));
    s.commit_at("2026-10-09T10:00:00+08:00", "g2, already done");
    s
}

#[test]
fn missing_created_and_closed_come_from_git_history() {
    let s = from_git();
    let r = json_report(&s, &["--month", "2026-10"]);
    let t = &r["totals"];
    assert_eq!((t["total"].as_u64(), t["done"].as_u64()), (Some(2), Some(2)));
    // g1: added 10-05 10:00, done 10-07 15:00 (53 h, on time); g2: added done on 10-09 10:00 (0 h, late).
    assert_eq!((t["on_time"].as_u64(), t["late"].as_u64()), (Some(1), Some(1)));
    assert_eq!(t["avg_resolution_hours"], json!(26.5));
    assert_eq!(json_report(&s, &["--month", "2026-09"])["totals"]["total"], 0);
}

#[test]
fn git_times_survive_an_archive_before_it_is_committed() {
    let s = from_git();
    s.run(&["archive"]).code(0);
    assert!(s.abs("archive/2026/Q4/_general/g1.md").exists());
    let r = json_report(&s, &["--month", "2026-10"]);
    assert_eq!(r["totals"]["total"], 2);
    assert_eq!(r["totals"]["avg_resolution_hours"], json!(26.5));
    s.commit_at("2026-11-01T09:00:00+08:00", "archive");
    let r = json_report(&s, &["--month", "2026-10"]);
    assert_eq!(r["totals"]["avg_resolution_hours"], json!(26.5), "created is the first add, not the move");
}

#[test]
fn a_repository_without_commits_reports_what_it_can() {
    let s = quarter();
    s.write("records/u.md", record("u1", "internal", "owner: 张伟\nstatus: open\n"));
    s.git(&["init", "-q", "-b", "main"]);
    let run = s.run(&["--now", NOW, "report", "--format", "json"]);
    run.code(0);
    assert_eq!(run.json()["totals"]["total"], 6);
    assert!(run.stderr.contains("1 条记录没有 `created` 时间"), "{}", run.stderr);
}

#[test]
fn a_shallow_clone_uses_the_commits_it_has() {
    let s = from_git();
    let clone = Sandbox::empty();
    let url = format!("file://{}", s.path().display());
    let out = crate::harness::git(clone.path()).args(["clone", "-q", "--depth", "1", &url, "c"]).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let run = clone.run_in(&clone.abs("c"), &["--now", NOW, "report", "--year", "2026", "--format", "json"]);
    run.code(0);
    // Both records look added by the one commit the clone has (10-09 10:00).
    assert_eq!(run.json()["totals"]["total"], 2);
    assert!(run.stderr.contains("浅克隆"), "{}", run.stderr);
}

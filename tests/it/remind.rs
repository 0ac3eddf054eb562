//! `comms remind`: the escalation digest (催办).

use crate::harness::Sandbox;
use crate::tracked::{self, run};

#[test]
fn text_digest_in_chinese() {
    let s = tracked::repo();
    let r = run(&s, &["remind"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
    assert!(r.stderr.contains("1 个文件无法读取为记录"), "{}", r.stderr);
}

#[test]
fn text_digest_in_english_looking_further_ahead() {
    let s = tracked::repo();
    let r = run(&s, &["--lang", "en", "remind", "--within", "3d"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn markdown_digest() {
    let s = tracked::repo();
    let r = run(&s, &["remind", "--format", "markdown"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn json_digest_is_the_documented_contract() {
    let s = tracked::repo();
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    assert_eq!(json["now"], "2026-11-22 09:00");
    assert_eq!(json["within"], "1d");
    assert_eq!(json["until"], "2026-11-23 09:00");
    assert_eq!(
        json["totals"],
        serde_json::json!({"items": 3, "overdue": 2, "due_soon": 1, "unacknowledged_urgent": 1})
    );
    let owners: Vec<&str> = json["owners"].as_array().unwrap().iter().map(|g| g["owner"].as_str().unwrap()).collect();
    assert_eq!(owners, ["李娜", "王强", "张伟"], "unacknowledged urgent first, then the most overdue");
    assert_eq!(json["owners"][0]["department"], "市场部");
    assert_eq!(
        json["owners"][0]["items"][0],
        serde_json::json!({
            "id": "20261121-c94e",
            "kind": "record",
            "parent": null,
            "path": tracked::PR,
            "type": "urgent",
            "subject": "【紧急】市场部-负面舆情应对",
            "owner": "李娜",
            "deadline": "2026-11-22 12:00",
            "status": "open",
            "project": "品牌",
            "overdue": false,
            "due_soon": true,
            "unacknowledged_urgent": true
        })
    );
    assert_eq!(json["owners"][2]["items"][0]["id"], "20261117-6c0f#2");
    assert_eq!(json["owners"][2]["items"][0]["parent"], "20261117-6c0f");
}

#[test]
fn acknowledging_and_finishing_empties_the_digest() {
    let s = tracked::repo();
    run(&s, &["ack", "20261121-c94e", "--by", "吴刚"]).code(0);
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    assert_eq!(json["totals"]["unacknowledged_urgent"], 0);
    assert_eq!(json["owners"][0]["owner"], "王强", "now the most overdue comes first");
    for id in ["20261121-c94e", "20261110-9be2", "20261117-6c0f#2"] {
        run(&s, &["done", id]).code(0);
    }
    let r = run(&s, &["remind"]);
    r.code(0);
    assert_eq!(r.stdout, "【催办】截至 2026-11-22 09:00:没有逾期、1天内到期或未确认的紧急事项。\n");
    let r = run(&s, &["--lang", "en", "remind", "--format", "markdown"]);
    assert_eq!(
        r.stdout,
        "## Follow-up as of 2026-11-22 09:00\n\nNothing is overdue, due within 1d, or waiting for acknowledgement.\n"
    );
    let json = run(&s, &["remind", "--format", "json"]).code(0).json();
    assert_eq!(json["owners"], serde_json::json!([]));
}

#[test]
fn bad_within_is_one_sentence() {
    let s = Sandbox::new();
    for (within, message) in [
        ("2x", "error: --within `2x` has an unknown unit `x`; use w, d, h or m (e.g. `2d`, `12h`)\n"),
        ("", "error: --within an empty duration; write e.g. `2d`, `12h` or `1d12h`\n"),
        ("tomorrow", "error: --within `tomorrow` is not a duration; write e.g. `2d`, `12h` or `1d12h`\n"),
    ] {
        let r = run(&s, &["remind", "--within", within]);
        r.code(2);
        assert_eq!(r.stderr, message, "{within:?}");
    }
}

#[test]
fn types_listed_in_ack_within_must_be_acknowledged_too() {
    // Only urgent records (`acknowledge: true` in the built-in type) count
    // at first; listing `internal` in `ack_within` makes the unacknowledged
    // purchase request count as well.
    let s = tracked::repo();
    let before = run(&s, &["remind", "--format", "json"]).code(0).json();
    assert_eq!(before["totals"]["unacknowledged_urgent"], 1);
    s.write("comms.yaml", format!("{}ack_within: {{ internal: 1h }}\n", tracked::CONFIG));
    let after = run(&s, &["remind", "--format", "json"]).code(0).json();
    assert_eq!(after["totals"]["unacknowledged_urgent"], 2);
    let purchase = after["owners"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["items"].as_array().unwrap())
        .find(|i| i["id"] == "20261110-9be2")
        .unwrap();
    assert_eq!(purchase["unacknowledged_urgent"], true);
}

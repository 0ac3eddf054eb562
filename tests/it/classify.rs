//! Classification and masking (密级, 脱敏; seeds 000/002): `classification`
//! and confidential records kept out of `export --ics`, the HTML report's
//! lists, `remind` and JSON unless `--include-confidential`;
//! `unmasked-contact` on landlines and (with `mask: [email]`) e-mail
//! addresses, masked by `validate --fix`; controlled values (`values`,
//! `bad-value`).

use crate::harness::{CONFIG, GOOD, Sandbox};

const REC: &str = "records/20261122-7f3a-紧急-生产部-设备故障通知.md";
const NOW: &str = "2026-11-24 09:00";
const SUBJECT: &str = "设备故障通知";

fn codes(s: &Sandbox) -> Vec<String> {
    let j = s.run(&["--now", "2026-11-22 12:00", "validate", "--format", "json"]).json();
    let mut out: Vec<String> =
        j["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap().to_string()).collect();
    out.sort();
    out
}

/// The good urgent record, confidential, overdue at [`NOW`], with an action item.
fn confidential(word: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write(
        REC,
        GOOD.replace("priority: high", &format!("priority: high\nclassification: {word}")).replace(
            "impact:",
            "actions:\n  - { task: 更换二号产线轴承, owner: 李娜, deadline: 2026-11-23 12:00, status: open }\nimpact:",
        ),
    );
    s
}

/// Asserts that `out` shows the record by id and placeholder but nothing
/// of its subject, body, project, task or file name.
fn redacted(out: &str, placeholder: &str) {
    assert!(out.contains("20261122-7f3a"), "{out}");
    assert!(out.contains(placeholder), "{out}");
    for secret in [SUBJECT, "二号产线", "轴承", "紧急-生产部"] {
        assert!(!out.contains(secret), "`{secret}` shown:\n{out}");
    }
}

#[test]
fn classification_takes_three_values_and_their_aliases() {
    for word in ["public", "internal", "confidential", "公开", "内部", "机密", " Confidential "] {
        let s = confidential(word);
        assert!(codes(&s).is_empty(), "{word}: {:?}", codes(&s));
    }
    let s = confidential("confidentail");
    assert_eq!(codes(&s), ["bad-value"]);
    let r = s.run(&["--now", "2026-11-22 12:00", "validate"]);
    assert!(r.stdout.contains("unknown classification `confidentail`"), "{}", r.stdout);
    assert!(r.stdout.contains("did you mean `confidential`?"), "{}", r.stdout);
}

#[test]
fn export_ics_shows_a_confidential_record_by_id_and_type_only() {
    let s = confidential("机密");
    let r = s.run(&["--now", NOW, "export", "--ics"]);
    r.code(0);
    let ics = r.stdout.replace("\r\n ", "");
    redacted(&ics, "机密记录");
    assert!(ics.contains("CATEGORIES:urgent"), "{ics}");
    let r = s.run(&["--now", NOW, "export", "--ics", "--include-confidential"]);
    assert!(r.stdout.replace("\r\n ", "").contains(SUBJECT), "{}", r.stdout);
    // An internal record is shown in full.
    let s = confidential("internal");
    assert!(s.run(&["--now", NOW, "export", "--ics"]).stdout.replace("\r\n ", "").contains(SUBJECT));
}

#[test]
fn remind_in_every_format_shows_a_confidential_record_by_id_only() {
    let s = confidential("confidential");
    for format in ["text", "markdown", "json"] {
        let r = s.run(&["--now", NOW, "remind", "--format", format]);
        r.code(0);
        redacted(&r.stdout, "机密记录");
        let r = s.run(&["--now", NOW, "remind", "--format", format, "--include-confidential"]);
        assert!(r.stdout.contains(SUBJECT), "{format}: {}", r.stdout);
    }
    // In English, the placeholder is English.
    s.write("comms.yaml", format!("{CONFIG}language: en\n").replace("language: zh\n", ""));
    redacted(&s.run(&["--now", NOW, "remind"]).stdout, "[confidential record]");
}

#[test]
fn status_json_and_csv_keep_the_full_record_only_with_the_flag() {
    let s = confidential("机密");
    let r = s.run(&["--now", NOW, "status", "--all", "--format", "json"]);
    r.code(0);
    redacted(&r.stdout, "[机密记录]");
    let j = r.json();
    let rec = j.as_array().unwrap().iter().find(|i| i["kind"] == "record").unwrap().clone();
    assert_eq!(rec["type"], "urgent");
    assert_eq!(rec["subject"], "[机密记录]");
    assert_eq!(rec["path"], "records/20261122-7f3a");
    redacted(&s.run(&["--now", NOW, "status", "--all", "--format", "csv"]).stdout, "[机密记录]");
    let r = s.run(&["--now", NOW, "status", "--all", "--format", "json", "--include-confidential"]);
    let j = r.json();
    let rec = j.as_array().unwrap().iter().find(|i| i["kind"] == "record").unwrap().clone();
    assert_eq!(rec["subject"], "【紧急】生产部-设备故障通知");
    assert!(r.stdout.contains(REC), "{}", r.stdout);
    // The table is the owner's own view: in full.
    assert!(s.run(&["--now", NOW, "status", "--all"]).stdout.contains(SUBJECT));
}

#[test]
fn report_html_and_json_lists_show_a_confidential_record_by_id_only() {
    let s = confidential("机密");
    for format in ["html", "json"] {
        let r = s.run(&["--now", NOW, "report", "--format", format]);
        r.code(0);
        for secret in [SUBJECT, "紧急-生产部"] {
            assert!(!r.stdout.contains(secret), "{format}: `{secret}` shown:\n{}", r.stdout);
        }
        let r = s.run(&["--now", NOW, "report", "--format", format, "--include-confidential"]);
        r.code(0);
        if format == "html" {
            assert!(r.stdout.contains(SUBJECT), "{}", r.stdout);
        }
    }
    let html = s.run(&["--now", NOW, "report", "--format", "html"]).stdout;
    assert!(html.contains("20261122-7f3a") && html.contains("[机密记录]"), "{html}");
}

#[test]
fn landlines_are_found_and_fix_masks_them_and_nothing_else() {
    let s = Sandbox::new();
    let text = GOOD.replace("设备部更换轴承。", "设备部更换轴承,总机 021-62345678,深圳 0755 8888 6666,(010)62345678。");
    s.write(REC, &text);
    let j = s.run(&["--now", "2026-11-22 12:00", "validate", "--format", "json"]).json();
    let helps: Vec<&str> = j["diagnostics"].as_array().unwrap().iter().map(|d| d["help"].as_str().unwrap()).collect();
    assert_eq!(helps.len(), 3, "{helps:?}");
    assert!(helps[0].starts_with("write `021-****5678`"), "{helps:?}");
    assert!(helps[1].starts_with("write `0755 **** 6666`"), "{helps:?}");
    s.run(&["--now", "2026-11-22 12:00", "validate", "--fix"]).code(0);
    assert_eq!(
        s.read(REC),
        text.replace("021-62345678", "021-****5678")
            .replace("0755 8888 6666", "0755 **** 6666")
            .replace("(010)62345678", "(010)****5678")
    );
    // Dates, times and ids are not numbers to mask.
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
}

#[test]
fn e_mail_addresses_only_when_mask_lists_them() {
    let s = Sandbox::new();
    let text = GOOD.replace("设备部更换轴承。", "设备部更换轴承,报告发 zhang.wei@example.com。");
    s.write(REC, &text);
    assert!(codes(&s).is_empty(), "{:?}", codes(&s));
    s.write("comms.yaml", format!("{CONFIG}mask: [email]\n"));
    assert_eq!(codes(&s), ["unmasked-contact"]);
    s.run(&["--now", "2026-11-22 12:00", "validate", "--fix"]).code(0);
    assert_eq!(s.read(REC), text.replace("zhang.wei@example.com", "z***@example.com"));
    assert!(codes(&s).is_empty());
    // Anything else in `mask` is refused where it is written.
    s.write("comms.yaml", format!("{CONFIG}mask: [emial]\n"));
    let r = s.run(&["validate"]);
    r.code(2);
    assert!(r.stderr.contains("comms.yaml:3:8"), "{}", r.stderr);
    assert!(r.stderr.contains("did you mean `email`?"), "{}", r.stderr);
}

#[test]
fn controlled_values_with_did_you_mean_and_the_allowed_list() {
    let s = Sandbox::new();
    s.write(
        "comms.yaml",
        format!("{CONFIG}values:\n  project: [一号产线, 二号产线]\n  to: [设备部, 安全部, 生产部]\n"),
    );
    s.write(REC, GOOD.replace("project: 二号产线", "project: \" 二号产线 \""));
    assert!(codes(&s).is_empty(), "compared trimmed: {:?}", codes(&s));
    s.write(REC, GOOD.replace("project: 二号产线", "project: 二号产").replace("[设备部, 安全部]", "[设备部, 财务部]"));
    assert_eq!(codes(&s), ["bad-value", "bad-value"]);
    let r = s.run(&["--now", "2026-11-22 12:00", "validate"]);
    assert!(r.stdout.contains("`project` has `二号产`, which is not one of the allowed values"), "{}", r.stdout);
    assert!(
        r.stdout.contains("did you mean `二号产线`? The allowed values are `一号产线`, `二号产线`"),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("`to` has `财务部`"), "{}", r.stdout);
    assert!(r.stdout.contains(":11:11"), "at the list item: {}", r.stdout);
    // A field no type has is refused at comms.yaml:line:col.
    s.write("comms.yaml", format!("{CONFIG}values:\n  projcet: [一号产线]\n"));
    let r = s.run(&["validate"]);
    r.code(2);
    assert!(r.stderr.contains("comms.yaml:4:3"), "{}", r.stderr);
    assert!(
        r.stderr.contains("`values` has `projcet`, a field no record type has; did you mean `project`?"),
        "{}",
        r.stderr
    );
}

//! Parsing and editing guarantees (issue 11): values quoted for the
//! context they are written in, layouts that edits handle or refuse
//! clearly, YAML's forbidden characters, contact numbers in every spelling,
//! diagnostics capped per file and rule, the size limit kept by edits.

use crate::harness::{GOOD, Sandbox, good_with};

const NOW: &str = "2026-11-23 10:00";

/// A git repository with `records/a.md` holding `text`.
fn repo_with(text: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("records/a.md", text);
    s.git_init();
    s
}

// ---- forbidden characters and long keys ----

#[test]
fn control_characters_in_the_front_matter_are_yaml_syntax_errors_with_their_place() {
    for (bad, code) in [
        ("\u{1}", "U+0001"),
        ("\u{1b}", "U+001B"),
        ("\u{7f}", "U+007F"),
        ("\u{85}", ""),
        ("\u{9b}", "U+009B"),
        ("\u{fffe}", "U+FFFE"),
        ("\u{ffff}", "U+FFFF"),
    ] {
        let s = repo_with(&good_with("owner: 张伟", &format!("owner: 张{bad}伟")));
        let r = s.run(&["validate", "--now", NOW]);
        if code.is_empty() {
            // NEL is a YAML character (a line break to YAML 1.1 readers): allowed.
            assert!(!r.stdout.contains("yaml-syntax"), "{}", r.stdout);
            continue;
        }
        r.code(1);
        assert!(r.stdout.contains("error[yaml-syntax]"), "{bad:?}: {}", r.stdout);
        assert!(r.stdout.contains(code), "{bad:?}: {}", r.stdout);
        assert!(r.stdout.contains("records/a.md:5:9"), "{bad:?}: {}", r.stdout);
        assert!(r.stdout.contains("help: delete it"), "{bad:?}: {}", r.stdout);
    }
}

#[test]
fn a_key_over_1024_characters_is_a_yaml_syntax_error() {
    let key = "备注".repeat(513);
    for text in [
        good_with("owner: 张伟", &format!("owner: 张伟\n{key}: x")),
        good_with("owner: 张伟", &format!("owner: 张伟\nextra: {{{key}: x}}")),
    ] {
        let s = repo_with(&text);
        let r = s.run(&["validate", "--now", NOW]);
        r.code(1);
        assert!(r.stdout.contains("error[yaml-syntax]"), "{}", r.stdout);
        assert!(r.stdout.contains("a key longer than 1024 characters"), "{}", r.stdout);
    }
}

// ---- layouts: one flow mapping, an indented mapping, anchors and aliases ----

const ID: &str = "20261122-7f3a";

/// GOOD's front matter as one flow mapping `{id: …, …}` (its values have
/// no commas).
fn flow_record() -> String {
    let (fm, body) = GOOD.strip_prefix("---\n").unwrap().split_once("\n---\n").unwrap();
    let fm = fm
        .replace("二号产线停工,影响当日交付 300 件", "二号产线停工")
        .replace("设备部现场抢修,备用产线启用", "设备部现场抢修");
    format!("---\n{{{}}}\n---\n{body}", fm.lines().collect::<Vec<_>>().join(", "))
}

/// GOOD's front matter indented by two spaces.
fn indented_record() -> String {
    let (fm, body) = GOOD.strip_prefix("---\n").unwrap().split_once("\n---\n").unwrap();
    format!("---\n{}\n---\n{body}", fm.lines().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"))
}

#[test]
fn set_on_a_flow_mapping_front_matter_quotes_a_value_with_a_comma() {
    let s = repo_with(&flow_record());
    s.run(&["validate", "--now", NOW]).code(0);
    s.run(&["set", ID, "subject=【紧急】设备故障, 已恢复", "--now", NOW]).code(0);
    let text = s.read("records/a.md");
    assert!(text.contains("subject: \"【紧急】设备故障, 已恢复\","), "{text}");
    let r = s.run(&["validate", "--now", NOW, "--strict"]);
    r.code(0);
    assert!(!r.stdout.contains("unknown-field"), "no stray key: {}", r.stdout);
}

#[test]
fn done_ack_and_new_fields_work_on_a_flow_mapping_front_matter() {
    let s = repo_with(&flow_record());
    s.run(&["done", ID, "--now", NOW]).code(0);
    s.run(&["ack", ID, "--by", "李娜", "--now", NOW]).code(0);
    let text = s.read("records/a.md");
    assert!(text.contains("status: done,"), "{text}");
    assert!(text.contains(", closed: 2026-11-23 10:00, acks: [{ by: 李娜, at: 2026-11-23 10:00 }]}\n---\n"), "{text}");
    // The record closes with its outcome (`missing-outcome` otherwise); a new field in this layout too.
    s.run(&["set", ID, "outcome=achieved", "--now", NOW]).code(0);
    s.run(&["validate", "--now", NOW, "--strict"]).code(0);
}

#[test]
fn done_ack_and_new_fields_work_on_an_indented_front_matter() {
    let s = repo_with(&indented_record());
    s.run(&["validate", "--now", NOW]).code(0);
    s.run(&["done", ID, "--now", NOW]).code(0);
    s.run(&["ack", ID, "--by", "李娜", "--now", NOW]).code(0);
    let text = s.read("records/a.md");
    assert!(
        text.contains("\n  status: done\n")
            && text.contains("\n  closed: 2026-11-23 10:00\n  acks:\n    - { by: 李娜, at: 2026-11-23 10:00 }\n---\n"),
        "{text}"
    );
    // The record closes with its outcome (`missing-outcome` otherwise); a new field in this layout too.
    s.run(&["set", ID, "outcome=achieved", "--now", NOW]).code(0);
    s.run(&["validate", "--now", NOW, "--strict"]).code(0);
}

#[test]
fn anchors_and_aliases_are_edited_around_or_refused_with_a_sentence() {
    let text = good_with("owner: 张伟", "owner: &p 张伟")
        .replace("from: 生产部", "from: *p")
        .replace("created: 2026-11-22 09:30", "created: &c 2026-11-22 09:30\nacks:\n  - { by: *p, at: *c }");
    let s = repo_with(&text);
    s.run(&["validate", "--now", NOW]).code(0);
    // Edits that do not touch the anchored values work.
    s.run(&["done", ID, "--now", NOW]).code(0);
    s.run(&["ack", ID, "--by", "李娜", "--now", NOW]).code(0);
    s.run(&["validate", "--now", NOW]).code(0);
    let before = s.read("records/a.md");
    assert!(before.contains("  - { by: *p, at: *c }\n  - { by: 李娜, at: 2026-11-23 10:00 }\n"), "{before}");
    // Changing an anchored value the aliases repeat is refused, clearly.
    let r = s.run(&["set", ID, "owner=李娜", "--now", NOW]);
    r.code(2);
    assert!(r.stderr.contains("records/a.md: `owner` is written with the YAML anchor `&p`"), "{}", r.stderr);
    assert!(r.stderr.contains("write the value out in full in place of each `*p`"), "{}", r.stderr);
    assert!(!r.stderr.contains("parser") && !r.stderr.contains("invalid YAML"), "{}", r.stderr);
    assert_eq!(s.read("records/a.md"), before, "nothing written");
    // A value written as an alias is replaced by its own value.
    s.run(&["set", ID, "from=行政部", "--now", NOW]).code(0);
    assert!(s.read("records/a.md").contains("from: 行政部\n"));
    // A list written as an alias is not appended to.
    let text = good_with("to: [设备部, 安全部]", "to: &t [{ by: 张伟, at: 2026-11-22 10:00 }]\nacks: *t");
    let s = repo_with(&text);
    let before = s.read("records/a.md");
    let r = s.run(&["ack", ID, "--by", "李娜", "--now", NOW]);
    r.code(2);
    assert!(r.stderr.contains("records/a.md: `acks` is written as the YAML alias `*t`"), "{}", r.stderr);
    assert_eq!(s.read("records/a.md"), before, "nothing written");
}

// ---- the size limit ----

#[test]
fn an_edit_that_would_pass_max_file_size_is_refused_and_nothing_written() {
    let s = Sandbox::new();
    s.write("comms.yaml", format!("{}max_file_size: {}\n", crate::harness::CONFIG, GOOD.len() + 200));
    s.write("records/a.md", GOOD);
    s.git_init();
    // A short entry fits.
    s.run(&["log", ID, "已联系设备部", "--by", "张伟", "--now", NOW]).code(0);
    let before = s.read("records/a.md");
    let r = s.run(&["log", ID, &"更换轴承".repeat(40), "--by", "张伟", "--now", NOW]);
    r.code(2);
    let limit = GOOD.len() + 200;
    assert!(r.stderr.contains(&format!("over the limit of {limit} bytes")), "{}", r.stderr);
    assert!(r.stderr.contains("records/a.md was not changed: the edit would make it "), "{}", r.stderr);
    assert_eq!(s.read("records/a.md"), before, "nothing written");
    s.run(&["validate", "--now", NOW]).code(0);
}

// ---- many findings ----

#[test]
fn findings_are_capped_per_file_and_rule_with_a_note_and_fix_masks_them_all() {
    let numbers: String = (0..5000).map(|i| format!("- 联系人 {i}: 139{i:08}\n")).collect();
    let s = Sandbox::new();
    s.write("comms.yaml", format!("{}max_file_size: 4000000\n", crate::harness::CONFIG));
    s.write("records/a.md", format!("{GOOD}{numbers}"));
    s.git_init();
    let r = s.run(&["validate", "--now", NOW, "--format", "json"]);
    r.code(1);
    let json = r.json();
    let diags = json["diagnostics"].as_array().unwrap();
    let contact: Vec<_> = diags.iter().filter(|d| d["code"] == "unmasked-contact").collect();
    assert_eq!(contact.len(), 101, "100 findings and the note");
    assert_eq!(
        contact[100]["message"],
        "4900 more unmasked-contact findings in this file not shown (at most 100 per file and rule)"
    );
    assert_eq!(contact[99]["line"], contact[100]["line"], "the note comes after the last one shown");
    let human = s.run(&["validate", "--now", NOW]);
    assert!(human.stdout.contains("4900 more unmasked-contact findings in this file not shown"), "{}", human.stdout);
    // `--fix` masks every number, not only the ones shown.
    s.run(&["validate", "--fix", "--now", NOW]).code(0);
    let text = s.read("records/a.md");
    assert!(text.contains("- 联系人 4999: 139****4999\n"), "the last one is masked");
    assert_eq!(text.matches("****").count(), 5000);
}

// ---- contact numbers in every spelling ----

#[test]
fn unmasked_contact_finds_every_spelling_and_fix_masks_them() {
    let text = good_with(
        "measures: 设备部现场抢修,备用产线启用",
        "measures: \"联系 138\\u00300138000\"\nimpact: \"联系 1380013\\\n  8001\"",
    )
    .replace("impact: 二号产线停工,影响当日交付 300 件\n", "")
    .replace(
        "设备部更换轴承。",
        "设备部更换轴承。\n联系 +8613800138002、8613800138003、１３８００１３８００４、138.0013.8005、138_0013_8006。",
    );
    let s = repo_with(&text);
    let r = s.run(&["validate", "--now", NOW, "--format", "json"]);
    r.code(1);
    let json = r.json();
    let found: Vec<(i64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "unmasked-contact")
        .map(|d| (d["line"].as_i64().unwrap(), d["help"].as_str().unwrap().to_string()))
        .collect();
    assert_eq!(found.len(), 7, "{found:?}");
    assert!(found[0].1.contains("联系 138****8000"), "{found:?}");
    assert!(found[1].1.contains("联系 138****8001"), "{found:?}");
    s.run(&["validate", "--fix", "--now", NOW]).code(0);
    let fixed = s.read("records/a.md");
    for want in [
        "measures: 联系 138****8000\n",
        "impact: 联系 138****8001\n",
        "+86138****8002、86138****8003、１３８****８００４、138.****.8005、138_****_8006。",
    ] {
        assert!(fixed.contains(want), "{want}\n{fixed}");
    }
    // The record closes with its outcome (`missing-outcome` otherwise); a new field in this layout too.
    s.run(&["set", ID, "outcome=achieved", "--now", NOW]).code(0);
    s.run(&["validate", "--now", NOW, "--strict"]).code(0);
}

// ---- line endings ----

#[test]
fn log_ack_and_done_into_a_crlf_file_add_crlf_lines_only() {
    // Saved with CRLF, but its first line (the fence) left with LF by a tool.
    let text = GOOD.replace('\n', "\r\n").replacen("---\r\n", "---\n", 1);
    let s = repo_with(&text);
    s.run(&["log", ID, "已联系设备部", "--by", "张伟", "--now", NOW]).code(0);
    s.run(&["ack", ID, "--by", "李娜", "--now", NOW]).code(0);
    s.run(&["done", ID, "--now", NOW]).code(0);
    let after = s.read("records/a.md");
    let bare = after.match_indices('\n').filter(|(i, _)| *i == 0 || after.as_bytes()[i - 1] != b'\r').count();
    assert_eq!(bare, 1, "only the fence the file already had: {after:?}");
    assert!(after.contains("- 2026-11-23 10:00 张伟: 已联系设备部\r\n"), "{after:?}");
    assert!(
        after.contains("acks:\r\n  - { by: 李娜, at: 2026-11-23 10:00 }\r\nclosed: 2026-11-23 10:00\r\n---\r\n"),
        "{after:?}"
    );
}

// ---- one range of years ----

#[test]
fn now_and_year_accept_the_same_years() {
    let s = repo_with(GOOD);
    for now in ["0000-01-01 00:00", "0999-12-31 23:59"] {
        let r = s.run(&["status", "--now", now]);
        r.code(2);
        assert!(r.stderr.contains("is outside 1000–9999"), "{}", r.stderr);
    }
    let r = s.run(&["report", "--year", "0999"]);
    r.code(2);
    assert!(r.stderr.contains("is not a year from 1000 to 9999"), "{}", r.stderr);
    s.run(&["status", "--now", "1000-01-01 00:00"]).code(0);
    s.run(&["report", "--year", "1000", "--now", "1000-01-01 00:00"]).code(0);
}

// ---- set: values that read as numbers, spaces around values ----

#[test]
fn set_quotes_values_other_readers_take_for_numbers_and_says_when_it_trims() {
    let s = repo_with(GOOD);
    let r = s.run(&["set", ID, "project=0x1F", "from=1:30", "measures=  设备部抢修  ", "--now", NOW]);
    r.code(0);
    let text = s.read("records/a.md");
    for want in ["project: \"0x1F\"\n", "from: \"1:30\"\n", "measures: 设备部抢修\n"] {
        assert!(text.contains(want), "{want}\n{text}");
    }
    assert!(r.stderr.contains("`measures` 的值首尾的空白已去掉"), "{}", r.stderr);
    assert!(!r.stderr.contains("`project`"), "{}", r.stderr);
    let r = s.run(&["set", ID, "project=二号产线", "--now", NOW]);
    assert!(!r.stderr.contains("空白"), "{}", r.stderr);
}

#[test]
fn explicit_keys_and_aliased_action_items_are_edited_or_refused_clearly() {
    // `? key` / `: value` pairs: new keys go at the keys' indentation.
    let (fm, body) = GOOD.strip_prefix("---\n").unwrap().split_once("\n---\n").unwrap();
    let explicit: Vec<String> = fm
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(": ").unwrap();
            format!("? {k}\n: {v}")
        })
        .collect();
    let s = repo_with(&format!("---\n{}\n---\n{body}", explicit.join("\n")));
    s.run(&["done", ID, "--now", NOW]).code(0);
    s.run(&["ack", ID, "--by", "李娜", "--now", NOW]).code(0);
    let text = s.read("records/a.md");
    assert!(text.contains("\n: done\n"), "{text}");
    assert!(
        text.contains("\nclosed: 2026-11-23 10:00\nacks:\n  - { by: 李娜, at: 2026-11-23 10:00 }\n---\n"),
        "{text}"
    );
    s.run(&["validate", "--now", NOW]).code(0);
    // An action item written as an alias of another: refused, nothing written.
    let text = good_with(
        "created: 2026-11-22 09:30",
        "created: 2026-11-22 09:30\nactions:\n  - &t1 { task: 换轴承, owner: 孙磊, deadline: 2026-11-23 12:00, status: open }\n  - *t1",
    );
    let s = repo_with(&text);
    for (item, want) in [
        ("#2", "records/a.md: `actions#2` is written as the YAML alias `*t1`"),
        ("#1", "records/a.md: `actions#1` is written with the YAML anchor `&t1`"),
    ] {
        let r = s.run(&["done", &format!("{ID}{item}"), "--now", NOW]);
        r.code(2);
        assert!(r.stderr.contains(want), "{}", r.stderr);
        assert!(r.stderr.contains("nothing was written"), "{}", r.stderr);
    }
    assert_eq!(s.read("records/a.md"), text);
}

#[test]
fn new_refuses_a_record_over_max_file_size() {
    let s = Sandbox::new();
    s.write("comms.yaml", format!("{}max_file_size: 1500\n", crate::harness::CONFIG));
    s.git_init();
    let subject = format!("【紧急】{}", "设备故障".repeat(200));
    let r = s.run(&[
        "new",
        "urgent",
        "--subject",
        &subject,
        "--owner",
        "张伟",
        "--deadline",
        "2026-11-23 17:00",
        "--now",
        NOW,
    ]);
    r.code(2);
    assert!(r.stderr.contains("over the limit of 1500 bytes"), "{}", r.stderr);
    assert!(s.files("records").is_empty(), "{:?}", s.files("records"));
}

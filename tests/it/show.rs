//! `comms show ID`.

use crate::tracked::{self, run};

#[test]
fn shows_fields_acks_and_the_body_readably() {
    let s = tracked::repo();
    let r = run(&s, &["show", "20261121-7f3a"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
    assert_eq!(r.stderr, "", "a valid record has no note");
}

#[test]
fn shows_action_items_in_english() {
    let s = tracked::repo();
    let r = run(&s, &["--lang", "en", "show", "20261117"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn an_urgent_record_nobody_acknowledged_says_so() {
    let s = tracked::repo();
    let r = run(&s, &["show", "20261121-c94e"]);
    r.code(0);
    assert!(r.stdout.contains("已读确认\n  尚无人确认已读;确认:comms ack 20261121-c94e\n"), "{}", r.stdout);
    assert!(r.stdout.contains("截止时间  2026-11-22 12:00 (剩余 3小时)\n"), "{}", r.stdout);
}

#[test]
fn finds_the_record_by_prefix_path_or_action_id() {
    let s = tracked::repo();
    let first = |r: &crate::harness::Run| r.stdout.lines().next().unwrap_or_default().to_string();
    assert_eq!(
        first(run(&s, &["show", "20261110"]).code(0)),
        "20261110-9be2  【行政部-财务部】采购申请: 显示器, \"27 寸\""
    );
    assert!(first(run(&s, &["show", tracked::MEETING]).code(0)).starts_with("20261117-6c0f  "));
    assert!(first(run(&s, &["show", "20261117-6c0f#2"]).code(0)).starts_with("20261117-6c0f  "));
    let sub = s.path().join("records");
    let r = s.run_in(&sub, &["--now", tracked::NOW, "show", "20261117-6c0f-项目研发阶段延期协调会.md"]);
    assert!(first(r.code(0)).starts_with("20261117-6c0f  "), "a path from the current folder");
    let archived = run(&s, &["show", "20261014"]);
    assert!(archived.code(0).stdout.lines().nth(1).unwrap().ends_with("  (已归档)"), "{}", archived.stdout);
}

#[test]
fn a_late_deadline_and_late_action_items_are_marked() {
    let s = tracked::repo();
    let r = run(&s, &["--color", "always", "show", "20261117-6c0f"]);
    r.code(0);
    let late: Vec<&str> = r.stdout.lines().filter(|l| l.contains("逾期")).collect();
    assert_eq!(late.len(), 1, "{}", r.stdout);
    assert!(late[0].contains("\u{1b}[31m") && late[0].contains("输出试产物料需求清单"), "{late:?}");
}

#[test]
fn unknown_and_ambiguous_ids_list_the_candidates() {
    let s = tracked::repo();
    for (id, message) in [
        (
            "202611",
            "error: `202611` matches 4 records: 20261110-9be2 (【行政部-财务部】采购申请: 显示器, \"27 寸\"), 20261117-6c0f (项目研发阶段延期协调会), 20261121-7f3a (【紧急】生产部-设备故障通知), 20261121-c94e (【紧急】市场部-负面舆情应对); give more of the id\n",
        ),
        ("20261121-7f3b", "error: no record matches `20261121-7f3b`; did you mean `20261121-7f3a`?"),
        (
            "nothing",
            "error: no record matches `nothing`; `comms status` lists the records (1 file could not be read as a record; `comms validate` shows why)\n",
        ),
        (
            "records/broken.md",
            "error: records/broken.md cannot be read as a record (invalid YAML: the list opened with `[` here is never closed); `comms validate records/broken.md` shows where\n",
        ),
        ("20261117-6c0f#7", "error: record 20261117-6c0f has 3 action items (1-3); there is no action item 7\n"),
        (
            "20261117-6c0f#0",
            "error: `20261117-6c0f#0` names action item 0; action items are numbered from 1, e.g. `20261117-6c0f#1`\n",
        ),
    ] {
        let r = run(&s, &["show", id]);
        r.code(2);
        assert!(r.stderr.starts_with(message), "{id}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "{}", r.stderr);
    }
}

#[test]
fn many_candidates_are_cut_short() {
    let s = tracked::repo();
    for i in 0..12 {
        s.write(
            &format!("records/20261201-{i:04x}.md"),
            tracked::PURCHASE_TEXT.replace("20261110-9be2", &format!("20261201-{i:04x}")),
        );
    }
    let r = run(&s, &["show", "20261201"]);
    r.code(2);
    assert!(r.stderr.contains("matches 12 records: 20261201-0000 ("), "{}", r.stderr);
    assert!(r.stderr.contains(" and 4 more; give more of the id"), "{}", r.stderr);
}

#[test]
fn a_record_that_breaks_rules_is_shown_with_a_note() {
    let s = tracked::repo();
    s.write(tracked::PURCHASE, tracked::PURCHASE_TEXT.replace("owner: 王强", "owner: 相关部门"));
    let r = run(&s, &["show", "20261110-9be2"]);
    r.code(0);
    assert!(r.stdout.contains("负责人    相关部门"), "{}", r.stdout);
    assert!(
        r.stderr.contains(
            "注意:此记录有 1 个错误、0 个警告;运行 comms validate records/20261110-9be2-办公设备采购申请.md 查看"
        ),
        "{}",
        r.stderr
    );
}

#[test]
fn duplicate_ids_ask_for_the_path() {
    let s = tracked::repo();
    s.write("records/copy.md", tracked::PR_TEXT);
    let r = run(&s, &["show", "20261121-c94e"]);
    r.code(2);
    assert!(
        r.stderr.starts_with("error: id `20261121-c94e` is used by 2 records (records/20261121-c94e-紧急-市场部-负面舆情应对.md, records/copy.md); give the path instead"),
        "{}",
        r.stderr
    );
    run(&s, &["show", "records/copy.md"]).code(0);
}

//! `comms status`: records and action items, filters, the four formats.

use crate::harness::Sandbox;
use crate::tracked::{self, run};

fn ids(s: &Sandbox, args: &[&str]) -> Vec<String> {
    let mut all = vec!["status", "--format", "json"];
    all.extend_from_slice(args);
    let json = run(s, &all).code(0).json();
    json.as_array().unwrap().iter().map(|i| i["id"].as_str().unwrap().to_string()).collect()
}

#[test]
fn lists_records_and_action_items_soonest_deadline_first() {
    let s = tracked::repo();
    // Issue 13: without a filter, open work only — the done action item and
    // the archived record are left out; the type column is in --lang.
    let r = run(&s, &["status"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
    assert!(r.stderr.contains("共 6 项,其中逾期 2 项"), "{}", r.stderr);
    assert!(r.stderr.contains("1 个文件无法读取为记录,未列出;运行 comms validate 查看原因"), "{}", r.stderr);
}

#[test]
fn english_labels_with_lang_en() {
    let s = tracked::repo();
    let r = run(&s, &["--lang", "en", "status", "--open"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
    assert!(r.stderr.contains("6 items, 2 overdue"), "{}", r.stderr);
    assert!(r.stderr.contains("note: 1 file could not be read as records and is not listed"), "{}", r.stderr);
}

#[test]
fn json_is_the_documented_contract() {
    let s = tracked::repo();
    let json = run(&s, &["status", "--all", "--format", "json"]).code(0).json();
    let items = json.as_array().unwrap();
    let order: Vec<&str> = items.iter().map(|i| i["id"].as_str().unwrap()).collect();
    assert_eq!(
        order,
        [
            "20261014-d5a9",
            "20261110-9be2",
            "20261117-6c0f#1",
            "20261117-6c0f#2",
            "20261121-c94e",
            "20261121-7f3a",
            "20261117-6c0f#3",
            "20261117-6c0f"
        ]
    );
    assert_eq!(
        items[3],
        serde_json::json!({
            "id": "20261117-6c0f#2",
            "kind": "action",
            "parent": "20261117-6c0f",
            "path": tracked::MEETING,
            "type": "meeting",
            "subject": "输出试产物料需求清单",
            "owner": "张伟",
            "deadline": "2026-11-20 18:00",
            "status": "open",
            "project": "产品V2.1",
            "overdue": true
        })
    );
    assert_eq!(
        items[5],
        serde_json::json!({
            "id": "20261121-7f3a",
            "kind": "record",
            "parent": null,
            "path": tracked::INCIDENT,
            "type": "urgent",
            "subject": "【紧急】生产部-设备故障通知",
            "owner": "张伟",
            "deadline": "2026-11-23 17:00",
            "status": "in-progress",
            "project": "二号产线",
            "overdue": false,
            "acks_expected": 0,
            "acks_missing": []
        })
    );
    // Aliases come out canonical; archived records are listed; no project is null.
    assert_eq!(items[6]["status"], "in-progress");
    assert_eq!(items[0]["path"], tracked::OUTAGE);
    assert_eq!(items[1]["project"], serde_json::Value::Null);
}

#[test]
fn overdue_and_due_within() {
    let s = tracked::repo();
    assert_eq!(ids(&s, &["--overdue"]), ["20261110-9be2", "20261117-6c0f#2"]);
    assert_eq!(ids(&s, &["--due-within", "1d"]), ["20261110-9be2", "20261117-6c0f#2", "20261121-c94e"]);
    assert_eq!(
        ids(&s, &["--due-within", "2d"]),
        ["20261110-9be2", "20261117-6c0f#2", "20261121-c94e", "20261121-7f3a"]
    );
    assert_eq!(ids(&s, &["--due-within", "3h"]), ["20261110-9be2", "20261117-6c0f#2"], "12:00 is not before 12:00");
    assert_eq!(ids(&s, &["--due-within", "3h1m"]), ["20261110-9be2", "20261117-6c0f#2", "20261121-c94e"]);
    assert_eq!(
        ids(&s, &["--open"]),
        ["20261110-9be2", "20261117-6c0f#2", "20261121-c94e", "20261121-7f3a", "20261117-6c0f#3", "20261117-6c0f"]
    );
    // The same repository a week later: everything open is late.
    let r = s.run(&["--now", "2026-11-29 09:00", "status", "--overdue", "--format", "json"]).code(0).json();
    assert_eq!(r.as_array().unwrap().len(), 6);
}

#[test]
fn owner_matches_records_and_action_items_through_aliases() {
    let s = tracked::repo();
    assert_eq!(ids(&s, &["--owner", "张伟"]), ["20261117-6c0f#2", "20261121-7f3a"]);
    assert_eq!(ids(&s, &["--owner", "Zhang Wei"]), ["20261117-6c0f#2", "20261121-7f3a"]);
    assert_eq!(ids(&s, &["--owner", "李娜"]), ["20261121-c94e", "20261117-6c0f#3"], "the action item says `Li Na`");
    assert_eq!(ids(&s, &["--owner", "李娜", "--owner", "张伟", "--overdue"]), ["20261117-6c0f#2"]);
    assert_eq!(ids(&s, &["--owner", "吴刚"]), Vec::<String>::new(), "in the directory, owns nothing");
}

#[test]
fn type_project_and_status_filters_accept_aliases_and_combine() {
    let s = tracked::repo();
    let meeting = ["20261117-6c0f#1", "20261117-6c0f#2", "20261117-6c0f#3", "20261117-6c0f"];
    assert_eq!(ids(&s, &["--type", "会议", "--all"]), meeting);
    assert_eq!(ids(&s, &["--type", "meeting"]), meeting[1..], "open work: not the done action item");
    assert_eq!(ids(&s, &["--type", "urgent,internal", "--open"]), ["20261110-9be2", "20261121-c94e", "20261121-7f3a"]);
    assert_eq!(ids(&s, &["--project", "二号产线"]), ["20261121-7f3a"]);
    assert_eq!(ids(&s, &["--status", "处理中"]), ["20261121-7f3a", "20261117-6c0f#3", "20261117-6c0f"]);
    assert_eq!(ids(&s, &["--status", "open,延期"]), ["20261110-9be2", "20261117-6c0f#2", "20261121-c94e"]);
    // --status chooses the statuses; archived records only with --all.
    assert_eq!(ids(&s, &["--status", "done"]), ["20261117-6c0f#1"]);
    assert_eq!(ids(&s, &["--status", "done", "--all"]), ["20261014-d5a9", "20261117-6c0f#1"]);
    assert_eq!(ids(&s, &["--owner", "王强", "--open", "--type", "meeting"]), ["20261117-6c0f"]);
    assert_eq!(ids(&s, &["--project", "产品V2.1", "--due-within", "3d", "--owner", "Li Na"]), ["20261117-6c0f#3"]);
}

#[test]
fn csv_is_rfc_4180_with_the_json_keys() {
    let s = tracked::repo();
    let r = run(&s, &["status", "--format", "csv", "--open"]);
    r.code(0);
    assert!(r.stdout.starts_with("id,kind,parent,path,type,subject,owner,deadline,status,project,overdue\r\n"));
    assert!(
        r.stdout
            .contains("\"【行政部-财务部】采购申请: 显示器, \"\"27 寸\"\"\",王强,2026-11-18 18:00,delayed,,true\r\n"),
        "{}",
        r.stdout
    );
    insta::assert_snapshot!(r.stdout.replace("\r\n", "⏎\n"));
}

#[test]
fn csv_cells_a_spreadsheet_would_run_are_text_and_files_get_a_byte_order_mark() {
    let s = Sandbox::new();
    s.write(
        "records/a.md",
        crate::harness::record(
            "20261122-aaaa",
            "internal",
            "owner: \"@张伟\"\nproject: \"-二号产线\"\ndeadline: 2026-11-23 17:00\nstatus: open\nfrom: a\nto: b\n",
        )
        .replace("subject: 通知-20261122-aaaa", "subject: \"=HYPERLINK(\\\"http://x.invalid\\\",\\\"点我\\\")\""),
    );
    let r = run(&s, &["status", "--format", "csv"]);
    r.code(0);
    let row = r.stdout.lines().nth(1).unwrap();
    assert!(row.contains(",\"'=HYPERLINK(\"\"http://x.invalid\"\",\"\"点我\"\")\",'@张伟,"), "{row}");
    assert!(row.contains(",'-二号产线,"), "{row}");
    assert!(r.stdout.starts_with("id,"), "no byte order mark on standard output");

    // -o writes a file: the format from its extension, a byte order mark
    // in front, no colours.
    let r = run(&s, &["--color", "always", "status", "-o", "open.csv"]);
    r.code(0);
    assert_eq!(r.stdout, "");
    let file = s.read("open.csv");
    assert!(file.starts_with("\u{feff}id,kind,parent,path,"), "{file}");
    assert!(file.contains(",'@张伟,"), "{file}");
    run(&s, &["status", "-o", "open.csv"]).code(2);
    run(&s, &["status", "--output", "open.csv", "--force", "--format", "json"]).code(0);
    assert!(s.read("open.csv").starts_with("[\n"), "--format wins over the extension");
    run(&s, &["--color", "always", "status", "--output", "open.txt"]).code(0);
    let table = s.read("open.txt");
    assert!(table.contains("20261122-aaaa") && !table.contains('\u{1b}') && !table.starts_with('\u{feff}'), "{table}");
}

#[test]
fn markdown_table_escapes_and_marks_overdue() {
    let s = tracked::repo();
    let r = run(&s, &["status", "--format", "markdown", "--open"]);
    r.code(0);
    insta::assert_snapshot!(r.stdout);
}

#[test]
fn overdue_rows_are_red_on_a_colour_terminal_only() {
    let s = tracked::repo();
    let r = run(&s, &["--color", "always", "status", "--open"]);
    let late: Vec<&str> = r.stdout.lines().filter(|l| l.contains("逾期")).collect();
    assert_eq!(late.len(), 2);
    assert!(late.iter().all(|l| l.starts_with("\u{1b}[31m")), "{late:?}");
    assert!(!r.stdout.lines().any(|l| l.contains("剩余") && l.contains('\u{1b}')));
    let plain = run(&s, &["status", "--open"]);
    assert!(!plain.stdout.contains('\u{1b}'));
}

#[test]
fn nothing_to_list() {
    let s = tracked::repo();
    let r = run(&s, &["status", "--owner", "吴刚"]);
    r.code(0);
    assert_eq!(r.stdout, "");
    assert!(r.stderr.contains("没有符合条件的记录或待办事项"), "{}", r.stderr);
    assert_eq!(run(&s, &["status", "--owner", "吴刚", "--format", "json"]).code(0).stdout, "[]\n");
    let quiet = run(&s, &["--quiet", "status", "--owner", "吴刚"]);
    assert_eq!(quiet.stderr, "", "--quiet drops the notes");
    let empty = Sandbox::new();
    assert_eq!(
        run(&empty, &["status", "--format", "csv"]).code(0).stdout,
        "id,kind,parent,path,type,subject,owner,deadline,status,project,overdue\r\n"
    );
}

#[test]
fn bad_filters_are_one_sentence_and_exit_2() {
    let s = tracked::repo();
    for (args, message) in [
        (
            vec!["--due-within", "2x"],
            "error: --due-within `2x` has an unknown unit `x`; use w, d, h or m (e.g. `2d`, `12h`)",
        ),
        (vec!["--due-within", "2"], "error: --due-within `2` needs a unit; write e.g. `2d` or `2h`"),
        (vec!["--due-within=-1d"], "error: --due-within `-1d` is not a duration; write e.g. `2d`, `12h` or `1d12h`"),
        (vec!["--due-within", "99999999999999w"], "error: --due-within `99999999999999w` is too long a time"),
        (vec!["--due-within", "50000000w"], "error: --due-within `50000000w` is too long a time"),
        (vec!["--status", "finised"], "error: --status: unknown status `finised`; use open, in-progress, done"),
        (vec!["--status", "进行"], "error: --status: unknown status `进行`; did you mean `进行中`?"),
        (vec!["--type", "urgnet"], "error: unknown record type `urgnet`; did you mean `urgent`?"),
        (vec!["--owner", "张玮"], "error: no record or action item is owned by `张玮`; did you mean `张伟`?"),
        (
            vec!["--owner", "赵六"],
            "error: no record or action item is owned by `赵六`, and comms.yaml lists no such person",
        ),
        (vec!["--owner", " "], "error: --owner is empty; write a name, e.g. --owner 张伟"),
        (vec!["--project", "二号产"], "error: no record has the project `二号产`; did you mean `二号产线`?"),
        (
            vec!["--project", "不存在"],
            "error: no record has the project `不存在`; the projects are 二号产线, 产品V2.1, 品牌, 订单系统",
        ),
    ] {
        let mut all = vec!["status"];
        all.extend_from_slice(&args);
        let r = run(&s, &all);
        r.code(2);
        assert!(r.stderr.starts_with(message), "{args:?}: {}", r.stderr);
        assert_eq!(r.stderr.lines().count(), 1, "one sentence: {}", r.stderr);
        assert_eq!(r.stdout, "");
    }
}

#[test]
fn a_record_with_an_unreadable_deadline_is_shown_and_noted() {
    let s = tracked::repo();
    s.write(tracked::PURCHASE, tracked::PURCHASE_TEXT.replace("deadline: 2026-11-18 18:00", "deadline: 尽快"));
    let r = run(&s, &["--lang", "en", "status", "--owner", "王强", "--open"]);
    r.code(0);
    let row = r.stdout.lines().find(|l| l.starts_with("20261110-9be2")).unwrap();
    assert!(row.contains(" ? "), "{row}");
    assert!(r.stderr.contains("note: 1 item has a deadline or status comms cannot read (shown as ?)"), "{}", r.stderr);
    let last = r.stdout.lines().last().unwrap();
    assert!(last.starts_with("20261110-9be2"), "no deadline sorts last:\n{}", r.stdout);
}

/// Issue 13: `status` listed done, cancelled and archived records by
/// default. Open work by default; `--all` for everything.
#[test]
fn open_work_by_default_and_all_for_everything() {
    let s = tracked::repo();
    let open =
        ["20261110-9be2", "20261117-6c0f#2", "20261121-c94e", "20261121-7f3a", "20261117-6c0f#3", "20261117-6c0f"];
    assert_eq!(ids(&s, &[]), open);
    assert_eq!(ids(&s, &["--open"]), open, "--open is the default, kept for scripts");
    let all = ids(&s, &["--all"]);
    assert_eq!(all.len(), 8);
    assert!(all.contains(&"20261014-d5a9".to_string()) && all.contains(&"20261117-6c0f#1".to_string()));
    let r = run(&s, &["status", "-a"]);
    assert!(r.stderr.contains("共 8 项,其中逾期 2 项"), "{}", r.stderr);
    run(&s, &["status", "--all", "--open"]).code(2);
}

/// Issue 13: `--tag`, `--priority`, `--grep`, `--sort` and `--mine`.
#[test]
fn tag_priority_grep_sort_and_mine() {
    let s = tracked::repo();
    s.write(tracked::PURCHASE, tracked::PURCHASE_TEXT.replacen("owner: 王强", "owner: 王强\ntags: [采购, IT]", 1));
    assert_eq!(ids(&s, &["--tag", "it"]), ["20261110-9be2"]);
    let r = run(&s, &["status", "--tag", "财物"]);
    r.code(2);
    assert_eq!(r.stderr, "error: no record has the tag `财物`; the tags are IT, 采购\n");
    assert_eq!(ids(&s, &["--priority", "高"]), ["20261121-c94e", "20261121-7f3a"]);
    assert_eq!(ids(&s, &["--priority", "low,medium"]), Vec::<String>::new());
    let r = run(&s, &["status", "--priority", "urgent"]);
    r.code(2);
    assert!(
        r.stderr.starts_with("error: --priority: unknown priority `urgent`; use high, medium or low"),
        "{}",
        r.stderr
    );
    // --grep: a record's file (here a word of the body), an action item's task.
    assert_eq!(ids(&s, &["--grep", "主轴电机"]), ["20261121-7f3a"], "a word of the body");
    // The action item by its task, its record because the task is in its file.
    assert_eq!(ids(&s, &["--grep", "研发排期"]), ["20261117-6c0f#3", "20261117-6c0f"]);
    assert_eq!(ids(&s, &["--grep", "li na"]), ["20261117-6c0f#3", "20261117-6c0f"], "ignoring case");
    assert_eq!(ids(&s, &["--grep", "BRAND-NEW-WORD"]), Vec::<String>::new());
    // --sort: fields, `-` for descending; ties keep the deadline order.
    assert_eq!(
        ids(&s, &["--sort", "-deadline"]),
        ["20261117-6c0f", "20261117-6c0f#3", "20261121-7f3a", "20261121-c94e", "20261117-6c0f#2", "20261110-9be2"]
    );
    assert_eq!(
        ids(&s, &["--sort", "priority,id"]),
        ["20261121-7f3a", "20261121-c94e", "20261110-9be2", "20261117-6c0f", "20261117-6c0f#2", "20261117-6c0f#3"]
    );
    let r = run(&s, &["status", "--sort", "dedline"]);
    r.code(2);
    assert_eq!(r.stderr, "error: --sort: unknown field `dedline`; did you mean `deadline`?\n");
    // --mine: git's user.name, through the people directory's aliases.
    s.git_init();
    s.git(&["config", "user.name", "Zhang Wei"]);
    assert_eq!(ids(&s, &["--mine"]), ["20261117-6c0f#2", "20261121-7f3a"]);
    s.git(&["config", "user.name", "zw"]);
    let r = run(&s, &["status", "--mine"]);
    r.code(2);
    assert!(
        r.stderr.starts_with(
            "error: --mine: you are `zw` (git's user.name, else $USER), who is not in the people directory"
        ),
        "{}",
        r.stderr
    );
}

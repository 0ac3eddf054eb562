//! `comms new`.

use crate::harness::Sandbox;

const NOW: [&str; 2] = ["--now", "2026-11-22 09:30"];

fn new(s: &Sandbox, args: &[&str]) -> crate::harness::Run {
    let mut all: Vec<&str> = NOW.to_vec();
    all.push("new");
    all.extend_from_slice(args);
    s.run(&all)
}

#[test]
fn creates_a_valid_record_from_flags() {
    let s = Sandbox::new();
    let run = new(
        &s,
        &[
            "urgent",
            "--subject",
            "【紧急】生产部-设备故障通知",
            "--owner",
            "张伟",
            "--deadline",
            "2026-11-23 17:00",
            "--project",
            "二号产线",
            "--set",
            "impact=二号产线停工: 影响 300 件",
            "--set",
            "measures=设备部现场抢修",
            "--set",
            "to=[设备部, 安全部]",
            "--set",
            "priority=medium",
        ],
    );
    run.code(0);
    let path = run.stdout.trim().to_string();
    assert!(path.starts_with("records/20261122-") && path.ends_with("-紧急-生产部-设备故障通知.md"), "{path}");
    let text = s.read(&path);
    let id = &path["records/".len().."records/".len() + 13];
    assert!(text.starts_with(&format!("---\nid: {id}\ntype: urgent\n")), "{text}");
    assert!(text.contains("\nsubject: 【紧急】生产部-设备故障通知\n"));
    assert!(text.contains("\ncreated: 2026-11-22 09:30\n"));
    assert!(text.contains("\nimpact: \"二号产线停工: 影响 300 件\"\n"), "{text}");
    assert!(text.contains("\nto: [设备部, 安全部]\n"));
    assert!(text.contains("\npriority: medium\n"), "{text}");
    assert!(text.contains("# 影响范围"), "the template's comments are kept");
    s.run(&["validate", "--strict"]).code(0);
}

#[test]
fn missing_values_stay_placeholders_without_a_terminal() {
    let s = Sandbox::new();
    let run = new(&s, &["meeting", "-s", "研发延期协调会"]);
    run.code(0);
    assert!(run.stderr.contains("待填写"), "{}", run.stderr);
    let path = run.stdout.trim();
    let text = s.read(path);
    assert!(text.contains("owner: <负责人>"), "{text}");
    let json = s.run(&["validate", "--format", "json"]).code(1).json();
    let codes: Vec<&str> =
        json["diagnostics"].as_array().unwrap().iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert!(codes.iter().all(|c| *c == "placeholder"), "{codes:?}");
}

#[test]
fn english_skeletons_with_lang_en() {
    let s = Sandbox::new();
    let run = s.run(&[
        "--lang",
        "en",
        "--now",
        "2026-11-22 09:30",
        "new",
        "internal",
        "-s",
        "Quarterly review",
        "--owner",
        "Zhang Wei",
        "-d",
        "2026-11-30 18:00",
    ]);
    run.code(0);
    let text = s.read(run.stdout.trim());
    assert!(text.contains("## Background") && text.contains("from: <From>"), "{text}");
}

#[test]
fn bad_values_are_refused_before_anything_is_written() {
    let s = Sandbox::new();
    for (args, message) in [
        (vec!["urgent", "--deadline", "尽快"], "error: --deadline: deadline `尽快` is not a time"),
        (vec!["urgent", "--deadline", "2026-11-23"], "error: --deadline: `deadline` has a date but no time"),
        (vec!["urgent", "--owner", "张伟、李娜"], "error: --owner: `owner` names 2 people"),
        (vec!["urgent", "--owner", "相关部门"], "error: --owner: `owner` `相关部门` names nobody in particular"),
        (
            vec!["urgent", "--set", "projct=x"],
            "error: --set: `urgent` records have no field `projct`; did you mean `project`?",
        ),
        (
            vec!["urgent", "--set", "负责人=张伟"],
            "error: --set: `urgent` records have no field `负责人`; did you mean `owner`?",
        ),
        (vec!["urgent", "--set", "status=finished"], "error: --set status: unknown status `finished`"),
        (vec!["urgent", "--set", "impact"], "error: --set `impact` needs the form KEY=VALUE"),
        (vec!["urgent", "--set", "id=x"], "error: --set: `id` is written by `comms new` itself"),
        (vec!["urgnet"], "error: unknown record type `urgnet`; did you mean `urgent`?"),
    ] {
        let run = new(&s, &args);
        run.code(2);
        assert!(run.stderr.starts_with(message), "{args:?}: {}", run.stderr);
        assert_eq!(run.stderr.lines().count(), 1, "one sentence: {}", run.stderr);
    }
    assert!(s.files("records").is_empty());
    let run = s.run(&["--now", "soon", "new", "urgent"]);
    run.code(2);
    assert!(run.stderr.starts_with("error: --now `soon` is not a datetime"), "{}", run.stderr);
}

#[test]
fn file_names_are_portable() {
    let s = Sandbox::new();
    let run = new(&s, &["internal", "-s", "CON: a/b\\c?*<>|\"结论.", "--owner", "张伟", "-d", "2026-11-30 18:00"]);
    run.code(0);
    let name = run.stdout.trim().rsplit('/').next().unwrap().to_string();
    assert!(name.ends_with("-con-a-b-c-结论.md"), "{name}");
    assert!(!name.contains(['<', '>', ':', '"', '\\', '|', '?', '*']));
}

#[test]
fn ids_never_repeat() {
    let s = Sandbox::new();
    let mut ids = std::collections::HashSet::new();
    for _ in 0..20 {
        let run = new(&s, &["knowledge", "-s", "复盘", "--owner", "张伟", "-d", "2026-11-30 18:00"]);
        run.code(0);
        let id = run.stdout.trim()["records/".len().."records/".len() + 13].to_string();
        assert!(ids.insert(id));
    }
    assert_eq!(s.files("records").len(), 20);
}

#[test]
fn ids_on_other_branches_are_seen() {
    let s = Sandbox::new();
    s.git_init();
    s.git(&["checkout", "-q", "-b", "feature"]);
    s.write("records/20261122-abcd-x.md", crate::harness::GOOD);
    s.write("archive/2026/Q4/p/20261122-beef-y.md", crate::harness::GOOD);
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "feature"]);
    s.git(&["checkout", "-q", "main"]);
    let git = comms::store::git::Git::open(s.path()).unwrap();
    let ids = git.ids_on_branches(&["records", "archive"], "20261122");
    assert_eq!(ids, ["20261122-abcd", "20261122-beef"].into_iter().map(String::from).collect());
}

/// On a terminal (a pseudo-terminal from util-linux `script`), `new` asks for
/// each missing required value, re-asks after a bad answer, and leaves a
/// placeholder for an empty one.
#[cfg(target_os = "linux")]
#[test]
fn prompts_for_missing_values_on_a_terminal() {
    use std::io::Write;
    let s = Sandbox::new();
    let bin = assert_cmd::cargo_bin!("comms");
    let cmd = format!("{} --now '2026-11-22 09:30' new urgent > path.txt", bin.display());
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(s.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let answers = "【紧急】生产部-设备故障通知\n相关部门\n张伟\n尽快\n2026-11-23 17:00\n二号产线停工\n\n";
    child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(screen.contains("主题 [subject]: "), "{screen}");
    assert!(screen.contains("error: `owner` `相关部门` names nobody in particular"), "{screen}");
    assert!(screen.contains("error: deadline `尽快` is not a time"), "{screen}");
    let path = s.read("path.txt").trim().to_string();
    let text = s.read(&path);
    assert!(text.contains("\nsubject: 【紧急】生产部-设备故障通知\n"), "{text}");
    assert!(text.contains("\nowner: 张伟\n"));
    assert!(text.contains("\ndeadline: 2026-11-23 17:00\n"));
    assert!(text.contains("\nimpact: 二号产线停工\n"));
    assert!(text.contains("\nmeasures: <处理措施>\n"), "an empty answer leaves the placeholder");
}

#[cfg(unix)]
#[test]
fn edit_opens_the_editor_then_checks_the_result() {
    let s = Sandbox::new();
    let args = [
        "--now",
        "2026-11-22 09:30",
        "new",
        "urgent",
        "-s",
        "【紧急】设备故障",
        "--owner",
        "张伟",
        "-d",
        "2026-11-23 17:00",
        "--edit",
    ];
    // An "editor" that fills one placeholder: the other is still reported.
    let run = s.run_env(s.path(), &args, &[("EDITOR", "sed -i s/<影响范围>/二号产线停工/")]);
    run.code(1);
    assert!(run.stderr.contains("error[placeholder]: template placeholder `<处理措施>` is left in"), "{}", run.stderr);
    let text = s.read(run.stdout.trim());
    assert!(text.contains("\nimpact: 二号产线停工\n"));
    // One that fills both: a clean record, exit 0.
    let run = s.run_env(s.path(), &args, &[("VISUAL", "sed -i -e s/<影响范围>/停工/ -e s/<处理措施>/抢修/")]);
    run.code(0);
    assert_eq!(run.stderr, "");
    // A missing editor is a clear error.
    let run = s.run_env(s.path(), &args, &[("EDITOR", "no-such-editor-xyz")]);
    run.code(2);
    assert!(run.stderr.contains("cannot start the editor `no-such-editor-xyz`"), "{}", run.stderr);
}

#[test]
fn action_items_can_be_given_inline_with_set() {
    let s = Sandbox::new();
    let item = "actions=[{ task: 整理会议纪要, owner: 张伟, deadline: 2026-11-25 18:00, status: open }]";
    let run = new(
        &s,
        &[
            "meeting",
            "--subject",
            "项目研发阶段延期协调会",
            "--owner",
            "张伟",
            "--set",
            "held=2026-11-22 09:00",
            "--set",
            "participants=[张伟, 李娜]",
            "--set",
            "location=3 号会议室",
            "--set",
            item,
        ],
    );
    run.code(0);
    let path = run.stdout.trim().to_string();
    assert!(
        s.read(&path)
            .contains("actions: [{ task: 整理会议纪要, owner: 张伟, deadline: 2026-11-25 18:00, status: open }]")
    );
    let shown = s.run(&["--now", "2026-11-22 09:30", "status", "--format", "json"]).code(0).json();
    let tasks: Vec<&str> = shown.as_array().unwrap().iter().filter_map(|i| i["subject"].as_str()).collect();
    assert!(tasks.contains(&"整理会议纪要"), "{tasks:?}");

    // An item missing a field is refused, naming it, and nothing is written.
    let bad = new(
        &s,
        &[
            "meeting",
            "--subject",
            "另一个会",
            "--owner",
            "张伟",
            "--set",
            "actions=[{ task: 整理会议纪要, owner: 张伟 }]",
        ],
    );
    bad.code(2);
    assert!(bad.stderr.contains("action 1 has no `deadline`"), "{}", bad.stderr);
    assert_eq!(s.files("records").len(), 1);
}

/// Issue 13: deadlines as people type them, written as the exact time they
/// name, counted from --now (Sunday 2026-11-22 09:30 here).
#[test]
fn natural_deadlines_are_written_as_the_exact_time() {
    for (typed, written) in [
        ("明天 17:00", "2026-11-23 17:00"),
        ("后天 9:00", "2026-11-24 09:00"),
        ("下周一 9:00", "2026-11-23 09:00"),
        ("周五 18:00", "2026-11-27 18:00"),
        ("tomorrow 17:00", "2026-11-23 17:00"),
        ("fri 18:00", "2026-11-27 18:00"),
        ("+2wd", "2026-11-24 09:30"),
    ] {
        let s = Sandbox::new();
        let run = new(
            &s,
            &["internal", "-s", "评审", "--owner", "张伟", "--deadline", typed, "--set", "from=IT", "--set", "to=HR"],
        );
        run.code(0);
        let text = s.read(run.stdout.trim());
        assert!(text.contains(&format!("\ndeadline: {written}\n")), "{typed}: {text}");
        // Through --set too.
        let run = new(&s, &["internal", "-s", "评审2", "--owner", "张伟", "--set", &format!("deadline={typed}")]);
        run.code(0);
        assert!(s.read(run.stdout.trim()).contains(&format!("\ndeadline: {written}\n")), "--set {typed}");
    }
    // COMMS_NOW counts the same way as --now.
    let s = Sandbox::new();
    let run = s.run_env(
        s.path(),
        &["new", "internal", "-s", "x", "--owner", "张伟", "--deadline", "明天 17:00"],
        &[("COMMS_NOW", "2026-12-31 10:00")],
    );
    run.code(0);
    assert!(s.read(run.stdout.trim()).contains("\ndeadline: 2027-01-01 17:00\n"));
    // A day without a time, a time already past: refused, nothing written.
    for (typed, message) in [
        ("明天", "error: --deadline: `明天` has a day but no time"),
        ("今天 9:00", "error: --deadline: `今天 9:00` is 2026-11-22 09:00, which has already passed"),
    ] {
        let s = Sandbox::new();
        let run = new(&s, &["internal", "-s", "x", "--owner", "张伟", "--deadline", typed]);
        run.code(2);
        assert!(run.stderr.starts_with(message), "{typed}: {}", run.stderr);
        assert!(s.files("records").is_empty());
    }
}

/// Issue 13: the prompt accepts what the flag accepts.
#[cfg(target_os = "linux")]
#[test]
fn the_prompt_takes_natural_deadlines() {
    use std::io::Write;
    let s = Sandbox::new();
    let bin = assert_cmd::cargo_bin!("comms");
    let cmd = format!("{} --now '2026-11-22 09:30' new urgent > path.txt", bin.display());
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(s.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let answers = "【紧急】生产部-设备故障通知\n张伟\n明天\n明天 17:00\n二号产线停工\n抢修\n";
    child.stdin.take().unwrap().write_all(answers.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(screen.contains("明天 17:00 或 +2wd"), "the prompt says so: {screen}");
    assert!(screen.contains("error: `明天` has a day but no time"), "{screen}");
    let path = s.read("path.txt").trim().to_string();
    assert!(s.read(&path).contains("\ndeadline: 2026-11-23 17:00\n"), "{}", s.read(&path));
}

/// Issue 13: `new meeting` said the deadline was counted "按 `held` 后 2wd"
/// while `held` was empty and it counted from now.
#[test]
fn meeting_minutes_count_from_held() {
    // --held (also as people say it): counted from it, and written.
    let s = Sandbox::new();
    s.write("comms.yaml", "timezone: Asia/Shanghai\nlanguage: zh\n");
    let run = new(&s, &["meeting", "-s", "协调会", "--owner", "王强", "--held", "2026-11-20 15:00"]);
    run.code(0);
    assert!(run.stderr.contains("截止时间按 `held` 后 2wd 计算:2026-11-24 15:00"), "{}", run.stderr);
    let text = s.read(run.stdout.trim());
    assert!(text.contains("\nheld: 2026-11-20 15:00\n") && text.contains("\ndeadline: 2026-11-24 15:00\n"), "{text}");
    let run = new(&s, &["meeting", "-s", "周会", "--owner", "王强", "--held", "今天 9:00"]);
    run.code(0);
    let text = s.read(run.stdout.trim());
    assert!(text.contains("\nheld: 2026-11-22 09:00\n") && text.contains("\ndeadline: 2026-11-24 09:00\n"), "{text}");
    // Without it (and no terminal to ask on): counted from now, and said so.
    let run = new(&s, &["meeting", "-s", "复盘会", "--owner", "王强"]);
    run.code(0);
    assert!(!run.stderr.contains("按 `held` 后"), "{}", run.stderr);
    assert!(run.stderr.contains("截止时间按现在后 2wd 计算:2026-11-24 09:30(没有 `held`"), "{}", run.stderr);
    // --held on a type without it: refused.
    let run = new(&s, &["internal", "-s", "x", "--owner", "王强", "--held", "2026-11-20 15:00"]);
    run.code(2);
    assert!(run.stderr.contains("`internal` records have no field `held`"), "{}", run.stderr);
}

/// Issue 13: on a terminal, `new meeting` asks when it was held first, and
/// counts the deadline from the answer.
#[cfg(target_os = "linux")]
#[test]
fn the_prompt_asks_for_held_before_counting() {
    use std::io::Write;
    let s = Sandbox::new();
    let bin = assert_cmd::cargo_bin!("comms");
    let cmd = format!("{} --now '2026-11-22 09:30' new meeting -s 协调会 --owner 王强 > path.txt", bin.display());
    let mut child = std::process::Command::new("script")
        .args(["-qec", &cmd, "/dev/null"])
        .current_dir(s.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all("2026-11-20 15:00\n王强, 张伟\n".as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout).replace('\r', "");
    assert!(screen.contains("会议时间 [held] (YYYY-MM-DD HH:MM 或 今天 15:00): "), "{screen}");
    assert!(screen.contains("截止时间按 `held` 后 2wd 计算:2026-11-24 15:00"), "{screen}");
    let path = s.read("path.txt").trim().to_string();
    let text = s.read(&path);
    assert!(text.contains("\nheld: 2026-11-20 15:00\n") && text.contains("\ndeadline: 2026-11-24 15:00\n"), "{text}");
}

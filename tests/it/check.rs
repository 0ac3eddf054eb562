//! `comms check`: the pull-request check, end to end on real git
//! repositories with a main branch and pull-request branches.

use crate::harness::{GOOD, Sandbox, good_with};

const GH: &[(&str, &str)] = &[("GITHUB_ACTIONS", "true")];

/// A repository whose main branch has one good record.
fn repo_with_main() -> Sandbox {
    let s = Sandbox::new();
    s.write("records/20261101-aaaa-old.md", GOOD.replace("20261122-7f3a", "20261101-aaaa"));
    s.git_init();
    s
}

fn record(id: &str) -> String {
    GOOD.replace("20261122-7f3a", id)
}

fn pr(s: &Sandbox, branch: &str, files: &[(&str, String)]) {
    s.git(&["checkout", "-q", "-b", branch, "main"]);
    for (path, text) in files {
        s.write(path, text);
    }
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", branch]);
}

#[test]
fn a_clean_pull_request_passes_silently() {
    let s = repo_with_main();
    pr(&s, "clean", &[("records/20261122-bbbb-new.md", record("20261122-bbbb"))]);
    let run = s.run_env(s.path(), &["check", "--base", "main"], GH);
    run.code(0);
    assert_eq!(run.stdout, "");
    assert!(run.stderr.contains("checked 1 record changed since `main`: 0 error(s), 0 warning(s)"), "{}", run.stderr);
}

#[test]
fn a_bad_pull_request_fails_with_annotations_on_its_lines() {
    let s = repo_with_main();
    pr(
        &s,
        "bad",
        &[(
            "records/20261122-cccc-bad.md",
            good_with("deadline: 2026-11-23 17:00", "deadline: 尽快")
                .replace("20261122-7f3a", "20261122-cccc")
                .replace("project: 二号产线", "projcet: 二号产线"),
        )],
    );
    let run = s.run_env(s.path(), &["check", "--base", "main"], GH);
    run.code(1);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 2, "{}", run.stdout);
    assert!(lines[0].starts_with("::error file=records/20261122-cccc-bad.md,line=6,col=11,title=comms vague-deadline::deadline `尽快` is not a time"), "{}", lines[0]);
    assert!(lines[1].starts_with("::warning file=records/20261122-cccc-bad.md,line=9,col=1,title=comms unknown-field::unknown field `projcet`"), "{}", lines[1]);
}

#[test]
fn old_bad_records_on_main_are_not_blamed_on_the_pull_request() {
    let s = Sandbox::new();
    s.write(
        "records/20261101-dddd-old-bad.md",
        good_with("owner: 张伟", "owner: 相关部门").replace("20261122-7f3a", "20261101-dddd"),
    );
    s.git_init();
    pr(&s, "clean", &[("records/20261122-eeee-new.md", record("20261122-eeee"))]);
    s.run_env(s.path(), &["check", "--base", "main"], GH).code(0);
    // Without --base the whole repository is checked, old records included.
    let run = s.run_env(s.path(), &["check"], GH);
    run.code(1);
    assert!(
        run.stdout.starts_with("::error file=records/20261101-dddd-old-bad.md,line=5,col=8,title=comms vague-owner::"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_pull_request_that_reuses_an_id_fails_on_its_own_file() {
    let s = repo_with_main();
    s.write("archive/2026/Q4/p/20261001-ffff-archived.md", record("20261001-ffff"));
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "archive"]);
    pr(&s, "dup", &[("records/20261122-ffff-copy.md", record("20261001-ffff"))]);
    let run = s.run_env(s.path(), &["check", "--base", "main"], GH);
    run.code(1);
    assert_eq!(run.stdout.lines().count(), 1, "only the pull request's file is annotated: {}", run.stdout);
    assert!(
        run.stdout.starts_with("::error file=records/20261122-ffff-copy.md,line=2,col=5,title=comms duplicate-id::id `20261001-ffff` is also used by archive/2026/Q4/p/20261001-ffff-archived.md"),
        "{}",
        run.stdout
    );
}

#[test]
fn an_id_main_gained_after_the_branch_point_is_a_duplicate() {
    let s = repo_with_main();
    pr(&s, "late", &[("records/20261122-abab-pr.md", record("20261122-abab"))]);
    // Meanwhile main gains a record with the same id, and archives the old
    // one (a move keeps its id: not new on main).
    s.git(&["checkout", "-q", "main"]);
    s.write("records/20261122-abab-main.md", record("20261122-abab"));
    std::fs::create_dir_all(s.abs("archive/2026/Q4/x")).unwrap();
    s.git(&["mv", "records/20261101-aaaa-old.md", "archive/2026/Q4/x/20261101-aaaa-old.md"]);
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "main moves on"]);
    s.git(&["checkout", "-q", "late"]);
    let run = s.run_env(s.path(), &["check", "--base", "main"], GH);
    run.code(1);
    assert_eq!(run.stdout.lines().count(), 1, "{}", run.stdout);
    assert!(
        run.stdout.starts_with("::error file=records/20261122-abab-pr.md,line=2,col=5,title=comms duplicate-id::id `20261122-abab` is also used by records/20261122-abab-main.md on `main`"),
        "{}",
        run.stdout
    );
    // A pull request that only edits the record main archived is fine.
    s.git(&["checkout", "-q", "-b", "edit-old", "main~1"]);
    s.write("records/20261101-aaaa-old.md", record("20261101-aaaa").replace("## 反馈记录", "## 反馈记录\n\n- 补记"));
    s.git(&["commit", "-qam", "edit"]);
    let ok = s.run_env(s.path(), &["check", "--base", "main"], GH);
    assert!(!ok.stdout.contains("duplicate-id"), "{}", ok.stdout);
}

#[test]
fn a_git_repository_git_cannot_read_is_named_as_such() {
    let s = repo_with_main();
    std::fs::write(s.abs(".git/config"), "[core\n\tbroken = \n").unwrap();
    let run = s.run(&["check", "--base", "main"]);
    run.code(2);
    assert!(run.stderr.contains("cannot open the git repository around"), "{}", run.stderr);
    assert!(!run.stderr.contains("not in a git repository"), "{}", run.stderr);
    let archive = s.run(&["archive"]);
    archive.code(2);
    assert!(archive.stderr.contains("cannot open the git repository around"), "{}", archive.stderr);
}

#[test]
fn uncommitted_and_untracked_changes_count() {
    let s = repo_with_main();
    s.git(&["checkout", "-q", "-b", "wip"]);
    s.write(
        "records/20261122-1111-draft.md",
        good_with("status: open", "status: 乱写").replace("20261122-7f3a", "20261122-1111"),
    );
    s.write(
        "records/20261101-aaaa-old.md",
        good_with("priority: high", "priority: 最高").replace("20261122-7f3a", "20261101-aaaa"),
    );
    let json = s.run(&["check", "--base", "main", "--format", "json"]).code(1).json();
    let codes: Vec<(&str, &str)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap(), d["code"].as_str().unwrap()))
        .collect();
    assert_eq!(
        codes,
        [("records/20261101-aaaa-old.md", "bad-priority"), ("records/20261122-1111-draft.md", "bad-status")]
    );
    assert_eq!(json["files_checked"], 2);
}

#[test]
fn records_in_a_subfolder_of_the_git_repository_are_annotated_from_the_git_root() {
    let s = Sandbox::empty();
    s.write("team/comms.yaml", crate::harness::CONFIG);
    s.write("team/records/20261101-aaaa-old.md", record("20261101-aaaa"));
    s.git_init();
    s.git(&["checkout", "-q", "-b", "bad"]);
    s.write(
        "team/records/20261122-2222-bad.md",
        good_with("deadline: 2026-11-23 17:00", "deadline: ASAP").replace("20261122-7f3a", "20261122-2222"),
    );
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "bad"]);
    let run = s.run_env(&s.abs("team"), &["check", "--base", "main"], GH);
    run.code(1);
    assert!(run.stdout.starts_with("::error file=team/records/20261122-2222-bad.md,line=6,col=11,"), "{}", run.stdout);
    let gl = s.run_env(&s.abs("team"), &["check", "--base", "main", "--format", "gitlab"], &[]).code(1).json();
    assert_eq!(gl[0]["location"]["path"], "team/records/20261122-2222-bad.md");
    assert_eq!(gl[0]["location"]["lines"]["begin"], 6);
    assert_eq!(gl[0]["check_name"], "comms/vague-deadline");
}

#[test]
fn the_job_summary_is_written_under_github_actions() {
    let s = repo_with_main();
    pr(
        &s,
        "bad",
        &[(
            "records/20261122-3333-bad.md",
            good_with("owner: 张伟", "owner: TBD").replace("20261122-7f3a", "20261122-3333"),
        )],
    );
    let summary = s.abs("summary.md");
    let env = [("GITHUB_ACTIONS", "true"), ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())];
    s.run_env(s.path(), &["check", "--base", "main"], &env).code(1);
    let text = std::fs::read_to_string(summary).unwrap();
    assert!(text.contains("Checked 1 record changed since `main`: **1 error(s)**"), "{text}");
    assert!(text.contains("| `records/20261122-3333-bad.md` | 5 | `vague-owner` |"), "{text}");
}

#[test]
fn a_message_with_a_line_break_or_a_bar_stays_in_its_table_row() {
    let s = repo_with_main();
    pr(
        &s,
        "bad",
        &[(
            "records/20261122-3333-bad.md",
            good_with("status: open", "status: \"open\\nx|y\"").replace("20261122-7f3a", "20261122-3333"),
        )],
    );
    let summary = s.abs("summary.md");
    let env = [("GITHUB_ACTIONS", "true"), ("GITHUB_STEP_SUMMARY", summary.to_str().unwrap())];
    s.run_env(s.path(), &["check", "--base", "main"], &env).code(1);
    let text = std::fs::read_to_string(summary).unwrap();
    let rows: Vec<&str> = text.lines().filter(|l| l.starts_with("| `records/")).collect();
    assert_eq!(
        rows,
        ["| `records/20261122-3333-bad.md` | 7 | `bad-status` | unknown status `open<br>x\\|y` |"],
        "{text}"
    );
    // Every line of the table is a whole row.
    assert!(text.lines().skip_while(|l| !l.starts_with('|')).all(|l| l.starts_with('|') && l.ends_with('|')), "{text}");
}

#[test]
fn bad_revisions_and_no_git_are_clear_errors() {
    let s = repo_with_main();
    let run = s.run(&["check", "--base", "origin/mian"]);
    run.code(2);
    assert!(run.stderr.starts_with("error: unknown revision `origin/mian`"), "{}", run.stderr);
    let plain = Sandbox::new();
    let run = plain.run(&["check", "--base", "main"]);
    run.code(2);
    assert!(run.stderr.contains("is not in a git repository"), "{}", run.stderr);
    let empty = Sandbox::new();
    empty.git(&["init", "-q", "-b", "main"]);
    let run = empty.run(&["check", "--base", "main"]);
    run.code(2);
    assert!(run.stderr.contains("unknown revision `main`") || run.stderr.contains("no commits"), "{}", run.stderr);
}

#[test]
fn a_shallow_clone_says_to_fetch_more_history() {
    let s = repo_with_main();
    pr(&s, "feature", &[("records/20261122-4444-new.md", record("20261122-4444"))]);
    s.git(&["checkout", "-q", "main"]);
    s.write("records/20261102-5555-main.md", record("20261102-5555"));
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "main moves on"]);
    let clone = Sandbox::empty();
    let url = format!("file://{}", s.path().display());
    crate::harness::git(clone.path())
        .args(["clone", "-q", "--depth", "1", "--no-single-branch", &url, "c"])
        .output()
        .unwrap();
    crate::harness::git(&clone.abs("c")).args(["checkout", "-q", "feature"]).output().unwrap();
    let run = clone.run_in(&clone.abs("c"), &["check", "--base", "origin/main"]);
    run.code(2);
    assert!(run.stderr.contains("shallow clone") && run.stderr.contains("fetch-depth: 0"), "{}", run.stderr);
}

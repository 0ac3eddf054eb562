//! `comms init`.

use crate::harness::Sandbox;

#[test]
fn init_creates_config_records_and_git_and_never_overwrites() {
    let s = Sandbox::empty();
    let run = s.run(&["init", "团队记录"]);
    run.code(0);
    assert!(run.stderr.contains("created 团队记录/comms.yaml"), "{}", run.stderr);
    let config = s.read("团队记录/comms.yaml");
    assert!(config.contains("timezone: UTC") || config.contains("timezone: Etc/UTC"), "{config}");
    assert!(config.contains("language: zh"));
    assert!(s.abs("团队记录/records").is_dir());
    assert!(s.abs("团队记录/.git").is_dir());

    // The written configuration is valid, and an empty repository validates.
    let run = s.run(&["--repo", "团队记录", "validate"]);
    run.code(0);
    assert!(run.stdout.contains("0 records: no problems found"), "{}", run.stdout);

    // Re-running keeps what is there.
    s.write("团队记录/comms.yaml", "timezone: Asia/Shanghai\n");
    let run = s.run(&["init", "团队记录", "--lang", "en"]);
    run.code(0);
    assert!(run.stderr.contains("kept 团队记录/comms.yaml"), "{}", run.stderr);
    assert_eq!(s.read("团队记录/comms.yaml"), "timezone: Asia/Shanghai\n");
}

#[test]
fn init_writes_the_language_asked_for() {
    let s = Sandbox::empty();
    s.run(&["init", "--lang", "en"]).code(0);
    assert!(s.read("comms.yaml").contains("language: en"));
}

#[test]
fn init_inside_a_git_repository_does_not_nest_one() {
    let s = Sandbox::empty();
    s.git(&["init", "-q"]);
    s.run(&["init", "sub"]).code(0);
    assert!(!s.abs("sub/.git").exists());
}

#[test]
fn the_repository_is_found_from_a_subfolder() {
    let s = Sandbox::new();
    std::fs::create_dir_all(s.abs("records/2026")).unwrap();
    s.write("records/2026/a.md", crate::harness::GOOD);
    let json = s.run_in(&s.abs("records/2026"), &["validate", "--format", "json"]).code(0).json();
    assert_eq!(json["files_checked"], 1);
    assert_eq!(json["diagnostics"].as_array().unwrap().len(), 0);
}

/// Issue 13: `comms --repo DIR init` set up the current folder instead.
#[test]
fn init_honours_repo_like_dir() {
    let s = Sandbox::empty();
    let run = s.run(&["--repo", "团队记录", "init"]);
    run.code(0);
    assert!(s.abs("团队记录/comms.yaml").is_file(), "{}", run.stderr);
    assert!(s.abs("团队记录/records").is_dir());
    assert!(!s.abs("comms.yaml").exists(), "the current folder is left alone");
    assert!(run.stderr.contains("comms --repo 团队记录 new"), "{}", run.stderr);
    // Both, naming different folders: refused, nothing written.
    let run = s.run(&["--repo", "a", "init", "b"]);
    run.code(2);
    assert!(run.stderr.contains("give one"), "{}", run.stderr);
    assert!(!s.abs("b").exists() && !s.abs("a").exists());
}

/// Issue 13: inside a subfolder of a records repository, init silently
/// made a nested one.
#[test]
fn init_warns_when_it_nests_inside_a_records_repository() {
    let s = Sandbox::new();
    let run = s.run(&["--lang", "en", "init", "records/sub"]);
    run.code(0);
    assert!(run.stderr.contains("warning: records/sub is inside another records repository"), "{}", run.stderr);
    let run = s.run_in(&s.abs("records/sub"), &["init"]);
    run.code(0);
    assert!(run.stderr.contains("在另一个记录库"), "{}", run.stderr);
    // A fresh folder: no warning.
    let fresh = Sandbox::empty();
    let run = fresh.run(&["init"]);
    assert!(!run.stderr.contains("warning") && !run.stderr.contains("另一个记录库"), "{}", run.stderr);
}

/// Issue 13: init says which timezone it wrote.
#[test]
fn init_says_which_timezone_it_wrote() {
    let s = Sandbox::empty();
    let run = s.run(&["--lang", "en", "init"]);
    run.code(0);
    let config = s.read("comms.yaml");
    let tz = config.lines().find_map(|l| l.strip_prefix("timezone: ")).unwrap().trim().to_string();
    assert!(run.stderr.contains(&format!("timezone: {tz}")), "{}", run.stderr);
    // Kept, not written: nothing said about it.
    let run = s.run(&["--lang", "en", "init"]);
    assert!(!run.stderr.contains("timezone:"), "{}", run.stderr);
}

//! Fitting the ecosystem: CI workflows from `init --ci`, the JSON Schema,
//! completions, the man page, and terminal conventions.

use crate::harness::{GOOD, Sandbox, good_with};

#[test]
fn init_writes_a_github_workflow_that_runs_check_against_the_base() {
    let s = Sandbox::empty();
    s.run(&["init", "--ci", "github"]).code(0);
    let wf = s.read(".github/workflows/comms.yml");
    assert!(wf.contains("fetch-depth: 0"));
    assert!(wf.contains("comms check --base \"origin/${{ github.base_ref }}\""));
    // The workflow is YAML (read with the same parser as records).
    comms::model::yaml::parse(&wf, comms::model::yaml::Origin::START, comms::model::yaml::Limits::default()).unwrap();
    // Re-running init keeps the workflow.
    s.write(".github/workflows/comms.yml", "# mine\n");
    s.run(&["init", "--ci", "github"]).code(0);
    assert_eq!(s.read(".github/workflows/comms.yml"), "# mine\n");
}

#[test]
fn init_writes_a_gitlab_pipeline_with_a_code_quality_report() {
    let s = Sandbox::empty();
    s.run(&["init", "--ci", "gitlab"]).code(0);
    let ci = s.read(".gitlab-ci.yml");
    assert!(ci.contains("--format gitlab > gl-code-quality-report.json"));
    assert!(ci.contains("codequality: gl-code-quality-report.json"));
    assert!(ci.contains("GIT_DEPTH: \"0\""));
    comms::model::yaml::parse(&ci, comms::model::yaml::Origin::START, comms::model::yaml::Limits::default()).unwrap();
}

#[test]
fn init_points_editors_to_the_language_server_not_a_yaml_schema() {
    let s = Sandbox::empty();
    let run = s.run(&["init"]);
    run.code(0);
    // The YAML language server reads a whole `.md` as YAML: no wiring for it.
    assert!(!s.abs(".vscode/settings.json").exists());
    assert!(!s.abs(".comms/schema.json").exists());
    assert!(run.stderr.contains("`comms lsp`") && run.stderr.contains("docs/editors.md"), "{}", run.stderr);
}

#[test]
fn schema_of_one_type_and_people_as_an_enum() {
    let s = Sandbox::new();
    s.write("comms.yaml", "timezone: Asia/Shanghai\npeople:\n  - { name: 张伟, aliases: [Zhang Wei] }\n");
    let schema = s.run(&["schema", "紧急"]).code(0).json();
    let owner = &schema["properties"]["owner"]["anyOf"];
    assert_eq!(owner[0]["enum"], serde_json::json!(["张伟", "Zhang Wei"]));
    // Other spellings validate accepts (people matching rule), as a pattern.
    assert_eq!(
        owner[1]["pattern"],
        r"^\s*(?:张伟|[zZｚＺ][hHｈＨ][aAａＡ][nNｎＮ][gGｇＧ]\s+[wWｗＷ][eEｅＥ][iIｉＩ])\s*$"
    );
    assert_eq!(
        schema["required"],
        serde_json::json!(["id", "type", "subject", "owner", "deadline", "status", "impact", "measures"])
    );
    let run = s.run(&["schema", "nope"]);
    run.code(2);
    assert!(run.stderr.contains("unknown record type `nope`"));
}

/// The scripts ask `comms` for candidates as you type (clap's dynamic
/// completion): `COMPLETE=SHELL comms -- comms …`.
#[test]
fn completions_for_every_shell() {
    let s = Sandbox::empty();
    for (shell, marker) in [
        ("bash", "_clap_complete_comms()"),
        ("zsh", "#compdef comms"),
        ("fish", "complete --keep-order --exclusive --command comms"),
        ("powershell", "Register-ArgumentCompleter"),
        ("elvish", "edit:completion"),
    ] {
        let run = s.run(&["completions", shell]);
        run.code(0);
        assert!(run.stdout.contains(marker), "{shell}");
        assert!(
            run.stdout.contains(&format!("COMPLETE=\"{shell}\""))
                || run.stdout.contains(&format!("COMPLETE={shell}"))
                || run.stdout.contains(&format!("$env:COMPLETE = \"{shell}\"")),
            "{shell}: {}",
            run.stdout
        );
    }
    // What the scripts run: subcommands complete in each shell's protocol.
    for shell in ["bash", "zsh", "fish"] {
        let run = s.run_env(
            s.path(),
            &["--", "comms", "val"],
            &[("COMPLETE", shell), ("_CLAP_COMPLETE_INDEX", "1"), ("_CLAP_IFS", "\n")],
        );
        run.code(0);
        assert!(run.stdout.lines().any(|l| l.starts_with("validate")), "{shell}: {}", run.stdout);
    }
    s.run(&["completions", "tcsh"]).code(2);
}

/// Issue 13: completion completes record ids (also from their random part)
/// and people — in a real bash, through the script `completions bash` prints.
#[cfg(unix)]
#[test]
fn bash_completes_ids_and_people() {
    let s = Sandbox::new();
    s.write(
        "comms.yaml",
        "timezone: Asia/Shanghai\npeople:\n  - { name: 张伟, aliases: [Zhang Wei] }\n  - { name: 李娜 }\n",
    );
    s.write("records/20261122-7f3a-紧急-生产部-设备故障通知.md", GOOD);
    s.write("records/20261122-a98f-其他.md", GOOD.replace("20261122-7f3a", "20261122-a98f"));
    let script = s.run(&["completions", "bash"]).code(0).stdout.clone();
    s.write("comms.bash", &script);
    let bin = assert_cmd::cargo_bin!("comms");
    let complete = |words: &[&str]| -> Vec<String> {
        let line = words.iter().map(|w| format!("'{w}'")).collect::<Vec<_>>().join(" ");
        let probe = format!(
            "source ./comms.bash; COMP_WORDS=({line}); COMP_CWORD={}; COMP_TYPE=9; _clap_complete_comms comms \"${{COMP_WORDS[COMP_CWORD]}}\" \"${{COMP_WORDS[COMP_CWORD-1]}}\"; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
            words.len() - 1
        );
        let out = std::process::Command::new("bash")
            .args(["-c", &probe])
            .current_dir(s.path())
            .env("PATH", format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default()))
            .env_remove("COMPLETE")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let mut got: Vec<String> =
            String::from_utf8_lossy(&out.stdout).lines().filter(|l| !l.is_empty()).map(str::to_string).collect();
        got.sort();
        got
    };
    assert_eq!(complete(&["comms", "show", "2026"]), ["20261122-7f3a", "20261122-a98f"]);
    assert_eq!(complete(&["comms", "show", "a98"]), ["20261122-a98f"], "the random part");
    assert_eq!(complete(&["comms", "ack", "7f"]), ["20261122-7f3a"]);
    assert_eq!(complete(&["comms", "status", "--owner", "Zh"]), ["Zhang Wei"]);
    assert_eq!(complete(&["comms", "log", "7f3a", "x", "--by", ""]), ["Zhang Wei", "张伟", "李娜"]);
    assert_eq!(complete(&["comms", "val"]), ["validate"]);
}

/// Issue 13: the random part of an id names the record when it is unique.
#[test]
fn the_random_part_of_an_id_resolves() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    s.write("records/b.md", GOOD.replace("20261122-7f3a", "20261122-7f4b"));
    let run = s.run(&["show", "7f3a"]);
    run.code(0);
    assert!(run.stdout.contains("20261122-7f3a"), "{}", run.stdout);
    s.run(&["show", "7f4"]).code(0);
    let run = s.run(&["show", "7f"]);
    run.code(2);
    assert!(run.stderr.contains("`7f` matches 2 records: 20261122-7f3a ("), "{}", run.stderr);
    assert!(run.stderr.contains("20261122-7f4b ("), "{}", run.stderr);
}

#[test]
fn man_pages() {
    let s = Sandbox::empty();
    let run = s.run(&["man"]);
    run.code(0);
    // groff takes raw UTF-8 only when the first line declares it.
    assert!(run.stdout.starts_with("'\\\" -*- coding: UTF-8 -*-\n"), "{}", &run.stdout[..80.min(run.stdout.len())]);
    assert!(run.stdout.contains(".TH comms 1"));
    assert!(run.stdout.contains("validate"));
    let run = s.run(&["man", "new"]);
    run.code(0);
    assert!(run.stdout.contains(".TH comms-new 1"), "{}", &run.stdout[..200.min(run.stdout.len())]);
    assert!(run.stdout.starts_with("'\\\" -*- coding: UTF-8 -*-\n"));
    let run = s.run(&["man", "nwe"]);
    run.code(2);
    assert!(run.stderr.contains("did you mean `new`?"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let s = Sandbox::new();
    s.write("records/a.md", good_with("deadline: 2026-11-23 17:00", "deadline: 尽快"));
    // Not a terminal (a pipe) and NO_COLOR from the harness: plain text.
    let plain = s.run(&["validate"]);
    assert!(!plain.stdout.contains('\x1b'));
    // --color always wins over NO_COLOR.
    let coloured = s.run(&["--color", "always", "validate"]);
    assert!(
        coloured.stdout.contains("\x1b[31m") || coloured.stdout.contains("\x1b[1m\x1b[31m"),
        "{:?}",
        coloured.stdout
    );
    let never = s.run_env(s.path(), &["--color", "never", "validate"], &[("CLICOLOR_FORCE", "1")]);
    assert!(!never.stdout.contains('\x1b'));
    // Errors go to stderr, data to stdout; --quiet drops the summary line.
    let quiet = s.run(&["--quiet", "validate"]);
    assert!(!quiet.stdout.contains("1 error in 1 file"));
    assert!(quiet.stdout.contains("error[vague-deadline]"));
    assert_eq!(quiet.stderr, "");
}

#[test]
fn a_progress_bar_only_on_a_terminal() {
    let s = Sandbox::new();
    for i in 0..5100 {
        s.write(&format!("records/r{i:05}.md"), GOOD.replace("20261122-7f3a", &format!("20261122-{i:05x}")));
    }
    let run = s.run(&["validate", "--format", "json"]);
    run.code(0);
    assert_eq!(run.stderr, "", "nothing but data when stderr is not a terminal");
    assert_eq!(run.json()["files_checked"], 5100);

    // On a terminal (a pseudo-terminal from util-linux `script`) the bar shows,
    // on stderr, and stdout still carries only the data; --quiet hides it.
    #[cfg(target_os = "linux")]
    {
        let bin = assert_cmd::cargo_bin!("comms");
        let on_tty = |extra: &str| {
            let cmd = format!("{} {extra} validate --format json > out.json", bin.display());
            let out = std::process::Command::new("script")
                .args(["-qec", &cmd, "/dev/null"])
                .current_dir(s.path())
                .env_remove("NO_COLOR")
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        assert!(on_tty("").contains("reading records"));
        assert_eq!(serde_json::from_str::<serde_json::Value>(&s.read("out.json")).unwrap()["files_checked"], 5100);
        assert!(!on_tty("--quiet").contains("reading records"));
    }
}

#[test]
fn the_pre_commit_hooks_point_at_real_commands() {
    let hooks =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(".pre-commit-hooks.yaml"))
            .unwrap();
    let parsed =
        comms::model::yaml::parse(&hooks, comms::model::yaml::Origin::START, comms::model::yaml::Limits::default())
            .unwrap();
    let hooks = parsed.root.unwrap();
    let entries: Vec<&str> =
        hooks.items().unwrap().iter().map(|h| h.get("entry").unwrap().value.as_str().unwrap()).collect();
    assert_eq!(entries, ["comms validate", "comms check"]);
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    s.run(&["validate", "records/a.md"]).code(0);
    s.run(&["check"]).code(0);
}

/// `-o` is `--output` in every command that has it (issue 13: it was
/// `--owner` in export, status and new, so `export --ics -o deadlines.ics`
/// looked for an owner).
#[test]
fn dash_o_means_output_everywhere() {
    use clap::CommandFactory;
    fn walk(cmd: &clap::Command, path: &str, seen: &mut usize) {
        for arg in cmd.get_arguments() {
            if arg.get_short() == Some('o') {
                *seen += 1;
                assert_eq!(arg.get_long(), Some("output"), "`{path} -o` is not --output");
            }
        }
        for sub in cmd.get_subcommands() {
            walk(sub, &format!("{path} {}", sub.get_name()), seen);
        }
    }
    let mut seen = 0;
    walk(&comms::cli::Cli::command(), "comms", &mut seen);
    assert!(seen >= 2, "report and export take -o");

    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    s.run(&["--now", "2026-11-22 09:00", "export", "--ics", "-o", "deadlines.ics"]).code(0);
    assert!(s.read("deadlines.ics").starts_with("BEGIN:VCALENDAR"));
}

/// Issue 13: `--help` says that durations may count working days.
#[test]
fn help_mentions_working_days_for_durations() {
    let s = Sandbox::empty();
    for (cmd, flag) in [("status", "--due-within"), ("remind", "--within")] {
        let help = s.run(&[cmd, "--help"]).code(0).stdout.clone();
        let at = help.find(flag).unwrap();
        let text: String = help[at..].split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            text.contains("working days") && text.contains("2wd"),
            "{cmd} --help: {}",
            text.chars().take(300).collect::<String>()
        );
    }
}

//! The user guide stays true to the binary.

use std::path::Path;

fn doc(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn every_rule_is_explained_in_docs() {
    use comms::model::diagnostic::Code;
    let rules = doc("docs/rules.md");
    for &code in Code::ALL {
        assert!(rules.contains(&format!("### `{code}`")), "docs/rules.md has no section for `{code}`");
        assert!(
            rules.contains(&format!("| [`{code}`]({}) | {} |", code.anchor(), code.severity().as_str())),
            "docs/rules.md table: `{code}`"
        );
    }
    // The table lists the codes in the order of `Code::ALL` (the order of
    // `comms rules`), and the sections (grouped by topic) no other code.
    let codes: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let table: Vec<&str> = rules
        .lines()
        .filter_map(|l| l.strip_prefix("| [`").and_then(|rest| rest.split_once('`')).map(|(code, _)| code))
        .collect();
    assert_eq!(table, codes);
    let mut sections: Vec<&str> =
        rules.lines().filter_map(|l| l.strip_prefix("### `").and_then(|rest| rest.strip_suffix('`'))).collect();
    let mut sorted = codes.clone();
    sections.sort_unstable();
    sorted.sort_unstable();
    assert_eq!(sections, sorted);
}

#[test]
fn every_command_has_a_page() {
    use clap::CommandFactory;
    let index = doc("docs/README.md");
    for sub in comms::cli::Cli::command().get_subcommands() {
        let page = format!("commands/{}.md", sub.get_name());
        assert!(index.contains(&page), "docs/README.md does not link {page}");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(&page).is_file(), "docs/{page} is missing");
    }
}

#[test]
fn the_readme_quick_start_runs() {
    let readme = doc("README.md");
    assert!(readme.contains("cargo test"));
    assert!(readme.contains("cargo run --release -- --repo examples/demo"));
}

/// The fenced block that follows `marker` in `text`: its lines.
fn block_after<'t>(text: &'t str, marker: &str) -> Vec<&'t str> {
    let start = text.find(marker).unwrap_or_else(|| panic!("README.md has no `{marker}`"));
    let rest = &text[start..];
    let open = rest.find("```").unwrap();
    let body = &rest[open..];
    let body = &body[body.find('\n').unwrap() + 1..];
    body[..body.find("```").unwrap()].lines().collect()
}

/// `bash -euo pipefail -c SCRIPT` in `dir`, with the built `comms` first on
/// PATH, the real clock (no `COMMS_NOW`: the README must work on the day it
/// is read), and the harness's scrubbed environment.
fn bash(dir: &Path, script: &str) -> std::process::Output {
    let bin = assert_cmd::cargo_bin!("comms");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut c = std::process::Command::new("bash");
    c.args(["-euo", "pipefail", "-c", script]).current_dir(dir);
    crate::harness::scrub(&mut c);
    // HOME: libgit2 reads the user's ~/.gitconfig whatever GIT_CONFIG_GLOBAL says.
    c.env("PATH", path).env("USER", "测试员").env("HOME", dir).output().unwrap()
}

/// Issue 13: the README's own first example failed (a deadline in the past,
/// an urgent record without `impact`/`measures`, an id nobody else gets).
/// Its commands run here as written — read from README.md, so the test
/// breaks when the README drifts.
#[cfg(unix)]
#[test]
fn the_readme_commands_run_as_pasted_today() {
    let readme = doc("README.md");
    let sandbox = crate::harness::Sandbox::empty();

    // "To start your own": every line but `cargo install`, as one script.
    let start: Vec<&str> = block_after(&readme, "To start your own:")
        .into_iter()
        .filter(|l| !l.trim_start().starts_with("cargo "))
        .collect();
    assert!(start.iter().any(|l| l.contains("comms new")) && start.iter().any(|l| l.starts_with("comms validate")));
    let script = start.join("\n");
    let out = bash(sandbox.path(), &script);
    assert!(
        out.status.success(),
        "the quick start failed:\n{script}\n--- stdout\n{}\n--- stderr\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let records = sandbox.files("团队记录/records");
    let record = records.iter().find(|f| f.ends_with(".md")).expect("the quick start wrote a record");
    assert!(
        sandbox.read(record).contains("  - { by: 测试员, at: "),
        "the ack is in the record:\n{}",
        sandbox.read(record)
    );

    // The opening example: its `$ comms …` commands (with their `\` lines),
    // run in the repository the quick start made.
    let mut commands = Vec::new();
    let mut current: Option<String> = None;
    for line in block_after(&readme, "# comms") {
        match (&mut current, line.strip_prefix("$ ")) {
            (None, Some(cmd)) => current = Some(cmd.to_string()),
            (Some(c), _) if c.ends_with('\\') => {
                c.push('\n');
                c.push_str(line);
            }
            _ => {}
        }
        if current.as_ref().is_some_and(|c| !c.ends_with('\\')) {
            commands.push(current.take().unwrap());
        }
    }
    assert!(commands.len() >= 2, "{commands:?}");
    for cmd in &commands {
        let out = bash(&sandbox.abs("团队记录"), cmd);
        assert!(out.status.success(), "`{cmd}` failed:\n{}", String::from_utf8_lossy(&out.stderr));
    }
}

/// What `init` suggests next works as pasted.
#[cfg(unix)]
#[test]
fn the_next_step_init_prints_runs_as_pasted() {
    let sandbox = crate::harness::Sandbox::empty();
    for (lang, dir) in [("zh", "团队记录"), ("en", "team")] {
        let out = bash(sandbox.path(), &format!("comms --lang {lang} init {dir} 2>&1"));
        assert!(out.status.success());
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let next =
            text.lines().find_map(|l| l.split_once("comms --repo")).map(|(_, rest)| format!("comms --repo{rest}"));
        let next = next.unwrap_or_else(|| panic!("no next step in:\n{text}"));
        let out = bash(sandbox.path(), &format!("{next} && comms --repo {dir} validate"));
        assert!(out.status.success(), "`{next}`:\n{}", String::from_utf8_lossy(&out.stderr));
    }
}

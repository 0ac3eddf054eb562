//! Every ```console example in README.md and docs/ runs here and must
//! print what the page shows (docs/README.md, "Examples in these pages").
//!
//! A block is a terminal session: `$ ` starts a command (a line ending in
//! `\` continues it), the lines up to the next `$ ` are what it prints,
//! stdout and stderr together. A line `…` stands for any number of lines,
//! a `…` or `[..]` inside a line for any text in it. A command whose output
//! shows an `error` line must fail; every other one must succeed.
//!
//! Each block runs in bash in a scratch copy of examples/demo that is a
//! git repository with one commit (`git diff` shows what the block
//! changed), at 2026-11-22 09:00 (`COMMS_NOW`), as 张伟 (git's
//! `user.name`), with the built `comms` first on `PATH`. An HTML comment
//! right above the fence changes that:
//!
//! ```text
//! <!-- docs-test: empty -->      an empty folder instead of the demo
//! <!-- docs-test:
//! printf … > records/x.md        a bash script run first, unseen ($DEMO
//! -->                             is examples/demo; its `export` lines
//!                                 hold for the commands too)
//! ```
//!
//! The examples/demo folder itself is never written.

use std::path::{Path, PathBuf};
use std::process::Command;

/// The pages whose examples run: README.md and every `.md` under docs/.
fn pages() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut out = vec![root.join("README.md")];
    let mut stack = vec![root.join("docs")];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// One ```console block.
#[derive(Debug)]
struct Example {
    /// `page:line` of the fence.
    place: String,
    /// An empty folder rather than the demo.
    empty: bool,
    /// A bash script run before the block.
    setup: String,
    /// Each command and the output the page shows for it.
    steps: Vec<(String, String)>,
}

fn examples(page: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(page).unwrap();
    let rel = page.strip_prefix(env!("CARGO_MANIFEST_DIR")).unwrap().display().to_string();
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let fence = lines[i].trim_start();
        if !fence.starts_with("```") {
            i += 1;
            continue;
        }
        let start = i;
        let indent = lines[i].len() - fence.len();
        let console = fence.trim_start_matches('`').trim() == "console";
        i += 1;
        let mut body = Vec::new();
        while i < lines.len() && !lines[i].trim_start().starts_with("```") {
            let l = lines[i];
            body.push(l.get(indent..).filter(|_| l[..indent].trim().is_empty()).unwrap_or(l.trim_start()));
            i += 1;
        }
        i += 1;
        if !console {
            continue;
        }
        let (empty, setup) = directive(&lines[..start]);
        let mut steps: Vec<(String, String)> = Vec::new();
        let mut continued = false;
        for line in body {
            if continued {
                let (cmd, _) = steps.last_mut().unwrap();
                cmd.push('\n');
                cmd.push_str(line);
                continued = line.ends_with('\\');
            } else if let Some(cmd) = line.strip_prefix("$ ") {
                steps.push((cmd.to_string(), String::new()));
                continued = cmd.ends_with('\\');
            } else {
                let (_, expected) =
                    steps.last_mut().unwrap_or_else(|| panic!("{rel}:{}: a console block starts with `$ `", start + 1));
                expected.push_str(line);
                expected.push('\n');
            }
        }
        assert!(!steps.is_empty(), "{rel}:{}: a console block without a command", start + 1);
        out.push(Example { place: format!("{rel}:{}", start + 1), empty, setup, steps });
    }
    out
}

/// The `<!-- docs-test: … -->` comment that ends right above a fence.
fn directive(before: &[&str]) -> (bool, String) {
    let Some(last) = before.last().map(|l| l.trim()) else { return (false, String::new()) };
    if last != "-->" && !(last.starts_with("<!-- docs-test:") && last.ends_with("-->")) {
        return (false, String::new());
    }
    let Some(open) = before.iter().rposition(|l| l.trim_start().starts_with("<!--")) else {
        return (false, String::new());
    };
    let head = before[open].trim_start();
    let Some(head) = head.strip_prefix("<!-- docs-test:") else { return (false, String::new()) };
    let mut text = head.to_string();
    for l in &before[open + 1..] {
        text.push('\n');
        text.push_str(l);
    }
    let text = text.trim_end().strip_suffix("-->").unwrap().trim();
    match text.strip_prefix("empty") {
        Some(rest) => (true, rest.trim().to_string()),
        None => (false, text.to_string()),
    }
}

/// The page's notation in snapbox's: a line `…` is `...`, a `…` inside a
/// line is `[..]`; trailing spaces do not count.
fn expected(text: &str) -> String {
    text.lines()
        .map(|l| if l.trim() == "…" { "...".to_string() } else { l.trim_end().replace('…', "[..]") })
        .collect::<Vec<_>>()
        .join("\n")
}

fn actual(text: &str) -> String {
    text.lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

fn bash(dir: &Path, script: &str) -> std::process::Output {
    let bin = assert_cmd::cargo_bin!("comms");
    let path = format!("{}:{}", bin.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut c = Command::new("bash");
    // One pipe for both streams, so they interleave as on a terminal.
    c.args(["-c", &format!("exec 2>&1\n{script}")]).current_dir(dir);
    crate::harness::scrub(&mut c);
    c.env("PATH", path)
        .env("HOME", dir)
        .env("USER", "张伟")
        .env("COMMS_NOW", "2026-11-22 09:00")
        .env("GIT_AUTHOR_NAME", "张伟")
        .env("GIT_AUTHOR_EMAIL", "zhangwei@example.com")
        .env("GIT_COMMITTER_NAME", "张伟")
        .env("GIT_COMMITTER_EMAIL", "zhangwei@example.com")
        .env("GIT_AUTHOR_DATE", "2026-11-22T09:00:00+08:00")
        .env("GIT_COMMITTER_DATE", "2026-11-22T09:00:00+08:00");
    c.output().unwrap()
}

/// Runs `example`; what went wrong, if anything.
fn run(example: &Example) -> Result<(), String> {
    let scratch = tempfile::Builder::new().prefix("comms-docs-").tempdir().unwrap();
    let dir = scratch.path();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    let mut setup = String::new();
    if !example.empty {
        setup.push_str(&format!(
            "cp -R '{}'/. . && git init -q -b main && git config user.name 张伟 && git config core.quotepath false && git add -A && git commit -q -m demo\n",
            demo.display()
        ));
    }
    setup.push_str(&example.setup);
    let out = bash(dir, &format!("set -e\nDEMO='{}'\n{setup}", demo.display()));
    if !out.status.success() {
        return Err(format!("{}: the setup failed:\n{}", example.place, String::from_utf8_lossy(&out.stdout)));
    }
    // What the setup exports holds for the commands too.
    let exports: String =
        example.setup.lines().filter(|l| l.starts_with("export ")).map(|l| format!("{l}\n")).collect();
    for (cmd, shown) in &example.steps {
        let out = bash(dir, &format!("{exports}{cmd}"));
        let printed = String::from_utf8_lossy(&out.stdout);
        let fails = shown.lines().any(|l| l.starts_with("error"));
        if out.status.success() == fails {
            return Err(format!(
                "{}: `{cmd}` {} ({}):\n{printed}",
                example.place,
                if fails { "succeeded, but the page shows an error" } else { "failed" },
                out.status
            ));
        }
        let assert = snapbox::Assert::new().normalize_paths(false);
        if let Err(e) = assert.try_eq(
            Some(&format!("`{cmd}`")),
            snapbox::Data::text(actual(&printed)),
            snapbox::Data::text(expected(shown)),
        ) {
            return Err(format!("{}: `{cmd}` printed something else than the page shows:\n{e}", example.place));
        }
    }
    Ok(())
}

#[cfg(unix)]
#[test]
fn every_console_example_in_the_docs_prints_what_the_page_shows() {
    let all: Vec<Example> = pages().iter().flat_map(|p| examples(p)).collect();
    assert!(all.len() >= 20, "{} console examples", all.len());
    let failures: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = all.iter().map(|e| s.spawn(move || run(e))).collect();
        handles.into_iter().filter_map(|h| h.join().unwrap().err()).collect()
    });
    assert!(failures.is_empty(), "{} of {} examples:\n\n{}", failures.len(), all.len(), failures.join("\n\n"));
}

#[test]
fn the_notation_of_the_pages_is_snapbox_s() {
    assert_eq!(expected("a …\n…\nb  \n"), "a [..]\n...\nb");
    let page = "x\n<!-- docs-test:\nprintf a > b\n-->\n";
    let lines: Vec<&str> = page.lines().collect();
    assert_eq!(directive(&lines), (false, "printf a > b".to_string()));
    assert_eq!(directive(&["<!-- docs-test: empty -->"]), (true, String::new()));
    assert_eq!(directive(&["<!-- something else -->"]), (false, String::new()));
    assert_eq!(directive(&["text"]), (false, String::new()));
}

/// The harness itself: a page that is wrong fails.
#[cfg(unix)]
#[test]
fn an_example_that_the_binary_does_not_print_fails() {
    let example = |cmd: &str, shown: &str| Example {
        place: "test".into(),
        empty: false,
        setup: String::new(),
        steps: vec![(cmd.into(), shown.into())],
    };
    run(&example("comms templates 2>/dev/null | head -1", "类型 … 定义来源\n")).unwrap();
    run(&example("comms --version", "comms …\n")).unwrap();
    assert!(run(&example("comms --version", "comms 0.0.0\n")).is_err(), "other output");
    assert!(run(&example("comms --version", "")).is_err(), "output the page does not show");
    assert!(run(&example("comms show 20991231-zzzz", "…\n")).is_err(), "a failure the page does not show");
    assert!(run(&example("comms --version", "error: …\n")).is_err(), "an error that did not happen");
    // The demo is a scratch copy: examples/demo itself is untouched.
    run(&example("comms done 20261121-7f3a", "…\n")).unwrap();
    let demo = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo/records/20261121-7f3a-紧急-生产部-设备故障通知.md"),
    )
    .unwrap();
    assert!(demo.contains("status: in-progress"));
}

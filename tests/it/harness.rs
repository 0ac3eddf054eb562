//! A sandbox repository and a runner for the binary, with the user's
//! environment scrubbed (git config, colour, `COMMS_NOW`).

use std::path::{Path, PathBuf};
use std::process::Command;

use tempfile::TempDir;

/// A temporary records repository.
pub struct Sandbox {
    dir: TempDir,
}

/// What a run printed and how it ended.
#[derive(Debug)]
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}\n{}", self.stdout, self.stderr))
    }

    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "exit status\nstdout:\n{}\nstderr:\n{}", self.stdout, self.stderr);
        self
    }
}

pub const CONFIG: &str = "timezone: Asia/Shanghai\nlanguage: zh\n";

/// A record that passes every rule; tests break it one way at a time.
pub const GOOD: &str = include_str!("../fixtures/good-urgent.md");

impl Sandbox {
    /// A repository with a `comms.yaml` (Asia/Shanghai) and `records/`.
    pub fn new() -> Sandbox {
        let s = Sandbox::empty();
        s.write("comms.yaml", CONFIG);
        std::fs::create_dir_all(s.path().join("records")).unwrap();
        s
    }

    /// An empty folder.
    pub fn empty() -> Sandbox {
        Sandbox { dir: tempfile::Builder::new().prefix("comms-it-").tempdir().unwrap() }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn abs(&self, rel: &str) -> PathBuf {
        self.path().join(rel)
    }

    pub fn write(&self, rel: &str, content: impl AsRef<[u8]>) -> &Self {
        let p = self.abs(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, content).unwrap();
        self
    }

    pub fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.abs(rel)).unwrap()
    }

    /// Files under `dir`, relative, sorted.
    pub fn files(&self, dir: &str) -> Vec<String> {
        let mut out: Vec<String> = walk(&self.abs(dir))
            .into_iter()
            .map(|p| p.strip_prefix(self.path()).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        out.sort();
        out
    }

    /// `comms ARGS` run in the repository folder.
    pub fn run(&self, args: &[&str]) -> Run {
        self.run_in(self.path(), args)
    }

    /// `comms ARGS` run in `dir`.
    pub fn run_in(&self, dir: &Path, args: &[&str]) -> Run {
        self.run_env(dir, args, &[])
    }

    /// `comms ARGS` run in `dir` with extra environment variables.
    pub fn run_env(&self, dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        let mut cmd = comms(dir);
        cmd.args(args);
        for (k, v) in env {
            cmd.env(k, v);
        }
        let out = cmd.output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// `git ARGS` in the repository, with a fixed identity and dates.
    pub fn git(&self, args: &[&str]) -> String {
        let out = git(self.path()).args(args).output().unwrap();
        assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Stages everything and commits it as `author` at `date` (ISO 8601,
    /// e.g. `2026-10-05T10:00:00+08:00`), both as author and committer date.
    pub fn commit_as(&self, author: &str, date: &str, message: &str) -> &Self {
        self.git(&["add", "-A"]);
        let out = git(self.path())
            .args(["commit", "-q", "--allow-empty", "-m", message])
            .env("GIT_AUTHOR_NAME", author)
            .env("GIT_AUTHOR_DATE", date)
            .env("GIT_COMMITTER_DATE", date)
            .output()
            .unwrap();
        assert!(out.status.success(), "git commit: {}", String::from_utf8_lossy(&out.stderr));
        self
    }

    /// Stages everything and commits it at `date` as the test identity.
    pub fn commit_at(&self, date: &str, message: &str) -> &Self {
        self.commit_as("测试员", date, message)
    }

    /// Makes the folder a git repository with one commit of everything.
    pub fn git_init(&self) -> &Self {
        self.git(&["init", "-q", "-b", "main"]);
        self.git(&["add", "-A"]);
        self.git(&["commit", "-q", "--allow-empty", "-m", "start"]);
        self
    }
}

/// The binary, with a clean environment.
pub fn comms(dir: &Path) -> Command {
    let mut c = Command::new(assert_cmd::cargo_bin!("comms"));
    c.current_dir(dir);
    scrub(&mut c);
    c
}

pub fn git(dir: &Path) -> Command {
    let mut c = Command::new("git");
    c.current_dir(dir);
    scrub(&mut c);
    c.env("GIT_AUTHOR_NAME", "测试员").env("GIT_AUTHOR_EMAIL", "t@example.com");
    c.env("GIT_COMMITTER_NAME", "测试员").env("GIT_COMMITTER_EMAIL", "t@example.com");
    c
}

pub fn scrub(c: &mut Command) {
    for var in ["COMMS_NOW", "COMMS_REPO", "GITHUB_ACTIONS", "CLICOLOR_FORCE", "VISUAL", "EDITOR"] {
        c.env_remove(var);
    }
    c.env("NO_COLOR", "1").env("GIT_CONFIG_NOSYSTEM", "1").env("GIT_CONFIG_GLOBAL", "/dev/null").env("TZ", "UTC");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A record with `id`, a subject made from it, and `fields` (YAML lines,
/// each ending in a newline). Enough for reports, archive and history.
pub fn record(id: &str, rtype: &str, fields: &str) -> String {
    format!("---\nid: {id}\ntype: {rtype}\nsubject: 通知-{id}\n{fields}---\n\n## 背景\n正文。\n")
}

/// `GOOD` with one line replaced.
#[track_caller]
pub fn good_with(line: &str, replacement: &str) -> String {
    assert!(GOOD.contains(line), "GOOD has no `{line}`");
    GOOD.replacen(line, replacement, 1)
}

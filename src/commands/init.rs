//! `comms init`: start a records repository.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, bail};

use crate::Outcome;
use crate::cli::{CiService, InitArgs};
use crate::context::Context;
use crate::i18n::tr;
use crate::model::config;
use crate::model::types;
use crate::render::{DIM, GOOD, WARNING, paint};
use crate::store::git::Git;

pub fn run(cx: &Context, args: InitArgs) -> Result<Outcome> {
    // `init DIR` and `comms --repo DIR init` are the same; both at once
    // must agree.
    let dir = match (args.dir, cx.single_repo()?) {
        (Some(d), Some(r)) if !same_folder(&d, r) => {
            bail!("init was given two folders, {} and --repo {}; give one", d.display(), r.display())
        }
        (Some(d), _) => d,
        (None, Some(r)) => r.to_path_buf(),
        (None, None) => PathBuf::from("."),
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    // No repository yet to read a language from: --lang, or the default
    // language (the one `comms.yaml` gets).
    let lang = cx.global.lang.unwrap_or_default();
    let mut report: Vec<(String, bool)> = Vec::new();
    // What to do next for the scheduled reminders, said last.
    let mut notes: Vec<String> = Vec::new();

    if let Some(outer) = enclosing_repository(&dir) {
        cx.note(format!(
            "{} {}",
            paint(WARNING, "warning:"),
            tr!(lang, "init-inside-another", dir = shown(&dir), outer = outer.display().to_string())
        ));
    }

    let tz = machine_timezone();
    let template = types::builtin("comms.yaml").unwrap_or_default();
    let comms_yaml = template.replace("{{timezone}}", &tz).replace("{{language}}", lang.as_str());
    let wrote_config = write_if_missing(&dir.join(config::FILE), &comms_yaml, &mut report)?;

    let records = dir.join("records");
    std::fs::create_dir_all(&records).with_context(|| format!("cannot create {}", records.display()))?;
    write_if_missing(&records.join(".gitkeep"), "", &mut report)?;

    if let Some(service) = args.ci {
        let (path, template) = match service {
            CiService::Github => (".github/workflows/comms.yml", "ci/github.yml"),
            CiService::Gitlab => (".gitlab-ci.yml", "ci/gitlab.yml"),
        };
        let mut text = types::builtin(template).unwrap_or_default().to_string();
        if args.notify {
            let at = notify_at(&args.notify_at)?;
            // The comms.yaml just written, or the one already there.
            let repo = crate::store::repo::Repo::open(dir.clone())?;
            let vars = notify_vars(&repo.config);
            let tz = repo.config.timezone;
            let listed = if vars.is_empty() { tr!(lang, "init-notify-no-vars") } else { vars.join(", ") };
            match service {
                CiService::Github => {
                    let env: Vec<String> = if vars.is_empty() {
                        vec![
                            "          # none yet: add `notify` to comms.yaml, e.g.".into(),
                            "          # WECOM_WEBHOOK: ${{ secrets.WECOM_WEBHOOK }}".into(),
                        ]
                    } else {
                        vars.iter().map(|v| format!("          {v}: ${{{{ secrets.{v} }}}}")).collect()
                    };
                    let workflow = types::builtin("ci/github-notify.yml")
                        .unwrap_or_default()
                        .replace("{{cron}}", &utc_cron(at, tz))
                        .replace("{{at}}", &at.format("%H:%M").to_string())
                        .replace("{{timezone}}", tz.name())
                        .replace("{{env}}", &env.join("\n"));
                    write_if_missing(&dir.join(".github/workflows/comms-notify.yml"), &workflow, &mut report)?;
                    notes.push(tr!(lang, "init-notify-github", cron = utc_cron(at, tz), vars = listed));
                }
                CiService::Gitlab => {
                    let local = format!("{} {} * * *", at.format("%-M"), at.format("%-H"));
                    let job = types::builtin("ci/gitlab-notify.yml")
                        .unwrap_or_default()
                        .replace("{{local_cron}}", &local)
                        .replace("{{timezone}}", tz.name())
                        .replace("{{vars}}", &listed);
                    text.push_str(&job);
                    notes.push(tr!(lang, "init-notify-gitlab", cron = local, tz = tz.name(), vars = listed));
                }
            }
        }
        write_if_missing(&dir.join(path), &text, &mut report)?;
    }

    if Git::open(&dir).is_none() {
        Git::init(&dir)?;
        report.push(("git repository".into(), true));
    }

    for (what, created) in &report {
        if *created {
            cx.note(format!("{} {what}", paint(GOOD, "created")));
        } else {
            cx.note(format!("{} {what} {}", paint(DIM, "kept"), paint(DIM, "(already there)")));
        }
    }
    if wrote_config {
        cx.note(tr!(lang, "init-timezone", tz = &tz));
    }
    // Editors check records with `comms lsp`; the YAML language server a
    // JSON Schema would be wired to reads a whole `.md` as YAML.
    cx.note(tr!(lang, "init-editors"));
    for n in &notes {
        cx.note(n);
    }
    let shown = if dir == Path::new(".") { String::new() } else { format!(" --repo {}", dir.display()) };
    cx.note(format!("\n{}", tr!(lang, "init-next", repo = shown)));
    Ok(Outcome::Success)
}

/// `--notify-at HH:MM`.
fn notify_at(text: &str) -> Result<chrono::NaiveTime> {
    chrono::NaiveTime::parse_from_str(text.trim(), "%H:%M")
        .with_context(|| format!("--notify-at {text}: write the time of day as HH:MM, e.g. 09:00"))
}

/// The daily schedule at `at` in `tz`, as a cron line in UTC (as GitHub
/// reads it). The offset is today's: in a timezone with summer time the
/// job runs an hour off for part of the year (docs/notify.md).
fn utc_cron(at: chrono::NaiveTime, tz: chrono_tz::Tz) -> String {
    use chrono::{TimeZone, Timelike};
    let today = chrono::Utc::now().with_timezone(&tz).date_naive();
    let local = tz.from_local_datetime(&today.and_time(at)).earliest();
    let utc = local.map_or(at, |l| l.with_timezone(&chrono::Utc).time());
    format!("{} {} * * *", utc.minute(), utc.hour())
}

/// The environment variables the `notify` targets read: their `url` and
/// `secret`, and the SMTP settings when one sends e-mail.
fn notify_vars(config: &config::Config) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for t in &config.notify {
        for r in t.url.iter().chain(&t.secret) {
            if !out.iter().any(|v| v == r.name()) {
                out.push(r.name().to_string());
            }
        }
        if t.kind == crate::model::notify::Kind::Email && !out.iter().any(|v| v == "COMMS_SMTP_HOST") {
            out.extend(["HOST", "PORT", "USER", "PASSWORD", "FROM", "TLS"].iter().map(|k| format!("COMMS_SMTP_{k}")));
        }
    }
    out
}

/// Whether two folder arguments name the same folder.
fn same_folder(a: &Path, b: &Path) -> bool {
    a == b || matches!((a.canonicalize(), b.canonicalize()), (Ok(x), Ok(y)) if x == y)
}

/// The nearest folder above `dir` (not `dir` itself) holding `comms.yaml`.
fn enclosing_repository(dir: &Path) -> Option<PathBuf> {
    let abs = dir.canonicalize().ok()?;
    let outer = abs.ancestors().skip(1).find(|d| d.join(config::FILE).is_file())?;
    Some(crate::model::paths::shown(outer))
}

/// Writes `text` to `path` unless a file is already there: init never
/// overwrites, so it can be re-run to add what is missing. Returns whether
/// it wrote.
fn write_if_missing(path: &Path, text: &str, report: &mut Vec<(String, bool)>) -> Result<bool> {
    let name = shown(path);
    if path.exists() {
        report.push((name, false));
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    crate::store::write::create_new(path, text.as_bytes(), None)
        .with_context(|| format!("cannot write {}", path.display()))?;
    report.push((name, true));
    Ok(true)
}

fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let rel = path.strip_prefix(&cwd).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    if rel.as_os_str().is_empty() { ".".into() } else { rel.display().to_string() }
}

/// The machine's IANA timezone, or UTC when it cannot be told.
fn machine_timezone() -> String {
    match iana_time_zone::get_timezone() {
        Ok(name) if config::parse_timezone(&name).is_ok() => name,
        _ => "UTC".into(),
    }
}

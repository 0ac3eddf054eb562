//! `comms init`: start a records repository.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::Outcome;
use crate::cli::{CiService, InitArgs};
use crate::config::{self, Lang};
use crate::context::Context;
use crate::git::Git;
use crate::render::{DIM, GOOD, paint};
use crate::types;

/// Where `init` writes the records' JSON Schema (`comms schema` regenerates it).
pub const SCHEMA: &str = ".comms/schema.json";

pub fn run(cx: &Context, args: InitArgs) -> Result<Outcome> {
    let dir = match args.dir {
        Some(d) => d,
        None => std::env::current_dir().context("cannot find the current folder")?,
    };
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let lang = cx.global.lang.unwrap_or(Lang::Zh);
    let mut report: Vec<(String, bool)> = Vec::new();

    let tz = machine_timezone();
    let template = types::builtin("comms.yaml").unwrap_or_default();
    let comms_yaml = template.replace("{{timezone}}", &tz).replace("{{language}}", lang.as_str());
    write_if_missing(&dir.join(config::FILE), &comms_yaml, &mut report)?;

    let records = dir.join("records");
    std::fs::create_dir_all(&records).with_context(|| format!("cannot create {}", records.display()))?;
    write_if_missing(&records.join(".gitkeep"), "", &mut report)?;

    // Editors: the records' JSON Schema, wired for VS Code's YAML extension.
    let repo = crate::repo::Repo::open(dir.clone())?;
    let schema = serde_json::to_string_pretty(&crate::schema::for_all(&repo.catalog, &repo.config))? + "\n";
    write_if_missing(&dir.join(SCHEMA), &schema, &mut report)?;
    let vscode = serde_json::to_string_pretty(&serde_json::json!({
        "yaml.schemas": { format!("./{SCHEMA}"): [format!("{}/**/*.md", repo.config.records_dir), format!("{}/**/*.md", repo.config.archive_dir)] }
    }))? + "\n";
    write_if_missing(&dir.join(".vscode/settings.json"), &vscode, &mut report)?;

    if let Some(service) = args.ci {
        let (path, template) = match service {
            CiService::Github => (".github/workflows/comms.yml", "ci/github.yml"),
            CiService::Gitlab => (".gitlab-ci.yml", "ci/gitlab.yml"),
        };
        write_if_missing(&dir.join(path), types::builtin(template).unwrap_or_default(), &mut report)?;
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
    let shown = if dir == Path::new(".") { String::new() } else { format!(" --repo {}", dir.display()) };
    cx.note(match lang {
        Lang::Zh => format!("\n下一步:comms{shown} new urgent --subject \"【紧急】生产部-设备故障通知\" --owner 张伟 --deadline \"2026-11-23 17:00\""),
        Lang::En => format!("\nNext: comms{shown} new internal --subject \"Quarterly review - agenda\" --owner \"Zhang Wei\" --deadline \"2026-11-23 17:00\""),
    });
    Ok(Outcome::Success)
}

/// Writes `text` to `path` unless a file is already there: init never
/// overwrites, so it can be re-run to add what is missing.
fn write_if_missing(path: &Path, text: &str, report: &mut Vec<(String, bool)>) -> Result<()> {
    let name = shown(path);
    if path.exists() {
        report.push((name, false));
        return Ok(());
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    crate::store::write::create_new(path, text.as_bytes(), None)
        .with_context(|| format!("cannot write {}", path.display()))?;
    report.push((name, true));
    Ok(())
}

fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    path.strip_prefix(&cwd).unwrap_or(path).display().to_string()
}

/// The machine's IANA timezone, or UTC when it cannot be told.
fn machine_timezone() -> String {
    match iana_time_zone::get_timezone() {
        Ok(name) if config::parse_timezone(&name).is_ok() => name,
        _ => "UTC".into(),
    }
}

//! `comms report`: metrics for a quarter, year or month, as tables, JSON,
//! CSV or an HTML dashboard.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::context::Context;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::record::Status;
use crate::render::report::{self as render, Labels};
use crate::report::metrics::{self, Filter, Period};
use crate::store::history::{self, History};
use crate::store::repo::Repo;

pub fn run(cx: &Context, args: ReportArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let clock = cx.clock(&repo)?;
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let now = clock.now();
    let period = match (&args.quarter, &args.year, &args.month) {
        (Some(Some(q)), _, _) => Period::quarter(q, tz),
        (_, Some(y), _) => Period::year(y, tz),
        (_, _, Some(m)) => Period::month(m, tz),
        _ => Ok(Period::quarter_containing(now, tz)),
    }
    .map_err(|m| anyhow!("{m}"))?;
    let format = match args.format {
        Some(f) => f,
        None => args.output.as_deref().and_then(format_of).unwrap_or(ReportFormat::Table),
    };
    if let Some(out) = &args.output {
        super::output::check(&repo, out, args.force, "report.md")?;
    }

    let loaded = repo.load();
    let mut records = loaded.records;
    if !loaded.problems.is_empty() {
        let n = loaded.problems.len();
        cx.note(tr!(lang, "report-unreadable", count = n));
    }
    if history::needed(&records) {
        fill_from_history(cx, &repo, lang, &mut records);
    }
    if let Some(p) = &args.project {
        check_project(p, &records)?;
    }

    if !args.include_confidential {
        crate::model::classification::redact(&mut records, &tr!(lang, "confidential-subject"));
    }
    let filter = Filter { period: &period, project: args.project.as_deref() };
    let undated = records.iter().filter(|r| r.created.is_none()).count();
    if undated > 0 {
        cx.note(tr!(lang, "report-undated", count = undated));
    }
    let unclosed =
        records.iter().filter(|r| filter.matches(r) && r.status == Some(Status::Done) && r.closed.is_none()).count();
    if unclosed > 0 {
        cx.note(tr!(lang, "report-unclosed", count = unclosed));
    }

    let report = metrics::build(&records, &filter, &repo.config, now);
    let labels = Labels { lang, tz, catalog: &repo.catalog };
    let text = match format {
        ReportFormat::Table => render::table(&report, &labels),
        ReportFormat::Markdown => render::markdown(&report, &labels),
        ReportFormat::Json => format!("{}\n", render::json(&report, tz)?),
        ReportFormat::Csv => render::csv(&report),
        ReportFormat::Html => {
            let dashboard = metrics::dashboard(&records, &filter, &repo.config, now, tz);
            crate::render::html::html(&report, &dashboard, &labels)
        }
    };
    match &args.output {
        None => {
            let mut out = super::stdout();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
        Some(path) => {
            // Spreadsheet programs read UTF-8 CSV files with Chinese text
            // correctly only with a byte order mark.
            let bytes = if format == ReportFormat::Csv { format!("\u{feff}{text}") } else { text };
            super::output::write(cx, lang, path, bytes.as_bytes(), args.force)?;
        }
    }
    Ok(Outcome::Success)
}

/// Fills missing `created`/`closed` times from one walk of git history.
fn fill_from_history(cx: &Context, repo: &Repo, lang: Lang, records: &mut [crate::model::record::Record]) {
    match History::load(repo) {
        Ok(Some(h)) => {
            h.fill(records);
            if h.shallow {
                cx.note(tr!(lang, "report-shallow"));
            }
        }
        Ok(None) => cx.note(tr!(lang, "report-no-git")),
        Err(e) => cx.note(tr!(lang, "report-history-error", error = e.to_string())),
    }
}

/// A `--project` no record has is almost always a typo.
fn check_project(project: &str, records: &[crate::model::record::Record]) -> Result<()> {
    let p = project.trim();
    if p.is_empty() {
        bail!("--project is empty; write a project name, e.g. --project 二号产线");
    }
    if records.iter().any(|r| r.project.as_deref().map(str::trim) == Some(p)) {
        return Ok(());
    }
    let mut names: Vec<&str> = records.iter().filter_map(|r| r.project.as_deref().map(str::trim)).collect();
    names.sort();
    names.dedup();
    match crate::model::suggest::closest(p, names.iter().copied()) {
        Some(best) => bail!("no record has project `{p}`; did you mean `{best}`?"),
        None if names.is_empty() => bail!("no record has project `{p}`; no record has a `project` at all"),
        None => bail!("no record has project `{p}`; the projects are {}", names.join(", ")),
    }
}

/// The format an output file's extension asks for.
fn format_of(path: &Path) -> Option<ReportFormat> {
    let ext = path.extension()?.to_str()?.to_ascii_lowercase();
    match ext.as_str() {
        "md" | "markdown" => Some(ReportFormat::Markdown),
        "json" => Some(ReportFormat::Json),
        "csv" => Some(ReportFormat::Csv),
        "html" | "htm" => Some(ReportFormat::Html),
        _ => None,
    }
}

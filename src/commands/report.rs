//! `comms report`: metrics for a quarter, year or month, as tables, JSON,
//! CSV or an HTML dashboard.

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Mutex;

use anyhow::{Result, anyhow, bail};

use crate::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::context::Context;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::record::{Record, Status, Text};
use crate::render::report::{self as render, Labels};
use crate::report::metrics::{self, Filter, Part, Period};
use crate::store::history::{self, History};
use crate::store::repo::Repo;

pub fn run(cx: &Context, args: ReportArgs) -> Result<Outcome> {
    let repos = cx.repos()?;
    // The first repository gives the clock, language, labels and targets.
    let repo = &repos[0];
    let clock = cx.clock(repo)?;
    let lang = cx.lang(repo);
    let tz = repo.config.timezone;
    let now = clock.now();
    let period_in = |tz| match (&args.quarter, &args.year, &args.month) {
        (Some(Some(q)), _, _) => Period::quarter(q, tz),
        (_, Some(y), _) => Period::year(y, tz),
        (_, _, Some(m)) => Period::month(m, tz),
        _ => Ok(Period::quarter_containing(now, tz)),
    };
    let format = match args.format {
        Some(f) => f,
        None => args.output.as_deref().and_then(format_of).unwrap_or(ReportFormat::Table),
    };
    if args.targets && format != ReportFormat::Csv {
        bail!("--targets is for --format csv (a table of its own); the other formats show the targets with the report");
    }
    if let Some(out) = &args.output {
        super::output::check(repo, out, args.force, "report.md")?;
    }

    let mut loaded: Vec<Vec<Record>> = Vec::with_capacity(repos.len());
    // The projects of the records not kept, for `--project`'s check.
    let others = Mutex::new(BTreeSet::new());
    for repo in &repos {
        // Only the records the report can count are kept (see `counted`);
        // the HTML dashboard's trend reads earlier quarters, and keeps all.
        // A period that does not read keeps all too, and fails below as
        // it always has.
        let l = match period_in(repo.config.timezone) {
            Ok(period) if format != ReportFormat::Html => {
                let previous =
                    if repos[0].config.targets.is_empty() { None } else { period.previous(repo.config.timezone) };
                repo.load_where(|r| {
                    let keep = counted(r, &period, previous.as_ref());
                    // Who is still to confirm is for listings; the report
                    // counts it through `measures`.
                    r.addressed = Default::default();
                    if !keep
                        && args.project.is_some()
                        && let Some(p) = r.project.as_deref()
                        && let Ok(mut others) = others.lock()
                    {
                        others.insert(Text::from(p));
                    }
                    keep
                })
            }
            _ => repo.load(),
        };
        let mut records = l.records;
        if !l.problems.is_empty() {
            let n = l.problems.len();
            cx.note(tr!(lang, "report-unreadable", count = n));
        }
        if history::needed(&records) {
            fill_from_history(cx, repo, lang, &mut records);
        }
        if !args.include_confidential {
            crate::model::classification::redact(&mut records, &tr!(lang, "confidential-subject"));
        }
        loaded.push(records);
    }
    if let Some(p) = &args.project {
        let others = others.into_inner().unwrap_or_default();
        check_project(
            p,
            loaded.iter().flatten().filter_map(|r| r.project.as_deref()).chain(others.iter().map(|p| p.as_str())),
        )?;
    }
    let names = repo_names(&repos, &cx.global.repo);
    let mut parts = Vec::with_capacity(repos.len());
    for ((repo, records), name) in repos.iter().zip(&loaded).zip(names) {
        let period = period_in(repo.config.timezone).map_err(|m| anyhow!("{m}"))?;
        parts.push(Part { name, records, config: &repo.config, period });
    }

    let project = args.project.as_deref();
    let undated = loaded.iter().flatten().filter(|r| r.created.is_none()).count();
    if undated > 0 {
        cx.note(tr!(lang, "report-undated", count = undated));
    }
    let unclosed = parts
        .iter()
        .map(|p| {
            let filter = Filter { period: &p.period, project };
            p.records
                .iter()
                .filter(|r| filter.matches(r) && r.status == Some(Status::Done) && r.closed.is_none())
                .count()
        })
        .sum::<usize>();
    if unclosed > 0 {
        cx.note(tr!(lang, "report-unclosed", count = unclosed));
    }

    let mut report = metrics::build_parts(&parts, project, now);
    let targets = &repo.config.targets;
    if !targets.is_empty() {
        let previous: Vec<Option<Period>> = parts.iter().map(|p| p.period.previous(p.config.timezone)).collect();
        let before = previous[0]
            .is_some()
            .then(|| metrics::totals_of(&parts, |i| previous.get(i).cloned().flatten(), project, now));
        report.targets = crate::report::targets::judge(targets, &report.totals, before.as_ref());
        report.previous = previous[0].clone();
    }
    let labels = Labels { lang, tz, catalog: &repo.catalog };
    let text = match format {
        ReportFormat::Table => render::table(&report, &labels),
        ReportFormat::Markdown => render::markdown(&report, &labels),
        ReportFormat::Json => format!("{}\n", render::json(&report, tz)?),
        ReportFormat::Csv if args.targets => render::targets_csv(&report),
        ReportFormat::Csv => render::csv(&report),
        ReportFormat::Html => {
            let dashboard = metrics::dashboard_parts(&parts, project, now, !targets.is_empty());
            crate::render::html::html(&report, &dashboard, &labels)
        }
    };
    // Spreadsheet programs read UTF-8 CSV files with Chinese text correctly
    // only with a byte order mark: in a file, not on standard output.
    let text = if format == ReportFormat::Csv && args.output.is_some() { format!("\u{feff}{text}") } else { text };
    super::output::emit(cx, lang, args.output.as_deref(), text.as_bytes(), args.force)?;
    Ok(Outcome::Success)
}

/// The name of each repository in `by_repo`: its folder's name, or, when
/// two folders have one name, the path as given.
fn repo_names(repos: &[Repo], given: &[std::path::PathBuf]) -> Vec<String> {
    let folder = |r: &Repo| {
        let root = r.root.canonicalize().unwrap_or_else(|_| r.root.clone());
        root.file_name().map_or_else(|| root.display().to_string(), |n| n.to_string_lossy().into_owned())
    };
    let names: Vec<String> = repos.iter().map(folder).collect();
    let mut sorted = names.clone();
    sorted.sort();
    if sorted.windows(2).all(|w| w[0] != w[1]) {
        return names;
    }
    repos
        .iter()
        .enumerate()
        .map(|(i, r)| given.get(i).map_or_else(|| r.root.display().to_string(), |p| p.display().to_string()))
        .collect()
}

/// Fills missing `created`/`closed` times from one walk of git history.
fn fill_from_history(cx: &Context, repo: &Repo, lang: Lang, records: &mut [Record]) {
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

/// Whether a report over `period` (and `previous`, for the targets) can
/// count `r`: created in one of them, or missing a time that git's history
/// may fill (the notes about undated and unclosed records count those too).
fn counted(r: &Record, period: &Period, previous: Option<&Period>) -> bool {
    history::needed(std::slice::from_ref(r))
        || r.created.is_some_and(|c| period.contains(c) || previous.is_some_and(|p| p.contains(c)))
}

/// A `--project` no record has is almost always a typo. `projects`: every
/// record's `project`.
fn check_project<'a>(project: &str, projects: impl Iterator<Item = &'a str> + Clone) -> Result<()> {
    let p = project.trim();
    if p.is_empty() {
        bail!("--project is empty; write a project name, e.g. --project 二号产线");
    }
    if projects.clone().any(|r| r.trim() == p) {
        return Ok(());
    }
    let mut names: Vec<&str> = projects.map(str::trim).collect();
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

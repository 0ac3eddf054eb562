//! `comms report`: metrics for a quarter, year or month, as tables, JSON,
//! CSV or an HTML dashboard.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow, bail};

use crate::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::context::Context;
use crate::model::config::Lang;
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
        cx.note(match lang {
            Lang::Zh => format!("注意:{n} 个文件无法读取为记录,未计入;`comms validate` 说明原因"),
            Lang::En => format!(
                "note: {n} file{} could not be read as records and are not counted; `comms validate` says why",
                plural(n)
            ),
        });
    }
    if history::needed(&records) {
        fill_from_history(cx, &repo, lang, &mut records);
    }
    if let Some(p) = &args.project {
        check_project(p, &records)?;
    }

    let filter = Filter { period: &period, project: args.project.as_deref() };
    let undated = records.iter().filter(|r| r.created.is_none()).count();
    if undated > 0 {
        cx.note(match lang {
            Lang::Zh => format!("注意:{undated} 条记录没有 `created` 时间(git 历史中也没有),不属于任何期间"),
            Lang::En => format!(
                "note: {undated} record{} {} no `created` time (nor one from git history) and {} in no period",
                plural(undated),
                if undated == 1 { "has" } else { "have" },
                if undated == 1 { "is" } else { "are" }
            ),
        });
    }
    let unclosed =
        records.iter().filter(|r| filter.matches(r) && r.status == Some(Status::Done) && r.closed.is_none()).count();
    if unclosed > 0 {
        cx.note(match lang {
            Lang::Zh => format!("注意:期间内 {unclosed} 条已完成记录没有 `closed` 时间,不计入按时、超时和平均处理时长"),
            Lang::En => format!(
                "note: {unclosed} done record{} in the period {} no `closed` time and {} not counted as on time, late or in the average resolution time",
                plural(unclosed),
                if unclosed == 1 { "has" } else { "have" },
                if unclosed == 1 { "is" } else { "are" }
            ),
        });
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
                cx.note(match lang {
                    Lang::Zh => "注意:这是浅克隆(shallow clone),更早的提交不在本地;从 git 补全的时间可能偏晚",
                    Lang::En => {
                        "note: this is a shallow clone and older commits are missing; times filled in from git may be too late"
                    }
                });
            }
        }
        Ok(None) => cx.note(match lang {
            Lang::Zh => "注意:不在 git 仓库中,缺少的 `created`/`closed` 时间无法从提交历史补全",
            Lang::En => {
                "note: not in a git repository, so missing `created`/`closed` times cannot be taken from commit history"
            }
        }),
        Err(e) => cx.note(match lang {
            Lang::Zh => format!("注意:无法读取 git 历史({e}),缺少的时间未补全"),
            Lang::En => format!("note: cannot read git history ({e}); missing times are not filled in"),
        }),
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

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

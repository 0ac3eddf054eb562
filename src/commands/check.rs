//! `comms check`: the CI entry point.
//!
//! Without `--base` it validates the whole repository. With `--base REV` it
//! validates only the records a pull request added or changed since the
//! merge base of REV and HEAD (plus uncommitted changes), and compares their
//! ids with every record — so a pull request is never blamed for old records
//! it did not touch, and never lets in an id that already exists.

use std::collections::HashSet;
use std::io::Write;

use anyhow::{Result, anyhow};

use crate::Outcome;
use crate::check::validation;
use crate::cli::{CheckArgs, DiagFormat};
use crate::context::Context;
use crate::store::git::Git;
use crate::store::repo::RecordFile;

pub fn run(cx: &Context, args: CheckArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    repo.require_records_dir()?;
    let github = std::env::var("GITHUB_ACTIONS").is_ok_and(|v| v == "true");
    let format = args.format.unwrap_or(if github { DiagFormat::Github } else { DiagFormat::Human });
    let (all, problems) = repo.record_files();
    let (targets, problems, scope) = match &args.base {
        None => (None, problems, "the whole repository".to_string()),
        Some(base) => {
            let git = Git::discover(&repo.root)?.ok_or_else(|| {
                anyhow!("{} is not in a git repository; `--base` compares git revisions", repo.root.display())
            })?;
            let dirs = [repo.config.records_dir.as_str(), repo.config.archive_dir.as_str()];
            let changed: HashSet<_> = git.changed_since(base, &dirs)?.into_iter().collect();
            let targets: Vec<RecordFile> = all.iter().filter(|f| changed.contains(&f.rel)).cloned().collect();
            let problems = problems
                .into_iter()
                .filter(|d| changed.iter().any(|c| crate::model::record::display_path(c) == d.path))
                .collect();
            let n = targets.len();
            (Some(targets), problems, format!("{n} record{} changed since `{base}`", if n == 1 { "" } else { "s" }))
        }
    };
    let now = cx.clock(&repo)?.now();
    // Without --base the targets are every record: the same slice.
    let targets = targets.as_deref().unwrap_or(&all);
    let mut outcome = validation::validate(&repo, targets, &all, problems, now);
    if let Some(base) = &args.base {
        // Ids `base` gained after the branch point: not in this work tree,
        // but a merge brings them in beside the records checked here.
        let extra = ids_gained_on(&repo, base)?;
        outcome.diagnostics.extend(validation::duplicates_on(&repo, targets, &extra, base));
        outcome
            .diagnostics
            .sort_by(|a, b| (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code)));
    }
    super::validate::emit(cx, &repo, format, &outcome)?;
    let tally = outcome.tally();
    if format != DiagFormat::Human {
        cx.note(format!("checked {scope}: {} error(s), {} warning(s)", tally.errors, tally.warnings));
    }
    if let Ok(path) = std::env::var("GITHUB_STEP_SUMMARY")
        && !path.is_empty()
    {
        step_summary(&path, &scope, &outcome)?;
    }
    Ok(super::validate::verdict(&outcome, args.strict))
}

/// `(path, id)` of the records `base` gained since its merge base with
/// HEAD: ids in its added or changed record files that none of its removed
/// or changed-from files had (a record main only moved, e.g. archived,
/// keeps its id and is not new).
fn ids_gained_on(repo: &crate::store::repo::Repo, base: &str) -> Result<Vec<(String, String)>> {
    let Some(git) = Git::discover(&repo.root)? else { return Ok(Vec::new()) };
    let dirs = [repo.config.records_dir.as_str(), repo.config.archive_dir.as_str()];
    let (gained, lost) = git.changed_on_base(base, &dirs)?;
    let old: HashSet<String> = lost.into_iter().filter_map(|(p, b)| validation::id_in(&p, b)).collect();
    Ok(gained
        .into_iter()
        .filter_map(|(p, b)| {
            // One in the work tree too is already compared with the rest.
            if repo.abs(&p).exists() {
                return None;
            }
            let id = validation::id_in(&p, b)?;
            (!old.contains(&id)).then(|| (crate::model::record::display_path(&p), id))
        })
        .collect())
}

/// Appends a Markdown summary to the GitHub Actions job summary.
fn step_summary(path: &str, scope: &str, outcome: &validation::Outcome) -> Result<()> {
    let t = outcome.tally();
    let mut text =
        format!("### comms check\n\nChecked {scope}: **{} error(s)**, {} warning(s).\n\n", t.errors, t.warnings);
    if !outcome.diagnostics.is_empty() {
        text.push_str("| file | line | rule | message |\n|---|---|---|---|\n");
        for d in outcome.diagnostics.iter().take(200) {
            text.push_str(&format!("| `{}` | {} | `{}` | {} |\n", cell(&d.path), d.line, d.code, cell(&d.message)));
        }
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .map_err(|e| anyhow!("cannot write the job summary {path}: {e}"))?;
    f.write_all(text.as_bytes())?;
    Ok(())
}

/// Text as one cell of a Markdown table row: `|` escaped, line breaks as
/// `<br>` (a raw one would end the row).
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace("\r\n", "<br>").replace(['\n', '\r'], "<br>")
}

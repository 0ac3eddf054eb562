//! `comms validate`: check records against the rules.

use std::io::Write;

use anyhow::{Result, bail};

use crate::Outcome;
use crate::check::validation::{self, Outcome as Checked};
use crate::cli::{DiagFormat, ValidateArgs};
use crate::context::Context;
use crate::model::frontmatter::Source;
use crate::model::record::display_path;
use crate::render::diagnostics as render;
use crate::store::repo::{RecordFile, Repo};

pub fn run(cx: &Context, args: ValidateArgs) -> Result<Outcome> {
    // Named files are checked anywhere (with the built-in settings outside
    // a repository); the whole repository only where there is one.
    let repo = cx.any_repo()?;
    if args.paths.is_empty() {
        repo.require_records_dir()?;
    }
    let (all, mut problems) = repo.record_files();
    let chosen;
    let targets: &[RecordFile] = if args.paths.is_empty() {
        &all
    } else {
        let mut targets = Vec::new();
        problems.clear();
        for p in &args.paths {
            if std::fs::symlink_metadata(p).is_err() {
                bail!("{}: no such file or folder", p.display());
            }
            let (files, walk) = repo.files_under(p);
            targets.extend(files);
            problems.extend(walk);
        }
        targets.sort();
        targets.dedup();
        chosen = targets;
        &chosen
    };
    if args.fix {
        fix(cx, &repo, targets)?;
    }
    let now = cx.clock(&repo)?.now();
    let outcome = validation::validate(&repo, targets, &all, problems, now);
    emit(cx, &repo, args.format, &outcome)?;
    Ok(verdict(&outcome, args.strict))
}

/// Exit 1 on errors, or on warnings with `--strict`.
pub fn verdict(outcome: &Checked, strict: bool) -> Outcome {
    let t = outcome.tally();
    if t.errors > 0 || (strict && t.warnings > 0) { Outcome::Findings } else { Outcome::Success }
}

/// Prints diagnostics in `format` on stdout.
pub fn emit(cx: &Context, repo: &Repo, format: DiagFormat, outcome: &Checked) -> Result<()> {
    let mut out = super::stdout();
    // Annotation formats name files from the root of the git work tree.
    let git_prefix = || crate::store::git::Git::open(&repo.root).map(|g| g.prefix()).unwrap_or_default();
    match format {
        DiagFormat::Human => {
            for d in &outcome.diagnostics {
                render::human(&mut out, d)?;
            }
            if !cx.global.quiet {
                let files_with =
                    outcome.diagnostics.iter().map(|d| &d.path).collect::<std::collections::HashSet<_>>().len();
                writeln!(out, "{}", render::summary(outcome.tally(), files_with, outcome.files_checked))?;
            }
        }
        DiagFormat::Json => render::json(&mut out, outcome.files_checked, &outcome.diagnostics)?,
        DiagFormat::Github => {
            let prefix = git_prefix();
            for d in &outcome.diagnostics {
                render::github(&mut out, d, &prefix)?;
            }
        }
        DiagFormat::Gitlab => render::gitlab(&mut out, &outcome.diagnostics, &git_prefix())?,
        DiagFormat::Sarif => {
            let prefix = git_prefix();
            render::sarif(&mut out, &outcome.diagnostics, &prefix, srcroot(repo, &prefix).as_deref())?
        }
    }
    out.flush()?;
    Ok(())
}

/// The root of the git work tree (the repository root outside git) as a
/// `file://` URI ending in `/`: SARIF's `%SRCROOT%`.
fn srcroot(repo: &Repo, prefix: &str) -> Option<String> {
    let mut root = repo.root.canonicalize().ok()?;
    for _ in prefix.split('/').filter(|s| !s.is_empty()) {
        root.pop();
    }
    let path = display_path(&root);
    let path = if path.starts_with('/') { path } else { format!("/{path}") };
    let path = render::uri_path(&path);
    Some(if path.ends_with('/') { format!("file://{path}") } else { format!("file://{path}/") })
}

/// Rewrites full-width colons after keys and full-width commas in lists as
/// ASCII, and masks every unmasked mobile, ID-card and landline number (and
/// e-mail address, with `mask: [email]`) in the targets, in place.
fn fix(cx: &Context, repo: &Repo, targets: &[RecordFile]) -> Result<()> {
    // One lock and one temporaries' folder for the whole run, not per file.
    let _lock = crate::store::lock::RepoLock::acquire(&repo.root)?;
    let mut temp = None;
    for file in targets {
        let path = repo.abs(&file.rel);
        let Ok(bytes) = std::fs::read(&path) else { continue };
        let Ok(src) = Source::decode(bytes) else { continue };
        let fixed = crate::check::fix::fix_text(&file.rel, &src.text, repo.config.mask);
        let (masked, n, punctuation) = (fixed.text, fixed.masked, fixed.punctuation);
        if n == 0 && punctuation == 0 {
            continue;
        }
        let at = crate::store::guard::record_path(&repo.root, &file.rel)?;
        let temp = temp.get_or_insert_with(|| crate::store::write::temp_dir(&repo.root));
        crate::store::write::replace_if_unchanged(&at, src.text.as_bytes(), masked.as_bytes(), temp.as_deref())
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}; nothing was changed in it", path.display()))?;
        let plural = |n: usize| if n == 1 { "" } else { "s" };
        if punctuation > 0 {
            cx.note(format!(
                "made {punctuation} full-width colon{} or comma{} ASCII in {}",
                plural(punctuation),
                plural(punctuation),
                display_path(&file.rel)
            ));
        }
        if n > 0 {
            cx.note(format!("masked {n} number{} in {}", plural(n), display_path(&file.rel)));
        }
    }
    Ok(())
}

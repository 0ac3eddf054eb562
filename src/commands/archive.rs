//! `comms archive`: file done and cancelled records under
//! `archive/<year>/<quarter>/<project>/` and stage the moves in git.
//!
//! Safe by construction: every folder is created before its file moves;
//! each file moves with one link-then-unlink (never over an existing file)
//! or one rename on the same filesystem, so a failure at any point leaves
//! every record complete at its old place or its new one; the index is
//! written once at the end, and also when a step fails, so what moved is
//! staged.

use std::io::Write;
use std::path::Path;

use anyhow::{Result, anyhow};

use crate::Outcome;
use crate::cli::ArchiveArgs;
use crate::context::Context;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::record::{Status, display_path};
use crate::render::{WARNING, paint};
use crate::store::archive::{self, Move, Skip};
use crate::store::git::{Git, Tracked};
use crate::store::history::History;
use crate::store::lock::RepoLock;
use crate::store::{guard, moves};

pub fn run(cx: &Context, args: ArchiveArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let lang = cx.lang(&repo);
    // Held from reading the records to staging the moves: no edit lands on
    // a record while it moves, and two archives never plan the same moves.
    let _lock = if args.dry_run { None } else { Some(RepoLock::acquire(&repo.root)?) };
    if !args.dry_run {
        // Refused before anything moves: an archive folder that is a link
        // (git stores links) would take the records out of the repository.
        guard::real_dir(&repo.root, Path::new(&repo.config.archive_dir), true)?;
    }
    let loaded = repo.load();
    let mut records = loaded.records;
    if records.iter().any(|r| !r.archived && r.closed.is_none() && r.status.is_some_and(Status::is_closed)) {
        // The commit that closed a record stands in for a missing `closed`.
        match History::load(&repo) {
            Ok(Some(h)) => {
                h.fill(&mut records);
            }
            Ok(None) => {}
            Err(e) => cx.note(tr!(lang, "archive-no-history", error = e.to_string())),
        }
    }
    let plan = archive::plan(&records, &repo.config, |p| std::fs::symlink_metadata(repo.abs(p)).is_ok());
    let show = |p: &Path| display_path(&crate::model::paths::shown(&repo.abs(p)));

    // A move an earlier run began (the file is at both places, the same
    // bytes) is finished rather than reported as a collision.
    let mut moves: Vec<(Move, bool)> = plan.moves.iter().cloned().map(|m| (m, false)).collect();
    let mut skipped = Vec::new();
    for (from, why) in &plan.skipped {
        match why {
            Skip::Collision { to } if same_bytes(&repo.abs(from), &repo.abs(to)) => {
                moves.push((Move { from: from.clone(), to: to.clone() }, true));
            }
            _ => skipped.push((from.clone(), describe(why, lang, &show))),
        }
    }
    moves.sort_by(|a, b| a.0.from.cmp(&b.0.from));

    let mut out = super::stdout();
    if args.dry_run {
        for (m, _) in &moves {
            writeln!(out, "{} → {}", show(&m.from), show(&m.to))?;
        }
        let skip = tr!(lang, "archive-skip");
        for (from, why) in &skipped {
            cx.note(format!("{} {}: {why}", paint(WARNING, &skip), show(from)));
        }
        for (at, want) in &plan.misplaced {
            cx.note(tr!(lang, "archive-left-alone", at = show(at), want = show(want)));
        }
        cx.note(tr!(lang, "archive-dry-run", moves = moves.len(), skipped = skipped.len()));
        out.flush()?;
        return Ok(if skipped.is_empty() { Outcome::Success } else { Outcome::Findings });
    }

    let git = Git::discover(&repo.root)?;
    let mut staging = match &git {
        Some(g) => Some(g.staging()?),
        _ => None,
    };
    // Moves a killed earlier run made but did not stage are staged now.
    let mut recovered = 0;
    if let Some(s) = &mut staging {
        let archived: Vec<std::path::PathBuf> = records.iter().filter(|r| r.archived).map(|r| r.path.clone()).collect();
        for (from, to) in s.recover_moves(&repo.root, &repo.config.records_dir, &archived)? {
            recovered += 1;
            cx.note(tr!(lang, "archive-recovered", from = show(&from), to = show(&to)));
        }
    }
    let pause = test_pause();
    let mut moved = 0;
    let mut staged = 0;
    let mut failure = None;
    for (m, resume) in &moves {
        if let Some(pause) = pause {
            // The test hook (see docs/robustness.md): a window between two
            // moves for the tests that race edits and kills against archive.
            eprintln!("comms archive: test pause before {}", show(&m.from));
            std::thread::sleep(pause);
        }
        if let Some(s) = &staging
            && s.tracked(&m.from) == Tracked::Conflicted
        {
            skipped.push((m.from.clone(), tr!(lang, "archive-conflicted")));
            continue;
        }
        match moves::move_file(&repo.root, m, *resume) {
            Ok(()) => {}
            Err(moves::MoveError::Taken) => {
                skipped.push((m.from.clone(), describe(&Skip::Collision { to: m.to.clone() }, lang, &show)));
                continue;
            }
            Err(e) => {
                failure = Some(anyhow!(e));
                break;
            }
        }
        moved += 1;
        writeln!(out, "{} → {}", show(&m.from), show(&m.to))?;
        if let Some(s) = &mut staging {
            let link = std::fs::symlink_metadata(repo.abs(&m.to)).is_ok_and(|md| md.file_type().is_symlink());
            match s.rename(&m.from, &m.to).and_then(|t| if t && link { s.add(&m.to).map(|()| t) } else { Ok(t) }) {
                Ok(true) => staged += 1,
                Ok(false) => {}
                Err(e) => {
                    failure = Some(anyhow!("moved {} but cannot stage it in git: {e}", show(&m.to)));
                    break;
                }
            }
        }
    }
    out.flush()?;
    if let Some(s) = staging.filter(|_| moved + recovered > 0) {
        s.write().map_err(|e| anyhow!("the files moved but the git index cannot be written: {e}"))?;
    }
    if let Some(e) = failure {
        return Err(e.context(format!("archive stopped after moving {moved} record{}", plural(moved))));
    }
    let skip = tr!(lang, "archive-skipped");
    for (from, why) in &skipped {
        cx.note(format!("{} {}: {why}", paint(WARNING, &skip), show(from)));
    }
    cx.note(if git.is_some() {
        tr!(lang, "archive-done-git", moved = moved, staged = staged, skipped = skipped.len())
    } else {
        tr!(lang, "archive-done", moved = moved, skipped = skipped.len())
    });
    Ok(if skipped.is_empty() { Outcome::Success } else { Outcome::Findings })
}

/// `COMMS_TEST_ARCHIVE_PAUSE_MS`: how long to wait before each move, for
/// the race and crash tests.
fn test_pause() -> Option<std::time::Duration> {
    let ms: u64 = std::env::var("COMMS_TEST_ARCHIVE_PAUSE_MS").ok()?.parse().ok()?;
    Some(std::time::Duration::from_millis(ms))
}

fn same_bytes(a: &Path, b: &Path) -> bool {
    matches!((std::fs::read(a), std::fs::read(b)), (Ok(x), Ok(y)) if x == y)
}

fn describe(why: &Skip, lang: Lang, show: &dyn Fn(&Path) -> String) -> String {
    match why {
        Skip::NoDate => tr!(lang, "archive-no-date"),
        Skip::Collision { to } => tr!(lang, "archive-collision", to = show(to)),
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

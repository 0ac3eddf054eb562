//! `comms export --ics`: the open deadlines as an iCalendar file, for
//! calendar apps to import or subscribe to; `comms export --format jsonl`:
//! every record and action item as JSON lines, for a warehouse engine.
//!
//! "Open" is what `status --open` means (not done, not cancelled), and
//! `--owner` matches as `status --owner` does (the people directory's names
//! and aliases). The calendar itself is built by [`crate::report::calendar`].

use std::collections::HashSet;

use anyhow::Result;

use crate::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::context::Context;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::classification;
use crate::model::time::Instant;
use crate::report::calendar::{self, Feed};
use crate::report::jsonl;
use crate::report::tracking::{self, Filter, Item};
use crate::store::history::{self, History};
use crate::store::repo::Repo;

pub fn run(cx: &Context, args: ExportArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    // `--ics` and `--format ics` are the same; clap requires one of them.
    if args.format == Some(ExportFormat::Jsonl) {
        if args.ics {
            anyhow::bail!("--ics and --format jsonl ask for two formats; give one");
        }
        return jsonl(cx, &repo, now, lang, &args);
    }
    if let Some(out) = &args.output {
        super::output::check(&repo, out, args.force, "deadlines.ics")?;
    }

    let mut loaded = repo.load();
    if !args.include_confidential {
        classification::redact(&mut loaded.records, &tr!(lang, "confidential-subject"));
    }
    // Open items, wherever their record is filed.
    let mut filter = Filter { archived: true, ..Filter::default() };
    for o in &args.owner {
        super::status::check_owner(&repo, &loaded.records, o)?;
        filter.owners.extend(repo.config.people.names_of(o));
    }
    let mut undated = 0;
    let repository = repository_name(&repo.root);
    let mut seen = HashSet::new();
    let mut twice = 0;
    let mut items: Vec<Item> = tracking::iter_items(&loaded.records, now)
        .filter(|i| filter.matches(i))
        .filter(|i| {
            undated += usize::from(i.deadline.is_none());
            i.deadline.is_some()
        })
        // Two records with one id (`duplicate-id`) would give two events
        // one UID: the first, in path order, is kept.
        .filter(|i| {
            let new = seen.insert(calendar::item_uid(i, &repository));
            twice += usize::from(!new);
            new
        })
        .collect();
    tracking::sort(&mut items);

    let name = if args.owner.is_empty() {
        tr!(lang, "export-calendar-name", repository = &repository)
    } else {
        tr!(lang, "export-calendar-name-owners", repository = &repository, owners = args.owner.join(", "))
    };
    let feed =
        Feed { name: &name, repository: &repository, tz: repo.config.timezone, now, lang, catalog: &repo.catalog };
    let text = calendar::calendar(&feed, &items);

    super::output::emit(cx, lang, args.output.as_deref(), text.as_bytes(), args.force)?;
    cx.note(tr!(lang, "export-open", count = items.len()));
    if undated > 0 {
        cx.note(tr!(lang, "export-note-undated", count = undated));
    }
    if twice > 0 {
        cx.note(tr!(lang, "export-note-twice", count = twice));
    }
    super::status::notes(cx, lang, loaded.problems.len(), 0);
    Ok(Outcome::Success)
}

/// `--format jsonl`: every record, then its action items, one JSON object
/// a line, in path order; times missing from a record are filled from git
/// history as `report` does, so the lines count what the report counts.
fn jsonl(cx: &Context, repo: &Repo, now: Instant, lang: Lang, args: &ExportArgs) -> Result<Outcome> {
    if !args.owner.is_empty() {
        anyhow::bail!(
            "--owner is for --ics; --format jsonl writes every record (filter the lines in the engine that reads them)"
        );
    }
    if let Some(out) = &args.output {
        super::output::check(repo, out, args.force, "records.jsonl")?;
    }
    let (files, mut problems) = repo.record_files();
    let tz = repo.config.timezone;
    let read: Vec<_> = repo.scan_owned(files, |file, doc| {
        doc.map(|doc| {
            let mut record = doc.summary(&repo.catalog, tz, file.archived);
            record.path = file.rel;
            (record, doc.root)
        })
    });
    let mut records = Vec::with_capacity(read.len());
    let mut fronts = Vec::with_capacity(read.len());
    for r in read {
        match r {
            Ok((record, front)) => {
                records.push(record);
                fronts.push(front);
            }
            Err(d) => problems.push(*d),
        }
    }
    if history::needed(&records)
        && let Ok(Some(h)) = History::load(repo)
    {
        h.fill(&mut records);
    }
    let placeholder = tr!(lang, "confidential-subject");
    let name = repository_name(&repo.root);
    let jcx = jsonl::Context {
        repo: &name,
        catalog: &repo.catalog,
        config: &repo.config,
        now,
        redact: (!args.include_confidential).then_some(placeholder.as_str()),
    };
    let mut text = String::new();
    let mut count = 0;
    for (r, front) in records.iter().zip(&fronts) {
        for line in jsonl::lines(r, front, &jcx) {
            text.push_str(&serde_json::to_string(&line)?);
            text.push('\n');
            count += 1;
        }
    }
    super::output::emit(cx, lang, args.output.as_deref(), text.as_bytes(), args.force)?;
    cx.note(tr!(lang, "export-lines", count = count, records = records.len()));
    super::status::notes(cx, lang, problems.len(), 0);
    Ok(Outcome::Success)
}

/// The name of the repository's folder: it names the calendar and goes
/// into every UID.
fn repository_name(root: &std::path::Path) -> String {
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    root.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "records".to_string())
}

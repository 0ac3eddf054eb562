//! `comms status`: records and their action items, soonest deadline first,
//! filtered, as a table, JSON, CSV or Markdown.
//!
//! Every filter value is checked before anything is listed: an unknown
//! type or status, an owner or project no record has, a bad duration, is
//! an error naming the value and what to write instead — a typo must not
//! look like "nothing is late". Files that do not read as records are left
//! out with a note pointing to `comms validate`.

use std::collections::HashSet;
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};

use anyhow::{Result, anyhow, bail};

use crate::Outcome;
use crate::cli::{StatusArgs, StatusFormat};
use crate::commands::templates::unknown_type;
use crate::context::Context;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::config::Config;
use crate::model::people;
use crate::model::record::{Priority, Record, Status};
use crate::model::time::Instant;
use crate::model::types::Catalog;
use crate::model::workdays::Span;
use crate::render::listing::{self, JsonItem};
use crate::render::{self, LATE};
use crate::report::tracking::{self, Filter, Item, Kind, SortKey};
use crate::store::repo::Repo;
use rayon::prelude::*;

/// How wide the subject column of the table may grow, in terminal cells.
const SUBJECT_CELLS: usize = 40;

pub fn run(cx: &Context, args: StatusArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let format = match args.format {
        Some(f) => f,
        None => args.output.as_deref().and_then(format_of).unwrap_or(StatusFormat::Table),
    };
    if let Some(path) = &args.output {
        super::output::check(&repo, path, args.force, "status.csv")?;
    }

    // Open work unless asked otherwise: `--status` chooses statuses itself,
    // `--all` lists everything.
    let mut filter = Filter {
        overdue: args.overdue,
        closed: args.all || !args.status.is_empty(),
        archived: args.all,
        ..Filter::default()
    };
    if let Some(text) = &args.due_within {
        filter.due_before = Some(until(now, text, &repo.config).map_err(|m| anyhow!("--due-within {m}"))?);
    }
    for t in &args.types {
        let ty = repo.catalog.get(t).ok_or_else(|| unknown_type(&repo.catalog, t))?;
        filter.types.push(ty.name.clone());
    }
    for s in &args.status {
        filter.statuses.push(status(&repo.catalog, s).map_err(|m| anyhow!("--status: {m}"))?);
    }
    for p in &args.priority {
        filter.priorities.push(priority(&repo.catalog, p).map_err(|m| anyhow!("--priority: {m}"))?);
    }
    let sort = sort_keys(&args.sort).map_err(|m| anyhow!("--sort: {m}"))?;
    let grep = match args.grep.as_deref().map(str::trim) {
        Some("") => bail!("--grep is empty; write the text to look for, e.g. --grep 轴承"),
        g => g.map(str::to_lowercase),
    };
    let approver = match args.approver.as_deref() {
        Some(p) => Some(super::target::who(&repo, Some(p)).map_err(|e| anyhow!("--approver: {e}"))?),
        None => None,
    };
    // Only the records with an item the filter can list are kept, the
    // others freed as they are read (at 100,000 records, most are archived
    // or closed). `--owner`, `--project` and `--tag` check their value
    // against every record, and `--all` lists nearly all: those keep all.
    // The filter is not complete yet (owners come below); complete, it
    // lists fewer items, never more.
    let dropped_unreadable = AtomicUsize::new(0);
    let loaded = if args.all || !args.owner.is_empty() || !args.project.is_empty() || !args.tag.is_empty() {
        repo.load()
    } else {
        repo.load_where(|r| {
            let items = || tracking::iter_items(std::slice::from_ref(r), now);
            let keep = items().any(|i| filter.matches(&i));
            if !keep {
                dropped_unreadable.fetch_add(items().filter(unreadable).count(), Ordering::Relaxed);
            }
            keep
        })
    };
    for o in &args.owner {
        check_owner(&repo, &loaded.records, o)?;
        filter.owners.extend(repo.config.people.names_of(o));
    }
    if args.mine {
        let Some(me) = super::target::current_user(&repo) else {
            bail!("--mine: cannot tell who you are (no git user.name, no $USER); use --owner NAME");
        };
        if !repo.config.people.is_empty() && repo.config.people.resolve(&me).is_none() {
            bail!(
                "--mine: you are `{me}` (git's user.name, else $USER), who is not in the people directory of comms.yaml; use --owner NAME, or add `{me}` as an alias"
            );
        }
        filter.owners.extend(repo.config.people.names_of(&me));
    }
    for p in &args.project {
        check_project(&loaded.records, p)?;
        filter.projects.push(p.trim().to_string());
    }
    for t in &args.tag {
        check_tag(&loaded.records, t)?;
        filter.tags.push(t.trim().to_string());
    }

    let mut unreadable = dropped_unreadable.into_inner();
    let mut items: Vec<Item> = tracking::iter_items(&loaded.records, now)
        .inspect(|i| unreadable += usize::from(self::unreadable(i)))
        .filter(|i| filter.matches(i))
        .collect();
    if args.awaiting_approval {
        let awaiting = awaiting_approval(&repo, &items, approver.as_deref());
        items.retain(|i| i.kind == Kind::Record && awaiting.contains(&i.record.path));
    }
    if let Some(text) = &grep {
        let files = files_containing(&repo, &items, text);
        items.retain(|i| match i.kind {
            Kind::Record => files.contains(&i.record.path),
            Kind::Action => i.subject.to_lowercase().contains(text) || i.owner.to_lowercase().contains(text),
        });
    }
    tracking::sort_by(&mut items, &sort);

    // Into memory first: to standard output, or to the --output file.
    let mut out: Vec<u8> = Vec::new();
    let mut summary: Option<String> = None;
    let placeholder = tr!(lang, "confidential-subject");
    match format {
        StatusFormat::Json => {
            let list: Vec<JsonItem> = items
                .iter()
                .map(|i| {
                    let mut j = JsonItem::new(i, tz);
                    if !args.include_confidential {
                        j.redact(i, &placeholder);
                    }
                    if i.kind == Kind::Record {
                        let p = &i.record.addressed;
                        j.acks_expected = Some(p.expected());
                        j.acks_missing = Some(p.missing(&repo.config.people).map(str::to_string).collect());
                    }
                    j
                })
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
        StatusFormat::Csv => {
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    let mut j = JsonItem::new(i, tz);
                    if !args.include_confidential {
                        j.redact(i, &placeholder);
                    }
                    j.csv_row()
                })
                .collect();
            write!(out, "{}", listing::csv(&JsonItem::CSV_HEADERS, &rows))?;
        }
        StatusFormat::Markdown => {
            let words = Words::new(lang);
            let rows: Vec<Vec<String>> = items
                .iter()
                .map(|i| {
                    let mut row: Vec<String> =
                        cells(i, now, &repo, &words).iter().map(|c| listing::md_escape(c)).collect();
                    if i.overdue {
                        row[6] = format!("**{}**", row[6]);
                    }
                    row
                })
                .collect();
            write!(out, "{}", listing::markdown(&headers(lang).each_ref().map(String::as_str), &rows))?;
        }
        StatusFormat::Table => {
            if !items.is_empty() {
                let words = Words::new(lang);
                let rows: Vec<Vec<String>> = items
                    .iter()
                    .map(|i| {
                        let mut row = cells(i, now, &repo, &words);
                        row[2] = listing::truncate(&row[2], SUBJECT_CELLS);
                        row
                    })
                    .collect();
                let table = render::table_painted(&headers(lang).each_ref().map(String::as_str), &rows, |n| {
                    items[n].overdue.then_some(LATE)
                });
                writeln!(out, "{table}")?;
            }
            let late = items.iter().filter(|i| i.overdue).count();
            summary = Some(match items.len() {
                0 => tr!(lang, "status-none"),
                n => tr!(lang, "status-summary", count = n, late = late),
            });
        }
    }
    match &args.output {
        None => {
            let mut stdout = super::stdout();
            stdout.write_all(&out)?;
            stdout.flush()?;
            // The count goes under the table, where a terminal shows it last.
            if let Some(s) = summary.take() {
                cx.note(s);
            }
        }
        Some(path) => {
            // A file has no colours; spreadsheet programs read UTF-8 CSV
            // files with Chinese text correctly only with a byte order mark.
            let mut bytes = anstream::adapter::strip_bytes(&out).into_vec();
            if format == StatusFormat::Csv {
                bytes.splice(0..0, "\u{feff}".bytes());
            }
            super::output::write(cx, lang, path, &bytes, args.force)?;
            if let Some(s) = summary.take() {
                cx.note(s);
            }
        }
    }
    notes(cx, lang, loaded.problems.len(), unreadable);
    Ok(Outcome::Success)
}

/// An item without a readable deadline or status (the notes count them).
pub(crate) fn unreadable(i: &Item) -> bool {
    i.deadline.is_none() || i.status.is_none()
}

/// The format an output file's extension asks for.
fn format_of(path: &std::path::Path) -> Option<StatusFormat> {
    match path.extension()?.to_str()?.to_ascii_lowercase().as_str() {
        "csv" => Some(StatusFormat::Csv),
        "json" => Some(StatusFormat::Json),
        "md" | "markdown" => Some(StatusFormat::Markdown),
        _ => None,
    }
}

/// The records (of these items) whose file contains `text` (lower case),
/// read in parallel.
fn files_containing(repo: &Repo, items: &[Item], text: &str) -> HashSet<PathBuf> {
    let paths: HashSet<&PathBuf> = items.iter().filter(|i| i.kind == Kind::Record).map(|i| &i.record.path).collect();
    paths
        .into_par_iter()
        .filter(|p| std::fs::read(repo.abs(p)).is_ok_and(|b| String::from_utf8_lossy(&b).to_lowercase().contains(text)))
        .cloned()
        .collect()
}

/// The records among `items` not sent yet with an approval step pending
/// (one `approver` may fill, when given): read from their documents, as
/// the summaries do not keep approvals.
fn awaiting_approval(repo: &Repo, items: &[Item], approver: Option<&str>) -> HashSet<PathBuf> {
    use crate::model::approval;
    if repo.config.approval.is_empty() {
        return HashSet::new();
    }
    let paths: HashSet<&PathBuf> = items.iter().filter(|i| i.kind == Kind::Record).map(|i| &i.record.path).collect();
    paths
        .into_par_iter()
        .filter(|p| {
            let Ok(doc) = crate::model::record::Document::read(&repo.abs(p), p, repo.config.max_file_size) else {
                return false;
            };
            if doc.root.get("sent").is_some_and(|e| !e.value.is_null()) {
                return false;
            }
            let pending = approval::pending(&doc, &repo.config, &repo.catalog);
            match approver {
                None => !pending.is_empty(),
                Some(who) => pending.iter().any(|(_, s)| approval::can_fill(s, who, &doc, &repo.config)),
            }
        })
        .cloned()
        .collect()
}

/// `--sort` fields, `-FIELD` descending.
fn sort_keys(fields: &[String]) -> Result<Vec<(SortKey, bool)>, String> {
    fields
        .iter()
        .map(|f| {
            let f = f.trim();
            let (name, desc) = match f.strip_prefix('-') {
                Some(rest) => (rest, true),
                None => (f.strip_prefix('+').unwrap_or(f), false),
            };
            SortKey::parse(name).map(|k| (k, desc)).ok_or_else(|| {
                let names = SortKey::ALL.map(SortKey::as_str);
                match crate::model::suggest::closest(name, names.iter().copied()) {
                    Some(best) => format!("unknown field `{name}`; did you mean `{best}`?"),
                    None => format!("unknown field `{name}`; sort by {}", names.join(", ")),
                }
            })
        })
        .collect()
}

/// A priority from its canonical value or an alias, or what to write instead.
fn priority(catalog: &Catalog, text: &str) -> Result<Priority, String> {
    catalog
        .priority(text)
        .ok_or_else(|| format!("unknown priority `{}`; use high, medium or low (or 高, 中, 低)", text.trim()))
}

/// A tag filter must name a tag some record has.
fn check_tag(records: &[Record], name: &str) -> Result<()> {
    let n = name.trim();
    let mut tags: Vec<&str> = records.iter().flat_map(|r| r.tags.iter().map(|t| t.as_str())).collect();
    if tags.iter().any(|t| people::same_name(t, n)) {
        return Ok(());
    }
    tags.sort_unstable();
    tags.dedup();
    if let Some(best) = crate::model::suggest::closest(n, tags.iter().copied()) {
        bail!("no record has the tag `{n}`; did you mean `{best}`?");
    }
    match tags.len() {
        0 => bail!("no record has the tag `{n}` (no record has `tags` yet)"),
        1..=12 => bail!("no record has the tag `{n}`; the tags are {}", tags.join(", ")),
        _ => bail!("no record has the tag `{n}`; check the spelling"),
    }
}

/// `now + DUR`, with the duration's own message on error. `DUR` may count
/// working days (`2wd`) of the repository's calendar.
pub fn until(now: Instant, text: &str, config: &Config) -> Result<Instant, String> {
    let span = Span::parse(text)?;
    span.after(now, &config.workdays, config.timezone).ok_or_else(|| format!("`{text}` is too long a time"))
}

/// Notes about what could not be listed.
pub fn notes(cx: &Context, lang: Lang, problems: usize, unreadable: usize) {
    if problems > 0 {
        cx.note(tr!(lang, "status-note-problems", count = problems));
    }
    if unreadable > 0 {
        cx.note(tr!(lang, "status-note-unreadable", count = unreadable));
    }
}

/// The columns of the table and Markdown formats.
fn headers(lang: Lang) -> [String; 8] {
    [
        tr!(lang, "status-col.id"),
        tr!(lang, "status-col.type"),
        tr!(lang, "status-col.subject"),
        tr!(lang, "status-col.owner"),
        tr!(lang, "status-col.deadline"),
        tr!(lang, "status-col.status"),
        tr!(lang, "status-col.due"),
        tr!(lang, "status-col.project"),
    ]
}

/// What the rows of a table say in every row, looked up once.
struct Words {
    lang: Lang,
    action: String,
    due: &'static listing::Words,
}

impl Words {
    fn new(lang: Lang) -> Words {
        Words { lang, action: tr!(lang, "status-action-item"), due: listing::Words::of(lang) }
    }
}

/// One row of the table and Markdown formats, on one line each.
fn cells(i: &Item, now: Instant, repo: &Repo, words: &Words) -> Vec<String> {
    let tz = repo.config.timezone;
    let lang = words.lang;
    vec![
        i.id(),
        match i.kind {
            // The type's label in --lang (紧急事务消息, Urgent incident);
            // JSON and CSV keep the canonical name.
            Kind::Record => {
                repo.catalog.get(&i.record.rtype).map_or(&*i.record.rtype, |t| t.label.get(lang)).to_string()
            }
            Kind::Action => words.action.clone(),
        },
        listing::one_line(i.subject),
        listing::one_line(i.owner),
        i.deadline.map_or_else(|| "?".to_string(), |d| d.display(tz)),
        i.status.map_or("?", |s| s.label(lang)).to_string(),
        words.due.due(i.due(now)),
        listing::one_line(i.record.project.as_deref().unwrap_or_default()),
    ]
}

/// A status from its canonical value or an alias, or what to write instead.
pub fn status(catalog: &Catalog, text: &str) -> Result<Status, String> {
    if let Some(s) = catalog.status(text) {
        return Ok(s);
    }
    let words =
        Status::ALL.iter().map(|s| s.as_str()).chain(catalog.lexicon.status.values().flatten().map(String::as_str));
    Err(match crate::model::suggest::closest(text.trim(), words) {
        Some(best) => format!("unknown status `{}`; did you mean `{best}`?", text.trim()),
        None => format!(
            "unknown status `{}`; use open, in-progress, done, delayed or cancelled (or 待处理, 处理中, 已完成, 延期, 已取消)",
            text.trim()
        ),
    })
}

/// An owner filter must name someone: a person of the directory, or the
/// owner of some record or action item.
pub fn check_owner(repo: &Repo, records: &[Record], name: &str) -> Result<()> {
    let n = name.trim();
    if n.is_empty() {
        bail!("--owner is empty; write a name, e.g. --owner 张伟");
    }
    if repo.config.people.resolve(n).is_some() {
        return Ok(());
    }
    let owners = || {
        records.iter().flat_map(|r| std::iter::once(r.owner.as_str()).chain(r.actions.iter().map(|a| a.owner.as_str())))
    };
    if owners().any(|o| people::same_name(o, n)) {
        return Ok(());
    }
    let known = owners().chain(repo.config.people.iter().map(|p| p.name.as_str())).filter(|o| !o.is_empty());
    match crate::model::suggest::closest(n, known) {
        Some(best) => bail!("no record or action item is owned by `{n}`; did you mean `{best}`?"),
        None => {
            bail!("no record or action item is owned by `{n}`, and comms.yaml lists no such person; check the name")
        }
    }
}

/// A project filter must name a project some record has.
fn check_project(records: &[Record], name: &str) -> Result<()> {
    let n = name.trim();
    let mut projects: Vec<&str> = records.iter().filter_map(|r| r.project.as_deref()).collect();
    if projects.contains(&n) {
        return Ok(());
    }
    projects.sort_unstable();
    projects.dedup();
    if let Some(best) = crate::model::suggest::closest(n, projects.iter().copied()) {
        bail!("no record has the project `{n}`; did you mean `{best}`?");
    }
    match projects.len() {
        0 => bail!("no record has the project `{n}` (no record has a `project` yet)"),
        1..=12 => bail!("no record has the project `{n}`; the projects are {}", projects.join(", ")),
        _ => bail!("no record has the project `{n}`; `comms status --format csv` lists every record's project"),
    }
}

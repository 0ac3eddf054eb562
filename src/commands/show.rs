//! `comms show ID`: one record for reading on a terminal — its fields with
//! their labels, its action items and acknowledgements, and its body.
//!
//! Fields are listed in the order the file has them, values as written
//! (statuses with their label, deadlines with how they stand). A record
//! that breaks rules is still shown, with a note pointing to `validate`.

use std::io::Write;

use anyhow::Result;
use unicode_width::UnicodeWidthStr;

use crate::Outcome;
use crate::check::rules::{self, RuleContext};
use crate::cli::ShowArgs;
use crate::commands::target;
use crate::context::Context;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::confirm;
use crate::model::diagnostic::Tally;
use crate::model::record::{Document, display_path};
use crate::model::time::Instant;
use crate::model::yaml::{Node, Value};
use crate::render::listing::{self, one_line};
use crate::render::{self, BOLD, DIM, LATE, WARNING, paint};
use crate::report::tracking::{self, Due, Kind};

pub fn run(cx: &Context, args: ShowArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let t = target::find(&repo, &args.id)?;
    let (record, doc) = (&t.record, &t.doc);
    let ty = repo.catalog.get(&record.rtype);
    let items = tracking::items(std::slice::from_ref(record), now);
    let mut out = super::stdout();

    let title = if record.subject.is_empty() { tr!(lang, "show-no-subject") } else { record.subject.to_string() };
    writeln!(out, "{}  {}", paint(BOLD, &record.id), paint(BOLD, one_line(&title)))?;
    let archived = if record.archived { format!("  {}", tr!(lang, "show-archived")) } else { String::new() };
    writeln!(out, "{}{archived}", paint(DIM, display_path(&record.path)))?;
    writeln!(out)?;

    // Fields, in file order.
    let mut rows: Vec<(String, String)> = Vec::new();
    for e in doc.root.entries().unwrap_or_default() {
        if matches!(e.key.as_str(), "id" | "subject" | "acks" | "actions") {
            continue;
        }
        let label = repo.catalog.field(ty, &e.key).map_or(e.key.as_str(), |f| f.label(lang)).to_string();
        let value = match e.key.as_str() {
            "type" => match ty {
                Some(t) => format!("{} ({})", t.name, t.label.get(lang)),
                None => text(&e.value),
            },
            "status" => match record.status {
                Some(s) => s.label(lang).to_string(),
                None => text(&e.value),
            },
            "deadline" => match (record.deadline, items.first().map_or(Due::Unknown, |i| i.due(now))) {
                (Some(_), due @ Due::Overdue(_)) => {
                    paint(LATE, format!("{} ({})", text(&e.value), listing::due(due, lang)))
                }
                (Some(_), due @ Due::In(_)) => format!("{} ({})", text(&e.value), listing::due(due, lang)),
                _ => text(&e.value),
            },
            _ => text(&e.value),
        };
        rows.push((label, value));
    }
    let width = rows.iter().map(|(l, _)| l.width()).max().unwrap_or(0) + 2;
    for (label, value) in &rows {
        let pad = " ".repeat(width - label.width());
        let mut lines = value.lines();
        writeln!(out, "{}{pad}{}", paint(DIM, label), lines.next().unwrap_or_default())?;
        for more in lines {
            writeln!(out, "{}{more}", " ".repeat(width))?;
        }
    }

    // Action items.
    let actions: Vec<_> = items.iter().filter(|i| i.kind == Kind::Action).collect();
    if !actions.is_empty() {
        writeln!(out)?;
        writeln!(out, "{}", paint(BOLD, field_label(&repo, ty, "actions", lang)))?;
        let headers = [
            tr!(lang, "show-col.number"),
            tr!(lang, "show-col.task"),
            tr!(lang, "show-col.owner"),
            tr!(lang, "show-col.deadline"),
            tr!(lang, "show-col.status"),
            tr!(lang, "show-col.due"),
            tr!(lang, "show-col.accepted"),
        ];
        // Whether each item's owner accepted the task (`comms ack ID#N`).
        let items = doc.root.get("actions").and_then(|e| e.value.items()).unwrap_or_default();
        let (yes, no) = (tr!(lang, "show-accepted.yes"), tr!(lang, "show-accepted.no"));
        let rows: Vec<Vec<String>> = actions
            .iter()
            .map(|i| {
                let item = i.index.and_then(|n| items.get(n - 1));
                let accepted = match item {
                    Some(item) if confirm::action_accepted(item, &repo.config) => yes.clone(),
                    Some(_) if i.status.is_some_and(|s| s.is_open()) => no.clone(),
                    _ => String::new(),
                };
                vec![
                    i.index.unwrap_or_default().to_string(),
                    one_line(i.subject),
                    one_line(i.owner),
                    i.deadline.map_or_else(|| "?".into(), |d| d.display(tz)),
                    i.status.map_or("?", |s| s.label(lang)).to_string(),
                    listing::due(i.due(now), lang),
                    accepted,
                ]
            })
            .collect();
        let table = render::table_painted(&headers.each_ref().map(String::as_str), &rows, |n| {
            actions[n].overdue.then_some(LATE)
        });
        for line in table.lines() {
            writeln!(out, "  {line}")?;
        }
    }

    // Acknowledgements; a record that must be acknowledged says so when
    // nobody has.
    // With expected confirmers (回复确认), how many have confirmed and who
    // has not.
    let acks: Vec<_> = record.acks.iter().filter(|a| !a.by.is_empty()).collect();
    let coverage = confirm::coverage(doc, &repo.config);
    if !acks.is_empty()
        || !coverage.expected.is_empty()
        || crate::report::digest::must_acknowledge(&repo.config, &repo.catalog, &record.rtype)
    {
        writeln!(out)?;
        writeln!(out, "{}", paint(BOLD, field_label(&repo, ty, "acks", lang)))?;
        if !coverage.expected.is_empty() {
            let mut line =
                tr!(lang, "confirm-coverage", confirmed = coverage.confirmed(), expected = coverage.expected.len());
            if !coverage.missing.is_empty() {
                let names = coverage.missing.join(&tr!(lang, "confirm-names-separator"));
                line = format!("{line} · {}", tr!(lang, "confirm-coverage-missing", names = names));
                line = format!("{line} · {}", tr!(lang, "confirm-coverage-hint", id = record.id.as_str()));
                writeln!(out, "  {}", paint(WARNING, line))?;
            } else {
                writeln!(out, "  {line}")?;
            }
        } else if acks.is_empty() {
            let hint = tr!(lang, "show-no-acks", id = record.id.as_str());
            writeln!(out, "  {}", paint(WARNING, hint))?;
        }
        let w = acks.iter().map(|a| a.by.width()).max().unwrap_or(0) + 2;
        for a in acks {
            let at = a.at.map_or_else(|| "?".to_string(), |at: Instant| at.display(tz));
            writeln!(out, "  {}{}{at}", a.by, " ".repeat(w - a.by.width()))?;
        }
    }

    // The body.
    let body = render::markdown::terminal(doc.body());
    if !body.is_empty() {
        writeln!(out)?;
        write!(out, "{body}")?;
    }
    out.flush()?;
    note_problems(cx, &repo, doc, lang);
    Ok(Outcome::Success)
}

fn field_label<'a>(
    repo: &'a crate::store::repo::Repo,
    ty: Option<&'a crate::model::types::RecordType>,
    key: &'a str,
    lang: Lang,
) -> &'a str {
    repo.catalog.field(ty, key).map_or(key, |f| f.label(lang))
}

/// A value as written: text as is, a list joined with commas (a list of
/// mappings, such as `approvals` or `attachments`, one per line), a
/// mapping as `key: value` pairs.
fn text(v: &Node) -> String {
    match &v.value {
        Value::Scalar { text, .. } => text.trim_end_matches('\n').to_string(),
        Value::Seq { items, .. } => {
            let sep = if items.iter().any(|i| i.entries().is_some()) { "\n" } else { ", " };
            items.iter().map(|i| one_line(&text(i))).collect::<Vec<_>>().join(sep)
        }
        Value::Map { entries, .. } => {
            entries.iter().map(|e| format!("{}: {}", e.key, one_line(&text(&e.value)))).collect::<Vec<_>>().join(", ")
        }
    }
}

/// A note when the record breaks rules.
fn note_problems(cx: &Context, repo: &crate::store::repo::Repo, doc: &Document, lang: Lang) {
    let diags = rules::check(doc, &RuleContext { catalog: &repo.catalog, config: &repo.config });
    let t = Tally::of(&diags);
    if t.errors + t.warnings == 0 {
        return;
    }
    let path = display_path(&doc.path);
    cx.note(tr!(lang, "show-problems", errors = t.errors, warnings = t.warnings, path = &path));
}

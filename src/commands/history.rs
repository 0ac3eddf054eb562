//! `comms history ID`: a record's status and owner changes over git
//! history, across the moves `comms archive` makes.

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use crate::Outcome;
use crate::cli::{HistoryArgs, ListFormat};
use crate::context::Context;
use crate::i18n::tr;
use crate::model::record::display_path;
use crate::render;
use crate::store::history::{Event, History};

pub fn run(cx: &Context, args: HistoryArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    // One record: through the id index when it has the one answer (as
    // `show`), else by reading them all.
    let indexed = if repo.cache { super::target::find_indexed(&repo, &args.id, None)? } else { None };
    let record = match indexed {
        Some(t) => t.record,
        None => {
            let began = std::time::SystemTime::now();
            let loaded = repo.load();
            if repo.cache {
                crate::store::idcache::store(&repo.root, &repo.config, &loaded.records, began);
            }
            repo.resolve(&args.id, &loaded.records)?.clone()
        }
    };
    let path = display_path(&record.path);
    let loaded_history = History::load(&repo)?;
    let in_git = loaded_history.is_some();
    let history = match loaded_history {
        Some(h) => h,
        None => {
            cx.note(tr!(lang, "history-no-git", path = &path));
            History::default()
        }
    };
    if history.shallow {
        cx.note(tr!(lang, "history-shallow"));
    }
    let events: Vec<&Event> = history
        .events(&record.path)
        .iter()
        .filter(|e| e.added() || e.moved_from.is_some() || e.status_change().is_some() || e.owner_change().is_some())
        .collect();
    let mut out = super::stdout();
    match args.format {
        ListFormat::Json => {
            let changes: Vec<_> = events
                .iter()
                .map(|e| {
                    let change =
                        |c: Option<(Option<&str>, Option<&str>)>| c.map(|(from, to)| json!({"from": from, "to": to}));
                    json!({
                        "commit": e.commit.id.hex(),
                        "time": e.commit.time.display(tz),
                        "author": e.commit.author,
                        "email": e.commit.email,
                        "path": e.path,
                        "added": e.added(),
                        "moved_from": e.moved_from,
                        "status": change(e.status_change()),
                        "owner": change(e.owner_change()),
                    })
                })
                .collect();
            let doc = json!({"id": record.id, "path": path, "changes": changes});
            writeln!(out, "{}", serde_json::to_string_pretty(&doc)?)?;
        }
        ListFormat::Table => {
            if events.is_empty() {
                if in_git && history.events(&record.path).is_empty() {
                    cx.note(tr!(lang, "history-none", path = &path));
                }
                return Ok(Outcome::Success);
            }
            let headers = [
                tr!(lang, "history-col.time"),
                tr!(lang, "history-col.author"),
                tr!(lang, "history-col.commit"),
                tr!(lang, "history-col.status"),
                tr!(lang, "history-col.owner"),
                tr!(lang, "history-col.change"),
            ];
            let arrow = |c: Option<(Option<&str>, Option<&str>)>, added: bool| match c {
                Some((_, to)) if added => to.unwrap_or("-").to_string(),
                Some((from, to)) => format!("{} → {}", from.unwrap_or("-"), to.unwrap_or("-")),
                None => String::new(),
            };
            let rows: Vec<Vec<String>> = events
                .iter()
                .map(|e| {
                    let what = match (&e.moved_from, e.added()) {
                        (Some(from), _) => tr!(lang, "history-moved", from = from, to = &e.path),
                        (None, true) => tr!(lang, "history-added", path = &e.path),
                        (None, false) => String::new(),
                    };
                    vec![
                        e.commit.time.display(tz),
                        e.commit.author.clone(),
                        e.commit.id.short(),
                        arrow(e.status_change(), e.added()),
                        arrow(e.owner_change(), e.added()),
                        what,
                    ]
                })
                .collect();
            writeln!(out, "{}", render::table(&headers.each_ref().map(String::as_str), &rows))?;
        }
    }
    out.flush()?;
    Ok(Outcome::Success)
}

//! `comms log ID MESSAGE`: add `- YYYY-MM-DD HH:MM AUTHOR: MESSAGE` at the
//! end of the record's log section (反馈记录 / Log — the section the type's
//! template marks `log: true`).
//!
//! The author is `--by`, else git's `user.name`, else `$USER` (a name or
//! alias of the people directory becomes the person's name). When the body
//! has no log section, one is added at its end, in the language the body's
//! headings are written in.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::LogArgs;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::Editor;
use crate::i18n::tr;
use crate::model::record::display_path;

pub fn run(cx: &Context, args: LogArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let message = args.message.trim();
    if message.is_empty() {
        bail!("the message is empty; write what happened, e.g. comms log ID \"已联系供应商\"");
    }
    if message.contains(['\n', '\r']) {
        bail!("the message has a line break; a log entry is one line (run `comms log` once per entry)");
    }
    let t = target::find(&repo, &args.id)?;
    if t.action.is_some() {
        bail!("`{}` names an action item; the log belongs to the record: comms log {} …", args.id, t.record.id);
    }
    let author = target::who(&repo, args.by.as_deref())?;
    let now_text = now.display(repo.config.timezone);
    let line = format!("- {now_text} {author}: {message}");

    // The log section's heading in every language; a new one is written
    // in the language of the body's headings, else in --lang.
    let labels = match repo.catalog.get(&t.record.rtype).and_then(|ty| ty.log_section()) {
        Some(s) => s.labels.clone(),
        None => crate::model::types::Labels::from_pairs(
            crate::i18n::languages().into_iter().map(|l| (l.to_string(), tr!(l, "log-section"))),
        ),
    };
    let names: Vec<&str> = labels.texts().collect();
    let create = match body_lang(&repo, &t.record.rtype, t.doc.body()) {
        Some(tag) => labels.in_lang(&tag).unwrap_or_else(|| labels.get(lang)),
        None => labels.get(lang),
    };
    let mut ed = Editor::new(t.doc.clone());
    ed.append_log(&names, create, &line)?;
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "log-done", id = t.record.id.as_str(), path = &path));
    Ok(Outcome::Success)
}

/// The language of a body's section headings, when they tell: the tag
/// whose headings the body names most, if only one does.
fn body_lang(repo: &crate::store::repo::Repo, rtype: &str, body: &str) -> Option<String> {
    let ty = repo.catalog.get(rtype)?;
    let headings = crate::model::body::scan_headings(body);
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in &ty.sections {
        for (tag, text) in s.labels.iter() {
            let hit = headings.iter().any(|h| crate::model::body::names(&h.text, text)) as usize;
            match counts.iter_mut().find(|(t, _)| *t == tag) {
                Some((_, n)) => *n += hit,
                None => counts.push((tag, hit)),
            }
        }
    }
    let best = counts.iter().map(|(_, n)| *n).max()?;
    let mut top = counts.iter().filter(|(_, n)| *n == best);
    match (top.next(), top.next()) {
        (Some((tag, _)), None) => Some(tag.to_string()),
        _ => None,
    }
}

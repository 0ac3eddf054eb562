//! `comms log ID MESSAGE`: add `- YYYY-MM-DD HH:MM AUTHOR: MESSAGE` at the
//! end of the record's log section (反馈记录 / Log — the section the type's
//! template marks `log: true`).
//!
//! The author is `--by`, else git's `user.name`, else `$USER` (a name or
//! alias of the people directory becomes the person's name). When the body
//! has no log section, one is added at its end, in the language the body's
//! headings are written in.

use anyhow::{Result, bail};
use clap::ValueEnum;

use crate::Outcome;
use crate::cli::LogArgs;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::Editor;
use crate::i18n::tr;
use crate::model::config::Lang;
use crate::model::record::display_path;
use crate::model::types::{Labels, Section};

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

    // The log section's heading in each language: the type's, else the
    // catalog's; a new one is written in the body's language, else --lang.
    let section = repo.catalog.get(&t.record.rtype).and_then(|ty| ty.log_section());
    let heading = |l: Lang| match section {
        Some(s) => headings(s).get(l).to_string(),
        None => tr!(l, "log-section"),
    };
    let names: Vec<String> = Lang::value_variants().iter().map(|&l| heading(l)).collect();
    let create = heading(body_lang(&repo, &t.record.rtype, t.doc.body()).unwrap_or(lang));
    let mut ed = Editor::new(t.doc.clone());
    ed.append_log(&names.iter().map(String::as_str).collect::<Vec<_>>(), &create, &line)?;
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "log-done", id = t.record.id.as_str(), path = &path));
    Ok(Outcome::Success)
}

/// A section's heading in each language.
fn headings(s: &Section) -> Labels {
    Labels { zh: s.zh.clone(), en: s.en.clone() }
}

/// The language of a body's section headings, when they tell.
fn body_lang(repo: &crate::store::repo::Repo, rtype: &str, body: &str) -> Option<Lang> {
    let ty = repo.catalog.get(rtype)?;
    let headings = crate::model::body::scan_headings(body);
    let sections: Vec<Labels> = ty.sections.iter().map(self::headings).collect();
    let count = |l: Lang| {
        sections.iter().filter(|s| headings.iter().any(|h| crate::model::body::names(&h.text, s.get(l)))).count()
    };
    // The language most headings are in, when no other ties with it.
    let mut counts: Vec<(usize, Lang)> = Lang::value_variants().iter().map(|&l| (count(l), l)).collect();
    counts.sort_by_key(|c| std::cmp::Reverse(c.0));
    match counts.as_slice() {
        [(most, l), (next, _), ..] if most > next => Some(*l),
        [(_, l)] => Some(*l),
        _ => None,
    }
}

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
use crate::model::config::Lang;
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

    let (zh, en) = match repo.catalog.get(&t.record.rtype).and_then(|ty| ty.log_section()) {
        Some(s) => (s.zh.clone(), s.en.clone()),
        None => ("反馈记录".to_string(), "Log".to_string()),
    };
    let create = match body_lang(&repo, &t.record.rtype, t.doc.body()) {
        Some(Lang::En) => &en,
        Some(Lang::Zh) => &zh,
        None => lang.pick(&zh, &en),
    };
    let mut ed = Editor::new(t.doc.clone());
    ed.append_log(&[zh.as_str(), en.as_str()], create, &line)?;
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    target::confirm(
        cx,
        lang,
        format!("已记录到 {}({path})", t.record.id),
        format!("logged in {} ({path})", t.record.id),
    );
    Ok(Outcome::Success)
}

/// The language of a body's section headings, when they tell.
fn body_lang(repo: &crate::store::repo::Repo, rtype: &str, body: &str) -> Option<Lang> {
    let ty = repo.catalog.get(rtype)?;
    let headings = crate::model::body::scan_headings(body);
    let count = |pick: fn(&crate::model::types::Section) -> &str| {
        ty.sections.iter().filter(|s| headings.iter().any(|h| crate::model::body::names(&h.text, pick(s)))).count()
    };
    let (zh, en) = (count(|s| &s.zh), count(|s| &s.en));
    match zh.cmp(&en) {
        std::cmp::Ordering::Greater => Some(Lang::Zh),
        std::cmp::Ordering::Less => Some(Lang::En),
        std::cmp::Ordering::Equal => None,
    }
}

//! `comms send ID`: the record goes out — `sent` is set to now.
//!
//! Refused, with nothing written, while a required approval step
//! (`approval` in comms.yaml) is not approved — missing, or its latest
//! decision a rejection — naming each such step and who may approve it;
//! and when its `to` names an audience its `from` may not address
//! (`publish`). Sent already is a no-op with a note.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::SendArgs;
use crate::commands::approve::steps_text;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::Editor;
use crate::i18n::tr;
use crate::model::approval::{self, State};
use crate::model::record::display_path;

pub fn run(cx: &Context, args: SendArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let t = target::find(&repo, &args.id)?;
    if t.action.is_some() {
        bail!("`{}` names an action item; a record is sent as a whole: comms send {}", args.id, t.record.id);
    }
    let (config, catalog) = (&repo.config, &repo.catalog);
    let id = t.record.id.to_string();
    if let Some(sent) = approval::sent(&t.doc, config) {
        cx.note(tr!(lang, "send-already", id = id.as_str(), when = sent.display(tz)));
        return Ok(Outcome::Success);
    }
    if let Some((_, audience, departments)) = approval::not_allowed(&t.doc, config).first() {
        bail!(
            "{id} was not sent: only {} may address `{audience}` (`publish` in comms.yaml); change `to`, or have them send it",
            departments.join(", ")
        );
    }
    let pending = approval::pending(&t.doc, config, catalog);
    if !pending.is_empty() {
        let list = approval::approvals(&t.doc, config, catalog);
        let rejected: Vec<String> = pending
            .iter()
            .filter(|(_, s)| approval::state(s, &list, &t.doc, config, None) == State::Rejected)
            .map(|(n, _)| format!("step {n}"))
            .collect();
        let also = if rejected.is_empty() {
            String::new()
        } else {
            format!(" ({} rejected: revise it and have it approved again)", rejected.join(", "))
        };
        bail!(
            "{id} was not sent: approval missing for {}{also}; they run `comms approve {id}`",
            steps_text(&pending, &t.doc, config)
        );
    }
    let now_text = now.display(tz);
    let mut ed = Editor::new(t.doc.clone());
    ed.set("sent", &now_text)?;
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "send-done", id = id.as_str(), now_text = &now_text, path = &path));
    Ok(Outcome::Success)
}

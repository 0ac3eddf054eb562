//! `comms ack ID`: acknowledge a record (已读确认) — append `{ by: NAME, at:
//! NOW }` to its `acks`, creating the key if it is missing.
//!
//! The name is `--by`, else git's `user.name`, else `$USER`; a name or alias
//! of the people directory becomes the person's name. Acknowledging twice is
//! a no-op with a note: the first time is the one that counts (the seeds
//! measure how fast a notice was read).

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::AckArgs;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::Editor;
use crate::i18n::tr;
use crate::model::record::display_path;

pub fn run(cx: &Context, args: AckArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let t = target::find(&repo, &args.id)?;
    if t.action.is_some() {
        bail!("`{}` names an action item; acknowledgements belong to the record: comms ack {}", args.id, t.record.id);
    }
    let by = target::who(&repo, args.by.as_deref())?;
    let id = &t.record.id;
    if let Some(earlier) = t.record.acks.iter().find(|a| repo.config.people.same_person(&by, &a.by)) {
        let when = earlier.at.map(|a| a.display(tz)).unwrap_or_else(|| "?".into());
        cx.note(tr!(lang, "ack-already", by = &by, when = &when, id = id.as_str()));
        return Ok(Outcome::Success);
    }
    let now_text = now.display(tz);
    let mut ed = Editor::new(t.doc.clone());
    ed.append_ack(&by, &now_text)?;
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "ack-done", by = &by, id = id.as_str(), now_text = &now_text, path = &path));
    Ok(Outcome::Success)
}

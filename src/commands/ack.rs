//! `comms ack ID`: acknowledge a record (已读确认) — append `{ by: NAME, at:
//! NOW }` to its `acks`, creating the key if it is missing.
//!
//! The name is `--by`, else git's `user.name`, else `$USER`; a name or alias
//! of the people directory becomes the person's name. Acknowledging twice is
//! a no-op with a note: the first time is the one that counts (the seeds
//! measure how fast a notice was read).

use anyhow::{Result, bail};

use crate::model::time::Instant;
use crate::store::repo::Repo;

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
    let by = target::who(&repo, args.by.as_deref())?;
    let id = &t.record.id;
    if let Some(n) = t.action {
        return accept_action(cx, &repo, &t, n, &by, now);
    }
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

/// `comms ack ID#N`: the item's owner accepts the task.
fn accept_action(cx: &Context, repo: &Repo, t: &target::Target, n: usize, by: &str, now: Instant) -> Result<Outcome> {
    let lang = cx.lang(repo);
    let tz = repo.config.timezone;
    let id = t.record.id.as_str();
    let owner = t.record.actions.get(n - 1).map(|a| a.owner.as_str()).unwrap_or_default();
    if owner.is_empty() {
        bail!("action item {id}#{n} has no owner; set one first: comms set {id}#{n} owner=NAME");
    }
    if !repo.config.people.same_person(by, owner) {
        bail!(
            "{by} cannot accept action item {id}#{n}: only its owner, {owner}, accepts it (comms ack {id}#{n} --by {owner})"
        );
    }
    let item = t.doc.root.get("actions").and_then(|e| e.value.items()).and_then(|i| i.get(n - 1));
    let earlier = item.and_then(|i| i.get("acks")).and_then(|e| e.value.items()).and_then(|list| {
        list.iter()
            .find(|a| a.get("by").and_then(|b| b.value.as_str()).is_some_and(|b| repo.config.people.same_person(by, b)))
    });
    if let Some(a) = earlier {
        let when = a.get("at").and_then(|e| e.value.as_str()).map_or("?", str::trim);
        cx.note(tr!(lang, "ack-action-already", by = by, id = id, n = n, when = when));
        return Ok(Outcome::Success);
    }
    let now_text = now.display(tz);
    let mut ed = Editor::new(t.doc.clone());
    ed.append_action_ack(n, by, &now_text)?;
    target::save(repo, t, &ed)?;
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "ack-action-done", by = by, id = id, n = n, now_text = &now_text, path = &path));
    Ok(Outcome::Success)
}

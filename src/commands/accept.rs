//! `comms accept ID`: the initiator accepts a done record's result (验收):
//! writes `accepted: { by: NAME, at: NOW }`.
//!
//! The name is `--by`, else git's `user.name`, else `$USER`, and must be the
//! record's `initiator` (the people matching rule): anyone else is refused,
//! as is a record that is not done yet or has no initiator. Accepting twice
//! is a no-op with a note.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::AcceptArgs;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::Editor;
use crate::i18n::tr;
use crate::model::record::{Status, display_path};
use crate::model::yaml;

pub fn run(cx: &Context, args: AcceptArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let t = target::find(&repo, &args.id)?;
    let id = t.record.id.to_string();
    if t.action.is_some() {
        bail!("`{}` names an action item; the initiator accepts the whole record: comms accept {id}", args.id);
    }
    let by = target::who(&repo, args.by.as_deref())?;
    let people = &repo.config.people;
    let Some(initiator) = t.doc.str("initiator").filter(|s| !s.is_empty()) else {
        bail!(
            "{id} has no `initiator`, so nobody can accept it; write who started it first: comms set {id} initiator=NAME"
        );
    };
    if !people.same_person(&by, initiator) {
        bail!("{by} is not the initiator of {id} ({initiator}); only the initiator accepts the result");
    }
    if t.record.status != Some(Status::Done) {
        let status = t.record.status.map_or("without a status", |s| s.as_str());
        bail!(
            "{id} is {status}, not done; the owner marks it done first (comms done {id}), then the initiator accepts"
        );
    }
    let earlier = t.doc.root.get("accepted").and_then(|e| e.value.get("by")).and_then(|e| e.value.as_str());
    if let Some(earlier) = earlier
        && people.same_person(earlier, &by)
    {
        let when = t
            .doc
            .root
            .get("accepted")
            .and_then(|e| e.value.get("at"))
            .and_then(|e| e.value.as_str())
            .unwrap_or("?")
            .trim()
            .to_string();
        cx.note(tr!(lang, "accept-already", by = &by, when = &when, id = id.as_str()));
        return Ok(Outcome::Success);
    }
    let now_text = now.display(tz);
    let value = format!("{{ by: {}, at: {} }}", yaml::quote_flow_scalar(&by), yaml::quote_flow_scalar(&now_text));
    let mut ed = Editor::new(t.doc.clone());
    ed.set("accepted", &value)?;
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "accept-done", by = &by, id = id.as_str(), now_text = &now_text, path = &path));
    Ok(Outcome::Success)
}

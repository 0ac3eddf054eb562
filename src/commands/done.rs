//! `comms done ID`: mark a record — or, with `--action N` / `ID#N`, one of
//! its action items — done, with `closed` set to now.
//!
//! The status is written as `done`, or as `已完成` when the record writes
//! its status in Chinese. Done already is a no-op with a note; cancelled is
//! refused (that is a change of mind, for `comms set … status=done`).

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::DoneArgs;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::{Editor, done_word};
use crate::i18n::tr;
use crate::model::record::{Status, display_path};

pub fn run(cx: &Context, args: DoneArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let t = target::find(&repo, &args.id)?;
    let action = match (args.action, t.action) {
        (Some(a), Some(b)) if a != b => {
            bail!("`{}` names action item {b} but --action says {a}; give one of them", args.id)
        }
        (a, b) => a.or(b),
    };
    if let Some(n) = action {
        target::check_action(&t.record, n)?;
    }
    let now_text = now.display(tz);
    let mut ed = Editor::new(t.doc.clone());
    let (what, status, closed) = match action {
        None => (t.record.id.to_string(), t.record.status, t.record.closed),
        Some(n) => {
            let a = &t.record.actions[n - 1];
            (format!("{}#{n}", t.record.id), a.status, a.closed)
        }
    };
    match status {
        Some(Status::Done) => {
            let when = closed.map(|c| c.display(tz));
            cx.note(match &when {
                Some(w) => tr!(lang, "done-already-closed", what = &what, when = w),
                None => tr!(lang, "done-already", what = &what),
            });
            return Ok(Outcome::Success);
        }
        Some(Status::Cancelled) => {
            let set = match action {
                Some(n) => format!("comms set {} --action {n} status=done", t.record.id),
                None => format!("comms set {} status=done", t.record.id),
            };
            bail!("{what} is cancelled, not open; if it was done after all, run `{set}`")
        }
        _ => {}
    }
    if action.is_none() {
        refuse_open_actions(&t.record)?;
    }
    match action {
        None => {
            let word = done_word(t.doc.str("status"));
            ed.set("status", word)?;
            ed.set("closed", &now_text)?;
        }
        Some(n) => {
            let current = t
                .doc
                .root
                .get("actions")
                .and_then(|e| e.value.items())
                .and_then(|items| items.get(n - 1))
                .and_then(|item| item.get("status"))
                .and_then(|e| e.value.as_str());
            ed.set_in_action(n, "status", done_word(current))?;
            ed.set_in_action(n, "closed", &now_text)?;
        }
    }
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "done-done", what = &what, now_text = &now_text, path = &path));
    Ok(Outcome::Success)
}

/// Refuses to close a record while action items are open, in progress or
/// delayed (`open-actions`), naming them and the commands that close them.
fn refuse_open_actions(record: &crate::model::record::Record) -> Result<()> {
    let open: Vec<(usize, &crate::model::record::Action)> = record
        .actions
        .iter()
        .enumerate()
        .filter(|(_, a)| a.status.is_some_and(Status::is_open))
        .map(|(i, a)| (i + 1, a))
        .collect();
    if open.is_empty() {
        return Ok(());
    }
    let id = &record.id;
    let list = open
        .iter()
        .map(|(n, a)| format!("#{n} {} ({}, {})", a.task, a.owner, a.status.map_or("", Status::as_str)))
        .collect::<Vec<_>>()
        .join("; ");
    let cmds = open.iter().map(|(n, _)| format!("comms done {id}#{n}")).collect::<Vec<_>>().join(", ");
    let items =
        if open.len() == 1 { "1 action item is".to_string() } else { format!("{} action items are", open.len()) };
    bail!(
        "{id} was not changed: {items} still open ({list}); close them first ({cmds}), or set a dropped one to cancelled, then run `comms done {id}` again"
    )
}

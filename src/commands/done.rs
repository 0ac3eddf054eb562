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

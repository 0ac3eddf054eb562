//! `comms approve ID [--by P] [--reject] [--note TEXT]`: record a decision
//! on a record before it is sent (审批) — append `{ by: P, at: NOW,
//! decision: approved|rejected, note }` to its `approvals`.
//!
//! P is `--by`, else who runs it (as for `ack`). Refused, with nothing
//! written, when the record needs no approval, when every step is approved
//! already, or when P cannot fill any of the steps still pending (the
//! message names those steps and who may fill them).

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::ApproveArgs;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::Editor;
use crate::i18n::tr;
use crate::model::approval::{self, Decision};
use crate::model::record::display_path;

pub fn run(cx: &Context, args: ApproveArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let t = target::find(&repo, &args.id)?;
    if t.action.is_some() {
        bail!("`{}` names an action item; approvals belong to the record: comms approve {}", args.id, t.record.id);
    }
    let note = match args.note.as_deref().map(str::trim) {
        Some("") => bail!("--note is empty; write the reason on one line, or leave --note out"),
        Some(n) if n.contains(['\n', '\r']) => bail!("--note has a line break; write it on one line"),
        n => n,
    };
    let by = target::who(&repo, args.by.as_deref())?;
    let (config, catalog) = (&repo.config, &repo.catalog);
    let id = t.record.id.to_string();
    let required = approval::required(&t.doc, config, catalog);
    if required.is_empty() {
        let ty = t.doc.str("type").unwrap_or("?").trim();
        bail!("{id} needs no approval: `approval` in comms.yaml has no step for this `{ty}` record");
    }
    let pending = approval::pending(&t.doc, config, catalog);
    if pending.is_empty() {
        bail!(
            "every approval step of {id} is approved already; nothing for {by} to approve (`comms send {id}` sends it)"
        );
    }
    let mine: Vec<usize> =
        pending.iter().filter(|(_, s)| approval::can_fill(s, &by, &t.doc, config)).map(|(n, _)| *n).collect();
    if mine.is_empty() {
        bail!(
            "{by} cannot approve {id}: the pending {} {}",
            if pending.len() == 1 { "step is" } else { "steps are" },
            steps_text(&pending, &t.doc, config)
        );
    }
    let decision = if args.reject { Decision::Rejected } else { Decision::Approved };
    let now_text = now.display(tz);
    let mut ed = Editor::new(t.doc.clone());
    ed.append_approval(&by, &now_text, decision.as_str(), note)?;
    target::save(&repo, &t, &ed)?;
    let path = display_path(&t.record.path);
    let key = if args.reject { "approve-rejected" } else { "approve-done" };
    cx.note(tr!(lang, key, by = &by, id = id.as_str(), now_text = &now_text, path = &path));
    let left = approval::pending(ed.doc(), config, catalog);
    if left.is_empty() {
        cx.note(tr!(lang, "approve-all-approved", id = id.as_str()));
    } else if !args.reject {
        cx.note(tr!(lang, "approve-still-pending", steps = steps_text(&left, ed.doc(), config)));
    }
    Ok(Outcome::Success)
}

/// `step 1 {role: 部门负责人, of: from} (赵敏); step 2 …`.
pub fn steps_text(
    steps: &[(usize, &approval::Step)],
    doc: &crate::model::record::Document,
    config: &crate::model::config::Config,
) -> String {
    steps
        .iter()
        .map(|(n, s)| format!("step {n} {}", approval::describe_with_holders(s, doc, config)))
        .collect::<Vec<_>>()
        .join("; ")
}

//! `comms set ID KEY=VALUE…`: change fields of a record, or of one of its
//! action items (`--action N` or `ID#N`), in place.
//!
//! Values are written as typed — `status=处理中` stays 处理中, the record's
//! own words; every reader understands the aliases — quoted only where YAML
//! needs it. Setting a status to done or cancelled also writes `closed`
//! (now), unless `closed=…` is given too. The record is checked after the
//! change: a value that would add a rule error is refused and nothing is
//! written.

use anyhow::{Result, bail};

use crate::Outcome;
use crate::check::rules::ACTION_KEYS;
use crate::cli::SetArgs;
use crate::commands::new::to_yaml_of;
use crate::commands::target;
use crate::context::Context;
use crate::edit::editor::Editor;
use crate::i18n::tr;
use crate::model::natural;
use crate::model::record::display_path;
use crate::model::types::{Kind, RecordType};

pub fn run(cx: &Context, args: SetArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let (pairs, trimmed) = assignments(&args.assignments)?;
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
    let catalog = &repo.catalog;
    let ty = catalog.get(&t.record.rtype);
    let now_text = now.display(repo.config.timezone);
    let mut ed = Editor::new(t.doc.clone());
    let closes = |value: &str| catalog.status(value).is_some_and(|s| s.is_closed());
    // A time as `new` takes it: `明天 17:00`, `+2wd` become the exact time.
    let words = &catalog.lexicon.deadline_words;
    let exact = |key: &str, value: &str, datetime: bool| -> Result<String> {
        if !datetime {
            return Ok(value.to_string());
        }
        let past = if key == "deadline" { natural::Past::Refused } else { natural::Past::Allowed };
        natural::resolve(value, now, &repo.config, words, past).map_err(|m| anyhow::anyhow!("{key}={value}: {m}"))
    };
    let gives_closed = pairs.iter().any(|(k, _)| k == "closed");
    match action {
        None => {
            for (key, value) in &pairs {
                check_key(catalog, ty, &t.record.rtype, key)?;
                let value = &exact(key, value, catalog.field(ty, key).is_some_and(|f| f.kind == Kind::Datetime))?;
                let kind = catalog.field(ty, key).map(|f| f.kind);
                let yaml = to_yaml_of(kind, key, value).map_err(|m| anyhow::anyhow!("{key}={value}: {m}"))?;
                ed.set(key, &yaml)?;
            }
            let was_closed = t.record.status.is_some_and(|s| s.is_closed());
            if !gives_closed && !was_closed && pairs.iter().any(|(k, v)| k == "status" && closes(v)) {
                ed.set("closed", &now_text)?;
            }
        }
        Some(n) => {
            for (key, value) in &pairs {
                check_action_key(key)?;
                let value = &exact(key, value, matches!(key.as_str(), "deadline" | "closed"))?;
                ed.set_in_action(n, key, value)?;
            }
            let was_closed = t.record.actions[n - 1].status.is_some_and(|s| s.is_closed());
            if !gives_closed && !was_closed && pairs.iter().any(|(k, v)| k == "status" && closes(v)) {
                ed.set_in_action(n, "closed", &now_text)?;
            }
        }
    }
    let what = match action {
        Some(n) => format!("{}#{n}", t.record.id),
        None => t.record.id.to_string(),
    };
    let trim_note = || {
        if !trimmed.is_empty() {
            let keys = trimmed.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ");
            cx.note(tr!(lang, "set-trimmed", keys = keys));
        }
    };
    if !ed.changed() {
        trim_note();
        cx.note(tr!(lang, "set-unchanged", what = &what));
        return Ok(Outcome::Success);
    }
    target::save(&repo, &t, &ed)?;
    let keys = pairs.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>().join(", ");
    let path = display_path(&t.record.path);
    cx.note(tr!(lang, "set-done", what = &what, keys = keys, path = &path));
    trim_note();
    Ok(Outcome::Success)
}

/// A key and its value as typed.
type Pair = (String, String);

/// `KEY=VALUE` arguments, each key once, values trimmed and not empty;
/// and the keys whose values lost spaces at either end (`set` says so).
fn assignments(args: &[String]) -> Result<(Vec<Pair>, Vec<String>)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut trimmed = Vec::new();
    for arg in args {
        let Some((key, value)) = arg.split_once('=') else {
            bail!("`{arg}` needs the form KEY=VALUE, e.g. status=in-progress or owner=李娜");
        };
        let (key, raw) = (key.trim(), value);
        let value = raw.trim();
        if key.is_empty() {
            bail!("`{arg}` has no key before `=`; write e.g. status=in-progress");
        }
        if value.is_empty() {
            bail!(
                "`{arg}` has no value after `=`; write one, e.g. {key}=…  (`comms set` does not delete fields; edit the file to remove one)"
            );
        }
        if out.iter().any(|(k, _)| k == key) {
            bail!("`{key}` is given twice; give each key once");
        }
        if value.len() != raw.len() {
            trimmed.push(key.to_string());
        }
        out.push((key.to_string(), value.to_string()));
    }
    Ok((out, trimmed))
}

/// A key a record of this type may have, and `set` may write.
fn check_key(catalog: &crate::model::types::Catalog, ty: Option<&RecordType>, rtype: &str, key: &str) -> Result<()> {
    match key {
        "id" => bail!("`id` cannot be changed with `comms set`: file names, links and history know the record by it"),
        "acks" => bail!("`acks` is written by `comms ack ID`, one acknowledgement at a time"),
        "approvals" => bail!("`approvals` is written by `comms approve ID`, one decision at a time"),
        "actions" => bail!("action items are changed one at a time: `comms set ID --action N KEY=VALUE`"),
        _ => {}
    }
    let def = catalog
        .field(ty, key)
        .or_else(|| ty.is_none().then(|| catalog.types.iter().find_map(|t| t.fields.get(key))).flatten());
    match def {
        Some(def) if matches!(def.kind, Kind::Acks | Kind::Actions | Kind::Approvals | Kind::Corrections) => {
            bail!("`{key}` is a list of entries; edit the file to change it")
        }
        Some(_) => Ok(()),
        None => {
            let hint = catalog
                .key_for_label(ty, key)
                .or_else(|| crate::model::suggest::closest(key, catalog.known_keys(ty)))
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_else(|| format!("; see `comms templates {rtype}` for its fields"));
            let what = if rtype.is_empty() { "this record".to_string() } else { format!("`{rtype}` records") };
            bail!("{what} have no field `{key}`{hint}")
        }
    }
}

/// A key an action item may have.
fn check_action_key(key: &str) -> Result<()> {
    if ACTION_KEYS.iter().any(|(k, _, _)| *k == key) {
        return Ok(());
    }
    let keys = ACTION_KEYS.iter().map(|(k, _, _)| *k);
    match crate::model::suggest::closest(key, keys.clone()) {
        Some(best) => bail!("action items have no field `{key}`; did you mean `{best}`?"),
        None => bail!("action items have no field `{key}`; they have {}", keys.collect::<Vec<_>>().join(", ")),
    }
}

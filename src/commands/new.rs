//! `comms new TYPE`: write a new record from its type's template.

use std::collections::{BTreeMap, HashSet};
use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result, anyhow, bail};

use crate::Outcome;
use crate::check::rules::{self, RuleContext};
use crate::cli::NewArgs;
use crate::commands::templates::unknown_type;
use crate::context::Context;
use crate::edit::text;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::config::Config;
use crate::model::diagnostic::{Code, Severity};
use crate::model::ids;
use crate::model::natural;
use crate::model::record::Document;
use crate::model::time::Instant;
use crate::model::types::{DeadlineRule, Kind, RecordType};
use crate::model::yaml;
use crate::render::diagnostics as render;
use crate::store::git::Git;
use crate::store::repo::Repo;

pub fn run(cx: &Context, args: NewArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let clock = cx.clock(&repo)?;
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let catalog = &repo.catalog;
    let ty = catalog.get(&args.record_type).ok_or_else(|| unknown_type(catalog, &args.record_type))?;
    let rcx = RuleContext { catalog, config: &repo.config };
    let now = clock.now();
    let words = &catalog.lexicon.deadline_words;

    // Values from the flags, each checked before anything is written.
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    let flags = [
        ("subject", &args.subject),
        ("owner", &args.owner),
        ("deadline", &args.deadline),
        ("project", &args.project),
        ("held", &args.held),
    ];
    for (key, value) in flags {
        if let Some(v) = value {
            if catalog.field(Some(ty), key).is_none() {
                bail!("--{key}: `{}` records have no field `{key}`", ty.name);
            }
            let v = match key {
                "deadline" | "held" => {
                    natural::resolve(v, now, &repo.config, words, past(key)).map_err(|m| anyhow!("--{key}: {m}"))?
                }
                _ => v.clone(),
            };
            let yaml = to_yaml(key, &v).map_err(|m| anyhow!("--{key}: {m}"))?;
            check(&rcx, ty, key, &yaml).map_err(|m| anyhow!("--{key}: {m}"))?;
            values.insert(key.to_string(), yaml);
        }
    }
    // Who started it: --initiator, else who runs comms (as for `ack`);
    // left out when that cannot be told.
    if catalog.field(Some(ty), "initiator").is_some() {
        let initiator = match &args.initiator {
            Some(name) => {
                Some(crate::commands::target::who(&repo, Some(name)).map_err(|e| anyhow!("--initiator: {e}"))?)
            }
            None => crate::commands::target::who(&repo, None).ok(),
        };
        if let Some(name) = initiator {
            let yaml = to_yaml("initiator", &name).map_err(|m| anyhow!("--initiator: {m}"))?;
            check(&rcx, ty, "initiator", &yaml).map_err(|m| anyhow!("--initiator: {m}"))?;
            values.insert("initiator".into(), yaml);
        }
    } else if args.initiator.is_some() {
        bail!("--initiator: `{}` records have no field `initiator`", ty.name);
    }
    let mut sets: Vec<(String, String)> = Vec::new();
    for kv in &args.set {
        let Some((key, value)) = kv.split_once('=') else {
            bail!("--set `{kv}` needs the form KEY=VALUE, e.g. --set impact=二号产线停工");
        };
        let key = key.trim();
        if catalog.field(Some(ty), key).is_none() {
            let hint = catalog
                .key_for_label(Some(ty), key)
                .or_else(|| crate::model::suggest::closest(key, catalog.known_keys(Some(ty))))
                .map(|k| format!("; did you mean `{k}`?"))
                .unwrap_or_else(|| format!("; see `comms templates {}`", ty.name));
            bail!("--set: `{}` records have no field `{key}`{hint}", ty.name);
        }
        if matches!(key, "id" | "type" | "created") {
            bail!("--set: `{key}` is written by `comms new` itself");
        }
        let value = match catalog.field(Some(ty), key).map(|f| f.kind) {
            Some(Kind::Datetime) => {
                natural::resolve(value, now, &repo.config, words, past(key)).map_err(|m| anyhow!("--set {key}: {m}"))?
            }
            _ => value.to_string(),
        };
        let kind = catalog.field(Some(ty), key).map(|f| f.kind);
        let yaml = to_yaml_of(kind, key, &value).map_err(|m| anyhow!("--set {key}: {m}"))?;
        sets.push((key.to_string(), yaml));
    }
    // Each value is checked beside the other --set values, whatever their
    // order: `--set 'to=[全员]' --set from=行政部` is judged with its `from`.
    for (key, yaml) in &sets {
        check_among(&rcx, ty, &sets, key).map_err(|m| anyhow!("--set {key}: {m}"))?;
        values.insert(key.clone(), yaml.clone());
    }

    let interactive = !args.no_input && std::io::stdin().is_terminal() && std::io::stderr().is_terminal();

    // The type's own deadline rule, when no deadline was given: counted
    // from its field (`held`), asked for on a terminal when missing.
    if !values.contains_key("deadline")
        && let Some(rule) = &ty.deadline
    {
        let after = rule.after();
        if interactive
            && after != "created"
            && !values.contains_key(after)
            && let Some(yaml) = prompt(&rcx, ty, after, lang, now)?
        {
            values.insert(after.to_string(), yaml);
        }
        let (due, counted_from_field) = type_deadline(rule, &values, now, &repo.config)?;
        let shown = due.display(tz);
        let within = rule.within.to_string();
        cx.note(if counted_from_field {
            tr!(lang, "new-deadline-after-field", within = &within, after = after, due = &shown)
        } else {
            tr!(lang, "new-deadline-from-now", within = &within, after = after, due = &shown)
        });
        values.insert("deadline".into(), yaml::quote_scalar(&shown));
    }

    // Ask for what is still missing, on a terminal only.
    let required = catalog.required(Some(ty));
    if interactive {
        for key in &required {
            let kind = catalog.field(Some(ty), key).map(|f| f.kind);
            if values.contains_key(*key)
                || matches!(*key, "id" | "type" | "status")
                || matches!(kind, Some(Kind::Actions | Kind::Acks | Kind::Approvals))
            {
                continue;
            }
            if let Some(yaml) = prompt(&rcx, ty, key, lang, now)? {
                values.insert(key.to_string(), yaml);
            }
        }
    }

    let created = now.display(tz);
    let date = now.0.with_timezone(&tz).date_naive();
    let id = ids::new_id(date, &taken_ids(&repo, &date.format("%Y%m%d").to_string()));

    let mut vars = values.clone();
    vars.insert("id".into(), id.clone());
    vars.insert("type".into(), ty.name.clone());
    vars.insert("created".into(), created);
    let skeleton = ty.skeleton(lang);
    let placeholder = |key: &str| -> Option<String> {
        required.contains(&key).then(|| format!("<{}>", catalog.field(Some(ty), key).map_or(key, |f| f.label(lang))))
    };
    let (mut text, used) = fill(skeleton, &vars, placeholder);

    // --set keys the skeleton has as literal values, or not at all.
    for (key, yaml) in values.iter().filter(|(k, _)| !used.contains(k.as_str())) {
        let doc = parse(&text, ty)?;
        text = text::set(&doc, key, yaml).map_err(|e| anyhow::anyhow!("{key}: {e}"))?;
    }

    let subject = values.get("subject").and_then(|y| yaml_scalar(y)).unwrap_or_default();
    let rel = PathBuf::from(&repo.config.records_dir).join(ids::file_name(&id, &subject));
    let abs = repo.abs(&rel);
    let doc = parse(&text, ty)?;
    let doc = Document { path: rel.clone(), ..doc };
    let diags = rules::check(&doc, &rcx);
    let fill_in: Vec<String> = diags
        .iter()
        .filter(|d| matches!(d.code, Code::Placeholder | Code::MissingField | Code::EmptyField))
        .map(|d| d.message.clone())
        .collect();
    let wrong: Vec<_> = diags
        .iter()
        .filter(|d| {
            d.severity == Severity::Error
                && !matches!(d.code, Code::Placeholder | Code::MissingField | Code::EmptyField)
        })
        .collect();
    if !wrong.is_empty() {
        let mut err = anstream::stderr();
        for d in wrong {
            render::human(&mut err, &d.clone().for_refused_edit())?;
        }
        bail!("the record was not written: the values above break the rules");
    }
    let (size, limit) = (text.len() as u64, repo.config.max_file_size);
    if size > limit {
        bail!(
            "the record was not written: it would be {size} bytes, over the limit of {limit} bytes (`max_file_size` in comms.yaml) — past it no command reads it; shorten the values, or raise `max_file_size`"
        );
    }

    // The records folder must be a real folder inside the repository: a
    // link to one (git stores links) would take the record elsewhere.
    crate::store::guard::real_dir(&repo.root, Path::new(&repo.config.records_dir), true)?;
    let _lock = crate::store::lock::RepoLock::acquire(&repo.root)?;
    let temp = crate::store::write::temp_dir(&repo.root);
    crate::store::write::create_new(&abs, text.as_bytes(), temp.as_deref()).with_context(|| {
        format!("cannot write {} (a file may already be there; `comms new` never overwrites)", abs.display())
    })?;
    drop(_lock);
    let mut out = super::stdout();
    writeln!(out, "{}", for_user(&abs))?;
    out.flush()?;
    if !fill_in.is_empty() && !args.edit {
        let n = fill_in.len();
        cx.note(tr!(lang, "new-fill-in", count = n));
    }

    if args.edit {
        open_editor(&abs)?;
        let doc = match Document::read(&abs, &rel, repo.config.max_file_size) {
            Ok(doc) => doc,
            Err(d) => {
                render::human(&mut anstream::stderr(), &d)?;
                return Ok(Outcome::Findings);
            }
        };
        let diags = rules::check(&doc, &rcx);
        let mut err = anstream::stderr();
        for d in &diags {
            render::human(&mut err, d)?;
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            return Ok(Outcome::Findings);
        }
    }
    Ok(Outcome::Success)
}

/// A deadline may not be a natural time already past; when something
/// happened (`held`) may.
fn past(key: &str) -> natural::Past {
    if key == "deadline" { natural::Past::Refused } else { natural::Past::Allowed }
}

/// The deadline a type's rule gives: `within` after the value of its
/// `after` field (from the flags or the prompt), or after now when that
/// field has none. Also says whether it counted from the field.
fn type_deadline(
    rule: &DeadlineRule,
    values: &BTreeMap<String, String>,
    now: Instant,
    config: &Config,
) -> Result<(Instant, bool)> {
    let tz = config.timezone;
    let after = rule.after();
    let from_field = match after {
        "created" => Some(now),
        field => {
            values.get(field).and_then(|y| yaml_scalar(y)).and_then(|text| crate::model::time::parse(&text, tz).ok())
        }
    };
    let start = from_field.unwrap_or(now);
    let due = rule.within.after(start, &config.workdays, tz).ok_or_else(|| {
        anyhow!(
            "the deadline {} after `{after}` is past the end of the calendar; give one with --deadline",
            rule.within
        )
    })?;
    if due < now {
        bail!(
            "the deadline {} after `{after}` ({}) has already passed; give one with --deadline",
            rule.within,
            due.display(tz)
        );
    }
    Ok((due, from_field.is_some()))
}

/// [`to_yaml`], but a number or a yes/no for a field of a numeric or flag
/// kind (`satisfaction: 4`, `progress: 60`, `anonymous: true`) is written
/// plain, as a person would type it, not quoted as text.
pub(crate) fn to_yaml_of(kind: Option<Kind>, key: &str, raw: &str) -> Result<String, String> {
    let v = raw.trim();
    let plain = match kind {
        Some(Kind::Satisfaction | Kind::Progress) => {
            !v.is_empty() && v.len() <= 3 && v.bytes().all(|b| b.is_ascii_digit())
        }
        Some(Kind::Flag) => v == "true" || v == "false",
        _ => false,
    };
    if plain { Ok(v.to_string()) } else { to_yaml(key, raw) }
}

/// A value from the command line as YAML: a `[a, b]` list as written (if it
/// parses as one), anything else as a scalar, quoted where YAML needs it.
pub(crate) fn to_yaml(key: &str, raw: &str) -> Result<String, String> {
    let v = raw.trim();
    if v.is_empty() {
        return Err("the value is empty".into());
    }
    if v.starts_with('[') {
        let text = format!("{key}: {v}\n");
        let parsed = yaml::parse(&text, yaml::Origin::START, yaml::Limits::default())
            .map_err(|e| format!("`{v}` is not a list: {}", e.message))?;
        let ok = parsed
            .root
            .as_ref()
            .and_then(|r| r.get(key))
            .is_some_and(|e| e.value.items().is_some_and(|i| i.iter().all(|n| n.as_str().is_some() || flat(n))));
        if !ok {
            return Err(format!(
                "`{v}` is not a list of texts or of `{{ key: value }}` items; write e.g. [设备部, 安全部]"
            ));
        }
        return Ok(v.to_string());
    }
    Ok(yaml::quote_scalar(v))
}

/// A mapping of texts (an action item or an ack written inline).
fn flat(n: &yaml::Node) -> bool {
    n.entries().is_some_and(|es| !es.is_empty() && es.iter().all(|e| e.value.as_str().is_some()))
}

/// The text of a scalar written by [`to_yaml`].
fn yaml_scalar(yaml: &str) -> Option<String> {
    let text = format!("k: {yaml}\n");
    let parsed = yaml::parse(&text, yaml::Origin::START, yaml::Limits::default()).ok()?;
    parsed.root?.get("k")?.value.as_str().map(str::to_string)
}

/// Refuses a value that breaks a rule, with the rule's message and hint.
fn check(rcx: &RuleContext, ty: &RecordType, key: &str, yaml: &str) -> Result<(), String> {
    match rules::check_value(rcx, ty, key, yaml).into_iter().next().map(|d| d.for_refused_edit()) {
        None => Ok(()),
        Some(d) => Err(match d.help {
            Some(h) => format!("{} ({h})", d.message),
            None => d.message,
        }),
    }
}

/// Refuses `key`'s value among `sets` (all the --set values) when it
/// breaks a rule, with the rule's message and hint.
fn check_among(rcx: &RuleContext, ty: &RecordType, sets: &[(String, String)], key: &str) -> Result<(), String> {
    let pairs: Vec<(&str, &str)> = sets.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    match rules::check_value_among(rcx, ty, &pairs, key).into_iter().next().map(|d| d.for_refused_edit()) {
        None => Ok(()),
        Some(d) => Err(match d.help {
            Some(h) => format!("{} ({h})", d.message),
            None => d.message,
        }),
    }
}

/// Replaces `{{name}}` in a skeleton. Returns the text and the names used.
fn fill(
    skeleton: &str,
    vars: &BTreeMap<String, String>,
    placeholder: impl Fn(&str) -> Option<String>,
) -> (String, HashSet<String>) {
    let mut used = HashSet::new();
    let mut out = String::with_capacity(skeleton.len() + 256);
    for line in skeleton.split_inclusive('\n') {
        if !line.contains("{{") {
            out.push_str(line);
            continue;
        }
        let mut rest = line;
        let mut filled = String::new();
        while let Some(i) = rest.find("{{") {
            let Some(j) = rest[i..].find("}}") else { break };
            let name = rest[i + 2..i + j].trim();
            filled.push_str(&rest[..i]);
            match vars.get(name).cloned().or_else(|| placeholder(name)) {
                Some(v) => {
                    used.insert(name.to_string());
                    filled.push_str(&v);
                }
                None => {
                    used.insert(name.to_string());
                }
            }
            rest = &rest[i + j + 2..];
        }
        filled.push_str(rest);
        // `project: {{project}}` with no value becomes `project:`, not `project: `.
        let (body, nl) = match filled.strip_suffix("\r\n") {
            Some(b) => (b.to_string(), "\r\n"),
            None => match filled.strip_suffix('\n') {
                Some(b) => (b.to_string(), "\n"),
                None => (filled.clone(), ""),
            },
        };
        out.push_str(body.trim_end());
        out.push_str(nl);
    }
    (out, used)
}

fn parse(text: &str, ty: &RecordType) -> Result<Document> {
    Document::parse(Path::new("new.md"), text.as_bytes().to_vec())
        .map_err(|d| anyhow!("the `{}` template is broken: line {}: {}", ty.name, d.line, d.message))
}

/// Ids already used: in file names of the working tree, inside records
/// whose file names do not carry one, and on every git branch.
fn taken_ids(repo: &Repo, date_prefix: &str) -> HashSet<String> {
    let (files, _) = repo.record_files();
    let mut taken = HashSet::new();
    let mut unnamed = Vec::new();
    for f in files {
        let name = f.rel.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_string();
        match ids::id_in_file_name(&name) {
            Some(id) => {
                taken.insert(id.to_string());
            }
            None => unnamed.push(f),
        }
    }
    for id in repo.scan(&unnamed, |_, doc| doc.ok().and_then(|d| d.str("id").map(str::to_string))).into_iter().flatten()
    {
        taken.insert(id);
    }
    if let Some(git) = Git::open(&repo.root) {
        taken.extend(git.ids_on_branches(&[&repo.config.records_dir, &repo.config.archive_dir], date_prefix));
    }
    taken
}

/// Asks for one value on the terminal until it is valid; an empty answer
/// leaves the placeholder.
fn prompt(rcx: &RuleContext, ty: &RecordType, key: &str, lang: Lang, now: Instant) -> Result<Option<String>> {
    let def = rcx.catalog.field(Some(ty), key);
    let label = def.map_or(key, |f| f.label(lang));
    let hint = match def.map(|f| f.kind) {
        Some(Kind::Datetime) if key == "deadline" => format!(" ({})", tr!(lang, "new-hint-deadline")),
        Some(Kind::Datetime) => format!(" ({})", tr!(lang, "new-hint-datetime")),
        Some(Kind::List) => format!(" ({})", tr!(lang, "new-hint-list")),
        _ => def.and_then(|f| f.hint.as_ref()).map(|h| format!(" ({})", h.get(lang))).unwrap_or_default(),
    };
    let stdin = std::io::stdin();
    loop {
        let mut err = anstream::stderr();
        write!(err, "{label} [{key}]{hint}: ")?;
        err.flush()?;
        let mut line = String::new();
        if stdin.lock().read_line(&mut line)? == 0 {
            return Ok(None);
        }
        let answer = line.trim();
        if answer.is_empty() {
            return Ok(None);
        }
        // A time as the flags take it: `明天 17:00`, `+2wd` become the exact time.
        let resolved;
        let answer = if def.map(|f| f.kind) == Some(Kind::Datetime) {
            match natural::resolve(answer, now, rcx.config, &rcx.catalog.lexicon.deadline_words, past(key)) {
                Ok(text) => {
                    resolved = text;
                    resolved.as_str()
                }
                Err(m) => {
                    anstream::eprintln!("{} {m}", crate::render::paint(crate::render::ERROR, "error:"));
                    continue;
                }
            }
        } else {
            answer
        };
        let answer = if def.map(|f| f.kind) == Some(Kind::List) && answer.contains([',', '，', '、']) {
            format!(
                "[{}]",
                answer.split([',', '，', '、']).map(|s| yaml::quote_scalar(s.trim())).collect::<Vec<_>>().join(", ")
            )
        } else {
            answer.to_string()
        };
        match to_yaml(key, &answer).and_then(|y| check(rcx, ty, key, &y).map(|()| y)) {
            Ok(y) => return Ok(Some(y)),
            Err(m) => anstream::eprintln!("{} {m}", crate::render::paint(crate::render::ERROR, "error:")),
        }
    }
}

fn open_editor(path: &Path) -> Result<()> {
    let editor = std::env::var("VISUAL")
        .or_else(|_| std::env::var("EDITOR"))
        .unwrap_or_else(|_| if cfg!(windows) { "notepad".into() } else { "vi".into() });
    let mut words = editor.split_whitespace();
    let program = words.next().ok_or_else(|| anyhow!("$EDITOR is empty"))?;
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .with_context(|| format!("cannot start the editor `{editor}` (set $EDITOR)"))?;
    if !status.success() {
        bail!("the editor `{editor}` exited with {status}");
    }
    Ok(())
}

/// A path as the user can use it from the current folder.
pub fn for_user(abs: &Path) -> String {
    crate::model::record::display_path(&crate::model::paths::shown(abs))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_known_names_and_trims_empty_values() {
        let vars: BTreeMap<String, String> = [("owner".to_string(), "张伟".to_string())].into();
        let (text, used) = fill("owner: {{owner}}\nproject: {{project}}\nimpact: {{impact}}\n", &vars, |k| {
            (k == "impact").then(|| "<影响范围>".into())
        });
        assert_eq!(text, "owner: 张伟\nproject:\nimpact: <影响范围>\n");
        assert!(used.contains("project"));
    }

    #[test]
    fn values_become_yaml() {
        assert_eq!(to_yaml("subject", "会议: 评审").unwrap(), "\"会议: 评审\"");
        assert_eq!(to_yaml("to", "[设备部, 安全部]").unwrap(), "[设备部, 安全部]");
        assert!(to_yaml("to", "[设备部").is_err());
        assert!(to_yaml("owner", "  ").is_err());
        assert_eq!(yaml_scalar("\"会议: 评审\"").unwrap(), "会议: 评审");
    }
}

//! What an editor asks about a place in a record: completions, hover
//! text, code actions and the record an id names. Each is a function of
//! the [`Workspace`], the buffer's text and a position.

use std::path::{Path, PathBuf};

use crate::i18n::{Lang, tr};
use crate::lsp::Workspace;
use crate::lsp::text::{self, Pos16, Range16};
use crate::model::diagnostic::{Code, Diagnostic};
use crate::model::record::{Document, Status};
use crate::model::time::Instant;
use crate::model::types::{Kind, RecordType};

/// What a completion inserts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ItemKind {
    /// A key of the record's type.
    Field,
    /// A value from a fixed list (status, priority, a controlled value).
    Value,
    Person,
    Department,
    Type,
    Time,
    /// A record's id.
    Record,
}

/// One completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub label: String,
    /// A short note beside the label (a field's label, a person's department).
    pub detail: Option<String>,
    /// Markdown shown when the item is selected.
    pub documentation: Option<String>,
    /// The text written in place of `range`.
    pub insert: String,
    pub range: Range16,
    pub kind: ItemKind,
}

/// The front matter's lines: the line of the opening fence is 0, `close`
/// is the line of the closing fence (`None` while it is unclosed).
fn front_matter(text: &str) -> Option<(u32, Option<u32>)> {
    let (_, first) = text::line(text, 0)?;
    if first.trim_start_matches('\u{feff}') != "---" {
        return None;
    }
    let close = text.split('\n').skip(1).position(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        l == "---" || l == "..."
    });
    Some((0, close.map(|i| i as u32 + 1)))
}

/// The value of a top-level key as written on its line (no YAML parse: the
/// buffer may not parse while it is being typed).
fn top_level_value<'t>(text: &'t str, key: &str, close: Option<u32>) -> Option<&'t str> {
    let end = close.unwrap_or(u32::MAX);
    text.split('\n').take(end as usize).skip(1).find_map(|l| {
        let l = l.strip_suffix('\r').unwrap_or(l);
        let rest = l.strip_prefix(key)?.trim_start();
        let v = rest.strip_prefix(':')?.trim();
        Some(v.trim_matches(['"', '\'']))
    })
}

/// The keys written at the top level of the front matter.
fn top_level_keys(text: &str, close: Option<u32>) -> Vec<String> {
    let end = close.unwrap_or(u32::MAX);
    text.split('\n')
        .take(end as usize)
        .skip(1)
        .filter(|l| !l.starts_with([' ', '\t', '-', '#']))
        .filter_map(|l| l.split_once(':').map(|(k, _)| k.trim().to_string()))
        .filter(|k| !k.is_empty())
        .collect()
}

fn record_type<'a>(ws: &'a Workspace, text: &str, close: Option<u32>) -> Option<&'a RecordType> {
    ws.repo.catalog.get(top_level_value(text, "type", close)?)
}

/// Completions at `pos` of the buffer `text` (the record at `rel`).
pub fn complete(ws: &Workspace, text: &str, pos: Pos16, now: Instant, lang: Lang) -> Vec<Item> {
    let Some((_, close)) = front_matter(text) else { return Vec::new() };
    if pos.line == 0 || close.is_some_and(|c| pos.line >= c) {
        return Vec::new();
    }
    let Some((start, line)) = text::line(text, pos.line) else { return Vec::new() };
    let cursor = text::offset(text, pos);
    let prefix = &text[start..cursor.max(start)];
    let ty = record_type(ws, text, close);
    let indent = prefix.len() - prefix.trim_start().len();
    let mut rest = prefix.trim_start();
    let mut rest_at = start + indent;
    let dash = rest.starts_with('-');
    if dash {
        let after = rest[1..].trim_start();
        rest_at += rest.len() - after.len();
        rest = after;
    }
    let range_from = |from: usize| text::range(text, from, cursor);
    if let Some((key, value)) = rest.split_once(':') {
        // A value: after the last `[` or `,` of a flow list, else after `: `.
        let value_at = rest_at + key.len() + 1;
        let typed_from = match value.rfind(['[', ',']) {
            Some(i) => value_at + i + 1,
            None => value_at,
        };
        let typed = &text[typed_from..cursor];
        let from = typed_from + (typed.len() - typed.trim_start().len());
        let nested = indent > 0 || dash;
        return values(ws, ty, key.trim(), nested, text, close, now, lang, range_from(from), &text[from..cursor]);
    }
    if dash {
        // A list item under a key written above it.
        let above: Vec<&str> = text.split('\n').take(pos.line as usize).skip(1).collect();
        let parent = above
            .into_iter()
            .rev()
            .find(|l| !l.starts_with([' ', '\t', '-']) && l.contains(':'))
            .and_then(|l| l.split_once(':'))
            .map(|(k, _)| k.trim().to_string());
        if let Some(parent) = parent {
            return values(ws, ty, &parent, false, text, close, now, lang, range_from(rest_at), rest);
        }
        return Vec::new();
    }
    if indent > 0 || line.trim_start().starts_with('#') {
        return Vec::new();
    }
    keys(ws, ty, text, close, lang, range_from(start))
}

/// The keys of the record's type not yet written.
fn keys(
    ws: &Workspace,
    ty: Option<&RecordType>,
    text: &str,
    close: Option<u32>,
    lang: Lang,
    range: Range16,
) -> Vec<Item> {
    let written = top_level_keys(text, close);
    let catalog = &ws.repo.catalog;
    let required = catalog.required(ty);
    catalog
        .known_keys(ty)
        .filter(|k| !written.iter().any(|w| w == k))
        .map(|k| {
            let def = catalog.field(ty, k);
            let label = def.map(|d| d.label(lang).to_string()).unwrap_or_default();
            let kind = def.map_or("text", |d| d.kind.as_str());
            let msg = if required.contains(&k) { "lsp-field-required" } else { "lsp-field-optional" };
            let mut doc = tr!(lang, msg, label = label.as_str(), kind = kind);
            if let Some(hint) = def.and_then(|d| d.hint.as_ref()) {
                doc.push_str("\n\n");
                doc.push_str(hint.get(lang));
            }
            Item {
                label: k.to_string(),
                detail: Some(label),
                documentation: Some(doc),
                insert: format!("{k}: "),
                range,
                kind: ItemKind::Field,
            }
        })
        .collect()
}

/// The values `key` may take.
#[allow(clippy::too_many_arguments)]
fn values(
    ws: &Workspace,
    ty: Option<&RecordType>,
    key: &str,
    nested: bool,
    text: &str,
    close: Option<u32>,
    now: Instant,
    lang: Lang,
    range: Range16,
    typed: &str,
) -> Vec<Item> {
    let repo = &ws.repo;
    let catalog = &repo.catalog;
    let kind = if nested {
        match key {
            "by" | "owner" => Some(Kind::Person),
            "at" | "deadline" => Some(Kind::Datetime),
            "status" => Some(Kind::Status),
            _ => None,
        }
    } else {
        catalog.field(ty, key).map(|d| d.kind)
    };
    let item = |label: &str, detail: Option<String>, kind: ItemKind| Item {
        label: label.to_string(),
        detail,
        documentation: None,
        insert: label.to_string(),
        range,
        kind,
    };
    let words = |map: &std::collections::BTreeMap<String, Vec<String>>| -> Vec<Item> {
        let mut out: Vec<Item> = map.keys().map(|k| item(k, None, ItemKind::Value)).collect();
        for (k, aliases) in map {
            for a in aliases {
                out.push(item(a, Some(tr!(lang, "lsp-alias-of", canonical = k.as_str())), ItemKind::Value));
            }
        }
        out
    };
    let people = || -> Vec<Item> {
        repo.config
            .people
            .people()
            .iter()
            .map(|p| {
                let mut it = item(&p.name, p.department.clone(), ItemKind::Person);
                it.documentation = Some(person_text(p, lang));
                it
            })
            .collect()
    };
    if !nested && matches!(key, "to" | "from" | "cc") {
        let mut departments: Vec<&str> =
            repo.config.people.people().iter().filter_map(|p| p.department.as_deref()).collect();
        departments.sort();
        departments.dedup();
        let mut out: Vec<Item> =
            departments.into_iter().map(|d| item(d, Some(tr!(lang, "lsp-department")), ItemKind::Department)).collect();
        if key != "from" {
            out.extend(
                repo.config.publish.keys().map(|a| item(a, Some(tr!(lang, "lsp-audience")), ItemKind::Department)),
            );
        }
        if key == "cc" {
            out.extend(people());
        }
        return out;
    }
    if !nested && key == "participants" {
        return people();
    }
    if !nested && key == "type" {
        let mut out = Vec::new();
        for t in &catalog.types {
            out.push(item(&t.name, Some(t.label.get(lang).to_string()), ItemKind::Type));
            for a in &t.aliases {
                out.push(item(a, Some(tr!(lang, "lsp-alias-of", canonical = t.name.as_str())), ItemKind::Type));
            }
        }
        return out;
    }
    if !nested && (key == "related" || key == "parent") {
        return ws
            .ids()
            .filter(|id| id.starts_with(typed.trim()))
            .take(200)
            .map(|id| {
                let subject = ws.files_with_id(id).first().and_then(|p| ws.record(p)).map(|r| r.subject.to_string());
                item(id, subject, ItemKind::Record)
            })
            .collect();
    }
    if !nested && let Some(allowed) = repo.config.values.get(key) {
        return allowed.iter().map(|v| item(v, Some(tr!(lang, "lsp-allowed-value")), ItemKind::Value)).collect();
    }
    match kind {
        Some(Kind::Person) => people(),
        Some(Kind::Status) => {
            let mut out: Vec<Item> = Status::ALL
                .iter()
                .map(|s| item(s.as_str(), Some(s.label(lang).to_string()), ItemKind::Value))
                .collect();
            for (k, aliases) in &catalog.lexicon.status {
                for a in aliases {
                    out.push(item(a, Some(tr!(lang, "lsp-alias-of", canonical = k.as_str())), ItemKind::Value));
                }
            }
            out
        }
        Some(Kind::Priority) => words(&catalog.lexicon.priority),
        Some(Kind::Outcome) => words(&catalog.lexicon.outcome),
        Some(Kind::Classification) => words(&catalog.lexicon.classification),
        Some(Kind::Datetime) => times(ws, ty, key, text, close, now, lang, range),
        _ => Vec::new(),
    }
}

/// Datetimes to offer: now, the next working day at 18:00, and for the
/// deadline the type's own rule.
#[allow(clippy::too_many_arguments)]
fn times(
    ws: &Workspace,
    ty: Option<&RecordType>,
    key: &str,
    text: &str,
    close: Option<u32>,
    now: Instant,
    lang: Lang,
    range: Range16,
) -> Vec<Item> {
    let config = &ws.repo.config;
    let tz = config.timezone;
    let time = |t: String, detail: String| Item {
        label: t.clone(),
        detail: Some(detail),
        documentation: None,
        insert: t,
        range,
        kind: ItemKind::Time,
    };
    let mut out = vec![time(now.display(tz), tr!(lang, "lsp-time-now"))];
    let today = now.0.with_timezone(&tz).date_naive();
    if let Some(day) = config.workdays.nth_workday_after(today, 1) {
        out.push(time(format!("{} 18:00", day.format("%Y-%m-%d")), tr!(lang, "lsp-time-next-workday")));
    }
    if key == "deadline"
        && let Some(ty) = ty
        && let Some(rule) = &ty.deadline
    {
        let after = rule.after();
        let start = match after {
            "created" => top_level_value(text, "created", close),
            field => top_level_value(text, field, close),
        }
        .and_then(|v| crate::model::time::parse(v, tz).ok())
        .unwrap_or(now);
        if let Some(due) = rule.within.after(start, &config.workdays, tz) {
            let within = rule.within.to_string();
            out.push(time(
                due.display(tz),
                tr!(lang, "lsp-time-rule", kind = ty.name.as_str(), within = within.as_str(), after = after),
            ));
        }
    }
    out
}

/// A person as hover and completion show them: name, department, roles.
fn person_text(p: &crate::model::people::Person, lang: Lang) -> String {
    let mut s = format!("**{}**", p.name);
    if let Some(d) = &p.department {
        s.push_str(&format!(" · {d}"));
    }
    let roles: Vec<&str> = p.role.iter().chain(&p.roles).map(String::as_str).collect();
    if !roles.is_empty() {
        s.push_str("\n\n");
        s.push_str(&tr!(lang, "lsp-person-roles", roles = roles.join(", ")));
    }
    if !p.aliases.is_empty() {
        s.push_str("\n\n");
        s.push_str(&tr!(lang, "lsp-person-aliases", aliases = p.aliases.join(", ")));
    }
    s
}

/// The word at a byte offset: letters, digits and the punctuation of ids,
/// names and paths (a link's target is one word).
fn word_at(text: &str, offset: usize) -> Option<(usize, &str)> {
    let stop = |c: char| {
        c.is_whitespace()
            || matches!(
                c,
                '[' | ']' | '{' | '}' | '(' | ')' | ',' | '，' | '、' | '"' | '\'' | '`' | '<' | '>' | '|' | '：'
            )
    };
    let offset = offset.min(text.len());
    let start = text[..offset].char_indices().rev().find(|(_, c)| stop(*c)).map_or(0, |(i, c)| i + c.len_utf8());
    let end = text[offset..].char_indices().find(|(_, c)| stop(*c)).map_or(text.len(), |(i, _)| offset + i);
    let w = text[start..end].trim_end_matches([':', '.', ';', '。']);
    let w = w.strip_prefix(':').unwrap_or(w);
    (!w.is_empty()).then_some((start, w))
}

/// The record id a word names: the id itself, `ID#N` (an action item), or
/// a link to its file (`../records/20261122-7f3a-设备故障.md`).
fn id_in_word<'w>(ws: &Workspace, word: &'w str) -> Option<&'w str> {
    let w = word.split('#').next().unwrap_or(word);
    if !ws.files_with_id(w).is_empty() {
        return Some(w);
    }
    let name = w.rsplit(['/', '\\']).next().unwrap_or(w);
    crate::model::ids::id_in_file_name(name).filter(|id| !ws.files_with_id(id).is_empty())
}

/// Hover text (Markdown) at `pos`: the rules of the diagnostics there, the
/// person or the record named there.
pub fn hover(ws: &Workspace, text: &str, pos: Pos16, diagnostics: &[Diagnostic], lang: Lang) -> Option<String> {
    let mut parts: Vec<String> = Vec::new();
    let mut seen = Vec::new();
    for d in diagnostics {
        let r = text::diagnostic_range(text, d);
        if r.start <= pos && pos <= r.end && !seen.contains(&d.code) {
            seen.push(d.code);
            parts.push(rule_text(d.code));
        }
    }
    if let Some((_, word)) = word_at(text, text::offset(text, pos)) {
        if let Some(p) = ws.repo.config.people.resolve(word) {
            parts.push(person_text(p, lang));
        } else if let Some(id) = id_in_word(ws, word) {
            for path in ws.files_with_id(id) {
                parts.push(record_text(ws, path, lang));
            }
        }
    }
    (!parts.is_empty()).then(|| parts.join("\n\n---\n\n"))
}

/// A record as hover shows it: id, subject, status, deadline, file.
fn record_text(ws: &Workspace, path: &Path, lang: Lang) -> String {
    let shown = crate::model::record::display_path(path);
    let Some(r) = ws.record(path) else { return format!("`{shown}`") };
    let tz = ws.repo.config.timezone;
    let status = r.status.map_or_else(|| "-".to_string(), |s| s.label(lang).to_string());
    let deadline = r.deadline.map_or_else(|| "-".to_string(), |d| d.display(tz));
    format!(
        "**{}** {}\n\n{}\n\n`{shown}`",
        r.id,
        r.subject,
        tr!(lang, "lsp-record-status", status = status, deadline = deadline)
    )
}

/// A rule as hover shows it: code, severity, summary, and its section of
/// docs/rules.md (what it checks, with an example).
pub fn rule_text(code: Code) -> String {
    let rule = code.rule();
    let mut s = format!("**{}[{}]**: {}", rule.severity.as_str(), rule.code, rule.summary);
    if let Some(section) = rule_section(code) {
        s.push_str("\n\n");
        s.push_str(section.trim());
    }
    s
}

/// The section `### \`code\`` of docs/rules.md, without its heading.
fn rule_section(code: Code) -> Option<&'static str> {
    const RULES_MD: &str = include_str!("../../docs/rules.md");
    let heading = format!("### `{}`\n", code.as_str());
    let start = RULES_MD.find(&heading)? + heading.len();
    let rest = &RULES_MD[start..];
    let end = [rest.find("\n### "), rest.find("\n## ")].into_iter().flatten().min().map_or(rest.len(), |i| i + 1);
    Some(&rest[..end])
}

/// Where the record an id at `pos` names is: its file and the line of its
/// id (0-based line, UTF-16 column).
pub fn definition(ws: &Workspace, rel: &Path, text: &str, pos: Pos16) -> Vec<(PathBuf, Pos16)> {
    let Some((_, word)) = word_at(text, text::offset(text, pos)) else { return Vec::new() };
    let Some(id) = id_in_word(ws, word) else { return Vec::new() };
    ws.files_with_id(id)
        .iter()
        .filter(|p| p.as_path() != rel)
        .map(|p| {
            let at = ws.id_at(p).map_or(Pos16::default(), |a| Pos16 {
                line: a.line.saturating_sub(1),
                character: a.col.saturating_sub(1),
            });
            (ws.abs(p), at)
        })
        .collect()
}

/// One code action: edits to the buffer, and the rules it answers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub title: String,
    pub edits: Vec<(Range16, String)>,
    /// The rules whose findings it fixes.
    pub codes: Vec<Code>,
    /// Where it applies: its edits and the findings it fixes.
    pub at: Vec<Range16>,
    /// Whether it is the fix to apply without asking (the one certain fix).
    pub preferred: bool,
}

/// The code actions for a buffer with `diagnostics`: the fixes of
/// `validate --fix`, the status's canonical value, the missing required
/// fields.
pub fn actions(ws: &Workspace, rel: &Path, text: &str, diagnostics: &[Diagnostic], lang: Lang) -> Vec<Action> {
    let mut out = Vec::new();
    let ranges = |codes: &[Code]| -> Vec<Range16> {
        diagnostics.iter().filter(|d| codes.contains(&d.code)).map(|d| text::diagnostic_range(text, d)).collect()
    };
    let whole = |new: &str, title: String, codes: Vec<Code>| -> Option<Action> {
        let (range, replacement) = smallest_edit(text, new)?;
        let mut at = ranges(&codes);
        at.push(range);
        Some(Action { title, edits: vec![(range, replacement)], codes, at, preferred: true })
    };
    if let Some((fixed, _)) = crate::model::fullwidth::fix(rel, text) {
        out.extend(whole(
            &fixed,
            tr!(lang, "lsp-action-fullwidth"),
            vec![Code::FullwidthPunctuation, Code::YamlSyntax, Code::NotAMapping],
        ));
    }
    let (masked, n) = crate::check::fix::mask(rel, text, ws.repo.config.mask);
    if n > 0 {
        out.extend(whole(&masked, tr!(lang, "lsp-action-mask", count = n), vec![Code::UnmaskedContact]));
    }
    let Ok(doc) = Document::parse(rel, text.as_bytes().to_vec()) else { return out };
    let catalog = &ws.repo.catalog;
    if let Some(entry) = doc.root.get("status")
        && let Some(written) = entry.value.as_str()
    {
        let written = written.trim();
        let canonical = catalog.status(written).or_else(|| {
            let words = Status::ALL
                .iter()
                .map(|s| s.as_str())
                .chain(catalog.lexicon.status.values().flatten().map(String::as_str));
            crate::model::suggest::closest(written, words).and_then(|w| catalog.status(w))
        });
        if let Some(status) = canonical
            && status.as_str() != written
        {
            let span = entry.value.span;
            let range = text::range(text, span.start.offset, span.end.offset);
            let mut at = ranges(&[Code::BadStatus]);
            at.push(range);
            out.push(Action {
                title: tr!(lang, "lsp-action-status", status = status.as_str()),
                edits: vec![(range, status.as_str().to_string())],
                codes: vec![Code::BadStatus],
                at,
                preferred: catalog.status(written).is_some(),
            });
        }
    }
    let ty = doc.str("type").and_then(|t| catalog.get(t));
    let close = text::position(text, doc.source.text.len().min(line_start(&doc, doc.layout.close_line)));
    let nl = doc.source.newline();
    for key in catalog.required(ty) {
        if doc.root.get(key).is_some() {
            continue;
        }
        let insert = Range16 { start: close, end: close };
        let mut at = ranges(&[Code::MissingField]);
        at.push(insert);
        out.push(Action {
            title: tr!(lang, "lsp-action-insert-field", key = key),
            edits: vec![(insert, format!("{key}: {nl}"))],
            codes: vec![Code::MissingField],
            at,
            preferred: false,
        });
    }
    out
}

/// The byte offset where line `line` (from 1) of a document starts.
fn line_start(doc: &Document, line: u32) -> usize {
    let text = &doc.source.text;
    let mut start = 0;
    for _ in 1..line {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    start
}

/// One edit turning `old` into `new`: the differing middle, between their
/// common start and end. `None` when they are equal.
fn smallest_edit(old: &str, new: &str) -> Option<(Range16, String)> {
    if old == new {
        return None;
    }
    let mut p = old.bytes().zip(new.bytes()).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(p) || !new.is_char_boundary(p) {
        p -= 1;
    }
    let max = old.len().min(new.len()) - p;
    let mut s = old.bytes().rev().zip(new.bytes().rev()).take(max).take_while(|(a, b)| a == b).count();
    while !old.is_char_boundary(old.len() - s) || !new.is_char_boundary(new.len() - s) {
        s -= 1;
    }
    Some((text::range(old, p, old.len() - s), new[p..new.len() - s].to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn workspace() -> (tempfile::TempDir, Workspace) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("comms.yaml"),
            "timezone: Asia/Shanghai\npeople:\n  - { name: 张伟, department: 生产部, roles: [部门负责人] }\n",
        )
        .unwrap();
        std::fs::create_dir_all(dir.path().join("records")).unwrap();
        std::fs::write(
            dir.path().join("records/20261120-aaaa-x.md"),
            "---\nid: 20261120-aaaa\nsubject: 设备故障\nstatus: open\ndeadline: 2026-11-23 17:00\n---\n",
        )
        .unwrap();
        let repo = crate::store::repo::Repo::open(dir.path().to_path_buf()).unwrap();
        (dir, Workspace::load(repo))
    }

    fn now() -> Instant {
        crate::model::time::parse("2026-11-20 09:00", chrono_tz::Asia::Shanghai).unwrap()
    }

    const LANG: Lang = Lang::EN;

    #[test]
    fn keys_values_people_and_times_are_completed() {
        let (_d, ws) = workspace();
        let text = "---\ntype: urgent\nsta\nowner: 张\ndeadline: \nstatus: \n---\n";
        let labels = |line: u32, character: u32| -> Vec<String> {
            complete(&ws, text, Pos16 { line, character }, now(), LANG).into_iter().map(|i| i.label).collect()
        };
        let keys = labels(2, 3);
        assert!(keys.contains(&"subject".to_string()) && keys.contains(&"impact".to_string()), "{keys:?}");
        assert!(!keys.contains(&"type".to_string()) && !keys.contains(&"status".to_string()), "written: {keys:?}");
        assert_eq!(labels(3, 8), vec!["张伟"]);
        let cc = complete(&ws, "---\ncc: [\n---\n", Pos16 { line: 1, character: 5 }, now(), LANG);
        let cc: Vec<(String, ItemKind)> = cc.into_iter().map(|i| (i.label, i.kind)).collect();
        assert_eq!(cc, [("生产部".into(), ItemKind::Department), ("张伟".into(), ItemKind::Person)]);
        let times = labels(4, 10);
        assert!(times.contains(&"2026-11-20 09:00".to_string()), "{times:?}");
        assert!(times.contains(&"2026-11-23 18:00".to_string()), "the next working day after a Friday: {times:?}");
        let statuses = labels(5, 8);
        assert!(statuses.contains(&"in-progress".to_string()) && statuses.contains(&"处理中".to_string()));
    }

    #[test]
    fn hover_names_people_records_and_rules() {
        let (_d, ws) = workspace();
        let text = "---\nowner: 张伟\nrelated: [20261120-aaaa]\n---\n";
        let person = hover(&ws, text, Pos16 { line: 1, character: 8 }, &[], LANG).unwrap();
        assert!(person.contains("生产部") && person.contains("部门负责人"), "{person}");
        let record = hover(&ws, text, Pos16 { line: 2, character: 12 }, &[], LANG).unwrap();
        assert!(record.contains("设备故障") && record.contains("2026-11-23 17:00"), "{record}");
        let d = Diagnostic::new(Code::BadStatus, "a.md", 2, 1, "x").width(5);
        let rule = hover(&ws, text, Pos16 { line: 1, character: 2 }, &[d], LANG).unwrap();
        assert!(rule.contains("bad-status") && rule.contains("```text"), "{rule}");
    }

    #[test]
    fn every_rule_has_its_section_of_the_docs_for_hover() {
        for code in Code::ALL {
            let section = rule_section(*code).unwrap_or_else(|| panic!("no section for {code}"));
            assert!(!section.trim().is_empty(), "{code}: an empty section");
            // A `# heading` inside an example does not end the section.
            assert_eq!(section.matches("```").count() % 2, 0, "{code}: {section}");
        }
    }

    #[test]
    fn definition_goes_to_the_record_an_id_or_link_names() {
        let (d, ws) = workspace();
        let text = "---\nparent: 20261120-aaaa\n---\n见 [记录](../records/20261120-aaaa-x.md)\n";
        let rel = Path::new("records/b.md");
        let at = definition(&ws, rel, text, Pos16 { line: 1, character: 10 });
        assert_eq!(at, vec![(d.path().join("records/20261120-aaaa-x.md"), Pos16 { line: 1, character: 4 })]);
        assert_eq!(definition(&ws, rel, text, Pos16 { line: 3, character: 20 }).len(), 1);
        assert!(definition(&ws, rel, text, Pos16 { line: 1, character: 2 }).is_empty());
    }

    #[test]
    fn actions_set_the_canonical_status_and_insert_missing_fields() {
        let (_d, ws) = workspace();
        let text = "---\r\nid: 20261120-bbbb\r\nstatus: 处理中\r\n---\r\n";
        let acts = actions(&ws, Path::new("records/b.md"), text, &[], LANG);
        let status = acts.iter().find(|a| a.codes == [Code::BadStatus]).unwrap();
        assert_eq!(status.edits[0].1, "in-progress");
        assert_eq!(status.edits[0].0.start, Pos16 { line: 2, character: 8 });
        let owner = acts.iter().find(|a| a.title.contains("`owner`")).unwrap();
        assert_eq!(
            owner.edits[0],
            (
                Range16 { start: Pos16 { line: 3, character: 0 }, end: Pos16 { line: 3, character: 0 } },
                "owner: \r\n".into()
            )
        );
    }

    #[test]
    fn the_fixes_of_validate_fix_are_smallest_edits() {
        let (_d, ws) = workspace();
        let text = "---\nid： 20261120-bbbb\nsubject: 电话 13812345678\n---\n";
        let acts = actions(&ws, Path::new("records/b.md"), text, &[], LANG);
        let colon = acts.iter().find(|a| a.codes.contains(&Code::FullwidthPunctuation)).unwrap();
        assert_eq!(colon.edits[0].0.start, Pos16 { line: 1, character: 2 });
        let mask = acts.iter().find(|a| a.codes == [Code::UnmaskedContact]).unwrap();
        assert_eq!(mask.edits[0].0.start.line, 2);
        assert!(!mask.edits[0].1.contains("13812345678"));
    }
}

//! The rules `validate` enforces, one function per concern. Each finding is
//! a [`Diagnostic`] with a stable code (see [`crate::model::diagnostic::RULES`]),
//! pointing at the key or value a user must edit.

use std::collections::BTreeMap;

use crate::i18n::tr;
use crate::model::body;
use crate::model::classification::Classification;
use crate::model::closing;
use crate::model::config::Config;
use crate::model::contact;
use crate::model::diagnostic::{Code, Diagnostic, Related};
use crate::model::minutes::{self, Judgement, Minutes};
use crate::model::record::Document;
use crate::model::sla;
use crate::model::time::{self, DateError, Instant};
use crate::model::types::{Catalog, FieldDef, Kind, RecordType};
use crate::model::yaml::{Entry, Node, Pos, Span, Value, Warning};

/// What the rules need besides the document.
pub struct RuleContext<'a> {
    pub catalog: &'a Catalog,
    pub config: &'a Config,
}

/// Keys an action item may have, and which of them are required.
pub const ACTION_KEYS: &[(&str, Kind, bool)] = &[
    ("task", Kind::Text, true),
    ("owner", Kind::Person, true),
    ("deadline", Kind::Datetime, true),
    ("status", Kind::Status, true),
    ("deliverable", Kind::Text, false),
    ("closed", Kind::Datetime, false),
    ("acks", Kind::Acks, false),
];

/// Keys of `accepted` (the initiator's acceptance), and which are required.
pub const ACCEPTED_KEYS: &[(&str, Kind, bool)] = &[("by", Kind::Person, true), ("at", Kind::Datetime, true)];

/// Keys of `confirmation` (签字/盖章), and which are required.
pub const CONFIRMATION_KEYS: &[(&str, Kind, bool)] = &[
    ("kind", Kind::Confirmation, true),
    ("by", Kind::Person, true),
    ("at", Kind::Datetime, true),
    ("file", Kind::Text, false),
];

/// Keys of a correction (`corrections`), and which are required.
pub const CORRECTION_KEYS: &[(&str, Kind, bool)] =
    &[("at", Kind::Datetime, true), ("by", Kind::Person, true), ("note", Kind::Text, true)];

/// Keys of an attachment, and which are required (`version` is wanted:
/// `attachment-without-version`).
pub const ATTACHMENT_KEYS: &[(&str, Kind, bool)] =
    &[("name", Kind::Text, true), ("version", Kind::Text, false), ("link", Kind::Text, false)];

/// At most this many findings of one rule are reported for one file; a
/// last note says how many more there are (see `docs/rules.md`).
pub const MAX_PER_FILE_AND_RULE: usize = 100;

/// Runs every per-file rule on a document.
pub fn check(doc: &Document, cx: &RuleContext) -> Vec<Diagnostic> {
    let mut c = Checker { doc, cx, out: Vec::new(), unbuilt: Vec::new() };
    c.yaml_warnings();
    let ty = c.record_type();
    c.required(ty);
    for entry in doc.root.entries().unwrap_or_default() {
        c.field(ty, entry);
    }
    c.placeholders(&doc.root);
    c.cross_field(ty);
    c.closing(ty);
    c.minutes_late(ty);
    c.sla(ty);
    c.channel(ty);
    c.anonymous();
    c.approval();
    c.action_acks(ty);
    c.sections(ty);
    c.contacts();
    c.fullwidth();
    cap(doc, c.out, &c.unbuilt)
}

/// Keeps the first [`MAX_PER_FILE_AND_RULE`] findings of each rule, and
/// for a rule with more, a note after its last one saying how many more.
/// `unbuilt` are findings counted but never built (past the cap already).
fn cap(doc: &Document, out: Vec<Diagnostic>, unbuilt: &[(Code, usize)]) -> Vec<Diagnostic> {
    if out.len() <= MAX_PER_FILE_AND_RULE && unbuilt.is_empty() {
        return out;
    }
    let mut seen: BTreeMap<Code, usize> = BTreeMap::new();
    for d in &out {
        *seen.entry(d.code).or_default() += 1;
    }
    for &(code, n) in unbuilt {
        *seen.entry(code).or_default() += n;
    }
    if seen.values().all(|&n| n <= MAX_PER_FILE_AND_RULE) {
        return out;
    }
    let mut kept: BTreeMap<Code, usize> = BTreeMap::new();
    let mut last: BTreeMap<Code, (u32, u32)> = BTreeMap::new();
    let mut capped = Vec::with_capacity(out.len().min(seen.len() * (MAX_PER_FILE_AND_RULE + 1)));
    for d in out {
        let n = kept.entry(d.code).or_default();
        if *n < MAX_PER_FILE_AND_RULE {
            *n += 1;
            last.insert(d.code, (d.line, d.column));
            capped.push(d);
        }
    }
    for (code, total) in seen {
        if total > MAX_PER_FILE_AND_RULE {
            let (line, col) = last.get(&code).copied().unwrap_or((1, 1));
            capped.push(more_note(doc, code, total - MAX_PER_FILE_AND_RULE, line, col));
        }
    }
    capped
}

/// The note that ends a rule's findings in a file when there are more than
/// [`MAX_PER_FILE_AND_RULE`]: at the last one shown, so it sorts after it.
fn more_note(doc: &Document, code: Code, more: usize, line: u32, col: u32) -> Diagnostic {
    let fix = if code == Code::UnmaskedContact {
        "`comms validate --fix` masks all of them".to_string()
    } else {
        "fix the ones shown and run `comms validate` again to see the rest".to_string()
    };
    Diagnostic::new(
        code,
        &doc.shown(),
        line,
        col,
        format!(
            "{more} more {code} finding{} in this file not shown (at most {MAX_PER_FILE_AND_RULE} per file and rule)",
            if more == 1 { "" } else { "s" }
        ),
    )
    .help(fix)
}

struct Checker<'a> {
    doc: &'a Document,
    cx: &'a RuleContext<'a>,
    out: Vec<Diagnostic>,
    /// Findings counted but not built, being past the cap: (code, how many).
    unbuilt: Vec<(Code, usize)>,
}

impl<'a> Checker<'a> {
    fn push(&mut self, d: Diagnostic) {
        self.out.push(d);
    }

    /// Where to add a missing top-level field: the closing fence.
    fn close_pos(&self) -> Pos {
        let line = self.doc.layout.close_line;
        Pos { offset: 0, line, col: 1 }
    }

    fn yaml_warnings(&mut self) {
        for w in &self.doc.warnings {
            let d = match w {
                Warning::DuplicateKey { key, first, again } => self
                    .doc
                    .diag_span(Code::DuplicateKey, *again, format!("key `{key}` is written twice"))
                    .related(
                        vec![Related {
                            path: self.doc.shown(),
                            line: first.line,
                            column: first.col,
                            label: Some("first occurrence".into()),
                        }],
                        &format!(" (first on line {})", first.line),
                    )
                    .help("keep one of them; the first one counts"),
                Warning::Tag { tag, span } => self
                    .doc
                    .diag_span(Code::YamlUnsupported, *span, format!("YAML tag `{tag}` is not allowed in a record"))
                    .help("remove the tag; record values are plain text"),
            };
            self.push(d);
        }
    }

    fn record_type(&mut self) -> Option<&'a RecordType> {
        let entry = self.doc.root.get("type")?;
        let text = entry.value.as_str()?.trim();
        if text.is_empty() {
            return None;
        }
        if let Some(t) = self.cx.catalog.get(text) {
            return Some(t);
        }
        let names = self
            .cx
            .catalog
            .types
            .iter()
            .flat_map(|t| std::iter::once(t.name.as_str()).chain(t.aliases.iter().map(String::as_str)));
        let help = match crate::model::suggest::closest(text, names) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the types are {} (see `comms templates`)",
                self.cx.catalog.types.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>().join(", ")
            ),
        };
        let d =
            self.doc.diag_span(Code::UnknownType, entry.value.span, format!("unknown record type `{text}`")).help(help);
        self.push(d);
        None
    }

    fn required(&mut self, ty: Option<&'a RecordType>) {
        for key in self.cx.catalog.required(ty) {
            match self.doc.root.get(key) {
                None => {
                    let def = self.cx.catalog.field(ty, key);
                    let d = self
                        .doc
                        .diag(Code::MissingField, self.close_pos(), format!("missing required field `{key}`"))
                        .help(add_hint(key, def, self.cx.config));
                    self.push(d);
                }
                Some(e) if is_empty(&e.value) => {
                    let def = self.cx.catalog.field(ty, key);
                    let pos = if e.value.is_null() { e.key_span.start } else { e.value.span.start };
                    let width = if e.value.is_null() { key.chars().count() } else { 1 };
                    let d = self
                        .doc
                        .diag(Code::EmptyField, pos, format!("required field `{key}` is empty"))
                        .width(width)
                        .help(fill_hint(key, def, self.cx.config));
                    self.push(d);
                }
                Some(_) => {}
            }
        }
    }

    fn field(&mut self, ty: Option<&'a RecordType>, entry: &'a Entry) {
        let key = entry.key.as_str();
        let def = self.cx.catalog.field(ty, key).or_else(|| {
            // Without a known type, a field some type declares is not a typo.
            ty.is_none().then(|| self.cx.catalog.types.iter().find_map(|t| t.fields.get(key))).flatten()
        });
        let Some(def) = def else {
            self.unknown_field(ty, entry, "");
            return;
        };
        let v = &entry.value;
        if is_empty(v) {
            return; // required fields are checked in `required`; optional ones may be blank
        }
        match def.kind {
            Kind::Text => {
                if let Some(text) = self.text(key, v) {
                    if key == "subject" && text.trim().contains('\n') {
                        let d = self
                            .doc
                            .diag_span(Code::BadValue, v.span, "`subject` must be one line")
                            .help("put details in the body; keep the subject to one line");
                        self.push(d);
                    }
                    if key == "id" {
                        self.id(v, text);
                    }
                    self.max_chars(key, def, v, text);
                }
            }
            Kind::List => self.list(key, v),
            Kind::Datetime => {
                self.datetime(key, v);
            }
            Kind::Person => self.person(key, v, true),
            Kind::Status => self.status(v),
            Kind::Priority => self.priority(v),
            Kind::Acks => self.acks(v),
            Kind::Actions => self.actions(v),
            Kind::Outcome => self.outcome(key, v),
            Kind::Progress => self.progress(key, v),
            Kind::Accepted => self.mapping(key, v, ACCEPTED_KEYS, "the acceptance"),
            Kind::Confirmation => self.mapping(key, v, CONFIRMATION_KEYS, "the confirmation"),
            Kind::Attachments => self.attachments(key, v),
            Kind::Approvals => self.approvals(v),
            Kind::Classification => self.classification(key, v),
            Kind::Satisfaction => self.satisfaction(key, v),
            Kind::Corrections => self.corrections(key, v),
            Kind::Flag => self.flag(key, v),
        }
        self.controlled(key, v);
    }

    /// `satisfaction`: a whole number from 1 to 5 (`bad-satisfaction`).
    fn satisfaction(&mut self, key: &str, v: &Node) {
        if left_in(v) {
            return;
        }
        if v.as_str().and_then(crate::model::measures::satisfaction).is_none() {
            let shown = v.as_str().map_or_else(|| v.kind_name().to_string(), |t| format!("`{}`", t.trim()));
            let d = self
                .doc
                .diag_span(
                    Code::BadSatisfaction,
                    v.span,
                    format!("`{key}` must be a whole number from 1 to 5, not {shown}"),
                )
                .help(format!("write the rating as 1 (very dissatisfied) to 5 (very satisfied), e.g. `{key}: 4`"));
            self.push(d);
        }
    }

    /// `corrections`: a list of `{ at, by, note }`.
    fn corrections(&mut self, key: &str, v: &'a Node) {
        let list = Wrong::new(format!("`{key}` must be a list of `{{ at, by, note }}`"))
            .help(format!("write `{key}: [{{ at: 2026-11-23 10:00, by: 张伟, note: 更正了会议时间 }}]`"));
        let items = self.entry_items(v, list, |n, _| {
            Wrong::new(format!("correction {n} must be `{{ at, by, note }}`"))
                .help("write `- { at: YYYY-MM-DD HH:MM, by: NAME, note: what was corrected }`")
        });
        for (_, item) in items {
            self.mapping(key, item, CORRECTION_KEYS, "a correction");
        }
    }

    /// The items of `v`, a list of mappings: a value that is no list, and
    /// each item that is no mapping, are `bad-value` in `list`'s and
    /// `item`'s words; the mappings come back, each with its number from 1.
    fn entry_items(
        &mut self,
        v: &'a Node,
        list: Wrong,
        item: impl Fn(usize, &Node) -> Wrong,
    ) -> Vec<(usize, &'a Node)> {
        let Some(items) = v.items() else {
            self.wrong(v.span, list);
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for (i, node) in items.iter().enumerate() {
            if node.entries().is_some() {
                out.push((i + 1, node));
            } else {
                let w = item(i + 1, node);
                self.wrong(node.span, w);
            }
        }
        out
    }

    /// A `bad-value` at `span`.
    fn wrong(&mut self, span: Span, w: Wrong) {
        let d = self.doc.diag_span(Code::BadValue, span, w.message);
        self.push(match w.help {
            Some(h) => d.help(h),
            None => d,
        });
    }

    /// A `flag` field: `true` or `false`.
    fn flag(&mut self, key: &str, v: &Node) {
        if left_in(v) {
            return;
        }
        if v.as_str().and_then(crate::model::measures::flag).is_none() {
            let shown = v.as_str().map_or_else(|| v.kind_name().to_string(), |t| format!("`{}`", t.trim()));
            let d = self
                .doc
                .diag_span(Code::BadValue, v.span, format!("`{key}` must be `true` or `false`, not {shown}"))
                .help(format!("write `{key}: true` or leave it out"));
            self.push(d);
        }
    }

    /// An anonymous record (`anonymous: true`) names no `reporter`.
    fn anonymous(&mut self) {
        let anonymous = self.doc.str("anonymous").and_then(crate::model::measures::flag) == Some(true);
        if let Some(e) = self.doc.root.get("reporter")
            && anonymous
            && !is_empty(&e.value)
        {
            let d = self
                .doc
                .diag_span(Code::BadValue, e.value.span, "an anonymous record (`anonymous: true`) names its `reporter`")
                .help("remove `reporter` to keep it anonymous, or remove `anonymous: true`");
            self.push(d);
        }
    }

    /// `unknown-channel`, `forbidden-channel` and `channel-scope`: a
    /// record's `channel` against the registry (`channels` in comms.yaml).
    fn channel(&mut self, ty: Option<&RecordType>) {
        let registry = &self.cx.config.channels;
        if registry.is_empty() {
            return;
        }
        let Some(entry) = self.doc.root.get("channel") else { return };
        let v = &entry.value;
        let Some(text) = v.as_str().map(str::trim).filter(|t| !t.is_empty()) else { return };
        if left_in(v) {
            return;
        }
        let scope = ty.and_then(|t| t.scope);
        let usable = || registry.usable(scope).map(|c| format!("`{}`", c.name)).collect::<Vec<_>>().join(", ");
        let Some(channel) = registry.get(text) else {
            let help = match crate::model::suggest::closest(text, registry.names()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("use a registered channel ({}), or add `{text}` to `channels` in comms.yaml", usable()),
            };
            let d = self
                .doc
                .diag_span(Code::UnknownChannel, v.span, format!("channel `{text}` is not in the channel registry"))
                .help(help);
            self.push(d);
            return;
        };
        if channel.forbidden {
            let why = channel.use_.as_deref().map(|u| format!(" ({u})")).unwrap_or_default();
            let d = self
                .doc
                .diag_span(
                    Code::ForbiddenChannel,
                    v.span,
                    format!("channel `{}` is forbidden for business communication{why}", channel.name),
                )
                .help(format!("use a registered channel instead: {}", usable()));
            self.push(d);
            return;
        }
        if let (Some(record), Some(ty)) = (scope, ty)
            && !channel.scope.carries(record)
        {
            let d = self
                .doc
                .diag_span(
                    Code::ChannelScope,
                    v.span,
                    format!(
                        "channel `{}` is registered for {} communication only; `{}` records are {} communication",
                        channel.name,
                        channel.scope.as_str(),
                        ty.name,
                        record.as_str()
                    ),
                )
                .help(format!("use a channel for {} communication: {}", record.as_str(), usable()));
            self.push(d);
        }
    }

    /// `classification`: public, internal or confidential (公开/内部/机密).
    fn classification(&mut self, key: &str, v: &'a Node) {
        if left_in(v) {
            return;
        }
        let Some(text) = self.text(key, v) else { return };
        if Classification::parse(text, &self.cx.catalog.lexicon.classification).is_none() {
            let words = crate::model::classification::CLASSIFICATIONS;
            let help = match crate::model::suggest::closest(text.trim(), words.iter().copied()) {
                Some(best) => {
                    format!("did you mean `{best}`? The values are public, internal, confidential (公开, 内部, 机密)")
                }
                None => "write public, internal or confidential (公开, 内部, 机密)".to_string(),
            };
            let d = self
                .doc
                .diag_span(Code::BadValue, v.span, format!("unknown classification `{}`", text.trim()))
                .help(help);
            self.push(d);
        }
    }

    /// Controlled values (`values` of comms.yaml): each value of a listed
    /// field (each item of a list), trimmed, is one of the allowed ones.
    fn controlled(&mut self, key: &str, v: &Node) {
        let Some(allowed) = self.cx.config.values.get(key) else { return };
        let nodes: Vec<&Node> = match v.items() {
            Some(items) => items.iter().collect(),
            None => vec![v],
        };
        for n in nodes {
            let Some(text) = n.as_str() else { continue };
            let t = text.trim();
            if t.is_empty() || left_in(n) || allowed.iter().any(|a| a == t) {
                continue;
            }
            let list = allowed.iter().map(|a| format!("`{a}`")).collect::<Vec<_>>().join(", ");
            let help = match crate::model::suggest::closest(t, allowed.iter().map(String::as_str)) {
                Some(best) => format!("did you mean `{best}`? The allowed values are {list}"),
                None => format!("the allowed values are {list} (`values.{key}` in comms.yaml)"),
            };
            let d = self
                .doc
                .diag_span(Code::BadValue, n.span, format!("`{key}` has `{t}`, which is not one of the allowed values"))
                .help(help);
            self.push(d);
        }
    }

    fn unknown_field(&mut self, ty: Option<&'a RecordType>, entry: &Entry, within: &str) {
        let key = entry.key.as_str();
        let help = if let Some(k) = self.cx.catalog.key_for_label(ty, key) {
            format!("did you mean `{k}`? (`{key}` is its label; keys are written in English)")
        } else if let Some(best) = crate::model::suggest::closest(key, self.cx.catalog.known_keys(ty)) {
            format!("did you mean `{best}`?")
        } else {
            match ty {
                Some(t) => {
                    format!("no `{}` record declares it; see `comms templates {}` for the fields", t.name, t.name)
                }
                None => "see `comms templates` for the fields of each type".to_string(),
            }
        };
        let d =
            self.doc.diag_span(Code::UnknownField, entry.key_span, format!("unknown field `{key}`{within}")).help(help);
        self.push(d);
    }

    /// A one-line text value; a list or mapping is `bad-value`.
    fn text(&mut self, key: &str, v: &'a Node) -> Option<&'a str> {
        match v.as_str() {
            Some(t) => Some(t),
            None => {
                let d = self
                    .doc
                    .diag_span(Code::BadValue, v.span, format!("`{key}` must be text, not {}", v.kind_name()))
                    .help(format!("write one value, e.g. `{key}: …`; lists belong in fields such as `to` or `cc`"));
                self.push(d);
                None
            }
        }
    }

    fn list(&mut self, key: &str, v: &Node) {
        if let Some(items) = v.items() {
            for item in items {
                if item.as_str().is_none() {
                    let d = self.doc.diag_span(
                        Code::BadValue,
                        item.span,
                        format!("each entry of `{key}` must be text, not {}", item.kind_name()),
                    );
                    self.push(d);
                }
            }
        } else if v.entries().is_some() {
            let d = self
                .doc
                .diag_span(Code::BadValue, v.span, format!("`{key}` must be text or a list, not a mapping"))
                .help(format!("write `{key}: [a, b]`"));
            self.push(d);
        }
    }

    fn id(&mut self, v: &Node, text: &str) {
        let t = text.trim();
        if !t.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) || t.starts_with(['-', '.']) {
            let d = self
                .doc
                .diag_span(
                    Code::BadId,
                    v.span,
                    format!("id `{t}` has characters that do not fit in a file name or on a command line"),
                )
                .help("use ASCII letters, digits, `-`, `_` or `.`, e.g. `20261122-7f3a` (what `comms new` writes)");
            self.push(d);
        }
    }

    fn max_chars(&mut self, key: &str, def: &FieldDef, v: &Node, text: &str) {
        let Some(max) = def.max_chars else { return };
        let n = text.trim().chars().count();
        if n > max {
            let code = if key == "summary" { Code::SummaryTooLong } else { Code::TooLong };
            let d = self
                .doc
                .diag(code, v.span.start, format!("`{key}` is {n} characters, over the limit of {max}"))
                .help("shorten it and move the details into the body");
            self.push(d);
        }
    }

    /// Checks a datetime value; returns it when it is exact.
    fn datetime(&mut self, key: &str, v: &Node) -> Option<Instant> {
        if left_in(v) {
            return None;
        }
        let Some(text) = v.as_str() else {
            let d = self.doc.diag_span(
                Code::BadValue,
                v.span,
                format!("`{key}` must be a datetime such as `2026-11-23 17:00`, not {}", v.kind_name()),
            );
            self.push(d);
            return None;
        };
        let t = text.trim();
        let tz = self.cx.config.timezone;
        match time::parse(t, tz) {
            Ok(i) => Some(i),
            Err(e) => {
                let is_deadline = key == "deadline";
                let vague = is_deadline && vague_deadline(t, &self.cx.catalog.lexicon.vague_deadlines);
                let d = match e {
                    _ if vague => self
                        .doc
                        .diag_span(Code::VagueDeadline, v.span, format!("deadline `{t}` is not a time"))
                        .help("write the exact time it is due as YYYY-MM-DD HH:MM, e.g. `2026-11-23 17:00`"),
                    DateError::DateOnly { suggest } => self
                        .doc
                        .diag_span(Code::DateOnly, v.span, format!("`{key}` has a date but no time: `{t}`"))
                        .help(format!("add the time of day, e.g. `{suggest}`")),
                    DateError::NotCanonical { suggest } => self
                        .doc
                        .diag_span(
                            Code::BadDatetime,
                            v.span,
                            format!("`{key}` is not written as YYYY-MM-DD HH:MM: `{t}`"),
                        )
                        .help(format!("write `{suggest}`")),
                    other => self.doc.diag_span(Code::BadDatetime, v.span, format!("`{key}` `{t}` {other}")).help(
                        "write an exact time as YYYY-MM-DD HH:MM (24 h), optionally with an offset such as ` +08:00`",
                    ),
                };
                self.push(d);
                None
            }
        }
    }

    fn person(&mut self, key: &str, v: &Node, strict: bool) {
        if left_in(v) {
            return;
        }
        if let Some(items) = v.items() {
            let d = if items.len() > 1 {
                self.doc
                    .diag_span(
                        Code::MultipleOwners,
                        v.span,
                        format!("`{key}` lists {} people; one task has exactly one owner", items.len()),
                    )
                    .help("keep one owner; put the others in `cc`, or give each an action item of their own")
            } else {
                let name = items.first().and_then(Node::as_str).unwrap_or("…");
                self.doc
                    .diag_span(Code::BadValue, v.span, format!("`{key}` must be one name, not a list"))
                    .help(format!("write `{key}: {name}`"))
            };
            self.push(d);
            return;
        }
        let Some(text) = v.as_str() else {
            let d =
                self.doc.diag_span(Code::BadValue, v.span, format!("`{key}` must be one name, not {}", v.kind_name()));
            self.push(d);
            return;
        };
        let name = text.trim();
        let lex = &self.cx.catalog.lexicon;
        let parts = split_owners(name, &lex.owner_separators);
        if parts.len() > 1 {
            let d = self
                .doc
                .diag_span(
                    Code::MultipleOwners,
                    v.span,
                    format!(
                        "`{key}` names {} people ({}); one task has exactly one owner",
                        parts.len(),
                        parts.join(", ")
                    ),
                )
                .help("keep one owner; put the others in `cc`, or give each an action item of their own");
            self.push(d);
            return;
        }
        if lex.vague_owners.iter().any(|w| w.eq_ignore_ascii_case(name)) {
            let d = self
                .doc
                .diag_span(Code::VagueOwner, v.span, format!("`{key}` `{name}` names nobody in particular"))
                .help(format!("name the one person responsible, e.g. `{key}: 张伟`"));
            self.push(d);
            return;
        }
        if strict
            && (self.cx.config.people.is_department(name)
                || (self.cx.config.people.resolve(name).is_none()
                    && lex.group_suffixes.iter().any(|s| name.ends_with(s.as_str()))))
        {
            let d = self
                .doc
                .diag_span(Code::VagueOwner, v.span, format!("`{key}` `{name}` is a department or group, not a person"))
                .help("name the one person in it who is responsible");
            self.push(d);
            return;
        }
        if !self.cx.config.people.is_empty() && self.cx.config.people.resolve(name).is_none() {
            let all = self
                .cx
                .config
                .people
                .iter()
                .flat_map(|p| std::iter::once(p.name.as_str()).chain(p.aliases.iter().map(String::as_str)));
            let help = match crate::model::suggest::closest(name, all) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("add `- {{ name: {name}, department: … }}` under `people:` in comms.yaml"),
            };
            let d = self
                .doc
                .diag_span(
                    Code::UnknownPerson,
                    v.span,
                    format!("`{name}` is not in the people directory of comms.yaml"),
                )
                .help(help);
            self.push(d);
        }
    }

    fn status(&mut self, v: &Node) {
        if left_in(v) {
            return;
        }
        let Some(text) = v.as_str() else {
            let d = self.doc.diag_span(
                Code::BadStatus,
                v.span,
                format!("`status` must be one value, not {}", v.kind_name()),
            );
            self.push(d);
            return;
        };
        let t = text.trim();
        if self.cx.catalog.status(t).is_some() {
            return;
        }
        let lex = &self.cx.catalog.lexicon.status;
        let words = crate::model::record::Status::ALL
            .iter()
            .map(|s| s.as_str())
            .chain(lex.values().flatten().map(String::as_str));
        let help = match crate::model::suggest::closest(t, words) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "use open, in-progress, done, delayed or cancelled (or 待处理, 处理中, 已完成, 延期, 已取消)"
                .to_string(),
        };
        let d = self.doc.diag_span(Code::BadStatus, v.span, format!("unknown status `{t}`")).help(help);
        self.push(d);
    }

    fn priority(&mut self, v: &Node) {
        if left_in(v) {
            return;
        }
        let text = v.as_str().map(str::trim).unwrap_or("");
        if self.cx.catalog.priority(text).is_some() {
            return;
        }
        let d = self
            .doc
            .diag_span(Code::BadPriority, v.span, format!("unknown priority `{text}`"))
            .help("use high, medium or low (高, 中, 低)");
        self.push(d);
    }

    fn acks(&mut self, v: &'a Node) {
        let list = Wrong::new("`acks` must be a list of `{ by: NAME, at: YYYY-MM-DD HH:MM }`");
        let items = self.entry_items(v, list, |_, _| {
            Wrong::new("each acknowledgement is `{ by: NAME, at: YYYY-MM-DD HH:MM }`")
                .help("`comms ack ID` writes one for you")
        });
        for (_, item) in items {
            let Some(entries) = item.entries() else { continue };
            for key in ["by", "at"] {
                match item.get(key) {
                    None => {
                        let d = self
                            .doc
                            .diag(Code::MissingField, item.span.start, format!("an acknowledgement has no `{key}`"))
                            .help("write `{ by: NAME, at: YYYY-MM-DD HH:MM }`");
                        self.push(d);
                    }
                    Some(e) if is_empty(&e.value) => {
                        let d = self.doc.diag(
                            Code::EmptyField,
                            e.key_span.start,
                            format!("an acknowledgement has an empty `{key}`"),
                        );
                        self.push(d);
                    }
                    Some(e) if key == "by" => self.person("by", &e.value, false),
                    Some(e) => {
                        self.datetime("at", &e.value);
                    }
                }
            }
            for e in entries.iter().filter(|e| e.key != "by" && e.key != "at") {
                let d = self
                    .doc
                    .diag_span(
                        Code::UnknownField,
                        e.key_span,
                        format!("unknown field `{}` in an acknowledgement", e.key),
                    )
                    .help("an acknowledgement has `by` and `at`");
                self.push(d);
            }
        }
    }

    /// `approvals`: a list of `{ by, at, decision, note }`.
    fn approvals(&mut self, v: &'a Node) {
        const SHAPE: &str = "`{ by: NAME, at: YYYY-MM-DD HH:MM, decision: approved }`";
        let list =
            Wrong::new(format!("`approvals` must be a list of {SHAPE}")).help("`comms approve ID` writes one for you");
        let items = self.entry_items(v, list, |_, _| {
            Wrong::new(format!("each approval is {SHAPE}"))
                .help("`comms approve ID` (or `--reject`) writes one for you")
        });
        for (_, item) in items {
            let Some(entries) = item.entries() else { continue };
            for key in ["by", "at", "decision"] {
                match item.get(key) {
                    None => {
                        let d = self
                            .doc
                            .diag(Code::MissingField, item.span.start, format!("an approval has no `{key}`"))
                            .help(format!("write {SHAPE} (decision: approved or rejected, 批准 or 驳回)"));
                        self.push(d);
                    }
                    Some(e) if is_empty(&e.value) => {
                        let d = self.doc.diag(
                            Code::EmptyField,
                            e.key_span.start,
                            format!("an approval has an empty `{key}`"),
                        );
                        self.push(d);
                    }
                    Some(e) if key == "by" => self.person("by", &e.value, false),
                    Some(e) if key == "at" => {
                        self.datetime("at", &e.value);
                    }
                    Some(e) => {
                        let text = e.value.as_str().map(str::trim);
                        if text.is_none_or(|t| self.cx.catalog.decision(t).is_none()) {
                            let shown = text.map_or_else(|| e.value.kind_name().to_string(), |t| format!("`{t}`"));
                            let d = self
                                .doc
                                .diag_span(Code::BadValue, e.value.span, format!("unknown approval decision {shown}"))
                                .help("write `decision: approved` or `decision: rejected` (批准 or 驳回)");
                            self.push(d);
                        }
                    }
                }
            }
            if let Some(e) = item.get("note")
                && !is_empty(&e.value)
            {
                self.text("note", &e.value);
            }
            for e in entries.iter().filter(|e| !["by", "at", "decision", "note"].contains(&e.key.as_str())) {
                let d = self
                    .doc
                    .diag_span(Code::UnknownField, e.key_span, format!("unknown field `{}` in an approval", e.key))
                    .help("an approval has `by`, `at`, `decision` and `note`");
                self.push(d);
            }
        }
    }

    /// `sent-without-approval`, `approval-rejected`, `approver-not-qualified`
    /// (the steps of `approval` in comms.yaml) and `not-allowed-to-publish`
    /// (its `publish`).
    fn approval(&mut self) {
        use crate::model::approval::{self, Decision, State};
        let (doc, config, catalog) = (self.doc, self.cx.config, self.cx.catalog);
        for (node, audience, departments) in approval::not_allowed(doc, config) {
            let from = doc.str("from").map(str::trim).filter(|f| !f.is_empty());
            let who = match from {
                Some(f) => format!("this record is from {f}"),
                None => "this record has no `from`".to_string(),
            };
            let d = doc
                .diag_span(
                    Code::NotAllowedToPublish,
                    node.span,
                    format!(
                        "only {} may address `{audience}` (`publish` in comms.yaml); {who}",
                        departments.join(", ")
                    ),
                )
                .help(format!(
                    "ask {} to send it, or address the departments concerned instead of `{audience}`",
                    departments.join(" or ")
                ));
            self.push(d);
        }
        let required = approval::required(doc, config, catalog);
        if required.is_empty() {
            return;
        }
        let list = approval::approvals(doc, config, catalog);
        for a in &list {
            let qualified = required.iter().any(|(_, s)| approval::can_fill(s, a.by, doc, config));
            if !qualified && let Some(by) = a.node.get("by") {
                let steps: Vec<String> =
                    required.iter().map(|(_, s)| approval::describe_with_holders(s, doc, config)).collect();
                let d = doc
                    .diag_span(
                        Code::ApproverNotQualified,
                        by.value.span,
                        format!("`{}` cannot fill any approval step this record needs", a.by.trim()),
                    )
                    .help(format!("the steps are {}; the approval must be theirs", steps.join("; ")));
                self.push(d);
            }
        }
        let Some(sent_entry) = doc.root.get("sent") else { return };
        let Some(sent) = approval::sent(doc, config) else { return };
        let tz = config.timezone;
        for (n, step) in &required {
            if let Some(latest) = approval::latest(step, &list, doc, config, None)
                && latest.decision == Some(Decision::Rejected)
            {
                let at = latest.node.get("decision").map_or(latest.node.span, |e| e.value.span);
                let d = doc
                    .diag_span(
                        Code::ApprovalRejected,
                        at,
                        format!(
                            "{} rejected approval step {n} {} and the record is sent",
                            latest.by.trim(),
                            step.describe()
                        ),
                    )
                    .help("withdraw it (remove `sent`), revise it and have it approved again with `comms approve ID`");
                self.push(d);
                continue;
            }
            if approval::state(step, &list, doc, config, Some(sent)) != State::Approved {
                let d = doc
                    .diag_span(
                        Code::SentWithoutApproval,
                        sent_entry.value.span,
                        format!(
                            "sent {} without approval step {n} {}",
                            sent.display(tz),
                            approval::describe_with_holders(step, doc, config)
                        ),
                    )
                    .help("an approval counts when it is at or before `sent`: approve first (`comms approve ID`), then `comms send ID`");
                self.push(d);
            }
        }
    }

    fn actions(&mut self, v: &'a Node) {
        let Some(items) = v.items() else {
            let d = self
                .doc
                .diag_span(Code::BadValue, v.span, "`actions` must be a list of action items")
                .help("write each item as `- task: …` with `owner`, `deadline` and `status`");
            self.push(d);
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let n = i + 1;
            let Some(entries) = item.entries() else {
                let d = self
                    .doc
                    .diag_span(
                        Code::BadValue,
                        item.span,
                        format!("action {n} must be a mapping with `task`, `owner`, `deadline` and `status`"),
                    )
                    .help("write `- task: …` then `owner: …`, `deadline: …`, `status: open` on the lines below");
                self.push(d);
                continue;
            };
            for &(key, kind, required) in ACTION_KEYS {
                match item.get(key) {
                    None if required => {
                        let d = self
                            .doc
                            .diag(Code::MissingField, item.span.start, format!("action {n} has no `{key}`"))
                            .help(format!("add `{key}: …` to this action item"));
                        self.push(d);
                    }
                    None => {}
                    Some(e) if is_empty(&e.value) && required => {
                        let d = self
                            .doc
                            .diag(Code::EmptyField, e.key_span.start, format!("action {n} has an empty `{key}`"))
                            .width(key.len());
                        self.push(d);
                    }
                    Some(e) if is_empty(&e.value) => {}
                    Some(e) => match kind {
                        Kind::Person => self.person(key, &e.value, true),
                        Kind::Datetime => {
                            self.datetime(key, &e.value);
                        }
                        Kind::Status => self.status(&e.value),
                        Kind::Acks => self.acks(&e.value),
                        _ => {
                            self.text(key, &e.value);
                        }
                    },
                }
            }
            for e in entries.iter().filter(|e| !ACTION_KEYS.iter().any(|(k, _, _)| *k == e.key)) {
                let help = match crate::model::suggest::closest(&e.key, ACTION_KEYS.iter().map(|(k, _, _)| *k)) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => {
                        "an action item has task, owner, deadline, status, deliverable, closed and acks".to_string()
                    }
                };
                let d = self
                    .doc
                    .diag_span(Code::UnknownField, e.key_span, format!("unknown field `{}` in action {n}", e.key))
                    .help(help);
                self.push(d);
            }
        }
    }

    /// `outcome`: achieved, partial or missed (达成/部分达成/未达成).
    fn outcome(&mut self, key: &str, v: &'a Node) {
        if left_in(v) {
            return;
        }
        let Some(text) = self.text(key, v) else { return };
        let aliases = &self.cx.catalog.lexicon.outcome;
        if closing::word(text, closing::OUTCOMES, aliases).is_none() {
            let d = self
                .doc
                .diag_span(Code::BadValue, v.span, format!("unknown outcome `{}`", text.trim()))
                .help("write achieved, partial or missed (达成, 部分达成, 未达成)");
            self.push(d);
        }
    }

    /// `progress`: a whole number from 0 to 100.
    fn progress(&mut self, key: &str, v: &Node) {
        if left_in(v) {
            return;
        }
        if v.as_str().and_then(closing::progress).is_none() {
            let shown = v.as_str().map_or_else(|| v.kind_name().to_string(), |t| format!("`{}`", t.trim()));
            let d = self
                .doc
                .diag_span(Code::BadValue, v.span, format!("`{key}` must be a whole number from 0 to 100, not {shown}"))
                .help(format!("write the per cent done, e.g. `{key}: 50` (the handbooks use 0, 25, 50, 75, 100)"));
            self.push(d);
        }
    }

    /// A mapping field (`accepted`, `confirmation`, an attachment): each
    /// required key present and not empty, each value of its kind, no
    /// other keys. `what` names it in messages ("the acceptance").
    fn mapping(&mut self, key: &str, v: &'a Node, keys: &[(&str, Kind, bool)], what: &str) {
        let shape = keys.iter().map(|(k, _, _)| format!("{k}: …")).collect::<Vec<_>>().join(", ");
        let Some(entries) = v.entries() else {
            let d = self
                .doc
                .diag_span(
                    Code::BadValue,
                    v.span,
                    format!("`{key}` must be a mapping `{{ {shape} }}`, not {}", v.kind_name()),
                )
                .help(format!("write `{key}: {{ {shape} }}`"));
            self.push(d);
            return;
        };
        for &(k, kind, required) in keys {
            match v.get(k) {
                None if required => {
                    let d = self
                        .doc
                        .diag(Code::MissingField, v.span.start, format!("{what} (`{key}`) has no `{k}`"))
                        .help(format!("write `{key}: {{ {shape} }}`"));
                    self.push(d);
                }
                None => {}
                Some(e) if is_empty(&e.value) && required => {
                    let d = self
                        .doc
                        .diag(Code::EmptyField, e.key_span.start, format!("{what} (`{key}`) has an empty `{k}`"))
                        .width(k.len());
                    self.push(d);
                }
                Some(e) if is_empty(&e.value) => {}
                Some(e) => match kind {
                    Kind::Person => self.person(k, &e.value, false),
                    Kind::Datetime => {
                        self.datetime(k, &e.value);
                    }
                    Kind::Confirmation => {
                        if let Some(text) = self.text(k, &e.value)
                            && closing::word(text, closing::CONFIRMATION_KINDS, &self.cx.catalog.lexicon.confirmation)
                                .is_none()
                        {
                            let d = self
                                .doc
                                .diag_span(
                                    Code::BadValue,
                                    e.value.span,
                                    format!("unknown confirmation kind `{}`", text.trim()),
                                )
                                .help("write signed or stamped (签字, 盖章)");
                            self.push(d);
                        }
                    }
                    _ => {
                        self.text(k, &e.value);
                    }
                },
            }
        }
        for e in entries.iter().filter(|e| !keys.iter().any(|(k, _, _)| *k == e.key)) {
            let help = match crate::model::suggest::closest(&e.key, keys.iter().map(|(k, _, _)| *k)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "{what} has {}",
                    keys.iter().map(|(k, _, _)| format!("`{k}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            let d = self
                .doc
                .diag_span(Code::UnknownField, e.key_span, format!("unknown field `{}` in {what} (`{key}`)", e.key))
                .help(help);
            self.push(d);
        }
    }

    /// `attachments`: a list of `{ name, version, link }`; one without a
    /// version is `attachment-without-version`.
    fn attachments(&mut self, key: &str, v: &'a Node) {
        let list = Wrong::new(format!("`{key}` must be a list of `{{ name, version, link }}`"))
            .help(format!("write `{key}: [{{ name: 合同.pdf, version: v2, link: … }}]`"));
        let items = self.entry_items(v, list, |n, item| {
            Wrong::new(format!("attachment {n} must be `{{ name, version, link }}`"))
                .help(format!("write `- {{ name: {}, version: v1, link: … }}`", item.as_str().unwrap_or("…").trim()))
        });
        for (n, item) in items {
            self.mapping(key, item, ATTACHMENT_KEYS, "an attachment");
            let version = item.get("version").filter(|e| !is_empty(&e.value));
            if version.is_none() {
                let name = item.get("name").and_then(|e| e.value.as_str()).map(str::trim).unwrap_or("");
                let at = item.get("version").map_or(item.span, |e| e.key_span);
                let d = self
                    .doc
                    .diag_span(Code::AttachmentWithoutVersion, at, format!("attachment {n} `{name}` has no version"))
                    .help("add `version: v1` (or the file's date or revision), so readers know which copy is meant");
                self.push(d);
            }
        }
    }

    /// Closing the loop, for a record that is done: no action item still
    /// open (`open-actions`), how it ended (`missing-outcome`), the
    /// initiator's acceptance (`unaccepted`), a written confirmation where
    /// comms.yaml asks for one (`missing-confirmation`).
    fn closing(&mut self, ty: Option<&RecordType>) {
        let get = |k: &str| self.doc.root.get(k).filter(|e| !is_empty(&e.value));
        let catalog = self.cx.catalog;
        let people = &self.cx.config.people;
        let status_entry = self.doc.root.get("status");
        let status = status_entry.and_then(|e| e.value.as_str()).and_then(|s| catalog.status(s));
        let done = status == Some(crate::model::record::Status::Done);
        let text_of = |e: Option<&'a Entry>| -> Option<&'a str> {
            e.and_then(|e| e.value.as_str()).map(str::trim).filter(|s| !s.is_empty())
        };

        // `outcome_note` when the outcome is not achieved (any record that
        // says how it ended).
        if let Some(o) = get("outcome")
            && let Some(word) =
                o.value.as_str().and_then(|t| closing::word(t, closing::OUTCOMES, &catalog.lexicon.outcome))
            && word != "achieved"
            && get("outcome_note").is_none()
        {
            let d = self
                .doc
                .diag_span(
                    Code::MissingOutcome,
                    o.value.span,
                    format!("the outcome is `{word}` but `outcome_note` does not say why"),
                )
                .help("add `outcome_note: …` — why the goal was missed and what to do better (未达原因 / 可优化点)");
            self.push(d);
        }
        // `accepted.by` must be the initiator.
        if let Some(acc) = get("accepted")
            && let Some(by) =
                acc.value.get("by").and_then(|e| e.value.as_str()).map(str::trim).filter(|s| !s.is_empty())
            && let Some(initiator) = text_of(get("initiator"))
            && !people.same_person(by, initiator)
        {
            let span = acc.value.get("by").map_or(acc.value.span, |e| e.value.span);
            let d = self
                .doc
                .diag_span(
                    Code::Unaccepted,
                    span,
                    format!(
                        "`accepted` is by {by}, but the initiator is {initiator}: only the initiator accepts the result"
                    ),
                )
                .help(format!(
                    "the initiator runs `comms accept ID` (it writes `accepted: {{ by: {initiator}, at: … }}`)"
                ));
            self.push(d);
        }
        if !done {
            return;
        }
        let Some(status_entry) = status_entry else { return };
        let at = status_entry.value.span;
        let id = self.doc.str("id").unwrap_or("ID").to_string();

        // Action items still open.
        let open: Vec<(usize, String)> = self
            .doc
            .root
            .get("actions")
            .and_then(|e| e.value.items())
            .unwrap_or_default()
            .iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let st = item.get("status")?.value.as_str()?;
                let st = catalog.status(st)?;
                st.is_open().then(|| {
                    let task = item.get("task").and_then(|e| e.value.as_str()).map(str::trim).unwrap_or("");
                    (i + 1, format!("#{} {task} ({})", i + 1, st.as_str()))
                })
            })
            .collect();
        if !open.is_empty() {
            let list = open.iter().map(|(_, t)| t.as_str()).collect::<Vec<_>>().join(", ");
            let cmds = open.iter().map(|(n, _)| format!("`comms done {id}#{n}`")).collect::<Vec<_>>().join(", ");
            let d = self
                .doc
                .diag_span(
                    Code::OpenActions,
                    at,
                    format!(
                        "the record is done but {} still open: {list}",
                        if open.len() == 1 {
                            "1 action item is".to_string()
                        } else {
                            format!("{} action items are", open.len())
                        }
                    ),
                )
                .help(format!(
                    "close them first ({cmds}), or set a dropped one's status to cancelled; then mark the record done"
                ));
            self.push(d);
        }

        let Some(t) = ty else { return };
        if t.outcome_required && get("outcome").is_none() {
            let d = self
                .doc
                .diag_span(Code::MissingOutcome, at, format!("the `{}` record is done but does not say how it ended", t.name))
                .help("add `outcome: achieved` (or partial, missed; 达成/部分达成/未达成), with `outcome_note` when not achieved");
            self.push(d);
        }
        if t.acceptance
            && let (Some(initiator), Some(owner)) = (text_of(get("initiator")), text_of(get("owner")))
            && closing::needs_acceptance(people, initiator, owner)
            && get("accepted").is_none()
        {
            let d = self
                .doc
                .diag_span(
                    Code::Unaccepted,
                    at,
                    format!("the record is done but its initiator {initiator} has not accepted the result"),
                )
                .help(format!("{initiator} checks the result and runs `comms accept {id}`"));
            self.push(d);
        }
        let category = text_of(get("category"));
        if closing::confirmation_required(&self.cx.config.confirmation_required, &t.name, category)
            && get("confirmation").is_none()
        {
            let why = match category {
                Some(c) if self.cx.config.confirmation_required.iter().any(|l| l == c) => format!("category {c}"),
                _ => format!("`{}` records", t.name),
            };
            let d = self
                .doc
                .diag_span(
                    Code::MissingConfirmation,
                    at,
                    format!("the record is done without a written confirmation; comms.yaml requires one for {why}"),
                )
                .help("add `confirmation: { kind: signed, by: NAME, at: YYYY-MM-DD HH:MM, file: … }` (签字 or 盖章)");
            self.push(d);
        }
    }

    /// Template placeholders left in any value, and `{{…}}` in the body.
    /// `[技术部， 财务部]`: one item to YAML, two to whoever typed it.
    fn fullwidth(&mut self) {
        for (item, at) in crate::model::fullwidth::commas(self.doc) {
            let text = item.as_str().unwrap_or_default().trim();
            let fixed: Vec<&str> = text.split(crate::model::fullwidth::COMMA).map(str::trim).collect();
            let pos = self.doc.source.pos(at[0]);
            let d = self
                .doc
                .diag(
                    Code::FullwidthPunctuation,
                    pos,
                    format!("full-width comma `，` (全角逗号) in a list: YAML reads `{text}` as one item"),
                )
                .help(format!("write `{}` with ASCII commas; `comms validate --fix` rewrites it", fixed.join(", ")));
            self.push(d);
        }
    }

    fn placeholders(&mut self, node: &Node) {
        match &node.value {
            Value::Scalar { text, .. } => {
                if is_placeholder(text) {
                    let d = self
                        .doc
                        .diag_span(
                            Code::Placeholder,
                            node.span,
                            format!("template placeholder `{}` is left in", text.trim()),
                        )
                        .help("replace it with the real value");
                    self.push(d);
                }
            }
            Value::Seq { items, .. } => items.iter().for_each(|i| self.placeholders(i)),
            Value::Map { entries, .. } => entries.iter().for_each(|e| self.placeholders(&e.value)),
        }
        if std::ptr::eq(node, &self.doc.root) {
            let body = self.doc.body();
            let mut from = 0;
            while memchr::memchr(b'{', &body.as_bytes()[from..]).is_some()
                && let Some(i) = body[from..].find("{{")
            {
                let start = from + i;
                let Some(j) = body[start..].find("}}") else { break };
                let end = start + j + 2;
                if !body[start..end].contains('\n') {
                    let pos = self.doc.source.pos(self.doc.layout.body_start + start);
                    let d = self
                        .doc
                        .diag(
                            Code::Placeholder,
                            pos,
                            format!("template placeholder `{}` is left in", &body[start..end]),
                        )
                        .width(body[start..end].chars().count());
                    self.push(d);
                }
                from = end;
            }
        }
    }

    /// `minutes-late`: `minutes_sent` after the type's minutes window
    /// (see [`minutes`]), on a record still open. Once the record is done
    /// or cancelled the lateness is history, nothing left to act on: the
    /// report's `minutes_on_time_rate` counts it. Points at the value of
    /// `minutes_sent`.
    fn minutes_late(&mut self, ty: Option<&RecordType>) {
        let Some(ty) = ty else { return };
        if self.doc.str("status").and_then(|s| self.cx.catalog.status(s)).is_some_and(|s| s.is_closed()) {
            return;
        }
        let Some(m) = minutes_window(self.doc, ty, self.cx) else { return };
        let Some(sent) = m.minutes.sent else { return };
        let config = self.cx.config;
        let tz = config.timezone;
        let Some(Judgement::Late { due }) = m.minutes.judge(sent, &config.workdays, tz) else {
            return;
        };
        let Some(sent_entry) = self.doc.root.get(minutes::SENT) else { return };
        let d = self
            .doc
            .diag_span(
                Code::MinutesLate,
                sent_entry.value.span,
                format!(
                    "the minutes were sent {}, {} after they were due ({}): `{}` minutes go out within {} after `{}`",
                    sent.display(tz),
                    time::human_duration(sent.0 - due.0),
                    due.display(tz),
                    ty.name,
                    m.minutes.within,
                    m.from
                ),
            )
            .help(format!(
                "send the next minutes within {} of the meeting; if `minutes_sent` or `{}` is wrong, correct it",
                m.minutes.within, m.from
            ));
        self.push(d);
    }

    /// `late-response` (`responded` after the `respond_within` window) and
    /// `deadline-beyond-sla` (`deadline` after the `resolve_within` one),
    /// both counted from `created`; see [`crate::model::sla`].
    fn sla(&mut self, ty: Option<&RecordType>) {
        // Once a record is done or cancelled, a late first response or a
        // deadline past the window is history, nothing left to act on (as
        // for `minutes-late`): the report's SLA rates count it.
        if self.doc.str("status").and_then(|s| self.cx.catalog.status(s)).is_some_and(|s| s.is_closed()) {
            return;
        }
        let Some((w, created)) = sla_of(self.doc, self.cx, ty) else { return };
        let (config, tz) = (self.cx.config, self.cx.config.timezone);
        let at = |key: &str| {
            let e = self.doc.root.get(key)?;
            Some((e, time::parse(e.value.as_str()?, tz).ok()?))
        };
        if let Some(within) = w.respond_within
            && let Some((e, responded)) = at("responded")
            && let Some(due) = sla::due(created, within, &config.workdays, tz)
            && responded > due
        {
            let d = self
                .doc
                .diag_span(
                    Code::LateResponse,
                    e.value.span,
                    format!(
                        "the first response came {} after the record was created ({}); `sla` in comms.yaml asks for one within {within} (by {})",
                        time::human_duration(responded.0 - created.0),
                        created.display(tz),
                        due.display(tz)
                    ),
                )
                .help("a first reply is due within the window; if `responded` is wrong, correct it");
            self.push(d);
        }
        if let Some(within) = w.resolve_within
            && let Some((e, deadline)) = at("deadline")
            && let Some(due) = sla::due(created, within, &config.workdays, tz)
            && deadline > due
        {
            let d = self
                .doc
                .diag_span(
                    Code::DeadlineBeyondSla,
                    e.value.span,
                    format!(
                        "the deadline {} is later than `sla` in comms.yaml allows: resolved within {within} of its creation, by {}",
                        deadline.display(tz),
                        due.display(tz)
                    ),
                )
                .help(format!(
                    "set the deadline no later than that: `comms set {} deadline=\"{}\"`",
                    id_or_placeholder(self.doc),
                    due.display(tz)
                ));
            self.push(d);
        }
    }

    fn cross_field(&mut self, ty: Option<&RecordType>) {
        let tz = self.cx.config.timezone;
        let get = |k: &str| self.doc.root.get(k);
        let dt = |e: Option<&Entry>| e.and_then(|e| e.value.as_str()).and_then(|s| time::parse(s, tz).ok());
        if let (Some(deadline), Some(created)) = (dt(get("deadline")), dt(get("created")))
            && deadline < created
        {
            let span = get("deadline").map(|e| e.value.span).unwrap_or_default();
            let d = self
                .doc
                .diag_span(
                    Code::DeadlineBeforeCreated,
                    span,
                    format!(
                        "the deadline {} is before the record was created ({})",
                        deadline.display(tz),
                        created.display(tz)
                    ),
                )
                .help("check the date of the deadline, or of `created`");
            self.push(d);
        }
        if let (Some(objection), Some(sent)) = (dt(get("objection_by")), dt(get("minutes_sent")))
            && objection < sent
        {
            let span = get("objection_by").map(|e| e.value.span).unwrap_or_default();
            let d = self
                .doc
                .diag_span(
                    Code::ObjectionBeforeSent,
                    span,
                    format!(
                        "objections are due by {}, before the minutes were sent ({})",
                        objection.display(tz),
                        sent.display(tz)
                    ),
                )
                .help("give readers time after the minutes go out: set `objection_by` after `minutes_sent`");
            self.push(d);
        }
        if let Some(status) = get("status")
            && let Some(s) = status.value.as_str().and_then(|s| self.cx.catalog.status(s))
            && s.is_closed()
            && get("closed").is_none_or(|e| e.value.is_null())
        {
            let d = self
                .doc
                .diag_span(
                    Code::ClosedWithoutTime,
                    status.value.span,
                    format!("the record is {} but has no `closed` time", s.as_str()),
                )
                .help("add `closed: YYYY-MM-DD HH:MM`; `comms done ID` writes it for you");
            self.push(d);
        }
        if let Some(t) = ty
            && !t.subject_prefixes.is_empty()
            && let Some(subject) = get("subject")
            && let Some(text) = subject.value.as_str()
        {
            let text = text.trim();
            let lower = text.to_lowercase();
            if !text.is_empty()
                && !is_placeholder(text)
                && !t.subject_prefixes.iter().any(|p| lower.starts_with(&p.to_lowercase()))
            {
                let list = t.subject_prefixes.iter().map(|p| format!("`{p}`")).collect::<Vec<_>>().join(" or ");
                let d = self
                    .doc
                    .diag_span(
                        Code::UrgentSubject,
                        subject.value.span,
                        format!("subjects of `{}` records start with {list}", t.name),
                    )
                    .help(format!("write `subject: {}{text}`", t.subject_prefixes[0]));
                self.push(d);
            }
        }
    }

    /// `unconfirmed-action`: in a type with `action_acks: true`, an open
    /// action item (open, in progress or delayed) whose owner has no entry
    /// in the item's `acks`. Only in an open record: a closed one is
    /// `open-actions`' business.
    fn action_acks(&mut self, ty: Option<&RecordType>) {
        if !ty.is_some_and(|t| t.action_acks) {
            return;
        }
        let catalog = self.cx.catalog;
        let status = |n: &Node| n.as_str().and_then(|s| catalog.status(s));
        if self.doc.root.get("status").and_then(|e| status(&e.value)).is_some_and(|s| s.is_closed()) {
            return;
        }
        let Some(items) = self.doc.root.get("actions").and_then(|e| e.value.items()) else { return };
        let id = self.doc.str("id").unwrap_or("ID").to_string();
        for (i, item) in items.iter().enumerate() {
            let open = item.get("status").and_then(|e| status(&e.value)).is_some_and(|s| s.is_open());
            let Some(owner) = item.get("owner").filter(|e| !is_empty(&e.value) && !left_in(&e.value)) else { continue };
            let Some(name) = owner.value.as_str().map(str::trim) else { continue };
            if !open || crate::model::confirm::action_accepted(item, self.cx.config) {
                continue;
            }
            let n = i + 1;
            let d = self
                .doc
                .diag_span(
                    Code::UnconfirmedAction,
                    owner.value.span,
                    format!("{name} has not accepted action {n} (each owner confirms their task)"),
                )
                .help(format!(
                    "{name} runs `comms ack {id}#{n}`, which adds `acks: [{{ by: {name}, at: … }}]` to the item"
                ));
            self.push(d);
        }
    }

    fn sections(&mut self, ty: Option<&RecordType>) {
        let Some(t) = ty else { return };
        if t.sections.is_empty() {
            return;
        }
        let wanted: Vec<Vec<&str>> = t.sections.iter().map(|s| s.labels.texts().collect()).collect();
        let missing = body::missing_sections(self.doc.body(), &wanted);
        if missing.is_empty() {
            return;
        }
        let lang = self.cx.config.language;
        // Each missing section by its heading in the repository's language.
        let names: Vec<String> = missing
            .iter()
            .filter_map(|alts| t.sections.iter().find(|s| s.labels.texts().eq(alts.iter().copied())))
            .map(|s| s.labels.get(lang).to_string())
            .collect();
        let line =
            if self.doc.body().trim().is_empty() { self.doc.layout.close_line } else { self.doc.layout.close_line + 1 };
        let pos = Pos { offset: 0, line, col: 1 };
        let list = names.iter().map(|n| format!("`## {n}`")).collect::<Vec<_>>().join(", ");
        let d = self
            .doc
            .diag(
                Code::MissingSection,
                pos,
                format!("the body has no {} section{}", names.join(", "), if names.len() > 1 { "s" } else { "" }),
            )
            .help(format!("add {list} (from the `{}` template)", t.name));
        self.push(d);
    }

    fn contacts(&mut self) {
        let text = &self.doc.source.text;
        let options = self.cx.config.mask;
        let found = contact::find_with(text, options);
        for h in hidden_contacts(self.doc, &found, options) {
            let d = self
                .doc
                .diag_span(
                    Code::UnmaskedContact,
                    h.node.span,
                    format!("{} is written in full, spelled with YAML escapes or across lines", h.found[0].kind.describe()),
                )
                .help(format!(
                    "write the value in plain text with the number masked, `{}`; `comms validate --fix` rewrites it for you",
                    contact::mask_all_with(h.node.as_str().unwrap_or_default(), options).0.escape_debug()
                ));
            self.push(d);
        }
        let more = found.len().saturating_sub(MAX_PER_FILE_AND_RULE);
        for f in found.into_iter().take(MAX_PER_FILE_AND_RULE) {
            let pos = self.doc.source.pos(f.start);
            let d = self
                .doc
                .diag(Code::UnmaskedContact, pos, format!("{} is written in full", f.kind.describe()))
                .width(f.end - f.start)
                .help(format!("write `{}`{}", f.masked, crate::model::diagnostic::FIX_HINT));
            self.push(d);
        }
        // Past the cap, only the count (building 86,000 diagnostics to
        // drop them would be most of the work).
        if more > 0 {
            self.unbuilt.push((Code::UnmaskedContact, more));
        }
    }
}

/// A front-matter scalar whose value holds numbers that its bytes do not
/// show as such: written with escapes (`"139\u00301234..."`), a line
/// continuation (`"1391234\` + newline + `5678"`) or folded over lines.
pub struct HiddenContact<'d> {
    pub node: &'d Node,
    /// Inside a flow collection (`[…]`, `{…}`): a rewrite must quote for it.
    pub in_flow: bool,
    /// The numbers in the value that the scan of the bytes did not find.
    pub found: Vec<contact::Found>,
}

/// The scalars of `doc` holding numbers that `raw` (the scan of the
/// file's bytes) does not account for.
pub fn hidden_contacts<'d>(
    doc: &'d Document,
    raw: &[contact::Found],
    options: contact::Options,
) -> Vec<HiddenContact<'d>> {
    let text = &doc.source.text;
    let mut out = Vec::new();
    let mut stack: Vec<(&Node, bool)> = vec![(&doc.root, false)];
    while let Some((node, in_flow)) = stack.pop() {
        match &node.value {
            Value::Seq { items, flow } => stack.extend(items.iter().rev().map(|n| (n, in_flow || *flow))),
            Value::Map { entries, flow } => stack.extend(entries.iter().rev().map(|e| (&e.value, in_flow || *flow))),
            Value::Scalar { text: value, style } => {
                let (s, e) = (node.span.start.offset, node.span.end.offset.min(text.len()));
                let source = text.get(s..e).unwrap_or_default();
                let escaped = *style == crate::model::yaml::Style::DoubleQuoted && source.contains('\\');
                let multiline =
                    node.span.start.line != node.span.end.line && *style != crate::model::yaml::Style::Literal;
                if !(escaped || multiline)
                    || !value.bytes().any(|b| b.is_ascii_digit() || b == 0xEF || (options.email && b == b'@'))
                {
                    continue;
                }
                let mut seen: Vec<String> = raw
                    .iter()
                    .filter(|f| f.start >= s && f.end <= e)
                    .map(|f| contact::digits(&text[f.start..f.end]))
                    .collect();
                let found: Vec<contact::Found> = contact::find_with(value, options)
                    .into_iter()
                    .filter(|f| {
                        let d = contact::digits(&value[f.start..f.end]);
                        match seen.iter().position(|x| *x == d) {
                            Some(k) => {
                                seen.swap_remove(k);
                                false
                            }
                            None => true,
                        }
                    })
                    .collect();
                if !found.is_empty() {
                    out.push(HiddenContact { node, in_flow, found });
                }
            }
        }
    }
    out
}

/// The errors one value would have in a record of type `ty`, for checking a
/// value before it is written (`comms new --owner …`, prompts). `yaml` is
/// the value as it would be written after `key: `.
pub fn check_value(cx: &RuleContext, ty: &RecordType, key: &str, yaml: &str) -> Vec<Diagnostic> {
    check_value_among(cx, ty, &[(key, yaml)], key)
}

/// The errors of `key`'s value in a record of type `ty` holding only
/// `pairs` (key, YAML value): the rules across fields see the others
/// (`to` with its `from`).
pub fn check_value_among(cx: &RuleContext, ty: &RecordType, pairs: &[(&str, &str)], key: &str) -> Vec<Diagnostic> {
    let mut text = format!("---\ntype: {}\n", ty.name);
    let mut line = 0;
    for (k, v) in pairs {
        if *k == key {
            line = text.lines().count() + 1;
        }
        text.push_str(&format!("{k}: {v}\n"));
    }
    text.push_str("---\n");
    let Some(yaml) = pairs.iter().find(|(k, _)| *k == key).map(|(_, v)| *v) else { return Vec::new() };
    let Ok(doc) = Document::parse(std::path::Path::new("value"), text.into_bytes()) else {
        return vec![Diagnostic::new(Code::BadValue, "value", 3, 1, format!("`{key}` cannot be written as `{yaml}`"))];
    };
    check(&doc, cx)
        .into_iter()
        .filter(|d| {
            d.line as usize == line
                && d.severity == crate::model::diagnostic::Severity::Error
                && d.code != Code::Placeholder
        })
        .collect()
}

/// `unacknowledged`: an open record of a type listed in `ack_within`
/// (comms.yaml) that nobody has acknowledged that long after its `created`
/// time, at `now`. Points at `acks` when the key is written, else at
/// `created`. Records without a readable `created` are not judged, nor
/// records with expected confirmers: those are [`unconfirmed`]'s.
pub fn unacknowledged(doc: &Document, cx: &RuleContext, now: Instant) -> Option<Diagnostic> {
    let config = cx.config;
    if config.ack_within.is_empty() {
        return None;
    }
    let ty = cx.catalog.get(doc.str("type")?)?;
    let within = *config.ack_within.get(&ty.name)?;
    if doc.str("status").and_then(|s| cx.catalog.status(s)).is_some_and(|s| s.is_closed()) {
        return None;
    }
    let acks = doc.root.get("acks");
    let acked = acks.and_then(|e| e.value.items()).is_some_and(|items| {
        items.iter().any(|a| a.get("by").and_then(|b| b.value.as_str()).is_some_and(|b| !b.trim().is_empty()))
    });
    if acked || !crate::model::confirm::expected(doc, config).is_empty() {
        return None;
    }
    let created_entry = doc.root.get("created")?;
    let created = time::parse(created_entry.value.as_str()?, config.timezone).ok()?;
    let due = within.after(created, &config.workdays, config.timezone)?;
    if now <= due {
        return None;
    }
    let span = acks.map_or(created_entry.key_span, |e| e.key_span);
    let d = doc
        .diag_span(
            Code::Unacknowledged,
            span,
            format!(
                "nobody has acknowledged this `{}` record {} after it was created; comms.yaml asks for it within {within}",
                ty.name,
                time::human_duration(now.0 - created.0)
            ),
        )
        .help("whoever read it runs `comms ack ID` (or add `acks: [{ by: NAME, at: YYYY-MM-DD HH:MM }]`)");
    Some(d)
}

/// A record's minutes as the minutes rules read them: the window and
/// sending time ([`Minutes`]), the field the window counts from (the
/// rule's `after` field) and that field's entry.
struct MinutesOf<'d> {
    minutes: Minutes,
    from: &'d str,
    from_entry: Option<&'d Entry>,
}

/// The minutes of `doc`, when its type `ty` has a minutes rule
/// ([`minutes::rule`]).
fn minutes_window<'d>(doc: &'d Document, ty: &'d RecordType, cx: &RuleContext) -> Option<MinutesOf<'d>> {
    let rule = minutes::rule(ty)?;
    let tz = cx.config.timezone;
    let dt = |key: &str| doc.root.get(key).and_then(|e| e.value.as_str()).and_then(|s| time::parse(s, tz).ok());
    let from = rule.after();
    let minutes = Minutes { start: dt(from), within: rule.within, sent: dt(minutes::SENT) };
    Some(MinutesOf { minutes, from, from_entry: doc.root.get(from) })
}

/// `minutes-not-sent`: a record whose type has a minutes rule (meetings:
/// 2 working days after `held`), not cancelled, with no `minutes_sent`
/// when `now` is past the window. Points at the field the window counts
/// from (`held`).
pub fn minutes_not_sent(doc: &Document, cx: &RuleContext, now: Instant) -> Option<Diagnostic> {
    let ty = cx.catalog.get(doc.str("type")?)?;
    if doc.str("status").and_then(|s| cx.catalog.status(s)) == Some(crate::model::record::Status::Cancelled) {
        return None;
    }
    let m = minutes_window(doc, ty, cx)?;
    let tz = cx.config.timezone;
    let Judgement::NotSent { due } = m.minutes.judge(now, &cx.config.workdays, tz)? else {
        return None;
    };
    let entry = m.from_entry?;
    let d = doc
        .diag_span(
            Code::MinutesNotSent,
            entry.key_span,
            format!(
                "no `minutes_sent`: the minutes were due {} ({} after `{}`), {} ago",
                due.display(tz),
                m.minutes.within,
                m.from,
                time::human_duration(now.0 - due.0)
            ),
        )
        .help(format!(
            "send the minutes, then write when: `comms set {} minutes_sent=now`",
            doc.str("id").unwrap_or("ID")
        ));
    Some(d)
}

/// The `sla` windows of a document (its channel's, else its type's, else
/// `default`) and its `created` time, the windows' start; `None` without
/// `sla`, a known type or a readable `created`.
fn sla_of(doc: &Document, cx: &RuleContext, ty: Option<&RecordType>) -> Option<(sla::Windows, Instant)> {
    let config = cx.config;
    if config.sla.is_empty() {
        return None;
    }
    let w = config.sla.windows(&ty?.name, doc.str("channel"));
    if w.respond_within.is_none() && w.resolve_within.is_none() {
        return None;
    }
    let created = time::parse(doc.str("created")?, config.timezone).ok()?;
    Some((w, created))
}

/// The record's id for a command in a help text, else `ID`.
fn id_or_placeholder(doc: &Document) -> &str {
    doc.str("id").map(str::trim).filter(|id| !id.is_empty() && !id.contains(char::is_whitespace)).unwrap_or("ID")
}

/// `no-response`: an open record with no `responded` past the
/// `respond_within` of its `sla` window at `now`. Points at `created`.
pub fn no_response(doc: &Document, cx: &RuleContext, now: Instant) -> Option<Diagnostic> {
    let config = cx.config;
    if config.sla.is_empty() {
        return None;
    }
    let ty = cx.catalog.get(doc.str("type")?);
    let (w, created) = sla_of(doc, cx, ty)?;
    let within = w.respond_within?;
    if doc.str("status").and_then(|s| cx.catalog.status(s)).is_none_or(|s| s.is_closed())
        || doc.root.get("responded").is_some_and(|e| !is_empty(&e.value))
    {
        return None;
    }
    let tz = config.timezone;
    let due = sla::due(created, within, &config.workdays, tz)?;
    if now <= due {
        return None;
    }
    let span = doc.root.get("created")?.key_span;
    let d = doc
        .diag_span(
            Code::NoResponse,
            span,
            format!(
                "no first response {} after the record was created ({}); `sla` in comms.yaml asks for one within {within} (by {})",
                time::human_duration(now.0 - created.0),
                created.display(tz),
                due.display(tz)
            ),
        )
        .help(format!("answer the requester, then record it: `comms set {} responded=now`", id_or_placeholder(doc)));
    Some(d)
}

/// Why a record is stale: when it was last updated, whether that was a
/// log line (else its `created`), and how often its type asks for one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Staleness {
    pub last: Instant,
    pub logged: bool,
    pub every: crate::model::workdays::Span,
}

/// Whether `doc` is stale at `now` (see [`stale`]), and since when.
pub fn staleness(doc: &Document, cx: &RuleContext, now: Instant) -> Option<Staleness> {
    let ty = cx.catalog.get(doc.str("type")?)?;
    let status = cx.catalog.status(doc.str("status")?)?;
    let tz = cx.config.timezone;
    let created = doc.str("created").and_then(|c| time::parse(c, tz).ok());
    let logged = ty.update_every.and_then(|_| crate::model::record::latest_log(doc.body(), ty, tz));
    judge_staleness(ty, status, created, logged, cx, now)
}

/// [`staleness`] of a record's summary, which carries its latest log line
/// (read once, when the record was loaded or cached).
pub fn record_staleness(record: &crate::model::record::Record, cx: &RuleContext, now: Instant) -> Option<Staleness> {
    let ty = cx.catalog.get(&record.rtype)?;
    judge_staleness(ty, record.status?, record.created, record.logged, cx, now)
}

fn judge_staleness(
    ty: &crate::model::types::RecordType,
    status: crate::model::record::Status,
    created: Option<Instant>,
    logged: Option<Instant>,
    cx: &RuleContext,
    now: Instant,
) -> Option<Staleness> {
    let every = ty.update_every?;
    if !matches!(status, crate::model::record::Status::InProgress | crate::model::record::Status::Delayed) {
        return None;
    }
    let (last, logged) = match (logged, created) {
        (Some(l), Some(c)) if l >= c => (l, true),
        (_, Some(c)) => (c, false),
        (Some(l), None) => (l, true),
        (None, None) => return None,
    };
    let due = closing::stale_after(last, every, &cx.config.workdays, cx.config.timezone)?;
    (now > due).then_some(Staleness { last, logged, every })
}

/// `stale`: an in-progress or delayed record of a type with
/// `update_every` whose latest dated line in the log section (else its
/// `created`) is older than that at `now`. Points at the status.
pub fn stale(doc: &Document, cx: &RuleContext, now: Instant) -> Option<Diagnostic> {
    let s = staleness(doc, cx, now)?;
    let ty = cx.catalog.get(doc.str("type")?)?;
    let status_entry = doc.root.get("status")?;
    let tz = cx.config.timezone;
    let since = if s.logged { "the last log entry" } else { "it was created" };
    let d = doc
        .diag_span(
            Code::Stale,
            status_entry.value.span,
            format!(
                "no progress logged for {} since {since} ({}); `{}` records are updated every {}",
                time::human_duration(now.0 - s.last.0),
                s.last.display(tz),
                ty.name,
                s.every
            ),
        )
        .help("log where it stands: `comms log ID \"…\"` (or mark it done, or delayed with a new deadline)");
    Some(d)
}

/// `unconfirmed`: an open record of a type listed in `ack_within`
/// (comms.yaml) with expected confirmers ([`crate::model::confirm`]) of
/// whom some have not confirmed that long after it was `sent` (else
/// `created`), at `now`. Names who has not. Points at `acks` when the key
/// is written, else at `sent`/`created`. A record without expected
/// confirmers is `unacknowledged`'s.
pub fn unconfirmed(doc: &Document, cx: &RuleContext, now: Instant) -> Option<Diagnostic> {
    let config = cx.config;
    if config.ack_within.is_empty() || config.people.is_empty() {
        return None;
    }
    let ty = cx.catalog.get(doc.str("type")?)?;
    let within = *config.ack_within.get(&ty.name)?;
    if doc.str("status").and_then(|s| cx.catalog.status(s)).is_some_and(|s| s.is_closed()) {
        return None;
    }
    let (since_key, since_entry, since) = ["sent", "created"].into_iter().find_map(|key| {
        let e = doc.root.get(key)?;
        let t = time::parse(e.value.as_str()?, config.timezone).ok()?;
        Some((key, e, t))
    })?;
    let due = within.after(since, &config.workdays, config.timezone)?;
    if now <= due {
        return None;
    }
    let cov = crate::model::confirm::coverage(doc, config);
    if cov.missing.is_empty() {
        return None;
    }
    let span = doc.root.get("acks").map_or(since_entry.key_span, |e| e.key_span);
    let what = if since_key == "sent" { "sent" } else { "created" };
    let (n, total) = (cov.missing.len(), cov.expected.len());
    let d = doc
        .diag_span(
            Code::Unconfirmed,
            span,
            format!(
                "{} {} not confirmed this `{}` record ({} of {total} confirmed) {} after it was {what}; comms.yaml asks for it within {within}",
                cov.missing.join(", "),
                if n == 1 { "has" } else { "have" },
                ty.name,
                cov.confirmed(),
                time::human_duration(now.0 - since.0)
            ),
        )
        .help(format!(
            "each of them runs `comms ack {}` (or add `{{ by: NAME, at: YYYY-MM-DD HH:MM }}` to `acks`)",
            doc.str("id").unwrap_or("ID")
        ));
    Some(d)
}

/// `unknown-about`, to be confirmed across records: a feedback's `about`
/// that names no channel of the registry, as a diagnostic that
/// [`crate::check::validation`] keeps when no record has that id either;
/// with the text it names.
pub fn about(doc: &Document, cx: &RuleContext) -> Option<(String, Diagnostic)> {
    let e = doc.root.get("about")?;
    let text = e.value.as_str().map(str::trim).filter(|t| !t.is_empty())?;
    if left_in(&e.value) || cx.config.channels.get(text).is_some() {
        return None;
    }
    let channels = &cx.config.channels;
    // Without a registry a channel's name is free text, as `channel` is:
    // only what is written as an id is held to the records.
    if channels.is_empty() && crate::model::ids::id_in_file_name(text) != Some(text) {
        return None;
    }
    let help = match crate::model::suggest::closest(text, channels.names()) {
        Some(best) => format!("did you mean the channel `{best}`?"),
        None if channels.is_empty() => {
            "no record has this id; write the id of an existing record, or the channel's name".to_string()
        }
        None => format!(
            "write a record's id (e.g. `20261110-9be2`) or a channel of the registry: {}",
            channels.names().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
        ),
    };
    let d = doc
        .diag_span(
            Code::UnknownAbout,
            e.value.span,
            format!("`about: {text}` names neither a channel of the registry nor a record's id"),
        )
        .help(help);
    Some((text.to_string(), d))
}

/// Repository-wide: records sharing an id. `ids` holds, per file, its id
/// and the diagnostic template pointing at the id's value.
pub fn duplicate_ids(ids: &[(String, Diagnostic)]) -> Vec<Diagnostic> {
    let mut by_id: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for (id, at) in ids {
        by_id.entry(id.as_str()).or_default().push(at);
    }
    let mut out = Vec::new();
    for (id, places) in by_id {
        if places.len() < 2 {
            continue;
        }
        for (i, at) in places.iter().enumerate() {
            let others: Vec<&Diagnostic> =
                places.iter().enumerate().filter(|(j, _)| *j != i).map(|(_, d)| *d).collect();
            let mut d = (*at).clone();
            d.code = Code::DuplicateId;
            d.severity = Code::DuplicateId.severity();
            d.message = format!("id `{id}` is also used by");
            d.help = Some("give one of them a new id; `comms new` makes ids that do not collide".into());
            let names: Vec<&str> = others.iter().map(|o| o.path.as_str()).collect();
            let related = others
                .iter()
                .map(|o| Related {
                    path: o.path.clone(),
                    line: o.line,
                    column: o.column,
                    label: Some("another record with this id".into()),
                })
                .collect();
            out.push(d.related(related, &format!(" {}", names.join(", "))));
        }
    }
    out
}

/// Null, blank text or an empty list.
fn is_empty(v: &Node) -> bool {
    v.is_null()
        || v.as_str().is_some_and(|s| s.trim().is_empty())
        || v.items().is_some_and(<[Node]>::is_empty)
        || v.entries().is_some_and(<[Entry]>::is_empty)
}

/// A placeholder value: the `placeholder` rule reports it, other rules
/// leave it alone.
fn left_in(v: &Node) -> bool {
    v.as_str().is_some_and(is_placeholder)
}

/// `<负责人>` as a whole value, or `{{owner}}` anywhere in it.
pub fn is_placeholder(text: &str) -> bool {
    // Most values have neither `<` nor `{`: one pass over the bytes.
    if !text.bytes().any(|b| b == b'<' || b == b'{') {
        return false;
    }
    let t = text.trim();
    (t.len() > 2 && t.starts_with('<') && t.ends_with('>') && !t[1..t.len() - 1].contains(['<', '>']))
        || (t.contains('{') && t.find("{{").is_some_and(|i| t[i..].contains("}}")))
}

/// Whether a deadline text is one of the vague words (尽快, ASAP, 今天内…).
pub fn vague_deadline(text: &str, words: &[String]) -> bool {
    let lower = text.to_lowercase();
    words.iter().any(|w| {
        let w = w.to_lowercase();
        if w.is_ascii() {
            // Whole words only: `eod` but not `geode`.
            lower.split(|c: char| !c.is_ascii_alphanumeric() && c != ' ').any(|part| part.trim() == w)
                || lower.trim() == w
        } else {
            lower.contains(&w)
        }
    })
}

/// The people named in one owner value: split on the separators, and on
/// spaces between two Chinese names (`张伟 李娜`).
pub fn split_owners(name: &str, separators: &[String]) -> Vec<String> {
    // The usual case, one plain name, without allocating a list of parts.
    // One pass over the name's characters: a space, or the character of a
    // one-character separator (most are; one with a space in it, like
    // ` and `, is caught by the space), means there is something to split.
    let single = |sep: &str| {
        let mut cs = sep.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => Some(c),
            _ => None,
        }
    };
    let plain = name.chars().all(|c| !c.is_whitespace() && !separators.iter().any(|s| single(s) == Some(c)))
        && separators
            .iter()
            .filter(|s| single(s).is_none() && !s.contains(char::is_whitespace))
            .all(|s| !name.contains(s.as_str()));
    if plain {
        return if name.trim().is_empty() { Vec::new() } else { vec![name.trim().to_string()] };
    }
    let mut parts = vec![name.to_string()];
    for sep in separators {
        parts = parts.iter().flat_map(|p| p.split(sep.as_str()).map(str::to_string).collect::<Vec<_>>()).collect();
    }
    let cjk =
        |s: &str| !s.is_empty() && s.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c) || c == '·' || c == '*');
    parts = parts
        .iter()
        .flat_map(|p| {
            let words: Vec<&str> = p.split_whitespace().collect();
            if words.len() > 1 && words.iter().all(|w| cjk(w)) {
                words.into_iter().map(str::to_string).collect()
            } else {
                vec![p.clone()]
            }
        })
        .collect();
    parts.into_iter().map(|p| p.trim().to_string()).filter(|p| !p.is_empty()).collect()
}

/// Help for a missing field: the line to add.
fn add_hint(key: &str, def: Option<&FieldDef>, config: &Config) -> String {
    let example = example_value(key, def, config);
    format!("add a line `{key}: {example}` before the closing `---`")
}

fn fill_hint(key: &str, def: Option<&FieldDef>, config: &Config) -> String {
    format!("write a value, e.g. `{key}: {}`", example_value(key, def, config))
}

fn example_value(key: &str, def: Option<&FieldDef>, config: &Config) -> String {
    let lang = config.language;
    let person = || config.people.first().map_or_else(|| tr!(lang, "check-example-person"), |p| p.name.clone());
    match def.map(|d| d.kind) {
        Some(Kind::Datetime) => "2026-11-23 17:00".into(),
        Some(Kind::Status) => "open".into(),
        Some(Kind::Person) => person(),
        Some(Kind::Actions) => format!(
            "[{{ task: {}, owner: {}, deadline: 2026-11-23 17:00, status: open }}]  (one item per action)",
            tr!(lang, "check-example-task"),
            person()
        ),
        _ => match def {
            Some(d) => match &d.hint {
                Some(h) => format!("<{}: {}>", d.label(lang), h.get(lang)),
                None => format!("<{}>", d.label(lang)),
            },
            None => format!("<{key}>"),
        },
    }
}

/// What a value of the wrong shape is told: a sentence, and what to write.
struct Wrong {
    message: String,
    help: Option<String>,
}

impl Wrong {
    fn new(message: impl Into<String>) -> Wrong {
        Wrong { message: message.into(), help: None }
    }

    fn help(mut self, help: impl Into<String>) -> Wrong {
        self.help = Some(help.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Person;
    use std::path::Path;

    /// The same record the integration tests break one way at a time.
    const GOOD: &str = include_str!("../../tests/fixtures/good-urgent.md");

    fn run_with(text: &str, config: &Config) -> Vec<Diagnostic> {
        let catalog = Catalog::builtin().unwrap();
        let doc = Document::parse(Path::new("r.md"), text.as_bytes().to_vec()).unwrap();
        check(&doc, &RuleContext { catalog: &catalog, config })
    }

    fn run(text: &str) -> Vec<Diagnostic> {
        run_with(text, &Config { timezone: chrono_tz::Asia::Shanghai, ..Config::default() })
    }

    /// The codes found, with line and column.
    fn codes(text: &str) -> Vec<(Code, u32, u32)> {
        run(text).into_iter().map(|d| (d.code, d.line, d.column)).collect()
    }

    fn with(line: &str, replacement: &str) -> String {
        assert!(GOOD.contains(line), "{line}");
        GOOD.replacen(line, replacement, 1)
    }

    #[test]
    fn findings_of_one_rule_are_capped_with_a_note_after_the_last_one_shown() {
        let dups: String = (0..150).map(|_| "owner: 李娜\n").collect();
        let diags = run(&with("owner: 张伟\n", &format!("owner: 张伟\n{dups}")));
        let dup: Vec<_> = diags.iter().filter(|d| d.code == Code::DuplicateKey).collect();
        assert_eq!(dup.len(), MAX_PER_FILE_AND_RULE + 1);
        let note = dup.last().unwrap();
        assert_eq!(
            note.message,
            "50 more duplicate-key findings in this file not shown (at most 100 per file and rule)"
        );
        assert_eq!((note.line, note.column), (dup[99].line, dup[99].column));
        // Under the cap, nothing is added.
        let dups: String = (0..100).map(|_| "owner: 李娜\n").collect();
        let diags = run(&with("owner: 张伟\n", &format!("owner: 张伟\n{dups}")));
        assert_eq!(diags.iter().filter(|d| d.code == Code::DuplicateKey).count(), 100);
    }

    #[test]
    fn a_good_record_passes() {
        assert_eq!(codes(GOOD), []);
    }

    #[test]
    fn missing_field() {
        assert_eq!(codes(&with("impact: 二号产线停工,影响当日交付 300 件\n", "")), [(Code::MissingField, 14, 1)]);
    }

    #[test]
    fn empty_field() {
        assert_eq!(codes(&with("owner: 张伟", "owner:")), [(Code::EmptyField, 5, 1)]);
        assert_eq!(codes(&with("owner: 张伟", "owner: \"\"")), [(Code::EmptyField, 5, 8)]);
    }

    #[test]
    fn placeholder() {
        assert_eq!(
            codes(&with("impact: 二号产线停工,影响当日交付 300 件", "impact: <影响范围>")),
            [(Code::Placeholder, 13, 9)]
        );
        assert_eq!(codes(&with("二号产线主轴异响,09:10 停机。", "{{subject}}")), [(Code::Placeholder, 18, 1)]);
        assert!(!is_placeholder("a <b> c"));
    }

    #[test]
    fn bad_value() {
        assert_eq!(codes(&with("project: 二号产线", "project: [a, b]")), [(Code::BadValue, 9, 10)]);
        assert_eq!(
            codes(&with("subject: 【紧急】生产部-设备故障通知", "subject: \"【紧急】a\\nb\"")),
            [(Code::BadValue, 4, 10)]
        );
    }

    #[test]
    fn bad_id() {
        assert_eq!(codes(&with("id: 20261122-7f3a", "id: a/b")), [(Code::BadId, 2, 5)]);
    }

    #[test]
    fn bad_datetime() {
        let d = run(&with("deadline: 2026-11-23 17:00", "deadline: 2026/11/23 17:00"));
        assert_eq!((d[0].code, d[0].line, d[0].column), (Code::BadDatetime, 6, 11));
        assert!(d[0].help.as_deref().unwrap().contains("2026-11-23 17:00"));
        assert_eq!(
            codes(&with("deadline: 2026-11-23 17:00", "deadline: 2026-02-30 17:00")),
            [(Code::BadDatetime, 6, 11)]
        );
    }

    #[test]
    fn vague_deadline_rule() {
        assert_eq!(codes(&with("deadline: 2026-11-23 17:00", "deadline: 尽快")), [(Code::VagueDeadline, 6, 11)]);
        assert_eq!(codes(&with("deadline: 2026-11-23 17:00", "deadline: ASAP")), [(Code::VagueDeadline, 6, 11)]);
        assert_eq!(codes(&with("deadline: 2026-11-23 17:00", "deadline: 今天内")), [(Code::VagueDeadline, 6, 11)]);
    }

    #[test]
    fn date_only() {
        let d = run(&with("deadline: 2026-11-23 17:00", "deadline: 2026-11-23"));
        assert_eq!((d[0].code, d[0].line, d[0].column), (Code::DateOnly, 6, 11));
    }

    #[test]
    fn bad_status() {
        let d = run(&with("status: open", "status: finised"));
        assert_eq!((d[0].code, d[0].line, d[0].column), (Code::BadStatus, 7, 9));
        assert_eq!(codes(&with("status: open", "status: 处理中")), []);
    }

    #[test]
    fn bad_priority() {
        assert_eq!(codes(&with("priority: high", "priority: urgent!")), [(Code::BadPriority, 8, 11)]);
        assert_eq!(codes(&with("priority: high", "priority: 高")), []);
    }

    #[test]
    fn unknown_type() {
        let d = run(&with("type: urgent", "type: urgnet"));
        assert_eq!((d[0].code, d[0].line, d[0].column), (Code::UnknownType, 3, 7));
        assert!(d[0].help.as_deref().unwrap().contains("`urgent`"));
    }

    #[test]
    fn multiple_owners() {
        assert_eq!(codes(&with("owner: 张伟", "owner: 张伟、李娜")), [(Code::MultipleOwners, 5, 8)]);
        assert_eq!(codes(&with("owner: 张伟", "owner: [张伟, 李娜]")), [(Code::MultipleOwners, 5, 8)]);
        assert_eq!(codes(&with("owner: 张伟", "owner: 张伟 李娜")), [(Code::MultipleOwners, 5, 8)]);
        assert_eq!(codes(&with("owner: 张伟", "owner: Zhang Wei")), []);
    }

    #[test]
    fn vague_owner() {
        assert_eq!(codes(&with("owner: 张伟", "owner: 相关部门")), [(Code::VagueOwner, 5, 8)]);
        assert_eq!(codes(&with("owner: 张伟", "owner: TBD")), [(Code::VagueOwner, 5, 8)]);
        assert_eq!(codes(&with("owner: 张伟", "owner: 技术部")), [(Code::VagueOwner, 5, 8)]);
    }

    #[test]
    fn unknown_person() {
        let config = Config::default().with_people(vec![Person { name: "张伟".into(), ..Person::default() }]);
        assert!(run_with(GOOD, &config).is_empty());
        let d = run_with(&with("owner: 张伟", "owner: 张玮"), &config);
        assert_eq!((d[0].code, d[0].line, d[0].column), (Code::UnknownPerson, 5, 8));
        assert!(d[0].help.as_deref().unwrap().contains("张伟"));
    }

    #[test]
    fn duplicate_id() {
        let at = |p: &str| Diagnostic::new(Code::DuplicateId, p, 2, 5, "");
        let out = duplicate_ids(&[("a".into(), at("x.md")), ("a".into(), at("y.md")), ("b".into(), at("z.md"))]);
        assert_eq!(out.len(), 2);
        assert!(out[0].message.contains("y.md"));
        assert!(duplicate_ids(&[("a".into(), at("x.md"))]).is_empty());
    }

    #[test]
    fn unmasked_contact() {
        assert_eq!(codes(&with("二号产线主轴异响,09:10 停机。", "电话 13912345678")), [(Code::UnmaskedContact, 18, 4)]);
        assert_eq!(codes(&with("二号产线主轴异响,09:10 停机。", "电话 139****5678")), []);
    }

    #[test]
    fn deadline_before_created() {
        assert_eq!(
            codes(&with("deadline: 2026-11-23 17:00", "deadline: 2026-11-21 17:00")),
            [(Code::DeadlineBeforeCreated, 6, 11)]
        );
    }

    #[test]
    fn unknown_field() {
        let d = run(&with("project: 二号产线", "projcet: 二号产线"));
        assert_eq!((d[0].code, d[0].line, d[0].column), (Code::UnknownField, 9, 1));
        assert!(d[0].help.as_deref().unwrap().contains("`project`"));
        let d = run(&with("project: 二号产线", "负责人: 二号产线"));
        assert!(d[0].help.as_deref().unwrap().contains("`owner`"));
    }

    #[test]
    fn missing_section() {
        let d = run(&with("## 目标\n11-23 17:00 前恢复生产。\n\n", ""));
        assert_eq!((d[0].code, d[0].line), (Code::MissingSection, 16));
        assert!(d[0].message.contains("目标"));
        assert_eq!(codes(&with("## 目标\n", "## Goal\n")), []);
    }

    #[test]
    fn summary_too_long() {
        let knowledge = |summary: &str| {
            GOOD.replace("type: urgent", "type: knowledge")
                .replace(
                    "impact: 二号产线停工,影响当日交付 300 件\nmeasures: 设备部现场抢修,备用产线启用\n",
                    &format!("summary: {summary}\n"),
                )
                .replace("## 目标", "## 过程与结论")
                .replace("## 行动要求", "## 经验与改进")
        };
        assert_eq!(codes(&knowledge(&"长".repeat(200))), []);
        assert_eq!(codes(&knowledge(&"长".repeat(201))), [(Code::SummaryTooLong, 13, 10)]);
    }

    #[test]
    fn urgent_subject() {
        assert_eq!(
            codes(&with("subject: 【紧急】生产部-设备故障通知", "subject: 生产部-设备故障通知")),
            [(Code::UrgentSubject, 4, 10)]
        );
        assert_eq!(codes(&with("subject: 【紧急】生产部-设备故障通知", "subject: \"[urgent] line 2 down\"")), []);
    }

    #[test]
    fn closed_without_time() {
        // (An urgent record closes with its outcome: `missing-outcome` otherwise.)
        assert_eq!(codes(&with("status: open", "status: done\noutcome: achieved")), [(Code::ClosedWithoutTime, 7, 9)]);
        assert_eq!(codes(&with("status: open", "status: done\noutcome: achieved\nclosed: 2026-11-23 10:00")), []);
    }

    #[test]
    fn duplicate_key() {
        assert_eq!(codes(&with("priority: high", "priority: high\nowner: 李娜")), [(Code::DuplicateKey, 9, 1)]);
    }

    #[test]
    fn yaml_tags_are_unsupported() {
        assert_eq!(codes(&with("project: 二号产线", "project: !ruby/hash 二号产线")), [(Code::YamlUnsupported, 9, 10)]);
    }

    #[test]
    fn action_items_follow_the_same_rules() {
        let meeting = "---
id: m1
type: meeting
subject: 研发延期协调会
owner: 张伟
deadline: 2026-11-25 18:00
status: open
participants: [张伟, 李娜]
actions:
  - task: 提交物料需求清单
    owner: 相关部门
    deadline: 尽快
    status: 进行
  - task: 确认交付时间
    deadline: 2026-11-30 18:00
    status: open
    ownr: 李娜
held: 2026-11-20 14:00
---
## 背景与事由
## 核心讨论点
## 共识与结论
## 反馈记录
";
        let found = codes(meeting);
        assert_eq!(
            found,
            [
                (Code::VagueOwner, 11, 12),
                (Code::VagueDeadline, 12, 15),
                (Code::BadStatus, 13, 13),
                (Code::MissingField, 14, 5),
                (Code::UnknownField, 17, 5)
            ]
        );
    }
}

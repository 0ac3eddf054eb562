//! Property tests of edits in place: on generated records — keys in any
//! order, comments everywhere, every quoting style, block and flow lists and
//! mappings, LF or CRLF, with or without a BOM, Chinese text — any sequence
//! of edits (`set`, action-item edits as `done` makes them, acks, log lines)
//!
//! - changes only the lines of the entry it targets (or only the body, for
//!   a log line): every byte before and after them is the original's;
//! - keeps every other entry, action item and acknowledgement byte for
//!   byte, and every comment, in order;
//! - keeps the BOM and the line endings;
//! - reads back as the values written (and the untouched ones as before).

use std::path::Path;

use comms::edit::editor::Editor;
use comms::model::record::Document;
use comms::model::yaml::{Node, Value, quote_flow_scalar, quote_scalar};
use proptest::prelude::*;

/// Values, chosen to need every kind of quoting.
const TEXTS: &[&str] = &[
    "张伟",
    "李娜",
    "二号产线",
    "【紧急】生产部-设备故障通知",
    "2026-11-23 17:00",
    "处理中",
    "done",
    "a: b",
    "#标签",
    "yes",
    "2026-11-23",
    "it's",
    "say \"hi\"",
    "[x]",
    "a, b",
    "{y}",
    "O'Brien, 王",
    "100% 完成",
    "*女士 139****5678",
    "- dash",
    "两行\n文本",
    "tab\there",
    "back\\slash",
];

const TOP_KEYS: &[&str] =
    &["id", "type", "subject", "owner", "deadline", "status", "priority", "project", "from", "created", "impact"];
const SET_KEYS: &[&str] = &["owner", "status", "deadline", "project", "subject", "closed", "channel", "measures"];
const ACTION_KEYS: &[&str] = &["task", "owner", "deadline", "status", "deliverable", "closed"];

#[derive(Clone, Copy, Debug)]
enum Quote {
    Plain,
    Single,
    Double,
}

#[derive(Clone, Debug)]
struct Scalar {
    text: String,
    quote: Quote,
    comment: bool,
}

#[derive(Clone, Copy, Debug)]
enum AcksShape {
    Null,
    EmptyFlow,
    Flow,
    BlockOfFlow,
    BlockOfBlock,
}

#[derive(Clone, Debug)]
struct ActionSpec {
    flow: bool,
    keys: Vec<(String, Scalar)>,
}

#[derive(Clone, Debug)]
enum EntrySpec {
    Scalar(String, Option<Scalar>),
    To { flow: bool, items: Vec<String> },
    Acks { shape: AcksShape, items: Vec<(String, String)>, comment: bool },
    Actions { flow_list: bool, items: Vec<ActionSpec> },
}

#[derive(Clone, Debug)]
struct BodySpec {
    /// Entries already in the log section; `None`: no log section.
    log: Option<Vec<String>>,
    section_after: bool,
    final_newline: bool,
}

#[derive(Clone, Debug)]
struct Spec {
    entries: Vec<EntrySpec>,
    /// A full-line comment before entry i.
    line_comments: Vec<bool>,
    crlf: bool,
    bom: bool,
    body: BodySpec,
}

#[derive(Clone, Debug)]
enum Op {
    Set(String, String),
    SetAction(usize, String, String),
    Ack(String, String),
    Log(String),
}

fn text() -> impl Strategy<Value = String> {
    prop::sample::select(TEXTS).prop_map(str::to_string)
}

fn scalar() -> impl Strategy<Value = Scalar> {
    (text(), 0..3u8, any::<bool>()).prop_map(|(text, q, comment)| Scalar {
        text,
        quote: [Quote::Plain, Quote::Single, Quote::Double][q as usize],
        comment,
    })
}

fn action() -> impl Strategy<Value = ActionSpec> {
    (any::<bool>(), prop::sample::subsequence(ACTION_KEYS, 1..=ACTION_KEYS.len()), prop::collection::vec(scalar(), 6))
        .prop_flat_map(|(flow, keys, values)| {
            let keys: Vec<(String, Scalar)> = keys.iter().zip(values).map(|(k, v)| (k.to_string(), v)).collect();
            (Just(flow), Just(keys).prop_shuffle())
        })
        .prop_map(|(flow, keys)| ActionSpec { flow, keys })
}

fn entries() -> impl Strategy<Value = Vec<EntrySpec>> {
    let scalars = prop::sample::subsequence(TOP_KEYS, 2..=TOP_KEYS.len()).prop_flat_map(|keys| {
        let n = keys.len();
        (Just(keys), prop::collection::vec(prop::option::weighted(0.9, scalar()), n))
    });
    let to = prop::option::of((any::<bool>(), prop::collection::vec(text(), 1..3)));
    let acks = prop::option::of((0..5u8, prop::collection::vec((text(), text()), 0..3), any::<bool>()));
    let actions = prop::option::of((any::<bool>(), prop::collection::vec(action(), 1..4)));
    (scalars, to, acks, actions)
        .prop_map(|((keys, values), to, acks, actions)| {
            let mut out: Vec<EntrySpec> =
                keys.iter().zip(values).map(|(k, v)| EntrySpec::Scalar(k.to_string(), v)).collect();
            if let Some((flow, items)) = to {
                out.push(EntrySpec::To { flow, items });
            }
            if let Some((shape, items, comment)) = acks {
                let shape = [
                    AcksShape::Null,
                    AcksShape::EmptyFlow,
                    AcksShape::Flow,
                    AcksShape::BlockOfFlow,
                    AcksShape::BlockOfBlock,
                ][shape as usize];
                let items = match shape {
                    AcksShape::Null | AcksShape::EmptyFlow => Vec::new(),
                    _ if items.is_empty() => vec![("吴刚".into(), "2026-11-21 14:32".into())],
                    _ => items,
                };
                out.push(EntrySpec::Acks { shape, items, comment });
            }
            if let Some((flow_list, items)) = actions {
                // A flow list holds flow items only.
                let items = items.into_iter().map(|a| ActionSpec { flow: a.flow || flow_list, ..a }).collect();
                out.push(EntrySpec::Actions { flow_list, items });
            }
            out
        })
        .prop_shuffle()
}

fn spec() -> impl Strategy<Value = Spec> {
    let body = (prop::option::of(prop::collection::vec(text(), 0..3)), any::<bool>(), any::<bool>()).prop_map(
        |(log, section_after, final_newline)| BodySpec {
            log: log.map(|l| {
                l.iter()
                    .enumerate()
                    .map(|(i, t)| format!("- 2026-11-2{i} 10:00 张伟: {}", t.replace('\n', " ")))
                    .collect()
            }),
            section_after,
            final_newline,
        },
    );
    (entries(), prop::collection::vec(any::<bool>(), 16), any::<bool>(), any::<bool>(), body)
        .prop_map(|(entries, line_comments, crlf, bom, body)| Spec { entries, line_comments, crlf, bom, body })
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (prop::sample::select(SET_KEYS), text()).prop_map(|(k, v)| Op::Set(k.to_string(), v)),
        (0..8usize, prop::sample::select(ACTION_KEYS), text()).prop_map(|(n, k, v)| Op::SetAction(n, k.to_string(), v)),
        (text(), text()).prop_map(|(by, at)| Op::Ack(by, at)),
        text().prop_map(|t| Op::Log(format!("- 2026-11-22 09:00 李娜: {}", t.replace('\n', " ")))),
    ]
}

// ---- writing a generated record ----

struct Writer {
    out: String,
    comments: Vec<String>,
}

impl Writer {
    fn comment(&mut self) -> String {
        let c = format!("# 注释c{}", self.comments.len());
        self.comments.push(c.clone());
        c
    }

    /// A scalar in its chosen style when that style can hold it, else double quoted.
    fn scalar(&self, s: &Scalar, flow: bool) -> String {
        let plain_ok = if flow { quote_flow_scalar(&s.text) == s.text } else { quote_scalar(&s.text) == s.text };
        match s.quote {
            Quote::Plain if plain_ok => s.text.clone(),
            Quote::Single if !s.text.chars().any(char::is_control) => format!("'{}'", s.text.replace('\'', "''")),
            _ => double(&s.text),
        }
    }
}

fn double(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn render(spec: &Spec) -> (String, Vec<String>) {
    let mut w = Writer { out: String::new(), comments: Vec::new() };
    w.out.push_str("---\n");
    for (i, e) in spec.entries.iter().enumerate() {
        if spec.line_comments.get(i).copied().unwrap_or(false) {
            let c = w.comment();
            w.out.push_str(&format!("{c}\n"));
        }
        match e {
            EntrySpec::Scalar(k, None) => {
                let c = w.comment();
                w.out.push_str(&format!("{k}:   {c}\n"));
            }
            EntrySpec::Scalar(k, Some(s)) => {
                let v = w.scalar(s, false);
                let tail = if s.comment { format!("  {}", w.comment()) } else { String::new() };
                w.out.push_str(&format!("{k}: {v}{tail}\n"));
            }
            EntrySpec::To { flow: true, items } => {
                let list = items.iter().map(|t| quote_flow_scalar(t)).collect::<Vec<_>>().join(", ");
                let c = w.comment();
                w.out.push_str(&format!("to: [{list}]  {c}\n"));
            }
            EntrySpec::To { flow: false, items } => {
                w.out.push_str("to:\n");
                for t in items {
                    w.out.push_str(&format!("  - {}\n", quote_scalar(t)));
                }
            }
            EntrySpec::Acks { shape, items, comment } => {
                let flow_item = |(by, at): &(String, String)| {
                    format!("{{ by: {}, at: {} }}", quote_flow_scalar(by), quote_flow_scalar(at))
                };
                let tail = if *comment { format!("  {}", w.comment()) } else { String::new() };
                match shape {
                    AcksShape::Null => w.out.push_str(&format!("acks:{tail}\n")),
                    AcksShape::EmptyFlow => w.out.push_str(&format!("acks: []{tail}\n")),
                    AcksShape::Flow => {
                        let list = items.iter().map(flow_item).collect::<Vec<_>>().join(", ");
                        w.out.push_str(&format!("acks: [{list}]{tail}\n"));
                    }
                    AcksShape::BlockOfFlow => {
                        w.out.push_str(&format!("acks:{tail}\n"));
                        for a in items {
                            w.out.push_str(&format!("  - {}\n", flow_item(a)));
                        }
                    }
                    AcksShape::BlockOfBlock => {
                        w.out.push_str(&format!("acks:{tail}\n"));
                        for (by, at) in items {
                            w.out.push_str(&format!("- by: {}\n  at: {}\n", quote_scalar(by), quote_scalar(at)));
                        }
                    }
                }
            }
            EntrySpec::Actions { flow_list, items } => {
                let flow_map = |w: &Writer, a: &ActionSpec| {
                    let pairs: Vec<String> =
                        a.keys.iter().map(|(k, v)| format!("{k}: {}", w.scalar(v, true))).collect();
                    format!("{{ {} }}", pairs.join(", "))
                };
                if *flow_list {
                    let list = items.iter().map(|a| flow_map(&w, a)).collect::<Vec<_>>().join(", ");
                    w.out.push_str(&format!("actions: [{list}]\n"));
                    continue;
                }
                w.out.push_str("actions:\n");
                for a in items {
                    if a.flow {
                        let m = flow_map(&w, a);
                        let c = w.comment();
                        w.out.push_str(&format!("  - {m}  {c}\n"));
                        continue;
                    }
                    for (j, (k, v)) in a.keys.iter().enumerate() {
                        let lead = if j == 0 { "  - " } else { "    " };
                        let val = w.scalar(v, false);
                        let tail = if v.comment { format!("  {}", w.comment()) } else { String::new() };
                        w.out.push_str(&format!("{lead}{k}: {val}{tail}\n"));
                        if j == 0 && v.comment {
                            let c = w.comment();
                            w.out.push_str(&format!("    {c}\n"));
                        }
                    }
                }
            }
        }
    }
    let c = w.comment();
    w.out.push_str(&format!("{c}\n---\n\n## 背景\n\n正文第一段。\n"));
    if let Some(log) = &spec.body.log {
        w.out.push_str("\n## 反馈记录\n");
        if !log.is_empty() {
            w.out.push('\n');
        }
        for l in log {
            w.out.push_str(&format!("{l}\n"));
        }
        if spec.body.section_after {
            w.out.push_str("\n## 附件\n\n- 清单.xlsx\n");
        }
    }
    if !spec.body.final_newline {
        w.out.pop();
    }
    let mut text = w.out;
    if spec.crlf {
        text = text.replace('\n', "\r\n");
    }
    if spec.bom {
        text.insert(0, '\u{feff}');
    }
    (text, w.comments)
}

// ---- the model: what the record should read as ----

#[derive(Clone, Debug, PartialEq)]
struct Model {
    /// Top-level keys in order, with their text (`None`: an empty value, a list, a mapping).
    top: Vec<(String, Option<String>)>,
    actions: Vec<Vec<(String, String)>>,
    acks: Vec<(String, String)>,
    log: Option<Vec<String>>,
}

impl Model {
    fn of(spec: &Spec) -> Model {
        let mut m = Model { top: Vec::new(), actions: Vec::new(), acks: Vec::new(), log: spec.body.log.clone() };
        for e in &spec.entries {
            match e {
                EntrySpec::Scalar(k, v) => m.top.push((k.clone(), v.as_ref().map(|s| s.text.clone()))),
                EntrySpec::To { .. } => m.top.push(("to".into(), None)),
                EntrySpec::Acks { items, .. } => {
                    m.top.push(("acks".into(), None));
                    m.acks = items.clone();
                }
                EntrySpec::Actions { items, .. } => {
                    m.top.push(("actions".into(), None));
                    m.actions = items
                        .iter()
                        .map(|a| a.keys.iter().map(|(k, v)| (k.clone(), v.text.clone())).collect())
                        .collect();
                }
            }
        }
        m
    }

    fn set_top(&mut self, key: &str, value: &str) {
        match self.top.iter_mut().find(|(k, _)| k == key) {
            Some(e) => e.1 = Some(value.to_string()),
            None => self.top.push((key.to_string(), Some(value.to_string()))),
        }
    }

    fn read(doc: &Document) -> Model {
        let str_of = |n: &Node| if n.is_null() { None } else { n.as_str().map(str::to_string) };
        let entries = doc.root.entries().unwrap_or_default();
        let top = entries
            .iter()
            .map(|e| match &e.value.value {
                Value::Scalar { .. } => (e.key.to_string(), str_of(&e.value)),
                _ => (e.key.to_string(), None),
            })
            .collect();
        let items = |key: &str| doc.root.get(key).and_then(|e| e.value.items()).unwrap_or_default().to_vec();
        let actions = items("actions")
            .iter()
            .map(|i| {
                i.entries()
                    .unwrap_or_default()
                    .iter()
                    .map(|e| (e.key.to_string(), e.value.as_str().unwrap_or("").to_string()))
                    .collect()
            })
            .collect();
        let acks = items("acks")
            .iter()
            .map(|i| {
                let get = |k: &str| i.get(k).and_then(|e| e.value.as_str()).unwrap_or("").to_string();
                (get("by"), get("at"))
            })
            .collect();
        let body = doc.body().replace("\r\n", "\n");
        let lines: Vec<&str> = body.lines().collect();
        let log = lines.iter().position(|l| *l == "## 反馈记录").map(|i| {
            lines[i + 1..]
                .iter()
                .take_while(|l| !l.starts_with("## "))
                .filter(|l| l.starts_with("- "))
                .map(|l| l.to_string())
                .collect()
        });
        Model { top, actions, acks, log }
    }
}

// ---- checks ----

/// The byte range of an entry's lines: from the start of its key's line to
/// the end of the line holding the end of its value, line break included.
fn entry_lines(doc: &Document, key: &str) -> Option<(usize, usize)> {
    let text = &doc.source.text;
    let e = doc.root.get(key)?;
    let start = text[..e.key_span.start.offset].rfind('\n').map_or(doc.source.bom, |i| i + 1);
    let end = node_end(&e.value).max(e.key_span.end.offset);
    let end =
        if text[..end].ends_with('\n') { end } else { text[end..].find('\n').map_or(text.len(), |i| end + i + 1) };
    Some((start, end))
}

fn node_end(n: &Node) -> usize {
    match &n.value {
        Value::Scalar { .. } => n.span.end.offset,
        Value::Seq { items, .. } => items.iter().map(node_end).max().unwrap_or(0).max(n.span.end.offset),
        Value::Map { entries, .. } => {
            entries.iter().map(|e| node_end(&e.value)).max().unwrap_or(0).max(n.span.end.offset)
        }
    }
}

/// `before` and `after` are equal outside `b` and `a`.
fn same_outside(before: &str, after: &str, b: (usize, usize), a: (usize, usize)) -> Result<(), TestCaseError> {
    prop_assert_eq!(&before[..b.0], &after[..a.0], "bytes before the edited region changed");
    prop_assert_eq!(&before[b.1..], &after[a.1..], "bytes after the edited region changed");
    Ok(())
}

/// The raw text of the items of a top-level list.
fn raw_items(doc: &Document, key: &str) -> Vec<String> {
    let text = &doc.source.text;
    doc.root
        .get(key)
        .and_then(|e| e.value.items())
        .unwrap_or_default()
        .iter()
        .map(|i| text[i.span.start.offset..node_end(i).max(i.span.start.offset)].to_string())
        .collect()
}

fn check_step(before: &Document, after: &Document, op: &Op) -> Result<(), TestCaseError> {
    let (b, a) = (&before.source.text, &after.source.text);
    match op {
        Op::Log(line) => {
            // Only the body changed; its old lines are all there, in order,
            // with the log line (and at most a new heading and blank lines) added.
            prop_assert_eq!(&b[..before.layout.body_start], &a[..after.layout.body_start]);
            let old: Vec<&str> = before.body().lines().collect();
            let new: Vec<&str> = after.body().lines().collect();
            let mut rest = old.iter().peekable();
            let mut added = Vec::new();
            for l in &new {
                if rest.peek() == Some(&l) {
                    rest.next();
                } else {
                    added.push(l.trim_end_matches('\r'));
                }
            }
            prop_assert!(rest.peek().is_none(), "a body line was lost");
            prop_assert_eq!(added.iter().filter(|l| **l == line.as_str()).count(), 1, "{:?}", added);
            prop_assert!(
                added.iter().all(|l| *l == line.as_str() || l.is_empty() || *l == "## 反馈记录"),
                "{:?}",
                added
            );
        }
        _ => {
            let key = match op {
                Op::Set(k, _) => k.as_str(),
                Op::SetAction(..) => "actions",
                Op::Ack(..) => "acks",
                Op::Log(_) => unreachable!(),
            };
            let at = after.layout.yaml_end;
            let rb = entry_lines(before, key).unwrap_or((before.layout.yaml_end, before.layout.yaml_end));
            let ra = entry_lines(after, key).unwrap_or((at, at));
            same_outside(b, a, rb, ra)?;
            // Every other entry is byte for byte what it was.
            for e in before.root.entries().unwrap_or_default().iter().filter(|e| e.key != key) {
                let (s, t) = entry_lines(before, &e.key).unwrap_or_default();
                let (s2, t2) = entry_lines(after, &e.key).unwrap_or_default();
                prop_assert_eq!(&b[s..t], &a[s2..t2], "entry `{}` changed", e.key);
            }
            match op {
                Op::SetAction(n, ..) => {
                    let (old, new) = (raw_items(before, "actions"), raw_items(after, "actions"));
                    prop_assert_eq!(old.len(), new.len());
                    for (i, (o, w)) in old.iter().zip(&new).enumerate() {
                        if i != *n {
                            prop_assert_eq!(o, w, "action item {} changed", i + 1);
                        }
                    }
                }
                Op::Ack(..) => {
                    let (old, new) = (raw_items(before, "acks"), raw_items(after, "acks"));
                    prop_assert_eq!(&old[..], &new[..old.len()], "an earlier acknowledgement changed");
                    prop_assert_eq!(new.len(), old.len() + 1);
                }
                _ => {}
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn edits_change_only_what_they_target(spec in spec(), ops in prop::collection::vec(op(), 1..8)) {
        let (text, comments) = render(&spec);
        let doc = Document::parse(Path::new("records/p.md"), text.clone().into_bytes())
            .map_err(|d| TestCaseError::fail(format!("generated record does not parse: {}\n{text}", d.message)))?;
        let mut model = Model::of(&spec);
        prop_assert_eq!(&Model::read(&doc), &model, "the generated record reads as its model");
        let mut ed = Editor::new(doc);
        for op in &ops {
            let before = ed.doc().clone();
            let op = match op {
                Op::SetAction(n, k, v) => {
                    if model.actions.is_empty() {
                        continue;
                    }
                    Op::SetAction(n % model.actions.len(), k.clone(), v.clone())
                }
                other => other.clone(),
            };
            match &op {
                Op::Set(k, v) => {
                    ed.set(k, &quote_scalar(v)).map_err(|e| TestCaseError::fail(format!("{op:?}: {e}\n{}", ed.text())))?;
                    model.set_top(k, v);
                }
                Op::SetAction(n, k, v) => {
                    ed.set_in_action(n + 1, k, v).map_err(|e| TestCaseError::fail(format!("{op:?}: {e}\n{}", ed.text())))?;
                    let item = &mut model.actions[*n];
                    match item.iter_mut().find(|(key, _)| key == k) {
                        Some(e) => e.1 = v.clone(),
                        None => item.push((k.clone(), v.clone())),
                    }
                }
                Op::Ack(by, at) => {
                    ed.append_ack(by, at).map_err(|e| TestCaseError::fail(format!("{op:?}: {e}\n{}", ed.text())))?;
                    if !model.top.iter().any(|(k, _)| k == "acks") {
                        model.top.push(("acks".into(), None));
                    }
                    model.acks.push((by.clone(), at.clone()));
                }
                Op::Log(line) => {
                    ed.append_log(&["反馈记录", "Log"], "反馈记录", line)
                        .map_err(|e| TestCaseError::fail(format!("{op:?}: {e}\n{}", ed.text())))?;
                    model.log.get_or_insert_with(Vec::new).push(line.clone());
                }
            }
            check_step(&before, ed.doc(), &op).map_err(|e| TestCaseError::fail(format!("{op:?}: {e}\nbefore:\n{}\nafter:\n{}", before.source.text, ed.text())))?;
        }
        let after = ed.text();
        prop_assert_eq!(&Model::read(ed.doc()), &model, "reads back as written:\n{}", after);
        // Every comment survives, in order.
        let mut from = 0;
        for c in &comments {
            match after[from..].find(c.as_str()) {
                Some(i) => from += i + c.len(),
                None => prop_assert!(false, "comment `{}` lost or moved:\n{}", c, after),
            }
        }
        prop_assert_eq!(after.starts_with('\u{feff}'), spec.bom, "the BOM");
        let lf = after.matches('\n').count();
        let crlf = after.matches("\r\n").count();
        if spec.crlf {
            prop_assert_eq!(lf, crlf, "every line ends in CRLF:\n{:?}", after);
        } else {
            prop_assert_eq!(crlf, 0, "no CRLF in an LF file:\n{:?}", after);
        }
    }
}

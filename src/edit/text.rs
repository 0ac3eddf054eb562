//! Edits that change only the bytes they must, and writes that never leave
//! a half-written file or lose someone else's update.
//!
//! An edit works on a [`Document`]'s text with the spans of its YAML tree and
//! comes out as one [`Change`]: a byte range of the file and what replaces
//! it. Replacing a value rewrites the value's bytes; adding a key inserts one
//! line (before the closing fence, or at the end of an action item); adding
//! to a list inserts one item after the last, in the list's own style (block
//! `- …` lines or a flow `[…]`); a log line goes at the end of a body
//! section. Key order, comments, quoting elsewhere, indentation, line
//! endings, the BOM and the body are left as they were.
//!
//! The parser's spans are exact for scalars and block collections but a
//! flow collection's end can run on over a trailing comment, so the end of
//! a flow collection is found from its last item instead (see `flow_end`).

use crate::model::body;
use crate::model::record::Document;
use crate::model::yaml::{Entry, Node, Style, Value};

/// One edit of a text: the bytes `start..end` are replaced by `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Change {
    pub start: usize,
    pub end: usize,
    pub text: String,
}

impl Change {
    /// The text with this change made.
    pub fn apply(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + self.text.len());
        out.push_str(&text[..self.start]);
        out.push_str(&self.text);
        out.push_str(&text[self.end..]);
        out
    }

    fn insert(at: usize, text: String) -> Change {
        Change { start: at, end: at, text }
    }
}

/// Why an edit cannot be made where it was asked.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the record has no `{key}`")]
    Missing { key: String },
    #[error("`{key}` is {kind}, not a list")]
    NotAList { key: String, kind: &'static str },
    #[error("{}", no_item(key, *.index, *.len))]
    NoItem { key: String, index: usize, len: usize },
    #[error("item {index} of `{key}` is {kind}, not a mapping")]
    NotAMapping { key: String, index: usize, kind: &'static str },
    /// The value carries an anchor that aliases elsewhere repeat: changing
    /// it would change them too.
    #[error(
        "`{key}` is written with the YAML anchor `&{anchor}`, which `*{anchor}` repeats elsewhere in the front matter; comms does not change an anchored value (every `*{anchor}` would change with it) — write the value out in full in place of each `*{anchor}`, remove `&{anchor}`, and run the command again"
    )]
    Anchored { key: String, anchor: String },
    /// The value is an alias of another one: its items are not written here.
    #[error(
        "`{key}` is written as the YAML alias `*{alias}` (a copy of another value); comms does not edit inside a copy — write the value out in full in place of `*{alias}`, and run the command again"
    )]
    Alias { key: String, alias: String },
}

/// The anchor (`&name`) or alias (`*name`) a value is written with, from
/// its first bytes: `('&', name)` or `('*', name)`.
fn anchor_of<'t>(text: &'t str, v: &Node) -> Option<(char, &'t str)> {
    let rest = text.get(v.span.start.offset..)?;
    let sigil = rest.chars().next().filter(|c| matches!(c, '&' | '*'))?;
    let name = &rest[1..];
    let len = name.find(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']' | '{' | '}')).unwrap_or(name.len());
    Some((sigil, &name[..len]))
}

/// Refuses to change a value other values repeat: one with an anchor that
/// an alias in the front matter uses, or (when `alias_too`, for edits
/// inside a collection) one that is itself an alias.
fn not_shared(doc: &Document, key: &str, v: &Node, alias_too: bool) -> Result<(), EditError> {
    let text = &doc.source.text;
    match anchor_of(text, v) {
        Some(('&', name)) => {
            let yaml = &text[doc.layout.yaml_start..doc.layout.yaml_end];
            let used = yaml.match_indices('*').any(|(i, _)| {
                yaml[i + 1..].starts_with(name)
                    && !yaml[i + 1 + name.len()..]
                        .starts_with(|c: char| !(c.is_whitespace() || matches!(c, ',' | ']' | '}')))
            });
            if used {
                return Err(EditError::Anchored { key: key.into(), anchor: name.into() });
            }
            Ok(())
        }
        Some(('*', name)) if alias_too => Err(EditError::Alias { key: key.into(), alias: name.into() }),
        _ => Ok(()),
    }
}

/// Whether the whole front matter is one flow mapping `{ … }`.
fn root_is_flow(doc: &Document) -> bool {
    matches!(doc.root.value, Value::Map { flow: true, .. })
}

/// The indentation of the front matter's top-level keys (usually none).
fn root_indent(doc: &Document) -> String {
    let text = &doc.source.text;
    let first = doc.root.entries().and_then(|e| e.first()).map(|e| e.key_span.start.offset);
    first.map_or(String::new(), |k| " ".repeat(leading_spaces(text, k)))
}

/// The spaces that start the line holding `at` (a `? ` before an explicit
/// key is not indentation).
fn leading_spaces(text: &str, at: usize) -> usize {
    let line = &text[line_start(text, at)..at];
    line.len() - line.trim_start_matches(' ').len()
}

/// A new top-level entry `key: yaml` (`yaml` a whole value as written): a
/// line of its own before the closing fence at the keys' indentation, or
/// `, key: yaml` before the `}` of a front matter written as one flow
/// mapping.
fn add_top_level(doc: &Document, key: &str, yaml: &str) -> Change {
    let text = &doc.source.text;
    if root_is_flow(doc) {
        let entries = doc.root.entries().unwrap_or_default();
        // After the last value; or, when that is empty (`{ a: 1, b }`),
        // before the closing `}` (the root's span ends just after it).
        let close = doc.root.span.end.offset.saturating_sub(1);
        let before_close = text[..close].trim_end_matches([' ', '\t', '\r', '\n']).len();
        return match entries.last() {
            Some(last) if !last.value.is_null() => {
                Change::insert(value_end(text, &last.value, true), format!(", {key}: {yaml}"))
            }
            Some(_) if !text[..before_close].ends_with(',') => Change::insert(before_close, format!(", {key}: {yaml}")),
            Some(_) => Change::insert(before_close, format!(" {key}: {yaml}")),
            None => Change::insert(before_close, format!("{key}: {yaml}")),
        };
    }
    Change::insert(doc.layout.yaml_end, format!("{}{key}: {yaml}{}", root_indent(doc), doc.source.newline()))
}

fn no_item(key: &str, index: usize, len: usize) -> String {
    match len {
        0 => format!("`{key}` is empty; there is no item {index}"),
        1 => format!("`{key}` has 1 item; there is no item {index}"),
        n => format!("`{key}` has {n} items (1-{n}); there is no item {index}"),
    }
}

/// Sets top-level `key` to `yaml` (a YAML value as it should be written,
/// e.g. the output of [`crate::model::yaml::quote_scalar`]). Returns the new text.
pub fn set(doc: &Document, key: &str, yaml: &str) -> Result<String, EditError> {
    Ok(set_change(doc, key, yaml)?.apply(&doc.source.text))
}

/// The change that sets top-level `key` to `yaml`: the value replaced where
/// the key is, else a line `key: yaml` added before the closing fence (at
/// the indentation of the other keys), or `, key: yaml` at the end of a
/// front matter written as one flow mapping `{ … }` — where `yaml` must
/// suit a flow context ([`crate::model::yaml::quote_flow_scalar`]). A value with
/// an anchor that aliases repeat is not changed ([`EditError::Anchored`]).
pub fn set_change(doc: &Document, key: &str, yaml: &str) -> Result<Change, EditError> {
    let text = &doc.source.text;
    match doc.root.get(key) {
        Some(entry) => {
            not_shared(doc, key, &entry.value, false)?;
            Ok(replace_value(text, entry, yaml, root_is_flow(doc)))
        }
        None => Ok(add_top_level(doc, key, yaml)),
    }
}

/// The change that sets `key` inside item `index` (1-based) of the
/// top-level list `list`, which must be a mapping: the value replaced, or a
/// `key: yaml` added at the end of the item (a line of its own in a block
/// mapping, `, key: yaml` in a flow one). `yaml` must suit a flow context
/// when the item is a flow mapping ([`crate::model::yaml::quote_flow_scalar`]).
pub fn set_in_item(doc: &Document, list: &str, index: usize, key: &str, yaml: &str) -> Result<Change, EditError> {
    let text = &doc.source.text;
    let item = item(doc, list, index)?;
    let Value::Map { entries, flow } = &item.value else {
        return Err(EditError::NotAMapping { key: list.into(), index, kind: item.kind_name() });
    };
    not_shared(doc, &format!("{list}#{index}"), item, true)?;
    if let Some(entry) = entries.iter().find(|e| e.key == key) {
        not_shared(doc, &format!("{list}#{index} {key}"), &entry.value, false)?;
        return Ok(replace_value(text, entry, yaml, *flow));
    }
    if *flow {
        return Ok(match entries.last() {
            Some(last) => Change::insert(value_end(text, &last.value, true), format!(", {key}: {yaml}")),
            None => Change::insert(item.span.start.offset + 1, format!("{key}: {yaml}")),
        });
    }
    // A block mapping: a new line at the first key's indentation.
    let first = entries.first().map_or(item.span.start.offset, |e| e.key_span.start.offset);
    let indent = " ".repeat(text[line_start(text, first)..first].chars().count());
    let at = after_line(text, value_end(text, item, false));
    let nl = doc.source.newline();
    Ok(if at == text.len() && !text.ends_with('\n') {
        Change::insert(at, format!("{nl}{indent}{key}: {yaml}"))
    } else {
        Change::insert(at, format!("{indent}{key}: {yaml}{nl}"))
    })
}

/// The change that appends a mapping of `pairs` (key, YAML value) to the
/// top-level list `list`, creating the list when the key is missing or
/// empty. The item copies the style of the list's last item: a block
/// mapping on lines of its own, else a flow mapping `{ k: v, … }`. Values
/// must suit a flow context ([`crate::model::yaml::quote_flow_scalar`]).
pub fn append_mapping(doc: &Document, list: &str, pairs: &[(&str, String)]) -> Result<Change, EditError> {
    let text = &doc.source.text;
    let nl = doc.source.newline();
    let flow_item = format!("{{ {} }}", pairs.iter().map(|(k, v)| format!("{k}: {v}")).collect::<Vec<_>>().join(", "));
    let Some(entry) = doc.root.get(list) else {
        if root_is_flow(doc) {
            return Ok(add_top_level(doc, list, &format!("[{flow_item}]")));
        }
        let indent = root_indent(doc);
        return Ok(Change::insert(doc.layout.yaml_end, format!("{indent}{list}:{nl}{indent}  - {flow_item}{nl}")));
    };
    let v = &entry.value;
    not_shared(doc, list, v, true)?;
    // `acks:` or `acks:   # comment`: the list goes on the lines below
    // (`acks: ` inside a flow mapping: the list goes after the colon).
    let below = || {
        let colon = after_colon(text, entry.key_span.end.offset);
        if root_is_flow(doc) {
            return Change::insert(colon, format!(" [{flow_item}]"));
        }
        let indent = " ".repeat(leading_spaces(text, entry.key_span.start.offset) + 2);
        Change::insert(line_end(text, colon), format!("{nl}{indent}- {flow_item}"))
    };
    if v.is_null() {
        return Ok(below());
    }
    let Value::Seq { items, flow } = &v.value else {
        return Err(EditError::NotAList { key: list.into(), kind: v.kind_name() });
    };
    if *flow {
        return Ok(match items.last() {
            Some(last) => Change::insert(value_end(text, last, true), format!(", {flow_item}")),
            None => Change::insert(v.span.start.offset + 1, flow_item),
        });
    }
    let Some(last) = items.last() else { return Ok(below()) };
    // The last item's `-` tells the indentation.
    let item_start = last.span.start.offset;
    let before = text[..item_start].trim_end();
    let dash = if before.ends_with('-') { before.len() - 1 } else { item_start };
    let dash_col = text[line_start(text, dash)..dash].chars().count();
    let item_text = match &last.value {
        Value::Map { flow: false, entries } if !entries.is_empty() => {
            let key = entries[0].key_span.start.offset;
            let key_col = text[line_start(text, key)..key].chars().count().max(dash_col + 2);
            let first = format!("{}-{}", " ".repeat(dash_col), " ".repeat(key_col - dash_col - 1));
            let rest = " ".repeat(key_col);
            pairs
                .iter()
                .enumerate()
                .map(|(i, (k, v))| format!("{}{k}: {v}", if i == 0 { &first } else { &rest }))
                .collect::<Vec<_>>()
                .join(nl)
        }
        _ => format!("{}- {flow_item}", " ".repeat(dash_col)),
    };
    let at = after_line(text, value_end(text, v, false));
    Ok(if at == text.len() && !text.ends_with('\n') {
        Change::insert(at, format!("{nl}{item_text}"))
    } else {
        Change::insert(at, format!("{item_text}{nl}"))
    })
}

/// The change that appends `line` (one line, without its line break) at
/// the end of the body section whose heading names one of `names` (see
/// [`body::names`]), after the section's last non-blank line. Without such
/// a section, `## {create}` and the line are added at the end of the body.
pub fn append_to_section(doc: &Document, names: &[&str], create: &str, line: &str) -> Change {
    let text = &doc.source.text;
    let base = doc.layout.body_start;
    let body = doc.body();
    let nl = doc.source.newline();
    let matches = |h: &body::Heading| names.iter().any(|n| body::names(&h.text, n));
    let mut headings = body::scan_headings(body);
    if !headings.iter().any(matches) {
        headings = body::parse_headings(body);
    }
    let starts = line_starts(body);
    let Some(hi) = headings.iter().position(matches) else {
        // No such section: add one at the end.
        let lead = if body.is_empty() || body.ends_with(&format!("{nl}{nl}")) || body == nl {
            if body.is_empty() && !text.ends_with('\n') { nl.repeat(2) } else { String::new() }
        } else if body.ends_with('\n') {
            nl.to_string()
        } else {
            nl.repeat(2)
        };
        return Change::insert(text.len(), format!("{lead}## {create}{nl}{nl}{line}{nl}"));
    };
    let h = &headings[hi];
    let end_line = headings[hi + 1..]
        .iter()
        .find(|n| n.level <= h.level && n.line > h.line)
        .map_or(starts.len() as u32 + 1, |n| n.line);
    let line_text = |l: u32| -> &str {
        let i = l as usize - 1;
        let s = starts[i];
        let e = starts.get(i + 1).copied().unwrap_or(body.len());
        &body[s..e]
    };
    let last = (h.line..end_line.min(starts.len() as u32 + 1))
        .rev()
        .find(|&l| (l as usize) <= starts.len() && !line_text(l).trim().is_empty())
        .unwrap_or(h.line);
    let end_of = |l: u32| -> usize {
        let i = l as usize - 1;
        starts.get(i + 1).copied().unwrap_or(body.len())
    };
    let heading_only = last == h.line || (last == h.line + 1 && is_setext_underline(line_text(last)));
    let at = end_of(last);
    let has_nl = body[..at].ends_with('\n');
    if !heading_only {
        return if has_nl {
            Change::insert(base + at, format!("{line}{nl}"))
        } else {
            Change::insert(base + at, format!("{nl}{line}"))
        };
    }
    // An empty section: keep one blank line between heading and entries.
    if !has_nl {
        return Change::insert(base + at, format!("{nl}{nl}{line}"));
    }
    let next = last + 1;
    if (next as usize) <= starts.len() && next < end_line && line_text(next).trim().is_empty() {
        return Change::insert(base + end_of(next), format!("{line}{nl}"));
    }
    Change::insert(base + at, format!("{nl}{line}{nl}"))
}

fn is_setext_underline(line: &str) -> bool {
    let t = line.trim();
    !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
}

/// The item `index` (1-based) of the top-level list `list`.
fn item<'d>(doc: &'d Document, list: &str, index: usize) -> Result<&'d Node, EditError> {
    let entry = doc.root.get(list).ok_or_else(|| EditError::Missing { key: list.into() })?;
    let items = match &entry.value.value {
        Value::Seq { items, .. } => items.as_slice(),
        _ if entry.value.is_null() => &[],
        _ => return Err(EditError::NotAList { key: list.into(), kind: entry.value.kind_name() }),
    };
    index.checked_sub(1).and_then(|i| items.get(i)).ok_or_else(|| EditError::NoItem {
        key: list.into(),
        index,
        len: items.len(),
    })
}

/// The change that replaces an entry's value with `yaml`.
fn replace_value(text: &str, entry: &Entry, yaml: &str, in_flow: bool) -> Change {
    let v = &entry.value;
    let colon = after_colon(text, entry.key_span.end.offset);
    if in_flow || matches!(v.value, Value::Seq { flow: true, .. } | Value::Map { flow: true, .. }) {
        if v.is_null() {
            return Change::insert(colon, format!(" {yaml}"));
        }
        let (s, _) = if v.as_str().is_some() { quoted_bounds(text, v) } else { (v.span.start.offset, 0) };
        return Change { start: s, end: value_end(text, v, true), text: yaml.to_string() };
    }
    let (start, end) = value_region(text, entry);
    let lead = if start == end || text[..start].ends_with(':') { " " } else { "" };
    Change { start, end, text: format!("{lead}{yaml}") }
}

/// Where a value's own bytes end: after a scalar (and its closing quote),
/// after the `]`/`}` of a flow collection, or at the end of a block
/// collection's last value. An empty value in a flow mapping ends after
/// its key's `:`.
fn value_end(text: &str, v: &Node, in_flow: bool) -> usize {
    match &v.value {
        Value::Scalar { .. } if in_flow && v.is_null() && v.span.start == v.span.end => {
            after_colon(text, v.span.start.offset)
        }
        Value::Scalar { .. } => quoted_bounds(text, v).1,
        Value::Seq { flow: true, .. } | Value::Map { flow: true, .. } => flow_end(text, v),
        Value::Seq { items, .. } => items.last().map_or(v.span.end.offset, |i| value_end(text, i, false)),
        Value::Map { entries, .. } => entries.last().map_or(v.span.end.offset, |e| value_end(text, &e.value, false)),
    }
}

/// The offset just after the `]` or `}` closing a flow collection: after
/// its last item, past commas, spaces and comments, to the bracket.
fn flow_end(text: &str, v: &Node) -> usize {
    let (from, close) = match &v.value {
        Value::Seq { items, .. } => (items.last().map(|i| value_end(text, i, true)), ']'),
        Value::Map { entries, .. } => (entries.last().map(|e| value_end(text, &e.value, true)), '}'),
        Value::Scalar { .. } => return v.span.end.offset,
    };
    let mut at = from.unwrap_or(v.span.start.offset + 1);
    let bytes = text.as_bytes();
    while at < text.len() {
        match bytes[at] {
            b if b == close as u8 => return at + 1,
            b'#' => at = line_end(text, at),
            b' ' | b'\t' | b'\r' | b'\n' | b',' => at += 1,
            _ => break,
        }
    }
    // Not where we expected it: fall back to the parser's span.
    v.span.end.offset
}

/// The byte range holding an entry's value: exactly the scalar for a
/// plain or quoted scalar, exactly the brackets of a flow
/// collection, else from after the `:` to the end of the value's last line
/// (a block list, a block scalar, an empty value).
fn value_region(text: &str, entry: &Entry) -> (usize, usize) {
    let v = &entry.value;
    let colon = after_colon(text, entry.key_span.end.offset);
    if let Value::Scalar { style, .. } = &v.value
        && !v.is_null()
        && matches!(style, Style::Plain | Style::SingleQuoted | Style::DoubleQuoted)
    {
        return quoted_bounds(text, v);
    }
    if v.is_null() {
        // `key:` or `key:   # comment`: replace up to the comment or line end.
        let line_end = line_end(text, colon);
        let rest = &text[colon..line_end];
        let comment = rest.find(" #").map_or(line_end, |i| colon + rest[..i].trim_end().len());
        return (colon, comment);
    }
    // A collection or block scalar: up to the end of its last line.
    let end = v.span.end.offset.max(colon);
    let line_end =
        if text[..end].ends_with('\n') { end - 1 } else { text[end..].find('\n').map_or(text.len(), |i| end + i) };
    let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
    (colon, line_end)
}

/// The offset just after the `:` that follows a key ending at `key_end`.
fn after_colon(text: &str, key_end: usize) -> usize {
    let rest = &text[key_end..];
    let skip = rest.len() - rest.trim_start_matches([' ', '"', '\'']).len();
    if rest[skip..].starts_with(':') { key_end + skip + 1 } else { key_end }
}

/// A scalar's bytes including its quotes. The parser's span may start
/// after the opening quote, and for a quoted scalar it can run on over
/// trailing spaces and a comment, so the closing quote is found by reading
/// the scalar (`''` and `\"` are escapes, not ends).
fn quoted_bounds(text: &str, v: &Node) -> (usize, usize) {
    let (mut s, e) = (v.span.start.offset, v.span.end.offset);
    let q = match &v.value {
        Value::Scalar { style: Style::SingleQuoted, .. } => b'\'',
        Value::Scalar { style: Style::DoubleQuoted, .. } => b'"',
        _ => return (s, e),
    };
    let bytes = text.as_bytes();
    if bytes.get(s) != Some(&q) && s > 0 && bytes[s - 1] == q {
        s -= 1;
    }
    if bytes.get(s) != Some(&q) {
        return (s, e);
    }
    // Quotes and backslashes are ASCII, never inside a multi-byte character.
    let mut i = s + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\'' if q == b'\'' && bytes.get(i + 1) == Some(&b'\'') => i += 2,
            b'\\' if q == b'"' => i += 2,
            b if b == q => return (s, i + 1),
            _ => i += 1,
        }
    }
    (s, e)
}

/// The start of the line holding `at`.
fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind('\n').map_or(0, |i| i + 1)
}

/// The end of the line holding `at`, before its `\r\n` or `\n`.
fn line_end(text: &str, at: usize) -> usize {
    let e = text[at..].find('\n').map_or(text.len(), |i| at + i);
    if text[..e].ends_with('\r') && e > at { e - 1 } else { e }
}

/// The start of the line after the one holding `at` (`at` itself when it
/// already starts a line), or the end of the text.
fn after_line(text: &str, at: usize) -> usize {
    if at > 0 && text[..at].ends_with('\n') {
        return at;
    }
    text[at..].find('\n').map_or(text.len(), |i| at + i + 1)
}

/// The offset of each line's start in `text`.
fn line_starts(text: &str) -> Vec<usize> {
    if text.is_empty() {
        return Vec::new();
    }
    let mut starts = vec![0];
    starts.extend(text.match_indices('\n').map(|(i, _)| i + 1).filter(|&i| i < text.len()));
    starts
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn doc(text: &str) -> Document {
        Document::parse(Path::new("a.md"), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn replaces_only_the_value() {
        let t = "---\nid: a  # keep\nstatus: open # comment\nowner: \"张伟\"\n---\nbody\n";
        assert_eq!(set(&doc(t), "status", "done").unwrap(), t.replace("status: open", "status: done"));
        assert_eq!(set(&doc(t), "owner", "李娜").unwrap(), t.replace("owner: \"张伟\"", "owner: 李娜"));
    }

    #[test]
    fn fills_an_empty_value_and_keeps_its_comment() {
        let t = "---\nproject:   # 项目\nowner:\n---\n";
        assert_eq!(set(&doc(t), "project", "二号产线").unwrap(), "---\nproject: 二号产线   # 项目\nowner:\n---\n");
        assert_eq!(set(&doc(t), "owner", "张伟").unwrap(), "---\nproject:   # 项目\nowner: 张伟\n---\n");
    }

    #[test]
    fn replaces_a_block_list() {
        let t = "---\nto:\n  - a\n  - b\nowner: x\n---\n";
        assert_eq!(set(&doc(t), "to", "[c]").unwrap(), "---\nto: [c]\nowner: x\n---\n");
    }

    #[test]
    fn adds_a_key_before_the_fence_keeping_crlf() {
        let t = "\u{feff}---\r\nid: a\r\n---\r\nbody\r\n";
        assert_eq!(
            set(&doc(t), "closed", "2026-11-23 10:00").unwrap(),
            "\u{feff}---\r\nid: a\r\nclosed: 2026-11-23 10:00\r\n---\r\nbody\r\n"
        );
    }

    #[test]
    fn adds_keys_to_a_flow_root_and_an_indented_root() {
        let t = "---\n{id: a, status: open}\n---\n";
        assert_eq!(set(&doc(t), "closed", "x").unwrap(), "---\n{id: a, status: open, closed: x}\n---\n");
        let t = "---\n{id: a, stray}\n---\n";
        assert_eq!(set(&doc(t), "closed", "x").unwrap(), "---\n{id: a, stray, closed: x}\n---\n");
        let t = "---\n{}\n---\n";
        assert_eq!(set(&doc(t), "closed", "x").unwrap(), "---\n{closed: x}\n---\n");
        let pairs = [("by", "李娜".to_string()), ("at", "y".to_string())];
        let t = "---\n{id: a}\n---\n";
        assert_eq!(
            apply(t, append_mapping(&doc(t), "acks", &pairs)),
            "---\n{id: a, acks: [{ by: 李娜, at: y }]}\n---\n"
        );
        let t = "---\n{id: a, acks: }\n---\n";
        assert_eq!(
            apply(t, append_mapping(&doc(t), "acks", &pairs)),
            "---\n{id: a, acks: [{ by: 李娜, at: y }] }\n---\n"
        );
        let t = "---\n{id: a, acks: [{by: b, at: c}]}\n---\n";
        assert_eq!(
            apply(t, append_mapping(&doc(t), "acks", &pairs)),
            "---\n{id: a, acks: [{by: b, at: c}, { by: 李娜, at: y }]}\n---\n"
        );
        let t = "---\n? id\n: a\n---\n";
        assert_eq!(set(&doc(t), "closed", "x").unwrap(), "---\n? id\n: a\nclosed: x\n---\n");
        let t = "---\n  id: a\n  acks:\n---\n";
        assert_eq!(set(&doc(t), "closed", "x").unwrap(), "---\n  id: a\n  acks:\n  closed: x\n---\n");
        assert_eq!(
            apply(t, append_mapping(&doc(t), "acks", &pairs)),
            "---\n  id: a\n  acks:\n    - { by: 李娜, at: y }\n---\n"
        );
    }

    #[test]
    fn quoted_values_keep_their_trailing_comment() {
        for (t, want) in [
            ("---\ndeadline: '张伟'  # c0\nx: 1\n---\n", "---\ndeadline: v  # c0\nx: 1\n---\n"),
            ("---\ndeadline: \"a \\\" b\"  # c0\nx: 1\n---\n", "---\ndeadline: v  # c0\nx: 1\n---\n"),
            ("---\ndeadline: 'it''s'  # c0\nx: 1\n---\n", "---\ndeadline: v  # c0\nx: 1\n---\n"),
            ("---\ndeadline: \"两\n  行\"  # c0\nx: 1\n---\n", "---\ndeadline: v  # c0\nx: 1\n---\n"),
            ("---\ndeadline: 两\n  行  # c0\nx: 1\n---\n", "---\ndeadline: v  # c0\nx: 1\n---\n"),
        ] {
            assert_eq!(set(&doc(t), "deadline", "v").unwrap(), want, "{t:?}");
        }
        let t = "---\nacks: [{ by: '张伟', at: \"x\" }]  # c\n---\n";
        let d = doc(t);
        let pairs = [("by", "李娜".to_string()), ("at", "y".to_string())];
        assert_eq!(
            append_mapping(&d, "acks", &pairs).unwrap().apply(t),
            "---\nacks: [{ by: '张伟', at: \"x\" }, { by: 李娜, at: y }]  # c\n---\n"
        );
    }

    #[test]
    fn a_flow_list_keeps_its_trailing_comment() {
        let t = "---\nto: [a, b]  # 接收部门\nowner: x\n---\n";
        assert_eq!(set(&doc(t), "to", "[c]").unwrap(), "---\nto: [c]  # 接收部门\nowner: x\n---\n");
    }

    const MEETING: &str = "---\nid: m1\nactions:\n  - task: 提交清单  # 王强负责\n    owner: 王强\n    deadline: 2026-11-27 18:00\n    status: open\n  - { task: 确认时间, owner: 李娜, deadline: 2026-11-25 12:00, status: open }\n# 结束\n---\n\n## 反馈记录\n";

    fn apply(t: &str, c: Result<Change, EditError>) -> String {
        c.unwrap().apply(t)
    }

    #[test]
    fn sets_a_value_in_a_block_action_item() {
        let d = doc(MEETING);
        let out = apply(MEETING, set_in_item(&d, "actions", 1, "owner", "张伟"));
        assert_eq!(out, MEETING.replace("owner: 王强", "owner: 张伟"));
        let out = apply(MEETING, set_in_item(&d, "actions", 1, "task", "\"提交: 清单\""));
        assert_eq!(out, MEETING.replace("task: 提交清单  #", "task: \"提交: 清单\"  #"));
    }

    #[test]
    fn adds_a_key_at_the_end_of_a_block_action_item() {
        let d = doc(MEETING);
        let out = apply(MEETING, set_in_item(&d, "actions", 1, "closed", "2026-11-26 10:00"));
        assert_eq!(out, MEETING.replace("    status: open\n", "    status: open\n    closed: 2026-11-26 10:00\n"));
    }

    #[test]
    fn sets_and_adds_keys_in_a_flow_action_item() {
        let d = doc(MEETING);
        let out = apply(MEETING, set_in_item(&d, "actions", 2, "status", "done"));
        assert_eq!(out, MEETING.replace("2026-11-25 12:00, status: open }", "2026-11-25 12:00, status: done }"));
        let out = apply(MEETING, set_in_item(&d, "actions", 2, "closed", "2026-11-24 16:30"));
        assert_eq!(out, MEETING.replace("status: open }", "status: open, closed: 2026-11-24 16:30 }"));
        let t = "---\nactions: [{ task: a, owner: }, {}]\n---\n";
        let d = doc(t);
        assert_eq!(apply(t, set_in_item(&d, "actions", 1, "owner", "张伟")), t.replace("owner: }", "owner: 张伟 }"));
        assert_eq!(apply(t, set_in_item(&d, "actions", 2, "task", "b")), t.replace("{}]", "{task: b}]"));
    }

    #[test]
    fn action_items_that_are_not_there() {
        let d = doc(MEETING);
        assert_eq!(
            set_in_item(&d, "actions", 3, "owner", "x").unwrap_err().to_string(),
            "`actions` has 2 items (1-2); there is no item 3"
        );
        assert!(matches!(set_in_item(&d, "acks", 1, "by", "x"), Err(EditError::Missing { .. })));
        let t = "---\nactions: [a]\nowner: x\n---\n";
        assert_eq!(
            set_in_item(&doc(t), "actions", 1, "owner", "x").unwrap_err().to_string(),
            "item 1 of `actions` is text, not a mapping"
        );
        assert_eq!(set_in_item(&doc(t), "owner", 1, "a", "x").unwrap_err().to_string(), "`owner` is text, not a list");
    }

    #[test]
    fn appends_to_block_flow_empty_and_missing_lists() {
        let pairs = [("by", "李娜".to_string()), ("at", "2026-11-22 10:00".to_string())];
        let ack = "{ by: 李娜, at: 2026-11-22 10:00 }";
        let cases = [
            // block list of flow mappings, with a comment after it
            (
                "---\nacks:\n  - { by: 张伟, at: 2026-11-22 09:40 }\n# c\nx: 1\n---\n",
                format!("---\nacks:\n  - {{ by: 张伟, at: 2026-11-22 09:40 }}\n  - {ack}\n# c\nx: 1\n---\n"),
            ),
            // block list of block mappings, indentless
            (
                "---\nacks:\n- by: 张伟\n  at: 2026-11-22 09:40\nx: 1\n---\n",
                "---\nacks:\n- by: 张伟\n  at: 2026-11-22 09:40\n- by: 李娜\n  at: 2026-11-22 10:00\nx: 1\n---\n"
                    .into(),
            ),
            // flow list with a trailing comment
            (
                "---\nacks: [{ by: 张伟, at: 2026-11-22 09:40 }]  # 已读\n---\n",
                format!("---\nacks: [{{ by: 张伟, at: 2026-11-22 09:40 }}, {ack}]  # 已读\n---\n"),
            ),
            ("---\nacks: []\n---\n", format!("---\nacks: [{ack}]\n---\n")),
            ("---\nacks:   # 已读\nx: 1\n---\n", format!("---\nacks:   # 已读\n  - {ack}\nx: 1\n---\n")),
            ("---\nx: 1\n---\nbody\n", format!("---\nx: 1\nacks:\n  - {ack}\n---\nbody\n")),
            (
                "\u{feff}---\r\nacks:\r\n  - { by: 张伟, at: 2026-11-22 09:40 }\r\n---\r\n",
                format!("\u{feff}---\r\nacks:\r\n  - {{ by: 张伟, at: 2026-11-22 09:40 }}\r\n  - {ack}\r\n---\r\n"),
            ),
        ];
        for (t, want) in cases {
            assert_eq!(apply(t, append_mapping(&doc(t), "acks", &pairs)), want, "{t:?}");
        }
        let t = "---\nacks: 张伟\n---\n";
        assert_eq!(append_mapping(&doc(t), "acks", &pairs).unwrap_err().to_string(), "`acks` is text, not a list");
    }

    #[test]
    fn log_lines_go_at_the_end_of_their_section() {
        let line = "- 2026-11-22 11:00 张伟: 已更换轴承";
        let names = ["反馈记录", "Log"];
        let cases = [
            // entries already there, another section after
            (
                "---\nid: a\n---\n## 反馈记录\n- 2026-11-22 10:05 张伟: 已通知\n\n## 附件\nx\n",
                format!("---\nid: a\n---\n## 反馈记录\n- 2026-11-22 10:05 张伟: 已通知\n{line}\n\n## 附件\nx\n"),
            ),
            // the template's empty section at the end
            (
                "---\nid: a\n---\n\n## 背景\n\nx\n\n## 反馈记录\n\n",
                format!("---\nid: a\n---\n\n## 背景\n\nx\n\n## 反馈记录\n\n{line}\n"),
            ),
            // no final line break
            ("---\nid: a\n---\n## Log\n- a", format!("---\nid: a\n---\n## Log\n- a\n{line}")),
            ("---\nid: a\n---\n## Log", format!("---\nid: a\n---\n## Log\n\n{line}")),
            // a sub-heading belongs to the section
            (
                "---\nid: a\n---\n## 反馈记录\n### 11月\n- a\n",
                format!("---\nid: a\n---\n## 反馈记录\n### 11月\n- a\n{line}\n"),
            ),
            // a heading in a code block is not a heading
            (
                "---\nid: a\n---\n## 反馈记录\n```\n## 附件\n```\n## 附件\n",
                format!("---\nid: a\n---\n## 反馈记录\n```\n## 附件\n```\n{line}\n## 附件\n"),
            ),
            // a setext heading
            ("---\nid: a\n---\n反馈记录\n--------\n", format!("---\nid: a\n---\n反馈记录\n--------\n\n{line}\n")),
            // no such section
            ("---\nid: a\n---\n## 背景\nx\n", format!("---\nid: a\n---\n## 背景\nx\n\n## 反馈记录\n\n{line}\n")),
            ("---\nid: a\n---\n", format!("---\nid: a\n---\n## 反馈记录\n\n{line}\n")),
            ("---\nid: a\n---", format!("---\nid: a\n---\n\n## 反馈记录\n\n{line}\n")),
            // CRLF
            (
                "---\r\nid: a\r\n---\r\n## 反馈记录\r\n\r\n## 附件\r\n",
                format!("---\r\nid: a\r\n---\r\n## 反馈记录\r\n\r\n{line}\r\n## 附件\r\n"),
            ),
        ];
        for (t, want) in cases {
            assert_eq!(append_to_section(&doc(t), &names, "反馈记录", line).apply(t), want, "{t:?}");
        }
    }
}

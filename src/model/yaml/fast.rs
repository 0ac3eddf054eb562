//! A fast path for the YAML that records are made of.
//!
//! Almost every front matter is `key: value` lines at column 0: plain or
//! quoted one-line scalars, `[a, b]` lists, block lists of scalars, of
//! `{ by: …, at: … }` mappings or of `- task: …` mappings, flow collections
//! nested up to three deep on one line (an action item's `acks: [{ by: …,
//! at: … }]`), and comments.
//! This module reads exactly that subset, line by line, and builds the same
//! tree — same values, same spans, same warnings — as the full parser would.
//! Anything outside the subset (tags, anchors, block scalars, multi-line or
//! escaped scalars, tabs, nested block mappings, deeper flow nesting, a
//! suspicious character) makes it give up with `None`, and `yaml::parse` hands the text to saphyr-parser,
//! which also produces every error message.
//!
//! Why: parsing is the largest cost of reading 100,000 records, and this
//! subset is read several times faster than by a general YAML parser.
//! The equivalence is tested against the full parser on the example
//! repository, the third-party corpus and generated documents
//! (`tests` below and `tests/it/yaml_fast.rs`).

use super::{Entry, Limits, Node, Origin, Parsed, Pos, Span, Style, Text, Value, Warning};

/// How deep flow collections nest on the fast path: a flow mapping in a
/// flow list in a flow mapping (`- { task: …, acks: [{ by: …, at: … }] }`).
const MAX_FLOW_DEPTH: usize = 3;

/// Reads `text` if it is in the simple subset.
pub fn parse(text: &str, origin: Origin, limits: Limits) -> Option<Parsed> {
    // One pass over the bytes: line ends, and anything that sends the
    // text to the full parser — a tab, a control character, a lone CR (a
    // line break to YAML), or a BOM, NEL, LS or PS (`EF BB BF`, `C2 85`,
    // `E2 80 A8`, `E2 80 A9`).
    let b = text.as_bytes();
    let mut lines = Vec::with_capacity(32);
    let mut start = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c >= 0x20 && c != 0x7F && c != 0xC2 && c != 0xE2 && c != 0xEF {
            i += 1;
            continue;
        }
        match c {
            b'\n' => {
                let end = if i > start && b[i - 1] == b'\r' { i - 1 } else { i };
                lines.push((start, end));
                start = i + 1;
            }
            b'\r' if b.get(i + 1) != Some(&b'\n') => return None,
            b'\r' => {}
            // NEL and the C1 controls (which YAML forbids; the full parser
            // reports them), DEL, and the non-characters U+FFFE, U+FFFF.
            0xC2 if matches!(b.get(i + 1), Some(0x80..=0x9F)) => return None,
            0xEF if b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)) => return None,
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => return None,
            0xEF if b.get(i + 1) == Some(&0xBB) && b.get(i + 2) == Some(&0xBF) => return None,
            0xC2 | 0xE2 | 0xEF => {}
            _ => return None,
        }
        i += 1;
    }
    if start < text.len() {
        lines.push((start, text.len()));
    }
    let mut p = Fast { text, origin, lines, nodes: 0, max_nodes: limits.max_nodes, warnings: Vec::new() };
    let root = p.document()?;
    Some(Parsed { root, warnings: p.warnings })
}

struct Fast<'a> {
    text: &'a str,
    origin: Origin,
    /// Byte ranges of the lines, without their line breaks.
    lines: Vec<(usize, usize)>,
    nodes: usize,
    max_nodes: usize,
    warnings: Vec<Warning>,
}

/// What follows `key:` on its line.
enum Inline {
    /// Nothing (or a comment): the value is null, or a block below.
    Empty,
    Node(Node),
}

impl<'a> Fast<'a> {
    fn line(&self, i: usize) -> &'a str {
        let (s, e) = self.lines[i];
        &self.text[s..e]
    }

    /// The position of byte `at` (an offset into the text) on line `i`.
    fn pos(&self, i: usize, at: usize) -> Pos {
        let (s, _) = self.lines[i];
        let prefix = &self.text[s..at];
        let col = if prefix.is_ascii() { prefix.len() } else { prefix.chars().count() };
        Pos { offset: self.origin.offset + at, line: self.origin.line + i as u32, col: col as u32 + 1 }
    }

    /// The span of bytes `s..e` on line `i`: the end's column counted on
    /// from the start's, without reading the line's prefix again.
    fn span(&self, i: usize, s: usize, e: usize) -> Span {
        let start = self.pos(i, s);
        let part = &self.text[s..e];
        let width = if part.is_ascii() { part.len() } else { part.chars().count() };
        let end = Pos { offset: self.origin.offset + e, line: start.line, col: start.col + width as u32 };
        Span { start, end }
    }

    fn count(&mut self) -> Option<()> {
        self.nodes += 1;
        (self.nodes <= self.max_nodes).then_some(())
    }

    /// Blank and comment-only lines carry nothing.
    fn blank(&self, i: usize) -> bool {
        let t = self.line(i).trim_start_matches(' ');
        t.is_empty() || t.starts_with('#')
    }

    /// The next line from `i` that is not blank or a comment.
    fn next_content(&self, mut i: usize) -> usize {
        while i < self.lines.len() && self.blank(i) {
            i += 1;
        }
        i
    }

    fn indent(&self, i: usize) -> usize {
        let l = self.line(i);
        l.len() - l.trim_start_matches(' ').len()
    }

    fn document(&mut self) -> Option<Option<Node>> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut i = self.next_content(0);
        while i < self.lines.len() {
            // Document markers (`---`, `...`) at the start of a line are
            // the full parser's business.
            if self.indent(i) != 0 || self.line(i).starts_with("---") || self.line(i).starts_with("...") {
                return None;
            }
            let (entry, next) = self.entry(i, 0, true)?;
            self.push_entry(&mut entries, entry);
            i = self.next_content(next);
        }
        if entries.is_empty() {
            return Some(None);
        }
        self.count()?;
        let start = entries[0].key_span.start;
        let end = entries.last().map(|e| e.value.span.end).unwrap_or(start);
        Some(Some(Node { value: Value::Map { entries, flow: false }, span: Span { start, end } }))
    }

    /// Adds an entry, or a duplicate-key warning (the first one is kept).
    fn push_entry(&mut self, entries: &mut Vec<Entry>, entry: Entry) {
        match entries.iter().find(|e| e.key == entry.key) {
            Some(first) => self.warnings.push(Warning::DuplicateKey {
                key: entry.key,
                first: first.key_span.start,
                again: entry.key_span,
            }),
            None => entries.push(entry),
        }
    }

    /// `key: value` starting at byte column `col` of line `i` (the line's
    /// indentation is `col` for a top-level entry, or an item's content).
    /// Returns the entry and the line after it.
    /// `block` allows a block list below the key (only at the top level:
    /// nesting is for the full parser, which bounds its depth).
    fn entry(&mut self, i: usize, col: usize, block: bool) -> Option<(Entry, usize)> {
        let (ls, _) = self.lines[i];
        let at = ls + col;
        let line = self.line(i);
        let rest = &line[col..];
        let key_len = key_length(rest)?;
        let key = &rest[..key_len];
        self.count()?;
        let key_span = self.span(i, at, at + key_len);
        let colon = at + key_len;
        let after = at + key_len + 1;
        match self.inline(i, after)? {
            Inline::Node(node) => {
                // A scalar continued on a more indented line (or anything
                // indented below a value) is for the full parser.
                let next = self.next_line_after(i + 1);
                if next < self.lines.len() && self.indent(next) > col {
                    return None;
                }
                Some((Entry { key: Text::from(key), key_span, value: node }, i + 1))
            }
            Inline::Empty => {
                let next = self.next_content(i + 1);
                if next < self.lines.len() {
                    let ind = self.indent(next);
                    let nl = self.line(next);
                    let item = nl[ind..].starts_with("- ") || &nl[ind..] == "-";
                    if item && block && (ind > col || (ind == col && col == 0)) {
                        let (seq, after_seq) = self.block_seq(next, ind, col)?;
                        return Some((Entry { key: Text::from(key), key_span, value: seq }, after_seq));
                    }
                    if ind > col {
                        // A nested mapping or an indented continuation.
                        return None;
                    }
                }
                self.count()?;
                let p = self.pos(i, colon);
                let value = Node {
                    value: Value::Scalar { text: Text::default(), style: Style::Plain },
                    span: Span { start: p, end: p },
                };
                Some((Entry { key: Text::from(key), key_span, value }, i + 1))
            }
        }
    }

    /// The first line from `i` that is not blank (comments count as content
    /// here: an indented comment after a scalar is for the full parser).
    fn next_line_after(&self, mut i: usize) -> usize {
        while i < self.lines.len() && self.line(i).trim().is_empty() {
            i += 1;
        }
        i
    }

    /// The value after `key:` on line `i`, from byte `from` (just after the colon).
    fn inline(&mut self, i: usize, from: usize) -> Option<Inline> {
        let (_, le) = self.lines[i];
        let rest = &self.text[from..le];
        if rest.is_empty() {
            return Some(Inline::Empty);
        }
        if !rest.starts_with(' ') {
            return None;
        }
        let trimmed = rest.trim_start_matches(' ');
        let vstart = le - trimmed.len();
        if trimmed.is_empty() || trimmed.starts_with('#') {
            return Some(Inline::Empty);
        }
        let (node, end) = self.value(i, vstart, le, false)?;
        trailing(&self.text[end..le])?;
        Some(Inline::Node(node))
    }

    /// A value starting at byte `s` of line `i` (ending by `le`): a quoted
    /// or plain scalar, a flow list or a flow mapping. In flow context the
    /// value ends at `,`, `]` or `}`. Returns the node and where it ends.
    fn value(&mut self, i: usize, s: usize, le: usize, flow: bool) -> Option<(Node, usize)> {
        let t = &self.text[s..le];
        let first = t.chars().next()?;
        match first {
            '"' => {
                let close = t[1..].find('"')? + 1;
                let inner = &t[1..close];
                if inner.contains('\\') {
                    return None;
                }
                self.scalar(i, s, s + close + 1, Text::from(inner), Style::DoubleQuoted)
            }
            '\'' => {
                let mut j = 1;
                let b = t.as_bytes();
                let mut text = String::new();
                loop {
                    let k = t[j..].find('\'')? + j;
                    text.push_str(&t[j..k]);
                    if b.get(k + 1) == Some(&b'\'') {
                        text.push('\'');
                        j = k + 2;
                    } else {
                        j = k + 1;
                        break;
                    }
                }
                self.scalar(i, s, s + j, Text::from(text), Style::SingleQuoted)
            }
            // Nested collections go through `flow_item`, which bounds
            // their depth.
            '[' | '{' if flow => None,
            '[' => self.flow_seq(i, s, le, 1),
            '{' => self.flow_map(i, s, le, 1),
            // (A value never starts with a space here: callers skip them.)
            c if indicator(c) => None,
            _ => {
                // A plain scalar: to the end of the line, a comment, or (in
                // flow context) the next `,`, `]` or `}`.
                let mut end = t.len();
                let bytes = t.as_bytes();
                for (k, &c) in bytes.iter().enumerate() {
                    if flow && matches!(c, b',' | b']' | b'}' | b'[' | b'{') {
                        end = k;
                        break;
                    }
                    if c == b'#' && k > 0 && bytes[k - 1] == b' ' {
                        end = k;
                        break;
                    }
                    if c == b':' {
                        let next = bytes.get(k + 1).copied();
                        if matches!(next, None | Some(b' '))
                            || (flow && matches!(next, Some(b',' | b']' | b'}' | b'[' | b'{')))
                        {
                            return None;
                        }
                    }
                }
                let text = t[..end].trim_end_matches(' ');
                if text.is_empty() {
                    return None;
                }
                self.scalar(i, s, s + text.len(), Text::from(text), Style::Plain)
            }
        }
    }

    fn scalar(&mut self, i: usize, s: usize, e: usize, text: Text, style: Style) -> Option<(Node, usize)> {
        self.count()?;
        Some((Node { value: Value::Scalar { text, style }, span: self.span(i, s, e) }, e))
    }

    /// `[a, b, "c"]` or `[{ by: a, at: b }]` on one line.
    fn flow_seq(&mut self, i: usize, s: usize, le: usize, depth: usize) -> Option<(Node, usize)> {
        let mut items = Vec::new();
        let mut at = skip_spaces(self.text, s + 1, le);
        if self.text[at..le].starts_with(']') {
            return self.flow_end(i, s, at, Value::Seq { items, flow: true });
        }
        loop {
            let (item, end) = self.flow_item(i, at, le, depth)?;
            items.push(item);
            at = skip_spaces(self.text, end, le);
            match self.text.as_bytes().get(at) {
                Some(b',') if at < le => {
                    at = skip_spaces(self.text, at + 1, le);
                    if self.text[at..le].starts_with(']') {
                        return None; // a trailing comma: leave it to the full parser
                    }
                }
                Some(b']') if at < le => return self.flow_end(i, s, at, Value::Seq { items, flow: true }),
                _ => return None,
            }
        }
    }

    /// `{ by: 李娜, at: 2026-11-22 10:00 }` on one line.
    fn flow_map(&mut self, i: usize, s: usize, le: usize, depth: usize) -> Option<(Node, usize)> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut at = skip_spaces(self.text, s + 1, le);
        if self.text[at..le].starts_with('}') {
            return self.flow_end(i, s, at, Value::Map { entries, flow: true });
        }
        loop {
            let key_len = key_length(&self.text[at..le])?;
            let key = Text::from(&self.text[at..at + key_len]);
            self.count()?;
            let key_span = self.span(i, at, at + key_len);
            let after = at + key_len + 1;
            if !self.text[after..le].starts_with(' ') {
                return None;
            }
            let vs = skip_spaces(self.text, after, le);
            if matches!(self.text.as_bytes().get(vs), Some(b',' | b'}')) {
                return None; // an empty value in a flow mapping
            }
            let (value, end) = self.flow_item(i, vs, le, depth)?;
            let entry = Entry { key, key_span, value };
            self.push_entry(&mut entries, entry);
            at = skip_spaces(self.text, end, le);
            match self.text.as_bytes().get(at) {
                Some(b',') if at < le => {
                    at = skip_spaces(self.text, at + 1, le);
                    if self.text[at..le].starts_with('}') {
                        return None;
                    }
                }
                Some(b'}') if at < le => return self.flow_end(i, s, at, Value::Map { entries, flow: true }),
                _ => return None,
            }
        }
    }

    /// An item of a flow collection `depth` deep: a scalar, or a flow
    /// collection nested at most [`MAX_FLOW_DEPTH`] deep — enough for an
    /// action item's `{ task: …, acks: [{ by: 李娜, at: … }] }`; deeper
    /// nesting is for the full parser, which bounds its depth.
    fn flow_item(&mut self, i: usize, s: usize, le: usize, depth: usize) -> Option<(Node, usize)> {
        match self.text.as_bytes().get(s) {
            Some(b'[') if depth < MAX_FLOW_DEPTH => self.flow_seq(i, s, le, depth + 1),
            Some(b'{') if depth < MAX_FLOW_DEPTH => self.flow_map(i, s, le, depth + 1),
            _ => self.value(i, s, le, true),
        }
    }

    /// A flow collection from `[`/`{` at `s` to its closing bracket at `close`.
    fn flow_end(&mut self, i: usize, s: usize, close: usize, value: Value) -> Option<(Node, usize)> {
        self.count()?;
        Some((Node { value, span: Span { start: self.pos(i, s), end: self.pos(i, close + 1) } }, close + 1))
    }

    /// A block list whose `-` are at column `ind`, starting on line `i`,
    /// under a key at column `parent`. Returns the list and the line after it.
    fn block_seq(&mut self, mut i: usize, ind: usize, parent: usize) -> Option<(Node, usize)> {
        let mut items = Vec::new();
        let start = self.pos(i, self.lines[i].0 + ind);
        loop {
            let line = self.line(i);
            if line.len() < ind + 2 {
                return None;
            }
            let content = ind + 2;
            let (ls, le) = self.lines[i];
            let rest = &line[content..];
            if rest.starts_with(' ') || rest.is_empty() {
                return None;
            }
            let (item, next) = if key_length(rest).is_some() && !rest.starts_with(['"', '\'', '[', '{']) {
                self.block_map_item(i, content)?
            } else {
                let (node, end) = self.value(i, ls + content, le, false)?;
                trailing(&self.text[end..le])?;
                let next = self.next_line_after(i + 1);
                if next < self.lines.len() && self.indent(next) > ind && !self.is_item(next, ind) {
                    return None;
                }
                (node, i + 1)
            };
            items.push(item);
            let n = self.next_content(next);
            if n < self.lines.len() && self.is_item(n, ind) {
                i = n;
                continue;
            }
            if n < self.lines.len() && self.indent(n) > parent && self.indent(n) != 0 {
                return None;
            }
            if n < self.lines.len() && self.indent(n) == 0 && ind == 0 && self.line(n).starts_with('-') {
                return None;
            }
            self.count()?;
            let end = items.last().map(|it: &Node| it.span.end).unwrap_or(start);
            // An indentless list (`-` at its key's column) starts, for the
            // full parser, at its first item rather than at the `-`.
            let start = if ind == parent { items.first().map_or(start, |it: &Node| it.span.start) } else { start };
            return Some((Node { value: Value::Seq { items, flow: false }, span: Span { start, end } }, next));
        }
    }

    fn is_item(&self, i: usize, ind: usize) -> bool {
        self.indent(i) == ind && self.line(i)[ind..].starts_with("- ")
    }

    /// `- key: value` and the lines below it at the key's column.
    fn block_map_item(&mut self, i: usize, col: usize) -> Option<(Node, usize)> {
        let mut entries: Vec<Entry> = Vec::new();
        let mut line = i;
        loop {
            let (entry, next) = self.entry(line, col, false)?;
            self.push_entry(&mut entries, entry);
            let n = self.next_content(next);
            if n < self.lines.len() && self.indent(n) == col && !self.line(n)[col..].starts_with('-') {
                line = n;
                continue;
            }
            if n < self.lines.len() && self.indent(n) > col {
                return None;
            }
            self.count()?;
            let start = entries[0].key_span.start;
            let end = entries.last().map(|e| e.value.span.end).unwrap_or(start);
            return Some((Node { value: Value::Map { entries, flow: false }, span: Span { start, end } }, next));
        }
    }
}

/// A character a plain key or scalar cannot start with (YAML indicators,
/// quotes, brackets, a space). A `matches!`: `str::contains(char)` costs
/// several times more on a string this short, once per key and value.
#[rustfmt::skip]
fn indicator(c: char) -> bool {
    matches!(c, ' ' | '-' | '?' | ':' | ',' | '[' | ']' | '{' | '}' | '#' | '&' | '*' | '!' | '|' | '>' | '\'' | '"' | '%' | '@' | '`')
}

/// The length of a plain key at the start of `t`, if it is one: up to a
/// `:` followed by a space or the end, with nothing a key should not have.
fn key_length(t: &str) -> Option<usize> {
    let first = t.chars().next()?;
    if indicator(first) {
        return None;
    }
    let b = t.as_bytes();
    for (k, &c) in b.iter().enumerate() {
        match c {
            b':' if matches!(b.get(k + 1), None | Some(b' ')) => {
                // A key over 1024 characters is an error: the full parser's.
                return (t[..k].trim_end() == &t[..k] && k <= super::MAX_KEY_CHARS).then_some(k);
            }
            b'#' | b'"' | b'\'' | b'[' | b']' | b'{' | b'}' | b',' => return None,
            b' ' if matches!(b.get(k + 1), Some(b' ') | Some(b'#')) => return None,
            _ => {}
        }
    }
    None
}

fn skip_spaces(text: &str, mut at: usize, end: usize) -> usize {
    while at < end && text.as_bytes()[at] == b' ' {
        at += 1;
    }
    at
}

/// What may follow a value on its line: spaces, then a comment or nothing.
fn trailing(rest: &str) -> Option<()> {
    let t = rest.trim_start_matches(' ');
    (t.is_empty() || (t.starts_with('#') && t.len() < rest.len())).then_some(())
}

#[cfg(test)]
mod tests {
    use super::super::{Limits, Origin, parse_full};
    use super::*;

    /// The fast path reads `text` and gives exactly the full parser's tree.
    #[track_caller]
    fn same(text: &str) {
        let origin = Origin { offset: 7, line: 3 };
        let fast = parse(text, origin, Limits::default()).unwrap_or_else(|| panic!("fast path gave up on {text:?}"));
        let full = parse_full(text, origin, Limits::default()).unwrap();
        assert_eq!(fast.root, full.root, "{text:?}");
        assert_eq!(fast.warnings, full.warnings, "{text:?}");
    }

    /// The fast path gives up, or agrees.
    #[track_caller]
    fn never_differs(text: &str) {
        let origin = Origin::START;
        if let Some(fast) = parse(text, origin, Limits::default()) {
            let full =
                parse_full(text, origin, Limits::default()).expect("the fast path read what the full parser refuses");
            assert_eq!(fast.root, full.root, "{text:?}");
            assert_eq!(fast.warnings, full.warnings, "{text:?}");
        }
    }

    #[test]
    fn reads_record_front_matter_like_the_full_parser() {
        same(
            "id: 20261122-7f3a\ntype: urgent\nsubject: 【紧急】生产部-设备故障通知\nowner: 张伟\ndeadline: 2026-11-23 17:00\n",
        );
        same("to: [设备部, 安全部]\ncc: []\nempty:\nnote: x # comment\nq: \"a: b\"\ns: 'it''s'\n");
        same(
            "# comment\n\nacks:\n  - { by: 李娜, at: 2026-11-22 10:00 }\n  - {by: 王强, at: 2026-11-22 11:00}\nnext: x\n",
        );
        same(
            "actions:\n  - task: 提交清单\n    owner: 王强\n    deadline: 2026-11-27 18:00\n    status: open\n\n  # between items\n  - task: b\n    owner: c\n    deadline:\n    status: done\nafter: 1\n",
        );
        same("tags:\n- a\n- b\nz: 1\n");
        same("actions:\n- task: a\n  owner: b\n- task: c\nz: 1\n");
        // An indentless list whose first item is a flow list (found by fuzzing).
        same("deadline: # c\n\n- [ ]  # c\n");
        same("k:\n- [a]\n- {b: c}\n");
        // A document end marker then content (found by fuzzing): an error
        // of the full parser, not a key.
        never_differs("... e:\n");
        assert!(parse("... e:\n", Origin::START, Limits::default()).is_none());
        same("a: 1\r\nb: [x]\r\n");
        same("a: 1\nb: 2\na: 3\n");
        same("acks:\n  - { by: a, by: b }\n");
        same("deadline: '2026-11-23 17:00'  # note\n");
        same("to: [a, b]  # note\nacks:\n  - { by: a, at: b }  # note\n");
        same("k:   # only a comment\nv: 1\n");
        // Item-level acks: a flow list of flow mappings, in a block item and in a flow one.
        same("k: [{ by: a, at: 2026-11-22 10:00 }, {by: b, at: c}]\nz: []\n");
        same(
            "actions:\n  - task: t\n    owner: 李娜\n    acks: [{ by: 李娜, at: 2026-11-22 10:00 }]\n    status: open\n  - { task: u, acks: [{ by: x, at: y }] }\n",
        );
        same("k: [ {a: 1} , b, {} ]\n");
        same("k: [[a], {b: [c, d]}]\n");
        same("");
        same("# only comments\n");
    }

    #[test]
    fn gives_up_outside_the_subset_and_never_differs() {
        for text in [
            "a: |\n  block\n",
            "a: &x 1\nb: *x\n",
            "a: !tag 1\n",
            "a: b\n  continued\n",
            "a:\n  b: nested\n",
            "a: \"esc\\n\"\n",
            "a: [x,]\n",
            "a: x: y\n",
            "a:\tb\n",
            "- list at top\n",
            "a: 'multi\n  line'\n",
            "a: [x\n",
            "a: b #c\n  # indented comment\n",
            "owner: @x\n",
            "a: {b: 1}}\n",
            // Multi-line flow lists (Hugo's `aliases`), the closing bracket
            // at column 1 after a quoted item or a bracket.
            "aliases: [\n  '/a/',\n]\n",
            "aliases: [\n  \"/a/\"\n]\nz: 1\n",
            "a: [\n  [x]\n]\n",
            "a: [\n  /a/,\n]\n",
            "a: [{b: [c]}]\n",
            "a: [{b: {c: d}}]\n",
            "a: [{b: [{c: d}]}]\n",
            "a: [[[[x]]]]\n",
            "a: [{b: c]\n",
            "a: [{b: c},]\n",
            "a: [{b: c}}]\n",
            "a: [{b: c} d]\n",
            "a: [{b: c}, [d]]\n",
            // Characters YAML forbids, and an over-long key: errors of the
            // full parser.
            "a: x\u{7f}\n",
            "a: x\u{80}\n",
            "a: x\u{9f}\n",
            "a: \u{fffe}\n",
            "a: [\u{ffff}]\n",
        ] {
            never_differs(text);
        }
        for text in ["a: x\u{7f}\n", "a: x\u{80}\n", "a: \u{fffe}\n", "a: \u{ffff}\n"] {
            assert!(parse(text, Origin::START, Limits::default()).is_none(), "{text:?}");
        }
        let key = "k".repeat(1025);
        assert!(parse(&format!("{key}: x\n"), Origin::START, Limits::default()).is_none());
        assert!(parse(&format!("a: {{{key}: x}}\n"), Origin::START, Limits::default()).is_none());
        assert!(parse("a: |\n  x\n", Origin::START, Limits::default()).is_none());
        assert!(parse("a: b\n  c\n", Origin::START, Limits::default()).is_none());
        assert!(parse("aliases: [\n  '/a/',\n]\n", Origin::START, Limits::default()).is_none());
        assert!(super::super::parse("aliases: [\n  '/a/',\n]\n", Origin::START, Limits::default()).is_ok());
    }
}

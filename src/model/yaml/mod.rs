//! The one door to YAML.
//!
//! Every YAML byte `comms` reads goes through this module, so the crate that
//! parses it can be swapped in one place (see `docs/decisions/0001-yaml.md`).
//!
//! We do not deserialize into serde values: records need the position of
//! every key and value in the original file (for diagnostics a user can act
//! on, and for edits that change only the bytes they must), and scalars must
//! stay the strings the user wrote (`2026-11-23 17:00` is not a timestamp,
//! `yes` is not a boolean, `20261122` is not a number). So we read the event
//! stream of `saphyr-parser` and build a small tree of [`Node`]s, each with
//! its [`Span`] in the file.
//!
//! The tree is bounded: nesting depth and the number of nodes (aliases
//! included, so "billion laughs" documents stop early) have limits, and
//! duplicate keys are reported rather than silently overwritten.

pub mod de;
pub mod fast;

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Marker, Parser, ScalarStyle, ScanError};

/// The text of a scalar or key: short ones (ids, names, dates, keys) are
/// kept inline, without an allocation each.
pub type Text = compact_str::CompactString;

/// A position in a source file.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Pos {
    /// Byte offset from the start of the file (BOM included).
    pub offset: usize,
    /// Line, 1-based.
    pub line: u32,
    /// Column, 1-based, counted in characters (not bytes, not display cells).
    pub col: u32,
}

/// A range of a source file: `start` inclusive, `end` exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Span {
    pub start: Pos,
    pub end: Pos,
}

/// How a scalar was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

/// A YAML value with its place in the file.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub value: Value,
    pub span: Span,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// Every scalar stays a string; `style` tells how it was written.
    Scalar {
        text: Text,
        style: Style,
    },
    Seq {
        items: Vec<Node>,
        flow: bool,
    },
    Map {
        entries: Vec<Entry>,
        flow: bool,
    },
}

/// One `key: value` pair of a mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Text,
    pub key_span: Span,
    pub value: Node,
}

impl Node {
    /// The scalar's text, or `None` for a collection.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// A plain empty scalar, `~` or `null`: the key is written without a value.
    pub fn is_null(&self) -> bool {
        matches!(&self.value, Value::Scalar { text, style: Style::Plain }
            if text.is_empty() || text == "~" || text.eq_ignore_ascii_case("null"))
    }

    pub fn entries(&self) -> Option<&[Entry]> {
        match &self.value {
            Value::Map { entries, .. } => Some(entries),
            _ => None,
        }
    }

    pub fn items(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq { items, .. } => Some(items),
            _ => None,
        }
    }

    /// The first entry with this key (duplicates are reported by the parser).
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries()?.iter().find(|e| e.key == key)
    }

    /// What kind of value this is, for messages: "a list", "a mapping", "text".
    pub fn kind_name(&self) -> &'static str {
        match &self.value {
            Value::Scalar { .. } => "text",
            Value::Seq { .. } => "a list",
            Value::Map { .. } => "a mapping",
        }
    }

    fn count(&self) -> usize {
        1 + match &self.value {
            Value::Scalar { .. } => 0,
            Value::Seq { items, .. } => items.iter().map(Node::count).sum(),
            Value::Map { entries, .. } => entries.iter().map(|e| e.value.count()).sum(),
        }
    }
}

/// Why a YAML text could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
    pub pos: Pos,
    /// What to write instead, when the error is one of ours rather than
    /// the parser's.
    pub help: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text is not YAML.
    Syntax,
    /// The text is YAML we refuse to read: too deep, too many nodes, a
    /// collection as a key, several documents.
    Unsupported,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at line {}, column {}", self.message, self.pos.line, self.pos.col)
    }
}

/// Something odd but readable, found while building the tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Warning {
    /// The same key twice in one mapping; the first one is kept.
    DuplicateKey { key: Text, first: Pos, again: Span },
    /// A tag such as `!ruby/hash` or `!!js/regexp`; the value is read as text.
    Tag { tag: String, span: Span },
}

/// Bounds that keep hostile input cheap.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    pub max_depth: usize,
    pub max_nodes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits { max_depth: 32, max_nodes: 20_000 }
    }
}

/// The result of a parse: the root (`None` for an empty text) and warnings.
#[derive(Clone, Debug)]
pub struct Parsed {
    pub root: Option<Node>,
    pub warnings: Vec<Warning>,
}

/// Where the YAML text sits in its file, so positions come out in file terms.
#[derive(Clone, Copy, Debug)]
pub struct Origin {
    /// Byte offset of the text's first byte in the file.
    pub offset: usize,
    /// File line of the text's first line (1-based).
    pub line: u32,
}

impl Origin {
    pub const START: Origin = Origin { offset: 0, line: 1 };
}

/// Parses one YAML document: the common record subset by the fast path,
/// anything else (and every error) by saphyr-parser. With
/// `COMMS_YAML_PARSER=full` in the environment every document goes to
/// saphyr-parser: CI runs the integration tests once that way, so both
/// paths answer every test the same.
pub fn parse(text: &str, origin: Origin, limits: Limits) -> Result<Parsed, Error> {
    if full_parser_only() {
        return parse_full(text, origin, limits);
    }
    match fast::parse(text, origin, limits) {
        Some(parsed) => Ok(parsed),
        None => parse_full(text, origin, limits),
    }
}

/// Whether `COMMS_YAML_PARSER=full` is set (read once per process).
fn full_parser_only() -> bool {
    static FULL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *FULL.get_or_init(|| std::env::var_os("COMMS_YAML_PARSER").is_some_and(|v| v == "full"))
}

/// How many lines [`parse_full`] moves right to get past saphyr-parser's
/// closing-bracket bug before it reports the error.
const MAX_SHIFTED_LINES: usize = 64;

/// Parses one YAML document with saphyr-parser, whatever it holds.
///
/// saphyr-parser 0.3.3 refuses a flow collection whose closing bracket is
/// on a line of its own at the indentation of the block around it —
/// `aliases: [` / `  '/a/',` / `]` — when what comes before the bracket is
/// a quoted scalar or another bracket (after a plain scalar it accepts
/// it); libyaml, PyYAML and go-yaml read it (docs/decisions/0001-yaml.md,
/// "Known parser bugs"). When its "invalid indentation" points at such a
/// bracket inside an open flow collection, the text is parsed again with
/// one space in front of that line, and positions on the line are moved
/// back by that one column.
pub fn parse_full(text: &str, origin: Origin, limits: Limits) -> Result<Parsed, Error> {
    if let Some(e) = forbidden_char(text, origin) {
        return Err(e);
    }
    let mut shifted: Vec<usize> = Vec::new();
    loop {
        match parse_shifted(text, origin, limits, &shifted) {
            Ok(parsed) => return Ok(parsed),
            Err((_, Some(line))) if shifted.len() < MAX_SHIFTED_LINES => {
                shifted.push(line);
                shifted.sort_unstable();
            }
            Err((err, _)) => return Err(err),
        }
    }
}

/// [`parse_full`] with one space put in front of each line of `shifted`
/// (0-based line indexes of `text`); on an error, also the line to shift
/// when the error is saphyr-parser's closing-bracket bug.
fn parse_shifted(
    text: &str,
    origin: Origin,
    limits: Limits,
    shifted: &[usize],
) -> Result<Parsed, (Error, Option<usize>)> {
    let lines = LineMap::new(text, origin, shifted);
    let moved: String;
    let input = if shifted.is_empty() {
        text
    } else {
        let mut s = String::with_capacity(text.len() + shifted.len());
        let mut from = 0;
        for &l in shifted {
            let at = lines.starts[l];
            s.push_str(&text[from..at]);
            s.push(' ');
            from = at;
        }
        s.push_str(&text[from..]);
        moved = s;
        &moved
    };
    let mut b = Builder::new(lines, limits);
    let mut parser = Parser::new_from_str(input);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| {
            let err = b.scan_error(&e);
            let retry = b.closing_bracket_bug(&e, err.pos);
            (b.unclosed(err), retry)
        })?;
        let start = b.lines.pos(span.start);
        let end = b.lines.pos(span.end);
        if b.event(event, Span { start, end }).map_err(|e| (e, None))? {
            break;
        }
    }
    Ok(Parsed { root: b.root, warnings: b.warnings })
}

/// The longest implicit key YAML allows, in characters.
pub const MAX_KEY_CHARS: usize = 1024;

/// The first character YAML does not allow anywhere in a stream (outside
/// `c-printable`): C0 controls other than tab, LF and CR, DEL, the C1
/// controls other than NEL, and the non-characters U+FFFE and U+FFFF.
/// saphyr-parser reads them as text; a file holding one is not YAML.
fn forbidden_char(text: &str, origin: Origin) -> Option<Error> {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        let bad = match c {
            b'\t' | b'\n' | b'\r' => false,
            0..0x20 | 0x7F => true,
            0xC2 => matches!(b.get(i + 1), Some(&n) if (0x80..=0x9F).contains(&n) && n != 0x85),
            0xEF => b.get(i + 1) == Some(&0xBF) && matches!(b.get(i + 2), Some(0xBE | 0xBF)),
            _ => false,
        };
        if bad {
            let ch = text[i..].chars().next().unwrap_or('\0');
            let code = ch as u32;
            let pos = LineMap::new(text, origin, &[]).pos_of_byte(i);
            let (what, escape) = match code {
                0xFFFE | 0xFFFF => ("the non-character", format!("\\u{code:04X}")),
                0x1B => ("the control character", "\\e".to_string()),
                _ if code < 0x100 => ("the control character", format!("\\x{code:02X}")),
                _ => ("the control character", format!("\\u{code:04X}")),
            };
            return Some(Error {
                kind: ErrorKind::Syntax,
                message: format!("{what} U+{code:04X} is not allowed in YAML"),
                pos,
                help: Some(format!(
                    "delete it (it is invisible in most editors); if a value must hold it, write it as the escape `{escape}` inside double quotes"
                )),
            });
        }
        i += 1;
    }
    None
}

fn long_key(pos: Pos) -> Error {
    Error {
        kind: ErrorKind::Syntax,
        message: format!("a key longer than {MAX_KEY_CHARS} characters"),
        pos,
        help: Some(format!(
            "YAML allows at most {MAX_KEY_CHARS} characters before the `:` of a key; keys are short words such as `owner` — put the text in the value"
        )),
    }
}

/// Formats `text` as a YAML scalar that reads back as exactly `text`, as a
/// string, in any YAML 1.1 or 1.2 reader: plain when that is safe, double
/// quoted otherwise.
pub fn quote_scalar(text: &str) -> String {
    if plain_is_safe(text) { text.to_string() } else { double_quoted(text) }
}

fn double_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Like [`quote_scalar`], for a value inside a flow collection (`[…]`,
/// `{…}`), where `,`, brackets and braces end a plain value.
pub fn quote_flow_scalar(text: &str) -> String {
    if text.contains([',', '[', ']', '{', '}']) { double_quoted(text) } else { quote_scalar(text) }
}

fn plain_is_safe(text: &str) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    if text.trim() != text || text.chars().any(|c| c.is_control()) {
        return false;
    }
    if "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    // Words other readers turn into booleans, nulls or numbers.
    let lower = text.to_ascii_lowercase();
    if matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~" | ".nan" | ".inf" | "-.inf" | "+.inf"
    ) {
        return false;
    }
    // YAML 1.1 integers in other bases (`0x1F`, `0b101`, `0o17`) and
    // base 60 (`1:30`, `190:20:30.15`).
    let unsigned = lower.trim_start_matches(['+', '-']);
    let radix = |prefix: &str, digit: fn(char) -> bool| {
        unsigned.strip_prefix(prefix).is_some_and(|r| !r.is_empty() && r.chars().all(|c| digit(c) || c == '_'))
    };
    if radix("0x", |c| c.is_ascii_hexdigit())
        || radix("0b", |c| matches!(c, '0' | '1'))
        || radix("0o", |c| matches!(c, '0'..='7'))
    {
        return false;
    }
    if unsigned.contains(':')
        && unsigned.split(':').all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_digit() || matches!(c, '_' | '.')))
    {
        return false;
    }
    let numeric =
        text.chars().all(|c| c.is_ascii_digit() || matches!(c, '.' | '_' | '+' | '-' | 'e' | 'E' | 'x' | 'o' | 'X'));
    if numeric && text.chars().any(|c| c.is_ascii_digit()) {
        // A datetime such as `2026-11-23 17:00` contains a space and is not
        // all-numeric; a bare `2026-11-23` is, and YAML 1.1 reads it as a date.
        return false;
    }
    true
}

/// Line starts of the text, to turn the parser's character positions into
/// byte offsets.
struct LineMap<'a> {
    text: &'a str,
    starts: Vec<usize>,
    origin: Origin,
    /// Lines the parser reads with one more space in front (sorted, 0-based).
    shifted: &'a [usize],
    /// The last position turned into a byte offset: (line index, column,
    /// byte in the line). Events come in order, so the next one is found
    /// from there rather than from the line's start — a long line of many
    /// values (aliases, a flow list) costs linear time, not quadratic.
    last: std::cell::Cell<(usize, usize, usize)>,
    /// Characters walked to find positions, for the test that keeps this
    /// linear.
    #[cfg(test)]
    walked: std::cell::Cell<usize>,
}

impl<'a> LineMap<'a> {
    fn new(text: &'a str, origin: Origin, shifted: &'a [usize]) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| i + 1));
        LineMap {
            text,
            starts,
            origin,
            shifted,
            last: std::cell::Cell::new((usize::MAX, 0, 0)),
            #[cfg(test)]
            walked: std::cell::Cell::new(0),
        }
    }

    /// The position just after the closing quote of a quoted scalar whose
    /// span starts at `start` (at the quote, or at an anchor before it).
    fn closing_quote(&self, start: Pos, style: Style) -> Option<Pos> {
        let from = start.offset - self.origin.offset;
        let q = if style == Style::SingleQuoted { b'\'' } else { b'"' };
        let b = self.text.as_bytes();
        let open = from + b[from..].iter().position(|&c| c == q)?;
        let mut k = open + 1;
        while k < b.len() {
            match b[k] {
                b'\\' if q == b'"' => k += 2,
                c if c == q && q == b'\'' && b.get(k + 1) == Some(&b'\'') => k += 2,
                c if c == q => return Some(self.pos_of_byte(k + 1)),
                _ => k += 1,
            }
        }
        None
    }

    /// Just after the first `c` from `from` (a flow collection's end event
    /// sits at its bracket, but its span can run on over a comment).
    fn after(&self, from: Pos, c: u8) -> Option<Pos> {
        let at = from.offset - self.origin.offset;
        let k = self.text.as_bytes()[at..].iter().position(|&b| b == c)?;
        Some(self.pos_of_byte(at + k + 1))
    }

    /// The position of a byte offset of the text.
    fn pos_of_byte(&self, at: usize) -> Pos {
        let line_idx = self.starts.partition_point(|&s| s <= at).saturating_sub(1);
        let start = self.starts[line_idx];
        let (l, c, b) = self.last.get();
        let from = if l == line_idx && b <= at - start { b } else { 0 };
        let walked = self.text[start + from..at].chars().count();
        #[cfg(test)]
        self.walked.set(self.walked.get() + walked);
        let col = if from == 0 { walked } else { c + walked };
        self.last.set((line_idx, col, at - start));
        Pos { offset: self.origin.offset + at, line: self.origin.line + line_idx as u32, col: col as u32 + 1 }
    }

    /// `m.line()` is 1-based, `m.col()` 0-based in characters, in the text
    /// the parser read: on a shifted line one column more than in `text`.
    fn pos(&self, m: Marker) -> Pos {
        let line_idx = m.line().saturating_sub(1).min(self.starts.len() - 1);
        let col = if self.shifted.binary_search(&line_idx).is_ok() { m.col().saturating_sub(1) } else { m.col() };
        let start = self.starts[line_idx];
        let line_end = self.starts.get(line_idx + 1).copied().unwrap_or(self.text.len());
        let line_text = &self.text[start..line_end];
        let (l, c, b) = self.last.get();
        let (from_col, from_byte) = if l == line_idx && c <= col { (c, b) } else { (0, 0) };
        #[cfg(test)]
        self.walked.set(self.walked.get() + (col - from_col));
        let byte_in_line = match line_text[from_byte..].char_indices().nth(col - from_col) {
            Some((i, _)) => {
                self.last.set((line_idx, col, from_byte + i));
                from_byte + i
            }
            None => line_text.len(),
        };
        Pos {
            offset: self.origin.offset + start + byte_in_line,
            line: self.origin.line + line_idx as u32,
            col: col as u32 + 1,
        }
    }
}

enum Frame {
    Seq {
        start: Pos,
        items: Vec<Node>,
        flow: bool,
        anchor: usize,
    },
    Map {
        start: Pos,
        entries: Vec<Entry>,
        key: Option<(Text, Span)>,
        flow: bool,
        anchor: usize,
        index: Option<HashMap<Text, Pos>>,
    },
}

struct Builder<'a> {
    lines: LineMap<'a>,
    limits: Limits,
    stack: Vec<Frame>,
    root: Option<Node>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
    warnings: Vec<Warning>,
    documents: usize,
}

impl<'a> Builder<'a> {
    fn new(lines: LineMap<'a>, limits: Limits) -> Self {
        Builder {
            lines,
            limits,
            stack: Vec::new(),
            root: None,
            anchors: HashMap::new(),
            nodes: 0,
            warnings: Vec::new(),
            documents: 0,
        }
    }

    fn scan_error(&self, e: &ScanError) -> Error {
        let pos = self.lines.pos(*e.marker());
        // saphyr reads a plain key over 1024 characters as a value and then
        // stumbles on its `:`: say what is wrong.
        if e.info().contains("mapping values are not allowed") || e.info().contains("simple key") {
            let at = pos.offset - self.lines.origin.offset;
            let line_start = self.lines.text[..at].rfind('\n').map_or(0, |k| k + 1);
            let before = &self.lines.text[line_start..at];
            let key = before.trim_start_matches([' ', '-', '?']);
            if key.chars().count() > MAX_KEY_CHARS {
                return long_key(self.lines.pos_of_byte(at - key.len()));
            }
        }
        Error { kind: ErrorKind::Syntax, message: e.info().to_string(), pos, help: None }
    }

    /// The line to read again one column to the right when `e` (at `pos`)
    /// is saphyr-parser's "invalid indentation" at the closing bracket of
    /// a flow collection that is open (see [`parse_full`]).
    fn closing_bracket_bug(&self, e: &ScanError, pos: Pos) -> Option<usize> {
        if e.info() != "invalid indentation" {
            return None;
        }
        let open =
            self.stack.iter().any(|f| matches!(f, Frame::Seq { flow: true, .. } | Frame::Map { flow: true, .. }));
        let at = self.lines.text.as_bytes().get(pos.offset - self.lines.origin.offset)?;
        let line = (pos.line - self.lines.origin.line) as usize;
        (open && matches!(at, b']' | b'}') && self.lines.shifted.binary_search(&line).is_err()).then_some(line)
    }

    /// A syntax error after a `[` or `{` that its own line never closes is
    /// about that bracket: point there.
    fn unclosed(&self, err: Error) -> Error {
        let open = self.stack.iter().rev().find_map(|f| match f {
            Frame::Seq { start, flow: true, .. } => Some((*start, '[', ']', "list")),
            Frame::Map { start, flow: true, .. } => Some((*start, '{', '}', "mapping")),
            _ => None,
        });
        let Some((start, o, c, what)) = open else { return err };
        if start.line >= err.pos.line {
            return err;
        }
        let from = start.offset - self.lines.origin.offset;
        let line = self.lines.text[from..].split('\n').next().unwrap_or("");
        if line.matches(o).count() <= line.matches(c).count() {
            return err;
        }
        Error {
            kind: ErrorKind::Syntax,
            message: format!("the {what} opened with `{o}` here is never closed"),
            pos: start,
            help: None,
        }
    }

    fn unsupported(&self, message: impl Into<String>, pos: Pos) -> Error {
        Error { kind: ErrorKind::Unsupported, message: message.into(), pos, help: None }
    }

    fn tag(&mut self, tag: Option<std::borrow::Cow<'_, saphyr_parser::Tag>>, span: Span) {
        if let Some(tag) = tag {
            // `!!str` is harmless; anything else asks a reader to build an
            // object we will not build.
            if !(tag.is_yaml_core_schema() && tag.suffix == "str") {
                self.warnings.push(Warning::Tag { tag: tag.to_string(), span });
            }
        }
    }

    fn count(&mut self, n: usize, pos: Pos) -> Result<(), Error> {
        self.nodes += n;
        if self.nodes > self.limits.max_nodes {
            return Err(self.unsupported(
                format!(
                    "more than {} YAML nodes (aliases included); records are small, so this looks like an alias bomb",
                    self.limits.max_nodes
                ),
                pos,
            ));
        }
        Ok(())
    }

    /// Handles one event; `Ok(true)` ends the parse.
    fn event(&mut self, event: Event<'_>, span: Span) -> Result<bool, Error> {
        match event {
            Event::StreamStart | Event::Nothing | Event::DocumentEnd => {}
            Event::StreamEnd => return Ok(true),
            Event::DocumentStart(_) => {
                self.documents += 1;
                if self.documents > 1 {
                    return Err(self.unsupported(
                        "a second YAML document starts here; front matter holds one mapping",
                        span.start,
                    ));
                }
            }
            Event::Scalar(text, style, anchor, tag) => {
                self.tag(tag, span);
                self.count(1, span.start)?;
                let style = match style {
                    ScalarStyle::Plain => Style::Plain,
                    ScalarStyle::SingleQuoted => Style::SingleQuoted,
                    ScalarStyle::DoubleQuoted => Style::DoubleQuoted,
                    ScalarStyle::Literal => Style::Literal,
                    ScalarStyle::Folded => Style::Folded,
                };
                // saphyr's span of a quoted scalar runs on over a trailing
                // comment; end it at the closing quote.
                let span = match style {
                    Style::SingleQuoted | Style::DoubleQuoted => match self.lines.closing_quote(span.start, style) {
                        Some(end) => Span { start: span.start, end },
                        None => span,
                    },
                    _ => span,
                };
                let node = Node { value: Value::Scalar { text: Text::from(text.as_ref()), style }, span };
                self.finish(node, anchor)?;
            }
            Event::Alias(id) => {
                let Some(target) = self.anchors.get(&id) else {
                    return Err(self.unsupported("alias to an unknown anchor", span.start));
                };
                let mut node = target.clone();
                let n = node.count();
                self.count(n, span.start)?;
                // The alias stands where it is written, not where its anchor is.
                node.span = span;
                self.finish(node, 0)?;
            }
            Event::SequenceStart(anchor, tag) => {
                self.tag(tag, span);
                self.open(span.start)?;
                let flow = self.lines.text[span.start.offset - self.lines.origin.offset..].starts_with('[');
                self.stack.push(Frame::Seq { start: span.start, items: Vec::new(), flow, anchor });
            }
            Event::MappingStart(anchor, tag) => {
                self.tag(tag, span);
                self.open(span.start)?;
                let flow = self.lines.text[span.start.offset - self.lines.origin.offset..].starts_with('{');
                self.stack.push(Frame::Map {
                    start: span.start,
                    entries: Vec::new(),
                    key: None,
                    flow,
                    anchor,
                    index: None,
                });
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else {
                    return Ok(false);
                };
                // A collection is a flow one when its end event sits at its
                // closing bracket; a block one ends where the next thing
                // starts. (At the start both can sit at a `[`: an indentless
                // block list starts at its first item.)
                let at_end = self.lines.text.as_bytes().get(span.start.offset - self.lines.origin.offset).copied();
                let node = match frame {
                    Frame::Seq { start, items, anchor, .. } => {
                        let flow = at_end == Some(b']');
                        let end = if flow {
                            self.lines.after(span.start, b']').unwrap_or(span.end)
                        } else {
                            items.last().map_or(start, |n| n.span.end)
                        };
                        (Node { value: Value::Seq { items, flow }, span: Span { start, end } }, anchor)
                    }
                    Frame::Map { start, entries, anchor, .. } => {
                        let flow = at_end == Some(b'}');
                        let end = if flow {
                            self.lines.after(span.start, b'}').unwrap_or(span.end)
                        } else {
                            entries.last().map_or(start, |e| e.value.span.end)
                        };
                        (Node { value: Value::Map { entries, flow }, span: Span { start, end } }, anchor)
                    }
                };
                self.finish(node.0, node.1)?;
            }
        }
        Ok(false)
    }

    fn open(&mut self, pos: Pos) -> Result<(), Error> {
        self.count(1, pos)?;
        if let Some(Frame::Map { key: None, .. }) = self.stack.last() {
            return Err(self.unsupported("a list or mapping used as a key; keys are plain words such as `owner`", pos));
        }
        if self.stack.len() >= self.limits.max_depth {
            return Err(self.unsupported(format!("nesting deeper than {} levels", self.limits.max_depth), pos));
        }
        Ok(())
    }

    fn finish(&mut self, node: Node, anchor: usize) -> Result<(), Error> {
        if anchor != 0 {
            let n = node.count();
            self.count(n, node.span.start)?;
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            None => {
                if self.root.is_none() {
                    self.root = Some(node);
                }
            }
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, index, .. }) => match key.take() {
                None => {
                    let Value::Scalar { text, .. } = node.value else {
                        return Err(self.unsupported("a list or mapping used as a key", node.span.start));
                    };
                    // An implicit key (not after `? `) has at most 1024
                    // characters; saphyr checks this in block mappings only.
                    if text.len() > MAX_KEY_CHARS && text.chars().count() > MAX_KEY_CHARS {
                        let at = node.span.start.offset - self.lines.origin.offset;
                        let explicit = self.lines.text[..at].trim_end_matches([' ', '\n', '\r']).ends_with('?');
                        if !explicit {
                            return Err(long_key(node.span.start));
                        }
                    }
                    *key = Some((text, node.span));
                }
                Some((k, key_span)) => {
                    // Duplicate keys: a linear scan for the usual small
                    // mapping, an index once a mapping grows large.
                    let first = if entries.len() < 32 {
                        entries.iter().find(|e| e.key == k).map(|e| e.key_span.start)
                    } else {
                        let index = index
                            .get_or_insert_with(|| entries.iter().map(|e| (e.key.clone(), e.key_span.start)).collect());
                        match index.get(&k) {
                            Some(p) => Some(*p),
                            None => {
                                index.insert(k.clone(), key_span.start);
                                None
                            }
                        }
                    };
                    match first {
                        Some(first) => self.warnings.push(Warning::DuplicateKey { key: k, first, again: key_span }),
                        None => entries.push(Entry { key: k, key_span, value: node }),
                    }
                }
            },
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(text: &str) -> Node {
        parse(text, Origin::START, Limits::default()).unwrap().root.unwrap()
    }

    #[test]
    fn scalars_stay_strings() {
        let root = p("deadline: 2026-11-23 17:00\nok: yes\nn: 0012\nid: 20261122\n");
        assert_eq!(root.get("deadline").unwrap().value.as_str(), Some("2026-11-23 17:00"));
        assert_eq!(root.get("ok").unwrap().value.as_str(), Some("yes"));
        assert_eq!(root.get("n").unwrap().value.as_str(), Some("0012"));
        assert_eq!(root.get("id").unwrap().value.as_str(), Some("20261122"));
    }

    #[test]
    fn positions_are_file_positions_in_bytes_and_chars() {
        let text = "subject: 【紧急】设备故障\nowner: 张伟\n";
        let parsed = parse(text, Origin { offset: 4, line: 2 }, Limits::default()).unwrap();
        let root = parsed.root.unwrap();
        let owner = root.get("owner").unwrap();
        assert_eq!(owner.key_span.start.line, 3);
        assert_eq!(owner.key_span.start.col, 1);
        assert_eq!(owner.value.span.start.col, 8);
        let off = owner.value.span.start.offset - 4;
        assert_eq!(&text[off..off + "张伟".len()], "张伟");
        assert_eq!(&text[owner.value.span.start.offset - 4..owner.value.span.end.offset - 4], "张伟");
    }

    #[test]
    fn crlf_is_not_part_of_values() {
        let root = p("a: one\r\nb: two\r\n");
        assert_eq!(root.get("a").unwrap().value.as_str(), Some("one"));
        assert_eq!(root.get("b").unwrap().key_span.start.line, 2);
    }

    #[test]
    fn duplicate_keys_are_reported_and_the_first_kept() {
        let parsed = parse("a: 1\nb: 2\na: 3\n", Origin::START, Limits::default()).unwrap();
        assert_eq!(parsed.root.unwrap().get("a").unwrap().value.as_str(), Some("1"));
        assert!(
            matches!(&parsed.warnings[0], Warning::DuplicateKey { key, first, again } if key == "a" && first.line == 1 && again.start.line == 3)
        );
    }

    #[test]
    fn syntax_errors_carry_their_position() {
        let err = parse("a: ok\nowner: @MrLesk\n", Origin::START, Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert_eq!(err.pos.line, 2);
    }

    #[test]
    fn alias_bombs_stop_at_the_node_limit() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let err = parse(&text, Origin::START, Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unsupported);
        assert!(err.message.contains("alias bomb"), "{}", err.message);
    }

    #[test]
    fn characters_yaml_forbids_are_syntax_errors_at_their_place() {
        for (text, code, col) in [
            ("a: ok\nb: x\u{1}y\n", "U+0001", 5),
            ("a: ok\nb: \u{1b}[31m\n", "U+001B", 4),
            ("a: ok\nb: 张伟\u{7f}\n", "U+007F", 6),
            ("a: ok\nb: x\u{80}\n", "U+0080", 5),
            ("a: ok\nb: \"x\u{9f}\"\n", "U+009F", 6),
            ("a: ok\nb: x\u{fffe}\n", "U+FFFE", 5),
            ("a: ok\nb: x  # \u{ffff}\n", "U+FFFF", 9),
        ] {
            for parsed in
                [parse(text, Origin::START, Limits::default()), parse_full(text, Origin::START, Limits::default())]
            {
                let err = parsed.unwrap_err();
                assert_eq!(err.kind, ErrorKind::Syntax, "{text:?}");
                assert!(err.message.contains(code), "{text:?}: {}", err.message);
                assert_eq!((err.pos.line, err.pos.col), (2, col), "{text:?}");
                assert!(err.help.as_deref().is_some_and(|h| h.contains("escape")), "{text:?}");
            }
        }
        // Allowed: tab, NEL, escapes of the forbidden ones, U+FFFD.
        for text in ["a: \"x\\x01\\e\"\n", "a: x\ty\n", "a: x\u{85}y\n", "a: \u{fffd}\n"] {
            assert!(parse(text, Origin::START, Limits::default()).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn implicit_keys_over_1024_characters_are_errors() {
        let key = "键".repeat(1025);
        for text in [format!("a: 1\n{key}: x\n"), format!("a: {{{key}: x}}\n"), format!("a:\n  - {key}: x\n")] {
            let err = parse(&text, Origin::START, Limits::default()).unwrap_err();
            assert!(err.message.contains("longer than 1024"), "{}", err.message);
            assert_eq!(err.kind, ErrorKind::Syntax);
        }
        let err = parse(&format!("a: 1\n{key}: x\n"), Origin::START, Limits::default()).unwrap_err();
        assert_eq!((err.pos.line, err.pos.col), (2, 1));
        // 1024 is allowed, and so is a longer explicit key.
        let ok = "k".repeat(1024);
        assert!(parse(&format!("{ok}: x\n"), Origin::START, Limits::default()).is_ok());
        assert!(parse(&format!("? {key}\n: x\n"), Origin::START, Limits::default()).is_ok());
    }

    #[test]
    fn positions_on_one_long_line_cost_linear_time() {
        // 16,000 aliases (or quoted values) on one line: each position is
        // found from the one before, not from the line's start.
        for item in ["*a", "'q'", "\"d\""] {
            let line = format!("b: [{}]\n", vec![item; 16_000].join(", "));
            let text = format!("a: &a x\n{line}");
            let mut b = Builder::new(LineMap::new(&text, Origin::START, &[]), Limits::default());
            let mut parser = Parser::new_from_str(&text);
            while let Some(next) = parser.next_event() {
                let (event, span) = next.unwrap();
                let start = b.lines.pos(span.start);
                let end = b.lines.pos(span.end);
                if b.event(event, Span { start, end }).unwrap() {
                    break;
                }
            }
            let walked = b.lines.walked.get();
            assert!(walked < 4 * text.len(), "{item}: {walked} characters walked for a text of {}", text.len());
            assert_eq!(b.root.unwrap().get("b").unwrap().value.items().unwrap().len(), 16_000);
        }
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
        let err = parse(&text, Origin::START, Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unsupported);
        assert!(err.message.contains("nesting"));
    }

    #[test]
    fn tags_are_warned_about_and_read_as_text() {
        let parsed =
            parse("test: !ruby/hash:DoesNotExist {}\nok: !!str 12\n", Origin::START, Limits::default()).unwrap();
        assert_eq!(parsed.warnings.len(), 1);
        assert!(matches!(&parsed.warnings[0], Warning::Tag { tag, .. } if tag.contains("ruby")));
    }

    #[test]
    fn block_collection_spans_end_at_their_last_value() {
        let root = p("actions:\n  - task: a\n    owner: b\nnext: c\n");
        let actions = &root.get("actions").unwrap().value;
        assert_eq!(actions.span.end.line, 3);
        let items = actions.items().unwrap();
        assert_eq!(items[0].get("owner").unwrap().value.as_str(), Some("b"));
    }

    #[test]
    fn a_closing_bracket_at_the_block_indentation_is_read_after_any_item() {
        // Hugo's docs: a quoted item, then `]` at column 1 (saphyr-parser
        // 0.3.3 reads this only after a plain item).
        let text = "title: x\naliases: [\n  '/a/',\n  \"/b/\"\n]\nnext: [\n  [ 'c' ]\n]\nm:\n  k: {\n    a: 'd'\n  }\nend: y\n";
        let parsed = parse_full(text, Origin { offset: 4, line: 2 }, Limits::default()).unwrap();
        let root = parsed.root.unwrap();
        let aliases = &root.get("aliases").unwrap().value;
        let items: Vec<&str> = aliases.items().unwrap().iter().map(|n| n.as_str().unwrap()).collect();
        assert_eq!(items, ["/a/", "/b/"]);
        // File positions: the text starts at line 2, byte 4.
        assert_eq!((aliases.span.start.line, aliases.span.start.col), (3, 10));
        assert_eq!((aliases.span.end.line, aliases.span.end.col, aliases.span.end.offset), (6, 2, 4 + 38));
        assert_eq!(&text[aliases.span.start.offset - 4..aliases.span.end.offset - 4], "[\n  '/a/',\n  \"/b/\"\n]");
        let b = &aliases.items().unwrap()[1];
        assert_eq!((b.span.start.line, b.span.start.col, b.span.end.col), (5, 3, 8));
        let next = &root.get("next").unwrap().value;
        assert_eq!(next.items().unwrap()[0].items().unwrap()[0].as_str(), Some("c"));
        assert_eq!((next.span.end.line, next.span.end.col), (9, 2));
        let k = &root.get("m").unwrap().value.get("k").unwrap().value;
        assert_eq!(k.get("a").unwrap().value.as_str(), Some("d"));
        assert_eq!((k.span.end.line, k.span.end.col), (13, 4));
        assert_eq!(root.get("end").unwrap().value.as_str(), Some("y"));
        // The same document with plain items reads the same, but for styles.
        let plain = parse_full(&text.replace(['\'', '"'], ""), Origin::START, Limits::default()).unwrap().root.unwrap();
        assert_eq!(plain.get("aliases").unwrap().value.items().unwrap().len(), 2);
        // What is not that bug stays an error at its place.
        let err = parse_full("a: [\n  'x',\n]\n]\n", Origin::START, Limits::default()).unwrap_err();
        assert_eq!(err.kind, ErrorKind::Syntax);
        assert_eq!(err.pos.line, 4);
        let err = parse_full("a: [\n  'x',\nb: c\n", Origin::START, Limits::default()).unwrap_err();
        assert_eq!((err.pos.line, err.pos.col), (1, 4), "{err}");
    }

    #[test]
    fn quoting_round_trips() {
        for s in [
            "张伟",
            "2026-11-23 17:00",
            "yes",
            "a: b",
            "[x]",
            "#tag",
            "",
            " x",
            "12",
            "2026-11-23",
            "it's",
            "say \"hi\"",
            "a\nb",
        ] {
            let q = quote_scalar(s);
            let root = p(&format!("k: {q}\n"));
            assert_eq!(root.get("k").unwrap().value.as_str(), Some(s), "{q}");
        }
        assert_eq!(quote_scalar("张伟"), "张伟");
        assert_eq!(quote_scalar("2026-11-23 17:00"), "2026-11-23 17:00");
        assert_eq!(quote_scalar("yes"), "\"yes\"");
        // Numbers to a YAML 1.1 reader stay strings.
        for s in
            ["0x1F", "0X1f", "-0x1F", "0b101", "0o17", "1:30", "190:20:30.15", "+.inf", "1_000", "0.5e3", "Yes", "OFF"]
        {
            assert!(quote_scalar(s).starts_with('"'), "{s}");
        }
        for s in ["0xZ", "v1:30", "12:30 会议", "2026-11-23 17:00", "A1", "设备部"] {
            assert!(!quote_scalar(s).starts_with('"'), "{s}");
        }
    }

    #[test]
    fn flow_quoting_round_trips_inside_brackets() {
        for s in ["张伟", "a, b", "x]", "{y}", "2026-11-23 17:00", "say \"hi\", then", ""] {
            let q = quote_flow_scalar(s);
            let root = p(&format!("k: [{q}, z]\nm: {{ a: {q} }}\n"));
            let items = root.get("k").unwrap().value.items().unwrap();
            assert_eq!(items.len(), 2, "{q}");
            assert_eq!(items[0].as_str(), Some(s), "{q}");
            assert_eq!(root.get("m").unwrap().value.get("a").unwrap().value.as_str(), Some(s), "{q}");
        }
        assert_eq!(quote_flow_scalar("张伟"), "张伟");
        assert_eq!(quote_flow_scalar("a, b"), "\"a, b\"");
    }
}

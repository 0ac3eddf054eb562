//! A record: a Markdown file with YAML front matter.
//!
//! [`Document`] is a file as read: its text, where its parts are, and the
//! position-keeping YAML tree of its front matter. Rules check documents;
//! edits rewrite their bytes. [`Record`] is the typed summary that listing,
//! reports and archiving work on: small, so 100,000 of them fit in memory.

use std::path::{Path, PathBuf};

use chrono_tz::Tz;

use crate::model::diagnostic::{Code, Diagnostic};
use crate::model::frontmatter::{self, DecodeError, Layout, Source, SplitError};
use crate::model::time::{self, Instant};
use crate::model::types::Catalog;
use crate::model::yaml::{self, Node};

/// A record's status, canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    Open,
    InProgress,
    Done,
    Delayed,
    Cancelled,
}

impl Status {
    pub const ALL: [Status; 5] = [Status::Open, Status::InProgress, Status::Done, Status::Delayed, Status::Cancelled];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Open => "open",
            Status::InProgress => "in-progress",
            Status::Done => "done",
            Status::Delayed => "delayed",
            Status::Cancelled => "cancelled",
        }
    }

    pub fn parse_canonical(s: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|st| st.as_str() == s)
    }

    /// Open, in progress or delayed: work still to do.
    pub fn is_open(self) -> bool {
        matches!(self, Status::Open | Status::InProgress | Status::Delayed)
    }

    /// Done or cancelled.
    pub fn is_closed(self) -> bool {
        !self.is_open()
    }

    /// The label in `lang` (the catalog's `status-label`).
    pub fn label(self, lang: crate::i18n::Lang) -> &'static str {
        let catalog = lang.catalog();
        match self {
            Status::Open => catalog.text("status-label.open"),
            Status::InProgress => catalog.text("status-label.in-progress"),
            Status::Done => catalog.text("status-label.done"),
            Status::Delayed => catalog.text("status-label.delayed"),
            Status::Cancelled => catalog.text("status-label.cancelled"),
        }
    }
}

/// A record's priority, canonical.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    High,
    Medium,
    Low,
}

impl Priority {
    pub fn as_str(self) -> &'static str {
        match self {
            Priority::High => "high",
            Priority::Medium => "medium",
            Priority::Low => "low",
        }
    }

    pub fn parse_canonical(s: &str) -> Option<Priority> {
        [Priority::High, Priority::Medium, Priority::Low].into_iter().find(|p| p.as_str() == s)
    }
}

impl Catalog {
    /// A status from its canonical value or an alias (case-insensitive for ASCII).
    pub fn status(&self, text: &str) -> Option<Status> {
        let t = text.trim();
        if let Some(s) = Status::ALL.into_iter().find(|s| s.as_str().eq_ignore_ascii_case(t)) {
            return Some(s);
        }
        self.lexicon
            .status
            .iter()
            .find(|(_, aliases)| aliases.iter().any(|a| a.eq_ignore_ascii_case(t)))
            .and_then(|(k, _)| Status::parse_canonical(k))
    }

    /// A priority from its canonical value or an alias.
    pub fn priority(&self, text: &str) -> Option<Priority> {
        let t = text.trim();
        if let Some(p) = Priority::parse_canonical(&t.to_ascii_lowercase()) {
            return Some(p);
        }
        self.lexicon
            .priority
            .iter()
            .find(|(_, aliases)| aliases.iter().any(|a| a.eq_ignore_ascii_case(t)))
            .and_then(|(k, _)| Priority::parse_canonical(k))
    }
}

/// A file read and split, with its front matter parsed.
#[derive(Clone, Debug)]
pub struct Document {
    /// Path relative to the repository root (or as given, outside it).
    pub path: PathBuf,
    pub source: Source,
    pub layout: Layout,
    /// The front matter: always a mapping (empty front matter is an empty one).
    pub root: Node,
    pub warnings: Vec<yaml::Warning>,
}

/// Why a file could not be read as a record at all: one diagnostic.
pub type LoadError = Box<Diagnostic>;

impl Document {
    /// Reads the file at `abs`; `rel` is the path diagnostics show.
    pub fn read(abs: &Path, rel: &Path, max_size: u64) -> Result<Document, LoadError> {
        use std::io::Read;
        let unreadable = |why: String| {
            Box::new(Diagnostic::new(
                Code::Unreadable,
                &display_path(rel),
                1,
                1,
                format!("cannot read the file: {why}"),
            ))
        };
        // One open, then the size from the handle: no second path lookup.
        let file = std::fs::File::open(abs).map_err(|e| {
            if e.kind() == std::io::ErrorKind::NotFound && abs.symlink_metadata().is_ok() {
                unreadable("it is a symbolic link to a file that does not exist".to_string())
            } else {
                unreadable(io_reason(&e))
            }
        })?;
        let len = file.metadata().map_err(|e| unreadable(io_reason(&e)))?.len();
        let too_large = |len: u64| {
            Box::new(
                Diagnostic::new(
                    Code::FileTooLarge,
                    &display_path(rel),
                    1,
                    1,
                    format!("the file is {len} bytes, over the limit of {max_size} bytes"),
                )
                .help("split it, or raise `max_file_size` in comms.yaml"),
            )
        };
        if len > max_size {
            return Err(too_large(len));
        }
        // Exactly the size the handle reported, without a last read to see
        // the end: one system call fewer per file, 100,000 fewer in a large
        // repository. (A file growing while it is read is read as it was.)
        let mut bytes = vec![0u8; len as usize];
        let mut filled = 0;
        let mut file = file;
        while filled < bytes.len() {
            match file.read(&mut bytes[filled..]) {
                Ok(0) => break,
                Ok(n) => filled += n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(unreadable(io_reason(&e))),
            }
        }
        bytes.truncate(filled);
        Document::parse(rel, bytes)
    }

    /// Parses file bytes.
    pub fn parse(rel: &Path, bytes: Vec<u8>) -> Result<Document, LoadError> {
        let shown = display_path(rel);
        let source = Source::decode(bytes).map_err(|e| {
            let d = match e {
                DecodeError::Utf16 => {
                    Diagnostic::new(Code::BadEncoding, &shown, 1, 1, "the file is UTF-16; records are UTF-8")
                        .help("save the file as UTF-8")
                }
                DecodeError::Binary { pos } => Diagnostic::new(
                    Code::BadEncoding,
                    &shown,
                    pos.line,
                    pos.col,
                    "the file has a NUL byte here; it looks like a binary file, not a record",
                ),
                DecodeError::NotUtf8 { pos } => Diagnostic::new(
                    Code::BadEncoding,
                    &shown,
                    pos.line,
                    pos.col,
                    "the file is not valid UTF-8 from here on",
                )
                .help("save the file as UTF-8 (it may be GBK or another legacy encoding)"),
            };
            Box::new(d)
        })?;
        let layout = frontmatter::split(&source).map_err(|e| {
            let first = source.line_text(1).to_string();
            let d = match e {
                SplitError::Empty => Diagnostic::new(Code::NoFrontMatter, &shown, 1, 1, "the file is empty")
                    .help("start it from a template: `comms new TYPE`"),
                SplitError::Missing { foreign: Some(kind) } => {
                    Diagnostic::new(Code::NoFrontMatter, &shown, 1, 1, format!("{kind} front matter is not supported"))
                        .help("write the fields as YAML between two `---` lines")
                }
                SplitError::Missing { foreign: None } => Diagnostic::new(
                    Code::NoFrontMatter,
                    &shown,
                    1,
                    1,
                    "the file does not start with `---` front matter",
                )
                .help("put the record's fields between two `---` lines at the top of the file"),
                SplitError::BadFence { found } => Diagnostic::new(
                    Code::BadFence,
                    &shown,
                    1,
                    1,
                    format!("the front matter must open with a line of exactly `---`, not `{found}`"),
                )
                .help("write `---` alone on the first line")
                .width(found.chars().count()),
                SplitError::Unclosed => Diagnostic::new(
                    Code::UnclosedFrontMatter,
                    &shown,
                    1,
                    1,
                    "the front matter opened here is never closed",
                )
                .help("add a line `---` after the last field"),
            };
            let mut d = d;
            d.source_line = Some(first);
            Box::new(d)
        })?;
        let yaml_text = &source.text[layout.yaml_start..layout.yaml_end];
        // YAML reads a lone CR as a line break, every other tool here does
        // not: lines and offsets would disagree. Old Mac line endings are
        // refused rather than half-read.
        if let Some(i) = yaml_text
            .bytes()
            .enumerate()
            .position(|(i, b)| b == b'\r' && yaml_text.as_bytes().get(i + 1) != Some(&b'\n'))
        {
            let pos = source.pos(layout.yaml_start + i);
            let mut d = Diagnostic::new(
                Code::YamlUnsupported,
                &shown,
                pos.line,
                pos.col,
                "a carriage return without a line feed in the front matter",
            )
            .help("save the file with LF or CRLF line endings");
            d.source_line = Some(source.line_text(pos.line).to_string());
            return Err(Box::new(d));
        }
        let origin = yaml::Origin { offset: layout.yaml_start, line: layout.yaml_line };
        let parsed = yaml::parse(yaml_text, origin, yaml::Limits::default()).map_err(|e| {
            let code = match e.kind {
                yaml::ErrorKind::Syntax => Code::YamlSyntax,
                yaml::ErrorKind::Unsupported => Code::YamlUnsupported,
            };
            // The parser can report a position past the closing fence when
            // the YAML is cut short; keep it inside the front matter.
            let line = e.pos.line.min(layout.close_line);
            if e.kind == yaml::ErrorKind::Syntax
                && let Some(c) = crate::model::fullwidth::colon_before(yaml_text, origin, line, false)
            {
                return fullwidth_colon(code, &shown, &source, &c);
            }
            let mut d = Diagnostic::new(code, &shown, line, e.pos.col, yaml_message(&e.message));
            if let Some(help) = e.help.as_deref().or_else(|| yaml_help(&e.message)) {
                d = d.help(help);
            }
            d.source_line = Some(source.line_text(line).to_string());
            Box::new(d)
        })?;
        let root = match parsed.root {
            None => Node { value: yaml::Value::Map { entries: Vec::new(), flow: false }, span: yaml::Span::default() },
            Some(n) if n.entries().is_some() => n,
            Some(n) if n.is_null() => {
                Node { value: yaml::Value::Map { entries: Vec::new(), flow: false }, span: n.span }
            }
            Some(n) => {
                let p = n.span.start;
                if n.as_str().is_some()
                    && let Some(c) = crate::model::fullwidth::colon_before(yaml_text, origin, p.line, true)
                {
                    return Err(fullwidth_colon(Code::NotAMapping, &shown, &source, &c));
                }
                let mut d = Diagnostic::new(
                    Code::NotAMapping,
                    &shown,
                    p.line,
                    p.col,
                    format!("the front matter is {}, not `key: value` lines", describe_kind(&n)),
                )
                .help("write one `key: value` per line, e.g. `owner: 张伟`");
                d.source_line = Some(source.line_text(p.line).to_string());
                return Err(Box::new(d));
            }
        };
        Ok(Document { path: rel.to_path_buf(), source, layout, root, warnings: parsed.warnings })
    }

    /// The path as diagnostics show it.
    pub fn shown(&self) -> String {
        display_path(&self.path)
    }

    /// The scalar text of a top-level key, if it is a non-empty scalar.
    pub fn str(&self, key: &str) -> Option<&str> {
        let v = &self.root.get(key)?.value;
        if v.is_null() { None } else { v.as_str().map(str::trim) }
    }

    /// The body text (after the closing fence).
    pub fn body(&self) -> &str {
        &self.source.text[self.layout.body_start..]
    }

    /// A diagnostic at a position, with its source line attached.
    pub fn diag(&self, code: Code, pos: yaml::Pos, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::new(code, &self.shown(), pos.line, pos.col, message);
        d.source_line = Some(self.source.line_text(pos.line).to_string());
        d
    }

    /// A diagnostic underlining a span (on one line).
    pub fn diag_span(&self, code: Code, span: yaml::Span, message: impl Into<String>) -> Diagnostic {
        let width = if span.end.line == span.start.line { span.end.col.saturating_sub(span.start.col) } else { 1 };
        self.diag(code, span.start, message).width(width as usize)
    }

    /// The typed summary of this document.
    pub fn summary(&self, catalog: &Catalog, tz: Tz, archived: bool) -> Record {
        let dt = |n: Option<&Node>| n.and_then(|n| n.as_str()).and_then(|s| time::parse(s, tz).ok());
        let s = |key: &str| Text::from(self.str(key).unwrap_or_default());
        let opt = |key: &str| self.str(key).map(Text::from);
        let acks = self
            .root
            .get("acks")
            .and_then(|e| e.value.items())
            .map(|items| {
                items
                    .iter()
                    .map(|a| Ack {
                        by: Text::from(a.get("by").and_then(|e| e.value.as_str()).unwrap_or_default().trim()),
                        at: dt(a.get("at").map(|e| &e.value)),
                    })
                    .collect()
            })
            .unwrap_or_default();
        let actions = self
            .root
            .get("actions")
            .and_then(|e| e.value.items())
            .map(|items| {
                items
                    .iter()
                    .map(|a| {
                        let text = |k: &str| a.get(k).and_then(|e| e.value.as_str()).map(|s| Text::from(s.trim()));
                        Action {
                            task: text("task").unwrap_or_default(),
                            owner: text("owner").unwrap_or_default(),
                            deadline: dt(a.get("deadline").map(|e| &e.value)),
                            status: text("status").and_then(|s| catalog.status(&s)),
                            closed: dt(a.get("closed").map(|e| &e.value)),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default();
        let tags = match self.root.get("tags").map(|e| &e.value) {
            Some(v) => match v.items() {
                Some(items) => items.iter().filter_map(|n| n.as_str()).map(|s| Text::from(s.trim())).collect(),
                None => v.as_str().map(|s| vec![Text::from(s.trim())]).unwrap_or_default(),
            },
            None => Vec::new(),
        };
        let rtype =
            self.str("type").map(|t| Text::from(catalog.get(t).map_or(t, |ty| ty.name.as_str()))).unwrap_or_default();
        Record {
            path: self.path.clone(),
            archived,
            id: s("id"),
            rtype,
            subject: s("subject"),
            owner: s("owner"),
            deadline: dt(self.root.get("deadline").map(|e| &e.value)),
            status: self.str("status").and_then(|v| catalog.status(v)),
            priority: self.str("priority").and_then(|v| catalog.priority(v)),
            project: opt("project"),
            from: opt("from"),
            created: dt(self.root.get("created").map(|e| &e.value)),
            closed: dt(self.root.get("closed").map(|e| &e.value)),
            responded: dt(self.root.get("responded").map(|e| &e.value)),
            channel: opt("channel"),
            acks,
            actions,
            tags,
            confidential: crate::model::classification::Classification::of(
                self.str("classification"),
                &catalog.lexicon.classification,
            )
            .is_confidential(),
            minutes: self.minutes(catalog, tz),
            logged: self
                .str("type")
                .and_then(|t| catalog.get(t))
                .filter(|ty| ty.update_every.is_some())
                .and_then(|ty| latest_log(self.body(), ty, tz)),
            measures: crate::model::measures::Measures::default(),
            addressed: Default::default(),
        }
    }

    /// The minutes of this record, when its type has a minutes rule: the
    /// time in the rule's `after` field, its `within`, and `minutes_sent`.
    fn minutes(&self, catalog: &Catalog, tz: Tz) -> Option<Box<crate::model::minutes::Minutes>> {
        let rule = crate::model::minutes::rule(catalog.get(self.str("type")?)?)?;
        let dt = |key: &str| self.str(key).and_then(|s| time::parse(s, tz).ok());
        Some(Box::new(crate::model::minutes::Minutes {
            start: dt(rule.after()),
            within: rule.within,
            sent: dt(crate::model::minutes::SENT),
        }))
    }
}

fn describe_kind(n: &Node) -> &'static str {
    match &n.value {
        yaml::Value::Scalar { .. } => "a single value",
        yaml::Value::Seq { .. } => "a list",
        yaml::Value::Map { .. } => "a mapping",
    }
}

/// The parser's message, in our voice.
fn yaml_message(raw: &str) -> String {
    let m = raw.trim().trim_end_matches('.');
    // The parser quotes as `x'; we quote as `x`.
    let fixed;
    let m = if m.contains('`') && m.ends_with('\'') {
        fixed = format!("{}`", &m[..m.len() - 1]);
        fixed.as_str()
    } else {
        m
    };
    format!("invalid YAML: {m}")
}

/// The front matter broken by a full-width colon after a key, said so at
/// the colon.
fn fullwidth_colon(code: Code, shown: &str, source: &Source, c: &crate::model::fullwidth::Colon) -> LoadError {
    let pos = source.pos(c.offset);
    let mut d = Diagnostic::new(
        code,
        shown,
        pos.line,
        pos.col,
        format!(
            "full-width colon `：` (全角冒号) after `{}`: YAML reads the line as text, not as the field `{}`",
            c.key, c.key
        ),
    )
    .help(format!("write `{}` with an ASCII colon and a space; `comms validate --fix` rewrites it", c.fixed));
    d.source_line = Some(source.line_text(pos.line).to_string());
    Box::new(d)
}

/// A hint for the YAML mistakes people make in front matter.
fn yaml_help(raw: &str) -> Option<&'static str> {
    if raw.contains("anchor") || raw.contains("alias") {
        Some(
            "a value starting with `*` or `&` is read as a YAML alias; quote it, e.g. `contact: \"*女士 139****5678\"`",
        )
    } else if raw.contains("mapping values are not allowed") {
        Some("a value containing `: ` must be quoted, e.g. `subject: \"会议: 评审\"`")
    } else if raw.contains("unexpected character") || raw.contains("reserved") || raw.contains("cannot start any token")
    {
        Some("a value starting with `@`, `%` or a backtick must be quoted, e.g. `owner: \"@zhang\"`")
    } else if raw.contains("tab") {
        Some("indent with spaces, not tabs")
    } else if raw.contains("did not find expected") || raw.contains("flow") {
        Some(
            "check the brackets and quotes on this line; a value starting with `[` or `{` must be a complete list or mapping, or be quoted",
        )
    } else {
        None
    }
}

fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        std::io::ErrorKind::NotFound => "no such file".into(),
        _ => e.to_string().to_lowercase(),
    }
}

/// A path with `/` separators, as shown in diagnostics and JSON.
pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '\\' { s.replace('\\', "/") } else { s.into_owned() }
}

/// Short texts (ids, names, projects) are kept inline: 100,000 records
/// without an allocation for each of them.
pub use crate::model::yaml::Text;

/// The latest dated line in the log section of a record of type `ty`.
pub fn latest_log(body: &str, ty: &crate::model::types::RecordType, tz: Tz) -> Option<Instant> {
    let labels = &ty.log_section()?.labels;
    crate::model::closing::latest_log(body, |h| labels.texts().any(|n| crate::model::body::names(h, n)), tz)
}

/// An acknowledgement: who read the record, and when.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Ack {
    pub by: Text,
    pub at: Option<Instant>,
}

/// An action item inside a record.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Action {
    pub task: Text,
    pub owner: Text,
    pub deadline: Option<Instant>,
    pub status: Option<Status>,
    pub closed: Option<Instant>,
}

/// The typed summary of a record. Fields that do not parse are empty: the
/// rules report them; listings and reports do the best they can.
///
/// The record cache (`store::cache`) keeps it in serde's data model (the
/// path and the archive flag come from the file, not the cache).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
// Tests build records field by field over an empty one.
#[cfg_attr(test, derive(Default))]
pub struct Record {
    #[serde(skip)]
    pub path: PathBuf,
    /// Whether the file lives under the archive folder.
    #[serde(skip)]
    pub archived: bool,
    pub id: Text,
    pub rtype: Text,
    pub subject: Text,
    pub owner: Text,
    pub deadline: Option<Instant>,
    pub status: Option<Status>,
    pub priority: Option<Priority>,
    pub project: Option<Text>,
    pub from: Option<Text>,
    pub created: Option<Instant>,
    pub closed: Option<Instant>,
    /// `responded`: the first substantive reply (时效).
    pub responded: Option<Instant>,
    /// `channel`: how it came in, for the per-channel `sla`.
    pub channel: Option<Text>,
    pub acks: Vec<Ack>,
    pub actions: Vec<Action>,
    /// `tags`: one text or a list of texts.
    pub tags: Vec<Text>,
    /// `classification: confidential` (机密): shown as its id and type only
    /// where others see it, unless `--include-confidential`.
    pub confidential: bool,
    /// The minutes window and `minutes_sent`, for a record whose type has
    /// a minutes rule ([`crate::model::minutes`]); boxed, as most records
    /// have none.
    pub minutes: Option<Box<crate::model::minutes::Minutes>>,
    /// The latest dated line of the log section, for a record whose type
    /// asks for regular updates (`update_every`): what `stale` and
    /// `remind` judge by, without reading the file again.
    pub logged: Option<Instant>,
    /// What the report's measures read (satisfaction, sent, corrections,
    /// approval, confirmation); filled by [`crate::model::measures::Measures::of`]
    /// where the settings are known (the store's `load`).
    pub measures: crate::model::measures::Measures,
    /// How many people are expected to confirm the record, and who has
    /// not ([`crate::model::confirm::pending`]); filled with `measures`.
    /// `status --format json` and `remind` show it without reading the
    /// file again.
    pub addressed: crate::model::confirm::Pending,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Result<Document, LoadError> {
        Document::parse(Path::new("records/a.md"), text.as_bytes().to_vec())
    }

    #[test]
    fn yaml_errors_point_into_the_file() {
        let d = doc("---\nid: a\nowner: @MrLesk\n---\n").unwrap_err();
        assert_eq!((d.code, d.line), (Code::YamlSyntax, 3));
        assert!(d.help.unwrap().contains("quoted"));
    }

    #[test]
    fn a_masked_name_starting_with_a_star_gets_a_quoting_hint() {
        let d = doc("---\ncontact: *女士 139****5678\n---\n").unwrap_err();
        assert_eq!((d.code, d.line, d.column), (Code::YamlSyntax, 2, 10));
        assert!(d.help.unwrap().contains("quote it"));
    }

    #[test]
    fn a_lone_carriage_return_is_refused_not_misread() {
        let d = doc("---\nid: a\rstatus: open\n---\n").unwrap_err();
        assert_eq!((d.code, d.line, d.column), (Code::YamlUnsupported, 2, 6));
    }

    #[test]
    fn scalar_front_matter_is_not_a_mapping() {
        let d = doc("---\nalternate=\"Welcome\"\n---\n").unwrap_err();
        assert_eq!(d.code, Code::NotAMapping);
    }

    #[test]
    fn empty_front_matter_is_an_empty_mapping() {
        let d = doc("---\n---\nbody\n").unwrap();
        assert_eq!(d.root.entries().unwrap().len(), 0);
        assert_eq!(d.body(), "body\n");
    }

    #[test]
    fn summary_reads_aliases_and_times() {
        let c = Catalog::builtin().unwrap();
        let d = doc("---\nid: x\ntype: 紧急\nstatus: 处理中\npriority: 高\ndeadline: 2026-11-23 17:00\nacks:\n  - { by: 李娜, at: 2026-11-22 10:00 }\nactions:\n  - task: t\n    owner: 王强\n    deadline: 2026-11-24 12:00\n    status: 已完成\n---\n").unwrap();
        let r = d.summary(&c, chrono_tz::Asia::Shanghai, false);
        assert_eq!(r.rtype, "urgent");
        assert_eq!(r.status, Some(Status::InProgress));
        assert_eq!(r.priority, Some(Priority::High));
        assert_eq!(r.deadline.unwrap().display(chrono_tz::Asia::Shanghai), "2026-11-23 17:00");
        assert_eq!(r.acks[0].by, "李娜");
        assert_eq!(r.actions[0].status, Some(Status::Done));
    }
}

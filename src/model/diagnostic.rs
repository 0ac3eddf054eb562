//! Findings about records: data to report, not errors that stop a scan.

use serde::Serialize;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One finding, pointing at the place in the file a user must edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub code: &'static str,
    pub message: String,
    /// What to write instead.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// How many characters to underline, at least 1.
    #[serde(skip)]
    pub width: u32,
    /// The text of the line, for the human format.
    #[serde(skip)]
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn new(code: &'static str, path: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line,
            column,
            severity: rule(code).map_or(Severity::Error, |r| r.severity),
            code,
            message: message.into(),
            help: None,
            width: 1,
            source_line: None,
        }
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The diagnostic as the reason an edit was refused: nothing was
    /// written, so a hint to fix the file (`validate --fix`) would mislead.
    pub fn for_refused_edit(mut self) -> Self {
        if let Some(h) = &self.help {
            self.help = Some(h.replace(FIX_HINT, ""));
        }
        self
    }

    pub fn width(mut self, width: usize) -> Self {
        self.width = (width as u32).max(1);
        self
    }
}

/// The part of a hint that points to `validate --fix`, which only makes
/// sense for a file that was written.
pub const FIX_HINT: &str = "; `comms validate --fix` masks it for you";

/// A rule `validate` enforces: its stable code, severity and what it checks.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    pub code: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
}

const fn e(code: &'static str, summary: &'static str) -> Rule {
    Rule { code, severity: Severity::Error, summary }
}

const fn w(code: &'static str, summary: &'static str) -> Rule {
    Rule { code, severity: Severity::Warning, summary }
}

/// Every rule, in the order `docs/rules.md` explains them.
pub const RULES: &[Rule] = &[
    e("unreadable", "the file cannot be read (permissions, a broken link)"),
    e("bad-encoding", "the file is not UTF-8 text (UTF-16, binary, invalid bytes)"),
    e("file-too-large", "the file is larger than the configured limit"),
    e("no-front-matter", "the file does not start with a `---` front matter block"),
    e("bad-fence", "the opening fence is not exactly `---` (e.g. `---yaml`, `----`)"),
    e("unclosed-front-matter", "the front matter is never closed with `---`"),
    e("yaml-syntax", "the front matter is not valid YAML"),
    e("yaml-unsupported", "YAML a record must not use: tags, alias bombs, deep nesting, several documents"),
    e("not-a-mapping", "the front matter is not a set of `key: value` lines"),
    e("duplicate-key", "the same key twice in one mapping"),
    e("missing-field", "a required field is missing"),
    e("empty-field", "a required field has no value"),
    e("placeholder", "a template placeholder such as `<负责人>` or `{{owner}}` is left in"),
    e("bad-value", "a value has the wrong shape (a list where one line of text belongs, …)"),
    e("bad-id", "the id has characters that do not fit in a file name or on a command line"),
    e("bad-datetime", "a datetime is not `YYYY-MM-DD HH:MM` or names no real time"),
    e("vague-deadline", "a deadline such as 尽快, ASAP or 今天内 instead of a time"),
    e("date-only", "a deadline or time with a date but no time of day"),
    e("bad-status", "the status is not one of the known values or aliases"),
    e("bad-priority", "the priority is not high, medium or low (高/中/低)"),
    e("unknown-type", "the type is not one of the configured record types"),
    e("multiple-owners", "more than one owner for one task"),
    e("vague-owner", "an owner that names nobody (相关部门, TBD) or a department"),
    e("unknown-person", "a person not in the people directory of comms.yaml"),
    e("duplicate-id", "two records with the same id"),
    e("unmasked-contact", "a mobile number or ID-card number written in full"),
    e("deadline-before-created", "the deadline is earlier than the creation time"),
    w("unknown-field", "a field no type declares (often a typo)"),
    w("missing-section", "a body section of the type's template is missing"),
    w("summary-too-long", "the summary is over 200 characters"),
    w("too-long", "a field is longer than its type allows"),
    w("urgent-subject", "an urgent record's subject does not start with 【紧急】 or [URGENT]"),
    w("closed-without-time", "a done or cancelled record has no `closed` time"),
    w("unacknowledged", "an open record nobody acknowledged within `ack_within` of comms.yaml"),
    w("fullwidth-punctuation", "a full-width comma `，` between list items, which YAML reads as one item"),
];

/// The rule with this code.
pub fn rule(code: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.code == code)
}

/// Counts of a set of diagnostics.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    pub errors: usize,
    pub warnings: usize,
}

impl Tally {
    pub fn of<'a>(diags: impl IntoIterator<Item = &'a Diagnostic>) -> Tally {
        let mut t = Tally::default();
        for d in diags {
            match d.severity {
                Severity::Error => t.errors += 1,
                Severity::Warning => t.warnings += 1,
            }
        }
        t
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for r in RULES {
            assert!(seen.insert(r.code), "{} twice", r.code);
            assert!(r.code.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{}", r.code);
        }
    }

    #[test]
    fn severity_comes_from_the_rule_table() {
        assert_eq!(Diagnostic::new("unknown-field", "a.md", 1, 1, "x").severity, Severity::Warning);
        assert_eq!(Diagnostic::new("duplicate-id", "a.md", 1, 1, "x").severity, Severity::Error);
    }
}

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
    pub code: Code,
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
    /// Other places the finding is about (the first of two equal keys, the
    /// other records with the same id). The message names them too; this
    /// is the same as data, so nothing has to read it back out of text.
    #[serde(skip)]
    pub related: Vec<Related>,
    /// Where in `message` the text naming the `related` places starts.
    #[serde(skip)]
    related_at: Option<usize>,
}

/// Another place a diagnostic is about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Path relative to the repository root, with `/` separators.
    pub path: String,
    pub line: u32,
    pub column: u32,
    /// What the place is (`first occurrence`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

impl Diagnostic {
    pub fn new(code: Code, path: &str, line: u32, column: u32, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.to_string(),
            line,
            column,
            severity: code.severity(),
            code,
            message: message.into(),
            help: None,
            width: 1,
            source_line: None,
            related: Vec::new(),
            related_at: None,
        }
    }

    /// The places `related` names, appended to the message as `text`
    /// (` (first on line 3)`): the message reads as before, and
    /// [`Diagnostic::gist`] can leave them out again without parsing.
    pub fn related(mut self, related: Vec<Related>, text: &str) -> Self {
        let at = self.related_at.unwrap_or(self.message.len());
        self.message.truncate(at);
        self.message.push_str(text);
        self.related_at = Some(at);
        self.related = related;
        self
    }

    /// The message without the text naming the related places: the same
    /// finding after an edit moved its related places has the same gist.
    pub fn gist(&self) -> &str {
        &self.message[..self.related_at.unwrap_or(self.message.len())]
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

/// Declares [`Code`] and [`RULES`] from one list, so the two cannot drift.
macro_rules! rules {
    ($($variant:ident $severity:ident $code:literal $summary:literal,)*) => {
        /// The stable code of a rule. A diagnostic names its rule with one
        /// of these, so an unknown code cannot be written.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Code {
            $($variant,)*
        }

        impl Code {
            /// Every code, in the order of the table in `docs/rules.md`.
            pub const ALL: &'static [Code] = &[$(Code::$variant,)*];

            /// The kebab-case code users see and write (`duplicate-key`).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $code,)*
                }
            }

            pub const fn severity(self) -> Severity {
                match self {
                    $(Code::$variant => Severity::$severity,)*
                }
            }

            /// What the rule checks, in one line.
            pub const fn summary(self) -> &'static str {
                match self {
                    $(Code::$variant => $summary,)*
                }
            }
        }

        /// Every rule, in the order of the table in `docs/rules.md`.
        pub const RULES: &[Rule] = &[$(Rule { code: $code, severity: Severity::$severity, summary: $summary },)*];
    };
}

#[rustfmt::skip]
rules! {
    Unreadable Error "unreadable" "the file cannot be read (permissions, a broken link)",
    BadEncoding Error "bad-encoding" "the file is not UTF-8 text (UTF-16, binary, invalid bytes)",
    FileTooLarge Error "file-too-large" "the file is larger than the configured limit",
    NoFrontMatter Error "no-front-matter" "the file does not start with a `---` front matter block",
    BadFence Error "bad-fence" "the opening fence is not exactly `---` (e.g. `---yaml`, `----`)",
    UnclosedFrontMatter Error "unclosed-front-matter" "the front matter is never closed with `---`",
    YamlSyntax Error "yaml-syntax" "the front matter is not valid YAML",
    YamlUnsupported Error "yaml-unsupported" "YAML a record must not use: tags, alias bombs, deep nesting, several documents",
    NotAMapping Error "not-a-mapping" "the front matter is not a set of `key: value` lines",
    DuplicateKey Error "duplicate-key" "the same key twice in one mapping",
    MissingField Error "missing-field" "a required field is missing",
    EmptyField Error "empty-field" "a required field has no value",
    Placeholder Error "placeholder" "a template placeholder such as `<负责人>` or `{{owner}}` is left in",
    BadValue Error "bad-value" "a value has the wrong shape (a list where one line of text belongs, …)",
    BadId Error "bad-id" "the id has characters that do not fit in a file name or on a command line",
    BadDatetime Error "bad-datetime" "a datetime is not `YYYY-MM-DD HH:MM` or names no real time",
    VagueDeadline Error "vague-deadline" "a deadline such as 尽快, ASAP or 今天内 instead of a time",
    DateOnly Error "date-only" "a deadline or time with a date but no time of day",
    BadStatus Error "bad-status" "the status is not one of the known values or aliases",
    BadPriority Error "bad-priority" "the priority is not high, medium or low (高/中/低)",
    UnknownType Error "unknown-type" "the type is not one of the configured record types",
    MultipleOwners Error "multiple-owners" "more than one owner for one task",
    VagueOwner Error "vague-owner" "an owner that names nobody (相关部门, TBD) or a department",
    UnknownPerson Error "unknown-person" "a person not in the people directory of comms.yaml",
    DuplicateId Error "duplicate-id" "two records with the same id",
    UnmaskedContact Error "unmasked-contact" "a mobile, landline (with area code) or ID-card number written in full; an e-mail address with `mask: [email]`",
    DeadlineBeforeCreated Error "deadline-before-created" "the deadline is earlier than the creation time",
    UnknownField Warning "unknown-field" "a field no type declares (often a typo)",
    MissingSection Warning "missing-section" "a body section of the type's template is missing",
    SummaryTooLong Warning "summary-too-long" "the summary is over 200 characters",
    TooLong Warning "too-long" "a field is longer than its type allows",
    UrgentSubject Warning "urgent-subject" "an urgent record's subject does not start with 【紧急】 or [URGENT]",
    ClosedWithoutTime Warning "closed-without-time" "a done or cancelled record has no `closed` time",
    Unacknowledged Warning "unacknowledged" "an open record nobody acknowledged within `ack_within` of comms.yaml",
    FullwidthPunctuation Warning "fullwidth-punctuation" "a full-width comma `，` between list items, which YAML reads as one item",
    OpenActions Error "open-actions" "a done record with action items still open, in progress or delayed",
    MissingOutcome Warning "missing-outcome" "a done record of a type that asks how it ended has no `outcome` (or no `outcome_note` for a result not achieved)",
    Unaccepted Warning "unaccepted" "a done record its initiator (not its owner) has not accepted, or accepted by someone else",
    Stale Warning "stale" "an in-progress or delayed record with no progress logged within the type's `update_every`",
    AttachmentWithoutVersion Warning "attachment-without-version" "an attachment without a `version`",
    MissingConfirmation Error "missing-confirmation" "a done record of a type or category in `confirmation_required` without a written `confirmation`",
    SentWithoutApproval Error "sent-without-approval" "a record was sent before a required approval step (`approval` in comms.yaml) was approved",
    ApprovalRejected Error "approval-rejected" "a sent record whose latest decision on a required approval step is a rejection",
    ApproverNotQualified Error "approver-not-qualified" "an approval by someone who cannot fill any required step (lacks the role or department)",
    NotAllowedToPublish Error "not-allowed-to-publish" "`to` names an audience (`publish` in comms.yaml) its `from` department may not address",
    Unconfirmed Warning "unconfirmed" "an open record someone it is addressed to has not confirmed within `ack_within` of comms.yaml",
    UnconfirmedAction Warning "unconfirmed-action" "an open action item whose owner has not accepted the task (types with `action_acks: true`)",
    ObjectionBeforeSent Error "objection-before-sent" "the deadline for objections (`objection_by`) is before the minutes were sent",
    MinutesLate Warning "minutes-late" "a meeting's minutes were sent (`minutes_sent`) after the type's window (built-in: 2 working days after `held`)",
    MinutesNotSent Warning "minutes-not-sent" "a meeting's minutes window (built-in: 2 working days after `held`) has passed and no `minutes_sent` is written",
    LateResponse Warning "late-response" "the first response (`responded`) came after the `respond_within` of `sla` in comms.yaml",
    NoResponse Warning "no-response" "an open record with no `responded` past the `respond_within` of `sla` in comms.yaml",
    DeadlineBeyondSla Warning "deadline-beyond-sla" "the deadline is later than the `resolve_within` of `sla` in comms.yaml allows",
    UnknownChannel Warning "unknown-channel" "a `channel` that is not in the channel registry (`channels` in comms.yaml)",
    ForbiddenChannel Error "forbidden-channel" "a `channel` the registry marks `forbidden: true` (a personal chat app, say)",
    ChannelScope Error "channel-scope" "an internal-only channel on an external record, or an external-only one on an internal record",
    BadSatisfaction Error "bad-satisfaction" "a `satisfaction` that is not a whole number from 1 to 5",
    UnknownAbout Warning "unknown-about" "a feedback's `about` names neither a channel of the registry nor a record's id",
}

impl Code {
    /// The anchor of the rule's section in `docs/rules.md` (`#duplicate-id`).
    pub fn anchor(self) -> String {
        format!("#{}", self.as_str())
    }

    /// The rule's entry in [`RULES`].
    pub fn rule(self) -> &'static Rule {
        &RULES[self as usize]
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Codes sort by their text, as they did when they were strings: the order
/// of diagnostics on one position does not depend on the order of [`RULES`].
impl Ord for Code {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl PartialOrd for Code {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// A code no rule has, with the closest one if there is one.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub struct UnknownCode {
    pub given: String,
    pub closest: Option<&'static str>,
}

impl std::fmt::Display for UnknownCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.closest {
            Some(c) => write!(f, "unknown rule `{}`; did you mean `{c}`?", self.given),
            None => write!(f, "unknown rule `{}`; `comms rules` lists them", self.given),
        }
    }
}

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Code, UnknownCode> {
        Code::ALL.iter().copied().find(|c| c.as_str() == s).ok_or_else(|| UnknownCode {
            given: s.to_string(),
            closest: crate::model::suggest::closest(s, Code::ALL.iter().map(|c| c.as_str())),
        })
    }
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
        assert_eq!(Diagnostic::new(Code::UnknownField, "a.md", 1, 1, "x").severity, Severity::Warning);
        assert_eq!(Diagnostic::new(Code::DuplicateId, "a.md", 1, 1, "x").severity, Severity::Error);
    }

    #[test]
    fn codes_read_back_from_their_text_and_match_the_rule_table() {
        assert_eq!(Code::ALL.len(), RULES.len());
        for (&c, r) in Code::ALL.iter().zip(RULES) {
            assert_eq!(c.as_str().parse::<Code>(), Ok(c));
            assert_eq!((c.as_str(), c.severity(), c.summary()), (r.code, r.severity, r.summary));
            assert_eq!(c.rule().code, c.as_str());
            assert_eq!(c.anchor(), format!("#{}", r.code));
        }
    }

    #[test]
    fn an_unknown_code_names_the_closest() {
        let e = "duplicate-kye".parse::<Code>().unwrap_err();
        assert_eq!(e.to_string(), "unknown rule `duplicate-kye`; did you mean `duplicate-key`?");
        let e = "zzz".parse::<Code>().unwrap_err();
        assert_eq!(e.to_string(), "unknown rule `zzz`; `comms rules` lists them");
    }

    #[test]
    fn codes_sort_by_their_text_and_serialize_as_it() {
        assert!(Code::UnknownField > Code::DuplicateKey);
        assert!(Code::BadEncoding < Code::Unreadable, "by text, not by table order");
        assert_eq!(serde_json::to_string(&Code::DuplicateKey).unwrap(), "\"duplicate-key\"");
    }

    #[test]
    fn the_gist_leaves_out_the_related_places() {
        let at = |line| Related { path: "a.md".into(), line, column: 1, label: None };
        let d = Diagnostic::new(Code::DuplicateKey, "a.md", 5, 1, "key `a` is written twice")
            .related(vec![at(2)], " (first on line 2)");
        assert_eq!(d.message, "key `a` is written twice (first on line 2)");
        assert_eq!(d.gist(), "key `a` is written twice");
        assert_eq!(d.related, [at(2)]);
        let json = serde_json::to_value(&d).unwrap();
        assert!(json.get("related").is_none(), "{json}");
    }
}

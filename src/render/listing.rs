//! Lists of items in the formats people paste elsewhere: RFC 4180 CSV,
//! Markdown tables, the JSON item of the `status` contract, and the words
//! for durations and deadlines in Chinese and English.
//!
//! CSV is written by hand (a dozen lines) rather than with the `csv` crate:
//! we only write, never read, and the quoting rule is short.

use std::sync::{OnceLock, RwLock};

use chrono::Duration;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::record::display_path;
use crate::report::tracking::{Due, Item};

/// A duration for people, at most two units: "3d 4h" / "3天4小时".
pub fn duration(d: Duration, lang: Lang) -> String {
    Words::of(lang).duration(d)
}

/// "overdue by 3d 4h" / "due in 5h" (逾期 3天4小时 / 剩余 5小时); empty
/// for closed items and items without a readable deadline.
pub fn due(due: Due, lang: Lang) -> String {
    Words::of(lang).due(due)
}

/// The words for durations and deadlines in one language, looked up in its
/// catalog once: lists format them for every row.
#[derive(Debug)]
pub struct Words {
    minutes: Template,
    hours: Template,
    hours_minutes: Template,
    days: Template,
    days_hours: Template,
    overdue: Template,
    due_in: Template,
}

impl Words {
    /// The words of `lang`'s catalog in use, made once per catalog.
    pub fn of(lang: Lang) -> &'static Words {
        type Made = Vec<(usize, &'static Words)>;
        static MADE: OnceLock<RwLock<Made>> = OnceLock::new();
        // A catalog is never freed, so its address names it.
        let key = std::ptr::from_ref(lang.catalog()) as usize;
        let made = MADE.get_or_init(|| RwLock::new(Vec::new()));
        if let Some((_, w)) = made.read().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, _)| *k == key) {
            return w;
        }
        let words: &'static Words = Box::leak(Box::new(Words::new(lang)));
        made.write().unwrap_or_else(|e| e.into_inner()).push((key, words));
        words
    }

    fn new(lang: Lang) -> Words {
        let [a, b] = [Template::ARG[0], Template::ARG[1]];
        Words {
            minutes: Template::new(tr!(lang, "listing-duration-minutes", minutes = a)),
            hours: Template::new(tr!(lang, "listing-duration-hours", hours = a)),
            hours_minutes: Template::new(tr!(lang, "listing-duration-hours-minutes", hours = a, minutes = b)),
            days: Template::new(tr!(lang, "listing-duration-days", days = a)),
            days_hours: Template::new(tr!(lang, "listing-duration-days-hours", days = a, hours = b)),
            overdue: Template::new(tr!(lang, "listing-overdue", duration = a)),
            due_in: Template::new(tr!(lang, "listing-due-in", duration = a)),
        }
    }

    /// A duration, at most two units.
    pub fn duration(&self, d: Duration) -> String {
        let mins = d.num_minutes().abs();
        let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
        match (days, hours) {
            (0, 0) => self.minutes.fill(&[&m]),
            (0, h) if m == 0 => self.hours.fill(&[&h]),
            (0, h) => self.hours_minutes.fill(&[&h, &m]),
            (d, 0) => self.days.fill(&[&d]),
            (d, h) => self.days_hours.fill(&[&d, &h]),
        }
    }

    /// How long until, or since, a deadline; empty for closed items and
    /// items without a readable deadline.
    pub fn due(&self, due: Due) -> String {
        match due {
            Due::Overdue(d) => self.overdue.fill(&[&self.duration(d)]),
            Due::In(d) => self.due_in.fill(&[&self.duration(d)]),
            Due::Closed | Due::Unknown => String::new(),
        }
    }
}

/// A message formatted once with markers for its arguments, which
/// [`Template::fill`] replaces: a message used for every row of a list is
/// not formatted anew for each. (A variant chosen by the number itself,
/// `{ $days -> … }`, is therefore not available in these messages.)
#[derive(Debug)]
struct Template(Vec<Piece>);

#[derive(Debug)]
enum Piece {
    Text(String),
    Arg(usize),
}

impl Template {
    /// The markers, one per argument: characters of Unicode's private use
    /// area, which no message has.
    const ARG: [&'static str; 2] = ["\u{E000}", "\u{E001}"];

    fn new(text: String) -> Template {
        let mut pieces = Vec::new();
        let mut rest = text.as_str();
        while let Some((i, c)) = rest.char_indices().find(|(_, c)| Template::ARG.iter().any(|m| m.starts_with(*c))) {
            if i > 0 {
                pieces.push(Piece::Text(rest[..i].to_string()));
            }
            let n = Template::ARG.iter().position(|m| m.starts_with(c)).unwrap_or_default();
            pieces.push(Piece::Arg(n));
            rest = &rest[i + c.len_utf8()..];
        }
        if !rest.is_empty() {
            pieces.push(Piece::Text(rest.to_string()));
        }
        Template(pieces)
    }

    fn fill(&self, args: &[&dyn std::fmt::Display]) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        for p in &self.0 {
            match p {
                Piece::Text(t) => out.push_str(t),
                Piece::Arg(n) => {
                    if let Some(a) = args.get(*n) {
                        let _ = write!(out, "{a}");
                    }
                }
            }
        }
        out
    }
}

/// One item of the `status --format json` contract.
#[derive(Clone, Debug, Serialize)]
pub struct JsonItem {
    pub id: String,
    pub kind: &'static str,
    pub parent: Option<String>,
    pub path: String,
    #[serde(rename = "type")]
    pub rtype: Option<String>,
    pub subject: Option<String>,
    pub owner: Option<String>,
    pub deadline: Option<String>,
    pub status: Option<&'static str>,
    pub project: Option<String>,
    pub overdue: bool,
    /// Records only, in `status --format json`: how many people are
    /// expected to confirm ([`crate::model::confirm`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acks_expected: Option<usize>,
    /// Records only, in `status --format json`: who of them has not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub acks_missing: Option<Vec<String>>,
}

impl JsonItem {
    /// The item of a confidential record (`classification: confidential`)
    /// as others may see it: id, type, owner, deadline and status; the
    /// subject (an action item's task) is `placeholder`, and the project
    /// and file name go (see [`crate::model::classification::redact`]).
    pub fn redact(&mut self, item: &Item, placeholder: &str) {
        if item.record.confidential {
            self.subject = Some(placeholder.to_string());
            self.path = display_path(&crate::model::classification::redacted_path(&item.record.path, &item.record.id));
            self.project = None;
        }
    }

    pub fn new(item: &Item, tz: chrono_tz::Tz) -> JsonItem {
        let text = |s: &str| Some(s.trim().to_string()).filter(|s| !s.is_empty());
        JsonItem {
            id: item.id(),
            kind: item.kind.as_str(),
            parent: item.parent().map(str::to_string),
            path: display_path(&item.record.path),
            rtype: text(&item.record.rtype),
            subject: text(item.subject),
            owner: text(item.owner),
            deadline: item.deadline.map(|d| d.display(tz)),
            status: item.status.map(|s| s.as_str()),
            project: item.record.project.as_deref().and_then(text),
            overdue: item.overdue,
            acks_expected: None,
            acks_missing: None,
        }
    }

    /// The CSV columns, in the order of [`JsonItem::CSV_HEADERS`].
    pub fn csv_row(&self) -> Vec<String> {
        let o = |v: &Option<String>| v.clone().unwrap_or_default();
        vec![
            self.id.clone(),
            self.kind.to_string(),
            o(&self.parent),
            self.path.clone(),
            o(&self.rtype),
            o(&self.subject),
            o(&self.owner),
            o(&self.deadline),
            self.status.unwrap_or_default().to_string(),
            o(&self.project),
            self.overdue.to_string(),
        ]
    }

    pub const CSV_HEADERS: [&'static str; 11] =
        ["id", "kind", "parent", "path", "type", "subject", "owner", "deadline", "status", "project", "overdue"];
}

/// RFC 4180 CSV: CRLF line ends; each field as [`csv_field`] writes it.
pub fn csv(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::new();
    let line = |cells: &mut dyn Iterator<Item = &str>, out: &mut String| {
        out.push_str(&cells.map(csv_field).collect::<Vec<_>>().join(","));
        out.push_str("\r\n");
    };
    line(&mut headers.iter().copied(), &mut out);
    for r in rows {
        line(&mut r.iter().map(String::as_str), &mut out);
    }
    out
}

/// A CSV field of text: a field with a comma, a quote or a line break is
/// quoted, quotes doubled (RFC 4180); a field a spreadsheet would run as a
/// formula (starting with `=`, `+`, `-`, `@`, a tab or a carriage return)
/// gets a `'` in front, which spreadsheets show as text (OWASP's advice on
/// CSV injection).
pub fn csv_field(f: &str) -> String {
    let f = if f.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{f}") } else { f.to_string() };
    if f.contains([',', '"', '\r', '\n']) { format!("\"{}\"", f.replace('"', "\"\"")) } else { f }
}

/// A Markdown (GFM) table; cells are escaped and kept on one line.
pub fn markdown(headers: &[&str], rows: &[Vec<String>]) -> String {
    let row = |cells: Vec<String>| format!("| {} |", cells.join(" | "));
    let mut out = vec![
        row(headers.iter().map(|h| md_escape(h)).collect()),
        row(headers.iter().map(|_| "---".to_string()).collect()),
    ];
    out.extend(rows.iter().map(|r| row(r.clone())));
    out.join("\n") + "\n"
}

/// Text made safe inside Markdown: one line, with the characters that
/// would start emphasis, code, links, HTML or table cells escaped (`#`
/// starts a heading only at the start of a line, where this text never is).
pub fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in one_line(text).chars() {
        if "\\`*_[]<>|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Text on one line: line breaks, tabs and other control characters become spaces.
pub fn one_line(text: &str) -> String {
    text.trim().chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

/// At most `cells` terminal cells wide (wide characters count two), cut
/// with `…` when longer.
pub fn truncate(text: &str, cells: usize) -> String {
    let width: usize = text.chars().map(|c| c.width().unwrap_or(0)).sum();
    if width <= cells {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + 1 > cells {
            break;
        }
        used += w;
        out.push(c);
    }
    out.push('…');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_in_both_languages() {
        let d = Duration::minutes(3 * 1440 + 4 * 60 + 5);
        assert_eq!(duration(d, Lang::EN), "3d 4h");
        assert_eq!(duration(d, Lang::ZH), "3天4小时");
        assert_eq!(duration(Duration::minutes(320), Lang::ZH), "5小时20分");
        assert_eq!(duration(Duration::minutes(12), Lang::ZH), "12分钟");
        assert_eq!(due(Due::Overdue(Duration::hours(5)), Lang::EN), "overdue by 5h");
        assert_eq!(due(Due::In(Duration::hours(5)), Lang::ZH), "剩余 5小时");
        assert_eq!(due(Due::Closed, Lang::ZH), "");
    }

    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_text() {
        let cells = ["=HYPERLINK(\"http://x\",\"点我\")", "+1", "-2", "@SUM(A1)", "\tx", "a=b", "张伟", ""];
        let out = csv(&["a"], &cells.iter().map(|c| vec![c.to_string()]).collect::<Vec<_>>());
        assert_eq!(
            out,
            "a\r\n\"'=HYPERLINK(\"\"http://x\"\",\"\"点我\"\")\"\r\n'+1\r\n'-2\r\n'@SUM(A1)\r\n'\tx\r\na=b\r\n张伟\r\n\r\n"
        );
    }

    #[test]
    fn csv_quotes_what_rfc_4180_says() {
        let out = csv(&["a", "b"], &[vec!["x,y".into(), "say \"hi\"".into()], vec!["两\n行".into(), "张伟".into()]]);
        assert_eq!(out, "a,b\r\n\"x,y\",\"say \"\"hi\"\"\"\r\n\"两\n行\",张伟\r\n");
    }

    #[test]
    fn markdown_cells_are_escaped() {
        assert_eq!(md_escape("*女士 | [a](b)\nx"), "\\*女士 \\| \\[a\\](b) x");
        assert_eq!(markdown(&["编号"], &[vec!["a".into()]]), "| 编号 |\n| --- |\n| a |\n");
    }

    #[test]
    fn truncation_counts_wide_characters() {
        assert_eq!(truncate("【紧急】生产部", 20), "【紧急】生产部");
        assert_eq!(truncate("【紧急】生产部-设备故障通知", 12), "【紧急】生…");
        assert_eq!(truncate("abcdef", 4), "abc…");
    }
}

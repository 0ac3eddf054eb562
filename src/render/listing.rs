//! Lists of items in the formats people paste elsewhere: RFC 4180 CSV,
//! Markdown tables, the JSON item of the `status` contract, and the words
//! for durations and deadlines in Chinese and English.
//!
//! CSV is written by hand (a dozen lines) rather than with the `csv` crate:
//! we only write, never read, and the quoting rule is short.

use chrono::Duration;
use serde::Serialize;
use unicode_width::UnicodeWidthChar;

use crate::model::config::Lang;
use crate::model::record::display_path;
use crate::report::tracking::{Due, Item};

/// A duration for people, at most two units: "3d 4h" / "3天4小时".
pub fn duration(d: Duration, lang: Lang) -> String {
    match lang {
        Lang::En => crate::model::time::human_duration(d),
        Lang::Zh => {
            let mins = d.num_minutes().abs();
            let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
            match (days, hours) {
                (0, 0) => format!("{m}分钟"),
                (0, h) if m == 0 => format!("{h}小时"),
                (0, h) => format!("{h}小时{m}分"),
                (d, 0) => format!("{d}天"),
                (d, h) => format!("{d}天{h}小时"),
            }
        }
    }
}

/// "overdue by 3d 4h" / "due in 5h" (逾期 3天4小时 / 剩余 5小时); empty
/// for closed items and items without a readable deadline.
pub fn due(due: Due, lang: Lang) -> String {
    match (due, lang) {
        (Due::Overdue(d), Lang::Zh) => format!("逾期 {}", duration(d, lang)),
        (Due::Overdue(d), Lang::En) => format!("overdue by {}", duration(d, lang)),
        (Due::In(d), Lang::Zh) => format!("剩余 {}", duration(d, lang)),
        (Due::In(d), Lang::En) => format!("due in {}", duration(d, lang)),
        (Due::Closed | Due::Unknown, _) => String::new(),
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
}

impl JsonItem {
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
        assert_eq!(duration(d, Lang::En), "3d 4h");
        assert_eq!(duration(d, Lang::Zh), "3天4小时");
        assert_eq!(duration(Duration::minutes(320), Lang::Zh), "5小时20分");
        assert_eq!(duration(Duration::minutes(12), Lang::Zh), "12分钟");
        assert_eq!(due(Due::Overdue(Duration::hours(5)), Lang::En), "overdue by 5h");
        assert_eq!(due(Due::In(Duration::hours(5)), Lang::Zh), "剩余 5小时");
        assert_eq!(due(Due::Closed, Lang::Zh), "");
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

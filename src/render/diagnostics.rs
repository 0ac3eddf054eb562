//! Diagnostics in the three formats `validate` speaks: human (rustc/ruff
//! style), the JSON contract, and GitHub Actions annotations.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{BOLD, ERROR, GUTTER, HELP, WARNING, paint};
use crate::diagnostic::{Diagnostic, Severity, Tally};

/// One diagnostic for people:
///
/// ```text
/// error[vague-deadline]: deadline `尽快` is not a time
///  --> records/a.md:6:11
///   |
/// 6 | deadline: 尽快
///   |           ^^^^
///   = help: write the exact time it is due as YYYY-MM-DD HH:MM
/// ```
pub fn human(out: &mut dyn Write, d: &Diagnostic) -> std::io::Result<()> {
    let (style, label) = match d.severity {
        Severity::Error => (ERROR, "error"),
        Severity::Warning => (WARNING, "warning"),
    };
    writeln!(out, "{}{} {}", paint(style, format!("{label}[{}]", d.code)), paint(BOLD, ":"), paint(BOLD, &d.message))?;
    let num = d.line.to_string();
    let pad = " ".repeat(num.len());
    writeln!(out, "{pad}{} {}:{}:{}", paint(GUTTER, "-->"), d.path, d.line, d.column)?;
    if let Some(src) = &d.source_line {
        let src = src.replace('\t', " ");
        let before: String = src.chars().take(d.column.saturating_sub(1) as usize).collect();
        let under: String =
            src.chars().skip(d.column.saturating_sub(1) as usize).take(d.width.max(1) as usize).collect();
        let indent = " ".repeat(before.width());
        let carets = "^".repeat(under.width().max(1));
        writeln!(out, "{pad} {}", paint(GUTTER, "|"))?;
        writeln!(out, "{} {} {}", paint(GUTTER, &num), paint(GUTTER, "|"), src)?;
        writeln!(out, "{pad} {} {indent}{}", paint(GUTTER, "|"), paint(style, carets))?;
    }
    if let Some(help) = &d.help {
        writeln!(out, "{pad} {} {}: {help}", paint(GUTTER, "="), paint(HELP, "help"))?;
    }
    writeln!(out)
}

/// The closing line: "3 errors and 1 warning in 2 files (25 checked)".
pub fn summary(tally: Tally, files_with: usize, checked: usize) -> String {
    let plural = |n: usize, w: &str| if n == 1 { format!("{n} {w}") } else { format!("{n} {w}s") };
    if tally.errors == 0 && tally.warnings == 0 {
        return format!("{} {}: no problems found", paint(super::GOOD, "ok"), plural(checked, "record"));
    }
    let mut parts = Vec::new();
    if tally.errors > 0 {
        parts.push(paint(ERROR, plural(tally.errors, "error")));
    }
    if tally.warnings > 0 {
        parts.push(paint(WARNING, plural(tally.warnings, "warning")));
    }
    format!("{} in {} ({} checked)", parts.join(" and "), plural(files_with, "file"), checked)
}

/// The `validate --format json` contract.
#[derive(Serialize)]
pub struct JsonReport<'a> {
    pub files_checked: usize,
    pub errors: usize,
    pub warnings: usize,
    pub diagnostics: &'a [Diagnostic],
}

pub fn json(out: &mut dyn Write, files_checked: usize, diagnostics: &[Diagnostic]) -> std::io::Result<()> {
    let t = Tally::of(diagnostics);
    let report = JsonReport { files_checked, errors: t.errors, warnings: t.warnings, diagnostics };
    serde_json::to_writer_pretty(&mut *out, &report)?;
    writeln!(out)
}

/// A GitHub Actions workflow command:
/// `::error file=records/a.md,line=6,col=11,title=vague-deadline::message`.
pub fn github(out: &mut dyn Write, d: &Diagnostic, path_prefix: &str) -> std::io::Result<()> {
    let level = match d.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    writeln!(
        out,
        "::{level} file={},line={},col={},title={}::{}",
        escape_property(&format!("{path_prefix}{}", d.path)),
        d.line,
        d.column,
        escape_property(&format!("comms {}", d.code)),
        escape_data(&message)
    )
}

/// A GitLab code quality report (the Code Climate JSON subset GitLab reads).
pub fn gitlab(out: &mut dyn Write, diagnostics: &[Diagnostic], path_prefix: &str) -> std::io::Result<()> {
    let issues: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let path = format!("{path_prefix}{}", d.path);
            let description = match &d.help {
                Some(h) => format!("{} (help: {h})", d.message),
                None => d.message.clone(),
            };
            serde_json::json!({
                "type": "issue",
                "check_name": format!("comms/{}", d.code),
                "description": description,
                "categories": ["Style"],
                "severity": match d.severity { Severity::Error => "major", Severity::Warning => "minor" },
                "fingerprint": fingerprint(&[&path, d.code, &d.message]),
                "location": { "path": path, "lines": { "begin": d.line } },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// A stable fingerprint (FNV-1a, 128 bits as two 64-bit halves): the same
/// finding keeps its fingerprint across runs and Rust versions.
fn fingerprint(parts: &[&str]) -> String {
    let fnv = |seed: u64| {
        let mut h: u64 = seed;
        for part in parts {
            for b in part.bytes().chain([0xff]) {
                h ^= b as u64;
                h = h.wrapping_mul(0x100000001b3);
            }
        }
        h
    };
    format!("{:016x}{:016x}", fnv(0xcbf29ce484222325), fnv(0x84222325cbf29ce4))
}

fn escape_data(s: &str) -> String {
    s.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn diag() -> Diagnostic {
        let mut d = Diagnostic::new("vague-deadline", "records/a.md", 6, 11, "deadline `尽快` is not a time")
            .help("write `2026-11-23 17:00`")
            .width(2);
        d.source_line = Some("deadline: 尽快".into());
        d
    }

    #[test]
    fn human_underlines_wide_characters_by_width() {
        let mut out = Vec::new();
        human(&mut out, &diag()).unwrap();
        let text = String::from_utf8(out).unwrap();
        let text = String::from_utf8(anstream::adapter::strip_bytes(text.as_bytes()).into_vec()).unwrap();
        assert_eq!(
            text,
            "error[vague-deadline]: deadline `尽快` is not a time\n --> records/a.md:6:11\n  |\n6 | deadline: 尽快\n  |           ^^^^\n  = help: write `2026-11-23 17:00`\n\n"
        );
    }

    #[test]
    fn gitlab_reports_are_code_climate_json_with_stable_fingerprints() {
        let mut out = Vec::new();
        gitlab(&mut out, &[diag()], "sub/").unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v[0]["location"]["path"], "sub/records/a.md");
        assert_eq!(v[0]["location"]["lines"]["begin"], 6);
        assert_eq!(v[0]["severity"], "major");
        assert_eq!(v[0]["check_name"], "comms/vague-deadline");
        assert_eq!(v[0]["fingerprint"].as_str().unwrap().len(), 32);
        assert_eq!(fingerprint(&["a", "b"]), fingerprint(&["a", "b"]));
        assert_ne!(fingerprint(&["ab", ""]), fingerprint(&["a", "b"]));
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        let mut out = Vec::new();
        github(&mut out, &diag(), "").unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "::error file=records/a.md,line=6,col=11,title=comms vague-deadline::deadline `尽快` is not a time%0Ahelp: write `2026-11-23 17:00`\n"
        );
    }
}

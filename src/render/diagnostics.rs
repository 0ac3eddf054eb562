//! Diagnostics in the formats `validate` speaks: human (rustc/ruff style),
//! the JSON contract, GitHub Actions annotations, a GitLab code quality
//! report, and SARIF 2.1.0 for code scanning.

use std::io::Write;

use serde::Serialize;
use unicode_width::UnicodeWidthStr;

use super::{BOLD, ERROR, GUTTER, HELP, WARNING, paint};
use crate::model::diagnostic::{Diagnostic, RULES, Severity, Tally};

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
        let col = d.column.saturating_sub(1) as usize;
        let width = d.width.max(1) as usize;
        // A very long line (a pasted table, 86,000 numbers on one line) is
        // shown around the column, not whole.
        let (src, col) = if src.len() > LONG_LINE {
            let total = src.chars().count();
            let from = col.saturating_sub(CONTEXT);
            let to = (col + width + CONTEXT).min(total);
            let mut shown: String = if from > 0 { "…".into() } else { String::new() };
            shown.extend(src.chars().skip(from).take(to - from));
            if to < total {
                shown.push('…');
            }
            (shown, col - from + usize::from(from > 0))
        } else {
            (src, col)
        };
        let before: String = src.chars().take(col).collect();
        let under: String = src.chars().skip(col).take(width).collect();
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

/// A source line longer than this many bytes is shown in part: [`CONTEXT`]
/// characters either side of what is underlined.
const LONG_LINE: usize = 400;
const CONTEXT: usize = 60;

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
///
/// GitLab keeps one issue per fingerprint, so the fingerprint hashes the
/// position too: the same finding on two lines is two issues.
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
                "fingerprint": fingerprint(&[&path, d.code.as_str(), &d.message, &d.line.to_string(), &d.column.to_string()]),
                "location": { "path": path, "lines": { "begin": d.line } },
            })
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &issues)?;
    writeln!(out)
}

/// Where the rules are explained: `docs/rules.md` of the repository
/// `Cargo.toml` declares, one anchor per rule. Empty when it declares none.
const RULES_DOC: &str = concat!(env!("CARGO_PKG_REPOSITORY"), "/blob/main/docs/rules.md");

/// A SARIF 2.1.0 log (the OASIS standard GitHub code scanning reads): one
/// run of `comms`, every rule of the table, one result per diagnostic.
///
/// Paths are URIs relative to `%SRCROOT%`, the root of the git work tree
/// (`path_prefix` leads from it to the repository), percent-encoded;
/// `srcroot` is that root as a `file://` URI, when known. Columns count
/// characters, as everywhere in comms (`columnKind: unicodeCodePoints`).
pub fn sarif(
    out: &mut dyn Write,
    diagnostics: &[Diagnostic],
    path_prefix: &str,
    srcroot: Option<&str>,
) -> std::io::Result<()> {
    let level = |s: Severity| match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    let repository = env!("CARGO_PKG_REPOSITORY");
    let rules: Vec<serde_json::Value> = RULES
        .iter()
        .map(|r| {
            let mut rule = serde_json::json!({
                "id": r.code,
                "name": pascal_case(r.code),
                "shortDescription": { "text": r.summary },
                "fullDescription": { "text": format!("{}: {}.", r.code, r.summary) },
                "help": {
                    "text": format!("{}. `comms rules {}` and docs/rules.md#{} explain the rule, with an example and the fix.", capitalise(r.summary), r.code, r.code),
                },
                "defaultConfiguration": { "level": level(r.severity) },
                "properties": { "tags": ["comms"] },
            });
            if !repository.is_empty() {
                rule["helpUri"] = format!("{RULES_DOC}#{}", r.code).into();
            }
            rule
        })
        .collect();
    // How many times each (path, code, message) came before: a repeat's
    // fingerprint adds its ordinal, so repeats stay apart while the lines
    // above them can still move.
    let mut seen: std::collections::HashMap<(String, &str, &str), usize> = std::collections::HashMap::new();
    let results: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let mut text = d.message.clone();
            if let Some(help) = &d.help {
                text.push_str("\nhelp: ");
                text.push_str(help);
            }
            let path = format!("{path_prefix}{}", d.path);
            let location = physical_location(&path, d.line, d.column, Some(d.width));
            let mut result = serde_json::json!({
                "ruleId": d.code,
                "level": level(d.severity),
                "message": { "text": text },
                "locations": [{ "physicalLocation": location }],
                "partialFingerprints": { "comms/v1": partial_fingerprint(&mut seen, &path, d) },
            });
            // `RULES` lists the rules in the order of `Code`.
            result["ruleIndex"] = (d.code as usize).into();
            if !d.related.is_empty() {
                let related: Vec<serde_json::Value> = d
                    .related
                    .iter()
                    .enumerate()
                    .map(|(i, r)| {
                        let at = physical_location(&format!("{path_prefix}{}", r.path), r.line, r.column, None);
                        let mut loc = serde_json::json!({ "id": i, "physicalLocation": at });
                        if let Some(label) = &r.label {
                            loc["message"] = serde_json::json!({ "text": label });
                        }
                        loc
                    })
                    .collect();
                result["relatedLocations"] = related.into();
            }
            result
        })
        .collect();
    let mut driver = serde_json::json!({
        "name": "comms",
        "version": env!("CARGO_PKG_VERSION"),
        "semanticVersion": env!("CARGO_PKG_VERSION"),
        "rules": rules,
    });
    if !repository.is_empty() {
        driver["informationUri"] = repository.into();
    }
    let mut base = serde_json::json!({ "description": { "text": "the root of the git work tree" } });
    if let Some(uri) = srcroot {
        base["uri"] = uri.into();
    }
    let log = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": driver },
            "originalUriBaseIds": { "%SRCROOT%": base },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &log)?;
    writeln!(out)
}

/// A path as the path of a URI (RFC 3986): `/` separates segments,
/// everything but unreserved characters is percent-encoded as UTF-8.
pub fn uri_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.replace('\\', "/").bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A SARIF `physicalLocation`: the file (relative to `%SRCROOT%`, or a
/// `file://` URI) and, for a position in it, the region; `width` (the
/// characters to underline) gives the end column when known.
fn physical_location(path: &str, line: u32, column: u32, width: Option<u32>) -> serde_json::Value {
    let artifact = if path.starts_with('/') {
        serde_json::json!({ "uri": format!("file://{}", uri_path(path)) })
    } else {
        serde_json::json!({ "uri": uri_path(path), "uriBaseId": "%SRCROOT%" })
    };
    let mut location = serde_json::json!({ "artifactLocation": artifact });
    if line >= 1 {
        let mut region = serde_json::json!({ "startLine": line });
        if column >= 1 {
            region["startColumn"] = column.into();
            if let Some(width) = width {
                region["endColumn"] = (column + width.max(1)).into();
            }
        }
        location["region"] = region;
    }
    location
}
/// `vague-deadline` → `VagueDeadline`.
fn pascal_case(code: &str) -> String {
    code.split('-').map(capitalise).collect()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next().map(|f| f.to_uppercase().chain(c).collect()).unwrap_or_default()
}

/// The SARIF fingerprint: of the path, the code and the message, and for
/// the n-th repeat of those in one log (n ≥ 2) of n too.
fn partial_fingerprint<'a>(
    seen: &mut std::collections::HashMap<(String, &'a str, &'a str), usize>,
    path: &str,
    d: &'a Diagnostic,
) -> String {
    let n = seen.entry((path.to_string(), d.code.as_str(), d.message.as_str())).or_insert(0);
    *n += 1;
    match *n {
        1 => fingerprint(&[path, d.code.as_str(), &d.message]),
        n => fingerprint(&[path, d.code.as_str(), &d.message, &n.to_string()]),
    }
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
    use crate::model::diagnostic::Code;

    fn diag() -> Diagnostic {
        let mut d = Diagnostic::new(Code::VagueDeadline, "records/a.md", 6, 11, "deadline `尽快` is not a time")
            .help("write `2026-11-23 17:00`")
            .width(2);
        d.source_line = Some("deadline: 尽快".into());
        d
    }

    #[test]
    fn human_shows_a_long_line_around_the_column() {
        let mut d = diag();
        let line = format!("{}13912345678{}", "号".repeat(500), "x".repeat(500));
        d.source_line = Some(line);
        d.column = 501;
        d.width = 11;
        let mut out = Vec::new();
        human(&mut out, &d).unwrap();
        let text = String::from_utf8(anstream::adapter::strip_bytes(&out).into_vec()).unwrap();
        let want_src = format!("6 | …{}13912345678{}…\n", "号".repeat(60), "x".repeat(60));
        assert!(text.contains(&want_src), "{text}");
        // The carets sit under the number: 1 cell for `…`, 120 for 号.
        assert!(text.contains(&format!("  | {}^^^^^^^^^^^\n", " ".repeat(121))), "{text}");
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
    fn gitlab_fingerprints_tell_the_same_finding_on_two_lines_apart() {
        let mut again = diag();
        again.line = 9;
        let mut beside = diag();
        beside.column = 20;
        let mut out = Vec::new();
        gitlab(&mut out, &[diag(), again, beside, diag()], "").unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let prints: Vec<&str> = (0..4).map(|i| v[i]["fingerprint"].as_str().unwrap()).collect();
        assert_ne!(prints[0], prints[1]);
        assert_ne!(prints[0], prints[2]);
        assert_ne!(prints[1], prints[2]);
        assert_eq!(prints[0], prints[3], "the same finding keeps its fingerprint");
    }

    #[test]
    fn sarif_uris_are_percent_encoded_and_whole_file_findings_have_no_region() {
        assert_eq!(uri_path("records/紧急 a.md"), "records/%E7%B4%A7%E6%80%A5%20a.md");
        assert_eq!(uri_path("a#b?c%d:e.md"), "a%23b%3Fc%25d%3Ae.md");
        assert_eq!(uri_path("sub\\x.md"), "sub/x.md");
        assert_eq!(pascal_case("deadline-before-created"), "DeadlineBeforeCreated");
        let whole = Diagnostic::new(Code::BadEncoding, "records/b.md", 0, 0, "not UTF-8");
        let mut out = Vec::new();
        sarif(&mut out, &[diag(), whole], "sub/", None).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let results = &v["runs"][0]["results"];
        assert_eq!(results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], "sub/records/a.md");
        assert_eq!(results[0]["locations"][0]["physicalLocation"]["region"]["endColumn"], 13);
        assert!(results[1]["locations"][0]["physicalLocation"].get("region").is_none());
        assert_eq!(results[1]["ruleIndex"], 1);
        assert!(v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"].get("uri").is_none());
    }

    #[test]
    fn sarif_related_places_are_related_locations() {
        use crate::model::diagnostic::Related;
        let first = Related { path: "records/a.md".into(), line: 3, column: 1, label: Some("first occurrence".into()) };
        let dup = Diagnostic::new(Code::DuplicateKey, "records/a.md", 9, 1, "key `owner` is written twice")
            .related(vec![first], " (first on line 3)");
        let mut out = Vec::new();
        sarif(&mut out, &[dup, diag()], "sub/", None).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let results = &v["runs"][0]["results"];
        let related = &results[0]["relatedLocations"][0];
        assert_eq!(related["id"], 0);
        assert_eq!(related["message"]["text"], "first occurrence");
        assert_eq!(related["physicalLocation"]["artifactLocation"]["uri"], "sub/records/a.md");
        assert_eq!(related["physicalLocation"]["region"], serde_json::json!({ "startLine": 3, "startColumn": 1 }));
        assert!(
            results[0]["message"]["text"]
                .as_str()
                .unwrap()
                .starts_with("key `owner` is written twice (first on line 3)")
        );
        assert!(results[1].get("relatedLocations").is_none(), "only findings about other places have them");
    }

    #[test]
    fn sarif_fingerprints_keep_repeats_apart_but_ignore_the_line() {
        let mut moved = diag();
        moved.line = 40;
        let mut out = Vec::new();
        sarif(&mut out, &[diag(), moved.clone()], "", None).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        let print =
            |v: &serde_json::Value, i: usize| v["runs"][0]["results"][i]["partialFingerprints"]["comms/v1"].clone();
        assert_ne!(print(&v, 0), print(&v, 1));
        let mut out = Vec::new();
        sarif(&mut out, &[moved], "", None).unwrap();
        let alone: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(print(&alone, 0), print(&v, 0), "the first keeps its fingerprint wherever its line moves");
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

//! Full-width punctuation typed on a Chinese keyboard where YAML needs the
//! ASCII one: a full-width colon after a key (`status：open`, which YAML
//! reads as text, not as a field) and a full-width comma between the items
//! of a flow list (`[技术部， 财务部]`, which YAML reads as one item).
//!
//! The colon makes the front matter unreadable, so it is found from the
//! parser's error ([`colon_before`]) and reported as that error, at the
//! colon. The comma leaves the YAML valid and is the warning
//! `fullwidth-punctuation` ([`commas`]). `validate --fix` rewrites both
//! ([`fix`]), changing nothing else.

use std::path::Path;

use crate::model::diagnostic::Code;
use crate::model::record::Document;
use crate::model::yaml::{Node, Origin, Style, Value};

/// `：`, U+FF1A.
pub const COLON: char = '：';
/// `，`, U+FF0C.
pub const COMMA: char = '，';

/// A full-width colon after a key, found on a line of front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Colon {
    /// Byte offset of the `：` in the file.
    pub offset: usize,
    /// The key before it, e.g. `status`.
    pub key: String,
    /// The line as it should read, e.g. `status: open` (trimmed).
    pub fixed: String,
}

/// In one line, the byte index of a full-width colon written where the
/// colon after a key belongs (`status：open`, `  - task：x`, `owner ：x`),
/// the key, and the byte index just past the colon and the spaces after it.
fn key_colon(line: &str) -> Option<(usize, &str, usize)> {
    let rest = line.trim_start_matches(' ');
    let rest = match rest.strip_prefix("- ") {
        Some(r) => r.trim_start_matches(' '),
        None => rest,
    };
    let key_at = line.len() - rest.len();
    if !rest.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return None;
    }
    let key_len = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))?;
    let after = &rest[key_len..];
    let colon = key_at + key_len + (after.len() - after.trim_start_matches(' ').len());
    let tail = line[colon..].strip_prefix(COLON)?;
    let end = line.len() - tail.trim_start_matches(' ').len();
    Some((colon, &rest[..key_len], end))
}

/// The line with the full-width colon after its key made `: `.
fn fix_line(line: &str) -> Option<String> {
    let (colon, key, end) = key_colon(line)?;
    let key_end = line[..colon].rfind(key).map(|i| i + key.len())?;
    Some(format!("{}: {}", &line[..key_end], &line[end..]))
}

/// The full-width colon that broke a front matter the parser refused at
/// line `error_line` (a file line): on the last line before it that is not
/// blank or a comment — a `key：value` line is read as text, and the parser
/// stumbles on the line after it — or, with `on_line`, on that line itself
/// (a front matter that is one such line, read as a single value).
pub fn colon_before(yaml: &str, origin: Origin, error_line: u32, on_line: bool) -> Option<Colon> {
    let mut offset = origin.offset;
    let mut last: Option<(usize, &str)> = None;
    for (i, raw) in yaml.split_inclusive('\n').enumerate() {
        let line_no = origin.line + i as u32;
        if line_no > error_line || (line_no == error_line && !on_line) {
            break;
        }
        let line = raw.trim_end_matches('\n').trim_end_matches('\r');
        let content = line.trim_start();
        if !content.is_empty() && !content.starts_with('#') {
            last = Some((offset, line));
        }
        offset += raw.len();
    }
    let (start, line) = last?;
    let (colon, key, _) = key_colon(line)?;
    Some(Colon { offset: start + colon, key: key.to_string(), fixed: fix_line(line)?.trim().to_string() })
}

/// Every full-width comma inside an item of a flow list that YAML read as
/// one plain item: the item, and the byte offsets of its commas in the file.
pub fn commas(doc: &Document) -> Vec<(&Node, Vec<usize>)> {
    let mut out = Vec::new();
    walk(doc, &doc.root, false, &mut out);
    out
}

fn walk<'a>(doc: &Document, node: &'a Node, in_flow_seq: bool, out: &mut Vec<(&'a Node, Vec<usize>)>) {
    match &node.value {
        Value::Scalar { text, style: Style::Plain } if in_flow_seq && text.contains(COMMA) => {
            let (s, e) = (node.span.start.offset, node.span.end.offset);
            if let Some(raw) = doc.source.text.get(s..e) {
                let at: Vec<usize> = raw.match_indices(COMMA).map(|(i, _)| s + i).collect();
                if !at.is_empty() {
                    out.push((node, at));
                }
            }
        }
        Value::Scalar { .. } => {}
        Value::Seq { items, flow } => items.iter().for_each(|i| walk(doc, i, *flow, out)),
        Value::Map { entries, .. } => entries.iter().for_each(|e| walk(doc, &e.value, false, out)),
    }
}

/// `text` (a whole record file) with the full-width colons after keys and
/// the full-width commas in flow lists made ASCII, and how many were; the
/// rest of the text is unchanged. `None` when there is nothing to rewrite.
pub fn fix(rel: &Path, text: &str) -> Option<(String, usize)> {
    let mut text = text.to_string();
    let mut n = 0;
    // A colon breaks the YAML, and hides the next one: one at a time.
    for _ in 0..200 {
        match Document::parse(rel, text.clone().into_bytes()) {
            Ok(doc) => {
                let mut at: Vec<usize> = commas(&doc).into_iter().flat_map(|(_, at)| at).collect();
                at.sort_unstable();
                for &i in at.iter().rev() {
                    let after = &text[i + COMMA.len_utf8()..];
                    let spaces = after.len() - after.trim_start_matches(' ').len();
                    text.replace_range(i..i + COMMA.len_utf8() + spaces, ", ");
                }
                n += at.len();
                break;
            }
            Err(d) => {
                if !matches!(d.code, Code::YamlSyntax | Code::NotAMapping) {
                    break;
                }
                let Ok(src) = crate::model::frontmatter::Source::decode(text.clone().into_bytes()) else { break };
                let line = src.line_text(d.line);
                let Some((colon, _, _)) = key_colon(line) else { break };
                if line[..colon].chars().count() as u32 + 1 != d.column {
                    break;
                }
                let Some(fixed) = fix_line(line) else { break };
                let start = line_start(&text, d.line) + if d.line == 1 { src.bom } else { 0 };
                text.replace_range(start..start + line.len(), &fixed);
                n += 1;
            }
        }
    }
    (n > 0).then_some((text, n))
}

/// The byte offset where file line `line` (1-based) starts.
fn line_start(text: &str, line: u32) -> usize {
    if line <= 1 {
        return 0;
    }
    text.match_indices('\n').nth(line as usize - 2).map_or(text.len(), |(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_colon_after_a_key_is_found_and_fixed() {
        assert_eq!(key_colon("status：open"), Some((6, "status", 9)));
        assert_eq!(key_colon("  - task ： 提交"), Some((9, "task", 13)));
        assert_eq!(fix_line("status：open").as_deref(), Some("status: open"));
        assert_eq!(fix_line("    owner ：  王强").as_deref(), Some("    owner: 王强"));
        assert_eq!(fix_line("to：[a, b]").as_deref(), Some("to: [a, b]"));
        // Text with a full-width colon is not a key.
        assert_eq!(key_colon("会议：评审"), None);
        assert_eq!(key_colon("subject: 会议：评审"), None);
        assert_eq!(key_colon("# note：x"), None);
    }

    #[test]
    fn the_colon_is_on_the_line_before_the_error() {
        let yaml = "id: a\nstatus：open\n\n# c\nowner: b\n";
        let c = colon_before(yaml, Origin { offset: 4, line: 2 }, 6, false).unwrap();
        assert_eq!(c.key, "status");
        assert_eq!(c.fixed, "status: open");
        assert_eq!(&yaml[c.offset - 4..c.offset - 4 + 3], "：");
        assert_eq!(colon_before("id: a\nowner: b\nx\n", Origin::START, 3, false), None);
        let c = colon_before("status：open\n", Origin { offset: 4, line: 2 }, 2, true).unwrap();
        assert_eq!(c.offset, 4 + 6);
    }

    #[test]
    fn fix_rewrites_colons_then_commas_and_nothing_else() {
        let text = "\u{feff}---\r\nid: a\r\nstatus：open\r\nowner：张伟\r\nto: [技术部， 财务部]\r\np: [王强，张伟]\r\nq: ['甲，乙']\r\nsubject: 会议：评审，结论\r\n---\r\n正文：甲，乙\r\n";
        let (fixed, n) = fix(Path::new("records/a.md"), text).unwrap();
        assert_eq!(
            fixed,
            "\u{feff}---\r\nid: a\r\nstatus: open\r\nowner: 张伟\r\nto: [技术部, 财务部]\r\np: [王强, 张伟]\r\nq: ['甲，乙']\r\nsubject: 会议：评审，结论\r\n---\r\n正文：甲，乙\r\n"
        );
        assert_eq!(n, 4);
        assert_eq!(fix(Path::new("records/a.md"), &fixed), None);
        // The first line of the front matter, right after a BOM.
        let (fixed, _) = fix(Path::new("a.md"), "\u{feff}---\nstatus：open\n---\n").unwrap();
        assert_eq!(fixed, "\u{feff}---\nstatus: open\n---\n");
    }
}

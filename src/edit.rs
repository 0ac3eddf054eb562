//! Edits that change only the bytes they must, and writes that never leave
//! a half-written file.
//!
//! An edit works on a [`Document`]'s text with the spans of its YAML tree:
//! replacing a value rewrites the value's bytes, adding a key inserts one
//! line before the closing fence. Key order, comments, quoting elsewhere,
//! indentation, line endings, the BOM and the body are left as they were.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::record::Document;
use crate::yaml::{Entry, Node, Style, Value};

/// Sets top-level `key` to `yaml` (a YAML value as it should be written,
/// e.g. the output of [`crate::yaml::quote_scalar`]). Returns the new text.
pub fn set(doc: &Document, key: &str, yaml: &str) -> String {
    let text = &doc.source.text;
    match doc.root.get(key) {
        Some(entry) => {
            let (start, end) = value_region(text, entry);
            let lead =
                if text[start..].starts_with(' ') || start == end || !text[..start].ends_with(':') { "" } else { " " };
            let mut out = String::with_capacity(text.len() + yaml.len());
            out.push_str(&text[..start]);
            if start == end || text[..start].ends_with(':') {
                out.push(' ');
            } else {
                out.push_str(lead);
            }
            out.push_str(yaml);
            out.push_str(&text[end..]);
            out
        }
        None => {
            let at = doc.layout.yaml_end;
            let line = format!("{key}: {yaml}{}", doc.source.newline());
            let mut out = String::with_capacity(text.len() + line.len());
            out.push_str(&text[..at]);
            out.push_str(&line);
            out.push_str(&text[at..]);
            out
        }
    }
}

/// The byte range holding an entry's value: exactly the scalar for a
/// one-line plain or quoted scalar, else from after the `:` to the end of
/// the value's last line (a block list, a block scalar, an empty value).
fn value_region(text: &str, entry: &Entry) -> (usize, usize) {
    let v = &entry.value;
    let colon = after_colon(text, entry.key_span.end.offset);
    if let Value::Scalar { style, .. } = &v.value
        && !v.is_null()
        && matches!(style, Style::Plain | Style::SingleQuoted | Style::DoubleQuoted)
        && v.span.start.line == v.span.end.line
    {
        let (s, e) = quoted_bounds(text, v);
        return (s, e);
    }
    if v.is_null() {
        // `key:` or `key:   # comment`: replace up to the comment or line end.
        let line_end = text[colon..].find('\n').map_or(text.len(), |i| colon + i);
        let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
        let rest = &text[colon..line_end];
        let comment = rest.find(" #").map_or(line_end, |i| colon + rest[..i].trim_end().len());
        return (colon, comment);
    }
    // A collection or block scalar: up to the end of its last line.
    let end = v.span.end.offset.max(colon);
    let line_end =
        if text[..end].ends_with('\n') { end - 1 } else { text[end..].find('\n').map_or(text.len(), |i| end + i) };
    let line_end = if text[..line_end].ends_with('\r') { line_end - 1 } else { line_end };
    (colon, line_end)
}

/// The offset just after the `:` that follows a key ending at `key_end`.
fn after_colon(text: &str, key_end: usize) -> usize {
    let rest = &text[key_end..];
    let skip = rest.len() - rest.trim_start_matches([' ', '"', '\'']).len();
    if rest[skip..].starts_with(':') { key_end + skip + 1 } else { key_end }
}

/// A scalar's bytes including its quotes, whether or not the parser's span
/// included them.
fn quoted_bounds(text: &str, v: &Node) -> (usize, usize) {
    let (mut s, mut e) = (v.span.start.offset, v.span.end.offset);
    let q = match &v.value {
        Value::Scalar { style: Style::SingleQuoted, .. } => Some('\''),
        Value::Scalar { style: Style::DoubleQuoted, .. } => Some('"'),
        _ => None,
    };
    if let Some(q) = q {
        if !text[s..].starts_with(q) && text[..s].ends_with(q) {
            s -= 1;
        }
        if !text[..e].ends_with(q) && text[e..].starts_with(q) {
            e += 1;
        }
    }
    (s, e)
}

/// Replaces the file at `path` with `bytes` atomically: a temporary file in
/// the same folder, flushed, then renamed over the old one.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Ok(meta) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&tmp, meta.permissions());
        }
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

/// Writes a new file at `path`, failing if anything is already there; the
/// file appears whole or not at all.
pub fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        match std::fs::hard_link(&tmp, path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Err(e),
            // Filesystems without hard links: create exclusively and write.
            Err(_) => {
                let mut f = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
                f.write_all(bytes)?;
                f.sync_all()
            }
        }
    })();
    let _ = std::fs::remove_file(&tmp);
    result
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let unique = crate::ids::random_u64();
    path.with_file_name(format!(".{name}.{}.{unique:x}.tmp", std::process::id()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        Document::parse(Path::new("a.md"), text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn replaces_only_the_value() {
        let t = "---\nid: a  # keep\nstatus: open # comment\nowner: \"张伟\"\n---\nbody\n";
        assert_eq!(set(&doc(t), "status", "done"), t.replace("status: open", "status: done"));
        assert_eq!(set(&doc(t), "owner", "李娜"), t.replace("owner: \"张伟\"", "owner: 李娜"));
    }

    #[test]
    fn fills_an_empty_value_and_keeps_its_comment() {
        let t = "---\nproject:   # 项目\nowner:\n---\n";
        assert_eq!(set(&doc(t), "project", "二号产线"), "---\nproject: 二号产线   # 项目\nowner:\n---\n");
        assert_eq!(set(&doc(t), "owner", "张伟"), "---\nproject:   # 项目\nowner: 张伟\n---\n");
    }

    #[test]
    fn replaces_a_block_list() {
        let t = "---\nto:\n  - a\n  - b\nowner: x\n---\n";
        assert_eq!(set(&doc(t), "to", "[c]"), "---\nto: [c]\nowner: x\n---\n");
    }

    #[test]
    fn adds_a_key_before_the_fence_keeping_crlf() {
        let t = "\u{feff}---\r\nid: a\r\n---\r\nbody\r\n";
        assert_eq!(
            set(&doc(t), "closed", "2026-11-23 10:00"),
            "\u{feff}---\r\nid: a\r\nclosed: 2026-11-23 10:00\r\n---\r\nbody\r\n"
        );
    }

    #[test]
    fn write_new_never_overwrites() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("a.md");
        write_new(&p, b"one").unwrap();
        assert!(write_new(&p, b"two").is_err());
        assert_eq!(std::fs::read(&p).unwrap(), b"one");
        write_atomic(&p, b"three").unwrap();
        assert_eq!(std::fs::read(&p).unwrap(), b"three");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1, "no temporary files left");
    }
}

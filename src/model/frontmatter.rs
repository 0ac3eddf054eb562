//! Splitting a file into front matter and body.
//!
//! A record starts with a line `---`, then YAML, then a line `---` (or the
//! YAML document end `...`), then the Markdown body. A UTF-8 byte order mark
//! before the first fence and CRLF line endings are accepted and kept: every
//! offset here is a byte offset into the file as it is on disk, so edits can
//! write back exactly what they did not touch.

use crate::model::yaml::Pos;

/// A file decoded as UTF-8, with what we need to write it back unchanged.
#[derive(Clone, Debug)]
pub struct Source {
    /// The whole file, BOM included.
    pub text: String,
    /// Length of the UTF-8 BOM at the start (0 or 3).
    pub bom: usize,
    /// Where each line starts, built on the first position asked for: a
    /// file with many findings costs one pass, not one pass per finding.
    lines: std::sync::OnceLock<Vec<usize>>,
}

/// Why bytes are not a text file we can read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DecodeError {
    /// UTF-16 (a BOM `FF FE` or `FE FF`).
    Utf16,
    /// A NUL byte: a binary file. `pos` is where.
    Binary { pos: Pos },
    /// Not valid UTF-8 at `pos`.
    NotUtf8 { pos: Pos },
}

impl Source {
    /// Decodes file bytes. Never fails on valid UTF-8 without NUL bytes.
    pub fn decode(bytes: Vec<u8>) -> Result<Source, DecodeError> {
        if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
            return Err(DecodeError::Utf16);
        }
        // memchr's SIMD search: this runs over every byte of every file.
        if let Some(i) = memchr::memchr(0, &bytes) {
            return Err(DecodeError::Binary { pos: byte_pos(&bytes, i) });
        }
        // Records are mostly Chinese, where the standard library's check
        // leaves its ASCII fast path; simdutf8 checks several times faster.
        if simdutf8::basic::from_utf8(&bytes).is_ok() {
            // SAFETY: the bytes were just checked to be valid UTF-8.
            let text = unsafe { String::from_utf8_unchecked(bytes) };
            let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
            return Ok(Source { text, bom, lines: Default::default() });
        }
        match String::from_utf8(bytes) {
            Ok(text) => {
                let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
                Ok(Source { text, bom, lines: Default::default() })
            }
            Err(e) => {
                let at = e.utf8_error().valid_up_to();
                Err(DecodeError::NotUtf8 { pos: byte_pos(e.as_bytes(), at) })
            }
        }
    }

    /// Whether the file's lines end in CRLF: most of its line breaks are
    /// CRLF (a file saved with CRLF whose first line an editor or a tool
    /// left with LF is still a CRLF file, and lines added to it get CRLF).
    pub fn crlf(&self) -> bool {
        let b = self.text.as_bytes();
        let (mut lf, mut crlf) = (0usize, 0usize);
        for i in memchr::memchr_iter(b'\n', b) {
            lf += 1;
            crlf += usize::from(i > 0 && b[i - 1] == b'\r');
        }
        crlf * 2 > lf
    }

    /// The line break this file uses.
    pub fn newline(&self) -> &'static str {
        if self.crlf() { "\r\n" } else { "\n" }
    }

    /// The byte offset where each line starts.
    fn line_starts(&self) -> &[usize] {
        self.lines.get_or_init(|| {
            let mut starts = Vec::with_capacity(self.text.len() / 32 + 1);
            starts.push(0);
            starts.extend(memchr::memchr_iter(b'\n', self.text.as_bytes()).map(|i| i + 1));
            starts
        })
    }

    /// The position of a byte offset: line and character column.
    pub fn pos(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts();
        let idx = starts.partition_point(|&s| s <= offset) - 1;
        let line_start = starts[idx];
        let from = if line_start == 0 { self.bom.min(offset) } else { line_start };
        let col = self.text[from..offset].chars().count() as u32 + 1;
        Pos { offset, line: idx as u32 + 1, col }
    }

    /// The text of line `line` (1-based), without its line break or BOM.
    pub fn line_text(&self, line: u32) -> &str {
        let starts = self.line_starts();
        let Some(&start) = starts.get(line.saturating_sub(1) as usize) else { return "" };
        let start = start.max(self.bom);
        let end = starts.get(line as usize).map_or(self.text.len(), |&s| s - 1);
        let l = &self.text[start..end.max(start)];
        l.strip_suffix('\r').unwrap_or(l)
    }
}

/// The position of byte `i` in bytes that may not be valid UTF-8: the
/// column counts valid characters before it on its line.
fn byte_pos(bytes: &[u8], i: usize) -> Pos {
    let before = &bytes[..i];
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |j| j + 1);
    let line = before.iter().filter(|&&b| b == b'\n').count() as u32 + 1;
    let col = String::from_utf8_lossy(&bytes[line_start..i]).chars().count() as u32 + 1;
    Pos { offset: i, line, col }
}

/// Where the parts of a file are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Byte range of the YAML text between the fences.
    pub yaml_start: usize,
    pub yaml_end: usize,
    /// File line of the first YAML line.
    pub yaml_line: u32,
    /// File line of the closing fence.
    pub close_line: u32,
    /// Byte offset where the body starts (after the closing fence's line break).
    pub body_start: usize,
}

/// Why a file has no usable front matter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SplitError {
    Empty,
    /// The first line is not a fence. `foreign` names a front-matter format
    /// we recognise but do not read (TOML, JSON).
    Missing {
        foreign: Option<&'static str>,
    },
    /// The first line starts like a fence but is not exactly `---`.
    BadFence {
        found: String,
    },
    /// The opening fence is never closed.
    Unclosed,
}

/// Finds the front matter of a decoded file.
pub fn split(src: &Source) -> Result<Layout, SplitError> {
    let text = &src.text;
    let start = src.bom;
    if text[start..].trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let mut lines = Lines { text, at: start, line: 1 };
    let Some((first, _)) = lines.next() else {
        return Err(SplitError::Empty);
    };
    let first_trim = first.trim_end();
    if first_trim != "---" {
        // `----`, `---yaml`, `--- coffee`: a fence was meant. `-----BEGIN
        // PGP…` is not one.
        let dashes = first_trim.chars().take_while(|c| *c == '-').count();
        if (dashes >= 3 && dashes == first_trim.len()) || dashes == 3 {
            return Err(SplitError::BadFence { found: first_trim.chars().take(40).collect() });
        }
        let foreign = if first_trim.starts_with("+++") {
            Some("TOML")
        } else if first_trim.starts_with('{') {
            Some("JSON")
        } else {
            None
        };
        return Err(SplitError::Missing { foreign });
    }
    let yaml_start = lines.at;
    let yaml_line = lines.line;
    // The closing fence: only a line starting with `-` or `.` can be one.
    // A plain byte search per line (front-matter lines are short).
    let b = text.as_bytes();
    let (mut at, mut line_no) = (yaml_start, yaml_line);
    while at < b.len() {
        let end = memchr::memchr(b'\n', &b[at..]).map_or(b.len(), |p| at + p);
        let next = if end < b.len() { end + 1 } else { end };
        if matches!(b[at], b'-' | b'.') {
            let line = &text[at..end];
            let t = line.strip_suffix('\r').unwrap_or(line).trim_end();
            if t == "---" || t == "..." {
                return Ok(Layout { yaml_start, yaml_end: at, yaml_line, close_line: line_no, body_start: next });
            }
        }
        at = next;
        line_no += 1;
    }
    Err(SplitError::Unclosed)
}

/// Lines of a text with their offsets; yields the line without its break.
struct Lines<'a> {
    text: &'a str,
    at: usize,
    line: u32,
}

impl<'a> Iterator for Lines<'a> {
    type Item = (&'a str, usize);

    fn next(&mut self) -> Option<Self::Item> {
        if self.at >= self.text.len() {
            return None;
        }
        let rest = &self.text[self.at..];
        let (line, len) = match rest.find('\n') {
            Some(i) => (&rest[..i], i + 1),
            None => (rest, rest.len()),
        };
        let start = self.at;
        self.at += len;
        self.line += 1;
        Some((line.strip_suffix('\r').unwrap_or(line), start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn src(s: &str) -> Source {
        Source::decode(s.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn splits_a_plain_record() {
        let s = src("---\na: 1\n---\nbody\n");
        let l = split(&s).unwrap();
        assert_eq!(&s.text[l.yaml_start..l.yaml_end], "a: 1\n");
        assert_eq!(l.yaml_line, 2);
        assert_eq!(l.close_line, 3);
        assert_eq!(&s.text[l.body_start..], "body\n");
    }

    #[test]
    fn splits_with_bom_and_crlf() {
        let s = src("\u{feff}---\r\na: 1\r\n---\r\nbody\r\n");
        assert_eq!(s.bom, 3);
        assert!(s.crlf());
        assert!(src("---\na: 1\r\n---\r\nbody\r\n").crlf(), "most breaks are CRLF");
        assert!(!src("---\r\na: 1\n---\nbody\n").crlf(), "most breaks are LF");
        let l = split(&s).unwrap();
        assert_eq!(&s.text[l.yaml_start..l.yaml_end], "a: 1\r\n");
        assert_eq!(&s.text[l.body_start..], "body\r\n");
        assert_eq!(s.pos(3).col, 1);
        assert_eq!(s.line_text(1), "---");
    }

    #[test]
    fn accepts_dots_as_the_closing_fence_and_no_trailing_newline() {
        let s = src("---\na: 1\n...");
        let l = split(&s).unwrap();
        assert_eq!(l.body_start, s.text.len());
    }

    #[test]
    fn reports_what_is_wrong() {
        assert_eq!(split(&src("")), Err(SplitError::Empty));
        assert_eq!(split(&src("# title\n")), Err(SplitError::Missing { foreign: None }));
        assert_eq!(split(&src("+++\na = 1\n+++\n")), Err(SplitError::Missing { foreign: Some("TOML") }));
        assert_eq!(split(&src("---yaml\na: 1\n---\n")), Err(SplitError::BadFence { found: "---yaml".into() }));
        assert_eq!(split(&src("----\na: 1\n----\n")), Err(SplitError::BadFence { found: "----".into() }));
        assert_eq!(split(&src("-----BEGIN PGP-----\n")), Err(SplitError::Missing { foreign: None }));
        assert_eq!(split(&src("---\na: 1\n")), Err(SplitError::Unclosed));
        assert_eq!(split(&src("---\n# Incorrect ---\n")), Err(SplitError::Unclosed));
    }

    #[test]
    fn decode_rejects_binary_and_utf16_and_points_at_bad_bytes() {
        assert_eq!(Source::decode(vec![0xFF, 0xFE, b'-', 0]).unwrap_err(), DecodeError::Utf16);
        assert!(matches!(Source::decode(b"ab\0".to_vec()), Err(DecodeError::Binary { pos }) if pos.col == 3));
        let e = Source::decode(b"---\na: 1\n---\n\xcf\xf0\n".to_vec()).unwrap_err();
        assert!(matches!(e, DecodeError::NotUtf8 { pos } if pos.line == 4 && pos.col == 1), "{e:?}");
    }

    #[test]
    fn positions_and_lines_agree_with_a_plain_reading() {
        let text = "\u{feff}---\r\na: 张伟\n\nb: x\r\n---\nbody 李娜\nlast";
        let s = src(text);
        let no_bom = text.trim_start_matches('\u{feff}');
        for (i, l) in no_bom.split('\n').enumerate() {
            assert_eq!(s.line_text(i as u32 + 1), l.strip_suffix('\r').unwrap_or(l));
        }
        assert_eq!(s.line_text(99), "");
        for (at, _) in text.char_indices().skip(1) {
            let before = &text[..at];
            let line = before.matches('\n').count() as u32 + 1;
            let start = before.rfind('\n').map_or(3, |i| i + 1);
            let col = text[start..at].chars().count() as u32 + 1;
            assert_eq!(s.pos(at), Pos { offset: at, line, col }, "{at}");
        }
    }

    #[test]
    fn positions_count_characters() {
        let s = src("---\nowner: 张伟\n---\n");
        let at = s.text.find("张伟").unwrap();
        let p = s.pos(at);
        assert_eq!((p.line, p.col), (2, 8));
    }
}

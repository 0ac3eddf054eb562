//! Positions as an editor counts them: lines from 0, columns in UTF-16
//! code units (the Language Server Protocol's default), against the text
//! of the buffer as the editor sent it (a BOM, if it kept one, is a unit
//! of the first line; a CRLF line's `\r` is not part of the line).

use crate::model::diagnostic::Diagnostic;

/// A place in a buffer: line from 0, column in UTF-16 code units.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct Pos16 {
    pub line: u32,
    pub character: u32,
}

/// A range of a buffer, `end` exclusive.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Range16 {
    pub start: Pos16,
    pub end: Pos16,
}

impl Range16 {
    /// Whether the two ranges share a line.
    pub fn touches_lines(&self, other: &Range16) -> bool {
        self.start.line <= other.end.line && other.start.line <= self.end.line
    }
}

/// Line `line` (from 0) of `text`: its byte offset and its text without
/// the line break. `None` past the last line.
pub fn line(text: &str, line: u32) -> Option<(usize, &str)> {
    let mut start = 0;
    for _ in 0..line {
        start += text[start..].find('\n')? + 1;
    }
    let rest = &text[start..];
    let l = rest.find('\n').map_or(rest, |i| &rest[..i]);
    Some((start, l.strip_suffix('\r').unwrap_or(l)))
}

/// UTF-16 code units in `s`.
fn units(s: &str) -> u32 {
    s.chars().map(|c| c.len_utf16() as u32).sum()
}

/// The byte offset of a position (clamped to its line, and to the text).
pub fn offset(text: &str, pos: Pos16) -> usize {
    let Some((start, l)) = line(text, pos.line) else { return text.len() };
    let mut n = 0u32;
    for (i, c) in l.char_indices() {
        if n >= pos.character {
            return start + i;
        }
        n += c.len_utf16() as u32;
    }
    start + l.len()
}

/// The position of a byte offset (at a character boundary).
pub fn position(text: &str, offset: usize) -> Pos16 {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() as u32;
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[start..].strip_suffix('\r').unwrap_or(&before[start..]);
    Pos16 { line, character: units(col) }
}

/// The range of a byte range.
pub fn range(text: &str, start: usize, end: usize) -> Range16 {
    Range16 { start: position(text, start), end: position(text, end) }
}

/// Where a diagnostic is in the buffer: its line and character column
/// (from 1, the BOM not counted, as `validate` prints them) and its width
/// in characters, in UTF-16 units.
pub fn diagnostic_range(text: &str, d: &Diagnostic) -> Range16 {
    let line_no = d.line.saturating_sub(1);
    let Some((_, mut l)) = line(text, line_no) else {
        let end = position(text, text.len());
        return Range16 { start: end, end };
    };
    let mut bom = 0;
    if line_no == 0 && l.starts_with('\u{feff}') {
        l = &l['\u{feff}'.len_utf8()..];
        bom = 1;
    }
    let skip = d.column.saturating_sub(1) as usize;
    let before: u32 = l.chars().take(skip).map(|c| c.len_utf16() as u32).sum();
    let under: u32 = l.chars().skip(skip).take(d.width.max(1) as usize).map(|c| c.len_utf16() as u32).sum();
    // Past the end of the line (a missing value at its end): one unit.
    let under = under.max(1);
    let start = Pos16 { line: line_no, character: bom + before };
    Range16 { start, end: Pos16 { line: line_no, character: start.character + under } }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::diagnostic::Code;

    #[test]
    fn chinese_columns_count_utf16_units() {
        let text = "---\nowner: 张伟\nsubject: 𝐀张 x\n";
        let d = Diagnostic::new(Code::BadValue, "a.md", 3, 12, "").width(1);
        // `subject: ` is 9 units, 𝐀 is 2 (a surrogate pair), 张 1.
        assert_eq!(diagnostic_range(text, &d).start, Pos16 { line: 2, character: 12 });
        assert_eq!(offset(text, Pos16 { line: 1, character: 8 }), "---\nowner: 张".len());
        assert_eq!(position(text, "---\nowner: 张伟".len()), Pos16 { line: 1, character: 9 });
    }

    #[test]
    fn crlf_and_bom_are_not_columns_of_the_text() {
        let text = "\u{feff}---\r\nid: 张\r\n";
        let d = Diagnostic::new(Code::BadFence, "a.md", 1, 1, "").width(3);
        let r = diagnostic_range(text, &d);
        assert_eq!((r.start.character, r.end.character), (1, 4));
        assert_eq!(line(text, 1), Some(("\u{feff}---\r\n".len(), "id: 张")));
        assert_eq!(position(text, text.len() - 2), Pos16 { line: 1, character: 5 });
    }
}

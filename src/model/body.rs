//! The Markdown body: its section headings.
//!
//! A line scan finds ATX headings (`## 背景`) outside fenced code, which is
//! all a record written from a template has. When the scan misses a section,
//! comrak parses the body properly (setext headings, headings in containers)
//! before we call the section missing: exact where it matters, fast on the
//! common path.

use comrak::nodes::NodeValue;

/// A heading of the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub text: String,
    /// Line within the body, 1-based.
    pub line: u32,
}

/// ATX headings outside fenced code blocks, by a line scan.
pub fn scan_headings(body: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    scan(body, |level, text, line, _| out.push(Heading { level, text: text.to_string(), line }));
    out
}

/// The text of the first section whose heading `is_name` accepts: from
/// the line after that heading up to the next heading of the same or a
/// higher level (or the end of `body`). Nothing is allocated.
pub fn section(body: &str, is_name: impl Fn(&str) -> bool) -> Option<&str> {
    let mut open: Option<(u8, usize)> = None;
    let mut end = None;
    scan(body, |level, text, _, line| match open {
        None if is_name(text) => open = Some((level, line.end)),
        Some((l, _)) if end.is_none() && level <= l => end = Some(line.start),
        _ => {}
    });
    let (_, start) = open?;
    body.get(start..end.unwrap_or(body.len()))
}

/// Calls `f(level, text, line, bytes)` for each ATX heading outside
/// fenced code, `bytes` being where its line is in `body` (without the
/// line break).
///
/// Only a line whose first character after the indentation is `#`, `` ` ``
/// or `~` can matter, so the scan jumps from one such character to the next
/// ([`find_marker`]) instead of visiting every line of the prose.
fn scan<'a>(body: &'a str, mut f: impl FnMut(u8, &'a str, u32, std::ops::Range<usize>)) {
    let b = body.as_bytes();
    let mut fence: Option<(char, usize)> = None;
    let mut from = 0;
    // Line numbers: `line` is the number of the line starting at `counted`.
    let (mut line, mut counted) = (1u32, 0usize);
    while let Some(k) = find_marker(b, from) {
        let start = memchr::memrchr(b'\n', &b[..k]).map_or(0, |p| p + 1);
        let end = memchr::memchr(b'\n', &b[k..]).map_or(b.len(), |p| k + p);
        from = end + 1;
        // A marker after other text on its line: the line is prose.
        if !b[start..k].iter().all(|&c| c == b' ') {
            continue;
        }
        line += b[counted..start].iter().filter(|&&c| c == b'\n').count() as u32;
        counted = start;
        let line_text = body[start..end].trim_end_matches('\r');
        if let Some((level, text)) = heading_line(&mut fence, &line_text[k - start..], k - start) {
            f(level, text, line, start..end);
        }
    }
}

/// One line that starts, after `indent` spaces, with `t`: opens or closes
/// a code fence (tracked in `fence`), or is an ATX heading outside one —
/// then its level and text.
fn heading_line<'a>(fence: &mut Option<(char, usize)>, t: &'a str, indent: usize) -> Option<(u8, &'a str)> {
    if indent <= 3 {
        let fc = t.chars().next().filter(|c| *c == '`' || *c == '~');
        if let Some(c) = fc {
            let n = t.chars().take_while(|x| *x == c).count();
            if n >= 3 {
                match *fence {
                    None => *fence = Some((c, n)),
                    Some((fc0, n0)) if fc0 == c && n >= n0 && t[n..].trim().is_empty() => *fence = None,
                    _ => {}
                }
                return None;
            }
        }
    }
    if fence.is_some() || indent > 3 {
        return None;
    }
    let level = t.chars().take_while(|c| *c == '#').count();
    let rest = t.get(level..)?;
    ((1..=6).contains(&level) && (rest.is_empty() || rest.starts_with([' ', '\t'])))
        .then(|| (level as u8, rest.trim().trim_end_matches('#').trim()))
}

/// The index of the first `#`, `` ` `` or `~` at or after `from` (memchr's
/// SIMD search).
fn find_marker(b: &[u8], from: usize) -> Option<usize> {
    memchr::memchr3(b'#', b'`', b'~', b.get(from..)?).map(|k| from + k)
}

/// Every heading, by a full CommonMark parse.
pub fn parse_headings(body: &str) -> Vec<Heading> {
    let arena = comrak::Arena::new();
    let root = comrak::parse_document(&arena, body, &comrak::Options::default());
    root.descendants()
        .filter_map(|n| {
            let data = n.data();
            match &data.value {
                NodeValue::Heading(h) => Some(Heading {
                    level: h.level,
                    text: n.collect_text().trim().to_string(),
                    line: data.sourcepos.start.line as u32,
                }),
                _ => None,
            }
        })
        .collect()
}

/// Whether a heading names a section: equal, or containing it
/// (`一、背景说明` names 背景), ignoring case and a trailing colon.
pub fn names(heading: &str, section: &str) -> bool {
    let s = section.trim();
    if s.is_empty() {
        return false;
    }
    // Chinese names match as written; only letters need case folding.
    if heading.contains(s) {
        return true;
    }
    if !s.chars().any(char::is_alphabetic) || !s.chars().any(|c| c.is_lowercase() || c.is_uppercase()) {
        return false;
    }
    if s.is_ascii() {
        // The common case (an English name): compare bytes ignoring ASCII
        // case, without allocating.
        let (h, n) = (heading.trim().trim_end_matches([':', '：']).as_bytes(), s.as_bytes());
        return h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n));
    }
    heading.trim().trim_end_matches([':', '：']).to_lowercase().contains(&s.to_lowercase())
}

/// The sections of `wanted` (each a list of accepted names) that no heading names.
pub fn missing_sections<'a>(body: &str, wanted: &'a [Vec<&'a str>]) -> Vec<&'a [&'a str]> {
    let mut texts: Vec<&str> = Vec::with_capacity(8);
    scan(body, |_, text, _, _| texts.push(text));
    let missing = |texts: &[&str]| -> Vec<&'a [&'a str]> {
        wanted
            .iter()
            // A heading written as the template wrote it is the common
            // case: compare exactly before searching inside headings.
            .filter(|alts| {
                !texts.iter().any(|h| alts.iter().any(|a| h == a))
                    && !texts.iter().any(|h| alts.iter().any(|a| names(h, a)))
            })
            .map(Vec::as_slice)
            .collect()
    };
    let quick = missing(&texts);
    if quick.is_empty() {
        return quick;
    }
    let parsed = parse_headings(body);
    missing(&parsed.iter().map(|h| h.text.as_str()).collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every line, one by one: the oracle for the scan that jumps between
    /// markers (same per-line reading, [`heading_line`]).
    fn scan_by_lines(body: &str) -> Vec<(u8, String, u32)> {
        let mut out = Vec::new();
        let mut fence: Option<(char, usize)> = None;
        for (i, raw) in body.lines().enumerate() {
            let line = raw.trim_end_matches('\r');
            let t = line.trim_start_matches(' ');
            if !t.starts_with(['#', '`', '~']) {
                continue;
            }
            if let Some((level, text)) = heading_line(&mut fence, t, line.len() - t.len()) {
                out.push((level, text.to_string(), i as u32 + 1));
            }
        }
        out
    }

    #[test]
    fn the_jumping_scan_finds_what_a_line_by_line_scan_finds() {
        let pieces = [
            "## 背景\n",
            "正文 # 不是标题\n",
            "   ### 目标 ###\n",
            "    # 缩进过多\n",
            "```\n",
            "~~~~\n",
            "## 代码里的\n",
            "`行内`代码\n",
            "#没有空格\n",
            "\r\n",
            "\n",
            "# 一\r\n",
            "x",
            "~~~\n",
            "#\n",
            "####### 七级\n",
            "  ``` rust\n",
            "a`b~c#d\n",
        ];
        let mut x: u32 = 7;
        for _ in 0..3000 {
            let mut body = String::new();
            for _ in 0..(x % 12) {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                body.push_str(pieces[(x >> 16) as usize % pieces.len()]);
            }
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let mut got = Vec::new();
            scan(&body, |l, t, n, _| got.push((l, t.to_string(), n)));
            let by_lines = scan_by_lines(&body);
            assert_eq!(got, by_lines, "{body:?}");
            // A section: the lines after its heading, before the next
            // heading of the same or a higher level.
            for name in ["目标", "背景", "一"] {
                let want: Option<Vec<&str>> = by_lines.iter().position(|h| h.1.contains(name)).map(|i| {
                    let (level, from) = (by_lines[i].0, by_lines[i].2);
                    let to = by_lines[i + 1..].iter().find(|h| h.0 <= level).map_or(u32::MAX, |h| h.2);
                    let n = |k: usize| k as u32 + 1;
                    body.lines().enumerate().filter(|&(k, _)| n(k) > from && n(k) < to).map(|(_, l)| l).collect()
                });
                let got = section(&body, |h| h.contains(name)).map(|s| s.lines().skip(1).collect::<Vec<_>>());
                assert_eq!(got, want, "{name} in {body:?}");
            }
        }
    }

    #[test]
    fn find_marker_is_the_first_marker_from_anywhere() {
        let mut x: u32 = 3;
        let bytes: Vec<u8> = (0..2048)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                [b'#', b'`', b'~', 0, 0x80, 0xFF, b'a', 0x22, 0x7E ^ 0x01][(x >> 16) as usize % 9]
            })
            .collect();
        for from in 0..=bytes.len() {
            let naive = bytes[from..].iter().position(|&c| matches!(c, b'#' | b'`' | b'~')).map(|k| from + k);
            assert_eq!(find_marker(&bytes, from), naive, "from {from}");
        }
    }

    #[test]
    fn scan_skips_code_fences() {
        let body = "## 背景\ntext\n```\n## not a heading\n```\n### 目标 ###\n";
        let hs = scan_headings(body);
        assert_eq!(hs.iter().map(|h| h.text.as_str()).collect::<Vec<_>>(), ["背景", "目标"]);
        assert_eq!(hs[1].line, 6);
    }

    #[test]
    fn comrak_finds_setext_headings_the_scan_misses() {
        let body = "背景\n----\n\ntext\n";
        let wanted = vec![vec!["背景", "Background"]];
        assert!(scan_headings(body).is_empty());
        assert!(missing_sections(body, &wanted).is_empty());
        assert_eq!(missing_sections("no headings\n", &wanted).len(), 1);
    }

    #[test]
    fn heading_names_are_lenient() {
        assert!(names("一、背景说明:", "背景"));
        assert!(names("BACKGROUND", "Background"));
        assert!(!names("目标", "背景"));
    }
}

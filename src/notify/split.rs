//! Splitting a long text into parts a platform accepts, on line
//! boundaries, with nothing dropped: the parts, concatenated, are the text.

/// `text` cut into parts of at most `limit` bytes each, between lines
/// where it can; a line longer than `limit` is cut between characters.
/// The parts, concatenated, are `text`; no part is empty. `limit` below 4
/// is taken as 4 (one character of any size fits).
pub fn split(text: &str, limit: usize) -> Vec<String> {
    let limit = limit.max(4);
    let mut parts: Vec<String> = Vec::new();
    let mut current = String::new();
    for line in text.split_inclusive('\n') {
        if current.len() + line.len() <= limit {
            current.push_str(line);
            continue;
        }
        if !current.is_empty() {
            parts.push(std::mem::take(&mut current));
        }
        let mut rest = line;
        while rest.len() > limit {
            let mut cut = limit;
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            parts.push(rest[..cut].to_string());
            rest = &rest[cut..];
        }
        current.push_str(rest);
    }
    if !current.is_empty() {
        parts.push(current);
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn short_text_is_one_part() {
        assert_eq!(split("a\nb\n", 100), ["a\nb\n"]);
        assert!(split("", 100).is_empty());
    }

    #[test]
    fn cuts_between_lines() {
        assert_eq!(split("aaa\nbbb\nccc\n", 8), ["aaa\nbbb\n", "ccc\n"]);
    }

    #[test]
    fn a_long_line_is_cut_between_characters() {
        let parts = split("一二三四五\n", 7);
        assert_eq!(parts, ["一二", "三四", "五\n"]);
    }

    proptest! {
        #[test]
        fn nothing_is_dropped_and_every_part_fits(text in "(\\PC{0,30}\n?){0,20}", limit in 1usize..64) {
            let parts = split(&text, limit);
            prop_assert_eq!(parts.concat(), text);
            for p in &parts {
                prop_assert!(p.len() <= limit.max(4), "{:?} over {}", p, limit);
                prop_assert!(!p.is_empty());
            }
        }
    }
}

//! "Did you mean …?" for misspelt keys, types, statuses and names.

/// The candidate closest to `word`, if one is close enough to be a likely
/// typo: case is ignored, and the allowed distance grows with the length.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let w = word.to_lowercase();
    let n = w.chars().count();
    let limit = match n {
        0..=2 => 1,
        3..=5 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|c| (strsim::levenshtein(&w, &c.to_lowercase()), c))
        .filter(|&(d, c)| d <= limit && d < c.chars().count().max(1))
        .min_by_key(|&(d, _)| d)
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_and_ignores_strangers() {
        let keys = ["timezone", "language", "records_dir"];
        assert_eq!(closest("timezon", keys), Some("timezone"));
        assert_eq!(closest("Language", keys), Some("language"));
        assert_eq!(closest("colour", keys), None);
        assert_eq!(closest("进行", ["进行中", "已完成"]), Some("进行中"));
    }
}

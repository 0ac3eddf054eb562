//! What `validate --fix` changes in a record's text, without writing it:
//! full-width colons and commas made ASCII, contact numbers masked. The
//! command writes the result; the language server offers it as code
//! actions.

use std::path::Path;

use crate::check::rules;
use crate::model::contact::{self, Options};
use crate::model::yaml;

/// A record's text after the fixes, and how many of each were made.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fixed {
    pub text: String,
    /// Full-width colons after keys and commas between list items made ASCII.
    pub punctuation: usize,
    /// Numbers (and e-mail addresses with `mask: [email]`) masked.
    pub masked: usize,
}

/// Every fix `validate --fix` knows, on `text` (the file at `rel`).
pub fn fix_text(rel: &Path, text: &str, options: Options) -> Fixed {
    let (text, punctuation) = match crate::model::fullwidth::fix(rel, text) {
        Some((text, n)) => (text, n),
        None => (text.to_string(), 0),
    };
    let (text, masked) = mask(rel, &text, options);
    Fixed { text, punctuation, masked }
}

/// Masks every unmasked mobile, ID-card and landline number (and e-mail
/// address, with `mask: [email]`) in `text`; numbers spelled with YAML
/// escapes or across lines are written again, in plain text, masked.
pub fn mask(rel: &Path, text: &str, options: Options) -> (String, usize) {
    let (mut masked, mut n) = contact::mask_all_with(text, options);
    if let Ok(doc) = crate::model::record::Document::parse(rel, masked.clone().into_bytes()) {
        let mut rewrites: Vec<(usize, usize, String)> = rules::hidden_contacts(&doc, &[], options)
            .into_iter()
            .filter(|h| !doc.source.text[h.node.span.start.offset..].starts_with(['&', '*']))
            .map(|h| {
                let value = contact::mask_all_with(h.node.as_str().unwrap_or_default(), options).0;
                let yaml = if h.in_flow { yaml::quote_flow_scalar(&value) } else { yaml::quote_scalar(&value) };
                n += h.found.len();
                (h.node.span.start.offset, h.node.span.end.offset, yaml)
            })
            .collect();
        rewrites.sort_by_key(|r| std::cmp::Reverse(r.0));
        for (s, e, yaml) in rewrites {
            masked.replace_range(s..e, &yaml);
        }
    }
    (masked, n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixes_colons_and_masks_numbers() {
        let text = "---\nid： 20261122-0b0b\nsubject: 电话 13812345678\n---\n";
        let fixed = fix_text(Path::new("records/a.md"), text, Options::default());
        assert_eq!(fixed.punctuation, 1);
        assert_eq!(fixed.masked, 1);
        assert!(fixed.text.contains("id: 20261122-0b0b"), "{}", fixed.text);
        assert!(!fixed.text.contains("13812345678"), "{}", fixed.text);
    }

    #[test]
    fn a_clean_record_is_unchanged() {
        let text = "---\nid: 20261122-0b0b\n---\n";
        let fixed = fix_text(Path::new("records/a.md"), text, Options::default());
        assert_eq!((fixed.text.as_str(), fixed.punctuation, fixed.masked), (text, 0, 0));
    }
}

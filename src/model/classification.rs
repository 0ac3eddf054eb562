//! Classification (密级, seeds 000/002): `classification: public | internal
//! | confidential` (公开/内部/机密), `internal` when not written. A
//! confidential record shows only its id and type in the feeds and lists
//! others see (`export --ics`, the HTML report's lists, `remind`, JSON),
//! unless `--include-confidential` is given.
//!
//! Pure logic over values already read; the rules in
//! [`crate::check::rules`] word the findings, the commands redact.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::model::record::{Record, Text};

/// The values of `classification`, canonical (JSON and the docs use these).
pub const CLASSIFICATIONS: &[&str] = &["public", "internal", "confidential"];

/// How widely a record may be shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Classification {
    Public,
    #[default]
    Internal,
    Confidential,
}

impl Classification {
    pub fn as_str(self) -> &'static str {
        match self {
            Classification::Public => "public",
            Classification::Internal => "internal",
            Classification::Confidential => "confidential",
        }
    }

    /// The classification `text` means: a canonical value (any ASCII
    /// case) or an alias of one in `aliases` (the lexicon's
    /// `classification`: 公开/内部/机密).
    pub fn parse(text: &str, aliases: &BTreeMap<String, Vec<String>>) -> Option<Classification> {
        match crate::model::closing::word(text, CLASSIFICATIONS, aliases)? {
            "public" => Some(Classification::Public),
            "internal" => Some(Classification::Internal),
            _ => Some(Classification::Confidential),
        }
    }

    /// The classification of a record whose `classification` is `text`
    /// (none written, or a value that is not one: `internal`, the default;
    /// an unknown value is `bad-value` in `validate`).
    pub fn of(text: Option<&str>, aliases: &BTreeMap<String, Vec<String>>) -> Classification {
        text.and_then(|t| Classification::parse(t, aliases)).unwrap_or_default()
    }

    pub fn is_confidential(self) -> bool {
        self == Classification::Confidential
    }
}

/// Where a confidential record is said to be: its folder and its id, not
/// its file name (which holds the subject, `20261121-7f3a-紧急-….md`).
pub fn redacted_path(path: &Path, id: &str) -> PathBuf {
    path.parent().unwrap_or(Path::new("")).join(id.trim())
}

/// The confidential records of `records` as others may see them: id, type,
/// owner, deadline, status and times kept; the subject and every action
/// item's task become `placeholder` (the catalog's `confidential-subject`),
/// and the project, initiating department, tags and file name go.
pub fn redact(records: &mut [Record], placeholder: &str) {
    for r in records.iter_mut().filter(|r| r.confidential) {
        r.subject = Text::from(placeholder);
        r.path = redacted_path(&r.path, &r.id);
        r.project = None;
        r.from = None;
        r.tags.clear();
        for a in &mut r.actions {
            a.task = Text::from(placeholder);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_canonical_values_and_aliases_and_defaults_to_internal() {
        let mut aliases = BTreeMap::new();
        aliases.insert("confidential".to_string(), vec!["机密".to_string()]);
        aliases.insert("public".to_string(), vec!["公开".to_string()]);
        assert_eq!(Classification::parse(" Confidential ", &aliases), Some(Classification::Confidential));
        assert_eq!(Classification::parse("机密", &aliases), Some(Classification::Confidential));
        assert_eq!(Classification::parse("公开", &aliases), Some(Classification::Public));
        assert_eq!(Classification::parse("secret", &aliases), None);
        assert_eq!(Classification::of(None, &aliases), Classification::Internal);
        assert_eq!(Classification::of(Some("secret"), &aliases), Classification::Internal);
        assert!(Classification::of(Some("机密"), &aliases).is_confidential());
    }
}

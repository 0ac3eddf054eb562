//! The channel registry (渠道登记表, seed 002): the ways the organisation
//! communicates, who owns each, whether it is for internal or external
//! work, and which are forbidden (个人微信):
//!
//! ```yaml
//! channels:
//!   - { name: 企业微信, scope: internal, use: 日常沟通, owner: 刘洋 }
//!   - { name: CRM工单, scope: external, use: 客户需求, respond_within: 24h }
//!   - { name: 个人微信, scope: both, forbidden: true }
//! ```
//!
//! With a registry, a record's `channel` is one of its names (matched
//! ignoring ASCII case and spaces at either end, as `sla.channels` is):
//! `unknown-channel` otherwise, `forbidden-channel` for a forbidden one,
//! `channel-scope` when an internal-only channel carries an external record
//! or the reverse (the record type's `scope` in type.yaml). A channel's
//! `respond_within` is its response window under `sla.channels`; its
//! `approval: ROLE` adds an approval step (`{role: ROLE}`) before `sent`.
//! Pure data; [`crate::model::config`] reads and checks it.

use serde::Deserialize;

use crate::model::workdays::Span;

/// Which side of the organisation a channel (or a record type) is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    Internal,
    External,
    Both,
}

impl Scope {
    /// The canonical values, as written in comms.yaml and type.yaml.
    pub const WORDS: &'static [&'static str] = &["internal", "external", "both"];

    pub fn as_str(self) -> &'static str {
        match self {
            Scope::Internal => "internal",
            Scope::External => "external",
            Scope::Both => "both",
        }
    }

    /// A scope from its canonical value (any ASCII case) or an alias of
    /// the lexicon's `scope` (内部/外部/内外).
    pub fn parse(text: &str, aliases: &std::collections::BTreeMap<String, Vec<String>>) -> Option<Scope> {
        match crate::model::closing::word(text, Scope::WORDS, aliases)? {
            "internal" => Some(Scope::Internal),
            "external" => Some(Scope::External),
            _ => Some(Scope::Both),
        }
    }

    /// Whether a channel of this scope may carry a record of scope `record`.
    pub fn carries(self, record: Scope) -> bool {
        self == Scope::Both || record == Scope::Both || self == record
    }
}

/// One entry of `channels` as written.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawChannel {
    pub name: String,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default, rename = "use")]
    pub use_: Option<String>,
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub account: Option<String>,
    #[serde(default)]
    pub approval: Option<String>,
    #[serde(default)]
    pub respond_within: Option<Span>,
    #[serde(default)]
    pub forbidden: bool,
}

/// One channel of the registry, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Channel {
    /// The name as written, trimmed.
    pub name: String,
    /// `both` until [`crate::model::config::Config::check_types`] reads
    /// the written value with the lexicon.
    pub scope: Scope,
    /// What it is for (适用场景).
    pub use_: Option<String>,
    /// Who looks after it (负责人): a person of `people`.
    pub owner: Option<String>,
    /// The organisation's own account on it (企业内号): a service mailbox,
    /// a corporate account id, a hotline.
    pub account: Option<String>,
    /// The role whose approval a record sent by this channel needs.
    pub approval: Option<crate::model::approval::Step>,
    /// How soon a record that came in by it gets its first response.
    pub respond_within: Option<Span>,
    /// Never to be used for business (个人微信).
    pub forbidden: bool,
}

/// The registry: empty when comms.yaml has no `channels`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Registry {
    pub channels: Vec<Channel>,
}

/// Whether two channel names are one: ignoring ASCII case and spaces at
/// either end (as `sla.channels` matches).
pub fn same(a: &str, b: &str) -> bool {
    a.trim().eq_ignore_ascii_case(b.trim())
}

impl Registry {
    pub fn is_empty(&self) -> bool {
        self.channels.is_empty()
    }

    /// The channel named `name`.
    pub fn get(&self, name: &str) -> Option<&Channel> {
        self.channels.iter().find(|c| same(&c.name, name))
    }

    /// The names, in the order written.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.channels.iter().map(|c| c.name.as_str())
    }

    /// The channels a record of scope `record` may use: not forbidden,
    /// of a scope that carries it.
    pub fn usable(&self, record: Option<Scope>) -> impl Iterator<Item = &Channel> {
        self.channels.iter().filter(move |c| !c.forbidden && record.is_none_or(|r| c.scope.carries(r)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_carry_their_own_side_and_both() {
        assert!(Scope::Both.carries(Scope::External) && Scope::Internal.carries(Scope::Both));
        assert!(Scope::Internal.carries(Scope::Internal));
        assert!(!Scope::Internal.carries(Scope::External) && !Scope::External.carries(Scope::Internal));
        let aliases = [("internal".to_string(), vec!["内部".to_string()])].into_iter().collect();
        assert_eq!(Scope::parse(" 内部 ", &aliases), Some(Scope::Internal));
        assert_eq!(Scope::parse("External", &aliases), Some(Scope::External));
        assert_eq!(Scope::parse("外面", &aliases), None);
    }

    #[test]
    fn names_match_ignoring_case_and_spaces() {
        let c = |name: &str, forbidden: bool| Channel {
            name: name.into(),
            scope: Scope::Both,
            use_: None,
            owner: None,
            account: None,
            approval: None,
            respond_within: None,
            forbidden,
        };
        let r = Registry { channels: vec![c("CRM工单", false), c("个人微信", true)] };
        assert_eq!(r.get(" crm工单").map(|c| c.name.as_str()), Some("CRM工单"));
        assert!(r.get("微信").is_none());
        assert_eq!(r.usable(None).count(), 1);
    }
}

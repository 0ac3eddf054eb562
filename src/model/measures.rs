//! Measures of how well communication works (seed 002 评估): satisfaction
//! ratings (`satisfaction`, 1–5, on any record and on `feedback`
//! records), corrections a message needed after it was sent
//! (`corrections`), and what the report's measures read of a record
//! ([`Measures`]). Pure logic over values already read;
//! [`crate::check::rules`] words the findings, [`crate::report::metrics`]
//! counts them.

use crate::model::config::Config;
use crate::model::confirm::Pending;
use crate::model::record::Document;
use crate::model::time::Instant;
use crate::model::types::Catalog;

/// What the report's measures (`avg_approval_hours`, `ack_coverage`,
/// `accuracy_rate`, `avg_satisfaction`) read of one record: small, as
/// every record of a report carries one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Measures {
    /// `satisfaction`, when it is a rating (1–5).
    pub satisfaction: Option<u8>,
    /// `sent` is written (a time or not).
    pub sent: bool,
    /// `corrections` lists at least one correction.
    pub corrected: bool,
    /// When the last required approval step was approved, for a record
    /// that needs approval and has all of it (see [`approved`]).
    pub approved: Option<Instant>,
    /// (expected confirmers, of whom confirmed), for a record whose type
    /// requires confirmation and that has expected confirmers.
    pub confirmers: Option<(u32, u32)>,
    /// For a record without a `channel` whose `about` names a channel of
    /// the registry (a feedback record): that channel's place in the
    /// registry, so the report counts it under that channel.
    pub about_channel: Option<u16>,
}

impl Measures {
    /// The measures of `doc`: its own fields, and those that need the
    /// settings (approval steps, expected confirmers). `pending` is
    /// `doc`'s [`crate::model::confirm::pending`], which the caller keeps too.
    pub fn of(doc: &Document, config: &Config, catalog: &Catalog, pending: &Pending) -> Measures {
        let corrections = doc.root.get("corrections").map(|e| &e.value);
        Measures {
            satisfaction: doc.str("satisfaction").and_then(satisfaction),
            sent: doc.str("sent").is_some_and(|s| !s.is_empty()),
            corrected: corrections.is_some_and(|v| v.items().is_some_and(|items| !items.is_empty())),
            approved: approved(doc, config, catalog),
            confirmers: confirmers(doc, config, catalog, pending),
            about_channel: about_channel(doc, config),
        }
    }
}

/// The registry channel `doc` is `about`, when it has no `channel` of its own.
fn about_channel(doc: &Document, config: &Config) -> Option<u16> {
    if config.channels.is_empty() || doc.str("channel").is_some_and(|c| !c.is_empty()) {
        return None;
    }
    let about = doc.str("about")?;
    let i = config.channels.channels.iter().position(|c| crate::model::channels::same(&c.name, about))?;
    u16::try_from(i).ok()
}

/// When `doc`'s last required approval step was approved (the latest of
/// the approvals that decide its steps), when it has required steps and
/// every one is approved with a time; `None` otherwise.
pub fn approved(doc: &Document, config: &Config, catalog: &Catalog) -> Option<Instant> {
    use crate::model::approval::{self, Decision};
    let required = approval::required(doc, config, catalog);
    if required.is_empty() {
        return None;
    }
    let list = approval::approvals(doc, config, catalog);
    let mut last: Option<Instant> = None;
    for (_, step) in &required {
        let a = approval::latest(step, &list, doc, config, None)?;
        if a.decision != Some(Decision::Approved) {
            return None;
        }
        last = last.max(Some(a.at?));
    }
    last
}

/// Whether records of `doc`'s type require confirmation: the type is
/// listed in `ack_within` of comms.yaml, or its type.yaml says
/// `acknowledge: true`.
pub fn requires_confirmation(doc: &Document, config: &Config, catalog: &Catalog) -> bool {
    doc.str("type")
        .and_then(|t| catalog.get(t))
        .is_some_and(|t| t.acknowledge || config.ack_within.contains_key(&t.name))
}

/// (expected confirmers, of whom confirmed) of `doc`, whose coverage is
/// `pending`, when its type requires confirmation and someone is expected
/// ([`crate::model::confirm`]).
pub fn confirmers(doc: &Document, config: &Config, catalog: &Catalog, pending: &Pending) -> Option<(u32, u32)> {
    if config.people.is_empty() || pending.expected() == 0 || !requires_confirmation(doc, config, catalog) {
        return None;
    }
    let n = |x: usize| u32::try_from(x).unwrap_or(u32::MAX);
    Some((n(pending.expected()), n(pending.expected().saturating_sub(pending.missing_count()))))
}

/// The lowest and highest satisfaction rating.
pub const SATISFACTION: std::ops::RangeInclusive<u8> = 1..=5;

/// A satisfaction rating: a whole number from 1 to 5, written as digits
/// (`4`, `"4"`); anything else (`0`, `6`, `4.5`, `好`) is none.
pub fn satisfaction(text: &str) -> Option<u8> {
    let t = text.trim();
    if t.is_empty() || t.len() > 1 || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse().ok().filter(|n| SATISFACTION.contains(n))
}

/// `true` or `false` for a `flag` field (any ASCII case).
pub fn flag(text: &str) -> Option<bool> {
    let t = text.trim();
    if t.eq_ignore_ascii_case("true") {
        Some(true)
    } else if t.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config(text: &str) -> Config {
        let mut c = Config::parse(Path::new("comms.yaml"), text.as_bytes().to_vec()).unwrap();
        c.check_types(&Catalog::builtin().unwrap()).unwrap();
        c
    }

    fn doc(front: &str) -> Document {
        Document::parse(Path::new("r.md"), format!("---\nid: a\nowner: 张伟\n{front}---\n").into_bytes()).unwrap()
    }

    const PEOPLE: &str = "timezone: Asia/Shanghai\npeople:\n  - { name: 张伟, department: 生产部 }\n  - { name: 李娜, department: 市场部, roles: [部门负责人] }\n  - { name: 王强, department: 技术部, roles: [部门负责人, 管理层] }\n";

    #[test]
    fn approved_is_the_last_required_approval_once_all_are_in() {
        let c = config(&format!(
            "{PEOPLE}approval:\n  internal:\n    - {{ role: 部门负责人, of: from }}\n    - {{ role: 管理层 }}\n"
        ));
        let catalog = Catalog::builtin().unwrap();
        let t = |s: &str| crate::model::time::parse(s, c.timezone).ok();
        let one =
            "type: internal\nfrom: 市场部\napprovals:\n  - { by: 李娜, at: 2026-11-02 13:00, decision: approved }\n";
        assert_eq!(approved(&doc(one), &c, &catalog), None, "管理层 is still pending");
        let both = format!("{one}  - {{ by: 王强, at: 2026-11-02 12:00, decision: 批准 }}\n");
        assert_eq!(approved(&doc(&both), &c, &catalog), t("2026-11-02 13:00"));
        let rejected = format!("{both}  - {{ by: 王强, at: 2026-11-02 14:00, decision: rejected }}\n");
        assert_eq!(approved(&doc(&rejected), &c, &catalog), None, "the latest decision counts");
        assert_eq!(approved(&doc("type: external\n"), &c, &catalog), None, "no steps");
    }

    fn confirmers_of(doc: &Document, c: &Config, catalog: &Catalog) -> Option<(u32, u32)> {
        confirmers(doc, c, catalog, &crate::model::confirm::pending(doc, c))
    }

    fn measures(doc: &Document, c: &Config, catalog: &Catalog) -> Measures {
        Measures::of(doc, c, catalog, &crate::model::confirm::pending(doc, c))
    }

    #[test]
    fn confirmers_count_for_types_that_require_confirmation() {
        let catalog = Catalog::builtin().unwrap();
        let acks = "to: [技术部, 市场部]\nacks:\n  - { by: 王强, at: 2026-11-02 15:00 }\n";
        // `urgent` says `acknowledge: true`; `internal` only with `ack_within`.
        let c = config(PEOPLE);
        assert_eq!(confirmers_of(&doc(&format!("type: urgent\n{acks}")), &c, &catalog), Some((2, 1)));
        assert_eq!(confirmers_of(&doc(&format!("type: internal\n{acks}")), &c, &catalog), None);
        let c = config(&format!("{PEOPLE}ack_within: {{ 内部: 1wd }}\n"));
        assert_eq!(confirmers_of(&doc(&format!("type: internal\n{acks}")), &c, &catalog), Some((2, 1)));
        // Nobody expected: not counted.
        assert_eq!(confirmers_of(&doc("type: internal\nto: [全员]\n"), &c, &catalog), None);
    }

    #[test]
    fn measures_of_a_record() {
        let c = config(PEOPLE);
        let catalog = Catalog::builtin().unwrap();
        let m = measures(
            &doc(
                "type: external\nsent: 2026-11-02 14:00\nsatisfaction: 4\ncorrections:\n  - { at: 2026-11-02 15:00, by: 张伟, note: x }\n",
            ),
            &c,
            &catalog,
        );
        assert_eq!((m.satisfaction, m.sent, m.corrected), (Some(4), true, true));
        let m = measures(&doc("type: external\nsatisfaction: 4.5\ncorrections: []\n"), &c, &catalog);
        assert_eq!((m.satisfaction, m.sent, m.corrected), (None, false, false));
        // A feedback about a registry channel, without a channel of its own.
        let c = config(&format!(
            "{PEOPLE}channels:\n  - {{ name: 邮件, scope: both }}\n  - {{ name: CRM工单, scope: external }}\n"
        ));
        let about = |front: &str| measures(&doc(front), &c, &catalog).about_channel;
        assert_eq!(about("type: feedback\nabout: crm工单\n"), Some(1));
        assert_eq!(about("type: feedback\nabout: crm工单\nchannel: 邮件\n"), None);
        assert_eq!(about("type: feedback\nabout: 20261120-0000\n"), None);
    }

    #[test]
    fn ratings_are_whole_numbers_from_one_to_five() {
        assert_eq!(satisfaction(" 4 "), Some(4));
        assert_eq!((satisfaction("1"), satisfaction("5")), (Some(1), Some(5)));
        for bad in ["0", "6", "4.5", "好", "", "05", "-1", "４"] {
            assert_eq!(satisfaction(bad), None, "{bad}");
        }
        assert_eq!((flag("True"), flag("false"), flag("yes")), (Some(true), Some(false), None));
    }
}

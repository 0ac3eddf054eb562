//! Who must confirm a record (回复确认), and who has.
//!
//! The expected confirmers of a record are every person named in `to`,
//! `cc` and `participants` (names that resolve to a person of the people
//! directory), plus, for every department named in `to`, its heads
//! (people holding `department_head_role`, default 部门负责人, in that
//! department), minus the record's `initiator`. Anything else written
//! there — an audience such as 全员 (a key of `publish`), a group, a name
//! the directory does not list — adds nobody: its readers confirm with
//! `comms ack` like anyone, but nobody is waited for.
//!
//! Someone has confirmed when an entry of `acks` has them as `by`, by the
//! people matching rule ([`crate::model::people`]). Without a people
//! directory nobody is expected, and records keep the Part 1 behaviour
//! (any acknowledgement clears `unacknowledged`).

use crate::model::config::Config;
use crate::model::people::{Directory, Named};
use crate::model::record::Document;
use crate::model::yaml::Node;

/// The fields whose people are expected to confirm, in this order.
pub const ADDRESSED: [&str; 3] = ["to", "cc", "participants"];

/// Separators between names written as one text (`to: 技术部、财务部`).
const SEPARATORS: [char; 5] = [',', '，', '、', ';', '；'];

/// Who is expected to confirm a record, who has and who has not.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Canonical names, in the order the record names them.
    pub expected: Vec<String>,
    /// The expected confirmers who have not confirmed, in that order.
    pub missing: Vec<String>,
}

impl Coverage {
    /// How many of the expected confirmers have confirmed.
    pub fn confirmed(&self) -> usize {
        self.expected.len() - self.missing.len()
    }
}

/// The names a list field holds: each text item, or one text split at
/// commas and 、.
pub fn names(v: &Node) -> Vec<&str> {
    match v.items() {
        Some(items) => items.iter().filter_map(Node::as_str).map(str::trim).filter(|s| !s.is_empty()).collect(),
        None => v
            .as_str()
            .map(|t| t.split(SEPARATORS).map(str::trim).filter(|s| !s.is_empty()).collect())
            .unwrap_or_default(),
    }
}

/// The expected confirmers of `doc`: canonical names, each once.
pub fn expected(doc: &Document, config: &Config) -> Vec<String> {
    let people = config.people.people();
    expected_places(doc, config).into_iter().map(|i| people[i].name.clone()).collect()
}

/// The expected confirmers of `doc`: their places in the people
/// directory, each once, in the order the record names them. Each name is
/// looked up once, and people are compared by their place (the
/// configuration refuses a name or alias given to two people).
fn expected_places(doc: &Document, config: &Config) -> Vec<usize> {
    let dir = &config.people;
    if dir.is_empty() {
        return Vec::new();
    }
    let initiator = doc.str("initiator").and_then(|i| dir.place(i));
    let mut head = None;
    let mut out: Vec<usize> = Vec::new();
    let mut add = |i: usize| {
        if initiator != Some(i) && !out.contains(&i) {
            out.push(i);
        }
    };
    for key in ADDRESSED {
        let Some(entry) = doc.root.get(key) else { continue };
        for name in names(&entry.value) {
            match dir.lookup(name) {
                Named::Person(i) => add(i),
                Named::Department(members) if key == "to" => {
                    let head = head.get_or_insert_with(|| crate::model::people::key(&config.department_head_role));
                    members.iter().filter(|&&i| dir.holds(i, head)).for_each(|&i| add(i));
                }
                _ => {}
            }
        }
    }
    out
}

/// The names in an `acks` list (top-level, or an action item's).
pub fn acked_by(acks: Option<&Node>) -> Vec<&str> {
    acks.and_then(Node::items)
        .map(|items| {
            items
                .iter()
                .filter_map(|a| a.get("by").and_then(|b| b.value.as_str()))
                .map(str::trim)
                .filter(|b| !b.is_empty())
                .collect()
        })
        .unwrap_or_default()
}

/// The confirmation coverage of `doc`.
pub fn coverage(doc: &Document, config: &Config) -> Coverage {
    let (expected, missing) = places(doc, config);
    let name = |&i: &usize| config.people.people()[i].name.clone();
    Coverage { expected: expected.iter().map(name).collect(), missing: missing.iter().map(name).collect() }
}

/// [`coverage`] in the compact form a record summary keeps.
pub fn pending(doc: &Document, config: &Config) -> Pending {
    let (expected, missing) = places(doc, config);
    if expected.is_empty() {
        return Pending::default();
    }
    let n = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
    Pending(Some(Box::new(std::iter::once(n(expected.len())).chain(missing.into_iter().map(n)).collect())))
}

/// The places of the expected confirmers of `doc`, and of those of them
/// who have not confirmed.
fn places(doc: &Document, config: &Config) -> (Vec<usize>, Vec<usize>) {
    let expected = expected_places(doc, config);
    if expected.is_empty() {
        return (expected, Vec::new());
    }
    let dir = &config.people;
    let acked: Vec<usize> =
        acked_by(doc.root.get("acks").map(|e| &e.value)).into_iter().filter_map(|b| dir.place(b)).collect();
    let missing = expected.iter().copied().filter(|i| !acked.contains(i)).collect();
    (expected, missing)
}

/// What a record summary keeps of its [`Coverage`]: how many people are
/// expected to confirm, and the places in the people directory of those
/// who have not, in the record's order (`[3, 1, 4]`: three expected,
/// people 1 and 4 still to confirm). Nothing when nobody is expected:
/// one pointer in every record summary, which a million of are held at
/// once. The places hold for the directory the record was read with; the
/// record cache is dropped whenever `comms.yaml` changes.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
// A thin pointer on purpose: 8 bytes in the summary, against 24 for a `Vec`.
#[allow(clippy::box_collection)]
pub struct Pending(Option<Box<Vec<u32>>>);

impl Pending {
    fn places(&self) -> &[u32] {
        self.0.as_deref().map_or(&[], Vec::as_slice)
    }

    /// How many people are expected to confirm.
    pub fn expected(&self) -> usize {
        self.places().first().map_or(0, |&n| n as usize)
    }

    /// The names of those who have not confirmed, from `dir`.
    pub fn missing<'a>(&'a self, dir: &'a Directory) -> impl Iterator<Item = &'a str> {
        self.places().iter().skip(1).filter_map(|&i| dir.people().get(i as usize)).map(|p| p.name.as_str())
    }

    /// How many have not confirmed.
    pub fn missing_count(&self) -> usize {
        self.places().len().saturating_sub(1)
    }
}

/// Whether action item `item` has been accepted by its `owner`: an entry
/// of its own `acks` by the same person.
pub fn action_accepted(item: &Node, config: &Config) -> bool {
    let Some(owner) = item.get("owner").and_then(|e| e.value.as_str()).map(str::trim) else { return false };
    acked_by(item.get("acks").map(|e| &e.value)).iter().any(|b| config.people.same_person(b, owner))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Person;
    use std::path::Path;

    fn config() -> Config {
        let p = |name: &str, dep: &str, roles: &[&str]| Person {
            name: name.into(),
            department: Some(dep.into()),
            roles: roles.iter().map(|r| r.to_string()).collect(),
            aliases: if name == "李娜" { vec!["Li Na".into()] } else { Vec::new() },
            ..Person::default()
        };
        Config::default().with_people(vec![
            p("王强", "市场部", &["部门负责人"]),
            p("李娜", "市场部", &[]),
            p("黄磊", "技术部", &["部门负责人"]),
            p("张伟", "技术部", &[]),
            p("林晓", "行政部", &["部门负责人"]),
        ])
    }

    fn doc(front: &str) -> Document {
        Document::parse(Path::new("r.md"), format!("---\n{front}---\n").into_bytes()).unwrap()
    }

    #[test]
    fn people_and_department_heads_minus_the_initiator() {
        let c = config();
        let d = doc("initiator: 王强\nto: [技术部, 全员, 王强]\ncc: Li Na、张伟\nparticipants: [黄磊, 外部顾问]\n");
        assert_eq!(expected(&d, &c), ["黄磊", "李娜", "张伟"]);
        // A department in cc adds nobody; an audience adds nobody.
        assert!(expected(&doc("cc: [技术部]\nto: 全员\n"), &c).is_empty());
        let d = doc(
            "to: [技术部, 行政部]\nacks:\n  - { by: 黄磊, at: 2026-11-22 10:00 }\n  - { by: 路人, at: 2026-11-22 10:00 }\n",
        );
        let cov = coverage(&d, &c);
        assert_eq!((cov.confirmed(), cov.expected.len(), cov.missing), (1, 2, vec!["林晓".to_string()]));
        // Without a directory, nobody is expected.
        assert!(expected(&d, &Config::default()).is_empty());
    }

    #[test]
    fn the_kept_form_counts_and_names_as_the_coverage_does() {
        let c = config();
        for front in [
            "to: [技术部, 行政部]\nacks:\n  - { by: 黄磊, at: 2026-11-22 10:00 }\n",
            "initiator: 王强\nto: [技术部, 全员, 王强]\ncc: Li Na、张伟\nparticipants: [黄磊, 外部顾问]\nacks: [{ by: li na, at: 2026-11-22 10:00 }]\n",
            "to: [市场部]\nacks: [{ by: 王强, at: 2026-11-22 10:00 }, { by: 李娜, at: 2026-11-22 10:00 }]\n",
            "to: 全员\n",
            "cc: [技术部]\n",
        ] {
            let d = doc(front);
            let (cov, kept) = (coverage(&d, &c), pending(&d, &c));
            assert_eq!(kept.expected(), cov.expected.len(), "{front}");
            assert_eq!(kept.missing(&c.people).collect::<Vec<_>>(), cov.missing, "{front}");
            assert_eq!(kept.missing_count(), cov.missing.len(), "{front}");
            assert_eq!(kept == Pending::default(), cov.expected.is_empty(), "{front}");
        }
    }

    #[test]
    fn the_head_role_is_configurable() {
        let mut c = config();
        c.department_head_role = "主任".into();
        assert!(expected(&doc("to: 技术部\n"), &c).is_empty());
    }

    #[test]
    fn an_action_is_accepted_by_its_owner_only() {
        let c = config();
        let d = doc(
            "actions:\n  - { task: t, owner: 李娜, acks: [{ by: Li Na, at: 2026-11-22 10:00 }] }\n  - { task: t, owner: 李娜, acks: [{ by: 王强, at: 2026-11-22 10:00 }] }\n",
        );
        let items = d.root.get("actions").unwrap().value.items().unwrap();
        assert!(action_accepted(&items[0], &c));
        assert!(!action_accepted(&items[1], &c));
    }
}

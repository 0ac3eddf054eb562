//! Approval before sending (审批): which steps a record needs before it
//! goes out, who may fill each, and which are still pending.
//!
//! `comms.yaml`'s `approval` lists steps per record type (or `default`);
//! a step names a role in a department (`{role: 部门负责人, of: from}`),
//! a role anywhere (`{role: 管理层}`) or one person (`{person: 赵敏}`),
//! and `when: {FIELD: VALUE or [VALUES]}` limits it to matching records.
//! A record's `approvals` are `{by, at, decision, note}`; a step is
//! approved when the latest decision of someone who may fill it is
//! `approved`. Every name is compared by the people matching rule
//! ([`crate::model::people`]).

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::model::config::Config;
use crate::model::people::{Person, same_name};
use crate::model::record::Document;
use crate::model::time::{self, Instant};
use crate::model::types::{Catalog, Kind};
use crate::model::yaml::Node;

/// The key of `approval` for types without their own steps.
pub const DEFAULT: &str = "default";

/// An approval's decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    Approved,
    Rejected,
}

impl Decision {
    pub fn as_str(self) -> &'static str {
        match self {
            Decision::Approved => "approved",
            Decision::Rejected => "rejected",
        }
    }

    pub fn parse_canonical(s: &str) -> Option<Decision> {
        [Decision::Approved, Decision::Rejected].into_iter().find(|d| d.as_str() == s)
    }
}

impl Catalog {
    /// A decision from its canonical value or an alias (批准, 驳回).
    pub fn decision(&self, text: &str) -> Option<Decision> {
        let t = text.trim();
        if let Some(d) = Decision::parse_canonical(&t.to_ascii_lowercase()) {
            return Some(d);
        }
        self.lexicon
            .decision
            .iter()
            .find(|(_, aliases)| aliases.iter().any(|a| a.eq_ignore_ascii_case(t)))
            .and_then(|(k, _)| Decision::parse_canonical(k))
    }
}

/// Whose department a step's role is held in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Of {
    /// The department of the record's `from` (else of its owner).
    From,
    /// The department of the record's owner.
    Owner,
}

/// One value or a list of them (`when: {to: 全员}`, `when: {category: [a, b]}`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Values(pub Vec<String>);

impl<'de> Deserialize<'de> for Values {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Values;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value or a list of values")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Values, E> {
                Ok(Values(vec![v.to_string()]))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Values, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = seq.next_element::<String>()? {
                    out.push(v);
                }
                Ok(Values(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// One approval step of `approval` in comms.yaml.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub of: Option<Of>,
    #[serde(default)]
    pub person: Option<String>,
    #[serde(default)]
    pub when: BTreeMap<String, Values>,
}

impl Step {
    /// The step as written, for messages: `部门负责人 of from`, `person 赵敏`.
    pub fn describe(&self) -> String {
        match (&self.person, &self.role, self.of) {
            (Some(p), _, _) => format!("{{person: {}}}", p.trim()),
            (None, Some(r), Some(Of::From)) => format!("{{role: {}, of: from}}", r.trim()),
            (None, Some(r), Some(Of::Owner)) => format!("{{role: {}, of: owner}}", r.trim()),
            (None, Some(r), None) => format!("{{role: {}}}", r.trim()),
            (None, None, _) => "{}".into(),
        }
    }
}

/// One entry of a record's `approvals`, as far as it reads.
#[derive(Clone, Debug)]
pub struct Approval<'d> {
    pub by: &'d str,
    pub at: Option<Instant>,
    pub decision: Option<Decision>,
    /// The item in the front matter.
    pub node: &'d Node,
}

/// Where a required step stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum State {
    Approved,
    Rejected,
    Pending,
}

/// The steps of `approval` for `doc`'s type (else `default`) whose `when`
/// matches it, with their number in the list (1-based).
///
/// A record whose `channel` is a registry channel with `approval: ROLE`
/// also needs that role's approval: one more step, numbered after the
/// type's.
pub fn required<'c>(doc: &Document, config: &'c Config, catalog: &Catalog) -> Vec<(usize, &'c Step)> {
    let by_channel = || {
        let channel = doc.str("channel").filter(|c| !c.is_empty())?;
        config.channels.get(channel)?.approval.as_ref()
    };
    if config.approval.is_empty() && config.channels.is_empty() {
        return Vec::new();
    }
    let ty = doc.str("type").and_then(|t| catalog.get(t));
    let steps = ty.and_then(|t| config.approval.get(&t.name)).or_else(|| config.approval.get(DEFAULT));
    let steps: &[Step] = steps.map_or(&[], Vec::as_slice);
    let mut out: Vec<(usize, &Step)> = steps
        .iter()
        .enumerate()
        .filter(|(_, s)| s.when.iter().all(|(field, values)| matches(doc, config, catalog, field, values)))
        .map(|(i, s)| (i + 1, s))
        .collect();
    // The same role asked for by the type already is one step, not two.
    if let Some(step) = by_channel()
        && !out.iter().any(|(_, s)| s.role == step.role && s.of.is_none() && s.person.is_none())
    {
        out.push((steps.len() + 1, step));
    }
    out
}

/// Whether `doc`'s `field` holds one of `values`: people by the people
/// matching rule, other texts trimmed; a list field matches when one of
/// its entries does.
fn matches(doc: &Document, config: &Config, catalog: &Catalog, field: &str, values: &Values) -> bool {
    let Some(entry) = doc.root.get(field) else { return false };
    let ty = doc.str("type").and_then(|t| catalog.get(t));
    let person = catalog.field(ty, field).is_some_and(|f| f.kind == Kind::Person);
    let written: Vec<&str> = match entry.value.items() {
        Some(items) => items.iter().filter_map(Node::as_str).collect(),
        None => entry.value.as_str().into_iter().collect(),
    };
    written
        .iter()
        .any(|w| values.0.iter().any(|v| if person { config.people.same_person(w, v) } else { w.trim() == v.trim() }))
}

/// The department a step with `of` is about, if the record tells.
pub fn department<'a>(step: &Step, doc: &'a Document, config: &'a Config) -> Option<&'a str> {
    let owner_dept = || doc.str("owner").and_then(|o| config.people.resolve(o)).and_then(|p| p.department.as_deref());
    match step.of? {
        Of::From => doc.str("from").map(str::trim).filter(|f| !f.is_empty()).or_else(owner_dept),
        Of::Owner => owner_dept(),
    }
}

/// Whether the person named `by` may fill `step` on `doc`.
pub fn can_fill(step: &Step, by: &str, doc: &Document, config: &Config) -> bool {
    if let Some(p) = &step.person {
        return config.people.same_person(by, p);
    }
    let Some(role) = &step.role else { return false };
    let Some(person) = config.people.resolve(by) else { return false };
    qualifies(step, role, person, doc, config)
}

fn qualifies(step: &Step, role: &str, person: &Person, doc: &Document, config: &Config) -> bool {
    if !person.has_role(role) {
        return false;
    }
    if step.of.is_none() {
        return true;
    }
    match (department(step, doc, config), person.department.as_deref()) {
        (Some(d), Some(mine)) => same_name(d, mine),
        _ => false,
    }
}

/// Everyone of the people directory who may fill `step` on `doc`.
pub fn holders(step: &Step, doc: &Document, config: &Config) -> Vec<String> {
    if let Some(p) = &step.person {
        return vec![config.people.canonical(p).to_string()];
    }
    let Some(role) = &step.role else { return Vec::new() };
    config.people.iter().filter(|p| qualifies(step, role, p, doc, config)).map(|p| p.name.clone()).collect()
}

/// A step and who may fill it, for messages: `{role: 部门负责人, of: from}
/// (赵敏)`, or `(nobody of people)`.
pub fn describe_with_holders(step: &Step, doc: &Document, config: &Config) -> String {
    let who = holders(step, doc, config);
    if who.is_empty() {
        let dept = department(step, doc, config).map(|d| format!(" in {d}")).unwrap_or_default();
        format!("{} (nobody of `people` can fill it{dept})", step.describe())
    } else {
        format!("{} ({})", step.describe(), who.join(", "))
    }
}

/// The entries of `doc`'s `approvals` that have a `by`.
pub fn approvals<'d>(doc: &'d Document, config: &Config, catalog: &Catalog) -> Vec<Approval<'d>> {
    let Some(items) = doc.root.get("approvals").and_then(|e| e.value.items()) else { return Vec::new() };
    items
        .iter()
        .filter_map(|node| {
            let by = node.get("by")?.value.as_str()?.trim();
            if by.is_empty() {
                return None;
            }
            let at = node.get("at").and_then(|e| e.value.as_str()).and_then(|t| time::parse(t, config.timezone).ok());
            let decision = node.get("decision").and_then(|e| e.value.as_str()).and_then(|t| catalog.decision(t));
            Some(Approval { by, at, decision, node })
        })
        .collect()
}

/// The latest decision on `step` by someone who may fill it, counting only
/// those at or before `until` when given: later in time wins, and of two
/// at the same time the one written later.
pub fn latest<'a, 'd>(
    step: &Step,
    list: &'a [Approval<'d>],
    doc: &Document,
    config: &Config,
    until: Option<Instant>,
) -> Option<&'a Approval<'d>> {
    let mut best: Option<&Approval> = None;
    for a in list {
        if a.decision.is_none() || !can_fill(step, a.by, doc, config) {
            continue;
        }
        if let Some(u) = until
            && a.at.is_none_or(|t| t > u)
        {
            continue;
        }
        if best.is_none_or(|b| a.at >= b.at) {
            best = Some(a);
        }
    }
    best
}

/// Where `step` stands on `doc`.
pub fn state(step: &Step, list: &[Approval], doc: &Document, config: &Config, until: Option<Instant>) -> State {
    match latest(step, list, doc, config, until).and_then(|a| a.decision) {
        Some(Decision::Approved) => State::Approved,
        Some(Decision::Rejected) => State::Rejected,
        None => State::Pending,
    }
}

/// The required steps of `doc` not approved yet (pending or rejected),
/// with their number.
pub fn pending<'c>(doc: &Document, config: &'c Config, catalog: &Catalog) -> Vec<(usize, &'c Step)> {
    let list = approvals(doc, config, catalog);
    required(doc, config, catalog)
        .into_iter()
        .filter(|(_, s)| state(s, &list, doc, config, None) != State::Approved)
        .collect()
}

/// The audiences of `publish` that `doc`'s `to` names which its `from`
/// may not address: (the `to` entry, the audience, the departments that may).
pub fn not_allowed<'d, 'c>(doc: &'d Document, config: &'c Config) -> Vec<(&'d Node, &'c str, &'c [String])> {
    if config.publish.is_empty() {
        return Vec::new();
    }
    let Some(to) = doc.root.get("to") else { return Vec::new() };
    let entries: Vec<&Node> = match to.value.items() {
        Some(items) => items.iter().collect(),
        None => vec![&to.value],
    };
    let from = doc.str("from").map(str::trim).filter(|f| !f.is_empty());
    let mut out = Vec::new();
    for node in entries {
        let Some(text) = node.as_str() else { continue };
        for (audience, departments) in &config.publish {
            if same_name(text, audience) && !from.is_some_and(|f| departments.iter().any(|d| same_name(d, f))) {
                out.push((node, audience.as_str(), departments.as_slice()));
            }
        }
    }
    out
}

/// Whether `doc`'s `sent` is written.
pub fn sent(doc: &Document, config: &Config) -> Option<Instant> {
    doc.str("sent").and_then(|t| time::parse(t, config.timezone).ok())
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

    const PEOPLE: &str = "people:\n  - { name: 赵敏, department: 行政部, roles: [部门负责人] }\n  - { name: 王强, department: 技术部, roles: [部门负责人] }\n  - { name: 刘洋, department: 行政部 }\n  - { name: 陈总, roles: [管理层] }\n";

    fn doc(front: &str) -> Document {
        let text = format!("---\nid: a\ntype: internal\nsubject: s\nowner: 刘洋\n{front}---\n");
        Document::parse(Path::new("r.md"), text.into_bytes()).unwrap()
    }

    #[test]
    fn steps_by_type_and_when_and_who_fills_them() {
        let c = config(&format!(
            "{PEOPLE}approval:\n  default:\n    - {{ role: 部门负责人, of: from }}\n    - {{ role: 管理层, when: {{ to: 全员 }} }}\n  urgent:\n    - {{ person: 陈总 }}\n"
        ));
        let catalog = Catalog::builtin().unwrap();
        let d = doc("from: 行政部\nto: [技术部]\n");
        let req = required(&d, &c, &catalog);
        assert_eq!(req.iter().map(|(n, _)| *n).collect::<Vec<_>>(), [1]);
        assert_eq!(holders(req[0].1, &d, &c), ["赵敏"]);
        assert!(can_fill(req[0].1, " 赵敏 ", &d, &c) && !can_fill(req[0].1, "王强", &d, &c));
        let d = doc("from: 行政部\nto: [技术部, 全员]\n");
        assert_eq!(required(&d, &c, &catalog).len(), 2);
        // Without `from`, the owner's department.
        let d = doc("to: 全员\n");
        assert_eq!(holders(required(&d, &c, &catalog)[0].1, &d, &c), ["赵敏"]);
    }

    #[test]
    fn the_latest_decision_counts() {
        let c = config(&format!("{PEOPLE}approval:\n  default:\n    - {{ role: 部门负责人, of: from }}\n"));
        let catalog = Catalog::builtin().unwrap();
        let d = doc(
            "from: 行政部\napprovals:\n  - { by: 赵敏, at: 2026-11-20 09:00, decision: 驳回 }\n  - { by: 赵敏, at: 2026-11-20 10:00, decision: approved }\n",
        );
        assert!(pending(&d, &c, &catalog).is_empty());
        let list = approvals(&d, &c, &catalog);
        let step = required(&d, &c, &catalog)[0].1;
        let at = |s: &str| time::parse(s, c.timezone).ok();
        assert_eq!(state(step, &list, &d, &c, at("2026-11-20 09:30")), State::Rejected);
        assert_eq!(state(step, &list, &d, &c, at("2026-11-20 08:00")), State::Pending);
    }

    #[test]
    fn audiences_only_the_listed_departments_may_address() {
        let c = config(&format!("{PEOPLE}publish:\n  全员: [行政部]\n"));
        assert!(not_allowed(&doc("from: 行政部\nto: [全员]\n"), &c).is_empty());
        assert_eq!(not_allowed(&doc("from: 技术部\nto: [销售部, 全员]\n"), &c).len(), 1);
        assert_eq!(not_allowed(&doc("to: 全员\n"), &c).len(), 1);
    }
}

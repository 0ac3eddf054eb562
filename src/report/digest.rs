//! The escalation digest (催办): per owner, what is overdue or falls due
//! soon, with unacknowledged urgent records first.
//!
//! The seeds ask the sender to follow up on late work ("若未及时响应，需通过
//! 电话或线下催办", "对逾期未完成的及时提醒") and to make sure urgent
//! notices were read ("设置已读提醒 … 对未读消息及时电话或当面提醒"). The
//! digest is what a coordinator pastes into an e-mail or a group chat:
//!
//! - an open `urgent` record nobody has acknowledged (`acks` empty) is in
//!   the digest whatever its deadline, first in its owner's group, and
//!   owners with such records come first;
//! - then every open item (record or action item) that is overdue, or due
//!   before `until`, under its own owner — most overdue first.
//!
//! Owners are grouped by person: names and aliases of the people directory
//! count as one, shown with the person's department. An overdue item carries
//! the step of its type's escalation ladder it has reached, if the
//! repository configures one.

use crate::model::config::Config;
use crate::model::record::Record;
use crate::model::time::Instant;
use crate::model::types::Catalog;
use crate::report::escalation;
use crate::report::tracking::{self, Item, Kind};

/// One line of the digest.
#[derive(Clone, Debug)]
pub struct Entry<'a> {
    pub item: Item<'a>,
    /// Open, not overdue, due before `until`.
    pub due_soon: bool,
    /// An open record of a type that must be acknowledged (`acknowledge:
    /// true` in its type.yaml, or listed in `ack_within`), with no
    /// acknowledgement.
    pub unacknowledged: bool,
    /// For an overdue item, the step of its type's escalation ladder it
    /// has reached (see [`crate::report::escalation`]).
    pub escalation: Option<escalation::Current>,
}

/// One owner's part of the digest.
#[derive(Clone, Debug)]
pub struct Group<'a> {
    /// The person's name (from the people directory when listed there);
    /// empty for items without an owner.
    pub owner: String,
    pub department: Option<String>,
    pub entries: Vec<Entry<'a>>,
}

/// Counts over a digest.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub items: usize,
    pub overdue: usize,
    pub due_soon: usize,
    pub unacknowledged: usize,
}

#[derive(Clone, Debug)]
pub struct Digest<'a> {
    pub now: Instant,
    pub until: Instant,
    pub groups: Vec<Group<'a>>,
}

impl Digest<'_> {
    pub fn totals(&self) -> Totals {
        let mut t = Totals::default();
        for e in self.groups.iter().flat_map(|g| &g.entries) {
            t.items += 1;
            t.overdue += usize::from(e.item.overdue);
            t.due_soon += usize::from(e.due_soon);
            t.unacknowledged += usize::from(e.unacknowledged);
        }
        t
    }
}

/// Whether records of type `rtype` (a name or an alias) must be
/// acknowledged: `acknowledge: true` in the type's definition, or the type
/// listed in `ack_within`.
pub fn must_acknowledge(config: &Config, catalog: &Catalog, rtype: &str) -> bool {
    let name = catalog.get(rtype).map_or(rtype, |t| t.name.as_str());
    catalog.get(rtype).is_some_and(|t| t.acknowledge) || config.ack_within.contains_key(name)
}

/// Builds the digest of `records` at `now`, looking ahead to `until`.
pub fn build<'a>(
    records: &'a [Record],
    now: Instant,
    until: Instant,
    config: &Config,
    catalog: &Catalog,
) -> Digest<'a> {
    let mut all = tracking::items(records, now);
    tracking::sort(&mut all);
    let mut groups: Vec<Group<'a>> = Vec::new();
    for item in all {
        if !item.is_open() {
            continue;
        }
        let unacknowledged = item.kind == Kind::Record
            && must_acknowledge(config, catalog, &item.record.rtype)
            && item.record.acks.iter().all(|a| a.by.is_empty());
        let due_soon = !item.overdue && item.deadline.is_some_and(|d| d < until);
        if !(item.overdue || due_soon || unacknowledged) {
            continue;
        }
        let person = config.people.resolve(item.owner);
        let owner = config.people.canonical(item.owner).to_string();
        let escalation = match (item.overdue, item.deadline) {
            (true, Some(deadline)) => escalation::current(config, &item.record.rtype, item.owner, deadline, now),
            _ => None,
        };
        let entry = Entry { item, due_soon, unacknowledged, escalation };
        match groups.iter_mut().find(|g| g.owner == owner) {
            Some(g) => g.entries.push(entry),
            None => groups.push(Group {
                owner,
                department: person.and_then(|p| p.department.clone()),
                entries: vec![entry],
            }),
        }
    }
    for g in &mut groups {
        // Stable: within each part, the deadline order of `sort` stays.
        g.entries.sort_by_key(|e| !e.unacknowledged);
    }
    groups.sort_by(|a, b| {
        let unack = |g: &Group| g.entries.iter().any(|e| e.unacknowledged);
        let first = |g: &Group| g.entries.iter().filter_map(|e| e.item.deadline).min();
        unack(b)
            .cmp(&unack(a))
            .then_with(|| match (first(a), first(b)) {
                (Some(x), Some(y)) => x.cmp(&y),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then_with(|| a.owner.is_empty().cmp(&b.owner.is_empty()))
            .then_with(|| a.owner.cmp(&b.owner))
    });
    Digest { now, until, groups }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::{Ack, Action, Status};
    use std::path::PathBuf;

    const SH: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

    fn at(s: &str) -> Instant {
        crate::model::time::parse(s, SH).unwrap()
    }

    fn record(id: &str, rtype: &str, owner: &str, deadline: &str, status: Status) -> Record {
        Record {
            path: PathBuf::from(format!("records/{id}.md")),
            id: id.into(),
            rtype: rtype.into(),
            subject: format!("s-{id}").into(),
            owner: owner.into(),
            deadline: Some(at(deadline)),
            status: Some(status),
            ..Default::default()
        }
    }

    #[test]
    fn groups_by_owner_with_unacknowledged_urgent_records_first() {
        let config = Config::default().with_people(vec![crate::model::config::Person {
            name: "李娜".into(),
            department: Some("市场部".into()),
            aliases: vec!["Li Na".into()],
            ..Default::default()
        }]);
        let mut meeting = record("m", "meeting", "王强", "2026-11-20 18:00", Status::Done);
        meeting.actions.push(Action {
            task: "清单".into(),
            owner: "Li Na".into(),
            deadline: Some(at("2026-11-21 18:00")),
            status: Some(Status::Open),
            closed: None,
        });
        let mut acked = record("u2", "urgent", "张伟", "2026-11-22 10:00", Status::Open);
        acked.acks.push(Ack { by: "吴刚".into(), at: None });
        let records = vec![
            meeting,
            record("a", "internal", "李娜", "2026-11-22 20:00", Status::InProgress),
            record("u1", "urgent", "张伟", "2026-11-30 17:00", Status::Open),
            acked,
            record("far", "internal", "王强", "2026-11-30 17:00", Status::Open),
            record("closed", "urgent", "王强", "2026-11-01 17:00", Status::Cancelled),
        ];
        let d = build(&records, at("2026-11-22 12:00"), at("2026-11-23 12:00"), &config, &Catalog::load(None).unwrap());
        let shape: Vec<(String, Vec<String>)> =
            d.groups.iter().map(|g| (g.owner.clone(), g.entries.iter().map(|e| e.item.id()).collect())).collect();
        assert_eq!(
            shape,
            [
                ("张伟".to_string(), vec!["u1".to_string(), "u2".into()]),
                ("李娜".into(), vec!["m#1".into(), "a".into()])
            ]
        );
        assert_eq!(d.groups[1].department.as_deref(), Some("市场部"));
        assert_eq!(d.totals(), Totals { items: 4, overdue: 2, due_soon: 1, unacknowledged: 1 });
        let u1 = &d.groups[0].entries[0];
        assert!(u1.unacknowledged && !u1.due_soon && !u1.item.overdue);
    }
}

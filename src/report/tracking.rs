//! What is due and what is late: records and their action items as one
//! list of [`Item`]s, each with one owner, one deadline and one status.
//!
//! The seeds track work at two levels — a record (a notice, a request, an
//! incident) and the action items a meeting or project table assigns, each
//! to one person — and a coordinator chasing late work needs both in one
//! list. An action item is judged by its own owner, deadline and status; its
//! record gives it a type, a project and a path.
//!
//! **Open** means not done and not cancelled: open, in-progress, delayed —
//! and also a status `comms` cannot read (missing or misspelt), so a typo
//! never hides late work. **Overdue** means open with a deadline before now.
//! Items without a readable deadline are never overdue and sort last.
//!
//! Pure functions over [`Record`]s and a "now": no files, no terminal.

use std::cmp::Ordering;

use chrono::Duration;

use crate::model::people::same_name;
use crate::model::record::{Priority, Record, Status};
use crate::model::time::Instant;

/// A record, or one of its action items.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Record,
    Action,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Record => "record",
            Kind::Action => "action",
        }
    }
}

/// One line of work: a record or an action item.
#[derive(Clone, Debug)]
pub struct Item<'a> {
    pub record: &'a Record,
    pub kind: Kind,
    /// The action item's number in its record, from 1.
    pub index: Option<usize>,
    /// The subject of a record, the task of an action item.
    pub subject: &'a str,
    pub owner: &'a str,
    pub deadline: Option<Instant>,
    pub status: Option<Status>,
    pub overdue: bool,
}

impl Item<'_> {
    /// The record's id, or `RECORD-ID#N` for action item N: what `comms
    /// done` and `comms set` accept.
    pub fn id(&self) -> String {
        match self.index {
            Some(n) => format!("{}#{n}", self.record.id),
            None => self.record.id.to_string(),
        }
    }

    /// The record an action item belongs to.
    pub fn parent(&self) -> Option<&str> {
        self.index.map(|_| self.record.id.as_str())
    }

    /// Not done and not cancelled (an unreadable status counts as open).
    pub fn is_open(&self) -> bool {
        self.status.is_none_or(Status::is_open)
    }

    /// How the deadline stands at `now`.
    pub fn due(&self, now: Instant) -> Due {
        match self.deadline {
            _ if !self.is_open() => Due::Closed,
            None => Due::Unknown,
            Some(d) if d < now => Due::Overdue(now.0 - d.0),
            Some(d) => Due::In(d.0 - now.0),
        }
    }
}

/// How an item's deadline stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    /// Open and late by this much.
    Overdue(Duration),
    /// Open and due in this much.
    In(Duration),
    /// Done or cancelled.
    Closed,
    /// Open, but with no readable deadline.
    Unknown,
}

/// Every record and every action item, in record order.
pub fn items(records: &[Record], now: Instant) -> Vec<Item<'_>> {
    iter_items(records, now).collect()
}

/// [`items`] one at a time, for filtering without holding them all.
pub fn iter_items(records: &[Record], now: Instant) -> impl Iterator<Item = Item<'_>> {
    records.iter().flat_map(move |r| {
        let mut item = Item {
            record: r,
            kind: Kind::Record,
            index: None,
            subject: &r.subject,
            owner: &r.owner,
            deadline: r.deadline,
            status: r.status,
            overdue: false,
        };
        item.overdue = matches!(item.due(now), Due::Overdue(_));
        let actions = r.actions.iter().enumerate().map(move |(i, a)| {
            let mut item = Item {
                record: r,
                kind: Kind::Action,
                index: Some(i + 1),
                subject: &a.task,
                owner: &a.owner,
                deadline: a.deadline,
                status: a.status,
                overdue: false,
            };
            item.overdue = matches!(item.due(now), Due::Overdue(_));
            item
        });
        std::iter::once(item).chain(actions)
    })
}

/// Soonest deadline first; items without one last; then by id, a record
/// before its action items.
pub fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| {
        let by_deadline = match (a.deadline, b.deadline) {
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        by_deadline
            .then_with(|| a.record.id.cmp(&b.record.id))
            .then_with(|| a.record.path.cmp(&b.record.path))
            .then_with(|| a.index.cmp(&b.index))
    });
}

/// Which items to list. Every condition given must hold; within a list of
/// values (`owners`, `types`, …) any one may match.
///
/// The default lists open work: items not done and not cancelled, of
/// records not archived. `closed` and `archived` widen it. An action item
/// takes its record's type, project, priority, tags and archive folder.
#[derive(Clone, Debug, Default)]
pub struct Filter {
    pub overdue: bool,
    /// Open items due before this instant (overdue ones included).
    pub due_before: Option<Instant>,
    /// Also done and cancelled items.
    pub closed: bool,
    /// Also the records of the archive folder (and their action items).
    pub archived: bool,
    /// Accepted owner names (each person's name and aliases), compared by
    /// the people matching rule ([`crate::model::people::key`]).
    pub owners: Vec<String>,
    /// Canonical type names.
    pub types: Vec<String>,
    pub projects: Vec<String>,
    pub statuses: Vec<Status>,
    pub priorities: Vec<Priority>,
    /// Tags, compared as names are ([`crate::model::people::same_name`]).
    pub tags: Vec<String>,
}

impl Filter {
    pub fn matches(&self, item: &Item) -> bool {
        (!self.overdue || item.overdue)
            && (self.closed || item.is_open())
            && (self.archived || !item.record.archived)
            && self.due_before.is_none_or(|until| item.is_open() && item.deadline.is_some_and(|d| d < until))
            && (self.owners.is_empty() || self.owners.iter().any(|o| same_name(o, item.owner)))
            && (self.types.is_empty() || self.types.iter().any(|t| *t == item.record.rtype))
            && (self.projects.is_empty()
                || item.record.project.as_deref().is_some_and(|p| self.projects.iter().any(|q| q == p)))
            && (self.statuses.is_empty() || item.status.is_some_and(|s| self.statuses.contains(&s)))
            && (self.priorities.is_empty() || item.record.priority.is_some_and(|p| self.priorities.contains(&p)))
            && (self.tags.is_empty() || item.record.tags.iter().any(|t| self.tags.iter().any(|q| same_name(q, t))))
    }
}

/// A field `status --sort` orders by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Deadline,
    Created,
    Priority,
    Status,
    Owner,
    Type,
    Project,
    Id,
    Subject,
}

impl SortKey {
    pub const ALL: [SortKey; 9] = [
        SortKey::Deadline,
        SortKey::Created,
        SortKey::Priority,
        SortKey::Status,
        SortKey::Owner,
        SortKey::Type,
        SortKey::Project,
        SortKey::Id,
        SortKey::Subject,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SortKey::Deadline => "deadline",
            SortKey::Created => "created",
            SortKey::Priority => "priority",
            SortKey::Status => "status",
            SortKey::Owner => "owner",
            SortKey::Type => "type",
            SortKey::Project => "project",
            SortKey::Id => "id",
            SortKey::Subject => "subject",
        }
    }

    pub fn parse(name: &str) -> Option<SortKey> {
        SortKey::ALL.into_iter().find(|k| k.as_str().eq_ignore_ascii_case(name.trim()))
    }
}

/// Statuses in the order work moves: open, in-progress, delayed, done,
/// cancelled.
fn status_rank(s: Status) -> u8 {
    match s {
        Status::Open => 0,
        Status::InProgress => 1,
        Status::Delayed => 2,
        Status::Done => 3,
        Status::Cancelled => 4,
    }
}

/// Orders `items` by `keys` (each ascending, or descending when its flag is
/// set), first key first; ties keep the order of [`sort`]. Items without
/// the value (no deadline, no priority …) come last either way.
pub fn sort_by(items: &mut [Item], keys: &[(SortKey, bool)]) {
    sort(items);
    if keys.is_empty() {
        return;
    }
    fn opt<T: Ord>(a: Option<T>, b: Option<T>, desc: bool) -> Ordering {
        match (a, b) {
            (Some(x), Some(y)) if desc => y.cmp(&x),
            (Some(x), Some(y)) => x.cmp(&y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        }
    }
    let text = |s: &str| Some(s.to_string()).filter(|s| !s.trim().is_empty());
    items.sort_by(|a, b| {
        keys.iter()
            .map(|&(key, desc)| match key {
                SortKey::Deadline => opt(a.deadline, b.deadline, desc),
                SortKey::Created => opt(a.record.created, b.record.created, desc),
                SortKey::Priority => opt(a.record.priority, b.record.priority, desc),
                SortKey::Status => opt(a.status.map(status_rank), b.status.map(status_rank), desc),
                SortKey::Owner => opt(text(a.owner), text(b.owner), desc),
                SortKey::Type => opt(text(&a.record.rtype), text(&b.record.rtype), desc),
                SortKey::Project => opt(a.record.project.as_deref(), b.record.project.as_deref(), desc),
                SortKey::Id => opt(Some(a.id()), Some(b.id()), desc),
                SortKey::Subject => opt(text(a.subject), text(b.subject), desc),
            })
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Action;
    use std::path::PathBuf;

    const SH: chrono_tz::Tz = chrono_tz::Asia::Shanghai;

    fn at(s: &str) -> Instant {
        crate::model::time::parse(s, SH).unwrap()
    }

    fn record(id: &str, deadline: Option<&str>, status: Option<Status>) -> Record {
        Record {
            path: PathBuf::from(format!("records/{id}.md")),
            id: id.into(),
            rtype: "urgent".into(),
            subject: format!("s-{id}").into(),
            owner: "张伟".into(),
            deadline: deadline.map(at),
            status,
            project: Some("二号产线".into()),
            ..Default::default()
        }
    }

    #[test]
    fn overdue_means_open_and_past_the_deadline() {
        let now = at("2026-11-22 12:00");
        let mut late = record("a", Some("2026-11-22 09:00"), Some(Status::InProgress));
        late.actions.push(Action {
            task: "t".into(),
            owner: "李娜".into(),
            deadline: Some(at("2026-11-21 09:00")),
            status: Some(Status::Done),
            closed: None,
        });
        late.actions.push(Action {
            task: "u".into(),
            owner: "李娜".into(),
            deadline: Some(at("2026-11-21 09:00")),
            status: None,
            closed: None,
        });
        let records = vec![
            late,
            record("b", Some("2026-11-22 09:00"), Some(Status::Done)),
            record("c", Some("2026-11-23 09:00"), Some(Status::Open)),
            record("d", None, Some(Status::Open)),
        ];
        let items = items(&records, now);
        let flags: Vec<(String, bool)> = items.iter().map(|i| (i.id(), i.overdue)).collect();
        assert_eq!(
            flags,
            [
                ("a".into(), true),
                ("a#1".into(), false),
                ("a#2".into(), true),
                ("b".into(), false),
                ("c".into(), false),
                ("d".into(), false)
            ]
        );
        assert_eq!(items[0].due(now), Due::Overdue(Duration::hours(3)));
        assert_eq!(items[4].due(now), Due::In(Duration::hours(21)));
        assert_eq!(items[3].due(now), Due::Closed);
        assert_eq!(items[5].due(now), Due::Unknown);
        assert_eq!(items[2].parent(), Some("a"));
    }

    #[test]
    fn sorted_by_deadline_then_id_without_deadline_last() {
        let records = vec![
            record("c", None, None),
            record("b", Some("2026-11-23 09:00"), None),
            record("a", Some("2026-11-23 09:00"), None),
            record("d", Some("2026-11-20 09:00"), None),
        ];
        let mut items = items(&records, at("2026-11-22 12:00"));
        sort(&mut items);
        assert_eq!(items.iter().map(|i| i.id()).collect::<Vec<_>>(), ["d", "a", "b", "c"]);
    }

    #[test]
    fn filters_combine() {
        let now = at("2026-11-22 12:00");
        let mut a = record("a", Some("2026-11-22 09:00"), Some(Status::Open));
        a.actions.push(Action {
            task: "t".into(),
            owner: "Li Na".into(),
            deadline: Some(at("2026-11-23 09:00")),
            status: Some(Status::InProgress),
            closed: None,
        });
        let mut b = record("b", Some("2026-11-25 09:00"), Some(Status::Delayed));
        b.rtype = "meeting".into();
        b.project = None;
        let records = vec![a, b];
        let all = items(&records, now);
        let ids = |f: &Filter| all.iter().filter(|i| f.matches(i)).map(|i| i.id()).collect::<Vec<_>>();
        assert_eq!(ids(&Filter { overdue: true, ..Filter::default() }), ["a"]);
        let within_1d = Some(at("2026-11-23 12:00"));
        assert_eq!(ids(&Filter { due_before: within_1d, ..Filter::default() }), ["a", "a#1"]);
        assert_eq!(ids(&Filter { owners: vec!["li na".into()], ..Filter::default() }), ["a#1"]);
        assert_eq!(ids(&Filter { types: vec!["meeting".into()], ..Filter::default() }), ["b"]);
        assert_eq!(ids(&Filter { projects: vec!["二号产线".into()], ..Filter::default() }), ["a", "a#1"]);
        assert_eq!(
            ids(&Filter { statuses: vec![Status::InProgress, Status::Delayed], ..Filter::default() }),
            ["a#1", "b"]
        );
        assert_eq!(
            ids(&Filter { overdue: true, owners: vec!["Li Na".into()], ..Filter::default() }),
            Vec::<String>::new()
        );
    }

    #[test]
    fn open_active_work_by_default_closed_and_archived_on_request() {
        let now = at("2026-11-22 12:00");
        let mut old = record("old", Some("2026-10-01 09:00"), Some(Status::Done));
        old.archived = true;
        let mut odd = record("odd", Some("2026-10-02 09:00"), Some(Status::Open));
        odd.archived = true;
        let records = vec![
            old,
            odd,
            record("done", Some("2026-11-20 09:00"), Some(Status::Done)),
            record("gone", Some("2026-11-20 09:00"), Some(Status::Cancelled)),
            record("open", Some("2026-11-25 09:00"), Some(Status::Open)),
            record("typo", Some("2026-11-25 09:00"), None),
        ];
        let all = items(&records, now);
        let ids = |f: &Filter| all.iter().filter(|i| f.matches(i)).map(|i| i.id()).collect::<Vec<_>>();
        assert_eq!(ids(&Filter::default()), ["open", "typo"], "an unreadable status counts as open");
        assert_eq!(ids(&Filter { closed: true, ..Filter::default() }), ["done", "gone", "open", "typo"]);
        assert_eq!(ids(&Filter { archived: true, ..Filter::default() }), ["odd", "open", "typo"]);
        assert_eq!(ids(&Filter { closed: true, archived: true, ..Filter::default() }).len(), 6);
    }

    #[test]
    fn priority_and_tags_come_from_the_record() {
        let now = at("2026-11-22 12:00");
        let mut a = record("a", Some("2026-11-25 09:00"), Some(Status::Open));
        a.priority = Some(Priority::High);
        a.tags = vec!["Safety".into(), "产线".into()];
        a.actions.push(Action { task: "t".into(), owner: "李娜".into(), deadline: None, status: None, closed: None });
        let b = record("b", Some("2026-11-25 09:00"), Some(Status::Open));
        let records = vec![a, b];
        let all = items(&records, now);
        let ids = |f: &Filter| all.iter().filter(|i| f.matches(i)).map(|i| i.id()).collect::<Vec<_>>();
        assert_eq!(ids(&Filter { priorities: vec![Priority::High], ..Filter::default() }), ["a", "a#1"]);
        assert_eq!(ids(&Filter { tags: vec!["safety".into()], ..Filter::default() }), ["a", "a#1"]);
        assert_eq!(ids(&Filter { tags: vec!["财务".into()], ..Filter::default() }), Vec::<String>::new());
    }

    #[test]
    fn sort_by_fields_keeps_missing_values_last() {
        let now = at("2026-11-22 12:00");
        let mut a = record("a", Some("2026-11-25 09:00"), Some(Status::Delayed));
        a.priority = Some(Priority::Low);
        a.owner = "王强".into();
        let mut b = record("b", Some("2026-11-23 09:00"), Some(Status::Open));
        b.priority = Some(Priority::High);
        let c = record("c", None, Some(Status::InProgress));
        let records = vec![a, b, c];
        let sorted = |keys: &[(SortKey, bool)]| {
            let mut all = items(&records, now);
            sort_by(&mut all, keys);
            all.iter().map(|i| i.id()).collect::<Vec<_>>()
        };
        assert_eq!(sorted(&[]), ["b", "a", "c"]);
        assert_eq!(sorted(&[(SortKey::Deadline, true)]), ["a", "b", "c"], "no deadline last, descending too");
        assert_eq!(sorted(&[(SortKey::Priority, false)]), ["b", "a", "c"]);
        assert_eq!(sorted(&[(SortKey::Status, false)]), ["b", "c", "a"]);
        assert_eq!(sorted(&[(SortKey::Owner, false), (SortKey::Id, true)]), ["c", "b", "a"]);
        assert_eq!(SortKey::parse("Deadline"), Some(SortKey::Deadline));
        assert_eq!(SortKey::parse("due"), None);
    }

    #[test]
    fn names_follow_the_people_directory() {
        let config = crate::model::config::Config::default().with_people(vec![crate::model::config::Person {
            name: "李娜".into(),
            aliases: vec!["Li Na".into()],
            ..Default::default()
        }]);
        let mut filter = Filter { closed: true, ..Filter::default() };
        filter.owners = config.people.names_of("li\u{3000}NA");
        let mut r = record("a", None, Some(Status::Open));
        for (owner, wanted) in [("李娜", true), ("Li Na", true), (" li na ", true), ("Lina", false), ("王强", false)]
        {
            r.owner = owner.into();
            let item = iter_items(std::slice::from_ref(&r), at("2026-11-22 12:00")).next().unwrap();
            assert_eq!(filter.matches(&item), wanted, "{owner}");
        }
    }
}

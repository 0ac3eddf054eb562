//! `comms export --format jsonl`: every record and every action item as one
//! JSON object a line, for a warehouse engine (DuckDB, ClickHouse, Spark).
//!
//! A record's line holds every field of its front matter in canonical
//! form — English values for statuses, priorities, outcomes,
//! classifications, decisions and confirmation kinds (their Chinese
//! aliases come out English), people under their directory name,
//! datetimes as ISO 8601 with the repository's offset
//! (`2026-11-20T08:00:00+08:00`) — and the figures the report computes
//! from it (`overdue`, `on_time`, `resolution_hours`, `ack_hours`,
//! `response_hours`), so a SQL query over the lines reproduces the report.
//! Its action items follow it, one line each (`kind: "action"`).
//!
//! Pure: a record's summary (times filled from git history by the command)
//! and its front matter in, JSON values out.

use std::collections::BTreeMap;

use chrono::SecondsFormat;
use chrono_tz::Tz;
use serde_json::{Map, Value, json};

use crate::model::config::Config;
use crate::model::record::{Record, Status};
use crate::model::time::{self, Instant};
use crate::model::types::{Catalog, Kind};
use crate::model::yaml::{Node, Value as Yaml};

/// What the lines are made with.
pub struct Context<'a> {
    /// The repository's name (its folder), in every line as `repo`.
    pub repo: &'a str,
    pub catalog: &'a Catalog,
    pub config: &'a Config,
    pub now: Instant,
    /// Without `--include-confidential`: the text a confidential record's
    /// subject and tasks become; its other fields but the times, owner,
    /// type and status are left out.
    pub redact: Option<&'a str>,
}

/// An instant as ISO 8601 with the offset of `tz`.
pub fn iso(t: Instant, tz: Tz) -> String {
    t.0.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// Hours from `a` to `b`, unrounded (the report rounds its means, not these).
fn hours(a: Instant, b: Instant) -> f64 {
    (b.timestamp() - a.timestamp()) as f64 / 3600.0
}

/// The keys the summary gives in canonical form, written from it rather
/// than from the front matter.
const FROM_SUMMARY: &[&str] = &[
    "id",
    "type",
    "subject",
    "owner",
    "deadline",
    "status",
    "priority",
    "project",
    "created",
    "closed",
    "responded",
    "actions",
];

/// The record's line, then one per action item.
pub fn lines(r: &Record, front: &Node, cx: &Context) -> Vec<Value> {
    let tz = cx.config.timezone;
    let ts = |t: Option<Instant>| t.map_or(Value::Null, |t| Value::String(iso(t, tz)));
    let redact = cx.redact.filter(|_| r.confidential);
    let mut obj = Map::new();
    obj.insert("kind".into(), json!("record"));
    obj.insert("repo".into(), json!(cx.repo));
    obj.insert("id".into(), json!(r.id.as_str()));
    obj.insert("parent".into(), Value::Null);
    let path = match redact {
        Some(_) => crate::model::classification::redacted_path(&r.path, &r.id),
        None => r.path.clone(),
    };
    obj.insert("path".into(), json!(path.to_string_lossy().replace('\\', "/")));
    obj.insert("archived".into(), json!(r.archived));
    obj.insert("type".into(), json!(r.rtype.as_str()));
    obj.insert("subject".into(), json!(redact.unwrap_or(r.subject.as_str())));
    obj.insert("owner".into(), json!(cx.config.people.canonical(&r.owner)));
    obj.insert("deadline".into(), ts(r.deadline));
    obj.insert("status".into(), r.status.map_or(Value::Null, |s| json!(s.as_str())));
    obj.insert("priority".into(), r.priority.map_or(Value::Null, |p| json!(p.as_str())));
    obj.insert("project".into(), if redact.is_some() { Value::Null } else { json!(r.project.as_deref()) });
    obj.insert("created".into(), ts(r.created));
    obj.insert("closed".into(), ts(r.closed));
    obj.insert("responded".into(), ts(r.responded));
    if redact.is_some() {
        obj.insert("classification".into(), json!("confidential"));
    } else {
        let ty = cx.catalog.get(&r.rtype);
        for e in front.entries().unwrap_or_default() {
            let key = e.key.as_str();
            if FROM_SUMMARY.contains(&key) {
                continue;
            }
            let kind = cx.catalog.field(ty, key).map(|f| f.kind);
            obj.insert(key.to_string(), value(&e.value, kind, key, cx));
        }
    }
    let open = r.status.is_some_and(Status::is_open);
    let done = r.status == Some(Status::Done);
    obj.insert("overdue".into(), json!(open && r.deadline.is_some_and(|d| d < cx.now)));
    let on_time = match (done, r.closed, r.deadline) {
        (true, Some(c), Some(d)) => json!(c <= d),
        _ => Value::Null,
    };
    obj.insert("on_time".into(), on_time);
    let resolution = match (done, r.created, r.closed) {
        (true, Some(a), Some(b)) => json!(hours(a, b)),
        _ => Value::Null,
    };
    obj.insert("resolution_hours".into(), resolution);
    let first_ack = r.acks.iter().filter_map(|a| a.at).min();
    obj.insert("ack_hours".into(), r.created.zip(first_ack).map_or(Value::Null, |(a, b)| json!(hours(a, b))));
    obj.insert("response_hours".into(), r.created.zip(r.responded).map_or(Value::Null, |(a, b)| json!(hours(a, b))));
    let mut out = vec![Value::Object(obj)];

    let items = front.get("actions").and_then(|e| e.value.items()).unwrap_or_default();
    for (i, a) in r.actions.iter().enumerate() {
        let mut obj = Map::new();
        obj.insert("kind".into(), json!("action"));
        obj.insert("repo".into(), json!(cx.repo));
        obj.insert("id".into(), json!(format!("{}#{}", r.id, i + 1)));
        obj.insert("parent".into(), json!(r.id.as_str()));
        obj.insert("type".into(), json!(r.rtype.as_str()));
        obj.insert("task".into(), json!(redact.unwrap_or(a.task.as_str())));
        obj.insert("owner".into(), json!(cx.config.people.canonical(&a.owner)));
        obj.insert("deadline".into(), ts(a.deadline));
        obj.insert("status".into(), a.status.map_or(Value::Null, |s| json!(s.as_str())));
        obj.insert("closed".into(), ts(a.closed));
        if redact.is_none()
            && let Some(node) = items.get(i)
        {
            for e in node.entries().unwrap_or_default() {
                let key = e.key.as_str();
                if ["task", "owner", "deadline", "status", "closed"].contains(&key) {
                    continue;
                }
                obj.insert(key.to_string(), value(&e.value, None, key, cx));
            }
        }
        let open = a.status.is_some_and(Status::is_open);
        obj.insert("overdue".into(), json!(open && a.deadline.is_some_and(|d| d < cx.now)));
        let on_time = match (a.status == Some(Status::Done), a.closed, a.deadline) {
            (true, Some(c), Some(d)) => json!(c <= d),
            _ => Value::Null,
        };
        obj.insert("on_time".into(), on_time);
        for k in ["resolution_hours", "ack_hours", "response_hours"] {
            obj.insert(k.into(), Value::Null);
        }
        out.push(Value::Object(obj));
    }
    out
}

/// `text` under its canonical name in `map` (canonical → aliases), when
/// it is one of them; else as written.
fn canonical(map: &BTreeMap<String, Vec<String>>, text: &str) -> String {
    let t = text.trim();
    map.iter()
        .find(|(k, aliases)| k.eq_ignore_ascii_case(t) || aliases.iter().any(|a| a.eq_ignore_ascii_case(t)))
        .map_or_else(|| t.to_string(), |(k, _)| k.clone())
}

/// A front-matter value as JSON: datetimes (a field of that kind, or an
/// `at`) as ISO 8601, values with aliases canonical, people by their
/// directory name, a number field as a number; the rest as written.
fn value(node: &Node, kind: Option<Kind>, key: &str, cx: &Context) -> Value {
    let lex = &cx.catalog.lexicon;
    match &node.value {
        Yaml::Scalar { .. } if node.is_null() => Value::Null,
        Yaml::Scalar { text, .. } => {
            let t = text.as_str();
            match (kind, key) {
                (Some(Kind::Datetime), _) | (_, "at" | "minutes_sent" | "ended" | "held") => {
                    match time::parse(t, cx.config.timezone) {
                        Ok(i) => json!(iso(i, cx.config.timezone)),
                        Err(_) => json!(t),
                    }
                }
                (Some(Kind::Progress), _) => t.trim().parse::<u64>().map_or_else(|_| json!(t), |n| json!(n)),
                (Some(Kind::Outcome), _) | (_, "outcome") => json!(canonical(&lex.outcome, t)),
                (Some(Kind::Classification), _) => json!(canonical(&lex.classification, t)),
                (Some(Kind::Status), _) | (_, "status") => {
                    json!(cx.catalog.status(t).map_or_else(|| t.to_string(), |s| s.as_str().to_string()))
                }
                (Some(Kind::Priority), _) => {
                    json!(cx.catalog.priority(t).map_or_else(|| t.to_string(), |p| p.as_str().to_string()))
                }
                (_, "decision") => json!(canonical(&lex.decision, t)),
                (Some(Kind::Person), _) | (_, "by") => json!(cx.config.people.canonical(t)),
                _ => json!(t),
            }
        }
        Yaml::Seq { items, .. } => {
            // A list field's items are of its kind; lists of mappings
            // (acks, approvals, attachments) carry their own keys.
            let inner = match kind {
                Some(Kind::List) | None => None,
                k => k,
            };
            Value::Array(items.iter().map(|n| value(n, inner, key, cx)).collect())
        }
        Yaml::Map { entries, .. } => {
            let mut m = Map::new();
            for e in entries {
                let k = e.key.as_str();
                let inner = match (kind, k) {
                    (Some(Kind::Confirmation), "kind") => {
                        m.insert(
                            k.to_string(),
                            e.value.as_str().map_or(Value::Null, |t| json!(canonical(&lex.confirmation, t))),
                        );
                        continue;
                    }
                    _ => None,
                };
                m.insert(k.to_string(), value(&e.value, inner, k, cx));
            }
            Value::Object(m)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_carry_their_offset_and_aliases_become_canonical() {
        let t = time::parse("2026-11-20 18:00", chrono_tz::Asia::Shanghai).unwrap();
        assert_eq!(iso(t, chrono_tz::Asia::Shanghai), "2026-11-20T18:00:00+08:00");
        assert_eq!(iso(t, chrono_tz::UTC), "2026-11-20T10:00:00+00:00");
        let mut map = BTreeMap::new();
        map.insert("achieved".to_string(), vec!["达成".to_string()]);
        assert_eq!(canonical(&map, " 达成 "), "achieved");
        assert_eq!(canonical(&map, "Achieved"), "achieved");
        assert_eq!(canonical(&map, "部分"), "部分");
        assert_eq!(hours(t, Instant(t.0 + chrono::TimeDelta::minutes(90))), 1.5);
    }
}

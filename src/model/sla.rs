//! Response time and SLAs (时效, seeds 000/002): how soon a record must get
//! its first substantive reply (`respond_within`, judged on `responded`)
//! and be solved (`resolve_within`, judged on `deadline` and `closed`),
//! from `sla` in comms.yaml:
//!
//! ```yaml
//! sla:
//!   external: { respond_within: 24h, resolve_within: 48h }
//!   default: { resolve_within: 5wd }
//!   channels: { CRM工单: { respond_within: 4h } }
//! ```
//!
//! Each window of a record comes from its `channel`'s entry under
//! `channels`, else its type's entry, else `default` — key by key, so a
//! channel that sets only `respond_within` keeps the type's
//! `resolve_within`. A channel of the registry (`channels`, see
//! [`crate::model::channels`]) with `respond_within` is an entry of
//! `channels` here (the configuration puts it there). Pure logic; the
//! rules in [`crate::check::rules`] word
//! the findings and [`crate::report::metrics`] counts them.

use std::collections::BTreeMap;
use std::fmt;

use chrono_tz::Tz;
use serde::Deserialize;
use serde::de::{MapAccess, Visitor};

use crate::model::time::Instant;
use crate::model::workdays::{Calendar, Span};

/// The key of `sla` for types without their own entry.
pub const DEFAULT: &str = "default";

/// The key of `sla` holding the per-channel entries.
pub const CHANNELS: &str = "channels";

/// The windows of one entry of `sla`; either may be left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Windows {
    pub respond_within: Option<Span>,
    pub resolve_within: Option<Span>,
}

impl Windows {
    /// These windows, each missing one taken from `other`.
    fn or(self, other: Option<&Windows>) -> Windows {
        let o = other.copied().unwrap_or_default();
        Windows {
            respond_within: self.respond_within.or(o.respond_within),
            resolve_within: self.resolve_within.or(o.resolve_within),
        }
    }
}

/// `sla` of comms.yaml: entries by type name (canonical after
/// [`crate::model::config::Config::check_types`]) and `default`, and by channel.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sla {
    pub types: BTreeMap<String, Windows>,
    pub channels: BTreeMap<String, Windows>,
}

impl Sla {
    pub fn is_empty(&self) -> bool {
        self.types.is_empty() && self.channels.is_empty()
    }

    /// The windows of a record of type `ty` (canonical name) that came in
    /// by `channel`: the channel's entry (matched ignoring ASCII case and
    /// spaces at either end), else the type's, else `default`, key by key.
    pub fn windows(&self, ty: &str, channel: Option<&str>) -> Windows {
        let ch = channel
            .map(str::trim)
            .filter(|c| !c.is_empty())
            .and_then(|c| self.channels.iter().find(|(k, _)| k.trim().eq_ignore_ascii_case(c)).map(|(_, w)| *w));
        ch.unwrap_or_default().or(self.types.get(ty)).or(self.types.get(DEFAULT))
    }
}

impl<'de> Deserialize<'de> for Sla {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Sla, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Sla;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str(
                    "record types (or `default`, `channels`), each with `respond_within` and/or `resolve_within`",
                )
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sla, A::Error> {
                let mut sla = Sla::default();
                while let Some(key) = map.next_key::<String>()? {
                    if key == CHANNELS {
                        sla.channels = map.next_value()?;
                    } else {
                        let w: Windows = map.next_value()?;
                        sla.types.insert(key, w);
                    }
                }
                Ok(sla)
            }
        }
        d.deserialize_map(V)
    }
}

/// When a window of `span` from `created` closes (working days by the
/// calendar); `None` past the end of time.
pub fn due(created: Instant, span: Span, calendar: &Calendar, tz: Tz) -> Option<Instant> {
    span.after(created, calendar, tz)
}

/// Now, and the calendar and timezone windows are counted in.
#[derive(Clone, Copy, Debug)]
pub struct Clock<'a> {
    pub now: Instant,
    pub calendar: &'a Calendar,
    pub tz: Tz,
}

/// How a record fares against a window: met it, missed it, or not to be
/// judged (yet).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Verdict {
    Within,
    Missed,
}

/// The first-response verdict: `responded` by the window's end is within
/// it; after it, or open without a response once it has passed, missed.
/// `None` for records not judged (no window, no `created`, closed without
/// a response, or open with the window still running).
pub fn response(
    created: Option<Instant>,
    responded: Option<Instant>,
    open: bool,
    within: Option<Span>,
    clock: Clock,
) -> Option<Verdict> {
    let due = due(created?, within?, clock.calendar, clock.tz)?;
    match responded {
        Some(r) => Some(if r <= due { Verdict::Within } else { Verdict::Missed }),
        None => (open && clock.now > due).then_some(Verdict::Missed),
    }
}

/// The resolution verdict: a done record `closed` by the window's end is
/// within it, after it missed; an open record past the window has missed
/// it. `None` otherwise (no window, no `created`, done without `closed`,
/// cancelled, or open with the window running).
pub fn resolution(
    created: Option<Instant>,
    closed: Option<Instant>,
    done: bool,
    open: bool,
    within: Option<Span>,
    clock: Clock,
) -> Option<Verdict> {
    let due = due(created?, within?, clock.calendar, clock.tz)?;
    if done {
        return closed.map(|c| if c <= due { Verdict::Within } else { Verdict::Missed });
    }
    (open && clock.now > due).then_some(Verdict::Missed)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    fn t(s: &str) -> Instant {
        crate::model::time::parse(s, SH).unwrap()
    }

    fn span(s: &str) -> Span {
        Span::parse(s).unwrap()
    }

    fn sla() -> Sla {
        let w = |r: Option<&str>, s: Option<&str>| Windows { respond_within: r.map(span), resolve_within: s.map(span) };
        Sla {
            types: [
                ("external".to_string(), w(Some("24h"), Some("48h"))),
                (DEFAULT.to_string(), w(Some("2wd"), Some("5wd"))),
            ]
            .into_iter()
            .collect(),
            channels: [("CRM工单".to_string(), w(Some("4h"), None))].into_iter().collect(),
        }
    }

    #[test]
    fn channel_then_type_then_default_key_by_key() {
        let s = sla();
        let w = s.windows("external", Some(" crm工单 "));
        assert_eq!((w.respond_within, w.resolve_within), (Some(span("4h")), Some(span("48h"))));
        let w = s.windows("external", Some("电话"));
        assert_eq!((w.respond_within, w.resolve_within), (Some(span("24h")), Some(span("48h"))));
        let w = s.windows("notice", None);
        assert_eq!((w.respond_within, w.resolve_within), (Some(span("2wd")), Some(span("5wd"))));
        let w = s.windows("notice", Some("CRM工单"));
        assert_eq!((w.respond_within, w.resolve_within), (Some(span("4h")), Some(span("5wd"))));
        assert_eq!(Sla::default().windows("external", Some("CRM工单")), Windows::default());
    }

    #[test]
    fn verdicts() {
        let cal = Calendar::default();
        let created = Some(t("2026-11-20 10:00"));
        let now = t("2026-11-22 09:00");
        let clock = Clock { now, calendar: &cal, tz: SH };
        let r =
            |responded: Option<&str>, open: bool| response(created, responded.map(t), open, Some(span("24h")), clock);
        assert_eq!(r(Some("2026-11-21 10:00"), true), Some(Verdict::Within));
        assert_eq!(r(Some("2026-11-21 10:01"), false), Some(Verdict::Missed));
        assert_eq!(r(None, true), Some(Verdict::Missed));
        assert_eq!(r(None, false), None);
        assert_eq!(response(created, None, true, Some(span("2d")), clock), None);
        assert_eq!(response(None, None, true, Some(span("1h")), clock), None);
        assert_eq!(response(created, None, true, None, clock), None);
        let s = |closed: Option<&str>, done: bool, open: bool| {
            resolution(created, closed.map(t), done, open, Some(span("48h")), clock)
        };
        assert_eq!(s(Some("2026-11-22 10:00"), true, false), Some(Verdict::Within));
        assert_eq!(s(Some("2026-11-22 10:01"), true, false), Some(Verdict::Missed));
        assert_eq!(s(None, true, false), None);
        assert_eq!(s(None, false, true), None, "the window is still running");
        assert_eq!(resolution(created, None, false, true, Some(span("1d")), clock), Some(Verdict::Missed));
        assert_eq!(s(None, false, false), None, "cancelled");
    }
}

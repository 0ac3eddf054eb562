//! Minutes on time (纪要时效, seed 004): a meeting's minutes go out within
//! the type's window after it was held — "沟通结束后2个工作日内".
//!
//! The window is the type's `deadline` rule (`within` after its `after`
//! field; built-in for `meeting`: `{within: 2wd, after: held}`), counted in
//! the repository's working calendar. A type has a minutes rule when it
//! declares the field `minutes_sent` and has a `deadline` rule. A record
//! whose `after` field has no readable time is not judged: `missing-field`,
//! `placeholder` or `bad-datetime` already says what to write.
//!
//! Pure logic over values already read; the rules in
//! [`crate::check::rules`] word the findings and [`crate::report::metrics`]
//! counts them.

use chrono_tz::Tz;

use crate::model::time::Instant;
use crate::model::types::{DeadlineRule, RecordType};
use crate::model::workdays::{Calendar, Span};

/// The field that says when the minutes were sent.
pub const SENT: &str = "minutes_sent";

/// The minutes rule of a type: its `deadline` rule, when the type declares
/// `minutes_sent`.
pub fn rule(ty: &RecordType) -> Option<&DeadlineRule> {
    ty.deadline.as_ref().filter(|_| ty.fields.contains_key(SENT))
}

/// What a record says about its minutes: when its window starts (the
/// time in the `after` field), how long it is, and when the minutes were
/// sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Minutes {
    pub start: Option<Instant>,
    #[serde(with = "crate::model::workdays::cached")]
    pub within: Span,
    pub sent: Option<Instant>,
}

/// How a record's minutes stand at a moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Judgement {
    /// Sent within the window.
    OnTime,
    /// Sent after the window's end, `due`.
    Late { due: Instant },
    /// Not sent, and the window ended at `due`, before now.
    NotSent { due: Instant },
    /// Not sent, and the window is still open (or has no start).
    Pending,
}

impl Minutes {
    /// The end of the window: `within` after `start`; `None` without a
    /// start or past the end of the calendar.
    pub fn due(&self, calendar: &Calendar, tz: Tz) -> Option<Instant> {
        self.within.after(self.start?, calendar, tz)
    }

    /// Where the minutes stand at `now`. Minutes sent at the very end of
    /// the window are on time. `None` when there is no window to judge by
    /// (no start, or past the end of the calendar).
    pub fn judge(&self, now: Instant, calendar: &Calendar, tz: Tz) -> Option<Judgement> {
        let due = self.due(calendar, tz)?;
        Some(match self.sent {
            Some(sent) if sent <= due => Judgement::OnTime,
            Some(_) => Judgement::Late { due },
            None if now > due => Judgement::NotSent { due },
            None => Judgement::Pending,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::time;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    fn t(s: &str) -> Instant {
        time::parse(s, SH).unwrap()
    }

    fn minutes(held: &str, sent: Option<&str>) -> Minutes {
        Minutes { start: Some(t(held)), within: Span::Workdays(2), sent: sent.map(t) }
    }

    #[test]
    fn two_working_days_after_a_friday_meeting_is_tuesday() {
        let cal = Calendar::default();
        // 2026-11-20 is a Friday.
        let m = minutes("2026-11-20 15:00", None);
        assert_eq!(m.due(&cal, SH), Some(t("2026-11-24 15:00")));
        let now = t("2026-11-24 15:00");
        assert_eq!(m.judge(now, &cal, SH), Some(Judgement::Pending));
        let later = t("2026-11-24 15:01");
        assert_eq!(m.judge(later, &cal, SH), Some(Judgement::NotSent { due: t("2026-11-24 15:00") }));
    }

    #[test]
    fn sent_at_the_end_of_the_window_is_on_time_a_minute_later_is_late() {
        let cal = Calendar::default();
        let now = t("2026-12-31 00:00");
        let on_time = minutes("2026-11-20 15:00", Some("2026-11-24 15:00"));
        assert_eq!(on_time.judge(now, &cal, SH), Some(Judgement::OnTime));
        let late = minutes("2026-11-20 15:00", Some("2026-11-24 15:01"));
        assert_eq!(late.judge(now, &cal, SH), Some(Judgement::Late { due: t("2026-11-24 15:00") }));
    }

    #[test]
    fn a_holiday_moves_the_window_and_no_start_is_not_judged() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let cal = Calendar::new(&[chrono::Weekday::Sat, chrono::Weekday::Sun], [day], []);
        let m = minutes("2026-11-20 15:00", None);
        assert_eq!(m.due(&cal, SH), Some(t("2026-11-25 15:00")));
        let no_start = Minutes { start: None, ..m };
        assert_eq!(no_start.due(&cal, SH), None);
        assert_eq!(no_start.judge(t("2027-01-01 00:00"), &cal, SH), None);
    }

    #[test]
    fn only_types_declaring_minutes_sent_have_a_rule() {
        let catalog = crate::model::types::Catalog::builtin().unwrap();
        let meeting = catalog.get("meeting").unwrap();
        let r = rule(meeting).unwrap();
        assert_eq!((r.within, r.after()), (Span::Workdays(2), "held"));
        assert!(rule(catalog.get("urgent").unwrap()).is_none());
    }
}

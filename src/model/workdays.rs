//! Working days (工作日): the repository's calendar, and time spans that
//! count in it.
//!
//! The seeds measure some deadlines in working days — meeting minutes go out
//! "沟通结束后2个工作日内" — and a Chinese working calendar is not just
//! Monday to Friday: public holidays (法定节假日) take weekdays off, and
//! make-up working days (调休上班) put a Saturday or Sunday back to work.
//! `comms.yaml` lists both under `workdays:`; this module is the arithmetic.
//!
//! A day is a working day when it is listed as an extra working day, or
//! else when it is neither a weekend day nor a holiday.
//!
//! Adding N working days to a moment keeps its time of day and moves its
//! date to the Nth working day after it: a meeting held on Friday at 15:00,
//! plus 2 working days, is Tuesday 15:00. A start on a weekend or holiday
//! counts the same way (the first working day after it is day 1), so
//! Saturday 10:00 plus 1 working day is Monday 10:00. Dates are the
//! repository timezone's; a time of day the clocks skip on that date (a
//! daylight-saving gap) moves forward to the first one that exists.
//!
//! Pure functions over dates and instants: no files, no terminal.

use std::collections::BTreeSet;
use std::fmt;

use chrono::{Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Weekday};
use chrono_tz::Tz;

use crate::model::time::Instant;

/// The most working days a span may count: a few years of them.
pub const MAX_WORKDAYS: u32 = 1000;

/// The longest range of dates one `holidays` entry may cover.
pub const MAX_RANGE_DAYS: i64 = 366;

/// Which days are worked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Calendar {
    /// Indexed by `Weekday::num_days_from_monday`.
    weekend: [bool; 7],
    holidays: BTreeSet<NaiveDate>,
    extra: BTreeSet<NaiveDate>,
}

impl Default for Calendar {
    /// Saturday and Sunday off, no holidays.
    fn default() -> Self {
        Calendar::new(&[Weekday::Sat, Weekday::Sun], [], [])
    }
}

impl Calendar {
    pub fn new(
        weekend: &[Weekday],
        holidays: impl IntoIterator<Item = NaiveDate>,
        extra_workdays: impl IntoIterator<Item = NaiveDate>,
    ) -> Calendar {
        let mut days = [false; 7];
        for d in weekend {
            days[d.num_days_from_monday() as usize] = true;
        }
        Calendar {
            weekend: days,
            holidays: holidays.into_iter().collect(),
            extra: extra_workdays.into_iter().collect(),
        }
    }

    /// Whether `day` is a weekend day of this calendar (holidays aside).
    pub fn is_weekend(&self, day: NaiveDate) -> bool {
        self.weekend[day.weekday().num_days_from_monday() as usize]
    }

    pub fn is_holiday(&self, day: NaiveDate) -> bool {
        self.holidays.contains(&day)
    }

    /// An extra working day (调休上班) or a weekday that is not a holiday.
    pub fn is_workday(&self, day: NaiveDate) -> bool {
        self.extra.contains(&day) || !(self.is_weekend(day) || self.is_holiday(day))
    }

    /// Whether any day at all is worked: not every weekday is weekend, or
    /// some extra working day is listed.
    pub fn has_workdays(&self) -> bool {
        self.weekend.iter().any(|w| !w) || !self.extra.is_empty()
    }

    /// The Nth working day after `day` (`n` = 0 is `day` itself), or `None`
    /// past the end of the calendar or when no day is worked.
    pub fn nth_workday_after(&self, day: NaiveDate, n: u32) -> Option<NaiveDate> {
        if n == 0 {
            return Some(day);
        }
        if self.weekend.iter().all(|w| *w) {
            // Only the listed extra days are worked.
            return self.extra.range(day.succ_opt()?..).nth(n as usize - 1).copied();
        }
        let mut d = day;
        let mut left = n;
        while left > 0 {
            d = d.succ_opt()?;
            if self.is_workday(d) {
                left -= 1;
            }
        }
        Some(d)
    }

    /// `start` plus `n` working days in `tz`: the same time of day on the
    /// Nth working day after the start's date.
    pub fn add_workdays(&self, start: Instant, n: u32, tz: Tz) -> Option<Instant> {
        if n == 0 {
            return Some(start);
        }
        let local = start.0.with_timezone(&tz).naive_local();
        let day = self.nth_workday_after(local.date(), n)?;
        resolve(day.and_time(local.time()), tz)
    }

    /// The working days after `from` up to and including `to`; negative
    /// when `to` is before `from`. Friday to the next Monday is 1.
    pub fn workdays_between(&self, from: NaiveDate, to: NaiveDate) -> i64 {
        if to < from {
            return -self.workdays_between(to, from);
        }
        from.iter_days().skip(1).take_while(|d| *d <= to).filter(|d| self.is_workday(*d)).count() as i64
    }
}

/// A local time in `tz`; in an overlap the earlier moment, in a gap the
/// first time after it that exists.
fn resolve(naive: NaiveDateTime, tz: Tz) -> Option<Instant> {
    let mut t = naive;
    for _ in 0..8 {
        match tz.from_local_datetime(&t) {
            LocalResult::Single(dt) => return Some(Instant(dt.to_utc())),
            LocalResult::Ambiguous(a, _) => return Some(Instant(a.to_utc())),
            LocalResult::None => t = t.checked_add_signed(Duration::minutes(30))?,
        }
    }
    None
}

/// A span of time as users write it: a duration (`4h`, `2d`, `1d12h`,
/// `30m`, `1w`) or a number of working days (`2wd`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Span {
    Fixed(Duration),
    Workdays(u32),
}

/// A span in the record cache (`#[serde(with = "workdays::cached")]`): a
/// duration as seconds and nanoseconds, working days as a count. (Its
/// own `Deserialize` reads the text `comms.yaml` writes.)
pub mod cached {
    use super::{Duration, Span};
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize)]
    enum Repr {
        Fixed(i64, i32),
        Workdays(u32),
    }

    pub fn serialize<S: serde::Serializer>(span: &Span, s: S) -> Result<S::Ok, S::Error> {
        match *span {
            Span::Fixed(d) => Repr::Fixed(d.num_seconds(), d.subsec_nanos()),
            Span::Workdays(n) => Repr::Workdays(n),
        }
        .serialize(s)
    }

    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        match Repr::deserialize(d)? {
            Repr::Fixed(secs, nanos) => Duration::try_seconds(secs)
                .and_then(|d| d.checked_add(&Duration::nanoseconds(i64::from(nanos))))
                .map(Span::Fixed)
                .ok_or_else(|| serde::de::Error::custom("a duration out of range")),
            Repr::Workdays(n) => Ok(Span::Workdays(n)),
        }
    }
}

impl Span {
    pub fn parse(text: &str) -> Result<Span, String> {
        let t = text.trim();
        if let Some(num) = t.strip_suffix("wd")
            && !num.is_empty()
            && num.bytes().all(|b| b.is_ascii_digit())
        {
            return match num.parse::<u32>() {
                Ok(n) if n <= MAX_WORKDAYS => Ok(Span::Workdays(n)),
                _ => Err(format!("`{t}` is too many working days; write at most `{MAX_WORKDAYS}wd`")),
            };
        }
        crate::model::time::parse_duration(t)
            .map(Span::Fixed)
            .map_err(|e| format!("{e}, or working days such as `2wd`"))
    }

    /// `start` plus this span; `None` when the result is past the end of time.
    pub fn after(self, start: Instant, calendar: &Calendar, tz: Tz) -> Option<Instant> {
        match self {
            Span::Fixed(d) => start.0.checked_add_signed(d).map(Instant),
            Span::Workdays(n) => calendar.add_workdays(start, n, tz),
        }
    }

    /// Surely shorter than `other`: both durations, or both working days
    /// (a duration and a number of working days do not compare).
    pub fn shorter_than(self, other: Span) -> bool {
        match (self, other) {
            (Span::Fixed(a), Span::Fixed(b)) => a < b,
            (Span::Workdays(a), Span::Workdays(b)) => a < b,
            _ => false,
        }
    }

    /// Zero: `0h`, `0wd`.
    pub fn is_zero(self) -> bool {
        matches!(self, Span::Fixed(d) if d.is_zero()) || self == Span::Workdays(0)
    }
}

impl fmt::Display for Span {
    /// The canonical spelling: `2wd`, `1d12h`, `30m`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Span::Workdays(n) => write!(f, "{n}wd"),
            Span::Fixed(d) => {
                let mins = d.num_minutes();
                let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
                let mut s = String::new();
                for (n, unit) in [(days, 'd'), (hours, 'h'), (m, 'm')] {
                    if n != 0 {
                        s.push_str(&format!("{n}{unit}"));
                    }
                }
                if s.is_empty() {
                    s.push_str("0h");
                }
                f.write_str(&s)
            }
        }
    }
}

impl TryFrom<String> for Span {
    type Error = String;

    fn try_from(s: String) -> Result<Span, String> {
        Span::parse(&s)
    }
}

impl<'de> serde::Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Span, D::Error> {
        let s = String::deserialize(d)?;
        Span::parse(&s).map_err(|m| serde::de::Error::custom(format!("{m}; or working days, e.g. `2wd`")))
    }
}

/// A day of the week as `comms.yaml` writes it: `sat`, `saturday`, `周六`,
/// `星期六`, `星期天`.
pub fn parse_weekday(text: &str) -> Option<Weekday> {
    let t = text.trim().to_lowercase();
    let zh = t.strip_prefix("周").or_else(|| t.strip_prefix("星期"));
    if let Some(rest) = zh {
        return match rest {
            "一" => Some(Weekday::Mon),
            "二" => Some(Weekday::Tue),
            "三" => Some(Weekday::Wed),
            "四" => Some(Weekday::Thu),
            "五" => Some(Weekday::Fri),
            "六" => Some(Weekday::Sat),
            "日" | "天" => Some(Weekday::Sun),
            _ => None,
        };
    }
    t.parse::<Weekday>().ok()
}

/// One entry of `holidays` or `extra_workdays`: `2026-10-01`, or an
/// inclusive range `2026-10-01..2026-10-07`. Returns the first and last day.
pub fn parse_dates(text: &str) -> Result<(NaiveDate, NaiveDate), String> {
    let t = text.trim();
    let date = |s: &str| {
        NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d")
            .ok()
            .filter(|_| s.trim().len() == 10)
            .ok_or_else(|| format!("`{}` is not a date; write YYYY-MM-DD, or a range YYYY-MM-DD..YYYY-MM-DD", s.trim()))
    };
    match t.split_once("..") {
        None => date(t).map(|d| (d, d)),
        Some((a, b)) => {
            let (from, to) = (date(a)?, date(b)?);
            if to < from {
                return Err(format!("the range `{t}` ends before it starts"));
            }
            if (to - from).num_days() >= MAX_RANGE_DAYS {
                return Err(format!("the range `{t}` is longer than a year; list one year's days at a time"));
            }
            Ok((from, to))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn days(from: &str, to: &str) -> Vec<NaiveDate> {
        d(from).iter_days().take_while(|x| *x <= d(to)).collect()
    }

    fn at(s: &str, tz: Tz) -> Instant {
        crate::model::time::parse(s, tz).unwrap()
    }

    /// The 2026 national-day week: 10-01..10-07 off, Saturday 10-10 worked.
    fn china_2026() -> Calendar {
        let mut holidays = days("2026-10-01", "2026-10-07");
        holidays.extend(days("2026-02-15", "2026-02-23"));
        holidays.push(d("2027-01-01"));
        Calendar::new(
            &[Weekday::Sat, Weekday::Sun],
            holidays,
            [d("2026-09-20"), d("2026-10-10"), d("2026-02-14"), d("2026-02-28")],
        )
    }

    #[test]
    fn weekends_holidays_and_make_up_days() {
        let c = china_2026();
        assert!(c.is_workday(d("2026-09-30")), "a Wednesday");
        assert!(!c.is_workday(d("2026-10-01")), "a holiday on a Thursday");
        assert!(!c.is_workday(d("2026-10-03")), "a holiday on a Saturday");
        assert!(c.is_workday(d("2026-10-10")), "a make-up Saturday (调休上班)");
        assert!(c.is_workday(d("2026-09-20")), "a make-up Sunday");
        assert!(!c.is_workday(d("2026-10-11")), "an ordinary Sunday");
        let plain = Calendar::default();
        assert!(plain.is_workday(d("2026-10-01")) && !plain.is_workday(d("2026-10-10")));
    }

    #[test]
    fn adding_working_days_keeps_the_time_of_day() {
        let c = Calendar::default();
        // Friday 15:00 + 2 working days: Tuesday 15:00.
        assert_eq!(c.add_workdays(at("2026-11-20 15:00", SH), 2, SH).unwrap().display(SH), "2026-11-24 15:00");
        // From a Saturday, Monday is day 1.
        assert_eq!(c.add_workdays(at("2026-11-21 10:00", SH), 1, SH).unwrap().display(SH), "2026-11-23 10:00");
        assert_eq!(c.add_workdays(at("2026-11-21 10:00", SH), 0, SH).unwrap().display(SH), "2026-11-21 10:00");
    }

    #[test]
    fn adding_across_a_holiday_and_a_make_up_day() {
        let c = china_2026();
        // Wednesday 09-30 + 1: the holiday week is skipped, Thursday 10-08.
        assert_eq!(c.add_workdays(at("2026-09-30 16:00", SH), 1, SH).unwrap().display(SH), "2026-10-08 16:00");
        // Friday 10-09 + 1: the make-up Saturday 10-10.
        assert_eq!(c.add_workdays(at("2026-10-09 16:00", SH), 1, SH).unwrap().display(SH), "2026-10-10 16:00");
        // Starting on a holiday: 10-03 + 2 = 10-08, 10-09.
        assert_eq!(c.add_workdays(at("2026-10-03 11:00", SH), 2, SH).unwrap().display(SH), "2026-10-09 11:00");
        // Spring festival: Friday 02-13 + 1 is the make-up Saturday 02-14; + 2 is 02-24.
        assert_eq!(c.add_workdays(at("2026-02-13 09:00", SH), 1, SH).unwrap().display(SH), "2026-02-14 09:00");
        assert_eq!(c.add_workdays(at("2026-02-13 09:00", SH), 2, SH).unwrap().display(SH), "2026-02-24 09:00");
    }

    #[test]
    fn across_the_year_boundary() {
        let c = china_2026();
        // Thursday 2026-12-31 + 1: 2027-01-01 is a holiday, then a weekend: Monday 01-04.
        assert_eq!(c.add_workdays(at("2026-12-31 18:00", SH), 1, SH).unwrap().display(SH), "2027-01-04 18:00");
        assert_eq!(c.workdays_between(d("2026-12-31"), d("2027-01-04")), 1);
    }

    #[test]
    fn counting_working_days_between_dates() {
        let c = china_2026();
        assert_eq!(c.workdays_between(d("2026-11-20"), d("2026-11-23")), 1, "Friday to Monday");
        assert_eq!(c.workdays_between(d("2026-11-23"), d("2026-11-20")), -1);
        assert_eq!(c.workdays_between(d("2026-11-20"), d("2026-11-20")), 0);
        // 09-30 to 10-10: only the make-up Saturday 10-10 and 10-08, 10-09.
        assert_eq!(c.workdays_between(d("2026-09-30"), d("2026-10-10")), 3);
        for n in 0..30 {
            let start = at("2026-09-15 10:00", SH);
            let end = c.add_workdays(start, n, SH).unwrap();
            let (a, b) = (start.0.with_timezone(&SH).date_naive(), end.0.with_timezone(&SH).date_naive());
            assert_eq!(c.workdays_between(a, b), n as i64, "n = {n}");
        }
    }

    #[test]
    fn in_a_zone_with_daylight_saving() {
        let ny = chrono_tz::America::New_York;
        let c = Calendar::default();
        // Friday 2026-03-06 09:00 EST + 1 working day: Monday 03-09 09:00 EDT,
        // the same wall-clock time though the offset changed on Sunday.
        let end = c.add_workdays(at("2026-03-06 09:00", ny), 1, ny).unwrap();
        assert_eq!(end.display(ny), "2026-03-09 09:00");
        assert_eq!(end.0 - at("2026-03-06 09:00", ny).0, Duration::hours(71));
        // A time of day the clocks skip on the target date moves forward.
        let c = Calendar::new(&[], [], []);
        let end = c.add_workdays(at("2026-03-07 02:30", ny), 1, ny).unwrap();
        assert_eq!(end.display(ny), "2026-03-08 03:00");
    }

    #[test]
    fn no_working_day_at_all() {
        let all = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
        let none = Calendar::new(&all, [], []);
        assert!(!none.has_workdays());
        assert_eq!(none.add_workdays(at("2026-11-20 15:00", SH), 1, SH), None);
        let only_extra = Calendar::new(&all, [], [d("2026-11-25")]);
        assert_eq!(only_extra.add_workdays(at("2026-11-20 15:00", SH), 1, SH).unwrap().display(SH), "2026-11-25 15:00");
    }

    #[test]
    fn spans() {
        assert_eq!(Span::parse("2wd"), Ok(Span::Workdays(2)));
        assert_eq!(Span::parse(" 4h "), Ok(Span::Fixed(Duration::hours(4))));
        assert_eq!(Span::parse("1d12h").unwrap().to_string(), "1d12h");
        assert_eq!(Span::parse("1w"), Ok(Span::Fixed(Duration::weeks(1))));
        assert_eq!(Span::parse("2w1d").unwrap().to_string(), "15d");
        assert_eq!(Span::parse("0h").unwrap().to_string(), "0h");
        assert!(Span::parse("0h").unwrap().is_zero() && Span::parse("0wd").unwrap().is_zero());
        assert!(Span::parse("1001wd").unwrap_err().contains("too many"));
        assert!(Span::parse("99999999999wd").unwrap_err().contains("too many"));
        assert!(Span::parse("wd").is_err());
        assert!(Span::parse("2x").unwrap_err().contains("unknown unit"));
        let c = china_2026();
        let start = at("2026-09-30 16:00", SH);
        assert_eq!(Span::Workdays(1).after(start, &c, SH).unwrap().display(SH), "2026-10-08 16:00");
        assert_eq!(Span::Fixed(Duration::days(1)).after(start, &c, SH).unwrap().display(SH), "2026-10-01 16:00");
    }

    #[test]
    fn weekday_and_date_spellings() {
        assert_eq!(parse_weekday("sat"), Some(Weekday::Sat));
        assert_eq!(parse_weekday("Sunday"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("周六"), Some(Weekday::Sat));
        assert_eq!(parse_weekday("星期天"), Some(Weekday::Sun));
        assert_eq!(parse_weekday("sabado"), None);
        assert_eq!(parse_dates("2026-10-01"), Ok((d("2026-10-01"), d("2026-10-01"))));
        assert_eq!(parse_dates("2026-10-01..2026-10-07"), Ok((d("2026-10-01"), d("2026-10-07"))));
        assert!(parse_dates("2026-10-07..2026-10-01").unwrap_err().contains("ends before it starts"));
        assert!(parse_dates("2026-02-30").unwrap_err().contains("not a date"));
        assert!(parse_dates("2026-1-1").unwrap_err().contains("not a date"));
        assert!(parse_dates("2026-01-01..2027-06-01").unwrap_err().contains("longer than a year"));
    }
}

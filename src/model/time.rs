//! Datetimes as records write them, and durations as users type them.
//!
//! A record's datetime is exact: `YYYY-MM-DD HH:MM` (24 h), optionally
//! followed by a UTC offset ` +08:00`. Without an offset it is in the
//! repository's timezone. Everything else is refused with a reason and, when
//! we can tell what was meant, the canonical spelling to write instead.

use std::fmt;

use chrono::{DateTime, Datelike, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use chrono_tz::Tz;

/// The canonical datetime format.
pub const FORMAT: &str = "%Y-%m-%d %H:%M";

/// The years a datetime, `--now` and `--year` may name: four digits.
pub const YEARS: std::ops::RangeInclusive<i32> = 1000..=9999;

/// Why a datetime text is not exact.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DateError {
    /// A date without a time, e.g. `2026-11-23`. `suggest` adds an end-of-day time.
    DateOnly { suggest: String },
    /// Readable but not canonical, e.g. `2026/11/23 17:00`; `suggest` is the canonical form.
    NotCanonical { suggest: String },
    /// Looks like a datetime but names no real moment: `2026-02-30 10:00`, `25:00`.
    Impossible { reason: String },
    /// The local time does not exist in the timezone (a daylight-saving gap).
    Gap { tz: String },
    /// Not a datetime at all.
    Unreadable,
}

impl fmt::Display for DateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateError::DateOnly { .. } => write!(f, "has a date but no time"),
            DateError::NotCanonical { .. } => write!(f, "is not written as YYYY-MM-DD HH:MM"),
            DateError::Impossible { reason } => write!(f, "is not a real time ({reason})"),
            DateError::Gap { tz } => write!(f, "does not exist in {tz} (the clocks skip it)"),
            DateError::Unreadable => write!(f, "is not a datetime"),
        }
    }
}

/// A parsed exact datetime.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub DateTime<Utc>);

/// In the record cache (`store::cache`): seconds and nanoseconds since
/// 1970, exact for every instant chrono holds.
impl serde::Serialize for Instant {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&(self.0.timestamp(), self.0.timestamp_subsec_nanos()), s)
    }
}

impl<'de> serde::Deserialize<'de> for Instant {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let (secs, nanos): (i64, u32) = serde::Deserialize::deserialize(d)?;
        DateTime::from_timestamp(secs, nanos)
            .map(Instant)
            .ok_or_else(|| serde::de::Error::custom("an instant out of range"))
    }
}

impl Instant {
    /// The canonical text of this instant in `tz`.
    pub fn display(&self, tz: Tz) -> String {
        self.0.with_timezone(&tz).format(FORMAT).to_string()
    }

    pub fn timestamp(&self) -> i64 {
        self.0.timestamp()
    }
}

/// Parses an exact datetime; naive times are in `tz`.
pub fn parse(text: &str, tz: Tz) -> Result<Instant, DateError> {
    let t = text.trim();
    let (main, offset) = split_offset(t);
    if let Some(naive) = parse_canonical(main)? {
        return match offset {
            Some(off) => {
                let fixed = parse_offset(off).ok_or(DateError::Unreadable)?;
                match fixed.from_local_datetime(&naive) {
                    LocalResult::Single(dt) => Ok(Instant(dt.with_timezone(&Utc))),
                    _ => Err(DateError::Unreadable),
                }
            }
            None => local(naive, tz),
        };
    }
    Err(diagnose(t))
}

/// Converts a local time in `tz` to an instant; in a daylight-saving overlap
/// the earlier of the two moments is taken.
pub fn local(naive: NaiveDateTime, tz: Tz) -> Result<Instant, DateError> {
    match tz.from_local_datetime(&naive) {
        LocalResult::Single(dt) => Ok(Instant(dt.with_timezone(&Utc))),
        LocalResult::Ambiguous(a, _) => Ok(Instant(a.with_timezone(&Utc))),
        LocalResult::None => Err(DateError::Gap { tz: tz.name().to_string() }),
    }
}

/// ` +08:00` at the end, if any.
fn split_offset(t: &str) -> (&str, Option<&str>) {
    if let Some(i) = t.rfind([' ']) {
        let tail = &t[i + 1..];
        if tail.starts_with(['+', '-']) && tail.len() == 6 && tail.as_bytes()[3] == b':' {
            return (&t[..i], Some(tail));
        }
    }
    (t, None)
}

fn parse_offset(s: &str) -> Option<FixedOffset> {
    let sign = if s.starts_with('-') { -1 } else { 1 };
    let h: i32 = s.get(1..3)?.parse().ok()?;
    let m: i32 = s.get(4..6)?.parse().ok()?;
    if h > 23 || m > 59 {
        return None;
    }
    FixedOffset::east_opt(sign * (h * 3600 + m * 60))
}

/// `Ok(Some)` for the exact canonical shape, `Ok(None)` when the shape is
/// different, `Err` when the shape is right but the values are impossible.
fn parse_canonical(s: &str) -> Result<Option<NaiveDateTime>, DateError> {
    if !canonical_shape(s) {
        return Ok(None);
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    build(num(0..4) as i32, num(5..7), num(8..10), num(11..13), num(14..16)).map(Some)
}

/// Whether `s` has the exact shape `YYYY-MM-DD HH:MM` (digits, not
/// checked as a date): the only shape [`parse`] reads without an offset.
#[inline]
pub fn canonical_shape(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 16
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            10 => *c == b' ',
            13 => *c == b':',
            _ => c.is_ascii_digit(),
        })
}

fn build(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> Result<NaiveDateTime, DateError> {
    if !YEARS.contains(&y) {
        return Err(DateError::Impossible {
            reason: format!("year {y:04} is outside {}–{}", YEARS.start(), YEARS.end()),
        });
    }
    let date = NaiveDate::from_ymd_opt(y, mo, d).ok_or_else(|| DateError::Impossible {
        reason: if (1..=12).contains(&mo) {
            format!("month {mo} has no day {d}")
        } else {
            format!("there is no month {mo}")
        },
    })?;
    let time = NaiveTime::from_hms_opt(h, mi, 0).ok_or_else(|| DateError::Impossible {
        reason: format!("{h:02}:{mi:02} is not a time of day; use 00:00 to 23:59"),
    })?;
    Ok(NaiveDateTime::new(date, time))
}

/// Works out what a non-canonical text meant, to suggest the canonical form.
fn diagnose(t: &str) -> DateError {
    // Pull the numbers out: 2026/11/23 17:00, 2026年11月23日 17时, 2026-11-23T17:00:00 …
    let nums: Vec<u32> = t
        .split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse::<u32>().unwrap_or(u32::MAX))
        .collect();
    let other = t.chars().any(|c| c.is_alphabetic() && !"年月日时点分秒T".contains(c) && !c.is_ascii_digit());
    if other || nums.is_empty() || nums[0] < 1000 || nums[0] > 9999 {
        return DateError::Unreadable;
    }
    match nums.len() {
        3 => match NaiveDate::from_ymd_opt(nums[0] as i32, nums[1], nums[2]) {
            Some(d) => DateError::DateOnly { suggest: format!("{} 18:00", d.format("%Y-%m-%d")) },
            None => DateError::Impossible { reason: format!("{t} is not a date") },
        },
        4..=6 => {
            let (h, mi) = (nums[3], nums.get(4).copied().unwrap_or(0));
            match build(nums[0] as i32, nums[1], nums[2], h, mi) {
                Ok(dt) => DateError::NotCanonical { suggest: dt.format(FORMAT).to_string() },
                Err(e) => e,
            }
        }
        _ => DateError::Unreadable,
    }
}

/// A clock: the real one, or a fixed "now" from `--now` / `COMMS_NOW`.
#[derive(Clone, Copy, Debug)]
pub struct Clock {
    now: Instant,
}

impl Clock {
    pub fn system() -> Clock {
        Clock { now: Instant(Utc::now()) }
    }

    pub fn fixed(now: Instant) -> Clock {
        Clock { now }
    }

    pub fn now(&self) -> Instant {
        self.now
    }
}

/// A span of time typed by a user: `2d`, `12h`, `1d12h`, `30m`, `1w`.
pub fn parse_duration(s: &str) -> Result<chrono::Duration, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("an empty duration; write e.g. `2d`, `12h` or `1d12h`".into());
    }
    let mut total = chrono::Duration::zero();
    let mut num = String::new();
    let mut any = false;
    for c in t.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: i64 = num.parse().map_err(|_| format!("`{s}` is not a duration; write e.g. `2d`, `12h` or `1d12h`"))?;
        num.clear();
        let unit = match c {
            'w' => chrono::Duration::try_weeks(n),
            'd' => chrono::Duration::try_days(n),
            'h' => chrono::Duration::try_hours(n),
            'm' => chrono::Duration::try_minutes(n),
            _ => return Err(format!("`{s}` has an unknown unit `{c}`; use w, d, h or m (e.g. `2d`, `12h`)")),
        };
        let too_long = || format!("`{s}` is too long a time; write at most a few years, e.g. `52w`");
        total = unit.and_then(|u| total.checked_add(&u)).ok_or_else(too_long)?;
        any = true;
    }
    if !num.is_empty() || !any {
        return Err(format!(
            "`{s}` needs a unit; write e.g. `{s}d` or `{s}h`",
            s = t.trim_end_matches(|c: char| !c.is_ascii_digit())
        ));
    }
    Ok(total)
}

/// "3d 4h", "5h 20m", "12m": how long, for humans, at most two units.
pub fn human_duration(d: chrono::Duration) -> String {
    let mins = d.num_minutes().abs();
    let (days, hours, m) = (mins / 1440, (mins % 1440) / 60, mins % 60);
    match (days, hours) {
        (0, 0) => format!("{m}m"),
        (0, h) if m == 0 => format!("{h}h"),
        (0, h) => format!("{h}h {m}m"),
        (d, 0) => format!("{d}d"),
        (d, h) => format!("{d}d {h}h"),
    }
}

/// The year and quarter (1–4) of `t` in `tz`.
pub fn year_quarter(t: Instant, tz: Tz) -> (i32, u32) {
    let d = t.0.with_timezone(&tz).date_naive();
    (d.year(), (d.month() - 1) / 3 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn canonical_and_offset_forms() {
        let a = parse("2026-11-23 17:00", SH).unwrap();
        assert_eq!(a.display(SH), "2026-11-23 17:00");
        assert_eq!(a.display(chrono_tz::UTC), "2026-11-23 09:00");
        let b = parse("2026-11-23 17:00 +08:00", chrono_tz::UTC).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn date_only_suggests_a_time() {
        assert_eq!(parse("2026-11-23", SH), Err(DateError::DateOnly { suggest: "2026-11-23 18:00".into() }));
    }

    #[test]
    fn other_spellings_get_the_canonical_suggestion() {
        for s in
            ["2026/11/23 17:00", "2026-11-23T17:00", "2026-11-23 17:00:00", "2026年11月23日 17:00", "2026-11-23 9:05"]
        {
            let e = parse(s, SH).unwrap_err();
            assert!(
                matches!(&e, DateError::NotCanonical { suggest } if suggest.starts_with("2026-11-23 ")),
                "{s}: {e:?}"
            );
        }
    }

    #[test]
    fn impossible_dates_and_times() {
        assert!(matches!(parse("2026-02-30 10:00", SH), Err(DateError::Impossible { .. })));
        assert!(matches!(parse("2026-13-01 10:00", SH), Err(DateError::Impossible { .. })));
        assert!(matches!(parse("2026-11-23 24:00", SH), Err(DateError::Impossible { .. })));
        assert_eq!(parse("尽快", SH), Err(DateError::Unreadable));
        assert_eq!(
            parse("0000-01-01 00:00", SH),
            Err(DateError::Impossible { reason: "year 0000 is outside 1000–9999".into() })
        );
        assert!(parse("0999-12-31 23:59", SH).is_err());
        assert!(parse("1000-01-01 00:00", SH).is_ok());
        assert_eq!(parse("ASAP", SH), Err(DateError::Unreadable));
    }

    #[test]
    fn daylight_saving_gap_is_refused() {
        let ny = chrono_tz::America::New_York;
        assert!(matches!(parse("2026-03-08 02:30", ny), Err(DateError::Gap { .. })));
        assert!(parse("2026-11-01 01:30", ny).is_ok());
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("2d").unwrap(), chrono::Duration::days(2));
        assert_eq!(parse_duration("1d12h").unwrap(), chrono::Duration::hours(36));
        assert!(parse_duration("2").unwrap_err().contains("unit"));
        assert!(parse_duration("2x").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("99999999999999w").unwrap_err().contains("too long"));
        assert!(parse_duration("15250284452w15250284452w").unwrap_err().contains("too long"));
        assert_eq!(human_duration(chrono::Duration::minutes(3 * 1440 + 4 * 60 + 5)), "3d 4h");
        assert_eq!(human_duration(chrono::Duration::minutes(320)), "5h 20m");
    }
}

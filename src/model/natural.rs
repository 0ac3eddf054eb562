//! Deadlines as people type them: `明天 17:00`, `后天 9:00`, `下周一 9:00`,
//! `周五 18:00`, `tomorrow 17:00`, `fri 18:00`, and spans from now (`+2wd`,
//! `+3d`). Each names one exact time, counted from "now" (the clock, or
//! `--now`), which is what a record gets: the words themselves are vague
//! once the day they were typed on has passed.
//!
//! The words are data (`deadline_words` in templates/lexicon.yaml, which a
//! repository extends); this module is the reading and the arithmetic.
//!
//! - A day word (`今天`, `明天`, `后天`, `大后天`, `tomorrow`) is that many days
//!   after today.
//! - A weekday alone (`周五`, `fri`) is the next such day: today when its
//!   time is still ahead, else within the coming week.
//! - After a `next_week` word (`下周一`, `next mon`) it is that day of next
//!   week, weeks running Monday to Sunday; after a `this_week` word
//!   (`本周五`, `this fri`), of this week.
//! - The time of day follows: `17:00`, `9:00`, `9点`, `9点半`, `9点30分`,
//!   with `下午`/`pm` (hours 1–11 are p.m.) or `上午`/`am` before or after it.
//!   A day without a time is refused: a deadline is a time.
//!
//! Dates are the repository timezone's. A time that has already passed
//! (`今天 9:00` at 10:00) is refused, as is a time the clocks skip.

use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::model::config::Config;
use crate::model::time::Instant;
use crate::model::workdays::Span;

/// The words, from `deadline_words` in the lexicon.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Words {
    /// The present moment itself (`now`, `现在`): `comms set ID responded=now`.
    #[serde(default)]
    pub now: Vec<String>,
    #[serde(default)]
    pub yesterday: Vec<String>,
    #[serde(default)]
    pub today: Vec<String>,
    #[serde(default)]
    pub tomorrow: Vec<String>,
    #[serde(default)]
    pub day_after_tomorrow: Vec<String>,
    #[serde(default)]
    pub three_days_on: Vec<String>,
    #[serde(default)]
    pub monday: Vec<String>,
    #[serde(default)]
    pub tuesday: Vec<String>,
    #[serde(default)]
    pub wednesday: Vec<String>,
    #[serde(default)]
    pub thursday: Vec<String>,
    #[serde(default)]
    pub friday: Vec<String>,
    #[serde(default)]
    pub saturday: Vec<String>,
    #[serde(default)]
    pub sunday: Vec<String>,
    #[serde(default)]
    pub next_week: Vec<String>,
    #[serde(default)]
    pub this_week: Vec<String>,
    #[serde(default)]
    pub pm: Vec<String>,
    #[serde(default)]
    pub am: Vec<String>,
}

impl Words {
    /// A repository's words are added to the built-in ones.
    pub fn extend(&mut self, other: Words) {
        let Words {
            now,
            yesterday,
            today,
            tomorrow,
            day_after_tomorrow,
            three_days_on,
            monday,
            tuesday,
            wednesday,
            thursday,
            friday,
            saturday,
            sunday,
            next_week,
            this_week,
            pm,
            am,
        } = other;
        self.now.extend(now);
        self.yesterday.extend(yesterday);
        self.today.extend(today);
        self.tomorrow.extend(tomorrow);
        self.day_after_tomorrow.extend(day_after_tomorrow);
        self.three_days_on.extend(three_days_on);
        self.monday.extend(monday);
        self.tuesday.extend(tuesday);
        self.wednesday.extend(wednesday);
        self.thursday.extend(thursday);
        self.friday.extend(friday);
        self.saturday.extend(saturday);
        self.sunday.extend(sunday);
        self.next_week.extend(next_week);
        self.this_week.extend(this_week);
        self.pm.extend(pm);
        self.am.extend(am);
    }

    fn days(&self) -> [(i64, &[String]); 5] {
        [
            (-1, &self.yesterday),
            (0, &self.today),
            (1, &self.tomorrow),
            (2, &self.day_after_tomorrow),
            (3, &self.three_days_on),
        ]
    }

    fn weekdays(&self) -> [(Weekday, &[String]); 7] {
        [
            (Weekday::Mon, &self.monday),
            (Weekday::Tue, &self.tuesday),
            (Weekday::Wed, &self.wednesday),
            (Weekday::Thu, &self.thursday),
            (Weekday::Fri, &self.friday),
            (Weekday::Sat, &self.saturday),
            (Weekday::Sun, &self.sunday),
        ]
    }
}

/// Which day a text names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Day {
    /// Days after today.
    In(i64),
    /// The next such weekday (today included while its time is ahead).
    Next(Weekday),
    /// That weekday of next week.
    NextWeek(Weekday),
    /// That weekday of this week.
    ThisWeek(Weekday),
}

/// When a time may be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Past {
    /// A deadline: a time already past is refused.
    Refused,
    /// When something happened (`held`): the past is fine.
    Allowed,
}

/// A time as typed, as the record's text: `+SPAN`, a `now` word (`now`,
/// `现在`: the clock's minute) and natural words become the exact
/// `YYYY-MM-DD HH:MM` they name; anything else is returned as
/// written (the rules judge it).
pub fn resolve(text: &str, now: Instant, config: &Config, words: &Words, past: Past) -> Result<String, String> {
    let t = text.trim();
    if let Some(rest) = t.strip_prefix('+') {
        let span = Span::parse(rest)?;
        let at =
            span.after(now, &config.workdays, config.timezone).ok_or_else(|| format!("`{text}` is too long a time"))?;
        return Ok(at.display(config.timezone));
    }
    if words.now.iter().any(|w| w.trim().eq_ignore_ascii_case(t)) {
        return Ok(now.display(config.timezone));
    }
    match parse_when(t, now, config.timezone, words, past) {
        Some(r) => r.map(|at| at.display(config.timezone)),
        None => Ok(text.to_string()),
    }
}

/// The exact time a natural deadline names, or `None` when `text` does not
/// start with a day word (it is something else: a date, a vague word).
pub fn parse(text: &str, now: Instant, tz: Tz, words: &Words) -> Option<Result<Instant, String>> {
    parse_when(text, now, tz, words, Past::Refused)
}

fn parse_when(text: &str, now: Instant, tz: Tz, words: &Words, past: Past) -> Option<Result<Instant, String>> {
    let t = text.trim();
    let (day, rest) = day(t, words)?;
    Some(at(t, day, rest, now, tz, words, past))
}

fn at(text: &str, day: Day, rest: &str, now: Instant, tz: Tz, words: &Words, past: Past) -> Result<Instant, String> {
    let example = "e.g. `明天 17:00`, `周五 18:00` or `tomorrow 17:00`";
    if rest.trim().is_empty() {
        return Err(format!("`{text}` has a day but no time; a deadline is a time of day, {example}"));
    }
    let time = time_of_day(rest, words)
        .ok_or_else(|| format!("`{}` in `{text}` is not a time of day; write it as HH:MM, {example}", rest.trim()))?;
    let local_now = now.0.with_timezone(&tz);
    let today = local_now.date_naive();
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let weekday_of =
        |week_start: NaiveDate, w: Weekday| week_start + Duration::days(i64::from(w.num_days_from_monday()));
    let date = match day {
        Day::In(n) => today + Duration::days(n),
        Day::NextWeek(w) => weekday_of(monday + Duration::days(7), w),
        Day::ThisWeek(w) => weekday_of(monday, w),
        Day::Next(w) => {
            let ahead =
                (7 + i64::from(w.num_days_from_monday()) - i64::from(today.weekday().num_days_from_monday())) % 7;
            let d = today + Duration::days(ahead);
            if ahead == 0 && time <= local_now.time() { d + Duration::days(7) } else { d }
        }
    };
    let at = crate::model::time::local(date.and_time(time), tz).map_err(|e| format!("`{text}` ({date} {time}) {e}"))?;
    if at < now && past == Past::Refused {
        return Err(format!("`{text}` is {}, which has already passed", at.display(tz)));
    }
    Ok(at)
}

/// The longest day phrase `text` starts with, and the rest.
fn day<'t>(text: &'t str, words: &Words) -> Option<(Day, &'t str)> {
    let mut best: Option<(Day, usize)> = None;
    let mut consider = |day: Day, len: usize| {
        if best.is_none_or(|(_, l)| len > l) {
            best = Some((day, len));
        }
    };
    for (n, list) in words.days() {
        for w in list {
            if let Some(len) = word_at(text, w) {
                consider(Day::In(n), len);
            }
        }
    }
    for (weekday, list) in words.weekdays() {
        for w in list {
            if let Some(len) = word_at(text, w) {
                consider(Day::Next(weekday), len);
            }
            for (prefixes, make) in
                [(&words.next_week, Day::NextWeek as fn(Weekday) -> Day), (&words.this_week, Day::ThisWeek)]
            {
                for p in prefixes {
                    let Some(plen) = prefix_at(text, p) else { continue };
                    let after = &text[plen..];
                    let gap = after.len() - after.trim_start().len();
                    if let Some(len) = word_at(&after[gap..], w) {
                        consider(make(weekday), plen + gap + len);
                    }
                }
            }
        }
    }
    best.map(|(d, len)| (d, &text[len..]))
}

/// The length of `word` at the start of `text` (ASCII letters ignoring case),
/// when a word of letters does not go on after it.
fn word_at(text: &str, word: &str) -> Option<usize> {
    let len = prefix_at(text, word)?;
    let ends_in_letter = word.chars().last().is_some_and(|c| c.is_ascii_alphabetic());
    let next_is_letter = text[len..].chars().next().is_some_and(|c| c.is_ascii_alphabetic());
    (!(ends_in_letter && next_is_letter)).then_some(len)
}

fn prefix_at(text: &str, word: &str) -> Option<usize> {
    let w = word.trim();
    if w.is_empty() || text.len() < w.len() || !text.is_char_boundary(w.len()) {
        return None;
    }
    text[..w.len()].eq_ignore_ascii_case(w).then_some(w.len())
}

/// `17:00`, `9:00`, `9点`, `9点半`, `9点30分`, `17时`, with a.m./p.m. words
/// before or after.
fn time_of_day(text: &str, words: &Words) -> Option<NaiveTime> {
    let mut t = text.trim();
    let mut half: Option<bool> = None; // Some(true): p.m.
    for (pm, list) in [(true, &words.pm), (false, &words.am)] {
        for w in list {
            if let Some(len) = prefix_at(t, w) {
                t = t[len..].trim();
                half = Some(pm);
            } else if t.len() >= w.len()
                && t.is_char_boundary(t.len() - w.len())
                && t[t.len() - w.len()..].eq_ignore_ascii_case(w.trim())
                && !w.trim().is_empty()
            {
                t = t[..t.len() - w.len()].trim();
                half = Some(pm);
            }
        }
    }
    let (h, m) = clock(t)?;
    let h = match half {
        None => h,
        Some(_) if !(1..=12).contains(&h) => return None,
        Some(true) => h % 12 + 12,
        Some(false) => h % 12,
    };
    NaiveTime::from_hms_opt(h, m, 0)
}

/// Hours and minutes of `H:MM`, `H点[半|MM分]`, `H时[MM分]`, or `H` alone.
fn clock(t: &str) -> Option<(u32, u32)> {
    let digits = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit())).then(|| s.parse().ok()).flatten()
    };
    if let Some((h, m)) = t.split_once([':', '：']) {
        if m.len() != 2 {
            return None;
        }
        return Some((digits(h)?, digits(m)?));
    }
    for mark in ["点", "时"] {
        if let Some((h, rest)) = t.split_once(mark) {
            let h = digits(h)?;
            let rest = rest.trim();
            let m = match rest {
                "" | "整" => 0,
                "半" => 30,
                _ => digits(rest.strip_suffix('分').unwrap_or(rest))?,
            };
            return Some((h, m));
        }
    }
    digits(t).map(|h| (h, 0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    fn words() -> Words {
        crate::model::types::Catalog::builtin().unwrap().lexicon.deadline_words
    }

    fn at(s: &str) -> Instant {
        crate::model::time::parse(s, SH).unwrap()
    }

    /// What `text` names at `now` (Sunday 2026-11-22 09:00 in the tests below).
    fn named(text: &str, now: &str) -> Result<String, String> {
        parse(text, at(now), SH, &words()).expect("a natural deadline").map(|i| i.display(SH))
    }

    #[test]
    fn the_examples_of_the_issue() {
        // 2026-11-20 is a Friday.
        let now = "2026-11-20 10:00";
        assert_eq!(named("明天 17:00", now).unwrap(), "2026-11-21 17:00");
        assert_eq!(named("后天 9:00", now).unwrap(), "2026-11-22 09:00");
        assert_eq!(named("大后天 9:00", now).unwrap(), "2026-11-23 09:00");
        assert_eq!(named("下周一 9:00", now).unwrap(), "2026-11-23 09:00");
        assert_eq!(named("周五 18:00", now).unwrap(), "2026-11-20 18:00", "today, still ahead");
        assert_eq!(named("周五 9:00", now).unwrap(), "2026-11-27 09:00", "today's has passed: next week's");
        assert_eq!(named("tomorrow 17:00", now).unwrap(), "2026-11-21 17:00");
        assert_eq!(named("fri 18:00", now).unwrap(), "2026-11-20 18:00");
        assert_eq!(named("Friday 18:00", now).unwrap(), "2026-11-20 18:00");
        assert_eq!(named("next mon 9:00", now).unwrap(), "2026-11-23 09:00");
        assert_eq!(named("下个星期三 14:30", now).unwrap(), "2026-11-25 14:30");
        assert_eq!(named("本周日 20:00", now).unwrap(), "2026-11-22 20:00");
    }

    #[test]
    fn times_of_day_as_people_write_them() {
        let now = "2026-11-20 10:00";
        for (text, want) in [
            ("明天17:00", "2026-11-21 17:00"),
            ("明天 9点", "2026-11-21 09:00"),
            ("明天 9点半", "2026-11-21 09:30"),
            ("明天 9点15分", "2026-11-21 09:15"),
            ("明天 下午5点", "2026-11-21 17:00"),
            ("明天 下午 5:30", "2026-11-21 17:30"),
            ("明天 12点", "2026-11-21 12:00"),
            ("tomorrow 5pm", "2026-11-21 17:00"),
            ("tomorrow 5:30 pm", "2026-11-21 17:30"),
            ("tomorrow 12am", "2026-11-21 00:00"),
            ("tomorrow 12pm", "2026-11-21 12:00"),
            ("明天 17：00", "2026-11-21 17:00"),
        ] {
            assert_eq!(named(text, now).as_deref(), Ok(want), "{text}");
        }
    }

    #[test]
    fn refusals_say_what_to_write() {
        let now = "2026-11-20 10:00";
        assert!(named("明天", now).unwrap_err().contains("has a day but no time"));
        assert!(named("明天 下班前", now).unwrap_err().contains("is not a time of day; write it as HH:MM"));
        assert!(named("明天 25:00", now).unwrap_err().contains("is not a time of day"));
        assert!(named("明天 下午 13:00", now).unwrap_err().contains("is not a time of day"));
        assert_eq!(named("今天 9:00", now).unwrap_err(), "`今天 9:00` is 2026-11-20 09:00, which has already passed");
        assert!(named("本周一 9:00", now).unwrap_err().contains("already passed"));
        // Not a day word: left to the rules.
        for text in ["2026-11-23 17:00", "尽快", "monthly 9:00", "ASAP", "下班前", "frisbee 9:00"] {
            assert!(parse(text, at(now), SH, &words()).is_none(), "{text}");
        }
    }

    #[test]
    fn a_time_the_clocks_skip_is_refused() {
        let ny = chrono_tz::America::New_York;
        let now = crate::model::time::parse("2026-03-07 10:00", ny).unwrap();
        let e = parse("明天 2:30", now, ny, &words()).unwrap().unwrap_err();
        assert!(e.contains("does not exist in America/New_York"), "{e}");
    }

    #[test]
    fn resolve_keeps_other_text_and_counts_spans() {
        let config = Config::default();
        let now = crate::model::time::parse("2026-11-20 10:00", config.timezone).unwrap();
        let w = words();
        let r = |text: &str| resolve(text, now, &config, &w, Past::Refused);
        assert_eq!(r("2026-11-23 17:00").unwrap(), "2026-11-23 17:00");
        assert_eq!(r("尽快").unwrap(), "尽快");
        assert_eq!(r("+2wd").unwrap(), "2026-11-24 10:00");
        assert_eq!(r(" 明天 17:00 ").unwrap(), "2026-11-21 17:00");
        assert!(r("+2x").is_err());
        assert!(r("昨天 15:00").unwrap_err().contains("already passed"));
        // When something happened, the past is fine.
        assert_eq!(resolve("昨天 15:00", now, &config, &w, Past::Allowed).unwrap(), "2026-11-19 15:00");
        assert_eq!(resolve("今天 9:00", now, &config, &w, Past::Allowed).unwrap(), "2026-11-20 09:00");
        // `now` is the clock's minute, for any datetime field.
        for word in ["now", " NOW ", "现在"] {
            assert_eq!(r(word).unwrap(), "2026-11-20 10:00", "{word}");
        }
        assert_eq!(r("nowish").unwrap(), "nowish");
    }

    #[test]
    fn repository_words_are_added() {
        let mut w = words();
        w.extend(Words { tomorrow: vec!["mañana".into()], ..Words::default() });
        let now = at("2026-11-20 10:00");
        assert_eq!(parse("mañana 9:00", now, SH, &w).unwrap().unwrap().display(SH), "2026-11-21 09:00");
        assert_eq!(parse("明天 9:00", now, SH, &w).unwrap().unwrap().display(SH), "2026-11-21 09:00");
    }

    proptest! {
        /// A day word: that many days after today, at the time given, and
        /// what is written reads back as the same exact time.
        #[test]
        fn day_words_count_days_from_today(
            day in 0i64..4000, minute in 0i64..1440, h in 0u32..24, m in 0u32..60, which in 1usize..5,
        ) {
            let now = Instant(chrono::DateTime::from_timestamp(1_700_000_000 + day * 86_400 + minute * 60, 0).unwrap());
            let w = words();
            let (n, list) = w.days()[which];
            let text = format!("{} {h}:{m:02}", list[0]);
            let today = now.0.with_timezone(&SH).date_naive();
            let due = today + Duration::days(n);
            let want = due.and_hms_opt(h, m, 0).unwrap();
            match parse(&text, now, SH, &w).unwrap() {
                Ok(got) => {
                    prop_assert_eq!(got.0.with_timezone(&SH).naive_local(), want);
                    prop_assert_eq!(crate::model::time::parse(&got.display(SH), SH), Ok(got));
                }
                Err(e) => {
                    prop_assert!(n == 0 && e.contains("already passed"), "{}: {}", text, e);
                }
            }
        }

        /// A weekday: that weekday, after now and at most a week ahead; with
        /// `下`, the same weekday of the next Monday-to-Sunday week.
        #[test]
        fn weekdays_are_the_coming_one(
            day in 0i64..4000, minute in 0i64..1440, h in 0u32..24, m in 0u32..60, wd in 0usize..7, next in any::<bool>(),
        ) {
            let now = Instant(chrono::DateTime::from_timestamp(1_700_000_000 + day * 86_400 + minute * 60, 0).unwrap());
            let w = words();
            let (weekday, list) = w.weekdays()[wd];
            let text = format!("{}{} {h}:{m:02}", if next { "下" } else { "" }, list[0]);
            let got = parse(&text, now, SH, &w).unwrap().unwrap();
            let local = got.0.with_timezone(&SH);
            prop_assert_eq!(local.weekday(), weekday);
            prop_assert_eq!(local.time(), NaiveTime::from_hms_opt(h, m, 0).unwrap());
            prop_assert!(got >= now);
            let today = now.0.with_timezone(&SH).date_naive();
            if next {
                let week = |d: NaiveDate| d.iso_week();
                prop_assert_eq!(week(local.date_naive()), week(today + Duration::days(7)));
            } else {
                prop_assert!(got.0 - now.0 <= Duration::days(7));
            }
        }
    }
}

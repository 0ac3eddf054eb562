//! An iCalendar (RFC 5545) feed of deadlines: one event per open record
//! and open action item, for calendar apps (Google, Apple, Outlook) to
//! import or subscribe to.
//!
//! **The event.** A deadline is a moment, but zero-length events are shown
//! differently by every client, and RFC 5545 wants `DTEND` after
//! `DTSTART`. So each deadline is a short event that *ends* at the
//! deadline ([`EVENT_MINUTES`] long: "finish by 17:00" is the slot
//! 16:30–17:00), marked free (`TRANSP:TRANSPARENT`) so it never blocks
//! anyone's free/busy time, with one display alarm [`ALARM_MINUTES`]
//! before the deadline.
//!
//! **Identity.** Each event's `UID` is the record id (plus `.action-N` for
//! action item N) at a name for the repository, e.g.
//! `20261122-7f3a@team-records.comms` — the same on every export, so
//! re-importing or refreshing a subscription updates the events instead of
//! duplicating them. `DTSTAMP` is "now" (`--now` makes the file
//! reproducible); `SEQUENCE` is always 0, as every export is a complete
//! snapshot rather than a change notice.
//!
//! **Time.** Times are written in the repository's timezone with a
//! `VTIMEZONE` describing it: one `STANDARD` observance for a zone without
//! daylight saving (Asia/Shanghai), and for one with daylight saving every
//! real transition (found by probing chrono-tz offsets) over the years the
//! events fall in — as a yearly `RRULE` when the transitions follow one,
//! else one observance each. A zone that is UTC+0 all that time is written
//! as UTC (`…Z`), without a `VTIMEZONE`.
//!
//! **Text.** Content lines end in CRLF and are folded at 75 octets, never
//! inside a UTF-8 character; TEXT values escape `\`, `;`, `,` and line
//! breaks.
//!
//! Pure functions over [`Item`]s: no files, no terminal.

use chrono::{DateTime, Datelike, Duration, LocalResult, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use chrono_tz::{OffsetComponents, OffsetName, Tz};

use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::time::Instant;
use crate::model::types::Catalog;
use crate::report::tracking::{Item, Kind};

/// How long an event is: it ends at the deadline.
pub const EVENT_MINUTES: i64 = 30;

/// The alarm goes off this long before the deadline.
pub const ALARM_MINUTES: i64 = 60;

/// The longest content line, in octets, before it is folded (RFC 5545 3.1).
const LINE_OCTETS: usize = 75;

/// What the calendar as a whole says.
pub struct Feed<'a> {
    /// `X-WR-CALNAME`: what calendar apps show as the calendar's name.
    pub name: &'a str,
    /// Names the repository in every `UID`, so two repositories that
    /// happen to share a record id do not overwrite each other's events.
    pub repository: &'a str,
    pub tz: Tz,
    /// `DTSTAMP` of every event, and what "overdue" is judged against.
    pub now: Instant,
    pub lang: Lang,
    /// For the types' labels in descriptions.
    pub catalog: &'a Catalog,
}

/// The calendar of these items (each must have a deadline; items without
/// one are skipped), in their order.
pub fn calendar(feed: &Feed, items: &[Item]) -> String {
    let mut out = Lines::default();
    out.raw("BEGIN:VCALENDAR");
    out.raw("VERSION:2.0");
    out.raw(&format!("PRODID:-//comms//comms {}//{}", env!("CARGO_PKG_VERSION"), feed.lang.as_str().to_uppercase()));
    // No `METHOD`: a feed is not an iTIP message (RFC 5546 would then want
    // an `ORGANIZER` on every event), and RFC 5545 lets a plain calendar
    // go without one.
    out.raw("CALSCALE:GREGORIAN");
    out.text("X-WR-CALNAME", feed.name);
    out.text("X-WR-TIMEZONE", feed.tz.name());
    // How often a subscribed calendar should be fetched again (RFC 7986;
    // X-PUBLISHED-TTL for Outlook and Apple).
    out.raw("REFRESH-INTERVAL;VALUE=DURATION:PT1H");
    out.raw("X-PUBLISHED-TTL:PT1H");

    let dated: Vec<(&Item, Instant)> = items.iter().filter_map(|i| i.deadline.map(|d| (i, d))).collect();
    let zone = Zone::covering(feed.tz, dated.iter().map(|(_, d)| *d), feed.now);
    zone.write(&mut out);
    let labels = Labels::new(feed.lang);
    for (item, deadline) in dated {
        event(&mut out, feed, &labels, &zone, item, deadline);
    }
    out.raw("END:VCALENDAR");
    out.text
}

/// The `UID` of an item: `RECORD-ID@REPOSITORY.comms`, or
/// `RECORD-ID.action-N@REPOSITORY.comms` for action item N. Ids and the
/// repository name are percent-encoded outside ASCII letters, digits and
/// `-`, so no id can be mistaken for another's action item.
pub fn uid(record_id: &str, action: Option<usize>, repository: &str) -> String {
    let mut uid = encode(record_id);
    if let Some(n) = action {
        uid.push_str(&format!(".action-{n}"));
    }
    let repo = encode(&repository.to_lowercase());
    uid.push_str(&format!("@{}.comms", if repo.is_empty() { "records".to_string() } else { repo }));
    uid
}

/// The `UID` of an item: [`uid`] of its record's id, or of its record's
/// path when the record has no id (`comms validate` reports that).
pub fn item_uid(item: &Item, repository: &str) -> String {
    let r = item.record;
    if r.id.trim().is_empty() {
        uid(&crate::model::record::display_path(&r.path), item.index, repository)
    } else {
        uid(&r.id, item.index, repository)
    }
}

fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b == b'-' {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// The labels of an event's description, looked up once for the feed.
struct Labels {
    deadline: String,
    owner: String,
    status: String,
    kind: String,
    project: String,
    record: String,
    file: String,
    when_done: String,
    separator: String,
}

impl Labels {
    fn new(lang: Lang) -> Labels {
        Labels {
            deadline: tr!(lang, "calendar-field.deadline"),
            owner: tr!(lang, "calendar-field.owner"),
            status: tr!(lang, "calendar-field.status"),
            kind: tr!(lang, "calendar-field.type"),
            project: tr!(lang, "calendar-field.project"),
            record: tr!(lang, "calendar-field.record"),
            file: tr!(lang, "calendar-field.file"),
            when_done: tr!(lang, "calendar-field.when-done"),
            separator: tr!(lang, "calendar-field-separator"),
        }
    }
}

fn event(out: &mut Lines, feed: &Feed, labels: &Labels, zone: &Zone, item: &Item, deadline: Instant) {
    let lang = feed.lang;
    let r = item.record;
    let overdue = item.is_open() && deadline < feed.now;
    out.raw("BEGIN:VEVENT");
    out.text("UID", &item_uid(item, feed.repository));
    out.raw(&format!("DTSTAMP:{}", utc(feed.now.0)));
    out.raw(&zone.property("DTSTART", deadline.0 - Duration::minutes(EVENT_MINUTES)));
    out.raw(&zone.property("DTEND", deadline.0));
    out.raw("SEQUENCE:0");
    out.raw("TRANSP:TRANSPARENT");
    let subject = one_line(item.subject);
    let summary = if overdue { tr!(lang, "calendar-summary-overdue", subject = subject) } else { subject };
    out.text("SUMMARY", &summary);
    out.text("DESCRIPTION", &description(feed, labels, item, deadline));
    out.raw(&format!("CATEGORIES:{}", escape(&r.rtype)));
    if matches!(r.priority, Some(crate::model::record::Priority::High)) {
        out.raw("PRIORITY:1");
    }
    out.raw("BEGIN:VALARM");
    out.raw("ACTION:DISPLAY");
    out.raw(&format!("TRIGGER:-PT{}M", ALARM_MINUTES - EVENT_MINUTES));
    out.text("DESCRIPTION", &one_line(item.subject));
    out.raw("END:VALARM");
    out.raw("END:VEVENT");
}

/// What the event's description lists, one fact a line.
fn description(feed: &Feed, labels: &Labels, item: &Item, deadline: Instant) -> String {
    let lang = feed.lang;
    let r = item.record;
    let sep = &labels.separator;
    let type_label = feed.catalog.get(&r.rtype).map_or_else(|| r.rtype.to_string(), |t| t.label.get(lang).to_string());
    let mut lines = vec![
        format!("{}{sep}{}", labels.deadline, deadline.display(feed.tz)),
        format!("{}{sep}{}", labels.owner, one_line(item.owner)),
        format!("{}{sep}{}", labels.status, item.status.map_or("?", |s| s.label(lang))),
        format!("{}{sep}{type_label}", labels.kind),
    ];
    if let Some(p) = &r.project {
        lines.push(format!("{}{sep}{}", labels.project, one_line(p)));
    }
    if item.kind == Kind::Action {
        lines.push(format!("{}{sep}{} {}", labels.record, r.id, one_line(&r.subject)));
    }
    lines.push(format!("{}{sep}{}", labels.file, crate::model::record::display_path(&r.path)));
    if !r.id.trim().is_empty() {
        lines.push(format!("{}{sep}comms done {}", labels.when_done, item.id()));
    }
    lines.join("\n")
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// `YYYYMMDDTHHMMSSZ`.
fn utc(t: DateTime<Utc>) -> String {
    t.format("%Y%m%dT%H%M%SZ").to_string()
}

/// Escapes a TEXT value (RFC 5545 3.3.11): `\` `;` `,` and line breaks;
/// other control characters, which TEXT may not hold, become spaces.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {
                if chars.peek() != Some(&'\n') {
                    out.push_str("\\n");
                }
            }
            '\t' => out.push('\t'),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Folds one content line (RFC 5545 3.1): at most 75 octets a line, the
/// continuation lines starting with a space, never splitting a UTF-8
/// character. Lines end in CRLF.
pub fn fold(line: &str) -> String {
    let mut out = String::with_capacity(line.len() + line.len() / 24 + 2);
    let mut octets = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        if octets + n > LINE_OCTETS {
            out.push_str("\r\n ");
            octets = 1;
        }
        out.push(c);
        octets += n;
    }
    out.push_str("\r\n");
    out
}

/// The calendar text, one folded content line at a time.
#[derive(Default)]
struct Lines {
    text: String,
}

impl Lines {
    /// A line whose value is already in iCalendar syntax.
    fn raw(&mut self, line: &str) {
        self.text.push_str(&fold(line));
    }

    /// A property with a TEXT value.
    fn text(&mut self, name: &str, value: &str) {
        self.raw(&format!("{name}:{}", escape(value)));
    }
}

/// How times are written: in UTC, or local to a zone described by a
/// `VTIMEZONE`.
enum Zone {
    Utc,
    Local { tz: Tz, spans: Vec<Span> },
}

/// Consecutive whole years some event falls in: the observance in force at
/// their start, and every change during them. Years no event falls in are
/// not described, so a deadline in 2090 costs one more year, not sixty.
struct Span {
    start: DateTime<Utc>,
    last_year: i32,
    initial: Observance,
    transitions: Vec<Transition>,
}

/// The offset in force, whether it is daylight saving time, and its name.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Observance {
    offset: i32,
    dst: bool,
    name: String,
}

#[derive(Clone, Debug, PartialEq, Eq)]
struct Transition {
    at: DateTime<Utc>,
    from: Observance,
    to: Observance,
}

impl Zone {
    /// The zone `tz` over the whole years these instants fall in (a day
    /// of margin either side, as events start before their deadline), or
    /// the year of `now` when there are none.
    fn covering(tz: Tz, instants: impl Iterator<Item = Instant>, now: Instant) -> Zone {
        let year = |t: DateTime<Utc>| t.with_timezone(&tz).year();
        let mut years: Vec<i32> = Vec::new();
        for i in instants {
            years.push(year(i.0 - Duration::days(1)));
            years.push(year(i.0 + Duration::days(1)));
        }
        if years.is_empty() {
            years.push(year(now.0));
        }
        years.sort_unstable();
        years.dedup();
        // Local midnights of 1 January.
        let jan1 = |year: i32| {
            let midnight = NaiveDate::from_ymd_opt(year, 1, 1)?.and_hms_opt(0, 0, 0)?;
            tz.from_local_datetime(&midnight).earliest().map(|t| t.with_timezone(&Utc))
        };
        let mut spans: Vec<Span> = Vec::new();
        let mut i = 0;
        while i < years.len() {
            let mut j = i;
            while j + 1 < years.len() && years[j + 1] == years[j] + 1 {
                j += 1;
            }
            if let (Some(start), Some(end)) = (jan1(years[i]), jan1(years[j] + 1)) {
                let initial = observance(tz, start);
                spans.push(Span { start, last_year: years[j], initial, transitions: transitions(tz, start, end) });
            }
            i = j + 1;
        }
        if spans.iter().all(|s| s.transitions.is_empty() && s.initial.offset == 0) {
            return Zone::Utc;
        }
        Zone::Local { tz, spans }
    }

    /// The `VTIMEZONE`: for each span, the observance in force at its
    /// start, then the changes. Changes between the same two observances
    /// that follow one yearly rule up to the span's last year ("the last
    /// Sunday of March at 02:00") are one component with an `RRULE` (which
    /// every client, Outlook included, reads; with an `UNTIL` when a later
    /// span follows); others are one component each.
    fn write(&self, out: &mut Lines) {
        let Zone::Local { tz, spans } = self else { return };
        out.raw("BEGIN:VTIMEZONE");
        out.raw(&format!("TZID:{}", tz.name()));
        out.raw(&format!("X-LIC-LOCATION:{}", tz.name()));
        let mut observe = |onset: NaiveDateTime, rule: Option<&str>, from: &Observance, to: &Observance| {
            let kind = if to.dst { "DAYLIGHT" } else { "STANDARD" };
            out.raw(&format!("BEGIN:{kind}"));
            out.raw(&format!("DTSTART:{}", onset.format("%Y%m%dT%H%M%S")));
            if let Some(rule) = rule {
                out.raw(&format!("RRULE:{rule}"));
            }
            out.raw(&format!("TZOFFSETFROM:{}", offset(from.offset)));
            out.raw(&format!("TZOFFSETTO:{}", offset(to.offset)));
            out.text("TZNAME", &to.name);
            out.raw(&format!("END:{kind}"));
        };
        for (n, span) in spans.iter().enumerate() {
            let first = Transition { at: span.start, from: span.initial.clone(), to: span.initial.clone() };
            observe(first.onset(), None, &span.initial, &span.initial);
            let mut groups: Vec<Vec<&Transition>> = Vec::new();
            for t in &span.transitions {
                match groups.iter_mut().find(|g| g[0].from == t.from && g[0].to == t.to) {
                    Some(g) => g.push(t),
                    None => groups.push(vec![t]),
                }
            }
            let more = n + 1 < spans.len();
            for group in &groups {
                match yearly_rule(group, span.last_year) {
                    Some(rule) => {
                        // UNTIL is in UTC (RFC 5545 3.3.10); a day after the
                        // last change, so readers that take it as local
                        // time (python-dateutil) still include that change.
                        let rule = match group.last() {
                            Some(last) if more => format!("{rule};UNTIL={}", utc(last.at + Duration::days(1))),
                            _ => rule,
                        };
                        observe(group[0].onset(), Some(&rule), &group[0].from, &group[0].to)
                    }
                    None => {
                        for t in group {
                            observe(t.onset(), None, &t.from, &t.to);
                        }
                    }
                }
            }
        }
        out.raw("END:VTIMEZONE");
    }

    /// `NAME;TZID=Zone:YYYYMMDDTHHMMSS`, or `NAME:…Z` in UTC and for any
    /// local time the clocks show twice (the repeated autumn hour): clients
    /// differ in which of the two they take, so only UTC is unambiguous.
    fn property(&self, name: &str, t: DateTime<Utc>) -> String {
        match self {
            Zone::Utc => format!("{name}:{}", utc(t)),
            Zone::Local { tz, .. } => {
                let local = t.with_timezone(tz).naive_local();
                match tz.from_local_datetime(&local) {
                    LocalResult::Ambiguous(..) => format!("{name}:{}", utc(t)),
                    _ => format!("{name};TZID={}:{}", tz.name(), local.format("%Y%m%dT%H%M%S")),
                }
            }
        }
    }
}

impl Transition {
    /// When the change happens, in local time as it was before it (what
    /// `DTSTART` and `RRULE` of an observance mean).
    fn onset(&self) -> NaiveDateTime {
        (self.at + Duration::seconds(self.from.offset.into())).naive_utc()
    }
}

/// The `RRULE` of changes that happen every year from the first one up to
/// `last_year`, in the same month, at the same local time, on the same
/// weekday, and all on the last or all on the same n-th such weekday of the
/// month; `None` when they do not.
fn yearly_rule(group: &[&Transition], last_year: i32) -> Option<String> {
    let onsets: Vec<NaiveDateTime> = group.iter().map(|t| t.onset()).collect();
    let first = *onsets.first()?;
    let same = onsets.iter().enumerate().all(|(i, o)| {
        o.year() == first.year() + i as i32
            && o.month() == first.month()
            && o.time() == first.time()
            && o.weekday() == first.weekday()
    });
    if !same || onsets.last()?.year() != last_year {
        return None;
    }
    let nth = |o: &NaiveDateTime| (o.day() - 1) / 7 + 1;
    let last =
        |o: &NaiveDateTime| o.date().checked_add_signed(Duration::days(7)).is_none_or(|d| d.month() != o.month());
    let weekday = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"][first.weekday().num_days_from_monday() as usize];
    let by_day = if onsets.iter().all(last) {
        format!("-1{weekday}")
    } else if nth(&first) <= 4 && onsets.iter().all(|o| nth(o) == nth(&first)) {
        format!("{}{weekday}", nth(&first))
    } else {
        return None;
    };
    Some(format!("FREQ=YEARLY;BYMONTH={};BYDAY={by_day}", first.month()))
}

fn observance(tz: Tz, t: DateTime<Utc>) -> Observance {
    let o = tz.offset_from_utc_datetime(&t.naive_utc());
    let offset = o.fix().local_minus_utc();
    Observance {
        offset,
        dst: !o.dst_offset().is_zero(),
        name: o.abbreviation().map_or_else(|| crate::report::calendar::offset(offset), str::to_string),
    }
}

/// Every change of offset, daylight saving or name in `[from, to)`, to the
/// second: offsets probed every 6 hours, each change then found by binary
/// search.
fn transitions(tz: Tz, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Transition> {
    let step = Duration::hours(6);
    let mut out = Vec::new();
    let mut t = from;
    let mut current = observance(tz, t);
    while t < to {
        let next = (t + step).min(to);
        if observance(tz, next) == current {
            t = next;
            continue;
        }
        // observance(lo) == current, observance(hi) != current.
        let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            let at = DateTime::from_timestamp(mid, 0).unwrap_or(t);
            if observance(tz, at) == current { lo = mid } else { hi = mid }
        }
        let at = DateTime::from_timestamp(hi, 0).unwrap_or(next);
        let changed = observance(tz, at);
        out.push(Transition { at, from: current, to: changed.clone() });
        current = changed;
        t = at;
    }
    out
}

/// `+0800`, `-0430`, or `+053328` with seconds.
fn offset(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let s = seconds.unsigned_abs();
    let (h, m, sec) = (s / 3600, (s % 3600) / 60, s % 60);
    if sec == 0 { format!("{sign}{h:02}{m:02}") } else { format!("{sign}{h:02}{m:02}{sec:02}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, tz: Tz) -> Instant {
        crate::model::time::parse(s, tz).unwrap()
    }

    /// Undoes [`fold`]: what any parser does first.
    fn unfold(s: &str) -> String {
        s.replace("\r\n ", "")
    }

    #[test]
    fn folding_keeps_lines_within_75_octets_and_characters_whole() {
        let line = format!("SUMMARY:{}", "【紧急】生产部-设备故障通知,二号产线停工;影响当日交付".repeat(4));
        let folded = fold(&line);
        assert!(folded.ends_with("\r\n"));
        for physical in folded.trim_end_matches("\r\n").split("\r\n") {
            assert!(physical.len() <= 75, "{} octets: {physical}", physical.len());
        }
        assert!(folded.split("\r\n").skip(1).filter(|l| !l.is_empty()).all(|l| l.starts_with(' ')));
        assert_eq!(unfold(&folded), format!("{line}\r\n"));
        // Exactly 75 octets stay on one line; 76 fold.
        assert_eq!(fold(&"a".repeat(75)), format!("{}\r\n", "a".repeat(75)));
        assert_eq!(fold(&"a".repeat(76)), format!("{}\r\n a\r\n", "a".repeat(75)));
        // A three-octet character that would cross octet 75 moves down whole.
        let folded = fold(&format!("{}张伟", "a".repeat(73)));
        assert_eq!(folded, format!("{}\r\n 张伟\r\n", "a".repeat(73)));
    }

    #[test]
    fn text_values_are_escaped() {
        assert_eq!(escape(r"a\b;c,d"), r"a\\b\;c\,d");
        assert_eq!(escape("one\ntwo\r\nthree\rfour"), r"one\ntwo\nthree\nfour");
        assert_eq!(escape("bell\u{7}"), "bell ");
        assert_eq!(escape("设备故障:二号产线"), "设备故障:二号产线");
    }

    #[test]
    fn uids_name_the_repository_and_the_action_item() {
        assert_eq!(uid("20261122-7f3a", None, "Team-Records"), "20261122-7f3a@team-records.comms");
        assert_eq!(uid("20261122-7f3a", Some(2), "demo"), "20261122-7f3a.action-2@demo.comms");
        // An id that looks like an action item's cannot collide with one.
        assert_ne!(uid("20261122-7f3a.action-2", None, "demo"), uid("20261122-7f3a", Some(2), "demo"));
        assert_eq!(uid("a", None, "团队"), "a@%E5%9B%A2%E9%98%9F.comms");
        assert_eq!(uid("a", None, ""), "a@records.comms");
    }

    #[test]
    fn a_zone_without_daylight_saving_has_one_standard_observance() {
        let sh = chrono_tz::Asia::Shanghai;
        let zone = Zone::covering(sh, [at("2026-11-23 17:00", sh)].into_iter(), at("2026-11-22 09:00", sh));
        let mut out = Lines::default();
        zone.write(&mut out);
        assert_eq!(
            out.text,
            "BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai\r\nX-LIC-LOCATION:Asia/Shanghai\r\nBEGIN:STANDARD\r\nDTSTART:20260101T000000\r\nTZOFFSETFROM:+0800\r\nTZOFFSETTO:+0800\r\nTZNAME:CST\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n"
        );
        assert_eq!(zone.property("DTEND", at("2026-11-23 17:00", sh).0), "DTEND;TZID=Asia/Shanghai:20261123T170000");
    }

    #[test]
    fn daylight_saving_transitions_are_found_to_the_second() {
        let berlin = chrono_tz::Europe::Berlin;
        let start = "2026-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let end = "2028-01-01T00:00:00Z".parse::<DateTime<Utc>>().unwrap();
        let found: Vec<(String, i32, i32, bool)> = transitions(berlin, start, end)
            .into_iter()
            .map(|t| (t.at.to_rfc3339(), t.from.offset / 60, t.to.offset / 60, t.to.dst))
            .collect();
        assert_eq!(
            found,
            [
                ("2026-03-29T01:00:00+00:00".to_string(), 60, 120, true),
                ("2026-10-25T01:00:00+00:00".to_string(), 120, 60, false),
                ("2027-03-28T01:00:00+00:00".to_string(), 60, 120, true),
                ("2027-10-31T01:00:00+00:00".to_string(), 120, 60, false),
            ]
        );
        let zone = Zone::covering(berlin, [at("2026-07-01 12:00", berlin)].into_iter(), at("2026-07-01 12:00", berlin));
        let mut out = Lines::default();
        zone.write(&mut out);
        assert!(
            out.text.contains("BEGIN:DAYLIGHT\r\nDTSTART:20260329T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"),
            "{}",
            out.text
        );
        assert!(
            out.text.contains("BEGIN:STANDARD\r\nDTSTART:20261025T030000\r\nRRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"),
            "{}",
            out.text
        );
        // Both 02:30 of the autumn night are written in UTC; the hour
        // before is local.
        let second = "2026-10-25T01:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(zone.property("DTEND", second), "DTEND:20261025T013000Z");
        let first = "2026-10-25T00:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(zone.property("DTEND", first), "DTEND:20261025T003000Z");
        let before = "2026-10-24T23:30:00Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(zone.property("DTEND", before), "DTEND;TZID=Europe/Berlin:20261025T013000");
    }

    #[test]
    fn yearly_changes_become_one_rrule_and_irregular_ones_stay_listed() {
        let ny = chrono_tz::America::New_York;
        let zone = Zone::covering(
            ny,
            [at("2026-06-01 12:00", ny), at("2027-06-01 12:00", ny)].into_iter(),
            at("2026-06-01 12:00", ny),
        );
        let mut out = Lines::default();
        zone.write(&mut out);
        assert_eq!(out.text.matches("BEGIN:DAYLIGHT").count(), 1, "{}", out.text);
        assert!(out.text.contains("DTSTART:20260308T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\n"));
        assert!(out.text.contains("DTSTART:20261101T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\n"));

        let utc = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
        let (winter, summer) = (
            Observance { offset: 3600, dst: false, name: "CET".into() },
            Observance { offset: 7200, dst: true, name: "CEST".into() },
        );
        let change = |at: &str| Transition { at: utc(at), from: winter.clone(), to: summer.clone() };
        // Last Sundays of March, 2026 and 2027: a rule up to 2027, not beyond.
        let regular = [change("2026-03-29T01:00:00Z"), change("2027-03-28T01:00:00Z")];
        let refs: Vec<&Transition> = regular.iter().collect();
        assert_eq!(yearly_rule(&refs, 2027).as_deref(), Some("FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU"));
        assert_eq!(yearly_rule(&refs, 2028), None, "no change in 2028: no rule");
        // A year skipped, or another month: listed one by one.
        let gap = [change("2026-03-29T01:00:00Z"), change("2028-03-26T01:00:00Z")];
        assert_eq!(yearly_rule(&gap.iter().collect::<Vec<_>>(), 2028), None);
        let moved = [change("2026-03-29T01:00:00Z"), change("2027-04-25T01:00:00Z")];
        assert_eq!(yearly_rule(&moved.iter().collect::<Vec<_>>(), 2027), None);
    }

    #[test]
    fn only_the_years_of_the_events_are_described() {
        let berlin = chrono_tz::Europe::Berlin;
        let events = [at("2026-07-01 12:00", berlin), at("2027-07-01 12:00", berlin), at("2031-07-01 12:00", berlin)];
        let zone = Zone::covering(berlin, events.into_iter(), events[0]);
        let Zone::Local { spans, .. } = &zone else { panic!("not local") };
        let years: Vec<(String, i32)> = spans.iter().map(|s| (s.start.to_rfc3339(), s.last_year)).collect();
        assert_eq!(
            years,
            [("2025-12-31T23:00:00+00:00".to_string(), 2027), ("2030-12-31T23:00:00+00:00".to_string(), 2031)]
        );
        let mut out = Lines::default();
        zone.write(&mut out);
        // The rule of the first span stops at its last change; the second
        // span starts with the observance in force on 1 January 2031.
        assert!(out.text.contains("RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU;UNTIL=20270329T010000Z\r\n"), "{}", out.text);
        assert!(out.text.contains("BEGIN:STANDARD\r\nDTSTART:20310101T000000\r\nTZOFFSETFROM:+0100\r\n"));
        assert!(out.text.contains("DTSTART:20310330T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU\r\n"));
    }

    #[test]
    fn utc_is_written_with_z_and_no_vtimezone() {
        let zone = Zone::covering(chrono_tz::UTC, std::iter::empty(), at("2026-11-22 09:00", chrono_tz::UTC));
        assert!(matches!(zone, Zone::Utc));
        let t = at("2026-11-23 17:00", chrono_tz::UTC).0;
        assert_eq!(zone.property("DTSTART", t), "DTSTART:20261123T170000Z");
    }

    #[test]
    fn offsets() {
        assert_eq!(offset(8 * 3600), "+0800");
        assert_eq!(offset(-(4 * 3600 + 30 * 60)), "-0430");
        assert_eq!(offset(5 * 3600 + 53 * 60 + 28), "+055328");
        assert_eq!(offset(0), "+0000");
    }
}

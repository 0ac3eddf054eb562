//! Reports: which records fall in a period, and the metrics of
//! `docs/report.md` over them, in total and per group.
//!
//! Pure data in, data out: the command fills missing `created`/`closed`
//! times from git history first (see [`crate::store::history`]), this module counts,
//! and a renderer in [`crate::render::report`] writes a table, Markdown,
//! JSON or CSV from the [`Report`]. A new output format is one more renderer
//! over the same data.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate, NaiveTime};
use chrono_tz::Tz;

use crate::model::config::Config;
use crate::model::minutes::Judgement;
use crate::model::record::{Record, Status};
use crate::model::sla;
use crate::model::time::{self, Instant};

/// The kind of period a report covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Year,
    Quarter,
    Month,
}

/// A span of time `start ≤ t < end`, named by `label` (`2026-Q4`, `2026`,
/// `2026-11`). Bounds are local midnights in the repository's timezone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Period {
    pub kind: PeriodKind,
    pub label: String,
    pub start: Instant,
    pub end: Instant,
}

impl Period {
    /// `2026-Q4` (also `2026-q4`).
    pub fn quarter(text: &str, tz: Tz) -> Result<Period, String> {
        let bad = || format!("`{text}` is not a quarter; write e.g. 2026-Q4");
        let t = text.trim();
        let (y, q) = t.split_once(['-']).ok_or_else(bad)?;
        let q = q.strip_prefix(['Q', 'q']).ok_or_else(bad)?;
        let year = year_number(y).ok_or_else(bad)?;
        let q: u32 = match q {
            "1" | "2" | "3" | "4" => q.parse().map_err(|_| bad())?,
            _ => return Err(bad()),
        };
        Period::of_quarter(year, q, tz).ok_or_else(bad)
    }

    /// `2026`.
    pub fn year(text: &str, tz: Tz) -> Result<Period, String> {
        let bad =
            || format!("`{text}` is not a year from {} to {}; write e.g. 2026", time::YEARS.start(), time::YEARS.end());
        let year = year_number(text.trim()).ok_or_else(bad)?;
        let start = first_day(year, 1).ok_or_else(bad)?;
        let end = first_day(year + 1, 1).ok_or_else(bad)?;
        Ok(Period {
            kind: PeriodKind::Year,
            label: format!("{year}"),
            start: midnight(start, tz),
            end: midnight(end, tz),
        })
    }

    /// `2026-11` (also `2026-1`).
    pub fn month(text: &str, tz: Tz) -> Result<Period, String> {
        let bad = || format!("`{text}` is not a month; write e.g. 2026-11");
        let (y, m) = text.trim().split_once('-').ok_or_else(bad)?;
        let year = year_number(y).ok_or_else(bad)?;
        if m.is_empty() || m.len() > 2 || !m.bytes().all(|b| b.is_ascii_digit()) {
            return Err(bad());
        }
        let month: u32 = m.parse().map_err(|_| bad())?;
        if !(1..=12).contains(&month) {
            return Err(bad());
        }
        let start = first_day(year, month).ok_or_else(bad)?;
        let end = if month == 12 { first_day(year + 1, 1) } else { first_day(year, month + 1) }.ok_or_else(bad)?;
        Ok(Period {
            kind: PeriodKind::Month,
            label: format!("{year}-{month:02}"),
            start: midnight(start, tz),
            end: midnight(end, tz),
        })
    }

    /// The quarter containing `now` in `tz`.
    pub fn quarter_containing(now: Instant, tz: Tz) -> Period {
        let local = now.0.with_timezone(&tz).date_naive();
        let q = (local.month() - 1) / 3 + 1;
        // A date chrono gave us has a quarter chrono can build.
        Period::of_quarter(local.year(), q, tz).unwrap_or_else(|| Period {
            kind: PeriodKind::Quarter,
            label: quarter_label(local.year(), q),
            start: now,
            end: now,
        })
    }

    fn of_quarter(year: i32, q: u32, tz: Tz) -> Option<Period> {
        let start = first_day(year, 3 * (q - 1) + 1)?;
        let end = if q == 4 { first_day(year + 1, 1)? } else { first_day(year, 3 * q + 1)? };
        Some(Period {
            kind: PeriodKind::Quarter,
            label: quarter_label(year, q),
            start: midnight(start, tz),
            end: midnight(end, tz),
        })
    }

    pub fn contains(&self, t: Instant) -> bool {
        self.start <= t && t < self.end
    }

    /// The period of the same kind just before this one (the quarter,
    /// month or year before), with bounds in `tz`; `None` before year 1000.
    pub fn previous(&self, tz: Tz) -> Option<Period> {
        let first = self.start.0.with_timezone(&tz).date_naive();
        let (y, m) = (first.year(), first.month());
        let p = match self.kind {
            PeriodKind::Quarter => {
                let q = (m - 1) / 3 + 1;
                if q == 1 { Period::of_quarter(y - 1, 4, tz) } else { Period::of_quarter(y, q - 1, tz) }
            }
            PeriodKind::Month => {
                let (py, pm) = if m == 1 { (y - 1, 12) } else { (y, m - 1) };
                Some(Period {
                    kind: PeriodKind::Month,
                    label: format!("{py}-{pm:02}"),
                    start: midnight(first_day(py, pm)?, tz),
                    end: midnight(first_day(y, m)?, tz),
                })
            }
            PeriodKind::Year => Some(Period {
                kind: PeriodKind::Year,
                label: format!("{}", y - 1),
                start: midnight(first_day(y - 1, 1)?, tz),
                end: midnight(first_day(y, 1)?, tz),
            }),
        }?;
        time::YEARS.contains(&p.start.0.with_timezone(&tz).year()).then_some(p)
    }
}

/// `2026-Q4`.
pub fn quarter_label(year: i32, q: u32) -> String {
    format!("{year}-Q{q}")
}

/// Four digits, 1000–9999.
fn year_number(s: &str) -> Option<i32> {
    if s.len() != 4 || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok().filter(|y| time::YEARS.contains(y))
}

fn first_day(year: i32, month: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, 1)
}

/// The first moment of `date` in `tz`: local midnight, or the first hour
/// that exists where the clocks skip midnight.
fn midnight(date: NaiveDate, tz: Tz) -> Instant {
    for h in 0..24 {
        if let Some(t) = NaiveTime::from_hms_opt(h, 0, 0)
            && let Ok(i) = time::local(date.and_time(t), tz)
        {
            return i;
        }
    }
    Instant(date.and_time(NaiveTime::MIN).and_utc())
}

/// The metrics of `docs/report.md`, for a set of records.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
pub struct Metrics {
    pub total: u64,
    pub open: u64,
    pub done: u64,
    pub cancelled: u64,
    pub overdue: u64,
    pub on_time: u64,
    pub late: u64,
    /// on_time / (on_time + late + overdue), 4 decimals; `None` when the divisor is 0.
    pub on_time_rate: Option<f64>,
    /// Mean of closed − created over done records, in hours, 2 decimals.
    pub avg_resolution_hours: Option<f64>,
    /// Mean of first ack − created over records with an ack, in hours, 2 decimals.
    pub avg_ack_hours: Option<f64>,
    /// Mean of responded − created over records with `responded`, in hours, 2 decimals.
    pub avg_response_hours: Option<f64>,
    /// Records with a `respond_within` window (`sla`) that responded within
    /// it / (those that responded + those open past it without), 4 decimals.
    pub response_within_sla_rate: Option<f64>,
    /// Done records with a `resolve_within` window closed within it / (done
    /// records with one and a `closed` time + open ones past it), 4 decimals.
    pub resolution_within_sla_rate: Option<f64>,
    /// Meetings whose minutes were sent within the window / (meetings with
    /// `minutes_sent` + meetings past the window without), 4 decimals;
    /// `None` when the divisor is 0.
    pub minutes_on_time_rate: Option<f64>,
    /// Mean of (last required approval − created) over records whose
    /// required approval steps are all approved, in hours, 2 decimals.
    pub avg_approval_hours: Option<f64>,
    /// Expected confirmers who acknowledged / expected confirmers, over
    /// records whose type requires confirmation, 4 decimals.
    pub ack_coverage: Option<f64>,
    /// Records with `sent` and no `corrections` / records with `sent`, 4 decimals.
    pub accuracy_rate: Option<f64>,
    /// Mean of the `satisfaction` ratings (1–5), 2 decimals.
    pub avg_satisfaction: Option<f64>,
    /// How many records have a `satisfaction` rating.
    pub satisfaction_count: u64,
}

impl Metrics {
    /// A metric by its JSON name (the names of
    /// [`crate::model::targets::METRICS`]); `None` for a metric without a
    /// value (its divisor is 0) or a name that is no metric.
    pub fn get(&self, name: &str) -> Option<f64> {
        let count = |n: u64| Some(n as f64);
        match name {
            "total" => count(self.total),
            "open" => count(self.open),
            "done" => count(self.done),
            "cancelled" => count(self.cancelled),
            "overdue" => count(self.overdue),
            "on_time" => count(self.on_time),
            "late" => count(self.late),
            "on_time_rate" => self.on_time_rate,
            "avg_resolution_hours" => self.avg_resolution_hours,
            "avg_ack_hours" => self.avg_ack_hours,
            "avg_response_hours" => self.avg_response_hours,
            "response_within_sla_rate" => self.response_within_sla_rate,
            "resolution_within_sla_rate" => self.resolution_within_sla_rate,
            "minutes_on_time_rate" => self.minutes_on_time_rate,
            "avg_approval_hours" => self.avg_approval_hours,
            "ack_coverage" => self.ack_coverage,
            "accuracy_rate" => self.accuracy_rate,
            "avg_satisfaction" => self.avg_satisfaction,
            "satisfaction_count" => count(self.satisfaction_count),
            _ => None,
        }
    }

    /// Whether any response-time (时效) metric has a value: the table and
    /// Markdown show their section only then.
    pub fn has_sla(&self) -> bool {
        self.avg_response_hours.is_some()
            || self.response_within_sla_rate.is_some()
            || self.resolution_within_sla_rate.is_some()
    }

    /// Whether any of the quality measures (approval time, confirmation
    /// coverage, accuracy, satisfaction) has a value: the table and
    /// Markdown show their section only then.
    pub fn has_quality(&self) -> bool {
        self.avg_approval_hours.is_some()
            || self.ack_coverage.is_some()
            || self.accuracy_rate.is_some()
            || self.satisfaction_count > 0
    }
}

/// Running sums from which [`Metrics`] are made.
#[derive(Clone, Debug, Default)]
struct Tally {
    m: Metrics,
    resolution_secs: i128,
    resolved: u64,
    ack_secs: i128,
    acked: u64,
    minutes_on_time: u64,
    minutes_judged: u64,
    response_secs: i128,
    responded: u64,
    /// (within, judged) for the response and the resolution windows.
    response_sla: (u64, u64),
    resolution_sla: (u64, u64),
    approval_secs: i128,
    approved: u64,
    /// (confirmed, expected) over records whose type requires confirmation.
    confirmers: (u64, u64),
    /// (sent without corrections, sent).
    accurate: (u64, u64),
    satisfaction_sum: u64,
}

impl Tally {
    fn add(&mut self, r: &Record, now: Instant, config: &Config) {
        if let Some(minutes) = &r.minutes {
            match minutes.judge(now, &config.workdays, config.timezone) {
                Some(Judgement::OnTime) => {
                    self.minutes_on_time += 1;
                    self.minutes_judged += 1;
                }
                Some(Judgement::Late { .. }) => self.minutes_judged += 1,
                // A cancelled meeting owes no minutes (as `minutes-not-sent`).
                Some(Judgement::NotSent { .. }) if r.status != Some(Status::Cancelled) => self.minutes_judged += 1,
                _ => {}
            }
        }
        self.add_sla(r, now, config);
        self.add_quality(r);
        let m = &mut self.m;
        m.total += 1;
        match r.status {
            Some(s) if s.is_open() => {
                m.open += 1;
                if r.deadline.is_some_and(|d| d < now) {
                    m.overdue += 1;
                }
            }
            Some(Status::Done) => {
                m.done += 1;
                if let (Some(closed), Some(deadline)) = (r.closed, r.deadline) {
                    if closed <= deadline {
                        m.on_time += 1;
                    } else {
                        m.late += 1;
                    }
                }
                if let (Some(closed), Some(created)) = (r.closed, r.created) {
                    self.resolution_secs += i128::from(closed.timestamp() - created.timestamp());
                    self.resolved += 1;
                }
            }
            Some(Status::Cancelled) => m.cancelled += 1,
            _ => {}
        }
        if let (Some(first), Some(created)) = (r.acks.iter().filter_map(|a| a.at).min(), r.created) {
            self.ack_secs += i128::from(first.timestamp() - created.timestamp());
            self.acked += 1;
        }
    }

    /// The quality measures of [`crate::model::measures::Measures`].
    fn add_quality(&mut self, r: &Record) {
        let q = &r.measures;
        if let (Some(approved), Some(created)) = (q.approved, r.created) {
            self.approval_secs += i128::from(approved.timestamp() - created.timestamp());
            self.approved += 1;
        }
        if let Some((expected, confirmed)) = q.confirmers {
            self.confirmers.0 += u64::from(confirmed);
            self.confirmers.1 += u64::from(expected);
        }
        if q.sent {
            self.accurate.0 += u64::from(!q.corrected);
            self.accurate.1 += 1;
        }
        if let Some(s) = q.satisfaction {
            self.satisfaction_sum += u64::from(s);
            self.m.satisfaction_count += 1;
        }
    }

    /// `responded` and the `sla` windows (see [`crate::model::sla`]).
    fn add_sla(&mut self, r: &Record, now: Instant, config: &Config) {
        if let (Some(responded), Some(created)) = (r.responded, r.created) {
            self.response_secs += i128::from(responded.timestamp() - created.timestamp());
            self.responded += 1;
        }
        if config.sla.is_empty() {
            return;
        }
        let w = config.sla.windows(&r.rtype, r.channel.as_deref());
        let clock = sla::Clock { now, calendar: &config.workdays, tz: config.timezone };
        let open = r.status.is_some_and(Status::is_open);
        let count = |slot: &mut (u64, u64), v: Option<sla::Verdict>| {
            if let Some(v) = v {
                slot.1 += 1;
                slot.0 += u64::from(v == sla::Verdict::Within);
            }
        };
        count(&mut self.response_sla, sla::response(r.created, r.responded, open, w.respond_within, clock));
        let done = r.status == Some(Status::Done);
        count(&mut self.resolution_sla, sla::resolution(r.created, r.closed, done, open, w.resolve_within, clock));
    }

    fn finish(&self) -> Metrics {
        let mut m = self.m.clone();
        let judged = m.on_time + m.late + m.overdue;
        m.on_time_rate = (judged > 0).then(|| round(m.on_time as f64 / judged as f64, 4));
        m.avg_resolution_hours = mean_hours(self.resolution_secs, self.resolved);
        m.avg_ack_hours = mean_hours(self.ack_secs, self.acked);
        m.minutes_on_time_rate =
            (self.minutes_judged > 0).then(|| round(self.minutes_on_time as f64 / self.minutes_judged as f64, 4));
        m.avg_response_hours = mean_hours(self.response_secs, self.responded);
        let rate = |(within, judged): (u64, u64)| (judged > 0).then(|| round(within as f64 / judged as f64, 4));
        m.response_within_sla_rate = rate(self.response_sla);
        m.resolution_within_sla_rate = rate(self.resolution_sla);
        m.avg_approval_hours = mean_hours(self.approval_secs, self.approved);
        m.ack_coverage = rate(self.confirmers);
        m.accuracy_rate = rate(self.accurate);
        m.avg_satisfaction =
            (m.satisfaction_count > 0).then(|| round(self.satisfaction_sum as f64 / m.satisfaction_count as f64, 2));
        m
    }
}

fn mean_hours(secs: i128, n: u64) -> Option<f64> {
    (n > 0).then(|| round(secs as f64 / n as f64 / 3600.0, 2))
}

fn round(x: f64, places: i32) -> f64 {
    let f = 10f64.powi(places);
    (x * f).round() / f
}

/// What a group of a report is keyed by.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dimension {
    Type,
    Owner,
    Project,
    Department,
    /// `channel`, under its name in the channel registry when it is one.
    Channel,
    /// The repository a record is in: only in a report over several
    /// (`report --repo A --repo B`), after the others.
    Repo,
}

impl Dimension {
    pub const ALL: [Dimension; 5] =
        [Dimension::Type, Dimension::Owner, Dimension::Project, Dimension::Department, Dimension::Channel];

    /// The JSON key of the group (`by_type` …).
    pub fn json_key(self) -> &'static str {
        match self {
            Dimension::Type => "by_type",
            Dimension::Owner => "by_owner",
            Dimension::Project => "by_project",
            Dimension::Department => "by_department",
            Dimension::Channel => "by_channel",
            Dimension::Repo => "by_repo",
        }
    }

    /// The short name (`type` …), as in CSV.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Type => "type",
            Dimension::Owner => "owner",
            Dimension::Project => "project",
            Dimension::Department => "department",
            Dimension::Channel => "channel",
            Dimension::Repo => "repo",
        }
    }

    /// The key of `r` in this dimension; `None` is the "(none)" bucket.
    fn key(self, r: &Record, config: &Config) -> Option<String> {
        let nonempty = |s: &str| (!s.trim().is_empty()).then(|| s.trim().to_string());
        match self {
            Dimension::Type => nonempty(&r.rtype),
            // Any spelling of a person (an alias, another case or width,
            // full-width spaces) counts as that person, under their name.
            Dimension::Owner => nonempty(config.people.canonical(&r.owner)),
            Dimension::Project => r.project.as_deref().and_then(nonempty),
            Dimension::Department => {
                config.people.resolve(&r.owner).and_then(|p| p.department.as_deref()).and_then(nonempty)
            }
            // Any spelling the registry matches counts as its channel; a
            // record without one (feedback) counts under the channel it is about.
            Dimension::Channel => match r.channel.as_deref().and_then(nonempty) {
                Some(c) => Some(config.channels.get(&c).map_or(c, |ch| ch.name.clone())),
                None => r
                    .measures
                    .about_channel
                    .and_then(|i| config.channels.channels.get(usize::from(i)))
                    .map(|ch| ch.name.clone()),
            },
            // Known to the report, not the record (see `build_parts`).
            Dimension::Repo => None,
        }
    }
}

/// One row of a group: its key (`None`: the record has no value, or for
/// departments, its owner is not in the people directory) and metrics.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    pub key: Option<String>,
    pub metrics: Metrics,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    pub dimension: Dimension,
    /// Most records first, then by key; the `None` row last.
    pub rows: Vec<Row>,
}

/// A report: its period, the project it is limited to, and its numbers.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub period: Period,
    pub project: Option<String>,
    /// "Now", against which `overdue` is judged.
    pub now: Instant,
    pub totals: Metrics,
    /// One per [`Dimension::ALL`], in that order; then [`Dimension::Repo`]
    /// when the report is over several repositories.
    pub groups: Vec<Group>,
    /// The period the targets' `previous` figures are of.
    pub previous: Option<Period>,
    /// `targets` of comms.yaml, judged (see [`crate::report::targets`]).
    pub targets: Vec<crate::report::targets::Judged>,
}

/// Which records a report counts.
pub struct Filter<'a> {
    pub period: &'a Period,
    pub project: Option<&'a str>,
}

impl Filter<'_> {
    /// In the period by `created`, and of the project if one is asked for.
    /// A record without a `created` time is in no period.
    pub fn matches(&self, r: &Record) -> bool {
        r.created.is_some_and(|c| self.period.contains(c))
            && self.project.is_none_or(|p| r.project.as_deref().map(str::trim) == Some(p.trim()))
    }
}

/// One repository of a report: its name (for `by_repo`), records and
/// settings, and the report's period in its timezone.
pub struct Part<'a> {
    pub name: String,
    pub records: &'a [Record],
    pub config: &'a Config,
    pub period: Period,
}

/// Counts `records` that pass `filter`.
pub fn build(records: &[Record], filter: &Filter, config: &Config, now: Instant) -> Report {
    let part = Part { name: String::new(), records, config, period: filter.period.clone() };
    build_parts(std::slice::from_ref(&part), filter.project, now)
}

/// Counts the records of every part, each in its own period, with its own
/// settings (people, `sla`, calendar): the totals and every group are over
/// all of them; with more than one part, `by_repo` too.
pub fn build_parts(parts: &[Part], project: Option<&str>, now: Instant) -> Report {
    let mut totals = Tally::default();
    let mut groups: Vec<HashMap<Option<String>, Tally>> = vec![HashMap::new(); Dimension::ALL.len()];
    let mut repos: Vec<(Option<String>, Tally)> = Vec::new();
    let several = parts.len() > 1;
    for part in parts {
        let filter = Filter { period: &part.period, project };
        let mut repo = Tally::default();
        for r in part.records.iter().filter(|r| filter.matches(r)) {
            totals.add(r, now, part.config);
            if several {
                repo.add(r, now, part.config);
            }
            for (dim, map) in Dimension::ALL.iter().zip(groups.iter_mut()) {
                map.entry(dim.key(r, part.config)).or_default().add(r, now, part.config);
            }
        }
        repos.push((Some(part.name.clone()), repo));
    }
    let mut groups: Vec<Group> = Dimension::ALL
        .iter()
        .zip(groups)
        .map(|(dim, map)| Group { dimension: *dim, rows: sorted(map.into_iter()) })
        .collect();
    if several {
        // In the order the repositories were given.
        let rows = repos.into_iter().map(|(key, t)| Row { key, metrics: t.finish() }).collect();
        groups.push(Group { dimension: Dimension::Repo, rows });
    }
    Report {
        period: parts.first().map_or_else(|| Period::quarter_containing(now, chrono_tz::UTC), |p| p.period.clone()),
        project: project.map(|p| p.trim().to_string()),
        now,
        totals: totals.finish(),
        groups,
        previous: None,
        targets: Vec::new(),
    }
}

/// The totals alone over the parts, the `i`-th part's records in
/// `period_of(i)` (none when `None`).
pub fn totals_of(
    parts: &[Part],
    period_of: impl Fn(usize) -> Option<Period>,
    project: Option<&str>,
    now: Instant,
) -> Metrics {
    let mut totals = Tally::default();
    for (i, part) in parts.iter().enumerate() {
        let Some(period) = period_of(i) else { continue };
        let filter = Filter { period: &period, project };
        for r in part.records.iter().filter(|r| filter.matches(r)) {
            totals.add(r, now, part.config);
        }
    }
    totals.finish()
}

/// Group rows: most records first, then by key; the `None` row last.
fn sorted(rows: impl Iterator<Item = (Option<String>, Tally)>) -> Vec<Row> {
    let mut rows: Vec<Row> = rows.map(|(key, t)| Row { key, metrics: t.finish() }).collect();
    rows.sort_by(|a, b| {
        a.key
            .is_none()
            .cmp(&b.key.is_none())
            .then(b.metrics.total.cmp(&a.metrics.total))
            .then_with(|| a.key.cmp(&b.key))
    });
    rows
}

/// Records by status, for the chart of records by type and status.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StatusCounts {
    /// One per [`Status::ALL`], in that order.
    pub by_status: [u64; 5],
    /// Records whose `status` is missing or not a status.
    pub unknown: u64,
}

impl StatusCounts {
    fn add(&mut self, status: Option<Status>) {
        match status.and_then(|s| Status::ALL.iter().position(|x| *x == s)) {
            Some(i) => self.by_status[i] += 1,
            None => self.unknown += 1,
        }
    }

    pub fn total(&self) -> u64 {
        self.by_status.iter().sum::<u64>() + self.unknown
    }
}

/// One quarter of the trend: its period, the report's metrics over the
/// records created in it, and whether it overlaps the report's period.
#[derive(Clone, Debug, PartialEq)]
pub struct TrendPoint {
    pub period: Period,
    pub metrics: Metrics,
    pub in_period: bool,
}

/// How long an open record has been overdue: each bucket holds its lower
/// bound and not its upper one (`1–3 d` is 1 day ≤ age < 3 days).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Age {
    UnderADay,
    OneToThreeDays,
    ThreeToSevenDays,
    SevenToThirtyDays,
    ThirtyDaysOrMore,
}

impl Age {
    pub const ALL: [Age; 5] =
        [Age::UnderADay, Age::OneToThreeDays, Age::ThreeToSevenDays, Age::SevenToThirtyDays, Age::ThirtyDaysOrMore];

    /// The bucket of a record `secs` seconds past its deadline.
    pub fn of_seconds(secs: i64) -> Age {
        const DAY: i64 = 24 * 3600;
        match secs {
            s if s < DAY => Age::UnderADay,
            s if s < 3 * DAY => Age::OneToThreeDays,
            s if s < 7 * DAY => Age::ThreeToSevenDays,
            s if s < 30 * DAY => Age::SevenToThirtyDays,
            _ => Age::ThirtyDaysOrMore,
        }
    }
}

/// An open record past its deadline, for the list under the ageing chart.
#[derive(Clone, Debug, PartialEq)]
pub struct Overdue {
    pub id: String,
    pub subject: String,
    pub owner: String,
    pub project: Option<String>,
    pub deadline: Instant,
    /// Now − deadline, in seconds (> 0).
    pub overdue_secs: i64,
}

/// What the HTML dashboard draws besides the report's tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Dashboard {
    /// Per type, in the order of the report's `by_type` rows (most records
    /// first, then by key, the `None` row last).
    pub by_type_status: Vec<(Option<String>, StatusCounts)>,
    /// Four consecutive quarters, oldest first (see [`trend_quarters`]).
    pub trend: Vec<TrendPoint>,
    /// The report's overdue records (open, deadline < now) per [`Age::ALL`]
    /// bucket; they add up to the report's `overdue` total.
    pub ageing: [u64; 5],
    /// The same records, longest overdue first (then by id).
    pub overdue: Vec<Overdue>,
    /// The report's period and the three of the same kind before it,
    /// oldest first, for the trend of each targeted metric; empty when the
    /// repository sets no `targets`.
    pub periods: Vec<TrendPoint>,
}

/// The quarters of the trend: the quarter holding the last day of
/// `period` and the three before it. For a quarter that is the quarter and
/// the three before; for a year, its four quarters; for a month, its
/// quarter and the three before.
pub fn trend_quarters(period: &Period, tz: Tz) -> Vec<Period> {
    let last = Instant(period.end.0 - chrono::TimeDelta::seconds(1));
    let (mut year, mut q) = time::year_quarter(last.max(period.start), tz);
    let mut out = Vec::with_capacity(4);
    for _ in 0..4 {
        if let Some(p) = Period::of_quarter(year, q, tz) {
            out.push(p);
        }
        (year, q) = if q == 1 { (year - 1, 4) } else { (year, q - 1) };
    }
    out.reverse();
    out
}

/// The dashboard's data over the records `filter` keeps (the trend keeps
/// the project filter and moves the period over [`trend_quarters`], in
/// `config`'s timezone).
pub fn dashboard(records: &[Record], filter: &Filter, config: &Config, now: Instant) -> Dashboard {
    let part = Part { name: String::new(), records, config, period: filter.period.clone() };
    dashboard_parts(std::slice::from_ref(&part), filter.project, now, false)
}

/// The dashboard's data over several repositories, each in its own
/// timezone; `periods` is filled when `targets` is asked for.
pub fn dashboard_parts(parts: &[Part], project: Option<&str>, now: Instant, targets: bool) -> Dashboard {
    let mut types: HashMap<Option<String>, StatusCounts> = HashMap::new();
    let mut ageing = [0u64; 5];
    let mut overdue = Vec::new();
    for part in parts {
        let filter = Filter { period: &part.period, project };
        for r in part.records.iter().filter(|r| filter.matches(r)) {
            types.entry(Dimension::Type.key(r, part.config)).or_default().add(r.status);
            if r.status.is_some_and(Status::is_open)
                && let Some(deadline) = r.deadline
                && deadline < now
            {
                let secs = now.timestamp() - deadline.timestamp();
                let i = Age::ALL.iter().position(|a| *a == Age::of_seconds(secs)).unwrap_or(0);
                ageing[i] += 1;
                overdue.push(Overdue {
                    id: r.id.to_string(),
                    subject: r.subject.to_string(),
                    owner: r.owner.to_string(),
                    project: r.project.as_ref().map(|p| p.to_string()),
                    deadline,
                    overdue_secs: secs,
                });
            }
        }
    }
    overdue.sort_by(|a, b| b.overdue_secs.cmp(&a.overdue_secs).then_with(|| a.id.cmp(&b.id)));
    let mut by_type_status: Vec<(Option<String>, StatusCounts)> = types.into_iter().collect();
    by_type_status.sort_by(|(ka, a), (kb, b)| {
        ka.is_none().cmp(&kb.is_none()).then(b.total().cmp(&a.total())).then_with(|| ka.cmp(kb))
    });
    // The quarters of each repository in its own timezone, summed by place.
    let quarters: Vec<Vec<Period>> = parts.iter().map(|p| trend_quarters(&p.period, p.config.timezone)).collect();
    let first = quarters.first().cloned().unwrap_or_default();
    let trend = first
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let metrics = totals_of(parts, |at| quarters.get(at)?.get(i).cloned(), project, now);
            let in_period = parts.first().is_some_and(|p| q.start < p.period.end && p.period.start < q.end);
            TrendPoint { metrics, period: q.clone(), in_period }
        })
        .collect();
    let periods = if targets { period_trend(parts, project, now) } else { Vec::new() };
    Dashboard { by_type_status, trend, ageing, overdue, periods }
}

/// The report's period and the three before it (of its kind), oldest first,
/// with the totals of each.
pub fn period_trend(parts: &[Part], project: Option<&str>, now: Instant) -> Vec<TrendPoint> {
    let mut out = Vec::with_capacity(4);
    let mut periods: Vec<Option<Period>> = parts.iter().map(|p| Some(p.period.clone())).collect();
    for back in 0..4 {
        let Some(Some(label)) = periods.first().cloned() else { break };
        let metrics = totals_of(parts, |at| periods.get(at).cloned().flatten(), project, now);
        out.push(TrendPoint { metrics, period: label, in_period: back == 0 });
        periods = periods
            .iter()
            .zip(parts)
            .map(|(p, part)| p.as_ref().and_then(|p| p.previous(part.config.timezone)))
            .collect();
    }
    out.reverse();
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Person;
    use crate::model::record::Ack;
    use std::path::PathBuf;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    fn t(s: &str) -> Instant {
        time::parse(s, SH).unwrap()
    }

    fn rec(status: Status, created: &str, deadline: &str, closed: Option<&str>) -> Record {
        Record {
            path: PathBuf::from("records/a.md"),
            id: "a".into(),
            rtype: "urgent".into(),
            subject: "s".into(),
            owner: "张伟".into(),
            deadline: Some(t(deadline)),
            status: Some(status),
            project: Some("二号产线".into()),
            created: Some(t(created)),
            closed: closed.map(t),
            ..Default::default()
        }
    }

    #[test]
    fn periods_parse_and_bound_in_the_timezone() {
        let q = Period::quarter("2026-Q4", SH).unwrap();
        assert_eq!(
            (q.label.as_str(), q.start.display(SH), q.end.display(SH)),
            ("2026-Q4", "2026-10-01 00:00".into(), "2027-01-01 00:00".into())
        );
        assert_eq!(q.start.display(chrono_tz::UTC), "2026-09-30 16:00");
        assert_eq!(Period::quarter("2026-q1", SH).unwrap().label, "2026-Q1");
        let y = Period::year("2026", SH).unwrap();
        assert_eq!((y.start.display(SH), y.end.display(SH)), ("2026-01-01 00:00".into(), "2027-01-01 00:00".into()));
        let m = Period::month("2026-12", SH).unwrap();
        assert_eq!((m.label.as_str(), m.end.display(SH)), ("2026-12", "2027-01-01 00:00".into()));
        assert_eq!(Period::month("2026-2", SH).unwrap().label, "2026-02");
        let now = t("2026-11-22 09:00");
        assert_eq!(Period::quarter_containing(now, SH).label, "2026-Q4");
        // Just after midnight on Jan 1 local is still the new quarter, though UTC is in the old year.
        assert_eq!(Period::quarter_containing(t("2027-01-01 00:30"), SH).label, "2027-Q1");
    }

    #[test]
    fn bad_periods_say_what_to_write() {
        assert_eq!(Period::quarter("2026-Q5", SH).unwrap_err(), "`2026-Q5` is not a quarter; write e.g. 2026-Q4");
        for bad in ["2026Q4", "26-Q4", "2026-Q", "2026-Q04", "Q4", "", "二〇二六-Q4"] {
            assert!(Period::quarter(bad, SH).is_err(), "{bad}");
        }
        assert_eq!(Period::year("26", SH).unwrap_err(), "`26` is not a year from 1000 to 9999; write e.g. 2026");
        assert_eq!(Period::month("2026-13", SH).unwrap_err(), "`2026-13` is not a month; write e.g. 2026-11");
        for bad in ["2026", "2026-", "2026-001", "2026-0", "2026/11"] {
            assert!(Period::month(bad, SH).is_err(), "{bad}");
        }
    }

    #[test]
    fn midnight_in_a_gap_is_the_first_hour_that_exists() {
        // Santiago skipped 2022-09-11 00:00 (clocks went to 01:00).
        let tz = chrono_tz::America::Santiago;
        let m = midnight(NaiveDate::from_ymd_opt(2022, 9, 11).unwrap(), tz);
        assert_eq!(m.display(tz), "2022-09-11 01:00");
    }

    #[test]
    fn response_time_metrics_as_defined() {
        // The worked example of docs/report.md, "Response time (时效)".
        let now = t("2026-11-22 12:00");
        let config = Config::parse(
            std::path::Path::new("comms.yaml"),
            "timezone: Asia/Shanghai\nsla:\n  external: { respond_within: 24h, resolve_within: 48h }\n  channels: { CRM工单: { respond_within: 4h } }\n"
                .as_bytes()
                .to_vec(),
        )
        .unwrap();
        let ext = |status: Status, created: &str, responded: Option<&str>, closed: Option<&str>| {
            let mut r = rec(status, created, "2026-12-30 18:00", closed);
            r.rtype = "external".into();
            r.responded = responded.map(t);
            r
        };
        let mut s2 = ext(Status::Done, "2026-11-16 09:00", Some("2026-11-16 15:00"), Some("2026-11-18 08:00"));
        s2.channel = Some("CRM工单".into());
        let mut s5 = rec(Status::InProgress, "2026-11-18 09:00", "2026-11-25 18:00", None);
        s5.rtype = "internal".into();
        s5.responded = Some(t("2026-11-18 11:00"));
        let records = vec![
            // responded in 6 h (within 24 h), closed in 33 h (within 48 h)
            ext(Status::Done, "2026-11-16 09:00", Some("2026-11-16 15:00"), Some("2026-11-17 18:00")),
            // by CRM工单: 6 h is past its 4 h; closed in 47 h
            s2,
            // open, no response 26 h on, 50 h on: both windows missed
            ext(Status::Open, "2026-11-20 10:00", None, None),
            // open, 3 h old: neither window has passed
            ext(Status::Open, "2026-11-22 09:00", None, None),
            // no `sla` for internal: only in the response average (2 h)
            s5,
        ];
        let period = Period::quarter("2026-Q4", SH).unwrap();
        let r = build(&records, &Filter { period: &period, project: None }, &config, now);
        let m = &r.totals;
        assert_eq!(m.avg_response_hours, Some(4.67));
        assert_eq!(m.response_within_sla_rate, Some(0.3333));
        assert_eq!(m.resolution_within_sla_rate, Some(0.6667));
        let internal = r.groups[0].rows.iter().find(|row| row.key.as_deref() == Some("internal")).unwrap();
        assert_eq!((internal.metrics.avg_response_hours, internal.metrics.response_within_sla_rate), (Some(2.0), None));
        // Without `sla` the rates are null; the average stays.
        let r = build(&records, &Filter { period: &period, project: None }, &Config::default(), now);
        assert_eq!(
            (r.totals.avg_response_hours, r.totals.response_within_sla_rate, r.totals.resolution_within_sla_rate),
            (Some(4.67), None, None)
        );
    }

    #[test]
    fn every_metric_as_defined() {
        let now = t("2026-11-22 12:00");
        let mut acked = rec(Status::Open, "2026-11-20 08:00", "2026-11-21 08:00", None);
        acked.acks = vec![
            Ack { by: "李娜".into(), at: Some(t("2026-11-20 12:00")) },
            Ack { by: "王强".into(), at: Some(t("2026-11-20 10:00")) },
        ];
        let records = vec![
            acked,                                                                               // overdue
            rec(Status::InProgress, "2026-11-20 08:00", "2026-11-30 08:00", None),               // open, not overdue
            rec(Status::Delayed, "2026-11-20 08:00", "2026-11-22 11:59", None),                  // overdue
            rec(Status::Done, "2026-11-01 08:00", "2026-11-02 08:00", Some("2026-11-02 08:00")), // on time (equal)
            rec(Status::Done, "2026-11-01 08:00", "2026-11-02 08:00", Some("2026-11-03 14:00")), // late
            rec(Status::Done, "2026-11-01 08:00", "2026-11-02 08:00", None),                     // neither
            rec(Status::Cancelled, "2026-11-01 08:00", "2026-11-01 09:00", Some("2026-11-05 08:00")),
            rec(Status::Done, "2026-09-30 23:59", "2026-11-02 08:00", Some("2026-10-02 08:00")), // other quarter
        ];
        let period = Period::quarter("2026-Q4", SH).unwrap();
        let r = build(&records, &Filter { period: &period, project: None }, &Config::default(), now);
        let m = &r.totals;
        assert_eq!((m.total, m.open, m.done, m.cancelled), (7, 3, 3, 1));
        assert_eq!((m.overdue, m.on_time, m.late), (2, 1, 1));
        assert_eq!(m.on_time_rate, Some(0.25));
        // (24 h + 54 h) / 2
        assert_eq!(m.avg_resolution_hours, Some(39.0));
        // The first ack (10:00), 2 h after created.
        assert_eq!(m.avg_ack_hours, Some(2.0));
    }

    #[test]
    // `..default()` keeps the test compiling as metrics are added.
    #[allow(clippy::needless_update)]
    fn every_metric_is_read_by_its_json_name() {
        let m = Metrics {
            total: 9,
            open: 1,
            done: 2,
            cancelled: 3,
            overdue: 4,
            on_time: 5,
            late: 6,
            on_time_rate: Some(0.1),
            avg_resolution_hours: Some(1.5),
            avg_ack_hours: Some(2.5),
            avg_response_hours: Some(3.5),
            response_within_sla_rate: Some(0.2),
            resolution_within_sla_rate: Some(0.3),
            minutes_on_time_rate: Some(0.4),
            ..Metrics::default()
        };
        let json = serde_json::to_value(&m).unwrap();
        let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
        // A metric added to `Metrics` needs its row in `targets::METRICS` and its arm in `get`.
        for key in &keys {
            assert!(crate::model::targets::metric(key).is_some(), "`{key}` has no row in targets::METRICS");
            assert_eq!(m.get(key), json[key.as_str()].as_f64(), "{key}");
        }
        assert_eq!(keys.len(), crate::model::targets::METRICS.len());
        assert_eq!(m.get("no_such_metric"), None);
    }

    #[test]
    fn previous_periods_of_the_same_length() {
        let label = |p: Option<Period>| p.map(|p| (p.label, p.start.display(SH), p.end.display(SH)));
        let q = Period::quarter("2026-Q1", SH).unwrap();
        assert_eq!(
            label(q.previous(SH)),
            Some(("2025-Q4".into(), "2025-10-01 00:00".into(), "2026-01-01 00:00".into()))
        );
        let m = Period::month("2026-01", SH).unwrap();
        assert_eq!(
            label(m.previous(SH)),
            Some(("2025-12".into(), "2025-12-01 00:00".into(), "2026-01-01 00:00".into()))
        );
        assert_eq!(label(Period::month("2026-11", SH).unwrap().previous(SH)).unwrap().0, "2026-10");
        assert_eq!(label(Period::year("2026", SH).unwrap().previous(SH)).unwrap().0, "2025");
        assert_eq!(Period::year("1000", SH).unwrap().previous(SH), None);
    }

    #[test]
    fn the_period_trend_is_four_periods_of_the_reports_kind() {
        let config = Config { timezone: SH, ..Config::default() };
        let now = t("2026-11-22 12:00");
        let records = vec![
            rec(Status::Done, "2026-09-10 08:00", "2026-09-11 08:00", Some("2026-09-10 09:00")),
            rec(Status::Done, "2026-11-01 08:00", "2026-11-02 08:00", Some("2026-11-03 08:00")),
        ];
        let part = |period: Period| Part { name: String::new(), records: &records, config: &config, period };
        let trend = period_trend(&[part(Period::month("2026-11", SH).unwrap())], None, now);
        let got: Vec<(&str, u64, Option<f64>, bool)> = trend
            .iter()
            .map(|p| (p.period.label.as_str(), p.metrics.total, p.metrics.on_time_rate, p.in_period))
            .collect();
        assert_eq!(
            got,
            [
                ("2026-08", 0, None, false),
                ("2026-09", 1, Some(1.0), false),
                ("2026-10", 0, None, false),
                ("2026-11", 1, Some(0.0), true)
            ]
        );
        let years = period_trend(&[part(Period::year("2026", SH).unwrap())], None, now);
        assert_eq!(years.iter().map(|p| p.period.label.as_str()).collect::<Vec<_>>(), ["2023", "2024", "2025", "2026"]);
    }

    #[test]
    fn quality_metrics_as_defined() {
        use crate::model::measures::Measures;
        let now = t("2026-11-22 12:00");
        let with = |created: &str, m: Measures| {
            let mut r = rec(Status::Open, created, "2026-11-30 18:00", None);
            r.measures = m;
            r
        };
        let records = vec![
            // approved 4 h after created; 1 of 2 confirmed; sent, accurate
            with(
                "2026-11-02 09:00",
                Measures {
                    approved: Some(t("2026-11-02 13:00")),
                    confirmers: Some((2, 1)),
                    sent: true,
                    ..Default::default()
                },
            ),
            // approved after 24 h; 1 of 1; sent and corrected; rated 4
            with(
                "2026-11-03 09:00",
                Measures {
                    approved: Some(t("2026-11-04 09:00")),
                    confirmers: Some((1, 1)),
                    sent: true,
                    corrected: true,
                    satisfaction: Some(4),
                    ..Default::default()
                },
            ),
            with("2026-11-05 09:00", Measures { satisfaction: Some(5), ..Default::default() }),
            // Q3: not counted
            with("2026-09-05 09:00", Measures { satisfaction: Some(1), sent: true, ..Default::default() }),
        ];
        let period = Period::quarter("2026-Q4", SH).unwrap();
        let r = build(&records, &Filter { period: &period, project: None }, &Config::default(), now);
        let m = &r.totals;
        assert_eq!(m.avg_approval_hours, Some(14.0));
        assert_eq!(m.ack_coverage, Some(0.6667));
        assert_eq!(m.accuracy_rate, Some(0.5));
        assert_eq!((m.avg_satisfaction, m.satisfaction_count), (Some(4.5), 2));
        assert!(m.has_quality() && !Metrics::default().has_quality());
    }

    #[test]
    fn empty_divisors_are_none() {
        let period = Period::quarter("2026-Q4", SH).unwrap();
        let r = build(&[], &Filter { period: &period, project: None }, &Config::default(), t("2026-11-22 12:00"));
        assert_eq!(r.totals, Metrics::default());
        assert!(r.groups.iter().all(|g| g.rows.is_empty()));
    }

    #[test]
    fn groups_and_the_none_bucket() {
        let config = Config::default().with_people(vec![Person {
            name: "张伟".into(),
            department: Some("生产部".into()),
            aliases: vec!["Zhang Wei".into()],
            ..Person::default()
        }]);
        let now = t("2026-11-22 12:00");
        let a = rec(Status::Open, "2026-11-20 08:00", "2026-11-30 08:00", None);
        let mut b = a.clone();
        b.owner = "Zhang Wei".into();
        b.project = None;
        let mut c = a.clone();
        c.owner = "李娜".into();
        c.rtype = "meeting".into();
        let period = Period::quarter("2026-Q4", SH).unwrap();
        let r = build(&[a, b, c], &Filter { period: &period, project: None }, &config, now);
        let keys = |d: usize| -> Vec<(Option<&str>, u64)> {
            r.groups[d].rows.iter().map(|row| (row.key.as_deref(), row.metrics.total)).collect()
        };
        assert_eq!(keys(0), [(Some("urgent"), 2), (Some("meeting"), 1)]);
        assert_eq!(keys(1), [(Some("张伟"), 2), (Some("李娜"), 1)]);
        assert_eq!(keys(2), [(Some("二号产线"), 2), (None, 1)]);
        assert_eq!(keys(3), [(Some("生产部"), 2), (None, 1)]);
        let only = build(&r_records(), &Filter { period: &period, project: Some("二号产线") }, &config, now);
        assert_eq!(only.totals.total, 1);
    }

    #[test]
    fn trend_windows_end_with_the_periods_last_quarter() {
        let labels = |p: Period| -> Vec<String> { trend_quarters(&p, SH).into_iter().map(|q| q.label).collect() };
        assert_eq!(labels(Period::quarter("2026-Q4", SH).unwrap()), ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(labels(Period::quarter("2026-Q2", SH).unwrap()), ["2025-Q3", "2025-Q4", "2026-Q1", "2026-Q2"]);
        assert_eq!(labels(Period::year("2026", SH).unwrap()), ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        assert_eq!(labels(Period::month("2026-02", SH).unwrap()), ["2025-Q2", "2025-Q3", "2025-Q4", "2026-Q1"]);
        assert_eq!(labels(Period::month("2026-12", SH).unwrap()), ["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
        // The earliest year a period can name still has a window (of the quarters chrono can build).
        assert_eq!(labels(Period::quarter("1000-Q1", SH).unwrap()).last().map(String::as_str), Some("1000-Q1"));
    }

    #[test]
    fn ageing_buckets_hold_their_lower_bound() {
        const H: i64 = 3600;
        assert_eq!(Age::of_seconds(1), Age::UnderADay);
        assert_eq!(Age::of_seconds(24 * H - 1), Age::UnderADay);
        assert_eq!(Age::of_seconds(24 * H), Age::OneToThreeDays);
        assert_eq!(Age::of_seconds(72 * H), Age::ThreeToSevenDays);
        assert_eq!(Age::of_seconds(7 * 24 * H), Age::SevenToThirtyDays);
        assert_eq!(Age::of_seconds(30 * 24 * H - 1), Age::SevenToThirtyDays);
        assert_eq!(Age::of_seconds(30 * 24 * H), Age::ThirtyDaysOrMore);
        assert_eq!(Age::of_seconds(i64::MAX), Age::ThirtyDaysOrMore);
    }

    #[test]
    fn dashboard_counts_statuses_trend_and_ageing() {
        let now = t("2026-11-22 12:00");
        let mut meeting = rec(Status::Delayed, "2026-11-01 08:00", "2026-10-01 12:00", None); // 52 d overdue
        meeting.rtype = "meeting".into();
        meeting.id = "m".into();
        let mut unknown = rec(Status::Open, "2026-11-01 08:00", "2026-12-01 08:00", None);
        unknown.status = None;
        let mut other = rec(Status::Open, "2026-11-20 08:00", "2026-11-21 08:00", None);
        other.project = Some("三号产线".into());
        let records = vec![
            rec(Status::Open, "2026-11-20 08:00", "2026-11-22 11:00", None), // 1 h overdue
            rec(Status::InProgress, "2026-11-20 08:00", "2026-11-20 12:00", None), // exactly 2 d
            rec(Status::Open, "2026-11-20 08:00", "2026-11-30 08:00", None), // not yet due
            rec(Status::Done, "2026-11-01 08:00", "2026-11-02 08:00", Some("2026-11-03 08:00")), // late, not open
            meeting,
            unknown,
            other,
            rec(Status::Done, "2026-08-01 08:00", "2026-08-02 08:00", Some("2026-08-02 07:00")), // Q3, on time
            rec(Status::Done, "2025-12-01 08:00", "2025-12-02 08:00", Some("2025-12-02 07:00")), // before the window
        ];
        let period = Period::quarter("2026-Q4", SH).unwrap();
        let filter = Filter { period: &period, project: Some("二号产线") };
        let config = Config { timezone: SH, ..Config::default() };
        let d = dashboard(&records, &filter, &config, now);

        let urgent = StatusCounts { by_status: [2, 1, 1, 0, 0], unknown: 1 };
        let meeting = StatusCounts { by_status: [0, 0, 0, 1, 0], unknown: 0 };
        assert_eq!(d.by_type_status, [(Some("urgent".to_string()), urgent), (Some("meeting".to_string()), meeting)]);

        assert_eq!(d.ageing, [1, 1, 0, 0, 1]);
        let report = build(&records, &filter, &config, now);
        assert_eq!(d.ageing.iter().sum::<u64>(), report.totals.overdue, "the buckets add up to `overdue`");
        let order: Vec<(&str, i64)> = d.overdue.iter().map(|o| (o.id.as_str(), o.overdue_secs / 3600)).collect();
        assert_eq!(order, [("m", 52 * 24), ("a", 48), ("a", 1)]);

        let trend: Vec<(&str, u64, Option<f64>, bool)> = d
            .trend
            .iter()
            .map(|p| (p.period.label.as_str(), p.metrics.total, p.metrics.on_time_rate, p.in_period))
            .collect();
        assert_eq!(
            trend,
            [
                ("2026-Q1", 0, None, false),
                ("2026-Q2", 0, None, false),
                ("2026-Q3", 1, Some(1.0), false),
                ("2026-Q4", 6, Some(0.0), true),
            ]
        );
        assert_eq!(d.trend[3].metrics, report.totals, "the period's quarter has the report's totals");
    }

    #[test]
    fn an_empty_dashboard() {
        let sh = Config { timezone: SH, ..Config::default() };
        let period = Period::month("2026-11", SH).unwrap();
        let d = dashboard(&[], &Filter { period: &period, project: None }, &sh, t("2026-11-22 12:00"));
        assert!(d.by_type_status.is_empty() && d.overdue.is_empty());
        assert_eq!(d.ageing, [0; 5]);
        assert_eq!(d.trend.len(), 4);
        assert_eq!(
            d.trend.iter().filter(|p| p.in_period).map(|p| p.period.label.as_str()).collect::<Vec<_>>(),
            ["2026-Q4"]
        );
    }

    fn r_records() -> Vec<Record> {
        let a = rec(Status::Open, "2026-11-20 08:00", "2026-11-30 08:00", None);
        let mut b = a.clone();
        b.project = Some("三号产线".into());
        vec![a, b]
    }
}

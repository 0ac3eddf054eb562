//! A [`Report`] as a table, Markdown, JSON or CSV. Each format is one
//! function over the same data; the HTML dashboard ([`super::html`]) shares
//! these labels.

use chrono_tz::Tz;

use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::targets::{self, Better, Unit};
use crate::model::types::Catalog;
use crate::render::listing::csv_field;
use crate::report::metrics::{Dimension, Metrics, Report};
use crate::report::targets::{Judged, TargetValue};

/// What a renderer needs besides the report: labels and the timezone.
pub struct Labels<'a> {
    pub lang: Lang,
    pub tz: Tz,
    pub catalog: &'a Catalog,
}

impl Labels<'_> {
    pub(super) fn title(&self) -> String {
        tr!(self.lang, "report-title")
    }

    /// "2026-10-01 00:00 ≤ created < 2027-01-01 00:00 (Asia/Shanghai)".
    pub(super) fn span(&self, r: &Report) -> String {
        tr!(
            self.lang,
            "report-span",
            start = r.period.start.display(self.tz),
            end = r.period.end.display(self.tz),
            tz = self.tz.name()
        )
    }

    pub(super) fn context(&self, r: &Report) -> Vec<String> {
        let mut lines = vec![self.span(r)];
        if let Some(p) = &r.project {
            lines.push(tr!(self.lang, "report-project", project = clean(p)));
        }
        lines.push(tr!(self.lang, "report-overdue-as-of", now = r.now.display(self.tz)));
        lines
    }

    /// The headers of the columns of [`cells`], in its order.
    pub(super) fn metric_headers(&self) -> [String; 11] {
        [
            tr!(self.lang, "report-metric.total"),
            tr!(self.lang, "report-metric.open"),
            tr!(self.lang, "report-metric.done"),
            tr!(self.lang, "report-metric.cancelled"),
            tr!(self.lang, "report-metric.overdue"),
            tr!(self.lang, "report-metric.on-time"),
            tr!(self.lang, "report-metric.late"),
            tr!(self.lang, "report-metric.on-time-rate"),
            tr!(self.lang, "report-metric.avg-resolution"),
            tr!(self.lang, "report-metric.avg-ack"),
            tr!(self.lang, "report-metric.minutes-on-time-rate"),
        ]
    }

    /// The headers of the response-time (时效) columns of [`sla_cells`].
    pub(super) fn sla_headers(&self) -> [String; 3] {
        [
            tr!(self.lang, "report-metric.avg-response"),
            tr!(self.lang, "report-metric.response-within-sla"),
            tr!(self.lang, "report-metric.resolution-within-sla"),
        ]
    }

    /// The title of the response-time section (the totals, then by type).
    pub(super) fn sla_title(&self) -> String {
        tr!(self.lang, "report-sla-title")
    }

    /// The rows of the response-time section: the totals, then by type;
    /// empty when the report has no response-time metric at all.
    pub(super) fn sla_rows<'r>(&self, r: &'r Report) -> Vec<(String, &'r Metrics)> {
        if !r.totals.has_sla() {
            return Vec::new();
        }
        let mut rows = vec![(self.all(), &r.totals)];
        for g in r.groups.iter().filter(|g| g.dimension == Dimension::Type) {
            rows.extend(g.rows.iter().map(|row| (self.key(g.dimension, row.key.as_deref()), &row.metrics)));
        }
        rows
    }

    /// The headers of the quality columns of [`quality_cells`].
    pub(super) fn quality_headers(&self) -> [String; 5] {
        [
            tr!(self.lang, "report-metric.avg-approval"),
            tr!(self.lang, "report-metric.ack-coverage"),
            tr!(self.lang, "report-metric.accuracy"),
            tr!(self.lang, "report-metric.avg-satisfaction"),
            tr!(self.lang, "report-metric.satisfaction-count"),
        ]
    }

    pub(super) fn quality_title(&self) -> String {
        tr!(self.lang, "report-quality-title")
    }

    pub(super) fn quality_group(&self) -> String {
        tr!(self.lang, "report-quality-group")
    }

    pub(super) fn quality_key(&self) -> String {
        tr!(self.lang, "report-quality-key")
    }

    /// The rows of the quality section: (grouping, key, metrics) for the
    /// totals, then every group's rows that have a quality measure; empty
    /// when the totals have none.
    pub(super) fn quality_rows<'r>(&self, r: &'r Report) -> Vec<(String, String, &'r Metrics)> {
        if !r.totals.has_quality() {
            return Vec::new();
        }
        let mut rows = vec![(self.totals_title(), self.all(), &r.totals)];
        for g in &r.groups {
            rows.extend(
                g.rows.iter().filter(|row| row.metrics.has_quality()).map(|row| {
                    (self.group_header(g.dimension), self.key(g.dimension, row.key.as_deref()), &row.metrics)
                }),
            );
        }
        rows
    }

    pub(super) fn group_title(&self, d: Dimension) -> String {
        match d {
            Dimension::Type => tr!(self.lang, "report-group-title.type"),
            Dimension::Owner => tr!(self.lang, "report-group-title.owner"),
            Dimension::Project => tr!(self.lang, "report-group-title.project"),
            Dimension::Department => tr!(self.lang, "report-group-title.department"),
            Dimension::Channel => tr!(self.lang, "report-group-title.channel"),
            Dimension::Repo => tr!(self.lang, "report-group-title.repo"),
        }
    }

    pub(super) fn group_header(&self, d: Dimension) -> String {
        match d {
            Dimension::Type => tr!(self.lang, "report-group-header.type"),
            Dimension::Owner => tr!(self.lang, "report-group-header.owner"),
            Dimension::Project => tr!(self.lang, "report-group-header.project"),
            Dimension::Department => tr!(self.lang, "report-group-header.department"),
            Dimension::Channel => tr!(self.lang, "report-group-header.channel"),
            Dimension::Repo => tr!(self.lang, "report-group-header.repo"),
        }
    }

    /// The title of the targets section, naming the previous period.
    pub(super) fn targets_title(&self, r: &Report) -> String {
        let previous = r.previous.as_ref().map_or("-", |p| p.label.as_str());
        tr!(self.lang, "report-targets-title", previous = previous)
    }

    /// The headers of the columns of [`Labels::target_cells`].
    pub(super) fn target_headers(&self) -> [String; 6] {
        [
            tr!(self.lang, "report-target-col.metric"),
            tr!(self.lang, "report-target-col.target"),
            tr!(self.lang, "report-target-col.actual"),
            tr!(self.lang, "report-target-col.previous"),
            tr!(self.lang, "report-target-col.change"),
            tr!(self.lang, "report-target-col.met"),
        ]
    }

    /// One target as people read it: the metric's name in comms.yaml, the
    /// target (`≥ 90.0%`, `≤ 24.0`, `change ≤ -30.0%`), the figures in the
    /// metric's unit, the change (percentage points between two rates; a
    /// percentage for a relative target), met.
    pub(super) fn target_cells(&self, j: &Judged) -> Vec<String> {
        let unit = targets::metric(&j.metric).map_or(Unit::Count, |(u, _)| u);
        let sign = match j.better {
            Better::Higher => "≥",
            Better::Lower => "≤",
        };
        let value = |x: Option<f64>| metric_value(&j.metric, x);
        let (target, change) = match j.target {
            TargetValue::Threshold(t) => {
                let change = match (j.change, unit) {
                    (None, _) => "-".to_string(),
                    (Some(c), Unit::Rate) => {
                        tr!(self.lang, "report-target-points", value = format!("{:+.1}", c * 100.0))
                    }
                    (Some(c), Unit::Hours) => format!("{c:+.1}"),
                    (Some(c), Unit::Count) => format!("{c:+}"),
                    (Some(c), Unit::Score) => format!("{c:+.2}"),
                };
                (format!("{sign} {}", value(Some(t))), change)
            }
            TargetValue::Change { change } => (
                tr!(self.lang, "report-target-change", bound = format!("{sign} {:+.1}%", change * 100.0)),
                j.change.map_or_else(|| "-".to_string(), |c| format!("{:+.1}%", c * 100.0)),
            ),
        };
        let met = match j.met {
            Some(true) => tr!(self.lang, "report-target-met.yes"),
            Some(false) => tr!(self.lang, "report-target-met.no"),
            None => tr!(self.lang, "report-target-met.unknown"),
        };
        vec![self.target_metric(&j.metric), target, value(j.actual), value(j.previous), change, met]
    }

    /// A targeted metric as people read it, `按时率(on_time_rate)`: its
    /// label from the catalog (`report-target-metric.<name>`), and the name
    /// comms.yaml gives it; the name alone for a metric without a label.
    pub(super) fn target_metric(&self, metric: &str) -> String {
        let id = format!("report-target-metric.{metric}");
        let catalog = self.lang.catalog();
        if !catalog.has(&id) {
            return metric.to_string();
        }
        let label = catalog.format(&id, None);
        tr!(self.lang, "report-target-label", label = label, metric = metric)
    }

    pub(super) fn totals_title(&self) -> String {
        tr!(self.lang, "report-totals")
    }

    /// The key of the totals' row.
    pub(super) fn all(&self) -> String {
        tr!(self.lang, "report-all")
    }

    /// A group key as people read it: a type's label; the "(none)" bucket.
    pub(super) fn key(&self, d: Dimension, key: Option<&str>) -> String {
        match (d, key) {
            (Dimension::Type, Some(k)) => {
                self.catalog.get(k).map_or_else(|| clean(k), |t| t.label.get(self.lang).to_string())
            }
            (_, Some(k)) => clean(k),
            (Dimension::Department, None) => tr!(self.lang, "report-key-no-department"),
            (_, None) => tr!(self.lang, "report-key-none"),
        }
    }
}

/// A metric's figure as people read it: a rate as a percentage, hours with
/// one decimal, a rating with two, a count as it is; `-` for none.
pub(super) fn metric_value(metric: &str, x: Option<f64>) -> String {
    let unit = targets::metric(metric).map_or(Unit::Count, |(u, _)| u);
    match (x, unit) {
        (None, _) => "-".to_string(),
        (Some(x), Unit::Rate) => format!("{:.1}%", x * 100.0),
        (Some(x), Unit::Hours) => format!("{x:.1}"),
        (Some(x), Unit::Count) => format!("{x}"),
        (Some(x), Unit::Score) => format!("{x:.2}"),
    }
}

/// Control characters and line breaks out of a value shown in a cell.
pub(super) fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

pub(super) fn cells(m: &Metrics) -> Vec<String> {
    let percent = |r: Option<f64>| r.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0));
    let hours = |h: Option<f64>| h.map_or_else(|| "-".to_string(), |h| format!("{h:.1}"));
    vec![
        m.total.to_string(),
        m.open.to_string(),
        m.done.to_string(),
        m.cancelled.to_string(),
        m.overdue.to_string(),
        m.on_time.to_string(),
        m.late.to_string(),
        percent(m.on_time_rate),
        hours(m.avg_resolution_hours),
        hours(m.avg_ack_hours),
        percent(m.minutes_on_time_rate),
    ]
}

/// A rate as a percentage with one decimal; `-` for none.
fn percent(r: Option<f64>) -> String {
    r.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0))
}

/// The response-time (时效) cells, in the order of [`Labels::sla_headers`].
pub(super) fn sla_cells(m: &Metrics) -> Vec<String> {
    vec![
        m.avg_response_hours.map_or_else(|| "-".to_string(), |h| format!("{h:.1}")),
        percent(m.response_within_sla_rate),
        percent(m.resolution_within_sla_rate),
    ]
}

/// The quality cells, in the order of [`Labels::quality_headers`].
pub(super) fn quality_cells(m: &Metrics) -> Vec<String> {
    let hours = |h: Option<f64>| h.map_or_else(|| "-".to_string(), |h| format!("{h:.1}"));
    vec![
        hours(m.avg_approval_hours),
        percent(m.ack_coverage),
        percent(m.accuracy_rate),
        m.avg_satisfaction.map_or_else(|| "-".to_string(), |s| format!("{s:.2}")),
        m.satisfaction_count.to_string(),
    ]
}

/// Aligned tables: a heading, the totals, then one table per group.
pub fn table(r: &Report, l: &Labels) -> String {
    let mut out = format!("{} {}\n", l.title(), r.period.label);
    for line in l.context(r) {
        out.push_str(&line);
        out.push('\n');
    }
    let metric_headers = l.metric_headers();
    let section = |out: &mut String, title: &str, first: &str, rows: Vec<Vec<String>>| {
        let mut headers = vec![first];
        headers.extend(metric_headers.iter().map(String::as_str));
        out.push('\n');
        out.push_str(title);
        out.push('\n');
        out.push_str(&super::table(&headers, &rows));
        out.push('\n');
    };
    let mut totals = vec![l.all()];
    totals.extend(cells(&r.totals));
    section(&mut out, &l.totals_title(), "", vec![totals]);
    for g in &r.groups {
        let rows = g
            .rows
            .iter()
            .map(|row| {
                let mut cells_ = vec![l.key(g.dimension, row.key.as_deref())];
                cells_.extend(cells(&row.metrics));
                cells_
            })
            .collect();
        section(&mut out, &l.group_title(g.dimension), &l.group_header(g.dimension), rows);
    }
    let sla = l.sla_rows(r);
    if !sla.is_empty() {
        let sla_headers = l.sla_headers();
        let type_header = l.group_header(Dimension::Type);
        let mut headers = vec![type_header.as_str()];
        headers.extend(sla_headers.iter().map(String::as_str));
        let rows: Vec<Vec<String>> =
            sla.into_iter().map(|(key, m)| std::iter::once(key).chain(sla_cells(m)).collect()).collect();
        out.push('\n');
        out.push_str(&l.sla_title());
        out.push('\n');
        out.push_str(&super::table(&headers, &rows));
        out.push('\n');
    }
    let quality = l.quality_rows(r);
    if !quality.is_empty() {
        let quality_headers = l.quality_headers();
        let (group, key) = (l.quality_group(), l.quality_key());
        let mut headers = vec![group.as_str(), key.as_str()];
        headers.extend(quality_headers.iter().map(String::as_str));
        let rows: Vec<Vec<String>> = quality
            .into_iter()
            .map(|(group, key, m)| [group, key].into_iter().chain(quality_cells(m)).collect())
            .collect();
        out.push('\n');
        out.push_str(&l.quality_title());
        out.push('\n');
        out.push_str(&super::table(&headers, &rows));
        out.push('\n');
    }
    if !r.targets.is_empty() {
        let headers = l.target_headers();
        let headers: Vec<&str> = headers.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = r.targets.iter().map(|j| l.target_cells(j)).collect();
        out.push('\n');
        out.push_str(&l.targets_title(r));
        out.push('\n');
        out.push_str(&super::table(&headers, &rows));
        out.push('\n');
    }
    out
}

/// Markdown: a heading, the period, then one table per section.
pub fn markdown(r: &Report, l: &Labels) -> String {
    let esc = |s: &str| clean(s).replace('|', "\\|");
    let mut out = format!("# {} {}\n\n", l.title(), r.period.label);
    out.push_str(&l.context(r).iter().map(|s| esc(s)).collect::<Vec<_>>().join("  \n"));
    out.push('\n');
    let headers = l.metric_headers();
    let mut section = |title: &str, first: &str, rows: Vec<(String, &Metrics)>| {
        out.push_str(&format!("\n## {title}\n\n"));
        out.push_str(&format!("| {} | {} |\n", esc(first), headers.join(" | ")));
        out.push_str(&format!("|---|{}\n", "---:|".repeat(headers.len())));
        for (key, m) in rows {
            out.push_str(&format!("| {} | {} |\n", esc(&key), cells(m).join(" | ")));
        }
    };
    section(&l.totals_title(), "", vec![(l.all(), &r.totals)]);
    for g in &r.groups {
        let rows = g.rows.iter().map(|row| (l.key(g.dimension, row.key.as_deref()), &row.metrics)).collect();
        section(&l.group_title(g.dimension), &l.group_header(g.dimension), rows);
    }
    let sla = l.sla_rows(r);
    if !sla.is_empty() {
        let headers = l.sla_headers();
        out.push_str(&format!("\n## {}\n\n", l.sla_title()));
        out.push_str(&format!("| {} | {} |\n", esc(&l.group_header(Dimension::Type)), headers.join(" | ")));
        out.push_str(&format!("|---|{}\n", "---:|".repeat(headers.len())));
        for (key, m) in sla {
            out.push_str(&format!("| {} | {} |\n", esc(&key), sla_cells(m).join(" | ")));
        }
    }
    let quality = l.quality_rows(r);
    if !quality.is_empty() {
        let headers = l.quality_headers();
        out.push_str(&format!("\n## {}\n\n", l.quality_title()));
        out.push_str(&format!(
            "| {} | {} | {} |\n",
            esc(&l.quality_group()),
            esc(&l.quality_key()),
            headers.join(" | ")
        ));
        out.push_str(&format!("|---|---|{}\n", "---:|".repeat(headers.len())));
        for (group, key, m) in quality {
            out.push_str(&format!("| {} | {} | {} |\n", esc(&group), esc(&key), quality_cells(m).join(" | ")));
        }
    }
    if !r.targets.is_empty() {
        out.push_str(&format!("\n## {}\n\n", esc(&l.targets_title(r))));
        out.push_str(&format!("| {} |\n", l.target_headers().join(" | ")));
        out.push_str(&format!("|---|{}\n", "---:|".repeat(5)));
        for j in &r.targets {
            let cells: Vec<String> = l.target_cells(j).iter().map(|c| esc(c)).collect();
            out.push_str(&format!("| {} |\n", cells.join(" | ")));
        }
    }
    out
}

#[derive(serde::Serialize)]
struct JsonReport<'a> {
    period: JsonPeriod<'a>,
    project: Option<&'a str>,
    now: String,
    totals: &'a Metrics,
    by_type: Vec<JsonRow<'a>>,
    by_owner: Vec<JsonRow<'a>>,
    by_project: Vec<JsonRow<'a>>,
    by_department: Vec<JsonRow<'a>>,
    by_channel: Vec<JsonRow<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_repo: Option<Vec<JsonRow<'a>>>,
    targets: &'a [Judged],
}

#[derive(serde::Serialize)]
struct JsonPeriod<'a> {
    label: &'a str,
    start: String,
    end: String,
}

#[derive(serde::Serialize)]
struct JsonRow<'a> {
    key: Option<&'a str>,
    #[serde(flatten)]
    metrics: &'a Metrics,
}

/// The JSON contract of docs/json.md, keys in the documented order.
pub fn json(r: &Report, tz: Tz) -> serde_json::Result<String> {
    let rows = |d: Dimension| -> Vec<JsonRow> {
        r.groups
            .iter()
            .filter(|g| g.dimension == d)
            .flat_map(|g| g.rows.iter())
            .map(|row| JsonRow { key: row.key.as_deref(), metrics: &row.metrics })
            .collect()
    };
    let doc = JsonReport {
        period: JsonPeriod { label: &r.period.label, start: r.period.start.display(tz), end: r.period.end.display(tz) },
        project: r.project.as_deref(),
        now: r.now.display(tz),
        totals: &r.totals,
        by_type: rows(Dimension::Type),
        by_owner: rows(Dimension::Owner),
        by_project: rows(Dimension::Project),
        by_department: rows(Dimension::Department),
        by_channel: rows(Dimension::Channel),
        by_repo: r.groups.iter().any(|g| g.dimension == Dimension::Repo).then(|| rows(Dimension::Repo)),
        targets: &r.targets,
    };
    serde_json::to_string_pretty(&doc)
}

/// CSV (RFC 4180): one row for the totals, then one per group row; the
/// "(none)" key is an empty cell, a rate or mean without data too.
pub fn csv(r: &Report) -> String {
    const HEADER: &str = "period,group,key,total,open,done,cancelled,overdue,on_time,late,on_time_rate,avg_resolution_hours,avg_ack_hours,avg_response_hours,response_within_sla_rate,resolution_within_sla_rate,minutes_on_time_rate,avg_approval_hours,ack_coverage,accuracy_rate,avg_satisfaction,satisfaction_count";
    let mut out = String::from(HEADER);
    out.push_str("\r\n");
    let mut row = |group: &str, key: Option<&str>, m: &Metrics| {
        let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
        let fields = [
            csv_field(&r.period.label),
            group.to_string(),
            csv_field(key.unwrap_or_default()),
            m.total.to_string(),
            m.open.to_string(),
            m.done.to_string(),
            m.cancelled.to_string(),
            m.overdue.to_string(),
            m.on_time.to_string(),
            m.late.to_string(),
            opt(m.on_time_rate),
            opt(m.avg_resolution_hours),
            opt(m.avg_ack_hours),
            opt(m.avg_response_hours),
            opt(m.response_within_sla_rate),
            opt(m.resolution_within_sla_rate),
            opt(m.minutes_on_time_rate),
            opt(m.avg_approval_hours),
            opt(m.ack_coverage),
            opt(m.accuracy_rate),
            opt(m.avg_satisfaction),
            m.satisfaction_count.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    };
    row("total", None, &r.totals);
    for g in &r.groups {
        for gr in &g.rows {
            row(g.dimension.name(), gr.key.as_deref(), &gr.metrics);
        }
    }
    out
}

/// The targets as CSV (`report --format csv --targets`): one row per
/// target, the figures as in JSON (rates as fractions), `target_change`
/// filled for a relative target and `target` for a threshold; an empty
/// cell for null; `met` is `true`, `false` or empty.
pub fn targets_csv(r: &Report) -> String {
    const HEADER: &str = "period,previous_period,metric,target,target_change,actual,previous,change,met";
    let mut out = String::from(HEADER);
    out.push_str("\r\n");
    let opt = |x: Option<f64>| x.map(|v| v.to_string()).unwrap_or_default();
    for j in &r.targets {
        let (target, change) = match j.target {
            TargetValue::Threshold(t) => (Some(t), None),
            TargetValue::Change { change } => (None, Some(change)),
        };
        let fields = [
            csv_field(&r.period.label),
            csv_field(r.previous.as_ref().map_or("", |p| p.label.as_str())),
            csv_field(&j.metric),
            opt(target),
            opt(change),
            opt(j.actual),
            opt(j.previous),
            opt(j.change),
            j.met.map(|m| m.to_string()).unwrap_or_default(),
        ];
        out.push_str(&fields.join(","));
        out.push_str("\r\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_targetable_metric_has_a_label_in_every_built_in_language() {
        let catalog = Catalog::builtin().unwrap();
        for tag in crate::i18n::built_in_languages() {
            let lang = Lang::new(tag).unwrap();
            let l = Labels { lang, catalog: &catalog, tz: chrono_tz::Asia::Shanghai };
            for (name, _, _) in targets::METRICS {
                let shown = l.target_metric(name);
                assert!(shown.len() > name.len() + 2 && shown.contains(name), "{tag}: {name} → {shown}");
            }
        }
        let zh = Labels { lang: Lang::ZH, catalog: &catalog, tz: chrono_tz::Asia::Shanghai };
        assert_eq!(zh.target_metric("on_time_rate"), "按时率(on_time_rate)");
        assert_eq!(zh.target_metric("no_such_metric"), "no_such_metric");
    }
}

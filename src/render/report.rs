//! A [`Report`] as a table, Markdown, JSON or CSV. Each format is one
//! function over the same data; the HTML dashboard ([`super::html`]) shares
//! these labels.

use chrono_tz::Tz;

use crate::model::config::Lang;
use crate::model::types::Catalog;
use crate::render::listing::csv_field;
use crate::report::metrics::{Dimension, Metrics, Report};

/// What a renderer needs besides the report: labels and the timezone.
pub struct Labels<'a> {
    pub lang: Lang,
    pub tz: Tz,
    pub catalog: &'a Catalog,
}

impl Labels<'_> {
    pub(super) fn title(&self) -> &'static str {
        self.lang.pick("沟通记录报告", "Communication report")
    }

    /// "2026-10-01 00:00 ≤ created < 2027-01-01 00:00 (Asia/Shanghai)".
    pub(super) fn span(&self, r: &Report) -> String {
        format!(
            "{} ≤ {} < {} ({})",
            r.period.start.display(self.tz),
            self.lang.pick("创建时间", "created"),
            r.period.end.display(self.tz),
            self.tz.name()
        )
    }

    pub(super) fn context(&self, r: &Report) -> Vec<String> {
        let mut lines = vec![self.span(r)];
        if let Some(p) = &r.project {
            lines.push(format!("{} {}", self.lang.pick("项目:", "project:"), clean(p)));
        }
        lines.push(format!("{} {}", self.lang.pick("逾期截至:", "overdue as of:"), r.now.display(self.tz)));
        lines
    }

    pub(super) fn metric_headers(&self) -> [&'static str; 10] {
        match self.lang {
            Lang::Zh => [
                "总数",
                "未完成",
                "已完成",
                "已取消",
                "逾期",
                "按时",
                "超时",
                "按时率",
                "平均处理(小时)",
                "平均确认(小时)",
            ],
            Lang::En => [
                "TOTAL",
                "OPEN",
                "DONE",
                "CANCELLED",
                "OVERDUE",
                "ON TIME",
                "LATE",
                "ON-TIME RATE",
                "AVG RESOLUTION (H)",
                "AVG ACK (H)",
            ],
        }
    }

    pub(super) fn group_title(&self, d: Dimension) -> &'static str {
        match d {
            Dimension::Type => self.lang.pick("按类型", "By type"),
            Dimension::Owner => self.lang.pick("按负责人", "By owner"),
            Dimension::Project => self.lang.pick("按项目", "By project"),
            Dimension::Department => self.lang.pick("按部门", "By department"),
        }
    }

    pub(super) fn group_header(&self, d: Dimension) -> &'static str {
        match d {
            Dimension::Type => self.lang.pick("类型", "TYPE"),
            Dimension::Owner => self.lang.pick("负责人", "OWNER"),
            Dimension::Project => self.lang.pick("项目", "PROJECT"),
            Dimension::Department => self.lang.pick("部门", "DEPARTMENT"),
        }
    }

    pub(super) fn totals_title(&self) -> &'static str {
        self.lang.pick("合计", "Totals")
    }

    /// A group key as people read it: a type's label; the "(none)" bucket.
    pub(super) fn key(&self, d: Dimension, key: Option<&str>) -> String {
        match (d, key) {
            (Dimension::Type, Some(k)) => {
                self.catalog.get(k).map_or_else(|| clean(k), |t| t.label.get(self.lang).to_string())
            }
            (_, Some(k)) => clean(k),
            (Dimension::Department, None) => self.lang.pick("(未登记)", "(not in people)").to_string(),
            (_, None) => self.lang.pick("(未填写)", "(none)").to_string(),
        }
    }
}

/// Control characters and line breaks out of a value shown in a cell.
pub(super) fn clean(s: &str) -> String {
    s.chars().map(|c| if c.is_control() { ' ' } else { c }).collect()
}

pub(super) fn cells(m: &Metrics) -> Vec<String> {
    let rate = m.on_time_rate.map_or_else(|| "-".to_string(), |r| format!("{:.1}%", r * 100.0));
    let hours = |h: Option<f64>| h.map_or_else(|| "-".to_string(), |h| format!("{h:.1}"));
    vec![
        m.total.to_string(),
        m.open.to_string(),
        m.done.to_string(),
        m.cancelled.to_string(),
        m.overdue.to_string(),
        m.on_time.to_string(),
        m.late.to_string(),
        rate,
        hours(m.avg_resolution_hours),
        hours(m.avg_ack_hours),
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
        headers.extend(metric_headers);
        out.push('\n');
        out.push_str(title);
        out.push('\n');
        out.push_str(&super::table(&headers, &rows));
        out.push('\n');
    };
    let mut totals = vec![l.lang.pick("全部", "all").to_string()];
    totals.extend(cells(&r.totals));
    section(&mut out, l.totals_title(), "", vec![totals]);
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
        section(&mut out, l.group_title(g.dimension), l.group_header(g.dimension), rows);
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
    section(l.totals_title(), "", vec![(l.lang.pick("全部", "all").to_string(), &r.totals)]);
    for g in &r.groups {
        let rows = g.rows.iter().map(|row| (l.key(g.dimension, row.key.as_deref()), &row.metrics)).collect();
        section(l.group_title(g.dimension), l.group_header(g.dimension), rows);
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
    };
    serde_json::to_string_pretty(&doc)
}

/// CSV (RFC 4180): one row for the totals, then one per group row; the
/// "(none)" key is an empty cell, a rate or mean without data too.
pub fn csv(r: &Report) -> String {
    const HEADER: &str = "period,group,key,total,open,done,cancelled,overdue,on_time,late,on_time_rate,avg_resolution_hours,avg_ack_hours";
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

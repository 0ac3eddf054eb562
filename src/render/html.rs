//! The report as one self-contained HTML page: the same tables as the
//! other formats, and charts drawn as inline SVG here, in Rust.
//!
//! Self-contained means the file opens anywhere, offline, years later: no
//! scripts, no fonts, no images, no style sheets from elsewhere. A
//! Content-Security-Policy in the page forbids loading anything and
//! running any script, so even a value that slipped past [`esc`] could not
//! act. Every value from a record (subjects, owners, projects, types) goes
//! through [`esc`]; the numbers are ours. The SVG is inline HTML (no
//! `xmlns` needed), so the page holds no URL at all.

use unicode_width::UnicodeWidthChar;

use super::report::{Labels, cells, clean, metric_value, quality_cells, sla_cells};
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::record::Status;
use crate::report::metrics::{Age, Dashboard, Dimension, Metrics, Report};

/// How many overdue records the page lists by name.
const OVERDUE_LIST: usize = 50;

/// Width of a chart's coordinate system; charts scale to their box.
const W: f64 = 560.0;
/// Dark text on white: 15.3:1.
const INK: &str = "#1f2937";
/// Secondary text on white: 7.6:1.
const MUTED: &str = "#4b5563";
const GRID: &str = "#d1d5db";

/// Statuses in the order the stacked bars draw them, with their colours
/// (each at least 4.5:1 against white, so white numbers on them read).
const STATUS_BARS: [(Status, &str); 5] = [
    (Status::Open, "#1d4ed8"),
    (Status::InProgress, "#0e7490"),
    (Status::Delayed, "#b45309"),
    (Status::Done, "#15803d"),
    (Status::Cancelled, "#6b7280"),
];
const UNKNOWN_STATUS: &str = "#7e22ce";

/// Ageing buckets, warmer as they get older (each at least 4.5:1 against white).
const AGE_COLOURS: [&str; 5] = ["#b45309", "#c2410c", "#dc2626", "#b91c1c", "#7f1d1d"];

const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #fff; color: #1f2937;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial,
    "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB",
    "Microsoft YaHei", "WenQuanYi Micro Hei", sans-serif; }
main { max-width: 1200px; margin: 0 auto; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 8px; }
h1, h2, .meta, figcaption, footer { overflow-wrap: anywhere; }
.meta { color: #4b5563; margin: 0; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(150px, 100%), 1fr)); gap: 12px; margin: 20px 0; padding: 0; list-style: none; }
.kpi { border: 1px solid #d1d5db; border-radius: 8px; padding: 10px 14px; background: #f9fafb; }
.kpi .v { display: block; font-size: 26px; font-weight: 700; font-variant-numeric: tabular-nums; }
.kpi .k { color: #4b5563; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(460px, 100%), 1fr)); gap: 16px; }
figure { margin: 0; min-width: 0; border: 1px solid #d1d5db; border-radius: 8px; padding: 14px 16px; break-inside: avoid; }
figcaption { font-weight: 600; font-size: 16px; }
figcaption small { display: block; font-weight: 400; font-size: 13px; color: #4b5563; }
svg { display: block; width: 100%; height: auto; margin-top: 8px; }
.legend { display: flex; flex-wrap: wrap; gap: 2px 14px; list-style: none; padding: 0; margin: 6px 0 0; color: #374151; font-size: 13px; }
.sw { display: inline-block; width: 12px; height: 12px; border-radius: 2px; margin-right: 4px; vertical-align: -1px; }
section { margin-top: 28px; }
.wrap { overflow-x: auto; }
.wrap:focus-visible { outline: 2px solid #1d4ed8; outline-offset: 2px; }
table { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e5e7eb; text-align: right; white-space: nowrap; }
th:first-child, td:first-child, td.text, th.text { text-align: left; }
td.text { white-space: normal; min-width: 8em; }
thead th { background: #f3f4f6; border-bottom: 2px solid #d1d5db; font-weight: 600; }
tr.all td { font-weight: 600; }
tr.met td:last-child { color: #15803d; font-weight: 600; }
tr.missed td:last-child { color: #b91c1c; font-weight: 600; }
#targets .charts { margin: 12px 0 16px; }
.note { color: #4b5563; }
footer { margin-top: 32px; color: #4b5563; font-size: 12px; }
@media (max-width: 600px) {
  main { padding: 12px; }
  h1 { font-size: 20px; }
  .kpis { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; margin: 14px 0; }
  .kpi { padding: 8px 10px; }
  .kpi .v { font-size: 22px; }
  figure { padding: 10px; }
  th, td { padding: 4px 6px; }
}
@page { size: A4; margin: 12mm; }
@media print {
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  .kpis { grid-template-columns: repeat(6, minmax(0, 1fr)); gap: 6px; margin: 10px 0 14px; }
  .kpi { padding: 6px 8px; }
  .kpi .v { font-size: 16pt; }
  .charts { display: block; }
  figure { margin-bottom: 10px; padding: 8px 12px; }
  figure svg { max-width: 150mm; margin: 6px auto 0; }
  figure, tr, .kpi { break-inside: avoid; }
  h2 { break-after: avoid; }
  section { margin-top: 14px; }
  thead { display: table-header-group; }
  .wrap { overflow: visible; }
  table { font-size: 8.5pt; }
  th, td { white-space: normal; padding: 2px 5px; }
}
"#;

/// HTML text (and attribute values): `&<>"'` escaped, control characters
/// and line breaks as spaces.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The text's width in a chart, roughly: wide (Chinese) characters are
/// one em, others 0.6.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(|c| if c.width().unwrap_or(0) >= 2 { size } else { size * 0.6 }).sum()
}

/// `s` cut to `max` wide, with `…` where it was cut.
fn fit(s: &str, max: f64, size: f64) -> String {
    if text_width(s, size) <= max {
        return s.to_string();
    }
    let mut out = String::new();
    let mut used = size * 0.6;
    for c in s.chars() {
        used += text_width(c.encode_utf8(&mut [0; 4]), size);
        if used > max {
            break;
        }
        out.push(c);
    }
    out.push('…');
    out
}

/// A number for an SVG attribute: finite, at most one decimal.
fn n(x: f64) -> String {
    let x = if x.is_finite() { x } else { 0.0 };
    let s = format!("{x:.1}");
    s.strip_suffix(".0").map(str::to_string).unwrap_or(s)
}

fn percent(rate: f64) -> String {
    format!("{:.1}%", rate * 100.0)
}

/// Labels only the dashboard has; the statuses' names looked up once, as
/// every bar of the status chart names them.
struct Words {
    lang: Lang,
    open: String,
    in_progress: String,
    done: String,
    delayed: String,
    cancelled: String,
    unknown: String,
}

impl Words {
    fn new(lang: Lang) -> Words {
        Words {
            lang,
            open: tr!(lang, "html-status.open"),
            in_progress: tr!(lang, "html-status.in-progress"),
            done: tr!(lang, "html-status.done"),
            delayed: tr!(lang, "html-status.delayed"),
            cancelled: tr!(lang, "html-status.cancelled"),
            unknown: tr!(lang, "html-status.unknown"),
        }
    }

    fn status(&self, s: Option<Status>) -> &str {
        match s {
            Some(Status::Open) => &self.open,
            Some(Status::InProgress) => &self.in_progress,
            Some(Status::Done) => &self.done,
            Some(Status::Delayed) => &self.delayed,
            Some(Status::Cancelled) => &self.cancelled,
            None => &self.unknown,
        }
    }

    fn age(&self, a: Age) -> String {
        match a {
            Age::UnderADay => tr!(self.lang, "html-age.under-a-day"),
            Age::OneToThreeDays => tr!(self.lang, "html-age.one-to-three-days"),
            Age::ThreeToSevenDays => tr!(self.lang, "html-age.three-to-seven-days"),
            Age::SevenToThirtyDays => tr!(self.lang, "html-age.seven-to-thirty-days"),
            Age::ThirtyDaysOrMore => tr!(self.lang, "html-age.thirty-days-or-more"),
        }
    }

    fn days(&self, secs: i64) -> String {
        let d = secs as f64 / 86400.0;
        tr!(self.lang, "html-days", days = format!("{d:.1}"))
    }
}

/// The page: heading, key figures, the four charts, the overdue list and
/// the tables of the other formats.
pub fn html(r: &Report, d: &Dashboard, l: &Labels) -> String {
    let w = Words::new(l.lang);
    let mut title = format!("{} {}", l.title(), r.period.label);
    if let Some(p) = &r.project {
        title.push_str(&format!(" · {}", clean(p)));
    }
    let html_lang = esc(&tr!(l.lang, "html-lang"));
    let mut out = String::new();
    out.push_str("<!DOCTYPE html>\n");
    out.push_str(&format!("<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n"));
    out.push_str(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n",
    );
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"comms report\">\n");
    out.push_str(&format!("<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n", esc(&title)));

    out.push_str(&format!("<header>\n<h1>{}</h1>\n", esc(&title)));
    for line in l.context(r) {
        out.push_str(&format!("<p class=\"meta\">{}</p>\n", esc(&line)));
    }
    out.push_str("</header>\n");

    out.push_str(&kpis(&r.totals, l));
    out.push_str(&targets_panel(r, d, l));
    out.push_str("<div class=\"charts\">\n");
    out.push_str(&status_chart(r, d, l, &w));
    out.push_str(&department_chart(r, l, &w));
    out.push_str(&trend_chart(d, &w));
    out.push_str(&ageing_chart(r, d, l, &w));
    out.push_str("</div>\n");
    out.push_str(&overdue_list(d, l, &w));
    out.push_str(&tables(r, l, &w));
    out.push_str(&format!(
        "<footer>{}</footer>\n</main>\n</body>\n</html>\n",
        esc(&tr!(l.lang, "html-footer", now = r.now.display(l.tz))),
    ));
    out
}

/// The key totals as a row of cards.
fn kpis(m: &Metrics, l: &Labels) -> String {
    let names = [
        tr!(l.lang, "html-kpi.records"),
        tr!(l.lang, "html-kpi.open"),
        tr!(l.lang, "html-kpi.overdue"),
        tr!(l.lang, "html-kpi.on-time-rate"),
        tr!(l.lang, "html-kpi.avg-resolution"),
        tr!(l.lang, "html-kpi.avg-ack"),
        tr!(l.lang, "html-kpi.minutes-on-time-rate"),
    ];
    // Positions in `cells`: total, open, overdue, rate, resolution, ack,
    // minutes on time.
    let picked = [0, 1, 4, 7, 8, 9, 10];
    let values = cells(m);
    let mut out = format!("<ul class=\"kpis\" aria-label=\"{}\">\n", esc(&l.totals_title()));
    for (name, i) in names.iter().zip(picked) {
        out.push_str(&format!(
            "<li class=\"kpi\"><span class=\"v\">{}</span><span class=\"k\">{}</span></li>\n",
            esc(&values[i]),
            esc(name)
        ));
    }
    // Response time (时效): only when `sla` or `responded` gives them values.
    if m.has_sla() {
        let names = [
            tr!(l.lang, "html-kpi.avg-response"),
            tr!(l.lang, "html-kpi.response-within-sla"),
            tr!(l.lang, "html-kpi.resolution-within-sla"),
        ];
        for (name, value) in names.iter().zip(sla_cells(m)) {
            out.push_str(&format!(
                "<li class=\"kpi\"><span class=\"v\">{}</span><span class=\"k\">{}</span></li>\n",
                esc(&value),
                esc(name)
            ));
        }
    }
    // Quality (approval, confirmation, accuracy, satisfaction): only when
    // one of them has a value.
    if m.has_quality() {
        let names = [
            tr!(l.lang, "html-kpi.avg-approval"),
            tr!(l.lang, "html-kpi.ack-coverage"),
            tr!(l.lang, "html-kpi.accuracy"),
            tr!(l.lang, "html-kpi.avg-satisfaction"),
        ];
        for (name, value) in names.iter().zip(quality_cells(m)) {
            out.push_str(&format!(
                "<li class=\"kpi\"><span class=\"v\">{}</span><span class=\"k\">{}</span></li>\n",
                esc(&value),
                esc(name)
            ));
        }
    }
    out.push_str("</ul>\n");
    out
}

/// A chart's frame: a figure with a caption, an optional legend, and the
/// SVG with its accessible name and description.
fn figure(id: &str, caption: &str, note: &str, legend: &str, height: f64, desc: &str, body: &str) -> String {
    let mut out = format!("<figure id=\"{id}\">\n<figcaption>{}", esc(caption));
    if !note.is_empty() {
        out.push_str(&format!("<small>{}</small>", esc(note)));
    }
    out.push_str("</figcaption>\n");
    out.push_str(legend);
    out.push_str(&format!(
        "<svg viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-t {id}-d\">\n<title id=\"{id}-t\">{}</title>\n<desc id=\"{id}-d\">{}</desc>\n",
        n(W),
        n(height),
        esc(caption),
        esc(desc),
    ));
    out.push_str(body);
    out.push_str("</svg>\n</figure>\n");
    out
}

fn legend(items: &[(&str, &str)]) -> String {
    let mut out = String::from("<ul class=\"legend\">");
    for (colour, label) in items {
        out.push_str(&format!("<li><span class=\"sw\" style=\"background:{colour}\"></span>{}</li>", esc(label)));
    }
    out.push_str("</ul>\n");
    out
}

fn text(x: f64, y: f64, anchor: &str, fill: &str, extra: &str, s: &str) -> String {
    format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\" fill=\"{fill}\" font-size=\"12\"{extra}>{}</text>\n",
        n(x),
        n(y),
        esc(s)
    )
}

fn empty_note(y: f64, s: &str) -> String {
    text(W / 2.0, y, "middle", MUTED, "", s)
}

/// Horizontal rows: a label on the left, a bar, a figure at its end.
const LABEL_W: f64 = 140.0;
const BAR_X: f64 = 150.0;
const BAR_W: f64 = W - BAR_X - 110.0;
const ROW_H: f64 = 28.0;
const TOP: f64 = 24.0;

fn row_label(i: usize, label: &str) -> String {
    let y = TOP + i as f64 * ROW_H + ROW_H / 2.0 + 4.0;
    let shown = fit(label, LABEL_W, 12.0);
    let mut t = text(LABEL_W, y, "end", INK, "", &shown);
    if shown != label {
        // The full text, for a pointer hovering a cut label.
        t = format!("<g><title>{}</title>{}</g>\n", esc(label), t.trim_end());
    }
    t
}

/// Records by type, one bar per type stacked by status.
fn status_chart(r: &Report, d: &Dashboard, l: &Labels, w: &Words) -> String {
    let caption = tr!(w.lang, "html-status-caption");
    let any_unknown = d.by_type_status.iter().any(|(_, c)| c.unknown > 0);
    let mut items: Vec<(&str, &str)> = STATUS_BARS.iter().map(|(s, c)| (*c, w.status(Some(*s)))).collect();
    if any_unknown {
        items.push((UNKNOWN_STATUS, w.status(None)));
    }
    let max = d.by_type_status.iter().map(|(_, c)| c.total()).max().unwrap_or(0);
    let rows = d.by_type_status.len().max(1);
    let height = TOP + rows as f64 * ROW_H + 8.0;
    let mut body = String::new();
    let mut desc = Vec::new();
    body.push_str(&text(BAR_X, 14.0, "start", MUTED, "", &tr!(w.lang, "html-status-axis")));
    if d.by_type_status.is_empty() {
        body.push_str(&empty_note(TOP + 18.0, &tr!(w.lang, "html-no-records")));
    }
    for (i, (key, counts)) in d.by_type_status.iter().enumerate() {
        let label = l.key(Dimension::Type, key.as_deref());
        body.push_str(&row_label(i, &label));
        let y = TOP + i as f64 * ROW_H + 5.0;
        let mut x = BAR_X;
        let mut parts = Vec::new();
        let mut segments: Vec<(Option<Status>, u64, &str)> = STATUS_BARS
            .iter()
            .map(|(s, c)| {
                let at = Status::ALL.iter().position(|x| x == s).unwrap_or(0);
                (Some(*s), counts.by_status[at], *c)
            })
            .collect();
        segments.push((None, counts.unknown, UNKNOWN_STATUS));
        for (status, count, colour) in segments {
            if count == 0 {
                continue;
            }
            let width = if max > 0 { count as f64 / max as f64 * BAR_W } else { 0.0 };
            let name = w.status(status);
            parts.push(format!("{name} {count}"));
            body.push_str(&format!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{colour}\"><title>{} · {}: {count}</title></rect>\n",
                n(x),
                n(y),
                n(width),
                esc(&label),
                esc(name),
            ));
            if width >= 10.0 + 7.0 * count.to_string().len() as f64 {
                body.push_str(&text(x + width / 2.0, y + 13.0, "middle", "#ffffff", "", &count.to_string()));
            }
            x += width;
        }
        body.push_str(&text(x + 6.0, y + 13.0, "start", INK, " font-weight=\"600\"", &counts.total().to_string()));
        desc.push(format!("{label}: {} ({})", counts.total(), parts.join(", ")));
    }
    figure(
        "chart-status",
        &caption,
        &tr!(w.lang, "html-status-note", period = &r.period.label),
        &legend(&items),
        height,
        &desc.join("; "),
        &body,
    )
}

/// The on-time rate of each department, 0–100 %, `-` where nothing was judged.
fn department_chart(r: &Report, l: &Labels, w: &Words) -> String {
    let caption = tr!(w.lang, "html-departments-caption");
    let rows: Vec<_> = r.groups.iter().filter(|g| g.dimension == Dimension::Department).flat_map(|g| &g.rows).collect();
    let height = TOP + rows.len().max(1) as f64 * ROW_H + 8.0;
    let mut body = String::new();
    for pct in [0.0, 25.0, 50.0, 75.0, 100.0] {
        let x = BAR_X + pct / 100.0 * BAR_W;
        body.push_str(&format!(
            "<line x1=\"{0}\" x2=\"{0}\" y1=\"18\" y2=\"{1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\n",
            n(x),
            n(height - 6.0)
        ));
        body.push_str(&text(x, 14.0, "middle", MUTED, "", &format!("{pct}%")));
    }
    if rows.is_empty() {
        body.push_str(&empty_note(TOP + 18.0, &tr!(w.lang, "html-no-records")));
    }
    let mut desc = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let label = l.key(Dimension::Department, row.key.as_deref());
        body.push_str(&row_label(i, &label));
        let y = TOP + i as f64 * ROW_H + 5.0;
        let m = &row.metrics;
        let judged = m.on_time + m.late + m.overdue;
        match m.on_time_rate {
            Some(rate) => {
                let width = rate.clamp(0.0, 1.0) * BAR_W;
                let value = format!("{} ({}/{judged})", percent(rate), m.on_time);
                body.push_str(&format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"#1d4ed8\"><title>{}: {}</title></rect>\n",
                    n(BAR_X),
                    n(y),
                    n(width),
                    esc(&label),
                    esc(&value)
                ));
                body.push_str(&text(BAR_X + width + 6.0, y + 13.0, "start", INK, "", &value));
                desc.push(format!("{label}: {value}"));
            }
            None => {
                body.push_str(&text(BAR_X + 6.0, y + 13.0, "start", MUTED, "", "-"));
                desc.push(format!("{label}: -"));
            }
        }
    }
    figure("chart-departments", &caption, &tr!(w.lang, "html-departments-note"), "", height, &desc.join("; "), &body)
}

/// One vertical bar of a panel.
struct Column {
    label: String,
    value: Option<f64>,
    shown: String,
    colour: &'static str,
    strong: bool,
}

/// Vertical bars in the box at `top`, `height` high, scaled to `max`;
/// a missing value is `-` and no bar.
fn columns(top: f64, height: f64, max: f64, cols: &[Column]) -> String {
    let left = 40.0;
    let width = W - left - 10.0;
    let slot = width / cols.len().max(1) as f64;
    let bar = (slot * 0.55).min(70.0);
    let base = top + height;
    let mut out = format!(
        "<line x1=\"{}\" x2=\"{}\" y1=\"{2}\" y2=\"{2}\" stroke=\"{MUTED}\" stroke-width=\"1\"/>\n",
        n(left),
        n(W - 10.0),
        n(base)
    );
    for (i, c) in cols.iter().enumerate() {
        let cx = left + slot * (i as f64 + 0.5);
        let weight = if c.strong { " font-weight=\"700\"" } else { "" };
        match c.value {
            Some(v) => {
                let h = if max > 0.0 { (v / max).clamp(0.0, 1.0) * (height - 18.0) } else { 0.0 };
                out.push_str(&format!(
                    "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"><title>{}: {}</title></rect>\n",
                    n(cx - bar / 2.0),
                    n(base - h),
                    n(bar),
                    n(h),
                    c.colour,
                    esc(&c.label),
                    esc(&c.shown)
                ));
                out.push_str(&text(cx, base - h - 5.0, "middle", INK, weight, &c.shown));
            }
            None => out.push_str(&text(cx, base - 5.0, "middle", MUTED, "", "-")),
        }
        out.push_str(&text(cx, base + 16.0, "middle", INK, weight, &c.label));
    }
    out
}

/// Four quarters: records created in each, and the on-time rate of those.
fn trend_chart(d: &Dashboard, w: &Words) -> String {
    let caption = tr!(w.lang, "html-trend-caption");
    let max = d.trend.iter().map(|p| p.metrics.total).max().unwrap_or(0) as f64;
    let colour = |in_period: bool| if in_period { "#1e3a8a" } else { "#3b82f6" };
    let created: Vec<Column> = d
        .trend
        .iter()
        .map(|p| Column {
            label: p.period.label.clone(),
            value: Some(p.metrics.total as f64),
            shown: p.metrics.total.to_string(),
            colour: colour(p.in_period),
            strong: p.in_period,
        })
        .collect();
    let rates: Vec<Column> = d
        .trend
        .iter()
        .map(|p| Column {
            label: p.period.label.clone(),
            value: p.metrics.on_time_rate.map(|r| r * 100.0),
            shown: p.metrics.on_time_rate.map_or_else(|| "-".to_string(), percent),
            colour: colour(p.in_period),
            strong: p.in_period,
        })
        .collect();
    let mut body = String::new();
    body.push_str(&text(10.0, 14.0, "start", INK, " font-weight=\"600\"", &tr!(w.lang, "html-trend-created")));
    body.push_str(&columns(22.0, 120.0, max, &created));
    body.push_str(&text(10.0, 188.0, "start", INK, " font-weight=\"600\"", &tr!(w.lang, "html-trend-rate")));
    body.push_str(&columns(196.0, 120.0, 100.0, &rates));
    let desc: Vec<String> = created
        .iter()
        .zip(&rates)
        .map(|(c, r)| tr!(w.lang, "html-trend-desc", period = &c.label, created = &c.shown, rate = &r.shown))
        .collect();
    figure("chart-trend", &caption, &tr!(w.lang, "html-trend-note"), "", 350.0, &desc.join("; "), &body)
}

/// The targets (`targets` of comms.yaml): a table of each against the
/// previous period, then the trend of each targeted metric over the
/// report's period and the three before it; nothing without targets.
fn targets_panel(r: &Report, d: &Dashboard, l: &Labels) -> String {
    if r.targets.is_empty() {
        return String::new();
    }
    let title = l.targets_title(r);
    let mut out = format!(
        "<section id=\"targets\">\n<h2>{0}</h2>\n<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\">\n<table>\n<thead><tr>",
        esc(&title)
    );
    for (i, h) in l.target_headers().iter().enumerate() {
        let class = if i == 0 { " class=\"text\"" } else { "" };
        out.push_str(&format!("<th scope=\"col\"{class}>{}</th>", esc(h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for j in &r.targets {
        let class = match j.met {
            Some(true) => " class=\"met\"",
            Some(false) => " class=\"missed\"",
            None => "",
        };
        out.push_str(&format!("<tr{class}>"));
        for (i, c) in l.target_cells(j).iter().enumerate() {
            if i == 0 {
                out.push_str(&format!("<th scope=\"row\" class=\"text\">{}</th>", esc(c)));
            } else {
                out.push_str(&format!("<td>{}</td>", esc(c)));
            }
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    out.push_str("<div class=\"charts\">\n");
    let mut seen = Vec::new();
    for j in &r.targets {
        if seen.contains(&j.metric.as_str()) {
            continue;
        }
        seen.push(j.metric.as_str());
        out.push_str(&target_trend(&j.metric, d, l));
    }
    out.push_str("</div>\n</section>\n");
    out
}

/// One targeted metric over the report's period and the three before it.
fn target_trend(metric: &str, d: &Dashboard, l: &Labels) -> String {
    let values: Vec<Option<f64>> = d.periods.iter().map(|p| p.metrics.get(metric)).collect();
    let max = values.iter().flatten().copied().fold(0.0, f64::max);
    let cols: Vec<Column> = d
        .periods
        .iter()
        .zip(&values)
        .map(|(p, v)| Column {
            label: p.period.label.clone(),
            value: *v,
            shown: metric_value(metric, *v),
            colour: if p.in_period { "#1e3a8a" } else { "#3b82f6" },
            strong: p.in_period,
        })
        .collect();
    let caption = tr!(l.lang, "html-target-trend-caption", metric = metric);
    let desc: Vec<String> = cols.iter().map(|c| format!("{}: {}", c.label, c.shown)).collect();
    let id = format!("chart-target-{}", metric.replace(|c: char| !c.is_ascii_alphanumeric(), "-"));
    figure(
        &id,
        &caption,
        &tr!(l.lang, "html-target-trend-note"),
        "",
        170.0,
        &desc.join("; "),
        &columns(22.0, 120.0, max, &cols),
    )
}

/// Open records past their deadline, by how long.
fn ageing_chart(r: &Report, d: &Dashboard, l: &Labels, w: &Words) -> String {
    let caption = tr!(w.lang, "html-ageing-caption");
    let max = d.ageing.iter().copied().max().unwrap_or(0) as f64;
    let cols: Vec<Column> = Age::ALL
        .iter()
        .zip(d.ageing)
        .zip(AGE_COLOURS)
        .map(|((a, count), colour)| Column {
            label: w.age(*a),
            value: Some(count as f64),
            shown: count.to_string(),
            colour,
            strong: false,
        })
        .collect();
    let mut body = String::new();
    body.push_str(&text(10.0, 14.0, "start", MUTED, "", &tr!(w.lang, "html-ageing-axis")));
    body.push_str(&columns(22.0, 150.0, max, &cols));
    if d.ageing.iter().all(|c| *c == 0) {
        body.push_str(&empty_note(110.0, &tr!(w.lang, "html-no-overdue")));
    }
    let desc: Vec<String> = cols.iter().map(|c| format!("{}: {}", c.label, c.shown)).collect();
    figure(
        "chart-ageing",
        &caption,
        &tr!(w.lang, "html-ageing-note", now = r.now.display(l.tz)),
        "",
        200.0,
        &desc.join("; "),
        &body,
    )
}

/// The overdue records by name, longest overdue first.
fn overdue_list(d: &Dashboard, l: &Labels, w: &Words) -> String {
    if d.overdue.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<section>\n<h2>{0}</h2>\n<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\">\n<table>\n<thead><tr>",
        esc(&tr!(w.lang, "html-overdue-title"))
    );
    for (h, class) in [
        (tr!(w.lang, "html-overdue-col.id"), " class=\"text\""),
        (tr!(w.lang, "html-overdue-col.subject"), " class=\"text\""),
        (tr!(w.lang, "html-overdue-col.owner"), " class=\"text\""),
        (tr!(w.lang, "html-overdue-col.project"), " class=\"text\""),
        (tr!(w.lang, "html-overdue-col.deadline"), ""),
        (tr!(w.lang, "html-overdue-col.overdue-by"), ""),
    ] {
        out.push_str(&format!("<th scope=\"col\"{class}>{}</th>", esc(&h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for o in d.overdue.iter().take(OVERDUE_LIST) {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td class=\"text\">{}</td><td>{}</td><td>{}</td></tr>\n",
            esc(&o.id),
            esc(&o.subject),
            esc(&o.owner),
            esc(o.project.as_deref().unwrap_or("")),
            esc(&o.deadline.display(l.tz)),
            esc(&w.days(o.overdue_secs)),
        ));
    }
    out.push_str("</tbody>\n</table>\n</div>\n");
    if d.overdue.len() > OVERDUE_LIST {
        let more = d.overdue.len() - OVERDUE_LIST;
        let note = tr!(w.lang, "html-overdue-more", count = more);
        out.push_str(&format!("<p class=\"note\">{}</p>\n", esc(&note)));
    }
    out.push_str("</section>\n");
    out
}

/// The tables of `--format table`: the totals, then one per group.
fn tables(r: &Report, l: &Labels, w: &Words) -> String {
    let headers = l.metric_headers();
    let no_records = esc(&tr!(w.lang, "html-no-records"));
    let table = |title: &str, first: &str, rows: Vec<(String, &Metrics)>, totals: bool| -> String {
        let mut out = format!(
            "<section>\n<h2>{0}</h2>\n<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\">\n<table>\n<thead><tr>",
            esc(title)
        );
        out.push_str(&format!("<th scope=\"col\" class=\"text\">{}</th>", esc(first)));
        for h in &headers {
            out.push_str(&format!("<th scope=\"col\">{}</th>", esc(h)));
        }
        out.push_str("</tr></thead>\n<tbody>\n");
        if rows.is_empty() {
            out.push_str(&format!(
                "<tr><td colspan=\"{}\" class=\"note\">{}</td></tr>\n",
                headers.len() + 1,
                no_records
            ));
        }
        for (key, m) in rows {
            out.push_str(if totals { "<tr class=\"all\">" } else { "<tr>" });
            out.push_str(&format!("<th scope=\"row\" class=\"text\">{}</th>", esc(&key)));
            for c in cells(m) {
                out.push_str(&format!("<td>{}</td>", esc(&c)));
            }
            out.push_str("</tr>\n");
        }
        out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
        out
    };
    let mut out = table(&l.totals_title(), &tr!(w.lang, "html-scope"), vec![(l.all(), &r.totals)], true);
    for g in &r.groups {
        let rows = g.rows.iter().map(|row| (l.key(g.dimension, row.key.as_deref()), &row.metrics)).collect();
        out.push_str(&table(&l.group_title(g.dimension), &l.group_header(g.dimension), rows, false));
    }
    out.push_str(&sla_table(r, l));
    out.push_str(&quality_table(r, l));
    out
}

/// The quality table (approval time, confirmation coverage, accuracy,
/// satisfaction): the totals, then every group's rows that have one;
/// nothing when the report has none.
fn quality_table(r: &Report, l: &Labels) -> String {
    let rows = l.quality_rows(r);
    if rows.is_empty() {
        return String::new();
    }
    let title = l.quality_title();
    let mut out = format!(
        "<section>\n<h2>{0}</h2>\n<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\">\n<table>\n<thead><tr>",
        esc(&title)
    );
    out.push_str(&format!("<th scope=\"col\" class=\"text\">{}</th>", esc(&l.quality_group())));
    out.push_str(&format!("<th scope=\"col\" class=\"text\">{}</th>", esc(&l.quality_key())));
    for h in l.quality_headers() {
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(&h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, (group, key, m)) in rows.into_iter().enumerate() {
        out.push_str(if i == 0 { "<tr class=\"all\">" } else { "<tr>" });
        out.push_str(&format!("<th scope=\"row\" class=\"text\">{}</th>", esc(&group)));
        out.push_str(&format!("<td class=\"text\">{}</td>", esc(&key)));
        for c in quality_cells(m) {
            out.push_str(&format!("<td>{}</td>", esc(&c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    out
}

/// The response-time (时效) table: the totals, then by type; nothing when
/// the report has no response-time metric.
fn sla_table(r: &Report, l: &Labels) -> String {
    let rows = l.sla_rows(r);
    if rows.is_empty() {
        return String::new();
    }
    let title = l.sla_title();
    let mut out = format!(
        "<section>\n<h2>{0}</h2>\n<div class=\"wrap\" tabindex=\"0\" role=\"region\" aria-label=\"{0}\">\n<table>\n<thead><tr>",
        esc(&title)
    );
    out.push_str(&format!("<th scope=\"col\" class=\"text\">{}</th>", esc(&l.group_header(Dimension::Type))));
    for h in l.sla_headers() {
        out.push_str(&format!("<th scope=\"col\">{}</th>", esc(&h)));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for (i, (key, m)) in rows.into_iter().enumerate() {
        out.push_str(if i == 0 { "<tr class=\"all\">" } else { "<tr>" });
        out.push_str(&format!("<th scope=\"row\" class=\"text\">{}</th>", esc(&key)));
        for c in sla_cells(m) {
            out.push_str(&format!("<td>{}</td>", esc(&c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n</div>\n</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_quotes_and_controls() {
        assert_eq!(esc("<script>alert('x')</script>"), "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
        assert_eq!(esc("a & \"b\"\n\u{7}c"), "a &amp; &quot;b&quot;  c");
        assert_eq!(esc("二号产线"), "二号产线");
    }

    #[test]
    fn long_labels_are_cut_to_fit() {
        assert_eq!(fit("内部常规消息", 140.0, 12.0), "内部常规消息");
        let cut = fit(&"很长的部门名称".repeat(4), 140.0, 12.0);
        assert!(cut.ends_with('…') && text_width(&cut, 12.0) <= 140.0, "{cut}");
        assert_eq!(fit("", 10.0, 12.0), "");
    }

    #[test]
    fn numbers_in_attributes_are_finite() {
        assert_eq!(n(f64::NAN), "0");
        assert_eq!(n(f64::INFINITY), "0");
        assert_eq!(n(12.0), "12");
        assert_eq!(n(12.34), "12.3");
    }
}

//! Targets (考核目标, seed 002 §评估): what a report's metrics are held to,
//! from `targets` in comms.yaml:
//!
//! ```yaml
//! targets:
//!   on_time_rate: 0.9            # a plain threshold (rates: 0.9 or "90%")
//!   avg_response_hours: 24       # hours: lower is better
//!   avg_ack_hours: { change: -30% }   # against the previous period
//! ```
//!
//! Pure data: the names a target may name and which way each is better
//! ([`METRICS`]), and the parsed targets. The report judges them
//! ([`crate::report::targets`]); [`crate::report::metrics::Metrics::get`]
//! reads a metric by the same names.

use crate::model::yaml::{Node, Pos};

/// Which way a metric is better.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Better {
    Higher,
    Lower,
}

/// What a metric counts, for how a threshold may be written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A number of records.
    Count,
    /// A fraction 0–1 (a threshold may be written `0.9` or `90%`).
    Rate,
    /// Hours.
    Hours,
    /// A mean rating from 1 to 5 (`avg_satisfaction`).
    Score,
}

/// Every metric a target may name (the JSON keys of the report's
/// `totals`), what it counts, and which way it is better: `*_hours` lower,
/// rates higher; of the counts, `open`, `cancelled`, `overdue` and `late`
/// lower. A new metric is one row here and one arm of `Metrics::get`.
pub const METRICS: &[(&str, Unit, Better)] = &[
    ("total", Unit::Count, Better::Higher),
    ("open", Unit::Count, Better::Lower),
    ("done", Unit::Count, Better::Higher),
    ("cancelled", Unit::Count, Better::Lower),
    ("overdue", Unit::Count, Better::Lower),
    ("on_time", Unit::Count, Better::Higher),
    ("late", Unit::Count, Better::Lower),
    ("on_time_rate", Unit::Rate, Better::Higher),
    ("avg_resolution_hours", Unit::Hours, Better::Lower),
    ("avg_ack_hours", Unit::Hours, Better::Lower),
    ("avg_response_hours", Unit::Hours, Better::Lower),
    ("response_within_sla_rate", Unit::Rate, Better::Higher),
    ("resolution_within_sla_rate", Unit::Rate, Better::Higher),
    ("minutes_on_time_rate", Unit::Rate, Better::Higher),
    ("avg_approval_hours", Unit::Hours, Better::Lower),
    ("ack_coverage", Unit::Rate, Better::Higher),
    ("accuracy_rate", Unit::Rate, Better::Higher),
    ("avg_satisfaction", Unit::Score, Better::Higher),
    ("satisfaction_count", Unit::Count, Better::Higher),
];

/// The row of [`METRICS`] named `name`.
pub fn metric(name: &str) -> Option<(Unit, Better)> {
    METRICS.iter().find(|(n, _, _)| *n == name).map(|(_, u, b)| (*u, *b))
}

/// What a target asks of its metric.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Goal {
    /// At least (higher is better) or at most (lower is better) this value.
    Threshold(f64),
    /// A relative change against the previous period of the same length,
    /// as a fraction (`-30%` is -0.3): at least this much better.
    Change(f64),
}

/// One entry of `targets`.
#[derive(Clone, Debug, PartialEq)]
pub struct Target {
    pub metric: String,
    pub goal: Goal,
    pub better: Better,
}

/// Reads the `targets` mapping; an error names the place and the mistake.
/// The targets keep the order they are written in.
pub fn parse(node: &Node) -> Result<Vec<Target>, (Option<Pos>, String)> {
    let Some(entries) = node.entries() else {
        if node.is_null() {
            return Ok(Vec::new());
        }
        return Err((
            Some(node.span.start),
            format!(
                "`targets` is {}; write metrics and their targets, e.g. `targets: {{ on_time_rate: 0.9 }}`",
                node.kind_name()
            ),
        ));
    };
    let mut out = Vec::with_capacity(entries.len());
    for e in entries {
        let name = e.key.trim();
        let Some((unit, better)) = metric(name) else {
            let hint = match crate::model::suggest::closest(name, METRICS.iter().map(|(n, _, _)| *n)) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!(
                    "the metrics are {}",
                    METRICS.iter().map(|(n, _, _)| format!("`{n}`")).collect::<Vec<_>>().join(", ")
                ),
            };
            return Err((Some(e.key_span.start), format!("`targets` has `{name}`, which is no metric; {hint}")));
        };
        let v = &e.value;
        let goal = match (v.as_str(), v.entries()) {
            (Some(text), _) => Goal::Threshold(threshold(name, unit, text).map_err(|m| (Some(v.span.start), m))?),
            (None, Some(inner)) => {
                let change = match inner {
                    [only] if only.key == "change" => only,
                    _ => {
                        return Err((
                            Some(v.span.start),
                            format!(
                                "`targets.{name}` takes one key, `change`; write e.g. `{name}: {{ change: -30% }}`"
                            ),
                        ));
                    }
                };
                let text = change.value.as_str().unwrap_or("");
                Goal::Change(percentage(text).ok_or_else(|| {
                    (
                        Some(change.value.span.start),
                        format!(
                            "`targets.{name}.change` is `{text}`, not a percentage; write the change against the previous period, e.g. `change: -30%`"
                        ),
                    )
                })?)
            }
            _ => {
                return Err((
                    Some(v.span.start),
                    format!("`targets.{name}` is {}; write a number or `{{ change: -30% }}`", v.kind_name()),
                ));
            }
        };
        out.push(Target { metric: name.to_string(), goal, better });
    }
    Ok(out)
}

/// `-30%`, `+5%`, `12.5%` as a fraction.
fn percentage(text: &str) -> Option<f64> {
    let t = text.trim().strip_suffix('%')?.trim();
    let x: f64 = t.strip_prefix('+').unwrap_or(t).parse().ok()?;
    x.is_finite().then_some(x / 100.0)
}

/// A plain threshold: a number, or for rates also a percentage.
fn threshold(name: &str, unit: Unit, text: &str) -> Result<f64, String> {
    let t = text.trim();
    if t.ends_with('%') {
        return match (unit, percentage(t)) {
            (Unit::Rate, Some(x)) if (0.0..=1.0).contains(&x) => Ok(x),
            (Unit::Rate, _) => Err(format!("`targets.{name}: {t}` is not a rate from 0% to 100%; write e.g. 90%")),
            _ => Err(format!(
                "`targets.{name}: {t}`: a percentage is a target for a rate; write {} as a number, e.g. `{name}: {}`",
                match unit {
                    Unit::Hours => "hours",
                    Unit::Score => "a rating",
                    _ => "a count",
                },
                example(unit)
            )),
        };
    }
    let x: f64 = t
        .parse()
        .ok()
        .filter(|x: &f64| x.is_finite() && *x >= 0.0)
        .ok_or_else(|| format!("`targets.{name}: {t}` is not a number; write e.g. `{name}: {}`", example(unit)))?;
    if unit == Unit::Rate && x > 1.0 {
        return Err(format!(
            "`targets.{name}: {t}`: a rate is a fraction from 0 to 1; write e.g. `{name}: 0.9` or `{name}: 90%`"
        ));
    }
    if unit == Unit::Score && !(1.0..=5.0).contains(&x) {
        return Err(format!("`targets.{name}: {t}`: a satisfaction rating is from 1 to 5; write e.g. `{name}: 4.5`"));
    }
    Ok(x)
}

fn example(unit: Unit) -> &'static str {
    match unit {
        Unit::Count => "10",
        Unit::Rate => "0.9",
        Unit::Hours => "24",
        Unit::Score => "4.5",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::yaml;

    fn targets(src: &str) -> Result<Vec<Target>, (Option<Pos>, String)> {
        let parsed = yaml::parse(src, yaml::Origin::START, yaml::Limits::default()).unwrap();
        parse(&parsed.root.unwrap())
    }

    #[test]
    fn thresholds_percentages_and_changes() {
        let t = targets(
            "on_time_rate: 0.9\nresolution_within_sla_rate: \"80%\"\navg_response_hours: 24\navg_ack_hours: { change: -30% }\ndone: {change: +5%}\n",
        )
        .unwrap();
        let goals: Vec<(&str, Goal, Better)> = t.iter().map(|t| (t.metric.as_str(), t.goal, t.better)).collect();
        assert_eq!(
            goals,
            [
                ("on_time_rate", Goal::Threshold(0.9), Better::Higher),
                ("resolution_within_sla_rate", Goal::Threshold(0.8), Better::Higher),
                ("avg_response_hours", Goal::Threshold(24.0), Better::Lower),
                ("avg_ack_hours", Goal::Change(-0.3), Better::Lower),
                ("done", Goal::Change(0.05), Better::Higher),
            ]
        );
    }

    #[test]
    fn mistakes_are_named_where_they_are() {
        let e = targets("on_time_rate: 0.9\non_tme_rate: 0.8\n").unwrap_err();
        assert_eq!(e.0.map(|p| (p.line, p.col)), Some((2, 1)));
        assert_eq!(e.1, "`targets` has `on_tme_rate`, which is no metric; did you mean `on_time_rate`?");
        let e = targets("on_time_rate: 90\n").unwrap_err();
        assert_eq!(e.0.map(|p| (p.line, p.col)), Some((1, 15)));
        assert!(e.1.contains("a rate is a fraction from 0 to 1"), "{}", e.1);
        assert!(targets("avg_ack_hours: 90%\n").unwrap_err().1.contains("write hours as a number"));
        assert!(targets("avg_ack_hours: soon\n").unwrap_err().1.contains("is not a number"));
        assert!(targets("avg_ack_hours: -3\n").unwrap_err().1.contains("is not a number"));
        assert!(targets("avg_ack_hours: { change: -30 }\n").unwrap_err().1.contains("not a percentage"));
        assert!(targets("avg_ack_hours: { chnage: -30% }\n").unwrap_err().1.contains("takes one key, `change`"));
        assert!(targets("avg_ack_hours: [1]\n").unwrap_err().1.contains("is a list"));
        assert!(targets("- on_time_rate\n").unwrap_err().1.contains("`targets` is a list"));
        assert!(targets("avg_satisfaction: 6\n").unwrap_err().1.contains("a satisfaction rating is from 1 to 5"));
        assert!(
            targets("avg_satisfaction: 90%\n")
                .unwrap_err()
                .1
                .contains("write a rating as a number, e.g. `avg_satisfaction: 4.5`")
        );
        let t = targets("avg_satisfaction: 4.5\naccuracy_rate: 95%\navg_approval_hours: 8\n").unwrap();
        let goals: Vec<(Goal, Better)> = t.iter().map(|t| (t.goal, t.better)).collect();
        assert_eq!(
            goals,
            [
                (Goal::Threshold(4.5), Better::Higher),
                (Goal::Threshold(0.95), Better::Higher),
                (Goal::Threshold(8.0), Better::Lower)
            ]
        );
    }

    #[test]
    fn every_metric_has_one_row() {
        let mut names: Vec<&str> = METRICS.iter().map(|(n, _, _)| *n).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), METRICS.len());
        for (name, unit, better) in METRICS {
            assert_eq!(name.ends_with("_hours"), *unit == Unit::Hours, "{name}");
            if *unit != Unit::Count {
                assert_eq!(*better == Better::Lower, *unit == Unit::Hours, "{name}");
            }
        }
    }
}

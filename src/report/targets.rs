//! The report's metrics against `targets` of comms.yaml (see
//! [`crate::model::targets`]): each target's actual figure, the figure of
//! the previous period of the same length, the change, and whether it is met.

use crate::model::targets::{Better, Goal, Target};
use crate::report::metrics::Metrics;

/// One target, judged: the `targets` entry of the report's JSON.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Judged {
    pub metric: String,
    /// A number for a threshold; `{ "change": -0.3 }` for a relative change.
    pub target: TargetValue,
    /// The metric in the report's period; `null` when it has no value.
    pub actual: Option<f64>,
    /// The metric in the period before; `null` when it has no value.
    pub previous: Option<f64>,
    /// Actual − previous for a threshold; (actual − previous) / previous
    /// for a relative change; 4 decimals; `null` when either is missing
    /// (or, for a relative change, previous is 0).
    pub change: Option<f64>,
    /// Whether the target is met; `null` when it cannot be judged (no
    /// actual figure; for a relative change, no change).
    pub met: Option<bool>,
    #[serde(skip)]
    pub better: Better,
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
#[serde(untagged)]
pub enum TargetValue {
    Threshold(f64),
    Change { change: f64 },
}

/// Judges each target against the period's totals and the previous period's.
pub fn judge(targets: &[Target], actual: &Metrics, previous: Option<&Metrics>) -> Vec<Judged> {
    targets
        .iter()
        .map(|t| {
            let a = actual.get(&t.metric);
            let p = previous.and_then(|m| m.get(&t.metric));
            let at_least = |x: f64, bound: f64| match t.better {
                Better::Higher => x >= bound,
                Better::Lower => x <= bound,
            };
            let (target, change, met) = match t.goal {
                Goal::Threshold(bound) => {
                    let change = a.zip(p).map(|(a, p)| round(a - p));
                    (TargetValue::Threshold(bound), change, a.map(|a| at_least(a, bound)))
                }
                Goal::Change(asked) => {
                    let change = a.zip(p).filter(|(_, p)| *p != 0.0).map(|(a, p)| round((a - p) / p));
                    (TargetValue::Change { change: asked }, change, change.map(|c| at_least(c, round(asked))))
                }
            };
            Judged { metric: t.metric.clone(), target, actual: a, previous: p, change, met, better: t.better }
        })
        .collect()
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(metric: &str, goal: Goal) -> Target {
        let better = crate::model::targets::metric(metric).unwrap().1;
        Target { metric: metric.into(), goal, better }
    }

    #[test]
    fn thresholds_and_changes_either_way() {
        let now = Metrics {
            on_time_rate: Some(0.75),
            avg_response_hours: Some(20.0),
            avg_ack_hours: Some(7.0),
            overdue: 3,
            ..Metrics::default()
        };
        let before = Metrics {
            on_time_rate: Some(0.9),
            avg_response_hours: Some(30.0),
            avg_ack_hours: Some(10.0),
            overdue: 3,
            ..Metrics::default()
        };
        let j = judge(
            &[
                target("on_time_rate", Goal::Threshold(0.9)),
                target("avg_response_hours", Goal::Threshold(24.0)),
                target("avg_ack_hours", Goal::Change(-0.3)),
                target("avg_response_hours", Goal::Change(-0.4)),
                target("overdue", Goal::Threshold(3.0)),
                target("minutes_on_time_rate", Goal::Threshold(0.9)),
                target("on_time_rate", Goal::Change(0.1)),
            ],
            &now,
            Some(&before),
        );
        let got: Vec<(Option<f64>, Option<bool>)> = j.iter().map(|j| (j.change, j.met)).collect();
        assert_eq!(
            got,
            [
                (Some(-0.15), Some(false)),   // 75% < 90%; change is the difference
                (Some(-10.0), Some(true)),    // 20 h ≤ 24 h
                (Some(-0.3), Some(true)),     // 10 h → 7 h is exactly -30%
                (Some(-0.3333), Some(false)), // -33% is not the -40% asked
                (Some(0.0), Some(true)),      // at most 3 overdue: 3
                (None, None),                 // no value: not judged
                (Some(-0.1667), Some(false)), // +10% asked of a rate that fell
            ]
        );
        assert_eq!(j[2].target, TargetValue::Change { change: -0.3 });
        // No previous period: a threshold is still judged, a change is not.
        let j = judge(
            &[target("avg_ack_hours", Goal::Change(-0.3)), target("on_time_rate", Goal::Threshold(0.7))],
            &now,
            None,
        );
        assert_eq!((j[0].met, j[1].met, j[1].change), (None, Some(true), None));
        // A previous figure of 0 has no relative change.
        let zero = Metrics { avg_ack_hours: Some(0.0), ..Metrics::default() };
        assert_eq!(judge(&[target("avg_ack_hours", Goal::Change(-0.3))], &now, Some(&zero))[0].change, None);
    }

    #[test]
    fn json_shape() {
        let j = judge(&[target("avg_ack_hours", Goal::Change(-0.3))], &Metrics::default(), None);
        assert_eq!(
            serde_json::to_string(&j[0]).unwrap(),
            r#"{"metric":"avg_ack_hours","target":{"change":-0.3},"actual":null,"previous":null,"change":null,"met":null}"#
        );
    }
}

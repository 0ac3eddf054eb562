//! `comms rules`: the rules `validate` enforces.

use std::io::Write;

use anyhow::{Result, anyhow};
use serde_json::json;

use crate::Outcome;
use crate::cli::{ListFormat, RulesArgs};
use crate::context::Context;
use crate::model::diagnostic::{RULES, Rule};
use crate::render;

pub fn run(_cx: &Context, args: RulesArgs) -> Result<Outcome> {
    let rules: Vec<&Rule> = match &args.code {
        None => RULES.iter().collect(),
        Some(code) => vec![crate::model::diagnostic::rule(code).ok_or_else(|| {
            let hint = crate::model::suggest::closest(code, RULES.iter().map(|r| r.code))
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_else(|| "; `comms rules` lists them".into());
            anyhow!("unknown rule `{code}`{hint}")
        })?],
    };
    let mut out = super::stdout();
    match args.format {
        ListFormat::Json => {
            let list: Vec<_> = rules
                .iter()
                .map(|r| json!({"code": r.code, "severity": r.severity.as_str(), "summary": r.summary}))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
        }
        ListFormat::Table => {
            let rows: Vec<Vec<String>> = rules
                .iter()
                .map(|r| vec![r.code.to_string(), r.severity.as_str().to_string(), r.summary.to_string()])
                .collect();
            writeln!(out, "{}", render::table(&["CODE", "SEVERITY", "CHECKS"], &rows))?;
        }
    }
    Ok(Outcome::Success)
}

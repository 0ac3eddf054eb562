//! `comms rules`: the rules `validate` enforces.

use std::io::Write;

use anyhow::Result;
use serde_json::json;

use crate::Outcome;
use crate::cli::{ListFormat, RulesArgs};
use crate::context::Context;
use crate::model::diagnostic::{Code, RULES, Rule};
use crate::render;

pub fn run(_cx: &Context, args: RulesArgs) -> Result<Outcome> {
    let rules: Vec<&Rule> = match &args.code {
        None => RULES.iter().collect(),
        Some(code) => vec![code.parse::<Code>()?.rule()],
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

//! `comms schema`: JSON Schema of record front matter, for editors.

use std::io::Write;

use anyhow::Result;

use crate::Outcome;
use crate::cli::SchemaArgs;
use crate::context::Context;
use crate::report::schema;

pub fn run(cx: &Context, args: SchemaArgs) -> Result<Outcome> {
    let repo = cx.any_repo()?;
    let value = match &args.record_type {
        Some(name) => {
            let ty = repo.catalog.get(name).ok_or_else(|| super::templates::unknown_type(&repo.catalog, name))?;
            schema::for_type(&repo.catalog, &repo.config, ty)
        }
        None => schema::for_all(&repo.catalog, &repo.config),
    };
    let mut out = super::stdout();
    writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?;
    Ok(Outcome::Success)
}

//! `comms templates`: the record types, their fields and where each
//! definition came from.

use std::io::Write;

use anyhow::{Result, anyhow};
use serde_json::json;

use crate::Outcome;
use crate::cli::{ListFormat, TemplatesArgs};
use crate::context::Context;
use crate::i18n::tr;
use crate::model::types::{Catalog, RecordType};
use crate::render::{self, BOLD, paint};

pub fn run(cx: &Context, args: TemplatesArgs) -> Result<Outcome> {
    let repo = cx.any_repo()?;
    let lang = cx.lang(&repo);
    let catalog = &repo.catalog;
    let mut out = super::stdout();
    let Some(name) = &args.record_type else {
        match args.format {
            ListFormat::Json => {
                let all: Vec<_> = catalog.types.iter().map(|t| type_json(catalog, t)).collect();
                writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
            }
            ListFormat::Table => {
                let headers = [
                    tr!(lang, "templates-types-col.type"),
                    tr!(lang, "templates-types-col.label"),
                    tr!(lang, "templates-types-col.aliases"),
                    tr!(lang, "templates-types-col.required"),
                    tr!(lang, "templates-types-col.source"),
                ];
                let rows: Vec<Vec<String>> = catalog
                    .types
                    .iter()
                    .map(|t| {
                        vec![
                            t.name.clone(),
                            t.label.get(lang).to_string(),
                            t.aliases.join(", "),
                            t.required.join(", "),
                            t.source.describe(),
                        ]
                    })
                    .collect();
                writeln!(out, "{}", render::table(&headers.each_ref().map(String::as_str), &rows))?;
                let common = catalog.required(None).join(", ");
                cx.note(format!("\n{}", tr!(lang, "templates-common", common = common)));
            }
        }
        return Ok(Outcome::Success);
    };
    let t = catalog.get(name).ok_or_else(|| unknown_type(catalog, name))?;
    if args.skeleton {
        write!(out, "{}", t.skeleton(lang))?;
        return Ok(Outcome::Success);
    }
    if args.format == ListFormat::Json {
        writeln!(out, "{}", serde_json::to_string_pretty(&type_json(catalog, t))?)?;
        return Ok(Outcome::Success);
    }
    writeln!(out, "{} ({})", paint(BOLD, &t.name), t.label.get(lang))?;
    if let Some(d) = &t.description {
        writeln!(out, "{}", d.get(lang))?;
    }
    if !t.aliases.is_empty() {
        writeln!(out, "{}", tr!(lang, "templates-aliases", list = t.aliases.join(", ")))?;
    }
    if !t.subject_prefixes.is_empty() {
        writeln!(out, "{}", tr!(lang, "templates-subject-prefixes", list = t.subject_prefixes.join(" / ")))?;
    }
    if let Some(rule) = &t.deadline {
        let line = tr!(lang, "templates-deadline", within = rule.within.to_string(), after = rule.after());
        writeln!(out, "{line}")?;
    }
    writeln!(out)?;
    let required = catalog.required(Some(t));
    let mut keys: Vec<&str> = catalog.fields.keys().map(String::as_str).collect();
    keys.extend(t.fields.keys().map(String::as_str).filter(|k| !catalog.fields.contains_key(k)));
    keys.sort_by_key(|k| (!required.contains(k), required.iter().position(|r| r == k)));
    let required_mark = tr!(lang, "templates-required");
    let rows: Vec<Vec<String>> = keys
        .iter()
        .filter_map(|k| catalog.field(Some(t), k).map(|f| (k, f)))
        .map(|(k, f)| {
            vec![
                k.to_string(),
                f.label(lang).to_string(),
                f.kind.as_str().to_string(),
                if required.contains(k) { required_mark.clone() } else { String::new() },
                f.hint.as_ref().map(|h| h.get(lang).to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let headers = [
        tr!(lang, "templates-fields-col.field"),
        tr!(lang, "templates-fields-col.label"),
        tr!(lang, "templates-fields-col.kind"),
        tr!(lang, "templates-fields-col.required"),
        tr!(lang, "templates-fields-col.hint"),
    ];
    writeln!(out, "{}", render::table(&headers.each_ref().map(String::as_str), &rows))?;
    writeln!(out)?;
    let log_mark = format!("  {}", tr!(lang, "templates-log-section"));
    let sections: Vec<String> = t
        .sections
        .iter()
        .map(|s| format!("## {}{}", s.labels.joined(), if s.log { log_mark.as_str() } else { "" }))
        .collect();
    writeln!(out, "{}\n  {}", tr!(lang, "templates-sections"), sections.join("\n  "))?;
    writeln!(out)?;
    writeln!(out, "{}", tr!(lang, "templates-definition", source = t.source.describe()))?;
    for (l, s) in t.skeleton_sources() {
        writeln!(out, "{}", tr!(lang, "templates-skeleton", lang = l, source = s.describe()))?;
    }
    Ok(Outcome::Success)
}

fn type_json(catalog: &Catalog, t: &RecordType) -> serde_json::Value {
    let required = catalog.required(Some(t));
    let fields: Vec<_> = t
        .fields
        .iter()
        .map(|(k, f)| json!({"key": k, "label": labels_json(&f.labels), "kind": f.kind.as_str(), "required": required.contains(&k.as_str())}))
        .collect();
    json!({
        "name": t.name,
        "label": labels_json(&t.label),
        "aliases": t.aliases,
        "required": required,
        "fields": fields,
        "subject_prefixes": t.subject_prefixes,
        "deadline": t.deadline.as_ref().map(|r| json!({"within": r.within.to_string(), "after": r.after()})),
        "sections": t.sections.iter().map(|s| {
            let mut m = labels_json(&s.labels);
            m.insert("log".into(), json!(s.log));
            m
        }).collect::<Vec<_>>(),
        "source": t.source.describe(),
        "skeletons": t.skeleton_sources().map(|(l, s)| (l.to_string(), json!(s.describe()))).collect::<serde_json::Map<_, _>>(),
    })
}

/// The error for a type name that is not defined, with a suggestion.
pub fn unknown_type(catalog: &Catalog, name: &str) -> anyhow::Error {
    let names =
        catalog.types.iter().flat_map(|t| std::iter::once(t.name.as_str()).chain(t.aliases.iter().map(String::as_str)));
    let list = catalog.types.iter().map(|t| t.name.as_str()).collect::<Vec<_>>().join(", ");
    match crate::model::suggest::closest(name, names) {
        Some(best) => anyhow!("unknown record type `{name}`; did you mean `{best}`?"),
        None => anyhow!("unknown record type `{name}`; the types are {list}"),
    }
}

/// `{"zh": …, "en": …}`, in the order the labels are written.
fn labels_json(labels: &crate::model::types::Labels) -> serde_json::Map<String, serde_json::Value> {
    labels.iter().map(|(l, t)| (l.to_string(), json!(t))).collect()
}

//! `comms templates`: the record types, their fields and where each
//! definition came from.

use std::io::Write;

use anyhow::{Result, anyhow};
use serde_json::json;

use crate::Outcome;
use crate::cli::{ListFormat, TemplatesArgs};
use crate::context::Context;
use crate::model::config::Lang;
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
                let headers = match lang {
                    Lang::Zh => ["类型", "名称", "别名", "额外必填字段", "定义来源"],
                    Lang::En => ["TYPE", "LABEL", "ALIASES", "EXTRA REQUIRED", "DEFINED IN"],
                };
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
                writeln!(out, "{}", render::table(&headers, &rows))?;
                let common = catalog.required(None).join(", ");
                cx.note(match lang {
                    Lang::Zh => format!("\n每条记录都必须有:{common}。查看某一类型:comms templates TYPE"),
                    Lang::En => format!("\nEvery record also needs: {common}. One type in full: comms templates TYPE"),
                });
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
        writeln!(out, "{} {}", lang.pick("别名:", "aliases:"), t.aliases.join(", "))?;
    }
    if !t.subject_prefixes.is_empty() {
        writeln!(out, "{} {}", lang.pick("主题开头:", "subject starts with:"), t.subject_prefixes.join(" / "))?;
    }
    if let Some(rule) = &t.deadline {
        match lang {
            Lang::Zh => writeln!(out, "未给截止时间时: {} 后 {}", rule.after(), rule.within)?,
            Lang::En => writeln!(out, "deadline when none is given: {} after {}", rule.within, rule.after())?,
        }
    }
    writeln!(out)?;
    let required = catalog.required(Some(t));
    let mut keys: Vec<&str> = catalog.fields.keys().map(String::as_str).collect();
    keys.extend(t.fields.keys().map(String::as_str).filter(|k| !catalog.fields.contains_key(*k)));
    keys.sort_by_key(|k| (!required.contains(k), required.iter().position(|r| r == k)));
    let rows: Vec<Vec<String>> = keys
        .iter()
        .filter_map(|k| catalog.field(Some(t), k).map(|f| (k, f)))
        .map(|(k, f)| {
            vec![
                k.to_string(),
                f.label(lang).to_string(),
                f.kind.as_str().to_string(),
                if required.contains(k) { lang.pick("必填", "required").to_string() } else { String::new() },
                f.hint.as_ref().map(|h| h.get(lang).to_string()).unwrap_or_default(),
            ]
        })
        .collect();
    let headers = match lang {
        Lang::Zh => ["字段", "名称", "类型", "必填", "说明"],
        Lang::En => ["FIELD", "LABEL", "KIND", "REQUIRED", "HINT"],
    };
    writeln!(out, "{}", render::table(&headers, &rows))?;
    writeln!(out)?;
    let sections: Vec<String> = t
        .sections
        .iter()
        .map(|s| {
            format!(
                "## {}{}",
                s.labels.joined(),
                if s.log { lang.pick("  (comms log 写入此处)", "  (comms log appends here)") } else { "" }
            )
        })
        .collect();
    writeln!(out, "{}\n  {}", lang.pick("正文小节:", "body sections:"), sections.join("\n  "))?;
    writeln!(out)?;
    writeln!(out, "{} {}", lang.pick("类型定义:", "definition:"), t.source.describe())?;
    for (l, s) in t.skeleton_sources() {
        writeln!(out, "{} ({}): {}", lang.pick("模板", "skeleton"), l, s.describe())?;
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

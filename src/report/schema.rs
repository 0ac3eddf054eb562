//! JSON Schema (draft 2020-12) of record front matter, from the type
//! definitions, so an editor's YAML extension can check a record as it is
//! typed. The schema mirrors the errors of `validate` that a schema can
//! express (required fields, shapes, datetime form, status and priority
//! values, people); `validate` stays the authority.

use serde_json::{Map, Value, json};

use crate::model::config::Config;
use crate::model::types::{Catalog, FieldDef, Kind, RecordType};

pub const DRAFT: &str = "https://json-schema.org/draft/2020-12/schema";

/// `YYYY-MM-DD HH:MM`, optionally ` +08:00`.
pub const DATETIME_PATTERN: &str = r"^\d{4}-\d{2}-\d{2} \d{2}:\d{2}( [+-]\d{2}:\d{2})?$";

/// The schema of one type's front matter.
pub fn for_type(catalog: &Catalog, config: &Config, ty: &RecordType) -> Value {
    let mut schema = body(catalog, config, ty);
    if let Value::Object(m) = &mut schema {
        m.insert("$schema".into(), json!(DRAFT));
        m.insert("title".into(), json!(format!("comms {} record ({})", ty.name, ty.label.get(crate::i18n::Lang::ZH))));
    }
    schema
}

/// One schema for every record: the common fields, then each type's own
/// rules applied when `type` names it.
pub fn for_all(catalog: &Catalog, config: &Config) -> Value {
    let type_names: Vec<&str> = catalog.types.iter().flat_map(names).collect();
    let mut properties = Map::new();
    for (key, def) in &catalog.fields {
        properties.insert(key.clone(), field(catalog, config, def));
    }
    properties.insert("type".into(), json!({"title": "类型 / Type", "enum": type_names}));
    let all_of: Vec<Value> = catalog
        .types
        .iter()
        .map(|t| json!({"if": {"properties": {"type": {"enum": names(t).collect::<Vec<_>>()}}, "required": ["type"]}, "then": body(catalog, config, t)}))
        .collect();
    json!({
        "$schema": DRAFT,
        "title": "comms record",
        "description": "Front matter of a comms record; `comms validate` checks the rest.",
        "type": "object",
        "required": catalog.required(None),
        "properties": properties,
        "allOf": all_of,
    })
}

fn names(t: &RecordType) -> impl Iterator<Item = &str> {
    std::iter::once(t.name.as_str()).chain(t.aliases.iter().map(String::as_str))
}

fn body(catalog: &Catalog, config: &Config, ty: &RecordType) -> Value {
    let mut properties = Map::new();
    for key in catalog.known_keys(Some(ty)) {
        if let Some(def) = catalog.field(Some(ty), key) {
            properties.insert(key.to_string(), field(catalog, config, def));
        }
    }
    properties.insert("type".into(), json!({"title": "类型 / Type", "enum": names(ty).collect::<Vec<_>>()}));
    json!({
        "type": "object",
        "required": catalog.required(Some(ty)),
        "properties": properties,
    })
}

fn field(catalog: &Catalog, config: &Config, def: &FieldDef) -> Value {
    let mut s = match def.kind {
        Kind::Text => json!({"type": ["string", "number", "boolean"]}),
        Kind::List => json!({"anyOf": [{"type": "string"}, {"type": "array", "items": {"type": "string"}}]}),
        Kind::Datetime => datetime(),
        Kind::Person => person(config),
        Kind::Status => {
            json!({"enum": words(catalog.lexicon.status.iter(), crate::model::record::Status::ALL.iter().map(|s| s.as_str()))})
        }
        Kind::Priority => {
            json!({"enum": words(catalog.lexicon.priority.iter(), ["high", "medium", "low"].into_iter())})
        }
        Kind::Acks => json!({
            "type": "array",
            "items": {"type": "object", "required": ["by", "at"], "properties": {"by": person(config), "at": datetime()}},
        }),
        Kind::Approvals => json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["by", "at", "decision"],
                "properties": {
                    "by": person(config),
                    "at": datetime(),
                    "decision": {"enum": words(catalog.lexicon.decision.iter(), ["approved", "rejected"].into_iter())},
                    "note": {"type": "string"},
                },
                "additionalProperties": false,
            },
        }),
        Kind::Actions => json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["task", "owner", "deadline", "status"],
                "properties": {
                    "task": {"type": "string", "minLength": 1},
                    "owner": person(config),
                    "deadline": datetime(),
                    "status": {"enum": words(catalog.lexicon.status.iter(), crate::model::record::Status::ALL.iter().map(|s| s.as_str()))},
                    "deliverable": {"type": "string"},
                    "closed": datetime(),
                    "acks": {
                        "type": "array",
                        "items": {"type": "object", "required": ["by", "at"], "properties": {"by": person(config), "at": datetime()}},
                    },
                },
            },
        }),
        Kind::Outcome => {
            json!({"enum": words(catalog.lexicon.outcome.iter(), crate::model::closing::OUTCOMES.iter().copied())})
        }
        Kind::Classification => {
            json!({"enum": words(catalog.lexicon.classification.iter(), crate::model::classification::CLASSIFICATIONS.iter().copied())})
        }
        // As YAML reads it (a number) or as text (`"4"`, which validate accepts too).
        Kind::Satisfaction => json!({"anyOf": [
            {"type": "integer", "minimum": 1, "maximum": 5},
            {"type": "string", "pattern": r"^\s*[1-5]\s*$"},
        ], "examples": [1, 2, 3, 4, 5]}),
        Kind::Flag => {
            json!({"anyOf": [{"type": "boolean"}, {"type": "string", "pattern": r"^\s*([Tt][Rr][Uu][Ee]|[Ff][Aa][Ll][Ss][Ee])\s*$"}]})
        }
        Kind::Corrections => json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["at", "by", "note"],
                "properties": {"at": datetime(), "by": person(config), "note": {"type": "string", "minLength": 1}},
                "additionalProperties": false,
            },
        }),
        Kind::Progress => json!({"type": "integer", "minimum": 0, "maximum": 100, "examples": [0, 25, 50, 75, 100]}),
        Kind::Accepted => json!({
            "type": "object",
            "required": ["by", "at"],
            "properties": {"by": person(config), "at": datetime()},
            "additionalProperties": false,
        }),
        Kind::Confirmation => json!({
            "type": "object",
            "required": ["kind", "by", "at"],
            "properties": {
                "kind": {"enum": words(catalog.lexicon.confirmation.iter(), crate::model::closing::CONFIRMATION_KINDS.iter().copied())},
                "by": person(config),
                "at": datetime(),
                "file": {"type": "string"},
            },
            "additionalProperties": false,
        }),
        Kind::Attachments => json!({
            "type": "array",
            "items": {
                "type": "object",
                "required": ["name", "version"],
                "properties": {"name": {"type": "string", "minLength": 1}, "version": {"type": ["string", "number"]}, "link": {"type": "string"}},
                "additionalProperties": false,
            },
        }),
    };
    if let Value::Object(m) = &mut s {
        m.insert("title".into(), json!(def.labels.joined()));
        if let Some(h) = &def.hint {
            m.insert("description".into(), json!(h.joined()));
        }
        if let Some(max) = def.max_chars {
            m.insert("maxLength".into(), json!(max));
        }
    }
    s
}

fn datetime() -> Value {
    json!({"type": "string", "pattern": DATETIME_PATTERN, "examples": ["2026-11-23 17:00"]})
}

/// One person: a name of the people directory when there is one — as
/// written (`enum`, for completion), or in any spelling the directory's
/// matching rule accepts (`pattern`: another case, width or spacing).
fn person(config: &Config) -> Value {
    if config.people.is_empty() {
        return json!({"type": "string", "minLength": 1});
    }
    let names: Vec<&str> = config.people.iter().flat_map(|p| p.names()).collect();
    json!({"anyOf": [{"enum": names}, {"type": "string", "pattern": crate::model::people::pattern(names.iter().copied())}]})
}

/// Canonical values and their aliases, for an `enum`.
fn words<'a>(
    aliases: impl Iterator<Item = (&'a String, &'a Vec<String>)>,
    canonical: impl Iterator<Item = &'a str>,
) -> Vec<String> {
    let mut out: Vec<String> = canonical.map(str::to_string).collect();
    for (_, list) in aliases {
        for a in list {
            if !out.contains(a) {
                out.push(a.clone());
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_type_schema_lists_its_required_fields_and_shapes() {
        let c = Catalog::builtin().unwrap();
        let s = for_type(&c, &Config::default(), c.get("meeting").unwrap());
        assert_eq!(s["$schema"], DRAFT);
        assert!(s["required"].as_array().unwrap().contains(&json!("actions")));
        assert_eq!(s["properties"]["actions"]["items"]["required"], json!(["task", "owner", "deadline", "status"]));
        assert_eq!(s["properties"]["deadline"]["pattern"], DATETIME_PATTERN);
        assert!(s["properties"]["status"]["enum"].as_array().unwrap().contains(&json!("处理中")));
    }

    #[test]
    fn satisfaction_is_one_to_five_as_a_number_or_text() {
        let c = Catalog::builtin().unwrap();
        let s = for_all(&c, &Config::default());
        let any = &s["properties"]["satisfaction"]["anyOf"];
        assert_eq!((any[0]["minimum"].as_u64(), any[0]["maximum"].as_u64()), (Some(1), Some(5)));
        assert_eq!(any[1]["pattern"], r"^\s*[1-5]\s*$");
        assert_eq!(s["properties"]["corrections"]["items"]["required"], json!(["at", "by", "note"]));
    }

    #[test]
    fn the_whole_schema_switches_on_type() {
        let c = Catalog::builtin().unwrap();
        let s = for_all(&c, &Config::default());
        assert_eq!(s["allOf"].as_array().unwrap().len(), 6);
        assert!(s["allOf"][2]["if"]["properties"]["type"]["enum"].as_array().unwrap().contains(&json!("紧急")));
    }
}

//! Record types, field definitions and the words `comms` understands: data
//! files under `templates/`, built into the binary, which a repository can
//! override or extend under `.comms/templates/` (same layout) without
//! recompiling.
//!
//! ```text
//! templates/fields.yaml               fields every record may carry
//! templates/lexicon.yaml              status/priority aliases, vague words
//! templates/types/<name>/type.yaml    a type: required fields, labels, sections
//! templates/types/<name>/zh.md        its skeleton in Chinese
//! templates/types/<name>/en.md        its skeleton in English
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::{Error, Located};
use crate::model::config::Lang;
use crate::model::yaml;

/// Where repositories keep their own templates.
pub const REPO_DIR: &str = ".comms/templates";

/// The built-in data files, by their path under `templates/`.
const BUILTIN: &[(&str, &str)] = &[
    ("comms.yaml", include_str!("../../templates/comms.yaml")),
    ("ci/github.yml", include_str!("../../templates/ci/github.yml")),
    ("ci/gitlab.yml", include_str!("../../templates/ci/gitlab.yml")),
    ("fields.yaml", include_str!("../../templates/fields.yaml")),
    ("lexicon.yaml", include_str!("../../templates/lexicon.yaml")),
    ("types/internal/type.yaml", include_str!("../../templates/types/internal/type.yaml")),
    ("types/internal/zh.md", include_str!("../../templates/types/internal/zh.md")),
    ("types/internal/en.md", include_str!("../../templates/types/internal/en.md")),
    ("types/external/type.yaml", include_str!("../../templates/types/external/type.yaml")),
    ("types/external/zh.md", include_str!("../../templates/types/external/zh.md")),
    ("types/external/en.md", include_str!("../../templates/types/external/en.md")),
    ("types/urgent/type.yaml", include_str!("../../templates/types/urgent/type.yaml")),
    ("types/urgent/zh.md", include_str!("../../templates/types/urgent/zh.md")),
    ("types/urgent/en.md", include_str!("../../templates/types/urgent/en.md")),
    ("types/knowledge/type.yaml", include_str!("../../templates/types/knowledge/type.yaml")),
    ("types/knowledge/zh.md", include_str!("../../templates/types/knowledge/zh.md")),
    ("types/knowledge/en.md", include_str!("../../templates/types/knowledge/en.md")),
    ("types/meeting/type.yaml", include_str!("../../templates/types/meeting/type.yaml")),
    ("types/meeting/zh.md", include_str!("../../templates/types/meeting/zh.md")),
    ("types/meeting/en.md", include_str!("../../templates/types/meeting/en.md")),
];

/// The built-in data file at `rel` (a path under `templates/`).
pub fn builtin(rel: &str) -> Option<&'static str> {
    BUILTIN.iter().find(|(p, _)| *p == rel).map(|(_, t)| *t)
}

/// Where a definition came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    BuiltIn,
    Repo(PathBuf),
}

impl Source {
    /// `built-in` or the repository path.
    pub fn describe(&self) -> String {
        match self {
            Source::BuiltIn => "built-in".into(),
            Source::Repo(p) => p.display().to_string().replace('\\', "/"),
        }
    }
}

/// A text in both languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Labels {
    pub zh: String,
    pub en: String,
}

impl Labels {
    pub fn get(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// What a field holds; decides which rules check it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// One line of text.
    #[default]
    Text,
    /// A text or a list of texts.
    List,
    /// `YYYY-MM-DD HH:MM`.
    Datetime,
    /// Exactly one person.
    Person,
    Status,
    Priority,
    /// A list of `{by, at}`.
    Acks,
    /// A list of action items.
    Actions,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Text => "text",
            Kind::List => "list",
            Kind::Datetime => "datetime",
            Kind::Person => "person",
            Kind::Status => "status",
            Kind::Priority => "priority",
            Kind::Acks => "acks",
            Kind::Actions => "actions",
        }
    }
}

/// A field's definition.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    pub zh: String,
    pub en: String,
    #[serde(default)]
    pub kind: Kind,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub hint: Option<Labels>,
    #[serde(default)]
    pub max_chars: Option<usize>,
}

impl FieldDef {
    pub fn label(&self, lang: Lang) -> &str {
        lang.pick(&self.zh, &self.en)
    }
}

/// A body section of a type's template.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Section {
    pub zh: String,
    pub en: String,
    /// `comms log` appends here.
    #[serde(default)]
    pub log: bool,
}

/// How `comms new` works out a deadline when none is given: `within` (a
/// duration such as `4h`, or working days such as `2wd`) after the value
/// of the datetime field `after` (default `created`, i.e. now).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineRule {
    pub within: crate::model::workdays::Span,
    #[serde(default)]
    pub after: Option<String>,
}

impl DeadlineRule {
    /// The field the deadline counts from.
    pub fn after(&self) -> &str {
        self.after.as_deref().map_or("created", str::trim)
    }
}

#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct TypeFile {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    aliases: Vec<String>,
    label: Labels,
    #[serde(default)]
    description: Option<Labels>,
    #[serde(default)]
    required: Vec<String>,
    #[serde(default)]
    fields: BTreeMap<String, FieldDef>,
    #[serde(default)]
    subject_prefixes: Vec<String>,
    #[serde(default)]
    sections: Vec<Section>,
    #[serde(default)]
    deadline: Option<DeadlineRule>,
    #[serde(default)]
    acknowledge: bool,
}

/// A record type.
#[derive(Clone, Debug)]
pub struct RecordType {
    pub name: String,
    pub aliases: Vec<String>,
    pub label: Labels,
    pub description: Option<Labels>,
    /// Required fields beyond those every record has.
    pub required: Vec<String>,
    pub fields: BTreeMap<String, FieldDef>,
    pub subject_prefixes: Vec<String>,
    pub sections: Vec<Section>,
    /// The deadline `comms new` writes when none is given.
    pub deadline: Option<DeadlineRule>,
    /// Records of this type must be acknowledged (已读确认): `comms remind`
    /// puts open ones without an ack first.
    pub acknowledge: bool,
    skeleton_zh: Option<String>,
    skeleton_en: Option<String>,
    pub source: Source,
    pub skeleton_sources: Vec<(Lang, Source)>,
}

impl RecordType {
    /// The skeleton in `lang`, falling back to the other language.
    pub fn skeleton(&self, lang: Lang) -> &str {
        let (first, second) = match lang {
            Lang::Zh => (&self.skeleton_zh, &self.skeleton_en),
            Lang::En => (&self.skeleton_en, &self.skeleton_zh),
        };
        first.as_deref().or(second.as_deref()).unwrap_or("")
    }

    /// The section `comms log` appends to.
    pub fn log_section(&self) -> Option<&Section> {
        self.sections.iter().find(|s| s.log)
    }
}

/// The words `comms` understands.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Lexicon {
    #[serde(default)]
    pub status: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub priority: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    pub vague_owners: Vec<String>,
    #[serde(default)]
    pub group_suffixes: Vec<String>,
    #[serde(default)]
    pub vague_deadlines: Vec<String>,
    #[serde(default)]
    pub owner_separators: Vec<String>,
    #[serde(default)]
    pub deadline_words: crate::model::natural::Words,
}

impl Lexicon {
    fn extend(&mut self, other: Lexicon) {
        for (k, v) in other.status {
            self.status.entry(k).or_default().extend(v);
        }
        for (k, v) in other.priority {
            self.priority.entry(k).or_default().extend(v);
        }
        self.vague_owners.extend(other.vague_owners);
        self.group_suffixes.extend(other.group_suffixes);
        self.vague_deadlines.extend(other.vague_deadlines);
        self.owner_separators.extend(other.owner_separators);
        self.deadline_words.extend(other.deadline_words);
    }
}

/// Every type, field and word, built-in and from the repository.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub types: Vec<RecordType>,
    pub fields: BTreeMap<String, FieldDef>,
    pub fields_source: Source,
    pub lexicon: Lexicon,
    pub lexicon_source: Source,
}

impl Catalog {
    /// The built-in catalog only.
    pub fn builtin() -> Result<Catalog, Error> {
        Catalog::load(None)
    }

    /// The catalog for a repository: built-in definitions overridden and
    /// extended by `root/.comms/templates/`.
    pub fn load(root: Option<&Path>) -> Result<Catalog, Error> {
        let repo_dir = root.map(|r| r.join(REPO_DIR));
        let read_repo = |rel: &str| -> Result<Option<(PathBuf, String)>, Error> {
            let Some(dir) = &repo_dir else { return Ok(None) };
            let path = dir.join(rel);
            match std::fs::read(&path) {
                Ok(bytes) => {
                    let text = String::from_utf8(bytes).map_err(|_| {
                        Error::Template(Located::new(&display(root, &path), None, "the file is not UTF-8 text"))
                    })?;
                    Ok(Some((display(root, &path), text)))
                }
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
                Err(e) => Err(Error::Io { path, cause: e }),
            }
        };

        let mut fields: BTreeMap<String, FieldDef> =
            parse_data(Path::new("templates/fields.yaml"), builtin("fields.yaml").unwrap_or(""))?;
        let mut fields_source = Source::BuiltIn;
        if let Some((path, text)) = read_repo("fields.yaml")? {
            let extra: BTreeMap<String, FieldDef> = parse_data(&path, &text)?;
            fields.extend(extra);
            fields_source = Source::Repo(path);
        }

        let mut lexicon: Lexicon =
            parse_data(Path::new("templates/lexicon.yaml"), builtin("lexicon.yaml").unwrap_or(""))?;
        let mut lexicon_source = Source::BuiltIn;
        if let Some((path, text)) = read_repo("lexicon.yaml")? {
            let extra: Lexicon = parse_data(&path, &text)?;
            for key in extra.status.keys() {
                if crate::model::record::Status::parse_canonical(key).is_none() {
                    return Err(Error::Template(Located::new(
                        &path,
                        None,
                        format!(
                            "`status` has an unknown value `{key}`; the values are open, in-progress, done, delayed, cancelled"
                        ),
                    )));
                }
            }
            for key in extra.priority.keys() {
                if crate::model::record::Priority::parse_canonical(key).is_none() {
                    return Err(Error::Template(Located::new(
                        &path,
                        None,
                        format!("`priority` has an unknown value `{key}`; the values are high, medium, low"),
                    )));
                }
            }
            lexicon.extend(extra);
            lexicon_source = Source::Repo(path);
        }

        // Type names: the built-in ones, then any folder under .comms/templates/types.
        let mut names: Vec<String> = BUILTIN
            .iter()
            .filter_map(|(p, _)| p.strip_prefix("types/")?.strip_suffix("/type.yaml").map(str::to_string))
            .collect();
        if let Some(dir) = &repo_dir {
            let types_dir = dir.join("types");
            if let Ok(entries) = std::fs::read_dir(&types_dir) {
                let mut extra: Vec<String> = entries
                    .filter_map(|e| e.ok())
                    .filter(|e| e.path().is_dir())
                    .filter_map(|e| e.file_name().into_string().ok())
                    .filter(|n| !names.contains(n) && !n.starts_with('.'))
                    .collect();
                extra.sort();
                names.extend(extra);
            }
        }

        let mut types = Vec::new();
        for name in names {
            let def_rel = format!("types/{name}/type.yaml");
            let (def_path, def_text, source) = match read_repo(&def_rel)? {
                Some((p, t)) => (p.clone(), t, Source::Repo(p)),
                None => match builtin(&def_rel) {
                    Some(t) => (PathBuf::from("templates").join(&def_rel), t.to_string(), Source::BuiltIn),
                    None => {
                        let dir = display(root, &repo_dir.clone().unwrap_or_default().join("types").join(&name));
                        return Err(Error::Template(Located::new(
                            &dir,
                            None,
                            format!("type `{name}` has no type.yaml; add {}/type.yaml", dir.display()),
                        )));
                    }
                },
            };
            let file: TypeFile = parse_data(&def_path, &def_text)?;
            if let Some(n) = &file.name
                && n != &name
            {
                return Err(Error::Template(Located::new(
                    &def_path,
                    None,
                    format!("`name: {n}` does not match its folder `{name}`"),
                )));
            }
            if name.is_empty()
                || !name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
            {
                return Err(Error::Template(Located::new(
                    &def_path,
                    None,
                    format!("type name `{name}` must be lower-case ASCII letters, digits, `-` or `_`"),
                )));
            }
            for r in &file.required {
                if !file.fields.contains_key(r) && !fields.contains_key(r) {
                    return Err(Error::Template(Located::new(
                        &def_path,
                        None,
                        format!("required field `{r}` is not declared under `fields`"),
                    )));
                }
            }
            if let Some(rule) = &file.deadline {
                let after = rule.after();
                let kind = file.fields.get(after).or_else(|| fields.get(after)).map(|f| f.kind);
                if kind != Some(Kind::Datetime) || after == "deadline" {
                    return Err(Error::Template(Located::new(
                        &def_path,
                        None,
                        format!(
                            "`deadline: {{ after: {after} }}` must name a datetime field other than `deadline`, such as `created` or `held`"
                        ),
                    )));
                }
            }
            let mut skeleton_sources = Vec::new();
            let mut skeleton = |lang: Lang| -> Result<Option<String>, Error> {
                let rel = format!("types/{name}/{}.md", lang.as_str());
                if let Some((p, t)) = read_repo(&rel)? {
                    skeleton_sources.push((lang, Source::Repo(p)));
                    return Ok(Some(t));
                }
                // A repository type that overrides type.yaml keeps the built-in skeleton.
                Ok(builtin(&rel).map(|t| {
                    skeleton_sources.push((lang, Source::BuiltIn));
                    t.to_string()
                }))
            };
            let skeleton_zh = skeleton(Lang::Zh)?;
            let skeleton_en = skeleton(Lang::En)?;
            if skeleton_zh.is_none() && skeleton_en.is_none() {
                return Err(Error::Template(Located::new(
                    &def_path,
                    None,
                    format!("type `{name}` has no skeleton; add zh.md or en.md beside type.yaml"),
                )));
            }
            types.push(RecordType {
                name: name.clone(),
                aliases: file.aliases,
                label: file.label,
                description: file.description,
                required: file.required,
                fields: file.fields,
                subject_prefixes: file.subject_prefixes,
                sections: file.sections,
                deadline: file.deadline,
                acknowledge: file.acknowledge,
                skeleton_zh,
                skeleton_en,
                source,
                skeleton_sources,
            });
        }
        Ok(Catalog { types, fields, fields_source, lexicon, lexicon_source })
    }

    /// The type with this name or alias.
    pub fn get(&self, name: &str) -> Option<&RecordType> {
        let n = name.trim();
        self.types.iter().find(|t| t.name == n).or_else(|| {
            self.types
                .iter()
                .find(|t| t.aliases.iter().any(|a| a == n) || t.label.zh == n || t.label.en.eq_ignore_ascii_case(n))
        })
    }

    /// The definition of `key` in a record of type `ty`.
    pub fn field<'a>(&'a self, ty: Option<&'a RecordType>, key: &str) -> Option<&'a FieldDef> {
        ty.and_then(|t| t.fields.get(key)).or_else(|| self.fields.get(key))
    }

    /// Every required field of type `ty`, in order: common ones, then the type's.
    pub fn required<'a>(&'a self, ty: Option<&'a RecordType>) -> Vec<&'a str> {
        let mut out: Vec<&str> = self.fields.iter().filter(|(_, f)| f.required).map(|(k, _)| k.as_str()).collect();
        out.sort_by_key(|k| COMMON_ORDER.iter().position(|o| o == k).unwrap_or(usize::MAX));
        if let Some(t) = ty {
            for r in &t.required {
                if !out.contains(&r.as_str()) {
                    out.push(r);
                }
            }
        }
        out
    }

    /// Every key a record of type `ty` may have.
    pub fn known_keys<'a>(&'a self, ty: Option<&'a RecordType>) -> impl Iterator<Item = &'a str> {
        self.fields.keys().chain(ty.into_iter().flat_map(|t| t.fields.keys())).map(String::as_str)
    }

    /// The key whose label (in either language) is `label`: `负责人` → `owner`.
    pub fn key_for_label<'a>(&'a self, ty: Option<&'a RecordType>, label: &str) -> Option<&'a str> {
        let type_fields = ty.into_iter().flat_map(|t| t.fields.iter());
        self.fields
            .iter()
            .chain(type_fields)
            .find(|(_, f)| f.zh == label || f.en.eq_ignore_ascii_case(label))
            .map(|(k, _)| k.as_str())
    }
}

/// The order common fields are listed in.
const COMMON_ORDER: &[&str] = &["id", "type", "subject", "owner", "deadline", "status"];

fn display(_root: Option<&Path>, path: &Path) -> PathBuf {
    crate::model::paths::shown(path)
}

/// Parses a YAML data file into `T`, with errors at their position.
fn parse_data<T: serde::de::DeserializeOwned>(path: &Path, text: &str) -> Result<T, Error> {
    let bad = |pos: Option<yaml::Pos>, message: String| Error::Template(Located::new(path, pos, message));
    let parsed = yaml::parse(text.trim_start_matches('\u{feff}'), yaml::Origin::START, yaml::Limits::default())
        .map_err(|e| bad(Some(e.pos), e.message))?;
    if let Some(yaml::Warning::DuplicateKey { key, again, .. }) = parsed.warnings.first() {
        return Err(bad(Some(again.start), format!("key `{key}` is written twice")));
    }
    let root = parsed.root.unwrap_or(yaml::Node {
        value: yaml::Value::Map { entries: Vec::new(), flow: false },
        span: yaml::Span::default(),
    });
    // Deserialize through an owned copy so `T` need not borrow from the text.
    let value: T = yaml::de::from_node(&root).map_err(|e| bad(e.pos, e.message))?;
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_catalog_has_the_five_types() {
        let c = Catalog::builtin().unwrap();
        let names: Vec<_> = c.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["internal", "external", "urgent", "knowledge", "meeting"]);
        assert_eq!(
            c.required(c.get("urgent")),
            ["id", "type", "subject", "owner", "deadline", "status", "impact", "measures"]
        );
        assert_eq!(c.get("紧急").unwrap().name, "urgent");
        assert!(c.get("urgent").unwrap().skeleton(Lang::Zh).contains("影响范围"));
        assert!(c.get("urgent").unwrap().skeleton(Lang::En).contains("[URGENT]"));
        assert_eq!(c.key_for_label(None, "负责人"), Some("owner"));
        assert_eq!(c.get("meeting").unwrap().log_section().unwrap().zh, "反馈记录");
        let rule = c.get("meeting").unwrap().deadline.as_ref().unwrap();
        assert_eq!((rule.within, rule.after()), (crate::model::workdays::Span::Workdays(2), "held"));
    }

    #[test]
    fn a_deadline_rule_counts_from_a_datetime_field() {
        let dir = tempfile::tempdir().unwrap();
        let types = dir.path().join(REPO_DIR).join("types/visit");
        std::fs::create_dir_all(&types).unwrap();
        std::fs::write(types.join("zh.md"), "---\nid: {{id}}\n---\n").unwrap();
        let write = |rule: &str| {
            std::fs::write(types.join("type.yaml"), format!("label: {{ zh: 拜访, en: Visit }}\n{rule}\n")).unwrap();
            Catalog::load(Some(dir.path())).map(|_| ()).map_err(|e| e.to_string())
        };
        assert_eq!(write("deadline: { within: 3wd }"), Ok(()));
        let e = write("deadline: { within: 3wd, after: subject }").unwrap_err();
        assert!(e.contains("must name a datetime field"), "{e}");
        let e = write("deadline: { within: 3x }").unwrap_err();
        assert!(e.contains("type.yaml:2:21") && e.contains("unknown unit"), "{e}");
    }

    #[test]
    fn every_builtin_skeleton_is_a_closed_front_matter() {
        let c = Catalog::builtin().unwrap();
        for t in &c.types {
            for lang in [Lang::Zh, Lang::En] {
                let s = t.skeleton(lang);
                assert!(s.starts_with("---\n") && s[4..].contains("\n---\n"), "{} {:?}", t.name, lang);
            }
        }
    }
}

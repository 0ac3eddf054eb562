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

use rustc_hash::FxHashMap;
use serde::Deserialize;

use crate::error::{Error, Located};
use crate::i18n::Lang;
use crate::model::yaml;

/// Where repositories keep their own templates.
pub const REPO_DIR: &str = ".comms/templates";

/// The built-in data files, by their path under `templates/`.
const BUILTIN: &[(&str, &str)] = &[
    ("comms.yaml", include_str!("../../templates/comms.yaml")),
    ("ci/github.yml", include_str!("../../templates/ci/github.yml")),
    ("ci/gitlab.yml", include_str!("../../templates/ci/gitlab.yml")),
    ("ci/github-notify.yml", include_str!("../../templates/ci/github-notify.yml")),
    ("ci/gitlab-notify.yml", include_str!("../../templates/ci/gitlab-notify.yml")),
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
    ("types/feedback/type.yaml", include_str!("../../templates/types/feedback/type.yaml")),
    ("types/feedback/zh.md", include_str!("../../templates/types/feedback/zh.md")),
    ("types/feedback/en.md", include_str!("../../templates/types/feedback/en.md")),
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

/// A text in several languages, keyed by language tag: `{ zh: 负责人, en:
/// Owner }`. A repository may add any language (`fr: Responsable`); a
/// language without its own text shows the English one, else the first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Labels(Vec<(String, String)>);

impl Labels {
    /// The text in `lang`, else in English, else in Chinese, else the first.
    pub fn get(&self, lang: Lang) -> &str {
        self.in_lang(lang.as_str())
            .or_else(|| self.in_lang(crate::i18n::FALLBACK))
            .or_else(|| self.in_lang("zh"))
            .or_else(|| self.0.first().map(|(_, t)| t.as_str()))
            .unwrap_or("")
    }

    /// Labels from (language tag, text) pairs.
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, String)>) -> Labels {
        Labels(pairs.into_iter().collect())
    }

    /// The text written for exactly this language tag.
    pub fn in_lang(&self, tag: &str) -> Option<&str> {
        self.0.iter().find(|(l, _)| l == tag).map(|(_, t)| t.as_str())
    }

    /// (language tag, text), in the order they are written.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(l, t)| (l.as_str(), t.as_str()))
    }

    /// Every text, in the order written.
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, t)| t.as_str())
    }

    /// Whether `name` is one of the texts (ASCII letters in any case).
    pub fn matches(&self, name: &str) -> bool {
        self.texts().any(|t| t == name || t.eq_ignore_ascii_case(name))
    }

    /// The texts joined with ` / `: `负责人 / Owner`.
    pub fn joined(&self) -> String {
        self.texts().collect::<Vec<_>>().join(" / ")
    }

    /// A language key with its text, or an error naming the key.
    fn push<E: serde::de::Error>(&mut self, key: String, text: String, expected: &str) -> Result<(), E> {
        if crate::i18n::Lang::new(&key).is_err() {
            return Err(E::custom(format!(
                "unknown key `{key}`; {expected}, or a text per language tag (`zh`, `en`, `fr`, …)"
            )));
        }
        if self.in_lang(&key).is_some() {
            return Err(E::custom(format!("`{key}` is written twice")));
        }
        self.0.push((key, text));
        Ok(())
    }
}

impl<'de> Deserialize<'de> for Labels {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Labels;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a text per language, like { zh: 负责人, en: Owner }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Labels, A::Error> {
                let mut labels = Labels::default();
                while let Some(key) = map.next_key::<String>()? {
                    let text = map.next_value::<String>()?;
                    labels.push(key, text, "the keys are language tags")?;
                }
                Ok(labels)
            }
        }
        d.deserialize_map(V)
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
    /// `achieved`, `partial` or `missed` (达成/部分达成/未达成).
    Outcome,
    /// `{by: PERSON, at: DATETIME}`: the initiator's acceptance.
    Accepted,
    /// A list of `{name, version, link}`.
    Attachments,
    /// `{kind: signed|stamped, by, at, file}`.
    Confirmation,
    /// A whole number from 0 to 100 (per cent done).
    Progress,
    /// A list of `{by, at, decision, note}` (审批).
    Approvals,
    /// `public`, `internal` or `confidential` (公开/内部/机密).
    Classification,
    /// A whole number from 1 to 5 (满意度; `bad-satisfaction`).
    Satisfaction,
    /// A list of `{at, by, note}`: corrections sent after a message.
    Corrections,
    /// `true` or `false`.
    Flag,
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
            Kind::Outcome => "outcome",
            Kind::Accepted => "accepted",
            Kind::Attachments => "attachments",
            Kind::Confirmation => "confirmation",
            Kind::Progress => "progress",
            Kind::Approvals => "approvals",
            Kind::Classification => "classification",
            Kind::Satisfaction => "satisfaction",
            Kind::Corrections => "corrections",
            Kind::Flag => "flag",
        }
    }
}

/// A field's definition: its label per language, and what it holds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldDef {
    pub labels: Labels,
    pub kind: Kind,
    pub required: bool,
    pub hint: Option<Labels>,
    pub max_chars: Option<usize>,
}

impl FieldDef {
    pub fn label(&self, lang: Lang) -> &str {
        self.labels.get(lang)
    }
}

impl<'de> Deserialize<'de> for FieldDef {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = FieldDef;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a field, like { zh: 负责人, en: Owner, kind: person }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<FieldDef, A::Error> {
                let mut def = FieldDef {
                    labels: Labels::default(),
                    kind: Kind::default(),
                    required: false,
                    hint: None,
                    max_chars: None,
                };
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "kind" => def.kind = map.next_value()?,
                        "required" => def.required = map.next_value()?,
                        "hint" => def.hint = map.next_value()?,
                        "max_chars" => def.max_chars = map.next_value()?,
                        _ => {
                            let text = map.next_value::<String>()?;
                            def.labels.push(key, text, "a field has `kind`, `required`, `hint`, `max_chars`")?;
                        }
                    }
                }
                if def.labels.0.is_empty() {
                    return Err(serde::de::Error::custom("a field needs a label, like `zh: 负责人, en: Owner`"));
                }
                Ok(def)
            }
        }
        d.deserialize_map(V)
    }
}

/// A body section of a type's template: its heading per language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Section {
    pub labels: Labels,
    /// `comms log` appends here.
    pub log: bool,
}

impl<'de> Deserialize<'de> for Section {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Section;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a section, like { zh: 背景, en: Background }")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Section, A::Error> {
                let mut section = Section { labels: Labels::default(), log: false };
                while let Some(key) = map.next_key::<String>()? {
                    if key == "log" {
                        section.log = map.next_value()?;
                    } else {
                        let text = map.next_value::<String>()?;
                        section.labels.push(key, text, "a section has `log`")?;
                    }
                }
                if section.labels.0.is_empty() {
                    return Err(serde::de::Error::custom("a section needs a heading, like `zh: 背景, en: Background`"));
                }
                Ok(section)
            }
        }
        d.deserialize_map(V)
    }
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
    fields: Fields,
    #[serde(default)]
    subject_prefixes: Vec<String>,
    #[serde(default)]
    sections: Vec<Section>,
    #[serde(default)]
    deadline: Option<DeadlineRule>,
    #[serde(default)]
    acknowledge: bool,
    #[serde(default)]
    outcome_required: bool,
    #[serde(default)]
    acceptance: bool,
    #[serde(default)]
    update_every: Option<crate::model::workdays::Span>,
    #[serde(default)]
    action_acks: bool,
    #[serde(default)]
    scope: Option<crate::model::channels::Scope>,
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
    pub fields: Fields,
    pub subject_prefixes: Vec<String>,
    pub sections: Vec<Section>,
    /// The deadline `comms new` writes when none is given.
    pub deadline: Option<DeadlineRule>,
    /// Records of this type must be acknowledged (已读确认): `comms remind`
    /// puts open ones without an ack first.
    pub acknowledge: bool,
    /// A done record must say how it ended (`outcome`; `missing-outcome`).
    pub outcome_required: bool,
    /// A done record whose initiator is not its owner needs the
    /// initiator's `accepted` (`unaccepted`).
    pub acceptance: bool,
    /// An in-progress or delayed record gets a dated log line at least
    /// this often (`stale`).
    pub update_every: Option<crate::model::workdays::Span>,
    /// Each open action item's owner must accept the task (`comms ack
    /// ID#N`, item-level `acks`); else warning `unconfirmed-action`.
    pub action_acks: bool,
    /// Whether records of this type are internal or external work
    /// (`scope`), for `channel-scope`; not judged when not set.
    pub scope: Option<crate::model::channels::Scope>,
    /// (language tag, skeleton, where it is from), built-in languages first.
    skeletons: Vec<(String, String, Source)>,
    pub source: Source,
}

impl RecordType {
    /// The skeleton in `lang`, else in English, else in Chinese, else the first.
    pub fn skeleton(&self, lang: Lang) -> &str {
        let find = |tag: &str| self.skeletons.iter().find(|(l, _, _)| l == tag).map(|(_, t, _)| t.as_str());
        find(lang.as_str())
            .or_else(|| find(crate::i18n::FALLBACK))
            .or_else(|| find("zh"))
            .or_else(|| self.skeletons.first().map(|(_, t, _)| t.as_str()))
            .unwrap_or("")
    }

    /// Where each language's skeleton is from: (language tag, source).
    pub fn skeleton_sources(&self) -> impl Iterator<Item = (&str, &Source)> {
        self.skeletons.iter().map(|(l, _, s)| (l.as_str(), s))
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
    /// An approval's `decision`: canonical value (`approved`, `rejected`)
    /// → aliases (批准, 驳回).
    #[serde(default)]
    pub decision: BTreeMap<String, Vec<String>>,
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
    /// `outcome` values: canonical value -> aliases (达成/部分达成/未达成).
    #[serde(default)]
    pub outcome: BTreeMap<String, Vec<String>>,
    /// `confirmation.kind` values: canonical value -> aliases (签字/盖章).
    #[serde(default)]
    pub confirmation: BTreeMap<String, Vec<String>>,
    /// `classification` values: canonical value -> aliases (公开/内部/机密).
    #[serde(default)]
    pub classification: BTreeMap<String, Vec<String>>,
    /// A channel's `scope`: canonical value -> aliases (内部/外部/内外).
    #[serde(default)]
    pub scope: BTreeMap<String, Vec<String>>,
}

impl Lexicon {
    fn extend(&mut self, other: Lexicon) {
        for (k, v) in other.status {
            self.status.entry(k).or_default().extend(v);
        }
        for (k, v) in other.priority {
            self.priority.entry(k).or_default().extend(v);
        }
        for (k, v) in other.decision {
            self.decision.entry(k).or_default().extend(v);
        }
        self.vague_owners.extend(other.vague_owners);
        self.group_suffixes.extend(other.group_suffixes);
        self.vague_deadlines.extend(other.vague_deadlines);
        self.owner_separators.extend(other.owner_separators);
        self.deadline_words.extend(other.deadline_words);
        for (k, v) in other.outcome {
            self.outcome.entry(k).or_default().extend(v);
        }
        for (k, v) in other.confirmation {
            self.confirmation.entry(k).or_default().extend(v);
        }
        for (k, v) in other.classification {
            self.classification.entry(k).or_default().extend(v);
        }
        for (k, v) in other.scope {
            self.scope.entry(k).or_default().extend(v);
        }
    }
}

/// Field definitions by key: in key order for what lists them (schema,
/// templates, suggestions), and hashed for the lookups the rules make,
/// about a hundred for every record checked.
#[derive(Clone, Debug, Default)]
pub struct Fields {
    ordered: BTreeMap<String, FieldDef>,
    hashed: FxHashMap<String, FieldDef>,
}

impl From<BTreeMap<String, FieldDef>> for Fields {
    fn from(ordered: BTreeMap<String, FieldDef>) -> Fields {
        let hashed = ordered.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
        Fields { ordered, hashed }
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Fields, D::Error> {
        BTreeMap::deserialize(d).map(Fields::from)
    }
}

/// Reading in key order: `keys`, `iter`, `len`…
impl std::ops::Deref for Fields {
    type Target = BTreeMap<String, FieldDef>;
    fn deref(&self) -> &Self::Target {
        &self.ordered
    }
}

impl<'a> IntoIterator for &'a Fields {
    type Item = (&'a String, &'a FieldDef);
    type IntoIter = std::collections::btree_map::Iter<'a, String, FieldDef>;
    fn into_iter(self) -> Self::IntoIter {
        self.ordered.iter()
    }
}

impl Fields {
    /// The definition of `key`.
    pub fn get(&self, key: &str) -> Option<&FieldDef> {
        self.hashed.get(key)
    }

    /// Whether `key` is defined.
    pub fn contains_key(&self, key: &str) -> bool {
        self.hashed.contains_key(key)
    }
}

/// Every type, field and word, built-in and from the repository.
#[derive(Clone, Debug)]
pub struct Catalog {
    pub types: Vec<RecordType>,
    pub fields: Fields,
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
            for key in extra.decision.keys() {
                if crate::model::approval::Decision::parse_canonical(key).is_none() {
                    return Err(Error::Template(Located::new(
                        &path,
                        None,
                        format!("`decision` has an unknown value `{key}`; the values are approved, rejected"),
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
            for (key, values) in [
                ("outcome", extra.outcome.keys()),
                ("confirmation", extra.confirmation.keys()),
                ("classification", extra.classification.keys()),
                ("scope", extra.scope.keys()),
            ] {
                let known: &[&str] = match key {
                    "outcome" => crate::model::closing::OUTCOMES,
                    "confirmation" => crate::model::closing::CONFIRMATION_KINDS,
                    "scope" => crate::model::channels::Scope::WORDS,
                    _ => crate::model::classification::CLASSIFICATIONS,
                };
                for v in values {
                    if !known.contains(&v.as_str()) {
                        return Err(Error::Template(Located::new(
                            &path,
                            None,
                            format!("`{key}` has an unknown value `{v}`; the values are {}", known.join(", ")),
                        )));
                    }
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
            // Skeletons: one `<language>.md` per language, the repository's
            // over the built-in ones (a repository type that overrides
            // type.yaml keeps the built-in skeletons).
            let mut tags: Vec<String> = BUILTIN
                .iter()
                .filter_map(|(p, _)| p.strip_prefix(&format!("types/{name}/"))?.strip_suffix(".md"))
                .map(String::from)
                .collect();
            if let Some(dir) = &repo_dir
                && let Ok(entries) = std::fs::read_dir(dir.join("types").join(&name))
            {
                let mut own: Vec<String> = entries
                    .flatten()
                    .filter_map(|e| e.file_name().to_str()?.strip_suffix(".md").map(String::from))
                    .filter(|tag| !tags.contains(tag))
                    .collect();
                own.sort();
                for tag in &own {
                    if Lang::new(tag).is_err() {
                        return Err(Error::Template(Located::new(
                            &display(root, &dir.join("types").join(&name).join(format!("{tag}.md"))),
                            None,
                            format!(
                                "`{tag}.md`: a skeleton is named by its language tag, like `zh.md`, `en.md` or `fr.md`"
                            ),
                        )));
                    }
                }
                tags.extend(own);
            }
            let mut skeletons = Vec::new();
            for tag in tags {
                let rel = format!("types/{name}/{tag}.md");
                if let Some((p, t)) = read_repo(&rel)? {
                    skeletons.push((tag, t, Source::Repo(p)));
                } else if let Some(t) = builtin(&rel) {
                    skeletons.push((tag, t.to_string(), Source::BuiltIn));
                }
            }
            if skeletons.is_empty() {
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
                outcome_required: file.outcome_required,
                acceptance: file.acceptance,
                update_every: file.update_every,
                action_acks: file.action_acks,
                scope: file.scope,
                skeletons,
                source,
            });
        }
        Ok(Catalog { types, fields: Fields::from(fields), fields_source, lexicon, lexicon_source })
    }

    /// The type with this name or alias.
    pub fn get(&self, name: &str) -> Option<&RecordType> {
        let n = name.trim();
        self.types
            .iter()
            .find(|t| t.name == n)
            .or_else(|| self.types.iter().find(|t| t.aliases.iter().any(|a| a == n) || t.label.matches(n)))
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

    /// The key whose label (in any language) is `label`: `负责人` → `owner`.
    pub fn key_for_label<'a>(&'a self, ty: Option<&'a RecordType>, label: &str) -> Option<&'a str> {
        let type_fields = ty.into_iter().flat_map(|t| t.fields.iter());
        self.fields.iter().chain(type_fields).find(|(_, f)| f.labels.matches(label)).map(|(k, _)| k.as_str())
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
        assert_eq!(names, ["internal", "external", "urgent", "knowledge", "meeting", "feedback"]);
        assert_eq!(
            c.required(c.get("urgent")),
            ["id", "type", "subject", "owner", "deadline", "status", "impact", "measures"]
        );
        assert_eq!(c.get("紧急").unwrap().name, "urgent");
        assert!(c.get("urgent").unwrap().skeleton(Lang::ZH).contains("影响范围"));
        assert!(c.get("urgent").unwrap().skeleton(Lang::EN).contains("[URGENT]"));
        assert_eq!(c.key_for_label(None, "负责人"), Some("owner"));
        assert_eq!(c.get("meeting").unwrap().log_section().unwrap().labels.in_lang("zh"), Some("反馈记录"));
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
            for lang in [Lang::ZH, Lang::EN] {
                let s = t.skeleton(lang);
                assert!(s.starts_with("---\n") && s[4..].contains("\n---\n"), "{} {:?}", t.name, lang);
            }
        }
    }

    #[test]
    fn a_key_that_is_neither_known_nor_a_language_is_refused_where_it_is() {
        let e = parse_data::<BTreeMap<String, FieldDef>>(
            Path::new("fields.yaml"),
            "owner:\n  zh: 负责人\n  kinds: person\n",
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("fields.yaml:2:3") && e.contains("unknown key `kinds`"), "{e}");
        let e = parse_data::<BTreeMap<String, FieldDef>>(Path::new("fields.yaml"), "owner: { kind: person }\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("needs a label"), "{e}");
        let e =
            parse_data::<Vec<Section>>(Path::new("type.yaml"), "- { zh: 背景, zh: 背景二 }\n").unwrap_err().to_string();
        assert!(e.contains("twice"), "{e}");
    }
    #[test]
    fn labels_take_any_language_and_fall_back_to_english() {
        let f: BTreeMap<String, FieldDef> = parse_data(
            Path::new("fields.yaml"),
            "owner: { zh: 负责人, en: Owner, fr: Responsable, kind: person, required: true }\nroom: { zh: 会议室, kind: text }\n",
        )
        .unwrap();
        let owner = &f["owner"];
        assert_eq!((owner.kind, owner.required), (Kind::Person, true));
        assert_eq!(owner.label(Lang::new("fr").unwrap()), "Responsable");
        assert_eq!(owner.label(Lang::ZH), "负责人");
        // German has no label: English is shown; a field with only Chinese shows it.
        assert_eq!(owner.label(Lang::new("de").unwrap()), "Owner");
        assert_eq!(f["room"].label(Lang::EN), "会议室");
        assert!(owner.labels.matches("responsable") && owner.labels.matches("OWNER"));
        assert_eq!(owner.labels.joined(), "负责人 / Owner / Responsable");
    }

    #[test]
    fn a_repository_adds_a_skeleton_in_its_own_language() {
        let dir = tempfile::tempdir().unwrap();
        let t = dir.path().join(REPO_DIR).join("types/internal");
        std::fs::create_dir_all(&t).unwrap();
        std::fs::write(t.join("fr.md"), "---\nid: {{id}}\n---\n\n## Contexte\n").unwrap();
        let c = Catalog::load(Some(dir.path())).unwrap();
        let internal = c.get("internal").unwrap();
        assert!(internal.skeleton(Lang::new("fr").unwrap()).contains("Contexte"));
        assert!(internal.skeleton(Lang::ZH).contains("背景"));
        let tags: Vec<&str> = internal.skeleton_sources().map(|(l, _)| l).collect();
        assert_eq!(tags, ["zh", "en", "fr"]);
        std::fs::write(t.join("french.md"), "x").unwrap();
        let e = Catalog::load(Some(dir.path())).unwrap_err().to_string();
        assert!(e.contains("french.md") && e.contains("language tag"), "{e}");
    }
}

//! `comms.yaml`: the repository's settings. Every key is optional.

use std::path::{Component, Path};
use std::str::FromStr;

use chrono_tz::Tz;
use serde::Deserialize;

use crate::error::{Error, Located};
use crate::yaml;

/// The file name of the configuration at the repository root.
pub const FILE: &str = "comms.yaml";

/// Languages for labels and templates.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    #[default]
    Zh,
    En,
}

impl Lang {
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
        }
    }

    /// Picks the text for this language.
    pub fn pick<'a>(self, zh: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Zh => zh,
            Lang::En => en,
        }
    }
}

/// One person of the directory: owners, acks and escalation name them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    pub name: String,
    #[serde(default)]
    pub department: Option<String>,
    #[serde(default)]
    pub role: Option<String>,
    /// Other spellings that mean this person (e.g. an English name).
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub email: Option<String>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    timezone: Option<String>,
    language: Option<Lang>,
    records_dir: Option<String>,
    archive_dir: Option<String>,
    #[serde(default)]
    people: Vec<Person>,
    max_file_size: Option<u64>,
}

/// The resolved configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub timezone: Tz,
    /// Whether `timezone` was written in the file (else UTC by default).
    pub timezone_set: bool,
    pub language: Lang,
    pub records_dir: String,
    pub archive_dir: String,
    pub people: Vec<Person>,
    /// Files larger than this are not read (`file-too-large`).
    pub max_file_size: u64,
    /// Name or alias → index into `people`, and the departments: every
    /// owner of every record is looked up here.
    pub(crate) index: std::collections::HashMap<String, usize>,
    pub(crate) departments: std::collections::HashSet<String>,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timezone: chrono_tz::UTC,
            timezone_set: false,
            language: Lang::Zh,
            records_dir: "records".into(),
            archive_dir: "archive".into(),
            people: Vec::new(),
            max_file_size: 1024 * 1024,
            index: Default::default(),
            departments: Default::default(),
        }
    }
}

impl Config {
    /// Reads `comms.yaml` in `root`; no file means the defaults.
    pub fn load(root: &Path) -> Result<Config, Error> {
        let path = root.join(FILE);
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Config::default()),
            Err(e) => return Err(Error::Io { path, source: e }),
        };
        Config::parse(&path, bytes)
    }

    /// Parses the bytes of a configuration file named `path`.
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Config, Error> {
        let path = &crate::paths::shown(path);
        let bad = |pos: Option<yaml::Pos>, message: String| Error::Config(Located::new(path, pos, message));
        let text = String::from_utf8(bytes).map_err(|_| bad(None, "the file is not UTF-8 text".into()))?;
        let parsed = yaml::parse(text.trim_start_matches('\u{feff}'), yaml::Origin::START, yaml::Limits::default())
            .map_err(|e| bad(Some(e.pos), e.message))?;
        if let Some(yaml::Warning::DuplicateKey { key, again, .. }) = parsed.warnings.first() {
            return Err(bad(Some(again.start), format!("key `{key}` is written twice")));
        }
        let Some(root) = parsed.root else {
            return Ok(Config::default());
        };
        let raw: Raw = yaml::de::from_node(&root).map_err(|e| bad(e.pos, e.message))?;
        let key_pos = |k: &str| root.get(k).map(|e| e.value.span.start);
        let mut config = Config::default();
        if let Some(tz) = raw.timezone {
            config.timezone = parse_timezone(&tz).map_err(|m| bad(key_pos("timezone"), m))?;
            config.timezone_set = true;
        }
        if let Some(lang) = raw.language {
            config.language = lang;
        }
        for (key, value, slot) in [
            ("records_dir", raw.records_dir, &mut config.records_dir),
            ("archive_dir", raw.archive_dir, &mut config.archive_dir),
        ] {
            if let Some(v) = value {
                check_dir(&v).map_err(|m| bad(key_pos(key), format!("`{key}: {v}` {m}")))?;
                *slot = v.trim_end_matches('/').to_string();
            }
        }
        if config.records_dir == config.archive_dir {
            return Err(bad(
                key_pos("archive_dir"),
                "`records_dir` and `archive_dir` must be different folders".into(),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        for (i, p) in raw.people.iter().enumerate() {
            let pos =
                root.get("people").and_then(|e| e.value.items()).and_then(|items| items.get(i)).map(|n| n.span.start);
            if p.name.trim().is_empty() {
                return Err(bad(pos, "a person has an empty `name`".into()));
            }
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                if !seen.insert(n.clone()) {
                    return Err(bad(pos, format!("`{n}` is listed twice in `people`")));
                }
            }
        }
        config.set_people(raw.people);
        if let Some(size) = raw.max_file_size {
            config.max_file_size = size;
        }
        Ok(config)
    }

    /// This configuration with another timezone.
    pub fn with_timezone(mut self, tz: Tz) -> Config {
        self.timezone = tz;
        self.timezone_set = true;
        self
    }

    /// This configuration with another people directory.
    pub fn with_people(mut self, people: Vec<Person>) -> Config {
        self.set_people(people);
        self
    }

    /// Sets the people directory and its lookup tables.
    pub fn set_people(&mut self, people: Vec<Person>) {
        self.index.clear();
        for (i, p) in people.iter().enumerate() {
            for n in std::iter::once(&p.name).chain(&p.aliases) {
                self.index.entry(n.clone()).or_insert(i);
            }
        }
        self.departments = people.iter().filter_map(|p| p.department.clone()).collect();
        self.people = people;
    }

    /// The person with this name or alias.
    pub fn person(&self, name: &str) -> Option<&Person> {
        if self.index.is_empty() {
            // `people` set without `set_people`: look it up the slow way.
            return self.people.iter().find(|p| p.name == name || p.aliases.iter().any(|a| a == name));
        }
        self.index.get(name).and_then(|&i| self.people.get(i))
    }

    /// Whether `name` is a department of the people directory.
    pub fn is_department(&self, name: &str) -> bool {
        if self.departments.is_empty() {
            return self.people.iter().any(|p| p.department.as_deref() == Some(name));
        }
        self.departments.contains(name)
    }
}

/// An IANA timezone name, with a suggestion when it is misspelt.
pub fn parse_timezone(name: &str) -> Result<Tz, String> {
    if let Ok(tz) = Tz::from_str(name.trim()) {
        return Ok(tz);
    }
    if let Some(tz) = chrono_tz::TZ_VARIANTS.iter().find(|t| t.name().eq_ignore_ascii_case(name.trim())) {
        return Err(format!("unknown timezone `{name}`; did you mean `{}`?", tz.name()));
    }
    let names = chrono_tz::TZ_VARIANTS.iter().map(|t| t.name());
    match crate::suggest::closest(name, names) {
        Some(best) => Err(format!("unknown timezone `{name}`; did you mean `{best}`?")),
        None => Err(format!("unknown timezone `{name}`; write an IANA name such as `Asia/Shanghai` or `UTC`")),
    }
}

/// A folder setting must stay inside the repository.
fn check_dir(dir: &str) -> Result<(), &'static str> {
    let p = Path::new(dir);
    if dir.trim().is_empty() {
        return Err("is empty");
    }
    if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err("must be a folder inside the repository, without `..`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(Path::new("comms.yaml"), text.as_bytes().to_vec())
    }

    #[test]
    fn empty_file_means_defaults() {
        let c = parse("").unwrap();
        assert_eq!(c.timezone, chrono_tz::UTC);
        assert_eq!(c.records_dir, "records");
    }

    #[test]
    fn reads_every_key() {
        let c = parse("timezone: Asia/Shanghai\nlanguage: en\nrecords_dir: notes\narchive_dir: old\npeople:\n  - { name: 张伟, department: 技术部, aliases: [Zhang Wei] }\n").unwrap();
        assert_eq!(c.timezone, chrono_tz::Asia::Shanghai);
        assert_eq!(c.language, Lang::En);
        assert_eq!(c.person("Zhang Wei").unwrap().name, "张伟");
        assert!(c.is_department("技术部"));
    }

    #[test]
    fn bad_values_name_the_key_and_position() {
        let e = parse("timezone: Asia/Shangai\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:11") && e.contains("Asia/Shanghai"), "{e}");
        let e = parse("language: fr\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:11"), "{e}");
        let e = parse("records_dir: ../x\n").unwrap_err().to_string();
        assert!(e.contains("records_dir"), "{e}");
        let e = parse("people: [{ name: a }, { name: a }]\n").unwrap_err().to_string();
        assert!(e.contains("listed twice"), "{e}");
        let e = parse("timezone: [\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:11") && e.contains("never closed"), "{e}");
    }
}

//! The message catalog: every sentence comms prints, in each language, as
//! data (docs/translating.md).
//!
//! Messages are [Fluent](https://projectfluent.org) files, one folder per
//! language: built into the binary from `templates/messages/<lang>/*.ftl`,
//! and overridden or extended by a repository's
//! `.comms/templates/messages/<lang>/*.ftl`. A message missing in the
//! chosen language is taken from English. Plurals follow the language's
//! CLDR rules (`{ $count -> [one] … *[other] … }`).
//!
//! This module imports nothing from the rest of the crate: every layer may
//! use it.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{OnceLock, RwLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentError, FluentResource, FluentValue};
use serde::Deserialize;
use unic_langid::LanguageIdentifier;

/// Where a repository keeps its own messages, under its root.
pub const REPO_DIR: &str = ".comms/templates/messages";

/// The language messages fall back to.
pub const FALLBACK: &str = "en";

/// The catalogs built into the binary: (language, file, text).
const BUILT_IN: &[(&str, &str, &str)] = &[
    ("en", "accept.ftl", include_str!("../templates/messages/en/accept.ftl")),
    ("en", "ack.ftl", include_str!("../templates/messages/en/ack.ftl")),
    ("en", "approval.ftl", include_str!("../templates/messages/en/approval.ftl")),
    ("en", "archive.ftl", include_str!("../templates/messages/en/archive.ftl")),
    ("en", "calendar.ftl", include_str!("../templates/messages/en/calendar.ftl")),
    ("en", "check.ftl", include_str!("../templates/messages/en/check.ftl")),
    ("en", "common.ftl", include_str!("../templates/messages/en/common.ftl")),
    ("en", "confirm.ftl", include_str!("../templates/messages/en/confirm.ftl")),
    ("en", "done.ftl", include_str!("../templates/messages/en/done.ftl")),
    ("en", "export.ftl", include_str!("../templates/messages/en/export.ftl")),
    ("en", "history.ftl", include_str!("../templates/messages/en/history.ftl")),
    ("en", "html.ftl", include_str!("../templates/messages/en/html.ftl")),
    ("en", "init.ftl", include_str!("../templates/messages/en/init.ftl")),
    ("en", "listing.ftl", include_str!("../templates/messages/en/listing.ftl")),
    ("en", "log.ftl", include_str!("../templates/messages/en/log.ftl")),
    ("en", "lsp.ftl", include_str!("../templates/messages/en/lsp.ftl")),
    ("en", "new.ftl", include_str!("../templates/messages/en/new.ftl")),
    ("en", "notify.ftl", include_str!("../templates/messages/en/notify.ftl")),
    ("en", "output.ftl", include_str!("../templates/messages/en/output.ftl")),
    ("en", "remind.ftl", include_str!("../templates/messages/en/remind.ftl")),
    ("en", "report.ftl", include_str!("../templates/messages/en/report.ftl")),
    ("en", "set.ftl", include_str!("../templates/messages/en/set.ftl")),
    ("en", "show.ftl", include_str!("../templates/messages/en/show.ftl")),
    ("en", "status.ftl", include_str!("../templates/messages/en/status.ftl")),
    ("en", "target.ftl", include_str!("../templates/messages/en/target.ftl")),
    ("en", "templates.ftl", include_str!("../templates/messages/en/templates.ftl")),
    ("zh", "accept.ftl", include_str!("../templates/messages/zh/accept.ftl")),
    ("zh", "ack.ftl", include_str!("../templates/messages/zh/ack.ftl")),
    ("zh", "approval.ftl", include_str!("../templates/messages/zh/approval.ftl")),
    ("zh", "archive.ftl", include_str!("../templates/messages/zh/archive.ftl")),
    ("zh", "calendar.ftl", include_str!("../templates/messages/zh/calendar.ftl")),
    ("zh", "check.ftl", include_str!("../templates/messages/zh/check.ftl")),
    ("zh", "common.ftl", include_str!("../templates/messages/zh/common.ftl")),
    ("zh", "confirm.ftl", include_str!("../templates/messages/zh/confirm.ftl")),
    ("zh", "done.ftl", include_str!("../templates/messages/zh/done.ftl")),
    ("zh", "export.ftl", include_str!("../templates/messages/zh/export.ftl")),
    ("zh", "history.ftl", include_str!("../templates/messages/zh/history.ftl")),
    ("zh", "html.ftl", include_str!("../templates/messages/zh/html.ftl")),
    ("zh", "init.ftl", include_str!("../templates/messages/zh/init.ftl")),
    ("zh", "listing.ftl", include_str!("../templates/messages/zh/listing.ftl")),
    ("zh", "log.ftl", include_str!("../templates/messages/zh/log.ftl")),
    ("zh", "lsp.ftl", include_str!("../templates/messages/zh/lsp.ftl")),
    ("zh", "new.ftl", include_str!("../templates/messages/zh/new.ftl")),
    ("zh", "notify.ftl", include_str!("../templates/messages/zh/notify.ftl")),
    ("zh", "output.ftl", include_str!("../templates/messages/zh/output.ftl")),
    ("zh", "remind.ftl", include_str!("../templates/messages/zh/remind.ftl")),
    ("zh", "report.ftl", include_str!("../templates/messages/zh/report.ftl")),
    ("zh", "set.ftl", include_str!("../templates/messages/zh/set.ftl")),
    ("zh", "show.ftl", include_str!("../templates/messages/zh/show.ftl")),
    ("zh", "status.ftl", include_str!("../templates/messages/zh/status.ftl")),
    ("zh", "target.ftl", include_str!("../templates/messages/zh/target.ftl")),
    ("zh", "templates.ftl", include_str!("../templates/messages/zh/templates.ftl")),
];

/// A language: a tag such as `zh`, `en` or `zh-TW`, with the catalog of its
/// messages. A language exists when it has messages: built in, or in the
/// repository's [`REPO_DIR`].
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Lang(&'static str);

impl Default for Lang {
    fn default() -> Self {
        Lang::ZH
    }
}

impl fmt::Debug for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)
    }
}

impl Lang {
    /// Chinese, the default.
    pub const ZH: Lang = Lang("zh");
    /// English, what every other language falls back to.
    pub const EN: Lang = Lang(FALLBACK);

    /// The language of a well-formed tag (`zh`, `en`, `zh-TW`, `fr`); whether
    /// it has messages is [`Lang::exists`].
    pub fn new(tag: &str) -> Result<Lang, CatalogError> {
        let tag = tag.trim();
        let well_formed = tag
            .split('-')
            .next()
            .is_some_and(|l| (2..=3).contains(&l.len()) && l.bytes().all(|b| b.is_ascii_lowercase()))
            && tag.parse::<LanguageIdentifier>().is_ok();
        if !well_formed {
            return Err(CatalogError::BadTag(tag.to_string()));
        }
        Ok(Lang(intern(tag)))
    }

    /// The tag: `zh`, `en`, …
    pub fn as_str(self) -> &'static str {
        self.0
    }

    /// Whether this language has messages: built in, or in the repository
    /// [`use_repository`] named.
    pub fn exists(self) -> bool {
        languages().contains(&self)
    }

    /// The messages of this language.
    pub fn catalog(self) -> &'static Catalog {
        catalog(self.0)
    }
}

impl<'de> Deserialize<'de> for Lang {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let tag = String::deserialize(d)?;
        Lang::new(&tag).map_err(serde::de::Error::custom)
    }
}

impl std::str::FromStr for Lang {
    type Err = CatalogError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Lang::new(s)
    }
}

/// The one `&'static str` of each tag in use (a handful per process).
fn intern(tag: &str) -> &'static str {
    static TAGS: OnceLock<std::sync::Mutex<Vec<&'static str>>> = OnceLock::new();
    let mut tags =
        TAGS.get_or_init(|| std::sync::Mutex::new(vec!["zh", "en"])).lock().unwrap_or_else(|e| e.into_inner());
    if let Some(t) = tags.iter().find(|t| **t == tag) {
        return t;
    }
    let t: &'static str = Box::leak(tag.to_string().into_boxed_str());
    tags.push(t);
    t
}

/// The languages that have messages: the built-in ones and those of the
/// repository in use, in tag order.
pub fn languages() -> Vec<Lang> {
    let mut tags: Vec<String> = built_in_languages().into_iter().map(String::from).collect();
    let dir = registry().read().unwrap_or_else(|e| e.into_inner()).repo_dir.clone();
    if let Some(dir) = dir {
        tags.extend(repo_languages(&dir));
    }
    tags.sort();
    tags.dedup();
    tags.iter().filter_map(|t| Lang::new(t).ok()).collect()
}

/// Why a language cannot be used: it has no messages.
pub fn no_such_language(lang: Lang) -> String {
    let known: Vec<String> = languages().iter().map(|l| l.to_string()).collect();
    format!(
        "there are no messages in `{lang}`; the languages are {}, and a repository adds one in {REPO_DIR}/{lang}/ (docs/translating.md)",
        known.join(", ")
    )
}

/// The language folders of a repository's messages.
pub fn repo_languages(dir: &Path) -> Vec<String> {
    let mut tags = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            if e.path().is_dir() {
                tags.push(e.file_name().to_string_lossy().into_owned());
            }
        }
    }
    tags.sort();
    tags
}

/// One argument of a message.
pub struct Arg<'a>(FluentValue<'a>);

impl<'a> From<&'a str> for Arg<'a> {
    fn from(s: &'a str) -> Self {
        Arg(FluentValue::from(s))
    }
}
impl<'a> From<&'a String> for Arg<'a> {
    fn from(s: &'a String) -> Self {
        Arg(FluentValue::from(s.as_str()))
    }
}
impl From<String> for Arg<'_> {
    fn from(s: String) -> Self {
        Arg(FluentValue::from(s))
    }
}
impl<'a> From<Cow<'a, str>> for Arg<'a> {
    fn from(s: Cow<'a, str>) -> Self {
        Arg(FluentValue::from(s))
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg<'_> {
            fn from(n: $t) -> Self {
                Arg(FluentValue::from(n))
            }
        }
    )*};
}
number_arg!(usize, u64, u32, i64, i32, f64);

/// A mistake in a message file: where, and what.
#[derive(Debug, thiserror::Error)]
pub enum CatalogError {
    #[error("{path}:{line}:{column}: {what}; see docs/translating.md for the syntax")]
    Syntax { path: String, line: usize, column: usize, what: String },
    #[error("{path}: cannot read the messages: {source}")]
    Read { path: String, source: std::io::Error },
    #[error("`{0}` is not a language tag; write one like `zh`, `en` or `zh-TW`")]
    BadTag(String),
    #[error("{path}: `{tag}` is not a language tag; name the folder like `zh`, `en` or `zh-TW`")]
    BadFolder { path: String, tag: String },
    #[error("{path}: message `{id}` is written twice in this language")]
    Twice { path: String, id: String },
}

/// The messages of one language, with English behind them.
pub struct Catalog {
    tag: String,
    /// Messages without arguments, formatted once: [`Catalog::text`].
    texts: RwLock<HashMap<String, &'static str>>,
    /// The chosen language first, then the fallback.
    bundles: Vec<FluentBundle<FluentResource>>,
}

impl fmt::Debug for Catalog {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Catalog").field("tag", &self.tag).finish()
    }
}

impl Catalog {
    /// The catalog of `tag`: the built-in messages, then the files of
    /// `repo_dir` (a repository's [`REPO_DIR`]) over them.
    pub fn load(tag: &str, repo_dir: Option<&Path>) -> Result<Catalog, CatalogError> {
        let mut chain = vec![tag.to_string()];
        if tag != FALLBACK {
            chain.push(FALLBACK.to_string());
        }
        let mut bundles = Vec::new();
        for lang in &chain {
            bundles.push(bundle(lang, repo_dir)?);
        }
        Ok(Catalog { tag: tag.to_string(), texts: RwLock::default(), bundles })
    }

    /// The language tag: `zh`, `en`, …
    pub fn tag(&self) -> &str {
        &self.tag
    }

    /// Whether `id` (a message, or `message.attribute`) is in this
    /// language or its fallback.
    pub fn has(&self, id: &str) -> bool {
        match id.split_once('.') {
            None => self.bundles.iter().any(|b| b.has_message(id)),
            Some((m, a)) => self.bundles.iter().any(|b| b.get_message(m).is_some_and(|m| m.get_attribute(a).is_some())),
        }
    }

    /// The message `id` without arguments, formatted once per process:
    /// for words a table repeats on every row (a status, a column label).
    pub fn text(&'static self, id: &str) -> &'static str {
        if let Some(t) = self.texts.read().unwrap_or_else(|e| e.into_inner()).get(id) {
            return t;
        }
        let text: &'static str = Box::leak(self.format(id, None).into_boxed_str());
        self.texts.write().unwrap_or_else(|e| e.into_inner()).insert(id.to_string(), text);
        text
    }

    /// The message `id` with `args`; the id itself when no language has it
    /// (a test keeps every id the code uses in both built-in catalogs).
    pub fn format(&self, id: &str, args: Option<&FluentArgs>) -> String {
        let (id, attr) = match id.split_once('.') {
            Some((m, a)) => (m, Some(a)),
            None => (id, None),
        };
        for bundle in &self.bundles {
            let Some(message) = bundle.get_message(id) else { continue };
            let pattern = match attr {
                Some(a) => message.get_attribute(a).map(|a| a.value()),
                None => message.value(),
            };
            let Some(pattern) = pattern else { continue };
            let mut errors = Vec::new();
            let text = bundle.format_pattern(pattern, args, &mut errors);
            debug_assert!(errors.is_empty(), "message `{id}`: {errors:?}");
            return text.into_owned();
        }
        debug_assert!(false, "no message `{id}` in any catalog");
        id.to_string()
    }
}

fn langid(tag: &str) -> Result<LanguageIdentifier, CatalogError> {
    tag.parse::<LanguageIdentifier>().map_err(|_| CatalogError::BadTag(tag.to_string()))
}

/// The built-in files of `tag`, then the repository's, in one bundle; a
/// repository message replaces the built-in one of the same id.
fn bundle(tag: &str, repo_dir: Option<&Path>) -> Result<FluentBundle<FluentResource>, CatalogError> {
    let mut bundle = FluentBundle::new_concurrent(vec![langid(tag)?]);
    // Placeables are not wrapped in Unicode isolation marks: the output is
    // a terminal or a file, where they would be stray characters.
    bundle.set_use_isolating(false);
    for (lang, file, text) in BUILT_IN {
        if *lang == tag {
            let path = format!("templates/messages/{lang}/{file}");
            add(&mut bundle, &path, text.to_string(), false)?;
        }
    }
    if let Some(dir) = repo_dir {
        let dir = dir.join(tag);
        if let Ok(entries) = std::fs::read_dir(&dir) {
            let mut files: Vec<PathBuf> = entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|e| e == "ftl"))
                .collect();
            files.sort();
            for path in files {
                let path_text = shown(&path);
                let text = std::fs::read_to_string(&path)
                    .map_err(|source| CatalogError::Read { path: path_text.clone(), source })?;
                add(&mut bundle, &path_text, text, true)?;
            }
        }
    }
    Ok(bundle)
}

/// A path as a user would type it: relative to the working folder when
/// inside it.
fn shown(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let rel = cwd.as_deref().and_then(|c| path.strip_prefix(c).ok()).unwrap_or(path);
    rel.display().to_string().replace('\\', "/")
}

fn add(
    bundle: &mut FluentBundle<FluentResource>,
    path: &str,
    text: String,
    overriding: bool,
) -> Result<(), CatalogError> {
    let resource = match FluentResource::try_new(text) {
        Ok(r) => r,
        Err((r, errors)) => {
            // Fluent reports at least one error with a failed parse; without
            // one, the file's start is the place.
            let (start, what) = errors
                .first()
                .map_or((0, "the file does not parse".to_string()), |e| (e.pos.start, e.kind.to_string()));
            let (line, column) = line_col(r.source(), start);
            return Err(CatalogError::Syntax { path: path.to_string(), line, column, what });
        }
    };
    if overriding {
        bundle.add_resource_overriding(resource);
        return Ok(());
    }
    if let Err(errors) = bundle.add_resource(resource) {
        for e in errors {
            if let FluentError::Overriding { id, .. } = e {
                return Err(CatalogError::Twice { path: path.to_string(), id });
            }
        }
    }
    Ok(())
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The languages whose messages are built in.
pub fn built_in_languages() -> Vec<&'static str> {
    let mut tags: Vec<&str> = BUILT_IN.iter().map(|(l, _, _)| *l).collect();
    tags.dedup();
    tags
}

/// The catalogs in use by this process, by language; and the repository
/// folder they read their overrides from.
struct Registry {
    repo_dir: Option<PathBuf>,
    catalogs: HashMap<String, &'static Catalog>,
}

fn registry() -> &'static RwLock<Registry> {
    static REGISTRY: OnceLock<RwLock<Registry>> = OnceLock::new();
    REGISTRY.get_or_init(|| RwLock::new(Registry { repo_dir: None, catalogs: HashMap::new() }))
}

/// Reads the messages of the repository at `root` from now on (its
/// [`REPO_DIR`]), and checks them: a mistake in any language's file is
/// an error naming the file, line and column.
pub fn use_repository(root: &Path) -> Result<(), CatalogError> {
    let dir = root.join(REPO_DIR);
    let mut tags: Vec<String> = built_in_languages().into_iter().map(String::from).collect();
    for tag in repo_languages(&dir) {
        Lang::new(&tag).map_err(|_| CatalogError::BadFolder { path: shown(&dir.join(&tag)), tag: tag.clone() })?;
        tags.push(tag);
    }
    tags.sort();
    tags.dedup();
    let mut loaded = HashMap::new();
    for tag in tags {
        let catalog = Catalog::load(&tag, Some(&dir))?;
        loaded.insert(tag, &*Box::leak(Box::new(catalog)));
    }
    let mut reg = registry().write().unwrap_or_else(|e| e.into_inner());
    reg.repo_dir = Some(dir);
    reg.catalogs = loaded;
    Ok(())
}

/// The catalog of `tag` in use; the built-in one when no repository was set.
pub fn catalog(tag: &str) -> &'static Catalog {
    {
        let reg = registry().read().unwrap_or_else(|e| e.into_inner());
        if let Some(c) = reg.catalogs.get(tag) {
            return c;
        }
    }
    let mut reg = registry().write().unwrap_or_else(|e| e.into_inner());
    let dir = reg.repo_dir.clone();
    let catalog = Catalog::load(tag, dir.as_deref())
        .or_else(|_| Catalog::load(FALLBACK, None))
        .expect("the built-in English catalog loads (tested)");
    let catalog: &'static Catalog = Box::leak(Box::new(catalog));
    reg.catalogs.insert(tag.to_string(), catalog);
    catalog
}

/// Formats a message with named arguments: `args(&[("count", 3.into())])`.
pub fn args<'a>(pairs: impl IntoIterator<Item = (&'a str, Arg<'a>)>) -> FluentArgs<'a> {
    let mut a = FluentArgs::new();
    for (k, v) in pairs {
        a.set(k, v.0);
    }
    a
}

/// A message in a language: `tr!(lang, "status-none")`,
/// `tr!(lang, "archive-moved", count = n, dir = &path)`.
macro_rules! tr {
    ($lang:expr, $id:expr $(,)?) => {
        $lang.catalog().format($id, None)
    };
    ($lang:expr, $id:expr, $($k:ident = $v:expr),+ $(,)?) => {
        $lang.catalog().format($id, Some(&$crate::i18n::args([$((stringify!($k), $crate::i18n::Arg::from($v))),+])))
    };
}
pub(crate) use tr;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn built_in_catalogs_load_and_have_the_same_ids() {
        let mut sets = Vec::new();
        for tag in built_in_languages() {
            let mut ids = std::collections::BTreeSet::new();
            for (lang, file, text) in BUILT_IN {
                if *lang != tag {
                    continue;
                }
                let r =
                    FluentResource::try_new(text.to_string()).unwrap_or_else(|(_, e)| panic!("{lang}/{file}: {e:?}"));
                for entry in r.entries() {
                    if let fluent_syntax::ast::Entry::Message(m) = entry {
                        assert!(ids.insert(m.id.name.to_string()), "{lang}/{file}: `{}` twice", m.id.name);
                    }
                }
            }
            Catalog::load(tag, None).unwrap();
            sets.push((tag, ids));
        }
        let (first, ids) = &sets[0];
        assert!(!ids.is_empty());
        for (tag, other) in &sets[1..] {
            let missing: Vec<_> = ids.difference(other).collect();
            let extra: Vec<_> = other.difference(ids).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{tag} lacks {missing:?} of {first}; has {extra:?} that {first} lacks"
            );
        }
    }
}

#[cfg(test)]
mod used_ids {
    use super::*;

    /// Every message id the code names with `tr!` is in every built-in
    /// catalog: a typo in an id cannot reach a user.
    #[test]
    fn every_id_the_code_uses_exists() {
        let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut missing = Vec::new();
        let mut seen = 0;
        for entry in walkdir::WalkDir::new(&src) {
            let entry = entry.unwrap();
            if entry.path().extension().is_none_or(|e| e != "rs") {
                continue;
            }
            if entry.path().ends_with("i18n.rs") {
                continue;
            }
            let text: String = std::fs::read_to_string(entry.path())
                .unwrap()
                .lines()
                .filter(|l| !l.trim_start().starts_with("//"))
                .collect::<Vec<_>>()
                .join("\n");
            let mut rest = text.as_str();
            // `tr!(lang, "id", …)` and `catalog.text("id")`.
            while let Some(i) = rest.find("tr!(").into_iter().chain(rest.find(".text(\"")).min() {
                let glued = rest[..i].chars().next_back().is_some_and(|c| c.is_alphanumeric() || c == '_');
                let len = if rest[i..].starts_with("tr!(") { 4 } else { 6 };
                rest = &rest[i + len..];
                if glued {
                    continue;
                }
                // tr!(lang, "id" …
                let Some(q) = rest.find('"') else { break };
                if rest[..q].contains(')') || rest[..q].contains(';') {
                    continue;
                }
                let after = &rest[q + 1..];
                let Some(end) = after.find('"') else { break };
                let id = &after[..end];
                if id.is_empty() || id.contains('{') {
                    continue;
                }
                seen += 1;
                for tag in built_in_languages() {
                    let catalog = Catalog::load(tag, None).unwrap();
                    let (message, attribute) = id.split_once('.').map_or((id, None), |(m, a)| (m, Some(a)));
                    let found = catalog.bundles[0]
                        .get_message(message)
                        .is_some_and(|m| attribute.is_none_or(|a| m.get_attribute(a).is_some()));
                    if !found {
                        missing.push(format!("{}: `{id}` not in {tag}", entry.path().display()));
                    }
                }
            }
        }
        assert!(seen > 0);
        assert!(missing.is_empty(), "{}", missing.join("\n"));
    }
}

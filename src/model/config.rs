//! `comms.yaml`: the repository's settings. Every key is optional.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};
use std::str::FromStr;

use chrono_tz::Tz;
use serde::Deserialize;

use crate::error::{Error, Located};
use crate::model::workdays::{self, Calendar, Span};
use crate::model::yaml;

/// The file name of the configuration at the repository root.
pub const FILE: &str = "comms.yaml";

use crate::i18n::Lang;

pub use crate::model::approval::Step as ApprovalStep;
pub use crate::model::people::{Directory, Person};
pub use crate::model::sla::Sla;

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
    workdays: Option<RawWorkdays>,
    #[serde(default)]
    escalation: BTreeMap<String, Vec<Step>>,
    #[serde(default)]
    ack_within: BTreeMap<String, Span>,
    #[serde(default)]
    confirmation_required: Vec<String>,
    #[serde(default)]
    approval: BTreeMap<String, Vec<ApprovalStep>>,
    #[serde(default)]
    publish: BTreeMap<String, Vec<String>>,
    department_head_role: Option<String>,
    #[serde(default)]
    mask: Vec<String>,
    #[serde(default)]
    values: BTreeMap<String, Vec<String>>,
    #[serde(default)]
    sla: Sla,
    /// Read from the node by [`crate::model::targets::parse`].
    targets: Option<serde::de::IgnoredAny>,
    #[serde(default)]
    notify: Vec<crate::model::notify::RawTarget>,
    #[serde(default)]
    channels: Vec<crate::model::channels::RawChannel>,
}

#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWorkdays {
    weekend: Option<Vec<String>>,
    #[serde(default)]
    holidays: Vec<String>,
    #[serde(default)]
    extra_workdays: Vec<String>,
}

/// One step of an escalation ladder (催办升级): once an item is overdue by
/// `after`, chase `chase`, by `by`. Each names `owner`, a person of the
/// people directory, or a role (see [`crate::report::escalation`]).
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub after: Span,
    pub chase: String,
    #[serde(default)]
    pub by: Option<String>,
}

/// The word an escalation step uses for the item's owner.
pub const OWNER: &str = "owner";

/// The role of a department's head when `department_head_role` is not set.
pub const DEFAULT_HEAD_ROLE: &str = "部门负责人";

/// The value of `mask` that asks for e-mail addresses to be masked.
pub const MASK_EMAIL: &str = "email";

/// The values `mask` may list.
pub const MASKABLE: &[&str] = &[MASK_EMAIL];

/// The key of `escalation` for types without their own ladder.
pub const DEFAULT_LADDER: &str = "default";

/// The resolved configuration.
#[derive(Clone, Debug)]
pub struct Config {
    pub timezone: Tz,
    /// Whether `timezone` was written in the file (else UTC by default).
    pub timezone_set: bool,
    pub language: Lang,
    pub records_dir: String,
    pub archive_dir: String,
    /// The people directory: every name in every record is looked up here.
    pub people: Directory,
    /// Files larger than this are not read (`file-too-large`).
    pub max_file_size: u64,
    /// Which days are worked (`workdays`).
    pub workdays: Calendar,
    /// Escalation ladders by type name, and `default`.
    pub escalation: BTreeMap<String, Vec<Step>>,
    /// How soon records of a type must be acknowledged.
    pub ack_within: BTreeMap<String, Span>,
    /// Types (by name or alias, written canonical after
    /// [`Config::check_types`]) and categories whose done records need a
    /// written `confirmation` (签字/盖章).
    pub confirmation_required: Vec<String>,
    /// Approval steps (审批) by type name, and `default`.
    pub approval: BTreeMap<String, Vec<ApprovalStep>>,
    /// Audiences (全员) and the departments that may address them in `to`.
    pub publish: BTreeMap<String, Vec<String>>,
    /// Type names written in `escalation`, `ack_within` and `approval`, with where, for
    /// The role a department's head holds (`部门负责人` unless set): the
    /// heads of a department named in `to` are expected to confirm.
    pub department_head_role: String,
    /// What `unmasked-contact` looks for besides mobile, ID-card and
    /// landline numbers (`mask: [email]`).
    pub mask: crate::model::contact::Options,
    /// Controlled values (`values: {category: [通知, …]}`): the values
    /// each listed field may take, trimmed (`bad-value` otherwise).
    pub values: BTreeMap<String, Vec<String>>,
    /// Field names written in `values`, with where, for
    /// [`Config::check_types`].
    pub(crate) value_refs: Vec<(String, Option<yaml::Pos>)>,
    /// Response and resolution windows (时效) by type, `default` and channel
    /// (a registry channel's `respond_within` included).
    pub sla: Sla,
    /// What the report's metrics are held to (`targets`), in the order written.
    pub targets: Vec<crate::model::targets::Target>,
    /// Where `comms notify` delivers the reminder digest.
    pub notify: Vec<crate::model::notify::Target>,
    /// The channel registry (`channels`, 渠道登记表).
    pub channels: crate::model::channels::Registry,
    /// Each channel's `scope` as written, with where, for
    /// [`Config::check_types`] (which reads it with the lexicon).
    pub(crate) scope_refs: Vec<(usize, String, Option<yaml::Pos>)>,
    /// Type names written in `escalation` and `ack_within`, with where, for
    /// [`Config::check_types`]; and the file they are in.
    pub(crate) type_refs: Vec<(String, Option<yaml::Pos>)>,
    /// Fields named in `approval` steps' `when`, with where and which
    /// step, for [`Config::check_types`].
    pub(crate) when_refs: Vec<(String, Option<yaml::Pos>, String)>,
    pub(crate) path: PathBuf,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            timezone: chrono_tz::UTC,
            timezone_set: false,
            language: Lang::ZH,
            records_dir: "records".into(),
            archive_dir: "archive".into(),
            people: Directory::default(),
            max_file_size: 1024 * 1024,
            workdays: Calendar::default(),
            escalation: BTreeMap::new(),
            ack_within: BTreeMap::new(),
            confirmation_required: Vec::new(),
            approval: BTreeMap::new(),
            publish: BTreeMap::new(),
            department_head_role: DEFAULT_HEAD_ROLE.to_string(),
            mask: crate::model::contact::Options::default(),
            values: BTreeMap::new(),
            value_refs: Vec::new(),
            sla: Sla::default(),
            targets: Vec::new(),
            notify: Vec::new(),
            channels: crate::model::channels::Registry::default(),
            scope_refs: Vec::new(),
            type_refs: Vec::new(),
            when_refs: Vec::new(),
            path: PathBuf::from(FILE),
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
            Err(e) => return Err(Error::Io { path, cause: e }),
        };
        Config::parse(&path, bytes)
    }

    /// Parses the bytes of a configuration file named `path`.
    pub fn parse(path: &Path, bytes: Vec<u8>) -> Result<Config, Error> {
        // The repository the file is in, where its own languages are.
        let messages_dir = path.parent().unwrap_or(Path::new(".")).join(crate::i18n::REPO_DIR);
        let path = &crate::model::paths::shown(path);
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
            let own = messages_dir.join(lang.as_str()).is_dir();
            if !own && !crate::i18n::built_in_languages().contains(&lang.as_str()) {
                return Err(bad(
                    key_pos("language"),
                    format!("`language: {lang}`: {}", crate::i18n::no_such_language(lang)),
                ));
            }
            config.language = lang;
        }
        let raw_has_archive = raw.archive_dir.is_some();
        for (key, value, slot) in [
            ("records_dir", raw.records_dir, &mut config.records_dir),
            ("archive_dir", raw.archive_dir, &mut config.archive_dir),
        ] {
            if let Some(v) = value {
                *slot = check_dir(&v).map_err(|m| bad(key_pos(key), format!("`{key}: {v}` {m}")))?;
            }
        }
        if nested(&config.records_dir, &config.archive_dir) {
            let at = if raw_has_archive { key_pos("archive_dir") } else { key_pos("records_dir") };
            return Err(bad(
                at,
                format!(
                    "`records_dir: {}` and `archive_dir: {}` must be two separate folders, neither inside the other",
                    config.records_dir, config.archive_dir
                ),
            ));
        }
        // Names are compared by the people matching rule: two spellings
        // that match are one name, listed twice.
        let mut seen = std::collections::HashMap::new();
        for (i, p) in raw.people.iter().enumerate() {
            let pos =
                root.get("people").and_then(|e| e.value.items()).and_then(|items| items.get(i)).map(|n| n.span.start);
            if p.name.trim().is_empty() {
                return Err(bad(pos, "a person has an empty `name`".into()));
            }
            let item = root.get("people").and_then(|e| e.value.items()).and_then(|items| items.get(i));
            if let Some(email) = &p.email
                && !crate::model::people::is_email(email)
            {
                let at = item.and_then(|n| n.get("email")).map(|e| e.value.span.start).or(pos);
                return Err(bad(
                    at,
                    format!(
                        "`{}` has `email: {email}`, which is not an e-mail address (write e.g. `zhangwei@example.com`)",
                        p.name
                    ),
                ));
            }
            let ids =
                p.im.iter().flat_map(|im| [("wecom", &im.wecom), ("dingtalk", &im.dingtalk), ("feishu", &im.feishu)]);
            for (platform, id) in ids {
                if id.as_deref().is_some_and(|v| v.trim().is_empty() || v.chars().any(char::is_whitespace)) {
                    let at = item.and_then(|n| n.get("im")).map(|e| e.value.span.start).or(pos);
                    return Err(bad(
                        at,
                        format!(
                            "`{}` has an `im.{platform}` id that is empty or has spaces; write the id the platform gives",
                            p.name
                        ),
                    ));
                }
            }
            for n in p.names() {
                if let Some(first) = seen.insert(crate::model::people::key(n).into_owned(), n) {
                    let message = if first.trim() == n.trim() {
                        format!("`{n}` is listed twice in `people`")
                    } else {
                        format!(
                            "`{n}` is listed twice in `people` (also as `{first}`: names match ignoring case, width and spaces)"
                        )
                    };
                    return Err(bad(pos, message));
                }
            }
        }
        config.people = Directory::new(raw.people);
        if let Some(size) = raw.max_file_size {
            config.max_file_size = size;
        }
        config.path = path.clone();
        if let Some(w) = raw.workdays {
            let node = root.get("workdays").map(|e| &e.value);
            config.workdays = calendar(w, node).map_err(|(pos, m)| bad(pos, m))?;
        }
        let esc = root.get("escalation").map(|e| &e.value);
        for (ty, steps) in &raw.escalation {
            let entry = esc.and_then(|n| n.get(ty));
            if ty != DEFAULT_LADDER {
                config.type_refs.push((ty.clone(), entry.map(|e| e.key_span.start)));
            }
            let items = entry.and_then(|e| e.value.items()).unwrap_or_default();
            let mut last: Option<(Span, usize)> = None;
            for (i, step) in steps.iter().enumerate() {
                let item = items.get(i);
                let at = |key: &str| {
                    item.and_then(|n| n.get(key)).map(|e| e.value.span.start).or(item.map(|n| n.span.start))
                };
                if let Some((prev, j)) = last
                    && step.after.shorter_than(prev)
                {
                    return Err(bad(
                        at("after"),
                        format!(
                            "`escalation.{ty}` step {} (`after: {}`) comes before step {} (`after: {prev}`); list the steps in order",
                            i + 1,
                            step.after,
                            j + 1
                        ),
                    ));
                }
                last = Some((step.after, i));
                for (key, who) in std::iter::once(("chase", Some(&step.chase))).chain([("by", step.by.as_ref())]) {
                    let Some(who) = who else { continue };
                    if !config.names_someone(who) {
                        return Err(bad(at(key), nobody(ty, i, key, who)));
                    }
                }
            }
        }
        config.escalation = raw.escalation;
        let ack = root.get("ack_within").map(|e| &e.value);
        for ty in raw.ack_within.keys() {
            config.type_refs.push((ty.clone(), ack.and_then(|n| n.get(ty)).map(|e| e.key_span.start)));
        }
        config.ack_within = raw.ack_within;
        let listed = root.get("confirmation_required").map(|e| &e.value);
        let item_pos = |i: usize| {
            listed
                .and_then(|n| n.items())
                .and_then(|items| items.get(i))
                .map(|n| n.span.start)
                .or(listed.map(|n| n.span.start))
        };
        for (i, name) in raw.confirmation_required.iter().enumerate() {
            let n = name.trim();
            if n.is_empty() {
                return Err(bad(
                    item_pos(i),
                    "`confirmation_required` has an empty entry; write a record type (e.g. `external`) or a category (e.g. 合同变更)".into(),
                ));
            }
            if raw.confirmation_required[..i].iter().any(|m| m.trim() == n) {
                return Err(bad(item_pos(i), format!("`{n}` is listed twice in `confirmation_required`")));
            }
        }
        config.confirmation_required = raw.confirmation_required.iter().map(|s| s.trim().to_string()).collect();
        let appr = root.get("approval").map(|e| &e.value);
        for (ty, steps) in &raw.approval {
            let entry = appr.and_then(|n| n.get(ty));
            if ty != crate::model::approval::DEFAULT {
                config.type_refs.push((ty.clone(), entry.map(|e| e.key_span.start)));
            }
            let items = entry.and_then(|e| e.value.items()).unwrap_or_default();
            for (i, step) in steps.iter().enumerate() {
                let item = items.get(i);
                let at = |key: &str| {
                    item.and_then(|n| n.get(key)).map(|e| e.value.span.start).or(item.map(|n| n.span.start))
                };
                config.approval_step(ty, i, step).map_err(|(key, m)| bad(at(key), m))?;
                let when = item.and_then(|n| n.get("when")).map(|e| &e.value);
                for field in step.when.keys() {
                    let pos = when.and_then(|w| w.get(field)).map(|e| e.key_span.start);
                    config.when_refs.push((field.clone(), pos, format!("`approval.{ty}` step {}", i + 1)));
                }
            }
        }
        config.approval = raw.approval;
        let publish = root.get("publish").map(|e| &e.value);
        let departments: Vec<&str> = config.people.iter().filter_map(|p| p.department.as_deref()).collect();
        for (audience, list) in &raw.publish {
            let entry = publish.and_then(|n| n.get(audience));
            let items = entry.and_then(|e| e.value.items()).unwrap_or_default();
            if list.is_empty() {
                return Err(bad(
                    entry.map(|e| e.value.span.start),
                    format!("`publish.{audience}` lists no department; write e.g. `{audience}: [行政部]`"),
                ));
            }
            for (i, d) in list.iter().enumerate() {
                if departments.is_empty() || config.people.is_department(d) {
                    continue;
                }
                let hint = match crate::model::suggest::closest(d, departments.iter().copied()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "give someone of `people` that `department`".into(),
                };
                let pos = items.get(i).map(|n| n.span.start).or(entry.map(|e| e.value.span.start));
                return Err(bad(
                    pos,
                    format!("`publish.{audience}` has `{d}`, which is no department of `people`; {hint}"),
                ));
            }
        }
        config.publish = raw.publish;
        if let Some(role) = raw.department_head_role {
            let at = key_pos("department_head_role");
            let role = role.trim();
            if role.is_empty() {
                return Err(bad(
                    at,
                    "`department_head_role` is empty; write the role department heads hold, e.g. `部门负责人`".into(),
                ));
            }
            if !config.people.is_empty() && !config.people.has_role(role) {
                let roles = config.people.iter().flat_map(|p| p.role.iter().chain(&p.roles).map(String::as_str));
                let hint = match crate::model::suggest::closest(role, roles) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("add `roles: [{role}]` to each department head in `people`"),
                };
                return Err(bad(
                    at,
                    format!("`department_head_role: {role}`: nobody in `people` holds the role `{role}`; {hint}"),
                ));
            }
            config.department_head_role = role.to_string();
        }
        let mask = root.get("mask").map(|e| &e.value);
        for (i, what) in raw.mask.iter().enumerate() {
            let at = mask.and_then(|n| n.items()).and_then(|items| items.get(i)).map(|n| n.span.start);
            match what.trim() {
                MASK_EMAIL => config.mask.email = true,
                other => {
                    let hint = match crate::model::suggest::closest(other, MASKABLE.iter().copied()) {
                        Some(best) => format!("did you mean `{best}`?"),
                        None => format!("the values are {}", MASKABLE.join(", ")),
                    };
                    return Err(bad(
                        at.or(key_pos("mask")),
                        format!(
                            "`mask` has `{other}`, which is nothing comms can mask (mobile, ID-card and landline numbers always are); {hint}"
                        ),
                    ));
                }
            }
        }
        let values = root.get("values").map(|e| &e.value);
        for (field, allowed) in &raw.values {
            let entry = values.and_then(|n| n.get(field));
            config.value_refs.push((field.clone(), entry.map(|e| e.key_span.start)));
            let items = entry.and_then(|e| e.value.items()).unwrap_or_default();
            if allowed.is_empty() {
                return Err(bad(
                    entry.map(|e| e.value.span.start),
                    format!("`values.{field}` lists no value; write e.g. `{field}: [通知, 决策]`"),
                ));
            }
            for (i, v) in allowed.iter().enumerate() {
                let at = items.get(i).map(|n| n.span.start).or(entry.map(|e| e.value.span.start));
                if v.trim().is_empty() {
                    return Err(bad(at, format!("`values.{field}` has an empty value")));
                }
                if allowed[..i].iter().any(|w| w.trim() == v.trim()) {
                    return Err(bad(at, format!("`{}` is listed twice in `values.{field}`", v.trim())));
                }
            }
        }
        config.values =
            raw.values.into_iter().map(|(k, v)| (k, v.iter().map(|s| s.trim().to_string()).collect())).collect();
        let sla = root.get("sla").map(|e| &e.value);
        let channels = sla.and_then(|n| n.get(crate::model::sla::CHANNELS)).map(|e| &e.value);
        for (place, map, node) in [("sla", &raw.sla.types, sla), ("sla.channels", &raw.sla.channels, channels)] {
            for (key, w) in map {
                let entry = node.and_then(|n| n.get(key));
                if place == "sla" && key != crate::model::sla::DEFAULT {
                    config.type_refs.push((key.clone(), entry.map(|e| e.key_span.start)));
                }
                if w.respond_within.is_none() && w.resolve_within.is_none() {
                    return Err(bad(
                        entry.map(|e| e.value.span.start),
                        format!(
                            "`{place}.{key}` sets no window; write e.g. `{key}: {{ respond_within: 24h, resolve_within: 48h }}`"
                        ),
                    ));
                }
            }
        }
        config.sla = raw.sla;
        if raw.targets.is_some()
            && let Some(node) = root.get("targets").map(|e| &e.value)
        {
            config.targets = crate::model::targets::parse(node).map_err(|(pos, m)| bad(pos, m))?;
        }
        config.notify = crate::model::notify::check(&raw.notify, &config.people).map_err(|(i, (key, m))| {
            let item = root.get("notify").and_then(|e| e.value.items()).and_then(|items| items.get(i));
            let at = item.and_then(|n| n.get(key)).map(|e| e.value.span.start).or(item.map(|n| n.span.start));
            bad(at.or(key_pos("notify")), m)
        })?;
        let channels = root.get("channels").map(|e| &e.value);
        config.channels(&raw.channels, channels).map_err(|(pos, m)| bad(pos, m))?;
        Ok(config)
    }

    /// Reads the channel registry (`channels`): names once each, owners of
    /// `people`, approval roles someone holds; a channel's
    /// `respond_within` becomes its entry of `sla.channels` (a channel
    /// `sla.channels` also gives a `respond_within` is an error: one
    /// place says it).
    fn channels(
        &mut self,
        raw: &[crate::model::channels::RawChannel],
        node: Option<&yaml::Node>,
    ) -> Result<(), Placed> {
        use crate::model::channels::{Channel, Scope, same};
        let items = node.and_then(|n| n.items()).unwrap_or_default();
        for (i, c) in raw.iter().enumerate() {
            let item = items.get(i);
            let at =
                |key: &str| item.and_then(|n| n.get(key)).map(|e| e.value.span.start).or(item.map(|n| n.span.start));
            let name = c.name.trim();
            if name.is_empty() {
                return Err((at("name"), format!("channel {} of `channels` has an empty `name`", i + 1)));
            }
            if self.channels.get(name).is_some() {
                return Err((at("name"), format!("channel `{name}` is listed twice in `channels`")));
            }
            let Some(scope) = c.scope.as_deref().map(str::trim).filter(|s| !s.is_empty()) else {
                return Err((
                    at("scope"),
                    format!(
                        "channel `{name}` has no `scope`; write `scope: internal`, `external` or `both` (内部, 外部, 内外)"
                    ),
                ));
            };
            self.scope_refs.push((i, scope.to_string(), at("scope")));
            let blank = |v: &Option<String>| v.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(String::from);
            let owner = blank(&c.owner);
            if let Some(o) = &owner
                && !self.people.is_empty()
                && self.people.resolve(o).is_none()
            {
                let hint = match crate::model::suggest::closest(o, self.people.iter().flat_map(|p| p.names())) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("add `- {{ name: {o} }}` under `people:`"),
                };
                return Err((
                    at("owner"),
                    format!("channel `{name}` has `owner: {o}`, who is not in `people`; {hint}"),
                ));
            }
            let approval = blank(&c.approval);
            if let Some(role) = &approval
                && !self.people.has_role(role)
            {
                let roles = self.people.iter().flat_map(|p| p.role.iter().chain(&p.roles)).map(String::as_str);
                let hint = match crate::model::suggest::closest(role, roles) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!("add `roles: [{role}]` to the person who holds it"),
                };
                return Err((
                    at("approval"),
                    format!("channel `{name}` has `approval: {role}`, a role nobody of `people` holds; {hint}"),
                ));
            }
            if let Some(within) = c.respond_within {
                let set = self.sla.channels.iter_mut().find(|(k, _)| same(k, name));
                match set {
                    Some((k, w)) if w.respond_within.is_some() => {
                        return Err((
                            at("respond_within"),
                            format!(
                                "channel `{name}` has `respond_within` here and in `sla.channels.{k}`; keep one of them"
                            ),
                        ));
                    }
                    Some((_, w)) => w.respond_within = Some(within),
                    None => {
                        let w = crate::model::sla::Windows { respond_within: Some(within), resolve_within: None };
                        self.sla.channels.insert(name.to_string(), w);
                    }
                }
            }
            self.channels.channels.push(Channel {
                name: name.to_string(),
                scope: Scope::Both,
                use_: blank(&c.use_),
                owner,
                account: blank(&c.account),
                approval: approval.map(|role| ApprovalStep {
                    role: Some(role),
                    of: None,
                    person: None,
                    when: BTreeMap::new(),
                }),
                respond_within: c.respond_within,
                forbidden: c.forbidden,
            });
        }
        Ok(())
    }

    /// Checks one approval step: a role someone holds, or a person of the
    /// directory; `of` only with a role. The error names the key at fault.
    fn approval_step(&self, ty: &str, i: usize, step: &ApprovalStep) -> Result<(), (&'static str, String)> {
        let n = i + 1;
        match (&step.role, &step.person) {
            (None, None) => {
                return Err((
                    "role",
                    format!(
                        "`approval.{ty}` step {n} names nobody; write `{{ role: 部门负责人, of: from }}`, `{{ role: ROLE }}` or `{{ person: NAME }}`"
                    ),
                ));
            }
            (Some(_), Some(_)) => {
                return Err((
                    "person",
                    format!(
                        "`approval.{ty}` step {n} has both `role` and `person`; keep one (make two steps for both)"
                    ),
                ));
            }
            _ => {}
        }
        if step.of.is_some() && step.role.is_none() {
            return Err((
                "of",
                format!(
                    "`approval.{ty}` step {n} has `of` without `role`; `of` says whose department the role is held in"
                ),
            ));
        }
        if let Some(role) = &step.role
            && !self.people.has_role(role)
        {
            let roles = self.people.iter().flat_map(|p| p.role.iter().chain(&p.roles)).map(String::as_str);
            let hint = match crate::model::suggest::closest(role, roles) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("add `roles: [{}]` to the person who holds it", role.trim()),
            };
            return Err((
                "role",
                format!("`approval.{ty}` step {n} has `role: {role}`, which nobody of `people` holds; {hint}"),
            ));
        }
        if let Some(person) = &step.person
            && self.people.resolve(person).is_none()
        {
            let hint = match crate::model::suggest::closest(person, self.people.iter().flat_map(|p| p.names())) {
                Some(best) => format!("did you mean `{best}`?"),
                None => format!("add `- {{ name: {} }}` under `people:`", person.trim()),
            };
            return Err((
                "person",
                format!("`approval.{ty}` step {n} has `person: {person}`, who is not in `people`; {hint}"),
            ));
        }
        if let Some((field, _)) = step.when.iter().find(|(_, v)| v.0.iter().all(|x| x.trim().is_empty())) {
            return Err(("when", format!("`approval.{ty}` step {n} has `when: {{ {field}: … }}` without a value")));
        }
        Ok(())
    }

    /// Checks that every type named in `escalation`, `ack_within`, `approval` and `sla` is a
    /// type of `catalog`, and writes each under its canonical name (an
    /// alias such as `紧急` becomes `urgent`).
    pub fn check_types(&mut self, catalog: &crate::model::types::Catalog) -> Result<(), Error> {
        for (i, text, pos) in std::mem::take(&mut self.scope_refs) {
            use crate::model::channels::Scope;
            let Some(scope) = Scope::parse(&text, &catalog.lexicon.scope) else {
                let words =
                    Scope::WORDS.iter().copied().chain(catalog.lexicon.scope.values().flatten().map(String::as_str));
                let hint = match crate::model::suggest::closest(&text, words) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "write internal, external or both (内部, 外部, 内外)".to_string(),
                };
                let name = self.channels.channels.get(i).map_or("", |c| c.name.as_str());
                return Err(Error::Config(Located::new(
                    &self.path,
                    pos,
                    format!("channel `{name}` has `scope: {text}`, which is not a scope; {hint}"),
                )));
            };
            if let Some(c) = self.channels.channels.get_mut(i) {
                c.scope = scope;
            }
        }
        for (field, pos) in std::mem::take(&mut self.value_refs) {
            let known = || {
                catalog.known_keys(None).chain(catalog.types.iter().flat_map(|t| t.fields.keys().map(String::as_str)))
            };
            if !known().any(|k| k == field) {
                let hint = match crate::model::suggest::closest(&field, known()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "see `comms templates` for the fields".to_string(),
                };
                return Err(Error::Config(Located::new(
                    &self.path,
                    pos,
                    format!("`values` has `{field}`, a field no record type has; {hint}"),
                )));
            }
        }
        for (field, pos, step) in std::mem::take(&mut self.when_refs) {
            let known = || {
                catalog.known_keys(None).chain(catalog.types.iter().flat_map(|t| t.fields.keys().map(String::as_str)))
            };
            if !known().any(|k| k == field) {
                let hint = match crate::model::suggest::closest(&field, known()) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => "see `comms templates` for the fields".to_string(),
                };
                return Err(Error::Config(Located::new(
                    &self.path,
                    pos,
                    format!("{step} has `when: {{ {field}: … }}`, a field no record type has; {hint}"),
                )));
            }
        }
        for (name, pos) in std::mem::take(&mut self.type_refs) {
            let Some(ty) = catalog.get(&name) else {
                let names = catalog.types.iter().map(|t| t.name.as_str());
                let hint = match crate::model::suggest::closest(&name, names) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "the types are {}",
                        catalog.types.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>().join(", ")
                    ),
                };
                return Err(Error::Config(Located::new(
                    &self.path,
                    pos,
                    format!("unknown record type `{name}`; {hint}"),
                )));
            };
            if ty.name != name {
                let twice = |map_has: bool| {
                    map_has.then(|| format!("`{name}` and `{}` are the same record type; keep one", ty.name))
                };
                let clash = twice(self.escalation.contains_key(&name) && self.escalation.contains_key(&ty.name))
                    .or_else(|| twice(self.ack_within.contains_key(&name) && self.ack_within.contains_key(&ty.name)))
                    .or_else(|| twice(self.approval.contains_key(&name) && self.approval.contains_key(&ty.name)))
                    .or_else(|| twice(self.sla.types.contains_key(&name) && self.sla.types.contains_key(&ty.name)));
                if let Some(message) = clash {
                    return Err(Error::Config(Located::new(&self.path, pos, message)));
                }
                if let Some(steps) = self.escalation.remove(&name) {
                    self.escalation.insert(ty.name.clone(), steps);
                }
                if let Some(span) = self.ack_within.remove(&name) {
                    self.ack_within.insert(ty.name.clone(), span);
                }
                if let Some(steps) = self.approval.remove(&name) {
                    self.approval.insert(ty.name.clone(), steps);
                }
                if let Some(w) = self.sla.types.remove(&name) {
                    self.sla.types.insert(ty.name.clone(), w);
                }
            }
        }
        // A type's alias in `confirmation_required` becomes its name; any
        // other entry is a category (`category:` of the record).
        for entry in &mut self.confirmation_required {
            if let Some(ty) = catalog.get(entry) {
                *entry = ty.name.clone();
            }
        }
        Ok(())
    }

    /// Whether an escalation step's `chase` or `by` can name anyone:
    /// `owner`, a person's name or alias, or someone's role.
    pub fn names_someone(&self, who: &str) -> bool {
        let w = who.trim();
        w == OWNER || self.people.resolve(w).is_some() || self.people.has_role(w)
    }

    /// This configuration with another timezone.
    pub fn with_timezone(mut self, tz: Tz) -> Config {
        self.timezone = tz;
        self.timezone_set = true;
        self
    }

    /// This configuration with another people directory.
    pub fn with_people(mut self, people: Vec<Person>) -> Config {
        self.people = Directory::new(people);
        self
    }
}

/// A message and the place it is about.
type Placed = (Option<yaml::Pos>, String);

/// The `workdays` calendar, with each mistake at its place.
fn calendar(raw: RawWorkdays, node: Option<&yaml::Node>) -> Result<Calendar, Placed> {
    let item_pos = |key: &str, i: usize| {
        let entry = node.and_then(|n| n.get(key));
        entry
            .and_then(|e| e.value.items())
            .and_then(|items| items.get(i))
            .map(|n| n.span.start)
            .or(entry.map(|e| e.value.span.start))
    };
    let mut weekend = Vec::new();
    for (i, name) in raw.weekend.unwrap_or_else(|| vec!["sat".into(), "sun".into()]).iter().enumerate() {
        let day = workdays::parse_weekday(name).ok_or_else(|| {
            (item_pos("weekend", i), format!("`workdays.weekend` has `{name}`, which is not a day of the week; write e.g. `sat`, `sun` (or 周六, 周日)"))
        })?;
        weekend.push(day);
    }
    let dates = |key: &str, list: &[String]| -> Result<Vec<(chrono::NaiveDate, Option<yaml::Pos>)>, Placed> {
        let mut out = Vec::new();
        for (i, text) in list.iter().enumerate() {
            let pos = item_pos(key, i);
            let (from, to) = workdays::parse_dates(text).map_err(|m| (pos, format!("`workdays.{key}`: {m}")))?;
            out.extend(from.iter_days().take_while(|d| *d <= to).map(|d| (d, pos)));
        }
        Ok(out)
    };
    let holidays = dates("holidays", &raw.holidays)?;
    let extra = dates("extra_workdays", &raw.extra_workdays)?;
    let plain = Calendar::new(&weekend, [], []);
    if !plain.has_workdays() && extra.is_empty() {
        return Err((
            node.and_then(|n| n.get("weekend")).map(|e| e.value.span.start),
            "`workdays.weekend` lists every day of the week; leave at least one working day".into(),
        ));
    }
    let holiday_set: std::collections::BTreeSet<_> = holidays.iter().map(|(d, _)| *d).collect();
    for (day, pos) in &extra {
        if holiday_set.contains(day) {
            return Err((
                *pos,
                format!("{day} is both a holiday and an extra working day in `workdays`; keep it in one list"),
            ));
        }
        if !plain.is_weekend(*day) {
            return Err((
                *pos,
                format!(
                    "`workdays.extra_workdays` has {day}, a {}, which is a working day anyway; list only weekend days that are worked (调休上班)",
                    day.format("%A")
                ),
            ));
        }
    }
    Ok(Calendar::new(&weekend, holiday_set, extra.into_iter().map(|(d, _)| d)))
}

/// The message for a ladder step naming nobody.
fn nobody(ty: &str, i: usize, key: &str, who: &str) -> String {
    format!(
        "`escalation.{ty}` step {} has `{key}: {who}`, which names nobody: it is not `owner`, a person of `people`, or anyone's role; add `roles: [{who}]` to the person who holds it",
        i + 1
    )
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
    match crate::model::suggest::closest(name, names) {
        Some(best) => Err(format!("unknown timezone `{name}`; did you mean `{best}`?")),
        None => Err(format!("unknown timezone `{name}`; write an IANA name such as `Asia/Shanghai` or `UTC`")),
    }
}

/// A folder setting must stay inside the repository.
/// A `records_dir` or `archive_dir` as written, checked and normalised
/// (`./x/` → `x`): a folder inside the repository, never the root itself,
/// never git's own folder (`.git` in any case, at any depth).
fn check_dir(dir: &str) -> Result<String, String> {
    if dir.trim().is_empty() {
        return Err("is empty".into());
    }
    if let Some(c) = dir.chars().find(|c| c.is_control() || matches!(c, '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|'))
    {
        return Err(format!(
            "has the character {c:?}; write a plain folder path with `/` between folders, e.g. `archive`"
        ));
    }
    let p = Path::new(dir);
    if p.is_absolute() || p.components().any(|c| !matches!(c, Component::Normal(_) | Component::CurDir)) {
        return Err("must be a folder inside the repository, without `..`".into());
    }
    let parts: Vec<&str> = p
        .components()
        .filter_map(|c| match c {
            Component::Normal(n) => n.to_str(),
            _ => None,
        })
        .collect();
    if parts.is_empty() {
        return Err("is the repository root itself; name a folder inside it, e.g. `records`".into());
    }
    if parts.iter().any(|n| n.trim_end_matches(['.', ' ']).eq_ignore_ascii_case(".git")) {
        return Err("is inside git's own folder `.git`; name an ordinary folder, e.g. `archive`".into());
    }
    Ok(parts.join("/"))
}

/// Whether folder `a` is `b` or inside it (or the other way round),
/// ignoring case as case-insensitive file systems do.
fn nested(a: &str, b: &str) -> bool {
    let (a, b) = (a.to_lowercase(), b.to_lowercase());
    let inside = |x: &str, y: &str| x == y || x.starts_with(&format!("{y}/"));
    inside(&a, &b) || inside(&b, &a)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, Error> {
        Config::parse(Path::new("comms.yaml"), text.as_bytes().to_vec())
    }

    #[test]
    fn folders_outside_the_tree_or_in_gits_own_are_refused() {
        for bad in [
            ".git",
            ".git/hooks",
            ".GIT",
            "x/.git",
            ".",
            "./",
            "records/sub",
            "RECORDS",
            "..",
            "/tmp/x",
            "a\\b",
            ".git./x",
        ] {
            let e = parse(&format!("archive_dir: '{bad}'\n")).unwrap_err().to_string();
            assert!(e.contains("comms.yaml:1:14"), "{bad}: {e}");
        }
        let e = parse("records_dir: archive/new\n").unwrap_err().to_string();
        assert!(e.contains("neither inside the other") && e.contains("comms.yaml:1:14"), "{e}");
        let c = parse("records_dir: ./notes/\narchive_dir: old/archive\n").unwrap();
        assert_eq!((c.records_dir.as_str(), c.archive_dir.as_str()), ("notes", "old/archive"));
        assert!(parse("archive_dir: .github-archive\n").is_ok(), "only `.git` itself is git's");
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
        assert_eq!(c.language, Lang::EN);
        assert_eq!(c.people.resolve("Zhang Wei").unwrap().name, "张伟");
        assert!(c.people.is_department("技术部"));
        let c = parse("people:\n  - { name: 张伟, email: zw@example.com, im: { wecom: zhangwei, dingtalk: '0123', feishu: ou_1 } }\n").unwrap();
        let im = c.people[0].im.clone().unwrap();
        assert_eq!(
            (im.wecom.as_deref(), im.dingtalk.as_deref(), im.feishu.as_deref()),
            (Some("zhangwei"), Some("0123"), Some("ou_1"))
        );
    }

    #[test]
    fn contact_ids_are_checked_where_they_are_written() {
        let e = parse("people:\n  - { name: 张伟, email: 张伟公司邮箱 }\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:2:24: `张伟` has `email: 张伟公司邮箱`, which is not an e-mail address"), "{e}");
        let e = parse("people:\n  - name: 张伟\n    im: { wecom: 'zhang wei' }\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:3:9: `张伟` has an `im.wecom` id that is empty or has spaces"), "{e}");
        assert!(crate::model::people::is_email(" a.b@example.com "));
        for bad in ["a@b", "@example.com", "a@.com", "a b@example.com", "a@b@c.com"] {
            assert!(!crate::model::people::is_email(bad), "{bad}");
        }
    }

    #[test]
    fn notify_targets_are_checked_where_they_are_written() {
        let c = parse("notify:\n  - name: 值班群\n    kind: wecom\n    url: ${WECOM_WEBHOOK}\n").unwrap();
        assert_eq!(c.notify[0].url.as_ref().map(|u| u.name()), Some("WECOM_WEBHOOK"));
        let e =
            parse("notify:\n  - name: 值班群\n    kind: wecom\n    url: https://x/?key=1\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:4:10: `notify` target `值班群` has its `url` written out"), "{e}");
        let e = parse("notify:\n  - { name: a, kind: slack }\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:2:5: `notify` target `a` has no `url`"), "{e}");
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
        let e = parse("people:\n  - { name: 张伟, aliases: [Zhang Wei] }\n  - { name: \"ZHANG\u{3000}WEI\" }\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("comms.yaml:3:5") && e.contains("listed twice in `people` (also as `Zhang Wei`"), "{e}");
        let e = parse("people: [{ name: a, im: { wechat: x } }]\n").unwrap_err().to_string();
        assert!(e.contains("unknown key `wechat`"), "{e}");
        let e = parse("timezone: [\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:11") && e.contains("never closed"), "{e}");
    }

    #[test]
    fn department_head_role() {
        assert_eq!(parse("timezone: UTC\n").unwrap().department_head_role, "部门负责人");
        let people = "people:\n  - { name: 王强, department: 技术部, roles: [主任] }\n";
        let c = parse(&format!("{people}department_head_role: 主任\n")).unwrap();
        assert_eq!(c.department_head_role, "主任");
        let e = parse(&format!("{people}department_head_role: 主仼\n")).unwrap_err().to_string();
        assert!(e.contains("comms.yaml:3:23") && e.contains("nobody in `people` holds the role `主仼`"), "{e}");
        let e = parse("department_head_role: \"\"\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:23") && e.contains("is empty"), "{e}");
        let e = parse("department_head_role: [a]\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:23"), "{e}");
    }

    #[test]
    fn workdays_calendar() {
        let c = parse("workdays:\n  holidays: [2026-10-01..2026-10-07, 2027-01-01]\n  extra_workdays: [2026-10-10]\n")
            .unwrap();
        let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(!c.workdays.is_workday(d("2026-10-05")) && c.workdays.is_workday(d("2026-10-10")));
        assert!(!c.workdays.is_workday(d("2027-01-01")) && !c.workdays.is_workday(d("2026-10-11")));
        let c = parse("workdays: { weekend: [fri, 周六] }\n").unwrap();
        assert!(!c.workdays.is_workday(d("2026-11-20")) && c.workdays.is_workday(d("2026-11-22")));
    }

    #[test]
    fn bad_workdays_name_the_place() {
        let cases = [
            ("workdays: { holidays: [2026-10-01, 2026-02-30] }\n", "comms.yaml:1:36", "`2026-02-30` is not a date"),
            ("workdays:\n  holidays:\n    - 2026-10-07..2026-10-01\n", "comms.yaml:3:7", "ends before it starts"),
            (
                "workdays:\n  holidays: [2026-10-01..2026-10-07]\n  extra_workdays: [2026-10-03]\n",
                "comms.yaml:3:20",
                "2026-10-03 is both a holiday and an extra working day",
            ),
            (
                "workdays: { extra_workdays: [2026-10-09] }\n",
                "comms.yaml:1:30",
                "a Friday, which is a working day anyway",
            ),
            ("workdays: { weekend: [sat, sunday, fun] }\n", "comms.yaml:1:36", "`fun`, which is not a day of the week"),
            (
                "workdays: { weekend: [mon, tue, wed, thu, fri, sat, sun] }\n",
                "comms.yaml:1:22",
                "every day of the week",
            ),
            ("workdays: { holiday: [2026-10-01] }\n", "comms.yaml:1:13", "did you mean `holidays`?"),
        ];
        for (text, at, message) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(at) && e.contains(message), "{text}: {e}");
        }
    }

    #[test]
    fn sla_by_type_default_and_channel() {
        let mut c = parse(
            "sla:\n  外部: { respond_within: 24h, resolve_within: 48h }\n  default: { resolve_within: 5wd }\n  channels: { CRM工单: { respond_within: 4h } }\n",
        )
        .unwrap();
        c.check_types(&crate::model::types::Catalog::builtin().unwrap()).unwrap();
        let w = c.sla.windows("external", Some("CRM工单"));
        assert_eq!(w.respond_within, Some(Span::Fixed(chrono::Duration::hours(4))));
        assert_eq!(w.resolve_within, Some(Span::Fixed(chrono::Duration::hours(48))));
        assert_eq!(c.sla.windows("notice", None).resolve_within, Some(Span::Workdays(5)));
        let cases = [
            ("sla:\n  external: { respond_within: 2x }\n", "comms.yaml:2:31", "unknown unit `x`"),
            ("sla:\n  external: { respond: 2h }\n", "comms.yaml:2:15", "unknown key `respond`"),
            ("sla:\n  channels: { 电话: { resolve: 2h } }\n", "comms.yaml:2:21", "unknown key `resolve`"),
            ("sla:\n  external: {}\n", "comms.yaml:2:13", "`sla.external` sets no window"),
        ];
        for (text, at, message) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(at) && e.contains(message), "{text}: {e}");
        }
        let mut c = parse("sla:\n  externel: { respond_within: 1h }\n").unwrap();
        let e = c.check_types(&crate::model::types::Catalog::builtin().unwrap()).unwrap_err().to_string();
        assert!(e.contains("comms.yaml:2:3") && e.contains("did you mean `external`?"), "{e}");
    }

    #[test]
    fn targets_are_read_and_their_mistakes_placed() {
        let c = parse("timezone: UTC\ntargets:\n  on_time_rate: 90%\n  avg_ack_hours: { change: -30% }\n").unwrap();
        assert_eq!(c.targets.len(), 2);
        assert_eq!(c.targets[1].goal, crate::model::targets::Goal::Change(-0.3));
        let e = parse("targets:\n  on_time: 0.9\n  avg_ack_hour: 2\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:3:3") && e.contains("did you mean `avg_ack_hours`?"), "{e}");
        let e = parse("targets: 0.9\n").unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:10") && e.contains("`targets` is text"), "{e}");
        assert!(parse("targets:\n").unwrap().targets.is_empty());
    }

    #[test]
    fn channel_registry() {
        let people = "people:\n  - { name: 张伟, roles: [客服主管] }\n";
        let mut c = parse(&format!(
            "{people}sla:\n  channels: {{ CRM工单: {{ resolve_within: 48h }} }}\nchannels:\n  - {{ name: 企业微信, scope: 内部, use: 日常沟通, owner: 张伟, account: ww-corp-01 }}\n  - {{ name: crm工单, scope: external, respond_within: 24h, approval: 客服主管 }}\n  - {{ name: 个人微信, scope: both, forbidden: true }}\n"
        ))
        .unwrap();
        c.check_types(&crate::model::types::Catalog::builtin().unwrap()).unwrap();
        use crate::model::channels::Scope;
        let scopes: Vec<Scope> = c.channels.channels.iter().map(|ch| ch.scope).collect();
        assert_eq!(scopes, [Scope::Internal, Scope::External, Scope::Both]);
        assert!(c.channels.get("个人微信").unwrap().forbidden);
        assert_eq!(c.channels.channels[0].account.as_deref(), Some("ww-corp-01"));
        // The registry's `respond_within` joins `sla.channels`' `resolve_within`.
        let w = c.sla.windows("external", Some("CRM工单"));
        assert_eq!(w.respond_within, Some(Span::Fixed(chrono::Duration::hours(24))));
        assert_eq!(w.resolve_within, Some(Span::Fixed(chrono::Duration::hours(48))));
        let cases = [
            (
                "channels:\n  - { name: 邮件, scope: both }\n  - { name: 邮件, scope: both }\n",
                "comms.yaml:3:13",
                "listed twice",
            ),
            ("channels:\n  - { name: 邮件 }\n", "comms.yaml:2:5", "has no `scope`"),
            ("channels:\n  - { name: 邮件, scope: both, respond_within: soon }\n", "comms.yaml:2:46", "not a duration"),
            ("channels:\n  - { name: 邮件, scope: both, colour: red }\n", "comms.yaml:2:30", "unknown key `colour`"),
            (
                "people: [{ name: 张伟 }]\nchannels:\n  - { name: 邮件, scope: both, owner: 张为 }\n",
                "comms.yaml:3:37",
                "`owner: 张为`, who is not in `people`; did you mean `张伟`?",
            ),
            (
                "people: [{ name: 张伟, roles: [客服主管] }]\nchannels:\n  - { name: 邮件, scope: both, approval: 客服主任 }\n",
                "comms.yaml:3:40",
                "a role nobody of `people` holds; did you mean `客服主管`?",
            ),
            (
                "sla:\n  channels: { 邮件: { respond_within: 1h } }\nchannels:\n  - { name: 邮件, scope: both, respond_within: 2h }\n",
                "comms.yaml:4:46",
                "`respond_within` here and in `sla.channels.邮件`; keep one",
            ),
        ];
        for (text, at, message) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(at) && e.contains(message), "{text}: {e}");
        }
        let mut c = parse("channels:\n  - { name: 邮件, scope: 外面 }\n").unwrap();
        let e = c.check_types(&crate::model::types::Catalog::builtin().unwrap()).unwrap_err().to_string();
        assert!(e.contains("comms.yaml:2:24") && e.contains("`scope: 外面`, which is not a scope"), "{e}");
    }

    #[test]
    fn escalation_and_ack_within() {
        let c = parse(
            "people:\n  - { name: 王强, department: 技术部, roles: [部门负责人] }\nescalation:\n  urgent:\n    - { after: 0h, chase: owner, by: 王强 }\n    - { after: 2wd, chase: 部门负责人 }\nack_within: { urgent: 30m }\n",
        )
        .unwrap();
        assert_eq!(c.escalation["urgent"].len(), 2);
        assert_eq!(c.ack_within["urgent"], Span::Fixed(chrono::Duration::minutes(30)));
        let cases = [
            (
                "escalation:\n  urgent:\n    - { after: 0h, chase: 部门负责人 }\n",
                "comms.yaml:3:27",
                "`escalation.urgent` step 1 has `chase: 部门负责人`, which names nobody",
            ),
            (
                "people: [{ name: a }]\nescalation:\n  default:\n    - { after: 1h, chase: a }\n    - { after: 0h, chase: owner, by: b }\n",
                "comms.yaml:5:16",
                "step 2 (`after: 0h`) comes before step 1 (`after: 1h`)",
            ),
            (
                "escalation:\n  urgent:\n    - { after: soon, chase: owner }\n",
                "comms.yaml:3:16",
                "`soon` is not a duration",
            ),
            (
                "escalation:\n  urgent:\n    - { after: 1h, chase: owner, cc: x }\n",
                "comms.yaml:3:34",
                "unknown key `cc`",
            ),
            ("ack_within: { urgent: 2x }\n", "comms.yaml:1:23", "unknown unit `x`"),
        ];
        for (text, at, message) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(at) && e.contains(message), "{text}: {e}");
        }
    }

    #[test]
    fn confirmation_required_lists_types_and_categories() {
        let catalog = crate::model::types::Catalog::builtin().unwrap();
        let mut c = parse("confirmation_required: [外部, 合同变更]\n").unwrap();
        c.check_types(&catalog).unwrap();
        assert_eq!(c.confirmation_required, ["external", "合同变更"]);
        let cases = [
            ("confirmation_required: [external, '']\n", "comms.yaml:1:35", "empty entry"),
            ("confirmation_required:\n  - 合同变更\n  - 合同变更\n", "comms.yaml:3:5", "listed twice"),
            ("confirmation_required: external\n", "comms.yaml:1:24", "expected a list"),
            ("confirmation_required: [{ type: external }]\n", "comms.yaml:1:25", ""),
        ];
        for (text, at, message) in cases {
            let e = parse(text).unwrap_err().to_string();
            assert!(e.contains(at) && e.contains(message), "{text}: {e}");
        }
    }

    #[test]
    fn type_names_are_checked_against_the_catalog() {
        let catalog = crate::model::types::Catalog::builtin().unwrap();
        let mut c = parse("escalation:\n  紧急: [{ after: 0h, chase: owner }]\nack_within: { 紧急: 1h }\n").unwrap();
        c.check_types(&catalog).unwrap();
        assert!(c.escalation.contains_key("urgent") && c.ack_within.contains_key("urgent"));
        let mut c = parse("ack_within: { urgent: 1h, 紧急: 2h }\n").unwrap();
        let e = c.check_types(&catalog).unwrap_err().to_string();
        assert!(e.contains("comms.yaml:1:27") && e.contains("`紧急` and `urgent` are the same record type"), "{e}");
        let mut c = parse("ack_within:\n  urgnet: 1h\n").unwrap();
        let e = c.check_types(&catalog).unwrap_err().to_string();
        assert!(
            e.contains("comms.yaml:2:3") && e.contains("unknown record type `urgnet`; did you mean `urgent`?"),
            "{e}"
        );
    }

    #[test]
    fn the_init_template_examples_parse_when_uncommented() {
        let text = crate::model::types::builtin("comms.yaml")
            .unwrap()
            .replace("{{timezone}}", "UTC")
            .replace("{{language}}", "zh");
        let mut out = String::new();
        let mut example = false;
        for line in text.lines() {
            let key = [
                "# people:",
                "# workdays:",
                "# escalation:",
                "# ack_within:",
                "# approval:",
                "# publish:",
                "# sla:",
                "# values:",
                "# mask:",
                "# department_head_role:",
                "# confirmation_required:",
                "# channels:",
            ]
            .iter()
            .any(|k| line.starts_with(k));
            example = key || (example && line.starts_with("#   "));
            if line == "people: []" {
                continue;
            }
            out.push_str(if example { &line[2..] } else { line });
            out.push('\n');
        }
        let mut c = parse(&out).unwrap_or_else(|e| panic!("{e}\n{out}"));
        c.check_types(&crate::model::types::Catalog::builtin().unwrap()).unwrap();
        assert_eq!(c.escalation.len(), 2);
        assert_eq!(c.people.len(), 4);
        assert!(c.ack_within.contains_key("urgent"));
        assert_eq!(c.approval["internal"].len(), 2);
        assert_eq!(c.publish["全员"], ["行政部"]);
        assert_eq!(c.values["category"].len(), 5);
        assert!(c.mask.email);
        assert_eq!(c.department_head_role, "部门负责人");
        assert_eq!(c.confirmation_required, ["合同变更"]);
        assert!(format!("{:?}", c.sla).contains("CRM工单"), "{:?}", c.sla);
        assert_eq!(c.channels.channels.len(), 5);
        assert!(c.channels.get("个人微信").is_some_and(|ch| ch.forbidden));
    }
}

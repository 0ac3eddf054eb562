//! `notify:` in comms.yaml: where `comms notify` delivers the reminder
//! digest (催办) — group robots of 企业微信, 钉钉 and 飞书, Slack, a plain
//! webhook, or e-mail.
//!
//! A webhook address carries the key that lets anyone post to the group,
//! and a signing secret is a secret: both are written as a reference to an
//! environment variable (`url: ${WECOM_WEBHOOK}`), never as the value, so
//! comms.yaml can be committed and the values kept in the CI's secrets.
//! [`check`] refuses a literal one, naming the key.

use serde::Deserialize;

use crate::model::people::Directory;

/// The platforms `notify` delivers to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// 企业微信群机器人: markdown, `<@userid>` mentions.
    Wecom,
    /// 钉钉自定义机器人: markdown, `at.atUserIds`/`atMobiles`, signed URL.
    Dingtalk,
    /// 飞书自定义机器人: rich text (`post`), `at` by open id, signed body.
    Feishu,
    /// Slack incoming webhook: text.
    Slack,
    /// Any address: remind's JSON contract, POSTed.
    Webhook,
    /// One e-mail per chased person over SMTP (`COMMS_SMTP_*`).
    Email,
}

impl Kind {
    pub const ALL: [Kind; 6] = [Kind::Wecom, Kind::Dingtalk, Kind::Feishu, Kind::Slack, Kind::Webhook, Kind::Email];

    /// The word written in comms.yaml.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Wecom => "wecom",
            Kind::Dingtalk => "dingtalk",
            Kind::Feishu => "feishu",
            Kind::Slack => "slack",
            Kind::Webhook => "webhook",
            Kind::Email => "email",
        }
    }

    /// Whether the platform signs its requests with a `secret`.
    pub fn signs(self) -> bool {
        matches!(self, Kind::Dingtalk | Kind::Feishu)
    }

    fn parse(word: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == word.trim().to_lowercase())
    }
}

/// A reference to an environment variable: `${NAME}`, read when sending.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvRef(pub String);

impl EnvRef {
    /// `${NAME}` (NAME of ASCII letters, digits and `_`, not starting
    /// with a digit), or nothing.
    pub fn parse(text: &str) -> Option<EnvRef> {
        let name = text.trim().strip_prefix("${")?.strip_suffix('}')?;
        let mut chars = name.chars();
        let first = chars.next()?;
        ((first.is_ascii_alphabetic() || first == '_') && chars.all(|c| c.is_ascii_alphanumeric() || c == '_'))
            .then(|| EnvRef(name.to_string()))
    }

    pub fn name(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for EnvRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "${{{}}}", self.0)
    }
}

/// Mention everyone in the group (`at: [all]`).
pub const ALL: &str = "all";

/// One target of `notify`, checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    pub name: String,
    pub kind: Kind,
    /// The webhook address (not for `email`).
    pub url: Option<EnvRef>,
    /// The signing secret (DingTalk, Feishu: 加签).
    pub secret: Option<EnvRef>,
    /// `email`: who else gets the whole digest — people of the directory
    /// (their `email`) or addresses.
    pub to: Vec<String>,
    /// Chat targets: people mentioned besides the chased ones, or `all`.
    pub at: Vec<String>,
}

/// A target as written.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTarget {
    pub name: String,
    pub kind: String,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(default)]
    pub to: Vec<String>,
    #[serde(default)]
    pub at: Vec<String>,
}

/// A mistake in one target: the key it is at (`""` for the target itself)
/// and the sentence.
pub type Mistake = (&'static str, String);

/// Checks the targets as written, in order; the first mistake, with the
/// index of its target.
pub fn check(raw: &[RawTarget], people: &Directory) -> Result<Vec<Target>, (usize, Mistake)> {
    let mut out: Vec<Target> = Vec::new();
    for (i, t) in raw.iter().enumerate() {
        let target = check_one(t, people).map_err(|m| (i, m))?;
        if out.iter().any(|o| o.name == target.name) {
            return Err((
                i,
                ("name", format!("`notify` has two targets named `{}`; give each its own name", target.name)),
            ));
        }
        out.push(target);
    }
    Ok(out)
}

fn check_one(t: &RawTarget, people: &Directory) -> Result<Target, Mistake> {
    let name = t.name.trim().to_string();
    if name.is_empty() {
        return Err(("name", "a `notify` target has an empty `name`".into()));
    }
    let Some(kind) = Kind::parse(&t.kind) else {
        let hint = match crate::model::suggest::closest(t.kind.trim(), Kind::ALL.iter().map(|k| k.name())) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("the kinds are {}", Kind::ALL.map(Kind::name).join(", ")),
        };
        return Err((
            "kind",
            format!("`notify` target `{name}` has `kind: {}`, which comms cannot send to; {hint}", t.kind),
        ));
    };
    let env = |key: &'static str, value: &str, example: &str| -> Result<EnvRef, Mistake> {
        EnvRef::parse(value).ok_or_else(|| {
            (
                key,
                format!(
                    "`notify` target `{name}` has its `{key}` written out; write the name of an environment variable that holds it, e.g. `{key}: \"${{{example}}}\"`, and keep the value in your CI's secrets (it lets anyone post to the group)"
                ),
            )
        })
    };
    let var = format!("{}_", kind.name().to_uppercase());
    let url = match (&t.url, kind) {
        (Some(_), Kind::Email) => {
            return Err((
                "url",
                format!(
                    "`notify` target `{name}` is `kind: email`, which is sent over SMTP (COMMS_SMTP_HOST …), not to a `url`; remove `url`"
                ),
            ));
        }
        (Some(u), _) => Some(env("url", u, &format!("{var}WEBHOOK"))?),
        (None, Kind::Email) => None,
        (None, _) => {
            return Err((
                "",
                format!(
                    "`notify` target `{name}` has no `url`; write `url: \"${{{var}WEBHOOK}}\"` and set that environment variable to the robot's webhook address"
                ),
            ));
        }
    };
    let secret = match &t.secret {
        Some(_) if !kind.signs() => {
            return Err((
                "secret",
                format!(
                    "`notify` target `{name}` (`kind: {}`) has a `secret`, but only dingtalk and feishu sign their requests; remove it",
                    kind.name()
                ),
            ));
        }
        Some(s) => Some(env("secret", s, &format!("{var}SECRET"))?),
        None => None,
    };
    if !t.to.is_empty() && kind != Kind::Email {
        return Err((
            "to",
            format!(
                "`notify` target `{name}` (`kind: {}`) has `to`, which only e-mail targets use; the robot posts to its own group",
                kind.name()
            ),
        ));
    }
    for who in &t.to {
        if !who.contains('@') && people.resolve(who).is_none() {
            return Err(("to", nobody(&name, "to", who, people)));
        }
    }
    if !t.at.is_empty() && matches!(kind, Kind::Email | Kind::Webhook | Kind::Slack) {
        return Err((
            "at",
            format!(
                "`notify` target `{name}` (`kind: {}`) has `at`, which only wecom, dingtalk and feishu mention; remove it",
                kind.name()
            ),
        ));
    }
    if kind == Kind::Wecom && t.at.iter().any(|w| w.trim() == ALL) {
        return Err((
            "at",
            format!(
                "`notify` target `{name}` has `at: [all]`, but WeCom markdown messages cannot mention everyone; name the people"
            ),
        ));
    }
    for who in &t.at {
        if who.trim() != ALL && people.resolve(who).is_none() {
            return Err(("at", nobody(&name, "at", who, people)));
        }
    }
    Ok(Target {
        name,
        kind,
        url,
        secret,
        to: t.to.iter().map(|s| s.trim().to_string()).collect(),
        at: t.at.iter().map(|s| s.trim().to_string()).collect(),
    })
}

fn nobody(target: &str, key: &str, who: &str, people: &Directory) -> String {
    let hint = match crate::model::suggest::closest(who, people.iter().flat_map(|p| p.names())) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("add `- {{ name: {} }}` under `people:`", who.trim()),
    };
    let what = if key == "to" { " nor an e-mail address" } else { "" };
    format!("`notify` target `{target}` has `{key}: {who}`, who is not in `people`{what}; {hint}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn raw(kind: &str, url: Option<&str>) -> RawTarget {
        RawTarget { name: "群".into(), kind: kind.into(), url: url.map(Into::into), ..Default::default() }
    }

    #[test]
    fn env_references() {
        assert_eq!(EnvRef::parse("${WECOM_URL}"), Some(EnvRef("WECOM_URL".into())));
        assert_eq!(EnvRef::parse(" ${_X1} "), Some(EnvRef("_X1".into())));
        assert_eq!(EnvRef::parse("https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=abc"), None);
        assert_eq!(EnvRef::parse("${1X}"), None);
        assert_eq!(EnvRef::parse("${}"), None);
        assert_eq!(EnvRef::parse("$X"), None);
    }

    #[test]
    fn a_literal_url_or_secret_is_refused_naming_the_key() {
        let people = Directory::default();
        let (i, (key, m)) = check(&[raw("wecom", Some("https://qyapi.weixin.qq.com/x?key=1"))], &people).unwrap_err();
        assert_eq!((i, key), (0, "url"));
        assert!(m.contains("`url` written out"), "{m}");
        let mut t = raw("dingtalk", Some("${D}"));
        t.secret = Some("SEC123".into());
        let (_, (key, _)) = check(&[t], &people).unwrap_err();
        assert_eq!(key, "secret");
    }

    #[test]
    fn kinds_and_their_keys() {
        let people = Directory::default();
        let (_, (key, m)) = check(&[raw("wecon", Some("${X}"))], &people).unwrap_err();
        assert_eq!(key, "kind");
        assert!(m.contains("did you mean `wecom`?"), "{m}");
        assert!(check(&[raw("slack", None)], &people).is_err());
        assert!(check(&[raw("email", None)], &people).is_ok());
        assert!(check(&[raw("email", Some("${X}"))], &people).is_err());
        let mut t = raw("wecom", Some("${X}"));
        t.secret = Some("${S}".into());
        assert_eq!(check(&[t], &people).unwrap_err().1.0, "secret");
        let ok = check(&[raw("wecom", Some("${X}")), raw("email", None)], &people);
        assert_eq!(ok.unwrap_err().1.0, "name", "two targets named 群");
    }
}

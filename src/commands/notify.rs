//! `comms notify`: sends what `remind` shows (overdue, due soon, waiting
//! for confirmation, stale; each overdue item's escalation step) to the
//! targets of comms.yaml's `notify` — group robots of 企业微信, 钉钉 and
//! 飞书, Slack, a webhook (remind's JSON), or one e-mail per chased person.
//!
//! The digest is `remind`'s ([`super::remind::with_view`]), confidential
//! records redacted the same way; each platform's message is built in
//! [`crate::notify`] and sent by `crate::store::deliver`. One failing
//! target never stops the others: exit 0 when every message went, 1 when
//! some target failed (each named on stderr), 2 for configuration errors.

use std::io::Write;

use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::NotifyArgs;
use crate::commands::remind::{View, window, with_view};
use crate::context::Context;
use crate::i18n::{Lang, tr};
use crate::model::notify::{EnvRef, Kind, Target};
use crate::notify::payload;
use crate::render::{ERROR, GOOD, paint};
use crate::store::repo::Repo;

/// One message for one target, ready to send.
enum Message {
    /// A JSON body POSTed to the target's `url`.
    Post(serde_json::Value),
    /// An e-mail.
    Mail { to: Vec<String>, subject: String, body: String },
}

pub fn run(cx: &Context, args: NotifyArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let targets = select(&repo, &args.target)?;
    if !args.dry_run && !cfg!(feature = "notify") {
        bail!(
            "this comms was built without the `notify` feature, so it cannot send; rebuild it with default features (or use --dry-run to see the messages)"
        );
    }
    let (until, within) = window(&args.within, now, &repo, lang)?;
    let today = now.0.with_timezone(&repo.config.timezone).date_naive();
    if args.workdays_only && !repo.config.workdays.is_workday(today) {
        cx.note(tr!(lang, "notify-day-off", day = today.to_string()));
        return Ok(Outcome::Success);
    }
    let (loaded, _) = super::remind::load_shown(&repo, now, until);
    let planned: Vec<(&Target, Vec<Message>)> =
        with_view(&repo, &loaded, now, until, args.include_confidential, lang, |v| {
            if v.is_empty() {
                return Vec::new();
            }
            targets.iter().map(|t| (*t, messages(cx, &repo, t, v, &within, args.within.trim(), lang))).collect()
        });
    if planned.is_empty() {
        cx.note(tr!(lang, "notify-nothing", within = &within));
        return Ok(Outcome::Success);
    }
    if args.dry_run {
        let mut out = super::stdout();
        for (i, (t, messages)) in planned.iter().enumerate() {
            if i > 0 {
                writeln!(out)?;
            }
            dry_run(&mut out, t, messages, lang)?;
        }
        out.flush()?;
        return Ok(Outcome::Success);
    }
    let mut failed = 0;
    for (t, messages) in &planned {
        match send(t, messages) {
            Ok(n) => {
                cx.note(format!(
                    "{} {}",
                    paint(GOOD, "✓"),
                    tr!(lang, "notify-sent", target = &t.name, kind = t.kind.name(), count = n)
                ));
            }
            Err(why) => {
                failed += 1;
                anstream::eprintln!(
                    "{} {}",
                    paint(ERROR, "error:"),
                    tr!(lang, "notify-failed", target = &t.name, kind = t.kind.name(), reason = why)
                );
            }
        }
    }
    if failed > 0 {
        cx.note(tr!(lang, "notify-summary-failed", failed = failed, count = planned.len()));
        return Ok(Outcome::Findings);
    }
    Ok(Outcome::Success)
}

/// The targets to send to: all of them, or those `--target` names. An
/// unknown name is an error with the nearest one.
fn select<'r>(repo: &'r Repo, names: &[String]) -> Result<Vec<&'r Target>> {
    let all = &repo.config.notify;
    if all.is_empty() {
        bail!(
            "{} has no `notify` targets; add e.g. `notify: [{{ name: 值班群, kind: wecom, url: \"${{WECOM_WEBHOOK}}\" }}]` (see docs/notify.md)",
            crate::model::config::FILE
        );
    }
    if names.is_empty() {
        return Ok(all.iter().collect());
    }
    let mut chosen: Vec<&Target> = names
        .iter()
        .map(|n| {
            all.iter().find(|t| t.name == n.trim()).ok_or_else(|| {
                let hint = match crate::model::suggest::closest(n, all.iter().map(|t| t.name.as_str())) {
                    Some(best) => format!("did you mean `{best}`?"),
                    None => format!(
                        "the targets are {}",
                        all.iter().map(|t| format!("`{}`", t.name)).collect::<Vec<_>>().join(", ")
                    ),
                };
                anyhow::anyhow!("--target {n}: no target of `notify` has that name; {hint}")
            })
        })
        .collect::<Result<_>>()?;
    // `--target a --target a` sends once.
    let mut seen = std::collections::HashSet::new();
    chosen.retain(|t| seen.insert(t.name.as_str()));
    Ok(chosen)
}

/// The messages `t` gets of the view `v`.
fn messages(
    cx: &Context,
    repo: &Repo,
    t: &Target,
    v: &View,
    within: &str,
    within_arg: &str,
    lang: Lang,
) -> Vec<Message> {
    let tz = repo.config.timezone;
    let people = &repo.config.people;
    let title = tr!(lang, "remind-title", now = v.digest.now.display(tz));
    let chased = v.chased(people);
    match t.kind {
        Kind::Webhook => vec![Message::Post(serde_json::to_value(v.json(within_arg, tz)).unwrap_or_default())],
        Kind::Email => {
            let mut out = Vec::new();
            let mut without = Vec::new();
            for name in &chased {
                match people.resolve(name).and_then(|p| p.email.as_deref()).map(str::trim).filter(|e| !e.is_empty()) {
                    Some(address) => out.push(Message::Mail {
                        to: vec![address.to_string()],
                        subject: title.clone(),
                        body: v.for_person(name, people).text(within, lang, tz, false),
                    }),
                    None => without.push(name.clone()),
                }
            }
            if !without.is_empty() {
                cx.note(tr!(
                    lang,
                    "notify-no-email",
                    target = &t.name,
                    names = without.join(&tr!(lang, "confirm-names-separator"))
                ));
            }
            let to: Vec<String> =
                t.to.iter()
                    .filter_map(|w| {
                        if w.contains('@') {
                            return Some(w.clone());
                        }
                        people.resolve(w).and_then(|p| p.email.clone())
                    })
                    .collect();
            if !to.is_empty() {
                out.push(Message::Mail { to, subject: title, body: v.text(within, lang, tz, false) });
            }
            out
        }
        kind => {
            let text = v.text(within, lang, tz, payload::markdown(kind));
            let m = payload::mentions(kind, &chased, &t.at, people);
            if !m.missing.is_empty() && kind != Kind::Slack {
                cx.note(tr!(
                    lang,
                    "notify-no-im",
                    target = &t.name,
                    kind = kind.name(),
                    names = m.missing.join(&tr!(lang, "confirm-names-separator"))
                ));
            }
            payload::chat(kind, &title, &text, &m).into_iter().map(Message::Post).collect()
        }
    }
}

/// `--dry-run`: every message, as it would be sent, under a line naming
/// the target and where it would go (the variable, never its value).
fn dry_run(out: &mut impl Write, t: &Target, messages: &[Message], lang: Lang) -> Result<()> {
    let to = match (&t.url, &t.secret) {
        (Some(url), Some(secret)) => {
            tr!(lang, "notify-dry-run-signed", url = url.to_string(), secret = secret.to_string())
        }
        (Some(url), None) => format!("POST {url}"),
        (None, _) => "SMTP ${COMMS_SMTP_HOST}".to_string(),
    };
    writeln!(
        out,
        "{}",
        tr!(lang, "notify-dry-run-target", target = &t.name, kind = t.kind.name(), to = to, count = messages.len())
    )?;
    for (i, m) in messages.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        match m {
            Message::Post(json) => writeln!(out, "{}", serde_json::to_string_pretty(json)?)?,
            Message::Mail { to, subject, body } => {
                writeln!(out, "To: {}\nSubject: {subject}\n\n{}", to.join(", "), body.trim_end())?;
            }
        }
    }
    Ok(())
}

/// The value of an environment variable a target names.
fn env(r: &EnvRef) -> Result<String, String> {
    std::env::var(r.name())
        .ok()
        .filter(|v| !v.trim().is_empty())
        .map(|v| v.trim().to_string())
        .ok_or_else(|| format!("the environment variable {} is not set", r.name()))
}

/// Sends `t` its messages; how many went, or why they did not.
#[cfg(feature = "notify")]
fn send(t: &Target, messages: &[Message]) -> Result<usize, String> {
    use crate::store::deliver;
    if t.kind == Kind::Email {
        let smtp = deliver::Smtp::from_env(|k| std::env::var(k).ok())?;
        let mails: Vec<deliver::Mail> = messages
            .iter()
            .filter_map(|m| match m {
                Message::Mail { to, subject, body } => {
                    Some(deliver::Mail { to: to.clone(), subject: subject.clone(), body: body.clone() })
                }
                Message::Post(_) => None,
            })
            .collect();
        let results = deliver::send_mail(&smtp, &mails);
        let errors: Vec<String> = results.into_iter().filter_map(Result::err).collect();
        return if errors.is_empty() { Ok(mails.len()) } else { Err(errors.join("; ")) };
    }
    let url = env(t.url.as_ref().ok_or("no url")?)?;
    let secret = t.secret.as_ref().map(env).transpose()?;
    let mut sent = 0;
    for (i, m) in messages.iter().enumerate() {
        let Message::Post(json) = m else { continue };
        let since_epoch = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
        let (url, body) = match (t.kind, &secret) {
            (Kind::Dingtalk, Some(s)) => {
                (crate::notify::sign::dingtalk_url(&url, s, since_epoch.as_millis() as i64), json.clone())
            }
            (Kind::Feishu, Some(s)) => {
                let ts = since_epoch.as_secs() as i64;
                (url.clone(), payload::feishu_signed(json.clone(), ts, &crate::notify::sign::feishu(s, ts)))
            }
            _ => (url.clone(), json.clone()),
        };
        let reply = deliver::post_json(&url, &body.to_string()).map_err(|e| part(i, messages.len(), e))?;
        if let Some(e) = payload::reply_error(t.kind, reply.status, &reply.body) {
            return Err(part(i, messages.len(), e));
        }
        sent += 1;
    }
    Ok(sent)
}

/// Which message of several a failure is about.
#[cfg(feature = "notify")]
fn part(i: usize, n: usize, e: String) -> String {
    if n > 1 { format!("message {}/{n}: {e}", i + 1) } else { e }
}

#[cfg(not(feature = "notify"))]
fn send(_: &Target, _: &[Message]) -> Result<usize, String> {
    let _ = env;
    Err("built without the `notify` feature".into())
}

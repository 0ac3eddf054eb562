//! `comms remind`: the escalation digest (催办) a coordinator pastes into a
//! group chat or an e-mail — per owner, unacknowledged urgent records
//! first, then what is overdue and what falls due within `--within`.
//!
//! An overdue item of a type with an escalation ladder (`escalation:` in
//! comms.yaml) gets one more line: the step it has reached, who must be
//! chased and by whom.
//!
//! Plain text by default (chat tools show Markdown marks as they are),
//! Markdown for tools that render it, and JSON for scripts and bots. The
//! selection is [`crate::report::digest`]'s; this module only words it.

use std::io::Write;

use anyhow::{Result, anyhow};
use serde::Serialize;

use crate::Outcome;
use crate::cli::{RemindArgs, RemindFormat};
use crate::commands::status::{notes, until};
use crate::context::Context;
use crate::model::config::Lang;
use crate::model::workdays::Span;
use crate::render::listing::{self, JsonItem, md_escape, one_line};
use crate::report::digest::{self, Digest, Entry, Totals};
use crate::report::escalation;
use crate::report::tracking::Kind;

pub fn run(cx: &Context, args: RemindArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let until = until(now, &args.within, &repo.config).map_err(|m| anyhow!("--within {m}"))?;
    let within = match Span::parse(&args.within) {
        Ok(span @ Span::Workdays(_)) => span_label(span, lang),
        _ => listing::duration(until.0 - now.0, lang),
    };
    let loaded = repo.load();
    let d = digest::build(&loaded.records, now, until, &repo.config, &repo.catalog);
    let mut out = super::stdout();
    match args.format {
        RemindFormat::Json => {
            writeln!(out, "{}", serde_json::to_string_pretty(&json(&d, args.within.trim(), tz))?)?;
        }
        RemindFormat::Text => write!(out, "{}", text(&d, &within, lang, tz, false))?,
        RemindFormat::Markdown => write!(out, "{}", text(&d, &within, lang, tz, true))?,
    }
    out.flush()?;
    let all = crate::report::tracking::items(&loaded.records, now);
    let unreadable = all.iter().filter(|i| i.deadline.is_none() || i.status.is_none()).count();
    notes(cx, lang, loaded.problems.len(), unreadable);
    Ok(Outcome::Success)
}

/// The digest as plain text or Markdown.
fn text(d: &Digest, within: &str, lang: Lang, tz: chrono_tz::Tz, md: bool) -> String {
    let esc = |s: &str| if md { md_escape(s) } else { one_line(s) };
    let strong = |s: String| if md { format!("**{s}**") } else { s };
    let now = d.now.display(tz);
    let t = d.totals();
    let mut out = String::new();
    let title = match lang {
        Lang::Zh => format!("催办:截至 {now}"),
        Lang::En => format!("Follow-up as of {now}"),
    };
    if md {
        out.push_str(&format!("## {title}\n\n"));
    }
    if t.items == 0 {
        let none = match lang {
            Lang::Zh => format!("没有逾期、{within}内到期或未确认的紧急事项。"),
            Lang::En => format!("Nothing is overdue, due within {within}, or waiting for acknowledgement."),
        };
        match (md, lang) {
            (true, _) => out.push_str(&format!("{none}\n")),
            (false, Lang::Zh) => out.push_str(&format!("【催办】截至 {now}:{none}\n")),
            (false, Lang::En) => out.push_str(&format!("{title}: {none}\n")),
        }
        return out;
    }
    let counts = counts(t, within, lang, md);
    match (md, lang) {
        (true, _) => out.push_str(&format!("{counts}\n")),
        (false, Lang::Zh) => out.push_str(&format!("【催办】截至 {now}:{counts}\n")),
        (false, Lang::En) => out.push_str(&format!("{title}: {counts}\n")),
    }
    for g in &d.groups {
        out.push('\n');
        let who = match (&g.department, g.owner.is_empty()) {
            (_, true) => lang.pick("(未指定负责人)", "(no owner)").to_string(),
            (Some(dep), false) => format!("@{}({})", g.owner, dep),
            (None, false) => format!("@{}", g.owner),
        };
        if md {
            out.push_str(&format!("### {}\n\n", esc(&who)));
        } else {
            out.push_str(&format!("{who}\n"));
        }
        for e in &g.entries {
            out.push_str(&format!("- {}\n", entry(e, d.now, lang, tz, md, &esc, &strong)));
            if let Some(c) = &e.escalation {
                let line = step_line(c, lang, &esc);
                out.push_str(&if md { format!("  - {line}\n") } else { format!("  ↳ {line}\n") });
            }
        }
    }
    out.push('\n');
    let footer = match lang {
        Lang::Zh => "处理后请更新记录(comms log 记进展,comms done 标记完成);紧急事项请先确认已读(comms ack)。",
        Lang::En => {
            "Please update each record as you go (comms log for progress, comms done when finished); acknowledge urgent records first (comms ack)."
        }
    };
    if md {
        out.push_str(&format!("---\n\n{footer}\n"));
    } else {
        out.push_str(&format!("{footer}\n"));
    }
    out
}

fn counts(t: Totals, within: &str, lang: Lang, md: bool) -> String {
    let n = |k: usize| if md { format!("**{k}**") } else { k.to_string() };
    let mut parts = Vec::new();
    if t.overdue > 0 {
        parts.push(match lang {
            Lang::Zh => format!("逾期 {} 项", n(t.overdue)),
            Lang::En => format!("{} overdue", n(t.overdue)),
        });
    }
    if t.due_soon > 0 {
        parts.push(match lang {
            Lang::Zh => format!("{within}内到期 {} 项", n(t.due_soon)),
            Lang::En => format!("{} due within {within}", n(t.due_soon)),
        });
    }
    if t.unacknowledged > 0 {
        parts.push(match lang {
            Lang::Zh => format!("紧急事项未确认已读 {} 项", n(t.unacknowledged)),
            Lang::En => format!(
                "{} urgent record{} not acknowledged",
                n(t.unacknowledged),
                if t.unacknowledged == 1 { "" } else { "s" }
            ),
        });
    }
    let sep = if md { " · " } else { lang.pick(",", ", ") };
    parts.join(sep) + lang.pick("。", ".")
}

/// One line: `[逾期 16小时] 【紧急】… — 截止 … · 20261121-7f3a · 未确认已读`.
fn entry(
    e: &Entry,
    now: crate::model::time::Instant,
    lang: Lang,
    tz: chrono_tz::Tz,
    md: bool,
    esc: &dyn Fn(&str) -> String,
    strong: &dyn Fn(String) -> String,
) -> String {
    let i = &e.item;
    let mut tags = Vec::new();
    let due = listing::due(i.due(now), lang);
    if !due.is_empty() && (i.overdue || e.due_soon) {
        tags.push(due);
    }
    if e.unacknowledged {
        tags.push(lang.pick("未确认已读", "not acknowledged").to_string());
    }
    let tag = if tags.is_empty() {
        String::new()
    } else if md {
        format!("{} ", strong(tags.join(" · ")))
    } else {
        format!("[{}] ", tags.join(lang.pick(",", ", ")))
    };
    let mut subject = esc(i.subject);
    if i.kind == Kind::Action {
        let parent = esc(&i.record.subject);
        subject = match lang {
            Lang::Zh => format!("{subject}(待办,来自「{parent}」)"),
            Lang::En => format!("{subject} (action item of “{parent}”)"),
        };
    }
    let deadline = i.deadline.map_or_else(|| "?".to_string(), |d| d.display(tz));
    let id = if md { format!("`{}`", i.id()) } else { i.id() };
    match lang {
        Lang::Zh => format!("{tag}{subject} — 截止 {deadline} · {id}"),
        Lang::En => format!("{tag}{subject} — due {deadline} · {id}"),
    }
}

/// A span for people: `4小时`, `2个工作日` / `4h`, `2 working days`.
fn span_label(span: Span, lang: Lang) -> String {
    match (span, lang) {
        (Span::Fixed(d), _) => listing::duration(d, lang),
        (Span::Workdays(n), Lang::Zh) => format!("{n}个工作日"),
        (Span::Workdays(1), Lang::En) => "1 working day".to_string(),
        (Span::Workdays(n), Lang::En) => format!("{n} working days"),
    }
}

/// The ladder step of an overdue item: `催办第 2/3 级(逾期满 4小时):黄磊(部门负责人) · 催办人 林晓(协调人)`.
fn step_line(c: &escalation::Current, lang: Lang, esc: &dyn Fn(&str) -> String) -> String {
    let people = |list: &[escalation::Who]| -> String {
        if list.is_empty() {
            return lang.pick("(未指定负责人)", "(no owner)").to_string();
        }
        let shown: Vec<String> = list
            .iter()
            .map(|w| {
                let role = w
                    .role
                    .as_deref()
                    .map(|r| if r == crate::model::config::OWNER { lang.pick("负责人", "owner") } else { r });
                match (role, lang) {
                    (Some(r), Lang::Zh) => format!("{}({})", esc(&w.name), esc(r)),
                    (Some(r), Lang::En) => format!("{} ({})", esc(&w.name), esc(r)),
                    (None, _) => esc(&w.name),
                }
            })
            .collect();
        shown.join(lang.pick("、", ", "))
    };
    let since = match (c.after.is_zero(), lang) {
        (true, Lang::Zh) => "逾期即起".to_string(),
        (true, Lang::En) => "from the deadline".to_string(),
        (false, Lang::Zh) => format!("逾期满 {}", span_label(c.after, lang)),
        (false, Lang::En) => format!("{} overdue", span_label(c.after, lang)),
    };
    let by = match (c.by.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::Zh) => format!(" · 催办人 {}", people(&c.by)),
        (false, Lang::En) => format!(", by {}", people(&c.by)),
    };
    match lang {
        Lang::Zh => format!("催办第 {}/{} 级({since}):{}{by}", c.step, c.steps, people(&c.chase)),
        Lang::En => format!("step {} of {} ({since}): chase {}{by}", c.step, c.steps, people(&c.chase)),
    }
}

#[derive(Serialize)]
struct JsonDigest {
    now: String,
    within: String,
    until: String,
    totals: JsonTotals,
    owners: Vec<JsonGroup>,
}

#[derive(Serialize)]
struct JsonTotals {
    items: usize,
    overdue: usize,
    due_soon: usize,
    unacknowledged_urgent: usize,
}

#[derive(Serialize)]
struct JsonGroup {
    owner: Option<String>,
    department: Option<String>,
    items: Vec<JsonEntry>,
}

#[derive(Serialize)]
struct JsonEntry {
    #[serde(flatten)]
    item: JsonItem,
    due_soon: bool,
    unacknowledged_urgent: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    escalation: Option<JsonStep>,
}

#[derive(Serialize)]
struct JsonStep {
    step: usize,
    steps: usize,
    after: String,
    chase: Vec<JsonWho>,
    by: Vec<JsonWho>,
}

#[derive(Serialize)]
struct JsonWho {
    name: String,
    role: Option<String>,
    department: Option<String>,
}

fn json_step(c: &escalation::Current) -> JsonStep {
    let who = |list: &[escalation::Who]| {
        list.iter()
            .map(|w| JsonWho { name: w.name.clone(), role: w.role.clone(), department: w.department.clone() })
            .collect()
    };
    JsonStep { step: c.step, steps: c.steps, after: c.after.to_string(), chase: who(&c.chase), by: who(&c.by) }
}

fn json(d: &Digest, within: &str, tz: chrono_tz::Tz) -> JsonDigest {
    let t = d.totals();
    JsonDigest {
        now: d.now.display(tz),
        within: within.to_string(),
        until: d.until.display(tz),
        totals: JsonTotals {
            items: t.items,
            overdue: t.overdue,
            due_soon: t.due_soon,
            unacknowledged_urgent: t.unacknowledged,
        },
        owners: d
            .groups
            .iter()
            .map(|g| JsonGroup {
                owner: Some(g.owner.clone()).filter(|o| !o.is_empty()),
                department: g.department.clone(),
                items: g
                    .entries
                    .iter()
                    .map(|e| JsonEntry {
                        item: JsonItem::new(&e.item, tz),
                        due_soon: e.due_soon,
                        unacknowledged_urgent: e.unacknowledged,
                        escalation: e.escalation.as_ref().map(json_step),
                    })
                    .collect(),
            })
            .collect(),
    }
}

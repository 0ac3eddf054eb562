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
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::model::record::{Record, display_path};
use crate::model::workdays::Span;
use crate::render::listing::{self, JsonItem, md_escape, one_line};
use crate::report::digest::{self, Digest, Entry, Totals};
use crate::report::escalation;
use crate::report::tracking::Kind;
use crate::store::repo::Repo;

pub fn run(cx: &Context, args: RemindArgs) -> Result<Outcome> {
    let repo = cx.repo()?;
    let now = cx.clock(&repo)?.now();
    let lang = cx.lang(&repo);
    let tz = repo.config.timezone;
    let (until, within) = window(&args.within, now, &repo, lang)?;
    let (loaded, unreadable) = load_shown(&repo, now, until);
    with_view(&repo, &loaded, now, until, args.include_confidential, lang, |v| -> Result<()> {
        let mut out = super::stdout();
        match args.format {
            RemindFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&v.json(args.within.trim(), tz))?)?,
            RemindFormat::Text => write!(out, "{}", v.text(&within, lang, tz, false))?,
            RemindFormat::Markdown => write!(out, "{}", v.text(&within, lang, tz, true))?,
        }
        out.flush()?;
        Ok(())
    })?;
    notes(cx, lang, loaded.problems.len(), unreadable);
    Ok(Outcome::Success)
}

/// The records `remind` and `notify` can show, the others freed as they
/// are read: those with an open item overdue or due before `until`, open
/// records of a type that must be acknowledged (unacknowledged, waiting
/// for confirmation), and stale ones — every part of the [`View`]. With
/// the number of items, of all records, without a deadline or a status
/// (for the note pointing to `comms validate`).
pub(crate) fn load_shown(
    repo: &Repo,
    now: crate::model::time::Instant,
    until: crate::model::time::Instant,
) -> (crate::store::repo::Loaded, usize) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let cx = crate::check::rules::RuleContext { catalog: &repo.catalog, config: &repo.config };
    let unreadable = AtomicUsize::new(0);
    let loaded = repo.load_where(|r| {
        let items = || crate::report::tracking::iter_items(std::slice::from_ref(r), now);
        let n = items().filter(super::status::unreadable).count();
        unreadable.fetch_add(n, Ordering::Relaxed);
        let open = r.status.is_none_or(|s| s.is_open());
        items().any(|i| i.is_open() && (i.overdue || i.deadline.is_some_and(|d| d < until)))
            || (open && digest::must_acknowledge(&repo.config, &repo.catalog, &r.rtype))
            || (!r.archived && crate::check::rules::record_staleness(r, &cx, now).is_some())
    });
    (loaded, unreadable.into_inner())
}

/// Where `--within` ends, and its words for people (`1天`, `2个工作日`).
pub(crate) fn window(
    within: &str,
    now: crate::model::time::Instant,
    repo: &Repo,
    lang: Lang,
) -> Result<(crate::model::time::Instant, String)> {
    let until = until(now, within, &repo.config).map_err(|m| anyhow!("--within {m}"))?;
    let label = match Span::parse(within) {
        Ok(span @ Span::Workdays(_)) => span_label(span, lang),
        _ => listing::duration(until.0 - now.0, lang),
    };
    Ok((until, label))
}

/// What `remind` shows: the digest, the records waiting for confirmation
/// and the stale ones — as others may see them (confidential records
/// redacted unless `include_confidential`). `notify` sends the same.
#[derive(Clone)]
pub(crate) struct View<'a> {
    pub digest: Digest<'a>,
    pub waiting: Vec<Waiting<'a>>,
    pub stale: Vec<crate::report::stale::Stale<'a>>,
}

/// Builds the [`View`] of `loaded` and hands it to `f`.
pub(crate) fn with_view<R>(
    repo: &Repo,
    loaded: &crate::store::repo::Loaded,
    now: crate::model::time::Instant,
    until: crate::model::time::Instant,
    include_confidential: bool,
    lang: Lang,
    f: impl FnOnce(&View) -> R,
) -> R {
    // Which records are stale or unconfirmed is read from their files; what
    // is shown of them is the records as others may see them (confidential
    // ones redacted, unless --include-confidential).
    // (Most repositories have no confidential record: nothing is copied.)
    type Redacted<'r> = Option<(Vec<Record>, std::collections::HashMap<&'r std::path::Path, usize>)>;
    let redacted: Redacted = (!include_confidential && loaded.records.iter().any(|r| r.confidential)).then(|| {
        let mut shown = loaded.records.clone();
        crate::model::classification::redact(&mut shown, &tr!(lang, "confidential-subject"));
        (shown, loaded.records.iter().enumerate().map(|(i, r)| (r.path.as_path(), i)).collect())
    });
    let shown: &[Record] = redacted.as_ref().map_or(&loaded.records, |(s, _)| s);
    fn pick<'a>(redacted: &'a Redacted, r: &'a Record) -> &'a Record {
        match redacted {
            Some((s, at)) => &s[at[r.path.as_path()]],
            None => r,
        }
    }
    let shown_of = |r| pick(&redacted, r);
    let digest = digest::build(shown, now, until, &repo.config, &repo.catalog);
    let stale: Vec<crate::report::stale::Stale> = crate::report::stale::find(repo, &loaded.records, now)
        .into_iter()
        .map(|s| crate::report::stale::Stale { record: shown_of(s.record), staleness: s.staleness })
        .collect();
    let waiting: Vec<Waiting> =
        unconfirmed(repo, &loaded.records).into_iter().map(|w| Waiting { record: shown_of(w.record), ..w }).collect();
    f(&View { digest, waiting, stale })
}

impl<'a> View<'a> {
    /// Whether there is nothing to chase.
    pub fn is_empty(&self) -> bool {
        self.digest.totals().items == 0 && self.waiting.is_empty() && self.stale.is_empty()
    }

    /// The whole of it as plain text or Markdown, as `remind` prints it.
    pub fn text(&self, within: &str, lang: Lang, tz: chrono_tz::Tz, md: bool) -> String {
        let now = self.digest.now;
        text(&self.digest, within, lang, tz, md)
            + &waiting_text(&self.waiting, lang, md)
            + &stale_text(&self.stale, now, lang, tz, md)
    }

    /// The JSON contract of `remind --format json`.
    pub fn json(&self, within: &str, tz: chrono_tz::Tz) -> JsonDigest {
        let now = self.digest.now;
        let mut j = json(&self.digest, within, tz);
        j.stale = self.stale.iter().map(|s| json_stale(s, now, tz)).collect();
        j.unconfirmed = self
            .waiting
            .iter()
            .map(|w| JsonUnconfirmed {
                id: w.record.id.to_string(),
                path: display_path(&w.record.path),
                subject: w.record.subject.to_string(),
                owner: Some(w.record.owner.to_string()).filter(|o| !o.is_empty()),
                acks_expected: w.expected,
                acks_missing: w.missing.clone(),
            })
            .collect();
        j
    }

    /// The people it chases, each once (directory names), in the order
    /// they first appear: the owners of the digest's items, the people an
    /// escalation step chases, whoever has still to confirm, the owners of
    /// stale records.
    pub fn chased(&self, people: &crate::model::people::Directory) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        let mut add = |name: &str| {
            let name = people.canonical(name);
            if !name.trim().is_empty() && !out.iter().any(|o| people.same_person(o, name)) {
                out.push(name.trim().to_string());
            }
        };
        for g in &self.digest.groups {
            add(&g.owner);
            for e in &g.entries {
                for w in e.escalation.iter().flat_map(|c| &c.chase) {
                    add(&w.name);
                }
            }
        }
        for w in &self.waiting {
            w.missing.iter().for_each(|n| add(n));
        }
        for s in &self.stale {
            add(&s.record.owner);
        }
        out
    }

    /// The part of it that chases `person`: their own items, the items an
    /// escalation step chases them for, the records they have still to
    /// confirm, their stale records.
    pub fn for_person(&self, person: &str, people: &crate::model::people::Directory) -> View<'a> {
        let me = |name: &str| people.same_person(name, person);
        let mut v = self.clone();
        for g in &mut v.digest.groups {
            let own = me(&g.owner);
            g.entries.retain(|e| own || e.escalation.iter().flat_map(|c| &c.chase).any(|w| me(&w.name)));
        }
        v.digest.groups.retain(|g| !g.entries.is_empty());
        v.waiting.retain(|w| w.missing.iter().any(|n| me(n)));
        v.stale.retain(|s| me(&s.record.owner));
        v
    }
}

/// An open record of a type that must be confirmed, with people still to
/// confirm it: whom to chase.
#[derive(Clone)]
pub(crate) struct Waiting<'a> {
    record: &'a Record,
    /// How many people are expected to confirm it.
    expected: usize,
    /// Who has not, in the record's order.
    missing: Vec<String>,
}

/// The open records of types that must be confirmed (`acknowledge: true`,
/// or listed in `ack_within`) with expected confirmers who have not
/// confirmed, by id: each record's coverage as the reading found it
/// ([`Record::addressed`]), no file read again.
fn unconfirmed<'a>(repo: &Repo, records: &'a [Record]) -> Vec<Waiting<'a>> {
    let mut out: Vec<Waiting<'a>> = records
        .iter()
        .filter(|r| !r.archived && r.status.is_some_and(|s| s.is_open()))
        .filter(|r| digest::must_acknowledge(&repo.config, &repo.catalog, &r.rtype))
        .filter_map(|r| {
            let p = &r.addressed;
            let missing: Vec<String> = p.missing(&repo.config.people).map(str::to_string).collect();
            (!missing.is_empty()).then_some(Waiting { record: r, expected: p.expected(), missing })
        })
        .collect();
    out.sort_by(|a, b| a.record.id.cmp(&b.record.id));
    out
}

/// The records waiting for confirmation, after the digest: one line each
/// with who has not confirmed. Nothing when there are none.
fn waiting_text(waiting: &[Waiting], lang: Lang, md: bool) -> String {
    if waiting.is_empty() {
        return String::new();
    }
    let esc = |s: &str| if md { md_escape(s) } else { one_line(s) };
    let sep = tr!(lang, "confirm-names-separator");
    let title = tr!(lang, "remind-unconfirmed-title", count = waiting.len());
    let mut out = if md { format!("\n### {}\n\n", esc(&title)) } else { format!("\n{title}\n") };
    for w in waiting {
        let id = if md { format!("`{}`", w.record.id) } else { w.record.id.to_string() };
        let names: Vec<String> = w.missing.iter().map(|n| esc(n)).collect();
        let line = tr!(
            lang,
            "remind-unconfirmed-item",
            subject = esc(&w.record.subject),
            id = id,
            confirmed = w.expected.saturating_sub(w.missing.len()),
            expected = w.expected,
            names = names.join(&sep)
        );
        out.push_str(&format!("- {line}\n"));
    }
    out
}

/// The words every item of the digest uses, looked up once.
struct Words {
    separator: String,
    no_owner: String,
    not_acknowledged: String,
    owner: String,
    people_separator: String,
}

impl Words {
    fn new(lang: Lang) -> Words {
        Words {
            separator: tr!(lang, "remind-separator"),
            no_owner: tr!(lang, "remind-no-owner"),
            not_acknowledged: tr!(lang, "remind-not-acknowledged"),
            owner: tr!(lang, "remind-step-owner"),
            people_separator: tr!(lang, "remind-step-people-separator"),
        }
    }
}

/// The digest as plain text or Markdown.
fn text(d: &Digest, within: &str, lang: Lang, tz: chrono_tz::Tz, md: bool) -> String {
    let esc = |s: &str| if md { md_escape(s) } else { one_line(s) };
    let words = Words::new(lang);
    let now = d.now.display(tz);
    let t = d.totals();
    let mut out = String::new();
    let title = tr!(lang, "remind-title", now = &now);
    if md {
        out.push_str(&format!("## {title}\n\n"));
    }
    let summary =
        if t.items == 0 { tr!(lang, "remind-nothing", within = within) } else { counts(t, within, lang, md, &words) };
    if md {
        out.push_str(&format!("{summary}\n"));
    } else {
        let headline = tr!(lang, "remind-headline", title = &title, now = &now, summary = &summary);
        out.push_str(&format!("{headline}\n"));
    }
    if t.items == 0 {
        return out;
    }
    for g in &d.groups {
        out.push('\n');
        let who = match (&g.department, g.owner.is_empty()) {
            (_, true) => words.no_owner.clone(),
            (Some(dep), false) => tr!(lang, "remind-owner-department", owner = &g.owner, department = dep),
            (None, false) => tr!(lang, "remind-owner", owner = &g.owner),
        };
        if md {
            out.push_str(&format!("### {}\n\n", esc(&who)));
        } else {
            out.push_str(&format!("{who}\n"));
        }
        for e in &g.entries {
            out.push_str(&format!("- {}\n", entry(e, d.now, lang, tz, md, &words, &esc)));
            if let Some(c) = &e.escalation {
                let line = step_line(c, lang, &words, &esc);
                out.push_str(&if md { format!("  - {line}\n") } else { format!("  ↳ {line}\n") });
            }
        }
    }
    out.push('\n');
    let footer = tr!(lang, "remind-footer");
    if md {
        out.push_str(&format!("---\n\n{footer}\n"));
    } else {
        out.push_str(&format!("{footer}\n"));
    }
    out
}

fn counts(t: Totals, within: &str, lang: Lang, md: bool, words: &Words) -> String {
    let n = |k: usize| if md { format!("**{k}**") } else { k.to_string() };
    let mut parts = Vec::new();
    if t.overdue > 0 {
        parts.push(tr!(lang, "remind-count-overdue", n = n(t.overdue)));
    }
    if t.due_soon > 0 {
        parts.push(tr!(lang, "remind-count-due-soon", n = n(t.due_soon), within = within));
    }
    if t.unacknowledged > 0 {
        parts.push(tr!(lang, "remind-count-unacknowledged", n = n(t.unacknowledged), count = t.unacknowledged));
    }
    let sep = if md { " · " } else { &words.separator };
    parts.join(sep) + &tr!(lang, "remind-end")
}

/// One line: `[逾期 16小时] 【紧急】… — 截止 … · 20261121-7f3a · 未确认已读`.
fn entry(
    e: &Entry,
    now: crate::model::time::Instant,
    lang: Lang,
    tz: chrono_tz::Tz,
    md: bool,
    words: &Words,
    esc: &dyn Fn(&str) -> String,
) -> String {
    let i = &e.item;
    let mut tags = Vec::new();
    let due = listing::due(i.due(now), lang);
    if !due.is_empty() && (i.overdue || e.due_soon) {
        tags.push(due);
    }
    if e.unacknowledged {
        tags.push(words.not_acknowledged.clone());
    }
    let tag = if tags.is_empty() {
        String::new()
    } else if md {
        format!("**{}** ", tags.join(" · "))
    } else {
        format!("[{}] ", tags.join(&words.separator))
    };
    let mut subject = esc(i.subject);
    if i.kind == Kind::Action {
        let parent = esc(&i.record.subject);
        subject = tr!(lang, "remind-action-item", subject = subject, parent = parent);
    }
    let deadline = i.deadline.map_or_else(|| "?".to_string(), |d| d.display(tz));
    let id = if md { format!("`{}`", i.id()) } else { i.id() };
    tr!(lang, "remind-item", tag = tag, subject = subject, deadline = deadline, id = id)
}

/// A span for people: `4小时`, `2个工作日` / `4h`, `2 working days`.
fn span_label(span: Span, lang: Lang) -> String {
    match span {
        Span::Fixed(d) => listing::duration(d, lang),
        Span::Workdays(n) => tr!(lang, "remind-workdays", count = n),
    }
}

/// The ladder step of an overdue item: `催办第 2/3 级(逾期满 4小时):黄磊(部门负责人) · 催办人 林晓(协调人)`.
fn step_line(c: &escalation::Current, lang: Lang, words: &Words, esc: &dyn Fn(&str) -> String) -> String {
    let people = |list: &[escalation::Who]| -> String {
        if list.is_empty() {
            return words.no_owner.clone();
        }
        let shown: Vec<String> = list
            .iter()
            .map(|w| {
                let role =
                    w.role.as_deref().map(|r| if r == crate::model::config::OWNER { words.owner.as_str() } else { r });
                match role {
                    Some(r) => tr!(lang, "remind-step-person", name = esc(&w.name), role = esc(r)),
                    None => esc(&w.name),
                }
            })
            .collect();
        shown.join(&words.people_separator)
    };
    let since = if c.after.is_zero() {
        tr!(lang, "remind-step-since-deadline")
    } else {
        tr!(lang, "remind-step-since", span = span_label(c.after, lang))
    };
    let by = if c.by.is_empty() { String::new() } else { tr!(lang, "remind-step-by", people = people(&c.by)) };
    tr!(lang, "remind-step", step = c.step, steps = c.steps, since = since, chase = people(&c.chase), by = by)
}

/// Records not updated as often as their type asks (`update_every`),
/// after the digest: `未更新进度` and one line each.
fn stale_text(
    stale: &[crate::report::stale::Stale],
    now: crate::model::time::Instant,
    lang: Lang,
    tz: chrono_tz::Tz,
    md: bool,
) -> String {
    if stale.is_empty() {
        return String::new();
    }
    let esc = |s: &str| if md { md_escape(s) } else { one_line(s) };
    let heading = tr!(lang, "remind-stale-heading", count = stale.len());
    let mut out = if md { format!("\n### {heading}\n\n") } else { format!("\n{heading}\n") };
    for s in stale {
        let r = s.record;
        let id = if md { format!("`{}`", r.id) } else { r.id.to_string() };
        let line = tr!(
            lang,
            "remind-stale-item",
            subject = esc(&r.subject),
            owner = esc(&r.owner),
            last = s.staleness.last.display(tz),
            ago = listing::duration(now.0 - s.staleness.last.0, lang),
            every = span_label(s.staleness.every, lang),
            id = id
        );
        out.push_str(&format!("- {line}\n"));
    }
    out
}

#[derive(Serialize)]
struct JsonStale {
    id: String,
    subject: String,
    owner: Option<String>,
    status: Option<crate::model::record::Status>,
    last_update: String,
    last_update_is_log: bool,
    hours_since_update: i64,
    update_every: String,
    path: String,
}

fn json_stale(s: &crate::report::stale::Stale, now: crate::model::time::Instant, tz: chrono_tz::Tz) -> JsonStale {
    let r = s.record;
    JsonStale {
        id: r.id.to_string(),
        subject: r.subject.to_string(),
        owner: Some(r.owner.to_string()).filter(|o| !o.is_empty()),
        status: r.status,
        last_update: s.staleness.last.display(tz),
        last_update_is_log: s.staleness.logged,
        hours_since_update: (now.0 - s.staleness.last.0).num_hours(),
        update_every: s.staleness.every.to_string(),
        path: crate::model::record::display_path(&r.path),
    }
}

#[derive(Serialize)]
pub(crate) struct JsonDigest {
    now: String,
    within: String,
    until: String,
    totals: JsonTotals,
    owners: Vec<JsonGroup>,
    /// Records not updated within their type's `update_every`.
    stale: Vec<JsonStale>,
    /// Open records of types that must be confirmed, with who has not.
    unconfirmed: Vec<JsonUnconfirmed>,
}

#[derive(Serialize)]
struct JsonUnconfirmed {
    id: String,
    path: String,
    subject: String,
    owner: Option<String>,
    acks_expected: usize,
    acks_missing: Vec<String>,
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
        stale: Vec::new(),
        unconfirmed: Vec::new(),
    }
}

//! Validating a set of records: per-file rules in parallel, then the
//! repository-wide ones (duplicate ids) across every record.

use std::collections::{HashMap, HashSet};

use crate::check::rules::{self, RuleContext};
use crate::model::diagnostic::{Code, Diagnostic, Tally};
use crate::model::record::{Document, display_path};
use crate::model::time::Instant;
use crate::store::repo::{RecordFile, Repo};

/// The result of validating.
#[derive(Clone, Debug, Default)]
pub struct Outcome {
    pub files_checked: usize,
    /// Sorted by path, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Outcome {
    pub fn tally(&self) -> Tally {
        Tally::of(&self.diagnostics)
    }
}

/// Checks `targets`; `context` are the repository's other records, whose ids
/// count for `duplicate-id` but whose own findings are not reported. `now`
/// is for the rules that depend on the time (`unacknowledged`, `unconfirmed`,
/// `stale`, `minutes-not-sent`, `no-response`).
pub fn validate(
    repo: &Repo,
    targets: &[RecordFile],
    context: &[RecordFile],
    walk_problems: Vec<Diagnostic>,
    now: Instant,
) -> Outcome {
    let cx = RuleContext { catalog: &repo.catalog, config: &repo.config };
    let checked: Vec<Checked> = repo.scan(targets, |_, doc| match doc {
        Ok(doc) => (check_document(&doc, &cx, now), id_of(&doc), rules::about(&doc, &cx).map(Box::new)),
        Err(d) => (vec![*d], None, None),
    });
    // Checking the whole repository (the common case) leaves no others:
    // no set of 100,000 paths to build.
    let others: Vec<RecordFile> = if std::ptr::eq(targets, context) {
        Vec::new()
    } else {
        let target_set: HashSet<&RecordFile> = targets.iter().collect();
        context.iter().filter(|f| !target_set.contains(f)).cloned().collect()
    };
    let other_ids: Vec<Option<IdAt>> = repo.scan(&others, |_, doc| doc.ok().and_then(|d| id_of(&d)));

    let mut diagnostics = walk_problems;
    let mut ids: Vec<(&RecordFile, IdAt)> = Vec::new();
    let mut abouts: Vec<About> = Vec::new();
    for ((diags, id, about), file) in checked.into_iter().zip(targets) {
        diagnostics.extend(diags);
        ids.extend(id.map(|id| (file, id)));
        abouts.extend(about.map(|a| *a));
    }
    let reported = ids.len();
    ids.extend(others.iter().zip(other_ids).filter_map(|(f, id)| id.map(|id| (f, id))));

    // Diagnostics only for the ids used more than once: at 100,000 records
    // a full diagnostic per id would be tens of megabytes.
    let mut count: HashMap<&str, usize> = HashMap::with_capacity(ids.len());
    for (_, at) in &ids {
        *count.entry(&at.id).or_default() += 1;
    }
    let mut shared: Vec<(String, Diagnostic)> = Vec::new();
    // Only the checked files are reported; the others are only named.
    let mut checked_paths: HashSet<String> = HashSet::new();
    for (i, (file, at)) in ids.iter().enumerate() {
        if count.get(&*at.id).is_none_or(|&n| n < 2) {
            continue;
        }
        let path = display_path(&file.rel);
        let mut d = at.place(&path);
        d.source_line = line_of(&repo.abs(&file.rel), at.line);
        if i < reported {
            checked_paths.insert(path);
        }
        shared.push((at.id.to_string(), d));
    }
    diagnostics.extend(rules::duplicate_ids(&shared).into_iter().filter(|d| checked_paths.contains(&d.path)));
    // `unknown-about`: an `about` that is no channel is a record's id.
    diagnostics.extend(abouts.into_iter().filter(|(text, _)| !count.contains_key(text.as_str())).map(|(_, d)| d));
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code)));
    Outcome { files_checked: targets.len(), diagnostics }
}

/// Every per-record rule on one document, the time-dependent ones at
/// `now`: what `validate` reports for a file before the repository-wide
/// rules (the language server checks an unsaved buffer with it).
pub fn check_document(doc: &Document, cx: &RuleContext, now: Instant) -> Vec<Diagnostic> {
    let mut diags = rules::check(doc, cx);
    diags.extend(rules::unacknowledged(doc, cx, now));
    diags.extend(rules::stale(doc, cx, now));
    diags.extend(rules::unconfirmed(doc, cx, now));
    diags.extend(rules::minutes_not_sent(doc, cx, now));
    diags.extend(rules::no_response(doc, cx, now));
    diags
}

/// `duplicate-id` for the targets whose id a record of another revision
/// already uses: `taken` holds `(path, id)` of the records `base` gained
/// after this branch was made (see `comms check --base`), which a merge
/// would bring in beside the targets.
pub fn duplicates_on(repo: &Repo, targets: &[RecordFile], taken: &[(String, String)], base: &str) -> Vec<Diagnostic> {
    if taken.is_empty() {
        return Vec::new();
    }
    let mut by_id: HashMap<&str, Vec<&str>> = HashMap::new();
    for (path, id) in taken {
        by_id.entry(id.as_str()).or_default().push(path.as_str());
    }
    let found: Vec<Option<(String, IdAt)>> =
        repo.scan(targets, |file, doc| doc.ok().and_then(|d| id_of(&d)).map(|id| (display_path(&file.rel), id)));
    let mut out = Vec::new();
    for (path, at) in found.into_iter().flatten() {
        let Some(others) = by_id.get(&*at.id) else { continue };
        let others: Vec<&str> = others.iter().copied().filter(|p| *p != path).collect();
        if others.is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            Code::DuplicateId,
            &path,
            at.line,
            at.col,
            format!(
                "id `{}` is also used by {} on `{base}` (added there after this branch was made; merging would bring in both)",
                at.id,
                others.join(", ")
            ),
        )
        .width(at.width as usize);
        d.help = Some("give this record a new id; `comms new` makes ids that do not collide".into());
        d.source_line = line_of(&repo.abs(std::path::Path::new(&path)), at.line);
        out.push(d);
    }
    out
}

/// The id written in a record's bytes, if it reads as one.
pub fn id_in(path: &std::path::Path, bytes: Vec<u8>) -> Option<String> {
    let doc = Document::parse(path, bytes).ok()?;
    id_of(&doc).map(|at| at.id.into_string())
}

/// An `about` that names no channel, and its `unknown-about` should it
/// name no record either.
type About = (String, Diagnostic);

/// What checking one file leaves until every file is checked: its
/// diagnostics, its id and an `about`. One per file, so kept small: the
/// `about` (rare, and a diagnostic's size) is boxed.
type Checked = (Vec<Diagnostic>, Option<IdAt>, Option<Box<About>>);

/// Where a record's id is, for `duplicate-id`: small, because every
/// record has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IdAt {
    pub id: Box<str>,
    pub line: u32,
    pub col: u32,
    /// Characters to underline.
    pub width: u32,
}

impl IdAt {
    /// The place of this id in `path`, as the diagnostic `duplicate-id`
    /// starts from (see [`rules::duplicate_ids`]).
    pub fn place(&self, path: &str) -> Diagnostic {
        Diagnostic::new(Code::DuplicateId, path, self.line, self.col, "").width(self.width as usize)
    }
}

/// A document's id and where it is written.
pub fn id_of(doc: &Document) -> Option<IdAt> {
    let e = doc.root.get("id")?;
    let id = e.value.as_str()?.trim();
    if id.is_empty() {
        return None;
    }
    let span = e.value.span;
    let width = if span.end.line == span.start.line { span.end.col.saturating_sub(span.start.col) } else { 1 };
    Some(IdAt { id: id.into(), line: span.start.line, col: span.start.col, width })
}

/// Line `line` of a file, for a diagnostic's snippet.
fn line_of(path: &std::path::Path, line: u32) -> Option<String> {
    let text = std::fs::read_to_string(path).ok()?;
    let l = text.trim_start_matches('\u{feff}').split('\n').nth(line.saturating_sub(1) as usize)?;
    Some(l.strip_suffix('\r').unwrap_or(l).to_string())
}

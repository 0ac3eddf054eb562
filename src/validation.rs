//! Validating a set of records: per-file rules in parallel, then the
//! repository-wide ones (duplicate ids) across every record.

use std::collections::HashSet;

use crate::diagnostic::{Diagnostic, Tally};
use crate::record::Document;
use crate::repo::{RecordFile, Repo};
use crate::rules::{self, RuleContext};

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
/// count for `duplicate-id` but whose own findings are not reported.
pub fn validate(
    repo: &Repo,
    targets: &[RecordFile],
    context: &[RecordFile],
    walk_problems: Vec<Diagnostic>,
) -> Outcome {
    let cx = RuleContext { catalog: &repo.catalog, config: &repo.config };
    let checked: Vec<(Vec<Diagnostic>, Option<IdAt>)> = repo.scan(targets, |_, doc| match doc {
        Ok(doc) => {
            let diags = rules::check(&doc, &cx);
            (diags, id_of(&doc))
        }
        Err(d) => (vec![*d], None),
    });
    let target_set: HashSet<&RecordFile> = targets.iter().collect();
    let others: Vec<RecordFile> = context.iter().filter(|f| !target_set.contains(f)).cloned().collect();
    let other_ids: Vec<Option<IdAt>> = repo.scan(&others, |_, doc| doc.ok().and_then(|d| id_of(&d)));

    let mut diagnostics = walk_problems;
    let mut ids = Vec::new();
    for (diags, id) in checked {
        diagnostics.extend(diags);
        ids.extend(id);
    }
    let reported: HashSet<String> = ids.iter().map(|(_, d)| d.path.clone()).collect();
    ids.extend(other_ids.into_iter().flatten());
    diagnostics.extend(rules::duplicate_ids(&ids).into_iter().filter(|d| reported.contains(&d.path)));
    diagnostics.sort_by(|a, b| (&a.path, a.line, a.column, a.code).cmp(&(&b.path, b.line, b.column, b.code)));
    Outcome { files_checked: targets.len(), diagnostics }
}

/// An id and a diagnostic pointing at it, for `duplicate-id`.
type IdAt = (String, Diagnostic);

/// A document's id with a diagnostic pointing at it.
fn id_of(doc: &Document) -> Option<IdAt> {
    let e = doc.root.get("id")?;
    let id = e.value.as_str()?.trim();
    if id.is_empty() {
        return None;
    }
    Some((id.to_string(), doc.diag_span("duplicate-id", e.value.span, "")))
}

//! Records whose progress is not logged as often as their type asks
//! (`update_every`; the rule `stale`), for `comms remind`.

use crate::check::rules::{self, RuleContext, Staleness};
use crate::model::record::{Record, Status};
use crate::model::time::Instant;
use crate::store::repo::{RecordFile, Repo};

/// A stale record.
#[derive(Clone, Debug)]
pub struct Stale<'r> {
    pub record: &'r Record,
    pub staleness: Staleness,
}

/// The stale records among `records` at `now`, longest without an update
/// first. Only records that can be stale (in progress or delayed, of a
/// type with `update_every`, not archived) are read again from disk.
pub fn find<'r>(repo: &Repo, records: &'r [Record], now: Instant) -> Vec<Stale<'r>> {
    let candidates: Vec<&Record> = records
        .iter()
        .filter(|r| !r.archived && matches!(r.status, Some(Status::InProgress | Status::Delayed)))
        .filter(|r| repo.catalog.get(&r.rtype).is_some_and(|t| t.update_every.is_some()))
        .collect();
    let files: Vec<RecordFile> =
        candidates.iter().map(|r| RecordFile { rel: r.path.clone(), archived: r.archived }).collect();
    let cx = RuleContext { catalog: &repo.catalog, config: &repo.config };
    let found = repo.scan(&files, |_, doc| doc.ok().and_then(|d| rules::staleness(&d, &cx, now)));
    let mut out: Vec<Stale> = candidates
        .into_iter()
        .zip(found)
        .filter_map(|(record, s)| s.map(|staleness| Stale { record, staleness }))
        .collect();
    out.sort_by(|a, b| (a.staleness.last, &a.record.id).cmp(&(b.staleness.last, &b.record.id)));
    out
}

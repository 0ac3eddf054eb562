//! Records whose progress is not logged as often as their type asks
//! (`update_every`; the rule `stale`), for `comms remind`.

use crate::check::rules::{self, RuleContext, Staleness};
use crate::model::record::Record;
use crate::model::time::Instant;
use crate::store::repo::Repo;

/// A stale record.
#[derive(Clone, Debug)]
pub struct Stale<'r> {
    pub record: &'r Record,
    pub staleness: Staleness,
}

/// The stale records among `records` at `now`, longest without an update
/// first. Archived records are never stale.
pub fn find<'r>(repo: &Repo, records: &'r [Record], now: Instant) -> Vec<Stale<'r>> {
    let cx = RuleContext { catalog: &repo.catalog, config: &repo.config };
    let mut out: Vec<Stale> = records
        .iter()
        .filter(|r| !r.archived)
        .filter_map(|record| rules::record_staleness(record, &cx, now).map(|staleness| Stale { record, staleness }))
        .collect();
    out.sort_by(|a, b| (a.staleness.last, &a.record.id).cmp(&(b.staleness.last, &b.record.id)));
    out
}

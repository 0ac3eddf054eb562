//! Integration tests: the real `comms` binary on real temporary
//! repositories (real files, real git), with the clock fixed by `--now`.

mod harness;

mod approval;
mod architecture;
mod archive;
mod cache;
mod check;
mod classify;
mod close;
mod cold;
mod confirm;
mod containment;
mod doc_examples;
mod docs;
mod ecosystem;
mod edit_props;
mod edits;
mod escalation;
mod export;
mod histcache;
mod history;
mod html;
mod idindex;
mod init;
mod lang;
mod lsp;
mod measures;
mod minutes;
mod new;
#[cfg(feature = "notify")]
mod notify;
mod org;
mod parse_edit;
mod people;
mod remind;
mod report;
mod robustness;
mod sarif;
mod show;
mod sla;
mod status;
mod templates;
mod tracked;
mod validate;
mod workdays;
mod yaml_fast;

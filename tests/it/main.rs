//! Integration tests: the real `comms` binary on real temporary
//! repositories (real files, real git), with the clock fixed by `--now`.

mod harness;

mod docs;
mod edit_props;
mod edits;
mod init;
mod new;
mod remind;
mod show;
mod status;
mod templates;
mod tracked;
mod validate;

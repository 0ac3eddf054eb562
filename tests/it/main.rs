//! Integration tests: the real `comms` binary on real temporary
//! repositories (real files, real git), with the clock fixed by `--now`.

mod harness;

mod archive;
mod check;
mod docs;
mod ecosystem;
mod history;
mod init;
mod new;
mod report;
mod templates;
mod validate;

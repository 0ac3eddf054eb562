//! Integration tests: the real `comms` binary on real temporary
//! repositories (real files, real git), with the clock fixed by `--now`.

mod harness;

mod check;
mod docs;
mod ecosystem;
mod init;
mod new;
mod templates;
mod validate;

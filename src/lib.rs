//! `comms` keeps an organisation's communication records as Markdown files
//! with YAML front matter in a git repository, and holds them to the
//! written standards the team already follows.
//!
//! The crate is a library with a thin binary: [`run`] parses arguments
//! ([`cli`]), dispatches to one module per command under [`commands`], and
//! turns the result into an exit status. Below the commands, one folder
//! per layer, each importing only the layers under it (docs/architecture.md):
//!
//! - [`model`]: the records and their settings, knowing nothing above them;
//! - [`check`]: the rules and validation;
//! - [`edit`]: changing a record in place;
//! - [`store`]: the repository on disk and in git;
//! - [`report`]: what is computed from records (due items, escalation,
//!   metrics, calendar, schema);
//! - [`render`]: turning results into text. Nothing below it prints.

pub mod check;
pub mod cli;
pub mod commands;
pub mod context;
pub mod edit;
pub mod error;
pub mod i18n;
pub mod lsp;
pub mod model;
pub mod notify;
pub mod render;
pub mod report;
pub mod store;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::Parser;

/// How a command ended, when it did not fail.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: records break rules.
    Findings,
}

/// Runs `comms` with these arguments and returns the exit status:
/// 0 success, 1 records break rules, 2 usage errors and failures.
pub fn run(args: impl IntoIterator<Item = OsString>) -> ExitCode {
    let args: Vec<OsString> = args.into_iter().collect();
    // The shell asking for completions (`COMPLETE=bash comms -- comms …`,
    // from the script `comms completions` prints): answer and stop.
    let cwd = std::env::current_dir().ok();
    match clap_complete::CompleteEnv::with_factory(<cli::Cli as clap::CommandFactory>::command)
        .var(commands::completions::VAR)
        .try_complete(args.iter().cloned(), cwd.as_deref())
    {
        Ok(true) => return ExitCode::SUCCESS,
        Ok(false) => {}
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(2);
        }
    }
    let cli = match cli::Cli::try_parse_from(args) {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.global.color {
        cli::ColorChoice::Always => anstream::ColorChoice::Always.write_global(),
        cli::ColorChoice::Never => anstream::ColorChoice::Never.write_global(),
        cli::ColorChoice::Auto => {}
    }
    match commands::dispatch(cli) {
        Ok(Outcome::Success) => ExitCode::SUCCESS,
        Ok(Outcome::Findings) => ExitCode::from(1),
        Err(e) => {
            // A closed pipe (`comms status | head`) is not an error.
            if e.chain().any(|c| {
                c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            }) {
                return ExitCode::SUCCESS;
            }
            anstream::eprintln!("{} {e:#}", render::paint(render::ERROR, "error:"));
            ExitCode::from(2)
        }
    }
}

//! `comms completions SHELL`: a completion script from the clap definitions.

use anyhow::Result;
use clap::CommandFactory;

use crate::Outcome;
use crate::cli::{Cli, CompletionsArgs};

pub fn run(args: CompletionsArgs) -> Result<Outcome> {
    let mut cmd = Cli::command();
    let mut out = std::io::stdout();
    clap_complete::generate(args.shell, &mut cmd, "comms", &mut out);
    Ok(Outcome::Success)
}

//! `comms completions SHELL`: the shell's completion script, and the
//! completions it asks `comms` for while you type.
//!
//! The script is clap's dynamic one: on Tab the shell runs `COMPLETE=SHELL
//! comms -- comms …` and `comms` answers with the candidates, reading the
//! repository of the current folder — so record ids (`comms show 2026…`,
//! or the random part, `comms show 7f`) and people (`--owner`, `--by`)
//! complete as well as commands and options. The completers themselves
//! are in [`crate::cli::complete`], beside the arguments they complete.

use std::io::Write;

use anyhow::Result;
use clap_complete::env::EnvCompleter;

use crate::Outcome;
use crate::cli::CompletionsArgs;

/// The environment variable the script sets when it asks for candidates.
pub const VAR: &str = "COMPLETE";

pub fn run(args: CompletionsArgs) -> Result<Outcome> {
    let shell: &dyn EnvCompleter = match args.shell {
        clap_complete::Shell::Bash => &clap_complete::env::Bash,
        clap_complete::Shell::Zsh => &clap_complete::env::Zsh,
        clap_complete::Shell::Fish => &clap_complete::env::Fish,
        clap_complete::Shell::Elvish => &clap_complete::env::Elvish,
        clap_complete::Shell::PowerShell => &clap_complete::env::Powershell,
        _ => anyhow::bail!("no completion script for this shell; use bash, zsh, fish, elvish or powershell"),
    };
    let mut out = std::io::stdout();
    // `comms` from PATH answers: the script keeps working after an upgrade
    // or a move of the binary.
    shell.write_registration(VAR, "comms", "comms", "comms", &mut out)?;
    out.flush()?;
    Ok(Outcome::Success)
}

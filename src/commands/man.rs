//! `comms man`: the man page, from the clap definitions.

use anyhow::{Result, anyhow};
use clap::CommandFactory;

use crate::Outcome;
use crate::cli::{Cli, ManArgs};

pub fn run(args: ManArgs) -> Result<Outcome> {
    let cmd = Cli::command();
    let page = match &args.command {
        None => cmd,
        Some(name) => {
            let names: Vec<String> = cmd.get_subcommands().map(|s| s.get_name().to_string()).collect();
            let sub = cmd.find_subcommand(name).cloned().ok_or_else(|| {
                match crate::suggest::closest(name, names.iter().map(String::as_str)) {
                    Some(best) => anyhow!("no command `{name}`; did you mean `{best}`?"),
                    None => anyhow!("no command `{name}`; the commands are {}", names.join(", ")),
                }
            })?;
            sub.name(format!("comms-{name}"))
        }
    };
    let mut out = std::io::stdout();
    clap_mangen::Man::new(page).render(&mut out)?;
    Ok(Outcome::Success)
}

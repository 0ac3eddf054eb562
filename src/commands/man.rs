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
                match crate::model::suggest::closest(name, names.iter().map(String::as_str)) {
                    Some(best) => anyhow!("no command `{name}`; did you mean `{best}`?"),
                    None => anyhow!("no command `{name}`; the commands are {}", names.join(", ")),
                }
            })?;
            sub.name(format!("comms-{name}"))
        }
    };
    // groff reads Latin-1 unless the first line declares the encoding (the
    // preconv convention), and warns on the help text's Chinese otherwise.
    let mut text = b"'\\\" -*- coding: UTF-8 -*-\n".to_vec();
    clap_mangen::Man::new(page).render(&mut text)?;
    std::io::Write::write_all(&mut std::io::stdout().lock(), &text)?;
    Ok(Outcome::Success)
}

//! `comms completions SHELL`: the shell's completion script, and the
//! completions it asks `comms` for while you type.
//!
//! The script is clap's dynamic one: on Tab the shell runs `COMPLETE=SHELL
//! comms -- comms …` and `comms` answers with the candidates, reading the
//! repository of the current folder — so record ids (`comms show 2026…`,
//! or the random part, `comms show 7f`) and people (`--owner`, `--by`)
//! complete as well as commands and options.

use std::ffi::OsStr;
use std::io::Write;

use anyhow::Result;
use clap_complete::engine::CompletionCandidate;
use clap_complete::env::EnvCompleter;

use crate::Outcome;
use crate::cli::CompletionsArgs;
use crate::store::repo::Repo;

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

/// The repository of the current folder, for completing; none outside one.
fn repo() -> Option<Repo> {
    let repo = Repo::discover(None).ok()?;
    repo.is_records_repository().then_some(repo)
}

/// Record ids starting with what was typed; when none does, the ids whose
/// random part does (`7f` → `20261122-7f3a`). Each with the rest of its
/// file name (the subject) as help. Ids come from the file names, so no
/// record is read.
pub fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(typed) = current.to_str() else { return Vec::new() };
    let Some(repo) = repo() else { return Vec::new() };
    let (files, _) = repo.record_files();
    let named: Vec<(String, String)> = files
        .iter()
        .filter(|f| !f.archived)
        .filter_map(|f| {
            let name = f.rel.file_name()?.to_str()?;
            let id = crate::model::ids::id_in_file_name(name)?;
            let rest = name[id.len()..].trim_start_matches('-');
            let subject = rest.strip_suffix(".md").unwrap_or(rest);
            Some((id.to_string(), subject.to_string()))
        })
        .collect();
    let by_prefix: Vec<&(String, String)> = named.iter().filter(|(id, _)| id.starts_with(typed)).collect();
    let chosen = if by_prefix.is_empty() {
        named.iter().filter(|(id, _)| crate::store::repo::suffix(id).is_some_and(|s| s.starts_with(typed))).collect()
    } else {
        by_prefix
    };
    chosen.into_iter().map(|(id, subject)| CompletionCandidate::new(id).help(Some(subject.clone().into()))).collect()
}

/// People: the names and aliases of the people directory, else the owners
/// the records name; those starting with what was typed.
pub fn people(current: &OsStr) -> Vec<CompletionCandidate> {
    let Some(typed) = current.to_str() else { return Vec::new() };
    let Some(repo) = repo() else { return Vec::new() };
    let mut names: Vec<String> = repo.config.people.iter().flat_map(|p| p.names().map(str::to_string)).collect();
    if names.is_empty() {
        let loaded = repo.load();
        names = loaded
            .records
            .iter()
            .flat_map(|r| std::iter::once(r.owner.to_string()).chain(r.actions.iter().map(|a| a.owner.to_string())))
            .filter(|n| !n.trim().is_empty())
            .collect();
    }
    names.sort();
    names.dedup();
    names.into_iter().filter(|n| n.starts_with(typed)).map(CompletionCandidate::new).collect()
}

//! The resolved runtime of one invocation: global options turned into a
//! repository, a clock, a language and output settings.

use anyhow::{Context as _, Result, bail};

use crate::cli::Global;
use crate::i18n::Lang;
use crate::model::time::{self, Clock};
use crate::store::repo::Repo;

pub struct Context {
    pub global: Global,
}

impl Context {
    pub fn new(global: Global) -> Self {
        Context { global }
    }

    /// The records repository (found or given with `--repo`); an error
    /// outside one.
    pub fn repo(&self) -> Result<Repo> {
        let repo = self.any_repo()?;
        repo.require()?;
        Ok(repo)
    }

    /// The folder `--repo` names or discovery finds, whether or not it is a
    /// records repository: its settings, else the built-in ones (for
    /// `templates`, `schema`, `rules`, and `validate FILE…`).
    pub fn any_repo(&self) -> Result<Repo> {
        self.open(self.single_repo()?)
    }

    /// The one `--repo` given, if any; several are for `report` only.
    pub fn single_repo(&self) -> Result<Option<&std::path::Path>> {
        match self.global.repo.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(one)),
            many => bail!(
                "--repo is given {} times; only `report` reads several repositories (--repo A --repo B), other commands one",
                many.len()
            ),
        }
    }

    /// Every repository `--repo` names (at least one: discovery's without
    /// any), each required to be a records repository; for `report`.
    pub fn repos(&self) -> Result<Vec<Repo>> {
        let paths: Vec<Option<&std::path::Path>> = if self.global.repo.is_empty() {
            vec![None]
        } else {
            self.global.repo.iter().map(|p| Some(p.as_path())).collect()
        };
        let mut out: Vec<Repo> = Vec::with_capacity(paths.len());
        for p in paths {
            let repo = self.open(p)?;
            repo.require()?;
            let root = repo.root.canonicalize().unwrap_or_else(|_| repo.root.clone());
            if out.iter().any(|r| r.root.canonicalize().unwrap_or_else(|_| r.root.clone()) == root) {
                bail!("--repo {} is given twice; each repository is counted once", repo.root.display());
            }
            out.push(repo);
        }
        Ok(out)
    }

    fn open(&self, path: Option<&std::path::Path>) -> Result<Repo> {
        let mut repo = Repo::discover(path)?;
        crate::i18n::use_repository(&repo.root)?;
        if let Some(lang) = self.global.lang
            && !lang.exists()
        {
            bail!("--lang {lang}: {}", crate::i18n::no_such_language(lang));
        }
        repo.cache = !self.global.no_cache;
        if let Some(bar) = crate::render::Bar::for_terminal(self.global.quiet) {
            repo.progress = Some(std::sync::Arc::new(bar));
        }
        Ok(repo)
    }

    /// "Now": `--now` / `COMMS_NOW` in the repository's timezone, else the clock.
    pub fn clock(&self, repo: &Repo) -> Result<Clock> {
        match &self.global.now {
            None => Ok(Clock::system()),
            Some(text) => match time::parse(text, repo.config.timezone) {
                Ok(now) => Ok(Clock::fixed(now)),
                Err(e) => bail!("--now `{text}` {e}; write it as YYYY-MM-DD HH:MM, e.g. \"2026-11-22 09:30\""),
            },
        }
    }

    /// The language of labels: `--lang`, else the repository's `language`.
    pub fn lang(&self, repo: &Repo) -> Lang {
        self.global.lang.unwrap_or(repo.config.language)
    }

    /// Prints a note on stderr unless `--quiet`.
    pub fn note(&self, text: impl std::fmt::Display) {
        if !self.global.quiet {
            anstream::eprintln!("{text}");
        }
    }
}

/// Reads a file with context for the error message.
pub fn read_to_string(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))
}

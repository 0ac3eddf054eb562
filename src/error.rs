//! The domain's typed errors. Findings about records are not errors (see
//! [`crate::model::diagnostic`]); these are the failures that stop a command with
//! exit status 2.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::model::yaml::Pos;

/// A message about a place in a file: `path:line:col: message`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Located {
    pub path: PathBuf,
    pub pos: Option<Pos>,
    pub message: String,
}

impl Located {
    pub fn new(path: &Path, pos: Option<Pos>, message: impl Into<String>) -> Self {
        Located { path: path.to_path_buf(), pos, message: message.into() }
    }
}

impl fmt::Display for Located {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.pos {
            Some(p) => write!(f, "{}:{}:{}: {}", self.path.display(), p.line, p.col, self.message),
            None => write!(f, "{}: {}", self.path.display(), self.message),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    // The cause is part of the message and not a `source`: anyhow's `{:#}`
    // would print it a second time.
    #[error("cannot read {}: {cause}", path.display())]
    Io { path: PathBuf, cause: std::io::Error },

    #[error("cannot write {}: {cause}", path.display())]
    Write { path: PathBuf, cause: std::io::Error },

    /// `--repo` names a folder that is not there.
    #[error("--repo {}: no such folder", path.display())]
    NoSuchFolder { path: PathBuf },

    #[error("bad configuration: {0}")]
    Config(Located),

    #[error("bad record type definition: {0}")]
    Template(Located),

    #[error("{0}")]
    Git(String),

    /// A command on records run where there are none: no `comms.yaml`, no
    /// records or archive folder.
    #[error(
        "{} is not a records repository (no comms.yaml, no {records}/ folder): run `comms init` to start one there, or name one with --repo DIR",
        folder(root)
    )]
    NotARepository { root: PathBuf, records: String },

    /// `records_dir` names a folder that is not there.
    #[error(
        "the records folder {} does not exist (`records_dir: {dir}` in comms.yaml): create it, or correct records_dir",
        crate::model::paths::shown(&root.join(dir)).display()
    )]
    NoRecordsDir { root: PathBuf, dir: String },
}

/// A folder as the user knows it: "the current folder", or its path.
fn folder(path: &Path) -> String {
    match crate::model::paths::shown(path) {
        p if p == Path::new(".") => "the current folder".into(),
        p => p.display().to_string(),
    }
}

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Self {
        Error::Git(format!("git: {}", e.message()))
    }
}

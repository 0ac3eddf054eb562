//! The domain's typed errors. Findings about records are not errors (see
//! [`crate::diagnostic`]); these are the failures that stop a command with
//! exit status 2.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::yaml::Pos;

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
    #[error("cannot read {}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },

    #[error("bad configuration: {0}")]
    Config(Located),

    #[error("bad record type definition: {0}")]
    Template(Located),

    #[error("{0}")]
    Git(String),
}

impl From<git2::Error> for Error {
    fn from(e: git2::Error) -> Self {
        Error::Git(format!("git: {}", e.message()))
    }
}

//! `--output FILE` for commands that write a document (`report`,
//! `export`, `status`): never clobber a file without `--force`, never write where the
//! file would be read as a record, write atomically.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};

use crate::context::Context;
use crate::i18n::Lang;
use crate::i18n::tr;
use crate::store::repo::Repo;

/// Checks an output file before any work is done: it must not clobber
/// anything by accident, nor become a record. `example` is a file name to
/// suggest instead, e.g. `report.md`.
pub fn check(repo: &Repo, path: &Path, force: bool, example: &str) -> Result<()> {
    if path.is_dir() {
        bail!("--output {} is a folder; name a file, e.g. --output {example}", path.display());
    }
    if !force && std::fs::symlink_metadata(path).is_ok() {
        return Err(exists(path));
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if let (Ok(parent), Ok(root)) = (parent.canonicalize(), repo.root.canonicalize()) {
        for dir in [&repo.config.records_dir, &repo.config.archive_dir] {
            if parent.starts_with(root.join(dir)) {
                bail!(
                    "--output {} is inside `{dir}/`, where it would be read as a record; write it elsewhere, e.g. --output {example}",
                    path.display()
                );
            }
        }
    }
    Ok(())
}

/// Writes `bytes` to standard output, or to `--output` `path` as
/// [`write`] does.
pub fn emit(cx: &Context, lang: Lang, path: Option<&Path>, bytes: &[u8], force: bool) -> Result<()> {
    match path {
        None => {
            let mut out = super::stdout();
            std::io::Write::write_all(&mut out, bytes)?;
            std::io::Write::flush(&mut out)?;
            Ok(())
        }
        Some(path) => write(cx, lang, path, bytes, force),
    }
}

/// Writes `bytes` to `path`: a new file, or with `force` an atomic
/// replacement; then says so on stderr (unless `--quiet`).
pub fn write(cx: &Context, lang: Lang, path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    use crate::store::write;
    let written = if force { write::replace(path, bytes, None) } else { write::create_new(path, bytes, None) };
    written.map_err(|e| match e.kind() {
        std::io::ErrorKind::AlreadyExists => exists(path),
        std::io::ErrorKind::NotFound => anyhow!("cannot write {}: its folder does not exist", path.display()),
        _ => anyhow!("cannot write {}: {}", path.display(), e.to_string().to_lowercase()),
    })?;
    cx.note(tr!(lang, "output-wrote", path = path.display().to_string()));
    Ok(())
}

fn exists(path: &Path) -> anyhow::Error {
    anyhow!("{} already exists; add --force to replace it, or choose another --output", path.display())
}

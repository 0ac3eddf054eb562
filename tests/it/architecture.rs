//! The layering of docs/architecture.md, kept true: every `crate::…` path
//! in `src/` points to a layer the file's own layer may import.

use std::path::{Path, PathBuf};

/// Each part of `src/` (a layer folder, or a file directly in `src/`) and
/// what it may import besides itself. `*` is anything.
const ALLOWED: &[(&str, &[&str])] = &[
    ("i18n", &[]),
    ("model", &["i18n", "error"]),
    ("error", &["i18n", "model"]),
    ("check", &["i18n", "model", "error"]),
    ("edit", &["i18n", "model", "check", "error"]),
    ("store", &["i18n", "model", "error"]),
    ("notify", &["i18n", "model", "error"]),
    ("report", &["i18n", "model", "store", "check", "error"]),
    ("render", &["i18n", "model", "check", "store", "report", "error"]),
    ("lsp", &["i18n", "model", "check", "store", "error"]),
    ("cli", &["i18n", "model", "store", "error"]),
    ("context", &["i18n", "cli", "model", "store", "render", "error"]),
    ("commands", &["*"]),
    ("lib", &["*"]),
    ("main", &["*"]),
];

/// Files allowed one import beyond their layer's, each named in
/// docs/architecture.md ("Known exceptions").
const EXCEPTIONS: &[(&str, &str)] = &[
    // Validating a set of records walks and reads them through the store.
    ("check/validation.rs", "store"),
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The layer a path under `src/` belongs to: its first component, without
/// `.rs`.
fn layer_of(rel: &str) -> &str {
    let first = rel.split('/').next().unwrap();
    first.strip_suffix(".rs").unwrap_or(first)
}

/// The layers (or `root`, for items of the crate root such as `Outcome`)
/// that one line of code names through `crate::`.
fn imports(line: &str) -> Vec<String> {
    let mut found = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("crate::") {
        let after = &rest[i + "crate::".len()..];
        // `$crate::` in a macro is the crate root too; anything ending in
        // `crate` (a word like `subcrate`) is not.
        let before = &rest[..i];
        if !before.ends_with(|c: char| c.is_alphanumeric() || c == '_') {
            let name: String = after.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if name.is_empty() {
                found.push("{".to_string());
            } else if ALLOWED.iter().any(|(l, _)| *l == name) {
                found.push(name);
            } else {
                found.push("root".to_string());
            }
        }
        rest = after;
    }
    found
}

#[test]
fn every_import_points_down_the_layers() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    assert!(files.len() > 40, "src/ should hold the crate's files, found {}", files.len());
    let mut wrong = Vec::new();
    for file in &files {
        let rel = file.strip_prefix(&src).unwrap().to_string_lossy().replace('\\', "/");
        let layer = layer_of(&rel);
        let Some((_, allowed)) = ALLOWED.iter().find(|(l, _)| *l == layer) else {
            wrong.push(format!("src/{rel}: `{layer}` is not a layer of docs/architecture.md; add it there and here"));
            continue;
        };
        if allowed.contains(&"*") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for (n, line) in text.lines().enumerate() {
            // Doc comments may point anywhere: a link is not a dependency.
            if line.trim_start().starts_with("//") {
                continue;
            }
            for target in imports(line) {
                if target == "{" {
                    wrong.push(format!(
                        "src/{rel}:{}: `crate::{{…}}`: name each layer in its own path (`crate::model::…`)",
                        n + 1
                    ));
                    continue;
                }
                let excepted = EXCEPTIONS.iter().any(|(f, t)| *f == rel && *t == target);
                if target != layer && !allowed.contains(&target.as_str()) && !excepted {
                    wrong.push(format!("src/{rel}:{}: `{layer}` may not import `{target}`: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "imports against the layering (docs/architecture.md):\n{}", wrong.join("\n"));
}

#[test]
fn the_scan_sees_an_import_against_the_layers() {
    // The scanner itself: a store file naming report must be caught.
    assert_eq!(imports("use crate::report::metrics::Report;"), ["report"]);
    assert_eq!(imports("    let x = crate::model::time::now(); crate::Outcome::Success"), ["model", "root"]);
    assert_eq!(imports("use crate::{model, store};"), ["{"]);
    assert!(imports("use subcrate::model;").is_empty());
    assert_eq!(layer_of("model/yaml/fast.rs"), "model");
    assert_eq!(layer_of("cli.rs"), "cli");
}

#[test]
fn every_exception_is_still_needed_and_documented() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let doc = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    for (file, target) in EXCEPTIONS {
        let text = std::fs::read_to_string(root.join("src").join(file)).unwrap();
        let uses =
            text.lines().filter(|l| !l.trim_start().starts_with("//")).any(|l| imports(l).iter().any(|t| t == target));
        assert!(uses, "src/{file} no longer imports `{target}`: remove the exception");
        assert!(doc.contains(&format!("src/{file}")), "docs/architecture.md does not name the exception src/{file}");
    }
}

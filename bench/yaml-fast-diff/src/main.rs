//! Checks the YAML fast path against the full parser on every front matter
//! under the folders given: where the fast path reads a document, the tree
//! (values, spans, warnings) must be the full parser's. `.ci/run` runs it on
//! the third-party corpus and the example repository.
//!
//! Usage: cargo run --manifest-path bench/yaml-fast-diff/Cargo.toml -- DIR…

use comms::model::yaml::{Limits, Origin, fast, parse_full};

fn walk(d: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    if let Ok(rd) = std::fs::read_dir(d) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() { walk(&p, out) } else { out.push(p) }
        }
    }
}

fn main() -> std::process::ExitCode {
    let mut files = Vec::new();
    for a in std::env::args().skip(1) {
        walk(std::path::Path::new(&a), &mut files);
    }
    let (mut on_fast, mut total, mut differ) = (0, 0, 0);
    for p in &files {
        let Ok(bytes) = std::fs::read(p) else { continue };
        let Ok(src) = comms::model::frontmatter::Source::decode(bytes) else { continue };
        let Ok(l) = comms::model::frontmatter::split(&src) else { continue };
        let yaml = &src.text[l.yaml_start..l.yaml_end];
        let origin = Origin { offset: l.yaml_start, line: l.yaml_line };
        total += 1;
        if let Some(f) = fast::parse(yaml, origin, Limits::default()) {
            on_fast += 1;
            match parse_full(yaml, origin, Limits::default()) {
                Ok(full) if full.root == f.root && full.warnings == f.warnings => {}
                other => {
                    differ += 1;
                    eprintln!("differs: {} ({:?})", p.display(), other.err());
                }
            }
        }
    }
    println!("yaml fast path: {total} front matters, {on_fast} read by the fast path, {differ} differences");
    if differ > 0 { std::process::ExitCode::FAILURE } else { std::process::ExitCode::SUCCESS }
}

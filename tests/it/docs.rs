//! The user guide stays true to the binary.

use std::path::Path;

fn doc(rel: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)).unwrap()
}

#[test]
fn every_rule_is_explained_in_docs() {
    let rules = doc("docs/rules.md");
    for rule in comms::diagnostic::RULES {
        assert!(rules.contains(&format!("### `{}`", rule.code)), "docs/rules.md has no section for `{}`", rule.code);
        assert!(
            rules.contains(&format!("| [`{}`](#{}) | {} |", rule.code, rule.code, rule.severity.as_str())),
            "docs/rules.md table: `{}`",
            rule.code
        );
    }
}

#[test]
fn every_command_has_a_page() {
    use clap::CommandFactory;
    let index = doc("docs/README.md");
    for sub in comms::cli::Cli::command().get_subcommands() {
        let page = format!("commands/{}.md", sub.get_name());
        assert!(index.contains(&page), "docs/README.md does not link {page}");
        assert!(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs").join(&page).is_file(), "docs/{page} is missing");
    }
}

#[test]
fn the_readme_quick_start_runs() {
    let readme = doc("README.md");
    assert!(readme.contains("cargo test"));
    assert!(readme.contains("cargo run --release -- --repo examples/demo"));
}

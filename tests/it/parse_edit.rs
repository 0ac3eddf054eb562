//! Parsing and editing guarantees (issue 11): values quoted for the
//! context they are written in, layouts that edits handle or refuse
//! clearly, YAML's forbidden characters, contact numbers in every spelling,
//! diagnostics capped per file and rule, the size limit kept by edits.

use crate::harness::{Sandbox, good_with};

const NOW: &str = "2026-11-23 10:00";

/// A git repository with `records/a.md` holding `text`.
fn repo_with(text: &str) -> Sandbox {
    let s = Sandbox::new();
    s.write("records/a.md", text);
    s.git_init();
    s
}

// ---- forbidden characters and long keys ----

#[test]
fn control_characters_in_the_front_matter_are_yaml_syntax_errors_with_their_place() {
    for (bad, code) in [
        ("\u{1}", "U+0001"),
        ("\u{1b}", "U+001B"),
        ("\u{7f}", "U+007F"),
        ("\u{85}", ""),
        ("\u{9b}", "U+009B"),
        ("\u{fffe}", "U+FFFE"),
        ("\u{ffff}", "U+FFFF"),
    ] {
        let s = repo_with(&good_with("owner: 张伟", &format!("owner: 张{bad}伟")));
        let r = s.run(&["validate", "--now", NOW]);
        if code.is_empty() {
            // NEL is a YAML character (a line break to YAML 1.1 readers): allowed.
            assert!(!r.stdout.contains("yaml-syntax"), "{}", r.stdout);
            continue;
        }
        r.code(1);
        assert!(r.stdout.contains("error[yaml-syntax]"), "{bad:?}: {}", r.stdout);
        assert!(r.stdout.contains(code), "{bad:?}: {}", r.stdout);
        assert!(r.stdout.contains("records/a.md:5:9"), "{bad:?}: {}", r.stdout);
        assert!(r.stdout.contains("help: delete it"), "{bad:?}: {}", r.stdout);
    }
}

#[test]
fn a_key_over_1024_characters_is_a_yaml_syntax_error() {
    let key = "备注".repeat(513);
    for text in [
        good_with("owner: 张伟", &format!("owner: 张伟\n{key}: x")),
        good_with("owner: 张伟", &format!("owner: 张伟\nextra: {{{key}: x}}")),
    ] {
        let s = repo_with(&text);
        let r = s.run(&["validate", "--now", NOW]);
        r.code(1);
        assert!(r.stdout.contains("error[yaml-syntax]"), "{}", r.stdout);
        assert!(r.stdout.contains("a key longer than 1024 characters"), "{}", r.stdout);
    }
}

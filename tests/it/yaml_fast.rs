//! The YAML fast path reads what the full parser reads, the same way: on
//! every record of the example repository, and on generated documents.

use comms::model::yaml::{Limits, Origin, fast, parse_full};
use proptest::prelude::*;

fn front_matter(text: &str) -> Option<&str> {
    let body = text.trim_start_matches('\u{feff}').strip_prefix("---\n")?;
    let end = body.find("\n---\n")?;
    Some(&body[..end + 1])
}

fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|x| x == "md") && !p.ends_with("README.md") {
            out.push(p);
        }
    }
}

#[test]
fn every_example_record_takes_the_fast_path_and_matches_the_full_parser() {
    let mut all = Vec::new();
    files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo"), &mut all);
    assert!(all.len() >= 29);
    for path in all {
        let text = std::fs::read_to_string(&path).unwrap();
        let yaml = front_matter(&text).unwrap();
        let origin = Origin { offset: 4, line: 2 };
        let fast = fast::parse(yaml, origin, Limits::default())
            .unwrap_or_else(|| panic!("{} left the fast path", path.display()));
        let full = parse_full(yaml, origin, Limits::default()).unwrap();
        assert_eq!(fast.root, full.root, "{}", path.display());
        assert_eq!(fast.warnings, full.warnings, "{}", path.display());
    }
}

/// Inputs the fuzzers found, kept as regression tests.
#[test]
fn fuzz_findings_stay_fixed() {
    let mut all = Vec::new();
    files(&std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/fuzz"), &mut all);
    assert!(!all.is_empty());
    for path in all {
        let bytes = std::fs::read(&path).unwrap();
        let src = comms::model::frontmatter::Source::decode(bytes.clone()).unwrap();
        let layout = comms::model::frontmatter::split(&src).unwrap();
        let yaml = &src.text[layout.yaml_start..layout.yaml_end];
        let origin = Origin { offset: layout.yaml_start, line: layout.yaml_line };
        let full = parse_full(yaml, origin, Limits::default());
        if let Some(fast) = fast::parse(yaml, origin, Limits::default()) {
            let full = full
                .unwrap_or_else(|e| panic!("{}: the fast path read what the full parser refuses: {e}", path.display()));
            assert_eq!(fast.root, full.root, "{}", path.display());
        }
        let _ = comms::model::record::Document::parse(&path, bytes);
    }
}

/// Lines that records are made of, and lines that are almost like them.
fn line() -> impl Strategy<Value = String> {
    let key = prop_oneof![
        Just("id"),
        Just("owner"),
        Just("to"),
        Just("负责人"),
        Just("a b"),
        Just("k"),
        Just("-x"),
        Just("deadline")
    ];
    let value = prop_oneof![
        Just(String::new()),
        Just(" 张伟".to_string()),
        Just(" 2026-11-23 17:00".to_string()),
        Just(" [设备部, 安全部]".to_string()),
        Just(" []".to_string()),
        Just(" [a,b]".to_string()),
        Just(" [a, ]".to_string()),
        Just(" { by: 李娜, at: 2026-11-22 10:00 }".to_string()),
        Just(" {}".to_string()),
        Just(" 'it''s'".to_string()),
        Just(" \"a: b\"".to_string()),
        Just(" \"x\"  # note".to_string()),
        Just(" x # note".to_string()),
        Just(" x#y".to_string()),
        Just(" a: b".to_string()),
        Just(" &a x".to_string()),
        Just(" *a".to_string()),
        Just(" |".to_string()),
        Just(" -1".to_string()),
        Just("   ".to_string()),
        Just(" 139****5678".to_string()),
        Just(" 出现\"新品\"帖子 'x' 12 条".to_string()),
        Just(" [a\"b, 'c']".to_string()),
        Just(" [".to_string()),
        "[ -~]{0,12}".prop_map(|s| format!(" {s}")),
        // Characters YAML forbids, and NEL (allowed): the fast path must
        // leave them to the full parser, which reports the forbidden ones.
        "[a\u{1}\u{1b}\u{7f}\u{80}\u{85}\u{9f}\u{fffe}\u{ffff}\u{fffd}]{1,3}".prop_map(|s| format!(" {s}")),
    ];
    let item = prop_oneof![
        Just("  - 张伟".to_string()),
        Just("- a".to_string()),
        Just("  - { by: 李娜, at: 2026-11-22 10:00 }".to_string()),
        Just("  - task: 提交清单".to_string()),
        Just("    owner: 王强".to_string()),
        Just("    status:".to_string()),
        Just("      deep: x".to_string()),
        Just("  # comment".to_string()),
        Just("".to_string()),
        Just("   continued".to_string()),
        Just("-".to_string()),
        // Lines of a multi-line flow list (saphyr-parser's closing-bracket bug).
        Just("  '/a/',".to_string()),
        Just("  [x]".to_string()),
        Just("]".to_string()),
    ];
    prop_oneof![3 => (key, value).prop_map(|(k, v)| format!("{k}:{v}")), 2 => item]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn the_fast_path_never_disagrees(lines in proptest::collection::vec(line(), 0..12), crlf in any::<bool>()) {
        let nl = if crlf { "\r\n" } else { "\n" };
        let text: String = lines.iter().map(|l| format!("{l}{nl}")).collect();
        let origin = Origin { offset: 4, line: 2 };
        if let Some(fast) = fast::parse(&text, origin, Limits::default()) {
            let full = parse_full(&text, origin, Limits::default());
            prop_assert!(full.is_ok(), "fast read what the full parser refuses: {:?} {:?}", text, full);
            let full = full.unwrap();
            prop_assert_eq!(&fast.root, &full.root, "{:?}", text);
            prop_assert_eq!(&fast.warnings, &full.warnings, "{:?}", text);
        }
    }
}

//! Split, parse and validate any bytes as a record file: never a panic, and
//! where the YAML fast path reads a front matter, exactly the tree the full
//! parser reads.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use comms::check::rules::{self, RuleContext};
use comms::model::config::{Config, Person};
use comms::model::record::Document;
use comms::model::types::Catalog;
use comms::model::yaml::{self, Limits, Origin};
use libfuzzer_sys::fuzz_target;

fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| Catalog::builtin().expect("the built-in catalog loads"))
}

fn config() -> &'static Config {
    static CONFIG: OnceLock<Config> = OnceLock::new();
    CONFIG.get_or_init(|| {
        Config::default().with_timezone(chrono_tz::Asia::Shanghai).with_people(vec![Person {
            name: "张伟".into(),
            department: Some("生产部".into()),
            ..Default::default()
        }])
    })
}

fuzz_target!(|data: &[u8]| {
    if let Ok(src) = comms::model::frontmatter::Source::decode(data.to_vec())
        && let Ok(layout) = comms::model::frontmatter::split(&src)
    {
        let text = &src.text[layout.yaml_start..layout.yaml_end];
        let origin = Origin { offset: layout.yaml_start, line: layout.yaml_line };
        if let Some(fast) = yaml::fast::parse(text, origin, Limits::default()) {
            let full = yaml::parse_full(text, origin, Limits::default()).expect("the full parser reads what the fast path reads");
            assert_eq!(fast.root, full.root);
            assert_eq!(fast.warnings, full.warnings);
        }
    }
    match Document::parse(Path::new("records/fuzz.md"), data.to_vec()) {
        Ok(doc) => {
            let cx = RuleContext { catalog: catalog(), config: config() };
            for d in rules::check(&doc, &cx) {
                assert!(d.line >= 1 && d.column >= 1, "{d:?}");
            }
            let _ = doc.summary(catalog(), config().timezone, false);
        }
        Err(d) => assert!(d.line >= 1 && d.column >= 1, "{d:?}"),
    }
});

//! `--format sarif`: SARIF 2.1.0 for code scanning, read back with the
//! `serde-sarif` crate's types (generated from the OASIS schema) as well
//! as field by field.

use serde_json::Value;

use crate::harness::{GOOD, Sandbox, good_with};

const FILE: &str = "records/20261122-cccc-紧急 设备故障.md";

/// A repository with one record breaking an error rule and a warning rule.
fn bad() -> Sandbox {
    let s = Sandbox::new();
    s.write(
        FILE,
        good_with("deadline: 2026-11-23 17:00", "deadline: 尽快")
            .replace("20261122-7f3a", "20261122-cccc")
            .replace("project: 二号产线", "projcet: 二号产线"),
    );
    s
}

#[track_caller]
fn typed(stdout: &str) -> serde_sarif::sarif::Sarif {
    serde_json::from_str(stdout).unwrap_or_else(|e| panic!("not SARIF as serde-sarif reads it: {e}\n{stdout}"))
}

#[test]
fn validate_writes_a_sarif_log_with_every_rule_and_each_result() {
    let s = bad();
    let r = s.run(&["validate", "--format", "sarif"]);
    r.code(1);
    let log = typed(&r.stdout);
    assert_eq!(log.runs.len(), 1);
    let v: Value = r.json();
    assert_eq!(v["$schema"], "https://json.schemastore.org/sarif-2.1.0.json");
    assert_eq!(v["version"], "2.1.0");
    let run = &v["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "comms");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), comms::model::diagnostic::RULES.len());
    for (rule, want) in rules.iter().zip(comms::model::diagnostic::RULES) {
        assert_eq!(rule["id"], want.code);
        assert_eq!(rule["shortDescription"]["text"], want.summary);
        assert_eq!(rule["defaultConfiguration"]["level"], want.severity.as_str());
        assert!(rule["help"]["text"].as_str().unwrap().contains(&format!("docs/rules.md#{}", want.code)));
        // sarif-multitool: a rule's name must not repeat its id.
        assert_ne!(rule["name"], rule["id"]);
        assert!(rule["name"].as_str().unwrap().chars().all(|c| c.is_ascii_alphanumeric()), "{}", rule["name"]);
        assert!(rule["helpUri"].as_str().unwrap().ends_with(&format!("/docs/rules.md#{}", want.code)));
    }
    assert_eq!(driver["informationUri"], env!("CARGO_PKG_REPOSITORY"));
    assert!(driver["informationUri"].as_str().unwrap().starts_with("https://"));
    assert_eq!(rules[16]["name"], "VagueDeadline");
    let base = run["originalUriBaseIds"]["%SRCROOT%"]["uri"].as_str().unwrap();
    assert!(base.starts_with("file:///") && base.ends_with('/'), "{base}");

    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:#?}");
    let (error, warning) = (&results[0], &results[1]);
    assert_eq!(error["ruleId"], "vague-deadline");
    assert_eq!(rules[error["ruleIndex"].as_u64().unwrap() as usize]["id"], "vague-deadline");
    assert_eq!(error["level"], "error");
    assert_eq!(
        error["message"]["text"],
        "deadline `尽快` is not a time\nhelp: write the exact time it is due as YYYY-MM-DD HH:MM, e.g. `2026-11-23 17:00`"
    );
    let location = &error["locations"][0]["physicalLocation"];
    // The Chinese file name and the space are percent-encoded UTF-8.
    assert_eq!(
        location["artifactLocation"]["uri"],
        "records/20261122-cccc-%E7%B4%A7%E6%80%A5%20%E8%AE%BE%E5%A4%87%E6%95%85%E9%9A%9C.md"
    );
    assert_eq!(location["artifactLocation"]["uriBaseId"], "%SRCROOT%");
    // Columns are characters: `deadline: 尽快` starts at 11, two wide.
    assert_eq!(location["region"], serde_json::json!({ "startLine": 6, "startColumn": 11, "endColumn": 13 }));
    assert_eq!(warning["ruleId"], "unknown-field");
    assert_eq!(warning["level"], "warning");
    assert_eq!(error["partialFingerprints"]["comms/v1"].as_str().unwrap().len(), 32);
}

#[test]
fn fingerprints_survive_lines_moving() {
    let s = bad();
    let before = s.run(&["validate", "--format", "sarif"]).json();
    let text = s.read(FILE).replace("id: 20261122-cccc\n", "id: 20261122-cccc\n# 备注\n");
    s.write(FILE, text);
    let after = s.run(&["validate", "--format", "sarif"]).json();
    let result = |v: &Value| v["runs"][0]["results"][0].clone();
    assert_eq!(result(&after)["locations"][0]["physicalLocation"]["region"]["startLine"], 7);
    assert_eq!(result(&before)["partialFingerprints"], result(&after)["partialFingerprints"]);
}

#[test]
fn strict_fails_on_warnings_without_changing_levels() {
    let s = Sandbox::new();
    s.write("records/a.md", good_with("project: 二号产线", "projcet: 二号产线"));
    let lax = s.run(&["validate", "--format", "sarif"]);
    lax.code(0);
    let strict = s.run(&["validate", "--format", "sarif", "--strict"]);
    strict.code(1);
    assert_eq!(lax.stdout, strict.stdout);
    assert_eq!(strict.json()["runs"][0]["results"][0]["level"], "warning");
}

#[test]
fn a_clean_repository_has_no_results() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    let r = s.run(&["validate", "--format", "sarif"]);
    r.code(0);
    typed(&r.stdout);
    assert_eq!(r.json()["runs"][0]["results"], serde_json::json!([]));
}

#[test]
fn check_paths_start_at_the_git_root() {
    let s = Sandbox::empty();
    s.write("team/comms.yaml", crate::harness::CONFIG);
    s.write("team/records/20261101-aaaa-old.md", GOOD.replace("20261122-7f3a", "20261101-aaaa"));
    s.git_init();
    s.git(&["checkout", "-q", "-b", "bad"]);
    s.write(
        "team/records/20261122-2222-坏.md",
        good_with("deadline: 2026-11-23 17:00", "deadline: ASAP").replace("20261122-7f3a", "20261122-2222"),
    );
    s.git(&["add", "-A"]);
    s.git(&["commit", "-q", "-m", "bad"]);
    let r = s.run_env(&s.abs("team"), &["check", "--base", "main", "--format", "sarif"], &[("GITHUB_ACTIONS", "true")]);
    r.code(1);
    typed(&r.stdout);
    let v = r.json();
    let location = &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "team/records/20261122-2222-%E5%9D%8F.md");
    let root = format!("file://{}/", s.path().canonicalize().unwrap().display());
    assert_eq!(v["runs"][0]["originalUriBaseIds"]["%SRCROOT%"]["uri"], root);
    assert!(r.stderr.contains("checked 1 record changed since `main`: 1 error(s), 0 warning(s)"), "{}", r.stderr);
}

//! `comms templates`, and types overridden or added per repository.

use crate::harness::Sandbox;

#[test]
fn lists_the_built_in_types() {
    let s = Sandbox::new();
    let run = s.run(&["templates"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
    let json = s.run(&["templates", "--format", "json"]).code(0).json();
    let names: Vec<&str> = json.as_array().unwrap().iter().map(|t| t["name"].as_str().unwrap()).collect();
    assert_eq!(names, ["internal", "external", "urgent", "knowledge", "meeting", "feedback"]);
    assert_eq!(
        json[2]["required"],
        serde_json::json!(["id", "type", "subject", "owner", "deadline", "status", "impact", "measures"])
    );
    assert_eq!(json[2]["source"], "built-in");
}

#[test]
fn shows_one_type_in_english() {
    let s = Sandbox::new();
    let run = s.run(&["--lang", "en", "templates", "meeting"]);
    run.code(0);
    insta::assert_snapshot!(run.stdout);
}

#[test]
fn prints_a_skeleton() {
    let s = Sandbox::new();
    let run = s.run(&["templates", "紧急", "--skeleton"]);
    run.code(0);
    assert!(run.stdout.starts_with("---\nid: {{id}}\ntype: urgent\n"));
    assert!(run.stdout.contains("impact: {{impact}}"));
}

#[test]
fn a_repository_overrides_a_skeleton_and_adds_a_type() {
    let s = Sandbox::new();
    s.write(".comms/templates/types/urgent/zh.md", "---\nid: {{id}}\ntype: urgent\nsubject: {{subject}}\nowner: {{owner}}\ndeadline: {{deadline}}\nstatus: open\ncreated: {{created}}\nimpact: {{impact}}\nmeasures: {{measures}}\n---\n\n## 背景\n\n## 目标\n\n## 行动要求\n\n## 反馈记录\n");
    s.write(
        ".comms/templates/types/visit/type.yaml",
        "label: { zh: 客户拜访, en: Customer visit }\naliases: [拜访]\nrequired: [counterpart]\nfields:\n  counterpart: { zh: 客户, en: Customer }\nsections:\n  - { zh: 拜访纪要, en: Notes }\n",
    );
    s.write(".comms/templates/types/visit/zh.md", "---\nid: {{id}}\ntype: visit\nsubject: {{subject}}\nowner: {{owner}}\ndeadline: {{deadline}}\nstatus: open\ncreated: {{created}}\ncounterpart: {{counterpart}}\n---\n\n## 拜访纪要\n");
    let json = s.run(&["templates", "--format", "json"]).code(0).json();
    let urgent = &json[2];
    assert_eq!(urgent["source"], "built-in");
    assert_eq!(urgent["skeletons"]["zh"], ".comms/templates/types/urgent/zh.md");
    assert_eq!(urgent["skeletons"]["en"], "built-in");
    let visit = &json[6];
    assert_eq!(visit["name"], "visit");
    assert_eq!(visit["source"], ".comms/templates/types/visit/type.yaml");

    let run = s.run(&[
        "--now",
        "2026-11-22 09:00",
        "new",
        "拜访",
        "-s",
        "拜访A公司",
        "--owner",
        "张伟",
        "-d",
        "2026-11-25 18:00",
        "--set",
        "counterpart=A公司",
    ]);
    run.code(0);
    let path = run.stdout.trim();
    assert!(path.starts_with("records/20261122-") && path.ends_with("-拜访a公司.md"), "{path}");
    s.run(&["validate", "--strict"]).code(0);
}

#[test]
fn a_broken_type_definition_is_an_error_with_its_position() {
    let s = Sandbox::new();
    s.write(
        ".comms/templates/types/urgent/type.yaml",
        "label: { zh: 紧急, en: Urgent }\nrequired: [impact]\nfeilds: {}\n",
    );
    let run = s.run(&["validate"]);
    run.code(2);
    assert_eq!(
        run.stderr,
        "error: bad record type definition: .comms/templates/types/urgent/type.yaml:3:1: unknown key `feilds`; did you mean `fields`?\n"
    );
    s.write(".comms/templates/types/urgent/type.yaml", "label: { zh: 紧急, en: Urgent }\nrequired: [impakt]\n");
    let run = s.run(&["templates"]);
    run.code(2);
    assert!(run.stderr.contains("required field `impakt` is not declared"), "{}", run.stderr);
}

#[test]
fn a_repository_extends_the_lexicon() {
    let s = Sandbox::new();
    s.write(".comms/templates/lexicon.yaml", "status:\n  done: [搞定]\nvague_owners: [某领导]\n");
    s.write(
        "records/a.md",
        crate::harness::good_with("status: open", "status: 搞定\nclosed: 2026-11-22 12:00\noutcome: achieved"),
    );
    s.run(&["validate", "--strict"]).code(0);
    s.write("records/a.md", crate::harness::good_with("owner: 张伟", "owner: 某领导"));
    let json = s.run(&["validate", "--format", "json"]).code(1).json();
    assert_eq!(json["diagnostics"][0]["code"], "vague-owner");
    s.write(".comms/templates/lexicon.yaml", "status:\n  finished: [搞定]\n");
    let run = s.run(&["validate"]);
    run.code(2);
    assert!(run.stderr.contains("unknown value `finished`"), "{}", run.stderr);
}

#[test]
fn no_skeleton_teaches_full_width_commas_in_a_list() {
    // `[技术部， 财务部]` is one item to YAML (rule fullwidth-punctuation).
    let s = Sandbox::new();
    for ty in ["internal", "external", "urgent", "knowledge", "meeting"] {
        let run = s.run(&["templates", ty, "--skeleton"]);
        run.code(0);
        for line in run.stdout.lines() {
            if let (Some(open), Some(close)) = (line.find('['), line.rfind(']')) {
                assert!(open > close || !line[open..close].contains('，'), "{ty}: {line}");
            }
        }
    }
}

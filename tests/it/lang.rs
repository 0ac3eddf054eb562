//! Every command with `--lang en` on examples/demo (a Chinese repository)
//! prints no Chinese but the records' own words: the interface text comes
//! from the message catalog, never from a branch left in the code.

use std::path::Path;

use crate::harness::{comms, git};

/// A run of Chinese text: CJK ideographs, CJK and full-width punctuation.
fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
}

fn cjk_runs(text: &str) -> Vec<String> {
    let mut runs = Vec::new();
    let mut run = String::new();
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else if !run.is_empty() {
            runs.push(std::mem::take(&mut run));
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    runs
}

/// Everything the repository holds (the records, the archive, comms.yaml,
/// git's authors), and the words comms reads in any language: the types'
/// aliases and the lexicon (the vague deadline words a rule names).
fn data(dir: &Path) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut out = std::fs::read_to_string(root.join("lexicon.yaml")).unwrap();
    for entry in walkdir::WalkDir::new(root.join("types")).into_iter().flatten() {
        if entry.file_name() == "type.yaml" {
            let text = std::fs::read_to_string(entry.path()).unwrap();
            out.extend(text.lines().filter(|l| l.starts_with("aliases:")).map(|l| format!("{l}\n")));
        }
    }
    let authors = git(dir).args(["log", "--format=%an"]).output().unwrap();
    out.push_str(&String::from_utf8_lossy(&authors.stdout));
    for entry in walkdir::WalkDir::new(dir).into_iter().flatten() {
        let p = entry.path();
        if p.components().any(|c| c.as_os_str() == ".git") || !p.is_file() {
            continue;
        }
        out.push_str(&p.strip_prefix(dir).unwrap().to_string_lossy());
        out.push('\n');
        out.push_str(&std::fs::read_to_string(p).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// A scratch copy of examples/demo, committed.
fn demo() -> tempfile::TempDir {
    let dir = tempfile::Builder::new().prefix("comms-lang-").tempdir().unwrap();
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/demo");
    for entry in walkdir::WalkDir::new(&src).into_iter().flatten() {
        let rel = entry.path().strip_prefix(&src).unwrap();
        let to = dir.path().join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    for args in [&["init", "-q", "-b", "main"][..], &["add", "-A"], &["commit", "-q", "-m", "demo"]] {
        assert!(git(dir.path()).args(args).status().unwrap().success());
    }
    dir
}

/// The Chinese runs of a command's output that are not record data.
fn foreign(dir: &Path, args: &[&str]) -> Vec<String> {
    let corpus = data(dir);
    let out = comms(dir).args(args).env("COMMS_NOW", "2026-11-22 09:00").env("USER", "张伟").output().unwrap();
    let text = format!("{}{}", String::from_utf8_lossy(&out.stdout), String::from_utf8_lossy(&out.stderr));
    assert!(!text.contains("panicked"), "comms {}: {text}", args.join(" "));
    cjk_runs(&text).into_iter().filter(|r| !corpus.contains(r.as_str())).collect()
}

/// What a user runs, read-only first, then the edits (each on the demo
/// as the previous ones left it).
const COMMANDS: &[&[&str]] = &[
    &["validate"],
    &["validate", "--strict"],
    &["status"],
    &["status", "--overdue"],
    &["status", "--all"],
    &["status", "--format", "markdown"],
    &["status", "--format", "csv"],
    &["status", "--owner", "nobody"],
    &["show", "20261112-b37a"],
    &["show", "20261112-b37a#1"],
    &["show", "20261121-7f3a"],
    &["history", "20261112-b37a"],
    &["report"],
    &["report", "--format", "markdown"],
    &["report", "--format", "html"],
    &["report", "--by", "department"],
    &["remind"],
    &["remind", "--format", "markdown"],
    &["export", "--ics"],
    &["templates"],
    &["templates", "internal"],
    &["templates", "meeting"],
    &["rules"],
    &["archive", "--dry-run"],
    &["new", "internal", "--subject", "Printer order", "--owner", "张伟", "--deadline", "2026-12-01 17:00"],
    &["set", "20261110-9be2", "priority=high"],
    &["log", "20261110-9be2", "called the supplier"],
    &["ack", "20261121-7f3a", "--by", "张伟"],
    &["done", "20261112-b37a#1"],
    &["done", "20261110-9be2"],
    &["archive"],
    &["init"],
];

#[test]
fn every_command_in_english_prints_no_chinese_but_the_records() {
    let dir = demo();
    let mut found = Vec::new();
    for args in COMMANDS {
        let mut full = vec!["--lang", "en"];
        full.extend_from_slice(args);
        for run in foreign(dir.path(), &full) {
            found.push(format!("comms {}: `{run}`", full.join(" ")));
        }
    }
    assert!(found.is_empty(), "Chinese interface text in English output:\n{}", found.join("\n"));
}

/// The check can fail: the same commands in Chinese print interface text
/// that is in no record.
#[test]
fn the_same_commands_in_chinese_do_print_interface_text() {
    let dir = demo();
    for args in [&["status"][..], &["report"], &["templates", "internal"], &["archive", "--dry-run"]] {
        let mut full = vec!["--lang", "zh"];
        full.extend_from_slice(args);
        assert!(!foreign(dir.path(), &full).is_empty(), "comms {} printed only record data", full.join(" "));
    }
}

/// A third language is a data change: messages, labels and a skeleton in
/// the repository's `.comms/templates/`, and `language: fr`.
#[test]
fn a_repository_adds_a_language_as_data() {
    let s = crate::harness::Sandbox::new();
    s.write("comms.yaml", "timezone: Asia/Shanghai\nlanguage: fr\n");
    s.write(
        ".comms/templates/messages/fr/status.ftl",
        "status-none = aucun élément\nstatus-summary = { $count ->\n    [one] { $count } élément, { $late } en retard\n   *[other] { $count } éléments, { $late } en retard\n}\n",
    );
    s.write(
        ".comms/templates/fields.yaml",
        "owner: { zh: 负责人, en: Owner, fr: Responsable, kind: person, required: true }\n",
    );
    let skeleton = "---\nid: {{id}}\ntype: internal\nsubject: {{subject}}\nowner: {{owner}}\ndeadline: {{deadline}}\nstatus: open\nfrom: {{from}}\nto: {{to}}\ncreated: {{created}}\n---\n\n## Contexte\n\n## Objectif\n\n## Actions\n\n## Journal\n";
    s.write(".comms/templates/types/internal/fr.md", skeleton);

    let run = s.run(&[
        "new",
        "internal",
        "--subject",
        "Commande d'imprimantes",
        "--owner",
        "Zhang",
        "--deadline",
        "2026-12-01 17:00",
        "--set",
        "from=Achats",
        "--set",
        "to=Finances",
        "--now",
        "2026-11-30 09:00",
    ]);
    run.code(0);
    let file = s.files("records").pop().unwrap();
    assert!(s.read(&file).contains("## Contexte"), "{}", s.read(&file));

    // The French summary; the headers it does not translate are English.
    let run = s.run(&["status", "--now", "2026-11-30 09:00"]);
    run.code(0);
    assert!(run.stderr.contains("1 élément, 0 en retard"), "{}", run.stderr);
    assert!(run.stdout.starts_with("ID "), "{}", run.stdout);

    // Labels in the new language where the repository gives them.
    let run = s.run(&["templates", "internal"]);
    run.code(0);
    assert!(run.stdout.contains("Responsable"), "{}", run.stdout);
    assert!(run.stdout.contains("fr): .comms/templates/types/internal/fr.md"), "{}", run.stdout);

    // A language nobody wrote messages for is refused, naming the ones there are.
    let run = s.run(&["--lang", "de", "status"]);
    run.code(2);
    assert!(run.stderr.contains("no messages in `de`; the languages are en, fr, zh"), "{}", run.stderr);
    s.write("comms.yaml", "timezone: Asia/Shanghai\nlanguage: de\n");
    let run = s.run(&["status"]);
    run.code(2);
    assert!(run.stderr.contains("comms.yaml:2:11") && run.stderr.contains("no messages in `de`"), "{}", run.stderr);

    // A broken message file stops the command at its line and column.
    s.write("comms.yaml", "timezone: Asia/Shanghai\nlanguage: fr\n");
    s.write(".comms/templates/messages/fr/broken.ftl", "ok = fine\n\nbad = { $count\n");
    let run = s.run(&["status"]);
    run.code(2);
    assert!(run.stderr.contains(".comms/templates/messages/fr/broken.ftl:4:1"), "{}", run.stderr);
}

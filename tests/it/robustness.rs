//! Hostile and odd input: every case gets a diagnostic or is skipped on
//! purpose — never a crash, a hang or a lost update.

use crate::harness::{GOOD, Sandbox, good_with};

fn codes(s: &Sandbox) -> Vec<(String, String)> {
    let json = s.run(&["validate", "--format", "json"]).json();
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| (d["path"].as_str().unwrap().to_string(), d["code"].as_str().unwrap().to_string()))
        .collect()
}

#[test]
fn binary_and_foreign_encodings_are_diagnosed() {
    let s = Sandbox::new();
    s.write("records/image.md", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".as_slice());
    let utf16: Vec<u8> = [0xFE, 0xFF].into_iter().chain("---\n".encode_utf16().flat_map(|u| u.to_be_bytes())).collect();
    s.write("records/utf16be.md", utf16);
    s.write("records/gbk.md", b"---\nid: a\nowner: \xd5\xc5\xce\xb0\n---\n".as_slice());
    assert_eq!(
        codes(&s),
        [
            ("records/gbk.md".to_string(), "bad-encoding".to_string()),
            ("records/image.md".to_string(), "bad-encoding".to_string()),
            ("records/utf16be.md".to_string(), "bad-encoding".to_string()),
        ]
    );
}

#[test]
fn alias_bombs_and_deep_nesting_stay_cheap() {
    let s = Sandbox::new();
    let mut bomb = String::from("---\na0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..30 {
        bomb.push_str(&format!("a{i}: &a{i} [{}]\n", vec![format!("*a{}", i - 1); 10].join(", ")));
    }
    bomb.push_str("---\n");
    s.write("records/bomb.md", bomb);
    s.write("records/deep.md", format!("---\na: {}{}\n---\n", "[".repeat(100_000), "]".repeat(100_000)));
    s.write(
        "records/deep-block.md",
        format!("---\n{}\n---\n", (0..300).map(|i| format!("{}k{i}:", " ".repeat(i))).collect::<Vec<_>>().join("\n")),
    );
    let start = std::time::Instant::now();
    let found = codes(&s);
    assert!(start.elapsed().as_secs() < 20, "bounded work");
    for path in ["records/bomb.md", "records/deep.md", "records/deep-block.md"] {
        assert!(
            found.iter().any(|(p, c)| p == path && (c == "yaml-unsupported" || c == "yaml-syntax")),
            "{path}: {found:?}"
        );
    }
}

#[test]
fn oversized_files_are_not_read() {
    let s = Sandbox::new();
    s.write("comms.yaml", "timezone: Asia/Shanghai\nmax_file_size: 4096\n");
    s.write("records/big.md", format!("{GOOD}{}", "正文。".repeat(2000)));
    assert_eq!(codes(&s), [("records/big.md".to_string(), "file-too-large".to_string())]);
}

#[cfg(unix)]
#[test]
fn links_folders_named_md_and_loops_do_not_trip_the_walk() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    std::fs::create_dir_all(s.abs("records/notes.md")).unwrap();
    s.write("records/notes.md/inner.md", GOOD.replace("7f3a", "0001"));
    std::os::unix::fs::symlink(s.abs("records"), s.abs("records/loop")).unwrap();
    std::os::unix::fs::symlink(s.abs("records/a.md"), s.abs("records/link.md")).unwrap();
    std::os::unix::fs::symlink(s.abs("records/nowhere.md"), s.abs("records/dangling.md")).unwrap();
    let json = s.run(&["validate", "--format", "json"]).json();
    // a.md, notes.md/inner.md, link.md (a link to a file is read) and the dangling link.
    assert_eq!(json["files_checked"], 4);
    let found = codes(&s);
    assert!(found.contains(&("records/dangling.md".to_string(), "unreadable".to_string())), "{found:?}");
    assert!(found.contains(&("records/link.md".to_string(), "duplicate-id".to_string())), "{found:?}");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_md_does_not_hang_the_scan() {
    let s = Sandbox::new();
    s.write("records/a.md", GOOD);
    let fifo = s.abs("records/pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status().unwrap();
    assert!(made.success());
    let json = s.run(&["validate", "--format", "json"]).code(0).json();
    assert_eq!(json["files_checked"], 1);
    let json = s.run(&["validate", "--format", "json", "records/pipe.md"]).code(1).json();
    assert_eq!(json["diagnostics"][0]["code"], "unreadable");
}

#[test]
fn duplicate_keys_in_action_items_are_errors_too() {
    let s = Sandbox::new();
    s.write(
        "records/m.md",
        good_with("impact: 二号产线停工,影响当日交付 300 件", "impact: x\nactions:\n  - task: a\n    owner: 张伟\n    owner: 李娜\n    deadline: 2026-11-23 17:00\n    status: open"),
    );
    let found = codes(&s);
    assert!(found.contains(&("records/m.md".to_string(), "duplicate-key".to_string())), "{found:?}");
}

/// Many `comms log` processes on one record at once: each either fails
/// cleanly or its line is in the file — no update is lost.
#[test]
fn concurrent_edits_lose_nothing() {
    let s = Sandbox::new();
    s.write("records/20261122-7f3a-r.md", GOOD);
    let children: Vec<_> = (0..16)
        .map(|i| {
            crate::harness::comms(s.path())
                .args(["--now", "2026-11-22 10:00", "log", "20261122-7f3a", &format!("进展 {i}"), "--by", "张伟"])
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    let mut ok = Vec::new();
    for (i, child) in children.into_iter().enumerate() {
        let out = child.wait_with_output().unwrap();
        match out.status.code() {
            Some(0) => ok.push(i),
            Some(2) => {
                let err = String::from_utf8_lossy(&out.stderr);
                assert!(err.contains("changed"), "a refused edit says why: {err}");
            }
            other => panic!("process {i} ended with {other:?}"),
        }
    }
    let text = s.read("records/20261122-7f3a-r.md");
    for i in &ok {
        assert!(text.contains(&format!("进展 {i}\n")), "the edit of process {i} was lost:\n{text}");
    }
    assert!(!ok.is_empty());
    s.run(&["validate", "--strict"]).code(0);
    assert_eq!(s.files("records").len(), 1, "no temporary files left behind");
}

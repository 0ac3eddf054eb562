//! Edits in place on any record: an edit either is refused or leaves a file
//! that reads back with the value written, every byte outside the edited
//! range unchanged. Never a panic.
#![no_main]

use std::path::Path;

use arbitrary::Arbitrary;
use comms::edit::editor::Editor;
use comms::edit::text;
use comms::model::record::Document;
use comms::model::yaml;
use libfuzzer_sys::fuzz_target;

#[derive(Arbitrary, Debug)]
enum Op {
    Set { key: u8, value: String },
    SetInAction { n: u8, key: u8, value: String },
    Ack { by: String },
    Log { line: String },
}

#[derive(Arbitrary, Debug)]
struct Input {
    file: Vec<u8>,
    ops: Vec<Op>,
}

const KEYS: &[&str] = &["status", "owner", "deadline", "closed", "project", "subject", "to", "新字段", "acks", "actions"];
const ACTION_KEYS: &[&str] = &["status", "owner", "deadline", "closed", "task"];

fuzz_target!(|input: Input| {
    let Ok(doc) = Document::parse(Path::new("records/fuzz.md"), input.file) else { return };
    let mut editor = Editor::new(doc);
    for op in input.ops.into_iter().take(8) {
        let before = editor.text().to_string();
        let bom = before.starts_with('\u{feff}');
        match op {
            Op::Set { key, value } => {
                let key = KEYS[key as usize % KEYS.len()];
                if value.trim().is_empty() || value.contains(['\r', '\n']) {
                    continue;
                }
                let Ok(change) = text::set_change(editor.doc(), key, &yaml::quote_scalar(value.trim())) else {
                    continue;
                };
                // Outside the change, every byte is the original's.
                let after = change.apply(&before);
                assert_eq!(&after[..change.start], &before[..change.start]);
                assert_eq!(&after[change.start + change.text.len()..], &before[change.end..]);
                if editor.apply(change).is_ok() {
                    let read = editor.doc().root.get(key).and_then(|e| e.value.as_str()).map(str::trim);
                    assert_eq!(read, Some(value.trim()), "{key} reads back");
                }
            }
            Op::SetInAction { n, key, value } => {
                let key = ACTION_KEYS[key as usize % ACTION_KEYS.len()];
                if value.trim().is_empty() || value.contains(['\r', '\n']) {
                    continue;
                }
                let n = (n % 4) as usize + 1;
                if editor.set_in_action(n, key, value.trim()).is_ok() {
                    let item = editor.doc().root.get("actions").and_then(|e| e.value.items()).and_then(|i| i.get(n - 1));
                    let read = item.and_then(|i| i.get(key)).and_then(|e| e.value.as_str()).map(str::trim);
                    assert_eq!(read, Some(value.trim()), "action {n} {key} reads back");
                }
            }
            Op::Ack { by } => {
                if by.trim().is_empty() || by.contains(['\r', '\n']) {
                    continue;
                }
                let _ = editor.append_ack(by.trim(), "2026-11-22 09:00");
            }
            Op::Log { line } => {
                if line.contains(['\r', '\n']) {
                    continue;
                }
                let _ = editor.append_log(&["反馈记录", "Log"], "反馈记录", &format!("- 2026-11-22 09:00 张伟: {line}"));
            }
        }
        assert_eq!(editor.text().starts_with('\u{feff}'), bom, "the BOM is kept");
    }
});

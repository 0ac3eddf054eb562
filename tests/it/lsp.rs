//! `comms lsp`: the real binary driven over JSON-RPC the way an editor
//! drives it (Content-Length framed messages on stdin and stdout).

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::harness::{GOOD, Sandbox, good_with, scrub};

const CONFIG: &str = "timezone: Asia/Shanghai\nlanguage: zh\npeople:\n  - { name: 张伟, department: 生产部, roles: [部门负责人] }\n  - { name: 李娜, department: 设备部 }\n";

/// An editor's side of the connection.
struct Client {
    child: Child,
    stdin: ChildStdin,
    incoming: Receiver<Value>,
    /// Notifications read while waiting for something else.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    /// Starts `comms lsp` in `dir` and initializes it.
    fn start(dir: &Path) -> Client {
        let mut cmd = Command::new(assert_cmd::cargo_bin!("comms"));
        scrub(&mut cmd);
        cmd.current_dir(dir).args(["--now", "2026-11-22 09:00", "lsp"]);
        let mut child = cmd.stdin(Stdio::piped()).stdout(Stdio::piped()).stderr(Stdio::null()).spawn().unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut len = None;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        len = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; len.expect("a Content-Length header")];
                r.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice::<Value>(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut c = Client { child, stdin, incoming: rx, pending: Vec::new(), next_id: 0 };
        let root = format!("file://{}", dir.display());
        let caps = json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": false } } });
        let init = c.request("initialize", json!({ "processId": null, "rootUri": root, "capabilities": caps }));
        assert!(init["capabilities"]["completionProvider"].is_object(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).unwrap();
        self.stdin.flush().unwrap();
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self) -> Value {
        match self.incoming.recv_timeout(Duration::from_secs(20)) {
            Ok(v) => v,
            Err(RecvTimeoutError::Timeout) => panic!("no message from the server in 20 s"),
            Err(RecvTimeoutError::Disconnected) => panic!("the server closed its output"),
        }
    }

    /// Sends a request and waits for its result.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let msg = self.next();
            if msg["id"] == json!(id) && msg.get("method").is_none() {
                assert!(msg.get("error").is_none(), "{method}: {msg}");
                return msg["result"].clone();
            }
            self.pending.push(msg);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_for = |m: &Value| m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri;
        if let Some(i) = self.pending.iter().position(is_for) {
            let m = self.pending.remove(i);
            return m["params"]["diagnostics"].as_array().unwrap().clone();
        }
        loop {
            let m = self.next();
            if is_for(&m) {
                return m["params"]["diagnostics"].as_array().unwrap().clone();
            }
            self.pending.push(m);
        }
    }

    fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        let doc = json!({ "uri": uri, "languageId": "markdown", "version": 1, "text": text });
        self.notify("textDocument/didOpen", json!({ "textDocument": doc }));
        self.diagnostics(uri)
    }

    fn change(&mut self, uri: &str, version: i64, text: &str) -> Vec<Value> {
        let doc = json!({ "uri": uri, "version": version });
        self.notify("textDocument/didChange", json!({ "textDocument": doc, "contentChanges": [{ "text": text }] }));
        self.diagnostics(uri)
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        let params = json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } });
        self.request(method, params)
    }

    /// shutdown, exit, and the exit status.
    fn stop(mut self) -> i32 {
        assert_eq!(self.request("shutdown", Value::Null), Value::Null);
        self.notify("exit", Value::Null);
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status.code().unwrap_or(-1);
            }
            assert!(Instant::now() < deadline, "the server did not exit after `exit`");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

fn uri(s: &Sandbox, rel: &str) -> String {
    format!("file://{}", s.abs(rel).display()).replace(' ', "%20")
}

fn codes(diags: &[Value]) -> Vec<String> {
    diags.iter().map(|d| d["code"].as_str().unwrap().to_string()).collect()
}

fn sandbox() -> Sandbox {
    let s = Sandbox::new();
    s.write("comms.yaml", CONFIG);
    s
}

#[test]
fn diagnostics_are_validates_published_on_open_and_change_and_cleared_when_fixed() {
    let s = sandbox();
    let bad = good_with("deadline: 2026-11-23 17:00", "deadline: 尽快").replace("status: open", "status: finished");
    s.write("records/20261122-7f3a-a.md", &bad);
    let validate = s.run(&["--now", "2026-11-22 09:00", "validate", "--format", "json"]).json();
    let expected: Vec<(String, u64, u64)> = validate["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (d["code"].as_str().unwrap().into(), d["line"].as_u64().unwrap() - 1, d["column"].as_u64().unwrap() - 1)
        })
        .collect();
    assert_eq!(expected.len(), 2, "{validate}");

    let mut c = Client::start(s.path());
    let u = uri(&s, "records/20261122-7f3a-a.md");
    let diags = c.open(&u, &bad);
    let got: Vec<(String, u64, u64)> = diags
        .iter()
        .map(|d| {
            let start = &d["range"]["start"];
            (d["code"].as_str().unwrap().into(), start["line"].as_u64().unwrap(), start["character"].as_u64().unwrap())
        })
        .collect();
    assert_eq!(got, expected);
    let vague = &diags[0];
    assert_eq!((vague["severity"].as_u64(), vague["source"].as_str()), (Some(1), Some("comms")));
    assert_eq!(vague["range"]["end"]["character"], 12, "尽快 is two UTF-16 units: {vague}");

    // Fixed in the buffer, unsaved: cleared.
    assert_eq!(codes(&c.change(&u, 2, GOOD)), Vec::<String>::new());
    assert_eq!(codes(&c.change(&u, 3, &bad.replace("deadline: 尽快", "deadline: 2026-11-23 17:00"))), ["bad-status"]);
    assert_eq!(c.stop(), 0);
}

#[test]
fn columns_are_utf16_units_on_a_chinese_line_with_crlf() {
    let s = sandbox();
    // 😀 is two UTF-16 units, one character; the number starts after
    // `subject: 【紧急】😀设备故障 `: 9 + 4 + 2 + 4 + 1 units.
    let text = good_with("subject: 【紧急】生产部-设备故障通知", "subject: 【紧急】😀设备故障 13812345678")
        .replace('\n', "\r\n");
    s.write("records/20261122-7f3a-a.md", &text);
    let mut c = Client::start(s.path());
    let u = uri(&s, "records/20261122-7f3a-a.md");
    let diags = c.open(&u, &text);
    let d = diags.iter().find(|d| d["code"] == "unmasked-contact").unwrap_or_else(|| panic!("{diags:?}"));
    assert_eq!(d["range"]["start"], json!({ "line": 3, "character": 20 }));
    assert_eq!(d["range"]["end"], json!({ "line": 3, "character": 31 }));
    assert_eq!(c.stop(), 0);
}

#[test]
fn duplicate_ids_count_every_record_and_unsaved_buffers() {
    let s = sandbox();
    s.write("records/20261122-7f3a-a.md", GOOD);
    s.write("archive/2026/Q4/x/20261122-7f3a-old.md", GOOD);
    let mut c = Client::start(s.path());
    let a = uri(&s, "records/20261122-7f3a-a.md");
    let diags = c.open(&a, GOOD);
    assert_eq!(codes(&diags), ["duplicate-id"]);
    assert!(diags[0]["message"].as_str().unwrap().contains("archive/2026/Q4/x/20261122-7f3a-old.md"), "{diags:?}");

    // A new record, not saved yet, with the same id as a: both report it.
    let b = uri(&s, "records/20261122-beef-b.md");
    let other = GOOD.replace("id: 20261122-7f3a", "id: 20261122-beef");
    assert_eq!(codes(&c.open(&b, &other)), Vec::<String>::new());
    assert_eq!(codes(&c.change(&b, 2, GOOD)), ["duplicate-id"]);
    let again = c.diagnostics(&a);
    assert!(again[0]["message"].as_str().unwrap().contains("records/20261122-beef-b.md"), "{again:?}");
    // Given its own id again: cleared, and a is back to the archive alone.
    assert_eq!(codes(&c.change(&b, 3, &other)), Vec::<String>::new());
    assert!(!c.diagnostics(&a)[0]["message"].as_str().unwrap().contains("beef"));
    assert_eq!(c.stop(), 0);
}

#[test]
fn completion_hover_code_actions_and_definition() {
    let s = sandbox();
    let target = GOOD.replace("id: 20261122-7f3a", "id: 20261120-aaaa").replace("设备故障通知", "主轴更换");
    s.write("records/20261120-aaaa-x.md", &target);
    let text = good_with("status: open", "status: 处理中")
        .replace("owner: 张伟\n", "")
        .replace("project: 二号产线", "parent: 20261120-aaaa");
    s.write("records/20261122-7f3a-a.md", &text);
    let mut c = Client::start(s.path());
    let u = uri(&s, "records/20261122-7f3a-a.md");
    assert_eq!(codes(&c.open(&u, &text)), ["missing-field"]);

    // Completion of a status value, of a person and of a key.
    let status_line = text.lines().position(|l| l.starts_with("status:")).unwrap() as u32;
    let items = c.at("textDocument/completion", &u, status_line, 8);
    let labels: Vec<&str> = items.as_array().unwrap().iter().map(|i| i["label"].as_str().unwrap()).collect();
    assert!(labels.contains(&"in-progress") && labels.contains(&"已完成"), "{labels:?}");
    let with_owner = text.replace("status: 处理中\n", "status: 处理中\nowner: \n");
    c.change(&u, 2, &with_owner);
    let items = c.at("textDocument/completion", &u, status_line + 1, 7);
    let people: Vec<(&str, &str)> = items
        .as_array()
        .unwrap()
        .iter()
        .map(|i| (i["label"].as_str().unwrap(), i["detail"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(people, [("张伟", "生产部"), ("李娜", "设备部")]);
    c.change(&u, 3, &text);

    // Hover: a person, a record's id, a rule.
    let from_line = text.lines().position(|l| l.starts_with("parent:")).unwrap() as u32;
    let hover = c.at("textDocument/hover", &u, from_line, 12);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("20261120-aaaa") && md.contains("主轴更换") && md.contains("2026-11-23 17:00"), "{md}");
    let close_line = text.lines().skip(1).position(|l| l == "---").unwrap() as u32 + 1;
    let hover = c.at("textDocument/hover", &u, close_line, 0);
    let md = hover["contents"]["value"].as_str().unwrap();
    assert!(md.contains("missing-field") && md.contains("a required field is missing"), "{md}");

    // Go to the record `parent` names.
    let def = c.at("textDocument/definition", &u, from_line, 12);
    assert_eq!(def[0]["uri"], uri(&s, "records/20261120-aaaa-x.md"), "{def}");
    assert_eq!(def[0]["range"]["start"]["line"], 1);

    // Code actions: the canonical status, the missing owner.
    let params = |line: u32| {
        json!({
            "textDocument": { "uri": u },
            "range": { "start": { "line": line, "character": 0 }, "end": { "line": line, "character": 0 } },
            "context": { "diagnostics": [] },
        })
    };
    let actions = c.request("textDocument/codeAction", params(status_line));
    let set = actions.as_array().unwrap().iter().find(|a| a["title"].as_str().unwrap().contains("in-progress"));
    let edit = &set.unwrap_or_else(|| panic!("{actions}"))["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "in-progress");
    assert_eq!(edit["range"]["start"], json!({ "line": status_line, "character": 8 }));
    let actions = c.request("textDocument/codeAction", params(close_line));
    let insert = actions.as_array().unwrap().iter().find(|a| a["title"].as_str().unwrap().contains("owner"));
    let edit = &insert.unwrap_or_else(|| panic!("{actions}"))["edit"]["changes"][&u][0];
    assert_eq!(edit["newText"], "owner: \n");
    assert_eq!(c.stop(), 0);
}

#[test]
fn a_file_outside_the_records_folder_gets_no_diagnostics() {
    let s = sandbox();
    s.write("README.md", "no front matter\n");
    s.write("records/20261122-7f3a-a.md", "no front matter\n");
    let mut c = Client::start(s.path());
    let readme = uri(&s, "README.md");
    let doc = json!({ "uri": readme, "languageId": "markdown", "version": 1, "text": "no front matter\n" });
    c.notify("textDocument/didOpen", json!({ "textDocument": doc }));
    // The record opened after it is answered; the README never is.
    let record = uri(&s, "records/20261122-7f3a-a.md");
    assert_eq!(codes(&c.open(&record, "no front matter\n")), ["no-front-matter"]);
    assert!(!c.pending.iter().any(|m| m["params"]["uri"] == readme));
    assert_eq!(c.stop(), 0);
}

#[test]
fn file_events_keep_the_repository_current_without_reading_it_again() {
    let s = sandbox();
    s.write("records/20261122-7f3a-a.md", GOOD);
    let mut c = Client::start(s.path());
    let a = uri(&s, "records/20261122-7f3a-a.md");
    assert_eq!(codes(&c.open(&a, GOOD)), Vec::<String>::new());

    // Another record with the same id appears on disk (a `git pull`).
    s.write("records/20261122-7f3a-copy.md", GOOD);
    let copy = uri(&s, "records/20261122-7f3a-copy.md");
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": copy, "type": 1 }] }));
    let diags = c.diagnostics(&a);
    assert_eq!(codes(&diags), ["duplicate-id"]);
    assert!(diags[0]["relatedInformation"][0]["location"]["uri"] == copy, "{diags:?}");

    // It is deleted: cleared.
    std::fs::remove_file(s.abs("records/20261122-7f3a-copy.md")).unwrap();
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": copy, "type": 3 }] }));
    assert_eq!(codes(&c.diagnostics(&a)), Vec::<String>::new());

    // A change to comms.yaml is read: a people directory makes 张伟 unknown.
    s.write("comms.yaml", format!("{CONFIG}  - {{ name: 王强 }}\n").replace("张伟", "赵六"));
    let settings = uri(&s, "comms.yaml");
    c.notify("workspace/didChangeWatchedFiles", json!({ "changes": [{ "uri": settings, "type": 2 }] }));
    assert!(codes(&c.diagnostics(&a)).contains(&"unknown-person".to_string()));
    assert_eq!(c.stop(), 0);
}

#[test]
fn run_by_hand_without_an_editor_it_says_what_it_is_for() {
    let s = sandbox();
    for args in [&["lsp"][..], &["lsp", "--stdio"]] {
        // `--stdio` is what VS Code's client adds: accepted, the same.
        let run = s.run(args);
        run.code(2);
        assert!(run.stderr.contains("`initialize`") && run.stderr.contains("docs/editors.md"), "{}", run.stderr);
    }
}

#[test]
fn a_repository_in_a_subfolder_of_the_editors_folder_is_found_when_a_record_opens() {
    let s = Sandbox::empty();
    s.write("team/comms.yaml", CONFIG);
    let bad = good_with("deadline: 2026-11-23 17:00", "deadline: 尽快");
    s.write("team/records/20261122-7f3a-a.md", &bad);
    s.write("team/archive/2026/Q4/x/20261122-7f3a-old.md", GOOD);
    let mut c = Client::start(s.path());
    let u = uri(&s, "team/records/20261122-7f3a-a.md");
    assert_eq!(codes(&c.open(&u, &bad)), ["duplicate-id", "vague-deadline"]);
    assert_eq!(c.stop(), 0);
}

//! Changing one record in place.
//!
//! An [`Editor`] holds a record as it was read and applies edits one at a
//! time. Each edit is a [`Change`] to the text (see [`crate::edit::text`]): only
//! the bytes of the value, item or line concerned change. After each one the
//! text is parsed again, so the next edit works on the new positions, and an
//! edit that would leave the file unreadable is caught at once.
//!
//! Before anything is written, the result is checked with the same rules as
//! `validate`. A record may already break rules (an edit is often how it
//! gets fixed), so the check is relative: an edit may leave old problems
//! alone but may not add one ([`Editor::new_errors`]). Writing is the
//! caller's, with [`crate::store::write::replace_if_unchanged`], which refuses when
//! the file changed on disk since it was read.

use std::collections::HashMap;

use crate::check::rules::{self, RuleContext};
use crate::edit::text::{self, Change, EditError};
use crate::model::diagnostic::{Code, Diagnostic, Severity};
use crate::model::record::Document;
use crate::model::yaml::{self, Value};

/// Why an edit could not be made.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The edit cannot be made in this record; nothing is written.
    #[error("{path}: {error}; nothing was written")]
    Edit { path: String, error: EditError },
    /// The edited text no longer reads as a record. Edits are written so
    /// this does not happen; if it does, nothing is written.
    #[error(
        "{path}: comms cannot make this edit in the way this front matter is laid out (the result would not read as a record: {why}); nothing was written — make the change by hand, or write the front matter as one `key: value` per line"
    )]
    Unreadable { path: String, why: String },
}

/// A record being edited: the document as read, and as edited so far.
#[derive(Clone, Debug)]
pub struct Editor {
    original: Document,
    doc: Document,
}

impl Editor {
    pub fn new(doc: Document) -> Editor {
        Editor { original: doc.clone(), doc }
    }

    /// The document as edited so far.
    pub fn doc(&self) -> &Document {
        &self.doc
    }

    /// The document as it was read.
    pub fn original(&self) -> &Document {
        &self.original
    }

    pub fn text(&self) -> &str {
        &self.doc.source.text
    }

    /// Whether any byte differs from the file as read.
    pub fn changed(&self) -> bool {
        self.doc.source.text != self.original.source.text
    }

    /// Makes one change and parses the result again.
    pub fn apply(&mut self, change: Change) -> Result<(), UpdateError> {
        let text = change.apply(&self.doc.source.text);
        let doc = Document::parse(&self.doc.path, text.into_bytes()).map_err(|d| UpdateError::Unreadable {
            path: self.doc.shown(),
            why: format!("line {}: {}", d.line, d.message),
        })?;
        self.doc = doc;
        Ok(())
    }

    fn refused(&self, error: EditError) -> UpdateError {
        UpdateError::Edit { path: self.doc.shown(), error }
    }

    /// Sets a top-level key to `yaml` (a value as it is to be written). In
    /// a front matter written as one flow mapping `{ … }`, a scalar is
    /// quoted again for the flow context (`,` and brackets end a plain value
    /// there).
    pub fn set(&mut self, key: &str, yaml: &str) -> Result<(), UpdateError> {
        let yaml = if matches!(self.doc.root.value, Value::Map { flow: true, .. }) {
            requote_for_flow(yaml)
        } else {
            yaml.to_string()
        };
        let change = text::set_change(&self.doc, key, &yaml).map_err(|e| self.refused(e))?;
        self.apply(change)
    }

    /// Sets `key` of action item `n` (1-based) to the text `value`, quoted
    /// as the item's style needs.
    pub fn set_in_action(&mut self, n: usize, key: &str, value: &str) -> Result<(), UpdateError> {
        let yaml = if self.action_is_flow(n) { yaml::quote_flow_scalar(value) } else { yaml::quote_scalar(value) };
        let change = text::set_in_item(&self.doc, "actions", n, key, &yaml).map_err(|e| self.refused(e))?;
        self.apply(change)
    }

    /// Appends `{ by: BY, at: AT }` to `acks`, creating the key if needed.
    pub fn append_ack(&mut self, by: &str, at: &str) -> Result<(), UpdateError> {
        let pairs = [("by", yaml::quote_flow_scalar(by)), ("at", yaml::quote_flow_scalar(at))];
        let change = text::append_mapping(&self.doc, "acks", &pairs).map_err(|e| self.refused(e))?;
        self.apply(change)
    }

    /// Appends `{ by: BY, at: AT, decision: DECISION[, note: NOTE] }` to
    /// `approvals`, creating the key if needed.
    pub fn append_approval(
        &mut self,
        by: &str,
        at: &str,
        decision: &str,
        note: Option<&str>,
    ) -> Result<(), UpdateError> {
        let mut pairs = vec![
            ("by", yaml::quote_flow_scalar(by)),
            ("at", yaml::quote_flow_scalar(at)),
            ("decision", yaml::quote_flow_scalar(decision)),
        ];
        if let Some(n) = note {
            pairs.push(("note", yaml::quote_flow_scalar(n)));
        }
        let change = text::append_mapping(&self.doc, "approvals", &pairs).map_err(|e| self.refused(e))?;
        self.apply(change)
    }

    /// Adds `{ by: BY, at: AT }` to the `acks` of action item `n`
    /// (1-based): the item gets `acks: [{ by: BY, at: AT }]`, or its flow
    /// list one more entry; a list written in block style is written again
    /// as a flow list with the new entry last.
    pub fn append_action_ack(&mut self, n: usize, by: &str, at: &str) -> Result<(), UpdateError> {
        let entry = format!("{{ by: {}, at: {} }}", yaml::quote_flow_scalar(by), yaml::quote_flow_scalar(at));
        let item = self.doc.root.get("actions").and_then(|e| e.value.items()).and_then(|i| i.get(n.wrapping_sub(1)));
        let mut entries: Vec<String> = Vec::new();
        if let Some(list) = item.and_then(|i| i.get("acks")).and_then(|e| e.value.items()) {
            for a in list {
                let v = |k: &str| a.get(k).and_then(|e| e.value.as_str()).unwrap_or_default().trim().to_string();
                entries.push(format!(
                    "{{ by: {}, at: {} }}",
                    yaml::quote_flow_scalar(&v("by")),
                    yaml::quote_flow_scalar(&v("at"))
                ));
            }
        }
        entries.push(entry);
        let list = format!("[{}]", entries.join(", "));
        let change = text::set_in_item(&self.doc, "actions", n, "acks", &list).map_err(|e| self.refused(e))?;
        self.apply(change)
    }

    /// Appends `line` to the body section named by one of `names`, creating
    /// `## create` at the end of the body when there is none.
    pub fn append_log(&mut self, names: &[&str], create: &str, line: &str) -> Result<(), UpdateError> {
        let change = text::append_to_section(&self.doc, names, create, line);
        self.apply(change)
    }

    fn action_is_flow(&self, n: usize) -> bool {
        // Inside a flow root, every item is in a flow context.
        if matches!(self.doc.root.value, Value::Map { flow: true, .. }) {
            return true;
        }
        let item = self.doc.root.get("actions").and_then(|e| e.value.items()).and_then(|i| i.get(n.wrapping_sub(1)));
        matches!(item.map(|i| &i.value), Some(Value::Map { flow: true, .. }) | Some(Value::Seq { flow: true, .. }))
    }

    /// The errors the edited record has that the record as read did not:
    /// what the edit would break. Compared by rule and message (line numbers
    /// inside messages aside), so problems that only moved do not count.
    pub fn new_errors(&self, cx: &RuleContext) -> Vec<Diagnostic> {
        let errors = |doc: &Document| -> Vec<Diagnostic> {
            rules::check(doc, cx).into_iter().filter(|d| d.severity == Severity::Error).collect()
        };
        let mut before: HashMap<(Code, String), usize> = HashMap::new();
        for d in errors(&self.original) {
            *before.entry((d.code, d.gist().to_string())).or_default() += 1;
        }
        let mut out = Vec::new();
        for d in errors(&self.doc) {
            match before.get_mut(&(d.code, d.gist().to_string())) {
                Some(n) if *n > 0 => *n -= 1,
                _ => out.push(d),
            }
        }
        out
    }
}

/// A scalar written for a block context (`quote_scalar`), written again for
/// a flow one; lists and mappings (`[…]`, `{…}`) are kept.
fn requote_for_flow(yaml: &str) -> String {
    if yaml.starts_with(['[', '{']) {
        return yaml.to_string();
    }
    let text = format!("k: {yaml}\n");
    match yaml::parse(&text, yaml::Origin::START, yaml::Limits::default()) {
        Ok(parsed) => match parsed.root.as_ref().and_then(|r| r.get("k")).and_then(|e| e.value.as_str()) {
            Some(value) => yaml::quote_flow_scalar(value),
            None => yaml.to_string(),
        },
        Err(_) => yaml.to_string(),
    }
}

/// The status text `comms done` writes in place of `current`: `done`, or
/// `已完成` when the record writes its status in Chinese.
pub fn done_word(current: Option<&str>) -> &'static str {
    if current.is_some_and(|s| !s.is_ascii()) { "已完成" } else { "done" }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::config::Config;
    use crate::model::types::Catalog;
    use std::path::Path;

    fn editor(text: &str) -> Editor {
        Editor::new(Document::parse(Path::new("records/a.md"), text.as_bytes().to_vec()).unwrap())
    }

    const REC: &str = "---\nid: a\ntype: urgent\nsubject: 【紧急】停机\nowner: 张伟\ndeadline: 2026-11-23 17:00\nstatus: 处理中\nimpact: 停工\nmeasures: 抢修\nactions:\n  - { task: 换轴承, owner: 孙磊, deadline: 2026-11-23 12:00, status: open }\n---\n## 背景\n## 目标\n## 行动要求\n## 反馈记录\n";

    #[test]
    fn edits_one_after_another_on_fresh_positions() {
        let mut ed = editor(REC);
        ed.set("status", "done").unwrap();
        ed.set("closed", "2026-11-23 10:00").unwrap();
        ed.set_in_action(1, "owner", "吴刚, 孙磊").unwrap();
        ed.append_ack("李娜", "2026-11-22 10:00").unwrap();
        ed.append_log(&["反馈记录", "Log"], "反馈记录", "- 2026-11-23 10:00 张伟: 已恢复").unwrap();
        assert!(ed.changed());
        let want = REC
            .replace("status: 处理中", "status: done")
            .replace("owner: 孙磊", "owner: \"吴刚, 孙磊\"")
            .replace(
                "---\n## 背景",
                "closed: 2026-11-23 10:00\nacks:\n  - { by: 李娜, at: 2026-11-22 10:00 }\n---\n## 背景",
            )
            .replace("## 反馈记录\n", "## 反馈记录\n\n- 2026-11-23 10:00 张伟: 已恢复\n");
        assert_eq!(ed.text(), want);
    }

    #[test]
    fn new_errors_are_only_the_ones_the_edit_adds() {
        let catalog = Catalog::builtin().unwrap();
        let config = Config { timezone: chrono_tz::Asia::Shanghai, ..Config::default() };
        let cx = RuleContext { catalog: &catalog, config: &config };
        // Already broken: a vague deadline. Setting the status keeps it, adds nothing.
        let mut ed = editor(&REC.replace("deadline: 2026-11-23 17:00", "deadline: 尽快"));
        ed.set("status", "in-progress").unwrap();
        assert!(ed.new_errors(&cx).is_empty());
        ed.set("owner", "相关部门").unwrap();
        let new = ed.new_errors(&cx);
        assert_eq!(new.iter().map(|d| d.code).collect::<Vec<_>>(), [Code::VagueOwner]);
        // Fixing the old problem is fine.
        let mut ed = editor(&REC.replace("deadline: 2026-11-23 17:00", "deadline: 尽快"));
        ed.set("deadline", "2026-11-24 12:00").unwrap();
        assert!(ed.new_errors(&cx).is_empty());
    }

    #[test]
    fn an_edit_that_breaks_the_yaml_is_caught() {
        let mut ed = editor(REC);
        let err = ed.set("owner", "[unclosed").unwrap_err();
        assert!(err.to_string().contains("records/a.md: comms cannot make this edit"), "{err}");
        assert!(err.to_string().contains("nothing was written"), "{err}");
        assert_eq!(ed.text(), REC, "nothing applied");
    }

    #[test]
    fn a_duplicate_key_that_only_moved_is_not_new() {
        let catalog = Catalog::builtin().unwrap();
        let config = Config { timezone: chrono_tz::Asia::Shanghai, ..Config::default() };
        let cx = RuleContext { catalog: &catalog, config: &config };
        // `priority` twice below an `acks` list; one more acknowledgement
        // moves both down a line.
        let text = REC.replace(
            "id: a\n",
            "id: a\nacks:\n  - { by: 李娜, at: 2026-11-22 10:00 }\npriority: high\npriority: low\n",
        );
        let mut ed = editor(&text);
        let before = rules::check(&ed.original, &cx);
        let dup = before.iter().find(|d| d.code == Code::DuplicateKey).expect("a duplicate-key to start with");
        ed.append_ack("孙磊", "2026-11-22 11:00").unwrap();
        let after = rules::check(&ed.doc, &cx);
        let moved = after.iter().find(|d| d.code == Code::DuplicateKey).unwrap();
        assert_ne!(moved.message, dup.message, "the message names the first line, which moved");
        assert_eq!(moved.related[0].line, dup.related[0].line + 1);
        assert!(ed.new_errors(&cx).is_empty(), "{:?}", ed.new_errors(&cx));
    }

    #[test]
    fn an_action_ack_goes_into_the_item() {
        let mut ed = editor(REC);
        ed.append_action_ack(1, "孙磊", "2026-11-22 10:00").unwrap();
        ed.append_action_ack(1, "吴刚", "2026-11-22 11:00").unwrap();
        assert_eq!(
            ed.text(),
            REC.replace(
                "status: open }",
                "status: open, acks: [{ by: 孙磊, at: 2026-11-22 10:00 }, { by: 吴刚, at: 2026-11-22 11:00 }] }"
            )
        );
        let block = REC.replace(
            "  - { task: 换轴承, owner: 孙磊, deadline: 2026-11-23 12:00, status: open }\n",
            "  - task: 换轴承\n    owner: 孙磊\n    deadline: 2026-11-23 12:00\n    status: open\n",
        );
        let mut ed = editor(&block);
        ed.append_action_ack(1, "孙磊", "2026-11-22 10:00").unwrap();
        assert_eq!(
            ed.text(),
            block.replace("status: open\n---", "status: open\n    acks: [{ by: 孙磊, at: 2026-11-22 10:00 }]\n---")
        );
    }

    #[test]
    fn done_keeps_the_language_of_the_status() {
        assert_eq!(done_word(Some("处理中")), "已完成");
        assert_eq!(done_word(Some("in-progress")), "done");
        assert_eq!(done_word(None), "done");
    }
}

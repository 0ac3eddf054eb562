//! `comms lsp`: the rules in the editor. A language server over stdio
//! (JSON-RPC, the Language Server Protocol); what it answers is computed
//! by [`crate::lsp`], which reads the repository once at `initialize` and
//! keeps it current from the editor's buffers and file events.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use anyhow::{Context as _, Result};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types as lt;
use lsp_types::notification::Notification as _;
use lsp_types::request::Request as _;
use serde_json::json;

use crate::Outcome;
use crate::cli::LspArgs;
use crate::context::Context;
use crate::i18n::Lang;
use crate::lsp::text::{Pos16, Range16};
use crate::lsp::{Workspace, assist, text};
use crate::model::diagnostic::{Diagnostic, Severity};
use crate::model::time::{Clock, Instant};
use crate::store::repo::Repo;

pub fn run(cx: &Context, _args: LspArgs) -> Result<Outcome> {
    let (conn, io) = Connection::stdio();
    let (id, params) = conn.initialize_start().map_err(|e| {
        anyhow::anyhow!(
            "no LSP `initialize` request on stdin ({e}); `comms lsp` is started by an editor, see docs/editors.md"
        )
    })?;
    let init: lt::InitializeParams = serde_json::from_value(params).context("initialize: bad parameters")?;
    let repo = open_repo(cx, &init)?;
    let lang = cx.lang(&repo);
    let fixed = match &cx.global.now {
        Some(_) => Some(cx.clock(&repo)?.now()),
        None => None,
    };
    let watch = init
        .capabilities
        .workspace
        .as_ref()
        .and_then(|w| w.did_change_watched_files.as_ref())
        .and_then(|d| d.dynamic_registration)
        .unwrap_or(false);
    // Every record is read now, once: the editor's requests are answered
    // from memory.
    let ws = Workspace::load(repo);
    conn.initialize_finish(
        id,
        json!({
            "capabilities": capabilities(),
            "serverInfo": { "name": "comms", "version": env!("CARGO_PKG_VERSION") },
        }),
    )?;
    let mut server = Server { conn, ws, uris: HashMap::new(), lang, fixed, next_id: 0 };
    if watch {
        server.watch_files();
    }
    server.serve()?;
    drop(server);
    io.join()?;
    Ok(Outcome::Success)
}

/// The repository: `--repo`, else the editor's workspace folder (the
/// nearest folder above it with comms.yaml), else the current folder's.
fn open_repo(cx: &Context, init: &lt::InitializeParams) -> Result<Repo> {
    if cx.single_repo()?.is_some() {
        return cx.any_repo();
    }
    #[allow(deprecated)]
    let folder = init
        .workspace_folders
        .as_ref()
        .and_then(|f| f.first())
        .map(|f| f.uri.clone())
        .or_else(|| init.root_uri.clone())
        .and_then(|u| uri_path(&u));
    match folder {
        Some(folder) => {
            let root = crate::store::repo::find_root(&folder);
            let repo = Repo::discover(Some(&root))?;
            crate::i18n::use_repository(&repo.root)?;
            Ok(repo)
        }
        None => cx.any_repo(),
    }
}

fn capabilities() -> lt::ServerCapabilities {
    lt::ServerCapabilities {
        text_document_sync: Some(lt::TextDocumentSyncCapability::Options(lt::TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(lt::TextDocumentSyncKind::FULL),
            save: Some(lt::TextDocumentSyncSaveOptions::SaveOptions(lt::SaveOptions { include_text: Some(false) })),
            ..Default::default()
        })),
        completion_provider: Some(lt::CompletionOptions {
            trigger_characters: Some(vec![":".into(), " ".into(), "-".into(), "[".into(), ",".into()]),
            ..Default::default()
        }),
        hover_provider: Some(lt::HoverProviderCapability::Simple(true)),
        definition_provider: Some(lt::OneOf::Left(true)),
        code_action_provider: Some(lt::CodeActionProviderCapability::Options(lt::CodeActionOptions {
            code_action_kinds: Some(vec![lt::CodeActionKind::QUICKFIX]),
            ..Default::default()
        })),
        ..Default::default()
    }
}

struct Server {
    conn: Connection,
    ws: Workspace,
    /// The URI the editor named each open record by, to answer with it.
    uris: HashMap<PathBuf, lt::Uri>,
    lang: Lang,
    /// `--now`, for tests and demonstrations; else the clock at each check.
    fixed: Option<Instant>,
    next_id: i32,
}

impl Server {
    fn serve(&mut self) -> Result<()> {
        while let Ok(msg) = self.conn.receiver.recv() {
            match msg {
                Message::Request(req) => {
                    if self.conn.handle_shutdown(&req)? {
                        return Ok(());
                    }
                    let id = req.id.clone();
                    let response = match self.request(req) {
                        Ok(value) => Response::new_ok(id, value),
                        Err(e) => Response::new_err(id, ErrorCode::InvalidParams as i32, format!("{e:#}")),
                    };
                    self.conn.sender.send(response.into())?;
                }
                Message::Notification(n) => {
                    if n.method == lt::notification::Exit::METHOD {
                        return Ok(());
                    }
                    // A notification has no answer: a bad one is dropped,
                    // the editor goes on.
                    let _ = self.notification(n);
                }
                Message::Response(_) => {}
            }
        }
        Ok(())
    }

    fn now(&self) -> Instant {
        self.fixed.unwrap_or_else(|| Clock::system().now())
    }

    /// Asks the editor to report changes to records and settings on disk.
    fn watch_files(&mut self) {
        let watchers: Vec<lt::FileSystemWatcher> = ["**/*.md", "**/*.markdown", "**/comms.yaml", "**/.comms/**"]
            .into_iter()
            .map(|g| lt::FileSystemWatcher { glob_pattern: lt::GlobPattern::String(g.into()), kind: None })
            .collect();
        let params = lt::RegistrationParams {
            registrations: vec![lt::Registration {
                id: "comms-files".into(),
                method: lt::notification::DidChangeWatchedFiles::METHOD.into(),
                register_options: serde_json::to_value(lt::DidChangeWatchedFilesRegistrationOptions { watchers }).ok(),
            }],
        };
        self.next_id += 1;
        let req = Request::new(
            RequestId::from(format!("comms-{}", self.next_id)),
            lt::request::RegisterCapability::METHOD.into(),
            params,
        );
        let _ = self.conn.sender.send(req.into());
    }

    fn request(&mut self, req: Request) -> Result<serde_json::Value> {
        use lt::request::*;
        let v = match req.method.as_str() {
            Completion::METHOD => {
                let p: lt::CompletionParams = serde_json::from_value(req.params)?;
                let Some((_, text)) = self.document(&p.text_document_position.text_document.uri) else {
                    return Ok(serde_json::Value::Null);
                };
                let items =
                    assist::complete(&self.ws, &text, pos16(p.text_document_position.position), self.now(), self.lang);
                let items: Vec<lt::CompletionItem> = items.into_iter().map(completion_item).collect();
                serde_json::to_value(lt::CompletionResponse::Array(items))?
            }
            HoverRequest::METHOD => {
                let p: lt::HoverParams = serde_json::from_value(req.params)?;
                let Some((rel, text)) = self.document(&p.text_document_position_params.text_document.uri) else {
                    return Ok(serde_json::Value::Null);
                };
                let diags = self.ws.diagnostics(&rel, self.now());
                let pos = pos16(p.text_document_position_params.position);
                match assist::hover(&self.ws, &text, pos, &diags, self.lang) {
                    Some(md) => serde_json::to_value(lt::Hover {
                        contents: lt::HoverContents::Markup(lt::MarkupContent {
                            kind: lt::MarkupKind::Markdown,
                            value: md,
                        }),
                        range: None,
                    })?,
                    None => serde_json::Value::Null,
                }
            }
            GotoDefinition::METHOD => {
                let p: lt::GotoDefinitionParams = serde_json::from_value(req.params)?;
                let Some((rel, text)) = self.document(&p.text_document_position_params.text_document.uri) else {
                    return Ok(serde_json::Value::Null);
                };
                let pos = pos16(p.text_document_position_params.position);
                let locations: Vec<lt::Location> = assist::definition(&self.ws, &rel, &text, pos)
                    .into_iter()
                    .filter_map(|(path, at)| {
                        Some(lt::Location { uri: path_uri(&path)?, range: range(Range16 { start: at, end: at }) })
                    })
                    .collect();
                if locations.is_empty() {
                    serde_json::Value::Null
                } else {
                    serde_json::to_value(lt::GotoDefinitionResponse::Array(locations))?
                }
            }
            CodeActionRequest::METHOD => {
                let p: lt::CodeActionParams = serde_json::from_value(req.params)?;
                let uri = p.text_document.uri.clone();
                let Some((rel, text)) = self.document(&uri) else { return Ok(serde_json::Value::Null) };
                let diags = self.ws.diagnostics(&rel, self.now());
                let asked = Range16 { start: pos16(p.range.start), end: pos16(p.range.end) };
                let actions: Vec<lt::CodeActionOrCommand> = assist::actions(&self.ws, &rel, &text, &diags, self.lang)
                    .into_iter()
                    .filter(|a| a.at.iter().any(|r| r.touches_lines(&asked)))
                    .map(|a| {
                        let answers: Vec<lt::Diagnostic> = p
                            .context
                            .diagnostics
                            .iter()
                            .filter(|d| match &d.code {
                                Some(lt::NumberOrString::String(c)) => a.codes.iter().any(|k| k.as_str() == c),
                                _ => false,
                            })
                            .cloned()
                            .collect();
                        let edits =
                            a.edits.into_iter().map(|(r, t)| lt::TextEdit { range: range(r), new_text: t }).collect();
                        lt::CodeActionOrCommand::CodeAction(lt::CodeAction {
                            title: a.title,
                            kind: Some(lt::CodeActionKind::QUICKFIX),
                            diagnostics: (!answers.is_empty()).then_some(answers),
                            edit: Some(lt::WorkspaceEdit {
                                changes: Some(HashMap::from([(uri.clone(), edits)])),
                                ..Default::default()
                            }),
                            is_preferred: Some(a.preferred),
                            ..Default::default()
                        })
                    })
                    .collect();
                serde_json::to_value(actions)?
            }
            _ => {
                anyhow::bail!("comms lsp does not answer `{}`", req.method);
            }
        };
        Ok(v)
    }

    fn notification(&mut self, n: Notification) -> Result<()> {
        use lt::notification::*;
        match n.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let p: lt::DidOpenTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(path) = uri_path(&p.text_document.uri) {
                    self.adopt(&path);
                }
                let Some(rel) = self.record(&p.text_document.uri) else { return Ok(()) };
                self.uris.insert(rel.clone(), p.text_document.uri);
                let affected = self.ws.set_text(&rel, p.text_document.text);
                self.publish(&rel);
                self.publish_all(&affected);
            }
            DidChangeTextDocument::METHOD => {
                let p: lt::DidChangeTextDocumentParams = serde_json::from_value(n.params)?;
                let Some(rel) = self.record(&p.text_document.uri) else { return Ok(()) };
                // Whole-text sync: the last change is the buffer.
                let Some(change) = p.content_changes.into_iter().last() else { return Ok(()) };
                self.uris.insert(rel.clone(), p.text_document.uri);
                let affected = self.ws.set_text(&rel, change.text);
                self.publish(&rel);
                self.publish_all(&affected);
            }
            DidSaveTextDocument::METHOD => {
                let p: lt::DidSaveTextDocumentParams = serde_json::from_value(n.params)?;
                if let Some(path) = uri_path(&p.text_document.uri)
                    && self.ws.is_settings(&path)
                {
                    self.reload()?;
                }
            }
            DidCloseTextDocument::METHOD => {
                let p: lt::DidCloseTextDocumentParams = serde_json::from_value(n.params)?;
                let Some(rel) = self.record(&p.text_document.uri) else { return Ok(()) };
                let affected = self.ws.close(&rel);
                self.send_diagnostics(p.text_document.uri, Vec::new());
                self.uris.remove(&rel);
                self.publish_all(&affected);
            }
            DidChangeWatchedFiles::METHOD => {
                let p: lt::DidChangeWatchedFilesParams = serde_json::from_value(n.params)?;
                let paths: Vec<PathBuf> = p.changes.iter().filter_map(|c| uri_path(&c.uri)).collect();
                if paths.iter().any(|p| self.ws.is_settings(p)) {
                    return self.reload();
                }
                let mut affected = Vec::new();
                for path in paths {
                    if let Some(rel) = self.ws.record_path(&path) {
                        affected.extend(self.ws.refresh(&rel));
                    }
                }
                affected.sort();
                affected.dedup();
                self.publish_all(&affected);
            }
            _ => {}
        }
        Ok(())
    }

    /// The settings changed: read the repository again, keep the buffers,
    /// check every open one again.
    fn reload(&mut self) -> Result<()> {
        let root = self.ws.repo.root.clone();
        let Ok(repo) = Repo::open(root) else { return Ok(()) };
        let open: Vec<(PathBuf, Option<String>)> =
            self.ws.open_paths().into_iter().map(|p| (p.clone(), self.ws.text(&p))).collect();
        self.ws = Workspace::load(repo);
        for (rel, text) in &open {
            if let Some(text) = text {
                self.ws.set_text(rel, text.clone());
            }
        }
        let paths: Vec<PathBuf> = open.into_iter().map(|(p, _)| p).collect();
        self.publish_all(&paths);
        Ok(())
    }

    /// A file was opened while the server has no repository (the editor's
    /// folder holds one further down, `team/comms.yaml`): the repository
    /// around the file becomes the server's, read once as at `initialize`.
    fn adopt(&mut self, path: &Path) {
        if self.ws.repo.root.join(crate::model::config::FILE).is_file() {
            return;
        }
        let Some(dir) = path.parent() else { return };
        let root = crate::store::repo::find_root(dir);
        if !root.join(crate::model::config::FILE).is_file() {
            return;
        }
        if let Ok(repo) = Repo::open(root.clone())
            && crate::i18n::use_repository(&root).is_ok()
        {
            self.ws = Workspace::load(repo);
        }
    }

    /// The record a URI names, if it is one of this repository's.
    fn record(&self, uri: &lt::Uri) -> Option<PathBuf> {
        self.ws.record_path(&uri_path(uri)?)
    }

    /// The record a URI names and its current text.
    fn document(&self, uri: &lt::Uri) -> Option<(PathBuf, String)> {
        let rel = self.record(uri)?;
        let text = self.ws.text(&rel)?;
        Some((rel, text))
    }

    fn publish_all(&self, paths: &[PathBuf]) {
        for p in paths {
            self.publish(p);
        }
    }

    /// Sends the findings for an open record.
    fn publish(&self, rel: &Path) {
        let Some(uri) = self.uris.get(rel) else { return };
        let Some(text) = self.ws.text(rel) else { return };
        let diags = self.ws.diagnostics(rel, self.now());
        let list = diags.iter().map(|d| self.diagnostic(&text, d)).collect();
        self.send_diagnostics(uri.clone(), list);
    }

    fn send_diagnostics(&self, uri: lt::Uri, diagnostics: Vec<lt::Diagnostic>) {
        let params = lt::PublishDiagnosticsParams { uri, diagnostics, version: None };
        let n = Notification::new(lt::notification::PublishDiagnostics::METHOD.into(), params);
        let _ = self.conn.sender.send(n.into());
    }

    fn diagnostic(&self, text: &str, d: &Diagnostic) -> lt::Diagnostic {
        let mut message = d.message.clone();
        if let Some(help) = &d.help {
            message.push_str("\nhelp: ");
            message.push_str(help);
        }
        let related: Vec<lt::DiagnosticRelatedInformation> = d
            .related
            .iter()
            .filter_map(|r| {
                let at = Pos16 { line: r.line.saturating_sub(1), character: r.column.saturating_sub(1) };
                Some(lt::DiagnosticRelatedInformation {
                    location: lt::Location {
                        uri: path_uri(&self.ws.abs(Path::new(&r.path)))?,
                        range: range(Range16 { start: at, end: at }),
                    },
                    message: r.label.clone().unwrap_or_default(),
                })
            })
            .collect();
        lt::Diagnostic {
            range: range(text::diagnostic_range(text, d)),
            severity: Some(match d.severity {
                Severity::Error => lt::DiagnosticSeverity::ERROR,
                Severity::Warning => lt::DiagnosticSeverity::WARNING,
            }),
            code: Some(lt::NumberOrString::String(d.code.as_str().into())),
            source: Some("comms".into()),
            message,
            related_information: (!related.is_empty()).then_some(related),
            ..Default::default()
        }
    }
}

fn completion_item(i: assist::Item) -> lt::CompletionItem {
    use assist::ItemKind as K;
    let kind = match i.kind {
        K::Field => lt::CompletionItemKind::FIELD,
        K::Value => lt::CompletionItemKind::ENUM_MEMBER,
        K::Person => lt::CompletionItemKind::CONSTANT,
        K::Department => lt::CompletionItemKind::FOLDER,
        K::Type => lt::CompletionItemKind::CLASS,
        K::Time => lt::CompletionItemKind::VALUE,
        K::Record => lt::CompletionItemKind::REFERENCE,
    };
    lt::CompletionItem {
        filter_text: Some(i.label.clone()),
        label: i.label,
        kind: Some(kind),
        detail: i.detail,
        documentation: i
            .documentation
            .map(|v| lt::Documentation::MarkupContent(lt::MarkupContent { kind: lt::MarkupKind::Markdown, value: v })),
        text_edit: Some(lt::CompletionTextEdit::Edit(lt::TextEdit { range: range(i.range), new_text: i.insert })),
        ..Default::default()
    }
}

fn pos16(p: lt::Position) -> Pos16 {
    Pos16 { line: p.line, character: p.character }
}

fn range(r: Range16) -> lt::Range {
    lt::Range {
        start: lt::Position { line: r.start.line, character: r.start.character },
        end: lt::Position { line: r.end.line, character: r.end.character },
    }
}

/// The local path of a `file:` URI.
fn uri_path(uri: &lt::Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file:///C:/…` on Windows, `file:///home/…` elsewhere; a host other
    // than localhost is not a local file.
    let path = if let Some(p) = rest.strip_prefix("localhost") { p } else { rest };
    if !path.starts_with('/') {
        return None;
    }
    let decoded = percent_decode(path)?;
    #[cfg(windows)]
    let decoded =
        decoded.strip_prefix('/').filter(|p| p.get(1..2) == Some(":")).unwrap_or(decoded.as_str()).to_string();
    Some(PathBuf::from(decoded))
}

fn percent_decode(s: &str) -> Option<String> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(b[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// A `file:` URI for a local path, as editors write them (UTF-8,
/// percent-encoded).
fn path_uri(path: &Path) -> Option<lt::Uri> {
    let abs = if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().ok()?.join(path) };
    let s = abs.to_str()?.replace('\\', "/");
    let mut out = String::from("file://");
    if !s.starts_with('/') {
        out.push('/');
    }
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~:".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    lt::Uri::from_str(&out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_uris_round_trip_with_chinese_and_spaces() {
        let path = Path::new("/tmp/团队 记录/records/a.md");
        let uri = path_uri(path).unwrap();
        assert_eq!(uri.as_str(), "file:///tmp/%E5%9B%A2%E9%98%9F%20%E8%AE%B0%E5%BD%95/records/a.md");
        assert_eq!(uri_path(&uri).unwrap(), path);
        assert_eq!(uri_path(&lt::Uri::from_str("untitled:Untitled-1").unwrap()), None);
    }
}

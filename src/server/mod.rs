//! `dockfix server`: the language server, speaking LSP over standard input and output.
//!
//! - Diagnostics on open and on every change (incremental sync), each with its code, rule
//!   name, severity and exact range (in the position encoding the client offers: UTF-8 or
//!   UTF-32 when it does, UTF-16 otherwise); hover over one shows the rule's documentation.
//!   A document that BuildKit would reject gets the syntax error as its diagnostic and no
//!   fixes; a broken configuration gets its error.
//! - Code actions: each finding's fix as a quick fix (safe ones preferred; unsafe ones
//!   offered with "unsafe" in the title), "Ignore CODE for this instruction" (a
//!   `# dockfix: ignore[CODE]` comment), and `source.fixAll.dockfix`: everything `dockfix
//!   fix` applies.
//! - Formatting of the whole document and of a range (the instructions it touches), in the
//!   configured style.
//! - Configuration: the `dockfix.toml` nearest to the document (as the command line finds
//!   it), read for every check, so an edit to it applies at once; when the client can watch
//!   files, a change to a configuration file re-checks every open document.
//!
//! One thread handles messages in order; the checks of a burst of changes are done once
//! the burst is handled, for the last version only. A panic while handling a message is
//! caught and reported (to the client, as an error response, and on standard error), and
//! the server carries on.

mod actions;
mod analysis;
mod document;
mod uri;

use std::collections::{BTreeSet, HashMap};
use std::panic::{AssertUnwindSafe, catch_unwind};

use anyhow::{Context as _, Result};
use lsp_server::{Connection, ErrorCode, Message, Notification, Request, RequestId, Response};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionOrCommand, CodeActionParams,
    CodeActionProviderCapability, DidChangeTextDocumentParams, DidCloseTextDocumentParams,
    DidOpenTextDocumentParams, DocumentFormattingParams, DocumentRangeFormattingParams, Hover,
    HoverContents, HoverParams, HoverProviderCapability, InitializeParams, MarkupContent,
    MarkupKind, OneOf, PositionEncodingKind, PublishDiagnosticsParams, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions, TextEdit, Uri,
    WorkspaceEdit,
};

use analysis::{Analysis, Workspace, analyse};
use document::{Document, Encoding};

/// Serve over standard input and output until the client says `exit`.
pub fn run_stdio() -> Result<()> {
    let (connection, io_threads) = Connection::stdio();
    serve(&connection)?;
    // The writer thread ends once every sender is gone.
    drop(connection);
    io_threads
        .join()
        .context("closing standard input and output")?;
    Ok(())
}

/// Serve on `connection`: the initialisation handshake, then messages until `exit`.
pub fn serve(connection: &Connection) -> Result<()> {
    let (id, params) = connection
        .initialize_start()
        .context("waiting for the client's initialize request")?;
    let params: InitializeParams = serde_json::from_value(params).unwrap_or_default();
    let mut server = Server::new(connection, &params);
    let result = serde_json::json!({
        "capabilities": server.capabilities(),
        "serverInfo": {"name": "dockfix", "version": env!("CARGO_PKG_VERSION")},
    });
    connection
        .sender
        .send(Response::new_ok(id, result).into())
        .context("answering initialize")?;
    server.main_loop()
}

struct Open {
    uri: Uri,
    document: Document,
    /// The last check, if it is of the document's current version.
    analysis: Option<Analysis>,
}

struct Server<'c> {
    connection: &'c Connection,
    encoding: Encoding,
    workspace: Workspace,
    documents: HashMap<String, Open>,
    /// Documents whose diagnostics are out of date.
    stale: BTreeSet<String>,
    watch_configuration: bool,
    versioned_edits: bool,
    shutting_down: bool,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> Self {
        let capabilities = &params.capabilities;
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|general| general.position_encodings.as_ref());
        let offers = |kind: &PositionEncodingKind| offered.is_some_and(|o| o.contains(kind));
        let encoding = if offers(&PositionEncodingKind::UTF8) {
            Encoding::Utf8
        } else if offers(&PositionEncodingKind::UTF32) {
            Encoding::Utf32
        } else {
            Encoding::Utf16
        };
        #[allow(deprecated)] // root_uri: the only root older clients send.
        let root = params
            .workspace_folders
            .as_ref()
            .and_then(|folders| folders.first())
            .map(|folder| folder.uri.as_str().to_string())
            .or_else(|| params.root_uri.as_ref().map(|uri| uri.as_str().to_string()))
            .and_then(|uri| uri::to_path(&uri))
            .unwrap_or_else(analysis::current_folder);
        let workspace_capabilities = capabilities.workspace.as_ref();
        Server {
            connection,
            encoding,
            workspace: Workspace { root },
            documents: HashMap::new(),
            stale: BTreeSet::new(),
            watch_configuration: workspace_capabilities
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|w| w.dynamic_registration)
                .unwrap_or(false),
            versioned_edits: workspace_capabilities
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|w| w.document_changes)
                .unwrap_or(false),
            shutting_down: false,
        }
    }

    fn capabilities(&self) -> ServerCapabilities {
        let encoding = match self.encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
            Encoding::Utf32 => PositionEncodingKind::UTF32,
        };
        ServerCapabilities {
            position_encoding: Some(encoding),
            text_document_sync: Some(TextDocumentSyncCapability::Options(
                TextDocumentSyncOptions {
                    open_close: Some(true),
                    change: Some(TextDocumentSyncKind::INCREMENTAL),
                    ..TextDocumentSyncOptions::default()
                },
            )),
            code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
                code_action_kinds: Some(vec![CodeActionKind::QUICKFIX, actions::fix_all_kind()]),
                ..CodeActionOptions::default()
            })),
            document_formatting_provider: Some(OneOf::Left(true)),
            document_range_formatting_provider: Some(OneOf::Left(true)),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        }
    }

    fn main_loop(&mut self) -> Result<()> {
        while let Ok(message) = self.connection.receiver.recv() {
            if !self.handle(message) {
                return Ok(());
            }
            // Handle what is already waiting before checking: a burst of typing is checked once.
            while let Ok(message) = self.connection.receiver.try_recv() {
                if !self.handle(message) {
                    return Ok(());
                }
            }
            self.publish_stale();
        }
        // The client went away without `exit`.
        Ok(())
    }

    /// Handle one message; `false` once the client said `exit`.
    fn handle(&mut self, message: Message) -> bool {
        match message {
            Message::Request(request) => {
                let id = request.id.clone();
                let method = request.method.clone();
                let response = catch_unwind(AssertUnwindSafe(|| self.request(request)))
                    .unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            format!("dockfix failed on {method}; please report this"),
                        )
                    });
                self.send(response.into());
                true
            }
            Message::Notification(notification) => {
                if notification.method == "exit" {
                    return false;
                }
                let method = notification.method.clone();
                if catch_unwind(AssertUnwindSafe(|| self.notification(notification))).is_err() {
                    eprintln!("dockfix server: failed on {method}; please report this");
                }
                true
            }
            // The answer to our registration of file watchers.
            Message::Response(_) => true,
        }
    }

    fn request(&mut self, request: Request) -> Response {
        let id = request.id.clone();
        if self.shutting_down {
            return Response::new_err(
                id,
                ErrorCode::InvalidRequest as i32,
                "the server is shutting down".into(),
            );
        }
        let result = match request.method.as_str() {
            "shutdown" => {
                self.shutting_down = true;
                Ok(serde_json::Value::Null)
            }
            "textDocument/codeAction" => parse(request).map(|p| to_json(self.code_actions(p))),
            "textDocument/formatting" => parse(request).map(|p: DocumentFormattingParams| {
                to_json(self.format(p.text_document.uri.as_str(), None))
            }),
            "textDocument/rangeFormatting" => {
                parse(request).map(|p: DocumentRangeFormattingParams| {
                    to_json(self.format(p.text_document.uri.as_str(), Some(p.range)))
                })
            }
            "textDocument/hover" => parse(request).map(|p| to_json(self.hover(p))),
            method => Err((
                ErrorCode::MethodNotFound,
                format!("dockfix does not answer {method}"),
            )),
        };
        match result {
            Ok(value) => Response::new_ok(id, value),
            Err((code, message)) => Response::new_err(id, code as i32, message),
        }
    }

    fn notification(&mut self, notification: Notification) {
        match notification.method.as_str() {
            "initialized" => self.watch_configuration_files(),
            "textDocument/didOpen" => {
                let Ok(params) =
                    notification.extract::<DidOpenTextDocumentParams>("textDocument/didOpen")
                else {
                    return;
                };
                let item = params.text_document;
                let key = item.uri.as_str().to_string();
                let document = Document::new(item.text, item.version);
                self.documents.insert(
                    key.clone(),
                    Open {
                        uri: item.uri,
                        document,
                        analysis: None,
                    },
                );
                self.stale.insert(key);
            }
            "textDocument/didChange" => {
                let Ok(params) =
                    notification.extract::<DidChangeTextDocumentParams>("textDocument/didChange")
                else {
                    return;
                };
                let key = params.text_document.uri.as_str().to_string();
                let Some(open) = self.documents.get_mut(&key) else {
                    return;
                };
                open.document.change(
                    params.content_changes,
                    params.text_document.version,
                    self.encoding,
                );
                open.analysis = None;
                self.stale.insert(key);
            }
            "textDocument/didClose" => {
                let Ok(params) =
                    notification.extract::<DidCloseTextDocumentParams>("textDocument/didClose")
                else {
                    return;
                };
                let key = params.text_document.uri.as_str();
                self.stale.remove(key);
                if let Some(open) = self.documents.remove(key) {
                    self.publish(open.uri, Vec::new(), None);
                }
            }
            // A configuration file changed: check every open document again.
            "workspace/didChangeWatchedFiles" => {
                for open in self.documents.values_mut() {
                    open.analysis = None;
                }
                self.stale.extend(self.documents.keys().cloned());
            }
            _ => {}
        }
    }

    /// Ask the client to tell us when a configuration file changes.
    fn watch_configuration_files(&self) {
        if !self.watch_configuration {
            return;
        }
        let watchers: Vec<serde_json::Value> = [
            "**/dockfix.toml",
            "**/.dockfix.toml",
            "**/.hadolint.yaml",
            "**/.hadolint.yml",
            "**/.dockerignore",
        ]
        .iter()
        .map(|pattern| serde_json::json!({"globPattern": pattern}))
        .collect();
        let params = serde_json::json!({"registrations": [{
            "id": "dockfix-configuration",
            "method": "workspace/didChangeWatchedFiles",
            "registerOptions": {"watchers": watchers},
        }]});
        let request = Request::new(
            RequestId::from("dockfix-watch".to_string()),
            "client/registerCapability".to_string(),
            params,
        );
        self.send(request.into());
    }

    /// Check the documents that changed and publish their diagnostics.
    fn publish_stale(&mut self) {
        for key in std::mem::take(&mut self.stale) {
            let checked = catch_unwind(AssertUnwindSafe(|| {
                self.analysis(&key).map(|a| a.diagnostics.clone())
            }));
            let Some(open) = self.documents.get(&key) else {
                continue;
            };
            let (uri, version) = (open.uri.clone(), open.document.version);
            match checked {
                Ok(Some(diagnostics)) => self.publish(uri, diagnostics, Some(version)),
                Ok(None) => {}
                Err(_) => eprintln!("dockfix server: failed checking {key}; please report this"),
            }
        }
    }

    fn publish(&self, uri: Uri, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        let notification = Notification::new("textDocument/publishDiagnostics".into(), params);
        self.send(notification.into());
    }

    fn send(&self, message: Message) {
        // The client has gone: the main loop ends when its messages stop.
        if self.connection.sender.send(message).is_err() {
            eprintln!("dockfix server: the client is gone");
        }
    }

    /// The check of an open document at its current version (computed once per version).
    fn analysis(&mut self, key: &str) -> Option<&Analysis> {
        let (encoding, workspace) = (self.encoding, &self.workspace);
        let open = self.documents.get_mut(key)?;
        let current = open
            .analysis
            .as_ref()
            .is_some_and(|a| a.version == open.document.version);
        if !current {
            open.analysis = Some(analyse(&open.document, key, workspace, encoding));
        }
        open.analysis.as_ref()
    }

    /// An open document with its check at its current version.
    fn checked(&mut self, key: &str) -> Option<(&Open, &Analysis)> {
        self.analysis(key)?;
        let open = self.documents.get(key)?;
        Some((open, open.analysis.as_ref()?))
    }

    fn code_actions(&mut self, params: CodeActionParams) -> Vec<CodeActionOrCommand> {
        let (encoding, versioned) = (self.encoding, self.versioned_edits);
        let Some((open, analysis)) = self.checked(params.text_document.uri.as_str()) else {
            return Vec::new();
        };
        let range = open.document.byte_range(params.range, encoding);
        let only = params.context.only.as_deref();
        actions::code_actions(&open.document, analysis, range, only, encoding)
            .into_iter()
            .map(|action| {
                let edits = action.edits.clone();
                let edit = workspace_edit(&open.uri, open.document.version, versioned, edits);
                CodeActionOrCommand::CodeAction(action.into_code_action(edit))
            })
            .collect()
    }

    fn format(&mut self, key: &str, range: Option<lsp_types::Range>) -> Vec<TextEdit> {
        let encoding = self.encoding;
        let Some((open, analysis)) = self.checked(key) else {
            return Vec::new();
        };
        let selected = range.map(|r| open.document.byte_range(r, encoding));
        actions::format(&open.document, analysis, selected, encoding)
    }

    fn hover(&mut self, params: HoverParams) -> Option<Hover> {
        let position = params.text_document_position_params;
        let encoding = self.encoding;
        let (open, analysis) = self.checked(position.text_document.uri.as_str())?;
        let offset = open.document.offset(position.position, encoding);
        let text = analysis::hover(analysis, offset)?;
        Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: text,
            }),
            range: None,
        })
    }
}

/// The edits as a workspace edit of one document (tied to its version when the client
/// supports that, so that it refuses the edit if the document has changed since).
fn workspace_edit(uri: &Uri, version: i32, versioned: bool, edits: Vec<TextEdit>) -> WorkspaceEdit {
    if versioned {
        let change = lsp_types::TextDocumentEdit {
            text_document: lsp_types::OptionalVersionedTextDocumentIdentifier {
                uri: uri.clone(),
                version: Some(version),
            },
            edits: edits.into_iter().map(OneOf::Left).collect(),
        };
        return WorkspaceEdit {
            document_changes: Some(lsp_types::DocumentChanges::Edits(vec![change])),
            ..WorkspaceEdit::default()
        };
    }
    WorkspaceEdit {
        changes: Some([(uri.clone(), edits)].into_iter().collect()),
        ..WorkspaceEdit::default()
    }
}

fn parse<P: serde::de::DeserializeOwned>(request: Request) -> Result<P, (ErrorCode, String)> {
    serde_json::from_value(request.params).map_err(|error| {
        (
            ErrorCode::InvalidParams,
            format!("invalid parameters: {error}"),
        )
    })
}

fn to_json<T: serde::Serialize>(value: T) -> serde_json::Value {
    serde_json::to_value(value).unwrap_or(serde_json::Value::Null)
}

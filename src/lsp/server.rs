//! The server's state and what it does with each event: the session's
//! start and end, documents opened, edited and closed, files changed on
//! disk, and diagnostics sent after each batch.

use super::position::{Encoding, Lines, apply};
use super::transport::{self, Event};
use super::workspace::Workspace;
use crate::layout::CONFIG_FILE;
use crate::serve::watch;
use lsp_server::{ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWatchedFiles, DidCloseTextDocument, DidOpenTextDocument,
    Initialized, LogMessage, Notification as _, PublishDiagnostics, ShowMessage,
};
use lsp_types::request::{Initialize, RegisterCapability, Request as _, Shutdown};
use lsp_types::{
    DidChangeWatchedFilesRegistrationOptions, FileSystemWatcher, GlobPattern, InitializeParams,
    InitializeResult, LogMessageParams, MessageType, PublishDiagnosticsParams, Registration,
    RegistrationParams, ServerInfo, ShowMessageParams, Uri,
};
use std::io::Write;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;

/// What the loop does after an event.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum Flow {
    /// Wait for the next one.
    Continue,
    /// Stop; `true` when the client asked for a shutdown first.
    Exit(bool),
}

/// One language-server session.
pub(super) struct Server {
    out: Box<dyn Write + Send>,
    /// Where the server's own file watcher sends what it sees.
    events: Sender<Event>,
    /// How the client counts columns.
    pub(super) encoding: Encoding,
    /// The root given on the command line, if any.
    given_root: Option<PathBuf>,
    /// The backlog, once a root is known.
    pub(super) workspace: Option<Workspace>,
    initialized: bool,
    shutting_down: bool,
    /// The client sends the files that change on disk.
    client_watches: bool,
    /// Otherwise the server watches them (dropping it stops).
    watcher: Option<watch::Watcher>,
}

impl Server {
    /// A server writing to `out`, its watcher sending to `events`.
    pub(super) fn new(
        out: Box<dyn Write + Send>,
        events: Sender<Event>,
        given_root: Option<PathBuf>,
    ) -> Server {
        Server {
            out,
            events,
            encoding: Encoding::Utf16,
            given_root,
            workspace: None,
            initialized: false,
            shutting_down: false,
            client_watches: false,
            watcher: None,
        }
    }

    /// Takes in one event.
    pub(super) fn handle(&mut self, event: Event) -> Flow {
        match event {
            Event::Message(Message::Request(request)) => self.request(request),
            Event::Message(Message::Notification(n)) if n.method == "exit" => {
                return Flow::Exit(self.shutting_down);
            }
            Event::Message(Message::Notification(n)) => {
                let method = n.method.clone();
                if let Err(why) = guard(|| self.notification(n)) {
                    self.recover();
                    self.log(MessageType::ERROR, format!("failed on `{method}`: {why}"));
                }
            }
            Event::Message(Message::Response(_)) => {}
            Event::Malformed(why, id) => {
                let _ = transport::write_malformed(&mut self.out, &why, id);
            }
            Event::Files(paths) => self.disk_changed(&paths),
            Event::Closed => return Flow::Exit(self.shutting_down),
        }
        Flow::Continue
    }

    fn request(&mut self, request: Request) {
        let id = request.id.clone();
        let response = if request.method == Initialize::METHOD && !self.initialized {
            self.initialize(request)
        } else if !self.initialized {
            let code = ErrorCode::ServerNotInitialized as i32;
            Response::new_err(id, code, "the server is not initialized yet".into())
        } else if self.shutting_down || request.method == Initialize::METHOD {
            let code = ErrorCode::InvalidRequest as i32;
            let why = match self.shutting_down {
                true => "the server is shutting down",
                false => "the server is initialized already",
            };
            Response::new_err(id, code, why.into())
        } else if request.method == Shutdown::METHOD {
            self.shutting_down = true;
            Response::new_ok(id, ())
        } else {
            // Answers are about the text as it is now.
            self.refresh();
            let method = request.method.clone();
            match guard(|| self.answer(request)) {
                Ok(Ok(value)) => Response::new_ok(id, value),
                Ok(Err((code, message))) => Response::new_err(id, code, message),
                Err(why) => {
                    self.recover();
                    let message = format!("rankdown failed answering `{method}`: {why}");
                    Response::new_err(id, ErrorCode::InternalError as i32, message)
                }
            }
        };
        self.send(response.into());
    }

    fn initialize(&mut self, request: Request) -> Response {
        let params: InitializeParams = serde_json::from_value(request.params).unwrap_or_default();
        let general = params.capabilities.general.as_ref();
        let utf8 = general
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&lsp_types::PositionEncodingKind::UTF8));
        self.encoding = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        self.client_watches = params
            .capabilities
            .workspace
            .as_ref()
            .and_then(|w| w.did_change_watched_files)
            .and_then(|d| d.dynamic_registration)
            == Some(true);
        let root = self
            .given_root
            .clone()
            .or_else(|| folders(&params).iter().find_map(|f| find_root(f)));
        if let Some(root) = root {
            self.open_workspace(&root);
        }
        self.initialized = true;
        let result = InitializeResult {
            capabilities: super::capabilities(self.encoding),
            server_info: Some(ServerInfo {
                name: "rankdown".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
        };
        Response::new_ok(request.id, result)
    }

    fn notification(&mut self, n: Notification) {
        match n.method.as_str() {
            Initialized::METHOD if self.client_watches => self.register_watchers(),
            DidOpenTextDocument::METHOD => {
                if let Some(p) = params::<lsp_types::DidOpenTextDocumentParams>(n) {
                    let doc = p.text_document;
                    self.find_workspace(&doc.uri);
                    if let Some((ws, path)) = self.place(&doc.uri) {
                        ws.set_text(&path, doc.uri, doc.version, doc.text);
                    }
                }
            }
            DidChangeTextDocument::METHOD => {
                if let Some(p) = params::<lsp_types::DidChangeTextDocumentParams>(n) {
                    self.changed(p);
                }
            }
            DidCloseTextDocument::METHOD => {
                if let Some(p) = params::<lsp_types::DidCloseTextDocumentParams>(n) {
                    let uri = p.text_document.uri;
                    if let Some((ws, path)) = self.place(&uri) {
                        ws.close(&path);
                    }
                    self.publish(uri, None, Vec::new());
                }
            }
            DidChangeWatchedFiles::METHOD => {
                if let Some(p) = params::<lsp_types::DidChangeWatchedFilesParams>(n) {
                    let paths = p.changes.iter().filter_map(|c| super::uri::to_path(&c.uri));
                    self.disk_changed(&paths.collect::<Vec<_>>());
                }
            }
            _ => {}
        }
    }

    /// Applies the client's edits to an open document.
    fn changed(&mut self, p: lsp_types::DidChangeTextDocumentParams) {
        let encoding = self.encoding;
        let uri = p.text_document.uri;
        let Some((ws, path)) = self.place(&uri) else {
            return;
        };
        let Some(mut doc) = ws.take_doc(&path) else {
            return;
        };
        for change in &p.content_changes {
            apply(&mut doc.text, change, encoding);
        }
        ws.set_text(&path, uri, p.text_document.version, doc.text);
    }

    /// The workspace and the path in it of the file `uri` names.
    fn place(&mut self, uri: &Uri) -> Option<(&mut Workspace, String)> {
        let path = super::uri::to_path(uri)?;
        let ws = self.workspace.as_mut()?;
        let relative = ws.relative(&path)?;
        Some((ws, relative))
    }

    /// Opens the backlog root holding the document `uri`, if none is open.
    fn find_workspace(&mut self, uri: &Uri) {
        if self.workspace.is_some() {
            return;
        }
        let root = super::uri::to_path(uri).and_then(|p| find_root(p.parent()?));
        if let Some(root) = root {
            self.open_workspace(&root);
        }
    }

    fn open_workspace(&mut self, root: &Path) {
        match Workspace::open(root) {
            Ok(ws) => {
                self.workspace = Some(ws);
                if !self.client_watches {
                    self.watch(root);
                }
            }
            Err(error) => {
                let text = format!("rankdown cannot read the backlog: {error:#}");
                self.send(notification::<ShowMessage>(ShowMessageParams {
                    typ: MessageType::ERROR,
                    message: text,
                }));
            }
        }
    }

    /// Asks the client to send the changes of backlog files on disk.
    fn register_watchers(&mut self) {
        let watcher = |glob: &str| FileSystemWatcher {
            glob_pattern: GlobPattern::String(glob.into()),
            kind: None,
        };
        let options = DidChangeWatchedFilesRegistrationOptions {
            watchers: vec![watcher("**/*.md"), watcher(&format!("**/{CONFIG_FILE}"))],
        };
        let registration = Registration {
            id: "rankdown-files".into(),
            method: DidChangeWatchedFiles::METHOD.into(),
            register_options: serde_json::to_value(options).ok(),
        };
        let params = RegistrationParams {
            registrations: vec![registration],
        };
        let request = Request::new(
            "rankdown-files".to_string().into(),
            RegisterCapability::METHOD.into(),
            params,
        );
        self.send(request.into());
    }

    /// Watches the root with `serve`'s watcher, for clients that do not.
    fn watch(&mut self, root: &Path) {
        let (sender, receiver) = std::sync::mpsc::channel();
        let watcher = match watch::start(root, sender) {
            Ok(watcher) => watcher,
            Err(error) => {
                self.log(
                    MessageType::WARNING,
                    format!("cannot watch files: {error:#}"),
                );
                return;
            }
        };
        self.watcher = Some(watcher);
        let events = self.events.clone();
        std::thread::spawn(move || {
            for found in receiver.into_iter().flatten() {
                let changed = found.into_iter().filter(|e| !e.kind.is_access());
                let paths = changed.flat_map(|e| e.event.paths).collect();
                if events.send(Event::Files(paths)).is_err() {
                    return;
                }
            }
        });
    }

    /// Files changed on disk, by absolute path.
    fn disk_changed(&mut self, paths: &[PathBuf]) {
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        let root = ws.root().to_path_buf();
        let relative: Vec<String> = paths.iter().filter_map(|p| ws.relative(p)).collect();
        if let Some(watcher) = self.watcher.as_mut() {
            for folder in relative.iter().filter(|p| watch::is_watched_folder(p)) {
                watch::watch_folder(watcher, &root, folder);
            }
        }
        ws.files_changed(&relative, &|path| root.join(path).is_dir());
    }

    /// Checks what changed since the last time and sends the open
    /// documents whose diagnostics are new.
    pub(super) fn refresh(&mut self) {
        let encoding = self.encoding;
        let Some(ws) = self.workspace.as_mut() else {
            return;
        };
        if !ws.is_stale() {
            return;
        }
        // Each check is timed in the client's log, so that slow ones show.
        let (typ, log) = match guard(|| ws.refresh()) {
            Ok(Ok(refreshed)) => (MessageType::LOG, refreshed.to_string()),
            Ok(Err(error)) => (
                MessageType::ERROR,
                format!("cannot read the backlog: {error:#}"),
            ),
            Err(why) => {
                ws.reload_later();
                (
                    MessageType::ERROR,
                    format!("failed checking the backlog: {why}"),
                )
            }
        };
        let messages: Vec<Message> = ws
            .unpublished()
            .into_iter()
            .map(|p| {
                let lines = Lines::new(&p.doc.text, encoding);
                let diagnostics = p
                    .diagnostics
                    .iter()
                    .map(|d| super::diagnostics::to_lsp(d, &lines))
                    .collect();
                let params = PublishDiagnosticsParams::new(
                    p.doc.uri.clone(),
                    diagnostics,
                    Some(p.doc.version),
                );
                notification::<PublishDiagnostics>(params)
            })
            .collect();
        for message in messages {
            self.send(message);
        }
        self.log(typ, log);
    }

    fn publish(&mut self, uri: Uri, version: Option<i32>, diagnostics: Vec<lsp_types::Diagnostic>) {
        let params = PublishDiagnosticsParams::new(uri, diagnostics, version);
        self.send(notification::<PublishDiagnostics>(params));
    }

    /// After a panic the backlog may be half updated: read it all again.
    fn recover(&mut self) {
        if let Some(ws) = self.workspace.as_mut() {
            ws.reload_later();
        }
    }

    fn log(&mut self, typ: MessageType, message: String) {
        self.send(notification::<LogMessage>(LogMessageParams {
            typ,
            message,
        }));
    }

    fn send(&mut self, message: Message) {
        // A client that stopped reading ends the session through its input.
        let _ = transport::write(&mut self.out, message);
    }
}

/// A notification of type `N`.
fn notification<N: lsp_types::notification::Notification>(params: N::Params) -> Message {
    Notification::new(N::METHOD.into(), params).into()
}

/// The params of a notification, if they read.
fn params<P: serde::de::DeserializeOwned>(n: Notification) -> Option<P> {
    serde_json::from_value(n.params).ok()
}

/// Runs `f`, turning a panic into the text it panicked with.
pub(super) fn guard<T>(f: impl FnOnce() -> T) -> Result<T, String> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|panic| {
        if let Some(text) = panic.downcast_ref::<&str>() {
            text.to_string()
        } else if let Some(text) = panic.downcast_ref::<String>() {
            text.clone()
        } else {
            "a panic".to_string()
        }
    })
}

/// The folders the client opened, as paths.
#[allow(deprecated)] // older clients send only `rootUri` or `rootPath`
fn folders(params: &InitializeParams) -> Vec<PathBuf> {
    let folders = params.workspace_folders.iter().flatten().map(|f| &f.uri);
    let mut found: Vec<PathBuf> = folders
        .chain(params.root_uri.as_ref())
        .filter_map(super::uri::to_path)
        .collect();
    found.extend(params.root_path.as_ref().map(PathBuf::from));
    found
}

/// The nearest folder at or above `start` holding rankdown.yaml.
fn find_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(CONFIG_FILE).is_file())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::guard;

    #[test]
    fn a_panic_becomes_its_message() {
        assert_eq!(guard(|| 7), Ok(7));
        let failed = guard(|| -> u8 { panic!("bad {}", "input") });
        assert_eq!(failed, Err("bad input".to_string()));
        let failed = guard(|| -> u8 { panic!("plain") });
        assert_eq!(failed, Err("plain".to_string()));
    }
}

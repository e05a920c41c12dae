//! The language server: `check` inside the editor.
//!
//! It speaks the Language Server Protocol over standard input and output
//! with `lsp-server`'s messages and `lsp-types`' types, on one thread, as
//! rust-analyzer does; no async runtime. Open documents' unsaved text
//! stands in for their files on disk ([`crate::load::Reader::set_unsaved`]),
//! and each batch of edits re-reads only the files that changed, as
//! `serve` does on a save, then validates the backlog again.
//!
//! Messages that arrive while the backlog is being checked are taken in
//! together before the next check: a burst of keystrokes costs one check,
//! and a request is always answered about the text as last sent.

mod actions;
mod complete;
mod context;
mod cursor;
mod diagnostics;
mod fields;
mod hover;
mod navigate;
mod position;
mod requests;
mod server;
mod symbols;
mod transport;
mod uri;
mod workspace;

use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, CompletionOptions,
    HoverProviderCapability, OneOf, PositionEncodingKind, ServerCapabilities,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
};
use position::Encoding;
use server::{Flow, Server};
use std::path::Path;
use std::sync::mpsc::{self, Receiver};
use transport::Event;

/// Serves one client on standard input and output until it exits, with the
/// backlog root at `root`, or else the one holding the client's folder or
/// first document. Returns whether the client asked for a shutdown first.
pub fn run(root: Option<&Path>) -> anyhow::Result<bool> {
    let (events, inbox) = mpsc::channel();
    let input = std::io::BufReader::new(std::io::stdin());
    transport::spawn_reader(input, events.clone());
    let out = Box::new(std::io::stdout());
    let mut server = Server::new(out, events, root.map(Path::to_path_buf));
    Ok(serve(&mut server, &inbox))
}

/// Handles events until the client exits.
fn serve(server: &mut Server, inbox: &Receiver<Event>) -> bool {
    while let Ok(first) = inbox.recv() {
        // Whatever else is waiting joins this batch.
        for event in std::iter::once(first).chain(inbox.try_iter()) {
            if let Flow::Exit(clean) = server.handle(event) {
                return clean;
            }
        }
        server.refresh();
    }
    false
}

/// What the server can do.
fn capabilities(encoding: Encoding) -> ServerCapabilities {
    let triggers = [":", " ", "[", ",", "-"].map(String::from).to_vec();
    ServerCapabilities {
        position_encoding: Some(match encoding {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }),
        text_document_sync: Some(TextDocumentSyncCapability::Options(
            TextDocumentSyncOptions {
                open_close: Some(true),
                change: Some(TextDocumentSyncKind::INCREMENTAL),
                ..TextDocumentSyncOptions::default()
            },
        )),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        completion_provider: Some(CompletionOptions {
            trigger_characters: Some(triggers),
            ..CompletionOptions::default()
        }),
        definition_provider: Some(OneOf::Left(true)),
        references_provider: Some(OneOf::Left(true)),
        document_symbol_provider: Some(OneOf::Left(true)),
        workspace_symbol_provider: Some(OneOf::Left(true)),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![CodeActionKind::QUICKFIX]),
            ..CodeActionOptions::default()
        })),
        ..ServerCapabilities::default()
    }
}

//! The answer to each request a client may send once the session started.

use super::context::Here;
use super::server::Server;
use super::{actions, complete, hover, navigate, symbols};
use lsp_server::{ErrorCode, Request};
use lsp_types::request::{
    CodeActionRequest, Completion, DocumentSymbolRequest, GotoDefinition, HoverRequest, References,
    Request as _, WorkspaceSymbolRequest,
};
use lsp_types::{
    CompletionResponse, DocumentSymbolResponse, GotoDefinitionResponse, TextDocumentPositionParams,
    Uri, WorkspaceSymbolResponse,
};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::Value;

/// A request that cannot be answered: the error code and why.
pub(super) type Failure = (i32, String);

impl Server {
    /// The result of `request`, or why there is none.
    pub(super) fn answer(&mut self, request: Request) -> Result<Value, Failure> {
        let method = request.method.as_str();
        match method {
            GotoDefinition::METHOD => {
                let p: lsp_types::GotoDefinitionParams = params(request)?;
                let found = self.at(&p.text_document_position_params, navigate::definition);
                ok(found.flatten().map(GotoDefinitionResponse::Scalar))
            }
            References::METHOD => {
                let p: lsp_types::ReferenceParams = params(request)?;
                let with_definition = p.context.include_declaration;
                let found = self.at(&p.text_document_position, |here| {
                    navigate::references(here, with_definition)
                });
                ok(found.unwrap_or_default())
            }
            HoverRequest::METHOD => {
                let p: lsp_types::HoverParams = params(request)?;
                ok(self
                    .at(&p.text_document_position_params, hover::hover)
                    .flatten())
            }
            Completion::METHOD => {
                let p: lsp_types::CompletionParams = params(request)?;
                let found = self.at(&p.text_document_position, complete::complete);
                ok(found.flatten().map(CompletionResponse::List))
            }
            CodeActionRequest::METHOD => {
                let p: lsp_types::CodeActionParams = params(request)?;
                let found = self.in_file(&p.text_document.uri, |ws, path, encoding| {
                    actions::actions(ws, path, p.range, encoding)
                });
                ok(found.unwrap_or_default())
            }
            DocumentSymbolRequest::METHOD => {
                let p: lsp_types::DocumentSymbolParams = params(request)?;
                let found = self.in_file(&p.text_document.uri, symbols::document);
                ok(DocumentSymbolResponse::Nested(found.unwrap_or_default()))
            }
            WorkspaceSymbolRequest::METHOD => {
                let p: lsp_types::WorkspaceSymbolParams = params(request)?;
                let found = self
                    .workspace
                    .as_ref()
                    .map(|ws| symbols::workspace(ws, &p.query));
                ok(WorkspaceSymbolResponse::Flat(found.unwrap_or_default()))
            }
            _ => Err((
                ErrorCode::MethodNotFound as i32,
                format!("rankdown does not answer `{method}`"),
            )),
        }
    }

    /// `f` of the place `at` names, if it is in the backlog.
    fn at<T>(&self, at: &TextDocumentPositionParams, f: impl FnOnce(&Here) -> T) -> Option<T> {
        let ws = self.workspace.as_ref()?;
        let path = super::uri::to_path(&at.text_document.uri)?;
        let path = ws.relative(&path)?;
        let here = Here::new(ws, &path, at.position, self.encoding)?;
        Some(f(&here))
    }

    /// `f` of the file `uri` names, if it is in the backlog.
    fn in_file<T>(
        &self,
        uri: &Uri,
        f: impl FnOnce(&super::workspace::Workspace, &str, super::position::Encoding) -> T,
    ) -> Option<T> {
        let ws = self.workspace.as_ref()?;
        let path = ws.relative(&super::uri::to_path(uri)?)?;
        Some(f(ws, &path, self.encoding))
    }
}

/// The params of `request`, or an invalid-params failure saying why not.
fn params<P: DeserializeOwned>(request: Request) -> Result<P, Failure> {
    serde_json::from_value(request.params).map_err(|error| {
        let why = format!("invalid params for `{}`: {error}", request.method);
        (ErrorCode::InvalidParams as i32, why)
    })
}

fn ok(value: impl Serialize) -> Result<Value, Failure> {
    serde_json::to_value(value).map_err(|e| (ErrorCode::InternalError as i32, e.to_string()))
}

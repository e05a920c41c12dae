//! `rankdown schema`: the JSON Schema of a kind of front matter, of
//! `rankdown.yaml`, or of `export`'s document.

use super::Outcome;
use crate::cli::{SchemaArgs, SchemaKind};
use crate::model::Kind;
use std::io::Write;

/// Runs `schema`: prints the schema on standard output.
pub fn run(args: &SchemaArgs) -> anyhow::Result<Outcome> {
    let text = crate::schema::to_text(&schema(args.kind));
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    Ok(Outcome::Success)
}

/// The schema `kind` names.
pub fn schema(kind: SchemaKind) -> schemars::Schema {
    match kind {
        SchemaKind::Story => crate::schema::front_matter(Kind::Story),
        SchemaKind::Feature => crate::schema::front_matter(Kind::Feature),
        SchemaKind::Team => crate::schema::front_matter(Kind::Team),
        SchemaKind::Pi => crate::schema::front_matter(Kind::Pi),
        SchemaKind::Role => crate::schema::front_matter(Kind::Role),
        SchemaKind::Config => crate::schema::config(),
        SchemaKind::Export => crate::export::schema(),
    }
}

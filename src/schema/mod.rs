//! JSON Schemas (draft 2020-12) of what rankdown reads and writes: the front
//! matter of each kind of file and `rankdown.yaml`, generated from types that
//! describe them, for editors to complete and check as people type. The
//! schema of `rankdown export`'s document is [`crate::export::schema`].

mod front_matter;
mod values;

use crate::model::Kind;
use schemars::{JsonSchema, Schema, SchemaGenerator, generate::SchemaSettings};

/// The schema of the front matter of files of `kind`.
pub fn front_matter(kind: Kind) -> Schema {
    match kind {
        Kind::Story => schema_of::<front_matter::Story>(),
        Kind::Feature => schema_of::<front_matter::Feature>(),
        Kind::Team => schema_of::<front_matter::Team>(),
        Kind::Pi => schema_of::<front_matter::Pi>(),
        Kind::Role => schema_of::<front_matter::Role>(),
    }
}

/// The schema of `rankdown.yaml`.
pub fn config() -> Schema {
    schema_of::<front_matter::Config>()
}

/// The schema of values read from YAML.
fn schema_of<T: JsonSchema>() -> Schema {
    SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator()
        .into_root_schema_for::<T>()
}

/// A generator for the schema of values rankdown writes as JSON: a field
/// that is always written is required, even when it may be `null`.
pub(crate) fn for_output() -> SchemaGenerator {
    SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
}

/// A schema as the published files hold it: pretty JSON, a final newline.
pub fn to_text(schema: &Schema) -> String {
    let mut text = serde_json::to_string_pretty(schema).unwrap_or_default();
    text.push('\n');
    text
}

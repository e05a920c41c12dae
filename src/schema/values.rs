//! The kinds of value front matter holds, as JSON Schema: text as the
//! loader reads it, lists that may be written as one value, dates, and the
//! words of the model's enums.

use crate::model::{FeatureStatus, FeatureType, StoryStatus, StoryType};
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use std::borrow::Cow;

/// What `is_valid_id` accepts, as a pattern: a letter or digit, then
/// letters, digits, `.`, `_` and `-`, never `..`.
pub(crate) const ID_PATTERN: &str = "^(?!.*\\.\\.)[A-Za-z0-9][A-Za-z0-9._-]*$";

/// Value types whose schema is fixed, written out where they are used.
macro_rules! inline_schemas {
    ($($(#[$doc:meta])* $name:ident => $schema:tt;)*) => {$(
        $(#[$doc])*
        pub(crate) struct $name;

        impl JsonSchema for $name {
            fn inline_schema() -> bool {
                true
            }

            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                json_schema!($schema)
            }
        }
    )*};
}

inline_schemas! {
    /// Text; numbers and `true`/`false` are taken as written.
    Text => { "type": ["string", "number", "boolean"] };
    /// An id: a file name without `.md`, or an iteration's id.
    Id => { "type": ["string", "number"], "pattern": ID_PATTERN };
    /// A day, written `YYYY-MM-DD`.
    Date => {
        "type": "string",
        "format": "date",
        "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
    };
    /// Custom fields: any mapping.
    Extra => { "type": "object" };
}

/// A list of `T`; one value alone counts as a list of one.
pub(crate) struct List<T>(std::marker::PhantomData<T>);

impl<T: JsonSchema> JsonSchema for List<T> {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        format!("List_of_{}", T::schema_name()).into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<T>();
        json_schema!({ "anyOf": [item, { "type": "array", "items": item }] })
    }
}

/// A list of ids of other items; one id alone counts as a list of one, but
/// one text with commas is a mistake (ids never hold `, `).
pub(crate) struct Refs;

impl JsonSchema for Refs {
    fn inline_schema() -> bool {
        true
    }

    fn schema_name() -> Cow<'static, str> {
        "Refs".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let item = generator.subschema_for::<Text>();
        json_schema!({
            "anyOf": [
                { "type": ["string", "number", "boolean"], "not": { "type": "string", "pattern": ", " } },
                { "type": "array", "items": item }
            ]
        })
    }
}

/// A word of a role's `owns` list.
pub(crate) struct Owned;

impl JsonSchema for Owned {
    fn schema_name() -> Cow<'static, str> {
        "Owned".into()
    }

    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        words(crate::load::OWNABLE.iter().copied(), "A kind of content.")
    }
}

/// A schema allowing exactly `words`.
fn words<'a>(words: impl IntoIterator<Item = &'a str>, description: &str) -> Schema {
    let words: Vec<&str> = words.into_iter().collect();
    json_schema!({ "type": "string", "enum": words, "description": description })
}

/// Each enum of the model written as its words (`as_str`), in front matter
/// and in `export`'s document: its schema lists `ALL` of them.
macro_rules! words_of {
    ($($name:ident: $description:literal;)*) => {$(
        impl JsonSchema for $name {
            fn schema_name() -> Cow<'static, str> {
                stringify!($name).into()
            }

            fn json_schema(_: &mut SchemaGenerator) -> Schema {
                words($name::ALL.map($name::as_str), $description)
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }
    )*};
}

words_of! {
    StoryType: "The kind of team-backlog item.";
    StoryStatus: "Where a story is in the workflow, in workflow order.";
    FeatureType: "The kind of program-backlog item.";
    FeatureStatus: "Where a feature is in the workflow, in workflow order.";
}

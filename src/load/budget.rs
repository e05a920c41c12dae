//! YAML read into values of a bounded size. An alias (`*name`) stands for
//! the whole value of its anchor, so a few megabytes of YAML that repeat a
//! large anchor can stand for gigabytes; the parser's own guard counts
//! repetitions, not bytes. Here every value is weighed as it is built, and
//! reading stops as soon as a file's values outweigh the budget.

use serde::de::{
    self, DeserializeSeed, Deserializer, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor,
};
use serde_yaml::mapping::Entry;
use serde_yaml::value::{Tag, TaggedValue};
use serde_yaml::{Mapping, Number, Sequence, Value};
use std::cell::Cell;
use std::fmt;

/// The most the values of one file may weigh, in bytes: far above any real
/// front matter or `rankdown.yaml`, far below what hurts.
pub(super) const MAX_BYTES: usize = 16 << 20;

/// What every value weighs besides its text: about what it takes in memory.
const NODE_BYTES: usize = 32;

/// The start of the message when the budget runs out, which callers look for.
pub(super) const TOO_LARGE: &str = "the values are larger than 16 MiB once aliases are expanded";

/// Reads `yaml` as one YAML document into a value weighing at most
/// [`MAX_BYTES`]; an error carries the parser's position, and whether the
/// budget ran out (`true`) rather than the YAML being wrong.
pub(super) fn from_str(yaml: &str) -> Result<Value, (serde_yaml::Error, bool)> {
    let left = Cell::new(Some(MAX_BYTES));
    Weighed { left: &left }
        .deserialize(serde_yaml::Deserializer::from_str(yaml))
        .map_err(|error| (error, left.get().is_none()))
}

/// Builds one value, taking its weight from what is left (`None` once the
/// budget has run out).
#[derive(Clone, Copy)]
struct Weighed<'a> {
    left: &'a Cell<Option<usize>>,
}

impl Weighed<'_> {
    fn take<E: de::Error>(self, text: usize) -> Result<(), E> {
        let left = self
            .left
            .get()
            .and_then(|left| left.checked_sub(NODE_BYTES + text));
        self.left.set(left);
        match left {
            Some(_) => Ok(()),
            None => Err(E::custom(TOO_LARGE)),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Weighed<'_> {
    type Value = Value;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Weighed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, b: bool) -> Result<Value, E> {
        self.take(0)?;
        Ok(Value::Bool(b))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Value, E> {
        self.take(0)?;
        Ok(Value::Number(n.into()))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Value, E> {
        self.take(0)?;
        Ok(Value::Number(n.into()))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Value, E> {
        self.take(0)?;
        Ok(Value::Number(Number::from(n)))
    }

    fn visit_str<E: de::Error>(self, s: &str) -> Result<Value, E> {
        self.take(s.len())?;
        Ok(Value::String(s.to_owned()))
    }

    fn visit_string<E: de::Error>(self, s: String) -> Result<Value, E> {
        self.take(s.len())?;
        Ok(Value::String(s))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.take(0)?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut items: A) -> Result<Value, A::Error> {
        self.take(0)?;
        let mut sequence = Sequence::new();
        while let Some(item) = items.next_element_seed(self)? {
            sequence.push(item);
        }
        Ok(Value::Sequence(sequence))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut entries: A) -> Result<Value, A::Error> {
        self.take(0)?;
        let mut mapping = Mapping::new();
        while let Some(key) = entries.next_key_seed(self)? {
            match mapping.entry(key) {
                Entry::Occupied(entry) => {
                    return Err(de::Error::custom(duplicate(entry.key())));
                }
                Entry::Vacant(entry) => {
                    entry.insert(entries.next_value_seed(self)?);
                }
            }
        }
        Ok(Value::Mapping(mapping))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, tagged: A) -> Result<Value, A::Error> {
        let (tag, contents) = tagged.variant::<String>()?;
        if tag.is_empty() {
            return Err(de::Error::custom("empty YAML tag is not allowed"));
        }
        self.take(tag.len())?;
        let value = contents.newtype_variant_seed(self)?;
        Ok(Value::Tagged(Box::new(TaggedValue {
            tag: Tag::new(tag),
            value,
        })))
    }
}

/// The parser's own message for a key given twice.
fn duplicate(key: &Value) -> String {
    match key {
        Value::Null => "duplicate entry with null key".to_string(),
        Value::Bool(b) => format!("duplicate entry with key `{b}`"),
        Value::Number(n) => format!("duplicate entry with key {n}"),
        Value::String(s) => format!("duplicate entry with key {s:?}"),
        _ => "duplicate entry in YAML map".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_what_the_parser_reads() {
        let yaml = "a: 1\nb: [x, 2.5, true, ~]\nc: {d: !tagged e}\nf: &x [1]\ng: *x\n";
        assert_eq!(
            from_str(yaml).expect("reads"),
            serde_yaml::from_str::<Value>(yaml).expect("reads")
        );
        for bad in [
            "a: 1\na: 2\n",
            "1: x\n1: y\n",
            "? [a]\n: 1\n? [a]\n: 2\n",
            "---\na: 1\n---\nb: 2\n",
        ] {
            let (error, too_large) = from_str(bad).expect_err("refused");
            let expected = serde_yaml::from_str::<Value>(bad).expect_err("refused");
            assert_eq!(error.to_string(), expected.to_string(), "{bad}");
            assert!(!too_large, "{bad}");
        }
        // A key that reads like the budget's message is still a duplicate.
        let twice = format!("{TOO_LARGE}: 1\n{TOO_LARGE}: 2\n");
        assert!(!from_str(&twice).expect_err("duplicate").1);
    }

    #[test]
    fn an_anchor_repeated_past_the_budget_stops_the_reading() {
        let big = "x".repeat(1 << 20);
        let yaml = format!("a: &big {big}\nb: [{}]\n", ["*big"; 20].join(", "));
        let (error, too_large) = from_str(&yaml).expect_err("too large");
        assert!(too_large);
        let message = error.to_string();
        assert!(
            message.starts_with(&format!("b[14]: {TOO_LARGE}")),
            "{message}"
        );
        assert_eq!(error.location().map(|l| l.line()), Some(1), "the anchor");
        let fits = format!("a: &big {big}\nb: [{}]\n", ["*big"; 10].join(", "));
        assert!(from_str(&fits).is_ok());
    }
}

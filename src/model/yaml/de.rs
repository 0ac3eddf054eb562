//! Reading configuration and definitions into Rust types with serde, from
//! our position-keeping [`Node`] tree, so that a mistake in `comms.yaml` or
//! a type definition is reported at its line and column.

use std::fmt;

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};

use super::{Entry, Node, Pos, Value};

/// A deserialization error with the position it belongs to.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Error {
    pub message: String,
    pub pos: Option<Pos>,
}

impl Error {
    fn at(mut self, pos: Pos) -> Self {
        self.pos.get_or_insert(pos);
        self
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error { message: msg.to_string(), pos: None }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut message = format!("unknown key `{field}`");
        if let Some(best) = crate::model::suggest::closest(field, expected.iter().copied()) {
            message.push_str(&format!("; did you mean `{best}`?"));
        } else if !expected.is_empty() {
            message.push_str(&format!(
                "; the keys are {}",
                expected.iter().map(|k| format!("`{k}`")).collect::<Vec<_>>().join(", ")
            ));
        }
        Error { message, pos: None }
    }

    fn missing_field(field: &'static str) -> Self {
        Error { message: format!("missing key `{field}`"), pos: None }
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Str(s) => format!("`{s}`"),
            de::Unexpected::Seq => "a list".to_string(),
            de::Unexpected::Map => "a mapping".to_string(),
            other => other.to_string(),
        };
        Error { message: format!("expected {exp}, found {found}"), pos: None }
    }
}

/// Deserializes `T` from a node.
pub fn from_node<'de, T: de::Deserialize<'de>>(node: &'de Node) -> Result<T, Error> {
    T::deserialize(NodeDe(node))
}

struct NodeDe<'a>(&'a Node);

impl<'a> NodeDe<'a> {
    fn scalar(&self) -> Result<&'a str, Error> {
        match &self.0.value {
            Value::Scalar { text, .. } => Ok(text),
            _ => Err(Error {
                message: format!("expected a single value, found {}", self.0.kind_name()),
                pos: Some(self.0.span.start),
            }),
        }
    }

    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, Error> {
        let s = self.scalar()?;
        s.trim()
            .parse()
            .map_err(|_| Error { message: format!("expected {what}, found `{s}`"), pos: Some(self.0.span.start) })
    }
}

macro_rules! number {
    ($($method:ident $visit:ident $ty:ty),*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
            let n: $ty = self.parse("a number")?;
            visitor.$visit(n).map_err(|e: Error| e.at(self.0.span.start))
        }
    )*};
}

impl<'de> de::Deserializer<'de> for NodeDe<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let pos = self.0.span.start;
        match &self.0.value {
            Value::Scalar { text, .. } => visitor.visit_borrowed_str(text),
            Value::Seq { items, .. } => visitor.visit_seq(Seq { items: items.iter() }),
            Value::Map { entries, .. } => {
                visitor.visit_map(Map { entries: entries.iter(), value: None, end: self.0.span.start })
            }
        }
        .map_err(|e: Error| e.at(pos))
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let b = match self.scalar()?.trim() {
            "true" | "yes" | "on" => true,
            "false" | "no" | "off" => false,
            other => {
                return Err(Error {
                    message: format!("expected true or false, found `{other}`"),
                    pos: Some(self.0.span.start),
                });
            }
        };
        visitor.visit_bool(b).map_err(|e: Error| e.at(self.0.span.start))
    }

    number!(deserialize_u8 visit_u8 u8, deserialize_u16 visit_u16 u16, deserialize_u32 visit_u32 u32, deserialize_u64 visit_u64 u64,
            deserialize_i8 visit_i8 i8, deserialize_i16 visit_i16 i16, deserialize_i32 visit_i32 i32, deserialize_i64 visit_i64 i64,
            deserialize_f32 visit_f32 f32, deserialize_f64 visit_f64 f64);

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let s = self.scalar()?;
        visitor.visit_borrowed_str(s).map_err(|e: Error| e.at(self.0.span.start))
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Seq { items, .. } => {
                visitor.visit_seq(Seq { items: items.iter() }).map_err(|e: Error| e.at(self.0.span.start))
            }
            _ if self.0.is_null() => visitor.visit_seq(Seq { items: [].iter() }),
            _ => Err(Error {
                message: format!("expected a list, found {}", self.0.kind_name()),
                pos: Some(self.0.span.start),
            }),
        }
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match &self.0.value {
            Value::Map { entries, .. } => visitor
                .visit_map(Map { entries: entries.iter(), value: None, end: self.0.span.start })
                .map_err(|e: Error| e.at(self.0.span.start)),
            _ if self.0.is_null() => visitor.visit_map(Map { entries: [].iter(), value: None, end: self.0.span.start }),
            _ => Err(Error {
                message: format!("expected a mapping of `key: value` lines, found {}", self.0.kind_name()),
                pos: Some(self.0.span.start),
            }),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        let s = self.scalar()?;
        visitor.visit_enum(s.into_deserializer()).map_err(|e: Error| e.at(self.0.span.start))
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_str(visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char bytes byte_buf unit unit_struct tuple tuple_struct ignored_any
    }
}

struct Seq<'a> {
    items: std::slice::Iter<'a, Node>,
}

impl<'de> SeqAccess<'de> for Seq<'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        match self.items.next() {
            Some(node) => seed.deserialize(NodeDe(node)).map(Some).map_err(|e: Error| e.at(node.span.start)),
            None => Ok(None),
        }
    }
}

struct Map<'a> {
    entries: std::slice::Iter<'a, Entry>,
    value: Option<&'a Node>,
    end: Pos,
}

impl<'de> MapAccess<'de> for Map<'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some(entry) => {
                self.value = Some(&entry.value);
                let key: de::value::BorrowedStrDeserializer<'de, Error> =
                    de::value::BorrowedStrDeserializer::new(&entry.key);
                seed.deserialize(key).map(Some).map_err(|e: Error| e.at(entry.key_span.start))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let node =
            self.value.take().ok_or_else(|| Error { message: "a value without a key".into(), pos: Some(self.end) })?;
        seed.deserialize(NodeDe(node)).map_err(|e: Error| e.at(node.span.start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::yaml::{Limits, Origin, parse};
    use serde::Deserialize;

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Conf {
        timezone: Option<String>,
        #[serde(default)]
        people: Vec<Person>,
        size: Option<u64>,
    }

    #[derive(Deserialize, Debug, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Person {
        name: String,
        department: Option<String>,
    }

    fn load(text: &str) -> Result<Conf, Error> {
        let root = parse(text, Origin::START, Limits::default()).unwrap().root.unwrap();
        let root: &'static Node = Box::leak(Box::new(root));
        from_node(root)
    }

    #[test]
    fn reads_structs_and_lists() {
        let c = load("timezone: Asia/Shanghai\npeople:\n  - { name: 张伟, department: 技术部 }\nsize: 12\n").unwrap();
        assert_eq!(c.people[0].name, "张伟");
        assert_eq!(c.size, Some(12));
    }

    #[test]
    fn unknown_keys_are_named_with_a_suggestion_and_a_position() {
        let e = load("timezone: UTC\ntimezon: x\n").unwrap_err();
        assert!(e.message.contains("`timezon`") && e.message.contains("did you mean `timezone`"), "{}", e.message);
        assert_eq!(e.pos.unwrap().line, 2);
    }

    #[test]
    fn type_errors_point_at_the_value() {
        let e = load("people:\n  - name: [a, b]\n").unwrap_err();
        assert_eq!(e.pos.unwrap().line, 2);
        assert!(e.message.contains("a list"), "{}", e.message);
        let e = load("size: big\n").unwrap_err();
        assert!(e.message.contains("`big`"));
    }

    #[test]
    fn missing_keys_point_at_their_mapping() {
        let e = load("people:\n  - department: 技术部\n").unwrap_err();
        assert!(e.message.contains("missing key `name`"));
        assert_eq!(e.pos.unwrap().line, 2);
    }
}

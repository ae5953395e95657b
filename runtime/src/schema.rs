//! JSON Schemas of error members, from their Rust types: what the catalog and the OpenAPI
//! document say a member holds, in the client's vocabulary (`string`, `integer`, `array of
//! string`), never a Rust type name.
//!
//! The derive finds each member's schema at compile time, in this order:
//!
//! 1. [`JsonType`], which errwire implements for the standard types that serialize as JSON
//!    primitives, arrays and maps (integers with their bounds, floats, `bool`, `char`, strings,
//!    `Option`, `Vec`, slices, arrays, sets, maps, smart pointers, `serde_json::Value`), and a
//!    service can implement for its own types;
//! 2. with feature `utoipa`, the type's `utoipa::PartialSchema` (every `#[derive(ToSchema)]`
//!    type). Schemas that refer to other components (`$ref`) need those components in the
//!    document, as for any utoipa body;
//! 3. otherwise `{}`: any JSON value. So is a member whose type names a type parameter of the
//!    error type, whose schema is not known where the catalog is built.
//!
//! ```
//! use errwire::schema::JsonType;
//!
//! assert_eq!(<Option<u64>>::json_schema(), serde_json::json!({"type": ["integer", "null"], "minimum": 0}));
//! assert_eq!(errwire::schema::type_name(&<Vec<String>>::json_schema()), "array of string");
//!
//! /// A service's own type: its JSON shape, stated once.
//! struct FieldName(&'static str);
//!
//! impl JsonType for FieldName {
//!     fn json_schema() -> serde_json::Value {
//!         serde_json::json!({"type": "string", "enum": ["key", "version"]})
//!     }
//! }
//! ```

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};
use std::rc::Rc;
use std::sync::Arc;

use serde_json::{Value, json};

/// A Rust type's JSON Schema (JSON Schema 2020-12, as OpenAPI 3.1 uses it): the shape its
/// `serde::Serialize` impl writes.
pub trait JsonType {
    /// The schema of the values of this type.
    fn json_schema() -> Value;
}

macro_rules! json_types {
    ($($ty:ty => $schema:expr),* $(,)?) => {$(
        impl JsonType for $ty {
            fn json_schema() -> Value {
                $schema
            }
        }
    )*};
}

json_types! {
    u8 => json!({"type": "integer", "minimum": 0, "maximum": u8::MAX}),
    u16 => json!({"type": "integer", "minimum": 0, "maximum": u16::MAX}),
    u32 => json!({"type": "integer", "minimum": 0, "maximum": u32::MAX}),
    u64 => json!({"type": "integer", "minimum": 0}),
    u128 => json!({"type": "integer", "minimum": 0}),
    usize => json!({"type": "integer", "minimum": 0}),
    i8 => json!({"type": "integer", "minimum": i8::MIN, "maximum": i8::MAX}),
    i16 => json!({"type": "integer", "minimum": i16::MIN, "maximum": i16::MAX}),
    i32 => json!({"type": "integer", "minimum": i32::MIN, "maximum": i32::MAX}),
    i64 => json!({"type": "integer"}),
    i128 => json!({"type": "integer"}),
    isize => json!({"type": "integer"}),
    core::num::NonZeroU8 => json!({"type": "integer", "minimum": 1, "maximum": u8::MAX}),
    core::num::NonZeroU16 => json!({"type": "integer", "minimum": 1, "maximum": u16::MAX}),
    core::num::NonZeroU32 => json!({"type": "integer", "minimum": 1, "maximum": u32::MAX}),
    core::num::NonZeroU64 => json!({"type": "integer", "minimum": 1}),
    core::num::NonZeroUsize => json!({"type": "integer", "minimum": 1}),
    // serde_json writes a NaN or an infinity as `null`.
    f32 => json!({"type": ["number", "null"]}),
    f64 => json!({"type": ["number", "null"]}),
    bool => json!({"type": "boolean"}),
    char => json!({"type": "string", "minLength": 1, "maxLength": 1}),
    str => json!({"type": "string"}),
    String => json!({"type": "string"}),
    () => json!({"type": "null"}),
    std::net::IpAddr => json!({"type": "string"}),
    std::net::Ipv4Addr => json!({"type": "string", "format": "ipv4"}),
    std::net::Ipv6Addr => json!({"type": "string", "format": "ipv6"}),
    std::net::SocketAddr => json!({"type": "string"}),
    std::path::Path => json!({"type": "string"}),
    std::path::PathBuf => json!({"type": "string"}),
    serde_json::Value => json!({}),
    serde_json::Map<String, Value> => json!({"type": "object"}),
    serde_json::Number => json!({"type": "number"}),
}

impl<T: JsonType + ?Sized> JsonType for &T {
    fn json_schema() -> Value {
        T::json_schema()
    }
}

impl<T: JsonType + ?Sized> JsonType for &mut T {
    fn json_schema() -> Value {
        T::json_schema()
    }
}

impl<T: JsonType + ?Sized> JsonType for Box<T> {
    fn json_schema() -> Value {
        T::json_schema()
    }
}

impl<T: JsonType + ?Sized> JsonType for Arc<T> {
    fn json_schema() -> Value {
        T::json_schema()
    }
}

impl<T: JsonType + ?Sized> JsonType for Rc<T> {
    fn json_schema() -> Value {
        T::json_schema()
    }
}

impl<T: JsonType + ToOwned + ?Sized> JsonType for Cow<'_, T> {
    fn json_schema() -> Value {
        T::json_schema()
    }
}

impl<T: JsonType> JsonType for Option<T> {
    fn json_schema() -> Value {
        nullable(T::json_schema())
    }
}

/// `schema`, also accepting `null`.
fn nullable(schema: Value) -> Value {
    let mut schema = schema;
    if let Value::Object(members) = &mut schema {
        let composed = members
            .keys()
            .any(|key| matches!(key.as_str(), "oneOf" | "anyOf" | "allOf" | "$ref" | "enum" | "const"));
        match members.get_mut("type") {
            // `enum`, `const` and compositions constrain the value beyond its type.
            _ if composed => {}
            Some(Value::String(ty)) => {
                let ty = Value::String(core::mem::take(ty));
                members.insert("type".to_owned(), json!([ty, "null"]));
                return schema;
            }
            Some(Value::Array(types)) => {
                if !types.iter().any(|ty| ty == "null") {
                    types.push(Value::from("null"));
                }
                return schema;
            }
            // Without a type it accepts `null` already (`{}`).
            None => return schema,
            _ => {}
        }
    }
    json!({"anyOf": [schema, {"type": "null"}]})
}

fn array_of(items: Value) -> Value {
    json!({"type": "array", "items": items})
}

fn set_of(items: Value) -> Value {
    json!({"type": "array", "items": items, "uniqueItems": true})
}

fn map_of(values: Value) -> Value {
    json!({"type": "object", "additionalProperties": values})
}

impl<T: JsonType> JsonType for [T] {
    fn json_schema() -> Value {
        array_of(T::json_schema())
    }
}

impl<T: JsonType, const N: usize> JsonType for [T; N] {
    fn json_schema() -> Value {
        let mut schema = array_of(T::json_schema());
        schema["minItems"] = Value::from(N);
        schema["maxItems"] = Value::from(N);
        schema
    }
}

impl<T: JsonType> JsonType for Vec<T> {
    fn json_schema() -> Value {
        array_of(T::json_schema())
    }
}

impl<T: JsonType> JsonType for VecDeque<T> {
    fn json_schema() -> Value {
        array_of(T::json_schema())
    }
}

impl<T: JsonType, S> JsonType for HashSet<T, S> {
    fn json_schema() -> Value {
        set_of(T::json_schema())
    }
}

impl<T: JsonType> JsonType for BTreeSet<T> {
    fn json_schema() -> Value {
        set_of(T::json_schema())
    }
}

impl<K, V: JsonType, S> JsonType for HashMap<K, V, S> {
    fn json_schema() -> Value {
        map_of(V::json_schema())
    }
}

impl<K, V: JsonType> JsonType for BTreeMap<K, V> {
    fn json_schema() -> Value {
        map_of(V::json_schema())
    }
}

/// The schema of any JSON value (`{}`): for members whose type says nothing errwire can read.
pub fn any() -> Value {
    Value::Object(serde_json::Map::new())
}

/// A schema in a client's words: `string`, `integer`, `array of string`, `object of integer`,
/// `string or null`, `one of "a", "b"`, `any JSON value`; a `$ref` by the component's name.
///
/// ```
/// use serde_json::json;
/// use errwire::schema::type_name;
///
/// assert_eq!(type_name(&json!({"type": ["integer", "null"]})), "integer or null");
/// assert_eq!(type_name(&json!({"type": "object", "additionalProperties": {"type": "number"}})), "object of number");
/// assert_eq!(type_name(&json!({"$ref": "#/components/schemas/Field"})), "Field");
/// assert_eq!(type_name(&json!({})), "any JSON value");
/// ```
pub fn type_name(schema: &Value) -> String {
    let Value::Object(members) = schema else {
        return if schema == &Value::Bool(false) {
            "nothing".to_owned()
        } else {
            "any JSON value".to_owned()
        };
    };
    if let Some(Value::String(reference)) = members.get("$ref") {
        return reference.rsplit('/').next().unwrap_or(reference).to_owned();
    }
    if let Some(Value::Array(values)) = members.get("enum") {
        let values: Vec<String> = values.iter().map(Value::to_string).collect();
        return match values.as_slice() {
            [one] => one.clone(),
            _ => format!("one of {}", values.join(", ")),
        };
    }
    if let Some(value) = members.get("const") {
        return value.to_string();
    }
    for (key, joiner) in [("oneOf", " or "), ("anyOf", " or ")] {
        if let Some(Value::Array(schemas)) = members.get(key) {
            let names: Vec<String> = schemas.iter().map(type_name).collect();
            return names.join(joiner);
        }
    }
    let one = |ty: &str| match ty {
        "array" => match members.get("items") {
            Some(items) => format!("array of {}", type_name(items)),
            None => "array".to_owned(),
        },
        "object" => match members.get("additionalProperties") {
            Some(values @ Value::Object(_)) => format!("object of {}", type_name(values)),
            _ => "object".to_owned(),
        },
        other => other.to_owned(),
    };
    match members.get("type") {
        Some(Value::String(ty)) => one(ty),
        Some(Value::Array(types)) => {
            types.iter().filter_map(Value::as_str).map(one).collect::<Vec<_>>().join(" or ")
        }
        _ => "any JSON value".to_owned(),
    }
}

/// A value that `schema` accepts, for examples: its `example`, `const` or first `enum` value,
/// else the simplest value of its type (`"string"`, `0` or its minimum, `[]`, `{}` with the
/// required members).
pub fn example(schema: &Value) -> Value {
    let Value::Object(members) = schema else { return Value::Null };
    if let Some(value) = members.get("example").or_else(|| members.get("const")) {
        return value.clone();
    }
    if let Some(Value::Array(values)) = members.get("examples").or_else(|| members.get("enum")) {
        if let Some(first) = values.first() {
            return first.clone();
        }
    }
    for key in ["oneOf", "anyOf", "allOf"] {
        if let Some(Value::Array(schemas)) = members.get(key) {
            return schemas.first().map_or(Value::Null, example);
        }
    }
    let ty = match members.get("type") {
        Some(Value::String(ty)) => ty.as_str(),
        Some(Value::Array(types)) => {
            types.iter().filter_map(Value::as_str).find(|ty| *ty != "null").unwrap_or("null")
        }
        _ => return Value::String("value".to_owned()),
    };
    match ty {
        "string" => Value::String(if members.get("minLength").and_then(Value::as_u64) == Some(1) {
            "x".to_owned()
        } else {
            "string".to_owned()
        }),
        "integer" => members
            .get("minimum")
            .filter(|min| min.as_i64().is_some_and(|min| min > 0))
            .cloned()
            .unwrap_or(Value::from(0)),
        "number" => Value::from(0.5),
        "boolean" => Value::Bool(false),
        "array" => {
            let len = members.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let item = members.get("items").map_or(Value::Null, example);
            Value::Array((0..len).map(|_| item.clone()).collect())
        }
        "object" => {
            let mut object = serde_json::Map::new();
            if let (Some(Value::Array(required)), Some(Value::Object(properties))) =
                (members.get("required"), members.get("properties"))
            {
                for name in required.iter().filter_map(Value::as_str) {
                    object.insert(name.to_owned(), properties.get(name).map_or(Value::Null, example));
                }
            }
            Value::Object(object)
        }
        _ => Value::Null,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{JsonType, example, nullable, type_name};

    #[test]
    fn std_types_have_their_json_shape() {
        assert_eq!(<&'static str>::json_schema(), json!({"type": "string"}));
        assert_eq!(<Option<String>>::json_schema(), json!({"type": ["string", "null"]}));
        assert_eq!(<Option<Option<u8>>>::json_schema()["type"], json!(["integer", "null"]));
        assert_eq!(<Option<serde_json::Value>>::json_schema(), json!({}));
        assert_eq!(
            <std::collections::HashMap<String, Vec<bool>>>::json_schema(),
            json!({"type": "object", "additionalProperties": {"type": "array", "items": {"type": "boolean"}}})
        );
        assert_eq!(type_name(&<Box<[u32; 2]>>::json_schema()), "array of integer");
    }

    #[test]
    fn compositions_become_nullable_by_any_of() {
        let one_of = json!({"oneOf": [{"type": "string"}, {"type": "integer"}]});
        assert_eq!(nullable(one_of.clone()), json!({"anyOf": [one_of, {"type": "null"}]}));
        assert_eq!(type_name(&nullable(json!({"$ref": "#/components/schemas/Pet"}))), "Pet or null");
    }

    #[test]
    fn examples_satisfy_their_schema() {
        assert_eq!(example(&<core::num::NonZeroU32>::json_schema()), json!(1));
        assert_eq!(example(&<char>::json_schema()), json!("x"));
        assert_eq!(example(&<[u8; 2]>::json_schema()), json!([0, 0]));
        assert_eq!(example(&<Option<u64>>::json_schema()), json!(0));
        assert_eq!(example(&json!({"enum": ["a", "b"]})), json!("a"));
    }
}

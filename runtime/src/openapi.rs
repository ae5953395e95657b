//! OpenAPI (feature `utoipa`): a derived type's responses, from its catalog and its format.
//!
//! Every derived type implements `utoipa::IntoResponses`, so `#[utoipa::path(...,
//! responses(ConnectError))]` documents each error it can return: one response per status, the
//! format's content type, a schema of the envelope and each variant as a named example (its
//! body in the type's format, the message template as the message).
//!
//! ```
//! use errwire::ApiError;
//! use utoipa::IntoResponses;
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = errwire::format::ErrorList)]
//! enum DeploymentError {
//!     /// The deployment does not exist.
//!     #[api(status = 404, code = "ResourceNotFound", msg = "Deployment with id={id} does not exist")]
//!     NotFound { id: u64 },
//! }
//!
//! let responses = DeploymentError::responses();
//! let json = serde_json::to_value(&responses["404"]).unwrap();
//! let example = &json["content"]["application/json"]["examples"]["ResourceNotFound"]["value"];
//! assert_eq!(example["errors"][0]["code"], "ResourceNotFound");
//! ```

use core::fmt;
use std::collections::BTreeMap;

use http::StatusCode;
use serde::ser::SerializeMap;
use serde_json::Value;
use utoipa::openapi::example::ExampleBuilder;
use utoipa::openapi::header::HeaderBuilder;
use utoipa::openapi::response::{Response, ResponseBuilder};
use utoipa::openapi::schema::{ArrayBuilder, ObjectBuilder, Schema, Type};
use utoipa::openapi::{ContentBuilder, RefOr};

use crate::catalog::{Entry, Location};
use crate::format::{Format, FormatVisitor, reason_phrase};
use crate::{ApiError, Catalog, Context};

/// The OpenAPI responses of `E`: what its `utoipa::IntoResponses` impl returns.
pub fn responses<E: ApiError>() -> BTreeMap<String, RefOr<Response>> {
    struct Build(Catalog);
    impl FormatVisitor for Build {
        type Output = BTreeMap<String, RefOr<Response>>;
        fn visit<F: Format>(self, format: &F) -> Self::Output {
            responses_in(format, &self.0)
        }
    }
    E::with_format(Build(Catalog::of::<E>()))
}

/// The responses of every entry of `catalog`, in `format`.
pub fn responses_in<F: Format + ?Sized>(format: &F, catalog: &Catalog) -> BTreeMap<String, RefOr<Response>> {
    let mut by_status: BTreeMap<u16, Vec<&'static Entry>> = BTreeMap::new();
    for entry in catalog.entries() {
        by_status.entry(entry.status).or_default().push(entry);
    }
    let content_type = format.content_type().to_str().unwrap_or("application/json").to_owned();
    by_status
        .into_iter()
        .map(|(status, entries)| {
            (status.to_string(), response(format, &content_type, status, &entries).into())
        })
        .collect()
}

fn response<F: Format + ?Sized>(
    format: &F,
    content_type: &str,
    status: u16,
    entries: &[&'static Entry],
) -> Response {
    let reason = StatusCode::from_u16(status).map(reason_phrase).unwrap_or("Unknown Error");
    let codes: Vec<String> = entries.iter().map(|entry| format!("`{}`", entry.code)).collect();
    let examples: Vec<(String, Value)> =
        entries.iter().map(|entry| (entry.code.to_owned(), example(format, entry))).collect();
    let schema = examples.first().map(|(_, body)| schema_of(body));
    let examples = examples.into_iter().zip(entries).map(|((name, value), entry)| {
        let example =
            ExampleBuilder::new().summary(entry.message()).description(entry.description).value(Some(value));
        (name, example.build())
    });
    let content = ContentBuilder::new().schema(schema).examples_from_iter(examples).build();
    let mut builder = ResponseBuilder::new()
        .description(format!("{reason}: {}", codes.join(", ")))
        .content(content_type, content);
    for entry in entries {
        for field in entry.fields.iter().filter(|field| field.location == Location::Header) {
            let header =
                HeaderBuilder::new().schema(Some(ObjectBuilder::new().schema_type(Type::String))).build();
            builder = builder.header(field.name, header);
        }
    }
    builder.build()
}

/// The body `entry` renders to in `format`, with a sample value per member.
fn example<F: Format + ?Sized>(format: &F, entry: &'static Entry) -> Value {
    let response = crate::render(format, &Sample(entry), &Context::new().with_instance("instance-id"));
    serde_json::from_slice(response.body()).unwrap_or(Value::Null)
}

/// A schema that the example bodies satisfy: the members' JSON types.
fn schema_of(value: &Value) -> Schema {
    match value {
        Value::Object(members) => {
            let object = members
                .iter()
                .fold(ObjectBuilder::new().schema_type(Type::Object), |object, (name, member)| {
                    object.property(name, schema_of(member)).required(name)
                });
            Schema::Object(object.build())
        }
        Value::Array(items) => {
            let item = items.first().map_or_else(|| Schema::Object(ObjectBuilder::new().build()), schema_of);
            Schema::Array(ArrayBuilder::new().items(RefOr::T(item)).build())
        }
        Value::String(_) => Schema::Object(ObjectBuilder::new().schema_type(Type::String).build()),
        Value::Number(number) if number.is_f64() => {
            Schema::Object(ObjectBuilder::new().schema_type(Type::Number).build())
        }
        Value::Number(_) => Schema::Object(ObjectBuilder::new().schema_type(Type::Integer).build()),
        Value::Bool(_) => Schema::Object(ObjectBuilder::new().schema_type(Type::Boolean).build()),
        Value::Null => Schema::Object(ObjectBuilder::new().build()),
    }
}

/// A catalog entry standing in for an error, so that the format renders its example body.
#[derive(Debug)]
struct Sample(&'static Entry);

impl fmt::Display for Sample {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.message())
    }
}

impl core::error::Error for Sample {}

impl ApiError for Sample {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
    fn code(&self) -> &str {
        self.0.code
    }
    fn write_message(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(self.0.message())
    }
    fn title(&self) -> Option<&str> {
        self.0.title
    }
    fn type_uri(&self) -> Option<&str> {
        self.0.type_uri
    }
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for field in self.0.fields.iter().filter(|field| field.location == Location::Body) {
            map.serialize_entry(field.name, &sample_value(field.ty))?;
        }
        Ok(())
    }
    fn write_fields_json(&self, out: &mut Vec<u8>) -> serde_json::Result<()> {
        crate::fields_to_json(self, out)
    }
    fn to_response_with(&self, cx: &Context<'_>) -> http::Response<Vec<u8>> {
        crate::render(&crate::format::ProblemJson, self, cx)
    }
}

/// A value of a Rust type as written, for examples.
fn sample_value(ty: &str) -> Value {
    let inner = ty.strip_prefix("Option<").and_then(|rest| rest.strip_suffix('>')).unwrap_or(ty);
    let name =
        inner.trim_start_matches('&').trim_start_matches("'static ").rsplit("::").next().unwrap_or(inner);
    match name {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" | "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => {
            Value::from(0)
        }
        "f32" | "f64" => Value::from(0.5),
        "bool" => Value::Bool(false),
        _ if name.starts_with("Vec<") => Value::Array(Vec::new()),
        "String" | "str" | "Cow<str>" => Value::String("string".to_owned()),
        _ => Value::String(format!("<{inner}>")),
    }
}

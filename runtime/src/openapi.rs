//! OpenAPI (feature `utoipa`): a derived type's responses, from its catalog and its format,
//! exactly as they are served.
//!
//! Every derived type implements `utoipa::IntoResponses`, so `#[utoipa::path(...,
//! responses(ConnectError))]` documents each error it can return. Per status there is one
//! response with the format's content type, whose schema is a `oneOf` of one schema per code
//! (an `anyOf` when the bodies of two codes can't be told apart, as in plain problem+json
//! where every `type` is `about:blank`). Each code's schema lists exactly the members that code
//! sends, with their JSON types (see [`crate::schema`]), the envelope's constant members
//! (`code`, `type`, `status`, …) as single-value `enum`s, and `required` = what is always
//! present: `instance` only where it always is (5xx, or a format set to give every error one).
//! Header fields (`Retry-After`) and `x-request-id` (the request's own id, echoed, or the
//! instance id in formats without an `instance` member) are documented as response headers.
//!
//! The schemas are not written by hand: errwire renders a stand-in error of each code through
//! the format itself (built-in or user-defined) and reads the shape off the result, so the
//! document can't drift from what is served.
//!
//! The errors a framework layer answers before a handler runs (malformed JSON, a bad path or
//! query parameter, a panic) are added to every operation they can happen on with
//! [`add_general_errors`].
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
//!     NotFound { #[api(skip)] id: u64 },
//!     /// The key is taken.
//!     #[api(status = 400, code = "DuplicateField", msg = "A duplicate value exists for field {field}.")]
//!     Duplicate { field: String },
//! }
//!
//! let responses = DeploymentError::responses();
//! let json = serde_json::to_value(&responses["400"]).unwrap();
//! let content = &json["content"]["application/json"];
//! let item = &content["schema"]["properties"]["errors"]["items"];
//! assert_eq!(item["properties"]["code"]["enum"], serde_json::json!(["DuplicateField"]));
//! assert_eq!(item["properties"]["field"]["type"], "string");
//! let mut required: Vec<&str> = item["required"].as_array().unwrap().iter().filter_map(|v| v.as_str()).collect();
//! required.sort_unstable();
//! assert_eq!(required, ["code", "field", "message"]);
//! assert_eq!(content["examples"]["DuplicateField"]["value"]["errors"][0]["field"], "string");
//! ```

use core::fmt;
use std::collections::BTreeMap;

use http::StatusCode;
use serde::ser::SerializeMap;
use serde_json::{Map, Value, json};
use utoipa::openapi::response::Response;
use utoipa::openapi::{OpenApi, RefOr};

use crate::catalog::{Entry, Location, Translation};
use crate::format::{Document, Format, FormatVisitor, reason_phrase};
use crate::{ApiError, Catalog, GeneralError};

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

/// The responses of every entry of `catalog`, in `format`: one per status.
pub fn responses_in<F: Format + ?Sized>(format: &F, catalog: &Catalog) -> BTreeMap<String, RefOr<Response>> {
    response_values(format, catalog.entries())
        .into_iter()
        .map(|(status, response)| (status, RefOr::T(to_response(response))))
        .collect()
}

/// The general errors of the framework layers (`errwire::axum`, `errwire::actix`), added to
/// every operation of `openapi` they can be answered on, in `format` (the service's format,
/// the one given to the layer):
///
/// | error | status | added to |
/// |---|---|---|
/// | `InvalidJsonInput` | 400 | operations with a request body |
/// | `PayloadTooLarge` | 413 | operations with a request body |
/// | `UnsupportedMediaType` | 415 | operations with a request body |
/// | `InvalidPathParam` | 400 | operations with a path parameter |
/// | `InvalidQueryParam` | 400 | operations with a query parameter |
/// | `General` | 500 | every operation (a handler panic) |
/// | `ResourceNotFound`, `MethodNotAllowed` | 404, 405 | `components.responses` (an unknown route or method has no operation) |
///
/// A status the operation documents already gets the general error as one more alternative of
/// its schema, and one more example.
///
/// ```
/// use utoipa::openapi::path::{HttpMethod, OperationBuilder, ParameterBuilder, ParameterIn, PathItem};
/// use utoipa::openapi::{OpenApiBuilder, PathsBuilder, ResponseBuilder};
///
/// let get = OperationBuilder::new()
///     .parameter(ParameterBuilder::new().name("id").parameter_in(ParameterIn::Path))
///     .response("200", ResponseBuilder::new().description("The deployment"));
/// let paths = PathsBuilder::new().path("/deployments/{id}", PathItem::new(HttpMethod::Get, get));
/// let mut openapi = OpenApiBuilder::new().paths(paths).build();
///
/// errwire::openapi::add_general_errors(&mut openapi, &errwire::format::ProblemJson);
///
/// let json = serde_json::to_value(&openapi).unwrap();
/// let responses = &json["paths"]["/deployments/{id}"]["get"]["responses"];
/// assert_eq!(responses["400"]["content"]["application/problem+json"]["examples"]["InvalidPathParam"]["value"]["status"], 400);
/// assert!(responses["500"].is_object());
/// assert!(responses.get("415").is_none()); // no request body
/// ```
pub fn add_general_errors<F: Format + ?Sized>(openapi: &mut OpenApi, format: &F) {
    let catalog = Catalog::of::<GeneralError>();
    let general = |codes: &[&str]| -> Vec<&'static Entry> {
        catalog.entries().iter().copied().filter(|entry| codes.contains(&entry.code)).collect()
    };
    let Ok(mut document) = serde_json::to_value(&*openapi) else { return };
    if let Some(Value::Object(paths)) = document.get_mut("paths") {
        for item in paths.values_mut() {
            let shared = parameter_places(item.get("parameters"));
            let Value::Object(item) = item else { continue };
            for (method, operation) in item.iter_mut() {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                let mut places = parameter_places(operation.get("parameters"));
                places.extend(shared.iter().cloned());
                let mut codes = vec!["General"];
                if operation.get("requestBody").is_some() {
                    codes.extend(["InvalidJsonInput", "PayloadTooLarge", "UnsupportedMediaType"]);
                }
                if places.iter().any(|place| place == "path") {
                    codes.push("InvalidPathParam");
                }
                if places.iter().any(|place| place == "query") {
                    codes.push("InvalidQueryParam");
                }
                let added = response_values(format, &general(&codes));
                let responses = operation
                    .as_object_mut()
                    .map(|operation| operation.entry("responses").or_insert_with(|| json!({})));
                if let Some(Value::Object(responses)) = responses {
                    for (status, response) in added {
                        match responses.get_mut(&status) {
                            Some(existing) => merge_response(existing, response),
                            None => {
                                responses.insert(status, response);
                            }
                        }
                    }
                }
            }
        }
    }
    let unrouted = ["ResourceNotFound", "MethodNotAllowed"]
        .map(|code| (code, response_values(format, &general(&[code])).into_values().next()));
    if let Value::Object(document) = &mut document {
        let components = document.entry("components").or_insert_with(|| json!({}));
        if let Value::Object(components) = components {
            let responses = components.entry("responses").or_insert_with(|| json!({}));
            if let Value::Object(responses) = responses {
                for (code, response) in unrouted {
                    if let Some(mut response) = response {
                        if code == "MethodNotAllowed" {
                            response["headers"]["Allow"] = json!({
                                "description": "The methods the resource supports.",
                                "schema": {"type": "string"},
                            });
                        }
                        responses.insert(code.to_owned(), response);
                    }
                }
            }
        }
    }
    if let Ok(updated) = serde_json::from_value(document) {
        *openapi = updated;
    }
}

const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// Where the parameters in `parameters` are (`path`, `query`, …).
fn parameter_places(parameters: Option<&Value>) -> Vec<String> {
    let Some(Value::Array(parameters)) = parameters else { return Vec::new() };
    parameters.iter().filter_map(|parameter| parameter.get("in")?.as_str().map(str::to_owned)).collect()
}

/// A response object (as JSON) into utoipa's type.
fn to_response(value: Value) -> Response {
    // Every schema is one utoipa reads (see `for_utoipa`): a failure here is a bug in errwire,
    // which the tests check for every kind of member (`documented_schemas_survive_utoipa`).
    serde_json::from_value(value).unwrap_or_default()
}

/// The schemas of a response object (its content's and its headers'), see [`for_utoipa`].
fn response_for_utoipa(value: &mut Value) {
    if let Some(Value::Object(content)) = value.get_mut("content") {
        for media in content.values_mut() {
            if let Some(schema) = media.get_mut("schema") {
                for_utoipa(schema);
            }
        }
    }
    if let Some(Value::Object(headers)) = value.get_mut("headers") {
        for header in headers.values_mut() {
            if let Some(schema) = header.get_mut("schema") {
                for_utoipa(schema);
            }
        }
    }
}

/// Every JSON type: what "any value" says where a schema must name its types.
const ANY_TYPE: [&str; 6] = ["string", "number", "boolean", "array", "object", "null"];

/// `schema`, and the schemas inside it, in a form utoipa's typed model reads back unchanged:
/// it has no typeless schema, so `{}` (any value) becomes the list of every type, and an
/// `enum` or `const` without a `type` gets the types of its values. The meaning is the same.
fn for_utoipa(schema: &mut Value) {
    let Value::Object(members) = schema else { return };
    for key in ["items", "additionalProperties", "not"] {
        if let Some(inner) = members.get_mut(key) {
            for_utoipa(inner);
        }
    }
    for key in ["properties", "patternProperties", "$defs"] {
        if let Some(Value::Object(inner)) = members.get_mut(key) {
            inner.values_mut().for_each(for_utoipa);
        }
    }
    for key in ["oneOf", "anyOf", "allOf", "prefixItems"] {
        if let Some(Value::Array(inner)) = members.get_mut(key) {
            inner.iter_mut().for_each(for_utoipa);
        }
    }
    let typed = ["type", "$ref", "oneOf", "anyOf", "allOf"].iter().any(|key| members.contains_key(*key));
    if typed {
        return;
    }
    if let Some(value) = members.remove("const") {
        members.insert("enum".to_owned(), json!([value]));
    }
    let types: Vec<&str> = match members.get("enum") {
        Some(Value::Array(values)) => {
            let mut types: Vec<&str> = values.iter().map(json_type).collect();
            types.sort_unstable();
            types.dedup();
            types
        }
        _ => ANY_TYPE.to_vec(),
    };
    let types = match types.as_slice() {
        [one] => json!(one),
        _ => json!(types),
    };
    members.insert("type".to_owned(), types);
}

/// The JSON Schema type of `value`.
fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_f64() => "number",
        Value::Number(_) => "integer",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// One response object per status (as JSON), for `entries` in `format`.
fn response_values<F: Format + ?Sized>(format: &F, entries: &[&'static Entry]) -> BTreeMap<String, Value> {
    let mut by_status: BTreeMap<u16, Vec<&'static Entry>> = BTreeMap::new();
    for entry in entries {
        by_status.entry(entry.status).or_default().push(entry);
    }
    by_status
        .into_iter()
        .map(|(status, entries)| (status.to_string(), response(format, status, &entries)))
        .collect()
}

/// The response of `status`: every entry's body as one alternative of the schema, and as a
/// named example; the headers of all of them.
fn response<F: Format + ?Sized>(format: &F, status: u16, entries: &[&'static Entry]) -> Value {
    let status_code = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let instance_always = status_code.is_server_error() || format.every_error_instance();
    let mut alternatives = Vec::new();
    let mut examples = Map::new();
    for entry in entries {
        let (schema, example) = body(format, entry, instance_always, None);
        let mut schema = schema;
        // Feature `fluent`: a translated title is another value of `title` (and so on for any
        // member a format writes from the title), and each language its own example.
        for translation in entry.translations {
            let (translated, example) = body(format, entry, instance_always, Some(translation));
            widen(&mut schema, &translated);
            let summary = translation.message.unwrap_or_else(|| entry.message());
            let value = json!({"summary": summary, "value": example});
            examples.insert(format!("{} ({})", entry.code, translation.locale), value);
        }
        if let Value::Object(members) = &mut schema {
            members.insert("title".to_owned(), Value::from(entry.code));
        }
        alternatives.push(schema);
        let mut name = entry.code.to_owned();
        for n in 2.. {
            if !examples.contains_key(&name) {
                break;
            }
            name = format!("{} ({n})", entry.code);
        }
        let mut described = json!({"summary": entry.message(), "value": example});
        if !entry.description.is_empty() {
            described["description"] = Value::from(entry.description);
        }
        examples.insert(name, described);
    }
    let content_type = format.content_type().to_str().unwrap_or("application/json").to_owned();
    // (utoipa's header model has no `required`: whether a header is always sent isn't stated.)
    let mut headers = Map::new();
    for entry in entries {
        for field in entry.fields.iter().filter(|field| field.location == Location::Header) {
            let mut header = json!({"schema": (field.schema)()});
            if !field.description.is_empty() {
                header["description"] = Value::from(field.description);
            }
            headers.entry(field.name.to_owned()).or_insert(header);
        }
    }
    let description = match (format.writes_instance(), instance_always) {
        (true, _) => "The request's own `x-request-id`, echoed when it sent a valid one.",
        (false, true) => {
            "The request's own `x-request-id`, echoed when it sent a valid one; else the instance id \
             of the error, to quote to support."
        }
        (false, false) => {
            "The request's own `x-request-id`, echoed when it sent a valid one; else the instance id \
             of the error when the service gives client errors one."
        }
    };
    headers
        .insert("x-request-id".to_owned(), json!({"description": description, "schema": {"type": "string"}}));
    if let Some(language) = content_language(entries) {
        headers.insert("content-language".to_owned(), language);
        // The framework layers negotiate the language from the request's header.
        let vary = "`accept-language` when the framework layer chose the language from the request's \
                    `Accept-Language` (caches keep one response per language).";
        headers.insert("vary".to_owned(), json!({"description": vary, "schema": {"type": "string"}}));
    }
    let codes: Vec<String> = entries.iter().map(|entry| format!("`{}`", entry.code)).collect();
    let reason = reason_phrase(status_code);
    let mut response = json!({
        "description": format!("{reason}: {}", codes.join(", ")),
        "content": {content_type: {"schema": combine(alternatives), "examples": examples}},
    });
    if !headers.is_empty() {
        response["headers"] = Value::Object(headers);
    }
    response_for_utoipa(&mut response);
    response
}

/// Feature `fluent`: the `Content-Language` header of errors with translations, its values the
/// default language and every translated one.
fn content_language(entries: &[&'static Entry]) -> Option<Value> {
    let mut languages: Vec<&str> = entries.iter().filter_map(|entry| entry.default_locale).collect();
    languages.extend(entries.iter().flat_map(|entry| entry.translations.iter().map(|t| t.locale)));
    languages.dedup();
    let mut unique: Vec<&str> = Vec::new();
    for language in languages {
        if !unique.contains(&language) {
            unique.push(language);
        }
    }
    let first = unique.first()?;
    let description = format!(
        "The language of the title and message (`{first}` unless the request's `Accept-Language` prefers \
         another the error is translated into)."
    );
    Some(json!({"description": description, "schema": {"type": "string", "enum": unique}}))
}

/// One schema accepting each of `alternatives`: the schema itself for one, else a `oneOf` when
/// every two of them differ in a constant member (so a body matches exactly one), else an
/// `anyOf`. Alternatives equal but for their title are one.
fn combine(alternatives: Vec<Value>) -> Value {
    let mut distinct: Vec<Value> = Vec::new();
    for alternative in alternatives {
        let same =
            distinct.iter_mut().find(|seen| without_annotations(seen) == without_annotations(&alternative));
        match same {
            Some(seen) => {
                let titles = [&*seen, &alternative].map(|schema| schema.get("title").and_then(Value::as_str));
                if let [Some(a), Some(b)] = titles {
                    if a != b {
                        seen["title"] = Value::from(format!("{a}, {b}"));
                    }
                }
            }
            None => distinct.push(alternative),
        }
    }
    if distinct.len() == 1 {
        return distinct.remove(0);
    }
    let constants: Vec<Vec<(String, Value)>> = distinct.iter().map(|schema| constants(schema, "")).collect();
    let told_apart = constants.iter().enumerate().all(|(i, a)| {
        constants[i + 1..]
            .iter()
            .all(|b| a.iter().any(|(path, x)| b.iter().any(|(other, y)| path == other && x != y)))
    });
    if told_apart { json!({"oneOf": distinct}) } else { json!({"anyOf": distinct}) }
}

/// `schema` without `title` and `description`, for comparing shapes.
fn without_annotations(schema: &Value) -> Value {
    let mut schema = schema.clone();
    if let Value::Object(members) = &mut schema {
        members.remove("title");
        members.remove("description");
    }
    schema
}

/// The members whose value is fixed (a single-value `enum`) with their path, for telling
/// alternatives apart: only required members count, since an optional one may be missing.
fn constants(schema: &Value, path: &str) -> Vec<(String, Value)> {
    let mut found = Vec::new();
    if let Some(Value::Array(values)) = schema.get("enum") {
        if let [value] = values.as_slice() {
            found.push((path.to_owned(), value.clone()));
        }
    }
    if let (Some(Value::Object(properties)), Some(Value::Array(required))) =
        (schema.get("properties"), schema.get("required"))
    {
        for (name, property) in properties {
            if required.iter().any(|r| r == name) {
                found.extend(constants(property, &format!("{path}/{name}")));
            }
        }
    }
    if let Some(items) = schema.get("items") {
        if schema.get("minItems").and_then(Value::as_u64).is_some_and(|min| min > 0) {
            found.extend(constants(items, &format!("{path}/0")));
        }
    }
    found
}

/// Stand-ins written into the stand-in error's body, recognized when its shape is read.
const MESSAGE: &str = "\u{0}errwire:message\u{0}";
const INSTANCE: &str = "\u{0}errwire:instance\u{0}";
const FIELD: &str = "\u{0}errwire:field:";

/// An instance id as errwire generates it, for examples.
const INSTANCE_EXAMPLE: &str = "urn:uuid:3f7c1b8e-2a5d-4c1f-9e6b-7d2a0c4b5e91";

/// The schema and an example of `entry`'s body in `format`, read off the body the format writes
/// for a stand-in error: every string it did not get from the error is a constant.
fn body<F: Format + ?Sized>(
    format: &F,
    entry: &'static Entry,
    instance_always: bool,
    translation: Option<&'static Translation>,
) -> (Value, Value) {
    let sample = Sample(entry, translation);
    let doc = Document::new(&sample).with_instance(Some(INSTANCE));
    match format.serialize(&doc, serde_json::value::Serializer) {
        Ok(shape) => {
            let message = translation.and_then(|t| t.message).unwrap_or_else(|| entry.message());
            let reader = Reader { entry, instance_always, message };
            (reader.schema(&shape), reader.example(&shape))
        }
        // A format that can't write the stand-in: nothing known about the body.
        Err(_) => (json!({}), Value::Null),
    }
}

struct Reader {
    entry: &'static Entry,
    instance_always: bool,
    /// The message the example shows (the template, or a translation's pattern).
    message: &'static str,
}

/// `schema` accepting what `other` (the same body in another language) accepts too: the
/// constants that differ (`title`) become `enum`s of both values.
fn widen(schema: &mut Value, other: &Value) {
    match (schema, other) {
        (Value::Object(members), Value::Object(others)) => {
            if let (Some(Value::Array(values)), Some(Value::Array(more))) =
                (members.get_mut("enum"), others.get("enum"))
            {
                for value in more {
                    if !values.contains(value) {
                        values.push(value.clone());
                    }
                }
            }
            for (name, member) in members.iter_mut().filter(|(name, _)| *name != "enum") {
                if let Some(other) = others.get(name) {
                    widen(member, other);
                }
            }
        }
        (Value::Array(items), Value::Array(others)) => {
            items.iter_mut().zip(others).for_each(|(item, other)| widen(item, other));
        }
        _ => {}
    }
}

impl Reader {
    fn field(&self, text: &str) -> Option<&'static crate::catalog::Field> {
        let index = text.strip_prefix(FIELD)?.strip_suffix('\u{0}')?.parse::<usize>().ok()?;
        self.entry.fields.get(index)
    }

    fn schema(&self, shape: &Value) -> Value {
        match shape {
            Value::Object(members) => {
                let mut properties = Map::new();
                let mut required = Vec::new();
                for (name, member) in members {
                    properties.insert(name.clone(), self.schema(member));
                    if member != INSTANCE || self.instance_always {
                        required.push(Value::from(name.as_str()));
                    }
                }
                json!({"type": "object", "properties": properties, "required": required})
            }
            Value::Array(items) => {
                let item = items.first().map_or_else(|| json!({}), |item| self.schema(item));
                let mut schema = json!({"type": "array", "items": item});
                if !items.is_empty() {
                    schema["minItems"] = Value::from(items.len());
                }
                schema
            }
            Value::String(text) if text == MESSAGE => json!({"type": "string"}),
            Value::String(text) if text == INSTANCE => json!({"type": "string", "format": "uri-reference"}),
            Value::String(text) => match self.field(text) {
                Some(field) => (field.schema)(),
                // Written from the error's own text among other text: some string.
                None if text.contains('\u{0}') => json!({"type": "string"}),
                None => json!({"type": "string", "enum": [text]}),
            },
            Value::Number(number) if number.is_f64() => json!({"type": "number", "enum": [number]}),
            Value::Number(number) => json!({"type": "integer", "enum": [number]}),
            Value::Bool(value) => json!({"type": "boolean", "enum": [value]}),
            Value::Null => json!({"type": "null"}),
        }
    }

    fn example(&self, shape: &Value) -> Value {
        match shape {
            Value::Object(members) => Value::Object(
                members.iter().map(|(name, member)| (name.clone(), self.example(member))).collect(),
            ),
            Value::Array(items) => Value::Array(items.iter().map(|item| self.example(item)).collect()),
            Value::String(text) if text == INSTANCE => Value::from(INSTANCE_EXAMPLE),
            Value::String(text) => match self.field(text) {
                Some(field) => crate::schema::example(&(field.schema)()),
                None => Value::from(text.replace(MESSAGE, self.message).replace('\u{0}', "")),
            },
            other => other.clone(),
        }
    }
}

/// Adds `added` (a response of the same status) to `existing`: its schema alternatives, its
/// examples, its headers, its codes in the description.
fn merge_response(existing: &mut Value, added: Value) {
    let Value::Object(added) = added else { return };
    let Some(existing) = existing.as_object_mut() else { return };
    if let (Some(Value::String(old)), Some(Value::String(new))) =
        (existing.get_mut("description"), added.get("description"))
    {
        if let Some((_, codes)) = new.split_once(": ") {
            if old.contains(": `") {
                for code in codes.split(", ").filter(|code| !old.contains(code)).collect::<Vec<_>>() {
                    old.push_str(", ");
                    old.push_str(code);
                }
            } else {
                *old = new.clone();
            }
        }
    }
    if let Some(Value::Object(headers)) = added.get("headers") {
        let mine = existing.entry("headers").or_insert_with(|| json!({}));
        if let Value::Object(mine) = mine {
            for (name, header) in headers {
                mine.entry(name.clone()).or_insert_with(|| header.clone());
            }
        }
    }
    let Some(Value::Object(content)) = added.get("content") else { return };
    let mine = existing.entry("content").or_insert_with(|| json!({}));
    let Value::Object(mine) = mine else { return };
    for (content_type, media) in content {
        let Some(current) = mine.get_mut(content_type) else {
            mine.insert(content_type.clone(), media.clone());
            continue;
        };
        let mut alternatives = alternatives_of(current.get("schema"));
        alternatives.extend(alternatives_of(media.get("schema")));
        current["schema"] = combine(alternatives);
        if let Some(Value::Object(examples)) = media.get("examples") {
            let into =
                current.as_object_mut().map(|current| current.entry("examples").or_insert_with(|| json!({})));
            if let Some(Value::Object(into)) = into {
                for (name, example) in examples {
                    if into.values().any(|seen| seen == example) {
                        continue;
                    }
                    let mut unique = name.clone();
                    for n in 2.. {
                        if !into.contains_key(&unique) {
                            break;
                        }
                        unique = format!("{name} ({n})");
                    }
                    into.insert(unique, example.clone());
                }
            }
        }
    }
}

/// The alternatives of a combined schema (`oneOf`/`anyOf` items), else the schema itself.
fn alternatives_of(schema: Option<&Value>) -> Vec<Value> {
    match schema {
        None => Vec::new(),
        Some(schema) => match schema.get("oneOf").or_else(|| schema.get("anyOf")) {
            Some(Value::Array(items)) if schema.as_object().is_some_and(|members| members.len() == 1) => {
                items.clone()
            }
            _ => vec![schema.clone()],
        },
    }
}

/// A catalog entry standing in for an error, so that the format renders its shape: the message
/// and each member are markers that the reader recognizes.
#[derive(Debug)]
struct Sample(&'static Entry, Option<&'static Translation>);

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
        out.write_str(MESSAGE)
    }
    fn title(&self) -> Option<&str> {
        self.1.and_then(|translation| translation.title).or(self.0.title)
    }
    fn type_uri(&self) -> Option<&str> {
        self.0.type_uri
    }
    fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        for (index, field) in self.0.fields.iter().enumerate() {
            if field.location == Location::Body {
                map.serialize_entry(field.name, &format!("{FIELD}{index}\u{0}"))?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::combine;

    #[test]
    fn alternatives_told_apart_by_a_constant_are_one_of() {
        let a = json!({"type": "object", "properties": {"code": {"enum": ["A"]}}, "required": ["code"]});
        let b = json!({"type": "object", "properties": {"code": {"enum": ["B"]}}, "required": ["code"]});
        assert_eq!(combine(vec![a.clone(), b.clone()]), json!({"oneOf": [a, b]}));
    }

    #[test]
    fn alternatives_alike_in_every_constant_are_any_of() {
        let a = json!({"type": "object", "properties": {"type": {"enum": ["about:blank"]}, "x": {}}, "required": ["type", "x"]});
        let b = json!({"type": "object", "properties": {"type": {"enum": ["about:blank"]}}, "required": ["type"]});
        assert_eq!(combine(vec![a.clone(), b.clone()]), json!({"anyOf": [a, b]}));
    }

    #[test]
    fn optional_constants_do_not_tell_apart() {
        let a = json!({"type": "object", "properties": {"code": {"enum": ["A"]}}, "required": []});
        let b = json!({"type": "object", "properties": {"code": {"enum": ["B"]}}, "required": []});
        assert!(combine(vec![a, b]).get("anyOf").is_some());
    }

    /// Each kind of schema errwire writes comes back from utoipa's model as it went in (or, for
    /// the kinds utoipa has no form for, as an equivalent one): nothing is dropped silently.
    #[test]
    fn documented_schemas_survive_utoipa() {
        use crate::schema::JsonType;
        let members = [
            crate::schema::any(),
            <Option<serde_json::Value>>::json_schema(),
            <f64>::json_schema(),
            <Option<u8>>::json_schema(),
            <[u16; 2]>::json_schema(),
            <std::collections::BTreeSet<char>>::json_schema(),
            <std::collections::HashMap<String, Option<Vec<i64>>>>::json_schema(),
            json!({"enum": ["a", 1]}),
            json!({"const": "fixed"}),
            json!({"anyOf": [{"enum": ["a"]}, {"type": "null"}]}),
        ];
        for member in members {
            let body = json!({"type": "object", "properties": {"member": member}, "required": ["member"]});
            let response = json!({"description": "d", "content": {"application/json": {"schema": combine(vec![body.clone(), body])}}});
            let mut response = response;
            super::response_for_utoipa(&mut response);
            let expected = response.clone();
            let back = serde_json::to_value(super::to_response(response)).unwrap();
            assert_eq!(back, expected);
        }
    }

    #[test]
    fn typeless_schemas_name_their_types_for_utoipa() {
        let mut schema = json!({"properties": {"a": {}, "b": {"enum": ["x", null]}, "c": {"const": 4}}});
        super::for_utoipa(&mut schema);
        assert_eq!(
            schema["properties"]["a"]["type"],
            json!(["string", "number", "boolean", "array", "object", "null"])
        );
        assert_eq!(schema["properties"]["b"]["type"], json!(["null", "string"]));
        assert_eq!(schema["properties"]["c"], json!({"enum": [4], "type": "integer"}));
        assert_eq!(schema["type"], json!(["string", "number", "boolean", "array", "object", "null"]));
    }

    #[test]
    fn equal_shapes_are_one_alternative() {
        let a = json!({"type": "object", "title": "A"});
        let b = json!({"type": "object", "title": "B"});
        assert_eq!(combine(vec![a, b]), json!({"type": "object", "title": "A, B"}));
    }
}

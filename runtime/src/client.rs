//! The client side: an error response of any built-in format decoded into a typed view, and
//! from there into the service's own error enum.
//!
//! ```
//! use errwire::ApiError;
//! use errwire::client::{FromView, decode};
//!
//! #[derive(Debug, PartialEq, ApiError)]
//! #[api(format = errwire::format::ErrorList, rename_all = "camelCase", deserialize)]
//! enum ConnectError {
//!     #[api(status = 409, code = "ConcurrentModification", msg = "Expected: {expected_version} - Actual: {current_version}")]
//!     Conflict { expected_version: u64, current_version: u64 },
//! }
//!
//! let response = ConnectError::Conflict { expected_version: 1, current_version: 2 }.to_response();
//! let decoded = decode(response.status().as_u16(), response.body()).unwrap();
//! assert_eq!(decoded.errors[0].code.as_deref(), Some("ConcurrentModification"));
//! assert_eq!(decoded.errors[0].message, "Expected: 1 - Actual: 2");
//! assert_eq!(decoded.errors[0].fields["currentVersion"], 2);
//! assert_eq!(
//!     ConnectError::from_view(&decoded.errors[0]),
//!     Some(ConnectError::Conflict { expected_version: 1, current_version: 2 }),
//! );
//! ```
//!
//! The enum is rebuilt by code from bodies that carry one (the error list, `{code, errorType,
//! message}`, problem+json with a `code` member or a `type_base`). hapi bodies and plain
//! problem+json (`about:blank`) have no code: their views have `code: None`, and the enum is
//! found by status and by the message matching a variant's template.

use core::fmt;

use serde_json::{Map, Value};

/// One error as a client sees it, whatever the format.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ErrorView {
    /// The error's own status (the response's status for single-error formats).
    pub status: u16,
    /// The machine-readable code: the format's code member, or for problem+json the `code`
    /// member or the last segment of a `type` URI; `None` when the body has none.
    pub code: Option<String>,
    /// The user-facing message (`detail` in problem+json).
    pub message: String,
    /// problem+json's `title`.
    pub title: Option<String>,
    /// problem+json's `type`.
    pub type_uri: Option<String>,
    /// The extra members, in body order.
    pub fields: Map<String, Value>,
}

/// A decoded error response: every error it carries and the response's instance id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DecodedResponse {
    /// The response's status.
    pub status: u16,
    /// The errors (one for a single error, several for a list or an `errors` extension).
    pub errors: Vec<ErrorView>,
    /// The instance id, when the body carries one.
    pub instance: Option<String>,
}

/// Why a body could not be decoded.
#[derive(Debug)]
pub enum DecodeError {
    /// The body is not JSON.
    Json(serde_json::Error),
    /// The body is JSON but not an object.
    NotAnObject,
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Json(error) => write!(f, "error body is not JSON: {error}"),
            DecodeError::NotAnObject => f.write_str("error body is not a JSON object"),
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::Json(error) => Some(error),
            DecodeError::NotAnObject => None,
        }
    }
}

/// Decodes an error response of any built-in format (problem+json, error list, hapi,
/// `{code, errorType, message}`), told apart by their members. A body of another shape decodes
/// to one view without a code, its members as fields: unknown, not a failure.
///
/// # Errors
///
/// When the body is not a JSON object.
pub fn decode(status: u16, body: &[u8]) -> Result<DecodedResponse, DecodeError> {
    let value: Value = serde_json::from_slice(body).map_err(DecodeError::Json)?;
    let Value::Object(mut map) = value else { return Err(DecodeError::NotAnObject) };
    let instance = take_string(&mut map, "instance");
    let errors = if map.contains_key("errorType") {
        vec![flat(status, map, "errorType", &["code"])]
    } else if map.contains_key("statusCode") && map.get("errors").is_some_and(Value::is_array) {
        error_list(status, map)
    } else if map.contains_key("statusCode") {
        vec![flat(status, map, "", &["statusCode", "error"])]
    } else if map.contains_key("detail") || map.contains_key("title") || map.contains_key("type") {
        problem(status, map)
    } else {
        vec![ErrorView { status, fields: map, ..ErrorView::default() }]
    };
    Ok(DecodedResponse { status, errors, instance })
}

fn take_string(map: &mut Map<String, Value>, key: &str) -> Option<String> {
    match map.remove(key) {
        Some(Value::String(text)) => Some(text),
        Some(other) => {
            map.insert(key.to_owned(), other);
            None
        }
        None => None,
    }
}

/// `{message, <code_key>, …}` formats; `envelope` members are dropped.
fn flat(status: u16, mut map: Map<String, Value>, code_key: &str, envelope: &[&str]) -> ErrorView {
    for key in envelope {
        map.remove(*key);
    }
    let code = take_string(&mut map, code_key);
    let message = take_string(&mut map, "message").unwrap_or_default();
    ErrorView { status, code, message, fields: map, ..ErrorView::default() }
}

fn error_list(status: u16, mut map: Map<String, Value>) -> Vec<ErrorView> {
    let Some(Value::Array(items)) = map.remove("errors") else { return Vec::new() };
    items
        .into_iter()
        .map(|item| match item {
            Value::Object(item) => flat(status, item, "code", &[]),
            other => ErrorView { status, message: other.to_string(), ..ErrorView::default() },
        })
        .collect()
}

fn problem(status: u16, mut map: Map<String, Value>) -> Vec<ErrorView> {
    map.remove("status");
    let title = take_string(&mut map, "title");
    let type_uri = take_string(&mut map, "type");
    if let Some(Value::Array(items)) = map.get("errors").cloned() {
        if !map.contains_key("detail") {
            map.remove("errors");
            return items
                .into_iter()
                .map(|item| {
                    let Value::Object(mut item) = item else {
                        return ErrorView { status, ..ErrorView::default() };
                    };
                    let message = take_string(&mut item, "detail").unwrap_or_default();
                    let code = take_string(&mut item, "code");
                    ErrorView { status, code, message, fields: item, ..ErrorView::default() }
                })
                .collect();
        }
    }
    let message = take_string(&mut map, "detail").unwrap_or_default();
    let code = take_string(&mut map, "code").or_else(|| code_from_type(type_uri.as_deref()));
    vec![ErrorView { status, code, message, title, type_uri, fields: map }]
}

/// `type_base` + code: the code is the URI's last segment (not for `about:blank`).
fn code_from_type(type_uri: Option<&str>) -> Option<String> {
    let uri = type_uri.filter(|uri| *uri != "about:blank")?;
    let segment = uri.trim_end_matches('/').rsplit('/').next()?;
    (!segment.is_empty()).then(|| segment.to_owned())
}

/// A service's error type rebuilt from a decoded view (derive with `#[api(deserialize)]`): by
/// code; for a view without one (hapi, plain problem+json), by status and by the message
/// matching the variant's template. Variants whose fields are not all body members (skipped,
/// headers, sources, unnamed tuple fields) can't be rebuilt and give `None`, as do unknown
/// codes.
pub trait FromView: Sized {
    /// The error the view describes, when its code is known and its members deserialize.
    fn from_view(view: &ErrorView) -> Option<Self>;
}

/// Whether `message` could have been written by `template` (placeholders match any text):
/// how a view without a code (hapi, plain problem+json) finds its variant, with its status.
#[doc(hidden)]
pub fn matches_template(message: &str, template: &str) -> bool {
    let literals = template_literals(template);
    let Some((first, rest)) = literals.split_first() else { return true };
    let Some(mut remaining) = message.strip_prefix(first.as_str()) else { return false };
    let Some((last, middle)) = rest.split_last() else { return remaining.is_empty() };
    for literal in middle {
        match remaining.find(literal.as_str()) {
            Some(at) => remaining = &remaining[at + literal.len()..],
            None => return false,
        }
    }
    remaining.ends_with(last.as_str())
}

/// The literal text between a template's placeholders (`{{` and `}}` unescaped); a template
/// with `n` placeholders has `n + 1` literals, empty ones included.
fn template_literals(template: &str) -> Vec<String> {
    let mut literals = Vec::new();
    let mut current = String::new();
    let mut chars = template.chars().peekable();
    while let Some(ch) = chars.next() {
        match (ch, chars.peek()) {
            ('{', Some('{')) | ('}', Some('}')) => {
                chars.next();
                current.push(ch);
            }
            ('{', _) => {
                chars.by_ref().find(|&inner| inner == '}');
                literals.push(core::mem::take(&mut current));
            }
            _ => current.push(ch),
        }
    }
    literals.push(current);
    literals
}

/// A member of `view` deserialized as `T` (for the derive).
#[doc(hidden)]
pub fn member<T: serde::de::DeserializeOwned>(view: &ErrorView, name: &str) -> Option<T> {
    // A missing member is `null`, so that `Option` fields that were `None` come back.
    let value = view.fields.get(name).cloned().unwrap_or(Value::Null);
    serde_json::from_value(value).ok()
}

//! The client side: an error response decoded into typed views, and from there into the
//! service's own error enum.
//!
//! ```
//! use errwire::ApiError;
//! use errwire::client::{FromView, decode_as};
//!
//! #[derive(Debug, PartialEq, ApiError)]
//! #[api(format = errwire::format::ErrorList, rename_all = "camelCase", deserialize)]
//! enum ConnectError {
//!     #[api(status = 409, code = "ConcurrentModification", msg = "Expected: {expected_version} - Actual: {current_version}")]
//!     Conflict { expected_version: u64, current_version: u64 },
//!     #[api(status = 429, code = "LimitsExceeded", msg = "Retry after {secs} seconds")]
//!     RateLimited {
//!         #[api(header = "Retry-After")]
//!         secs: u64,
//!     },
//! }
//!
//! let response = ConnectError::Conflict { expected_version: 1, current_version: 2 }.to_response();
//! // The type's format decodes, whatever it is: no need to name it.
//! let decoded = decode_as::<ConnectError>(response.status().as_u16(), response.headers(), response.body()).unwrap();
//! assert_eq!(decoded.errors[0].code.as_deref(), Some("ConcurrentModification"));
//! assert_eq!(decoded.errors[0].message, "Expected: 1 - Actual: 2");
//! assert_eq!(decoded.errors[0].fields["currentVersion"], 2);
//! assert_eq!(
//!     ConnectError::from_view(&decoded.errors[0]),
//!     Some(ConnectError::Conflict { expected_version: 1, current_version: 2 }),
//! );
//!
//! // Header fields come back from the response's headers.
//! let response = ConnectError::RateLimited { secs: 30 }.to_response();
//! let decoded = decode_as::<ConnectError>(429, response.headers(), response.body()).unwrap();
//! assert_eq!(ConnectError::from_view(&decoded.errors[0]), Some(ConnectError::RateLimited { secs: 30 }));
//! ```
//!
//! Three entry points:
//!
//! - [`decode_as::<E>`](decode_as)`(status, headers, body)`: with `E`'s format
//!   ([`Format::decode`]), so that a body in a user-defined format decodes too.
//! - [`decode_with_headers`]`(status, headers, body)`: any built-in format, told apart by its
//!   members.
//! - [`decode`]`(status, body)`: the same without headers (header fields can't come back).
//!
//! The enum is rebuilt by code from bodies that carry one (the error list, `{code, errorType,
//! message}`, problem+json with a `code` member or a `type_base`), by `type` URI from
//! problem+json whose variants have a `type` of their own, and otherwise (hapi, plain
//! problem+json with `about:blank`) by status and by the message matching a variant's template.
//! See [`FromView`] for what can't be rebuilt.
//!
//! # Member order
//!
//! [`ErrorView::fields`] keeps the members in body order in every build. They are a
//! [`Members`] (a list of name–value pairs), not a `serde_json::Map`, whose order depends on
//! serde_json's `preserve_order` feature: sorted without it, body order with it, and any crate
//! in a build can turn it on. The values are `serde_json::Value`s, so an object nested inside a
//! member follows `serde_json::Map`'s order.

use core::fmt;
use core::ops::Index;
use core::str::FromStr;

use http::HeaderMap;
use serde::de::{Deserialize, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::{Map, Number, Value};

use crate::{ApiError, Format, FormatVisitor};

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
    /// The extra members, in body order (in every build: see [Member order](self#member-order)).
    pub fields: Members,
    /// The response's headers, where header fields (`#[api(header = "...")]`) are read back;
    /// empty when decoded by [`decode`], which has none. Every view of a response has them all.
    pub headers: HeaderMap,
}

/// A decoded error response: every error it carries and the response's instance id.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct DecodedResponse {
    /// The response's status.
    pub status: u16,
    /// The errors (one for a single error, several for a list or an `errors` extension).
    pub errors: Vec<ErrorView>,
    /// The instance id: the body's (problem+json's `instance`), else, when decoded with
    /// headers, the `x-request-id` header that formats without an `instance` member send.
    pub instance: Option<String>,
}

/// Why a body could not be decoded.
#[derive(Debug)]
pub enum DecodeError {
    /// The body is not JSON (or, from a [`Format::decode`], not of the format's shape: build
    /// one with `<serde_json::Error as serde::de::Error>::custom`).
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
/// Without the response's headers, header fields can't be rebuilt: prefer
/// [`decode_as`] or [`decode_with_headers`] where the headers are at hand.
///
/// ```
/// let decoded = errwire::client::decode(404, br#"{"statusCode":404,"error":"Not Found","message":"No Integration found with ID 5."}"#).unwrap();
/// assert_eq!(decoded.errors[0].message, "No Integration found with ID 5.");
/// assert_eq!(decoded.errors[0].code, None);
/// ```
///
/// # Errors
///
/// When the body is not a JSON object.
pub fn decode(status: u16, body: &[u8]) -> Result<DecodedResponse, DecodeError> {
    decode_with_headers(status, &HeaderMap::new(), body)
}

/// [`decode`] with the response's headers: every view gets them (see [`ErrorView::headers`]),
/// and a body without an instance id takes it from `x-request-id`. The default of
/// [`Format::decode`].
///
/// ```
/// use errwire::http::HeaderMap;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("retry-after", "30".parse().unwrap());
/// headers.insert("x-request-id", "a1b2".parse().unwrap());
/// let body = br#"{"code":429,"errorType":"LIMITS_EXCEPTION","message":"Slow down"}"#;
/// let decoded = errwire::client::decode_with_headers(429, &headers, body).unwrap();
/// assert_eq!(decoded.errors[0].code.as_deref(), Some("LIMITS_EXCEPTION"));
/// assert_eq!(decoded.errors[0].headers["retry-after"], "30");
/// assert_eq!(decoded.instance.as_deref(), Some("a1b2"));
/// ```
///
/// # Errors
///
/// When the body is not a JSON object.
pub fn decode_with_headers(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<DecodedResponse, DecodeError> {
    Ok(with_headers(sniff(status, body)?, headers))
}

/// Decodes a response in the format of `E` (its `#[api(format = ...)]`, problem+json by
/// default) through [`Format::decode`], without naming the format: a body in a user-defined
/// format decodes to code, message and fields like the built-in ones. Every view gets the
/// response's headers, so that [`FromView`] rebuilds header fields, and a body without an
/// instance id takes it from `x-request-id`.
///
/// ```
/// use errwire::ApiError;
/// use errwire::client::{FromView, decode_as};
///
/// #[derive(Debug, PartialEq, ApiError)]
/// #[api(format = errwire::format::Hapi, deserialize)]
/// enum IntegrationError {
///     #[api(status = 404, msg = "No Integration found with ID {id}.")]
///     NotFound { id: u64 },
/// }
///
/// let response = IntegrationError::NotFound { id: 5 }.to_response();
/// let decoded = decode_as::<IntegrationError>(404, response.headers(), response.body()).unwrap();
/// assert_eq!(IntegrationError::from_view(&decoded.errors[0]), Some(IntegrationError::NotFound { id: 5 }));
/// ```
///
/// # Errors
///
/// What the format's decoder returns: for the built-in formats, when the body is not a JSON
/// object.
pub fn decode_as<E: ApiError>(
    status: u16,
    headers: &HeaderMap,
    body: &[u8],
) -> Result<DecodedResponse, DecodeError> {
    struct Decode<'a> {
        status: u16,
        headers: &'a HeaderMap,
        body: &'a [u8],
    }
    impl FormatVisitor for Decode<'_> {
        type Output = Result<DecodedResponse, DecodeError>;
        fn visit<F: Format>(self, format: &F) -> Self::Output {
            format.decode(self.status, self.headers, self.body)
        }
    }
    let decoded = E::with_format(Decode { status, headers, body })?;
    Ok(with_headers(decoded, headers))
}

/// Every view gets the response's headers; the instance id falls back to `x-request-id`.
fn with_headers(mut decoded: DecodedResponse, headers: &HeaderMap) -> DecodedResponse {
    if headers.is_empty() {
        return decoded;
    }
    for view in &mut decoded.errors {
        view.headers.clone_from(headers);
    }
    if decoded.instance.is_none() {
        let id = headers.get("x-request-id").and_then(|value| value.to_str().ok());
        decoded.instance = id.map(str::to_owned);
    }
    decoded
}

fn sniff(status: u16, body: &[u8]) -> Result<DecodedResponse, DecodeError> {
    let mut map = parse_object(body)?;
    let instance = map.take_string("instance");
    let errors = if map.contains_key("errorType") {
        vec![flat(status, map, Some("errorType"), &["code"])]
    } else if map.contains_key("statusCode") && matches!(map.get("errors"), Some(Node::Array(_))) {
        error_list(status, map)
    } else if map.contains_key("statusCode") {
        vec![flat(status, map, None, &["statusCode", "error"])]
    } else if map.contains_key("detail") || map.contains_key("title") || map.contains_key("type") {
        problem(status, map)
    } else {
        vec![ErrorView { status, fields: map.into_members(), ..ErrorView::default() }]
    };
    Ok(DecodedResponse { status, errors, instance })
}

/// `{message, <code_key>, …}` formats; `envelope` members are dropped.
fn flat(status: u16, mut map: Object, code_key: Option<&str>, envelope: &[&str]) -> ErrorView {
    for key in envelope {
        map.remove(key);
    }
    let code = code_key.and_then(|key| map.take_string(key));
    let message = map.take_string("message").unwrap_or_default();
    ErrorView { status, code, message, fields: map.into_members(), ..ErrorView::default() }
}

fn error_list(status: u16, mut map: Object) -> Vec<ErrorView> {
    let Some(Node::Array(items)) = map.remove("errors") else { return Vec::new() };
    items
        .into_iter()
        .map(|item| match item {
            Node::Object(item) => flat(status, item, Some("code"), &[]),
            other => ErrorView { status, message: other.into_value().to_string(), ..ErrorView::default() },
        })
        .collect()
}

fn problem(status: u16, mut map: Object) -> Vec<ErrorView> {
    map.remove("status");
    let title = map.take_string("title");
    let type_uri = map.take_string("type");
    if matches!(map.get("errors"), Some(Node::Array(_))) && !map.contains_key("detail") {
        let Some(Node::Array(items)) = map.remove("errors") else { return Vec::new() };
        return items
            .into_iter()
            .map(|item| {
                let Node::Object(mut item) = item else {
                    return ErrorView { status, ..ErrorView::default() };
                };
                let message = item.take_string("detail").unwrap_or_default();
                let code = item.take_string("code");
                ErrorView { status, code, message, fields: item.into_members(), ..ErrorView::default() }
            })
            .collect();
    }
    let message = map.take_string("detail").unwrap_or_default();
    let code = map.take_string("code").or_else(|| code_from_type(type_uri.as_deref()));
    let fields = map.into_members();
    vec![ErrorView { status, code, message, title, type_uri, fields, headers: HeaderMap::new() }]
}

/// `type_base` + code: the code is the URI's last segment (not for `about:blank`).
fn code_from_type(type_uri: Option<&str>) -> Option<String> {
    let uri = type_uri.filter(|uri| *uri != "about:blank")?;
    let segment = uri.trim_end_matches('/').rsplit('/').next()?;
    (!segment.is_empty()).then(|| segment.to_owned())
}

/// A JSON object's members in body order: [`ErrorView::fields`].
///
/// A list of name–value pairs with the lookups of a map. Unlike `serde_json::Map`, whose order
/// depends on serde_json's `preserve_order` feature (sorted without it), the order is the
/// body's in every build. A name given twice keeps its first place and its last value (as
/// serde_json does with `preserve_order`). Equality compares the members in order.
///
/// Its [`Deserialize`] keeps the order from any deserializer, also as a field of a
/// `#[derive(Deserialize)]` struct or behind `#[serde(flatten)]`: what a
/// [`Format::decode`] of a user-defined format uses for its members.
///
/// ```
/// use errwire::client::Members;
///
/// let mut members = Members::from_slice(br#"{"zeta":1,"alpha":"a","mid":[2]}"#).unwrap();
/// assert_eq!(members.keys().collect::<Vec<_>>(), ["zeta", "alpha", "mid"]);
/// assert_eq!(members["zeta"], 1);
/// assert_eq!(members["absent"], serde_json::Value::Null);
/// assert_eq!(members.take_string("alpha").as_deref(), Some("a"));
/// assert_eq!(serde_json::to_string(&members).unwrap(), r#"{"zeta":1,"mid":[2]}"#);
/// ```
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Members(Vec<(String, Value)>);

impl Members {
    /// No members.
    pub const fn new() -> Self {
        Members(Vec::new())
    }

    /// Parses a JSON object, keeping its members in body order.
    ///
    /// # Errors
    ///
    /// When `json` is not JSON ([`DecodeError::Json`]) or not an object
    /// ([`DecodeError::NotAnObject`]).
    pub fn from_slice(json: &[u8]) -> Result<Self, DecodeError> {
        Ok(parse_object(json)?.into_members())
    }

    /// How many members there are.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of the member `name`.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    /// Whether there is a member `name`.
    pub fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// Sets the member `name`: in its place when there is one (returning the old value), else
    /// last.
    pub fn insert(&mut self, name: impl Into<String>, value: Value) -> Option<Value> {
        let name = name.into();
        match self.0.iter_mut().find(|(key, _)| *key == name) {
            Some((_, old)) => Some(core::mem::replace(old, value)),
            None => {
                self.0.push((name, value));
                None
            }
        }
    }

    /// Removes the member `name`, keeping the others in order.
    pub fn remove(&mut self, name: &str) -> Option<Value> {
        let at = self.0.iter().position(|(key, _)| key == name)?;
        Some(self.0.remove(at).1)
    }

    /// Removes the member `name` when it is a string, and returns it: how a decoder takes the
    /// code and the message out, leaving the extra members. A member of another type stays.
    pub fn take_string(&mut self, name: &str) -> Option<String> {
        let at = self.0.iter().position(|(key, value)| key == name && value.is_string())?;
        match self.0.remove(at).1 {
            Value::String(text) => Some(text),
            _ => None,
        }
    }

    /// The members in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&str, &Value)> + ExactSizeIterator {
        self.0.iter().map(|(key, value)| (key.as_str(), value))
    }

    /// The names in order.
    pub fn keys(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator {
        self.0.iter().map(|(key, _)| key.as_str())
    }
}

/// The value of the member, `null` when there is none (like indexing a `serde_json::Value`).
impl Index<&str> for Members {
    type Output = Value;

    fn index(&self, name: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(name).unwrap_or(&NULL)
    }
}

impl FromIterator<(String, Value)> for Members {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut members = Ordered::default();
        for (name, value) in iter {
            members.insert(name, value);
        }
        Members(members.pairs)
    }
}

impl IntoIterator for Members {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

/// In the map's order (body order only with serde_json's `preserve_order`).
impl From<Map<String, Value>> for Members {
    fn from(map: Map<String, Value>) -> Self {
        Members(map.into_iter().collect())
    }
}

/// A `serde_json::Map` of the members (sorted by name without serde_json's `preserve_order`).
impl From<Members> for Map<String, Value> {
    fn from(members: Members) -> Self {
        members.0.into_iter().collect()
    }
}

/// A JSON object, members in order.
impl Serialize for Members {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// From an object, members in the order the deserializer gives them (a JSON body's order).
impl<'de> Deserialize<'de> for Members {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MembersVisitor;
        impl<'de> Visitor<'de> for MembersVisitor {
            type Value = Members;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Members, A::Error> {
                let mut members = Ordered::default();
                while let Some(name) = map.next_key::<String>()? {
                    members.insert(name, map.next_value::<Value>()?);
                }
                Ok(Members(members.pairs))
            }
        }
        deserializer.deserialize_map(MembersVisitor)
    }
}

/// Name–value pairs under construction: a name given twice keeps its first place and its last
/// value. Large objects get an index, so that a hostile body costs no quadratic time.
struct Ordered<T> {
    pairs: Vec<(String, T)>,
    index: Option<std::collections::HashMap<String, usize>>,
}

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered { pairs: Vec::new(), index: None }
    }
}

impl<T> Ordered<T> {
    const INDEXED_FROM: usize = 16;

    fn insert(&mut self, name: String, value: T) {
        let at = match &self.index {
            Some(index) => index.get(&name).copied(),
            None => self.pairs.iter().position(|(key, _)| *key == name),
        };
        if let Some(at) = at {
            self.pairs[at].1 = value;
            return;
        }
        if let Some(index) = &mut self.index {
            index.insert(name.clone(), self.pairs.len());
        }
        self.pairs.push((name, value));
        if self.index.is_none() && self.pairs.len() >= Self::INDEXED_FROM {
            let index = self.pairs.iter().enumerate().map(|(at, (key, _))| (key.clone(), at)).collect();
            self.index = Some(index);
        }
    }
}

/// A JSON value whose objects keep their members in body order, at every depth: what the
/// decoder reads the envelope with (error objects sit inside arrays and members).
enum Node {
    Object(Object),
    Array(Vec<Node>),
    Value(Value),
}

/// An object's members in body order.
struct Object(Vec<(String, Node)>);

fn parse_object(body: &[u8]) -> Result<Object, DecodeError> {
    match serde_json::from_slice(body).map_err(DecodeError::Json)? {
        Node::Object(object) => Ok(object),
        _ => Err(DecodeError::NotAnObject),
    }
}

impl Node {
    fn into_value(self) -> Value {
        match self {
            Node::Value(value) => value,
            Node::Array(items) => Value::Array(items.into_iter().map(Node::into_value).collect()),
            Node::Object(object) => {
                Value::Object(object.0.into_iter().map(|(k, v)| (k, v.into_value())).collect())
            }
        }
    }
}

impl Object {
    fn get(&self, name: &str) -> Option<&Node> {
        self.0.iter().find(|(key, _)| key == name).map(|(_, value)| value)
    }

    fn contains_key(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    fn remove(&mut self, name: &str) -> Option<Node> {
        let at = self.0.iter().position(|(key, _)| key == name)?;
        Some(self.0.remove(at).1)
    }

    /// Removes the member `name` when it is a string; a member of another type stays.
    fn take_string(&mut self, name: &str) -> Option<String> {
        let at = self
            .0
            .iter()
            .position(|(key, value)| key == name && matches!(value, Node::Value(Value::String(_))))?;
        match self.0.remove(at).1 {
            Node::Value(Value::String(text)) => Some(text),
            _ => None,
        }
    }

    fn into_members(self) -> Members {
        Members(self.0.into_iter().map(|(key, value)| (key, value.into_value())).collect())
    }
}

/// serde_json's `arbitrary_precision` feature hands a number to the visitor as a map of one
/// member with this name and the number's text.
const ARBITRARY_PRECISION_NUMBER: &str = "$serde_json::private::Number";

impl<'de> Deserialize<'de> for Node {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct NodeVisitor;
        impl<'de> Visitor<'de> for NodeVisitor {
            type Value = Node;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON value")
            }
            fn visit_bool<E>(self, value: bool) -> Result<Node, E> {
                Ok(Node::Value(Value::Bool(value)))
            }
            fn visit_i64<E>(self, value: i64) -> Result<Node, E> {
                Ok(Node::Value(Value::from(value)))
            }
            fn visit_u64<E>(self, value: u64) -> Result<Node, E> {
                Ok(Node::Value(Value::from(value)))
            }
            fn visit_f64<E>(self, value: f64) -> Result<Node, E> {
                Ok(Node::Value(Number::from_f64(value).map_or(Value::Null, Value::Number)))
            }
            fn visit_str<E>(self, value: &str) -> Result<Node, E> {
                Ok(Node::Value(Value::String(value.to_owned())))
            }
            fn visit_string<E>(self, value: String) -> Result<Node, E> {
                Ok(Node::Value(Value::String(value)))
            }
            fn visit_unit<E>(self) -> Result<Node, E> {
                Ok(Node::Value(Value::Null))
            }
            fn visit_none<E>(self) -> Result<Node, E> {
                Ok(Node::Value(Value::Null))
            }
            fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Node, D::Error> {
                Node::deserialize(deserializer)
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Node, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
                while let Some(item) = seq.next_element()? {
                    items.push(item);
                }
                Ok(Node::Array(items))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Node, A::Error> {
                let mut members = Ordered::default();
                let mut next = map.next_key::<String>()?;
                while let Some(name) = next {
                    let value: Node = map.next_value()?;
                    next = map.next_key()?;
                    if next.is_none() && members.pairs.is_empty() && name == ARBITRARY_PRECISION_NUMBER {
                        if let Node::Value(Value::String(text)) = &value {
                            if let Ok(number) = text.parse::<Number>() {
                                return Ok(Node::Value(Value::Number(number)));
                            }
                        }
                    }
                    members.insert(name, value);
                }
                Ok(Node::Object(Object(members.pairs)))
            }
        }
        deserializer.deserialize_any(NodeVisitor)
    }
}

/// A service's error type rebuilt from a decoded view: derive it with `#[api(deserialize)]`.
///
/// The variant is found by, in this order:
///
/// 1. the inner type of each `transparent` variant (its own `from_view`);
/// 2. the view's code;
/// 3. the view's `type` URI (problem+json): a variant's `type`, given or built from the
///    derive's `type_base`, names the variant when no other variant has it; a `type` that
///    several variants share (a container-level `type`) is narrowed down by status and message;
/// 4. for a view without a code (hapi, plain problem+json), the status and the message
///    matching the variant's `msg` template (the first variant that fits wins).
///
/// A view with a code that no variant has and no known `type` gives `None`: another error.
///
/// The fields come back from where they were sent: body members by their names, deserialized
/// with serde (a missing member is `null`, so an `Option` field that was `None` comes back),
/// and header fields (`#[api(header = "...")]`) from [`ErrorView::headers`], parsed with
/// [`FromStr`], the inverse of the `Display` they were sent with. A view from [`decode`] has no
/// headers: decode with [`decode_as`] or [`decode_with_headers`] to get them back.
///
/// What can't be rebuilt, and why: a variant with any of these fields gives `None`, as the
/// response doesn't carry its value.
///
/// - **Skipped fields** (`#[api(skip)]`): not in the body by design. `msg` may show them, but
///   a message is not a parseable record: `"{a}{b}"` splits `"123"` three ways, and `{x:?}`
///   or `{n:>5}` are not inverses of anything.
/// - **Sources** (`#[source]`, `#[from]`, `#[api(source)]`, a field named `source`): never
///   sent, so that nothing internal reaches a client; and an error type can't be rebuilt from
///   text anyway.
/// - **Backtraces**: never sent.
/// - **Tuple fields without a name** (`Variant(String)` without `#[api(rename = "...")]`): not
///   a body member, for want of a name; give them one with `rename` (or send them as a
///   header) and they come back.
/// - A header field whose value was not a legal header value: dropped from the response.
///
/// ```
/// use errwire::ApiError;
/// use errwire::client::{ErrorView, FromView};
///
/// #[derive(Debug, ApiError)]
/// #[api(deserialize)]
/// enum UploadError {
///     #[api(status = 413, msg = "at most {limit} bytes")]
///     TooLarge { limit: u64 },
///     #[api(status = 500, msg = "storage failed")]
///     Storage(#[source] std::io::Error),
/// }
///
/// let view = ErrorView { status: 413, message: "at most 1024 bytes".into(), ..ErrorView::default() };
/// // No code (plain problem+json): found by status and message; the member is missing.
/// assert!(UploadError::from_view(&view).is_none());
/// let mut view = view;
/// view.fields.insert("limit", 1024.into());
/// assert!(matches!(UploadError::from_view(&view), Some(UploadError::TooLarge { limit: 1024 })));
/// // A source can't come back: the variant is never rebuilt.
/// let view = ErrorView { status: 500, message: "storage failed".into(), ..ErrorView::default() };
/// assert!(UploadError::from_view(&view).is_none());
/// ```
pub trait FromView: Sized {
    /// The error the view describes, when a variant fits and its fields come back.
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

/// A header of `view` parsed as `T`, the inverse of the `Display` it was sent with (for the
/// derive).
#[doc(hidden)]
pub fn header<T: FromStr>(view: &ErrorView, name: &str) -> Option<T> {
    view.headers.get(name)?.to_str().ok()?.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Members keep body order whether or not serde_json's `preserve_order` is on: a build of
    /// errwire alone (`cargo test -p errwire`) has it off, the workspace's tests have it on.
    #[test]
    fn members_keep_body_order_in_every_build() {
        let body = br#"{"statusCode":400,"error":"Bad Request","message":"m","zeta":1,"alpha":{"b":1,"a":2},"mid":null,"Zeta":true}"#;
        let order = ["zeta", "alpha", "mid", "Zeta"];
        let mut sorted = order;
        sorted.sort_unstable();
        assert_ne!(order, sorted, "the test needs members whose body order is not sorted");
        let decoded = decode(400, body).unwrap();
        assert_eq!(decoded.errors[0].fields.keys().collect::<Vec<_>>(), order);
        let list = br#"{"statusCode":400,"message":"m","errors":[{"code":"C","message":"m","zeta":1,"alpha":2,"mid":3,"Zeta":4}]}"#;
        assert_eq!(decode(400, list).unwrap().errors[0].fields.keys().collect::<Vec<_>>(), order);
        let problem = br#"{"type":"about:blank","title":"t","status":400,"errors":[{"detail":"d","zeta":1,"alpha":2,"mid":3,"Zeta":4}]}"#;
        assert_eq!(decode(400, problem).unwrap().errors[0].fields.keys().collect::<Vec<_>>(), order);
    }

    #[test]
    fn a_name_given_twice_keeps_its_first_place_and_last_value() {
        let members = Members::from_slice(br#"{"b":1,"a":2,"b":3}"#).unwrap();
        assert_eq!(members.iter().collect::<Vec<_>>(), [("b", &Value::from(3)), ("a", &Value::from(2))]);
        let many: String = (0..40).map(|i| format!(r#""k{i}":{i},"#)).collect();
        let members = Members::from_slice(format!(r#"{{{many}"k3":"again"}}"#).as_bytes()).unwrap();
        assert_eq!((members.len(), &members["k3"]), (40, &Value::from("again")));
    }

    #[test]
    fn not_an_object_is_an_error() {
        assert!(matches!(Members::from_slice(b"[1]"), Err(DecodeError::NotAnObject)));
        assert!(matches!(Members::from_slice(b"{"), Err(DecodeError::Json(_))));
        assert!(matches!(decode(400, b"7"), Err(DecodeError::NotAnObject)));
    }
}

//! Envelope formats: how an error becomes a JSON body with a content type.
//!
//! A format is a value (a unit struct, or a const of a struct holding options) implementing
//! [`Format`]; a derived type names it with `#[api(format = path::TO_FORMAT)]` and gets
//! [`ProblemJson`] otherwise. A format sees an error through a [`Document`] and writes it with any
//! serde serializer, so the same code produces the HTTP body and the type's `Serialize` impl.
//!
//! A user-defined format, producing `{"error":{"code":…,"message":…}}`:
//!
//! ```
//! use errwire::format::{Document, Format, Renderable};
//! use errwire::ApiError;
//! use serde::ser::{SerializeMap, Serializer};
//!
//! struct Nested;
//!
//! impl Format for Nested {
//!     fn content_type(&self) -> http::HeaderValue {
//!         http::HeaderValue::from_static("application/json")
//!     }
//!
//!     fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
//!     where
//!         E: Renderable + ?Sized,
//!         S: Serializer,
//!     {
//!         struct Inner<'a, 'b, E: ?Sized>(&'a Document<'b, E>);
//!         impl<E: Renderable + ?Sized> serde::Serialize for Inner<'_, '_, E> {
//!             fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
//!                 let mut map = s.serialize_map(None)?;
//!                 map.serialize_entry("code", self.0.code())?;
//!                 map.serialize_entry("message", &self.0.message())?;
//!                 self.0.serialize_fields(&mut map)?;
//!                 map.end()
//!             }
//!         }
//!         let mut map = serializer.serialize_map(Some(1))?;
//!         map.serialize_entry("error", &Inner(doc))?;
//!         map.end()
//!     }
//! }
//!
//! #[derive(Debug, ApiError)]
//! #[api(format = Nested)]
//! enum Error {
//!     #[api(status = 404, msg = "no user {id}")]
//!     UserNotFound { id: u32 },
//! }
//!
//! let response = Error::UserNotFound { id: 7 }.to_response();
//! assert_eq!(response.headers()["content-type"], "application/json");
//! assert_eq!(
//!     response.body().as_slice(),
//!     br#"{"error":{"code":"UserNotFound","message":"no user 7","id":7}}"#,
//! );
//! ```

use core::fmt;

use http::{HeaderValue, StatusCode};
use serde::ser::{Error as _, Serialize, SerializeMap, Serializer};

use crate::ApiError;

/// An envelope format: the content type and the member layout of an error body.
///
/// Implementations must be deterministic and must write only what the [`Document`] exposes, so
/// that nothing internal (a source error's text) reaches a body.
pub trait Format {
    /// The `Content-Type` of bodies in this format.
    fn content_type(&self) -> HeaderValue;

    /// Writes the body of one error.
    ///
    /// # Errors
    ///
    /// Whatever the serializer or a field's `Serialize` impl returns.
    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer;
}

/// What a [`Format`] can render: every sized [`ApiError`], and `dyn ApiError`.
///
/// Sized types serialize their fields directly into the format's serializer; `dyn ApiError`
/// goes through [`ApiError::write_fields_json`] and replays the members in their order, which
/// costs a parse but keeps the trait dyn-compatible.
pub trait Renderable: ApiError {
    /// Serializes the extra body members into `map`.
    ///
    /// # Errors
    ///
    /// Whatever the serializer or a field's `Serialize` impl returns.
    fn serialize_fields_into<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;

    /// The error as a `dyn Error`, for walking its source chain.
    fn as_dyn_error(&self) -> &(dyn core::error::Error + '_);
}

impl<E: ApiError> Renderable for E {
    fn serialize_fields_into<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.serialize_fields(map)
    }

    fn as_dyn_error(&self) -> &(dyn core::error::Error + '_) {
        self
    }
}

macro_rules! renderable_dyn {
    ($($ty:ty),*) => {$(
        impl Renderable for $ty {
            fn serialize_fields_into<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
                replay_json_fields(self, map)
            }

            fn as_dyn_error(&self) -> &(dyn core::error::Error + '_) {
                self
            }
        }
    )*};
}

renderable_dyn!(dyn ApiError + '_, dyn ApiError + Send + '_, dyn ApiError + Send + Sync + '_);

fn replay_json_fields<M: SerializeMap>(err: &dyn ApiError, map: &mut M) -> Result<(), M::Error> {
    let mut json = Vec::new();
    err.write_fields_json(&mut json).map_err(M::Error::custom)?;
    let members: OrderedMembers = serde_json::from_slice(&json).map_err(M::Error::custom)?;
    for (name, value) in &members.0 {
        map.serialize_entry(name, value)?;
    }
    Ok(())
}

/// A JSON object's members in document order (serde_json's `Map` would sort them).
struct OrderedMembers(Vec<(String, serde_json::Value)>);

impl<'de> serde::Deserialize<'de> for OrderedMembers {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = OrderedMembers;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut members = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    members.push(entry);
                }
                Ok(OrderedMembers(members))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

/// One error as a format sees it: the error plus what the response adds (the instance id).
///
/// Every accessor resolves the defaults of the contract, so formats agree on them: the title
/// falls back to the reason phrase, the type to `about:blank`.
pub struct Document<'a, E: ?Sized> {
    error: &'a E,
    instance: Option<&'a str>,
}

impl<E: ?Sized> Clone for Document<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: ?Sized> Copy for Document<'_, E> {}

impl<'a, E: Renderable + ?Sized> Document<'a, E> {
    /// A document for `error`, without an instance id.
    pub fn new(error: &'a E) -> Self {
        Document { error, instance: None }
    }

    /// The same document carrying `instance`, the id a client quotes to support.
    #[must_use]
    pub fn with_instance(self, instance: Option<&'a str>) -> Self {
        Document { instance, ..self }
    }

    /// The error itself.
    pub fn error(&self) -> &'a E {
        self.error
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.error.status()
    }

    /// The machine-readable code.
    pub fn code(&self) -> &'a str {
        self.error.code()
    }

    /// The title, or the status' reason phrase (`"Unknown Error"` for a status without one).
    pub fn title(&self) -> &'a str {
        match self.error.title() {
            Some(title) => title,
            None => reason_phrase(self.status()),
        }
    }

    /// The `type` URI reference, or `about:blank`.
    pub fn type_uri(&self) -> &'a str {
        self.error.type_uri().unwrap_or("about:blank")
    }

    /// The message, as a value that is `Display` and serializes as a string without
    /// building one.
    pub fn message(&self) -> Message<'a, E> {
        Message(self.error)
    }

    /// The instance id, when the response carries one.
    pub fn instance(&self) -> Option<&'a str> {
        self.instance
    }

    /// Writes the error's extra members into `map`.
    ///
    /// # Errors
    ///
    /// Whatever the serializer or a field's `Serialize` impl returns.
    pub fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.error.serialize_fields_into(map)
    }
}

/// The reason phrase of `status`, `"Unknown Error"` when it has none.
pub fn reason_phrase(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Unknown Error")
}

/// An error's message: `Display`, and serialized as a JSON string written straight into the
/// output (serde's `collect_str`), never as an intermediate `String`.
pub struct Message<'a, E: ?Sized>(&'a E);

impl<E: ApiError + ?Sized> fmt::Display for Message<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.write_message(f)
    }
}

impl<E: ApiError + ?Sized> Serialize for Message<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// RFC 9457 problem details, `application/problem+json`.
///
/// Members in the order `type`, `title`, `status`, `detail`, `instance` (when the response has
/// one), then the error's extra members.
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = errwire::format::ProblemJson)]
/// #[api(status = 409, type = "/errors/integrity", title = "Uniqueness violation")]
/// #[api(msg = "The resource with {email} already exists.")]
/// struct UniquenessViolation {
///     #[api(skip)]
///     email: String,
/// }
///
/// let err = UniquenessViolation { email: "[email protected]".into() };
/// let response = err.to_response_with(&errwire::Context::new().with_instance("2022-02-08T14:30:55.851512Z/gs8ueabo/11840"));
/// assert_eq!(response.headers()["content-type"], "application/problem+json");
/// assert_eq!(
///     response.body().as_slice(),
///     br#"{"type":"/errors/integrity","title":"Uniqueness violation","status":409,"detail":"The resource with [email protected] already exists.","instance":"2022-02-08T14:30:55.851512Z/gs8ueabo/11840"}"#,
/// );
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ProblemJson;

impl Format for ProblemJson {
    fn content_type(&self) -> HeaderValue {
        // A const: checked once at compile time instead of on every response.
        const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
        PROBLEM_JSON
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("type", doc.type_uri())?;
        map.serialize_entry("title", doc.title())?;
        map.serialize_entry("status", &doc.status().as_u16())?;
        map.serialize_entry("detail", &doc.message())?;
        if let Some(instance) = doc.instance() {
            map.serialize_entry("instance", instance)?;
        }
        doc.serialize_fields(&mut map)?;
        map.end()
    }
}

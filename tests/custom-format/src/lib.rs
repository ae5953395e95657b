//! Envelope formats defined outside errwire, with nothing but its public API (`errwire::format`'s
//! [`Format`], [`Document`], [`Documents`], [`ErrorItem`], [`Renderable`]), to prove that a user
//! can keep a contract errwire doesn't ship, at the cost of a built-in format.
//!
//! - [`MessageOnly`]: the api-error style `{"message":"…"}`.
//! - [`Nested`]: everything inside one member, `{"error":{"status","code","message",…}}`, with
//!   its member names as const-constructible options; several errors as a `details` list.
//! - [`Boom`]: errwire's built-in hapi format written again from the outside, so that the tests
//!   can compare bytes and cost with the built-in one.

use errwire::format::{Document, Documents, ErrorItem, Format, Renderable, reason_phrase};
use errwire::http::HeaderValue;
use serde::ser::{Serialize, SerializeMap, Serializer};

/// `{"message":"…"}`, `application/json`: the body of the api-error crate. Several errors are
/// one message, joined with `"; "`. Extra fields are not written.
#[derive(Clone, Copy, Debug, Default)]
pub struct MessageOnly;

impl Format for MessageOnly {
    fn content_type(&self) -> HeaderValue {
        const JSON: HeaderValue = HeaderValue::from_static("application/json");
        JSON
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("message", &doc.message())?;
        map.end()
    }

    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry("message", &docs.messages("; "))?;
        map.end()
    }
}

/// One member wrapping the error, `application/vnd.example.error+json`:
///
/// ```json
/// {"error":{"status":404,"code":"UserNotFound","message":"No user 7","instance":"…","id":7}}
/// ```
///
/// `instance` only when the response has one (every 5xx, or one from the caller's context); as
/// the body carries it, the response has no `x-request-id` header. Several errors:
/// `{"error":{"status":400,"message":"Bad Request","details":[{"code","message",…},…]}}`.
///
/// `Nested` is both the type and a const of it with the default names, like errwire's own
/// formats with options; a service defines its choice once as a const.
#[derive(Clone, Copy, Debug)]
pub struct Nested {
    wrapper: &'static str,
    details: &'static str,
}

/// The default nested format: `error` wraps, `details` lists.
#[allow(non_upper_case_globals)]
pub const Nested: Nested = Nested::new();

impl Default for Nested {
    fn default() -> Self {
        Nested::new()
    }
}

impl Nested {
    /// The default names.
    pub const fn new() -> Self {
        Nested { wrapper: "error", details: "details" }
    }

    /// The member that wraps the error, instead of `error`.
    #[must_use]
    pub const fn wrapper(self, name: &'static str) -> Self {
        Nested { wrapper: name, ..self }
    }

    /// The list member of several errors, instead of `details`.
    #[must_use]
    pub const fn details(self, name: &'static str) -> Self {
        Nested { details: name, ..self }
    }
}

impl Format for Nested {
    fn content_type(&self) -> HeaderValue {
        const ERROR_JSON: HeaderValue = HeaderValue::from_static("application/vnd.example.error+json");
        ERROR_JSON
    }

    /// The body has an `instance` member, so the response needs no `x-request-id` header.
    fn writes_instance(&self) -> bool {
        true
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.wrapper, &Inner(doc))?;
        map.end()
    }

    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(Some(1))?;
        map.serialize_entry(self.wrapper, &InnerMany(self, docs))?;
        map.end()
    }
}

/// `{"status","code","message","instance"?,members…}`.
struct Inner<'a, 'b, E: ?Sized>(&'a Document<'b, E>);

impl<E: Renderable + ?Sized> Serialize for Inner<'_, '_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let doc = self.0;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("status", &doc.status().as_u16())?;
        map.serialize_entry("code", doc.code())?;
        map.serialize_entry("message", &doc.message())?;
        if let Some(instance) = doc.instance() {
            map.serialize_entry("instance", instance)?;
        }
        doc.serialize_fields(&mut map)?;
        map.end()
    }
}

/// `{"status","message","instance"?,"details":[{"code","message",members…}]}`.
struct InnerMany<'a, 'b, T>(&'a Nested, &'a Documents<'b, T>);

impl<T: ErrorItem> Serialize for InnerMany<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let (format, docs) = (self.0, self.1);
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("status", &docs.status().as_u16())?;
        map.serialize_entry("message", reason_phrase(docs.status()))?;
        if let Some(instance) = docs.instance() {
            map.serialize_entry("instance", instance)?;
        }
        map.serialize_entry(format.details, &Details(docs))?;
        map.end()
    }
}

struct Details<'a, 'b, T>(&'a Documents<'b, T>);

impl<T: ErrorItem> Serialize for Details<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Detail))
    }
}

struct Detail<'a, E: ?Sized>(Document<'a, E>);

impl<E: Renderable + ?Sized> Serialize for Detail<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.0.code())?;
        map.serialize_entry("message", &self.0.message())?;
        self.0.serialize_fields(&mut map)?;
        map.end()
    }
}

/// errwire's built-in [`Hapi`](errwire::format::Hapi) format, written again with the public API:
/// `{"statusCode","error","message",members…}`; several errors as one message joined with
/// `"; "`. The tests check that it produces the built-in's bytes at no more cost.
#[derive(Clone, Copy, Debug, Default)]
pub struct Boom;

impl Format for Boom {
    fn content_type(&self) -> HeaderValue {
        const JSON: HeaderValue = HeaderValue::from_static("application/json");
        JSON
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("statusCode", &doc.status().as_u16())?;
        map.serialize_entry("error", reason_phrase(doc.status()))?;
        map.serialize_entry("message", &doc.message())?;
        doc.serialize_fields(&mut map)?;
        map.end()
    }

    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("statusCode", &docs.status().as_u16())?;
        map.serialize_entry("error", reason_phrase(docs.status()))?;
        map.serialize_entry("message", &docs.messages("; "))?;
        map.end()
    }
}

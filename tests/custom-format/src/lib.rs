//! Envelope formats defined outside errwire, with nothing but its public API (`errwire::format`'s
//! [`Format`], [`Document`], [`Documents`], [`ErrorItem`], [`Renderable`], and
//! `errwire::client`'s types for the decoders), to prove that a user can keep a contract
//! errwire doesn't ship, at the cost of a built-in format, and that its clients decode it like a
//! built-in one.
//!
//! - [`MessageOnly`]: the api-error style `{"message":"…"}`.
//! - [`Nested`](struct@Nested): everything inside one member, `{"error":{"status","code","message",…}}`, with
//!   its member names as const-constructible options; several errors as a `details` list. Its
//!   [`Format::decode`] reads these bodies back (with the configured names).
//! - [`Boom`]: errwire's built-in hapi format written again from the outside, so that the tests
//!   can compare bytes and cost with the built-in one. The default decoder reads it as hapi.

use core::fmt;

use errwire::client::{DecodeError, DecodedResponse, ErrorView, Members};
use errwire::format::{Document, Documents, ErrorItem, Format, Renderable, reason_phrase};
use errwire::http::{HeaderMap, HeaderValue};
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};
use serde::ser::{Serialize, SerializeMap, Serializer};
use serde_json::Value;

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

    /// One view with the message and no code (several errors are one joined message): a
    /// client finds the variant by status and message.
    fn decode(&self, status: u16, _: &HeaderMap, body: &[u8]) -> Result<DecodedResponse, DecodeError> {
        let mut fields = Members::from_slice(body)?;
        let message = fields.take_string("message").unwrap_or_default();
        let view = ErrorView { status, message, fields, ..ErrorView::default() };
        Ok(DecodedResponse { status, errors: vec![view], instance: None })
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

    /// Reads the bodies [`serialize`](Format::serialize) and
    /// [`serialize_many`](Format::serialize_many) write, with this value's member names: the
    /// wrapped object's `status`, `code`, `message` and `instance`, its other members as the
    /// view's fields in body order; several errors from the list member.
    fn decode(&self, status: u16, _: &HeaderMap, body: &[u8]) -> Result<DecodedResponse, DecodeError> {
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let wrapped = deserializer.deserialize_map(Envelope(self)).map_err(DecodeError::Json)?;
        deserializer.end().map_err(DecodeError::Json)?;
        let Some(Wrapped { mut fields, details }) = wrapped else {
            let missing = format!("no `{}` member", self.wrapper);
            return Err(DecodeError::Json(de::Error::custom(missing)));
        };
        let own_status = fields.remove("status").and_then(|value| value.as_u64());
        let status = own_status.and_then(|own| u16::try_from(own).ok()).unwrap_or(status);
        let instance = fields.take_string("instance");
        let errors = match details {
            Some(details) => details.into_iter().map(|item| view(status, item)).collect(),
            None => vec![view(status, fields)],
        };
        Ok(DecodedResponse { status, errors, instance })
    }
}

/// One error's view: its code and message taken out of `fields`, the rest its members.
fn view(status: u16, mut fields: Members) -> ErrorView {
    let code = fields.take_string("code");
    let message = fields.take_string("message").unwrap_or_default();
    ErrorView { status, code, message, fields, ..ErrorView::default() }
}

/// The wrapped object of a [`Nested`] body: its members in body order, and the list of several
/// errors when it has one.
struct Wrapped {
    fields: Members,
    details: Option<Vec<Members>>,
}

/// Reads `{"<wrapper>":{…}}`, ignoring other members; `None` without the wrapper.
struct Envelope<'a>(&'a Nested);

impl<'de> Visitor<'de> for Envelope<'_> {
    type Value = Option<Wrapped>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "an object with a `{}` member", self.0.wrapper)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut wrapped = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0.wrapper && wrapped.is_none() {
                wrapped = Some(map.next_value_seed(WrappedObject(self.0))?);
            } else {
                map.next_value::<IgnoredAny>()?;
            }
        }
        Ok(wrapped)
    }
}

/// The wrapped object. A single error's `code` comes before its members, so a list member
/// after a `code` is an ordinary member of that error, not the list of several.
struct WrappedObject<'a>(&'a Nested);

impl<'de> DeserializeSeed<'de> for WrappedObject<'_> {
    type Value = Wrapped;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Wrapped, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for WrappedObject<'_> {
    type Value = Wrapped;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an error object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wrapped, A::Error> {
        let mut fields = Members::new();
        let mut details = None;
        while let Some(key) = map.next_key::<String>()? {
            if key == self.0.details && details.is_none() && !fields.contains_key("code") {
                details = Some(map.next_value::<Vec<Members>>()?);
            } else {
                let value: Value = map.next_value()?;
                fields.insert(key, value);
            }
        }
        Ok(Wrapped { fields, details })
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

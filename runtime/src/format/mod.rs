//! Envelope formats: how errors become a JSON body with a content type.
//!
//! | format | body | content type |
//! |---|---|---|
//! | [`ProblemJson`](struct@ProblemJson) (default) | `{"type","title","status","detail","instance",…}` (RFC 9457) | `application/problem+json` |
//! | [`ErrorList`](struct@ErrorList) | `{"statusCode","message","errors":[{"code","message",…}]}` | `application/json` |
//! | [`Hapi`] | `{"statusCode","error","message",…}` | `application/json` |
//! | [`ErrorType`] | `{"code","errorType","message",…}` | `application/json` |
//!
//! A type picks its format with `#[api(format = errwire::format::ErrorList)]`. A format with
//! options is a `const` value, so a service names its choice once and every error type points
//! at it, at no cost per response:
//!
//! ```
//! use errwire::format::ProblemJson;
//!
//! /// The one format of every error this service returns.
//! pub const FORMAT: ProblemJson = ProblemJson.type_base("https://api.example.com/errors/").code_member("code");
//!
//! #[derive(Debug, errwire::ApiError)]
//! #[api(format = FORMAT)]
//! enum UserError {
//!     #[api(status = 404, msg = "no user {id}")]
//!     NotFound { id: u32 },
//! }
//!
//! # use errwire::ApiError;
//! assert_eq!(
//!     UserError::NotFound { id: 7 }.to_response().body().as_slice(),
//!     br#"{"type":"https://api.example.com/errors/NotFound","title":"Not Found","status":404,"detail":"no user 7","code":"NotFound","id":7}"#,
//! );
//! ```
//!
//! A format sees one error through a [`Document`], several through [`Documents`], and writes
//! them with any serde serializer, so the same code produces the HTTP body and the type's
//! `Serialize` impl. A user-defined format, producing `{"error":{"code":…,"message":…}}`:
//!
//! ```
//! use errwire::format::{Document, Format, Renderable};
//! use errwire::ApiError;
//! use serde::ser::{SerializeMap, Serializer};
//!
//! struct Nested;
//!
//! impl Format for Nested {
//!     fn content_type(&self) -> errwire::http::HeaderValue {
//!         errwire::http::HeaderValue::from_static("application/json")
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
use serde::ser::{Error as _, Serialize, SerializeMap, SerializeSeq, Serializer};

use crate::ApiError;

mod error_list;
mod flat;
mod problem;

pub use error_list::ErrorList;
pub use flat::{ErrorType, Hapi};
pub use problem::ProblemJson;

/// An envelope format: the content type and the member layout of error bodies.
///
/// Implementations must write only what the [`Document`] exposes, so that nothing internal (a
/// source error's text) reaches a body.
pub trait Format {
    /// The members this format writes beside an error's extra members. The derive rejects, at
    /// compile time, an extra member of the same name (the body would carry the key twice).
    const RESERVED: &'static [&'static str] = &[];

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

    /// Whether bodies carry the instance id (problem+json's `instance`). When a format has no
    /// place for it, the response sends it as the `x-request-id` header instead, so a client
    /// can always quote it to support.
    fn writes_instance(&self) -> bool {
        false
    }

    /// Whether this format writes a member `name` beside an error's own members (in the same
    /// object): the names of [`RESERVED`](Self::RESERVED), and those an option configures
    /// (problem+json's [`code_member`](ProblemJson::code_member)). A transparent variant's inner
    /// members of such a name are left out, so that no body carries a key twice.
    fn writes_member(&self, name: &str) -> bool {
        Self::RESERVED.contains(&name)
    }

    /// Whether every error response carries an instance id, 4xx too (one is generated when the
    /// caller and the request give none). By default only 5xx responses do, and 4xx ones when
    /// the request's scope asks for it ([`RequestScope::every_error`](crate::RequestScope::every_error)).
    /// The OpenAPI schemas list `instance` as required where it is always present.
    fn every_error_instance(&self) -> bool {
        false
    }

    /// Writes the body of several errors answered together (see [`Errors`](crate::Errors)).
    ///
    /// The default writes a JSON array of the single-error bodies; formats with a place for
    /// several errors (a list member) override it.
    ///
    /// # Errors
    ///
    /// Whatever the serializer or a field's `Serialize` impl returns.
    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        let mut seq = serializer.serialize_seq(Some(docs.len()))?;
        for doc in docs.iter() {
            seq.serialize_element(&Single(self, doc))?;
        }
        seq.end()
    }

    /// Decodes a response in this format back into errors as a client sees them: the inverse
    /// of [`serialize`](Self::serialize) and [`serialize_many`](Self::serialize_many), called
    /// by [`client::decode_as`](crate::client::decode_as) with the response's status, headers
    /// and body.
    ///
    /// The default recognizes every built-in format by its members
    /// ([`client::decode_with_headers`](crate::client::decode_with_headers)); a body of another
    /// shape decodes to one view without a code. A format of its own shape overrides it, so
    /// that its bodies decode to code, message and fields like the built-in ones.
    /// [`client::Members`](crate::client::Members) parses an object keeping its members in body
    /// order. `decode_as` copies the response's headers into every view (header fields come
    /// back from them) and takes the instance id from `x-request-id` when the body has none,
    /// so an implementation reads only the body.
    ///
    /// ```
    /// use errwire::client::{DecodeError, DecodedResponse, ErrorView, FromView, Members, decode_as};
    /// use errwire::format::{Document, Format, Renderable};
    /// use errwire::http::{HeaderMap, HeaderValue};
    /// use errwire::ApiError;
    /// use serde::ser::{SerializeMap, Serializer};
    ///
    /// /// `{"err":"<code>","msg":"<message>",members…}`
    /// struct Terse;
    ///
    /// impl Format for Terse {
    ///     fn content_type(&self) -> HeaderValue {
    ///         HeaderValue::from_static("application/json")
    ///     }
    ///
    ///     fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    ///     where
    ///         E: Renderable + ?Sized,
    ///         S: Serializer,
    ///     {
    ///         let mut map = serializer.serialize_map(None)?;
    ///         map.serialize_entry("err", doc.code())?;
    ///         map.serialize_entry("msg", &doc.message())?;
    ///         doc.serialize_fields(&mut map)?;
    ///         map.end()
    ///     }
    ///
    ///     fn decode(&self, status: u16, _: &HeaderMap, body: &[u8]) -> Result<DecodedResponse, DecodeError> {
    ///         let mut fields = Members::from_slice(body)?;
    ///         let code = fields.take_string("err");
    ///         let message = fields.take_string("msg").unwrap_or_default();
    ///         let view = ErrorView { status, code, message, fields, ..ErrorView::default() };
    ///         Ok(DecodedResponse { status, errors: vec![view], instance: None })
    ///     }
    /// }
    ///
    /// #[derive(Debug, PartialEq, ApiError)]
    /// #[api(format = Terse, deserialize)]
    /// enum Error {
    ///     #[api(status = 404, msg = "no user {id}")]
    ///     UserNotFound { id: u32 },
    /// }
    ///
    /// let response = Error::UserNotFound { id: 7 }.to_response();
    /// assert_eq!(response.body().as_slice(), br#"{"err":"UserNotFound","msg":"no user 7","id":7}"#);
    /// let decoded = decode_as::<Error>(404, response.headers(), response.body()).unwrap();
    /// assert_eq!(decoded.errors[0].code.as_deref(), Some("UserNotFound"));
    /// assert_eq!(Error::from_view(&decoded.errors[0]), Some(Error::UserNotFound { id: 7 }));
    /// ```
    ///
    /// # Errors
    ///
    /// When the body is not of the format's shape (the default: not a JSON object).
    fn decode(
        &self,
        status: u16,
        headers: &http::HeaderMap,
        body: &[u8],
    ) -> Result<crate::client::DecodedResponse, crate::client::DecodeError> {
        crate::client::decode_with_headers(status, headers, body)
    }
}

/// One error's body in `format`, as a `Serialize` value.
struct Single<'a, F: ?Sized, E: ?Sized>(&'a F, Document<'a, E>);

impl<F: Format + ?Sized, E: Renderable + ?Sized> Serialize for Single<'_, F, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize(&self.1, serializer)
    }
}

/// Calls back with a type's format, whose type the caller doesn't have to name. See
/// [`ApiError::with_format`].
pub trait FormatVisitor {
    /// What the visit returns.
    type Output;

    /// Called with the format.
    fn visit<F: Format>(self, format: &F) -> Self::Output;
}

/// What a [`Format`] can render: every sized [`ApiError`], and `dyn ApiError`.
///
/// Sized types serialize their fields directly into the format's serializer; `dyn ApiError`
/// goes through its members written as one JSON object and replays the members in their order, which
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

/// An element of an [`Errors`](crate::Errors) collection: a derived error, or a boxed
/// `dyn ApiError`.
pub trait ErrorItem {
    /// The error behind the item.
    type Error: Renderable + ?Sized;

    /// The error behind the item.
    fn error(&self) -> &Self::Error;
}

impl<E: ApiError> ErrorItem for E {
    type Error = E;

    fn error(&self) -> &E {
        self
    }
}

macro_rules! error_item_boxed {
    ($($ty:ty),*) => {$(
        impl ErrorItem for Box<$ty> {
            type Error = $ty;

            fn error(&self) -> &Self::Error {
                &**self
            }
        }
    )*};
}

error_item_boxed!(
    dyn ApiError + 'static,
    dyn ApiError + Send + 'static,
    dyn ApiError + Send + Sync + 'static
);

/// One error as a format sees it: the error plus what the response adds (the instance id).
///
/// Accessors resolve the defaults every format agrees on: the title falls back to the reason
/// phrase; the type is left to the format (see [`Document::type_uri`]).
pub struct Document<'a, E: ?Sized> {
    error: &'a E,
    instance: Option<&'a str>,
    lang: Lang,
}

/// The translated language a document is written in (feature `fluent`); none otherwise.
#[cfg(feature = "fluent")]
type Lang = Option<crate::l10n::Lang<'static>>;
#[cfg(not(feature = "fluent"))]
type Lang = ();

impl<E: ?Sized> Clone for Document<'_, E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: ?Sized> Copy for Document<'_, E> {}

impl<'a, E: Renderable + ?Sized> Document<'a, E> {
    /// A document for `error`, without an instance id.
    pub fn new(error: &'a E) -> Self {
        Document { error, instance: None, lang: Lang::default() }
    }

    /// The same document in a translated language (feature `fluent`).
    #[cfg(feature = "fluent")]
    pub(crate) fn with_lang(self, lang: Lang) -> Self {
        Document { lang, ..self }
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
        #[cfg(feature = "fluent")]
        if let Some(title) = self.lang.and_then(|lang| lang.title(self.error.code())) {
            return title;
        }
        match self.error.title() {
            Some(title) => title,
            None => reason_phrase(self.status()),
        }
    }

    /// The error's own `type` URI reference, when it has one (formats decide the fallback).
    pub fn type_uri(&self) -> Option<&'a str> {
        self.error.type_uri()
    }

    /// The message, as a value that is `Display` and serializes as a string without
    /// building one.
    pub fn message(&self) -> Message<'a, E> {
        Message(self.error, self.lang)
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

/// Several errors answered together, as a format sees them.
pub struct Documents<'a, T> {
    items: &'a [T],
    status: StatusCode,
    instance: Option<&'a str>,
    /// Feature `fluent`: the requested language (an `Accept-Language` value); each item is
    /// written in the best of its own type's languages.
    #[cfg(feature = "fluent")]
    locale: Option<&'a str>,
}

impl<'a, T: ErrorItem> Documents<'a, T> {
    /// The documents of `items`, answered with `status` (see [`Errors::status`](crate::Errors::status)).
    pub fn new(items: &'a [T], status: StatusCode, instance: Option<&'a str>) -> Self {
        Documents {
            items,
            status,
            instance,
            #[cfg(feature = "fluent")]
            locale: None,
        }
    }

    /// The same documents in the language `locale` asks for (feature `fluent`).
    #[cfg(feature = "fluent")]
    pub(crate) fn with_locale(self, locale: Option<&'a str>) -> Self {
        Documents { locale, ..self }
    }

    /// The language `error`'s document is written in: a translated one when asked for.
    #[cfg(feature = "fluent")]
    fn lang_of(locale: Option<&str>, error: &T::Error) -> Lang {
        locale.and_then(|locale| crate::l10n::lang_for(error, locale))
    }
    #[cfg(not(feature = "fluent"))]
    fn lang_of(_: (), _: &T::Error) -> Lang {}

    /// The status of the whole response.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The response's instance id.
    pub fn instance(&self) -> Option<&'a str> {
        self.instance
    }

    /// How many errors there are.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Each error's document (without the instance id, which belongs to the response).
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Document<'a, T::Error>> + Clone + 'a {
        let locale = self.locale();
        self.items.iter().map(move |item| {
            let error = item.error();
            Document { error, instance: None, lang: Self::lang_of(locale, error) }
        })
    }

    #[cfg(feature = "fluent")]
    fn locale(&self) -> Option<&'a str> {
        self.locale
    }
    #[cfg(not(feature = "fluent"))]
    fn locale(&self) {}

    /// The first error's document.
    pub fn first(&self) -> Option<Document<'a, T::Error>> {
        self.iter().next()
    }

    /// Every message joined by `separator`, as a `Display` + `Serialize` value.
    pub fn messages(&self, separator: &'a str) -> Messages<'a, T> {
        Messages { items: self.items, separator, locale: self.locale() }
    }
}

/// Several errors' messages joined by a separator; see [`Documents::messages`].
pub struct Messages<'a, T> {
    items: &'a [T],
    separator: &'a str,
    #[cfg(feature = "fluent")]
    locale: Option<&'a str>,
    #[cfg(not(feature = "fluent"))]
    locale: (),
}

impl<T: ErrorItem> Messages<'_, T> {
    /// Every message, each in its document's language, joined by the separator.
    fn write(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        for (i, item) in self.items.iter().enumerate() {
            if i > 0 {
                out.write_str(self.separator)?;
            }
            let error = item.error();
            Message(error, Documents::<T>::lang_of(self.locale, error)).write(out)?;
        }
        Ok(())
    }
}

impl<T: ErrorItem> fmt::Display for Messages<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}

impl<T: ErrorItem> Serialize for Messages<'_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        collect_total(serializer, |out| self.write(out))
    }
}

/// serde's `collect_str` of the text `write` writes, that fails instead of panicking when
/// `write` fails on its own (a message field whose `Display` returns an error: serde_json's
/// `collect_str` panics on that). The serializer's own failures pass through as they are.
fn collect_total<S, W>(serializer: S, write: W) -> Result<S::Ok, S::Error>
where
    S: Serializer,
    W: Fn(&mut dyn fmt::Write) -> fmt::Result,
{
    struct Total<'a, W> {
        write: &'a W,
        failed: &'a core::cell::Cell<bool>,
    }
    impl<W: Fn(&mut dyn fmt::Write) -> fmt::Result> fmt::Display for Total<'_, W> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            let mut out = Tracked { out: f, failed: false };
            match (self.write)(&mut out) {
                Err(error) if out.failed => Err(error),
                Err(fmt::Error) => {
                    // Not the output's failure: the text's own. Ends the text here; the caller
                    // turns it into an error once the serializer is done with it.
                    self.failed.set(true);
                    Ok(())
                }
                Ok(()) => Ok(()),
            }
        }
    }
    let failed = core::cell::Cell::new(false);
    let result = serializer.collect_str(&Total { write: &write, failed: &failed });
    if failed.get() {
        return Err(S::Error::custom(
            "an error message failed to format (a field's Display returned an error)",
        ));
    }
    result
}

/// A writer that remembers whether it failed itself, to tell its failures from those of the
/// `Display` writing into it (here and in the log's source chain).
pub(crate) struct Tracked<'a> {
    pub(crate) out: &'a mut dyn fmt::Write,
    pub(crate) failed: bool,
}

impl fmt::Write for Tracked<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let result = self.out.write_str(s);
        self.failed |= result.is_err();
        result
    }
}

/// The reason phrase of `status`, `"Unknown Error"` when it has none.
#[inline]
pub fn reason_phrase(status: StatusCode) -> &'static str {
    status.canonical_reason().unwrap_or("Unknown Error")
}

/// An error's message: `Display`, and serialized as a JSON string written straight into the
/// output (serde's `collect_str`), never as an intermediate `String`. A message whose field's
/// `Display` fails serializes as an error (the response becomes the 500 replacement), never a
/// panic.
pub struct Message<'a, E: ?Sized>(&'a E, Lang);

impl<E: ApiError + ?Sized> Message<'_, E> {
    /// The message: translated (feature `fluent`) when the document's language has it.
    #[inline]
    fn write(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        #[cfg(feature = "fluent")]
        if let Some(lang) = self.1 {
            if lang.write(self.0, out)? {
                return Ok(());
            }
        }
        self.0.write_message(out)
    }
}

impl<E: ApiError + ?Sized> fmt::Display for Message<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write(f)
    }
}

impl<E: ApiError + ?Sized> Serialize for Message<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written whole into a stack buffer first, a message is one string to escape: cheaper than
        // `collect_str`, which runs `core::fmt` once more and escapes every piece on its own (75 to
        // 160 instructions less per message, see BENCHMARKS.md). A longer message is streamed.
        let mut buffer = MessageBuffer { bytes: [0; MESSAGE_BUFFER], len: 0 };
        match self.write(&mut buffer) {
            Ok(()) => serializer.serialize_str(buffer.as_str()),
            // Too long for the buffer, or a field's `Display` failed: streamed, or an error.
            Err(fmt::Error) => collect_total(serializer, |out| self.write(out)),
        }
    }
}

/// Messages up to this many bytes are serialized from the stack; longer ones are streamed.
const MESSAGE_BUFFER: usize = 128;

/// A message being written: fails (and the message is streamed instead) when it doesn't fit.
struct MessageBuffer {
    bytes: [u8; MESSAGE_BUFFER],
    len: usize,
}

impl MessageBuffer {
    fn as_str(&self) -> &str {
        let bytes = &self.bytes[..self.len];
        debug_assert!(core::str::from_utf8(bytes).is_ok());
        // SAFETY: `write_str` is the only writer, and it appends whole `str`s: the bytes up to
        // `len` are a concatenation of UTF-8 strings. (Checking costs 3 instructions a byte.)
        unsafe { core::str::from_utf8_unchecked(bytes) }
    }
}

impl fmt::Write for MessageBuffer {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

/// `application/json`, checked once at compile time.
const APPLICATION_JSON: HeaderValue = HeaderValue::from_static("application/json");

/// A string written in pieces without joining them first (`type_base` + code).
struct Concat<'a>(&'a str, &'a str);

impl fmt::Display for Concat<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0)?;
        f.write_str(self.1)
    }
}

impl Serialize for Concat<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use crate::ApiError;

    #[derive(Debug, ApiError)]
    #[api(status = 400, msg = "{text} ({n})")]
    struct Said {
        #[api(skip)]
        text: String,
        #[api(skip)]
        n: u32,
    }

    /// Messages of every length around the stack buffer's size, with characters to escape and
    /// multi-byte ones, serialize as `collect_str` would write them.
    #[test]
    fn messages_of_any_length_serialize_like_collect_str() {
        // The message is the text and 4 more bytes: these fill the buffer to 1 short, full, 1 over.
        let full = super::MESSAGE_BUFFER - 4;
        for len in [0, 1, 100, full - 1, full, full + 1, 1000] {
            for filler in ["a", "\"", "é", "\n"] {
                let text: String = filler.repeat(len).chars().take(len).collect();
                let err = Said { text, n: 7 };
                let expected = serde_json::to_string(&err.to_string()).unwrap();
                let doc = super::Document::new(&err);
                assert_eq!(serde_json::to_string(&doc.message()).unwrap(), expected, "{len} × {filler:?}");
            }
        }
    }
}

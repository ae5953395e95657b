//! errwire turns an error enum into a complete, checked HTTP error contract.
//!
//! One `#[derive(ApiError)]` and one `#[api(...)]` line per variant give the type its HTTP
//! status, a stable machine-readable code, a user-facing message, the JSON envelope its clients
//! were promised (RFC 9457 `application/problem+json` unless the type picks another
//! [`Format`]), a `Display` and `std::error::Error` when thiserror is not used, a
//! [`serde::Serialize`] impl that produces exactly the body, and the response conversions of the
//! enabled framework features.
//!
//! ```
//! use errwire::ApiError;
//!
//! #[derive(Debug, ApiError)]
//! #[api(rename_all = "camelCase", type_base = "https://example.com/errors/")]
//! enum DeploymentError {
//!     /// The deployment does not exist.
//!     #[api(status = 404, code = "ResourceNotFound", msg = "Deployment with id={id} does not exist")]
//!     NotFound { id: u64 },
//!
//!     /// Somebody else changed the deployment since it was read.
//!     #[api(status = 409, code = "ConcurrentModification",
//!           msg = "Expected version {expected_version}, found {current_version}")]
//!     Conflict { expected_version: u64, current_version: u64 },
//! }
//!
//! let err = DeploymentError::Conflict { expected_version: 3, current_version: 4 };
//! let response = err.to_response();
//! assert_eq!(response.status(), 409);
//! assert_eq!(response.headers()["content-type"], "application/problem+json");
//! assert_eq!(
//!     std::str::from_utf8(response.body()).unwrap(),
//!     r#"{"type":"https://example.com/errors/ConcurrentModification","title":"Conflict","status":409,"detail":"Expected version 3, found 4","expectedVersion":3,"currentVersion":4}"#,
//! );
//! // Without thiserror, the derive also provides Display (from `msg`) and std::error::Error.
//! assert_eq!(err.to_string(), "Expected version 3, found 4");
//! ```
//!
//! # What the attributes mean
//!
//! | key | where | meaning |
//! |---|---|---|
//! | `status` | container, variant | `409` or `StatusCode::CONFLICT`; 400–599 |
//! | `code` | container, variant | machine-readable code; default: the variant's (or struct's) name in `code_case` |
//! | `code_case` | container | case of derived codes: `"PascalCase"` (default), `"SCREAMING_SNAKE_CASE"`, `"camelCase"`, `"snake_case"`, `"kebab-case"`, … |
//! | `msg` | variant, struct (not an enum: its variants have their own fields) | message template: `{field}`, `{0}`, `{field:?}`, `{n:>5}` as in `format!`; default: the status' reason phrase. The same text as the variant's thiserror `#[error("...")]` is written by thiserror's `Display` (compiled once, not twice) |
//! | `title`, `type` | container, variant | RFC 9457 `title` (default: reason phrase) and `type` (default: `type_base` + code, else `about:blank`); `type` must be a URI reference (RFC 3986) |
//! | `type_base` | container | prefix of `type` built from the code: the start of a URI reference, which every code after it must continue |
//! | `format` | container | a path to a unit struct or const implementing [`format::Format`]; default [`format::ProblemJson`](struct@format::ProblemJson) |
//! | `rename_all` | container | case of body member names (`"camelCase"`, …; serde's names) |
//! | `rename` | field | name of this field in the body |
//! | `skip` | field | not written to the body (may still appear in `msg`) |
//! | `members = "explicit"` | container, variant | only fields marked `member` (or named with `rename`) are body members; `"all"` (default): every field but sources, `skip` and `header` ones |
//! | `member` | field | a body member: under `members = "explicit"`, or a field named `source` that is data, not the source |
//! | `header = "Name"` | field | sent as a response header (through `Display`) instead of a body member; not a header errwire or the framework owns ([`Headers::RESERVED`]); values checked ([`Headers`]) |
//! | `source` | field | marks the source error when thiserror is not used (`#[source]`, `#[from]` and a field named `source` without `member` also work) |
//! | `transparent` | variant, struct with one field | everything comes from the one field, which implements [`ApiError`] |
//! | `serialize = false` | container | do not generate `serde::Serialize` |
//! | `grpc` | container, variant | the gRPC code (feature `tonic`), one of `google.rpc.Code`'s names as written there (`"ALREADY_EXISTS"`); default from the status ([`grpc`] has the table); `"OK"` and other spellings are compile errors |
//! | `grpc_domain` | container | `ErrorInfo.domain` of the gRPC details (feature `tonic`); default: the name of the package defining the type |
//! | `locales` | container | feature `fluent`: a folder (relative to the crate's `Cargo.toml`) of Fluent resources, one `<locale>.ftl` per language, keyed by code; checked at compile time (see the `l10n` module) |
//! | `default_locale` | container | the language of `msg` and `title` (default `"en"`), with `locales` |
//! | `untranslated` | container | a variant missing in a locale: `"error"` (default), `"warn"`, `"allow"` |
//! | `deserialize` | container | generate [`client::FromView`]: the error rebuilt from a decoded response (body members through `serde::Deserialize`, header fields through `FromStr`) |
//!
//! Decisions where the spec is silent:
//!
//! - Tuple fields have no name, so they are body members only when they get one with
//!   `#[api(rename = "...")]`; they can always appear in `msg` as `{0}`, `{1}`, ….
//! - Source fields (`#[source]`, `#[from]`, `#[api(source)]`, a field named `source`) are never
//!   body members, and their `Display` never reaches a body unless `msg` names them. A body
//!   member called `source` (JSON:API's) is a field named `source` marked `#[api(member)]`, or,
//!   also with thiserror (for which every field named `source` is the source), another field
//!   with `#[api(rename = "source")]`.
//! - `type`, `type_base`, and every code that follows a `type_base` (the derive's, or the
//!   format's, [`ProblemJson::type_base`](format::ProblemJson::type_base)) are checked against
//!   RFC 3986's URI-reference grammar at compile time, and never percent-encoded: the `type` a
//!   client gets is the one written, so a client's comparison of it can't be thrown off by an
//!   encoding the author never saw. Non-ASCII text is written percent-encoded; a variant named
//!   `ZuGroß` under a `type_base` needs an ASCII `code`.
//! - A body member named like a member the format writes (its `Format::RESERVED`, and
//!   problem+json's [`code_member`](format::ProblemJson::code_member)) is a compile error on the
//!   field: the derive checks the built-in formats itself and a format named by another path
//!   (a service's `const FORMAT`) in a const evaluated against it.
//! - A 5xx response without a caller-supplied instance id gets a generated one
//!   ([`InstanceId`], `urn:uuid:…`: an absolute URI, which RFC 9457 clients don't resolve
//!   against the request URL), so that every server error can be quoted to support; with the `tracing`
//!   feature the same id is logged together with the whole source chain.
//!
//! # Features
//!
//! - `axum`: `axum::response::IntoResponse` for every derived type.
//! - `actix-web`: `actix_web::ResponseError` for every derived type, and `errwire::actix`'s extractor
//!   configs, default service and middleware that answer every request failure (bad JSON,
//!   query or path, unknown route, wrong method, oversized body, handler panic) in the service's
//!   format, with the same bodies as the axum integration.
//! - `utoipa`: `utoipa::IntoResponses` for every derived type, and [`openapi`]: per status a
//!   schema per code with exactly the members it sends, read off the format itself, and the
//!   framework layers' general errors added to a document in one call.
//! - `tonic`: `From<E> for tonic::Status` for every derived type and [`Errors`], with the gRPC
//!   code of [`grpc`] and google.rpc details; a tower layer answering a handler panic with
//!   `INTERNAL`; a `Status` decoded back into the error ([`tonic`] has the details). tonic 0.14.6
//!   and later need Rust 1.88 (cargo's MSRV-aware resolver picks 0.14.5 for an older
//!   `rust-version`; the rest of errwire builds on 1.85).
//! - `fluent`: localized messages, `l10n`: `#[api(locales = "locales")]` reads one Fluent
//!   resource per language at compile time (every placeholder and code checked), and a
//!   response answers in the request's `Accept-Language` (or `Context::with_locale`) with
//!   `Content-Language`; code, status, members and `type` never change.
//! - `tracing`: every rendered error is logged (5xx at `error`, 4xx at `debug`; see
//!   [`set_log_levels`]) with its status, code, instance id and source chain.
#![warn(missing_docs)]

use core::fmt;

pub mod catalog;
pub mod client;
pub mod contract;
mod errors;
pub mod format;
pub mod grpc;
mod headers;
mod instance;
#[cfg(feature = "fluent")]
pub mod l10n;
mod log;
mod render;
pub mod schema;
mod scope;
#[cfg(any(feature = "axum", feature = "actix-web", feature = "tonic"))]
mod unwind;

#[cfg(feature = "axum")]
pub mod axum;

#[cfg(feature = "actix-web")]
pub mod actix;
mod general;
#[cfg(any(feature = "axum", feature = "actix-web"))]
mod layer;
#[cfg(feature = "utoipa")]
pub mod openapi;
#[cfg(feature = "tonic")]
pub mod tonic;

// The derive names `::errwire::…`; this lets errwire derive its own types.
extern crate self as errwire;

#[doc(hidden)]
pub mod __private;
// The derive's check of a source field; here so that rustc's message calls it `SourceError`.
#[doc(hidden)]
pub use __private::SourceError;

pub use catalog::Catalog;
pub use errors::Errors;
pub use errwire_macros::ApiError;
pub use format::{Document, Format, FormatVisitor, Renderable};
pub use general::{GeneralError, GeneralFormat, client_message};
pub use headers::Headers;
pub use http;
pub use http::StatusCode;
pub use instance::InstanceId;
pub use log::{LogLevel, set_log_levels};
pub use render::{Context, render};
pub use scope::{RequestScope, Scoped};

/// An error with an HTTP contract: status, code, message, envelope members and headers.
///
/// Derive it with `#[derive(ApiError)]`; the derive writes every method. The trait is
/// dyn-compatible: a `Box<dyn ApiError + Send + Sync>` renders like the concrete type it holds.
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 404, msg = "No Integration found with ID {id}.")]
/// struct IntegrationNotFound {
///     #[api(skip)]
///     id: u64,
/// }
///
/// let err: Box<dyn ApiError + Send + Sync> = Box::new(IntegrationNotFound { id: 5 });
/// assert_eq!(err.status(), 404);
/// assert_eq!(err.code(), "IntegrationNotFound");
/// let mut message = String::new();
/// err.write_message(&mut message).unwrap();
/// assert_eq!(message, "No Integration found with ID 5.");
/// ```
///
/// By hand, an impl states the contract: status, code and message are required; members
/// ([`serialize_fields`](Self::serialize_fields)), headers, title, type, the format
/// ([`with_format`](Self::with_format), problem+json by default) and the catalog are optional.
/// The response, the `dyn ApiError` rendering and the logging come with the trait. A 404 with
/// one member:
///
/// ```
/// use core::fmt;
/// use errwire::{ApiError, StatusCode};
/// use serde::ser::SerializeMap;
///
/// #[derive(Debug)]
/// struct UserNotFound { id: u32 }
/// # impl fmt::Display for UserNotFound { fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result { write!(f, "no user {}", self.id) } }
/// # impl std::error::Error for UserNotFound {}
///
/// impl ApiError for UserNotFound {
///     fn status(&self) -> StatusCode { StatusCode::NOT_FOUND }
///     fn code(&self) -> &str { "UserNotFound" }
///     fn write_message(&self, out: &mut dyn fmt::Write) -> fmt::Result { write!(out, "No user {}", self.id) }
///     fn serialize_fields<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
///         map.serialize_entry("id", &self.id)
///     }
/// }
///
/// assert_eq!(
///     UserNotFound { id: 7 }.to_response().body().as_slice(),
///     br#"{"type":"about:blank","title":"Not Found","status":404,"detail":"No user 7","id":7}"#,
/// );
/// let boxed: Box<dyn ApiError> = Box::new(UserNotFound { id: 7 });
/// assert_eq!(boxed.to_response().body(), UserNotFound { id: 7 }.to_response().body());
/// ```
pub trait ApiError: core::error::Error + __private::Plumbing {
    /// The HTTP status of the response, always 4xx or 5xx for derived types.
    fn status(&self) -> StatusCode;

    /// The stable, machine-readable code of this error (`"DuplicateField"`, `"ENTITY_NOT_FOUND"`).
    fn code(&self) -> &str;

    /// Writes the user-facing message into the caller's buffer (no `String` is built).
    ///
    /// # Errors
    ///
    /// Only what `out` returns.
    fn write_message(&self, out: &mut dyn fmt::Write) -> fmt::Result;

    /// The RFC 9457 `title`, when one was given; formats fall back to the status' reason phrase.
    fn title(&self) -> Option<&str> {
        None
    }

    /// The RFC 9457 `type` URI reference, when one was given; formats fall back to `about:blank`.
    fn type_uri(&self) -> Option<&str> {
        None
    }

    /// The gRPC status code of the error (feature `tonic` answers with it): the derive's
    /// `#[api(grpc = "...")]`, else [`grpc::Code::from_http`] of the status (AIP-193's table).
    fn grpc_code(&self) -> grpc::Code {
        grpc::Code::from_http(self.status())
    }

    /// The `domain` of the error's gRPC `ErrorInfo` (the service that defines its codes, like
    /// `"deployments.example.com"`): the derive's container `#[api(grpc_domain = "...")]`, else
    /// the name of the package that defines the type; `None` by hand (the domain is then empty).
    fn grpc_domain(&self) -> Option<&str> {
        None
    }

    /// Adds the error's response headers (fields marked `#[api(header = "...")]`).
    fn headers(&self, headers: &mut Headers<'_>) {
        let _ = headers;
    }

    /// Serializes the error's extra body members into `map`, with any serde serializer.
    ///
    /// # Errors
    ///
    /// Whatever the serializer or a field's `Serialize` impl returns.
    fn serialize_fields<M: serde::ser::SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>
    where
        Self: Sized,
    {
        let _ = map;
        Ok(())
    }

    /// Adds the type's errors to `catalog` (the derive writes it; hand-written impls add their
    /// own entries or none). See [`Catalog::of`].
    fn catalog(catalog: &mut Catalog)
    where
        Self: Sized,
    {
        let _ = catalog;
    }

    /// Feature `fluent`: the type's translations (the derive's `#[api(locales = "...")]`), which
    /// [`render`] answers in when a language is requested; `None` (the default) for a type
    /// without them. See [`l10n`].
    #[cfg(feature = "fluent")]
    fn translations(&self) -> Option<&'static l10n::Translations> {
        None
    }

    /// Feature `fluent`: the fields this error's translations name, as Fluent arguments (the
    /// derive writes it). See [`l10n::Args`].
    #[cfg(feature = "fluent")]
    fn translation_args<'a>(&'a self, args: &mut l10n::Args<'a>) {
        let _ = args;
    }

    /// Calls `visitor` with the type's format (the derive's `format`, problem+json by default), so
    /// that generic code such as [`Errors`] renders in it without naming the format's type.
    fn with_format<V: FormatVisitor>(visitor: V) -> V::Output
    where
        Self: Sized,
    {
        visitor.visit(&format::ProblemJson)
    }

    /// The error's extra members as one JSON object (`{}` when it has none), for a log line, a
    /// test or another protocol; works on `dyn ApiError` too.
    ///
    /// # Errors
    ///
    /// Whatever a field's `Serialize` impl returns.
    fn members_json(&self) -> serde_json::Result<Vec<u8>> {
        let mut out = Vec::new();
        __private::Plumbing::write_fields_json(self, &mut out)?;
        Ok(out)
    }

    /// Renders the complete response in the type's format ([`with_format`](Self::with_format)),
    /// with what `cx` adds (an instance id). See [`render`] to render in another format.
    fn to_response_with(&self, cx: &Context<'_>) -> http::Response<Vec<u8>> {
        __private::Plumbing::render_with(self, cx)
    }

    /// Renders the complete response in the type's format, with a default [`Context`].
    ///
    /// The body is a `Vec<u8>`; from hyper, wrap it with `response.map(Full::from)`.
    fn to_response(&self) -> http::Response<Vec<u8>> {
        self.to_response_with(&Context::new())
    }
}

/// The README's examples compile (they run as doc tests).
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;

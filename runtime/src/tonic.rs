//! gRPC with tonic (feature `tonic`): the same error types answer gRPC calls, with
//! `google.rpc` rich error details, and a client reads them back.
//!
//! Every derived type implements `From<E> for tonic::Status`, and so do [`Errors`] and boxed
//! `dyn ApiError`s, so a tonic handler returns `Err(error.into())` or uses `?`:
//!
//! ```
//! use errwire::ApiError;
//! use tonic_types::StatusExt;
//!
//! #[derive(Debug, ApiError)]
//! #[api(rename_all = "camelCase", grpc_domain = "deployments.example.com")]
//! enum DeploymentError {
//!     #[api(status = 404, code = "ResourceNotFound", msg = "Deployment {id} does not exist")]
//!     NotFound { id: u64 },
//!     #[api(status = 409, code = "DuplicateKey", grpc = "ALREADY_EXISTS", msg = "Key {key} is taken")]
//!     Duplicate { key: String },
//! }
//!
//! let status = tonic::Status::from(DeploymentError::Duplicate { key: "web".into() });
//! assert_eq!(status.code(), tonic::Code::AlreadyExists);
//! assert_eq!(status.message(), "Key web is taken");
//! let info = status.get_details_error_info().unwrap();
//! assert_eq!(info.reason, "DUPLICATE_KEY");
//! assert_eq!(info.domain, "deployments.example.com");
//! assert_eq!(info.metadata["key"], "web");
//! ```
//!
//! # What a `Status` carries
//!
//! - **code**: [`ApiError::grpc_code`]: the `#[api(grpc = "...")]` of the variant or container,
//!   else the HTTP status by AIP-193's table ([`crate::grpc`] has it).
//! - **message**: the variant's `msg`, exactly what the HTTP body's message says (for a 5xx,
//!   never a source's text: a template names a source only when its author wrote it so). A
//!   collection's messages are joined with `"; "`, as the single-message formats do.
//! - **details** (`google.rpc`, in this order; tonic-types reads them):
//!   - `ErrorInfo`: `reason` = the code converted to UPPER_SNAKE_CASE (≤ 63 characters,
//!     [`grpc::reason`](crate::grpc::reason)), `domain` = [`ApiError::grpc_domain`] (the
//!     container's `#[api(grpc_domain = "...")]`, else the package that defines the type),
//!     `metadata` = the body members, a string member as its text and any other as its compact
//!     JSON (`3`, `true`, `null`, `["a"]`). A collection has one `ErrorInfo` per error, in
//!     order (a client that reads one reads the first error's).
//!   - `BadRequest`: a field violation for every client error (4xx) that names a field: a
//!     string member called `field` (the connect seed's), else `pointer` (RFC 9457's JSON
//!     pointer, `#/items/0/name` written as the path `items[0].name`); its description is the
//!     error's message, its reason the error's reason. Single errors and collections alike.
//!     (tonic-types 0.14.5 leaves a violation's `reason` out when it encodes one, so clients
//!     read it empty; the error's `ErrorInfo` has it.)
//!   - `RetryInfo`: from a `Retry-After` header field given in seconds (an HTTP date is not a
//!     delay: it stays in the metadata only).
//!   - `RequestInfo`: `request_id` = the instance id, on the same rule as HTTP: every 5xx has
//!     one (the [`Context`]'s, else the [`RequestScope`]'s, else a generated `urn:uuid:`), a
//!     4xx only when the scope asks for it ([`ErrorLayer::every_error`]).
//!   - `Help`: a link to the error's `type` when it is an `http(s)` URI (given, or built from
//!     `type_base`), described by the title.
//!   - `LocalizedMessage` (feature `fluent`, for a type with translations,
//!     [`l10n`](crate::l10n)): the message in the language the call asks for, negotiated as
//!     for HTTP: [`Context::with_locale`], else the request's `accept-language` metadata (read
//!     by [`ErrorLayer`]), else the default language. Its `locale` is the tag the message is in
//!     (the default's for a variant without a translation there). The `Status` message stays
//!     the default language's `msg`: AIP-193 makes `message` the developer-facing text, one
//!     language whatever the caller, and `LocalizedMessage` the user-facing one, so a log or a
//!     test reads the same text for every caller, and a client shows `LocalizedMessage` to its
//!     user. Like `Content-Language` on HTTP, it is always there for a type with translations
//!     (also in the default language, so a client can tell which one it got) and never for a
//!     type without. A collection has one when every error's type has translations and all
//!     answer in one language (their messages joined with `"; "`), else none. Field violations
//!     carry no `localized_message`: tonic-types 0.14.5 drops it when it encodes one.
//! - **metadata** (trailers): the header fields (`#[api(header = "...")]`, checked as for HTTP;
//!   a name starting with `grpc-` is dropped), and the request's own `x-request-id`, echoed
//!   when it is well-formed.
//!
//! The same rules as HTTP for server errors: the `Status` says what `msg` says, nothing of a
//! source; the error is logged (feature `tracing`) with its instance id and whole source chain,
//! by the same code as an HTTP response. A member that fails to serialize or a message field
//! whose `Display` fails turns the answer into `INTERNAL` with the general error's message and
//! an instance id, logged with the failure, never a panic. tonic's `Status::source` is not set:
//! it would need every error type to be `Send + Sync + 'static`, and it never travels anyway.
//!
//! # The layer
//!
//! [`ErrorLayer`] wraps a tonic server (`Server::builder().layer(ErrorLayer::new())`): every
//! call runs in a [`RequestScope`] (its `x-request-id` metadata echoed and logged, and with
//! feature `fluent` its `accept-language` metadata choosing the `LocalizedMessage`), and a
//! handler that panics is answered with `INTERNAL`, the general error's message and an instance
//! id in `RequestInfo`, the panic text logged, never sent, instead of a reset stream. A panic
//! while a streaming response's body is produced (after the response has started) can't be
//! answered with a status any more: hyper ends that stream.
//!
//! # The client
//!
//! [`decode`] reads a `Status` back into [`client`](crate::client) views, and [`decode_as`]
//! does so with the error type's catalog, which gives the views the exact code, the HTTP
//! status and member types, so that [`FromView`](crate::client::FromView) rebuilds the error:
//!
//! ```
//! use errwire::ApiError;
//! use errwire::client::FromView;
//!
//! #[derive(Debug, PartialEq, ApiError)]
//! #[api(deserialize)]
//! enum QuotaError {
//!     #[api(status = 429, code = "LimitsExceeded", msg = "Retry after {secs} seconds")]
//!     RateLimited { #[api(header = "Retry-After")] secs: u64 },
//! }
//!
//! let status = tonic::Status::from(QuotaError::RateLimited { secs: 30 });
//! let decoded = errwire::tonic::decode_as::<QuotaError>(&status);
//! assert_eq!(decoded.errors[0].code.as_deref(), Some("LimitsExceeded"));
//! assert_eq!(decoded.errors[0].status, 429);
//! assert_eq!(QuotaError::from_view(&decoded.errors[0]), Some(QuotaError::RateLimited { secs: 30 }));
//! ```

use core::any::Any;
use core::future::Future;
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};
use core::time::Duration;
use std::collections::HashMap;
use std::sync::Arc;

use ::tonic::Status;
use ::tonic::metadata::MetadataMap;
use http::HeaderMap;
use serde::ser::Error as _;
use serde_json::Value;
use tonic_types::{
    BadRequest, ErrorDetail, ErrorInfo, FieldViolation, Help, HelpLink, RequestInfo, RetryInfo, StatusExt,
};

use crate::catalog::{Catalog, Entry};
use crate::client::{DecodedResponse, ErrorView, Members};
use crate::format::{ErrorItem, Renderable, reason_phrase};
use crate::grpc::{Code, reason};
use crate::log::log;
use crate::unwind::{Guarded, panic_instance};
use crate::{ApiError, Context, Errors, GeneralError, Headers, InstanceId, RequestScope};

// ----- Errors into a Status --------------------------------------------------------------------

/// The `Status` of `error` (a derived type, or a `dyn ApiError`), in the current
/// [`RequestScope`]: what `From<E> for tonic::Status` returns.
///
/// ```
/// use errwire::ApiError;
/// use tonic_types::StatusExt;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 503, msg = "Write operations are temporarily unavailable")]
/// struct Unavailable(#[source] std::io::Error);
///
/// let error: Box<dyn ApiError + Send + Sync> = Box::new(Unavailable(std::io::Error::other("disk /dev/sda1 failed")));
/// let status = errwire::tonic::status(&*error);
/// assert_eq!(status.code(), tonic::Code::Unavailable);
/// assert_eq!(status.message(), "Write operations are temporarily unavailable");
/// // Every server error has an instance id to quote to support.
/// assert!(status.get_details_request_info().unwrap().request_id.starts_with("urn:uuid:"));
/// ```
pub fn status<E: Renderable + ?Sized>(error: &E) -> Status {
    status_with(error, &Context::new())
}

/// [`status`] with what `cx` adds (the instance id).
///
/// ```
/// use errwire::{ApiError, Context};
/// use tonic_types::StatusExt;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 500)]
/// struct Broken;
///
/// let status = errwire::tonic::status_with(&Broken, &Context::new().with_instance("urn:uuid:7"));
/// assert_eq!(status.get_details_request_info().unwrap().request_id, "urn:uuid:7");
/// ```
pub fn status_with<E: Renderable + ?Sized>(error: &E, cx: &Context<'_>) -> Status {
    respond(
        cx,
        error.status(),
        error.grpc_code(),
        |instance, request_id, failure| {
            log(error, instance, request_id, failure);
        },
        |out| out.add(error, cx),
    )
}

/// The `Status` of several errors; see [`Errors`] and the [module docs](self).
///
/// The code is the errors' common gRPC code, else that of the collection's status
/// ([`Errors::status`]); an empty collection is the general `INTERNAL`.
///
/// ```
/// use errwire::{ApiError, Errors};
/// use tonic_types::StatusExt;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 400, msg = "{field} is required")]
/// struct Missing { field: &'static str }
///
/// let errors: Errors<Missing> = [Missing { field: "key" }, Missing { field: "replicas" }].into_iter().collect();
/// let status = errwire::tonic::errors_status(&errors, &errwire::Context::new());
/// assert_eq!(status.code(), tonic::Code::InvalidArgument);
/// assert_eq!(status.message(), "key is required; replicas is required");
/// let violations = status.get_details_bad_request().unwrap().field_violations;
/// assert_eq!((violations[1].field.as_str(), violations[1].description.as_str()), ("replicas", "replicas is required"));
/// ```
pub fn errors_status<T: ErrorItem>(errors: &Errors<T>, cx: &Context<'_>) -> Status {
    let items = errors.as_slice();
    if items.is_empty() {
        return status_with(&GeneralError::General, cx);
    }
    let mut codes = items.iter().map(|item| item.error().grpc_code());
    let first = codes.next().unwrap_or(Code::Internal);
    let code = if codes.all(|code| code == first) { first } else { Code::from_http(errors.status()) };
    respond(
        cx,
        errors.status(),
        code,
        |instance, request_id, failure| {
            items.iter().for_each(|item| log(item.error(), instance, request_id, failure));
        },
        |out| items.iter().try_for_each(|item| out.add(item.error(), cx)),
    )
}

/// The one place a `Status` is built: instance id, log, details (or the general `INTERNAL`
/// replacing them), metadata.
fn respond(
    cx: &Context<'_>,
    http_status: http::StatusCode,
    code: Code,
    log: impl Fn(Option<&str>, Option<&str>, Option<&serde_json::Error>),
    add: impl FnOnce(&mut Parts) -> Result<(), serde_json::Error>,
) -> Status {
    let ids = Ids::new(cx, http_status.is_server_error());
    log(ids.instance.as_deref(), ids.request_id.as_deref(), None);
    let mut parts = Parts::default();
    if let Err(failure) = add(&mut parts) {
        return failed(&ids, &failure, log);
    }
    parts.finish(code, &ids)
}

/// The general `INTERNAL` answering an error whose details could not be written, with an
/// instance id (the one the error had, else a new one), logged with the failure.
#[cold]
fn failed(
    ids: &Ids,
    failure: &serde_json::Error,
    log: impl Fn(Option<&str>, Option<&str>, Option<&serde_json::Error>),
) -> Status {
    let instance = ids.instance.clone().unwrap_or_else(|| InstanceId::generate().as_str().to_owned());
    log(Some(&instance), ids.request_id.as_deref(), Some(failure));
    let ids = Ids { instance: Some(instance), request_id: ids.request_id.clone() };
    let mut parts = Parts::default();
    // The general error has no members, a fixed message and no translations: adding it can't
    // fail.
    let _ = parts.add(&GeneralError::General, &Context::new());
    parts.finish(Code::Internal, &ids)
}

/// The ids of one answer: its instance id (when it has one) and the request's own id.
struct Ids {
    instance: Option<String>,
    request_id: Option<Arc<str>>,
}

impl Ids {
    /// The rule of HTTP responses: the context's id, else the scope's, else a generated one,
    /// for a server error or when the scope wants every error to have one.
    fn new(cx: &Context<'_>, server_error: bool) -> Self {
        let scope = RequestScope::current_ids(server_error);
        let instance = scope.choose(cx.instance(), &mut None).map(str::to_owned);
        Ids { instance, request_id: scope.request_id }
    }
}

/// What the errors of one answer add up to.
#[derive(Default)]
struct Parts {
    message: String,
    infos: Vec<ErrorInfo>,
    violations: Vec<FieldViolation>,
    headers: HeaderMap,
    help: Option<HelpLink>,
    /// Feature `fluent`: the answer's `LocalizedMessage` so far.
    #[cfg(feature = "fluent")]
    localized: Localized,
}

/// Feature `fluent`: the `LocalizedMessage` of the errors added so far.
#[cfg(feature = "fluent")]
#[derive(Default)]
enum Localized {
    /// No error yet.
    #[default]
    Empty,
    /// Every error so far has translations and answered in `locale`: their messages, joined.
    In { locale: &'static str, message: String },
    /// An error without translations, or errors in different languages: no `LocalizedMessage`.
    Nothing,
}

impl Parts {
    /// Adds one error: its message, `ErrorInfo`, field violation, headers, help link and
    /// (feature `fluent`) localized message in the language `cx` or the request asks for.
    fn add<E: Renderable + ?Sized>(&mut self, error: &E, cx: &Context<'_>) -> Result<(), serde_json::Error> {
        // Room for a typical message, so that it is written without growing.
        let mut message = String::with_capacity(MESSAGE_CAPACITY);
        if error.write_message(&mut message).is_err() {
            return Err(serde_json::Error::custom(
                "an error message failed to format (a field's Display returned an error)",
            ));
        }
        #[cfg(feature = "fluent")]
        self.localize(error, &message, cx)?;
        #[cfg(not(feature = "fluent"))]
        let _ = cx;
        let members = members(error)?;
        let reason = reason(error.code());
        if error.status().is_client_error() {
            if let Some(field) = field_of(&members) {
                let violation = FieldViolation {
                    field,
                    description: message.clone(),
                    reason: reason.clone(),
                    localized_message: None,
                };
                self.violations.push(violation);
            }
        }
        let metadata: HashMap<String, String> =
            members.into_iter().map(|(name, value)| (name, metadata_text(value))).collect();
        self.infos.push(ErrorInfo::new(reason, error.grpc_domain().unwrap_or_default(), metadata));
        error.headers(&mut Headers::new(&mut self.headers));
        if self.help.is_none() {
            self.help = help_link(error);
        }
        // The first message is the `Status` message as it is; the next ones are joined to it.
        if self.message.is_empty() {
            self.message = message;
        } else {
            self.message.push_str("; ");
            self.message.push_str(&message);
        }
        Ok(())
    }

    /// Feature `fluent`: adds `error`'s message in the language `cx` (else the request's
    /// `Accept-Language`) negotiates with its type's translations; the default language's
    /// `message` when it has none there. An error of a type without translations means the
    /// answer has no `LocalizedMessage`; so do errors that answer in different languages.
    #[cfg(feature = "fluent")]
    fn localize<E: Renderable + ?Sized>(
        &mut self,
        error: &E,
        message: &str,
        cx: &Context<'_>,
    ) -> Result<(), serde_json::Error> {
        let translations = match (error.translations(), &self.localized) {
            (_, Localized::Nothing) => return Ok(()),
            (None, _) => {
                self.localized = Localized::Nothing;
                return Ok(());
            }
            (Some(translations), _) => translations,
        };
        let scope = RequestScope::current_language();
        let requested =
            cx.locale().or_else(|| scope.accept_language.as_ref().and_then(|value| value.to_str().ok()));
        let mut locale =
            requested.map_or(translations.default_locale(), |value| translations.negotiate(value));
        let mut text = String::new();
        match translations.write_message(locale, error, &mut text) {
            Ok(true) => {}
            Ok(false) => {
                locale = translations.default_locale();
                text.push_str(message);
            }
            Err(_) => {
                return Err(serde_json::Error::custom(
                    "a translated message failed to format (a field's Display returned an error)",
                ));
            }
        }
        self.localized = match core::mem::take(&mut self.localized) {
            Localized::Empty => Localized::In { locale, message: text },
            Localized::In { locale: first, mut message } if first == locale => {
                message.push_str("; ");
                message.push_str(&text);
                Localized::In { locale, message }
            }
            _ => Localized::Nothing,
        };
        Ok(())
    }

    /// The `Status`: details in the documented order, header fields and `x-request-id` as
    /// metadata.
    fn finish(self, code: Code, ids: &Ids) -> Status {
        let mut details: Vec<ErrorDetail> = Vec::with_capacity(self.infos.len() + 4);
        let retry = retry_delay(&self.headers);
        details.extend(self.infos.into_iter().map(ErrorDetail::from));
        if !self.violations.is_empty() {
            details.push(BadRequest::new(self.violations).into());
        }
        if let Some(delay) = retry {
            details.push(RetryInfo::new(Some(delay)).into());
        }
        if let Some(instance) = &ids.instance {
            details.push(RequestInfo::new(instance.as_str(), "").into());
        }
        if let Some(link) = self.help {
            details.push(Help::new(vec![link]).into());
        }
        #[cfg(feature = "fluent")]
        if let Localized::In { locale, message } = self.localized {
            details.push(tonic_types::LocalizedMessage::new(locale, message).into());
        }
        let metadata = metadata(self.headers, ids.request_id.as_deref());
        Status::with_error_details_vec_and_metadata(code.into(), self.message, details, metadata)
    }
}

/// The error's body members as a JSON object, in order (a `dyn ApiError` replays its own).
fn members<E: Renderable + ?Sized>(error: &E) -> Result<Vec<(String, Value)>, serde_json::Error> {
    let mut out = Vec::new();
    let mut map = Collect(&mut out);
    error.serialize_fields_into(&mut map)?;
    Ok(out)
}

/// A map that keeps the members it is given, each value as JSON.
struct Collect<'a>(&'a mut Vec<(String, Value)>);

impl serde::ser::SerializeMap for Collect<'_> {
    type Ok = ();
    type Error = serde_json::Error;

    fn serialize_key<K: ?Sized + serde::Serialize>(&mut self, key: &K) -> Result<(), Self::Error> {
        let key = match serde_json::to_value(key)? {
            Value::String(key) => key,
            other => other.to_string(),
        };
        self.0.push((key, Value::Null));
        Ok(())
    }

    fn serialize_value<V: ?Sized + serde::Serialize>(&mut self, value: &V) -> Result<(), Self::Error> {
        let value = serde_json::to_value(value)?;
        match self.0.last_mut() {
            Some(last) => last.1 = value,
            None => return Err(serde_json::Error::custom("a member value without a name")),
        }
        Ok(())
    }

    fn end(self) -> Result<(), Self::Error> {
        Ok(())
    }
}

/// The capacity a message is written into ([`Parts::add`]).
const MESSAGE_CAPACITY: usize = 128;

/// An `ErrorInfo.metadata` value: a string's text, any other value's compact JSON (a number's
/// and a boolean's by their own `Display`, which writes the same text as the JSON writer).
fn metadata_text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Number(number) => number.to_string(),
        Value::Bool(flag) => if flag { "true" } else { "false" }.to_owned(),
        other => other.to_string(),
    }
}

/// The field a client error names: its string member `field`, else `pointer` as a path.
fn field_of(members: &[(String, Value)]) -> Option<String> {
    let string =
        |name: &str| members.iter().find(|(key, _)| key == name).and_then(|(_, value)| value.as_str());
    if let Some(field) = string("field").filter(|field| !field.is_empty()) {
        return Some(field.to_owned());
    }
    string("pointer").map(pointer_path).filter(|path| !path.is_empty())
}

/// A JSON pointer (RFC 6901, also as a URI fragment `#/…`) as a field path: `#/items/0/name`
/// is `items[0].name`, with `~1` and `~0` unescaped.
fn pointer_path(pointer: &str) -> String {
    let pointer = pointer.strip_prefix('#').unwrap_or(pointer);
    let mut path = String::new();
    for segment in pointer.split('/').skip_while(|segment| segment.is_empty()) {
        let segment = segment.replace("~1", "/").replace("~0", "~");
        if !segment.is_empty() && segment.bytes().all(|b| b.is_ascii_digit()) {
            path.push('[');
            path.push_str(&segment);
            path.push(']');
        } else {
            if !path.is_empty() {
                path.push('.');
            }
            path.push_str(&segment);
        }
    }
    path
}

/// A link to the error's `type` when it is an `http(s)` URI, described by its title.
fn help_link<E: ApiError + ?Sized>(error: &E) -> Option<HelpLink> {
    let url = error.type_uri().filter(|uri| {
        let lower = uri.get(..8).unwrap_or(uri).to_ascii_lowercase();
        lower.starts_with("https://") || lower.starts_with("http://")
    })?;
    let title = error.title().unwrap_or_else(|| reason_phrase(error.status()));
    Some(HelpLink::new(title, url))
}

/// `Retry-After` in seconds (an HTTP date is not a delay).
fn retry_delay(headers: &HeaderMap) -> Option<Duration> {
    let value = headers.get(http::header::RETRY_AFTER)?.to_str().ok()?;
    value.trim().parse::<u64>().ok().map(Duration::from_secs)
}

/// The header fields and the request's id as gRPC metadata; `grpc-*` names are gRPC's own.
fn metadata(mut headers: HeaderMap, request_id: Option<&str>) -> MetadataMap {
    let reserved: Vec<_> =
        headers.keys().filter(|name| name.as_str().starts_with("grpc-")).cloned().collect();
    for name in reserved {
        #[cfg(feature = "tracing")]
        tracing::warn!(header = %name, reason = "gRPC owns the grpc- metadata", "dropped a header value");
        headers.remove(name);
    }
    if let Some(value) = request_id.and_then(|id| http::HeaderValue::from_str(id).ok()) {
        headers.insert(X_REQUEST_ID, value);
    }
    MetadataMap::from_headers(headers)
}

const X_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-request-id");

impl From<Code> for ::tonic::Code {
    /// The same code in tonic's type.
    fn from(code: Code) -> Self {
        ::tonic::Code::from_i32(code.as_i32())
    }
}

/// Several errors answer a gRPC call as one `Status`; see [`errors_status`].
impl<T: ErrorItem> From<Errors<T>> for Status {
    fn from(errors: Errors<T>) -> Self {
        errors_status(&errors, &Context::new())
    }
}

macro_rules! status_from_boxed {
    ($($ty:ty),*) => {$(
        /// A boxed error of any derived type answers a gRPC call like the type itself.
        impl From<Box<$ty>> for Status {
            fn from(error: Box<$ty>) -> Self {
                status(&*error)
            }
        }
    )*};
}

status_from_boxed!(
    dyn ApiError + 'static,
    dyn ApiError + Send + 'static,
    dyn ApiError + Send + Sync + 'static
);

// ----- The layer ---------------------------------------------------------------------------------

/// A tower layer for tonic servers: each call in a [`RequestScope`], a handler panic answered
/// with `INTERNAL` and an instance id (logged with the panic text under feature `tracing`).
///
/// Add it to the server, so that it wraps every service:
///
/// ```no_run
/// # async fn serve(routes: tonic::service::Routes) -> Result<(), tonic::transport::Error> {
/// tonic::transport::Server::builder()
///     .layer(errwire::tonic::ErrorLayer::new())
///     .add_routes(routes)
///     .serve("127.0.0.1:50051".parse().unwrap())
///     .await
/// # }
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ErrorLayer {
    every_error: bool,
}

impl ErrorLayer {
    /// Instance ids for server errors only.
    ///
    /// ```
    /// let layer = errwire::tonic::ErrorLayer::new();
    /// # let _ = layer;
    /// ```
    pub const fn new() -> Self {
        ErrorLayer { every_error: false }
    }

    /// Whether client errors (4xx) get an instance id in `RequestInfo` too.
    ///
    /// ```
    /// let layer = errwire::tonic::ErrorLayer::new().every_error(true);
    /// # let _ = layer;
    /// ```
    #[must_use]
    pub const fn every_error(self, every_error: bool) -> Self {
        ErrorLayer { every_error }
    }
}

impl<S> tower_layer::Layer<S> for ErrorLayer {
    type Service = ErrorService<S>;

    fn layer(&self, inner: S) -> ErrorService<S> {
        ErrorService { inner, every_error: self.every_error }
    }
}

/// The service of an [`ErrorLayer`].
///
/// ```
/// use tower_layer::Layer as _;
///
/// let service = errwire::tonic::ErrorLayer::new().layer(tonic::service::Routes::default());
/// let _: errwire::tonic::ErrorService<tonic::service::Routes> = service;
/// ```
#[derive(Clone, Debug)]
pub struct ErrorService<S> {
    inner: S,
    every_error: bool,
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S, B, ResBody> tower_service::Service<http::Request<B>> for ErrorService<S>
where
    S: tower_service::Service<http::Request<B>, Response = http::Response<ResBody>>,
    S::Future: Send + 'static,
    S::Error: Send + 'static,
    ResBody: http_body::Body<Data = bytes::Bytes> + Send + 'static,
    ResBody::Error: Into<Box<dyn core::error::Error + Send + Sync>>,
{
    type Response = http::Response<::tonic::body::Body>;
    type Error = S::Error;
    type Future = BoxFuture<Result<Self::Response, S::Error>>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let scope = RequestScope::new().request_id_from(request.headers()).every_error(self.every_error);
        #[cfg(feature = "fluent")]
        let scope = scope.accept_language_from(request.headers());
        let called = Guarded::call(scope, || self.inner.call(request));
        Box::pin(called.answer(|outcome| match outcome {
            Ok(Ok(response)) => Ok(response.map(::tonic::body::Body::new)),
            Ok(Err(error)) => Err(error),
            Err(panic) => Ok(panicked(&*panic)),
        }))
    }
}

/// A handler's panic as a trailers-only gRPC response: `INTERNAL` with an instance id (the
/// scope's, else a new one, logged with the panic text). Called inside the request's scope.
fn panicked(payload: &(dyn Any + Send)) -> http::Response<::tonic::body::Body> {
    let instance = panic_instance(payload);
    let scope = RequestScope::current().unwrap_or_default().instance(instance);
    scope.run(|| status(&GeneralError::General)).into_http()
}

// ----- The client --------------------------------------------------------------------------------

/// A `Status` read back into client views, without knowing the error type: one view per
/// `ErrorInfo` (one without a code when there is none), its code the `reason` (UPPER_SNAKE_CASE:
/// the exact code needs the type, see [`decode_as`]), its status the HTTP status
/// `google.rpc.Code` gives the gRPC code (`ABORTED` is 409), its members from the metadata
/// (a value that reads as JSON other than a string, like `3`, as that value: a string member
/// `"3"` comes back as a number, which [`decode_as`] avoids), the `Status` metadata as headers,
/// and the instance id from `RequestInfo`.
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 409, code = "ConcurrentModification", msg = "Expected version {expected}")]
/// struct Conflict { expected: u64 }
///
/// let decoded = errwire::tonic::decode(&tonic::Status::from(Conflict { expected: 3 }));
/// assert_eq!(decoded.status, 409);
/// assert_eq!(decoded.errors[0].code.as_deref(), Some("CONCURRENT_MODIFICATION"));
/// assert_eq!(decoded.errors[0].fields["expected"], 3);
/// ```
pub fn decode(status: &Status) -> DecodedResponse {
    decode_with(status, None)
}

/// A `Status` read back into views with the catalog of `E` (its transparent variants' types
/// included): each `ErrorInfo`'s reason finds its entry, which gives the view the exact code,
/// the HTTP status, the members in the order `E` sends them and their types (a string member
/// stays a string). `E::from_view` (`#[api(deserialize)]`) then rebuilds the error, header
/// fields from the metadata. An `ErrorInfo` that no entry has decodes as [`decode`] does.
///
/// A view's message is the `Status` message for a single error; in a collection it is the
/// error's field violation description when it names a field, else its part of the `"; "`-joined
/// message when the parts can be told apart, else the whole message.
pub fn decode_as<E: ApiError>(status: &Status) -> DecodedResponse {
    decode_with(status, Some(&Catalog::of::<E>()))
}

fn decode_with(status: &Status, catalog: Option<&Catalog>) -> DecodedResponse {
    let code = Code::from_i32(status.code() as i32).unwrap_or(Code::Unknown);
    let http_status = http_status(code);
    let headers = status.metadata().clone().into_headers();
    let mut infos = Vec::new();
    let (mut violations, mut instance, mut help) = (Vec::new(), None, None);
    for detail in status.get_error_details_vec() {
        match detail {
            ErrorDetail::ErrorInfo(info) => infos.push(info),
            ErrorDetail::BadRequest(bad) => violations.extend(bad.field_violations),
            ErrorDetail::RequestInfo(info) if !info.request_id.is_empty() => instance = Some(info.request_id),
            ErrorDetail::Help(found) => help = found.links.into_iter().next(),
            _ => {}
        }
    }
    let messages = split_messages(status.message(), infos.len());
    let mut errors: Vec<ErrorView> = infos
        .into_iter()
        .enumerate()
        .map(|(i, info)| {
            let entry = catalog.and_then(|catalog| find_entry(catalog, &info.reason, code));
            let message = item_message(&messages, i, &info, &mut violations);
            view(info, entry, http_status, message, &headers)
        })
        .collect();
    if errors.is_empty() {
        errors.push(ErrorView {
            status: http_status,
            message: status.message().to_owned(),
            headers: headers.clone(),
            ..ErrorView::default()
        });
    }
    if let (Some(link), [single]) = (help, errors.as_mut_slice()) {
        single.type_uri = Some(link.url);
        single.title.get_or_insert(link.description);
    }
    let response_status = match errors.as_slice() {
        [single] => single.status,
        _ => http_status,
    };
    DecodedResponse { status: response_status, errors, instance }
}

/// The HTTP status of a gRPC code by `google.rpc.Code`'s documentation.
fn http_status(code: Code) -> u16 {
    match code {
        Code::Cancelled => 499,
        Code::InvalidArgument | Code::FailedPrecondition | Code::OutOfRange => 400,
        Code::DeadlineExceeded => 504,
        Code::NotFound => 404,
        Code::AlreadyExists | Code::Aborted => 409,
        Code::PermissionDenied => 403,
        Code::ResourceExhausted => 429,
        Code::Unimplemented => 501,
        Code::Unavailable => 503,
        Code::Unauthenticated => 401,
        _ => 500,
    }
}

/// The entry whose code converts to `reason`, preferring one with the `Status`'s code.
fn find_entry(catalog: &Catalog, reason_text: &str, code: Code) -> Option<&'static Entry> {
    let mut matching = catalog.entries().iter().copied().filter(|entry| reason(entry.code) == reason_text);
    let first = matching.next()?;
    Some(core::iter::once(first).chain(matching).find(|entry| entry.grpc == code).unwrap_or(first))
}

/// The `"; "`-joined message in `count` parts, when it splits into exactly that many.
fn split_messages(message: &str, count: usize) -> Vec<String> {
    if count <= 1 {
        return vec![message.to_owned()];
    }
    let parts: Vec<String> = message.split("; ").map(str::to_owned).collect();
    if parts.len() == count { parts } else { vec![message.to_owned(); count] }
}

/// The message of the `i`th error: its field violation's description, else its part.
fn item_message(
    parts: &[String],
    i: usize,
    info: &ErrorInfo,
    violations: &mut Vec<FieldViolation>,
) -> String {
    if parts.len() > 1 {
        let members: Vec<(String, Value)> =
            info.metadata.iter().map(|(name, text)| (name.clone(), Value::String(text.clone()))).collect();
        let field = field_of(&members);
        if let Some(at) = field.and_then(|field| violations.iter().position(|v| v.field == field)) {
            return violations.remove(at).description;
        }
    }
    parts.get(i).or_else(|| parts.first()).cloned().unwrap_or_default()
}

fn view(
    info: ErrorInfo,
    entry: Option<&'static Entry>,
    http_status: u16,
    message: String,
    headers: &HeaderMap,
) -> ErrorView {
    let mut metadata = info.metadata;
    let mut fields = Members::new();
    if let Some(entry) = entry {
        for field in entry.fields.iter().filter(|field| field.location == crate::catalog::Location::Body) {
            if let Some(text) = metadata.remove(field.name) {
                let value =
                    if allows_string(&(field.schema)()) { Value::String(text) } else { parse_value(text) };
                fields.insert(field.name, value);
            }
        }
    }
    let mut rest: Vec<(String, String)> = metadata.into_iter().collect();
    rest.sort();
    for (name, text) in rest {
        fields.insert(name, parse_value(text));
    }
    let (status, code, title, type_uri) = match entry {
        Some(entry) => (
            entry.status,
            entry.code.to_owned(),
            entry.title.map(str::to_owned),
            entry.type_uri.map(str::to_owned),
        ),
        None => (http_status, info.reason, None, None),
    };
    ErrorView { status, code: Some(code), message, title, type_uri, fields, headers: headers.clone() }
}

/// Whether a member of this JSON Schema can be a string (then its text is the string).
fn allows_string(schema: &Value) -> bool {
    let is_string = |value: &Value| value.as_str() == Some("string");
    match schema.get("type") {
        Some(Value::Array(types)) => types.iter().any(is_string),
        Some(other) => is_string(other),
        None => ["oneOf", "anyOf"].iter().any(|key| {
            schema.get(key).and_then(Value::as_array).is_some_and(|options| options.iter().any(allows_string))
        }),
    }
}

/// A metadata value's JSON, when it is JSON other than a string; else the text itself.
fn parse_value(text: String) -> Value {
    match serde_json::from_str::<Value>(&text) {
        Ok(Value::String(_)) | Err(_) => Value::String(text),
        Ok(value) => value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pointers_become_paths() {
        assert_eq!(pointer_path("#/age"), "age");
        assert_eq!(pointer_path("/items/0/name"), "items[0].name");
        assert_eq!(pointer_path("#/a~1b/c~0d"), "a/b.c~d");
        assert_eq!(pointer_path(""), "");
    }

    #[test]
    fn every_code_has_a_status_that_maps_back_to_a_code_of_its_class() {
        for code in Code::all() {
            let status = http_status(code);
            assert!((400..600).contains(&status), "{code}");
        }
        // The issue's pairs go both ways.
        for code in
            [Code::InvalidArgument, Code::NotFound, Code::Aborted, Code::Unavailable, Code::Unauthenticated]
        {
            assert_eq!(Code::from_u16(http_status(code)), code);
        }
    }

    #[test]
    fn schemas_that_allow_strings() {
        assert!(allows_string(&serde_json::json!({"type": "string"})));
        assert!(allows_string(&serde_json::json!({"type": ["string", "null"]})));
        assert!(allows_string(&serde_json::json!({"oneOf": [{"type": "integer"}, {"type": "string"}]})));
        assert!(!allows_string(&serde_json::json!({"type": "integer"})));
        assert!(!allows_string(&serde_json::json!({})));
    }
}

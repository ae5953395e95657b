//! The framework-neutral core of the framework integrations (features `axum`, `actix-web`):
//! everything about answering a failed request that doesn't need a framework's types, decided
//! once for both adapters.
//!
//! - [`RequestFailure`]: a request failure by its kind, the words an adapter translates its
//!   framework's error kinds into, classified into a [`GeneralError`] with its texts;
//! - [`Settings`]: the service's format, parser detail and `every_error`; the request's scope,
//!   a rejection, a handler panic's 500 ([`Settings::panicked`]), the replacement of a
//!   framework's bare 404 / 405 ([`bare_error`], [`Settings::replace`]);
//! - [`Rejection`]: the one rejection type both adapters return.
//!
//! An adapter (`axum.rs`, `actix.rs`) keeps what needs its framework: reading its error kinds
//! (and, for axum, its texts), converting responses and headers, and plugging into its
//! extractor and middleware machinery. Catching panics is in `unwind.rs`, the parser-message
//! filter in `general.rs`.

use core::any::Any;
use core::error::Error;
use core::fmt;
use std::sync::Arc;

use http::header::CONTENT_LENGTH;
use http::{HeaderMap, Response, StatusCode};

use crate::format::{Document, Format};
use crate::general::{Failure, GeneralFormat, Input, ParserDetail, PathParam, bounded, cannot_parse};
use crate::unwind::panic_instance;
use crate::{ApiError, Context, GeneralError, RequestScope};

// ----- Classification ----------------------------------------------------------------------------

/// A request that failed before its handler ran, by the kind of its failure: what each adapter
/// makes of its framework's error kinds (never of their text, but for what only text tells).
pub(crate) enum RequestFailure<'a> {
    /// A parser's failure on the body, query string or a path parameter, explained through the
    /// filter.
    Parse(Failure<'a>),
    /// A path parameter's value that doesn't parse as the primitive type it is for.
    PathValue { value: &'a str, param: PathParam<'a>, expected_type: &'a str },
    /// A path parameter's value that its type's `Deserialize` rejected with `message`.
    PathDeserialize { key: &'a str, value: &'a str, message: &'a str },
    /// A path parameter that is not valid UTF-8.
    PathUtf8 { key: &'a str },
    /// Any other failure of the input, also of kinds a later framework version adds: the
    /// input's fixed sentence.
    Unexplained(Input),
    /// A body without a JSON content type.
    ContentType,
    /// A body over the endpoint's limit.
    TooLarge,
    /// A body that could not be read.
    Unreadable,
    /// The server's fault, not the client's: a route whose parameters don't fit the handler's
    /// type, a response that doesn't serialize.
    ServerBug,
}

const EXPECTED_JSON: &str = "Expected a request with `Content-Type: application/json`";
const TOO_LARGE: &str = "The request body exceeds the size limit of this endpoint";
const UNREADABLE: &str = "The request body could not be read";

impl RequestFailure<'_> {
    /// The general error answering this failure, its `detailedErrorMessage` as much of the
    /// parser's explanation as `detail` allows.
    pub(crate) fn classify(self, detail: ParserDetail) -> GeneralError {
        let silent = detail == ParserDetail::None;
        let (input, detailed_error_message) = match self {
            RequestFailure::Parse(failure) => (failure.input, failure.explain(detail)),
            RequestFailure::PathValue { value, param, expected_type } => {
                (Input::Path, cannot_parse(value, param, expected_type, detail))
            }
            RequestFailure::PathDeserialize { .. } | RequestFailure::PathUtf8 { .. } if silent => {
                (Input::Path, Input::Path.sentence())
            }
            RequestFailure::PathDeserialize { key, value, message } => {
                let reason = Failure::unpositioned(Input::Path, None, message).explain(detail);
                let text = format!(
                    "Cannot parse `{}` for path parameter `{}`: {reason}",
                    bounded(value),
                    bounded(key)
                );
                (Input::Path, text)
            }
            RequestFailure::PathUtf8 { key } => {
                (Input::Path, format!("Path parameter `{}` is not valid UTF-8", bounded(key)))
            }
            RequestFailure::Unexplained(input) => (input, input.sentence()),
            RequestFailure::ContentType => {
                return GeneralError::UnsupportedMediaType {
                    detailed_error_message: EXPECTED_JSON.to_owned(),
                };
            }
            RequestFailure::TooLarge => {
                return GeneralError::PayloadTooLarge { detailed_error_message: TOO_LARGE.to_owned() };
            }
            RequestFailure::Unreadable => (Input::Body, UNREADABLE.to_owned()),
            RequestFailure::ServerBug => return GeneralError::General,
        };
        match input {
            Input::Body => GeneralError::InvalidJsonInput { detailed_error_message },
            Input::Query => GeneralError::InvalidQueryParam { detailed_error_message },
            Input::Path => GeneralError::InvalidPathParam { detailed_error_message },
        }
    }
}

/// The general error replacing a framework's own answer to an unknown route (404) or a wrong
/// method (405), which has no body; `None` for any other response, which is kept as it is.
pub(crate) fn bare_error(status: u16, has_content_type: bool, empty_body: bool) -> Option<GeneralError> {
    if has_content_type || !empty_body {
        return None;
    }
    match status {
        404 => Some(GeneralError::ResourceNotFound),
        405 => Some(GeneralError::MethodNotAllowed),
        _ => None,
    }
}

// ----- Settings ------------------------------------------------------------------------------------

/// A format as the layers keep it: [`GeneralFormat`], and the body alone, without logging (for
/// [`Rejection::body_text`]).
pub(crate) trait LayerFormat: GeneralFormat {
    /// The body `render` writes for `error` with the instance id `instance`.
    fn body(&self, error: &GeneralError, instance: Option<&str>) -> Vec<u8>;
}

impl<F: Format + Send + Sync + 'static> LayerFormat for F {
    fn body(&self, error: &GeneralError, instance: Option<&str>) -> Vec<u8> {
        let mut body = Vec::new();
        // A general error's members are strings: writing it into a `Vec` can't fail.
        let doc = Document::new(error).with_instance(instance);
        let _ = self.serialize(&doc, &mut serde_json::Serializer::new(&mut body));
        body
    }
}

/// What a service set up once (axum's `ErrorLayer`, actix-web's `ErrorConfig`): the format of
/// its general errors, whether 4xx responses get an instance id, how much of a parser's
/// explanation a client gets.
#[derive(Clone)]
pub(crate) struct Settings {
    pub(crate) format: Arc<dyn LayerFormat>,
    pub(crate) every_error: bool,
    pub(crate) detail: ParserDetail,
}

impl Settings {
    pub(crate) fn new<F: Format + Send + Sync + 'static>(format: F) -> Self {
        Settings { format: Arc::new(format), every_error: false, detail: ParserDetail::default() }
    }

    /// The scope of a request with these `headers` (an `http` 1 map; only its `x-request-id`
    /// is read, and with feature `fluent` its `Accept-Language`).
    pub(crate) fn scope(&self, headers: &HeaderMap) -> RequestScope {
        let scope = RequestScope::new().request_id_from(headers).every_error(self.every_error);
        #[cfg(feature = "fluent")]
        let scope = scope.accept_language_from(headers);
        scope
    }

    /// `error` in the format, without a source.
    pub(crate) fn reject(&self, error: GeneralError) -> Rejection {
        Rejection { error, format: Arc::clone(&self.format), scope: None, source: None }
    }

    /// The rejection of a framework's own error `source`: `classify`'s general error, with
    /// `source` kept as its source.
    pub(crate) fn rejection_of<E: Error + Send + Sync + 'static>(
        &self,
        source: E,
        classify: fn(&E, ParserDetail) -> GeneralError,
    ) -> Rejection {
        let error = classify(&source, self.detail);
        Rejection { source: Some(Box::new(source)), ..self.reject(error) }
    }

    /// A handler's panic, answered with `General` (500) and an instance id: the scope's, else a
    /// generated one, logged with the panic text under feature `tracing` (never in the body).
    /// Call it inside the request's scope: the rejection renders in that scope, with that id,
    /// wherever the framework renders it.
    pub(crate) fn panicked(&self, payload: &(dyn Any + Send)) -> Rejection {
        let instance = panic_instance(payload);
        let scope = RequestScope::current().unwrap_or_default().instance(instance);
        Rejection { scope: Some(scope), ..self.reject(GeneralError::General) }
    }

    /// `error` in the format, in the current scope.
    pub(crate) fn render(&self, error: &GeneralError) -> Response<Vec<u8>> {
        self.format.render(error, &Context::new())
    }

    /// `error` in the format, replacing a response with the `original` headers: those are kept
    /// (`Allow`), but for its length and those the new response sets itself (content type,
    /// `x-request-id`); of a header with several values, the first.
    pub(crate) fn replace(&self, error: &GeneralError, original: &HeaderMap) -> Response<Vec<u8>> {
        let mut replaced = self.render(error);
        for (name, value) in original {
            if name != CONTENT_LENGTH && !replaced.headers().contains_key(name) {
                replaced.headers_mut().append(name.clone(), value.clone());
            }
        }
        replaced
    }

    /// The fields both adapters' `Debug` show.
    pub(crate) fn debug_fields<'s, 'a, 'b>(
        &self,
        out: &'s mut fmt::DebugStruct<'a, 'b>,
    ) -> &'s mut fmt::DebugStruct<'a, 'b> {
        out.field("every_error", &self.every_error).field("parser_detail", &self.detail)
    }
}

impl Default for Settings {
    /// problem+json, the default detail, instance ids on 5xx only.
    fn default() -> Self {
        Settings::new(crate::format::ProblemJson::new())
    }
}

// ----- Rejection -----------------------------------------------------------------------------------

/// A request failure answered with a [`GeneralError`] in the service's format: the rejection
/// of errwire's axum extractors (an `IntoResponse` under feature `axum`), and what the error
/// handlers of an actix-web `ErrorConfig` and its middleware return (a `ResponseError` under
/// feature `actix-web`). One type, at
/// `errwire::axum::Rejection` and `errwire::actix::Rejection` alike.
///
/// Its surface is that of axum's own rejections:
///
/// - [`status`](Self::status) and [`body_text`](Self::body_text): what its response says;
/// - `Display`: the general error's message (`Request body does not contain valid JSON.`);
/// - [`source`](Error::source): the framework's original error, by which the failure was
///   classified: axum's `JsonRejection`, `QueryRejection` or `PathRejection`, actix-web's
///   `JsonPayloadError`, `QueryPayloadError` or `PathError`. A rejection built with
///   [`new`](Self::new), a handler panic's, and one that actix-web's middleware makes of an
///   extractor error no errwire handler saw (an `actix_web::Error`, which is not `Send`) have
///   none. Neither the source nor anything of a panic reaches the body.
///
/// ```
#[cfg_attr(feature = "axum", doc = "use errwire::axum::Rejection;")]
#[cfg_attr(all(not(feature = "axum"), feature = "actix-web"), doc = "use errwire::actix::Rejection;")]
/// use errwire::GeneralError;
///
/// let rejection = Rejection::new(GeneralError::ResourceNotFound, errwire::format::Hapi);
/// assert_eq!(rejection.status(), 404);
/// assert!(matches!(rejection.error(), GeneralError::ResourceNotFound));
/// assert_eq!(rejection.to_string(), "The resource addressed by the request URL does not exist");
/// assert_eq!(
///     rejection.body_text(),
///     r#"{"statusCode":404,"error":"Not Found","message":"The resource addressed by the request URL does not exist"}"#,
/// );
/// assert!(std::error::Error::source(&rejection).is_none());
/// ```
///
/// It can gain fields: it is never built but with [`new`](Self::new) (or by errwire).
///
/// ```compile_fail
#[cfg_attr(feature = "axum", doc = "use errwire::axum::Rejection;")]
#[cfg_attr(all(not(feature = "axum"), feature = "actix-web"), doc = "use errwire::actix::Rejection;")]
/// let rejection = Rejection { error: errwire::GeneralError::General };
/// ```
#[non_exhaustive]
pub struct Rejection {
    error: GeneralError,
    format: Arc<dyn LayerFormat>,
    /// The request's scope with the instance id, set when the response may be rendered outside
    /// the scope (a panic's).
    scope: Option<RequestScope>,
    source: Option<Box<dyn Error + Send + Sync>>,
}

impl Rejection {
    /// `error`, rendered in `format`, without a source.
    ///
    /// ```
    #[cfg_attr(feature = "axum", doc = "use errwire::axum::Rejection;")]
    #[cfg_attr(all(not(feature = "axum"), feature = "actix-web"), doc = "use errwire::actix::Rejection;")]
    ///
    /// let rejection = Rejection::new(errwire::GeneralError::MethodNotAllowed, errwire::format::ErrorList);
    /// assert_eq!(rejection.status(), 405);
    /// ```
    pub fn new<F: Format + Send + Sync + 'static>(error: GeneralError, format: F) -> Self {
        Settings::new(format).reject(error)
    }

    /// The general error this rejection answers with.
    ///
    /// ```
    #[cfg_attr(feature = "axum", doc = "use errwire::axum::Rejection;")]
    #[cfg_attr(all(not(feature = "axum"), feature = "actix-web"), doc = "use errwire::actix::Rejection;")]
    /// use errwire::GeneralError;
    ///
    /// let rejection = Rejection::new(GeneralError::General, errwire::format::ErrorList);
    /// assert!(matches!(rejection.error(), GeneralError::General));
    /// ```
    pub fn error(&self) -> &GeneralError {
        &self.error
    }

    /// The status of its response.
    ///
    /// ```
    #[cfg_attr(feature = "axum", doc = "use errwire::axum::Rejection;")]
    #[cfg_attr(all(not(feature = "axum"), feature = "actix-web"), doc = "use errwire::actix::Rejection;")]
    ///
    /// let rejection = Rejection::new(errwire::GeneralError::General, errwire::format::ErrorList);
    /// assert_eq!(rejection.status(), errwire::StatusCode::INTERNAL_SERVER_ERROR);
    /// ```
    pub fn status(&self) -> StatusCode {
        self.error.status()
    }

    /// The body of its response, in the service's format, but for an instance id of the
    /// response's own (a 5xx's): a rejection carries none, except a handler panic's, whose
    /// body text has it. Nothing is logged.
    ///
    /// ```
    #[cfg_attr(feature = "axum", doc = "use errwire::axum::Rejection;")]
    #[cfg_attr(all(not(feature = "axum"), feature = "actix-web"), doc = "use errwire::actix::Rejection;")]
    /// use errwire::GeneralError;
    ///
    /// let error = GeneralError::InvalidQueryParam { detailed_error_message: "limit: invalid digit found in string".into() };
    /// let rejection = Rejection::new(error, errwire::format::ErrorType);
    /// assert_eq!(
    ///     rejection.body_text(),
    ///     r#"{"code":400,"errorType":"InvalidQueryParam","message":"Request query param is not valid","detailedErrorMessage":"limit: invalid digit found in string"}"#,
    /// );
    /// ```
    pub fn body_text(&self) -> String {
        let instance = self.scope.as_ref().and_then(|scope| scope.run(RequestScope::current_id));
        String::from_utf8_lossy(&self.format.body(&self.error, instance.as_deref())).into_owned()
    }

    /// The complete response (instance id, `x-request-id`, log), rendered in the rejection's
    /// scope if it has one, else in the current one.
    pub(crate) fn render(&self) -> Response<Vec<u8>> {
        let render = || self.format.render(&self.error, &Context::new());
        match &self.scope {
            Some(scope) => scope.run(render),
            None => render(),
        }
    }
}

impl fmt::Debug for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rejection").field("error", &self.error).finish_non_exhaustive()
    }
}

impl fmt::Display for Rejection {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.error, f)
    }
}

impl Error for Rejection {
    fn source(&self) -> Option<&(dyn Error + 'static)> {
        self.source.as_deref().map(|source| source as &(dyn Error + 'static))
    }
}

//! actix-web integration (feature `actix-web`): every request failure answered in the service's
//! format.
//!
//! Derived types implement [`actix_web::ResponseError`], so handlers return them (status and body
//! both come from the type's [`ApiError`] impl). What fails before a handler answers is covered
//! here, set up in one place, an [`ErrorConfig`]:
//!
//! - the error handlers of actix-web's `JsonConfig`, `QueryConfig` and `PathConfig`: rejections
//!   become [`GeneralError`]s (`InvalidJsonInput`, `InvalidQueryParam`, `InvalidPathParam`, 413,
//!   415) with the parser's explanation as `detailedErrorMessage`: by default its location and a
//!   reason from a fixed vocabulary, never a Rust type name, the client's own text cut at 64
//!   characters ([`ParserDetail`], set with [`ErrorConfig::parser_detail`]);
//! - a default service: an unknown route is `ResourceNotFound` (404);
//! - a middleware ([`ErrorMiddleware`]): a wrong method is `MethodNotAllowed` (405, keeping
//!   `Allow`), a handler panic is `General` (500) carrying an instance id, never the panic text;
//!   each request runs in a [`RequestScope`], so that its well-formed `x-request-id` is echoed
//!   by its error responses and logged beside their instance ids (the service's own derived
//!   errors too).
//!
//! A failure is classified by its kind (actix-web's `JsonPayloadError`, `QueryPayloadError` and
//! `PathError` variants), never by its text: whatever the client sent that doesn't parse is a
//! 4xx. actix-web reports a route whose parameters don't fit the handler's `Path` type (a server
//! bug, a 500 with axum) with the same kind as a value that doesn't parse, so it is a 400 here.
//!
//! actix-web answers a wrong method with 405 for a `web::resource(path).route(...)`; `App::route`
//! and `Scope::route` put the method guard on the resource itself, so that a wrong method finds
//! no resource and is answered like an unknown route (404 `ResourceNotFound`).
//!
//! [`Json`], [`Query`] and [`Path`] are drop-in replacements for actix-web's extractors that add
//! the location of a deserialization error (`replicas: invalid value: …`), so that the bodies
//! are those errwire's axum integration sends for the same request. actix-web's own extractors
//! work too, with the parser's message alone.
//!
//! ```
//! use actix_web::{App, HttpResponse, web};
//! use errwire::actix::{ErrorConfig, Json};
//! use errwire::format::ErrorList;
//!
//! #[derive(serde::Deserialize)]
//! struct NewDeployment { key: String }
//!
//! async fn create(Json(new): Json<NewDeployment>) -> HttpResponse {
//!     HttpResponse::Created().body(new.key)
//! }
//!
//! # actix_web::rt::System::new().block_on(async {
//! let errors = ErrorConfig::new(ErrorList).json_limit(1024);
//! let app = actix_web::test::init_service(
//!     App::new()
//!         .configure(errors.configure())
//!         .wrap(errors.middleware())
//!         .service(web::resource("/deployments").route(web::post().to(create))),
//! )
//! .await;
//!
//! let request = actix_web::test::TestRequest::post()
//!     .uri("/deployments")
//!     .insert_header(("content-type", "application/json"))
//!     .set_payload(r#"{"key": 1}"#)
//!     .to_request();
//! let response = actix_web::test::call_service(&app, request).await;
//! assert_eq!(response.status(), 400);
//! assert_eq!(
//!     actix_web::test::read_body(response).await,
//!     r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"key: invalid type: integer `1`, expected a string at line 1 column 9"}]}"#,
//! );
//! # });
//! ```

use core::any::Any;
use core::fmt;
use core::future::{Future, Ready, ready};
use core::ops::{Deref, DerefMut};
use core::panic::AssertUnwindSafe;
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};
use std::panic::catch_unwind;
use std::sync::Arc;

use ::actix_web::body::{BodySize, EitherBody, MessageBody};
use ::actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use ::actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use ::actix_web::http::StatusCode as ActixStatus;
use ::actix_web::http::header::{CONTENT_LENGTH, CONTENT_TYPE, HeaderName, HeaderValue};
use ::actix_web::{Error, FromRequest, HttpRequest, HttpResponse, Responder, ResponseError, web};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error as _};

pub use crate::general::ParserDetail;
use crate::general::{
    Failure, GeneralFormat, Input, PathParam, cannot_parse, default_format, read_cannot_parse, split_position,
};
use crate::unwind::{CatchUnwind, panic_instance};
use crate::{ApiError, Context, GeneralError, RequestScope};

/// The actix-web response of an error: [`ApiError::to_response`] as an [`HttpResponse`].
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 404, code = "ResourceNotFound", msg = "Deployment {id} does not exist")]
/// struct DeploymentNotFound { id: u64 }
///
/// let response = errwire::actix::response(&DeploymentNotFound { id: 7 });
/// assert_eq!(response.status(), 404);
/// assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");
/// ```
pub fn response<E: ApiError + ?Sized>(error: &E) -> HttpResponse {
    to_actix(error.to_response())
}

/// The status of an error as actix-web's `StatusCode` (actix-web 4 is on `http` 0.2).
pub(crate) fn status_code(status: http::StatusCode) -> ActixStatus {
    ActixStatus::from_u16(status.as_u16()).unwrap_or(ActixStatus::INTERNAL_SERVER_ERROR)
}

/// An `http` 1 response (errwire's) as actix-web's (`http` 0.2 types).
fn to_actix(response: http::Response<Vec<u8>>) -> HttpResponse {
    let (parts, body) = response.into_parts();
    let mut out = HttpResponse::with_body(status_code(parts.status), body).map_into_boxed_body();
    let headers = out.headers_mut();
    for (name, value) in &parts.headers {
        // Both versions accept the same names and values; a failure would only drop the header.
        if let (Ok(name), Ok(value)) =
            (HeaderName::from_bytes(name.as_str().as_bytes()), HeaderValue::from_bytes(value.as_bytes()))
        {
            headers.append(name, value);
        }
    }
    out
}

/// Lets handlers return `Result<T, Box<dyn ApiError + Send + Sync>>`, any derived error behind
/// the box.
///
/// ```
/// use actix_web::HttpResponse;
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 409, msg = "The key is taken")]
/// struct KeyTaken;
///
/// async fn create() -> Result<HttpResponse, Box<dyn ApiError + Send + Sync>> {
///     Err(Box::new(KeyTaken))
/// }
/// # let _ = actix_web::web::post().to(create);
/// ```
impl ResponseError for Box<dyn ApiError + Send + Sync> {
    fn status_code(&self) -> ActixStatus {
        status_code(self.status())
    }

    fn error_response(&self) -> HttpResponse {
        response(&**self)
    }
}

/// Several errors in one response, in the error type's format.
///
/// ```
/// use actix_web::ResponseError;
/// use errwire::{ApiError, Errors};
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 400, msg = "{field} is required")]
/// struct Missing { field: &'static str }
///
/// let errors: Errors<Missing> = [Missing { field: "key" }, Missing { field: "replicas" }].into_iter().collect();
/// let response = errors.error_response();
/// assert_eq!(response.status(), 400);
/// ```
impl<E: ApiError> ResponseError for crate::Errors<E> {
    fn status_code(&self) -> ActixStatus {
        status_code(self.status())
    }

    fn error_response(&self) -> HttpResponse {
        to_actix(self.to_response())
    }
}

/// A request failure answered with a [`GeneralError`] in the service's format: what the error
/// handlers of an [`ErrorConfig`] and the [`ErrorMiddleware`] return, as an `actix_web::Error`.
///
/// ```
/// use actix_web::ResponseError;
/// use errwire::GeneralError;
/// use errwire::actix::Rejection;
///
/// let rejection = Rejection::new(GeneralError::ResourceNotFound, errwire::format::ErrorList);
/// assert_eq!(rejection.status_code(), 404);
/// assert!(matches!(rejection.error(), GeneralError::ResourceNotFound));
/// ```
pub struct Rejection {
    error: GeneralError,
    format: Arc<dyn GeneralFormat>,
    /// The request's scope with the instance id, set when the response is rendered outside
    /// the scope (a panic's).
    scope: Option<RequestScope>,
}

impl Rejection {
    /// `error`, rendered in `format`.
    pub fn new<F: crate::Format + Send + Sync + 'static>(error: GeneralError, format: F) -> Self {
        Rejection { error, format: Arc::new(format), scope: None }
    }

    /// The general error this rejection answers with.
    pub fn error(&self) -> &GeneralError {
        &self.error
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

impl ResponseError for Rejection {
    fn status_code(&self) -> ActixStatus {
        status_code(self.error.status())
    }

    fn error_response(&self) -> HttpResponse {
        let render = || to_actix(self.format.render(&self.error, &Context::new()));
        match &self.scope {
            Some(scope) => scope.run(render),
            None => render(),
        }
    }
}

fn reject(error: GeneralError, format: &Arc<dyn GeneralFormat>) -> Error {
    Rejection { error, format: Arc::clone(format), scope: None }.into()
}

/// The format of a service's general errors and everything that answers with them: the
/// extractor configs' error handlers, the default service, the middleware.
///
/// [`configure`](Self::configure) registers the configs and the default service;
/// [`middleware`](Self::middleware) goes into `App::wrap`. Use the format the service's own
/// error types name in `#[api(format = ...)]`.
///
/// ```
/// use actix_web::{App, web};
/// use errwire::actix::ErrorConfig;
///
/// let errors = ErrorConfig::new(errwire::format::ErrorList).json_limit(64 * 1024);
/// // In `HttpServer::new(move || ...)`, once per worker:
/// let app = App::new()
///     .configure(errors.configure())
///     .wrap(errors.middleware())
///     .route("/health", web::get().to(|| async { "ok" }));
/// ```
#[derive(Clone)]
pub struct ErrorConfig {
    format: Arc<dyn GeneralFormat>,
    json_limit: Option<usize>,
    every_error: bool,
    detail: ParserDetail,
}

impl ErrorConfig {
    /// General errors in `format` (a [`Format`](crate::Format) value such as
    /// `errwire::format::ErrorList` or the service's own const).
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ProblemJson::new());
    /// # let _ = errors;
    /// ```
    pub fn new<F: crate::Format + Send + Sync + 'static>(format: F) -> Self {
        ErrorConfig {
            format: Arc::new(format),
            json_limit: None,
            every_error: false,
            detail: ParserDetail::Filtered,
        }
    }

    /// How much of a parser's explanation a JSON body, query or path rejection carries as
    /// `detailedErrorMessage`: [`ParserDetail::Filtered`] by default (the location and a reason
    /// from a fixed vocabulary), [`ParserDetail::None`] for a fixed sentence,
    /// [`ParserDetail::KeepCustom`] to also keep the messages of the service's own
    /// `Deserialize` impls. Status and code are the same at every setting.
    ///
    /// ```
    /// use errwire::actix::{ErrorConfig, ParserDetail};
    ///
    /// let errors = ErrorConfig::new(errwire::format::ErrorList).parser_detail(ParserDetail::None);
    /// # let _ = errors;
    /// ```
    #[must_use]
    pub fn parser_detail(self, detail: ParserDetail) -> Self {
        ErrorConfig { detail, ..self }
    }

    /// Whether every error response (4xx too) carries an instance id; by default only 5xx do.
    /// A request's well-formed `x-request-id` is echoed either way (see [`ErrorMiddleware`]).
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ProblemJson::new()).every_error(true);
    /// # let _ = errors;
    /// ```
    #[must_use]
    pub fn every_error(self, every_error: bool) -> Self {
        ErrorConfig { every_error, ..self }
    }

    /// The body limit of [`json_config`](Self::json_config), in bytes (actix-web's default is
    /// 2 MiB); a larger body is answered with `PayloadTooLarge` (413).
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList).json_limit(1024);
    /// # let _ = errors;
    /// ```
    #[must_use]
    pub fn json_limit(mut self, limit: usize) -> Self {
        self.json_limit = Some(limit);
        self
    }

    /// A `JsonConfig` whose rejections are `InvalidJsonInput` (400), `UnsupportedMediaType` (415)
    /// or `PayloadTooLarge` (413) in the format. Register it with `app_data`; a resource can
    /// override it with its own (`errors.json_config().limit(…)`).
    ///
    /// ```
    /// use actix_web::{App, web};
    ///
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let app = App::new().service(
    ///     web::resource("/uploads")
    ///         .app_data(errors.json_config().limit(16 * 1024 * 1024))
    ///         .route(web::post().to(|| async { "stored" })),
    /// );
    /// ```
    pub fn json_config(&self) -> web::JsonConfig {
        let (format, detail) = (Arc::clone(&self.format), self.detail);
        let config = web::JsonConfig::default()
            .error_handler(move |error, _| reject(json_error(&error, detail), &format));
        match self.json_limit {
            Some(limit) => config.limit(limit),
            None => config,
        }
    }

    /// A `QueryConfig` whose rejections are `InvalidQueryParam` (400) in the format.
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let app = actix_web::App::new().app_data(errors.query_config());
    /// ```
    pub fn query_config(&self) -> web::QueryConfig {
        let (format, detail) = (Arc::clone(&self.format), self.detail);
        web::QueryConfig::default()
            .error_handler(move |error, _| reject(query_error(&error, detail), &format))
    }

    /// A `PathConfig` whose rejections are `InvalidPathParam` (400) in the format.
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let app = actix_web::App::new().app_data(errors.path_config());
    /// ```
    pub fn path_config(&self) -> web::PathConfig {
        let (format, detail) = (Arc::clone(&self.format), self.detail);
        web::PathConfig::default().error_handler(move |error, _| reject(path_error(&error, detail), &format))
    }

    /// A route answering `ResourceNotFound` (404) in the format: the `default_service` of an
    /// `App` or a `Scope`.
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let api = actix_web::web::scope("/api").default_service(errors.default_service());
    /// ```
    pub fn default_service(&self) -> actix_web::Route {
        let format = Arc::clone(&self.format);
        web::to(move || ready(to_actix(format.render(&GeneralError::ResourceNotFound, &Context::new()))))
    }

    /// The middleware answering a wrong method (405) and a handler panic (500) in the format; see
    /// [`ErrorMiddleware`].
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let app = actix_web::App::new().wrap(errors.middleware());
    /// ```
    pub fn middleware(&self) -> ErrorMiddleware {
        ErrorMiddleware {
            format: Arc::clone(&self.format),
            every_error: self.every_error,
            detail: self.detail,
        }
    }

    /// An `App::configure` function registering the three extractor configs and the default
    /// service.
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let app = actix_web::App::new().configure(errors.configure()).wrap(errors.middleware());
    /// ```
    pub fn configure(&self) -> impl FnOnce(&mut web::ServiceConfig) + 'static {
        let errors = self.clone();
        move |config| {
            config
                .app_data(errors.json_config())
                .app_data(errors.query_config())
                .app_data(errors.path_config())
                .default_service(errors.default_service());
        }
    }
}

impl Default for ErrorConfig {
    /// General errors in problem+json.
    fn default() -> Self {
        ErrorConfig {
            format: default_format(),
            json_limit: None,
            every_error: false,
            detail: ParserDetail::Filtered,
        }
    }
}

impl fmt::Debug for ErrorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorConfig")
            .field("json_limit", &self.json_limit)
            .field("every_error", &self.every_error)
            .field("parser_detail", &self.detail)
            .finish_non_exhaustive()
    }
}

/// A JSON body rejection by its kind; a deserialization failure explained from serde_json's
/// error (its classification, line and column) and errwire's location ([`Tracked`]).
fn json_error(error: &JsonPayloadError, detail: ParserDetail) -> GeneralError {
    match error {
        JsonPayloadError::Deserialize(error) => {
            let text = error.to_string();
            let (message, position) = match error.line() {
                0 => (text.as_str(), None),
                line => {
                    let suffix = format!(" at line {line} column {}", error.column());
                    match text.strip_suffix(&suffix) {
                        Some(message) => (message, Some((line, error.column()))),
                        None => split_position(&text),
                    }
                }
            };
            let (location, message) = untracked(message);
            let syntax = !matches!(error.classify(), serde_json::error::Category::Data);
            let failure = Failure { input: Input::Body, location, message, position, syntax };
            GeneralError::InvalidJsonInput { detailed_error_message: failure.explain(detail) }
        }
        JsonPayloadError::ContentType => GeneralError::UnsupportedMediaType {
            detailed_error_message: "Expected a request with `Content-Type: application/json`".to_owned(),
        },
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            payload_too_large()
        }
        JsonPayloadError::Payload(error) => match error {
            PayloadError::Overflow => payload_too_large(),
            _ => GeneralError::InvalidJsonInput {
                detailed_error_message: "The request body could not be read".to_owned(),
            },
        },
        // Serializing a response is the server's business.
        JsonPayloadError::Serialize(_) => GeneralError::General,
        _ => GeneralError::InvalidJsonInput { detailed_error_message: Input::Body.sentence() },
    }
}

fn payload_too_large() -> GeneralError {
    let detailed_error_message = "The request body exceeds the size limit of this endpoint".to_owned();
    GeneralError::PayloadTooLarge { detailed_error_message }
}

/// A query rejection: always the client's (400).
fn query_error(error: &QueryPayloadError, detail: ParserDetail) -> GeneralError {
    let detailed_error_message = match error {
        QueryPayloadError::Deserialize(error) => {
            let text = error.to_string();
            let (location, message) = untracked(&text);
            Failure { input: Input::Query, location, message, position: None, syntax: false }.explain(detail)
        }
        _ => Input::Query.sentence(),
    };
    GeneralError::InvalidQueryParam { detailed_error_message }
}

/// A path rejection: always a 400. actix-web gives one kind (`PathError::Deserialize`) both for
/// a value that doesn't parse and for a route that doesn't fit the handler's type, and its text
/// holds the client's input: it says nothing about whose fault it is.
fn path_error(error: &PathError, detail: ParserDetail) -> GeneralError {
    let detailed_error_message = match error {
        PathError::Deserialize(error) => {
            let text = error.to_string();
            let (location, message) = untracked(&text);
            match read_cannot_parse(message) {
                Some((value, expected_type)) => {
                    let param = match location {
                        None => PathParam::Whole,
                        Some(location) => {
                            match location.strip_prefix('[').and_then(|i| i.strip_suffix(']')) {
                                Some(index) => {
                                    index.parse().map_or(PathParam::Key(location), PathParam::Index)
                                }
                                None => PathParam::Key(location),
                            }
                        }
                    };
                    cannot_parse(&percent_decode(&value), param, expected_type, detail)
                }
                None => Failure { input: Input::Path, location, message, position: None, syntax: false }
                    .explain(detail),
            }
        }
        _ => Input::Path.sentence(),
    };
    GeneralError::InvalidPathParam { detailed_error_message }
}

/// `%XX` sequences decoded (as actix-router does before parsing), invalid UTF-8 replaced.
fn percent_decode(text: &str) -> String {
    if !text.contains('%') {
        return text.to_owned();
    }
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(high), Some(low)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((high * 16 + low) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The general error answering one of actix-web's extractor errors (for rejections no
/// [`ErrorConfig`] handler has seen: an extractor config registered without one).
fn general_error_of(error: &Error, detail: ParserDetail) -> Option<GeneralError> {
    if let Some(error) = error.as_error::<JsonPayloadError>() {
        Some(json_error(error, detail))
    } else if let Some(error) = error.as_error::<QueryPayloadError>() {
        Some(query_error(error, detail))
    } else if let Some(error) = error.as_error::<PathError>() {
        Some(path_error(error, detail))
    } else if let Some(PayloadError::Overflow) = error.as_error::<PayloadError>() {
        Some(payload_too_large())
    } else {
        None
    }
}

/// The middleware of an [`ErrorConfig`] (`App::wrap(errors.middleware())`).
///
/// It answers, in the format:
///
/// - actix-web's bare `405 Method Not Allowed` with `MethodNotAllowed`, keeping its `Allow`
///   header, and a bare `404 Not Found` (no route, no default service) with `ResourceNotFound`;
/// - a handler that panics with `General` (500) and a generated instance id; under feature
///   `tracing` the panic text is logged with that id, and it never reaches the body;
/// - an extractor rejection that no errwire error handler has rendered (for example from a
///   `JsonConfig` the service registered without one) like the [`ErrorConfig`] handlers do.
///
/// Each request runs in a [`RequestScope`]: a request's well-formed `x-request-id` is echoed in
/// the `x-request-id` of its error responses (also of the service's own derived errors) and
/// logged beside their instance ids, and [`ErrorConfig::every_error`] gives 4xx responses an
/// instance id too.
///
/// Register it with `App::wrap` after the service's other middleware that should see these
/// responses (actix-web runs the last `wrap` first).
///
/// ```
/// use actix_web::{App, web};
///
/// # actix_web::rt::System::new().block_on(async {
/// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
/// let app = actix_web::test::init_service(
///     App::new()
///         .wrap(errors.middleware())
///         .route("/panic", web::get().to(|| async { panic!("the database password is hunter2"); "" })),
/// )
/// .await;
///
/// let request = actix_web::test::TestRequest::get()
///     .uri("/panic")
///     .insert_header(("x-request-id", "req-7f3a"))
///     .to_request();
/// let response = actix_web::test::try_call_service(&app, request).await.unwrap_err().error_response();
/// assert_eq!(response.status(), 500);
/// assert_eq!(response.headers().get("x-request-id").unwrap(), "req-7f3a");
/// # });
/// ```
#[derive(Clone)]
pub struct ErrorMiddleware {
    format: Arc<dyn GeneralFormat>,
    every_error: bool,
    detail: ParserDetail,
}

impl fmt::Debug for ErrorMiddleware {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorMiddleware").finish_non_exhaustive()
    }
}

impl<S, B> Transform<S, ServiceRequest> for ErrorMiddleware
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Transform = ErrorService<S>;
    type InitError = ();
    type Future = Ready<Result<ErrorService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(ErrorService {
            service,
            format: Arc::clone(&self.format),
            every_error: self.every_error,
            detail: self.detail,
        }))
    }
}

/// The service of an [`ErrorMiddleware`], wrapping the application's.
///
/// ```
/// fn wrapped<S>(_: &errwire::actix::ErrorService<S>) {}
/// ```
pub struct ErrorService<S> {
    service: S,
    format: Arc<dyn GeneralFormat>,
    every_error: bool,
    detail: ParserDetail,
}

impl<S> fmt::Debug for ErrorService<S> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ErrorService").finish_non_exhaustive()
    }
}

type LocalBoxFuture<T> = Pin<Box<dyn Future<Output = T>>>;

impl<S, B> Service<ServiceRequest> for ErrorService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = Error>,
    S::Future: 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<EitherBody<B>>;
    type Error = Error;
    type Future = LocalBoxFuture<Result<Self::Response, Error>>;

    forward_ready!(service);

    fn call(&self, request: ServiceRequest) -> Self::Future {
        let (format, detail) = (Arc::clone(&self.format), self.detail);
        let scope = request_scope(request.headers(), self.every_error);
        // The request can't be kept for the panic's response (routing needs it unshared), so a
        // panic is answered as an `Err`, which actix-web renders with `Rejection::error_response`.
        let called = scope.run(|| catch_unwind(AssertUnwindSafe(|| self.service.call(request))));
        Box::pin(async move {
            let outcome = match called {
                Ok(future) => CatchUnwind(scope.clone().wrap(future)).await,
                Err(panic) => Err(panic),
            };
            scope.run(|| match outcome {
                Ok(Ok(response)) => Ok(replace_bare_error(response, &format, detail)),
                Ok(Err(error)) => Err(match general_error_of(&error, detail) {
                    Some(general) => reject(general, &format),
                    None => error,
                }),
                Err(panic) => Err(panicked(&*panic, format)),
            })
        })
    }
}

/// The request's scope: its `x-request-id` (by the same rules as
/// [`RequestScope::request_id_from`]) and whether 4xx responses get an instance id.
fn request_scope(headers: &::actix_web::http::header::HeaderMap, every_error: bool) -> RequestScope {
    let scope = RequestScope::new().every_error(every_error);
    // actix-web's headers are `http` 0.2's; only a request that has an id pays for the copy.
    let Some(id) = headers.get("x-request-id") else { return scope };
    let Ok(id) = http::HeaderValue::from_bytes(id.as_bytes()) else { return scope };
    let mut request_headers = http::HeaderMap::with_capacity(1);
    request_headers.insert(http::header::HeaderName::from_static("x-request-id"), id);
    scope.request_id_from(&request_headers)
}

/// actix-web's own 404 (no route) and 405 (no method) have no body, and its extractor errors are
/// plain text: answer them in the format, keeping their headers (`Allow`).
fn replace_bare_error<B: MessageBody>(
    response: ServiceResponse<B>,
    format: &Arc<dyn GeneralFormat>,
    detail: ParserDetail,
) -> ServiceResponse<EitherBody<B>> {
    let error = match response.response().error().and_then(|error| general_error_of(error, detail)) {
        Some(error) => error,
        None => {
            let error = match response.status() {
                ActixStatus::NOT_FOUND => GeneralError::ResourceNotFound,
                ActixStatus::METHOD_NOT_ALLOWED => GeneralError::MethodNotAllowed,
                _ => return response.map_into_left_body(),
            };
            let bare = !response.headers().contains_key(CONTENT_TYPE)
                && matches!(response.response().body().size(), BodySize::None | BodySize::Sized(0));
            if !bare {
                return response.map_into_left_body();
            }
            error
        }
    };
    let (request, original) = response.into_parts();
    let mut replaced = to_actix(format.render(&error, &Context::new()));
    for (name, value) in original.headers() {
        if name != CONTENT_LENGTH && !replaced.headers().contains_key(name) {
            replaced.headers_mut().append(name.clone(), value.clone());
        }
    }
    ServiceResponse::new(request, replaced).map_into_right_body()
}

/// Runs inside the request's scope: the request's id, else a generated one, is the instance.
fn panicked(payload: &(dyn Any + Send), format: Arc<dyn GeneralFormat>) -> Error {
    let instance = panic_instance(payload);
    let scope = RequestScope::current().unwrap_or_default().instance(instance);
    Rejection { error: GeneralError::General, format, scope: Some(scope) }.into()
}

/// Deserializes `T`, recording where a failure is (`replicas`, `items[0].name`) for the error
/// handlers, which report it as errwire's axum integration does (`replicas: invalid value: …`).
///
/// The location travels in the error's message, which is all actix-web keeps, framed by
/// [`MARK`]s: `\0items[0].name\0<the parser's message>`; [`untracked`] takes it apart again. The
/// location is written from `serde_path_to_error`'s segments with control characters replaced,
/// so it holds no `MARK` and ends where the first `MARK` after it is.
struct Tracked<T>(T);

const MARK: char = '\0';

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Tracked<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        serde_path_to_error::deserialize(deserializer).map(Tracked).map_err(|error| {
            match location(error.path()) {
                Some(location) => D::Error::custom(format_args!("{MARK}{location}{MARK}{}", error.inner())),
                // At the top level there is no location: keep the parser's error as it is.
                None => error.into_inner(),
            }
        })
    }
}

/// A path as `serde_path_to_error` writes it (`items[0].name`), or `None` at the top level.
fn location(path: &serde_path_to_error::Path) -> Option<String> {
    use serde_path_to_error::Segment;
    if path.iter().all(|segment| matches!(segment, Segment::Unknown)) {
        return None;
    }
    let mut out = String::new();
    for (i, segment) in path.iter().enumerate() {
        match segment {
            Segment::Seq { index } => out.push_str(&format!("[{index}]")),
            Segment::Map { key: name } | Segment::Enum { variant: name } => {
                if i > 0 {
                    out.push('.');
                }
                out.extend(name.chars().map(|c| if c.is_control() { '\u{fffd}' } else { c }));
            }
            Segment::Unknown => {
                if i > 0 {
                    out.push('.');
                }
                out.push('?');
            }
        }
    }
    Some(out)
}

/// A message [`Tracked`] wrote, taken apart: its location and the parser's message. Any other
/// message (actix-web's own extractors) has no location.
fn untracked(message: &str) -> (Option<&str>, &str) {
    match message.strip_prefix(MARK).and_then(|rest| rest.split_once(MARK)) {
        Some((location, message)) => (Some(location), message),
        None => (None, message),
    }
}

macro_rules! extractor {
    (
        $(#[$doc:meta])*
        $name:ident, $actix:ident, $future:ident, $future_doc:literal
    ) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub struct $name<T>(pub T);

        impl<T> $name<T> {
            /// The extracted value.
            ///
            /// ```
            #[doc = concat!("let value = errwire::actix::", stringify!($name), "(7).into_inner();")]
            /// assert_eq!(value, 7);
            /// ```
            pub fn into_inner(self) -> T {
                self.0
            }
        }

        impl<T> Deref for $name<T> {
            type Target = T;

            fn deref(&self) -> &T {
                &self.0
            }
        }

        impl<T> DerefMut for $name<T> {
            fn deref_mut(&mut self) -> &mut T {
                &mut self.0
            }
        }

        impl<T: DeserializeOwned> FromRequest for $name<T> {
            type Error = Error;
            type Future = $future<T>;

            fn from_request(request: &HttpRequest, payload: &mut Payload) -> $future<T> {
                $future(web::$actix::<Tracked<T>>::from_request(request, payload))
            }
        }

        #[doc = $future_doc]
        ///
        /// ```
        #[doc = concat!("fn pending(_: errwire::actix::", stringify!($future), "<u64>) {}")]
        /// ```
        pub struct $future<T: DeserializeOwned>(<web::$actix<Tracked<T>> as FromRequest>::Future);

        impl<T: DeserializeOwned> Future for $future<T> {
            type Output = Result<$name<T>, Error>;

            fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
                Pin::new(&mut self.0).poll(cx).map(|extracted| extracted.map(|extracted| $name(extracted.into_inner().0)))
            }
        }

        impl<T: DeserializeOwned> fmt::Debug for $future<T> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.debug_struct(stringify!($future)).finish_non_exhaustive()
            }
        }
    };
}

extractor! {
    /// `actix_web::web::Json` reporting where a deserialization error is (`replicas: invalid
    /// value: …`); its rejections go through the registered `JsonConfig` (see
    /// [`ErrorConfig::json_config`]). As a response it is `web::Json`.
    ///
    /// ```
    /// use actix_web::{HttpResponse, web};
    /// use errwire::actix::Json;
    ///
    /// #[derive(serde::Deserialize, serde::Serialize)]
    /// struct NewDeployment { key: String, replicas: u32 }
    ///
    /// async fn create(Json(new): Json<NewDeployment>) -> (Json<NewDeployment>, actix_web::http::StatusCode) {
    ///     (Json(new), actix_web::http::StatusCode::CREATED)
    /// }
    /// # let _ = web::post().to(create);
    /// ```
    Json, Json, JsonFuture, "The future of a [`Json`] extraction."
}

extractor! {
    /// `actix_web::web::Query` reporting which parameter failed (`limit: invalid digit found in
    /// string`); its rejections go through the registered `QueryConfig` (see
    /// [`ErrorConfig::query_config`]).
    ///
    /// ```
    /// use errwire::actix::Query;
    ///
    /// #[derive(serde::Deserialize)]
    /// struct Search { limit: u32 }
    ///
    /// async fn search(Query(search): Query<Search>) -> String {
    ///     search.limit.to_string()
    /// }
    /// # let _ = actix_web::web::get().to(search);
    /// ```
    Query, Query, QueryFuture, "The future of a [`Query`] extraction."
}

extractor! {
    /// `actix_web::web::Path` reporting which parameter failed (`` Cannot parse `abc` for path
    /// parameter `id`: … ``); its rejections go through the registered `PathConfig` (see
    /// [`ErrorConfig::path_config`]).
    ///
    /// ```
    /// use errwire::actix::Path;
    ///
    /// async fn get_one(Path(id): Path<u64>) -> String {
    ///     id.to_string()
    /// }
    /// # let _ = actix_web::web::get().to(get_one);
    /// ```
    Path, Path, PathFuture, "The future of a [`Path`] extraction."
}

impl<T: serde::Serialize> Responder for Json<T> {
    type Body = <web::Json<T> as Responder>::Body;

    fn respond_to(self, request: &HttpRequest) -> HttpResponse<Self::Body> {
        web::Json(self.0).respond_to(request)
    }
}

#[cfg(test)]
mod tests {
    use ::actix_web::error::PathError;
    use serde::de::Error as _;

    use super::{MARK, ParserDetail, path_error, percent_decode};
    use crate::GeneralError;

    fn path_detail(message: &str) -> String {
        let error = PathError::Deserialize(serde::de::value::Error::custom(message));
        match path_error(&error, ParserDetail::Filtered) {
            GeneralError::InvalidPathParam { detailed_error_message } => detailed_error_message,
            other => panic!("{message}: {other:?}"),
        }
    }

    #[test]
    fn path_messages_in_client_terms() {
        assert_eq!(
            path_detail(r#"can not parse "abc" to a u64"#),
            "Cannot parse `abc`: expected a non-negative integer"
        );
        assert_eq!(
            path_detail(&format!("{MARK}id{MARK}can not parse \"a%20b\" to a i32")),
            "Cannot parse `a b` for path parameter `id`: expected an integer"
        );
        assert_eq!(
            path_detail(&format!(r#"{MARK}[1]{MARK}can not parse "x\"y" to a bool"#)),
            "Cannot parse `x\"y` for path parameter 1: expected a boolean"
        );
        assert_eq!(
            path_detail("unknown variant `x`, expected `a` or `b`"),
            "unknown variant `x`, expected `a` or `b`"
        );
        // Whatever the text says, a path failure is the client's: 400, never 500.
        for message in [
            "wrong number of parameters: 2 expected 1",
            "unsupported type: tuple",
            r#"can not parse "unsupported type" to a u64"#,
            "unknown variant `wrong number of parameters`, expected `red` or `green`",
        ] {
            path_detail(message);
        }
        let long = format!(r#"can not parse "{}" to a u64"#, "%41".repeat(10_000));
        assert_eq!(
            path_detail(&long),
            format!("Cannot parse `{}…`: expected a non-negative integer", "A".repeat(64))
        );
    }

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("%41%zz%4"), "A%zz%4");
        assert_eq!(percent_decode("%C3%A9"), "é");
    }
}

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

use core::fmt;
use core::future::{Future, Ready, ready};
use core::ops::{Deref, DerefMut};
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};

use ::actix_web::body::{BodySize, EitherBody, MessageBody};
use ::actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use ::actix_web::error::{JsonPayloadError, PathError, PayloadError, QueryPayloadError};
use ::actix_web::http::StatusCode as ActixStatus;
use ::actix_web::http::header::{CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue};
use ::actix_web::{Error, FromRequest, HttpRequest, HttpResponse, Responder, ResponseError, web};
use serde::de::{Deserialize, DeserializeOwned, Deserializer, Error as _};

pub use crate::general::ParserDetail;
use crate::general::{Failure, Input, PathParam, read_cannot_parse, split_position};
pub use crate::layer::Rejection;
use crate::layer::{RequestFailure, Settings, bare_error};
use crate::unwind::Guarded;
use crate::{ApiError, GeneralError, RequestScope};

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

/// actix-web's headers (`http` 0.2) as errwire's (`http` 1), dropping what `http` 1 would not
/// accept (nothing: both accept the same names and values).
fn from_actix<'h>(headers: impl IntoIterator<Item = (&'h HeaderName, &'h HeaderValue)>) -> http::HeaderMap {
    let convert = |(name, value): (&HeaderName, &HeaderValue)| {
        let name = http::HeaderName::from_bytes(name.as_str().as_bytes()).ok()?;
        Some((name, http::HeaderValue::from_bytes(value.as_bytes()).ok()?))
    };
    headers.into_iter().filter_map(convert).collect()
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

/// The rejection's response, in its scope if it has one (a panic's).
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
impl ResponseError for Rejection {
    fn status_code(&self) -> ActixStatus {
        status_code(self.status())
    }

    fn error_response(&self) -> HttpResponse {
        to_actix(self.render())
    }
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
    settings: Settings,
    json_limit: Option<usize>,
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
        ErrorConfig { settings: Settings::new(format), json_limit: None }
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
        ErrorConfig { settings: Settings { detail, ..self.settings }, ..self }
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
        ErrorConfig { settings: Settings { every_error, ..self.settings }, ..self }
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
        let config = web::JsonConfig::default().error_handler(self.handler(json_error));
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
        web::QueryConfig::default().error_handler(self.handler(query_error))
    }

    /// A `PathConfig` whose rejections are `InvalidPathParam` (400) in the format.
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let app = actix_web::App::new().app_data(errors.path_config());
    /// ```
    pub fn path_config(&self) -> web::PathConfig {
        web::PathConfig::default().error_handler(self.handler(path_error))
    }

    /// An extractor config's error handler: the rejection of `classify`'s general error, with
    /// actix-web's error as its source.
    fn handler<E: std::error::Error + Send + Sync + 'static>(
        &self,
        classify: fn(&E, ParserDetail) -> GeneralError,
    ) -> impl Fn(E, &HttpRequest) -> Error + Send + Sync + 'static {
        let settings = self.settings.clone();
        move |error, _| settings.rejection_of(error, classify).into()
    }

    /// A route answering `ResourceNotFound` (404) in the format: the `default_service` of an
    /// `App` or a `Scope`.
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let api = actix_web::web::scope("/api").default_service(errors.default_service());
    /// ```
    pub fn default_service(&self) -> actix_web::Route {
        let settings = self.settings.clone();
        web::to(move || ready(to_actix(settings.render(&GeneralError::ResourceNotFound))))
    }

    /// The middleware answering a wrong method (405) and a handler panic (500) in the format; see
    /// [`ErrorMiddleware`].
    ///
    /// ```
    /// let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
    /// let app = actix_web::App::new().wrap(errors.middleware());
    /// ```
    pub fn middleware(&self) -> ErrorMiddleware {
        ErrorMiddleware { settings: self.settings.clone() }
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
        ErrorConfig { settings: Settings::default(), json_limit: None }
    }
}

impl fmt::Debug for ErrorConfig {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = f.debug_struct("ErrorConfig");
        self.settings.debug_fields(out.field("json_limit", &self.json_limit)).finish_non_exhaustive()
    }
}

/// A JSON body rejection by its kind; a deserialization failure explained from serde_json's
/// error (its classification, line and column) and errwire's location ([`Tracked`]).
fn json_error(error: &JsonPayloadError, detail: ParserDetail) -> GeneralError {
    let text;
    let failure = match error {
        JsonPayloadError::Deserialize(error) => {
            text = error.to_string();
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
            RequestFailure::Parse(Failure { input: Input::Body, location, message, position, syntax })
        }
        JsonPayloadError::ContentType => RequestFailure::ContentType,
        JsonPayloadError::OverflowKnownLength { .. } | JsonPayloadError::Overflow { .. } => {
            RequestFailure::TooLarge
        }
        JsonPayloadError::Payload(PayloadError::Overflow) => RequestFailure::TooLarge,
        JsonPayloadError::Payload(_) => RequestFailure::Unreadable,
        // Serializing a response is the server's business.
        JsonPayloadError::Serialize(_) => RequestFailure::ServerBug,
        _ => RequestFailure::Unexplained(Input::Body),
    };
    failure.classify(detail)
}

/// A query rejection: always the client's (400).
fn query_error(error: &QueryPayloadError, detail: ParserDetail) -> GeneralError {
    let text;
    let failure = match error {
        QueryPayloadError::Deserialize(error) => {
            text = error.to_string();
            let (location, message) = untracked(&text);
            RequestFailure::Parse(Failure::unpositioned(Input::Query, location, message))
        }
        _ => RequestFailure::Unexplained(Input::Query),
    };
    failure.classify(detail)
}

/// A path rejection: always a 400. actix-web gives one kind (`PathError::Deserialize`) both for
/// a value that doesn't parse and for a route that doesn't fit the handler's type, and its text
/// holds the client's input: it says nothing about whose fault it is.
fn path_error(error: &PathError, detail: ParserDetail) -> GeneralError {
    let (text, value);
    let failure = match error {
        PathError::Deserialize(error) => {
            text = error.to_string();
            let (location, message) = untracked(&text);
            match read_cannot_parse(message) {
                Some((raw, expected_type)) => {
                    value = percent_decode(&raw);
                    RequestFailure::PathValue { value: &value, param: path_param(location), expected_type }
                }
                None => RequestFailure::Parse(Failure::unpositioned(Input::Path, location, message)),
            }
        }
        _ => RequestFailure::Unexplained(Input::Path),
    };
    failure.classify(detail)
}

/// The parameter a [`Tracked`] location names: `[1]` by its index, `id` by its name.
fn path_param(location: Option<&str>) -> PathParam<'_> {
    let Some(location) = location else { return PathParam::Whole };
    match location.strip_prefix('[').and_then(|i| i.strip_suffix(']')) {
        Some(index) => index.parse().map_or(PathParam::Key(location), PathParam::Index),
        None => PathParam::Key(location),
    }
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
        Some(RequestFailure::TooLarge.classify(detail))
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
    settings: Settings,
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
        ready(Ok(ErrorService { service, settings: self.settings.clone() }))
    }
}

/// The service of an [`ErrorMiddleware`], wrapping the application's.
///
/// ```
/// fn wrapped<S>(_: &errwire::actix::ErrorService<S>) {}
/// ```
pub struct ErrorService<S> {
    service: S,
    settings: Settings,
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
        let settings = self.settings.clone();
        // The request can't be kept for the panic's response (routing needs it unshared), so a
        // panic is answered as an `Err`, which actix-web renders with `Rejection::error_response`.
        let called =
            Guarded::call(request_scope(&settings, request.headers()), || self.service.call(request));
        Box::pin(called.answer(move |outcome| match outcome {
            Ok(Ok(response)) => Ok(replace_bare_error(response, &settings)),
            Ok(Err(error)) => Err(match general_error_of(&error, settings.detail) {
                Some(general) => settings.reject(general).into(),
                None => error,
            }),
            Err(panic) => Err(settings.panicked(&*panic).into()),
        }))
    }
}

/// The request's scope: its `x-request-id` (by the same rules as
/// [`RequestScope::request_id_from`]) and whether 4xx responses get an instance id.
fn request_scope(settings: &Settings, headers: &HeaderMap) -> RequestScope {
    // actix-web's headers are `http` 0.2's; only a request that has an id (or, with feature
    // `fluent`, an `Accept-Language`) pays for the copy.
    let name = HeaderName::from_static("x-request-id");
    #[cfg(feature = "fluent")]
    let language = HeaderName::from_static("accept-language");
    let read = headers.get(&name).map(|id| (&name, id));
    #[cfg(feature = "fluent")]
    let read = read.into_iter().chain(headers.get(&language).map(|value| (&language, value)));
    settings.scope(&from_actix(read))
}

/// actix-web's own 404 (no route) and 405 (no method) have no body, and its extractor errors are
/// plain text: answer them in the format, keeping their headers (`Allow`).
fn replace_bare_error<B: MessageBody>(
    response: ServiceResponse<B>,
    settings: &Settings,
) -> ServiceResponse<EitherBody<B>> {
    let error = response.response().error().and_then(|error| general_error_of(error, settings.detail));
    let error = error.or_else(|| {
        let has_content_type = response.headers().contains_key(CONTENT_TYPE);
        let empty = matches!(response.response().body().size(), BodySize::None | BodySize::Sized(0));
        bare_error(response.status().as_u16(), has_content_type, empty)
    });
    let Some(error) = error else { return response.map_into_left_body() };
    let (request, original) = response.into_parts();
    let replaced = settings.replace(&error, &from_actix(original.headers()));
    ServiceResponse::new(request, to_actix(replaced)).map_into_right_body()
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

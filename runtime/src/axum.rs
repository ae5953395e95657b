//! axum integration (feature `axum`): every request failure answered in the service's format.
//!
//! Derived types implement `IntoResponse`, so handlers return them. What fails before a handler
//! answers is covered here, set up in one place:
//!
//! - [`Json`], [`Query`], [`Path`]: drop-in replacements for axum's extractors whose rejections
//!   are [`GeneralError`]s (`InvalidJsonInput`, `InvalidQueryParam`, `InvalidPathParam`, 413,
//!   415) with the parser's explanation as `detailedErrorMessage`, never a Rust type name.
//! - [`ErrorLayer`]: the format of those errors; it also answers an unknown route with
//!   `ResourceNotFound` (404), a wrong method with `MethodNotAllowed` (405, keeping `Allow`),
//!   and a handler panic with `General` (500) carrying an instance id, never the panic text.
//!
//! ```
//! use axum::{Router, routing::post};
//! use errwire::axum::{ErrorLayer, Json};
//! use errwire::format::ErrorList;
//!
//! #[derive(serde::Deserialize)]
//! struct NewDeployment { key: String }
//!
//! async fn create(Json(new): Json<NewDeployment>) -> String {
//!     new.key
//! }
//!
//! // Add the layer last, so that it wraps every route and the fallback.
//! let app: Router = Router::new().route("/deployments", post(create)).layer(ErrorLayer::new(ErrorList));
//! ```

use core::any::Any;
use core::future::Future;
use core::panic::AssertUnwindSafe;
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};
use std::convert::Infallible;
use std::panic::catch_unwind;
use std::sync::Arc;

use ::axum::body::{Body, HttpBody};
use ::axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use ::axum::extract::{FromRequest, FromRequestParts, Request};
use ::axum::response::{IntoResponse, Response};
use http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use http::request::Parts;
use http::{Extensions, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::general::{GeneralFormat, cannot_parse, client_message, default_format};
use crate::unwind::{CatchUnwind, panic_instance};
use crate::{ApiError, Context, GeneralError, RequestScope};

/// The axum response of an error: [`ApiError::to_response`] with the body boxed for axum.
pub fn response<E: ApiError + ?Sized>(error: &E) -> Response {
    error.to_response().map(Body::from)
}

/// Lets handlers return `Result<T, Box<dyn ApiError + Send + Sync>>`, any derived error behind
/// the box.
impl IntoResponse for Box<dyn ApiError + Send + Sync> {
    fn into_response(self) -> Response {
        response(&*self)
    }
}

/// Several errors in one response, in the error type's format.
impl<E: ApiError> IntoResponse for crate::Errors<E> {
    fn into_response(self) -> Response {
        self.to_response().map(Body::from)
    }
}

/// The format the [`ErrorLayer`] chose, as a request extension for the extractors.
#[derive(Clone)]
struct ServiceFormat(Arc<dyn GeneralFormat>);

fn format_of(extensions: &Extensions) -> Arc<dyn GeneralFormat> {
    match extensions.get::<ServiceFormat>() {
        Some(ServiceFormat(format)) => Arc::clone(format),
        None => default_format(),
    }
}

/// An extractor's rejection: a [`GeneralError`] in the service's format.
pub struct Rejection {
    error: GeneralError,
    format: Arc<dyn GeneralFormat>,
}

impl Rejection {
    /// The general error this rejection answers with.
    pub fn error(&self) -> &GeneralError {
        &self.error
    }
}

impl core::fmt::Debug for Rejection {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Rejection").field("error", &self.error).finish_non_exhaustive()
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.format.render(&self.error, &Context::new()).map(Body::from)
    }
}

/// `axum::Json`, whose rejections are `InvalidJsonInput` (400), `UnsupportedMediaType` (415)
/// or `PayloadTooLarge` (413) in the service's format. As a response it is `axum::Json`.
#[derive(Clone, Copy, Debug, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let format = format_of(request.extensions());
        match ::axum::Json::<T>::from_request(request, state).await {
            Ok(::axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(Rejection { error: json_error(&rejection), format }),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        ::axum::Json(self.0).into_response()
    }
}

fn json_error(rejection: &JsonRejection) -> GeneralError {
    let detail = |text: String| client_message(after_colon(&text));
    match rejection {
        JsonRejection::JsonDataError(error) => {
            GeneralError::InvalidJsonInput { detailed_error_message: detail(error.body_text()) }
        }
        JsonRejection::JsonSyntaxError(error) => {
            GeneralError::InvalidJsonInput { detailed_error_message: detail(error.body_text()) }
        }
        JsonRejection::MissingJsonContentType(_) => GeneralError::UnsupportedMediaType {
            detailed_error_message: "Expected a request with `Content-Type: application/json`".to_owned(),
        },
        JsonRejection::BytesRejection(error) => bytes_error(error),
        _ => GeneralError::InvalidJsonInput { detailed_error_message: String::new() },
    }
}

fn bytes_error(rejection: &BytesRejection) -> GeneralError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let detailed_error_message = "The request body exceeds the size limit of this endpoint".to_owned();
        return GeneralError::PayloadTooLarge { detailed_error_message };
    }
    let detailed_error_message = "The request body could not be read".to_owned();
    GeneralError::InvalidJsonInput { detailed_error_message }
}

/// axum's texts read "Failed to …: <the parser's message>"; the client needs the message.
fn after_colon(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, message)| message)
}

/// `axum::extract::Query`, whose rejection is `InvalidQueryParam` (400) in the service's format.
#[derive(Clone, Copy, Debug, Default)]
pub struct Query<T>(pub T);

impl<T, S> FromRequestParts<S> for Query<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        match ::axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Query(value)) => Ok(Query(value)),
            Err(rejection) => {
                let error = query_error(&rejection);
                Err(Rejection { error, format: format_of(&parts.extensions) })
            }
        }
    }
}

fn query_error(rejection: &QueryRejection) -> GeneralError {
    GeneralError::InvalidQueryParam {
        detailed_error_message: client_message(after_colon(&rejection.body_text())),
    }
}

/// `axum::extract::Path`, whose rejection is `InvalidPathParam` (400) in the service's format,
/// or `General` (500) when the route and the extracted type don't match (a server bug).
#[derive(Clone, Copy, Debug, Default)]
pub struct Path<T>(pub T);

impl<T, S> FromRequestParts<S> for Path<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Rejection> {
        match ::axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(::axum::extract::Path(value)) => Ok(Path(value)),
            Err(rejection) => {
                let error = path_error(rejection);
                Err(Rejection { error, format: format_of(&parts.extensions) })
            }
        }
    }
}

fn path_error(rejection: PathRejection) -> GeneralError {
    use ::axum::extract::path::ErrorKind;
    let PathRejection::FailedToDeserializePathParams(error) = rejection else {
        return GeneralError::General;
    };
    let detailed_error_message = match error.into_kind() {
        ErrorKind::ParseErrorAtKey { key, value, expected_type } => {
            cannot_parse(&value, &format!(" for path parameter `{key}`"), expected_type)
        }
        ErrorKind::ParseErrorAtIndex { index, value, expected_type } => {
            cannot_parse(&value, &format!(" for path parameter {index}"), expected_type)
        }
        ErrorKind::ParseError { value, expected_type } => cannot_parse(&value, "", expected_type),
        ErrorKind::InvalidUtf8InPathParam { key } => format!("Path parameter `{key}` is not valid UTF-8"),
        ErrorKind::DeserializeError { key, value, message } => {
            format!("Cannot parse `{value}` for path parameter `{key}`: {}", client_message(&message))
        }
        ErrorKind::Message(message) => client_message(&message),
        // The route and the handler's type disagree: the server's fault.
        _ => return GeneralError::General,
    };
    GeneralError::InvalidPathParam { detailed_error_message }
}

/// Sets the format of the general errors and answers what no handler does: an unknown route
/// (404 `ResourceNotFound`), a wrong method (405 `MethodNotAllowed`), a handler panic (500
/// `General`, logged with its instance id under feature `tracing`).
///
/// Add it last (`Router::layer` wraps what is there), with the same format the service's own
/// error types name in `#[api(format = ...)]`.
///
/// Each request runs in a [`RequestScope`]: a request's `x-request-id` becomes the instance id
/// of its error responses (also of the service's own derived errors), and
/// [`every_error`](Self::every_error) gives 4xx responses one too.
#[derive(Clone)]
pub struct ErrorLayer {
    format: Arc<dyn GeneralFormat>,
    every_error: bool,
}

impl ErrorLayer {
    /// General errors in `format` (a [`Format`](crate::Format) value such as
    /// `errwire::format::ErrorList` or the service's own const).
    pub fn new<F: crate::Format + Send + Sync + 'static>(format: F) -> Self {
        ErrorLayer { format: Arc::new(format), every_error: false }
    }

    /// Whether every error response (4xx too) carries an instance id; by default only 5xx do.
    #[must_use]
    pub fn every_error(self, every_error: bool) -> Self {
        ErrorLayer { every_error, ..self }
    }
}

impl Default for ErrorLayer {
    /// General errors in problem+json.
    fn default() -> Self {
        ErrorLayer { format: default_format(), every_error: false }
    }
}

impl core::fmt::Debug for ErrorLayer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ErrorLayer").finish_non_exhaustive()
    }
}

impl<S> tower_layer::Layer<S> for ErrorLayer {
    type Service = ErrorService<S>;

    fn layer(&self, inner: S) -> ErrorService<S> {
        ErrorService { inner, format: Arc::clone(&self.format), every_error: self.every_error }
    }
}

/// The service of an [`ErrorLayer`].
#[derive(Clone)]
pub struct ErrorService<S> {
    inner: S,
    format: Arc<dyn GeneralFormat>,
    every_error: bool,
}

impl<S> core::fmt::Debug for ErrorService<S> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ErrorService").finish_non_exhaustive()
    }
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl<S> tower_service::Service<Request> for ErrorService<S>
where
    S: tower_service::Service<Request, Response = Response, Error = Infallible>,
    S::Future: Send + 'static,
{
    type Response = Response;
    type Error = Infallible;
    type Future = BoxFuture<Result<Response, Infallible>>;

    fn poll_ready(&mut self, cx: &mut TaskContext<'_>) -> Poll<Result<(), Infallible>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: Request) -> Self::Future {
        request.extensions_mut().insert(ServiceFormat(Arc::clone(&self.format)));
        let format = Arc::clone(&self.format);
        let scope = RequestScope::new().request_id_from(request.headers()).every_error(self.every_error);
        let called = scope.run(|| catch_unwind(AssertUnwindSafe(|| self.inner.call(request))));
        Box::pin(async move {
            let outcome = match called {
                Ok(future) => CatchUnwind(scope.clone().wrap(future)).await,
                Err(panic) => Err(panic),
            };
            Ok(scope.run(|| match outcome {
                Ok(Ok(response)) => replace_bare_error(response, &*format),
                Ok(Err(infallible)) => match infallible {},
                Err(panic) => panicked(&*panic, &*format),
            }))
        })
    }
}

/// axum's own 404 (no route) and 405 (no method) have no body: answer them in the format,
/// keeping their headers (`Allow`).
fn replace_bare_error(response: Response, format: &dyn GeneralFormat) -> Response {
    let error = match response.status() {
        StatusCode::NOT_FOUND => GeneralError::ResourceNotFound,
        StatusCode::METHOD_NOT_ALLOWED => GeneralError::MethodNotAllowed,
        _ => return response,
    };
    let bare =
        !response.headers().contains_key(CONTENT_TYPE) && response.body().size_hint().exact() == Some(0);
    if !bare {
        return response;
    }
    let (parts, _) = response.into_parts();
    let mut replaced = format.render(&error, &Context::new()).map(Body::from);
    for (name, value) in &parts.headers {
        if name != CONTENT_LENGTH && !replaced.headers().contains_key(name) {
            replaced.headers_mut().append(name.clone(), value.clone());
        }
    }
    replaced
}

/// Runs inside the request's scope: the request's id, else a generated one, is the instance.
fn panicked(payload: &(dyn Any + Send), format: &dyn GeneralFormat) -> Response {
    let instance = panic_instance(payload);
    let cx = Context::new().with_instance(&instance);
    format.render(&GeneralError::General, &cx).map(Body::from)
}

//! axum integration (feature `axum`): every request failure answered in the service's format.
//!
//! Derived types implement `IntoResponse`, so handlers return them. What fails before a handler
//! answers is covered here, set up in one place:
//!
//! - [`Json`], [`Query`], [`Path`]: drop-in replacements for axum's extractors whose rejections
//!   are [`GeneralError`]s (`InvalidJsonInput`, `InvalidQueryParam`, `InvalidPathParam`, 413,
//!   415) with the parser's explanation as `detailedErrorMessage`: by default its location and a
//!   reason from a fixed vocabulary, never a Rust type name, the client's own text cut at 64
//!   characters ([`ParserDetail`]).
//! - [`ErrorLayer`]: the format of those errors and how much of the parser's explanation they
//!   carry; it also answers an unknown route with `ResourceNotFound` (404), a wrong method with
//!   `MethodNotAllowed` (405, keeping `Allow`), and a handler panic with `General` (500)
//!   carrying an instance id, never the panic text.
//!
//! A failure is classified by its kind (axum's rejection types and path error kinds), never by
//! its text: whatever the client sent that doesn't parse is a 400; only a route whose parameters
//! don't fit the handler's `Path` type (a server bug) is a 500.
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

pub use crate::general::ParserDetail;
use crate::general::{
    Failure, GeneralFormat, Input, PathParam, bounded, cannot_parse, default_format, split_location,
    split_position,
};
use crate::unwind::{CatchUnwind, panic_instance};
use crate::{ApiError, Context, GeneralError, RequestScope};

/// The axum response of an error: [`ApiError::to_response`] with the body boxed for axum.
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 404, msg = "Deployment {id} does not exist")]
/// struct DeploymentNotFound { id: u64 }
///
/// let response = errwire::axum::response(&DeploymentNotFound { id: 7 });
/// assert_eq!(response.status(), 404);
/// ```
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

/// What the [`ErrorLayer`] chose, as a request extension for the extractors.
#[derive(Clone)]
struct ServiceFormat {
    format: Arc<dyn GeneralFormat>,
    detail: ParserDetail,
}

/// The service's format and parser detail (problem+json and the default without a layer).
fn format_of(extensions: &Extensions) -> (Arc<dyn GeneralFormat>, ParserDetail) {
    match extensions.get::<ServiceFormat>() {
        Some(service) => (Arc::clone(&service.format), service.detail),
        None => (default_format(), ParserDetail::default()),
    }
}

/// An extractor's rejection: a [`GeneralError`] in the service's format.
///
/// ```
/// use axum::extract::FromRequestParts;
/// use errwire::GeneralError;
/// use errwire::axum::Query;
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Search { limit: u32 }
///
/// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
/// let request = axum::http::Request::get("/search?limit=many").body(()).unwrap();
/// let (mut parts, ()) = request.into_parts();
/// let rejection = Query::<Search>::from_request_parts(&mut parts, &()).await.unwrap_err();
/// assert!(matches!(
///     rejection.error(),
///     GeneralError::InvalidQueryParam { detailed_error_message } if detailed_error_message == "limit: invalid digit found in string"
/// ));
/// # });
/// ```
pub struct Rejection {
    error: GeneralError,
    format: Arc<dyn GeneralFormat>,
}

impl Rejection {
    /// The general error this rejection answers with.
    ///
    /// ```
    /// use axum::extract::FromRequestParts;
    /// use errwire::axum::Path;
    ///
    /// # tokio::runtime::Builder::new_current_thread().build().unwrap().block_on(async {
    /// // Outside a router there are no path parameters: a server bug, a 500.
    /// let (mut parts, ()) = axum::http::Request::get("/x").body(()).unwrap().into_parts();
    /// let rejection = Path::<u64>::from_request_parts(&mut parts, &()).await.unwrap_err();
    /// assert_eq!(errwire::ApiError::status(rejection.error()), 500);
    /// # });
    /// ```
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
///
/// ```
/// use axum::routing::post;
/// use errwire::axum::Json;
///
/// #[derive(serde::Deserialize, serde::Serialize)]
/// struct NewDeployment { key: String }
///
/// async fn create(Json(new): Json<NewDeployment>) -> Json<NewDeployment> {
///     Json(new)
/// }
/// let app: axum::Router = axum::Router::new().route("/deployments", post(create));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Json<T>(pub T);

impl<T, S> FromRequest<S> for Json<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = Rejection;

    async fn from_request(request: Request, state: &S) -> Result<Self, Rejection> {
        let (format, detail) = format_of(request.extensions());
        match ::axum::Json::<T>::from_request(request, state).await {
            Ok(::axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(Rejection { error: json_error(&rejection, detail), format }),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        ::axum::Json(self.0).into_response()
    }
}

fn json_error(rejection: &JsonRejection, detail: ParserDetail) -> GeneralError {
    let explained = |text: String, syntax| explain(Input::Body, &text, syntax, detail);
    let detailed_error_message = match rejection {
        JsonRejection::JsonDataError(error) => explained(error.body_text(), false),
        JsonRejection::JsonSyntaxError(error) => explained(error.body_text(), true),
        JsonRejection::MissingJsonContentType(_) => {
            return GeneralError::UnsupportedMediaType {
                detailed_error_message: "Expected a request with `Content-Type: application/json`".to_owned(),
            };
        }
        JsonRejection::BytesRejection(error) => return bytes_error(error),
        _ => Input::Body.sentence(),
    };
    GeneralError::InvalidJsonInput { detailed_error_message }
}

/// The explanation of a parser failure of which axum gives the text only ("Failed to …:
/// <location>: <message> at line 1 column 9"): taken apart, then filtered.
fn explain(input: Input, text: &str, syntax: bool, detail: ParserDetail) -> String {
    let (rest, position) = split_position(after_colon(text));
    let (location, message) = split_location(rest);
    Failure { input, location, message, position, syntax }.explain(detail)
}

fn bytes_error(rejection: &BytesRejection) -> GeneralError {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        let detailed_error_message = "The request body exceeds the size limit of this endpoint".to_owned();
        return GeneralError::PayloadTooLarge { detailed_error_message };
    }
    let detailed_error_message = "The request body could not be read".to_owned();
    GeneralError::InvalidJsonInput { detailed_error_message }
}

/// axum's texts read "Failed to …: <the parser's message>" (axum's own words, without ": "); the
/// client needs the message.
fn after_colon(text: &str) -> &str {
    text.split_once(": ").map_or(text, |(_, message)| message)
}

/// `axum::extract::Query`, whose rejection is `InvalidQueryParam` (400) in the service's format.
///
/// ```
/// use axum::routing::get;
/// use errwire::axum::Query;
///
/// #[derive(serde::Deserialize)]
/// struct Search { limit: u32 }
///
/// async fn search(Query(search): Query<Search>) -> String {
///     search.limit.to_string()
/// }
/// let app: axum::Router = axum::Router::new().route("/search", get(search));
/// ```
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
                let (format, detail) = format_of(&parts.extensions);
                Err(Rejection { error: query_error(&rejection, detail), format })
            }
        }
    }
}

fn query_error(rejection: &QueryRejection, detail: ParserDetail) -> GeneralError {
    let detailed_error_message = match rejection {
        QueryRejection::FailedToDeserializeQueryString(error) => {
            explain(Input::Query, &error.body_text(), false, detail)
        }
        _ => Input::Query.sentence(),
    };
    GeneralError::InvalidQueryParam { detailed_error_message }
}

/// `axum::extract::Path`, whose rejection is `InvalidPathParam` (400) in the service's format,
/// or `General` (500) when the route and the extracted type don't match (a server bug: axum's
/// `WrongNumberOfParameters`, `UnsupportedType`, `MissingPathParams`).
///
/// ```
/// use axum::routing::get;
/// use errwire::axum::Path;
///
/// async fn get_one(Path(id): Path<u64>) -> String {
///     id.to_string()
/// }
/// let app: axum::Router = axum::Router::new().route("/deployments/{id}", get(get_one));
/// ```
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
                let (format, detail) = format_of(&parts.extensions);
                Err(Rejection { error: path_error(rejection, detail), format })
            }
        }
    }
}

/// A path rejection by its kind: the client's value (any kind but the three below, including
/// kinds a later axum adds) is a 400; a route whose parameters don't fit the handler's type is a
/// server bug, a 500.
fn path_error(rejection: PathRejection, detail: ParserDetail) -> GeneralError {
    use ::axum::extract::path::ErrorKind;
    let error = match rejection {
        PathRejection::FailedToDeserializePathParams(error) => error,
        PathRejection::MissingPathParams(_) => return GeneralError::General,
        _ => return GeneralError::InvalidPathParam { detailed_error_message: Input::Path.sentence() },
    };
    let explained = |message: &str| {
        Failure { input: Input::Path, location: None, message, position: None, syntax: false }.explain(detail)
    };
    let detailed_error_message = match error.into_kind() {
        ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. } => {
            return GeneralError::General;
        }
        ErrorKind::ParseErrorAtKey { key, value, expected_type } => {
            cannot_parse(&value, PathParam::Key(&key), expected_type, detail)
        }
        ErrorKind::ParseErrorAtIndex { index, value, expected_type } => {
            cannot_parse(&value, PathParam::Index(index), expected_type, detail)
        }
        ErrorKind::ParseError { value, expected_type } => {
            cannot_parse(&value, PathParam::Whole, expected_type, detail)
        }
        ErrorKind::InvalidUtf8InPathParam { key } if detail != ParserDetail::None => {
            format!("Path parameter `{}` is not valid UTF-8", bounded(&key))
        }
        ErrorKind::DeserializeError { key, value, message } if detail != ParserDetail::None => {
            format!(
                "Cannot parse `{}` for path parameter `{}`: {}",
                bounded(&value),
                bounded(&key),
                explained(&message)
            )
        }
        ErrorKind::Message(message) => explained(&message),
        _ => Input::Path.sentence(),
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
/// Each request runs in a [`RequestScope`]: a request's well-formed `x-request-id` is echoed in
/// the `x-request-id` of its error responses (also of the service's own derived errors) and
/// logged beside their instance ids, and [`every_error`](Self::every_error) gives 4xx responses
/// an instance id too.
/// [`parser_detail`](Self::parser_detail) sets how much of a parser's explanation the
/// `detailedErrorMessage` of errwire's [`Json`], [`Query`] and [`Path`] rejections carries.
///
/// ```
/// use axum::{Router, routing::get};
/// use errwire::axum::{ErrorLayer, ParserDetail};
///
/// let app: Router = Router::new()
///     .route("/health", get(|| async { "ok" }))
///     .layer(ErrorLayer::new(errwire::format::ErrorList).parser_detail(ParserDetail::None));
/// ```
#[derive(Clone)]
pub struct ErrorLayer {
    format: Arc<dyn GeneralFormat>,
    every_error: bool,
    detail: ParserDetail,
}

impl ErrorLayer {
    /// General errors in `format` (a [`Format`](crate::Format) value such as
    /// `errwire::format::ErrorList` or the service's own const).
    ///
    /// ```
    /// let layer = errwire::axum::ErrorLayer::new(errwire::format::ErrorList);
    /// # let _ = layer;
    /// ```
    pub fn new<F: crate::Format + Send + Sync + 'static>(format: F) -> Self {
        ErrorLayer { format: Arc::new(format), every_error: false, detail: ParserDetail::default() }
    }

    /// Whether every error response (4xx too) carries an instance id; by default only 5xx do.
    ///
    /// ```
    /// let layer = errwire::axum::ErrorLayer::new(errwire::format::ProblemJson::new()).every_error(true);
    /// # let _ = layer;
    /// ```
    #[must_use]
    pub fn every_error(self, every_error: bool) -> Self {
        ErrorLayer { every_error, ..self }
    }

    /// How much of a parser's explanation a rejection of errwire's [`Json`], [`Query`] and
    /// [`Path`] carries as `detailedErrorMessage`: [`ParserDetail::Filtered`] by default (the
    /// location and a reason from a fixed vocabulary), [`ParserDetail::None`] for a fixed
    /// sentence, [`ParserDetail::KeepCustom`] to also keep the messages of the service's own
    /// `Deserialize` impls. Status and code are the same at every setting.
    ///
    /// ```
    /// use errwire::axum::{ErrorLayer, ParserDetail};
    ///
    /// let layer = ErrorLayer::new(errwire::format::ErrorList).parser_detail(ParserDetail::KeepCustom);
    /// # let _ = layer;
    /// ```
    #[must_use]
    pub fn parser_detail(self, detail: ParserDetail) -> Self {
        ErrorLayer { detail, ..self }
    }
}

impl Default for ErrorLayer {
    /// General errors in problem+json.
    fn default() -> Self {
        ErrorLayer { format: default_format(), every_error: false, detail: ParserDetail::default() }
    }
}

impl core::fmt::Debug for ErrorLayer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("ErrorLayer")
            .field("every_error", &self.every_error)
            .field("parser_detail", &self.detail)
            .finish_non_exhaustive()
    }
}

impl<S> tower_layer::Layer<S> for ErrorLayer {
    type Service = ErrorService<S>;

    fn layer(&self, inner: S) -> ErrorService<S> {
        ErrorService {
            inner,
            format: Arc::clone(&self.format),
            every_error: self.every_error,
            detail: self.detail,
        }
    }
}

/// The service of an [`ErrorLayer`].
///
/// ```
/// use tower_layer::Layer as _;
///
/// let service = errwire::axum::ErrorLayer::new(errwire::format::ErrorList).layer(axum::Router::new());
/// let _: errwire::axum::ErrorService<axum::Router> = service;
/// ```
#[derive(Clone)]
pub struct ErrorService<S> {
    inner: S,
    format: Arc<dyn GeneralFormat>,
    every_error: bool,
    detail: ParserDetail,
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
        request
            .extensions_mut()
            .insert(ServiceFormat { format: Arc::clone(&self.format), detail: self.detail });
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

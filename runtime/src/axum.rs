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

use core::future::Future;
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};
use std::convert::Infallible;

use ::axum::body::{Body, HttpBody};
use ::axum::extract::rejection::{BytesRejection, JsonRejection, PathRejection, QueryRejection};
use ::axum::extract::{FromRequest, FromRequestParts, Request};
use ::axum::response::{IntoResponse, Response};
use http::header::CONTENT_TYPE;
use http::request::Parts;
use http::{Extensions, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;

pub use crate::general::ParserDetail;
use crate::general::{Failure, Input, PathParam, split_location, split_position};
pub use crate::layer::Rejection;
use crate::layer::{RequestFailure, Settings, bare_error};
use crate::unwind::Guarded;
use crate::{ApiError, GeneralError};

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

/// The [`ErrorLayer`]'s settings, which it puts into each request's extensions for the
/// extractors (problem+json and the default detail without a layer).
fn settings_of(extensions: &Extensions) -> Settings {
    extensions.get::<Settings>().cloned().unwrap_or_default()
}

/// The rejection's response, in its scope if it has one (a panic's).
impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        self.render().map(Body::from)
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
        let settings = settings_of(request.extensions());
        match ::axum::Json::<T>::from_request(request, state).await {
            Ok(::axum::Json(value)) => Ok(Json(value)),
            Err(rejection) => Err(settings.rejection_of(rejection, json_error)),
        }
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        ::axum::Json(self.0).into_response()
    }
}

fn json_error(rejection: &JsonRejection, detail: ParserDetail) -> GeneralError {
    let text;
    let failure = match rejection {
        JsonRejection::JsonDataError(error) => {
            text = error.body_text();
            parsed(Input::Body, &text, false)
        }
        JsonRejection::JsonSyntaxError(error) => {
            text = error.body_text();
            parsed(Input::Body, &text, true)
        }
        JsonRejection::MissingJsonContentType(_) => RequestFailure::ContentType,
        JsonRejection::BytesRejection(error) => bytes_failure(error),
        _ => RequestFailure::Unexplained(Input::Body),
    };
    failure.classify(detail)
}

/// A parser failure of which axum gives the text only ("Failed to …: <location>: <message> at
/// line 1 column 9"), taken apart.
fn parsed(input: Input, text: &str, syntax: bool) -> RequestFailure<'_> {
    let (rest, position) = split_position(after_colon(text));
    let (location, message) = split_location(rest);
    RequestFailure::Parse(Failure { input, location, message, position, syntax })
}

fn bytes_failure(rejection: &BytesRejection) -> RequestFailure<'static> {
    if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
        RequestFailure::TooLarge
    } else {
        RequestFailure::Unreadable
    }
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
///
/// Its rejection is a [`Rejection`], whose source is axum's `QueryRejection`:
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
/// let source = std::error::Error::source(&rejection).unwrap();
/// assert!(source.is::<axum::extract::rejection::QueryRejection>());
/// # });
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
        let ::axum::extract::Query(value) = from_parts(parts, state, query_error).await?;
        Ok(Query(value))
    }
}

/// axum's extractor `E`, its rejection classified by `classify` with the service's settings.
async fn from_parts<E, S>(
    parts: &mut Parts,
    state: &S,
    classify: fn(&E::Rejection, ParserDetail) -> GeneralError,
) -> Result<E, Rejection>
where
    E: FromRequestParts<S>,
    E::Rejection: std::error::Error + Send + Sync + 'static,
    S: Send + Sync,
{
    let extracted = E::from_request_parts(parts, state).await;
    extracted.map_err(|rejection| settings_of(&parts.extensions).rejection_of(rejection, classify))
}

fn query_error(rejection: &QueryRejection, detail: ParserDetail) -> GeneralError {
    let text;
    let failure = match rejection {
        QueryRejection::FailedToDeserializeQueryString(error) => {
            text = error.body_text();
            parsed(Input::Query, &text, false)
        }
        _ => RequestFailure::Unexplained(Input::Query),
    };
    failure.classify(detail)
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
///
/// Its rejection is a [`Rejection`], whose source is axum's `PathRejection`:
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
/// assert_eq!(rejection.status(), 500);
/// # });
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
        let ::axum::extract::Path(value) = from_parts(parts, state, path_error).await?;
        Ok(Path(value))
    }
}

/// A path rejection by its kind: the client's value (any kind but the three below, including
/// kinds a later axum adds) is a 400; a route whose parameters don't fit the handler's type is a
/// server bug, a 500.
fn path_error(rejection: &PathRejection, detail: ParserDetail) -> GeneralError {
    use ::axum::extract::path::ErrorKind;
    let error = match rejection {
        PathRejection::FailedToDeserializePathParams(error) => error,
        PathRejection::MissingPathParams(_) => return RequestFailure::ServerBug.classify(detail),
        _ => return RequestFailure::Unexplained(Input::Path).classify(detail),
    };
    let failure = match error.kind() {
        ErrorKind::WrongNumberOfParameters { .. } | ErrorKind::UnsupportedType { .. } => {
            RequestFailure::ServerBug
        }
        ErrorKind::ParseErrorAtKey { key, value, expected_type } => {
            RequestFailure::PathValue { value, param: PathParam::Key(key), expected_type }
        }
        ErrorKind::ParseErrorAtIndex { index, value, expected_type } => {
            RequestFailure::PathValue { value, param: PathParam::Index(*index), expected_type }
        }
        ErrorKind::ParseError { value, expected_type } => {
            RequestFailure::PathValue { value, param: PathParam::Whole, expected_type }
        }
        ErrorKind::InvalidUtf8InPathParam { key } => RequestFailure::PathUtf8 { key },
        ErrorKind::DeserializeError { key, value, message } => {
            RequestFailure::PathDeserialize { key, value, message }
        }
        ErrorKind::Message(message) => {
            RequestFailure::Parse(Failure::unpositioned(Input::Path, None, message))
        }
        _ => RequestFailure::Unexplained(Input::Path),
    };
    failure.classify(detail)
}

/// Sets the format of the general errors and answers what no handler does: an unknown route
/// (404 `ResourceNotFound`), a wrong method (405 `MethodNotAllowed`), a handler panic (500
/// `General`, logged with its instance id under feature `tracing`).
///
/// Add it last (`Router::layer` wraps what is there), with the same format the service's own
/// error types name in `#[api(format = ...)]`.
///
/// Each request runs in a [`RequestScope`](crate::RequestScope): a request's well-formed `x-request-id` is echoed in
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
    settings: Settings,
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
        ErrorLayer { settings: Settings::new(format) }
    }

    /// Whether every error response (4xx too) carries an instance id; by default only 5xx do.
    ///
    /// ```
    /// let layer = errwire::axum::ErrorLayer::new(errwire::format::ProblemJson::new()).every_error(true);
    /// # let _ = layer;
    /// ```
    #[must_use]
    pub fn every_error(self, every_error: bool) -> Self {
        ErrorLayer { settings: Settings { every_error, ..self.settings } }
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
        ErrorLayer { settings: Settings { detail, ..self.settings } }
    }
}

impl Default for ErrorLayer {
    /// General errors in problem+json.
    fn default() -> Self {
        ErrorLayer { settings: Settings::default() }
    }
}

impl core::fmt::Debug for ErrorLayer {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        self.settings.debug_fields(&mut f.debug_struct("ErrorLayer")).finish_non_exhaustive()
    }
}

impl<S> tower_layer::Layer<S> for ErrorLayer {
    type Service = ErrorService<S>;

    fn layer(&self, inner: S) -> ErrorService<S> {
        ErrorService { inner, settings: self.settings.clone() }
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
    settings: Settings,
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
        request.extensions_mut().insert(self.settings.clone());
        let settings = self.settings.clone();
        let called = Guarded::call(settings.scope(request.headers()), || self.inner.call(request));
        Box::pin(called.answer(move |outcome| {
            Ok(match outcome {
                Ok(Ok(response)) => replace_bare_error(response, &settings),
                Ok(Err(infallible)) => match infallible {},
                Err(panic) => settings.panicked(&*panic).into_response(),
            })
        }))
    }
}

/// axum's own 404 (no route) and 405 (no method) have no body: answer them in the format,
/// keeping their headers (`Allow`).
fn replace_bare_error(response: Response, settings: &Settings) -> Response {
    let has_content_type = response.headers().contains_key(CONTENT_TYPE);
    let empty = response.body().size_hint().exact() == Some(0);
    let Some(error) = bare_error(response.status().as_u16(), has_content_type, empty) else {
        return response;
    };
    let (parts, _) = response.into_parts();
    settings.replace(&error, &parts.headers).map(Body::from)
}

use http::{Response, StatusCode, header::CONTENT_TYPE};
use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::format::{Document, Documents, ErrorItem, Format, Renderable};
use crate::log::log;
use crate::{ApiError, GeneralError, Headers, InstanceId, RequestScope};

/// What a response adds to an error: for now, the instance id.
///
/// ```
/// use errwire::{ApiError, Context};
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 503, msg = "Write operations are temporarily unavailable")]
/// struct Unavailable;
///
/// let response = Unavailable.to_response_with(&Context::new().with_instance("req-42"));
/// assert!(std::str::from_utf8(response.body()).unwrap().contains(r#""instance":"req-42""#));
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Context<'a> {
    instance: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// No instance id: the [`RequestScope`]'s, else one is generated for 5xx responses.
    pub const fn new() -> Self {
        Context { instance: None }
    }

    /// Use `instance` as the response's instance id (for example the request's `x-request-id`).
    #[must_use]
    pub const fn with_instance(self, instance: &'a str) -> Self {
        Context { instance: Some(instance) }
    }

    /// The caller-supplied instance id.
    pub const fn instance(&self) -> Option<&'a str> {
        self.instance
    }
}

/// Renders `error` in `format` into a complete response: status, content type, the error's
/// headers, body bytes.
///
/// This is what derived types call from [`ApiError::to_response_with`]. A 5xx response always
/// carries an instance id: the context's, else a generated one. If a field fails to serialize,
/// the response is a 500 in the same format instead, and never a panic or broken JSON: the
/// framework layers' [`GeneralError::General`], which
/// `errwire::openapi::add_general_errors` (feature `utoipa`) documents on every operation.
///
/// ```
/// use errwire::{ApiError, Context, format::ProblemJson};
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 418)]
/// struct Teapot;
///
/// let response = errwire::render(&ProblemJson, &Teapot, &Context::new());
/// assert_eq!(
///     response.body().as_slice(),
///     br#"{"type":"about:blank","title":"I'm a teapot","status":418,"detail":"I'm a teapot"}"#,
/// );
/// ```
pub fn render<F, E>(format: &F, error: &E, cx: &Context<'_>) -> Response<Vec<u8>>
where
    F: Format + ?Sized,
    E: Renderable + ?Sized,
{
    respond(
        format,
        error.status(),
        cx,
        BODY_CAPACITY,
        |instance| log(error, instance),
        |instance, serializer| format.serialize(&Document::new(error).with_instance(instance), serializer),
        |headers| error.headers(headers),
    )
}

/// Renders several errors in one response; see [`Errors`](crate::Errors).
pub(crate) fn render_many<F, T>(
    format: &F,
    items: &[T],
    status: StatusCode,
    cx: &Context<'_>,
) -> Response<Vec<u8>>
where
    F: Format + ?Sized,
    T: ErrorItem,
{
    if items.is_empty() {
        // Failing without an error is a server bug: a plain 500 in the format.
        return render(format, &GeneralError::General, cx);
    }
    respond(
        format,
        status,
        cx,
        BODY_CAPACITY + ITEM_CAPACITY * items.len(),
        |instance| items.iter().for_each(|item| log(item.error(), instance)),
        |instance, serializer| format.serialize_many(&Documents::new(items, status, instance), serializer),
        |headers| items.iter().for_each(|item| item.error().headers(headers)),
    )
}

type JsonSerializer<'a> = serde_json::Serializer<&'a mut Vec<u8>>;

/// The one place a response is built: instance id, log, body (or the 500 replacing it),
/// content type, headers.
fn respond<F: Format + ?Sized>(
    format: &F,
    status: StatusCode,
    cx: &Context<'_>,
    capacity: usize,
    log: impl FnOnce(Option<&str>),
    write_body: impl FnOnce(Option<&str>, &mut JsonSerializer<'_>) -> serde_json::Result<()>,
    add_headers: impl FnOnce(&mut Headers<'_>),
) -> Response<Vec<u8>> {
    let (generated, scoped);
    let instance = match cx.instance {
        Some(instance) => Some(instance),
        None => {
            match RequestScope::current_instance(status.is_server_error() || format.every_error_instance()) {
                Ok(Some(id)) => {
                    scoped = id;
                    Some(&*scoped)
                }
                Ok(None) => {
                    generated = InstanceId::generate();
                    Some(generated.as_str())
                }
                Err(()) => None,
            }
        }
    };
    log(instance);
    let mut body = Vec::with_capacity(capacity);
    if let Err(failure) = write_body(instance, &mut serde_json::Serializer::new(&mut body)) {
        return serialization_failed(format, &failure, instance);
    }
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, format.content_type());
    add_instance_header(headers, format, instance);
    add_headers(&mut Headers::new(headers));
    response
}

/// The instance id as `x-request-id`, for formats whose body has no place for it.
fn add_instance_header<F: Format + ?Sized>(
    headers: &mut http::HeaderMap,
    format: &F,
    instance: Option<&str>,
) {
    let Some(instance) = instance.filter(|_| !format.writes_instance()) else { return };
    // A caller-supplied id that is not a legal header value stays out of the headers.
    if let Ok(value) = http::HeaderValue::from_str(instance) {
        headers.insert(X_REQUEST_ID, value);
    }
}

const X_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-request-id");

/// Writes the error's extra members as one JSON object: the body of
/// [`ApiError::write_fields_json`].
///
/// # Errors
///
/// Whatever a field's `Serialize` impl returns.
pub fn fields_to_json<E: ApiError>(error: &E, out: &mut Vec<u8>) -> serde_json::Result<()> {
    struct Fields<'a, E>(&'a E);
    impl<E: ApiError> Serialize for Fields<'_, E> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut map = serializer.serialize_map(None)?;
            self.0.serialize_fields(&mut map)?;
            map.end()
        }
    }
    serde_json::to_writer(out, &Fields(error))
}

// Most bodies fit: one allocation for the body instead of several while it grows.
const BODY_CAPACITY: usize = 256;

// What each error of several adds to that (a list item with a message and a few members).
const ITEM_CAPACITY: usize = 128;

#[cold]
fn serialization_failed<F: Format + ?Sized>(
    format: &F,
    failure: &serde_json::Error,
    instance: Option<&str>,
) -> Response<Vec<u8>> {
    let generated = InstanceId::generate();
    let instance = instance.unwrap_or(generated.as_str());
    #[cfg(feature = "tracing")]
    tracing::error!(instance, failure = %failure, "error body failed to serialize; sent a 500 instead");
    #[cfg(not(feature = "tracing"))]
    let _ = failure;
    let doc = Document::new(&GeneralError::General).with_instance(Some(instance));
    let mut body = Vec::with_capacity(BODY_CAPACITY);
    // The replacement has no fields, so only a broken format could fail here too.
    if format.serialize(&doc, &mut serde_json::Serializer::new(&mut body)).is_err() {
        body = br#"{"status":500}"#.to_vec();
    }
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(CONTENT_TYPE, format.content_type());
    add_instance_header(response.headers_mut(), format, Some(instance));
    response
}

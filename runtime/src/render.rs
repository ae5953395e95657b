use http::header::{CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use http::{Response, StatusCode};
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
    /// Feature `fluent`: the requested language, an `Accept-Language` value.
    #[cfg(feature = "fluent")]
    locale: Option<&'a str>,
}

impl<'a> Context<'a> {
    /// No instance id: the [`RequestScope`]'s, else one is generated for 5xx responses.
    pub const fn new() -> Self {
        Context {
            instance: None,
            #[cfg(feature = "fluent")]
            locale: None,
        }
    }

    /// Use `instance` as the response's instance id (for example the request's `x-request-id`).
    #[must_use]
    pub const fn with_instance(self, instance: &'a str) -> Self {
        Context { instance: Some(instance), ..self }
    }

    /// The caller-supplied instance id.
    pub const fn instance(&self) -> Option<&'a str> {
        self.instance
    }

    /// Feature `fluent`: answer in the language `accept_language` asks for (an
    /// `Accept-Language` value; a single tag like `"de"` is one), instead of the request's
    /// (see [`l10n`](crate::l10n)). Only errors whose type has translations change.
    ///
    /// ```
    /// use errwire::{ApiError, Context};
    ///
    /// #[derive(Debug, ApiError)]
    /// #[api(locales = "doc-locales")] // errwire's own runtime/doc-locales/de.ftl
    /// enum OrderError {
    ///     #[api(status = 409, msg = "Order {id} was changed by someone else")]
    ///     Conflict { id: u64 },
    /// }
    ///
    /// let error = OrderError::Conflict { id: 7 };
    /// let response = error.to_response_with(&Context::new().with_locale("de-CH, de;q=0.9, en;q=0.5"));
    /// assert_eq!(response.headers()["content-language"], "de");
    /// assert_eq!(
    ///     std::str::from_utf8(response.body()).unwrap(),
    ///     r#"{"type":"about:blank","title":"Konflikt","status":409,"detail":"Bestellung 7 wurde von jemand anderem geändert","id":7}"#,
    /// );
    /// // A language the type has no translation for gets the `msg`, and says so.
    /// let response = error.to_response_with(&Context::new().with_locale("ja"));
    /// assert_eq!(response.headers()["content-language"], "en");
    /// ```
    #[cfg(feature = "fluent")]
    #[must_use]
    pub const fn with_locale(self, accept_language: &'a str) -> Self {
        Context { locale: Some(accept_language), ..self }
    }

    /// Feature `fluent`: the requested language ([`with_locale`](Self::with_locale)).
    #[cfg(feature = "fluent")]
    pub const fn locale(&self) -> Option<&'a str> {
        self.locale
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
    // Feature `fluent`: a type with translations answers in the requested language.
    #[cfg(feature = "fluent")]
    if let Some(translations) = error.translations() {
        return crate::l10n::render(format, error, translations, cx);
    }
    respond_with(format, error, cx, |instance, serializer| {
        format.serialize(&Document::new(error).with_instance(instance), serializer)
    })
}

/// [`render`] with the body written by `write_body` (the translated one, `l10n.rs`).
pub(crate) fn respond_with<F, E>(
    format: &F,
    error: &E,
    cx: &Context<'_>,
    write_body: impl FnOnce(Option<&str>, &mut JsonSerializer<'_>) -> serde_json::Result<()>,
) -> Response<Vec<u8>>
where
    F: Format + ?Sized,
    E: Renderable + ?Sized,
{
    respond(
        format,
        error.status(),
        cx,
        BODY_CAPACITY,
        |instance, request_id, failure| log(error, instance, request_id, failure),
        write_body,
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
    // Feature `fluent`: items whose types have translations answer in the requested language.
    #[cfg(feature = "fluent")]
    if items.iter().any(|item| item.error().translations().is_some()) {
        return crate::l10n::render_many(format, items, status, cx);
    }
    respond_many(format, items, status, cx, |instance, serializer| {
        format.serialize_many(&Documents::new(items, status, instance), serializer)
    })
}

/// [`render_many`] with the body written by `write_body` (the translated one, `l10n.rs`).
pub(crate) fn respond_many<F, T>(
    format: &F,
    items: &[T],
    status: StatusCode,
    cx: &Context<'_>,
    write_body: impl FnOnce(Option<&str>, &mut JsonSerializer<'_>) -> serde_json::Result<()>,
) -> Response<Vec<u8>>
where
    F: Format + ?Sized,
    T: ErrorItem,
{
    respond(
        format,
        status,
        cx,
        BODY_CAPACITY + ITEM_CAPACITY * items.len(),
        |instance, request_id, failure| {
            items.iter().for_each(|item| log(item.error(), instance, request_id, failure));
        },
        write_body,
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
    log: impl Fn(Option<&str>, Option<&str>, Option<&serde_json::Error>),
    write_body: impl FnOnce(Option<&str>, &mut JsonSerializer<'_>) -> serde_json::Result<()>,
    add_headers: impl FnOnce(&mut Headers<'_>),
) -> Response<Vec<u8>> {
    let scope = RequestScope::current_ids(status.is_server_error() || format.every_error_instance());
    let mut generated = None;
    let replaced;
    let instance = scope.choose(cx.instance, &mut generated);
    // A format without an `instance` member sends it as a header: an id that can't be one
    // (a caller's, with a line break) is replaced by a generated one, so the 5xx still has one.
    let instance = match instance {
        Some(id) if !format.writes_instance() && !is_header_value(id) => {
            replaced = InstanceId::generate();
            Some(replaced.as_str())
        }
        instance => instance,
    };
    let request_id = scope.request_id.as_deref();
    log(instance, request_id, None);
    let mut body = Vec::with_capacity(capacity);
    if let Err(failure) = write_body(instance, &mut serde_json::Serializer::new(&mut body)) {
        let replacement = InstanceId::generate();
        let instance = instance.unwrap_or(replacement.as_str());
        log(Some(instance), request_id, Some(&failure));
        return serialization_failed(format, instance, request_id);
    }
    let mut response = Response::new(body);
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, format.content_type());
    headers.insert(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    add_id_header(headers, format, instance, request_id);
    add_headers(&mut Headers::new(headers));
    response
}

/// Whether `text` is a legal header value (what `HeaderValue::from_str` accepts), checked
/// without building one.
fn is_header_value(text: &str) -> bool {
    text.bytes().all(|b| b == b'\t' || (b' '..=b'~').contains(&b))
}

/// `x-request-id`: the request's own id, echoed; else, for formats whose body has no place
/// for the instance id, the instance id.
fn add_id_header<F: Format + ?Sized>(
    headers: &mut http::HeaderMap,
    format: &F,
    instance: Option<&str>,
    request_id: Option<&str>,
) {
    let id = match (request_id, instance) {
        (Some(request_id), _) => request_id,
        (None, Some(instance)) if !format.writes_instance() => instance,
        _ => return,
    };
    // The request's id has passed its grammar; a caller-supplied instance that is not a legal
    // header value stays out of the headers.
    if let Ok(value) = http::HeaderValue::from_str(id) {
        headers.insert(X_REQUEST_ID, value);
    }
}

const X_REQUEST_ID: http::HeaderName = http::HeaderName::from_static("x-request-id");

/// Every error response says its content type is the one to go by: a browser must not sniff a
/// body that echoes a client's text into HTML.
const NOSNIFF: http::HeaderValue = http::HeaderValue::from_static("nosniff");

/// Writes the error's extra members as one JSON object (what `dyn ApiError` replays its members
/// from).
pub(crate) fn fields_to_json<E: ApiError>(error: &E, out: &mut Vec<u8>) -> serde_json::Result<()> {
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
    instance: &str,
    request_id: Option<&str>,
) -> Response<Vec<u8>> {
    let doc = Document::new(&GeneralError::General).with_instance(Some(instance));
    let mut body = Vec::with_capacity(BODY_CAPACITY);
    // The replacement has no fields, so only a broken format could fail here too.
    if format.serialize(&doc, &mut serde_json::Serializer::new(&mut body)).is_err() {
        body = br#"{"status":500}"#.to_vec();
    }
    let mut response = Response::new(body);
    *response.status_mut() = StatusCode::INTERNAL_SERVER_ERROR;
    response.headers_mut().insert(CONTENT_TYPE, format.content_type());
    response.headers_mut().insert(X_CONTENT_TYPE_OPTIONS, NOSNIFF);
    add_id_header(response.headers_mut(), format, Some(instance), request_id);
    response
}

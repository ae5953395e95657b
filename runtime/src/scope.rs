//! The request an error is answered for, as ambient state: a framework layer runs each request
//! inside a [`RequestScope`], so that an error rendered anywhere in that request (a derived
//! type's `IntoResponse` knows nothing of the request) uses the request's own id.

use core::future::Future;
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};
use std::cell::RefCell;
use std::sync::Arc;

use http::HeaderMap;

thread_local! {
    static CURRENT: RefCell<Option<RequestScope>> = const { RefCell::new(None) };
}

/// How errors rendered within one request get their ids.
///
/// - The request's own id, from its `x-request-id` header ([`request_id_from`](Self::request_id_from)):
///   echoed in the `x-request-id` header of every error response of the request and logged
///   (as the quoted field `request_id`) beside the error's instance id, so that a client can
///   quote the id it sent. It never becomes the instance: it comes from the client, and every
///   error occurrence keeps an instance id of its own that no client can choose.
/// - An instance id given by the service ([`instance`](Self::instance)): used, as written, as
///   the instance of every error response in the scope.
/// - With [`every_error`](Self::every_error), 4xx responses carry an instance id too (by
///   default only 5xx do).
///
/// ```
/// use errwire::{ApiError, RequestScope};
/// use errwire::http::{HeaderMap, HeaderValue};
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 404)]
/// struct NotFound;
///
/// let mut headers = HeaderMap::new();
/// headers.insert("x-request-id", HeaderValue::from_static("req-7f3a"));
/// let scope = RequestScope::new().request_id_from(&headers).every_error(true);
/// let response = scope.run(|| NotFound.to_response());
/// assert_eq!(response.headers()["x-request-id"], "req-7f3a");
/// assert!(std::str::from_utf8(response.body()).unwrap().contains(r#""instance":"urn:uuid:"#));
/// ```
///
/// A framework layer runs each request in its scope. Work the request hands to another task
/// takes the scope along: `tokio::spawn(RequestScope::current().unwrap_or_default().wrap(work))`.
#[derive(Clone, Debug, Default)]
pub struct RequestScope {
    instance: Option<Arc<str>>,
    request_id: Option<Arc<str>>,
    every_error: bool,
    /// Feature `fluent`: the request's `Accept-Language`, once read (`Some(None)`: it had none).
    #[cfg(feature = "fluent")]
    accept_language: Option<Option<http::HeaderValue>>,
}

impl RequestScope {
    /// No ids; instance ids on 5xx only.
    pub fn new() -> Self {
        RequestScope::default()
    }

    /// Uses `instance` as the instance id of every error response in the scope, as written:
    /// the service vouches for it (give a URI, such as `urn:…`, so that RFC 9457 clients don't
    /// resolve it against the request URL). Every error of the scope then shares it.
    #[must_use]
    pub fn instance(self, instance: impl Into<Arc<str>>) -> Self {
        RequestScope { instance: Some(instance.into()), ..self }
    }

    /// Takes the request's own id from its `x-request-id` header, when it has a usable one.
    ///
    /// The header comes from the client, so it is used only when it is 1 to 128 characters of
    /// `A-Z a-z 0-9 . _ ~ -` starting with a letter or digit (a UUID, a ULID, a trace id all
    /// are); any other value is ignored. It is echoed as the `x-request-id` of the scope's
    /// error responses and logged, never used as an instance id (see the type).
    ///
    /// ```
    /// use errwire::RequestScope;
    /// use errwire::http::{HeaderMap, HeaderValue};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-request-id", HeaderValue::from_static("7f3a-42"));
    /// let scope = RequestScope::new().request_id_from(&headers);
    /// assert_eq!(scope.run(RequestScope::current_request_id).as_deref(), Some("7f3a-42"));
    ///
    /// headers.insert("x-request-id", HeaderValue::from_static("//evil.example/x"));
    /// assert_eq!(RequestScope::new().request_id_from(&headers).run(RequestScope::current_request_id), None);
    /// ```
    #[must_use]
    pub fn request_id_from(self, headers: &HeaderMap) -> Self {
        let id = headers.get("x-request-id").and_then(|value| value.to_str().ok());
        match id.filter(|id| is_request_id(id)) {
            Some(id) => RequestScope { request_id: Some(id.into()), ..self },
            None => self,
        }
    }

    /// Feature `fluent`: errors of types with translations rendered in the scope answer in the
    /// language of the request's `Accept-Language` header (see [`l10n`](crate::l10n)), with
    /// `Vary: accept-language`. The framework layers call it for every request; the value is
    /// kept as the request's own (no copy) and read only when a translated error is rendered.
    ///
    /// ```
    /// use errwire::RequestScope;
    /// use errwire::http::{HeaderMap, HeaderValue};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("accept-language", HeaderValue::from_static("de-CH, de;q=0.9, en;q=0.5"));
    /// let scope = RequestScope::new().accept_language_from(&headers);
    /// # let _ = scope;
    /// ```
    #[cfg(feature = "fluent")]
    #[must_use]
    pub fn accept_language_from(self, headers: &HeaderMap) -> Self {
        let value = headers.get(http::header::ACCEPT_LANGUAGE).cloned();
        RequestScope { accept_language: Some(value), ..self }
    }

    /// Feature `fluent`: what the current scope says about the language.
    #[cfg(feature = "fluent")]
    pub(crate) fn current_language() -> crate::l10n::Requested {
        CURRENT.with(|current| {
            match current.borrow().as_ref().and_then(|scope| scope.accept_language.as_ref()) {
                Some(value) => crate::l10n::Requested { accept_language: value.clone(), from_request: true },
                None => crate::l10n::Requested { accept_language: None, from_request: false },
            }
        })
    }

    /// Whether 4xx responses carry an instance id too.
    #[must_use]
    pub fn every_error(self, every_error: bool) -> Self {
        RequestScope { every_error, ..self }
    }

    /// Runs `f` inside the scope.
    pub fn run<R>(&self, f: impl FnOnce() -> R) -> R {
        let previous = CURRENT.with(|current| current.replace(Some(self.clone())));
        let _restore = Restore(previous);
        f()
    }

    /// `future`, polled inside the scope.
    pub fn wrap<F: Future>(self, future: F) -> Scoped<F> {
        Scoped { scope: Some(self), future: Box::pin(future) }
    }

    /// The scope the current code runs in, to carry into a spawned task (see the type).
    pub fn current() -> Option<RequestScope> {
        CURRENT.with(|current| current.borrow().clone())
    }

    /// The instance id the service gave the current scope ([`instance`](Self::instance)).
    pub fn current_id() -> Option<Arc<str>> {
        CURRENT.with(|current| current.borrow().as_ref().and_then(|scope| scope.instance.clone()))
    }

    /// The request's own id in the current scope ([`request_id_from`](Self::request_id_from)).
    pub fn current_request_id() -> Option<Arc<str>> {
        CURRENT.with(|current| current.borrow().as_ref().and_then(|scope| scope.request_id.clone()))
    }

    /// What the current scope says about an error whose instance id is `wanted` by default (a
    /// 5xx, or a format giving every error one).
    pub(crate) fn current_ids(wanted: bool) -> ScopeIds {
        CURRENT.with(|current| match &*current.borrow() {
            Some(scope) => ScopeIds {
                instance: scope.instance.clone(),
                wanted: wanted || scope.every_error,
                request_id: scope.request_id.clone(),
            },
            None => ScopeIds { instance: None, wanted, request_id: None },
        })
    }
}

/// See [`RequestScope::current_ids`]: the scope's instance id, whether the error gets an
/// instance id at all, and the request's own id.
pub(crate) struct ScopeIds {
    pub(crate) instance: Option<Arc<str>>,
    pub(crate) wanted: bool,
    pub(crate) request_id: Option<Arc<str>>,
}

impl ScopeIds {
    /// The instance id an error gets, by the one rule of HTTP and gRPC answers: the caller's
    /// (`given`, from the render `Context`), else, when one is wanted (a server error, or a
    /// scope or format that wants every error to have one), the scope's, else a generated one,
    /// kept in `generated`. Nothing is allocated.
    #[inline]
    pub(crate) fn choose<'a>(
        &'a self,
        given: Option<&'a str>,
        generated: &'a mut Option<crate::InstanceId>,
    ) -> Option<&'a str> {
        match (given, &self.instance) {
            (Some(given), _) => Some(given),
            (None, Some(scoped)) if self.wanted => Some(scoped),
            (None, _) if self.wanted => Some(generated.insert(crate::InstanceId::generate()).as_str()),
            (None, _) => None,
        }
    }
}

/// The grammar of a client's request id: 1 to 128 unreserved URI characters (RFC 3986) but a
/// leading `.`, `_`, `~` or `-`.
fn is_request_id(id: &str) -> bool {
    let bytes = id.as_bytes();
    (1..=128).contains(&bytes.len())
        && bytes[0].is_ascii_alphanumeric()
        && bytes.iter().all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'~' | b'-'))
}

/// Puts the enclosing scope back, even when the scoped code panics.
struct Restore(Option<RequestScope>);

impl Drop for Restore {
    fn drop(&mut self) {
        let previous = self.0.take();
        CURRENT.with(|current| *current.borrow_mut() = previous);
    }
}

/// A future polled inside a [`RequestScope`]; see [`RequestScope::wrap`].
pub struct Scoped<F> {
    scope: Option<RequestScope>,
    future: Pin<Box<F>>,
}

impl<F> core::fmt::Debug for Scoped<F> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Scoped").field("scope", &self.scope).finish_non_exhaustive()
    }
}

impl<F: Future> Future for Scoped<F> {
    type Output = F::Output;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<F::Output> {
        let this = &mut *self;
        // Move the scope into the thread for the poll and back out after, without cloning.
        let previous = CURRENT.with(|current| current.replace(this.scope.take()));
        let mut restore = Restore(previous);
        let poll = this.future.as_mut().poll(cx);
        let previous = restore.0.take();
        this.scope = CURRENT.with(|current| current.replace(previous));
        poll
    }
}

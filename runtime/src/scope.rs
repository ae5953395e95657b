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

/// How errors rendered within one request get their instance id.
///
/// - With a request id (the request's `x-request-id`), that id is every error response's
///   instance instead of a generated one.
/// - With [`every_error`](Self::every_error), 4xx responses carry an instance id too (the
///   request's, else a generated one); by default only 5xx do.
///
/// ```
/// use errwire::{ApiError, RequestScope};
///
/// #[derive(Debug, ApiError)]
/// #[api(status = 404)]
/// struct NotFound;
///
/// let scope = RequestScope::new().request_id("req-7f3a").every_error(true);
/// let response = scope.run(|| NotFound.to_response());
/// assert!(std::str::from_utf8(response.body()).unwrap().contains(r#""instance":"req-7f3a""#));
/// ```
#[derive(Clone, Debug, Default)]
pub struct RequestScope {
    id: Option<Arc<str>>,
    every_error: bool,
}

impl RequestScope {
    /// No request id; instance ids on 5xx only.
    pub fn new() -> Self {
        RequestScope::default()
    }

    /// Uses `id` (the request's own id) as the instance of every error response in the scope,
    /// as written: the caller vouches for it (give a URI, such as `urn:…`, so that RFC 9457
    /// clients don't resolve it against the request URL). For an id taken from the request, see
    /// [`request_id_from`](Self::request_id_from).
    #[must_use]
    pub fn request_id(self, id: impl Into<Arc<str>>) -> Self {
        RequestScope { id: Some(id.into()), ..self }
    }

    /// Takes the request id from the request's `x-request-id` header, when it has a usable one.
    ///
    /// The header comes from the client, so it is used only when it is 1 to 128 characters of
    /// `A-Z a-z 0-9 . _ ~ -` starting with a letter or digit (a UUID, a ULID, a trace id all
    /// are), and it becomes the instance `urn:x-request-id:<id>`: an absolute URI that an RFC
    /// 9457 client reads as written, never a reference to another host (`//host/…`) or path
    /// (`../`), and never taken for an id errwire generated (`urn:uuid:…`). Any other value is
    /// ignored, and errors get generated ids.
    ///
    /// ```
    /// use errwire::RequestScope;
    /// use errwire::http::{HeaderMap, HeaderValue};
    ///
    /// let mut headers = HeaderMap::new();
    /// headers.insert("x-request-id", HeaderValue::from_static("7f3a-42"));
    /// let scope = RequestScope::new().request_id_from(&headers);
    /// assert_eq!(scope.run(RequestScope::current_id).as_deref(), Some("urn:x-request-id:7f3a-42"));
    ///
    /// headers.insert("x-request-id", HeaderValue::from_static("//evil.example/x"));
    /// assert_eq!(RequestScope::new().request_id_from(&headers).run(RequestScope::current_id), None);
    /// ```
    #[must_use]
    pub fn request_id_from(self, headers: &HeaderMap) -> Self {
        let id = headers.get("x-request-id").and_then(|value| value.to_str().ok());
        match id.filter(|id| is_request_id(id)) {
            Some(id) => self.request_id(format!("{REQUEST_ID_URN}{id}")),
            None => self,
        }
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

    /// The request id of the current scope.
    pub fn current_id() -> Option<Arc<str>> {
        CURRENT.with(|current| current.borrow().as_ref().and_then(|scope| scope.id.clone()))
    }

    /// The instance id an error with this `status` gets in the current scope: the request's id,
    /// `None` (generate one), or not wanted at all (`Err`).
    pub(crate) fn current_instance(is_server_error: bool) -> Result<Option<Arc<str>>, ()> {
        CURRENT.with(|current| match &*current.borrow() {
            Some(scope) if is_server_error || scope.every_error => Ok(scope.id.clone()),
            Some(_) => Err(()),
            None if is_server_error => Ok(None),
            None => Err(()),
        })
    }
}

/// The prefix that makes a client's request id an absolute URI of its own kind.
const REQUEST_ID_URN: &str = "urn:x-request-id:";

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

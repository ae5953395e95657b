//! What the framework integrations share about handler panics: catching them while a future
//! is polled ([`Guarded`], around a call of the inner service), and the instance id (logged with
//! the panic text) that the 500 carries.

use core::any::Any;
use core::future::Future;
use core::panic::AssertUnwindSafe;
use core::pin::Pin;
use core::task::{Context as TaskContext, Poll};
use std::panic::catch_unwind;
use std::sync::Arc;

use crate::{InstanceId, RequestScope};

/// Polls a future, turning a panic into `Err` with its payload.
struct CatchUnwind<F>(F);

impl<F: Future + Unpin> Future for CatchUnwind<F> {
    type Output = Result<F::Output, Box<dyn Any + Send>>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut TaskContext<'_>) -> Poll<Self::Output> {
        let inner = Pin::new(&mut self.0);
        match catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(panic) => Poll::Ready(Err(panic)),
        }
    }
}

/// The instance id of a panicked request's 500: the request's id, else a generated one. Under
/// feature `tracing` the panic text is logged with it; it never goes into a body. Call it inside
/// the request's scope.
pub(crate) fn panic_instance(payload: &(dyn Any + Send)) -> Arc<str> {
    let instance = RequestScope::current_id().unwrap_or_else(|| InstanceId::generate().as_str().into());
    #[cfg(feature = "tracing")]
    {
        let message = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str))
            .unwrap_or("(non-string panic payload)");
        let request_id = RequestScope::current_request_id();
        let request_id = request_id.as_deref().map(crate::log::Quoted);
        let request_id = request_id.as_ref().map(tracing::field::display);
        tracing::error!(
            instance = %crate::log::Quoted(&*instance),
            request_id,
            panic = %crate::log::Quoted(message),
            "handler panicked"
        );
    }
    #[cfg(not(feature = "tracing"))]
    let _ = payload;
    instance
}

/// A call of a framework's inner service in the request's scope, a panic caught both in the
/// call itself and while its future is polled (in the scope too).
pub(crate) struct Guarded<F> {
    scope: RequestScope,
    called: Result<F, Box<dyn Any + Send>>,
}

impl<F: Future> Guarded<F> {
    /// Calls `call` now, in `scope` (the service is borrowed only for the call).
    pub(crate) fn call(scope: RequestScope, call: impl FnOnce() -> F) -> Self {
        let called = scope.run(|| catch_unwind(AssertUnwindSafe(call)));
        Guarded { scope, called }
    }

    /// Awaits the call; `answer` turns its output, or a panic's payload, into the response,
    /// inside the scope (where [`panic_instance`] finds the request's ids).
    pub(crate) async fn answer<R>(
        self,
        answer: impl FnOnce(Result<F::Output, Box<dyn Any + Send>>) -> R,
    ) -> R {
        let outcome = match self.called {
            Ok(future) => CatchUnwind(self.scope.clone().wrap(future)).await,
            Err(panic) => Err(panic),
        };
        self.scope.run(|| answer(outcome))
    }
}

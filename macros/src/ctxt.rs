use std::cell::RefCell;
use std::fmt::Display;

use proc_macro2::TokenStream;
use quote::ToTokens;

/// Collects the errors of one derive so that all of them are reported in one compile.
///
/// Like serde_derive's `Ctxt`, it fails loudly on misuse, which is a bug of this crate: an
/// error added after [`Ctxt::check`] panics (the type system already rules it out, as `check`
/// consumes the context, but a clone or a stray reference must not make it silent), and a
/// context dropped without `check` panics in debug builds, which the no-panic fuzz test runs.
pub struct Ctxt {
    /// `None` once checked.
    errors: RefCell<Option<Vec<syn::Error>>>,
}

impl Ctxt {
    pub fn new() -> Self {
        Ctxt { errors: RefCell::new(Some(Vec::new())) }
    }

    /// An error spanned on `tokens`.
    pub fn error_spanned_by<T: ToTokens, M: Display>(&self, tokens: T, message: M) {
        self.syn_error(syn::Error::new_spanned(tokens.into_token_stream(), message));
    }

    /// An error at `span`.
    pub fn error_at<M: Display>(&self, span: proc_macro2::Span, message: M) {
        self.syn_error(syn::Error::new(span, message));
    }

    pub fn syn_error(&self, error: syn::Error) {
        self.errors
            .borrow_mut()
            .as_mut()
            .expect("errwire-macros: an error was added to a Ctxt after check()")
            .push(error);
    }

    /// All errors as `compile_error!` invocations, or `Ok` when there were none.
    pub fn check(self) -> Result<(), TokenStream> {
        let errors = self.errors.borrow_mut().take().expect("errwire-macros: Ctxt checked twice");
        let mut errors = errors.into_iter();
        let Some(mut combined) = errors.next() else {
            return Ok(());
        };
        for error in errors {
            combined.combine(error);
        }
        Err(combined.to_compile_error())
    }
}

impl Drop for Ctxt {
    fn drop(&mut self) {
        if cfg!(debug_assertions) && !std::thread::panicking() && self.errors.borrow().is_some() {
            panic!("errwire-macros: Ctxt dropped without check()");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Ctxt;
    use proc_macro2::Span;

    #[test]
    fn check_reports_every_error() {
        let cx = Ctxt::new();
        cx.error_at(Span::call_site(), "first");
        cx.error_at(Span::call_site(), "second");
        let errors = cx.check().unwrap_err().to_string();
        assert!(errors.contains("first") && errors.contains("second"), "{errors}");
    }

    #[test]
    fn a_checked_context_without_errors_is_ok() {
        assert!(Ctxt::new().check().is_ok());
    }

    #[test]
    #[should_panic(expected = "Ctxt dropped without check()")]
    fn dropping_an_unchecked_context_panics() {
        let cx = Ctxt::new();
        cx.error_at(Span::call_site(), "lost");
        drop(cx);
    }

    #[test]
    #[should_panic(expected = "Ctxt dropped without check()")]
    fn dropping_an_unchecked_context_without_errors_panics_too() {
        drop(Ctxt::new());
    }

    #[test]
    #[should_panic(expected = "an error was added to a Ctxt after check()")]
    fn an_error_after_check_panics() {
        // `check` consumes the context, so this is the state it leaves, built by hand.
        let checked = Ctxt { errors: std::cell::RefCell::new(None) };
        checked.error_at(Span::call_site(), "late");
    }
}

//! Implementation detail of the `errwire` crate: the `#[derive(ApiError)]` macro.
//!
//! Use it through `errwire` (`use errwire::ApiError;`); this crate's output names only items of
//! `errwire`, whose documentation describes the attributes.
//!
//! The pipeline, one file per phase (private modules): `attr` reads `#[api(...)]` into typed
//! values, `ast` builds the typed input, `valid` checks what spans several attributes, `expand`
//! writes the code, with `fmt` for message templates, `uri` for `type` URIs, `formats` for the
//! built-in envelopes and `generics` for inferred bounds. Errors are collected in `ctxt::Ctxt`
//! and all reported at once.

mod ast;
mod attr;
mod case;
mod code;
mod ctxt;
mod expand;
mod fallback;
mod fmt;
mod formats;
#[cfg(test)]
mod fuzz;
mod generics;
mod grpc;
mod l10n;
mod status;
mod table;
mod uri;
mod valid;

use proc_macro::TokenStream;

/// Derives `errwire::ApiError`; see the `errwire` crate.
#[proc_macro_derive(ApiError, attributes(api, source, from))]
pub fn derive_api_error(input: TokenStream) -> TokenStream {
    expand::derive(input.into()).into()
}

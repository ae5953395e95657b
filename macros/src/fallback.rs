//! After an error: minimal impls, so the user sees the real errors and not follow-on ones
//! about a type that doesn't implement `ApiError` (thiserror's `fallback.rs`).
//!
//! Their bounds are stated under a `for<'__errwire>`, as thiserror does: a bound with a bound
//! lifetime is not checked where the impl is written, so `Debug` missing on `enum E<T>` (whose
//! derive(Debug) wants `T: Debug`) makes the impl not apply instead of adding an error to the
//! one the user has to fix.

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

/// `thiserror`: the type has `#[error]` attributes, so thiserror writes `Display` and `Error`.
/// `empty`: an enum without variants, where that can't be told (thiserror's derive of it needs no
/// attribute), so neither is written: a second impl would be two more errors.
pub fn expand(input: &DeriveInput, thiserror: bool, empty: bool) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let user = where_clause.map(|w| &w.predicates);
    let user = user.into_iter().flatten();
    let self_ty = quote!(#ident #ty_generics);
    let display = (!thiserror && !empty).then(|| {
        let user = user.clone();
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Display for #self_ty #where_clause {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }
            #[automatically_derived]
            impl #impl_generics ::core::error::Error for #self_ty
            where
                #(#user,)*
                for<'__errwire> #self_ty: ::core::fmt::Debug,
            {
            }
        }
    });
    quote! {
        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            #display
            #[automatically_derived]
            impl #impl_generics ::errwire::ApiError for #self_ty
            where
                #(#user,)*
                for<'__errwire> #self_ty: ::core::error::Error,
            {
                fn status(&self) -> ::errwire::__private::StatusCode {
                    ::core::unreachable!()
                }
                fn code(&self) -> &str {
                    ::core::unreachable!()
                }
                fn write_message(&self, _: &mut dyn ::core::fmt::Write) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }
        };
    }
}

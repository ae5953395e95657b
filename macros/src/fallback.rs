//! After an error: minimal impls, so the user sees the real errors and not follow-on ones
//! about a type that doesn't implement `ApiError` (thiserror's `fallback.rs`).

use proc_macro2::TokenStream;
use quote::quote;
use syn::DeriveInput;

pub fn expand(input: &DeriveInput, thiserror: bool) -> TokenStream {
    let ident = &input.ident;
    let (impl_generics, ty_generics, where_clause) = input.generics.split_for_impl();
    let display = (!thiserror).then(|| {
        quote! {
            #[automatically_derived]
            impl #impl_generics ::core::fmt::Display for #ident #ty_generics #where_clause {
                fn fmt(&self, _: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
            }
            #[automatically_derived]
            impl #impl_generics ::core::error::Error for #ident #ty_generics #where_clause {}
        }
    });
    quote! {
        #[allow(unused_qualifications, clippy::all)]
        const _: () = {
            #display
            #[automatically_derived]
            impl #impl_generics ::errwire::ApiError for #ident #ty_generics #where_clause {
                fn status(&self) -> ::errwire::__private::StatusCode {
                    ::core::unreachable!()
                }
                fn code(&self) -> &str {
                    ::core::unreachable!()
                }
                fn write_message(&self, _: &mut dyn ::core::fmt::Write) -> ::core::fmt::Result {
                    ::core::unreachable!()
                }
                fn write_fields_json(
                    &self,
                    _: &mut ::errwire::__private::Vec<u8>,
                ) -> ::errwire::__private::serde_json::Result<()> {
                    ::core::unreachable!()
                }
                fn to_response_with(
                    &self,
                    _: &::errwire::Context<'_>,
                ) -> ::errwire::http::Response<::errwire::__private::Vec<u8>> {
                    ::core::unreachable!()
                }
            }
        };
    }
}

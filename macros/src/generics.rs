//! Bounds inferred from how each field is used, only for field types that mention a type
//! parameter (thiserror's approach): a field in the body needs `Serialize`, a field in `msg`
//! the trait of its placeholder, a header field `Display`, a transparent field `ApiError`, a
//! source `Error + 'static`.
//!
//! For `enum E<T, U> { A { value: T, #[api(skip)] hidden: U } }` with `msg = "{value:?}"` the
//! where clause gets `T: Serialize, T: Debug`, and nothing about `U`.

use std::collections::BTreeSet;

use proc_macro2::{TokenStream, TokenTree};
use quote::{ToTokens, quote};
use syn::{Generics, Ident, Type};

use crate::ast::{Field, Input, Variant};

pub struct Bounds {
    params: BTreeSet<String>,
    predicates: Vec<TokenStream>,
    seen: BTreeSet<String>,
}

impl Bounds {
    pub fn new(generics: &Generics) -> Self {
        let params = generics.type_params().map(|param| param.ident.to_string()).collect();
        Bounds { params, predicates: Vec::new(), seen: BTreeSet::new() }
    }

    /// Adds `ty: bound` when `ty` mentions a type parameter.
    pub fn add(&mut self, ty: &Type, bound: TokenStream) {
        // (Without type parameters nothing is looked at: the type's tokens and the bound cost
        // calls into the compiler.)
        if self.params.is_empty() || !self.mentions_param(ty.to_token_stream()) {
            return;
        }
        let predicate = quote!(#ty: #bound);
        if self.seen.insert(predicate.to_string()) {
            self.predicates.push(predicate);
        }
    }

    fn mentions_param(&self, tokens: TokenStream) -> bool {
        tokens.into_iter().any(|token| match token {
            TokenTree::Ident(ident) => self.params.contains(&ident.to_string()),
            TokenTree::Group(group) => self.mentions_param(group.stream()),
            _ => false,
        })
    }

    pub fn predicates(&self) -> &[TokenStream] {
        &self.predicates
    }
}

/// Every predicate the generated impls need, from every field of every variant.
pub fn infer(input: &Input) -> Bounds {
    let mut bounds = Bounds::new(&input.original.generics);
    if bounds.params.is_empty() {
        return bounds;
    }
    for variant in &input.variants {
        if variant.transparent().is_some() {
            add_transparent(&mut bounds, variant);
            continue;
        }
        for (field, _) in variant.body_fields(input) {
            bounds.add(field.ty(), quote!(::errwire::__private::serde::Serialize));
        }
        for field in variant.header_fields() {
            bounds.add(field.ty(), quote!(::core::fmt::Display));
        }
        add_message(&mut bounds, variant);
        if !input.thiserror {
            if let Some(field) = variant.source_field() {
                add_source(&mut bounds, field);
            }
        }
    }
    bounds
}

/// What writing the message needs, for the generated `Display`: the traits of the placeholders
/// and the inner `ApiError` of transparent variants, not `Debug` or `Serialize`.
pub fn infer_message(input: &Input) -> Bounds {
    let mut bounds = Bounds::new(&input.original.generics);
    if bounds.params.is_empty() {
        return bounds;
    }
    for variant in &input.variants {
        if variant.transparent().is_some() {
            add_transparent(&mut bounds, variant);
        } else {
            add_message(&mut bounds, variant);
        }
    }
    bounds
}

fn add_transparent(bounds: &mut Bounds, variant: &Variant) {
    if let Some(field) = variant.data_fields().first() {
        bounds.add(field.ty(), quote!(::errwire::ApiError));
    }
}

fn add_message(bounds: &mut Bounds, variant: &Variant) {
    if let Some(template) = &variant.msg {
        for arg in template.args.iter().filter(|arg| !arg.count) {
            let name = Ident::new(arg.trait_name, proc_macro2::Span::call_site());
            bounds.add(variant.fields[arg.field].ty(), quote!(::core::fmt::#name));
        }
    }
}

fn add_source(bounds: &mut Bounds, field: &Field) {
    bounds.add(field.ty(), quote!(::core::error::Error + 'static));
}

//! Checks that span several attributes or variants; every finding goes to the context.

use std::collections::BTreeMap;

use syn::spanned::Spanned;

use crate::ast::{Input, Variant};
use crate::attr::has_attr;
use crate::ctxt::Ctxt;

pub fn check(cx: &Ctxt, input: &Input) {
    if input.is_enum && input.variants.is_empty() {
        let message = "#[derive(ApiError)] needs at least one variant: an enum without variants \
                       can't be returned; add a variant with `#[api(status = ...)]`";
        cx.error_spanned_by(&input.original.ident, message);
    }
    for variant in &input.variants {
        check_variant(cx, input, variant);
    }
    check_codes(cx, input);
}

fn check_variant(cx: &Ctxt, input: &Input, variant: &Variant) {
    if let Some(span) = variant.transparent() {
        check_transparent(cx, variant, span);
    } else if variant.status(input).is_none() && !unreadable(input, variant) {
        let owner = if input.is_enum { "the variant or to the enum" } else { "the struct" };
        let message = format!("`{}` has no status; add `#[api(status = ...)]` to {owner}", variant.name);
        cx.error_spanned_by(variant.name, message);
    }
    check_fields(cx, input, variant);
}

/// An unreadable key may have been the status (`stauts = 404`, `status = "404"`): its error is
/// already reported, and "no status" would only repeat it.
fn unreadable(input: &Input, variant: &Variant) -> bool {
    variant.attrs.incomplete || input.attrs.incomplete
}

fn check_transparent(cx: &Ctxt, variant: &Variant, span: proc_macro2::Span) {
    let fields = match variant.data_fields().len() {
        1 => None,
        0 => Some("no fields".to_owned()),
        n => Some(format!("{n} fields")),
    };
    if let Some(fields) = fields {
        let message = format!(
            "#[api(transparent)] requires exactly one field, the inner error; `{}` has {fields}",
            variant.name
        );
        cx.error_at(span, message);
    }
    let attrs = &variant.attrs;
    let conflicts = [
        ("status", attrs.status.is_some()),
        ("code", attrs.code.is_some()),
        ("msg", attrs.msg.is_some()),
        ("title", attrs.title.is_some()),
        ("type", attrs.type_uri.is_some()),
    ];
    for (key, present) in conflicts {
        if present {
            let message = format!("#[api(transparent)] takes `{key}` from the inner error; remove `{key}`");
            cx.error_at(attrs.key_span(key).unwrap_or(span), message);
        }
    }
}

fn check_fields(cx: &Ctxt, input: &Input, variant: &Variant) {
    let mut names: BTreeMap<String, ()> = BTreeMap::new();
    for field in &variant.fields {
        if let (Some(skip), Some(_)) = (field.attrs.skip, &field.attrs.header) {
            cx.error_at(
                skip,
                "`skip` and `header` can't be combined: a header field is already left out of the body; \
                 remove `skip`",
            );
        }
        if field.source && (field.attrs.header.is_some() || field.attrs.rename.is_some()) {
            let message = "a source error is never sent to the client; remove `header`/`rename` from it";
            cx.error_spanned_by(&field.original.ty, message);
        }
        if !input.thiserror && has_attr(&field.original.attrs, "from") && variant.data_fields().len() != 1 {
            let message = "#[from] requires the variant's only field";
            cx.error_spanned_by(field.original, message);
        }
    }
    for (field, name) in variant.body_fields(input) {
        if names.insert(name.clone(), ()).is_some() {
            let message = format!(
                "two fields are written to the body as `{name}`; rename one with `#[api(rename = \"...\")]`"
            );
            cx.error_at(field.original.span(), message);
        }
    }
}

/// A code means one thing: the same code with two statuses would break clients that match on it.
fn check_codes(cx: &Ctxt, input: &Input) {
    let mut seen: BTreeMap<String, (u16, &syn::Ident)> = BTreeMap::new();
    for variant in input.variants.iter().filter(|v| v.transparent().is_none()) {
        let Some(status) = variant.status(input) else {
            continue;
        };
        let code = variant.code(input);
        match seen.get(&code) {
            Some((other, other_name)) if *other != status.code => {
                let message = format!(
                    "code `{code}` has status {} here but {other} on `{other_name}`; a code must keep one status",
                    status.code
                );
                cx.error_spanned_by(variant.name, message);
                let message = format!("code `{code}` also used here with status {other}");
                cx.error_spanned_by(other_name, message);
            }
            Some(_) => {}
            None => {
                seen.insert(code, (status.code, variant.name));
            }
        }
    }
}

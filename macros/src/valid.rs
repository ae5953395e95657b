//! Checks that span several attributes, fields or variants; every finding goes to the context.
//!
//! One function per rule, each named for what it requires. [`check`] and [`check_variant`] list
//! them in the order their errors are reported: the container, then each variant with its
//! fields, then the rules across variants. Conflicts between two keys are declared in
//! `attr::KEYS`; [`check_key_conflicts`] reports them.

use std::collections::{BTreeMap, BTreeSet};

use proc_macro2::Span;

use crate::ast::{Field, Input, Variant};
use crate::attr::{self, Attrs};
use crate::ctxt::Ctxt;

pub fn check(cx: &Ctxt, input: &Input) {
    check_has_variants(cx, input);
    if input.is_enum {
        // A struct's attributes are its variant's, checked with it.
        check_key_conflicts(cx, &input.attrs);
    }
    for variant in &input.variants {
        check_variant(cx, input, variant);
    }
    check_one_status_per_code(cx, input);
    for variant in input.variants.iter().filter(|v| v.transparent().is_none()) {
        check_envelope_names(cx, input, variant);
        check_type_code(cx, input, variant);
    }
}

/// The rules of one variant (or struct) and of its fields.
fn check_variant(cx: &Ctxt, input: &Input, variant: &Variant) {
    match variant.transparent() {
        Some(span) => check_transparent_has_one_field(cx, variant, span),
        None => check_has_status(cx, input, variant),
    }
    check_key_conflicts(cx, &variant.attrs);
    for field in &variant.fields {
        check_skip_under_explicit_members(cx, field);
        check_member_can_be_in_body(cx, input, field);
        check_key_conflicts(cx, &field.attrs);
        check_source_is_not_sent(cx, field);
        check_rename_has_effect(cx, field);
        check_from_is_the_only_field(cx, input, variant, field);
    }
    check_body_names(cx, input, variant);
    check_header_names(cx, variant);
}

/// An enum without variants can't be returned.
fn check_has_variants(cx: &Ctxt, input: &Input) {
    if input.is_enum && input.variants.is_empty() {
        let message = "#[derive(ApiError)] needs at least one variant: an enum without variants \
                       can't be returned; add a variant with `#[api(status = ...)]`";
        cx.error_spanned_by(&input.original.ident, message);
    }
}

/// Two keys that can't stand together on one item, as `attr::KEYS` declares them.
fn check_key_conflicts(cx: &Ctxt, attrs: &Attrs) {
    for (span, message) in attrs.conflicts() {
        cx.error_at(span, message);
    }
}

/// Every variant gets a status, its own or the container's.
fn check_has_status(cx: &Ctxt, input: &Input, variant: &Variant) {
    if variant.status(input).is_none() && !unreadable(input, variant) {
        let owner = if input.is_enum { "the variant or to the enum" } else { "the struct" };
        let message = format!("`{}` has no status; add `#[api(status = ...)]` to {owner}", variant.name);
        cx.error_spanned_by(variant.name, message);
    }
}

/// An unreadable key may have been the status (`stauts = 404`, `status = "404"`): its error is
/// already reported, and "no status" would only repeat it.
fn unreadable(input: &Input, variant: &Variant) -> bool {
    variant.attrs.incomplete || input.attrs.incomplete
}

/// A transparent variant forwards to its one field, the inner error.
fn check_transparent_has_one_field(cx: &Ctxt, variant: &Variant, span: Span) {
    let fields = match variant.data_fields().len() {
        1 => return,
        0 => "no fields".to_owned(),
        n => format!("{n} fields"),
    };
    let message = format!(
        "#[api(transparent)] requires exactly one field, the inner error; `{}` has {fields}",
        variant.name
    );
    cx.error_at(span, message);
}

/// Under `members = "explicit"` a field is out of the body unless marked: `skip` says nothing.
fn check_skip_under_explicit_members(cx: &Ctxt, field: &Field) {
    if let (Some(skip), true) = (field.attrs.skip, field.explicit) {
        let message = "`skip` has no effect here: with `#[api(members = \"explicit\")]` only fields marked \
                       `#[api(member)]` are in the body; remove `skip`";
        cx.error_at(skip, message);
    }
}

/// `#[api(member)]` on a field that can't be a body member: the first reason only.
fn check_member_can_be_in_body(cx: &Ctxt, input: &Input, field: &Field) {
    let attrs = &field.attrs;
    let Some(member) = attrs.member else { return };
    let conflict = if attrs.skip.is_some() {
        Some("`member` puts the field in the body and `skip` leaves it out; keep one".to_owned())
    } else if attrs.header.is_some() {
        Some("a header field is sent as a header, not in the body; remove `member`".to_owned())
    } else if attr::marked_source(field.original, attrs) {
        Some("a source error is never sent to the client; remove `member`".to_owned())
    } else if attr::is_named_source(field.original) && input.thiserror {
        Some(
            "thiserror takes a field named `source` as the error's source, so it can't be a body member; \
             give the field another name and add `#[api(rename = \"source\")]`"
                .to_owned(),
        )
    } else if field.original.ident.is_none() && attrs.rename.is_none() {
        Some("a tuple field has no name to be a body member under; add `rename = \"...\"`".to_owned())
    } else {
        None
    };
    if let Some(message) = conflict {
        cx.error_at(member, message);
    }
}

/// A source error is never sent: neither as a header nor under a body member name.
fn check_source_is_not_sent(cx: &Ctxt, field: &Field) {
    if !field.source {
        return;
    }
    for key in ["header", "rename"] {
        if let Some(span) = field.attrs.key_span(key) {
            let message = format!("a source error is never sent to the client; remove `{key}`");
            cx.error_at(span, message);
        }
    }
}

/// `rename` names a body member; on a field that is not one, it would be ignored silently.
/// (On a source, [`check_source_is_not_sent`] says so.)
fn check_rename_has_effect(cx: &Ctxt, field: &Field) {
    let attrs = &field.attrs;
    let (Some(rename), false) = (&attrs.rename, field.source) else { return };
    let why = if attrs.skip.is_some() {
        "`skip` leaves the field out of the body"
    } else if attrs.header.is_some() {
        "a header field is not in the body, and its header is named by `header`"
    } else {
        return;
    };
    cx.error_spanned_by(rename, format!("`rename` has no effect here: {why}; remove `rename`"));
}

/// `#[from]` builds the variant from one value: it must be the variant's only field. (With
/// thiserror, its own derive reports a misplaced `#[from]`.)
fn check_from_is_the_only_field(cx: &Ctxt, input: &Input, variant: &Variant, field: &Field) {
    let Some(from) = field.original.attrs.iter().find(|attr| attr.path().is_ident("from")) else { return };
    if !input.thiserror && variant.data_fields().len() != 1 {
        let message = "#[from] requires the variant's only field; remove the other fields or `#[from]`";
        cx.error_spanned_by(from, message);
    }
}

/// A body member named like a member of a built-in format's envelope: the body would carry the
/// name twice. (For another format, a const check in the generated code does the same.)
fn check_envelope_names(cx: &Ctxt, input: &Input, variant: &Variant) {
    let Some((format, reserved)) = input.builtin_format() else { return };
    for (field, name) in variant.body_fields(input) {
        if reserved.contains(&name.as_str()) {
            cx.error_at(field.name_span(), envelope_message(&name, format, reserved));
        }
    }
}

/// What the derive (and the const check for other formats) says about a body member `name`
/// that the format `format` writes itself (`reserved`: its members, when known).
pub fn envelope_message(name: &str, format: &str, reserved: &[&str]) -> String {
    let listed: Vec<String> = reserved.iter().map(|member| format!("`{member}`")).collect();
    let listed = if listed.is_empty() { String::new() } else { format!(" ({})", listed.join(", ")) };
    format!(
        "the body member `{name}` has the name of a member that the format `{format}` writes itself{listed}, \
         so the body would carry `{name}` twice; rename the field with `#[api(rename = \"...\")]` or \
         leave it out with `#[api(skip)]`"
    )
}

/// A code that `type_base` turns into the variant's `type` must keep it a URI reference.
fn check_type_code(cx: &Ctxt, input: &Input, variant: &Variant) {
    let own_type = variant.attrs.type_uri.is_some() || input.attrs.type_uri.is_some();
    let (Some(base), false) = (&input.attrs.type_base, own_type) else { return };
    let code = variant.code(input);
    let base = base.value();
    let problem = crate::uri::check_appended(&code, crate::uri::tail_part(&base))
        .and_then(|()| crate::uri::check(&format!("{base}{code}")));
    if let Err(problem) = problem {
        let message = type_code_message(&code, variant_named(input, variant), "`type_base`", &problem);
        cx.error_at(code_span(input, variant), message);
    }
}

/// What is said of a code that can't complete a `type` URI (`from_name`: the code is the
/// variant's name, no `code` given).
pub fn type_code_message(code: &str, from_name: bool, base: &str, problem: &crate::uri::Problem) -> String {
    let origin = if from_name { " (from the name)" } else { "" };
    format!(
        "the code `{code}`{origin} follows {base} in this error's `type` URI, and {}; use a code made of \
         letters, digits and `-._~` (set it with `code = \"...\"`), or give the error its own `type = \"...\"`",
        problem.what
    )
}

/// Whether the variant's code is its name: no `code` on it or the container.
pub fn variant_named(input: &Input, variant: &Variant) -> bool {
    variant.attrs.code.is_none() && input.attrs.code.is_none()
}

/// Where a code comes from: its `code = "..."`, the container's, else the variant's name.
pub fn code_span(input: &Input, variant: &Variant) -> Span {
    match (&variant.attrs.code, &input.attrs.code) {
        (Some(code), _) | (None, Some(code)) => code.span(),
        (None, None) => variant.name.span(),
    }
}

/// Two fields written to the body under one name: the second would overwrite the first.
fn check_body_names(cx: &Ctxt, input: &Input, variant: &Variant) {
    let mut names = BTreeSet::new();
    for (field, name) in variant.body_fields(input) {
        if !names.insert(name.clone()) {
            let message = format!(
                "two fields are written to the body as `{name}`; rename one with `#[api(rename = \"...\")]`"
            );
            match &field.attrs.rename {
                Some(rename) => cx.error_spanned_by(rename, message),
                None => cx.error_at(field_span(field), message),
            }
        }
    }
}

/// Two fields sent as one header (names are case-insensitive): one value would be lost.
fn check_header_names(cx: &Ctxt, variant: &Variant) {
    let mut names = BTreeSet::new();
    for field in variant.header_fields() {
        let Some(name) = &field.attrs.header else { continue };
        if !names.insert(name.clone()) {
            let message = format!(
                "two fields are sent as the header `{name}` (header names ignore case); keep one `header = ...`"
            );
            cx.error_at(field.attrs.key_span("header").unwrap_or_else(|| field_span(field)), message);
        }
    }
}

/// The field's name, or its type for a tuple field.
fn field_span(field: &Field) -> Span {
    match &field.original.ident {
        Some(ident) => ident.span(),
        None => field.ty_span,
    }
}

/// A code means one thing: the same code with two statuses would break clients that match on it.
fn check_one_status_per_code(cx: &Ctxt, input: &Input) {
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

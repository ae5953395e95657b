//! Code generation. Every generated path is absolute and every item sits in one
//! `const _: () = { ... };` block.

use std::fmt::Write as _;

use proc_macro2::{Delimiter, TokenStream};
use quote::{ToTokens, quote, quote_spanned};
use syn::{DeriveInput, LitStr};

use crate::ast::{Field, Input, Variant, relocate};
use crate::code::Code;
use crate::ctxt::Ctxt;
use crate::fmt::Piece;
use crate::generics::{self, Bounds};
use crate::table::{SchemaRef, Table};
use crate::{attr, fallback, status, uri, valid};

/// The whole derive as a function of tokens, so that it can run outside the compiler too.
pub fn derive(tokens: TokenStream) -> TokenStream {
    let input: DeriveInput = match syn::parse2(tokens) {
        Ok(input) => input,
        Err(error) => return error.to_compile_error(),
    };
    let cx = Ctxt::new();
    let mut parsed = Input::from_syn(&cx, &input);
    if let Some(parsed) = &mut parsed {
        valid::check(&cx, parsed);
        parsed.l10n = crate::l10n::load(&cx, parsed);
    }
    match (cx.check(), parsed) {
        (Ok(()), Some(parsed)) => impl_input(&parsed),
        (Err(errors), Some(parsed)) => {
            let fallback = fallback::expand(&input, parsed.thiserror, parsed.variants.is_empty());
            // Fixing a translation resource must rebuild the crate too.
            let tracking = parsed.l10n.as_ref().map(crate::l10n::tracking);
            quote!(#errors #fallback #tracking)
        }
        // A union: no impl could be valid, so only the error.
        (Err(errors), None) => errors,
        (Ok(()), None) => unreachable!("a union is always reported"),
    }
}

fn impl_input(input: &Input) -> TokenStream {
    let bounds = generics::infer(input);
    // Only what the input needs: `deprecated` when something in it is deprecated (the generated
    // code names every variant and field); the fully qualified paths are deliberate, and the
    // names the output repeats per variant come short from `__private::short`. The block's
    // lints are allowed once for all it holds (an attribute per `match` or `use` cost more).
    let deprecated = if uses_deprecated(input) { "deprecated, " } else { "" };
    let allow = format!("#[allow({deprecated}unused_qualifications, unused_imports, unused_variables)]");
    let mut code = Code::from_text(format!("{allow} const _: () = "));
    code.open(Delimiter::Brace).text("use ::errwire::__private::short::*;");
    if input.attrs.format.is_some() {
        code.tokens(format_fn(input));
    }
    code.append(impl_api_error(input, &bounds));
    if !input.thiserror {
        code.append(impl_display_and_error(input, &bounds)).tokens(impl_from(input));
    }
    if input.attrs.serialize != Some(false) {
        code.append(impl_serialize(input));
    }
    code.append(frameworks(input)).tokens(member_checks(input));
    if input.attrs.deserialize.is_some() {
        code.tokens(impl_from_view(input));
    }
    code.close().text(";");
    // Outside the block, whose `allow(deprecated)` would silence them.
    if let Some(resources) = &input.l10n {
        code.tokens(crate::l10n::warnings(input, resources));
    }
    code.finish()
}

/// Whether the type, a variant or a field is `#[deprecated]`.
fn uses_deprecated(input: &Input) -> bool {
    let deprecated = |attrs: &[syn::Attribute]| attrs.iter().any(|attr| attr.path().is_ident("deprecated"));
    deprecated(&input.original.attrs)
        || input.variants.iter().any(|variant| {
            deprecated(variant.original_attrs)
                || variant.fields.iter().any(|field| deprecated(&field.original.attrs))
        })
}

/// `__errwire_format()`, the type's format: the one place that requires it to implement
/// `Format`, spanned on the user's path, so that `format = NotAFormat` is one error there; every
/// other use sees an `impl Format`. (The user's spans, not located ones, where no local of the
/// derive is named: the compiler then doesn't point at the derive as well.)
fn format_fn(input: &Input) -> TokenStream {
    let format = input.format();
    let span =
        input.attrs.format.as_ref().map_or_else(proc_macro2::Span::call_site, syn::spanned::Spanned::span);
    let output = quote_spanned!(span=> impl ::errwire::Format);
    quote! {
        const fn __errwire_format() -> #output {
            #format
        }
    }
}

/// The type's format as an expression: `__errwire_format()` when the type names one, else
/// problem+json itself (no function to compile; `with_format`'s default is the same).
fn format_expr(input: &Input) -> Code {
    match &input.attrs.format {
        Some(_) => Code::from_text("__errwire_format()"),
        None => Code::from_text("::errwire::format::ProblemJson"),
    }
}

/// Whether the type has no generic parameters (nor a where clause): its message needs no bounds
/// of its own.
fn is_plain(input: &Input) -> bool {
    input.original.generics.params.is_empty() && input.original.generics.where_clause.is_none()
}

/// The where clause of every impl: the user's predicates, then the inferred ones, then the type
/// bound by `extra` (a trait's path), if given. Text for a type without generics.
fn where_clause(input: &Input, bounds: &Bounds, extra: Option<&str>) -> Code {
    if is_plain(input) {
        let ident = &input.original.ident;
        return Code::from_text(extra.map(|extra| format!("where {ident}: {extra},")).unwrap_or_default());
    }
    let user = input.original.generics.where_clause.as_ref().map(|w| &w.predicates);
    let user = user.into_iter().flatten();
    let inferred = bounds.predicates();
    let extra = extra.map(|extra| {
        let self_ty = self_ty(input);
        let extra = crate::code::lex(extra);
        quote!(#self_ty: #extra,)
    });
    quote!(where #(#user,)* #(#inferred,)* #extra).into()
}

fn self_ty(input: &Input) -> TokenStream {
    let ident = &input.original.ident;
    let (_, ty_generics, _) = input.original.generics.split_for_impl();
    quote!(#ident #ty_generics)
}

/// `impl<..> {trait_} for Type<..> {where_clause}` and the impl's opened body (closed by the
/// caller): text for a type without generics.
fn impl_head(code: &mut Code, input: &Input, trait_: &str, where_clause: Code) {
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, _) = input.original.generics.split_for_impl();
    code.text("#[automatically_derived] impl")
        .tokens(impl_generics)
        .text(&format!(" {trait_} for {ident}"))
        .tokens(ty_generics)
        .text(" ")
        .append(where_clause)
        .open(Delimiter::Brace);
}

fn impl_api_error(input: &Input, bounds: &Bounds) -> Code {
    // Stated, not inferred: thiserror's impl (or ours) decides when the type is an Error.
    let where_clause = where_clause(input, bounds, Some("::core::error::Error"));
    let (status, code, rows) = match rows(input) {
        Some(rows) => {
            let row = "__errwire_row(self)";
            let status =
                Code::from_text(format!("::errwire::__private::status_at(&__ERRWIRE_STATUS, {row})"));
            let status = match_arms_or(input, status.expression(), |v| delegate(v, "status", quote!()));
            let code = Code::from_text(format!("::errwire::__private::code_at(&__ERRWIRE_CODE, {row})"));
            let code = match_arms_or(input, code.expression(), |v| delegate(v, "code", quote!()));
            (status, code, Some(rows))
        }
        None => {
            (match_arms(input, |v| status_arm(input, v)), match_arms(input, |v| code_arm(input, v)), None)
        }
    };
    // The message is written here, unless `Display` (ours) needs it with fewer bounds.
    let message = if input.thiserror || is_plain(input) {
        message_body(input)
    } else {
        Code::from_text("<Self as __ErrwireMessage>::__errwire_message(self, __out)")
    };
    // The trait's defaults (no title, no type, no headers) need no method of their own.
    let any = |own: fn(&Variant) -> bool| input.variants.iter().any(|v| own(v) || v.transparent().is_some());
    let title = (input.attrs.title.is_some() || any(|v| v.attrs.title.is_some())).then(|| {
        let container = optional_str(input.attrs.title.as_ref().map(LitStr::value));
        match_arms_or(input, container, title_arm)
    });
    let has_type = input.attrs.type_uri.is_some() || input.attrs.type_base.is_some();
    let type_uri = (has_type || any(|v| v.attrs.type_uri.is_some())).then(|| {
        let container = optional_str(input.attrs.type_uri.as_ref().map(LitStr::value));
        match_arms_or(input, container, |v| type_arm(input, v))
    });
    let headers = match_arms_some(input, &Code::new(), headers_arm);
    // No members anywhere: the trait's default (none) needs no method of its own.
    let fields =
        match_arms_some(input, &Code::from_text("__ErrwireOk(())").expression(), |v| fields_arm(input, v));
    let mut out = Code::new();
    if let Some(rows) = rows {
        out.append(rows);
    }
    impl_head(&mut out, input, "::errwire::ApiError", where_clause);
    method(&mut out, "fn status(&self) -> ::errwire::__private::StatusCode", status);
    method(&mut out, "fn code(&self) -> &str", code);
    method(
        &mut out,
        "fn write_message(&self, __out: &mut dyn ::core::fmt::Write) -> ::core::fmt::Result",
        message,
    );
    if let Some(title) = title {
        method(&mut out, "fn title(&self) -> ::core::option::Option<&str>", title);
    }
    if let Some(type_uri) = type_uri {
        method(&mut out, "fn type_uri(&self) -> ::core::option::Option<&str>", type_uri);
    }
    if let Some(headers) = headers {
        method(&mut out, "fn headers(&self, __headers: &mut ::errwire::Headers<'_>)", headers);
    }
    if let Some(fields) = fields {
        let signature = "fn serialize_fields<__M>(&self, __map: &mut __M) -> ::core::result::Result<(), __M::Error> \
                         where __M: ::errwire::__private::serde::ser::SerializeMap";
        method(&mut out, signature, fields);
    }
    method(&mut out, "fn catalog(__catalog: &mut ::errwire::Catalog)", catalog_body(input));
    out.append(grpc_methods(input));
    // The trait's default is problem+json.
    if input.attrs.format.is_some() {
        out.text(
            "fn with_format<__V: ::errwire::FormatVisitor>(__visitor: __V) -> __V::Output { \
             ::errwire::FormatVisitor::visit(__visitor, &__errwire_format()) }",
        );
    }
    if let Some(resources) = &input.l10n {
        out.tokens(crate::l10n::methods(input, resources));
    }
    out.close();
    out
}

/// `signature { body }`.
fn method(code: &mut Code, signature: &str, body: Code) {
    code.text(signature).open(Delimiter::Brace).append(body).close();
}

/// The status and code of an enum's variants as two tables indexed by one `match` to the
/// variant's row (`__errwire_row`): a `match` per method, with a path or literal per arm, cost
/// more to compile (a row is an integer literal; a table of 500 literals costs next to nothing).
/// `None` for a struct or an enum with fewer than two variants of its own (transparent variants
/// answer from their field, not from a row).
fn rows(input: &Input) -> Option<Code> {
    if !has_rows(input) {
        return None;
    }
    let own: Vec<&Variant> = input.variants.iter().filter(|v| v.transparent().is_none()).collect();
    let count = own.len();
    let mut code = Code::from_text(format!("static __ERRWIRE_STATUS: [u16; {count}] = ["));
    for variant in &own {
        code.text(&format!("{}, ", variant.status(input).map_or(500, |status| status.code)));
    }
    code.text(&format!("]; static __ERRWIRE_CODE: [&str; {count}] = ["));
    for variant in &own {
        code.str(&variant.code(input)).text(", ");
    }
    code.text("];");
    // The messages without placeholders (`message_body`'s `_` arm); "" for the others.
    let texts: Vec<Option<&str>> = own.iter().map(|v| plain_text(v)).collect();
    if texts.iter().any(Option::is_some) {
        code.text(&format!("static __ERRWIRE_TEXT: [&str; {count}] = ["));
        for text in texts {
            code.str(text.unwrap_or_default()).text(", ");
        }
        code.text("];");
    }
    // A function, not a method: a trait and its impl cost the compiler more to check.
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, _) = input.original.generics.split_for_impl();
    code.text("fn __errwire_row").tokens(impl_generics).open(Delimiter::Parenthesis);
    code.text(&format!("this: &{ident}")).tokens(ty_generics).close().text(" -> usize ");
    code.append(where_clause(input, &Bounds::new(&input.original.generics), None));
    code.text("{ match this {");
    for (row, variant) in own.iter().enumerate() {
        if let Some(variant) = variant.ident {
            code.text(&format!("{ident}::{variant} {{ .. }} => {row},"));
        }
    }
    if own.len() < input.variants.len() {
        code.text("_ => 0,");
    }
    code.text("} }");
    Some(code)
}

/// Whether the type's status, code and plain messages come from rows: an enum with two or more
/// variants that are not transparent.
fn has_rows(input: &Input) -> bool {
    let mut own = input.variants.iter().filter(|v| v.transparent().is_none());
    own.clone().nth(1).is_some() && own.all(|v| v.ident.is_some())
}

/// A variant's message when it is a text without placeholders.
fn plain_text<'v>(variant: &'v Variant) -> Option<&'v str> {
    if variant.transparent().is_some() {
        return None;
    }
    variant.msg.as_ref()?.plain.as_deref()
}

/// `grpc_code` (only when an override or a transparent variant makes it differ from the trait's
/// default, the status' code) and `grpc_domain`; see `grpc.rs`.
fn grpc_methods(input: &Input) -> Code {
    let mut out = Code::new();
    if crate::grpc::needs_code_method(input) {
        let arms = match_arms(input, |v| {
            delegate(v, "grpc_code", quote!()).unwrap_or_else(|| {
                crate::grpc::code_arm(
                    input,
                    v,
                    v.status(input).map_or_else(
                        || quote!(::core::unreachable!()),
                        |s| status_expr(s).into_token_stream(),
                    ),
                )
            })
        });
        method(&mut out, "fn grpc_code(&self) -> ::errwire::grpc::Code", arms);
    }
    let domain =
        match_arms_or(input, crate::grpc::domain_value(input), |v| delegate(v, "grpc_domain", quote!()));
    method(&mut out, "fn grpc_domain(&self) -> ::core::option::Option<&str>", domain);
    out
}

/// `match self { ... }` with one arm per variant, each binding what `arm` uses.
pub(crate) fn match_arms<'a, F, B>(input: &'a Input, arm: F) -> Code
where
    F: Fn(&'a Variant<'a>) -> (Vec<&'a Field<'a>>, B),
    B: Into<Code>,
{
    let arms: Vec<(Vec<&Field>, Code)> = input
        .variants
        .iter()
        .map(|variant| {
            let (used, body) = arm(variant);
            (used, body.into())
        })
        .collect();
    // The same answer for every variant (no title anywhere, no headers): no match to compile.
    if let Some((_, first)) = arms.first() {
        let first = same_key(first);
        if arms.iter().all(|(used, body)| used.is_empty() && same_key(body) == first) {
            return arms.into_iter().next().map(|(_, body)| body).unwrap_or_else(Code::new);
        }
    }
    build_match(input.variants.iter().zip(arms), None)
}

/// What tells two arms' bodies apart.
fn same_key(body: &Code) -> String {
    match body.as_text() {
        Some(text) => text.to_owned(),
        None => format!("\0{}", body.clone().finish()),
    }
}

/// `match self { ... }` with an arm for each variant that `arm` answers for, and one `_` arm
/// with `default` for the others (no match at all when no variant has an arm of its own): an
/// arm per variant that says nothing (no members, no source) cost compile time.
pub(crate) fn match_arms_or<'a, F, B>(input: &'a Input, default: impl Into<Code>, arm: F) -> Code
where
    F: FnMut(&'a Variant<'a>) -> Option<(Vec<&'a Field<'a>>, B)>,
    B: Into<Code>,
{
    let default = default.into();
    match_arms_some(input, &default, arm).unwrap_or(default)
}

/// [`match_arms_or`], or `None` when no variant has an arm of its own (the method can then be
/// left to the trait's default).
pub(crate) fn match_arms_some<'a, F, B>(input: &'a Input, default: &Code, mut arm: F) -> Option<Code>
where
    F: FnMut(&'a Variant<'a>) -> Option<(Vec<&'a Field<'a>>, B)>,
    B: Into<Code>,
{
    let arms: Vec<_> = input
        .variants
        .iter()
        .filter_map(|variant| {
            let (used, body) = arm(variant)?;
            Some((variant, (used, body.into())))
        })
        .collect();
    if arms.is_empty() {
        return None;
    }
    let wildcard = (arms.len() < input.variants.len()).then(|| default.clone());
    Some(build_match(arms.into_iter(), wildcard))
}

/// The `match` of `arms` (text but for the tokens some bodies hold, `code.rs`), and a `_` arm
/// when `wildcard` is given.
fn build_match<'a, 'v: 'a>(
    arms: impl Iterator<Item = (&'a Variant<'v>, (Vec<&'a Field<'v>>, Code))>,
    wildcard: Option<Code>,
) -> Code {
    let mut code = Code::from_text("match self");
    code.open(Delimiter::Brace);
    for (variant, (used, body)) in arms {
        code.text(&pattern(variant, &used)).text(" => ");
        arm_body(&mut code, body);
    }
    if let Some(wildcard) = wildcard {
        code.text("_ => ");
        arm_body(&mut code, wildcard);
    }
    code.close();
    code
}

/// An arm's body: an expression as it is (a block per arm cost the compiler more), statements
/// in a block.
fn arm_body(code: &mut Code, body: Code) {
    if body.is_expression() {
        code.append(body).text(", ");
    } else {
        code.open(Delimiter::Brace).append(body).close();
    }
}

/// A variant's pattern binding `used`, as text: `Self::Variant { name: __errwire_field0, .. }`.
/// The bindings resolve where the derive is (`Field::binding`), as text does.
fn pattern(variant: &Variant, used: &[&Field]) -> String {
    let mut text = match variant.ident {
        Some(ident) => format!("Self::{ident} {{ "),
        None => String::from("Self { "),
    };
    for field in used {
        let _ = match &field.member {
            syn::Member::Named(name) => write!(text, "{name}: {}, ", field.binding()),
            syn::Member::Unnamed(index) => write!(text, "{}: {}, ", index.index, field.binding()),
        };
    }
    text.push_str(".. }");
    text
}

/// The transparent variant's inner field, with `call` applied to it.
///
/// Every call is `<Inner as ApiError>::method(..)` spanned on the field: when `Inner` is not an
/// `ApiError`, the calls fail identically and the compiler reports it once.
pub(crate) fn delegate<'a>(
    variant: &'a Variant<'a>,
    method: &str,
    extra: TokenStream,
) -> Option<(Vec<&'a Field<'a>>, TokenStream)> {
    variant.transparent()?;
    let inner = *variant.data_fields().first()?;
    let binding = inner.binding();
    let span = inner.span();
    let ty = relocate(inner.ty().to_token_stream(), span);
    let method = syn::Ident::new(method, span);
    Some((vec![inner], quote_spanned!(span=> <#ty as ::errwire::ApiError>::#method(#binding #extra))))
}

/// A status as an expression: its constant's name, else the code made a `StatusCode` at compile
/// time (the derive checked that it is one).
fn status_expr(status: &attr::Status) -> Code {
    match status::name_of(status.code) {
        Some(name) => Code::from_text(format!("__ErrwireStatus::{name}")),
        None => Code::from_text(format!("const {{ ::errwire::__private::status({}u16) }}", status.code)),
    }
}

fn status_arm<'a>(input: &'a Input, variant: &'a Variant<'a>) -> (Vec<&'a Field<'a>>, Code) {
    if let Some((used, call)) = delegate(variant, "status", quote!()) {
        return (used, call.into());
    }
    let status = variant.status(input).map(status_expr);
    (Vec::new(), status.unwrap_or_else(|| Code::from_text("::core::unreachable!()")).expression())
}

fn code_arm<'a>(input: &'a Input, variant: &'a Variant<'a>) -> (Vec<&'a Field<'a>>, Code) {
    if let Some((used, call)) = delegate(variant, "code", quote!()) {
        return (used, call.into());
    }
    let mut code = Code::new();
    code.str(&variant.code(input));
    (Vec::new(), code.expression())
}

/// A variant's message (every form of it is one expression).
fn message_arm<'a>(input: &'a Input, variant: &'a Variant<'a>) -> (Vec<&'a Field<'a>>, Code) {
    let (used, body) = message_call(input, variant);
    (used, body.expression())
}

fn message_call<'a>(input: &'a Input, variant: &'a Variant<'a>) -> (Vec<&'a Field<'a>>, Code) {
    if let Some((used, call)) = delegate(variant, "write_message", quote!(, __out)) {
        return (used, call.into());
    }
    let Some(template) = &variant.msg else {
        let mut code = Code::from_text("__errwire_str(__out, ::errwire::__private::reason(");
        code.append(variant.status(input).map_or_else(Code::new, status_expr)).text("))");
        return (Vec::new(), code);
    };
    if let Some(plain) = &template.plain {
        let mut code = Code::from_text("__errwire_str(__out, ");
        code.str(plain).text(")");
        return (Vec::new(), code);
    }
    if input.thiserror && same_as_error(variant) {
        // thiserror's `Display` writes the same text: one call instead of a second formatting.
        return (Vec::new(), Code::from_text("::errwire::__private::display(self, __out)"));
    }
    let mut used: Vec<&Field> = Vec::new();
    for arg in &template.args {
        let field = &variant.fields[arg.field];
        if !used.iter().any(|f| f.member == field.member) {
            used.push(field);
        }
    }
    if let Some(pieces) = &template.parts {
        let mut text = String::new();
        let mut piece = String::new();
        let mut parts = Vec::new();
        for part in pieces {
            match part {
                Piece::Text(literal) => piece.push_str(literal),
                Piece::Field(index) => {
                    template_piece(&mut text, &mut parts, &piece);
                    piece.clear();
                    parts.push(message_part(input, &variant.fields[*index]));
                }
            }
        }
        // An empty last piece is left out (each piece is followed by a part, the last by none).
        if !piece.is_empty() {
            template_piece(&mut text, &mut parts, &piece);
        }
        // Up to eight parts as arguments (cheaper to compile than an array), more in an array.
        let mut code = Code::new();
        match parts.len() {
            count @ 1..=8 => code.text(&format!("__errwire_write{count}")),
            _ => code.text("__errwire_write"),
        };
        code.open(Delimiter::Parenthesis).text("__out, ").str(&text).text(", ");
        let array = !(1..=8).contains(&parts.len());
        if array {
            code.text("&").open(Delimiter::Bracket);
        }
        // Commas between the parts only: text after a spliced part would be one more call of
        // the compiler's lexer.
        for (index, part) in parts.into_iter().enumerate() {
            if index > 0 {
                code.text(", ");
            }
            code.append(part);
        }
        if array {
            code.close();
        }
        code.close();
        return (used, code);
    }
    let args = template.format_args(&variant.fields);
    (used, quote!(::core::fmt::Write::write_fmt(__out, #args)).into())
}

/// Appends a piece of a message's literal text to its template: the piece's length in bytes as
/// one `char`, then the piece (the runtime's `__private::message`). A piece longer than a `char`
/// can state is cut into several, with empty parts between them.
fn template_piece(template: &mut String, parts: &mut Vec<Code>, mut piece: &str) {
    const MAX_PIECE: usize = 0xD7FF;
    while piece.len() > MAX_PIECE {
        let cut = (0..=MAX_PIECE).rev().find(|&at| piece.is_char_boundary(at)).unwrap_or(0);
        template_piece(template, parts, &piece[..cut]);
        parts.push(Code::from_text("__ErrwirePart::Str(\"\")"));
        piece = &piece[cut..];
    }
    // At most `MAX_PIECE`, below the surrogates: always a `char`.
    template.extend(u32::try_from(piece.len()).ok().and_then(char::from_u32));
    template.push_str(piece);
}

/// A field as a part of a message (`message_arm`): text for the types the language defines
/// (a user's own type named `u64`, which rustc warns about, is then an error on the derive),
/// the user's tokens where the field's type decides.
fn message_part(input: &Input, field: &Field) -> Code {
    let binding = field.binding();
    // Casts written by the derive, not the user: lints on casts don't apply to them.
    match ArgKind::of(field.ty(), input) {
        ArgKind::Unsigned => {
            Code::from_text(format!("__ErrwirePart::Unsigned(*{binding} as ::core::primitive::u64)"))
        }
        ArgKind::Signed => {
            Code::from_text(format!("__ErrwirePart::Signed(*{binding} as ::core::primitive::i64)"))
        }
        ArgKind::Str => Code::from_text(format!("__ErrwirePart::Str({binding})")),
        ArgKind::Bool => Code::from_text(format!("__ErrwirePart::Bool(*{binding})")),
        // Spanned on the field: a type without `Display` is reported there, by the cast of
        // `#binding` to `&dyn Display`.
        ArgKind::String => quote_spanned!(field.ty_span=> __ErrwirePart::of(#binding, #binding)).into(),
        ArgKind::Display => quote_spanned!(field.ty_span=> __ErrwirePart::Display(#binding)).into(),
    }
}

/// How a message part is made of a field, read from the field's type as written: a type
/// written as a primitive integer, `bool` or `&str` is one (those names are the language's);
/// `String`, `std::string::String` or `alloc::string::String` goes through `Part::of`, which
/// writes std's `String` directly and any other type so named (a user's `String` brought into
/// scope) by its `Display` (a check of the type at run time, folded away by the optimizer, where
/// a probe by method resolution cost a tenth of a large enum's compile time); anything else is
/// written through `Display`, which is right for every type (an alias of an integer takes
/// `core::fmt`'s way). A type of the user's own named like a primitive (`struct u64`, which
/// rustc warns about) would be used as one: a compile error on the field, never a wrong
/// message. A type parameter named `String` is written through `Display` (`Part::of` needs a
/// type that lives as long as the program, which a `String` written without a path and not a
/// parameter always is).
enum ArgKind {
    Unsigned,
    Signed,
    Str,
    Bool,
    String,
    Display,
}

impl ArgKind {
    fn of(ty: &syn::Type, input: &Input) -> ArgKind {
        match ty {
            syn::Type::Reference(_) if is_str_ref(ty) => ArgKind::Str,
            syn::Type::Group(group) => ArgKind::of(&group.elem, input),
            syn::Type::Paren(paren) => ArgKind::of(&paren.elem, input),
            _ => match single_name(ty).as_deref() {
                Some("u8" | "u16" | "u32" | "u64" | "usize") => ArgKind::Unsigned,
                Some("i8" | "i16" | "i32" | "i64" | "isize") => ArgKind::Signed,
                Some("bool") => ArgKind::Bool,
                Some("String")
                    if input.original.generics.type_params().any(|param| param.ident == "String") =>
                {
                    ArgKind::Display
                }
                Some("String") => ArgKind::String,
                _ if is_std_string(ty) => ArgKind::String,
                _ => ArgKind::Display,
            },
        }
    }
}

/// Whether the type is written as std's `String` by its path: `std::string::String` or
/// `alloc::string::String`, with or without a leading `::`.
fn is_std_string(ty: &syn::Type) -> bool {
    let syn::Type::Path(path) = ty else { return false };
    if path.qself.is_some() || path.path.segments.iter().any(|segment| !segment.arguments.is_none()) {
        return false;
    }
    let mut names = path.path.segments.iter().map(|segment| segment.ident.to_string());
    matches!(
        (names.next().as_deref(), names.next().as_deref(), names.next().as_deref(), names.next()),
        (Some("std" | "alloc"), Some("string"), Some("String"), None)
    )
}

/// The type's name when it is written as one identifier (`u64`, `String`), without a path,
/// `::` or generic arguments.
fn single_name(ty: &syn::Type) -> Option<String> {
    let syn::Type::Path(path) = ty else { return None };
    path.qself.is_none().then(|| path.path.get_ident()).flatten().map(ToString::to_string)
}

/// Whether the type is written as a reference to `str` (`&str`, `&'a str`).
fn is_str_ref(ty: &syn::Type) -> bool {
    let syn::Type::Reference(reference) = ty else { return false };
    single_name(&reference.elem).as_deref() == Some("str")
}

/// Whether the variant's `msg` is its thiserror `#[error("...")]` text, character for character
/// (a single string literal in both; thiserror's placeholders mean what errwire's mean).
fn same_as_error(variant: &Variant) -> bool {
    let Some(msg) = &variant.msg else { return false };
    let error = variant.original_attrs.iter().find(|attr| attr.path().is_ident("error"));
    error
        .and_then(|attr| attr.parse_args::<LitStr>().ok())
        .is_some_and(|text| crate::attr::str_value(&text) == msg.text)
}

/// The message's `match`: an arm per variant with placeholders ([`message_arm`]), the rows'
/// text for the others.
fn message_body(input: &Input) -> Code {
    // A text without placeholders comes from the rows' table (see `rows`), in the `_` arm.
    if has_rows(input) {
        let text =
            Code::from_text("::errwire::__private::write_text(__out, &__ERRWIRE_TEXT, __errwire_row(self))");
        match_arms_or(input, text.expression(), |v| (plain_text(v).is_none()).then(|| message_arm(input, v)))
    } else {
        match_arms(input, |v| message_arm(input, v))
    }
}

fn optional_str(value: Option<String>) -> TokenStream {
    match value {
        Some(value) => quote!(__ErrwireSome(#value)),
        None => quote!(__ErrwireNone),
    }
}

/// A variant's own title (else the container's, the `_` arm's).
fn title_arm<'a>(variant: &'a Variant<'a>) -> Option<(Vec<&'a Field<'a>>, TokenStream)> {
    if let Some(arm) = delegate(variant, "title", quote!()) {
        return Some(arm);
    }
    let title = variant.attrs.title.as_ref()?;
    Some((Vec::new(), optional_str(Some(title.value()))))
}

/// A variant's own `type`, or one built from `type_base` (else the container's, the `_` arm's).
fn type_arm<'a>(input: &'a Input, variant: &'a Variant<'a>) -> Option<(Vec<&'a Field<'a>>, TokenStream)> {
    if let Some(arm) = delegate(variant, "type_uri", quote!()) {
        return Some(arm);
    }
    if variant.attrs.type_uri.is_none() && input.attrs.type_base.is_none() {
        return None;
    }
    Some((Vec::new(), optional_str(variant.type_uri(input))))
}

fn headers_arm<'a>(variant: &'a Variant<'a>) -> Option<(Vec<&'a Field<'a>>, TokenStream)> {
    if let Some((used, call)) = delegate(variant, "headers", quote!(, __headers)) {
        return Some((used, quote!(#call;)));
    }
    let used: Vec<&Field> = variant.header_fields().collect();
    if used.is_empty() {
        return None;
    }
    let inserts = used.iter().map(|field| {
        let name = field.attrs.header.as_deref().unwrap_or_default();
        let binding = field.binding();
        // The binding is spanned on the field: a type without `Display` is reported there.
        let value = quote!(#binding as &dyn ::core::fmt::Display);
        quote! {
            ::errwire::__private::header(
                __headers,
                ::errwire::__private::HeaderName::from_static(#name),
                #value,
            );
        }
    });
    let body = quote!(#(#inserts)*);
    Some((used, body))
}

/// The members of a variant, or `None` for a variant without any. The arm's value is the last
/// member's result: an early return for each member but the last.
fn fields_arm<'a>(input: &'a Input, variant: &'a Variant<'a>) -> Option<(Vec<&'a Field<'a>>, Code)> {
    if let (Some(_), Some(inner)) = (variant.transparent(), variant.data_fields().first()) {
        // The inner type's members go into this type's envelope, whose members they must not
        // repeat: the runtime leaves out any that would (the inner type's format may differ).
        let format = format_expr(input);
        let binding = inner.binding();
        let span = inner.span();
        let ty = relocate(inner.ty().to_token_stream(), span);
        let call = quote_spanned! {span=>
            <#ty as ::errwire::ApiError>::serialize_fields(#binding, &mut ::errwire::__private::except(&#format, __map))
        };
        return Some((vec![*inner], call.into()));
    }
    let body_fields = variant.body_fields(input);
    // Two to eight members of the language's own types or `String`: one call of the runtime's
    // `membersN` (no error can arise that should point at a field), as text.
    if (2..=8).contains(&body_fields.len())
        && body_fields.iter().all(|(field, _)| always_serialize(field.ty()))
    {
        let mut code = Code::from_text(format!("__errwire_members{}(__map", body_fields.len()));
        for (field, name) in &body_fields {
            code.text(", ").str(name).text(&format!(", {}", field.binding()));
        }
        code.text(")");
        return Some((body_fields.into_iter().map(|(field, _)| field).collect(), code.expression()));
    }
    let (last, rest) = body_fields.split_last()?;
    // The binding is the user's token where the type is not the language's: a type without
    // `Serialize` is reported on the field. A plain early return of the result itself: `?` makes
    // the compiler resolve `From` once per member, and rebuilding `Err(e)` costs a constructor's
    // inference per member.
    let entry = |code: &mut Code, (field, name): &(&Field, String)| {
        if always_serialize(field.ty()) {
            code.text("__errwire_entry(__map, ").str(name).text(&format!(", {})", field.binding()));
        } else {
            code.text("__map.serialize_entry");
            code.open(Delimiter::Parenthesis).str(name).text(", ").tokens(field.binding()).close();
        }
    };
    let mut code = Code::new();
    for member in rest {
        code.text("if let __e @ __ErrwireErr(_) = ");
        entry(&mut code, member);
        code.text(" { return __e; } ");
    }
    entry(&mut code, last);
    // One member: one call, an expression.
    let code = if rest.is_empty() { code.expression() } else { code };
    Some((body_fields.into_iter().map(|(field, _)| field).collect(), code))
}

/// Whether a member's type, as written, is one that implements `Serialize` whatever the user's
/// code says: a primitive, `String`, or a reference to `str`. (A user's own type named `String`
/// without `Serialize` would be reported on the derive rather than on the field.)
fn always_serialize(ty: &syn::Type) -> bool {
    primitive_name(ty).is_some()
}

/// `Display` from `msg` and `Error` with the source, when thiserror is not there to write them.
///
/// For a type with type parameters, the message is written by a trait local to the derive's
/// block, which both `Display` and `ApiError::write_message` call: `Display` then needs only what
/// the message needs, not the `Debug` that `Error` (and so `ApiError`) requires. A type without
/// them has no bounds to tell apart: `write_message` writes the message, `Display` calls it.
fn impl_display_and_error(input: &Input, bounds: &Bounds) -> Code {
    let mut out = Code::new();
    if is_plain(input) {
        // No bounds to tell apart: `Display` is `write_message`.
        impl_head(
            &mut out,
            input,
            "::core::fmt::Display",
            where_clause(input, bounds, Some("::errwire::ApiError")),
        );
        out.text(
            "fn fmt(&self, __formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { \
             ::errwire::__private::display_message(self, __formatter) }",
        );
        out.close();
    } else {
        let display_where = where_clause(input, &generics::infer_message(input), None);
        let signature =
            "fn __errwire_message(&self, __out: &mut dyn ::core::fmt::Write) -> ::core::fmt::Result";
        out.text(&format!("trait __ErrwireMessage {{ {signature}; }}"));
        impl_head(&mut out, input, "__ErrwireMessage", display_where.clone());
        method(&mut out, signature, message_body(input));
        out.close();
        impl_head(&mut out, input, "::core::fmt::Display", display_where);
        out.text(
            "fn fmt(&self, __formatter: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result { \
             <Self as __ErrwireMessage>::__errwire_message(self, __formatter) }",
        );
        out.close();
    }
    // `Error` needs `Debug`, which the user's derive(Debug) bounds its own way.
    impl_head(
        &mut out,
        input,
        "::core::error::Error",
        where_clause(input, bounds, Some("::core::fmt::Debug")),
    );
    // No source anywhere: the trait's default (none).
    if let Some(source) = source_body(input) {
        method(
            &mut out,
            "fn source(&self) -> ::core::option::Option<&(dyn ::core::error::Error + 'static)>",
            source,
        );
    }
    out.close();
    out
}

/// The body of `Error::source`. A field that must be the source but is not an error is reported
/// on the field by the runtime's `SourceError` (re-exported at the crate's root, so that rustc
/// names it `SourceError`, not by its `__private` path), in words that say what to do; a trait
/// of the derive's own in each type cost a trait and an impl to check (1 M instructions).
fn source_body(input: &Input) -> Option<Code> {
    let arms = match_arms_some(input, &Code::from_text("__ErrwireNone").expression(), source_arm)?;
    if !input.variants.iter().any(|v| v.transparent().is_none() && v.source_field().is_some()) {
        return Some(arms);
    }
    let mut code = Code::from_text(
        "use ::errwire::__private::{SourceViaDeref as _, SourceViaError as _, SourceViaNone as _};",
    );
    code.append(arms);
    Some(code)
}

fn source_arm<'a>(variant: &'a Variant<'a>) -> Option<(Vec<&'a Field<'a>>, Code)> {
    if let (Some(_), Some(inner)) = (variant.transparent(), variant.data_fields().first()) {
        let binding = inner.binding();
        let call = quote!(::core::error::Error::source(#binding));
        return Some((vec![*inner], Code::from(call).expression()));
    }
    let field = variant.source_field()?;
    let binding = field.binding();
    // The probe picks the field itself, or the error it points to (`Box<dyn Error>`).
    let call = quote_spanned!(field.ty_span=>
        ::errwire::__private::SourceError::source_error((&&&::errwire::__private::SourceProbe(#binding)).__errwire_source())
    );
    Some((vec![field], Code::from(quote!(__ErrwireSome(#call))).expression()))
}

/// `From` for `#[from]` fields when thiserror is not there to write it.
fn impl_from(input: &Input) -> TokenStream {
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, where_clause) = input.original.generics.split_for_impl();
    let impls = input.variants.iter().filter_map(|variant| {
        let fields = variant.data_fields();
        let [field] = fields.as_slice() else {
            return None;
        };
        if !attr::has_attr(&field.original.attrs, "from") {
            return None;
        }
        let ty = field.ty();
        let member = &field.member;
        let path = match variant.ident {
            Some(variant) => quote!(#ident::#variant),
            None => quote!(#ident),
        };
        Some(quote! {
            #[automatically_derived]
                impl #impl_generics ::core::convert::From<#ty> for #ident #ty_generics #where_clause {
                fn from(source: #ty) -> Self {
                    #path { #member: source }
                }
            }
        })
    });
    quote!(#(#impls)*)
}

fn impl_serialize(input: &Input) -> Code {
    let where_clause = if is_plain(input) {
        where_clause(input, &Bounds::new(&input.original.generics), Some("::errwire::ApiError"))
    } else {
        let self_ty = self_ty(input);
        let user = input.original.generics.where_clause.as_ref().map(|w| &w.predicates);
        let user = user.into_iter().flatten();
        quote!(where #(#user,)* #self_ty: ::errwire::ApiError,).into()
    };
    let mut out = Code::new();
    impl_head(&mut out, input, "::errwire::__private::serde::Serialize", where_clause);
    out.text(
        "fn serialize<__S>(&self, __serializer: __S) -> ::core::result::Result<__S::Ok, __S::Error> \
         where __S: ::errwire::__private::serde::Serializer",
    );
    out.open(Delimiter::Brace);
    if input.attrs.format.is_some() {
        out.text("::errwire::__private::serialize_body(&").append(format_expr(input));
        out.text(", self, __serializer)");
    } else {
        out.text("::errwire::__private::serialize_problem(self, __serializer)");
    }
    out.close().close();
    out
}

/// The body of `ApiError::catalog`: the type's entries as one string (see `table.rs`), decoded
/// once at run time, and the inner type's catalog for a transparent variant.
fn catalog_body(input: &Input) -> Code {
    // The type's type and const parameters, which a member's schema can't name.
    let generics = &input.original.generics;
    let params: Vec<String> = generics
        .type_params()
        .map(|param| param.ident.to_string())
        .chain(generics.const_params().map(|param| param.ident.to_string()))
        .collect();
    let mut schemas = Schemas::default();
    let mut table = Table::default();
    let mut count = 0;
    let mut steps = Vec::new();
    let mut run_start = 0;
    for variant in &input.variants {
        if let (Some(_), Some(inner)) = (variant.transparent(), variant.data_fields().first()) {
            steps.push(push_entries(run_start, count));
            run_start = count;
            // Located like the other delegations, so a missing `ApiError` is reported once.
            let span = inner.span();
            let ty = relocate(inner.ty().to_token_stream(), span);
            steps.push(quote_spanned!(span=> <#ty as ::errwire::ApiError>::catalog(__catalog);).into());
        } else {
            catalog_entry(input, variant, &params, &mut schemas, &mut table);
            count += 1;
        }
    }
    // No transparent variant: every entry is the type's own, and one call adds them all.
    let own_only = steps.is_empty();
    steps.push(push_entries(run_start, count));
    let mut code = Code::new();
    if !table.is_empty() {
        // Decoded once per process by the runtime, which keeps the entries by their text: no
        // `static` cell per type (a const evaluation each). Members of the language's own types
        // name their schema in the text; the others' schema functions are a promoted array.
        let data = table.finish();
        let (schema_fns, schema_names) = schema_fns(&schemas);
        let call = match (own_only, schema_names.is_empty()) {
            (true, true) => "::errwire::__private::catalog::add_text(__catalog, ",
            (true, false) => "::errwire::__private::catalog::add(__catalog, ",
            (false, _) => "let __entries = ::errwire::__private::catalog::entries(",
        };
        code.tokens(schema_fns).text(call).str(&data);
        if own_only && schema_names.is_empty() {
            code.text(");");
        } else {
            code.text(&format!(", &[{}]);", schema_names.join(", ")));
        }
        if own_only {
            return code;
        }
    }
    for step in steps {
        code.append(step);
    }
    code
}

/// Pushes the entries `start..end` of the decoded catalog, in order.
fn push_entries(start: usize, end: usize) -> Code {
    if start == end {
        return Code::new();
    }
    Code::from_text(format!(
        "::errwire::__private::catalog::push(__catalog, __entries, {start}usize, {end}usize);"
    ))
}

/// A variant's entry, written into `table`.
fn catalog_entry(
    input: &Input,
    variant: &Variant,
    params: &[String],
    schemas: &mut Schemas,
    table: &mut Table,
) {
    let status = variant.status(input).map_or(0, |status| status.code);
    let title = variant.title(input).map(LitStr::value);
    let template = variant.msg.as_ref().map(|template| template.text.as_str());
    table
        .num(usize::from(status))
        .str(&variant.code(input))
        .str(&variant.name.to_string())
        .opt(title.as_deref())
        .opt(variant.type_uri(input).as_deref())
        .opt(template)
        .str(&docs(variant.original_attrs))
        .opt_num(crate::grpc::catalog_number(input, variant));
    crate::l10n::catalog_translations(input, variant, table);
    let body = variant.body_fields(input).into_iter().map(|(field, name)| (field, name, 0));
    let headers = variant.header_fields().map(|field| {
        let name = field.attrs.header.clone().unwrap_or_default();
        (field, name, 1)
    });
    let fields: Vec<_> = body.chain(headers).collect();
    table.num(fields.len());
    for (field, name, location) in fields {
        let ty = type_string(field.ty());
        let schema = member_schema(params, field.ty(), &ty, schemas);
        table.num(location).str(&name).str(&ty).schema(schema).str(&docs(&field.original.attrs));
    }
}

/// The JSON Schema of a member of type `ty`: the runtime's by name for the language's own types
/// (and any value for a type that names a generic parameter, which a catalog can't name), else
/// a `fn() -> Value` of the derive's, chosen by the runtime's probe (`JsonType`, then utoipa's
/// schema, then any value), lifetimes read as `'static` (they don't change a schema).
fn member_schema(params: &[String], ty: &syn::Type, written: &str, schemas: &mut Schemas) -> SchemaRef {
    if !params.is_empty() && mentions(ty.to_token_stream(), params) {
        return SchemaRef::Named("any");
    }
    // Keyed by the type as written (`written`): each distinct type is looked at once.
    if let Some((_, known)) = schemas.known.iter().find(|(seen, _)| seen == written) {
        return *known;
    }
    let schema = match primitive_name(ty) {
        // Named in the catalog's text: no function to compile, no path to resolve.
        Some(name) => SchemaRef::Named(name),
        None => {
            schemas.probes.push(static_lifetimes(ty.to_token_stream()));
            SchemaRef::Index(schemas.probes.len() - 1)
        }
    };
    schemas.known.push((written.to_owned(), schema));
    schema
}

/// The name of a type written as one of the language's own types, `String` or `&str` (`str`):
/// its schema is the runtime's by that name, as a derive of utoipa's reads such names (a user's
/// own type named like one, which rustc warns about for the primitives, is documented as it).
fn primitive_name(ty: &syn::Type) -> Option<&'static str> {
    if is_str_ref(ty) {
        return Some("str");
    }
    const NAMES: [&str; 17] = [
        "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64",
        "bool", "char", "String",
    ];
    let name = single_name(ty)?;
    NAMES.into_iter().find(|known| *known == name)
}

/// The member types of a type's catalog, each once, by the type as written; those that need a
/// schema function of the derive's (a closure per field cost compile time: hundreds of fields
/// share a few types), in order.
#[derive(Default)]
struct Schemas {
    known: Vec<(String, SchemaRef)>,
    probes: Vec<TokenStream>,
}

/// `fn __errwire_schemaN() -> Value` for each type in `schemas`, by the runtime's probe, and the
/// name of each schema function in order.
fn schema_fns(schemas: &Schemas) -> (TokenStream, Vec<String>) {
    if schemas.probes.is_empty() {
        return (TokenStream::new(), Vec::new());
    }
    let mut fns = Vec::new();
    let mut names = Vec::new();
    for (index, ty) in schemas.probes.iter().enumerate() {
        let name = quote::format_ident!("__errwire_schema{index}");
        fns.push(quote! {
            fn #name() -> ::errwire::__private::serde_json::Value {
                (&&&::errwire::__private::schema::Probe::<#ty>::NEW).__errwire_member_schema()
            }
        });
        names.push(name.to_string());
    }
    let fns = quote! {
        use ::errwire::__private::schema::{ViaAny as _, ViaJsonType as _, ViaUtoipa as _};
        #(#fns)*
    };
    (fns, names)
}

/// Whether `tokens` name one of `params`.
fn mentions(tokens: TokenStream, params: &[String]) -> bool {
    tokens.into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => params.iter().any(|param| ident == param),
        proc_macro2::TokenTree::Group(group) => mentions(group.stream(), params),
        _ => false,
    })
}

/// `tokens` with every lifetime replaced by `'static`.
fn static_lifetimes(tokens: TokenStream) -> TokenStream {
    let mut out = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        match token {
            proc_macro2::TokenTree::Punct(punct) if punct.as_char() == '\'' => {
                out.push(proc_macro2::TokenTree::Punct(punct));
                if let Some(proc_macro2::TokenTree::Ident(ident)) = tokens.next() {
                    out.push(proc_macro2::TokenTree::Ident(syn::Ident::new("static", ident.span())));
                }
            }
            proc_macro2::TokenTree::Group(group) => {
                let mut inner = proc_macro2::Group::new(group.delimiter(), static_lifetimes(group.stream()));
                inner.set_span(group.span());
                out.push(proc_macro2::TokenTree::Group(inner));
            }
            other => out.push(other),
        }
    }
    out.into_iter().collect()
}

/// A doc comment's text: the lines without their leading space, joined.
fn docs(attrs: &[syn::Attribute]) -> String {
    let lines = attrs.iter().filter(|attr| attr.path().is_ident("doc")).filter_map(|attr| {
        let syn::Meta::NameValue(meta) = &attr.meta else { return None };
        let syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Str(text), .. }) = &meta.value else { return None };
        Some(crate::attr::str_value(text))
    });
    let lines: Vec<String> = lines.map(|line| line.strip_prefix(' ').unwrap_or(&line).to_owned()).collect();
    lines.join("\n").trim().to_owned()
}

/// A type as a reader writes it (`Option<String>`, not `Option < String >`).
fn type_string(ty: &syn::Type) -> String {
    // A path of names alone (`String`, `std::io::Error`) from its names: writing the tokens out
    // and reading them back costs ten times as much.
    if let syn::Type::Path(path) = ty
        && path.qself.is_none()
        && path.path.segments.iter().all(|segment| segment.arguments.is_none())
    {
        let mut out = String::new();
        for (index, segment) in path.path.segments.iter().enumerate() {
            if index > 0 || path.path.leading_colon.is_some() {
                out.push_str("::");
            }
            out.push_str(&segment.ident.to_string());
        }
        return out;
    }
    written_type_string(ty)
}

/// [`type_string`] of any type, from its tokens.
fn written_type_string(ty: &syn::Type) -> String {
    let text = ty.to_token_stream().to_string();
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(ch) = chars.next() {
        let next = chars.peek().copied();
        let previous = out.chars().last();
        let drop_space = ch == ' '
            && (matches!(next, Some('<' | '>' | ',' | ':' | ')' | ']'))
                || matches!(previous, Some('<' | '&' | ':' | '(' | '[' | '\'')));
        if !drop_space {
            out.push(ch);
        }
    }
    out
}

/// For a format the derive doesn't know by its path (a service's `const FORMAT`), what only
/// the format knows, checked in consts evaluated against it, each located on the user's token:
/// a body member named like a member of the envelope (its `RESERVED` ones and, for a
/// `ProblemJson`, its `code_member`), and a code that can't follow the format's `type_base` in
/// a URI. The derive checks built-in formats itself (`valid`), so they need none of this.
fn member_checks(input: &Input) -> TokenStream {
    if input.builtin_format().is_some() {
        return TokenStream::new();
    }
    let format = input.format();
    let format_text = format.to_string().replace(' ', "");
    let mut checks = Vec::new();
    // One const per member name, not per field: a const costs compile time, and a 500-variant
    // enum repeats its names. It is located on the first field of that name and names every
    // variant that has one.
    for (name, fields) in body_names(input) {
        let owners: Vec<String> = fields.iter().map(|(variant, _)| format!("`{variant}`")).collect();
        let message = format!(
            "{} ({} {})",
            valid::envelope_message(&name, &format_text, &[]),
            if owners.len() == 1 { "in" } else { "in each of" },
            owners.join(", ")
        );
        checks.push(quote_spanned! {fields[0].1=>
            const _: () = if __ERRWIRE_ENVELOPE.writes(#name) { ::core::panic!("{}", #message) };
        });
    }
    for variant in input.variants.iter().filter(|v| v.transparent().is_none()) {
        let own_type = variant.attrs.type_uri.is_some() || input.attrs.type_uri.is_some();
        if own_type || input.attrs.type_base.is_some() {
            continue;
        }
        let code = variant.code(input);
        if let Err(problem) = uri::check_appended(&code, uri::Part::Path) {
            let base = format!("the `type_base` of `{format_text}`");
            let message =
                valid::type_code_message(&code, valid::variant_named(input, variant), &base, &problem);
            checks.push(quote_spanned! {valid::code_span(input, variant)=>
                const _: () = if __ERRWIRE_ENVELOPE.has_type_base() { ::core::panic!("{}", #message) };
            });
        }
    }
    if checks.is_empty() {
        return TokenStream::new();
    }
    quote! {
        const __ERRWIRE_ENVELOPE: ::errwire::__private::Envelope = {
            #[allow(unused_imports)]
            use ::errwire::__private::{FormatViaOther as _, FormatViaProblemJson as _};
            ::errwire::__private::envelope(
                &__errwire_format,
                &#format,
                &|| (&::errwire::__private::FormatProbe(&#format)).__errwire_kind(),
            )
        };
        #(#checks)*
    }
}

/// Every body member name of the type's own variants, in order of appearance, with the
/// variants that use it and where each of their fields names it.
fn body_names(input: &Input) -> Vec<(String, Vec<(String, proc_macro2::Span)>)> {
    let mut names: Vec<(String, Vec<(String, proc_macro2::Span)>)> = Vec::new();
    for variant in input.variants.iter().filter(|v| v.transparent().is_none()) {
        for (field, name) in variant.body_fields(input) {
            let user = (variant.name.to_string(), field.name_span());
            match names.iter_mut().find(|(known, _)| *known == name) {
                Some((_, users)) => users.push(user),
                None => names.push((name, vec![user])),
            }
        }
    }
    names
}

/// `errwire::client::FromView` (`#[api(deserialize)]`): transparent variants' inner types first,
/// then the view's code, its `type` URI, and (without a code) status and message template pick
/// the variant; body members and response headers give its fields. Variants with a field that
/// is neither (skipped, source, backtrace, unnamed tuple field) can't be rebuilt.
fn impl_from_view(input: &Input) -> TokenStream {
    let ident = &input.original.ident;
    let (impl_generics, ty_generics, _) = input.original.generics.split_for_impl();
    let user = input.original.generics.where_clause.as_ref().map(|w| &w.predicates);
    let user = user.into_iter().flatten();
    let mut bounds = Vec::new();
    let mut transparent = Vec::new();
    let mut builders = Vec::new();
    let mut by_code = Vec::new();
    let mut codes = Vec::new();
    let mut by_type = Vec::new();
    let mut by_shared_type = Vec::new();
    let mut by_message = Vec::new();
    let type_uris = view_type_uris(input);
    for (index, variant) in input.variants.iter().enumerate() {
        let path = match variant.ident {
            Some(name) => quote!(Self::#name),
            None => quote!(Self),
        };
        if let (Some(_), Some(inner)) = (variant.transparent(), variant.data_fields().first()) {
            let (ty, member) = (inner.ty(), &inner.member);
            bounds.push(quote!(#ty: ::errwire::client::FromView));
            transparent.push(quote! {
                if let ::core::option::Option::Some(__inner) = <#ty as ::errwire::client::FromView>::from_view(__view) {
                    return ::core::option::Option::Some(#path { #member: __inner });
                }
            });
            continue;
        }
        let Some(fields) = view_fields(input, variant, &mut bounds) else { continue };
        let build = quote::format_ident!("__build{}", index);
        builders.push(quote! {
            let #build = |__view: &::errwire::client::ErrorView| -> ::core::option::Option<Self> {
                ::core::option::Option::Some(#path { #(#fields,)* })
            };
        });
        let code = variant.code(input);
        if !codes.contains(&code) {
            by_code.push(quote!(::core::option::Option::Some(#code) => return #build(__view),));
            codes.push(code);
        }
        let status = variant.status(input).map_or(0, |status| status.code);
        let template = match variant.msg.as_ref() {
            Some(template) => template.text.clone(),
            None => status::reason(status).to_owned(),
        };
        let fits = quote!(__view.status == #status && ::errwire::client::matches_template(&__view.message, #template));
        let attempt = quote! {
            if let ::core::option::Option::Some(__error) = #build(__view) {
                return ::core::option::Option::Some(__error);
            }
        };
        match type_uris[index].as_deref() {
            Some(uri) if type_uris.iter().filter(|other| other.as_deref() == Some(uri)).count() == 1 => {
                by_type.push(quote!(#uri => return #build(__view),));
            }
            Some(uri) => by_shared_type.push(quote!(if __type == #uri && #fits { #attempt })),
            None => {}
        }
        by_message.push(quote!(if #fits { #attempt }));
    }
    quote! {
        #[automatically_derived]
        impl #impl_generics ::errwire::client::FromView for #ident #ty_generics
        where
            #(#user,)*
            #(#bounds,)*
        {
            fn from_view(__view: &::errwire::client::ErrorView) -> ::core::option::Option<Self> {
                #(#transparent)*
                #(#builders)*
                match __view.code.as_deref() {
                    #(#by_code)*
                    _ => {}
                }
                if let ::core::option::Option::Some(__type) = __view.type_uri.as_deref() {
                    match __type {
                        #(#by_type)*
                        _ => {}
                    }
                    #(#by_shared_type)*
                }
                if __view.code.is_none() {
                    #(#by_message)*
                }
                ::core::option::Option::None
            }
        }
    }
}

/// The `type` URI that names each variant in a view: its own, or the derive's `type_base` and
/// its code; `None` for transparent variants and `about:blank`, which names no problem type.
fn view_type_uris(input: &Input) -> Vec<Option<String>> {
    let named =
        |variant: &Variant| variant.transparent().is_none().then(|| variant.type_uri(input)).flatten();
    input.variants.iter().map(|variant| named(variant).filter(|uri| uri != "about:blank")).collect()
}

/// The field initializers of a variant rebuilt from a view: body members by name, header
/// fields from the response's headers; `None` when a field is neither (its value isn't sent).
fn view_fields(input: &Input, variant: &Variant, bounds: &mut Vec<TokenStream>) -> Option<Vec<TokenStream>> {
    let rename_all = input.rename_all();
    let (mut fields, mut needs) = (Vec::new(), Vec::new());
    for field in &variant.fields {
        let (ty, member) = (field.ty(), &field.member);
        if let Some(name) = field.body_name(rename_all) {
            needs.push(quote!(#ty: ::errwire::__private::serde::de::DeserializeOwned));
            fields.push(quote!(#member: ::errwire::client::member::<#ty>(__view, #name)?));
        } else if let (Some(name), false, false) = (&field.attrs.header, field.source, field.backtrace) {
            needs.push(quote!(#ty: ::core::str::FromStr));
            fields.push(quote!(#member: ::errwire::client::header::<#ty>(__view, #name)?));
        } else {
            return None;
        }
    }
    bounds.extend(needs);
    Some(fields)
}

/// The framework impls, decided by errwire's features (this crate has none).
/// The framework impls, decided by errwire's features (this crate has none).
fn frameworks(input: &Input) -> Code {
    if is_plain(input) {
        let ident = &input.original.ident;
        return Code::from_text(format!("::errwire::__private::frameworks!({{}} {{{ident}}} {{}});"));
    }
    let (impl_generics, _, _) = input.original.generics.split_for_impl();
    let self_ty = self_ty(input);
    let user = input.original.generics.where_clause.as_ref().map(|w| &w.predicates);
    let user = user.into_iter().flatten();
    quote! {
        ::errwire::__private::frameworks!({#impl_generics} {#self_ty} {#(#user,)*});
    }
    .into()
}

#[cfg(test)]
mod tests {
    use super::{template_piece, type_string, written_type_string};

    #[test]
    fn a_path_of_names_is_written_as_from_its_tokens() {
        for text in ["String", "std::io::Error", "::core::primitive::u64", "r#type", "a::r#b::C"] {
            let ty: syn::Type = syn::parse_str(text).unwrap();
            assert_eq!(type_string(&ty), written_type_string(&ty), "{text}");
            assert_eq!(type_string(&ty), text);
        }
        let ty: syn::Type = syn::parse_str("Option < Vec<&'a str> >").unwrap();
        assert_eq!(type_string(&ty), "Option<Vec<&'a str>>");
    }

    /// The runtime's reading of a template (`__private::message::write`), for the pieces alone.
    fn pieces(template: &str) -> Vec<&str> {
        let mut rest = template;
        let mut out = Vec::new();
        while let Some(length) = rest.chars().next() {
            let text = &rest[length.len_utf8()..];
            let (piece, tail) = text.split_at(length as usize);
            out.push(piece);
            rest = tail;
        }
        out
    }

    #[test]
    fn a_piece_too_long_for_its_length_is_cut_with_empty_parts_between() {
        let long = format!("a{}", "€".repeat(0xD7FF / 3 + 5));
        let (mut template, mut parts) = (String::new(), Vec::new());
        template_piece(&mut template, &mut parts, &long);
        template_piece(&mut template, &mut parts, "");
        let read = pieces(&template);
        assert_eq!(read.len(), 3);
        assert_eq!(parts.len(), 1, "one empty part between the two halves");
        assert_eq!(read[0].len(), 0xD7FF - 0xD7FF % 3 + 1, "cut at the last char boundary");
        assert_eq!(read[0..2].concat(), long);
        assert_eq!(read[2], "");
    }
}

//! The typed input: the derive's view of the enum or struct, borrowing the syn tree so that
//! every check can point at the user's tokens.

use proc_macro2::{Group, Span, TokenStream, TokenTree};
use quote::{ToTokens, format_ident};
use syn::ext::IdentExt;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Ident, LitStr, Member};

use crate::attr::{self, Attrs, Loc, Members};
use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::fmt::Template;

pub struct Input<'a> {
    pub original: &'a DeriveInput,
    pub attrs: Attrs,
    pub variants: Vec<Variant<'a>>,
    pub is_enum: bool,
    /// thiserror's `#[error]` is present: it provides `Display`, `Error` and `From`.
    pub thiserror: bool,
    /// The translations `#[api(locales = "...")]` names, read after parsing (`l10n::load`).
    pub l10n: Option<crate::l10n::Resources>,
}

pub struct Variant<'a> {
    /// `Some` for an enum's variant, `None` for a struct.
    pub ident: Option<&'a Ident>,
    /// The variant's name (or the struct's), where errors about the whole variant point.
    pub name: &'a Ident,
    pub attrs: Attrs,
    /// The attributes as written on the variant (or the struct): doc comments, `deprecated`.
    /// Kept here: finding a variant's attributes by its name compared idents through the
    /// compiler N² times, a quarter of the derive's run at 500 variants.
    pub original_attrs: &'a [syn::Attribute],
    pub fields: Vec<Field<'a>>,
    pub msg: Option<Template>,
    /// `code`'s answer, computed once (a literal's value and an ident's name go through the
    /// compiler each time they are read).
    code: std::cell::OnceCell<String>,
}

pub struct Field<'a> {
    pub original: &'a syn::Field,
    pub member: Member,
    pub attrs: Attrs,
    pub source: bool,
    pub backtrace: bool,
    /// The variant's fields are body members only when marked (`members = "explicit"`).
    pub explicit: bool,
    /// The span of the field's type, computed once (a type's span is the span of its tokens,
    /// which `syn` writes out to find it).
    pub ty_span: Span,
    /// [`binding`](Self::binding), made once.
    binding: Ident,
    /// The name a message template uses: the field's name (unraw), or its index.
    pub template_name: String,
}

impl<'a> Input<'a> {
    /// `None` for a union, which is reported to `cx`.
    pub fn from_syn(cx: &Ctxt, input: &'a DeriveInput) -> Option<Self> {
        let thiserror = attr::has_attr(&input.attrs, "error");
        match &input.data {
            Data::Enum(data) => {
                let attrs = attr::parse(cx, &input.attrs, Loc::Enum);
                let variants: Vec<Variant> = data
                    .variants
                    .iter()
                    .map(|variant| {
                        let own = attr::parse(cx, &variant.attrs, Loc::Variant);
                        let members = own.members.or(attrs.members);
                        let names = (Some(&variant.ident), &variant.ident, variant.attrs.as_slice());
                        Variant::new(cx, names, own, &variant.fields, members)
                    })
                    .collect();
                let thiserror = thiserror || data.variants.iter().any(|v| attr::has_attr(&v.attrs, "error"));
                Some(Input { original: input, attrs, variants, is_enum: true, thiserror, l10n: None })
            }
            Data::Struct(data) => {
                let attrs = attr::parse(cx, &input.attrs, Loc::Struct);
                let members = attrs.members;
                let names = (None, &input.ident, input.attrs.as_slice());
                let variant = Variant::new(cx, names, attrs.clone(), &data.fields, members);
                Some(Input {
                    original: input,
                    attrs,
                    variants: vec![variant],
                    is_enum: false,
                    thiserror,
                    l10n: None,
                })
            }
            Data::Union(data) => {
                let message = "#[derive(ApiError)] supports enums and structs, not unions";
                cx.error_spanned_by(data.union_token, message);
                None
            }
        }
    }

    /// The format expression: the type's `format`, else problem+json.
    pub fn format(&self) -> TokenStream {
        match &self.attrs.format {
            Some(path) => path.to_token_stream(),
            None => quote::quote!(::errwire::format::ProblemJson),
        }
    }

    pub fn rename_all(&self) -> Option<RenameRule> {
        self.attrs.rename_all
    }

    /// The members of the format's envelope when it is a built-in one the derive knows by its
    /// path (none given, or `errwire::format::ProblemJson`, ...): then a body member named like
    /// one is the derive's own error; another format needs a const check.
    pub fn builtin_format(&self) -> Option<(&'static str, &'static [&'static str])> {
        let name = match &self.attrs.format {
            None => "ProblemJson",
            Some(path) => {
                let segments: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
                let plain = path.segments.iter().all(|s| s.arguments.is_none());
                match segments.as_slice() {
                    [krate, module, name] if plain && krate == "errwire" && module == "format" => {
                        crate::formats::BUILT_IN.iter().find(|(known, _)| known == name)?.0
                    }
                    _ => return None,
                }
            }
        };
        crate::formats::BUILT_IN.iter().find(|(known, _)| *known == name).copied()
    }
}

impl<'a> Variant<'a> {
    /// `names`: the variant's ident (`None` for a struct), the name errors point at, and the
    /// attributes as written.
    fn new(
        cx: &Ctxt,
        (ident, name, original_attrs): (Option<&'a Ident>, &'a Ident, &'a [syn::Attribute]),
        attrs: Attrs,
        fields: &'a syn::Fields,
        members: Option<Members>,
    ) -> Self {
        let explicit = members == Some(Members::Explicit);
        let fields: Vec<Field> = fields
            .iter()
            .zip(fields.members())
            .enumerate()
            .map(|(index, (f, member))| Field::new(cx, f, member, index, explicit))
            .collect();
        let msg = attrs.msg.as_ref().and_then(|lit| Template::parse(cx, lit, &fields));
        Variant { ident, name, attrs, original_attrs, fields, msg, code: std::cell::OnceCell::new() }
    }

    /// The status: the variant's, else the container's.
    pub fn status<'s>(&'s self, input: &'s Input) -> Option<&'s attr::Status> {
        self.attrs.status.as_ref().or(input.attrs.status.as_ref())
    }

    /// The code: given, or the variant's name in the container's `code_case`.
    pub fn code(&self, input: &Input) -> String {
        let code = self.code.get_or_init(|| {
            if let Some(code) = self.attrs.code.as_ref().or(input.attrs.code.as_ref()) {
                return crate::attr::str_value(code);
            }
            let name = self.name.unraw().to_string();
            input.attrs.code_case.unwrap_or(RenameRule::Pascal).apply_to_variant(&name)
        });
        code.clone()
    }

    pub fn title<'s>(&'s self, input: &'s Input) -> Option<&'s LitStr> {
        self.attrs.title.as_ref().or(input.attrs.title.as_ref())
    }

    /// The `type` URI: given, else `type_base` followed by the code.
    pub fn type_uri(&self, input: &Input) -> Option<String> {
        match self.attrs.type_uri.as_ref().or(input.attrs.type_uri.as_ref()) {
            Some(uri) => Some(uri.value()),
            None => input.attrs.type_base.as_ref().map(|base| base.value() + &self.code(input)),
        }
    }

    pub fn transparent(&self) -> Option<Span> {
        self.attrs.transparent
    }

    /// Fields that become body members, with their names.
    pub fn body_fields(&self, input: &Input) -> Vec<(&Field<'a>, String)> {
        self.fields.iter().filter_map(|field| Some((field, field.body_name(input.rename_all())?))).collect()
    }

    pub fn header_fields(&self) -> impl Iterator<Item = &Field<'a>> {
        self.fields.iter().filter(|field| field.attrs.header.is_some())
    }

    pub fn source_field(&self) -> Option<&Field<'a>> {
        self.fields.iter().find(|field| field.source)
    }

    /// Fields other than a backtrace: what `transparent` and `#[from]` count.
    pub fn data_fields(&self) -> Vec<&Field<'a>> {
        self.fields.iter().filter(|field| !field.backtrace).collect()
    }
}

impl<'a> Field<'a> {
    fn new(cx: &Ctxt, original: &'a syn::Field, member: Member, index: usize, explicit: bool) -> Self {
        let attrs = attr::parse(cx, &original.attrs, Loc::Field);
        let source = attr::is_source(original, &attrs);
        let backtrace = attr::is_backtrace(original);
        let ty_span = type_span(&original.ty);
        let binding = format_ident!("__errwire_field{}", index, span = located(ty_span));
        let template_name = match &member {
            Member::Named(ident) => ident.unraw().to_string(),
            Member::Unnamed(index) => index.index.to_string(),
        };
        Field { original, member, attrs, source, backtrace, explicit, ty_span, binding, template_name }
    }

    /// The local a match arm binds this field to.
    ///
    /// Located on the field's type, so that a trait the field lacks (`Display` for a header,
    /// `Serialize` for a member) is reported on the field, not on the derive; it resolves where
    /// the derive is ([`located`]), as the patterns written as text do (`code.rs`), in any hygiene
    /// (a type written by a `macro_rules!`). Named by position, not after the field: `URL` or
    /// `_private` would make a local that `non_snake_case` warns of.
    pub fn binding(&self) -> Ident {
        self.binding.clone()
    }

    /// The member name in the body; `None` when the field is not a body member: sources,
    /// backtraces, `skip`, `header`, tuple fields without `rename`, and under
    /// `members = "explicit"` fields without `member` or `rename`.
    pub fn body_name(&self, rename_all: Option<RenameRule>) -> Option<String> {
        if self.source || self.backtrace || self.attrs.skip.is_some() || self.attrs.header.is_some() {
            return None;
        }
        if self.explicit && self.attrs.member.is_none() && self.attrs.rename.is_none() {
            return None;
        }
        if let Some(rename) = &self.attrs.rename {
            return Some(crate::attr::str_value(rename));
        }
        match &self.member {
            // The name, unraw, is the template's name for the field.
            Member::Named(_) => {
                Some(rename_all.map_or_else(
                    || self.template_name.clone(),
                    |rule| rule.apply_to_field(&self.template_name),
                ))
            }
            Member::Unnamed(_) => None,
        }
    }

    /// The field's type, for errors about it and inferred bounds.
    pub fn ty(&self) -> &'a syn::Type {
        &self.original.ty
    }

    /// Where generated code about the field's type is located (its type, the first token of
    /// it), resolving names where the derive is.
    pub fn span(&self) -> Span {
        located(self.ty_span)
    }

    /// Where errors about the field's body member name point: its `rename`, else its name.
    pub fn name_span(&self) -> Span {
        match (&self.attrs.rename, &self.original.ident) {
            (Some(rename), _) => rename.span(),
            (None, Some(ident)) => ident.span(),
            (None, None) => self.ty_span,
        }
    }
}

/// The span `syn` gives a type (`ty.span()`), read from its first token where that is at hand:
/// `span()` writes the type out as tokens to join the first one's span with the last's, which a
/// stable compiler doesn't do (the first one's is the answer).
fn type_span(ty: &syn::Type) -> Span {
    match ty {
        syn::Type::Path(path) if path.qself.is_none() => {
            match (&path.path.leading_colon, path.path.segments.first()) {
                (Some(colon), _) => colon.spans[0],
                (None, Some(first)) => first.ident.span(),
                (None, None) => ty.span(),
            }
        }
        syn::Type::Reference(reference) => reference.and_token.span,
        _ => ty.span(),
    }
}

/// A span at `user`'s place that resolves names where the derive is (`call_site`): generated
/// code can point at the user's token without its names (`__map`, a binding) being looked up in
/// the hygiene of a `macro_rules!` that wrote the token.
pub fn located(user: Span) -> Span {
    Span::call_site().located_at(user)
}

/// `tokens`, every one moved to `place` for error messages and keeping its own name resolution
/// (a user's `$crate::Inner` still means what it meant).
pub fn relocate(tokens: TokenStream, place: Span) -> TokenStream {
    tokens
        .into_iter()
        .map(|mut token| {
            if let TokenTree::Group(group) = &token {
                let mut moved = Group::new(group.delimiter(), relocate(group.stream(), place));
                moved.set_span(group.span().located_at(place));
                token = TokenTree::Group(moved);
            } else {
                token.set_span(token.span().located_at(place));
            }
            token
        })
        .collect()
}

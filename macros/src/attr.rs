//! `#[api(...)]` attributes into typed values, each keeping the span of the user's token.
//!
//! Every key is defined once, in [`KEYS`]: its name, where it may stand, how its value is read
//! into its [`Attrs`] field, and the keys it can't stand with. Parsing, "did you mean" and the
//! conflict check in `valid.rs` all read that table.

use proc_macro2::{Span, TokenStream, TokenTree};
use syn::meta::ParseNestedMeta;
use syn::parse::ParseStream;
use syn::spanned::Spanned;
use syn::{Attribute, Ident, Lit, LitBool, LitStr, Path, Token};

use crate::case::RenameRule;
use crate::ctxt::Ctxt;
use crate::status;

/// Where an attribute stands; decides which keys it may carry.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Loc {
    Enum,
    Struct,
    Variant,
    Field,
}

impl Loc {
    fn describe(self) -> &'static str {
        match self {
            Loc::Enum => "an enum",
            Loc::Struct => "a struct",
            Loc::Variant => "a variant",
            Loc::Field => "a field",
        }
    }
}

use Loc::{Enum as E, Field as F, Struct as S, Variant as V};

/// One key of `#[api(...)]`.
pub struct Key {
    pub name: &'static str,
    /// Where it may stand.
    pub places: Places,
    /// Reads what follows the name (`= value`, nothing for a flag) into the key's `Attrs` field.
    read: Read,
    /// Keys it can't stand with on one item; the error points at this key.
    conflicts: &'static [Conflict],
}

impl Key {
    const fn new(name: &'static str, places: Places, read: Read) -> Self {
        Key { name, places, read, conflicts: &[] }
    }

    const fn conflicts(self, conflicts: &'static [Conflict]) -> Self {
        Key { conflicts, ..self }
    }
}

type Read = fn(&ParseNestedMeta, &Ident, &mut Attrs) -> syn::Result<()>;

/// Where a key may stand, and how an error about a key that stands elsewhere says it.
pub struct Places {
    pub locs: &'static [Loc],
    said: &'static str,
}

const ITEM: Places = Places { locs: &[E, S, V], said: "an enum, a struct or a variant" };
const CONTAINER: Places = Places { locs: &[E, S], said: "the enum or struct" };
const FIELD: Places = Places { locs: &[F], said: "a field" };
const HAS_FIELDS: Places = Places { locs: &[S, V], said: "a variant or a struct, where its fields are" };
const HAS_ONE_FIELD: Places = Places { locs: &[S, V], said: "a variant or a struct with one field" };

/// A key that can't stand with the key `with`: the error says `why` (where `{key}` is the key's
/// name), then "remove" the key.
pub struct Conflict {
    with: &'static str,
    why: &'static str,
}

/// On a transparent variant, the inner error gives its status, code, message, title and type.
const GIVEN_BY_INNER: Conflict =
    Conflict { with: "transparent", why: "#[api(transparent)] takes `{key}` from the inner error" };

/// A header field is never in the body.
const HEADER_IS_NOT_IN_BODY: Conflict = Conflict {
    with: "header",
    why: "`skip` and `header` can't be combined: a header field is already left out of the body",
};

/// Every key: its name, where it may stand, how its value is read (the parsers are below
/// `parse`), and its conflicts, which are reported in this order.
pub const KEYS: &[Key] = &[
    Key::new("status", ITEM, |meta, key, out| put(&mut out.status, parse_status(meta, key)?))
        .conflicts(&[GIVEN_BY_INNER]),
    Key::new("code", ITEM, |meta, key, out| put(&mut out.code, code(meta, key)?))
        .conflicts(&[GIVEN_BY_INNER]),
    Key::new("code_case", CONTAINER, |meta, key, out| put(&mut out.code_case, rename_rule(meta, key)?)),
    Key::new("msg", HAS_FIELDS, |meta, key, out| put(&mut out.msg, lit_str(meta, key)?))
        .conflicts(&[GIVEN_BY_INNER]),
    Key::new("title", ITEM, |meta, key, out| put(&mut out.title, lit_str(meta, key)?))
        .conflicts(&[GIVEN_BY_INNER]),
    Key::new("type", ITEM, |meta, key, out| put(&mut out.type_uri, uri(meta, key)?))
        .conflicts(&[GIVEN_BY_INNER]),
    Key::new("type_base", CONTAINER, |meta, key, out| put(&mut out.type_base, uri(meta, key)?)),
    Key::new("format", CONTAINER, |meta, key, out| put(&mut out.format, format_path(meta, key)?)),
    Key::new("rename_all", CONTAINER, |meta, key, out| put(&mut out.rename_all, rename_rule(meta, key)?)),
    Key::new("serialize", CONTAINER, |meta, key, out| put(&mut out.serialize, lit_bool(meta, key)?)),
    Key::new("deserialize", CONTAINER, |meta, key, out| put(&mut out.deserialize, flag(meta, key)?)),
    Key::new("locales", CONTAINER, |meta, key, out| put(&mut out.locales, crate::l10n::folder(meta, key)?)),
    Key::new("default_locale", CONTAINER, |meta, key, out| {
        put(&mut out.default_locale, crate::l10n::default_locale(meta, key)?)
    }),
    Key::new("untranslated", CONTAINER, |meta, key, out| {
        put(&mut out.untranslated, crate::l10n::untranslated_setting(meta, key)?)
    }),
    Key::new("transparent", HAS_ONE_FIELD, |meta, key, out| put(&mut out.transparent, flag(meta, key)?)),
    Key::new("members", ITEM, |meta, key, out| put(&mut out.members, members(meta, key)?)),
    Key::new("member", FIELD, |meta, key, out| put(&mut out.member, flag(meta, key)?)),
    Key::new("rename", FIELD, |meta, key, out| put(&mut out.rename, lit_str(meta, key)?)),
    Key::new("skip", FIELD, |meta, key, out| put(&mut out.skip, flag(meta, key)?))
        .conflicts(&[HEADER_IS_NOT_IN_BODY]),
    Key::new("header", FIELD, |meta, key, out| put(&mut out.header, header_name(meta, key)?)),
    Key::new("source", FIELD, |meta, key, out| put(&mut out.source, flag(meta, key)?)),
    Key::new("grpc", ITEM, |meta, key, out| put(&mut out.grpc, crate::grpc::code(meta, key)?))
        .conflicts(&[GIVEN_BY_INNER]),
    Key::new("grpc_domain", CONTAINER, |meta, key, out| {
        put(&mut out.grpc_domain, crate::grpc::domain(meta, key)?)
    }),
];

/// The names of the keys that may stand at `loc`.
pub fn names_at(loc: Loc) -> impl Iterator<Item = &'static str> {
    KEYS.iter().filter(move |key| key.places.locs.contains(&loc)).map(|key| key.name)
}

/// Stores a key's value in its field (a repeated key's value is read into a throwaway `Attrs`).
fn put<T>(field: &mut Option<T>, value: T) -> syn::Result<()> {
    *field = Some(value);
    Ok(())
}

/// Which fields are body members: all but those left out (the default), or only those marked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Members {
    All,
    Explicit,
}

/// A status as written: a number or a `StatusCode` constant, already known to be 400–599.
#[derive(Clone)]
pub struct Status {
    pub code: u16,
}

/// The keys read on one item, one typed field per key of [`KEYS`] (set by its `read`).
#[derive(Default, Clone)]
pub struct Attrs {
    pub status: Option<Status>,
    pub code: Option<LitStr>,
    pub code_case: Option<RenameRule>,
    pub msg: Option<LitStr>,
    pub title: Option<LitStr>,
    pub type_uri: Option<LitStr>,
    pub type_base: Option<LitStr>,
    pub format: Option<Path>,
    pub rename_all: Option<RenameRule>,
    pub serialize: Option<bool>,
    /// `#[api(deserialize)]`: generate `errwire::client::FromView`.
    pub deserialize: Option<Span>,
    /// `#[api(locales = "dir")]`: the Fluent resources, a folder relative to the crate.
    pub locales: Option<LitStr>,
    /// `#[api(default_locale = "en")]`: the language of `msg` and `title`.
    pub default_locale: Option<LitStr>,
    /// `#[api(untranslated = "warn")]`: what a variant missing in a locale is.
    pub untranslated: Option<crate::l10n::Untranslated>,
    pub transparent: Option<Span>,
    /// `#[api(members = "explicit")]`: only fields marked `member` (or `rename`d) are in the body.
    pub members: Option<Members>,
    /// `#[api(member)]`: the field is a body member.
    pub member: Option<Span>,
    pub rename: Option<LitStr>,
    pub skip: Option<Span>,
    /// The header name, lowercased.
    pub header: Option<String>,
    pub source: Option<Span>,
    /// `#[api(grpc = "ALREADY_EXISTS")]`, checked against `google.rpc.Code`'s names.
    pub grpc: Option<crate::grpc::GrpcCode>,
    /// `#[api(grpc_domain = "...")]`: `ErrorInfo.domain`.
    pub grpc_domain: Option<LitStr>,
    /// Each key that was read, by its place in [`KEYS`], and where it stands, for checks that
    /// point at a key.
    keys: Vec<(usize, Span)>,
    /// Some key could not be read: a check for a missing key would only repeat that error.
    pub incomplete: bool,
}

impl Attrs {
    /// The span of `key` as written, when it was read.
    pub fn key_span(&self, key: &str) -> Option<Span> {
        self.keys.iter().find(|(index, _)| KEYS[*index].name == key).map(|(_, span)| *span)
    }

    /// Every conflict of [`KEYS`] between two keys read here, in the table's order: where it
    /// points (the key to remove) and what it says.
    pub fn conflicts(&self) -> Vec<(Span, String)> {
        let mut found = Vec::new();
        // The keys read, not every key of the table: most items have one or two.
        let mut read = self.keys.clone();
        read.sort_unstable_by_key(|(index, _)| *index);
        for (key, span) in read.into_iter().filter_map(|(index, span)| Some((KEYS.get(index)?, span))) {
            for conflict in key.conflicts.iter().filter(|conflict| self.key_span(conflict.with).is_some()) {
                let why = conflict.why.replace("{key}", key.name);
                found.push((span, format!("{why}; remove `{}`", key.name)));
            }
        }
        found
    }
}

/// Reads every `#[api(...)]` in `attrs`; every mistake goes to `cx`, and parsing goes on with
/// the next key so that all of them are reported.
pub fn parse(cx: &Ctxt, attrs: &[Attribute], loc: Loc) -> Attrs {
    let mut out = Attrs::default();
    for attr in attrs.iter().filter(|attr| attr.path().is_ident("api")) {
        if let Some(error) = not_a_list(attr, loc) {
            out.incomplete = true;
            cx.syn_error(error);
            continue;
        }
        let result = attr.parse_nested_meta(|meta| {
            let read = parse_key(cx, &mut out, loc, &meta);
            if read && !(meta.input.is_empty() || meta.input.peek(Token![,])) {
                // `status = 404 code = "x"`: without this, `code` would vanish silently.
                out.incomplete = true;
                cx.syn_error(meta.input.error("expected `,` between api attributes"));
            }
            skip_rest_of_value(&meta)
        });
        if let Err(error) = result {
            out.incomplete = true;
            cx.syn_error(error);
        }
    }
    out
}

/// `#[api]` and `#[api = ...]`: the keys go in parentheses.
fn not_a_list(attr: &Attribute, loc: Loc) -> Option<syn::Error> {
    let example = if loc == Loc::Field { "#[api(skip)]" } else { "#[api(status = 404)]" };
    match &attr.meta {
        syn::Meta::List(_) => None,
        syn::Meta::Path(path) => {
            let message = format!("`#[api]` needs its attributes in parentheses, like `{example}`");
            Some(syn::Error::new_spanned(path, message))
        }
        syn::Meta::NameValue(meta) => {
            // Point at `= "x"`, which is what has to become `(...)`.
            let (eq, value) = (&meta.eq_token, &meta.value);
            let message = format!("api attributes go in parentheses, not after `=`: write `{example}`");
            Some(syn::Error::new_spanned(quote::quote!(#eq #value), message))
        }
    }
}

/// Reads one key and its value; `false` when it could not be read (already reported).
fn parse_key(cx: &Ctxt, out: &mut Attrs, loc: Loc, meta: &ParseNestedMeta) -> bool {
    let Some(ident) = meta.path.get_ident() else {
        out.incomplete = true;
        let message = match meta.path.segments.last() {
            Some(last) => format!("api attributes are plain names: write `{}`", last.ident),
            None => "expected an api attribute name, like `status`".to_owned(),
        };
        cx.error_spanned_by(&meta.path, message);
        return false;
    };
    let name = ident.to_string();
    let Some((index, key)) = KEYS.iter().enumerate().find(|(_, key)| key.name == name) else {
        out.incomplete = true;
        cx.error_at(ident.span(), unknown_key_message(&name, loc));
        return false;
    };
    if !key.places.locs.contains(&loc) {
        // Like an unknown key: it may have been meant as this item's status.
        out.incomplete = true;
        let message =
            format!("`{name}` is not allowed on {}; it belongs on {}", loc.describe(), key.places.said);
        cx.error_at(ident.span(), message);
        return false;
    }
    // A repeated key's value is still read, for its own mistakes, but only the first is kept.
    let first = out.key_span(key.name).is_none();
    let mut repeated = Attrs::default();
    match (key.read)(meta, ident, if first { &mut *out } else { &mut repeated }) {
        Ok(()) if first => out.keys.push((index, ident.span())),
        Ok(()) => cx.error_at(ident.span(), format!("duplicate api attribute `{name}`; keep only one")),
        Err(error) => {
            out.incomplete = true;
            cx.syn_error(error);
            return false;
        }
    }
    true
}

/// Suggests the keys that may stand at `loc` first: `skpi` on a field is `skip`, not `type`.
fn unknown_key_message(key: &str, loc: Loc) -> String {
    let all = KEYS.iter().map(|key| key.name);
    match did_you_mean(key, names_at(loc)).or_else(|| did_you_mean(key, all)) {
        Some(name) => format!("unknown api attribute `{key}`, did you mean `{name}`?"),
        None => {
            let names: Vec<&str> = names_at(loc).collect();
            format!("unknown api attribute `{key}`; expected one of: {}", names.join(", "))
        }
    }
}

/// The candidate closest to `word`, when it is close enough to be a typo of it.
pub fn did_you_mean<'c>(word: &str, candidates: impl IntoIterator<Item = &'c str>) -> Option<&'c str> {
    candidates
        .into_iter()
        .map(|candidate| (distance(word, candidate), candidate))
        .min_by_key(|(d, _)| *d)
        .filter(|(d, candidate)| *d <= 2.max(candidate.len() / 3) && *d < word.chars().count())
        .map(|(_, candidate)| candidate)
}

/// Levenshtein distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

/// A string literal's value. Most are their text between the quotes, which is taken as it is;
/// `LitStr::value` unescapes char by char (a tenth of a message's cost to the derive, in an
/// unoptimized build), so it is left for the literals that need it.
pub(crate) fn str_value(lit: &LitStr) -> String {
    match plain_str(&lit.token().to_string()) {
        Some(value) => value.to_owned(),
        None => lit.value(),
    }
}

/// The value of a string literal written as `text`, when it is the text between the quotes.
fn plain_str(text: &str) -> Option<&str> {
    let inner = text.strip_prefix('"')?.strip_suffix('"')?;
    (!inner.contains('\\') && !inner.contains('\r')).then_some(inner)
}

/// `Lit::new`, but a plain string literal is not unescaped to find its suffix (`LitStr::value`
/// would unescape it again).
fn lit_new(literal: proc_macro2::Literal) -> Lit {
    match plain_str(&literal.to_string()) {
        Some(value) => Lit::Str(LitStr::new(value, literal.span())),
        None => Lit::new(literal),
    }
}

/// The literal next in `input`, taken when `take` keeps it. (`input.peek(LitStr)` reads the
/// literal in full to tell, through the compiler's bridge and char by char in an unoptimized
/// build, and the parse after it reads it again.)
pub(crate) fn take_lit<T>(input: ParseStream, take: impl FnOnce(Lit) -> Option<T>) -> syn::Result<Option<T>> {
    input.step(|cursor| {
        if let Some((literal, rest)) = cursor.literal()
            && let Some(value) = take(lit_new(literal))
        {
            return Ok((Some(value), rest));
        }
        Ok((None, *cursor))
    })
}

/// After a key: whatever its parser left (after an error) up to the next `,`.
fn skip_rest_of_value(meta: &ParseNestedMeta) -> syn::Result<()> {
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        meta.input.parse::<TokenTree>()?;
    }
    Ok(())
}

fn expect_eq(meta: &ParseNestedMeta, ident: &Ident, example: &str) -> syn::Result<()> {
    if meta.input.peek(Token![=]) {
        meta.input.parse::<Token![=]>()?;
        Ok(())
    } else {
        Err(syn::Error::new(ident.span(), format!("`{ident}` needs a value: `{ident} = {example}`")))
    }
}

pub(crate) fn lit_str(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<LitStr> {
    expect_eq(meta, ident, "\"...\"")?;
    if let Some(lit) = take_lit(meta.input, |lit| if let Lit::Str(lit) = lit { Some(lit) } else { None })? {
        return Ok(lit);
    }
    // `code = 404`, `title = Conflict`: show the value as the string it should be.
    let word = match meta.input.fork().parse::<TokenTree>() {
        Ok(TokenTree::Literal(lit)) => Some(lit.to_string()),
        Ok(TokenTree::Ident(word)) if !meta.input.peek2(Token![::]) => Some(word.to_string()),
        _ => None,
    };
    let word = word.filter(|word| word.chars().all(|c| c.is_alphanumeric() || c == '_' || c == '.'));
    let message = match word {
        Some(word) => format!("`{ident}` takes a string: write `{ident} = \"{word}\"`"),
        None => format!("`{ident}` takes a string literal: `{ident} = \"...\"`"),
    };
    Err(meta.input.error(message))
}

fn code(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<LitStr> {
    let lit = lit_str(meta, ident)?;
    if lit.value().trim().is_empty() {
        let message = "the code is empty; write a code like \"NotFound\", or remove `code` to derive it from \
                       the name";
        return Err(syn::Error::new(lit.span(), message));
    }
    Ok(lit)
}

/// `type` and `type_base`: a URI reference (RFC 3986), as RFC 9457 requires of `type`.
fn uri(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<LitStr> {
    let lit = lit_str(meta, ident)?;
    let Err(problem) = crate::uri::check(&lit.value()).map_err(|problem| problem.to_string()) else {
        return Ok(lit);
    };
    let message = if ident == "type" {
        format!(
            "`type` is a URI reference (RFC 3986) that names the problem type, like \
             \"https://example.com/errors/out-of-credit\" or \"/errors/out-of-credit\", and {problem} \
             (words for people go in `title` or `msg`)"
        )
    } else {
        format!(
            "`type_base` is the start of a URI reference (RFC 3986) that the code completes, like \
             \"https://example.com/errors/\", and {problem}"
        )
    };
    Err(syn::Error::new(lit.span(), message))
}

fn members(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<Members> {
    let lit = lit_str(meta, ident)?;
    match lit.value().as_str() {
        "explicit" => Ok(Members::Explicit),
        "all" => Ok(Members::All),
        other => {
            let message = format!(
                "unknown value \"{other}\" for `members`: write \"explicit\" (only fields marked \
                 `#[api(member)]` are body members) or \"all\" (the default)"
            );
            Err(syn::Error::new(lit.span(), message))
        }
    }
}

fn lit_bool(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<bool> {
    expect_eq(meta, ident, "false")?;
    if meta.input.peek(LitBool) {
        return Ok(meta.input.parse::<LitBool>()?.value);
    }
    Err(meta.input.error(format!("`{ident}` takes `true` or `false`: write `{ident} = false`")))
}

/// A key without a value (`skip`): the span of its name.
fn flag(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<Span> {
    if meta.input.is_empty() || meta.input.peek(Token![,]) {
        return Ok(ident.span());
    }
    // Point at the whole value (`= true`), which is what has to go.
    let mut value = TokenStream::new();
    while !meta.input.is_empty() && !meta.input.peek(Token![,]) {
        value.extend([meta.input.parse::<TokenTree>()?]);
    }
    let message = format!("`{ident}` takes no value: write `#[api({ident})]`");
    Err(syn::Error::new_spanned(value, message))
}

fn rename_rule(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<RenameRule> {
    let lit = lit_str(meta, ident)?;
    let value = lit.value();
    RenameRule::from_str(&value).ok_or_else(|| {
        let message = match closest_case(&value) {
            Some(name) => format!("unknown case \"{value}\", did you mean \"{name}\"?"),
            None => format!("unknown case \"{value}\"; expected one of {}", RenameRule::names()),
        };
        syn::Error::new(lit.span(), message)
    })
}

/// The case name `value` probably meant: the same letters, ignoring case, `_`, `-` and a
/// `case` suffix (`"camel"` → `"camelCase"`).
fn closest_case(value: &str) -> Option<String> {
    let key = |name: &str| {
        let name = name.to_ascii_lowercase().replace(['_', '-'], "");
        name.strip_suffix("case").map(str::to_owned).unwrap_or(name)
    };
    RenameRule::all_names().find(|name| key(name) == key(value)).map(str::to_owned)
}

fn format_path(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<Path> {
    expect_eq(meta, ident, "errwire::format::ProblemJson")?;
    let expected = "expected a path to a format, like `errwire::format::ProblemJson` or a const";
    if meta.input.peek(LitStr) {
        let message = "`format` takes a path, not a string: write it without quotes, like \
                       `format = errwire::format::ProblemJson`";
        return Err(meta.input.error(message));
    }
    meta.input.parse::<Path>().map_err(|error| syn::Error::new(error.span(), expected))
}

fn parse_status(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<Status> {
    expect_eq(meta, ident, "409")?;
    let input = meta.input;
    if input.peek(Token![-]) {
        // `-404`: point at the sign and the number, not at the sign alone.
        let minus: Token![-] = input.parse()?;
        let value: TokenTree = input.parse()?;
        let message = format!("status must be a 4xx or 5xx code (400–599), not -{value}");
        return Err(syn::Error::new_spanned(quote::quote!(#minus #value), message));
    }
    if let Some(lit) = take_lit(input, |lit| if let Lit::Int(lit) = lit { Some(lit) } else { None })? {
        let code = lit.base10_parse::<u16>().ok().filter(|code| (400..=599).contains(code));
        let Some(code) = code else {
            let message = format!("status must be a 4xx or 5xx code (400–599), not {}", lit.base10_digits());
            return Err(syn::Error::new(lit.span(), message));
        };
        return Ok(Status { code });
    }
    let expected = "expected a status: a number like `409` or a constant like `StatusCode::CONFLICT`";
    if input.peek(LitStr) {
        let lit: LitStr = input.parse()?;
        let message = match lit.value().trim().parse::<u16>() {
            Ok(code) => format!("status is a number, not a string: write `status = {code}` without quotes"),
            Err(_) => expected.to_owned(),
        };
        return Err(syn::Error::new(lit.span(), message));
    }
    if !(input.peek(Ident) || input.peek(Token![::])) {
        return Err(input.error(expected));
    }
    let path: Path = input.parse()?;
    let name = path.segments.last().map(|segment| segment.ident.to_string()).unwrap_or_default();
    match status::by_name(&name) {
        Some(code) => Ok(Status { code }),
        None => Err(syn::Error::new(
            path.segments.last().map_or(path.span(), |s| s.ident.span()),
            unknown_status(&name),
        )),
    }
}

/// The 1xx–3xx constants of `http::StatusCode`, to say why they are refused.
const NOT_ERRORS: &[(u16, &str)] = &[
    (100, "CONTINUE"),
    (101, "SWITCHING_PROTOCOLS"),
    (102, "PROCESSING"),
    (200, "OK"),
    (201, "CREATED"),
    (202, "ACCEPTED"),
    (203, "NON_AUTHORITATIVE_INFORMATION"),
    (204, "NO_CONTENT"),
    (205, "RESET_CONTENT"),
    (206, "PARTIAL_CONTENT"),
    (207, "MULTI_STATUS"),
    (208, "ALREADY_REPORTED"),
    (226, "IM_USED"),
    (300, "MULTIPLE_CHOICES"),
    (301, "MOVED_PERMANENTLY"),
    (302, "FOUND"),
    (303, "SEE_OTHER"),
    (304, "NOT_MODIFIED"),
    (305, "USE_PROXY"),
    (307, "TEMPORARY_REDIRECT"),
    (308, "PERMANENT_REDIRECT"),
];

fn unknown_status(name: &str) -> String {
    if let Some((code, _)) = NOT_ERRORS.iter().find(|(_, n)| *n == name) {
        return format!(
            "`StatusCode::{name}` ({code}) is not an error status; use a 4xx or 5xx status, \
             like `StatusCode::BAD_REQUEST`"
        );
    }
    let known = status::CONSTANTS.iter().map(|(_, n)| *n);
    match did_you_mean(name, known) {
        Some(known) => format!(
            "`StatusCode::{name}` is not a constant of `http::StatusCode`; did you mean `StatusCode::{known}`?"
        ),
        None => format!(
            "`StatusCode::{name}` is not a 4xx or 5xx constant of `http::StatusCode`; \
             use a number like `409` or a constant like `StatusCode::CONFLICT`"
        ),
    }
}

fn header_name(meta: &ParseNestedMeta, ident: &Ident) -> syn::Result<String> {
    let lit = lit_str(meta, ident)?;
    let name = lit.value();
    // RFC 9110 field names are tokens: visible ASCII without delimiters.
    let is_tchar = |b: u8| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b);
    if name.is_empty() {
        let message = "the header name is empty; write the name of the header, like \"Retry-After\"";
        return Err(syn::Error::new(lit.span(), message));
    }
    if !name.bytes().all(is_tchar) {
        let message =
            format!("`{name}` is not a valid header name; use letters, digits and `-`, like \"Retry-After\"");
        return Err(syn::Error::new(lit.span(), message));
    }
    let lower = name.to_ascii_lowercase();
    if RESERVED_HEADERS.contains(&lower.as_str()) {
        let message = format!(
            "`{name}` can't be set from a field: errwire or the HTTP framework writes it (the content type, \
             length and transfer headers, `x-request-id`, `x-content-type-options`); send the value under a \
             header name of your own, or as a body member"
        );
        return Err(syn::Error::new(lit.span(), message));
    }
    Ok(lower)
}

/// Headers a field can't set; the runtime's `Headers::RESERVED`, which drops them too.
const RESERVED_HEADERS: &[&str] = &[
    "connection",
    "content-encoding",
    "content-language",
    "content-length",
    "content-type",
    "keep-alive",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "x-content-type-options",
    "x-request-id",
];

/// Whether a field is a source error: `#[source]`, `#[from]`, `#[api(source)]`, or named
/// `source` unless marked `#[api(member)]` (a body member called `source`, as JSON:API has).
pub fn is_source(field: &syn::Field, attrs: &Attrs) -> bool {
    marked_source(field, attrs) || (is_named_source(field) && attrs.member.is_none())
}

/// `#[source]`, `#[from]` or `#[api(source)]`.
pub fn marked_source(field: &syn::Field, attrs: &Attrs) -> bool {
    attrs.source.is_some() || has_attr(&field.attrs, "source") || has_attr(&field.attrs, "from")
}

pub fn is_named_source(field: &syn::Field) -> bool {
    field.ident.as_ref().is_some_and(|ident| ident == "source")
}

/// Whether a field carries a backtrace (thiserror's `#[backtrace]` or a `Backtrace` type).
pub fn is_backtrace(field: &syn::Field) -> bool {
    let type_is_backtrace = match &field.ty {
        syn::Type::Path(path) => path.path.segments.last().is_some_and(|s| s.ident == "Backtrace"),
        _ => false,
    };
    type_is_backtrace || has_attr(&field.attrs, "backtrace")
}

pub fn has_attr(attrs: &[Attribute], name: &str) -> bool {
    attrs.iter().any(|attr| attr.path().is_ident(name))
}

#[cfg(test)]
mod tests {
    use syn::parse::Parser;
    use syn::{Lit, LitStr};

    use super::{KEYS, str_value, take_lit};

    #[test]
    fn a_string_literal_value_is_its_text_or_unescaped() {
        let cases = [
            r#""plain text {x}""#,
            r#""""#,
            r#""a \"quote\"""#,
            r#""tab\there""#,
            r#""\u{e9}""#,
            r##"r#"raw "x""#"##,
            r#""suffixed"x"#,
            "\"é ü\"",
            "\"line\nbreak\"",
        ];
        for text in cases {
            let lit: LitStr = syn::parse_str(text).unwrap();
            assert_eq!(str_value(&lit), lit.value(), "{text}");
        }
    }

    #[test]
    fn a_literal_is_taken_only_when_kept() {
        let string = |lit| if let Lit::Str(lit) = lit { Some(lit) } else { None };
        let parse = |input: syn::parse::ParseStream| {
            let first = take_lit(input, string)?.map(|lit| lit.value());
            let second = take_lit(input, string)?.map(|lit| lit.value());
            let rest: proc_macro2::TokenStream = input.parse()?;
            Ok((first, second, rest.to_string()))
        };
        let (first, second, rest) = parse.parse_str(r#""a\"b" 404"#).unwrap();
        assert_eq!((first.as_deref(), second, rest.as_str()), (Some("a\"b"), None, "404"));
        let (first, _, rest) = parse.parse_str("x = 1").unwrap();
        assert_eq!((first, rest.as_str()), (None, "x = 1"));
    }

    #[test]
    fn every_key_is_defined_once() {
        for (i, key) in KEYS.iter().enumerate() {
            assert!(KEYS[..i].iter().all(|other| other.name != key.name), "`{}` is defined twice", key.name);
        }
    }

    #[test]
    fn every_conflict_is_with_a_key_that_can_stand_alongside() {
        for key in KEYS {
            for conflict in key.conflicts {
                let other = KEYS.iter().find(|other| other.name == conflict.with);
                let other = other
                    .unwrap_or_else(|| panic!("`{}` conflicts with `{}`, no key", key.name, conflict.with));
                let shared = key.places.locs.iter().any(|loc| other.places.locs.contains(loc));
                assert!(shared, "`{}` and `{}` never stand on one item", key.name, other.name);
            }
        }
    }
}

//! Localized messages with [Fluent](https://projectfluent.org) (feature `fluent`): the same
//! contract in the client's language, translations checked at compile time.
//!
//! ```
//! use errwire::{ApiError, Context};
//!
//! #[derive(Debug, ApiError)]
//! #[api(locales = "doc-locales", default_locale = "en")] // your crate's "locales", say
//! enum OrderError {
//!     #[api(status = 409, msg = "Order {id} was changed by someone else")]
//!     Conflict { id: u64 },
//! }
//!
//! let german = OrderError::Conflict { id: 7 }.to_response_with(&Context::new().with_locale("de"));
//! assert_eq!(german.headers()["content-language"], "de");
//! ```
//!
//! with `doc-locales/de.ftl` next to the crate's `Cargo.toml` (errwire's own, for this example;
//! the example service has `runtime/examples/service/locales`):
//!
//! ```text
//! # The message id is the error's code; `.title` translates the RFC 9457 title.
//! Conflict = Bestellung { $id } wurde von jemand anderem geändert
//!     .title = Konflikt
//! ```
//!
//! # Decisions
//!
//! - **Resources.** `#[api(locales = "dir")]` names a folder relative to the crate's
//!   `CARGO_MANIFEST_DIR` (like `include_str!` paths of build scripts and the contract
//!   snapshots); every `*.ftl` file in it is one locale, named by its file stem as a BCP 47
//!   tag (`de.ftl`, `fr-CH.ftl`). Other files are ignored. The default language
//!   (`default_locale`, `"en"` unless given) has no resource: its text is each variant's `msg`
//!   and `title`, one source of truth, so a `<default>.ftl` is a compile error.
//! - **Keys.** A message's id is the error's code. A code that is not a Fluent identifier
//!   (a letter, then letters, digits, `_`, `-`) is translated under [`message_id`]: every other
//!   character becomes `-`, and a code that doesn't start with an ASCII letter gets `code-` in
//!   front (`user.not_found` → `user-not_found`, `404` → `code-404`); two codes that map to
//!   one id are a compile error. Every message of a resource must be a code of the type
//!   (terms, `-name = …`, are free for shared text).
//! - **Placeholders.** A translation names the variant's fields as Fluent variables
//!   (`{ $field }`, also in selectors and function calls); a variable the variant doesn't have is
//!   a compile error with the file and line. Tuple fields have no name a Fluent variable can
//!   take, so translations can't name them. Integers and floats are passed as Fluent numbers
//!   (plural selection works: `{ $count -> [one] … *[other] … }`) when they are exact as an
//!   `f64`; larger integers, and every other field, as the text of its `Display`.
//! - **Titles.** The Fluent attribute `.title` translates `title` (or the reason phrase).
//!   RFC 9457 says a title doesn't change from occurrence to occurrence, so it can't name a
//!   variable (a compile error). A translation without `.title` keeps the default title.
//! - **Missing translations.** A variant without a message in a locale is a compile error by
//!   default; `#[api(untranslated = "warn")]` makes it a warning (stable Rust has no warning
//!   API for derives: it is a deprecation warning on the variant, which `#![deny(warnings)]`
//!   turns into an error), `"allow"` lets it pass. At run time such a variant answers in the
//!   default language, and `Content-Language` says so.
//! - **Choosing the language.** [`Context::with_locale`](crate::Context::with_locale) takes an
//!   `Accept-Language` value (a single tag is one); inside a framework layer, the request's own
//!   `Accept-Language` is used ([`RequestScope::accept_language_from`](crate::RequestScope::accept_language_from)).
//!   Ranges are ordered by their quality values (`q=0` excluded, equal ones keep their order;
//!   at most 16 are read) and matched with fluent-langneg's lookup against the type's locales
//!   and its default: `de-CH, de;q=0.9, en;q=0.5` gets `de`, an unknown language the default.
//! - **What changes.** `title` and the message change with the language; the code, status,
//!   members, `type`, headers and instance never do. A response of a type with translations
//!   always carries `Content-Language` (also for the default language: the body's text is
//!   in a language, and a client or cache can tell which), and, when the language came from
//!   the request's `Accept-Language`, `Vary: accept-language`. `Content-Language` belongs to
//!   errwire ([`Headers::RESERVED`](crate::Headers::RESERVED)): a field can't set it.
//! - **Collections.** An [`Errors`](crate::Errors) answers each item in the best of its own
//!   type's languages (items of several types can differ), with `Content-Language` listing the
//!   items' languages in the order they first appear (`de`, or `fr, en` when one item's type has
//!   no French); items of types without translations list none, and a collection with no
//!   translated type sends no `Content-Language`. The envelope's own text (problem+json's
//!   title, the error list's status) is no item's and stays as it is. `Display` of a collection,
//!   like an error's, stays in the default language: it is what logs read.
//! - **Cost.** A type without translations, or a render without a requested language, costs
//!   what it cost before (no lookup, no allocation). A translated render builds the Fluent
//!   arguments and looks the message up in the type's bundles, which are parsed once, on first
//!   use. Unicode isolation marks are off: bodies are data, not text for a bidi renderer.
//! - **Rebuilds.** Every resource the derive read is `include_str!`'d by the generated code, so
//!   changing one rebuilds the crate. A *new* file in the folder is not seen until the crate is
//!   rebuilt for another reason (stable Rust can't track a folder): touch the source file, or
//!   add `println!("cargo::rerun-if-changed=locales")` to a build script.

use core::fmt::{self, Write as _};
use std::borrow::Cow;
use std::collections::HashMap;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use fluent_langneg::{NegotiationStrategy, negotiate_languages};
use http::header::{CONTENT_LANGUAGE, VARY};
use http::{HeaderValue, Response};
use unic_langid::LanguageIdentifier;

use crate::format::{Document, Format, Renderable};
use crate::{ApiError as _, Context, RequestScope};

/// A type's translations: one Fluent bundle per locale, parsed once.
///
/// The derive builds it from `#[api(locales = "...")]`; a hand-written [`ApiError`](crate::ApiError)
/// returns one of its own from [`ApiError::translations`](crate::ApiError::translations):
///
/// ```
/// use std::sync::LazyLock;
/// use errwire::l10n::Translations;
///
/// static TRANSLATIONS: LazyLock<Translations> = LazyLock::new(|| {
///     Translations::new("en", &[("de", "NotFound = Nicht gefunden: { $id }\n    .title = Nicht gefunden\n")])
/// });
/// assert_eq!(TRANSLATIONS.default_locale(), "en");
/// assert_eq!(TRANSLATIONS.locales().collect::<Vec<_>>(), ["de"]);
/// assert_eq!(TRANSLATIONS.negotiate("de-CH, de;q=0.9, en;q=0.5"), "de");
/// assert_eq!(TRANSLATIONS.negotiate("fr"), "en");
/// ```
pub struct Translations {
    default: Locale,
    /// The translated locales, in the order given.
    locales: Vec<Translated>,
    /// The default's tag, then every translated one's: what requests are matched against.
    available: Vec<LanguageIdentifier>,
}

struct Locale {
    tag: &'static str,
    header: HeaderValue,
}

struct Translated {
    locale: Locale,
    bundle: FluentBundle<FluentResource>,
    /// Each message's `.title`, formatted once (titles name no variables).
    titles: HashMap<String, String>,
}

impl Translations {
    /// Translations with `default` as the language of the messages themselves and `resources`
    /// as `(locale, Fluent source)` pairs.
    ///
    /// Never panics: a locale that is not a language tag, a resource that doesn't parse (the
    /// entries that do are kept) and a message defined twice are left out and logged (feature
    /// `tracing`); the derive reports all of them at compile time.
    pub fn new(default: &'static str, resources: &[(&'static str, &'static str)]) -> Self {
        let default_id = default.parse::<LanguageIdentifier>().unwrap_or_default();
        let mut available = vec![default_id];
        let mut locales = Vec::new();
        for &(tag, source) in resources {
            let Ok(id) = tag.parse::<LanguageIdentifier>() else {
                warn(tag, "not a language tag");
                continue;
            };
            let Some(header) = header_value(tag) else { continue };
            available.push(id.clone());
            locales.push(translated(Locale { tag, header }, id, source));
        }
        let header = header_value(default).unwrap_or(HeaderValue::from_static("und"));
        Translations { default: Locale { tag: default, header }, locales, available }
    }

    /// The language of the messages themselves (`default_locale`).
    pub fn default_locale(&self) -> &str {
        self.default.tag
    }

    /// The translated locales, as their resources are named.
    pub fn locales(&self) -> impl Iterator<Item = &str> {
        self.locales.iter().map(|translated| translated.locale.tag)
    }

    /// The locale an `Accept-Language` value gets: the best match by quality values, else the
    /// default.
    pub fn negotiate(&self, accept_language: &str) -> &str {
        match self.choose(accept_language) {
            Some(index) => self.locales[index].locale.tag,
            None => self.default.tag,
        }
    }

    /// The translated locale `accept_language` picks; `None` for the default.
    fn choose(&self, accept_language: &str) -> Option<usize> {
        let requested = accepted_languages(accept_language);
        if requested.is_empty() {
            return None;
        }
        let chosen = negotiate_languages(&requested, &self.available, None, NegotiationStrategy::Lookup);
        let position = self.available.iter().position(|id| Some(&id) == chosen.first())?;
        position.checked_sub(1)
    }

    /// The message `code` has in `locale` (a tag of [`locales`](Self::locales)), written with
    /// `error`'s fields; `Ok(false)` when that locale has no such message.
    ///
    /// # Errors
    ///
    /// When `out` fails, or a field's `Display` does.
    pub fn write_message<E: crate::ApiError + ?Sized>(
        &self,
        locale: &str,
        error: &E,
        out: &mut dyn fmt::Write,
    ) -> Result<bool, fmt::Error> {
        match self.locales.iter().position(|translated| translated.locale.tag == locale) {
            Some(index) => Lang { translations: self, index }.write(error, out),
            None => Ok(false),
        }
    }
}

fn translated(locale: Locale, id: LanguageIdentifier, source: &'static str) -> Translated {
    let resource = match FluentResource::try_new(source.to_owned()) {
        Ok(resource) => resource,
        Err((resource, _)) => {
            warn(locale.tag, "the resource has syntax errors; the entries that parse are kept");
            resource
        }
    };
    let mut bundle = FluentBundle::new_concurrent(vec![id]);
    bundle.set_use_isolating(false);
    if bundle.add_builtins().is_err() {
        warn(locale.tag, "NUMBER() could not be added");
    }
    let ids: Vec<String> = resource.entries().filter_map(message_name).collect();
    if bundle.add_resource(resource).is_err() {
        warn(locale.tag, "a message is defined twice; the first is kept");
    }
    let titles = ids.into_iter().filter_map(|id| Some((id.clone(), title_of(&bundle, &id)?))).collect();
    Translated { locale, bundle, titles }
}

fn message_name(entry: &fluent_syntax::ast::Entry<&str>) -> Option<String> {
    match entry {
        fluent_syntax::ast::Entry::Message(message) => Some(message.id.name.to_owned()),
        _ => None,
    }
}

fn title_of(bundle: &FluentBundle<FluentResource>, id: &str) -> Option<String> {
    let title = bundle.get_message(id)?.get_attribute("title")?;
    let mut errors = Vec::new();
    Some(bundle.format_pattern(title.value(), None, &mut errors).into_owned())
}

fn header_value(tag: &str) -> Option<HeaderValue> {
    let value = HeaderValue::from_str(tag).ok();
    if value.is_none() {
        warn(tag, "not a header value");
    }
    value
}

#[cfg_attr(not(feature = "tracing"), allow(unused_variables))]
fn warn(locale: &str, problem: &str) {
    #[cfg(feature = "tracing")]
    tracing::warn!(locale = %crate::log::Quoted(locale), problem, "left out part of a translation");
}

/// The Fluent message id of `code`: the code itself when it is a Fluent identifier (a letter,
/// then letters, digits, `_` and `-`); else every other character becomes `-`, and `code-` goes
/// in front of a code that doesn't start with an ASCII letter.
///
/// ```
/// use errwire::l10n::message_id;
///
/// assert_eq!(message_id("DuplicateField"), "DuplicateField");
/// assert_eq!(message_id("ENTITY_NOT_FOUND"), "ENTITY_NOT_FOUND");
/// assert_eq!(message_id("user.not_found"), "user-not_found");
/// assert_eq!(message_id("404"), "code-404");
/// ```
pub fn message_id(code: &str) -> Cow<'_, str> {
    let allowed = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    let starts_with_letter = code.starts_with(|c: char| c.is_ascii_alphabetic());
    if starts_with_letter && code.chars().all(allowed) {
        return Cow::Borrowed(code);
    }
    let mut id = String::with_capacity(code.len() + 5);
    if !starts_with_letter {
        id.push_str("code-");
    }
    id.extend(code.chars().map(|c| if allowed(c) { c } else { '-' }));
    Cow::Owned(id)
}

/// The most ranges of an `Accept-Language` value that are read.
const MAX_RANGES: usize = 16;

/// The language ranges of an `Accept-Language` value, best first: ordered by quality value
/// (RFC 9110 §12.4.2; equal ones keep their order), without `q=0`, `*` and what doesn't parse.
///
/// ```
/// let ranges = errwire::l10n::accepted_languages("en;q=0.5, de-CH, fr;q=0, de;q=0.9, *;q=0.1");
/// let ranges: Vec<String> = ranges.iter().map(ToString::to_string).collect();
/// assert_eq!(ranges, ["de-CH", "de", "en"]);
/// ```
pub fn accepted_languages(value: &str) -> Vec<LanguageIdentifier> {
    let mut ranges: Vec<(u16, LanguageIdentifier)> = value
        .split(',')
        .take(MAX_RANGES)
        .filter_map(|item| {
            let mut parts = item.split(';');
            let tag = parts.next()?.trim();
            let quality = parts.try_fold(1000, |quality, param| match param.trim().split_once('=') {
                Some((name, value)) if name.trim().eq_ignore_ascii_case("q") => quality_value(value.trim()),
                _ => Some(quality),
            })?;
            if quality == 0 || tag == "*" || tag.is_empty() {
                return None;
            }
            Some((quality, tag.parse().ok()?))
        })
        .collect();
    ranges.sort_by_key(|range| core::cmp::Reverse(range.0));
    ranges.into_iter().map(|(_, id)| id).collect()
}

/// A quality value in thousandths (`0`, `0.5`, `1.000`); `None` when it isn't one.
fn quality_value(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction.bytes().chain(core::iter::repeat(b'0')).take(3);
    let fraction = thousandths.fold(0u16, |n, b| n * 10 + u16::from(b - b'0'));
    match whole {
        "0" => Some(fraction),
        "1" if fraction == 0 => Some(1000),
        _ => None,
    }
}

/// The arguments of a translated message: the variant's fields that its translations name.
///
/// The derive fills it in [`ApiError::translation_args`](crate::ApiError::translation_args); by
/// hand:
///
/// ```
/// let mut args = errwire::l10n::Args::new();
/// args.number("count", 3.0);
/// args.display("name", &"Ada");
/// ```
#[derive(Default)]
pub struct Args<'a> {
    args: FluentArgs<'a>,
    failed: bool,
}

impl<'a> Args<'a> {
    /// No arguments.
    pub fn new() -> Self {
        Args::default()
    }

    /// `name` as a Fluent number: plural rules select on it.
    pub fn number(&mut self, name: &'static str, value: f64) {
        self.args.set(name, FluentValue::from(value));
    }

    /// `name` as the text `value` borrows.
    pub fn str(&mut self, name: &'static str, value: &'a str) {
        self.args.set(name, FluentValue::from(value));
    }

    /// `name` as the text of `value`'s `Display`; a `Display` that fails makes the message fail
    /// (the response becomes the 500 replacement, as for an untranslated message).
    pub fn display<T: fmt::Display + ?Sized>(&mut self, name: &'static str, value: &T) {
        let mut text = String::new();
        if write!(text, "{value}").is_err() {
            self.failed = true;
        }
        self.args.set(name, FluentValue::from(text));
    }
}

/// A translated locale of a type, chosen for one response.
#[derive(Clone, Copy)]
pub(crate) struct Lang<'t> {
    translations: &'t Translations,
    index: usize,
}

impl<'t> Lang<'t> {
    fn locale(&self) -> &'t Translated {
        &self.translations.locales[self.index]
    }

    /// The translated title of `code`, when the locale has one.
    pub(crate) fn title(&self, code: &str) -> Option<&'t str> {
        self.locale().titles.get(&*message_id(code)).map(String::as_str)
    }

    fn has(&self, code: &str) -> bool {
        self.locale().bundle.has_message(&message_id(code))
    }

    /// Writes `error`'s message in this locale; `Ok(false)` when it has no translation.
    pub(crate) fn write<E: crate::ApiError + ?Sized>(
        &self,
        error: &E,
        out: &mut dyn fmt::Write,
    ) -> Result<bool, fmt::Error> {
        let bundle = &self.locale().bundle;
        let id = message_id(error.code());
        let Some(pattern) = bundle.get_message(&id).and_then(|message| message.value()) else {
            return Ok(false);
        };
        let mut args = Args::new();
        error.translation_args(&mut args);
        if args.failed {
            return Err(fmt::Error);
        }
        let mut errors = Vec::new();
        let mut out = out;
        bundle.write_pattern(&mut out, pattern, Some(&args.args), &mut errors)?;
        Ok(true)
    }
}

/// The translated language `requested` (an `Accept-Language` value) gets `error`, when its
/// type has translations and the chosen locale has its message; `None`: the default language.
pub(crate) fn lang_for<E: crate::ApiError + ?Sized>(error: &E, requested: &str) -> Option<Lang<'static>> {
    lang_in(error.translations()?, error, requested)
}

fn lang_in<E: crate::ApiError + ?Sized>(
    translations: &'static Translations,
    error: &E,
    requested: &str,
) -> Option<Lang<'static>> {
    let index = translations.choose(requested)?;
    Some(Lang { translations, index }).filter(|lang| lang.has(error.code()))
}

/// What a render in a scope says about the language: the request's `Accept-Language` (when
/// the layer read it) and whether it was read at all.
pub(crate) struct Requested {
    pub(crate) accept_language: Option<HeaderValue>,
    pub(crate) from_request: bool,
}

/// [`render`](crate::render) of an error whose type has translations: the language from the
/// context, else the request's scope, else the default; `Content-Language` and, when the
/// request's header chose, `Vary`.
pub(crate) fn render<F, E>(
    format: &F,
    error: &E,
    translations: &'static Translations,
    cx: &Context<'_>,
) -> Response<Vec<u8>>
where
    F: Format + ?Sized,
    E: Renderable + ?Sized,
{
    let scope = RequestScope::current_language();
    let requested = match cx.locale() {
        Some(locale) => Some(locale),
        None => scope.accept_language.as_ref().and_then(|value| value.to_str().ok()),
    };
    let lang = requested.and_then(|requested| lang_in(translations, error, requested));
    let written = core::cell::Cell::new(false);
    let mut response = crate::render::respond_with(format, error, cx, |instance, serializer| {
        let doc = Document::new(error).with_instance(instance).with_lang(lang);
        let result = format.serialize(&doc, serializer);
        written.set(result.is_ok());
        result
    });
    // The 500 that replaces a body that failed to serialize is in the default language.
    let header = match lang {
        Some(lang) if written.get() => &lang.locale().locale.header,
        _ => &translations.default.header,
    };
    response.headers_mut().insert(CONTENT_LANGUAGE, header.clone());
    if scope.from_request && cx.locale().is_none() {
        response.headers_mut().append(VARY, HeaderValue::from_static("accept-language"));
    }
    response
}

/// [`Errors`](crate::Errors) of which some item's type has translations: every item in the
/// language it gets ([`lang_for`]), and `Content-Language` listing the items' languages in the
/// order they first appear (`de`, or `de, en` when an item has no German message); items of
/// types without translations have no language to list. `Vary` as for one error.
pub(crate) fn render_many<F, T>(
    format: &F,
    items: &[T],
    status: http::StatusCode,
    cx: &Context<'_>,
) -> Response<Vec<u8>>
where
    F: Format + ?Sized,
    T: crate::format::ErrorItem,
{
    let scope = RequestScope::current_language();
    let requested = match cx.locale() {
        Some(locale) => Some(locale),
        None => scope.accept_language.as_ref().and_then(|value| value.to_str().ok()),
    };
    let written = core::cell::Cell::new(false);
    let mut response = crate::render::respond_many(format, items, status, cx, |instance, serializer| {
        let docs = crate::format::Documents::new(items, status, instance).with_locale(requested);
        let result = format.serialize_many(&docs, serializer);
        written.set(result.is_ok());
        result
    });
    let mut languages: Vec<&HeaderValue> = Vec::new();
    for item in items {
        let error = item.error();
        let Some(translations) = error.translations() else { continue };
        // The 500 that replaces a body that failed to serialize is in the default language.
        let header = match requested.and_then(|requested| lang_in(translations, error, requested)) {
            Some(lang) if written.get() => &lang.locale().locale.header,
            _ => &translations.default.header,
        };
        if !languages.contains(&header) {
            languages.push(header);
        }
    }
    let header = match languages.as_slice() {
        [one] => Some((*one).clone()),
        many => {
            let joined: Vec<u8> =
                many.iter().map(|value| value.as_bytes()).collect::<Vec<_>>().join(&b", "[..]);
            HeaderValue::from_bytes(&joined).ok()
        }
    };
    if let Some(header) = header {
        response.headers_mut().insert(CONTENT_LANGUAGE, header);
    }
    if scope.from_request && cx.locale().is_none() {
        response.headers_mut().append(VARY, HeaderValue::from_static("accept-language"));
    }
    response
}

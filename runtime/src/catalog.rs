//! The error contract as data: every error a type can return, from the derive, rendered for the
//! service's clients like the seed pages: Markdown, HTML or JSON, in the client's vocabulary
//! (`integer`, `string or null`, `array of string`), never a Rust type name.
//!
//! A row is what a client can tell apart: a status, a code and a message. The same code with two
//! messages (a handler's `ResourceNotFound` and the framework layer's for an unknown route) is
//! two rows; the same error added twice is one.
//!
//! [`Catalog::negotiate`] picks the rendering from a request's `Accept` header, so that a service
//! serves its error page in one line.

use core::fmt::{self, Write as _};
use std::collections::{BTreeMap, HashSet};

use serde::Serialize;

use crate::ApiError;
use crate::format::reason_phrase;

/// One error of a type's contract: what the derive knows of a variant at compile time.
///
/// Built with [`Entry::new`] and its `const` setters (so that entries can be statics, as the
/// derive's are); `#[non_exhaustive]`, so that it can learn more about an error later.
///
/// ```
/// use errwire::catalog::{Entry, Field};
///
/// static ID: [Field; 1] = [Field::body("id", "u64", <u64 as errwire::schema::JsonType>::json_schema)];
/// static NOT_FOUND: Entry = Entry::new(404, "NotFound", "NotFound").template("No item {id}").fields(&ID);
/// assert_eq!(NOT_FOUND.message(), "No item {id}");
/// ```
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Entry {
    /// The HTTP status.
    pub status: u16,
    /// The machine-readable code.
    pub code: &'static str,
    /// The RFC 9457 title, when one was given.
    pub title: Option<&'static str>,
    /// The RFC 9457 type, when one was given or built from `type_base`.
    pub type_uri: Option<&'static str>,
    /// The message template as written (`{field}` placeholders); `None`: the reason phrase.
    pub template: Option<&'static str>,
    /// The variant's doc comment: what the error means and what to do about it.
    pub description: &'static str,
    /// The Rust variant (or struct) it comes from (for the service's developers; never rendered
    /// for clients).
    pub variant: &'static str,
    /// The body members and headers the error carries.
    pub fields: &'static [Field],
    /// The gRPC code (feature `tonic`): the derive's `#[api(grpc = "...")]`, else the status'
    /// code by AIP-193's table ([`crate::grpc`]).
    pub grpc: crate::grpc::Code,
    /// The language of `title` and `template` when the type has translations (feature `fluent`,
    /// `#[api(default_locale = "...")]`).
    pub default_locale: Option<&'static str>,
    /// The error's translations, one per locale that has one (see [`crate::l10n`]).
    pub translations: &'static [Translation],
}

/// An error's message and title in one language, as its Fluent resource has them (the message
/// as a Fluent pattern: `{ $field }` placeholders, select expressions).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Translation {
    /// The locale (`"de"`, `"fr-CH"`).
    pub locale: &'static str,
    /// The translated message, when the locale has one.
    pub message: Option<&'static str>,
    /// The translated title (the Fluent attribute `.title`), when the locale has one.
    pub title: Option<&'static str>,
}

impl Translation {
    /// The translation of an error into `locale`.
    pub const fn new(
        locale: &'static str,
        message: Option<&'static str>,
        title: Option<&'static str>,
    ) -> Self {
        Translation { locale, message, title }
    }
}

impl Entry {
    /// An entry for `code` with `status`, from the Rust variant (or type) `variant`; no title,
    /// type, template, description or fields until they are set.
    pub const fn new(status: u16, code: &'static str, variant: &'static str) -> Self {
        Entry {
            status,
            code,
            title: None,
            type_uri: None,
            template: None,
            description: "",
            variant,
            fields: &[],
            grpc: crate::grpc::Code::from_u16(status),
            default_locale: None,
            translations: &[],
        }
    }

    /// The same entry with its translations; `default_locale` is the language of its own title
    /// and template.
    #[must_use]
    pub const fn translations(
        self,
        default_locale: &'static str,
        translations: &'static [Translation],
    ) -> Self {
        Entry { default_locale: Some(default_locale), translations, ..self }
    }

    /// The message in `locale` (the template, or the translation's Fluent pattern), falling back
    /// to the default language's.
    pub fn message_in(&self, locale: &str) -> &'static str {
        let translation = self.translations.iter().find(|t| t.locale.eq_ignore_ascii_case(locale));
        translation.and_then(|t| t.message).unwrap_or_else(|| self.message())
    }

    /// The same entry with the gRPC code of `#[api(grpc = "...")]`.
    #[must_use]
    pub const fn grpc(self, grpc: crate::grpc::Code) -> Self {
        Entry { grpc, ..self }
    }

    /// The same entry with an RFC 9457 title.
    #[must_use]
    pub const fn title(self, title: &'static str) -> Self {
        Entry { title: Some(title), ..self }
    }

    /// The same entry with an RFC 9457 type.
    #[must_use]
    pub const fn type_uri(self, type_uri: &'static str) -> Self {
        Entry { type_uri: Some(type_uri), ..self }
    }

    /// The same entry with a message template.
    #[must_use]
    pub const fn template(self, template: &'static str) -> Self {
        Entry { template: Some(template), ..self }
    }

    /// The same entry with a description (the variant's doc comment).
    #[must_use]
    pub const fn description(self, description: &'static str) -> Self {
        Entry { description, ..self }
    }

    /// The same entry with its members and headers.
    #[must_use]
    pub const fn fields(self, fields: &'static [Field]) -> Self {
        Entry { fields, ..self }
    }

    /// The message template, or the reason phrase for an error without one.
    pub fn message(&self) -> &'static str {
        match self.template {
            Some(template) => template,
            None => reason(self.status),
        }
    }
}

/// The status' reason phrase (`"Unknown Error"` for a status without one).
fn reason(status: u16) -> &'static str {
    http::StatusCode::from_u16(status).map(reason_phrase).unwrap_or("Unknown Error")
}

/// The entry as its clients read it: `status`, `code`, `grpc` (the gRPC code's name), `title` (given, else the reason phrase,
/// as every format sends it), `type` (when known), `message` (the template), `description` and
/// `members` (see [`Field`]'s `Serialize`). Nothing Rust: no variant name, no Rust type.
impl Serialize for Entry {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("code", self.code)?;
        map.serialize_entry("grpc", &self.grpc)?;
        map.serialize_entry("title", self.title.unwrap_or_else(|| reason(self.status)))?;
        if let Some(type_uri) = self.type_uri {
            map.serialize_entry("type", type_uri)?;
        }
        map.serialize_entry("message", self.message())?;
        map.serialize_entry("description", self.description)?;
        map.serialize_entry("members", self.fields)?;
        if let Some(default_locale) = self.default_locale {
            map.serialize_entry("locale", default_locale)?;
            let translations: Vec<_> = self
                .translations
                .iter()
                .map(|t| serde_json::json!({"locale": t.locale, "title": t.title, "message": t.message}))
                .collect();
            map.serialize_entry("translations", &translations)?;
        }
        map.end()
    }
}

/// A body member or header of an [`Entry`], built with [`Field::body`] or [`Field::header`]
/// (`#[non_exhaustive]`, like [`Entry`]).
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct Field {
    /// The member's name in the body, or the header's name.
    pub name: &'static str,
    /// The Rust type, as written (for the service's developers; clients see [`schema`](Self::schema)).
    pub ty: &'static str,
    /// The member's JSON Schema (see [`crate::schema`]).
    pub schema: fn() -> serde_json::Value,
    /// Body member or header.
    pub location: Location,
    /// The field's doc comment.
    pub description: &'static str,
}

impl Field {
    /// A body member `name` of the Rust type `ty`, whose JSON Schema `schema` gives.
    pub const fn body(name: &'static str, ty: &'static str, schema: fn() -> serde_json::Value) -> Self {
        Field { name, ty, schema, location: Location::Body, description: "" }
    }

    /// A response header `name` from a field of the Rust type `ty`.
    pub const fn header(name: &'static str, ty: &'static str, schema: fn() -> serde_json::Value) -> Self {
        Field { name, ty, schema, location: Location::Header, description: "" }
    }

    /// The same field with a description (its doc comment).
    #[must_use]
    pub const fn description(self, description: &'static str) -> Self {
        Field { description, ..self }
    }

    /// The member's JSON type in a client's words (`"integer"`, `"string or null"`): see
    /// [`crate::schema::type_name`].
    pub fn type_name(&self) -> String {
        crate::schema::type_name(&(self.schema)())
    }
}

/// The member as its clients read it: `name`, `type` (the JSON type in words), `schema` (its
/// JSON Schema), `in` (`"body"` or `"header"`) and `description`. Never the Rust type.
impl Serialize for Field {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(None)?;
        let schema = (self.schema)();
        map.serialize_entry("name", self.name)?;
        map.serialize_entry("type", &crate::schema::type_name(&schema))?;
        map.serialize_entry("schema", &schema)?;
        let location = match self.location {
            Location::Body => "body",
            Location::Header => "header",
        };
        map.serialize_entry("in", location)?;
        map.serialize_entry("description", self.description)?;
        map.end()
    }
}

/// Where a [`Field`] is sent.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Location {
    /// An extra member of the body.
    Body,
    /// A response header.
    Header,
}

/// Every error of one or more types: one row per (status, code, message) a client can receive.
///
/// Rendered as Markdown ([`to_markdown`](Self::to_markdown)), a standalone HTML page
/// ([`to_html`](Self::to_html)) or JSON ([`to_json`](Self::to_json)), or whichever of these a
/// request's `Accept` header prefers ([`negotiate`](Self::negotiate)).
///
/// ```
/// use errwire::{ApiError, Catalog};
///
/// #[derive(Debug, ApiError)]
/// enum IntegrationError {
///     /// The integration with the given ID was not found. Use the GET /integrations endpoint to
///     /// list all integration configurations to find the correct ID.
///     #[api(status = 404, msg = "No Integration found with ID {0}.")]
///     NotFound(u64),
/// }
///
/// let catalog = Catalog::of::<IntegrationError>();
/// assert_eq!(catalog.entries()[0].code, "NotFound");
/// assert!(catalog.to_markdown().contains("| `NotFound` | No Integration found with ID {0}. |"));
/// ```
#[derive(Clone, Debug, Default)]
pub struct Catalog {
    entries: Vec<&'static Entry>,
    title: Option<String>,
    /// The language the HTML page is in ([`in_locale`](Self::in_locale)); `None`: every language.
    locale: Option<String>,
}

/// The HTML page's title when none was set.
const DEFAULT_TITLE: &str = "Errors";

impl Catalog {
    /// An empty catalog.
    pub fn new() -> Self {
        Catalog::default()
    }

    /// The catalog of `E` (transparent variants contribute the inner type's errors).
    pub fn of<E: ApiError>() -> Self {
        let mut catalog = Catalog::new();
        catalog.add::<E>();
        catalog
    }

    /// Adds the errors of `E`, for a catalog of a whole service.
    pub fn add<E: ApiError>(&mut self) -> &mut Self {
        E::catalog(self);
        self
    }

    /// Adds one entry, unless an entry with the same status, code and message (template, or the
    /// reason phrase) is there already: a client can't tell those apart. The same code with
    /// another message is a row of its own.
    pub fn push(&mut self, entry: &'static Entry) {
        let same =
            |e: &&Entry| e.status == entry.status && e.code == entry.code && e.message() == entry.message();
        if !self.entries.iter().any(same) {
            self.entries.push(entry);
        }
    }

    /// The entries in the order they were added.
    pub fn entries(&self) -> &[&'static Entry] {
        &self.entries
    }

    /// The HTML page ([`to_html`](Self::to_html)) in `locale` (feature `fluent`): each message
    /// in that language where the error has a translation, else in its default language (that
    /// cell marked `lang="en"`, or whatever the default is), and `<html lang>` set to it. The
    /// locale is matched as written (ASCII case aside): `"de"` is not `"de-CH"`. Without it, the
    /// page shows every language's message.
    #[must_use]
    pub fn in_locale(self, locale: impl Into<String>) -> Self {
        Catalog { locale: Some(locale.into()), ..self }
    }

    /// Sets the title of the HTML page ([`to_html`](Self::to_html)); default `"Errors"`.
    pub fn set_title(&mut self, title: impl Into<String>) -> &mut Self {
        self.title = Some(title.into());
        self
    }

    /// The entries grouped by status, statuses ascending, each in the order added.
    fn sections(&self) -> BTreeMap<u16, Vec<&'static Entry>> {
        let mut sections: BTreeMap<u16, Vec<&'static Entry>> = BTreeMap::new();
        for entry in &self.entries {
            sections.entry(entry.status).or_default().push(entry);
        }
        sections
    }

    /// The entries as a pretty-printed JSON array, each
    /// `{"status","code","grpc","title","type","message","description","members":[{"name","type","schema","in","description"}]}`
    /// (`type` only when known). Member types are JSON types, never Rust types.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.entries).unwrap_or_default()
    }

    /// A Markdown page like the seeds' error pages: one section per status (`## 404 Not Found`),
    /// statuses ascending, each a table of "Code / Text / Description" with the message template
    /// as the text; the description lists the members and headers with their JSON types.
    ///
    /// `<` in messages and descriptions is written `&lt;` (outside code spans), so that a
    /// Markdown viewer shows it rather than running it as HTML.
    pub fn to_markdown(&self) -> String {
        let mut out = String::new();
        for (status, entries) in self.sections() {
            let reason = reason(status);
            let _ = write!(out, "## {status} {reason}\n\n| Code | Text | Description |\n|---|---|---|\n");
            for entry in entries {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    cell(&code_span(entry.code)),
                    cell(&markdown_text(&with_translations(entry))),
                    cell(&describe(entry))
                );
            }
            out.push('\n');
        }
        out
    }

    /// A complete, standalone HTML5 page laid out like the seed pages: the title
    /// ([`set_title`](Self::set_title)), then a `<section id="status-404">` per status
    /// (ascending) headed `<h2>404 Not Found</h2>`, each a table with a row per error
    /// (`<tr id="code-ResourceNotFound">`; a code's second row gets `-2`, and characters other
    /// than ASCII letters, digits, `-` and `_` become `_`): the code, the message template and
    /// the description with the members and headers (name, JSON type, description).
    ///
    /// Every text is HTML-escaped (`&`, `<`, `>`, `"`, `'`): a doc comment or message can't add
    /// markup. Backtick spans of doc comments become `<code>`, blank lines paragraphs.
    pub fn to_html(&self) -> String {
        let title = self.title.as_deref().unwrap_or(DEFAULT_TITLE);
        let mut out = String::with_capacity(1024 + 512 * self.entries.len());
        let default = self.entries.iter().find_map(|entry| entry.default_locale);
        let lang = self.locale.as_deref().or(default).unwrap_or("en");
        let _ = write!(out, "<!DOCTYPE html>\n<html lang=\"{}\">\n", Html(lang));
        out.push_str(concat!(
            "<head>\n",
            "<meta charset=\"utf-8\">\n",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n",
        ));
        let _ = writeln!(out, "<title>{}</title>", Html(title));
        out.push_str(STYLE);
        out.push_str("</head>\n<body>\n");
        let _ = writeln!(out, "<h1>{}</h1>", Html(title));
        out.push_str(INTRO);
        let mut ids = HashSet::new();
        for (status, entries) in self.sections() {
            let _ = write!(
                out,
                "<section id=\"status-{status}\">\n<h2>{status} {}</h2>\n<table>\n\
                 <thead><tr><th>Code</th><th>Text</th><th>Description</th></tr></thead>\n<tbody>\n",
                Html(reason(status))
            );
            for entry in entries {
                let id = row_id(&mut ids, entry.code);
                // In one language: a message the locale lacks is the default language's, and its
                // cell says so (`<td lang="en">`), as the page's `lang` no longer holds for it.
                let (message, fallback) = match self.locale.as_deref() {
                    Some(locale) => {
                        let translated = entry
                            .translations
                            .iter()
                            .any(|t| t.locale.eq_ignore_ascii_case(locale) && t.message.is_some());
                        (entry.message_in(locale), if translated { None } else { entry.default_locale })
                    }
                    None => (entry.message(), None),
                };
                let _ =
                    write!(out, "<tr id=\"{}\">\n<td><code>{}</code></td>\n", Html(&id), Html(entry.code));
                match fallback {
                    Some(lang) => {
                        let _ = write!(out, "<td lang=\"{}\">{}</td>\n<td>\n", Html(lang), Html(message));
                    }
                    None => {
                        let _ = write!(out, "<td>{}</td>\n<td>\n", Html(message));
                    }
                }
                if self.locale.is_none() {
                    html_translations(&mut out, entry);
                }
                html_description(&mut out, entry);
                out.push_str("</td>\n</tr>\n");
            }
            out.push_str("</tbody>\n</table>\n</section>\n");
        }
        out.push_str("</body>\n</html>\n");
        out
    }

    /// The catalog in the rendering a request's `Accept` header prefers: the content type to
    /// send (with `charset=utf-8` on the text types) and the body.
    ///
    /// | rendering | content type |
    /// |---|---|
    /// | [`to_markdown`](Self::to_markdown) | `text/markdown; charset=utf-8` |
    /// | [`to_html`](Self::to_html) | `text/html; charset=utf-8` |
    /// | [`to_json`](Self::to_json) | `application/json` |
    ///
    /// The media ranges' q-values decide (`q=0` excludes; a range with an invalid q is
    /// ignored); each rendering takes the q of the most specific range that matches it
    /// (`text/html` over `text/*` over `*/*`); media-range parameters other than `q` are
    /// ignored. Between equal q-values, a type named explicitly wins over a wildcard match, then
    /// Markdown over HTML over JSON. So a browser (`text/html,…,*/*;q=0.8`) gets HTML, curl
    /// (`*/*`) and a request without `Accept` get Markdown, readable as it is.
    ///
    /// An `Accept` that allows none of the three gets Markdown too, rather than a 406: an error
    /// page is more use than an error about it. The response varies with `Accept`: send
    /// `Vary: Accept` with it.
    ///
    /// ```
    /// use errwire::{ApiError, Catalog};
    ///
    /// #[derive(Debug, ApiError)]
    /// enum IntegrationError {
    ///     /// The integration with the given ID was not found.
    ///     #[api(status = 404, msg = "No Integration found with ID {0}.")]
    ///     NotFound(u64),
    /// }
    ///
    /// let catalog = Catalog::of::<IntegrationError>();
    ///
    /// let browser = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";
    /// let (content_type, body) = catalog.negotiate(Some(browser));
    /// assert_eq!(content_type, "text/html; charset=utf-8");
    /// assert!(body.starts_with("<!DOCTYPE html>"));
    ///
    /// assert_eq!(catalog.negotiate(Some("*/*")).0, "text/markdown; charset=utf-8");
    /// assert_eq!(catalog.negotiate(None).0, "text/markdown; charset=utf-8");
    /// assert_eq!(catalog.negotiate(Some("image/png")).0, "text/markdown; charset=utf-8");
    ///
    /// let (content_type, body) = catalog.negotiate(Some("text/html;q=0.5, application/json"));
    /// assert_eq!(content_type, "application/json");
    /// assert_eq!(serde_json::from_str::<serde_json::Value>(&body).unwrap()[0]["code"], "NotFound");
    /// ```
    ///
    /// In an axum handler:
    ///
    /// ```
    /// # use errwire::{ApiError, Catalog};
    /// # #[derive(Debug, ApiError)]
    /// # enum IntegrationError {
    /// #     #[api(status = 404, msg = "No Integration found with ID {0}.")]
    /// #     NotFound(u64),
    /// # }
    /// use axum::http::{HeaderMap, header};
    ///
    /// async fn errors_page(headers: HeaderMap) -> ([(header::HeaderName, &'static str); 2], String) {
    ///     let accept = headers.get(header::ACCEPT).and_then(|value| value.to_str().ok());
    ///     let (content_type, body) = Catalog::of::<IntegrationError>().negotiate(accept);
    ///     ([(header::CONTENT_TYPE, content_type), (header::VARY, "accept")], body)
    /// }
    ///
    /// let app: axum::Router = axum::Router::new().route("/errors", axum::routing::get(errors_page));
    /// ```
    pub fn negotiate(&self, accept: Option<&str>) -> (&'static str, String) {
        match choose(accept) {
            Rendering::Markdown => ("text/markdown; charset=utf-8", self.to_markdown()),
            Rendering::Html => ("text/html; charset=utf-8", self.to_html()),
            Rendering::Json => ("application/json", self.to_json()),
        }
    }
}

// ----- Markdown -----------------------------------------------------------------------------------

/// The description cell: the doc comment, then the fields, as Markdown.
fn describe(entry: &Entry) -> String {
    let mut text = markdown_text(entry.description.trim());
    for (location, label) in [(Location::Body, "Members"), (Location::Header, "Headers")] {
        let fields: Vec<String> = entry
            .fields
            .iter()
            .filter(|f| f.location == location)
            .map(|f| format!("{} ({})", code_span(f.name), markdown_plain(&f.type_name())))
            .collect();
        if !fields.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            let _ = write!(text, "{label}: {}.", fields.join(", "));
        }
    }
    text
}

/// `text` as a Markdown code span: fenced by more backticks than it contains in a row.
fn code_span(text: &str) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    if longest == 0 {
        return format!("`{text}`");
    }
    let fence = "`".repeat(longest + 1);
    format!("{fence} {text} {fence}")
}

/// Markdown text (a doc comment, a message) that a Markdown viewer shows rather than runs:
/// `<` written `&lt;` outside code spans, and a backtick that closes no code span escaped, so
/// that it can't pair with a backtick of the next text in the cell.
fn markdown_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    spans(text, |span| match span {
        Span::Plain(plain) => out.push_str(&plain.replace('<', "&lt;")),
        Span::Code { whole, .. } => out.push_str(whole),
        Span::Stray(run) => run.chars().for_each(|_| out.push_str("\\`")),
    });
    out
}

/// Text that is not Markdown (a JSON type's name) as Markdown that shows it.
fn markdown_plain(text: &str) -> String {
    text.replace('<', "&lt;").replace('`', "\\`")
}

/// Markdown made one table cell: one line, `|` escaped.
fn cell(markdown: &str) -> String {
    markdown.trim().replace('|', "\\|").replace("\n\n", "<br><br>").replace('\n', " ")
}

/// A piece of a doc comment: plain text, a code span (with its fences, and its content), or a
/// run of backticks that closes no code span (plain text too).
enum Span<'a> {
    Plain(&'a str),
    Code { whole: &'a str, content: &'a str },
    Stray(&'a str),
}

/// Splits `text` into plain text and code spans the way CommonMark reads them: a run of `n`
/// backticks opens a span that the next run of exactly `n` closes (else the run is plain text),
/// and a backslash-escaped backtick opens nothing (the escape stays in the plain text).
fn spans<'a>(text: &'a str, mut each: impl FnMut(Span<'a>)) {
    let bytes = text.as_bytes();
    let (mut at, mut start) = (0, 0);
    while at < bytes.len() {
        match bytes[at] {
            b'\\' if bytes.get(at + 1).is_some_and(u8::is_ascii_punctuation) => at += 2,
            b'`' => {
                let open = at;
                while bytes.get(at) == Some(&b'`') {
                    at += 1;
                }
                each(Span::Plain(&text[start..open]));
                match closing_fence(bytes, at, at - open) {
                    Some((close, end)) => {
                        each(Span::Code { whole: &text[open..end], content: &text[at..close] });
                        at = end;
                    }
                    None => each(Span::Stray(&text[open..at])),
                }
                start = at;
            }
            _ => at += 1,
        }
    }
    each(Span::Plain(&text[start..]));
}

/// Start and end of the first run of exactly `len` backticks at or after `from`.
fn closing_fence(bytes: &[u8], from: usize, len: usize) -> Option<(usize, usize)> {
    let mut at = from;
    while at < bytes.len() {
        if bytes[at] == b'`' {
            let start = at;
            while bytes.get(at) == Some(&b'`') {
                at += 1;
            }
            if at - start == len {
                return Some((start, at));
            }
        } else {
            at += 1;
        }
    }
    None
}

// ----- HTML ---------------------------------------------------------------------------------------

/// Text escaped for HTML: `&`, `<`, `>`, `"` and `'` as character references, safe in element
/// content and in quoted attribute values.
struct Html<'a>(&'a str);

impl fmt::Display for Html<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut rest = self.0;
        while let Some(at) = rest.find(['&', '<', '>', '"', '\'']) {
            f.write_str(&rest[..at])?;
            f.write_str(match rest.as_bytes()[at] {
                b'&' => "&amp;",
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'"' => "&quot;",
                _ => "&#39;",
            })?;
            rest = &rest[at + 1..];
        }
        f.write_str(rest)
    }
}

/// The page's style: readable tables, nothing loaded from elsewhere.
const STYLE: &str = "<style>\n\
body{font-family:system-ui,sans-serif;line-height:1.5;max-width:72rem;margin:2rem auto;padding:0 1rem}\n\
table{border-collapse:collapse;width:100%}\n\
th,td{border:1px solid #ccc;padding:.5rem;text-align:left;vertical-align:top}\n\
dd{margin:0 0 .5rem 1.5rem}\n\
</style>\n";

/// What the page is, under its title.
const INTRO: &str = "<p>Every error response, by HTTP status: its machine-readable code, the text \
of its message (a <code>{name}</code> stands for a value of the response) and what it means. \
Members are sent in the response body, headers as response headers.</p>\n";

/// A unique `id` for the row of `code`: `code-` and the code, characters other than ASCII
/// letters, digits, `-` and `_` replaced by `_`, then `-2`, `-3`, … while taken.
fn row_id(taken: &mut HashSet<String>, code: &str) -> String {
    let safe: String = code
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    let base = format!("code-{safe}");
    let mut id = base.clone();
    let mut n = 1;
    while !taken.insert(id.clone()) {
        n += 1;
        id = format!("{base}-{n}");
    }
    id
}

/// The description cell's content: the doc comment's paragraphs, then the members and headers.
/// The message, then each translation as ` · de: …` (Markdown table cells are one line).
fn with_translations(entry: &Entry) -> String {
    let mut text = entry.message().to_owned();
    for translation in entry.translations {
        if let Some(message) = translation.message {
            let _ = write!(text, " · {}: {}", translation.locale, message.replace('\n', " "));
        }
    }
    text
}

/// Every translation of the message, under it, marked with its language.
fn html_translations(out: &mut String, entry: &Entry) {
    for translation in entry.translations {
        if let Some(message) = translation.message {
            let _ = write!(
                out,
                "<p lang=\"{0}\"><small>{0}</small> {1}</p>",
                Html(translation.locale),
                Html(message)
            );
        }
    }
}

fn html_description(out: &mut String, entry: &Entry) {
    for paragraph in paragraphs(entry.description) {
        out.push_str("<p>");
        inline_html(out, &paragraph);
        out.push_str("</p>\n");
    }
    for (location, label) in [(Location::Body, "Members"), (Location::Header, "Headers")] {
        let mut fields = entry.fields.iter().filter(|f| f.location == location).peekable();
        if fields.peek().is_none() {
            continue;
        }
        let _ = writeln!(out, "<p><strong>{label}</strong></p>\n<dl>");
        for field in fields {
            let _ = writeln!(out, "<dt><code>{}</code>: {}</dt>", Html(field.name), Html(&field.type_name()));
            let description = paragraphs(field.description).join(" ");
            if !description.is_empty() {
                out.push_str("<dd>");
                inline_html(out, &description);
                out.push_str("</dd>\n");
            }
        }
        out.push_str("</dl>\n");
    }
}

/// The paragraphs of a doc comment (separated by blank lines), each on one line.
fn paragraphs(text: &str) -> Vec<String> {
    let mut paragraphs = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                paragraphs.push(current.join(" "));
                current.clear();
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        paragraphs.push(current.join(" "));
    }
    paragraphs
}

/// `text` escaped, its code spans as `<code>`.
fn inline_html(out: &mut String, text: &str) {
    spans(text, |span| {
        let _ = match span {
            Span::Plain(plain) | Span::Stray(plain) => write!(out, "{}", Html(plain)),
            Span::Code { content, .. } => write!(out, "<code>{}</code>", Html(content)),
        };
    });
}

// ----- Content negotiation ------------------------------------------------------------------------

/// A rendering [`Catalog::negotiate`] can choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rendering {
    Markdown,
    Html,
    Json,
}

/// The renderings with their media types, in the order of preference between equals.
const OFFERS: [(Rendering, &str, &str); 3] = [
    (Rendering::Markdown, "text", "markdown"),
    (Rendering::Html, "text", "html"),
    (Rendering::Json, "application", "json"),
];

/// One media range of an `Accept` header: type, subtype (either may be `*`), q in thousandths.
struct Range<'a> {
    ty: &'a str,
    subtype: &'a str,
    q: u16,
}

impl Range<'_> {
    /// How specifically the range names `ty/subtype` (2 exactly, 1 `ty/*`, 0 `*/*`), if it
    /// matches it at all.
    fn specificity(&self, ty: &str, subtype: &str) -> Option<u8> {
        match (self.ty, self.subtype) {
            ("*", "*") => Some(0),
            (t, "*") if t.eq_ignore_ascii_case(ty) => Some(1),
            (t, s) if t.eq_ignore_ascii_case(ty) && s.eq_ignore_ascii_case(subtype) => Some(2),
            _ => None,
        }
    }
}

/// The media ranges of an `Accept` header; malformed ones (no `/`, `*/x`, an invalid q) left out.
fn ranges(accept: &str) -> Vec<Range<'_>> {
    accept
        .split(',')
        .filter_map(|element| {
            let mut parts = element.split(';');
            let (ty, subtype) = parts.next()?.trim().split_once('/')?;
            let (ty, subtype) = (ty.trim(), subtype.trim());
            let token = |s: &str| !s.is_empty() && !s.contains(char::is_whitespace);
            if !token(ty) || !token(subtype) || (ty == "*" && subtype != "*") {
                return None;
            }
            let mut q = 1000;
            for parameter in parts {
                if let Some((name, value)) = parameter.split_once('=') {
                    if name.trim().eq_ignore_ascii_case("q") {
                        q = qvalue(value.trim())?;
                        break;
                    }
                }
            }
            Some(Range { ty, subtype, q })
        })
        .collect()
}

/// An RFC 9110 qvalue (`0`, `0.5`, `0.125`, `1`, `1.000`) in thousandths.
fn qvalue(text: &str) -> Option<u16> {
    let (whole, fraction) = text.split_once('.').unwrap_or((text, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = fraction
        .bytes()
        .chain(core::iter::repeat(b'0'))
        .take(3)
        .fold(0, |n, digit| n * 10 + u16::from(digit - b'0'));
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// The rendering `accept` prefers (see [`Catalog::negotiate`]).
fn choose(accept: Option<&str>) -> Rendering {
    let Some(accept) = accept else { return Rendering::Markdown };
    let ranges = ranges(accept);
    let mut best: Option<(Rendering, u16, u8)> = None;
    for (rendering, ty, subtype) in OFFERS {
        // The most specific range that matches decides; among equally specific ones, the highest q.
        let matched = ranges
            .iter()
            .filter_map(|range| Some((range.specificity(ty, subtype)?, range.q)))
            .max_by_key(|&(specificity, q)| (specificity, q));
        let Some((specificity, q)) = matched else { continue };
        if q == 0 {
            continue;
        }
        let better = match best {
            None => true,
            Some((_, best_q, best_specificity)) => (q, specificity) > (best_q, best_specificity),
        };
        if better {
            best = Some((rendering, q, specificity));
        }
    }
    best.map_or(Rendering::Markdown, |(rendering, _, _)| rendering)
}

#[cfg(test)]
mod tests {
    use super::{Html, Rendering, cell, choose, code_span, markdown_text, qvalue, row_id};

    fn escape(text: &str) -> String {
        Html(text).to_string()
    }

    #[test]
    fn html_escapes_the_five_characters() {
        assert_eq!(escape(""), "");
        assert_eq!(escape("plain text, {id} é"), "plain text, {id} é");
        assert_eq!(
            escape(r#"<script>alert("x" & 'y')</script>"#),
            "&lt;script&gt;alert(&quot;x&quot; &amp; &#39;y&#39;)&lt;/script&gt;"
        );
        assert_eq!(escape("&amp;"), "&amp;amp;");
        assert_eq!(escape("a<b>c"), "a&lt;b&gt;c");
        assert_eq!(escape("<"), "&lt;");
        assert_eq!(escape("ü&"), "ü&amp;");
    }

    #[test]
    fn row_ids_are_safe_and_unique() {
        let mut taken = Default::default();
        assert_eq!(row_id(&mut taken, "ResourceNotFound"), "code-ResourceNotFound");
        assert_eq!(row_id(&mut taken, "ResourceNotFound"), "code-ResourceNotFound-2");
        assert_eq!(row_id(&mut taken, "ResourceNotFound"), "code-ResourceNotFound-3");
        assert_eq!(row_id(&mut taken, "a b\"<x>"), "code-a_b__x_");
        assert_eq!(row_id(&mut taken, "a_b\"<x>"), "code-a_b__x_-2");
        assert_eq!(row_id(&mut taken, "ENTITY_NOT_FOUND"), "code-ENTITY_NOT_FOUND");
    }

    #[test]
    fn markdown_cells_disarm_html_outside_code_spans() {
        let md = |text: &str| cell(&markdown_text(text));
        assert_eq!(md("a <script> b"), "a &lt;script> b");
        assert_eq!(md("keep `Vec<String>` as code"), "keep `Vec<String>` as code");
        // An escaped backtick opens no code span, so what follows is plain text.
        assert_eq!(md(r"\`<b>`"), r"\`&lt;b>\`");
        // A run without its closing run is plain text, escaped so that it pairs with nothing.
        assert_eq!(md("`` <i> `"), r"\`\` &lt;i> \`");
        assert_eq!(md("a | b\n\nc\nd"), "a \\| b<br><br>c d");
        assert_eq!(code_span("Code"), "`Code`");
        assert_eq!(code_span("a`b"), "`` a`b ``");
    }

    #[test]
    fn qvalues_follow_rfc_9110() {
        assert_eq!(qvalue("0"), Some(0));
        assert_eq!(qvalue("0.5"), Some(500));
        assert_eq!(qvalue("0.125"), Some(125));
        assert_eq!(qvalue("1"), Some(1000));
        assert_eq!(qvalue("1.000"), Some(1000));
        assert_eq!(qvalue("1.5"), None);
        assert_eq!(qvalue("0.1234"), None);
        assert_eq!(qvalue("abc"), None);
        assert_eq!(qvalue("-0"), None);
        assert_eq!(qvalue(""), None);
    }

    #[test]
    fn choice_by_q_then_specificity_then_preference() {
        assert_eq!(choose(None), Rendering::Markdown);
        assert_eq!(choose(Some("")), Rendering::Markdown);
        assert_eq!(choose(Some("text/*")), Rendering::Markdown);
        assert_eq!(choose(Some("text/html, */*")), Rendering::Html);
        assert_eq!(choose(Some("TEXT/HTML")), Rendering::Html);
        assert_eq!(choose(Some("text/*, text/markdown;q=0")), Rendering::Html);
        assert_eq!(choose(Some("application/*")), Rendering::Json);
        assert_eq!(choose(Some("*/*;q=0.1, application/json;q=0.2")), Rendering::Json);
        assert_eq!(choose(Some("text/html;q=2, application/json;q=0.1")), Rendering::Json);
        assert_eq!(choose(Some("*/html")), Rendering::Markdown);
    }
}

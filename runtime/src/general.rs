//! The general errors: what a framework answers before (or instead of) a handler, in the
//! service's format. Codes and messages are the connect-api seed's general errors.

use http::Response;

use crate::format::Format;
use crate::{ApiError, Context};

/// A request that failed before its handler could answer, or a handler that panicked.
///
/// The framework integrations (features `axum`, `actix-web`) answer with these, in the format
/// the service chose (see `errwire::axum::ErrorLayer`, `errwire::actix::ErrorConfig`).
/// `detailedErrorMessage` carries the parser's explanation as their `ParserDetail` setting
/// allows: by default the location and a reason from a fixed vocabulary, never a Rust type
/// name, every piece of the client's own input cut at 64 characters (see [`client_message`]).
///
/// ```
/// use errwire::{ApiError, GeneralError};
///
/// let err = GeneralError::InvalidJsonInput { detailed_error_message: "missing field `key` at line 1 column 2".into() };
/// assert_eq!(err.status(), 400);
/// assert_eq!(err.code(), "InvalidJsonInput");
/// ```
#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
#[non_exhaustive]
pub enum GeneralError {
    /// Returned when an invalid JSON input has been sent. Either the JSON is syntactically
    /// incorrect or does not conform to the expected shape (for example is missing a required
    /// field). Validate the input according to the constraints described in the error message
    /// before sending the request.
    #[api(status = 400, code = "InvalidJsonInput", msg = "Request body does not contain valid JSON.")]
    InvalidJsonInput {
        /// Further explanation about why the JSON is invalid.
        detailed_error_message: String,
    },

    /// Returned when an invalid query parameter has been sent.
    #[api(status = 400, code = "InvalidQueryParam", msg = "Request query param is not valid")]
    InvalidQueryParam {
        /// Further explanation about why the query parameter is invalid.
        detailed_error_message: String,
    },

    /// Returned when an invalid path parameter has been sent.
    #[api(status = 400, code = "InvalidPathParam", msg = "Request path param is not valid")]
    InvalidPathParam {
        /// Further explanation about why the path parameter is invalid.
        detailed_error_message: String,
    },

    /// Returned when the request body has a content type the endpoint doesn't accept.
    #[api(status = 415, code = "UnsupportedMediaType", msg = "Request content type is not supported")]
    UnsupportedMediaType {
        /// The content type the endpoint expects.
        detailed_error_message: String,
    },

    /// Returned when the request body is larger than the endpoint accepts.
    #[api(status = 413, code = "PayloadTooLarge", msg = "Request body is too large")]
    PayloadTooLarge {
        /// The limit that was exceeded.
        detailed_error_message: String,
    },

    /// Returned when the resource addressed by the request URL does not exist.
    #[api(
        status = 404,
        code = "ResourceNotFound",
        msg = "The resource addressed by the request URL does not exist"
    )]
    ResourceNotFound,

    /// Returned when the resource exists but does not support the request's method; the
    /// `Allow` header lists the methods it supports.
    #[api(
        status = 405,
        code = "MethodNotAllowed",
        msg = "The request method is not allowed for this resource"
    )]
    MethodNotAllowed,

    /// Returned when a server-side problem occurs. The request may have completed; verify the
    /// resource's state, and quote the instance id to support.
    #[api(status = 500, code = "General", msg = "An internal error occurred")]
    General,
}

/// A format behind a pointer, chosen at run time: what a layer stores so that every general
/// error of a service is written the same way.
///
/// ```
/// use errwire::{Context, GeneralError, GeneralFormat};
///
/// let format: Box<dyn GeneralFormat> = Box::new(errwire::format::ErrorList);
/// let response = format.render(&GeneralError::ResourceNotFound, &Context::new());
/// assert_eq!(response.status(), 404);
/// ```
pub trait GeneralFormat: Send + Sync + 'static {
    /// Renders a general error.
    ///
    /// ```
    /// use errwire::{Context, GeneralError, GeneralFormat};
    ///
    /// let response = GeneralFormat::render(&errwire::format::Hapi, &GeneralError::General, &Context::new());
    /// assert_eq!(response.status(), 500);
    /// ```
    fn render(&self, error: &GeneralError, cx: &Context<'_>) -> Response<Vec<u8>>;
}

impl<F: Format + Send + Sync + 'static> GeneralFormat for F {
    fn render(&self, error: &GeneralError, cx: &Context<'_>) -> Response<Vec<u8>> {
        crate::render(self, error, cx)
    }
}

// ----- What a client learns of a parser's failure ----------------------------------------------

/// How much of a parser's explanation of a rejected request (its JSON body, query string or
/// path parameters) the framework layers send as `detailedErrorMessage`: set with
/// `errwire::axum::ErrorLayer::parser_detail` or `errwire::actix::ErrorConfig::parser_detail`.
///
/// A parser's message mixes the service's words (the fields and variants it accepts) with the
/// client's (an unknown field's name, a value) and with Rust's (`expected struct
/// CreateDeployment`). By default ([`Filtered`](Self::Filtered)) the client gets the location
/// (`items[0].name`, `line 1 column 9`) and a reason from a fixed vocabulary, and never more
/// than [`ECHO_LIMIT`](Self::ECHO_LIMIT) characters of any piece of its own input. The status
/// and code of the response are the same at every setting.
///
/// ```
#[cfg_attr(feature = "axum", doc = "use errwire::axum::ParserDetail;")]
#[cfg_attr(all(not(feature = "axum"), feature = "actix-web"), doc = "use errwire::actix::ParserDetail;")]
///
/// assert_eq!(ParserDetail::default(), ParserDetail::Filtered);
/// assert_eq!(ParserDetail::ECHO_LIMIT, 64);
/// ```
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
pub enum ParserDetail {
    /// Nothing of the parser's explanation: one fixed sentence per input (`The request body is
    /// not valid JSON or does not have the expected shape`, `The query string does not have the
    /// expected parameters`, `The path parameters do not have the expected form`).
    None,
    /// The default. The location (field path such as `items[0].name`, JSON line and column)
    /// and a reason from a fixed vocabulary: `invalid type: string "x", expected an integer`
    /// (also `a non-negative integer`, `a number`, `a string`, `a boolean`, `a single
    /// character`, `an object`, `an array`, `an array of 2 elements`, `null`, `one of the
    /// allowed values`), `invalid value: …`, `invalid length 1, expected …`, ``missing field
    /// `key` ``, ``duplicate field `key` ``, ``unknown field `x`, expected `a` or `b` `` (and
    /// ``one of `a`, `b`, `c` ``; unknown variants alike), `the value does not match any of the
    /// accepted shapes` (untagged enums), serde_json's syntax messages (`EOF while parsing a
    /// value`, `trailing characters`, `expected value`, …), the standard library's parse
    /// errors (`invalid digit found in string`, …) and ``Cannot parse `abc`: expected …`` for a
    /// path parameter. Names the service accepts are its own and shown as written (at most 32);
    /// the client's own text (values, unknown names, map keys) is cut at
    /// [`ECHO_LIMIT`](Self::ECHO_LIMIT) characters, then `…`; control characters become
    /// `U+FFFD`. A message of any other form, such as the text of the service's own
    /// `Deserialize` impl, becomes `the value does not have the expected shape` (`invalid JSON
    /// syntax` for a JSON syntax error); an `expected …` naming anything else is left out.
    #[default]
    Filtered,
    /// As [`Filtered`](Self::Filtered), but a message the filter does not know is kept as
    /// written, cut at [`CUSTOM_LIMIT`](Self::CUSTOM_LIMIT) characters: the text of the
    /// service's own `Deserialize` impls (`D::Error::custom(…)`, `#[serde(expecting = …)]`) and
    /// of its dependencies' (a UUID's, a date's). Such text is the service's to vet: it may name
    /// anything, and echo the client's input.
    KeepCustom,
}

#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
impl ParserDetail {
    /// At most this many characters of any one piece of the client's own text are echoed (a
    /// value, an unknown field or variant name, a name in a location); a longer one is cut and
    /// marked with `…`.
    ///
    /// ```
    #[cfg_attr(feature = "axum", doc = "assert_eq!(errwire::axum::ParserDetail::ECHO_LIMIT, 64);")]
    #[cfg_attr(
        all(not(feature = "axum"), feature = "actix-web"),
        doc = "assert_eq!(errwire::actix::ParserDetail::ECHO_LIMIT, 64);"
    )]
    /// ```
    pub const ECHO_LIMIT: usize = 64;

    /// A location (`items[0].name`) is cut at this many characters, then `…`.
    ///
    /// ```
    #[cfg_attr(feature = "axum", doc = "assert_eq!(errwire::axum::ParserDetail::LOCATION_LIMIT, 256);")]
    #[cfg_attr(
        all(not(feature = "axum"), feature = "actix-web"),
        doc = "assert_eq!(errwire::actix::ParserDetail::LOCATION_LIMIT, 256);"
    )]
    /// ```
    pub const LOCATION_LIMIT: usize = 256;

    /// With [`KeepCustom`](Self::KeepCustom), a message the filter does not know is cut at this
    /// many characters, then `…`.
    ///
    /// ```
    #[cfg_attr(feature = "axum", doc = "assert_eq!(errwire::axum::ParserDetail::CUSTOM_LIMIT, 256);")]
    #[cfg_attr(
        all(not(feature = "axum"), feature = "actix-web"),
        doc = "assert_eq!(errwire::actix::ParserDetail::CUSTOM_LIMIT, 256);"
    )]
    /// ```
    pub const CUSTOM_LIMIT: usize = 256;
}

/// At most this many of the names a type accepts are listed.
const NAMES_LIMIT: usize = 32;

const GENERIC: &str = "the value does not have the expected shape";
const NO_MATCH: &str = "the value does not match any of the accepted shapes";
const SYNTAX: &str = "invalid JSON syntax";

/// The input a parser failed on: [`ParserDetail::None`] answers with its sentence.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(not(any(feature = "axum", feature = "actix-web")), allow(dead_code))]
pub(crate) enum Input {
    Body,
    Query,
    Path,
}

impl Input {
    /// What [`ParserDetail::None`] says.
    pub(crate) fn sentence(self) -> String {
        match self {
            Input::Body => "The request body is not valid JSON or does not have the expected shape",
            Input::Query => "The query string does not have the expected parameters",
            Input::Path => "The path parameters do not have the expected form",
        }
        .to_owned()
    }
}

/// A parser's failure taken apart by its kind and structure, before anything is said about it.
pub(crate) struct Failure<'a> {
    pub(crate) input: Input,
    /// Where in the input: a field path as `serde_path_to_error` writes it (`items[0].name`).
    pub(crate) location: Option<&'a str>,
    /// The parser's message, without location and position.
    pub(crate) message: &'a str,
    /// Line and column (JSON).
    pub(crate) position: Option<(usize, usize)>,
    /// The JSON parser's own classification says syntax (or EOF), not data.
    pub(crate) syntax: bool,
}

impl<'a> Failure<'a> {
    /// A failure with no JSON position and no syntax error (a query string's, a path
    /// parameter's).
    #[cfg(any(feature = "axum", feature = "actix-web"))]
    pub(crate) fn unpositioned(input: Input, location: Option<&'a str>, message: &'a str) -> Self {
        Failure { input, location, message, position: None, syntax: false }
    }

    /// The `detailedErrorMessage` for this failure.
    pub(crate) fn explain(&self, detail: ParserDetail) -> String {
        if detail == ParserDetail::None {
            return self.input.sentence();
        }
        let keep_custom = detail == ParserDetail::KeepCustom;
        let mut out = String::new();
        if let Some(location) = self.location {
            write_location(&mut out, location);
            out.push_str(": ");
        }
        match Reason::of(self.message) {
            Reason::Custom(text) if keep_custom => {
                echo(&mut out, text, ParserDetail::CUSTOM_LIMIT);
            }
            Reason::Custom(_) => out.push_str(if self.syntax { SYNTAX } else { GENERIC }),
            reason => reason.write(&mut out, keep_custom),
        }
        if let Some((line, column)) = self.position {
            use core::fmt::Write as _;
            let _ = write!(out, " at line {line} column {column}");
        }
        out
    }
}

/// A parser's message as errwire's framework layers send it to the client with the default
/// setting (`ParserDetail::Filtered`): the location and a reason from a fixed vocabulary, no
/// Rust type name, at most 64 characters of any piece of the client's own text.
///
/// `message` is what serde, serde_json or `serde_path_to_error` wrote, optionally with a location
/// in front (`items[0].name: …`) and a JSON position behind (` at line 1 column 9`). A message of
/// no known form becomes `the value does not have the expected shape`.
///
/// ```
/// use errwire::client_message;
///
/// assert_eq!(
///     client_message("items[0]: invalid type: integer `1`, expected struct Item at line 1 column 11"),
///     "items[0]: invalid type: integer `1`, expected an object at line 1 column 11",
/// );
/// assert_eq!(
///     client_message("data did not match any variant of untagged enum Shape"),
///     "the value does not match any of the accepted shapes",
/// );
/// let long = format!("unknown variant `{}`, expected `red` or `green`", "x".repeat(10_000));
/// assert_eq!(client_message(&long), format!("unknown variant `{}…`, expected `red` or `green`", "x".repeat(64)));
/// ```
pub fn client_message(message: &str) -> String {
    let (rest, position) = split_position(message);
    let (location, message) = split_location(rest);
    Failure { input: Input::Body, location, message, position, syntax: false }.explain(ParserDetail::Filtered)
}

/// `text` without serde_json's ` at line 3 column 7` suffix, and the position it names.
pub(crate) fn split_position(text: &str) -> (&str, Option<(usize, usize)>) {
    let position = text.rsplit_once(" at line ").and_then(|(head, tail)| {
        let (line, column) = tail.split_once(" column ")?;
        Some((head, (number(line)?, number(column)?)))
    });
    match position {
        Some((head, position)) => (head, Some(position)),
        None => (text, None),
    }
}

fn number(digits: &str) -> Option<usize> {
    if digits.is_empty() || digits.len() > 20 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// `serde_path_to_error`'s `location: message`, taken apart where only its text is at hand: at
/// the first `": "` followed by a message of a form serde writes, else at the first `": "` after
/// something that reads as a field path. A map key can fool it into a wrong split; what is said
/// is then less precise, never less safe.
pub(crate) fn split_location(text: &str) -> (Option<&str>, &str) {
    if is_known(text) {
        return (None, text);
    }
    for (at, _) in text.match_indices(": ") {
        let rest = &text[at + 2..];
        if is_known(rest) {
            return (Some(&text[..at]), rest);
        }
    }
    match text.split_once(": ") {
        Some((location, rest)) if reads_as_location(location) => (Some(location), rest),
        _ => (None, text),
    }
}

fn reads_as_location(text: &str) -> bool {
    !text.is_empty() && text.chars().all(|c| !(c.is_whitespace() || c.is_control() || c == '`' || c == '"'))
}

/// Whether `text` starts like one of the messages the filter knows (a cheap test, no parse).
fn is_known(text: &str) -> bool {
    FIXED.iter().any(|(known, _)| text == *known)
        || TEMPLATES.iter().any(|prefix| text.starts_with(prefix))
        || ROUTE_MISMATCH.iter().any(|prefix| text.starts_with(prefix))
}

/// Messages without any variable part: serde_json's syntax errors, the standard library's
/// parse errors (query strings and path parameters are parsed with `FromStr`), and what they
/// become.
const FIXED: &[(&str, &str)] = &[
    ("EOF while parsing a list", "EOF while parsing a list"),
    ("EOF while parsing an object", "EOF while parsing an object"),
    ("EOF while parsing a string", "EOF while parsing a string"),
    ("EOF while parsing a value", "EOF while parsing a value"),
    ("expected `:`", "expected `:`"),
    ("expected `,` or `]`", "expected `,` or `]`"),
    ("expected `,` or `}`", "expected `,` or `}`"),
    ("expected ident", "expected ident"),
    ("expected value", "expected value"),
    ("expected `\"`", "expected `\"`"),
    ("invalid escape", "invalid escape"),
    ("invalid number", "invalid number"),
    ("number out of range", "number out of range"),
    ("invalid unicode code point", "invalid unicode code point"),
    (
        "control character (\\u0000-\\u001F) found while parsing a string",
        "control character (\\u0000-\\u001F) found while parsing a string",
    ),
    ("key must be a string", "key must be a string"),
    ("invalid value: expected key to be a number in quotes", "expected key to be a number in quotes"),
    ("float key must be finite (got NaN or +/-inf)", "float key must be finite (got NaN or +/-inf)"),
    ("lone leading surrogate in hex escape", "lone leading surrogate in hex escape"),
    ("trailing comma", "trailing comma"),
    ("trailing characters", "trailing characters"),
    ("unexpected end of hex escape", "unexpected end of hex escape"),
    ("recursion limit exceeded", "recursion limit exceeded"),
    ("invalid digit found in string", "invalid digit found in string"),
    ("cannot parse integer from empty string", "cannot parse integer from empty string"),
    ("number too large to fit in target type", "number too large to fit in target type"),
    ("number too small to fit in target type", "number too small to fit in target type"),
    ("number would be zero for non-zero type", "number would be zero for non-zero type"),
    ("invalid float literal", "invalid float literal"),
    ("cannot parse float from empty string", "cannot parse float from empty string"),
    ("provided string was not `true` or `false`", "provided string was not `true` or `false`"),
    ("too many characters in string", "too many characters in string"),
    ("cannot parse char from empty string", "cannot parse char from empty string"),
    ("invalid IP address syntax", "invalid IP address syntax"),
    ("invalid IPv4 address syntax", "invalid IPv4 address syntax"),
    ("invalid IPv6 address syntax", "invalid IPv6 address syntax"),
    ("invalid socket address syntax", "invalid socket address syntax"),
    ("invalid IPv4 socket address syntax", "invalid IPv4 socket address syntax"),
    ("invalid IPv6 socket address syntax", "invalid IPv6 socket address syntax"),
    // serde_urlencoded, for an enum variant with content.
    ("expected unit variant", "expected a variant without content"),
];

/// The beginnings of serde's messages with variable parts.
const TEMPLATES: &[&str] = &[
    "invalid type: ",
    "invalid value: ",
    "invalid length ",
    "unknown field `",
    "unknown variant `",
    "missing field `",
    "duplicate field `",
    UNTAGGED,
    CANNOT_PARSE,
];

const UNTAGGED: &str = "data did not match any variant of untagged enum ";

/// actix-router's message for a path parameter that doesn't parse: `can not parse "abc" to a u64`.
const CANNOT_PARSE: &str = "can not parse \"";

/// actix-router's `can not parse "abc" to a u64` taken apart: the value as actix-router wrote it
/// (still percent-encoded), enough of it to decode [`ParserDetail::ECHO_LIMIT`] characters
/// (ending in `…` when there was more), and the type it was parsed to.
pub(crate) fn read_cannot_parse(message: &str) -> Option<(String, &str)> {
    let rest = message.strip_prefix(CANNOT_PARSE)?;
    // `%XX%XX%XX%XX` is one character: twelve characters of the value make at least one.
    let (mut value, more, rest) = read_debug_str(rest, 12 * ParserDetail::ECHO_LIMIT)?;
    if more {
        value.push('…');
    }
    Some((value, rest.strip_prefix(" to a ")?))
}

/// actix-router's messages for a route whose parameters don't fit the handler's type.
const ROUTE_MISMATCH: &[&str] = &[
    "wrong number of parameters: ",
    "expected at least one parameters",
    "unsupported type: ",
    "not supported",
    "unexpected item",
    "Unexpected",
];

/// A message taken apart: the client's pieces still raw, to be echoed bounded.
enum Reason<'a> {
    Fixed(&'static str),
    /// `invalid type: …` / `invalid value: …`.
    Mismatch {
        kind: &'static str,
        found: Option<Found<'a>>,
        expected: Option<&'a str>,
    },
    Length {
        length: &'a str,
        expected: Option<&'a str>,
    },
    /// An unknown field or variant; `names` is `None` for "there are no fields".
    Unknown {
        what: &'static str,
        name: &'a str,
        names: Option<&'a str>,
    },
    /// `missing field` / `duplicate field`, naming one of the service's fields.
    Field {
        what: &'static str,
        name: &'a str,
    },
    NoMatch,
    /// actix-router's `can not parse "v" to a T` (without a location).
    CannotParse {
        value: String,
        expected_type: &'a str,
    },
    RouteMismatch,
    Custom(&'a str),
}

/// serde's `Unexpected`: what the client sent instead.
enum Found<'a> {
    Word(&'static str),
    Ticked(&'static str, &'a str),
    Str(String, bool),
}

impl<'a> Reason<'a> {
    fn of(message: &'a str) -> Reason<'a> {
        if let Some((_, fixed)) = FIXED.iter().find(|(known, _)| message == *known) {
            return Reason::Fixed(fixed);
        }
        if ROUTE_MISMATCH.iter().any(|prefix| message.starts_with(prefix)) {
            return Reason::RouteMismatch;
        }
        Self::parse(message).unwrap_or(Reason::Custom(message))
    }

    fn parse(message: &'a str) -> Option<Reason<'a>> {
        if let Some(rest) = message.strip_prefix("invalid type: ") {
            return Some(Self::mismatch("invalid type", rest));
        }
        if let Some(rest) = message.strip_prefix("invalid value: ") {
            return Some(Self::mismatch("invalid value", rest));
        }
        if let Some(rest) = message.strip_prefix("invalid length ") {
            let (length, expected) = match rest.split_once(", expected ") {
                Some((length, expected)) => (length, Some(expected)),
                None => (rest, None),
            };
            number(length)?;
            return Some(Reason::Length { length, expected });
        }
        if let Some(rest) = message.strip_prefix("unknown field `") {
            return Self::unknown("field", rest);
        }
        if let Some(rest) = message.strip_prefix("unknown variant `") {
            return Self::unknown("variant", rest);
        }
        for what in ["missing field", "duplicate field"] {
            if let Some(rest) = message.strip_prefix(what).and_then(|rest| rest.strip_prefix(" `")) {
                return Some(Reason::Field { what, name: rest.strip_suffix('`')? });
            }
        }
        if let Some(name) = message.strip_prefix(UNTAGGED) {
            return is_type_name(name).then_some(Reason::NoMatch);
        }
        if let Some((value, expected_type)) = read_cannot_parse(message) {
            return Some(Reason::CannotParse { value, expected_type });
        }
        None
    }

    fn mismatch(kind: &'static str, rest: &'a str) -> Reason<'a> {
        if let Some((found, after)) = read_found(rest) {
            if after.is_empty() {
                return Reason::Mismatch { kind, found: Some(found), expected: None };
            }
            if let Some(expected) = after.strip_prefix(", expected ") {
                return Reason::Mismatch { kind, found: Some(found), expected: Some(expected) };
            }
        }
        let expected = rest.rsplit_once(", expected ").map(|(_, expected)| expected);
        Reason::Mismatch { kind, found: None, expected }
    }

    fn unknown(what: &'static str, rest: &'a str) -> Option<Reason<'a>> {
        let none = if what == "field" { "`, there are no fields" } else { "`, there are no variants" };
        if let Some(name) = rest.strip_suffix(none) {
            return Some(Reason::Unknown { what, name, names: None });
        }
        // The client's name comes first and may hold anything; the service's list comes last.
        let (name, names) = rest.rsplit_once("`, expected ")?;
        Some(Reason::Unknown { what, name, names: Some(names) })
    }

    fn write(&self, out: &mut String, keep_custom: bool) {
        match self {
            Reason::Fixed(text) => out.push_str(text),
            Reason::Mismatch { kind, found, expected } => {
                out.push_str(kind);
                if let Some(found) = found {
                    out.push_str(": ");
                    found.write(out);
                }
                if let Some(expected) = expected {
                    write_expected(out, expected, keep_custom);
                }
            }
            Reason::Length { length, expected } => {
                out.push_str("invalid length ");
                out.push_str(length);
                if let Some(expected) = expected {
                    write_expected(out, expected, keep_custom);
                }
            }
            Reason::Unknown { what, name, names } => {
                out.push_str("unknown ");
                out.push_str(what);
                out.push_str(" `");
                echo(out, name, ParserDetail::ECHO_LIMIT);
                out.push('`');
                match names {
                    None => out.push_str(if *what == "field" {
                        ", there are no fields"
                    } else {
                        ", there are no variants"
                    }),
                    Some(names) => {
                        if let Some(names) = read_names(names) {
                            out.push_str(", expected ");
                            write_names(out, &names);
                        }
                    }
                }
            }
            Reason::Field { what, name } => {
                out.push_str(what);
                out.push_str(" `");
                echo(out, name, ParserDetail::ECHO_LIMIT);
                out.push('`');
            }
            Reason::NoMatch => out.push_str(NO_MATCH),
            Reason::CannotParse { value, expected_type } => {
                out.push_str("Cannot parse `");
                echo(out, value, ParserDetail::ECHO_LIMIT);
                out.push_str("`: expected ");
                out.push_str(described_type(expected_type).unwrap_or("a valid value"));
            }
            Reason::RouteMismatch => out.push_str(GENERIC),
            Reason::Custom(_) => out.push_str(GENERIC),
        }
    }
}

impl Found<'_> {
    fn write(&self, out: &mut String) {
        match self {
            Found::Word(word) => out.push_str(word),
            Found::Ticked(kind, value) => {
                out.push_str(kind);
                out.push_str(" `");
                echo(out, value, ParserDetail::ECHO_LIMIT);
                out.push('`');
            }
            Found::Str(text, more) => {
                out.push_str("string ");
                let quoted = format!("{text:?}");
                out.push_str(&quoted[..quoted.len() - 1]);
                if *more {
                    out.push('…');
                }
                out.push('"');
            }
        }
    }
}

/// serde's `Unexpected`, written by serde or serde_json, at the start of `text`: how the
/// client is told what it sent, and the rest of `text`.
fn read_found(text: &str) -> Option<(Found<'_>, &str)> {
    const WORDS: &[(&str, &str)] = &[
        ("null", "null"),
        ("unit value", "null"),
        ("boolean `true`", "boolean `true`"),
        ("boolean `false`", "boolean `false`"),
        ("sequence", "array"),
        ("map", "object"),
        ("byte array", "bytes"),
        ("Option value", "an optional value"),
        ("newtype struct", "a value"),
        ("enum", "a variant"),
        ("unit variant", "a variant without content"),
        ("newtype variant", "a variant with content"),
        ("tuple variant", "a variant with content"),
        ("struct variant", "a variant with content"),
    ];
    for (word, said) in WORDS {
        if let Some(rest) = text.strip_prefix(word) {
            if rest.is_empty() || rest.starts_with(", ") {
                return Some((Found::Word(said), rest));
            }
        }
    }
    if let Some(rest) = text.strip_prefix("integer `") {
        let (value, rest) = rest.split_once('`')?;
        let digits = value.strip_prefix('-').unwrap_or(value);
        let integer = !digits.is_empty() && digits.len() <= 40 && digits.bytes().all(|b| b.is_ascii_digit());
        return integer.then_some((Found::Ticked("integer", value), rest));
    }
    if let Some(rest) = text.strip_prefix("floating point `") {
        let (value, rest) = rest.split_once('`')?;
        let float = value.len() <= 40
            && (matches!(value, "NaN" | "inf" | "-inf")
                || value
                    .bytes()
                    .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'+' | b'-')));
        return float.then_some((Found::Ticked("floating point", value), rest));
    }
    if let Some(rest) = text.strip_prefix("character `") {
        let mut chars = rest.chars();
        chars.next()?;
        let rest_after = chars.as_str();
        let value = &rest[..rest.len() - rest_after.len()];
        return Some((Found::Ticked("character", value), rest_after.strip_prefix('`')?));
    }
    if let Some(rest) = text.strip_prefix("string \"") {
        let (value, more, rest) = read_debug_str(rest, ParserDetail::ECHO_LIMIT)?;
        return Some((Found::Str(value, more), rest));
    }
    None
}

/// A string as `Debug` wrote it, read from just after its opening quote: its first `limit`
/// characters (control characters replaced), whether it had more, and what follows its closing
/// quote. `None` if it is not such a string.
fn read_debug_str(text: &str, limit: usize) -> Option<(String, bool, &str)> {
    let mut out = String::new();
    let mut count = 0;
    let mut more = false;
    let mut chars = text.char_indices();
    while let Some((at, c)) = chars.next() {
        let c = match c {
            '"' => return Some((out, more, &text[at + 1..])),
            '\\' => match chars.next()?.1 {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '0' => '\0',
                c @ ('\\' | '"' | '\'') => c,
                'u' => {
                    if chars.next()?.1 != '{' {
                        return None;
                    }
                    let mut code = 0u32;
                    let mut digits = 0;
                    loop {
                        let c = chars.next()?.1;
                        if c == '}' {
                            break;
                        }
                        digits += 1;
                        if digits > 6 {
                            return None;
                        }
                        code = code * 16 + c.to_digit(16)?;
                    }
                    char::from_u32(code)?
                }
                _ => return None,
            },
            c => c,
        };
        if count < limit {
            out.push(c);
            count += 1;
        } else {
            more = true;
        }
    }
    None
}

/// Writes `, expected <what the service expects>` in the client's words; a description the
/// filter doesn't know is left out, or (`keep_custom`) written as it is, bounded.
fn write_expected(out: &mut String, expected: &str, keep_custom: bool) {
    if let Some(described) = describe_expected(expected) {
        out.push_str(", expected ");
        out.push_str(&described);
    } else if let Some(names) = read_names(expected) {
        out.push_str(", expected ");
        write_names(out, &names);
    } else if keep_custom {
        out.push_str(", expected ");
        echo(out, expected, ParserDetail::CUSTOM_LIMIT);
    }
}

/// What a serde `Expected` (a type's `expecting` text) asks for, in the client's words.
fn describe_expected(expected: &str) -> Option<String> {
    if let Some(described) = described_type(expected) {
        return Some(described.to_owned());
    }
    let fixed = match expected {
        "a boolean" => "a boolean",
        "a string" | "a borrowed string" => "a string",
        "a character" | "a single character" => "a single character",
        "a sequence" | "an array" => "an array",
        "a map" | "an object" => "an object",
        "unit" | "null" => "null",
        "struct variant" => "an object",
        "tuple variant" => "an array",
        "variant identifier" | "a variant name" => "a variant name",
        "field identifier" | "a field name" => "a field name",
        "a number"
        | "an integer"
        | "a non-negative integer"
        | "a positive integer"
        | "a non-zero integer" => expected,
        _ => "",
    };
    if !fixed.is_empty() {
        return Some(fixed.to_owned());
    }
    // `struct Item with 2 elements`, `tuple variant Shape::Pair with 1 element`
    if let Some((shape, count)) = expected.rsplit_once(" with ") {
        let (n, unit) = match count.strip_suffix(" elements") {
            Some(n) => (n, "elements"),
            None => (count.strip_suffix(" element")?, "element"),
        };
        number(n)?;
        let named = ["struct ", "tuple struct ", "struct variant ", "tuple variant "]
            .iter()
            .any(|prefix| shape.strip_prefix(prefix).is_some_and(is_type_name));
        return named.then(|| format!("an array of {n} {unit}"));
    }
    for prefix in ["a tuple of size ", "an array of length "] {
        if let Some(n) = expected.strip_prefix(prefix) {
            number(n)?;
            return Some(format!("an array of {n} elements"));
        }
    }
    const NAMED: &[(&str, &str)] = &[
        ("struct variant ", "an object"),
        ("tuple variant ", "an array"),
        ("unit variant ", "null"),
        ("tuple struct ", "an array"),
        ("unit struct ", "null"),
        ("newtype struct ", "a value"),
        ("internally tagged enum ", "an object"),
        ("adjacently tagged enum ", "an object"),
        ("struct ", "an object"),
        ("enum ", "one of the allowed values"),
    ];
    for (prefix, described) in NAMED {
        if let Some(name) = expected.strip_prefix(prefix) {
            return is_type_name(name).then(|| (*described).to_owned());
        }
    }
    let nonzero = expected.strip_prefix("a nonzero ")?;
    match nonzero.as_bytes().first()? {
        b'u' if described_type(nonzero).is_some() => Some("a positive integer".to_owned()),
        b'i' if described_type(nonzero).is_some() => Some("a non-zero integer".to_owned()),
        _ => None,
    }
}

/// A Rust type's name as serde derive writes it: `Shape`, `Shape::Circle`.
fn is_type_name(name: &str) -> bool {
    !name.is_empty() && name.len() <= 512 && name.chars().all(|c| c.is_alphanumeric() || c == '_' || c == ':')
}

/// serde's list of the names a type accepts: `` `a` ``, `` `a` or `b` ``,
/// `` one of `a`, `b`, `c` ``.
fn read_names(text: &str) -> Option<Vec<&str>> {
    let names: Vec<&str> = if let Some(list) = text.strip_prefix("one of `") {
        list.strip_suffix('`')?.split("`, `").collect()
    } else {
        let inner = text.strip_prefix('`')?.strip_suffix('`')?;
        match inner.split_once("` or `") {
            Some((first, second)) => vec![first, second],
            None => vec![inner],
        }
    };
    names.iter().all(|name| !name.contains('`')).then_some(names)
}

/// Writes names as serde does, each bounded, at most [`NAMES_LIMIT`] of them.
fn write_names(out: &mut String, names: &[&str]) {
    let tick = |out: &mut String, name: &str| {
        out.push('`');
        echo(out, name, ParserDetail::ECHO_LIMIT);
        out.push('`');
    };
    match names {
        [one] => tick(out, one),
        [first, second] => {
            tick(out, first);
            out.push_str(" or ");
            tick(out, second);
        }
        _ => {
            out.push_str("one of ");
            for (i, name) in names.iter().take(NAMES_LIMIT).enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                tick(out, name);
            }
            if names.len() > NAMES_LIMIT {
                out.push_str(", …");
            }
        }
    }
}

/// Writes a location (`items[0].name`): each name cut at [`ParserDetail::ECHO_LIMIT`]
/// characters, the whole at [`ParserDetail::LOCATION_LIMIT`].
fn write_location(out: &mut String, location: &str) {
    let mut written = 0;
    let mut names = location.split('.').peekable();
    while let Some(name) = names.next() {
        let room = ParserDetail::LOCATION_LIMIT - written;
        written += echo(out, name, room.min(ParserDetail::ECHO_LIMIT));
        if names.peek().is_none() {
            return;
        }
        if written >= ParserDetail::LOCATION_LIMIT {
            if !out.ends_with('…') {
                out.push('…');
            }
            return;
        }
        out.push('.');
        written += 1;
    }
}

/// Appends at most `limit` characters of `text`, then `…` if there were more; control and
/// bidirectional-formatting characters become U+FFFD. Returns the characters written.
fn echo(out: &mut String, text: &str, limit: usize) -> usize {
    let mut written = 0;
    for c in text.chars() {
        if written == limit {
            out.push('…');
            return written + 1;
        }
        out.push(clean(c));
        written += 1;
    }
    written
}

fn clean(c: char) -> char {
    let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
    if c.is_control() || bidi { '\u{FFFD}' } else { c }
}

/// `text` cut at [`ParserDetail::ECHO_LIMIT`] characters, control characters replaced: a piece
/// of the client's input as it may be echoed.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn bounded(text: &str) -> String {
    let mut out = String::new();
    echo(&mut out, text, ParserDetail::ECHO_LIMIT);
    out
}

/// Which path parameter a value was for.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) enum PathParam<'a> {
    /// The route's only parameter.
    Whole,
    Key(&'a str),
    Index(usize),
}

/// A path parameter that doesn't parse, in the words both framework integrations use:
/// ``Cannot parse `abc` for path parameter `id`: expected a non-negative integer``.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn cannot_parse(
    value: &str,
    param: PathParam<'_>,
    expected_type: &str,
    detail: ParserDetail,
) -> String {
    if detail == ParserDetail::None {
        return Input::Path.sentence();
    }
    let mut out = String::from("Cannot parse `");
    echo(&mut out, value, ParserDetail::ECHO_LIMIT);
    out.push('`');
    match param {
        PathParam::Whole => {}
        PathParam::Key(key) => {
            out.push_str(" for path parameter `");
            echo(&mut out, key, ParserDetail::ECHO_LIMIT);
            out.push('`');
        }
        PathParam::Index(index) => out.push_str(&format!(" for path parameter {index}")),
    }
    out.push_str(": expected ");
    out.push_str(described_type(expected_type).unwrap_or("a valid value"));
    out
}

/// A primitive type name as a client would say it.
pub(crate) fn described_type(name: &str) -> Option<&'static str> {
    Some(match name.rsplit("::").next().unwrap_or(name) {
        "u8" | "u16" | "u32" | "u64" | "u128" | "usize" => "a non-negative integer",
        "i8" | "i16" | "i32" | "i64" | "i128" | "isize" => "an integer",
        "f32" | "f64" => "a number",
        "bool" => "a boolean",
        "char" => "a single character",
        "String" | "str" | "&str" => "a string",
        "Uuid" => "a UUID",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::{Failure, Input, ParserDetail, client_message, split_location, split_position};

    #[test]
    fn type_names_become_descriptions() {
        assert_eq!(
            client_message("invalid type: integer `1`, expected struct CreateDeployment at line 1 column 1"),
            "invalid type: integer `1`, expected an object at line 1 column 1"
        );
        assert_eq!(
            client_message("invalid value: integer `-1`, expected u64"),
            "invalid value: integer `-1`, expected a non-negative integer"
        );
        assert_eq!(
            client_message("unknown variant `x`, expected `a` or `b`"),
            "unknown variant `x`, expected `a` or `b`"
        );
        let cases = [
            (
                "data did not match any variant of untagged enum InternalUntaggedModelV2",
                "the value does not match any of the accepted shapes",
            ),
            (
                "invalid type: integer `1`, expected internally tagged enum InternalTaggedV2",
                "invalid type: integer `1`, expected an object",
            ),
            (
                "invalid type: map, expected unit struct InternalUnitMarkerV2",
                "invalid type: object, expected null",
            ),
            (
                "Circle: invalid type: integer `1`, expected struct variant InternalShapeV2::Circle",
                "Circle: invalid type: integer `1`, expected an object",
            ),
            (
                "Circle: invalid type: unit variant, expected struct variant",
                "Circle: invalid type: a variant without content, expected an object",
            ),
            (
                "invalid value: integer `0`, expected a nonzero u32",
                "invalid value: integer `0`, expected a positive integer",
            ),
            (
                "invalid value: integer `0`, expected a nonzero i64",
                "invalid value: integer `0`, expected a non-zero integer",
            ),
            (
                "invalid length 1, expected tuple variant Shape::Pair with 2 elements",
                "invalid length 1, expected an array of 2 elements",
            ),
            (
                "invalid length 0, expected struct Strict with 1 element",
                "invalid length 0, expected an array of 1 element",
            ),
            (
                "invalid length 1, expected a tuple of size 2",
                "invalid length 1, expected an array of 2 elements",
            ),
            ("invalid type: sequence, expected a map", "invalid type: array, expected an object"),
            ("invalid type: null, expected a string", "invalid type: null, expected a string"),
            (
                "invalid type: floating point `1e+23`, expected u64",
                "invalid type: floating point `1e+23`, expected a non-negative integer",
            ),
            (
                "invalid value: string \"ab\", expected a character",
                "invalid value: string \"ab\", expected a single character",
            ),
            (
                "invalid type: integer `1`, expected variant identifier",
                "invalid type: integer `1`, expected a variant name",
            ),
            (
                "invalid type: integer `1`, expected enum Color",
                "invalid type: integer `1`, expected one of the allowed values",
            ),
            ("invalid type: integer `1`, expected a deployment key", "invalid type: integer `1`"),
            (
                "unknown field `zzz`, expected one of `a`, `b`, `c`",
                "unknown field `zzz`, expected one of `a`, `b`, `c`",
            ),
            ("unknown field `zzz`, there are no fields", "unknown field `zzz`, there are no fields"),
            ("missing field `key`", "missing field `key`"),
            ("duplicate field `key`", "duplicate field `key`"),
            ("map.?: key must be a string", "map.?: key must be a string"),
            ("limit: invalid digit found in string", "limit: invalid digit found in string"),
            ("expected enum Color", "the value does not have the expected shape"),
            ("key: the secret is hunter2", "key: the value does not have the expected shape"),
            ("the secret is hunter2: really", "the value does not have the expected shape"),
            ("wrong number of parameters: 2 expected 1", "the value does not have the expected shape"),
        ];
        for (message, expected) in cases {
            assert_eq!(client_message(message), expected, "{message}");
        }
    }

    #[test]
    fn client_text_is_bounded() {
        let long = "a".repeat(1_500_000);
        let message =
            format!("items[0].name: invalid type: string \"{long}\", expected u32 at line 1 column 9");
        assert_eq!(
            client_message(&message),
            format!(
                "items[0].name: invalid type: string \"{}…\", expected a non-negative integer at line 1 column 9",
                "a".repeat(64)
            )
        );
        let name = format!("{}`, expected `admin", "b".repeat(100));
        assert_eq!(
            client_message(&format!("unknown variant `{name}`, expected `red` or `green`")),
            format!("unknown variant `{}…`, expected `red` or `green`", "b".repeat(64))
        );
        // A key spoofing a location, and control characters.
        let key = format!("{}: missing field `x", "k".repeat(300));
        let message = format!("map.{key}: invalid type: null, expected a string");
        let (location, _) = split_location(&message);
        assert_eq!(location.map(str::len), Some(4 + 300));
        assert_eq!(
            client_message("unknown field `a\u{1b}[31m\u{202e}b`, expected `name`"),
            "unknown field `a\u{fffd}[31m\u{fffd}b`, expected `name`"
        );
        assert_eq!(
            client_message("invalid type: string \"\\u{202e}x\\\"y\", expected u8"),
            "invalid type: string \"\\u{202e}x\\\"y\", expected a non-negative integer"
        );
        let deep = vec!["segment"; 100].join(".");
        let said = client_message(&format!("{deep}: missing field `key`"));
        assert!(said.starts_with("segment.segment.") && said.ends_with("…: missing field `key`"), "{said}");
        assert!(said.chars().count() <= ParserDetail::LOCATION_LIMIT + 1 + ": missing field `key`".len());
    }

    #[test]
    fn the_three_settings() {
        let failure = |message| Failure {
            input: Input::Body,
            location: Some("version"),
            message,
            position: Some((1, 12)),
            syntax: false,
        };
        let custom = failure("must be a whole number, not 1.5");
        assert_eq!(custom.explain(ParserDetail::None), Input::Body.sentence());
        assert_eq!(
            custom.explain(ParserDetail::Filtered),
            "version: the value does not have the expected shape at line 1 column 12"
        );
        assert_eq!(
            custom.explain(ParserDetail::KeepCustom),
            "version: must be a whole number, not 1.5 at line 1 column 12"
        );
        let serde = failure("invalid type: map, expected struct Version");
        assert_eq!(
            serde.explain(ParserDetail::KeepCustom),
            "version: invalid type: object, expected an object at line 1 column 12"
        );
        let expecting = failure("invalid type: map, expected a version like 1.2.3");
        assert_eq!(
            expecting.explain(ParserDetail::Filtered),
            "version: invalid type: object at line 1 column 12"
        );
        assert_eq!(
            expecting.explain(ParserDetail::KeepCustom),
            "version: invalid type: object, expected a version like 1.2.3 at line 1 column 12"
        );
        let syntax = Failure { syntax: true, ..failure("some new serde_json message") };
        assert_eq!(
            syntax.explain(ParserDetail::Filtered),
            "version: invalid JSON syntax at line 1 column 12"
        );
    }

    #[test]
    fn positions_and_locations_split() {
        assert_eq!(
            split_position("trailing characters at line 3 column 7"),
            ("trailing characters", Some((3, 7)))
        );
        assert_eq!(split_position("at line x column 7"), ("at line x column 7", None));
        assert_eq!(
            split_location("map.a: b: invalid type: string \"x\", expected u32"),
            (Some("map.a: b"), "invalid type: string \"x\", expected u32")
        );
        assert_eq!(
            split_location("invalid type: null, expected u8"),
            (None, "invalid type: null, expected u8")
        );
    }
}

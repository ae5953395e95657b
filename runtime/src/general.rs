//! The general errors: what a framework answers before (or instead of) a handler, in the
//! service's format. Codes and messages are the connect-api seed's general errors.

use http::Response;

use crate::format::Format;
use crate::{ApiError, Context};

/// A request that failed before its handler could answer, or a handler that panicked.
///
/// The framework integrations (feature `axum`) answer with these, in the format the service
/// chose (see `errwire::axum::ErrorLayer`). `detailedErrorMessage` carries the parser's
/// explanation, written for the client: Rust type names are replaced by what they accept.
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
pub trait GeneralFormat: Send + Sync + 'static {
    /// Renders a general error.
    fn render(&self, error: &GeneralError, cx: &Context<'_>) -> Response<Vec<u8>>;
}

impl<F: Format + Send + Sync + 'static> GeneralFormat for F {
    fn render(&self, error: &GeneralError, cx: &Context<'_>) -> Response<Vec<u8>> {
        crate::render(self, error, cx)
    }
}

/// The default when a service set no format: problem+json.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn default_format() -> std::sync::Arc<dyn GeneralFormat> {
    std::sync::Arc::new(crate::format::ProblemJson::new())
}

/// A parser's message without Rust type names: `expected struct CreateDeployment` becomes
/// `expected an object`, `expected u64` becomes `expected a non-negative integer`.
pub fn client_message(message: &str) -> String {
    const EXPECTED: &str = "expected ";
    let mut out = String::with_capacity(message.len());
    let mut rest = message;
    while let Some(at) = rest.find(EXPECTED) {
        let (head, tail) = rest.split_at(at + EXPECTED.len());
        out.push_str(head);
        let (described, consumed) = describe_expected(tail);
        out.push_str(described.unwrap_or(&tail[..consumed]));
        rest = &tail[consumed..];
    }
    out.push_str(rest);
    out
}

/// What `text` (after "expected ") names, in client terms, and how much of it that covers.
fn describe_expected(text: &str) -> (Option<&'static str>, usize) {
    let word_len = |s: &str| s.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(s.len());
    for (prefix, described) in
        [("tuple struct ", "an array"), ("struct ", "an object"), ("enum ", "one of the allowed values")]
    {
        if let Some(name) = text.strip_prefix(prefix) {
            return (Some(described), prefix.len() + word_len(name));
        }
    }
    let len = word_len(text);
    (described_type(&text[..len]), len)
}

/// A path parameter that doesn't parse, in the words both framework integrations use:
/// ``Cannot parse `abc` for path parameter `id`: expected a non-negative integer``.
#[cfg(any(feature = "axum", feature = "actix-web"))]
pub(crate) fn cannot_parse(value: &str, location: &str, expected_type: &str) -> String {
    let expected = described_type(expected_type).unwrap_or("a valid value");
    format!("Cannot parse `{value}`{location}: expected {expected}")
}

/// A primitive type name as a client would say it.
pub fn described_type(name: &str) -> Option<&'static str> {
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
    use super::client_message;

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
        assert_eq!(client_message("expected a string"), "expected a string");
        assert_eq!(
            client_message("unknown variant `x`, expected `a` or `b`"),
            "unknown variant `x`, expected `a` or `b`"
        );
        assert_eq!(client_message("expected enum Color"), "expected one of the allowed values");
    }
}

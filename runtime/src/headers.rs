use core::fmt::{self, Write as _};

use http::{HeaderMap, HeaderName, HeaderValue};

/// Where an error adds its response headers; every value is checked before it is sent.
///
/// A value is sent only when it is at most [`MAX_VALUE_LEN`](Self::MAX_VALUE_LEN) bytes of
/// visible ASCII (spaces and tabs inside it allowed): CR, LF and other control bytes (header
/// injection), non-ASCII bytes (read differently by different clients) and oversized values are
/// dropped, never sent and never a panic. So is a value whose `Display` fails, and one for a
/// header that errwire or the HTTP framework owns ([`RESERVED`](Self::RESERVED): the content
/// type and length, the transfer and connection headers, `x-request-id`,
/// `x-content-type-options`, and `content-language`, which says the language of the body
/// errwire writes: feature `fluent`), which a field must not replace. With the `tracing` feature every
/// drop is logged at `warn` with the header's name and the reason, never the value.
pub struct Headers<'a> {
    map: &'a mut HeaderMap,
}

impl<'a> Headers<'a> {
    /// Headers that an error's field can't set: errwire and the HTTP framework write them.
    pub const RESERVED: &'static [&'static str] = &[
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

    /// The longest header value a field can set, in bytes.
    pub const MAX_VALUE_LEN: usize = 4096;

    /// Headers written into `map`.
    pub fn new(map: &'a mut HeaderMap) -> Self {
        Headers { map }
    }

    /// Sets `name` to the `Display` of `value`; returns whether the value was legal and set.
    ///
    /// ```
    /// let mut map = http::HeaderMap::new();
    /// let mut headers = errwire::Headers::new(&mut map);
    /// assert!(headers.insert_display(http::header::RETRY_AFTER, &60));
    /// assert!(!headers.insert_display(http::header::RETRY_AFTER, &"1\r\nSet-Cookie: x"));
    /// assert!(!headers.insert_display(http::header::CONTENT_TYPE, &"text/html"));
    /// assert!(!headers.insert_display(http::header::WARNING, &"caf\u{e9}"));
    /// assert_eq!(map.len(), 1);
    /// assert_eq!(map["retry-after"], "60");
    /// ```
    pub fn insert_display(&mut self, name: HeaderName, value: &dyn fmt::Display) -> bool {
        match checked_value(&name, value) {
            Ok(value) => {
                self.map.insert(name, value);
                true
            }
            Err(reason) => {
                #[cfg(feature = "tracing")]
                tracing::warn!(header = %name, reason, "dropped a header value");
                #[cfg(not(feature = "tracing"))]
                let _ = reason;
                false
            }
        }
    }

    /// The headers set so far.
    pub fn map(&self) -> &HeaderMap {
        self.map
    }
}

/// The value of header `name` from `value`'s `Display`, or why it is dropped.
fn checked_value(name: &HeaderName, value: &dyn fmt::Display) -> Result<HeaderValue, &'static str> {
    if Headers::RESERVED.contains(&name.as_str()) {
        return Err("the header is errwire's or the framework's");
    }
    let mut text = Capped(String::new());
    if write!(text, "{value}").is_err() {
        return Err(if text.0.len() > Headers::MAX_VALUE_LEN {
            "longer than the limit"
        } else {
            "its Display failed"
        });
    }
    let visible = |b: u8| b.is_ascii_graphic() || b == b' ' || b == b'\t';
    if !text.0.bytes().all(visible) {
        return Err("not visible ASCII");
    }
    HeaderValue::try_from(text.0).map_err(|_| "not a legal header value")
}

/// A `String` that stops taking text past [`Headers::MAX_VALUE_LEN`] bytes.
struct Capped(String);

impl fmt::Write for Capped {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.0.push_str(s);
        if self.0.len() > Headers::MAX_VALUE_LEN { Err(fmt::Error) } else { Ok(()) }
    }
}

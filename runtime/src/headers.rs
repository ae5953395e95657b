use core::fmt::{self, Write as _};

use http::{HeaderMap, HeaderName, HeaderValue};

/// Where an error adds its response headers; every value is checked before it is sent.
///
/// A value that is not a legal header value (CR, LF, other control bytes) is dropped, never
/// sent and never a panic: a field can't inject a header. With the `tracing` feature the drop
/// is logged at `warn`.
pub struct Headers<'a> {
    map: &'a mut HeaderMap,
}

impl<'a> Headers<'a> {
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
    /// assert_eq!(map["retry-after"], "60");
    /// ```
    pub fn insert_display(&mut self, name: HeaderName, value: &dyn fmt::Display) -> bool {
        let mut text = String::new();
        if write!(text, "{value}").is_err() {
            return false;
        }
        match HeaderValue::try_from(text) {
            Ok(value) => {
                self.map.insert(name, value);
                true
            }
            Err(_) => {
                #[cfg(feature = "tracing")]
                tracing::warn!(header = %name, "dropped an illegal header value");
                false
            }
        }
    }

    /// The headers set so far.
    pub fn map(&self) -> &HeaderMap {
        self.map
    }
}

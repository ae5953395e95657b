//! The gRPC side of an error's contract, without tonic: its [`Code`] and the `ErrorInfo` reason
//! ([`reason`]). Always compiled, so that the catalog and the contract snapshot carry the code
//! whether or not the service speaks gRPC; feature `tonic` ([`crate::tonic`]) answers with it.
//!
//! # The code of an HTTP status
//!
//! A derived error's gRPC code is its `#[api(grpc = "...")]` (on the variant, else on the
//! container), else [`Code::from_http`] of its status. The table follows the HTTP mapping that
//! `google.rpc.Code` documents and AIP-193 uses; where a code maps to several statuses (400 is
//! `INVALID_ARGUMENT`, `FAILED_PRECONDITION` and `OUT_OF_RANGE` there), the status gets the
//! general one and the others are written with `grpc = "..."`:
//!
//! | HTTP status | gRPC code | why |
//! |---|---|---|
//! | 400 Bad Request | `INVALID_ARGUMENT` | AIP-193 |
//! | 401 Unauthorized | `UNAUTHENTICATED` | AIP-193 |
//! | 403 Forbidden | `PERMISSION_DENIED` | AIP-193 |
//! | 404 Not Found, 410 Gone | `NOT_FOUND` | AIP-193; a resource that is gone is not found |
//! | 405 Method Not Allowed | `UNIMPLEMENTED` | the operation is not implemented for the resource |
//! | 408 Request Timeout | `DEADLINE_EXCEEDED` | the request did not complete in time |
//! | 409 Conflict | `ABORTED` | AIP-193 (a concurrency conflict; `ALREADY_EXISTS` with `grpc = "..."`) |
//! | 412 Precondition Failed, 428 Precondition Required | `FAILED_PRECONDITION` | `google.rpc.Code` |
//! | 413 Content Too Large | `RESOURCE_EXHAUSTED` | what gRPC itself answers to an oversized message |
//! | 416 Range Not Satisfiable | `OUT_OF_RANGE` | `google.rpc.Code` |
//! | 422 Unprocessable Content | `INVALID_ARGUMENT` | the input does not validate |
//! | 429 Too Many Requests | `RESOURCE_EXHAUSTED` | AIP-193 |
//! | 499 Client Closed Request | `CANCELLED` | AIP-193 |
//! | any other 4xx | `FAILED_PRECONDITION` | the request can't be served as things stand; `INVALID_ARGUMENT` would claim that an argument is wrong |
//! | 500 Internal Server Error | `INTERNAL` | AIP-193 |
//! | 501 Not Implemented | `UNIMPLEMENTED` | AIP-193 |
//! | 502 Bad Gateway, 503 Service Unavailable | `UNAVAILABLE` | AIP-193 (503); gRPC's own HTTP mapping (502): retryable |
//! | 504 Gateway Timeout | `DEADLINE_EXCEEDED` | AIP-193 |
//! | any other 5xx | `INTERNAL` | the server's fault, not retryable by default |
//!
//! `OK` is never an error's code (the derive refuses `grpc = "OK"`), and `UNKNOWN` and
//! `DATA_LOSS` come only from `grpc = "..."`.
//!
//! ```
//! use errwire::grpc::Code;
//! use errwire::StatusCode;
//!
//! assert_eq!(Code::from_http(StatusCode::CONFLICT), Code::Aborted);
//! assert_eq!(Code::from_http(StatusCode::IM_A_TEAPOT), Code::FailedPrecondition);
//! assert_eq!(Code::Aborted.as_str(), "ABORTED");
//! assert_eq!(Code::from_name("ALREADY_EXISTS"), Some(Code::AlreadyExists));
//! assert_eq!(errwire::grpc::reason("ConcurrentModification"), "CONCURRENT_MODIFICATION");
//! ```

use core::fmt;

use http::StatusCode;

/// A gRPC status code other than `OK` (`google.rpc.Code`); the discriminant is the code's number.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(i32)]
#[non_exhaustive]
pub enum Code {
    /// `CANCELLED` (1): the operation was cancelled, typically by the caller.
    Cancelled = 1,
    /// `UNKNOWN` (2): an error without enough information to be classified.
    Unknown = 2,
    /// `INVALID_ARGUMENT` (3): the client specified an invalid argument.
    InvalidArgument = 3,
    /// `DEADLINE_EXCEEDED` (4): the deadline expired before the operation could complete.
    DeadlineExceeded = 4,
    /// `NOT_FOUND` (5): a requested entity was not found.
    NotFound = 5,
    /// `ALREADY_EXISTS` (6): the entity a client tried to create already exists.
    AlreadyExists = 6,
    /// `PERMISSION_DENIED` (7): the caller may not execute the operation.
    PermissionDenied = 7,
    /// `RESOURCE_EXHAUSTED` (8): a resource (a quota, a rate limit) has been exhausted.
    ResourceExhausted = 8,
    /// `FAILED_PRECONDITION` (9): the system is not in a state required for the operation.
    FailedPrecondition = 9,
    /// `ABORTED` (10): the operation was aborted, typically by a concurrency conflict.
    Aborted = 10,
    /// `OUT_OF_RANGE` (11): the operation was attempted past the valid range.
    OutOfRange = 11,
    /// `UNIMPLEMENTED` (12): the operation is not implemented or supported.
    Unimplemented = 12,
    /// `INTERNAL` (13): an internal error: an invariant of the service is broken.
    Internal = 13,
    /// `UNAVAILABLE` (14): the service is currently unavailable; retrying may help.
    Unavailable = 14,
    /// `DATA_LOSS` (15): unrecoverable data loss or corruption.
    DataLoss = 15,
    /// `UNAUTHENTICATED` (16): the request has no valid authentication credentials.
    Unauthenticated = 16,
}

/// Every code with its canonical name, in number order.
const NAMES: [(Code, &str); 16] = [
    (Code::Cancelled, "CANCELLED"),
    (Code::Unknown, "UNKNOWN"),
    (Code::InvalidArgument, "INVALID_ARGUMENT"),
    (Code::DeadlineExceeded, "DEADLINE_EXCEEDED"),
    (Code::NotFound, "NOT_FOUND"),
    (Code::AlreadyExists, "ALREADY_EXISTS"),
    (Code::PermissionDenied, "PERMISSION_DENIED"),
    (Code::ResourceExhausted, "RESOURCE_EXHAUSTED"),
    (Code::FailedPrecondition, "FAILED_PRECONDITION"),
    (Code::Aborted, "ABORTED"),
    (Code::OutOfRange, "OUT_OF_RANGE"),
    (Code::Unimplemented, "UNIMPLEMENTED"),
    (Code::Internal, "INTERNAL"),
    (Code::Unavailable, "UNAVAILABLE"),
    (Code::DataLoss, "DATA_LOSS"),
    (Code::Unauthenticated, "UNAUTHENTICATED"),
];

impl Code {
    /// The code of an HTTP status, by the table in the [module docs](self); a status that is
    /// not an error (never the case for a derived type) is `UNKNOWN`.
    ///
    /// ```
    /// use errwire::grpc::Code;
    ///
    /// assert_eq!(Code::from_http(errwire::StatusCode::TOO_MANY_REQUESTS), Code::ResourceExhausted);
    /// ```
    pub const fn from_http(status: StatusCode) -> Code {
        Code::from_u16(status.as_u16())
    }

    /// [`from_http`](Self::from_http) of a status as a number (the catalog's).
    ///
    /// ```
    /// assert_eq!(errwire::grpc::Code::from_u16(503), errwire::grpc::Code::Unavailable);
    /// ```
    pub const fn from_u16(status: u16) -> Code {
        match status {
            400 | 422 => Code::InvalidArgument,
            401 => Code::Unauthenticated,
            403 => Code::PermissionDenied,
            404 | 410 => Code::NotFound,
            405 | 501 => Code::Unimplemented,
            408 | 504 => Code::DeadlineExceeded,
            409 => Code::Aborted,
            412 | 428 => Code::FailedPrecondition,
            413 | 429 => Code::ResourceExhausted,
            416 => Code::OutOfRange,
            499 => Code::Cancelled,
            502 | 503 => Code::Unavailable,
            400..=499 => Code::FailedPrecondition,
            500..=599 => Code::Internal,
            _ => Code::Unknown,
        }
    }

    /// The canonical name, `"ALREADY_EXISTS"`.
    ///
    /// ```
    /// assert_eq!(errwire::grpc::Code::DeadlineExceeded.as_str(), "DEADLINE_EXCEEDED");
    /// ```
    pub const fn as_str(self) -> &'static str {
        NAMES[self as usize - 1].1
    }

    /// The code of a canonical name (`"NOT_FOUND"`, exactly as `google.rpc.Code` writes it);
    /// `None` for any other text, `"OK"` included.
    ///
    /// ```
    /// use errwire::grpc::Code;
    ///
    /// assert_eq!(Code::from_name("NOT_FOUND"), Some(Code::NotFound));
    /// assert_eq!(Code::from_name("not_found"), None);
    /// assert_eq!(Code::from_name("OK"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Code> {
        NAMES.iter().find(|(_, known)| *known == name).map(|(code, _)| *code)
    }

    /// The code of a number (1–16); `None` for `OK` (0) and numbers without a code.
    ///
    /// ```
    /// use errwire::grpc::Code;
    ///
    /// assert_eq!(Code::from_i32(6), Some(Code::AlreadyExists));
    /// assert_eq!(Code::from_i32(0), None);
    /// ```
    pub fn from_i32(number: i32) -> Option<Code> {
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        NAMES.get(index).map(|(code, _)| *code)
    }

    /// The code's number (`NOT_FOUND` is 5).
    ///
    /// ```
    /// assert_eq!(errwire::grpc::Code::NotFound.as_i32(), 5);
    /// ```
    pub const fn as_i32(self) -> i32 {
        self as i32
    }

    /// Every code, in number order.
    pub fn all() -> impl ExactSizeIterator<Item = Code> {
        NAMES.iter().map(|(code, _)| *code)
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for Code {
    /// The canonical name.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// The longest `ErrorInfo.reason` AIP-193 allows.
pub const MAX_REASON_LEN: usize = 63;

/// The `ErrorInfo.reason` of an error code: the code converted to UPPER_SNAKE_CASE, at most
/// [`MAX_REASON_LEN`] characters, matching AIP-193's `[A-Z][A-Z0-9_]+[A-Z0-9]` (for a code of
/// at least three letters or digits).
///
/// Converted, not validated: the HTTP code is the contract a service has already published
/// (`ConcurrentModification`, `ENTITY_NOT_FOUND`, `invalid-json`), and gRPC clients get the same
/// code in their language's convention. Words are split where the code changes from lower to
/// upper case (`ConcurrentModification`), before the last capital of a run of capitals followed
/// by a lower-case letter (`HTTPServer` → `HTTP_SERVER`) and at every character that is not an
/// ASCII letter or digit (which is dropped); digits stay with the word before them. A code that
/// starts with a digit gets `E_` in front; one without letters or digits is `UNKNOWN`; a longer
/// one is cut at 63 characters (and after a trailing `_`). The code itself stays unchanged in
/// `ErrorInfo.metadata["code"]`, so a client that knows the HTTP code finds it.
///
/// ```
/// use errwire::grpc::reason;
///
/// assert_eq!(reason("ConcurrentModification"), "CONCURRENT_MODIFICATION");
/// assert_eq!(reason("ENTITY_NOT_FOUND"), "ENTITY_NOT_FOUND");
/// assert_eq!(reason("invalid-json input"), "INVALID_JSON_INPUT");
/// assert_eq!(reason("HTTPServer2Down"), "HTTP_SERVER2_DOWN");
/// assert_eq!(reason("404"), "E_404");
/// assert_eq!(reason("ZuGroß"), "ZU_GRO");
/// assert_eq!(reason("…"), "UNKNOWN");
/// assert_eq!(reason(&"A".repeat(100)).len(), 63);
/// ```
pub fn reason(code: &str) -> String {
    // Bytes, not chars: a byte of a multi-byte character is no ASCII letter or digit, so it is
    // a separator like the character would be. Only ASCII is written, into a byte buffer (no
    // per-character UTF-8 encoding): this runs for every gRPC answer.
    let bytes = code.as_bytes();
    let mut out: Vec<u8> = Vec::with_capacity(bytes.len() + 8);
    // A separator was seen since the last letter or digit written.
    let mut separated = false;
    for (i, &byte) in bytes.iter().enumerate() {
        if !byte.is_ascii_alphanumeric() {
            separated = true;
            continue;
        }
        let previous = i.checked_sub(1).map(|at| bytes[at]);
        let next = bytes.get(i + 1).copied();
        let boundary = byte.is_ascii_uppercase()
            && previous.is_some_and(|previous| {
                previous.is_ascii_lowercase()
                    || previous.is_ascii_digit()
                    || (previous.is_ascii_uppercase() && next.is_some_and(|next| next.is_ascii_lowercase()))
            });
        if out.is_empty() && byte.is_ascii_digit() {
            out.extend_from_slice(b"E_");
        } else if (separated || boundary) && !out.is_empty() {
            out.push(b'_');
        }
        separated = false;
        out.push(byte.to_ascii_uppercase());
    }
    out.truncate(MAX_REASON_LEN);
    while out.last() == Some(&b'_') {
        out.pop();
    }
    if out.is_empty() {
        return "UNKNOWN".to_owned();
    }
    // Only ASCII letters, digits and `_` were written: always UTF-8.
    String::from_utf8(out).unwrap_or_else(|_| "UNKNOWN".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_numbers_agree() {
        for (i, code) in Code::all().enumerate() {
            assert_eq!(code.as_i32(), i32::try_from(i + 1).unwrap());
            assert_eq!(Code::from_i32(code.as_i32()), Some(code));
            assert_eq!(Code::from_name(code.as_str()), Some(code));
        }
        assert_eq!(Code::from_i32(17), None);
        assert_eq!(Code::from_i32(-1), None);
    }

    /// The issue's table, status by status, and the decisions for the rest of the range.
    #[test]
    fn http_table() {
        let table = [
            (400, "INVALID_ARGUMENT"),
            (401, "UNAUTHENTICATED"),
            (403, "PERMISSION_DENIED"),
            (404, "NOT_FOUND"),
            (409, "ABORTED"),
            (429, "RESOURCE_EXHAUSTED"),
            (499, "CANCELLED"),
            (500, "INTERNAL"),
            (501, "UNIMPLEMENTED"),
            (503, "UNAVAILABLE"),
            (504, "DEADLINE_EXCEEDED"),
            (405, "UNIMPLEMENTED"),
            (408, "DEADLINE_EXCEEDED"),
            (410, "NOT_FOUND"),
            (412, "FAILED_PRECONDITION"),
            (413, "RESOURCE_EXHAUSTED"),
            (416, "OUT_OF_RANGE"),
            (418, "FAILED_PRECONDITION"),
            (422, "INVALID_ARGUMENT"),
            (428, "FAILED_PRECONDITION"),
            (502, "UNAVAILABLE"),
            (507, "INTERNAL"),
            (599, "INTERNAL"),
        ];
        for (status, name) in table {
            assert_eq!(Code::from_u16(status).as_str(), name, "{status}");
        }
    }

    #[test]
    fn reasons_match_aip_193() {
        let well_formed = |reason: &str| {
            let bytes = reason.as_bytes();
            bytes.len() <= MAX_REASON_LEN
                && bytes.len() >= 2
                && bytes[0].is_ascii_uppercase()
                && bytes.iter().all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || *b == b'_')
                && !reason.ends_with('_')
                && !reason.contains("__")
        };
        for code in ["a", "Ab", "_x_", "x__y", "9", "9a", "é", "aBC", "ABCdef", "a-b-", &"Ab".repeat(40)] {
            let converted = reason(code);
            assert!(well_formed(&converted) || converted.len() == 1, "{code:?} → {converted:?}");
        }
        assert_eq!(reason("a"), "A");
        assert_eq!(reason("LimitsExceeded"), "LIMITS_EXCEEDED");
        assert_eq!(reason("InvalidJsonInput"), "INVALID_JSON_INPUT");
        assert_eq!(reason("duplicate_value"), "DUPLICATE_VALUE");
    }
}

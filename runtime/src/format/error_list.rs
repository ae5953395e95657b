use http::HeaderValue;
use serde::ser::{Serialize, SerializeMap, Serializer};

use super::{APPLICATION_JSON, Document, Documents, ErrorItem, Format, Renderable};

/// The error-list envelope of the connect-api seed, `application/json`:
///
/// ```json
/// {"statusCode":400,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""}]}
/// ```
///
/// `message` is the first error's message; each element of `errors` is `code`, `message`, then
/// the error's extra members. One error is a list of one. The list member is `errors` unless
/// [`list_member`](Self::list_member) renames it.
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = errwire::format::ErrorList, rename_all = "camelCase")]
/// enum ConnectError {
///     #[api(status = 409, code = "ConcurrentModification", msg = "Expected: {expected_version} - Actual: {current_version}")]
///     Conflict { expected_version: u64, current_version: u64 },
/// }
///
/// let response = ConnectError::Conflict { expected_version: 1, current_version: 2 }.to_response();
/// assert_eq!(response.headers()["content-type"], "application/json");
/// assert_eq!(
///     response.body().as_slice(),
///     br#"{"statusCode":409,"message":"Expected: 1 - Actual: 2","errors":[{"code":"ConcurrentModification","message":"Expected: 1 - Actual: 2","expectedVersion":1,"currentVersion":2}]}"#,
/// );
/// ```
#[derive(Clone, Copy, Debug)]
pub struct ErrorList {
    list_member: &'static str,
}

/// The default error-list format (see the type).
#[allow(non_upper_case_globals)]
pub const ErrorList: ErrorList = ErrorList::new();

impl Default for ErrorList {
    fn default() -> Self {
        ErrorList::new()
    }
}

impl ErrorList {
    /// The defaults: the list is `errors`.
    pub const fn new() -> Self {
        ErrorList { list_member: "errors" }
    }

    /// Names the list member `name` instead of `errors`.
    #[must_use]
    pub const fn list_member(self, name: &'static str) -> Self {
        ErrorList { list_member: name }
    }
}

impl Format for ErrorList {
    const RESERVED: &'static [&'static str] = &["code", "message"];

    fn content_type(&self) -> HeaderValue {
        APPLICATION_JSON
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("statusCode", &doc.status().as_u16())?;
        map.serialize_entry("message", &doc.message())?;
        map.serialize_entry(self.list_member, &[Item(*doc)])?;
        map.end()
    }

    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("statusCode", &docs.status().as_u16())?;
        match docs.first() {
            Some(first) => map.serialize_entry("message", &first.message())?,
            None => map.serialize_entry("message", super::reason_phrase(docs.status()))?,
        }
        map.serialize_entry(self.list_member, &Items(docs))?;
        map.end()
    }
}

struct Items<'a, 'b, T>(&'a Documents<'b, T>);

impl<T: ErrorItem> Serialize for Items<'_, '_, T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Item))
    }
}

/// `{"code", "message", members…}`.
struct Item<'a, E: ?Sized>(Document<'a, E>);

impl<E: Renderable + ?Sized> Serialize for Item<'_, E> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("code", self.0.code())?;
        map.serialize_entry("message", &self.0.message())?;
        self.0.serialize_fields(&mut map)?;
        map.end()
    }
}

//! Formats with one message and no list: several errors are answered with their messages
//! joined by `"; "` (the collate seed's validation errors read that way) and the first code.

use http::HeaderValue;
use serde::ser::{SerializeMap, Serializer};

use super::{APPLICATION_JSON, Document, Documents, ErrorItem, Format, Renderable, reason_phrase};

const SEPARATOR: &str = "; ";

/// The hapi (Boom) envelope of the integrations seed, `application/json`:
/// `{"statusCode":404,"error":"Not Found","message":"No Integration found with ID 5."}`, then
/// the error's extra members. `error` is always the status' reason phrase.
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = errwire::format::Hapi)]
/// enum IntegrationError {
///     #[api(status = 404, msg = "No Integration found with ID {0}.")]
///     NotFound(u64),
/// }
///
/// assert_eq!(
///     IntegrationError::NotFound(5).to_response().body().as_slice(),
///     br#"{"statusCode":404,"error":"Not Found","message":"No Integration found with ID 5."}"#,
/// );
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct Hapi;

impl Format for Hapi {
    const RESERVED: &'static [&'static str] = &["statusCode", "error", "message"];

    fn content_type(&self) -> HeaderValue {
        APPLICATION_JSON
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        serialize_one(["statusCode", "error"], reason_phrase(doc.status()), doc, serializer)
    }

    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        serialize_many(["statusCode", "error"], reason_phrase(docs.status()), docs, serializer)
    }
}

/// The `{code, errorType, message}` envelope of the collate seed, `application/json`:
/// `{"code":404,"errorType":"ENTITY_NOT_FOUND","message":"…"}`, then the error's extra
/// members. `code` is the status, `errorType` the error's code (pair it with
/// `#[api(code_case = "SCREAMING_SNAKE_CASE")]`).
///
/// ```
/// use errwire::ApiError;
///
/// #[derive(Debug, ApiError)]
/// #[api(format = errwire::format::ErrorType, code_case = "SCREAMING_SNAKE_CASE")]
/// enum CatalogError {
///     #[api(status = 404, msg = "Table with name [{0}] not found")]
///     EntityNotFound(String),
/// }
///
/// assert_eq!(
///     CatalogError::EntityNotFound("prod.analytics.customers".into()).to_response().body().as_slice(),
///     br#"{"code":404,"errorType":"ENTITY_NOT_FOUND","message":"Table with name [prod.analytics.customers] not found"}"#,
/// );
/// ```
#[derive(Clone, Copy, Debug, Default)]
pub struct ErrorType;

impl Format for ErrorType {
    const RESERVED: &'static [&'static str] = &["code", "errorType", "message"];

    fn content_type(&self) -> HeaderValue {
        APPLICATION_JSON
    }

    fn serialize<E, S>(&self, doc: &Document<'_, E>, serializer: S) -> Result<S::Ok, S::Error>
    where
        E: Renderable + ?Sized,
        S: Serializer,
    {
        serialize_one(["code", "errorType"], doc.code(), doc, serializer)
    }

    fn serialize_many<T, S>(&self, docs: &Documents<'_, T>, serializer: S) -> Result<S::Ok, S::Error>
    where
        T: ErrorItem,
        S: Serializer,
    {
        let error_type = docs.first().map_or_else(|| reason_phrase(docs.status()), |first| first.code());
        serialize_many(["code", "errorType"], error_type, docs, serializer)
    }
}

/// The layout both formats share, one error: `{<status>: the status, <label>: label, "message":
/// the message, members…}`; `names` are the first two members' names.
fn serialize_one<E, S>(
    names: [&str; 2],
    label: &str,
    doc: &Document<'_, E>,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    E: Renderable + ?Sized,
    S: Serializer,
{
    let mut map = serializer.serialize_map(None)?;
    map.serialize_entry(names[0], &doc.status().as_u16())?;
    map.serialize_entry(names[1], label)?;
    map.serialize_entry("message", &doc.message())?;
    doc.serialize_fields(&mut map)?;
    map.end()
}

/// The same for several errors: their messages joined by `"; "`, no members.
fn serialize_many<T, S>(
    names: [&str; 2],
    label: &str,
    docs: &Documents<'_, T>,
    serializer: S,
) -> Result<S::Ok, S::Error>
where
    T: ErrorItem,
    S: Serializer,
{
    let mut map = serializer.serialize_map(Some(3))?;
    map.serialize_entry(names[0], &docs.status().as_u16())?;
    map.serialize_entry(names[1], label)?;
    map.serialize_entry("message", &docs.messages(SEPARATOR))?;
    map.end()
}

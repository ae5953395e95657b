//! Breaking-change detection for the error contract: a type's errors as a versioned JSON
//! snapshot, a comparison that sorts every difference into breaking, additive and cosmetic, and
//! a test helper in the spirit of insta and trybuild that fails when a change would break a
//! client.
//!
//! The errors a service returns are part of its API: clients branch on codes, read members and
//! honour `Retry-After`. [`assert_compatible`] keeps the contract of an error type in a file
//! next to the tests and fails the test suite when a change would break those clients:
//!
//! ```no_run
//! #[derive(Debug, errwire::ApiError)]
//! enum MyError {
//!     #[api(status = 404, msg = "No item {id}")]
//!     NotFound { id: u64 },
//! }
//!
//! #[test]
//! fn error_contract_is_compatible() {
//!     errwire::contract::assert_compatible::<MyError>("contracts/my_error.json");
//! }
//! ```
//!
//! # The snapshot
//!
//! [`Contract::to_json`] writes (and [`Contract::from_json`] reads) the contract as
//! pretty-printed JSON with a trailing newline, errors sorted by status, code and message, so
//! that a change of the contract is a readable diff in review:
//!
//! ```json
//! {
//!   "version": 1,
//!   "contract_version": 1,
//!   "format": {
//!     "name": "ErrorList",
//!     "content_type": "application/json",
//!     "envelope": ["errors[].code", "errors[].message", "message", "statusCode"]
//!   },
//!   "errors": [
//!     {
//!       "status": 429,
//!       "code": "LimitsExceeded",
//!       "grpc": "RESOURCE_EXHAUSTED",
//!       "title": "Too Many Requests",
//!       "type": null,
//!       "message": "Rate limit exceeded. Please retry after {retry_after} seconds",
//!       "placeholders": ["retry_after"],
//!       "description": "Returned when the client sent more requests than its quota allows.",
//!       "members": [],
//!       "headers": [
//!         {"name": "Retry-After", "type": "integer", "schema": {"minimum": 0, "type": "integer"}, "required": true, "description": ""}
//!       ]
//!     }
//!   ]
//! }
//! ```
//!
//! - `version`: the version of this file format ([`FORMAT_VERSION`]); a snapshot of a later
//!   version is refused rather than misread.
//! - `contract_version`: the service's count of acknowledged breaking changes, 1 at first; it
//!   goes up by one each time a breaking change is accepted (`ERRWIRE_CONTRACT=accept`, below),
//!   so every break is a visible, reviewed line in the snapshot's diff.
//! - `format`: the type's format (one per type: the derive's `format`, see
//!   [`ApiError::with_format`]): its Rust name (informative), the `Content-Type` of its bodies
//!   and its envelope: the paths of the members it writes itself, sorted (`errors[].code` is
//!   the `code` of each item of the `errors` array), read off a body the format writes for a
//!   stand-in error, so that two formats with the same content type are told apart.
//! - `errors`: one row per status, code and message a client can receive (see
//!   [`Catalog`]): `grpc`, the gRPC code a gRPC client receives for it (feature `tonic`:
//!   [`ApiError::grpc_code`], by `#[api(grpc = "...")]` or the status; recorded whether or not
//!   the service answers gRPC, as the catalog has it), `title` as sent (given, else the reason phrase), `type` when the derive
//!   knows it (given, or from the derive's `type_base`; `null` when the format decides),
//!   `message` (the template) and the `placeholders` it fills in, `description` (the doc
//!   comment), `members` (extra body members) and `headers` (header fields), each with its JSON
//!   type in words (see [`crate::schema::type_name`]), its JSON Schema (keys sorted), whether it
//!   is always present (`required`: errwire always sends a body member, `null` included, and a
//!   header field unless its value is illegal and dropped) and its doc comment.
//!
//! # What breaks a client
//!
//! [`Contract::diff`] compares two contracts and classifies each difference ([`Kind`]):
//!
//! | breaking | additive | cosmetic |
//! |---|---|---|
//! | a code removed or renamed | a new code (or a new message of a code) | message wording (template, placeholders) |
//! | a status changed | a new member | doc text (the error's, a member's, a schema's annotations) |
//! | a gRPC code changed (gRPC clients branch on it) | a gRPC code recorded by a snapshot written before errwire recorded them | |
//! | a `type` URI changed (problem+json clients identify problems by it) | a new header | a title changed |
//! | a member or header removed or renamed | a member now always present | a format's Rust name, with the same wire form |
//! | a member's or header's type changed | a member the envelope newly writes | a header name's case |
//! | a member or header becoming optional (absent, or now `null`) | | a message of a code removed, the code still sent with that status |
//! | the content type or the envelope changed (a member of it removed) | | |
//!
//! A new member is additive whether or not it is always present: clients read error bodies and
//! ignore members they don't know. A type change is any change of the schema other than its
//! annotations (`description`, `title`, `examples`, …), narrowing ones included: errwire does
//! not decide which schema changes a client's decoder survives.
//!
//! Rows are matched by code: the same status, code and message first, then the same status and
//! code (the message changed), then the same code (the status changed). A removed code and an
//! added one with the same status and the same members are reported as one rename, as are a
//! removed and an added member (or header) of the same schema.
//!
//! # The test helper
//!
//! [`assert_compatible`] compares the type's contract with its snapshot:
//!
//! | situation | `cargo test` | `ERRWIRE_CONTRACT=overwrite` | `ERRWIRE_CONTRACT=accept` | `CI=true` |
//! |---|---|---|---|---|
//! | no snapshot | writes it, passes | writes it | writes it | **fails** |
//! | no change | passes | passes | passes | passes |
//! | additive or cosmetic changes | passes, prints that the snapshot is out of date | rewrites it | rewrites it | passes, prints |
//! | breaking changes | **fails** with the report | **fails** | rewrites it with `contract_version` + 1 | **fails** |
//!
//! `CI` set to anything but `""`, `0` or `false` wins over `ERRWIRE_CONTRACT`: a snapshot is
//! never written in CI. An intended break is thus a decision: run the tests once with
//! `ERRWIRE_CONTRACT=accept`, and commit the snapshot, whose diff shows the contract version
//! going up beside what changed. [`check`] is the same without panicking or printing, with the
//! [`Mode`] given.

use core::fmt::{self, Write as _};
use std::io::Write as _;
use std::path::{Path, PathBuf};

use http::StatusCode;
use serde::ser::SerializeMap;
use serde_json::Value;

use crate::catalog::{Entry, Location};
use crate::format::{Document, Format, FormatVisitor};
use crate::{ApiError, Catalog};

/// The version of the snapshot file format that this errwire writes and reads (`"version"`).
pub const FORMAT_VERSION: u64 = 1;

/// The environment variable that lets [`assert_compatible`] write snapshots (see [`Mode`]).
pub const ENV_VAR: &str = "ERRWIRE_CONTRACT";

// ----- The contract -------------------------------------------------------------------------------

/// A type's error contract: its format and every error a client can receive, as data that
/// can be written, read back and compared (see the [module documentation](self)).
///
/// ```
/// use errwire::contract::Contract;
///
/// #[derive(Debug, errwire::ApiError)]
/// enum ItemError {
///     /// The item does not exist.
///     #[api(status = 404, msg = "No item {id}")]
///     NotFound { id: u64 },
/// }
///
/// let contract = Contract::of::<ItemError>();
/// assert_eq!(contract.format.content_type, "application/problem+json");
/// assert_eq!(contract.errors[0].code, "NotFound");
/// assert_eq!(contract.errors[0].placeholders, ["id"]);
/// assert_eq!(contract.errors[0].members[0].type_name, "integer");
///
/// let json = contract.to_json();
/// assert!(json.starts_with("{\n  \"version\": 1,\n  \"contract_version\": 1,\n"));
/// assert_eq!(Contract::from_json(&json).unwrap(), contract);
/// ```
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Contract {
    /// The service's count of acknowledged breaking changes (`"contract_version"`), from 1.
    pub contract_version: u64,
    /// The format every error of the type is sent in.
    pub format: FormatSpec,
    /// The errors, sorted by status, code and message.
    pub errors: Vec<ErrorSpec>,
}

/// The format of a [`Contract`]: how its errors go over the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct FormatSpec {
    /// The format's Rust type name without its path (`"ErrorList"`): informative only.
    pub name: String,
    /// The `Content-Type` of error bodies.
    pub content_type: String,
    /// The paths of the members the format writes itself (`"errors[].code"`: the `code` member
    /// of the items of the array `errors`), sorted.
    pub envelope: Vec<String>,
}

/// One error of a [`Contract`]: a status, code and message a client can receive.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct ErrorSpec {
    /// The HTTP status.
    pub status: u16,
    /// The machine-readable code.
    pub code: String,
    /// The gRPC code a gRPC client receives (`"grpc"`, the canonical name); `None` when read
    /// from a snapshot written before errwire recorded it.
    pub grpc: Option<crate::grpc::Code>,
    /// The title as sent: given, else the status' reason phrase.
    pub title: String,
    /// The RFC 9457 `type`, when the derive knows it (`None`: the format's default).
    pub type_uri: Option<String>,
    /// The message template (`{field}` placeholders), or the reason phrase.
    pub message: String,
    /// The names the template fills in, in order of first use (`{0}` gives `"0"`).
    pub placeholders: Vec<String>,
    /// The doc comment of the variant.
    pub description: String,
    /// The extra body members.
    pub members: Vec<MemberSpec>,
    /// The response headers from header fields.
    pub headers: Vec<MemberSpec>,
}

/// A body member or header of an [`ErrorSpec`].
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct MemberSpec {
    /// The member's or header's name.
    pub name: String,
    /// Its JSON type in a client's words (`"integer or null"`).
    pub type_name: String,
    /// Its JSON Schema, keys sorted.
    pub schema: Value,
    /// Whether it is always present.
    pub required: bool,
    /// Its doc comment.
    pub description: String,
}

impl Contract {
    /// The contract of `E`: its catalog ([`Catalog::of`]) in its format
    /// ([`ApiError::with_format`]), at contract version 1.
    pub fn of<E: ApiError>() -> Self {
        struct Build(Catalog);
        impl FormatVisitor for Build {
            type Output = Contract;
            fn visit<F: Format>(self, format: &F) -> Contract {
                Contract::from_catalog(&self.0, format)
            }
        }
        E::with_format(Build(Catalog::of::<E>()))
    }

    /// The contract of the errors of `catalog` sent in `format` (a catalog of several types,
    /// built with [`Catalog::add`]), at contract version 1.
    ///
    /// ```
    /// use errwire::contract::Contract;
    /// use errwire::{Catalog, GeneralError, format::Hapi};
    ///
    /// let contract = Contract::from_catalog(&Catalog::of::<GeneralError>(), &Hapi);
    /// assert_eq!(contract.format.envelope, ["error", "message", "statusCode"]);
    /// ```
    pub fn from_catalog<F: Format + ?Sized>(catalog: &Catalog, format: &F) -> Self {
        let mut errors: Vec<ErrorSpec> = catalog
            .entries()
            .iter()
            .map(|entry| {
                let mut spec = ErrorSpec::of(entry);
                // The `type` the client gets may come from the format (its `type_base`, or
                // `about:blank`): read it off what the format writes for the entry.
                if spec.type_uri.is_none() {
                    spec.type_uri = served_type(format, entry);
                }
                spec
            })
            .collect();
        errors.sort_by(|a, b| (a.status, &a.code, &a.message).cmp(&(b.status, &b.code, &b.message)));
        Contract { contract_version: 1, format: FormatSpec::of(format), errors }
    }

    /// The contract as the snapshot file holds it: pretty-printed JSON (two-space indents),
    /// members in a fixed order, schemas' keys sorted, ending in a newline.
    pub fn to_json(&self) -> String {
        let mut out = serde_json::to_string_pretty(self).unwrap_or_default();
        out.push('\n');
        out
    }

    /// Reads a snapshot written by [`to_json`](Self::to_json).
    ///
    /// # Errors
    ///
    /// When `json` is not JSON, not of this shape, or of a later `version` than
    /// [`FORMAT_VERSION`].
    ///
    /// ```
    /// use errwire::contract::Contract;
    ///
    /// let error = Contract::from_json(r#"{"version": 9}"#).unwrap_err();
    /// assert_eq!(error.to_string(), "snapshot format version 9 is newer than this errwire's (1): update errwire");
    /// ```
    pub fn from_json(json: &str) -> Result<Self, ReadError> {
        let value: Value =
            serde_json::from_str(json).map_err(|error| ReadError(format!("not JSON: {error}")))?;
        let version = value.get("version").and_then(Value::as_u64).ok_or_else(|| missing("version"))?;
        if version > FORMAT_VERSION {
            return Err(ReadError(format!(
                "snapshot format version {version} is newer than this errwire's ({FORMAT_VERSION}): update errwire"
            )));
        }
        let format = value.get("format").ok_or_else(|| missing("format"))?;
        let errors = array(&value, "errors")?;
        Ok(Contract {
            contract_version: value.get("contract_version").and_then(Value::as_u64).unwrap_or(1),
            format: FormatSpec {
                name: string(format, "name")?,
                content_type: string(format, "content_type")?,
                envelope: array(format, "envelope")?
                    .iter()
                    .map(|path| path.as_str().map(str::to_owned).ok_or_else(|| missing("envelope")))
                    .collect::<Result<_, _>>()?,
            },
            errors: errors.iter().map(ErrorSpec::from_value).collect::<Result<_, _>>()?,
        })
    }

    /// Every difference from `self` (the old contract, the snapshot) to `new`, classified.
    /// The contract versions are not compared.
    ///
    /// ```
    /// use errwire::contract::{Contract, Kind};
    ///
    /// mod old {
    ///     #[derive(Debug, errwire::ApiError)]
    ///     pub enum ItemError {
    ///         #[api(status = 404, msg = "No item {id}")]
    ///         NotFound { id: u64 },
    ///     }
    /// }
    /// mod new {
    ///     #[derive(Debug, errwire::ApiError)]
    ///     pub enum ItemError {
    ///         #[api(status = 404, msg = "No item {id}")]
    ///         NotFound { id: String },
    ///     }
    /// }
    ///
    /// let diff = Contract::of::<old::ItemError>().diff(&Contract::of::<new::ItemError>());
    /// assert!(diff.is_breaking());
    /// assert_eq!(diff.changes()[0].kind, Kind::Breaking);
    /// assert_eq!(diff.changes()[0].to_string(), "404 NotFound: member type changed: id: integer → string");
    /// ```
    pub fn diff(&self, new: &Contract) -> Diff {
        let mut changes = Vec::new();
        diff_format(&self.format, &new.format, &mut changes);
        diff_errors(&self.errors, &new.errors, &mut changes);
        Diff { changes }
    }
}

/// The snapshot's form (see the [module documentation](self)): `version`, `contract_version`,
/// `format`, `errors`, in this order; [`Contract::to_json`] pretty-prints it.
impl serde::Serialize for Contract {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("version", &FORMAT_VERSION)?;
        map.serialize_entry("contract_version", &self.contract_version)?;
        map.serialize_entry("format", &self.format)?;
        map.serialize_entry("errors", &self.errors)?;
        map.end()
    }
}

/// `{"name","content_type","envelope"}`.
impl serde::Serialize for FormatSpec {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(3))?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("content_type", &self.content_type)?;
        map.serialize_entry("envelope", &self.envelope)?;
        map.end()
    }
}

/// `{"status","code","grpc","title","type","message","placeholders","description","members","headers"}`
/// (`type` is `null` when unknown; `grpc` is left out when unknown).
impl serde::Serialize for ErrorSpec {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(10))?;
        map.serialize_entry("status", &self.status)?;
        map.serialize_entry("code", &self.code)?;
        if let Some(grpc) = self.grpc {
            map.serialize_entry("grpc", grpc.as_str())?;
        }
        map.serialize_entry("title", &self.title)?;
        map.serialize_entry("type", &self.type_uri)?;
        map.serialize_entry("message", &self.message)?;
        map.serialize_entry("placeholders", &self.placeholders)?;
        map.serialize_entry("description", &self.description)?;
        map.serialize_entry("members", &self.members)?;
        map.serialize_entry("headers", &self.headers)?;
        map.end()
    }
}

/// `{"name","type","schema","required","description"}`.
impl serde::Serialize for MemberSpec {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("name", &self.name)?;
        map.serialize_entry("type", &self.type_name)?;
        map.serialize_entry("schema", &self.schema)?;
        map.serialize_entry("required", &self.required)?;
        map.serialize_entry("description", &self.description)?;
        map.end()
    }
}

impl FormatSpec {
    fn of<F: Format + ?Sized>(format: &F) -> Self {
        let name = core::any::type_name::<F>();
        let name = name.split('<').next().unwrap_or(name);
        let name = name.rsplit("::").next().unwrap_or(name).to_owned();
        let content_type = String::from_utf8_lossy(format.content_type().as_bytes()).into_owned();
        let stub = Stub;
        let doc = Document::new(&stub).with_instance(Some("urn:uuid:00000000-0000-0000-0000-000000000000"));
        let mut envelope = Vec::new();
        if let Ok(body) = format.serialize(&doc, serde_json::value::Serializer) {
            paths(&body, "", &mut envelope);
        }
        // Sorted: the order of `serde_json`'s map depends on its `preserve_order` feature, and a
        // client does not see the order of members anyway.
        envelope.sort();
        FormatSpec { name, content_type, envelope }
    }
}

/// The paths of the leaves of `value`: `a`, `a.b`, `a[].b` (an array by its first item).
fn paths(value: &Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        Value::Object(members) if !members.is_empty() => {
            for (name, member) in members {
                let path = if prefix.is_empty() { name.clone() } else { format!("{prefix}.{name}") };
                paths(member, &path, out);
            }
        }
        Value::Array(items) if !items.is_empty() => paths(&items[0], &format!("{prefix}[]"), out),
        _ if !prefix.is_empty() => out.push(prefix.to_owned()),
        _ => {}
    }
}

/// The top-level `type` member `format` writes for `entry`, if it writes one.
fn served_type<F: Format + ?Sized>(format: &F, entry: &'static Entry) -> Option<String> {
    let stub = EntryStub(entry);
    let body = format.serialize(&Document::new(&stub), serde_json::value::Serializer).ok()?;
    body.get("type").and_then(Value::as_str).map(str::to_owned)
}

/// An entry standing in for its error, members left out: enough for the envelope's members.
#[derive(Debug)]
struct EntryStub(&'static Entry);

impl fmt::Display for EntryStub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.0.message())
    }
}

impl core::error::Error for EntryStub {}

impl ApiError for EntryStub {
    fn status(&self) -> StatusCode {
        StatusCode::from_u16(self.0.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }
    fn code(&self) -> &str {
        self.0.code
    }
    fn write_message(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str(self.0.message())
    }
    fn title(&self) -> Option<&str> {
        self.0.title
    }
    fn type_uri(&self) -> Option<&str> {
        self.0.type_uri
    }
}

/// An error without members, which a format renders to show its envelope.
#[derive(Debug)]
struct Stub;

impl fmt::Display for Stub {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("stub")
    }
}

impl core::error::Error for Stub {}

impl ApiError for Stub {
    fn status(&self) -> StatusCode {
        StatusCode::INTERNAL_SERVER_ERROR
    }
    fn code(&self) -> &str {
        "Stub"
    }
    fn write_message(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str("stub")
    }
}

impl ErrorSpec {
    fn of(entry: &Entry) -> Self {
        let member = |field: &crate::catalog::Field| {
            let schema = sorted((field.schema)());
            MemberSpec {
                name: field.name.to_owned(),
                type_name: crate::schema::type_name(&schema),
                schema,
                required: true,
                description: field.description.trim().to_owned(),
            }
        };
        let of = |location| entry.fields.iter().filter(|f| f.location == location).map(member).collect();
        ErrorSpec {
            status: entry.status,
            code: entry.code.to_owned(),
            grpc: Some(entry.grpc),
            title: entry.title.map_or_else(
                || {
                    StatusCode::from_u16(entry.status)
                        .map(crate::format::reason_phrase)
                        .unwrap_or("Unknown Error")
                        .to_owned()
                },
                str::to_owned,
            ),
            type_uri: entry.type_uri.map(str::to_owned),
            message: entry.message().to_owned(),
            placeholders: placeholders(entry.message()),
            description: entry.description.trim().to_owned(),
            members: of(Location::Body),
            headers: of(Location::Header),
        }
    }

    /// `404 NotFound`: how a report names the error.
    fn label(&self) -> String {
        format!("{} {}", self.status, self.code)
    }

    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let members = |key| -> Result<Vec<MemberSpec>, ReadError> {
            array(value, key)?.iter().map(MemberSpec::from_value).collect()
        };
        let status = value.get("status").and_then(Value::as_u64).ok_or_else(|| missing("status"))?;
        // Absent in snapshots written before errwire recorded gRPC codes; never a wrong name.
        let grpc = match value.get("grpc") {
            None => None,
            Some(name) => {
                Some(name.as_str().and_then(crate::grpc::Code::from_name).ok_or_else(|| missing("grpc"))?)
            }
        };
        Ok(ErrorSpec {
            status: u16::try_from(status).map_err(|_| missing("status"))?,
            code: string(value, "code")?,
            grpc,
            title: string(value, "title")?,
            type_uri: value.get("type").and_then(Value::as_str).map(str::to_owned),
            message: string(value, "message")?,
            placeholders: placeholders(&string(value, "message")?),
            description: value.get("description").and_then(Value::as_str).unwrap_or_default().to_owned(),
            members: members("members")?,
            headers: members("headers")?,
        })
    }
}

impl MemberSpec {
    fn from_value(value: &Value) -> Result<Self, ReadError> {
        let schema = sorted(value.get("schema").cloned().unwrap_or_else(crate::schema::any));
        Ok(MemberSpec {
            name: string(value, "name")?,
            type_name: crate::schema::type_name(&schema),
            schema,
            required: value.get("required").and_then(Value::as_bool).unwrap_or(true),
            description: value.get("description").and_then(Value::as_str).unwrap_or_default().to_owned(),
        })
    }

    /// `id (integer)`.
    fn label(&self) -> String {
        format!("{} ({})", self.name, self.type_name)
    }
}

/// `value` with every object's keys in sorted order, whatever `serde_json`'s map keeps.
fn sorted(value: Value) -> Value {
    match value {
        Value::Object(members) => {
            let mut members: Vec<(String, Value)> = members.into_iter().collect();
            members.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Object(members.into_iter().map(|(key, value)| (key, sorted(value))).collect())
        }
        Value::Array(items) => Value::Array(items.into_iter().map(sorted).collect()),
        other => other,
    }
}

/// The names a message template fills in (`{id}`, `{0}`, `{n:>5}` → `id`, `0`, `n`), in order
/// of first use; `{{` and `}}` are literal braces.
fn placeholders(template: &str) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let after = &rest[start + 1..];
        if let Some(escaped) = after.strip_prefix('{') {
            rest = escaped;
            continue;
        }
        let Some(end) = after.find('}') else { break };
        let inner = &after[..end];
        let name = inner.split(':').next().unwrap_or_default().trim();
        if !name.is_empty() && !names.iter().any(|known| known == name) {
            names.push(name.to_owned());
        }
        rest = &after[end + 1..];
    }
    names
}

/// Why a snapshot could not be read ([`Contract::from_json`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReadError(String);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ReadError {}

fn missing(key: &str) -> ReadError {
    ReadError(format!("`{key}` missing or not of the expected type"))
}

fn string(value: &Value, key: &str) -> Result<String, ReadError> {
    value.get(key).and_then(Value::as_str).map(str::to_owned).ok_or_else(|| missing(key))
}

fn array<'a>(value: &'a Value, key: &str) -> Result<&'a Vec<Value>, ReadError> {
    value.get(key).and_then(Value::as_array).ok_or_else(|| missing(key))
}

// ----- The comparison -----------------------------------------------------------------------------

/// How a change affects the service's clients.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A client written against the old contract can break: a code, status, member, header,
    /// type, content type or envelope it relies on is gone or different.
    Breaking,
    /// Something new that old clients ignore: a code, a member, a header.
    Additive,
    /// Text for people: message wording, doc comments, titles.
    Cosmetic,
}

impl Kind {
    /// `"breaking"`, `"additive"` or `"cosmetic"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Breaking => "breaking",
            Kind::Additive => "additive",
            Kind::Cosmetic => "cosmetic",
        }
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One difference between two contracts: displayed as one line, `subject: what: old → new`
/// (`404 NotFound: status changed: 404 → 410`); `(none)` stands for what is not there.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Change {
    /// Breaking, additive or cosmetic.
    pub kind: Kind,
    /// What changed: `format`, or an error as `<status> <code>` (its old status and code).
    pub subject: String,
    /// The change: `code removed`, `member type changed`, `message changed`, ….
    pub what: &'static str,
    /// The old value.
    pub old: String,
    /// The new value.
    pub new: String,
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {} → {}", self.subject, self.what, self.old, self.new)
    }
}

/// Every difference between two contracts ([`Contract::diff`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Diff {
    changes: Vec<Change>,
}

impl Diff {
    /// The changes: the format's first, then the errors' in the old contract's order, then the
    /// new errors.
    pub fn changes(&self) -> &[Change] {
        &self.changes
    }

    /// The changes of one kind.
    pub fn of_kind(&self, kind: Kind) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(move |change| change.kind == kind)
    }

    /// No difference at all.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// Whether a change would break a client.
    pub fn is_breaking(&self) -> bool {
        self.of_kind(Kind::Breaking).next().is_some()
    }

    /// The changes grouped by kind (breaking, additive, cosmetic), each group headed by its
    /// kind and each change on a line of its own, indented by two spaces; empty when there is
    /// no change.
    ///
    /// ```
    /// use errwire::contract::Contract;
    ///
    /// mod old {
    ///     #[derive(Debug, errwire::ApiError)]
    ///     pub enum ItemError {
    ///         #[api(status = 404, msg = "No item {id}")]
    ///         NotFound { id: u64 },
    ///     }
    /// }
    /// mod new {
    ///     #[derive(Debug, errwire::ApiError)]
    ///     pub enum ItemError {
    ///         #[api(status = 410, msg = "Item {id} is gone")]
    ///         NotFound { id: u64 },
    ///     }
    /// }
    ///
    /// let diff = Contract::of::<old::ItemError>().diff(&Contract::of::<new::ItemError>());
    /// assert_eq!(diff.report(), "\
    /// breaking:
    ///   404 NotFound: status changed: 404 → 410
    /// cosmetic:
    ///   404 NotFound: title changed: \"Not Found\" → \"Gone\"
    ///   404 NotFound: message changed: \"No item {id}\" → \"Item {id} is gone\"
    /// ");
    /// ```
    pub fn report(&self) -> String {
        let mut out = String::new();
        for kind in [Kind::Breaking, Kind::Additive, Kind::Cosmetic] {
            let mut changes = self.of_kind(kind).peekable();
            if changes.peek().is_none() {
                continue;
            }
            let _ = writeln!(out, "{kind}:");
            for change in changes {
                let _ = writeln!(out, "  {change}");
            }
        }
        out
    }
}

const NONE: &str = "(none)";

/// A text in a report: quoted, whitespace collapsed, cut at 80 characters.
fn quoted(text: &str) -> String {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(79).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{text}\"")
    }
}

fn list(items: &[String]) -> String {
    if items.is_empty() { NONE.to_owned() } else { items.join(", ") }
}

fn change(
    kind: Kind,
    subject: &str,
    what: &'static str,
    old: impl Into<String>,
    new: impl Into<String>,
) -> Change {
    Change { kind, subject: subject.to_owned(), what, old: old.into(), new: new.into() }
}

fn diff_format(old: &FormatSpec, new: &FormatSpec, out: &mut Vec<Change>) {
    let content_changed = old.content_type != new.content_type;
    let removed = old.envelope.iter().any(|path| !new.envelope.contains(path));
    let added = new.envelope.iter().any(|path| !old.envelope.contains(path));
    if old.name != new.name {
        let kind = if content_changed || removed { Kind::Breaking } else { Kind::Cosmetic };
        out.push(change(kind, "format", "format changed", &old.name, &new.name));
    }
    if content_changed {
        out.push(change(
            Kind::Breaking,
            "format",
            "content type changed",
            &old.content_type,
            &new.content_type,
        ));
    }
    if removed {
        out.push(change(
            Kind::Breaking,
            "format",
            "envelope changed",
            list(&old.envelope),
            list(&new.envelope),
        ));
    } else if added {
        let added: Vec<String> =
            new.envelope.iter().filter(|path| !old.envelope.contains(path)).cloned().collect();
        out.push(change(Kind::Additive, "format", "envelope member added", NONE, list(&added)));
    }
}

fn diff_errors(old: &[ErrorSpec], new: &[ErrorSpec], out: &mut Vec<Change>) {
    let mut pair_of: Vec<Option<usize>> = vec![None; old.len()];
    let mut taken = vec![false; new.len()];
    let matchers: [fn(&ErrorSpec, &ErrorSpec) -> bool; 3] = [
        |a, b| a.status == b.status && a.code == b.code && a.message == b.message,
        |a, b| a.status == b.status && a.code == b.code,
        |a, b| a.code == b.code,
    ];
    for matches in matchers {
        for (i, row) in old.iter().enumerate() {
            if pair_of[i].is_some() {
                continue;
            }
            if let Some(j) = (0..new.len()).find(|&j| !taken[j] && matches(row, &new[j])) {
                pair_of[i] = Some(j);
                taken[j] = true;
            }
        }
    }
    // A code gone and a code come with the same status and members: a rename.
    let mut renamed_to: Vec<Option<usize>> = vec![None; old.len()];
    for (i, row) in old.iter().enumerate() {
        if pair_of[i].is_some() || new.iter().any(|other| other.code == row.code) {
            continue;
        }
        renamed_to[i] = (0..new.len()).find(|&j| {
            !taken[j]
                && !old.iter().any(|other| other.code == new[j].code)
                && new[j].status == row.status
                && same_fields(&row.members, &new[j].members)
                && same_fields(&row.headers, &new[j].headers)
        });
        if let Some(j) = renamed_to[i] {
            taken[j] = true;
        }
    }
    for (i, row) in old.iter().enumerate() {
        match (pair_of[i], renamed_to[i]) {
            (Some(j), _) => diff_error(row, &new[j], out),
            (None, Some(j)) => {
                out.push(change(Kind::Breaking, &row.label(), "code renamed", row.label(), new[j].label()));
            }
            (None, None) if new.iter().any(|other| other.code == row.code && other.status == row.status) => {
                // Another row of the status and code is still sent: only this message is gone.
                out.push(change(Kind::Cosmetic, &row.label(), "message removed", quoted(&row.message), NONE));
            }
            (None, None) => out.push(change(Kind::Breaking, &row.label(), "code removed", row.label(), NONE)),
        }
    }
    for (j, row) in new.iter().enumerate() {
        if taken[j] {
            continue;
        }
        if old.iter().any(|other| other.code == row.code && other.status == row.status) {
            out.push(change(Kind::Additive, &row.label(), "message added", NONE, quoted(&row.message)));
        } else {
            out.push(change(Kind::Additive, &row.label(), "code added", NONE, row.label()));
        }
    }
}

fn same_fields(a: &[MemberSpec], b: &[MemberSpec]) -> bool {
    a.len() == b.len()
        && a.iter().all(|x| {
            b.iter()
                .any(|y| x.name == y.name && without_annotations(&x.schema) == without_annotations(&y.schema))
        })
}

fn diff_error(old: &ErrorSpec, new: &ErrorSpec, out: &mut Vec<Change>) {
    let subject = old.label();
    if old.status != new.status {
        out.push(change(
            Kind::Breaking,
            &subject,
            "status changed",
            old.status.to_string(),
            new.status.to_string(),
        ));
    }
    match (old.grpc, new.grpc) {
        (Some(before), Some(after)) if before != after => {
            out.push(change(Kind::Breaking, &subject, "gRPC code changed", before.as_str(), after.as_str()));
        }
        (None, Some(after)) => {
            out.push(change(Kind::Additive, &subject, "gRPC code recorded", NONE, after.as_str()))
        }
        // A contract without it (an older snapshot as the new side) says nothing about it.
        _ => {}
    }
    if old.type_uri != new.type_uri {
        let show = |uri: &Option<String>| uri.clone().unwrap_or_else(|| NONE.to_owned());
        out.push(change(Kind::Breaking, &subject, "type changed", show(&old.type_uri), show(&new.type_uri)));
    }
    diff_fields(&subject, "member", &old.members, &new.members, false, out);
    diff_fields(&subject, "header", &old.headers, &new.headers, true, out);
    if old.title != new.title {
        out.push(change(Kind::Cosmetic, &subject, "title changed", quoted(&old.title), quoted(&new.title)));
    }
    if old.message != new.message {
        out.push(change(
            Kind::Cosmetic,
            &subject,
            "message changed",
            quoted(&old.message),
            quoted(&new.message),
        ));
    }
    if old.description != new.description {
        let show = |text: &str| if text.is_empty() { NONE.to_owned() } else { quoted(text) };
        out.push(change(
            Kind::Cosmetic,
            &subject,
            "description changed",
            show(&old.description),
            show(&new.description),
        ));
    }
}

/// The `what`s of one kind of field (member or header).
struct Words {
    removed: &'static str,
    renamed: &'static str,
    added: &'static str,
    type_changed: &'static str,
    optional: &'static str,
    always: &'static str,
    described: &'static str,
    case: &'static str,
}

const MEMBER_WORDS: Words = Words {
    removed: "member removed",
    renamed: "member renamed",
    added: "member added",
    type_changed: "member type changed",
    optional: "member became optional",
    always: "member now always present",
    described: "member description changed",
    case: "member renamed",
};

const HEADER_WORDS: Words = Words {
    removed: "header removed",
    renamed: "header renamed",
    added: "header added",
    type_changed: "header type changed",
    optional: "header became optional",
    always: "header now always present",
    described: "header description changed",
    case: "header name's case changed",
};

fn diff_fields(
    subject: &str,
    kind: &str,
    old: &[MemberSpec],
    new: &[MemberSpec],
    headers: bool,
    out: &mut Vec<Change>,
) {
    let words = if kind == "header" { &HEADER_WORDS } else { &MEMBER_WORDS };
    let same_name = |a: &str, b: &str| if headers { a.eq_ignore_ascii_case(b) } else { a == b };
    let mut removed = Vec::new();
    let mut matched = vec![false; new.len()];
    for field in old {
        let Some(j) = (0..new.len()).find(|&j| !matched[j] && same_name(&field.name, &new[j].name)) else {
            removed.push(field);
            continue;
        };
        matched[j] = true;
        let other = &new[j];
        if field.name != other.name {
            out.push(change(Kind::Cosmetic, subject, words.case, &field.name, &other.name));
        }
        let (a, b) = (without_annotations(&field.schema), without_annotations(&other.schema));
        if a != b {
            let what = if !admits_null(&a) && admits_null(&b) { words.optional } else { words.type_changed };
            out.push(change(
                Kind::Breaking,
                subject,
                what,
                format!("{}: {}", field.name, field.type_name),
                other.type_name.clone(),
            ));
        } else if field.schema != other.schema || field.description != other.description {
            let show = |text: &str| if text.is_empty() { NONE.to_owned() } else { quoted(text) };
            out.push(change(
                Kind::Cosmetic,
                subject,
                words.described,
                format!("{}: {}", field.name, show(&field.description)),
                show(&other.description),
            ));
        }
        if field.required && !other.required {
            out.push(change(
                Kind::Breaking,
                subject,
                words.optional,
                format!("{}: always present", field.name),
                "may be absent",
            ));
        } else if !field.required && other.required {
            out.push(change(
                Kind::Additive,
                subject,
                words.always,
                format!("{}: may be absent", field.name),
                "always present",
            ));
        }
    }
    let mut added: Vec<&MemberSpec> = (0..new.len()).filter(|&j| !matched[j]).map(|j| &new[j]).collect();
    for field in removed {
        let schema = without_annotations(&field.schema);
        if let Some(k) = added.iter().position(|other| without_annotations(&other.schema) == schema) {
            let other = added.remove(k);
            out.push(change(Kind::Breaking, subject, words.renamed, field.label(), other.label()));
        } else {
            out.push(change(Kind::Breaking, subject, words.removed, field.label(), NONE));
        }
    }
    for field in added {
        out.push(change(Kind::Additive, subject, words.added, NONE, field.label()));
    }
}

/// `schema` without the keys that only document it.
fn without_annotations(schema: &Value) -> Value {
    const ANNOTATIONS: [&str; 7] =
        ["description", "title", "example", "examples", "$comment", "default", "deprecated"];
    match schema {
        Value::Object(members) => Value::Object(
            members
                .iter()
                .filter(|(key, _)| !ANNOTATIONS.contains(&key.as_str()))
                .map(|(key, value)| (key.clone(), without_annotations(value)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(without_annotations).collect()),
        other => other.clone(),
    }
}

/// Whether `schema` accepts `null` (by its `type`, or one of its `anyOf`/`oneOf`; `{}` does).
fn admits_null(schema: &Value) -> bool {
    let Value::Object(members) = schema else { return schema == &Value::Bool(true) };
    if members.is_empty() {
        return true;
    }
    match members.get("type") {
        Some(Value::String(ty)) if ty == "null" => return true,
        Some(Value::Array(types)) if types.iter().any(|ty| ty == "null") => return true,
        _ => {}
    }
    ["anyOf", "oneOf"].iter().any(|key| {
        members.get(*key).and_then(Value::as_array).is_some_and(|schemas| schemas.iter().any(admits_null))
    })
}

// ----- The test helper ----------------------------------------------------------------------------

/// When [`check`] may write a snapshot (see the table in the [module documentation](self)).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Write a missing snapshot; never rewrite one.
    Check,
    /// Also rewrite a snapshot with additive or cosmetic changes (`ERRWIRE_CONTRACT=overwrite`).
    Overwrite,
    /// Also accept breaking changes: the snapshot is rewritten with its contract version
    /// raised by one (`ERRWIRE_CONTRACT=accept`).
    Accept,
    /// Never write: a missing snapshot is a failure (`CI` set).
    Ci,
}

impl Mode {
    /// The mode the environment asks for: [`Ci`](Mode::Ci) when `CI` is set to anything but
    /// `""`, `0` or `false`; else `ERRWIRE_CONTRACT`'s `overwrite` or `accept`; else
    /// [`Check`](Mode::Check).
    ///
    /// # Errors
    ///
    /// An `ERRWIRE_CONTRACT` other than empty, `overwrite` or `accept` (a typo should not pass
    /// as a check).
    ///
    /// ```
    /// use errwire::contract::Mode;
    ///
    /// let mode = Mode::from_env().unwrap();
    /// assert!(matches!(mode, Mode::Check | Mode::Overwrite | Mode::Accept | Mode::Ci));
    /// ```
    pub fn from_env() -> Result<Mode, String> {
        let ci = std::env::var("CI").is_ok_and(|value| !matches!(value.trim(), "" | "0" | "false"));
        if ci {
            return Ok(Mode::Ci);
        }
        match std::env::var(ENV_VAR).as_deref().map(str::trim) {
            Err(_) | Ok("") => Ok(Mode::Check),
            Ok("overwrite") => Ok(Mode::Overwrite),
            Ok("accept") => Ok(Mode::Accept),
            Ok(other) => Err(format!("{ENV_VAR}={other:?}: expected `overwrite` or `accept`")),
        }
    }
}

/// What [`check`] found, when the contract is compatible with its snapshot.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Outcome {
    /// The contract is the snapshot's.
    Unchanged,
    /// There was no snapshot; it was written, at contract version 1.
    Written,
    /// Additive or cosmetic changes; the snapshot was not rewritten ([`Mode::Check`] and
    /// [`Mode::Ci`]) and should be updated.
    Outdated(Diff),
    /// Additive or cosmetic changes; the snapshot was rewritten.
    Updated(Diff),
    /// Breaking changes accepted ([`Mode::Accept`]); the snapshot was rewritten at
    /// `contract_version`.
    Accepted {
        /// The changes.
        diff: Diff,
        /// The new contract version.
        contract_version: u64,
    },
}

/// Why [`check`] failed; its `Display` is the report [`assert_compatible`] panics with.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Failure {
    /// The contract has breaking changes against its snapshot.
    Breaking {
        /// The error type.
        type_name: &'static str,
        /// The snapshot.
        path: PathBuf,
        /// The snapshot's contract version.
        contract_version: u64,
        /// Every change, breaking or not.
        diff: Diff,
    },
    /// There is no snapshot, and none may be written ([`Mode::Ci`]).
    Missing {
        /// The error type.
        type_name: &'static str,
        /// The snapshot.
        path: PathBuf,
    },
    /// The snapshot could not be read, parsed or written.
    Io {
        /// The snapshot.
        path: PathBuf,
        /// What went wrong.
        reason: String,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Breaking { type_name, path, contract_version, diff } => {
                writeln!(
                    f,
                    "the error contract of {type_name} breaks its clients (snapshot {}, contract version {contract_version}):",
                    path.display()
                )?;
                f.write_str(&diff.report())?;
                write!(
                    f,
                    "If the break is intended, record it as contract version {}: run the tests with \
                     {ENV_VAR}=accept and commit the snapshot.",
                    contract_version + 1
                )
            }
            Failure::Missing { type_name, path } => write!(
                f,
                "no error contract snapshot of {type_name} at {} (CI never writes one): run the tests \
                 locally and commit the snapshot",
                path.display()
            ),
            Failure::Io { path, reason } => write!(f, "error contract snapshot {}: {reason}", path.display()),
        }
    }
}

impl std::error::Error for Failure {}

/// Compares `E`'s contract with the snapshot at `path` and writes the snapshot where `mode`
/// allows (see the [module documentation](self)); [`assert_compatible`] is this with the mode
/// from the environment, panicking on a [`Failure`].
///
/// A relative `path` is taken from the directory of the package under test (the runtime
/// `CARGO_MANIFEST_DIR`, which `cargo test` sets), else from the current directory.
///
/// # Errors
///
/// Breaking changes (unless `mode` is [`Mode::Accept`]), a missing snapshot under
/// [`Mode::Ci`], an unreadable snapshot.
///
/// ```
/// use errwire::contract::{Mode, Outcome, check};
///
/// #[derive(Debug, errwire::ApiError)]
/// enum ItemError {
///     #[api(status = 404, msg = "No item {id}")]
///     NotFound { id: u64 },
/// }
///
/// let path = std::env::temp_dir().join(format!("errwire-doc-{}.json", std::process::id()));
/// # let _ = std::fs::remove_file(&path);
/// assert!(check::<ItemError>(&path, Mode::Ci).is_err()); // missing, and CI writes nothing
/// assert_eq!(check::<ItemError>(&path, Mode::Check).unwrap(), Outcome::Written);
/// assert_eq!(check::<ItemError>(&path, Mode::Ci).unwrap(), Outcome::Unchanged);
/// # std::fs::remove_file(&path).unwrap();
/// ```
pub fn check<E: ApiError>(path: impl AsRef<Path>, mode: Mode) -> Result<Outcome, Failure> {
    check_contract(core::any::type_name::<E>(), Contract::of::<E>(), &resolve(path.as_ref()), mode)
}

fn resolve(path: &Path) -> PathBuf {
    if path.is_absolute() {
        return path.to_owned();
    }
    match std::env::var_os("CARGO_MANIFEST_DIR") {
        Some(dir) => PathBuf::from(dir).join(path),
        None => path.to_owned(),
    }
}

fn check_contract(
    type_name: &'static str,
    mut new: Contract,
    path: &Path,
    mode: Mode,
) -> Result<Outcome, Failure> {
    let io = |reason: String| Failure::Io { path: path.to_owned(), reason };
    let write = |contract: &Contract| -> Result<(), Failure> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|error| io(format!("can't create its directory: {error}")))?;
        }
        std::fs::write(path, contract.to_json()).map_err(|error| io(format!("can't write it: {error}")))
    };
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
            if mode == Mode::Ci {
                return Err(Failure::Missing { type_name, path: path.to_owned() });
            }
            write(&new)?;
            return Ok(Outcome::Written);
        }
        Err(error) => return Err(io(format!("can't read it: {error}"))),
    };
    let old = Contract::from_json(&text).map_err(|error| io(format!("can't parse it: {error}")))?;
    new.contract_version = old.contract_version;
    let diff = old.diff(&new);
    if diff.is_breaking() {
        if mode != Mode::Accept {
            return Err(Failure::Breaking {
                type_name,
                path: path.to_owned(),
                contract_version: old.contract_version,
                diff,
            });
        }
        new.contract_version += 1;
        write(&new)?;
        return Ok(Outcome::Accepted { diff, contract_version: new.contract_version });
    }
    let rewrite = matches!(mode, Mode::Overwrite | Mode::Accept) && text != new.to_json();
    if rewrite {
        write(&new)?;
    }
    Ok(match (diff.is_empty(), rewrite) {
        (true, _) => Outcome::Unchanged,
        (false, true) => Outcome::Updated(diff),
        (false, false) => Outcome::Outdated(diff),
    })
}

/// Asserts that `E`'s error contract is compatible with its snapshot at `path` (relative to
/// the package under test, e.g. `contracts/my_error.json`), writing the snapshot on the first
/// run: see the [module documentation](self) for the workflow, `ERRWIRE_CONTRACT` and `CI`.
///
/// Notes (a snapshot written, compatible changes to record) go to standard error directly, so
/// that `cargo test` shows them for passing tests too.
///
/// # Panics
///
/// With the report (one line per change, `old → new`) when a change would break a client;
/// when the snapshot is missing in CI, can't be read or written; on an unknown
/// `ERRWIRE_CONTRACT`.
///
/// ```no_run
/// #[derive(Debug, errwire::ApiError)]
/// enum MyError {
///     #[api(status = 404, msg = "No item {id}")]
///     NotFound { id: u64 },
/// }
///
/// errwire::contract::assert_compatible::<MyError>("contracts/my_error.json");
/// ```
#[track_caller]
pub fn assert_compatible<E: ApiError>(path: impl AsRef<Path>) {
    let mode = Mode::from_env().unwrap_or_else(|error| panic!("{error}"));
    let resolved = resolve(path.as_ref());
    let type_name = core::any::type_name::<E>();
    let note = |text: String| {
        let _ = std::io::stderr().lock().write_all(format!("errwire: {text}\n").as_bytes());
    };
    match check_contract(type_name, Contract::of::<E>(), &resolved, mode) {
        Err(failure) => panic!("{failure}"),
        Ok(Outcome::Unchanged) => {}
        Ok(Outcome::Written) => {
            note(format!("wrote the error contract of {type_name} to {}", resolved.display()));
        }
        Ok(Outcome::Outdated(diff)) => note(format!(
            "the error contract of {type_name} changed compatibly; update {} with {ENV_VAR}=overwrite:\n{}",
            resolved.display(),
            diff.report().trim_end()
        )),
        Ok(Outcome::Updated(diff)) => note(format!(
            "updated {} (error contract of {type_name}):\n{}",
            resolved.display(),
            diff.report().trim_end()
        )),
        Ok(Outcome::Accepted { diff, contract_version }) => note(format!(
            "accepted breaking changes of the error contract of {type_name} as contract version \
             {contract_version} in {}:\n{}",
            resolved.display(),
            diff.report().trim_end()
        )),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::{Contract, ErrorSpec, FormatSpec, Kind, admits_null, placeholders};

    fn row(status: u16, code: &str, message: &str) -> ErrorSpec {
        ErrorSpec {
            status,
            code: code.to_owned(),
            grpc: None,
            title: String::new(),
            type_uri: None,
            message: message.to_owned(),
            placeholders: placeholders(message),
            description: String::new(),
            members: Vec::new(),
            headers: Vec::new(),
        }
    }

    fn contract(errors: Vec<ErrorSpec>) -> Contract {
        let format = FormatSpec {
            name: "F".to_owned(),
            content_type: "application/json".to_owned(),
            envelope: Vec::new(),
        };
        Contract { contract_version: 1, format, errors }
    }

    #[test]
    fn a_code_keeps_its_rows_by_status_and_message() {
        let old = contract(vec![row(404, "NotFound", "no item"), row(404, "NotFound", "no route")]);
        let new = contract(vec![
            row(404, "NotFound", "no route"),
            row(404, "NotFound", "no user"),
            row(410, "NotFound", "gone"),
        ]);
        let diff = old.diff(&new);
        let lines: Vec<(Kind, String)> = diff.changes().iter().map(|c| (c.kind, c.to_string())).collect();
        assert_eq!(
            lines,
            [
                (Kind::Cosmetic, "404 NotFound: message changed: \"no item\" → \"no user\"".to_owned()),
                (Kind::Additive, "410 NotFound: code added: (none) → 410 NotFound".to_owned()),
            ]
        );
        let fewer = contract(vec![row(410, "NotFound", "gone")]);
        assert_eq!(
            old.diff(&fewer).changes().iter().map(ToString::to_string).collect::<Vec<_>>(),
            [
                "404 NotFound: status changed: 404 → 410",
                "404 NotFound: message changed: \"no item\" → \"gone\"",
                "404 NotFound: code removed: 404 NotFound → (none)"
            ]
        );
    }

    #[test]
    fn placeholders_are_the_names_filled_in() {
        assert_eq!(placeholders("a {id} b {0} {n:>5} {{x}} {id:?} {s:>width$}"), ["id", "0", "n", "s"]);
        assert!(placeholders("no {{braces}} here").is_empty());
        assert!(placeholders("unclosed {x").is_empty());
    }

    #[test]
    fn null_is_admitted_by_type_or_alternative() {
        assert!(admits_null(&json!({"type": ["integer", "null"]})));
        assert!(admits_null(&json!({"anyOf": [{"$ref": "#/x"}, {"type": "null"}]})));
        assert!(admits_null(&json!({})));
        assert!(!admits_null(&json!({"type": "integer"})));
    }
}

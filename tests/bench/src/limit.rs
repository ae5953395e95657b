//! The limit: the best hand-written code for the same responses. A `#[derive(Serialize)]`
//! struct per body over borrowed fields, the message written straight into the body with
//! serde's `collect_str` (no `String`), a body `Vec` sized once for the whole body,
//! `http::Response::builder()` with a const content type.

use core::fmt;
use std::hash::BuildHasher as _;
use std::sync::atomic::{AtomicU64, Ordering};

use http::header::CONTENT_TYPE;
use http::{HeaderValue, Response, StatusCode};
use serde::{Serialize, Serializer};

use crate::fixtures::{ConflictMessage, PlainError, TooLongMessage};

/// `application/problem+json`, checked at compile time.
pub const PROBLEM_JSON: HeaderValue = HeaderValue::from_static("application/problem+json");
/// `application/json`, checked at compile time.
pub const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// Room for any one-error body here: one allocation, never a reallocation.
const BODY_CAPACITY: usize = 256;
/// Room per error of a list.
const ITEM_CAPACITY: usize = 96;

/// A `Display` value serialized as a JSON string written straight into the output.
pub struct Collect<T>(pub T);

impl<T: fmt::Display> Serialize for Collect<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ConflictProblem<'a> {
    r#type: &'static str,
    title: &'static str,
    status: u16,
    detail: Collect<ConflictMessage<'a>>,
    expected_version: u64,
    current_version: u64,
}

#[derive(Serialize)]
struct InternalProblem<'a> {
    r#type: &'static str,
    title: &'static str,
    status: u16,
    detail: &'static str,
    instance: &'a str,
}

#[derive(Serialize)]
struct ValidationProblem<'a> {
    r#type: &'static str,
    title: &'static str,
    status: u16,
    errors: Items<'a>,
}

/// The `errors` member: one `{"detail","field","max"}` per error.
pub struct Items<'a>(pub &'a [PlainError]);

impl Serialize for Items<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(Item))
    }
}

struct Item<'a>(&'a PlainError);

#[derive(Serialize)]
struct TooLongItem<'a> {
    detail: Collect<TooLongMessage<'a>>,
    field: &'a str,
    max: u32,
}

impl Serialize for Item<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match *self.0 {
            PlainError::TooLong { field, max } => {
                TooLongItem { detail: Collect(TooLongMessage { field, max }), field, max }
                    .serialize(serializer)
            }
            // Not a validation error: no list item of its own in this API.
            PlainError::Conflict { .. } | PlainError::Database(_) => serializer.serialize_unit(),
        }
    }
}

#[derive(Serialize)]
struct MessageBody<M> {
    message: M,
}

/// The hand-written instance id, as unpredictable as errwire's
/// [`InstanceId`](errwire::InstanceId): SipHash (std's keyed hasher) of a process-wide counter
/// and the counter itself, written as a version 4 UUID URN.
pub fn next_instance() -> InstanceText {
    static NEXT: AtomicU64 = AtomicU64::new(0);
    static KEY: std::sync::OnceLock<std::hash::RandomState> = std::sync::OnceLock::new();
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    let key = KEY.get_or_init(std::hash::RandomState::new);
    // Unpredictable half from the keyed hash, unique half from the counter.
    let high = (key.hash_one(n) & !0xf000) | 0x4000;
    let low = (n & !(0b11 << 62)) | (0b10 << 62);
    let mut text = *b"urn:uuid:00000000-0000-0000-0000-000000000000";
    let digits =
        (0..16).map(|i| (high >> (60 - 4 * i)) & 0xf).chain((0..16).map(|i| (low >> (60 - 4 * i)) & 0xf));
    let places = (9..45).filter(|&at| !matches!(at, 17 | 22 | 27 | 32));
    for (at, digit) in places.zip(digits) {
        text[at] = b"0123456789abcdef"[digit as usize];
    }
    InstanceText(text)
}

/// `urn:uuid:` and a UUID.
pub struct InstanceText([u8; 45]);

impl InstanceText {
    /// The id as text.
    pub fn as_str(&self) -> &str {
        core::str::from_utf8(&self.0).unwrap_or_default()
    }
}

fn body<T: Serialize>(value: &T, capacity: usize) -> Vec<u8> {
    let mut body = Vec::with_capacity(capacity);
    // Plain values into a `Vec`: serde_json has nothing to fail on.
    let _ = serde_json::to_writer(&mut body, value);
    body
}

fn respond(status: StatusCode, content_type: HeaderValue, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder().status(status).header(CONTENT_TYPE, content_type).body(body).unwrap_or_default()
}

/// One error as problem+json.
pub fn problem(err: &PlainError) -> Response<Vec<u8>> {
    match *err {
        PlainError::Conflict { deployment, expected_version, current_version } => {
            let body = body(
                &ConflictProblem {
                    r#type: "about:blank",
                    title: "Conflict",
                    status: 409,
                    detail: Collect(ConflictMessage { deployment, expected_version, current_version }),
                    expected_version,
                    current_version,
                },
                BODY_CAPACITY,
            );
            respond(StatusCode::CONFLICT, PROBLEM_JSON, body)
        }
        PlainError::Database(_) => {
            let instance = next_instance();
            let body = body(
                &InternalProblem {
                    r#type: "about:blank",
                    title: "Internal Server Error",
                    status: 500,
                    detail: "Internal Server Error",
                    instance: instance.as_str(),
                },
                BODY_CAPACITY,
            );
            respond(StatusCode::INTERNAL_SERVER_ERROR, PROBLEM_JSON, body)
        }
        PlainError::TooLong { .. } => problems(core::slice::from_ref(err)),
    }
}

/// Validation errors as one problem+json with an `errors` extension member.
pub fn problems(errs: &[PlainError]) -> Response<Vec<u8>> {
    let problem = ValidationProblem {
        r#type: "about:blank",
        title: "Unprocessable Entity",
        status: 422,
        errors: Items(errs),
    };
    let body = body(&problem, BODY_CAPACITY + ITEM_CAPACITY * errs.len());
    respond(StatusCode::UNPROCESSABLE_ENTITY, PROBLEM_JSON, body)
}

/// One error as api-error's body, `{"message":"…"}`.
pub fn message(err: &PlainError) -> Response<Vec<u8>> {
    match *err {
        PlainError::Conflict { deployment, expected_version, current_version } => {
            let message = Collect(ConflictMessage { deployment, expected_version, current_version });
            respond(StatusCode::CONFLICT, JSON, body(&MessageBody { message }, BODY_CAPACITY))
        }
        PlainError::Database(_) => {
            let message = "Internal Server Error";
            respond(StatusCode::INTERNAL_SERVER_ERROR, JSON, body(&MessageBody { message }, BODY_CAPACITY))
        }
        PlainError::TooLong { field, max } => {
            let message = Collect(TooLongMessage { field, max });
            respond(StatusCode::UNPROCESSABLE_ENTITY, JSON, body(&MessageBody { message }, BODY_CAPACITY))
        }
    }
}

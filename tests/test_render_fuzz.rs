//! Property: any field values, in any format, render to a well-formed response: the body is
//! JSON that carries the values back unchanged, header values are sent exactly or dropped
//! (never injected, never a panic), and a value that can't be serialized turns the response
//! into a 500 in the same format.
//!
//! `ERRWIRE_CASES=1000000 cargo test --release -p errwire-tests --test test_render_fuzz` is the
//! long run recorded in README.md.

#[path = "support/documented.rs"]
mod documented;

#[path = "support/rng.rs"]
mod rng;

use std::collections::BTreeMap;

use errwire::format::{ErrorList, ErrorType, Hapi, ProblemJson};
use errwire::{ApiError, Context, Errors, Format};
use rng::Rng;
use serde_json::Value;

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
enum Fuzzed {
    #[api(status = 422, code = "Invalid", msg = "{text}")]
    Invalid {
        #[api(skip)]
        text: String,
        value: Value,
        ratio: f64,
        label: Option<String>,
        #[api(header = "x-fuzz")]
        header: String,
    },
    #[api(status = 400, code = "Keys", msg = "keys")]
    NonStringKeys { counts: BTreeMap<(u8, u8), u32> },
    /// A message field whose `Display` writes some text, then fails.
    #[api(status = 409, code = "Failing", msg = "failing {value}")]
    FailingMessage {
        #[api(skip)]
        value: FailingDisplay,
    },
}

/// Writes its text, then fails.
#[derive(Debug)]
struct FailingDisplay(String);

impl std::fmt::Display for FailingDisplay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)?;
        Err(std::fmt::Error)
    }
}

const CHARS: &[char] = &[
    'a', 'Z', '0', ' ', '"', '\\', '/', '\n', '\r', '\t', '\u{0}', '\u{1f}', '\u{7f}', '{', '}', '$', '%',
    'é', 'Ж', '漢', '🔑', '\u{200b}', '\u{feff}', '\u{2028}',
];

fn random_string(rng: &mut Rng) -> String {
    rng.string_from(CHARS, 24)
}

fn random_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth > 3 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => Value::Bool(rng.chance(2)),
        2 => Value::from(rng.next() as i64),
        3 => serde_json::Number::from_f64(f64::from_bits(rng.next())).map_or(Value::Null, Value::Number),
        4 => Value::String(random_string(rng)),
        5 => Value::Array((0..rng.below(4)).map(|_| random_value(rng, depth + 1)).collect()),
        _ => Value::Object(
            (0..rng.below(4)).map(|_| (random_string(rng), random_value(rng, depth + 1))).collect(),
        ),
    }
}

fn random_ratio(rng: &mut Rng) -> f64 {
    let any = f64::from_bits(rng.next());
    *rng.pick(&[0.0, -0.0, 1.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY, f64::MIN_POSITIVE, any])
}

/// Where a format puts the message and the extra members of its (single) error.
fn message_and_members<'a>(format: &str, body: &'a Value) -> (&'a Value, &'a Value) {
    match format {
        "error-list" => (&body["errors"][0]["message"], &body["errors"][0]),
        "problem" => (&body["detail"], body),
        _ => (&body["message"], body),
    }
}

fn check<F: Format>(name: &str, format: &F, error: &Fuzzed, request_id: Option<&str>, seed: u64) {
    let mut headers = http::HeaderMap::new();
    if let Some(value) = request_id.and_then(|id| http::HeaderValue::from_str(id).ok()) {
        headers.insert("x-request-id", value);
    }
    let scope = errwire::RequestScope::new().request_id_from(&headers);
    let response = scope.run(|| errwire::render(format, error, &Context::new()));
    let body: Value = serde_json::from_slice(response.body()).unwrap_or_else(|e| {
        panic!("seed {seed}, {name}: not JSON ({e}): {:?}", String::from_utf8_lossy(response.body()))
    });
    assert_eq!(response.headers()["content-type"], format.content_type(), "seed {seed}");
    match error {
        Fuzzed::Invalid { text, value, ratio, label, header } => {
            assert_eq!(response.status(), 422, "seed {seed}, {name}");
            let (message, members) = message_and_members(name, &body);
            assert_eq!(message, &Value::String(text.clone()), "seed {seed}, {name}");
            assert_eq!(&members["value"], value, "seed {seed}, {name}");
            let ratio = if ratio.is_finite() { serde_json::json!(ratio) } else { Value::Null };
            assert_eq!(members["ratio"], ratio, "seed {seed}, {name}");
            assert_eq!(members["label"], serde_json::json!(label), "seed {seed}, {name}");
            assert!(members.get("header").is_none(), "a header field is not a member");
            // Sent only as visible ASCII (spaces and tabs inside) up to the documented length.
            let visible = |b: u8| b.is_ascii_graphic() || b == b' ' || b == b'\t';
            let legal = http::HeaderValue::from_str(header).is_ok()
                && header.bytes().all(visible)
                && header.len() <= errwire::Headers::MAX_VALUE_LEN;
            match response.headers().get("x-fuzz") {
                Some(sent) => {
                    assert!(legal && sent == header.as_str(), "seed {seed}: sent {sent:?} for {header:?}")
                }
                None => assert!(!legal, "seed {seed}: legal header {header:?} dropped"),
            }
        }
        Fuzzed::NonStringKeys { .. } | Fuzzed::FailingMessage { .. } => {
            assert_eq!(response.status(), 500, "seed {seed}, {name}: unserializable falls back");
            assert!(response.headers().get("x-request-id").is_some() || body.get("instance").is_some());
            assert!(!body.to_string().contains("failing"), "seed {seed}, {name}: half a message in {body}");
        }
    }
    assert_eq!(response.headers()["x-content-type-options"], "nosniff", "seed {seed}");
    // The request's own id comes back only when it is well-formed; otherwise the header, when
    // there is one, is errwire's generated instance id.
    let echoed = response.headers().get("x-request-id").map(|id| id.to_str().unwrap());
    match (request_id, echoed) {
        (Some(id), echoed) if is_request_id(id) => assert_eq!(echoed, Some(id), "seed {seed}"),
        (_, Some(echoed)) => assert!(echoed.starts_with("urn:uuid:"), "seed {seed}: {echoed:?} sent"),
        (_, None) => {}
    }
}

/// A client's `x-request-id`: well-formed or hostile.
fn random_request_id(rng: &mut Rng) -> Option<String> {
    const ID_CHARS: &[char] = &['a', 'Z', '0', '9', '-', '.', '_', '~'];
    match rng.below(4) {
        0 => None,
        1 => Some(format!("r{}", rng.string_from(ID_CHARS, 40))),
        2 => Some(
            (*rng.pick(&[
                "//evil.example/x",
                "../x",
                "urn:uuid:00000000-0000-4000-8000-000000000000",
                "a b",
            ]))
            .to_owned(),
        ),
        _ => Some(random_string(rng)),
    }
}

/// The documented grammar of a usable request id.
fn is_request_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._~-".contains(&b))
}

fn random_error(rng: &mut Rng) -> Fuzzed {
    if rng.chance(20) {
        return Fuzzed::NonStringKeys { counts: BTreeMap::from([((1, 2), 3)]) };
    }
    if rng.chance(20) {
        let text = if rng.chance(2) { random_string(rng) } else { "x".repeat(200) };
        return Fuzzed::FailingMessage { value: FailingDisplay(text) };
    }
    Fuzzed::Invalid {
        text: random_string(rng),
        value: random_value(rng, 0),
        ratio: random_ratio(rng),
        label: rng.chance(2).then(|| random_string(rng)),
        header: random_string(rng),
    }
}

#[test]
fn any_field_values_render_to_well_formed_responses() {
    let mut rng = Rng::from_env();
    for _ in 0..rng::cases(5_000) {
        let seed = rng.seed();
        let error = random_error(&mut rng);
        let request_id = random_request_id(&mut rng);
        let request_id = request_id.as_deref();
        check("problem", &ProblemJson, &error, request_id, seed);
        check("error-list", &ErrorList, &error, request_id, seed);
        check("hapi", &Hapi, &error, request_id, seed);
        check("error-type", &ErrorType, &error, request_id, seed);
        // Several errors, and the dyn path: still JSON.
        let several: Errors<Fuzzed> = (0..3).map(|_| random_error(&mut rng)).collect();
        for response in [several.to_response_in(&ErrorList, &Context::new()), several.to_response()] {
            serde_json::from_slice::<Value>(response.body()).unwrap_or_else(|e| panic!("seed {seed}: {e}"));
        }
        let boxed: Box<dyn ApiError + Send + Sync> = Box::new(random_error(&mut rng));
        serde_json::from_slice::<Value>(boxed.to_response().body())
            .unwrap_or_else(|e| panic!("seed {seed}: {e}"));
    }
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

/// `Fuzzed::NonStringKeys` can't go through `assert_documented`: its catalog documents a 400
/// `Keys`, but its map never serializes (keys that are not strings), so every rendering is
/// errwire's 500 replacement, never the documented 400 (no instance can cover that entry). What
/// is checked instead is what is served: `Invalid` against the type's own 422, and the 500
/// replacement against the 500 that errwire documents for every operation
/// (`openapi::add_general_errors`: the `General` error, here in the type's format,
/// problem+json); the type's own responses have no 500.
#[test]
fn every_fuzzed_is_documented() {
    let responses = serde_json::to_value(<Fuzzed as utoipa::IntoResponses>::responses()).unwrap();
    documented::assert_examples_valid(&responses);
    let scope = || errwire::RequestScope::new().every_error(true);
    let invalid = |value: Value, ratio: f64, label: Option<&str>, header: &str| Fuzzed::Invalid {
        text: "the message".into(),
        value,
        ratio,
        label: label.map(str::to_owned),
        header: header.to_owned(),
    };
    for error in [
        invalid(Value::Null, 0.0, None, "a"),
        invalid(serde_json::json!({"nested": [1, "two", null]}), -1.5, Some("label"), "b"),
        invalid(serde_json::json!("text"), 1e300, Some(""), "line\nbreak"),
    ] {
        documented::assert_response_valid(&responses, &error.to_response(), error.code());
        documented::assert_response_valid(&responses, &scope().run(|| error.to_response()), error.code());
    }
    let general = errwire::Catalog::of::<errwire::GeneralError>();
    let general = serde_json::to_value(errwire::openapi::responses_in(&ProblemJson, &general)).unwrap();
    let keys = Fuzzed::NonStringKeys { counts: BTreeMap::from([((1, 2), 3)]) };
    let response = keys.to_response();
    assert_eq!(response.status(), 500);
    documented::assert_response_valid(&general, &response, keys.code());
    documented::assert_response_valid(&general, &scope().run(|| keys.to_response()), keys.code());
}

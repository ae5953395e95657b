//! Property: a 5xx body (any format, one error or several, sized or `dyn`) never carries a
//! source error's text. Random sources with random messages; no substring of a message longer
//! than 3 characters may appear in the body or the headers.
//!
//! `ERRWIRE_CASES=1000000 cargo test --release -p errwire-tests --test test_leaks` is the long
//! run recorded in README.md.

#[path = "support/documented.rs"]
mod documented;

#[path = "support/rng.rs"]
mod rng;

use std::fmt;

use errwire::format::{ErrorList, ErrorType, Hapi, ProblemJson};
use errwire::{ApiError, Context, Errors};
use rng::Rng;

/// Characters that never occur in an envelope (bodies are ASCII apart from messages, and the
/// templates below are ASCII), plus JSON-significant ones, so that a hit is a real leak.
const SECRET_ALPHABET: &[char] =
    &['Ж', 'Щ', 'λ', 'Ω', 'ß', 'ø', 'ñ', '€', '§', '¤', '漢', '字', '🔑', '~', '^', '|', '`'];

#[derive(Debug)]
struct Secret(String);

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Secret {}

/// A source with a source of its own.
#[derive(Debug, thiserror::Error)]
#[error("wrapped: {message}")]
struct Wrapper {
    message: String,
    #[source]
    inner: Secret,
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(rename_all = "camelCase")]
enum ServerError {
    #[error(transparent)]
    #[api(status = 500, code = "General")]
    Transparent(#[from] Secret),

    #[error("database said {source}")]
    #[api(status = 502, code = "BadGateway", msg = "Upstream failed")]
    Field {
        #[source]
        source: Wrapper,
        attempt: u32,
    },

    #[error("{0}")]
    #[api(status = 503, code = "Unavailable", msg = "Try again in {1} seconds")]
    Boxed(#[source] Box<dyn std::error::Error + Send + Sync>, u32),

    #[error("timeout: {detail:?}")]
    #[api(status = 504, code = "Timeout")]
    SkippedDetail {
        #[api(skip)]
        detail: String,
    },

    /// A message field whose `Display` writes the secret, then fails: the half-written message
    /// must not reach the body (the 500 replacement is sent).
    #[error("failing message")]
    #[api(status = 500, code = "FailingMessage", msg = "Failed: {value}")]
    FailingMessage {
        #[api(skip)]
        value: FailingDisplay,
    },

    /// A member whose `Serialize` writes the secret, then fails with it as the error's text.
    #[error("failing member")]
    #[api(status = 500, code = "FailingMember")]
    FailingMember { value: FailingSerialize },
}

/// Writes its text, then fails.
#[derive(Debug)]
struct FailingDisplay(String);

impl fmt::Display for FailingDisplay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)?;
        Err(fmt::Error)
    }
}

/// Writes its text as a member of a map, then fails with the text as the error.
#[derive(Debug)]
struct FailingSerialize(String);

impl serde::Serialize for FailingSerialize {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::{Error as _, SerializeMap as _};
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("partial", &self.0)?;
        Err(S::Error::custom(&self.0))
    }
}

/// The same without thiserror: errwire's own Display is the message.
#[derive(Debug, ApiError)]
enum PlainError {
    #[api(status = 507, msg = "Storage is full")]
    Storage { source: Secret },
}

fn random_error(rng: &mut Rng, secret: &str) -> ServerError {
    match rng.below(6) {
        4 => ServerError::FailingMessage { value: FailingDisplay(secret.to_owned()) },
        5 => ServerError::FailingMember { value: FailingSerialize(secret.to_owned()) },
        0 => ServerError::Transparent(Secret(secret.to_owned())),
        1 => ServerError::Field {
            source: Wrapper { message: secret.to_owned(), inner: Secret(secret.chars().rev().collect()) },
            attempt: rng.below(10) as u32,
        },
        2 => ServerError::Boxed(Box::new(Secret(secret.to_owned())), rng.below(100) as u32),
        _ => ServerError::SkippedDetail { detail: secret.to_owned() },
    }
}

/// A client's `x-request-id`: well-formed, or hostile (other hosts, paths, URNs, control bytes,
/// overlong).
fn random_request_id(rng: &mut Rng) -> String {
    const ID_CHARS: &[char] = &['a', 'Z', '0', '9', '-', '.', '_', '~'];
    const HOSTILE_CHARS: &[char] = &['/', ':', ' ', '\t', '"', '%', '\u{7f}', 'é', '\n'];
    match rng.below(5) {
        0 => format!("r{}", rng.string_from(ID_CHARS, 40)),
        1 => format!("{}{}", rng.string_from(ID_CHARS, 10), rng.string_from(HOSTILE_CHARS, 10)),
        2 => (*rng.pick(&[
            "//evil.example/x",
            "../../admin",
            "urn:uuid:00000000-0000-4000-8000-000000000000",
            "",
        ]))
        .to_owned(),
        3 => "a".repeat(129),
        _ => rng.string_from(SECRET_ALPHABET, 8),
    }
}

/// The documented grammar of a usable request id.
fn is_request_id(id: &str) -> bool {
    (1..=128).contains(&id.len())
        && id.as_bytes()[0].is_ascii_alphanumeric()
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || b"._~-".contains(&b))
}

fn assert_no_leak(secret: &str, response: &http::Response<Vec<u8>>, seed: u64) {
    assert!(response.status().is_server_error());
    let body = std::str::from_utf8(response.body()).unwrap();
    let headers: String = response.headers().iter().map(|(n, v)| format!("{n}: {v:?}\n")).collect();
    let chars: Vec<char> = secret.chars().collect();
    for window in chars.windows(4) {
        let fragment: String = window.iter().collect();
        assert!(!body.contains(&fragment), "seed {seed}: {fragment:?} of {secret:?} leaked into {body}");
        assert!(!headers.contains(&fragment), "seed {seed}: {fragment:?} leaked into headers {headers}");
    }
    serde_json::from_slice::<serde_json::Value>(response.body()).expect("valid JSON");
}

fn render_all<E: errwire::Renderable + ?Sized>(error: &E) -> Vec<http::Response<Vec<u8>>> {
    let cx = Context::new();
    vec![
        errwire::render(&ProblemJson, error, &cx),
        errwire::render(&ErrorList, error, &cx),
        errwire::render(&Hapi, error, &cx),
        errwire::render(&ErrorType, error, &cx),
        errwire::render(&ProblemJson.code_member("code").type_base("/errors/"), error, &cx),
    ]
}

#[test]
fn no_5xx_body_carries_a_source_message() {
    let mut rng = Rng::from_env();
    for _ in 0..rng::cases(20_000) {
        let seed = rng.seed();
        let secret = format!("{}{}", rng.string_from(SECRET_ALPHABET, 40), *rng.pick(SECRET_ALPHABET));
        let error = random_error(&mut rng, &secret);
        let mut responses = render_all(&error);
        responses.push(error.to_response());
        let boxed: Box<dyn ApiError + Send + Sync> = Box::new(random_error(&mut rng, &secret));
        responses.extend(render_all(&*boxed));
        let plain = PlainError::Storage { source: Secret(secret.clone()) };
        responses.extend(render_all(&plain));
        let several: Errors<ServerError> = (0..3).map(|_| random_error(&mut rng, &secret)).collect();
        responses.push(several.to_response_in(&ErrorList, &Context::new()));
        responses.push(several.to_response_in(&ProblemJson, &Context::new()));
        responses.push(several.to_response_in(&Hapi, &Context::new()));
        // Inside a request scope with a client's id, well-formed or hostile: echoed only when
        // well-formed, and the source still never shows.
        let request_id = random_request_id(&mut rng);
        let mut headers = http::HeaderMap::new();
        if let Ok(value) = http::HeaderValue::from_str(&request_id) {
            headers.insert("x-request-id", value);
        }
        let scope = errwire::RequestScope::new().request_id_from(&headers).every_error(rng.chance(2));
        let scoped = scope.run(|| render_all(&error));
        for response in &scoped {
            let echoed = response.headers().get("x-request-id").map(|id| id.to_str().unwrap());
            if is_request_id(&request_id) {
                assert_eq!(echoed, Some(request_id.as_str()), "seed {seed}");
            } else {
                assert_ne!(echoed, Some(request_id.as_str()), "seed {seed}: {request_id:?} echoed");
            }
        }
        responses.extend(scoped);
        for response in &responses {
            assert_no_leak(&secret, response, seed);
        }
    }
}

/// What the bodies leave out is still there for the logs.
#[test]
fn the_source_is_still_reachable_for_logs() {
    let error = ServerError::Transparent(Secret("ЖЖЖЖ".into()));
    assert_eq!(error.to_string(), "ЖЖЖЖ");
    let plain = PlainError::Storage { source: Secret("ΩΩΩΩ".into()) };
    assert_eq!(std::error::Error::source(&plain).unwrap().to_string(), "ΩΩΩΩ");
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_server_error_is_documented() {
    documented::assert_documented(&[
        ServerError::Transparent(Secret("ЖЖЖЖ".into())),
        ServerError::Field {
            source: Wrapper { message: "ΩΩΩΩ".into(), inner: Secret("λλλλ".into()) },
            attempt: 3,
        },
        ServerError::Boxed(Box::new(Secret("ßßßß".into())), 30),
        ServerError::SkippedDetail { detail: "€€€€".into() },
        // Both are answered with the 500 replacement, which the 500's schema accepts (its
        // alternatives can't be told apart without a code member: an `anyOf`).
        ServerError::FailingMessage { value: FailingDisplay("ΩΩΩΩ".into()) },
        ServerError::FailingMember { value: FailingSerialize("ΩΩΩΩ".into()) },
    ]);
}

#[test]
fn every_plain_error_is_documented() {
    documented::assert_documented(&[PlainError::Storage { source: Secret("ΩΩΩΩ".into()) }]);
}

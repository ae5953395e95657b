//! Client side: every variant of the test enums, rendered in every built-in format, decodes
//! back: to a view with the same status, code (where the format carries one), message and
//! members; and, where the format carries the code, to a value equal to the original.
//! `test_client_roundtrip.rs` (a module of this binary) decodes responses with their headers
//! through `decode_as` in every format.

#[path = "support/rng.rs"]
mod rng;

#[path = "test_client_roundtrip.rs"]
mod roundtrip;

use errwire::client::{DecodedResponse, ErrorView, FromView, Members, decode};
use errwire::format::{ErrorList, ErrorType, Hapi, ProblemJson};
use errwire::{ApiError, Context, Errors, Format};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct Limits {
    per_minute: u32,
}

#[derive(Debug, PartialEq, ApiError)]
#[api(rename_all = "camelCase", code_case = "SCREAMING_SNAKE_CASE", deserialize)]
enum CatalogError {
    #[api(status = 404, msg = "Table with name [{fqn}] not found")]
    EntityNotFound { fqn: String },
    #[api(status = 409, msg = "Expected: {expected_version} - Actual: {current_version}")]
    VersionMismatch { expected_version: u64, current_version: u64 },
    #[api(status = 429, msg = "Rate limit exceeded")]
    LimitsException { limits: Option<Limits>, reason: Option<String> },
    #[api(status = 403, msg = "Access denied")]
    Forbidden,
    #[api(transparent)]
    Inner(InnerError),
}

#[derive(Debug, PartialEq, ApiError)]
#[api(deserialize)]
enum InnerError {
    #[api(status = 400, code = "BAD_REQUEST", msg = "bad {0}")]
    BadRequest(#[api(rename = "parameter")] String),
}

fn samples() -> Vec<CatalogError> {
    vec![
        CatalogError::EntityNotFound { fqn: "prod.analytics.customers".into() },
        CatalogError::VersionMismatch { expected_version: 3, current_version: 4 },
        CatalogError::LimitsException { limits: Some(Limits { per_minute: 60 }), reason: None },
        CatalogError::LimitsException { limits: None, reason: Some("burst".into()) },
        CatalogError::Forbidden,
        CatalogError::Inner(InnerError::BadRequest("limit".into())),
    ]
}

fn roundtrip<F: Format>(format: &F, error: &CatalogError) -> DecodedResponse {
    let response = errwire::render(format, error, &Context::new().with_instance("req-1"));
    decode(response.status().as_u16(), response.body()).unwrap()
}

fn members(error: &CatalogError) -> Members {
    /// The members alone, as one JSON object.
    struct Fields<'a>(&'a CatalogError);
    impl serde::Serialize for Fields<'_> {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap as _;
            let mut map = serializer.serialize_map(None)?;
            self.0.serialize_fields(&mut map)?;
            map.end()
        }
    }
    Members::from_slice(&serde_json::to_vec(&Fields(error)).unwrap()).unwrap()
}

fn expected_view(error: &CatalogError, with_code: bool) -> ErrorView {
    let mut message = String::new();
    error.write_message(&mut message).unwrap();
    ErrorView {
        status: error.status().as_u16(),
        code: with_code.then(|| error.code().to_owned()),
        message,
        fields: members(error),
        ..ErrorView::default()
    }
}

#[test]
fn error_list_round_trips_to_the_enum() {
    for error in samples() {
        let decoded = roundtrip(&ErrorList, &error);
        assert_eq!(decoded.errors, [expected_view(&error, true)]);
        assert_eq!(CatalogError::from_view(&decoded.errors[0]).as_ref(), Some(&error));
    }
}

#[test]
fn error_type_round_trips_to_the_enum() {
    for error in samples() {
        let decoded = roundtrip(&ErrorType, &error);
        assert_eq!(decoded.errors, [expected_view(&error, true)]);
        assert_eq!(CatalogError::from_view(&decoded.errors[0]).as_ref(), Some(&error));
    }
}

#[test]
fn problem_json_with_a_code_round_trips_to_the_enum() {
    for format in [ProblemJson.code_member("code"), ProblemJson.type_base("https://example.com/errors/")] {
        for error in samples() {
            let decoded = roundtrip(&format, &error);
            assert_eq!(decoded.instance.as_deref(), Some("req-1"));
            let view = &decoded.errors[0];
            let expected = expected_view(&error, true);
            assert_eq!(
                (view.status, &view.code, &view.message),
                (expected.status, &expected.code, &expected.message)
            );
            assert_eq!(view.fields, members(&error));
            assert_eq!(view.title.as_deref(), Some(errwire::format::reason_phrase(error.status())));
            assert_eq!(CatalogError::from_view(view).as_ref(), Some(&error));
        }
    }
}

/// hapi and plain problem+json carry no code: the views have none, and the enum is found by
/// status and message template.
#[test]
fn formats_without_a_code_round_trip_by_status_and_message() {
    for error in samples() {
        let hapi = roundtrip(&Hapi, &error);
        assert_eq!(hapi.errors, [expected_view(&error, false)]);
        assert_eq!(CatalogError::from_view(&hapi.errors[0]).as_ref(), Some(&error));
        let problem = roundtrip(&ProblemJson, &error);
        assert_eq!(problem.errors[0].code, None);
        assert_eq!(problem.errors[0].message, expected_view(&error, false).message);
        assert_eq!(CatalogError::from_view(&problem.errors[0]).as_ref(), Some(&error));
    }
}

#[test]
fn a_message_that_fits_no_template_is_unknown() {
    let view = ErrorView { status: 404, message: "Something else entirely".into(), ..ErrorView::default() };
    assert_eq!(CatalogError::from_view(&view), None);
    let view = ErrorView { status: 403, message: "Access denied".into(), ..ErrorView::default() };
    assert_eq!(CatalogError::from_view(&view), Some(CatalogError::Forbidden));
    assert!(errwire::client::matches_template("a {b} c", "a {{b}} c"));
    assert!(errwire::client::matches_template(
        "Table with name [x.y] not found",
        "Table with name [{fqn}] not found"
    ));
    assert!(!errwire::client::matches_template(
        "Table with name [x.y] found",
        "Table with name [{fqn}] not found"
    ));
}

#[test]
fn several_errors_decode_in_order() {
    let errors: Errors<CatalogError> = samples().into_iter().take(2).collect();
    for response in [
        errors.to_response_in(&ErrorList, &Context::new()),
        errors.to_response_in(&ProblemJson.code_member("code"), &Context::new()),
    ] {
        let decoded = decode(response.status().as_u16(), response.body()).unwrap();
        let rebuilt: Vec<CatalogError> = decoded.errors.iter().filter_map(CatalogError::from_view).collect();
        assert_eq!(rebuilt, samples().into_iter().take(2).collect::<Vec<_>>());
    }
}

#[test]
fn unknown_codes_and_shapes_do_not_fail() {
    let body = json!({"statusCode": 418, "message": "short and stout", "errors": [{"code": "Teapot", "message": "short and stout"}]});
    let decoded = decode(418, body.to_string().as_bytes()).unwrap();
    assert_eq!(decoded.errors[0].code.as_deref(), Some("Teapot"));
    assert_eq!(CatalogError::from_view(&decoded.errors[0]), None);
    let other = decode(502, br#"{"oops": true}"#).unwrap();
    assert_eq!(other.errors[0].code, None);
    assert_eq!(other.errors[0].fields["oops"], true);
    assert!(decode(502, b"<html>Bad Gateway</html>").is_err());
}

/// Property: the decoder never panics, whatever the body: random bytes, random JSON, and
/// random mutations of real error bodies. `ERRWIRE_CASES` sets the count.
#[test]
fn decoding_any_body_never_panics() {
    let mut rng = rng::Rng::from_env();
    let bodies: Vec<Vec<u8>> = samples()
        .iter()
        .flat_map(|error| {
            [
                errwire::render(&ErrorList, error, &Context::new()),
                errwire::render(&ProblemJson, error, &Context::new()),
            ]
        })
        .map(http::Response::into_body)
        .collect();
    const PIECES: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"code\"",
        "\"errors\"",
        "\"detail\"",
        "null",
        "1e999",
        "\"\\u0000\"",
        "\"statusCode\"",
        "\"errorType\"",
        "true",
    ];
    for _ in 0..rng::cases(50_000) {
        let mut body = rng.pick(&bodies).clone();
        match rng.below(3) {
            0 => body = (0..rng.below(64)).map(|_| rng.next() as u8).collect(),
            1 => {
                for _ in 0..=rng.below(4) {
                    let at = rng.below(body.len() + 1);
                    let piece = rng.pick(PIECES).as_bytes();
                    body.splice(at..at, piece.iter().copied());
                }
            }
            _ => {
                let at = rng.below(body.len() + 1);
                body.truncate(at);
            }
        }
        if let Ok(decoded) = decode(rng.below(600) as u16, &body) {
            for view in &decoded.errors {
                let _ = CatalogError::from_view(view);
            }
        }
    }
}

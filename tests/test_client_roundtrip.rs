//! The client's acceptance test, a module of `test_client`: every variant whose fields are all
//! in the body or the headers, in every built-in format (problem+json with a `type_base` in the
//! format or in the derive, with a code member, with explicit `type`s and no `type_base`, plain;
//! the error list; hapi; `{code, errorType, message}`), rendered with `to_response()`, decoded
//! with status, headers and body, and rebuilt by `FromView` into an equal value. (The
//! user-defined format's round trip is in `custom-format/tests/client.rs`.)

use std::fmt::Debug;

use errwire::client::{DecodedResponse, FromView, Members, decode, decode_as, decode_with_headers};
use errwire::format::{ErrorList, ErrorType, Hapi, ProblemJson};
use errwire::{ApiError, Context, Errors};
use serde::{Deserialize, Serialize};
use serde_json::json;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    per_minute: u32,
}

/// The inner type of every enum's transparent variant (no type, no format of its own).
#[derive(Clone, Debug, PartialEq, ApiError)]
#[api(deserialize)]
pub enum StoreError {
    #[api(status = 507, code = "StoreFull", msg = "store {store} is full")]
    Full { store: String },
}

/// One enum per format, with the same variants; `types` gives each variant a `type` of its own.
macro_rules! service_error {
    (
        [$($container:tt)*]
        $(types: $t1:literal $t2:literal $t3:literal $t4:literal $t5:literal $t6:literal $t7:literal $t8:literal)?
    ) => {
        #[derive(Clone, Debug, PartialEq, ApiError)]
        #[api(rename_all = "camelCase", deserialize, $($container)*)]
        pub enum ServiceError {
            #[api(status = 404, code = "ResourceNotFound", msg = "Deployment with id={id} does not exist")]
            $(#[api(type = $t1)])?
            NotFound { id: u64 },

            #[api(status = 404, code = "UserNotFound", msg = "No user {name}")]
            $(#[api(type = $t2)])?
            UserNotFound { name: String },

            #[api(status = 409, code = "ConcurrentModification", msg = "Expected: {expected_version} - Actual: {current_version}")]
            $(#[api(type = $t3)])?
            Conflict { expected_version: u64, current_version: u64 },

            #[api(status = 400, code = "DuplicateField", msg = "A duplicate value {duplicate_value} exists for field {field}.")]
            $(#[api(type = $t4)])?
            DuplicateField { field: String, duplicate_value: serde_json::Value },

            #[api(status = 429, code = "LimitsExceeded", msg = "Rate limit exceeded. Please retry after {secs} seconds")]
            $(#[api(type = $t5)])?
            RateLimited {
                #[api(header = "Retry-After")]
                secs: u64,
                limits: Option<Limits>,
            },

            #[api(status = 503, code = "Maintenance", msg = "Back at {0}")]
            $(#[api(type = $t6)])?
            Maintenance(#[api(header = "X-Back-At")] String, #[api(rename = "window")] u32),

            #[api(status = 403, code = "Forbidden")]
            $(#[api(type = $t7)])?
            Forbidden,

            #[api(status = 422, code = "InvalidInput", msg = "{count} invalid fields")]
            $(#[api(type = $t8)])?
            Invalid { count: u32, names: Vec<String>, hint: Option<String> },

            #[api(transparent)]
            Store(super::StoreError),
        }

        pub fn samples() -> Vec<ServiceError> {
            vec![
                ServiceError::NotFound { id: 7 },
                ServiceError::UserNotFound { name: "ada {x}".into() },
                ServiceError::Conflict { expected_version: 3, current_version: 4 },
                ServiceError::DuplicateField { field: "key".into(), duplicate_value: json!({"b": [1, 2], "a": null}) },
                ServiceError::RateLimited { secs: 30, limits: Some(super::Limits { per_minute: 60 }) },
                ServiceError::RateLimited { secs: 0, limits: None },
                ServiceError::Maintenance("2026-12-01T10:00:00Z".into(), 15),
                ServiceError::Forbidden,
                ServiceError::Invalid { count: 2, names: vec!["a".into(), "b".into()], hint: None },
                ServiceError::Invalid { count: 0, names: Vec::new(), hint: Some("none".into()) },
                ServiceError::Store(super::StoreError::Full { store: "eu-1".into() }),
            ]
        }
    };
}

mod problem_format_type_base {
    use super::*;
    pub const FORMAT: ProblemJson = ProblemJson.type_base("https://api.example.com/errors/");
    service_error!([format = FORMAT]);
}

mod problem_derive_type_base {
    use super::*;
    service_error!([type_base = "https://api.example.com/errors/"]);
}

mod problem_code_member {
    use super::*;
    pub const FORMAT: ProblemJson = ProblemJson.code_member("code");
    service_error!([format = FORMAT]);
}

mod problem_explicit_types {
    use super::*;
    service_error!(
        [format = ProblemJson]
        types: "https://api.example.com/probs/not-found" "/probs/no-user" "urn:problem:conflict"
            "https://api.example.com/probs/duplicate/" "tag:example.com,2026:limits" "/probs/maintenance"
            "https://api.example.com/probs/forbidden" "invalid"
    );
}

mod problem_plain {
    use super::*;
    service_error!([format = ProblemJson]);
}

mod error_list {
    use super::*;
    service_error!([format = ErrorList]);
}

mod hapi {
    use super::*;
    service_error!([format = Hapi]);
}

mod error_type {
    use super::*;
    service_error!([format = ErrorType]);
}

/// Renders each sample with `to_response()`, decodes it with status, headers and body, and
/// rebuilds it; the view has the error's status, message and (where the body carries one)
/// code. Returns the decoded responses for format-specific checks.
#[track_caller]
fn round_trip<E>(samples: Vec<E>, carries_code: bool) -> Vec<DecodedResponse>
where
    E: ApiError + FromView + PartialEq + Debug,
{
    samples
        .into_iter()
        .map(|error| {
            let response = error.to_response();
            let (status, headers, body) = (response.status().as_u16(), response.headers(), response.body());
            let text = String::from_utf8_lossy(body);
            let decoded = decode_as::<E>(status, headers, body).unwrap();
            assert_eq!(decoded.errors.len(), 1, "{text}");
            let view = &decoded.errors[0];
            let mut message = String::new();
            error.write_message(&mut message).unwrap();
            assert_eq!((view.status, &view.message), (error.status().as_u16(), &message), "{text}");
            if carries_code {
                assert_eq!(view.code.as_deref(), Some(error.code()), "{text}");
            }
            assert_eq!(view.headers, *headers);
            assert_eq!(E::from_view(view).as_ref(), Some(&error), "{text}");
            // The built-in formats decode without naming the type too.
            assert_eq!(decode_with_headers(status, headers, body).unwrap(), decoded, "{text}");
            decoded
        })
        .collect()
}

#[test]
fn problem_json_with_a_type_base_in_the_format_round_trips() {
    round_trip(problem_format_type_base::samples(), false);
}

#[test]
fn problem_json_with_a_type_base_in_the_derive_round_trips() {
    for decoded in round_trip(problem_derive_type_base::samples(), false) {
        let view = &decoded.errors[0];
        // The derive's base builds the type of its own variants (not of the transparent one).
        if view.status != 507 {
            assert!(view.type_uri.as_deref().unwrap().starts_with("https://api.example.com/errors/"));
        }
    }
}

#[test]
fn problem_json_with_a_code_member_round_trips() {
    round_trip(problem_code_member::samples(), true);
}

/// No `type_base` and no code member: the view's code is a guess from the `type`'s last
/// segment, and the variant is found by its `type`.
#[test]
fn problem_json_with_explicit_types_round_trips_by_type() {
    let decoded = round_trip(problem_explicit_types::samples(), false);
    assert_eq!(decoded[0].errors[0].type_uri.as_deref(), Some("https://api.example.com/probs/not-found"));
    assert_eq!(decoded[0].errors[0].code.as_deref(), Some("not-found"));
}

#[test]
fn plain_problem_json_round_trips_by_status_and_message() {
    for decoded in round_trip(problem_plain::samples(), false) {
        assert_eq!(decoded.errors[0].code, None);
    }
}

#[test]
fn error_list_round_trips() {
    round_trip(error_list::samples(), true);
}

#[test]
fn hapi_round_trips_by_status_and_message() {
    round_trip(hapi::samples(), false);
}

#[test]
fn error_type_round_trips() {
    round_trip(error_type::samples(), true);
}

/// Without headers (`decode(status, body)`), variants with header fields can't come back; the
/// others do.
#[test]
fn without_headers_header_fields_do_not_come_back() {
    use error_list::ServiceError;
    for error in error_list::samples() {
        let response = error.to_response();
        let decoded = decode(response.status().as_u16(), response.body()).unwrap();
        let rebuilt = ServiceError::from_view(&decoded.errors[0]);
        match error {
            ServiceError::RateLimited { .. } | ServiceError::Maintenance(..) => assert_eq!(rebuilt, None),
            _ => assert_eq!(rebuilt, Some(error)),
        }
    }
}

/// A header that doesn't parse as the field's type is an unknown error, not a panic.
#[test]
fn a_header_that_does_not_parse_is_unknown() {
    use error_list::ServiceError;
    let response = ServiceError::RateLimited { secs: 30, limits: None }.to_response();
    let mut headers = response.headers().clone();
    headers.insert("retry-after", "soon".parse().unwrap());
    let decoded = decode_as::<ServiceError>(429, &headers, response.body()).unwrap();
    assert_eq!(ServiceError::from_view(&decoded.errors[0]), None);
    headers.remove("retry-after");
    let decoded = decode_as::<ServiceError>(429, &headers, response.body()).unwrap();
    assert_eq!(ServiceError::from_view(&decoded.errors[0]), None);
}

/// A 5xx in a format without an `instance` member sends the id as `x-request-id`; decoding
/// with headers finds it.
#[test]
fn the_instance_id_comes_from_the_body_or_the_header() {
    let error = error_list::ServiceError::Maintenance("soon".into(), 1);
    let response = error.to_response_with(&Context::new().with_instance("req-7"));
    assert_eq!(response.headers()["x-request-id"], "req-7");
    let decoded = decode_as::<error_list::ServiceError>(503, response.headers(), response.body()).unwrap();
    assert_eq!(decoded.instance.as_deref(), Some("req-7"));
    let error = problem_plain::ServiceError::Maintenance("soon".into(), 1);
    let response = error.to_response_with(&Context::new().with_instance("req-8"));
    let decoded = decode_as::<problem_plain::ServiceError>(503, response.headers(), response.body()).unwrap();
    assert_eq!(decoded.instance.as_deref(), Some("req-8"));
}

/// A `type` shared by several variants (given to the container) doesn't name one: status and
/// message decide, and a message that fits no template is unknown.
#[test]
fn a_shared_type_is_narrowed_by_status_and_message() {
    #[derive(Debug, PartialEq, ApiError)]
    #[api(type = "https://api.example.com/probs/deployment", deserialize)]
    enum DeploymentError {
        #[api(status = 404, msg = "no deployment {id}")]
        Missing { id: u64 },
        #[api(status = 404, msg = "deployment {id} was deleted")]
        Deleted { id: u64 },
        #[api(status = 409, msg = "deployment {id} is locked")]
        Locked { id: u64 },
    }
    for error in [
        DeploymentError::Missing { id: 1 },
        DeploymentError::Deleted { id: 2 },
        DeploymentError::Locked { id: 3 },
    ] {
        let response = error.to_response();
        let decoded =
            decode_as::<DeploymentError>(response.status().as_u16(), response.headers(), response.body())
                .unwrap();
        assert_eq!(decoded.errors[0].code.as_deref(), Some("deployment"));
        assert_eq!(DeploymentError::from_view(&decoded.errors[0]), Some(error));
    }
    let mut view =
        decode(404, br#"{"type":"https://api.example.com/probs/deployment","detail":"gone","id":1}"#)
            .unwrap();
    assert_eq!(DeploymentError::from_view(&view.errors[0]), None);
    view.errors[0].type_uri = Some("https://api.example.com/probs/other".into());
    view.errors[0].message = "no deployment 1".into();
    assert_eq!(DeploymentError::from_view(&view.errors[0]), None, "an unknown code is another error");
}

/// Several errors in one response come back in order, each with the response's headers.
#[test]
fn several_errors_round_trip_in_order() {
    use error_list::ServiceError;
    let expected = vec![
        ServiceError::DuplicateField { field: "a".into(), duplicate_value: json!(1) },
        ServiceError::DuplicateField { field: "b".into(), duplicate_value: json!("x") },
        ServiceError::Invalid { count: 1, names: vec!["c".into()], hint: None },
    ];
    let errors: Errors<ServiceError> = expected.iter().cloned().collect();
    let response = errors.to_response_in(&ErrorList, &Context::new());
    let decoded = decode_as::<ServiceError>(400, response.headers(), response.body()).unwrap();
    let rebuilt: Vec<ServiceError> = decoded.errors.iter().filter_map(ServiceError::from_view).collect();
    assert_eq!(rebuilt, expected);
}

/// `fields` keep body order whatever serde_json's `preserve_order` (which this workspace's
/// tests turn on through a dev-dependency, and a build of errwire alone has off): they are a
/// `Members`, not a `serde_json::Map`. With the feature on, a `Map` would pass the order
/// checks too; the type check below is what fails if `fields` goes back to one, and the unit
/// test in `client.rs` runs the order checks with the feature off (`cargo test -p errwire`).
#[test]
fn fields_keep_body_order_whatever_serde_json_features() {
    let body = br#"{"code":400,"errorType":"BAD","message":"m","zeta":1,"alpha":2,"Mid":3,"_":4,"beta":{"y":1,"x":2}}"#;
    let order = ["zeta", "alpha", "Mid", "_", "beta"];
    let mut sorted = order;
    sorted.sort_unstable();
    assert_ne!(order, sorted, "the body's order must not be the sorted one");
    let decoded = decode(400, body).unwrap();
    let fields: &Members = &decoded.errors[0].fields;
    assert_eq!(fields.keys().collect::<Vec<_>>(), order);
    // The same members, rendered by a derived type, come back in the order it wrote them.
    let error = error_type::ServiceError::Invalid { count: 1, names: vec![], hint: None };
    let response = error.to_response();
    let decoded = decode_as::<error_type::ServiceError>(422, response.headers(), response.body()).unwrap();
    assert_eq!(decoded.errors[0].fields.keys().collect::<Vec<_>>(), ["count", "names", "hint"]);
    // And serialize back in that order.
    assert_eq!(
        serde_json::to_string(&decoded.errors[0].fields).unwrap(),
        r#"{"count":1,"names":[],"hint":null}"#
    );
}

//! The error-list format of the connect-api seed (`../shared/seeds/connect-api-errors.txt`):
//! `{"statusCode","message","errors":[{"code","message",…}]}`, `application/json`. Golden
//! bodies are exact bytes; the seed's multi-error example is reproduced through [`Errors`].
//!
//! Also the rules of [`Errors`] that every format shares (its status, its headers, boxed
//! `dyn ApiError` items of different types, its generated `Serialize`).

use errwire::format::ErrorList;
use errwire::{ApiError, Context, Errors};
use http::Response;

const JSON: &str = "application/json";

#[path = "support/json_bodies.rs"]
mod json_bodies;

#[path = "support/documented.rs"]
mod documented;

use json_bodies::{assert_body, assert_body_with_id};

#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList, rename_all = "camelCase")]
enum RequestError {
    /// Returned when an invalid JSON input has been sent. The message is the parser's.
    #[api(status = 400, code = "InvalidJsonInput", msg = "{message}")]
    InvalidJsonInput {
        #[api(skip)]
        message: String,
        detailed_error_message: String,
    },

    /// Returned when an invalid query parameter has been sent.
    #[api(status = 400, code = "InvalidQueryParam", msg = "Request query param is not valid")]
    InvalidQueryParam { detailed_error_message: String },

    /// Returned when a field value conflicts with an existing value causing a duplicate.
    #[api(status = 400, code = "DuplicateField")]
    #[api(msg = "A duplicate value {duplicate_value} exists for field {field}.")]
    DuplicateField { field: &'static str, duplicate_value: serde_json::Value },

    /// Returned when the resource addressed by the request URL does not exist.
    #[api(status = 404, code = "ResourceNotFound")]
    #[api(msg = "Deployment with id={resource_id} or key={resource_key} does not exist")]
    ResourceNotFound {
        #[api(skip)]
        resource_id: &'static str,
        #[api(skip)]
        resource_key: &'static str,
    },

    /// Returned when the request conflicts with the current state of the involved resources.
    #[api(status = 409, code = "ConcurrentModification")]
    #[api(msg = "Expected: {expected_version} - Actual: {current_version}")]
    ConcurrentModification { expected_version: u64, current_version: u64 },

    /// Validation of a deployment failed.
    #[api(status = 422, code = "DeploymentApplicationRequired")]
    #[api(msg = "A Deployment requires at least one application")]
    ApplicationRequired,

    /// Rate limited, with a header.
    #[api(status = 429, code = "LimitsExceeded", msg = "Rate limit exceeded")]
    LimitsExceeded {
        #[api(header = "Retry-After")]
        retry_after: u32,
    },

    /// A server-side problem; the source never reaches the body.
    #[api(status = 500, code = "General", msg = "Write operations are temporarily unavailable")]
    General {
        #[source]
        source: std::io::Error,
    },

    /// Scaling infrastructure.
    #[api(status = 502, code = "BadGateway", msg = "Scaling in progress")]
    BadGateway,

    /// Maintenance.
    #[api(status = 503, code = "Maintenance", msg = "Down for maintenance")]
    Maintenance,
}

fn invalid_json(message: &str) -> RequestError {
    RequestError::InvalidJsonInput { message: message.into(), detailed_error_message: String::new() }
}

/// The seed's example, compact, members in the seed's order.
const SEED_MULTI: &str = r#"{"statusCode":400,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""},{"code":"InvalidJsonInput","message":"Second error message.","detailedErrorMessage":""}]}"#;

#[test]
fn seed_example_two_invalid_json_input_errors() {
    let errors: Errors<RequestError> =
        [invalid_json("First error message."), invalid_json("Second error message.")].into_iter().collect();
    assert_eq!(errors.status(), 400);
    assert_body(&errors.to_response(), 400, SEED_MULTI);
    // With an instance id: the error-list envelope has no member for it, it is a header.
    assert_body_with_id(
        &errors.to_response_with(&Context::new().with_instance("req-1")),
        400,
        "req-1",
        SEED_MULTI,
    );
}

#[test]
fn every_way_of_building_errors_gives_the_same_body() {
    let mut pushed = Errors::new();
    assert!(pushed.is_empty());
    pushed.push(invalid_json("First error message."));
    pushed.push(invalid_json("Second error message."));
    let mut extended = Errors::new();
    extended.extend([invalid_json("First error message."), invalid_json("Second error message.")]);
    let from_vec =
        Errors::from(vec![invalid_json("First error message."), invalid_json("Second error message.")]);
    for errors in [pushed, extended, from_vec] {
        assert_eq!(errors.len(), 2);
        assert_body(&errors.to_response(), 400, SEED_MULTI);
    }
}

#[test]
fn one_error_is_a_list_of_one() {
    let err = RequestError::InvalidQueryParam { detailed_error_message: "limit: expected an integer".into() };
    assert_body(
        &err.to_response(),
        400,
        r#"{"statusCode":400,"message":"Request query param is not valid","errors":[{"code":"InvalidQueryParam","message":"Request query param is not valid","detailedErrorMessage":"limit: expected an integer"}]}"#,
    );
    // The same body as a collection of one.
    let single = err.to_response().into_body();
    assert_eq!(Errors::from(vec![err]).to_response().into_body(), single);
}

#[test]
fn extra_members_in_declaration_order_and_camel_case() {
    let err = RequestError::DuplicateField { field: "key", duplicate_value: serde_json::json!(42) };
    assert_body(
        &err.to_response(),
        400,
        r#"{"statusCode":400,"message":"A duplicate value 42 exists for field key.","errors":[{"code":"DuplicateField","message":"A duplicate value 42 exists for field key.","field":"key","duplicateValue":42}]}"#,
    );
    let err = RequestError::ConcurrentModification { expected_version: 3, current_version: 4 };
    assert_body(
        &err.to_response(),
        409,
        r#"{"statusCode":409,"message":"Expected: 3 - Actual: 4","errors":[{"code":"ConcurrentModification","message":"Expected: 3 - Actual: 4","expectedVersion":3,"currentVersion":4}]}"#,
    );
}

#[test]
fn skipped_fields_only_in_the_message() {
    let err = RequestError::ResourceNotFound { resource_id: "d-1", resource_key: "checkout" };
    assert_body(
        &err.to_response(),
        404,
        r#"{"statusCode":404,"message":"Deployment with id=d-1 or key=checkout does not exist","errors":[{"code":"ResourceNotFound","message":"Deployment with id=d-1 or key=checkout does not exist"}]}"#,
    );
}

#[test]
fn messages_are_json_escaped() {
    let err = invalid_json("Unexpected \"}\" at line 1\ncolumn 7 \\ \u{1}: ü ✓");
    assert_body(
        &err.to_response(),
        400,
        r#"{"statusCode":400,"message":"Unexpected \"}\" at line 1\ncolumn 7 \\ \u0001: ü ✓","errors":[{"code":"InvalidJsonInput","message":"Unexpected \"}\" at line 1\ncolumn 7 \\ \u0001: ü ✓","detailedErrorMessage":""}]}"#,
    );
}

#[test]
fn server_error_body_says_only_what_msg_says() {
    let err =
        RequestError::General { source: std::io::Error::other("password authentication failed for admin") };
    let body = r#"{"statusCode":500,"message":"Write operations are temporarily unavailable","errors":[{"code":"General","message":"Write operations are temporarily unavailable"}]}"#;
    assert_body(&err.to_response(), 500, body);
    assert_body_with_id(&err.to_response_with(&Context::new().with_instance("req-2")), 500, "req-2", body);
    // Every response gets its own id.
    let id = |response: Response<Vec<u8>>| response.headers()["x-request-id"].clone();
    assert_ne!(id(err.to_response()), id(err.to_response()));
}

#[test]
fn header_fields_are_headers_not_members() {
    let response = RequestError::LimitsExceeded { retry_after: 60 }.to_response();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "60");
    assert_eq!(response.headers()["content-type"], JSON);
    assert_eq!(response.headers().len(), 3);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"statusCode":429,"message":"Rate limit exceeded","errors":[{"code":"LimitsExceeded","message":"Rate limit exceeded"}]}"#
    );

    // In a collection, the items' headers are the response's.
    let errors =
        Errors::from(vec![RequestError::LimitsExceeded { retry_after: 30 }, RequestError::BadGateway]);
    let response = errors.to_response();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["retry-after"], "30");
    assert_eq!(response.headers()["content-type"], JSON);
    assert_eq!(response.headers()["x-request-id"].len(), 45);
    assert_eq!(response.headers().len(), 4);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"statusCode":500,"message":"Rate limit exceeded","errors":[{"code":"LimitsExceeded","message":"Rate limit exceeded"},{"code":"BadGateway","message":"Scaling in progress"}]}"#
    );
}

// ----- Errors: status rules -------------------------------------------------------------------

#[test]
fn same_status_is_the_status() {
    let errors = Errors::from(vec![
        RequestError::ConcurrentModification { expected_version: 1, current_version: 2 },
        RequestError::ConcurrentModification { expected_version: 5, current_version: 7 },
    ]);
    assert_eq!(errors.status(), 409);
    assert_body(
        &errors.to_response(),
        409,
        r#"{"statusCode":409,"message":"Expected: 1 - Actual: 2","errors":[{"code":"ConcurrentModification","message":"Expected: 1 - Actual: 2","expectedVersion":1,"currentVersion":2},{"code":"ConcurrentModification","message":"Expected: 5 - Actual: 7","expectedVersion":5,"currentVersion":7}]}"#,
    );

    let errors = Errors::from(vec![RequestError::BadGateway, RequestError::BadGateway]);
    assert_eq!(errors.status(), 502);
    assert_eq!(errors.to_response().status(), 502);

    let errors = Errors::from(vec![RequestError::ApplicationRequired]);
    assert_eq!(errors.status(), 422);
}

#[test]
fn mixed_client_errors_are_400() {
    // 404 + 409: neither of them, the most general client error.
    let errors = Errors::from(vec![
        RequestError::ResourceNotFound { resource_id: "d-1", resource_key: "checkout" },
        RequestError::ConcurrentModification { expected_version: 1, current_version: 2 },
    ]);
    assert_eq!(errors.status(), 400);
    assert_body(
        &errors.to_response(),
        400,
        r#"{"statusCode":400,"message":"Deployment with id=d-1 or key=checkout does not exist","errors":[{"code":"ResourceNotFound","message":"Deployment with id=d-1 or key=checkout does not exist"},{"code":"ConcurrentModification","message":"Expected: 1 - Actual: 2","expectedVersion":1,"currentVersion":2}]}"#,
    );

    // 400 + 422, 422 + 404: 400 as well.
    let errors = Errors::from(vec![invalid_json("a"), RequestError::ApplicationRequired]);
    assert_eq!(errors.status(), 400);
    let errors = Errors::from(vec![
        RequestError::ApplicationRequired,
        RequestError::ResourceNotFound { resource_id: "1", resource_key: "k" },
    ]);
    assert_eq!(errors.status(), 400);
    assert_eq!(errors.to_response().status(), 400);
}

#[test]
fn any_server_error_makes_500() {
    let errors = Errors::from(vec![invalid_json("First error message."), RequestError::BadGateway]);
    assert_eq!(errors.status(), 500);
    assert_body(
        &errors.to_response(),
        500,
        r#"{"statusCode":500,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""},{"code":"BadGateway","message":"Scaling in progress"}]}"#,
    );
    // Two different 5xx: 500, not either of them.
    let errors = Errors::from(vec![RequestError::BadGateway, RequestError::Maintenance]);
    assert_eq!(errors.status(), 500);
    // A 5xx after several 4xx.
    let errors = Errors::from(vec![
        RequestError::ApplicationRequired,
        RequestError::ApplicationRequired,
        RequestError::Maintenance,
    ]);
    assert_eq!(errors.status(), 500);
    assert_eq!(errors.to_response().status(), 500);
}

/// No errors: a handler failed without saying why, a server bug: the general 500 (`General`).
#[test]
fn no_errors_is_a_500() {
    let errors: Errors<RequestError> = Errors::new();
    assert_eq!(errors.status(), 500);
    assert_body(
        &errors.to_response(),
        500,
        r#"{"statusCode":500,"message":"An internal error occurred","errors":[{"code":"General","message":"An internal error occurred"}]}"#,
    );
}

// ----- Errors of different types: boxed dyn ApiError ----------------------------------------

/// Another service module's errors, in another format (problem+json, the default).
#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
enum DeploymentError {
    #[api(status = 400, code = "DeploymentUnsupportedRegion", msg = "Deployment unsupported region {region}")]
    UnsupportedRegion { region: String, supported_regions: Vec<&'static str> },
}

#[test]
fn boxed_errors_of_two_types_in_the_error_list_format() {
    let errors: Errors<Box<dyn ApiError + Send + Sync>> = [
        Box::new(invalid_json("First error message.")) as Box<dyn ApiError + Send + Sync>,
        Box::new(DeploymentError::UnsupportedRegion {
            region: "mars-1".into(),
            supported_regions: vec!["europe-west1", "us-central1"],
        }),
    ]
    .into_iter()
    .collect();
    assert_eq!(errors.status(), 400);
    assert_body(
        &errors.to_response_in(&ErrorList, &Context::new()),
        400,
        r#"{"statusCode":400,"message":"First error message.","errors":[{"code":"InvalidJsonInput","message":"First error message.","detailedErrorMessage":""},{"code":"DeploymentUnsupportedRegion","message":"Deployment unsupported region mars-1","region":"mars-1","supportedRegions":["europe-west1","us-central1"]}]}"#,
    );
}

#[test]
fn boxed_errors_follow_the_status_rules() {
    let boxed = |e: RequestError| Box::new(e) as Box<dyn ApiError + Send + Sync>;
    let errors: Errors<Box<dyn ApiError + Send + Sync>> = Errors::from(vec![
        boxed(RequestError::ApplicationRequired),
        Box::new(DeploymentError::UnsupportedRegion { region: "x".into(), supported_regions: vec![] }),
    ]);
    assert_eq!(errors.status(), 400);
    let errors: Errors<Box<dyn ApiError + Send + Sync>> =
        Errors::from(vec![boxed(RequestError::ApplicationRequired), boxed(RequestError::Maintenance)]);
    assert_eq!(errors.status(), 500);
    let response = errors.to_response_in(&ErrorList, &Context::new());
    assert_body(
        &response,
        500,
        r#"{"statusCode":500,"message":"A Deployment requires at least one application","errors":[{"code":"DeploymentApplicationRequired","message":"A Deployment requires at least one application"},{"code":"Maintenance","message":"Down for maintenance"}]}"#,
    );
    let errors: Errors<Box<dyn ApiError + Send + Sync>> = Errors::new();
    assert_eq!(errors.status(), 500);
}

#[test]
fn boxed_dyn_without_send_sync_renders_too() {
    let errors: Errors<Box<dyn ApiError>> =
        Errors::from(vec![Box::new(RequestError::ConcurrentModification {
            expected_version: 1,
            current_version: 2,
        }) as Box<dyn ApiError>]);
    assert_body(
        &errors.to_response_in(&ErrorList, &Context::new()),
        409,
        r#"{"statusCode":409,"message":"Expected: 1 - Actual: 2","errors":[{"code":"ConcurrentModification","message":"Expected: 1 - Actual: 2","expectedVersion":1,"currentVersion":2}]}"#,
    );
}

// ----- Serialize ------------------------------------------------------------------------------

#[test]
fn generated_serialize_is_the_body() {
    let err = RequestError::DuplicateField { field: "key", duplicate_value: serde_json::json!("checkout") };
    assert_eq!(
        serde_json::to_string(&err).unwrap(),
        r#"{"statusCode":400,"message":"A duplicate value \"checkout\" exists for field key.","errors":[{"code":"DuplicateField","message":"A duplicate value \"checkout\" exists for field key.","field":"key","duplicateValue":"checkout"}]}"#
    );
    assert_eq!(serde_json::to_vec(&err).unwrap(), err.to_response().into_body());
}

#[test]
fn errors_serialize_is_the_body() {
    let errors: Errors<RequestError> =
        [invalid_json("First error message."), invalid_json("Second error message.")].into_iter().collect();
    assert_eq!(serde_json::to_string(&errors).unwrap(), SEED_MULTI);

    // Embedded in another document, e.g. one result of a batch.
    #[derive(serde::Serialize)]
    struct BatchResult<'a> {
        index: usize,
        failure: &'a Errors<RequestError>,
    }
    assert_eq!(
        serde_json::to_string(&BatchResult { index: 3, failure: &errors }).unwrap(),
        format!(r#"{{"index":3,"failure":{SEED_MULTI}}}"#)
    );

    // Mixed statuses serialize with the status of the response.
    let errors = Errors::from(vec![RequestError::ApplicationRequired, RequestError::BadGateway]);
    assert_eq!(
        serde_json::to_string(&errors).unwrap(),
        r#"{"statusCode":500,"message":"A Deployment requires at least one application","errors":[{"code":"DeploymentApplicationRequired","message":"A Deployment requires at least one application"},{"code":"BadGateway","message":"Scaling in progress"}]}"#
    );
    let empty: Errors<RequestError> = Errors::new();
    assert_eq!(
        serde_json::to_string(&empty).unwrap(),
        r#"{"statusCode":500,"message":"Internal Server Error","errors":[]}"#
    );
}

// ----- Options: the list member ---------------------------------------------------------------

/// A service's one format, defined once.
const FORMAT: ErrorList = ErrorList.list_member("problems");

#[derive(Debug, ApiError)]
#[api(format = FORMAT, rename_all = "camelCase")]
enum RenamedList {
    #[api(status = 400, code = "InvalidField", msg = "{field} is not valid")]
    InvalidField { field: &'static str },
}

#[test]
fn list_member_renames_the_list() {
    assert_body(
        &RenamedList::InvalidField { field: "name" }.to_response(),
        400,
        r#"{"statusCode":400,"message":"name is not valid","problems":[{"code":"InvalidField","message":"name is not valid","field":"name"}]}"#,
    );
    let errors = Errors::from(vec![
        RenamedList::InvalidField { field: "name" },
        RenamedList::InvalidField { field: "key" },
    ]);
    let body = r#"{"statusCode":400,"message":"name is not valid","problems":[{"code":"InvalidField","message":"name is not valid","field":"name"},{"code":"InvalidField","message":"key is not valid","field":"key"}]}"#;
    assert_body(&errors.to_response(), 400, body);
    assert_eq!(serde_json::to_string(&errors).unwrap(), body);
    // The option is the format's, whatever the items' own format is.
    let boxed: Errors<Box<dyn ApiError + Send + Sync>> =
        Errors::from(vec![Box::new(invalid_json("x")) as Box<dyn ApiError + Send + Sync>]);
    assert_body(
        &boxed.to_response_in(&FORMAT, &Context::new()),
        400,
        r#"{"statusCode":400,"message":"x","problems":[{"code":"InvalidJsonInput","message":"x","detailedErrorMessage":""}]}"#,
    );
}

#[test]
fn default_list_member_is_errors() {
    let default = ErrorList::default();
    let errors: Errors<Box<dyn ApiError + Send + Sync>> =
        Errors::from(vec![
            Box::new(RenamedList::InvalidField { field: "name" }) as Box<dyn ApiError + Send + Sync>
        ]);
    let expected = r#"{"statusCode":400,"message":"name is not valid","errors":[{"code":"InvalidField","message":"name is not valid","field":"name"}]}"#;
    assert_body(&errors.to_response_in(&default, &Context::new()), 400, expected);
    assert_body(&errors.to_response_in(&ErrorList::new(), &Context::new()), 400, expected);
}

// ----- Transparent variants keep the outer type's format ------------------------------------

#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList)]
enum ServiceError {
    #[api(transparent)]
    Deployment(DeploymentError),
}

#[test]
fn transparent_variant_renders_in_the_outer_format() {
    let err = ServiceError::Deployment(DeploymentError::UnsupportedRegion {
        region: "mars-1".into(),
        supported_regions: vec!["europe-west1"],
    });
    assert_body(
        &err.to_response(),
        400,
        r#"{"statusCode":400,"message":"Deployment unsupported region mars-1","errors":[{"code":"DeploymentUnsupportedRegion","message":"Deployment unsupported region mars-1","region":"mars-1","supportedRegions":["europe-west1"]}]}"#,
    );
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_request_error_is_documented() {
    documented::assert_documented(&[
        invalid_json("First error message."),
        RequestError::InvalidJsonInput {
            message: "EOF while parsing".into(),
            detailed_error_message: "at line 1 column 19".into(),
        },
        RequestError::InvalidQueryParam { detailed_error_message: "limit: expected an integer".into() },
        RequestError::DuplicateField { field: "key", duplicate_value: serde_json::json!("checkout") },
        RequestError::DuplicateField { field: "replicas", duplicate_value: serde_json::json!(42) },
        RequestError::ResourceNotFound { resource_id: "d-1", resource_key: "checkout" },
        RequestError::ConcurrentModification { expected_version: 3, current_version: 4 },
        RequestError::ApplicationRequired,
        RequestError::LimitsExceeded { retry_after: 60 },
        RequestError::General { source: std::io::Error::other("password authentication failed for admin") },
        RequestError::BadGateway,
        RequestError::Maintenance,
    ]);
}

#[test]
fn every_deployment_error_is_documented() {
    documented::assert_documented(&[
        DeploymentError::UnsupportedRegion {
            region: "mars-1".into(),
            supported_regions: vec!["europe-west1", "us-central1"],
        },
        DeploymentError::UnsupportedRegion { region: String::new(), supported_regions: vec![] },
    ]);
}

#[test]
fn every_renamed_list_is_documented() {
    documented::assert_documented(&[RenamedList::InvalidField { field: "name" }]);
}

#[test]
fn every_service_error_is_documented() {
    documented::assert_documented(&[ServiceError::Deployment(DeploymentError::UnsupportedRegion {
        region: "mars-1".into(),
        supported_regions: vec!["europe-west1"],
    })]);
}

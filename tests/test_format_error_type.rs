//! The `{code, errorType, message}` format of the collate seed
//! (`../shared/seeds/collate-api-errors.txt`), `application/json`, with codes in
//! SCREAMING_SNAKE_CASE. Every JSON example of the seed as exact bytes, with its status; the
//! table's rows without an example with their status and error type.

use errwire::format::ErrorType;
use errwire::{ApiError, Context, Errors};

#[path = "support/json_bodies.rs"]
mod json_bodies;

#[path = "support/documented.rs"]
mod documented;

use json_bodies::{assert_body, assert_body_with_id};

/// The collate API's errors. Codes come from the variant names, except where several variants
/// share one error type (`BAD_REQUEST`).
#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorType, code_case = "SCREAMING_SNAKE_CASE")]
enum CollateError {
    /// Invalid request parameters or malformed JSON.
    #[api(status = 400, code = "BAD_REQUEST")]
    #[api(msg = "Invalid value for parameter '{param}': must be between {min} and {max}")]
    ParameterOutOfRange {
        #[api(skip)]
        param: &'static str,
        #[api(skip)]
        min: u32,
        #[api(skip)]
        max: u32,
    },

    /// A query parameter failed validation.
    #[api(status = 400, code = "BAD_REQUEST", msg = "query param {0} must be greater than 0")]
    QueryParamNotPositive(&'static str),

    /// A JSON body field failed validation.
    #[api(status = 400, code = "BAD_REQUEST", msg = "{0} is required and cannot be empty")]
    RequiredField(&'static str),

    /// Missing or invalid authentication token.
    #[api(status = 401, msg = "Token has expired")]
    Unauthorized,

    /// Valid token but insufficient permissions.
    #[api(status = 403, msg = "User does not have permission to {operation} {entity_type}")]
    Forbidden {
        #[api(skip)]
        operation: &'static str,
        #[api(skip)]
        entity_type: &'static str,
    },

    /// Requested resource doesn't exist.
    #[api(status = 404, msg = "{entity_type} with {key} [{value}] not found")]
    EntityNotFound {
        #[api(skip)]
        entity_type: &'static str,
        #[api(skip)]
        key: &'static str,
        #[api(skip)]
        value: String,
    },

    /// Resource with same identifier exists.
    #[api(status = 409, msg = "Entity already exists")]
    EntityAlreadyExists,

    /// Entity is locked during deletion.
    #[api(status = 409, msg = "Entity is locked during deletion")]
    EntityLocked,

    /// ETag mismatch on conditional update.
    #[api(status = 412, msg = "Entity version mismatch")]
    PreconditionFailed,

    /// Request payload exceeds size limits.
    #[api(status = 413, msg = "Request payload exceeds size limits")]
    BulkLimitException,

    /// Rate limit exceeded: retry after the advised delay, also sent as `Retry-After`.
    #[api(status = 429, msg = "Rate limit exceeded. Please retry after {retry_after} seconds")]
    LimitsException {
        #[api(header = "Retry-After")]
        retry_after: u64,
    },

    /// Unexpected server error.
    #[api(status = 500, msg = "Unexpected server error")]
    InternalError {
        #[source]
        source: std::io::Error,
    },
}

fn table_not_found() -> CollateError {
    CollateError::EntityNotFound {
        entity_type: "Table",
        key: "name",
        value: "prod.analytics.customers".into(),
    }
}

// ----- The seed's examples ------------------------------------------------------------------

#[test]
fn error_response_format_example() {
    assert_body(
        &table_not_found().to_response(),
        404,
        r#"{"code":404,"errorType":"ENTITY_NOT_FOUND","message":"Table with name [prod.analytics.customers] not found"}"#,
    );
}

#[test]
fn caller_supplied_instance_is_a_header() {
    assert_body_with_id(
        &table_not_found().to_response_with(&Context::new().with_instance("req-8")),
        404,
        "req-8",
        r#"{"code":404,"errorType":"ENTITY_NOT_FOUND","message":"Table with name [prod.analytics.customers] not found"}"#,
    );
}

#[test]
fn bad_request() {
    let err = CollateError::ParameterOutOfRange { param: "limit", min: 1, max: 1000 };
    assert_body(
        &err.to_response(),
        400,
        r#"{"code":400,"errorType":"BAD_REQUEST","message":"Invalid value for parameter 'limit': must be between 1 and 1000"}"#,
    );
}

#[test]
fn entity_not_found() {
    let err = CollateError::EntityNotFound {
        entity_type: "Entity",
        key: "id",
        value: "550e8400-e29b-41d4-a716-446655440000".into(),
    };
    assert_body(
        &err.to_response(),
        404,
        r#"{"code":404,"errorType":"ENTITY_NOT_FOUND","message":"Entity with id [550e8400-e29b-41d4-a716-446655440000] not found"}"#,
    );
}

#[test]
fn entity_already_exists() {
    assert_body(
        &CollateError::EntityAlreadyExists.to_response(),
        409,
        r#"{"code":409,"errorType":"ENTITY_ALREADY_EXISTS","message":"Entity already exists"}"#,
    );
}

#[test]
fn unauthorized() {
    assert_body(
        &CollateError::Unauthorized.to_response(),
        401,
        r#"{"code":401,"errorType":"UNAUTHORIZED","message":"Token has expired"}"#,
    );
}

#[test]
fn forbidden() {
    assert_body(
        &CollateError::Forbidden { operation: "delete", entity_type: "table" }.to_response(),
        403,
        r#"{"code":403,"errorType":"FORBIDDEN","message":"User does not have permission to delete table"}"#,
    );
}

#[test]
fn precondition_failed() {
    assert_body(
        &CollateError::PreconditionFailed.to_response(),
        412,
        r#"{"code":412,"errorType":"PRECONDITION_FAILED","message":"Entity version mismatch"}"#,
    );
}

#[test]
fn limits_exception_with_retry_after() {
    let response = CollateError::LimitsException { retry_after: 60 }.to_response();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["retry-after"], "60");
    assert_eq!(response.headers().len(), 3);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"code":429,"errorType":"LIMITS_EXCEPTION","message":"Rate limit exceeded. Please retry after 60 seconds"}"#
    );
}

#[test]
fn validation_error_query_param() {
    assert_body(
        &CollateError::QueryParamNotPositive("limit").to_response(),
        400,
        r#"{"code":400,"errorType":"BAD_REQUEST","message":"query param limit must be greater than 0"}"#,
    );
}

#[test]
fn validation_error_json_body() {
    assert_body(
        &CollateError::RequiredField("name").to_response(),
        400,
        r#"{"code":400,"errorType":"BAD_REQUEST","message":"name is required and cannot be empty"}"#,
    );
}

// ----- The table's rows without a JSON example -------------------------------------------------

#[test]
fn table_rows_status_and_error_type() {
    let rows: [(CollateError, u16, &str); 4] = [
        (CollateError::EntityLocked, 409, "ENTITY_LOCKED"),
        (CollateError::BulkLimitException, 413, "BULK_LIMIT_EXCEPTION"),
        (CollateError::LimitsException { retry_after: 1 }, 429, "LIMITS_EXCEPTION"),
        (CollateError::InternalError { source: std::io::Error::other("disk full") }, 500, "INTERNAL_ERROR"),
    ];
    for (err, status, error_type) in rows {
        assert_eq!(err.status(), status);
        assert_eq!(err.code(), error_type);
    }
    assert_body(
        &CollateError::EntityLocked.to_response(),
        409,
        r#"{"code":409,"errorType":"ENTITY_LOCKED","message":"Entity is locked during deletion"}"#,
    );
    assert_body(
        &CollateError::BulkLimitException.to_response(),
        413,
        r#"{"code":413,"errorType":"BULK_LIMIT_EXCEPTION","message":"Request payload exceeds size limits"}"#,
    );
}

#[test]
fn internal_error_hides_the_source() {
    let err = CollateError::InternalError {
        source: std::io::Error::other("ERROR: relation \"tables\" does not exist"),
    };
    let expected = r#"{"code":500,"errorType":"INTERNAL_ERROR","message":"Unexpected server error"}"#;
    assert_body(&err.to_response(), 500, expected);
    assert_body_with_id(
        &err.to_response_with(&Context::new().with_instance("req-7")),
        500,
        "req-7",
        expected,
    );
}

// ----- Beyond the seed -------------------------------------------------------------------------

/// A struct error and extra members, which follow `message`.
#[derive(Debug, ApiError)]
#[api(format = ErrorType, code_case = "SCREAMING_SNAKE_CASE", rename_all = "camelCase")]
#[api(status = 413, msg = "Request payload exceeds size limits")]
struct BulkLimitException {
    max_entities: u32,
    received_entities: u32,
}

#[test]
fn struct_error_with_extra_members() {
    let err = BulkLimitException { max_entities: 100, received_entities: 250 };
    let expected = r#"{"code":413,"errorType":"BULK_LIMIT_EXCEPTION","message":"Request payload exceeds size limits","maxEntities":100,"receivedEntities":250}"#;
    assert_body(&err.to_response(), 413, expected);
    assert_eq!(serde_json::to_string(&err).unwrap(), expected);
}

#[test]
fn serialize_is_the_body() {
    let err = table_not_found();
    assert_eq!(serde_json::to_vec(&err).unwrap(), err.to_response().into_body());
}

/// "When request validation fails, the error message includes details about which field(s)
/// failed": several validation errors are one message, joined with `"; "`.
#[test]
fn several_validation_errors_in_one_message() {
    let errors: Errors<CollateError> =
        [CollateError::QueryParamNotPositive("limit"), CollateError::RequiredField("name")]
            .into_iter()
            .collect();
    let expected = r#"{"code":400,"errorType":"BAD_REQUEST","message":"query param limit must be greater than 0; name is required and cannot be empty"}"#;
    assert_body(&errors.to_response(), 400, expected);
    assert_eq!(serde_json::to_string(&errors).unwrap(), expected);
}

#[test]
fn several_errors_status_rules() {
    let errors = Errors::from(vec![CollateError::EntityAlreadyExists, CollateError::EntityLocked]);
    assert_body(
        &errors.to_response(),
        409,
        r#"{"code":409,"errorType":"ENTITY_ALREADY_EXISTS","message":"Entity already exists; Entity is locked during deletion"}"#,
    );
    let errors = Errors::from(vec![CollateError::RequiredField("name"), CollateError::PreconditionFailed]);
    assert_body(
        &errors.to_response(),
        400,
        r#"{"code":400,"errorType":"BAD_REQUEST","message":"name is required and cannot be empty; Entity version mismatch"}"#,
    );
    let errors = Errors::from(vec![
        CollateError::Unauthorized,
        CollateError::InternalError { source: std::io::Error::other("secret") },
    ]);
    assert_eq!(errors.status(), 500);
    assert_eq!(errors.to_response().status(), 500);
}

/// No errors: a 500 whose message is the reason phrase, as for an error without `msg` and as in
/// the error-list format. (`errorType` has no code to take; not asserted.)
#[test]
fn no_errors_is_the_general_500() {
    let errors: Errors<CollateError> = Errors::new();
    assert_eq!(errors.status(), 500);
    let response = errors.to_response();
    assert_eq!(response.status(), 500);
    let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
    assert_eq!(body["code"], 500);
    assert_eq!(body["errorType"], "General", "{body}");
    assert_eq!(body["message"], "An internal error occurred", "{body}");
}

/// Errors of another type, boxed, rendered in this format.
#[derive(Debug, ApiError)]
#[api(code_case = "SCREAMING_SNAKE_CASE")]
enum IngestionError {
    #[api(status = 400, msg = "Pipeline {0} has no source")]
    PipelineWithoutSource(&'static str),
}

#[test]
fn boxed_errors_of_two_types() {
    let errors: Errors<Box<dyn ApiError + Send + Sync>> = Errors::from(vec![
        Box::new(CollateError::RequiredField("name")) as Box<dyn ApiError + Send + Sync>,
        Box::new(IngestionError::PipelineWithoutSource("nightly")),
    ]);
    assert_body(
        &errors.to_response_in(&ErrorType, &Context::new()),
        400,
        r#"{"code":400,"errorType":"BAD_REQUEST","message":"name is required and cannot be empty; Pipeline nightly has no source"}"#,
    );
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_collate_error_is_documented() {
    documented::assert_documented(&[
        CollateError::ParameterOutOfRange { param: "limit", min: 1, max: 1000 },
        CollateError::QueryParamNotPositive("limit"),
        CollateError::RequiredField("name"),
        CollateError::Unauthorized,
        CollateError::Forbidden { operation: "delete", entity_type: "table" },
        table_not_found(),
        CollateError::EntityAlreadyExists,
        CollateError::EntityLocked,
        CollateError::PreconditionFailed,
        CollateError::BulkLimitException,
        CollateError::LimitsException { retry_after: 60 },
        CollateError::InternalError { source: std::io::Error::other("disk full") },
    ]);
}

#[test]
fn every_bulk_limit_exception_is_documented() {
    documented::assert_documented(&[BulkLimitException { max_entities: 100, received_entities: 250 }]);
}

#[test]
fn every_ingestion_error_is_documented() {
    documented::assert_documented(&[IngestionError::PipelineWithoutSource("nightly")]);
}

//! The hapi (Boom) format of the integrations seed (`../shared/seeds/integrations-api-errors.txt`):
//! `{"statusCode":404,"error":"Not Found","message":"No Integration found with ID 5."}`,
//! `application/json`, `error` the status' reason phrase. Every example message of the seed,
//! with its status, as exact bytes; one enum per operation, as the seed's tables are.

use errwire::format::Hapi;
use errwire::{ApiError, Context, Errors};

#[path = "support/json_bodies.rs"]
mod json_bodies;

#[path = "support/documented.rs"]
mod documented;

use json_bodies::{assert_body, assert_body_with_id};

/// The integration's state while it is being changed.
#[derive(Debug, Clone, Copy)]
enum IntegrationState {
    Editing,
    Deleting,
}

impl std::fmt::Display for IntegrationState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            IntegrationState::Editing => "editing",
            IntegrationState::Deleting => "deleting",
        })
    }
}

/// `GET /integrations/{id}`.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::Hapi)]
enum GetError {
    /// The integration with the given ID was not found. Use the GET /integrations endpoint to
    /// list all integration configurations to find the correct ID.
    #[api(status = 404, msg = "No Integration found with ID {0}.")]
    NotFound(u64),
}

/// `DELETE /integrations/{id}`.
#[derive(Debug, ApiError)]
#[api(format = Hapi)]
enum DeleteError {
    /// The payload provided authentication credentials for a manually bootstrapped
    /// integration. Remove the authentication credentials from the payload.
    #[api(
        status = 400,
        msg = "Credentials are not required for disable unless the integration was configured automatically. If you need to update your integration credentials, use PUT to update the integration before disabling."
    )]
    CredentialsNotRequired,

    /// The integration was created with autoBootstrap set to true, and privileged credentials
    /// were not provided in the request payload to delete the integration.
    #[api(
        status = 400,
        msg = "Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload."
    )]
    PrivilegedCredentialsRequired,

    /// The payload provided authentication credentials for a Databricks integration.
    #[api(
        status = 400,
        msg = "Credentials are not required to disable a {platform} integration. If you need to update your integration credentials, use PUT to update the integration before disabling."
    )]
    CredentialsNotRequiredForPlatform {
        #[api(skip)]
        platform: &'static str,
    },

    /// The integration with the given ID was not found.
    #[api(status = 404, msg = "No integration found with ID {id}.")]
    NotFound {
        #[api(skip)]
        id: u64,
    },

    /// The integration is currently being modified or deleted.
    #[api(status = 409, msg = "Unable to edit integration with ID {id} in current state {state}.")]
    Busy {
        #[api(skip)]
        id: u64,
        #[api(skip)]
        state: IntegrationState,
    },

    /// A validation test failed.
    #[api(status = 422, msg = "Unable to delete integration with ID {0}, validation failed.")]
    ValidationFailed(u64),
}

/// `POST /integrations`.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::Hapi)]
enum CreateError {
    /// The integration previously failed to create.
    #[api(
        status = 400,
        msg = "Use PUT /integrations/{id} endpoint to update connection information for {platform} integration on host {host} (id = {id}) that previously failed to create."
    )]
    PreviouslyFailed {
        #[api(skip)]
        id: u64,
        #[api(skip)]
        platform: &'static str,
        #[api(skip)]
        host: String,
    },

    /// An integration already exists on the host.
    #[api(status = 409, msg = "{0} integration already exists on {1} (id = {2}).")]
    AlreadyExists(&'static str, String, u64),

    /// A validation test failed.
    #[api(status = 422, msg = "Validation of prerequisite setup failed. Unable to create integration.")]
    PrerequisiteValidationFailed,

    /// Immuta could not find the Databricks metastore information.
    #[api(status = 422, msg = "Processing Error: {0}")]
    Processing(&'static str),
}

/// `PUT /integrations/{id}`.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::Hapi)]
enum UpdateError {
    /// An attribute was changed that cannot be edited.
    #[api(status = 400, msg = "Unable to edit integration due to changes of non-editable attribute(s).")]
    NonEditableAttributes,

    /// The integration with the given ID was not found.
    #[api(status = 404, msg = "No integration found with ID {id}.")]
    NotFound {
        #[api(skip)]
        id: u64,
    },

    /// The integration is currently being modified or deleted.
    #[api(status = 409, msg = "Unable to edit integration with ID {id} in current state {state}.")]
    Busy {
        #[api(skip)]
        id: u64,
        #[api(skip)]
        state: IntegrationState,
    },

    /// A validation test failed.
    #[api(status = 422, msg = "Unable to edit integration with ID {id}, validation failed.")]
    ValidationFailed {
        #[api(skip)]
        id: u64,
    },
}

// ----- GET ------------------------------------------------------------------------------------

#[test]
fn get_404() {
    assert_body(
        &GetError::NotFound(5).to_response(),
        404,
        r#"{"statusCode":404,"error":"Not Found","message":"No Integration found with ID 5."}"#,
    );
}

// ----- DELETE ---------------------------------------------------------------------------------

#[test]
fn delete_400_credentials_not_required() {
    assert_body(
        &DeleteError::CredentialsNotRequired.to_response(),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"Credentials are not required for disable unless the integration was configured automatically. If you need to update your integration credentials, use PUT to update the integration before disabling."}"#,
    );
}

#[test]
fn delete_400_privileged_credentials_required() {
    assert_body(
        &DeleteError::PrivilegedCredentialsRequired.to_response(),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload."}"#,
    );
}

#[test]
fn delete_400_databricks_credentials_not_required() {
    assert_body(
        &DeleteError::CredentialsNotRequiredForPlatform { platform: "Databricks" }.to_response(),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"Credentials are not required to disable a Databricks integration. If you need to update your integration credentials, use PUT to update the integration before disabling."}"#,
    );
}

#[test]
fn delete_404() {
    assert_body(
        &DeleteError::NotFound { id: 5 }.to_response(),
        404,
        r#"{"statusCode":404,"error":"Not Found","message":"No integration found with ID 5."}"#,
    );
}

#[test]
fn delete_409() {
    assert_body(
        &DeleteError::Busy { id: 10, state: IntegrationState::Editing }.to_response(),
        409,
        r#"{"statusCode":409,"error":"Conflict","message":"Unable to edit integration with ID 10 in current state editing."}"#,
    );
}

#[test]
fn delete_422() {
    assert_body(
        &DeleteError::ValidationFailed(7).to_response(),
        422,
        r#"{"statusCode":422,"error":"Unprocessable Entity","message":"Unable to delete integration with ID 7, validation failed."}"#,
    );
}

// ----- POST -----------------------------------------------------------------------------------

#[test]
fn post_400_previously_failed() {
    let err = CreateError::PreviouslyFailed {
        id: 1,
        platform: "Snowflake",
        host: "test-account.snowflakecomputing.com".into(),
    };
    assert_body(
        &err.to_response(),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"Use PUT /integrations/1 endpoint to update connection information for Snowflake integration on host test-account.snowflakecomputing.com (id = 1) that previously failed to create."}"#,
    );
}

#[test]
fn post_409_already_exists() {
    let err = CreateError::AlreadyExists("Snowflake", "test-account.snowflakecomputing.com".into(), 1);
    assert_body(
        &err.to_response(),
        409,
        r#"{"statusCode":409,"error":"Conflict","message":"Snowflake integration already exists on test-account.snowflakecomputing.com (id = 1)."}"#,
    );
}

#[test]
fn post_422_prerequisite_validation() {
    assert_body(
        &CreateError::PrerequisiteValidationFailed.to_response(),
        422,
        r#"{"statusCode":422,"error":"Unprocessable Entity","message":"Validation of prerequisite setup failed. Unable to create integration."}"#,
    );
}

#[test]
fn post_422_processing_error() {
    assert_body(
        &CreateError::Processing("Error trying to get the current metastore info.").to_response(),
        422,
        r#"{"statusCode":422,"error":"Unprocessable Entity","message":"Processing Error: Error trying to get the current metastore info."}"#,
    );
}

// ----- PUT ------------------------------------------------------------------------------------

#[test]
fn put_400_non_editable() {
    assert_body(
        &UpdateError::NonEditableAttributes.to_response(),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"Unable to edit integration due to changes of non-editable attribute(s)."}"#,
    );
}

#[test]
fn put_404() {
    assert_body(
        &UpdateError::NotFound { id: 5 }.to_response(),
        404,
        r#"{"statusCode":404,"error":"Not Found","message":"No integration found with ID 5."}"#,
    );
}

#[test]
fn put_409() {
    assert_body(
        &UpdateError::Busy { id: 10, state: IntegrationState::Editing }.to_response(),
        409,
        r#"{"statusCode":409,"error":"Conflict","message":"Unable to edit integration with ID 10 in current state editing."}"#,
    );
    assert_eq!(
        UpdateError::Busy { id: 10, state: IntegrationState::Deleting }.to_string(),
        "Unable to edit integration with ID 10 in current state deleting."
    );
}

#[test]
fn put_422() {
    assert_body(
        &UpdateError::ValidationFailed { id: 7 }.to_response(),
        422,
        r#"{"statusCode":422,"error":"Unprocessable Entity","message":"Unable to edit integration with ID 7, validation failed."}"#,
    );
}

// ----- The format beyond the seed --------------------------------------------------------------

#[derive(Debug, ApiError)]
#[api(format = errwire::format::Hapi, rename_all = "camelCase")]
enum Other {
    /// Extra members follow `message`; `error` stays the reason phrase even with a title.
    #[api(
        status = 400,
        title = "Invalid attributes",
        msg = "Unable to edit integration due to changes of non-editable attribute(s)."
    )]
    NonEditable { changed_attributes: Vec<&'static str> },

    /// Boom's own 500: the source never reaches the body.
    #[api(status = 500, msg = "An internal server error occurred")]
    Internal {
        #[source]
        source: std::io::Error,
    },

    /// A status without a message: the message is the reason phrase.
    #[api(status = 503)]
    Unavailable {
        #[api(header = "Retry-After")]
        retry_after: u32,
    },
}

#[test]
fn extra_members_follow_message_and_title_is_not_error() {
    assert_body(
        &Other::NonEditable { changed_attributes: vec!["name", "config.host"] }.to_response(),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"Unable to edit integration due to changes of non-editable attribute(s).","changedAttributes":["name","config.host"]}"#,
    );
}

#[test]
fn server_error_hides_the_source_and_sends_the_instance_as_a_header() {
    let err = Other::Internal { source: std::io::Error::other("connection refused: 10.0.0.7:5432") };
    let expected =
        r#"{"statusCode":500,"error":"Internal Server Error","message":"An internal server error occurred"}"#;
    assert_body(&err.to_response(), 500, expected);
    assert_body_with_id(
        &err.to_response_with(&Context::new().with_instance("req-9")),
        500,
        "req-9",
        expected,
    );
}

#[test]
fn default_message_is_the_reason_phrase_and_headers_are_sent() {
    let response = Other::Unavailable { retry_after: 120 }.to_response();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["retry-after"], "120");
    assert_eq!(response.headers()["content-type"], "application/json");
    assert_eq!(response.headers()["x-request-id"].len(), 45);
    assert_eq!(response.headers().len(), 4);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"statusCode":503,"error":"Service Unavailable","message":"Service Unavailable"}"#
    );
}

#[test]
fn serialize_is_the_body() {
    let err = DeleteError::Busy { id: 10, state: IntegrationState::Editing };
    assert_eq!(serde_json::to_vec(&err).unwrap(), err.to_response().into_body());
    assert_eq!(
        serde_json::to_string(&Other::NonEditable { changed_attributes: vec!["name"] }).unwrap(),
        r#"{"statusCode":400,"error":"Bad Request","message":"Unable to edit integration due to changes of non-editable attribute(s).","changedAttributes":["name"]}"#
    );
}

// ----- Several errors: one message, joined with "; " ------------------------------------------

#[test]
fn several_errors_join_their_messages() {
    let errors = Errors::from(vec![
        DeleteError::CredentialsNotRequiredForPlatform { platform: "Databricks" },
        DeleteError::PrivilegedCredentialsRequired,
    ]);
    let expected = r#"{"statusCode":400,"error":"Bad Request","message":"Credentials are not required to disable a Databricks integration. If you need to update your integration credentials, use PUT to update the integration before disabling.; Integrations that are automatically configured require privileged credentials to disable. Please provide them in your payload."}"#;
    assert_body(&errors.to_response(), 400, expected);
    assert_eq!(serde_json::to_string(&errors).unwrap(), expected);
}

#[test]
fn several_errors_status_rules() {
    // 404 + 409 → 400 with its reason phrase.
    let errors = Errors::from(vec![
        DeleteError::NotFound { id: 5 },
        DeleteError::Busy { id: 10, state: IntegrationState::Editing },
    ]);
    assert_body(
        &errors.to_response(),
        400,
        r#"{"statusCode":400,"error":"Bad Request","message":"No integration found with ID 5.; Unable to edit integration with ID 10 in current state editing."}"#,
    );
    // 422 + 422 → 422.
    let errors = Errors::from(vec![CreateError::PrerequisiteValidationFailed, CreateError::Processing("x")]);
    assert_body(
        &errors.to_response(),
        422,
        r#"{"statusCode":422,"error":"Unprocessable Entity","message":"Validation of prerequisite setup failed. Unable to create integration.; Processing Error: x"}"#,
    );
}

/// No errors: a 500 whose message is the reason phrase, as for an error without `msg` and as in
/// the error-list format.
#[test]
fn no_errors_is_the_general_500() {
    let errors: Errors<GetError> = Errors::new();
    assert_body(
        &errors.to_response(),
        500,
        r#"{"statusCode":500,"error":"Internal Server Error","message":"An internal error occurred"}"#,
    );
}

#[test]
fn boxed_errors_of_two_types_in_hapi() {
    let errors: Errors<Box<dyn ApiError + Send + Sync>> = Errors::from(vec![
        Box::new(GetError::NotFound(5)) as Box<dyn ApiError + Send + Sync>,
        Box::new(Other::Internal { source: std::io::Error::other("secret") }),
    ]);
    assert_eq!(errors.status(), 500);
    assert_body(
        &errors.to_response_in(&Hapi, &Context::new()),
        500,
        r#"{"statusCode":500,"error":"Internal Server Error","message":"No Integration found with ID 5.; An internal server error occurred"}"#,
    );
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_get_error_is_documented() {
    documented::assert_documented(&[GetError::NotFound(5)]);
}

#[test]
fn every_delete_error_is_documented() {
    documented::assert_documented(&[
        DeleteError::CredentialsNotRequired,
        DeleteError::PrivilegedCredentialsRequired,
        DeleteError::CredentialsNotRequiredForPlatform { platform: "Databricks" },
        DeleteError::NotFound { id: 5 },
        DeleteError::Busy { id: 10, state: IntegrationState::Editing },
        DeleteError::Busy { id: 11, state: IntegrationState::Deleting },
        DeleteError::ValidationFailed(7),
    ]);
}

#[test]
fn every_create_error_is_documented() {
    documented::assert_documented(&[
        CreateError::PreviouslyFailed {
            id: 1,
            platform: "Snowflake",
            host: "test-account.snowflakecomputing.com".into(),
        },
        CreateError::AlreadyExists("Snowflake", "test-account.snowflakecomputing.com".into(), 1),
        CreateError::PrerequisiteValidationFailed,
        CreateError::Processing("Error trying to get the current metastore info."),
    ]);
}

#[test]
fn every_update_error_is_documented() {
    documented::assert_documented(&[
        UpdateError::NonEditableAttributes,
        UpdateError::NotFound { id: 5 },
        UpdateError::Busy { id: 10, state: IntegrationState::Editing },
        UpdateError::ValidationFailed { id: 7 },
    ]);
}

#[test]
fn every_other_is_documented() {
    documented::assert_documented(&[
        Other::NonEditable { changed_attributes: vec!["name", "config.host"] },
        Other::NonEditable { changed_attributes: vec![] },
        Other::Internal { source: std::io::Error::other("connection refused: 10.0.0.7:5432") },
        Other::Unavailable { retry_after: 120 },
    ]);
}

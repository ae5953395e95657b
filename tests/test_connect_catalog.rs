//! The connect-api seed's whole error table (`../shared/seeds/connect-api-errors.txt`) as derived
//! enums in the error-list format: the general errors, the Connectors errors and the Deployments
//! errors. Each variant carries the seed's text as its doc comment, its code, and its message
//! template with the seed's `$placeholders` as fields (`$resourceId` → `{resource_id}`). Fields
//! the seed documents as error-specific members (`detailedErrorMessage`, `field`,
//! `duplicateValue`, `value`, `expectedVersion`, `currentVersion`) are body members; the others
//! only fill the message (`#[api(skip)]`).
//!
//! One golden per code (exact bytes of the whole body); statuses and codes checked against the
//! seed's table written out independently; codes unique.

#[path = "support/documented.rs"]
mod documented;

use std::collections::BTreeSet;
use std::fmt;

use errwire::{ApiError, Errors};
use http::Response;
use serde_json::{Value, json};

type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Status, content type, body bytes; and what every body of the seed shares:
/// `Display` (the derive's, from `msg`) is the message, every `$placeholder` was filled, the
/// generated `Serialize` writes the same bytes.
#[track_caller]
fn check<E: ApiError + serde::Serialize>(err: &E, status: u16, body: &str) {
    let response: Response<Vec<u8>> = err.to_response();
    assert_eq!(response.status(), status, "status");
    assert_eq!(response.headers()["content-type"], "application/json", "content type");
    // A 5xx sends its instance id as `x-request-id` (the envelope has no member for it).
    let request_id = response.headers().get("x-request-id");
    assert_eq!(request_id.is_some(), status >= 500, "x-request-id: {request_id:?}");
    let expected_headers = if status >= 500 { 2 } else { 1 };
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers().len(), expected_headers + 1, "headers: {:?}", response.headers());
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), body);

    let message = err.to_string();
    assert!(!message.contains('$') && !message.contains('{'), "unfilled placeholder: {message}");
    let parsed: Value = serde_json::from_str(body).unwrap();
    assert_eq!(parsed["message"], message.as_str());
    assert_eq!(parsed["errors"][0]["message"], message.as_str());
    assert_eq!(serde_json::to_string(err).unwrap(), body, "Serialize");
}

// ----- General errors ---------------------------------------------------------------------------

/// General errors: returned across all APIs.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList, rename_all = "camelCase")]
pub enum GeneralError {
    /// Returned when an invalid JSON input has been sent. Either the JSON is syntactically
    /// incorrect or does not conform to the expected shape (for example is missing a required
    /// field).
    ///
    /// The client application should validate the input according to the constraints described
    /// in the error message before sending the request.
    #[api(status = 400, code = "InvalidJsonInput", msg = "Request body does not contain valid JSON.")]
    InvalidJsonInput {
        /// Further explanation about why the JSON is invalid.
        detailed_error_message: String,
    },

    /// Returned when an invalid query parameter has been sent.
    #[api(status = 400, code = "InvalidQueryParam", msg = "Request query param is not valid")]
    InvalidQueryParam {
        /// Further explanation about why the query parameter is invalid.
        detailed_error_message: String,
    },

    /// Returned when an invalid path parameter has been sent.
    #[api(status = 400, code = "InvalidPathParam", msg = "Request path param is not valid")]
    InvalidPathParam {
        /// Further explanation about why the path parameter is invalid.
        detailed_error_message: String,
    },

    /// Returned when a field value conflicts with an existing value causing a duplicate.
    #[api(status = 400, code = "DuplicateField")]
    #[api(msg = "A duplicate value {duplicate_value} exists for field {field}.")]
    DuplicateField {
        /// Name of the conflicting field.
        field: String,
        /// Conflicting duplicate value.
        duplicate_value: Value,
    },

    /// Returned when a value for a field is not found.
    #[api(
        status = 400,
        code = "FieldValueNotFound",
        msg = "The value {value} for the {field} field was not found"
    )]
    FieldValueNotFound {
        /// Name of the field.
        field: String,
        /// Conflicting value.
        value: Value,
    },

    /// Returned when the GitHub repository is unreachable or not found.
    #[api(status = 400, code = "GitRepositoryNotReachable", msg = "Repository with the tag is not reachable")]
    GitRepositoryNotReachableError,

    /// Returned when the client cannot be authenticated.
    #[api(status = 401, code = "AuthenticationError", msg = "Bad credientals or Client ID is not defined")]
    AuthenticationError,

    /// Returned when the client does not have sufficient permissions for this operation.
    #[api(status = 403, code = "AuthorizationError", msg = "Access denied")]
    AuthorizationError,

    /// Returned when the resource addressed by the request URL does not exist.
    #[api(status = 404, code = "ResourceNotFound")]
    #[api(msg = "Deployment with id={resource_id} or key={resource_key} does not exist")]
    ResourceNotFound {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
    },

    /// Returned when the request conflicts with the current state of the involved resources.
    /// Typically, the request attempts to modify a resource that is out of date (that is
    /// modified by another client since it was last retrieved). The client application should
    /// resolve the conflict (with or without involving the end user) before retrying the
    /// request.
    #[api(status = 409, code = "ConcurrentModification")]
    #[api(
        msg = "Object id={resource_id} or key={resource_key} has a different version than expected. Expected: {expected_version} - Actual: {current_version})"
    )]
    ConcurrentModification {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
        /// Expected version of the resource.
        expected_version: u64,
        /// Current version of the resource.
        current_version: u64,
    },

    /// Returned when a server-side problem occurs before or after data persistence. In some
    /// cases, the requested action may successfully complete after the error is returned.
    /// Therefore, it is recommended to verify the status of the requested resource after
    /// receiving a 500 error.
    ///
    /// If you encounter this error, report it to the Connect support team.
    #[api(status = 500, code = "General", msg = "{description}")]
    General {
        /// Description about any known details of the problem.
        #[api(skip)]
        description: &'static str,
        /// The internal cause: logged, never sent.
        #[source]
        source: BoxError,
    },

    /// Returned when a server-side problem is caused by scaling infrastructure resources.
    ///
    /// The client application should retry the request with exponential backoff up to a point
    /// where further delay is unacceptable.
    #[api(status = 502, code = "BadGateway", msg = "{description}")]
    BadGateway {
        /// Plain text description of the error.
        #[api(skip)]
        description: &'static str,
    },
}

// ----- Connectors ---------------------------------------------------------------------------------

/// API-specific errors of the Connectors endpoints.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList, rename_all = "camelCase")]
pub enum ConnectorError {
    /// Returned when trying to certify a Connector that is already certified.
    ///
    /// The error is returned as a failed response to the Publish update action only when
    /// certification is required.
    #[api(status = 400, code = "ConnectorAlreadyCertified", msg = "The ConnectorStaged is already certified")]
    ConnectorAlreadyCertified,

    /// Returned when the referenced Connector was not found.
    #[api(status = 400, code = "ConnectorReferenceNotFound")]
    #[api(msg = "Connector '{identifier}' with version {version} not found")]
    ConnectorReferenceNotFoundError {
        #[api(skip)]
        identifier: String,
        #[api(skip)]
        version: u64,
    },

    /// Returned when the Connector specification file was not found.
    #[api(status = 400, code = "ConnectorSpecificationFileNotFound")]
    #[api(msg = "The file connect.yaml at {url} with the tag {tag} was not found")]
    ConnectorSpecificationFileNotFoundError {
        #[api(skip)]
        url: String,
        #[api(skip)]
        tag: String,
    },

    /// Returned when the Connector specification file is not valid.
    #[api(status = 400, code = "ConnectorSpecificationFileNotValid")]
    #[api(msg = "The file connect.yaml at {url} with the tag {tag} is not valid")]
    ConnectorSpecificationFileNotValidError {
        #[api(skip)]
        url: String,
        #[api(skip)]
        tag: String,
    },

    /// Returned when trying to publish a Connector that requires certification but is already
    /// in the certification process.
    ///
    /// The error is returned as a failed response to the Publish update actiononly when
    /// certification is required.
    #[api(status = 400, code = "ConnectorStagedInCertification")]
    #[api(msg = "The ConnectorStaged is already in certification")]
    ConnectorStagedInCertification,

    /// Returned when a ConnectorStaged to be deployed is not previewable.
    ///
    /// The error is returned as a failed response to the Create a Deployment request.
    #[api(status = 400, code = "ConnectorStagedNotPreviewable")]
    #[api(msg = "Connector id={resource_id} or key={resource_key} with version {version} is not previewable")]
    ConnectorStagedNotPreviewable {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
        #[api(skip)]
        version: u64,
    },

    /// Returned when attempting to change the privateProjects of a non-private ConnectorStaged.
    ///
    /// The error is returned as a failed response to the Add Project to Private Connector and
    /// Remove Project from Private Connector update actions.
    #[api(status = 400, code = "ConnectorStagedNotPrivate")]
    #[api(
        msg = "The operation is not valid because ConnectorStaged with id={resource_id} or key={resource_key} is not private"
    )]
    ConnectorStagedNotPrivate {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
    },

    /// Returned when attempting to request previewable status of a ConnectorStaged that is
    /// currently being reviewed for previewable status.
    ///
    /// The error is returned as a failed response to the Preview Connector update action.
    #[api(status = 400, code = "ConnectorStagedPreviewRequestUnderProcess")]
    #[api(msg = "The ConnectorStaged preview request is already in progress")]
    ConnectorStagedPreviewRequestUnderProcess,
}

// ----- Deployments --------------------------------------------------------------------------------

/// Which configuration a `DeploymentUnknownApplicationConfigurationKey` is about: the seed's
/// `(secret|standard)`.
#[derive(Debug, Clone, Copy)]
pub enum ConfigurationKind {
    Secret,
    Standard,
}

impl fmt::Display for ConfigurationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ConfigurationKind::Secret => "secret",
            ConfigurationKind::Standard => "standard",
        })
    }
}

/// The DeploymentStatus that makes a redeploy an invalid transition.
#[derive(Debug, Clone, Copy)]
pub enum DeploymentStatus {
    Queued,
    Deploying,
    Undeploying,
}

impl fmt::Display for DeploymentStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DeploymentStatus::Queued => "Already queued",
            DeploymentStatus::Deploying => "Already deploying",
            DeploymentStatus::Undeploying => "Already undeploying",
        })
    }
}

/// API-specific errors of the Deployments endpoints.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList, rename_all = "camelCase")]
pub enum DeploymentError {
    /// Returned when the Deployment region is not supported.
    ///
    /// The error is returned as a failed response to the Create a Deployment request.
    #[api(status = 400, code = "DeploymentUnsupportedRegion", msg = "Deployment unsupported region {region}")]
    DeploymentUnsupportedRegion {
        #[api(skip)]
        region: String,
    },

    /// Returned when the Deployment contains configuration values that are not defined in the
    /// Connect application's connect.yaml file.
    ///
    /// The error is returned as a failed response to the Redeploy update action and Create a
    /// Deployment request.
    #[api(status = 400, code = "DeploymentUnknownApplicationConfiguration")]
    #[api(
        msg = "Deployment does not require configuration for application named '{unknown_application_name}'."
    )]
    DeploymentUnknownApplicationConfiguration {
        #[api(skip)]
        unknown_application_name: String,
    },

    /// Returned when the Deployment contains a configuration key that is not defined in the
    /// Connect application's connect.yaml file.
    ///
    /// The error is returned as a failed response to the Redeploy update action and Create a
    /// Deployment request.
    #[api(status = 400, code = "DeploymentUnknownApplicationConfigurationKey")]
    #[api(
        msg = "Deployment does not require {configuration_kind} configuration with key {configuration_key} for application named {application_name}."
    )]
    DeploymentUnknownApplicationConfigurationKey {
        #[api(skip)]
        configuration_kind: ConfigurationKind,
        #[api(skip)]
        configuration_key: String,
        #[api(skip)]
        application_name: String,
    },

    /// Returned when the Deployment operation results in a invalid status transition.
    ///
    /// The error is returned as a failed response to the Redeploy update action.
    ///
    /// The message will contain Already queued, Already deploying, or Already undeploying based
    /// on the DeploymentStatus of the Deployment.
    #[api(status = 400, code = "DeploymentInvalidStatusTransition", msg = "Invalid status change: {status}")]
    DeploymentInvalidStatusTransition {
        #[api(skip)]
        status: DeploymentStatus,
    },

    /// Returned when attempting to add an application that does not belong to the Deployment.
    #[api(status = 422, code = "DeploymentApplicationDoNotBelong")]
    #[api(
        msg = "Deployment with id={resource_id} or key={resource_key} does not include application: {application_name}"
    )]
    DeploymentApplicationDoNotBelong {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
        #[api(skip)]
        application_name: String,
    },

    /// Returned when a Deployment does not contain any applications.
    #[api(status = 422, code = "DeploymentApplicationRequired")]
    #[api(msg = "A Deployment requires at least one application")]
    DeploymentApplicationRequired,

    /// Returned when attempting to remove an application that belongs to the Deployment.
    #[api(status = 422, code = "DeploymentMustIncludeApplication")]
    #[api(
        msg = "Deployment with id={resource_id} or key={resource_key} must include application: {application_name}"
    )]
    DeploymentMustIncludeApplication {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
        #[api(skip)]
        application_name: String,
    },

    /// Returned when updating a Connector fails during redeployment.
    ///
    /// The seed's template names `$resourceId` and `$resourceKey` twice; both places are the
    /// same fields.
    #[api(status = 422, code = "DeploymentConnectorUpdateFailure")]
    #[api(
        msg = "Deployment with id={resource_id} or key={resource_key} failed while trying to update Connector id={resource_id} or key={resource_key} (cause: {cause})"
    )]
    DeploymentConnectorUpdateFailure {
        #[api(skip)]
        resource_id: String,
        #[api(skip)]
        resource_key: String,
        #[api(skip)]
        cause: String,
    },
}

/// The service's one error type: every table of the seed, each delegated as is.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList)]
pub enum ConnectError {
    #[api(transparent)]
    General(GeneralError),
    #[api(transparent)]
    Connector(ConnectorError),
    #[api(transparent)]
    Deployment(DeploymentError),
}

// ----- The seed's table, written out independently of the attributes -------------------------

/// `(status, code)` of each variant as the seed lists it. The matches have no wildcard: a new
/// variant doesn't compile until it is listed here, and [`examples`] must then cover it.
fn seed_entry(err: &ConnectError) -> (u16, &'static str) {
    match err {
        ConnectError::General(err) => match err {
            GeneralError::InvalidJsonInput { .. } => (400, "InvalidJsonInput"),
            GeneralError::InvalidQueryParam { .. } => (400, "InvalidQueryParam"),
            GeneralError::InvalidPathParam { .. } => (400, "InvalidPathParam"),
            GeneralError::DuplicateField { .. } => (400, "DuplicateField"),
            GeneralError::FieldValueNotFound { .. } => (400, "FieldValueNotFound"),
            GeneralError::GitRepositoryNotReachableError => (400, "GitRepositoryNotReachable"),
            GeneralError::AuthenticationError => (401, "AuthenticationError"),
            GeneralError::AuthorizationError => (403, "AuthorizationError"),
            GeneralError::ResourceNotFound { .. } => (404, "ResourceNotFound"),
            GeneralError::ConcurrentModification { .. } => (409, "ConcurrentModification"),
            GeneralError::General { .. } => (500, "General"),
            GeneralError::BadGateway { .. } => (502, "BadGateway"),
        },
        ConnectError::Connector(err) => match err {
            ConnectorError::ConnectorAlreadyCertified => (400, "ConnectorAlreadyCertified"),
            ConnectorError::ConnectorReferenceNotFoundError { .. } => (400, "ConnectorReferenceNotFound"),
            ConnectorError::ConnectorSpecificationFileNotFoundError { .. } => {
                (400, "ConnectorSpecificationFileNotFound")
            }
            ConnectorError::ConnectorSpecificationFileNotValidError { .. } => {
                (400, "ConnectorSpecificationFileNotValid")
            }
            ConnectorError::ConnectorStagedInCertification => (400, "ConnectorStagedInCertification"),
            ConnectorError::ConnectorStagedNotPreviewable { .. } => (400, "ConnectorStagedNotPreviewable"),
            ConnectorError::ConnectorStagedNotPrivate { .. } => (400, "ConnectorStagedNotPrivate"),
            ConnectorError::ConnectorStagedPreviewRequestUnderProcess => {
                (400, "ConnectorStagedPreviewRequestUnderProcess")
            }
        },
        ConnectError::Deployment(err) => match err {
            DeploymentError::DeploymentUnsupportedRegion { .. } => (400, "DeploymentUnsupportedRegion"),
            DeploymentError::DeploymentUnknownApplicationConfiguration { .. } => {
                (400, "DeploymentUnknownApplicationConfiguration")
            }
            DeploymentError::DeploymentUnknownApplicationConfigurationKey { .. } => {
                (400, "DeploymentUnknownApplicationConfigurationKey")
            }
            DeploymentError::DeploymentInvalidStatusTransition { .. } => {
                (400, "DeploymentInvalidStatusTransition")
            }
            DeploymentError::DeploymentApplicationDoNotBelong { .. } => {
                (422, "DeploymentApplicationDoNotBelong")
            }
            DeploymentError::DeploymentApplicationRequired => (422, "DeploymentApplicationRequired"),
            DeploymentError::DeploymentMustIncludeApplication { .. } => {
                (422, "DeploymentMustIncludeApplication")
            }
            DeploymentError::DeploymentConnectorUpdateFailure { .. } => {
                (422, "DeploymentConnectorUpdateFailure")
            }
        },
    }
}

/// The seed's codes in the seed's order.
const SEED_CODES: [&str; 28] = [
    "InvalidJsonInput",
    "InvalidQueryParam",
    "InvalidPathParam",
    "DuplicateField",
    "FieldValueNotFound",
    "GitRepositoryNotReachable",
    "AuthenticationError",
    "AuthorizationError",
    "ResourceNotFound",
    "ConcurrentModification",
    "General",
    "BadGateway",
    "ConnectorAlreadyCertified",
    "ConnectorReferenceNotFound",
    "ConnectorSpecificationFileNotFound",
    "ConnectorSpecificationFileNotValid",
    "ConnectorStagedInCertification",
    "ConnectorStagedNotPreviewable",
    "ConnectorStagedNotPrivate",
    "ConnectorStagedPreviewRequestUnderProcess",
    "DeploymentUnsupportedRegion",
    "DeploymentUnknownApplicationConfiguration",
    "DeploymentUnknownApplicationConfigurationKey",
    "DeploymentInvalidStatusTransition",
    "DeploymentApplicationDoNotBelong",
    "DeploymentApplicationRequired",
    "DeploymentMustIncludeApplication",
    "DeploymentConnectorUpdateFailure",
];

/// One value of every variant, in the seed's order.
fn examples() -> Vec<ConnectError> {
    use ConnectError::{Connector, Deployment, General};
    vec![
        General(invalid_json_input()),
        General(GeneralError::InvalidQueryParam {
            detailed_error_message: "limit: invalid digit found in string".into(),
        }),
        General(GeneralError::InvalidPathParam { detailed_error_message: "id: expected a UUID".into() }),
        General(duplicate_field()),
        General(GeneralError::FieldValueNotFound { field: "region".into(), value: json!("mars-1") }),
        General(GeneralError::GitRepositoryNotReachableError),
        General(GeneralError::AuthenticationError),
        General(GeneralError::AuthorizationError),
        General(resource_not_found()),
        General(concurrent_modification()),
        General(general()),
        General(GeneralError::BadGateway { description: "Scaling in progress" }),
        Connector(ConnectorError::ConnectorAlreadyCertified),
        Connector(ConnectorError::ConnectorReferenceNotFoundError {
            identifier: "stripe".into(),
            version: 4,
        }),
        Connector(spec_not_found()),
        Connector(ConnectorError::ConnectorSpecificationFileNotValidError {
            url: "https://github.com/acme/connector".into(),
            tag: "v1.2.0".into(),
        }),
        Connector(ConnectorError::ConnectorStagedInCertification),
        Connector(ConnectorError::ConnectorStagedNotPreviewable {
            resource_id: "c-1".into(),
            resource_key: "stripe".into(),
            version: 2,
        }),
        Connector(ConnectorError::ConnectorStagedNotPrivate {
            resource_id: "c-1".into(),
            resource_key: "stripe".into(),
        }),
        Connector(ConnectorError::ConnectorStagedPreviewRequestUnderProcess),
        Deployment(DeploymentError::DeploymentUnsupportedRegion { region: "mars-1".into() }),
        Deployment(DeploymentError::DeploymentUnknownApplicationConfiguration {
            unknown_application_name: "mailer".into(),
        }),
        Deployment(unknown_configuration_key()),
        Deployment(DeploymentError::DeploymentInvalidStatusTransition {
            status: DeploymentStatus::Deploying,
        }),
        Deployment(DeploymentError::DeploymentApplicationDoNotBelong {
            resource_id: "d-1".into(),
            resource_key: "checkout".into(),
            application_name: "mailer".into(),
        }),
        Deployment(DeploymentError::DeploymentApplicationRequired),
        Deployment(DeploymentError::DeploymentMustIncludeApplication {
            resource_id: "d-1".into(),
            resource_key: "checkout".into(),
            application_name: "api".into(),
        }),
        Deployment(connector_update_failure()),
    ]
}

fn invalid_json_input() -> GeneralError {
    GeneralError::InvalidJsonInput { detailed_error_message: "missing field `key` at line 1 column 2".into() }
}

fn duplicate_field() -> GeneralError {
    GeneralError::DuplicateField { field: "key".into(), duplicate_value: json!("checkout") }
}

fn resource_not_found() -> GeneralError {
    GeneralError::ResourceNotFound { resource_id: "d-1".into(), resource_key: "checkout".into() }
}

fn concurrent_modification() -> GeneralError {
    GeneralError::ConcurrentModification {
        resource_id: "d-1".into(),
        resource_key: "checkout".into(),
        expected_version: 3,
        current_version: 4,
    }
}

fn general() -> GeneralError {
    GeneralError::General {
        description: "Write operations are temporarily unavailable",
        source: "pool timed out while waiting for an open connection to 10.0.0.7:5432".into(),
    }
}

fn spec_not_found() -> ConnectorError {
    ConnectorError::ConnectorSpecificationFileNotFoundError {
        url: "https://github.com/acme/connector".into(),
        tag: "v1.2.0".into(),
    }
}

fn unknown_configuration_key() -> DeploymentError {
    DeploymentError::DeploymentUnknownApplicationConfigurationKey {
        configuration_kind: ConfigurationKind::Secret,
        configuration_key: "STRIPE_KEY".into(),
        application_name: "payments".into(),
    }
}

fn connector_update_failure() -> DeploymentError {
    DeploymentError::DeploymentConnectorUpdateFailure {
        resource_id: "d-1".into(),
        resource_key: "checkout".into(),
        cause: "connector version 5 is not published".into(),
    }
}

#[test]
fn examples_cover_the_seed_table_in_order() {
    let examples = examples();
    let codes: Vec<&str> = examples.iter().map(|err| seed_entry(err).1).collect();
    assert_eq!(codes, SEED_CODES);
    for err in &examples {
        let (status, code) = seed_entry(err);
        assert_eq!(err.status(), status, "{code}");
        assert_eq!(err.code(), code);
    }
}

#[test]
fn codes_are_unique() {
    let examples = examples();
    let codes: BTreeSet<&str> = examples.iter().map(|err| err.code()).collect();
    assert_eq!(codes.len(), examples.len());
    assert_eq!(codes.len(), 28);
}

#[test]
fn statuses_are_the_seed_headings() {
    let statuses: BTreeSet<u16> = examples().iter().map(|err| err.status().as_u16()).collect();
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), [400, 401, 403, 404, 409, 422, 500, 502]);
}

#[test]
fn every_message_is_filled_and_the_wrapper_renders_like_the_variant() {
    for err in examples() {
        let message = err.to_string();
        assert!(!message.is_empty() && !message.contains('$') && !message.contains('{'), "{message}");
        let inner = match &err {
            ConnectError::General(inner) => inner.to_response().into_body(),
            ConnectError::Connector(inner) => inner.to_response().into_body(),
            ConnectError::Deployment(inner) => inner.to_response().into_body(),
        };
        let outer = err.to_response();
        assert_eq!(outer.status(), err.status());
        assert_eq!(String::from_utf8(outer.into_body()).unwrap(), String::from_utf8(inner).unwrap());
    }
}

#[test]
fn one_response_with_every_error_of_one_status() {
    let errors: Errors<ConnectError> = examples().into_iter().filter(|err| err.status() == 422).collect();
    assert_eq!(errors.len(), 4);
    let response = errors.to_response();
    assert_eq!(response.status(), 422);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"statusCode":422,"message":"Deployment with id=d-1 or key=checkout does not include application: mailer","errors":[{"code":"DeploymentApplicationDoNotBelong","message":"Deployment with id=d-1 or key=checkout does not include application: mailer"},{"code":"DeploymentApplicationRequired","message":"A Deployment requires at least one application"},{"code":"DeploymentMustIncludeApplication","message":"Deployment with id=d-1 or key=checkout must include application: api"},{"code":"DeploymentConnectorUpdateFailure","message":"Deployment with id=d-1 or key=checkout failed while trying to update Connector id=d-1 or key=checkout (cause: connector version 5 is not published)"}]}"#
    );
}

// ----- One golden per code: general errors ----------------------------------------------------

#[test]
fn invalid_json_input_golden() {
    check(
        &invalid_json_input(),
        400,
        r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"missing field `key` at line 1 column 2"}]}"#,
    );
}

#[test]
fn invalid_query_param_golden() {
    check(
        &GeneralError::InvalidQueryParam {
            detailed_error_message: "limit: invalid digit found in string".into(),
        },
        400,
        r#"{"statusCode":400,"message":"Request query param is not valid","errors":[{"code":"InvalidQueryParam","message":"Request query param is not valid","detailedErrorMessage":"limit: invalid digit found in string"}]}"#,
    );
}

#[test]
fn invalid_path_param_golden() {
    check(
        &GeneralError::InvalidPathParam { detailed_error_message: "id: expected a UUID".into() },
        400,
        r#"{"statusCode":400,"message":"Request path param is not valid","errors":[{"code":"InvalidPathParam","message":"Request path param is not valid","detailedErrorMessage":"id: expected a UUID"}]}"#,
    );
}

#[test]
fn duplicate_field_golden() {
    // `duplicateValue` is Any: the message shows it as JSON.
    check(
        &duplicate_field(),
        400,
        r#"{"statusCode":400,"message":"A duplicate value \"checkout\" exists for field key.","errors":[{"code":"DuplicateField","message":"A duplicate value \"checkout\" exists for field key.","field":"key","duplicateValue":"checkout"}]}"#,
    );
    check(
        &GeneralError::DuplicateField { field: "sku".into(), duplicate_value: json!(1042) },
        400,
        r#"{"statusCode":400,"message":"A duplicate value 1042 exists for field sku.","errors":[{"code":"DuplicateField","message":"A duplicate value 1042 exists for field sku.","field":"sku","duplicateValue":1042}]}"#,
    );
}

#[test]
fn field_value_not_found_golden() {
    check(
        &GeneralError::FieldValueNotFound { field: "region".into(), value: json!("mars-1") },
        400,
        r#"{"statusCode":400,"message":"The value \"mars-1\" for the region field was not found","errors":[{"code":"FieldValueNotFound","message":"The value \"mars-1\" for the region field was not found","field":"region","value":"mars-1"}]}"#,
    );
}

#[test]
fn git_repository_not_reachable_golden() {
    check(
        &GeneralError::GitRepositoryNotReachableError,
        400,
        r#"{"statusCode":400,"message":"Repository with the tag is not reachable","errors":[{"code":"GitRepositoryNotReachable","message":"Repository with the tag is not reachable"}]}"#,
    );
}

#[test]
fn authentication_error_golden() {
    check(
        &GeneralError::AuthenticationError,
        401,
        r#"{"statusCode":401,"message":"Bad credientals or Client ID is not defined","errors":[{"code":"AuthenticationError","message":"Bad credientals or Client ID is not defined"}]}"#,
    );
}

#[test]
fn authorization_error_golden() {
    check(
        &GeneralError::AuthorizationError,
        403,
        r#"{"statusCode":403,"message":"Access denied","errors":[{"code":"AuthorizationError","message":"Access denied"}]}"#,
    );
}

#[test]
fn resource_not_found_golden() {
    check(
        &resource_not_found(),
        404,
        r#"{"statusCode":404,"message":"Deployment with id=d-1 or key=checkout does not exist","errors":[{"code":"ResourceNotFound","message":"Deployment with id=d-1 or key=checkout does not exist"}]}"#,
    );
}

#[test]
fn concurrent_modification_golden() {
    check(
        &concurrent_modification(),
        409,
        r#"{"statusCode":409,"message":"Object id=d-1 or key=checkout has a different version than expected. Expected: 3 - Actual: 4)","errors":[{"code":"ConcurrentModification","message":"Object id=d-1 or key=checkout has a different version than expected. Expected: 3 - Actual: 4)","expectedVersion":3,"currentVersion":4}]}"#,
    );
}

#[test]
fn general_golden_does_not_leak_the_source() {
    check(
        &general(),
        500,
        r#"{"statusCode":500,"message":"Write operations are temporarily unavailable","errors":[{"code":"General","message":"Write operations are temporarily unavailable"}]}"#,
    );
    let source = std::error::Error::source(&general()).unwrap().to_string();
    assert_eq!(source, "pool timed out while waiting for an open connection to 10.0.0.7:5432");
}

#[test]
fn bad_gateway_golden() {
    check(
        &GeneralError::BadGateway { description: "Scaling in progress" },
        502,
        r#"{"statusCode":502,"message":"Scaling in progress","errors":[{"code":"BadGateway","message":"Scaling in progress"}]}"#,
    );
}

// ----- One golden per code: Connectors ----------------------------------------------------------

#[test]
fn connector_already_certified_golden() {
    check(
        &ConnectorError::ConnectorAlreadyCertified,
        400,
        r#"{"statusCode":400,"message":"The ConnectorStaged is already certified","errors":[{"code":"ConnectorAlreadyCertified","message":"The ConnectorStaged is already certified"}]}"#,
    );
}

#[test]
fn connector_reference_not_found_golden() {
    check(
        &ConnectorError::ConnectorReferenceNotFoundError { identifier: "stripe".into(), version: 4 },
        400,
        r#"{"statusCode":400,"message":"Connector 'stripe' with version 4 not found","errors":[{"code":"ConnectorReferenceNotFound","message":"Connector 'stripe' with version 4 not found"}]}"#,
    );
}

#[test]
fn connector_specification_file_not_found_golden() {
    check(
        &spec_not_found(),
        400,
        r#"{"statusCode":400,"message":"The file connect.yaml at https://github.com/acme/connector with the tag v1.2.0 was not found","errors":[{"code":"ConnectorSpecificationFileNotFound","message":"The file connect.yaml at https://github.com/acme/connector with the tag v1.2.0 was not found"}]}"#,
    );
}

#[test]
fn connector_specification_file_not_valid_golden() {
    check(
        &ConnectorError::ConnectorSpecificationFileNotValidError {
            url: "https://github.com/acme/connector".into(),
            tag: "v1.2.0".into(),
        },
        400,
        r#"{"statusCode":400,"message":"The file connect.yaml at https://github.com/acme/connector with the tag v1.2.0 is not valid","errors":[{"code":"ConnectorSpecificationFileNotValid","message":"The file connect.yaml at https://github.com/acme/connector with the tag v1.2.0 is not valid"}]}"#,
    );
}

#[test]
fn connector_staged_in_certification_golden() {
    check(
        &ConnectorError::ConnectorStagedInCertification,
        400,
        r#"{"statusCode":400,"message":"The ConnectorStaged is already in certification","errors":[{"code":"ConnectorStagedInCertification","message":"The ConnectorStaged is already in certification"}]}"#,
    );
}

#[test]
fn connector_staged_not_previewable_golden() {
    check(
        &ConnectorError::ConnectorStagedNotPreviewable {
            resource_id: "c-1".into(),
            resource_key: "stripe".into(),
            version: 2,
        },
        400,
        r#"{"statusCode":400,"message":"Connector id=c-1 or key=stripe with version 2 is not previewable","errors":[{"code":"ConnectorStagedNotPreviewable","message":"Connector id=c-1 or key=stripe with version 2 is not previewable"}]}"#,
    );
}

#[test]
fn connector_staged_not_private_golden() {
    check(
        &ConnectorError::ConnectorStagedNotPrivate {
            resource_id: "c-1".into(),
            resource_key: "stripe".into(),
        },
        400,
        r#"{"statusCode":400,"message":"The operation is not valid because ConnectorStaged with id=c-1 or key=stripe is not private","errors":[{"code":"ConnectorStagedNotPrivate","message":"The operation is not valid because ConnectorStaged with id=c-1 or key=stripe is not private"}]}"#,
    );
}

#[test]
fn connector_staged_preview_request_under_process_golden() {
    check(
        &ConnectorError::ConnectorStagedPreviewRequestUnderProcess,
        400,
        r#"{"statusCode":400,"message":"The ConnectorStaged preview request is already in progress","errors":[{"code":"ConnectorStagedPreviewRequestUnderProcess","message":"The ConnectorStaged preview request is already in progress"}]}"#,
    );
}

// ----- One golden per code: Deployments ---------------------------------------------------------

#[test]
fn deployment_unsupported_region_golden() {
    check(
        &DeploymentError::DeploymentUnsupportedRegion { region: "mars-1".into() },
        400,
        r#"{"statusCode":400,"message":"Deployment unsupported region mars-1","errors":[{"code":"DeploymentUnsupportedRegion","message":"Deployment unsupported region mars-1"}]}"#,
    );
}

#[test]
fn deployment_unknown_application_configuration_golden() {
    check(
        &DeploymentError::DeploymentUnknownApplicationConfiguration {
            unknown_application_name: "mailer".into(),
        },
        400,
        r#"{"statusCode":400,"message":"Deployment does not require configuration for application named 'mailer'.","errors":[{"code":"DeploymentUnknownApplicationConfiguration","message":"Deployment does not require configuration for application named 'mailer'."}]}"#,
    );
}

#[test]
fn deployment_unknown_application_configuration_key_golden() {
    check(
        &unknown_configuration_key(),
        400,
        r#"{"statusCode":400,"message":"Deployment does not require secret configuration with key STRIPE_KEY for application named payments.","errors":[{"code":"DeploymentUnknownApplicationConfigurationKey","message":"Deployment does not require secret configuration with key STRIPE_KEY for application named payments."}]}"#,
    );
    let standard = DeploymentError::DeploymentUnknownApplicationConfigurationKey {
        configuration_kind: ConfigurationKind::Standard,
        configuration_key: "LOG_LEVEL".into(),
        application_name: "api".into(),
    };
    assert_eq!(
        standard.to_string(),
        "Deployment does not require standard configuration with key LOG_LEVEL for application named api."
    );
}

#[test]
fn deployment_invalid_status_transition_golden() {
    // The seed's message verbatim.
    check(
        &DeploymentError::DeploymentInvalidStatusTransition { status: DeploymentStatus::Deploying },
        400,
        r#"{"statusCode":400,"message":"Invalid status change: Already deploying","errors":[{"code":"DeploymentInvalidStatusTransition","message":"Invalid status change: Already deploying"}]}"#,
    );
    let message = |status| DeploymentError::DeploymentInvalidStatusTransition { status }.to_string();
    assert_eq!(message(DeploymentStatus::Queued), "Invalid status change: Already queued");
    assert_eq!(message(DeploymentStatus::Undeploying), "Invalid status change: Already undeploying");
}

#[test]
fn deployment_application_do_not_belong_golden() {
    check(
        &DeploymentError::DeploymentApplicationDoNotBelong {
            resource_id: "d-1".into(),
            resource_key: "checkout".into(),
            application_name: "mailer".into(),
        },
        422,
        r#"{"statusCode":422,"message":"Deployment with id=d-1 or key=checkout does not include application: mailer","errors":[{"code":"DeploymentApplicationDoNotBelong","message":"Deployment with id=d-1 or key=checkout does not include application: mailer"}]}"#,
    );
}

#[test]
fn deployment_application_required_golden() {
    check(
        &DeploymentError::DeploymentApplicationRequired,
        422,
        r#"{"statusCode":422,"message":"A Deployment requires at least one application","errors":[{"code":"DeploymentApplicationRequired","message":"A Deployment requires at least one application"}]}"#,
    );
}

#[test]
fn deployment_must_include_application_golden() {
    check(
        &DeploymentError::DeploymentMustIncludeApplication {
            resource_id: "d-1".into(),
            resource_key: "checkout".into(),
            application_name: "api".into(),
        },
        422,
        r#"{"statusCode":422,"message":"Deployment with id=d-1 or key=checkout must include application: api","errors":[{"code":"DeploymentMustIncludeApplication","message":"Deployment with id=d-1 or key=checkout must include application: api"}]}"#,
    );
}

#[test]
fn deployment_connector_update_failure_golden() {
    check(
        &connector_update_failure(),
        422,
        r#"{"statusCode":422,"message":"Deployment with id=d-1 or key=checkout failed while trying to update Connector id=d-1 or key=checkout (cause: connector version 5 is not published)","errors":[{"code":"DeploymentConnectorUpdateFailure","message":"Deployment with id=d-1 or key=checkout failed while trying to update Connector id=d-1 or key=checkout (cause: connector version 5 is not published)"}]}"#,
    );
}

/// The catalog of the whole connect API, rendered like the seed page. `ERRWIRE_BLESS=1`
/// rewrites the golden file after a deliberate change.
#[test]
fn markdown_catalog_matches_the_golden_page() {
    let markdown = errwire::Catalog::of::<ConnectError>().to_markdown();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/golden/connect-catalog.md");
    if std::env::var_os("ERRWIRE_BLESS").is_some() {
        std::fs::write(path, &markdown).unwrap();
    }
    assert_eq!(markdown, std::fs::read_to_string(path).unwrap());
}

#[test]
fn catalog_lists_every_code_exactly_once() {
    let catalog = errwire::Catalog::of::<ConnectError>();
    let mut codes: Vec<&str> = catalog.entries().iter().map(|entry| entry.code).collect();
    assert_eq!(codes.len(), 28, "{codes:?}");
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(codes.len(), 28, "a code listed twice");
    let markdown = catalog.to_markdown();
    for code in codes {
        assert_eq!(markdown.matches(&format!("| `{code}` |")).count(), 1, "{code}");
    }
}

#[test]
fn json_catalog_carries_members_with_json_types() {
    let json: Value = serde_json::from_str(&errwire::Catalog::of::<ConnectError>().to_json()).unwrap();
    let duplicate = json.as_array().unwrap().iter().find(|e| e["code"] == "DuplicateField").unwrap();
    assert_eq!(duplicate["status"], 400);
    assert_eq!(duplicate["title"], "Bad Request");
    assert_eq!(duplicate["message"], "A duplicate value {duplicate_value} exists for field {field}.");
    assert!(duplicate["description"].as_str().unwrap().starts_with("Returned when a field value conflicts"));
    assert_eq!(
        duplicate["members"],
        json!([
            {"name": "field", "type": "string", "schema": {"type": "string"}, "in": "body", "description": "Name of the conflicting field."},
            {"name": "duplicateValue", "type": "any JSON value", "schema": {}, "in": "body", "description": "Conflicting duplicate value."},
        ])
    );
    let conflict = json.as_array().unwrap().iter().find(|e| e["code"] == "ConcurrentModification").unwrap();
    let types: Vec<&Value> = conflict["members"].as_array().unwrap().iter().map(|m| &m["type"]).collect();
    assert_eq!(types, ["integer", "integer"]);
    // The client's vocabulary only: no Rust type, no variant name.
    for row in json.as_array().unwrap() {
        assert!(row.get("variant").is_none() && row.get("fields").is_none(), "{row}");
        for member in row["members"].as_array().unwrap() {
            assert!(member.get("ty").is_none(), "{member}");
        }
    }
}

/// The connect service as it runs behind errwire's layer: its own errors and the layer's general
/// ones. `ResourceNotFound` and `General` are each answered with two messages: two rows each.
fn service_catalog() -> errwire::Catalog {
    let mut catalog = errwire::Catalog::of::<ConnectError>();
    catalog.add::<errwire::GeneralError>();
    catalog
}

#[test]
fn resource_not_found_has_a_row_per_message() {
    let catalog = service_catalog();
    let messages = |code: &str| -> Vec<&str> {
        catalog.entries().iter().filter(|e| e.code == code).map(|e| e.message()).collect()
    };
    assert_eq!(
        messages("ResourceNotFound"),
        [
            "Deployment with id={resource_id} or key={resource_key} does not exist",
            "The resource addressed by the request URL does not exist"
        ]
    );
    assert_eq!(messages("General"), ["{description}", "An internal error occurred"]);
    // The layer's InvalidJsonInput says what the service's says: one row.
    assert_eq!(messages("InvalidJsonInput"), ["Request body does not contain valid JSON."]);
    // The connect API's 28 rows, and the layer's 8 of which 3 say what the service's say.
    assert_eq!(catalog.entries().len(), 33);
    let mut again = service_catalog();
    again.add::<errwire::GeneralError>().add::<ConnectError>();
    assert_eq!(again.entries().len(), 33, "adding a type twice adds no row");

    let markdown = catalog.to_markdown();
    let not_found = &markdown[markdown.find("## 404 Not Found").unwrap()..markdown.find("## 405").unwrap()];
    assert_eq!(not_found.matches("| `ResourceNotFound` |").count(), 2, "{not_found}");
    assert!(not_found.contains(
        "| `ResourceNotFound` | The resource addressed by the request URL does not exist | Returned when the resource addressed by the request URL does not exist. |"
    ));
    let html = catalog.to_html();
    assert!(html.contains("<tr id=\"code-ResourceNotFound\">"));
    assert!(html.contains("<tr id=\"code-ResourceNotFound-2\">"));
    assert!(html.contains("<tr id=\"code-General-2\">"));
    let json: Value = serde_json::from_str(&catalog.to_json()).unwrap();
    assert_eq!(json.as_array().unwrap().iter().filter(|e| e["code"] == "ResourceNotFound").count(), 2);
}

/// The service catalog's page, twin rows included, as exact bytes (`ERRWIRE_BLESS=1` rewrites).
#[test]
fn markdown_service_catalog_matches_the_golden_page() {
    let markdown = service_catalog().to_markdown();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/golden/connect-service-catalog.md");
    if std::env::var_os("ERRWIRE_BLESS").is_some() {
        std::fs::write(path, &markdown).unwrap();
    }
    assert_eq!(markdown, std::fs::read_to_string(path).unwrap());
}

/// Every code of the seed, rendered, is valid against the OpenAPI schema of its status, which
/// tells it apart from the other codes of that status (a `oneOf` by `code`).
#[test]
fn every_seed_error_is_documented() {
    documented::assert_documented(&examples());
    let responses = serde_json::to_value(<ConnectError as utoipa::IntoResponses>::responses()).unwrap();
    let schema = &responses["400"]["content"]["application/json"]["schema"];
    assert_eq!(schema["oneOf"].as_array().map(Vec::len), Some(18), "{schema}");
}

//! The errors every contender renders: the same three cases, declared once per crate the way a
//! user of that crate would declare them.
//!
//! Fields are `Copy` data (`&'static str`, integers), so that a contender that consumes its error
//! (axum's `IntoResponse` takes `self`) can get a fresh one per render for a few moves.

use core::fmt;

/// The source of the 500: an internal failure whose text must never reach a body.
#[derive(Debug, Clone, Copy, thiserror::Error)]
#[error("connection to the primary reset (os error {0})")]
pub struct DbError(pub i32);

/// The fields of the 409 (a formatted message naming three fields, two of them body members).
pub const DEPLOYMENT: &str = "api-gateway";
/// The version the client expected.
pub const EXPECTED_VERSION: u64 = 41;
/// The version the server has.
pub const CURRENT_VERSION: u64 = 42;
/// The length limit of the validation case.
pub const MAX_LEN: u32 = 64;
/// How many errors the validation case answers at once.
pub const VALIDATION_ERRORS: usize = 10;

/// The fields the validation case reports, `items[i].name`.
pub const FIELDS: [&str; VALIDATION_ERRORS] = [
    "items[0].name",
    "items[1].name",
    "items[2].name",
    "items[3].name",
    "items[4].name",
    "items[5].name",
    "items[6].name",
    "items[7].name",
    "items[8].name",
    "items[9].name",
];

/// The user-facing message of the 409, as the hand-written code writes it.
pub struct ConflictMessage<'a> {
    /// The deployment's name.
    pub deployment: &'a str,
    /// The version the client expected.
    pub expected_version: u64,
    /// The version the server has.
    pub current_version: u64,
}

impl fmt::Display for ConflictMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Deployment {} was changed: expected version {}, found {}",
            self.deployment, self.expected_version, self.current_version
        )
    }
}

/// The user-facing message of one validation error.
pub struct TooLongMessage<'a> {
    /// The field that is too long.
    pub field: &'a str,
    /// Its maximum length.
    pub max: u32,
}

impl fmt::Display for TooLongMessage<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Field {} must be at most {} characters", self.field, self.max)
    }
}

/// The service's errors with errwire: problem+json (the default format).
#[derive(Debug, Clone, thiserror::Error, errwire::ApiError)]
#[api(rename_all = "camelCase")]
pub enum ServiceError {
    /// Somebody else changed the deployment since it was read.
    #[error("deployment {deployment} changed: expected version {expected_version}, found {current_version}")]
    #[api(
        status = 409,
        code = "ConcurrentModification",
        msg = "Deployment {deployment} was changed: expected version {expected_version}, found {current_version}"
    )]
    Conflict {
        #[api(skip)]
        deployment: &'static str,
        expected_version: u64,
        current_version: u64,
    },

    /// The database failed; the body says only "Internal Server Error".
    #[error("database failure")]
    #[api(status = 500, code = "General")]
    Database(#[source] DbError),

    /// One invalid field of a request (several are answered together).
    #[error("{field} is too long")]
    #[api(status = 422, code = "TooLong", msg = "Field {field} must be at most {max} characters")]
    TooLong { field: &'static str, max: u32 },
}

/// The same errors with errwire and a user-defined format writing api-error's body,
/// `{"message":"…"}`.
#[derive(Debug, Clone, thiserror::Error, errwire::ApiError)]
#[api(format = errwire_custom_format::MessageOnly)]
pub enum MessageError {
    /// See [`ServiceError::Conflict`].
    #[error("deployment {deployment} changed: expected version {expected_version}, found {current_version}")]
    #[api(
        status = 409,
        code = "ConcurrentModification",
        msg = "Deployment {deployment} was changed: expected version {expected_version}, found {current_version}"
    )]
    Conflict { deployment: &'static str, expected_version: u64, current_version: u64 },

    /// See [`ServiceError::Database`].
    #[error("database failure")]
    #[api(status = 500, code = "General")]
    Database(#[source] DbError),
}

/// The same errors as a plain thiserror enum: what the hand-written code and the peers that
/// have no derive (http-api-problem, problem_details) start from.
#[derive(Debug, Clone, thiserror::Error)]
pub enum PlainError {
    /// See [`ServiceError::Conflict`].
    #[error("deployment {deployment} changed: expected version {expected_version}, found {current_version}")]
    Conflict { deployment: &'static str, expected_version: u64, current_version: u64 },

    /// See [`ServiceError::Database`].
    #[error("database failure")]
    Database(#[source] DbError),

    /// See [`ServiceError::TooLong`].
    #[error("{field} is too long")]
    TooLong { field: &'static str, max: u32 },
}

/// The same errors with api-error's derive (`{"message":"…"}` bodies).
pub mod with_api_error {
    use api_error::ApiError;

    use super::DbError;

    /// See [`ServiceError`](super::ServiceError).
    #[derive(Debug, Clone, thiserror::Error, ApiError)]
    pub enum AeError {
        /// See [`ServiceError::Conflict`](super::ServiceError::Conflict).
        #[error(
            "deployment {deployment} changed: expected version {expected_version}, found {current_version}"
        )]
        #[api_error(
            status_code = 409,
            message = "Deployment {deployment} was changed: expected version {expected_version}, found {current_version}"
        )]
        Conflict { deployment: &'static str, expected_version: u64, current_version: u64 },

        /// See [`ServiceError::Database`](super::ServiceError::Database).
        #[error("database failure")]
        #[api_error(status_code = 500)]
        Database(#[source] DbError),
    }
}

pub use with_api_error::AeError;

/// Every contender's error values, built once outside the measured loops.
pub struct Fixtures {
    /// errwire, problem+json: the 409.
    pub conflict: ServiceError,
    /// errwire, problem+json: the 500.
    pub internal: ServiceError,
    /// errwire, problem+json: ten validation errors.
    pub validation: errwire::Errors<ServiceError>,
    /// errwire, `{"message"}`: the 409.
    pub message_conflict: MessageError,
    /// errwire, `{"message"}`: the 500.
    pub message_internal: MessageError,
    /// thiserror only: the 409.
    pub plain_conflict: PlainError,
    /// thiserror only: the 500.
    pub plain_internal: PlainError,
    /// thiserror only: ten validation errors.
    pub plain_validation: Vec<PlainError>,
    /// api-error: the 409.
    pub ae_conflict: AeError,
    /// api-error: the 500.
    pub ae_internal: AeError,
}

impl Fixtures {
    /// The fixtures.
    pub fn new() -> Self {
        let (deployment, expected_version, current_version) = (DEPLOYMENT, EXPECTED_VERSION, CURRENT_VERSION);
        let source = DbError(104);
        Fixtures {
            conflict: ServiceError::Conflict { deployment, expected_version, current_version },
            internal: ServiceError::Database(source),
            validation: FIELDS.iter().map(|&field| ServiceError::TooLong { field, max: MAX_LEN }).collect(),
            message_conflict: MessageError::Conflict { deployment, expected_version, current_version },
            message_internal: MessageError::Database(source),
            plain_conflict: PlainError::Conflict { deployment, expected_version, current_version },
            plain_internal: PlainError::Database(source),
            plain_validation: FIELDS
                .iter()
                .map(|&field| PlainError::TooLong { field, max: MAX_LEN })
                .collect(),
            ae_conflict: AeError::Conflict { deployment, expected_version, current_version },
            ae_internal: AeError::Database(source),
        }
    }
}

impl Default for Fixtures {
    fn default() -> Self {
        Fixtures::new()
    }
}

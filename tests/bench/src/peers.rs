//! The peer crates, used the way their documentation shows, producing the same bodies.
//!
//! Where a peer has no `http::Response<Vec<u8>>` of its own, its body bytes go into
//! `http::Response::builder()` with a const content type, exactly as the limit does, so that the
//! difference is the peer's own work (building its problem value, serializing it). Through axum,
//! each peer's own `IntoResponse` is used.

use http::header::CONTENT_TYPE;
use http::{HeaderValue, Response, StatusCode, Uri};
use serde::Serialize;

use crate::fixtures::{AeError, ConflictMessage, PlainError, TooLongMessage};
use crate::limit::{self, Items, JSON, PROBLEM_JSON};

fn respond(status: StatusCode, content_type: HeaderValue, body: Vec<u8>) -> Response<Vec<u8>> {
    Response::builder().status(status).header(CONTENT_TYPE, content_type).body(body).unwrap_or_default()
}

/// http-api-problem: the error as an `HttpApiProblem` (owned strings, extension members as
/// `serde_json::Value`s in a `HashMap`).
pub mod http_api_problem {
    use ::http_api_problem::HttpApiProblem;

    use super::*;

    /// The error as the peer's problem value.
    pub fn problem(err: &PlainError) -> HttpApiProblem {
        match *err {
            PlainError::Conflict { deployment, expected_version, current_version } => {
                HttpApiProblem::with_title(StatusCode::CONFLICT)
                    .type_url("about:blank")
                    .detail(ConflictMessage { deployment, expected_version, current_version }.to_string())
                    .value("expectedVersion", &expected_version)
                    .value("currentVersion", &current_version)
            }
            PlainError::Database(_) => HttpApiProblem::with_title(StatusCode::INTERNAL_SERVER_ERROR)
                .type_url("about:blank")
                .detail("Internal Server Error")
                .instance(limit::next_instance().as_str()),
            PlainError::TooLong { field, max } => {
                HttpApiProblem::with_title(StatusCode::UNPROCESSABLE_ENTITY)
                    .type_url("about:blank")
                    .detail(TooLongMessage { field, max }.to_string())
                    .value("field", &field)
                    .value("max", &max)
            }
        }
    }

    /// Several errors as one problem with an `errors` extension member.
    pub fn problems(errs: &[PlainError]) -> HttpApiProblem {
        HttpApiProblem::with_title(StatusCode::UNPROCESSABLE_ENTITY)
            .type_url("about:blank")
            .value("errors", &Items(errs))
    }

    /// `json_bytes()` into an `http::Response`.
    pub fn response(problem: &HttpApiProblem) -> Response<Vec<u8>> {
        let status = problem.status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        respond(status, PROBLEM_JSON, problem.json_bytes())
    }

    /// The peer's own axum response (it adds a `content-length`).
    pub fn axum(err: &PlainError) -> axum::response::Response {
        problem(err).to_axum_response()
    }
}

/// problem_details: `ProblemDetails<Ext>` with typed extension members (flattened), the type
/// and instance as `http::Uri`.
pub mod problem_details {
    use ::problem_details::{JsonProblemDetails, ProblemDetails};

    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct ConflictExt {
        expected_version: u64,
        current_version: u64,
    }

    #[derive(Serialize)]
    struct ErrorsExt<'a> {
        errors: Items<'a>,
    }

    fn base(status: StatusCode) -> ProblemDetails {
        ProblemDetails::from_status_code(status).with_type(Uri::from_static("about:blank"))
    }

    fn render<Ext: Serialize>(problem: ProblemDetails<Ext>) -> Response<Vec<u8>> {
        let status = problem.status.unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        respond(status, PROBLEM_JSON, serde_json::to_vec(&problem).unwrap_or_default())
    }

    /// One error into an `http::Response`.
    pub fn response(err: &PlainError) -> Response<Vec<u8>> {
        match *err {
            PlainError::Conflict { deployment, expected_version, current_version } => render(
                base(StatusCode::CONFLICT)
                    .with_detail(
                        ConflictMessage { deployment, expected_version, current_version }.to_string(),
                    )
                    .with_extensions(ConflictExt { expected_version, current_version }),
            ),
            PlainError::Database(_) => render(internal()),
            PlainError::TooLong { .. } => responses(core::slice::from_ref(err)),
        }
    }

    fn internal() -> ProblemDetails {
        // `instance` is an `http::Uri` here, which takes no URN: the bare UUID instead (read as
        // an authority, written back as given), the same id without its `urn:uuid:` prefix.
        let id = limit::next_instance();
        let instance = Uri::try_from(&id.as_str()["urn:uuid:".len()..]).unwrap_or_default();
        base(StatusCode::INTERNAL_SERVER_ERROR).with_detail("Internal Server Error").with_instance(instance)
    }

    /// Several errors as one problem with an `errors` extension member.
    pub fn responses(errs: &[PlainError]) -> Response<Vec<u8>> {
        render(base(StatusCode::UNPROCESSABLE_ENTITY).with_extensions(ErrorsExt { errors: Items(errs) }))
    }

    /// The peer's own axum response (`JsonProblemDetails`).
    pub fn axum(err: &PlainError) -> axum::response::Response {
        use axum::response::IntoResponse;
        match *err {
            PlainError::Conflict { deployment, expected_version, current_version } => {
                JsonProblemDetails::from(
                    base(StatusCode::CONFLICT)
                        .with_detail(
                            ConflictMessage { deployment, expected_version, current_version }.to_string(),
                        )
                        .with_extensions(ConflictExt { expected_version, current_version }),
                )
                .into_response()
            }
            PlainError::Database(_) => JsonProblemDetails::from(internal()).into_response(),
            PlainError::TooLong { .. } => StatusCode::UNPROCESSABLE_ENTITY.into_response(),
        }
    }
}

/// api-error: `{"message":"…"}` with the message as a `Cow` (an owned `String` when formatted).
pub mod api_error {
    use ::api_error::ApiError;
    use ::api_error::axum::ApiErrorResponse;

    use super::*;

    /// The body its axum integration writes, into an `http::Response`.
    pub fn response(err: &AeError) -> Response<Vec<u8>> {
        let body = serde_json::to_vec(&ApiErrorResponse::new(err)).unwrap_or_default();
        respond(err.status_code(), JSON, body)
    }

    /// The peer's own axum response.
    pub fn axum(err: &AeError) -> axum::response::Response {
        axum::response::IntoResponse::into_response(err)
    }
}

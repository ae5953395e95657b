//! The example service: deployments in an in-memory store, behind an axum router whose errors
//! reproduce the connect-api seed (`shared/seeds/connect-api-errors.txt`): its codes, its
//! messages with real values, its camelCase extra members.
//!
//! Routes:
//!
//! | route | success | errors |
//! |---|---|---|
//! | `GET /deployments/{id}` | 200, the deployment | 404 `ResourceNotFound` |
//! | `POST /deployments` `{"key":…}` | 201, the new deployment | 400 `DuplicateField` |
//! | `PUT /deployments/{id}` `{"version":…,"key":…}` | 200, the updated deployment | 404, 400 `DuplicateField`, 409 `ConcurrentModification` |
//! | `POST /deployments/{id}/redeploy` | — | 404, 500 `General` (the database is down) |
//! | `GET /deployments/{id}/logs` | — | 404, 503 `ServiceUnavailable` with `Retry-After` |
//!
//! `GET /openapi.json` is the service's OpenAPI document (each operation's error responses come
//! from the error types: per status a schema per code and every code as a named example) and
//! `GET /errors` the error page (HTML, Markdown like the seed's, or JSON, as the request's
//! `Accept` prefers), both generated from the same derive.
//!
//! `POST /deployments` allows [`CREATES_PER_MINUTE`] creates a minute, then answers 429
//! `LimitsExceeded` with `Retry-After`.
//!
//! The same port serves gRPC (`errwire.example.Deployments`, in `grpc.rs`): the same store and
//! the same `ConnectError`, answered as `tonic::Status` with google.rpc details.
//!
//! The store starts with deployment 1 (`checkout`, version 3) and 2 (`payments`, version 1).
//! Every call of [`router`] starts from that state.
//!
//! Errors are in the seed's error-list envelope (`{"statusCode","message","errors":[…]}`), set
//! once in [`FORMAT`]: the derived enum names it, and [`errwire::axum::ErrorLayer`] uses it for
//! what fails before a handler (malformed JSON, a bad path parameter, an unknown route, a
//! panic). A 500 carries its instance id in the `x-request-id` header.
//!
//! This file is also compiled by the integration tests (`tests/test_axum.rs`), which serve
//! [`router`] on loopback and compare every response body byte for byte.

use std::collections::BTreeMap;
use std::io;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use errwire::ApiError;
use errwire::axum::{ErrorLayer, Json, Path};
use errwire::format::ErrorList;

/// Creates allowed per minute before `LimitsExceeded` (429).
pub const CREATES_PER_MINUTE: u32 = 5;

/// The one envelope of every error this service returns: the connect-api seed's error list.
pub const FORMAT: ErrorList = ErrorList;
use serde::{Deserialize, Serialize};

/// The gRPC service over the same store, from the same `ConnectError` (errwire's `tonic`).
#[path = "grpc.rs"]
pub mod grpc;

/// The errors of the deployments API, as the connect-api seed documents them.
///
/// `#[error]` (thiserror) is the internal text that goes to the logs; `msg` is what clients
/// read. Fields are body members in camelCase unless skipped; the source of `General` never
/// reaches a body.
///
/// Clients read `msg` in English (the default language) or German: `locales/de.ftl` next to
/// this file translates every code, and a request's `Accept-Language` picks the language (the
/// response says which in `Content-Language`). The folder is named relative to the compiling
/// crate's `Cargo.toml`, and this file is compiled by two crates: the example (`runtime/`) and
/// the integration tests (`tests/`). `../runtime/examples/service/locales` names the same folder
/// from both, as both crates are folders of the workspace root.
#[derive(Debug, thiserror::Error, ApiError)]
#[api(
    format = FORMAT,
    rename_all = "camelCase",
    grpc_domain = "deployments.example.com",
    locales = "../runtime/examples/service/locales"
)]
pub enum ConnectError {
    /// Returned when the resource addressed by the request URL does not exist.
    #[error("deployment {id} not found")]
    #[api(status = 404, code = "ResourceNotFound", msg = "Deployment with id={id} does not exist")]
    ResourceNotFound {
        #[api(skip)]
        id: u64,
    },

    /// Returned when a field value conflicts with an existing value causing a duplicate.
    #[error("duplicate {field}: {duplicate_value}")]
    #[api(
        status = 400,
        code = "DuplicateField",
        msg = "A duplicate value {duplicate_value} exists for field {field}."
    )]
    DuplicateField {
        /// Name of the conflicting field.
        field: &'static str,
        /// Conflicting duplicate value.
        duplicate_value: String,
    },

    /// Returned when the request conflicts with the current state of the involved resources.
    /// Typically, the request attempts to modify a resource that is out of date (that is
    /// modified by another client since it was last retrieved). The client application should
    /// resolve the conflict (with or without involving the end user) before retrying the
    /// request.
    #[error("deployment {id}: expected version {expected_version}, found {current_version}")]
    #[api(
        status = 409,
        code = "ConcurrentModification",
        msg = "Object id={id} has a different version than expected. Expected: {expected_version} - Actual: {current_version}."
    )]
    ConcurrentModification {
        #[api(skip)]
        id: u64,
        /// Expected version of the resource.
        expected_version: u64,
        /// Current version of the resource.
        current_version: u64,
    },

    /// Returned when the client sent more requests than its quota allows. Wait for the number
    /// of seconds in the `Retry-After` header before retrying.
    #[error("create quota of {limit} per minute used up")]
    #[api(
        status = 429,
        code = "LimitsExceeded",
        msg = "Rate limit exceeded. Please retry after {retry_after} seconds"
    )]
    LimitsExceeded {
        #[api(skip)]
        limit: u32,
        #[api(header = "Retry-After")]
        retry_after: u64,
    },

    /// Returned when a part of the service is temporarily unavailable. Retry after the number of
    /// seconds in the `Retry-After` header, with exponential backoff after that.
    #[error("log storage of deployment {id} is still starting")]
    #[api(status = 503, code = "ServiceUnavailable", msg = "Deployment logs are temporarily unavailable")]
    ServiceUnavailable {
        #[api(skip)]
        id: u64,
        #[api(header = "Retry-After")]
        retry_after: u64,
    },

    /// Returned when a server-side problem occurs before or after data persistence. In some
    /// cases, the requested action may successfully complete after the error is returned.
    /// Therefore, it is recommended to verify the status of the requested resource after
    /// receiving a 500 error.
    ///
    /// If you encounter this error, report it to the Connect support team.
    #[error("redeploy of deployment {id} failed")]
    #[api(status = 500, code = "General", msg = "Write operations are temporarily unavailable")]
    General {
        #[api(skip)]
        id: u64,
        /// The internal cause: logged with the response's instance id, never sent.
        #[source]
        source: io::Error,
    },
}

/// One deployment, as stored and as returned.
#[derive(Clone, Debug, Serialize, utoipa::ToSchema)]
pub struct Deployment {
    /// Assigned by the store, from 1.
    pub id: u64,
    /// Unique among deployments.
    pub key: String,
    /// Starts at 1, incremented by every update.
    pub version: u64,
}

/// The in-memory store: deployments by id and the next id to assign.
#[derive(Debug)]
struct Store {
    deployments: BTreeMap<u64, Deployment>,
    next_id: u64,
    /// Creates in the current minute, and when that minute started.
    creates: u32,
    window_start: Instant,
}

impl Store {
    fn seeded() -> Self {
        let deployments = [(1, "checkout", 3), (2, "payments", 1)]
            .into_iter()
            .map(|(id, key, version)| {
                let key = key.to_owned();
                (id, Deployment { id, key, version })
            })
            .collect();
        Store { deployments, next_id: 3, creates: 0, window_start: Instant::now() }
    }

    fn get_mut(&mut self, id: u64) -> Result<&mut Deployment, ConnectError> {
        self.deployments.get_mut(&id).ok_or(ConnectError::ResourceNotFound { id })
    }

    /// `LimitsExceeded` once [`CREATES_PER_MINUTE`] creates happened in the current minute.
    fn count_create(&mut self) -> Result<(), ConnectError> {
        let elapsed = self.window_start.elapsed();
        if elapsed >= Duration::from_secs(60) {
            (self.creates, self.window_start) = (0, Instant::now());
        }
        if self.creates >= CREATES_PER_MINUTE {
            let retry_after = 60u64.saturating_sub(self.window_start.elapsed().as_secs()).max(1);
            return Err(ConnectError::LimitsExceeded { limit: CREATES_PER_MINUTE, retry_after });
        }
        self.creates += 1;
        Ok(())
    }

    /// `DuplicateField` when a deployment other than `except` already has `key`.
    fn check_unique_key(&self, key: &str, except: Option<u64>) -> Result<(), ConnectError> {
        let taken = self.deployments.values().any(|d| d.key == key && Some(d.id) != except);
        if taken {
            return Err(ConnectError::DuplicateField { field: "key", duplicate_value: key.to_owned() });
        }
        Ok(())
    }
}

/// The router's state: the shared store.
#[derive(Clone, Debug)]
pub struct AppState {
    store: Arc<Mutex<Store>>,
}

impl AppState {
    /// A store holding the two seeded deployments.
    pub fn seeded() -> Self {
        AppState { store: Arc::new(Mutex::new(Store::seeded())) }
    }

    fn store(&self) -> MutexGuard<'_, Store> {
        // A panic while holding the lock can't leave a half-written deployment behind: every
        // mutation is a single assignment. So a poisoned lock is still usable.
        self.store.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// The service's routes over a freshly seeded store, and its gRPC service on the same port.
pub fn router() -> Router {
    let state = AppState::seeded();
    Router::new()
        .route("/deployments", post(create_deployment))
        .route("/deployments/{id}", get(get_deployment).put(update_deployment))
        .route("/deployments/{id}/redeploy", post(redeploy))
        .route("/deployments/{id}/logs", get(logs))
        .route("/openapi.json", get(openapi_json))
        .route("/errors", get(errors_page))
        .with_state(state.clone())
        .merge(grpc::router(state))
        .layer(ErrorLayer::new(FORMAT))
}

/// Reads one deployment.
#[utoipa::path(
    get,
    path = "/deployments/{id}",
    operation_id = "getDeployment",
    params(("id" = u64, Path, description = "The deployment's id")),
    responses((status = 200, description = "The deployment", body = Deployment), ConnectError),
)]
async fn get_deployment(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Deployment>, ConnectError> {
    let mut store = state.store();
    Ok(Json(store.get_mut(id)?.clone()))
}

/// Body of `POST /deployments`.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct CreateDeployment {
    key: String,
}

/// Creates a deployment with a unique key.
#[utoipa::path(
    post,
    path = "/deployments",
    operation_id = "createDeployment",
    request_body = CreateDeployment,
    responses((status = 201, description = "The new deployment", body = Deployment), ConnectError),
)]
async fn create_deployment(
    State(state): State<AppState>,
    Json(draft): Json<CreateDeployment>,
) -> Result<(StatusCode, Json<Deployment>), ConnectError> {
    let mut store = state.store();
    store.count_create()?;
    store.check_unique_key(&draft.key, None)?;
    let id = store.next_id;
    store.next_id += 1;
    let deployment = Deployment { id, key: draft.key, version: 1 };
    store.deployments.insert(id, deployment.clone());
    Ok((StatusCode::CREATED, Json(deployment)))
}

/// Body of `PUT /deployments/{id}`: the version the client last read, and the changes.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
struct UpdateDeployment {
    /// The version the client last read. JSON has one number type: `3.0` is the integer 3 as
    /// much as `3` is (JSON Schema's `integer` accepts both), so both are read.
    #[serde(deserialize_with = "integral")]
    version: u64,
    key: Option<String>,
}

/// A non-negative integer written in any JSON notation (`3`, `3.0`, `3e0`).
fn integral<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<u64, D::Error> {
    use serde::de::Error as _;
    let number = serde_json::Number::deserialize(deserializer)?;
    if let Some(n) = number.as_u64() {
        return Ok(n);
    }
    match number.as_f64() {
        // Exactly representable integers only: below 2^53, and with no fraction.
        Some(x) if x.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&x) => Ok(x as u64),
        _ => Err(D::Error::custom(format_args!("invalid value: {number}, expected a non-negative integer"))),
    }
}

/// Updates a deployment the client read at `version`.
#[utoipa::path(
    put,
    path = "/deployments/{id}",
    operation_id = "updateDeployment",
    params(("id" = u64, Path, description = "The deployment's id")),
    request_body = UpdateDeployment,
    responses((status = 200, description = "The updated deployment", body = Deployment), ConnectError),
)]
async fn update_deployment(
    State(state): State<AppState>,
    Path(id): Path<u64>,
    Json(update): Json<UpdateDeployment>,
) -> Result<Json<Deployment>, ConnectError> {
    let mut store = state.store();
    let current_version = store.get_mut(id)?.version;
    if update.version != current_version {
        return Err(ConnectError::ConcurrentModification {
            id,
            expected_version: update.version,
            current_version,
        });
    }
    if let Some(key) = &update.key {
        store.check_unique_key(key, Some(id))?;
    }
    let deployment = store.get_mut(id)?;
    if let Some(key) = update.key {
        deployment.key = key;
    }
    deployment.version += 1;
    Ok(Json(deployment.clone()))
}

/// Always fails after the lookup: the example's database is unreachable. The client sees a 500
/// with an instance id; the log shows the same id with the whole source chain.
#[utoipa::path(
    post,
    path = "/deployments/{id}/redeploy",
    operation_id = "redeploy",
    params(("id" = u64, Path, description = "The deployment's id")),
    responses((status = 200, description = "The redeployed deployment", body = Deployment), ConnectError),
)]
async fn redeploy(
    State(state): State<AppState>,
    Path(id): Path<u64>,
) -> Result<Json<Deployment>, ConnectError> {
    let deployment = state.store().get_mut(id)?.clone();
    write_to_database(&deployment).map_err(|source| ConnectError::General { id, source })?;
    Ok(Json(deployment))
}

/// The example has no log storage: it is always "still starting" (503 with `Retry-After`).
#[utoipa::path(
    get,
    path = "/deployments/{id}/logs",
    operation_id = "getLogs",
    params(("id" = u64, Path, description = "The deployment's id")),
    responses((status = 200, description = "The logs", body = String, content_type = "text/plain"), ConnectError),
)]
async fn logs(State(state): State<AppState>, Path(id): Path<u64>) -> Result<String, ConnectError> {
    state.store().get_mut(id)?;
    Err(ConnectError::ServiceUnavailable { id, retry_after: 30 })
}

/// Stands in for the database write of a redeploy; the database refuses the connection.
fn write_to_database(_deployment: &Deployment) -> io::Result<()> {
    Err(io::Error::new(
        io::ErrorKind::ConnectionRefused,
        "connection to 10.0.0.7:5432 refused: password authentication failed for user admin",
    ))
}

/// Every error this service can answer with: its own and the general ones of the layer.
pub fn catalog() -> errwire::Catalog {
    let mut catalog = errwire::Catalog::of::<ConnectError>();
    catalog.add::<errwire::GeneralError>();
    catalog
}

/// The OpenAPI document, from utoipa's own macros on the handlers (paths, parameters, request
/// bodies, success responses) and errwire's responses: every code of [`ConnectError`] on each
/// route (`responses(ConnectError)`), and the errors of the layer on each route they can happen
/// on (a bad `{id}`, a malformed body, a panic).
pub fn openapi() -> utoipa::openapi::OpenApi {
    use utoipa::OpenApi as _;

    #[derive(utoipa::OpenApi)]
    #[openapi(
        info(title = "errwire example service", version = "1.0.0"),
        paths(get_deployment, create_deployment, update_deployment, redeploy, logs),
        components(schemas(Deployment, CreateDeployment, UpdateDeployment))
    )]
    struct Document;

    let mut document = Document::openapi();
    errwire::openapi::add_general_errors(&mut document, &FORMAT);
    document
}

async fn openapi_json() -> Json<utoipa::openapi::OpenApi> {
    Json(openapi())
}

/// `GET /errors`: the error page in the rendering the request's `Accept` prefers (HTML for a
/// browser, Markdown for curl or no `Accept`, JSON for `application/json`; see
/// [`errwire::Catalog::negotiate`]).
async fn errors_page(
    headers: axum::http::HeaderMap,
) -> ([(axum::http::header::HeaderName, &'static str); 2], String) {
    use axum::http::header::{ACCEPT, CONTENT_TYPE, VARY};
    // Several `Accept` headers are one list.
    let accept: Vec<&str> = headers.get_all(ACCEPT).iter().filter_map(|value| value.to_str().ok()).collect();
    let accept = (!accept.is_empty()).then(|| accept.join(","));
    let mut catalog = catalog();
    catalog.set_title("errwire example service: errors");
    let (content_type, body) = catalog.negotiate(accept.as_deref());
    ([(CONTENT_TYPE, content_type), (VARY, "accept")], body)
}

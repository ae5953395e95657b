//! The example's gRPC service (errwire's feature `tonic`): `errwire.example.Deployments`, on the
//! same port as the HTTP API (tonic's routes are merged into the axum router; the server speaks
//! HTTP/1.1 and HTTP/2 without TLS), over the same store and answering with the same
//! `ConnectError`: `GetDeployment` fails with `NOT_FOUND` (`ResourceNotFound`),
//! `CreateDeployment` with `INVALID_ARGUMENT` and a `BadRequest` field violation for `key`
//! (`DuplicateField`) or `RESOURCE_EXHAUSTED` with `RetryInfo` (`LimitsExceeded`).
//!
//! The messages use prost's derive and the service is written the way tonic-build writes one, so
//! the example builds without protoc. Its `.proto`:
//!
//! ```text
//! syntax = "proto3";
//! package errwire.example;
//! service Deployments {
//!   rpc GetDeployment(GetDeploymentRequest) returns (DeploymentReply);
//!   rpc CreateDeployment(CreateDeploymentRequest) returns (DeploymentReply);
//! }
//! message GetDeploymentRequest { uint64 id = 1; }
//! message CreateDeploymentRequest { string key = 1; }
//! message DeploymentReply { uint64 id = 1; string key = 2; uint64 version = 3; }
//! ```

use std::convert::Infallible;
use std::task::{Context, Poll};

use tonic::codegen::{BoxFuture, Service, StdError};
use tonic::{Request, Response, Status};

use super::{AppState, ConnectError, Deployment};

/// `GetDeployment`'s request.
#[derive(Clone, PartialEq, prost::Message)]
pub struct GetDeploymentRequest {
    #[prost(uint64, tag = "1")]
    pub id: u64,
}

/// `CreateDeployment`'s request.
#[derive(Clone, PartialEq, prost::Message)]
pub struct CreateDeploymentRequest {
    #[prost(string, tag = "1")]
    pub key: String,
}

/// A deployment.
#[derive(Clone, PartialEq, prost::Message)]
pub struct DeploymentReply {
    #[prost(uint64, tag = "1")]
    pub id: u64,
    #[prost(string, tag = "2")]
    pub key: String,
    #[prost(uint64, tag = "3")]
    pub version: u64,
}

impl From<Deployment> for DeploymentReply {
    fn from(deployment: Deployment) -> Self {
        DeploymentReply { id: deployment.id, key: deployment.key, version: deployment.version }
    }
}

/// The service's full name and its methods' paths.
pub const SERVICE: &str = "errwire.example.Deployments";
pub const GET_DEPLOYMENT: &str = "/errwire.example.Deployments/GetDeployment";
pub const CREATE_DEPLOYMENT: &str = "/errwire.example.Deployments/CreateDeployment";

async fn get_deployment(
    state: AppState,
    request: GetDeploymentRequest,
) -> Result<DeploymentReply, ConnectError> {
    let mut store = state.store();
    Ok(store.get_mut(request.id)?.clone().into())
}

async fn create_deployment(
    state: AppState,
    request: CreateDeploymentRequest,
) -> Result<DeploymentReply, ConnectError> {
    let mut store = state.store();
    store.check_unique_key(&request.key, None)?;
    store.count_create()?;
    let id = store.next_id;
    store.next_id += 1;
    let deployment = Deployment { id, key: request.key, version: 1 };
    store.deployments.insert(id, deployment.clone());
    Ok(deployment.into())
}

/// The service, as tonic-build would write its server.
#[derive(Clone, Debug)]
pub struct DeploymentsServer {
    state: AppState,
}

impl DeploymentsServer {
    /// The service over `state`'s store.
    pub fn new(state: AppState) -> Self {
        DeploymentsServer { state }
    }
}

impl tonic::server::NamedService for DeploymentsServer {
    const NAME: &'static str = SERVICE;
}

/// A unary method: `handler` with the store, its `ConnectError` converted by errwire.
struct Unary<F>(AppState, F);

impl<M, R, F, Fut> tonic::server::UnaryService<M> for Unary<F>
where
    M: Send + 'static,
    R: Send + 'static,
    F: Fn(AppState, M) -> Fut + Send + Clone + 'static,
    Fut: std::future::Future<Output = Result<R, ConnectError>> + Send + 'static,
{
    type Response = R;
    type Future = BoxFuture<Response<R>, Status>;

    fn call(&mut self, request: Request<M>) -> Self::Future {
        let (state, handler) = (self.0.clone(), self.1.clone());
        Box::pin(async move { Ok(Response::new(handler(state, request.into_inner()).await?)) })
    }
}

impl<B> Service<http::Request<B>> for DeploymentsServer
where
    B: tonic::codegen::Body + Send + 'static,
    B::Error: Into<StdError> + Send + 'static,
{
    type Response = http::Response<tonic::body::Body>;
    type Error = Infallible;
    type Future = BoxFuture<Self::Response, Infallible>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let state = self.state.clone();
        match request.uri().path() {
            GET_DEPLOYMENT => Box::pin(async move {
                let codec = tonic_prost::ProstCodec::<DeploymentReply, GetDeploymentRequest>::default();
                Ok(tonic::server::Grpc::new(codec).unary(Unary(state, get_deployment), request).await)
            }),
            CREATE_DEPLOYMENT => Box::pin(async move {
                let codec = tonic_prost::ProstCodec::<DeploymentReply, CreateDeploymentRequest>::default();
                Ok(tonic::server::Grpc::new(codec).unary(Unary(state, create_deployment), request).await)
            }),
            _ => Box::pin(async { Ok(Status::unimplemented("no such method").into_http()) }),
        }
    }
}

/// The gRPC routes for the axum router, behind errwire's tonic layer (a panicking handler is
/// answered with `INTERNAL` and an instance id, each call runs in its request scope).
///
/// Only the service's own paths: tonic's `Routes::into_axum_router` would bring its fallback,
/// which answers every unknown path (`GET /nope` too) with `200 application/grpc` and
/// `grpc-status: 12`, replacing the HTTP API's 404 in the envelope.
pub fn router(state: AppState) -> axum::Router {
    axum::Router::new()
        .route_service(&format!("/{SERVICE}/{{*method}}"), DeploymentsServer::new(state))
        .route_layer(errwire::tonic::ErrorLayer::new())
}

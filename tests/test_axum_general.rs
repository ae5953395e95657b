//! axum answers every request failure in the service's format: errwire's extractors and
//! `ErrorLayer` on a real server, checked with the shared table of `support/general_cases.rs`.

#[path = "support/general_cases.rs"]
mod general_cases;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::StatusCode;
use axum::routing::{get, post};
use errwire::axum::{ErrorLayer, Json, Path, Query};
use errwire::format::ErrorList;
use serde::{Deserialize, Serialize};

#[derive(Deserialize, Serialize)]
struct NewDeployment {
    key: String,
    replicas: u32,
}

#[derive(Deserialize)]
struct Search {
    #[allow(dead_code)]
    limit: u32,
}

async fn create(Json(new): Json<NewDeployment>) -> (StatusCode, Json<NewDeployment>) {
    (StatusCode::CREATED, Json(new))
}

async fn get_one(Path(id): Path<u64>) -> String {
    id.to_string()
}

async fn search(Query(_): Query<Search>) -> &'static str {
    "[]"
}

async fn panics() -> &'static str {
    panic!("secret: the database password is hunter2")
}

fn app() -> Router {
    Router::new()
        .route("/deployments", post(create))
        .route("/deployments/{id}", get(get_one))
        .route("/search", get(search))
        .route("/panic", get(panics))
        .layer(DefaultBodyLimit::max(1024))
        .layer(ErrorLayer::new(ErrorList))
}

#[tokio::test]
async fn every_failure_in_the_service_format() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(listener, app())
            .with_graceful_shutdown(async { stopped.await.unwrap_or(()) })
            .await
            .unwrap();
    });
    general_cases::check_all(&base).await;
    stop.send(()).unwrap();
    tokio::time::timeout(std::time::Duration::from_secs(5), server).await.unwrap().unwrap();
}

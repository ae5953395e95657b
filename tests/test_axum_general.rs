//! axum answers every request failure in the service's format: errwire's extractors and
//! `ErrorLayer` on a real server, checked with the shared table of `support/general_cases.rs`.

#[path = "support/general_cases.rs"]
mod general_cases;

#[path = "support/documented.rs"]
mod documented;

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

#[derive(Debug, errwire::ApiError)]
enum StoreError {
    #[api(status = 503, msg = "Try again later")]
    Unavailable,
    #[api(status = 404, msg = "No such thing")]
    Missing,
}

async fn serve(app: Router) -> (String, tokio::sync::oneshot::Sender<()>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    tokio::spawn(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(async { stopped.await.unwrap_or(()) })
            .await
            .unwrap();
    });
    (base, stop)
}

#[tokio::test]
async fn the_request_id_is_the_instance_of_its_errors() {
    let app = Router::new()
        .route("/unavailable", get(|| async { Err::<String, _>(StoreError::Unavailable) }))
        .route("/missing", get(|| async { Err::<String, _>(StoreError::Missing) }))
        .route("/panic", get(panics))
        .layer(ErrorLayer::new(errwire::format::ProblemJson).every_error(true));
    let (base, stop) = serve(app).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let get = |path: &'static str, id: Option<&'static str>| {
        let mut request = client.get(format!("{base}{path}"));
        if let Some(id) = id {
            request = request.header("x-request-id", id);
        }
        async move {
            let response = request.send().await.unwrap();
            (response.status().as_u16(), response.text().await.unwrap())
        }
    };
    assert_eq!(
        get("/unavailable", Some("req-7f3a")).await,
        (503, r#"{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"Try again later","instance":"urn:x-request-id:req-7f3a"}"#.to_owned())
    );
    // every_error: a 4xx carries the request's id too.
    assert_eq!(
        get("/missing", Some("req-7f3b")).await,
        (404, r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"No such thing","instance":"urn:x-request-id:req-7f3b"}"#.to_owned())
    );
    assert_eq!(
        get("/panic", Some("req-7f3c")).await,
        (500, r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"An internal error occurred","instance":"urn:x-request-id:req-7f3c"}"#.to_owned())
    );
    // Without a request id, a generated one (a UUID URN), different per response.
    let (_, first) = get("/missing", None).await;
    let (_, second) = get("/missing", None).await;
    let instance = |body: &str| {
        serde_json::from_str::<serde_json::Value>(body).unwrap()["instance"].as_str().unwrap().to_owned()
    };
    assert!(instance(&first).starts_with("urn:uuid:") && instance(&first).len() == 45, "{first}");
    assert_ne!(instance(&first), instance(&second));
    // A request id that a client would resolve to another host or path, or that passes for a
    // generated id, is not used: the error gets a generated id.
    for hostile in
        ["//evil.example/x", "../../admin", "urn:uuid:00000000-0000-4000-8000-000000000000", "a b", ""]
    {
        let mut request = client.get(format!("{base}/missing"));
        request = request.header("x-request-id", hostile);
        let body = request.send().await.unwrap().text().await.unwrap();
        assert!(instance(&body).starts_with("urn:uuid:"), "{hostile:?}: {body}");
        assert_ne!(instance(&body), "urn:uuid:00000000-0000-4000-8000-000000000000");
    }
    stop.send(()).unwrap();
}

#[tokio::test]
async fn formats_without_an_instance_member_send_it_as_a_header() {
    let app = Router::new().route("/panic", get(panics)).layer(ErrorLayer::new(ErrorList));
    let (base, stop) = serve(app).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let response = client.get(format!("{base}/panic")).header("x-request-id", "req-42").send().await.unwrap();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["x-request-id"], "urn:x-request-id:req-42");
    assert!(!response.text().await.unwrap().contains("hunter2"));
    stop.send(()).unwrap();
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_store_error_is_documented() {
    documented::assert_documented(&[StoreError::Unavailable, StoreError::Missing]);
}

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
async fn the_request_id_is_echoed_and_every_error_has_its_own_instance() {
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
            let echoed = response.headers().get("x-request-id").map(|id| id.to_str().unwrap().to_owned());
            (response.status().as_u16(), echoed, response.text().await.unwrap())
        }
    };
    // The golden body with its generated instance; the request's id comes back as a header.
    let generated = |body: &str| {
        let instance =
            serde_json::from_str::<serde_json::Value>(body).unwrap()["instance"].as_str().unwrap().to_owned();
        assert!(instance.starts_with("urn:uuid:") && instance.len() == 45, "{body}");
        instance
    };
    let (status, echoed, body) = get("/unavailable", Some("req-7f3a")).await;
    assert_eq!((status, echoed.as_deref()), (503, Some("req-7f3a")));
    let instance = generated(&body);
    assert_eq!(
        body,
        format!(
            r#"{{"type":"about:blank","title":"Service Unavailable","status":503,"detail":"Try again later","instance":"{instance}"}}"#
        )
    );
    // every_error: a 4xx carries an instance id too.
    let (status, echoed, body) = get("/missing", Some("req-7f3b")).await;
    assert_eq!((status, echoed.as_deref()), (404, Some("req-7f3b")));
    let instance = generated(&body);
    assert_eq!(
        body,
        format!(
            r#"{{"type":"about:blank","title":"Not Found","status":404,"detail":"No such thing","instance":"{instance}"}}"#
        )
    );
    let (status, echoed, body) = get("/panic", Some("req-7f3c")).await;
    assert_eq!((status, echoed.as_deref()), (500, Some("req-7f3c")));
    let instance = generated(&body);
    assert_eq!(
        body,
        format!(
            r#"{{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"An internal error occurred","instance":"{instance}"}}"#
        )
    );
    // Two requests with the same id: two occurrences, two instance ids.
    let (_, _, again) = get("/missing", Some("req-7f3b")).await;
    assert_ne!(generated(&again), generated(&get("/missing", Some("req-7f3b")).await.2));
    // Without a request id, a generated one, different per response, and no x-request-id.
    let (_, echoed, first) = get("/missing", None).await;
    let (_, _, second) = get("/missing", None).await;
    assert_eq!(echoed, None);
    assert_ne!(generated(&first), generated(&second));
    // A request id that a client would resolve to another host or path, that passes for a
    // generated id, or that is not an id at all, is neither echoed nor used.
    for hostile in
        ["//evil.example/x", "../../admin", "urn:uuid:00000000-0000-4000-8000-000000000000", "a b", ""]
    {
        let response =
            client.get(format!("{base}/missing")).header("x-request-id", hostile).send().await.unwrap();
        assert_eq!(response.headers().get("x-request-id"), None, "{hostile:?}");
        let body = response.text().await.unwrap();
        assert_ne!(generated(&body), "urn:uuid:00000000-0000-4000-8000-000000000000");
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
    assert_eq!(response.headers()["x-request-id"], "req-42");
    assert!(!response.text().await.unwrap().contains("hunter2"));
    stop.send(()).unwrap();
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_store_error_is_documented() {
    documented::assert_documented(&[StoreError::Unavailable, StoreError::Missing]);
}

//! The example service (`runtime/examples/service/app.rs`) on a real server on loopback, called
//! with a real HTTP client: every error endpoint's status, content type and exact body bytes,
//! the success paths, and a server that keeps serving after its errors.

#[path = "../runtime/examples/service/app.rs"]
mod app;
#[path = "support/documented.rs"]
mod documented;

use std::time::Duration;

use tokio::sync::oneshot;
use tokio::task::JoinHandle;

const NOT_FOUND: &str = r#"{"statusCode":404,"message":"Deployment with id=99 does not exist","errors":[{"code":"ResourceNotFound","message":"Deployment with id=99 does not exist"}]}"#;

const DUPLICATE_ON_CREATE: &str = r#"{"statusCode":400,"message":"A duplicate value checkout exists for field key.","errors":[{"code":"DuplicateField","message":"A duplicate value checkout exists for field key.","field":"key","duplicateValue":"checkout"}]}"#;

const DUPLICATE_ON_UPDATE: &str = r#"{"statusCode":400,"message":"A duplicate value payments exists for field key.","errors":[{"code":"DuplicateField","message":"A duplicate value payments exists for field key.","field":"key","duplicateValue":"payments"}]}"#;

const CONFLICT: &str = r#"{"statusCode":409,"message":"Object id=1 has a different version than expected. Expected: 2 - Actual: 3.","errors":[{"code":"ConcurrentModification","message":"Object id=1 has a different version than expected. Expected: 2 - Actual: 3.","expectedVersion":2,"currentVersion":3}]}"#;

/// The 500's body: the seed's `General` error; its instance id travels in `x-request-id`.
const GENERAL: &str = r#"{"statusCode":500,"message":"Write operations are temporarily unavailable","errors":[{"code":"General","message":"Write operations are temporarily unavailable"}]}"#;

/// What the layer answers for a path parameter that is not a number.
const BAD_PATH: &str = r#"{"statusCode":400,"message":"Request path param is not valid","errors":[{"code":"InvalidPathParam","message":"Request path param is not valid","detailedErrorMessage":"Cannot parse `abc`: expected a non-negative integer"}]}"#;

/// Fragments of the hidden source error's text: none may appear in a response.
const SOURCE_FRAGMENTS: &[&str] =
    &["10.0.0.7", "5432", "refused", "password", "admin", "redeploy of deployment"];

/// `app::router()` served on an ephemeral loopback port until [`Server::stop`].
struct Server {
    base: String,
    client: reqwest::Client,
    shutdown: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

/// What the tests look at in a response.
#[derive(Debug)]
struct Reply {
    status: u16,
    content_type: String,
    /// Every header as `name: value`, for leak checks.
    headers: String,
    /// The `x-request-id` header, if any.
    request_id: Option<String>,
    body: String,
}

impl Server {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind loopback");
        let addr = listener.local_addr().expect("local addr");
        let (shutdown, signal) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            axum::serve(listener, app::router())
                .with_graceful_shutdown(async {
                    let _ = signal.await;
                })
                .await
        });
        // Proxies from the environment must not intercept loopback calls.
        let client = reqwest::Client::builder().no_proxy().build().expect("client");
        Server { base: format!("http://{addr}"), client, shutdown, task }
    }

    async fn get(&self, path: &str) -> Reply {
        self.call(reqwest::Method::GET, path, None).await
    }

    async fn post(&self, path: &str, json: Option<&'static str>) -> Reply {
        self.call(reqwest::Method::POST, path, json).await
    }

    async fn put(&self, path: &str, json: &'static str) -> Reply {
        self.call(reqwest::Method::PUT, path, Some(json)).await
    }

    async fn call(&self, method: reqwest::Method, path: &str, json: Option<&'static str>) -> Reply {
        let mut request = self.client.request(method, format!("{}{path}", self.base));
        if let Some(json) = json {
            request = request.header("content-type", "application/json").body(json);
        }
        let response = request.send().await.expect("request");
        let status = response.status().as_u16();
        let content_type = response
            .headers()
            .get("content-type")
            .map(|v| v.to_str().expect("ASCII content type").to_owned())
            .unwrap_or_default();
        let request_id =
            response.headers().get("x-request-id").map(|v| v.to_str().expect("ASCII id").to_owned());
        let headers = response
            .headers()
            .iter()
            .map(|(name, value)| format!("{name}: {}\n", String::from_utf8_lossy(value.as_bytes())))
            .collect();
        let body = response.bytes().await.expect("body");
        let body = String::from_utf8(body.to_vec()).expect("UTF-8 body");
        Reply { status, content_type, headers, request_id, body }
    }

    /// Graceful shutdown; fails if the server errored or doesn't stop within 5 seconds.
    async fn stop(self) {
        let Server { client, shutdown, task, .. } = self;
        drop(client);
        shutdown.send(()).expect("server still running");
        tokio::time::timeout(Duration::from_secs(5), task)
            .await
            .expect("server stops within 5 s")
            .expect("server task did not panic")
            .expect("server ran without an I/O error");
    }
}

fn assert_json(reply: &Reply, status: u16, body: &str) {
    assert_eq!(reply.status, status, "{reply:?}");
    assert_eq!(reply.content_type, "application/json", "{reply:?}");
    assert_eq!(reply.body, body);
}

/// Checks the 500 against its golden body with the response's own instance id, which must be
/// errwire's generated `urn:uuid:` id; returns that id.
fn assert_general(reply: &Reply) -> String {
    let instance = reply.request_id.clone().unwrap_or_else(|| panic!("no x-request-id in {reply:?}"));
    assert!(instance.starts_with("urn:uuid:") && instance.len() == 45, "generated id: {}", instance);
    assert_json(reply, 500, GENERAL);
    for fragment in SOURCE_FRAGMENTS {
        assert!(!reply.body.contains(fragment), "body leaks {fragment:?}");
        assert!(!reply.headers.contains(fragment), "headers leak {fragment:?}");
    }
    instance
}

#[tokio::test]
async fn get_unknown_deployment_is_resource_not_found() {
    let server = Server::start().await;
    assert_json(&server.get("/deployments/99").await, 404, NOT_FOUND);
    assert_json(&server.get("/deployments/1").await, 200, r#"{"id":1,"key":"checkout","version":3}"#);
    server.stop().await;
}

#[tokio::test]
async fn request_failures_use_the_same_envelope() {
    let server = Server::start().await;
    assert_json(&server.get("/deployments/abc").await, 400, BAD_PATH);
    let malformed = server.post("/deployments", Some(r#"{"key":"#)).await;
    assert_eq!(malformed.status, 400, "{malformed:?}");
    assert!(malformed.body.contains(r#""code":"InvalidJsonInput""#), "{malformed:?}");
    let unknown = server.get("/nowhere").await;
    assert_eq!(unknown.status, 404, "{unknown:?}");
    assert!(unknown.body.contains(r#""code":"ResourceNotFound""#), "{unknown:?}");
    server.stop().await;
}

#[tokio::test]
async fn create_with_taken_key_is_duplicate_field() {
    let server = Server::start().await;
    let reply = server.post("/deployments", Some(r#"{"key":"checkout"}"#)).await;
    assert_json(&reply, 400, DUPLICATE_ON_CREATE);

    let created = server.post("/deployments", Some(r#"{"key":"search"}"#)).await;
    assert_json(&created, 201, r#"{"id":3,"key":"search","version":1}"#);
    assert_json(&server.get("/deployments/3").await, 200, r#"{"id":3,"key":"search","version":1}"#);
    server.stop().await;
}

#[tokio::test]
async fn update_with_stale_version_is_concurrent_modification() {
    let server = Server::start().await;
    let stale = server.put("/deployments/1", r#"{"version":2,"key":"checkout-eu"}"#).await;
    assert_json(&stale, 409, CONFLICT);

    let taken = server.put("/deployments/1", r#"{"version":3,"key":"payments"}"#).await;
    assert_json(&taken, 400, DUPLICATE_ON_UPDATE);

    let updated = server.put("/deployments/1", r#"{"version":3,"key":"checkout-eu"}"#).await;
    assert_json(&updated, 200, r#"{"id":1,"key":"checkout-eu","version":4}"#);

    let unknown = server.put("/deployments/99", r#"{"version":1}"#).await;
    assert_json(&unknown, 404, NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn redeploy_failure_is_general_and_hides_its_source() {
    let server = Server::start().await;
    let first = assert_general(&server.post("/deployments/1/redeploy", None).await);
    let second = assert_general(&server.post("/deployments/2/redeploy", None).await);
    assert_ne!(first, second, "every 500 gets its own instance id");

    let unknown = server.post("/deployments/99/redeploy", None).await;
    assert_json(&unknown, 404, NOT_FOUND);
    server.stop().await;
}

#[tokio::test]
async fn errors_leave_the_server_serving() {
    let server = Server::start().await;
    assert_json(&server.get("/deployments/99").await, 404, NOT_FOUND);
    let duplicate = server.post("/deployments", Some(r#"{"key":"checkout"}"#)).await;
    assert_json(&duplicate, 400, DUPLICATE_ON_CREATE);
    let stale = server.put("/deployments/1", r#"{"version":2,"key":"checkout-eu"}"#).await;
    assert_json(&stale, 409, CONFLICT);
    assert_general(&server.post("/deployments/1/redeploy", None).await);

    // Nothing the failed requests tried was stored, and the server still answers.
    assert_json(&server.get("/deployments/1").await, 200, r#"{"id":1,"key":"checkout","version":3}"#);
    let created = server.post("/deployments", Some(r#"{"key":"search"}"#)).await;
    assert_json(&created, 201, r#"{"id":3,"key":"search","version":1}"#);
    server.stop().await;
}

const UNAVAILABLE: &str = r#"{"statusCode":503,"message":"Deployment logs are temporarily unavailable","errors":[{"code":"ServiceUnavailable","message":"Deployment logs are temporarily unavailable"}]}"#;

#[tokio::test]
async fn logs_are_unavailable_with_retry_after() {
    let server = Server::start().await;
    let reply = server.get("/deployments/1/logs").await;
    assert_json(&reply, 503, UNAVAILABLE);
    assert!(reply.headers.contains("retry-after: 30\n"), "{reply:?}");
    assert!(reply.request_id.is_some(), "a 5xx carries its instance id");
    server.stop().await;
}

#[tokio::test]
async fn creates_beyond_the_quota_are_limits_exceeded_with_retry_after() {
    let server = Server::start().await;
    let keys = ["a", "b", "c", "d", "e"];
    assert_eq!(keys.len() as u32, app::CREATES_PER_MINUTE);
    for key in keys {
        let body: &'static str = Box::leak(format!(r#"{{"key":"{key}"}}"#).into_boxed_str());
        assert_eq!(server.post("/deployments", Some(body)).await.status, 201);
    }
    let reply = server.post("/deployments", Some(r#"{"key":"f"}"#)).await;
    assert_eq!(reply.status, 429, "{reply:?}");
    let retry_after: u64 = reply
        .headers
        .lines()
        .find_map(|line| line.strip_prefix("retry-after: "))
        .expect("Retry-After header")
        .parse()
        .expect("seconds");
    assert!((1..=60).contains(&retry_after), "{retry_after}");
    assert_json(
        &reply,
        429,
        &format!(
            r#"{{"statusCode":429,"message":"Rate limit exceeded. Please retry after {retry_after} seconds","errors":[{{"code":"LimitsExceeded","message":"Rate limit exceeded. Please retry after {retry_after} seconds"}}]}}"#
        ),
    );
    server.stop().await;
}

#[tokio::test]
async fn openapi_document_is_valid_and_lists_every_code() {
    let server = Server::start().await;
    let reply = server.get("/openapi.json").await;
    assert_eq!((reply.status, reply.content_type.as_str()), (200, "application/json"));
    // A typed parse of the whole OpenAPI 3.1 document: a malformed one fails here.
    let spec = oas3::from_json(&reply.body).expect("a valid OpenAPI 3.1 document");
    assert_eq!(spec.openapi, "3.1.0");
    let operation = spec.paths.as_ref().unwrap()["/deployments/{id}"].put.as_ref().unwrap();
    let statuses: Vec<&String> = operation.responses.as_ref().unwrap().keys().collect();
    for status in ["200", "400", "404", "409", "413", "415", "429", "500", "503"] {
        assert!(statuses.iter().any(|s| *s == status), "{status} missing from {statuses:?}");
    }
    // An unknown route or method has no operation: its answers are shared responses.
    let shared = spec.components.as_ref().unwrap().responses.keys().cloned().collect::<Vec<_>>();
    assert_eq!(shared, ["MethodNotAllowed", "ResourceNotFound"]);
    // Every code but `InvalidQueryParam`: no route of the example has a query parameter.
    for entry in app::catalog().entries().iter().filter(|entry| entry.code != "InvalidQueryParam") {
        let example = format!(r#""code":"{}""#, entry.code);
        assert!(reply.body.contains(&example), "{} has no example", entry.code);
    }
    server.stop().await;
}

#[tokio::test]
async fn error_page_lists_every_code_and_text_once() {
    let server = Server::start().await;
    let reply = server.get("/errors").await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.content_type, "text/markdown; charset=utf-8");
    let catalog = app::catalog();
    // The example's 6 codes and the layer's 8: ResourceNotFound and General come from both, with
    // different messages, so a client can receive each code with two texts: a row per text.
    assert_eq!(catalog.entries().len(), 14);
    for entry in catalog.entries() {
        // The example's own errors are translated: the cell has each translation after the
        // message (` · de: …`).
        let row = format!("| `{}` | {}", entry.code, entry.message());
        let rows = reply.body.lines().filter(|line| line.starts_with(&row)).count();
        assert_eq!(rows, 1, "{row}");
    }
    let row = "| `ResourceNotFound` | Deployment with id={id} does not exist · de: Deployment mit id={ $id } existiert nicht |";
    assert_eq!(reply.body.matches(row).count(), 1, "{}", reply.body);
    assert!(reply.body.starts_with("## 400 Bad Request\n"), "{}", reply.body);
    server.stop().await;
}

/// Every error the example serves, on a real server, is valid against the schema its own
/// `/openapi.json` documents for that operation and status; the fallback 404 and the 405 against
/// the shared responses. Headers sent are documented.
#[tokio::test]
async fn served_errors_match_the_served_document() {
    let server = Server::start().await;
    let document: serde_json::Value = serde_json::from_str(&server.get("/openapi.json").await.body).unwrap();
    let operation = |path: &str, method: &str| document["paths"][path][method]["responses"].clone();
    let shared = |name: &str| document["components"]["responses"][name].clone();
    let check = |documented: &serde_json::Value, reply: &Reply, what: &str| {
        let documented = documented.get(reply.status.to_string()).unwrap_or(documented);
        let headers: Vec<&str> = reply.headers.lines().filter_map(|line| line.split(':').next()).collect();
        documented::assert_reply_valid(
            documented,
            reply.status,
            &reply.content_type,
            &headers,
            reply.body.as_bytes(),
            what,
        );
    };
    let by_id = operation("/deployments/{id}", "get");
    let create = operation("/deployments", "post");
    let update = operation("/deployments/{id}", "put");
    let redeploy = operation("/deployments/{id}/redeploy", "post");
    let logs = operation("/deployments/{id}/logs", "get");
    let (not_found, not_allowed) = (shared("ResourceNotFound"), shared("MethodNotAllowed"));
    let too_large: &'static str =
        Box::leak(format!(r#"{{"key":"{}"}}"#, "x".repeat(3 << 20)).into_boxed_str());
    let cases: Vec<(&serde_json::Value, Reply, &str)> = vec![
        (&by_id, server.get("/deployments/99").await, "ResourceNotFound"),
        (&by_id, server.get("/deployments/abc").await, "InvalidPathParam"),
        (&by_id, server.get("/deployments/%F1%98%B2%A6").await, "InvalidPathParam (not UTF-8)"),
        (&by_id, server.get("/deployments/99999999999999999999999").await, "InvalidPathParam (overflow)"),
        (&create, server.post("/deployments", Some(r#"{"key":"checkout"}"#)).await, "DuplicateField"),
        (&create, server.post("/deployments", Some("{}")).await, "InvalidJsonInput (missing field)"),
        (&create, server.post("/deployments", Some("{")).await, "InvalidJsonInput (syntax)"),
        (&create, server.post("/deployments", None).await, "UnsupportedMediaType"),
        (&create, server.post("/deployments", Some(too_large)).await, "PayloadTooLarge"),
        (&update, server.put("/deployments/1", r#"{"version":2}"#).await, "ConcurrentModification"),
        (&redeploy, server.post("/deployments/1/redeploy", None).await, "General"),
        (&logs, server.get("/deployments/1/logs").await, "ServiceUnavailable"),
        (&not_found, server.get("/nowhere").await, "fallback 404"),
        (&not_allowed, server.call(reqwest::Method::DELETE, "/deployments/1", None).await, "405"),
    ];
    let mut statuses = std::collections::BTreeSet::new();
    for (documented, reply, what) in &cases {
        statuses.insert(reply.status);
        check(documented, reply, what);
    }
    assert_eq!(statuses.into_iter().collect::<Vec<_>>(), [400, 404, 405, 409, 413, 415, 500, 503]);
    // The 429 comes after the quota of creates.
    let mut reply = server.post("/deployments", Some(r#"{"key":"a0"}"#)).await;
    for n in 1..=app::CREATES_PER_MINUTE {
        reply = server
            .post("/deployments", Some(Box::leak(format!(r#"{{"key":"b{n}"}}"#).into_boxed_str())))
            .await;
    }
    assert_eq!(reply.status, 429, "{reply:?}");
    check(&create, &reply, "LimitsExceeded");
    server.stop().await;
}

/// Every variant of the example's error type, rendered directly, against its `IntoResponses`.
#[test]
fn every_example_error_is_documented() {
    use app::ConnectError;
    documented::assert_documented(&[
        ConnectError::ResourceNotFound { id: 9 },
        ConnectError::DuplicateField { field: "key", duplicate_value: "checkout".into() },
        ConnectError::ConcurrentModification { id: 1, expected_version: 2, current_version: 3 },
        ConnectError::LimitsExceeded { limit: 5, retry_after: 30 },
        ConnectError::ServiceUnavailable { id: 1, retry_after: 30 },
        ConnectError::General { id: 1, source: std::io::Error::other("database down") },
    ]);
}

/// The example's errors in German (`runtime/examples/service/locales/de.ftl`): the request's
/// `Accept-Language` picks the language; code, status and members stay; `Content-Language`
/// says which language the body is in, `Vary` that it depends on the request's header.
#[tokio::test]
async fn the_example_answers_in_the_request_s_language() {
    let server = Server::start().await;
    let get = |path: &'static str, language: &'static str| {
        let request = server.client.get(format!("{}{path}", server.base)).header("accept-language", language);
        async move {
            let response = request.send().await.unwrap();
            let header = |name: &str| response.headers()[name].to_str().unwrap().to_owned();
            let (language, vary) = (header("content-language"), header("vary"));
            (response.status().as_u16(), language, vary, response.text().await.unwrap())
        }
    };
    let german = r#"{"statusCode":404,"message":"Deployment mit id=99 existiert nicht","errors":[{"code":"ResourceNotFound","message":"Deployment mit id=99 existiert nicht"}]}"#;
    for (language, expected) in [
        ("de-CH, de;q=0.9, en;q=0.5", (404, "de", german)),
        ("fr, en;q=0.5", (404, "en", NOT_FOUND)),
        ("de;q=0.1, en", (404, "en", NOT_FOUND)),
    ] {
        let (status, content_language, vary, body) = get("/deployments/99", language).await;
        assert_eq!((status, content_language.as_str(), body.as_str()), expected, "{language}");
        assert_eq!(vary, "accept-language");
    }
    let (status, content_language, _, body) = get("/deployments/1/logs", "de").await;
    assert_eq!((status, content_language.as_str()), (503, "de"));
    assert_eq!(
        body,
        r#"{"statusCode":503,"message":"Die Logs des Deployments sind vorübergehend nicht verfügbar","errors":[{"code":"ServiceUnavailable","message":"Die Logs des Deployments sind vorübergehend nicht verfügbar"}]}"#
    );
    // What the layer answers on its own (an unparsable id) is not the example's type: English,
    // and no Content-Language.
    let response =
        server.client.get(format!("{}/deployments/abc", server.base)).header("accept-language", "de");
    let response = response.send().await.unwrap();
    assert!(response.headers().get("content-language").is_none());
    assert_eq!(response.text().await.unwrap(), BAD_PATH);
    server.stop().await;
}

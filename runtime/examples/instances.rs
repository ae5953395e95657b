//! Real problem+json responses with errwire's instance ids, as JSON cases for the RFC 9457
//! client check in `.ci/contract-check` (`.ci/npm-client`): 4xx and 5xx answered inside a
//! request scope whose `x-request-id` is absent, well-formed or hostile, built the way the
//! framework layers build it (`RequestScope::request_id_from`).
//!
//! ```text
//! cargo run -p errwire --example instances -- http://127.0.0.1:3111/items/7
//! ```

use errwire::http::{HeaderMap, HeaderValue};
use errwire::{ApiError, RequestScope};

#[derive(Debug, ApiError)]
enum ItemError {
    /// The item does not exist.
    #[api(status = 404, msg = "No item {0}")]
    NotFound(u64),
    /// The store is down.
    #[api(status = 503, msg = "Try again later")]
    Unavailable,
}

fn main() {
    let url = std::env::args().nth(1).unwrap_or_else(|| "http://127.0.0.1:3111/items/7".to_owned());
    let mut cases = Vec::new();
    let mut case = |request_id: Option<&str>, error: &ItemError| {
        let mut headers = HeaderMap::new();
        if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(id).ok()) {
            headers.insert("x-request-id", id);
        }
        let scope = RequestScope::new().request_id_from(&headers).every_error(true);
        let response = scope.run(|| error.to_response());
        let body: serde_json::Value = serde_json::from_slice(response.body()).expect("JSON body");
        let content_type = response.headers()["content-type"].to_str().expect("ASCII content type");
        cases.push(serde_json::json!({
            "name": format!("{} with x-request-id {request_id:?}", response.status()),
            "url": url,
            "status": response.status().as_u16(),
            "headers": {"content-type": content_type},
            "request_headers": {"x-request-id": request_id},
            "body": body,
        }));
    };
    case(None, &ItemError::Unavailable);
    case(None, &ItemError::NotFound(7));
    for id in [
        "req-42",
        "6b2fb8e54e44517d",
        "//evil.example/x",
        "../../admin",
        "http://evil.example/x",
        "urn:uuid:00000000-0000-4000-8000-000000000000",
    ] {
        case(Some(id), &ItemError::NotFound(7));
        case(Some(id), &ItemError::Unavailable);
    }
    println!("{}", serde_json::to_string_pretty(&cases).expect("JSON"));
    // (Only the cases' own JSON goes to stdout.)
}

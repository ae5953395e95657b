//! Exact-body assertions shared by the tests of the `application/json` formats (error list,
//! hapi, `{code, errorType, message}`).
// Included by several test binaries, each using part of it.
#![allow(dead_code)]

use http::Response;

/// Status, content type, body bytes, and no other header but the instance id: these formats have
/// no member for it, so a 5xx sends the generated one as `x-request-id` (a client error without a
/// caller-supplied id has none).
#[track_caller]
pub fn assert_body(response: &Response<Vec<u8>>, status: u16, body: &str) {
    assert_eq!(response.status(), status, "status");
    assert_eq!(response.headers()["content-type"], "application/json", "content type");
    match response.headers().get("x-request-id") {
        Some(id) if status >= 500 => {
            let id = id.to_str().unwrap();
            assert!(id.starts_with("urn:uuid:") && id.len() == 45, "x-request-id {id}");
        }
        None if status < 500 => {}
        id => panic!("status {status} with x-request-id {id:?}"),
    }
    let expected_headers = if status >= 500 { 2 } else { 1 };
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers().len(), expected_headers + 1, "headers: {:?}", response.headers());
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), body);
}

/// The same, for a response given the instance id `id` by the caller: sent as `x-request-id`.
#[track_caller]
pub fn assert_body_with_id(response: &Response<Vec<u8>>, status: u16, id: &str, body: &str) {
    assert_eq!(response.status(), status, "status");
    assert_eq!(response.headers()["content-type"], "application/json", "content type");
    assert_eq!(response.headers()["x-request-id"], id);
    assert_eq!(response.headers().len(), 3, "headers: {:?}", response.headers());
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), body);
}

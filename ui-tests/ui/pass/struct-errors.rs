//! Structs as errors: unit, tuple, named with a header and a skipped field, transparent over an
//! enum, and generic with a where clause.

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 503)]
struct Unavailable;

#[derive(Debug, ApiError)]
#[api(status = 404, code = "ResourceNotFound", msg = "No Integration found with ID {0}.")]
struct NotFound(u64);

#[derive(Debug, ApiError)]
#[api(status = 429, code = "LimitsExceeded", msg = "Rate limit exceeded. Please retry after {secs} seconds")]
struct RateLimited {
    #[api(header = "Retry-After")]
    secs: u64,
    #[api(skip)]
    bucket: &'static str,
    limit: u32,
}

#[derive(Debug, ApiError)]
enum Inner {
    #[api(status = 409, msg = "version {0} is stale")]
    Stale(u32),
}

#[derive(Debug, ApiError)]
#[api(transparent)]
struct Wrapper(#[from] Inner);

#[derive(Debug, ApiError)]
#[api(status = 400, msg = "invalid {what}: {value:?}")]
struct Invalid<'a, T>
where
    T: Copy,
{
    what: &'a str,
    value: T,
}

fn fields_json(error: &impl ApiError) -> String {
    String::from_utf8(error.members_json().unwrap()).unwrap()
}

fn main() {
    assert_eq!(Unavailable.status(), 503);
    assert_eq!(Unavailable.code(), "Unavailable");
    assert_eq!(Unavailable.to_string(), "Service Unavailable");

    assert_eq!(NotFound(5).to_string(), "No Integration found with ID 5.");
    assert_eq!(fields_json(&NotFound(5)), "{}");

    let error = RateLimited { secs: 30, bucket: "writes", limit: 10 };
    assert_eq!(error.to_string(), "Rate limit exceeded. Please retry after 30 seconds");
    assert_eq!(fields_json(&error), r#"{"limit":10}"#);
    let response = error.to_response();
    assert_eq!(response.headers()["retry-after"], "30");
    assert_eq!(error.bucket, "writes");

    let error = Wrapper::from(Inner::Stale(3));
    assert_eq!(error.status(), 409);
    assert_eq!(error.code(), "Stale");
    assert_eq!(error.to_string(), "version 3 is stale");

    let error = Invalid { what: "limit", value: 'x' };
    assert_eq!(error.to_string(), "invalid limit: 'x'");
    assert_eq!(fields_json(&error), r#"{"what":"limit","value":"x"}"#);
}

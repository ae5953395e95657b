//! Derived errors rendered through the user-defined formats of this crate: exact bytes of single
//! errors, of several errors through `Errors`, of boxed `dyn ApiError`s, and of the generated
//! `Serialize` impls.

use errwire::format::Hapi;
use errwire::http::Response;
use errwire::{ApiError, Context, Errors};
use errwire_custom_format::{Boom, MessageOnly, Nested};

#[track_caller]
fn assert_body(response: &Response<Vec<u8>>, status: u16, content_type: &str, body: &str) {
    assert_eq!(response.status(), status, "status");
    assert_eq!(response.headers()["content-type"], content_type, "content type");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers().len(), 2, "headers: {:?}", response.headers());
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), body);
}

const NESTED: &str = "application/vnd.example.error+json";
const JSON: &str = "application/json";

/// The `instance` a 5xx body carries, taken out of `body` after `"instance":"`.
fn instance_in(body: &[u8]) -> String {
    let body = std::str::from_utf8(body).unwrap();
    let start = body.find(r#""instance":""#).expect("an instance member") + r#""instance":""#.len();
    let end = start + body[start..].find('"').expect("the instance's end");
    body[start..end].to_owned()
}

#[derive(Debug, ApiError)]
#[api(format = errwire_custom_format::Nested, rename_all = "camelCase")]
enum AccountError {
    #[api(status = 404, code = "UserNotFound", msg = "No user {id}")]
    UserNotFound { id: u32 },

    #[api(status = 409, code = "EmailTaken", msg = "{email} is already registered")]
    EmailTaken {
        #[api(skip)]
        email: &'static str,
        existing_user_id: u32,
    },

    #[api(status = 422, code = "InvalidEmail", msg = "is not an email address")]
    InvalidEmail { pointer: &'static str },

    #[api(status = 429, code = "RateLimited", msg = "Retry after {seconds} seconds")]
    RateLimited {
        #[api(header = "Retry-After")]
        seconds: u32,
    },

    #[api(status = 500, code = "Internal", msg = "Something went wrong on our side")]
    Internal {
        #[source]
        source: std::io::Error,
    },
}

#[test]
fn nested_single_error() {
    assert_body(
        &AccountError::UserNotFound { id: 7 }.to_response(),
        404,
        NESTED,
        r#"{"error":{"status":404,"code":"UserNotFound","message":"No user 7","id":7}}"#,
    );
    assert_body(
        &AccountError::EmailTaken { email: "ada@example.com", existing_user_id: 12 }
            .to_response_with(&Context::new().with_instance("req-1")),
        409,
        NESTED,
        r#"{"error":{"status":409,"code":"EmailTaken","message":"ada@example.com is already registered","instance":"req-1","existingUserId":12}}"#,
    );
}

#[test]
fn nested_headers_and_server_errors() {
    let response = AccountError::RateLimited { seconds: 30 }.to_response();
    assert_eq!(response.headers()["retry-after"], "30");
    assert_eq!(response.headers()["content-type"], NESTED);
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"error":{"status":429,"code":"RateLimited","message":"Retry after 30 seconds"}}"#
    );

    // A 5xx carries the generated instance id; its source stays out of the body.
    let response =
        AccountError::Internal { source: std::io::Error::other("disk /dev/sda1 full") }.to_response();
    let instance = instance_in(response.body());
    assert!(instance.starts_with("urn:uuid:") && instance.len() == 45, "{instance}");
    assert_body(
        &response,
        500,
        NESTED,
        &format!(
            r#"{{"error":{{"status":500,"code":"Internal","message":"Something went wrong on our side","instance":"{instance}"}}}}"#
        ),
    );
}

#[test]
fn nested_serialize_is_the_body_without_instance() {
    let err = AccountError::EmailTaken { email: "ada@example.com", existing_user_id: 12 };
    assert_eq!(
        serde_json::to_string(&err).unwrap(),
        r#"{"error":{"status":409,"code":"EmailTaken","message":"ada@example.com is already registered","existingUserId":12}}"#
    );
    assert_eq!(serde_json::to_vec(&err).unwrap(), err.to_response().into_body());
}

#[test]
fn nested_several_errors() {
    let errors: Errors<AccountError> = [
        AccountError::InvalidEmail { pointer: "#/email" },
        AccountError::InvalidEmail { pointer: "#/backupEmail" },
    ]
    .into_iter()
    .collect();
    let expected = r##"{"error":{"status":422,"message":"Unprocessable Entity","details":[{"code":"InvalidEmail","message":"is not an email address","pointer":"#/email"},{"code":"InvalidEmail","message":"is not an email address","pointer":"#/backupEmail"}]}}"##;
    assert_body(&errors.to_response(), 422, NESTED, expected);
    assert_eq!(serde_json::to_string(&errors).unwrap(), expected);

    // Mixed 4xx: 400; with an instance id.
    let errors = Errors::from(vec![
        AccountError::UserNotFound { id: 7 },
        AccountError::EmailTaken { email: "ada@example.com", existing_user_id: 12 },
    ]);
    assert_body(
        &errors.to_response_with(&Context::new().with_instance("req-2")),
        400,
        NESTED,
        r#"{"error":{"status":400,"message":"Bad Request","instance":"req-2","details":[{"code":"UserNotFound","message":"No user 7","id":7},{"code":"EmailTaken","message":"ada@example.com is already registered","existingUserId":12}]}}"#,
    );

    // Any 5xx: 500, with a generated instance.
    let errors = Errors::from(vec![
        AccountError::UserNotFound { id: 7 },
        AccountError::Internal { source: std::io::Error::other("secret") },
    ]);
    let response = errors.to_response();
    let instance = instance_in(response.body());
    assert_body(
        &response,
        500,
        NESTED,
        &format!(
            r#"{{"error":{{"status":500,"message":"Internal Server Error","instance":"{instance}","details":[{{"code":"UserNotFound","message":"No user 7","id":7}},{{"code":"Internal","message":"Something went wrong on our side"}}]}}}}"#
        ),
    );
}

/// The service's one format: options as a const, named by every error type.
const SERVICE_FORMAT: Nested = Nested.wrapper("fault").details("causes");

#[derive(Debug, ApiError)]
#[api(format = SERVICE_FORMAT)]
enum BillingError {
    #[api(status = 402, code = "CardDeclined", msg = "The card was declined")]
    CardDeclined,
}

#[test]
fn nested_options_as_a_const() {
    assert_body(
        &BillingError::CardDeclined.to_response(),
        402,
        NESTED,
        r#"{"fault":{"status":402,"code":"CardDeclined","message":"The card was declined"}}"#,
    );
    assert_body(
        &Errors::from(vec![BillingError::CardDeclined]).to_response(),
        402,
        NESTED,
        r#"{"fault":{"status":402,"message":"Payment Required","causes":[{"code":"CardDeclined","message":"The card was declined"}]}}"#,
    );
}

#[test]
fn boxed_errors_of_two_types_in_a_custom_format() {
    let errors: Errors<Box<dyn ApiError + Send + Sync>> = Errors::from(vec![
        Box::new(AccountError::InvalidEmail { pointer: "#/email" }) as Box<dyn ApiError + Send + Sync>,
        Box::new(LegacyError::Locked { account: 3 }),
    ]);
    assert_body(
        &errors.to_response_in(&SERVICE_FORMAT, &Context::new()),
        400,
        NESTED,
        r##"{"fault":{"status":400,"message":"Bad Request","causes":[{"code":"InvalidEmail","message":"is not an email address","pointer":"#/email"},{"code":"Locked","message":"Account 3 is locked","account":3}]}}"##,
    );
    assert_body(
        &errors.to_response_in(&MessageOnly, &Context::new()),
        400,
        JSON,
        r#"{"message":"is not an email address; Account 3 is locked"}"#,
    );
}

/// The api-error style body.
#[derive(Debug, ApiError)]
#[api(format = MessageOnly)]
enum LegacyError {
    #[api(status = 423, code = "Locked", msg = "Account {account} is locked")]
    Locked { account: u32 },
    #[api(status = 400, code = "Missing", msg = "{0} is required")]
    Missing(&'static str),
    #[api(status = 503, code = "Down", msg = "Down for maintenance")]
    Down,
}

#[test]
fn message_only_format() {
    assert_body(
        &LegacyError::Locked { account: 3 }.to_response(),
        423,
        JSON,
        r#"{"message":"Account 3 is locked"}"#,
    );
    let errors = Errors::from(vec![LegacyError::Missing("name"), LegacyError::Missing("email")]);
    assert_body(&errors.to_response(), 400, JSON, r#"{"message":"name is required; email is required"}"#);
    assert_eq!(
        serde_json::to_string(&errors).unwrap(),
        r#"{"message":"name is required; email is required"}"#
    );
    assert_eq!(serde_json::to_string(&LegacyError::Missing("x")).unwrap(), r#"{"message":"x is required"}"#);
}

/// A format without a place for the instance id (`writes_instance` left at its default): the
/// runtime sends it as `x-request-id`, the generated one or the caller's.
#[test]
fn message_only_server_error_sends_the_instance_as_a_header() {
    let response = LegacyError::Down.to_response();
    assert_eq!(response.status(), 503);
    assert_eq!(response.headers()["content-type"], JSON);
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    assert_eq!(response.headers().len(), 3);
    assert_eq!(response.body().as_slice(), br#"{"message":"Down for maintenance"}"#);

    let response = LegacyError::Missing("name").to_response_with(&Context::new().with_instance("req-4"));
    assert_eq!(response.headers()["x-request-id"], "req-4");
    assert_eq!(response.headers().len(), 3);
    assert_eq!(response.body().as_slice(), br#"{"message":"name is required"}"#);
}

/// The same enum in the built-in hapi format and in this crate's copy of it.
#[derive(Debug, ApiError)]
#[api(format = Boom, rename_all = "camelCase")]
enum IntegrationError {
    #[api(status = 404, msg = "No Integration found with ID {id}.")]
    NotFound {
        #[api(skip)]
        id: u64,
    },
    #[api(status = 400, msg = "Unable to edit integration due to changes of non-editable attribute(s).")]
    NonEditable { changed_attributes: Vec<&'static str> },
}

#[test]
fn boom_produces_the_built_in_hapi_bytes() {
    let errors = [
        IntegrationError::NotFound { id: 5 },
        IntegrationError::NonEditable { changed_attributes: vec!["name", "config.host"] },
    ];
    assert_body(
        &errors[0].to_response(),
        404,
        JSON,
        r#"{"statusCode":404,"error":"Not Found","message":"No Integration found with ID 5."}"#,
    );
    for err in &errors {
        let custom = err.to_response();
        let built_in = errwire::render(&Hapi, err, &Context::new());
        assert_eq!(custom.status(), built_in.status());
        assert_eq!(custom.headers(), built_in.headers());
        assert_eq!(custom.body(), built_in.body());
    }
    let many = Errors::from(Vec::from(errors));
    assert_eq!(many.to_response().body(), many.to_response_in(&Hapi, &Context::new()).body());
}

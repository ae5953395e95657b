//! The published contract equals the served one: every response an error type renders is
//! valid against the OpenAPI schema errwire documents for its status (a real JSON Schema
//! validator, `jsonschema`, draft 2020-12 as OpenAPI 3.1 uses), sends only documented headers,
//! and every (status, code) of the type's catalog is checked at least once.
// Included by several test binaries, each using part of it.
#![allow(dead_code)]

use std::collections::BTreeSet;

use errwire::{ApiError, Catalog};
use serde_json::Value;

/// Headers every error response may carry whatever its status: the content type and the
/// transport's own.
const ALWAYS_ALLOWED: [&str; 4] = ["content-type", "content-length", "date", "x-content-type-options"];

/// Checks each of `errors` as rendered by `to_response()` (and inside a request scope that gives
/// 4xx responses an instance id too) against `E`'s OpenAPI responses, every documented example
/// against its own schema, and that `errors` covers every (status, code) of `E`'s catalog.
#[track_caller]
pub fn assert_documented<E: ApiError + utoipa::IntoResponses>(errors: &[E]) {
    let responses = serde_json::to_value(E::responses()).expect("responses serialize");
    assert_examples_valid(&responses);
    let mut covered = BTreeSet::new();
    for error in errors {
        covered.insert((error.status().as_u16(), error.code().to_owned()));
        assert_response_valid(&responses, &error.to_response(), error.code());
        let scope = errwire::RequestScope::new().every_error(true);
        assert_response_valid(&responses, &scope.run(|| error.to_response()), error.code());
    }
    let catalog: BTreeSet<(u16, String)> =
        Catalog::of::<E>().entries().iter().map(|entry| (entry.status, entry.code.to_owned())).collect();
    let missing: Vec<_> = catalog.difference(&covered).collect();
    assert!(missing.is_empty(), "not rendered, so not checked against the document: {missing:?}");
}

/// `response` is valid against the schema `responses` documents for its status and content
/// type, and carries no undocumented header.
#[track_caller]
pub fn assert_response_valid(responses: &Value, response: &http::Response<Vec<u8>>, what: &str) {
    let status = response.status().as_u16();
    let documented = responses
        .get(status.to_string())
        .unwrap_or_else(|| panic!("{what}: status {status} not documented in {responses}"));
    let content_type = response.headers()["content-type"].to_str().unwrap();
    let headers: Vec<&str> = response.headers().keys().map(http::HeaderName::as_str).collect();
    assert_reply_valid(documented, status, content_type, &headers, response.body(), what);
}

/// A reply (status, content type, header names, body) is valid against `documented`, the
/// response object of its status.
#[track_caller]
pub fn assert_reply_valid(
    documented: &Value,
    status: u16,
    content_type: &str,
    headers: &[&str],
    body: &[u8],
    what: &str,
) {
    let schema = &documented["content"][content_type]["schema"];
    assert!(schema.is_object(), "{what}: no schema for {status} {content_type} in {documented}");
    let body: Value = serde_json::from_slice(body).expect("the body is JSON");
    assert_valid(schema, &body, &format!("{what} ({status})"));
    for name in headers {
        let listed = documented
            .get("headers")
            .and_then(Value::as_object)
            .is_some_and(|documented| documented.keys().any(|header| header.eq_ignore_ascii_case(name)));
        assert!(
            listed || ALWAYS_ALLOWED.contains(name),
            "{what}: header {name} is sent but not documented for {status}: {documented}"
        );
    }
}

/// Every named example of every response is valid against its schema.
#[track_caller]
pub fn assert_examples_valid(responses: &Value) {
    for (status, response) in responses.as_object().into_iter().flatten() {
        for (content_type, media) in response["content"].as_object().into_iter().flatten() {
            for (name, example) in media["examples"].as_object().into_iter().flatten() {
                let what = format!("example {name} of {status} {content_type}");
                assert_valid(&media["schema"], &example["value"], &what);
            }
        }
    }
}

/// `instance` is valid against `schema`; the failure names every violation.
#[track_caller]
pub fn assert_valid(schema: &Value, instance: &Value, what: &str) {
    let validator = jsonschema::draft202012::options()
        .should_validate_formats(true)
        .build(schema)
        .unwrap_or_else(|error| panic!("{what}: the schema does not compile: {error}\n{schema:#}"));
    let errors: Vec<String> = validator.iter_errors(instance).map(|error| error.to_string()).collect();
    assert!(
        errors.is_empty(),
        "{what}: {instance} does not match its documented schema: {errors:#?}\nschema: {schema:#}"
    );
}

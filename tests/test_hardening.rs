//! What an attacker tried, each answered: a message field whose `Display` fails, header fields
//! naming headers errwire owns or carrying illegal, non-ASCII or oversized values, a transparent
//! variant whose inner members repeat the envelope's, a caller's instance id that can't be a
//! header, errors rendered in a spawned task. On plain `http` and on real axum and actix-web
//! servers on loopback: never a panic, never a forged header, always the envelope.

use std::fmt;

use errwire::format::{ErrorList, ErrorType, Hapi, ProblemJson};
use errwire::{ApiError, Context, Errors, Headers, RequestScope};
use http::{HeaderName, StatusCode};

/// A value whose `Display` writes some text and then fails: what a buggy or hostile `Display`
/// of a field can do.
#[derive(Debug, Clone, Copy)]
struct Broken {
    /// How many bytes it writes before failing.
    after: usize,
}

impl fmt::Display for Broken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&"x".repeat(self.after))?;
        Err(fmt::Error)
    }
}

impl serde::Serialize for Broken {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str("broken")
    }
}

macro_rules! broken_message_types {
    ($($name:ident: $format:expr;)*) => {$(
        /// Its message names a field whose `Display` fails.
        #[derive(Debug, ApiError)]
        #[allow(dead_code)]
        #[api(format = $format)]
        enum $name {
            #[api(status = 409, msg = "conflict with {value}")]
            Conflict {
                #[api(skip)]
                value: Broken,
            },
            #[api(status = 404, msg = "not found")]
            Fine,
        }
    )*};
}

broken_message_types! {
    ProblemBroken: ProblemJson;
    ListBroken: ErrorList;
    HapiBroken: Hapi;
    TypeBroken: ErrorType;
}

/// With thiserror: its `Display` is thiserror's, its message errwire's.
#[derive(Debug, thiserror::Error, ApiError)]
enum WithThiserror {
    #[error("internal: {value}")]
    #[api(status = 422, msg = "bad {value}")]
    Bad {
        #[api(skip)]
        value: Broken,
    },
}

/// The 500 that replaces a body that can't be written: the general error, in the format.
#[track_caller]
fn assert_replaced(response: &http::Response<Vec<u8>>, expected_message: &str) {
    assert_eq!(response.status(), StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    let body: serde_json::Value = serde_json::from_slice(response.body()).expect("JSON");
    assert!(body.to_string().contains(expected_message), "{body}");
    assert!(!body.to_string().contains("conflict with"), "no half message: {body}");
}

#[test]
fn a_failing_message_field_is_a_500_in_every_format_never_a_panic() {
    // Short (into the stack buffer) and long (streamed) messages: both paths.
    for after in [0, 3, 500] {
        let value = Broken { after };
        assert_replaced(&ProblemBroken::Conflict { value }.to_response(), "An internal error occurred");
        assert_replaced(&ListBroken::Conflict { value }.to_response(), "An internal error occurred");
        assert_replaced(&HapiBroken::Conflict { value }.to_response(), "An internal error occurred");
        assert_replaced(&TypeBroken::Conflict { value }.to_response(), "An internal error occurred");
        assert_replaced(&WithThiserror::Bad { value }.to_response(), "An internal error occurred");
        // In a collection, with an error that renders fine.
        let errors = Errors::from(vec![ListBroken::Fine, ListBroken::Conflict { value }]);
        assert_replaced(&errors.to_response(), "An internal error occurred");
        let errors = Errors::from(vec![HapiBroken::Fine, HapiBroken::Conflict { value }]);
        assert_replaced(&errors.to_response(), "An internal error occurred");
        // Boxed.
        let boxed: Box<dyn ApiError + Send + Sync> = Box::new(TypeBroken::Conflict { value });
        assert_replaced(&boxed.to_response(), "An internal error occurred");
    }
}

#[test]
fn a_failing_message_field_is_a_serde_error_of_the_derived_serialize() {
    let error = serde_json::to_string(&ProblemBroken::Conflict { value: Broken { after: 1 } }).unwrap_err();
    assert!(error.to_string().contains("failed to format"), "{error}");
    let error =
        serde_json::to_vec(&Errors::from(vec![ListBroken::Conflict { value: Broken { after: 300 } }]));
    assert!(error.is_err());
    // The same type with a message that formats is unaffected.
    assert_eq!(
        serde_json::to_string(&HapiBroken::Fine).unwrap(),
        r#"{"statusCode":404,"error":"Not Found","message":"not found"}"#
    );
}

/// A hand-written error whose headers try everything a field's value can.
#[derive(Debug)]
struct HeaderAttempts;

impl fmt::Display for HeaderAttempts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("header attempts")
    }
}

impl std::error::Error for HeaderAttempts {}

impl ApiError for HeaderAttempts {
    fn status(&self) -> StatusCode {
        StatusCode::TOO_MANY_REQUESTS
    }
    fn code(&self) -> &str {
        "HeaderAttempts"
    }
    fn write_message(&self, out: &mut dyn fmt::Write) -> fmt::Result {
        out.write_str("header attempts")
    }
    fn headers(&self, headers: &mut Headers<'_>) {
        let set = |headers: &mut Headers<'_>, name: &'static str, value: &dyn fmt::Display| {
            headers.insert_display(HeaderName::from_static(name), value)
        };
        assert!(set(headers, "retry-after", &30));
        // Owned by errwire or the framework.
        assert!(!set(headers, "content-type", &"text/html"));
        assert!(!set(headers, "x-request-id", &"attacker-chosen"));
        assert!(!set(headers, "content-length", &0));
        assert!(!set(headers, "transfer-encoding", &"chunked"));
        assert!(!set(headers, "x-content-type-options", &"sniff-away"));
        // Illegal, non-ASCII, oversized, failing values.
        assert!(!set(headers, "x-a", &"1\r\nSet-Cookie: session=stolen"));
        assert!(!set(headers, "x-b", &"caf\u{e9}"));
        assert!(!set(headers, "x-c", &"\u{7f}"));
        assert!(!set(headers, "x-d", &"v".repeat(100 * 1024)));
        assert!(!set(headers, "x-e", &Broken { after: 2 }));
        assert!(set(headers, "x-f", &"v".repeat(Headers::MAX_VALUE_LEN)));
        assert!(!set(headers, "x-g", &"v".repeat(Headers::MAX_VALUE_LEN + 1)));
    }
    fn with_format<V: errwire::FormatVisitor>(visitor: V) -> V::Output {
        visitor.visit(&ErrorList)
    }
}

#[test]
fn header_fields_cannot_replace_owned_headers_or_carry_illegal_values() {
    let response = HeaderAttempts.to_response();
    let headers = response.headers();
    assert_eq!(headers["content-type"], "application/json");
    assert_eq!(headers["retry-after"], "30");
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert_eq!(headers["x-f"].len(), Headers::MAX_VALUE_LEN);
    assert!(headers.get("x-request-id").is_none(), "{headers:?}");
    for dropped in ["x-a", "x-b", "x-c", "x-d", "x-e", "x-g", "set-cookie"] {
        assert!(headers.get(dropped).is_none(), "{dropped}: {headers:?}");
    }
    assert_eq!(headers.len(), 4, "{headers:?}");
}

/// An inner error of another format with a member named like the outer envelope's.
#[derive(Debug, ApiError)]
#[api(status = 409, msg = "taken")]
struct Taken {
    code: &'static str,
    message: &'static str,
    field: &'static str,
}

#[derive(Debug, ApiError)]
#[api(format = ErrorList)]
enum Outer {
    #[api(transparent)]
    Taken(Taken),
}

pub const CODED: ProblemJson = ProblemJson.code_member("code");

#[derive(Debug, ApiError)]
#[api(format = CODED)]
enum CodedOuter {
    #[api(transparent)]
    Taken(Taken),
}

#[test]
fn a_transparent_variant_never_repeats_an_envelope_member() {
    let taken = || Taken { code: "attacker", message: "attacker", field: "key" };
    let body = String::from_utf8(Outer::Taken(taken()).to_response().into_body()).unwrap();
    assert_eq!(
        body,
        r#"{"statusCode":409,"message":"taken","errors":[{"code":"Taken","message":"taken","field":"key"}]}"#
    );
    let body = String::from_utf8(CodedOuter::Taken(taken()).to_response().into_body()).unwrap();
    assert_eq!(
        body,
        r#"{"type":"about:blank","title":"Conflict","status":409,"detail":"taken","code":"Taken","message":"attacker","field":"key"}"#
    );
}

#[derive(Debug, ApiError)]
#[api(format = Hapi, status = 503, msg = "unavailable")]
struct Unavailable;

#[test]
fn a_caller_instance_that_cannot_be_a_header_is_replaced_by_a_generated_one() {
    let response = Unavailable.to_response_with(&Context::new().with_instance("req\r\nx-admin: 1"));
    let id = response.headers()["x-request-id"].to_str().unwrap();
    assert!(id.starts_with("urn:uuid:") && id.len() == 45, "{id}");
    assert!(response.headers().get("x-admin").is_none());
}

#[test]
fn every_error_response_says_nosniff() {
    for response in [
        Unavailable.to_response(),
        HapiBroken::Fine.to_response(),
        ProblemBroken::Fine.to_response(),
        ListBroken::Conflict { value: Broken { after: 1 } }.to_response(),
        Errors::<TypeBroken>::new().to_response(),
    ] {
        assert_eq!(response.headers()["x-content-type-options"], "nosniff", "{response:?}");
    }
}

#[tokio::test]
async fn a_spawned_task_keeps_the_request_scope_when_it_is_carried() {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-request-id", http::HeaderValue::from_static("req-spawned"));
    let scope = RequestScope::new().request_id_from(&headers);
    let handle = scope
        .wrap(async {
            let carried =
                RequestScope::current().unwrap_or_default().wrap(async { Unavailable.to_response() });
            let lost = async { Unavailable.to_response() };
            (tokio::spawn(carried), tokio::spawn(lost))
        })
        .await;
    let (carried, lost) = (handle.0.await.unwrap(), handle.1.await.unwrap());
    assert_eq!(carried.headers()["x-request-id"], "req-spawned");
    assert_ne!(lost.headers()["x-request-id"], "req-spawned");
}

/// On real servers: a failing message field is a 500 in the envelope, the server keeps serving;
/// a hand-written error can't set the content type; every answer says nosniff.
mod servers {
    use axum::Router;
    use axum::routing::get;

    use super::{Broken, HeaderAttempts, ListBroken};

    async fn broken() -> Result<String, ListBroken> {
        Err(ListBroken::Conflict { value: Broken { after: 2 } })
    }

    async fn attempts() -> Result<String, Box<dyn errwire::ApiError + Send + Sync>> {
        Err(Box::new(HeaderAttempts))
    }

    async fn check(base: &str) {
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        for _ in 0..2 {
            let response = client.get(format!("{base}/broken")).send().await.unwrap();
            assert_eq!(response.status(), 500);
            assert_eq!(response.headers()["x-content-type-options"], "nosniff");
            assert_eq!(response.headers()["content-type"], "application/json");
            let body = response.text().await.unwrap();
            assert!(
                body.starts_with(r#"{"statusCode":500,"message":"An internal error occurred""#),
                "{body}"
            );
        }
        let response = client.get(format!("{base}/attempts")).send().await.unwrap();
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers()["content-type"], "application/json");
        assert_eq!(response.headers()["retry-after"], "30");
        assert!(response.headers().get("set-cookie").is_none());
        let response = client.get(format!("{base}/nowhere")).send().await.unwrap();
        assert_eq!(response.status(), 404);
        assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    }

    #[tokio::test]
    async fn axum() {
        let app = Router::new()
            .route("/broken", get(broken))
            .route("/attempts", get(attempts))
            .layer(errwire::axum::ErrorLayer::new(errwire::format::ErrorList));
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = tokio::spawn(async move { axum::serve(listener, app).await });
        check(&base).await;
        server.abort();
    }

    #[test]
    fn actix_web() {
        use actix_web::{App, HttpServer, web};
        actix_web::rt::System::new().block_on(async {
            let errors = errwire::actix::ErrorConfig::new(errwire::format::ErrorList);
            let server = HttpServer::new(move || {
                App::new()
                    .configure(errors.configure())
                    .wrap(errors.middleware())
                    .service(web::resource("/broken").route(web::get().to(|| async {
                        Err::<String, _>(ListBroken::Conflict { value: Broken { after: 2 } })
                    })))
                    .service(web::resource("/attempts").route(web::get().to(|| async {
                        Err::<String, _>(actix_web::error::InternalError::from_response(
                            "",
                            errwire::actix::response(&HeaderAttempts),
                        ))
                    })))
            })
            .workers(1)
            .disable_signals()
            .bind(("127.0.0.1", 0))
            .unwrap();
            let base = format!("http://{}", server.addrs()[0]);
            let server = server.run();
            let handle = server.handle();
            let running = actix_web::rt::spawn(server);
            check(&base).await;
            handle.stop(true).await;
            running.await.unwrap().unwrap();
        });
    }
}

/// The derive rejects at compile time exactly the header names the runtime drops
/// (`ui-tests/ui/fail/header-reserved.rs`): the two lists are one.
#[test]
fn the_derive_and_the_runtime_reserve_the_same_headers() {
    let source = include_str!("../macros/src/attr.rs");
    let list = source.split("const RESERVED_HEADERS: &[&str] = &[").nth(1).expect("the derive's list");
    let list = &list[..list.find("];").expect("its end")];
    let derive: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    assert_eq!(derive, Headers::RESERVED);
}

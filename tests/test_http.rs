//! The plain `http::Response`: served by hyper directly (no framework feature involved),
//! header values checked, serialization failures answered with a 500 envelope.

#[path = "support/documented.rs"]
mod documented;

use std::collections::BTreeMap;
use std::convert::Infallible;

use errwire::ApiError;
use http_body_util::Full;
use hyper::body::Bytes;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
enum GatewayError {
    #[api(status = 502, code = "BadGateway", msg = "Upstream {service} failed")]
    BadGateway {
        service: &'static str,
        #[api(header = "Retry-After")]
        retry_after: u32,
    },
    #[api(status = 429, code = "LimitsExceeded", msg = "Rate limit exceeded")]
    Limited {
        #[api(header = "x-limit-window")]
        window: String,
    },
}

async fn serve_once(error: GatewayError) -> reqwest::Response {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (stream, _) = listener.accept().await.unwrap();
        let service = service_fn(move |_request| {
            let response = error.to_response().map(Full::<Bytes>::from);
            async move { Ok::<_, Infallible>(response) }
        });
        hyper::server::conn::http1::Builder::new()
            .serve_connection(TokioIo::new(stream), service)
            .await
            .unwrap();
    });
    let client = reqwest::Client::new();
    let response = client.get(format!("http://{addr}/")).send().await.unwrap();
    drop(client);
    let _ = tokio::time::timeout(std::time::Duration::from_secs(5), server).await;
    response
}

#[tokio::test]
async fn hyper_serves_the_response_as_is() {
    let response = serve_once(GatewayError::BadGateway { service: "billing", retry_after: 30 }).await;
    assert_eq!(response.status(), 502);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    assert_eq!(response.headers()["retry-after"], "30");
    let body = response.text().await.unwrap();
    let instance =
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["instance"].as_str().unwrap().to_owned();
    assert_eq!(
        body,
        format!(
            r#"{{"type":"about:blank","title":"Bad Gateway","status":502,"detail":"Upstream billing failed","instance":"{instance}","service":"billing"}}"#
        )
    );
}

#[tokio::test]
async fn an_illegal_header_value_is_dropped_not_injected() {
    let window = "60\r\nSet-Cookie: session=stolen".to_owned();
    let response = serve_once(GatewayError::Limited { window }).await;
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("x-limit-window").is_none());
    assert!(response.headers().get("set-cookie").is_none());
    assert_eq!(
        response.text().await.unwrap(),
        r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"Rate limit exceeded"}"#
    );
}

#[test]
fn a_legal_header_value_is_sent() {
    let response = GatewayError::Limited { window: "60s".into() }.to_response();
    assert_eq!(response.headers()["x-limit-window"], "60s");
}

/// A field whose `Serialize` fails.
#[derive(Debug)]
struct Refuses;

impl serde::Serialize for Refuses {
    fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        Err(serde::ser::Error::custom("secret internal detail"))
    }
}

#[derive(Debug, ApiError)]
enum Unserializable {
    #[api(status = 400, msg = "bad input")]
    FieldFails { value: Refuses },
    #[api(status = 400, msg = "bad keys")]
    NonStringKeys { counts: BTreeMap<(u8, u8), u32> },
    #[api(status = 422, msg = "not a number")]
    NotFinite { ratio: f64 },
}

fn assert_replaced_by_500(error: &Unserializable) {
    let response = error.to_response();
    assert_eq!(response.status(), 500);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    let body = String::from_utf8(response.into_body()).unwrap();
    let instance =
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["instance"].as_str().unwrap().to_owned();
    assert_eq!(
        body,
        format!(
            r#"{{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"An internal error occurred","instance":"{instance}"}}"#
        )
    );
}

#[test]
fn a_failing_field_gives_a_500_envelope() {
    assert_replaced_by_500(&Unserializable::FieldFails { value: Refuses });
    assert_replaced_by_500(&Unserializable::NonStringKeys { counts: BTreeMap::from([((1, 2), 3)]) });
}

#[test]
fn a_non_finite_float_is_written_as_null() {
    // serde_json writes NaN and infinities as `null`: valid JSON, so no fallback is needed.
    let body = Unserializable::NotFinite { ratio: f64::NAN }.to_response().into_body();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"not a number","ratio":null}"#
    );
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_gateway_error_is_documented() {
    documented::assert_documented(&[
        GatewayError::BadGateway { service: "billing", retry_after: 30 },
        GatewayError::Limited { window: "60s".into() },
        // An illegal header value is dropped: the body is the same, the header absent.
        GatewayError::Limited { window: "60\r\nSet-Cookie: session=stolen".into() },
    ]);
}

/// `Unserializable` can't go through `assert_documented`: its catalog documents a 400
/// `FieldFails` and a 400 `NonStringKeys`, but their fields never serialize, so every rendering
/// of them is errwire's 500 replacement, never the documented 400 (no instance can cover those
/// entries). What is checked instead is what is served: `NotFinite` against the type's own 422,
/// and each 500 replacement against the 500 that errwire documents for every operation
/// (`openapi::add_general_errors`: the `General` error, here in the type's format,
/// problem+json); the type's own responses have no 500.
#[test]
fn every_unserializable_is_documented() {
    let responses = serde_json::to_value(<Unserializable as utoipa::IntoResponses>::responses()).unwrap();
    documented::assert_examples_valid(&responses);
    let general = errwire::Catalog::of::<errwire::GeneralError>();
    let general =
        serde_json::to_value(errwire::openapi::responses_in(&errwire::format::ProblemJson, &general))
            .unwrap();
    let scope = || errwire::RequestScope::new().every_error(true);
    for error in [Unserializable::NotFinite { ratio: 0.5 }, Unserializable::NotFinite { ratio: -1e300 }] {
        documented::assert_response_valid(&responses, &error.to_response(), error.code());
        documented::assert_response_valid(&responses, &scope().run(|| error.to_response()), error.code());
    }
    for error in [
        Unserializable::FieldFails { value: Refuses },
        Unserializable::NonStringKeys { counts: BTreeMap::from([((1, 2), 3)]) },
    ] {
        let response = error.to_response();
        assert_eq!(response.status(), 500, "{}", error.code());
        documented::assert_response_valid(&general, &response, error.code());
        documented::assert_response_valid(&general, &scope().run(|| error.to_response()), error.code());
    }
}

/// serde_json writes a non-finite float as `null` (see `a_non_finite_float_is_written_as_null`):
/// the served 422 must be valid against the documented one.
#[test]
fn a_non_finite_float_is_documented() {
    let responses = serde_json::to_value(<Unserializable as utoipa::IntoResponses>::responses()).unwrap();
    for ratio in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        let error = Unserializable::NotFinite { ratio };
        documented::assert_response_valid(&responses, &error.to_response(), error.code());
    }
}

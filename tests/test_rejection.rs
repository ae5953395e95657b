//! The one rejection type of both framework integrations, with axum-core's surface: `status()`,
//! `body_text()`, `Display`, `Error::source` (the framework's original error, by which the
//! failure was classified) and a response equal to what `body_text` says.

use std::error::Error as _;

use actix_web::{FromRequest as _, ResponseError as _};
use axum::extract::{FromRequest as _, FromRequestParts as _};
use errwire::GeneralError;
use errwire::format::{ErrorList, ProblemJson};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct NewDeployment {
    key: String,
    replicas: u32,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Search {
    limit: u32,
}

/// Both modules name the same type.
fn same(rejection: errwire::axum::Rejection) -> errwire::actix::Rejection {
    rejection
}

fn assert_send_sync_error<E: std::error::Error + Send + Sync + 'static>() {}

async fn axum_body(rejection: errwire::axum::Rejection) -> String {
    let response = axum::response::IntoResponse::into_response(rejection);
    let bytes = axum::body::to_bytes(response.into_body(), usize::MAX).await.unwrap();
    String::from_utf8(bytes.to_vec()).unwrap()
}

fn axum_json(body: &'static str, content_type: Option<&str>) -> axum::extract::Request {
    let mut request = axum::http::Request::post("/deployments");
    if let Some(content_type) = content_type {
        request = request.header("content-type", content_type);
    }
    request.body(axum::body::Body::from(body)).unwrap()
}

#[tokio::test]
async fn axum_json_rejection_keeps_axums_rejection() {
    assert_send_sync_error::<errwire::axum::Rejection>();
    let request = axum_json(r#"{"key": 1, "replicas": 2}"#, Some("application/json"));
    let rejection = errwire::axum::Json::<NewDeployment>::from_request(request, &()).await.unwrap_err();

    assert_eq!(rejection.status(), 400);
    assert_eq!(rejection.to_string(), "Request body does not contain valid JSON.");
    let source = rejection.source().expect("the original rejection");
    let original = source.downcast_ref::<axum::extract::rejection::JsonRejection>().unwrap();
    assert!(matches!(original, axum::extract::rejection::JsonRejection::JsonDataError(_)));
    let expected = r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Request body does not contain valid JSON.","detailedErrorMessage":"key: invalid type: integer `1`, expected a string at line 1 column 9"}"#;
    assert_eq!(rejection.body_text(), expected);
    // The source's text never reaches the body: the body is what `body_text` says.
    assert_eq!(axum_body(rejection).await, expected);

    let request = axum_json("{}", None);
    let rejection = errwire::axum::Json::<NewDeployment>::from_request(request, &()).await.unwrap_err();
    assert_eq!(rejection.status(), 415);
    assert!(matches!(rejection.error(), GeneralError::UnsupportedMediaType { .. }));
    let original = rejection.source().unwrap().downcast_ref::<axum::extract::rejection::JsonRejection>();
    assert!(matches!(original, Some(axum::extract::rejection::JsonRejection::MissingJsonContentType(_))));
}

#[tokio::test]
async fn axum_query_and_path_rejections_keep_axums_rejections() {
    let (mut parts, ()) = axum::http::Request::get("/search?limit=many").body(()).unwrap().into_parts();
    let rejection = errwire::axum::Query::<Search>::from_request_parts(&mut parts, &()).await.unwrap_err();
    assert_eq!(rejection.status(), 400);
    assert_eq!(rejection.to_string(), "Request query param is not valid");
    assert!(rejection.source().unwrap().is::<axum::extract::rejection::QueryRejection>());
    let body = rejection.body_text();
    assert!(body.contains(r#""detailedErrorMessage":"limit: invalid digit found in string""#), "{body}");
    assert_eq!(axum_body(rejection).await, body);

    // Outside a router there are no path parameters: a server bug, a 500, whose response has an
    // instance id of its own; `body_text` has none.
    let (mut parts, ()) = axum::http::Request::get("/x").body(()).unwrap().into_parts();
    let rejection = errwire::axum::Path::<u64>::from_request_parts(&mut parts, &()).await.unwrap_err();
    assert_eq!(rejection.status(), 500);
    assert_eq!(rejection.to_string(), "An internal error occurred");
    let original = rejection.source().unwrap().downcast_ref::<axum::extract::rejection::PathRejection>();
    assert!(matches!(original, Some(axum::extract::rejection::PathRejection::MissingPathParams(_))));
    assert_eq!(
        rejection.body_text(),
        r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"An internal error occurred"}"#
    );
    assert!(axum_body(rejection).await.contains(r#""instance":"urn:uuid:"#));
}

#[test]
fn actix_rejections_keep_actix_errors() {
    actix_web::rt::System::new().block_on(actix_rejections())
}

async fn actix_rejections() {
    let errors = errwire::actix::ErrorConfig::new(ErrorList);

    let (request, mut payload) = actix_web::test::TestRequest::post()
        .app_data(errors.json_config())
        .insert_header(("content-type", "application/json"))
        .set_payload(r#"{"key": 1, "replicas": 2}"#)
        .to_http_parts();
    let error =
        errwire::actix::Json::<NewDeployment>::from_request(&request, &mut payload).await.unwrap_err();
    let rejection = error.as_error::<errwire::actix::Rejection>().expect("errwire's rejection");
    assert_eq!(rejection.status(), 400);
    assert_eq!(rejection.status_code(), 400);
    assert_eq!(rejection.to_string(), "Request body does not contain valid JSON.");
    let original = rejection.source().unwrap().downcast_ref::<actix_web::error::JsonPayloadError>();
    assert!(matches!(original, Some(actix_web::error::JsonPayloadError::Deserialize(_))));
    let expected = r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"key: invalid type: integer `1`, expected a string at line 1 column 9"}]}"#;
    assert_eq!(rejection.body_text(), expected);
    let body = actix_web::body::to_bytes(error.error_response().into_body()).await.unwrap();
    assert_eq!(body, expected);

    let (request, _) = actix_web::test::TestRequest::get()
        .uri("/search?limit=many")
        .app_data(errors.query_config())
        .to_http_parts();
    let error = errwire::actix::Query::<Search>::extract(&request).await.unwrap_err();
    let rejection = error.as_error::<errwire::actix::Rejection>().unwrap();
    assert_eq!(rejection.status(), 400);
    assert!(rejection.source().unwrap().is::<actix_web::error::QueryPayloadError>());

    let (request, _) = actix_web::test::TestRequest::get().app_data(errors.path_config()).to_http_parts();
    let error = errwire::actix::Path::<u64>::extract(&request).await.unwrap_err();
    let rejection = error.as_error::<errwire::actix::Rejection>().unwrap();
    assert_eq!(rejection.status(), 400);
    assert!(rejection.source().unwrap().is::<actix_web::error::PathError>());
}

#[test]
fn a_panics_rejection_has_its_instance_and_no_source() {
    actix_web::rt::System::new().block_on(actix_panic())
}

async fn actix_panic() {
    let errors = errwire::actix::ErrorConfig::new(ProblemJson::new());
    let app = actix_web::test::init_service(actix_web::App::new().wrap(errors.middleware()).route(
        "/panic",
        actix_web::web::get().to(|| async {
            panic!("secret: the database password is hunter2");
            #[allow(unreachable_code)]
            ""
        }),
    ))
    .await;
    let request = actix_web::test::TestRequest::get().uri("/panic").to_request();
    let error = actix_web::test::try_call_service(&app, request).await.unwrap_err();
    let rejection = error.as_error::<errwire::actix::Rejection>().unwrap();
    assert_eq!(rejection.status(), 500);
    assert!(rejection.source().is_none());
    let text = rejection.body_text();
    assert!(text.contains(r#""instance":"urn:uuid:"#), "{text}");
    assert!(!text.contains("hunter2"));
    // The panic's instance id is the rejection's own: its response and `body_text` agree.
    let body = actix_web::body::to_bytes(error.error_response().into_body()).await.unwrap();
    assert_eq!(body, text);
}

#[test]
fn built_rejections_have_no_source_and_one_type() {
    let rejection = same(errwire::axum::Rejection::new(GeneralError::MethodNotAllowed, ErrorList));
    assert_eq!(rejection.status(), 405);
    assert!(rejection.source().is_none());
    assert_eq!(format!("{rejection:?}"), "Rejection { error: MethodNotAllowed, .. }");
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(rejection);
    assert_eq!(boxed.to_string(), "The request method is not allowed for this resource");
}

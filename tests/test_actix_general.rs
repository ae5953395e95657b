//! actix-web answers every request failure in the service's format: errwire's `ErrorConfig`
//! (extractor configs, default service, middleware) and extractors on a real server, checked
//! with the shared table of `support/general_cases.rs`, the one axum runs: identical failures,
//! identical bodies.

#[path = "support/general_cases.rs"]
mod general_cases;

#[path = "support/documented.rs"]
mod documented;

use actix_web::http::StatusCode;
use actix_web::{App, HttpResponse, HttpServer, ResponseError, web};
use errwire::actix::{ErrorConfig, Json, Path, Query};
use errwire::format::ErrorList;
use errwire::{ApiError, Errors};
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

async fn create(Json(new): Json<NewDeployment>) -> (Json<NewDeployment>, StatusCode) {
    (Json(new), StatusCode::CREATED)
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

#[test]
fn every_failure_in_the_service_format() {
    actix_web::rt::System::new().block_on(async {
        let errors = ErrorConfig::new(ErrorList).json_limit(1024);
        let server = HttpServer::new(move || {
            App::new()
                .configure(errors.configure())
                .wrap(errors.middleware())
                // `web::resource(...).route(...)`, not `App::route`: `App::route` puts the method
                // guard on the resource, and actix-web then answers a wrong method with 404.
                .service(web::resource("/deployments").route(web::post().to(create)))
                .service(web::resource("/deployments/{id}").route(web::get().to(get_one)))
                .service(web::resource("/search").route(web::get().to(search)))
                .service(web::resource("/panic").route(web::get().to(panics)))
        })
        .workers(1)
        .disable_signals()
        .bind(("127.0.0.1", 0))
        .unwrap();
        let base = format!("http://{}", server.addrs()[0]);
        let server = server.run();
        let handle = server.handle();
        let running = actix_web::rt::spawn(server);

        general_cases::check_all(&base).await;

        let stopped = async {
            handle.stop(true).await;
            running.await
        };
        let stopped = actix_web::rt::time::timeout(std::time::Duration::from_secs(5), stopped).await;
        stopped.expect("the server stops").unwrap().unwrap();
    });
}

/// The derive's `ResponseError`: status and body are the type's `to_response()`.
#[derive(Debug, ApiError)]
#[api(format = ErrorList, rename_all = "camelCase")]
enum DeploymentError {
    #[api(
        status = 409,
        code = "DuplicateField",
        msg = "A duplicate value {duplicate_value} exists for field {field}."
    )]
    Duplicate { field: String, duplicate_value: String },

    #[api(
        status = 429,
        code = "LimitsExceeded",
        msg = "Rate limit exceeded. Please retry after {secs} seconds"
    )]
    RateLimited {
        #[api(header = "Retry-After")]
        secs: u64,
    },
}

/// A generic derived type gets `ResponseError` too.
#[derive(Debug, ApiError)]
#[api(status = 400, code = "InvalidValue", msg = "Invalid value {value}")]
struct Invalid<T: core::fmt::Display + core::fmt::Debug + Serialize> {
    value: T,
}

async fn duplicate() -> Result<HttpResponse, DeploymentError> {
    Err(DeploymentError::Duplicate { field: "key".into(), duplicate_value: "checkout".into() })
}

async fn limited() -> Result<HttpResponse, DeploymentError> {
    Err(DeploymentError::RateLimited { secs: 30 })
}

async fn invalid() -> Result<HttpResponse, Invalid<i64>> {
    Err(Invalid { value: -1 })
}

async fn validation() -> Result<HttpResponse, Errors<DeploymentError>> {
    Err([
        DeploymentError::Duplicate { field: "key".into(), duplicate_value: "a".into() },
        DeploymentError::Duplicate { field: "name".into(), duplicate_value: "b".into() },
    ]
    .into_iter()
    .collect())
}

#[test]
fn derived_errors_are_actix_responses() {
    actix_web::rt::System::new().block_on(async {
        let errors = ErrorConfig::new(ErrorList);
        let app = actix_web::test::init_service(
            App::new()
                .configure(errors.configure())
                .wrap(errors.middleware())
                .route("/duplicate", web::get().to(duplicate))
                .route("/limited", web::get().to(limited))
                .route("/invalid", web::get().to(invalid))
                .route("/validation", web::get().to(validation)),
        )
        .await;
        let get = |path: &str| actix_web::test::TestRequest::get().uri(path).to_request();

        let expected = DeploymentError::Duplicate { field: "key".into(), duplicate_value: "checkout".into() };
        assert_eq!(expected.status_code(), 409);
        let response = actix_web::test::call_service(&app, get("/duplicate")).await;
        assert_eq!(response.status(), 409);
        assert_eq!(response.headers().get("content-type").unwrap(), "application/json");
        assert_eq!(actix_web::test::read_body(response).await, expected.to_response().into_body());

        let response = actix_web::test::call_service(&app, get("/limited")).await;
        assert_eq!(response.status(), 429);
        assert_eq!(response.headers().get("retry-after").unwrap(), "30");
        let body = actix_web::test::read_body(response).await;
        assert_eq!(body, DeploymentError::RateLimited { secs: 30 }.to_response().into_body());

        let response = actix_web::test::call_service(&app, get("/invalid")).await;
        assert_eq!(response.status(), 400);
        assert_eq!(response.headers().get("content-type").unwrap(), "application/problem+json");
        let body = actix_web::test::read_body(response).await;
        assert_eq!(body, Invalid { value: -1_i64 }.to_response().into_body());

        let response = actix_web::test::call_service(&app, get("/validation")).await;
        assert_eq!(response.status(), 409);
        let body = actix_web::test::read_body(response).await;
        assert_eq!(
            body,
            r#"{"statusCode":409,"message":"A duplicate value a exists for field key.","errors":[{"code":"DuplicateField","message":"A duplicate value a exists for field key.","field":"key","duplicateValue":"a"},{"code":"DuplicateField","message":"A duplicate value b exists for field name.","field":"name","duplicateValue":"b"}]}"#,
        );
    });
}

async fn plain_create(new: web::Json<NewDeployment>) -> String {
    new.key.clone()
}

async fn plain_get(id: web::Path<u64>) -> String {
    id.to_string()
}

/// actix-web's own extractors, with a config the service registered without errwire's error
/// handler: the middleware still answers in the format (the parser's message without its
/// location, which only errwire's extractors add).
#[test]
fn actix_extractors_answer_in_the_format_too() {
    actix_web::rt::System::new().block_on(async {
        let errors = ErrorConfig::new(ErrorList);
        let app = actix_web::test::init_service(
            App::new().configure(errors.configure()).wrap(errors.middleware()).service(
                web::resource("/small")
                    .app_data(web::JsonConfig::default().limit(8))
                    .route(web::post().to(plain_create)),
            )
            .service(web::resource("/plain").route(web::post().to(plain_create)))
            .service(web::resource("/plain/{id}").route(web::get().to(plain_get))),
        )
        .await;
        let post = |path: &str, body: &'static str| {
            actix_web::test::TestRequest::post()
                .uri(path)
                .insert_header(("content-type", "application/json"))
                .set_payload(body)
                .to_request()
        };

        let response = actix_web::test::call_service(&app, post("/small", r#"{"key": "checkout"}"#)).await;
        assert_eq!(response.status(), 413);
        assert_eq!(
            actix_web::test::read_body(response).await,
            r#"{"statusCode":413,"message":"Request body is too large","errors":[{"code":"PayloadTooLarge","message":"Request body is too large","detailedErrorMessage":"The request body exceeds the size limit of this endpoint"}]}"#,
        );

        let response = actix_web::test::call_service(&app, post("/plain", r#"{"key": "a", "replicas": -1}"#)).await;
        assert_eq!(response.status(), 400);
        assert_eq!(
            actix_web::test::read_body(response).await,
            r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"invalid value: integer `-1`, expected a non-negative integer at line 1 column 27"}]}"#,
        );

        let request = actix_web::test::TestRequest::get().uri("/plain/a%20b").to_request();
        let response = actix_web::test::call_service(&app, request).await;
        assert_eq!(response.status(), 400);
        assert_eq!(
            actix_web::test::read_body(response).await,
            r#"{"statusCode":400,"message":"Request path param is not valid","errors":[{"code":"InvalidPathParam","message":"Request path param is not valid","detailedErrorMessage":"Cannot parse `a b`: expected a non-negative integer"}]}"#,
        );
    });
}

/// The middleware runs each request in a `RequestScope`: the request's `x-request-id` is the
/// instance of its error responses (derived errors, general errors, panics).
#[test]
fn request_id_is_echoed_beside_a_generated_instance() {
    actix_web::rt::System::new().block_on(async {
        let errors = ErrorConfig::new(errwire::format::ProblemJson::new()).every_error(true);
        let app = actix_web::test::init_service(
            App::new()
                .configure(errors.configure())
                .wrap(errors.middleware())
                .service(web::resource("/invalid").route(web::get().to(invalid)))
                .service(web::resource("/deployments/{id}").route(web::get().to(get_one)))
                .service(web::resource("/panic").route(web::get().to(panics))),
        )
        .await;
        let get = |path: &str, id: &'static str| {
            actix_web::test::TestRequest::get().uri(path).insert_header(("x-request-id", id)).to_request()
        };
        let instance = |body: &[u8]| {
            let body: serde_json::Value = serde_json::from_slice(body).unwrap();
            let instance = body["instance"].as_str().unwrap_or_default().to_owned();
            assert!(instance.starts_with("urn:uuid:") && instance.len() == 45, "{body}");
        };
        for (path, id, status) in
            [("/invalid", "req-1", 400), ("/deployments/abc", "req-2", 400), ("/nowhere", "req-3", 404)]
        {
            let response = actix_web::test::call_service(&app, get(path, id)).await;
            assert_eq!(response.status(), status, "{path}");
            assert_eq!(response.headers().get("x-request-id").unwrap(), id, "{path}");
            instance(&actix_web::test::read_body(response).await);
        }

        let error = actix_web::test::try_call_service(&app, get("/panic", "req-4")).await.unwrap_err();
        let response = error.error_response();
        assert_eq!(response.status(), 500);
        let body = actix_web::body::to_bytes(response.into_body()).await.unwrap();
        instance(&body);
        assert!(!String::from_utf8_lossy(&body).contains("hunter2"));
    });
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_deployment_error_is_documented() {
    documented::assert_documented(&[
        DeploymentError::Duplicate { field: "key".into(), duplicate_value: "checkout".into() },
        DeploymentError::RateLimited { secs: 30 },
    ]);
}

#[test]
fn every_invalid_is_documented() {
    documented::assert_documented(&[Invalid { value: -1_i64 }, Invalid { value: i64::MAX }]);
}

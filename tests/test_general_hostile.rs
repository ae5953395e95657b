//! A hostile client's corpus against errwire's extractors on real axum and actix-web servers:
//! every failure of the client's own input is a 400 (never a 500), both frameworks answer it
//! with identical bodies, `detailedErrorMessage` names no Rust type, echoes the client's text
//! only cut at `ParserDetail::ECHO_LIMIT` characters, and follows the `ParserDetail` setting.

use std::num::NonZeroU32;

use actix_web::{App, HttpServer, web};
use axum::Router;
use axum::routing::{get, post};
use errwire::axum::ParserDetail;
use errwire::format::ErrorList;
use serde::Deserialize;
use serde::de::{DeserializeOwned, Deserializer, Error as _};

// ----- The service's types: every shape serde derives ------------------------------------------

#[derive(Deserialize)]
#[serde(untagged)]
#[allow(dead_code)]
enum InternalUntaggedModelV2 {
    Pair { a: u32, b: u32 },
    Name(String),
}

#[derive(Deserialize)]
#[serde(tag = "type")]
#[allow(dead_code)]
enum InternalTaggedV2 {
    Circle { r: f64 },
    Square { side: f64 },
}

#[derive(Deserialize)]
struct InternalUnitMarkerV2;

#[derive(Deserialize)]
#[allow(dead_code)]
enum InternalShapeV2 {
    Circle { r: f64 },
    Dot,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct InternalCountV2 {
    n: u32,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct InternalStrictV2 {
    name: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "lowercase")]
#[allow(dead_code)]
enum Color {
    Red,
    Green,
    Blue,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct InternalPaintV2 {
    color: Color,
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct InternalSearchV2 {
    color: Option<Color>,
    limit: Option<u32>,
}

/// A type with its own `Deserialize` impl and its own message, naming an internal host.
#[allow(dead_code)]
struct InternalVersionV2(String);

impl<'de> Deserialize<'de> for InternalVersionV2 {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.starts_with("1.") {
            return Ok(InternalVersionV2(text));
        }
        Err(D::Error::custom(format_args!("unknown version `{text}`; builds.internal.example has 1.x only")))
    }
}

#[derive(Deserialize)]
#[allow(dead_code)]
struct InternalReleaseV2 {
    version: InternalVersionV2,
}

/// Every Rust name above, and the words of serde's messages that come with them.
const RUST_NAMES: &[&str] = &[
    "Internal",
    "V2",
    "struct",
    "enum",
    "u32",
    "u64",
    "nonzero",
    "NonZero",
    "::",
    "tuple",
    "unit ",
    "identifier",
];

// ----- The same routes on both frameworks -----------------------------------------------------

async fn axum_accept<T: DeserializeOwned>(errwire::axum::Json(_): errwire::axum::Json<T>) -> &'static str {
    "ok"
}

async fn actix_accept<T: DeserializeOwned>(errwire::actix::Json(_): errwire::actix::Json<T>) -> &'static str {
    "ok"
}

fn axum_app(detail: Option<ParserDetail>) -> Router {
    use errwire::axum::{ErrorLayer, Path, Query};
    let layer = ErrorLayer::new(ErrorList);
    let layer = match detail {
        Some(detail) => layer.parser_detail(detail),
        None => layer,
    };
    Router::new()
        .route("/id/{id}", get(|Path(id): Path<u64>| async move { id.to_string() }))
        .route("/color/{color}", get(|Path(_): Path<Color>| async { "ok" }))
        .route("/search", get(|Query(_): Query<InternalSearchV2>| async { "ok" }))
        .route("/untagged", post(axum_accept::<InternalUntaggedModelV2>))
        .route("/tagged", post(axum_accept::<InternalTaggedV2>))
        .route("/unit", post(axum_accept::<InternalUnitMarkerV2>))
        .route("/shape", post(axum_accept::<InternalShapeV2>))
        .route("/nonzero", post(axum_accept::<NonZeroU32>))
        .route("/count", post(axum_accept::<InternalCountV2>))
        .route("/strict", post(axum_accept::<InternalStrictV2>))
        .route("/paint", post(axum_accept::<InternalPaintV2>))
        .route("/release", post(axum_accept::<InternalReleaseV2>))
        .layer(layer)
}

fn actix_routes(config: &mut web::ServiceConfig) {
    use errwire::actix::{Path, Query};
    config
        .service(
            web::resource("/id/{id}")
                .route(web::get().to(|Path(id): Path<u64>| async move { id.to_string() })),
        )
        .service(web::resource("/color/{color}").route(web::get().to(|Path(_): Path<Color>| async { "ok" })))
        .service(
            web::resource("/search").route(web::get().to(|Query(_): Query<InternalSearchV2>| async { "ok" })),
        )
        .service(web::resource("/untagged").route(web::post().to(actix_accept::<InternalUntaggedModelV2>)))
        .service(web::resource("/tagged").route(web::post().to(actix_accept::<InternalTaggedV2>)))
        .service(web::resource("/unit").route(web::post().to(actix_accept::<InternalUnitMarkerV2>)))
        .service(web::resource("/shape").route(web::post().to(actix_accept::<InternalShapeV2>)))
        .service(web::resource("/nonzero").route(web::post().to(actix_accept::<NonZeroU32>)))
        .service(web::resource("/count").route(web::post().to(actix_accept::<InternalCountV2>)))
        .service(web::resource("/strict").route(web::post().to(actix_accept::<InternalStrictV2>)))
        .service(web::resource("/paint").route(web::post().to(actix_accept::<InternalPaintV2>)))
        .service(web::resource("/release").route(web::post().to(actix_accept::<InternalReleaseV2>)));
}

/// Both servers on loopback, with the same `ParserDetail` (`None`: the default).
struct Servers {
    axum: String,
    actix: String,
    client: reqwest::Client,
    stop_axum: tokio::sync::oneshot::Sender<()>,
    actix_handle: actix_web::dev::ServerHandle,
    actix_thread: std::thread::JoinHandle<()>,
}

impl Servers {
    async fn start(detail: Option<ParserDetail>) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let axum = format!("http://{}", listener.local_addr().unwrap());
        let (stop_axum, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, axum_app(detail))
                .with_graceful_shutdown(async { stopped.await.unwrap_or(()) })
                .await
                .unwrap();
        });

        let (started, running) = std::sync::mpsc::channel();
        let actix_thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let errors = errwire::actix::ErrorConfig::new(ErrorList);
                let errors = match detail {
                    Some(detail) => errors.parser_detail(detail),
                    None => errors,
                };
                let server = HttpServer::new(move || {
                    App::new().configure(errors.configure()).wrap(errors.middleware()).configure(actix_routes)
                })
                .workers(1)
                .shutdown_timeout(1)
                .disable_signals()
                .bind(("127.0.0.1", 0))
                .unwrap();
                let base = format!("http://{}", server.addrs()[0]);
                let server = server.run();
                started.send((base, server.handle())).unwrap();
                server.await.unwrap();
            });
        });
        let (actix, actix_handle) = running.recv().unwrap();
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        Servers { axum, actix, client, stop_axum, actix_handle, actix_thread }
    }

    /// Status and body from each framework.
    async fn both(&self, path: &str, body: Option<&str>) -> [(u16, String); 2] {
        let mut replies = Vec::new();
        for base in [&self.axum, &self.actix] {
            let request = match body {
                Some(body) => self
                    .client
                    .post(format!("{base}{path}"))
                    .header("content-type", "application/json")
                    .body(body.to_owned()),
                None => self.client.get(format!("{base}{path}")),
            };
            let response = request.send().await.unwrap();
            replies.push((response.status().as_u16(), response.text().await.unwrap()));
        }
        replies.try_into().unwrap()
    }

    /// The one status and body both frameworks answer with.
    async fn same(&self, path: &str, body: Option<&str>) -> (u16, String) {
        let [axum, actix] = self.both(path, body).await;
        assert_eq!(axum, actix, "{path}: axum and actix-web differ");
        axum
    }

    /// The `detailedErrorMessage` both frameworks answer a 400 with.
    async fn detail(&self, path: &str, body: Option<&str>) -> String {
        let (status, body) = self.same(path, body).await;
        assert_eq!(status, 400, "{path}: {body}");
        let body: serde_json::Value = serde_json::from_str(&body).unwrap();
        body["errors"][0]["detailedErrorMessage"].as_str().unwrap().to_owned()
    }

    async fn stop(self) {
        // Closes the client's keep-alive connections, so that both servers stop at once.
        drop(self.client);
        self.stop_axum.send(()).unwrap();
        self.actix_handle.stop(true).await;
        self.actix_thread.join().unwrap();
    }
}

// ----- Item 1: the client's input never makes a 500 -------------------------------------------

#[tokio::test]
async fn path_values_that_read_like_server_errors_are_400_everywhere() {
    let servers = Servers::start(None).await;
    let path_error = |detail: &str| {
        format!(
            r#"{{"statusCode":400,"message":"Request path param is not valid","errors":[{{"code":"InvalidPathParam","message":"Request path param is not valid","detailedErrorMessage":"{detail}"}}]}}"#
        )
    };
    assert_eq!(
        servers.same("/id/unsupported%20type", None).await,
        (400, path_error("Cannot parse `unsupported type`: expected a non-negative integer"))
    );
    assert_eq!(
        servers.same("/color/wrong%20number%20of%20parameters", None).await,
        (
            400,
            path_error(
                "unknown variant `wrong number of parameters`, expected one of `red`, `green`, `blue`"
            )
        )
    );
    for path in [
        "/id/expected%20at%20least%20one%20parameters",
        "/id/not%20supported",
        "/color/unsupported%20type:%20tuple",
        "/color/can%20not%20parse%20%22x%22%20to%20a%20u64",
        "/search?color=wrong%20number%20of%20parameters",
        "/search?limit=unsupported%20type",
    ] {
        let (status, body) = servers.same(path, None).await;
        assert_eq!(status, 400, "{path}: {body}");
    }
    servers.stop().await;
}

// ----- Item 2: no Rust type name, the client's text bounded -------------------------------------

#[tokio::test]
async fn serde_shapes_name_no_rust_type() {
    let servers = Servers::start(None).await;
    let cases: &[(&str, &str, &str)] = &[
        ("/untagged", r#"{"x": 1}"#, "the value does not match any of the accepted shapes"),
        ("/untagged", "true", "the value does not match any of the accepted shapes"),
        ("/tagged", "1", "invalid type: integer `1`, expected an object at line 1 column 1"),
        (
            "/tagged",
            r#"{"type": "Triangle"}"#,
            "type: unknown variant `Triangle`, expected `Circle` or `Square` at line 1 column 19",
        ),
        ("/tagged", r#"{"r": 1}"#, "missing field `type` at line 1 column 8"),
        ("/unit", "1", "invalid type: integer `1`, expected null at line 1 column 1"),
        ("/unit", "{}", "invalid type: object, expected null at line 1 column 0"),
        (
            "/shape",
            r#"{"Circle": 1}"#,
            "Circle: invalid type: integer `1`, expected an object at line 1 column 12",
        ),
        ("/shape", r#""Circle""#, "Circle: invalid type: a variant without content, expected an object"),
        (
            "/shape",
            r#"{"Circle": []}"#,
            "Circle: invalid length 0, expected an array of 1 element at line 1 column 13",
        ),
        ("/nonzero", "0", "invalid value: integer `0`, expected a positive integer at line 1 column 1"),
        ("/nonzero", r#""7""#, "invalid type: string \"7\", expected a positive integer at line 1 column 3"),
        (
            "/count",
            r#"{"n": [1]}"#,
            "n: invalid type: array, expected a non-negative integer at line 1 column 6",
        ),
        ("/count", "[]", "invalid length 0, expected an array of 1 element at line 1 column 2"),
        ("/count", r#"{"n": 1} x"#, "trailing characters at line 1 column 10"),
        ("/count", r#"{"n": 1"#, "EOF while parsing an object at line 1 column 7"),
    ];
    for (path, body, expected) in cases {
        let detail = servers.detail(path, Some(body)).await;
        assert_eq!(&detail, expected, "{path} {body}");
        for name in RUST_NAMES {
            assert!(!detail.contains(name), "{path} {body}: {name} in {detail}");
        }
    }
    servers.stop().await;
}

#[tokio::test]
async fn the_clients_text_is_echoed_bounded() {
    let servers = Servers::start(None).await;
    let limit = ParserDetail::ECHO_LIMIT;
    assert_eq!(limit, 64);
    let cut = |c: &str| format!("{}…", c.repeat(limit));

    // A 1.5 MB string value.
    let huge = "a".repeat(1_500_000);
    let detail = servers.detail("/count", Some(&format!(r#"{{"n": "{huge}"}}"#))).await;
    assert_eq!(
        detail,
        format!(
            "n: invalid type: string \"{}\", expected a non-negative integer at line 1 column 1500008",
            cut("a")
        )
    );

    // A long unknown field name: in the location and in the reason, each cut.
    let field = "z".repeat(5_000);
    let detail = servers.detail("/strict", Some(&format!(r#"{{"name": "a", "{field}": 1}}"#))).await;
    assert_eq!(
        detail,
        format!("{z}: unknown field `{z}`, expected `name` at line 1 column 5016", z = cut("z"))
    );

    // A long unknown variant name, posing as the service's list of names.
    let variant = format!("{}`, expected `admin", "q".repeat(300));
    let detail = servers.detail("/paint", Some(&format!(r#"{{"color": "{variant}"}}"#))).await;
    assert_eq!(
        detail,
        format!(
            "color: unknown variant `{}`, expected one of `red`, `green`, `blue` at line 1 column 330",
            cut("q")
        )
    );

    // Path and query values.
    let detail = servers.detail(&format!("/id/{}", "%41".repeat(2_000)), None).await;
    assert_eq!(detail, format!("Cannot parse `{}`: expected a non-negative integer", cut("A")));
    let detail = servers.detail(&format!("/color/{}", "b".repeat(2_000)), None).await;
    assert_eq!(detail, format!("unknown variant `{}`, expected one of `red`, `green`, `blue`", cut("b")));
    let detail = servers.detail(&format!("/search?color={}", "c".repeat(2_000)), None).await;
    assert_eq!(
        detail,
        format!("color: unknown variant `{}`, expected one of `red`, `green`, `blue`", cut("c"))
    );

    // Control and bidirectional-formatting characters never reach the body.
    let detail = servers.detail("/paint", Some(r#"{"color": "x\u001b[2J\u202egnp.exe"}"#)).await;
    assert_eq!(
        detail,
        "color: unknown variant `x\u{fffd}[2J\u{fffd}gnp.exe`, expected one of `red`, `green`, `blue` at line 1 column 35"
    );
    servers.stop().await;
}

// ----- Item 3: the parser_detail option ----------------------------------------------------------

#[tokio::test]
async fn parser_detail_none_filtered_and_keep_custom() {
    let custom = r#"{"version": "9.9.9"}"#;
    let serde = r#"{"n": "x"}"#;

    // The default is `Filtered`: the service's own message is replaced, serde's is filtered.
    for detail in [None, Some(ParserDetail::Filtered)] {
        let servers = Servers::start(detail).await;
        assert_eq!(
            servers.detail("/release", Some(custom)).await,
            "version: the value does not have the expected shape at line 1 column 20"
        );
        assert_eq!(
            servers.detail("/count", Some(serde)).await,
            "n: invalid type: string \"x\", expected a non-negative integer at line 1 column 9"
        );
        assert_eq!(
            servers.detail("/id/abc", None).await,
            "Cannot parse `abc`: expected a non-negative integer"
        );
        servers.stop().await;
    }

    // `None`: one fixed sentence per input, nothing of the request.
    let servers = Servers::start(Some(ParserDetail::None)).await;
    let body = "The request body is not valid JSON or does not have the expected shape";
    assert_eq!(servers.detail("/release", Some(custom)).await, body);
    assert_eq!(servers.detail("/count", Some(serde)).await, body);
    assert_eq!(servers.detail("/count", Some("{")).await, body);
    assert_eq!(servers.detail("/id/abc", None).await, "The path parameters do not have the expected form");
    assert_eq!(
        servers.detail("/search?limit=x", None).await,
        "The query string does not have the expected parameters"
    );
    // Status and code do not change.
    let (status, reply) = servers.same("/untagged", Some("1")).await;
    assert_eq!(status, 400);
    assert!(reply.contains(r#""code":"InvalidJsonInput""#), "{reply}");
    servers.stop().await;

    // `KeepCustom`: the service's own message as written; serde's still filtered.
    let servers = Servers::start(Some(ParserDetail::KeepCustom)).await;
    assert_eq!(
        servers.detail("/release", Some(custom)).await,
        "version: unknown version `9.9.9`; builds.internal.example has 1.x only at line 1 column 20"
    );
    assert_eq!(
        servers.detail("/count", Some(serde)).await,
        "n: invalid type: string \"x\", expected a non-negative integer at line 1 column 9"
    );
    assert_eq!(
        servers.detail("/untagged", Some("1")).await,
        "the value does not match any of the accepted shapes"
    );
    // Kept, but bounded.
    let long = "9".repeat(1_000);
    let detail = servers.detail("/release", Some(&format!(r#"{{"version": "{long}"}}"#))).await;
    let kept = detail.strip_prefix("version: ").unwrap().split(" at line ").next().unwrap();
    assert_eq!(kept.chars().count(), ParserDetail::CUSTOM_LIMIT + 1, "{detail}");
    assert!(kept.ends_with('…'));
    servers.stop().await;
}

//! Localized messages (feature `fluent`): translations from `tests/locales/l10n/*.ftl`, the
//! language negotiated from `Accept-Language` on real axum and actix-web servers, or given
//! explicitly; bodies compared as exact bytes.

#[path = "support/documented.rs"]
mod documented;

use actix_web::{App, HttpServer, web};
use axum::Router;
use axum::routing::get;
use errwire::format::{Hapi, ProblemJson};
use errwire::{ApiError, Context};

/// An order service's errors, translated into German and French (`tests/locales/l10n`).
#[derive(Debug, ApiError)]
#[api(locales = "locales/l10n", default_locale = "en", type_base = "https://example.com/errors/")]
pub enum OrderError {
    /// Someone else changed the order.
    #[api(
        status = 409,
        code = "ConcurrentModification",
        msg = "Order {id} has version {current}, not {expected}"
    )]
    Conflict { id: u64, expected: u32, current: u32 },

    /// Too many items in one order.
    #[api(status = 422, code = "TooManyItems", msg = "At most {limit} items allowed, {count} given")]
    TooMany { limit: u32, count: u32 },

    /// A code that is not a Fluent identifier.
    #[api(status = 404, code = "user.not_found", title = "No Such User", msg = "No user named {name}")]
    UserNotFound { name: String },

    /// No fields; a multiline translation with a term.
    #[api(status = 503, code = "Closed", msg = "The shop is closed today")]
    Closed,
}

/// A second type, translated into German only (`tests/locales/l10n-stock`): collections mixing
/// it with [`OrderError`] get one language per item.
#[derive(Debug, ApiError)]
#[api(locales = "locales/l10n-stock")]
pub enum StockError {
    #[api(status = 422, code = "OutOfStock", msg = "{item} is out of stock")]
    OutOfStock { item: String },
}

/// A type without translations: its items have no language to list.
#[derive(Debug, ApiError)]
#[api(status = 422, code = "Untranslated", msg = "No translation")]
pub struct Untranslated;

const CONFLICT_EN: &str = r#"{"type":"https://example.com/errors/ConcurrentModification","title":"Conflict","status":409,"detail":"Order 7 has version 4, not 3","id":7,"expected":3,"current":4}"#;
const CONFLICT_DE: &str = r#"{"type":"https://example.com/errors/ConcurrentModification","title":"Konflikt","status":409,"detail":"Bestellung 7 hat Version 4, nicht 3","id":7,"expected":3,"current":4}"#;
const CONFLICT_FR: &str = r#"{"type":"https://example.com/errors/ConcurrentModification","title":"Conflit","status":409,"detail":"La commande 7 est en version 4, pas 3","id":7,"expected":3,"current":4}"#;

fn conflict() -> OrderError {
    OrderError::Conflict { id: 7, expected: 3, current: 4 }
}

fn body(response: &http::Response<Vec<u8>>) -> &str {
    std::str::from_utf8(response.body()).unwrap()
}

#[test]
fn the_default_language_is_the_msg_and_says_so() {
    let response = conflict().to_response();
    assert_eq!(body(&response), CONFLICT_EN);
    assert_eq!(response.headers()["content-language"], "en");
    assert!(response.headers().get("vary").is_none(), "no request: nothing varies");
}

#[test]
fn an_explicit_locale_translates_title_and_message_only() {
    for (requested, golden, language) in [
        ("de", CONFLICT_DE, "de"),
        ("de-CH, de;q=0.9, en;q=0.5", CONFLICT_DE, "de"),
        ("fr-CA", CONFLICT_FR, "fr"),
        ("en;q=0.2, fr;q=0.9, de;q=0.5", CONFLICT_FR, "fr"),
        ("de;q=0, fr;q=0", CONFLICT_EN, "en"),
        ("ja, *;q=0.1", CONFLICT_EN, "en"),
        ("en-GB", CONFLICT_EN, "en"),
        ("", CONFLICT_EN, "en"),
        ("\u{7f}garbage;;q=x,,", CONFLICT_EN, "en"),
    ] {
        let response = conflict().to_response_with(&Context::new().with_locale(requested));
        assert_eq!(body(&response), golden, "{requested:?}");
        assert_eq!(response.headers()["content-language"], language, "{requested:?}");
        assert_eq!(response.status(), 409);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        assert!(response.headers().get("vary").is_none());
    }
}

#[test]
fn plural_select_and_text_arguments() {
    let de = Context::new().with_locale("de");
    let fr = Context::new().with_locale("fr");
    let one = OrderError::TooMany { limit: 5, count: 1 };
    let many = OrderError::TooMany { limit: 5, count: 12 };
    let message = |error: &OrderError, cx: &Context<'_>| {
        let response = error.to_response_with(cx);
        let body: serde_json::Value = serde_json::from_slice(response.body()).unwrap();
        body["detail"].as_str().unwrap().to_owned()
    };
    assert_eq!(message(&one, &de), "Höchstens 5 Artikel erlaubt, aber einer angegeben");
    assert_eq!(message(&many, &de), "Höchstens 5 Artikel erlaubt, aber 12 angegeben");
    assert_eq!(message(&one, &fr), "Au plus 5 articles, mais un seul donné");
    assert_eq!(message(&many, &fr), "Au plus 5 articles, mais 12 donnés");
    assert_eq!(message(&many, &Context::new()), "At most 5 items allowed, 12 given");

    let user = OrderError::UserNotFound { name: "Ada \"the\" <admin>".to_owned() };
    assert_eq!(
        body(&user.to_response_with(&de)),
        r#"{"type":"https://example.com/errors/user.not_found","title":"Nicht gefunden","status":404,"detail":"Kein Benutzer namens „Ada \"the\" <admin>“","name":"Ada \"the\" <admin>"}"#
    );
    // French has no `.title` for it: the default title stays.
    assert_eq!(
        body(&user.to_response_with(&fr)),
        r#"{"type":"https://example.com/errors/user.not_found","title":"No Such User","status":404,"detail":"Aucun utilisateur « Ada \"the\" <admin> »","name":"Ada \"the\" <admin>"}"#
    );
    let closed = OrderError::Closed.to_response_with(&de.with_instance("urn:uuid:1"));
    assert_eq!(
        body(&closed),
        r#"{"type":"https://example.com/errors/Closed","title":"Service Unavailable","status":503,"detail":"Der Laden ist\nheute geschlossen","instance":"urn:uuid:1"}"#
    );
}

#[test]
fn other_formats_boxed_errors_and_explicit_render_translate_too() {
    let de = Context::new().with_locale("de");
    let hapi = errwire::render(&Hapi, &conflict(), &de);
    assert_eq!(
        body(&hapi),
        r#"{"statusCode":409,"error":"Conflict","message":"Bestellung 7 hat Version 4, nicht 3","id":7,"expected":3,"current":4}"#
    );
    assert_eq!(hapi.headers()["content-language"], "de");
    let boxed: Box<dyn ApiError + Send + Sync> = Box::new(conflict());
    let response = errwire::render(&ProblemJson, &*boxed, &de);
    assert_eq!(body(&response), CONFLICT_DE);
    assert_eq!(response.headers()["content-language"], "de");
    // Display and write_message stay in the default language: logs are the service's.
    assert_eq!(conflict().to_string(), "Order 7 has version 4, not 3");
}

#[test]
fn translations_negotiate_against_the_type_s_locales() {
    let translations = conflict().translations().unwrap();
    assert_eq!(translations.default_locale(), "en");
    assert_eq!(translations.locales().collect::<Vec<_>>(), ["de", "fr"]);
    assert_eq!(translations.negotiate("de-CH, de;q=0.9, en;q=0.5"), "de");
    assert_eq!(translations.negotiate("it"), "en");
    let mut out = String::new();
    assert_eq!(translations.write_message("fr", &conflict(), &mut out), Ok(true));
    assert_eq!(out, "La commande 7 est en version 4, pas 3");
    assert_eq!(translations.write_message("it", &conflict(), &mut String::new()), Ok(false));
}

#[test]
fn every_variant_is_documented() {
    documented::assert_documented(&[
        conflict(),
        OrderError::TooMany { limit: 5, count: 6 },
        OrderError::UserNotFound { name: "ada".to_owned() },
        OrderError::Closed,
    ]);
}

async fn axum_conflict() -> Result<String, OrderError> {
    Err(conflict())
}

async fn axum_items(axum::extract::Path(count): axum::extract::Path<u32>) -> Result<String, OrderError> {
    Err(OrderError::TooMany { limit: 5, count })
}

fn too_many_twice() -> errwire::Errors<OrderError> {
    [OrderError::TooMany { limit: 5, count: 1 }, OrderError::TooMany { limit: 5, count: 9 }]
        .into_iter()
        .collect()
}

async fn axum_many() -> Result<String, errwire::Errors<OrderError>> {
    Err(too_many_twice())
}

async fn actix_many() -> Result<String, errwire::Errors<OrderError>> {
    Err(too_many_twice())
}

async fn actix_conflict() -> Result<String, OrderError> {
    Err(conflict())
}

async fn actix_items(count: web::Path<u32>) -> Result<String, OrderError> {
    Err(OrderError::TooMany { limit: 5, count: count.into_inner() })
}

struct Servers {
    bases: [String; 2],
    client: reqwest::Client,
    stop_axum: tokio::sync::oneshot::Sender<()>,
    actix_handle: actix_web::dev::ServerHandle,
    actix_thread: std::thread::JoinHandle<()>,
}

impl Servers {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let axum_base = format!("http://{}", listener.local_addr().unwrap());
        let app = Router::new()
            .route("/conflict", get(axum_conflict))
            .route("/items/{count}", get(axum_items))
            .route("/many", get(axum_many))
            .layer(errwire::axum::ErrorLayer::new(ProblemJson));
        let (stop_axum, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async { stopped.await.unwrap_or(()) })
                .await
                .unwrap();
        });
        let (started, running) = std::sync::mpsc::channel();
        let actix_thread = std::thread::spawn(move || {
            actix_web::rt::System::new().block_on(async move {
                let errors = errwire::actix::ErrorConfig::new(ProblemJson);
                let server = HttpServer::new(move || {
                    App::new()
                        .configure(errors.configure())
                        .wrap(errors.middleware())
                        .service(web::resource("/conflict").route(web::get().to(actix_conflict)))
                        .service(web::resource("/items/{count}").route(web::get().to(actix_items)))
                        .service(web::resource("/many").route(web::get().to(actix_many)))
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
        let (actix_base, actix_handle) = running.recv().unwrap();
        let client = reqwest::Client::builder().no_proxy().build().unwrap();
        Servers { bases: [axum_base, actix_base], client, stop_axum, actix_handle, actix_thread }
    }

    /// Each framework's answer to `GET path` with `accept_language`: status, content language,
    /// vary, body.
    async fn get(&self, path: &str, accept_language: Option<&str>) -> [(u16, String, String, String); 2] {
        let mut replies = Vec::new();
        for base in &self.bases {
            let mut request = self.client.get(format!("{base}{path}"));
            if let Some(value) = accept_language {
                request = request.header("accept-language", value);
            }
            let response = request.send().await.unwrap();
            let header = |name: &str| {
                response.headers().get(name).map(|v| v.to_str().unwrap().to_owned()).unwrap_or_default()
            };
            let (language, vary) = (header("content-language"), header("vary"));
            replies.push((response.status().as_u16(), language, vary, response.text().await.unwrap()));
        }
        replies.try_into().unwrap()
    }

    async fn stop(self) {
        drop(self.client);
        self.stop_axum.send(()).unwrap();
        self.actix_handle.stop(true).await;
        self.actix_thread.join().unwrap();
    }
}

#[tokio::test]
async fn both_servers_answer_in_the_request_s_language() {
    let servers = Servers::start().await;
    let reply = |language: &str, body: &str| {
        (409, language.to_owned(), "accept-language".to_owned(), body.to_owned())
    };
    for (accept_language, expected) in [
        (Some("de-CH, de;q=0.9, en;q=0.5"), reply("de", CONFLICT_DE)),
        (Some("en;q=0.5, fr;q=0.8, de;q=0.7"), reply("fr", CONFLICT_FR)),
        (Some("pt-BR, ja;q=0.8"), reply("en", CONFLICT_EN)),
        (Some("de;q=0"), reply("en", CONFLICT_EN)),
        (None, reply("en", CONFLICT_EN)),
    ] {
        for (framework, answer) in
            ["axum", "actix-web"].iter().zip(servers.get("/conflict", accept_language).await)
        {
            assert_eq!(answer, expected, "{framework}, Accept-Language: {accept_language:?}");
        }
    }
    for (count, detail) in [(1, "aber einer angegeben"), (3, "aber 3 angegeben")] {
        for (status, language, _, body) in servers.get(&format!("/items/{count}"), Some("de")).await {
            assert_eq!((status, language.as_str()), (422, "de"));
            let body: serde_json::Value = serde_json::from_str(&body).unwrap();
            assert!(body["detail"].as_str().unwrap().ends_with(detail), "{body}");
        }
    }
    servers.stop().await;
}

const MANY_DE: &str = r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{"detail":"Höchstens 5 Artikel erlaubt, aber einer angegeben","limit":5,"count":1},{"detail":"Höchstens 5 Artikel erlaubt, aber 9 angegeben","limit":5,"count":9}]}"#;

#[tokio::test]
async fn collections_answer_in_the_request_s_language_on_both_servers() {
    let servers = Servers::start().await;
    let reply = |language: &str, body: &str| {
        (422, language.to_owned(), "accept-language".to_owned(), body.to_owned())
    };
    let english = String::from_utf8(too_many_twice().to_response().into_body()).unwrap();
    for (accept_language, expected) in [
        (Some("de-CH, de;q=0.9, en;q=0.5"), reply("de", MANY_DE)),
        (Some("it, en;q=0.1"), reply("en", &english)),
        (None, reply("en", &english)),
    ] {
        for (framework, answer) in
            ["axum", "actix-web"].iter().zip(servers.get("/many", accept_language).await)
        {
            assert_eq!(answer, expected, "{framework}, Accept-Language: {accept_language:?}");
        }
    }
    servers.stop().await;
}

#[test]
fn collections_translate_each_item_in_its_own_type_s_languages() {
    let errors = too_many_twice();
    let response = errors.to_response_with(&Context::new().with_locale("de"));
    assert_eq!(body(&response), MANY_DE);
    assert_eq!(response.headers()["content-language"], "de");
    assert!(response.headers().get("vary").is_none(), "an explicit language: nothing varies");
    // The single-message formats join the translated messages.
    let hapi = errors.to_response_in(&Hapi, &Context::new().with_locale("fr"));
    assert_eq!(
        body(&hapi),
        r#"{"statusCode":422,"error":"Unprocessable Entity","message":"Au plus 5 articles, mais un seul donné; Au plus 5 articles, mais 9 donnés"}"#
    );
    assert_eq!(hapi.headers()["content-language"], "fr");

    // Items of three types: French and German, German only, no translations.
    let mixed: errwire::Errors<Box<dyn ApiError + Send + Sync>> = [
        Box::new(OrderError::TooMany { limit: 5, count: 2 }) as Box<dyn ApiError + Send + Sync>,
        Box::new(StockError::OutOfStock { item: "Äpfel".to_owned() }),
        Box::new(Untranslated),
    ]
    .into_iter()
    .collect();
    let cases = [
        ("fr", "fr, en", "Au plus 5 articles, mais 2 donnés", "Äpfel is out of stock"),
        ("fr, de;q=0.5", "fr, de", "Au plus 5 articles, mais 2 donnés", "Äpfel ist ausverkauft"),
        ("de", "de", "Höchstens 5 Artikel erlaubt, aber 2 angegeben", "Äpfel ist ausverkauft"),
        ("it", "en", "At most 5 items allowed, 2 given", "Äpfel is out of stock"),
    ];
    for (requested, languages, order, stock) in cases {
        let response = mixed.to_response_in(&ProblemJson, &Context::new().with_locale(requested));
        assert_eq!(response.headers()["content-language"], languages, "{requested}");
        assert_eq!(
            body(&response),
            format!(
                r#"{{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{{"detail":"{order}","limit":5,"count":2}},{{"detail":"{stock}","item":"Äpfel"}},{{"detail":"No translation"}}]}}"#
            ),
            "{requested}"
        );
    }
    // A collection without any translated type has no Content-Language, as before.
    let plain: errwire::Errors<Untranslated> = [Untranslated].into_iter().collect();
    let response = plain.to_response_with(&Context::new().with_locale("de"));
    assert!(response.headers().get("content-language").is_none());
    // Display stays in the default language (it is what logs read).
    assert_eq!(errors.to_string(), "At most 5 items allowed, 1 given; At most 5 items allowed, 9 given");
}

fn every_order_error() -> [OrderError; 4] {
    [
        conflict(),
        OrderError::TooMany { limit: 5, count: 6 },
        OrderError::UserNotFound { name: "ada".to_owned() },
        OrderError::Closed,
    ]
}

/// Every translated body (explicit language, and the request's `Accept-Language` inside a
/// framework scope, which adds `Vary`) is valid against the type's own OpenAPI responses:
/// the translated title is one of the documented values, `Content-Language` and `Vary` are
/// documented headers.
#[test]
fn translated_bodies_match_the_type_s_own_openapi() {
    use utoipa::IntoResponses as _;
    let responses = serde_json::to_value(OrderError::responses()).unwrap();
    let content_language = &responses["409"]["headers"]["content-language"]["schema"];
    assert_eq!(content_language, &serde_json::json!({"type": "string", "enum": ["en", "de", "fr"]}));
    for error in every_order_error() {
        for requested in ["de", "fr", "en", "ja"] {
            let what = format!("{} in {requested}", error.code());
            let response = error.to_response_with(&Context::new().with_locale(requested));
            documented::assert_response_valid(&responses, &response, &what);
            let mut headers = http::HeaderMap::new();
            headers.insert("accept-language", http::HeaderValue::from_static(requested));
            let scope = errwire::RequestScope::new().every_error(true).accept_language_from(&headers);
            let response = scope.run(|| error.to_response());
            assert_eq!(response.headers()["vary"], "accept-language");
            documented::assert_response_valid(&responses, &response, &what);
        }
    }
}

/// Exact bytes of `actual` against `tests/golden/<name>`; `ERRWIRE_BLESS=1` rewrites the file
/// after a deliberate change (as in test_catalog_render.rs).
#[track_caller]
fn golden(name: &str, actual: &str) {
    let path = format!("{}/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("ERRWIRE_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    assert_eq!(actual, std::fs::read_to_string(&path).unwrap(), "{path}");
}

/// The catalog shows every language: Markdown (each translation after the message), JSON
/// (`locale` and `translations` per entry), HTML (each translation under the message, marked
/// with its `lang`), and the HTML page in one language (`Catalog::in_locale`), falling back to
/// the default for a message a locale lacks.
#[test]
fn the_catalog_shows_the_translations() {
    let catalog = || errwire::Catalog::of::<OrderError>();
    golden("l10n-catalog.md", &catalog().to_markdown());
    golden("l10n-catalog.json", &catalog().to_json());
    golden("l10n-catalog.html", &catalog().to_html());
    golden("l10n-catalog-de.html", &catalog().in_locale("de").to_html());
    golden("l10n-catalog-it.html", &catalog().in_locale("it").to_html());
}

//! The catalog's three renderings for clients (Markdown, HTML, JSON) and the choice between them
//! by `Accept`: one row per (status, code, message), JSON types and never Rust types, every text
//! HTML-escaped, and the example service's `/errors` serving whichever the request prefers.

use std::collections::BTreeMap;

use errwire::catalog::{Entry, Field};
use errwire::schema::JsonType;
use errwire::{ApiError, Catalog};
use serde_json::{Value, json};

#[path = "../runtime/examples/service/app.rs"]
#[allow(dead_code)]
mod app;

/// A small shop API: a member of each kind of JSON type, a header, a code span and paragraphs
/// in a doc comment, statuses declared out of order.
#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase", type_base = "https://shop.example/errors/")]
#[allow(dead_code)] // only its catalog is used
pub enum ShopError {
    /// Returned when the request names no valid coupon.
    #[api(status = 400, code = "InvalidCoupon")]
    InvalidCoupon,

    /// Returned when too many requests were sent.
    ///
    /// Wait for the number of seconds in `Retry-After` before retrying.
    #[api(status = 429, code = "LimitsExceeded", msg = "Retry after {retry_after} seconds")]
    LimitsExceeded {
        #[api(header = "Retry-After")]
        retry_after: u64,
        /// Requests allowed per minute, if the plan has a limit.
        limit: Option<u32>,
        /// The endpoints that share the limit.
        endpoints: Vec<String>,
    },

    /// Returned when the order does not exist. Use `GET /orders` to list the orders.
    #[api(status = 404, code = "ResourceNotFound", msg = "Order {id} does not exist")]
    OrderNotFound {
        #[api(skip)]
        id: u64,
    },

    /// Returned when the cart changed since it was read.
    #[api(status = 409, code = "ConcurrentModification")]
    #[api(msg = "Expected version {expected_version}, found {current_version}")]
    Conflict {
        /// The version the request expected.
        expected_version: u64,
        /// The cart's version.
        current_version: u64,
    },
}

/// What the shop's framework layer answers: the same 404 code with its own message.
#[derive(Debug, ApiError)]
#[allow(dead_code)] // only its catalog is used
pub enum ShopLayerError {
    /// Returned when no route matches the request URL.
    #[api(status = 404, code = "ResourceNotFound", msg = "No route matches the request URL")]
    NoRoute,
    /// Returned when the order does not exist. Use `GET /orders` to list the orders.
    #[api(status = 404, code = "ResourceNotFound", msg = "Order {id} does not exist")]
    SameAsShop {
        #[api(skip)]
        id: u64,
    },
}

fn shop() -> Catalog {
    let mut catalog = Catalog::of::<ShopError>();
    catalog.add::<ShopLayerError>().set_title("Shop API errors");
    catalog
}

/// Every test's expectation of exact bytes: `ERRWIRE_BLESS=1` rewrites the file after a
/// deliberate change.
#[track_caller]
fn golden(name: &str, actual: &str) {
    let path = format!("{}/golden/{name}", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("ERRWIRE_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
    }
    assert_eq!(actual, std::fs::read_to_string(&path).unwrap(), "{path}");
}

// ----- HTML ----------------------------------------------------------------------------------------

#[test]
fn html_catalog_matches_the_golden_page() {
    golden("shop-catalog.html", &shop().to_html());
}

/// The statuses of the page's sections, in page order, with the row ids of each.
fn html_sections(html: &str) -> Vec<(u16, Vec<String>)> {
    html.split("<section id=\"status-")
        .skip(1)
        .map(|section| {
            let status = section[..3].parse().unwrap();
            assert!(section.contains(&format!("<h2>{status} ")), "{section}");
            let rows = section
                .split("<tr id=\"")
                .skip(1)
                .map(|row| row[..row.find('"').unwrap()].to_owned())
                .collect();
            (status, rows)
        })
        .collect()
}

#[test]
fn html_page_has_a_section_per_status_ascending_and_a_row_per_message() {
    let html = shop().to_html();
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">\n"), "{html}");
    assert!(html.ends_with("</body>\n</html>\n"));
    assert_eq!(html.matches("<title>Shop API errors</title>").count(), 1);
    assert_eq!(html.matches("<h1>Shop API errors</h1>").count(), 1);
    let sections = html_sections(&html);
    let expected: Vec<(u16, Vec<String>)> = vec![
        (400, vec!["code-InvalidCoupon".into()]),
        (404, vec!["code-ResourceNotFound".into(), "code-ResourceNotFound-2".into()]),
        (409, vec!["code-ConcurrentModification".into()]),
        (429, vec!["code-LimitsExceeded".into()]),
    ];
    assert_eq!(sections, expected);
    assert!(html.contains("<h2>404 Not Found</h2>"));
    assert!(html.contains("<h2>429 Too Many Requests</h2>"));
    // Both 404 messages; the layer's copy of the shop's row is not a third one.
    assert_eq!(html.matches("<td>Order {id} does not exist</td>").count(), 1);
    assert_eq!(html.matches("<td>No route matches the request URL</td>").count(), 1);
    // An error without a template shows the reason phrase as its text.
    assert!(html.contains("<td><code>InvalidCoupon</code></td>\n<td>Bad Request</td>"));
}

#[test]
fn html_lists_members_and_headers_with_json_types() {
    let html = shop().to_html();
    for member in [
        "<dt><code>limit</code>: integer or null</dt>\n<dd>Requests allowed per minute, if the plan has a limit.</dd>",
        "<dt><code>endpoints</code>: array of string</dt>\n<dd>The endpoints that share the limit.</dd>",
        "<dt><code>expectedVersion</code>: integer</dt>\n<dd>The version the request expected.</dd>",
        "<dt><code>retry-after</code>: integer</dt>\n</dl>",
    ] {
        assert_eq!(html.matches(member).count(), 1, "{member} in {html}");
    }
    let limits = &html[html.find("id=\"code-LimitsExceeded\"").unwrap()..];
    let members = limits.find("<p><strong>Members</strong></p>").unwrap();
    let headers = limits.find("<p><strong>Headers</strong></p>").unwrap();
    assert!(members < limits.find("<code>limit</code>").unwrap());
    assert!(headers < limits.find("<code>retry-after</code>").unwrap());
    // Doc comments: paragraphs, code spans.
    assert!(limits.contains(
        "<p>Returned when too many requests were sent.</p>\n<p>Wait for the number of seconds in <code>Retry-After</code> before retrying.</p>"
    ));
}

/// Nothing Rust reaches a client: no Rust type in any rendering.
#[test]
fn renderings_speak_json_types_never_rust_types() {
    let catalog = shop();
    for page in [catalog.to_html(), catalog.to_markdown(), catalog.to_json()] {
        for rust in ["u64", "u32", "Option<", "Vec<", "String", "LimitsExceeded {", "OrderNotFound"] {
            assert!(!page.contains(rust), "{rust} in {page}");
        }
    }
}

// ----- Escaping ------------------------------------------------------------------------------------

/// A member type whose JSON type names markup.
#[derive(Debug, serde::Serialize)]
pub struct Markup;

impl JsonType for Markup {
    fn json_schema() -> Value {
        json!({"enum": ["<img src=x onerror=alert(1)>", "a&b"]})
    }
}

/// Every text a derive lets a service write, full of markup.
#[derive(Debug, ApiError)]
#[allow(dead_code)] // only its catalog is used
pub enum HostileError {
    /// <script>alert(1)</script> & "double" 'single' `<b>in code</b>`
    ///
    /// \`<i>escaped backtick</i>`
    #[api(status = 400, code = "<script>alert(2)</script>&\"'")]
    #[api(msg = "<script>alert(3)</script> & \"quoted\" 'x' </td></tr></table>")]
    Hostile {
        /// <script>alert(4)</script> & "member"
        #[api(rename = "<script>alert(5)</script>&\"'")]
        value: Markup,
        #[api(header = "X-Script")]
        header: u8,
    },
}

/// The tag names of `html`, in order (`/` for closing tags, `!` for the doctype).
fn tags(html: &str) -> Vec<String> {
    html.split('<')
        .skip(1)
        .map(|rest| {
            rest.chars().take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '/' | '!')).collect()
        })
        .collect()
}

#[test]
fn html_escapes_every_interpolated_text() {
    let mut catalog = Catalog::of::<HostileError>();
    catalog.set_title("<script>alert(6)</script>");
    let html = catalog.to_html();
    // Every tag is one the renderer writes.
    let allowed = [
        "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "h1", "p", "code", "section", "h2",
        "table", "thead", "tbody", "tr", "th", "td", "strong", "dl", "dt", "dd",
    ];
    for tag in tags(&html) {
        assert!(allowed.contains(&tag.trim_start_matches('/')), "<{tag} in {html}");
    }
    assert!(
        !html.contains("<script") && !html.contains("<img") && !html.contains("<b>") && !html.contains("<i>")
    );
    for n in 1..=6 {
        assert!(html.contains(&format!("&lt;script&gt;alert({n})&lt;/script&gt;")), "alert({n}) in {html}");
    }
    assert!(html.contains("&amp; &quot;double&quot; &#39;single&#39;"));
    assert!(html.contains("<code>&lt;b&gt;in code&lt;/b&gt;</code>"));
    assert!(html.contains("&lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;"));
    assert!(html.contains("one of &quot;&lt;img src=x onerror=alert(1)&gt;&quot;, &quot;a&amp;b&quot;"));
    // Attribute values stay inside their quotes: the id is made of safe characters.
    assert!(html.contains("<tr id=\"code-_script_alert_2___script____\">"), "{html}");
    for quote in ["\"<", "\"'"] {
        assert!(!html.contains(quote), "{quote}");
    }
}

#[test]
fn markdown_shows_markup_as_text() {
    let markdown = Catalog::of::<HostileError>().to_markdown();
    // Outside code spans `<` is a character reference: a Markdown viewer shows it, runs nothing.
    assert!(markdown.contains("&lt;script>alert(1)&lt;/script> & \"double\" 'single' `<b>in code</b>`"));
    assert!(markdown.contains(
        "\\`&lt;i>escaped backtick&lt;/i>\\` Members: `<script>alert(5)</script>&\"'` (one of \"&lt;img"
    ));
    assert!(markdown.contains("| &lt;script>alert(3)&lt;/script> &"));
    assert!(markdown.contains("| `<script>alert(2)</script>&\"'` |"), "{markdown}");
    // Outside the code spans (the code, a member's name, the doc's), the only markup is the
    // renderer's own line breaks.
    let outside = markdown
        .replace("`<b>in code</b>`", "")
        .replace("`<script>alert(2)</script>&\"'`", "")
        .replace("`<script>alert(5)</script>&\"'`", "")
        .replace("<br><br>", "");
    assert!(!outside.contains('<'), "{markdown}");
}

#[test]
fn json_carries_the_texts_as_they_are() {
    let json: Value = serde_json::from_str(&Catalog::of::<HostileError>().to_json()).unwrap();
    let entry = &json[0];
    assert_eq!(entry["code"], "<script>alert(2)</script>&\"'");
    assert_eq!(entry["message"], "<script>alert(3)</script> & \"quoted\" 'x' </td></tr></table>");
    assert_eq!(entry["members"][0]["name"], "<script>alert(5)</script>&\"'");
    assert_eq!(entry["members"][0]["type"], "one of \"<img src=x onerror=alert(1)>\", \"a&b\"");
    assert_eq!(
        entry["members"][1],
        json!({
            "name": "x-script",
            "type": "integer",
            "schema": {"type": "integer", "minimum": 0, "maximum": 255},
            "in": "header",
            "description": "",
        })
    );
}

// ----- JSON ---------------------------------------------------------------------------------------

#[test]
fn json_rows_carry_json_types_and_schemas() {
    let json: Value = serde_json::from_str(&shop().to_json()).unwrap();
    let rows = json.as_array().unwrap();
    assert_eq!(rows.len(), 5);
    let limits = rows.iter().find(|row| row["code"] == "LimitsExceeded").unwrap();
    assert_eq!(
        limits,
        &json!({
            "status": 429,
            "code": "LimitsExceeded",
            "grpc": "RESOURCE_EXHAUSTED",
            "title": "Too Many Requests",
            "type": "https://shop.example/errors/LimitsExceeded",
            "message": "Retry after {retry_after} seconds",
            "description": "Returned when too many requests were sent.\n\nWait for the number of seconds in `Retry-After` before retrying.",
            "members": [
                {
                    "name": "limit",
                    "type": "integer or null",
                    "schema": {"type": ["integer", "null"], "minimum": 0, "maximum": u32::MAX},
                    "in": "body",
                    "description": "Requests allowed per minute, if the plan has a limit.",
                },
                {
                    "name": "endpoints",
                    "type": "array of string",
                    "schema": {"type": "array", "items": {"type": "string"}},
                    "in": "body",
                    "description": "The endpoints that share the limit.",
                },
                {
                    "name": "retry-after",
                    "type": "integer",
                    "schema": {"type": "integer", "minimum": 0},
                    "in": "header",
                    "description": "",
                },
            ],
        })
    );
    let not_found: Vec<&Value> = rows.iter().filter(|row| row["code"] == "ResourceNotFound").collect();
    assert_eq!(not_found.len(), 2);
    assert_eq!(not_found[1]["message"], "No route matches the request URL");
    assert!(not_found[1].get("type").is_none(), "no type_base: no type");
}

// ----- Rows ----------------------------------------------------------------------------------------

static HAND_FIELDS: [Field; 1] = [Field::body("id", "u64", <u64 as JsonType>::json_schema)];
const HAND: Entry = Entry::new(404, "ResourceNotFound", "Hand").fields(&HAND_FIELDS);

static ENTRY: Entry = HAND;
static SAME_MESSAGE: Entry =
    Entry::new(404, "ResourceNotFound", "Other").template("Not Found").fields(&HAND_FIELDS);

#[test]
fn rows_are_unique_per_status_code_and_message() {
    let mut catalog = Catalog::new();
    catalog.push(&ENTRY);
    catalog.push(&ENTRY);
    // A template equal to the reason phrase is the same message.
    catalog.push(&SAME_MESSAGE);
    assert_eq!(catalog.entries().len(), 1);
    catalog.add::<ShopError>().add::<ShopLayerError>().add::<ShopError>();
    let rows: BTreeMap<(u16, &str, &str), usize> =
        catalog.entries().iter().fold(BTreeMap::new(), |mut rows, entry| {
            *rows.entry((entry.status, entry.code, entry.message())).or_default() += 1;
            rows
        });
    assert!(rows.values().all(|&n| n == 1), "{rows:?}");
    assert_eq!(rows.len(), 6);
    assert_eq!(catalog.entries().iter().filter(|entry| entry.code == "ResourceNotFound").count(), 3);
}

// ----- Negotiation ---------------------------------------------------------------------------------

const HTML: &str = "text/html; charset=utf-8";
const MARKDOWN: &str = "text/markdown; charset=utf-8";
const JSON: &str = "application/json";

#[track_caller]
fn negotiated(accept: Option<&str>) -> &'static str {
    let catalog = shop();
    let (content_type, body) = catalog.negotiate(accept);
    let expected = match content_type {
        HTML => catalog.to_html(),
        MARKDOWN => catalog.to_markdown(),
        JSON => catalog.to_json(),
        other => panic!("unexpected content type {other}"),
    };
    assert_eq!(body, expected, "{content_type} body");
    content_type
}

#[test]
fn negotiate_gives_each_rendering_when_asked_for() {
    assert_eq!(negotiated(Some("text/html")), HTML);
    assert_eq!(negotiated(Some("text/markdown")), MARKDOWN);
    assert_eq!(negotiated(Some("application/json")), JSON);
    assert_eq!(negotiated(Some("Application/JSON; charset=utf-8")), JSON);
    // What browsers send.
    assert_eq!(negotiated(Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")), HTML);
    assert_eq!(negotiated(Some("text/html, application/xhtml+xml, image/jxr, */*")), HTML);
}

#[test]
fn negotiate_follows_q_values() {
    assert_eq!(negotiated(Some("text/html;q=0.5, application/json")), JSON);
    assert_eq!(negotiated(Some("text/html;q=0.5, application/json;q=0.4")), HTML);
    assert_eq!(negotiated(Some("application/json;q=0.9, text/markdown;q=0.91")), MARKDOWN);
    assert_eq!(negotiated(Some("text/html ; q=1.0, text/markdown;q=0.999")), HTML);
    // q=0 excludes, even where a wildcard would allow it.
    assert_eq!(negotiated(Some("text/markdown;q=0, text/*")), HTML);
    assert_eq!(negotiated(Some("*/*, text/markdown;q=0, text/html;q=0")), JSON);
    // An invalid q drops its range.
    assert_eq!(negotiated(Some("text/html;q=high, application/json;q=0.1")), JSON);
}

#[test]
fn negotiate_reads_wildcards() {
    assert_eq!(negotiated(Some("*/*")), MARKDOWN);
    assert_eq!(negotiated(Some("text/*")), MARKDOWN);
    assert_eq!(negotiated(Some("application/*")), JSON);
    // An explicit type beats a wildcard of the same q.
    assert_eq!(negotiated(Some("*/*, application/json")), JSON);
    // The most specific range decides a type's q.
    assert_eq!(negotiated(Some("text/*;q=0.2, text/html;q=0.9, */*;q=0.5")), HTML);
    assert_eq!(negotiated(Some("text/*;q=0.9, text/markdown;q=0.1, application/json;q=0.5")), HTML);
}

#[test]
fn negotiate_without_an_acceptable_type_falls_back_to_markdown() {
    assert_eq!(negotiated(None), MARKDOWN);
    assert_eq!(negotiated(Some("")), MARKDOWN);
    assert_eq!(negotiated(Some("image/png")), MARKDOWN);
    assert_eq!(negotiated(Some("text/html;q=0, text/markdown;q=0, application/json;q=0")), MARKDOWN);
    assert_eq!(negotiated(Some("*/*;q=0")), MARKDOWN);
    assert_eq!(negotiated(Some("garbage, ,;q=1, /, */html")), MARKDOWN);
}

// ----- The example service ------------------------------------------------------------------------

/// `GET /errors` of the example service with `accept`: content type, `Vary`, body.
async fn errors_page(base: &str, accept: Option<&str>) -> (String, String, String) {
    let mut request = reqwest::Client::new().get(format!("{base}/errors"));
    if let Some(accept) = accept {
        request = request.header("accept", accept);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status(), 200);
    let header = |name| response.headers()[name].to_str().unwrap().to_owned();
    let (content_type, vary) = (header("content-type"), header("vary"));
    (content_type, vary, response.text().await.unwrap())
}

#[tokio::test]
async fn the_example_serves_the_catalog_the_request_prefers() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let server = tokio::spawn(async move { axum::serve(listener, app::router()).await });

    let (content_type, vary, html) = errors_page(&base, Some("text/html,*/*;q=0.8")).await;
    assert_eq!((content_type.as_str(), vary.as_str()), (HTML, "accept"));
    assert!(html.contains("<title>errwire example service: errors</title>"));
    // The service's 404 and the layer's: two rows of one code.
    assert!(html.contains("<tr id=\"code-ResourceNotFound\">"));
    assert!(html.contains("<tr id=\"code-ResourceNotFound-2\">"));
    assert!(html.contains("<td>The resource addressed by the request URL does not exist</td>"));

    let (content_type, _, markdown) = errors_page(&base, None).await;
    assert_eq!(content_type, MARKDOWN);
    assert_eq!(markdown, app::catalog().to_markdown());

    let (content_type, _, json) = errors_page(&base, Some("application/json")).await;
    assert_eq!(content_type, JSON);
    let json: Value = serde_json::from_str(&json).unwrap();
    let messages: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|row| row["code"] == "ResourceNotFound")
        .map(|row| row["message"].as_str().unwrap())
        .collect();
    assert_eq!(
        messages,
        [
            "Deployment with id={id} does not exist",
            "The resource addressed by the request URL does not exist"
        ]
    );
    server.abort();
}

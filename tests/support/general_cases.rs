//! The request failures every framework integration must answer in the service's format: one
//! table, run against each framework's real server, so identical failures get identical bodies.
//!
//! Every server under test serves the same routes, in the error-list format:
//! `POST /deployments` (JSON `{"key": string, "replicas": u32}`, body limit 1 KiB),
//! `GET /deployments/{id}` (`id: u64`), `GET /search?limit=<u32>`, `GET /panic` (panics).

/// One request and the exact response it must get.
pub struct Case {
    pub name: &'static str,
    pub method: &'static str,
    pub path: &'static str,
    pub content_type: Option<&'static str>,
    pub body: Body,
    pub status: u16,
    /// The exact body; `{instance}` stands for the response's generated instance id.
    pub expected: &'static str,
}

pub enum Body {
    Empty,
    Text(&'static str),
    /// That many bytes of JSON, over the 1 KiB limit.
    Oversized(usize),
}

pub const CASES: &[Case] = &[
    Case {
        name: "malformed JSON",
        method: "POST",
        path: "/deployments",
        content_type: Some("application/json"),
        body: Body::Text(r#"{"key": "checkout","#),
        status: 400,
        expected: r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"EOF while parsing a value at line 1 column 19"}]}"#,
    },
    Case {
        name: "JSON of the wrong shape",
        method: "POST",
        path: "/deployments",
        content_type: Some("application/json"),
        body: Body::Text(r#"{"key": "checkout", "replicas": -1}"#),
        status: 400,
        expected: r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"replicas: invalid value: integer `-1`, expected a non-negative integer at line 1 column 34"}]}"#,
    },
    Case {
        name: "JSON missing a field",
        method: "POST",
        path: "/deployments",
        content_type: Some("application/json"),
        body: Body::Text(r#"{"replicas": 2}"#),
        status: 400,
        expected: r#"{"statusCode":400,"message":"Request body does not contain valid JSON.","errors":[{"code":"InvalidJsonInput","message":"Request body does not contain valid JSON.","detailedErrorMessage":"missing field `key` at line 1 column 15"}]}"#,
    },
    Case {
        name: "wrong content type",
        method: "POST",
        path: "/deployments",
        content_type: Some("text/plain"),
        body: Body::Text(r#"{"key": "checkout", "replicas": 2}"#),
        status: 415,
        expected: r#"{"statusCode":415,"message":"Request content type is not supported","errors":[{"code":"UnsupportedMediaType","message":"Request content type is not supported","detailedErrorMessage":"Expected a request with `Content-Type: application/json`"}]}"#,
    },
    Case {
        name: "oversized body",
        method: "POST",
        path: "/deployments",
        content_type: Some("application/json"),
        body: Body::Oversized(4096),
        status: 413,
        expected: r#"{"statusCode":413,"message":"Request body is too large","errors":[{"code":"PayloadTooLarge","message":"Request body is too large","detailedErrorMessage":"The request body exceeds the size limit of this endpoint"}]}"#,
    },
    Case {
        name: "bad query parameter",
        method: "GET",
        path: "/search?limit=many",
        content_type: None,
        body: Body::Empty,
        status: 400,
        expected: r#"{"statusCode":400,"message":"Request query param is not valid","errors":[{"code":"InvalidQueryParam","message":"Request query param is not valid","detailedErrorMessage":"limit: invalid digit found in string"}]}"#,
    },
    Case {
        name: "bad path parameter",
        method: "GET",
        path: "/deployments/abc",
        content_type: None,
        body: Body::Empty,
        status: 400,
        expected: r#"{"statusCode":400,"message":"Request path param is not valid","errors":[{"code":"InvalidPathParam","message":"Request path param is not valid","detailedErrorMessage":"Cannot parse `abc`: expected a non-negative integer"}]}"#,
    },
    Case {
        // A value whose text reads like actix-router's route-mismatch messages: still the
        // client's input, a 400 (actix-web once answered it with a 500).
        name: "path value that reads like a server error",
        method: "GET",
        path: "/deployments/unsupported%20type",
        content_type: None,
        body: Body::Empty,
        status: 400,
        expected: r#"{"statusCode":400,"message":"Request path param is not valid","errors":[{"code":"InvalidPathParam","message":"Request path param is not valid","detailedErrorMessage":"Cannot parse `unsupported type`: expected a non-negative integer"}]}"#,
    },
    Case {
        name: "unknown route",
        method: "GET",
        path: "/nowhere",
        content_type: None,
        body: Body::Empty,
        status: 404,
        expected: r#"{"statusCode":404,"message":"The resource addressed by the request URL does not exist","errors":[{"code":"ResourceNotFound","message":"The resource addressed by the request URL does not exist"}]}"#,
    },
    Case {
        name: "wrong method",
        method: "DELETE",
        path: "/deployments",
        content_type: None,
        body: Body::Empty,
        status: 405,
        expected: r#"{"statusCode":405,"message":"The request method is not allowed for this resource","errors":[{"code":"MethodNotAllowed","message":"The request method is not allowed for this resource"}]}"#,
    },
    Case {
        name: "handler panic",
        method: "GET",
        path: "/panic",
        content_type: None,
        body: Body::Empty,
        status: 500,
        expected: r#"{"statusCode":500,"message":"An internal error occurred","errors":[{"code":"General","message":"An internal error occurred"}]}"#,
    },
];

/// Sends every case to `base` and checks status, content type and exact body; then checks
/// that the server still answers a normal request.
pub async fn check_all(base: &str) {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    for case in CASES {
        let method = reqwest::Method::from_bytes(case.method.as_bytes()).unwrap();
        let mut request = client.request(method, format!("{base}{}", case.path));
        if let Some(content_type) = case.content_type {
            request = request.header("content-type", content_type);
        }
        request = match case.body {
            Body::Empty => request,
            Body::Text(text) => request.body(text),
            Body::Oversized(len) => request.body(format!(r#"{{"key":"{}","replicas":1}}"#, "k".repeat(len))),
        };
        let response = request.send().await.unwrap();
        assert_eq!(response.status().as_u16(), case.status, "{}", case.name);
        assert_eq!(response.headers()["content-type"], "application/json", "{}", case.name);
        if case.method == "DELETE" {
            assert!(response.headers().contains_key("allow"), "{}: 405 keeps Allow", case.name);
        }
        let body = response.text().await.unwrap();
        let value: serde_json::Value = serde_json::from_str(&body).unwrap();
        let expected = case.expected.replace("{instance}", value["instance"].as_str().unwrap_or_default());
        assert_eq!(body, expected, "{}", case.name);
    }
    let ok = client
        .post(format!("{base}/deployments"))
        .header("content-type", "application/json")
        .body(r#"{"key": "checkout", "replicas": 2}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), 201, "a normal request after the failures");
    assert_eq!(ok.text().await.unwrap(), r#"{"key":"checkout","replicas":2}"#);
}

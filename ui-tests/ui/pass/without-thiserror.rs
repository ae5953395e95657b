//! The derive alone makes a complete error type: `Display` from `msg` (or the reason phrase),
//! `std::error::Error` with `source()`, and `From` for a `#[from]` field.

use std::error::Error as _;

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, msg = "no user {id}")]
    NotFound { id: u64 },

    #[api(status = 500, code = "General", msg = "internal error")]
    Io(#[from] std::io::Error),

    #[api(status = 502)]
    Upstream {
        #[source]
        cause: std::fmt::Error,
        url: String,
    },

    #[api(status = 503)]
    Unavailable { source: Box<dyn std::error::Error + Send + Sync> },

    #[api(status = 500)]
    Marked(#[api(source)] std::fmt::Error),
}

fn io() -> Result<(), Error> {
    Err(std::io::Error::other("secret path"))?
}

fn body(error: &dyn ApiError) -> String {
    String::from_utf8(error.to_response().into_body()).unwrap()
}

fn main() {
    let error = Error::NotFound { id: 5 };
    assert_eq!(error.to_string(), "no user 5");
    assert!(error.source().is_none());

    let error = io().unwrap_err();
    assert_eq!(error.to_string(), "internal error");
    assert_eq!(error.source().unwrap().to_string(), "secret path");
    assert!(!body(&error).contains("secret"));

    let error = Error::Upstream { cause: std::fmt::Error, url: "https://upstream.invalid".to_owned() };
    assert_eq!(error.to_string(), "Bad Gateway");
    assert!(error.source().is_some());
    assert!(body(&error).contains(r#""url":"https://upstream.invalid""#));
    assert!(!body(&error).contains("cause"));

    let error = Error::Unavailable { source: "queue full".into() };
    assert_eq!(error.source().unwrap().to_string(), "queue full");
    assert!(!body(&error).contains("queue"));

    let error = Error::Marked(std::fmt::Error);
    assert!(error.source().is_some());
}

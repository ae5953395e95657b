//! A body member named `source` that is data, not an error (JSON:API's `source` object): a field
//! named `source` marked `#[api(member)]`, or any field renamed to `source`; the latter also
//! with thiserror, which takes every field named `source` as the error's source.

use std::error::Error as _;

use errwire::ApiError;

#[derive(Debug, serde::Serialize)]
struct Source {
    pointer: &'static str,
}

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 422)]
    Invalid {
        #[api(member)]
        source: Source,
    },
}

#[derive(Debug, thiserror::Error, ApiError)]
enum WithThiserror {
    #[error("invalid")]
    #[api(status = 422)]
    Invalid {
        #[api(rename = "source")]
        origin: Source,
    },
}

fn body<E: ApiError>(error: &E) -> String {
    String::from_utf8(error.to_response().body().clone()).unwrap()
}

fn main() {
    let error = Error::Invalid { source: Source { pointer: "/data/attributes/name" } };
    assert!(error.source().is_none());
    assert_eq!(
        body(&error),
        r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"Unprocessable Entity","source":{"pointer":"/data/attributes/name"}}"#,
    );

    let error = WithThiserror::Invalid { origin: Source { pointer: "/data" } };
    assert!(error.source().is_none());
    assert_eq!(
        body(&error),
        r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"Unprocessable Entity","source":{"pointer":"/data"}}"#,
    );
}

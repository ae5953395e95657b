//! The ways one may spell attributes: split over several `#[api]`, trailing commas, an empty
//! `#[api()]`, raw-string messages, `cfg_attr`, and field keys in any order.

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api()]
enum Error {
    #[api(status = 409,)]
    #[api(code = "Conflict", msg = r#"version "{expected}" expected, "{current}" found"#)]
    Conflict {
        #[api(rename = "expectedVersion",)]
        expected: u32,
        #[api()]
        #[api(rename = "currentVersion")]
        current: u32,
    },

    #[cfg_attr(all(), api(status = 429))]
    Limited(#[api(header = "retry-after")] u64, #[api(rename = "bucket")] String),

    #[api(status = 502, msg = "upstream said {0}")]
    Upstream(#[api(source)] std::fmt::Error, #[api(skip)] u8),
}

fn fields_json(error: &Error) -> String {
    String::from_utf8(error.members_json().unwrap()).unwrap()
}

fn main() {
    let error = Error::Conflict { expected: 2, current: 3 };
    assert_eq!(error.to_string(), r#"version "2" expected, "3" found"#);
    assert_eq!(fields_json(&error), r#"{"expectedVersion":2,"currentVersion":3}"#);

    let error = Error::Limited(10, "writes".to_owned());
    assert_eq!(error.status(), 429);
    assert_eq!(fields_json(&error), r#"{"bucket":"writes"}"#);
    assert_eq!(error.to_response().headers()["retry-after"], "10");

    let error = Error::Upstream(std::fmt::Error, 1);
    assert_eq!(error.to_string(), "upstream said an error occurred when formatting an argument");
    assert_eq!(fields_json(&error), "{}");
    assert!(std::error::Error::source(&error).is_some());
}

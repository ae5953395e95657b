//! The derive sees the enum after `#[cfg]` and `#[cfg_attr]`: a variant or field configured
//! away is not there at all, attributes and missing types included.

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404)]
    NotFound,

    #[cfg(any())]
    #[api(stauts = 410, msg = "{nothing}")]
    Gone { value: TypeThatDoesNotExist },

    #[cfg_attr(all(), api(status = 409, msg = "version {version}"))]
    Conflict {
        version: u32,
        #[cfg(any())]
        hidden: TypeThatDoesNotExist,
    },
}

fn main() {
    assert_eq!(Error::NotFound.status(), 404);
    let error = Error::Conflict { version: 2 };
    assert_eq!(error.status(), 409);
    assert_eq!(error.to_string(), "version 2");
    let body = String::from_utf8(error.to_response().into_body()).unwrap();
    assert!(body.ends_with(r#""version":2}"#));
}

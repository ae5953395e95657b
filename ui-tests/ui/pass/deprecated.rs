//! Deprecated variants and fields: the generated code must not warn about them, so this
//! compiles under `deny(warnings)`.
#![deny(warnings)]

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[deprecated(note = "use `NotFound`")]
    #[api(status = 410)]
    Gone,

    #[api(status = 404, msg = "no item {id} ({old})")]
    NotFound {
        id: u64,
        #[deprecated(note = "use `id`")]
        old: u32,
    },

    #[deprecated]
    #[api(status = 500)]
    Io(#[from] std::io::Error),
}

#[allow(deprecated)]
fn main() {
    assert_eq!(Error::Gone.status(), 410);
    let error = Error::NotFound { id: 1, old: 2 };
    assert_eq!(error.to_string(), "no item 1 (2)");
    let body = String::from_utf8(error.to_response().into_body()).unwrap();
    assert!(body.ends_with(r#""id":1,"old":2}"#));
    let error = Error::from(std::io::Error::other("x"));
    assert_eq!(error.status(), 500);
}

//! Field names that are legal but not snake case: the locals the generated code binds them to
//! must not warn (`non_snake_case`), so this compiles under `deny(warnings)`.
#![deny(warnings)]

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[allow(non_snake_case)]
enum Error {
    #[api(status = 400, msg = "{URL} {_private} {__out} {x__y} {_0}")]
    Odd { URL: String, _private: u8, __out: u8, x__y: u8, _0: u8 },

    #[api(status = 404, msg = "{URL:?}")]
    #[allow(non_snake_case)]
    Header {
        #[api(header = "X-Url")]
        URL: String,
    },
}

fn main() {
    let error = Error::Odd { URL: "/x".to_owned(), _private: 1, __out: 2, x__y: 3, _0: 4 };
    assert_eq!(error.to_string(), "/x 1 2 3 4");
    let out = error.members_json().unwrap();
    assert_eq!(out, br#"{"URL":"/x","_private":1,"__out":2,"x__y":3,"_0":4}"#);

    let error = Error::Header { URL: "/y".to_owned() };
    assert_eq!(error.to_string(), r#""/y""#);
    assert_eq!(error.to_response().headers()["x-url"], "/y");
}

//! Raw identifiers and names that a derive might use itself: the code, the body member and the
//! message use the name without `r#`, and nothing the derive generates clashes with a field.

use errwire::ApiError;

// The error-list format: problem+json's envelope has its own `type` member.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList)]
#[allow(non_camel_case_types)]
enum Error {
    #[api(status = 400, msg = "bad {type} for {r#match} ({r#ref})")]
    Type { r#type: String, r#match: u32, r#ref: bool },
    #[api(status = 409)]
    r#loop,
    #[api(status = 422, msg = "{self_} {fmt} {f} {__out} {__map} {__headers} {__formatter}")]
    Shadow { self_: u8, fmt: u8, f: u8, __out: u8, __map: u8, __headers: u8, __formatter: u8 },
}

fn fields_json(error: &Error) -> String {
    String::from_utf8(error.members_json().unwrap()).unwrap()
}

fn main() {
    let error = Error::Type { r#type: "uuid".to_owned(), r#match: 3, r#ref: true };
    assert_eq!(error.status(), 400);
    assert_eq!(error.code(), "Type");
    assert_eq!(error.to_string(), "bad uuid for 3 (true)");
    assert_eq!(fields_json(&error), r#"{"type":"uuid","match":3,"ref":true}"#);

    assert_eq!(Error::r#loop.code(), "loop");
    assert_eq!(Error::r#loop.to_string(), "Conflict");

    let error = Error::Shadow { self_: 1, fmt: 2, f: 3, __out: 4, __map: 5, __headers: 6, __formatter: 7 };
    assert_eq!(error.to_string(), "1 2 3 4 5 6 7");
    assert_eq!(
        fields_json(&error),
        r#"{"self_":1,"fmt":2,"f":3,"__out":4,"__map":5,"__headers":6,"__formatter":7}"#
    );
}

//! Enum-level defaults that variants override: status, code, title, `type_base` and
//! `code_case`; one code shared by variants of the same status; `serialize = false` where the
//! type already derives `Serialize`.

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(
    status = 400,
    title = "Invalid request",
    code_case = "snake_case",
    type_base = "https://api.example.com/errors/",
)]
enum Error {
    MissingField,
    #[api(code = "invalid_value")]
    TooLong,
    #[api(code = "invalid_value")]
    TooShort,
    #[api(status = 404, title = "Missing", type = "https://api.example.com/not-found")]
    NotFound,
}

#[derive(Debug, serde::Serialize, ApiError)]
#[api(status = 409, serialize = false)]
struct Own {
    version: u32,
}

fn main() {
    assert_eq!(Error::MissingField.status(), 400);
    assert_eq!(Error::MissingField.code(), "missing_field");
    assert_eq!(Error::MissingField.title(), Some("Invalid request"));
    assert_eq!(Error::MissingField.type_uri(), Some("https://api.example.com/errors/missing_field"));
    assert_eq!(Error::TooLong.code(), "invalid_value");
    assert_eq!(Error::TooShort.code(), "invalid_value");
    assert_eq!(Error::TooShort.type_uri(), Some("https://api.example.com/errors/invalid_value"));
    assert_eq!(Error::NotFound.status(), 404);
    assert_eq!(Error::NotFound.title(), Some("Missing"));
    assert_eq!(Error::NotFound.type_uri(), Some("https://api.example.com/not-found"));

    // The user's own `Serialize`, not the body.
    assert_eq!(serde_json::to_string(&Own { version: 2 }).unwrap(), r#"{"version":2}"#);
    assert_eq!(Own { version: 2 }.status(), 409);
}

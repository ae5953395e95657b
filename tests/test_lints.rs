//! Generated code is hygienic and lint-clean: every prelude name is shadowed here, and the
//! file compiles under `deny(warnings, clippy::all, clippy::pedantic)` (clippy runs on all
//! targets in CI).
#![deny(warnings, clippy::all, clippy::pedantic)]
#![allow(dead_code, non_camel_case_types, clippy::struct_field_names)]

use errwire::ApiError;

// Shadow what generated code might name unqualified.
struct Result;
struct Ok;
struct Err;
struct Option;
struct Some;
struct None;
struct String;
struct Vec;
struct Box;
struct Default;
mod core {}
mod serde {}
mod http {}

/// Errors of every shape.
#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase", code_case = "SCREAMING_SNAKE_CASE")]
pub enum Shapes<'a, T: std::fmt::Debug> {
    /// Unit.
    #[api(status = 404)]
    Unit,
    /// Tuple.
    #[api(status = 400, msg = "tuple {0}")]
    Tuple(u32),
    /// Named, generic, borrowed.
    #[api(status = 409, msg = "named {value:?} {name}")]
    Named { value: T, name: &'a str },
    /// Deprecated things produce no warning from generated code.
    #[deprecated = "use Named"]
    #[api(status = 410)]
    Old {
        #[deprecated]
        gone: u8,
    },
    /// A header and a source.
    #[api(status = 503, msg = "later")]
    Later {
        #[api(header = "Retry-After")]
        secs: u64,
        source: std::io::Error,
    },
}

/// A struct error.
#[derive(Debug, ApiError)]
#[api(status = 500)]
pub struct Plain;

#[test]
fn compiles_and_renders() {
    let named: Shapes<'_, u8> = Shapes::Named { value: 1, name: "n" };
    let response = named.to_response();
    assert_eq!(response.status(), 409);
    assert_eq!(Plain.to_response().status(), 500);
}

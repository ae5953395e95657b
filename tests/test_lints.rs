//! Generated code is hygienic and lint-clean: every prelude name is shadowed here, and the
//! file compiles under `deny(warnings, clippy::all, clippy::pedantic)` (clippy runs on all
//! targets in CI).
#![deny(warnings, clippy::all, clippy::pedantic)]
#![allow(dead_code, unused_macros, non_camel_case_types, clippy::struct_field_names)]

// Support code, not generated code: the pedantic lints this file denies do not apply to it.
#[allow(clippy::pedantic)]
#[path = "support/documented.rs"]
mod documented;

use errwire::ApiError;

// Shadow what generated code might name unqualified, crates and macros included: every
// generated path must start with `::`.
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
mod std {}
mod alloc {}
mod axum {}
mod actix_web {}
mod utoipa {}
macro_rules! format_args {
    () => {};
}
macro_rules! unreachable {
    () => {};
}

/// Errors of every shape.
#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase", code_case = "SCREAMING_SNAKE_CASE")]
pub enum Shapes<'a, T: ::std::fmt::Debug> {
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
        source: ::std::io::Error,
    },
    /// A width from another field, and fields named by position.
    #[api(status = 422, msg = "[{0:>1$}] [{0:.2$}]")]
    Width(::std::string::String, usize, usize),
    /// Delegates everything to an inner error.
    #[api(transparent)]
    Inner(Plain),
    /// `From` written by the derive, without thiserror.
    #[api(status = 502)]
    Upstream(#[from] ::std::fmt::Error),
}

/// A struct error.
#[derive(Debug, ApiError)]
#[api(status = 500)]
pub struct Plain;

/// A generic struct error with a lifetime, a where clause, a header and a skipped field.
#[derive(Debug, ApiError)]
#[api(status = 429, code = "LimitsExceeded", msg = "retry {what} after {secs}s")]
pub struct Limited<'a, T, U>
where
    T: ::std::fmt::Display,
{
    what: &'a str,
    #[api(header = "Retry-After")]
    secs: T,
    #[api(skip)]
    hidden: U,
    limit: u32,
}

/// Field names that are not snake case: the derive's locals for them must not warn.
#[derive(Debug, ApiError)]
#[allow(non_snake_case)]
#[api(status = 400, msg = "{URL} {_private}")]
pub struct OddNames {
    URL: &'static str,
    _private: u8,
}

/// A deprecated type with a deprecated field in the body and in the message.
#[deprecated = "use Plain"]
#[derive(Debug, ApiError)]
#[api(status = 410, msg = "retired in {since}")]
pub struct Retired {
    #[deprecated]
    since: u32,
}

/// A transparent struct.
#[derive(Debug, ApiError)]
#[api(transparent)]
pub struct Wrapper(#[from] Plain);

#[test]
fn compiles_and_renders() {
    let named: Shapes<'_, u8> = Shapes::Named { value: 1, name: "n" };
    let response = named.to_response();
    assert_eq!(response.status(), 409);
    assert_eq!(Plain.to_response().status(), 500);

    let width: Shapes<'_, u8> = Shapes::Width("ab".to_owned(), 4, 1);
    assert_eq!(width.to_string(), "[  ab] [a]");
    let inner: Shapes<'_, u8> = Shapes::Inner(Plain);
    assert_eq!(inner.to_response().status(), 500);
    let upstream: Shapes<'_, u8> = ::std::fmt::Error.into();
    assert_eq!(upstream.code(), "UPSTREAM");

    let limited = Limited { what: "writes", secs: 30, hidden: (), limit: 10 };
    assert_eq!(limited.to_string(), "retry writes after 30s");
    assert_eq!(limited.to_response().headers()["retry-after"], "30");
    assert_eq!(OddNames { URL: "/x", _private: 1 }.to_string(), "/x 1");
    assert_eq!(Wrapper::from(Plain).to_response().status(), 500);
    #[allow(deprecated)]
    let retired = Retired { since: 3 };
    assert_eq!(retired.to_string(), "retired in 3");
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_shapes_is_documented() {
    #[allow(deprecated)]
    let old: Shapes<'_, u8> = Shapes::Old { gone: 1 };
    let errors: [Shapes<'_, u8>; 8] = [
        Shapes::Unit,
        Shapes::Tuple(7),
        Shapes::Named { value: 1, name: "n" },
        old,
        Shapes::Later { secs: 30, source: ::std::io::Error::other("down") },
        Shapes::Width("ab".to_owned(), 4, 1),
        Shapes::Inner(Plain),
        Shapes::Upstream(::std::fmt::Error),
    ];
    documented::assert_documented(&errors);
}

#[test]
fn every_plain_is_documented() {
    documented::assert_documented(&[Plain]);
}

#[test]
fn every_limited_is_documented() {
    documented::assert_documented(&[Limited { what: "writes", secs: 30, hidden: (), limit: 10 }]);
}

#[test]
fn every_odd_names_is_documented() {
    documented::assert_documented(&[OddNames { URL: "/x", _private: 1 }]);
}

#[test]
fn every_retired_is_documented() {
    #[allow(deprecated)]
    documented::assert_documented(&[Retired { since: 3 }]);
}

#[test]
fn every_wrapper_is_documented() {
    documented::assert_documented(&[Wrapper::from(Plain)]);
}

//! A generic enum with a lifetime and a where clause. The user writes no bound for what the
//! derive needs; the derive infers bounds only for type parameters in fields that use them:
//!
//! ```text
//! impl<'a, T, U, E> ApiError for Error<'a, T, U, E>
//! where
//!     U: Clone,                       // the user's where clause, kept
//!     T: Serialize,                   // `value` and `name` are body members
//!     T: Debug,                       // `{name:?}` in msg
//!     E: Error + 'static,             // `source` of `Internal`
//!     Error<'a, T, U, E>: Error,      // the supertrait, through the derived `Debug`
//! // and nothing about `U` itself: `hidden` is skipped and not in msg
//! ```

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error<'a, T, U, E>
where
    U: Clone,
{
    #[api(status = 404, msg = "no {what} named {name:?}")]
    NotFound { what: &'a str, name: T },
    #[api(status = 400)]
    Invalid {
        value: T,
        #[api(skip)]
        hidden: U,
    },
    #[api(status = 500, code = "General")]
    Internal { source: E },
}

/// Neither `Serialize` nor `Display`: fine for a skipped field.
#[derive(Debug, Clone)]
struct Opaque;

type E<'a> = Error<'a, u32, Opaque, std::fmt::Error>;

fn body(error: &dyn ApiError) -> String {
    String::from_utf8(error.to_response().into_body()).unwrap()
}

fn main() {
    let error: E = Error::NotFound { what: "user", name: 7 };
    assert_eq!(error.status(), 404);
    assert_eq!(error.to_string(), "no user named 7");
    assert_eq!(
        body(&error),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no user named 7","what":"user","name":7}"#
    );

    let error: E = Error::Invalid { value: 3, hidden: Opaque };
    assert_eq!(error.to_string(), "Bad Request");
    assert!(body(&error).ends_with(r#""value":3}"#));
    let Error::Invalid { hidden, .. } = error else { unreachable!() };
    let _ = hidden.clone();

    let error: E = Error::Internal { source: std::fmt::Error };
    assert_eq!(error.code(), "General");
    assert!(std::error::Error::source(&error).is_some());
}

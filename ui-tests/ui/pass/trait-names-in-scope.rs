//! The generated code calls every trait method fully qualified (or through a name no user trait
//! has), so traits in scope with the same method names change nothing: errwire's own
//! `Renderable` (whose `as_dyn_error` an earlier version's source lookup collided with) and a
//! trait implemented for every type with the names the generated code uses.

#![allow(dead_code)]

use std::error::Error as _;

use errwire::ApiError;

use errwire::client::FromView;
use types::{Error, Formatted, Inner};

mod clash {
    /// Every method name of the traits the generated code uses, for every type.
    pub trait Clash {
        fn as_dyn_error(&self) {}
        fn write_str(&self, _: &str) {}
        fn write_fmt(&self, _: std::fmt::Arguments<'_>) {}
        fn visit(&self, _: &()) {}
        fn serialize_entry(&self) {}
        fn serialize_fields(&self) {}
        fn member_schema(&self) {}
        fn source(&self) {}
        fn source_error(&self) {}
        fn catalog(&self) {}
        fn status(&self) {}
        fn code(&self) {}
        fn writes(&self) {}
    }

    impl<T: ?Sized> Clash for T {}
}

/// The derived types, where both traits are in scope.
mod types {
    use errwire::ApiError;
    #[allow(unused_imports)]
    use errwire::format::Renderable;

    #[allow(unused_imports)]
    use crate::clash::Clash;

    #[derive(Debug, ApiError)]
    pub enum Inner {
        #[api(status = 404, msg = "no user {id}")]
        NotFound { id: u64 },
    }

    #[derive(Debug, ApiError)]
    pub enum Error {
        #[api(status = 500, msg = "lookup failed for {user}")]
        Lookup {
            user: String,
            #[source]
            inner: Inner,
        },
        #[api(status = 500)]
        Boxed {
            #[source]
            cause: Box<dyn std::error::Error + Send + Sync>,
        },
        #[api(status = 500)]
        Io(#[from] std::io::Error),
        #[api(transparent)]
        Wrapped(Inner),
        #[api(status = 429, msg = "retry after {secs}")]
        Limited {
            #[api(header = "Retry-After")]
            secs: u64,
        },
    }

    /// A format named by a const: the derive checks its members in consts.
    pub const FORMAT: errwire::format::ProblemJson = errwire::format::ProblemJson.code_member("code");

    #[derive(Debug, PartialEq, ApiError)]
    #[api(format = FORMAT, deserialize, type_base = "https://example.com/errors/")]
    pub enum Formatted {
        #[api(status = 400, msg = "bad {id}")]
        Bad { id: u64 },
    }
}

fn main() {
    let error = Error::Lookup { user: "ada".into(), inner: Inner::NotFound { id: 7 } };
    assert_eq!(error.to_string(), "lookup failed for ada");
    assert_eq!(error.source().unwrap().to_string(), "no user 7");
    let response = error.to_response_with(&errwire::Context::new().with_instance("urn:x"));
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"lookup failed for ada","instance":"urn:x","user":"ada"}"#,
    );

    let boxed = Error::Boxed { cause: "upstream down".into() };
    assert_eq!(boxed.source().unwrap().to_string(), "upstream down");

    let io = Error::from(std::io::Error::other("disk"));
    assert_eq!(io.source().unwrap().to_string(), "disk");

    let wrapped = Error::Wrapped(Inner::NotFound { id: 3 });
    assert_eq!(wrapped.status(), 404);
    assert_eq!(wrapped.to_string(), "no user 3");

    let limited = Error::Limited { secs: 5 };
    assert_eq!(limited.to_response().headers()["retry-after"], "5");

    let formatted = Formatted::Bad { id: 1 };
    let response = formatted.to_response();
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"type":"https://example.com/errors/Bad","title":"Bad Request","status":400,"detail":"bad 1","code":"Bad","id":1}"#,
    );
    let decoded = errwire::client::decode_as::<Formatted>(400, response.headers(), response.body()).unwrap();
    assert_eq!(Formatted::from_view(&decoded.errors[0]), Some(formatted));
}

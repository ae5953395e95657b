//! Types written by a `macro_rules!`: the generated code's own names (the catalog being built,
//! the map being written) resolve where the derive is, whatever hygiene the field's tokens carry.

use errwire::{ApiError, Catalog};

#[derive(Debug, ApiError)]
enum Inner {
    #[api(status = 404, msg = "no user {id}")]
    NotFound { id: u64 },
}

macro_rules! wrapper {
    ($name:ident, $inner:ident) => {
        #[derive(Debug, ApiError)]
        enum $name {
            #[api(transparent)]
            Inner($inner),
            #[api(status = 502, msg = "upstream said {said}")]
            Upstream { said: String },
        }
    };
}

wrapper!(Outer, Inner);

// The field's type as loose tokens, and the whole variant from the macro's caller.
macro_rules! wrapper_tt {
    ($($inner:tt)*) => {
        #[derive(Debug, ApiError)]
        enum OuterTt {
            #[api(transparent)]
            Inner($($inner)*),
        }
    };
}

wrapper_tt!(Inner);

/// A type whose fields' types come from the macro's caller: the match arms' bindings (written by
/// the derive as text) and their uses spanned on those types (a placeholder through `Display`, a
/// member through `serialize_entry`, a header, a source) name the same locals.
#[derive(Debug, serde::Serialize)]
struct Stamp(u32);

impl std::fmt::Display for Stamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "t{}", self.0)
    }
}

macro_rules! typed {
    ($id:ty, $name:ty, $when:ty, $src:ty) => {
        #[derive(Debug, ApiError)]
        enum Typed {
            #[api(status = 409, msg = "{name} #{id} at {when}")]
            Taken {
                id: $id,
                name: $name,
                when: $when,
                tags: Vec<$name>,
                #[api(header = "Retry-After")]
                retry: $id,
            },
            #[api(status = 500, msg = "broken")]
            Broken { source: $src },
        }
    };
}

typed!(u64, String, Stamp, std::io::Error);

fn main() {
    let taken = Typed::Taken { id: 3, name: "ann".into(), when: Stamp(9), tags: vec!["x".into()], retry: 5 };
    assert_eq!(taken.to_string(), "ann #3 at t9");
    let response = taken.to_response();
    assert_eq!(response.headers()["retry-after"], "5");
    assert_eq!(
        std::str::from_utf8(response.body()).unwrap(),
        r#"{"type":"about:blank","title":"Conflict","status":409,"detail":"ann #3 at t9","id":3,"name":"ann","when":9,"tags":["x"]}"#,
    );
    let broken = Typed::Broken { source: std::io::Error::other("disk") };
    assert!(std::error::Error::source(&broken).is_some());

    let error = Outer::Inner(Inner::NotFound { id: 7 });
    assert_eq!(error.status(), 404);
    assert_eq!(error.to_string(), "no user 7");
    assert_eq!(
        std::str::from_utf8(error.to_response().body()).unwrap(),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"no user 7","id":7}"#,
    );
    assert_eq!(Catalog::of::<Outer>().entries().len(), 2);

    let error = OuterTt::Inner(Inner::NotFound { id: 8 });
    assert_eq!(error.code(), "NotFound");
    assert_eq!(Catalog::of::<OuterTt>().entries().len(), 1);
}

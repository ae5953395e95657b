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

fn main() {
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

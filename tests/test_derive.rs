//! Golden bodies (exact bytes) for every shape the derive accepts.

#[path = "support/documented.rs"]
mod documented;

use std::fmt::Display;

use errwire::{ApiError, Context};
use serde::Serialize;

fn body(err: &dyn ApiError) -> String {
    String::from_utf8(err.to_response_with(&Context::new().with_instance("i")).into_body()).unwrap()
}

#[derive(Debug, ApiError)]
#[api(rename_all = "camelCase")]
enum ConnectError {
    /// A unit variant: the message is fixed.
    #[api(status = 403, code = "AuthorizationError", msg = "Access denied")]
    Forbidden,

    /// A tuple variant with a positional placeholder; tuple fields are not body members.
    #[api(status = 404, code = "ResourceNotFound", msg = "No Integration found with ID {0}.")]
    NotFound(u64),

    /// Struct variant: camelCase members, a skipped field and a renamed one.
    #[api(status = 400, code = "DuplicateField")]
    #[api(msg = "A duplicate value {duplicate_value} exists for field {field}.")]
    DuplicateField {
        field: String,
        duplicate_value: serde_json::Value,
        #[api(skip)]
        #[allow(dead_code)] // kept for logs (Debug), never sent
        internal_row_id: u64,
        #[api(rename = "resourceKey")]
        key: Option<String>,
    },

    /// A renamed tuple field is a body member.
    #[api(status = 409, code = "ConcurrentModification")]
    #[api(msg = "Expected: {0} - Actual: {1}")]
    Conflict(#[api(rename = "expectedVersion")] u64, #[api(rename = "currentVersion")] u64),

    /// Everything from the inner derived error.
    #[api(transparent)]
    Deployment(DeploymentError),

    /// A source is never serialized and never shown unless msg names it.
    #[api(status = 500, code = "General", msg = "Write operations are temporarily unavailable")]
    Database {
        #[source]
        cause: std::io::Error,
        retry_in_secs: u32,
    },
}

#[derive(Debug, ApiError)]
#[api(code_case = "PascalCase", rename_all = "camelCase")]
enum DeploymentError {
    #[api(status = 400, msg = "Deployment unsupported region {region}")]
    DeploymentUnsupportedRegion { region: String },
}

#[test]
fn unit_variant() {
    let err = ConnectError::Forbidden;
    assert_eq!(
        body(&err),
        r#"{"type":"about:blank","title":"Forbidden","status":403,"detail":"Access denied","instance":"i"}"#
    );
    assert_eq!(err.code(), "AuthorizationError");
}

#[test]
fn tuple_variant_with_positional_placeholder() {
    assert_eq!(
        body(&ConnectError::NotFound(5)),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"No Integration found with ID 5.","instance":"i"}"#
    );
}

#[test]
fn struct_variant_with_rename_all_skip_and_rename() {
    let err = ConnectError::DuplicateField {
        field: "key".into(),
        duplicate_value: serde_json::json!("prod-eu"),
        internal_row_id: 9_999,
        key: Some("k1".into()),
    };
    assert_eq!(
        body(&err),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"A duplicate value \"prod-eu\" exists for field key.","instance":"i","field":"key","duplicateValue":"prod-eu","resourceKey":"k1"}"#
    );
}

#[test]
fn renamed_tuple_fields_are_members() {
    assert_eq!(
        body(&ConnectError::Conflict(3, 4)),
        r#"{"type":"about:blank","title":"Conflict","status":409,"detail":"Expected: 3 - Actual: 4","instance":"i","expectedVersion":3,"currentVersion":4}"#
    );
}

#[test]
fn transparent_variant_delegates_everything() {
    let inner = DeploymentError::DeploymentUnsupportedRegion { region: "mars-1".into() };
    let expected = body(&inner);
    let outer = ConnectError::Deployment(inner);
    assert_eq!(outer.status(), 400);
    assert_eq!(outer.code(), "DeploymentUnsupportedRegion");
    assert_eq!(body(&outer), expected);
    assert_eq!(
        expected,
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Deployment unsupported region mars-1","instance":"i","region":"mars-1"}"#
    );
}

#[test]
fn source_is_neither_serialized_nor_shown() {
    let err = ConnectError::Database {
        cause: std::io::Error::other("password authentication failed for user admin"),
        retry_in_secs: 30,
    };
    let text = body(&err);
    assert_eq!(
        text,
        r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Write operations are temporarily unavailable","instance":"i","retryInSecs":30}"#
    );
    let source = std::error::Error::source(&err).expect("generated Error::source");
    assert_eq!(source.to_string(), "password authentication failed for user admin");
}

/// `T` is in the body and `U` only in the message: the derive bounds `T: Serialize` and
/// `U: Display`, nothing else (the impl below would not compile for `NotSerialize` otherwise).
#[derive(Debug, ApiError)]
enum Generic<'a, T, U>
where
    T: Clone,
{
    #[api(status = 422, code = "Invalid", msg = "invalid {name}: {reason}")]
    Invalid {
        value: T,
        name: &'a str,
        #[api(skip)]
        reason: U,
    },
}

#[derive(Debug)]
struct NotSerialize;

impl Display for NotSerialize {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("too long")
    }
}

#[test]
fn generic_enum_with_lifetime_and_where_clause() {
    let err = Generic::Invalid { value: vec![1, 2], name: "tags", reason: NotSerialize };
    assert_eq!(
        body(&err),
        r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"invalid tags: too long","instance":"i","value":[1,2],"name":"tags"}"#
    );
}

/// A struct error: container attributes are its variant's.
#[derive(Debug, ApiError)]
#[api(
    status = 429,
    code = "LIMITS_EXCEPTION",
    msg = "Rate limit exceeded. Please retry after {secs} seconds"
)]
struct RateLimited {
    #[api(header = "Retry-After")]
    secs: u64,
}

#[test]
fn struct_error_with_header_field() {
    let response = RateLimited { secs: 60 }.to_response();
    assert_eq!(response.status(), 429);
    assert_eq!(response.headers()["retry-after"], "60");
    assert_eq!(
        String::from_utf8(response.into_body()).unwrap(),
        r#"{"type":"about:blank","title":"Too Many Requests","status":429,"detail":"Rate limit exceeded. Please retry after 60 seconds"}"#
    );
}

#[test]
fn dyn_api_error_renders_like_the_concrete_type() {
    let concrete = ConnectError::Conflict(1, 2);
    let boxed: Box<dyn ApiError + Send + Sync> = Box::new(ConnectError::Conflict(1, 2));
    assert_eq!(body(&*boxed), body(&concrete));
    // The dyn path of a format (fields replayed from members_json) agrees with the sized one.
    let via_dyn = errwire::render(&errwire::format::ProblemJson, &*boxed, &Context::new());
    let via_sized = errwire::render(&errwire::format::ProblemJson, &concrete, &Context::new());
    assert_eq!(via_dyn.body(), via_sized.body());
}

#[derive(Debug, ApiError)]
#[api(status = 400, serialize = false)]
struct BringsItsOwnSerialize {
    reason: &'static str,
}

impl Serialize for BringsItsOwnSerialize {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.reason)
    }
}

#[test]
fn serialize_false_leaves_serialize_to_the_user() {
    let err = BringsItsOwnSerialize { reason: "mine" };
    assert_eq!(serde_json::to_string(&err).unwrap(), r#""mine""#);
    assert_eq!(
        body(&err),
        r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Bad Request","instance":"i","reason":"mine"}"#
    );
}

#[test]
fn serialize_impl_embeds_in_other_documents() {
    #[derive(Serialize)]
    struct BatchItem<'a> {
        id: u32,
        error: &'a ConnectError,
    }
    let err = ConnectError::NotFound(7);
    assert_eq!(
        serde_json::to_string(&BatchItem { id: 1, error: &err }).unwrap(),
        r#"{"id":1,"error":{"type":"about:blank","title":"Not Found","status":404,"detail":"No Integration found with ID 7."}}"#
    );
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_connect_error_is_documented() {
    documented::assert_documented(&[
        ConnectError::Forbidden,
        ConnectError::NotFound(5),
        ConnectError::DuplicateField {
            field: "key".into(),
            duplicate_value: serde_json::json!("prod-eu"),
            internal_row_id: 9_999,
            key: Some("k1".into()),
        },
        ConnectError::DuplicateField {
            field: "key".into(),
            duplicate_value: serde_json::json!({"nested": [1, null]}),
            internal_row_id: 1,
            key: None,
        },
        ConnectError::Conflict(3, 4),
        ConnectError::Deployment(DeploymentError::DeploymentUnsupportedRegion { region: "mars-1".into() }),
        ConnectError::Database {
            cause: std::io::Error::other("password authentication failed"),
            retry_in_secs: 30,
        },
    ]);
}

#[test]
fn every_deployment_error_is_documented() {
    documented::assert_documented(&[DeploymentError::DeploymentUnsupportedRegion {
        region: "mars-1".into(),
    }]);
}

#[test]
fn every_generic_is_documented() {
    documented::assert_documented(&[
        Generic::Invalid { value: vec![1, 2], name: "tags", reason: NotSerialize },
        Generic::Invalid { value: vec![], name: "", reason: NotSerialize },
    ]);
}

#[test]
fn every_rate_limited_is_documented() {
    documented::assert_documented(&[RateLimited { secs: 60 }]);
}

#[test]
fn every_brings_its_own_serialize_is_documented() {
    documented::assert_documented(&[BringsItsOwnSerialize { reason: "mine" }]);
}

/// Members of the language's own types or `String` (two to eight of them) are serialized by one
/// call per variant, any other variant a call per member: the bodies are the same, in field
/// order, `rename` and `rename_all` applied.
#[test]
fn std_typed_members_are_written_in_order() {
    #[derive(Debug, ApiError)]
    #[api(status = 400, rename_all = "camelCase", members = "all")]
    enum Shapes {
        Two {
            first_one: u8,
            second: String,
        },
        Eight {
            a: u16,
            b: i128,
            c: f64,
            d: bool,
            e: char,
            f: &'static str,
            #[api(rename = "G")]
            g: usize,
            h: isize,
        },
        Nine {
            a: u8,
            b: u8,
            c: u8,
            d: u8,
            e: u8,
            f: u8,
            g: u8,
            h: u8,
            i: u8,
        },
        Mixed {
            a: u64,
            value: serde_json::Value,
        },
    }
    fn members(error: &Shapes) -> String {
        String::from_utf8(error.members_json().unwrap()).unwrap()
    }
    assert_eq!(
        members(&Shapes::Two { first_one: 1, second: "2".to_owned() }),
        r#"{"firstOne":1,"second":"2"}"#
    );
    let eight = Shapes::Eight { a: 1, b: -2, c: 0.5, d: true, e: 'x', f: "y\"", g: 7, h: -8 };
    assert_eq!(members(&eight), r#"{"a":1,"b":-2,"c":0.5,"d":true,"e":"x","f":"y\"","G":7,"h":-8}"#);
    let nine = Shapes::Nine { a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9 };
    assert_eq!(members(&nine), r#"{"a":1,"b":2,"c":3,"d":4,"e":5,"f":6,"g":7,"h":8,"i":9}"#);
    let mixed = Shapes::Mixed { a: 3, value: serde_json::json!({"k": [1]}) };
    assert_eq!(members(&mixed), r#"{"a":3,"value":{"k":[1]}}"#);
    assert!(body(&eight).ends_with(r#""a":1,"b":-2,"c":0.5,"d":true,"e":"x","f":"y\"","G":7,"h":-8}"#));
}

/// A `msg` that is the variant's thiserror `#[error]` text, character for character, is written
/// by thiserror's `Display` (the derive writes no second formatting of it): the same bytes, and
/// a field only thiserror can display (a `PathBuf`, through `.display()`) is accepted.
#[test]
fn msg_equal_to_the_error_text_is_thiserrors_display() {
    #[derive(Debug, thiserror::Error, ApiError)]
    #[api(status = 409)]
    enum Same {
        #[error("version {n} of {name}")]
        #[api(msg = "version {n} of {name}")]
        Equal { n: u64, name: String },
        #[error("internal {n}")]
        #[api(msg = "version {n}")]
        Different { n: u64 },
        #[error("at {path}")]
        #[api(status = 404, msg = "at {path}")]
        At { path: std::path::PathBuf },
        #[error("plain")]
        #[api(msg = "plain")]
        Plain,
    }

    let message = |error: &Same| {
        let mut out = String::new();
        error.write_message(&mut out).unwrap();
        out
    };
    let equal = Same::Equal { n: 3, name: "x".to_owned() };
    assert_eq!(message(&equal), "version 3 of x");
    assert_eq!(
        body(&equal),
        r#"{"type":"about:blank","title":"Conflict","status":409,"detail":"version 3 of x","instance":"i","n":3,"name":"x"}"#
    );
    assert_eq!(message(&Same::Different { n: 4 }), "version 4");
    assert_eq!(Same::Different { n: 4 }.to_string(), "internal 4");
    let at = Same::At { path: "/srv/data".into() };
    assert_eq!(message(&at), "at /srv/data");
    assert_eq!(
        body(&at),
        r#"{"type":"about:blank","title":"Not Found","status":404,"detail":"at /srv/data","instance":"i","path":"/srv/data"}"#
    );
    assert_eq!(message(&Same::Plain), "plain");
}

/// Every field type a plain `{field}` is written for without `core::fmt` (integers, strings,
/// `bool`), next to types written through `Display` (floats, a generic, a user type) and a
/// placeholder with a spec (which keeps `format_args!`): the message is `format!`'s, in the body
/// and through `Display`, with and without thiserror.
#[test]
fn plain_placeholders_are_written_like_format() {
    struct Celsius(f32);
    impl Display for Celsius {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{:.1}°C", self.0)
        }
    }
    impl std::fmt::Debug for Celsius {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            Display::fmt(self, f)
        }
    }

    // The derive reads the field's type as written: an alias or a path is written through its
    // `Display` or the probe, never mistaken for another type.
    type Alias = u16;

    #[derive(Debug, ApiError)]
    #[api(status = 400, members = "explicit")]
    enum Typed<T: Display + std::fmt::Debug> {
        #[api(msg = "{a}|{b}|{c}|{d}|{e}|{f}|{g}|{h}|{i}|{j}|{k}|{{{l}}}|{m}|{n}|{o}|{p}|{q}|{r}|{s}")]
        All {
            a: u8,
            b: u16,
            c: u32,
            d: u64,
            e: usize,
            f: i8,
            g: i16,
            h: i32,
            i: i64,
            j: isize,
            k: String,
            l: &'static str,
            m: bool,
            n: f64,
            o: T,
            p: std::string::String,
            q: Alias,
            r: core::primitive::i64,
            s: &'static &'static str,
        },
        #[api(msg = "{temperature} and {temperature:>8} and {count:03}")]
        Spec { temperature: Celsius, count: u64 },
        #[api(msg = "{0}{0}")]
        Twice(i128),
    }

    #[derive(Debug, thiserror::Error, ApiError)]
    #[api(status = 409)]
    enum WithThiserror {
        #[error("different text {n}")]
        #[api(msg = "version {n} of {name}, {negative}")]
        Conflict { n: u64, name: String, negative: i32 },
    }

    let all = Typed::All {
        a: u8::MAX,
        b: 0,
        c: 7,
        d: u64::MAX,
        e: usize::MAX,
        f: i8::MIN,
        g: -1,
        h: i32::MAX,
        i: i64::MIN,
        j: -42,
        k: "k\"\\".to_owned(),
        l: "braced",
        m: true,
        n: -0.5,
        o: Celsius(21.25),
        p: "p".to_owned(),
        q: 65535,
        r: i64::MIN,
        s: &"s",
    };
    let expected = format!(
        "{}|0|7|{}|{}|{}|-1|{}|{}|-42|k\"\\|{{braced}}|true|-0.5|21.2°C|p|65535|{}|s",
        u8::MAX,
        u64::MAX,
        usize::MAX,
        i8::MIN,
        i32::MAX,
        i64::MIN,
        i64::MIN
    );
    assert_eq!(all.to_string(), expected);
    let spec: Typed<u8> = Typed::Spec { temperature: Celsius(-3.0), count: 7 };
    let (t, count) = (Celsius(-3.0), 7);
    assert_eq!(spec.to_string(), format!("{t} and {t:>8} and {count:03}"));
    assert_eq!(Typed::<u8>::Twice(i128::MIN).to_string(), format!("{0}{0}", i128::MIN));

    let conflict = WithThiserror::Conflict { n: 3, name: "a\u{a0}b".to_owned(), negative: -3 };
    assert_eq!(conflict.to_string(), "different text 3");
    let mut message = String::new();
    conflict.write_message(&mut message).unwrap();
    assert_eq!(message, "version 3 of a\u{a0}b, -3");
    assert_eq!(
        body(&conflict),
        "{\"type\":\"about:blank\",\"title\":\"Conflict\",\"status\":409,\"detail\":\"version 3 of a\u{a0}b, -3\",\"instance\":\"i\",\"n\":3,\"name\":\"a\u{a0}b\",\"negative\":-3}"
    );
}

/// A type of the user's own named `String`, and a type parameter named `String`, are written
/// by their `Display` (the derive knows types by their written names only); std's `String` by
/// any path, directly. A NUL of the template's text is text like any other.
#[test]
fn types_named_string_that_are_not_stds_are_written_by_their_display() {
    mod own {
        #[derive(Debug)]
        pub struct String(pub u8);
        impl std::fmt::Display for String {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                write!(f, "own#{}", self.0)
            }
        }
    }

    #[derive(Debug, ApiError)]
    #[api(status = 400, code = "Strings", members = "explicit")]
    enum Strings<String: Display + std::fmt::Debug> {
        #[api(msg = "{mine}|{generic}|{std}\0{flag}|\0")]
        V { mine: own::String, generic: String, std: std::string::String, flag: bool },
    }

    let error = Strings::V { mine: own::String(7), generic: 1.5, std: "s".to_owned(), flag: false };
    assert_eq!(error.to_string(), "own#7|1.5|s\0false|\0");
    assert_eq!(
        body(&error),
        "{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,\"detail\":\"own#7|1.5|s\\u0000false|\\u0000\",\"instance\":\"i\"}"
    );
}

/// Seventeen members of every kind: all of them, in declaration order.
#[test]
fn many_members_are_written_in_order() {
    #[derive(Debug, ApiError)]
    #[api(status = 422, code = "Wide", msg = "wide")]
    struct Wide {
        a: u8,
        b: u16,
        c: u32,
        d: u64,
        e: i8,
        f: i16,
        g: i32,
        h: i64,
        i: String,
        j: bool,
        k: Option<u8>,
        l: Vec<u8>,
        m: &'static str,
        n: f64,
        p: char,
        q: u8,
    }
    let wide = Wide {
        a: 1,
        b: 2,
        c: 3,
        d: 4,
        e: -5,
        f: -6,
        g: -7,
        h: -8,
        i: "nine".to_owned(),
        j: true,
        k: None,
        l: vec![1, 2],
        m: "m",
        n: 1.5,
        p: 'p',
        q: 17,
    };
    assert_eq!(
        body(&wide),
        r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"detail":"wide","instance":"i","a":1,"b":2,"c":3,"d":4,"e":-5,"f":-6,"g":-7,"h":-8,"i":"nine","j":true,"k":null,"l":[1,2],"m":"m","n":1.5,"p":"p","q":17}"#
    );
    documented::assert_documented(std::slice::from_ref(&wide));
}

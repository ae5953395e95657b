//! Message templates: `{{`/`}}` escapes, unicode text, and `format!` specs, including a width
//! taken from another field.

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(
        status = 400,
        msg = "{{literal}} „ünïcödé“ 🚀 [{n:>5}] [{v:?}] [{x:#x}] [{s:>w$}] [{p:.2}] [{n:<w$}]"
    )]
    Formatted { n: u32, v: Vec<u8>, x: u32, s: &'static str, w: usize, p: f64 },

    #[api(status = 400, msg = "only {{escapes}} and ünïcode ✓ }}{{")]
    Plain,
}

fn main() {
    let error = Error::Formatted { n: 42, v: vec![1, 2], x: 255, s: "ab", w: 4, p: 1.0 / 3.0 };
    assert_eq!(error.to_string(), "{literal} „ünïcödé“ 🚀 [   42] [[1, 2]] [0xff] [  ab] [0.33] [42  ]");
    let body = String::from_utf8(error.to_response().into_body()).unwrap();
    assert!(body.contains(r#""detail":"{literal} „ünïcödé“ 🚀 [   42]"#));

    assert_eq!(Error::Plain.to_string(), "only {escapes} and ünïcode ✓ }{");
}

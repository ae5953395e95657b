//! Keywords as field names everywhere a field can be named: a struct error, `rename_all`, a
//! header, a width (`{value:>type$}` would not be a valid `format!`, but names the field), and
//! `{r#type}` next to `{type}`. (In the error-list format: problem+json has a `type` of its own.)

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList)]
#[api(status = 400, rename_all = "camelCase", msg = "bad {r#type}/{type} in {r#in}: [{r#match:>r#fn$}]")]
struct Invalid {
    r#type: &'static str,
    r#in: &'static str,
    r#match: u8,
    #[api(skip)]
    r#fn: usize,
    #[api(header = "X-Async")]
    r#async: bool,
    r#dyn_value: u8,
}

fn main() {
    let error = Invalid { r#type: "uuid", r#in: "path", r#match: 7, r#fn: 3, r#async: true, r#dyn_value: 1 };
    assert_eq!(error.to_string(), "bad uuid/uuid in path: [  7]");
    let out = error.members_json().unwrap();
    assert_eq!(out, br#"{"type":"uuid","in":"path","match":7,"dynValue":1}"#);
    assert_eq!(error.to_response().headers()["x-async"], "true");
}

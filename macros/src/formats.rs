// The members each built-in format writes beside an error's own, by the name of its const in
// `errwire::format`: a body member of the same name is rejected by the derive itself (with
// every other mistake, on the field), without the const check that user formats need.
// `ui-tests/ui.rs` includes this file and compares it with the runtime's `Format::RESERVED`.
// (Plain comments: the file is `include!`d, where inner doc comments are not allowed.)

/// `(const name, members)` of every built-in format.
pub const BUILT_IN: &[(&str, &[&str])] = &[
    ("ProblemJson", &["type", "title", "status", "detail", "instance"]),
    ("ErrorList", &["code", "message"]),
    ("Hapi", &["statusCode", "error", "message"]),
    ("ErrorType", &["code", "errorType", "message"]),
];

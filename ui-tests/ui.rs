//! Compile-fail and compile-pass tests of `#[derive(ApiError)]`.
//!
//! Each `ui/fail/*.rs` holds one mistake and its expected compiler output in the `.stderr`
//! next to it; each `ui/pass/*.rs` must compile and run. After a deliberate change of a
//! message or span, re-bless the `.stderr` files and read the diff:
//!
//! ```text
//! TRYBUILD=overwrite cargo test -p errwire-ui-tests
//! ```

#[test]
fn ui() {
    let t = trybuild::TestCases::new();
    t.compile_fail("ui/fail/*.rs");
    t.pass("ui/pass/*.rs");
}

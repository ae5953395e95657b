//! Every way to write a status: a number with or without a constant of its own (499 has none),
//! a `StatusCode` constant by any path, and an enum default that a variant overrides.

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 500)]
enum Error {
    Default,
    #[api(status = 499)]
    ClientClosed,
    #[api(status = 599)]
    Highest,
    #[api(status = StatusCode::CONFLICT)]
    Short,
    #[api(status = errwire::http::StatusCode::IM_A_TEAPOT)]
    Qualified,
    #[api(status = 0x190)]
    Hex,
}

fn main() {
    assert_eq!(Error::Default.status(), 500);
    assert_eq!(Error::ClientClosed.status(), 499);
    assert_eq!(Error::ClientClosed.to_response().status(), 499);
    assert_eq!(Error::Highest.status(), 599);
    assert_eq!(Error::Short.status(), 409);
    assert_eq!(Error::Qualified.status(), 418);
    assert_eq!(Error::Hex.status(), 400);
}

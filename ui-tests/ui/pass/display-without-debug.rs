//! The generated `Display` needs only what the message needs: an error type over a parameter
//! without `Debug` (so without `std::error::Error`) can still be displayed.

use errwire::ApiError;

/// Displayable, not `Debug`.
struct Name(&'static str);

impl std::fmt::Display for Name {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.0)
    }
}

#[derive(Debug, ApiError)]
enum Error<T> {
    #[api(status = 404, msg = "no user {name}")]
    NotFound {
        #[api(skip)]
        name: T,
    },
}

fn main() {
    let error = Error::NotFound { name: Name("ada") };
    assert_eq!(error.to_string(), "no user ada");
    // With `Debug`, the same type is a whole `ApiError`.
    assert_eq!(Error::NotFound { name: "ada" }.code(), "NotFound");
}

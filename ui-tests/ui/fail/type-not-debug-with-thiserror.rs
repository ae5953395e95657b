// Beside thiserror, a type that forgot `Debug` gets thiserror's error and one of errwire's, both
// saying what to add, not one per impl. (errwire's comes from its `ApiError` impl stating that
// the type is an `Error`; without that statement the compiler's second error named errwire's
// internals.)
use errwire::ApiError;

#[derive(thiserror::Error, ApiError)]
enum Error {
    #[error("bad {value}")]
    #[api(status = 400, msg = "bad {value}")]
    Bad { value: u64 },
}

fn main() {}

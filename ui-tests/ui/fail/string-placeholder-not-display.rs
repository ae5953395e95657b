// A type of the user's own named `String` in a placeholder: without `Display`, the error is on
// the field, as for any other type.
use errwire::ApiError;

mod own {
    #[derive(Debug)]
    pub struct String;
}

use own::String;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400, msg = "bad {0}")]
    Bad(String),
}

fn main() {}

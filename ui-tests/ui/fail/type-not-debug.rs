// `Error` requires `Debug`: a type that forgot it gets one error saying so, not one per impl.
use errwire::ApiError;

#[derive(ApiError)]
enum Error {
    #[api(status = 400, msg = "bad {value}")]
    Bad { value: u64 },
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 409, msg = "expected {0}, found {2}")]
    Conflict(u64, u64),
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(stauts = 404)]
    NotFound { id: u64 },
    #[api(status = 700)]
    Conflict,
    #[api(status = 400, msg = "bad value {valeu}")]
    BadValue { value: String },
}

fn main() {}

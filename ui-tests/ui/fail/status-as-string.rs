use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = "409")]
    Conflict,
}

fn main() {}

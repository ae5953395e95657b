use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = StatusCode::CONFLICTED)]
    Conflict,
}

fn main() {}

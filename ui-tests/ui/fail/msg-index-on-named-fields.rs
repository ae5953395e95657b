use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, msg = "no user {0}")]
    UserNotFound { id: u64 },
}

fn main() {}

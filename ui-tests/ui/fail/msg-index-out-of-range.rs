use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, msg = "no user {1}")]
    UserNotFound(u64),
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, msg = "no user id} here")]
    UserNotFound { id: u64 },
}

fn main() {}

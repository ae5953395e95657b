use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, msg = "no user {}")]
    UserNotFound { id: u64 },
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, msg = "no user {id}")]
    UserNotFound,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, code = "NotFound")]
    UserNotFound,
    #[api(status = 410, code = "NotFound")]
    UserGone,
}

fn main() {}

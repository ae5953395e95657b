use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, code = "NotFound", code = "Missing")]
    NotFound,
}

fn main() {}

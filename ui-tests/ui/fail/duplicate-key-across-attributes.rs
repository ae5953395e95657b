use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404)]
    #[api(code = "NotFound", status = 410)]
    NotFound,
}

fn main() {}

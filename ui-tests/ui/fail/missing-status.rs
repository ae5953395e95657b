use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404)]
    NotFound,
    #[api(code = "Conflict")]
    Conflict,
}

fn main() {}

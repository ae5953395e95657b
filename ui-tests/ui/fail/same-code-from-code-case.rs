use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(code_case = "SCREAMING_SNAKE_CASE")]
enum Error {
    #[api(status = 404)]
    NotFound,
    #[api(status = 410, code = "NOT_FOUND")]
    Gone,
}

fn main() {}

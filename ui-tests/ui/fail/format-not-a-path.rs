use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(format = "json")]
enum Error {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(errwire::status = 404)]
    NotFound,
}

fn main() {}

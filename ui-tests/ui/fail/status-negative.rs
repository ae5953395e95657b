use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = -404)]
    NotFound,
}

fn main() {}

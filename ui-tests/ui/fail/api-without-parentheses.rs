use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api]
    NotFound,
}

fn main() {}

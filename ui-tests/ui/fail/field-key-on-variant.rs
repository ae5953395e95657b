use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, skip)]
    NotFound,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, title = 5)]
    NotFound,
}

fn main() {}

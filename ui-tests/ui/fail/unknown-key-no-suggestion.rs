use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, retry_after = 5)]
    NotFound,
}

fn main() {}

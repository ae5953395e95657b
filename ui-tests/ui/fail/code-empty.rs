use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 404, code = "")]
    NotFound,
}

fn main() {}

use errwire::ApiError;

struct NotAFormat;

#[derive(Debug, ApiError)]
#[api(format = NotAFormat)]
enum Error {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Inner {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, ApiError)]
enum Error {
    #[api(transparent, code = "Inner")]
    Inner(Inner),
}

fn main() {}

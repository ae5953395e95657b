use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Inner {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, ApiError)]
enum Error {
    #[api(transparent, msg = "inner failed: {0}")]
    Inner(Inner),
}

fn main() {}

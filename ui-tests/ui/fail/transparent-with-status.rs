use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Inner {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, ApiError)]
enum Error {
    #[api(transparent, status = 500)]
    Inner(Inner),
}

fn main() {}

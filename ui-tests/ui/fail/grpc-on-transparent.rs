use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 404)]
struct NotFound;

#[derive(Debug, ApiError)]
enum Error {
    #[api(transparent, grpc = "NOT_FOUND")]
    Inner(NotFound),
}

fn main() {}

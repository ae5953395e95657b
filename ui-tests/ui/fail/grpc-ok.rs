use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(grpc = "OK")]
enum Error {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

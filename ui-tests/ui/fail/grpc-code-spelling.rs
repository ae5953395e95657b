use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 409, grpc = "AlreadyExists")]
    Taken,
}

fn main() {}

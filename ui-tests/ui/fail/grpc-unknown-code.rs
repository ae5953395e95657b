use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 409, grpc = "ALREADY_EXIST")]
    Taken,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = StatusCode::OK)]
    Fine,
}

fn main() {}

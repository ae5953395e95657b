use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400)]
    Invalid { source: String },
}

fn main() {}

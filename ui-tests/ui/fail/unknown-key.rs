use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(stauts = 404)]
    NotFound,
}

fn main() {}

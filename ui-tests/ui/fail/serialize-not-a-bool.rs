use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(serialize = "no")]
enum Error {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

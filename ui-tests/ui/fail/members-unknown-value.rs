use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(members = "marked")]
enum Error {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 409, type = "a conflict happened")]
    Conflict,
}

fn main() {}

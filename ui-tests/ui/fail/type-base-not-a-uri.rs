use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(type_base = "see the docs for errors")]
enum Error {
    #[api(status = 409)]
    Conflict,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(code_case = "SCREAMING")]
enum Error {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

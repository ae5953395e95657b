use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(type_base = "https://api.example.com/errors/")]
enum Error {
    #[api(status = 400, code = "Duplicate Field")]
    DuplicateField,
}

fn main() {}

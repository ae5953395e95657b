use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 400, code = "InvalidInput")]
enum Error {
    MissingField { field: String },
    #[api(status = 422)]
    BadValue { field: String },
}

fn main() {}

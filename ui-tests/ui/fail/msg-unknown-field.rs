use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400, msg = "duplicate value for {feild}")]
    DuplicateField { field: String },
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400, rename_all = "camelCase")]
    DuplicateField { duplicate_value: String },
}

fn main() {}

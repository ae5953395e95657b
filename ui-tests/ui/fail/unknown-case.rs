use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(rename_all = "camel")]
enum Error {
    #[api(status = 400)]
    DuplicateField { duplicate_value: String },
}

fn main() {}

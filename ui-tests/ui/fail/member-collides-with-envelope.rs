use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(format = errwire::format::ErrorList)]
enum Error {
    #[api(status = 400, msg = "bad {code}")]
    Invalid {
        code: u32,
        detail: String,
    },
}

fn main() {}

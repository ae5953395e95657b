use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 409)]
    Conflict {
        #[api(rename = "version")]
        expected: u64,
        #[api(rename = "version")]
        current: u64,
    },
}

fn main() {}

use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400, msg = "bad bytes {bytes}")]
    BadBytes { bytes: Vec<u8> },
}

fn main() {}

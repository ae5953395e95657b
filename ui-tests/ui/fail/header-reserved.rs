use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400)]
    Reflected {
        #[api(header = "Content-Type")]
        kind: String,
        #[api(header = "x-request-id")]
        id: String,
        #[api(header = "Transfer-Encoding")]
        encoding: String,
    },
}

fn main() {}

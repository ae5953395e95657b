use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 503)]
    Unavailable {
        #[api(rename = "status")]
        upstream_status: u16,
    },
}

fn main() {}

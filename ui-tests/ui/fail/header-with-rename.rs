use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 429)]
    RateLimited {
        #[api(header = "Retry-After", rename = "retryAfter")]
        secs: u64,
    },
}

fn main() {}

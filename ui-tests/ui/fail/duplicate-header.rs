use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        secs: u64,
        #[api(header = "retry-after")]
        date: String,
    },
}

fn main() {}

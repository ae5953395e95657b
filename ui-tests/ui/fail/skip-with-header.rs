use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 429, msg = "retry after {secs} seconds")]
    RateLimited {
        #[api(skip, header = "Retry-After")]
        secs: u64,
    },
}

fn main() {}

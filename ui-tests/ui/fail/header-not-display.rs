use errwire::ApiError;

#[derive(Debug)]
struct Seconds(u64);

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 429)]
    RateLimited {
        #[api(header = "Retry-After")]
        secs: Seconds,
    },
}

fn main() {}

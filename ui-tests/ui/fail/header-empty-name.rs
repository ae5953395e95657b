use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 429)]
    RateLimited {
        #[api(header = "")]
        secs: u64,
    },
}

fn main() {}

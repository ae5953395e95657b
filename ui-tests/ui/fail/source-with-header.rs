use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 502)]
    Upstream {
        #[api(header = "X-Upstream-Error")]
        source: std::io::Error,
    },
}

fn main() {}

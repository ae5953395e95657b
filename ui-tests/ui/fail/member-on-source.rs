use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 500)]
    Io {
        #[source]
        #[api(member)]
        cause: std::io::Error,
    },
}

fn main() {}

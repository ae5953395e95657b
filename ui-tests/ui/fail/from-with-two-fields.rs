use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 500)]
    Io(#[from] std::io::Error, String),
}

fn main() {}

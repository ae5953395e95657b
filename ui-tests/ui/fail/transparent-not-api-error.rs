use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(transparent)]
    Io(std::io::Error),
}

fn main() {}

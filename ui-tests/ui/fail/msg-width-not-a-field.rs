use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400, msg = "bad name [{x:>w$}]")]
    BadName { x: String },
}

fn main() {}

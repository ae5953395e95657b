use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400, msg = "bad name [{name:>width$}]")]
    BadName { name: String, width: u32 },
}

fn main() {}

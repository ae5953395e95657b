use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(msg = "something went wrong")]
enum Error {
    #[api(status = 500)]
    Internal,
}

fn main() {}

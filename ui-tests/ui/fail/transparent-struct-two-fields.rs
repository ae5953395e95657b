use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Inner {
    #[api(status = 404)]
    NotFound,
}

#[derive(Debug, ApiError)]
#[api(transparent)]
struct Error {
    inner: Inner,
    context: String,
}

fn main() {}

use errwire::ApiError;

#[derive(Debug)]
struct Opaque;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 400)]
    Invalid {
        value: Opaque,
    },
}

fn main() {}

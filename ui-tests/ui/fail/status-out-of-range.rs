use errwire::ApiError;

#[derive(Debug, ApiError)]
enum Error {
    #[api(status = 200)]
    Fine,
    #[api(status = 600)]
    Beyond,
}

fn main() {}

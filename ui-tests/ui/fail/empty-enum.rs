use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(status = 500)]
enum Error {}

fn main() {}

use errwire::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
#[api(status = 500)]
enum Error {}

fn main() {}

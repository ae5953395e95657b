use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(code = "Conflict", msg = "version {version} is stale")]
struct Conflict {
    version: u64,
}

fn main() {}

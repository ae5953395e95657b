use errwire::ApiError;

#[derive(Debug, ApiError)]
#[api(grpc_domain = "deployments service")]
enum Error {
    #[api(status = 404)]
    NotFound,
}

fn main() {}

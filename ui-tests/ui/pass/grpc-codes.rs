//! `grpc` on the container and on variants, `grpc_domain`, a transparent variant taking the
//! inner type's code and domain: the trait's methods and the catalog agree.

use errwire::grpc::Code;
use errwire::{ApiError, Catalog};

#[derive(Debug, ApiError)]
#[api(grpc = "FAILED_PRECONDITION", grpc_domain = "inner.example.com")]
enum Inner {
    #[api(status = 403)]
    Frozen,
}

#[derive(Debug, ApiError)]
#[api(grpc_domain = "deployments.example.com")]
enum Error {
    #[api(status = 409, grpc = "ALREADY_EXISTS")]
    Taken,
    #[api(status = 409)]
    Conflict,
    #[api(transparent)]
    Inner(Inner),
}

#[derive(Debug, ApiError)]
#[api(status = 503)]
struct Plain;

fn main() {
    assert_eq!(Error::Taken.grpc_code(), Code::AlreadyExists);
    assert_eq!(Error::Conflict.grpc_code(), Code::Aborted);
    assert_eq!(Error::Inner(Inner::Frozen).grpc_code(), Code::FailedPrecondition);
    assert_eq!(Error::Taken.grpc_domain(), Some("deployments.example.com"));
    assert_eq!(Error::Inner(Inner::Frozen).grpc_domain(), Some("inner.example.com"));
    assert_eq!(Plain.grpc_code(), Code::Unavailable);
    // Without `grpc_domain`: the package that defines the type.
    assert_eq!(Plain.grpc_domain(), Some(env!("CARGO_PKG_NAME")));
    let grpc: Vec<Code> = Catalog::of::<Error>().entries().iter().map(|entry| entry.grpc).collect();
    assert_eq!(grpc, [Code::AlreadyExists, Code::Aborted, Code::FailedPrecondition]);
}

//! The gRPC contenders (errwire's feature `tonic`): the same errors as a `tonic::Status` with
//! google.rpc details, by errwire (`From<E> for tonic::Status`) and by hand with tonic-types,
//! building exactly the same content: code, message, an `ErrorInfo` per error (reason, domain,
//! the members as strings) and, for the validation errors, a `BadRequest` with a violation per
//! field.

use std::collections::HashMap;

use tonic::{Code, Status};
use tonic_types::{BadRequest, ErrorDetail, ErrorDetails, ErrorInfo, FieldViolation, StatusExt};

use crate::fixtures::{ConflictMessage, PlainError, TooLongMessage};

/// The domain errwire gives a type without `grpc_domain`: the package defining it.
const DOMAIN: &str = "errwire-bench";

/// The 409 by hand: `ErrorDetails` with one `ErrorInfo`.
pub fn conflict(err: &PlainError) -> Status {
    let PlainError::Conflict { deployment, expected_version, current_version } = *err else {
        unreachable!("the 409 fixture")
    };
    let message = ConflictMessage { deployment, expected_version, current_version }.to_string();
    let mut metadata = HashMap::with_capacity(2);
    metadata.insert("expectedVersion".to_owned(), expected_version.to_string());
    metadata.insert("currentVersion".to_owned(), current_version.to_string());
    let details = ErrorDetails::with_error_info("CONCURRENT_MODIFICATION", DOMAIN, metadata);
    Status::with_error_details(Code::Aborted, message, details)
}

/// The ten validation errors by hand: an `ErrorInfo` each and one `BadRequest` (`ErrorDetails`
/// holds one `ErrorInfo`, so the vector form).
pub fn validation(errs: &[PlainError]) -> Status {
    let mut details = Vec::with_capacity(errs.len() + 1);
    let mut violations = Vec::with_capacity(errs.len());
    let mut message = String::new();
    for err in errs {
        let PlainError::TooLong { field, max } = *err else { unreachable!("the 422 fixtures") };
        let text = TooLongMessage { field, max }.to_string();
        if !message.is_empty() {
            message.push_str("; ");
        }
        message.push_str(&text);
        let mut metadata = HashMap::with_capacity(2);
        metadata.insert("field".to_owned(), field.to_owned());
        metadata.insert("max".to_owned(), max.to_string());
        details.push(ErrorDetail::from(ErrorInfo::new("TOO_LONG", DOMAIN, metadata)));
        violations.push(FieldViolation::new(field, text));
    }
    details.push(BadRequest::new(violations).into());
    Status::with_error_details_vec(Code::InvalidArgument, message, details)
}

//! Together with thiserror: thiserror writes `Display`, `Error` and `From`, the derive only
//! the contract; `#[error(transparent)]` pairs with `#[api(transparent)]`.

use errwire::ApiError;

#[derive(Debug, thiserror::Error, ApiError)]
enum DeploymentError {
    #[error("deployment {0} not found")]
    #[api(status = 404, code = "ResourceNotFound", msg = "Deployment with id={0} does not exist")]
    NotFound(u64),
}

#[derive(Debug, thiserror::Error, ApiError)]
#[api(rename_all = "camelCase")]
enum ConnectError {
    #[error("duplicate {field}")]
    #[api(
        status = 400,
        code = "DuplicateField",
        msg = "A duplicate value {duplicate_value} exists for field {field}."
    )]
    DuplicateField { field: String, duplicate_value: serde_json::Value },

    #[error(transparent)]
    #[api(status = 500, code = "General")]
    Io(#[from] std::io::Error),

    #[error(transparent)]
    #[api(transparent)]
    Deployment(#[from] DeploymentError),
}

fn body(error: &dyn ApiError) -> String {
    String::from_utf8(error.to_response().into_body()).unwrap()
}

fn io() -> Result<(), ConnectError> {
    Err(std::io::Error::other("disk on fire at /var/secret"))?
}

fn deploy() -> Result<(), ConnectError> {
    Err(DeploymentError::NotFound(5))?
}

fn main() {
    let error =
        ConnectError::DuplicateField { field: "sku".to_owned(), duplicate_value: serde_json::json!("A-1") };
    // thiserror's Display, errwire's message.
    assert_eq!(error.to_string(), "duplicate sku");
    let mut message = String::new();
    error.write_message(&mut message).unwrap();
    assert_eq!(message, r#"A duplicate value "A-1" exists for field sku."#);
    assert!(body(&error).ends_with(r#""field":"sku","duplicateValue":"A-1"}"#));

    let error = io().unwrap_err();
    assert_eq!(error.status(), 500);
    assert_eq!(error.code(), "General");
    assert_eq!(error.to_string(), "disk on fire at /var/secret");
    assert!(!body(&error).contains("secret"));

    let error = deploy().unwrap_err();
    assert_eq!(error.status(), 404);
    assert_eq!(error.code(), "ResourceNotFound");
    assert_eq!(error.to_string(), "deployment 5 not found");
    let mut message = String::new();
    error.write_message(&mut message).unwrap();
    assert_eq!(message, "Deployment with id=5 does not exist");
}

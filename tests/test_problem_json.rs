//! The problem-json seed (`../shared/seeds/problem-json-errors.txt`) reproduced exactly, by the
//! same enum with and without thiserror. (The seed's address reads `[email protected]` with a
//! no-break space, U+00A0, which these strings keep.)

#[path = "support/documented.rs"]
mod documented;

use errwire::{ApiError, Context};

const INSTANCE: &str = "2022-02-08T14:30:55.851512Z/gs8ueabo/11840";
const SEED_BODY: &str = r#"{"type":"/errors/integrity","title":"Uniqueness violation","status":409,"detail":"The resource with [email protected] already exists.","instance":"2022-02-08T14:30:55.851512Z/gs8ueabo/11840"}"#;

mod derive_alone {
    use errwire::ApiError;

    #[derive(Debug, ApiError)]
    pub enum DatafoldError {
        #[api(status = 409, type = "/errors/integrity", title = "Uniqueness violation")]
        #[api(msg = "The resource with {email} already exists.")]
        Integrity {
            #[api(skip)]
            email: String,
        },
    }
}

mod with_thiserror {
    use errwire::ApiError;

    #[derive(Debug, thiserror::Error, ApiError)]
    pub enum DatafoldError {
        #[error("unique constraint users_email_key violated by {email}")]
        #[api(status = 409, type = "/errors/integrity", title = "Uniqueness violation")]
        #[api(msg = "The resource with {email} already exists.")]
        Integrity {
            #[api(skip)]
            email: String,
        },
    }
}

fn assert_seed(response: &http::Response<Vec<u8>>) {
    assert_eq!(response.status(), 409);
    assert_eq!(response.headers()["content-type"], "application/problem+json");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers().len(), 2);
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), SEED_BODY);
}

#[test]
fn seed_example_without_thiserror() {
    let err = derive_alone::DatafoldError::Integrity { email: "[email protected]".into() };
    assert_seed(&err.to_response_with(&Context::new().with_instance(INSTANCE)));
    // The derive's own Display is the message.
    assert_eq!(err.to_string(), "The resource with [email protected] already exists.");
}

#[test]
fn seed_example_with_thiserror() {
    let err = with_thiserror::DatafoldError::Integrity { email: "[email protected]".into() };
    assert_seed(&err.to_response_with(&Context::new().with_instance(INSTANCE)));
    // thiserror's Display stays the internal text; the body uses `msg`.
    assert_eq!(err.to_string(), "unique constraint users_email_key violated by [email protected]");
}

#[test]
fn serialize_impl_writes_the_body_without_instance() {
    let err = derive_alone::DatafoldError::Integrity { email: "[email protected]".into() };
    assert_eq!(
        serde_json::to_string(&err).unwrap(),
        r#"{"type":"/errors/integrity","title":"Uniqueness violation","status":409,"detail":"The resource with [email protected] already exists."}"#
    );
}

#[test]
fn client_errors_carry_no_instance_unless_given() {
    let err = derive_alone::DatafoldError::Integrity { email: "a@b.c".into() };
    let body = err.to_response().into_body();
    assert!(!String::from_utf8(body).unwrap().contains("instance"));
}

#[derive(Debug, ApiError)]
#[api(type_base = "https://api.example.com/errors/", code_case = "SCREAMING_SNAKE_CASE")]
enum Defaults {
    /// Title and detail default to the reason phrase; type from type_base + code.
    #[api(status = 404)]
    EntityNotFound,
    #[api(status = 503, title = "Maintenance", type = "https://status.example.com")]
    Maintenance,
}

#[test]
fn defaults_come_from_status_and_type_base() {
    let body = Defaults::EntityNotFound.to_response().into_body();
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"type":"https://api.example.com/errors/ENTITY_NOT_FOUND","title":"Not Found","status":404,"detail":"Not Found"}"#
    );
    let response = Defaults::Maintenance.to_response_with(&Context::new().with_instance("i-1"));
    assert_eq!(
        String::from_utf8(response.into_body()).unwrap(),
        r#"{"type":"https://status.example.com","title":"Maintenance","status":503,"detail":"Service Unavailable","instance":"i-1"}"#
    );
}

#[test]
fn server_errors_get_a_generated_instance() {
    let first = String::from_utf8(Defaults::Maintenance.to_response().into_body()).unwrap();
    let second = String::from_utf8(Defaults::Maintenance.to_response().into_body()).unwrap();
    let instance = |body: &str| {
        let value: serde_json::Value = serde_json::from_str(body).unwrap();
        value["instance"].as_str().unwrap().to_owned()
    };
    assert!(instance(&first).starts_with("urn:uuid:") && instance(&first).len() == 45, "{first}");
    assert_ne!(instance(&first), instance(&second));
    assert_eq!(
        first,
        format!(
            r#"{{"type":"https://status.example.com","title":"Maintenance","status":503,"detail":"Service Unavailable","instance":"{}"}}"#,
            instance(&first)
        )
    );
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_derive_alone_datafold_error_is_documented() {
    documented::assert_documented(&[derive_alone::DatafoldError::Integrity {
        email: "[email\u{a0}protected]".into(),
    }]);
}

#[test]
fn every_with_thiserror_datafold_error_is_documented() {
    documented::assert_documented(&[with_thiserror::DatafoldError::Integrity {
        email: "[email\u{a0}protected]".into(),
    }]);
}

#[test]
fn every_defaults_is_documented() {
    documented::assert_documented(&[Defaults::EntityNotFound, Defaults::Maintenance]);
}

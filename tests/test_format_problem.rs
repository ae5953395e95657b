//! problem+json (RFC 9457) beyond the seed's single example (which is in `test_problem_json.rs`):
//! the format's options (`type_base`, `code_member`) as consts, and several errors in one
//! problem document as an `errors` extension member (RFC 9457 section 3 shape,
//! `"errors":[{"detail":…,"pointer":…}]`), which the problem-json seed uses on 422.

#[path = "support/documented.rs"]
mod documented;

use errwire::format::ProblemJson;
use errwire::{ApiError, Context, Errors};
use http::Response;

const PROBLEM: &str = "application/problem+json";

#[track_caller]
fn assert_body(response: &Response<Vec<u8>>, status: u16, body: &str) {
    assert_eq!(response.status(), status, "status");
    assert_eq!(response.headers()["content-type"], PROBLEM, "content type");
    assert_eq!(response.headers()["x-content-type-options"], "nosniff");
    assert_eq!(response.headers().len(), 2, "headers: {:?}", response.headers());
    assert_eq!(std::str::from_utf8(response.body()).unwrap(), body);
}

fn with_instance(instance: &str) -> Context<'_> {
    Context::new().with_instance(instance)
}

/// The `instance` member of a body.
fn instance_of(body: &[u8]) -> String {
    let value: serde_json::Value = serde_json::from_slice(body).unwrap();
    value["instance"].as_str().expect("an instance member").to_owned()
}

// ----- Options ------------------------------------------------------------------------------

/// The service's one format, defined once, named by every error type.
const FORMAT: ProblemJson = ProblemJson.type_base("https://api.example.com/errors/").code_member("code");

#[derive(Debug, ApiError)]
#[api(format = FORMAT, rename_all = "camelCase")]
enum UserError {
    #[api(status = 404, code = "UserNotFound", msg = "No user {id}")]
    NotFound { id: u32 },

    /// An own `type` wins over the format's base.
    #[api(status = 409, code = "EmailTaken", type = "/errors/integrity", title = "Uniqueness violation")]
    #[api(msg = "The resource with {email} already exists.")]
    EmailTaken {
        #[api(skip)]
        email: &'static str,
        existing_user_id: u32,
    },

    #[api(status = 503, code = "Maintenance", msg = "Back at {until}")]
    Maintenance {
        #[api(skip)]
        until: &'static str,
    },
}

#[test]
fn type_base_and_code_member_from_the_format() {
    assert_body(
        &UserError::NotFound { id: 7 }.to_response(),
        404,
        r##"{"type":"https://api.example.com/errors/UserNotFound","title":"Not Found","status":404,"detail":"No user 7","code":"UserNotFound","id":7}"##,
    );
}

#[test]
fn own_type_and_title_win_and_code_follows_instance() {
    let err = UserError::EmailTaken { email: "ada@example.com", existing_user_id: 12 };
    assert_body(
        &err.to_response_with(&with_instance("2022-02-08T14:30:55.851512Z/gs8ueabo/11840")),
        409,
        r##"{"type":"/errors/integrity","title":"Uniqueness violation","status":409,"detail":"The resource with ada@example.com already exists.","instance":"2022-02-08T14:30:55.851512Z/gs8ueabo/11840","code":"EmailTaken","existingUserId":12}"##,
    );
}

#[test]
fn server_errors_carry_a_generated_instance_before_the_code() {
    let response = UserError::Maintenance { until: "14:00 UTC" }.to_response();
    let instance = instance_of(response.body());
    assert!(instance.starts_with("urn:uuid:") && instance.len() == 45, "generated id: {}", instance);
    assert_body(
        &response,
        503,
        &format!(
            r##"{{"type":"https://api.example.com/errors/Maintenance","title":"Service Unavailable","status":503,"detail":"Back at 14:00 UTC","instance":"{instance}","code":"Maintenance"}}"##
        ),
    );
}

#[test]
fn serialize_uses_the_format_options_without_instance() {
    assert_eq!(
        serde_json::to_string(&UserError::Maintenance { until: "14:00 UTC" }).unwrap(),
        r##"{"type":"https://api.example.com/errors/Maintenance","title":"Service Unavailable","status":503,"detail":"Back at 14:00 UTC","code":"Maintenance"}"##
    );
}

/// The seed's example through the options alone: `type` is `type_base` + code.
const DATAFOLD: ProblemJson = ProblemJson.type_base("/errors/");

#[derive(Debug, ApiError)]
#[api(format = DATAFOLD)]
enum DatafoldError {
    #[api(status = 409, code = "integrity", title = "Uniqueness violation")]
    #[api(msg = "The resource with {email} already exists.")]
    Integrity {
        #[api(skip)]
        email: &'static str,
    },
}

/// The seed's e-mail address as its page shows it: `[email` NO-BREAK SPACE (U+00A0)
/// `protected]` (an address obfuscated by the page's CDN).
const SEED_EMAIL: &str = "[email\u{a0}protected]";

/// The seed's example, compact: U+00A0 is written as raw UTF-8 (`C2 A0`), as in the seed.
const SEED_BODY: &str = "{\"type\":\"/errors/integrity\",\"title\":\"Uniqueness violation\",\"status\":409,\"detail\":\"The resource with [email\u{a0}protected] already exists.\",\"instance\":\"2022-02-08T14:30:55.851512Z/gs8ueabo/11840\"}";

#[test]
fn seed_example_through_the_type_base_option() {
    let err = DatafoldError::Integrity { email: SEED_EMAIL };
    assert_body(
        &err.to_response_with(&with_instance("2022-02-08T14:30:55.851512Z/gs8ueabo/11840")),
        409,
        SEED_BODY,
    );
}

/// The derive's own `type_base` gives the error a `type`, which wins over the format's.
#[derive(Debug, ApiError)]
#[api(format = FORMAT, type_base = "https://billing.example.com/errors/", code_case = "snake_case")]
enum BillingError {
    #[api(status = 402)]
    PaymentRequired,
}

#[test]
fn derive_type_base_wins_over_the_format_type_base() {
    assert_body(
        &BillingError::PaymentRequired.to_response(),
        402,
        r##"{"type":"https://billing.example.com/errors/payment_required","title":"Payment Required","status":402,"detail":"Payment Required","code":"payment_required"}"##,
    );
}

/// No options: the const, `new()`, `default()` and no `format` at all are the same format.
#[derive(Debug, ApiError)]
#[api(format = errwire::format::ProblemJson)]
enum Explicit {
    #[api(status = 404, code = "Missing", msg = "gone")]
    Missing { id: u32 },
}

#[derive(Debug, ApiError)]
enum Implicit {
    #[api(status = 404, code = "Missing", msg = "gone")]
    Missing { id: u32 },
}

#[test]
fn default_format_has_no_type_base_and_no_code_member() {
    let expected = r##"{"type":"about:blank","title":"Not Found","status":404,"detail":"gone","id":1}"##;
    assert_body(&Explicit::Missing { id: 1 }.to_response(), 404, expected);
    assert_body(&Implicit::Missing { id: 1 }.to_response(), 404, expected);
    for format in [ProblemJson, ProblemJson::new(), ProblemJson::default()] {
        assert_body(&errwire::render(&format, &Implicit::Missing { id: 1 }, &Context::new()), 404, expected);
    }
}

#[test]
fn code_member_can_have_any_name() {
    let format = ProblemJson.code_member("errorCode");
    assert_body(
        &errwire::render(&format, &Implicit::Missing { id: 1 }, &with_instance("i-1")),
        404,
        r##"{"type":"about:blank","title":"Not Found","status":404,"detail":"gone","instance":"i-1","errorCode":"Missing","id":1}"##,
    );
}

// ----- Several errors: the `errors` extension ------------------------------------------------

/// Input validation: 422 with the RFC 9457 section 3 members per error.
#[derive(Debug, ApiError)]
#[api(status = 422)]
enum ValidationError {
    #[api(code = "NotPositive", msg = "must be a positive integer")]
    NotPositive { pointer: &'static str },

    #[api(code = "NotOneOf", msg = "must be {options}")]
    NotOneOf {
        pointer: &'static str,
        #[api(skip)]
        options: &'static str,
    },

    /// Absent notification destinations (the seed's example of a 422 about a referenced resource).
    #[api(code = "UnknownDestination", msg = "notification destination {id} does not exist")]
    UnknownDestination { pointer: &'static str, id: u32 },
}

fn two_validation_errors() -> Errors<ValidationError> {
    [
        ValidationError::NotPositive { pointer: "#/age" },
        ValidationError::NotOneOf { pointer: "#/profile/color", options: "'green', 'red' or 'blue'" },
    ]
    .into_iter()
    .collect()
}

#[test]
fn errors_extension_in_rfc_9457_shape() {
    assert_body(
        &two_validation_errors().to_response_with(&with_instance("2022-02-08T14:31:02.1Z/gs8ueabo/11841")),
        422,
        r##"{"type":"about:blank","title":"Unprocessable Entity","status":422,"instance":"2022-02-08T14:31:02.1Z/gs8ueabo/11841","errors":[{"detail":"must be a positive integer","pointer":"#/age"},{"detail":"must be 'green', 'red' or 'blue'","pointer":"#/profile/color"}]}"##,
    );
    // A client error without a caller-supplied instance has none.
    assert_body(
        &two_validation_errors().to_response(),
        422,
        r##"{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{"detail":"must be a positive integer","pointer":"#/age"},{"detail":"must be 'green', 'red' or 'blue'","pointer":"#/profile/color"}]}"##,
    );
}

#[test]
fn errors_serialize_is_the_body_without_instance() {
    assert_eq!(
        serde_json::to_string(&two_validation_errors()).unwrap(),
        r##"{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{"detail":"must be a positive integer","pointer":"#/age"},{"detail":"must be 'green', 'red' or 'blue'","pointer":"#/profile/color"}]}"##
    );
}

#[test]
fn one_error_in_a_collection_is_still_a_list() {
    let errors =
        Errors::from(vec![ValidationError::UnknownDestination { pointer: "#/destinations/0", id: 42 }]);
    assert_body(
        &errors.to_response(),
        422,
        r##"{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{"detail":"notification destination 42 does not exist","pointer":"#/destinations/0","id":42}]}"##,
    );
}

/// With a code member, every item carries its code after `detail`.
#[derive(Debug, ApiError)]
#[api(format = FORMAT, rename_all = "camelCase")]
enum SignupError {
    #[api(status = 422, code = "InvalidEmail", msg = "is not an email address")]
    InvalidEmail { pointer: &'static str },
    #[api(status = 409, code = "EmailTaken", msg = "is already registered")]
    EmailTaken { pointer: &'static str, existing_user_id: u32 },
    #[api(status = 502, code = "MailerDown", msg = "confirmation mail could not be sent")]
    MailerDown,
}

#[test]
fn errors_extension_items_carry_the_code_member() {
    let errors = Errors::from(vec![
        SignupError::InvalidEmail { pointer: "#/email" },
        SignupError::InvalidEmail { pointer: "#/backupEmail" },
    ]);
    assert_body(
        &errors.to_response(),
        422,
        r##"{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{"detail":"is not an email address","code":"InvalidEmail","pointer":"#/email"},{"detail":"is not an email address","code":"InvalidEmail","pointer":"#/backupEmail"}]}"##,
    );
}

#[test]
fn mixed_client_errors_are_one_400_problem() {
    let errors = Errors::from(vec![
        SignupError::InvalidEmail { pointer: "#/email" },
        SignupError::EmailTaken { pointer: "#/username", existing_user_id: 3 },
    ]);
    assert_eq!(errors.status(), 400);
    assert_body(
        &errors.to_response(),
        400,
        r##"{"type":"about:blank","title":"Bad Request","status":400,"errors":[{"detail":"is not an email address","code":"InvalidEmail","pointer":"#/email"},{"detail":"is already registered","code":"EmailTaken","pointer":"#/username","existingUserId":3}]}"##,
    );
}

#[test]
fn any_server_error_is_one_500_problem_with_an_instance() {
    let errors =
        Errors::from(vec![SignupError::InvalidEmail { pointer: "#/email" }, SignupError::MailerDown]);
    assert_eq!(errors.status(), 500);
    let response = errors.to_response();
    let instance = instance_of(response.body());
    assert!(instance.starts_with("urn:uuid:") && instance.len() == 45, "generated id: {}", instance);
    assert_body(
        &response,
        500,
        &format!(
            r##"{{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"{instance}","errors":[{{"detail":"is not an email address","code":"InvalidEmail","pointer":"#/email"}},{{"detail":"confirmation mail could not be sent","code":"MailerDown"}}]}}"##
        ),
    );
    // A caller-supplied instance is used as is.
    assert_body(
        &errors.to_response_with(&with_instance("req-5")),
        500,
        r##"{"type":"about:blank","title":"Internal Server Error","status":500,"instance":"req-5","errors":[{"detail":"is not an email address","code":"InvalidEmail","pointer":"#/email"},{"detail":"confirmation mail could not be sent","code":"MailerDown"}]}"##,
    );
}

#[test]
fn same_5xx_keeps_its_status() {
    let errors = Errors::from(vec![SignupError::MailerDown, SignupError::MailerDown]);
    assert_eq!(errors.status(), 502);
    assert_body(
        &errors.to_response_with(&with_instance("req-6")),
        502,
        r##"{"type":"about:blank","title":"Bad Gateway","status":502,"instance":"req-6","errors":[{"detail":"confirmation mail could not be sent","code":"MailerDown"},{"detail":"confirmation mail could not be sent","code":"MailerDown"}]}"##,
    );
}

/// No errors: a handler failed without saying why, a server bug: a plain 500 problem.
#[test]
fn no_errors_is_a_500_problem() {
    let errors: Errors<ValidationError> = Errors::new();
    assert_body(
        &errors.to_response_with(&with_instance("req-0")),
        500,
        r##"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"An internal error occurred","instance":"req-0"}"##,
    );
}

#[test]
fn boxed_errors_of_two_types_with_the_format_options() {
    let errors: Errors<Box<dyn ApiError + Send + Sync>> = Errors::from(vec![
        Box::new(ValidationError::NotPositive { pointer: "#/age" }) as Box<dyn ApiError + Send + Sync>,
        Box::new(SignupError::InvalidEmail { pointer: "#/email" }),
    ]);
    assert_eq!(errors.status(), 422);
    assert_body(
        &errors.to_response_in(&FORMAT, &with_instance("req-8")),
        422,
        r##"{"type":"about:blank","title":"Unprocessable Entity","status":422,"instance":"req-8","errors":[{"detail":"must be a positive integer","code":"NotPositive","pointer":"#/age"},{"detail":"is not an email address","code":"InvalidEmail","pointer":"#/email"}]}"##,
    );
    // The default format writes no code.
    assert_body(
        &errors.to_response_in(&ProblemJson, &Context::new()),
        422,
        r##"{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{"detail":"must be a positive integer","pointer":"#/age"},{"detail":"is not an email address","pointer":"#/email"}]}"##,
    );
}

/// RFC 9457 §3's own example: a validation problem with its type, title and `errors` items.
const RFC_VALIDATION: ProblemJson = ProblemJson
    .errors_type("https://example.net/validation-error")
    .errors_title("Your request is not valid.");

#[derive(Debug, ApiError)]
#[api(format = RFC_VALIDATION)]
enum FieldError {
    #[api(status = 422, msg = "must be a positive integer")]
    Age { pointer: &'static str },
    #[api(status = 422, msg = "must be 'green', 'red' or 'blue'")]
    Color { pointer: &'static str },
}

#[test]
fn rfc_9457_section_3_validation_example() {
    let errors: Errors<FieldError> =
        [FieldError::Age { pointer: "#/age" }, FieldError::Color { pointer: "#/profile/color" }]
            .into_iter()
            .collect();
    assert_body(
        &errors.to_response(),
        422,
        r##"{"type":"https://example.net/validation-error","title":"Your request is not valid.","status":422,"errors":[{"detail":"must be a positive integer","pointer":"#/age"},{"detail":"must be 'green', 'red' or 'blue'","pointer":"#/profile/color"}]}"##,
    );
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_user_error_is_documented() {
    documented::assert_documented(&[
        UserError::NotFound { id: 7 },
        UserError::EmailTaken { email: "ada@example.com", existing_user_id: 12 },
        UserError::Maintenance { until: "14:00 UTC" },
    ]);
}

#[test]
fn every_datafold_error_is_documented() {
    documented::assert_documented(&[DatafoldError::Integrity { email: SEED_EMAIL }]);
}

#[test]
fn every_billing_error_is_documented() {
    documented::assert_documented(&[BillingError::PaymentRequired]);
}

#[test]
fn every_explicit_is_documented() {
    documented::assert_documented(&[Explicit::Missing { id: 1 }]);
}

#[test]
fn every_implicit_is_documented() {
    documented::assert_documented(&[Implicit::Missing { id: 1 }]);
}

#[test]
fn every_validation_error_is_documented() {
    documented::assert_documented(&[
        ValidationError::NotPositive { pointer: "#/age" },
        ValidationError::NotOneOf { pointer: "#/profile/color", options: "'green', 'red' or 'blue'" },
        ValidationError::UnknownDestination { pointer: "#/destinations/0", id: 42 },
    ]);
}

#[test]
fn every_signup_error_is_documented() {
    documented::assert_documented(&[
        SignupError::InvalidEmail { pointer: "#/email" },
        SignupError::EmailTaken { pointer: "#/username", existing_user_id: 3 },
        SignupError::MailerDown,
    ]);
}

#[test]
fn every_field_error_is_documented() {
    documented::assert_documented(&[
        FieldError::Age { pointer: "#/age" },
        FieldError::Color { pointer: "#/profile/color" },
    ]);
}

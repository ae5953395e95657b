//! The client side of the user-defined formats: responses rendered with `to_response()` decode
//! through the type's own `Format::decode` (`errwire::client::decode_as`, without naming the
//! format) to code, message and fields, and `FromView` rebuilds an equal value, header fields
//! from the response's headers.

use std::fmt::Debug;

use errwire::client::{DecodedResponse, FromView, decode, decode_as};
use errwire::{ApiError, Context, Errors};
use errwire_custom_format::{MessageOnly, Nested};
use serde_json::json;

/// Another wrapper and list name, to show that the decoder follows the format's options.
const RENAMED: Nested = Nested.wrapper("problem").details("items");

/// The same variants in `Nested` and in `RENAMED`.
macro_rules! account_error {
    ($format:path) => {
        #[derive(Clone, Debug, PartialEq, errwire::ApiError)]
        #[api(format = $format, rename_all = "camelCase", deserialize)]
        pub enum AccountError {
            #[api(status = 404, code = "UserNotFound", msg = "No user {id}")]
            UserNotFound { id: u32 },

            #[api(status = 409, code = "EmailTaken", msg = "{email} is already registered")]
            EmailTaken { email: String, existing_user_id: u32 },

            #[api(status = 422, code = "InvalidEmail", msg = "is not an email address")]
            InvalidEmail { pointer: String, details: Vec<String>, hint: Option<String> },

            #[api(status = 429, code = "RateLimited", msg = "Retry after {seconds} seconds")]
            RateLimited {
                #[api(header = "Retry-After")]
                seconds: u32,
            },

            #[api(status = 503, code = "Maintenance", msg = "Back soon")]
            Maintenance(#[api(rename = "window")] u32),

            #[api(status = 403, code = "Forbidden")]
            Forbidden,
        }

        pub fn samples() -> Vec<AccountError> {
            vec![
                AccountError::UserNotFound { id: 7 },
                AccountError::EmailTaken { email: "ada@example.com".into(), existing_user_id: 12 },
                AccountError::InvalidEmail {
                    pointer: "/email".into(),
                    details: vec!["no @".into()],
                    hint: None,
                },
                AccountError::InvalidEmail {
                    pointer: "/e".into(),
                    details: Vec::new(),
                    hint: Some("ask".into()),
                },
                AccountError::RateLimited { seconds: 30 },
                AccountError::Maintenance(15),
                AccountError::Forbidden,
            ]
        }
    };
}

mod nested {
    account_error!(errwire_custom_format::Nested);
}

mod renamed {
    account_error!(crate::RENAMED);
}

#[track_caller]
fn round_trip<E: ApiError + FromView + PartialEq + Debug>(samples: Vec<E>) -> Vec<DecodedResponse> {
    samples
        .into_iter()
        .map(|error| {
            let response = error.to_response();
            let text = String::from_utf8_lossy(response.body()).into_owned();
            let decoded =
                decode_as::<E>(response.status().as_u16(), response.headers(), response.body()).unwrap();
            assert_eq!(decoded.errors.len(), 1, "{text}");
            let view = &decoded.errors[0];
            let mut message = String::new();
            error.write_message(&mut message).unwrap();
            assert_eq!(view.code.as_deref(), Some(error.code()), "{text}");
            assert_eq!((view.status, &view.message), (error.status().as_u16(), &message), "{text}");
            assert_eq!(E::from_view(view).as_ref(), Some(&error), "{text}");
            decoded
        })
        .collect()
}

#[test]
fn nested_round_trips_every_variant() {
    let decoded = round_trip(nested::samples());
    // A member named like the list of several errors is an ordinary member of one error.
    assert_eq!(decoded[2].errors[0].fields["details"], json!(["no @"]));
    // The 5xx carries its instance id in the body, and the decoder reads it.
    assert!(decoded[5].instance.is_some());
}

#[test]
fn nested_with_other_member_names_round_trips() {
    let response = renamed::AccountError::UserNotFound { id: 7 }.to_response();
    assert_eq!(
        response.body().as_slice(),
        br#"{"problem":{"status":404,"code":"UserNotFound","message":"No user 7","id":7}}"#
    );
    round_trip(renamed::samples());
}

/// Without the format's decoder, the sniffing decode doesn't know the shape: one view without
/// a code or message. This is what `Format::decode` is for.
#[test]
fn the_default_decoder_does_not_know_the_shape() {
    let response = nested::AccountError::UserNotFound { id: 7 }.to_response();
    let decoded = decode(404, response.body()).unwrap();
    assert_eq!((decoded.errors[0].code.as_deref(), decoded.errors[0].message.as_str()), (None, ""));
    assert_eq!(nested::AccountError::from_view(&decoded.errors[0]), None);
}

#[test]
fn several_errors_round_trip_in_order() {
    use nested::AccountError;
    let expected = vec![
        AccountError::EmailTaken { email: "a@example.com".into(), existing_user_id: 1 },
        AccountError::InvalidEmail { pointer: "/b".into(), details: vec![], hint: None },
    ];
    for format in [Nested, RENAMED] {
        let errors: Errors<AccountError> = expected.iter().cloned().collect();
        let response = errors.to_response_in(&format, &Context::new().with_instance("req-1"));
        let decoded = format_decode(&format, &response);
        assert_eq!(decoded.instance.as_deref(), Some("req-1"));
        let codes: Vec<_> = decoded.errors.iter().map(|view| view.code.as_deref()).collect();
        assert_eq!(codes, [Some("EmailTaken"), Some("InvalidEmail")]);
        // Each item's members in the order the type wrote them.
        let keys: Vec<&str> = decoded.errors[1].fields.keys().collect();
        assert_eq!(keys, ["pointer", "details", "hint"]);
        let rebuilt: Vec<AccountError> = decoded.errors.iter().filter_map(AccountError::from_view).collect();
        assert_eq!(rebuilt, expected);
    }
}

/// The format's own decoder, called directly (what `decode_as` does for a type in `format`).
fn format_decode(format: &Nested, response: &errwire::http::Response<Vec<u8>>) -> DecodedResponse {
    use errwire::Format;
    format.decode(response.status().as_u16(), response.headers(), response.body()).unwrap()
}

#[test]
fn nested_keeps_body_order_and_rejects_other_shapes() {
    let body = br#"{"error":{"status":400,"code":"Bad","message":"m","zeta":1,"alpha":{"b":1},"Mid":null}}"#;
    let decoded = format_decode(&Nested, &errwire::http::Response::new(body.to_vec()));
    assert_eq!(decoded.errors[0].status, 400);
    assert_eq!(decoded.errors[0].fields.keys().collect::<Vec<_>>(), ["zeta", "alpha", "Mid"]);
    use errwire::Format;
    let headers = errwire::http::HeaderMap::new();
    assert!(Nested.decode(400, &headers, br#"{"other":{}}"#).is_err());
    assert!(Nested.decode(400, &headers, br#"[1]"#).is_err());
    assert!(Nested.decode(400, &headers, br#"{"error":{}} trailing"#).is_err());
}

/// `{"message":…}` carries no code and no members: variants without fields come back by
/// status and message.
#[test]
fn message_only_round_trips_by_status_and_message() {
    #[derive(Debug, PartialEq, ApiError)]
    #[api(format = MessageOnly, deserialize)]
    enum SessionError {
        #[api(status = 401, msg = "Session expired")]
        Expired,
        #[api(status = 401, msg = "Session revoked by {by}")]
        Revoked {
            #[api(header = "X-Revoked-By")]
            by: String,
        },
        #[api(status = 403)]
        Forbidden,
    }
    for error in
        [SessionError::Expired, SessionError::Revoked { by: "admin".into() }, SessionError::Forbidden]
    {
        let response = error.to_response();
        let decoded =
            decode_as::<SessionError>(response.status().as_u16(), response.headers(), response.body())
                .unwrap();
        assert_eq!(decoded.errors[0].code, None);
        assert_eq!(SessionError::from_view(&decoded.errors[0]), Some(error));
    }
}

//! The contenders of errwire's benchmarks: the same errors rendered into a complete HTTP response
//! (status, headers, JSON body bytes) by errwire, by the best hand-written code (the limit), and
//! by the peer crates (http-api-problem, problem_details, api-error).
//!
//! Every contender is a [`Contender`] of one group (a case, a body, a path); the criterion bench
//! (`benches/render.rs`), the allocation counter (`src/bin/allocs.rs`) and the callgrind driver
//! (`src/bin/render_n.rs`) all run [`contenders`], so they measure the same code. The tests
//! below check that the contenders of a group answer the same status, content type and body.
//! `BENCHMARKS.md` at the repository root has the figures.

pub mod fixtures;
pub mod grpc;
pub mod l10n;
pub mod limit;
pub mod peers;

use axum::response::IntoResponse;
use errwire::ApiError;
use http::Response;

pub use fixtures::Fixtures;

/// A rendered response: plain `http`, or axum's (body boxed).
pub enum Rendered {
    /// `http::Response<Vec<u8>>`.
    Http(Response<Vec<u8>>),
    /// `axum::response::Response`.
    Axum(axum::response::Response),
    /// `tonic::Status` (with google.rpc details).
    Grpc(tonic::Status),
}

/// The error being answered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Case {
    /// A 409 with two extra members and a message formatted from three fields.
    Conflict,
    /// A 500 whose source must not leak; it carries an instance id (problem+json).
    Internal,
    /// Ten validation errors answered together (`errwire::Errors`), 422.
    Validation,
    /// A 409 translated into German (feature `fluent`): one string and one number placeholder.
    Translated,
}

/// The body the contenders of a group produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Body {
    /// RFC 9457 problem+json.
    Problem,
    /// api-error's `{"message":"…"}`.
    Message,
    /// A `tonic::Status` with google.rpc details (no HTTP body).
    Grpc,
}

/// The response type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Via {
    /// `http::Response<Vec<u8>>`.
    Http,
    /// `axum::response::Response` through each contender's `IntoResponse`.
    Axum,
}

/// The name of the hand-written contender of every group.
pub const LIMIT: &str = "limit";

/// One way of rendering one case.
#[derive(Clone, Copy)]
pub struct Contender {
    /// `limit`, `errwire`, or the peer crate's name.
    pub name: &'static str,
    /// The case.
    pub case: Case,
    /// The body.
    pub body: Body,
    /// The response type.
    pub via: Via,
    /// Renders the case from the fixtures.
    pub render: fn(&Fixtures) -> Rendered,
}

impl Contender {
    /// The group: `409-problem`, `500-message-axum`, ….
    pub fn group(&self) -> String {
        let case = match self.case {
            Case::Conflict => "409",
            Case::Internal => "500",
            Case::Validation => "422x10",
            Case::Translated => "409de",
        };
        let body = match self.body {
            Body::Problem => "problem",
            Body::Message => "message",
            Body::Grpc => "grpc",
        };
        let via = match self.via {
            Via::Http => "",
            Via::Axum => "-axum",
        };
        format!("{case}-{body}{via}")
    }

    /// `group/name`, as the binaries take it on their command line.
    pub fn id(&self) -> String {
        format!("{}/{}", self.group(), self.name)
    }

    /// Whether this is the hand-written limit of its group.
    pub fn is_limit(&self) -> bool {
        self.name == LIMIT
    }

    /// The hand-written limit of this contender's group.
    pub fn limit(&self) -> Contender {
        let group = self.group();
        contenders()
            .into_iter()
            .find(|c| c.is_limit() && c.group() == group)
            .unwrap_or_else(|| unreachable!("every group has a limit"))
    }
}

/// The contender with this `group/name` id.
pub fn find(id: &str) -> Option<Contender> {
    contenders().into_iter().find(|c| c.id() == id)
}

macro_rules! contender {
    ($name:expr, $case:ident, $body:ident, $via:ident, |$f:ident| $render:expr) => {
        Contender {
            name: $name,
            case: Case::$case,
            body: Body::$body,
            via: Via::$via,
            render: |$f: &Fixtures| $render,
        }
    };
}

/// Every contender, grouped, the limit first in each group.
pub fn contenders() -> Vec<Contender> {
    use Rendered::{Axum, Grpc, Http};
    use peers::{api_error, http_api_problem as hap, problem_details as pd};
    vec![
        // 409, problem+json
        contender!(LIMIT, Conflict, Problem, Http, |f| Http(limit::problem(&f.plain_conflict))),
        contender!("errwire", Conflict, Problem, Http, |f| Http(f.conflict.to_response())),
        contender!("http-api-problem", Conflict, Problem, Http, |f| Http(hap::response(&hap::problem(
            &f.plain_conflict
        )))),
        contender!("problem_details", Conflict, Problem, Http, |f| Http(pd::response(&f.plain_conflict))),
        // 500, problem+json
        contender!(LIMIT, Internal, Problem, Http, |f| Http(limit::problem(&f.plain_internal))),
        contender!("errwire", Internal, Problem, Http, |f| Http(f.internal.to_response())),
        contender!("http-api-problem", Internal, Problem, Http, |f| Http(hap::response(&hap::problem(
            &f.plain_internal
        )))),
        contender!("problem_details", Internal, Problem, Http, |f| Http(pd::response(&f.plain_internal))),
        // 10 validation errors, problem+json
        contender!(LIMIT, Validation, Problem, Http, |f| Http(limit::problems(&f.plain_validation))),
        contender!("errwire", Validation, Problem, Http, |f| Http(f.validation.to_response())),
        contender!("http-api-problem", Validation, Problem, Http, |f| Http(hap::response(&hap::problems(
            &f.plain_validation
        )))),
        contender!("problem_details", Validation, Problem, Http, |f| Http(pd::responses(
            &f.plain_validation
        ))),
        // {"message"}
        contender!(LIMIT, Conflict, Message, Http, |f| Http(limit::message(&f.plain_conflict))),
        contender!("errwire", Conflict, Message, Http, |f| Http(f.message_conflict.to_response())),
        contender!("api-error", Conflict, Message, Http, |f| Http(api_error::response(&f.ae_conflict))),
        contender!(LIMIT, Internal, Message, Http, |f| Http(limit::message(&f.plain_internal))),
        contender!("errwire", Internal, Message, Http, |f| Http(f.message_internal.to_response())),
        contender!("api-error", Internal, Message, Http, |f| Http(api_error::response(&f.ae_internal))),
        // Through axum: the limit plus axum's body boxing, and each crate's own IntoResponse.
        contender!(LIMIT, Conflict, Problem, Axum, |f| Axum(
            limit::problem(&f.plain_conflict).map(axum::body::Body::from)
        )),
        contender!("errwire", Conflict, Problem, Axum, |f| Axum(f.conflict.clone().into_response())),
        contender!("http-api-problem", Conflict, Problem, Axum, |f| Axum(hap::axum(&f.plain_conflict))),
        contender!("problem_details", Conflict, Problem, Axum, |f| Axum(pd::axum(&f.plain_conflict))),
        contender!(LIMIT, Internal, Problem, Axum, |f| Axum(
            limit::problem(&f.plain_internal).map(axum::body::Body::from)
        )),
        contender!("errwire", Internal, Problem, Axum, |f| Axum(f.internal.clone().into_response())),
        contender!("http-api-problem", Internal, Problem, Axum, |f| Axum(hap::axum(&f.plain_internal))),
        contender!("problem_details", Internal, Problem, Axum, |f| Axum(pd::axum(&f.plain_internal))),
        contender!(LIMIT, Conflict, Message, Axum, |f| Axum(
            limit::message(&f.plain_conflict).map(axum::body::Body::from)
        )),
        contender!("errwire", Conflict, Message, Axum, |f| Axum(f.message_conflict.clone().into_response())),
        contender!("api-error", Conflict, Message, Axum, |f| Axum(api_error::axum(&f.ae_conflict))),
        contender!(LIMIT, Internal, Message, Axum, |f| Axum(
            limit::message(&f.plain_internal).map(axum::body::Body::from)
        )),
        contender!("errwire", Internal, Message, Axum, |f| Axum(f.message_internal.clone().into_response())),
        contender!("api-error", Internal, Message, Axum, |f| Axum(api_error::axum(&f.ae_internal))),
        // 409 in German, problem+json: a hand-written Fluent lookup and errwire's `fluent`.
        contender!(LIMIT, Translated, Problem, Http, |_f| Http(l10n::limit(&l10n::ERROR))),
        contender!("errwire", Translated, Problem, Http, |_f| Http(l10n::errwire(&l10n::ERROR))),
        // gRPC: the Status with its details, by hand with tonic-types and by errwire.
        contender!(LIMIT, Conflict, Grpc, Http, |f| Grpc(grpc::conflict(&f.plain_conflict))),
        contender!("errwire", Conflict, Grpc, Http, |f| Grpc(f.conflict.clone().into())),
        contender!(LIMIT, Validation, Grpc, Http, |f| Grpc(grpc::validation(&f.plain_validation))),
        contender!("errwire", Validation, Grpc, Http, |f| Grpc(errwire::tonic::errors_status(
            &f.validation,
            &Default::default()
        ))),
    ]
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::future::Future;
    use std::task::{Context, Poll, Waker};

    use http::HeaderMap;
    use serde_json::Value;

    use super::*;

    /// Status, headers and body bytes of a response of either kind; a gRPC status as its code,
    /// `application/grpc` and its details decoded into JSON (`ErrorInfo` metadata sorted: the
    /// encoding follows a `HashMap`'s order).
    fn parts(rendered: Rendered) -> (u16, HeaderMap, Vec<u8>) {
        match rendered {
            Rendered::Grpc(status) => {
                use tonic_types::{ErrorDetail, StatusExt};
                let details: Vec<Value> = status
                    .check_error_details_vec()
                    .unwrap()
                    .into_iter()
                    .map(|detail| match detail {
                        ErrorDetail::ErrorInfo(info) => {
                            let metadata: std::collections::BTreeMap<_, _> = info.metadata.into_iter().collect();
                            serde_json::json!({"reason": info.reason, "domain": info.domain, "metadata": metadata})
                        }
                        ErrorDetail::BadRequest(bad) => Value::from_iter(
                            bad.field_violations.into_iter().map(|v| serde_json::json!([v.field, v.description])),
                        ),
                        other => panic!("unexpected detail {other:?}"),
                    })
                    .collect();
                let body = serde_json::json!({"message": status.message(), "details": details});
                let mut headers = HeaderMap::new();
                headers.insert("content-type", http::HeaderValue::from_static("application/grpc"));
                (status.code() as u16, headers, serde_json::to_vec(&body).unwrap())
            }
            Rendered::Http(response) => {
                let (parts, body) = response.into_parts();
                (parts.status.as_u16(), parts.headers, body)
            }
            Rendered::Axum(response) => {
                let (parts, body) = response.into_parts();
                // Every body here is a buffer: ready at the first poll.
                let mut future = std::pin::pin!(axum::body::to_bytes(body, usize::MAX));
                let Poll::Ready(Ok(bytes)) = future.as_mut().poll(&mut Context::from_waker(Waker::noop()))
                else {
                    panic!("an axum body that is not a ready buffer");
                };
                (parts.status.as_u16(), parts.headers, bytes.to_vec())
            }
        }
    }

    /// The body as JSON, its `instance` (when it has one) checked to hold a generated UUID and
    /// masked. (problem_details can't write the `urn:uuid:` prefix: its `instance` is an
    /// `http::Uri`, which takes no URN.)
    fn masked(body: &[u8]) -> Value {
        let mut value: Value = serde_json::from_slice(body).unwrap();
        if let Some(instance) = value.get_mut("instance") {
            let id = instance.as_str().unwrap();
            let uuid = id.strip_prefix("urn:uuid:").unwrap_or(id);
            assert!(uuid.len() == 36 && uuid.split('-').count() == 5, "instance {id}");
            *instance = Value::from("…");
        }
        value
    }

    /// The instance id's digits replaced, for comparing bytes.
    fn masked_bytes(body: &[u8]) -> String {
        let text = std::str::from_utf8(body).unwrap().to_owned();
        match text.find(r#""instance":""#) {
            Some(at) => {
                let start = at + r#""instance":""#.len();
                let end = start + text[start..].find('"').unwrap();
                format!("{}{}{}", &text[..start], "urn:uuid:…", &text[end..])
            }
            None => text,
        }
    }

    #[test]
    fn every_group_has_one_limit_and_unique_ids() {
        let all = contenders();
        let ids: BTreeSet<String> = all.iter().map(Contender::id).collect();
        assert_eq!(ids.len(), all.len());
        for contender in &all {
            assert_eq!(all.iter().filter(|c| c.is_limit() && c.group() == contender.group()).count(), 1);
            assert_eq!(find(&contender.id()).map(|c| c.id()), Some(contender.id()));
        }
    }

    /// Same status, content type and JSON body as the limit; errwire's body is the limit's bytes.
    #[test]
    fn contenders_answer_what_the_limit_answers() {
        let fixtures = Fixtures::new();
        for contender in contenders() {
            let id = contender.id();
            let (status, headers, body) = parts((contender.render)(&fixtures));
            let (limit_status, limit_headers, limit_body) = parts((contender.limit().render)(&fixtures));
            assert_eq!(status, limit_status, "{id}");
            assert_eq!(headers["content-type"], limit_headers["content-type"], "{id}");
            assert_eq!(masked(&body), masked(&limit_body), "{id}");
            if contender.name == "errwire" {
                assert_eq!(masked_bytes(&body), masked_bytes(&limit_body), "{id}");
            }
        }
    }

    #[test]
    fn the_bodies_are_the_documented_ones() {
        let fixtures = Fixtures::new();
        let body = |id: &str| masked_bytes(&parts((find(id).unwrap().render)(&fixtures)).2);
        assert_eq!(
            body("409de-problem/errwire"),
            r#"{"type":"about:blank","title":"Konflikt","status":409,"detail":"Deployment api-gateway wurde geändert: aktuell ist Version 42","currentVersion":42}"#
        );
        for id in ["409de-problem/limit", "409de-problem/errwire"] {
            assert_eq!(parts((find(id).unwrap().render)(&fixtures)).1["content-language"], "de", "{id}");
        }
        assert_eq!(
            body("409-problem/limit"),
            r#"{"type":"about:blank","title":"Conflict","status":409,"detail":"Deployment api-gateway was changed: expected version 41, found 42","expectedVersion":41,"currentVersion":42}"#
        );
        assert_eq!(
            body("500-problem/limit"),
            r#"{"type":"about:blank","title":"Internal Server Error","status":500,"detail":"Internal Server Error","instance":"urn:uuid:…"}"#
        );
        assert!(body("422x10-problem/limit").starts_with(
            r#"{"type":"about:blank","title":"Unprocessable Entity","status":422,"errors":[{"detail":"Field items[0].name must be at most 64 characters","field":"items[0].name","max":64},"#
        ));
        assert_eq!(
            body("409-message/limit"),
            r#"{"message":"Deployment api-gateway was changed: expected version 41, found 42"}"#
        );
        assert_eq!(body("500-message/api-error"), r#"{"message":"Internal Server Error"}"#);
    }

    /// The source's text never reaches a body, whoever renders it.
    #[test]
    fn no_body_leaks_the_source() {
        let fixtures = Fixtures::new();
        for contender in contenders() {
            let body = parts((contender.render)(&fixtures)).2;
            assert!(!String::from_utf8(body).unwrap().contains("connection"), "{}", contender.id());
        }
    }

    /// errwire's 500 in a body without an `instance` member sends the id as `x-request-id`.
    #[test]
    fn message_bodies_carry_the_instance_as_a_header() {
        let fixtures = Fixtures::new();
        let headers = parts((find("500-message/errwire").unwrap().render)(&fixtures)).1;
        assert_eq!(headers["x-request-id"].len(), 45);
    }
}

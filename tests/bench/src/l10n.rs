//! The translated render (errwire's feature `fluent`): a 409 in German, its message naming one
//! string and one number, against a hand-written Fluent lookup that produces the same response.
//!
//! The hand-written one knows the language already (no `Accept-Language` to negotiate) and
//! builds its `FluentBundle` once; per render it formats the message with `FluentArgs` and the
//! title, then writes the same body and headers. errwire also negotiates the language from the
//! context's `Accept-Language` value on every render.

use std::sync::LazyLock;

use errwire::{ApiError, Context};
use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource};
use http::header::{CONTENT_LANGUAGE, CONTENT_TYPE};
use http::{HeaderValue, Response, StatusCode};
use serde::Serialize;

use crate::fixtures::{CURRENT_VERSION, DEPLOYMENT};
use crate::limit::PROBLEM_JSON;

/// The error, with its German translation in `tests/bench/locales/de.ftl`.
#[derive(Debug, Clone, thiserror::Error, errwire::ApiError)]
#[api(rename_all = "camelCase", locales = "locales")]
pub enum LocalizedError {
    /// Somebody else changed the deployment since it was read.
    #[error("deployment {deployment} changed, now at version {current_version}")]
    #[api(
        status = 409,
        code = "ConcurrentModification",
        msg = "Deployment {deployment} was changed: version {current_version} is current"
    )]
    Conflict {
        #[api(skip)]
        deployment: &'static str,
        current_version: u64,
    },
}

/// The error every translated render answers.
pub const ERROR: LocalizedError =
    LocalizedError::Conflict { deployment: DEPLOYMENT, current_version: CURRENT_VERSION };

/// The language requested.
pub const LANGUAGE: &str = "de";

/// errwire: the error in the language of `Context::with_locale`.
pub fn errwire(error: &LocalizedError) -> Response<Vec<u8>> {
    error.to_response_with(&Context::new().with_locale(LANGUAGE))
}

/// The hand-written lookup's bundle: the same resource, parsed once.
static BUNDLE: LazyLock<FluentBundle<FluentResource>> = LazyLock::new(|| {
    let source = include_str!("../locales/de.ftl").to_owned();
    let resource = FluentResource::try_new(source).unwrap_or_else(|(resource, _)| resource);
    let mut bundle = FluentBundle::new_concurrent(vec![
        LANGUAGE.parse::<unic_langid::LanguageIdentifier>().unwrap_or_default(),
    ]);
    bundle.set_use_isolating(false);
    let _ = bundle.add_resource(resource);
    bundle
});

/// The body the hand-written lookup writes: the same members as errwire's.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Problem<'a> {
    r#type: &'static str,
    title: &'a str,
    status: u16,
    detail: &'a str,
    current_version: u64,
}

/// By hand: the message and title from the bundle with `FluentArgs`, then the body and headers.
pub fn limit(error: &LocalizedError) -> Response<Vec<u8>> {
    let LocalizedError::Conflict { deployment, current_version } = *error;
    let bundle = &*BUNDLE;
    let mut errors = Vec::new();
    let Some(message) = bundle.get_message("ConcurrentModification") else { return Response::default() };
    let mut args = FluentArgs::new();
    args.set("deployment", deployment);
    args.set("current_version", current_version);
    let detail = match message.value() {
        Some(pattern) => bundle.format_pattern(pattern, Some(&args), &mut errors),
        None => return Response::default(),
    };
    let title = match message.get_attribute("title") {
        Some(title) => bundle.format_pattern(title.value(), None, &mut errors),
        None => "Conflict".into(),
    };
    let problem =
        Problem { r#type: "about:blank", title: &title, status: 409, detail: &detail, current_version };
    let mut body = Vec::with_capacity(256);
    if serde_json::to_writer(&mut body, &problem).is_err() {
        return Response::default();
    }
    Response::builder()
        .status(StatusCode::CONFLICT)
        .header(CONTENT_TYPE, PROBLEM_JSON)
        .header(CONTENT_LANGUAGE, HeaderValue::from_static(LANGUAGE))
        .body(body)
        .unwrap_or_default()
}

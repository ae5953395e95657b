//! Feature `tracing`: a 5xx is logged in one event with the response's instance id and the whole
//! source chain, which the body never shows.

#[path = "support/documented.rs"]
mod documented;

use std::io::Write;
use std::sync::{Arc, Mutex};

use errwire::{ApiError, Context};

#[derive(Debug, thiserror::Error)]
#[error("pool exhausted after 30s")]
struct PoolError {
    #[source]
    cause: std::io::Error,
}

#[derive(Debug, thiserror::Error, ApiError)]
enum StoreError {
    #[error("saving deployment {id} failed")]
    #[api(status = 500, code = "General", msg = "Write operations are temporarily unavailable")]
    Save {
        #[api(skip)]
        id: u64,
        #[source]
        source: PoolError,
    },
    #[error("deployment {0} missing")]
    #[api(status = 404, code = "ResourceNotFound", msg = "Deployment {0} does not exist")]
    Missing(u64),
}

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(bytes);
        Ok(bytes.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Log levels are process-wide: tests that depend on them run one at a time.
static LEVELS: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Runs `render` under a subscriber that records every event at `level` and above.
fn capture(level: tracing::Level, render: impl FnOnce() -> http::Response<Vec<u8>>) -> (String, String) {
    let _levels = LEVELS.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(level)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let response = tracing::subscriber::with_default(subscriber, render);
    let log = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    (String::from_utf8(response.into_body()).unwrap(), log)
}

fn save_error() -> StoreError {
    let cause = std::io::Error::other("connection to 10.0.0.7:5432 refused");
    StoreError::Save { id: 42, source: PoolError { cause } }
}

#[test]
fn a_500_is_logged_with_its_instance_and_source_chain() {
    let (body, log) = capture(tracing::Level::ERROR, || save_error().to_response());
    let instance =
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["instance"].as_str().unwrap().to_owned();
    let lines: Vec<&str> = log.lines().collect();
    assert_eq!(lines.len(), 1, "one event: {log}");
    let event = lines[0];
    assert!(event.contains(" ERROR "), "{event}");
    assert!(event.contains(&format!("instance=\"{instance}\"")), "{event}");
    assert!(event.contains("status=500"), "{event}");
    assert!(event.contains("code=\"General\""), "{event}");
    for message in
        ["saving deployment 42 failed", "pool exhausted after 30s", "connection to 10.0.0.7:5432 refused"]
    {
        assert!(event.contains(message), "{message:?} missing from {event}");
        assert!(!body.contains(message), "{message:?} leaked into {body}");
    }
}

#[test]
fn a_caller_supplied_instance_is_the_logged_one() {
    let (body, log) = capture(tracing::Level::ERROR, || {
        save_error().to_response_with(&Context::new().with_instance("req-7f3a"))
    });
    assert!(body.contains(r#""instance":"req-7f3a""#), "{body}");
    assert!(log.contains(r#"instance="req-7f3a""#), "{log}");
}

#[test]
fn a_4xx_is_logged_at_debug_only() {
    let (_, log) = capture(tracing::Level::INFO, || StoreError::Missing(5).to_response());
    assert_eq!(log, "");
    let (_, log) = capture(tracing::Level::DEBUG, || StoreError::Missing(5).to_response());
    assert!(log.contains(" DEBUG "), "{log}");
    assert!(log.contains("deployment 5 missing"), "{log}");
}

#[test]
fn log_levels_are_configurable() {
    use errwire::{LogLevel, set_log_levels};
    let logged_at = |level: tracing::Level, server: LogLevel, client: LogLevel, error: fn() -> StoreError| {
        capture(level, || {
            set_log_levels(server, client);
            let response = error().to_response();
            set_log_levels(LogLevel::Error, LogLevel::Debug);
            response
        })
        .1
    };
    let log = logged_at(tracing::Level::INFO, LogLevel::Error, LogLevel::Info, || StoreError::Missing(1));
    assert!(log.contains(" INFO ") && log.contains("deployment 1 missing"), "{log}");
    let log = logged_at(tracing::Level::TRACE, LogLevel::Off, LogLevel::Debug, save_error);
    assert_eq!(log, "");
    let log = logged_at(tracing::Level::TRACE, LogLevel::Warn, LogLevel::Debug, save_error);
    assert!(log.contains(" WARN "), "{log}");
}

/// A source error whose text carries outside input (here a request path with an encoded line
/// break) can't write a line of its own into the log: the chain is one quoted, escaped value.
#[test]
fn outside_text_cannot_forge_a_log_line() {
    let forged = "GET /x\n2026-01-01T00:00:00Z  INFO auth: user=admin \"quoted\" \u{1b}[31m";
    let error = StoreError::Save { id: 1, source: PoolError { cause: std::io::Error::other(forged) } };
    let (_, log) = capture(tracing::Level::ERROR, || error.to_response());
    assert_eq!(log.lines().count(), 1, "one line: {log}");
    assert!(
        log.contains(r#"GET /x\n2026-01-01T00:00:00Z  INFO auth: user=admin \"quoted\" \u{001b}[31m"#),
        "{log}"
    );
    assert!(!log.contains('\u{1b}'), "{log:?}");
}

/// The request's own id is logged as a field of its own, beside the instance id the response
/// carries, so the id the client quotes is in the log whichever it quotes.
#[test]
fn the_request_id_is_logged_beside_the_instance() {
    let mut headers = http::HeaderMap::new();
    headers.insert("x-request-id", http::HeaderValue::from_static("req-9"));
    let scope = errwire::RequestScope::new().request_id_from(&headers);
    let (body, log) = capture(tracing::Level::ERROR, || scope.run(|| save_error().to_response()));
    let instance =
        serde_json::from_str::<serde_json::Value>(&body).unwrap()["instance"].as_str().unwrap().to_owned();
    assert!(log.contains(&format!(r#"instance="{instance}""#)), "{log}");
    assert!(log.contains(r#"request_id="req-9""#), "{log}");
}

/// A source whose `Display` fails doesn't hide the rest of the chain or panic the log line.
#[test]
fn a_failing_display_in_the_chain_is_marked_not_fatal() {
    #[derive(Debug)]
    struct Broken;
    impl std::fmt::Display for Broken {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("half")?;
            Err(std::fmt::Error)
        }
    }
    impl std::error::Error for Broken {}
    #[derive(Debug, thiserror::Error, ApiError)]
    #[error("outer")]
    #[api(status = 502)]
    struct Outer(#[source] Broken);
    let (body, log) = capture(tracing::Level::ERROR, || Outer(Broken).to_response());
    assert!(body.contains(r#""status":502"#), "{body}");
    assert!(log.contains(r#"error="outer: half<Display failed>""#), "{log}");
}

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_store_error_is_documented() {
    documented::assert_documented(&[save_error(), StoreError::Missing(5)]);
}

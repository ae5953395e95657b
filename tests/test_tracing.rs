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

// ----- The OpenAPI document: every variant, rendered, against its schema ------------------------

#[test]
fn every_store_error_is_documented() {
    documented::assert_documented(&[save_error(), StoreError::Missing(5)]);
}

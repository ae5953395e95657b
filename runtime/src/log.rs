//! Logging of rendered errors (feature `tracing`): one event per error with its status, code,
//! instance id and whole source chain; 5xx at `error`, 4xx at `debug` unless configured.

use core::sync::atomic::{AtomicU8, Ordering};

use crate::format::Renderable;

/// A level for [`set_log_levels`]; `Off` logs nothing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum LogLevel {
    /// Not logged.
    Off,
    /// `tracing::Level::ERROR`.
    Error,
    /// `tracing::Level::WARN`.
    Warn,
    /// `tracing::Level::INFO`.
    Info,
    /// `tracing::Level::DEBUG`.
    Debug,
    /// `tracing::Level::TRACE`.
    Trace,
}

static SERVER_ERRORS: AtomicU8 = AtomicU8::new(LogLevel::Error as u8);
static CLIENT_ERRORS: AtomicU8 = AtomicU8::new(LogLevel::Debug as u8);

/// Sets the levels at which rendered 5xx and 4xx errors are logged, for the whole process
/// (defaults: `Error` and `Debug`). Without the `tracing` feature nothing is logged anyway.
///
/// ```
/// use errwire::{LogLevel, set_log_levels};
///
/// // Client errors are worth a look in this service.
/// set_log_levels(LogLevel::Error, LogLevel::Info);
/// # set_log_levels(LogLevel::Error, LogLevel::Debug);
/// ```
pub fn set_log_levels(server_errors: LogLevel, client_errors: LogLevel) {
    SERVER_ERRORS.store(server_errors as u8, Ordering::Relaxed);
    CLIENT_ERRORS.store(client_errors as u8, Ordering::Relaxed);
}

#[cfg(feature = "tracing")]
fn level_for(status: u16) -> LogLevel {
    let level = if status >= 500 { &SERVER_ERRORS } else { &CLIENT_ERRORS };
    match level.load(Ordering::Relaxed) {
        1 => LogLevel::Error,
        2 => LogLevel::Warn,
        3 => LogLevel::Info,
        4 => LogLevel::Debug,
        5 => LogLevel::Trace,
        _ => LogLevel::Off,
    }
}

/// The error's message and every source below it, joined with `": "`.
#[cfg(feature = "tracing")]
struct Chain<'a>(&'a (dyn core::error::Error + 'a));

#[cfg(feature = "tracing")]
impl core::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        while let Some(error) = source {
            write!(f, ": {error}")?;
            source = error.source();
        }
        Ok(())
    }
}

/// Logs one rendered error at its configured level.
#[cfg(feature = "tracing")]
pub(crate) fn log<E: Renderable + ?Sized>(error: &E, instance: Option<&str>) {
    let (status, code) = (error.status().as_u16(), error.code());
    let chain = Chain(error.as_dyn_error());
    let message = if status >= 500 { "server error response" } else { "client error response" };
    // tracing's macros need a level known at compile time: one call per level.
    match level_for(status) {
        LogLevel::Off => {}
        LogLevel::Error => tracing::error!(status, code, instance, error = %chain, "{message}"),
        LogLevel::Warn => tracing::warn!(status, code, instance, error = %chain, "{message}"),
        LogLevel::Info => tracing::info!(status, code, instance, error = %chain, "{message}"),
        LogLevel::Debug => tracing::debug!(status, code, instance, error = %chain, "{message}"),
        LogLevel::Trace => tracing::trace!(status, code, instance, error = %chain, "{message}"),
    }
}

#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) fn log<E: Renderable + ?Sized>(_: &E, _: Option<&str>) {}

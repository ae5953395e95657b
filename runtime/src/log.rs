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
///
/// Each error's `Display` is written whole even when it fails (`<Display failed>` stands for
/// the rest), so that a broken source can't hide the ones below it or turn the log line into a
/// panic.
#[cfg(feature = "tracing")]
struct Chain<'a>(&'a (dyn core::error::Error + 'a));

#[cfg(feature = "tracing")]
impl core::fmt::Display for Chain<'_> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let mut error = Some(self.0);
        let mut first = true;
        while let Some(current) = error {
            if !first {
                f.write_str(": ")?;
            }
            first = false;
            write_display(f, current)?;
            error = current.source();
        }
        Ok(())
    }
}

/// Writes `value`'s `Display` into `f`; a failing `Display` (not a failing `f`) ends with a
/// marker instead of failing the whole line.
#[cfg(feature = "tracing")]
pub(crate) fn write_display(
    f: &mut dyn core::fmt::Write,
    value: &dyn core::fmt::Display,
) -> core::fmt::Result {
    let mut tracked = crate::format::Tracked { out: f, failed: false };
    match core::fmt::write(&mut tracked, format_args!("{value}")) {
        Ok(()) => Ok(()),
        Err(error) if tracked.failed => Err(error),
        Err(_) => tracked.out.write_str("<Display failed>"),
    }
}

/// A value logged as one double-quoted string: `"` and `\` escaped, and every control
/// character (a line break above all) written as an escape, so that text from outside (a
/// source error quoting the request, a client's id) can't end the field or the log line, or
/// write a fake one.
#[cfg(feature = "tracing")]
pub(crate) struct Quoted<T>(pub(crate) T);

#[cfg(feature = "tracing")]
impl<T: core::fmt::Display> core::fmt::Display for Quoted<T> {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        struct Escape<'a, 'b>(&'a mut core::fmt::Formatter<'b>);
        impl core::fmt::Write for Escape<'_, '_> {
            fn write_str(&mut self, s: &str) -> core::fmt::Result {
                let mut start = 0;
                for (at, ch) in s.char_indices() {
                    let escaped =
                        matches!(ch, '"' | '\\') || ch.is_control() || matches!(ch, '\u{2028}' | '\u{2029}');
                    if escaped {
                        self.0.write_str(&s[start..at])?;
                        match ch {
                            '"' => self.0.write_str("\\\"")?,
                            '\\' => self.0.write_str("\\\\")?,
                            '\n' => self.0.write_str("\\n")?,
                            '\r' => self.0.write_str("\\r")?,
                            '\t' => self.0.write_str("\\t")?,
                            other => write!(self.0, "\\u{{{:04x}}}", u32::from(other))?,
                        }
                        start = at + ch.len_utf8();
                    }
                }
                self.0.write_str(&s[start..])
            }
        }
        f.write_str("\"")?;
        write_display(&mut Escape(f), &self.0)?;
        f.write_str("\"")
    }
}

/// Logs one rendered error at its configured level, or at `error` when its body failed to
/// serialize (`failure`) and a 500 was sent instead. Every value that can carry outside text
/// (the source chain, a caller's instance id, the request's id, the failure) is quoted.
#[cfg(feature = "tracing")]
pub(crate) fn log<E: Renderable + ?Sized>(
    error: &E,
    instance: Option<&str>,
    request_id: Option<&str>,
    failure: Option<&serde_json::Error>,
) {
    let (status, code) = (error.status().as_u16(), error.code());
    let chain = Quoted(Chain(error.as_dyn_error()));
    let instance = instance.map(Quoted);
    let instance = instance.as_ref().map(tracing::field::display);
    let request_id = request_id.map(Quoted);
    let request_id = request_id.as_ref().map(tracing::field::display);
    if let Some(failure) = failure {
        let failure = Quoted(failure);
        tracing::error!(status, code, instance, request_id, error = %chain, failure = %failure, "error body failed to serialize; sent a 500 instead");
        return;
    }
    let message = if status >= 500 { "server error response" } else { "client error response" };
    // tracing's macros need a level known at compile time: one call per level.
    match level_for(status) {
        LogLevel::Off => {}
        LogLevel::Error => tracing::error!(status, code, instance, request_id, error = %chain, "{message}"),
        LogLevel::Warn => tracing::warn!(status, code, instance, request_id, error = %chain, "{message}"),
        LogLevel::Info => tracing::info!(status, code, instance, request_id, error = %chain, "{message}"),
        LogLevel::Debug => tracing::debug!(status, code, instance, request_id, error = %chain, "{message}"),
        LogLevel::Trace => tracing::trace!(status, code, instance, request_id, error = %chain, "{message}"),
    }
}

#[cfg(not(feature = "tracing"))]
#[inline(always)]
pub(crate) fn log<E: Renderable + ?Sized>(
    _: &E,
    _: Option<&str>,
    _: Option<&str>,
    _: Option<&serde_json::Error>,
) {
}

//! Where `fngate`'s logs go and in which shape: `tracing` events, as text or as
//! one JSON object per line, through the gateway's buffered log writer.

use std::io::IsTerminal;

use clap::ValueEnum;
use fngate_gateway::LogWriter;
use tracing_subscriber::fmt::format::debug_fn;

/// The shape of log lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub(crate) enum LogFormat {
    /// Human-readable lines: time, level, message.
    #[default]
    Text,
    /// One JSON object per line: timestamp, level, target, message and the
    /// request's fields (request_id, function, stage, route, …).
    Json,
}

/// Fields that text lines leave out because the message already says them.
const SAID_IN_THE_MESSAGE: &[&str] = &["request_id", "function", "stage", "route", "status", "duration_ms"];

/// Installs the global subscriber.
pub(crate) fn init(format: LogFormat, verbose: bool) {
    let level = if verbose { tracing::Level::DEBUG } else { tracing::Level::INFO };
    let builder = tracing_subscriber::fmt().with_writer(|| LogWriter).with_max_level(level);
    match format {
        LogFormat::Text => builder
            .with_ansi(std::io::stderr().is_terminal())
            .with_target(false)
            .fmt_fields(debug_fn(|w, field, value| match field.name() {
                "message" => write!(w, "{value:?}"),
                name if SAID_IN_THE_MESSAGE.contains(&name) => Ok(()),
                name => write!(w, "{name}={value:?} "),
            }))
            .init(),
        LogFormat::Json => {
            builder.json().flatten_event(true).with_current_span(false).with_span_list(false).init()
        }
    }
}

//! Where `fngate`'s logs go and in which shape: `tracing` events, as text or as
//! one JSON object per line, through the gateway's buffered log writer.

use std::io::IsTerminal;

use clap::ValueEnum;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::format::debug_fn;
use tracing_subscriber::prelude::*;

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
const SAID_IN_THE_MESSAGE: &[&str] =
    &["request_id", "function", "stage", "route", "status", "duration_ms", "trigger", "outcome", "client"];

/// The variables that filter the logs, first found wins (`tracing`'s directive
/// syntax: `info`, `fngate::access=warn,debug`).
const FILTER_VARS: [&str; 2] = ["FNGATE_LOG", "RUST_LOG"];

/// Whether stderr gets colours: a terminal, and `NO_COLOR` unset or empty (no-color.org).
pub(crate) fn colors() -> bool {
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
}

/// Installs the global subscriber; an error names a filter variable that does not parse.
pub(crate) fn init(format: LogFormat, verbose: bool) -> Result<(), String> {
    let level = if verbose { LevelFilter::DEBUG } else { LevelFilter::INFO };
    // wasmtime-wasi wraps every WASI call a guest makes in an INFO span. fngate's
    // lines never show spans, yet an enabled span is still built and its fields
    // formatted: measured, ~25% of the gateway's instructions per request. Only
    // its warnings pass, unless a filter names it.
    let targets = Targets::new().with_default(level).with_target("wasmtime_wasi", LevelFilter::WARN);
    // One global filter (cheaper per event than a per-layer one): the targets
    // above, or the filter a variable gives.
    let (targets, from_env) = match FILTER_VARS
        .iter()
        .find_map(|name| Some((name, std::env::var(name).ok().filter(|v| !v.is_empty())?)))
    {
        None => (Some(targets), None),
        Some((name, value)) => {
            let mut filter = EnvFilter::try_new(&value).map_err(|e| format!("{name}={value:?}: {e}"))?;
            if !value.contains("wasmtime_wasi") {
                filter = filter.add_directive("wasmtime_wasi=warn".parse().expect("a valid directive"));
            }
            (None, Some(filter))
        }
    };
    crate::progress::init(format == LogFormat::Text);
    let layer = tracing_subscriber::fmt::layer().with_writer(|| crate::progress::CliLogWriter);
    let registry = tracing_subscriber::registry().with(targets).with(from_env);
    match format {
        LogFormat::Text => registry
            .with(layer.with_ansi(colors()).with_target(false).fmt_fields(debug_fn(|w, field, value| {
                match field.name() {
                    "message" => write!(w, "{value:?}"),
                    name if SAID_IN_THE_MESSAGE.contains(&name) => Ok(()),
                    name => write!(w, "{name}={value:?} "),
                }
            })))
            .init(),
        LogFormat::Json => registry
            .with(layer.json().flatten_event(true).with_current_span(false).with_span_list(false))
            .init(),
    }
    Ok(())
}

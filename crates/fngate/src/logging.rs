//! Where `fngate`'s logs go and in which shape: `tracing` events, as text or as
//! one JSON object per line, through the gateway's buffered log writer.

use clap::ValueEnum;
use fngate_gateway::request_log::{self, LineShape};
use std::io::Write as _;
use tracing::Subscriber;
use tracing::level_filters::LevelFilter;
use tracing_subscriber::EnvFilter;
use tracing_subscriber::Layer;
use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::fmt::format::debug_fn;
use tracing_subscriber::prelude::*;
use tracing_subscriber::registry::LookupSpan;

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
    let writer = || crate::progress::CliLogWriter;
    let registry = tracing_subscriber::registry().with(targets).with(from_env);
    let ansi = crate::progress::colors();
    match format {
        LogFormat::Text => registry.with(text_layer(writer, ansi)).init(),
        LogFormat::Json => registry.with(json_layer(writer)).init(),
    }
    // Requests' own lines are formatted by the gateway in the same shape
    // (tests below hold the two to the same bytes), in one write per request.
    let shape = match format {
        LogFormat::Text => LineShape::Text { ansi },
        LogFormat::Json => LineShape::Json,
    };
    request_log::format_directly(shape, |lines| {
        let _ = crate::progress::CliLogWriter.write_all(lines);
    });
    Ok(())
}

/// The text lines' layer: time, level, message, and the fields the message does not say.
fn text_layer<S, W>(writer: W, ansi: bool) -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer().with_writer(writer).with_ansi(ansi).with_target(false).fmt_fields(
        debug_fn(|w, field, value| match field.name() {
            "message" => write!(w, "{value:?}"),
            name if SAID_IN_THE_MESSAGE.contains(&name) => Ok(()),
            name => write!(w, "{name}={value:?} "),
        }),
    )
}

/// The JSON lines' layer: one flat object per event.
fn json_layer<S, W>(writer: W) -> impl Layer<S>
where
    S: Subscriber + for<'a> LookupSpan<'a>,
    W: for<'w> MakeWriter<'w> + Send + Sync + 'static,
{
    tracing_subscriber::fmt::layer()
        .with_writer(writer)
        .json()
        .flatten_event(true)
        .with_current_span(false)
        .with_span_list(false)
}

#[cfg(test)]
mod tests {
    use std::sync::Mutex;
    use std::time::SystemTime;

    use fngate_gateway::request_log::{RequestLog, Tags};

    use super::*;

    static TRACED: Mutex<Vec<u8>> = Mutex::new(Vec::new());
    static DIRECT: Mutex<Vec<u8>> = Mutex::new(Vec::new());

    struct Traced;
    impl std::io::Write for Traced {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            TRACED.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    /// A request's lines: START, a Report with its precise duration, an
    /// access line with its API and one without, messages needing escapes.
    fn lines(log: &mut RequestLog) {
        let tags = Tags { request_id: "0123abcd", function: "hello", stage: "release", route: "/hi\"there" };
        let at = SystemTime::now();
        log.scf(at, &tags, None, format_args!("START RequestId:{}", tags.request_id));
        log.scf(at, &tags, None, format_args!("[hello 0123abcd] tab\tquote\" \\u{{1b}}"));
        let memory = 1.0625;
        log.scf(
            at,
            &tags,
            Some(0.29366899999999996),
            format_args!("Report RequestId:0123abcd MemUsage:{memory}MB"),
        );
        let client = "2001:db8::1";
        log.access(
            Some(&tags),
            "0123abcd",
            (200, 0.61131, client),
            format_args!("POST /release/hi 200 0.611ms"),
        );
        log.access(None, "0123abcd", (404, 1e-7, client), format_args!("GET /nope 404 0.000ms"));
        log.write();
    }

    /// Both outputs with their timestamps (the only difference left) blanked.
    fn compare(traced: &[u8], direct: &[u8]) {
        let blank = |bytes: &[u8]| {
            let text = String::from_utf8(bytes.to_vec()).unwrap();
            let mut out = String::new();
            let mut rest = text.as_str();
            while let Some(at) = rest.find("Z") {
                let (head, tail) = rest.split_at(at + 1);
                let stamp = head.len() >= 27
                    && head.as_bytes()[head.len() - 27..].iter().take(4).all(u8::is_ascii_digit)
                    && head.as_bytes()[head.len() - 17] == b'T';
                match stamp {
                    true => out.push_str(&format!("{}<time>", &head[..head.len() - 27])),
                    false => out.push_str(head),
                }
                rest = tail;
            }
            out.push_str(rest);
            out
        };
        let (traced, direct) = (blank(traced), blank(direct));
        assert_eq!(direct, traced);
        assert_eq!(traced.lines().count(), 5, "{traced}");
        assert_eq!(traced.matches("<time>").count(), 5, "{traced}");
    }

    fn check(shape: LineShape) {
        let subscriber = tracing_subscriber::registry();
        let dispatch: tracing::Dispatch = match shape {
            LineShape::Text { ansi } => subscriber.with(text_layer(|| Traced, ansi)).into(),
            LineShape::Json => subscriber.with(json_layer(|| Traced)).into(),
        };
        tracing::dispatcher::with_default(&dispatch, || {
            lines(&mut RequestLog::traced());
            lines(&mut RequestLog::shaped(shape, |b| DIRECT.lock().unwrap().extend_from_slice(b)));
        });
        let traced = std::mem::take(&mut *TRACED.lock().unwrap());
        let direct = std::mem::take(&mut *DIRECT.lock().unwrap());
        compare(&traced, &direct);
    }

    /// The gateway's own formatting of request lines gives the subscriber's bytes.
    #[test]
    fn request_lines_look_as_the_subscriber_prints_them() {
        // One test, shapes in turn: the buffers are shared.
        check(LineShape::Text { ansi: false });
        check(LineShape::Text { ansi: true });
        check(LineShape::Json);
    }
}

//! A request's own log lines (SCF START, the function's lines, END, Report
//! and the access line): formatted here, in the shape the binary's `tracing`
//! subscriber prints, and handed to the log writer in as few pieces as their
//! order allows (the closing lines and the access line in one).
//!
//! Through `tracing`, each line was an event of its own: dispatched, its fields
//! visited, its time formatted, and appended to the log under a lock, about a
//! tenth of a warm request's CPU. The binary says how its subscriber shapes
//! lines ([`format_directly`]); until it does (a library user, a test), every
//! line is a `tracing` event as before.

use std::fmt::{self, Write as _};
use std::io::Write as _;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use tracing::Level;

/// How the binary's subscriber prints a line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineShape {
    /// `2026-12-05T04:55:29.898925Z  INFO message`, the time dimmed and the
    /// level green when `ansi`; no fields (the message says them).
    Text {
        /// Whether the line carries ANSI colours.
        ansi: bool,
    },
    /// One JSON object per line: timestamp, level, message, the fields, target.
    Json,
}

/// Where lines go when formatted here.
#[derive(Clone, Copy)]
struct Direct {
    shape: LineShape,
    write: fn(&[u8]),
}

static DIRECT: OnceLock<Direct> = OnceLock::new();

/// Formats requests' lines here in `shape` from now on and hands them to `write`,
/// which must append to the same log the subscriber writes (the first call wins).
/// Filters still apply: a target the subscriber has off gets no line.
pub fn format_directly(shape: LineShape, write: fn(&[u8])) {
    let _ = DIRECT.set(Direct { shape, write });
}

/// The API a line is about: its fields besides the message.
#[derive(Debug, Clone, Copy)]
pub struct Tags<'a> {
    /// The request id.
    pub request_id: &'a str,
    /// The function the API calls.
    pub function: &'a str,
    /// The API's stage.
    pub stage: &'a str,
    /// The API's path.
    pub route: &'a str,
}

/// The lines of one request, written together by [`RequestLog::write`].
pub struct RequestLog {
    direct: Option<Direct>,
    lines: Vec<u8>,
}

impl Default for RequestLog {
    fn default() -> Self {
        RequestLog::with(DIRECT.get().copied())
    }
}

impl RequestLog {
    /// A log that formats lines here (as [`format_directly`] was told) or,
    /// with `None`, sends each to `tracing` at once.
    fn with(direct: Option<Direct>) -> Self {
        RequestLog { direct, lines: Vec::new() }
    }

    /// A log formatting in `shape` and writing to `write`, whatever
    /// [`format_directly`] said (for comparing the shapes with the subscriber's).
    pub fn shaped(shape: LineShape, write: fn(&[u8])) -> Self {
        RequestLog::with(Some(Direct { shape, write }))
    }

    /// A log that sends each line to `tracing` at once, whatever
    /// [`format_directly`] said.
    pub fn traced() -> Self {
        RequestLog::with(None)
    }

    /// Adds an SCF line (target `fngate::scf`) stamped `at`; the Report line
    /// carries the precise `duration_ms`.
    pub fn scf(
        &mut self,
        at: SystemTime,
        tags: &Tags<'_>,
        duration_ms: Option<f64>,
        message: fmt::Arguments<'_>,
    ) {
        let Some(direct) = self.direct else {
            let Tags { request_id, function, stage, route } = *tags;
            match duration_ms {
                Some(duration_ms) => tracing::info!(
                    target: "fngate::scf", request_id, function, stage, route, duration_ms, "{message}"
                ),
                None => {
                    tracing::info!(target: "fngate::scf", request_id, function, stage, route, "{message}")
                }
            }
            return;
        };
        if !tracing::enabled!(target: "fngate::scf", Level::INFO) {
            return;
        }
        let mut line = Line::open(&mut self.lines, direct.shape, at, message);
        line.tags(tags);
        if let Some(duration_ms) = duration_ms {
            line.field("duration_ms", Value::Float(duration_ms));
        }
        line.close("fngate::scf");
    }

    /// Adds the access line (target `fngate::access`), stamped now.
    pub fn access(
        &mut self,
        tags: Option<&Tags<'_>>,
        request_id: &str,
        (status, duration_ms, client): (u16, f64, &str),
        message: fmt::Arguments<'_>,
    ) {
        let Some(direct) = self.direct else {
            match tags {
                Some(&Tags { request_id, function, stage, route }) => tracing::info!(
                    target: "fngate::access",
                    request_id, function, stage, route, status, duration_ms, client = %client, "{message}"
                ),
                None => tracing::info!(
                    target: "fngate::access", request_id, status, duration_ms, client = %client, "{message}"
                ),
            }
            return;
        };
        if !tracing::enabled!(target: "fngate::access", Level::INFO) {
            return;
        }
        let mut line = Line::open(&mut self.lines, direct.shape, SystemTime::now(), message);
        match tags {
            Some(tags) => line.tags(tags),
            None => line.field("request_id", Value::Str(request_id)),
        }
        line.field("status", Value::Int(status.into()));
        line.field("duration_ms", Value::Float(duration_ms));
        line.field("client", Value::Str(client));
        line.close("fngate::access");
    }

    /// Hands the lines gathered so far to the log, in one piece.
    pub fn write(&mut self) {
        if let Some(direct) = self.direct
            && !self.lines.is_empty()
        {
            (direct.write)(&self.lines);
            self.lines.clear();
        }
    }
}

impl Drop for RequestLog {
    fn drop(&mut self) {
        self.write();
    }
}

/// When an invocation started, and whether its START line is logged yet:
/// START waits for the function's first own line or its closing lines, so
/// that it usually goes out with them in one write.
pub(crate) struct Start {
    at: SystemTime,
    logged: AtomicBool,
}

impl Start {
    /// An invocation starting now.
    pub(crate) fn now() -> Self {
        Start { at: SystemTime::now(), logged: AtomicBool::new(false) }
    }

    /// Adds START to `log` unless it was added already.
    pub(crate) fn log(&self, log: &mut RequestLog, tags: &Tags<'_>) {
        if !self.logged.swap(true, Ordering::AcqRel) {
            log.scf(self.at, tags, None, format_args!("START RequestId:{}", tags.request_id));
        }
    }
}

/// A field's value.
enum Value<'a> {
    Str(&'a str),
    Int(u64),
    Float(f64),
}

/// One line being formatted into the request's buffer.
struct Line<'b> {
    out: &'b mut Vec<u8>,
    shape: LineShape,
}

impl<'b> Line<'b> {
    fn open(out: &'b mut Vec<u8>, shape: LineShape, at: SystemTime, message: fmt::Arguments<'_>) -> Self {
        if out.capacity() == 0 {
            out.reserve(1024);
        }
        match shape {
            LineShape::Text { ansi: false } => {
                timestamp(out, at);
                out.extend_from_slice(b"  INFO ");
                let _ = out.write_fmt(message);
            }
            LineShape::Text { ansi: true } => {
                out.extend_from_slice(b"\x1b[2m");
                timestamp(out, at);
                out.extend_from_slice(b"\x1b[0m \x1b[32m INFO\x1b[0m ");
                let _ = out.write_fmt(message);
            }
            LineShape::Json => {
                out.extend_from_slice(b"{\"timestamp\":\"");
                timestamp(out, at);
                out.extend_from_slice(b"\",\"level\":\"INFO\",\"message\":");
                match message.as_str() {
                    Some(text) => json_string(out, text),
                    None => json_string(out, &message.to_string()),
                }
            }
        }
        Line { out, shape }
    }

    fn tags(&mut self, tags: &Tags<'_>) {
        self.field("request_id", Value::Str(tags.request_id));
        self.field("function", Value::Str(tags.function));
        self.field("stage", Value::Str(tags.stage));
        self.field("route", Value::Str(tags.route));
    }

    /// Text lines leave fields out: the message says them (the binary's
    /// subscriber skips the same ones).
    fn field(&mut self, name: &str, value: Value<'_>) {
        if self.shape != LineShape::Json {
            return;
        }
        let out = &mut *self.out;
        out.push(b',');
        json_string(out, name);
        out.push(b':');
        match value {
            Value::Str(s) => json_string(out, s),
            Value::Int(n) => {
                let _ = write!(out, "{n}");
            }
            Value::Float(f) => {
                let _ = serde_json::to_writer(&mut *out, &f);
            }
        }
    }

    fn close(self, target: &str) {
        if self.shape == LineShape::Json {
            self.out.extend_from_slice(b",\"target\":");
            json_string(self.out, target);
            self.out.push(b'}');
        }
        self.out.push(b'\n');
    }
}

fn json_string(out: &mut Vec<u8>, s: &str) {
    let _ = serde_json::to_writer(&mut *out, s);
}

/// `at` as the subscriber prints it: RFC 3339 in UTC with microseconds,
/// `2026-12-05T04:55:29.898925Z`. The part up to the second is kept per
/// thread and reused within the second.
fn timestamp(out: &mut Vec<u8>, at: SystemTime) {
    thread_local! {
        static SECOND: std::cell::Cell<(u64, [u8; 19])> = const { std::cell::Cell::new((u64::MAX, [0; 19])) };
    }
    let since = at.duration_since(UNIX_EPOCH).unwrap_or_default();
    let secs = since.as_secs();
    let (cached, mut text) = SECOND.get();
    if cached != secs {
        let date = chrono::DateTime::from_timestamp(secs as i64, 0).unwrap_or_default();
        let mut formatted = String::with_capacity(19);
        let _ = write!(formatted, "{}", date.format("%Y-%m-%dT%H:%M:%S"));
        if formatted.len() == 19 {
            text.copy_from_slice(formatted.as_bytes());
            SECOND.set((secs, text));
        } else {
            // A year past 9999: formatted, not cached.
            out.extend_from_slice(formatted.as_bytes());
            let _ = write!(out, ".{:06}Z", since.subsec_micros());
            return;
        }
    }
    out.extend_from_slice(&text);
    let micros = since.subsec_micros();
    let mut digits = *b".000000Z";
    let mut rest = micros;
    for slot in digits[1..7].iter_mut().rev() {
        *slot = b'0' + (rest % 10) as u8;
        rest /= 10;
    }
    out.extend_from_slice(&digits);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_rfc3339_with_microseconds() {
        let mut out = Vec::new();
        let at = UNIX_EPOCH + std::time::Duration::from_micros(1_796_448_929_898_925);
        timestamp(&mut out, at);
        timestamp(&mut out, at + std::time::Duration::from_micros(75));
        timestamp(&mut out, at + std::time::Duration::from_secs(86_400));
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "2026-12-05T05:35:29.898925Z2026-12-05T05:35:29.899000Z2026-12-06T05:35:29.898925Z"
        );
    }
}

//! The SCF log lines of one invocation (spec §8): START, the function's own
//! stderr, ERROR on failure, END and the Report line.

use std::fmt::Write as _;

use crate::invoke::Invocation;

/// The most lines of a function's own log kept per invocation (besides the
/// byte limit): past it, one marker line says how many were dropped.
pub const MAX_LOG_LINES: usize = 10_000;

/// The line that opens an invocation's log.
pub fn start_line(request_id: &str) -> String {
    format!("START RequestId:{request_id}")
}

/// One of the function's own log lines as the log shows it: attributed
/// (`[function request-id] …`) and its control characters escaped, so no guest
/// line can pass for a gateway line (a forged `Report RequestId:…`, an ANSI
/// escape, a bare `\r`).
pub fn function_line(function: &str, request_id: &str, line: &[u8]) -> String {
    let line = String::from_utf8_lossy(line);
    let line = line.strip_suffix('\r').unwrap_or(&line);
    let mut out = String::with_capacity(function.len() + request_id.len() + line.len() + 4);
    let _ = write!(out, "[{function} {request_id}] ");
    for c in line.chars() {
        match c {
            '\t' => out.push(c),
            c if c.is_control() => out.extend(c.escape_default()),
            c => out.push(c),
        }
    }
    out
}

impl Invocation {
    /// Renders the invocation's log in Tencent's shape, one line per entry
    /// (the function's own as [`function_line`] shows them). When its lines
    /// were streamed as they were written ([`Invocation::streamed`]), only
    /// the closing lines: what was dropped, ERROR, END and Report.
    pub fn log_lines(&self, function: &str) -> String {
        let id = &self.request_id;
        let mut out = String::new();
        let more = if self.streamed.streamed {
            self.streamed.dropped_lines
        } else {
            let _ = writeln!(out, "{}", start_line(id));
            let log = String::from_utf8_lossy(&self.log);
            let mut lines = log.lines();
            for line in lines.by_ref().take(MAX_LOG_LINES) {
                let _ = writeln!(out, "{}", function_line(function, id, line.as_bytes()));
            }
            lines.count()
        };
        if more > 0 {
            let _ = writeln!(out, "[fngate: {more} more lines of log dropped]");
        }
        if self.log_dropped > 0 {
            let _ = writeln!(out, "[fngate: {} more bytes of log dropped]", self.log_dropped);
        }
        if let Some(reason) = self.outcome.reason() {
            let _ = writeln!(out, "ERROR RequestId:{id} Result:{reason}");
        }
        let _ = writeln!(out, "END RequestId:{id}");
        let _ = writeln!(
            out,
            "Report RequestId:{id} Duration:{}ms Memory:{}MB MemUsage:{:.6}MB",
            // Whole milliseconds, rounded up, as the cloud prints them (the
            // gateway's JSON log and metrics keep the precise figure).
            self.duration.as_micros().div_ceil(1000),
            self.memory_mb,
            self.peak_memory as f64 / (1024.0 * 1024.0),
        );
        out
    }
}

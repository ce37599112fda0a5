//! The SCF log lines of one invocation (spec §8): START, the function's own
//! stderr, ERROR on failure, END and the Report line.

use std::fmt::Write as _;

use crate::invoke::Invocation;

/// The most lines of a function's own log kept per invocation (besides the
/// byte limit): past it, one marker line says how many were dropped.
pub const MAX_LOG_LINES: usize = 10_000;

impl Invocation {
    /// Renders the invocation's log in Tencent's shape, one line per entry. Each
    /// of the function's own lines is attributed (`[function request-id] …`) and
    /// its control characters escaped, so no guest line can pass for a gateway
    /// line (a forged `Report RequestId:…`, an ANSI escape, a bare `\r`).
    pub fn log_lines(&self, function: &str) -> String {
        let id = &self.request_id;
        let mut out = format!("START RequestId:{id}\n");
        let log = String::from_utf8_lossy(&self.log);
        let mut lines = log.lines();
        for line in lines.by_ref().take(MAX_LOG_LINES) {
            let _ = write!(out, "[{function} {id}] ");
            for c in line.chars() {
                match c {
                    '\t' => out.push(c),
                    c if c.is_control() => out.extend(c.escape_default()),
                    c => out.push(c),
                }
            }
            out.push('\n');
        }
        let more = lines.count();
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

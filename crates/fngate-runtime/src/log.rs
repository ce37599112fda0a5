//! The SCF log lines of one invocation (spec §8): START, the function's own
//! stderr, ERROR on failure, END and the Report line.

use std::fmt::Write as _;

use crate::capture::MAX_LOG_LINES;
use crate::invocation::Invocation;

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

/// Which line of an invocation's log [`Invocation::each_log_line`] gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LogLine {
    /// `START RequestId:…`.
    Start,
    /// One of the function's own lines, or a note of what was dropped.
    Function,
    /// `ERROR RequestId:… Result:…`.
    Error,
    /// `END RequestId:…`.
    End,
    /// `Report RequestId:… Duration:…`.
    Report,
}

impl Invocation {
    /// Renders the invocation's log in Tencent's shape, one line per entry
    /// (the function's own as [`function_line`] shows them). When its lines
    /// were streamed as they were written ([`Invocation::streamed`]), only
    /// the closing lines: what was dropped, ERROR, END and Report.
    pub fn log_lines(&self, function: &str) -> String {
        let mut out = String::new();
        self.each_log_line(function, |_, line| {
            let _ = writeln!(out, "{line}");
        });
        out
    }

    /// Gives each line of [`Invocation::log_lines`] to `each` in order, with
    /// its kind, without building them into one string.
    pub fn each_log_line(&self, function: &str, mut each: impl FnMut(LogLine, std::fmt::Arguments<'_>)) {
        let id = &self.request_id;
        let more = if self.streamed.streamed {
            self.streamed.dropped_lines
        } else {
            each(LogLine::Start, format_args!("START RequestId:{id}"));
            let log = String::from_utf8_lossy(&self.log);
            let mut lines = log.lines();
            for line in lines.by_ref().take(MAX_LOG_LINES) {
                each(LogLine::Function, format_args!("{}", function_line(function, id, line.as_bytes())));
            }
            lines.count()
        };
        if more > 0 {
            each(LogLine::Function, format_args!("[fngate: {more} more lines of log dropped]"));
        }
        if self.log_dropped > 0 {
            each(LogLine::Function, format_args!("[fngate: {} more bytes of log dropped]", self.log_dropped));
        }
        if let Some(reason) = self.outcome.reason() {
            each(LogLine::Error, format_args!("ERROR RequestId:{id} Result:{reason}"));
        }
        each(LogLine::End, format_args!("END RequestId:{id}"));
        each(
            LogLine::Report,
            format_args!(
                "Report RequestId:{id} Duration:{}ms Memory:{}MB MemUsage:{}MB",
                // Whole milliseconds, rounded up, as the cloud prints them (the
                // gateway's JSON log and metrics keep the precise figure).
                // (In u64: `u128`'s formatting divides in 128 bits.)
                u64::try_from(self.duration.as_micros().div_ceil(1000)).unwrap_or(u64::MAX),
                self.memory_mb,
                Megabytes(self.peak_memory),
            ),
        );
    }
}

/// Bytes as megabytes (2^20) with six decimals, as `{:.6}` prints the
/// quotient, but in integers: a float's exact formatting is the slowest part
/// of the line.
struct Megabytes(usize);

impl std::fmt::Display for Megabytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        const MB: u128 = 1 << 20;
        let millionths = self.0 as u128 * 1_000_000;
        let (mut whole, rest) = (millionths / MB, millionths % MB);
        // Round half to even, as the float formatting does.
        if rest * 2 > MB || (rest * 2 == MB && whole % 2 == 1) {
            whole += 1;
        }
        // Formatted as u64 (`whole` / 10^6 fits: it is at most usize::MAX / 2^20):
        // `u128`'s formatting divides in 128 bits for every digit group.
        write!(f, "{}.{:06}", (whole / 1_000_000) as u64, (whole % 1_000_000) as u64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_print_as_the_float_does() {
        let samples = (0..4096usize).map(|k| k * 4096).chain((0..2000).map(|k| k * 8192 + 8192)).chain([
            1,
            7,
            1 << 20,
            (1 << 20) + 1,
            3 << 30,
            1_234_567_891,
            usize::MAX >> 12,
        ]);
        for bytes in samples {
            let float = format!("{:.6}", bytes as f64 / (1024.0 * 1024.0));
            assert_eq!(Megabytes(bytes).to_string(), float, "{bytes} bytes");
        }
    }
}

//! The SCF log lines of one invocation (spec §8): START, the function's own
//! stderr, ERROR on failure, END and the Report line.

use std::fmt::Write as _;

use crate::invoke::Invocation;

impl Invocation {
    /// Renders the invocation's log in Tencent's shape, one line per entry.
    pub fn log_lines(&self) -> String {
        let id = &self.request_id;
        let mut out = format!("START RequestId:{id}\n");
        let log = String::from_utf8_lossy(&self.log);
        for line in log.lines() {
            out.push_str(line);
            out.push('\n');
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
            "Report RequestId:{id} Duration:{:.3}ms Memory:{}MB MemUsage:{:.6}MB",
            self.duration.as_secs_f64() * 1e3,
            self.memory_mb,
            self.peak_memory as f64 / (1024.0 * 1024.0),
        );
        out
    }
}

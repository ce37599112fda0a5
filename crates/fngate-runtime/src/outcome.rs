//! The typed result of one invocation, and its SCF error (spec §5).

use std::time::Duration;

use bytes::Bytes;
use fngate_event::{ScfError, status};

use crate::error::ModuleError;

/// How an invocation ended.
#[derive(Debug)]
pub enum Outcome {
    /// The guest exited 0; `stdout` is its response (not yet validated).
    Success {
        /// Everything the guest wrote to stdout (at most 6 MB).
        stdout: Bytes,
    },
    /// The guest ran past its timeout and was interrupted.
    Timeout {
        /// The configured timeout.
        after: Duration,
    },
    /// The guest trapped (`unreachable`, stack overflow, out-of-bounds access, …).
    Trap {
        /// The trap's message.
        message: String,
        /// The wasm backtrace, when known.
        backtrace: Option<String>,
    },
    /// The guest reported a handler error (an `Err` or a panic) with an SCF error
    /// body on stdout and a non-zero exit, as the SDK does.
    HandlerError(ScfError),
    /// The guest wanted more linear memory than its `memorySize` and then failed.
    MemoryLimit {
        /// The configured limit, in MB.
        limit_mb: u64,
    },
    /// The guest exited with a non-zero code.
    NonZeroExit(i32),
    /// The guest wrote more than 6 MB to stdout.
    OutputTooLarge {
        /// How many bytes it wrote.
        written: usize,
    },
    /// The guest exited 0 but its stdout is not JSON.
    InvalidResponse {
        /// What is wrong with it.
        message: String,
    },
    /// The function's module could not be loaded.
    ModuleError(ModuleError),
    /// A wasi:http function's response, whole.
    HttpResponse(http::Response<Bytes>),
}

impl Outcome {
    /// A short reason for the `ERROR … Result:` log line; `None` on success.
    pub fn reason(&self) -> Option<String> {
        self.scf_error().map(|e| e.error_message)
    }

    /// A short name for metrics: `ok`, `timeout`, `trap`, `handler_error`,
    /// `memory_limit`, `exit`, `output_too_large`, `bad_response` or `module_error`.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Success { .. } | Outcome::HttpResponse(_) => "ok",
            Outcome::Timeout { .. } => "timeout",
            Outcome::Trap { .. } => "trap",
            Outcome::HandlerError(_) => "handler_error",
            Outcome::MemoryLimit { .. } => "memory_limit",
            Outcome::NonZeroExit(_) => "exit",
            Outcome::OutputTooLarge { .. } => "output_too_large",
            Outcome::InvalidResponse { .. } => "bad_response",
            Outcome::ModuleError(_) => "module_error",
        }
    }

    /// The SCF error body of a failed invocation (without request id); `None` on success.
    pub fn scf_error(&self) -> Option<ScfError> {
        let err = match self {
            Outcome::Success { .. } | Outcome::HttpResponse(_) => return None,
            Outcome::Timeout { after } => ScfError::new(
                status::TIME_LIMIT_REACHED,
                format!("Invoking task timed out after {} seconds", seconds(*after)),
            ),
            Outcome::Trap { message, backtrace } => ScfError {
                stack_trace: backtrace.clone(),
                ..ScfError::new(status::USER_CODE_EXCEPTION, message.clone())
            },
            // A guest may say its handler is not there (Python finds out when it
            // first imports it); any other status it claims is a user code error.
            Outcome::HandlerError(e) => ScfError {
                status_code: match e.status_code {
                    status::HANDLER_NOT_FOUND => status::HANDLER_NOT_FOUND,
                    _ => status::USER_CODE_EXCEPTION,
                },
                ..e.clone()
            },
            Outcome::MemoryLimit { limit_mb } => ScfError::new(
                status::MEMORY_LIMIT_REACHED,
                format!("Memory limit reached: the function tried to use more than {limit_mb} MB"),
            ),
            Outcome::NonZeroExit(code) => ScfError::new(
                status::PROCESS_EXIT,
                format!("User process exit when running, exit code {code}"),
            ),
            Outcome::OutputTooLarge { written } => ScfError::new(
                status::RESPONSE_TOO_LARGE,
                format!(
                    "The size of response exceeds the upper limit (6MB): the function wrote {written} bytes"
                ),
            ),
            Outcome::InvalidResponse { message } => {
                ScfError::new(403, format!("Invalid scf response format: {message}"))
            }
            Outcome::ModuleError(e) => ScfError {
                stack_trace: e.stack().map(str::to_owned),
                ..ScfError::new(e.status(), e.public_message())
            },
        };
        Some(err)
    }
}

/// Whole seconds for the timeout message, rounded up so "0 seconds" never appears.
pub(crate) fn seconds(d: Duration) -> u64 {
    d.as_millis().div_ceil(1000) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeout_message_is_tencents() {
        let e = Outcome::Timeout { after: Duration::from_secs(3) }.scf_error().unwrap();
        assert_eq!(e.error_message, "Invoking task timed out after 3 seconds");
        assert_eq!(e.status_code, 433);
        assert!(Outcome::Success { stdout: Bytes::new() }.scf_error().is_none());
    }
}

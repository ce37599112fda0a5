//! The record of one invocation: how it ended, its log and its measurements.

use std::time::Duration;

use bytes::Bytes;
use fngate_event::ScfError;

use crate::capture::Streamed;
use crate::error::ModuleError;
use crate::outcome::Outcome;

/// The record of one invocation: its outcome, log and measurements.
#[derive(Debug)]
pub struct Invocation {
    /// The request id the guest was given.
    pub request_id: String,
    /// How it ended.
    pub outcome: Outcome,
    /// The function's stderr (at most the configured limit).
    pub log: Bytes,
    /// How many bytes of stderr were dropped past the limit.
    pub log_dropped: usize,
    /// Whether its log lines went to a [`LogSink`](crate::LogSink) as they
    /// were written (then [`Invocation::log_lines`] holds only the closing
    /// ones), and how many lines past the limit it dropped.
    pub streamed: Streamed,
    /// Wall time from the start of instantiation to the guest's exit.
    pub duration: Duration,
    /// The configured memory limit, in MB.
    pub memory_mb: u64,
    /// The largest linear memory the guest had, in bytes.
    pub peak_memory: usize,
}

impl Invocation {
    /// The record of an invocation that could not run because its module failed to load.
    pub fn module_error(request_id: &str, memory_mb: u64, err: ModuleError) -> Self {
        Self::failed(request_id, memory_mb, Outcome::ModuleError(err))
    }

    /// The record of a finished invocation.
    pub(crate) fn finished(
        request_id: &str,
        outcome: Outcome,
        (log, log_dropped, streamed): (Bytes, usize, Streamed),
        duration: Duration,
        memory_mb: u64,
        peak_memory: usize,
    ) -> Self {
        Invocation {
            request_id: request_id.to_owned(),
            outcome,
            log,
            log_dropped,
            streamed,
            duration,
            memory_mb,
            peak_memory,
        }
    }

    /// The record of an invocation that could not start, with its outcome.
    pub(crate) fn failed(request_id: &str, memory_mb: u64, outcome: Outcome) -> Self {
        Invocation {
            request_id: request_id.to_owned(),
            outcome,
            log: Bytes::new(),
            log_dropped: 0,
            streamed: Streamed::default(),
            duration: Duration::ZERO,
            memory_mb,
            peak_memory: 0,
        }
    }

    /// The SCF error body, request id filled in; `None` on success.
    pub fn scf_error(&self) -> Option<ScfError> {
        self.outcome.scf_error().map(|e| ScfError { request_id: Some(self.request_id.clone()), ..e })
    }
}

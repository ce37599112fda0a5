//! A bounded in-memory sink for a guest's stdout or stderr.
//!
//! It keeps the first `limit` bytes and counts the rest without storing them, so
//! the host's memory stays bounded whatever the guest does. Past the limit, a
//! [`Capture::stopping`] sink (stdout, whose excess is an error) traps the write
//! that crossed it, so the guest is stopped at once; a plain one (stderr, whose
//! excess is only dropped) never reports an error and the guest keeps running.
//! A stderr sink may also hand each whole line to a [`LogSink`] as it is written,
//! so a function's log is seen while it runs.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

/// The most lines of a function's own log kept per invocation (besides the
/// byte limit): past it, one marker line says how many were dropped.
pub const MAX_LOG_LINES: usize = 10_000;

/// How much a guest may write in one go (WASI `check-write`).
const WRITE_BUDGET: usize = 64 * 1024;

#[derive(Clone)]
pub(crate) struct Capture {
    inner: Arc<Mutex<Inner>>,
    /// Woken on every write (a warm instance's host waits for a whole response).
    written: Arc<tokio::sync::Notify>,
    limit: usize,
    /// Trap the write that takes the total past `limit`.
    stop_past_limit: bool,
}

/// The trap of a write past a stopping capture's limit.
#[derive(Debug)]
pub(crate) struct OutputLimit;

impl std::fmt::Display for OutputLimit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("output limit exceeded")
    }
}

impl std::error::Error for OutputLimit {}

#[derive(Default)]
struct Inner {
    kept: BytesMut,
    total: usize,
    lines: Lines,
}

/// Where a function's log lines go as it writes them: each whole line, without
/// its newline (a last line without one when the invocation ends).
pub type LogSink = Arc<dyn Fn(&[u8]) + Send + Sync>;

/// The lines of one invocation handed to its sink so far.
#[derive(Default)]
struct Lines {
    sink: Option<LogSink>,
    /// The line being written (bounded by the capture's limit).
    partial: Vec<u8>,
    sent: usize,
    dropped: usize,
}

impl Lines {
    /// Feeds `data` (kept bytes) to the sink, line by line.
    fn feed(&mut self, mut data: &[u8]) {
        let Some(sink) = self.sink.clone() else { return };
        while let Some(newline) = data.iter().position(|b| *b == b'\n') {
            if self.partial.is_empty() {
                self.send(&sink, &data[..newline]);
            } else {
                self.partial.extend_from_slice(&data[..newline]);
                let line = std::mem::take(&mut self.partial);
                self.send(&sink, &line);
            }
            data = &data[newline + 1..];
        }
        self.partial.extend_from_slice(data);
    }

    fn send(&mut self, sink: &LogSink, line: &[u8]) {
        if self.sent < MAX_LOG_LINES {
            self.sent += 1;
            sink(line);
        } else {
            self.dropped += 1;
        }
    }
}

/// What an invocation's [`LogSink`] was given.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Streamed {
    /// Whether there was a sink: the lines are written already.
    pub streamed: bool,
    /// Lines past [`crate::MAX_LOG_LINES`], not handed over.
    pub dropped_lines: usize,
}

impl Capture {
    /// Keeps `limit` bytes and drops the rest.
    pub(crate) fn new(limit: usize) -> Self {
        Capture { inner: Arc::default(), written: Arc::default(), limit, stop_past_limit: false }
    }

    /// Keeps `limit` bytes and traps the write that goes past them.
    pub(crate) fn stopping(limit: usize) -> Self {
        Capture { stop_past_limit: true, ..Self::new(limit) }
    }

    /// Stores what fits; returns whether the total is now past the limit.
    fn push(&self, data: &[u8]) -> bool {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.total = inner.total.saturating_add(data.len());
        let room = self.limit.saturating_sub(inner.kept.len());
        let kept = &data[..data.len().min(room)];
        inner.kept.extend_from_slice(kept);
        inner.lines.feed(kept);
        self.written.notify_one();
        inner.total > self.limit
    }

    /// Appends what the guest wrote; an error once a stopping capture has
    /// passed its limit.
    pub(crate) fn append(&self, data: &[u8]) -> Result<(), OutputLimit> {
        if self.push(data) && self.stop_past_limit { Err(OutputLimit) } else { Ok(()) }
    }

    /// Hands each whole line written from now on to `sink` (one invocation's).
    pub(crate) fn stream_lines(&self, sink: Option<LogSink>) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.lines = Lines { sink, ..Lines::default() };
    }

    /// Ends the invocation's streaming: hands over its last line, if it had
    /// no newline, and says what was handed over.
    pub(crate) fn finish_lines(&self) -> Streamed {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let mut lines = std::mem::take(&mut inner.lines);
        let Some(sink) = lines.sink.clone() else { return Streamed::default() };
        if !lines.partial.is_empty() {
            let last = std::mem::take(&mut lines.partial);
            lines.send(&sink, &last);
        }
        Streamed { streamed: true, dropped_lines: lines.dropped }
    }

    /// Waits for the next write (or returns at once if one came since the last wait).
    pub(crate) async fn written(&self) {
        self.written.notified().await;
    }

    /// What `f` makes of the kept bytes, without taking them.
    pub(crate) fn peek<T>(&self, f: impl FnOnce(&[u8]) -> T) -> T {
        f(&self.inner.lock().unwrap_or_else(|e| e.into_inner()).kept)
    }

    /// Takes the first `n` kept bytes and counts them out of the total, so the
    /// limit applies afresh to what follows (one warm invocation's response).
    pub(crate) fn take_front(&self, n: usize) -> Bytes {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let n = n.min(inner.kept.len());
        inner.total = inner.total.saturating_sub(n);
        inner.kept.split_to(n).freeze()
    }

    /// The kept bytes and the total number of bytes the guest wrote.
    pub(crate) fn take(&self) -> (Bytes, usize) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let total = inner.total;
        (std::mem::take(&mut inner.kept).freeze(), total)
    }

    /// The kept bytes and the total written since the last call, starting afresh
    /// (one warm invocation's log).
    pub(crate) fn take_reset(&self) -> (Bytes, usize) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let total = std::mem::take(&mut inner.total);
        (std::mem::take(&mut inner.kept).freeze(), total)
    }
}

impl OutputStream for Capture {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        if self.push(&bytes) && self.stop_past_limit {
            return Err(StreamError::Trap(OutputLimit.into()));
        }
        Ok(())
    }

    fn flush(&mut self) -> StreamResult<()> {
        Ok(())
    }

    fn check_write(&mut self) -> StreamResult<usize> {
        Ok(WRITE_BUDGET)
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for Capture {
    async fn ready(&mut self) {}
}

impl AsyncWrite for Capture {
    fn poll_write(self: Pin<&mut Self>, _: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        if self.push(buf) && self.stop_past_limit {
            return Poll::Ready(Err(io::Error::other(OutputLimit)));
        }
        Poll::Ready(Ok(buf.len()))
    }

    fn poll_flush(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }

    fn poll_shutdown(self: Pin<&mut Self>, _: &mut Context<'_>) -> Poll<io::Result<()>> {
        Poll::Ready(Ok(()))
    }
}

impl IsTerminal for Capture {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdoutStream for Capture {
    fn p2_stream(&self) -> Box<dyn OutputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncWrite + Send + Sync> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hands_over_whole_lines_as_they_are_written() {
        let c = Capture::new(1024);
        let seen = Arc::new(Mutex::new(Vec::<String>::new()));
        let into = seen.clone();
        c.stream_lines(Some(Arc::new(move |line: &[u8]| {
            into.lock().unwrap().push(String::from_utf8_lossy(line).into_owned())
        })));
        c.push(b"one\ntw");
        assert_eq!(*seen.lock().unwrap(), ["one"], "a whole line at once, half a line not yet");
        c.push(b"o\n\nthree");
        assert_eq!(c.finish_lines(), Streamed { streamed: true, dropped_lines: 0 });
        assert_eq!(*seen.lock().unwrap(), ["one", "two", "", "three"]);
        assert_eq!(&c.take().0[..], b"one\ntwo\n\nthree", "the bytes are kept as before");
    }

    #[test]
    fn keeps_the_first_bytes_and_counts_the_rest() {
        let c = Capture::new(4);
        assert!(!c.push(b"abc"));
        assert!(c.push(b"defgh"));
        let (kept, total) = c.take();
        assert_eq!((&kept[..], total), (&b"abcd"[..], 8));
    }
}

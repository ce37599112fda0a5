//! A bounded in-memory sink for a guest's stdout or stderr.
//!
//! It keeps the first `limit` bytes and counts the rest without storing them, so
//! the host's memory stays bounded whatever the guest does. Past the limit, a
//! [`Capture::stopping`] sink (stdout, whose excess is an error) traps the write
//! that crossed it, so the guest is stopped at once; a plain one (stderr, whose
//! excess is only dropped) never reports an error and the guest keeps running.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamError, StreamResult};

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
        inner.kept.extend_from_slice(&data[..data.len().min(room)]);
        self.written.notify_one();
        inner.total > self.limit
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
    fn keeps_the_first_bytes_and_counts_the_rest() {
        let c = Capture::new(4);
        assert!(!c.push(b"abc"));
        assert!(c.push(b"defgh"));
        let (kept, total) = c.take();
        assert_eq!((&kept[..], total), (&b"abcd"[..], 8));
    }
}

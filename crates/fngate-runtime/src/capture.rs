//! A bounded in-memory sink for a guest's stdout or stderr.
//!
//! It keeps the first `limit` bytes and counts the rest without storing them, and it
//! never reports an error to the guest: a guest that floods its output keeps
//! running (and is judged afterwards by how much it wrote) instead of trapping on
//! a failed write, and the host's memory stays bounded whatever the guest does.

use std::io;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use bytes::{Bytes, BytesMut};
use tokio::io::AsyncWrite;
use wasmtime_wasi::cli::{IsTerminal, StdoutStream};
use wasmtime_wasi::p2::{OutputStream, Pollable, StreamResult};

/// How much a guest may write in one go (WASI `check-write`).
const WRITE_BUDGET: usize = 64 * 1024;

#[derive(Clone)]
pub(crate) struct Capture {
    inner: Arc<Mutex<Inner>>,
    limit: usize,
}

#[derive(Default)]
struct Inner {
    kept: BytesMut,
    total: usize,
}

impl Capture {
    pub(crate) fn new(limit: usize) -> Self {
        Capture { inner: Arc::default(), limit }
    }

    fn push(&self, data: &[u8]) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.total = inner.total.saturating_add(data.len());
        let room = self.limit.saturating_sub(inner.kept.len());
        inner.kept.extend_from_slice(&data[..data.len().min(room)]);
    }

    /// The kept bytes and the total number of bytes the guest wrote.
    pub(crate) fn take(&self) -> (Bytes, usize) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let total = inner.total;
        (std::mem::take(&mut inner.kept).freeze(), total)
    }
}

impl OutputStream for Capture {
    fn write(&mut self, bytes: Bytes) -> StreamResult<()> {
        self.push(&bytes);
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
        self.push(buf);
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
        c.push(b"abc");
        c.push(b"defgh");
        let (kept, total) = c.take();
        assert_eq!((&kept[..], total), (&b"abcd"[..], 8));
    }
}

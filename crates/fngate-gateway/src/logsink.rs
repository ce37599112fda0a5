//! The per-request log: SCF invocation lines and the access line.
//!
//! Handlers append each request's block to a shared buffer (one short lock, no
//! syscall, no thread wake-up); a background thread writes the buffer to stderr
//! every few milliseconds. One request's lines never interleave with another's,
//! and nothing is dropped: past [`MAX_PENDING`] bytes the handler that finds the
//! buffer full writes it out itself.

use std::io::Write;
use std::sync::{Mutex, Once};
use std::time::Duration;

/// How often the background thread writes what has accumulated.
const FLUSH_EVERY: Duration = Duration::from_millis(5);
/// How much may wait in memory before a handler writes it out itself.
const MAX_PENDING: usize = 1 << 20;

static PENDING: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static WRITER: Once = Once::new();

/// Queues one request's log block (whole lines, each ending in `\n`).
pub(crate) fn emit(block: String) {
    WRITER.call_once(|| {
        std::thread::Builder::new()
            .name("fngate-log".into())
            .spawn(|| {
                loop {
                    std::thread::sleep(FLUSH_EVERY);
                    flush();
                }
            })
            .expect("cannot start the log thread");
    });
    let full = {
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        pending.extend_from_slice(block.as_bytes());
        pending.len() >= MAX_PENDING
    };
    if full {
        flush();
    }
}

/// Writes out everything queued so far.
pub(crate) fn flush() {
    let chunk = std::mem::take(&mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()));
    if !chunk.is_empty() {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(&chunk);
        let _ = stderr.flush();
    }
}

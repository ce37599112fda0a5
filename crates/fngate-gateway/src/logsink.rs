//! Where log lines go: a shared in-memory buffer written to stderr by a
//! background thread every few milliseconds.
//!
//! The `tracing` subscriber formats each event (a whole line) and appends it with
//! one short lock: no syscall and no thread wake-up on the request path. Lines
//! never interleave mid-line. A request worker never writes to stderr itself:
//! past [`MAX_PENDING`] bytes waiting (stderr slower than the log, or a flood),
//! lines are dropped and counted ([`dropped_lines`], the metric
//! `fngate_log_lines_dropped_total`) until the background thread catches up.

use std::io::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, Once};
use std::time::Duration;

/// How often the background thread writes what has accumulated.
const FLUSH_EVERY: Duration = Duration::from_millis(5);
/// How much may wait in memory before a writer writes it out itself.
const MAX_PENDING: usize = 1 << 20;

static PENDING: Mutex<Vec<u8>> = Mutex::new(Vec::new());
static DROPPED: AtomicU64 = AtomicU64::new(0);

/// How many log lines were dropped because the buffer was full.
pub fn dropped_lines() -> u64 {
    DROPPED.load(Ordering::Relaxed)
}
static WRITER: Once = Once::new();

/// A handle that appends to the log buffer; give `LogWriter::default` to a
/// `tracing` subscriber as its writer, and call [`flush_log`] before exiting.
#[derive(Debug, Default, Clone, Copy)]
pub struct LogWriter;

impl Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        WRITER.call_once(|| {
            std::thread::Builder::new()
                .name("fngate-log".into())
                .spawn(|| {
                    loop {
                        std::thread::sleep(FLUSH_EVERY);
                        flush_log();
                    }
                })
                .expect("cannot start the log thread");
        });
        let mut pending = PENDING.lock().unwrap_or_else(|e| e.into_inner());
        if pending.len() + buf.len() > MAX_PENDING {
            DROPPED.fetch_add(1, Ordering::Relaxed);
        } else {
            pending.extend_from_slice(buf);
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The buffer being written out; swapped with [`PENDING`], so that both keep
/// their capacity (appending never grows a fresh buffer from nothing).
static WRITING: Mutex<Vec<u8>> = Mutex::new(Vec::new());

/// Writes out everything buffered so far.
pub fn flush_log() {
    let mut chunk = WRITING.lock().unwrap_or_else(|e| e.into_inner());
    std::mem::swap(&mut *chunk, &mut *PENDING.lock().unwrap_or_else(|e| e.into_inner()));
    if !chunk.is_empty() {
        let mut stderr = std::io::stderr().lock();
        let _ = stderr.write_all(&chunk);
        let _ = stderr.flush();
        chunk.clear();
    }
}

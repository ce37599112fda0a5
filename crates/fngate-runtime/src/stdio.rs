//! A module's standard streams without wasmtime-wasi's stream resources:
//! `fd_read` on stdin and `fd_write` on stdout and stderr copy straight
//! between the guest's memory and the host's buffers.
//!
//! wasmtime-wasi's preview 1 answers these calls through its descriptor table,
//! a wasi:io stream resource, a tracing span and a lookup of the `memory`
//! export by name: about 1 µs a call, three or four calls per warm request.
//! The calls here do the same work directly and hand everything else on to
//! wasmtime-wasi unchanged: any other descriptor, arguments it would refuse
//! (misaligned or out of bounds), and every call once the guest has closed,
//! renumbered or changed the flags of one of the descriptors 0–2 (only
//! wasmtime-wasi's table then knows what they are). A read of an empty open
//! stdin (a warm instance between events) waits for it as wasmtime-wasi would.

use wasmtime::{AsContextMut, Caller, Extern, Linker, Memory};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p1::wasi_snapshot_preview1::{self as p1, WasiSnapshotPreview1};
use wasmtime_wasi::p2::{InputStream, StreamError};

use crate::capture::Capture;

/// The streams behind a module's descriptors 0, 1 and 2, as its WASI context
/// was given them (shared buffers: both views see the same bytes).
pub(crate) struct Stdio {
    stdin: Box<dyn InputStream>,
    stdout: Capture,
    stderr: Capture,
    /// False once the guest closed, renumbered or set the flags of one of the
    /// descriptors 0–2.
    direct: bool,
    /// The guest's memory, looked up at its first call.
    memory: Option<Memory>,
}

impl Stdio {
    /// The streams given to a guest's WASI context.
    pub(crate) fn new(stdin: impl InputStream, stdout: Capture, stderr: Capture) -> Self {
        Stdio { stdin: Box::new(stdin), stdout, stderr, direct: true, memory: None }
    }
}

/// Store data with a module's standard streams and its WASI context.
pub(crate) trait HasStdio: Send + 'static {
    /// The streams behind descriptors 0–2.
    fn stdio(&mut self) -> &mut Stdio;
    /// The WASI context the calls fall back to.
    fn wasi(&mut self) -> &mut WasiP1Ctx;
}

const MODULE: &str = "wasi_snapshot_preview1";
/// The most iovecs a call takes directly; more go to wasmtime-wasi.
const MAX_IOVECS: u32 = 16;

/// Calls wasmtime-wasi's own implementation of `$call` (`await`ed unless
/// `sync`), as its linker would.
macro_rules! wasi {
    ($caller:ident, $call:ident($($arg:expr),*) $($sync:ident)?) => {{
        let fuel = $caller.as_context_mut().hostcall_fuel();
        let Some(Extern::Memory(memory)) = $caller.get_export("memory") else {
            wasmtime::bail!("missing required memory export")
        };
        let (memory, data) = memory.data_and_store_mut(&mut $caller);
        let wasi = data.wasi();
        wasi.set_hostcall_fuel(fuel);
        let memory = &mut wiggle::GuestMemory::Unshared(memory);
        wasi!(@call $($sync)? p1::$call(wasi, memory, $($arg),*))
    }};
    (@call sync $call:expr) => { $call };
    (@call $call:expr) => { $call.await };
}

/// Replaces wasmtime-wasi's `fd_read`, `fd_write`, `fd_close`,
/// `fd_fdstat_set_flags` and `fd_renumber` in `linker` (which must already
/// hold them).
pub(crate) fn add_to_linker<T: HasStdio>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    linker.allow_shadowing(true);
    linker.func_wrap_async(
        MODULE,
        "fd_read",
        |mut caller: Caller<'_, T>, (fd, iovs, count, nread): (i32, i32, i32, i32)| {
            Box::new(async move {
                if fd == 0 {
                    loop {
                        match read_stdin(&mut caller, iovs, count, nread) {
                            Read::Done => return Ok(0),
                            // A warm instance waiting for its next event.
                            Read::Empty => caller.data_mut().stdio().stdin.ready().await,
                            Read::Other => break,
                        }
                    }
                }
                wasi!(caller, fd_read(fd, iovs, count, nread))
            })
        },
    )?;
    linker.func_wrap_async(
        MODULE,
        "fd_write",
        |mut caller: Caller<'_, T>, (fd, iovs, count, nwritten): (i32, i32, i32, i32)| {
            Box::new(async move {
                if (fd == 1 || fd == 2) && write_output(&mut caller, fd, iovs, count, nwritten)? {
                    return Ok(0);
                }
                wasi!(caller, fd_write(fd, iovs, count, nwritten))
            })
        },
    )?;
    linker.func_wrap_async(MODULE, "fd_close", |mut caller: Caller<'_, T>, (fd,): (i32,)| {
        Box::new(async move {
            if (0..=2).contains(&fd) {
                caller.data_mut().stdio().direct = false;
            }
            wasi!(caller, fd_close(fd))
        })
    })?;
    // A non-blocking stdin must not wait (wasmtime-wasi answers EAGAIN).
    linker.func_wrap(MODULE, "fd_fdstat_set_flags", |mut caller: Caller<'_, T>, fd: i32, flags: i32| {
        if (0..=2).contains(&fd) {
            caller.data_mut().stdio().direct = false;
        }
        wasi!(caller, fd_fdstat_set_flags(fd, flags) sync)
    })?;
    linker.func_wrap_async(MODULE, "fd_renumber", |mut caller: Caller<'_, T>, (from, to): (i32, i32)| {
        Box::new(async move {
            if (0..=2).contains(&from) || (0..=2).contains(&to) {
                caller.data_mut().stdio().direct = false;
            }
            wasi!(caller, fd_renumber(from, to))
        })
    })?;
    linker.allow_shadowing(false);
    Ok(())
}

/// The guest's memory, when the streams may still be used directly.
fn direct_memory<T: HasStdio>(caller: &mut Caller<'_, T>) -> Option<Memory> {
    let stdio = caller.data_mut().stdio();
    if !stdio.direct {
        return None;
    }
    if let Some(memory) = stdio.memory {
        return Some(memory);
    }
    let memory = caller.get_export("memory")?.into_memory()?;
    caller.data_mut().stdio().memory = Some(memory);
    Some(memory)
}

/// Up to [`MAX_IOVECS`] (offset, length) ranges of the guest's memory.
type Iovecs = [(usize, usize); MAX_IOVECS as usize];

/// The `count` iovecs at `iovs` as (offset, length) ranges of `memory`, and
/// the `u32` result slot at `out`: `None` when any of them is out of bounds or
/// misaligned, or there are too many (wasmtime-wasi then answers).
fn iovecs(memory: &[u8], iovs: i32, count: i32, out: i32) -> Option<(Iovecs, usize, usize)> {
    let (iovs, count, out) = (iovs as u32 as usize, count as u32, out as u32 as usize);
    if count > MAX_IOVECS || iovs % 4 != 0 || out % 4 != 0 || out + 4 > memory.len() {
        return None;
    }
    let table = memory.get(iovs..iovs + 8 * count as usize)?;
    let mut ranges = [(0, 0); MAX_IOVECS as usize];
    for (range, entry) in ranges.iter_mut().zip(table.chunks_exact(8)) {
        let start = u32::from_le_bytes(entry[..4].try_into().ok()?) as usize;
        let len = u32::from_le_bytes(entry[4..].try_into().ok()?) as usize;
        memory.get(start..start.checked_add(len)?)?;
        *range = (start, len);
    }
    Some((ranges, count as usize, out))
}

/// What a direct read of stdin did.
enum Read {
    /// It read what stdin held (0 bytes at its end) and stored the count.
    Done,
    /// Stdin is open but holds nothing yet.
    Empty,
    /// wasmtime-wasi is to answer the call.
    Other,
}

/// Reads what stdin holds now into the guest's iovecs and stores the count.
fn read_stdin<T: HasStdio>(caller: &mut Caller<'_, T>, iovs: i32, count: i32, nread: i32) -> Read {
    let Some(memory) = direct_memory(caller) else { return Read::Other };
    let (memory, data) = memory.data_and_store_mut(caller);
    let Some((ranges, count, out)) = iovecs(memory, iovs, count, nread) else { return Read::Other };
    let stdin = &mut data.stdio().stdin;
    let mut total = 0;
    // Each iovec is filled from as many of the stream's chunks as it takes (a
    // warm instance's frame is a header and an event: one call reads both).
    'iovecs: for &(start, len) in &ranges[..count] {
        let mut filled = 0;
        while filled < len {
            match stdin.read(len - filled) {
                Ok(bytes) if !bytes.is_empty() => {
                    memory[start + filled..start + filled + bytes.len()].copy_from_slice(&bytes);
                    filled += bytes.len();
                }
                Ok(_) if total + filled == 0 => return Read::Empty,
                Err(StreamError::Closed) | Ok(_) => {
                    // The end of stdin reads as 0 bytes, as wasmtime-wasi has it.
                    total += filled;
                    break 'iovecs;
                }
                Err(_) if total + filled == 0 => return Read::Other,
                Err(_) => {
                    total += filled;
                    break 'iovecs;
                }
            }
        }
        total += filled;
    }
    memory[out..out + 4].copy_from_slice(&(total as u32).to_le_bytes());
    Read::Done
}

/// Writes the guest's iovecs to stdout or stderr and stores the count: false
/// (nothing written) when the call is unusual; an error when stdout passed
/// its limit, as wasmtime-wasi reports it.
fn write_output<T: HasStdio>(
    caller: &mut Caller<'_, T>,
    fd: i32,
    iovs: i32,
    count: i32,
    nwritten: i32,
) -> wasmtime::Result<bool> {
    let Some(memory) = direct_memory(caller) else { return Ok(false) };
    let (memory, data) = memory.data_and_store_mut(caller);
    let Some((ranges, count, out)) = iovecs(memory, iovs, count, nwritten) else { return Ok(false) };
    let stdio = data.stdio();
    let output = if fd == 1 { &stdio.stdout } else { &stdio.stderr };
    let mut total = 0;
    for &(start, len) in &ranges[..count] {
        output.append(&memory[start..start + len])?;
        total += len;
    }
    memory[out..out + 4].copy_from_slice(&(total as u32).to_le_bytes());
    Ok(true)
}

//! The guest's end of the host's network (`fngate_net` imports, see the
//! runtime's `net` module): natives that open, write, end and close sockets,
//! HTTP requests and lookups, and the poll the event loop waits in, which
//! hands each event to the prelude's `__fngate_io`.

use std::cell::Cell;

use rquickjs::{ArrayBuffer, Ctx, Function, Result, Value};

#[link(wasm_import_module = "fngate_net")]
unsafe extern "C" {
    #[link_name = "open"]
    fn host_open(kind: i32, ptr: *const u8, len: usize) -> i32;
    #[link_name = "write"]
    fn host_write(id: i32, ptr: *const u8, len: usize) -> i32;
    #[link_name = "end"]
    fn host_end(id: i32);
    #[link_name = "close"]
    fn host_close(id: i32);
    #[link_name = "poll"]
    fn host_poll(timeout_ms: f64, ptr: *mut u8, cap: usize) -> i32;
}

thread_local! {
    /// Handles opened and not yet closed: while any is, the loop polls the host.
    static OPEN: Cell<usize> = const { Cell::new(0) };
}

/// Registers the natives as globals.
pub fn register(ctx: &Ctx<'_>) -> Result<()> {
    let g = ctx.globals();
    g.set("__fngate_net_open", Function::new(ctx.clone(), open)?)?;
    g.set("__fngate_net_write", Function::new(ctx.clone(), write)?)?;
    g.set("__fngate_net_end", Function::new(ctx.clone(), end)?)?;
    g.set("__fngate_net_close", Function::new(ctx.clone(), close)?)?;
    Ok(())
}

/// `__fngate_net_open(kind, specJson)`: the new handle's id, or a negative number.
fn open(kind: i32, spec: String) -> i32 {
    // SAFETY: the host reads `spec` during the call.
    let id = unsafe { host_open(kind, spec.as_ptr(), spec.len()) };
    if id > 0 {
        OPEN.with(|o| o.set(o.get() + 1));
    }
    id
}

/// `__fngate_net_write(id, bytes)`: 0, or -1 when the handle no longer takes bytes.
fn write(id: i32, data: Value<'_>) -> Result<i32> {
    let data = crate::natives::bytes(data)?;
    // SAFETY: the host reads `data` during the call.
    Ok(unsafe { host_write(id, data.as_ptr(), data.len()) })
}

/// `__fngate_net_end(id)`: no more bytes.
fn end(id: i32) {
    // SAFETY: a plain call.
    unsafe { host_end(id) }
}

/// `__fngate_net_close(id)`: stops and forgets the handle.
fn close(id: i32) {
    OPEN.with(|o| o.set(o.get().saturating_sub(1)));
    // SAFETY: a plain call.
    unsafe { host_close(id) }
}

/// Whether any handle is open.
pub fn busy() -> bool {
    OPEN.with(Cell::get) > 0
}

/// Forgets the handles a snapshot holds: they belong to the process that made it.
pub fn forget() {
    OPEN.with(|o| o.set(0));
}

/// Waits up to `timeout_ms` (negative: as long as it takes) for the next
/// event and hands it to `__fngate_io(header, bytes)`; whether one came.
pub fn poll(ctx: &Ctx<'_>, timeout_ms: f64) -> Result<bool> {
    let mut buf: Vec<u8> = Vec::with_capacity(80 << 10);
    let mut n = unsafe { host_poll(timeout_ms, buf.as_mut_ptr(), buf.capacity()) };
    if n < 0 {
        buf.reserve(n.unsigned_abs() as usize);
        // SAFETY: the host writes at most `cap` bytes at `ptr`.
        n = unsafe { host_poll(0.0, buf.as_mut_ptr(), buf.capacity()) };
    }
    if n <= 0 {
        return Ok(false);
    }
    // SAFETY: the host wrote `n` bytes.
    unsafe { buf.set_len(n as usize) };
    let split = buf.iter().position(|&b| b == b'\n').unwrap_or(buf.len());
    let header = String::from_utf8_lossy(&buf[..split]).into_owned();
    let data = buf.get(split + 1..).unwrap_or_default();
    let data = if data.is_empty() {
        Value::new_undefined(ctx.clone())
    } else {
        ArrayBuffer::new_copy(ctx.clone(), data)?.into_value()
    };
    let io: Function = ctx.globals().get("__fngate_io")?;
    io.call::<_, ()>((header, data))?;
    Ok(true)
}

//! The guest side of fngate: write an SCF handler as a plain typed Rust function.
//!
//! ```no_run
//! use fngate_sdk::{Context, Event, Response};
//!
//! fn main_handler(event: Event, _ctx: Context) -> Result<Response, std::convert::Infallible> {
//!     Ok(Response::html(format!("hello {}", event.path)))
//! }
//!
//! fngate_sdk::entry!(main_handler);
//! ```
//!
//! Build it with `fngate build` (or `cargo build --release --target wasm32-wasip1`).
//! The SDK reads the event from stdin, builds the [`Context`] from the environment,
//! calls the handler and writes its result to stdout: a [`Response`] for APIs with
//! `integratedResponse: true`, or any `Serialize` value for passthrough APIs. An
//! `Err` or a panic becomes the SCF error body on stdout and exit code 1, which
//! the host reports as a user code exception (SCF status 430).
//!
//! stdout belongs to the response: **do not use `println!`** in a handler, it would
//! corrupt the response. Log with [`log!`] (or `eprintln!`), which writes to
//! stderr, the function's log.
#![deny(missing_docs)]

use std::fmt::{Debug, Display};
use std::io::{Read, Write};

use fngate_event::frame;
pub use fngate_event::{
    Context, Event, HeaderValue, Identity, IntegratedResponse as Response, QueryValue, RequestContext,
    ScfError,
};
use serde::Serialize;

/// Something a handler may return: any serializable value. A [`Response`]
/// serializes to the integrated-response shape; anything else is a passthrough body.
pub trait IntoResponse: Serialize {}

impl<T: Serialize> IntoResponse for T {}

/// Writes a line to the function's log (stderr), like `eprintln!`.
#[macro_export]
macro_rules! log {
    ($($arg:tt)*) => { ::std::eprintln!($($arg)*) };
}

/// Registers `handler` as the function's entry point: expands to `fn main`.
#[macro_export]
macro_rules! entry {
    ($handler:path) => {
        fn main() {
            $crate::run($handler)
        }
    };
}

/// Bytes reserved for the event before reading it; bigger events grow the buffer.
const EVENT_CAPACITY: usize = 16 << 10;

/// Runs one invocation: reads the event, calls `handler` and writes the response.
/// Returns on success (so `main` returns and the guest exits 0 without a
/// `proc_exit` call, the cheapest way out); exits 1 on failure. Normally called
/// through [`entry!`].
pub fn run<F, R, E>(mut handler: F)
where
    F: FnMut(Event, Context) -> Result<R, E>,
    R: IntoResponse,
    E: Display + Debug,
{
    std::panic::set_hook(Box::new(|info| {
        let message = match (info.payload().downcast_ref::<&str>(), info.payload().downcast_ref::<String>()) {
            (Some(s), _) => (*s).to_owned(),
            (_, Some(s)) => s.clone(),
            _ => "panic".to_owned(),
        };
        let location = info.location().map(|l| format!("panicked at {l}"));
        fail(&message, location)
    }));
    if std::env::var(fngate_event::env::FRAMING).as_deref() == Ok("1") {
        return run_framed(handler);
    }
    // Room for a typical event up front: `read_to_end` then takes one read plus
    // the one that sees EOF, where an empty Vec costs a probe read and a read per
    // doubling, each a host call (measured: 7 -> 2 calls, ~15k instructions saved).
    let mut input = Vec::with_capacity(EVENT_CAPACITY);
    if let Err(e) = std::io::stdin().read_to_end(&mut input) {
        fail(&format!("cannot read the event from stdin: {e}"), None);
    }
    let event: Event = match serde_json::from_slice(&input) {
        Ok(event) => event,
        Err(e) => fail(&format!("the event is not valid JSON: {e}"), None),
    };
    let context = Context::from_env(std::env::vars());
    match handler(event, context) {
        Ok(response) => {
            let body = match serde_json::to_vec(&response) {
                Ok(body) => body,
                Err(e) => fail(&format!("cannot serialize the response: {e}"), None),
            };
            write_stdout(&body);
        }
        Err(err) => fail(&err.to_string(), Some(format!("{err:?}"))),
    }
}

/// A warm instance's loop: one framed event after another until stdin ends
/// (docs/guest-contract.md, [`fngate_event::frame`]), each answered with a
/// framed response; a handler error is an `error` frame holding the SCF error
/// body. Each invocation's context and `SCF_REQUESTID` carry its own request id.
fn run_framed<F, R, E>(mut handler: F)
where
    F: FnMut(Event, Context) -> Result<R, E>,
    R: IntoResponse,
    E: Display + Debug,
{
    let base = Context::from_env(std::env::vars());
    let mut input = std::io::stdin().lock();
    loop {
        let (request_id, bytes) = match frame::read_event(&mut input) {
            Ok(Some(event)) => event,
            Ok(None) => return,
            Err(e) => fail(&format!("cannot read the event from stdin: {e}"), None),
        };
        // SAFETY: a wasm guest has one thread, and nothing holds the environment.
        unsafe { std::env::set_var(fngate_event::env::REQUEST_ID, &request_id) };
        let context = base.for_invocation(&request_id);
        let answer = match serde_json::from_slice::<Event>(&bytes) {
            Err(e) => Err((format!("the event is not valid JSON: {e}"), None)),
            Ok(event) => match handler(event, context) {
                Ok(response) => serde_json::to_vec(&response)
                    .map_err(|e| (format!("cannot serialize the response: {e}"), None)),
                Err(err) => Err((err.to_string(), Some(format!("{err:?}")))),
            },
        };
        let (ok, body) = match answer {
            Ok(body) => (true, body),
            Err((message, stack_trace)) => {
                eprintln!("{message}");
                let code = fngate_event::status::USER_CODE_EXCEPTION;
                (false, ScfError { stack_trace, ..ScfError::new(code, message) }.to_json())
            }
        };
        // A failed write leaves nothing to report to: the host judges what arrived.
        let _ = frame::write_response(&mut *unbuffered_stdout(), ok, &body);
    }
}

/// Reports a handler failure the way SCF runtimes do: the error on stderr, the SCF
/// error body on stdout, exit code 1.
fn fail(message: &str, stack_trace: Option<String>) -> ! {
    eprintln!("{message}");
    let error = ScfError { stack_trace, ..ScfError::new(fngate_event::status::USER_CODE_EXCEPTION, message) };
    write_stdout(&error.to_json());
    std::process::exit(1)
}

fn write_stdout(bytes: &[u8]) {
    // A failed write leaves nothing to report to: the host judges what arrived.
    let _ = unbuffered_stdout().write_all(bytes);
}

/// stdout without std's line buffering, which splits a write at its last
/// newline (a frame's header) into two host calls: what is written here goes
/// out in one.
fn unbuffered_stdout() -> std::mem::ManuallyDrop<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: fd 1 is stdout, open for the guest's life; `ManuallyDrop` never
    // closes it, and nothing else owns it as a `File`.
    std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) })
}

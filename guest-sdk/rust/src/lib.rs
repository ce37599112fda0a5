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
//! The handler's first argument is the event as any `Deserialize` type, as
//! SCF's Go runtime takes it: [`Event`] for the whole API gateway event, your
//! own struct for the fields you read (the rest is skipped, not copied),
//! `serde_json::Value`, or [`IgnoredAny`] for a handler that does not read its
//! event, which is then not parsed at all. Parsing the whole [`Event`] is most
//! of what a warm hello world costs inside the guest (about 44k of 59k
//! instructions per request), so take only what the handler needs:
//!
//! ```no_run
//! use fngate_sdk::{Context, IgnoredAny, Response};
//!
//! fn main_handler(_event: IgnoredAny, _ctx: Context) -> Result<Response, std::convert::Infallible> {
//!     Ok(Response::html("hello world"))
//! }
//!
//! fngate_sdk::entry!(main_handler);
//! ```
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
use serde::de::DeserializeOwned;
pub use serde::de::IgnoredAny;

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
/// through [`entry!`]. `T` is the handler's event type (see the crate docs).
pub fn run<F, R, E, T>(mut handler: F)
where
    F: FnMut(T, Context) -> Result<R, E>,
    T: DeserializeOwned + 'static,
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
    let event = match parse_event(&input) {
        Ok(event) => event,
        Err(e) => fail(&e, None),
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
fn run_framed<F, R, E, T>(mut handler: F)
where
    F: FnMut(T, Context) -> Result<R, E>,
    T: DeserializeOwned + 'static,
    R: IntoResponse,
    E: Display + Debug,
{
    let base = Context::from_env(std::env::vars());
    let mut input = std::io::stdin().lock();
    let (mut header, mut bytes) = (Vec::new(), Vec::new());
    loop {
        let request_id = match frame::read_event_into(&mut input, &mut header, &mut bytes) {
            Ok(Some(request_id)) => request_id,
            Ok(None) => return,
            Err(e) => fail(&format!("cannot read the event from stdin: {e}"), None),
        };
        // SAFETY: a wasm guest has one thread, and nothing holds the environment.
        unsafe { std::env::set_var(fngate_event::env::REQUEST_ID, request_id) };
        let context = base.for_invocation(request_id);
        let answer = match parse_event(&bytes) {
            Err(e) => Err((e, None)),
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

/// The event in `bytes` as the handler's type, or why it is not one. The UTF-8
/// check is made once on the whole event, not on each of its ~60 strings as
/// `from_slice` does (measured in the guest: 7.8k of a warm hello world's 66k
/// instructions).
fn parse_event<T: DeserializeOwned + 'static>(bytes: &[u8]) -> Result<T, String> {
    // A handler that takes `IgnoredAny` reads nothing of its event, so it is
    // not parsed at all: the host writes it, always valid JSON, and checking
    // it anyway was ~14k of the 26k instructions such a guest spent per warm
    // request.
    if std::any::TypeId::of::<T>() == std::any::TypeId::of::<IgnoredAny>() {
        return serde_json::from_str("null").map_err(|e| e.to_string());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| format!("the event is not valid JSON: {e}"))?;
    serde_json::from_str(text).map_err(|e| match e.classify() {
        serde_json::error::Category::Data => format!("the event does not fit the handler's event type: {e}"),
        _ => format!("the event is not valid JSON: {e}"),
    })
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

#[cfg(test)]
mod tests {
    use super::*;

    const EVENT: &[u8] = br#"{"requestContext":{"serviceId":"s","path":"/p","httpMethod":"ANY","identity":{},"sourceIp":"127.0.0.1","stage":"release"},"headers":{"host":"h"},"isBase64Encoded":false,"pathParameters":{},"queryStringParameters":{},"headerParameters":{},"stageVariables":{},"path":"/p","queryString":{},"httpMethod":"POST"}"#;

    #[derive(Debug, serde::Deserialize)]
    #[serde(rename_all = "camelCase")]
    struct Mine {
        path: String,
        http_method: String,
    }

    #[test]
    fn the_event_parses_as_the_type_the_handler_takes() {
        let event: Event = parse_event(EVENT).unwrap();
        assert_eq!((event.path.as_str(), event.headers["host"].as_str()), ("/p", "h"));
        let mine: Mine = parse_event(EVENT).unwrap();
        assert_eq!((mine.path.as_str(), mine.http_method.as_str()), ("/p", "POST"));
        let _: IgnoredAny = parse_event(EVENT).unwrap();
        let _: serde_json::Value = parse_event(EVENT).unwrap();
    }

    #[test]
    fn a_bad_event_says_whether_it_is_not_json_or_does_not_fit() {
        for bad in [&b"{\"path\": "[..], b"\xff", b"{} x"] {
            let err = parse_event::<serde_json::Value>(bad).unwrap_err();
            assert!(err.starts_with("the event is not valid JSON: "), "{err}");
            parse_event::<IgnoredAny>(bad).expect("an ignored event is not read");
        }
        let err = parse_event::<Mine>(br#"{"path": 42}"#).unwrap_err();
        assert!(err.starts_with("the event does not fit the handler's event type: "), "{err}");
    }
}

//! Runs one SCF-style function, compiled to WebAssembly, on one event.
//!
//! This crate is fngate's only contact with wasmtime, and it exposes just the part
//! the product uses: a [`Runtime`] (one engine, one epoch ticker, one on-disk
//! module cache, one pool of instance slots) loads a [`FunctionSpec`] into a
//! [`Function`] (a compiled module kept as an `InstancePre`) and runs it on an
//! event with [`Runtime::invoke`]. Each invocation gets a fresh store and
//! instance (or, for a function with `warm:`, one kept between invocations):
//! the event on WASI stdin, the response captured from stdout, the log
//! from stderr, the timeout enforced by epoch interruption and `memorySize` by a
//! store limiter. The result is an [`Invocation`] whose [`Outcome`] is typed and
//! maps to the SCF error of spec §5. The code may be a WASI preview-1 command
//! module, a WASI 0.2 command component (the same contract), or a wasi:http
//! component, run on an HTTP request instead with [`Runtime::invoke_http_reserved`].
//!
//! ```no_run
//! # async fn demo() -> anyhow::Result<()> {
//! use fngate_runtime::{FunctionSpec, Runtime, RuntimeConfig};
//! let runtime = Runtime::new(RuntimeConfig::default())?;
//! let function = runtime.load(FunctionSpec::new("hello_world", "examples/hello-world/hello_world.wasm"))?;
//! let invocation = runtime.invoke(&function, b"{}".to_vec(), "0123456789abcdef0123456789abcdef").await;
//! println!("{:?}", invocation.outcome);
//! # Ok(()) }
//! ```
//!
//! Its files in layers, each importing only from the layers below (checked by
//! `tests/layers.rs`):
//! - types: `error` (why a module cannot load), `outcome`, `limiter`, `capture`;
//! - mechanisms that know nothing of each other: `capacity`, `config`, `cache`,
//!   `stage`, `net` (the guest's network), `state` (a store's data), `ticker`;
//! - `pool` (warm instances as data, and the place an invocation runs in), then
//!   `function` (a loaded function, holding its pool);
//! - the invocations, with `Runtime` as their face: `invoke` (the guest set-up
//!   and fresh instances), `snapshot`, `runtime` (still one circle among these
//!   three: `Runtime`'s methods live in each one's file; issue 39 takes it
//!   apart), then `warm` (invocations in warm instances);
//! - on top: `http` (wasi:http invocations) and `log` (an invocation's SCF lines).
#![deny(missing_docs)]

mod cache;
mod capacity;
mod capture;
mod config;
mod error;
mod function;
mod http;
mod invoke;
mod limiter;
mod log;
mod net;
mod outcome;
mod pool;
mod runtime;
mod snapshot;
mod stage;
mod state;
mod ticker;
mod warm;

pub use capacity::default_memory_budget_mb;
pub use capture::{LogSink, MAX_LOG_LINES, Streamed};
pub use config::{RuntimeConfig, default_cache_dir};
pub use error::ModuleError;
pub use function::{Abi, Function, FunctionSpec};
pub use invoke::Invocation;
pub use log::{LogLine, function_line, start_line};
pub use net::outbound_counts;
pub use outcome::Outcome;
pub use pool::Place;
pub use pool::Warm;
pub use runtime::{Runtime, RuntimeError};

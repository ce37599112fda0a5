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
//! `tests/layers.rs`, which finds no circle):
//! 1. types: `error` (why a module cannot load, why the runtime cannot
//!    start), `outcome`, `limiter`, `capture`, `invocation` (the record of one)
//!    and `log` (its SCF lines);
//! 2. mechanisms that know nothing of each other: `capacity`, `config`,
//!    `cache`, `stage`, `net` (the guest's network), `stdio` (a module's
//!    standard streams, read and written directly), `state` (a store's data),
//!    `ticker`, `python` (the Python runtime component, built once);
//! 3. `host` (the engine, linkers, slots and cache every invocation shares),
//!    `pool` (warm instances as data), then `function` (a loaded function);
//! 4. `guest`: the one guest set-up every invocation shares (its store, its run
//!    under a deadline, the outcome of its end);
//! 5. the ways to invoke, each on its own: `fresh`, `warm` (which falls back
//!    to `fresh`), `http` (wasi:http components), and `snapshot` (a
//!    JavaScript handler's load step, run once and kept);
//! 6. `runtime`: [`Runtime`], the only face, loading functions and choosing
//!    how each runs.
#![deny(missing_docs)]

mod cache;
mod capacity;
mod capture;
mod config;
mod error;
mod fresh;
mod function;
mod guest;
mod host;
mod http;
mod invocation;
mod limiter;
mod log;
mod net;
mod outcome;
mod pool;
mod python;
mod runtime;
mod snapshot;
mod stage;
mod state;
mod stdio;
mod ticker;
mod warm;

pub use capacity::default_memory_budget_mb;
pub use capture::{LogSink, MAX_LOG_LINES, Streamed};
pub use config::{RuntimeConfig, default_cache_dir};
pub use error::{ModuleError, RuntimeError};
pub use function::{Abi, Function, FunctionSpec, Language};
pub use invocation::Invocation;
pub use log::{LogLine, function_line, start_line};
pub use net::outbound_counts;
pub use outcome::Outcome;
pub use pool::Place;
pub use pool::Warm;
pub use runtime::Runtime;

//! The built-in JavaScript engine: `guest-sdk/js-runtime` compiled to
//! `wasm32-wasip1` by this crate's build script and embedded in the binary, so a
//! built `fngate` serves `Nodejs*` functions anywhere, with no cargo and no source
//! tree at run time.
#![deny(missing_docs)]

/// The engine module: a WASI preview1 command that runs the handler named by
/// `_HANDLER` from the code directory mounted at `/code`.
pub static MODULE: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/fngate_js.wasm"));

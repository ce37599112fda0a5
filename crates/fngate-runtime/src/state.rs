//! What a guest's store holds: its WASI context and standard streams, memory
//! limiter, wasi:http state and network.

use wasmtime_wasi::p1::WasiP1Ctx;

use crate::limiter::Limiter;
use crate::net::{HasNet, Net, Outbound};
use crate::stdio::{HasStdio, Stdio};

/// The per-invocation store data.
pub(crate) struct State {
    pub(crate) wasi: WasiP1Ctx,
    /// The streams behind a module's descriptors 0–2, read and written directly.
    pub(crate) stdio: Stdio,
    pub(crate) limiter: Limiter,
    /// wasi:http's state, for wasi:http components.
    pub(crate) http: wasmtime_wasi_http::WasiHttpCtx,
    pub(crate) outbound: Outbound,
    /// The sockets and requests of a JavaScript function.
    pub(crate) net: Net,
}

impl wasmtime_wasi::WasiView for State {
    fn ctx(&mut self) -> wasmtime_wasi::WasiCtxView<'_> {
        self.wasi.ctx()
    }
}

impl HasStdio for State {
    fn stdio(&mut self) -> &mut Stdio {
        &mut self.stdio
    }

    fn wasi(&mut self) -> &mut WasiP1Ctx {
        &mut self.wasi
    }
}

impl HasNet for State {
    fn net(&mut self) -> &mut Net {
        &mut self.net
    }
}

//! One guest's set-up, shared by every way of invoking: its store (WASI
//! context, limiter, network), its run under a deadline, and the outcome its
//! end makes.

use std::path::Path;
use std::time::{Duration, Instant};

use bytes::Bytes;
use fngate_event::{PAYLOAD_LIMIT, ScfError, env};
use wasmtime::{Store, Trap, UpdateDeadline, WasmBacktrace};
use wasmtime_wasi::cli::StdinStream;
use wasmtime_wasi::p2::InputStream;
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtxBuilder};

use crate::capture::{Capture, Streamed};
use crate::error::ModuleError;
use crate::function::{Function, FunctionSpec, Pre};
use crate::host::Host;
use crate::limiter::{Counts, Limiter};
use crate::outcome::Outcome;
use crate::stage::Stage;
use crate::state::State;
use crate::stdio::Stdio;

/// The log an invocation kept, how many bytes it dropped, and what went to its
/// sink; `stderr` starts afresh (a warm instance's next invocation).
pub(crate) fn stderr_log(stderr: &Capture) -> (Bytes, usize, Streamed) {
    let streamed = stderr.finish_lines();
    let (log, logged) = stderr.take_reset();
    let dropped = logged - log.len();
    (log, dropped, streamed)
}

/// What a guest sees of the host's files: its staged code at `/code`, and a
/// Python function's packages at `/opt/python`.
#[derive(Clone, Copy, Default)]
pub(crate) struct Mounts<'a> {
    pub(crate) code: Option<&'a Stage>,
    pub(crate) packages: Option<&'a Path>,
}

impl<'a> Mounts<'a> {
    /// A loaded function's.
    pub(crate) fn of(function: &'a Function) -> Self {
        Mounts { code: function.stage.as_deref(), packages: function.packages.as_deref() }
    }
}

/// A fresh store for one run of a function's guest, with its stdout and stderr.
pub(crate) struct Guest {
    pub(crate) store: Store<State>,
    pub(crate) stdout: Capture,
    pub(crate) stderr: Capture,
}

impl Guest {
    /// A store whose WASI context gives the guest `stdin`, the function's
    /// environment (and the request id, when there is one), its staged code at
    /// `/code` (a Python function's packages at `/opt/python`), and whose limiter holds it (a `component` with all its core
    /// instances) to its `memorySize`.
    pub(crate) fn new(
        host: &Host,
        spec: &FunctionSpec,
        env: &[(String, String)],
        mounts: Mounts<'_>,
        stdin: impl StdinStream + InputStream + Clone + 'static,
        request_id: Option<&str>,
        component: bool,
    ) -> Result<Guest, ModuleError> {
        let stdout = Capture::stopping(PAYLOAD_LIMIT);
        let stderr = Capture::new(host.config.stderr_limit);
        let mut wasi = WasiCtxBuilder::new();
        wasi.stdin(stdin.clone()).stdout(stdout.clone()).stderr(stderr.clone()).arg(&spec.name).envs(env);
        if let Some(id) = request_id {
            wasi.env(env::REQUEST_ID, id);
        }
        if let Some(stage) = mounts.code {
            wasi.preopened_dir(stage.path(), "/code", FsPerms::ReadOnly)
                .map_err(|e| ModuleError::link(stage.path(), e))?;
        }
        if let Some(packages) = mounts.packages {
            wasi.preopened_dir(packages, "/opt/python", FsPerms::ReadOnly)
                .map_err(|e| ModuleError::link(packages, e))?;
        }
        let wasi = wasi.build_p1();
        let memory_limit = usize::try_from(spec.memory_mb << 20).unwrap_or(usize::MAX);
        let outbound = crate::net::Outbound::new(&spec.allowed_outbound_hosts);
        let counts = if component { Counts::COMPONENT } else { Counts::MODULE };
        let state = State {
            wasi,
            stdio: Stdio::new(stdin, stdout.clone(), stderr.clone()),
            limiter: Limiter::new(memory_limit, counts),
            http: wasmtime_wasi_http::WasiHttpCtx::new(),
            outbound: outbound.clone(),
            net: crate::net::Net::new(&spec.name, outbound),
        };
        let mut store = Store::new(&host.engine, state);
        store.limiter(|s| &mut s.limiter);
        Ok(Guest { store, stdout, stderr })
    }
}

/// Instantiates a command (module or component) in `store` and runs its `main`.
pub(crate) async fn run_command(pre: &Pre, store: &mut Store<State>) -> wasmtime::Result<()> {
    match pre {
        Pre::Module(pre) => {
            let instance = pre.instantiate_async(&mut *store).await?;
            let start = instance.get_typed_func::<(), ()>(&mut *store, "_start")?;
            start.call_async(&mut *store, ()).await
        }
        Pre::Command(pre) => {
            let command = pre.instantiate_async(&mut *store).await?;
            // `run` returning its error is `main` returning non-zero: exit 1.
            command.wasi_cli_run().call_run(&mut *store).await?.map_err(|()| I32Exit(1).into())
        }
        Pre::Http(_) => Err(wasmtime::Error::msg("a wasi:http component is not a command")),
    }
}

/// Runs `body` on `store` until `deadline`, when the guest is stopped wherever it is.
pub(crate) async fn run_until(
    store: &mut Store<State>,
    deadline: Instant,
    body: impl AsyncFnOnce(&mut Store<State>) -> wasmtime::Result<()>,
) -> wasmtime::Result<()> {
    // Check the wall clock on every epoch tick: stop the guest at most one tick
    // past its deadline, and otherwise yield so a CPU-bound guest never holds a
    // tokio worker for longer than a tick.
    store.set_epoch_deadline(1);
    store.epoch_deadline_callback(move |_| {
        Ok(if Instant::now() >= deadline { UpdateDeadline::Interrupt } else { UpdateDeadline::Yield(1) })
    });
    // Epoch interruption stops a guest running wasm; a guest waiting inside a
    // host call (a WASI clock in `poll_oneoff`, which is what a sleep is) runs
    // no wasm, so the same deadline also bounds the whole call from outside:
    // dropping the future cancels the guest wherever it is.
    match tokio::time::timeout_at(deadline.into(), body(store)).await {
        Ok(result) => result,
        Err(_) => Err(wasmtime::Error::new(Trap::Interrupt)),
    }
}

/// Decides the outcome. Order matters: a timeout explains whatever state the guest
/// was left in; a refused memory growth explains the trap or exit that followed
/// it; an oversized stdout is an error however the guest exited.
pub(crate) fn classify(
    result: wasmtime::Result<()>,
    stdout: Bytes,
    written: usize,
    memory_refused: bool,
    timeout: Duration,
    memory_mb: u64,
) -> Outcome {
    let exit = match &result {
        Ok(()) => Some(0),
        Err(e) => e.downcast_ref::<I32Exit>().map(|e| e.0),
    };
    if let Err(e) = &result
        && e.downcast_ref::<Trap>() == Some(&Trap::Interrupt)
    {
        return Outcome::Timeout { after: timeout };
    }
    if memory_refused && exit != Some(0) {
        return Outcome::MemoryLimit { limit_mb: memory_mb };
    }
    if written > PAYLOAD_LIMIT {
        return Outcome::OutputTooLarge { written };
    }
    match (exit, result) {
        (Some(0), _) => match serde_json::from_slice::<serde::de::IgnoredAny>(&stdout) {
            Ok(_) => Outcome::Success { stdout },
            Err(e) => Outcome::InvalidResponse { message: format!("stdout is not JSON: {e}") },
        },
        (Some(code), _) => match serde_json::from_slice::<ScfError>(&stdout) {
            Ok(err) => Outcome::HandlerError(err),
            Err(_) => Outcome::NonZeroExit(code),
        },
        (None, Err(e)) => Outcome::Trap {
            message: match e.downcast_ref::<Trap>() {
                // Its text starts `wasm trap: ` already.
                Some(trap) => trap.to_string(),
                None => format!("{e:#}"),
            },
            backtrace: e.downcast_ref::<WasmBacktrace>().map(|b| b.to_string()),
        },
        (None, Ok(())) => unreachable!("Ok always has exit code 0"),
    }
}

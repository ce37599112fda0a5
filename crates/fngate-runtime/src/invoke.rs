//! One invocation: a fresh store and instance, the event in, the response out.

use std::time::{Duration, Instant};

use bytes::Bytes;
use fngate_event::{PAYLOAD_LIMIT, ScfError, env};
use wasmtime::{Store, Trap, UpdateDeadline, WasmBacktrace};
use wasmtime_wasi::cli::StdinStream;
use wasmtime_wasi::p2::pipe::MemoryInputPipe;
use wasmtime_wasi::{FsPerms, I32Exit, WasiCtxBuilder};

use crate::capacity::Reservation;
use crate::capture::{Capture, LogSink, Streamed};
use crate::error::ModuleError;
use crate::function::{Function, FunctionSpec, Pre};
use crate::limiter::{Counts, Limiter};
use crate::outcome::Outcome;
use crate::pool::Place;
use crate::runtime::Runtime;
use crate::stage::Stage;
use crate::state::State;

/// The record of one invocation: its outcome, log and measurements.
#[derive(Debug)]
pub struct Invocation {
    /// The request id the guest was given.
    pub request_id: String,
    /// How it ended.
    pub outcome: Outcome,
    /// The function's stderr (at most the configured limit).
    pub log: Bytes,
    /// How many bytes of stderr were dropped past the limit.
    pub log_dropped: usize,
    /// Whether its log lines went to a [`LogSink`](crate::LogSink) as they
    /// were written (then [`Invocation::log_lines`] holds only the closing
    /// ones), and how many lines past the limit it dropped.
    pub streamed: Streamed,
    /// Wall time from the start of instantiation to the guest's exit.
    pub duration: Duration,
    /// The configured memory limit, in MB.
    pub memory_mb: u64,
    /// The largest linear memory the guest had, in bytes.
    pub peak_memory: usize,
}

impl Invocation {
    /// The record of an invocation that could not run because its module failed to load.
    pub fn module_error(request_id: &str, memory_mb: u64, err: ModuleError) -> Self {
        Self::failed(request_id, memory_mb, Outcome::ModuleError(err))
    }

    /// The record of a finished invocation.
    pub(crate) fn finished(
        request_id: &str,
        outcome: Outcome,
        (log, log_dropped, streamed): (Bytes, usize, Streamed),
        duration: Duration,
        memory_mb: u64,
        peak_memory: usize,
    ) -> Self {
        Invocation {
            request_id: request_id.to_owned(),
            outcome,
            log,
            log_dropped,
            streamed,
            duration,
            memory_mb,
            peak_memory,
        }
    }

    /// The record of an invocation that could not start, with its outcome.
    pub(crate) fn failed(request_id: &str, memory_mb: u64, outcome: Outcome) -> Self {
        Invocation {
            request_id: request_id.to_owned(),
            outcome,
            log: Bytes::new(),
            log_dropped: 0,
            streamed: Streamed::default(),
            duration: Duration::ZERO,
            memory_mb,
            peak_memory: 0,
        }
    }

    /// The SCF error body, request id filled in; `None` on success.
    pub fn scf_error(&self) -> Option<ScfError> {
        self.outcome.scf_error().map(|e| ScfError { request_id: Some(self.request_id.clone()), ..e })
    }
}

impl Runtime {
    /// Runs `function` once on `event`. Never fails: every way the guest can
    /// misbehave is an [`Outcome`]. Waits (without limit) for a slot and memory.
    pub async fn invoke(&self, function: &Function, event: impl Into<Bytes>, request_id: &str) -> Invocation {
        let place = self.reserve(function).await;
        self.invoke_reserved(place, function, event, request_id, None).await
    }

    /// Runs `function` once on `event` in `place` (from [`Runtime::reserve`]),
    /// which is given back the moment the invocation ends (at its deadline at
    /// the latest); a function with warm instances runs in one of them (see
    /// `warm.rs`). With a `log` sink, the function's log lines go to it as it
    /// writes them.
    pub async fn invoke_reserved(
        &self,
        place: Place,
        function: &Function,
        event: impl Into<Bytes>,
        request_id: &str,
        log: Option<LogSink>,
    ) -> Invocation {
        match function.pool.as_ref().filter(|p| p.framed()) {
            Some(pool) => self.invoke_warm(pool, place, function, event.into(), request_id, log).await,
            None => {
                self.invoke_fresh(place.into_reservation(), function, event.into(), request_id, log).await
            }
        }
    }

    /// Runs `function` once on `event` in a fresh instance.
    pub(crate) async fn invoke_fresh(
        &self,
        reservation: Reservation,
        function: &Function,
        event: Bytes,
        request_id: &str,
        log: Option<LogSink>,
    ) -> Invocation {
        let _reservation = reservation;
        let spec = &function.spec;
        if let Pre::Http(_) = function.pre {
            let message = "a wasi:http component answers HTTP requests, not events".to_owned();
            return Invocation::failed(request_id, spec.memory_mb, Outcome::InvalidResponse { message });
        }
        let guest = match Guest::new(
            self,
            spec,
            &function.env,
            function.stage.as_deref(),
            MemoryInputPipe::new(event),
            Some(request_id),
            !matches!(function.pre, Pre::Module(_)),
        ) {
            Ok(guest) => guest,
            Err(e) => return Invocation::module_error(request_id, spec.memory_mb, e),
        };
        let Guest { mut store, stdout, stderr } = guest;
        stderr.stream_lines(log);
        let started = Instant::now();
        let result = run_until(&mut store, started + spec.timeout, async |store| {
            run_command(&function.pre, store).await
        })
        .await;
        let duration = started.elapsed();

        let Limiter { peak, refused, .. } = store.into_data().limiter;
        let (out, written) = stdout.take();
        let outcome = classify(result, out, written, refused, spec.timeout, spec.memory_mb);
        Invocation::finished(request_id, outcome, stderr_log(&stderr), duration, spec.memory_mb, peak)
    }
}

/// The log an invocation kept, how many bytes it dropped, and what went to its
/// sink; `stderr` starts afresh (a warm instance's next invocation).
pub(crate) fn stderr_log(stderr: &Capture) -> (Bytes, usize, Streamed) {
    let streamed = stderr.finish_lines();
    let (log, logged) = stderr.take_reset();
    let dropped = logged - log.len();
    (log, dropped, streamed)
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
    /// `/code`, and whose limiter holds it (a `component` with all its core
    /// instances) to its `memorySize`.
    pub(crate) fn new(
        runtime: &Runtime,
        spec: &FunctionSpec,
        env: &[(String, String)],
        stage: Option<&Stage>,
        stdin: impl StdinStream + 'static,
        request_id: Option<&str>,
        component: bool,
    ) -> Result<Guest, ModuleError> {
        let stdout = Capture::stopping(PAYLOAD_LIMIT);
        let stderr = Capture::new(runtime.config.stderr_limit);
        let mut wasi = WasiCtxBuilder::new();
        wasi.stdin(stdin).stdout(stdout.clone()).stderr(stderr.clone()).arg(&spec.name).envs(env);
        if let Some(id) = request_id {
            wasi.env(env::REQUEST_ID, id);
        }
        if let Some(stage) = stage {
            wasi.preopened_dir(stage.path(), "/code", FsPerms::ReadOnly)
                .map_err(|e| ModuleError::link(stage.path(), e))?;
        }
        let wasi = wasi.build_p1();
        let memory_limit = usize::try_from(spec.memory_mb << 20).unwrap_or(usize::MAX);
        let outbound = crate::net::Outbound::new(&spec.allowed_outbound_hosts);
        let counts = if component { Counts::COMPONENT } else { Counts::MODULE };
        let state = State {
            wasi,
            limiter: Limiter::new(memory_limit, counts),
            http: wasmtime_wasi_http::WasiHttpCtx::new(),
            outbound: outbound.clone(),
            net: crate::net::Net::new(&spec.name, outbound),
        };
        let mut store = Store::new(&runtime.engine, state);
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

//! Warm instances (`custom.fngate.functions.<name>.warm`): a function's
//! instance kept between invocations, as SCF keeps a container warm, so
//! module-level state survives and the per-request instantiation is gone.
//!
//! The guest is told by `FNGATE_FRAMING=1` to read many events from one stdin
//! and to answer each on stdout, framed (the README's guest contract):
//! - host → guest: `<length> <request id>\n` then `<length>` bytes of event JSON;
//! - guest → host: `<length> ok\n` or `<length> error\n` then `<length>` bytes
//!   of response JSON (an SCF error body for `error`);
//! - end of stdin: the guest exits 0.
//!
//! An instance serves one invocation at a time, holds its instance slot and
//! `memorySize` of the budget for its whole life, and is dropped after any
//! failure, after `maxInvocations`, after `idleSeconds` without work, and with
//! its function (a reload's new version gets a new pool).

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use tokio::io::{AsyncRead, ReadBuf};
use wasmtime::{Trap, UpdateDeadline};
use wasmtime_wasi::I32Exit;
use wasmtime_wasi::cli::{IsTerminal, StdinStream};
use wasmtime_wasi::p2::{InputStream, Pollable, StreamResult};

use crate::capacity::Reservation;
use crate::capture::Capture;
use crate::function::{Function, Pre};
use crate::invoke::{Guest, Invocation, classify, run_command, stderr_log};
use crate::limiter::Watch;
use crate::outcome::Outcome;
use crate::runtime::Runtime;

/// `warm:` settings of one function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Warm {
    /// `maxInstances`: warm instances kept at most.
    pub max_instances: usize,
    /// `idleSeconds`: an instance unused this long is dropped.
    pub idle: Duration,
    /// `maxInvocations`: an instance is dropped after serving this many (0: no limit).
    pub max_invocations: u64,
}

/// A function's warm instances.
pub(crate) struct Pool {
    warm: Warm,
    state: Mutex<PoolState>,
}

#[derive(Default)]
struct PoolState {
    idle: Vec<Instance>,
    /// Instances alive, idle or busy.
    live: usize,
}

/// One live instance: its guest, suspended in its read of stdin between
/// invocations and driven by whichever request task uses it, so an invocation
/// costs no task switch.
struct Instance {
    guest: GuestRun,
    io: Io,
    served: u64,
    last_used: Instant,
    /// Its instance slot and memory, held for its life.
    _reservation: Reservation,
}

type GuestRun = Pin<Box<dyn Future<Output = wasmtime::Result<()>> + Send>>;

/// The host's side of a warm instance.
struct Io {
    stdin: FrameStdin,
    stdout: Capture,
    stderr: Capture,
    watch: Arc<Watch>,
    deadline: Arc<Mutex<Instant>>,
    timeout: Duration,
    memory_mb: u64,
}

/// What an instance did with one invocation.
struct Done {
    outcome: Outcome,
    log: (Bytes, usize),
    duration: Duration,
    peak: usize,
    /// Whether the instance may serve again.
    alive: bool,
}

impl Pool {
    /// An empty pool; a task drops its idle instances as they expire.
    pub(crate) fn new(warm: Warm) -> Arc<Pool> {
        let pool = Arc::new(Pool { warm, state: Mutex::default() });
        // Without a tokio runtime (a one-off `fngate invoke`), expiry is checked on use only.
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(sweep(Arc::downgrade(&pool)));
        }
        pool
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Drops idle instances unused for `idleSeconds`.
    fn expire(&self, state: &mut PoolState) {
        let now = Instant::now();
        let before = state.idle.len();
        state.idle.retain(|i| now.duration_since(i.last_used) < self.warm.idle);
        state.live -= before - state.idle.len();
    }
}

/// Drops idle instances past `idleSeconds`, for as long as the pool exists.
async fn sweep(pool: Weak<Pool>) {
    loop {
        let Some(p) = pool.upgrade() else { return };
        let every = (p.warm.idle / 2).clamp(Duration::from_millis(100), Duration::from_secs(5));
        let expired: Vec<Instance> = {
            let mut state = p.lock();
            let now = Instant::now();
            let (keep, gone) = std::mem::take(&mut state.idle)
                .into_iter()
                .partition(|i| now.duration_since(i.last_used) < p.warm.idle);
            state.idle = keep;
            state.live -= gone.len();
            gone
        };
        // Dropped outside the lock: a store's teardown takes time.
        drop(expired);
        drop(p);
        tokio::time::sleep(every).await;
    }
}

impl Runtime {
    /// Runs `function` (which has a pool) on `event`: in an idle warm instance
    /// (`reservation` is then given back at once: the instance holds its own),
    /// in a new one that keeps `reservation` for its life, or, when all are
    /// busy, in a fresh instance as usual.
    pub(crate) async fn invoke_warm(
        &self,
        pool: &Arc<Pool>,
        reservation: Reservation,
        function: &Function,
        event: Bytes,
        request_id: &str,
    ) -> Invocation {
        let spec = &function.spec;
        let pick = {
            let mut state = pool.lock();
            pool.expire(&mut state);
            match state.idle.pop() {
                Some(instance) => Some(Ok(instance)),
                None if state.live < pool.warm.max_instances => {
                    state.live += 1;
                    Some(Err(()))
                }
                None => None,
            }
        };
        let mut instance = match pick {
            Some(Ok(instance)) => {
                drop(reservation);
                instance
            }
            Some(Err(())) => match self.start_instance(function, reservation) {
                Ok(instance) => instance,
                Err(e) => {
                    pool.lock().live -= 1;
                    return Invocation::module_error(request_id, spec.memory_mb, e);
                }
            },
            // Every warm instance is busy: a fresh one, as without warm instances.
            None => return self.invoke_fresh(reservation, function, event, request_id).await,
        };
        let done = run(&mut instance, event, request_id, Instant::now() + spec.timeout).await;
        instance.served += 1;
        let reuse =
            done.alive && (pool.warm.max_invocations == 0 || instance.served < pool.warm.max_invocations);
        if reuse {
            instance.last_used = Instant::now();
            pool.lock().idle.push(instance);
        } else {
            pool.lock().live -= 1;
            drop(instance);
        }
        Invocation::finished(request_id, done.outcome, done.log, done.duration, spec.memory_mb, done.peak)
    }

    /// A warm instance of `function` holding `reservation`, its guest started
    /// (it runs up to its first read of stdin when first driven).
    fn start_instance(
        &self,
        function: &Function,
        reservation: Reservation,
    ) -> Result<Instance, crate::function::ModuleError> {
        let spec = &function.spec;
        let mut env = function.env.to_vec();
        env.push((fngate_event::env::FRAMING.to_owned(), "1".to_owned()));
        let stdin = FrameStdin::default();
        let component = !matches!(function.pre, Pre::Module(_));
        let Guest { mut store, stdout, stderr } =
            Guest::new(self, spec, &env, function.stage.as_deref(), stdin.clone(), None, component)?;
        let limiter = std::mem::replace(
            &mut store.data_mut().limiter,
            crate::limiter::Limiter::new(0, crate::limiter::Counts::MODULE),
        );
        let (limiter, watch) = limiter.watched();
        store.data_mut().limiter = limiter;
        let deadline = Arc::new(Mutex::new(Instant::now() + spec.timeout));
        let clock = deadline.clone();
        store.set_epoch_deadline(1);
        store.epoch_deadline_callback(move |_| {
            let due = *clock.lock().unwrap_or_else(|e| e.into_inner());
            Ok(if Instant::now() >= due { UpdateDeadline::Interrupt } else { UpdateDeadline::Yield(1) })
        });
        let pre = function.pre.clone();
        let guest: GuestRun = Box::pin(async move { run_command(&pre, &mut store).await });
        let io =
            Io { stdin, stdout, stderr, watch, deadline, timeout: spec.timeout, memory_mb: spec.memory_mb };
        Ok(Instance { guest, io, served: 0, last_used: Instant::now(), _reservation: reservation })
    }
}

/// One invocation in `instance`: the event goes in framed, and the guest runs
/// until its framed answer is out, `deadline` passes, or it ends.
async fn run(instance: &mut Instance, event: Bytes, request_id: &str, deadline: Instant) -> Done {
    let Instance { guest, io, .. } = instance;
    let started = Instant::now();
    *io.deadline.lock().unwrap_or_else(|e| e.into_inner()) = deadline;
    io.stdin.push(request_id, event);
    let stdout = &io.stdout;
    let answer = async {
        loop {
            let written = stdout.written();
            if let Some(frame) = stdout.peek(parse_frame) {
                return frame;
            }
            written.await;
        }
    };
    let finished = tokio::select! {
        biased;
        result = guest.as_mut() => Some(Err(result)),
        frame = answer => Some(Ok(frame)),
        () = tokio::time::sleep_until(deadline.into()) => None,
    };
    let duration = started.elapsed();
    let refused = io.watch.refused.load(std::sync::atomic::Ordering::Relaxed);
    let (timeout, memory_mb) = (io.timeout, io.memory_mb);
    let (outcome, alive) = match finished {
        Some(Ok((header, failed, length))) => {
            io.stdout.take_front(header);
            let body = io.stdout.take_front(length);
            let result = if failed { Err(wasmtime::Error::new(I32Exit(1))) } else { Ok(()) };
            let outcome = classify(result, body.clone(), body.len(), refused, timeout, memory_mb);
            let alive = matches!(outcome, Outcome::Success { .. });
            (outcome, alive)
        }
        Some(Err(result)) => {
            let (out, written) = io.stdout.take_reset();
            let outcome = match result {
                Ok(()) => {
                    Outcome::InvalidResponse { message: "the warm instance exited without answering".into() }
                }
                Err(e) => classify(Err(e), out, written, refused, timeout, memory_mb),
            };
            (outcome, false)
        }
        None => {
            let interrupted = Err(wasmtime::Error::new(Trap::Interrupt));
            (classify(interrupted, Bytes::new(), 0, refused, timeout, memory_mb), false)
        }
    };
    let peak = io.watch.peak.load(std::sync::atomic::Ordering::Relaxed);
    let (log, logged) = io.stderr.take_reset();
    Done { outcome, log: stderr_log(log, logged), duration, peak, alive }
}

/// A response frame at the start of `out`: (header length, failed, body
/// length), once the whole body has arrived.
fn parse_frame(out: &[u8]) -> Option<(usize, bool, usize)> {
    let newline = out.iter().position(|b| *b == b'\n')?;
    let header = std::str::from_utf8(&out[..newline]).ok()?;
    let (length, status) = header.split_once(' ')?;
    let length: usize = length.parse().ok()?;
    (out.len() >= newline + 1 + length).then_some((newline + 1, status == "error", length))
}

/// A warm instance's stdin: frames the host pushes, read by the guest as they come.
#[derive(Clone, Default)]
pub(crate) struct FrameStdin(Arc<StdinShared>);

#[derive(Default)]
pub(crate) struct StdinShared {
    chunks: Mutex<VecDeque<Bytes>>,
    ready: tokio::sync::Notify,
}

impl FrameStdin {
    /// Queues one event frame.
    fn push(&self, request_id: &str, event: Bytes) {
        let mut chunks = self.0.chunks.lock().unwrap_or_else(|e| e.into_inner());
        chunks.push_back(Bytes::from(format!("{} {request_id}\n", event.len())));
        chunks.push_back(event);
        drop(chunks);
        self.0.ready.notify_one();
    }

    fn read_some(&self, size: usize) -> Bytes {
        let mut chunks = self.0.chunks.lock().unwrap_or_else(|e| e.into_inner());
        let Some(chunk) = chunks.front_mut() else { return Bytes::new() };
        let read = chunk.split_to(size.min(chunk.len()));
        if chunk.is_empty() {
            chunks.pop_front();
        }
        read
    }

    fn has_data(&self) -> bool {
        !self.0.chunks.lock().unwrap_or_else(|e| e.into_inner()).is_empty()
    }
}

impl InputStream for FrameStdin {
    fn read(&mut self, size: usize) -> StreamResult<Bytes> {
        Ok(self.read_some(size))
    }
}

#[wasmtime_wasi::async_trait]
impl Pollable for FrameStdin {
    async fn ready(&mut self) {
        loop {
            let notified = self.0.ready.notified();
            if self.has_data() {
                return;
            }
            notified.await;
        }
    }
}

impl AsyncRead for FrameStdin {
    fn poll_read(
        self: Pin<&mut Self>,
        _: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        // Only `p2_stream` is used; a plain read sees what has arrived.
        let data = self.read_some(buf.remaining());
        buf.put_slice(&data);
        Poll::Ready(Ok(()))
    }
}

impl IsTerminal for FrameStdin {
    fn is_terminal(&self) -> bool {
        false
    }
}

impl StdinStream for FrameStdin {
    fn p2_stream(&self) -> Box<dyn InputStream> {
        Box::new(self.clone())
    }

    fn async_stream(&self) -> Box<dyn AsyncRead + Send + Sync> {
        Box::new(self.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn response_frames() {
        assert_eq!(parse_frame(b"5 ok\nhello"), Some((5, false, 5)));
        assert_eq!(parse_frame(b"5 error\nhel"), None, "the body is not all there");
        assert_eq!(parse_frame(b"2 error\n{}"), Some((8, true, 2)));
        assert_eq!(parse_frame(b"2 ok\n{}3 ok\n"), Some((5, false, 2)));
        assert_eq!(parse_frame(b"x ok\n"), None);
    }
}

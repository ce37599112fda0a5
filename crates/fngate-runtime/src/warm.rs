//! Warm instances (`custom.fngate.functions.<name>.warm`): a function's
//! instance kept between invocations, as SCF keeps a container warm, so
//! module-level state survives and the per-request instantiation is gone.
//!
//! The guest is told by `FNGATE_FRAMING=1` to read many events from one stdin
//! and to answer each on stdout, framed ([`fngate_event::frame`],
//! docs/guest-contract.md). A guest that does not speak it (it reads stdin again before
//! answering its first event, as a plain module reading to end of file does)
//! is dropped, its event run in a fresh instance, and its function runs fresh
//! instances from then on.
//!
//! An instance serves one invocation at a time, holds its instance slot and
//! `memorySize` of the budget for its whole life, and is dropped after any
//! failure, after `maxInvocations`, after `idleSeconds` without work, with its
//! function (a reload's new version gets a new pool), and when a request of
//! another function needs its place (see `Runtime::reserve`).

use std::collections::VecDeque;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, Weak};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use bytes::Bytes;
use fngate_event::frame;
use tokio::io::{AsyncRead, ReadBuf};
use tokio::sync::Notify;
use wasmtime::{Trap, UpdateDeadline};
use wasmtime_wasi::I32Exit;
use wasmtime_wasi::cli::{IsTerminal, StdinStream};
use wasmtime_wasi::p2::{InputStream, Pollable, StreamResult};

use crate::capacity::{Reservation, Waiting};
use crate::capture::{Capture, LogSink, Streamed};
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
    /// This function's requests waiting for a place, which an instance going
    /// idle is kept for.
    waiting: AtomicUsize,
    /// An instance went idle.
    idle_ready: Notify,
    /// Its guest does not speak the framing: it runs fresh instances.
    unframed: AtomicBool,
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
pub(crate) struct Instance {
    guest: GuestRun,
    io: Io,
    served: u64,
    last_used: Instant,
    /// Its instance slot and memory, held for its life.
    reservation: Reservation,
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

/// Why an event could not run in a warm instance, and runs in a fresh one.
enum NotRun {
    /// The guest does not speak the framing: it wants more of stdin before
    /// answering its first event, and wrote nothing.
    Unframed,
    /// A whole answer came out before the guest read this event: written
    /// ahead, after the previous answer, it answers no request.
    Stale,
}

/// What an instance did with one invocation: answered, failed or timed out.
struct Done {
    outcome: Outcome,
    log: (Bytes, usize, Streamed),
    duration: Duration,
    peak: usize,
    /// Whether the instance may serve again.
    alive: bool,
    /// It does not speak the framing: it exited 0 after its first event,
    /// answering unframed, as a plain module does that never reads stdin.
    unframed: bool,
}

/// A place to run one invocation: an instance slot and memory, or an idle warm instance
/// of its function (which holds its own). Get one with `Runtime::reserve`.
pub struct Place(pub(crate) Held);

/// What a [`Place`] holds.
pub(crate) enum Held {
    Reserved(Reservation),
    Warm(Box<Instance>),
}

impl Place {
    /// The reservation this place holds (a warm instance's, the instance dropped).
    pub(crate) fn into_reservation(self) -> Reservation {
        match self.0 {
            Held::Reserved(reservation) => reservation,
            Held::Warm(instance) => instance.into_reservation(),
        }
    }
}

impl std::fmt::Debug for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self.0 {
            Held::Reserved(_) => "Place::Reserved",
            Held::Warm(_) => "Place::Warm",
        })
    }
}

impl Instance {
    /// Its reservation, the guest dropped first.
    pub(crate) fn into_reservation(self) -> Reservation {
        let Instance { guest, io, reservation, .. } = self;
        drop((guest, io));
        reservation
    }
}

impl Pool {
    /// An empty pool; a task drops its idle instances as they expire.
    pub(crate) fn new(warm: Warm) -> Arc<Pool> {
        let pool = Arc::new(Pool {
            warm,
            state: Mutex::default(),
            waiting: AtomicUsize::new(0),
            idle_ready: Notify::new(),
            unframed: AtomicBool::new(false),
        });
        // Without a tokio runtime (a one-off `fngate invoke`), expiry is checked on use only.
        if let Ok(handle) = tokio::runtime::Handle::try_current() {
            handle.spawn(sweep(Arc::downgrade(&pool)));
        }
        pool
    }

    /// Whether its function's guest speaks the framing (as far as is known).
    pub(crate) fn framed(&self) -> bool {
        !self.unframed.load(Ordering::Relaxed)
    }

    /// Runs its function in fresh instances from now on: its guest does not speak the framing.
    fn mark_unframed(&self, function: &str) {
        if !self.unframed.swap(true, Ordering::Relaxed) {
            tracing::warn!(
                "function {function}: its module does not speak the warm instances' framing (FNGATE_FRAMING, docs/guest-contract.md); it runs fresh instances"
            );
        }
    }

    /// Its instances alive, idle or busy.
    pub(crate) fn live(&self) -> usize {
        self.lock().live
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes out the idle instances unused for `idleSeconds`, for the caller to
    /// drop outside the lock (a store's teardown takes time). Idle instances
    /// are pushed as they are used, under the lock, so the oldest come first:
    /// a request looks at one instance, not at all of them.
    fn take_expired(&self, state: &mut PoolState) -> Vec<Instance> {
        let now = Instant::now();
        let fresh = |i: &Instance| now.duration_since(i.last_used) < self.warm.idle;
        let expired = state.idle.partition_point(|i| !fresh(i));
        if expired == 0 {
            return Vec::new();
        }
        state.live -= expired;
        state.idle.drain(..expired).collect()
    }

    /// The most recently used idle instance, if any is left after expiry.
    pub(crate) fn take_idle(&self) -> Option<Instance> {
        let (instance, expired) = {
            let mut state = self.lock();
            let expired = self.take_expired(&mut state);
            (state.idle.pop(), expired)
        };
        drop(expired);
        instance
    }

    /// Counts one of this function's requests waiting for a place.
    pub(crate) fn wait(&self) -> Waiting<'_> {
        Waiting::new(&self.waiting)
    }

    /// Resolves when an instance may have gone idle (register with `enable` first).
    pub(crate) fn idle_ready(&self) -> tokio::sync::futures::Notified<'_> {
        self.idle_ready.notified()
    }

    /// Drops its longest idle instance; returns whether it had one.
    fn evict_oldest(&self) -> bool {
        let evicted = {
            let mut state = self.lock();
            let oldest = (0..state.idle.len()).min_by_key(|&i| state.idle[i].last_used);
            oldest.map(|i| {
                state.live -= 1;
                state.idle.swap_remove(i)
            })
        };
        evicted.is_some()
    }

    fn oldest_idle(&self) -> Option<Instant> {
        self.lock().idle.iter().map(|i| i.last_used).min()
    }
}

/// Drops idle instances past `idleSeconds`, for as long as the pool exists.
async fn sweep(pool: Weak<Pool>) {
    loop {
        let Some(p) = pool.upgrade() else { return };
        let every = (p.warm.idle / 2).clamp(Duration::from_millis(100), Duration::from_secs(5));
        let expired = p.take_expired(&mut p.lock());
        drop(expired);
        drop(p);
        tokio::time::sleep(every).await;
    }
}

/// Every function's pool, so a request that finds the runtime full can take a
/// place back from an idle instance of any function.
#[derive(Default)]
pub(crate) struct Pools(Mutex<Vec<Weak<Pool>>>);

impl Pools {
    /// Registers `pool` (forgotten once it is dropped).
    pub(crate) fn add(&self, pool: &Arc<Pool>) {
        let mut pools = self.0.lock().unwrap_or_else(|e| e.into_inner());
        pools.retain(|p| p.strong_count() > 0);
        pools.push(Arc::downgrade(pool));
    }

    /// Drops the longest idle instance of any function; returns whether there was one.
    pub(crate) fn evict_oldest_idle(&self) -> bool {
        let pools: Vec<Arc<Pool>> =
            self.0.lock().unwrap_or_else(|e| e.into_inner()).iter().filter_map(Weak::upgrade).collect();
        let oldest = pools.iter().filter_map(|p| Some((p.oldest_idle()?, p))).min_by_key(|(at, _)| *at);
        oldest.is_some_and(|(_, pool)| pool.evict_oldest())
    }
}

impl Runtime {
    /// Runs `function` (which has a pool) on `event` in the place given: the
    /// idle warm instance it holds, a new instance that keeps its reservation
    /// for its life, or, when `maxInstances` are alive, a fresh instance as usual.
    pub(crate) async fn invoke_warm(
        &self,
        pool: &Arc<Pool>,
        place: Place,
        function: &Function,
        event: Bytes,
        request_id: &str,
        log: Option<LogSink>,
    ) -> Invocation {
        let spec = &function.spec;
        let mut instance = match place.0 {
            Held::Warm(instance) => *instance,
            Held::Reserved(reservation) => {
                let start = {
                    let mut state = pool.lock();
                    let room = state.live < pool.warm.max_instances;
                    state.live += usize::from(room);
                    room
                };
                if !start {
                    return self.invoke_fresh(reservation, function, event, request_id, log).await;
                }
                match self.start_instance(function, reservation) {
                    Ok(instance) => instance,
                    Err(e) => {
                        pool.lock().live -= 1;
                        return Invocation::module_error(request_id, spec.memory_mb, e);
                    }
                }
            }
        };
        let mut replaced = false;
        let done = loop {
            let deadline = Instant::now() + spec.timeout;
            match run(&mut instance, event.clone(), request_id, deadline, log.clone()).await {
                Ok(done) => break done,
                // An instance that wrote ahead is replaced by a new one in
                // its place (once: a guest that does it again runs fresh).
                Err(NotRun::Stale) if !replaced => {
                    replaced = true;
                    tracing::warn!(
                        "function {}: a warm instance wrote an answer before it read request {request_id}; dropped, the request runs in a new instance",
                        spec.name
                    );
                    match self.start_instance(function, instance.into_reservation()) {
                        Ok(new) => instance = new,
                        Err(e) => {
                            pool.lock().live -= 1;
                            return Invocation::module_error(request_id, spec.memory_mb, e);
                        }
                    }
                }
                Err(not_run) => {
                    pool.lock().live -= 1;
                    match not_run {
                        NotRun::Unframed => pool.mark_unframed(&spec.name),
                        NotRun::Stale => tracing::warn!(
                            "function {}: a new warm instance too wrote an answer before it read request {request_id}; dropped, the request runs in a fresh instance",
                            spec.name
                        ),
                    }
                    return self
                        .invoke_fresh(instance.into_reservation(), function, event, request_id, log)
                        .await;
                }
            }
        };
        if done.unframed {
            pool.mark_unframed(&spec.name);
        }
        instance.served += 1;
        let reuse =
            done.alive && (pool.warm.max_invocations == 0 || instance.served < pool.warm.max_invocations);
        let dropped = {
            let mut state = pool.lock();
            // A request of another function waiting for a place gets this one.
            if reuse && self.capacity.waiting() <= pool.waiting.load(Ordering::SeqCst) {
                instance.last_used = Instant::now();
                state.idle.push(instance);
                pool.idle_ready.notify_one();
                None
            } else {
                state.live -= 1;
                Some(instance)
            }
        };
        drop(dropped);
        Invocation::finished(request_id, done.outcome, done.log, done.duration, spec.memory_mb, done.peak)
    }

    /// A warm instance of `function` holding `reservation`, its guest started
    /// (it runs up to its first read of stdin when first driven).
    fn start_instance(
        &self,
        function: &Function,
        reservation: Reservation,
    ) -> Result<Instance, crate::error::ModuleError> {
        let spec = &function.spec;
        let mut env = function.env.to_vec();
        env.push((fngate_event::env::FRAMING.to_owned(), "1".to_owned()));
        let stdin = FrameStdin::default();
        let component = !matches!(function.pre, Pre::Module(_));
        let Guest { mut store, stdout, stderr } =
            Guest::new(self, spec, &env, function.stage.as_deref(), stdin.clone(), None, component)?;
        let _ = stdin.0.stdout.set(stdout.clone());
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
        Ok(Instance { guest, io, served: 0, last_used: Instant::now(), reservation })
    }
}

/// How a warm invocation's wait ended.
enum Finished {
    /// The guest's run ended (it exited, trapped or ran out of memory).
    Exited(wasmtime::Result<()>),
    /// A whole response frame, or output that is not one.
    Answered(frame::Response),
    /// The guest waits for more of stdin without a whole answer out.
    Starved,
    /// The deadline passed.
    TimedOut,
}

/// One invocation in `instance`: the event goes in framed, and the guest runs
/// until its framed answer is out, `deadline` passes, or it ends.
async fn run(
    instance: &mut Instance,
    event: Bytes,
    request_id: &str,
    deadline: Instant,
    log: Option<LogSink>,
) -> Result<Done, NotRun> {
    let first = instance.served == 0;
    let Instance { guest, io, .. } = instance;
    io.stderr.stream_lines(log);
    let started = Instant::now();
    *io.deadline.lock().unwrap_or_else(|e| e.into_inner()) = deadline;
    let starved = io.stdin.0.starved.notified();
    tokio::pin!(starved);
    starved.as_mut().enable();
    io.stdin.push(request_id, event);
    let stdout = &io.stdout;
    let answer = async {
        loop {
            let written = stdout.written();
            match stdout.peek(frame::parse_response) {
                frame::Response::Incomplete => written.await,
                response => return response,
            }
        }
    };
    let finished = tokio::select! {
        biased;
        result = guest.as_mut() => Finished::Exited(result),
        response = answer => Finished::Answered(response),
        () = &mut starved => match io.stdout.peek(frame::parse_response) {
            frame::Response::Incomplete if first && io.stdout.peek(|out| out.is_empty()) => {
                return Err(NotRun::Unframed);
            }
            frame::Response::Incomplete => Finished::Starved,
            response => Finished::Answered(response),
        },
        () = tokio::time::sleep_until(deadline.into()) => Finished::TimedOut,
    };
    let duration = started.elapsed();
    let refused = io.watch.refused.load(Ordering::Relaxed);
    let (timeout, memory_mb) = (io.timeout, io.memory_mb);
    let mut unframed = false;
    let (outcome, alive) = match finished {
        Finished::Answered(frame::Response::Complete { .. }) if !io.stdin.read_since_push() => {
            return Err(NotRun::Stale);
        }
        Finished::Answered(frame::Response::Complete { header, ok, length }) => {
            io.stdout.take_front(header);
            let body = io.stdout.take_front(length);
            let result = if ok { Ok(()) } else { Err(wasmtime::Error::new(I32Exit(1))) };
            let outcome = classify(result, body.clone(), body.len(), refused, timeout, memory_mb);
            // Output past the answer, before the next event is read, answers
            // no request: the answer given stands, the instance goes.
            let past = io.stdout.peek(<[u8]>::len);
            if past > 0 {
                tracing::warn!(
                    "request {request_id}: the warm instance wrote {past} bytes past its answer; dropped"
                );
            }
            let alive = past == 0 && matches!(outcome, Outcome::Success { .. });
            (outcome, alive)
        }
        Finished::Answered(frame::Response::Malformed(message)) => {
            (Outcome::InvalidResponse { message: format!("the warm instance's {message}") }, false)
        }
        Finished::Answered(frame::Response::Incomplete) => unreachable!("the wait ends on a whole frame"),
        Finished::Starved => {
            let message = "the warm instance read stdin again before its answer was whole".to_owned();
            (Outcome::InvalidResponse { message }, false)
        }
        Finished::Exited(result) => {
            let (out, written) = io.stdout.take_reset();
            let outcome = match result {
                // A plain module that ignored stdin: its output is its answer.
                Ok(()) if first => {
                    unframed = true;
                    classify(Ok(()), out, written, refused, timeout, memory_mb)
                }
                Ok(()) => {
                    Outcome::InvalidResponse { message: "the warm instance exited without answering".into() }
                }
                Err(e) => classify(Err(e), out, written, refused, timeout, memory_mb),
            };
            (outcome, false)
        }
        Finished::TimedOut => {
            let interrupted = Err(wasmtime::Error::new(Trap::Interrupt));
            (classify(interrupted, Bytes::new(), 0, refused, timeout, memory_mb), false)
        }
    };
    let peak = io.watch.peak.load(Ordering::Relaxed);
    Ok(Done { outcome, log: stderr_log(&io.stderr), duration, peak, alive, unframed })
}

/// A warm instance's stdin: frames the host pushes, read by the guest as they come.
#[derive(Clone, Default)]
pub(crate) struct FrameStdin(Arc<StdinShared>);

#[derive(Default)]
pub(crate) struct StdinShared {
    chunks: Mutex<VecDeque<Bytes>>,
    /// The guest has read from the last frame pushed.
    read: AtomicBool,
    /// Its stdout, and whether it held output when the guest first read the
    /// last frame pushed: output no answer to that frame can be.
    stdout: std::sync::OnceLock<Capture>,
    written_before_read: AtomicBool,
    /// The guest waits for input none has been pushed for (`notify_waiters`:
    /// only a wait registered before counts, so a stale one never does).
    starved: Notify,
}

impl FrameStdin {
    /// Queues one event frame.
    fn push(&self, request_id: &str, event: Bytes) {
        let mut chunks = self.0.chunks.lock().unwrap_or_else(|e| e.into_inner());
        chunks.push_back(Bytes::from(frame::event_header(event.len(), request_id)));
        chunks.push_back(event);
        self.0.read.store(false, Ordering::Relaxed);
    }

    /// Whether the guest has read any of the frame pushed last, with nothing
    /// on its stdout when it first did: whether what it writes now answers it.
    fn read_since_push(&self) -> bool {
        self.0.read.load(Ordering::Relaxed) && !self.0.written_before_read.load(Ordering::Relaxed)
    }

    fn read_some(&self, size: usize) -> Bytes {
        let mut chunks = self.0.chunks.lock().unwrap_or_else(|e| e.into_inner());
        let Some(chunk) = chunks.front_mut() else { return Bytes::new() };
        let read = chunk.split_to(size.min(chunk.len()));
        if chunk.is_empty() {
            chunks.pop_front();
        }
        if !read.is_empty() && !self.0.read.swap(true, Ordering::Relaxed) {
            let written = self.0.stdout.get().is_some_and(|out| out.peek(|b| !b.is_empty()));
            self.0.written_before_read.store(written, Ordering::Relaxed);
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
    /// Ready once a frame is queued. Registers no waker: the only task that
    /// pushes frames is the one that drives the guest, and it polls the guest
    /// right after pushing (waking the task that drove it last, perhaps
    /// another connection's, cost every warm invocation a spurious wake-up).
    async fn ready(&mut self) {
        let mut told = false;
        std::future::poll_fn(|_| {
            if self.has_data() {
                return Poll::Ready(());
            }
            if !std::mem::replace(&mut told, true) {
                self.0.starved.notify_waiters();
            }
            Poll::Pending
        })
        .await
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

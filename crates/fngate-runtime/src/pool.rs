//! A function's warm instances as data: the pool that keeps them, an instance
//! (its suspended guest and the host's side of its stdio), the place an
//! invocation runs in, and the framed stdin the host feeds. Running
//! invocations in them is `warm.rs`.

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
use wasmtime_wasi::cli::{IsTerminal, StdinStream};
use wasmtime_wasi::p2::{InputStream, Pollable, StreamResult};

use crate::capacity::{Reservation, Waiting};
use crate::capture::Capture;
use crate::limiter::Watch;

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
    pub(crate) warm: Warm,
    pub(crate) state: Mutex<PoolState>,
    /// This function's requests waiting for a place, which an instance going
    /// idle is kept for.
    pub(crate) waiting: AtomicUsize,
    /// An instance went idle.
    pub(crate) idle_ready: Notify,
    /// Its guest does not speak the framing: it runs fresh instances.
    pub(crate) unframed: AtomicBool,
}

#[derive(Default)]
pub(crate) struct PoolState {
    pub(crate) idle: Vec<Instance>,
    /// Instances alive, idle or busy.
    pub(crate) live: usize,
}

/// One live instance: its guest, suspended in its read of stdin between
/// invocations and driven by whichever request task uses it, so an invocation
/// costs no task switch.
pub(crate) struct Instance {
    pub(crate) guest: GuestRun,
    pub(crate) io: Io,
    pub(crate) served: u64,
    pub(crate) last_used: Instant,
    /// Its instance slot and memory, held for its life.
    pub(crate) reservation: Reservation,
}

pub(crate) type GuestRun = Pin<Box<dyn Future<Output = wasmtime::Result<()>> + Send>>;

/// The host's side of a warm instance.
pub(crate) struct Io {
    pub(crate) stdin: FrameStdin,
    pub(crate) stdout: Capture,
    pub(crate) stderr: Capture,
    pub(crate) watch: Arc<Watch>,
    pub(crate) deadline: Arc<Mutex<Instant>>,
    pub(crate) timeout: Duration,
    pub(crate) memory_mb: u64,
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
    pub(crate) fn mark_unframed(&self, function: &str) {
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

    pub(crate) fn lock(&self) -> std::sync::MutexGuard<'_, PoolState> {
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

/// A warm instance's stdin: frames the host pushes, read by the guest as they come.
#[derive(Clone, Default)]
pub(crate) struct FrameStdin(pub(crate) Arc<StdinShared>);

#[derive(Default)]
pub(crate) struct StdinShared {
    pub(crate) chunks: Mutex<VecDeque<Bytes>>,
    /// The guest has read from the last frame pushed.
    pub(crate) read: AtomicBool,
    /// Its stdout, and whether it held output when the guest first read the
    /// last frame pushed: output no answer to that frame can be.
    pub(crate) stdout: std::sync::OnceLock<Capture>,
    pub(crate) written_before_read: AtomicBool,
    /// The guest waits for input none has been pushed for (`notify_waiters`:
    /// only a wait registered before counts, so a stale one never does).
    pub(crate) starved: Notify,
}

impl FrameStdin {
    /// Queues one event frame.
    pub(crate) fn push(&self, request_id: &str, event: Bytes) {
        let mut chunks = self.0.chunks.lock().unwrap_or_else(|e| e.into_inner());
        chunks.push_back(Bytes::from(frame::event_header(event.len(), request_id)));
        chunks.push_back(event);
        self.0.read.store(false, Ordering::Relaxed);
    }

    /// Whether the guest has read any of the frame pushed last, with nothing
    /// on its stdout when it first did: whether what it writes now answers it.
    pub(crate) fn read_since_push(&self) -> bool {
        self.0.read.load(Ordering::Relaxed) && !self.0.written_before_read.load(Ordering::Relaxed)
    }

    pub(crate) fn read_some(&self, size: usize) -> Bytes {
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

    pub(crate) fn has_data(&self) -> bool {
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

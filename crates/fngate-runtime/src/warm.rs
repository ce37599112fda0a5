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

use std::sync::atomic::Ordering;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use fngate_event::frame;
use wasmtime::{Trap, UpdateDeadline};
use wasmtime_wasi::I32Exit;

use crate::capacity::Reservation;
use crate::capture::{LogSink, Streamed};
use crate::error::ModuleError;
use crate::function::{Function, Pre};
use crate::guest::{Guest, Mounts, classify, run_command, stderr_log};
use crate::host::Host;
use crate::invocation::Invocation;
use crate::limiter::{Counts, Limiter};
use crate::outcome::Outcome;
use crate::pool::{FrameStdin, GuestRun, Held, Instance, Io, Place, Pool};

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

/// Runs `function` (which has a pool) on `event` in the place given: the
/// idle warm instance it holds, a new instance that keeps its reservation
/// for its life, or, when `maxInstances` are alive, a fresh instance as usual.
pub(crate) async fn invoke(
    host: &Host,
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
                return crate::fresh::invoke(host, reservation, function, event, request_id, log).await;
            }
            match start_instance(host, function, reservation) {
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
                match start_instance(host, function, instance.into_reservation()) {
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
                let reservation = instance.into_reservation();
                return crate::fresh::invoke(host, reservation, function, event, request_id, log).await;
            }
        }
    };
    if done.unframed {
        pool.mark_unframed(&spec.name);
    }
    instance.served += 1;
    let reuse = done.alive && (pool.warm.max_invocations == 0 || instance.served < pool.warm.max_invocations);
    let dropped = {
        let mut state = pool.lock();
        // A request of another function waiting for a place gets this one.
        if reuse && host.capacity.waiting() <= pool.waiting.load(Ordering::SeqCst) {
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
    host: &Host,
    function: &Function,
    reservation: Reservation,
) -> Result<Instance, ModuleError> {
    let spec = &function.spec;
    let mut env = function.env.to_vec();
    env.push((fngate_event::env::FRAMING.to_owned(), "1".to_owned()));
    let stdin = FrameStdin::default();
    let component = !matches!(function.pre, Pre::Module(_));
    let Guest { mut store, stdout, stderr } =
        Guest::new(host, spec, &env, Mounts::of(function), stdin.clone(), None, component)?;
    let _ = stdin.0.stdout.set(stdout.clone());
    let limiter = std::mem::replace(&mut store.data_mut().limiter, Limiter::new(0, Counts::MODULE));
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
    let io = Io { stdin, stdout, stderr, watch, deadline, timeout: spec.timeout, memory_mb: spec.memory_mb };
    Ok(Instance { guest, io, served: 0, last_used: Instant::now(), reservation })
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

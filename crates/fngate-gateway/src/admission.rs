//! Admission: whether and when a routed request may start its function, and the
//! typed rejection when it may not.
//!
//! A request takes, in order: a slot of the function's `reservedConcurrency`
//! (when set; waiting at most [`QUEUE_WAIT`]), a slot of the function's fair
//! share of the runtime's instances, then an idle warm instance of the function
//! or an instance slot and the function's `memorySize` of the runtime's memory
//! budget (`Runtime::reserve`). Warm and fresh instances count alike: an
//! invocation in either holds one share slot. Every wait ends at the request's
//! deadline (its `serviceTimeout`, counted from routing). The fair share is
//! `max(1, FNGATE_MAX_INSTANCES / number of functions)`, so one function (a
//! flood of sleepers, a burst) can never take the slots every other function
//! needs; at most as many requests as its share may wait for it, and more are
//! refused at once.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use fngate_config::Config;
use fngate_runtime::{Function, Place, Runtime};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

use crate::rejection::Rejection;

/// The longest a request waits for a slot of a function with `reservedConcurrency`
/// (or its API's `serviceTimeout`, when shorter) before it gets 429.
pub const QUEUE_WAIT: Duration = Duration::from_secs(1);

/// One function's limits on invocations at once. Kept across config reloads
/// (resized), so invocations in flight stay counted.
pub(crate) struct FunctionSlots {
    /// `reservedConcurrency`: its slots and their number.
    reserved: Option<(Arc<Semaphore>, usize)>,
    /// Its fair share of the runtime's instance slots, and its size.
    share: (Arc<Semaphore>, usize),
    /// Requests waiting for the share.
    waiting: Arc<AtomicUsize>,
}

/// What an admitted request holds until its invocation ends.
pub(crate) struct Admitted {
    /// Where the invocation runs: an idle warm instance, or the runtime's slot and memory.
    pub(crate) place: Place,
    /// The function's own slots (reserved, share), held until it ends.
    pub(crate) permits: Permits,
}

/// A function's own slots held by one request: reserved (when set) and share.
pub(crate) type Permits = (Option<OwnedSemaphorePermit>, OwnedSemaphorePermit);

/// Every function's slots for `config`, carrying over `previous` (by function name).
pub(crate) fn function_slots(
    config: &Config,
    runtime: &Runtime,
    previous: Option<&HashMap<String, Arc<FunctionSlots>>>,
) -> HashMap<String, Arc<FunctionSlots>> {
    let count = config.functions.len().max(1);
    let share = (runtime.max_instances() as usize / count).max(1);
    config
        .functions
        .iter()
        .map(|f| {
            let old = previous.and_then(|p| p.get(&f.name));
            let reserved =
                f.reserved_concurrency.map(|n| (resized(n, old.and_then(|o| o.reserved.as_ref())), n));
            let slots = FunctionSlots {
                reserved,
                share: (resized(share, old.map(|o| &o.share)), share),
                waiting: old.map(|o| o.waiting.clone()).unwrap_or_default(),
            };
            (f.name.clone(), Arc::new(slots))
        })
        .collect()
}

/// Admits one invocation of `function` by `deadline`, or says why not: its
/// own slots ([`function_permits`]), then its place ([`place`]).
pub(crate) async fn admit(
    runtime: &Runtime,
    slots: &FunctionSlots,
    function: &Function,
    deadline: Instant,
) -> Result<Admitted, Rejection> {
    let permits = function_permits(runtime, slots, deadline).await?;
    place(runtime, function, permits, deadline).await
}

/// The function's own slots (its `reservedConcurrency`, then its fair share),
/// taken by `deadline`. A request is first given them from its head alone (and
/// gives them back), so one they refuse never has its body read; it takes them
/// for good once its body is in.
pub(crate) async fn function_permits(
    runtime: &Runtime,
    slots: &FunctionSlots,
    deadline: Instant,
) -> Result<Permits, Rejection> {
    let reserved = match &slots.reserved {
        None => None,
        Some((semaphore, reserved)) => {
            let until = deadline.min(Instant::now() + QUEUE_WAIT);
            let waited = until.saturating_duration_since(Instant::now());
            match tokio::time::timeout_at(until, semaphore.clone().acquire_owned()).await {
                Ok(Ok(permit)) => Some(permit),
                _ => return Err(Rejection::Reserved { reserved: *reserved, waited }),
            }
        }
    };
    let share = match slots.share.0.clone().try_acquire_owned() {
        Ok(permit) => permit,
        Err(_) => {
            // Count this request among the waiters, unless the queue is full.
            let queued = slots.waiting.fetch_add(1, Ordering::AcqRel);
            let _leave = Leave(&slots.waiting);
            if queued >= slots.share.1 {
                return Err(Rejection::Overloaded { budget_mb: runtime.memory_budget_mb() });
            }
            match tokio::time::timeout_at(deadline, slots.share.0.clone().acquire_owned()).await {
                Ok(Ok(permit)) => permit,
                _ => return Err(Rejection::GatewayTimeout),
            }
        }
    };
    Ok((reserved, share))
}

/// Where the invocation holding `permits` runs (`Runtime::reserve`), by `deadline`.
pub(crate) async fn place(
    runtime: &Runtime,
    function: &Function,
    permits: Permits,
    deadline: Instant,
) -> Result<Admitted, Rejection> {
    match tokio::time::timeout_at(deadline, runtime.reserve(function)).await {
        Ok(place) => Ok(Admitted { place, permits }),
        Err(_) => Err(Rejection::GatewayTimeout),
    }
}

/// Leaves the queue when dropped (also when the request is dropped while waiting).
struct Leave<'a>(&'a AtomicUsize);

impl Drop for Leave<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// The semaphore of a limit of `n`. After a reload the previous semaphore is
/// kept, so invocations still running hold their slots against the new limit:
/// it grows by adding permits, and shrinks by taking permits away as soon as they
/// are free (a background task waits for them).
fn resized(n: usize, previous: Option<&(Arc<Semaphore>, usize)>) -> Arc<Semaphore> {
    let Some((slots, old)) = previous else { return Arc::new(Semaphore::new(n)) };
    if n > *old {
        slots.add_permits(n - old);
    } else if n < *old {
        let excess = old - n;
        let rest = excess - slots.forget_permits(excess);
        if rest > 0 {
            let (slots, rest) = (slots.clone(), u32::try_from(rest).unwrap_or(u32::MAX));
            match tokio::runtime::Handle::try_current() {
                Ok(handle) => {
                    handle.spawn(async move {
                        if let Ok(permits) = slots.acquire_many_owned(rest).await {
                            permits.forget();
                        }
                    });
                }
                Err(_) => tracing::warn!("no runtime to shrink a concurrency limit; {rest} slots stay"),
            }
        }
    }
    slots.clone()
}

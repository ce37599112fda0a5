//! What running invocations may hold together: instance slots and memory.
//!
//! Every invocation holds one instance slot (of `max_instances`) and its
//! function's `memorySize` in MB of the memory budget, as SCF counts a region's
//! concurrency in MB. Both are FIFO semaphores, so waiters are served in order;
//! how long one may wait is the caller's decision (the gateway bounds it by the
//! request's remaining `serviceTimeout`).
//!
//! An idle warm instance holds a place too; a request that finds the runtime
//! full takes one back from the longest idle (see `Runtime::reserve`).

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The runtime's capacity: instance slots and the memory budget in MB.
pub(crate) struct Capacity {
    slots: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    budget_mb: u32,
    /// Requests waiting for a place.
    waiting: AtomicUsize,
}

/// A place to run one invocation: an instance slot and its memory, given back
/// when dropped.
#[derive(Debug)]
pub(crate) struct Reservation {
    _slot: OwnedSemaphorePermit,
    _memory: OwnedSemaphorePermit,
}

impl Capacity {
    pub(crate) fn new(max_instances: u32, budget_mb: u32) -> Self {
        let budget_mb = budget_mb.max(1);
        Capacity {
            slots: Arc::new(Semaphore::new(max_instances as usize)),
            memory: Arc::new(Semaphore::new(budget_mb as usize)),
            budget_mb,
            waiting: AtomicUsize::new(0),
        }
    }

    /// The memory budget, in MB.
    pub(crate) fn budget_mb(&self) -> u32 {
        self.budget_mb
    }

    /// Waits for a slot, then for `memory_mb` of the budget (a function larger
    /// than the whole budget takes all of it).
    pub(crate) async fn reserve(&self, memory_mb: u64) -> Reservation {
        let slot = self.slots.clone().acquire_owned().await.expect("the slots are never closed");
        let memory = self
            .memory
            .clone()
            .acquire_many_owned(self.mb(memory_mb))
            .await
            .expect("the budget is never closed");
        Reservation { _slot: slot, _memory: memory }
    }

    /// A slot and `memory_mb` of the budget if both are free now.
    pub(crate) fn try_reserve(&self, memory_mb: u64) -> Option<Reservation> {
        let slot = self.slots.clone().try_acquire_owned().ok()?;
        let memory = self.memory.clone().try_acquire_many_owned(self.mb(memory_mb)).ok()?;
        Some(Reservation { _slot: slot, _memory: memory })
    }

    fn mb(&self, memory_mb: u64) -> u32 {
        u32::try_from(memory_mb).unwrap_or(u32::MAX).clamp(1, self.budget_mb)
    }

    /// How many requests wait for a place now.
    pub(crate) fn waiting(&self) -> usize {
        self.waiting.load(Ordering::SeqCst)
    }

    /// Counts one more request waiting for a place, until the guard is dropped.
    pub(crate) fn wait(&self) -> Waiting<'_> {
        Waiting::new(&self.waiting)
    }
}

/// One request counted in a waiting count while it lives.
pub(crate) struct Waiting<'a>(&'a AtomicUsize);

impl<'a> Waiting<'a> {
    /// Counts one in `count`.
    pub(crate) fn new(count: &'a AtomicUsize) -> Self {
        count.fetch_add(1, Ordering::SeqCst);
        Waiting(count)
    }
}

impl Drop for Waiting<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// A place to run one invocation: an instance slot and memory, or an idle warm instance
/// of its function (which holds its own). Get one with `Runtime::reserve`.
pub struct Place(pub(crate) Held);

/// What a [`Place`] holds.
pub(crate) enum Held {
    Reserved(Reservation),
    Warm(Box<crate::warm::Instance>),
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

/// The default memory budget: half of the machine's physical memory (from
/// `/proc/meminfo`), or 4096 MB where that cannot be read.
pub fn default_memory_budget_mb() -> u32 {
    std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
            let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
            u32::try_from(kb / 1024 / 2).ok()
        })
        .unwrap_or(4096)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn memory_is_counted_in_mb() {
        let capacity = Capacity::new(8, 256);
        let a = capacity.reserve(128).await;
        let _b = capacity.reserve(128).await;
        // 256 MB are in use: a third 128 MB function waits until one ends.
        let third = capacity.reserve(128);
        tokio::pin!(third);
        assert!(tokio::time::timeout(std::time::Duration::from_millis(50), &mut third).await.is_err());
        drop(a);
        tokio::time::timeout(std::time::Duration::from_secs(1), third)
            .await
            .expect("admitted once one ended");
        // A function larger than the budget still runs, alone.
        drop(_b);
        let _all =
            tokio::time::timeout(std::time::Duration::from_secs(1), capacity.reserve(4096)).await.unwrap();
    }
}

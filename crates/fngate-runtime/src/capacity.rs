//! What running invocations may hold together: instance slots and memory.
//!
//! Every invocation holds one instance slot (of `max_instances`) and its
//! function's `memorySize` in MB of the memory budget, as SCF counts a region's
//! concurrency in MB. Both are FIFO semaphores, so waiters are served in order;
//! how long one may wait is the caller's decision (the gateway bounds it by the
//! request's remaining `serviceTimeout`).

use std::sync::Arc;

use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// The runtime's capacity: instance slots and the memory budget in MB.
pub(crate) struct Capacity {
    slots: Arc<Semaphore>,
    memory: Arc<Semaphore>,
    budget_mb: u32,
}

/// A place to run one invocation: an instance slot and its memory, given back
/// when dropped.
#[derive(Debug)]
pub struct Reservation {
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
        let mb = u32::try_from(memory_mb).unwrap_or(u32::MAX).clamp(1, self.budget_mb);
        let memory = self.memory.clone().acquire_many_owned(mb).await.expect("the budget is never closed");
        Reservation { _slot: slot, _memory: memory }
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

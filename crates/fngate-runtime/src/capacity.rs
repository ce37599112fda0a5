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

use std::path::{Path, PathBuf};
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

/// The default memory budget: half of the memory this process may use: the
/// machine's physical memory (`/proc/meminfo`) or, in a container or a
/// systemd unit with a limit, the cgroup's limit when that is lower; 4096 MB
/// where neither can be read.
pub fn default_memory_budget_mb() -> u32 {
    let physical = std::fs::read_to_string("/proc/meminfo").ok().and_then(|info| {
        let line = info.lines().find(|l| l.starts_with("MemTotal:"))?;
        line.split_whitespace().nth(1)?.parse::<u64>().ok().map(|kb| kb * 1024)
    });
    let cgroup = std::fs::read_to_string("/proc/self/cgroup")
        .ok()
        .and_then(|own| cgroup_memory_limit(&own, Path::new("/sys/fs/cgroup")));
    let bytes = match (physical, cgroup) {
        (Some(p), Some(c)) => p.min(c),
        (p, c) => match p.or(c) {
            Some(b) => b,
            None => return 4096,
        },
    };
    u32::try_from(bytes / (1 << 20) / 2).unwrap_or(u32::MAX).max(1)
}

/// The memory limit of the cgroup that `/proc/self/cgroup` (`own`) names, in
/// bytes: the lowest of its and its ancestors' `memory.max` (cgroup v2) or its
/// `memory.limit_in_bytes` (v1), under the hierarchy mounted at `root`. In a
/// container the own path is often not mounted as such (the container sees
/// its cgroup as the root), so the root's own files count too.
fn cgroup_memory_limit(own: &str, root: &Path) -> Option<u64> {
    let read = |file: PathBuf| -> Option<u64> {
        let text = std::fs::read_to_string(file).ok()?;
        // "max" (v2) and v1's huge "unlimited" value are no limit.
        text.trim().parse::<u64>().ok().filter(|&b| b < 1 << 60)
    };
    let mut limits = Vec::new();
    for line in own.lines() {
        let mut parts = line.splitn(3, ':');
        let (Some(_), Some(controllers), Some(path)) = (parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        let rel = path.trim_start_matches('/');
        let (base, file) = match controllers {
            "" => (root.to_owned(), "memory.max"),
            c if c.split(',').any(|c| c == "memory") => (root.join("memory"), "memory.limit_in_bytes"),
            _ => continue,
        };
        let mut dir = base.join(rel);
        loop {
            limits.extend(read(dir.join(file)));
            if dir == base || !dir.pop() {
                break;
            }
        }
        limits.extend(read(base.join(file)));
    }
    limits.into_iter().min()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_cgroup_limit_is_the_lowest_on_the_path() {
        let root = tempfile::tempdir().unwrap();
        let unit = root.path().join("system.slice/fngate.service");
        std::fs::create_dir_all(&unit).unwrap();
        std::fs::write(unit.join("memory.max"), "max\n").unwrap();
        std::fs::write(root.path().join("system.slice/memory.max"), "1073741824\n").unwrap();
        let own = "0::/system.slice/fngate.service\n";
        assert_eq!(cgroup_memory_limit(own, root.path()), Some(1 << 30));
        // No limit anywhere: none.
        std::fs::write(root.path().join("system.slice/memory.max"), "max\n").unwrap();
        assert_eq!(cgroup_memory_limit(own, root.path()), None);
        // A container sees its own cgroup as the root.
        std::fs::write(root.path().join("memory.max"), "536870912\n").unwrap();
        assert_eq!(cgroup_memory_limit("0::/\n", root.path()), Some(512 << 20));
        // cgroup v1: the memory controller's hierarchy; "unlimited" is no limit.
        let v1 = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(v1.path().join("memory/docker/abc")).unwrap();
        std::fs::write(v1.path().join("memory/docker/abc/memory.limit_in_bytes"), "268435456\n").unwrap();
        std::fs::write(v1.path().join("memory/memory.limit_in_bytes"), "9223372036854771712\n").unwrap();
        let own = "12:cpu,cpuacct:/docker/abc\n11:memory:/docker/abc\n";
        assert_eq!(cgroup_memory_limit(own, v1.path()), Some(256 << 20));
    }

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

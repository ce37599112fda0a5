//! The per-store resource limiter: caps the store's linear memory, all its
//! memories together, at `memorySize` and records the peak for the Report line,
//! and caps how many instances, memories and tables a store may create, and
//! each table at 20,000 elements (the pooling allocator's default, enforced here
//! too so the on-demand fallback, when the pool cannot be reserved, is no
//! looser). A core module gets one of each; a component, which links several
//! core instances (its code, WASI adapters, shims), gets room for those.

use wasmtime::ResourceLimiter;

/// Largest table a guest may have (elements): the pooling allocator's default.
const MAX_TABLE_ELEMENTS: usize = 20_000;

/// What one store may create.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Counts {
    instances: usize,
    memories: usize,
    tables: usize,
}

impl Counts {
    /// A core module's: one instance, one memory, one table.
    pub(crate) const MODULE: Counts = Counts { instances: 1, memories: 1, tables: 1 };
    /// A component's: its core instances, memories and tables together.
    pub(crate) const COMPONENT: Counts = Counts { instances: 16, memories: 2, tables: 4 };
}

/// Caps linear memory and remembers the peak and whether a growth was refused.
pub(crate) struct Limiter {
    limit: usize,
    counts: Counts,
    /// Bytes of linear memory the store holds now, all memories together.
    total: usize,
    pub(crate) peak: usize,
    pub(crate) refused: bool,
    /// The same two, readable while the store is busy (a warm instance's host).
    watch: Option<std::sync::Arc<Watch>>,
}

/// A limiter's peak and refusal, shared with the host of a warm instance.
#[derive(Default)]
pub(crate) struct Watch {
    pub(crate) peak: std::sync::atomic::AtomicUsize,
    pub(crate) refused: std::sync::atomic::AtomicBool,
}

impl Limiter {
    pub(crate) fn new(limit: usize, counts: Counts) -> Self {
        Limiter { limit, counts, total: 0, peak: 0, refused: false, watch: None }
    }

    /// Also reports its peak and refusals to a shared [`Watch`].
    pub(crate) fn watched(mut self) -> (Self, std::sync::Arc<Watch>) {
        let watch = std::sync::Arc::new(Watch::default());
        self.watch = Some(watch.clone());
        (self, watch)
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        let total = self.total - current.min(self.total) + desired;
        if total > self.limit {
            // The guest sees `memory.grow` fail (-1); if it then dies, the outcome
            // is MemoryLimit rather than whatever trap its allocator raised.
            self.refused = true;
            if let Some(w) = &self.watch {
                w.refused.store(true, std::sync::atomic::Ordering::Relaxed);
            }
            return Ok(false);
        }
        self.total = total;
        self.peak = self.peak.max(total);
        if let Some(w) = &self.watch {
            w.peak.fetch_max(total, std::sync::atomic::Ordering::Relaxed);
        }
        Ok(true)
    }

    fn table_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        Ok(desired <= MAX_TABLE_ELEMENTS)
    }

    fn instances(&self) -> usize {
        self.counts.instances
    }

    fn memories(&self) -> usize {
        self.counts.memories
    }

    fn tables(&self) -> usize {
        self.counts.tables
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn memories_count_together() {
        let mut l = Limiter::new(100, Counts::COMPONENT);
        assert!(l.memory_growing(0, 60, None).unwrap());
        assert!(l.memory_growing(0, 30, None).unwrap(), "a second memory: 90 of 100");
        assert!(!l.memory_growing(30, 50, None).unwrap(), "growing it to 50 would make 110");
        assert!(l.refused);
        assert!(l.memory_growing(60, 70, None).unwrap());
        assert_eq!(l.peak, 100);
    }
}

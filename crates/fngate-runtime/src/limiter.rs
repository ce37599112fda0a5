//! The per-store resource limiter: caps linear memory at `memorySize` and records
//! the peak for the Report line, and caps a store at one instance, one memory
//! and one table of at most 20,000 elements. These are the pooling allocator's
//! own per-slot limits, enforced here too so the on-demand fallback (when the
//! pool cannot be reserved) is no looser.

use wasmtime::ResourceLimiter;

/// Largest table a guest may have (elements): the pooling allocator's default.
const MAX_TABLE_ELEMENTS: usize = 20_000;

/// Caps linear memory and remembers the peak and whether a growth was refused.
pub(crate) struct Limiter {
    limit: usize,
    pub(crate) peak: usize,
    pub(crate) refused: bool,
}

impl Limiter {
    pub(crate) fn new(limit: usize) -> Self {
        Limiter { limit, peak: 0, refused: false }
    }
}

impl ResourceLimiter for Limiter {
    fn memory_growing(
        &mut self,
        _current: usize,
        desired: usize,
        _maximum: Option<usize>,
    ) -> wasmtime::Result<bool> {
        if desired > self.limit {
            // The guest sees `memory.grow` fail (-1); if it then dies, the outcome
            // is MemoryLimit rather than whatever trap its allocator raised.
            self.refused = true;
            return Ok(false);
        }
        self.peak = self.peak.max(desired);
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
        1
    }

    fn memories(&self) -> usize {
        1
    }

    fn tables(&self) -> usize {
        1
    }
}

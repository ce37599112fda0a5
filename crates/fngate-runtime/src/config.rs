//! Every tunable of the runtime, with its default and the reason for it, in one place.

use std::path::PathBuf;
use std::time::Duration;

/// How the runtime is set up. `Default` gives the production settings.
#[derive(Debug, Clone)]
pub struct RuntimeConfig {
    /// Where compiled modules are cached; `None` disables the disk cache.
    /// Default: [`default_cache_dir`] (`$FNGATE_CACHE_DIR`, else the user's cache dir).
    pub cache_dir: Option<PathBuf>,
    /// The key file that authenticates cache entries; `None`: `$FNGATE_CACHE_KEY`,
    /// else `<user data dir>/fngate/cache.key`.
    pub cache_key: Option<PathBuf>,
    /// How often the epoch ticker advances. Timeouts are checked on each tick, so a
    /// function is stopped at most one tick after its deadline, and a CPU-bound guest
    /// yields its worker thread at least this often. 5 ms keeps both tight while the
    /// per-tick cost (one callback per running guest) stays negligible.
    pub epoch_tick: Duration,
    /// How many instances may exist at once: the pooling allocator's slot count and
    /// the number of concurrent invocations (more wait for a slot instead of failing).
    /// 256 slots reserve about 1 TiB of address space (4 GiB + guard each), which
    /// 64-bit Linux gives freely; `$FNGATE_MAX_INSTANCES` overrides it.
    pub max_instances: u32,
    /// Bytes of linear memory each pool slot keeps resident between instances and
    /// resets with `memset` (plus `PAGEMAP_SCAN` where the kernel has it) instead of
    /// `madvise`: measured on this machine type, this turns two threads from slower
    /// than one into nearly twice as fast. 2 MiB covers a typical Rust guest's heap.
    pub keep_resident: usize,
    /// The memory budget, in MB: the sum of `memorySize` of the invocations
    /// running at once never exceeds it (SCF counts concurrency in MB). Default:
    /// half of the machine's memory ([`default_memory_budget_mb`](crate::default_memory_budget_mb));
    /// `$FNGATE_MEMORY_BUDGET` overrides it.
    pub memory_budget_mb: u32,
    /// Use the pooling allocator (falls back to on-demand allocation, with a log
    /// line, when the pool cannot be reserved).
    pub pooling: bool,
    /// The most of a function's stderr kept per invocation; the rest is dropped and
    /// a marker added. Default 1 MiB.
    pub stderr_limit: usize,
    /// The JavaScript engine module (wasm bytes) that runs functions with a
    /// `code_dir` (the `Nodejs*` runtimes); `None` refuses to load them.
    pub js_engine: Option<&'static [u8]>,
    /// Where JavaScript functions' code is staged (a private copy per code
    /// directory). Default: `$FNGATE_STAGE_DIR`, else the system's temporary
    /// directory (`$TMPDIR`, `/tmp`); a read-only root file system needs a
    /// writable volume here.
    pub stage_dir: Option<PathBuf>,
}

impl Default for RuntimeConfig {
    fn default() -> Self {
        RuntimeConfig {
            cache_dir: default_cache_dir(),
            cache_key: None,
            epoch_tick: Duration::from_millis(5),
            max_instances: std::env::var("FNGATE_MAX_INSTANCES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(256),
            keep_resident: 2 << 20,
            memory_budget_mb: std::env::var("FNGATE_MEMORY_BUDGET")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(crate::capacity::default_memory_budget_mb),
            pooling: true,
            stderr_limit: 1 << 20,
            js_engine: None,
            stage_dir: std::env::var_os("FNGATE_STAGE_DIR").filter(|d| !d.is_empty()).map(PathBuf::from),
        }
    }
}

/// The default module cache directory: `$FNGATE_CACHE_DIR` when set, else
/// `<user cache dir>/fngate/modules` (e.g. `~/.cache/fngate/modules`).
pub fn default_cache_dir() -> Option<PathBuf> {
    match std::env::var_os("FNGATE_CACHE_DIR") {
        Some(dir) if !dir.is_empty() => Some(PathBuf::from(dir)),
        _ => dirs::cache_dir().map(|d| d.join("fngate").join("modules")),
    }
}

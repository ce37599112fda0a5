//! Loading a config's functions on every core, and what it reports as it goes.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use fngate_config::Config;
use fngate_runtime::{Function, FunctionSpec, ModuleError, Runtime};

/// Told of each function as loading it starts and ends (the command line
/// draws a progress bar from it, or writes a line per function).
pub trait LoadProgress: Sync {
    /// `name` starts loading (`kind` says what that takes: compiling a module,
    /// or snapshotting a JavaScript function).
    fn started(&self, name: &str, kind: &str);
    /// `name` is done (`Err`: it did not load); `done` of `total` now.
    fn finished(&self, name: &str, result: Result<&Function, &ModuleError>, done: usize, total: usize);
}

/// A log line per function loaded (its failures are logged by the snapshot).
pub struct LogLines;

impl LoadProgress for LogLines {
    fn started(&self, name: &str, kind: &str) {
        tracing::debug!("function {name}: {kind}");
    }

    fn finished(&self, name: &str, result: Result<&Function, &ModuleError>, done: usize, total: usize) {
        if let Ok(loaded) = result {
            tracing::info!("function {name} ({done}/{total}): {}", loaded_in(loaded));
        }
    }
}

/// "compiled in 12.3 ms" or "loaded from the cache in …".
pub fn loaded_in(loaded: &Function) -> String {
    format!(
        "{} in {}",
        if loaded.from_cache() { "loaded from the cache" } else { "compiled" },
        human_duration(loaded.load_time())
    )
}

/// `12.3 ms` below a second, `4.2 s` above.
pub fn human_duration(d: std::time::Duration) -> String {
    match d.as_secs_f64() {
        s if s < 1.0 => format!("{:.1} ms", s * 1e3),
        s => format!("{s:.1} s"),
    }
}

/// Loads every function of `config`, as many at once as there are cores
/// (compiling and snapshotting are CPU-bound, and functions are independent),
/// telling `progress` of each; the results in the config's order.
pub(crate) fn load_all(
    runtime: &Runtime,
    config: &Config,
    progress: &dyn LoadProgress,
) -> Vec<Result<Function, ModuleError>> {
    let total = config.functions.len();
    let (next, done) = (AtomicUsize::new(0), AtomicUsize::new(0));
    let results: Vec<_> = (0..total).map(|_| OnceLock::new()).collect();
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get()).min(total);
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(f) = config.functions.get(i) else { return };
                    let spec = FunctionSpec::from_config(f);
                    progress.started(&f.name, spec.loading());
                    let result = runtime.load(spec);
                    let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                    progress.finished(&f.name, result.as_ref(), n, total);
                    let _ = results[i].set(result);
                }
            });
        }
    });
    results.into_iter().map(|r| r.into_inner().expect("every function was loaded")).collect()
}

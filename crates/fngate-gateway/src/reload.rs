//! Hot reload: watch the config and every function's module, and swap in what
//! changed without failing a request.
//!
//! Directories are watched (not files), so copy-then-rename deployments are
//! seen; only events that can change content count (create, write, close after
//! write, rename, remove: never an open, a read or a metadata change, so the
//! reload's own reads cannot trigger the next one). Events are debounced, so
//! editors and `cargo build` writing in several steps cause one reload, and a
//! file whose bytes equal what is loaded causes none. Other files in those
//! directories are ignored, but for kubelet's `..data` link, whose swap is how
//! a mounted ConfigMap changes ([`swapped_dirs`]). New modules are compiled on
//! the blocking pool, off the request path. Whatever fails to load or validate
//! is logged and the previous version keeps serving; the next good write is
//! picked up.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use sha2::{Digest, Sha256};
use tokio::sync::mpsc;

use fngate_config::Config;
use fngate_runtime::FunctionSpec;

use crate::gateway::{Gateway, Snapshot};

/// Quiet time after the last file event before reloading.
pub const DEBOUNCE: Duration = Duration::from_millis(150);

/// The longest a stream of events (a file written without pause) postpones a reload.
const MAX_DEBOUNCE: Duration = Duration::from_secs(2);

/// Starts watching the files `gateway` serves from. The watch lasts as long as
/// the tokio runtime it was started on.
pub fn watch(gateway: Arc<Gateway>) -> Result<(), String> {
    let (tx, rx) = mpsc::unbounded_channel();
    let watcher = notify::recommended_watcher(move |result: notify::Result<Event>| match result {
        Ok(event) if changes_content(&event.kind) => {
            let _ = tx.send(event.paths);
        }
        Ok(_) => {}
        Err(e) => crate::throttle::warn_limited!("file watcher", "file watcher: {e}"),
    })
    .map_err(|e| e.to_string())?;
    let snapshot = gateway.snapshot();
    let mut watcher =
        Watcher { watcher, watched: BTreeSet::new(), config_hash: config_hash(&snapshot.config) };
    watcher.update(&snapshot);
    tokio::spawn(reload_loop(gateway, watcher, rx));
    Ok(())
}

/// Whether an event can change a file's content (or which file a name holds).
fn changes_content(kind: &EventKind) -> bool {
    match kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
        EventKind::Access(_) => false,
        EventKind::Modify(ModifyKind::Metadata(_)) => false,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) => true,
        EventKind::Any | EventKind::Other => true,
    }
}

struct Watcher {
    watcher: RecommendedWatcher,
    /// Watched directories (each on its own, never recursively).
    watched: BTreeSet<PathBuf>,
    /// The SHA-256 of the config files as last loaded (`None`: one is unreadable).
    config_hash: Option<[u8; 32]>,
}

impl Watcher {
    /// Watches the directories of the config and of every module, and every
    /// directory of each JavaScript function's code that staging copies from
    /// ([`code_dirs`]); stops watching what is no longer wanted.
    fn update(&mut self, snapshot: &Snapshot) {
        self.watch_only(wanted_dirs(&snapshot.config));
    }

    /// [`Watcher::update`], its walk of the code directories (thousands of
    /// directories in a large `node_modules`) on the blocking pool.
    async fn update_off_workers(&mut self, snapshot: &Snapshot) {
        let config = snapshot.config.clone();
        match tokio::task::spawn_blocking(move || wanted_dirs(&config)).await {
            Ok(wanted) => self.watch_only(wanted),
            Err(e) => tracing::warn!("file watcher: cannot list the directories to watch: {e}"),
        }
    }

    /// Watches exactly `wanted`.
    fn watch_only(&mut self, wanted: BTreeSet<PathBuf>) {
        let gone: Vec<PathBuf> = self.watched.difference(&wanted).cloned().collect();
        for dir in gone {
            let _ = self.watcher.unwatch(&dir);
            self.watched.remove(&dir);
        }
        for dir in wanted {
            if self.watched.contains(&dir) {
                continue;
            }
            match self.watcher.watch(&dir, RecursiveMode::NonRecursive) {
                Ok(()) => {
                    self.watched.insert(dir);
                }
                Err(e) => crate::throttle::warn_limited!(
                    "cannot watch",
                    "cannot watch {}: {e}; changes there will not be reloaded",
                    dir.display()
                ),
            }
        }
    }
}

/// The directories to watch for `config`: those of its files and modules, and
/// every directory of each JavaScript function's code ([`code_dirs`]).
fn wanted_dirs(config: &Config) -> BTreeSet<PathBuf> {
    let mut wanted: BTreeSet<PathBuf> =
        config.files.iter().chain(config.functions.iter().map(|f| &f.module)).map(|f| parent(f)).collect();
    for dir in config.functions.iter().filter_map(|f| FunctionSpec::from_config(f).code_dir) {
        wanted.extend(code_dirs(&dir));
    }
    wanted
}

/// The most directories of one function's code watched.
const MAX_CODE_DIRS: usize = 8192;
/// How deep into a function's code directories are watched (as staging copies).
const MAX_CODE_DEPTH: usize = 32;

/// `code_dir` and the directories under it that staging copies from, without
/// following a symbolic link (one inside the directory leads to a directory
/// walked anyway; one outside it is not staged, so not watched) and without
/// dot-directories; at most [`MAX_CODE_DIRS`].
fn code_dirs(code_dir: &Path) -> Vec<PathBuf> {
    let mut dirs = vec![code_dir.to_owned()];
    let mut next = vec![(code_dir.to_owned(), 0)];
    while let Some((dir, depth)) = next.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            // `file_type` does not follow links: a link is never a directory here.
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if !is_dir || entry.file_name().to_string_lossy().starts_with('.') || depth >= MAX_CODE_DEPTH {
                continue;
            }
            if dirs.len() >= MAX_CODE_DIRS {
                tracing::warn!(
                    "{} holds more than {MAX_CODE_DIRS} directories: changes past them are not reloaded",
                    code_dir.display()
                );
                return dirs;
            }
            dirs.push(entry.path());
            next.push((entry.path(), depth + 1));
        }
    }
    dirs
}

/// Whether `path` is a file a JavaScript function in `code_dir` may see: inside
/// it, and under no dot-directory (the staged copy leaves those out).
fn in_code(path: &Path, code_dir: &Path) -> bool {
    let (path, dir) = (canonical(path), canonical(code_dir));
    path.strip_prefix(&dir)
        .is_ok_and(|rel| !rel.components().any(|c| c.as_os_str().to_string_lossy().starts_with('.')))
}

/// The SHA-256 of the config's files (each one's bytes, in order), or `None`
/// when one cannot be read.
fn config_hash(config: &Config) -> Option<[u8; 32]> {
    let mut hash = Sha256::new();
    for file in &config.files {
        hash.update(Sha256::digest(std::fs::read(file).ok()?));
    }
    Some(hash.finalize().into())
}

fn parent(file: &Path) -> PathBuf {
    match file.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// A path with its directory in canonical form (the file itself may be gone).
fn canonical(p: &Path) -> PathBuf {
    let dir = parent(p).canonicalize().unwrap_or_else(|_| parent(p));
    dir.join(p.file_name().unwrap_or_default())
}

/// Whether two paths name the same file (comparing canonical forms when they exist).
fn same_file(a: &Path, b: &Path) -> bool {
    a == b || canonical(a) == canonical(b)
}

/// The directories in which a burst swapped kubelet's `..data` link: a
/// Kubernetes ConfigMap or Secret mounted as a directory holds each file as a
/// link through `..data` to a timestamped directory, and an update writes a
/// new one and renames a new `..data` over the old, so the files' own paths
/// see no event.
fn swapped_dirs(paths: &BTreeSet<PathBuf>) -> Vec<PathBuf> {
    let mut dirs: Vec<PathBuf> =
        paths.iter().filter(|p| p.file_name().is_some_and(|n| n == "..data")).map(|p| parent(p)).collect();
    dirs.dedup();
    dirs
}

/// Collects the paths of one burst of events: until `DEBOUNCE` passes with no
/// new event (at most `MAX_DEBOUNCE`). `None` when the watcher is gone.
async fn next_burst(rx: &mut mpsc::UnboundedReceiver<Vec<PathBuf>>) -> Option<BTreeSet<PathBuf>> {
    let mut paths: BTreeSet<PathBuf> = rx.recv().await?.into_iter().collect();
    let until = tokio::time::Instant::now() + MAX_DEBOUNCE;
    loop {
        let quiet = (tokio::time::Instant::now() + DEBOUNCE).min(until);
        match tokio::time::timeout_at(quiet, rx.recv()).await {
            Ok(Some(more)) => paths.extend(more),
            Ok(None) => return None,
            Err(_) => return Some(paths),
        }
    }
}

async fn reload_loop(
    gateway: Arc<Gateway>,
    mut watcher: Watcher,
    mut rx: mpsc::UnboundedReceiver<Vec<PathBuf>>,
) {
    while let Some(paths) = next_burst(&mut rx).await {
        let snapshot = gateway.snapshot();
        let swapped = swapped_dirs(&paths);
        if !swapped.is_empty() || paths.iter().any(|p| snapshot.config.files.iter().any(|f| same_file(p, f)))
        {
            let hash = config_hash(&snapshot.config);
            if hash != watcher.config_hash {
                watcher.config_hash = hash;
                if let Ok(new) = reload_config(&gateway, &snapshot).await {
                    // The new config may read other files (an instance added or gone).
                    watcher.config_hash = config_hash(&new.config);
                    watcher.update_off_workers(&new).await;
                }
                continue;
            }
        }
        let changed: Vec<String> = snapshot
            .config
            .functions
            .iter()
            .filter(|f| {
                let code_dir = FunctionSpec::from_config(f).code_dir;
                paths
                    .iter()
                    .any(|p| same_file(p, &f.module) || code_dir.as_ref().is_some_and(|d| in_code(p, d)))
                    || swapped.iter().any(|d| {
                        same_file(&parent(&f.module), d) || code_dir.as_ref().is_some_and(|c| same_file(c, d))
                    })
            })
            .map(|f| f.name.clone())
            .collect();
        if !changed.is_empty() {
            // Directories may have come or gone in the code (or been replaced,
            // which ends the old one's watch): watch them before staging reads
            // them, so a write in a new one is never missed.
            for path in &paths {
                watcher.watched.remove(path);
            }
            watcher.update_off_workers(&snapshot).await;
            reload_functions(&gateway, &changed).await;
        }
    }
}

/// Recompiles the named functions' modules and swaps in those that changed.
async fn reload_functions(gateway: &Gateway, names: &[String]) {
    let mut next = (*gateway.snapshot()).clone();
    // Logged once the new versions serve, so "reloaded" means what it says.
    let mut reloaded = Vec::new();
    for name in names {
        let Some(config) = next.config.function(name).cloned() else { continue };
        let current = next.functions.get(name).cloned();
        let old = current.as_ref().map(|f| f.version().to_owned()).unwrap_or_default();
        let spec = FunctionSpec::from_config(&config);
        let runtime = gateway.runtime.clone();
        let started = Instant::now();
        // Reading and compiling block: off the request workers. The same
        // version as the one serving: nothing to do, nothing to log.
        let loaded = tokio::task::spawn_blocking(move || runtime.reload(spec, current.as_ref())).await;
        match loaded {
            Ok(Ok(None)) => {}
            Ok(Ok(Some(function))) => {
                if let Some(m) = gateway.metrics() {
                    m.loaded(&function);
                    m.reload("module", "ok");
                }
                reloaded.push(format!(
                    "reloaded function {name}: {old} -> {} (compiled in {:.1} ms)",
                    function.version(),
                    started.elapsed().as_secs_f64() * 1e3
                ));
                next.functions.insert(name.clone(), function);
                next.broken.remove(name);
            }
            Ok(Err(e)) => {
                if let Some(m) = gateway.metrics() {
                    m.module_load(name, "error", started.elapsed());
                    m.reload("module", "error");
                }
                let serving = if old.is_empty() {
                    "still not loaded".to_owned()
                } else {
                    format!("still serving version {old}")
                };
                tracing::error!("function {name}: cannot reload {}: {e}; {serving}", config.module.display())
            }
            Err(e) => {
                tracing::error!("function {name}: reload task failed: {e}; still serving version {old}")
            }
        }
    }
    if !reloaded.is_empty() {
        gateway.swap(next);
    }
    for line in reloaded {
        tracing::info!("{line}");
    }
    // After the swap: dropping the compile caches can take a while, and the
    // new versions should not wait for it.
    let runtime = gateway.runtime.clone();
    let _ = tokio::task::spawn_blocking(move || runtime.trim()).await;
}

/// Reloads the config and every function now, as the watcher does when the
/// config changes (the `fngate` command does it on SIGHUP, the console on its
/// button); returns the snapshot now served, or why the config was refused.
pub async fn reload_now(gateway: &Gateway) -> Result<Arc<Snapshot>, String> {
    let snapshot = gateway.snapshot();
    reload_config(gateway, &snapshot).await.map(|_| gateway.snapshot())
}

/// Re-validates the whole config and, when valid, swaps it in (a function whose
/// module fails to load keeps its previous version, or answers its SCF error).
async fn reload_config(gateway: &Gateway, current: &Snapshot) -> Result<Snapshot, String> {
    let file = current.config.file.clone();
    let started = Instant::now();
    // Reading and validating is blocking work: off the request workers.
    let path = file.clone();
    let Ok(loaded) = tokio::task::spawn_blocking(move || fngate_config::load(&path)).await else {
        tracing::error!("config reload task failed; still serving the previous config");
        return Err("config reload task failed; still serving the previous config".into());
    };
    let config = match loaded {
        Ok((config, warnings)) => {
            for w in &warnings.0 {
                tracing::warn!("{w}");
            }
            config
        }
        Err(diagnostics) => {
            if let Some(m) = gateway.metrics() {
                m.reload("config", "error");
            }
            let why = format!(
                "config {} is invalid; still serving the previous one:\n{}",
                file.display(),
                diagnostics.to_string().trim_end()
            );
            tracing::error!("{why}");
            return Err(why);
        }
    };
    let (runtime, previous) = (gateway.runtime.clone(), gateway.snapshot());
    let loaded =
        tokio::task::spawn_blocking(move || Snapshot::load(&runtime, &config, Some(&previous))).await;
    match loaded {
        Ok(snapshot) => {
            if let Some(m) = gateway.metrics() {
                m.configured(&snapshot.config);
                snapshot.functions.values().for_each(|f| m.loaded(f));
                snapshot.broken.keys().for_each(|name| m.module_load(name, "error", Duration::ZERO));
                m.reload("config", "ok");
            }
            tracing::info!(
                "reloaded config {}: {} functions, {} routes (in {:.1} ms)",
                file.display(),
                snapshot.functions.len(),
                snapshot.routes.routes().len(),
                started.elapsed().as_secs_f64() * 1e3
            );
            gateway.swap(snapshot.clone());
            Ok(snapshot)
        }
        Err(e) => {
            let why = format!("config reload task failed: {e}; still serving the previous config");
            tracing::error!("{why}");
            Err(why)
        }
    }
}

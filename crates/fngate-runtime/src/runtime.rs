//! The runtime, the crate's only face: it loads functions (compiling,
//! caching, snapshotting JavaScript), reserves a place for each invocation and
//! runs it the function's way (fresh, warm or wasi:http).

use std::path::Path;
use std::sync::Arc;
use std::time::Instant;

use bytes::Bytes;
use wasmtime::Module;
use wasmtime::component::Component;
use wasmtime_wasi::p2::bindings::CommandPre;
use wasmtime_wasi_http::p2::bindings::ProxyPre;

use crate::cache::{CacheStatus, CompiledBodies, hex};
use crate::capture::LogSink;
use crate::config::RuntimeConfig;
use crate::error::{ModuleError, RuntimeError};
use crate::function::{Function, FunctionSpec, Language, Pre};
use crate::host::Host;
use crate::invocation::Invocation;
use crate::pool::{Held, Place};
use crate::python::{PYTHON_ENGINE_NAME, Python};
use crate::snapshot::{JS_ENGINE_NAME, Snapshotter};
use crate::stage::{Stage, Stages};
use sha2::{Digest, Sha256};

/// Hex digits of a content hash that make a function's version.
const VERSION_LEN: usize = 12;

/// Loads and runs functions. One per process; share it behind an `Arc`.
pub struct Runtime {
    host: Host,
    /// Every function's warm instances.
    pools: crate::pool::Pools,
    snapshotter: Snapshotter,
    /// The staged code directories of JavaScript and Python functions, shared.
    stages: Stages,
    /// The Python runtime component, built on first use.
    python: Python,
    /// The Python runtime, compiled, shared by every Python function.
    python_component: std::sync::Mutex<Option<(String, Component)>>,
    /// Cranelift's cache of compiled function bodies (see [`CompiledBodies`]).
    bodies: Arc<CompiledBodies>,
    /// The JavaScript engine's SHA-256, computed once (it is megabytes).
    js_engine_hash: std::sync::OnceLock<String>,
}

impl Runtime {
    /// Creates the engine (pooling allocator when it can be reserved, on-demand
    /// allocation otherwise), starts its epoch ticker and opens the module cache.
    pub fn new(config: RuntimeConfig) -> Result<Self, RuntimeError> {
        let bodies = Arc::new(CompiledBodies::default());
        let stages = Stages::new(config.stage_dir.clone());
        let python_dir = config
            .cache_dir
            .as_ref()
            .map_or_else(|| std::env::temp_dir().join("fngate-python"), |modules| modules.join("python"));
        Ok(Runtime {
            python: Python::new(python_dir),
            python_component: Default::default(),
            host: Host::new(config, &bodies)?,
            pools: Default::default(),
            snapshotter: Snapshotter::default(),
            stages,
            bodies,
            js_engine_hash: Default::default(),
        })
    }

    /// Runs `function` once on `event`. Never fails: every way the guest can
    /// misbehave is an [`Outcome`](crate::Outcome). Waits (without limit) for a
    /// slot and memory.
    pub async fn invoke(&self, function: &Function, event: impl Into<Bytes>, request_id: &str) -> Invocation {
        let place = self.reserve(function).await;
        self.invoke_reserved(place, function, event, request_id, None).await
    }

    /// Runs `function` once on `event` in `place` (from [`Runtime::reserve`]),
    /// which is given back the moment the invocation ends (at its deadline at
    /// the latest); a function with warm instances runs in one of them (see
    /// `warm.rs`). With a `log` sink, the function's log lines go to it as it
    /// writes them.
    pub async fn invoke_reserved(
        &self,
        place: Place,
        function: &Function,
        event: impl Into<Bytes>,
        request_id: &str,
        log: Option<LogSink>,
    ) -> Invocation {
        let (host, event) = (&self.host, event.into());
        match function.pool.as_ref().filter(|p| p.framed()) {
            Some(pool) => crate::warm::invoke(host, pool, place, function, event, request_id, log).await,
            None => {
                crate::fresh::invoke(host, place.into_reservation(), function, event, request_id, log).await
            }
        }
    }

    /// Runs the wasi:http `function` once on `request` in `place` (from
    /// [`Runtime::reserve`]). Its response is the outcome
    /// [`Outcome::HttpResponse`](crate::Outcome::HttpResponse); every failure
    /// is the same outcome as an event function's (timeout, trap, memory limit,
    /// too large). With a `log` sink, its log lines go to it as they are written.
    pub async fn invoke_http_reserved(
        &self,
        place: Place,
        function: &Function,
        request: http::Request<Bytes>,
        request_id: &str,
        log: Option<LogSink>,
    ) -> Invocation {
        let streaming = log.is_some();
        let mut invocation = crate::http::invoke(&self.host, place, function, request, request_id, log).await;
        // One that never ran (its module failed) streamed nothing, START included.
        invocation.streamed.streamed |= streaming;
        invocation
    }

    /// Waits for a place to run one invocation of `function`: an idle warm
    /// instance of it, else an instance slot and its `memorySize` of the memory
    /// budget. Pass it to [`Runtime::invoke_reserved`].
    ///
    /// When the runtime is full, idle warm instances (of any function, the
    /// longest idle first) give their places back, and while requests wait an
    /// instance that finishes is dropped rather than kept idle (unless a request
    /// of its own function waits, which then takes it): idle instances never
    /// hold a place a request needs.
    pub async fn reserve(&self, function: &Function) -> Place {
        let mb = function.spec.memory_mb;
        let pool = function.pool.as_ref().filter(|p| p.framed());
        let idle = || pool.and_then(|p| p.take_idle()).map(|i| Place(Held::Warm(Box::new(i))));
        if let Some(place) = idle() {
            return place;
        }
        if let Some(reservation) = self.host.capacity.try_reserve(mb) {
            return Place(Held::Reserved(reservation));
        }
        let _waiting = (self.host.capacity.wait(), pool.map(|p| p.wait()));
        loop {
            if let Some(place) = idle() {
                return place;
            }
            if let Some(reservation) = self.host.capacity.try_reserve(mb) {
                return Place(Held::Reserved(reservation));
            }
            if !self.pools.evict_oldest_idle() {
                break;
            }
        }
        let reserve = self.host.capacity.reserve(mb);
        tokio::pin!(reserve);
        let Some(pool) = pool else { return Place(Held::Reserved(reserve.await)) };
        loop {
            let ready = pool.idle_ready();
            tokio::pin!(ready);
            ready.as_mut().enable();
            if let Some(place) = idle() {
                return place;
            }
            tokio::select! {
                reservation = &mut reserve => return Place(Held::Reserved(reservation)),
                () = ready => {}
            }
        }
    }

    /// The memory budget of running invocations, in MB.
    pub fn memory_budget_mb(&self) -> u32 {
        self.host.capacity.budget_mb()
    }

    /// How many instances may run at once.
    pub fn max_instances(&self) -> u32 {
        self.host.config.max_instances
    }

    /// Whether the pooling allocator is in use (false after a fallback).
    pub fn is_pooling(&self) -> bool {
        self.host.pooling
    }

    /// Frees what only loading needs, once a batch of loads is done: the engine
    /// instrumented for snapshots and cranelift's cache of compiled bodies (for a
    /// JavaScript function, ~150 MB). The next JavaScript load that misses the
    /// module cache compiles the engine in full again.
    pub fn trim(&self) {
        self.snapshotter.clear();
        let bytes = self.bodies.clear();
        if bytes > 0 {
            tracing::debug!("freed {:.1} MB of cached compiled bodies", bytes as f64 / 1e6);
        }
    }

    /// Loads `spec` again for a hot reload: `None` when nothing changed (the
    /// version `current` runs, checked before compiling or snapshotting).
    pub fn reload(
        &self,
        spec: FunctionSpec,
        current: Option<&Function>,
    ) -> Result<Option<Function>, ModuleError> {
        self.load_unless(spec, current.map(Function::version))
    }

    /// Reads, compiles (or loads from the cache) and links a function's module.
    /// A JavaScript function's module is the engine snapshotted with its handler
    /// loaded (see `snapshot.rs`), cached under its code, environment and engine.
    pub fn load(&self, spec: FunctionSpec) -> Result<Function, ModuleError> {
        Ok(self.load_unless(spec, None)?.expect("no version to match"))
    }

    /// Loads `spec` unless its version is `running`.
    fn load_unless(
        &self,
        spec: FunctionSpec,
        running: Option<&str>,
    ) -> Result<Option<Function>, ModuleError> {
        let started = Instant::now();
        let env = spec.guest_env();
        let (module, status, version, stage) = match &spec.code_dir {
            None => {
                let bytes = read_module(&spec.module)?;
                let hash = hex(&Sha256::digest(&bytes));
                let version = hash[..VERSION_LEN].to_owned();
                if running == Some(version.as_str()) {
                    return Ok(None);
                }
                if is_component(&bytes) {
                    let (component, status) =
                        self.host.cache.load::<Component>(&self.host.engine, &spec.module, &bytes, &hash)?;
                    let pre = self.link_component(&spec, &component)?;
                    return Ok(Some(self.loaded(spec, env, version, None, pre, status, started)));
                }
                if spec.http {
                    return Err(ModuleError::link(
                        &spec.module,
                        "runtime WasiHttp needs a component exporting `wasi:http/incoming-handler`, not a core module",
                    ));
                }
                let (module, status) =
                    self.host.cache.load::<Module>(&self.host.engine, &spec.module, &bytes, &hash)?;
                (module, status, version, None)
            }
            Some(dir) if spec.language == Language::Python => {
                if !spec.module.is_file() {
                    return Err(ModuleError::NotFound(spec.module.clone()));
                }
                let stage = self.stages.stage(dir, spec.confined_to.as_deref())?;
                let packages = self.python.packages(stage.path(), &dir.join("requirements.txt"))?;
                let engine = self.python.engine()?;
                let mut hasher = Sha256::new();
                hasher.update(engine.key.as_bytes());
                hasher.update(stage.digest);
                for (k, v) in &env {
                    hasher.update(format!("{}={}\0{}\0", k.len(), k, v));
                }
                let version = hex(&hasher.finalize())[..VERSION_LEN].to_owned();
                if running == Some(version.as_str()) {
                    return Ok(None);
                }
                let (component, status) = self.python_component(&engine)?;
                let pre = self.link_component(&spec, &component)?;
                let mut function = self.loaded(spec, env, version, Some(stage), pre, status, started);
                function.packages = packages;
                return Ok(Some(function));
            }
            Some(dir) => {
                if !spec.module.is_file() {
                    return Err(ModuleError::NotFound(spec.module.clone()));
                }
                let engine = self.host.config.js_engine.ok_or_else(|| {
                    ModuleError::link(&spec.module, "the JavaScript engine is not available to this runtime")
                })?;
                let stage = self.stages.stage(dir, spec.confined_to.as_deref())?;
                // What the snapshot depends on: the engine, the staged code and
                // the environment its top-level code saw.
                let mut hasher = Sha256::new();
                hasher.update(self.js_engine_hash.get_or_init(|| hex(&Sha256::digest(engine))).as_bytes());
                hasher.update(stage.digest);
                for (k, v) in &env {
                    hasher.update(format!("{}={}\0{}\0", k.len(), k, v));
                }
                let key = hex(&hasher.finalize());
                let version = key[..VERSION_LEN].to_owned();
                if running == Some(version.as_str()) {
                    return Ok(None);
                }
                let (module, status) =
                    self.host.cache.load_or::<Module>(&self.host.engine, &spec.module, &key, || {
                        self.snapshotter
                            .snapshot(&self.host, engine, &spec, &env, &stage)
                            .map(std::borrow::Cow::Owned)
                    })?;
                (module, status, version, Some(stage))
            }
        };
        let path = if stage.is_some() { Path::new(JS_ENGINE_NAME) } else { spec.module.as_path() };
        if !module.exports().any(|e| e.name() == "_start" && e.ty().func().is_some()) {
            return Err(ModuleError::link(
                path,
                "no `_start` export: fngate runs WASI command modules (a `fn main`)",
            ));
        }
        let pre = self.host.linker.instantiate_pre(&module).map_err(|e| ModuleError::link(path, e))?;
        Ok(Some(self.loaded(spec, env, version, stage, Pre::Module(pre), status, started)))
    }

    /// The Python runtime compiled (or read from the module cache), once per
    /// process: every Python function shares its code and mapping.
    fn python_component(
        &self,
        engine: &crate::python::Built,
    ) -> Result<(Component, CacheStatus), ModuleError> {
        let mut slot = self.python_component.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((key, component)) = &*slot
            && *key == engine.key
        {
            return Ok((component.clone(), CacheStatus::Hit));
        }
        let path = Path::new(PYTHON_ENGINE_NAME);
        let (component, status) =
            self.host.cache.load_or::<Component>(&self.host.engine, path, &engine.key, || {
                std::fs::read(&engine.path)
                    .map(std::borrow::Cow::Owned)
                    .map_err(|source| ModuleError::Read { path: engine.path.clone(), source })
            })?;
        *slot = Some((engine.key.clone(), component.clone()));
        Ok((component, status))
    }

    /// Links a component: a wasi:http handler (`wasi:http/incoming-handler`)
    /// when it exports one, else a WASI 0.2 command (`wasi:cli/run`).
    fn link_component(&self, spec: &FunctionSpec, component: &Component) -> Result<Pre, ModuleError> {
        let path = spec.module.as_path();
        let pre =
            self.host.component_linker.instantiate_pre(component).map_err(|e| ModuleError::link(path, e))?;
        if let Ok(proxy) = ProxyPre::new(pre.clone()) {
            return Ok(Pre::Http(proxy));
        }
        if spec.http {
            return Err(ModuleError::link(
                path,
                "runtime WasiHttp needs a component exporting `wasi:http/incoming-handler`",
            ));
        }
        match CommandPre::new(pre) {
            Ok(command) => Ok(Pre::Command(command)),
            Err(_) => Err(ModuleError::link(
                path,
                "the component exports neither `wasi:cli/run` (a WASI 0.2 command, a `fn main`) nor `wasi:http/incoming-handler`",
            )),
        }
    }

    /// The loaded function, logged.
    #[allow(clippy::too_many_arguments)]
    fn loaded(
        &self,
        spec: FunctionSpec,
        env: Vec<(String, String)>,
        version: String,
        stage: Option<Arc<Stage>>,
        pre: Pre,
        status: CacheStatus,
        started: Instant,
    ) -> Function {
        tracing::debug!(
            function = %spec.name,
            module = %spec.module.display(),
            cached = status == CacheStatus::Hit,
            elapsed_ms = started.elapsed().as_secs_f64() * 1e3,
            "module loaded"
        );
        // Warm instances for modules, command components and JavaScript; a
        // wasi:http component answers requests, not framed events.
        let warm = spec.warm.filter(|_| !matches!(pre, Pre::Http(_)));
        if spec.warm.is_some() && warm.is_none() {
            tracing::warn!(
                "function {}: a wasi:http component has no warm instances; it runs fresh ones",
                spec.name
            );
        }
        let pool = warm.map(crate::pool::Pool::new);
        if let Some(pool) = &pool {
            self.pools.add(pool);
        }
        Function {
            env: env.into(),
            version: version.into(),
            stage,
            packages: None,
            spec: Arc::new(spec),
            pre,
            from_cache: status == CacheStatus::Hit,
            load_time: started.elapsed(),
            pool,
        }
    }
}

/// Whether `bytes` are a component (binary, or text that starts with
/// `(component`) rather than a core module.
fn is_component(bytes: &[u8]) -> bool {
    match bytes {
        [0, b'a', b's', b'm', _, _, layer, 0, ..] => *layer == 1,
        text => std::str::from_utf8(text).is_ok_and(|t| {
            let t = t.trim_start();
            // Skip `;;` comments before the first form.
            let t = t.lines().map(str::trim).find(|l| !l.is_empty() && !l.starts_with(";;")).unwrap_or("");
            t.starts_with("(component")
        }),
    }
}

fn read_module(path: &Path) -> Result<Vec<u8>, ModuleError> {
    std::fs::read(path).map_err(|source| match source.kind() {
        std::io::ErrorKind::NotFound => ModuleError::NotFound(path.to_owned()),
        _ => ModuleError::Read { path: path.to_owned(), source },
    })
}

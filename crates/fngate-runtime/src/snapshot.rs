//! Pre-initialized JavaScript functions: the engine's load step (the realm, the
//! prelude, the handler module and its top-level code) run once per function
//! and snapshotted with wizer into a module of its own, so that every
//! invocation starts with the handler loaded.
//!
//! The load step is the engine's `wizer-initialize` export, run in a store like
//! an invocation's (the function's environment and staged code, its timeout and
//! `memorySize`, an instance slot), but with no request. Its failure is the
//! function's load error (437 with the JavaScript message and stack).

use std::sync::{Arc, Mutex};
use std::time::Instant;

use bytes::Bytes;
use fngate_event::{ScfError, status};
use sha2::{Digest, Sha256};
use wasmtime::{Instance, InstancePre, Store, Val};
use wasmtime_wasi::p2::pipe::MemoryInputPipe;
use wasmtime_wizer::{InstanceState, ModuleContext, SnapshotVal, Wizer};

use crate::cache::hex;
use crate::error::ModuleError;
use crate::function::FunctionSpec;
use crate::guest::{Guest, Mounts, classify, run_until};
use crate::host::Host;
use crate::limiter::Limiter;
use crate::outcome::{Outcome, seconds};
use crate::stage::Stage;
use crate::state::State;

/// How errors name the built-in JavaScript engine module.
pub(crate) const JS_ENGINE_NAME: &str = "<built-in JavaScript engine>";

/// The engine's export that loads the handler.
const INIT: &str = "wizer-initialize";

/// The most linear memory a loaded handler may leave to snapshot: the snapshot
/// is written to the module cache and mapped by every invocation.
const MAX_SNAPSHOT_MB: usize = 256;

/// The engine instrumented for snapshots, compiled (or read from the module
/// cache) on first use and dropped by `Runtime::trim`: tens of megabytes that
/// only loading needs.
#[derive(Default)]
pub(crate) struct Snapshotter {
    instrumented: Mutex<Option<Arc<Instrumented>>>,
}

struct Instrumented {
    cx: ModuleContext<'static>,
    pre: InstancePre<State>,
}

impl Snapshotter {
    /// Forgets the instrumented engine.
    pub(crate) fn clear(&self) {
        self.instrumented.lock().unwrap_or_else(|e| e.into_inner()).take();
    }

    /// A module of `engine` with `spec`'s handler loaded from `stage`, its
    /// initialization run in a store like an invocation's.
    pub(crate) fn snapshot(
        &self,
        host: &Host,
        engine: &'static [u8],
        spec: &FunctionSpec,
        env: &[(String, String)],
        stage: &Stage,
    ) -> Result<Vec<u8>, ModuleError> {
        let instrumented = {
            let mut slot = self.instrumented.lock().unwrap_or_else(|e| e.into_inner());
            match &*slot {
                Some(instrumented) => instrumented.clone(),
                None => {
                    let instrumented = Arc::new(
                        instrument(host, engine)
                            .map_err(|e| ModuleError::link(std::path::Path::new(JS_ENGINE_NAME), e))?,
                    );
                    slot.insert(instrumented).clone()
                }
            }
        };
        let instrumented = &*instrumented;
        // Loading is synchronous (the gateway calls it from blocking threads, the
        // CLI from plain ones); the guest runs on async wasmtime, so give it a
        // small runtime of its own on a thread of its own.
        std::thread::scope(|scope| {
            scope
                .spawn(|| {
                    let rt = tokio::runtime::Builder::new_current_thread()
                        .enable_time()
                        .build()
                        .map_err(|e| ModuleError::link(&spec.module, e))?;
                    rt.block_on(initialize(host, instrumented, spec, env, stage))
                })
                .join()
                .unwrap_or_else(|_| Err(ModuleError::link(&spec.module, "the snapshot thread panicked")))
        })
    }
}

/// The engine instrumented by wizer, compiled (or read from the cache) and linked.
fn instrument(host: &Host, engine: &'static [u8]) -> Result<Instrumented, String> {
    let (cx, wasm) = Wizer::new().instrument(engine).map_err(|e| format!("{e:#}"))?;
    let hash = hex(&Sha256::digest(&wasm));
    let path = std::path::Path::new(JS_ENGINE_NAME);
    let (module, _) = host.cache.load(&host.engine, path, &wasm, &hash).map_err(|e| e.to_string())?;
    let pre = host.linker.instantiate_pre(&module).map_err(|e| format!("{e:#}"))?;
    Ok(Instrumented { cx, pre })
}

/// Runs the load step of `spec`'s handler in `instrumented` and snapshots it.
async fn initialize(
    host: &Host,
    instrumented: &Instrumented,
    spec: &FunctionSpec,
    env: &[(String, String)],
    stage: &Stage,
) -> Result<Vec<u8>, ModuleError> {
    let _reservation = host.capacity.reserve(spec.memory_mb).await;
    let Guest { mut store, stdout, stderr } = Guest::new(
        host,
        spec,
        env,
        Mounts { code: Some(stage), packages: None },
        MemoryInputPipe::new(Bytes::new()),
        None,
        false,
    )?;
    let mut instance = None;
    let result = run_until(&mut store, Instant::now() + spec.timeout, async |store| {
        let loaded = instance.insert(instrumented.pre.instantiate_async(&mut *store).await?);
        let init = loaded.get_typed_func::<(), ()>(&mut *store, INIT)?;
        init.call_async(&mut *store, ()).await
    })
    .await;
    let (log, _) = stderr.take();
    for line in String::from_utf8_lossy(&log).lines() {
        tracing::info!(function = %spec.name, "while loading: {}", line.escape_debug());
    }
    let instance = match (result, instance) {
        (Ok(()), Some(instance)) => instance,
        (result, _) => {
            let refused = store.data().limiter.refused;
            let (out, written) = stdout.take();
            let result = result.and(Err(wasmtime::Error::msg("the engine did not load")));
            let error = match classify(result, out, written, refused, spec.timeout, spec.memory_mb) {
                Outcome::Timeout { after } => ScfError::new(
                    status::HANDLER_NOT_FOUND,
                    format!("Loading the handler timed out after {} seconds", seconds(after)),
                ),
                outcome => outcome.scf_error().expect("a failed load is an error"),
            };
            return Err(ModuleError::Init {
                path: spec.module.clone(),
                message: error.error_message,
                stack: error.stack_trace,
            });
        }
    };
    let Limiter { peak, .. } = store.data().limiter;
    if peak > MAX_SNAPSHOT_MB << 20 {
        return Err(ModuleError::Init {
            path: spec.module.clone(),
            message: format!(
                "loading the handler left {} MB of memory; a snapshot holds at most {MAX_SNAPSHOT_MB} MB",
                peak >> 20
            ),
            stack: None,
        });
    }
    let snapshot = Wizer::new()
        .snapshot(&instrumented.cx, &mut Loaded { store: &mut store, instance })
        .await
        .map_err(|e| ModuleError::link(&spec.module, e))?;
    tracing::debug!(function = %spec.name, memory = peak, bytes = snapshot.len(), "snapshot taken");
    Ok(snapshot)
}

/// The loaded instance, as wizer reads it.
struct Loaded<'a> {
    store: &'a mut Store<State>,
    instance: Instance,
}

impl InstanceState for Loaded<'_> {
    async fn global_get(&mut self, name: &str, _: wasmtime_wizer::ValType) -> SnapshotVal {
        let global =
            self.instance.get_global(&mut *self.store, name).expect("wizer names an exported global");
        match global.get(&mut *self.store) {
            Val::I32(x) => SnapshotVal::I32(x),
            Val::I64(x) => SnapshotVal::I64(x),
            Val::F32(x) => SnapshotVal::F32(x),
            Val::F64(x) => SnapshotVal::F64(x),
            Val::V128(x) => SnapshotVal::V128(x.as_u128()),
            other => unreachable!("wizer snapshots numeric globals only, not {other:?}"),
        }
    }

    async fn memory_contents(&mut self, name: &str, contents: impl FnOnce(&[u8]) + Send) {
        let memory =
            self.instance.get_memory(&mut *self.store, name).expect("wizer names an exported memory");
        contents(memory.data(&*self.store))
    }
}

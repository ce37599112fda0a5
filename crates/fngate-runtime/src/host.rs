//! The wasmtime side every invocation shares: one engine (pooling allocator
//! when it can be reserved), its epoch ticker, the linkers for modules and
//! components, the instance slots and memory budget, and the module cache.

use std::sync::Arc;

use wasmtime::component;
use wasmtime::{Config, Enabled, Engine, InstanceAllocationStrategy, Linker, PoolingAllocationConfig};

use crate::cache::{CompiledBodies, ModuleCache};
use crate::capacity::Capacity;
use crate::config::RuntimeConfig;
use crate::error::RuntimeError;
use crate::state::State;

/// The engine and what is linked, cached and counted with it.
pub(crate) struct Host {
    pub(crate) engine: Engine,
    /// WASI preview 1 (and the network) for core modules.
    pub(crate) linker: Linker<State>,
    /// WASI 0.2 and wasi:http for components.
    pub(crate) component_linker: component::Linker<State>,
    pub(crate) config: RuntimeConfig,
    pub(crate) capacity: Capacity,
    pub(crate) cache: ModuleCache,
    /// Whether the pooling allocator is in use (false after a fallback).
    pub(crate) pooling: bool,
}

impl Host {
    /// Creates the engine, with cranelift keeping its compiled bodies in
    /// `bodies`, starts its epoch ticker, links WASI and opens the module cache.
    pub(crate) fn new(config: RuntimeConfig, bodies: &Arc<CompiledBodies>) -> Result<Host, RuntimeError> {
        let (engine, pooling) = create_engine(&config, bodies)?;
        crate::ticker::spawn(&engine, config.epoch_tick)?;
        let mut linker = Linker::new(&engine);
        wasmtime_wasi::p1::add_to_linker_async(&mut linker, |s: &mut State| &mut s.wasi)
            .and_then(|()| crate::stdio::add_to_linker(&mut linker))
            .and_then(|()| crate::net::add_to_linker(&mut linker))
            .map_err(|e| RuntimeError::Engine(format!("{e:#}")))?;
        let mut component_linker = component::Linker::new(&engine);
        wasmtime_wasi::p2::add_to_linker_async(&mut component_linker)
            .and_then(|()| wasmtime_wasi_http::p2::add_only_http_to_linker_async(&mut component_linker))
            .map_err(|e| RuntimeError::Engine(format!("{e:#}")))?;
        let cache = ModuleCache::new(&engine, config.cache_dir.clone(), config.cache_key.clone());
        let capacity = Capacity::new(config.max_instances, config.memory_budget_mb);
        Ok(Host { engine, linker, component_linker, config, capacity, cache, pooling })
    }
}

/// The most native stack a guest may use (wasmtime's default is 512 KiB).
const WASM_STACK: usize = 16 << 20;

fn base_config(bodies: &Arc<CompiledBodies>) -> Config {
    let mut config = Config::new();
    config.epoch_interruption(true);
    if std::env::var_os("FNGATE_PERFMAP").is_some() {
        config.profiler(wasmtime::ProfilingStrategy::PerfMap);
    }
    config.memory_init_cow(true);
    // Deep JavaScript recursion must meet QuickJS's own limit (a catchable
    // RangeError past 10,000 frames, see guest-sdk/js-runtime) before wasm's:
    // each JavaScript frame takes about 1 KB of native stack.
    config.max_wasm_stack(WASM_STACK);
    config.async_stack_size(WASM_STACK + (1 << 20));
    config.parallel_compilation(true);
    config.enable_incremental_compilation(bodies.clone()).expect("the compiler is enabled");
    config
}

fn pooling_config(config: &RuntimeConfig) -> PoolingAllocationConfig {
    let n = config.max_instances;
    let mut pool = PoolingAllocationConfig::default();
    // A component may hold several core instances, memories and tables (see
    // `limiter.rs`): room for them beside one instance per slot.
    pool.total_core_instances(n * 4)
        .total_component_instances(n)
        .total_memories(n * 2)
        .total_tables(n * 4)
        .total_stacks(n)
        .linear_memory_keep_resident(config.keep_resident)
        .table_keep_resident(64 << 10)
        .pagemap_scan(Enabled::Auto);
    pool
}

/// Creates the engine. The pooling allocator reserves all its slots up front; on a
/// box whose address space cannot hold them, fall back to on-demand allocation.
fn create_engine(
    config: &RuntimeConfig,
    bodies: &Arc<CompiledBodies>,
) -> Result<(Engine, bool), RuntimeError> {
    if config.pooling {
        let mut c = base_config(bodies);
        c.allocation_strategy(InstanceAllocationStrategy::Pooling(pooling_config(config)));
        match Engine::new(&c) {
            Ok(engine) => return Ok((engine, true)),
            Err(e) => tracing::warn!(
                "cannot reserve the pooling allocator ({} slots): {e:#}; falling back to on-demand allocation",
                config.max_instances
            ),
        }
    }
    let engine = Engine::new(&base_config(bodies)).map_err(|e| RuntimeError::Engine(format!("{e:#}")))?;
    Ok((engine, false))
}

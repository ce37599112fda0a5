//! In-process benchmarks of the invocation core on the real hello-world examples
//! (Rust, and the seed's JavaScript on the embedded engine): one invocation with
//! a warm `InstancePre` (criterion's median is the p50), the same in a warm
//! instance (`warm:`, the instance kept between invocations), and
//! loading a module by compiling it with cranelift vs from the on-disk cache.
//!
//! Run with `cargo bench -p fngate --bench invoke`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use fngate_runtime::{FunctionSpec, Outcome, Runtime, RuntimeConfig, Warm};

const REQUEST_ID: &str = "0123456789abcdef0123456789abcdef";

/// One warm instance, kept for the whole bench.
const ONE_WARM: Warm = Warm { max_instances: 1, idle: Duration::from_secs(3600), max_invocations: 0 };

/// Builds examples/hello-world with the real `fngate build` and returns its module.
fn hello_world_module() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-world");
    let status =
        Command::new(env!("CARGO_BIN_EXE_fngate")).arg("build").arg(&dir).status().expect("run fngate build");
    assert!(status.success(), "fngate build failed");
    dir.join("hello_world.wasm")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("fngate-bench-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

fn benches(c: &mut Criterion) {
    let module = hello_world_module();
    let event = serde_json::to_vec(&fngate_event::Event::sample()).unwrap();
    let spec = FunctionSpec::new("hello_world", &module);

    let runtime = Runtime::new(RuntimeConfig { cache_dir: None, ..RuntimeConfig::default() }).unwrap();
    let hello = runtime.load(spec.clone()).unwrap();
    let tokio = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let check = tokio.block_on(runtime.invoke(&hello, event.clone(), REQUEST_ID));
    assert!(matches!(check.outcome, Outcome::Success { .. }), "{:?}", check.outcome);

    c.bench_function("invoke/hello_world (warm InstancePre)", |b| {
        b.to_async(&tokio).iter(|| runtime.invoke(&hello, event.clone(), REQUEST_ID))
    });
    let hello_warm = runtime.load(FunctionSpec { warm: Some(ONE_WARM), ..spec.clone() }).unwrap();
    c.bench_function("invoke/hello_world (warm instance)", |b| {
        b.to_async(&tokio).iter(|| runtime.invoke(&hello_warm, event.clone(), REQUEST_ID))
    });

    // The seed's JavaScript hello world on the embedded engine, in the same harness.
    let js_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-world-js");
    let (js_config, _) = fngate_config::load(&js_dir).expect("examples/hello-world-js loads");
    let js_runtime = Runtime::new(RuntimeConfig {
        cache_dir: None,
        js_engine: Some(fngate_js_engine::MODULE),
        ..RuntimeConfig::default()
    })
    .unwrap();
    let js = js_runtime.load(FunctionSpec::from_config(&js_config.functions[0])).unwrap();
    let check = tokio.block_on(js_runtime.invoke(&js, event.clone(), REQUEST_ID));
    assert!(matches!(check.outcome, Outcome::Success { .. }), "{:?}", check.outcome);
    let mut group = c.benchmark_group("invoke");
    group.sample_size(30);
    group.bench_function("hello_world_js (warm InstancePre)", |b| {
        b.to_async(&tokio).iter(|| js_runtime.invoke(&js, event.clone(), REQUEST_ID))
    });
    let js_spec = FunctionSpec { warm: Some(ONE_WARM), ..FunctionSpec::from_config(&js_config.functions[0]) };
    let js_warm = js_runtime.load(js_spec).unwrap();
    group.bench_function("hello_world_js (warm instance)", |b| {
        b.to_async(&tokio).iter(|| js_runtime.invoke(&js_warm, event.clone(), REQUEST_ID))
    });
    group.finish();

    let mut load = c.benchmark_group("load/hello_world");
    load.sample_size(10).measurement_time(Duration::from_secs(5));
    load.bench_function("cold compile (cranelift)", |b| b.iter(|| runtime.load(spec.clone()).unwrap()));
    let cache = scratch("cache");
    let cached =
        Runtime::new(RuntimeConfig { cache_dir: Some(cache.clone()), ..RuntimeConfig::default() }).unwrap();
    cached.load(spec.clone()).unwrap();
    load.bench_function("cached load (deserialize)", |b| b.iter(|| cached.load(spec.clone()).unwrap()));
    load.finish();
    let _ = std::fs::remove_dir_all(cache);
}

criterion_group!(invoke, benches);
criterion_main!(invoke);

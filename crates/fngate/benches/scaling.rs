//! In-process throughput and latency percentiles of hello-world invocations on
//! one thread and on two, sharing one `Runtime` (the pooling allocator's
//! behaviour across cores is what this shows).
//!
//! Run with `cargo bench -p fngate --bench scaling` (`FNGATE_BENCH_SECS` sets the
//! duration of each phase, default 3).

use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::time::{Duration, Instant};

use fngate_runtime::{Function, FunctionSpec, Outcome, Runtime, RuntimeConfig};
use hdrhistogram::Histogram;

const REQUEST_ID: &str = "0123456789abcdef0123456789abcdef";

fn main() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-world");
    // FNGATE_BENCH_PREBUILT=1 uses the module as it is (for profiling other builds).
    if std::env::var_os("FNGATE_BENCH_PREBUILT").is_none() {
        let status = Command::new(env!("CARGO_BIN_EXE_fngate")).arg("build").arg(&example).status().unwrap();
        assert!(status.success());
    }
    let secs: u64 = std::env::var("FNGATE_BENCH_SECS").ok().and_then(|s| s.parse().ok()).unwrap_or(3);
    let runtime =
        Arc::new(Runtime::new(RuntimeConfig { cache_dir: None, ..RuntimeConfig::default() }).unwrap());
    // FNGATE_BENCH_MODULE runs another module instead (e.g. a trivial .wat, to see the host's share).
    let module = std::env::var_os("FNGATE_BENCH_MODULE").map_or(example.join("hello_world.wasm"), Into::into);
    let hello = runtime.load(FunctionSpec::new("hello_world", module)).unwrap();
    let event = serde_json::to_vec(&fngate_event::Event::sample()).unwrap();
    println!("pooling allocator: {}", runtime.is_pooling());

    // Warm up the pool slots and caches.
    run(&runtime, &hello, &event, Duration::from_millis(500));
    let mut rates = Vec::new();
    for threads in [1, 2] {
        let started = Instant::now();
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                let (runtime, hello, event) = (runtime.clone(), hello.clone(), event.clone());
                std::thread::spawn(move || run(&runtime, &hello, &event, Duration::from_secs(secs)))
            })
            .collect();
        let mut all = Histogram::<u64>::new(3).unwrap();
        for h in handles {
            all.add(h.join().unwrap()).unwrap();
        }
        let rate = all.len() as f64 / started.elapsed().as_secs_f64();
        rates.push(rate);
        println!(
            "{threads} thread(s): {rate:>9.0} inv/s   p50 {:>6.1} µs   p99 {:>6.1} µs",
            all.value_at_quantile(0.5) as f64 / 1e3,
            all.value_at_quantile(0.99) as f64 / 1e3
        );
    }
    println!("2 threads / 1 thread: {:.2}x", rates[1] / rates[0]);
}

/// Invokes back to back on a current-thread tokio runtime for `duration`;
/// returns the latency histogram in nanoseconds.
fn run(runtime: &Runtime, hello: &Function, event: &[u8], duration: Duration) -> Histogram<u64> {
    let tokio = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
    let mut hist = Histogram::<u64>::new(3).unwrap();
    tokio.block_on(async {
        let end = Instant::now() + duration;
        while Instant::now() < end {
            let t = Instant::now();
            let inv = runtime.invoke(hello, event.to_vec(), REQUEST_ID).await;
            hist.record(t.elapsed().as_nanos() as u64).unwrap();
            assert!(matches!(inv.outcome, Outcome::Success { .. }), "{:?}", inv.outcome);
        }
    });
    hist
}

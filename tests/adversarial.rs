//! Misbehaving guests against the real runtime: each yields its typed outcome and
//! SCF error, and the same runtime then serves a good invocation.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use fngate_event::PAYLOAD_LIMIT;
use fngate_runtime::{FunctionSpec, Invocation, ModuleError, Outcome, Runtime, RuntimeConfig};

const REQUEST_ID: &str = "0123456789abcdef0123456789abcdef";

fn runtime() -> Runtime {
    let config =
        RuntimeConfig { cache_dir: Some(common::scratch("adversarial-cache")), ..RuntimeConfig::default() };
    Runtime::new(config).expect("runtime")
}

fn spec(fixture: &str) -> FunctionSpec {
    FunctionSpec::new(fixture.trim_end_matches(".wat"), common::fixture(fixture))
}

async fn invoke(runtime: &Runtime, spec: FunctionSpec) -> Invocation {
    let function = runtime.load(spec).expect("fixture loads");
    runtime.invoke(&function, b"{}".to_vec(), REQUEST_ID).await
}

/// The runtime still serves the real hello-world example after whatever came before.
async fn assert_still_serves(runtime: &Runtime) {
    let hello = runtime
        .load(FunctionSpec::new("hello_world", common::example_module("hello-world", "hello_world")))
        .expect("hello-world loads");
    let inv = runtime.invoke(&hello, b"{}".to_vec(), REQUEST_ID).await;
    match inv.outcome {
        Outcome::Success { stdout } => assert!(String::from_utf8_lossy(&stdout).contains("hello world")),
        other => panic!("hello-world failed after a bad guest: {other:?}"),
    }
}

fn status(inv: &Invocation) -> u16 {
    let err = inv.scf_error().expect("a failed invocation has an SCF error");
    assert_eq!(err.request_id.as_deref(), Some(REQUEST_ID));
    err.status_code
}

#[tokio::test]
async fn infinite_loop_is_stopped_at_its_timeout() {
    let runtime = runtime();
    let timeout = Duration::from_millis(300);
    let bound = timeout + Duration::from_millis(10) + runtime_tick();
    // Wall-clock bounds on a shared 2-core box: allow three tries to see the
    // guest stopped within one tick of its deadline.
    let mut seen = Vec::new();
    for _ in 0..3 {
        let inv = invoke(&runtime, FunctionSpec { timeout, ..spec("loop.wat") }).await;
        assert!(matches!(inv.outcome, Outcome::Timeout { .. }), "{:?}", inv.outcome);
        assert_eq!(status(&inv), 433);
        assert!(inv.duration >= timeout, "stopped early: {:?}", inv.duration);
        seen.push(inv.duration);
        if inv.duration <= bound {
            break;
        }
    }
    assert!(seen.iter().any(|d| *d <= bound), "never stopped within {bound:?}: {seen:?}");
    let inv = invoke(&runtime, FunctionSpec { timeout: Duration::from_secs(1), ..spec("loop.wat") }).await;
    assert_eq!(
        inv.scf_error().unwrap().error_message,
        "Invoking task timed out after 1 seconds",
        "the seed's timeout message"
    );
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn a_guest_waiting_in_a_wasi_call_is_stopped_at_its_timeout() {
    let runtime = runtime();
    let timeout = Duration::from_millis(300);
    // A 10 s sleep and an endless one: neither runs wasm while it waits.
    for fixture in ["sleep.wat", "sleep_forever.wat"] {
        let started = Instant::now();
        let inv = invoke(&runtime, FunctionSpec { timeout, ..spec(fixture) }).await;
        assert!(matches!(inv.outcome, Outcome::Timeout { .. }), "{fixture}: {:?}", inv.outcome);
        assert_eq!(status(&inv), 433);
        assert!(inv.duration >= timeout, "{fixture}: stopped early: {:?}", inv.duration);
        assert!(started.elapsed() < Duration::from_secs(3), "{fixture}: ran {:?}", started.elapsed());
    }
    // Given the time, the sleeper answers: the deadline, not the sleep, was the cause.
    let inv = invoke(&runtime, FunctionSpec { timeout: Duration::from_secs(11), ..spec("sleep.wat") }).await;
    assert!(matches!(&inv.outcome, Outcome::Success { stdout } if &stdout[..] == br#"{"slept":true}"#));
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn a_guest_cannot_forge_or_flood_the_log() {
    let runtime = runtime();
    let inv = invoke(&runtime, spec("log_forge.wat")).await;
    assert!(matches!(&inv.outcome, Outcome::Success { .. }), "{:?}", inv.outcome);
    let log = inv.log_lines("forger");
    let lines: Vec<&str> = log.lines().collect();
    // Every guest line is attributed and its control characters escaped: the
    // forged Report stays inside the attributed line, after an escaped \r.
    let attributed = format!("[forger {REQUEST_ID}] ");
    assert_eq!(lines[1], format!("{attributed}\\u{{1b}}[31mred\\rReport RequestId:forged Duration:1ms"));
    assert_eq!(log.matches("Report RequestId:").count(), 2, "{}", &log[..300]);
    assert!(lines.iter().filter(|l| l.starts_with("Report ")).all(|l| l.contains("Memory:128MB")));
    // 65,537 lines written, MAX_LOG_LINES kept, the rest counted.
    assert_eq!(lines.iter().filter(|l| l.starts_with(&attributed)).count(), fngate_runtime::MAX_LOG_LINES);
    let dropped = 65_537 - fngate_runtime::MAX_LOG_LINES;
    assert!(
        log.contains(&format!("[fngate: {dropped} more lines of log dropped]")),
        "{}",
        &log[log.len() - 300..]
    );
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn limits_hold_in_the_on_demand_fallback_too() {
    for pooling in [true, false] {
        let config = RuntimeConfig { cache_dir: None, pooling, ..RuntimeConfig::default() };
        let runtime = Runtime::new(config).expect("runtime");
        assert_eq!(runtime.is_pooling(), pooling);
        // Refused when loaded (the pool checks a module against its slots) or
        // when instantiated (the limiter, in either mode); never run.
        for fixture in ["table_bomb.wat", "two_memories.wat"] {
            if let Ok(function) = runtime.load(spec(fixture)) {
                let inv = runtime.invoke(&function, b"{}".to_vec(), REQUEST_ID).await;
                assert!(
                    matches!(inv.outcome, Outcome::Trap { .. }),
                    "pooling {pooling}, {fixture}: {:?}",
                    inv.outcome
                );
            }
        }
        assert_still_serves(&runtime).await;
    }
}

fn runtime_tick() -> Duration {
    RuntimeConfig::default().epoch_tick
}

#[tokio::test]
async fn memory_bomb_hits_the_memory_limit() {
    let runtime = runtime();
    let inv = invoke(&runtime, FunctionSpec { memory_mb: 16, ..spec("membomb.wat") }).await;
    assert!(matches!(inv.outcome, Outcome::MemoryLimit { limit_mb: 16 }), "{:?}", inv.outcome);
    assert_eq!(status(&inv), 434);
    assert!(inv.peak_memory <= 16 << 20 && inv.peak_memory > 8 << 20, "peak {}", inv.peak_memory);
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn unbounded_recursion_is_a_stack_overflow_trap() {
    let runtime = runtime();
    let inv = invoke(&runtime, spec("recurse.wat")).await;
    match &inv.outcome {
        Outcome::Trap { message, .. } => assert!(message.contains("call stack exhausted"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(status(&inv), 430);
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn stdout_flood_is_output_too_large_with_bounded_memory() {
    let runtime = runtime();
    let inv = invoke(&runtime, spec("stdout_flood.wat")).await;
    // Stopped at the 64 KiB write that crossed 6 MB, not after all 100 MB.
    match inv.outcome {
        Outcome::OutputTooLarge { written } => {
            assert!(written > PAYLOAD_LIMIT && written <= PAYLOAD_LIMIT + 64 * 1024, "{written}")
        }
        ref other => panic!("{other:?}"),
    }
    assert_eq!(status(&inv), 407);
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn stderr_flood_is_truncated_and_the_invocation_succeeds() {
    let runtime = runtime();
    let inv = invoke(&runtime, spec("stderr_flood.wat")).await;
    assert!(matches!(&inv.outcome, Outcome::Success { stdout } if &stdout[..] == b"{}"), "{:?}", inv.outcome);
    assert_eq!(inv.log.len(), RuntimeConfig::default().stderr_limit);
    assert_eq!(inv.log_dropped, 100 * 1024 * 1024 - inv.log.len());
    let lines = inv.log_lines("stderr_flood");
    assert!(lines.contains("more bytes of log dropped"), "no truncation marker");
    assert!(lines.len() < 2 << 20);
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn exit_code_3_is_a_process_exit() {
    let runtime = runtime();
    let inv = invoke(&runtime, spec("exit3.wat")).await;
    assert!(matches!(inv.outcome, Outcome::NonZeroExit(3)), "{:?}", inv.outcome);
    assert_eq!(status(&inv), 439);
    assert!(
        inv.log_lines("exit3").contains(&format!("ERROR RequestId:{REQUEST_ID} Result:User process exit"))
    );
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn unreachable_is_a_trap_with_a_backtrace() {
    let runtime = runtime();
    let inv = invoke(&runtime, spec("unreachable.wat")).await;
    match &inv.outcome {
        Outcome::Trap { message, backtrace } => {
            assert!(message.contains("unreachable"), "{message}");
            assert!(
                backtrace
                    .as_deref()
                    .is_some_and(|b| b.contains("unreachable.wasm") || b.contains("<wasm function")),
                "{backtrace:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(status(&inv), 430);
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn standard_streams_behave_as_wasi_at_their_edges() {
    // fngate reads stdin and writes stdout/stderr itself (not through
    // wasmtime-wasi's streams): split iovecs, a closed stderr and an
    // out-of-bounds iovec must still be answered as WASI answers them.
    let runtime = runtime();
    let function = runtime.load(spec("stdio_edges.wat")).expect("fixture loads");
    let event = br#"{"statusCode":200,"body":"echoed through two iovecs each way"}"#;
    let inv = runtime.invoke(&function, event.to_vec(), REQUEST_ID).await;
    match &inv.outcome {
        Outcome::Success { stdout } => assert_eq!(&stdout[..], &event[..]),
        other => panic!("{other:?} (exit 11: a write to the closed stderr did not fail with EBADF)"),
    }
    assert!(inv.log_lines("stdio_edges").contains("before close"), "{}", inv.log_lines("stdio_edges"));
    let inv = invoke(&runtime, spec("stdio_out_of_bounds.wat")).await;
    match &inv.outcome {
        Outcome::Trap { message, .. } => assert!(message.contains("out of bounds"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn invalid_json_output_is_an_invalid_response() {
    let runtime = runtime();
    let inv = invoke(&runtime, spec("bad_json.wat")).await;
    assert!(matches!(inv.outcome, Outcome::InvalidResponse { .. }), "{:?}", inv.outcome);
    assert_eq!(status(&inv), 403);
    assert_still_serves(&runtime).await;
}

#[tokio::test]
async fn modules_that_cannot_load_are_module_errors() {
    let runtime = runtime();
    let cases: [(&str, u16); 4] = [
        ("not_wasm.wasm", 437),
        ("library.wat", 437),
        ("unknown_import.wat", 437),
        ("does_not_exist.wasm", 435),
    ];
    for (fixture, code) in cases {
        let err = runtime.load(spec(fixture)).err().unwrap_or_else(|| panic!("{fixture} loaded"));
        if code == 435 {
            assert!(matches!(err, ModuleError::NotFound(_)), "{err}");
        }
        let inv = Invocation::module_error(REQUEST_ID, 128, err);
        assert_eq!(status(&inv), code, "{fixture}");
    }
    assert_still_serves(&runtime).await;
}

#[tokio::test(flavor = "current_thread")]
async fn a_cpu_bound_guest_does_not_stall_other_invocations() {
    // One thread only: the looping guest must yield it for others to run at all.
    let runtime = Arc::new(runtime());
    let looping = runtime.load(FunctionSpec { timeout: Duration::from_secs(2), ..spec("loop.wat") }).unwrap();
    let hello = runtime
        .load(FunctionSpec::new("hello_world", common::example_module("hello-world", "hello_world")))
        .unwrap();
    let rt = runtime.clone();
    let spinner = tokio::spawn(async move { rt.invoke(&looping, b"{}".to_vec(), REQUEST_ID).await });
    tokio::task::yield_now().await;
    let started = Instant::now();
    for _ in 0..20 {
        let inv = runtime.invoke(&hello, b"{}".to_vec(), REQUEST_ID).await;
        assert!(matches!(inv.outcome, Outcome::Success { .. }));
    }
    let elapsed = started.elapsed();
    assert!(!spinner.is_finished(), "the loop should still be running");
    assert!(elapsed < Duration::from_secs(1), "20 invocations beside a spinning guest took {elapsed:?}");
    let inv = spinner.await.unwrap();
    assert!(matches!(inv.outcome, Outcome::Timeout { .. }));
}

#[tokio::test]
async fn every_invocation_gets_a_fresh_instance() {
    let runtime = runtime();
    let counter = runtime.load(spec("counter.wat")).unwrap();
    for _ in 0..5 {
        let inv = runtime.invoke(&counter, b"{}".to_vec(), REQUEST_ID).await;
        assert!(
            matches!(&inv.outcome, Outcome::Success { stdout } if &stdout[..] == b"1"),
            "{:?}",
            inv.outcome
        );
    }
}

#[tokio::test]
async fn the_module_cache_survives_corruption() {
    let cache = common::scratch("cache-corruption");
    let config = || RuntimeConfig { cache_dir: Some(cache.clone()), ..RuntimeConfig::default() };
    let module = common::example_module("hello-world", "hello_world");
    let first = Runtime::new(config()).unwrap();
    first.load(FunctionSpec::new("hello_world", &module)).unwrap();
    let entries: Vec<_> = std::fs::read_dir(&cache).unwrap().map(|e| e.unwrap().path()).collect();
    assert_eq!(entries.len(), 1, "one cache entry: {entries:?}");
    // Flip bytes in the middle of the entry: the checksum must catch it.
    let mut bytes = std::fs::read(&entries[0]).unwrap();
    let mid = bytes.len() / 2;
    bytes[mid] ^= 0xff;
    std::fs::write(&entries[0], &bytes).unwrap();
    let second = Runtime::new(config()).unwrap();
    let hello = second.load(FunctionSpec::new("hello_world", &module)).unwrap();
    assert_ne!(std::fs::read(&entries[0]).unwrap(), bytes, "the corrupt entry was rewritten");
    for _ in 0..3 {
        assert!(matches!(
            second.invoke(&hello, b"{}".to_vec(), REQUEST_ID).await.outcome,
            Outcome::Success { .. }
        ));
    }
}

#[tokio::test]
async fn a_cache_entry_fngate_did_not_write_is_never_loaded() {
    use sha2::Digest as _;
    let cache = common::scratch("cache-planted");
    let config = || RuntimeConfig { cache_dir: Some(cache.clone()), ..RuntimeConfig::default() };
    let (v1, v2) = (common::fixture("v1.wat"), common::fixture("v2.wat"));
    let runtime = Runtime::new(config()).unwrap();
    runtime.load(FunctionSpec::new("v1", &v1)).unwrap();
    runtime.load(FunctionSpec::new("v2", &v2)).unwrap();
    let entry = |module: &std::path::Path| {
        let hash: String =
            sha2::Sha256::digest(std::fs::read(module).unwrap()).iter().map(|b| format!("{b:02x}")).collect();
        std::fs::read_dir(&cache)
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(&hash))
            .unwrap()
    };
    let (e1, e2) = (entry(&v1), entry(&v2));
    let answer = |runtime: Runtime| {
        let v1 = v1.clone();
        async move {
            let f = runtime.load(FunctionSpec::new("v1", &v1)).unwrap();
            match runtime.invoke(&f, b"{}".to_vec(), REQUEST_ID).await.outcome {
                Outcome::Success { stdout } => String::from_utf8(stdout.to_vec()).unwrap(),
                other => panic!("{other:?}"),
            }
        }
    };
    // Another module's authentic entry put under v1's name: refused, recompiled.
    std::fs::copy(&e2, &e1).unwrap();
    assert_eq!(answer(Runtime::new(config()).unwrap()).await, r#"{"v":1}"#);
    // An entry with a plain checksum (the old format, or anyone's): refused too.
    let mut planted = std::fs::read(&e2).unwrap();
    planted.truncate(planted.len() - 32);
    let sum = sha2::Sha256::digest(&planted);
    planted.extend_from_slice(&sum);
    std::fs::write(&e1, &planted).unwrap();
    assert_eq!(answer(Runtime::new(config()).unwrap()).await, r#"{"v":1}"#);
    assert_ne!(std::fs::read(&e1).unwrap(), planted, "the planted entry was replaced");
}

#[tokio::test]
async fn a_cache_directory_others_can_write_is_not_used() {
    use std::os::unix::fs::PermissionsExt;
    let cache = common::scratch("cache-shared");
    std::fs::set_permissions(&cache, std::fs::Permissions::from_mode(0o777)).unwrap();
    let runtime =
        Runtime::new(RuntimeConfig { cache_dir: Some(cache.clone()), ..RuntimeConfig::default() }).unwrap();
    runtime.load(spec("v1.wat")).unwrap();
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0, "nothing was cached in a shared directory");
    // Through a symbolic link it is refused the same way.
    let link = common::scratch("cache-link").join("modules");
    std::os::unix::fs::symlink(&cache, &link).unwrap();
    let runtime = Runtime::new(RuntimeConfig { cache_dir: Some(link), ..RuntimeConfig::default() }).unwrap();
    runtime.load(spec("v1.wat")).unwrap();
    assert_eq!(std::fs::read_dir(&cache).unwrap().count(), 0);
    // A fresh directory is made private to the user.
    let fresh = common::scratch("cache-fresh").join("modules");
    let runtime =
        Runtime::new(RuntimeConfig { cache_dir: Some(fresh.clone()), ..RuntimeConfig::default() }).unwrap();
    runtime.load(spec("v1.wat")).unwrap();
    assert_eq!(std::fs::metadata(&fresh).unwrap().permissions().mode() & 0o777, 0o700);
    assert_eq!(std::fs::read_dir(&fresh).unwrap().count(), 1);
}

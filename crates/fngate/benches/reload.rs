//! Hot-reload latency: from a new module landing (copy-then-rename) to the first
//! response served by it (seen in `X-Fngate-Version`), for hello-world (~170 KB)
//! and for a generated module of about 2 MB of code.
//!
//! Run with `cargo bench -p fngate --bench reload`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 8;

fn main() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-world");
    if std::env::var_os("FNGATE_BENCH_PREBUILT").is_none() {
        let status = Command::new(env!("CARGO_BIN_EXE_fngate")).arg("build").arg(&example).status().unwrap();
        assert!(status.success());
    }
    let hello = std::fs::read(example.join("hello_world.wasm")).unwrap();
    report("hello-world", &hello);
    report("generated", &big_module());
}

fn report(name: &str, module: &[u8]) {
    let mut samples = bench(module);
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "reload latency, {name} ({} KB): write -> first response from the new version, {RUNS} runs: p50 {:.0} ms, min {:.0} ms, max {:.0} ms",
        module.len() / 1024,
        ms(samples[RUNS / 2]),
        ms(samples[0]),
        ms(samples[RUNS - 1])
    );
}

/// Serves `module` and replaces it RUNS times with variants (same code, a
/// different custom section, so a different version), timing each swap.
fn bench(module: &[u8]) -> Vec<Duration> {
    let dir = std::env::temp_dir().join(format!("fngate-reload-bench-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let target = dir.join("f.wasm");
    std::fs::write(&target, variant(module, 0)).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: bench\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n  f:\n    handler: f.main\n    events:\n      - apigw: {parameters: {path: /f}}\n",
    )
    .unwrap();
    let (mut child, addr) = serve(&dir);
    let mut samples = Vec::new();
    let mut current = version(&addr).expect("first response");
    for run in 1..=RUNS {
        let tmp = dir.join("f.wasm.tmp");
        std::fs::write(&tmp, variant(module, run)).unwrap();
        let started = Instant::now();
        std::fs::rename(&tmp, &target).unwrap();
        loop {
            let v = version(&addr).expect("responses keep coming");
            if v != current {
                current = v;
                break;
            }
            assert!(started.elapsed() < Duration::from_secs(60), "no reload within 60 s");
            std::thread::sleep(Duration::from_millis(1));
        }
        samples.push(started.elapsed());
    }
    let _ = child.kill();
    let _ = child.wait();
    let _ = std::fs::remove_dir_all(&dir);
    samples
}

fn serve(dir: &Path) -> (Child, String) {
    let cache: PathBuf = dir.join("cache");
    let mut child = Command::new(env!("CARGO_BIN_EXE_fngate"))
        .arg("serve")
        .arg(dir)
        .args(["--listen", "127.0.0.1:0", "--admin", "off"])
        .env("FNGATE_CACHE_DIR", cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let addr = BufReader::new(child.stdout.take().unwrap())
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("listening on http://").map(str::to_owned))
        .unwrap();
    (child, addr)
}

/// The `X-Fngate-Version` of one response.
fn version(addr: &str) -> Option<String> {
    let mut stream = TcpStream::connect(addr).ok()?;
    stream.write_all(b"GET /release/f HTTP/1.1\r\nhost: bench\r\nconnection: close\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    response.lines().find_map(|l| l.strip_prefix("x-fngate-version: ").map(str::to_owned))
}

/// The module with a custom section appended: same code, new content hash.
fn variant(module: &[u8], n: usize) -> Vec<u8> {
    let payload = format!("\x04pad{n:08}");
    let mut out = module.to_vec();
    out.push(0); // custom section id
    out.push(payload.len() as u8);
    out.extend_from_slice(payload.as_bytes());
    out
}

/// A WASI command of about 2 MB of code: thousands of arithmetic functions,
/// all reachable through a table, answering `{}`.
fn big_module() -> Vec<u8> {
    const FUNCS: usize = 4000;
    let mut wat = String::from(
        "(module\n (import \"wasi_snapshot_preview1\" \"fd_write\" (func $w (param i32 i32 i32 i32) (result i32)))\n (memory (export \"memory\") 1)\n (data (i32.const 32) \"{}\")\n",
    );
    for i in 0..FUNCS {
        wat.push_str(&format!(" (func $f{i} (param i32) (result i32) local.get 0"));
        for k in 0..60 {
            wat.push_str(&format!(" i32.const {} i32.add i32.const {} i32.xor", i * 7 + k, k * 13 + 1));
        }
        wat.push_str(")\n");
    }
    wat.push_str(&format!(" (table {FUNCS} funcref)\n (elem (i32.const 0)"));
    for i in 0..FUNCS {
        wat.push_str(&format!(" $f{i}"));
    }
    wat.push_str(")\n (func (export \"_start\")\n  (i32.store (i32.const 16) (i32.const 32)) (i32.store (i32.const 20) (i32.const 2))\n  (drop (call $w (i32.const 1) (i32.const 16) (i32.const 1) (i32.const 24)))))\n");
    wat::parse_str(&wat).expect("the generated module is valid")
}

//! Cold start of `fngate serve examples/hello-world` with a warm module cache:
//! process start → first 200 response, over several runs, plus the idle RSS of
//! the started server.
//!
//! Run with `cargo bench -p fngate --bench cold_start`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 15;

fn main() {
    let example = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../examples/hello-world");
    let fngate = env!("CARGO_BIN_EXE_fngate");
    let status = Command::new(fngate).arg("build").arg(&example).status().expect("run fngate build");
    assert!(status.success());
    let cache = std::env::temp_dir().join(format!("fngate-cold-start-{}", std::process::id()));

    let _warm_the_cache = start_and_hit(fngate, &example, &cache);
    let mut samples = Vec::new();
    let mut rss = Vec::new();
    for _ in 0..RUNS {
        let (elapsed, idle_rss_kb) = start_and_hit(fngate, &example, &cache);
        samples.push(elapsed);
        rss.push(idle_rss_kb);
    }
    samples.sort();
    rss.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    println!(
        "cold start (warm module cache), process start -> first 200, {RUNS} runs: p50 {:.1} ms, min {:.1} ms, max {:.1} ms",
        ms(samples[RUNS / 2]),
        ms(samples[0]),
        ms(samples[RUNS - 1])
    );
    println!("idle RSS after the first request: p50 {:.1} MB", rss[RUNS / 2] as f64 / 1024.0);
    let _ = std::fs::remove_dir_all(cache);
}

/// Starts the server, polls until the first 200, and returns the time that took
/// and the server's RSS (kB) right after.
fn start_and_hit(fngate: &str, example: &Path, cache: &Path) -> (Duration, u64) {
    let started = Instant::now();
    let mut child = Command::new(fngate)
        .arg("serve")
        .arg(example)
        .args(["--listen", "127.0.0.1:0", "--admin", "off"])
        .env("FNGATE_CACHE_DIR", cache)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start fngate serve");
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let addr = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|line| line.strip_prefix("listening on http://").map(str::to_owned))
        .expect("the server prints its address");
    while !hello_is_200(&addr) {
        assert!(started.elapsed() < Duration::from_secs(10), "no 200 within 10 s");
        std::thread::sleep(Duration::from_millis(1));
    }
    let elapsed = started.elapsed();
    let rss = std::fs::read_to_string(format!("/proc/{}/status", child.id()))
        .ok()
        .and_then(|s| {
            s.lines().find_map(|l| {
                l.strip_prefix("VmRSS:").map(|v| v.trim().trim_end_matches(" kB").parse().unwrap_or(0))
            })
        })
        .unwrap_or(0);
    let _ = child.kill();
    let _ = child.wait();
    (elapsed, rss)
}

fn hello_is_200(addr: &str) -> bool {
    let Ok(mut stream) = TcpStream::connect(addr) else { return false };
    let request = b"POST /release/hello_world HTTP/1.1\r\nhost: bench\r\ncontent-length: 0\r\nconnection: close\r\n\r\n";
    if stream.write_all(request).is_err() {
        return false;
    }
    let mut response = String::new();
    let _ = stream.read_to_string(&mut response);
    response.starts_with("HTTP/1.1 200")
}

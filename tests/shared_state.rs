//! Usage plans shared through Redis (`custom.fngate.state`): replicas of one
//! project against a real `redis-server` (installed from Debian's packages when
//! missing) count one quota and one rate, keep counts across restarts and
//! reloads, fire each timer run once, and follow `stateFailure` while Redis is
//! down.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{Server, example_module, fngate, scratch};

/// A `redis-server` on a free loopback port, without persistence; killed when dropped.
struct Redis {
    binary: PathBuf,
    port: u16,
    child: Child,
}

impl Redis {
    /// Starts one, or `None` (the test is skipped with a message) when
    /// redis-server is missing and cannot be installed.
    fn start() -> Option<Redis> {
        let binary = common::debian_tool(&["/usr/bin/redis-server"], "redis-server")?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = spawn(&binary, port);
        Some(Redis { binary, port, child })
    }

    fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts it again on the same port (empty: nothing was persisted).
    fn restart(&mut self) {
        self.stop();
        self.child = spawn(&self.binary, self.port);
    }

    fn cli(&self, args: &[&str]) -> String {
        let out = Command::new("redis-cli").args(["-p", &self.port.to_string()]).args(args).output().unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_owned()
    }
}

fn spawn(binary: &Path, port: u16) -> Child {
    let child = Command::new(binary)
        .args(["--port", &port.to_string(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("cannot start redis-server");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not listen on {port}");
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

impl Drop for Redis {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A project of hello-world behind three APIs: a quota, a rate, and none;
/// `custom` is the `custom.fngate` section.
fn project(name: &str, custom: &str, quota: u64) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(example_module("hello-world", "hello_world"), dir.join("hello_world.wasm")).unwrap();
    write_config(&dir, custom, quota);
    dir
}

fn write_config(dir: &Path, custom: &str, quota: u64) {
    let config = format!(
        "service: shared-state
provider: {{name: tencent, runtime: Wasm}}
custom:
  fngate:
{custom}
functions:
  hello_world:
    handler: hello_world.main_handler
    events:
      - apigw: {{parameters: {{path: /quota, usagePlan: {{maxRequestNum: {quota}}}}}}}
      - apigw: {{parameters: {{path: /rate, usagePlan: {{maxRequestNumPreSec: 20}}}}}}
      - apigw: {{parameters: {{path: /free}}}}
      - timer: {{name: tick, parameters: {{cronExpression: '* * * * * * *', enable: true}}}}
"
    );
    let tmp = dir.join("serverless.yml.tmp");
    std::fs::write(&tmp, config).unwrap();
    std::fs::rename(tmp, dir.join("serverless.yml")).unwrap();
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// Sends `n` requests at once to `path`, spread over `servers`; the statuses.
async fn burst(servers: &[&Server], path: &str, n: usize) -> Vec<u16> {
    let client = client();
    let calls = (0..n).map(|i| {
        let request = client.post(servers[i % servers.len()].url(path));
        async move { request.send().await.map_or(0, |r| r.status().as_u16()) }
    });
    futures_util::future::join_all(calls).await
}

fn count(statuses: &[u16], status: u16) -> usize {
    statuses.iter().filter(|s| **s == status).count()
}

async fn metric(server: &Server, name: &str) -> String {
    let text = client().get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    text.lines().find(|l| l.starts_with(name)).unwrap_or_default().to_owned()
}

#[tokio::test]
async fn replicas_share_one_quota_and_one_rate_that_outlive_restarts_and_reloads() {
    let Some(redis) = Redis::start() else { return };
    let dir = project("shared", &format!("    state: {}", redis.url()), 40);
    let a = Server::start(&dir, &[]);
    let mut b = Server::start(&dir, &["--no-watch"]);
    assert!(a.log().contains(&format!("usage plans shared through {}", redis.url())), "{}", a.log());

    // The quota: exactly 40 of 100 concurrent requests, whichever replica answers.
    let statuses = burst(&[&a, &b], "/release/quota", 100).await;
    assert_eq!((count(&statuses, 200), count(&statuses, 429)), (40, 60), "{statuses:?}");
    let key =
        format!("fngate:quota:{}:release:ANY:/quota:-", fngate_config::default_service_id("shared-state"));
    assert_eq!(redis.cli(&["GET", &key]), "40", "the key schema the README documents");

    // A restarted replica finds the count where it was.
    drop(b);
    b = Server::start(&dir, &["--no-watch"]);
    assert_eq!(burst(&[&b], "/release/quota", 5).await, vec![429; 5]);

    // A reload that raises the limit keeps the count: 5 more, on both replicas.
    write_config(&dir, &format!("    state: {}", redis.url()), 45);
    a.wait_for_log("reloaded config");
    drop(b);
    b = Server::start(&dir, &["--no-watch"]);
    let statuses = burst(&[&a, &b], "/release/quota", 20).await;
    assert_eq!(count(&statuses, 200), 5, "{statuses:?}");

    // The rate: one bucket of 20 across both replicas (a burst well inside a second).
    let started = Instant::now();
    let statuses = burst(&[&a, &b], "/release/rate", 60).await;
    let elapsed = started.elapsed().as_secs_f64();
    let admitted = count(&statuses, 200);
    let most = 20 + (20.0 * elapsed).ceil() as usize;
    assert!((20..=most).contains(&admitted), "{admitted} of 60 admitted in {elapsed:.2} s: {statuses:?}");
    assert_eq!(count(&statuses, 429), 60 - admitted);
    assert!(metric(&a, "fngate_usage_store_up").await.ends_with(" 1"));
}

#[tokio::test]
async fn a_redis_outage_follows_state_failure_and_recovers_without_a_restart() {
    let Some(mut redis) = Redis::start() else { return };
    let open = project("outage-open", &format!("    state: {}", redis.url()), 1000);
    let closed =
        project("outage-closed", &format!("    state: {}\n    stateFailure: closed", redis.url()), 1000);
    let open = Server::start(&open, &["--no-watch"]);
    let closed = Server::start(&closed, &["--no-watch"]);
    assert_eq!(burst(&[&open, &closed], "/release/quota", 10).await, vec![200; 10]);

    redis.stop();
    // Closed: limited APIs answer 503 with the documented body; the rest serve.
    let reply = client().post(closed.url("/release/quota")).send().await.unwrap();
    assert_eq!(reply.status(), 503);
    assert_eq!(reply.text().await.unwrap(), r#"{"message":"usage plan store unavailable"}"#);
    assert_eq!(burst(&[&closed], "/release/rate", 3).await, vec![503; 3]);
    assert_eq!(burst(&[&closed], "/release/free", 3).await, vec![200; 3]);
    closed.wait_for_log("limited requests are refused with 503 (stateFailure: closed) until it is back");
    // Open: admitted, counted in the process.
    assert_eq!(burst(&[&open], "/release/quota", 7).await, vec![200; 7]);
    open.wait_for_log("limited requests are admitted and counted in this process (stateFailure: open)");
    assert!(metric(&open, "fngate_usage_store_up").await.ends_with(" 0"));
    assert!(metric(&open, "fngate_usage_store_fallbacks_total{mode=\"open\"}").await.ends_with(" 7"));
    assert!(metric(&closed, "fngate_usage_store_fallbacks_total{mode=\"closed\"}").await.ends_with(" 4"));

    // Redis is back (empty): both recover by themselves, and the open replica
    // adds what it admitted meanwhile to the shared count with its next request.
    redis.restart();
    open.wait_for_log("reachable again after");
    closed.wait_for_log("reachable again after");
    assert_eq!(burst(&[&closed], "/release/quota", 2).await, vec![200; 2]);
    assert_eq!(burst(&[&open], "/release/quota", 1).await, vec![200]);
    let key =
        format!("fngate:quota:{}:release:ANY:/quota:-", fngate_config::default_service_id("shared-state"));
    assert_eq!(redis.cli(&["GET", &key]), "10", "2 (closed) + 7 offline + 1 (open)");
}

#[tokio::test]
async fn the_command_line_state_wins_over_the_file() {
    let Some(redis) = Redis::start() else { return };
    // The file names a port where nothing listens; --state and FNGATE_STATE name the real one.
    let dead = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let dir =
        project("override", &format!("    state: redis://127.0.0.1:{dead}\n    stateFailure: closed"), 3);
    let flag = Server::start(&dir, &["--no-watch", "--state", &redis.url()]);
    let env = Server::try_start_with_env(&dir, &["--no-watch"], &[("FNGATE_STATE", &redis.url())]).unwrap();
    let statuses = burst(&[&flag, &env], "/release/quota", 6).await;
    assert_eq!((count(&statuses, 200), count(&statuses, 429)), (3, 3), "{statuses:?}");
    // The file's URL alone: closed, and nothing listens there.
    let file = Server::start(&dir, &["--no-watch"]);
    assert_eq!(burst(&[&file], "/release/quota", 1).await, vec![503]);

    let out = fngate().args(["serve", "--state", "rediss://h:1"]).arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("TLS to the store is not supported"), "{stderr}");
}

#[tokio::test]
async fn each_timer_run_fires_on_one_replica() {
    let Some(redis) = Redis::start() else { return };
    let dir = project("timers", &format!("    state: {}", redis.url()), 10);
    let servers = [Server::start(&dir, &["--no-watch"]), Server::start(&dir, &["--no-watch"])];
    std::thread::sleep(Duration::from_millis(3500));
    let fired = |s: &Server| s.log().lines().filter(|l| l.contains("TIMER tick hello_world ok ")).count();
    let counts: Vec<usize> = servers.iter().map(fired).collect();
    drop(servers);
    // Every run claims a key; a run fired twice would outnumber them.
    let claims = redis.cli(&["KEYS", "fngate:timer:shared-state:hello_world:tick:*"]).lines().count();
    let total: usize = counts.iter().sum();
    assert!((3..=5).contains(&claims), "{claims} runs claimed in 3.5 s");
    assert_eq!(total, claims, "fires per replica {counts:?} for {claims} runs");
}

#[tokio::test]
async fn a_store_that_answers_ping_but_stalls_costs_few_requests_their_wait() {
    let Some(redis) = Redis::start() else { return };
    let dir = project("stalling", &format!("    state: {}", redis.url()), 1_000_000);
    let server = Server::start(&dir, &["--no-watch", "--no-timers"]);
    let client = client();
    let call = || async {
        let started = Instant::now();
        let status = client.post(server.url("/release/quota")).send().await.unwrap().status().as_u16();
        (status, started.elapsed())
    };
    assert_eq!(call().await.0, 200, "{}", server.log());
    // Scripts write, so they wait; PING does not: the store connects, then stalls.
    assert_eq!(redis.cli(&["CLIENT", "PAUSE", "4000", "WRITE"]), "OK");
    let (mut total, mut slow) = (0, 0);
    let until = Instant::now() + Duration::from_millis(2500);
    while Instant::now() < until {
        let (status, took) = call().await;
        assert_eq!(status, 200, "stateFailure: open admits here");
        assert!(took < Duration::from_millis(400), "one request waited {took:?} for the store");
        total += 1;
        slow += usize::from(took >= Duration::from_millis(40));
    }
    // Each stall costs one request its 50 ms, then a pause that doubles (100 ms,
    // 200 ms, …) spares the rest: a handful of slow ones, not every one.
    assert!(total >= 50 && slow <= 8, "{slow} of {total} requests waited for the stalled store");
    server.wait_for_log("usage plan store");
}

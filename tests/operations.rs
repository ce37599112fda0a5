//! Operating fngate end to end: the admin listener (/metrics, /healthz, /readyz,
//! /routes), JSON logs under load, reserved concurrency, and the `routes` and
//! `event` commands.

mod common;

use std::collections::HashSet;
use std::process::Stdio;
use std::time::Duration;

use common::{Server, example_module, fixture, fngate, run, scratch};
use serde_json::Value;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// A project of fixture and example modules, one function per `(name, module file, extra settings)`,
/// each on `/<name>` with an integrated response.
fn project(dir_name: &str, functions: &[(&str, std::path::PathBuf, &str)]) -> std::path::PathBuf {
    let dir = scratch(dir_name);
    let mut yml = format!("service: {dir_name}\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n");
    for (name, module, extra) in functions {
        let file = module.file_name().unwrap().to_str().unwrap();
        std::fs::copy(module, dir.join(file)).unwrap();
        let stem = file.split('.').next().unwrap();
        yml += &format!(
            "  {name}:\n    handler: {stem}.main_handler\n{extra}    events:\n      - apigw:\n          parameters:\n            path: /{name}\n            integratedResponse: true\n"
        );
    }
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
    dir
}

/// The value of the sample whose line starts with `series` (name and labels) in an exposition.
fn sample(metrics: &str, series: &str) -> Option<f64> {
    metrics.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
}

#[tokio::test]
async fn metrics_count_exactly_what_happened() {
    let dir = project(
        "metrics",
        &[
            ("ok", example_module("hello-world", "hello_world"), ""),
            ("slow", fixture("loop.wat"), "    timeout: 1\n"),
            ("trap", fixture("unreachable.wat"), ""),
            ("bad", fixture("bad_json.wat"), ""),
        ],
    );
    let server = Server::start(&dir, &["--no-watch"]);
    let c = client();
    assert_eq!(c.get(server.admin_url("/healthz")).send().await.unwrap().status(), 200);
    assert_eq!(c.get(server.admin_url("/readyz")).send().await.unwrap().status(), 200);

    let calls = [("ok", 3), ("slow", 2), ("trap", 1), ("bad", 1)];
    let mut all = Vec::new();
    for (name, n) in calls {
        for _ in 0..n {
            all.push(c.post(server.url(&format!("/release/{name}"))).send());
        }
    }
    let statuses: Vec<u16> =
        futures_util::future::join_all(all).await.into_iter().map(|r| r.unwrap().status().as_u16()).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 200, 430, 403], "ok x3, timeouts (seed rule: 200), trap, bad");
    let _ = c.get(server.url("/release/nothing")).send().await.unwrap();

    let r = c.get(server.admin_url("/metrics")).send().await.unwrap();
    assert!(r.headers()["content-type"].to_str().unwrap().starts_with("application/openmetrics-text"));
    let m = r.text().await.unwrap();
    let service = fngate_config::default_service_id("metrics");
    for (function, outcome, n) in
        [("ok", "ok", 3.0), ("slow", "timeout", 2.0), ("trap", "trap", 1.0), ("bad", "bad_response", 1.0)]
    {
        let series = format!("fngate_invocations_total{{function=\"{function}\",outcome=\"{outcome}\"}}");
        assert_eq!(sample(&m, &series), Some(n), "{series} in\n{m}");
        let count = format!("fngate_invocation_duration_seconds_count{{function=\"{function}\"}}");
        assert_eq!(sample(&m, &count), Some(n), "{count}");
        let requests = format!(
            "fngate_http_requests_total{{service=\"{service}\",stage=\"release\",route=\"/{function}\",method=\"POST\",status=\"{}\"}}",
            match function {
                "trap" => 430,
                "bad" => 403,
                _ => 200,
            }
        );
        assert_eq!(sample(&m, &requests), Some(n), "{requests} in\n{m}");
        let loads = format!("fngate_module_loads_total{{function=\"{function}\",result=\"compiled\"}}");
        let cached = format!("fngate_module_loads_total{{function=\"{function}\",result=\"cached\"}}");
        assert_eq!(sample(&m, &loads).unwrap_or(0.0) + sample(&m, &cached).unwrap_or(0.0), 1.0, "{function}");
        let in_flight = format!("fngate_invocations_in_flight{{function=\"{function}\"}}");
        assert_eq!(sample(&m, &in_flight), Some(0.0), "{in_flight}");
    }
    let unmatched =
        "fngate_http_requests_total{service=\"\",stage=\"\",route=\"\",method=\"GET\",status=\"404\"}";
    assert_eq!(sample(&m, unmatched), Some(1.0), "{m}");
    let peak = sample(&m, "fngate_guest_memory_peak_bytes{function=\"ok\"}").unwrap();
    assert!(peak >= 65536.0, "hello world has at least one page of memory: {peak}");
    assert!(m.trim_end().ends_with("# EOF"));

    let routes: Value = c.get(server.admin_url("/routes")).send().await.unwrap().json().await.unwrap();
    let urls: HashSet<&str> =
        routes["routes"].as_array().unwrap().iter().map(|r| r["url"].as_str().unwrap()).collect();
    assert_eq!(urls, HashSet::from(["/release/ok", "/release/slow", "/release/trap", "/release/bad"]));
    assert_eq!(c.get(server.admin_url("/nope")).send().await.unwrap().status(), 404);
}

#[test]
fn readyz_says_not_ready_until_every_module_is_compiled() {
    let (mut child, mut lines, _log) = common::slow_start("readyz");
    let admin =
        lines.find_map(|l| l.strip_prefix("admin on http://").map(str::to_owned)).expect("no admin line");
    let get = |path: &str| {
        let r = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
        let r = r.get(format!("http://{admin}{path}")).send().unwrap();
        (r.status().as_u16(), r.text().unwrap())
    };
    // The module is still compiling: alive, not ready.
    assert_eq!(get("/healthz").0, 200);
    let (status, body) = get("/readyz");
    assert_eq!((status, body.as_str()), (503, "not ready: compiling functions\n"));
    assert!(lines.any(|l| l.starts_with("listening on http://")));
    assert_eq!(get("/readyz"), (200, "ready\n".to_owned()));
    let _ = child.kill();
    let _ = child.wait();
}

#[tokio::test]
async fn json_logs_parse_line_by_line_under_concurrent_load() {
    example_module("echo-event", "echo_event");
    let server =
        Server::start(&common::repo().join("examples/echo-event"), &["--log-format", "json", "--no-watch"]);
    let c = client();
    let requests = 200;
    let mut tasks = Vec::new();
    for worker in 0..16 {
        let (c, url) = (c.clone(), server.url("/release/echo"));
        tasks.push(tokio::spawn(async move {
            for i in (worker..requests).step_by(16) {
                let r = c.post(&url).body(format!("{{\"n\":{i}}}")).send().await.unwrap();
                assert_eq!(r.status(), 200);
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    // Every access line written (the log is flushed every few milliseconds).
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let log = loop {
        let log = server.log();
        if log.matches("\"target\":\"fngate::access\"").count() >= requests
            || std::time::Instant::now() > deadline
        {
            break log;
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut ids = HashSet::new();
    let mut scf_lines = 0;
    for line in log.lines() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("not JSON ({e}): {line}"));
        for key in ["timestamp", "level", "target", "message"] {
            assert!(v.get(key).is_some(), "no {key}: {line}");
        }
        match v["target"].as_str().unwrap() {
            "fngate::access" => {
                assert_eq!(v["function"], "echo_event");
                assert_eq!(
                    (v["stage"].as_str(), v["route"].as_str(), v["status"].as_u64()),
                    (Some("release"), Some("/echo"), Some(200))
                );
                assert!(
                    ids.insert(v["request_id"].as_str().unwrap().to_owned()),
                    "one access line per request"
                );
            }
            "fngate::scf" => {
                scf_lines += 1;
                let id = v["request_id"].as_str().unwrap();
                let message = v["message"].as_str().unwrap();
                // Each line carries its own request id: the function's own line too.
                assert!(message.contains(id), "{line}");
                assert_eq!(v["function"], "echo_event");
            }
            _ => {}
        }
    }
    assert_eq!(ids.len(), requests);
    assert_eq!(scf_lines, requests * 4, "START, the function's line, END and Report per request");
}

#[tokio::test]
async fn reserved_concurrency_queues_then_refuses_with_432() {
    let dir = project(
        "concurrency",
        &[("one", fixture("loop.wat"), "    timeout: 2\n    reservedConcurrency: 1\n")],
    );
    let server = Server::start(&dir, &["--no-watch"]);
    let c = client();
    let url = server.url("/release/one");
    let first = tokio::spawn(c.post(&url).send());
    tokio::time::sleep(Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let r = c.post(&url).send().await.unwrap();
    let waited = started.elapsed();
    assert_eq!(r.status(), 429);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["statusCode"], 432, "{body}");
    assert_eq!(body["errorMessage"], "Function [ one ] concurrency exceeded reserved quota 1");
    assert!(waited >= Duration::from_millis(900), "it queued about a second first: {waited:?}");
    // The slot frees when the first invocation ends (at its 2 s timeout); then the next gets in.
    assert_eq!(first.await.unwrap().unwrap().status(), 200);
    let r = c.post(&url).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.text().await.unwrap().contains("timed out"));
}

#[test]
fn routes_and_event_commands() {
    let out = run(&["routes", "examples/echo-event"]);
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("STAGE") && lines[0].contains("AUTH"), "{text}");
    assert!(
        text.contains("http://127.0.0.1:9000/release/echo") && text.contains("/test/items/{id}"),
        "{text}"
    );
    assert!(!text.contains("listening on"));

    // `fngate event apigw` feeds `fngate invoke --event -`: the offline loop.
    let module = example_module("echo-event", "echo_event");
    assert!(module.exists());
    let event = run(&[
        "event",
        "apigw",
        "-X",
        "put",
        "--path",
        "/items/7",
        "-q",
        "a=1",
        "-q",
        "a=2",
        "-q",
        "flag",
        "-H",
        "X-Trace: t1",
        "-b",
        "hi",
    ]);
    assert!(event.status.success());
    let mut invoke = fngate()
        .args(["invoke", "examples/echo-event", "echo_event", "--event", "-"])
        .current_dir(common::repo())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(&mut invoke.stdin.take().unwrap(), &event.stdout).unwrap();
    let out = invoke.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let response: Value = serde_json::from_slice(&out.stdout).unwrap();
    let seen: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(seen["httpMethod"], "PUT");
    assert_eq!(seen["path"], "/items/7");
    assert_eq!(seen["queryString"], serde_json::json!({"a": ["1", "2"], "flag": true}));
    assert_eq!(seen["headers"]["x-trace"], "t1");
    assert_eq!(seen["body"], "hi");
    assert_eq!(seen["requestContext"]["requestId"], seen["headers"]["x-api-requestid"]);
}

#[tokio::test]
async fn made_up_methods_do_not_grow_the_metrics() {
    let dir = project("methods", &[("hello_world", example_module("hello-world", "hello_world"), "")]);
    let server = Server::start(&dir, &["--no-watch"]);
    let c = client();
    let size = |c: reqwest::Client| {
        let url = server.admin_url("/metrics");
        async move { c.get(url).send().await.unwrap().text().await.unwrap() }
    };
    c.request(reqwest::Method::from_bytes(b"M0").unwrap(), server.url("/release/nothing"))
        .send()
        .await
        .unwrap();
    let before = size(c.clone()).await.len();
    for i in 1..300 {
        let method = reqwest::Method::from_bytes(format!("M{i}").as_bytes()).unwrap();
        let r = c.request(method, server.url("/release/nothing")).send().await.unwrap();
        assert_eq!(r.status(), 404);
    }
    let text = size(c.clone()).await;
    assert!(!text.contains("method=\"M1\""), "{text}");
    let series =
        "fngate_http_requests_total{service=\"\",stage=\"\",route=\"\",method=\"_OTHER\",status=\"404\"}";
    assert_eq!(sample(&text, series), Some(300.0), "{text}");
    assert!(text.len() < before + 100, "the exposition grew from {before} to {} bytes", text.len());
}

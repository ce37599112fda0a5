//! Conformance with the spec and the seeds, item by item, through the real
//! `fngate serve`: config keys, `${opt:…}`, routing, responses, timeouts, logs.

mod common;

use std::time::Duration;

use common::{Server, fixture, fixture_project, scratch};
use serde_json::Value;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// A project of `v1.wat` functions with the given YAML after `functions:`.
fn project(name: &str, head: &str, functions: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    for module in ["v1.wat", "loop.wat", "status150.wat"] {
        std::fs::copy(fixture(module), dir.join(module)).unwrap();
    }
    std::fs::write(
        dir.join("serverless.yml"),
        format!(
            "service: {name}\nprovider:\n  name: tencent\n  runtime: Wasm\n{head}functions:\n{functions}"
        ),
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn config_keys_are_applied_or_named_never_dropped() {
    let head = "  stage: dev\n  role: SCF_QcsRole\n  vpcConfig: {vpcId: vpc-1}\n";
    let functions = "  f:\n    handler: v1.main\n    role: r\n    events:\n\
      \x20     - apigw: {parameters: {path: /on, enableCORS: true, description: d, protocols: [http, https]}}\n\
      \x20     - apigw: {parameters: {path: /off, enable: false}}\n\
      \x20     - apigw: {parameters: {path: '/${opt:stage, dev}/x'}}\n";
    let dir = project("conf-keys", head, functions);
    let server = Server::start(&dir, &["--no-watch"]);
    let c = client();
    assert_eq!(c.get(server.url("/release/on")).send().await.unwrap().status(), 200);
    assert_eq!(
        c.get(server.url("/release/off")).send().await.unwrap().status(),
        404,
        "enable: false is not served"
    );
    assert_eq!(
        c.get(server.url("/release/dev/x")).send().await.unwrap().status(),
        200,
        "${{opt:stage, dev}}"
    );
    let log = server.wait_for_log("GET /release/dev/x 200");
    for (line, key) in [
        (5, "provider.stage"),
        (6, "provider.role"),
        (7, "provider.vpcConfig"),
        (11, "functions.f.role"),
        (13, "functions.f.events[0].apigw.parameters.description"),
    ] {
        let needle =
            format!("serverless.yml:{line}: {key}: accepted as the cloud does, but has no effect in fngate");
        assert!(log.contains(&needle), "{needle}\n{log}");
    }
    assert!(!log.contains("CORS is not implemented"), "{log}");
    // `protocols` is applied (see tests/edge.rs), so not warned about.
    assert!(!log.contains("parameters.protocols"), "{log}");
    drop(server);
    // `--stage` gives `${opt:stage}`.
    let server = Server::start(&dir, &["--no-watch", "--stage", "prod"]);
    assert_eq!(c.get(server.url("/release/prod/x")).send().await.unwrap().status(), 200);
    assert_eq!(c.get(server.url("/release/dev/x")).send().await.unwrap().status(), 404);
}

#[tokio::test]
async fn routing_picks_the_service_case_insensitively_and_denies_before_routing() {
    let head = "custom:\n  fngate:\n    services:\n      service-deny: {ipDeny: [127.0.0.1]}\n";
    let functions = "  f:\n    handler: v1.main\n    events:\n\
      \x20     - apigw: {parameters: {path: /f, serviceId: service-open}}\n\
      \x20     - apigw: {parameters: {path: /f, serviceId: service-deny}}\n";
    let server = Server::start(&project("conf-routing", head, functions), &["--no-watch"]);
    let c = client();
    let get = |host: &'static str, path: &'static str| c.get(server.url(path)).header("Host", host).send();
    assert_eq!(get("SERVICE-OPEN-1250000000.gz.apigw.example", "/release/f").await.unwrap().status(), 200);
    // The denied service answers 403 for any path, matched or not.
    assert_eq!(get("Service-Deny.example", "/release/f").await.unwrap().status(), 403);
    assert_eq!(get("service-deny.example", "/release/nothing/here").await.unwrap().status(), 403);
    assert_eq!(get("service-deny.example", "/nostage").await.unwrap().status(), 403);
}

#[test]
fn paths_that_differ_only_in_variable_names_conflict() {
    let functions = "  f:\n    handler: v1.main\n    events:\n      - apigw: {parameters: {path: '/u/{id}', httpMethod: GET}}\n\
      \x20 g:\n    handler: v1.main\n    events:\n      - apigw: {parameters: {path: '/u/{name}', httpMethod: GET}}\n";
    let err =
        Server::try_start(&project("conf-vars", "", functions), &["--no-watch"]).err().expect("started");
    assert!(err.starts_with("exit Some(2)"), "{err}");
    assert!(err.contains("(as /u/{id}: the paths differ only in variable names)"), "{err}");
}

#[tokio::test]
async fn responses_and_the_timeout_tie() {
    let functions = "  status150:\n    handler: status150.main\n    events:\n      - apigw: {parameters: {path: /s, integratedResponse: true}}\n\
      \x20 tie:\n    handler: loop.main\n    timeout: 1\n    events:\n      - apigw: {parameters: {path: /tie, serviceTimeout: 1}}\n";
    let server =
        Server::start(&project("conf-responses", "", functions), &["--no-watch", "--log-format", "json"]);
    let c = client();
    let r = c.get(server.url("/release/s")).send().await.unwrap();
    assert_eq!(r.status(), 403);
    assert_eq!(
        r.text().await.unwrap(),
        r#"{"errno":403,"error":"Invalid scf response format. please check your scf response format."}"#
    );
    // serviceTimeout == timeout: the gateway's clock started first (at routing), so 504.
    let r = c.get(server.url("/release/tie")).send().await.unwrap();
    assert_eq!(r.status(), 504);
    // The Report line says whole milliseconds; the JSON event keeps the precise figure.
    let log = server.wait_for_log("\"duration_ms\"");
    let report = log
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .find(|v| v["message"].as_str().is_some_and(|m| m.starts_with("Report ")))
        .expect("a Report event");
    let message = report["message"].as_str().unwrap();
    let whole: u64 =
        message.split("Duration:").nth(1).unwrap().split("ms").next().unwrap().parse().expect(message);
    let precise = report["duration_ms"].as_f64().unwrap();
    assert_eq!(whole, precise.ceil() as u64, "{report}");
}

#[test]
fn oversized_heads_the_gateway_sees_carry_the_request_id() {
    use std::io::{Read, Write};
    let functions = "  f:\n    handler: v1.main\n    events:\n      - apigw: {parameters: {path: /f}}\n";
    let server = Server::start(&project("conf-heads", "", functions), &["--no-watch"]);
    // 100 KB of headers: over the gateway's 64 KB, under hyper's 256 KB buffer.
    let mut stream = std::net::TcpStream::connect(&server.addr).unwrap();
    let big = "v".repeat(100 * 1024);
    write!(stream, "GET /release/f HTTP/1.1\r\nHost: x\r\nX-Big: {big}\r\nConnection: close\r\n\r\n")
        .unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    assert!(response.starts_with("HTTP/1.1 431"), "{}", &response[..100.min(response.len())]);
    assert!(response.to_ascii_lowercase().contains("\r\nx-api-requestid: "), "{response}");
}

/// Sends `raw` on a new connection and returns everything the server answers
/// until it closes (the request asks it to).
fn raw_exchange(addr: &str, raw: &str) -> String {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    stream.write_all(raw.as_bytes()).unwrap();
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out);
    String::from_utf8_lossy(&out).into_owned()
}

#[tokio::test]
async fn responses_carry_no_connection_fields_and_requests_keep_their_cookies() {
    let dir = scratch("wire-conformance");
    std::fs::write(
        dir.join("index.js"),
        r#"exports.main_handler = async (event) => {
  if (event.queryString.fail) throw new Error('failed on purpose');
  return {
    isBase64Encoded: false,
    statusCode: 200,
    headers: {
      'Connection': 'x-secret, close', 'X-Secret': 'hidden', 'Upgrade': 'h2c', 'TE': 'trailers',
      'Trailer': 'x-t', 'Keep-Alive': 'timeout=5', 'Proxy-Authenticate': 'Basic', 'Transfer-Encoding': 'chunked',
      'Content-Type': 'text/plain', 'content-type': 'text/html', 'X-Kept': 'yes',
    },
    body: 'cookie=' + event.headers.cookie,
  };
};
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: wire\nprovider: {name: tencent, runtime: Nodejs12.16}\nfunctions:\n  f:\n    handler: index.main_handler\n    events:\n      - apigw: {parameters: {path: /f, integratedResponse: true}}\n",
    )
    .unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    let get = "GET /release/f HTTP/1.1\r\nHost: x\r\nCookie: a=1\r\nCookie: b=2\r\nConnection: close\r\n\r\n";
    let answer = raw_exchange(&server.addr, get);
    let (head, body) = answer.split_once("\r\n\r\n").unwrap();
    assert!(head.starts_with("HTTP/1.1 200 OK\r\n"), "{answer}");
    assert_eq!(body, "cookie=a=1; b=2", "two Cookie fields join with `; `");
    let head = head.to_ascii_lowercase();
    let names: Vec<&str> = head.lines().skip(1).filter_map(|l| l.split_once(':')).map(|(n, _)| n).collect();
    for gone in
        ["x-secret", "upgrade", "te", "trailer", "keep-alive", "proxy-authenticate", "transfer-encoding"]
    {
        assert!(!names.contains(&gone), "{gone} reached the client:\n{head}");
    }
    assert!(head.contains("x-kept: yes"), "{head}");
    assert_eq!(head.matches("content-type").count(), 1, "one content type:\n{head}");
    // HEAD: no body, and the length GET sends.
    let answer = raw_exchange(&server.addr, &get.replacen("GET", "HEAD", 1));
    assert!(answer.ends_with("\r\n\r\n"), "no body: {answer:?}");
    assert!(answer.to_ascii_lowercase().contains(&format!("content-length: {}\r\n", body.len())), "{answer}");
    // SCF's statuses have the cloud's reason phrase.
    let answer =
        raw_exchange(&server.addr, "GET /release/f?fail=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 430 status code 430\r\n"), "{answer}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_functions_log_lines_are_written_as_it_runs() {
    let dir = fixture_project("log-then-sleep", "log_then_sleep.wat", "    timeout: 10\n", "");
    let server = Server::start(&dir, &["--no-watch"]);
    let started = std::time::Instant::now();
    let call = tokio::spawn(client().get(server.url("/release/f")).send());
    // The line is in the log while the function still sleeps its 3 s, after START.
    let log = server.wait_for_log("] before the sleep");
    assert!(started.elapsed() < Duration::from_millis(2500), "seen only after {:?}", started.elapsed());
    assert!(!call.is_finished(), "the function is still running");
    let start = log.find("START RequestId:").expect("START is written when the invocation starts");
    assert!(start < log.find("] before the sleep").unwrap(), "{log}");
    assert!(!log.contains("END RequestId:"), "{log}");
    let r = call.await.unwrap().unwrap();
    assert_eq!(r.status(), 200);
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    let log = server.wait_for_log(&format!("Report RequestId:{id}"));
    assert_eq!(log.matches("] before the sleep").count(), 1, "written once: {log}");
    assert!(
        log.contains(&format!("START RequestId:{id}")) && log.contains(&format!("[f {id}] before the sleep"))
    );
}

//! `fngate serve` end to end: the real binary on an ephemeral port, a real HTTP
//! client, real wasm modules from `examples/` and adversarial `.wat` guests.

mod common;

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::{Duration, Instant};

use common::{Server, example_module, fixture_project, repo, scratch};
use serde_json::{Value, json};

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

fn request_id(r: &reqwest::Response) -> String {
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    assert!(id.len() == 32 && id.chars().all(|c| c.is_ascii_hexdigit()), "{id}");
    id
}

#[tokio::test]
async fn hello_world_over_http() {
    example_module("hello-world", "hello_world");
    let server = Server::start(&repo().join("examples/hello-world"), &[]);
    let r = client().post(server.url("/release/hello_world")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/html");
    request_id(&r);
    assert_eq!(r.text().await.unwrap(), "hello world");

    let r = client().get(server.url("/release/hello_world")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.text().await.unwrap(), r#"{"message":"There is no api match method[GET]"}"#);
    let r = client().post(server.url("/prod/hello_world")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    assert_eq!(r.text().await.unwrap(), r#"{"message":"There is no api match default env_mapping[\/prod]"}"#);
    let r = client().post(server.url("/release/nothing")).send().await.unwrap();
    assert_eq!(r.text().await.unwrap(), r#"{"message":"There is no api match uri[\/nothing]"}"#);
    let log = server.wait_for_log("POST /release/hello_world 200");
    assert!(log.contains("START RequestId:") && log.contains("Report RequestId:"), "{log}");
}

/// Calls the echo-event example and returns (response, the event it received).
async fn echo(server: &Server, req: reqwest::RequestBuilder) -> (u16, String, Value) {
    let _ = server;
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let id = request_id(&r);
    let text = r.text().await.unwrap();
    let event = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, id, event)
}

#[tokio::test]
async fn the_event_matches_the_spec_field_by_field() {
    example_module("echo-event", "echo_event");
    let server = Server::start(&repo().join("examples/echo-event"), &[]);
    let service_id = fngate_config::default_service_id("echo-event");

    // GET with repeated and bare query keys.
    let (status, id, ev) = echo(
        &server,
        client().get(server.url("/release/echo/sub?a=1&a=2&flag&enc=%20x+y")).header("X-Custom", "v"),
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(
        ev["requestContext"],
        json!({"serviceId": service_id, "path": "/echo", "httpMethod": "ANY", "requestId": id,
               "identity": {}, "sourceIp": "127.0.0.1", "stage": "release"})
    );
    assert_eq!(ev["httpMethod"], "GET");
    assert_eq!(ev["path"], "/echo/sub");
    assert_eq!(ev["queryString"], json!({"a": ["1", "2"], "flag": true, "enc": " x y"}));
    assert!(ev.get("body").is_none(), "no body key for a GET: {ev}");
    assert_eq!(ev["isBase64Encoded"], false);
    assert_eq!(ev["pathParameters"], json!({}));
    assert_eq!(ev["queryStringParameters"], json!({}));
    assert_eq!(ev["headerParameters"], json!({}));
    assert_eq!(ev["stageVariables"], json!({"stage": "release"}));
    let h = &ev["headers"];
    assert_eq!(h["x-custom"], "v");
    assert_eq!(h["host"], server.addr);
    for (name, value) in [
        ("x-api-requestid", id.as_str()),
        ("x-b3-traceid", id.as_str()),
        ("x-api-scheme", "http"),
        ("x-qualifier", "$LATEST"),
        ("requestsource", "APIGW"),
        ("x-anonymous-consumer", "true"),
        ("endpoint-timeout", "15"),
    ] {
        assert_eq!(h[name], value, "header {name}");
    }
    assert!(h.as_object().unwrap().keys().all(|k| k == &k.to_lowercase()), "lower-case names");

    // POST with JSON.
    let (_, _, ev) = echo(
        &server,
        client()
            .post(server.url("/release/echo"))
            .header("content-type", "application/json")
            .body(r#"{"test":"body"}"#),
    )
    .await;
    assert_eq!(ev["httpMethod"], "POST");
    assert_eq!(ev["body"], r#"{"test":"body"}"#);
    assert_eq!(ev["isBase64Encoded"], false);
    assert_eq!(ev["headers"]["content-type"], "application/json");

    // POST with a binary body: base64 with isBase64Encoded.
    let binary = vec![0u8, 159, 146, 150, 255, 10];
    let (_, _, ev) = echo(&server, client().post(server.url("/release/echo")).body(binary.clone())).await;
    assert_eq!(ev["isBase64Encoded"], true);
    use base64::Engine as _;
    assert_eq!(ev["body"], base64::engine::general_purpose::STANDARD.encode(&binary));

    // A `{var}` route on the test stage.
    let (status, _, ev) = echo(&server, client().delete(server.url("/test/items/abc%20d"))).await;
    assert_eq!(status, 200);
    assert_eq!(ev["pathParameters"], json!({"id": "abc d"}));
    assert_eq!(ev["requestContext"]["path"], "/items/{id}");
    assert_eq!(ev["requestContext"]["stage"], "test");
    assert_eq!(ev["headers"]["endpoint-timeout"], "10");
    assert_eq!(ev["stageVariables"], json!({}));
    assert_eq!(ev["httpMethod"], "DELETE");

    // HEAD runs the function and drops the body.
    let r = client().head(server.url("/release/echo")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let id = request_id(&r);
    assert_eq!(r.bytes().await.unwrap().len(), 0);
    server.wait_for_log(&format!("END RequestId:{id}"));
}

#[tokio::test]
async fn function_timeout_first_gives_200_with_the_scf_timeout_body() {
    let dir =
        fixture_project("fn-timeout", "loop.wat", "    timeout: 1\n", "            serviceTimeout: 5\n");
    let server = Server::start(&dir, &[]);
    let started = Instant::now();
    let r = client().post(server.url("/release/f")).send().await.unwrap();
    assert_eq!(r.status(), 200, "the seed's rule");
    let id = request_id(&r);
    let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
    assert_eq!(
        body,
        json!({"errorCode": -1, "errorMessage": "Invoking task timed out after 1 seconds",
               "requestId": id, "statusCode": 433})
    );
    assert!(started.elapsed() < Duration::from_secs(3));
}

#[tokio::test]
async fn gateway_timeout_first_gives_504_and_the_invocation_runs_on() {
    let dir =
        fixture_project("gw-timeout", "loop.wat", "    timeout: 2\n", "            serviceTimeout: 1\n");
    let server = Server::start(&dir, &[]);
    let started = Instant::now();
    let r = client().post(server.url("/release/f")).send().await.unwrap();
    assert_eq!(r.status(), 504);
    let id = request_id(&r);
    assert_eq!(r.text().await.unwrap(), r#"{"message":"Gateway Time-out."}"#);
    let elapsed = started.elapsed();
    assert!(elapsed >= Duration::from_secs(1) && elapsed < Duration::from_millis(1900), "{elapsed:?}");
    // The invocation still ends at its own timeout, and is logged.
    server.wait_for_log(&format!("ERROR RequestId:{id} Result:Invoking task timed out after 2 seconds"));
}

#[tokio::test]
async fn propagate_makes_timeouts_433() {
    let dir = fixture_project("propagate", "loop.wat", "    timeout: 1\n", "");
    let yml = dir.join("serverless.yml");
    let text = std::fs::read_to_string(&yml).unwrap();
    std::fs::write(&yml, format!("custom:\n  fngate:\n    functionErrorStatus: propagate\n{text}")).unwrap();
    let server = Server::start(&dir, &[]);
    let r = client().post(server.url("/release/f")).send().await.unwrap();
    assert_eq!(r.status(), 433);
}

#[tokio::test]
async fn guest_failures_map_to_their_scf_status() {
    for (fixture, extra, status) in [
        ("unreachable.wat", "", 430),
        ("exit3.wat", "", 439),
        ("membomb.wat", "    memorySize: 16\n", 434),
        ("stdout_flood.wat", "", 407),
    ] {
        let dir = fixture_project(
            &format!("fail-{status}"),
            fixture,
            extra,
            "            integratedResponse: true\n",
        );
        let server = Server::start(&dir, &[]);
        let r = client().get(server.url("/release/f")).send().await.unwrap();
        assert_eq!(r.status().as_u16(), status, "{fixture}");
        let id = request_id(&r);
        let body: Value = serde_json::from_str(&r.text().await.unwrap()).unwrap();
        assert_eq!(
            (body["statusCode"].as_u64(), body["requestId"].as_str()),
            (Some(status as u64), Some(id.as_str()))
        );
        if status == 430 {
            // The trap's own text, prefixed once.
            assert_eq!(body["errorMessage"], "wasm trap: wasm `unreachable` instruction executed");
        }
    }
}

#[tokio::test]
async fn garbage_output_gets_the_invalid_format_body_and_the_server_keeps_serving() {
    let dir = fixture_project("garbage", "bad_json.wat", "", "            integratedResponse: true\n");
    let server = Server::start(&dir, &[]);
    for _ in 0..2 {
        let r = client().get(server.url("/release/f")).send().await.unwrap();
        assert_eq!(r.status(), 403);
        assert_eq!(r.text().await.unwrap(), fngate_event::INVALID_RESPONSE_BODY);
    }
    server.wait_for_log("stdout is not JSON");
}

#[tokio::test]
async fn passthrough_and_routing_example() {
    let dir = repo().join("examples/routes");
    for m in ["user", "inspect", "home"] {
        example_module("routes", m);
    }
    let server = Server::start(&dir, &[]);
    let r = client().get(server.url("/release/users/42")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["cache-control"], "no-store");
    let v: Value = r.json_value().await;
    assert_eq!(v, json!({"id": "42", "name": "user 42", "stage": "release"}));
    let v: Value = client().get(server.url("/test/v2/users/7")).send().await.unwrap().json_value().await;
    assert_eq!(v["stage"], "test");
    let r = client().put(server.url("/release/inspect/x?a=1&a=2&flag")).body("hello").send().await.unwrap();
    assert_eq!(r.headers()["content-type"], "application/json");
    let v: Value = r.json_value().await;
    assert_eq!(v["method"], "PUT");
    assert_eq!(v["path"], "/inspect/x");
    assert_eq!(v["query"], json!({"a": ["1", "2"], "flag": true}));
    assert_eq!(v["bodyBytes"], 5);
    let r = client().get(server.url("/release/")).send().await.unwrap();
    assert!(r.text().await.unwrap().contains("routes demo"));
    let r = client().get(server.url("/release/other")).send().await.unwrap();
    assert_eq!(r.status(), 404, "`=/` is exact");
}

trait JsonValue {
    async fn json_value(self) -> Value;
}

impl JsonValue for reqwest::Response {
    async fn json_value(self) -> Value {
        let text = self.text().await.unwrap();
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
    }
}

fn raw(server: &Server, request: &[u8]) -> String {
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let _ = stream.write_all(request);
    let mut response = Vec::new();
    let _ = stream.read_to_end(&mut response);
    String::from_utf8_lossy(&response).into_owned()
}

#[tokio::test]
async fn bad_requests_get_their_status_and_the_server_keeps_serving() {
    example_module("hello-world", "hello_world");
    let server = Server::start(&repo().join("examples/hello-world"), &[]);
    let hello = || async {
        let r = client().post(server.url("/release/hello_world")).send().await.unwrap();
        assert_eq!(r.status(), 200);
    };

    assert!(raw(&server, b"THIS IS NOT HTTP\r\n\r\n").starts_with("HTTP/1.1 400"));
    hello().await;

    let big_header = format!(
        "POST /release/hello_world HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-big: {}\r\n\r\n",
        "a".repeat(100 * 1024)
    );
    let answer = raw(&server, big_header.as_bytes());
    assert!(answer.starts_with("HTTP/1.1 431"), "{answer}");
    assert!(answer.ends_with(r#"{"message":"Request Header Fields Too Large"}"#), "{answer}");
    hello().await;

    // A declared body over 6 MB is refused before it is read.
    let answer = raw(&server, b"POST /release/hello_world HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 6291457\r\n\r\n");
    assert!(answer.starts_with("HTTP/1.1 413"), "{answer}");
    assert!(answer.ends_with(r#"{"message":"Request entity too large"}"#), "{answer}");
    // Without a Content-Length (chunked), the limit holds while reading: the
    // gateway stops after 6 MB and answers 413 (the client may see its write cut).
    let mut chunked = b"POST /release/hello_world HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n".to_vec();
    for _ in 0..7 {
        chunked.extend_from_slice(b"100000\r\n");
        chunked.extend_from_slice(&vec![b'y'; 0x100000]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = raw(&server, &chunked);
    assert!(answer.starts_with("HTTP/1.1 413"), "{}", &answer[..answer.len().min(200)]);
    hello().await;

    // A client that promises a body and disconnects halfway.
    {
        let mut stream = TcpStream::connect(&server.addr).unwrap();
        stream.write_all(b"POST /release/hello_world HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: 1000\r\n\r\nonly ten b").unwrap();
    }
    hello().await;

    // An unknown host falls back to the default service.
    let r = client()
        .post(server.url("/release/hello_world"))
        .header("host", "service-nope.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let log = server.log();
    assert!(!log.contains("panicked"), "{log}");
}

#[tokio::test]
async fn a_body_is_read_only_after_its_head_is_admitted_and_within_the_budget() {
    let dir = scratch("body-budget");
    std::fs::copy(example_module("hello-world", "hello_world"), dir.join("hello_world.wasm")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: bodies
provider: {name: tencent, runtime: Wasm}
custom:
  fngate:
    keyPairs: [{secretId: AKIDbodies, secretKey: bodies-secret}]
functions:
  hello_world:
    handler: hello_world.main_handler
    events:
      - apigw: {parameters: {path: /open, integratedResponse: true, serviceTimeout: 2}}
      - apigw: {parameters: {path: /upload, integratedResponse: true, serviceTimeout: 60}}
      - apigw: {parameters: {path: /signed, integratedResponse: true, auth: {secretIds: [AKIDbodies]}}}
",
    )
    .unwrap();
    // 1 MB in all: a quarter of it for small bodies, 768 KB for large ones.
    let server = Server::start(&dir, &["--no-watch", "--body-budget", "1"]);
    let head = |path: &str, length: usize| {
        format!(
            "POST /release/{path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-length: {length}\r\n\r\n"
        )
    };
    // Refused by its head (no signature) before a byte of its 5 MB body is
    // sent: answered at once, not after the 30 s a body may take.
    let started = Instant::now();
    let answer = raw(&server, head("signed", 5_000_000).as_bytes());
    assert!(answer.starts_with("HTTP/1.1 401"), "{answer}");
    assert!(started.elapsed() < Duration::from_secs(5), "waited {:?} for a body", started.elapsed());
    // A body the budget can never hold (charged four times its 400 KB): 503 at
    // once, its body never read.
    let answer = raw(&server, head("open", 400_000).as_bytes());
    assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
    assert!(answer.to_ascii_lowercase().contains("retry-after: 1"), "{answer}");
    // A chunked body that outgrows the room left while it is read: 503.
    let mut chunked =
        b"POST /release/open HTTP/1.1\r\nhost: x\r\nconnection: close\r\ntransfer-encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..5 {
        chunked.extend_from_slice(b"10000\r\n");
        chunked.extend_from_slice(&[b'y'; 0x10000]);
        chunked.extend_from_slice(b"\r\n");
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    let answer = raw(&server, &chunked);
    assert!(answer.starts_with("HTTP/1.1 503"), "{}", &answer[..answer.len().min(200)]);
    // One address holds at most its share: while its slow 60 KB upload holds
    // most of the small part, its next body waits (here until the API's 2 s
    // serviceTimeout: 504); once that upload is gone, its bodies are served.
    // (The upload's own API gives it 60 s: it never ends by itself while the
    // next body waits, however slowly a loaded machine runs the test.)
    let mut slow = TcpStream::connect(&server.addr).unwrap();
    slow.write_all(head("upload", 60_000).as_bytes()).unwrap();
    slow.write_all(&[b'z'; 1000]).unwrap();
    let next = || raw(&server, format!("{}{}", head("open", 1000), "z".repeat(1000)).as_bytes());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let started = Instant::now();
        let answer = next();
        if answer.starts_with("HTTP/1.1 504") {
            assert!(
                started.elapsed() >= Duration::from_millis(1500),
                "waited its turn: {:?}",
                started.elapsed()
            );
            break;
        }
        assert!(Instant::now() < deadline, "never held to its share: {answer}");
        std::thread::sleep(Duration::from_millis(50));
    }
    drop(slow);
    let deadline = Instant::now() + Duration::from_secs(10);
    while !next().starts_with("HTTP/1.1 200") {
        assert!(Instant::now() < deadline, "its share was never given back");
        std::thread::sleep(Duration::from_millis(50));
    }
    // Bodies that fit are served, small and large, one after another (the
    // budget is given back each time).
    for size in [10_000, 150_000, 150_000] {
        let r = client().post(server.url("/release/open")).body(vec![b'z'; size]).send().await.unwrap();
        assert_eq!(r.status(), 200, "{size} bytes");
    }
    server.wait_for_log("refused: its 400000-byte body can never fit");
    assert!(!server.log().contains("panicked"));
}

#[test]
fn startup_failures_exit_2_with_a_named_error() {
    let base = "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n";
    let mut bomb = format!("{base}  f:\n    handler: loop.main\ncustom:\n  l0: &l0 [\"lol\"]\n");
    for i in 1..10 {
        bomb += &format!("  l{i}: &l{i} [{}]\n", vec![format!("*l{}", i - 1); 10].join(", "));
    }
    let cases: [(&str, String, &str); 8] = [
        ("alias-bomb", bomb, "anchors and aliases expand to more than 16 MiB (an alias bomb?)"),
        ("malformed-yaml", format!("{base}  f: [unclosed\n"), "malformed YAML"),
        (
            "unknown-runtime",
            format!("{base}  f:\n    handler: loop.main\n    runtime: Java8\n"),
            "functions.f.runtime: runtime `Java8` is not supported",
        ),
        ("missing-handler", format!("{base}  f:\n    handler: nothere.main\n"), "function `f`: module"),
        (
            "duplicate",
            format!(
                "{base}  f:\n    handler: loop.main\n    events:\n      - apigw: {{parameters: {{path: /x}}}}\n  g:\n    handler: loop.main\n    events:\n      - apigw: {{parameters: {{path: /x}}}}\n"
            ),
            "is already bound to function `f`",
        ),
        (
            "bad-method",
            format!(
                "{base}  f:\n    handler: loop.main\n    events:\n      - apigw: {{parameters: {{httpMethod: FETCH}}}}\n"
            ),
            "parameters.httpMethod: method `FETCH` is not allowed",
        ),
        (
            "bad-stage",
            format!(
                "{base}  f:\n    handler: loop.main\n    events:\n      - apigw: {{parameters: {{stageName: prod}}}}\n"
            ),
            "parameters.stageName: stage `prod` is not allowed",
        ),
        (
            "bad-variable",
            format!("{base}  f:\n    handler: ${{self:nope.handler}}\n"),
            "functions.f.handler: cannot resolve `${self:nope.handler}`",
        ),
    ];
    for (name, yaml, expected) in cases {
        let dir = scratch(name);
        std::fs::copy(common::fixture("loop.wat"), dir.join("loop.wat")).unwrap();
        std::fs::write(dir.join("serverless.yml"), yaml).unwrap();
        let err = match Server::try_start(&dir, &["--strict"]) {
            Ok(_) => panic!("{name}: the server started"),
            Err(err) => err,
        };
        assert!(err.starts_with("exit Some(2)"), "{name}: {err}");
        assert!(err.contains(expected), "{name}: expected {expected:?} in\n{err}");
        if name != "missing-handler" {
            assert!(
                err.contains(&format!("{}:", dir.join("serverless.yml").display())),
                "{name}: names the file:\n{err}"
            );
        }
    }
}

#[tokio::test]
async fn sigterm_lets_in_flight_requests_finish_and_exits_0() {
    let dir = fixture_project("graceful", "loop.wat", "    timeout: 1\n", "");
    let mut server = Server::start(&dir, &[]);
    let url = server.url("/release/f");
    let in_flight = tokio::spawn(async move { client().post(url).send().await.map(|r| r.status().as_u16()) });
    tokio::time::sleep(Duration::from_millis(300)).await;
    let pid = server.child.id().to_string();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    assert_eq!(in_flight.await.unwrap().unwrap(), 200, "the in-flight request got its answer");
    let deadline = Instant::now() + Duration::from_secs(10);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "did not exit after SIGTERM");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
}

#[tokio::test]
async fn sigterm_drains_readyz_first_while_the_listener_serves() {
    let dir = fixture_project("drain", "v1.wat", "", "");
    let mut server = Server::start(&dir, &["--drain", "2"]);
    let c = client();
    assert_eq!(c.get(server.admin_url("/readyz")).send().await.unwrap().status(), 200);
    let pid = server.child.id().to_string();
    let signalled = Instant::now();
    assert!(std::process::Command::new("kill").args(["-TERM", &pid]).status().unwrap().success());
    server.wait_for_log("draining: /readyz answers 503");
    // A load balancer's health check sees the replica going; its clients are still served.
    assert_eq!(c.get(server.admin_url("/readyz")).send().await.unwrap().status(), 503);
    assert_eq!(c.get(server.url("/release/f")).send().await.unwrap().status(), 200);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(signalled.elapsed() < Duration::from_secs(10), "did not exit after the drain");
        std::thread::sleep(Duration::from_millis(50));
    };
    assert_eq!(status.code(), Some(0));
    assert!(signalled.elapsed() >= Duration::from_secs(2), "stopped before the drain ended");
}

#[tokio::test]
async fn a_broken_module_does_not_take_the_others_down() {
    let dir = scratch("broken-beside-good");
    std::fs::copy(common::fixture("v1.wat"), dir.join("good.wat")).unwrap();
    std::fs::write(dir.join("bad.wat"), "(module (func (export \"_start\")").unwrap();
    let api = |f: &str| {
        format!("  {f}:\n    handler: {f}.main\n    events:\n      - apigw: {{parameters: {{path: /{f}}}}}\n")
    };
    let yml = format!(
        "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n{}{}{}",
        api("good"),
        api("bad"),
        api("gone")
    );
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();

    // --strict refuses it; by default the good function serves.
    let err = Server::try_start(&dir, &["--strict", "--no-watch"]).err().expect("--strict starts anyway");
    assert!(err.starts_with("exit Some(2)"), "{err}");
    let server = Server::start(&dir, &["--no-watch"]);
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    let r = c.post(server.url("/release/good")).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, r#"{"v":1}"#.to_owned()));
    for (f, status, message) in
        [("bad", 437, "cannot compile module bad.wat"), ("gone", 435, "module gone.wasm not found")]
    {
        let r = c.post(server.url(&format!("/release/{f}"))).send().await.unwrap();
        assert_eq!(r.status(), status, "{f}");
        let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["statusCode"], status);
        assert_eq!(body["requestId"], id.as_str());
        let text = body["errorMessage"].as_str().unwrap();
        assert!(text.starts_with(message), "{text}");
        assert!(!text.contains(dir.to_str().unwrap()), "a host path reached the client: {text}");
    }
    // The replica stays ready, naming what is broken; the log has the whole error.
    let r = c.get(server.admin_url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let ready: serde_json::Value = r.json().await.unwrap();
    assert_eq!(ready["ready"], true);
    assert!(ready["broken"]["bad"].as_str().unwrap().contains("cannot compile"), "{ready}");
    assert!(ready["broken"]["gone"].is_string(), "{ready}");
    server.wait_for_log(&format!("{} not found", dir.join("gone.wasm").display()));
    let metrics = c.get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains(r#"fngate_module_loads_total{function="bad",result="error"} 1"#), "{metrics}");
}

#[tokio::test]
async fn a_sleeping_guest_ends_at_its_timeout_and_frees_its_slot() {
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    for fixture in ["sleep.wat", "sleep_forever.wat"] {
        let dir = fixture_project(&format!("serve-{fixture}"), fixture, "    timeout: 1\n", "");
        let server = Server::start(&dir, &["--no-watch"]);
        let started = std::time::Instant::now();
        let r = c.post(server.url("/release/f")).send().await.unwrap();
        let elapsed = started.elapsed();
        // The seed's rule: a function timeout answers 200 with the SCF body.
        assert_eq!(r.status(), 200, "{fixture}");
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["errorMessage"], "Invoking task timed out after 1 seconds", "{fixture}");
        assert!(elapsed < Duration::from_millis(1500), "{fixture}: answered after {elapsed:?}");
        let metrics = c.get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
        assert!(metrics.contains("fngate_invocations_in_flight{function=\"f\"} 0"), "{fixture}: {metrics}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_flood_of_sleepers_cannot_starve_another_function() {
    let dir = scratch("sleeper-flood");
    std::fs::copy(common::fixture("sleep_forever.wat"), dir.join("sleeper.wat")).unwrap();
    std::fs::copy(common::fixture("v1.wat"), dir.join("good.wat")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n\
         \x20 sleeper:\n    handler: sleeper.main\n    timeout: 1\n    events:\n      - apigw: {parameters: {path: /sleeper, serviceTimeout: 3}}\n\
         \x20 good:\n    handler: good.main\n    events:\n      - apigw: {parameters: {path: /good}}\n",
    )
    .unwrap();
    // 8 instance slots: each of the two functions may hold 4, and 4 more may wait.
    let server = Server::try_start_with_env(&dir, &["--no-watch"], &[("FNGATE_MAX_INSTANCES", "8")]).unwrap();
    let c = reqwest::Client::builder().no_proxy().pool_max_idle_per_host(64).build().unwrap();
    let flood: Vec<_> =
        (0..40).map(|_| tokio::spawn(c.post(server.url("/release/sleeper")).send())).collect();
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The other function answers at once, all through the flood.
    for _ in 0..20 {
        let started = Instant::now();
        let r = c.post(server.url("/release/good")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        assert!(started.elapsed() < Duration::from_millis(500), "good waited {:?}", started.elapsed());
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let mut statuses = std::collections::BTreeMap::new();
    for r in flood {
        let r = r.await.unwrap().unwrap();
        let status = r.status().as_u16();
        let body: Value = r.json().await.unwrap();
        if status == 429 {
            assert_eq!(body["statusCode"], 432);
            let message = body["errorMessage"].as_str().unwrap();
            assert!(
                message.starts_with("Function [ sleeper ] concurrency exceeded region unreserved quota "),
                "{message}"
            );
        }
        *statuses.entry(status).or_insert(0) += 1;
    }
    // 4 ran and timed out (200 + SCF body, the seed's rule), 4 waited and ran
    // after them, the rest were refused at once.
    assert_eq!(statuses.get(&200), Some(&8), "{statuses:?}");
    assert_eq!(statuses.get(&429), Some(&32), "{statuses:?}");
    let metrics = c.get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("fngate_invocations_in_flight{function=\"sleeper\"} 0"), "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_queued_request_whose_client_left_never_runs() {
    let dir = fixture_project(
        "client-gone",
        "sleep_forever.wat",
        "    timeout: 2\n",
        "            serviceTimeout: 10\n",
    );
    // One instance slot: one request runs, one may wait.
    let server = Server::try_start_with_env(&dir, &["--no-watch"], &[("FNGATE_MAX_INSTANCES", "1")]).unwrap();
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    let running = tokio::spawn(c.post(server.url("/release/f")).send());
    tokio::time::sleep(Duration::from_millis(300)).await;
    // A client queues behind it, then hangs up.
    let mut gone = TcpStream::connect(&server.addr).unwrap();
    write!(gone, "POST /release/f HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n").unwrap();
    std::thread::sleep(Duration::from_millis(300));
    drop(gone);
    assert_eq!(running.await.unwrap().unwrap().status(), 200, "the first one times out (seed rule: 200)");
    // The queue has room again, and only the first invocation ever ran.
    let r = c.post(server.url("/release/f")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let metrics = c.get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    let runs: f64 = metrics
        .lines()
        .filter(|l| l.starts_with("fngate_invocations_total{function=\"f\""))
        .filter_map(|l| l.rsplit(' ').next()?.parse::<f64>().ok())
        .sum();
    assert_eq!(runs, 2.0, "{metrics}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_trickling_body_gets_408_and_is_closed() {
    let dir = fixture_project("trickle", "v1.wat", "", "");
    let server = Server::try_start_with_env(&dir, &["--no-watch"], &[("FNGATE_BODY_TIMEOUT", "1")]).unwrap();
    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(stream, "POST /release/f HTTP/1.1\r\nHost: x\r\nContent-Length: 6000000\r\n\r\nx").unwrap();
    let started = Instant::now();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap(); // ends: the gateway closed the connection
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(response.contains("{\"message\":\"Request Timeout\"}"), "{response}");
    let waited = started.elapsed();
    assert!(waited >= Duration::from_millis(900) && waited < Duration::from_secs(5), "{waited:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_connection_flood_from_one_address_does_not_shut_out_others() {
    let dir = fixture_project("conn-flood", "v1.wat", "", "");
    let server =
        Server::try_start_with_env(&dir, &["--no-watch"], &[("FNGATE_MAX_CONNECTIONS_PER_IP", "8")]).unwrap();
    // 40 idle connections from 127.0.0.2: 8 are held, the rest closed at once.
    let target: std::net::SocketAddr = server.addr.parse().unwrap();
    let mut held = Vec::new();
    for _ in 0..40 {
        let socket = tokio::net::TcpSocket::new_v4().unwrap();
        socket.bind("127.0.0.2:0".parse().unwrap()).unwrap();
        held.push(socket.connect(target).await.unwrap());
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut closed = 0;
    for stream in &held {
        let mut buf = [0u8; 1];
        // A refused connection reads EOF (or a reset) at once; a held one has nothing to read.
        if let Ok(Ok(())) = tokio::time::timeout(Duration::from_millis(50), stream.readable()).await
            && matches!(stream.try_read(&mut buf), Ok(0) | Err(_))
        {
            closed += 1;
        }
    }
    assert_eq!(closed, 32, "connections over the per-address cap are closed");
    // Another address is served as usual meanwhile.
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    for _ in 0..20 {
        assert_eq!(c.get(server.url("/release/f")).send().await.unwrap().status(), 200);
    }
    let metrics = c.get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    assert!(metrics.contains("fngate_connections_refused_total{reason=\"per_ip\"} 32"), "{metrics}");
}

#[tokio::test]
async fn a_guest_log_flood_is_attributed_escaped_and_capped_in_the_server_log() {
    let dir = fixture_project("log-forge", "log_forge.wat", "", "");
    let server = Server::start(&dir, &["--no-watch"]);
    let c = reqwest::Client::builder().no_proxy().build().unwrap();
    let r = c.post(server.url("/release/f")).send().await.unwrap();
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    assert_eq!(r.status(), 200);
    let log = server.wait_for_log(&format!("Report RequestId:{id} Duration:"));
    assert!(
        log.contains(&format!("[f {id}] \\u{{1b}}[31mred\\rReport RequestId:forged Duration:1ms")),
        "{}",
        &log[..2000.min(log.len())]
    );
    assert!(!log.contains('\u{1b}'), "a raw escape reached the server log");
    assert!(log.contains(&format!("[fngate: {} more lines of log dropped]", 65_537 - 10_000)));
    // Every `Report` line at the start of a message is the gateway's own.
    assert_eq!(
        log.matches("INFO Report RequestId:").count(),
        1,
        "a forged Report line passed as the gateway's"
    );
}

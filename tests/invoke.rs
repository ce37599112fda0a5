//! `fngate build` and `fngate invoke` through the real binary on the real examples.

mod common;

use common::{example_module, run, scratch};
use serde_json::Value;

const SEED_RESPONSE: &str = r#"{"isBase64Encoded":false,"statusCode":200,"headers":{"Content-Type":"text/html"},"body":"hello world"}"#;

fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn hello_world_prints_the_seed_response_and_scf_log_lines() {
    example_module("hello-world", "hello_world");
    let out = run(&["invoke", "examples/hello-world", "hello_world"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim_end(), SEED_RESPONSE);
    let log = stderr(&out);
    let id = log.lines().find_map(|l| l.strip_prefix("START RequestId:")).expect("START line").to_owned();
    assert_eq!(id.len(), 32);
    assert!(id.chars().all(|c| c.is_ascii_hexdigit()));
    assert!(log.contains(&format!("END RequestId:{id}")));
    let report = log.lines().find(|l| l.starts_with("Report RequestId:")).expect("Report line");
    assert!(report.contains(" Duration:") && report.contains("ms Memory:128MB MemUsage:"), "{report}");
}

#[test]
fn invoke_with_build_works_from_the_config_file_path() {
    let out = run(&["invoke", "--build", "examples/hello-world/serverless.yml", "hello_world"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(stdout(&out).trim_end(), SEED_RESPONSE);
}

#[test]
fn echo_event_receives_the_event_and_context_from_stdin() {
    example_module("echo-event", "echo_event");
    let event = r#"{"httpMethod":"GET","path":"/echo/x","queryString":{"a":["1","2"],"flag":true},"headers":{"accept":"*/*"},"requestContext":{"stage":"test"},"custom":{"kept":1}}"#;
    let mut child = common::fngate()
        .args(["invoke", "examples/echo-event", "echo_event", "--event", "-"])
        .current_dir(common::repo())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write;
    child.stdin.take().unwrap().write_all(event.as_bytes()).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let response: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(response["statusCode"], 200);
    assert_eq!(response["headers"]["Content-Type"], "application/json");
    let echoed: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(echoed["httpMethod"], "GET");
    assert_eq!(echoed["queryString"]["a"], serde_json::json!(["1", "2"]));
    assert_eq!(echoed["queryString"]["flag"], true);
    assert_eq!(echoed["requestContext"]["stage"], "test");
    assert_eq!(echoed["custom"]["kept"], 1, "unknown fields survive the SDK");
    // The context the SDK built from the environment (spec §7), logged by the function.
    let log = stderr(&out);
    let id = log.lines().find_map(|l| l.strip_prefix("START RequestId:")).unwrap();
    assert!(log.contains(&format!("request {id} for echo_event (64 MB, 3000 ms)")), "{log}");
}

#[test]
fn the_default_event_is_the_seed_sample() {
    example_module("echo-event", "echo_event");
    let out = run(&["invoke", "examples/echo-event", "echo_event"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let response: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let echoed: Value = serde_json::from_str(response["body"].as_str().unwrap()).unwrap();
    assert_eq!(echoed["requestContext"]["serviceId"], "service-f94sy04v");
    assert_eq!(echoed["body"], r#"{"test":"body"}"#);
    assert_eq!(echoed["pathParameters"]["path"], "value");
}

#[test]
fn png_badge_returns_a_base64_png() {
    example_module("png-badge", "png_badge");
    let out = run(&["invoke", "examples/png-badge", "png_badge"]);
    assert!(out.status.success(), "{}", stderr(&out));
    let response: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(response["isBase64Encoded"], true);
    assert_eq!(response["headers"]["Content-Type"], "image/png");
    let parsed = fngate_event::IntegratedResponse::from_slice(stdout(&out).as_bytes()).unwrap();
    let png = parsed.body_bytes().unwrap();
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n");
}

/// A one-function project around an adversarial fixture.
fn project(name: &str, fixture_file: &str, extra: &str) -> std::path::PathBuf {
    common::fixture_project(name, fixture_file, extra, "")
}

#[test]
fn function_errors_print_the_scf_error_and_exit_1() {
    let dir = project("timeout-project", "loop.wat", "    timeout: 1\n");
    let out = run(&["invoke", dir.to_str().unwrap(), "f"]);
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["errorCode"], -1);
    assert_eq!(err["statusCode"], 433);
    assert_eq!(err["errorMessage"], "Invoking task timed out after 1 seconds");
    assert!(stderr(&out).contains("Result:Invoking task timed out after 1 seconds"));

    let dir = project("badjson-project", "bad_json.wat", "");
    let out = run(&["invoke", dir.to_str().unwrap(), "f"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(stdout(&out).trim_end(), fngate_event::INVALID_RESPONSE_BODY);

    let dir = project("missing-project", "loop.wat", "");
    std::fs::remove_file(dir.join("loop.wat")).unwrap();
    let out = run(&["invoke", dir.to_str().unwrap(), "f"]);
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["statusCode"], 435);
}

#[test]
fn bad_usage_and_bad_config_exit_2_naming_file_line_and_key() {
    let out = run(&["invoke", "examples/hello-world", "no_such_function"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no function `no_such_function`"), "{}", stderr(&out));

    let dir = project("bad-config", "loop.wat", "    memorySize: lots\n");
    let out = run(&["invoke", dir.to_str().unwrap(), "f"]);
    assert_eq!(out.status.code(), Some(2));
    let expected =
        format!("{}:8: functions.f.memorySize: lots is not allowed", dir.join("serverless.yml").display());
    assert!(stderr(&out).contains(&expected), "{}", stderr(&out));

    let out = run(&["invoke", "examples/hello-world", "hello_world", "--event", "Cargo.toml"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("is not JSON"));
}

#[test]
fn the_handler_error_and_panic_paths_of_the_sdk() {
    // The echo example rejects nothing, so feed the SDK an event that does not
    // fit its `Event`: the SDK turns that into the SCF error body and exit 1
    // (status 430).
    example_module("echo-event", "echo_event");
    let dir = scratch("not-an-event");
    let event = dir.join("event.json");
    std::fs::write(&event, r#"{"httpMethod": 42}"#).unwrap();
    let out = run(&["invoke", "examples/echo-event", "echo_event", "--event", event.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let err: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(err["statusCode"], 430);
    assert!(
        err["errorMessage"].as_str().unwrap().contains("the event does not fit the handler's event type"),
        "{err}"
    );
    assert_eq!(err["requestId"].as_str().unwrap().len(), 32);
}

//! Warm instances (`custom.fngate.functions.<name>.warm`): examples/warm-counter
//! through the real `fngate serve`; its module-level counter survives within an
//! instance, and starts afresh after every kind of eviction.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Server, example_module, scratch};
use serde_json::Value;

/// The counter example with `warm` settings, and (unless `None`) a memory limit.
fn project(name: &str, warm: &str, memory: Option<u64>) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(example_module("warm-counter", "counter"), dir.join("counter.wasm")).unwrap();
    std::fs::copy(example_module("hello-world", "hello_world"), dir.join("hello_world.wasm")).unwrap();
    write_config(&dir, warm, memory);
    dir
}

fn write_config(dir: &Path, warm: &str, memory: Option<u64>) {
    let memory = memory.map(|m| format!("    memorySize: {m}\n")).unwrap_or_default();
    let config = format!(
        "service: warm
provider: {{name: tencent, runtime: Wasm}}
custom:
  fngate:
    functions:
      counter: {{warm: {warm}}}
functions:
  counter:
    handler: counter.main_handler
    timeout: 1
{memory}    events: [{{apigw: {{parameters: {{path: /counter, integratedResponse: true}}}}}}]
  hello_world:
    handler: hello_world.main_handler
    events: [{{apigw: {{parameters: {{path: /hello, integratedResponse: true}}}}}}]
"
    );
    let tmp = dir.join("serverless.yml.tmp");
    std::fs::write(&tmp, config).unwrap();
    std::fs::rename(tmp, dir.join("serverless.yml")).unwrap();
}

/// A client that bypasses proxies, each call bounded.
fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// One call: (status, the counter's answer or the error body).
fn call(server: &Server, query: &str) -> (u16, Value) {
    let client = client();
    let r = client.post(server.url(&format!("/release/counter{query}"))).send().unwrap();
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    let status = r.status().as_u16();
    let body: Value = serde_json::from_str(&r.text().unwrap()).unwrap();
    if status == 200 {
        assert_eq!(body["requestId"], id.as_str(), "a fresh request id for every invocation");
    }
    (status, body)
}

/// (instance, served) of a successful call.
fn count(server: &Server) -> (String, u64) {
    let (status, body) = call(server, "");
    assert_eq!(status, 200, "{body}");
    (body["instance"].as_str().unwrap().to_owned(), body["served"].as_u64().unwrap())
}

#[test]
fn state_survives_within_an_instance_and_every_eviction_starts_afresh() {
    let dir = project("warm-evictions", "{maxInstances: 1, idleSeconds: 2, maxInvocations: 4}", None);
    let server = Server::start(&dir, &[]);
    let (first, n) = count(&server);
    assert_eq!(n, 1);
    assert_eq!(count(&server), (first.clone(), 2), "the same instance, its counter kept");
    assert_eq!(count(&server), (first.clone(), 3));
    // Each invocation's stderr is its own.
    let log = server.wait_for_log("is number 3 of instance");
    assert!(log.lines().any(|l| l.contains("is number 3") && l.contains("[counter ")), "{log}");

    // maxInvocations: the 4th is the last of that instance.
    assert_eq!(count(&server), (first.clone(), 4));
    let (second, n) = count(&server);
    assert!(second != first && n == 1, "a new instance after maxInvocations");

    // A handler error: answered as usual, and the instance is not reused.
    let (status, body) = call(&server, "?fail=1");
    assert_eq!((status, body["errorMessage"].as_str()), (430, Some("asked to fail")));
    let (third, n) = count(&server);
    assert!(third != second && n == 1, "a failed instance is never reused");

    // A timeout holds per invocation, and evicts.
    let started = Instant::now();
    let (status, body) = call(&server, "?spin=1");
    assert!(started.elapsed() < Duration::from_secs(3));
    assert_eq!(status, 200, "the seed's rule for a timeout: {body}");
    assert_eq!(body["errorMessage"], "Invoking task timed out after 1 seconds");
    let (fourth, n) = count(&server);
    assert!(fourth != third && n == 1);

    // idleSeconds: unused for 2 s, dropped.
    std::thread::sleep(Duration::from_millis(3200));
    let (fifth, n) = count(&server);
    assert!(fifth != fourth && n == 1, "an idle instance past idleSeconds is dropped");

    // A reload (here of the config, changing the function) never reuses an
    // instance of the previous version.
    assert_eq!(count(&server).1, 2);
    write_config(&dir, "{maxInstances: 1, idleSeconds: 60}", None);
    server.wait_for_log("reloaded config");
    let (sixth, n) = count(&server);
    assert!(sixth != fifth && n == 1, "a reload's new version starts new instances");

    // The other function is untouched by all of it.
    let client = client();
    let hello = client.post(server.url("/release/hello")).send().unwrap();
    assert_eq!(hello.text().unwrap(), "hello world");
}

#[test]
fn concurrent_invocations_use_at_most_max_instances() {
    let dir = project("warm-concurrent", "{maxInstances: 2}", Some(64));
    let server = Server::start(&dir, &[]);
    // 40 calls on 8 threads: every answer counted by some instance; at most
    // two instances are warm (busy ones send the rest to fresh instances, which
    // count 1 and are gone).
    let url = server.url("/release/counter");
    let threads: Vec<_> = (0..8)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                let client = client();
                (0..5)
                    .map(|_| {
                        let body: Value = client.post(&url).send().unwrap().json().unwrap();
                        (body["instance"].as_str().unwrap().to_owned(), body["served"].as_u64().unwrap())
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    let answers: Vec<(String, u64)> = threads.into_iter().flat_map(|t| t.join().unwrap()).collect();
    let mut warm: Vec<&str> = answers.iter().filter(|(_, n)| *n > 1).map(|(i, _)| i.as_str()).collect();
    warm.sort_unstable();
    warm.dedup();
    assert!(!warm.is_empty() && warm.len() <= 2, "warm instances: {warm:?}");
    assert_eq!(answers.len(), 40);
}

#[test]
fn memory_size_holds_for_the_instance_life() {
    let dir = project("warm-memory", "{maxInstances: 1}", Some(64));
    let server = Server::start(&dir, &[]);
    // 40 MB held by the first invocation stays with the instance: the next
    // 40 MB would pass 64 MB, which is the memory limit (434), and the
    // instance is dropped.
    let (status, first) = call(&server, "?hold=40");
    assert_eq!(status, 200, "{first}");
    let (status, body) = call(&server, "?hold=40");
    assert_eq!(status, 434, "{body}");
    assert!(body["errorMessage"].as_str().unwrap().starts_with("Memory limit reached"), "{body}");
    let (instance, n) = count(&server);
    assert!(
        instance != first["instance"].as_str().unwrap() && n == 1,
        "a new instance after the memory limit"
    );
}

/// A project of fixture modules under `tests/fixtures`, each `warm`.
fn fixture_warm_project(name: &str, functions: &[(&str, &str)]) -> PathBuf {
    let dir = scratch(name);
    let mut config = format!(
        "service: {name}\nprovider: {{name: tencent, runtime: Wasm}}\ncustom:\n  fngate:\n    functions:\n"
    );
    for (function, _) in functions {
        config += &format!("      {function}: {{warm: {{maxInstances: 2}}}}\n");
    }
    config += "functions:\n";
    for (function, file) in functions {
        std::fs::copy(common::fixture(file), dir.join(file)).unwrap();
        let stem = file.split('.').next().unwrap();
        config += &format!(
            "  {function}:\n    handler: {stem}.main_handler\n    timeout: 3\n    events: [{{apigw: {{parameters: {{path: /{function}, integratedResponse: false}}}}}}]\n"
        );
    }
    std::fs::write(dir.join("serverless.yml"), config).unwrap();
    dir
}

#[test]
fn a_module_that_does_not_speak_the_framing_runs_fresh_and_answers() {
    // One reads stdin to its end (it would wait forever in a warm instance),
    // one never reads it: both answer every call, as without `warm`.
    let dir = fixture_warm_project("warm-plain", &[("reader", "read_all.wat"), ("counter", "counter.wat")]);
    let server = Server::start(&dir, &[]);
    let client = client();
    for _ in 0..3 {
        let started = Instant::now();
        let r = client.post(server.url("/release/reader")).send().unwrap();
        assert_eq!(r.status(), 200);
        assert_eq!(r.text().unwrap(), "{\"statusCode\":200,\"body\":\"read to the end\"}");
        assert!(started.elapsed() < Duration::from_secs(2), "not held to its timeout");
        let r = client.post(server.url("/release/counter")).send().unwrap();
        assert_eq!(
            (r.status().as_u16(), r.text().unwrap()),
            (200, "1".to_owned()),
            "a fresh instance each time"
        );
    }
    let log = server.wait_for_log("function counter: its module does not speak");
    assert!(log.contains("function reader: its module does not speak"), "{log}");
    assert_eq!(log.matches("function reader: its module does not speak").count(), 1, "said once: {log}");
}

#[test]
fn a_malformed_response_frame_fails_at_once_and_the_instance_is_dropped() {
    let dir = fixture_warm_project("warm-bad-frame", &[("bad", "bad_frame.wat"), ("half", "half_frame.wat")]);
    let server = Server::start(&dir, &[]);
    let client = client();
    // The fixture writes its bad frame once, at start: an instance kept after
    // it would never answer the second call, which would then take the 3 s.
    for _ in 0..2 {
        let started = Instant::now();
        let r = client.post(server.url("/release/bad")).send().unwrap();
        let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
        let status = r.status().as_u16();
        let body: Value = r.json().unwrap();
        assert!(started.elapsed() < Duration::from_secs(2), "not held to its 3 s timeout");
        assert_eq!((status, body["errno"].as_u64()), (403, Some(403)), "the invalid-response error: {body}");
        // The log says what was wrong, for each call.
        server.wait_for_log(&format!(
            "request {id}: function bad: invalid response: the warm instance's bad response frame header: \"two ok\""
        ));
    }
    // Half a frame, then a read of stdin as if it had answered: the same, at once.
    let started = Instant::now();
    let r = client.post(server.url("/release/half")).send().unwrap();
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    assert_eq!(r.status(), 403);
    assert!(started.elapsed() < Duration::from_secs(2), "not held to its 3 s timeout");
    server.wait_for_log(&format!(
        "request {id}: function half: invalid response: the warm instance read stdin again before its answer was whole"
    ));
}

#[test]
fn an_answer_written_ahead_is_never_another_requests_answer() {
    // The fixture echoes each event as its answer, then writes the same frame
    // again before it reads on: taken as the next caller's answer, caller N+1
    // would get the event of caller N.
    let dir = fixture_warm_project("warm-two-frames", &[("echo", "two_frames.wat")]);
    let server = Server::start(&dir, &[]);
    let client = client();
    let mut ids = Vec::new();
    for _ in 0..4 {
        let r = client.post(server.url("/release/echo")).body("x").send().unwrap();
        let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
        let status = r.status();
        let text = r.text().unwrap();
        assert_eq!(status, 200, "{text}\n{}", server.wait_for_log(&format!("request {id}: function")));
        let event: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            event["requestContext"]["requestId"],
            id.as_str(),
            "the answer to this request's own event"
        );
        ids.push(id);
    }
    // Each instance that wrote ahead was dropped: when its extra frame came
    // with its answer, at that request; when it came a moment later (an epoch
    // yield between the two writes), at the next request, which then ran in a
    // new instance.
    for pair in ids.windows(2) {
        let (id, next) = (&pair[0], &pair[1]);
        let deadline = std::time::Instant::now() + Duration::from_secs(30);
        loop {
            let log = server.log();
            if log.contains(&format!("request {id}: the warm instance wrote"))
                || log.contains(&format!("before it read request {next};"))
            {
                break;
            }
            assert!(std::time::Instant::now() < deadline, "the instance of request {id} was kept:\n{log}");
            std::thread::sleep(Duration::from_millis(10));
        }
    }
}

#[test]
fn an_idle_warm_instance_gives_its_place_to_another_function() {
    // One instance slot in all: the idle counter holds it after its call, and
    // hello_world (not warm) must still run, at once, rather than wait for
    // the counter's 60 s idleSeconds.
    let dir = project("warm-admission", "{maxInstances: 1, idleSeconds: 60}", None);
    let server = Server::try_start_with_env(&dir, &[], &[("FNGATE_MAX_INSTANCES", "1")]).unwrap();
    assert_eq!(count(&server).1, 1);
    assert_eq!(count(&server).1, 2, "warm while nothing else needs the place");
    let client = client();
    let started = Instant::now();
    let hello = client.post(server.url("/release/hello")).send().unwrap();
    assert_eq!(hello.status(), 200);
    assert_eq!(hello.text().unwrap(), "hello world");
    assert!(started.elapsed() < Duration::from_secs(2), "took {:?}", started.elapsed());
    assert_eq!(count(&server).1, 1, "the counter's idle instance was dropped for it");
}

/// One call of the JavaScript counter: (status, body).
fn call_js(server: &Server, query: &str) -> (u16, Value, String) {
    let client = client();
    let r = client.post(server.url(&format!("/release/counter{query}"))).send().unwrap();
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    let status = r.status().as_u16();
    (status, serde_json::from_str(&r.text().unwrap()).unwrap(), id)
}

#[test]
fn javascript_state_survives_within_an_instance_and_each_invocation_is_its_own() {
    let dir = scratch("warm-js");
    for file in ["index.js", "serverless.yml"] {
        std::fs::copy(common::repo().join("examples/warm-counter-js").join(file), dir.join(file)).unwrap();
    }
    let server = Server::start(&dir, &[]);
    let mut instance = None;
    let mut ids = Vec::new();
    for n in 1..=3 {
        let (status, body, id) = call_js(&server, if n == 2 { "?later=1" } else { "" });
        assert_eq!(status, 200, "{body}");
        assert_eq!(body["served"], n, "{body}");
        assert_eq!((body["requestId"].as_str(), body["envRequestId"].as_str()), (Some(&*id), Some(&*id)));
        let this = body["instance"].as_str().unwrap().to_owned();
        assert!(instance.get_or_insert(this.clone()) == &this, "one instance");
        ids.push(id);
    }
    // The timer the 2nd invocation left ran in the 3rd, and is the 3rd's log.
    let log = server.wait_for_log(&format!("timer left by {} ran", ids[1]));
    let line = log.lines().find(|l| l.contains("timer left by")).unwrap();
    assert!(line.contains(&format!("\t{}\t", ids[2])), "{line}");

    // A handler error is answered as usual and evicts the instance.
    let (status, body, _) = call_js(&server, "?fail=1");
    assert_eq!((status, body["errorMessage"].as_str()), (430, Some("asked to fail")), "{body}");
    let (status, body, _) = call_js(&server, "");
    assert_eq!(status, 200);
    assert_eq!(body["served"], 1, "a new instance after a failure: {body}");
    assert_ne!(body["instance"].as_str(), instance.as_deref());
}

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

/// One call: (status, the counter's answer or the error body).
fn call(server: &Server, query: &str) -> (u16, Value) {
    let client =
        reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap();
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
    let client = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
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
                let client = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
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

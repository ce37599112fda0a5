//! Hot reload under load: modules and the config change while 8 clients keep
//! calling, and no request fails.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::{Server, fixture, scratch};

const CLIENTS: usize = 8;

#[derive(Default)]
struct Seen {
    bodies: BTreeSet<String>,
    versions: BTreeSet<String>,
    failures: Vec<String>,
    requests: usize,
}

/// Runs `CLIENTS` clients against `url` until `stop` is set.
fn hammer(url: String, stop: Arc<AtomicBool>) -> Vec<tokio::task::JoinHandle<Seen>> {
    (0..CLIENTS)
        .map(|_| {
            let (url, stop) = (url.clone(), stop.clone());
            tokio::spawn(async move {
                let client = reqwest::Client::builder().no_proxy().build().unwrap();
                let mut seen = Seen::default();
                while !stop.load(Ordering::Relaxed) {
                    seen.requests += 1;
                    match client.get(&url).send().await {
                        Ok(r) => {
                            let status = r.status();
                            let version =
                                r.headers().get("x-fngate-version").map(|v| v.to_str().unwrap().to_owned());
                            let body = r.text().await.unwrap_or_default();
                            if !status.is_success() {
                                seen.failures.push(format!("{status}: {body}"));
                            }
                            seen.bodies.insert(body);
                            seen.versions.extend(version);
                        }
                        Err(e) => seen.failures.push(format!("connection error: {e}")),
                    }
                }
                seen
            })
        })
        .collect()
}

async fn collect(handles: Vec<tokio::task::JoinHandle<Seen>>) -> Seen {
    let mut all = Seen::default();
    for h in handles {
        let s = h.await.unwrap();
        all.bodies.extend(s.bodies);
        all.versions.extend(s.versions);
        all.failures.extend(s.failures);
        all.requests += s.requests;
    }
    all
}

fn project(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::copy(fixture("v1.wat"), dir.join("f.wat")).unwrap();
    std::fs::write(dir.join("serverless.yml"), config(&["/f"])).unwrap();
    dir
}

fn config(paths: &[&str]) -> String {
    let mut yml = String::from(
        "service: reload\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n  f:\n    handler: f.main\n    events:\n",
    );
    for p in paths {
        yml += &format!("      - apigw: {{parameters: {{path: {p}, httpMethod: GET}}}}\n");
    }
    yml
}

/// Replaces `target` by writing a sibling file and renaming it over (an atomic deploy).
fn copy_then_rename(source: &Path, target: &Path) {
    let tmp = target.with_extension("tmp");
    std::fs::copy(source, &tmp).unwrap();
    std::fs::rename(&tmp, target).unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn module_rewrites_under_load_fail_no_request() {
    let dir = project("reload-module");
    let module = dir.join("f.wat");
    let server = Server::start(&dir, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients = hammer(server.url("/release/f"), stop.clone());
    let (v1, v2) = (fixture("v1.wat"), fixture("v2.wat"));
    for i in 0..24 {
        match i % 4 {
            0 => copy_then_rename(&v2, &module),
            1 => std::fs::write(&module, std::fs::read(&v1).unwrap()).unwrap(),
            2 => std::fs::write(&module, std::fs::read(&v2).unwrap()).unwrap(),
            _ => copy_then_rename(&v1, &module),
        }
        if i == 9 {
            // A corrupt write (truncated text), left in place long enough to be seen.
            tokio::time::sleep(Duration::from_millis(300)).await;
            std::fs::write(&module, "(module (func (export \"_start\")").unwrap();
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    tokio::time::sleep(Duration::from_millis(300)).await;
    stop.store(true, Ordering::Relaxed);
    let seen = collect(clients).await;
    assert!(
        seen.failures.is_empty(),
        "{} failures, e.g. {:?}",
        seen.failures.len(),
        &seen.failures[..seen.failures.len().min(3)]
    );
    assert_eq!(
        seen.bodies,
        BTreeSet::from([r#"{"v":1}"#.to_owned(), r#"{"v":2}"#.to_owned()]),
        "both versions served, nothing else"
    );
    assert_eq!(seen.versions.len(), 2, "{:?}", seen.versions);
    assert!(seen.requests > 100, "only {} requests", seen.requests);
    let log = server.wait_for_log("reloaded function f:");
    assert!(log.contains("function f: cannot reload"), "the corrupt write is logged:\n{log}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn config_edits_add_routes_and_invalid_ones_are_ignored() {
    let dir = project("reload-config");
    let yml = dir.join("serverless.yml");
    let server = Server::start(&dir, &[]);
    let stop = Arc::new(AtomicBool::new(false));
    let clients = hammer(server.url("/release/f"), stop.clone());
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let get = |path: &str| client.get(server.url(path)).send();

    assert_eq!(get("/release/g").await.unwrap().status(), 404);
    std::fs::write(&yml, config(&["/f", "/g"])).unwrap();
    server.wait_for_log("reloaded config");
    assert_eq!(get("/release/g").await.unwrap().status(), 200, "the new route answers");

    std::fs::write(&yml, config(&["/f", "/g"]).replace("httpMethod: GET", "httpMethod: FETCH")).unwrap();
    server.wait_for_log("is invalid; still serving the previous one");
    assert!(server.log().contains("method `FETCH` is not allowed"));
    assert_eq!(get("/release/g").await.unwrap().status(), 200, "the previous config still serves");

    std::fs::write(&yml, config(&["/g"])).unwrap();
    tokio::time::sleep(Duration::from_millis(100)).await;
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while get("/release/f").await.unwrap().status() != 404 {
        assert!(std::time::Instant::now() < deadline, "the removed route still answers");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    stop.store(true, Ordering::Relaxed);
    let seen = collect(clients).await;
    // Until the last edit removed /f, every request succeeded.
    let unexpected: Vec<_> =
        seen.failures.iter().filter(|f| !f.contains("There is no api match uri")).collect();
    assert!(unexpected.is_empty(), "{unexpected:?}");
}

#[tokio::test]
async fn no_watch_turns_reloading_off() {
    let dir = project("reload-off");
    let server = Server::start(&dir, &["--no-watch"]);
    std::fs::write(dir.join("serverless.yml"), config(&["/f", "/g"])).unwrap();
    copy_then_rename(&fixture("v2.wat"), &dir.join("f.wat"));
    tokio::time::sleep(Duration::from_millis(800)).await;
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    assert_eq!(client.get(server.url("/release/g")).send().await.unwrap().status(), 404);
    let body = client.get(server.url("/release/f")).send().await.unwrap().text().await.unwrap();
    assert_eq!(body, r#"{"v":1}"#);
}

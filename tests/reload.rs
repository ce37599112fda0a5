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

/// Writes `files` as kubelet updates a ConfigMap mounted at `dir`: into a new
/// timestamped directory, then a new `..data` link renamed over the old, each
/// file a link through `..data`, and the old directory removed.
fn configmap_update(dir: &Path, generation: u32, files: &[(&str, Vec<u8>)]) {
    use std::os::unix::fs::symlink;
    let stamp = format!("..2026_12_05_00_00_0{generation}.{generation}");
    std::fs::create_dir(dir.join(&stamp)).unwrap();
    for (name, bytes) in files {
        std::fs::write(dir.join(&stamp).join(name), bytes).unwrap();
    }
    let old = std::fs::read_link(dir.join("..data")).ok();
    symlink(&stamp, dir.join("..data_tmp")).unwrap();
    std::fs::rename(dir.join("..data_tmp"), dir.join("..data")).unwrap();
    for (name, _) in files {
        if std::fs::symlink_metadata(dir.join(name)).is_err() {
            symlink(Path::new("..data").join(name), dir.join(name)).unwrap();
        }
    }
    if let Some(old) = old {
        std::fs::remove_dir_all(dir.join(old)).unwrap();
    }
}

/// How soon a ConfigMap update must serve: a second (the 150 ms debounce and a
/// small module's compile take a fifth of it here), doubled for CI, whose
/// other reload tests hammer the server from 8 clients at the same time.
const SWAP_RELOAD: Duration = Duration::from_secs(2);

#[tokio::test]
async fn a_configmap_update_is_reloaded_within_a_second() {
    let dir = scratch("reload-configmap");
    let v1 = std::fs::read(fixture("v1.wat")).unwrap();
    let v2 = std::fs::read(fixture("v2.wat")).unwrap();
    configmap_update(&dir, 1, &[("serverless.yml", config(&["/f"]).into_bytes()), ("f.wat", v1)]);
    let server = Server::start(&dir, &[]);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let get = |path: &str| client.get(server.url(path)).send();
    assert_eq!(get("/release/f").await.unwrap().text().await.unwrap(), r#"{"v":1}"#);
    assert_eq!(get("/release/g").await.unwrap().status(), 404);

    // A new config and a new module in one update.
    let swapped = std::time::Instant::now();
    configmap_update(
        &dir,
        2,
        &[("serverless.yml", config(&["/f", "/g"]).into_bytes()), ("f.wat", v2.clone())],
    );
    while get("/release/g").await.unwrap().status() != 200 {
        assert!(swapped.elapsed() < SWAP_RELOAD, "not reloaded within {SWAP_RELOAD:?}:\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!("config and module swapped by kubelet's rename: serving in {:?}", swapped.elapsed());
    assert_eq!(get("/release/f").await.unwrap().text().await.unwrap(), r#"{"v":2}"#);

    // A module-only update reloads the module.
    let v1 = std::fs::read(fixture("v1.wat")).unwrap();
    let swapped = std::time::Instant::now();
    configmap_update(&dir, 3, &[("serverless.yml", config(&["/f", "/g"]).into_bytes()), ("f.wat", v1)]);
    while get("/release/f").await.unwrap().text().await.unwrap() != r#"{"v":1}"# {
        assert!(swapped.elapsed() < SWAP_RELOAD, "not reloaded within {SWAP_RELOAD:?}:\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    eprintln!("module swapped by kubelet's rename: serving in {:?}", swapped.elapsed());
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

/// `fngate_reloads_total{kind,result="ok"}` as the admin listener reports it.
async fn reloads(server: &Server, kind: &str) -> u64 {
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let text = client.get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    let series = format!("fngate_reloads_total{{kind=\"{kind}\",result=\"ok\"}} ");
    text.lines().find_map(|l| l.strip_prefix(&series)?.parse().ok()).unwrap_or(0)
}

/// Waits until `fngate_reloads_total` for `kind` reaches `n` (at most 10 s).
async fn wait_for_reloads(server: &Server, kind: &str, n: u64) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while reloads(server, kind).await < n {
        assert!(std::time::Instant::now() < deadline, "{kind} reload {n} never happened:\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

/// How long each check watches for reloads that should not happen.
const QUIET: Duration = Duration::from_secs(2);

#[tokio::test]
async fn one_edit_makes_one_reload() {
    let dir = project("reload-once");
    let (yml, module) = (dir.join("serverless.yml"), dir.join("f.wat"));
    let server = Server::start(&dir, &[]);
    let lines = |needle: &str| server.log().matches(needle).count();

    // A config edit: exactly one reload, then none (the reload's own reads of the
    // files must not count as changes).
    let mut text = std::fs::read_to_string(&yml).unwrap();
    text.push_str("# a comment\n");
    std::fs::write(&yml, &text).unwrap();
    wait_for_reloads(&server, "config", 1).await;
    tokio::time::sleep(QUIET).await;
    assert_eq!(reloads(&server, "config").await, 1, "{}", server.log());
    assert_eq!(lines("reloaded config"), 1, "{}", server.log());

    // A module write: one reload, then none.
    copy_then_rename(&fixture("v2.wat"), &module);
    wait_for_reloads(&server, "module", 1).await;
    tokio::time::sleep(QUIET).await;
    assert_eq!(reloads(&server, "module").await, 1, "{}", server.log());
    assert_eq!(lines("reloaded function f"), 1, "{}", server.log());

    // Byte-identical rewrites, a touch, reads and another file in the directory:
    // no reload at all, and nothing logged.
    std::fs::write(&yml, &text).unwrap();
    std::fs::write(&module, std::fs::read(fixture("v2.wat")).unwrap()).unwrap();
    std::fs::File::options()
        .append(true)
        .open(&yml)
        .unwrap()
        .set_modified(std::time::SystemTime::now())
        .unwrap();
    let _ = std::fs::read(&yml).unwrap();
    std::fs::write(dir.join("notes.txt"), "not the config, not a module").unwrap();
    tokio::time::sleep(QUIET).await;
    assert_eq!((reloads(&server, "config").await, reloads(&server, "module").await), (1, 1));
    assert_eq!((lines("reloaded config"), lines("reloaded function f")), (1, 1), "{}", server.log());
}

/// A project whose one API has `parameters` (YAML flow-mapping entries) and
/// whose function has `function_extra` lines.
fn policy_project(
    name: &str,
    fixture_file: &str,
    function_extra: &str,
    parameters: &str,
) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::copy(fixture(fixture_file), dir.join("f.wat")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        format!(
            "service: {name}\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n  f:\n    handler: f.main\n{function_extra}    events:\n      - apigw: {{parameters: {{path: /f, httpMethod: GET, {parameters}}}}}\n"
        ),
    )
    .unwrap();
    dir
}

fn append_comment(file: &Path) {
    let mut text = std::fs::read_to_string(file).unwrap();
    text.push_str("# edited\n");
    std::fs::write(file, text).unwrap();
}

#[tokio::test]
async fn a_quota_holds_across_a_config_edit() {
    let dir = policy_project("reload-quota", "v1.wat", "", "usagePlan: {maxRequestNum: 3}");
    let server = Server::start(&dir, &[]);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let status = || async { client.get(server.url("/release/f")).send().await.unwrap().status().as_u16() };
    assert_eq!((status().await, status().await), (200, 200));
    append_comment(&dir.join("serverless.yml"));
    wait_for_reloads(&server, "config", 1).await;
    assert_eq!((status().await, status().await, status().await), (200, 429, 429));

    // A higher quota applies to the count carried over: one more request.
    let yml = dir.join("serverless.yml");
    let text = std::fs::read_to_string(&yml).unwrap().replace("maxRequestNum: 3", "maxRequestNum: 4");
    std::fs::write(&yml, text).unwrap();
    wait_for_reloads(&server, "config", 2).await;
    assert_eq!((status().await, status().await), (200, 429));
}

#[tokio::test]
async fn a_rate_limit_holds_across_a_module_reload() {
    let dir = policy_project("reload-rate", "v1.wat", "", "usagePlan: {maxRequestNumPreSec: 1}");
    let server = Server::start(&dir, &[]);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let get = || async {
        let r = client.get(server.url("/release/f")).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    };
    // One request a second: the bucket is empty right after one. The check is
    // only meaningful while less than a second has passed, so a slow machine
    // retries with the next module version.
    for (i, version) in ["v2.wat", "v1.wat", "v2.wat"].into_iter().enumerate() {
        tokio::time::sleep(Duration::from_millis(1100)).await;
        assert_eq!(get().await.0, 200);
        let spent = std::time::Instant::now();
        copy_then_rename(&fixture(version), &dir.join("f.wat"));
        wait_for_reloads(&server, "module", i as u64 + 1).await;
        let (status, body) = get().await;
        if spent.elapsed() < Duration::from_millis(900) {
            assert_eq!(status, 429, "the bucket was refilled by the reload: {body}");
            return;
        }
    }
    panic!("every module reload took over 0.9 s:\n{}", server.log());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reserved_concurrency_holds_across_a_config_edit() {
    let dir = policy_project(
        "reload-reserved",
        "loop.wat",
        "    timeout: 3\n    reservedConcurrency: 1\n",
        "serviceTimeout: 10",
    );
    let server = Server::start(&dir, &[]);
    let client = reqwest::Client::builder().no_proxy().build().unwrap();
    let url = server.url("/release/f");
    // One spinning invocation holds the only slot for its 3 s timeout.
    let busy = tokio::spawn(client.get(&url).send());
    tokio::time::sleep(Duration::from_millis(200)).await;
    append_comment(&dir.join("serverless.yml"));
    wait_for_reloads(&server, "config", 1).await;
    let started = std::time::Instant::now();
    let r = client.get(&url).send().await.unwrap();
    assert_eq!(r.status(), 429, "the reload freed the busy slot");
    let body: serde_json::Value = r.json().await.unwrap();
    assert_eq!(body["errorCode"], -1);
    assert_eq!(body["statusCode"], 432);
    assert!(started.elapsed() < Duration::from_secs(2));
    assert_eq!(busy.await.unwrap().unwrap().status(), 200, "the spinning one ends at its timeout");
}

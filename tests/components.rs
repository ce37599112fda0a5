//! Real Tencent projects as they are, end to end through `fngate serve`: the
//! Serverless Components dialects (`component: scf`, `component: multi-scf`),
//! a directory of instances, and timer triggers.

mod common;

use std::time::{Duration, Instant};

use common::{Server, repo, run, scratch};
use serde_json::Value;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

#[tokio::test]
async fn the_scf_component_example_serves_unchanged() {
    let server = Server::start(&repo().join("examples/components-scf"), &["--no-watch"]);
    let r = client().post(server.url("/release/hello_world")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/html");
    assert_eq!(r.text().await.unwrap(), "hello world");
    let r = client().get(server.url("/release/hello_world")).send().await.unwrap();
    assert_eq!(r.status(), 404);
    // The function is named as the component names it: ${name}-${stage}-${app}.
    server.wait_for_log("[scfdemo-dev-demo ");
}

#[tokio::test]
async fn the_multi_scf_component_example_serves_unchanged() {
    let dir = repo().join("examples/components-multi");
    let server = Server::start(&dir, &["--no-watch", "--no-timers"]);
    let r = client().get(server.url("/release/hello?name=ann")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "hello ann from shop-dev");
    // Passthrough: the handler's object is the body.
    let r = client().get(server.url("/release/user/7")).send().await.unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body, serde_json::json!({"id": "7", "function": "orders-dev-shop-user"}));
    let out = run(&["routes", dir.to_str().unwrap()]);
    let table = String::from_utf8(out.stdout).unwrap();
    let timer = table.lines().find(|l| l.starts_with("every-minute")).unwrap_or_else(|| panic!("{table}"));
    let cells: Vec<&str> = timer.split("  ").map(str::trim).filter(|c| !c.is_empty()).collect();
    assert_eq!(cells[..3], ["every-minute", "orders-dev-shop-hello", "0 */1 * * * * *"], "{table}");
    assert!(cells[3].ends_with(":00Z"), "the next fire is on a whole minute: {table}");
    let admin: Value = client().get(server.admin_url("/routes")).send().await.unwrap().json().await.unwrap();
    let timer = &admin["timers"][0];
    assert_eq!((&timer["name"], &timer["enabled"]), (&Value::from("every-minute"), &Value::from(true)));
    assert!(timer["next"].as_str().unwrap().ends_with(":00Z"), "{admin}");
}

/// A project in the shape of Tencent's demo repository (`tencentyun/scf-demo-repo`).
const DEMO: &str = include_str!("fixtures/components-demo/serverless.yaml");
const DEMO_JS: &str = include_str!("fixtures/components-demo/index.js");

/// A multi-scf instance with the v1 dialect's policies: CORS, a usage plan and key-pair auth.
const SHOP: &str = "app: shop
component: multi-scf
name: orders
inputs:
  runtime: Nodejs16.13
  functions:
    list: {handler: app.list}
  triggers:
    - type: apigw
      function: list
      parameters:
        id: service-shop0001
        apis:
          - {path: /orders, method: GET, enableCORS: true, usagePlan: {maxRequestNum: 2}}
          - {path: /admin, method: GET, auth: {secretIds: [AKIDshop]}}
fngate:
  keyPairs:
    - {secretId: AKIDshop, secretKey: shop-secret}
";

const SHOP_JS: &str =
    "exports.list = async (event) => ({ path: event.path, caller: event.requestContext.identity });\n";

#[tokio::test]
async fn a_directory_of_instances_is_served_together() {
    let apps = scratch("instances");
    for (path, text) in [
        ("basic/serverless.yaml", DEMO),
        ("basic/index.js", DEMO_JS),
        ("shop/serverless.yml", SHOP),
        ("shop/app.js", SHOP_JS),
    ] {
        std::fs::create_dir_all(apps.join(path).parent().unwrap()).unwrap();
        std::fs::write(apps.join(path), text).unwrap();
    }
    let server = Server::start(&apps, &["--no-watch"]);
    // The first instance's service is the default one.
    let r = client().get(server.url("/release/")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "<p>demo /</p>");
    // The other instance's service is picked by the Host header, as on the cloud.
    let shop = |path: &str| {
        client().get(server.url(path)).header("Host", "service-shop0001-1250000000.gz.apigw.example.com")
    };
    let r = shop("/release/orders").header("Origin", "https://a.example").send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["path"], "/orders");
    // maxRequestNum: 2 requests in all.
    assert_eq!(shop("/release/orders").send().await.unwrap().status(), 200);
    assert_eq!(shop("/release/orders").send().await.unwrap().status(), 429);
    // Key-pair auth with the instance's own key pairs.
    assert_eq!(shop("/release/admin").send().await.unwrap().status(), 401);
    let out = run(&["sign", "--secret-id", "AKIDshop", "--secret-key", "shop-secret"]);
    let mut signed = shop("/release/admin");
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let (name, value) = line.split_once(": ").unwrap();
        signed = signed.header(name, value);
    }
    let r = signed.send().await.unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["caller"]["secretId"], "AKIDshop");
}

/// A project whose `tick` handler logs when it ran and the event it got, and
/// `slow` runs for 1.5 s.
fn timer_project(name: &str, triggers: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    let config = format!(
        "component: multi-scf\nname: jobs\ninputs:\n  runtime: Nodejs16.13\n  timeout: 5\n  functions:\n    tick: {{handler: app.tick}}\n    slow: {{handler: app.slow}}\n  triggers:\n{triggers}"
    );
    std::fs::write(dir.join("serverless.yml"), config).unwrap();
    let js = "exports.tick = async (event) => { console.log('RAN ' + Date.now() + ' ' + JSON.stringify(event)); return 'ok'; };
exports.slow = async (event) => {
  const start = Date.now();
  while (Date.now() < start + 1500) {}
  console.log('SLOW ' + start + ' ' + Date.now() + ' ' + event.Time);
};
";
    std::fs::write(dir.join("app.js"), js).unwrap();
    dir
}

/// The `tag` lines the functions logged so far: the text after `tag `.
fn logged(server: &Server, tag: &str) -> Vec<String> {
    let marker = format!("\t{tag} ");
    server.log().lines().filter_map(|l| Some(l.split_once(&marker)?.1.to_owned())).collect()
}

/// Waits until the functions logged `count` `tag` lines (at most `within`).
fn wait_for_runs(server: &Server, tag: &str, count: usize, within: Duration) -> Vec<String> {
    let deadline = Instant::now() + within;
    loop {
        let lines = logged(server, tag);
        if lines.len() >= count {
            return lines;
        }
        assert!(Instant::now() < deadline, "{count} {tag} lines did not appear:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[tokio::test]
async fn a_timer_fires_on_time_with_scfs_timer_event() {
    let dir = timer_project(
        "timer-on-time",
        "    - {type: timer, function: tick, parameters: {name: every-2s, cronExpression: '*/2 * * * * * *', enable: true, argument: hello}}
    - {type: timer, function: tick, parameters: {name: no-enable, cronExpression: '* * * * * * *'}}
    - {type: timer, function: tick, parameters: {name: disabled, cronExpression: '* * * * * * *', enable: false}}
",
    );
    let out = run(&["routes", dir.to_str().unwrap()]);
    let table = String::from_utf8(out.stdout).unwrap();
    assert!(table.lines().any(|l| l.starts_with("no-enable") && l.ends_with("disabled")), "{table}");
    let server = Server::start(&dir, &["--no-watch"]);
    let runs = wait_for_runs(&server, "RAN", 4, Duration::from_secs(20));
    let (mut times, mut lates) = (Vec::new(), Vec::new());
    for run in &runs {
        let (ran_ms, event) = run.split_once(' ').unwrap();
        let event: Value = serde_json::from_str(event).unwrap();
        assert_eq!(event["Type"], "Timer");
        assert_eq!(event["TriggerName"], "every-2s", "a disabled timer fired: {run}");
        assert_eq!(event["Message"], "hello");
        let time = event["Time"].as_str().unwrap();
        let at = chrono::DateTime::parse_from_rfc3339(time).unwrap();
        assert!(time.ends_with('Z') && time.len() == 20, "{time}");
        let late = ran_ms.parse::<i64>().unwrap() - at.timestamp_millis();
        assert!((0..100).contains(&late), "the run due at {time} started {late} ms after it");
        times.push(at.timestamp());
        lates.push(late);
    }
    eprintln!("each run started this many ms after its fire time: {lates:?}");
    for pair in times.windows(2) {
        assert_eq!(pair[1] - pair[0], 2, "fire times {times:?}");
    }
    assert_eq!(times[0] % 2, 0);
    // Logged as an invocation: the SCF lines and the timer's own line.
    let log = server.log();
    assert!(log.contains("TIMER every-2s jobs-dev-jobs-tick ok "), "{log}");
    assert!(log.contains("Report RequestId:"), "{log}");
}

#[tokio::test]
async fn a_timer_never_overlaps_its_previous_run() {
    let dir = timer_project(
        "timer-overlap",
        "    - {type: timer, function: slow, parameters: {name: every-1s, cronExpression: '* * * * * * *', enable: true}}\n",
    );
    let server = Server::start(&dir, &["--no-watch"]);
    let runs = wait_for_runs(&server, "SLOW", 3, Duration::from_secs(20));
    let spans: Vec<(i64, i64)> = runs
        .iter()
        .map(|r| {
            let mut parts = r.split(' ');
            (parts.next().unwrap().parse().unwrap(), parts.next().unwrap().parse().unwrap())
        })
        .collect();
    for pair in spans.windows(2) {
        assert!(pair[1].0 >= pair[0].1, "runs overlap: {spans:?}");
    }
    server.wait_for_log("timer every-1s: skipped the run due at");
}

#[tokio::test]
async fn no_timers_turns_them_off() {
    let dir = timer_project(
        "timer-off",
        "    - {type: timer, function: tick, parameters: {name: every-1s, cronExpression: '* * * * * * *', enable: true}}\n",
    );
    let server = Server::start(&dir, &["--no-watch", "--no-timers"]);
    tokio::time::sleep(Duration::from_millis(2500)).await;
    assert!(logged(&server, "RAN").is_empty(), "{}", server.log());
}

#[tokio::test]
async fn editing_one_instance_reloads_the_directory_and_its_timers() {
    let apps = scratch("instances-reload");
    let jobs = timer_project("instances-reload-jobs", "");
    std::fs::rename(&jobs, apps.join("b-jobs")).unwrap();
    for (path, text) in [("a-basic/serverless.yaml", DEMO), ("a-basic/index.js", DEMO_JS)] {
        std::fs::create_dir_all(apps.join(path).parent().unwrap()).unwrap();
        std::fs::write(apps.join(path), text).unwrap();
    }
    let file = apps.join("b-jobs/serverless.yml");
    let config = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, config.replace("  triggers:\n", "  triggers: []\n")).unwrap();
    let server = Server::start(&apps, &[]);
    assert_eq!(client().get(server.url("/release/")).send().await.unwrap().status(), 200);
    assert!(logged(&server, "RAN").is_empty());
    // A timer added to the second instance fires once the edit is reloaded.
    let timer = "  triggers:\n    - {type: timer, function: tick, parameters: {name: added, cronExpression: '* * * * * * *', enable: true}}\n";
    std::fs::write(&file, config.replace("  triggers:\n", timer)).unwrap();
    server.wait_for_log("reloaded config");
    let runs = wait_for_runs(&server, "RAN", 1, Duration::from_secs(20));
    assert!(runs[0].contains("\"TriggerName\":\"added\""), "{runs:?}");
    assert_eq!(client().get(server.url("/release/")).send().await.unwrap().status(), 200);
}

#[test]
fn code_outside_the_project_is_refused() {
    let root = scratch("confined");
    let other = root.join("other");
    std::fs::create_dir_all(&other).unwrap();
    std::fs::write(other.join("index.js"), "exports.main_handler = async () => 'not yours';\n").unwrap();
    let project = root.join("project");
    std::fs::create_dir_all(&project).unwrap();
    std::os::unix::fs::symlink(&other, project.join("link")).unwrap();
    for src in ["../other", other.to_str().unwrap(), "./link"] {
        let config = format!(
            "component: scf\nname: c\ninputs:\n  src: {src}\n  handler: index.main_handler\n  runtime: Nodejs12.16\n  events:\n    - apigw:\n        parameters:\n          endpoints: [{{path: /c, method: GET}}]\n"
        );
        std::fs::write(project.join("serverless.yml"), config).unwrap();
        let out = run(&["routes", project.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "src: {src}\n{err}");
        assert!(err.contains("serverless.yml:4") && err.contains("inputs.src"), "file, line and key: {err}");
        assert!(err.contains("leads outside the project directory"), "{err}");
    }
    // An instance of a directory of instances that is a link out of it.
    let instances = root.join("instances");
    std::fs::create_dir_all(instances.join("mine")).unwrap();
    let own = "component: scf\nname: mine\ninputs:\n  handler: index.main_handler\n  runtime: Nodejs12.16\n";
    std::fs::write(instances.join("mine/serverless.yml"), own).unwrap();
    std::fs::write(instances.join("mine/index.js"), "exports.main_handler = async () => 1;\n").unwrap();
    std::fs::write(other.join("serverless.yml"), own.replace("mine", "theirs")).unwrap();
    std::os::unix::fs::symlink(&other, instances.join("theirs")).unwrap();
    let out = run(&["routes", instances.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("theirs/serverless.yml") && err.contains("instances must lie inside"), "{err}");
}

#[tokio::test]
async fn an_scf_trigger_without_endpoints_serves_the_default_api() {
    // The reference's default for `component: scf`: `[{path: /, method: ANY}]`.
    let dir = scratch("default-endpoint");
    std::fs::write(dir.join("index.js"), "exports.main_handler = async (event) => ({path: event.path});\n")
        .unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "component: scf\nname: d\ninputs:\n  handler: index.main_handler\n  runtime: Nodejs12.16\n  events:\n    - apigw:\n        parameters:\n          protocols: [http]\n",
    )
    .unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    for path in ["/release/", "/release/any/thing"] {
        let r = client().delete(server.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["path"], path.strip_prefix("/release").unwrap());
    }
}

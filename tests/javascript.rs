//! Node.js-style functions end to end: the seed's unmodified `index.js` and
//! handlers in every SCF calling style, run by the built-in JavaScript engine
//! (QuickJS compiled to wasm32-wasip1), CommonJS and ES modules, Node-style
//! stacks, through the real `fngate serve`.

mod common;

use std::time::Duration;

use common::{Server, repo, scratch};
use serde_json::{Value, json};

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

#[tokio::test]
async fn the_seeds_hello_world_runs_unmodified() {
    let server = Server::start(&repo().join("examples/hello-world-js"), &["--no-watch"]);
    let r = client().post(server.url("/release/hello_world")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    assert_eq!(r.headers()["content-type"], "text/html");
    assert_eq!(r.text().await.unwrap(), "hello world");
    // `console.log(event)` went to the function's log as Node prints it: the
    // SCF line prefix (time, request id), then util.inspect's form of the event.
    let log = server.wait_for_log("POST /release/hello_world 200");
    assert!(log.contains(&format!("Z\t{id}\t{{")), "{log}");
    assert!(log.contains("requestContext: {") && log.contains("serviceId: 'service-"), "{log}");
}

#[tokio::test]
async fn the_event_reaches_the_handler_whole() {
    let server = Server::start(&repo().join("examples/echo-event-js"), &["--no-watch"]);
    let r = client()
        .post(server.url("/release/echo/sub?a=1&a=2&flag"))
        .header("X-Custom", "v")
        .body("{\"hello\":\"js\"}")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "application/json");
    let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    let event: Value = r.json().await.unwrap();
    assert_eq!(event["requestContext"]["requestId"], id);
    assert_eq!(event["requestContext"]["path"], "/echo");
    assert_eq!(event["httpMethod"], "POST");
    assert_eq!(event["path"], "/echo/sub");
    assert_eq!(event["queryString"], json!({"a": ["1", "2"], "flag": true}));
    assert_eq!(event["headers"]["x-custom"], "v");
    assert_eq!(event["headers"]["x-api-requestid"], id);
    assert_eq!(event["body"], "{\"hello\":\"js\"}");
    assert_eq!(event["isBase64Encoded"], false);
    // console.log with a format string and the context's request id.
    server.wait_for_log(&format!("request {id} for echo_event"));
}

const HANDLERS: &str = r#"
const qs = require('querystring');
const { format } = require('node:util');
const math = require('./lib/math');
const config = require('./config.json');

exports.plain = (event) => ({ isBase64Encoded: false, statusCode: 201, headers: {}, body: 'plain ' + event.httpMethod });
exports.callback = (event, context, callback) => {
  Promise.resolve(41).then((n) => callback(null, { isBase64Encoded: false, statusCode: 200, headers: {}, body: String(n + 1) }));
};
exports.thrower = () => { throw new Error('boom'); };
exports.rejects = async () => { throw new TypeError('bad input'); };
exports.cb_error = (event, context, callback) => callback(new Error('told you'));
exports.spin = () => { while (true) {} };
exports.modules = async (event) => ({
  isBase64Encoded: false,
  statusCode: 200,
  headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify({
    sum: math.add(2, 3),
    name: config.name,
    query: qs.parse('a=1&a=2&b=x%20y'),
    text: format('%s has %d items', 'cart', 3),
    b64: Buffer.from('héllo').toString('base64'),
    back: Buffer.from('aMOpbGxv', 'base64').toString(),
    env: process.env.GREETING,
  }),
});
exports.needs_net = () => require('dgram');
"#;

fn js_project() -> std::path::PathBuf {
    let dir = scratch("js-handlers");
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(dir.join("handlers.js"), HANDLERS).unwrap();
    std::fs::write(dir.join("lib/math.js"), "exports.add = (a, b) => a + b;\n").unwrap();
    std::fs::write(dir.join("config.json"), "{\"name\": \"from json\"}\n").unwrap();
    let mut yml = String::from(
        "service: jsh\nprovider:\n  name: tencent\n  runtime: Nodejs12.16\n  environment:\n    variables:\n      GREETING: hi\nfunctions:\n",
    );
    for name in ["plain", "callback", "thrower", "rejects", "cb_error", "spin", "modules", "needs_net"] {
        let timeout = if name == "spin" { "    timeout: 1\n" } else { "" };
        yml += &format!(
            "  {name}:\n    handler: handlers.{name}\n{timeout}    events:\n      - apigw:\n          parameters:\n            path: /{name}\n            integratedResponse: true\n"
        );
    }
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
    dir
}

#[tokio::test]
async fn every_calling_convention_and_failure() {
    let server = Server::start(&js_project(), &["--no-watch"]);
    let c = client();
    let call = |name: &str| c.post(server.url(&format!("/release/{name}"))).send();

    let r = call("plain").await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (201, "plain POST".to_owned()));
    let r = call("callback").await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "42".to_owned()));

    for (name, message) in [("thrower", "boom"), ("rejects", "bad input"), ("cb_error", "told you")] {
        let r = call(name).await.unwrap();
        assert_eq!(r.status(), 430, "{name}");
        let body: Value = r.json().await.unwrap();
        assert_eq!(body["errorMessage"], message, "{name}: {body}");
        assert_eq!(body["statusCode"], 430);
    }

    // An endless loop is stopped at the function's 1 s timeout (seed rule: 200 + SCF body).
    let r = call("spin").await.unwrap();
    assert_eq!(r.status(), 200);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "Invoking task timed out after 1 seconds");

    let r = call("modules").await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        v,
        json!({"sum": 5, "name": "from json", "query": {"a": ["1", "2"], "b": "x y"},
               "text": "cart has 3 items", "b64": "aMOpbGxv", "back": "héllo", "env": "hi"})
    );

    let r = call("needs_net").await.unwrap();
    assert_eq!(r.status(), 430);
    let body: Value = r.json().await.unwrap();
    // Node runtimes answer handler errors with errorCode 1 (reference §8.5).
    assert_eq!(body["errorCode"], 1, "{body}");
    let message = body["errorMessage"].as_str().unwrap();
    assert!(
        message.starts_with("Cannot find module 'dgram'") && message.contains("it needs UDP"),
        "{message}"
    );

    // The server kept serving through all of it.
    assert_eq!(call("plain").await.unwrap().status(), 201);
}

#[tokio::test]
async fn a_handler_sees_only_its_code_as_deployed() {
    let outside = scratch("js-outside");
    std::fs::write(outside.join("secret.js"), "module.exports = 'outside';\n").unwrap();
    let dir = scratch("js-snoop");
    std::fs::write(
        dir.join("index.js"),
        r#"
const fs = require('fs');
const tryRequire = (p) => { try { return require(p); } catch (e) { return 'refused'; } };
const read = (p) => { try { return fs.readFileSync(p, 'utf8'); } catch (e) { return null; } };
exports.main_handler = async () => ({
  config: read('/code/serverless.yml'),
  dotenv: read('.env'),
  git: read(__dirname + '/.git/config'),
  parent: read('/code/../' + 'js-outside/secret.js'),
  absolute: read('/etc/passwd'),
  scfRoot: read('/var/user/../../etc/passwd'),
  link: read('/code/escape.js'),
  up: tryRequire('../js-outside/secret'),
  viaLink: tryRequire('./escape'),
  own: require('./lib/ok'),
  pkg: require('./node_modules/pkg'),
});
"#,
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(dir.join("lib/ok.js"), "module.exports = 'mine';\n").unwrap();
    std::fs::create_dir_all(dir.join("node_modules/pkg")).unwrap();
    std::fs::write(dir.join("node_modules/pkg/index.js"), "module.exports = 'pkg';\n").unwrap();
    std::fs::write(dir.join(".env"), "SECRET=1\n").unwrap();
    std::fs::create_dir_all(dir.join(".git")).unwrap();
    std::fs::write(dir.join(".git/config"), "[core]\n").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.js"), dir.join("escape.js")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: snoop\nprovider:\n  name: tencent\n  runtime: Nodejs12.16\ncustom: {fngate: {keyPairs: [{secretId: AKIDx, secretKey: do-not-leak}]}}\nfunctions:\n  snoop:\n    handler: index.main_handler\n    events:\n      - apigw: {parameters: {path: /snoop}}\n",
    )
    .unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    let r = client().post(server.url("/release/snoop")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let seen: Value = r.json().await.unwrap();
    assert_eq!(
        seen,
        json!({"config": null, "dotenv": null, "git": null, "parent": null, "absolute": null, "scfRoot": null, "link": null,
               "up": "refused", "viaLink": "refused", "own": "mine", "pkg": "pkg"})
    );
}

/// A function `f` at `/release/f` whose index.js answers what it requires at
/// the top level from lib/v.js (`{v: 1}`), so that file is part of the snapshot.
fn requiring_project(name: &str) -> std::path::PathBuf {
    let dir = scratch(name);
    std::fs::create_dir_all(dir.join("lib")).unwrap();
    std::fs::write(
        dir.join("index.js"),
        "const v = require('./lib/v');\nexports.main_handler = async () => v;\n",
    )
    .unwrap();
    std::fs::write(dir.join("lib/v.js"), "module.exports = {v: 1};\n").unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: edit\nprovider:\n  name: tencent\n  runtime: Nodejs12.16\nfunctions:\n  f:\n    handler: index.main_handler\n    events:\n      - apigw: {parameters: {path: /f}}\n",
    )
    .unwrap();
    dir
}

#[tokio::test]
async fn editing_a_required_file_reloads_the_function() {
    let dir = requiring_project("js-edit");
    let server = Server::start(&dir, &[]);
    let get = || async {
        client().post(server.url("/release/f")).send().await.unwrap().json::<Value>().await.unwrap()
    };
    assert_eq!(get().await, json!({"v": 1}));
    std::fs::write(dir.join("lib/v.js"), "module.exports = {v: 2};\n").unwrap();
    server.wait_for_log("reloaded function f");
    assert_eq!(get().await, json!({"v": 2}));
    // A dotfile is not part of the code: no reload.
    std::fs::write(dir.join(".env"), "X=1\n").unwrap();
    tokio::time::sleep(Duration::from_millis(600)).await;
    assert_eq!(server.log().matches("reloaded function f").count(), 1, "{}", server.log());
}

/// Calls `/release/f` until it answers `expected` (a reload has happened), for at most 60 s.
async fn until(server: &Server, expected: Value) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    loop {
        let r = client().post(server.url("/release/f")).send().await.unwrap();
        if r.json::<Value>().await.unwrap() == expected {
            return;
        }
        assert!(std::time::Instant::now() < deadline, "never reloaded to {expected}:\n{}", server.log());
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// The inotify watches the process holds (each `inotify wd:` line of its
/// inotify descriptors' fdinfo).
fn inotify_watches(pid: u32) -> usize {
    let fds = std::fs::read_dir(format!("/proc/{pid}/fd")).unwrap();
    fds.flatten()
        .filter(|fd| std::fs::read_link(fd.path()).is_ok_and(|t| t.to_string_lossy().contains("inotify")))
        .map(|fd| {
            let info =
                std::fs::read_to_string(format!("/proc/{pid}/fdinfo/{}", fd.file_name().to_string_lossy()));
            info.unwrap_or_default().lines().filter(|l| l.starts_with("inotify wd:")).count()
        })
        .sum()
}

#[tokio::test]
async fn links_out_of_the_code_are_not_watched_and_reload_keeps_working() {
    let dir = requiring_project("js-links");
    // Links up and to the root: staging leaves them out, and so must the watcher
    // (it once walked into /proc through them, and hot reload stopped).
    std::os::unix::fs::symlink("..", dir.join("up")).unwrap();
    std::os::unix::fs::symlink("/", dir.join("root")).unwrap();
    std::os::unix::fs::symlink("..", dir.join("lib/up")).unwrap();
    let server = Server::start(&dir, &[]);
    let get = || async {
        client().post(server.url("/release/f")).send().await.unwrap().json::<Value>().await.unwrap()
    };
    assert_eq!(get().await, json!({"v": 1}));
    // The code directory and lib/ (the config's directory is the same one).
    let watches = inotify_watches(server.child.id());
    assert!((1..=4).contains(&watches), "{watches} watches:\n{}", server.log());
    assert!(!server.log().contains("cannot watch"), "{}", server.log());
    std::fs::write(dir.join("lib/v.js"), "module.exports = {v: 2};\n").unwrap();
    until(&server, json!({"v": 2})).await;
    // A directory made after start is watched too.
    std::fs::create_dir_all(dir.join("more")).unwrap();
    std::fs::write(dir.join("more/w.js"), "module.exports = 3;\n").unwrap();
    std::fs::write(
        dir.join("index.js"),
        "const v = require('./more/w');\nexports.main_handler = async () => ({v});\n",
    )
    .unwrap();
    until(&server, json!({"v": 3})).await;
    std::fs::write(dir.join("more/w.js"), "module.exports = 4;\n").unwrap();
    until(&server, json!({"v": 4})).await;
}

#[tokio::test]
async fn a_copied_binary_serves_javascript_without_cargo_or_the_source_tree() {
    use std::io::BufRead;
    let place = scratch("js-elsewhere");
    let binary = place.join("fngate");
    std::fs::copy(env!("CARGO_BIN_EXE_fngate"), &binary).unwrap();
    let project = place.join("hello");
    std::fs::create_dir_all(&project).unwrap();
    for file in ["serverless.yml", "index.js"] {
        std::fs::copy(repo().join("examples/hello-world-js").join(file), project.join(file)).unwrap();
    }
    // No cargo on PATH, another working directory, a fresh module cache.
    let mut child = std::process::Command::new(&binary)
        .args(["serve", "hello", "--listen", "127.0.0.1:0", "--admin", "off", "--no-watch"])
        .current_dir(&place)
        .env_clear()
        .env("PATH", "/usr/bin:/bin")
        .env("FNGATE_CACHE_DIR", place.join("cache"))
        .env("FNGATE_CACHE_KEY", place.join("key/cache.key"))
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let addr = stdout
        .lines()
        .map_while(Result::ok)
        .find_map(|l| l.strip_prefix("listening on http://").map(str::to_owned))
        .expect("the copied binary serves");
    let r = client().post(format!("http://{addr}/release/hello_world")).send().await.unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert_eq!(r.status(), 200);
    assert_eq!(r.text().await.unwrap(), "hello world");
}

#[tokio::test]
async fn every_invocation_starts_from_the_snapshot_with_fresh_randomness() {
    let dir = scratch("js-fresh");
    std::fs::write(
        dir.join("index.js"),
        r#"
const atLoad = Math.random();
let calls = 0;
exports.main_handler = async (event, context) => {
  calls += 1;
  return { atLoad, now: [Math.random(), Math.random()], calls, env: process.env.GREETING,
           requestId: context.request_id, envRequestId: process.env.SCF_REQUESTID };
};
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: fresh\nprovider:\n  name: tencent\n  runtime: Nodejs16.13\nfunctions:\n  f:\n    handler: index.main_handler\n    environment: {variables: {GREETING: hi}}\n    events:\n      - apigw: {parameters: {path: /f}}\n",
    )
    .unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    let mut seen = Vec::new();
    for _ in 0..3 {
        let r = client().post(server.url("/release/f")).send().await.unwrap();
        let id = r.headers()["x-api-requestid"].to_str().unwrap().to_owned();
        let v: Value = r.json().await.unwrap();
        // State the handler changes does not outlive its invocation; the
        // environment and the request id are the invocation's own.
        assert_eq!((v["calls"].clone(), v["env"].clone()), (json!(1), json!("hi")), "{v}");
        assert_eq!((v["requestId"].as_str(), v["envRequestId"].as_str()), (Some(&*id), Some(&*id)), "{v}");
        seen.extend(v["now"].as_array().unwrap().iter().map(|x| x.as_f64().unwrap()));
        seen.push(v["atLoad"].as_f64().unwrap());
    }
    let at_load = seen[2];
    let draws: Vec<f64> = seen.iter().enumerate().filter(|(i, _)| i % 3 != 2).map(|(_, x)| *x).collect();
    assert!(draws.iter().chain([&at_load]).all(|x| (0.0..1.0).contains(x)), "{seen:?}");
    let mut distinct = draws.clone();
    distinct.sort_by(f64::total_cmp);
    distinct.dedup();
    assert_eq!(distinct.len(), draws.len(), "an invocation repeated another's random values: {draws:?}");
    assert!(!draws.contains(&at_load), "an invocation replayed the load's random sequence: {seen:?}");
}

#[tokio::test]
async fn top_level_code_that_fails_is_reported_when_the_function_loads() {
    let dir = scratch("js-toplevel");
    std::fs::write(
        dir.join("throws.js"),
        "function check() { throw new Error('missing setting: ' + process.env.NEEDED); }\ncheck();\nexports.main_handler = async () => 'never';\n",
    )
    .unwrap();
    std::fs::write(dir.join("spins.js"), "while (true) {}\nexports.main_handler = async () => 'never';\n")
        .unwrap();
    std::fs::write(dir.join("fine.js"), "exports.main_handler = async () => 'fine';\n").unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: toplevel\nprovider:\n  name: tencent\n  runtime: Nodejs16.13\nfunctions:\n  throws:\n    handler: throws.main_handler\n    environment: {variables: {NEEDED: DB_URL}}\n    events:\n      - apigw: {parameters: {path: /throws}}\n  spins:\n    handler: spins.main_handler\n    timeout: 1\n    events:\n      - apigw: {parameters: {path: /spins}}\n  fine:\n    handler: fine.main_handler\n    events:\n      - apigw: {parameters: {path: /fine}}\n",
    )
    .unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    server.wait_for_log("missing setting: DB_URL");
    let r = client().post(server.url("/release/throws")).send().await.unwrap();
    assert_eq!(r.status(), 437);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "missing setting: DB_URL", "{body}");
    assert_eq!(body["statusCode"], 437);
    let stack = body["stackTrace"].as_str().unwrap_or_default();
    assert!(stack.contains("check"), "the stack names the throwing function: {body}");
    let r = client().post(server.url("/release/spins")).send().await.unwrap();
    assert_eq!(r.status(), 437);
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "Loading the handler timed out after 1 seconds", "{body}");
    // The other functions serve.
    let r = client().post(server.url("/release/fine")).send().await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "\"fine\"".to_owned()));
}

#[tokio::test]
async fn json_gives_the_standard_results_fast_path_or_not() {
    let dir = scratch("js-json");
    std::fs::write(
        dir.join("index.js"),
        r#"
class Point { constructor() { this.x = 1; } }
const cyclic = { a: 1 }; cyclic.self = cyclic;
const hidden = Object.defineProperty({ shown: 1 }, 'hidden', { value: 2, enumerable: false });
const bare = Object.create(null); bare.x = 1;
const attempt = (f) => { try { return f(); } catch (e) { return e.constructor.name; } };
exports.main_handler = async () => [
  JSON.stringify({ b: 1, a: [1, 'x', null, true, false], c: { d: 1.5 } }),
  JSON.stringify({ 2: 'a', 1: 'b', x: 1 }),
  JSON.stringify([undefined, function () {}, Symbol('s')]),
  JSON.stringify({ u: undefined, f() {}, s: 'q"\\\n\u0001\u007f\u2028' }),
  JSON.stringify([1e21, -0, NaN, 0.1, -1.5e-7, 2147483648, Infinity]),
  JSON.stringify(new Date(0)),
  JSON.stringify({ toJSON() { return 5; } }),
  JSON.stringify(new Point()),
  JSON.stringify({ get g() { return 2; } }),
  attempt(() => JSON.stringify(cyclic)),
  attempt(() => JSON.stringify({ n: 1n })),
  JSON.stringify('\ud800'),
  JSON.stringify([1, , 3]),
  JSON.stringify(bare),
  String(JSON.stringify(undefined)),
  JSON.stringify({ a: [1] }, null, 2),
  JSON.stringify({ a: 1, b: 2 }, ['b']),
  JSON.stringify(hidden),
  JSON.stringify(new String('boxed')),
  Object.keys(JSON.parse('{"b":1,"a":2,"b":3}')).join(),
  JSON.stringify(JSON.parse('[1, 2.5, "x\\u00e9", null, {"__proto__": 1}]')),
  attempt(() => JSON.parse('{bad')),
  JSON.parse('{"a":1}', (k, v) => (typeof v === 'number' ? v * 2 : v)).a,
  JSON.parse('12345678901234567890'),
  Object.is(JSON.parse('-0'), -0),
  JSON.parse(' [ -0.5 ] ')[0],
];
"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: json\nprovider:\n  name: tencent\n  runtime: Nodejs16.13\nfunctions:\n  f:\n    handler: index.main_handler\n    events:\n      - apigw: {parameters: {path: /f}}\n",
    )
    .unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    let r = client().post(server.url("/release/f")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let got: Value = r.json().await.unwrap();
    // What Node.js prints for the same expressions.
    let want = json!([
        r#"{"b":1,"a":[1,"x",null,true,false],"c":{"d":1.5}}"#,
        r#"{"1":"b","2":"a","x":1}"#,
        "[null,null,null]",
        "{\"s\":\"q\\\"\\\\\\n\\u0001\u{7f}\u{2028}\"}",
        "[1e+21,0,null,0.1,-1.5e-7,2147483648,null]",
        r#""1970-01-01T00:00:00.000Z""#,
        "5",
        r#"{"x":1}"#,
        r#"{"g":2}"#,
        "TypeError",
        "TypeError",
        r#""\ud800""#,
        "[1,null,3]",
        r#"{"x":1}"#,
        "undefined",
        "{\n  \"a\": [\n    1\n  ]\n}",
        r#"{"b":2}"#,
        r#"{"shown":1}"#,
        r#""boxed""#,
        "b,a",
        r#"[1,2.5,"xé",null,{"__proto__":1}]"#,
        "SyntaxError",
        2,
        12345678901234567000u64,
        true,
        -0.5,
    ]);
    let got = got.as_array().unwrap();
    for (i, (g, w)) in got.iter().zip(want.as_array().unwrap()).enumerate() {
        assert_eq!(g, w, "case {i}");
    }
    assert_eq!(got.len(), want.as_array().unwrap().len());
}

const TIMERS: &str = r#"
exports.order = (event, context, callback) => {
  const log = [];
  setTimeout(() => {
    log.push('timeout');
    setTimeout(() => log.push('timeout 0'), 0);
    setImmediate(() => log.push('immediate'));
    process.nextTick(() => log.push('tick in timeout'));
    Promise.resolve().then(() => log.push('micro in timeout'));
  }, 200);
  const cleared = setTimeout(() => log.push('cleared'), 1);
  clearTimeout(cleared);
  let n = 0;
  const every = setInterval(() => { log.push('interval ' + (++n)); if (n === 3) clearInterval(every); }, 1);
  Promise.resolve().then(() => log.push('micro'));
  queueMicrotask(() => log.push('queued micro'));
  process.nextTick(() => log.push('tick'));
  setTimeout(() => callback(null, log), 400);
};
exports.sleep = async () => {
  const started = Date.now();
  await new Promise((r) => setTimeout(r, 50));
  return Date.now() - started;
};
exports.waits = (event, context, callback) => {
  setTimeout(() => console.log('the late timer ran'), 300);
  callback(null, 'after the loop');
};
exports.no_wait = (event, context, callback) => {
  context.callbackWaitsForEmptyEventLoop = false;
  setTimeout(() => { throw new Error('never runs'); }, 2000);
  callback(null, 'at once');
};
exports.forever = () => { setInterval(() => {}, 5); };
"#;

#[tokio::test]
async fn timers_run_in_nodes_order_and_the_timeout_bounds_them() {
    let dir = scratch("js-timers");
    std::fs::write(dir.join("index.js"), TIMERS).unwrap();
    let mut yml =
        String::from("service: timers\nprovider:\n  name: tencent\n  runtime: Nodejs16.13\nfunctions:\n");
    for name in ["order", "sleep", "waits", "no_wait", "forever"] {
        let timeout = if name == "forever" { "    timeout: 1\n" } else { "" };
        yml += &format!(
            "  {name}:\n    handler: index.{name}\n{timeout}    events:\n      - apigw: {{parameters: {{path: /{name}}}}}\n"
        );
    }
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
    let server = Server::start(&dir, &["--no-watch"]);
    let call = |name: &str| client().post(server.url(&format!("/release/{name}"))).send();

    let v: Value = call("order").await.unwrap().json().await.unwrap();
    assert_eq!(
        v,
        json!([
            "tick",
            "micro",
            "queued micro",
            "interval 1",
            "interval 2",
            "interval 3",
            "timeout",
            "tick in timeout",
            "micro in timeout",
            "immediate",
            "timeout 0"
        ])
    );
    // A timer sleeps (through WASI) instead of failing or spinning.
    let slept: f64 = call("sleep").await.unwrap().json().await.unwrap();
    assert!((50.0..1000.0).contains(&slept), "{slept}");
    // By default the answer waits for the event loop to empty…
    let started = std::time::Instant::now();
    let r = call("waits").await.unwrap();
    assert_eq!(r.text().await.unwrap(), "\"after the loop\"");
    assert!(started.elapsed() >= Duration::from_millis(300), "{:?}", started.elapsed());
    server.wait_for_log("the late timer ran");
    // …and not when the handler says so: pending timers are dropped.
    let started = std::time::Instant::now();
    let r = call("no_wait").await.unwrap();
    assert_eq!((r.status().as_u16(), r.text().await.unwrap()), (200, "\"at once\"".to_owned()));
    assert!(started.elapsed() < Duration::from_millis(1500));
    // An endless interval ends at the function's timeout.
    let r = call("forever").await.unwrap();
    let body: Value = r.json().await.unwrap();
    assert_eq!(body["errorMessage"], "Invoking task timed out after 1 seconds", "{body}");
}

/// Writes a serverless.yml for Node.js functions, each `(name, handler)` on
/// the API path `/name`.
fn write_functions(dir: &std::path::Path, service: &str, functions: &[(&str, &str)]) {
    let mut yml =
        format!("service: {service}\nprovider:\n  name: tencent\n  runtime: Nodejs16.13\nfunctions:\n");
    for (name, handler) in functions {
        yml += &format!(
            "  {name}:\n    handler: {handler}\n    events:\n      - apigw: {{parameters: {{path: /{name}}}}}\n"
        );
    }
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
}

/// A project of ES-module handlers (`"type": "module"`, so `.js` is an ES
/// module and CommonJS is `.cjs`): `.mjs` and `.js` handlers, built-ins and npm
/// packages imported (the `import` condition of an `exports` map), a CommonJS
/// package imported, dynamic `import()` from CommonJS, top-level await.
fn esm_project() -> std::path::PathBuf {
    let dir = scratch("js-esm");
    let files: &[(&str, &str)] = &[
        (
            "plain.mjs",
            "import { createHash } from 'crypto';\nimport fs from 'node:fs';\nimport * as path from 'path';\n\
             import dual from 'dual';\nimport cjs, { twice } from 'cjs-lib';\nimport { helper } from './lib/helper.mjs';\n\
             const config = await Promise.resolve({ ready: true });\n\
             export const main_handler = async () => ({\n  md5: createHash('md5').update('hello').digest('hex'),\n\
               exists: fs.existsSync('/code/plain.mjs'),\n  joined: path.join('/a', 'b'),\n  dual, twice: twice(21), cjsName: cjs.name,\n\
               helper: helper(), ready: config.ready,\n  meta: import.meta.url !== undefined,\n});\n",
        ),
        ("lib/helper.mjs", "export function helper() { return 'from helper'; }\n"),
        (
            "node_modules/dual/package.json",
            r#"{"name":"dual","exports":{".":{"import":"./esm.mjs","require":"./cjs.js"}}}"#,
        ),
        ("node_modules/dual/esm.mjs", "export default 'esm build';\n"),
        ("node_modules/dual/cjs.js", "module.exports = 'cjs build';\n"),
        ("node_modules/cjs-lib/package.json", r#"{"name":"cjs-lib","main":"main.js"}"#),
        ("node_modules/cjs-lib/main.js", "exports.twice = (n) => n * 2;\nexports.name = 'cjs-lib';\n"),
        ("package.json", r#"{"name":"esm-demo","type":"module"}"#),
        (
            "typed.js",
            "import dual from 'dual';\nexport const main_handler = () => ({ typed: true, dual });\n",
        ),
        (
            "dynamic.cjs",
            "const dual = require('dual');\n\
             exports.main_handler = async () => {\n  const m = await import('dual');\n  const h = await import('./lib/helper.mjs');\n\
               return { required: dual, imported: m.default, helper: h.helper() };\n};\n",
        ),
        ("requires_esm.cjs", "require('./lib/helper.mjs');\nexports.main_handler = () => 'never';\n"),
    ];
    for (name, text) in files {
        let path = dir.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    write_functions(
        &dir,
        "esm",
        &[
            ("plain", "plain.main_handler"),
            ("typed", "typed.main_handler"),
            ("dynamic", "dynamic.main_handler"),
            ("requires_esm", "requires_esm.main_handler"),
        ],
    );
    dir
}

#[tokio::test]
async fn es_modules_load_as_node_loads_them() {
    let server = Server::start(&esm_project(), &["--no-watch"]);
    let c = client();
    let call = |name: &str| c.post(server.url(&format!("/release/{name}"))).send();
    let r = call("plain").await.unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"md5": "5d41402abc4b2a76b9719d911017c592", "exists": true, "joined": "/a/b",
               "dual": "esm build", "twice": 42, "cjsName": "cjs-lib", "helper": "from helper",
               "ready": true, "meta": true})
    );
    let r = call("typed").await.unwrap();
    assert_eq!(r.json::<Value>().await.unwrap(), json!({"typed": true, "dual": "esm build"}));
    let r = call("dynamic").await.unwrap();
    assert_eq!(
        r.json::<Value>().await.unwrap(),
        json!({"required": "cjs build", "imported": "esm build", "helper": "from helper"})
    );
    // require() of an ES module fails as in Node 16-20, when the function loads.
    let r = call("requires_esm").await.unwrap();
    assert_eq!(r.status(), 437);
    let body: Value = r.json().await.unwrap();
    assert!(
        body["errorMessage"].as_str().unwrap().starts_with("require() of ES Module /code/lib/helper.mjs"),
        "{body}"
    );
}

#[tokio::test]
async fn errors_carry_node_stacks_and_deep_recursion_is_a_range_error() {
    let dir = scratch("js-stacks");
    std::fs::write(
        dir.join("index.js"),
        "class ValidationError extends Error { constructor(m) { super(m); this.name = 'ValidationError'; } }\n\
         function validate(input) { throw new ValidationError('bad ' + input); }\n\
         exports.thrower = async () => validate('field');\n\
         exports.deep = async () => {\n  let depth = 0;\n  function down() { depth++; down(); }\n\
           try { down(); } catch (e) { return { depth, name: e.name, message: e.message, range: e instanceof RangeError }; }\n};\n\
         exports.captured = async () => {\n  function make() { const o = {}; Error.captureStackTrace(o, make); return o; }\n\
           function outer() { return make(); }\n  const o = outer();\n  return o.stack.split('\\n').slice(0, 2);\n};\n",
    )
    .unwrap();
    write_functions(
        &dir,
        "stacks",
        &[("thrower", "index.thrower"), ("deep", "index.deep"), ("captured", "index.captured")],
    );
    let server = Server::start(&dir, &["--no-watch"]);
    let c = client();
    let r = c.post(server.url("/release/thrower")).send().await.unwrap();
    assert_eq!(r.status(), 430);
    let body: Value = r.json().await.unwrap();
    let stack = body["stackTrace"].as_str().unwrap();
    let lines: Vec<&str> = stack.lines().collect();
    assert_eq!(lines[0], "ValidationError: bad field", "{stack}");
    // The line as node gives it (QuickJS's columns point elsewhere in the line than V8's).
    assert!(lines[1].starts_with("    at validate (/code/index.js:2:"), "{stack}");
    assert!(lines.iter().skip(1).all(|l| l.starts_with("    at ") && !l.contains("internal")), "{stack}");

    let r = c.post(server.url("/release/deep")).send().await.unwrap();
    assert_eq!(r.status(), 200);
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["name"].as_str(), v["message"].as_str()),
        (Some("RangeError"), Some("Maximum call stack size exceeded"))
    );
    assert_eq!(v["range"], true);
    assert!(v["depth"].as_u64().unwrap() >= 10_000, "{v}");

    let r = c.post(server.url("/release/captured")).send().await.unwrap();
    let v: Value = r.json().await.unwrap();
    assert_eq!(v[0], "Error");
    assert!(v[1].as_str().unwrap().starts_with("    at outer (/code/index.js:11:"), "{v}");
}

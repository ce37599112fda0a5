//! The web console (`/console` on the admin listener): driven in headless
//! Chromium through Playwright (tests/console/console.test.mjs), and its API's
//! access rules checked with a plain HTTP client.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::Server;

/// A project with the hello world (serving), a function whose module is
/// missing (broken) and one answering markup.
fn project(name: &str) -> PathBuf {
    let dir = common::scratch(name);
    std::fs::copy(common::example_module("hello-world", "hello_world"), dir.join("hello_world.wasm"))
        .unwrap();
    std::fs::copy(common::fixture("markup.wat"), dir.join("markup.wat")).unwrap();
    let function = |name: &str, module: &str, path: &str| {
        format!(
            "  {name}:\n    handler: {module}.main_handler\n    events:\n      - apigw:\n          parameters:\n            stageName: release\n            httpMethod: GET\n            path: {path}\n            integratedResponse: true\n"
        )
    };
    let yml = format!(
        "service: console\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n{}{}{}",
        function("hello", "hello_world", "/hello"),
        function("broken", "missing", "/broken"),
        function("markup", "markup", "/markup"),
    );
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
    dir
}

/// Fails under CI (which must run it), skips elsewhere, when a tool is missing.
fn missing(what: &str) {
    assert!(std::env::var_os("CI").is_none(), "{what} is missing: the console's browser test cannot run");
    eprintln!("SKIPPED: {what} is missing");
}

#[test]
fn the_console_works_in_a_real_browser() {
    let Some(chromium) = common::debian_tool(&["/usr/bin/chromium"], "chromium") else {
        return missing("chromium");
    };
    if !common::has_npm() || Command::new("curl").arg("--version").output().is_err() {
        return missing("npm or curl");
    }
    let driver = common::scratch("console-driver");
    for file in ["package.json", "package-lock.json", "console.test.mjs"] {
        std::fs::copy(common::repo().join("tests/console").join(file), driver.join(file)).unwrap();
    }
    common::npm_ci(&driver);
    let server = Server::start(&project("console-browser"), &[]);
    let shots = Path::new(env!("CARGO_TARGET_TMPDIR")).join("console-screenshots");
    let out = Command::new("node")
        .arg(driver.join("console.test.mjs"))
        .env("CONSOLE", server.admin_url("/console"))
        .env("API", server.url("/release/hello"))
        .env("MARKUP", server.url("/release/markup"))
        .env("CHROMIUM", &chromium)
        .env("SHOTS", &shots)
        .output()
        .expect("cannot start node");
    let stdout = String::from_utf8_lossy(&out.stdout);
    println!("{stdout}");
    assert!(
        out.status.success(),
        "the browser test failed:\n{stdout}\n{}\nserver log:\n{}",
        String::from_utf8_lossy(&out.stderr),
        server.log()
    );
}

fn client() -> reqwest::blocking::Client {
    reqwest::blocking::Client::builder()
        .no_proxy()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Every console request, as (method, path, body).
const ACTIONS: [(&str, &str, &str); 8] = [
    ("GET", "/console", ""),
    ("GET", "/api/functions", ""),
    ("GET", "/api/invocations", ""),
    ("GET", "/api/invocations/stream", ""),
    ("GET", "/api/metrics/summary", ""),
    ("GET", "/api/templates?function=hello", ""),
    ("POST", "/api/test", r#"{"function":"hello","event":{}}"#),
    ("POST", "/api/reload", "{}"),
];

fn send(
    server: &Server,
    (method, path, body): (&str, &str, &str),
    token: Option<&str>,
) -> reqwest::blocking::Response {
    let url = server.admin_url(path);
    let mut req = match method {
        "POST" => client().post(url).header("content-type", "application/json").body(body.to_owned()),
        _ => client().get(url),
    };
    if let Some(token) = token {
        req = req.bearer_auth(token);
    }
    req.send().unwrap()
}

#[test]
fn off_loopback_every_console_action_needs_the_token() {
    let dir = project("console-remote");
    // Not on loopback, no token: the console answers 401 to all; the probes still serve.
    let open = Server::start(&dir, &["--admin", "0.0.0.0:0"]);
    for action in ACTIONS {
        assert_eq!(send(&open, action, None).status(), 401, "{action:?} without a token");
    }
    assert_eq!(client().get(open.admin_url("/healthz")).send().unwrap().status(), 200);
    drop(open);

    // With a token: 401 without it or with a wrong one, served with it.
    let env = [("FNGATE_ADMIN_TOKEN", "s3cret-token")];
    let guarded = Server::try_start_with_env(&dir, &["--admin", "0.0.0.0:0"], &env).unwrap();
    for action in ACTIONS {
        assert_eq!(send(&guarded, action, None).status(), 401, "{action:?} without the token");
        assert_eq!(send(&guarded, action, Some("wrong")).status(), 401, "{action:?} with a wrong token");
    }
    let functions = send(&guarded, ACTIONS[1], Some("s3cret-token"));
    assert_eq!(functions.status(), 200);
    let functions: serde_json::Value = functions.json().unwrap();
    assert_eq!(functions["functions"][1]["state"], "broken");
    let tested: serde_json::Value = send(&guarded, ACTIONS[6], Some("s3cret-token")).json().unwrap();
    assert_eq!(tested["status"], 200, "{tested}");

    // The login form sets the cookie the page then uses.
    let login = |token: &str| {
        client()
            .post(guarded.admin_url("/console/login"))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(format!("token={token}"))
            .send()
            .unwrap()
    };
    assert_eq!(login("nope").status(), 401);
    let ok = login("s3cret-token");
    assert_eq!(ok.status(), 303);
    let cookie = ok.headers()["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let page = client().get(guarded.admin_url("/console")).header("cookie", &cookie).send().unwrap();
    assert_eq!(page.status(), 200);
    assert!(page.headers()["content-security-policy"].to_str().unwrap().contains("script-src 'self'"));
}

#[test]
fn console_actions_refuse_other_sites() {
    let server = Server::start(&project("console-csrf"), &[]);
    let admin = server.admin.clone().unwrap();
    let post = |path: &str, origin: Option<&str>, content_type: &str| {
        let mut req = client().post(server.admin_url(path)).header("content-type", content_type).body("{}");
        if let Some(origin) = origin {
            req = req.header("origin", origin);
        }
        req.send().unwrap().status().as_u16()
    };
    assert_eq!(post("/api/reload", Some("http://evil.example"), "application/json"), 403);
    assert_eq!(post("/api/reload", None, "text/plain"), 415, "a form-like body (no preflight) is refused");
    assert_eq!(post("/api/reload", Some(&format!("http://{admin}")), "application/json"), 200);
    // A name that is not loopback (DNS rebinding) is refused on a loopback listener.
    let rebound =
        client().get(server.admin_url("/api/functions")).header("host", "evil.example").send().unwrap();
    assert_eq!(rebound.status(), 403);
    // Bodies are bounded.
    let big = client()
        .post(server.admin_url("/api/test"))
        .header("content-type", "application/json")
        .body(vec![b' '; 2 * 1024 * 1024])
        .send()
        .map(|r| r.status().as_u16());
    assert!(matches!(big, Ok(413) | Err(_)), "{big:?}");
}

#[test]
fn live_streams_are_bounded_and_freed_when_their_clients_go() {
    let server = Server::start(&project("console-streams"), &[]);
    let open = || client().get(server.admin_url("/api/invocations/stream")).send().unwrap();
    let streams: Vec<_> = (0..16).map(|_| open()).collect();
    assert!(streams.iter().all(|s| s.status() == 200));
    assert_eq!(open().status(), 503, "a 17th stream is refused");
    drop(streams);
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
    loop {
        let again = open();
        if again.status() == 200 {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "closed streams were not freed");
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

//! Functions in any language: per-function build commands (`build:` in
//! `custom.fngate`), run by `fngate build` and `fngate serve --build` only, and
//! rebuilt on a source change under `serve --build`; the C example built with
//! Debian's clang and wasi-libc.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{Server, example_module, fngate, repo, scratch};

fn post(server: &Server, path: &str) -> (u16, String) {
    let client =
        reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap();
    let r = client.post(server.url(path)).send().unwrap();
    (r.status().as_u16(), r.text().unwrap())
}

/// Polls until `path` answers `body`, or panics after 60 s with the log.
fn wait_for_body(server: &Server, path: &str, body: &str) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if post(server, path).1 == body {
            return;
        }
        assert!(Instant::now() < deadline, "{path} never answered {body:?}:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        if entry.file_type().unwrap().is_file() {
            std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
        }
    }
}

/// A project whose function is "built" by a shell command that copies a
/// prebuilt module into place and leaves a mark for each run.
fn command_project(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(example_module("hello-world", "hello_world"), dir.join("prebuilt.wasm")).unwrap();
    std::fs::write(dir.join("src.txt"), "v1").unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: built
provider: {name: tencent, runtime: Wasm}
custom:
  fngate:
    build:
      command: echo run >> runs.log && cp prebuilt.wasm \"$FNGATE_MODULE\"
      watch: ['*.txt']
functions:
  hello_world:
    handler: hello_world.main_handler
    events:
      - apigw: {parameters: {path: /hello, integratedResponse: true}}
",
    )
    .unwrap();
    dir
}

fn runs(dir: &Path) -> usize {
    std::fs::read_to_string(dir.join("runs.log")).unwrap_or_default().lines().count()
}

#[test]
fn build_commands_run_only_when_the_operator_asks() {
    let dir = command_project("asked");
    // `fngate serve` without --build never runs the command, even when the
    // config changes under it.
    std::fs::copy(dir.join("prebuilt.wasm"), dir.join("hello_world.wasm")).unwrap();
    let server = Server::start(&dir, &[]);
    let config = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    std::fs::write(dir.join("serverless.yml"), config.replace("/hello,", "/hello2,")).unwrap();
    server.wait_for_log("reloaded config");
    std::fs::write(dir.join("src.txt"), "v2").unwrap();
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(runs(&dir), 0, "{}", server.log());
    drop(server);

    // `fngate build` runs it, and says when it fails or writes no module.
    std::fs::remove_file(dir.join("hello_world.wasm")).unwrap();
    let out = fngate().arg("build").arg(&dir).output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert_eq!(runs(&dir), 1);
    assert!(dir.join("hello_world.wasm").is_file());
    let config = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        config.replace("cp prebuilt.wasm", "false && cp prebuilt.wasm"),
    )
    .unwrap();
    let out = fngate().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success() && stderr.contains("the build of hello_world failed"), "{stderr}");
    std::fs::write(dir.join("serverless.yml"), config.replace("&& cp prebuilt.wasm \"$FNGATE_MODULE\"", ""))
        .unwrap();
    std::fs::remove_file(dir.join("hello_world.wasm")).unwrap();
    let out = fngate().arg("build").arg(&dir).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("the build of hello_world succeeded but wrote no"), "{stderr}");
}

#[test]
fn serve_build_rebuilds_on_a_watched_change_with_the_start_up_command() {
    let dir = command_project("rebuilds");
    let server = Server::start(&dir, &["--build"]);
    assert_eq!(runs(&dir), 1, "the build before serving");
    assert_eq!(post(&server, "/release/hello"), (200, "hello world".to_owned()));

    // A watched source changes: one rebuild (however many writes), then the reload.
    std::fs::write(dir.join("src.txt"), "v2").unwrap();
    std::fs::write(dir.join("src.txt"), "v3").unwrap();
    server.wait_for_log("src.txt changed: rebuilding");
    let deadline = Instant::now() + Duration::from_secs(30);
    while runs(&dir) < 2 {
        assert!(Instant::now() < deadline, "no rebuild:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(800));
    assert_eq!(runs(&dir), 2, "one rebuild for one burst of writes:\n{}", server.log());
    // An unwatched file changes nothing.
    std::fs::write(dir.join("notes.md"), "x").unwrap();
    std::thread::sleep(Duration::from_millis(600));
    assert_eq!(runs(&dir), 2);

    // A config edit does not change what --build runs: the start-up command stays.
    let config = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        config.replace("echo run", "echo injected >> injected.log; echo run"),
    )
    .unwrap();
    server.wait_for_log("reloaded config");
    std::fs::write(dir.join("src.txt"), "v4").unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while runs(&dir) < 3 {
        assert!(Instant::now() < deadline, "no rebuild:\n{}", server.log());
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!dir.join("injected.log").exists(), "a command from the edited config ran");
    assert_eq!(post(&server, "/release/hello").0, 200);
}

/// examples/hello-c, copied to a scratch directory; `None` (skipped with a
/// message) when its build finds no clang wasm toolchain and cannot install one.
fn hello_c(name: &str) -> Option<PathBuf> {
    let dir = scratch(name);
    copy_dir(&repo().join("examples/hello-c"), &dir);
    let _ = std::fs::remove_file(dir.join("hello_world.wasm"));
    let out = std::process::Command::new("sh").arg(dir.join("build.sh")).output().unwrap();
    if out.status.code() == Some(69) {
        eprintln!("SKIPPED: {}", String::from_utf8_lossy(&out.stderr).trim());
        return None;
    }
    assert!(out.status.success(), "build.sh: {}", String::from_utf8_lossy(&out.stderr));
    std::fs::remove_file(dir.join("hello_world.wasm")).unwrap();
    Some(dir)
}

#[test]
fn the_c_example_serves_and_rebuilds_through_serve_build() {
    let Some(dir) = hello_c("hello-c") else { return };
    let server = Server::start(&dir, &["--build"]);
    assert_eq!(post(&server, "/release/hello_world"), (200, "hello world".to_owned()));
    server.wait_for_log("event of "); // its stderr is the function's log

    let source = std::fs::read_to_string(dir.join("hello.c")).unwrap();
    std::fs::write(dir.join("hello.c"), source.replace("hello world", "hello from C")).unwrap();
    wait_for_body(&server, "/release/hello_world", "hello from C");

    // A change that does not compile: logged, and the last good version serves.
    std::fs::write(dir.join("hello.c"), "int main(void) { return undeclared; }\n").unwrap();
    server.wait_for_log("the previous version keeps serving");
    assert_eq!(post(&server, "/release/hello_world"), (200, "hello from C".to_owned()));
}

/// A module built from `tests/fixtures/<crate>` for `wasm32-wasip2` (a WASI 0.2
/// component), the target installed with rustup when missing; built once per
/// test process.
fn wasip2(krate: &str, artifact: &str) -> PathBuf {
    static BUILT: std::sync::Mutex<Vec<String>> = std::sync::Mutex::new(Vec::new());
    let mut built = BUILT.lock().unwrap_or_else(|e| e.into_inner());
    let target_dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wasip2");
    if !built.iter().any(|k| k == krate) {
        let installed = std::process::Command::new("rustup")
            .args(["target", "list", "--installed"])
            .output()
            .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).lines().any(|l| l == "wasm32-wasip2"));
        if !installed {
            let status =
                std::process::Command::new("rustup").args(["target", "add", "wasm32-wasip2"]).status();
            assert!(status.is_ok_and(|s| s.success()), "cannot install the wasm32-wasip2 target");
        }
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let out = std::process::Command::new(cargo)
            .args(["build", "--release", "--locked", "--target", "wasm32-wasip2", "--manifest-path"])
            .arg(repo().join("tests/fixtures").join(krate).join("Cargo.toml"))
            .arg("--target-dir")
            .arg(&target_dir)
            .output()
            .unwrap();
        assert!(out.status.success(), "building {krate}: {}", String::from_utf8_lossy(&out.stderr));
        built.push(krate.to_owned());
    }
    target_dir.join("wasm32-wasip2/release").join(format!("{artifact}.wasm"))
}

#[test]
fn a_wasip2_command_component_serves_with_the_same_contract() {
    let dir = scratch("wasip2-command");
    for bin in ["p2_hello", "p2_spin", "p2_hog"] {
        std::fs::copy(wasip2("wasip2-command", bin), dir.join(format!("{bin}.wasm"))).unwrap();
    }
    std::fs::write(
        dir.join("serverless.yml"),
        "service: p2
provider: {name: tencent, runtime: Wasm}
functions:
  p2_hello:
    handler: p2_hello.main_handler
    events: [{apigw: {parameters: {path: /hello, integratedResponse: true}}}]
  p2_spin:
    handler: p2_spin.main_handler
    timeout: 1
    events: [{apigw: {parameters: {path: /spin, integratedResponse: true}}}]
  p2_hog:
    handler: p2_hog.main_handler
    memorySize: 64
    events: [{apigw: {parameters: {path: /hog, integratedResponse: true}}}]
",
    )
    .unwrap();
    let server = Server::start(&dir, &[]);
    let client =
        reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap();
    let reply = client.post(server.url("/release/hello")).send().unwrap();
    let id = reply.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.text().unwrap(), format!("p2 /hello {id}"));
    server.wait_for_log("p2 guest: POST /hello");

    // Past its timeout, stopped by the epoch deadline, while the others serve.
    let spin_server = server.url("/release/spin");
    let spin = std::thread::spawn(move || {
        let started = Instant::now();
        let client = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
        let body = client.post(spin_server).send().unwrap().text().unwrap();
        (body, started.elapsed())
    });
    std::thread::sleep(Duration::from_millis(200));
    assert_eq!(post(&server, "/release/hello").0, 200);
    let (body, took) = spin.join().unwrap();
    assert!(body.contains("Invoking task timed out after 1 seconds"), "{body}");
    assert!(took < Duration::from_secs(3), "{took:?}");
    // memorySize holds over the whole component.
    let body = post(&server, "/release/hog").1;
    assert!(body.contains("Memory limit reached: the function tried to use more than 64 MB"), "{body}");
    assert_eq!(post(&server, "/release/hello").0, 200);
}

/// A one-shot HTTP server on loopback answering every request 204; its port.
fn upstream() -> u16 {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        use std::io::{Read, Write};
        for stream in listener.incoming().flatten() {
            let mut stream = stream;
            let mut buf = [0u8; 4096];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n");
        }
    });
    port
}

#[test]
fn a_wasi_http_component_gets_the_request_and_gives_its_response() {
    let dir = scratch("wasi-http");
    std::fs::copy(wasip2("wasi-http", "wasi_http_guest"), dir.join("web.wasm")).unwrap();
    let port = upstream();
    std::fs::write(
        dir.join("serverless.yml"),
        format!(
            "service: web
provider: {{name: tencent, runtime: Wasm}}
custom:
  fngate:
    functions:
      allowed: {{allowedOutboundHosts: ['127.0.0.1:{port}']}}
functions:
  detected:
    handler: web.handle
    timeout: 1
    events:
      - apigw: {{parameters: {{path: /web}}}}
      - apigw: {{parameters: {{path: /spin}}}}
      - apigw: {{parameters: {{path: /big}}}}
      - apigw: {{parameters: {{path: /outbound}}}}
  allowed:
    handler: web.handle
    runtime: WasiHttp
    events:
      - apigw: {{parameters: {{path: /allowed/outbound}}}}
  core:
    handler: core.main
    runtime: WasiHttp
"
        ),
    )
    .unwrap();
    std::fs::copy(example_module("hello-world", "hello_world"), dir.join("core.wasm")).unwrap();
    let routes = fngate().arg("routes").arg(&dir).output().unwrap();
    let table = String::from_utf8_lossy(&routes.stdout);
    assert!(
        table.lines().any(|l| l.contains("/release/allowed/outbound") && l.contains("wasi:http")),
        "{table}"
    );
    let server = Server::start(&dir, &[]);
    server.wait_for_log("runtime WasiHttp needs a component exporting `wasi:http/incoming-handler`");
    let client =
        reqwest::blocking::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap();
    let reply = client.post(server.url("/release/web?a=1&b=two")).body("hi there").send().unwrap();
    let id = reply.headers()["x-api-requestid"].to_str().unwrap().to_owned();
    assert_eq!(reply.status(), 201, "its own status, not an integrated response");
    assert_eq!(reply.headers()["content-type"], "text/plain");
    assert!(reply.headers().contains_key("x-fngate-version"));
    assert_eq!(reply.text().unwrap(), format!("POST /web?a=1&b=two id={id} stage=release body=hi there"));
    server.wait_for_log("wasi-http guest: POST /web?a=1&b=two");

    // Its timeout holds.
    let started = Instant::now();
    let body = post(&server, "/release/spin").1;
    assert!(body.contains("Invoking task timed out after 1 seconds"), "{body}");
    assert!(started.elapsed() < Duration::from_secs(3));

    // A response past 6 MB is the size error, never sent on.
    let (status, body) = post(&server, "/release/big");
    assert_eq!(status, 407, "{}", &body[..body.len().min(200)]);
    assert!(body.contains("exceeds the upper limit (6MB)"), "{}", &body[..body.len().min(200)]);

    // Outbound HTTP: refused by default, allowed to the listed host.
    let url = format!("http://127.0.0.1:{port}/x");
    let denied =
        client.get(server.url(&format!("/release/outbound?url={url}"))).send().unwrap().text().unwrap();
    assert!(denied.contains("HttpRequestDenied"), "{denied}");
    let allowed = client
        .get(server.url(&format!("/release/allowed/outbound?url={url}")))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert_eq!(allowed, "outbound status 204");
    server.wait_for_log("outbound HTTP to http://127.0.0.1");
}

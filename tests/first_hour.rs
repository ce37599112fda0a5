//! An operator's first hour, through the binary: a read-only root file system
//! (the staging directory elsewhere), signals from the first instant and
//! systemd's notify protocol, `new` for every template on a machine without
//! fngate's source tree, `check`, `print` and `schema`, cron as SCF writes it,
//! the metrics a new deployment needs, and the command line's edges.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::{Server, fixture, fngate, repo, run, scratch, slow_start};
use serde_json::Value;

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().build().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A one-function JavaScript project answering `hi from js`.
fn js_project(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::write(
        dir.join("serverless.yml"),
        "service: js\nprovider:\n  name: tencent\n  runtime: Nodejs16.13\nfunctions:\n  hi:\n    handler: index.main_handler\n    events:\n      - apigw:\n          parameters:\n            path: /hi\n            integratedResponse: true\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("index.js"),
        "exports.main_handler = async () => ({ statusCode: 200, headers: {}, body: 'hi from js' });\n",
    )
    .unwrap();
    dir
}

/// A project of one fixture module at `/f`.
fn wat_project(name: &str, functions: &[&str]) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(fixture("v1.wat"), dir.join("v1.wat")).unwrap();
    let mut yml = String::from("service: wat\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n");
    for f in functions {
        yml += &format!(
            "  {f}:\n    handler: v1.main_handler\n    events:\n      - apigw: {{parameters: {{path: /{f}}}}}\n"
        );
    }
    std::fs::write(dir.join("serverless.yml"), yml).unwrap();
    dir
}

fn signal(child: &Child, name: &str) {
    let status = Command::new("kill").args([&format!("-{name}"), &child.id().to_string()]).status().unwrap();
    assert!(status.success(), "kill -{name} failed");
}

fn wait_for(log: &std::sync::Mutex<String>, needle: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let text = log.lock().unwrap().clone();
        if text.contains(needle) {
            return text;
        }
        assert!(Instant::now() < deadline, "{needle:?} never appeared:\n{text}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

fn readyz(admin: &str) -> u16 {
    let c = reqwest::blocking::Client::builder().no_proxy().build().unwrap();
    c.get(format!("http://{admin}/readyz")).send().unwrap().status().as_u16()
}

#[tokio::test]
async fn a_javascript_function_serves_with_tmp_unwritable_and_the_stage_dir_elsewhere() {
    let dir = js_project("read-only-tmp");
    // TMPDIR names a file: nothing can be created under it, as on a read-only root.
    let not_a_dir = scratch("read-only-tmp-root").join("tmp");
    std::fs::write(&not_a_dir, "").unwrap();
    let tmp = not_a_dir.to_str().unwrap();

    let broken = Server::try_start_with_env(&dir, &["--no-watch"], &[("TMPDIR", tmp)]).unwrap();
    let r = client().get(broken.url("/release/hi")).send().await.unwrap();
    assert_ne!(r.status(), 200, "staging under an unwritable TMPDIR cannot work");
    // The log writer flushes every few milliseconds: wait for the line, not a snapshot.
    broken.wait_for_log("FNGATE_STAGE_DIR");
    // Its only function cannot serve: the replica is not ready, and says why.
    let r = client().get(broken.admin_url("/readyz")).send().await.unwrap();
    assert_eq!(r.status(), 503);
    let detail: Value = r.json().await.unwrap();
    assert!(detail["broken"]["hi"].as_str().unwrap().contains("cannot stage the code"), "{detail}");
    drop(broken);

    let stage = scratch("read-only-tmp-stage");
    let env = [("TMPDIR", tmp), ("FNGATE_STAGE_DIR", stage.to_str().unwrap())];
    let server = Server::try_start_with_env(&dir, &["--no-watch"], &env).unwrap();
    let r = client().get(server.url("/release/hi")).send().await.unwrap();
    assert_eq!(r.status(), 200, "{}", server.log());
    assert_eq!(r.text().await.unwrap(), "hi from js");
    let staged: Vec<_> = std::fs::read_dir(&stage).unwrap().flatten().map(|e| e.file_name()).collect();
    assert!(staged.iter().any(|n| n.to_string_lossy().starts_with("fngate-code-")), "{staged:?}");
}

#[test]
fn sighup_during_start_up_reloads_once_started() {
    let (mut child, mut lines, log) = slow_start("sighup-start");
    let admin =
        lines.find_map(|l| l.strip_prefix("admin on http://").map(str::to_owned)).expect("no admin line");
    assert_eq!(readyz(&admin), 503, "still compiling");
    signal(&child, "HUP");
    assert!(
        lines.any(|l| l.starts_with("listening on http://")),
        "start-up went on:\n{}",
        log.lock().unwrap()
    );
    let text = wait_for(&log, "reloaded config");
    assert!(text.contains("SIGHUP: reloading the config"), "{text}");
    assert_eq!(text.matches("SIGHUP").count(), 1, "one reload:\n{text}");
    assert!(child.try_wait().unwrap().is_none(), "the server still runs");
    assert_eq!(readyz(&admin), 200);
    signal(&child, "TERM");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "{}", log.lock().unwrap());
}

#[test]
fn sigterm_during_start_up_exits_cleanly() {
    let (mut child, mut lines, log) = slow_start("sigterm-start");
    let admin =
        lines.find_map(|l| l.strip_prefix("admin on http://").map(str::to_owned)).expect("no admin line");
    assert_eq!(readyz(&admin), 503, "still compiling");
    let sent = Instant::now();
    signal(&child, "TERM");
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "a clean exit:\n{}", log.lock().unwrap());
    assert!(sent.elapsed() < Duration::from_secs(10), "took {:?}", sent.elapsed());
    wait_for(&log, "SIGTERM: stopping during start-up");
}

#[test]
fn systemd_hears_ready_reloading_and_stopping() {
    use std::os::unix::net::UnixDatagram;
    let dir = wat_project("notify", &["f"]);
    let socket_path = scratch("notify-socket").join("notify.sock");
    let socket = UnixDatagram::bind(&socket_path).unwrap();
    socket.set_read_timeout(Some(Duration::from_secs(60))).unwrap();
    let recv = || {
        let mut buf = [0u8; 4096];
        let n = socket.recv(&mut buf).expect("no notification");
        String::from_utf8_lossy(&buf[..n]).into_owned()
    };
    let env = [("NOTIFY_SOCKET", socket_path.to_str().unwrap())];
    let mut server = Server::try_start_with_env(&dir, &["--drain", "0"], &env).unwrap();
    let ready = recv();
    assert!(ready.lines().any(|l| l == "READY=1"), "{ready:?}");
    assert!(ready.contains("STATUS=serving on"), "{ready:?}");
    signal(&server.child, "HUP");
    let reloading = recv();
    assert!(reloading.lines().any(|l| l == "RELOADING=1"), "{reloading:?}");
    assert!(reloading.contains("MONOTONIC_USEC="), "systemd needs it with RELOADING: {reloading:?}");
    assert!(recv().lines().any(|l| l == "READY=1"), "ready again after the reload");
    signal(&server.child, "TERM");
    assert!(recv().lines().any(|l| l == "STOPPING=1"));
    assert_eq!(server.child.wait().unwrap().code(), Some(0));
}

/// The `fngate` binary copied out of the source tree, as a user installs it.
fn installed_fngate() -> PathBuf {
    let bin = scratch("installed").join("fngate");
    std::fs::copy(env!("CARGO_BIN_EXE_fngate"), &bin).unwrap();
    bin
}

#[tokio::test]
async fn fngate_new_builds_and_serves_every_template_without_a_source_tree() {
    let bin = installed_fngate();
    let projects = scratch("new-projects");
    // Both Rust projects share one target directory, as a user's would not,
    // so that the second build is quick; nothing of the source tree is in reach.
    let target = scratch("new-projects-target");
    let user = |args: &[&str], cwd: &Path| -> Output {
        Command::new(&bin)
            .args(args)
            .current_dir(cwd)
            .env("CARGO_TARGET_DIR", &target)
            .env("FNGATE_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("module-cache"))
            .output()
            .unwrap()
    };
    let tree = repo().to_string_lossy().into_owned();
    for (name, template) in [
        ("demo", "rust-http"),
        ("pass-through", "rust-passthrough"),
        ("jsdemo", "js"),
        ("comp", "components"),
    ] {
        let out = user(&["new", name, "--template", template], &projects);
        assert!(out.status.success(), "new {template}: {}", stderr(&out));
        let dir = projects.join(name);
        let rust = template.starts_with("rust");
        if rust {
            let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap();
            assert!(!manifest.contains(&tree), "the project points into the source tree: {manifest}");
            assert!(dir.join("fngate-sdk/sdk/src/lib.rs").is_file());
            let out = user(&["build", "."], &dir);
            assert!(out.status.success(), "fngate build {name}: {}", stderr(&out));
        }
        let server = Server::start(&dir, &["--no-watch"]);
        let c = client();
        let (body, want) = match template {
            "components" => {
                (c.post(server.url("/release/hello_world")).send().await.unwrap(), "hello world".to_owned())
            }
            _ => {
                let f = name.replace('-', "_");
                (
                    c.get(server.url(&format!("/release/{f}?name=fngate"))).send().await.unwrap(),
                    "hello fngate".to_owned(),
                )
            }
        };
        assert_eq!(body.status(), 200, "{template}: {}", server.log());
        let text = body.text().await.unwrap();
        match template {
            "rust-passthrough" => {
                let v: Value = serde_json::from_str(&text).unwrap();
                assert_eq!(v["query"]["name"], "fngate", "{text}");
            }
            _ => assert_eq!(text, want, "{template}"),
        }
    }
    // `new .` names the project after the directory.
    let here = projects.join("here-and-now");
    std::fs::create_dir_all(&here).unwrap();
    let out = user(&["new", ".", "--template", "js"], &here);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(std::fs::read_to_string(here.join("serverless.yml")).unwrap().contains("here_and_now:"));
    // Names cargo would refuse are refused with cargo's reason, and nothing is overwritten.
    let out = user(&["new", "9lives"], &projects);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("must start with a letter"), "{}", stderr(&out));
    assert!(!projects.join("9lives").exists());
    let out = user(&["new", "demo"], &projects);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("not overwritten"), "{}", stderr(&out));
}

/// A config with three mistakes: a misspelt key, a wrong type and a method that does not exist.
const THREE_MISTAKES: &str = "service: three
provider:
  name: tencent
  runtime: Wasm
functions:
  f:
    handler: v1.main_handler
    timout: 3
    memorySize: lots
    events:
      - apigw:
          parameters:
            httpMethod: FETCH
            path: /f
";

#[test]
fn check_reports_every_mistake_at_once_and_compiles_every_function() {
    let dir = scratch("check");
    std::fs::copy(fixture("v1.wat"), dir.join("v1.wat")).unwrap();
    std::fs::write(dir.join("serverless.yml"), THREE_MISTAKES).unwrap();
    let out = fngate().args(["check", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(
        err.contains("serverless.yml:8: functions.f.timout: unknown key, ignored: did you mean `timeout`?"),
        "{err}"
    );
    assert!(err.contains("serverless.yml:9: functions.f.memorySize"), "{err}");
    assert!(
        err.contains("serverless.yml:13: functions.f.events[0].apigw.parameters.httpMethod: method `FETCH`"),
        "{err}"
    );
    assert!(err.contains("2 errors, 1 warning"), "{err}");

    // Fixed but for the misspelling: ok, unless warnings count.
    let fixed = THREE_MISTAKES.replace("memorySize: lots", "memorySize: 64").replace("FETCH", "GET");
    std::fs::write(dir.join("serverless.yml"), &fixed).unwrap();
    let out = fngate().args(["check", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).trim_end().ends_with(": ok"));
    assert!(
        stderr(&out).contains("f: compiled in") || stderr(&out).contains("f: loaded from the cache in"),
        "{}",
        stderr(&out)
    );
    let out = fngate().args(["check", "--deny-warnings", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));

    // The Components dialect tells every error at once too.
    let comp = scratch("check-components");
    std::fs::create_dir_all(comp.join("src")).unwrap();
    std::fs::write(comp.join("src/index.js"), "exports.main_handler = async () => ({});\n").unwrap();
    std::fs::write(
        comp.join("serverless.yml"),
        "component: scf\nname: demo\ninputs:\n  src: ./src\n  handler: index.main_handler\n  runtime: Nodejs16.13\n  memorySize: lots\n  events:\n    - apigw:\n        parameters:\n          endpoints:\n            - path: /x\n              method: FETCH\n",
    )
    .unwrap();
    let out = fngate().args(["check", "--config-only", comp.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("inputs.memorySize") && err.contains("`FETCH`"), "{err}");

    // A module that does not compile fails the check, by name.
    std::fs::write(dir.join("serverless.yml"), fixed.replace("timout", "timeout")).unwrap();
    std::fs::write(dir.join("v1.wat"), "(module (func").unwrap();
    let out = fngate().args(["check", dir.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("error: function f:"), "{}", stderr(&out));
}

#[test]
fn cron_as_scf_documents_it() {
    let dir = scratch("cron");
    std::fs::copy(fixture("v1.wat"), dir.join("v1.wat")).unwrap();
    let config = |crons: &[&str]| {
        let mut yml = String::from(
            "service: cron\nprovider: {name: tencent, runtime: Wasm}\nfunctions:\n  f:\n    handler: v1.main_handler\n    events:\n",
        );
        for (i, cron) in crons.iter().enumerate() {
            yml += &format!(
                "      - timer: {{name: t{i}, parameters: {{cronExpression: '{cron}', enable: true}}}}\n"
            );
        }
        std::fs::write(dir.join("serverless.yml"), yml).unwrap();
        fngate().args(["check", "--config-only", dir.to_str().unwrap()]).output().unwrap()
    };
    let out = config(&[
        "30 9 * * 5-7",
        "0 0 * * 1-7",
        "0 0 12 * * MON,WED,7 *",
        "0 */5 * * * * *",
        "0 0 1 JAN-MAR *",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert!(String::from_utf8_lossy(&out.stdout).contains("5 timers"));
    let out = config(&["0 0 * * 9"]);
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`0 0 * * 9` is not a cron expression: its weekday field `9`"), "{err}");
    let printed = run(&["print", "--json", dir.to_str().unwrap()]);
    assert_eq!(printed.status.code(), Some(2), "an invalid config prints nothing");
}

#[tokio::test]
async fn metrics_have_process_series_build_info_and_every_function_at_zero() {
    let dir = wat_project("metrics-zero", &["f", "g"]);
    let server = Server::start(&dir, &["--no-watch"]);
    let text = client().get(server.admin_url("/metrics")).send().await.unwrap().text().await.unwrap();
    let sample = |series: &str| -> f64 {
        text.lines()
            .find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
            .unwrap_or_else(|| panic!("no {series} in\n{text}"))
    };
    assert!(sample("process_resident_memory_bytes") > 1e6);
    assert!(sample("process_open_fds") >= 3.0);
    assert!(sample("process_max_fds") >= sample("process_open_fds"));
    assert!(sample("process_cpu_seconds_total") >= 0.0);
    assert!(sample("process_start_time_seconds") > 1.7e9);
    assert_eq!(sample(&format!("fngate_build_info{{version=\"{}\"}}", env!("CARGO_PKG_VERSION"))), 1.0);
    for f in ["f", "g"] {
        assert_eq!(sample(&format!("fngate_invocations_total{{function=\"{f}\",outcome=\"ok\"}}")), 0.0);
        assert_eq!(sample(&format!("fngate_invocations_in_flight{{function=\"{f}\"}}")), 0.0);
    }
    // Start-up said, per function, what loading it took (the log is read from
    // the server's stderr a moment after the listening line).
    let log = server.wait_for_log("2 of 2 loaded in");
    assert!(
        log.contains("f: compiled in") || log.contains("f: loaded from the cache in"),
        "{}",
        server.log()
    );
}

/// A free loopback port whose next port is free too, with the next one held
/// by `holder` (as another project's admin listener would).
fn port_with_next_taken() -> (u16, std::net::TcpListener) {
    loop {
        let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        if port == u16::MAX {
            continue;
        }
        if let Ok(holder) = std::net::TcpListener::bind(("127.0.0.1", port + 1)) {
            return (port, holder);
        }
    }
}

#[test]
fn a_second_project_starts_beside_the_first() {
    let dir = wat_project("second-project", &["f"]);
    let (port, _holder) = port_with_next_taken();
    let mut child = fngate()
        .args(["serve", dir.to_str().unwrap(), "--listen", &format!("127.0.0.1:{port}"), "--no-watch"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok);
    let admin =
        lines.find_map(|l| l.strip_prefix("admin on http://").map(str::to_owned)).expect("no admin line");
    assert_ne!(admin, format!("127.0.0.1:{}", port + 1));
    assert!(lines.any(|l| l.starts_with("listening on http://")));
    assert_eq!(readyz(&admin), 200);
    let _ = child.kill();
    let _ = child.wait();
    // An address given on purpose is not replaced.
    let taken = format!("127.0.0.1:{}", port + 1);
    let out = fngate()
        .args(["serve", dir.to_str().unwrap(), "--listen", "127.0.0.1:0", "--admin", &taken, "--no-watch"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        stderr(&out).contains(&format!("cannot listen on {taken} for the admin endpoints")),
        "{}",
        stderr(&out)
    );
}

#[test]
fn the_command_lines_edges() {
    // Usage errors exit 2, and an empty key is one.
    let out = run(&["sign", "--secret-id", "id", "--secret-key", "k", "--algorithm", "hmac-md5"]);
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    let out = fngate().args(["sign", "--secret-id", "id"]).env("FNGATE_SECRET_KEY", "").output().unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(stderr(&out).contains("the secret key is empty"));

    // `sls invoke local` habits: -f, and an event file given to --path.
    let dir = wat_project("cli-edges", &["f"]);
    let d = dir.to_str().unwrap();
    let out = run(&["invoke", d, "-f", "f"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_eq!(String::from_utf8_lossy(&out.stdout).trim(), r#"{"v":1}"#);
    let out = run(&["invoke", d, "f", "--path", "event.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("--event event.json"), "{}", stderr(&out));
    let help = String::from_utf8_lossy(&run(&["invoke", "--help"]).stdout).into_owned();
    assert!(help.contains("Usage: fngate invoke [OPTIONS] [CONFIG] <FUNCTION>"), "{help}");
    assert!(help.contains("Global options:"), "{help}");

    // --log-format json: every line on stderr is JSON, the function's log too.
    let out = run(&["invoke", d, "f", "--log-format", "json"]);
    assert!(out.status.success());
    for line in stderr(&out).lines() {
        let v: Value = serde_json::from_str(line).unwrap_or_else(|e| panic!("{e}: {line}"));
        assert!(v["message"].is_string(), "{line}");
    }
    assert!(stderr(&out).contains("START RequestId:"));

    // `routes` shows the address serve would listen on.
    let out = fngate().args(["routes", d]).env("FNGATE_LISTEN", "127.0.0.1:9555").output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("http://127.0.0.1:9555/release/f"));

    // `schema` prints the published schema; `print` the resolved config.
    let out = run(&["schema"]);
    let schema: Value = serde_json::from_slice(&out.stdout).unwrap();
    let published =
        std::fs::read_to_string(repo().join("crates/fngate-config/schema/serverless.schema.json")).unwrap();
    assert_eq!(schema, serde_json::from_str::<Value>(&published).unwrap());
    assert!(schema["$schema"].as_str().unwrap().contains("json-schema.org"));
    let out = run(&["print", "--json", d]);
    let printed: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["functions"]["f"]["runtime"], "Wasm");
    assert_eq!(printed["apis"][0]["path"], "/f");
    let yaml = String::from_utf8_lossy(&run(&["print", d]).stdout).into_owned();
    assert!(yaml.contains("runtime: Wasm"), "{yaml}");
}

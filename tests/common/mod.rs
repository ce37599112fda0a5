//! Helpers shared by the end-to-end tests: the real `fngate` binary, the examples
//! built to real wasm modules, and the adversarial `.wat` fixtures.
#![allow(dead_code)]

use std::collections::HashSet;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::Duration;

/// The repository root.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..").canonicalize().unwrap()
}

/// A scratch directory private to this test binary.
pub fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The `fngate` binary, with a module cache private to the test run.
pub fn fngate() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_fngate"));
    cmd.env("FNGATE_CACHE_DIR", Path::new(env!("CARGO_TARGET_TMPDIR")).join("module-cache"));
    cmd
}

/// Runs `fngate` with `args` and returns its output.
pub fn run(args: &[&str]) -> Output {
    fngate().args(args).current_dir(repo()).output().expect("cannot start fngate")
}

/// Builds `examples/<name>` once per test process with `fngate build`, and
/// returns the path of the module for its function `module`.
pub fn example_module(name: &str, module: &str) -> PathBuf {
    static BUILT: OnceLock<Mutex<HashSet<String>>> = OnceLock::new();
    let mut built = BUILT.get_or_init(Default::default).lock().unwrap_or_else(|e| e.into_inner());
    let dir = repo().join("examples").join(name);
    if built.insert(name.to_owned()) {
        let out = fngate().arg("build").arg(&dir).output().expect("cannot start fngate build");
        assert!(
            out.status.success(),
            "fngate build {name} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    dir.join(format!("{module}.wasm"))
}

/// An adversarial fixture under `tests/fixtures`.
pub fn fixture(name: &str) -> PathBuf {
    repo().join("tests/fixtures").join(name)
}

/// How long a server may take to print its `listening on` line. Nothing is
/// built at start-up (modules are prebuilt, the JavaScript engine is in the
/// binary), so this covers compiling a few modules on a busy machine.
pub const START_TIMEOUT: Duration = Duration::from_secs(60);

/// A running `fngate serve`, killed when dropped.
pub struct Server {
    pub child: std::process::Child,
    pub addr: String,
    /// The admin listener's address, unless started with `--admin off`.
    pub admin: Option<String>,
    pub stderr: std::sync::Arc<Mutex<String>>,
}

impl Server {
    /// Starts `fngate serve <config> --listen 127.0.0.1:0 <extra>` (with the admin
    /// listener on a free port unless `extra` says otherwise) and waits for its
    /// `listening on` line.
    pub fn start(config: &Path, extra: &[&str]) -> Server {
        Self::try_start(config, extra).unwrap_or_else(|err| panic!("fngate serve did not start: {err}"))
    }

    /// Like `start`, but returns the exit status and stderr if it does not start.
    pub fn try_start(config: &Path, extra: &[&str]) -> Result<Server, String> {
        Self::try_start_with_env(config, extra, &[])
    }

    /// Like `try_start`, with extra environment variables for the server process.
    pub fn try_start_with_env(config: &Path, extra: &[&str], env: &[(&str, &str)]) -> Result<Server, String> {
        use std::io::{BufRead, BufReader, Read};
        let admin_default: &[&str] =
            if extra.contains(&"--admin") { &[] } else { &["--admin", "127.0.0.1:0"] };
        let mut child = fngate()
            .envs(env.iter().copied())
            .arg("serve")
            .arg(config)
            .args(["--listen", "127.0.0.1:0"])
            .args(admin_default)
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("cannot start fngate serve");
        let stderr = std::sync::Arc::new(Mutex::new(String::new()));
        let mut err_pipe = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = err_pipe.read(&mut buf) {
                if n == 0 {
                    break;
                }
                sink.lock().unwrap().push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut admin = None;
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(addr) = line.strip_prefix("admin on http://") {
                    admin = Some(addr.to_owned());
                }
                let listening = line.strip_prefix("listening on http://");
                if let Some(addr) = listening.or_else(|| line.strip_prefix("listening on https://")) {
                    let _ = tx.send((addr.to_owned(), admin.clone()));
                }
            }
        });
        match rx.recv_timeout(START_TIMEOUT) {
            Ok((addr, admin)) => Ok(Server { child, addr, admin, stderr }),
            Err(e) => {
                // Never wait on a live child: a server still starting after the
                // timeout is killed, then reported like one that exited. A closed
                // stdout means it is exiting on its own: give it 10 s to do so.
                let timed_out = e == std::sync::mpsc::RecvTimeoutError::Timeout;
                let grace = if timed_out { Duration::ZERO } else { Duration::from_secs(10) };
                let deadline = std::time::Instant::now() + grace;
                let status = loop {
                    match child.try_wait() {
                        Ok(Some(status)) => break Some(status),
                        Ok(None) if std::time::Instant::now() < deadline => {
                            std::thread::sleep(Duration::from_millis(10))
                        }
                        _ => {
                            let _ = child.kill();
                            break child.wait().ok();
                        }
                    }
                };
                std::thread::sleep(std::time::Duration::from_millis(100));
                let how = if timed_out {
                    format!("no `listening on` line within {START_TIMEOUT:?}; killed")
                } else {
                    format!("exit {:?}", status.and_then(|s| s.code()))
                };
                Err(format!("{how}\n{}", stderr.lock().unwrap()))
            }
        }
    }

    /// `http://ADDR` + `path`.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// `http://ADMIN` + `path`.
    pub fn admin_url(&self, path: &str) -> String {
        format!("http://{}{path}", self.admin.as_deref().expect("the admin listener is off"))
    }

    /// Everything the server wrote to stderr so far.
    pub fn log(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits (up to 60 s: a JavaScript function's reload compiles its snapshot,
    /// seconds on a loaded machine) until the server's log contains `needle`;
    /// the log is written by a background thread a few milliseconds after each request.
    pub fn wait_for_log(&self, needle: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
        loop {
            let log = self.log();
            if log.contains(needle) {
                return log;
            }
            assert!(std::time::Instant::now() < deadline, "{needle:?} never appeared in the log:\n{log}");
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A valid WASI command module large enough that compiling it takes a while.
pub fn big_module(functions: usize) -> String {
    let mut wat = String::from("(module (memory (export \"memory\") 1) (func (export \"_start\"))\n");
    for i in 0..functions {
        wat += &format!("(func $f{i} (export \"f{i}\") (param i64) (result i64)");
        for j in 0..40 {
            wat += &format!(" local.get 0 i64.const {} i64.mul i64.const {j} i64.xor local.set 0", i + j + 1);
        }
        wat += " local.get 0)\n";
    }
    wat + ")"
}

/// `fngate serve` of a module that takes seconds to compile (no cache), with
/// its stderr collected; returns the child, its stdout lines and its stderr.
pub fn slow_start(
    name: &str,
) -> (Child, impl Iterator<Item = String>, std::sync::Arc<std::sync::Mutex<String>>) {
    let dir = scratch(name);
    std::fs::write(dir.join("big.wat"), big_module(3000)).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        "service: slow\nprovider: {runtime: Wasm}\nfunctions:\n  big:\n    handler: big.main_handler\n    events:\n      - apigw: {}\n",
    )
    .unwrap();
    let mut child = fngate()
        .args([
            "serve",
            dir.to_str().unwrap(),
            "--listen",
            "127.0.0.1:0",
            "--admin",
            "127.0.0.1:0",
            "--no-cache",
        ])
        .args(["--drain", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let log = std::sync::Arc::new(std::sync::Mutex::new(String::new()));
    let (sink, err) = (log.clone(), child.stderr.take().unwrap());
    std::thread::spawn(move || {
        for line in BufReader::new(err).lines().map_while(Result::ok) {
            sink.lock().unwrap().push_str(&(line + "\n"));
        }
    });
    let lines = BufReader::new(child.stdout.take().unwrap()).lines().map_while(Result::ok);
    (child, lines, log)
}

/// Writes a one-function project around a fixture module, with `apigw` parameters.
pub fn fixture_project(name: &str, fixture_file: &str, function_extra: &str, parameters: &str) -> PathBuf {
    let dir = scratch(name);
    let stem = fixture_file.split('.').next().unwrap();
    std::fs::copy(fixture(fixture_file), dir.join(fixture_file)).unwrap();
    std::fs::write(
        dir.join("serverless.yml"),
        format!(
            "service: {name}\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n  f:\n    handler: {stem}.main_handler\n{function_extra}    events:\n      - apigw:\n          parameters:\n            path: /f\n{parameters}"
        ),
    )
    .unwrap();
    dir
}

/// A program from Debian's packages (the first of `paths` that exists),
/// installing `package` with apt-get when none does; `None`, with a SKIPPED
/// line, when it cannot be installed.
pub fn debian_tool(paths: &[&str], package: &str) -> Option<PathBuf> {
    let find = || paths.iter().map(PathBuf::from).find(|p| p.exists());
    if let Some(found) = find() {
        return Some(found);
    }
    let install = |update: bool| {
        if update {
            let _ = Command::new("apt-get")
                .args(["update", "-qq"])
                .stdin(std::process::Stdio::null())
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .status();
        }
        // No inherited output: a package may start its own daemon, which would
        // hold the test's pipes open.
        Command::new("apt-get")
            .args(["install", "-y", "-qq", "--no-install-recommends", package])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    };
    if !install(false) && !install(true) {
        eprintln!("SKIPPED: {package} is not installed and cannot be installed with apt-get");
        return None;
    }
    find()
}

/// Whether npm is installed (tests of npm projects skip without it).
pub fn has_npm() -> bool {
    Command::new("npm").arg("--version").output().is_ok()
}

/// Installs the packages of the project in `dir` from its lockfile, as for the cloud.
pub fn npm_ci(dir: &Path) {
    let out = Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund", "--ignore-scripts"])
        .current_dir(dir)
        .output()
        .expect("cannot start npm");
    assert!(
        out.status.success(),
        "npm ci in {} failed: {}",
        dir.display(),
        String::from_utf8_lossy(&out.stderr)
    );
}

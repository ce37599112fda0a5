//! Helpers shared by the end-to-end tests: the real `fngate` binary, the examples
//! built to real wasm modules, and the adversarial `.wat` fixtures.
#![allow(dead_code)]

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Mutex, OnceLock};

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

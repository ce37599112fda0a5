//! Builds the JavaScript engine guest (`guest-sdk/js-runtime`, its own cargo
//! workspace) for `wasm32-wasip1` and leaves the module in `OUT_DIR` for
//! `include_bytes!`. Installs the wasm target with rustup when it is missing, so a
//! fresh machine needs nothing but the Rust toolchain.
//!
//! `FNGATE_JS_ENGINE_WASM=/path/to/fngate_js.wasm` embeds a module built
//! elsewhere instead (for packagers; nothing is checked but that it exists).

use std::env;
use std::path::{Path, PathBuf};
use std::process::Command;

const TARGET: &str = "wasm32-wasip1";

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let dest = out.join("fngate_js.wasm");
    println!("cargo:rerun-if-env-changed=FNGATE_JS_ENGINE_WASM");
    if let Some(prebuilt) = env::var_os("FNGATE_JS_ENGINE_WASM") {
        println!("cargo:rerun-if-changed={}", Path::new(&prebuilt).display());
        copy(Path::new(&prebuilt), &dest);
        return;
    }

    let here = PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = here.join("../..");
    let manifest = root.join("guest-sdk/js-runtime/Cargo.toml");
    // The engine's sources, and those of the one workspace crate it uses.
    for input in [
        "guest-sdk/js-runtime/Cargo.toml",
        "guest-sdk/js-runtime/Cargo.lock",
        "guest-sdk/js-runtime/src",
        "guest-sdk/js-runtime/c",
        "guest-sdk/js-runtime/cargo.sh",
        "examples/hello-c/toolchain.sh",
        "crates/fngate-event/Cargo.toml",
        "crates/fngate-event/src",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(input).display());
    }

    ensure_target();
    let target_dir = engine_target_dir(&out);
    // Through the guest's cargo.sh, which sets up QuickJS's C toolchain.
    let mut cmd = Command::new("sh");
    cmd.arg(root.join("guest-sdk/js-runtime/cargo.sh"))
        .args(["build", "--release", "--locked", "--target-dir"])
        .arg(&target_dir)
        .env("CARGO", env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    // What cargo set for this build script (host flags, wrappers such as
    // clippy-driver) must not leak into the guest's build, or every host command
    // would see a differently configured guest and rebuild it.
    for var in [
        "CARGO_ENCODED_RUSTFLAGS",
        "RUSTFLAGS",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_TARGET_DIR",
        "CARGO_BUILD_TARGET",
        "CARGO_BUILD_TARGET_DIR",
    ] {
        cmd.env_remove(var);
    }
    let status = cmd.status().expect("cannot run cargo to build the JavaScript engine");
    assert!(status.success(), "building the JavaScript engine ({}) failed", manifest.display());
    copy(&target_dir.join(TARGET).join("release/fngate_js.wasm"), &dest);
}

/// A target directory for the engine that outlives this build script's `OUT_DIR`
/// (shared by the dev, test and release profiles of the host build): `fngate-js`
/// inside the host's target directory, found as the nearest ancestor holding
/// cargo's `CACHEDIR.TAG`.
fn engine_target_dir(out: &Path) -> PathBuf {
    out.ancestors()
        .find(|dir| dir.join("CACHEDIR.TAG").is_file())
        .map_or_else(|| out.join("target"), |root| root.join("fngate-js"))
}

/// Installs the wasm target with rustup when the toolchain lacks it.
fn ensure_target() {
    if target_installed() {
        return;
    }
    println!("cargo:warning=the {TARGET} target is missing; installing it with `rustup target add {TARGET}`");
    let ok = Command::new("rustup").args(["target", "add", TARGET]).status().is_ok_and(|s| s.success());
    assert!(
        ok && target_installed(),
        "the JavaScript engine needs the {TARGET} target: install it with `rustup target add {TARGET}`"
    );
}

fn target_installed() -> bool {
    let rustc = env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .is_some_and(|dir| dir.is_dir())
}

fn copy(from: &Path, to: &Path) {
    std::fs::copy(from, to).unwrap_or_else(|e| {
        panic!("cannot copy the JavaScript engine {} to {}: {e}", from.display(), to.display())
    });
}

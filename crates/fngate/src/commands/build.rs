//! `fngate build`: compiles a project's Rust functions to `wasm32-wasip1` and puts
//! each module where its `handler` says (`<dir>/<handler file>.wasm`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};
use fngate_config::Config;

/// The WebAssembly target functions are built for.
const TARGET: &str = "wasm32-wasip1";

/// Release-profile settings for guests (measured on hello-world: 23 µs per
/// invocation and 173 KB, against 27 µs and 245 KB with cargo's defaults).
const GUEST_PROFILE: [(&str, &str); 4] = [
    ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "3"),
    ("CARGO_PROFILE_RELEASE_LTO", "true"),
    ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "1"),
    ("CARGO_PROFILE_RELEASE_STRIP", "true"),
];

/// Builds every function of `config` whose code directory is a Cargo project.
pub(crate) fn build(config: &Config) -> anyhow::Result<()> {
    let mut dirs: Vec<&Path> = config.functions.iter().map(|f| f.code_dir.as_path()).collect();
    dirs.sort_unstable();
    dirs.dedup();
    for dir in dirs {
        let functions = config.functions.iter().filter(|f| f.code_dir == dir);
        build_dir(dir, functions.map(|f| f.handler_file()).collect())?;
    }
    Ok(())
}

/// Builds the binaries `bins` of the Cargo project in `dir`, if it is one.
fn build_dir(dir: &Path, mut bins: Vec<&str>) -> anyhow::Result<()> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        tracing::info!(
            "{} has no Cargo.toml: nothing to build (modules are used as they are)",
            dir.display()
        );
        return Ok(());
    }
    bins.sort_unstable();
    bins.dedup();
    tracing::info!("building {} for {TARGET}", bins.join(", "));
    // Guests are small and fast when built with LTO and one codegen unit.
    let artifacts = cargo_build(&manifest, &bins, &GUEST_PROFILE)?;
    for bin in bins {
        let Some(built) = artifacts.iter().find(|(name, _)| name == bin).map(|(_, path)| path) else {
            bail!(
                "cargo built no binary `{bin}` in {}: the handler file must name a [[bin]] target",
                manifest.display()
            );
        };
        let dest = dir.join(format!("{bin}.wasm"));
        install(built, &dest)?;
        let size = std::fs::metadata(&dest).map(|m| m.len()).unwrap_or(0);
        tracing::info!("built {} ({} KB)", dest.display(), size.div_ceil(1024));
    }
    Ok(())
}

/// `cargo build --release --target wasm32-wasip1` of `manifest` (only `bins`, when
/// given), installing the target first if needed; returns the built executables.
/// Each `profile` setting applies unless the user's environment sets it already.
fn cargo_build(
    manifest: &Path,
    bins: &[&str],
    profile: &[(&str, &str)],
) -> anyhow::Result<Vec<(String, PathBuf)>> {
    ensure_target()?;
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let mut cmd = Command::new(cargo);
    for (var, value) in profile {
        if std::env::var_os(var).is_none() {
            cmd.env(var, value);
        }
    }
    cmd.args([
        "build",
        "--release",
        "--target",
        TARGET,
        "--message-format=json-render-diagnostics",
        "--manifest-path",
    ])
    .arg(manifest)
    .stdout(Stdio::piped())
    .stderr(Stdio::inherit());
    for bin in bins {
        cmd.args(["--bin", bin]);
    }
    let output = cmd.output().context("cannot run cargo")?;
    if !output.status.success() {
        // The SDK by version, before it is published: say what to do.
        let manifest_text = std::fs::read_to_string(manifest).unwrap_or_default();
        if manifest_text.lines().any(|l| l.trim_start().starts_with("fngate-sdk = \"")) {
            bail!(
                "cargo build failed for {}: if cargo found no `fngate-sdk`, it is not published yet; point the project at a local SDK instead: fngate-sdk = {{ path = \"<fngate source>/guest-sdk/rust\" }} (what `fngate new --sdk-path` writes)",
                manifest.display()
            );
        }
        bail!("cargo build failed for {}", manifest.display());
    }
    Ok(executables(&output.stdout))
}

/// `(binary name, path)` of every executable cargo reported building.
fn executables(json_lines: &[u8]) -> Vec<(String, PathBuf)> {
    String::from_utf8_lossy(json_lines)
        .lines()
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(line).ok())
        .filter(|msg| msg["reason"] == "compiler-artifact")
        .filter_map(|msg| {
            let name = msg["target"]["name"].as_str()?.to_owned();
            let path = PathBuf::from(msg["executable"].as_str()?);
            Some((name, path))
        })
        .collect()
}

/// Copies the module into place through a temporary file and a rename, so a
/// reader (the gateway's hot reload) never sees half a module. The temporary
/// file is this process's own: two builds of one project at once (two
/// terminals, parallel tests) must not rename each other's file away.
fn install(from: &Path, to: &Path) -> anyhow::Result<()> {
    let tmp = to.with_extension(format!("wasm.{}.tmp", std::process::id()));
    std::fs::copy(from, &tmp)
        .with_context(|| format!("cannot copy {} to {}", from.display(), tmp.display()))?;
    std::fs::rename(&tmp, to).with_context(|| format!("cannot move the module to {}", to.display()))?;
    Ok(())
}

/// Installs the wasm target with rustup when the toolchain lacks it.
fn ensure_target() -> anyhow::Result<()> {
    if target_installed() {
        return Ok(());
    }
    eprintln!("fngate: the {TARGET} target is missing; installing it with `rustup target add {TARGET}`");
    let status = Command::new("rustup")
        .args(["target", "add", TARGET])
        .status()
        .context("cannot run rustup: install the target by hand with `rustup target add wasm32-wasip1`")?;
    if !status.success() || !target_installed() {
        bail!("`rustup target add {TARGET}` failed: install the target by hand and retry");
    }
    Ok(())
}

fn target_installed() -> bool {
    let rustc = std::env::var_os("RUSTC").unwrap_or_else(|| "rustc".into());
    Command::new(rustc)
        .args(["--print", "target-libdir", "--target", TARGET])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| PathBuf::from(String::from_utf8_lossy(&o.stdout).trim()))
        .is_some_and(|dir| dir.is_dir())
}

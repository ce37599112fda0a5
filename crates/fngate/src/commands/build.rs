//! `fngate build`: runs each function's build command (`build:` in
//! `custom.fngate`), or compiles its Cargo project to `wasm32-wasip1`, and puts
//! each module where its `handler` says (`<dir>/<handler file>.wasm`).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{Context as _, bail};
use fngate_config::{Build, Config};

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

/// What builds some of a project's functions at once: one build command run
/// once for every function that shares it and its directory, or one Cargo
/// project for all its functions' binaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unit {
    /// The code directory it runs in.
    pub dir: PathBuf,
    /// The build command, or `None` for Cargo (or nothing, without a Cargo.toml).
    pub build: Option<Build>,
    /// The functions it builds, with their modules.
    pub functions: Vec<(String, PathBuf)>,
}

impl Unit {
    /// What a change to re-run it: the command's `watch` patterns, or a Cargo
    /// project's sources.
    pub(crate) fn watch(&self) -> Vec<String> {
        match &self.build {
            Some(build) => build.watch.clone(),
            None if self.dir.join("Cargo.toml").is_file() => {
                ["src/**/*.rs", "Cargo.toml", "build.rs"].map(str::to_owned).to_vec()
            }
            None => Vec::new(),
        }
    }
}

/// The units that build `config`'s functions, in file order.
pub(crate) fn units(config: &Config) -> Vec<Unit> {
    let mut units: Vec<Unit> = Vec::new();
    for f in &config.functions {
        let build = config.build_of(&f.name).cloned();
        let entry = (f.name.clone(), f.module.clone());
        match units.iter_mut().find(|u| u.dir == f.code_dir && u.build == build) {
            Some(unit) => unit.functions.push(entry),
            None => units.push(Unit { dir: f.code_dir.clone(), build, functions: vec![entry] }),
        }
    }
    units
}

/// Builds every function of `config`.
pub(crate) fn build(config: &Config) -> anyhow::Result<()> {
    let units = units(config);
    let total = units.len();
    let progress = crate::progress::Progress::lines(total, &format!("building {total} unit(s)"));
    for unit in &units {
        let names: Vec<&str> = unit.functions.iter().map(|(name, _)| name.as_str()).collect();
        let names = names.join(", ");
        let started = std::time::Instant::now();
        progress.start(&names, "building");
        build_unit(unit)?;
        progress.finish(&names, &format!("built in {}", fngate_gateway::human_duration(started.elapsed())));
    }
    progress.done(&format!("built {total} unit(s)"));
    prepare_python(config)
}

/// Builds what Python functions run on (the runtime, with componentize-py,
/// and each code directory's `requirements.txt`) and compiles it into the
/// module cache, so that `serve` starts at once.
fn prepare_python(config: &Config) -> anyhow::Result<()> {
    let python: Vec<_> = config.functions.iter().filter(|f| f.is_python()).collect();
    if python.is_empty() {
        return Ok(());
    }
    let runtime = fngate_runtime::Runtime::new(fngate_runtime::RuntimeConfig::default())?;
    for f in python {
        let started = std::time::Instant::now();
        runtime
            .load(fngate_runtime::FunctionSpec::from_config(f))
            .with_context(|| format!("function {}", f.name))?;
        tracing::info!(
            "{}: Python runtime and packages ready in {}",
            f.name,
            fngate_gateway::human_duration(started.elapsed())
        );
    }
    runtime.trim();
    Ok(())
}

/// Runs one unit's build.
pub(crate) fn build_unit(unit: &Unit) -> anyhow::Result<()> {
    match &unit.build {
        Some(build) => run_command(unit, build),
        None => {
            let bins = unit.functions.iter().filter_map(|(_, module)| module.file_stem()?.to_str()).collect();
            build_dir(&unit.dir, bins)
        }
    }
}

/// Runs a build command with `sh -c` in the unit's directory; every module it
/// builds must exist afterwards. It sees `FNGATE_FUNCTION` and `FNGATE_MODULE`
/// (the first function's, and `FNGATE_MODULES`: all of them, space-separated).
fn run_command(unit: &Unit, build: &Build) -> anyhow::Result<()> {
    let names: Vec<&str> = unit.functions.iter().map(|(name, _)| name.as_str()).collect();
    let modules: Vec<String> = unit.functions.iter().map(|(_, m)| m.display().to_string()).collect();
    tracing::info!("building {}: {} (in {})", names.join(", "), build.command, unit.dir.display());
    let status = Command::new("sh")
        .arg("-c")
        .arg(&build.command)
        .current_dir(&unit.dir)
        .env("FNGATE_FUNCTION", names[0])
        .env("FNGATE_MODULE", &modules[0])
        .env("FNGATE_MODULES", modules.join(" "))
        .stdin(Stdio::null())
        .status()
        .with_context(|| format!("cannot run sh for the build of {}", names.join(", ")))?;
    if !status.success() {
        bail!("the build of {} failed ({status}): {}", names.join(", "), build.command);
    }
    for (name, module) in &unit.functions {
        let Ok(meta) = std::fs::metadata(module) else {
            bail!(
                "the build of {name} succeeded but wrote no {}: the command must write the module its handler names",
                module.display()
            );
        };
        tracing::info!("built {} ({} KB)", module.display(), meta.len().div_ceil(1024));
    }
    Ok(())
}

/// Builds the binaries `bins` of the Cargo project in `dir`, if it is one.
fn build_dir(dir: &Path, mut bins: Vec<&str>) -> anyhow::Result<()> {
    let manifest = dir.join("Cargo.toml");
    if !manifest.is_file() {
        tracing::info!(
            "{} has no Cargo.toml: nothing to build (modules, JavaScript and Python are used as they are)",
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

//! The Python runtime: CPython and fngate's adapter (`python/fngate_python.py`)
//! built by componentize-py into one WASI 0.2 command component, shared by
//! every Python function (each mounts its own code at `/code`).
//!
//! It is built once per machine, on the first load of a Python function, into
//! `python/` beside the module cache: componentize-py (a pinned version) is
//! installed there from PyPI with the machine's `python3 -m pip` when missing,
//! then run on the adapter (about 10 s). A file lock keeps concurrent
//! processes from building it twice; the result is named by the hash of what
//! made it, so a new adapter or version builds anew. A code directory's
//! `requirements.txt` is installed the same way, beside it, and mounted at
//! `/opt/python`.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use sha2::{Digest, Sha256};

use crate::cache::hex;
use crate::error::ModuleError;

/// The componentize-py release fngate builds with (from PyPI).
pub(crate) const COMPONENTIZE_PY: &str = "0.25.1";
/// The adapter: reads events, calls the handler, writes answers.
const ADAPTER: &str = include_str!("../python/fngate_python.py");
/// `/tmp` in the instance's memory, which the adapter installs.
const TMP: &str = include_str!("../python/fngate_tmp.py");
/// Its world: a WASI 0.2 command.
const WIT: &str = include_str!("../python/fngate-python.wit");
/// The CPython componentize-py builds, for pip's choice of wheels.
const PYTHON_VERSION: &str = "3.14";
/// How errors name the Python runtime component.
pub(crate) const PYTHON_ENGINE_NAME: &str = "<built-in Python runtime>";

/// The Python runtime component, once built.
pub(crate) struct Built {
    /// The component file.
    pub(crate) path: PathBuf,
    /// What made it (componentize-py, the adapter and its /tmp, the world), hashed: its cache key.
    pub(crate) key: String,
}

/// Builds the Python runtime on first use and remembers it.
pub(crate) struct Python {
    dir: PathBuf,
    built: Mutex<Option<Arc<Built>>>,
}

impl Python {
    /// A builder that keeps its tools and the component in `dir`.
    pub(crate) fn new(dir: PathBuf) -> Self {
        Python { dir, built: Mutex::default() }
    }

    /// The runtime component: built already (by this process or an earlier
    /// one), or built now.
    pub(crate) fn engine(&self) -> Result<Arc<Built>, ModuleError> {
        let mut slot = self.built.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(built) = &*slot {
            return Ok(built.clone());
        }
        let mut hasher = Sha256::new();
        for part in [COMPONENTIZE_PY, ADAPTER, TMP, WIT] {
            hasher.update(part.len().to_le_bytes());
            hasher.update(part);
        }
        let key = format!("python-{}", &hex(&hasher.finalize())[..16]);
        let path = self.dir.join(format!("{key}.wasm"));
        if !path.is_file() {
            build(&self.dir, &path)
                .map_err(|message| ModuleError::link(Path::new(PYTHON_ENGINE_NAME), message))?;
        }
        Ok(slot.insert(Arc::new(Built { path, key })).clone())
    }
}

impl Python {
    /// The pure-Python packages the `requirements.txt` at the root of `code`
    /// names, installed with pip into a directory of their own (named by the
    /// file's content, so shared and kept across restarts); `None` without one.
    /// Only wheels for any platform are taken: a package that needs native code
    /// is an error that names it.
    /// `code` is the staged copy; errors name `shown`, the file the user wrote.
    pub(crate) fn packages(&self, code: &Path, shown: &Path) -> Result<Option<PathBuf>, ModuleError> {
        let requirements = code.join("requirements.txt");
        let Ok(content) = std::fs::read(&requirements) else { return Ok(None) };
        let key = hex(&Sha256::digest([&content[..], COMPONENTIZE_PY.as_bytes()].concat()));
        let dir = self.dir.join(format!("packages-{}", &key[..16]));
        if dir.is_dir() {
            return Ok(Some(dir));
        }
        install(&self.dir, &requirements, &dir).map_err(|message| ModuleError::link(shown, message))?;
        Ok(Some(dir))
    }
}

/// Installs `requirements` into `into` with pip, under the directory's lock.
fn install(dir: &Path, requirements: &Path, into: &Path) -> Result<(), String> {
    let _lock = locked(dir)?;
    if into.is_dir() {
        return Ok(());
    }
    tracing::info!("installing the packages of requirements.txt with pip (pure Python only)");
    let mut args: Vec<std::ffi::OsString> = [
        // Wheels that run anywhere: pure Python, for the runtime's CPython.
        "--only-binary=:all:",
        "--platform",
        "any",
        "--implementation",
        "py",
        "--abi",
        "none",
        "--python-version",
        PYTHON_VERSION,
        "-r",
    ]
    .map(Into::into)
    .to_vec();
    args.push(requirements.into());
    pip_install(dir, &args, into).map_err(|e| match native_package(&e) {
        Some(package) => format!(
            "no pure-Python wheel of `{package}` was found: it needs native code, which Python functions here cannot load (or it does not exist, or PyPI was out of reach); {e}"
        ),
        None => e,
    })
}

/// `pip install --target into <args>`, through a staging directory in `dir`
/// (renamed into place when whole); its failure, with what pip said.
fn pip_install(dir: &Path, args: &[std::ffi::OsString], into: &Path) -> Result<(), String> {
    let staging = tempfile::tempdir_in(dir)
        .map_err(|e| format!("cannot make a directory in {}: {e}", dir.display()))?;
    let mut command = Command::new(python());
    command
        .args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-input", "--target"])
        .arg(staging.path())
        .args(args);
    run(&mut command, "pip install")?;
    place(staging, into)
}

/// Moves a finished `staging` directory to `into`, in place of an unfinished
/// one left there; `staging` is removed if that fails.
fn place(staging: tempfile::TempDir, into: &Path) -> Result<(), String> {
    if into.exists() {
        let _ = std::fs::remove_dir_all(into);
    }
    std::fs::rename(staging.path(), into).map_err(|e| format!("cannot write {}: {e}", into.display()))?;
    let _ = staging.keep();
    Ok(())
}

/// Removes the staging directories (`.tmp*`) a killed build or install left
/// in `dir`: called with the lock held, when nothing else is staging there.
fn sweep(dir: &Path) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        if entry.file_name().to_string_lossy().starts_with(".tmp") {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// The package pip found no wheel for, from its error.
fn native_package(said: &str) -> Option<&str> {
    let line =
        said.lines().find_map(|l| l.split_once("No matching distribution found for ").map(|(_, p)| p))?;
    line.split(|c: char| "=<>!~[; ".contains(c)).next().filter(|name| !name.is_empty())
}

/// `dir`'s build lock, held until dropped.
fn locked(dir: &Path) -> Result<std::fs::File, String> {
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let path = dir.join("build.lock");
    let lock = std::fs::File::create(&path).map_err(|e| format!("cannot create {}: {e}", path.display()))?;
    lock.lock().map_err(|e| format!("cannot lock {}: {e}", path.display()))?;
    sweep(dir);
    Ok(lock)
}

/// The interpreter that runs pip and componentize-py: `$FNGATE_PYTHON`, else `python3`.
fn python() -> std::ffi::OsString {
    std::env::var_os("FNGATE_PYTHON").unwrap_or_else(|| "python3".into())
}

/// Builds the component into `out`, under the directory's lock.
fn build(dir: &Path, out: &Path) -> Result<(), String> {
    let _lock = locked(dir)?;
    if out.is_file() {
        return Ok(());
    }
    let tool = componentize_py(dir)?;
    let started = Instant::now();
    tracing::info!("building the Python runtime with componentize-py {COMPONENTIZE_PY} (once, ~10 s)");
    let work = tempfile::tempdir_in(dir)
        .map_err(|e| format!("cannot make a directory in {}: {e}", dir.display()))?;
    let (app, wit, venv) = (work.path().join("app"), work.path().join("wit"), work.path().join("venv"));
    for d in [&app, &wit, &venv.join("lib").join("site-packages")] {
        std::fs::create_dir_all(d).map_err(|e| format!("cannot create {}: {e}", d.display()))?;
    }
    std::fs::write(app.join("fngate_python.py"), ADAPTER).map_err(|e| e.to_string())?;
    std::fs::write(app.join("fngate_tmp.py"), TMP).map_err(|e| e.to_string())?;
    std::fs::write(wit.join("fngate-python.wit"), WIT).map_err(|e| e.to_string())?;
    let built = work.path().join("python.wasm");
    let mut command = Command::new(python());
    command
        .arg(tool.join("bin").join("componentize-py"))
        .args(["-q", "-d"])
        .arg(&wit)
        .args(["-w", "fngate-python", "componentize", "-p"])
        .arg(&app)
        .arg("fngate_python")
        .arg("-o")
        .arg(&built)
        .current_dir(work.path())
        .env("PYTHONPATH", &tool)
        // Not the machine's site-packages: the runtime holds only the library.
        .env("VIRTUAL_ENV", &venv)
        .env_remove("PIPENV_ACTIVE");
    run(&mut command, "componentize-py")?;
    std::fs::rename(&built, out).map_err(|e| format!("cannot write {}: {e}", out.display()))?;
    // The builds of other adapters are superseded (one that runs has its
    // compiled copy in the module cache).
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("python-") && name.ends_with(".wasm") && entry.path() != out {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    tracing::info!("built the Python runtime in {:.1} s", started.elapsed().as_secs_f64());
    Ok(())
}

/// componentize-py, installed with pip into `dir` when it is not there yet.
fn componentize_py(dir: &Path) -> Result<PathBuf, String> {
    let target = dir.join(format!("componentize-py-{COMPONENTIZE_PY}"));
    if target.join("componentize_py").is_dir() {
        return Ok(target);
    }
    tracing::info!("installing componentize-py {COMPONENTIZE_PY} from PyPI (once, for Python functions)");
    pip_install(dir, &[format!("componentize-py=={COMPONENTIZE_PY}").into()], &target)?;
    Ok(target)
}

/// Runs `command`; its failure, with the end of what it printed.
fn run(command: &mut Command, what: &str) -> Result<(), String> {
    let output = command.stdin(Stdio::null()).output().map_err(|e| {
        format!(
            "Python functions are built with componentize-py, which needs `{}` (3.9 or later, with pip) on this machine (set FNGATE_PYTHON to another): {e}",
            python().to_string_lossy()
        )
    })?;
    if output.status.success() {
        return Ok(());
    }
    let mut said = String::from_utf8_lossy(&output.stderr).into_owned();
    said.push_str(&String::from_utf8_lossy(&output.stdout));
    let lines: Vec<&str> = said.lines().filter(|l| !l.trim().is_empty()).collect();
    let lines: Vec<&str> =
        lines.into_iter().filter(|l| !l.contains("Running pip as the 'root' user")).collect();
    let tail = lines[lines.len().saturating_sub(12)..].join("\n");
    Err(format!("{what} failed ({}):\n{tail}", output.status))
}

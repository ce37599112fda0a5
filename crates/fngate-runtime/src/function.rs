//! A function as the runtime knows it: its spec, and its module once loaded.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use fngate_event::{env, status};
use wasmtime::InstancePre;
use wasmtime_wasi::p2::bindings::CommandPre;
use wasmtime_wasi_http::p2::bindings::ProxyPre;

use crate::runtime::State;

/// Default `timeout` (spec §5): 3 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);
/// Default `memorySize` (spec §1): 128 MB.
pub const DEFAULT_MEMORY_MB: u64 = 128;

/// What the runtime needs to know to load and run one function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FunctionSpec {
    /// The function's name (its key under `functions:`); the guest's `argv[0]`.
    pub name: String,
    /// The `.wasm` (or `.wat`) module.
    pub module: PathBuf,
    /// The runtime named in the config (passed to the guest as `SCF_RUNTIME`).
    pub runtime: String,
    /// How long one invocation may run.
    pub timeout: Duration,
    /// The linear-memory cap, in MB.
    pub memory_mb: u64,
    /// The function's environment variables, in order.
    pub env: Vec<(String, String)>,
    /// The provider region (`TENCENTCLOUD_REGION`).
    pub region: String,
    /// For a JavaScript function: its code directory, of which a filtered copy is
    /// mounted read-only at `/code` for the built-in engine (`module` is then the
    /// handler's `.js` file).
    pub code_dir: Option<PathBuf>,
    /// The directory `code_dir` must stay inside, links resolved, each time it
    /// is staged: the project's (its config file's), so a code directory
    /// swapped for a link after the config was checked is never staged.
    pub confined_to: Option<PathBuf>,
    /// `runtime: WasiHttp`: the module must be a wasi:http component.
    pub http: bool,
    /// Where a wasi:http function may send outbound HTTP (`allowedOutboundHosts`).
    pub allowed_outbound_hosts: Vec<String>,
    /// Warm instances (`warm:`), when the function opts in.
    pub warm: Option<crate::warm::Warm>,
}

impl FunctionSpec {
    /// A spec with the default runtime, limits and region and no variables.
    pub fn new(name: impl Into<String>, module: impl Into<PathBuf>) -> Self {
        FunctionSpec {
            name: name.into(),
            module: module.into(),
            runtime: "Wasm".into(),
            timeout: DEFAULT_TIMEOUT,
            memory_mb: DEFAULT_MEMORY_MB,
            env: Vec::new(),
            region: "ap-guangzhou".into(),
            code_dir: None,
            confined_to: None,
            http: false,
            allowed_outbound_hosts: Vec::new(),
            warm: None,
        }
    }

    /// The runtime's view of a function of a validated config: a `Nodejs*`
    /// function runs in the JavaScript engine with its code directory as its
    /// code and `_HANDLER` naming its handler.
    pub fn from_config(function: &fngate_config::Function) -> Self {
        let mut env = function.environment.clone();
        let code_dir = function.is_javascript().then(|| {
            env.push(("_HANDLER".to_owned(), function.handler.clone()));
            if let Some(entry) = &function.web_entry {
                env.push(("FNGATE_WEB_ENTRY".to_owned(), entry.clone()));
            }
            function.code_dir.clone()
        });
        FunctionSpec {
            name: function.name.clone(),
            module: function.module.clone(),
            runtime: function.runtime.clone(),
            timeout: Duration::from_secs(function.timeout),
            memory_mb: function.memory_size,
            env,
            region: function.region.clone(),
            code_dir,
            confined_to: function
                .file
                .parent()
                .map(|dir| if dir.as_os_str().is_empty() { ".".into() } else { dir.to_owned() }),
            http: function.runtime.eq_ignore_ascii_case("WasiHttp"),
            allowed_outbound_hosts: function.allowed_outbound_hosts.clone(),
            warm: function.warm.map(|w| crate::warm::Warm {
                max_instances: w.max_instances,
                idle: Duration::from_secs(w.idle_seconds),
                max_invocations: w.max_invocations,
            }),
        }
    }

    /// The guest's environment except the per-invocation request id (spec §7).
    /// Platform variables come last, so a function cannot override them.
    pub(crate) fn guest_env(&self) -> Vec<(String, String)> {
        let mut vars = self.env.clone();
        let platform = [
            (env::FUNCTION_NAME, self.name.clone()),
            (env::FUNCTION_VERSION, "$LATEST".into()),
            (env::RUNTIME, self.runtime.clone()),
            (env::NAMESPACE, "default".into()),
            (env::REGION, self.region.clone()),
            (env::RUNENV, "SCF".into()),
            (env::MEMORY_LIMIT_IN_MB, self.memory_mb.to_string()),
            (env::TIME_LIMIT_IN_MS, self.timeout.as_millis().to_string()),
        ];
        vars.retain(|(k, _)| !platform.iter().any(|(p, _)| p == k));
        vars.extend(platform.into_iter().map(|(k, v)| (k.to_owned(), v)));
        vars
    }
}

/// A loaded function: its module compiled and linked, ready to instantiate.
/// Cheap to clone; clones share the compiled code.
#[derive(Clone)]
pub struct Function {
    pub(crate) spec: Arc<FunctionSpec>,
    pub(crate) pre: Pre,
    pub(crate) env: Arc<[(String, String)]>,
    pub(crate) version: Arc<str>,
    /// A JavaScript function's staged code, mounted at `/code`.
    pub(crate) stage: Option<Arc<crate::stage::Stage>>,
    pub(crate) from_cache: bool,
    pub(crate) load_time: std::time::Duration,
    /// Its warm instances, when it has them.
    pub(crate) pool: Option<Arc<crate::warm::Pool>>,
}

impl Function {
    /// The spec it was loaded from.
    pub fn spec(&self) -> &FunctionSpec {
        &self.spec
    }

    /// A short content hash of the module: which version of the code is serving.
    pub fn version(&self) -> &str {
        &self.version
    }

    /// Whether its compiled code came from the on-disk cache (else cranelift compiled it).
    pub fn from_cache(&self) -> bool {
        self.from_cache
    }

    /// How long loading (reading, compiling or deserializing, linking) took.
    pub fn load_time(&self) -> std::time::Duration {
        self.load_time
    }

    /// Its warm instances alive now (idle or busy), when it keeps them warm.
    pub fn warm_alive(&self) -> Option<usize> {
        self.pool.as_ref().map(|p| p.live())
    }
}

/// A function's code, linked and ready to instantiate, by the ABI it speaks.
#[derive(Clone)]
pub(crate) enum Pre {
    /// A WASI preview-1 command module (`_start`).
    Module(InstancePre<State>),
    /// A WASI 0.2 command component (`wasi:cli/run`).
    Command(CommandPre<State>),
    /// A wasi:http component (`wasi:http/incoming-handler`).
    Http(ProxyPre<State>),
}

/// The ABI of a function's code, as detected from its binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Abi {
    /// A WASI preview-1 command module.
    Preview1,
    /// A WASI 0.2 command component.
    Command,
    /// A wasi:http component: it answers HTTP requests, not events.
    Http,
}

impl Function {
    /// The ABI its code speaks.
    pub fn abi(&self) -> Abi {
        match self.pre {
            Pre::Module(_) => Abi::Preview1,
            Pre::Command(_) => Abi::Command,
            Pre::Http(_) => Abi::Http,
        }
    }
}

/// Why a function's module could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// The module file does not exist.
    #[error("module {} not found", .0.display())]
    NotFound(PathBuf),
    /// The module file exists but cannot be read.
    #[error("cannot read module {}: {source}", path.display())]
    Read {
        /// The module file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid WebAssembly module (or `.wat` text).
    #[error("cannot compile module {}: {message}", path.display())]
    Compile {
        /// The module file.
        path: PathBuf,
        /// wasmtime's explanation.
        message: String,
    },
    /// The function's code failed while loading: a JavaScript module's top-level
    /// code threw (or ran past the timeout or `memorySize`).
    #[error("loading {} failed: {message}", path.display())]
    Init {
        /// The handler's file.
        path: PathBuf,
        /// The error's message.
        message: String,
        /// Its stack, when known.
        stack: Option<String>,
    },
    /// The module imports something fngate does not provide, or lacks `_start`.
    #[error("cannot link module {}: {message}", path.display())]
    Link {
        /// The module file.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
}

impl ModuleError {
    /// The SCF status of this failure: 435 for a missing module, 437 otherwise.
    pub fn status(&self) -> u16 {
        match self {
            ModuleError::NotFound(_) => status::FUNCTION_NOT_FOUND,
            _ => status::HANDLER_NOT_FOUND,
        }
    }

    /// The error as a client may see it: the module's file name, never its host path.
    pub fn public_message(&self) -> String {
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match self {
            ModuleError::NotFound(path) => format!("module {} not found", name(path)),
            ModuleError::Read { path, .. } => format!("cannot read module {}", name(path)),
            ModuleError::Compile { path, message } => {
                format!("cannot compile module {}: {message}", name(path))
            }
            ModuleError::Link { path, message } => format!("cannot link module {}: {message}", name(path)),
            ModuleError::Init { message, .. } => message.clone(),
        }
    }

    /// The stack of a load error, when the function's code reported one.
    pub fn stack(&self) -> Option<&str> {
        match self {
            ModuleError::Init { stack, .. } => stack.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn compile(path: &Path, err: impl std::fmt::Display) -> Self {
        ModuleError::Compile { path: path.to_owned(), message: format!("{err:#}") }
    }

    pub(crate) fn link(path: &Path, err: impl std::fmt::Display) -> Self {
        ModuleError::Link { path: path.to_owned(), message: format!("{err:#}") }
    }
}

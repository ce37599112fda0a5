//! A function as the runtime knows it: its spec, and its module once loaded.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use fngate_event::env;
use wasmtime::InstancePre;
use wasmtime_wasi::p2::bindings::CommandPre;
use wasmtime_wasi_http::p2::bindings::ProxyPre;

use crate::state::State;

/// Default `timeout` (spec §5): 3 seconds.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(3);
/// Default `memorySize` (spec §1): 128 MB.
pub const DEFAULT_MEMORY_MB: u64 = 128;

/// What runs a function's code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Language {
    /// A WebAssembly module or component, run as it is.
    #[default]
    Wasm,
    /// JavaScript, in the built-in engine, snapshotted with its handler loaded.
    JavaScript,
    /// Python, in CPython built with componentize-py (see `python.rs`).
    Python,
}

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
    /// What runs its code.
    pub language: Language,
    /// For a JavaScript or Python function: its code directory, of which a
    /// filtered copy is mounted read-only at `/code` (`module` is then the
    /// handler's `.js` or `.py` file).
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
    pub warm: Option<crate::pool::Warm>,
}

impl FunctionSpec {
    /// What loading it mostly does, for progress lines: `snapshotting` a
    /// JavaScript handler, `building` the Python runtime (only the first
    /// time) or `compiling` a module.
    pub fn loading(&self) -> &'static str {
        match self.language {
            Language::JavaScript => "snapshotting",
            Language::Python => "building",
            Language::Wasm => "compiling",
        }
    }

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
            language: Language::Wasm,
            code_dir: None,
            confined_to: None,
            http: false,
            allowed_outbound_hosts: Vec::new(),
            warm: None,
        }
    }

    /// The runtime's view of a function of a validated config: a `Nodejs*`
    /// function runs in the JavaScript engine, a `Python*` one in CPython, with
    /// its code directory as its code and `_HANDLER` naming its handler.
    pub fn from_config(function: &fngate_config::Function) -> Self {
        let mut env = function.environment.clone();
        let language = match () {
            () if function.is_javascript() => Language::JavaScript,
            () if function.is_python() => Language::Python,
            () => Language::Wasm,
        };
        let code_dir = (language != Language::Wasm).then(|| {
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
            language,
            code_dir,
            confined_to: function
                .file
                .parent()
                .map(|dir| if dir.as_os_str().is_empty() { ".".into() } else { dir.to_owned() }),
            http: function.runtime.eq_ignore_ascii_case("WasiHttp"),
            allowed_outbound_hosts: function.allowed_outbound_hosts.clone(),
            warm: function.warm.map(|w| crate::pool::Warm {
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
    /// A JavaScript or Python function's staged code, mounted at `/code`.
    pub(crate) stage: Option<Arc<crate::stage::Stage>>,
    /// A Python function's packages (from its `requirements.txt`), mounted at `/opt/python`.
    pub(crate) packages: Option<PathBuf>,
    pub(crate) from_cache: bool,
    pub(crate) load_time: std::time::Duration,
    /// Its warm instances, when it has them.
    pub(crate) pool: Option<Arc<crate::pool::Pool>>,
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

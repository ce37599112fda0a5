//! The validated configuration.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// Default `timeout` in seconds (spec §5).
pub const DEFAULT_TIMEOUT_SECS: u64 = 3;
/// Default `memorySize` in MB (spec §1).
pub const DEFAULT_MEMORY_MB: u64 = 128;
/// Default `provider.region`.
pub const DEFAULT_REGION: &str = "ap-guangzhou";

/// A validated `serverless.yml`.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// What was loaded: the config file, or a directory of instances (each a
    /// subdirectory with its own file).
    pub file: PathBuf,
    /// The config files read, in order (one, or one per instance).
    pub files: Vec<PathBuf>,
    /// The directory holding `file` (or the directory of instances itself).
    pub dir: PathBuf,
    /// The dialect of the (first) file.
    pub dialect: Dialect,
    /// `service` (the v1 dialect), or the Components instance's `name`.
    pub service: String,
    /// `provider`.
    pub provider: Provider,
    /// `functions`, in file order.
    pub functions: Vec<Function>,
    /// Every `apigw` event of every function, in file order.
    pub apis: Vec<Api>,
    /// Every `timer` trigger, enabled or not, in file order.
    pub timers: Vec<Timer>,
    /// `custom.fngate` (the v1 dialect) or `fngate` (Components): fngate's own settings.
    pub custom: Custom,
}

/// Which shape of `serverless.yml` a file has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Dialect {
    /// The Serverless Framework v1 Tencent plugin: `service`, `provider`, `functions`.
    #[default]
    V1,
    /// Serverless Components `component: scf`: one function under `inputs`.
    Scf,
    /// Serverless Components `component: multi-scf`: `inputs.functions` and `inputs.triggers`.
    MultiScf,
}

/// One timer trigger (spec §9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timer {
    /// The function it invokes.
    pub function: String,
    /// `TriggerName`: the timer's `name`, else `timer-<name>-<stage>`.
    pub name: String,
    /// `cronExpression` as written.
    pub cron: String,
    /// When it fires (UTC).
    pub schedule: croner::Cron,
    /// `enable` (missing: disabled).
    pub enabled: bool,
    /// `argument`: the event's `Message`.
    pub argument: String,
    /// The file it is declared in.
    pub file: PathBuf,
    /// The key path of the trigger.
    pub key: String,
    /// Its line.
    pub line: Option<usize>,
}

impl Timer {
    /// The first fire time strictly after `after`.
    pub fn next_after(&self, after: &chrono::DateTime<chrono::Utc>) -> Option<chrono::DateTime<chrono::Utc>> {
        self.schedule.find_next_occurrence(after, false).ok()
    }
}

/// One API: an `apigw` event binding (service, path, method) on a stage to a function.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Api {
    /// The function it calls.
    pub function: String,
    /// The trigger's `name`.
    pub name: String,
    /// `stageName`: `test`, `prepub` or `release` (default `release`).
    pub stage: String,
    /// `serviceId` (default: derived from the service name).
    pub service_id: String,
    /// `httpMethod`, upper case: `ANY` (default), `GET`, `HEAD`, `POST`, `PUT` or `DELETE`.
    pub method: String,
    /// `path` as configured (default `/<function name>`): `/a`, `/u/{id}`, `=/exact`, `^~/prefix`.
    pub path: String,
    /// `integratedResponse` (default false: passthrough).
    pub integrated_response: bool,
    /// `enableCORS` (default false).
    pub enable_cors: bool,
    /// `protocols`: the schemes clients may call it with (default both).
    pub protocols: Protocols,
    /// `serviceTimeout` in seconds (default 15).
    pub service_timeout: u64,
    /// `auth.secretIds`: key-pair auth is on, and these key pairs may call.
    pub auth: Option<Vec<String>>,
    /// `usagePlan`: rate and quota limits.
    pub usage_plan: Option<UsagePlan>,
    /// `isBase64Encoded` / `isBase64Trigger` + `base64EncodedTriggerRules`.
    pub base64: Base64Mode,
    /// `param[]`: declared parameters.
    pub params: Vec<Param>,
    /// The event's key path, e.g. `functions.f.events[0].apigw`.
    pub key: String,
    /// The file it is declared in.
    pub file: PathBuf,
    /// The line of the event.
    pub line: Option<usize>,
}

/// The schemes an API may be called with (`protocols: [http, https]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Protocols {
    /// `http` is allowed.
    pub http: bool,
    /// `https` is allowed.
    pub https: bool,
}

impl Default for Protocols {
    fn default() -> Self {
        Protocols { http: true, https: true }
    }
}

/// `usagePlan`: limits per API (and per secret id when key-pair auth is on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UsagePlan {
    /// `maxRequestNumPreSec` (`None` for -1 / absent): the token bucket's rate.
    pub max_per_second: Option<u32>,
    /// `maxRequestNum` (`None` for -1 / absent): requests allowed in all.
    pub max_total: Option<u64>,
}

/// When a request body is sent to the function base64-encoded (reference §3.5).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Base64Mode {
    /// Only non-UTF-8 bodies.
    #[default]
    Off,
    /// Every body (`isBase64Encoded: true`).
    All,
    /// Bodies whose `Content-Type` or `Accept` contains one of the values (`isBase64Trigger`).
    Triggered(Vec<TriggerRule>),
}

/// One `base64EncodedTriggerRules` entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TriggerRule {
    /// The header looked at: `content-type` or `accept` (lower case).
    pub header: String,
    /// Values any of which, contained case-insensitively in the header, triggers encoding.
    pub values: Vec<String>,
}

/// Where a declared parameter comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamPosition {
    /// A `{var}` path segment.
    Path,
    /// A query key.
    Query,
    /// A request header.
    Header,
}

/// One `param[]` declaration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Param {
    /// The parameter's name (header names compare case-insensitively).
    pub name: String,
    /// `position`.
    pub position: ParamPosition,
    /// `required`: a request without it gets 403.
    pub required: bool,
    /// `defaultValue`, used when the request lacks it.
    pub default: Option<String>,
}

/// A key pair for key-pair (HMAC) auth.
#[derive(Clone, PartialEq, Eq)]
pub struct KeyPair {
    /// `secretId`, sent by clients in the `Authorization` header.
    pub secret_id: String,
    /// `secretKey`, the HMAC key.
    pub secret_key: String,
}

impl std::fmt::Debug for KeyPair {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("KeyPair")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"<redacted>")
            .finish()
    }
}

/// `custom.fngate.services.<serviceId>`: per-service policies.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ServicePolicy {
    /// `ipAllow`: when non-empty, only these networks may call.
    pub ip_allow: Vec<ipnet::IpNet>,
    /// `ipDeny`: these networks may not call.
    pub ip_deny: Vec<ipnet::IpNet>,
}

impl ServicePolicy {
    /// Whether a client address may call the service.
    pub fn allows(&self, ip: std::net::IpAddr) -> bool {
        !self.ip_deny.iter().any(|n| n.contains(&ip))
            && (self.ip_allow.is_empty() || self.ip_allow.iter().any(|n| n.contains(&ip)))
    }
}

/// What HTTP status a function timeout gets (`custom.fngate.functionErrorStatus`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum FunctionErrorStatus {
    /// The seed's rule: a function timeout answers 200 with the SCF timeout body.
    #[default]
    Seed,
    /// Every function error answers its SCF status, timeouts 433 too.
    Propagate,
}

/// `custom.fngate`: settings the cloud kept in its console.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Custom {
    /// `stageVariables`: per stage, the event's `stageVariables`.
    pub stage_variables: BTreeMap<String, BTreeMap<String, String>>,
    /// `functionErrorStatus`: `seed` (default) or `propagate`.
    pub function_error_status: FunctionErrorStatus,
    /// `keyPairs`.
    pub key_pairs: Vec<KeyPair>,
    /// `services`, by service id.
    pub services: BTreeMap<String, ServicePolicy>,
    /// `state`: the URL of the store usage plans share across replicas
    /// (`redis://host:port/db`); none keeps them in this process.
    pub state: Option<String>,
    /// `stateFailure`: what a limited request gets while that store is unreachable.
    pub state_failure: StateFailure,
    /// `build`: the build of every function without one of its own.
    pub build: Option<Build>,
    /// `allowedOutboundHosts`: where every function may connect (each
    /// function's own list adds to it).
    pub allowed_outbound_hosts: Vec<String>,
    /// `functions.<name>`: per-function settings, by function name.
    pub functions: BTreeMap<String, FunctionSettings>,
}

/// `custom.fngate.functions.<name>`: fngate's settings for one function.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct FunctionSettings {
    /// `build`: how to build it (over the project's `build`).
    pub build: Option<Build>,
    /// `allowedOutboundHosts`: where the function may connect (HTTP, sockets).
    pub allowed_outbound_hosts: Vec<String>,
    /// `warm`: keep instances between invocations.
    pub warm: Option<WarmSettings>,
    /// Where the name is, for messages.
    pub file: PathBuf,
    /// Its line.
    pub line: Option<usize>,
}

/// `warm: {maxInstances, idleSeconds, maxInvocations}`: warm instances.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WarmSettings {
    /// `maxInstances` (default 4, at most 64): instances kept at most.
    pub max_instances: usize,
    /// `idleSeconds` (default 300): an instance unused this long is dropped.
    pub idle_seconds: u64,
    /// `maxInvocations` (default 0: no limit): an instance is dropped after this many.
    pub max_invocations: u64,
}

/// `build: {command, watch}`: a function built by a program of the operator's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Build {
    /// `command`: run with `sh -c` in the function's code directory.
    pub command: String,
    /// `watch`: glob patterns, relative to the code directory, of the sources
    /// whose change rebuilds the function under `fngate serve --build`.
    pub watch: Vec<String>,
}

/// `custom.fngate.stateFailure`: usage plans while their shared store is unreachable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StateFailure {
    /// Admit, counting in this process until the store is back (the default).
    #[default]
    Open,
    /// Refuse limited requests with 503.
    Closed,
}

/// The `provider` section: defaults for every function.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Provider {
    /// `provider.runtime`.
    pub runtime: Option<String>,
    /// `provider.region` (default `ap-guangzhou`).
    pub region: String,
    /// `provider.stage`.
    pub stage: Option<String>,
    /// `provider.timeout`, seconds.
    pub timeout: Option<u64>,
    /// `provider.memorySize`, MB.
    pub memory_size: Option<u64>,
    /// `provider.environment.variables`.
    pub environment: Vec<(String, String)>,
    /// `provider.apiGateway.serviceId`: the default service of every API.
    pub service_id: Option<String>,
}

/// One function, provider defaults applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Function {
    /// Its key under `functions`.
    pub name: String,
    /// `handler`: `file.entry`.
    pub handler: String,
    /// `runtime` (function, else provider).
    pub runtime: String,
    /// `description`.
    pub description: String,
    /// `timeout` in seconds.
    pub timeout: u64,
    /// `memorySize` in MB.
    pub memory_size: u64,
    /// Provider variables merged with the function's (the function's win).
    pub environment: Vec<(String, String)>,
    /// `reservedConcurrency`: at most this many invocations at once (none: no limit
    /// beyond the runtime's instance slots).
    pub reserved_concurrency: Option<usize>,
    /// The module file: `<code dir>/<handler file>.wasm`, or `.wat` when only that
    /// exists; for JavaScript, the handler's source `<code dir>/<handler file>.js`.
    pub module: PathBuf,
    /// The code directory: the config's directory, or where `src` points.
    pub code_dir: PathBuf,
    /// The region (`provider.region`, `inputs.region`).
    pub region: String,
    /// The file it is declared in.
    pub file: PathBuf,
    /// The line of the function's key.
    pub line: Option<usize>,
    /// `custom.fngate.functions.<name>.allowedOutboundHosts`: where a wasi:http
    /// function may send outbound HTTP (nowhere by default).
    pub allowed_outbound_hosts: Vec<String>,
    /// `custom.fngate.functions.<name>.warm`: warm instances (off by default;
    /// on for web functions).
    pub warm: Option<WarmSettings>,
    /// `type: web`: the file its `scf_bootstrap` runs with node, an app that
    /// listens on port 9000 (relative to the code directory).
    pub web_entry: Option<String>,
}

impl Function {
    /// A function with defaults only, standing in for one whose settings have
    /// errors, so that its events are checked too and every error is told at once.
    pub(crate) fn stand_in(name: &str, code_dir: &std::path::Path, file: &std::path::Path) -> Function {
        Function {
            name: name.to_owned(),
            handler: "index.main_handler".to_owned(),
            runtime: "Wasm".to_owned(),
            description: String::new(),
            timeout: DEFAULT_TIMEOUT_SECS,
            memory_size: DEFAULT_MEMORY_MB,
            environment: Vec::new(),
            reserved_concurrency: None,
            module: code_dir.join("index.wasm"),
            code_dir: code_dir.to_owned(),
            region: String::new(),
            file: file.to_owned(),
            line: None,
            allowed_outbound_hosts: Vec::new(),
            warm: None,
            web_entry: None,
        }
    }

    /// The file part of `handler` (`hello_world` for `hello_world.main_handler`).
    pub fn handler_file(&self) -> &str {
        handler_file(&self.handler)
    }

    /// Whether it is Python, run by CPython built with componentize-py (a `Python*` runtime).
    pub fn is_python(&self) -> bool {
        is_python(&self.runtime)
    }

    /// Whether it is JavaScript, run by the built-in engine (a `Nodejs*` runtime).
    pub fn is_javascript(&self) -> bool {
        is_javascript(&self.runtime)
    }
}

/// Whether a runtime name is one of SCF's Python runtimes (`Python2.7`,
/// `Python3.6` … `Python3.10`, or a later `Python3.x`).
pub(crate) fn is_python(runtime: &str) -> bool {
    let Some(version) = runtime.get(..6).filter(|p| p.eq_ignore_ascii_case("python")).map(|_| &runtime[6..])
    else {
        return false;
    };
    version == "2.7"
        || version
            .strip_prefix("3.")
            .is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a runtime name is one of SCF's Node.js runtimes (`Nodejs8.9` … `Nodejs16.13`).
pub(crate) fn is_javascript(runtime: &str) -> bool {
    runtime.get(..6).is_some_and(|prefix| prefix.eq_ignore_ascii_case("nodejs"))
}

/// The file part of a `file.entry` handler.
pub(crate) fn handler_file(handler: &str) -> &str {
    handler.rsplit_once('.').map_or(handler, |(file, _)| file)
}

impl Config {
    /// A function by name.
    pub fn function(&self, name: &str) -> Option<&Function> {
        self.functions.iter().find(|f| f.name == name)
    }

    /// How the function `name` is built: its own `build`, else the project's;
    /// `None` for the default (a Cargo project, or a module used as it is).
    pub fn build_of(&self, name: &str) -> Option<&Build> {
        self.custom.functions.get(name).and_then(|f| f.build.as_ref()).or(self.custom.build.as_ref())
    }
}

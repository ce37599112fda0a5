//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::logging::LogFormat;

/// The heading of the options every subcommand takes, apart from its own.
const GLOBAL: &str = "Global options";

/// Self-hosted SCF-style functions on WebAssembly.
#[derive(Debug, Parser)]
#[command(name = "fngate", version, about)]
pub(crate) struct Cli {
    /// Log more (debug level).
    #[arg(short, long, global = true, help_heading = GLOBAL)]
    pub verbose: bool,
    /// The shape of log lines on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text, help_heading = GLOBAL)]
    pub log_format: LogFormat,
    /// The value of `${opt:stage}` in serverless.yml (as `serverless deploy --stage`).
    #[arg(long, global = true, value_name = "NAME", help_heading = GLOBAL)]
    pub stage: Option<String>,
    /// A value for `${opt:KEY}` in serverless.yml; repeatable.
    #[arg(long = "opt", global = true, value_name = "KEY=VALUE", value_parser = key_value, help_heading = GLOBAL)]
    pub opts: Vec<(String, String)>,
    #[command(subcommand)]
    pub command: Command,
}

/// An address or CIDR network (`10.0.0.0/8`, `127.0.0.1`).
fn network(s: &str) -> Result<ipnet::IpNet, String> {
    fngate_config::parse_net(s).ok_or_else(|| format!("`{}` is not an IP address or CIDR network", s.trim()))
}

/// A usage-plan store URL the gateway can speak to.
fn state_url(s: &str) -> Result<String, String> {
    fngate_config::state_url_problem(s).map_or(Ok(s.to_owned()), Err)
}

/// Where the admin listener goes.
#[derive(Debug, Clone, Copy)]
pub(crate) enum AdminChoice {
    /// Not given: beside the API port on loopback (9001 beside 9000), or a
    /// free port when that one is taken.
    Default,
    /// This address, exactly.
    At(std::net::SocketAddr),
    /// No admin listener (`off`).
    Off,
}

/// The admin listener's address, as given.
#[derive(Debug, Clone, Copy)]
pub(crate) struct AdminAddr(pub AdminChoice);

impl AdminAddr {
    /// Whether there is an admin listener.
    pub fn is_on(&self) -> bool {
        !matches!(self.0, AdminChoice::Off)
    }
}

/// `ADDR`, `off`, or empty (the default).
fn admin_addr(s: &str) -> Result<AdminAddr, String> {
    match s {
        "off" => Ok(AdminAddr(AdminChoice::Off)),
        "" => Ok(AdminAddr(AdminChoice::Default)),
        addr => addr
            .parse()
            .map(|a| AdminAddr(AdminChoice::At(a)))
            .map_err(|_| format!("`{addr}`: expected an address such as 127.0.0.1:9001, or `off`")),
    }
}

/// `KEY=VALUE` → the pair.
fn key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("`{s}` is not KEY=VALUE"))
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build every Rust function of a serverless.yml to wasm32-wasip1, and
    /// what its Python functions run on (the runtime, their requirements.txt).
    Build {
        /// A serverless.yml, or a directory holding one.
        #[arg(default_value = ".")]
        config: PathBuf,
    },
    /// Run one function once on an event; print the response on stdout and the
    /// SCF log on stderr.
    #[command(
        override_usage = "fngate invoke [OPTIONS] [CONFIG] <FUNCTION>\n       fngate invoke [OPTIONS] [CONFIG] -f <FUNCTION>"
    )]
    Invoke(InvokeArgs),
    /// Serve the project's APIs over HTTP, as the SCF API gateway did.
    Serve(ServeArgs),
    /// Sign a request for an API with key-pair auth: prints the headers, or a
    /// ready curl command when a URL is given.
    Sign(SignArgs),
    /// Print the route table of a serverless.yml without serving it.
    Routes {
        /// A serverless.yml, or a directory holding one.
        #[arg(default_value = ".")]
        config: PathBuf,
        /// The address the URLs are shown for.
        #[arg(long, short, env = "FNGATE_LISTEN", default_value = "127.0.0.1:9000")]
        listen: String,
    },
    /// Create a function project that `fngate build` and `fngate serve` accept as it is.
    New(NewArgs),
    /// Check a project without serving it: the config (every problem at once),
    /// then every function compiled. Exit 0 when all is well, 2 when not.
    Check(CheckArgs),
    /// Print the config as fngate resolved it (as `sls print`).
    Print(PrintArgs),
    /// Print the JSON Schema of serverless.yml, for editors and linters.
    Schema,
    /// Print a shell completion script (`fngate completions bash > /etc/bash_completion.d/fngate`).
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print a realistic event for `fngate invoke --event -`.
    Event {
        #[command(subcommand)]
        kind: EventKind,
    },
}

/// The kinds of event `fngate event` prints.
#[derive(Debug, Subcommand)]
pub(crate) enum EventKind {
    /// An API-gateway integration request event.
    Apigw(ApigwEventArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ApigwEventArgs {
    /// The HTTP method of the request.
    #[arg(long, short = 'X', default_value = "POST")]
    pub method: String,
    /// The request path, without the stage.
    #[arg(long, default_value = "/")]
    pub path: String,
    /// The API's configured path (`requestContext.path`; default: the request path).
    #[arg(long)]
    pub api_path: Option<String>,
    /// The stage.
    #[arg(long, default_value = "release")]
    pub stage: String,
    /// The request body.
    #[arg(long, short)]
    pub body: Option<String>,
    /// A query parameter, `key=value` (repeatable; a key without `=` is a bare flag).
    #[arg(long, short)]
    pub query: Vec<String>,
    /// A request header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H')]
    pub headers: Vec<String>,
}

/// What `fngate new` generates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum Template {
    /// An integrated-response API: the function sets status, headers and body.
    RustHttp,
    /// A passthrough API: the function returns JSON, the gateway answers 200 with it.
    RustPassthrough,
    /// A JavaScript function (`index.main_handler`), in the shape of SCF's hello world.
    Js,
    /// A Serverless Components project (`component: scf`) with a JavaScript function.
    Components,
}

impl Template {
    /// A few words on what it is.
    pub fn describe(self) -> &'static str {
        match self {
            Template::RustHttp => "Rust, integrated response",
            Template::RustPassthrough => "Rust, passthrough",
            Template::Js => "JavaScript",
            Template::Components => "Serverless Components, JavaScript",
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The project directory to create (or `.`); its name names the service and function.
    pub name: PathBuf,
    /// What to generate.
    #[arg(long, value_enum, default_value_t = Template::RustHttp)]
    pub template: Template,
    /// Use the guest SDK from this directory (`guest-sdk/rust` of an fngate
    /// source tree) instead of the copy written into the project.
    #[arg(long, value_name = "DIR")]
    pub sdk_path: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// A serverless.yml, or a directory holding one.
    #[arg(default_value = ".")]
    pub config: PathBuf,
    /// Check the config only; do not compile the functions.
    #[arg(long)]
    pub config_only: bool,
    /// Fail (exit 2) on warnings too, such as an unknown key.
    #[arg(long)]
    pub deny_warnings: bool,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

#[derive(Debug, Args)]
pub(crate) struct PrintArgs {
    /// A serverless.yml, or a directory holding one.
    #[arg(default_value = ".")]
    pub config: PathBuf,
    /// Print JSON instead of YAML.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub(crate) struct SignArgs {
    /// The key pair's secret id.
    #[arg(long)]
    pub secret_id: String,
    /// The key pair's secret key (better given through the environment).
    #[arg(long, env = "FNGATE_SECRET_KEY", hide_env_values = true)]
    pub secret_key: String,
    /// hmac-sha1, hmac-sha256, hmac-sha384 or hmac-sha512.
    #[arg(long, default_value = "hmac-sha256")]
    pub algorithm: String,
    /// The `Source` header (a free-form watermark).
    #[arg(long, default_value = "fngate-sign")]
    pub source: String,
    /// Print a curl command for this URL instead of the bare headers.
    pub url: Option<String>,
    /// The HTTP method of the curl command.
    #[arg(short = 'X', long, default_value = "GET")]
    pub method: String,
}

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// A serverless.yml, a directory holding one, or a directory of instances
    /// (subdirectories each holding one).
    #[arg(default_value = ".")]
    pub config: PathBuf,
    /// The address to listen on (port 0 picks a free port).
    #[arg(long, short, env = "FNGATE_LISTEN", default_value = "127.0.0.1:9000")]
    pub listen: std::net::SocketAddr,
    /// Serve HTTPS (HTTP/2 and HTTP/1.1 by ALPN) with this PEM certificate chain;
    /// read again when it changes. Needs --tls-key.
    #[arg(long, env = "FNGATE_TLS_CERT", value_name = "FILE", requires = "tls_key")]
    pub tls_cert: Option<PathBuf>,
    /// The PEM private key of --tls-cert.
    #[arg(long, env = "FNGATE_TLS_KEY", value_name = "FILE", requires = "tls_cert")]
    pub tls_key: Option<PathBuf>,
    /// A proxy whose X-Forwarded-For / Forwarded / X-Forwarded-Proto headers are
    /// believed (an address or CIDR network; repeatable, or comma-separated).
    #[arg(long = "trusted-proxy", env = "FNGATE_TRUSTED_PROXIES", value_name = "CIDR", value_delimiter = ',', value_parser = network)]
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// Share usage-plan counts with every replica through this Redis
    /// (`redis://host:port/db`), instead of `custom.fngate.state`.
    #[arg(long, env = "FNGATE_STATE", value_name = "URL", value_parser = state_url)]
    pub state: Option<String>,
    /// Connections held at once, in all (default: three quarters of the
    /// file-descriptor limit, at most 4096).
    #[arg(long, env = "FNGATE_MAX_CONNECTIONS", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: Option<u32>,
    /// Connections held at once from one client address.
    #[arg(long, env = "FNGATE_MAX_CONNECTIONS_PER_IP", value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections_per_ip: Option<u32>,
    /// How long a client may take to send a request body, in seconds (default 30).
    #[arg(long, env = "FNGATE_BODY_TIMEOUT", value_name = "SECONDS", value_parser = clap::value_parser!(u64).range(1..))]
    pub body_timeout: Option<u64>,
    /// Megabytes of request bodies buffered at once across all connections,
    /// each request charged four times its body (default: 1/256 of the memory
    /// budget, at least 32); a request waits for room within its serviceTimeout.
    #[arg(long, env = "FNGATE_BODY_BUDGET", value_name = "MB", value_parser = clap::value_parser!(u64).range(1..))]
    pub body_budget: Option<u64>,
    /// Build the project's functions first (their `build` commands, or Cargo), and
    /// rebuild a function when one of its watched sources changes.
    #[arg(long)]
    pub build: bool,
    /// Do not watch the config and modules for changes (for boxes that deploy by restart).
    #[arg(long)]
    pub no_watch: bool,
    /// Do not fire timer triggers (for a replica that only serves HTTP, or a dev
    /// box that should not run scheduled jobs).
    #[arg(long)]
    pub no_timers: bool,
    /// Refuse to start (exit 2) when any function's module cannot load; by
    /// default the others serve and the broken one answers its SCF error.
    #[arg(long, env = "FNGATE_STRICT")]
    pub strict: bool,
    /// The admin listener (/metrics, /healthz, /readyz, /routes and the web
    /// console at /console), or `off` (default: the port after --listen's, on
    /// 127.0.0.1, or a free one when taken).
    #[arg(long, env = "FNGATE_ADMIN", default_value = "", hide_default_value = true, value_name = "ADDR|off", value_parser = admin_addr)]
    pub admin: AdminAddr,
    /// The token the web console and its API require (as `Authorization:
    /// Bearer` or the console's login); without one they answer only on a
    /// loopback admin address.
    #[arg(long, env = "FNGATE_ADMIN_TOKEN", hide_env_values = true, value_name = "TOKEN")]
    pub admin_token: Option<String>,
    /// How many recent invocations the console keeps in memory, with their
    /// events, responses and logs (each bounded to 64 KiB); 0 keeps none.
    #[arg(long, env = "FNGATE_CONSOLE_HISTORY", default_value_t = fngate_gateway::history::DEFAULT_CAPACITY, value_name = "N")]
    pub console_history: usize,
    /// On SIGINT/SIGTERM, how long to keep serving with /readyz answering 503,
    /// so that load balancers take the replica out first, in seconds (a second
    /// signal ends it early).
    #[arg(long, env = "FNGATE_DRAIN", default_value_t = 5, value_name = "SECONDS")]
    pub drain: u64,
    /// On SIGINT/SIGTERM, how long to wait for in-flight requests, in seconds.
    #[arg(long, env = "FNGATE_SHUTDOWN_GRACE", default_value_t = 20, value_name = "SECONDS")]
    pub shutdown_grace: u64,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

#[derive(Debug, Args)]
pub(crate) struct InvokeArgs {
    /// [CONFIG] FUNCTION: CONFIG is a serverless.yml or a directory holding one (default `.`).
    #[arg(num_args = 0..=2, required_unless_present = "function", value_names = ["CONFIG", "FUNCTION"])]
    pub args: Vec<String>,
    /// The function (as `sls invoke local -f`); then the argument, if any, is the CONFIG.
    #[arg(long, short = 'f', value_name = "FUNCTION")]
    pub function: Option<String>,
    /// The event JSON: a file, or `-` for stdin. Default: an API-gateway event
    /// built from --path, -X, -H, -q and -b (a realistic sample without them).
    #[arg(long, conflicts_with = "data")]
    pub event: Option<String>,
    /// The whole event as JSON text (as `sls invoke local -d`).
    #[arg(long, short)]
    pub data: Option<String>,
    /// An environment variable for the function, over its configured ones (repeatable).
    #[arg(long = "env", short = 'e', value_name = "KEY=VALUE", value_parser = key_value)]
    pub env: Vec<(String, String)>,
    /// The API-gateway request the event describes.
    #[command(flatten)]
    pub request: InvokeRequest,
    /// Build the project's functions first (their `build` commands, or Cargo).
    #[arg(long)]
    pub build: bool,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

/// The request of `fngate invoke`'s event, as `fngate event apigw` takes it.
#[derive(Debug, Args)]
pub(crate) struct InvokeRequest {
    /// The HTTP method of the request.
    #[arg(long, short = 'X', conflicts_with_all = ["event", "data"])]
    pub method: Option<String>,
    /// The request path, without the stage.
    #[arg(long, conflicts_with_all = ["event", "data"])]
    pub path: Option<String>,
    /// The request body.
    #[arg(long, short, conflicts_with_all = ["event", "data"])]
    pub body: Option<String>,
    /// A query parameter, `key=value` (repeatable).
    #[arg(long, short, conflicts_with_all = ["event", "data"])]
    pub query: Vec<String>,
    /// A request header, `Name: value` (repeatable).
    #[arg(long = "header", short = 'H', conflicts_with_all = ["event", "data"])]
    pub headers: Vec<String>,
}

/// Settings of the wasm runtime shared by the commands that run functions.
#[derive(Debug, Args)]
pub(crate) struct RuntimeArgs {
    /// Where compiled modules are cached (default: ~/.cache/fngate/modules).
    #[arg(long, env = "FNGATE_CACHE_DIR", value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// The key file that authenticates cache entries (default:
    /// ~/.local/share/fngate/cache.key, created on first use).
    #[arg(long, env = "FNGATE_CACHE_KEY", value_name = "FILE")]
    pub cache_key: Option<PathBuf>,
    /// Instance slots: invocations at once (default 256).
    #[arg(long, env = "FNGATE_MAX_INSTANCES", value_name = "N", value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_instances: Option<u32>,
    /// MB of `memorySize` that running invocations may hold together (default:
    /// half of the machine's memory, or of the cgroup's limit when lower).
    #[arg(long, env = "FNGATE_MEMORY_BUDGET", value_name = "MB", value_parser = clap::value_parser!(u32).range(1..))]
    pub memory_budget: Option<u32>,
    /// Do not use or fill the compiled-module cache.
    #[arg(long)]
    pub no_cache: bool,
    /// Where JavaScript functions' code is staged, a private copy per code
    /// directory (default: $TMPDIR or /tmp); must be writable.
    #[arg(long, env = "FNGATE_STAGE_DIR", value_name = "DIR")]
    pub stage_dir: Option<PathBuf>,
}

impl InvokeArgs {
    /// The config path and the function name; `Err` when they are given twice over.
    pub fn config_and_function(&self) -> Result<(PathBuf, &str), String> {
        match (self.args.as_slice(), &self.function) {
            ([], Some(function)) => Ok((PathBuf::from("."), function)),
            ([config], Some(function)) => Ok((PathBuf::from(config), function)),
            ([function], None) => Ok((PathBuf::from("."), function)),
            ([config, function], None) => Ok((PathBuf::from(config), function)),
            (_, Some(f)) => Err(format!("the function is given twice: -f {f} and a second argument")),
            _ => Err("give the function to invoke: fngate invoke [CONFIG] FUNCTION".to_owned()),
        }
    }
}

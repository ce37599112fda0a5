//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::logging::LogFormat;

/// Self-hosted SCF-style functions on WebAssembly.
#[derive(Debug, Parser)]
#[command(name = "fngate", version, about)]
pub(crate) struct Cli {
    /// Log more (debug level).
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// The shape of log lines on stderr.
    #[arg(long, global = true, value_enum, default_value_t = LogFormat::Text)]
    pub log_format: LogFormat,
    /// The value of `${opt:stage}` in serverless.yml (as `serverless deploy --stage`).
    #[arg(long, global = true, value_name = "NAME")]
    pub stage: Option<String>,
    /// A value for `${opt:KEY}` in serverless.yml; repeatable.
    #[arg(long = "opt", global = true, value_name = "KEY=VALUE", value_parser = key_value)]
    pub opts: Vec<(String, String)>,
    #[command(subcommand)]
    pub command: Command,
}

/// `KEY=VALUE` → the pair.
fn key_value(s: &str) -> Result<(String, String), String> {
    s.split_once('=')
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .ok_or_else(|| format!("`{s}` is not KEY=VALUE"))
}

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Build every Rust function of a serverless.yml to wasm32-wasip1.
    Build {
        /// A serverless.yml, or a directory holding one.
        #[arg(default_value = ".")]
        config: PathBuf,
    },
    /// Run one function once on an event; print the response on stdout and the
    /// SCF log on stderr.
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
        #[arg(long, short, default_value = "127.0.0.1:9000")]
        listen: String,
    },
    /// Create a function project that `fngate build` and `fngate serve` accept as it is.
    New(NewArgs),
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
}

#[derive(Debug, Args)]
pub(crate) struct NewArgs {
    /// The project directory to create; its last component names the service and function.
    pub name: PathBuf,
    /// What to generate.
    #[arg(long, value_enum, default_value_t = Template::RustHttp)]
    pub template: Template,
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
    #[arg(long, short, default_value = "127.0.0.1:9000")]
    pub listen: std::net::SocketAddr,
    /// Build the project's Rust functions first.
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
    #[arg(long)]
    pub strict: bool,
    /// The admin listener (/metrics, /healthz, /readyz, /routes), or `off`.
    #[arg(long, default_value = "127.0.0.1:9001", value_name = "ADDR|off")]
    pub admin: String,
    /// On SIGINT/SIGTERM, how long to wait for in-flight requests, in seconds.
    #[arg(long, default_value_t = 20, value_name = "SECONDS")]
    pub shutdown_grace: u64,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

#[derive(Debug, Args)]
pub(crate) struct InvokeArgs {
    /// [CONFIG] FUNCTION: CONFIG is a serverless.yml or a directory holding one (default `.`).
    #[arg(num_args = 1..=2, required = true, value_names = ["CONFIG", "FUNCTION"])]
    pub args: Vec<String>,
    /// The event JSON: a file, or `-` for stdin. Default: a realistic sample API-gateway event.
    #[arg(long, short)]
    pub event: Option<String>,
    /// Build the project's Rust functions first.
    #[arg(long)]
    pub build: bool,
    #[command(flatten)]
    pub runtime: RuntimeArgs,
}

/// Settings of the wasm runtime shared by the commands that run functions.
#[derive(Debug, Args)]
pub(crate) struct RuntimeArgs {
    /// Where compiled modules are cached (default: $FNGATE_CACHE_DIR, else ~/.cache/fngate/modules).
    #[arg(long, value_name = "DIR")]
    pub cache_dir: Option<PathBuf>,
    /// Do not use or fill the compiled-module cache.
    #[arg(long)]
    pub no_cache: bool,
}

impl InvokeArgs {
    /// The config path and the function name.
    pub fn config_and_function(&self) -> (PathBuf, &str) {
        match self.args.as_slice() {
            [function] => (PathBuf::from("."), function),
            [config, function, ..] => (PathBuf::from(config), function),
            [] => unreachable!("clap requires at least one argument"),
        }
    }
}

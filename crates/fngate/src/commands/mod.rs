//! One module per subcommand.

mod build;
mod check;
mod event;
mod invoke;
mod new;
mod print;
mod rebuild;
mod routes;
mod schema;
mod serve;
mod sign;
mod signals;

use std::path::Path;
use std::process::ExitCode;

use fngate_config::Config;
use fngate_runtime::RuntimeConfig;

use crate::cli::{Cli, Command, EventKind, RuntimeArgs};

/// Runs the parsed command.
pub(crate) fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Build { config } => {
            let config = load_config(&config)?;
            build::build(&config)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Invoke(args) => invoke::invoke(&args, cli.log_format),
        Command::Serve(args) => serve::serve(&args),
        Command::Sign(args) => sign::sign(&args),
        Command::Routes { config, listen } => {
            routes::print(&load_config(&config)?, &listen, "http", false)?;
            Ok(ExitCode::SUCCESS)
        }
        Command::New(args) => new::new(&args),
        Command::Check(args) => check::check(&args),
        Command::Print(args) => print::print(&args),
        Command::Schema => schema::schema(),
        Command::Completions { shell } => {
            use clap::CommandFactory as _;
            clap_complete::generate(shell, &mut Cli::command(), "fngate", &mut std::io::stdout());
            Ok(ExitCode::SUCCESS)
        }
        Command::Event { kind: EventKind::Apigw(args) } => event::apigw(&args),
    }
}

/// Writes `text` and a newline to stdout; a reader that went away (`| head`)
/// is no error.
pub(crate) fn print_out(text: &str) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stdout().lock(), "{text}");
}

/// Loads and validates a config, printing warnings; an invalid config is an error
/// that lists every problem.
pub(crate) fn load_config(path: &Path) -> anyhow::Result<Config> {
    match fngate_config::load(path) {
        Ok((config, warnings)) => {
            for w in &warnings.0 {
                tracing::warn!("{w}");
            }
            Ok(config)
        }
        Err(diagnostics) => {
            Err(crate::UsageError(format!("invalid configuration:\n{}", diagnostics.to_string().trim_end()))
                .into())
        }
    }
}

/// The runtime settings from the command line, with the built-in JavaScript engine.
pub(crate) fn runtime_config(args: &RuntimeArgs) -> RuntimeConfig {
    let mut config = RuntimeConfig::default();
    if let Some(dir) = &args.cache_dir {
        config.cache_dir = Some(dir.clone());
    }
    if args.no_cache {
        config.cache_dir = None;
    }
    config.cache_key = args.cache_key.clone();
    if let Some(n) = args.max_instances {
        config.max_instances = n;
    }
    if let Some(mb) = args.memory_budget {
        config.memory_budget_mb = mb;
    }
    if let Some(dir) = &args.stage_dir {
        config.stage_dir = Some(dir.clone());
    }
    config.js_engine = Some(js_engine());
    config
}

/// The JavaScript engine: the one built in, or for engine development the
/// build named by `FNGATE_JS_ENGINE_WASM` (read once, kept for the process).
fn js_engine() -> &'static [u8] {
    match std::env::var_os("FNGATE_JS_ENGINE_WASM").map(std::fs::read) {
        Some(Ok(bytes)) => Box::leak(bytes.into_boxed_slice()),
        Some(Err(e)) => {
            eprintln!("FNGATE_JS_ENGINE_WASM: {e}; using the built-in engine");
            fngate_js_engine::MODULE
        }
        None => fngate_js_engine::MODULE,
    }
}

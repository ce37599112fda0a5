//! The `fngate` command: parses the command line and hands off to the library crates.

mod cli;
mod commands;
mod logging;
mod progress;

use std::process::ExitCode;

use clap::Parser as _;

/// jemalloc: glibc malloc was ~21% of the gateway's instructions per request;
/// jemalloc gives +16% req/s for ~2.5 MB more idle RSS (docs/benchmarks.md).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options (`$_RJEM_MALLOC_CONF` still overrides them): a background
/// thread does jemalloc's housekeeping, and freed pages go back to the OS
/// within a second (`dirty_decay_ms:1000`, then at once: `muzzy_decay_ms:0`),
/// so neither a burst of compiling (a JavaScript function's snapshot: ~100 MB)
/// nor a burst of large request bodies stays resident. Buffers of 1 MB and
/// more come from jemalloc's dedicated arena (`oversize_threshold`), not cached
/// per arena. Measured, 20 sequential 6 MB requests: 51 MB right after, 32 MB
/// two seconds later (idle 18 MB); the 10 s default held 54 MB. Returning pages
/// at once instead (`dirty_decay_ms:0`) cost every request a wake-up of the
/// background thread and a `madvise` (a TLB shootdown on the other cores): the
/// warm hello world served 39.5k req/s against 44.8k with a second's decay,
/// 37 µs of server CPU per request against 31 (two alternating rounds).
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &u8 =
    &b"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0,oversize_threshold:1048576\0"[0];

/// Exit code for bad usage or an invalid config (the function never ran).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code for a function that ran and failed, and for runtime failures
/// (a port in use, a failed build).
pub(crate) const EXIT_FUNCTION_ERROR: u8 = 1;

/// An error in what the user asked for (the command line, the config, a
/// setting): exit 2. Every other error is a runtime failure: exit 1.
#[derive(Debug)]
pub(crate) struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for UsageError {}

/// The environment variable an invalid value came from, when it came from one
/// (clap's message names only the flag).
fn env_source(error: &clap::Error) -> Option<String> {
    use clap::CommandFactory as _;
    use clap::error::{ContextKind, ContextValue};
    let Some(ContextValue::String(arg)) = error.get(ContextKind::InvalidArg) else { return None };
    let long = arg.split_whitespace().next()?.strip_prefix("--")?;
    let given = std::env::args().any(|a| a == format!("--{long}") || a.starts_with(&format!("--{long}=")));
    let command = cli::Cli::command();
    let mut commands = vec![&command];
    commands.extend(command.get_subcommands());
    let var =
        commands.iter().flat_map(|c| c.get_arguments()).find(|a| a.get_long() == Some(long))?.get_env()?;
    (!given && std::env::var_os(var).is_some()).then(|| var.to_string_lossy().into_owned())
}

fn main() -> ExitCode {
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            if let Some(var) = env_source(&e) {
                eprintln!("fngate: the environment variable {var} holds this value:");
            }
            e.exit()
        }
    };
    if let Err(e) = logging::init(cli.log_format, cli.verbose) {
        eprintln!("fngate: {e}");
        return ExitCode::from(EXIT_USAGE);
    }
    // `${opt:…}` in serverless.yml, as the Serverless Framework's command line gives them.
    let mut options: std::collections::BTreeMap<String, String> = cli.opts.iter().cloned().collect();
    if let Some(stage) = &cli.stage {
        options.insert("stage".into(), stage.clone());
    }
    fngate_config::set_options(options);
    let code = match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            tracing::error!("{err:#}");
            let usage = err.chain().any(|e| e.is::<UsageError>());
            ExitCode::from(if usage { EXIT_USAGE } else { EXIT_FUNCTION_ERROR })
        }
    };
    fngate_gateway::flush_log();
    code
}

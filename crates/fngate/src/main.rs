//! The `fngate` command: parses the command line and hands off to the library crates.

mod cli;
mod commands;
mod logging;

use std::process::ExitCode;

use clap::Parser;

/// jemalloc: glibc malloc was ~21% of the gateway's instructions per request;
/// jemalloc gives +16% req/s for ~2.5 MB more idle RSS (README, Benchmarks).
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options (`$_RJEM_MALLOC_CONF` still overrides them): a background
/// thread gives freed memory back to the OS. Without it, memory freed by a
/// burst of compiling (a JavaScript function's snapshot: ~100 MB) stayed
/// resident for as long as the gateway idled.
#[unsafe(export_name = "_rjem_malloc_conf")]
pub static MALLOC_CONF: &u8 = &b"background_thread:true\0"[0];

/// Exit code for bad usage or an invalid config (the function never ran).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code for a function that ran and failed.
pub(crate) const EXIT_FUNCTION_ERROR: u8 = 1;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    logging::init(cli.log_format, cli.verbose);
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
            ExitCode::from(EXIT_USAGE)
        }
    };
    fngate_gateway::flush_log();
    code
}

//! The `fngate` command: parses the command line and hands off to the library crates.

mod cli;
mod commands;

use std::process::ExitCode;

use clap::Parser;

/// Exit code for bad usage or an invalid config (the function never ran).
pub(crate) const EXIT_USAGE: u8 = 2;
/// Exit code for a function that ran and failed.
pub(crate) const EXIT_FUNCTION_ERROR: u8 = 1;

fn main() -> ExitCode {
    let cli = cli::Cli::parse();
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(if cli.verbose { tracing::Level::DEBUG } else { tracing::Level::INFO })
        .with_target(false)
        .init();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => {
            eprintln!("fngate: {err:#}");
            ExitCode::from(EXIT_USAGE)
        }
    }
}

//! `fngate serve`: the API gateway over HTTP.

use std::io::Write;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use fngate_config::Config;
use fngate_gateway::{Gateway, Snapshot, display_path};
use fngate_runtime::Runtime;

use crate::EXIT_USAGE;
use crate::cli::ServeArgs;
use crate::commands::{build, load_config, runtime_config};

pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let config = load_config(&args.config)?;
    if args.build {
        build::build(&config)?;
    }
    let runtime = Arc::new(Runtime::new(runtime_config(&args.runtime))?);
    let snapshot = match Snapshot::load(&runtime, &config) {
        Ok(snapshot) => snapshot,
        Err(errors) => {
            for (function, error) in errors {
                eprintln!("fngate: function `{function}`: {error}");
            }
            return Ok(ExitCode::from(EXIT_USAGE));
        }
    };
    let tokio = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    tokio.block_on(async {
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        print_routes(&config, &addr.to_string())?;
        let gateway = Arc::new(Gateway::new(runtime, snapshot));
        if !args.no_watch {
            fngate_gateway::watch(gateway.clone())
                .map_err(|e| anyhow::anyhow!("cannot watch {} for changes: {e}", config.file.display()))?;
        }
        fngate_gateway::serve(gateway, listener, shutdown_signal(), Duration::from_secs(args.shutdown_grace))
            .await?;
        anyhow::Ok(ExitCode::SUCCESS)
    })
}

/// Prints the route table, then the line tests and scripts wait for.
fn print_routes(config: &Config, addr: &str) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    let rows: Vec<[String; 6]> = config
        .apis
        .iter()
        .map(|api| {
            [
                api.stage.clone(),
                api.method.clone(),
                format!("http://{addr}/{}{}", api.stage, display_path(&api.path)),
                api.function.clone(),
                if api.integrated_response { "integrated" } else { "passthrough" }.to_owned(),
                api.service_id.clone(),
            ]
        })
        .collect();
    let header = ["STAGE", "METHOD", "URL", "FUNCTION", "RESPONSE", "SERVICE"].map(String::from);
    let mut widths = header.clone().map(|h| h.len());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.len());
        }
    }
    for row in std::iter::once(&header).chain(&rows) {
        let line: Vec<String> = row.iter().zip(widths).map(|(cell, w)| format!("{cell:w$}")).collect();
        writeln!(out, "{}", line.join("  ").trim_end())?;
    }
    if rows.is_empty() {
        writeln!(out, "(no apigw events: nothing to route)")?;
    }
    writeln!(out, "listening on http://{addr}")?;
    out.flush()
}

/// Resolves on SIGINT or SIGTERM.
async fn shutdown_signal() {
    let interrupt = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut terminate = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("cannot install the SIGTERM handler");
        tokio::select! {
            _ = interrupt => {}
            _ = terminate.recv() => {}
        }
    }
    #[cfg(not(unix))]
    let _ = interrupt.await;
}

//! `fngate serve`: the API gateway over HTTP, and its admin listener.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use fngate_gateway::{Admin, Gateway, Metrics, Snapshot};
use fngate_runtime::Runtime;

use crate::EXIT_USAGE;
use crate::cli::ServeArgs;
use crate::commands::{build, load_config, routes, runtime_config};

pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let config = load_config(&args.config)?;
    if args.build {
        build::build(&config)?;
    }
    let admin_addr = match args.admin.as_str() {
        "off" => None,
        addr => Some(addr.parse::<std::net::SocketAddr>().with_context(|| {
            format!("--admin {addr}: expected an address such as 127.0.0.1:9001, or `off`")
        })?),
    };
    let runtime = Arc::new(Runtime::new(runtime_config(&args.runtime))?);
    let tokio = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    tokio.block_on(async {
        // The admin listener comes first, so /readyz can say "not yet" while modules compile.
        let metrics = admin_addr.map(|_| Arc::new(Metrics::new()));
        let admin = Admin::new(metrics.clone());
        if let Some(addr) = admin_addr {
            let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| {
                format!("cannot listen on {addr} for the admin endpoints (choose another with --admin, or --admin off)")
            })?;
            println!("admin on http://{}", listener.local_addr()?);
            tokio::spawn(fngate_gateway::serve_admin(admin.clone(), listener));
        }
        let (rt, cfg) = (runtime.clone(), config.clone());
        let count = config.functions.len();
        tracing::info!("compiling {count} function{}", if count == 1 { "" } else { "s" });
        // A broken module is logged by the load; it stops start-up only with --strict.
        let snapshot = tokio::task::spawn_blocking(move || Snapshot::load(&rt, &cfg, None)).await?;
        if args.strict && !snapshot.broken.is_empty() {
            tracing::error!("--strict: {} function(s) cannot load; not starting", snapshot.broken.len());
            return Ok(ExitCode::from(EXIT_USAGE));
        }
        let listener = tokio::net::TcpListener::bind(args.listen)
            .await
            .with_context(|| format!("cannot listen on {}", args.listen))?;
        let addr = listener.local_addr()?;
        let gateway = Arc::new(Gateway::new(runtime, snapshot, metrics));
        if !args.no_watch {
            fngate_gateway::watch(gateway.clone())
                .map_err(|e| anyhow::anyhow!("cannot watch {} for changes: {e}", config.file.display()))?;
        }
        if !args.no_timers {
            fngate_gateway::start_timers(gateway.clone());
        }
        admin.set_ready(gateway.clone());
        routes::print(&config, &addr.to_string(), true)?;
        fngate_gateway::serve(gateway, listener, shutdown_signal(), Duration::from_secs(args.shutdown_grace))
            .await?;
        anyhow::Ok(ExitCode::SUCCESS)
    })
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

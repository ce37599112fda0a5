//! `fngate serve`: the API gateway over HTTP, and its admin listener.

use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use fngate_gateway::{Admin, ConnectionCaps, Gateway, Metrics, Snapshot, TlsFiles, TrustedProxies};
use fngate_runtime::Runtime;

use crate::cli::ServeArgs;
use crate::commands::{build, load_config, rebuild, routes, runtime_config};
use crate::{EXIT_USAGE, UsageError};

pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let config = load_config(&args.config)?;
    // With --build, the sources of the functions built now are watched, and a
    // change rebuilds (the module reload follows).
    let _rebuilder = match args.build {
        true => {
            build::build(&config)?;
            rebuild::watch(build::units(&config))?
        }
        false => None,
    };
    let admin_addr = args.admin.0;
    let tls = match (&args.tls_cert, &args.tls_key) {
        (Some(cert), Some(key)) => {
            let files = TlsFiles { cert: cert.clone(), key: key.clone() };
            Some(
                fngate_gateway::tls_acceptor(&files)
                    .map_err(|e| UsageError(format!("--tls-cert/--tls-key: {e}")))?,
            )
        }
        _ => None,
    };
    let mut caps = ConnectionCaps::from_env();
    if let Some(n) = args.max_connections {
        caps.total = n as usize;
    }
    caps.per_ip = args.max_connections_per_ip.map_or(caps.per_ip, |n| n as usize).min(caps.total);
    if let Some(secs) = args.body_timeout {
        fngate_gateway::set_body_read_timeout(Duration::from_secs(secs));
    }
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
        let proxies = TrustedProxies(args.trusted_proxies.clone());
        let mut gateway = Gateway::new(runtime, snapshot, metrics)
            .with_trusted_proxies(proxies)
            .with_state(args.state.clone());
        if let Some(mb) = args.body_budget {
            gateway = gateway.with_body_budget(fngate_gateway::BodyBudget::new(mb));
        }
        tracing::debug!("request bodies buffered within {} MB", gateway.body_budget().mb());
        gateway.state_connected().await;
        let gateway = Arc::new(gateway);
        if !args.no_watch {
            fngate_gateway::watch(gateway.clone())
                .map_err(|e| anyhow::anyhow!("cannot watch {} for changes: {e}", config.file.display()))?;
        }
        if !args.no_timers {
            fngate_gateway::start_timers(gateway.clone());
        }
        #[cfg(unix)]
        tokio::spawn(reload_on_hangup(gateway.clone()));
        admin.set_ready(gateway.clone());
        let scheme = if tls.is_some() { "https" } else { "http" };
        routes::print(&config, &addr.to_string(), scheme, true)?;
        let grace = Duration::from_secs(args.shutdown_grace);
        let shutdown = drain_then_stop(admin.clone(), Duration::from_secs(args.drain));
        fngate_gateway::serve(gateway, listener, tls, caps, shutdown, grace).await?;
        anyhow::Ok(ExitCode::SUCCESS)
    })
}

/// Reloads the config and the functions on each SIGHUP (`systemctl reload`).
#[cfg(unix)]
async fn reload_on_hangup(gateway: Arc<Gateway>) {
    let Ok(mut hangup) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::hangup()) else {
        return tracing::warn!("cannot install the SIGHUP handler: reload by restarting");
    };
    while hangup.recv().await.is_some() {
        tracing::info!("SIGHUP: reloading the config");
        fngate_gateway::reload_now(&gateway).await;
    }
}

/// Resolves `drain` after SIGINT or SIGTERM (at once on a second signal); in
/// between, `/readyz` answers 503 and the listener keeps serving.
async fn drain_then_stop(admin: Arc<Admin>, drain: Duration) {
    shutdown_signal().await;
    admin.set_draining();
    if drain.is_zero() {
        return;
    }
    tracing::info!("draining: /readyz answers 503; serving {drain:?} more, then closing the listener");
    tokio::select! {
        () = tokio::time::sleep(drain) => {}
        () = shutdown_signal() => tracing::info!("second signal: stopping now"),
    }
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

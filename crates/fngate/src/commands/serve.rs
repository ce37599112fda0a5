//! `fngate serve`: the API gateway over HTTP, and its admin listener.
//!
//! Signals are taken from the first instant: SIGTERM or SIGINT during start-up
//! stops it cleanly, and a SIGHUP then reloads once start-up is done. Under
//! systemd (`Type=notify`) the service manager hears READY, RELOADING and
//! STOPPING.

use std::net::SocketAddr;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::Context as _;
use fngate_gateway::console::{Access, Console};
use fngate_gateway::history::History;
use fngate_gateway::{Admin, ConnectionCaps, Gateway, Metrics, Snapshot, TlsFiles, TrustedProxies};
use fngate_runtime::Runtime;
use sd_notify::NotifyState;

use crate::cli::ServeArgs;
use crate::commands::signals::{Signals, Stop};
use crate::commands::{build, load_config, rebuild, routes, runtime_config};
use crate::progress::Progress;
use crate::{EXIT_USAGE, UsageError};

pub(crate) fn serve(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let tokio = tokio::runtime::Builder::new_multi_thread().enable_all().build()?;
    let code = tokio.block_on(serve_async(args));
    // Start-up may have been stopped while functions compiled on the blocking
    // pool: do not wait for them.
    tokio.shutdown_timeout(Duration::from_millis(200));
    code
}

/// What stopped start-up, or the server once it ran.
enum Outcome<T> {
    Done(T),
    Stopped(Stop),
}

/// Runs `work` on the blocking pool unless a stop signal comes first.
async fn unless_stopped<T: Send + 'static>(
    signals: &mut Signals,
    work: impl FnOnce() -> T + Send + 'static,
) -> anyhow::Result<Outcome<T>> {
    tokio::select! {
        done = tokio::task::spawn_blocking(work) => Ok(Outcome::Done(done?)),
        stop = signals.stop() => Ok(Outcome::Stopped(stop)),
    }
}

/// Start-up was stopped by a signal: a clean exit, said as such.
fn stopped_during_start_up(stop: Stop) -> anyhow::Result<ExitCode> {
    crate::progress::clear();
    let _ = sd_notify::notify(&[NotifyState::Stopping]);
    tracing::info!("{}: stopping during start-up", stop.name());
    Ok(ExitCode::SUCCESS)
}

async fn serve_async(args: &ServeArgs) -> anyhow::Result<ExitCode> {
    let mut signals = Signals::install()?;
    let config = load_config(&args.config)?;
    // With --build, the sources of the functions built now are watched, and a
    // change rebuilds (the module reload follows).
    let _rebuilder = if args.build {
        let cfg = config.clone();
        match unless_stopped(&mut signals, move || build::build(&cfg)).await? {
            Outcome::Done(built) => built?,
            Outcome::Stopped(stop) => return stopped_during_start_up(stop),
        }
        rebuild::watch(build::units(&config))?
    } else {
        None
    };
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
    // The admin listener comes first, so /readyz can say "not yet" while modules compile.
    let metrics = args.admin.is_on().then(|| Arc::new(Metrics::new()));
    if let Some(m) = &metrics {
        m.configured(&config);
    }
    let admin_listener = admin_listener(args).await?;
    let history = admin_listener.as_ref().map(|_| History::new(args.console_history));
    let console = match (&admin_listener, &history) {
        (Some(listener), Some(history)) => {
            let access = Access::new(args.admin_token.clone(), listener.local_addr()?.ip().is_loopback());
            if !access.usable() {
                tracing::warn!(
                    "the admin listener is not on loopback and FNGATE_ADMIN_TOKEN is not set: the console and its API answer 401"
                );
            }
            Some(Console::new(history.clone(), access))
        }
        _ => None,
    };
    let admin = Admin::new(metrics.clone(), console);
    if let Some(listener) = admin_listener {
        println!("admin on http://{}", listener.local_addr()?);
        tokio::spawn(fngate_gateway::serve_admin(admin.clone(), listener));
    }
    let (rt, cfg) = (runtime.clone(), config.clone());
    let count = config.functions.len();
    let what = format!("loading {count} function{}", if count == 1 { "" } else { "s" });
    let loading = move || {
        let progress = Progress::new(count, &what);
        let snapshot = Snapshot::load_reporting(&rt, &cfg, None, &progress);
        progress.done(&format!("{} of {count} loaded", snapshot.functions.len()));
        snapshot
    };
    // A broken module is logged by the load; it stops start-up only with --strict.
    let snapshot = match unless_stopped(&mut signals, loading).await? {
        Outcome::Done(snapshot) => snapshot,
        Outcome::Stopped(stop) => return stopped_during_start_up(stop),
    };
    if args.strict && !snapshot.broken.is_empty() {
        tracing::error!("--strict: {} function(s) cannot load; not starting", snapshot.broken.len());
        return Ok(ExitCode::from(EXIT_USAGE));
    }
    let listener = tokio::net::TcpListener::bind(args.listen)
        .await
        .with_context(|| format!("cannot listen on {} (choose another with --listen)", args.listen))?;
    let addr = listener.local_addr()?;
    let proxies = TrustedProxies(args.trusted_proxies.clone());
    let mut gateway =
        Gateway::new(runtime, snapshot, metrics).with_trusted_proxies(proxies).with_state(args.state.clone());
    if let Some(history) = history {
        gateway = gateway.with_history(history);
    }
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
    // A SIGHUP that came during start-up is waiting in the stream: it reloads now.
    tokio::spawn(reload_on_hangup(gateway.clone(), signals.take_hangup()));
    admin.set_ready(gateway.clone());
    let scheme = if tls.is_some() { "https" } else { "http" };
    routes::print(&config, &addr.to_string(), scheme, true)?;
    let _ = sd_notify::notify(&[NotifyState::Ready, NotifyState::Status(&format!("serving on {addr}"))]);
    let grace = Duration::from_secs(args.shutdown_grace);
    let shutdown = drain_then_stop(admin.clone(), Duration::from_secs(args.drain), signals);
    fngate_gateway::serve(gateway, listener, tls, caps, shutdown, grace).await?;
    anyhow::Ok(ExitCode::SUCCESS)
}

/// The admin listener: the address given, or by default the API port's next
/// one on loopback (9001 beside 9000), or a free port when that one is taken
/// (a second project on one box).
async fn admin_listener(args: &ServeArgs) -> anyhow::Result<Option<tokio::net::TcpListener>> {
    let (addr, chosen) = match args.admin.0 {
        crate::cli::AdminChoice::Off => return Ok(None),
        crate::cli::AdminChoice::At(addr) => (addr, true),
        crate::cli::AdminChoice::Default => {
            let port = match args.listen.port() {
                0 => 0,
                p => p.checked_add(1).unwrap_or(0),
            };
            (SocketAddr::from(([127, 0, 0, 1], port)), false)
        }
    };
    match tokio::net::TcpListener::bind(addr).await {
        Ok(listener) => Ok(Some(listener)),
        Err(e) if !chosen && e.kind() == std::io::ErrorKind::AddrInUse => {
            tracing::warn!("{addr} is taken (another fngate?): the admin listener takes a free port");
            let any = SocketAddr::new(addr.ip(), 0);
            Ok(Some(tokio::net::TcpListener::bind(any).await.with_context(|| format!("cannot listen on {any}"))?))
        }
        Err(e) => Err(e).with_context(|| {
            format!("cannot listen on {addr} for the admin endpoints (choose another with --admin, or --admin off)")
        }),
    }
}

/// Reloads the config and the functions on each SIGHUP (`systemctl reload`).
async fn reload_on_hangup(gateway: Arc<Gateway>, hangup: Option<tokio::signal::unix::Signal>) {
    let Some(mut hangup) = hangup else {
        return tracing::warn!("cannot install the SIGHUP handler: reload by restarting");
    };
    while hangup.recv().await.is_some() {
        tracing::info!("SIGHUP: reloading the config");
        let mut reloading = vec![NotifyState::Reloading];
        reloading.extend(NotifyState::monotonic_usec_now());
        let _ = sd_notify::notify(&reloading);
        let _ = fngate_gateway::reload_now(&gateway).await;
        let _ = sd_notify::notify(&[NotifyState::Ready]);
    }
}

/// Resolves after SIGINT or SIGTERM, and the drain: in between, `/readyz`
/// answers 503 and the listener keeps serving. A second signal ends the drain
/// at once, and so does Ctrl-C on a terminal (nobody balances load there).
async fn drain_then_stop(admin: Arc<Admin>, drain: Duration, mut signals: Signals) {
    let stop = signals.stop().await;
    let _ = sd_notify::notify(&[NotifyState::Stopping]);
    admin.set_draining();
    if drain.is_zero() || stop.typed_at_a_terminal() {
        return;
    }
    tracing::info!("draining: /readyz answers 503; serving {drain:?} more, then closing the listener");
    tokio::select! {
        () = tokio::time::sleep(drain) => {}
        _ = signals.stop() => tracing::info!("second signal: stopping now"),
    }
}

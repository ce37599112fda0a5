//! The HTTP/1.1 server: accept loop, connection caps, timeouts and graceful shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;

use crate::connections::{ConnectionCaps, Connections};
use crate::gateway::Gateway;

/// hyper's read buffer: a request head that does not fit is refused by hyper
/// itself (431); heads under it are checked against [`MAX_HEADER_BYTES`].
const READ_BUFFER_BYTES: usize = 256 * 1024;
/// How long a client may take to send its request head; also how long a
/// keep-alive connection may stay idle (hyper starts the same timer when it
/// waits for the next request).
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Serves `gateway` on `listener` until `shutdown` resolves, then stops accepting
/// and waits up to `grace` for in-flight requests to finish.
pub async fn serve(
    gateway: Arc<Gateway>,
    listener: TcpListener,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    let caps = ConnectionCaps::from_env();
    tracing::debug!("connection caps: {} in all, {} per client address", caps.total, caps.per_ip);
    let connections = Connections::new(caps);
    let mut http = http1::Builder::new();
    http.max_buf_size(READ_BUFFER_BYTES).timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(conn) => conn,
                    Err(e) => {
                        // Out of file descriptors and the like: back off, keep serving.
                        tracing::warn!("accept failed: {e}");
                        tokio::time::sleep(Duration::from_millis(10)).await;
                        continue;
                    }
                };
                let held = match connections.admit(peer.ip().to_canonical()) {
                    Ok(held) => held,
                    Err(refused) => {
                        // Closed before any request is read; counted.
                        drop(stream);
                        if let Some(m) = gateway.metrics() {
                            m.connection_refused(refused.label());
                        }
                        continue;
                    }
                };
                let _ = stream.set_nodelay(true);
                let gateway = gateway.clone();
                let service = service_fn(move |req| {
                    let gateway = gateway.clone();
                    async move { Ok::<_, Infallible>(gateway.handle(req, peer).await) }
                });
                let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
                tokio::spawn(async move {
                    if let Err(e) = connection.await {
                        tracing::debug!("connection from {peer}: {e}");
                    }
                    drop(held);
                });
            }
            () = &mut shutdown => break,
        }
    }
    drop(listener);
    tracing::info!("shutting down: waiting up to {grace:?} for in-flight requests");
    tokio::select! {
        () = graceful.shutdown() => {}
        () = tokio::time::sleep(grace) => tracing::warn!("in-flight requests did not finish within {grace:?}"),
    }
    crate::logsink::flush_log();
    Ok(())
}

//! The API listener: accept loop, connection caps, TLS with HTTP/2 by ALPN
//! (HTTP/1.1 otherwise), timeouts, HTTP/2's limits, and graceful shutdown.

use std::convert::Infallible;
use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use hyper::server::conn::{http1, http2};
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tokio_rustls::TlsAcceptor;

use crate::connections::{ConnectionCaps, Connections};
use crate::gateway::Gateway;

/// hyper's read buffer: a request head that does not fit is refused by hyper
/// itself (431); heads under it are checked against [`MAX_HEADER_BYTES`].
const READ_BUFFER_BYTES: usize = 256 * 1024;
/// How long a client may take to send its request head; also how long a
/// keep-alive connection may stay idle (hyper starts the same timer when it
/// waits for the next request).
pub(crate) const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(30);
/// How long a client may take to complete the TLS handshake.
const TLS_HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// HTTP/2 streams (requests) at once on one connection.
const H2_MAX_STREAMS: u32 = 100;
/// HTTP/2's decoded header list: room for [`crate::MAX_HEADER_BYTES`] and
/// HPACK's 32 bytes per field, so larger heads get the gateway's own 431.
const H2_MAX_HEADER_LIST: u32 = 96 * 1024;
/// Streams a client may reset before the server accepts them (rapid reset,
/// CVE-2023-44487), and streams the server may reset for protocol errors,
/// before the connection is closed.
const H2_MAX_PENDING_RESETS: usize = 20;
const H2_MAX_ERROR_RESETS: usize = 256;
/// HTTP/2 flow-control windows: what a client may send on one stream, and on
/// one connection, before the gateway reads it. A request waiting for room in
/// the body budget leaves its body unread; these bound what that costs (hyper's
/// defaults are 1 MB each).
const H2_WINDOW: u32 = 256 * 1024;
/// An idle HTTP/2 connection is pinged this often, and closed when a ping goes unanswered.
const H2_KEEP_ALIVE: Duration = Duration::from_secs(30);
/// Requests a client may cancel on one connection before it is closed, when it
/// cancels more than it lets finish: a reset stream frees its slot among the
/// concurrent streams at once, so without this a client could start work
/// without bound (rapid reset, CVE-2023-44487, once streams are accepted).
const MAX_CANCELLED: usize = 128;

/// One connection's requests that finished and that the client cancelled.
#[derive(Default)]
struct Tally {
    finished: AtomicUsize,
    cancelled: AtomicUsize,
    abusive: tokio::sync::Notify,
}

/// Counts its request as cancelled unless it finished.
struct Cancellation {
    tally: Arc<Tally>,
    finished: bool,
}

impl Cancellation {
    /// The request finished: it was not cancelled.
    fn finish(mut self) {
        self.finished = true;
    }
}

impl Drop for Cancellation {
    fn drop(&mut self) {
        if self.finished {
            self.tally.finished.fetch_add(1, Ordering::Relaxed);
            return;
        }
        let cancelled = self.tally.cancelled.fetch_add(1, Ordering::Relaxed) + 1;
        if cancelled > MAX_CANCELLED && cancelled > self.tally.finished.load(Ordering::Relaxed) {
            self.tally.abusive.notify_one();
        }
    }
}

/// Serves `gateway` on `listener` (over TLS when `tls` is given, holding at
/// most `caps` connections) until `shutdown` resolves, then stops accepting and
/// waits up to `grace` for in-flight requests to finish.
pub async fn serve(
    gateway: Arc<Gateway>,
    listener: TcpListener,
    tls: Option<TlsAcceptor>,
    caps: ConnectionCaps,
    shutdown: impl Future<Output = ()>,
    grace: Duration,
) -> std::io::Result<()> {
    let graceful = GracefulShutdown::new();
    tracing::debug!("connection caps: {} in all, {} per client address", caps.total, caps.per_ip);
    let connections = Connections::new(caps);
    let mut h1 = http1::Builder::new();
    h1.max_buf_size(READ_BUFFER_BYTES).timer(TokioTimer::new()).header_read_timeout(HEADER_READ_TIMEOUT);
    let mut h2 = http2::Builder::new(TokioExecutor::new());
    h2.timer(TokioTimer::new())
        .max_concurrent_streams(H2_MAX_STREAMS)
        .max_header_list_size(H2_MAX_HEADER_LIST)
        .max_pending_accept_reset_streams(H2_MAX_PENDING_RESETS)
        .max_local_error_reset_streams(H2_MAX_ERROR_RESETS)
        .initial_stream_window_size(H2_WINDOW)
        .initial_connection_window_size(H2_WINDOW)
        .keep_alive_interval(H2_KEEP_ALIVE)
        .keep_alive_timeout(HEADER_READ_TIMEOUT);
    let (h1, h2) = (Arc::new(h1), Arc::new(h2));
    tokio::pin!(shutdown);
    loop {
        tokio::select! {
            accepted = listener.accept() => {
                let (stream, peer) = match accepted {
                    Ok(conn) => conn,
                    Err(e) => {
                        // Out of file descriptors and the like: back off, keep serving.
                        crate::throttle::warn_limited!("accept failed", "accept failed: {e}");
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
                let on_tls = tls.is_some();
                let gateway = gateway.clone();
                let tally = Arc::new(Tally::default());
                let counted = tally.clone();
                let service = service_fn(move |req| {
                    let gateway = gateway.clone();
                    let cancellation = Cancellation { tally: counted.clone(), finished: false };
                    async move {
                        let reply = gateway.handle(req, peer, on_tls).await;
                        cancellation.finish();
                        Ok::<_, Infallible>(reply)
                    }
                });
                let (h1, h2, watcher, tls) = (h1.clone(), h2.clone(), graceful.watcher(), tls.clone());
                tokio::spawn(async move {
                    let served = match tls {
                        None => watcher.watch(h1.serve_connection(TokioIo::new(stream), service)).await,
                        Some(acceptor) => {
                            let stream = match tokio::time::timeout(TLS_HANDSHAKE_TIMEOUT, acceptor.accept(stream)).await {
                                Ok(Ok(stream)) => stream,
                                Ok(Err(e)) => return tracing::debug!("TLS handshake with {peer}: {e}"),
                                Err(_) => return tracing::debug!("TLS handshake with {peer}: timed out"),
                            };
                            if stream.get_ref().1.alpn_protocol() == Some(b"h2") {
                                let connection = watcher.watch(h2.serve_connection(TokioIo::new(stream), service));
                                tokio::select! {
                                    served = connection => served,
                                    () = tally.abusive.notified() => {
                                        let cancelled = tally.cancelled.load(Ordering::Relaxed);
                                        tracing::warn!("HTTP/2 connection from {peer}: the client cancelled {cancelled} requests (rapid reset?); closed");
                                        Ok(())
                                    }
                                }
                            } else {
                                watcher.watch(h1.serve_connection(TokioIo::new(stream), service)).await
                            }
                        }
                    };
                    if let Err(e) = served {
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

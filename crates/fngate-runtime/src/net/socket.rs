//! A TCP or TLS socket for a guest (`net.connect`, `tls.connect`): connected
//! under the grant, then bytes both ways until either side ends it.

use std::sync::Mutex;
use std::sync::atomic::AtomicU64;
use std::sync::atomic::Ordering::Relaxed;

use bytes::{Bytes, BytesMut};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::sync::mpsc;

use super::connect::{NetError, connect};
use super::tls::TlsSpec;
use super::{CHUNK, Link};

/// What the guest asks to connect to.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct SocketSpec {
    host: String,
    port: u16,
    /// TLS on top, with these settings.
    tls: Option<TlsSpec>,
}

/// Connects, then pumps bytes until both directions end or one fails.
pub(crate) async fn run(link: Link, spec: SocketSpec, mut writes: mpsc::Receiver<Bytes>) {
    let scheme = if spec.tls.is_some() { "tls" } else { "tcp" };
    let target = format!("{}:{}", spec.host, spec.port);
    let connected = match connect(&link.policy, scheme, &spec.host, spec.port, spec.tls.as_ref()).await {
        Ok(c) => c,
        Err(e) => {
            link.record(scheme, &spec.host, &target, &e.code, 0, 0);
            link.error(&e).await;
            return;
        }
    };
    let header = json!({
        "remoteAddress": connected.remote.ip().to_string(),
        "remotePort": connected.remote.port(),
        "remoteFamily": if connected.remote.is_ipv4() { "IPv4" } else { "IPv6" },
        "localAddress": connected.local.ip().to_string(),
        "localPort": connected.local.port(),
        "alpnProtocol": connected.alpn,
    });
    if !link.send("connect", header, Bytes::new()).await {
        return;
    }
    let record = Record {
        link: &link,
        scheme,
        host: &spec.host,
        target: &target,
        received: AtomicU64::new(0),
        sent: AtomicU64::new(0),
        failure: Mutex::new(None),
    };
    let (mut reader, mut writer) = tokio::io::split(connected.stream);
    let read = async {
        loop {
            let mut buf = BytesMut::with_capacity(CHUNK);
            match reader.read_buf(&mut buf).await {
                Ok(0) => {
                    link.send("end", json!({}), Bytes::new()).await;
                    return Ok(());
                }
                Ok(n) => {
                    record.received.fetch_add(n as u64, Relaxed);
                    if !link.data(buf.freeze()).await {
                        return Ok(());
                    }
                }
                Err(e) => return Err(NetError::io("read", &e)),
            }
        }
    };
    let write = async {
        while let Some(data) = writes.recv().await {
            record.sent.fetch_add(data.len() as u64, Relaxed);
            if let Err(e) = writer.write_all(&data).await {
                return Err(NetError::io("write", &e));
            }
        }
        let _ = writer.shutdown().await;
        Ok(())
    };
    if let Err(e) = tokio::try_join!(read, write) {
        *record.failure.lock().unwrap_or_else(|e| e.into_inner()) = Some(e.code.clone());
        link.error(&e).await;
    }
}

/// Logs and counts a connection when its task ends, however it ends (the
/// guest closing it or its instance ending abort the task).
struct Record<'a> {
    link: &'a Link,
    scheme: &'a str,
    host: &'a str,
    target: &'a str,
    received: AtomicU64,
    sent: AtomicU64,
    failure: Mutex<Option<String>>,
}

impl Drop for Record<'_> {
    fn drop(&mut self) {
        let failure = self.failure.get_mut().unwrap_or_else(|e| e.into_inner()).take();
        let result = failure.as_deref().unwrap_or("ok");
        let (received, sent) = (*self.received.get_mut(), *self.sent.get_mut());
        self.link.record(self.scheme, self.host, self.target, result, received, sent);
    }
}

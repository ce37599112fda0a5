//! A TCP or TLS socket for a guest (`net.connect`, `tls.connect`): connected
//! under the grant, then bytes both ways until either side ends it.

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
            link.record(scheme, &target, &e.code, 0, 0);
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
    let (mut reader, mut writer) = tokio::io::split(connected.stream);
    let read = async {
        let mut received = 0u64;
        loop {
            let mut buf = BytesMut::with_capacity(CHUNK);
            match reader.read_buf(&mut buf).await {
                Ok(0) => {
                    link.send("end", json!({}), Bytes::new()).await;
                    return Ok(received);
                }
                Ok(n) => {
                    received += n as u64;
                    if !link.data(buf.freeze()).await {
                        return Ok(received);
                    }
                }
                Err(e) => return Err((NetError::io("read", &e), received)),
            }
        }
    };
    let write = async {
        let mut sent = 0u64;
        while let Some(data) = writes.recv().await {
            sent += data.len() as u64;
            if let Err(e) = writer.write_all(&data).await {
                return Err((NetError::io("write", &e), sent));
            }
        }
        let _ = writer.shutdown().await;
        Ok(sent)
    };
    match tokio::try_join!(read, write) {
        Ok((received, sent)) => link.record(scheme, &target, "ok", received, sent),
        Err((e, n)) => {
            link.record(scheme, &target, &e.code, n, 0);
            link.error(&e).await;
        }
    }
}

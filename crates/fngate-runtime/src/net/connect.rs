//! Opening a connection for a function: the grant checked on the name, the
//! name resolved, every address checked, TCP, then TLS when asked; failures
//! in Node's words (`connect ECONNREFUSED 1.2.3.4:80`, `getaddrinfo ENOTFOUND x`).

use std::net::{IpAddr, SocketAddr};

use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpStream;

use super::policy::Outbound;
use super::tls::{self, TlsSpec};

/// A byte stream to a peer: plain TCP or TLS over it.
pub(crate) trait Io: AsyncRead + AsyncWrite + Unpin + Send {}
impl<T: AsyncRead + AsyncWrite + Unpin + Send> Io for T {}

/// An open connection.
pub(crate) struct Connected {
    pub stream: Box<dyn Io>,
    pub remote: SocketAddr,
    pub local: SocketAddr,
    /// The protocol ALPN chose.
    pub alpn: Option<String>,
}

/// A failure as Node reports it: `code`, `message`, `syscall`.
#[derive(Debug, Clone)]
pub(crate) struct NetError {
    pub code: String,
    pub message: String,
    pub syscall: &'static str,
}

impl NetError {
    pub(crate) fn new(code: &str, syscall: &'static str, message: impl Into<String>) -> Self {
        NetError { code: code.to_owned(), message: message.into(), syscall }
    }

    /// The error of a failed read or write on an open connection.
    pub(crate) fn io(syscall: &'static str, e: &std::io::Error) -> Self {
        let code = io_code(e);
        NetError::new(code, syscall, format!("{syscall} {code}"))
    }
}

/// Node's code for an I/O error.
fn io_code(e: &std::io::Error) -> &'static str {
    use std::io::ErrorKind::*;
    match e.kind() {
        ConnectionRefused => "ECONNREFUSED",
        ConnectionReset => "ECONNRESET",
        ConnectionAborted => "ECONNABORTED",
        TimedOut => "ETIMEDOUT",
        BrokenPipe => "EPIPE",
        HostUnreachable => "EHOSTUNREACH",
        NetworkUnreachable => "ENETUNREACH",
        AddrNotAvailable => "EADDRNOTAVAIL",
        _ => "ECONNRESET",
    }
}

/// The setting that grants outbound access, as refusals name it.
pub(crate) const SETTING: &str = "custom.fngate.allowedOutboundHosts";

/// The addresses of `host` (an address itself, or a name looked up), when
/// the grant names it.
pub(crate) async fn lookup(policy: &Outbound, host: &str) -> Result<Vec<IpAddr>, NetError> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if let Ok(ip) = bare.parse::<IpAddr>() {
        return Ok(vec![ip]);
    }
    if !policy.allows_name(bare) {
        return Err(NetError::new(
            "ECONNREFUSED",
            "getaddrinfo",
            format!("getaddrinfo ECONNREFUSED {bare} (fngate: {SETTING} does not list {bare})"),
        ));
    }
    match tokio::net::lookup_host((bare, 0)).await {
        Ok(addrs) => {
            let mut ips: Vec<IpAddr> = Vec::new();
            for a in addrs {
                if !ips.contains(&a.ip()) {
                    ips.push(a.ip());
                }
            }
            if ips.is_empty() {
                return Err(NetError::new(
                    "ENOTFOUND",
                    "getaddrinfo",
                    format!("getaddrinfo ENOTFOUND {bare}"),
                ));
            }
            Ok(ips)
        }
        Err(_) => Err(NetError::new("ENOTFOUND", "getaddrinfo", format!("getaddrinfo ENOTFOUND {bare}"))),
    }
}

/// Connects to `host:port` for `scheme` (`tcp`, `tls`, `http`, `https`),
/// TLS on top when `tls` is given.
pub(crate) async fn connect(
    policy: &Outbound,
    scheme: &str,
    host: &str,
    port: u16,
    tls: Option<&TlsSpec>,
) -> Result<Connected, NetError> {
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    if !policy.allows(scheme, bare, port) {
        return Err(NetError::new(
            "ECONNREFUSED",
            "connect",
            format!("connect ECONNREFUSED {bare}:{port} (fngate: {SETTING} does not list {bare})"),
        ));
    }
    let ips = lookup(policy, bare).await?;
    let allowed: Vec<IpAddr> =
        ips.iter().copied().filter(|ip| policy.allows_address(scheme, *ip, port)).collect();
    if allowed.is_empty() {
        return Err(NetError::new(
            "ECONNREFUSED",
            "connect",
            format!(
                "connect ECONNREFUSED {ip}:{port} (fngate: {bare} is the internal address {ip}, which {SETTING} does not list by address)",
                ip = ips[0]
            ),
        ));
    }
    let mut last = None;
    let mut tcp = None;
    for ip in allowed {
        let addr = SocketAddr::new(ip, port);
        match TcpStream::connect(addr).await {
            Ok(s) => {
                tcp = Some((s, addr));
                break;
            }
            Err(e) => {
                let code = io_code(&e);
                last = Some(NetError::new(code, "connect", format!("connect {code} {addr}")));
            }
        }
    }
    let Some((tcp, remote)) = tcp else {
        return Err(last.expect("at least one address was tried"));
    };
    let _ = tcp.set_nodelay(true);
    let local = tcp.local_addr().unwrap_or(remote);
    let Some(spec) = tls else {
        return Ok(Connected { stream: Box::new(tcp), remote, local, alpn: None });
    };
    let (config, name) =
        tls::client(spec, bare).map_err(|m| NetError::new("ERR_TLS_CERT_ALTNAME_INVALID", "connect", m))?;
    let stream = tokio_rustls::TlsConnector::from(config).connect(name, tcp).await.map_err(|e| {
        let (code, message) = tls::node_error(&e);
        NetError::new(code, "connect", message)
    })?;
    let alpn = stream.get_ref().1.alpn_protocol().map(|p| String::from_utf8_lossy(p).into_owned());
    Ok(Connected { stream: Box::new(stream), remote, local, alpn })
}

//! An HTTP request for a guest (`http.request`, `fetch`): the connection
//! opened under the grant, the request sent by hyper with the body the guest
//! writes, the response head and body reported as they come.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body_util::BodyExt;
use hyper::body::{Body, Frame, SizeHint};
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::sync::mpsc;

use super::Link;
use super::connect::{NetError, connect};
use super::tls::TlsSpec;

/// What the guest asks to send.
#[derive(Debug, serde::Deserialize)]
pub(crate) struct RequestSpec {
    method: String,
    url: String,
    /// In order, repeated names allowed.
    #[serde(default)]
    headers: Vec<(String, String)>,
    /// The body's length when the guest knows it (`Some(0)`: none).
    length: Option<u64>,
    #[serde(default)]
    tls: TlsSpec,
}

/// Sends the request and reports `response`, `data`…, `end`, or `error`.
pub(crate) async fn run(link: Link, spec: RequestSpec, body: mpsc::Receiver<Bytes>) {
    let target = spec.url.split('?').next().unwrap_or_default().to_owned();
    let host =
        spec.url.parse::<http::Uri>().ok().and_then(|u| u.host().map(str::to_owned)).unwrap_or_default();
    let mut received = 0;
    match request(&link, spec, body, &mut received).await {
        Ok(status) => link.record("http", &host, &target, &status.to_string(), received, 0),
        Err(e) => {
            link.record("http", &host, &target, &e.code, received, 0);
            link.error(&e).await;
        }
    }
}

fn hyper_error(e: &hyper::Error) -> NetError {
    if e.is_incomplete_message() || e.is_canceled() || e.is_closed() {
        NetError::new("ECONNRESET", "read", "socket hang up")
    } else {
        NetError::new("ECONNRESET", "read", format!("socket hang up ({e})"))
    }
}

async fn request(
    link: &Link,
    spec: RequestSpec,
    body: mpsc::Receiver<Bytes>,
    received: &mut u64,
) -> Result<u16, NetError> {
    let invalid = || NetError::new("ERR_INVALID_URL", "request", format!("Invalid URL: {}", spec.url));
    let uri: http::Uri = spec.url.parse().map_err(|_| invalid())?;
    let https = match uri.scheme_str() {
        Some("https") => true,
        Some("http") => false,
        other => {
            return Err(NetError::new(
                "ERR_INVALID_PROTOCOL",
                "request",
                format!("Protocol \"{}:\" not supported. Expected \"http:\"", other.unwrap_or_default()),
            ));
        }
    };
    let host = uri.host().ok_or_else(invalid)?;
    let port = uri.port_u16().unwrap_or(if https { 443 } else { 80 });
    let mut tls = spec.tls;
    tls.alpn = vec!["http/1.1".into()];
    let scheme = if https { "https" } else { "http" };
    let connected = connect(&link.policy, scheme, host, port, https.then_some(&tls)).await?;
    let (mut sender, connection) = hyper::client::conn::http1::Builder::new()
        .handshake(TokioIo::new(connected.stream))
        .await
        .map_err(|e| hyper_error(&e))?;
    // The connection is driven on its own, so the body goes out while the
    // response's events wait for the guest.
    let driver = tokio::spawn(connection);
    let _driver = AbortOnDrop(driver.abort_handle());
    let mut request = http::Request::builder()
        .method(spec.method.as_bytes())
        .uri(uri.path_and_query().map_or("/", |p| p.as_str()));
    for (name, value) in &spec.headers {
        request = request.header(name.as_str(), value.as_str());
    }
    let request = request
        .body(GuestBody { rx: body, length: spec.length })
        .map_err(|e| NetError::new("ERR_INVALID_HTTP_TOKEN", "request", format!("Invalid request: {e}")))?;
    let response = sender.send_request(request).await.map_err(|e| hyper_error(&e))?;
    let status = response.status();
    let headers: Vec<(String, String)> = response
        .headers()
        .iter()
        .map(|(k, v)| (k.as_str().to_owned(), v.as_bytes().iter().map(|&b| b as char).collect()))
        .collect();
    let version = match response.version() {
        http::Version::HTTP_10 => "1.0",
        _ => "1.1",
    };
    let head = json!({
        "status": status.as_u16(),
        "statusText": status.canonical_reason().unwrap_or(""),
        "httpVersion": version,
        "headers": headers,
    });
    if !link.send("response", head, Bytes::new()).await {
        return Ok(status.as_u16());
    }
    let mut body = response.into_body();
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| hyper_error(&e))?;
        if let Ok(data) = frame.into_data() {
            *received += data.len() as u64;
            if !link.data(data).await {
                return Ok(status.as_u16());
            }
        }
    }
    link.send("end", json!({}), Bytes::new()).await;
    Ok(status.as_u16())
}

/// Aborts a task when dropped.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// The request body: the bytes the guest writes, until it ends it.
struct GuestBody {
    rx: mpsc::Receiver<Bytes>,
    length: Option<u64>,
}

impl Body for GuestBody {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        self.rx.poll_recv(cx).map(|chunk| chunk.map(|b| Ok(Frame::data(b))))
    }

    fn is_end_stream(&self) -> bool {
        self.length == Some(0)
    }

    fn size_hint(&self) -> SizeHint {
        self.length.map(SizeHint::with_exact).unwrap_or_default()
    }
}

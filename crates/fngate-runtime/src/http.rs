//! wasi:http functions: a component exporting `wasi:http/incoming-handler` (as
//! built for `wasmtime serve` or Spin) gets the HTTP request and gives back its
//! HTTP response, collected whole (at most 6 MB) within the function's timeout
//! and `memorySize`. Outbound HTTP is refused except to the hosts the function
//! allows (`allowedOutboundHosts`).

use std::time::Instant;

use bytes::Bytes;
use fngate_event::PAYLOAD_LIMIT;
use http_body_util::{BodyExt, Full, Limited};
use wasmtime_wasi::p2::pipe::MemoryInputPipe;
use wasmtime_wasi_http::p2::bindings::http::types::Scheme;
use wasmtime_wasi_http::{Error as HttpError, RequestOptions, WasiBody, WasiHttpHooks, WasiHttpView};

use crate::capture::LogSink;
use crate::function::{Function, Pre};
use crate::guest::{Guest, Mounts, classify, run_until, stderr_log};
use crate::host::Host;
use crate::invocation::Invocation;
use crate::limiter::Limiter;
use crate::net::Outbound;
use crate::outcome::Outcome;
use crate::pool::Place;
use crate::state::State;

impl WasiHttpHooks for Outbound {
    fn send_request(
        &mut self,
        request: http::Request<WasiBody>,
        options: Option<RequestOptions>,
        fut: Box<dyn Future<Output = Result<(), HttpError>> + Send>,
    ) -> Box<
        dyn Future<
                Output = Result<
                    (http::Response<WasiBody>, Box<dyn Future<Output = Result<(), HttpError>> + Send>),
                    HttpError,
                >,
            > + Send,
    > {
        drop(fut);
        let uri = request.uri();
        let scheme = uri.scheme_str().unwrap_or("http").to_owned();
        let host = uri.host().unwrap_or_default().to_owned();
        let port = uri.port_u16().unwrap_or(if scheme == "https" { 443 } else { 80 });
        if !self.allows(&scheme, &host, port) {
            tracing::info!("outbound HTTP to {scheme}://{host}:{port} refused: not in allowedOutboundHosts");
            return Box::new(async { Err(HttpError::HttpRequestDenied) });
        }
        let policy = self.clone();
        Box::new(async move {
            // Internal addresses only when listed by address, as for JavaScript
            // functions (checked on a lookup of its own: wasmtime-wasi-http
            // resolves again when it connects).
            let ips = crate::net::resolve(&policy, &host)
                .await
                .map_err(|_| HttpError::DnsError { rcode: Some("NXDOMAIN".into()), info_code: None })?;
            if let Some(ip) = ips.iter().find(|ip| !policy.allows_address(&scheme, **ip, port)) {
                tracing::info!(
                    "outbound HTTP to {scheme}://{host}:{port} refused: {ip} is internal and not listed by address"
                );
                return Err(HttpError::HttpRequestDenied);
            }
            let (response, io) = wasmtime_wasi_http::default_send_request(request, options).await?;
            Ok((response.map(BodyExt::boxed_unsync), Box::new(io) as Box<dyn Future<Output = _> + Send>))
        })
    }
}

impl WasiHttpView for State {
    fn http(&mut self) -> wasmtime_wasi_http::WasiHttpCtxView<'_> {
        let wasi = wasmtime_wasi::WasiView::ctx(&mut self.wasi);
        wasmtime_wasi_http::WasiHttpCtxView {
            ctx: &mut self.http,
            table: wasi.table,
            hooks: &mut self.outbound,
        }
    }
}

/// Runs the wasi:http `function` once on `request` in `place`: its response
/// is the outcome [`Outcome::HttpResponse`].
pub(crate) async fn invoke(
    host: &Host,
    place: Place,
    function: &Function,
    request: http::Request<Bytes>,
    request_id: &str,
    log: Option<LogSink>,
) -> Invocation {
    let _reservation = place.into_reservation();
    let spec = &function.spec;
    let Pre::Http(pre) = &function.pre else {
        let outcome =
            Outcome::InvalidResponse { message: "the function is not a wasi:http component".into() };
        return Invocation::failed(request_id, spec.memory_mb, outcome);
    };
    let guest = match Guest::new(
        host,
        spec,
        &function.env,
        Mounts::default(),
        MemoryInputPipe::new(Bytes::new()),
        Some(request_id),
        true,
    ) {
        Ok(guest) => guest,
        Err(e) => return Invocation::module_error(request_id, spec.memory_mb, e),
    };
    let Guest { mut store, stdout, stderr } = guest;
    stderr.stream_lines(log);
    let started = Instant::now();
    // What the component answered, as the outcome it makes; `None`: nothing.
    let mut response: Option<Outcome> = None;
    let result = run_until(&mut store, started + spec.timeout, async |store| {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let (parts, body) = request.into_parts();
        let body = Full::new(body).map_err(|never: std::convert::Infallible| -> HttpError { match never {} });
        let request = http::Request::from_parts(parts, body);
        let req = store.data_mut().http().new_incoming_request(Scheme::Http, request)?;
        let out = store.data_mut().http().new_response_outparam(tx)?;
        let proxy = pre.instantiate_async(&mut *store).await?;
        // The guest may stream its body after setting the response: read
        // it while the handler runs.
        let collect = async {
            match rx.await {
                Err(_) => None,
                Ok(Err(code)) => Some(Outcome::InvalidResponse {
                    message: format!("the component answered an error: {code:?}"),
                }),
                Ok(Ok(answer)) => {
                    let (parts, body) = answer.into_parts();
                    Some(match Limited::new(body, PAYLOAD_LIMIT).collect().await {
                        Ok(body) => Outcome::HttpResponse(http::Response::from_parts(parts, body.to_bytes())),
                        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
                            Outcome::OutputTooLarge { written: PAYLOAD_LIMIT + 1 }
                        }
                        Err(e) => {
                            Outcome::InvalidResponse { message: format!("its response body failed: {e}") }
                        }
                    })
                }
            }
        };
        let handle = proxy.wasi_http_incoming_handler().call_handle(&mut *store, req, out);
        let (mut handle, mut collect) = (std::pin::pin!(handle), std::pin::pin!(collect));
        // A body past the limit ends the invocation at once: the guest, still
        // writing, is not waited for.
        let (handled, collected) = tokio::select! {
            handled = &mut handle => (handled, collect.await),
            collected = &mut collect => match collected {
                Some(Outcome::OutputTooLarge { .. }) => (Ok(()), collected),
                _ => (handle.await, collected),
            },
        };
        response = collected;
        handled
    })
    .await;
    let duration = started.elapsed();
    let Limiter { peak, refused, .. } = store.into_data().limiter;
    let (out, written) = stdout.take();
    let outcome = match (result, response) {
        (Ok(()), Some(answered)) => answered,
        (Ok(()), None) => Outcome::InvalidResponse { message: "the component never set a response".into() },
        (Err(e), _) => classify(Err(e), out, written, refused, spec.timeout, spec.memory_mb),
    };
    Invocation::finished(request_id, outcome, stderr_log(&stderr), duration, spec.memory_mb, peak)
}

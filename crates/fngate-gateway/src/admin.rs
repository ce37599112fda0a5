//! The admin listener, apart from the API port: `/metrics`, `/healthz`, `/readyz`
//! and `/routes`, and the web console (`/console`, `/api/…`).

use std::convert::Infallible;
use std::sync::{Arc, OnceLock};

use http::header::{CONTENT_TYPE, HeaderValue};
use http::{Method, Request, StatusCode};
use http_body_util::BodyExt;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use serde_json::json;
use tokio::net::TcpListener;

use crate::console::{AdminReply, Console};
use crate::gateway::Gateway;
use crate::metrics::{self, Metrics};
use crate::reply::{self, Reply};
use crate::routes::display_path;

/// What the admin endpoints report on: the metrics, and the gateway once it serves.
pub struct Admin {
    metrics: Option<Arc<Metrics>>,
    gateway: OnceLock<Arc<Gateway>>,
    draining: std::sync::atomic::AtomicBool,
    console: Option<Console>,
}

impl Admin {
    /// An admin endpoint that is not ready yet, with the web console when given.
    pub fn new(metrics: Option<Arc<Metrics>>, console: Option<Console>) -> Arc<Admin> {
        Arc::new(Admin { metrics, gateway: OnceLock::new(), draining: Default::default(), console })
    }

    /// Ready from now on: every function is compiled and the API listener is bound.
    pub fn set_ready(&self, gateway: Arc<Gateway>) {
        let _ = self.gateway.set(gateway);
    }

    /// Shutting down: `/readyz` answers 503 from now on, so that load balancers
    /// stop sending requests while the listener still serves them.
    pub fn set_draining(&self) {
        self.draining.store(true, std::sync::atomic::Ordering::Release);
    }

    async fn answer(&self, req: Request<hyper::body::Incoming>) -> AdminReply {
        if let Some(console) = &self.console
            && Console::owns(req.uri().path())
        {
            return console.answer(req, self.gateway.get()).await;
        }
        self.endpoint(&req).map(|body| body.boxed_unsync())
    }

    fn endpoint(&self, req: &Request<hyper::body::Incoming>) -> Reply {
        if req.method() != Method::GET && req.method() != Method::HEAD {
            return reply::message(StatusCode::METHOD_NOT_ALLOWED, "Use GET.");
        }
        let ready = self.gateway.get();
        match req.uri().path() {
            "/healthz" => text(StatusCode::OK, "ok\n"),
            "/readyz" if self.draining.load(std::sync::atomic::Ordering::Acquire) => {
                text(StatusCode::SERVICE_UNAVAILABLE, "not ready: draining before shutdown\n")
            }
            "/readyz" => match ready.map(|g| g.snapshot()) {
                // Functions that cannot load do not make the replica unready while
                // others serve (every replica of a config would fail alike, and
                // all going unready would stop the others too); none serving
                // does. The detail names them.
                Some(snapshot) if !snapshot.broken.is_empty() => {
                    let broken: serde_json::Map<_, _> = snapshot
                        .broken
                        .iter()
                        .map(|(name, e)| (name.clone(), json!(e.to_string())))
                        .collect();
                    let ready = !snapshot.functions.is_empty();
                    let status = if ready { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
                    reply::json(status, json!({"ready": ready, "broken": broken}).to_string())
                }
                Some(_) => text(StatusCode::OK, "ready\n"),
                None => text(StatusCode::SERVICE_UNAVAILABLE, "not ready: compiling functions\n"),
            },
            "/metrics" => match &self.metrics {
                Some(m) => {
                    let mut r = text(StatusCode::OK, m.encode());
                    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static(metrics::CONTENT_TYPE));
                    r
                }
                None => text(StatusCode::NOT_FOUND, "metrics are off\n"),
            },
            "/routes" => match ready {
                Some(gateway) => reply::json(StatusCode::OK, routes_json(gateway).to_string()),
                None => text(StatusCode::SERVICE_UNAVAILABLE, "not ready: compiling functions\n"),
            },
            _ => text(
                StatusCode::NOT_FOUND,
                "not found: try /metrics, /healthz, /readyz, /routes or /console\n",
            ),
        }
    }
}

/// The route table and the timers being served, as JSON.
fn routes_json(gateway: &Gateway) -> serde_json::Value {
    let snapshot = gateway.snapshot();
    let routes: Vec<_> = snapshot
        .config
        .apis
        .iter()
        .map(|api| {
            json!({
                "stage": api.stage,
                "method": api.method,
                "path": api.path,
                "url": format!("/{}{}", api.stage, display_path(&api.path)),
                "service": api.service_id,
                "function": api.function,
                "version": snapshot.functions.get(&api.function).map(|f| f.version()),
                "integratedResponse": api.integrated_response,
                "auth": api.auth.is_some(),
                "cors": api.enable_cors,
                "usagePlan": api.usage_plan.is_some(),
            })
        })
        .collect();
    let now = chrono::Utc::now();
    let timers: Vec<_> = snapshot
        .config
        .timers
        .iter()
        .map(|t| {
            let next = t.next_after(&now).filter(|_| t.enabled);
            json!({
                "name": t.name,
                "function": t.function,
                "cron": t.cron,
                "enabled": t.enabled,
                "next": next.map(|at| at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)),
            })
        })
        .collect();
    json!({ "routes": routes, "timers": timers })
}

fn text(status: StatusCode, body: impl Into<bytes::Bytes>) -> Reply {
    let mut r = reply::json(status, body);
    r.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    r
}

/// Serves the admin endpoints on `listener` for as long as the tokio runtime runs.
pub async fn serve_admin(admin: Arc<Admin>, listener: TcpListener) {
    loop {
        let Ok((stream, _)) = listener.accept().await else {
            tokio::time::sleep(std::time::Duration::from_millis(10)).await;
            continue;
        };
        let admin = admin.clone();
        let service = service_fn(move |req| {
            let admin = admin.clone();
            async move { Ok::<_, Infallible>(admin.answer(req).await) }
        });
        let mut http = http1::Builder::new();
        http.timer(hyper_util::rt::TokioTimer::new()).header_read_timeout(crate::server::HEADER_READ_TIMEOUT);
        tokio::spawn(http.serve_connection(TokioIo::new(stream), service));
    }
}

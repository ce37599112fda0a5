//! The request pipeline: route → event → invoke → response.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use arc_swap::ArcSwap;
use bytes::Bytes;
use fngate_config::{Api, Config, Custom};
use fngate_runtime::{Abi, Function, Invocation, LogLine, LogSink, ModuleError, Runtime};
use http::header::{ACCESS_CONTROL_REQUEST_METHOD, CONTENT_LENGTH, HOST, HeaderName, HeaderValue, ORIGIN};
use http::{Method, Request, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use tokio::time::Instant as Deadline;

use crate::admission::{self, Admitted, FunctionSlots};
use crate::auth;
use crate::body::{self, BodyBudget};
use crate::cors;
use crate::event::{self, BuildError, RequestParts};
use crate::forwarded::{Origin, TrustedProxies};
use crate::history::{Entry, History, Trigger};
use crate::load::{LoadProgress, LogLines, load_all};
use crate::metrics::Metrics;
use crate::rejection::Rejection;
use crate::reply::{self, Reply};
use crate::request_log::{RequestLog, Start, Tags};
use crate::routes::{Matched, Route, RouteTable};
use crate::store::{Store, Stores};

/// The response header carrying the request id.
pub const REQUEST_ID_HEADER: HeaderName = HeaderName::from_static("x-api-requestid");

/// Largest total size of request headers (names and values) accepted; more gets 431.
pub const MAX_HEADER_BYTES: usize = 64 * 1024;

/// The response header naming the version (module content hash) that answered.
pub const VERSION_HEADER: HeaderName = HeaderName::from_static("x-fngate-version");

/// Everything a request needs, built from one config: swapped whole on reload.
/// A request reads the snapshot once, so it finishes on the version it started with.
#[derive(Clone)]
pub struct Snapshot {
    /// The config it was built from.
    pub config: Arc<Config>,
    /// The routes.
    pub routes: Arc<RouteTable>,
    /// Loaded functions by name.
    pub functions: HashMap<String, Function>,
    /// Functions whose module failed to load (and that had no previous version),
    /// with why: their routes answer the SCF error (435 or 437).
    pub broken: HashMap<String, Arc<ModuleError>>,
    /// Each function's limits on invocations at once (kept across reloads).
    pub(crate) slots: HashMap<String, Arc<FunctionSlots>>,
    /// The store usage plans share across replicas, when one is configured
    /// (set by the gateway that serves the snapshot).
    pub(crate) store: Option<Arc<Store>>,
}

/// The gateway: a runtime, the snapshot it serves, and its metrics.
pub struct Gateway {
    pub(crate) runtime: Arc<Runtime>,
    snapshot: ArcSwap<Snapshot>,
    metrics: Option<Arc<Metrics>>,
    proxies: TrustedProxies,
    stores: Stores,
    bodies: BodyBudget,
    history: Option<Arc<History>>,
}

/// What a request left on its way, for its log, metrics and history: the
/// route it reached, and what its function was given and did.
#[derive(Default)]
struct Trail {
    route: Option<Arc<Route>>,
    event: Option<Bytes>,
    invocation: Option<Invocation>,
}

impl Snapshot {
    /// Loads (compiles or reads from the cache) every function of `config` and
    /// builds its route table. A function whose module cannot load is logged and
    /// kept in [`Snapshot::broken`] (its routes answer its SCF error) while the
    /// others serve; after a reload (`previous` given) it keeps serving its
    /// previous version instead, when it had one. Live state carries over from
    /// `previous` where its API or function still exists: usage-plan counts and
    /// buckets, and reserved-concurrency slots in use.
    pub fn load(runtime: &Runtime, config: &Config, previous: Option<&Snapshot>) -> Snapshot {
        Snapshot::load_reporting(runtime, config, previous, &LogLines)
    }

    /// [`Snapshot::load`], telling `progress` of each function as it starts and ends.
    pub fn load_reporting(
        runtime: &Runtime,
        config: &Config,
        previous: Option<&Snapshot>,
        progress: &dyn LoadProgress,
    ) -> Snapshot {
        let mut functions = HashMap::new();
        let mut broken = HashMap::new();
        for (f, result) in config.functions.iter().zip(load_all(runtime, config, progress)) {
            match result {
                Ok(loaded) => {
                    functions.insert(f.name.clone(), loaded);
                }
                Err(e) => match previous.and_then(|p| p.functions.get(&f.name)) {
                    Some(old) => {
                        tracing::error!(
                            "function `{}`: {e}; still serving version {}",
                            f.name,
                            old.version()
                        );
                        functions.insert(f.name.clone(), old.clone());
                    }
                    None => {
                        tracing::error!(
                            "function `{}`: {e}; its routes answer {} until its module loads",
                            f.name,
                            e.status()
                        );
                        broken.insert(f.name.clone(), Arc::new(e));
                    }
                },
            }
        }
        runtime.trim();
        let slots = admission::function_slots(config, runtime, previous.map(|p| &p.slots));
        Snapshot {
            routes: Arc::new(RouteTable::carrying(config, previous.map(|p| &*p.routes))),
            functions,
            broken,
            slots,
            config: Arc::new(config.clone()),
            store: None,
        }
    }

    /// `custom.fngate` of the config.
    pub fn custom(&self) -> &Custom {
        &self.config.custom
    }
}

impl Gateway {
    /// A gateway serving `snapshot` with `runtime`, counting into `metrics` when given.
    /// Shares usage plans through the config's `custom.fngate.state`, if any
    /// (connecting in the background on the current tokio runtime).
    pub fn new(runtime: Arc<Runtime>, snapshot: Snapshot, metrics: Option<Arc<Metrics>>) -> Self {
        if let Some(m) = &metrics {
            snapshot.functions.values().for_each(|f| m.loaded(f));
            snapshot.broken.keys().for_each(|name| m.module_load(name, "error", Duration::ZERO));
        }
        let stores = Stores::new(None, metrics.clone());
        let runtime_budget_mb = runtime.memory_budget_mb();
        let snapshot = with_store(snapshot, &stores);
        Gateway {
            runtime,
            snapshot: ArcSwap::from_pointee(snapshot),
            metrics,
            proxies: TrustedProxies::default(),
            stores,
            bodies: BodyBudget::default_for(runtime_budget_mb),
            history: None,
        }
    }

    /// Believes the forwarding headers of requests from these proxies.
    pub fn with_trusted_proxies(mut self, proxies: TrustedProxies) -> Self {
        self.proxies = proxies;
        self
    }

    /// Buffers request bodies within `budget` instead of the default
    /// ([`BodyBudget::default_for`] the runtime's memory budget).
    pub fn with_body_budget(mut self, budget: BodyBudget) -> Self {
        self.bodies = budget;
        self
    }

    /// Keeps each request that reaches a route, with its invocation, in `history` (the console's).
    pub fn with_history(mut self, history: Arc<History>) -> Self {
        self.history = Some(history);
        self
    }

    /// The history of recent invocations, when the console keeps one.
    pub fn history(&self) -> Option<&Arc<History>> {
        self.history.as_ref()
    }

    /// The budget request bodies are buffered within.
    pub fn body_budget(&self) -> &BodyBudget {
        &self.bodies
    }

    /// Shares usage plans through the store at `url` whatever the config says
    /// (the command line's `--state`); `None` leaves the config's choice.
    pub fn with_state(mut self, url: Option<String>) -> Self {
        if url.is_some() {
            self.stores = Stores::new(url, self.metrics.clone());
            let snapshot = with_store((*self.snapshot.load_full()).clone(), &self.stores);
            self.snapshot.store(Arc::new(snapshot));
        }
        self
    }

    /// Waits for the first attempt to connect to the usage-plan store, if there
    /// is one (at most two seconds), so the first requests need not fall back.
    pub async fn state_connected(&self) {
        if let Some(store) = self.snapshot.load().store.clone() {
            store.first_attempt().await;
        }
    }

    /// The usage-plan store's URL (without a password), when plans are shared.
    pub fn state_label(&self) -> Option<String> {
        self.snapshot.load().store.as_ref().map(|s| s.label().to_owned())
    }

    /// The metrics it counts into, if any.
    pub fn metrics(&self) -> Option<&Metrics> {
        self.metrics.as_deref()
    }

    /// The snapshot being served.
    pub fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.load_full()
    }

    /// Serves `snapshot` from now on; requests already running finish on the old one.
    pub fn swap(&self, snapshot: Snapshot) {
        self.snapshot.store(Arc::new(with_store(snapshot, &self.stores)));
    }

    /// Answers one request from `peer` (over TLS when `tls`); never fails (every
    /// problem has its HTTP answer).
    pub async fn handle(&self, req: Request<Incoming>, peer: SocketAddr, tls: bool) -> Reply {
        let started = Instant::now();
        let mut id_text = uuid::Uuid::encode_buffer();
        let request_id: &str = uuid::Uuid::new_v4().simple().encode_lower(&mut id_text);
        let method = req.method().clone();
        let path = req.uri().path().to_owned();
        let origin = self.proxies.origin(peer.ip(), tls, req.headers());
        let mut trail = Trail::default();
        let mut log = RequestLog::default();
        let mut reply = self.respond(req, &origin, request_id, &mut trail, &mut log).await;
        if method == Method::HEAD {
            // No body, but the length a GET would have (RFC 9110 §9.3.2).
            let length = hyper::body::Body::size_hint(reply.body()).exact().unwrap_or(0);
            reply.headers_mut().insert(CONTENT_LENGTH, HeaderValue::from(length));
            *reply.body_mut() = Full::new(Bytes::new());
        }
        // SCF's own statuses (430, 433, 435…) have no standard reason phrase:
        // the cloud's gateway says `status code 435`.
        if reply.status().canonical_reason().is_none() {
            let phrase = format!("status code {}", reply.status().as_u16());
            if let Ok(phrase) = hyper::ext::ReasonPhrase::try_from(phrase.into_bytes()) {
                reply.extensions_mut().insert(phrase);
            }
        }
        reply.headers_mut().insert(
            REQUEST_ID_HEADER,
            HeaderValue::from_str(request_id).expect("hex is a valid header value"),
        );
        let (status, elapsed) = (reply.status().as_u16(), started.elapsed());
        let duration_ms = elapsed.as_secs_f64() * 1e3;
        let tags = trail.route.as_deref().map(|r: &Route| tags(&r.api, request_id));
        let millis = Millis(elapsed);
        log.access(
            tags.as_ref(),
            request_id,
            (status, duration_ms, origin.client_text()),
            format_args!("{method} {path} {status} {millis}ms {request_id} {}", origin.client_text()),
        );
        log.write();
        if let Some(metrics) = &self.metrics {
            match trail.route.as_deref() {
                Some(route) => metrics.route_request(route.metered(), method.as_str(), status, elapsed),
                None => metrics.request(None, method.as_str(), status, elapsed),
            }
        }
        if let (Some(history), Some(route)) = (&self.history, trail.route) {
            history.record(Entry {
                request_id: request_id.to_owned(),
                trigger: Trigger::Api { route, method },
                status,
                elapsed,
                invocation: trail.invocation,
                event: trail.event,
            });
        }
        reply
    }

    /// Answers a request; `trail` is given the API that matched, if any, and
    /// (when a history is kept) what its function was given and did.
    async fn respond(
        &self,
        req: Request<Incoming>,
        origin: &Origin,
        request_id: &str,
        trail: &mut Trail,
        log: &mut RequestLog,
    ) -> Reply {
        let snapshot = self.snapshot.load_full();
        let (parts, body) = req.into_parts();
        let header_bytes: usize = parts.headers.iter().map(|(k, v)| k.as_str().len() + v.len()).sum();
        if header_bytes > MAX_HEADER_BYTES {
            return reply::message(
                StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
                "Request Header Fields Too Large",
            );
        }
        let host = parts.headers.get(HOST).and_then(|h| h.to_str().ok()).or(parts.uri.host());
        // A CORS preflight is routed by the method it asks about.
        let preflight = (parts.method == Method::OPTIONS && parts.headers.contains_key(ORIGIN))
            .then(|| parts.headers.get(ACCESS_CONTROL_REQUEST_METHOD)?.to_str().ok())
            .flatten();
        let method = preflight.unwrap_or(parts.method.as_str());
        // Routing, policies and the event all see the normalized path.
        let Ok(path) = crate::path::normalize(parts.uri.path()) else {
            return reply::message(StatusCode::BAD_REQUEST, "Bad request path.");
        };
        // The service's IP lists apply before routing: a denied client gets 403
        // whatever path it asks for.
        if let Some(policy) =
            snapshot.routes.service_id(host).and_then(|id| snapshot.custom().services.get(id))
            && !policy.allows(origin.client)
        {
            return reply::message(StatusCode::FORBIDDEN, "Your IP address is not allowed");
        }
        let matched = match snapshot.routes.route(host, &path, method) {
            Ok(m) => m,
            Err(no_route) => return reply::message(StatusCode::NOT_FOUND, &no_route.message()),
        };
        trail.route = Some(matched.route.clone());
        let api = &matched.route.api;
        // The API's `protocols` (reference §2: the cloud answers 426).
        if origin.https && !api.protocols.https {
            return reply::message(StatusCode::UPGRADE_REQUIRED, "Not allow use HTTPS protocol.");
        }
        if !origin.https && !api.protocols.http {
            return reply::message(StatusCode::UPGRADE_REQUIRED, "Not allow use HTTP protocol.");
        }
        if preflight.is_some() {
            if !api.enable_cors {
                let text = format!(
                    "req is cross origin, api {} need open cors flag on qcloud apigateway.",
                    matched.path
                );
                return reply::message(StatusCode::TOO_MANY_REQUESTS, &text);
            }
            let mut reply = reply::empty(StatusCode::OK);
            cors::preflight_headers(reply.headers_mut());
            return reply;
        }
        let mut reply = self.call(&snapshot, &matched, &parts, body, origin, (request_id, trail), log).await;
        if api.enable_cors {
            cors::cors_headers(reply.headers_mut());
        }
        reply
    }

    /// Runs the API's policies, then its function: admit → build the event →
    /// dispatch → reply. Every refusal on the way is a [`Rejection`].
    #[allow(clippy::too_many_arguments)]
    async fn call(
        &self,
        snapshot: &Snapshot,
        matched: &Matched<'_>,
        parts: &http::request::Parts,
        body: Incoming,
        origin: &Origin,
        (request_id, trail): (&str, &mut Trail),
        log: &mut RequestLog,
    ) -> Reply {
        let api = &matched.route.api;
        // `serviceTimeout` runs from routing: reading the body and waiting for a
        // slot count against it, as on the cloud.
        let deadline = Deadline::now() + Duration::from_secs(api.service_timeout);
        // Everything the head decides comes before the body is read, so a
        // refused request never buffers its body (see `body`).
        let prepared = async {
            let verified = authorize(snapshot, matched, parts).await?;
            if let Some(error) = snapshot.broken.get(&api.function) {
                return Err(Rejection::Broken(error.clone()));
            }
            let function = snapshot.functions.get(&api.function).cloned().ok_or(Rejection::NotLoaded)?;
            let slots = snapshot.slots.get(&api.function).ok_or(Rejection::NotLoaded)?;
            // The function's slots are decided from the head: a request they
            // refuse never has its body read. They are taken for good only once
            // the body is in, so a slow body holds no slot of its function.
            drop(admission::function_permits(&self.runtime, slots, deadline).await?);
            let mut charge = body::reserve(parts, &self.bodies, origin.client, deadline, request_id).await?;
            let body = body::read(body, &mut charge, &self.bodies, deadline, request_id).await?;
            let permits = admission::function_permits(&self.runtime, slots, deadline).await?;
            // A signed Content-MD5 covers the body: checked once it is read.
            if let Some(md5) = verified.as_ref().and_then(|v| v.content_md5.as_deref())
                && !auth::body_matches(md5, &body)
            {
                return Err(Rejection::Unauthorized("HMAC signature does not match.".into()));
            }
            let secret_id = verified.map(|v| v.secret_id);
            let request = RequestParts {
                method: parts.method.as_str(),
                query: parts.uri.query(),
                headers: &parts.headers,
                body: &body,
                origin,
                request_id,
                secret_id: secret_id.as_deref(),
                stage_variables: snapshot.custom().stage_variables.get(matched.stage),
            };
            let event = match event::build(matched, &request) {
                Ok(event) => event,
                Err(BuildError::TooLarge) => return Err(Rejection::TooLarge),
                Err(BuildError::MissingParameter(message)) => {
                    return Err(Rejection::MissingParameter(message));
                }
            };
            // Only the input is kept while the request waits for a place and
            // runs; the body goes as soon as the event holds it.
            let input = match function.abi() {
                Abi::Http => {
                    let request = event::http_request(&event, parts, body.clone(), matched.stage);
                    Input::Http(Box::new(request))
                }
                _ => Input::Event(Bytes::from(event::to_json(&event))),
            };
            drop(event);
            drop(body);
            let admitted = admission::place(&self.runtime, &function, permits, deadline).await?;
            Ok((function, input, (admitted, charge)))
        };
        match prepared.await {
            Ok((function, event, admitted)) => {
                if let Input::Event(event) = &event
                    && self.history.is_some()
                {
                    trail.event = Some(event.clone());
                }
                self.dispatch(
                    snapshot,
                    matched,
                    function,
                    event,
                    admitted,
                    deadline,
                    (request_id, log, trail),
                )
                .await
            }
            Err(rejection) => rejection.reply(&api.function, request_id, self.metrics()),
        }
    }

    /// Runs the admitted invocation and turns its outcome into the reply. It runs
    /// inside this request's task (no thread hop). If the gateway timeout fires
    /// first, the answer is 504 and the invocation moves to a task of its own: it
    /// is not cancelled, it ends at its own timeout and is logged then.
    #[allow(clippy::too_many_arguments)]
    async fn dispatch(
        &self,
        snapshot: &Snapshot,
        matched: &Matched<'_>,
        function: Function,
        event: Input,
        (admitted, charge): (Admitted, body::Charge),
        deadline: Deadline,
        (request_id, log, trail): (&str, &mut RequestLog, &mut Trail),
    ) -> Reply {
        let api = &matched.route.api;
        let runtime = self.runtime.clone();
        let id = request_id.to_owned();
        let version = HeaderValue::from_str(function.version()).expect("hex is a valid header value");
        let in_flight = self.metrics.as_ref().map(|m| m.route_invocation_started(matched.route.metered()));
        let (start, sink) = stream_log(request_id, matched.route);
        let mut invocation = Box::pin(async move {
            let Admitted { place, permits } = admitted;
            let invocation = match event {
                Input::Event(event) => {
                    runtime.invoke_reserved(place, &function, event, &id, Some(sink)).await
                }
                Input::Http(request) => {
                    runtime.invoke_http_reserved(place, &function, *request, &id, Some(sink)).await
                }
            };
            drop((permits, in_flight, charge));
            invocation
        });
        // The gateway's clock started first (at routing): a result that arrives
        // once it has run out, as with `serviceTimeout == timeout`, is a 504 too.
        match tokio::time::timeout_at(deadline, &mut invocation).await {
            Ok(invocation) if Deadline::now() >= deadline => {
                finished(
                    &invocation,
                    matched.route,
                    invocation.outcome.label(),
                    self.metrics(),
                    (&start, log),
                );
                self.keep(trail, invocation);
                Rejection::GatewayTimeout.reply(&api.function, request_id, self.metrics())
            }
            Err(_) => {
                let (route, metrics) = (matched.route.clone(), self.metrics.clone());
                tokio::spawn(async move {
                    let invocation = invocation.await;
                    let log = &mut RequestLog::default();
                    finished(
                        &invocation,
                        &route,
                        invocation.outcome.label(),
                        metrics.as_deref(),
                        (&start, log),
                    );
                });
                Rejection::GatewayTimeout.reply(&api.function, request_id, self.metrics())
            }
            Ok(invocation) => {
                let (mut reply, note) =
                    reply::from_invocation(&invocation, api, snapshot.custom().function_error_status);
                let label = if note.is_some() { "bad_response" } else { invocation.outcome.label() };
                finished(&invocation, matched.route, label, self.metrics(), (&start, log));
                if let Some(note) = note {
                    crate::throttle::warn_limited!(
                        "invalid response",
                        request_id, function = %api.function,
                        "request {request_id}: function {}: invalid response: {note}", api.function
                    );
                }
                reply.headers_mut().insert(VERSION_HEADER, version);
                self.keep(trail, invocation);
                reply
            }
        }
    }

    /// Runs `name`'s function once on `event` outside any API (a timer's run,
    /// the console's test), waiting for a slot as long as the function may run,
    /// and counts it; once admitted, its log lines go to the sink `log` gives
    /// as they come, if it gives one.
    pub(crate) async fn invoke_direct(
        &self,
        snapshot: &Snapshot,
        name: &str,
        event: Bytes,
        request_id: &str,
        log: impl FnOnce() -> Option<LogSink>,
    ) -> Result<Invocation, Rejection> {
        if let Some(error) = snapshot.broken.get(name) {
            return Err(Rejection::Broken(error.clone()));
        }
        let function = snapshot.functions.get(name).cloned().ok_or(Rejection::NotLoaded)?;
        let slots = snapshot.slots.get(name).ok_or(Rejection::NotLoaded)?;
        let deadline = Deadline::now() + Duration::from_secs(function.spec().timeout.as_secs().max(1));
        let Admitted { place, permits } = admission::admit(&self.runtime, slots, &function, deadline).await?;
        let in_flight = self.metrics().map(|m| m.invocation_started(name));
        let invocation = self.runtime.invoke_reserved(place, &function, event, request_id, log()).await;
        drop((permits, in_flight));
        if let Some(m) = self.metrics() {
            m.invocation(name, invocation.outcome.label(), invocation.duration, invocation.peak_memory);
        }
        Ok(invocation)
    }

    /// Leaves `invocation` on the trail when a history keeps it.
    fn keep(&self, trail: &mut Trail, invocation: Invocation) {
        if self.history.is_some() {
            trail.invocation = Some(invocation);
        }
    }
}

/// What a function is given: the event JSON, or for a wasi:http function the
/// HTTP request.
enum Input {
    Event(Bytes),
    Http(Box<http::Request<Bytes>>),
}

/// `snapshot` with the store its config names (through `stores`).
fn with_store(mut snapshot: Snapshot, stores: &Stores) -> Snapshot {
    let custom = &snapshot.config.custom;
    snapshot.store = stores.resolve(custom.state.as_deref(), custom.state_failure);
    snapshot
}

/// Key-pair auth, then the usage plan: the verified signature when auth is on.
async fn authorize(
    snapshot: &Snapshot,
    matched: &Matched<'_>,
    parts: &http::request::Parts,
) -> Result<Option<auth::Verified>, Rejection> {
    let route = &matched.route;
    let verified = match &route.api.auth {
        None => None,
        Some(allowed) => Some(
            auth::verify(parts, &snapshot.custom().key_pairs, allowed, SystemTime::now())
                .map_err(|e| Rejection::Unauthorized(e.0))?,
        ),
    };
    if let Some(limits) = &route.limits {
        let caller = verified.as_ref().map_or("", |v| v.secret_id.as_str());
        let store = snapshot.store.as_deref();
        limits.admit(caller, store, snapshot.custom().state_failure).await.map_err(Rejection::Limited)?;
    }
    Ok(verified)
}

/// The tags of a line about `api`'s request `request_id`.
fn tags<'a>(api: &'a Api, request_id: &'a str) -> Tags<'a> {
    Tags { request_id, function: &api.function, stage: &api.stage, route: &api.path }
}

/// Marks the start of an invocation of `route`'s function, and returns the
/// sink its own log lines go to as it writes them, tagged as the rest (START
/// goes out before the first of them, or with the closing lines).
fn stream_log(request_id: &str, route: &Arc<Route>) -> (Arc<Start>, LogSink) {
    let start = Arc::new(Start::now());
    let (id, route, first) = (request_id.to_owned(), route.clone(), start.clone());
    let sink = Arc::new(move |line: &[u8]| {
        let (api, request_id) = (&route.api, id.as_str());
        let (log, tags) = (&mut RequestLog::default(), tags(api, request_id));
        first.log(log, &tags);
        let line = fngate_runtime::function_line(&api.function, request_id, line);
        log.scf(SystemTime::now(), &tags, None, format_args!("{line}"));
    });
    (start, sink)
}

/// Adds an invocation's closing SCF lines to `log` (its own were written as
/// they came), START first if it is not out yet, each tagged with the request
/// and its API, and counts it.
fn finished(
    invocation: &Invocation,
    route: &Route,
    outcome: &'static str,
    metrics: Option<&Metrics>,
    (start, log): (&Start, &mut RequestLog),
) {
    let api = &route.api;
    let tags = tags(api, &invocation.request_id);
    start.log(log, &tags);
    let now = SystemTime::now();
    invocation.each_log_line(&api.function, |kind, line| match kind {
        LogLine::Start => {}
        // The precise duration beside the line's whole milliseconds.
        LogLine::Report => log.scf(now, &tags, Some(invocation.duration.as_secs_f64() * 1e3), line),
        _ => log.scf(now, &tags, None, line),
    });
    if let Some(m) = metrics {
        m.route_invocation(route.metered(), outcome, invocation.duration, invocation.peak_memory);
    }
}

/// A duration in milliseconds with three decimals, as `{:.3}` prints the
/// float, but from whole nanoseconds (rounded half up).
struct Millis(Duration);

impl std::fmt::Display for Millis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // In u64: `u128`'s formatting divides in 128 bits (~1k instructions a
        // request between this and `MemUsage`).
        let micros = u64::try_from((self.0.as_nanos() + 500) / 1000).unwrap_or(u64::MAX);
        write!(f, "{}.{:03}", micros / 1000, micros % 1000)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_round_to_the_microsecond() {
        for (nanos, text) in [
            (0, "0.000"),
            (499, "0.000"),
            (500, "0.001"),
            (999_499, "0.999"),
            (999_500, "1.000"),
            (1_234_567, "1.235"),
        ] {
            assert_eq!(Millis(Duration::from_nanos(nanos)).to_string(), text, "{nanos} ns");
        }
        assert_eq!(Millis(Duration::from_secs(86_400)).to_string(), "86400000.000");
    }
}

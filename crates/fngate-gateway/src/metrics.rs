//! The gateway's Prometheus metrics: what is counted, with which labels, and
//! their exposition (prometheus-client, OpenMetrics text).

use std::sync::OnceLock;
use std::sync::atomic::AtomicI64;
use std::time::Duration;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use fngate_config::Api;

/// The content type of [`Metrics::encode`]'s output.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

/// Labels of a request: which API answered (empty when none matched) and how.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RequestLabels {
    service: String,
    stage: String,
    route: String,
    method: String,
    status: u16,
}

/// Labels of a refused connection.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReasonLabels {
    reason: &'static str,
}

/// Labels of a request's duration.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    service: String,
    stage: String,
    route: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct FunctionLabels {
    function: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    function: String,
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct LoadLabels {
    function: String,
    result: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ReloadLabels {
    kind: &'static str,
    result: &'static str,
}

/// Labels of a function's outbound connection or request.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutboundLabels {
    function: String,
    host: String,
    result: String,
}

type Histograms<L> = Family<L, Histogram, fn() -> Histogram>;

/// Durations from 100 µs to about 52 s, doubling.
fn seconds_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.0001, 2.0, 20))
}

/// Every metric the gateway keeps.
pub struct Metrics {
    registry: Registry,
    process: crate::process_metrics::ProcessMetrics,
    requests: Family<RequestLabels, Counter>,
    request_seconds: Histograms<RouteLabels>,
    invocations: Family<OutcomeLabels, Counter>,
    invocation_seconds: Histograms<FunctionLabels>,
    in_flight: Family<FunctionLabels, Gauge>,
    peak_memory: Family<FunctionLabels, Gauge<i64, AtomicI64>>,
    loads: Family<LoadLabels, Counter>,
    load_seconds: Histograms<FunctionLabels>,
    reloads: Family<ReloadLabels, Counter>,
    log_dropped: Counter,
    outbound: Family<OutboundLabels, Counter>,
    log_sync: std::sync::Mutex<()>,
    connections_refused: Family<ReasonLabels, Counter>,
    store_up: Gauge,
    store_errors: Counter,
    store_fallbacks: Family<ModeLabels, Counter>,
    store_seconds: Histogram,
}

/// Labels of a usage-plan decision taken without the shared store.
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ModeLabels {
    mode: &'static str,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

/// The API a request reached, for its labels.
#[derive(Debug, Clone, Copy)]
pub struct RequestApi<'a> {
    /// The API's service id.
    pub service: &'a str,
    /// Its stage.
    pub stage: &'a str,
    /// Its configured path.
    pub route: &'a str,
}

impl Metrics {
    /// A registry with every metric registered and no samples yet.
    pub fn new() -> Self {
        let mut registry = Registry::default();
        let process = crate::process_metrics::ProcessMetrics::register(&mut registry);
        let mut m = Metrics {
            registry,
            process,
            requests: Family::default(),
            request_seconds: Family::new_with_constructor(seconds_histogram),
            invocations: Family::default(),
            invocation_seconds: Family::new_with_constructor(seconds_histogram),
            in_flight: Family::default(),
            peak_memory: Family::default(),
            loads: Family::default(),
            load_seconds: Family::new_with_constructor(seconds_histogram),
            reloads: Family::default(),
            log_dropped: Counter::default(),
            outbound: Family::default(),
            log_sync: std::sync::Mutex::new(()),
            connections_refused: Family::default(),
            store_up: Gauge::default(),
            store_errors: Counter::default(),
            store_fallbacks: Family::default(),
            store_seconds: seconds_histogram(),
        };
        let r = m.registry.sub_registry_with_prefix("fngate");
        r.register("http_requests", "HTTP requests by API and status", m.requests.clone());
        r.register(
            "http_request_duration_seconds",
            "Time from request to response",
            m.request_seconds.clone(),
        );
        r.register("invocations", "Function invocations by outcome", m.invocations.clone());
        r.register(
            "invocation_duration_seconds",
            "Wall time of an invocation, instantiation to exit",
            m.invocation_seconds.clone(),
        );
        r.register("invocations_in_flight", "Invocations running now", m.in_flight.clone());
        r.register(
            "guest_memory_peak_bytes",
            "Largest linear memory any invocation of the function had",
            m.peak_memory.clone(),
        );
        r.register("module_loads", "Module loads: compiled, read from the cache, or failed", m.loads.clone());
        r.register("module_load_duration_seconds", "Time to load a module", m.load_seconds.clone());
        r.register("reloads", "Hot reloads of modules and of the config", m.reloads.clone());
        r.register(
            "connections_refused",
            "Connections closed at once: over the total or the per-address cap",
            m.connections_refused.clone(),
        );
        r.register(
            "usage_store_up",
            "1 while the shared usage-plan store answers, else 0",
            m.store_up.clone(),
        );
        r.register(
            "usage_store_errors",
            "Failed round trips to the shared usage-plan store (lost connection, timeout, error answer)",
            m.store_errors.clone(),
        );
        r.register(
            "usage_store_fallbacks",
            "Limited requests decided without the shared store, by stateFailure mode",
            m.store_fallbacks.clone(),
        );
        r.register(
            "usage_store_round_trip_seconds",
            "Time of one usage-plan round trip to the shared store",
            m.store_seconds.clone(),
        );
        r.register(
            "log_lines_dropped",
            "Log lines dropped because stderr could not keep up",
            m.log_dropped.clone(),
        );
        r.register(
            "outbound",
            "Functions' outbound connections and requests by host and result (`ok`, the HTTP status, or the error code)",
            m.outbound.clone(),
        );
        m
    }

    /// Counts one answered request; `api` is `None` when no API matched.
    pub fn request(&self, api: Option<RequestApi<'_>>, method: &str, status: u16, elapsed: Duration) {
        let api = api.unwrap_or(RequestApi { service: "", stage: "", route: "" });
        self.count_request(api, method_label(method), status);
        let RequestApi { service, stage, route } = api;
        let labels =
            RouteLabels { service: service.to_owned(), stage: stage.to_owned(), route: route.to_owned() };
        self.request_seconds.get_or_create(&labels).observe(elapsed.as_secs_f64());
    }

    /// Counts a request in `fngate_requests` (its method label already chosen).
    fn count_request(&self, api: RequestApi<'_>, method: &str, status: u16) {
        let labels = RequestLabels {
            service: api.service.to_owned(),
            stage: api.stage.to_owned(),
            route: api.route.to_owned(),
            method: method.to_owned(),
            status,
        };
        self.requests.get_or_create(&labels).inc();
    }

    /// Counts a connection closed at once because of a cap (`total` or `per_ip`).
    pub fn connection_refused(&self, reason: &'static str) {
        self.connections_refused.get_or_create(&ReasonLabels { reason }).inc();
    }

    /// Marks an invocation of `function` as started; the guard marks it finished.
    pub fn invocation_started(&self, function: &str) -> InFlight {
        let gauge = self.in_flight.get_or_create(&FunctionLabels { function: function.to_owned() }).clone();
        gauge.inc();
        InFlight(gauge)
    }

    /// Counts a finished invocation.
    pub fn invocation(&self, function: &str, outcome: &'static str, elapsed: Duration, peak_memory: usize) {
        let labels = FunctionLabels { function: function.to_owned() };
        self.invocation_seconds.get_or_create(&labels).observe(elapsed.as_secs_f64());
        let peak = i64::try_from(peak_memory).unwrap_or(i64::MAX);
        self.peak_memory.get_or_create(&labels).inner().fetch_max(peak, std::sync::atomic::Ordering::Relaxed);
        self.invocations.get_or_create(&OutcomeLabels { function: labels.function, outcome }).inc();
    }

    /// Counts a function's successful module load, compiled or from the cache.
    pub fn loaded(&self, function: &fngate_runtime::Function) {
        let result = if function.from_cache() { "cached" } else { "compiled" };
        self.module_load(&function.spec().name, result, function.load_time());
    }

    /// Counts a module load: `result` is `compiled`, `cached` or `error`.
    pub fn module_load(&self, function: &str, result: &'static str, elapsed: Duration) {
        self.loads.get_or_create(&LoadLabels { function: function.to_owned(), result }).inc();
        self.load_seconds
            .get_or_create(&FunctionLabels { function: function.to_owned() })
            .observe(elapsed.as_secs_f64());
    }

    /// Counts a hot reload: `kind` is `module` or `config`, `result` `ok` or `error`.
    pub fn reload(&self, kind: &'static str, result: &'static str) {
        self.reloads.get_or_create(&ReloadLabels { kind, result }).inc();
    }

    /// Sets whether the shared usage-plan store is reachable.
    pub(crate) fn store_up(&self, up: bool) {
        self.store_up.set(i64::from(up));
    }

    /// Counts a failed round trip to the shared store.
    pub(crate) fn store_error(&self) {
        self.store_errors.inc();
    }

    /// Counts a limited request decided without the store (`mode`: `open` or `closed`).
    pub(crate) fn store_fallback(&self, mode: &'static str) {
        self.store_fallbacks.get_or_create(&ModeLabels { mode }).inc();
    }

    /// Records one round trip to the shared store.
    pub(crate) fn store_round_trip(&self, elapsed: Duration) {
        self.store_seconds.observe(elapsed.as_secs_f64());
    }

    /// Creates the series of every function of `config` at zero, so that a
    /// function that has not run yet has them (rates and alerts need them).
    pub fn configured(&self, config: &fngate_config::Config) {
        for f in &config.functions {
            let labels = FunctionLabels { function: f.name.clone() };
            let _ = self.in_flight.get_or_create(&labels);
            let _ = self.invocation_seconds.get_or_create(&labels);
            for outcome in ["ok", "handler_error", "timeout"] {
                let _ = self.invocations.get_or_create(&OutcomeLabels { function: f.name.clone(), outcome });
            }
        }
    }

    /// The OpenMetrics text exposition of every metric.
    pub fn encode(&self) -> String {
        // Catch the counter up with the log writer's; one scrape at a time, so
        // two concurrent scrapes never add the same lines twice.
        {
            let _one = self.log_sync.lock().unwrap_or_else(|e| e.into_inner());
            self.process.update();
            let dropped = crate::logsink::dropped_lines();
            self.log_dropped.inc_by(dropped.saturating_sub(self.log_dropped.get()));
            for ((function, host, result), n) in fngate_runtime::outbound_counts() {
                let counter = self.outbound.get_or_create(&OutboundLabels { function, host, result });
                counter.inc_by(n.saturating_sub(counter.get()));
            }
        }
        let mut out = String::new();
        prometheus_client::encoding::text::encode(&mut out, &self.registry)
            .expect("writing to a String cannot fail");
        out
    }
}

/// The method as a label value: a standard method, else `_OTHER`, so a client
/// making up methods cannot create series without bound. (Every other label
/// comes from the config or from the gateway itself: the service, stage and
/// route of a matched API, empty otherwise, and the status answered.)
fn method_label(method: &str) -> &'static str {
    const STANDARD: [&str; 9] =
        ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];
    STANDARD.into_iter().find(|m| *m == method).unwrap_or("_OTHER")
}

/// How many (method, status) pairs of an API keep a resolved counter; more
/// pairs are looked up by their labels.
const USUAL_ANSWERS: usize = 4;

/// One API's series, resolved at its first request and kept with its route
/// ([`Metrics::of_route`]): counting a request then builds no label strings and
/// looks nothing up in the families.
#[derive(Debug)]
pub(crate) struct RouteMetrics {
    seconds: Histogram,
    answers: [OnceLock<(&'static str, u16, Counter)>; USUAL_ANSWERS],
    in_flight: Gauge,
    invocation_seconds: Histogram,
    peak_memory: Gauge<i64, AtomicI64>,
    ok: Counter,
}

/// An API and where its resolved series are kept (its route): what the
/// per-route counting takes.
#[derive(Clone, Copy)]
pub(crate) struct Metered<'r> {
    /// The API.
    pub(crate) api: &'r Api,
    /// Its series, once resolved.
    pub(crate) handles: &'r OnceLock<RouteMetrics>,
}

impl Metrics {
    /// The series of `route`'s API, resolved at its first request. A route
    /// belongs to one gateway's snapshot, so to one `Metrics`.
    pub(crate) fn of_route<'r>(&self, route: Metered<'r>) -> &'r RouteMetrics {
        route.handles.get_or_init(|| {
            let api = &route.api;
            let function = FunctionLabels { function: api.function.clone() };
            let route_labels = RouteLabels {
                service: api.service_id.clone(),
                stage: api.stage.clone(),
                route: api.path.clone(),
            };
            RouteMetrics {
                seconds: self.request_seconds.get_or_create(&route_labels).clone(),
                answers: Default::default(),
                in_flight: self.in_flight.get_or_create(&function).clone(),
                invocation_seconds: self.invocation_seconds.get_or_create(&function).clone(),
                peak_memory: self.peak_memory.get_or_create(&function).clone(),
                ok: self
                    .invocations
                    .get_or_create(&OutcomeLabels { function: function.function, outcome: "ok" })
                    .clone(),
            }
        })
    }

    /// Counts one answered request of `route`'s API (as [`Metrics::request`]).
    pub(crate) fn route_request(&self, route: Metered<'_>, method: &str, status: u16, elapsed: Duration) {
        let handles = self.of_route(route);
        handles.seconds.observe(elapsed.as_secs_f64());
        let method = method_label(method);
        for slot in &handles.answers {
            let (m, s, counter) = slot.get_or_init(|| {
                let api = &route.api;
                let labels = RequestLabels {
                    service: api.service_id.clone(),
                    stage: api.stage.clone(),
                    route: api.path.clone(),
                    method: method.to_owned(),
                    status,
                };
                (method, status, self.requests.get_or_create(&labels).clone())
            });
            if (*m, *s) == (method, status) {
                counter.inc();
                return;
            }
        }
        let api =
            RequestApi { service: &route.api.service_id, stage: &route.api.stage, route: &route.api.path };
        self.count_request(api, method, status);
    }

    /// Marks an invocation of `route`'s function as started; the guard marks it finished.
    pub(crate) fn route_invocation_started(&self, route: Metered<'_>) -> InFlight {
        let gauge = self.of_route(route).in_flight.clone();
        gauge.inc();
        InFlight(gauge)
    }

    /// Counts a finished invocation of `route`'s function (as [`Metrics::invocation`]).
    pub(crate) fn route_invocation(
        &self,
        route: Metered<'_>,
        outcome: &'static str,
        elapsed: Duration,
        peak: usize,
    ) {
        let handles = self.of_route(route);
        handles.invocation_seconds.observe(elapsed.as_secs_f64());
        let peak = i64::try_from(peak).unwrap_or(i64::MAX);
        handles.peak_memory.inner().fetch_max(peak, std::sync::atomic::Ordering::Relaxed);
        match outcome {
            "ok" => {
                handles.ok.inc();
            }
            _ => {
                let labels = OutcomeLabels { function: route.api.function.clone(), outcome };
                self.invocations.get_or_create(&labels).inc();
            }
        }
    }
}

/// An invocation in flight; dropping it decrements the gauge.
pub struct InFlight(Gauge);

impl Drop for InFlight {
    fn drop(&mut self) {
        self.0.dec();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api() -> Api {
        let src = "service: s\nprovider: {name: tencent, runtime: Wasm}\nfunctions:\n  f:\n    handler: f.main\n    events: [{apigw: {parameters: {path: /f}}}]\n";
        let dir = std::env::temp_dir().join(format!("fngate-metrics-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("serverless.yml"), src).unwrap();
        let (config, _) = fngate_config::load(&dir).unwrap();
        let _ = std::fs::remove_dir_all(&dir);
        config.apis[0].clone()
    }

    /// The value of the sample whose line starts with `series`.
    fn sample(text: &str, series: &str) -> Option<f64> {
        text.lines().find_map(|l| l.strip_prefix(series)?.strip_prefix(' ')?.parse().ok())
    }

    /// A route's resolved series count as the labelled lookups do, past the
    /// answers it keeps resolved too.
    #[test]
    fn a_routes_handles_count_every_answer() {
        let (by_route, by_labels, api, handles) = (Metrics::new(), Metrics::new(), api(), OnceLock::new());
        let route = Metered { api: &api, handles: &handles };
        let api =
            RequestApi { service: &route.api.service_id, stage: &route.api.stage, route: &route.api.path };
        let answers =
            [("POST", 200), ("GET", 200), ("POST", 500), ("POST", 200), ("BREW", 418), ("PUT", 201)];
        for (method, status) in answers.into_iter().cycle().take(3 * answers.len()) {
            by_route.route_request(route, method, status, Duration::from_millis(2));
            by_labels.request(Some(api), method, status, Duration::from_millis(2));
        }
        for outcome in ["ok", "ok", "timeout"] {
            drop(by_route.route_invocation_started(route));
            by_route.route_invocation(route, outcome, Duration::from_millis(1), 65536);
            drop(by_labels.invocation_started("f"));
            by_labels.invocation("f", outcome, Duration::from_millis(1), 65536);
        }
        let (a, b) = (by_route.encode(), by_labels.encode());
        let series = |text: &str| {
            let mut lines: Vec<String> =
                text.lines().filter(|l| !l.starts_with("process_")).map(str::to_owned).collect();
            lines.sort();
            lines
        };
        assert_eq!(series(&a), series(&b));
        let post_200 = format!(
            "fngate_http_requests_total{{service=\"{}\",stage=\"release\",route=\"/f\",method=\"POST\",status=\"200\"}}",
            route.api.service_id
        );
        assert_eq!(sample(&a, &post_200), Some(6.0), "{a}");
        let put = post_200.replace("\"POST\",status=\"200\"", "\"PUT\",status=\"201\"");
        assert_eq!(sample(&a, &put), Some(3.0), "past the resolved answers: {a}");
        assert_eq!(sample(&a, "fngate_invocations_total{function=\"f\",outcome=\"ok\"}"), Some(2.0));
        assert_eq!(sample(&a, "fngate_invocations_in_flight{function=\"f\"}"), Some(0.0));
    }
}

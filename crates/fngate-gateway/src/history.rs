//! The console's memory of recent invocations: a bounded ring of records (each
//! with its event, response and log, bounded), and per-second series of
//! requests, durations, errors, refusals and memory per function over the last
//! minutes. Nothing is persisted.

use std::collections::{HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use fngate_runtime::{Invocation, Outcome};
use serde_json::{Value, json};

use crate::routes::{Route, display_path};

/// How many recent invocations the console keeps by default.
pub const DEFAULT_CAPACITY: usize = 200;

/// The most bytes of an event, a response or a log a record keeps.
pub const MAX_KEPT_BYTES: usize = 64 * 1024;

/// How many seconds of series are kept (the monitoring charts' window).
pub const WINDOW_SECS: u64 = 300;

/// The statuses the gateway refuses a request with before its function runs:
/// charted as refusals, apart from the functions' errors.
pub const REFUSALS: [u16; 4] = [401, 403, 429, 432];

/// What started an invocation.
pub enum Trigger {
    /// A request through an API.
    Api {
        /// The API's route.
        route: Arc<Route>,
        /// The request's method.
        method: http::Method,
    },
    /// A timer.
    Timer {
        /// The timer's name.
        name: String,
        /// Its function.
        function: String,
    },
    /// The console's (or the API's) test panel.
    Test {
        /// The function tested.
        function: String,
    },
}

/// One invocation as the console shows it.
pub struct Record {
    /// Its place in the history (increasing).
    pub seq: u64,
    /// When it ended.
    pub at: SystemTime,
    /// Its request id.
    pub request_id: String,
    /// What started it.
    pub trigger: Trigger,
    /// The HTTP status answered (or the status the outcome maps to).
    pub status: u16,
    /// How long it took: the invocation when it ran, else the request.
    pub duration: Duration,
    /// The invocation, when the function ran (its response and log bounded).
    pub invocation: Option<Invocation>,
    /// The event it was given (bounded), and the event's full size.
    pub event: Option<(Bytes, usize)>,
    /// The response's and the log's full sizes, before bounding.
    sizes: (usize, usize),
}

/// What [`History::record`] is given.
pub struct Entry {
    /// Its request id.
    pub request_id: String,
    /// What started it.
    pub trigger: Trigger,
    /// The HTTP status answered.
    pub status: u16,
    /// The request's whole time (used when the function did not run).
    pub elapsed: Duration,
    /// The invocation, when the function ran.
    pub invocation: Option<Invocation>,
    /// The event it was given.
    pub event: Option<Bytes>,
}

/// Recent invocations and the series of the last [`WINDOW_SECS`].
pub struct History {
    capacity: usize,
    state: Mutex<State>,
}

#[derive(Default)]
struct State {
    next: u64,
    ring: VecDeque<Arc<Record>>,
    overall: Series,
    functions: HashMap<String, Series>,
}

/// One function's (or all functions') seconds with traffic, oldest first.
#[derive(Default)]
struct Series {
    seconds: VecDeque<Second>,
}

/// Duration buckets: from 10 µs, each 1.3× the last; the last holds everything longer.
const BUCKETS: usize = 64;
const BUCKET_BASE_US: f64 = 10.0;
const BUCKET_GROWTH: f64 = 1.3;

struct Second {
    at: u64,
    requests: u32,
    durations: [u32; BUCKETS],
    statuses: Vec<(u16, u32)>,
    /// The largest memory a guest had, in bytes.
    memory: usize,
}

impl Second {
    fn new(at: u64) -> Self {
        Second { at, requests: 0, durations: [0; BUCKETS], statuses: Vec::new(), memory: 0 }
    }

    /// The duration (ms) below which `q` of this second's requests ended.
    fn quantile_ms(&self, q: f64) -> f64 {
        let wanted = (f64::from(self.requests) * q).ceil().max(1.0) as u32;
        let mut seen = 0;
        for (i, n) in self.durations.iter().enumerate() {
            seen += n;
            if seen >= wanted {
                // The bucket's geometric middle.
                return BUCKET_BASE_US * BUCKET_GROWTH.powf(i as f64 + 0.5) / 1e3;
            }
        }
        0.0
    }
}

fn bucket(duration: Duration) -> usize {
    let us = (duration.as_secs_f64() * 1e6).max(BUCKET_BASE_US);
    ((us / BUCKET_BASE_US).ln() / BUCKET_GROWTH.ln()) as usize
}

impl Series {
    fn add(&mut self, at: u64, status: u16, duration: Duration, memory: usize) {
        if self.seconds.back().is_none_or(|s| s.at != at) {
            self.seconds.push_back(Second::new(at));
        }
        while self.seconds.front().is_some_and(|s| s.at + WINDOW_SECS <= at) {
            self.seconds.pop_front();
        }
        let second = self.seconds.back_mut().expect("just pushed");
        second.requests += 1;
        second.durations[bucket(duration).min(BUCKETS - 1)] += 1;
        second.memory = second.memory.max(memory);
        if status >= 400 {
            match second.statuses.iter_mut().find(|(s, _)| *s == status) {
                Some((_, n)) => *n += 1,
                None => second.statuses.push((status, 1)),
            }
        }
    }

    /// Dense arrays, one value a second, over the `window` seconds up to `now`.
    fn to_json(&self, now: u64, window: u64) -> Value {
        let from = now + 1 - window;
        let len = window as usize;
        let mut requests = vec![0u32; len];
        let (mut p50, mut p99, mut memory) =
            (vec![Value::Null; len], vec![Value::Null; len], vec![Value::Null; len]);
        let mut errors: HashMap<u16, Vec<u32>> = HashMap::new();
        let mut refusals: HashMap<u16, Vec<u32>> = HashMap::new();
        for s in self.seconds.iter().filter(|s| s.at >= from && s.at <= now) {
            let i = (s.at - from) as usize;
            requests[i] = s.requests;
            p50[i] = json!(round3(s.quantile_ms(0.5)));
            p99[i] = json!(round3(s.quantile_ms(0.99)));
            if s.memory > 0 {
                memory[i] = json!(round3(s.memory as f64 / (1024.0 * 1024.0)));
            }
            for &(status, n) in &s.statuses {
                let kind = if REFUSALS.contains(&status) { &mut refusals } else { &mut errors };
                kind.entry(status).or_insert_with(|| vec![0; len])[i] = n;
            }
        }
        let keyed = |m: HashMap<u16, Vec<u32>>| -> serde_json::Map<String, Value> {
            m.into_iter().map(|(k, v)| (k.to_string(), json!(v))).collect()
        };
        json!({
            "requests": requests,
            "p50Ms": p50,
            "p99Ms": p99,
            "memoryMb": memory,
            "errors": keyed(errors),
            "refusals": keyed(refusals),
        })
    }
}

fn round3(x: f64) -> f64 {
    (x * 1e3).round() / 1e3
}

/// The first `MAX_KEPT_BYTES` of `bytes`, copied when longer (so a large body
/// is not held whole by the ring).
fn bounded(bytes: &Bytes) -> Bytes {
    if bytes.len() <= MAX_KEPT_BYTES {
        bytes.clone()
    } else {
        Bytes::copy_from_slice(&bytes[..MAX_KEPT_BYTES])
    }
}

/// Bounds what an invocation keeps; returns the response's and the log's full sizes.
fn bound_invocation(invocation: &mut Invocation) -> (usize, usize) {
    // Its own lines went to the log as they came; they are kept in it too, and
    // the console shows them all.
    invocation.streamed.streamed = false;
    let log = invocation.log.len();
    invocation.log = bounded(&invocation.log);
    let response = match &mut invocation.outcome {
        Outcome::Success { stdout } => {
            let len = stdout.len();
            *stdout = bounded(stdout);
            len
        }
        Outcome::HttpResponse(response) => {
            let len = response.body().len();
            *response.body_mut() = bounded(response.body());
            len
        }
        _ => 0,
    };
    (response, log)
}

fn unix_secs(at: SystemTime) -> u64 {
    at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs())
}

impl History {
    /// A history keeping the last `capacity` invocations.
    pub fn new(capacity: usize) -> Arc<History> {
        Arc::new(History { capacity, state: Mutex::default() })
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Keeps `entry` (dropping the oldest past the capacity), counts it in the
    /// series, and gives its record back.
    pub fn record(&self, entry: Entry) -> Arc<Record> {
        let Entry { request_id, trigger, status, elapsed, mut invocation, event } = entry;
        let at = SystemTime::now();
        let sizes = invocation.as_mut().map(bound_invocation).unwrap_or_default();
        let duration = invocation.as_ref().map_or(elapsed, |i| i.duration);
        let memory = invocation.as_ref().map_or(0, |i| i.peak_memory);
        let event = event.map(|e| (bounded(&e), e.len()));
        let second = unix_secs(at);
        let mut record =
            Record { seq: 0, at, request_id, trigger, status, duration, invocation, event, sizes };
        let (record, dropped) = {
            let mut state = self.lock();
            let state = &mut *state;
            state.overall.add(second, status, duration, memory);
            let function = record.function();
            match state.functions.get_mut(function) {
                Some(series) => series.add(second, status, duration, memory),
                None => {
                    let mut series = Series::default();
                    series.add(second, status, duration, memory);
                    state.functions.insert(function.to_owned(), series);
                }
            }
            if self.capacity == 0 {
                return Arc::new(record);
            }
            state.next += 1;
            record.seq = state.next;
            let record = Arc::new(record);
            state.ring.push_back(record.clone());
            (record, (state.ring.len() > self.capacity).then(|| state.ring.pop_front()))
        };
        // The oldest record's buffers are freed outside the lock.
        drop(dropped);
        record
    }

    /// The kept records after `after` (all when `None`), oldest first, at most `limit` (the newest).
    pub fn since(&self, after: Option<u64>, limit: usize) -> Vec<Arc<Record>> {
        let state = self.lock();
        let after = after.unwrap_or(0);
        let newer = state.ring.iter().rev().take_while(|r| r.seq > after).take(limit);
        let mut out: Vec<_> = newer.cloned().collect();
        out.reverse();
        out
    }

    /// The record of `request_id`, while it is kept.
    pub fn find(&self, request_id: &str) -> Option<Arc<Record>> {
        self.lock().ring.iter().rev().find(|r| r.request_id == request_id).cloned()
    }

    /// The newest record's sequence number (0 when none yet).
    pub fn last_seq(&self) -> u64 {
        self.lock().ring.back().map_or(0, |r| r.seq)
    }

    /// The series of the last `window` seconds (at most [`WINDOW_SECS`]),
    /// overall and per function, one value a second.
    pub fn summary(&self, window: u64) -> Value {
        let window = window.clamp(1, WINDOW_SECS);
        let now = unix_secs(SystemTime::now());
        let state = self.lock();
        let functions: serde_json::Map<_, _> =
            state.functions.iter().map(|(name, s)| (name.clone(), s.to_json(now, window))).collect();
        json!({
            "now": now,
            "window": window,
            "time": (now + 1 - window..=now).collect::<Vec<_>>(),
            "overall": state.overall.to_json(now, window),
            "functions": functions,
        })
    }
}

impl Record {
    /// The function that ran (or was to run).
    pub fn function(&self) -> &str {
        match &self.trigger {
            Trigger::Api { route, .. } => &route.api.function,
            Trigger::Timer { function, .. } | Trigger::Test { function } => function,
        }
    }

    /// The record as the live list shows it: no bodies.
    pub fn summary(&self) -> Value {
        let (trigger, route) = match &self.trigger {
            Trigger::Api { route, method } => {
                let api = &route.api;
                ("apigw", Some(format!("{method} /{}{}", api.stage, display_path(&api.path))))
            }
            Trigger::Timer { name, .. } => ("timer", Some(name.clone())),
            Trigger::Test { .. } => ("test", None),
        };
        let inv = self.invocation.as_ref();
        json!({
            "seq": self.seq,
            "at": self.at.duration_since(UNIX_EPOCH).map_or(0, |d| d.as_millis() as u64),
            "requestId": self.request_id,
            "function": self.function(),
            "trigger": trigger,
            "route": route,
            "status": self.status,
            "outcome": inv.map_or("not_run", |i| i.outcome.label()),
            "durationMs": round3(self.duration.as_secs_f64() * 1e3),
            "memoryMb": inv.map(|i| round3(i.peak_memory as f64 / (1024.0 * 1024.0))),
            "memoryLimitMb": inv.map(|i| i.memory_mb),
        })
    }

    /// The record with its event, response and SCF log lines (each at most
    /// [`MAX_KEPT_BYTES`], with their full sizes), as text.
    pub fn detail(&self) -> Value {
        let mut out = self.summary();
        let (response_len, log_len) = self.sizes;
        let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
        out["event"] = json!(self.event.as_ref().map(|(e, _)| text(e)));
        out["eventBytes"] = json!(self.event.as_ref().map(|(_, n)| n));
        out["response"] = json!(self.invocation.as_ref().map(|i| response_text(&i.outcome)));
        out["responseBytes"] = json!(response_len);
        out["log"] = json!(self.invocation.as_ref().map(|i| i.log_lines(self.function())));
        out["logBytes"] = json!(log_len);
        out
    }
}

/// What the function answered, as text: its stdout, its HTTP response, or the
/// SCF error its failure maps to.
fn response_text(outcome: &Outcome) -> String {
    match outcome {
        Outcome::Success { stdout } => String::from_utf8_lossy(stdout).into_owned(),
        Outcome::HttpResponse(response) => {
            let mut out = format!("HTTP {}\n", response.status());
            for (name, value) in response.headers() {
                out += &format!("{name}: {}\n", String::from_utf8_lossy(value.as_bytes()));
            }
            out + "\n" + &String::from_utf8_lossy(response.body())
        }
        other => {
            other.scf_error().map(|e| String::from_utf8_lossy(&e.to_json()).into_owned()).unwrap_or_default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: &str, status: u16, micros: u64, stdout: usize) -> Entry {
        let invocation = Invocation {
            request_id: id.to_owned(),
            outcome: Outcome::Success { stdout: Bytes::from(vec![b'x'; stdout]) },
            log: Bytes::from_static(b"a line\n"),
            log_dropped: 0,
            streamed: fngate_runtime::Streamed { streamed: true, dropped_lines: 0 },
            duration: Duration::from_micros(micros),
            memory_mb: 128,
            peak_memory: 2 << 20,
        };
        Entry {
            request_id: id.to_owned(),
            trigger: Trigger::Test { function: "f".into() },
            status,
            elapsed: Duration::from_micros(micros),
            invocation: Some(invocation),
            event: Some(Bytes::from_static(b"{}")),
        }
    }

    #[test]
    fn the_ring_keeps_the_newest_and_bounds_bodies() {
        let history = History::new(3);
        for i in 0..5 {
            history.record(entry(&format!("r{i}"), 200, 100, 10));
        }
        let kept: Vec<_> = history.since(None, 10).iter().map(|r| r.request_id.clone()).collect();
        assert_eq!(kept, ["r2", "r3", "r4"]);
        assert_eq!(history.since(Some(4), 10).len(), 1, "after seq 4 only the fifth");
        assert!(history.find("r0").is_none());
        history.record(entry("big", 200, 100, 1 << 20));
        let big = history.find("big").unwrap().detail();
        assert_eq!(big["response"].as_str().unwrap().len(), MAX_KEPT_BYTES);
        assert_eq!(big["responseBytes"], 1 << 20);
        // The function's own lines are in the log although they were streamed.
        let log = big["log"].as_str().unwrap();
        assert!(log.starts_with("START RequestId:big\n[f big] a line\nEND"), "{log}");
    }

    #[test]
    fn the_series_count_each_second_with_quantiles_and_statuses() {
        let history = History::new(0);
        for _ in 0..98 {
            history.record(entry("ok", 200, 1_000, 1));
        }
        history.record(entry("slow", 434, 100_000, 1));
        history.record(entry("refused", 429, 50, 1));
        assert!(history.since(None, 10).is_empty(), "capacity 0 keeps no records");
        let summary = history.summary(5);
        let overall = &summary["overall"];
        let last = |key: &str| overall[key].as_array().unwrap().iter().rev().find(|v| !v.is_null()).cloned();
        // The records may straddle a second: sum the window.
        let total: u64 = overall["requests"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!(total, 100);
        let p50 = last("p50Ms").unwrap().as_f64().unwrap();
        assert!((0.8..1.3).contains(&p50), "p50 {p50} ms for 1 ms requests (buckets 1.3x apart)");
        let errors: u64 =
            overall["errors"]["434"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum();
        let refusals: u64 =
            overall["refusals"]["429"].as_array().unwrap().iter().map(|v| v.as_u64().unwrap()).sum();
        assert_eq!((errors, refusals), (1, 1));
        assert_eq!(summary["functions"]["f"]["requests"], overall["requests"]);
        assert_eq!(last("memoryMb").unwrap(), 2.0);
    }
}

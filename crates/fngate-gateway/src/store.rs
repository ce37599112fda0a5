//! The store usage plans share across replicas (`custom.fngate.state`): Redis,
//! one round trip per limited request (a Lua script that takes the rate and the
//! quota atomically), a connection kept up in the background, and what a
//! request gets while it is down.
//!
//! Key schema (`<api>` is `<serviceId>:<stage>:<METHOD>:<path>`, `<caller>` the
//! secret id under key-pair auth, else `-`):
//! - `fngate:quota:<api>:<caller>`: requests admitted, ever (no expiry). The
//!   limit is not part of the key, so a reload that changes `maxRequestNum`
//!   keeps the count; deleting the key resets it.
//! - `fngate:rate:<api>:<caller>`: the GCRA's theoretical arrival time in µs of
//!   the store's clock; it expires within a second of the last request.
//! - `fngate:timer:<service>:<function>:<trigger>:<fire time, Unix s>`: the
//!   replica that fires that run of a timer; expires after an hour.

use std::sync::atomic::{AtomicBool, AtomicU8, AtomicU32, AtomicU64, Ordering};
use std::sync::{Arc, LazyLock, Mutex, Weak};
use std::time::{Duration, Instant};

use fngate_config::StateFailure;
use redis::aio::MultiplexedConnection;
use redis::{AsyncConnectionConfig, Client, Script};
use tokio::sync::Notify;

use crate::metrics::Metrics;

/// Longest wait for a connection to the store.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

/// Longest wait for the store's answer on the request path; past it the store
/// counts as unreachable and the request gets `stateFailure`. A store on the
/// same network answers in well under a millisecond.
const RESPONSE_TIMEOUT: Duration = Duration::from_millis(50);

/// After a loss, the pause before the store is tried again doubles with each
/// loss in a row (from 100 ms to this), so a store that answers PING but stalls
/// costs a request its [`RESPONSE_TIMEOUT`] once per pause, not every time.
const MAX_STALL_BACKOFF: Duration = Duration::from_secs(10);

/// Longest pause between two reconnection attempts (they start at 100 ms and double).
const MAX_BACKOFF: Duration = Duration::from_secs(1);

/// The rate (GCRA, burst = one second's worth, as the in-process token bucket)
/// and the quota in one atomic step. KEYS: rate, quota. ARGV: requests per
/// second (0: none), the quota (0: none), requests admitted elsewhere while the
/// store was unreachable, to add first. Returns {verdict, quota used}: verdict 0
/// admitted, 1 over the rate, 2 over the quota.
const ADMIT: &str = r"
local rate, max, add = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local used = 0
if max > 0 then
  if add > 0 then
    used = redis.call('INCRBY', KEYS[2], add)
  else
    used = tonumber(redis.call('GET', KEYS[2]) or '0')
  end
end
if rate > 0 then
  local t = redis.call('TIME')
  local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
  local interval = math.max(1, math.floor(1000000 / rate))
  local tat = math.max(tonumber(redis.call('GET', KEYS[1]) or '0'), now) + interval
  if tat - now > 1000000 then
    return {1, used}
  end
  redis.call('SET', KEYS[1], string.format('%d', tat), 'PX', math.ceil((tat - now) / 1000) + 1)
end
if max > 0 then
  if used >= max then
    return {2, used}
  end
  used = redis.call('INCR', KEYS[2])
end
return {0, used}
";

static SCRIPT: LazyLock<Script> = LazyLock::new(|| Script::new(ADMIT));

/// Which of a caller's allowances is spent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Spent {
    /// This second's requests.
    Rate,
    /// The quota.
    Quota,
}

/// The store's count of one request.
#[derive(Debug)]
pub(crate) struct Verdict {
    /// What is spent, when the request is over its allowance.
    pub(crate) spent: Option<Spent>,
    /// The caller's quota use after this request, as the store counts it.
    pub(crate) used: u64,
}

/// A connection to one store, and whether it is up.
pub(crate) struct Store {
    client: Client,
    /// The URL without its password, for logs.
    label: String,
    connection: Mutex<Option<MultiplexedConnection>>,
    up: AtomicBool,
    /// Wakes the keeper: the connection was lost, or the store is dropped.
    lost: Arc<Notify>,
    /// Notified, and `attempted` set, once the first connection attempt has finished.
    tried: Notify,
    attempted: AtomicBool,
    failure: AtomicU8,
    /// When an error other than a lost connection was last logged (ms since `born`).
    last_error_log: AtomicU64,
    /// Losses since the store last answered a request.
    losses: AtomicU32,
    born: Instant,
    metrics: Option<Arc<Metrics>>,
}

impl Store {
    /// A store at `url` (checked by the config); connects in the background at
    /// once, and again whenever the connection is lost.
    pub(crate) fn open(
        url: &str,
        failure: StateFailure,
        metrics: Option<Arc<Metrics>>,
    ) -> Result<Arc<Store>, String> {
        let client = Client::open(url).map_err(|e| format!("state store `{}`: {e}", redact(url)))?;
        let store = Arc::new(Store {
            client,
            label: redact(url),
            connection: Mutex::new(None),
            up: AtomicBool::new(false),
            lost: Arc::new(Notify::new()),
            tried: Notify::new(),
            attempted: AtomicBool::new(false),
            failure: AtomicU8::new(failure as u8),
            last_error_log: AtomicU64::new(0),
            losses: AtomicU32::new(0),
            born: Instant::now(),
            metrics,
        });
        if let Some(m) = &store.metrics {
            m.store_up(false);
        }
        tokio::spawn(keep_connected(Arc::downgrade(&store), store.lost.clone()));
        Ok(store)
    }

    /// Its URL without a password.
    pub(crate) fn label(&self) -> &str {
        &self.label
    }

    /// What limited requests get while it is down (from the config being served).
    pub(crate) fn set_failure(&self, failure: StateFailure) {
        self.failure.store(failure as u8, Ordering::Relaxed);
    }

    /// Waits (at most the connect timeout) for the first connection attempt.
    pub(crate) async fn first_attempt(&self) {
        let tried = self.tried.notified();
        if !self.attempted.load(Ordering::Acquire) {
            let _ = tokio::time::timeout(CONNECT_TIMEOUT * 2, tried).await;
        }
    }

    /// The store's decision on a request of `caller` to the API `identity`, or
    /// `None` when the store cannot be asked (down, slow or failing): one round
    /// trip, multiplexed with every other request's on one connection.
    pub(crate) async fn admit(
        &self,
        identity: &str,
        caller: &str,
        rate: u32,
        max: u64,
        add: u64,
    ) -> Option<Verdict> {
        let fallback = |store: &Store| {
            if let Some(m) = &store.metrics {
                m.store_fallback(store.failure_label());
            }
            None
        };
        if !self.up.load(Ordering::Acquire) {
            return fallback(self);
        }
        let Some(mut connection) = self.connection.lock().unwrap_or_else(|e| e.into_inner()).clone() else {
            return fallback(self);
        };
        let caller = if caller.is_empty() { "-" } else { caller };
        let mut invocation = SCRIPT.prepare_invoke();
        invocation
            .key(format!("fngate:rate:{identity}:{caller}"))
            .key(format!("fngate:quota:{identity}:{caller}"))
            .arg(rate)
            .arg(max)
            .arg(add);
        let started = Instant::now();
        let answer =
            tokio::time::timeout(RESPONSE_TIMEOUT, invocation.invoke_async::<(i64, i64)>(&mut connection))
                .await;
        if let Some(m) = &self.metrics {
            m.store_round_trip(started.elapsed());
        }
        match self.answered(answer) {
            Some((verdict, used)) => {
                let spent = match verdict {
                    0 => None,
                    1 => Some(Spent::Rate),
                    _ => Some(Spent::Quota),
                };
                Some(Verdict { spent, used: u64::try_from(used).unwrap_or(0) })
            }
            None => fallback(self),
        }
    }

    /// The store's answer, or `None` after counting and logging why there is
    /// none: a lost connection or no answer in time (the keeper reconnects), or
    /// an error answer.
    fn answered<T>(&self, answer: Result<redis::RedisResult<T>, tokio::time::error::Elapsed>) -> Option<T> {
        match answer {
            Ok(Ok(value)) => {
                self.losses.store(0, Ordering::Relaxed);
                Some(value)
            }
            Ok(Err(e))
                if e.is_io_error()
                    || e.is_connection_dropped()
                    || e.is_unrecoverable_error()
                    || e.is_timeout() =>
            {
                self.lose(&e.to_string());
                None
            }
            Ok(Err(e)) => {
                self.error(&e.to_string());
                None
            }
            Err(_) => {
                self.lose(&format!("no answer within {RESPONSE_TIMEOUT:?}"));
                None
            }
        }
    }

    /// Claims `key` for this replica (`SET NX`, expiring after `ttl`): `Some(true)`
    /// when this replica got it, `Some(false)` when another one had, `None`
    /// when the store cannot be asked.
    pub(crate) async fn claim(&self, key: &str, ttl: Duration) -> Option<bool> {
        let mut connection = self.connection.lock().unwrap_or_else(|e| e.into_inner()).clone()?;
        let mut command = redis::cmd("SET");
        command.arg(key).arg(&self.label).arg("NX").arg("PX").arg(ttl.as_millis() as u64);
        let set = command.query_async::<Option<String>>(&mut connection);
        self.answered(tokio::time::timeout(RESPONSE_TIMEOUT, set).await).map(|reply| reply.is_some())
    }

    /// Marks the connection lost (once per loss: the log line and the metric)
    /// and wakes the keeper to reconnect.
    fn lose(&self, why: &str) {
        if let Some(m) = &self.metrics {
            m.store_error();
        }
        if self.up.swap(false, Ordering::AcqRel) {
            self.losses.fetch_add(1, Ordering::Relaxed);
            self.connection.lock().unwrap_or_else(|e| e.into_inner()).take();
            if let Some(m) = &self.metrics {
                m.store_up(false);
            }
            tracing::error!(
                "usage plan store {} unreachable: {why}; limited requests are {} until it is back",
                self.label,
                self.failure_effect()
            );
            self.lost.notify_one();
        }
    }

    /// Counts an error the store answered (a script error, a full or read-only
    /// store); logged at most once every 10 s.
    fn error(&self, why: &str) {
        if let Some(m) = &self.metrics {
            m.store_error();
        }
        let now = self.born.elapsed().as_millis() as u64;
        let last = self.last_error_log.load(Ordering::Relaxed);
        if (last == 0 || now.saturating_sub(last) >= 10_000)
            && self
                .last_error_log
                .compare_exchange(last, now.max(1), Ordering::Relaxed, Ordering::Relaxed)
                .is_ok()
        {
            tracing::error!(
                "usage plan store {}: {why}; this request is {}",
                self.label,
                self.failure_effect()
            );
        }
    }

    fn failure_label(&self) -> &'static str {
        if self.failure.load(Ordering::Relaxed) == StateFailure::Closed as u8 { "closed" } else { "open" }
    }

    fn failure_effect(&self) -> &'static str {
        match self.failure_label() {
            "closed" => "refused with 503 (stateFailure: closed)",
            _ => "admitted and counted in this process (stateFailure: open)",
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.lost.notify_one();
    }
}

/// Connects, and reconnects after every loss with a growing pause, for as long
/// as the store is in use.
async fn keep_connected(store: Weak<Store>, lost: Arc<Notify>) {
    let config = AsyncConnectionConfig::new()
        .set_connection_timeout(Some(CONNECT_TIMEOUT))
        .set_response_timeout(Some(RESPONSE_TIMEOUT));
    let mut backoff = Duration::from_millis(100);
    let mut down_since: Option<Instant> = None;
    // The stall pause is taken once per loss, before its first reconnection.
    let mut paused_after = 0;
    loop {
        let Some(mut s) = store.upgrade() else { return };
        if s.up.load(Ordering::Acquire) {
            let woken = lost.notified();
            drop(s);
            woken.await;
            continue;
        }
        // A store lost again and again (it connects, then stalls): wait longer each time.
        let losses = s.losses.load(Ordering::Relaxed);
        if losses > 1 && losses != paused_after {
            paused_after = losses;
            let pause =
                Duration::from_millis(100).saturating_mul(1 << (losses - 2).min(10)).min(MAX_STALL_BACKOFF);
            drop(s);
            tokio::time::sleep(pause).await;
            let Some(again) = store.upgrade() else { return };
            s = again;
        }
        let attempt = async {
            let mut connection = s.client.get_multiplexed_async_connection_with_config(&config).await?;
            redis::cmd("PING").query_async::<()>(&mut connection).await?;
            redis::RedisResult::Ok(connection)
        };
        match tokio::time::timeout(CONNECT_TIMEOUT * 2, attempt).await {
            Ok(Ok(connection)) => {
                *s.connection.lock().unwrap_or_else(|e| e.into_inner()) = Some(connection);
                s.up.store(true, Ordering::Release);
                if let Some(m) = &s.metrics {
                    m.store_up(true);
                }
                match down_since.take() {
                    Some(since) => tracing::info!(
                        "usage plan store {} reachable again after {:.1} s",
                        s.label,
                        since.elapsed().as_secs_f64()
                    ),
                    None => tracing::info!("usage plans shared through {}", s.label),
                }
                backoff = Duration::from_millis(100);
                s.attempted.store(true, Ordering::Release);
                s.tried.notify_waiters();
            }
            Ok(Err(e)) => unreachable(&s, &mut down_since, &e.to_string()),
            Err(_) => unreachable(&s, &mut down_since, "no answer"),
        }
        if !s.up.load(Ordering::Acquire) {
            drop(s);
            tokio::time::sleep(backoff).await;
            backoff = (backoff * 2).min(MAX_BACKOFF);
        }
    }
}

/// Logs the first failed attempt of an outage (the request path logs losses).
fn unreachable(store: &Store, down_since: &mut Option<Instant>, why: &str) {
    if down_since.is_none() {
        *down_since = Some(Instant::now());
        if store.born.elapsed() < CONNECT_TIMEOUT * 3 {
            tracing::error!(
                "usage plan store {} unreachable: {why}; limited requests are {} until it is",
                store.label,
                store.failure_effect()
            );
        }
    }
    store.attempted.store(true, Ordering::Release);
    store.tried.notify_waiters();
}

/// `url` without the password of its user info.
fn redact(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => format!("{}://***@{}", &url[..scheme], &url[at + 1..]),
        _ => url.to_owned(),
    }
}

/// The store the served config names, shared by every snapshot that names the
/// same URL (a reload that changes it connects anew). The command line's URL,
/// when given, wins over the file's.
pub(crate) struct Stores {
    forced: Option<String>,
    metrics: Option<Arc<Metrics>>,
    current: Mutex<Option<(String, Arc<Store>)>>,
}

impl Stores {
    /// No store chosen yet; `forced` (the command line's) wins over each config's.
    pub(crate) fn new(forced: Option<String>, metrics: Option<Arc<Metrics>>) -> Stores {
        Stores { forced, metrics, current: Mutex::new(None) }
    }

    /// The store for a config with this `state` and `failure`; `None` keeps
    /// usage plans in this process.
    pub(crate) fn resolve(&self, state: Option<&str>, failure: StateFailure) -> Option<Arc<Store>> {
        let url = self.forced.as_deref().or(state)?;
        let mut current = self.current.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((known, store)) = current.as_ref()
            && known == url
        {
            store.set_failure(failure);
            return Some(store.clone());
        }
        match Store::open(url, failure, self.metrics.clone()) {
            Ok(store) => {
                *current = Some((url.to_owned(), store.clone()));
                Some(store)
            }
            Err(e) => {
                // The config checked the URL; the client refusing it anyway is
                // a store that cannot be reached.
                tracing::error!("{e}; usage plans are counted in this process");
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_stay_out_of_logs() {
        assert_eq!(redact("redis://:secret@10.0.0.5:6379/1"), "redis://***@10.0.0.5:6379/1");
        assert_eq!(redact("redis://user:pw@h"), "redis://***@h");
        assert_eq!(redact("redis://h:6379"), "redis://h:6379");
    }
}

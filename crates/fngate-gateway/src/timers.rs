//! Timer triggers (spec §9): each enabled timer of the served config fires at
//! its cron times (UTC) and invokes its function with SCF's timer event, with
//! the limits, logs and metrics of an API invocation. A timer never overlaps
//! its own previous run: a fire time that finds it still running is skipped.
//! With a shared store (`custom.fngate.state`) each run fires on one replica
//! only: the first to claim it in the store.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use chrono::{DateTime, SecondsFormat, Utc};
use fngate_config::{StateFailure, Timer};
use fngate_runtime::Invocation;

use crate::gateway::{Gateway, Snapshot};
use crate::history::{Entry, Trigger};

/// The longest the scheduler sleeps before it looks at the served config again
/// (a reload may add, change or remove timers).
const RECHECK: Duration = Duration::from_millis(500);

/// The SCF timer event (spec §9).
pub fn timer_event(timer: &Timer, time: DateTime<Utc>) -> serde_json::Value {
    serde_json::json!({
        "Type": "Timer",
        "TriggerName": timer.name,
        "Time": time.to_rfc3339_opts(SecondsFormat::Secs, true),
        "Message": timer.argument,
    })
}

/// One timer's schedule state, kept across reloads while its function, name
/// and cron stay the same.
struct Scheduled {
    cron: String,
    next: Option<DateTime<Utc>>,
    running: Arc<AtomicBool>,
}

/// Starts firing the gateway's timers; runs as long as the tokio runtime.
pub fn start_timers(gateway: Arc<Gateway>) {
    tokio::spawn(schedule(gateway));
}

async fn schedule(gateway: Arc<Gateway>) {
    let mut timers: HashMap<(String, String), Scheduled> = HashMap::new();
    loop {
        let snapshot = gateway.snapshot();
        let now = Utc::now();
        let enabled: Vec<&Timer> = snapshot.config.timers.iter().filter(|t| t.enabled).collect();
        let crons: HashMap<(&str, &str), &str> =
            enabled.iter().map(|t| ((t.function.as_str(), t.name.as_str()), t.cron.as_str())).collect();
        timers.retain(|(function, name), s| {
            crons.get(&(function.as_str(), name.as_str())) == Some(&s.cron.as_str())
        });
        for timer in &enabled {
            let key = (timer.function.clone(), timer.name.clone());
            let scheduled = timers.entry(key).or_insert_with(|| Scheduled {
                cron: timer.cron.clone(),
                next: timer.next_after(&now),
                running: Arc::new(AtomicBool::new(false)),
            });
            let Some(due) = scheduled.next.filter(|due| *due <= now) else { continue };
            // Fire times missed while the box was busy are not made up: the next is after now.
            scheduled.next = timer.next_after(&now);
            if scheduled.running.swap(true, Ordering::AcqRel) {
                crate::throttle::warn_limited!(
                    "timer run skipped",
                    target: "fngate::timer",
                    function = %timer.function, trigger = %timer.name,
                    "timer {}: skipped the run due at {due}: the previous run of function {} is still going",
                    timer.name, timer.function
                );
                continue;
            }
            let (gateway, snapshot, timer, running) =
                (gateway.clone(), snapshot.clone(), (*timer).clone(), scheduled.running.clone());
            tokio::spawn(async move {
                fire(&gateway, &snapshot, &timer, due).await;
                running.store(false, Ordering::Release);
            });
        }
        let next = timers.values().filter_map(|s| s.next).min();
        let wait = next.and_then(|n| (n - Utc::now()).to_std().ok()).unwrap_or(Duration::ZERO).min(RECHECK);
        tokio::time::sleep(wait).await;
    }
}

/// Runs one fire of `timer` due at `due`, and logs it.
async fn fire(gateway: &Gateway, snapshot: &Snapshot, timer: &Timer, due: DateTime<Utc>) {
    if !claimed(snapshot, timer, due).await {
        return;
    }
    let started = Instant::now();
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let event =
        bytes::Bytes::from(serde_json::to_vec(&timer_event(timer, due)).expect("an event always serializes"));
    let name = &timer.function;
    let log = || Some(stream_log(&request_id, timer));
    let outcome = match gateway.invoke_direct(snapshot, name, event.clone(), &request_id, log).await {
        Ok(invocation) => {
            log_invocation(&invocation, timer);
            let outcome = invocation.outcome.label();
            if let Some(history) = gateway.history() {
                history.record(Entry {
                    request_id: request_id.clone(),
                    trigger: Trigger::Timer { name: timer.name.clone(), function: name.clone() },
                    status: invocation.scf_error().map_or(200, |e| e.status_code),
                    elapsed: started.elapsed(),
                    invocation: Some(invocation),
                    event: Some(event),
                });
            }
            outcome
        }
        Err(rejection) => {
            tracing::error!(
                target: "fngate::timer",
                request_id, function = %name, trigger = %timer.name,
                "timer {}: function {name} did not run: {}", timer.name, rejection.describe()
            );
            "rejected"
        }
    };
    let duration_ms = started.elapsed().as_secs_f64() * 1e3;
    tracing::info!(
        target: "fngate::timer",
        request_id, function = %name, trigger = %timer.name, outcome, duration_ms,
        "TIMER {} {name} {outcome} {duration_ms:.3}ms {request_id}", timer.name
    );
}

/// Whether this replica fires the run of `timer` due at `due`: always without a
/// shared store; with one, when it claims the run first, or, while the store
/// is unreachable, as `stateFailure` says (`open`: fire, so a run may happen
/// on several replicas; `closed`: skip, so it may happen on none).
async fn claimed(snapshot: &Snapshot, timer: &Timer, due: DateTime<Utc>) -> bool {
    let Some(store) = &snapshot.store else { return true };
    let key = format!(
        "fngate:timer:{}:{}:{}:{}",
        snapshot.config.service,
        timer.function,
        timer.name,
        due.timestamp()
    );
    match store.claim(&key, Duration::from_secs(3600)).await {
        Some(true) => true,
        Some(false) => {
            tracing::debug!(target: "fngate::timer", "timer {}: the run due at {due} fired on another replica", timer.name);
            false
        }
        None if snapshot.custom().state_failure == StateFailure::Closed => {
            crate::throttle::warn_limited!(
                "timer store unreachable",
                target: "fngate::timer",
                "timer {}: skipped the run due at {due}: the shared store is unreachable (stateFailure: closed)",
                timer.name
            );
            false
        }
        None => {
            crate::throttle::warn_limited!(
                "timer store unreachable",
                target: "fngate::timer",
                "timer {}: firing the run due at {due} here: the shared store is unreachable (stateFailure: open), other replicas may fire it too",
                timer.name
            );
            true
        }
    }
}

/// Logs START for a run of `timer` now, and returns the sink its function's
/// own log lines go to as it writes them, tagged as the rest.
fn stream_log(request_id: &str, timer: &Timer) -> fngate_runtime::LogSink {
    tracing::info!(
        target: "fngate::scf", request_id, function = %timer.function, trigger = %timer.name,
        "{}", fngate_runtime::start_line(request_id)
    );
    let (id, function, trigger) = (request_id.to_owned(), timer.function.clone(), timer.name.clone());
    std::sync::Arc::new(move |line: &[u8]| {
        tracing::info!(
            target: "fngate::scf", request_id = id.as_str(), function = %function, trigger = %trigger,
            "{}", fngate_runtime::function_line(&function, &id, line)
        );
    })
}

/// The invocation's closing SCF lines (its own were written as they came),
/// tagged with the function and the timer.
fn log_invocation(invocation: &Invocation, timer: &Timer) {
    let request_id = invocation.request_id.as_str();
    for line in invocation.log_lines(&timer.function).lines() {
        tracing::info!(target: "fngate::scf", request_id, function = %timer.function, trigger = %timer.name, "{line}");
    }
}

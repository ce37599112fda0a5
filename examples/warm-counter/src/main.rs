//! Module-level state under warm instances: counts the invocations this
//! instance served and names the instance (the time it started), so a client
//! sees the state survive within a warm instance and start afresh after it is
//! evicted. `?fail=1` makes the handler fail; `?spin=1` loops past the timeout;
//! `?hold=N` keeps N more MB for the rest of the instance's life.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use fngate_sdk::{Context, Event, QueryValue, Response};

static SERVED: AtomicU64 = AtomicU64::new(0);
static STARTED: OnceLock<u128> = OnceLock::new();
static HELD: std::sync::Mutex<Vec<Vec<u8>>> = std::sync::Mutex::new(Vec::new());

fn main_handler(event: Event, ctx: Context) -> Result<Response, String> {
    let started =
        *STARTED.get_or_init(|| SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos()));
    let served = SERVED.fetch_add(1, Ordering::Relaxed) + 1;
    eprintln!("request {} is number {served} of instance {started}", ctx.request_id);
    if event.query_string.contains_key("fail") {
        return Err("asked to fail".into());
    }
    if let Some(QueryValue::One(mb)) = event.query_string.get("hold")
        && let Ok(mb) = mb.parse::<usize>()
    {
        HELD.lock().unwrap_or_else(|e| e.into_inner()).push(vec![1u8; mb << 20]);
    }
    if event.query_string.contains_key("spin") {
        let mut n: u64 = 0;
        loop {
            n = std::hint::black_box(n.wrapping_add(1));
        }
    }
    let body =
        serde_json::json!({ "instance": started.to_string(), "served": served, "requestId": ctx.request_id });
    Response::json(&body).map_err(|e| e.to_string())
}

fngate_sdk::entry!(main_handler);

//! Request bodies: read within the time a client is given, at most 6 MB each,
//! and within the gateway's budget of buffered bytes, shared by every request
//! of every connection (HTTP/1.1 and HTTP/2 alike).
//!
//! A body is read only once every check its head allows has passed (route, IP
//! lists, protocol, key-pair auth, usage plan, the function's slots), so a
//! refused request never buffers its body. Each request is charged twice its
//! body's bytes (the bytes, and the event JSON made of them) from its first
//! byte until its function ends; a request that finds the budget spent is
//! refused at once (503, [`Rejection::BuffersFull`]) rather than made to wait,
//! so a burst of large uploads cannot stall the small requests behind it.

use std::sync::{Arc, OnceLock};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use fngate_event::PAYLOAD_LIMIT;
use http::header::CONTENT_LENGTH;
use http_body_util::BodyExt;
use hyper::body::Incoming;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::rejection::Rejection;

static BODY_TIMEOUT: OnceLock<Duration> = OnceLock::new();

/// Sets [`body_read_timeout`] for this process (the `fngate` command's
/// `--body-timeout`); only the first call, before any request, counts.
pub fn set_body_read_timeout(timeout: Duration) {
    let _ = BODY_TIMEOUT.set(timeout);
}

/// How long a client may take to send a request body: 30 s (a 6 MB body at
/// 200 KB/s), or `FNGATE_BODY_TIMEOUT` seconds; then 408 and the connection is
/// closed.
pub fn body_read_timeout() -> Duration {
    *BODY_TIMEOUT.get_or_init(|| {
        let secs = std::env::var("FNGATE_BODY_TIMEOUT").ok().and_then(|v| v.parse().ok()).filter(|s| *s > 0);
        Duration::from_secs(secs.unwrap_or(30))
    })
}

/// Each buffered body byte is charged this many bytes of the budget: the body,
/// and the event JSON built from it.
const CHARGE_PER_BYTE: usize = 2;

/// A chunked body's charge grows in steps of at least this many bytes.
const CHARGE_STEP: usize = 64 * 1024;

/// The default budget: this fraction of the runtime's memory budget…
const DEFAULT_SHARE: u64 = 256;
/// …but at least this many MB (two 6 MB bodies at once, charged twice).
const DEFAULT_MIN_MB: u64 = 24;

/// The budget for request bytes buffered across the gateway.
#[derive(Clone)]
pub struct BodyBudget {
    bytes: Arc<Semaphore>,
    total: usize,
}

/// The share of the budget one request holds until its function ends.
pub(crate) struct Charge {
    permit: Option<OwnedSemaphorePermit>,
}

impl BodyBudget {
    /// A budget of `mb` megabytes.
    pub fn new(mb: u64) -> BodyBudget {
        let total = usize::try_from(mb << 20).unwrap_or(Semaphore::MAX_PERMITS).min(Semaphore::MAX_PERMITS);
        BodyBudget { bytes: Arc::new(Semaphore::new(total)), total }
    }

    /// The default for a runtime with `memory_budget_mb`: 1/256 of it, at least 24 MB.
    pub fn default_for(memory_budget_mb: u32) -> BodyBudget {
        BodyBudget::new((u64::from(memory_budget_mb) / DEFAULT_SHARE).max(DEFAULT_MIN_MB))
    }

    /// Its size in MB.
    pub fn mb(&self) -> u64 {
        (self.total >> 20) as u64
    }

    /// Bytes not charged to any request now.
    pub fn available(&self) -> usize {
        self.bytes.available_permits()
    }

    /// Adds `bytes` to `charge`, or `false` when the budget has not that much left.
    fn grow(&self, charge: &mut Charge, bytes: usize) -> bool {
        let Ok(n) = u32::try_from(bytes) else { return false };
        let Ok(more) = self.bytes.clone().try_acquire_many_owned(n) else { return false };
        match &mut charge.permit {
            Some(held) => held.merge(more),
            None => charge.permit = Some(more),
        }
        true
    }
}

impl Charge {
    fn held(&self) -> usize {
        self.permit.as_ref().map_or(0, |p| p.num_permits())
    }
}

/// Reads the whole body within the body timeout and `budget`, refusing more
/// than 6 MB (by `Content-Length` before reading anything, else while
/// reading). Returns the body and its charge, to hold until the function ends.
pub(crate) async fn read(
    body: Incoming,
    parts: &http::request::Parts,
    budget: &BodyBudget,
    request_id: &str,
) -> Result<(Bytes, Charge), Rejection> {
    let declared = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > PAYLOAD_LIMIT as u64) {
        return Err(Rejection::TooLarge);
    }
    let declared = declared.unwrap_or(0) as usize;
    let mut charge = Charge { permit: None };
    if declared > 0 && !budget.grow(&mut charge, declared * CHARGE_PER_BYTE) {
        return Err(full(budget, request_id));
    }
    let timeout = body_read_timeout();
    let read = tokio::time::timeout(timeout, collect(body, declared, budget, &mut charge, request_id));
    match read.await {
        Ok(Ok(bytes)) => Ok((bytes, charge)),
        Ok(Err(rejection)) => Err(rejection),
        Err(_) => {
            tracing::info!("request {request_id}: the body did not arrive within {timeout:?}");
            Err(Rejection::BodyTimeout)
        }
    }
}

/// The body's frames into one buffer, charging what goes past what is charged.
async fn collect(
    mut body: Incoming,
    declared: usize,
    budget: &BodyBudget,
    charge: &mut Charge,
    request_id: &str,
) -> Result<Bytes, Rejection> {
    let mut buffer = BytesMut::with_capacity(declared);
    while let Some(frame) = body.frame().await {
        let frame = frame.map_err(|e| {
            tracing::info!("request {request_id}: cannot read the body: {e}");
            Rejection::BadBody
        })?;
        let Ok(data) = frame.into_data() else { continue };
        let len = buffer.len() + data.len();
        if len > PAYLOAD_LIMIT {
            return Err(Rejection::TooLarge);
        }
        let needed = len * CHARGE_PER_BYTE;
        if needed > charge.held() {
            let step = (needed - charge.held()).max(CHARGE_STEP);
            if !budget.grow(charge, step) {
                return Err(full(budget, request_id));
            }
        }
        buffer.extend_from_slice(&data);
    }
    Ok(buffer.freeze())
}

/// The refusal of a body the budget has no room for, logged.
fn full(budget: &BodyBudget, request_id: &str) -> Rejection {
    crate::throttle::warn_limited!(
        "body budget",
        "request {request_id}: refused: the gateway's {} MB for buffered request bodies is in use (--body-budget)",
        budget.mb()
    );
    Rejection::BuffersFull
}

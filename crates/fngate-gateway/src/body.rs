//! Request bodies: read within the time a client is given, at most 6 MB each,
//! and within the gateway's budget of buffered bytes, shared by every request
//! of every connection (HTTP/1.1 and HTTP/2 alike).
//!
//! A body is read only once every check its head allows has passed (route, IP
//! lists, protocol, key-pair auth, usage plan, the function's slots), so a
//! refused request never buffers its body. Each request is charged four times
//! its body's bytes (the bytes, the event and its JSON, the function's copy)
//! until its function ends: the declared length is reserved from the head, before the
//! function's slots are taken, waiting its turn within the request's
//! `serviceTimeout` (504 past it). A waiting request holds no memory: its body
//! stays in the kernel's socket buffer, unread. Small bodies (64 KB at most)
//! have their own eighth of the budget, so they never wait behind large
//! uploads. One client address holds at most a quarter of a part (or one body,
//! when that is more): its further bodies wait their turn, holding nothing, so
//! slow clients from one address cannot hold every other client's room. A
//! body that outgrows its charge (chunked, no length declared)
//! takes more as it comes, or is refused at once (503, [`Rejection::BuffersFull`]),
//! as is one declared larger than the whole budget could ever hold.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, OnceLock};
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
/// the event built from it, its JSON, and the function's copy of that (its
/// own memory, given back when it ends).
const CHARGE_PER_BYTE: usize = 4;

/// A chunked body's charge grows in steps of at least this many bytes.
const CHARGE_STEP: usize = 64 * 1024;

/// Bodies declared at most this long are small: they are charged to their own
/// part of the budget, so they never wait behind large uploads.
const SMALL_BODY: usize = 64 * 1024;

/// The default budget: this fraction of the runtime's memory budget…
const DEFAULT_SHARE: u64 = 256;
/// …but at least this many MB (one 6 MB body at a time).
const DEFAULT_MIN_MB: u64 = 32;

/// The budget for request bytes buffered across the gateway: an eighth for
/// small bodies, the rest for large ones.
#[derive(Clone)]
pub struct BodyBudget {
    small: Arc<Semaphore>,
    large: Arc<Semaphore>,
    /// What each client address holds of it: at most a quarter of a part (or
    /// one body's charge, when that is more), so slow clients from one address
    /// cannot hold the room every other client's body needs.
    held: Held,
    /// Told whenever a charge is given back (a request waiting for its
    /// address's share looks again).
    released: Arc<tokio::sync::Notify>,
    /// The large part's size: a charge over it can never be had.
    large_total: usize,
    total: usize,
}

/// Bytes of the budget held, by client address (an address holding none has no entry).
type Held = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// The share of the budget one request holds until its function ends.
pub(crate) struct Charge {
    permit: Option<OwnedSemaphorePermit>,
    /// Its body's declared length (0 when none was declared).
    declared: usize,
    /// Its client's count in the budget, and how much of it is this charge's.
    client: Option<(IpAddr, usize, BodyBudget)>,
}

impl Drop for Charge {
    fn drop(&mut self) {
        let Some((ip, bytes, budget)) = self.client.take() else { return };
        {
            let mut held = budget.held.lock().unwrap_or_else(|e| e.into_inner());
            if let Some(total) = held.get_mut(&ip) {
                *total = total.saturating_sub(bytes);
                if *total == 0 {
                    held.remove(&ip);
                }
            }
        }
        budget.released.notify_waiters();
    }
}

impl BodyBudget {
    /// A budget of `mb` megabytes.
    pub fn new(mb: u64) -> BodyBudget {
        let total = usize::try_from(mb << 20).unwrap_or(usize::MAX).min(Semaphore::MAX_PERMITS);
        let small = (total / 8).max(SMALL_BODY * CHARGE_PER_BYTE);
        let large_total = total.saturating_sub(small);
        BodyBudget {
            small: Arc::new(Semaphore::new(small)),
            large: Arc::new(Semaphore::new(large_total)),
            held: Arc::default(),
            released: Arc::default(),
            large_total,
            total,
        }
    }

    /// The default for a runtime with `memory_budget_mb`: 1/256 of it, at least 32 MB.
    pub fn default_for(memory_budget_mb: u32) -> BodyBudget {
        BodyBudget::new((u64::from(memory_budget_mb) / DEFAULT_SHARE).max(DEFAULT_MIN_MB))
    }

    /// Its size in MB.
    pub fn mb(&self) -> u64 {
        (self.total >> 20) as u64
    }
}

impl Charge {
    fn held(&self) -> usize {
        self.permit.as_ref().map_or(0, |p| p.num_permits())
    }

    /// Adds `bytes` to the charge (a body longer than declared, or chunked): from
    /// `budget`'s small part while the whole stays small, else from its large
    /// part; `false` when that has not so much free now.
    fn grow(&mut self, budget: &BodyBudget, bytes: usize) -> bool {
        let Ok(n) = u32::try_from(bytes) else { return false };
        // A chunked body stays in the small part while it is small.
        let in_small = self.permit.as_ref().is_none_or(|p| Arc::ptr_eq(p.semaphore(), &budget.small));
        if in_small && self.held() + bytes <= SMALL_BODY * CHARGE_PER_BYTE {
            let Ok(more) = budget.small.clone().try_acquire_many_owned(n) else { return false };
            match &mut self.permit {
                Some(held) => held.merge(more),
                None => self.permit = Some(more),
            }
            return true;
        }
        let Ok(more) = budget.large.clone().try_acquire_many_owned(n) else { return false };
        match &mut self.permit {
            Some(held) if Arc::ptr_eq(held.semaphore(), &budget.large) => held.merge(more),
            // A small charge outgrown: the large part holds it all from now on.
            _ => {
                let Ok(rest) = budget.large.clone().try_acquire_many_owned(self.held() as u32) else {
                    return false;
                };
                let mut more = more;
                more.merge(rest);
                self.permit = Some(more);
            }
        }
        true
    }
}

/// Reserves what a request's declared body will cost, from its head alone and
/// holding nothing else: a body declared over 6 MB is 413, one the budget could
/// never hold 503; a small one is charged to the small part, a large one to the
/// large part, each waiting its turn (for its client address's share, then
/// first come, first served) until `deadline` (504 past it).
pub(crate) async fn reserve(
    parts: &http::request::Parts,
    budget: &BodyBudget,
    client: IpAddr,
    deadline: tokio::time::Instant,
    request_id: &str,
) -> Result<Charge, Rejection> {
    let declared = parts.headers.get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()?.parse::<u64>().ok());
    if declared.is_some_and(|len| len > PAYLOAD_LIMIT as u64) {
        return Err(Rejection::TooLarge);
    }
    let declared = declared.unwrap_or(0) as usize;
    if declared == 0 {
        return Ok(Charge { permit: None, declared, client: None });
    }
    let charge = declared * CHARGE_PER_BYTE;
    if declared > SMALL_BODY && charge > budget.large_total {
        crate::throttle::warn_limited!(
            "body budget",
            "request {request_id}: refused: its {declared}-byte body can never fit the gateway's {} MB for request bodies (--body-budget)",
            budget.mb()
        );
        return Err(Rejection::BuffersFull);
    }
    // One address may hold a quarter of a part, or this one body when that is
    // more; past it, its next body waits its turn (holding nothing).
    let part_size =
        if declared <= SMALL_BODY { budget.total - budget.large_total } else { budget.large_total };
    let share = (part_size / 4).max(charge);
    loop {
        let released = budget.released.notified();
        tokio::pin!(released);
        released.as_mut().enable();
        {
            let mut held = budget.held.lock().unwrap_or_else(|e| e.into_inner());
            let mine = held.entry(client).or_default();
            if *mine + charge <= share {
                *mine += charge;
                break;
            }
        }
        if tokio::time::timeout_at(deadline, released).await.is_err() {
            crate::throttle::warn_limited!(
                "body budget per client",
                "request {request_id}: {client} held its share of the gateway's room for request bodies for the whole serviceTimeout (--body-budget)"
            );
            return Err(Rejection::GatewayTimeout);
        }
    }
    // Counted from here: given back when the charge is dropped, whatever happens.
    let counted = (client, charge, budget.clone());
    let part = if declared <= SMALL_BODY { &budget.small } else { &budget.large };
    let mut reserved = Charge { permit: None, declared, client: Some(counted) };
    match tokio::time::timeout_at(deadline, part.clone().acquire_many_owned(charge as u32)).await {
        Ok(Ok(permit)) => {
            reserved.permit = Some(permit);
            Ok(reserved)
        }
        _ => {
            crate::throttle::warn_limited!(
                "body budget",
                "request {request_id}: its {declared}-byte body found no room in the gateway's {} MB for request bodies within its serviceTimeout (--body-budget)",
                budget.mb()
            );
            Err(Rejection::GatewayTimeout)
        }
    }
}

/// Reads the whole body within the body timeout and the request's deadline,
/// refusing more than 6 MB.
/// Bytes past what `charge` holds (a chunked body) are charged as they come;
/// when the budget has no room for them, 503 at once.
pub(crate) async fn read(
    body: Incoming,
    charge: &mut Charge,
    budget: &BodyBudget,
    deadline: tokio::time::Instant,
    request_id: &str,
) -> Result<Bytes, Rejection> {
    // No answer can come after the request's deadline: its body gets no longer.
    let timeout = body_read_timeout();
    let until = deadline.min(tokio::time::Instant::now() + timeout);
    match tokio::time::timeout_at(until, collect(body, charge, budget, request_id)).await {
        Ok(read) => read,
        Err(_) => {
            tracing::info!(
                "request {request_id}: the body did not arrive in time ({timeout:?}, or the API's serviceTimeout)"
            );
            Err(Rejection::BodyTimeout)
        }
    }
}

/// The body's frames into one buffer, charging what goes past what is charged.
async fn collect(
    mut body: Incoming,
    charge: &mut Charge,
    budget: &BodyBudget,
    request_id: &str,
) -> Result<Bytes, Rejection> {
    let mut buffer = BytesMut::with_capacity(charge.declared);
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
        if needed > charge.held() && !charge.grow(budget, (needed - charge.held()).max(CHARGE_STEP)) {
            crate::throttle::warn_limited!(
                "body budget",
                "request {request_id}: refused: its body outgrew the room left in the gateway's {} MB for request bodies (--body-budget)",
                budget.mb()
            );
            return Err(Rejection::BuffersFull);
        }
        buffer.extend_from_slice(&data);
    }
    Ok(buffer.freeze())
}

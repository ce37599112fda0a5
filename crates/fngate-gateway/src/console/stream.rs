//! The live list's feed: server-sent events of the invocations kept since the
//! last look, sent in batches (the request path only adds to the history; it
//! wakes nobody).

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use http_body_util::StreamBody;
use hyper::body::{Body, Frame};
use tokio::sync::{OwnedSemaphorePermit, mpsc};

use crate::history::History;

/// How often a stream looks for new invocations.
const TICK: Duration = Duration::from_millis(250);

/// The most invocations one batch sends: past it, the newest (and a `skipped` event).
const BATCH: usize = 100;

/// A comment line this often keeps proxies from closing an idle stream.
const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// Starts feeding the invocations after `after` (the newest kept, when
/// `None`) into a response body; the feed ends when the client goes,
/// releasing `permit`.
pub fn events(
    history: Arc<History>,
    after: Option<u64>,
    permit: OwnedSemaphorePermit,
) -> impl Body<Data = Bytes, Error = Infallible> + Send + 'static {
    let (tx, rx) = mpsc::channel(2);
    tokio::spawn(async move {
        let _permit = permit;
        let mut last = after.unwrap_or_else(|| history.last_seq());
        let mut quiet = Duration::ZERO;
        // The client reconnects after a second when the stream breaks.
        if tx.send(Bytes::from_static(b"retry: 1000\n\n")).await.is_err() {
            return;
        }
        let mut tick = tokio::time::interval(TICK);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            // A client that went is noticed at once, not at the next write.
            tokio::select! {
                _ = tick.tick() => {}
                _ = tx.closed() => return,
            }
            let newest = history.last_seq();
            let chunk = if newest > last {
                let records = history.since(Some(last), BATCH);
                let mut out = String::new();
                let first = records.first().map_or(newest, |r| r.seq);
                if first > last + 1 {
                    out += &format!("event: skipped\ndata: {}\n\n", first - last - 1);
                }
                for record in &records {
                    out += &format!("id: {}\nevent: invocation\ndata: {}\n\n", record.seq, record.summary());
                }
                last = newest.max(records.last().map_or(0, |r| r.seq));
                quiet = Duration::ZERO;
                out
            } else {
                quiet += TICK;
                if quiet < KEEP_ALIVE {
                    continue;
                }
                quiet = Duration::ZERO;
                ": keep-alive\n\n".to_owned()
            };
            if tx.send(Bytes::from(chunk)).await.is_err() {
                return;
            }
        }
    });
    let chunks = futures_util::stream::unfold(rx, |mut rx| async move {
        let chunk = rx.recv().await?;
        Some((Ok(Frame::data(chunk)), rx))
    });
    StreamBody::new(chunks)
}

//! Outbound network for JavaScript functions: the sockets, HTTP requests and
//! lookups a guest opens through the `fngate_net` imports, each a task of the
//! host under the function's grant ([`Outbound`]), reporting back as events
//! the guest polls for. Everything ends with the store.
//!
//! The imports (all numbers; `ptr, len` is a span of the guest's memory):
//! - `open(kind, ptr, len) -> id`: start a socket (0), an HTTP request (1) or
//!   a lookup (2) described by the JSON at `ptr`; a negative id when the JSON is
//!   malformed (-1) or the instance has too many open (-2).
//! - `write(id, ptr, len) -> 0 | -1`: bytes for the socket or the request's
//!   body; waits while the host holds [`WRITE_CHUNKS`] unsent.
//! - `end(id)`: no more bytes (a half close, or the body's end).
//! - `close(id)`: stops it at once and forgets it.
//! - `poll(timeout_ms, ptr, cap) -> n`: waits up to `timeout_ms` (negative:
//!   until the deadline) for the next event and writes it at `ptr`: a JSON
//!   header (`{"id":1,"type":"data",...}`), a newline, then its bytes. 0 when
//!   none came; `-n` when it needs `n` bytes of room (it is kept for the next call).

mod client;
mod connect;
mod policy;
mod socket;
mod tls;

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use bytes::Bytes;
use serde_json::{Value, json};
use tokio::sync::mpsc;
use tokio::task::AbortHandle;
use wasmtime::{Caller, Extern, Linker};

pub(crate) use connect::{NetError, lookup as resolve};
pub(crate) use policy::Outbound;

/// The most a function instance may have open at once.
const MAX_HANDLES: usize = 1024;
/// Unsent writes the host holds per connection before `write` waits.
const WRITE_CHUNKS: usize = 4;
/// Events the host holds for an instance before its tasks wait.
const EVENT_QUEUE: usize = 32;
/// The largest piece of data one event carries.
pub(crate) const CHUNK: usize = 64 << 10;
/// The most distinct (function, host, result) series metrics keep.
const MAX_SERIES: usize = 4096;

/// What a task reports to the guest.
pub(crate) struct Event {
    id: u32,
    header: Value,
    data: Bytes,
}

impl Event {
    /// The record `poll` writes: the header with the id, a newline, the data.
    fn encode(self) -> Vec<u8> {
        let mut header = self.header;
        header["id"] = self.id.into();
        let mut record = serde_json::to_vec(&header).expect("a JSON value serializes");
        record.push(b'\n');
        record.extend_from_slice(&self.data);
        record
    }
}

/// A task's way back to its instance, and what it needs to know.
#[derive(Clone)]
pub(crate) struct Link {
    id: u32,
    events: mpsc::Sender<Event>,
    pub(crate) policy: Outbound,
    function: Arc<str>,
}

impl Link {
    /// Reports an event; false when the instance is gone.
    pub(crate) async fn send(&self, kind: &str, mut header: Value, data: Bytes) -> bool {
        header["type"] = kind.into();
        self.events.send(Event { id: self.id, header, data }).await.is_ok()
    }

    /// Reports `data` in chunks of at most [`CHUNK`] bytes.
    pub(crate) async fn data(&self, mut data: Bytes) -> bool {
        while !data.is_empty() {
            let piece = data.split_to(data.len().min(CHUNK));
            if !self.send("data", json!({}), piece).await {
                return false;
            }
        }
        true
    }

    /// Reports a failure.
    pub(crate) async fn error(&self, e: &NetError) {
        let header = json!({"code": e.code, "message": e.message, "syscall": e.syscall});
        self.send("error", header, Bytes::new()).await;
    }

    /// Logs one finished connection or request to `host` (`target`: what
    /// exactly) and counts it.
    pub(crate) fn record(
        &self,
        kind: &str,
        host: &str,
        target: &str,
        result: &str,
        received: u64,
        sent: u64,
    ) {
        tracing::info!(
            function = %self.function, kind, host, result,
            "{}: outbound {kind} {target}: {result}, {received} bytes in, {sent} out ", self.function
        );
        let mut counts = COUNTS.lock().unwrap_or_else(|e| e.into_inner());
        let key = (self.function.to_string(), host.to_owned(), result.to_owned());
        let len = counts.len();
        match counts.get_mut(&key) {
            Some(n) => *n += 1,
            None if len < MAX_SERIES => {
                counts.insert(key, 1);
            }
            None => {
                *counts.entry((self.function.to_string(), "other".into(), result.to_owned())).or_default() +=
                    1
            }
        }
    }
}

type Series = (String, String, String);
static COUNTS: Mutex<BTreeMap<Series, u64>> = Mutex::new(BTreeMap::new());

/// Outbound connections and requests so far, by (function, host, result):
/// `ok`, or the error code it failed with.
pub fn outbound_counts() -> Vec<((String, String, String), u64)> {
    COUNTS.lock().unwrap_or_else(|e| e.into_inner()).iter().map(|(k, v)| (k.clone(), *v)).collect()
}

/// One open socket, request or lookup.
struct Handle {
    writes: Option<mpsc::Sender<Bytes>>,
    task: AbortHandle,
}

/// An instance's network: its open handles and their events.
pub(crate) struct Net {
    policy: Outbound,
    function: Arc<str>,
    next: u32,
    handles: HashMap<u32, Handle>,
    tx: mpsc::Sender<Event>,
    rx: mpsc::Receiver<Event>,
    /// A record that did not fit the guest's buffer.
    held: Option<Vec<u8>>,
}

impl Net {
    /// The network of an instance of `function`, under `policy`.
    pub(crate) fn new(function: &str, policy: Outbound) -> Self {
        let (tx, rx) = mpsc::channel(EVENT_QUEUE);
        Net { policy, function: function.into(), next: 0, handles: HashMap::new(), tx, rx, held: None }
    }

    fn open(&mut self, kind: i32, spec: &[u8]) -> i32 {
        self.handles.retain(|_, h| !h.task.is_finished());
        if self.handles.len() >= MAX_HANDLES {
            return -2;
        }
        let Ok(spec) = serde_json::from_slice::<Value>(spec) else { return -1 };
        self.next = self.next.wrapping_add(1).max(1);
        let link = Link {
            id: self.next,
            events: self.tx.clone(),
            policy: self.policy.clone(),
            function: self.function.clone(),
        };
        let (writes, rx) = mpsc::channel(WRITE_CHUNKS);
        let task = match kind {
            0 => match serde_json::from_value(spec) {
                Ok(spec) => tokio::spawn(socket::run(link, spec, rx)),
                Err(_) => return -1,
            },
            1 => match serde_json::from_value(spec) {
                Ok(spec) => tokio::spawn(client::run(link, spec, rx)),
                Err(_) => return -1,
            },
            2 => match spec["host"].as_str() {
                Some(host) => tokio::spawn(lookup_task(link, host.to_owned())),
                None => return -1,
            },
            _ => return -1,
        };
        self.handles.insert(self.next, Handle { writes: Some(writes), task: task.abort_handle() });
        self.next as i32
    }

    fn close(&mut self, id: u32) {
        if let Some(h) = self.handles.remove(&id) {
            h.task.abort();
        }
    }
}

impl Drop for Net {
    fn drop(&mut self) {
        for h in self.handles.values() {
            h.task.abort();
        }
    }
}

async fn lookup_task(link: Link, host: String) {
    match connect::lookup(&link.policy, &host).await {
        Ok(ips) => {
            let addresses: Vec<Value> = ips
                .iter()
                .map(|ip| json!({"address": ip.to_string(), "family": if ip.is_ipv4() { 4 } else { 6 }}))
                .collect();
            link.send("lookup", json!({ "addresses": addresses }), Bytes::new()).await;
        }
        Err(e) => {
            link.record("lookup", &host, &host, &e.code, 0, 0);
            link.error(&e).await;
        }
    }
}

/// `len` bytes of the guest's memory at `ptr`.
fn guest_bytes<T: HasNet>(caller: &mut Caller<'_, T>, ptr: i32, len: i32) -> Option<Vec<u8>> {
    let memory = caller.get_export("memory").and_then(Extern::into_memory)?;
    let start = usize::try_from(ptr).ok()?;
    let end = start.checked_add(usize::try_from(len).ok()?)?;
    memory.data(&*caller).get(start..end).map(<[u8]>::to_vec)
}

/// Adds the `fngate_net` imports to `linker`.
/// A store whose guest may use the `fngate_net` imports: it holds their [`Net`].
pub(crate) trait HasNet: Send + 'static {
    /// The guest's sockets and requests.
    fn net(&mut self) -> &mut Net;
}

/// Adds the `fngate_net` imports to `linker`.
pub(crate) fn add_to_linker<T: HasNet>(linker: &mut Linker<T>) -> wasmtime::Result<()> {
    const MODULE: &str = "fngate_net";
    linker.func_wrap(MODULE, "open", |mut caller: Caller<'_, T>, kind: i32, ptr: i32, len: i32| -> i32 {
        match guest_bytes(&mut caller, ptr, len) {
            Some(spec) => caller.data_mut().net().open(kind, &spec),
            None => -1,
        }
    })?;
    linker.func_wrap_async(
        MODULE,
        "write",
        |mut caller: Caller<'_, T>, (id, ptr, len): (i32, i32, i32)| {
            Box::new(async move {
                let Some(data) = guest_bytes(&mut caller, ptr, len) else { return -1 };
                let writes = caller.data_mut().net().handles.get(&(id as u32)).and_then(|h| h.writes.clone());
                match writes {
                    Some(writes) if writes.send(Bytes::from(data)).await.is_ok() => 0,
                    _ => -1,
                }
            })
        },
    )?;
    linker.func_wrap(MODULE, "end", |mut caller: Caller<'_, T>, id: i32| {
        if let Some(h) = caller.data_mut().net().handles.get_mut(&(id as u32)) {
            h.writes = None;
        }
    })?;
    linker.func_wrap(MODULE, "close", |mut caller: Caller<'_, T>, id: i32| {
        caller.data_mut().net().close(id as u32);
    })?;
    linker.func_wrap_async(
        MODULE,
        "poll",
        |mut caller: Caller<'_, T>, (timeout, ptr, cap): (f64, i32, i32)| {
            Box::new(async move {
                let net = caller.data_mut().net();
                let record = match net.held.take() {
                    Some(record) => Some(record),
                    None => {
                        let event = if timeout == 0.0 {
                            net.rx.try_recv().ok()
                        } else if timeout < 0.0 || !timeout.is_finite() {
                            net.rx.recv().await
                        } else {
                            let wait = Duration::from_secs_f64(timeout.min(1e9) / 1e3);
                            tokio::time::timeout(wait, net.rx.recv()).await.ok().flatten()
                        };
                        event.map(Event::encode)
                    }
                };
                let Some(record) = record else { return 0 };
                let Some(memory) = caller.get_export("memory").and_then(Extern::into_memory) else {
                    return 0;
                };
                let n = record.len() as i32;
                let fits = usize::try_from(cap).is_ok_and(|cap| record.len() <= cap)
                    && memory.write(&mut caller, ptr as usize, &record).is_ok();
                if fits {
                    n
                } else {
                    caller.data_mut().net().held = Some(record);
                    -n
                }
            })
        },
    )?;
    Ok(())
}

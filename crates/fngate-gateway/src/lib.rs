//! The HTTP side of fngate: routes requests to functions the way the SCF API
//! gateway did (`shared/spec/scf-apigw.md` §2–§5).
//!
//! Data flows one way: an HTTP request is routed ([`RouteTable`]), turned into an
//! integration event, run by the runtime, and its outcome turned back into HTTP.
//! Everything a request needs is one immutable [`Snapshot`] built from a config.
#![deny(missing_docs)]

mod admin;
mod admission;
pub mod auth;
mod body;
mod connections;
pub mod console;
mod cors;
mod event;
mod forwarded;
mod gateway;
pub mod history;
mod limits;
mod load;
mod logsink;
pub mod metrics;
pub mod path;
mod process_metrics;
#[cfg(test)]
mod props;
mod rejection;
mod reload;
mod reply;
pub mod request_log;
mod routes;
mod server;
mod store;
mod throttle;
mod timers;
mod tls;

pub use admin::{Admin, serve_admin};
pub use admission::QUEUE_WAIT;
pub use body::{BodyBudget, set_body_read_timeout};
pub use connections::ConnectionCaps;
pub use cors::CORS_HEADERS;
pub use forwarded::{Origin, TrustedProxies};
pub use gateway::{Gateway, MAX_HEADER_BYTES, REQUEST_ID_HEADER, Snapshot, VERSION_HEADER};
pub use load::{LoadProgress, LogLines, human_duration, loaded_in};
pub use logsink::{LogWriter, flush_log};
pub use metrics::Metrics;
pub use reload::{DEBOUNCE, reload_now, watch};
pub use reply::Reply;
pub use routes::{Matched, NoRoute, Route, RouteTable, display_path};
pub use server::serve;
pub use timers::{start_timers, timer_event};
pub use tls::{TlsFiles, acceptor as tls_acceptor};

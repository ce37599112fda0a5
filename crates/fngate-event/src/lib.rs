//! The SCF API-gateway wire types: the integration request event, the integrated
//! response, the SCF error body and the function `context`.
//!
//! These are plain serde types with no dependency on wasmtime or an HTTP stack, so
//! the host (which builds events and reads responses) and the guest SDK (which
//! reads events and writes responses) compile the very same definitions and can
//! never disagree about the format. The spec is `shared/spec/scf-apigw.md` §3–§5, §7.
#![deny(missing_docs)]

mod context;
mod de;
mod error;
mod event;
pub mod frame;
mod parsed;
mod response;

pub use context::{Context, env};
pub use error::{ScfError, status};
pub use event::{Event, Identity, QueryValue, RequestContext};
pub use parsed::{HeaderValues, ParsedResponse, Text};
pub use response::{HeaderValue, INVALID_RESPONSE_BODY, IntegratedResponse, InvalidResponse};

/// Largest request event and largest response a function may produce, in bytes (spec §3, §5).
pub const PAYLOAD_LIMIT: usize = 6 * 1024 * 1024;

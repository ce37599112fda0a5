//! Every way the gateway answers a request without running its function, and
//! the one place where each becomes HTTP.

use std::sync::Arc;
use std::time::Duration;

use fngate_event::ScfError;
use fngate_runtime::ModuleError;
use http::StatusCode;

use crate::limits::Refusal;
use crate::metrics::Metrics;
use crate::reply::{self, Reply};

/// Why a routed request does not reach its function.
#[derive(Debug)]
pub(crate) enum Rejection {
    /// Key-pair auth failed: 401 with the cloud's message.
    Unauthorized(String),
    /// The usage plan's rate or quota is spent (429 with the cloud's message),
    /// or its shared store is unreachable under `stateFailure: closed` (503).
    Limited(Refusal),
    /// The body (or the event it makes) is over 6 MB: 413.
    TooLarge,
    /// The body could not be read: 400.
    BadBody,
    /// The body did not arrive in time: 408, and the connection is closed.
    BodyTimeout,
    /// The gateway's budget for buffered request bodies is in use: 503, at
    /// once, and the connection is closed (its body is never read).
    BuffersFull,
    /// A declared `required` parameter is missing: 403 with the cloud's message.
    MissingParameter(String),
    /// The function's module failed to load: its SCF error (435/437).
    Broken(Arc<ModuleError>),
    /// The function is not in the snapshot (never expected): 500.
    NotLoaded,
    /// Every `reservedConcurrency` slot stayed busy for `waited`: 429, SCF 432.
    Reserved { reserved: usize, waited: Duration },
    /// The function's share of the instances is busy and its queue full: 429,
    /// SCF 432, refused at once.
    Overloaded { budget_mb: u32 },
    /// The request's `serviceTimeout` passed before the function could start: 504.
    GatewayTimeout,
}

impl Rejection {
    /// Why an invocation that no client waits for (a timer's) did not run.
    pub(crate) fn describe(&self) -> String {
        match self {
            Rejection::Broken(error) => format!("its module is not loaded: {error}"),
            Rejection::Reserved { reserved, waited } => {
                format!("all {reserved} reserved slots stayed busy for {waited:?}")
            }
            Rejection::Overloaded { .. } => {
                "its share of the instances is busy and its queue full".to_owned()
            }
            Rejection::GatewayTimeout => "no instance slot became free within its timeout".to_owned(),
            _ => "it is not loaded".to_owned(),
        }
    }

    /// The HTTP answer; logs and counts what an operator should see.
    pub(crate) fn reply(&self, function: &str, request_id: &str, metrics: Option<&Metrics>) -> Reply {
        let scf_with = |code: u16, message: String, stack: Option<&str>| {
            let body = ScfError {
                request_id: Some(request_id.to_owned()),
                stack_trace: stack.map(str::to_owned),
                ..ScfError::new(code, message)
            };
            let status = match code {
                432 => StatusCode::TOO_MANY_REQUESTS,
                code => StatusCode::from_u16(code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR),
            };
            reply::json(status, body.to_json())
        };
        let scf = |code: u16, message: String| scf_with(code, message, None);
        match self {
            Rejection::Unauthorized(message) => reply::message(StatusCode::UNAUTHORIZED, message),
            Rejection::Limited(Refusal::Unavailable) => {
                reply::message(StatusCode::SERVICE_UNAVAILABLE, Refusal::Unavailable.message())
            }
            Rejection::Limited(refusal) => reply::message(StatusCode::TOO_MANY_REQUESTS, refusal.message()),
            Rejection::TooLarge => reply::message(StatusCode::PAYLOAD_TOO_LARGE, "Request entity too large"),
            Rejection::BadBody => reply::message(StatusCode::BAD_REQUEST, "Bad request body."),
            Rejection::BodyTimeout => {
                let mut reply = reply::message(StatusCode::REQUEST_TIMEOUT, "Request Timeout");
                reply.headers_mut().insert(http::header::CONNECTION, http::HeaderValue::from_static("close"));
                reply
            }
            Rejection::BuffersFull => {
                let mut reply = reply::message(
                    StatusCode::SERVICE_UNAVAILABLE,
                    "The gateway is busy with other request bodies. Please retry.",
                );
                let headers = reply.headers_mut();
                headers.insert(http::header::RETRY_AFTER, http::HeaderValue::from_static("1"));
                headers.insert(http::header::CONNECTION, http::HeaderValue::from_static("close"));
                reply
            }
            Rejection::MissingParameter(message) => reply::message(StatusCode::FORBIDDEN, message),
            Rejection::Broken(error) => {
                // The client gets no host path; the log has the whole error.
                crate::throttle::warn_limited!(
                    "function not loaded",
                    request_id,
                    function,
                    "request {request_id}: function {function} is not loaded: {error}"
                );
                if let Some(m) = metrics {
                    m.invocation(function, "module_error", Duration::ZERO, 0);
                }
                scf_with(error.status(), error.public_message(), error.stack())
            }
            Rejection::NotLoaded => {
                tracing::error!(
                    request_id,
                    function,
                    "request {request_id}: function {function} is not loaded"
                );
                reply::message(StatusCode::INTERNAL_SERVER_ERROR, "Internal Server Error.")
            }
            Rejection::Reserved { reserved, waited } => {
                crate::throttle::warn_limited!(
                    "reserved concurrency exceeded",
                    request_id,
                    function,
                    "request {request_id}: function {function}: all {reserved} reserved slots stayed busy for {waited:?}"
                );
                scf(432, format!("Function [ {function} ] concurrency exceeded reserved quota {reserved}"))
            }
            Rejection::Overloaded { budget_mb } => {
                crate::throttle::warn_limited!(
                    "fair share exceeded",
                    request_id,
                    function,
                    "request {request_id}: function {function}: its share of the instances is busy and its queue full"
                );
                scf(
                    432,
                    format!(
                        "Function [ {function} ] concurrency exceeded region unreserved quota {budget_mb} MB"
                    ),
                )
            }
            Rejection::GatewayTimeout => reply::message(StatusCode::GATEWAY_TIMEOUT, "Gateway Time-out."),
        }
    }
}

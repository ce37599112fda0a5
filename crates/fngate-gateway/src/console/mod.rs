//! The web console on the admin listener: `/console` (its page, embedded) and
//! the JSON API it reads (`/api/…`, scriptable too), behind [`Access`].

mod access;
mod api;
mod assets;
mod stream;

use std::convert::Infallible;
use std::sync::Arc;

use bytes::Bytes;
use http::header::{CACHE_CONTROL, CONTENT_TYPE, HeaderValue, LOCATION, SET_COOKIE};
use http::{Method, Request, Response, StatusCode};
use http_body_util::combinators::UnsyncBoxBody;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use serde_json::json;
use tokio::sync::Semaphore;

pub use access::Access;

use crate::gateway::Gateway;
use crate::history::History;

/// The body of an admin answer: whole, or a stream of events.
pub type AdminBody = UnsyncBoxBody<Bytes, Infallible>;

/// An admin answer.
pub type AdminReply = Response<AdminBody>;

/// The most bytes a console action's body may have (a test event).
const MAX_ACTION_BODY: usize = 1024 * 1024;

/// How many live streams may be open at once.
const MAX_STREAMS: usize = 16;

/// The console: its history of invocations and who may see it.
pub struct Console {
    history: Arc<History>,
    access: Access,
    streams: Arc<Semaphore>,
}

impl Console {
    /// A console over `history`, open as `access` says.
    pub fn new(history: Arc<History>, access: Access) -> Console {
        Console { history, access, streams: Arc::new(Semaphore::new(MAX_STREAMS)) }
    }

    /// Whether `path` is the console's (its page, its assets or its API).
    pub fn owns(path: &str) -> bool {
        path == "/console" || path.starts_with("/console/") || path.starts_with("/api/")
    }

    /// Answers a request for one of its paths; `gateway` is `None` until the
    /// functions are loaded.
    pub async fn answer(&self, req: Request<Incoming>, gateway: Option<&Arc<Gateway>>) -> AdminReply {
        let path = req.uri().path().to_owned();
        if let Some(name) = path.strip_prefix("/console/assets/") {
            return match assets::asset(name) {
                Some(asset) => asset_reply(StatusCode::OK, &asset),
                None => message(StatusCode::NOT_FOUND, "no such asset"),
            };
        }
        if path == "/console/login" {
            return self.login(req).await;
        }
        if let Err((status, why)) = self.access.check(req.headers()) {
            return match path.as_str() {
                "/console" if status == StatusCode::UNAUTHORIZED && self.access.has_token() => {
                    asset_reply(StatusCode::UNAUTHORIZED, &assets::LOGIN)
                }
                _ => message(status, why),
            };
        }
        let Some(gateway) = gateway else {
            return message(StatusCode::SERVICE_UNAVAILABLE, "not ready: compiling functions");
        };
        let query = req.uri().query().unwrap_or("").to_owned();
        let param = |name: &str| form_value(&query, name);
        match (req.method().clone(), path.as_str()) {
            (Method::GET, "/console") => asset_reply(StatusCode::OK, &assets::PAGE),
            (Method::GET, "/api/functions") => ok(api::functions(&gateway.snapshot())),
            (Method::GET, "/api/invocations") => {
                let after = param("after").and_then(|a| a.parse().ok());
                let limit = param("limit").and_then(|l| l.parse().ok()).unwrap_or(100).min(1000);
                let list: Vec<_> = self.history.since(after, limit).iter().map(|r| r.summary()).collect();
                ok(json!({ "invocations": list, "last": self.history.last_seq() }))
            }
            (Method::GET, "/api/invocations/stream") => {
                let last_event =
                    req.headers().get("last-event-id").and_then(|v| v.to_str().ok()?.parse().ok());
                let after = last_event.or_else(|| param("after").and_then(|a| a.parse().ok()));
                let Ok(permit) = self.streams.clone().try_acquire_owned() else {
                    return message(StatusCode::SERVICE_UNAVAILABLE, "too many console streams open");
                };
                let mut reply =
                    Response::new(stream::events(self.history.clone(), after, permit).boxed_unsync());
                let headers = reply.headers_mut();
                headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
                headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
                reply
            }
            (Method::GET, p) if p.starts_with("/api/invocations/") => {
                match self.history.find(&p["/api/invocations/".len()..]) {
                    Some(record) => ok(record.detail()),
                    None => message(StatusCode::NOT_FOUND, "no such invocation kept"),
                }
            }
            (Method::GET, "/api/metrics/summary") => {
                let window =
                    param("window").and_then(|w| w.parse().ok()).unwrap_or(crate::history::WINDOW_SECS);
                ok(self.history.summary(window))
            }
            (Method::GET, "/api/templates") => {
                let function = param("function").unwrap_or_default();
                match api::templates(&gateway.snapshot(), &function) {
                    Some(templates) => ok(templates),
                    None => message(StatusCode::NOT_FOUND, "no such function"),
                }
            }
            (Method::POST, "/api/test") => {
                let body = match self.action_body(req, "application/json").await {
                    Ok(body) => body,
                    Err(refused) => return refused,
                };
                match api::test(gateway, &self.history, &body).await {
                    Ok(detail) => ok(detail),
                    Err((status, why)) => message(status, &why),
                }
            }
            (Method::POST, "/api/reload") => {
                if let Err(refused) = self.action_body(req, "application/json").await {
                    return refused;
                }
                ok(api::reload(gateway).await)
            }
            (
                _,
                "/console"
                | "/api/functions"
                | "/api/invocations"
                | "/api/metrics/summary"
                | "/api/templates",
            ) => message(StatusCode::METHOD_NOT_ALLOWED, "use GET"),
            (_, "/api/test" | "/api/reload") => message(StatusCode::METHOD_NOT_ALLOWED, "use POST"),
            _ => message(StatusCode::NOT_FOUND, "not found: the console's API is in docs/operating.md"),
        }
    }

    /// The body of an action, once its origin and content type pass.
    async fn action_body(&self, req: Request<Incoming>, expected: &str) -> Result<Bytes, AdminReply> {
        if let Err((status, why)) = self.access.check_action(req.headers(), expected) {
            return Err(message(status, why));
        }
        match Limited::new(req.into_body(), MAX_ACTION_BODY).collect().await {
            Ok(body) => Ok(body.to_bytes()),
            Err(_) => Err(message(StatusCode::PAYLOAD_TOO_LARGE, "the body is too large (at most 1 MB)")),
        }
    }

    /// `POST /console/login` (`token=…`, a form): sets the token's cookie and
    /// goes to the console, or shows the form again.
    async fn login(&self, req: Request<Incoming>) -> AdminReply {
        if req.method() != Method::POST {
            return message(StatusCode::METHOD_NOT_ALLOWED, "use POST");
        }
        let body = match self.action_body(req, "application/x-www-form-urlencoded").await {
            Ok(body) => body,
            Err(refused) => return refused,
        };
        let token = form_value(&String::from_utf8_lossy(&body), "token").unwrap_or_default();
        if !self.access.is_token(&token) {
            return asset_reply(StatusCode::UNAUTHORIZED, &assets::LOGIN);
        }
        let mut reply = whole(StatusCode::SEE_OTHER, "text/plain; charset=utf-8", Bytes::new());
        let cookie = format!("{}={token}; HttpOnly; SameSite=Strict; Path=/", access::COOKIE_NAME);
        if let Ok(cookie) = HeaderValue::from_str(&cookie) {
            reply.headers_mut().insert(SET_COOKIE, cookie);
        }
        reply.headers_mut().insert(LOCATION, HeaderValue::from_static("/console"));
        reply
    }
}

/// A whole answer with the console's security headers: nothing in it runs
/// script from anywhere but its own assets, nor loads in another site's frame.
pub fn whole(status: StatusCode, content_type: &'static str, body: impl Into<Bytes>) -> AdminReply {
    let mut reply = Response::new(Full::new(body.into()).boxed_unsync());
    *reply.status_mut() = status;
    let headers = reply.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    headers.insert(CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    headers.insert("x-frame-options", HeaderValue::from_static("DENY"));
    headers.insert(
        "content-security-policy",
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    reply
}

/// The value of `name` in a query string or form body (`a=1&b=2`), decoded
/// as the event's query is (`+` is a space, then percent-decoding).
fn form_value(form: &str, name: &str) -> Option<String> {
    let value = form.split('&').find_map(|kv| kv.strip_prefix(name)?.strip_prefix('='))?;
    Some(crate::event::decode(value))
}

fn asset_reply(status: StatusCode, asset: &assets::Asset) -> AdminReply {
    whole(status, asset.content_type, Bytes::from_static(asset.body))
}

fn ok(value: serde_json::Value) -> AdminReply {
    whole(StatusCode::OK, "application/json", value.to_string())
}

fn message(status: StatusCode, text: &str) -> AdminReply {
    whole(status, "application/json", json!({ "message": text }).to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn form_values_decode_plus_before_percent() {
        assert_eq!(super::form_value("after=3&token=a%2Bb+c", "token").as_deref(), Some("a+b c"));
        assert_eq!(super::form_value("tokens=x&token=y", "token").as_deref(), Some("y"));
        assert_eq!(super::form_value("after=3", "token"), None);
    }
}

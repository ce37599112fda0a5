//! From an invocation (or a gateway error) to the HTTP response (spec §4, §5).

use bytes::Bytes;
use fngate_config::{Api, FunctionErrorStatus};
use std::borrow::Cow;

use fngate_event::{INVALID_RESPONSE_BODY, ParsedResponse};
use fngate_runtime::{Invocation, Outcome};
use http::header::{CONTENT_TYPE, HeaderName, HeaderValue};
use http::{Response, StatusCode};
use http_body_util::Full;

/// The response type of the gateway: whole bodies (functions return them whole).
pub type Reply = Response<Full<Bytes>>;

/// A response with a JSON body.
pub(crate) fn json(status: StatusCode, body: impl Into<Bytes>) -> Reply {
    let mut response = Response::new(Full::new(body.into()));
    *response.status_mut() = status;
    response.headers_mut().insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}

/// A response with no body.
pub(crate) fn empty(status: StatusCode) -> Reply {
    let mut response = Response::new(Full::new(Bytes::new()));
    *response.status_mut() = status;
    response
}

/// A gateway error: `{"message":"…"}` with slashes escaped, as the real gateway writes them.
pub(crate) fn message(status: StatusCode, text: &str) -> Reply {
    let body = serde_json::json!({ "message": text }).to_string().replace('/', "\\/");
    json(status, body)
}

/// The invalid-integrated-response answer (spec §4).
pub(crate) fn invalid_response() -> Reply {
    json(StatusCode::FORBIDDEN, INVALID_RESPONSE_BODY)
}

/// The answer for a finished invocation, and a note to log when the function's
/// output could not be used.
pub(crate) fn from_invocation(
    inv: &Invocation,
    api: &Api,
    errors: FunctionErrorStatus,
) -> (Reply, Option<String>) {
    match &inv.outcome {
        Outcome::Success { stdout } if api.integrated_response => match integrated(stdout) {
            Ok(reply) => (reply, None),
            Err(why) => (invalid_response(), Some(why)),
        },
        Outcome::Success { stdout } => (json(StatusCode::OK, stdout.clone()), None),
        Outcome::HttpResponse(response) => (http_response(response), None),
        Outcome::InvalidResponse { message } => (invalid_response(), Some(message.clone())),
        Outcome::Timeout { .. } if errors == FunctionErrorStatus::Seed => {
            let error = inv.scf_error().expect("a timeout is an error");
            (json(StatusCode::OK, error.to_json()), None)
        }
        _ => {
            let error = inv.scf_error().expect("a failed outcome has an SCF error");
            let status = StatusCode::from_u16(error.status_code).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
            (json(status, error.to_json()), None)
        }
    }
}

/// Headers the gateway itself decides, never taken from a function: the
/// length, and every connection-specific field (RFC 9110 §7.6.1, RFC 9113
/// §8.2.2), with those a `Connection` field names and any `proxy-*`.
const HOP_BY_HOP: [&str; 8] = [
    "content-length",
    "transfer-encoding",
    "connection",
    "keep-alive",
    "te",
    "trailer",
    "upgrade",
    "proxy-connection",
];

/// Takes out of a function's headers those the gateway decides ([`HOP_BY_HOP`]).
fn strip_hop_by_hop(headers: &mut http::HeaderMap) {
    let decided = |name: &HeaderName| {
        let name = name.as_str();
        HOP_BY_HOP.contains(&name) || name.starts_with("proxy-")
    };
    if !headers.keys().any(decided) {
        return;
    }
    let named: Vec<String> = headers
        .get_all(http::header::CONNECTION)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(|name| name.trim().to_ascii_lowercase())
        .filter(|name| !name.is_empty())
        .collect();
    for name in named.iter().map(String::as_str).chain(HOP_BY_HOP) {
        headers.remove(name);
    }
    let proxy: Vec<HeaderName> =
        headers.keys().filter(|k| k.as_str().starts_with("proxy-")).cloned().collect();
    for name in proxy {
        headers.remove(name);
    }
}

/// A wasi:http function's response as it is, but for the headers the gateway decides.
fn http_response(response: &Response<Bytes>) -> Reply {
    let mut reply = Response::new(Full::new(response.body().clone()));
    *reply.status_mut() = response.status();
    *reply.headers_mut() = response.headers().clone();
    strip_hop_by_hop(reply.headers_mut());
    reply
}

/// The reply a function's integrated response asks for; its body shares the
/// output's memory when it is plain text without escapes.
fn integrated(stdout: &Bytes) -> Result<Reply, String> {
    let parsed = ParsedResponse::parse(stdout).map_err(|e| e.to_string())?;
    let body = match (&parsed.body.0, parsed.is_base64_encoded) {
        (Cow::Borrowed(text), false) => stdout.slice_ref(text.as_bytes()),
        _ => Bytes::from(parsed.body_bytes().map_err(|e| e.to_string())?.into_owned()),
    };
    let mut response = Response::new(Full::new(body));
    *response.status_mut() = StatusCode::from_u16(parsed.status_code).map_err(|e| e.to_string())?;
    for (name, value) in &parsed.headers {
        let name = &*name.0;
        let name =
            HeaderName::from_bytes(name.as_bytes()).map_err(|_| format!("invalid header name {name:?}"))?;
        // Keys that differ only in case name one field: the later one wins
        // (one `Content-Type`, never two), but for Set-Cookie, which repeats.
        if name != http::header::SET_COOKIE {
            response.headers_mut().remove(&name);
        }
        for v in value.values() {
            let v = HeaderValue::from_str(v).map_err(|_| format!("invalid value {v:?} for header {name}"))?;
            response.headers_mut().append(name.clone(), v);
        }
    }
    strip_hop_by_hop(response.headers_mut());
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gateway_messages_escape_slashes_like_the_cloud() {
        let r = message(StatusCode::NOT_FOUND, "There is no api match uri[/a/b]");
        let body = r.into_body();
        let bytes = futures_lite_block(body);
        assert_eq!(bytes, r#"{"message":"There is no api match uri[\/a\/b]"}"#);
    }

    fn futures_lite_block(body: Full<Bytes>) -> String {
        use http_body_util::BodyExt;
        let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
        let bytes = rt.block_on(body.collect()).unwrap().to_bytes();
        String::from_utf8(bytes.to_vec()).unwrap()
    }

    #[test]
    fn integrated_headers_repeat_and_bad_ones_are_invalid() {
        let r = integrated(&Bytes::from_static(br#"{"statusCode":201,"headers":{"Set-Cookie":["a=1","b=2"],"Location":"/x","Content-Length":"99"},"body":"hi"}"#)).unwrap();
        assert_eq!(r.status(), StatusCode::CREATED);
        assert_eq!(r.headers().get_all("set-cookie").iter().count(), 2);
        assert_eq!(r.headers()["location"], "/x");
        assert!(r.headers().get("content-length").is_none());
        assert!(
            integrated(&Bytes::from_static(br#"{"statusCode":200,"headers":{"Bad Name":"x"}}"#)).is_err()
        );
        // Connection-specific fields never reach the client; one content type.
        let r = integrated(&Bytes::from_static(br#"{"statusCode":200,"headers":{"Connection":"x-secret, close","X-Secret":"1","Upgrade":"h2c","TE":"trailers","Trailer":"x","Proxy-Authenticate":"Basic","Keep-Alive":"1","Content-Type":"text/plain","content-type":"text/html","X-Kept":"1"}}"#)).unwrap();
        let mut names: Vec<&str> = r.headers().keys().map(|k| k.as_str()).collect();
        names.sort_unstable();
        assert_eq!(names, ["content-type", "x-kept"]);
        assert_eq!(r.headers().get_all("content-type").iter().count(), 1);
        assert!(
            integrated(&Bytes::from_static(br#"{"statusCode":200,"headers":{"X":"line\nbreak"}}"#)).is_err()
        );
    }
}

//! From an HTTP request to the integration request event (spec §3).

use std::collections::BTreeMap;

use base64::Engine as _;
use fngate_config::{Base64Mode, ParamPosition, TriggerRule};
use fngate_event::{Event, Identity, PAYLOAD_LIMIT, QueryValue, RequestContext};
use http::HeaderMap;
use percent_encoding::percent_decode_str;

use crate::forwarded::Origin;
use crate::routes::{Matched, display_path};

/// What the event is built from, besides the matched route.
pub(crate) struct RequestParts<'a> {
    pub method: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    /// Who sent it, and how.
    pub origin: &'a Origin,
    pub request_id: &'a str,
    /// The key pair that signed the request, when key-pair auth passed.
    pub secret_id: Option<&'a str>,
    pub stage_variables: Option<&'a BTreeMap<String, String>>,
}

/// Why no event can be built for a request.
#[derive(Debug)]
pub(crate) enum BuildError {
    /// The body is larger than 6 MB once encoded as the event carries it.
    TooLarge,
    /// A required declared parameter is missing: the gateway's 403 message.
    MissingParameter(String),
}

/// Builds the event for a matched request.
pub(crate) fn build(matched: &Matched<'_>, req: &RequestParts<'_>) -> Result<Event, BuildError> {
    let api = &matched.route.api;
    let encode = match &api.base64 {
        Base64Mode::Off => false,
        Base64Mode::All => true,
        Base64Mode::Triggered(rules) => triggered(rules, req.headers),
    };
    let (body, is_base64_encoded) = body(req.body, encode)?;
    let query_string = query_string(req.query.unwrap_or(""));
    let mut headers = headers(req.headers, req.request_id, api.service_timeout, req.origin);
    if req.secret_id.is_some() {
        headers.remove("x-anonymous-consumer");
    }
    let (query_params, header_params) = declared(api, &query_string, &headers)?;
    Ok(Event {
        request_context: RequestContext {
            service_id: api.service_id.clone(),
            path: display_path(&api.path).to_owned(),
            http_method: api.method.clone(),
            request_id: Some(req.request_id.to_owned()),
            identity: Identity { secret_id: req.secret_id.map(str::to_owned), extra: Default::default() },
            source_ip: req.origin.client.to_string(),
            stage: matched.stage.to_owned(),
            extra: Default::default(),
        },
        headers,
        body,
        is_base64_encoded,
        path_parameters: matched.path_parameters.clone(),
        query_string_parameters: query_params,
        header_parameters: header_params,
        stage_variables: req.stage_variables.cloned().unwrap_or_default(),
        path: matched.path.to_owned(),
        query_string,
        http_method: req.method.to_owned(),
        extra: Default::default(),
    })
}

/// The event as JSON, in a buffer sized for it at once (a 6 MB body is not
/// copied through doubling buffers).
pub(crate) fn to_json(event: &Event) -> Vec<u8> {
    let body = event.body.as_ref().map_or(0, String::len);
    let mut json = Vec::with_capacity(body + body / 8 + 16 * 1024);
    serde_json::to_writer(&mut json, event).expect("an event always serializes");
    json
}

/// The body as the event carries it: omitted when empty, text when UTF-8 (and
/// not to be encoded), base64 otherwise.
fn body(bytes: &[u8], encode: bool) -> Result<(Option<String>, bool), BuildError> {
    if bytes.is_empty() {
        return Ok((None, false));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !encode => Ok((Some(text.to_owned()), false)),
        _ => {
            if bytes.len().div_ceil(3) * 4 > PAYLOAD_LIMIT {
                return Err(BuildError::TooLarge);
            }
            Ok((Some(base64::engine::general_purpose::STANDARD.encode(bytes)), true))
        }
    }
}

/// Whether a trigger rule matches: its header contains one of its values (any case).
fn triggered(rules: &[TriggerRule], headers: &HeaderMap) -> bool {
    rules.iter().any(|rule| {
        headers.get_all(rule.header.as_str()).iter().any(|v| {
            let v = String::from_utf8_lossy(v.as_bytes()).to_ascii_lowercase();
            rule.values.iter().any(|wanted| v.contains(wanted.as_str()))
        })
    })
}

type Params = BTreeMap<String, String>;

/// The declared QUERY and HEADER parameters' values (or defaults); a missing
/// required one is the gateway's 403. PATH parameters come from the route.
fn declared(
    api: &fngate_config::Api,
    query: &BTreeMap<String, QueryValue>,
    headers: &BTreeMap<String, String>,
) -> Result<(Params, Params), BuildError> {
    let (mut query_params, mut header_params) = (Params::new(), Params::new());
    for param in &api.params {
        let (found, out, what) = match param.position {
            ParamPosition::Query => (
                query.get(&param.name).map(|v| v.first().unwrap_or("").to_owned()),
                &mut query_params,
                "querystring",
            ),
            ParamPosition::Header => {
                (headers.get(&param.name.to_ascii_lowercase()).cloned(), &mut header_params, "header")
            }
            ParamPosition::Path => continue,
        };
        let key = match param.position {
            ParamPosition::Header => param.name.to_ascii_lowercase(),
            _ => param.name.clone(),
        };
        match found.or_else(|| param.default.clone()) {
            Some(value) => {
                out.insert(key, value);
            }
            None if param.required => {
                return Err(BuildError::MissingParameter(format!("{what} {} is required.", param.name)));
            }
            None => {}
        }
    }
    Ok((query_params, header_params))
}

/// Request headers, lower-cased (as `HeaderMap` keeps them), repeats joined with
/// `", "`, plus the headers the gateway adds (which a client cannot spoof).
fn headers(
    map: &HeaderMap,
    request_id: &str,
    service_timeout: u64,
    origin: &Origin,
) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in map {
        let value = String::from_utf8_lossy(value.as_bytes());
        // Cookies join with `; ` (RFC 9113 §8.2.3), so cookie parsers read them.
        let separator = if name == http::header::COOKIE { "; " } else { ", " };
        out.entry(name.as_str().to_owned())
            .and_modify(|v| {
                v.push_str(separator);
                v.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    let added = [
        ("x-api-requestid", request_id.to_owned()),
        ("x-b3-traceid", request_id.to_owned()),
        ("x-api-scheme", if origin.https { "https" } else { "http" }.to_owned()),
        ("x-forwarded-for", origin.forwarded_for.clone()),
        ("x-qualifier", "$LATEST".to_owned()),
        ("requestsource", "APIGW".to_owned()),
        ("x-anonymous-consumer", "true".to_owned()),
        ("endpoint-timeout", service_timeout.to_string()),
    ];
    for (name, value) in added {
        out.insert(name.to_owned(), value);
    }
    out
}

/// The URL-decoded query: repeated keys become arrays, bare keys `true`.
fn query_string(query: &str) -> BTreeMap<String, QueryValue> {
    let mut out: BTreeMap<String, QueryValue> = BTreeMap::new();
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = match pair.split_once('=') {
            Some((k, v)) => (decode(k), Some(decode(v))),
            None => (decode(pair), None),
        };
        match out.get_mut(&key) {
            Some(existing) => existing.push(value),
            None => {
                out.insert(key, value.map_or(QueryValue::Flag(true), QueryValue::One));
            }
        }
    }
    out
}

fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// The HTTP request a wasi:http function is given: the client's method and
/// body, the event's path (the stage left out, as the event has it) and raw
/// query, and the event's headers (so `x-api-requestid` and the forwarding
/// headers too) plus `x-fngate-stage`.
pub(crate) fn http_request(
    event: &Event,
    parts: &http::request::Parts,
    body: bytes::Bytes,
    stage: &str,
) -> http::Request<bytes::Bytes> {
    let host = event.headers.get("host").map_or("localhost", String::as_str);
    let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let uri = format!("http://{host}{}{query}", event.path);
    let mut request = http::Request::new(body);
    *request.method_mut() = parts.method.clone();
    *request.uri_mut() = uri.parse().unwrap_or_else(|_| http::Uri::from_static("http://localhost/"));
    let headers = request.headers_mut();
    for (name, value) in &event.headers {
        if let (Ok(name), Ok(value)) =
            (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_str(value))
        {
            headers.insert(name, value);
        }
    }
    headers.insert(
        "x-fngate-stage",
        http::HeaderValue::from_str(stage).unwrap_or(http::HeaderValue::from_static("")),
    );
    request
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_follows_the_real_gateway() {
        let q = query_string("a=b&a=c&x=y&i&sp=a+b%20c&enc=%E4%BD%A0");
        assert_eq!(q["a"], QueryValue::Many(vec!["b".into(), "c".into()]));
        assert_eq!(q["x"], QueryValue::One("y".into()));
        assert_eq!(q["i"], QueryValue::Flag(true));
        assert_eq!(q["sp"], QueryValue::One("a b c".into()));
        assert_eq!(q["enc"], QueryValue::One("你".into()));
        assert!(query_string("").is_empty());
    }

    #[test]
    fn bodies() {
        assert_eq!(body(b"", true).unwrap(), (None, false));
        assert_eq!(body(b"{\"a\":1}", false).unwrap(), (Some("{\"a\":1}".into()), false));
        assert_eq!(body(b"hi", true).unwrap(), (Some("aGk=".into()), true));
        assert_eq!(body(&[0xff, 0, 1], false).unwrap(), (Some("/wAB".into()), true));
    }

    #[test]
    fn headers_are_joined_and_gateway_headers_win() {
        let mut map = HeaderMap::new();
        map.append("Accept", "a".parse().unwrap());
        map.append("accept", "b".parse().unwrap());
        map.append("x-api-requestid", "spoofed".parse().unwrap());
        map.append("x-forwarded-for", "6.6.6.6".parse().unwrap());
        let origin =
            Origin { client: "192.0.2.1".parse().unwrap(), https: true, forwarded_for: "192.0.2.1".into() };
        let h = headers(&map, "abc", 15, &origin);
        assert_eq!(h["accept"], "a, b");
        let mut cookies = HeaderMap::new();
        cookies.append("cookie", "a=1".parse().unwrap());
        cookies.append("cookie", "b=2".parse().unwrap());
        assert_eq!(headers(&cookies, "abc", 15, &origin)["cookie"], "a=1; b=2");
        assert_eq!(h["x-api-requestid"], "abc");
        assert_eq!((h["x-forwarded-for"].as_str(), h["x-api-scheme"].as_str()), ("192.0.2.1", "https"));
        assert_eq!(h["endpoint-timeout"], "15");
        assert_eq!(h["x-anonymous-consumer"], "true");
    }
}

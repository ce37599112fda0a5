//! From an HTTP request to the integration request event (spec §3).

use std::collections::BTreeMap;
use std::net::IpAddr;

use base64::Engine as _;
use fngate_event::{Event, Identity, PAYLOAD_LIMIT, QueryValue, RequestContext};
use http::HeaderMap;
use percent_encoding::percent_decode_str;

use crate::routes::{Matched, display_path};

/// What the event is built from, besides the matched route.
pub(crate) struct RequestParts<'a> {
    pub method: &'a str,
    pub query: Option<&'a str>,
    pub headers: &'a HeaderMap,
    pub body: &'a [u8],
    pub source_ip: IpAddr,
    pub request_id: &'a str,
    pub stage_variables: Option<&'a BTreeMap<String, String>>,
}

/// The body is larger than 6 MB once encoded as the event carries it.
#[derive(Debug)]
pub(crate) struct TooLarge;

/// Builds the event for a matched request.
pub(crate) fn build(matched: &Matched<'_>, req: &RequestParts<'_>) -> Result<Event, TooLarge> {
    let api = &matched.route.api;
    let (body, is_base64_encoded) = body(req.body)?;
    Ok(Event {
        request_context: RequestContext {
            service_id: api.service_id.clone(),
            path: display_path(&api.path).to_owned(),
            http_method: api.method.clone(),
            request_id: Some(req.request_id.to_owned()),
            identity: Identity::default(),
            source_ip: req.source_ip.to_string(),
            stage: matched.stage.to_owned(),
            extra: Default::default(),
        },
        headers: headers(req.headers, req.request_id, api.service_timeout),
        body,
        is_base64_encoded,
        path_parameters: matched.path_parameters.clone(),
        query_string_parameters: BTreeMap::new(),
        header_parameters: BTreeMap::new(),
        stage_variables: req.stage_variables.cloned().unwrap_or_default(),
        path: matched.path.to_owned(),
        query_string: query_string(req.query.unwrap_or("")),
        http_method: req.method.to_owned(),
        extra: Default::default(),
    })
}

/// The body as the event carries it: omitted when empty, text when UTF-8, base64 otherwise.
fn body(bytes: &[u8]) -> Result<(Option<String>, bool), TooLarge> {
    if bytes.is_empty() {
        return Ok((None, false));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok((Some(text.to_owned()), false)),
        Err(_) => {
            if bytes.len().div_ceil(3) * 4 > PAYLOAD_LIMIT {
                return Err(TooLarge);
            }
            Ok((Some(base64::engine::general_purpose::STANDARD.encode(bytes)), true))
        }
    }
}

/// Request headers, lower-cased (as `HeaderMap` keeps them), repeats joined with
/// `", "`, plus the headers the gateway adds (which a client cannot spoof).
fn headers(map: &HeaderMap, request_id: &str, service_timeout: u64) -> BTreeMap<String, String> {
    let mut out: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in map {
        let value = String::from_utf8_lossy(value.as_bytes());
        out.entry(name.as_str().to_owned())
            .and_modify(|v| {
                v.push_str(", ");
                v.push_str(&value);
            })
            .or_insert_with(|| value.into_owned());
    }
    let added = [
        ("x-api-requestid", request_id.to_owned()),
        ("x-b3-traceid", request_id.to_owned()),
        ("x-api-scheme", "http".to_owned()),
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
        assert_eq!(body(b"").unwrap(), (None, false));
        assert_eq!(body(b"{\"a\":1}").unwrap(), (Some("{\"a\":1}".into()), false));
        assert_eq!(body(&[0xff, 0, 1]).unwrap(), (Some("/wAB".into()), true));
    }

    #[test]
    fn headers_are_joined_and_gateway_headers_win() {
        let mut map = HeaderMap::new();
        map.append("Accept", "a".parse().unwrap());
        map.append("accept", "b".parse().unwrap());
        map.append("x-api-requestid", "spoofed".parse().unwrap());
        let h = headers(&map, "abc", 15);
        assert_eq!(h["accept"], "a, b");
        assert_eq!(h["x-api-requestid"], "abc");
        assert_eq!(h["endpoint-timeout"], "15");
        assert_eq!(h["x-anonymous-consumer"], "true");
    }
}

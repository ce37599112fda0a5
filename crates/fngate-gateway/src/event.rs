//! From an HTTP request to the integration request event (spec §3).

use std::borrow::Cow;
use std::collections::BTreeMap;

use base64::Engine as _;
use fngate_config::{Base64Mode, ParamPosition, TriggerRule};
use fngate_event::{PAYLOAD_LIMIT, QueryValue};
use http::HeaderMap;
use percent_encoding::percent_decode_str;
#[cfg(test)]
use serde::{Serialize, ser::SerializeMap};

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

/// The integration request event of one request, borrowing from the request
/// and its route: [`to_json`] writes the JSON of [`fngate_event::Event`],
/// field for field and in the same order, without copying each string into
/// one first. (Under test it also derives `Serialize`: a property test holds
/// `to_json` to serde's bytes, and those to the shared `Event`'s.)
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
pub(crate) struct RequestEvent<'a> {
    request_context: RequestContext<'a>,
    /// Request headers and the gateway's own, by name.
    pub headers: Headers<'a>,
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    body: Option<Cow<'a, str>>,
    is_base64_encoded: bool,
    path_parameters: &'a BTreeMap<String, String>,
    query_string_parameters: Params,
    header_parameters: Params,
    stage_variables: &'a BTreeMap<String, String>,
    /// The request path without the stage.
    pub path: &'a str,
    query_string: BTreeMap<String, QueryValue>,
    http_method: &'a str,
}

/// The event's `requestContext`.
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
struct RequestContext<'a> {
    service_id: &'a str,
    path: &'a str,
    http_method: &'a str,
    request_id: &'a str,
    identity: Identity<'a>,
    source_ip: &'a str,
    stage: &'a str,
}

/// The event's `requestContext.identity`.
#[cfg_attr(test, derive(Serialize))]
#[cfg_attr(test, serde(rename_all = "camelCase"))]
struct Identity<'a> {
    #[cfg_attr(test, serde(skip_serializing_if = "Option::is_none"))]
    secret_id: Option<&'a str>,
}

/// The event's headers, sorted by name (each name once).
pub(crate) struct Headers<'a>(Vec<(&'a str, Cow<'a, str>)>);

impl Headers<'_> {
    /// A header's value by its lower-case name.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        let at = self.0.binary_search_by(|(n, _)| (*n).cmp(name)).ok()?;
        Some(&self.0[at].1)
    }

    /// The headers in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(n, v)| (*n, &**v))
    }
}

#[cfg(test)]
impl Serialize for Headers<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, value) in &self.0 {
            map.serialize_entry(name, value)?;
        }
        map.end()
    }
}

/// No stage variables.
static NO_VARIABLES: BTreeMap<String, String> = BTreeMap::new();

/// Builds the event for a matched request.
pub(crate) fn build<'a>(
    matched: &'a Matched<'a>,
    req: &RequestParts<'a>,
) -> Result<RequestEvent<'a>, BuildError> {
    let api = &matched.route.api;
    let encode = match &api.base64 {
        Base64Mode::Off => false,
        Base64Mode::All => true,
        Base64Mode::Triggered(rules) => triggered(rules, req.headers),
    };
    let (body, is_base64_encoded) = body(req.body, encode)?;
    let query_string = query_string(req.query.unwrap_or(""));
    let headers =
        headers(req.headers, req.request_id, api.service_timeout, req.origin, req.secret_id.is_some());
    let (query_params, header_params) = declared(api, &query_string, &headers)?;
    Ok(RequestEvent {
        request_context: RequestContext {
            service_id: &api.service_id,
            path: display_path(&api.path),
            http_method: &api.method,
            request_id: req.request_id,
            identity: Identity { secret_id: req.secret_id },
            source_ip: req.origin.client_text(),
            stage: matched.stage,
        },
        headers,
        body,
        is_base64_encoded,
        path_parameters: &matched.path_parameters,
        query_string_parameters: query_params,
        header_parameters: header_params,
        stage_variables: req.stage_variables.unwrap_or(&NO_VARIABLES),
        path: matched.path,
        query_string,
        http_method: req.method,
    })
}

/// The event as JSON, in a buffer sized for it at once (a 6 MB body is not
/// copied through doubling buffers). Written field by field so that a string
/// with nothing to escape, nearly every one, is copied whole: serde_json
/// escapes byte by byte, and that was 7.4k of the 63k instructions a warm
/// request spends in the host. Strings that need escaping are still written
/// by serde_json.
pub(crate) fn to_json(event: &RequestEvent<'_>) -> Vec<u8> {
    let body = event.body.as_ref().map_or(0, |b| b.len());
    let mut out = Vec::with_capacity(body + body / 8 + 4 * 1024);
    let context = &event.request_context;
    out.extend_from_slice(b"{\"requestContext\":{\"serviceId\":");
    json_str(&mut out, context.service_id);
    for (key, value) in
        [("path", context.path), ("httpMethod", context.http_method), ("requestId", context.request_id)]
    {
        json_key(&mut out, key);
        json_str(&mut out, value);
    }
    out.extend_from_slice(b",\"identity\":{");
    if let Some(secret_id) = context.identity.secret_id {
        out.extend_from_slice(b"\"secretId\":");
        json_str(&mut out, secret_id);
    }
    out.push(b'}');
    json_key(&mut out, "sourceIp");
    json_str(&mut out, context.source_ip);
    json_key(&mut out, "stage");
    json_str(&mut out, context.stage);
    out.extend_from_slice(b"},\"headers\":");
    json_map(&mut out, event.headers.iter());
    if let Some(body) = &event.body {
        json_key(&mut out, "body");
        json_str(&mut out, body);
    }
    json_key(&mut out, "isBase64Encoded");
    out.extend_from_slice(if event.is_base64_encoded { b"true" } else { b"false" });
    for (key, map) in [
        ("pathParameters", event.path_parameters),
        ("queryStringParameters", &event.query_string_parameters),
        ("headerParameters", &event.header_parameters),
        ("stageVariables", event.stage_variables),
    ] {
        json_key(&mut out, key);
        json_map(&mut out, map.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    }
    json_key(&mut out, "path");
    json_str(&mut out, event.path);
    json_key(&mut out, "queryString");
    out.push(b'{');
    for (i, (key, value)) in event.query_string.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(&mut out, key);
        out.push(b':');
        match value {
            QueryValue::Flag(flag) => out.extend_from_slice(if *flag { b"true" } else { b"false" }),
            QueryValue::One(one) => json_str(&mut out, one),
            QueryValue::Many(many) => {
                out.push(b'[');
                for (j, one) in many.iter().enumerate() {
                    if j > 0 {
                        out.push(b',');
                    }
                    json_str(&mut out, one);
                }
                out.push(b']');
            }
        }
    }
    out.push(b'}');
    json_key(&mut out, "httpMethod");
    json_str(&mut out, event.http_method);
    out.push(b'}');
    out
}

/// `,"key":` for a key with nothing to escape.
fn json_key(out: &mut Vec<u8>, key: &str) {
    out.extend_from_slice(b",\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\":");
}

/// A JSON object of string pairs.
fn json_map<'s>(out: &mut Vec<u8>, pairs: impl Iterator<Item = (&'s str, &'s str)>) {
    out.push(b'{');
    for (i, (key, value)) in pairs.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        json_str(out, key);
        out.push(b':');
        json_str(out, value);
    }
    out.push(b'}');
}

/// A JSON string, as serde_json writes it: copied whole when no byte needs
/// escaping (the check is branch-free, so it runs many bytes at a time),
/// else by serde_json.
fn json_str(out: &mut Vec<u8>, s: &str) {
    let plain = s.bytes().fold(true, |plain, b| plain & (b >= 0x20) & (b != b'"') & (b != b'\\'));
    if plain {
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    } else {
        serde_json::to_writer(&mut *out, s).expect("a string always serializes");
    }
}

/// The body as the event carries it: omitted when empty, text when UTF-8 (and
/// not to be encoded), base64 otherwise.
fn body(bytes: &[u8], encode: bool) -> Result<(Option<Cow<'_, str>>, bool), BuildError> {
    if bytes.is_empty() {
        return Ok((None, false));
    }
    match std::str::from_utf8(bytes) {
        Ok(text) if !encode => Ok((Some(Cow::Borrowed(text)), false)),
        _ => {
            if bytes.len().div_ceil(3) * 4 > PAYLOAD_LIMIT {
                return Err(BuildError::TooLarge);
            }
            Ok((Some(Cow::Owned(base64::engine::general_purpose::STANDARD.encode(bytes))), true))
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
    headers: &Headers<'_>,
) -> Result<(Params, Params), BuildError> {
    let (mut query_params, mut header_params) = (Params::new(), Params::new());
    for param in &api.params {
        let (found, out, what) = match param.position {
            ParamPosition::Query => (
                query.get(&param.name).map(|v| v.first().unwrap_or("").to_owned()),
                &mut query_params,
                "querystring",
            ),
            ParamPosition::Header => (
                headers.get(&param.name.to_ascii_lowercase()).map(str::to_owned),
                &mut header_params,
                "header",
            ),
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
/// `", "`, plus the headers the gateway adds (which a client cannot spoof);
/// `x-anonymous-consumer` only when no key pair signed the request.
fn headers<'a>(
    map: &'a HeaderMap,
    request_id: &'a str,
    service_timeout: u64,
    origin: &'a Origin,
    signed: bool,
) -> Headers<'a> {
    let added: [(&str, Cow<'a, str>); 8] = [
        ("x-api-requestid", Cow::Borrowed(request_id)),
        ("x-b3-traceid", Cow::Borrowed(request_id)),
        ("x-api-scheme", Cow::Borrowed(if origin.https { "https" } else { "http" })),
        ("x-forwarded-for", Cow::Borrowed(&origin.forwarded_for)),
        ("x-qualifier", Cow::Borrowed("$LATEST")),
        ("requestsource", Cow::Borrowed("APIGW")),
        ("x-anonymous-consumer", Cow::Borrowed("true")),
        ("endpoint-timeout", Cow::Owned(service_timeout.to_string())),
    ];
    let mut out: Vec<(&'a str, Cow<'a, str>)> = Vec::with_capacity(map.keys_len() + added.len());
    for name in map.keys() {
        if added.iter().any(|(a, _)| *a == name.as_str()) {
            continue;
        }
        let mut values = map.get_all(name).iter().map(|v| String::from_utf8_lossy(v.as_bytes()));
        let mut joined = values.next().unwrap_or_default();
        // Cookies join with `; ` (RFC 9113 §8.2.3), so cookie parsers read them.
        let separator = if name == http::header::COOKIE { "; " } else { ", " };
        for value in values {
            let joined = joined.to_mut();
            joined.push_str(separator);
            joined.push_str(&value);
        }
        out.push((name.as_str(), joined));
    }
    out.extend(added.into_iter().filter(|(name, _)| !(signed && *name == "x-anonymous-consumer")));
    out.sort_unstable_by(|a, b| a.0.cmp(b.0));
    Headers(out)
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

/// A query or form value decoded: `+` is a space, then percent-decoding.
pub(crate) fn decode(s: &str) -> String {
    percent_decode_str(&s.replace('+', " ")).decode_utf8_lossy().into_owned()
}

/// The HTTP request a wasi:http function is given: the client's method and
/// body, the event's path (the stage left out, as the event has it) and raw
/// query, and the event's headers (so `x-api-requestid` and the forwarding
/// headers too) plus `x-fngate-stage`.
pub(crate) fn http_request(
    event: &RequestEvent<'_>,
    parts: &http::request::Parts,
    body: bytes::Bytes,
    stage: &str,
) -> http::Request<bytes::Bytes> {
    let host = event.headers.get("host").unwrap_or("localhost");
    let query = parts.uri.query().map(|q| format!("?{q}")).unwrap_or_default();
    let uri = format!("http://{host}{}{query}", event.path);
    let mut request = http::Request::new(body);
    *request.method_mut() = parts.method.clone();
    *request.uri_mut() = uri.parse().unwrap_or_else(|_| http::Uri::from_static("http://localhost/"));
    let headers = request.headers_mut();
    for (name, value) in event.headers.iter() {
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
        assert!(matches!(body(b"text", false).unwrap().0, Some(Cow::Borrowed("text"))));
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
        let h = headers(&map, "abc", 15, &origin, false);
        assert_eq!(h.get("accept"), Some("a, b"));
        let mut cookies = HeaderMap::new();
        cookies.append("cookie", "a=1".parse().unwrap());
        cookies.append("cookie", "b=2".parse().unwrap());
        assert_eq!(headers(&cookies, "abc", 15, &origin, false).get("cookie"), Some("a=1; b=2"));
        assert_eq!(h.get("x-api-requestid"), Some("abc"));
        assert_eq!((h.get("x-forwarded-for"), h.get("x-api-scheme")), (Some("192.0.2.1"), Some("https")));
        assert_eq!(h.get("endpoint-timeout"), Some("15"));
        assert_eq!(h.get("x-anonymous-consumer"), Some("true"));
        assert_eq!(headers(&cookies, "abc", 15, &origin, true).get("x-anonymous-consumer"), None);
        let names: Vec<&str> = h.iter().map(|(n, _)| n).collect();
        assert!(names.is_sorted() && names.len() == 9, "{names:?}");
    }
}

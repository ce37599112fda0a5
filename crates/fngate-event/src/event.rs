//! The integration request event the gateway sends to a function (spec §3).

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};

use crate::de::deserialize_keeping_extra;
use serde_json::{Map, Value};

/// The integration request event: one HTTP request as seen by the function.
///
/// Every field of spec §3 is typed; fields this version does not know are kept in
/// `extra` and written back unchanged, so an event survives a round trip.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// Which API, stage and client the request came through.
    pub request_context: RequestContext,
    /// Request headers, names lower-cased, repeated headers joined with `", "`.
    pub headers: BTreeMap<String, String>,
    /// The request body; absent when the request had none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Whether `body` is base64 of the raw bytes.
    pub is_base64_encoded: bool,
    /// Declared path parameters (`{var}` segments) and their values.
    pub path_parameters: BTreeMap<String, String>,
    /// Declared query parameters and their values.
    pub query_string_parameters: BTreeMap<String, String>,
    /// Declared header parameters and their values.
    pub header_parameters: BTreeMap<String, String>,
    /// Variables of the stage the request came through.
    pub stage_variables: BTreeMap<String, String>,
    /// The request path without the stage segment.
    pub path: String,
    /// The whole URL-decoded query: a string, an array for a repeated key, `true` for a bare key.
    pub query_string: BTreeMap<String, QueryValue>,
    /// The request's actual HTTP method, upper case.
    pub http_method: String,
    /// Fields this version does not model, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `requestContext` object: the API that matched and the caller.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestContext {
    /// The API service id, e.g. `service-f94sy04v`.
    pub service_id: String,
    /// The API's configured path (a template such as `/user/{id}`).
    pub path: String,
    /// The API's configured method (`ANY` when so configured).
    pub http_method: String,
    /// The gateway's request id (32 hex digits), also sent as `x-api-requestid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// The authenticated caller, empty for APIs without auth.
    pub identity: Identity,
    /// The client's IP address.
    pub source_ip: String,
    /// The stage: `test`, `prepub` or `release`.
    pub stage: String,
    /// Fields this version does not model, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The `requestContext.identity` object.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    /// The key-pair secret id that signed the request, when key-pair auth passed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub secret_id: Option<String>,
    /// Fields this version does not model, kept as they came.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

deserialize_keeping_extra!(Event {
    request_context: "requestContext",
    headers: "headers",
    body: "body",
    is_base64_encoded: "isBase64Encoded",
    path_parameters: "pathParameters",
    query_string_parameters: "queryStringParameters",
    header_parameters: "headerParameters",
    stage_variables: "stageVariables",
    path: "path",
    query_string: "queryString",
    http_method: "httpMethod",
});

deserialize_keeping_extra!(RequestContext {
    service_id: "serviceId",
    path: "path",
    http_method: "httpMethod",
    request_id: "requestId",
    identity: "identity",
    source_ip: "sourceIp",
    stage: "stage",
});

deserialize_keeping_extra!(Identity { secret_id: "secretId" });

/// One `queryString` value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum QueryValue {
    /// A key given without `=`, as in `?flag`: always `true`.
    Flag(bool),
    /// A key given once.
    One(String),
    /// A key given more than once, values in request order.
    Many(Vec<String>),
}

impl QueryValue {
    /// The first value of the key (`None` for a bare flag).
    pub fn first(&self) -> Option<&str> {
        match self {
            QueryValue::Flag(_) => None,
            QueryValue::One(v) => Some(v),
            QueryValue::Many(vs) => vs.first().map(String::as_str),
        }
    }

    /// Adds one more occurrence of the key: a second value turns `One` into `Many`.
    pub fn push(&mut self, value: Option<String>) {
        let Some(value) = value else { return };
        *self = match std::mem::replace(self, QueryValue::Flag(true)) {
            QueryValue::Flag(_) => QueryValue::One(value),
            QueryValue::One(first) => QueryValue::Many(vec![first, value]),
            QueryValue::Many(mut all) => {
                all.push(value);
                QueryValue::Many(all)
            }
        };
    }
}

impl Event {
    /// The raw request body: base64-decoded when `isBase64Encoded`, empty when absent.
    pub fn body_bytes(&self) -> Result<Vec<u8>, base64::DecodeError> {
        match &self.body {
            None => Ok(Vec::new()),
            Some(b) if self.is_base64_encoded => base64::engine::general_purpose::STANDARD.decode(b),
            Some(b) => Ok(b.clone().into_bytes()),
        }
    }

    /// A request header by name, case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).or_else(|| self.headers.get(&name.to_ascii_lowercase())).map(String::as_str)
    }

    /// The first value of a query key.
    pub fn query(&self, key: &str) -> Option<&str> {
        self.query_string.get(key).and_then(QueryValue::first)
    }

    /// The seed document's sample event (seed 002), made realistic as in spec §3:
    /// a POST with a JSON body on a `{path}` API, used when no event is given.
    pub fn sample() -> Event {
        let json = r#"{
  "requestContext": {
    "serviceId": "service-f94sy04v",
    "path": "/test/{path}",
    "httpMethod": "POST",
    "requestId": "c6af9ac67b6111e69a4193e8deadbeef",
    "identity": {},
    "sourceIp": "10.0.2.14",
    "stage": "release"
  },
  "headers": {
    "accept-language": "en-US,en,cn",
    "accept": "text/html,application/xml,application/json",
    "content-type": "application/json",
    "host": "service-f94sy04v-1250000000.gz.apigw.tencentcs.com",
    "user-agent": "User Agent String",
    "x-anonymous-consumer": "true",
    "x-api-requestid": "c6af9ac67b6111e69a4193e8deadbeef",
    "x-b3-traceid": "c6af9ac67b6111e69a4193e8deadbeef",
    "x-api-scheme": "http",
    "x-qualifier": "$LATEST",
    "requestsource": "APIGW",
    "endpoint-timeout": "15"
  },
  "body": "{\"test\":\"body\"}",
  "isBase64Encoded": false,
  "pathParameters": {"path": "value"},
  "queryStringParameters": {"foo": "bar"},
  "headerParameters": {"refer": "10.0.2.14"},
  "stageVariables": {"stage": "release"},
  "path": "/test/value",
  "queryString": {"foo": "bar", "bob": "alice"},
  "httpMethod": "POST"
}"#;
        serde_json::from_str(json).expect("the built-in sample event is valid")
    }

    /// The sample event made into a request of `method` to `path` on `stage`
    /// with id `request_id`, without query, parameters or body (what
    /// `fngate event apigw` and the console's test panel start from).
    pub fn for_request(method: &str, path: &str, stage: &str, request_id: &str) -> Event {
        let mut event = Event::sample();
        let path = if path.starts_with('/') { path.to_owned() } else { format!("/{path}") };
        let method = method.to_ascii_uppercase();
        let ctx = &mut event.request_context;
        ctx.path = path.clone();
        ctx.http_method = method.clone();
        ctx.stage = stage.to_owned();
        ctx.request_id = Some(request_id.to_owned());
        for name in ["x-api-requestid", "x-b3-traceid"] {
            event.headers.insert(name.into(), request_id.to_owned());
        }
        event.headers.remove("content-type");
        event.query_string.clear();
        event.body = None;
        event.is_base64_encoded = false;
        event.path = path;
        event.http_method = method;
        event.path_parameters.clear();
        event.query_string_parameters.clear();
        event.header_parameters.clear();
        event.stage_variables = [("stage".to_owned(), stage.to_owned())].into();
        event
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_values_follow_the_real_gateway() {
        // `?a=b&a=c&x=y&i` as recorded from real payloads (reference §3.1).
        let ev: Event = serde_json::from_str(r#"{"queryString":{"a":["b","c"],"x":"y","i":true}}"#).unwrap();
        assert_eq!(ev.query_string["a"], QueryValue::Many(vec!["b".into(), "c".into()]));
        assert_eq!(ev.query("a"), Some("b"));
        assert_eq!(ev.query("x"), Some("y"));
        assert_eq!(ev.query_string["i"], QueryValue::Flag(true));
        assert_eq!(ev.query("i"), None);
    }

    #[test]
    fn push_turns_repeats_into_arrays() {
        let mut v = QueryValue::Flag(true);
        v.push(Some("1".into()));
        assert_eq!(v, QueryValue::One("1".into()));
        v.push(Some("2".into()));
        v.push(None);
        v.push(Some("3".into()));
        assert_eq!(v, QueryValue::Many(vec!["1".into(), "2".into(), "3".into()]));
    }

    #[test]
    fn escaped_keys_nulls_and_wrong_types() {
        let ev: Event = serde_json::from_str(r#"{"pa\u0074h":"/x","body":null,"x\"y":1}"#).unwrap();
        assert_eq!(ev.path, "/x", "an escaped key is still recognised");
        assert_eq!(ev.body, None);
        assert_eq!(ev.extra["x\"y"], 1);
        assert!(serde_json::from_str::<Event>(r#"{"httpMethod":42}"#).is_err());
        assert!(serde_json::from_str::<Event>("[]").is_err());
    }

    #[test]
    fn unknown_fields_survive_a_round_trip() {
        let src = r#"{"requestContext":{"serviceId":"s","websocketEnable":true,"identity":{"x":1}},"websocket":{"action":"data recv"},"httpMethod":"GET"}"#;
        let ev: Event = serde_json::from_str(src).unwrap();
        let back: Value = serde_json::to_value(&ev).unwrap();
        assert_eq!(back["websocket"]["action"], "data recv");
        assert_eq!(back["requestContext"]["websocketEnable"], true);
        assert_eq!(back["requestContext"]["identity"]["x"], 1);
    }

    #[test]
    fn body_is_omitted_when_absent_and_decoded_when_base64() {
        let ev = Event { http_method: "GET".into(), ..Event::default() };
        let v = serde_json::to_value(&ev).unwrap();
        assert!(v.get("body").is_none());
        assert_eq!(v["isBase64Encoded"], false);
        let ev = Event { body: Some("AAEC/w==".into()), is_base64_encoded: true, ..Event::default() };
        assert_eq!(ev.body_bytes().unwrap(), vec![0, 1, 2, 255]);
    }

    #[test]
    fn sample_event_parses_and_headers_are_case_insensitive() {
        let ev = Event::sample();
        assert_eq!(ev.http_method, "POST");
        assert_eq!(ev.header("Content-Type"), Some("application/json"));
        assert_eq!(ev.path_parameters["path"], "value");
    }
}

//! The integrated response a function returns to the gateway (spec §4).

use std::collections::BTreeMap;

use base64::Engine as _;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The exact body the gateway answers (HTTP 403) when a function's integrated
/// response cannot be used (seed 002, spec §4).
pub const INVALID_RESPONSE_BODY: &str =
    r#"{"errno":403,"error":"Invalid scf response format. please check your scf response format."}"#;

/// An integrated response: the function decides status, headers and body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntegratedResponse {
    /// Whether `body` is base64 of binary content.
    pub is_base64_encoded: bool,
    /// The HTTP status code.
    pub status_code: u16,
    /// Response headers; an array value emits the header once per value.
    pub headers: BTreeMap<String, HeaderValue>,
    /// The body, base64 when `is_base64_encoded`.
    pub body: String,
}

/// One response header value: a string, or several for a repeated header.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum HeaderValue {
    /// The header once.
    One(String),
    /// The header once per value, in order.
    Many(Vec<String>),
}

impl HeaderValue {
    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        let slice: &[String] = match self {
            HeaderValue::One(v) => std::slice::from_ref(v),
            HeaderValue::Many(vs) => vs,
        };
        slice.iter().map(String::as_str)
    }
}

/// Why a function's output is not a valid integrated response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvalidResponse(pub String);

impl std::fmt::Display for InvalidResponse {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "invalid integrated response: {}", self.0)
    }
}

impl std::error::Error for InvalidResponse {}

fn invalid(why: impl Into<String>) -> InvalidResponse {
    InvalidResponse(why.into())
}

impl IntegratedResponse {
    /// A response with this status, no headers and an empty body.
    pub fn new(status_code: u16) -> Self {
        IntegratedResponse {
            is_base64_encoded: false,
            status_code,
            headers: BTreeMap::new(),
            body: String::new(),
        }
    }

    /// A `text/html` response with status 200.
    pub fn html(body: impl Into<String>) -> Self {
        Self::new(200).with_header("Content-Type", "text/html").with_body(body)
    }

    /// A `text/plain; charset=utf-8` response with status 200.
    pub fn text(body: impl Into<String>) -> Self {
        Self::new(200).with_header("Content-Type", "text/plain; charset=utf-8").with_body(body)
    }

    /// An `application/json` response with status 200 whose body is `value` as JSON.
    pub fn json<T: Serialize + ?Sized>(value: &T) -> Result<Self, serde_json::Error> {
        Ok(Self::new(200)
            .with_header("Content-Type", "application/json")
            .with_body(serde_json::to_string(value)?))
    }

    /// A binary response with status 200: `bytes` sent base64 with `isBase64Encoded: true`.
    pub fn binary(content_type: &str, bytes: &[u8]) -> Self {
        let mut r = Self::new(200).with_header("Content-Type", content_type);
        r.body = base64::engine::general_purpose::STANDARD.encode(bytes);
        r.is_base64_encoded = true;
        r
    }

    /// Sets the status code.
    pub fn with_status(mut self, status_code: u16) -> Self {
        self.status_code = status_code;
        self
    }

    /// Sets the (text) body.
    pub fn with_body(mut self, body: impl Into<String>) -> Self {
        self.body = body.into();
        self.is_base64_encoded = false;
        self
    }

    /// Adds a header; adding the same name again makes it a multi-value header.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let value = value.into();
        let name = name.into();
        let merged = match self.headers.remove(&name) {
            None => HeaderValue::One(value),
            Some(HeaderValue::One(first)) => HeaderValue::Many(vec![first, value]),
            Some(HeaderValue::Many(mut all)) => {
                all.push(value);
                HeaderValue::Many(all)
            }
        };
        self.headers.insert(name, merged);
        self
    }

    /// Parses and validates a function's stdout under the rules of spec §4:
    /// a JSON object; `statusCode` an integer 200–599; `headers` an object whose
    /// values are strings or arrays of strings (`Content-Type` not an array);
    /// `body` a string (default `""`); `isBase64Encoded` (or the older
    /// `isBase64`) a bool (default false) and, when true, `body` valid base64.
    pub fn from_slice(stdout: &[u8]) -> Result<Self, InvalidResponse> {
        let value: Value = serde_json::from_slice(stdout).map_err(|e| invalid(format!("not JSON: {e}")))?;
        let Value::Object(mut obj) = value else {
            return Err(invalid("not a JSON object"));
        };
        let status_code = match obj.get("statusCode") {
            Some(Value::Number(n)) => n
                .as_u64()
                .filter(|c| (200..=599).contains(c))
                .ok_or_else(|| invalid(format!("statusCode {n} is not an integer 200-599")))?
                as u16,
            Some(other) => return Err(invalid(format!("statusCode {other} is not an integer"))),
            None => return Err(invalid("statusCode is missing")),
        };
        let is_base64_encoded = match obj.get("isBase64Encoded").or_else(|| obj.get("isBase64")) {
            None | Some(Value::Null) => false,
            Some(Value::Bool(b)) => *b,
            Some(other) => return Err(invalid(format!("isBase64Encoded {other} is not a bool"))),
        };
        let body = match obj.remove("body") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s,
            Some(other) => return Err(invalid(format!("body {other} is not a string"))),
        };
        let headers = match obj.remove("headers") {
            None | Some(Value::Null) => BTreeMap::new(),
            Some(Value::Object(map)) => map
                .into_iter()
                .map(|(name, value)| match serde_json::from_value::<HeaderValue>(value.clone()) {
                    Ok(v) => Ok((name, v)),
                    Err(_) => Err(invalid(format!(
                        "header {name:?}: {value} is neither a string nor an array of strings"
                    ))),
                })
                .collect::<Result<_, _>>()?,
            Some(other) => return Err(invalid(format!("headers {other} is not an object"))),
        };
        if headers
            .iter()
            .any(|(k, v)| k.eq_ignore_ascii_case("content-type") && matches!(v, HeaderValue::Many(_)))
        {
            return Err(invalid("Content-Type must not be an array"));
        }
        let response = IntegratedResponse { is_base64_encoded, status_code, headers, body };
        if is_base64_encoded {
            response.body_bytes()?;
        }
        Ok(response)
    }

    /// The body as bytes, base64-decoded when `is_base64_encoded`.
    pub fn body_bytes(&self) -> Result<Vec<u8>, InvalidResponse> {
        if self.is_base64_encoded {
            base64::engine::general_purpose::STANDARD
                .decode(self.body.trim())
                .map_err(|e| invalid(format!("body is not valid base64: {e}")))
        } else {
            Ok(self.body.clone().into_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_response_parses_and_serializes_in_seed_order() {
        let seed = br#"{"isBase64Encoded":false,"statusCode":200,"headers":{"Content-Type":"text/html"},"body":"hello world"}"#;
        let r = IntegratedResponse::from_slice(seed).unwrap();
        assert_eq!(r.status_code, 200);
        assert_eq!(serde_json::to_vec(&r).unwrap(), seed.to_vec());
    }

    #[test]
    fn builders_produce_valid_responses() {
        let r = IntegratedResponse::html("hello world");
        assert_eq!(
            serde_json::to_string(&r).unwrap(),
            r#"{"isBase64Encoded":false,"statusCode":200,"headers":{"Content-Type":"text/html"},"body":"hello world"}"#
        );
        let r = IntegratedResponse::binary("image/png", &[0x89, b'P'])
            .with_header("Set-Cookie", "a=1")
            .with_header("Set-Cookie", "b=2");
        let back = IntegratedResponse::from_slice(&serde_json::to_vec(&r).unwrap()).unwrap();
        assert_eq!(back.body_bytes().unwrap(), vec![0x89, b'P']);
        assert_eq!(back.headers["Set-Cookie"], HeaderValue::Many(vec!["a=1".into(), "b=2".into()]));
        let r = IntegratedResponse::json(&serde_json::json!({"a": 1})).unwrap().with_status(201);
        assert_eq!((r.status_code, r.body.as_str()), (201, r#"{"a":1}"#));
    }

    #[test]
    fn defaults_multi_values_and_base64() {
        let r = IntegratedResponse::from_slice(
            br#"{"statusCode":201,"headers":{"Key":["v1","v2"]},"isBase64":true,"body":"AAE="}"#,
        )
        .unwrap();
        assert_eq!(r.headers["Key"].values().collect::<Vec<_>>(), ["v1", "v2"]);
        assert_eq!(r.body_bytes().unwrap(), vec![0, 1]);
        let r = IntegratedResponse::from_slice(br#"{"statusCode":204}"#).unwrap();
        assert_eq!((r.body.as_str(), r.is_base64_encoded, r.headers.len()), ("", false, 0));
    }

    #[test]
    fn malformed_shapes_are_rejected() {
        for bad in [
            &b"hello"[..],
            b"[1,2]",
            b"{}",
            br#"{"statusCode":"200"}"#,
            br#"{"statusCode":99}"#,
            br#"{"statusCode":600}"#,
            br#"{"statusCode":200.5}"#,
            br#"{"statusCode":200,"headers":{"a":1}}"#,
            br#"{"statusCode":200,"headers":{"a":["x",2]}}"#,
            br#"{"statusCode":200,"headers":{"Content-Type":["a","b"]}}"#,
            br#"{"statusCode":200,"body":{"a":1}}"#,
            br#"{"statusCode":200,"isBase64Encoded":"true"}"#,
            br#"{"statusCode":200,"isBase64Encoded":true,"body":"%%%"}"#,
        ] {
            assert!(
                IntegratedResponse::from_slice(bad).is_err(),
                "accepted {}",
                String::from_utf8_lossy(bad)
            );
        }
    }
}

/// Property tests of the parser of what functions write (`PROPTEST_CASES` sets
/// the count; see docs/testing.md).
#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::*;

    fn header_value() -> impl Strategy<Value = HeaderValue> {
        prop_oneof![
            "[ -~]{0,20}".prop_map(HeaderValue::One),
            proptest::collection::vec("[ -~]{0,20}", 0..3).prop_map(HeaderValue::Many),
        ]
    }

    proptest! {
        #[test]
        fn any_output_is_judged_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..256)) {
            let _ = IntegratedResponse::from_slice(&bytes);
        }

        #[test]
        fn any_json_value_is_judged_without_panic(text in "[\\[\\]{}\":,0-9a-zA-Z ]{0,80}") {
            let _ = IntegratedResponse::from_slice(text.as_bytes());
        }

        #[test]
        fn a_valid_response_round_trips(
            status in 200u16..600,
            headers in proptest::collection::btree_map("[a-zA-Z][a-zA-Z0-9-]{0,15}", header_value(), 0..5),
            body in "\\PC{0,100}",
        ) {
            let headers: BTreeMap<_, _> =
                headers.into_iter().filter(|(k, v)| !(k.eq_ignore_ascii_case("content-type") && matches!(v, HeaderValue::Many(_)))).collect();
            let response = IntegratedResponse { is_base64_encoded: false, status_code: status, headers, body };
            let json = serde_json::to_vec(&response).unwrap();
            prop_assert_eq!(IntegratedResponse::from_slice(&json), Ok(response));
        }
    }

    #[test]
    fn a_bad_header_value_is_named() {
        let err =
            IntegratedResponse::from_slice(br#"{"statusCode":200,"headers":{"X-Count":5}}"#).unwrap_err();
        assert_eq!(err.0, r#"header "X-Count": 5 is neither a string nor an array of strings"#);
    }
}

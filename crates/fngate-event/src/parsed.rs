//! A function's integrated response parsed in place: what the gateway answers
//! with, borrowed from the function's output wherever it needs no unescaping.
//!
//! [`IntegratedResponse::from_slice`] builds a `serde_json::Value` tree and
//! copies every string out of it. [`ParsedResponse::parse`] reads the same
//! fields straight into borrowed strings and applies the same rules; whenever
//! that reading fails or a rule does not hold, it asks `from_slice`, so every
//! verdict and every error message is that of `from_slice`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

use base64::Engine as _;
use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};

use crate::response::{HeaderValue, IntegratedResponse, InvalidResponse};

/// An integrated response whose strings borrow from the output it was parsed from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedResponse<'a> {
    /// Whether `body` is base64 of binary content.
    pub is_base64_encoded: bool,
    /// The HTTP status code (200–599).
    pub status_code: u16,
    /// Response headers in name order; an array emits the header once per value.
    pub headers: BTreeMap<Text<'a>, HeaderValues<'a>>,
    /// The body, base64 when `is_base64_encoded`.
    pub body: Text<'a>,
}

/// A string of the output: borrowed, or owned when it had escapes.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Text<'a>(pub Cow<'a, str>);

/// One response header's values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HeaderValues<'a> {
    /// The header once.
    One(Text<'a>),
    /// The header once per value, in order.
    Many(Vec<Text<'a>>),
}

impl HeaderValues<'_> {
    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        let slice: &[Text<'_>] = match self {
            HeaderValues::One(v) => std::slice::from_ref(v),
            HeaderValues::Many(vs) => vs,
        };
        slice.iter().map(|t| &*t.0)
    }
}

impl<'a> ParsedResponse<'a> {
    /// Parses and validates a function's output under the rules of
    /// [`IntegratedResponse::from_slice`], with its verdict and its messages.
    pub fn parse(stdout: &'a [u8]) -> Result<Self, InvalidResponse> {
        match Self::parse_in_place(stdout) {
            Some(parsed) => Ok(parsed),
            None => IntegratedResponse::from_slice(stdout).map(ParsedResponse::from),
        }
    }

    /// The body as bytes: base64-decoded when `is_base64_encoded`, else the text.
    pub fn body_bytes(&self) -> Result<Cow<'_, [u8]>, InvalidResponse> {
        if self.is_base64_encoded {
            base64::engine::general_purpose::STANDARD
                .decode(self.body.0.trim())
                .map(Cow::Owned)
                .map_err(|e| InvalidResponse(format!("body is not valid base64: {e}")))
        } else {
            Ok(Cow::Borrowed(self.body.0.as_bytes()))
        }
    }

    /// The response when the in-place reading accepts it and every rule holds;
    /// `None` leaves the verdict to `from_slice`.
    fn parse_in_place(stdout: &'a [u8]) -> Option<Self> {
        let fields: Fields<'a> = serde_json::from_slice(stdout).ok()?;
        // `isBase64Encoded` wins when present, even as null; then `isBase64`.
        let is_base64_encoded = match fields.is_base64_encoded {
            Some(value) => value,
            None => fields.is_base64.flatten(),
        }
        .unwrap_or(false);
        let parsed = ParsedResponse {
            is_base64_encoded,
            status_code: fields.status_code.filter(|c| (200..=599).contains(c))?,
            headers: fields.headers.unwrap_or_default(),
            body: fields.body.unwrap_or(Text(Cow::Borrowed(""))),
        };
        let array_content_type = parsed
            .headers
            .iter()
            .any(|(k, v)| k.0.eq_ignore_ascii_case("content-type") && matches!(v, HeaderValues::Many(_)));
        if array_content_type || (is_base64_encoded && parsed.body_bytes().is_err()) {
            return None;
        }
        Some(parsed)
    }
}

impl From<IntegratedResponse> for ParsedResponse<'_> {
    fn from(r: IntegratedResponse) -> Self {
        let owned = |s: String| Text(Cow::Owned(s));
        ParsedResponse {
            is_base64_encoded: r.is_base64_encoded,
            status_code: r.status_code,
            headers: r
                .headers
                .into_iter()
                .map(|(k, v)| {
                    let v = match v {
                        HeaderValue::One(v) => HeaderValues::One(owned(v)),
                        HeaderValue::Many(vs) => HeaderValues::Many(vs.into_iter().map(owned).collect()),
                    };
                    (owned(k), v)
                })
                .collect(),
            body: owned(r.body),
        }
    }
}

/// The fields as they are written; whatever else an object holds is skipped.
/// A field given twice, or of another type, fails the reading.
#[derive(serde::Deserialize)]
struct Fields<'a> {
    #[serde(rename = "isBase64Encoded", default, deserialize_with = "present")]
    is_base64_encoded: Option<Option<bool>>,
    #[serde(rename = "isBase64", default, deserialize_with = "present")]
    is_base64: Option<Option<bool>>,
    #[serde(rename = "statusCode", default)]
    status_code: Option<u16>,
    #[serde(borrow, default)]
    headers: Option<BTreeMap<Text<'a>, HeaderValues<'a>>>,
    #[serde(borrow, default)]
    body: Option<Text<'a>>,
}

/// A field that is present (`Some`), null or not (`Some(None)`).
fn present<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(s)))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s.to_owned())))
            }
            fn visit_string<E: de::Error>(self, s: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(s)))
            }
        }
        d.deserialize_str(V)
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for HeaderValues<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = HeaderValues<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string or an array of strings")
            }
            fn visit_borrowed_str<E: de::Error>(self, s: &'de str) -> Result<Self::Value, E> {
                Ok(HeaderValues::One(Text(Cow::Borrowed(s))))
            }
            fn visit_str<E: de::Error>(self, s: &str) -> Result<Self::Value, E> {
                Ok(HeaderValues::One(Text(Cow::Owned(s.to_owned()))))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut values = Vec::with_capacity(seq.size_hint().unwrap_or(2));
                while let Some(v) = seq.next_element::<Text<'de>>()? {
                    values.push(v);
                }
                Ok(HeaderValues::Many(values))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    /// Outputs around every rule: the in-place reading must agree with
    /// `from_slice` on each, error message included.
    const CASES: &[&str] = &[
        r#"{"isBase64Encoded":false,"statusCode":200,"headers":{"Content-Type":"text/html"},"body":"hello world"}"#,
        r#"{"statusCode":201,"headers":{"Key":["v1","v2"]},"isBase64":true,"body":"AAE="}"#,
        r#"{"statusCode":204}"#,
        r#"{"statusCode":200,"isBase64Encoded":null,"isBase64":true,"body":"AAE="}"#,
        r#"{"statusCode":200,"isBase64Encoded":true,"isBase64":false,"body":" AAE= "}"#,
        r#"{"statusCode":200,"isBase64":null,"body":null,"headers":null}"#,
        r#"{"statusCode":200,"body":"esc\"aped\n\u00e9","headers":{"X-\u0041":"v\"1","Set-Cookie":["a","b\n"]}}"#,
        r#"{"statusCode":200,"headers":{"a":"1","a":"2","Content-Type":"x","content-type":"y"}}"#,
        r#"{"statusCode":200,"statusCode":201}"#,
        r#"{"statusCode":200,"extra":{"deep":[1,2,{"x":null}]},"headers":{}}"#,
        r#"{"statusCode":200,"headers":{"k":[]}}"#,
        "hello",
        "[1,2]",
        "{}",
        r#"{"statusCode":"200"}"#,
        r#"{"statusCode":99}"#,
        r#"{"statusCode":600}"#,
        r#"{"statusCode":200.5}"#,
        r#"{"statusCode":2e2}"#,
        r#"{"statusCode":-200}"#,
        r#"{"statusCode":70000}"#,
        r#"{"statusCode":200,"headers":{"a":1}}"#,
        r#"{"statusCode":200,"headers":{"a":["x",2]}}"#,
        r#"{"statusCode":200,"headers":{"a":[["x"]]}}"#,
        r#"{"statusCode":200,"headers":{"Content-Type":["a","b"]}}"#,
        r#"{"statusCode":200,"headers":[]}"#,
        r#"{"statusCode":200,"body":{"a":1}}"#,
        r#"{"statusCode":200,"body":5}"#,
        r#"{"statusCode":200,"isBase64Encoded":"true"}"#,
        r#"{"statusCode":200,"isBase64":1}"#,
        r#"{"statusCode":200,"isBase64Encoded":true,"body":"%%%"}"#,
        r#"{"statusCode":200} trailing"#,
        r#" {"statusCode":200} "#,
    ];

    fn agrees(output: &[u8]) {
        let parsed = ParsedResponse::parse(output);
        let reference = IntegratedResponse::from_slice(output).map(ParsedResponse::from);
        assert_eq!(parsed, reference, "{}", String::from_utf8_lossy(output));
    }

    #[test]
    fn in_place_reading_agrees_with_from_slice() {
        for case in CASES {
            agrees(case.as_bytes());
        }
    }

    #[test]
    fn plain_strings_are_borrowed() {
        let output = br#"{"statusCode":200,"headers":{"Content-Type":"text/html"},"body":"hello world"}"#;
        let parsed = ParsedResponse::parse(output).unwrap();
        assert!(matches!(parsed.body.0, Cow::Borrowed("hello world")));
        assert!(parsed.headers.keys().all(|k| matches!(k.0, Cow::Borrowed(_))));
        assert!(matches!(parsed.body_bytes().unwrap(), Cow::Borrowed(b"hello world")));
    }

    proptest! {
        #[test]
        fn any_json_shape_gets_from_slices_verdict(
            text in "[\\[\\]{}\":,0-9a-zA-Z ]{0,60}",
            key in prop_oneof![Just("statusCode"), Just("headers"), Just("body"), Just("isBase64Encoded"), Just("isBase64")],
        ) {
            agrees(text.as_bytes());
            agrees(format!(r#"{{"statusCode":200,"{key}":{text}}}"#).as_bytes());
        }
    }
}

//! Property tests of what clients control: path normalization, the
//! `Authorization` parser and verifier, and the request → event builder.
//! `PROPTEST_CASES=100000 cargo test -p fngate-gateway props` is the long run;
//! CI runs proptest's default 256 cases. Failures are kept by proptest in
//! `proptest-regressions/` and replayed first.

use std::time::SystemTime;

use fngate_config::KeyPair;
use proptest::prelude::*;

use crate::auth::{self, Algorithm};
use crate::path::normalize;

/// Any path-ish string: segments of dots, escapes, letters and slashes.
fn raw_path() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            Just("/".to_owned()),
            Just(".".to_owned()),
            Just("..".to_owned()),
            Just("%2e".to_owned()),
            Just("%2F".to_owned()),
            Just("%5c".to_owned()),
            Just("%00".to_owned()),
            Just("%".to_owned()),
            "%[0-9a-fA-F]{2}",
            "[a-zA-Z0-9_~-]{1,4}",
            "\\PC{1,3}",
        ],
        0..16,
    )
    .prop_map(|parts| parts.concat())
}

proptest! {
    #[test]
    fn normalized_paths_are_canonical(raw in raw_path()) {
        if let Ok(path) = normalize(&raw) {
            prop_assert!(path.starts_with('/'));
            prop_assert!(!path.contains("//"), "{path}");
            for segment in path.split('/') {
                prop_assert!(segment != "." && segment != "..", "{path}");
            }
            // Normalizing again changes nothing, and nothing refused survives.
            prop_assert_eq!(normalize(&path), Ok(path.clone()));
            let lower = path.to_ascii_lowercase();
            prop_assert!(!lower.contains("%2f") && !lower.contains("%5c") && !lower.contains("%00"));
        }
    }

    #[test]
    fn any_authorization_header_is_answered_without_panic(value in "\\PC{0,300}", date_ok in any::<bool>()) {
        let date = if date_ok { httpdate::fmt_http_date(SystemTime::now()) } else { "yesterday".to_owned() };
        let mut req = http::Request::builder().uri("/release/x");
        if let Ok(v) = http::HeaderValue::from_str(&value) {
            req = req.header("authorization", v);
        }
        let parts = req.header("x-date", date).body(()).unwrap().into_parts().0;
        let pairs = [KeyPair { secret_id: "AKIDa".into(), secret_key: "k".into() }];
        let _ = auth::verify(&parts, &pairs, &["AKIDa".to_owned()], SystemTime::now());
    }

    #[test]
    fn what_is_signed_verifies_and_any_change_does_not(
        source in "[ -~]{0,64}",
        other in "[ -~]{0,64}",
        algorithm in prop_oneof![Just(Algorithm::Sha1), Just(Algorithm::Sha256), Just(Algorithm::Sha512)],
    ) {
        let now = SystemTime::now();
        let date = httpdate::fmt_http_date(now);
        let source = source.trim().to_owned();
        let other = other.trim().to_owned();
        let sig = auth::authorization("AKIDa", algorithm, &[("x-date", &date), ("source", &source)], "key");
        let request = |source: &str| {
            http::Request::builder().uri("/release/x").header("x-date", &date).header("source", source)
                .header("authorization", &sig).body(()).unwrap().into_parts().0
        };
        let pairs = [KeyPair { secret_id: "AKIDa".into(), secret_key: "key".into() }];
        let allowed = ["AKIDa".to_owned()];
        prop_assert!(auth::verify(&request(&source), &pairs, &allowed, now).is_ok());
        if other != source {
            prop_assert!(auth::verify(&request(&other), &pairs, &allowed, now).is_err());
        }
    }
}

mod event {
    use http::HeaderMap;
    use proptest::prelude::*;

    use crate::event::{BuildError, RequestParts, build};
    use crate::routes::RouteTable;

    fn table() -> RouteTable {
        let dir = std::env::temp_dir().join(format!("fngate-props-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("serverless.yml"),
            "service: s\nprovider: {runtime: Wasm}\nfunctions:\n  f:\n    handler: f.main\n    events:\n      - apigw: {parameters: {path: '/a/{id}', isBase64Trigger: true, base64EncodedTriggerRules: [{name: Content_Type, value: [image/]}], param: [{name: q, position: QUERY, defaultValue: d}]}}\n",
        )
        .unwrap();
        RouteTable::new(&fngate_config::load(&dir).unwrap().0)
    }

    proptest! {
        #[test]
        fn any_request_makes_a_valid_event(
            id in "[^/?#]{0,20}",
            query in "\\PC{0,100}",
            headers in proptest::collection::vec(("[a-z][a-z0-9-]{0,15}", "[ -~]{0,40}"), 0..8),
            body in proptest::collection::vec(any::<u8>(), 0..512),
            secret in proptest::option::of("\\PC{0,20}"),
            vars in proptest::collection::btree_map("[\\x00-\\x7f]{0,8}", "\\PC{0,8}", 0..3),
        ) {
            let table = table();
            let path = format!("/release/a/{id}");
            let Ok(matched) = table.route(None, &path, "POST") else { return Ok(()) };
            let mut map = HeaderMap::new();
            for (name, value) in &headers {
                if let (Ok(n), Ok(v)) = (http::HeaderName::from_bytes(name.as_bytes()), http::HeaderValue::from_str(value)) {
                    map.append(n, v);
                }
            }
            let request = RequestParts {
                method: "POST",
                query: Some(&query),
                headers: &map,
                body: &body,
                origin: &crate::forwarded::Origin {
                    client: "127.0.0.1".parse().unwrap(),
                    https: false,
                    forwarded_for: "127.0.0.1".into(),
                },
                request_id: "0123456789abcdef0123456789abcdef",
                secret_id: secret.as_deref(),
                stage_variables: Some(&vars),
            };
            match build(&matched, &request) {
                Ok(event) => {
                    let json = crate::event::to_json(&event);
                    // The hand-written JSON is serde's, byte for byte.
                    prop_assert_eq!(String::from_utf8(serde_json::to_vec(&event).unwrap()).unwrap(), String::from_utf8(json.clone()).unwrap());
                    // The shared event type reads it and writes the same bytes:
                    // the borrowed event has its fields, in its order.
                    let typed: fngate_event::Event = serde_json::from_slice(&json).unwrap();
                    prop_assert_eq!(String::from_utf8(serde_json::to_vec(&typed).unwrap()).unwrap(), String::from_utf8(json.clone()).unwrap());
                    let back: serde_json::Value = serde_json::from_slice(&json).unwrap();
                    prop_assert_eq!(&back["path"], &serde_json::json!(matched.path));
                    prop_assert_eq!(&back["httpMethod"], "POST");
                    // The body arrives whole: as text, or base64 when it is not UTF-8.
                    let text = back["body"].as_str().unwrap_or_default();
                    let sent = if back["isBase64Encoded"] == true {
                        use base64::Engine as _;
                        base64::engine::general_purpose::STANDARD.decode(text).unwrap()
                    } else {
                        text.as_bytes().to_vec()
                    };
                    prop_assert_eq!(sent, body.clone());
                }
                Err(BuildError::TooLarge) => prop_assert!(body.len() > 1000),
                Err(BuildError::MissingParameter(_)) => {}
            }
        }
    }
}

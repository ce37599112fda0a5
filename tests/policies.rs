//! Gateway policies end to end (spec §6): key-pair auth, usage plans, IP lists,
//! CORS, base64 rules and declared parameters, through the real `fngate serve`
//! and the echo-event example, which answers with the event it received.

mod common;

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use common::{Server, example_module, run, scratch};
use fngate_gateway::auth::{Algorithm, authorization};
use serde_json::{Value, json};

const SECRET_ID: &str = "AKIDpolicytest";
const SECRET_KEY: &str = "policy-test-secret";

/// A project whose APIs each carry one policy, all backed by echo-event.
fn project(name: &str) -> PathBuf {
    let dir = scratch(name);
    std::fs::copy(example_module("echo-event", "echo_event"), dir.join("echo_event.wasm")).unwrap();
    let api = |path: &str, extra: &str| {
        format!(
            "      - apigw:\n          parameters:\n            path: {path}\n            integratedResponse: true\n{extra}"
        )
    };
    let apis = [
        api("/signed", "            auth: {secretIds: [AKIDpolicytest]}\n"),
        api(
            "/signed-limited",
            "            auth: {secretIds: [AKIDpolicytest]}\n            usagePlan: {maxRequestNumPreSec: 1000000}\n",
        ),
        api("/plain", ""),
        api("/limited", "            usagePlan: {maxRequestNumPreSec: 5}\n"),
        api("/quota", "            usagePlan: {maxRequestNum: 3, maxRequestNumPreSec: -1}\n"),
        api("/cors", "            enableCORS: true\n"),
        api(
            "/upload",
            "            isBase64Encoded: true\n            isBase64Trigger: true\n            base64EncodedTriggerRules:\n              - {name: Content_Type, value: [image/png]}\n              - {name: Accept, value: [application/octet-stream]}\n",
        ),
        api(
            "/params",
            "            param:\n              - {name: q, position: QUERY, required: true}\n              - {name: x-mode, position: HEADER, defaultValue: fast}\n",
        ),
        api("/denied", "            serviceId: service-denylo\n"),
        api("/allowed", "            serviceId: service-allowlo\n"),
        api("/elsewhere", "            serviceId: service-allow10\n"),
    ];
    let config = format!(
        "service: policies
provider:
  name: tencent
  runtime: Wasm
custom:
  fngate:
    keyPairs:
      - secretId: {SECRET_ID}
        secretKey: ${{env:POLICY_TEST_SECRET_KEY}}
    services:
      service-denylo: {{ipDeny: [127.0.0.0/8]}}
      service-allowlo: {{ipAllow: [127.0.0.1/32, '::1'], ipDeny: [10.0.0.0/8]}}
      service-allow10: {{ipAllow: [10.0.0.0/8, 'fd00::/8']}}
functions:
  echo_event:
    handler: echo_event.main_handler
    events:
{}",
        apis.concat()
    );
    std::fs::write(dir.join("serverless.yml"), config).unwrap();
    dir
}

fn start(name: &str) -> Server {
    Server::try_start_with_env(&project(name), &["--no-watch"], &[("POLICY_TEST_SECRET_KEY", SECRET_KEY)])
        .unwrap_or_else(|e| panic!("fngate serve did not start: {e}"))
}

fn client() -> reqwest::Client {
    reqwest::Client::builder().no_proxy().timeout(Duration::from_secs(30)).build().unwrap()
}

/// Status, body text, and the event when the body is one.
async fn call(req: reqwest::RequestBuilder) -> (u16, String, Value) {
    let r = req.send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    let event = serde_json::from_str(&text).unwrap_or(Value::Null);
    (status, text, event)
}

/// The gateway's error body, which escapes `/` as the cloud gateway did.
fn message(text: &str) -> String {
    serde_json::to_string(&json!({ "message": text })).unwrap().replace('/', "\\/")
}

fn signed(
    req: reqwest::RequestBuilder,
    id: &str,
    algorithm: &str,
    date: &str,
    key: &str,
) -> reqwest::RequestBuilder {
    let auth = authorization(id, Algorithm::Sha256, &[("x-date", date), ("source", "tests")], key)
        .replace("hmac-sha256", algorithm);
    req.header("X-Date", date).header("Source", "tests").header("Authorization", auth)
}

#[tokio::test]
async fn key_pair_auth_admits_signed_requests_and_rejects_the_rest() {
    let server = start("auth");
    let url = server.url("/release/signed");
    let now = httpdate::fmt_http_date(SystemTime::now());

    // `fngate sign` prints headers a client can send as they are.
    let out =
        run(&["sign", "--secret-id", SECRET_ID, "--secret-key", SECRET_KEY, "--algorithm", "hmac-sha512"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let mut req = client().get(&url);
    for line in String::from_utf8(out.stdout).unwrap().lines() {
        let (name, value) = line.split_once(": ").unwrap();
        req = req.header(name, value);
    }
    let (status, text, event) = call(req).await;
    assert_eq!(status, 200, "{text}");
    assert_eq!(event["requestContext"]["identity"], json!({ "secretId": SECRET_ID }));
    assert!(event["headers"].get("x-anonymous-consumer").is_none(), "{event}");

    // Every algorithm the gateway lists.
    for algorithm in ["hmac-sha1", "hmac-sha256", "hmac-sha384", "hmac-sha512"] {
        let date = &now;
        let sig = authorization(
            SECRET_ID,
            Algorithm::parse(algorithm).unwrap(),
            &[("x-date", date), ("source", "tests")],
            SECRET_KEY,
        );
        let req =
            client().get(&url).header("X-Date", date).header("Source", "tests").header("Authorization", sig);
        assert_eq!(call(req).await.0, 200, "{algorithm}");
    }

    let stale = httpdate::fmt_http_date(SystemTime::now() - Duration::from_secs(901));
    let cases: Vec<(&str, reqwest::RequestBuilder, String)> = vec![
        (
            "no header",
            client().get(&url),
            message("HMAC signature cannot be verified, a validate authorization header is required"),
        ),
        (
            "wrong signature",
            signed(client().get(&url), SECRET_ID, "hmac-sha256", &now, "not-the-key"),
            message("HMAC signature does not match."),
        ),
        (
            "unknown id (answered as a wrong signature)",
            signed(client().get(&url), "AKIDnobody", "hmac-sha256", &now, SECRET_KEY),
            message("HMAC signature does not match."),
        ),
        (
            "stale X-Date",
            signed(client().get(&url), SECRET_ID, "hmac-sha256", &stale, SECRET_KEY),
            message(
                "HMAC signature cannot be verified, the x-date header is out of date for HMAC Authentication.",
            ),
        ),
        (
            "unsupported algorithm",
            signed(client().get(&url), SECRET_ID, "hmac-md5", &now, SECRET_KEY),
            message("HMAC algorithm hmac-md5 not supported."),
        ),
    ];
    for (case, req, body) in cases {
        let (status, text, _) = call(req).await;
        assert_eq!((status, text), (401, body), "{case}");
    }
    // A signed header that the request does not carry.
    let sig = authorization(SECRET_ID, Algorithm::Sha1, &[("x-date", &now), ("source", "tests")], SECRET_KEY);
    let req = client().get(&url).header("X-Date", &now).header("Authorization", sig);
    let (status, text, _) = call(req).await;
    assert_eq!(
        (status, text),
        (401, message("HMAC signature cannot be verified, a valid source header is required."))
    );

    // An unprotected API of the same project still says the caller is anonymous.
    let (status, _, event) = call(client().get(server.url("/release/plain"))).await;
    assert_eq!(status, 200);
    assert_eq!(event["requestContext"]["identity"], json!({}));
    assert_eq!(event["headers"]["x-anonymous-consumer"], "true");
    server.wait_for_log("GET /release/signed 401");
}

#[tokio::test]
async fn signatures_cannot_be_replayed_or_made_expensive() {
    let server = start("replay");
    let url = server.url("/release/signed");
    let now = httpdate::fmt_http_date(SystemTime::now());
    // A signature captured long ago over `source` only, replayed with a fresh,
    // unsigned X-Date: refused, since the date must be signed.
    let old = authorization(SECRET_ID, Algorithm::Sha256, &[("source", "tests")], SECRET_KEY);
    let req =
        client().get(&url).header("Source", "tests").header("X-Date", &now).header("Authorization", old);
    let (status, text, _) = call(req).await;
    assert_eq!(
        (status, text),
        (401, message("HMAC signature cannot be verified, a valid date or x-date header is required."))
    );
    // A signed Content-MD5 binds the body: the right body passes, another does not.
    let md5 = "XUFAKrxLKna5cZ2REBfFkg=="; // base64(md5("hello"))
    let sig =
        authorization(SECRET_ID, Algorithm::Sha256, &[("x-date", &now), ("content-md5", md5)], SECRET_KEY);
    let send = |body: &'static str| {
        client()
            .post(&url)
            .header("X-Date", &now)
            .header("Content-MD5", md5)
            .header("Authorization", &sig)
            .body(body)
    };
    assert_eq!(call(send("hello")).await.0, 200);
    let (status, text, _) = call(send("HELLO")).await;
    assert_eq!((status, text), (401, message("HMAC signature does not match.")));
    // An Authorization header naming request-line thousands of times is refused
    // before anything is built from it.
    let names = format!("x-date {}", vec!["request-line"; 4000].join(" "));
    let bomb =
        format!("hmac id=\"{SECRET_ID}\", algorithm=\"hmac-sha256\", headers=\"{names}\", signature=\"x\"");
    let long_path = format!("{url}?{}", "a".repeat(8000));
    let req = client().get(&long_path).header("X-Date", &now).header("Authorization", bomb);
    let (status, text, _) = call(req).await;
    assert_eq!((status, text), (401, message("HMAC authorization headers is invalidate.")));
}

#[tokio::test]
async fn usage_plans_limit_rate_and_quota() {
    let server = start("usage");
    // A burst of 20 concurrent requests against 5 per second: the bucket holds 5.
    let url = server.url("/release/limited");
    let burst = (0..20).map(|_| call(client().get(&url)));
    let results = futures_util::future::join_all(burst).await;
    let ok = results.iter().filter(|r| r.0 == 200).count();
    let limited: Vec<_> = results.iter().filter(|r| r.0 == 429).collect();
    assert_eq!(
        ok + limited.len(),
        20,
        "only 200s and 429s: {:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert!((5..=7).contains(&ok), "about 5 of the burst pass, {ok} did");
    assert!(limited.iter().all(|r| r.1 == message("API rate limit exceeded.")), "{:?}", limited[0].1);
    // The bucket refills.
    tokio::time::sleep(Duration::from_millis(1100)).await;
    assert_eq!(call(client().get(&url)).await.0, 200);

    // A quota of 3 requests, then 429 for good.
    let url = server.url("/release/quota");
    for i in 0..3 {
        assert_eq!(call(client().get(&url)).await.0, 200, "request {i}");
    }
    for _ in 0..2 {
        let (status, text, _) = call(client().get(&url)).await;
        assert_eq!((status, text), (429, message("API quota exceeded.")));
    }
    // Other APIs are not affected.
    assert_eq!(call(client().get(server.url("/release/plain"))).await.0, 200);

    // With auth on, the plan counts per secret id and a refused signature costs nothing.
    let now = httpdate::fmt_http_date(SystemTime::now());
    let url = server.url("/release/signed-limited");
    let (status, _, event) =
        call(signed(client().get(&url), SECRET_ID, "hmac-sha256", &now, SECRET_KEY)).await;
    assert_eq!(status, 200);
    assert_eq!(event["requestContext"]["identity"]["secretId"], SECRET_ID);
}

#[tokio::test]
async fn ip_lists_refuse_before_the_function_runs() {
    let server = start("iplists");
    let denied = message("Your IP address is not allowed");
    let cases = [
        ("service-denylo", "/release/denied", 403),
        ("service-allowlo", "/release/allowed", 200),
        ("service-allow10", "/release/elsewhere", 403),
    ];
    for (service, path, expected) in cases {
        let req = client()
            .get(server.url(path))
            .header("Host", format!("{service}-1250000000.gz.apigw.tencentcs.com"));
        let (status, text, event) = call(req).await;
        assert_eq!(status, expected, "{service}: {text}");
        if expected == 403 {
            assert_eq!(text, denied);
        } else {
            assert_eq!(event["requestContext"]["serviceId"], service);
        }
    }
    // A refused caller never reaches the function: no invocation was logged for it.
    let log = server.wait_for_log("GET /release/elsewhere 403");
    let invocations = log.matches("START RequestId:").count();
    assert_eq!(invocations, 1, "only the allowed call ran the function:\n{log}");
}

#[tokio::test]
async fn cors_preflight_and_headers() {
    let server = start("cors");
    let preflight = |path: &str| {
        client()
            .request(reqwest::Method::OPTIONS, server.url(path))
            .header("Origin", "https://app.example.com")
            .header("Access-Control-Request-Method", "POST")
            .header("Access-Control-Request-Headers", "content-type")
    };
    let r = preflight("/release/cors").send().await.unwrap();
    assert_eq!(r.status(), 200);
    let h = r.headers();
    assert_eq!(h["access-control-allow-origin"], "*");
    assert_eq!(h["access-control-allow-methods"], "GET,POST,PUT,DELETE,HEAD,OPTIONS,PATCH");
    assert_eq!(h["access-control-allow-credentials"], "true");
    assert_eq!(h["access-control-max-age"], "86400");
    let allowed = h["access-control-allow-headers"].to_str().unwrap();
    assert!(
        allowed.starts_with(
            "X-Api-ID,X-Service-RateLimit,X-UsagePlan-RateLimit,X-UsagePlan-Quota,Cache-Control"
        )
    );
    assert!(allowed.contains("Content-Type") && allowed.contains("Authorization"), "{allowed}");
    assert_eq!(h["access-control-expose-headers"], allowed);
    assert_eq!(r.text().await.unwrap(), "");

    // The function's own responses carry the CORS headers too.
    let r = client()
        .post(server.url("/release/cors"))
        .header("Origin", "https://app.example.com")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["access-control-allow-origin"], "*");
    assert!(r.headers().contains_key("access-control-expose-headers"));

    // Without enableCORS, a preflight is refused and a simple request has no CORS headers.
    let (status, text, _) = call(preflight("/release/plain")).await;
    assert_eq!(
        (status, text),
        (429, message("req is cross origin, api /plain need open cors flag on qcloud apigateway."))
    );
    let r = client()
        .get(server.url("/release/plain"))
        .header("Origin", "https://x.example")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(!r.headers().contains_key("access-control-allow-origin"));
    // The gateway answered both preflights itself.
    let log = server.wait_for_log("GET /release/plain 200");
    assert_eq!(log.matches("START RequestId:").count(), 2, "{log}");
}

#[tokio::test]
async fn base64_trigger_rules_and_declared_parameters() {
    use base64::Engine as _;
    let server = start("base64");
    let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    let url = server.url("/release/upload");

    // Matched by the Content-Type rule (with parameters after the media type).
    let req = client().post(&url).header("Content-Type", "image/png; q=1").body(png.clone());
    let (status, _, event) = call(req).await;
    assert_eq!(status, 200);
    assert_eq!(event["isBase64Encoded"], true);
    assert_eq!(
        base64::engine::general_purpose::STANDARD.decode(event["body"].as_str().unwrap()).unwrap(),
        png
    );

    // The rule, not the bytes, decides: valid UTF-8 under the rule is encoded too.
    let (_, _, event) = call(client().post(&url).header("Content-Type", "image/png").body("ascii")).await;
    assert_eq!((event["isBase64Encoded"].clone(), event["body"].clone()), (json!(true), json!("YXNjaWk=")));

    // Text that no rule matches goes through as text.
    let (_, _, event) =
        call(client().post(&url).header("Content-Type", "application/json").body("{\"a\":1}")).await;
    assert_eq!((event["isBase64Encoded"].clone(), event["body"].clone()), (json!(false), json!("{\"a\":1}")));

    // The Accept header can trigger it too.
    let req = client().post(&url).header("Accept", "application/octet-stream").body("plain text");
    let (_, _, event) = call(req).await;
    assert_eq!(event["isBase64Encoded"], true);
    assert_eq!(event["body"], base64::engine::general_purpose::STANDARD.encode("plain text"));

    // Declared parameters: a required query parameter and a header with a default.
    let url = server.url("/release/params");
    let (status, text, _) = call(client().get(&url)).await;
    assert_eq!((status, text), (403, message("querystring q is required.")));
    let (status, _, event) = call(client().get(format!("{url}?q=rust&other=1"))).await;
    assert_eq!(status, 200);
    assert_eq!(event["queryStringParameters"], json!({ "q": "rust" }));
    assert_eq!(event["headerParameters"], json!({ "x-mode": "fast" }));
    let (_, _, event) = call(client().get(format!("{url}?q=rust")).header("X-Mode", "slow")).await;
    assert_eq!(event["headerParameters"], json!({ "x-mode": "slow" }));
}

#[test]
fn a_config_that_names_an_undeclared_key_pair_does_not_start() {
    let dir = project("undeclared");
    let config = std::fs::read_to_string(dir.join("serverless.yml")).unwrap();
    std::fs::write(dir.join("serverless.yml"), config.replacen("[AKIDpolicytest]", "[AKIDmissing]", 1))
        .unwrap();
    let err = Server::try_start_with_env(&dir, &["--no-watch"], &[("POLICY_TEST_SECRET_KEY", SECRET_KEY)])
        .err()
        .expect("the server must refuse this config");
    assert!(err.contains("AKIDmissing") && err.contains("serverless.yml:"), "{err}");
    assert!(err.contains("functions.echo_event.events[0].apigw.parameters.auth"), "{err}");
}

/// Sends `GET <target>` as raw HTTP/1.1 (an HTTP client library would clean the
/// path first); returns the status and the body.
fn raw_get(addr: &str, target: &str) -> (u16, String) {
    use std::io::{Read, Write};
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    write!(stream, "GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = response.split_once("\r\n\r\n").map(|(_, b)| b.to_owned()).unwrap_or_default();
    (status, body)
}

#[tokio::test]
async fn raw_path_variants_reach_the_same_api_with_the_same_policies() {
    let server = start("paths");
    let auth_required =
        message("HMAC signature cannot be verified, a validate authorization header is required");
    for target in [
        "/release/signed",
        "/release//signed",
        "/release/./signed",
        "/release/x/../signed",
        "/release/%73igned",
        "//release/signed",
    ] {
        let (status, body) = raw_get(&server.addr, target);
        assert_eq!((status, body), (401, auth_required.clone()), "{target}");
    }
    // The function sees the routed (normalized) path.
    let (status, body) = raw_get(&server.addr, "/release//plain/./a/%62/../c");
    assert_eq!(status, 200, "{body}");
    let event: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(event["path"], "/plain/a/c");
    // Encoded separators and NUL are refused.
    for target in ["/release/sig%2Fned", "/release/signed%5c", "/release/signed%00"] {
        let (status, body) = raw_get(&server.addr, target);
        assert_eq!((status, body), (400, message("Bad request path.")), "{target}");
    }
}

#[tokio::test]
async fn the_plugins_own_trigger_syntax_is_read_and_auth_true_protects() {
    // serverless-tencent-scf's documented forms: `apigw: {service, method,
    // stage, auth: true}` (path `/<function>`) and `timer: {name, cron}`.
    let dir = scratch("plugin-syntax");
    std::fs::copy(example_module("echo-event", "echo_event"), dir.join("echo_event.wasm")).unwrap();
    let config = format!(
        "service: plugin
provider: {{name: tencent, runtime: Wasm}}
custom:
  fngate:
    keyPairs: [{{secretId: {SECRET_ID}, secretKey: {SECRET_KEY}}}]
functions:
  echo_event:
    handler: echo_event.main_handler
    events:
      - apigw:
          service: service-grz8j7ai
          method: GET
          stage: test
          auth: true
      - timer:
          name: 5m
          cron: '*/5 * * * *'
"
    );
    std::fs::write(dir.join("serverless.yml"), &config).unwrap();
    let out = run(&["routes", dir.to_str().unwrap()]);
    let text = String::from_utf8_lossy(&out.stdout);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(!err.contains("unknown key"), "every key is read: {err}");
    assert!(text.contains("/test/echo_event") && text.contains("GET"), "{text}");
    assert!(text.contains("5m") && !text.contains("disabled"), "the plugin's timer is enabled: {text}");
    let server = Server::start(&dir, &["--no-watch", "--no-timers"]);
    let url = server.url("/test/echo_event");
    let host = "service-grz8j7ai.gz.apigw.tencentcs.com";
    let (status, _, _) = call(client().get(&url).header("Host", host)).await;
    assert_eq!(status, 401, "auth: true is never served open");
    let now = httpdate::fmt_http_date(SystemTime::now());
    let (status, text, _) =
        call(signed(client().get(&url).header("Host", host), SECRET_ID, "hmac-sha256", &now, SECRET_KEY))
            .await;
    assert_eq!(status, 200);
    assert!(text.contains(&format!("\\\"secretId\\\":\\\"{SECRET_ID}\\\"")), "the caller's identity: {text}");
    drop(server);
    // Protection asked for where fngate does not read it: refused, never open.
    std::fs::write(
        dir.join("serverless.yml"),
        config
            .replace("      - timer:\n          name: 5m\n          cron: '*/5 * * * *'\n", "")
            .replace("auth: true", "authRequired: true"),
    )
    .unwrap();
    let out = run(&["routes", dir.to_str().unwrap()]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("serverless.yml:14: functions.echo_event.events[0].apigw.authRequired"), "{err}");
    // `auth: true` with no key pair to call it: refused too.
    std::fs::write(dir.join("serverless.yml"), config.replace("    keyPairs:", "    keyPairsX:")).unwrap();
    let out = run(&["routes", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "{}", String::from_utf8_lossy(&out.stderr));
}

//! Key-pair (HMAC) auth, as the SCF API gateway checked it (reference §6).
//!
//! `Authorization: hmac id="AKID…", algorithm="hmac-sha256", headers="x-date source",
//! signature="…"`, where the signature is base64(HMAC(secret key, the listed
//! headers as `name: value` lines joined by `\n`)). The freshness header
//! (`X-Date`, else `Date`) must be signed and within ±900 s of the gateway's
//! clock (spec §6, stricter than the cloud, which left `Date` unchecked).

use std::time::{Duration, SystemTime};

use base64::Engine as _;
use fngate_config::KeyPair;
use hmac::{Hmac, Mac};
use http::request::Parts;

/// How far `X-Date` may be from the gateway's clock.
pub const MAX_SKEW: Duration = Duration::from_secs(900);

/// An HMAC algorithm the gateway accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Algorithm {
    /// `hmac-sha1`.
    Sha1,
    /// `hmac-sha256`.
    Sha256,
    /// `hmac-sha384`.
    Sha384,
    /// `hmac-sha512`.
    Sha512,
}

impl Algorithm {
    /// Parses `hmac-sha1` … `hmac-sha512` (any case).
    pub fn parse(name: &str) -> Option<Self> {
        match name.to_ascii_lowercase().as_str() {
            "hmac-sha1" => Some(Algorithm::Sha1),
            "hmac-sha256" => Some(Algorithm::Sha256),
            "hmac-sha384" => Some(Algorithm::Sha384),
            "hmac-sha512" => Some(Algorithm::Sha512),
            _ => None,
        }
    }

    /// The name used in the `Authorization` header.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Sha1 => "hmac-sha1",
            Algorithm::Sha256 => "hmac-sha256",
            Algorithm::Sha384 => "hmac-sha384",
            Algorithm::Sha512 => "hmac-sha512",
        }
    }

    fn mac(self, key: &[u8], message: &[u8]) -> Vec<u8> {
        fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8]) -> Vec<u8> {
            let mut mac =
                <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
            mac.update(message);
            mac.finalize().into_bytes().to_vec()
        }
        match self {
            Algorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, message),
            Algorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, message),
            Algorithm::Sha384 => run::<Hmac<sha2::Sha384>>(key, message),
            Algorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, message),
        }
    }
}

/// The string that is signed: `name: value` lines joined by `\n`.
pub fn signing_string(headers: &[(&str, &str)]) -> String {
    headers.iter().map(|(n, v)| format!("{}: {v}", n.to_ascii_lowercase())).collect::<Vec<_>>().join("\n")
}

/// base64(HMAC(secret key, signing string)).
pub fn sign(algorithm: Algorithm, secret_key: &str, signing_string: &str) -> String {
    base64::engine::general_purpose::STANDARD
        .encode(algorithm.mac(secret_key.as_bytes(), signing_string.as_bytes()))
}

/// The `Authorization` header value for a signature over `headers`.
pub fn authorization(
    secret_id: &str,
    algorithm: Algorithm,
    headers: &[(&str, &str)],
    secret_key: &str,
) -> String {
    let names: Vec<String> = headers.iter().map(|(n, _)| n.to_ascii_lowercase()).collect();
    let signature = sign(algorithm, secret_key, &signing_string(headers));
    format!(
        "hmac id=\"{secret_id}\", algorithm=\"{}\", headers=\"{}\", signature=\"{signature}\"",
        algorithm.name(),
        names.join(" ")
    )
}

/// Why a request failed key-pair auth: the gateway's 401 message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuthError(pub String);

fn fail<T>(message: impl Into<String>) -> Result<T, AuthError> {
    Err(AuthError(message.into()))
}

/// At most this many headers may be signed; a longer list is refused before
/// anything is built from it.
pub const MAX_SIGNED_HEADERS: usize = 16;
/// At most this many bytes may be signed (names and values).
pub const MAX_SIGNING_BYTES: usize = 16 * 1024;

/// A request whose signature verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verified {
    /// The secret id that signed it.
    pub secret_id: String,
    /// The signed `Content-MD5` value, when that header was signed: the body
    /// must then have this digest (base64 of its MD5), checked once it is read.
    pub content_md5: Option<String>,
}

/// Verifies a request's signature; returns the secret id that signed it.
///
/// The work is bounded before anything is built ([`MAX_SIGNED_HEADERS`],
/// [`MAX_SIGNING_BYTES`]); the freshness header (`x-date`, else `date`) must be
/// signed and within ±900 s, so a captured signature cannot be replayed later;
/// an unknown secret id and a wrong signature get the same answer after the
/// same work, and whether a known key may call this API is said only to a
/// request that it signed.
pub fn verify(
    parts: &Parts,
    key_pairs: &[KeyPair],
    allowed: &[String],
    now: SystemTime,
) -> Result<Verified, AuthError> {
    let Some(header) = parts.headers.get(http::header::AUTHORIZATION) else {
        return fail("HMAC signature cannot be verified, a validate authorization header is required");
    };
    let Some(fields) = header.to_str().ok().and_then(parse_authorization) else {
        return fail("HMAC authorization format error.");
    };
    let field =
        |name: &str| fields.iter().find(|(k, _)| k.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str());
    let (Some(id), Some(signature)) = (field("id"), field("signature")) else {
        return fail("HMAC id or signature missing.");
    };
    let algorithm_name = field("algorithm").unwrap_or("hmac-sha1");
    let Some(algorithm) = Algorithm::parse(algorithm_name) else {
        return fail(format!("HMAC algorithm {algorithm_name} not supported."));
    };
    let names: Vec<String> =
        field("headers").unwrap_or("date").split_whitespace().map(str::to_ascii_lowercase).collect();
    if names.is_empty() || names.len() > MAX_SIGNED_HEADERS {
        return fail("HMAC authorization headers is invalidate.");
    }
    check_date(parts, &names, now)?;
    let mut signed = Vec::with_capacity(names.len());
    let mut bytes = 0;
    for name in &names {
        let value = if name == "request-line" {
            let target = parts.uri.path_and_query().map_or("/", |p| p.as_str());
            format!("{} {target} {:?}", parts.method, parts.version)
        } else {
            let mut values = parts.headers.get_all(name.as_str()).iter();
            let (Some(v), None) = (values.next(), values.next()) else {
                return match parts.headers.contains_key(name.as_str()) {
                    true => fail("HMAC do not support multiple HTTP header."),
                    false => {
                        fail(format!("HMAC signature cannot be verified, a valid {name} header is required."))
                    }
                };
            };
            String::from_utf8_lossy(v.as_bytes()).into_owned()
        };
        bytes += name.len() + value.len() + 3;
        if bytes > MAX_SIGNING_BYTES {
            return fail("HMAC authorization headers is invalidate.");
        }
        signed.push((name.as_str(), value));
    }
    let pairs: Vec<(&str, &str)> = signed.iter().map(|(n, v)| (*n, v.as_str())).collect();
    let given = base64::engine::general_purpose::STANDARD.decode(signature).unwrap_or_default();
    // An unknown id is checked against a key nobody has: the same work and the
    // same answer as a wrong signature. The comparison is constant-time (the
    // MAC's own verify).
    let pair = key_pairs.iter().find(|k| k.secret_id == id);
    let key = pair.map_or(&b"\0fngate: no such key"[..], |p| p.secret_key.as_bytes());
    let message = signing_string(&pairs);
    if !verify_mac(algorithm, key, message.as_bytes(), &given) || pair.is_none() {
        return fail("HMAC signature does not match.");
    }
    if !allowed.iter().any(|a| a == id) {
        return fail("HMAC apikey is invalid for API.");
    }
    let content_md5 = signed.iter().find(|(n, _)| *n == "content-md5").map(|(_, v)| v.clone());
    Ok(Verified { secret_id: id.to_owned(), content_md5 })
}

/// Whether `body` has the signed `Content-MD5` digest (base64 of its MD5).
pub fn body_matches(content_md5: &str, body: &[u8]) -> bool {
    use md5::Digest as _;
    let digest = base64::engine::general_purpose::STANDARD.encode(md5::Md5::digest(body));
    digest.as_bytes() == content_md5.trim().as_bytes()
}

fn verify_mac(algorithm: Algorithm, key: &[u8], message: &[u8], tag: &[u8]) -> bool {
    fn run<M: Mac + hmac::digest::KeyInit>(key: &[u8], message: &[u8], tag: &[u8]) -> bool {
        let mut mac =
            <M as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes keys of any length");
        mac.update(message);
        mac.verify_slice(tag).is_ok()
    }
    match algorithm {
        Algorithm::Sha1 => run::<Hmac<sha1::Sha1>>(key, message, tag),
        Algorithm::Sha256 => run::<Hmac<sha2::Sha256>>(key, message, tag),
        Algorithm::Sha384 => run::<Hmac<sha2::Sha384>>(key, message, tag),
        Algorithm::Sha512 => run::<Hmac<sha2::Sha512>>(key, message, tag),
    }
}

/// The freshness header: `x-date`, or `date` when there is no `x-date`. It must
/// be among the signed headers, parse as an HTTP date and be within ±900 s.
fn check_date(parts: &Parts, signed: &[String], now: SystemTime) -> Result<(), AuthError> {
    let (name, invalid) = if parts.headers.contains_key("x-date") {
        (
            "x-date",
            "HMAC signature cannot be verified, a valid x-date header is required for HMAC Authentication.",
        )
    } else if parts.headers.contains_key(http::header::DATE) {
        ("date", "HMAC signature cannot be verified, a valid date or x-date header is required.")
    } else {
        return fail("HMAC signature cannot be verified, a valid date or x-date header is required.");
    };
    if !signed.iter().any(|n| n == name) {
        return fail("HMAC signature cannot be verified, a valid date or x-date header is required.");
    }
    let value = parts.headers.get(name).and_then(|v| v.to_str().ok());
    let Some(date) = value.and_then(|s| httpdate::parse_http_date(s).ok()) else {
        return fail(invalid);
    };
    let skew = now.duration_since(date).or_else(|e| Ok::<_, ()>(e.duration())).unwrap_or_default();
    if skew > MAX_SKEW {
        return fail(
            "HMAC signature cannot be verified, the x-date header is out of date for HMAC Authentication.",
        );
    }
    Ok(())
}

/// `hmac k="v", k="v"` → the pairs; `None` when it is not of that shape.
fn parse_authorization(value: &str) -> Option<Vec<(String, String)>> {
    let (scheme, rest) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("hmac") {
        return None;
    }
    rest.split(',')
        .map(|part| {
            let (k, v) = part.trim().split_once('=')?;
            let v = v.trim();
            let v = v.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(v);
            Some((k.trim().to_owned(), v.to_owned()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(headers: &[(&str, &str)]) -> Parts {
        let mut req = http::Request::builder().uri("/release/x?a=1");
        for (k, v) in headers {
            req = req.header(*k, *v);
        }
        req.body(()).unwrap().into_parts().0
    }

    fn pairs() -> Vec<KeyPair> {
        vec![KeyPair { secret_id: "AKIDa".into(), secret_key: "secret".into() }]
    }

    #[test]
    fn a_signed_request_verifies_with_every_algorithm() {
        let now = SystemTime::now();
        let date = httpdate::fmt_http_date(now);
        for algorithm in [Algorithm::Sha1, Algorithm::Sha256, Algorithm::Sha384, Algorithm::Sha512] {
            let auth = authorization("AKIDa", algorithm, &[("x-date", &date), ("source", "test")], "secret");
            let p = parts(&[("x-date", &date), ("source", "test"), ("authorization", &auth)]);
            let verified = verify(&p, &pairs(), &["AKIDa".into()], now);
            assert_eq!(verified.map(|v| v.secret_id), Ok("AKIDa".into()), "{algorithm:?}");
        }
    }

    #[test]
    fn the_date_must_be_signed_and_fresh() {
        let now = SystemTime::now();
        let date = httpdate::fmt_http_date(now);
        let stale = httpdate::fmt_http_date(now - Duration::from_secs(901));
        let allowed = ["AKIDa".to_owned()];
        let check = |signed: &[(&str, &str)], extra: &[(&str, &str)]| {
            let auth = authorization("AKIDa", Algorithm::Sha256, signed, "secret");
            let mut headers = signed.to_vec();
            headers.extend_from_slice(extra);
            headers.push(("authorization", &auth));
            verify(&parts(&headers), &pairs(), &allowed, now).map(|v| v.secret_id).map_err(|e| e.0)
        };
        // A replay: the signature covers only `source`, the fresh date is unsigned.
        let replay = check(&[("source", "s")], &[("x-date", &date)]).unwrap_err();
        assert_eq!(replay, "HMAC signature cannot be verified, a valid date or x-date header is required.");
        // `Date` is checked too when it is the freshness header.
        assert!(check(&[("date", &date)], &[]).is_ok());
        assert!(check(&[("date", &stale)], &[]).unwrap_err().contains("out of date"));
        // A signed Date does not help when an unsigned X-Date is there.
        assert!(check(&[("date", &date)], &[("x-date", &date)]).is_err());
    }

    #[test]
    fn signing_work_is_bounded_before_anything_is_built() {
        let now = SystemTime::now();
        let date = httpdate::fmt_http_date(now);
        let names = format!("x-date {}", vec!["request-line"; 5000].join(" "));
        let auth =
            format!("hmac id=\"AKIDa\", algorithm=\"hmac-sha256\", headers=\"{names}\", signature=\"x\"");
        let p = parts(&[("x-date", &date), ("authorization", &auth)]);
        let err = verify(&p, &pairs(), &["AKIDa".into()], now).unwrap_err();
        assert_eq!(err.0, "HMAC authorization headers is invalidate.");
        let big = "v".repeat(MAX_SIGNING_BYTES);
        let auth = authorization("AKIDa", Algorithm::Sha256, &[("x-date", &date), ("x-big", &big)], "secret");
        let p = parts(&[("x-date", &date), ("x-big", &big), ("authorization", &auth)]);
        assert_eq!(
            verify(&p, &pairs(), &["AKIDa".into()], now).unwrap_err().0,
            "HMAC authorization headers is invalidate."
        );
    }

    #[test]
    fn a_signed_content_md5_covers_the_body() {
        // base64(md5("hello")) = XUFAKrxLKna5cZ2REBfFkg==
        assert!(body_matches("XUFAKrxLKna5cZ2REBfFkg==", b"hello"));
        assert!(!body_matches("XUFAKrxLKna5cZ2REBfFkg==", b"hellO"));
    }

    #[test]
    fn every_failure_has_its_message() {
        let now = SystemTime::now();
        let date = httpdate::fmt_http_date(now);
        let stale = httpdate::fmt_http_date(now - Duration::from_secs(901));
        let good = authorization("AKIDa", Algorithm::Sha256, &[("x-date", &date), ("source", "s")], "secret");
        let allowed = ["AKIDa".to_owned()];
        let check =
            |headers: &[(&str, &str)]| verify(&parts(headers), &pairs(), &allowed, now).unwrap_err().0;
        assert!(check(&[]).contains("authorization header is required"));
        assert_eq!(check(&[("authorization", "Basic abc")]), "HMAC authorization format error.");
        assert_eq!(check(&[("authorization", "hmac id=\"AKIDa\"")]), "HMAC id or signature missing.");
        let md5 = good.replace("hmac-sha256", "hmac-md5");
        assert_eq!(
            check(&[("x-date", &date), ("source", "s"), ("authorization", &md5)]),
            "HMAC algorithm hmac-md5 not supported."
        );
        // An unknown id is answered as a wrong signature.
        let unknown = good.replace("AKIDa", "AKIDz");
        assert_eq!(
            check(&[("x-date", &date), ("source", "s"), ("authorization", &unknown)]),
            "HMAC signature does not match."
        );
        assert_eq!(
            verify(
                &parts(&[("x-date", &date), ("source", "s"), ("authorization", &good)]),
                &pairs(),
                &[],
                now
            )
            .unwrap_err()
            .0,
            "HMAC apikey is invalid for API."
        );
        assert!(
            check(&[("source", "s"), ("authorization", &good)])
                .contains("a valid date or x-date header is required")
        );
        assert!(
            check(&[("x-date", "yesterday"), ("source", "s"), ("authorization", &good)])
                .contains("a valid x-date header")
        );
        assert!(
            check(&[("x-date", &stale), ("source", "s"), ("authorization", &good)]).contains("out of date")
        );
        assert!(
            check(&[("x-date", &date), ("authorization", &good)])
                .contains("a valid source header is required")
        );
        assert_eq!(
            check(&[("x-date", &date), ("source", "other"), ("authorization", &good)]),
            "HMAC signature does not match."
        );
        assert_eq!(
            check(&[("x-date", &date), ("source", "s"), ("source", "t"), ("authorization", &good)]),
            "HMAC do not support multiple HTTP header."
        );
    }
}

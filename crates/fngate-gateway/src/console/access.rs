//! Who may use the console and its API: the admin token (a bearer header or
//! the cookie the login form sets), loopback-only use without one, and
//! same-origin checks on the actions against cross-site requests.

use http::header::{AUTHORIZATION, CONTENT_TYPE, COOKIE, HOST, ORIGIN};
use http::{HeaderMap, StatusCode};

/// The cookie the login form sets to the token.
pub const COOKIE_NAME: &str = "fngate_admin";

/// The console's access rule.
#[derive(Clone, Debug)]
pub struct Access {
    token: Option<String>,
    loopback: bool,
}

/// Why a request may not go on: its status and what to tell it.
pub type Refusal = (StatusCode, &'static str);

impl Access {
    /// The rule for an admin listener on a loopback address or not, with
    /// `token` (`FNGATE_ADMIN_TOKEN`) required when given; an empty token is none.
    pub fn new(token: Option<String>, loopback: bool) -> Access {
        Access { token: token.filter(|t| !t.is_empty()), loopback }
    }

    /// Whether the console is reachable at all: on loopback, or with a token.
    pub fn usable(&self) -> bool {
        self.token.is_some() || self.loopback
    }

    /// Whether a token is set (the login form is shown to those without it).
    pub fn has_token(&self) -> bool {
        self.token.is_some()
    }

    /// Whether `given` is the token (in time independent of where they differ).
    pub fn is_token(&self, given: &str) -> bool {
        self.token.as_deref().is_some_and(|t| constant_time_eq(t.as_bytes(), given.as_bytes()))
    }

    /// May this request read the console's data? With a token: only with it;
    /// without one: only on a loopback listener, and only when the request
    /// names a loopback host (a page on another site that rebinds its name
    /// to 127.0.0.1 does not).
    pub fn check(&self, headers: &HeaderMap) -> Result<(), Refusal> {
        if self.token.is_some() {
            let bearer = header(headers, AUTHORIZATION.as_str()).and_then(|v| v.strip_prefix("Bearer "));
            let cookie = headers
                .get_all(COOKIE)
                .iter()
                .filter_map(|v| v.to_str().ok())
                .flat_map(|v| v.split(';'))
                .filter_map(|c| c.trim().strip_prefix(COOKIE_NAME)?.strip_prefix('='));
            let mut given = bearer.into_iter().chain(cookie);
            return match given.any(|t| self.is_token(t)) {
                true => Ok(()),
                false => {
                    Err((StatusCode::UNAUTHORIZED, "the console needs the admin token (FNGATE_ADMIN_TOKEN)"))
                }
            };
        }
        if !self.loopback {
            return Err((
                StatusCode::UNAUTHORIZED,
                "the console is off on a non-loopback admin address until FNGATE_ADMIN_TOKEN is set",
            ));
        }
        match header(headers, HOST.as_str()).map(host_name) {
            Some(host) if is_loopback_name(host) => Ok(()),
            _ => Err((StatusCode::FORBIDDEN, "the console answers only requests for a loopback host name")),
        }
    }

    /// May this request act (test, reload, log in)? A browser's cross-site
    /// request is refused by its `Origin` or `Sec-Fetch-Site`, and a body
    /// must come as `expected` (JSON cannot be sent across sites without a
    /// preflight, which nothing here grants).
    pub fn check_action(&self, headers: &HeaderMap, expected: &str) -> Result<(), Refusal> {
        if let Some(origin) = header(headers, ORIGIN.as_str()) {
            let host = header(headers, HOST.as_str()).unwrap_or("");
            let same = origin.strip_prefix("http://").or_else(|| origin.strip_prefix("https://"));
            if same != Some(host) {
                return Err((StatusCode::FORBIDDEN, "cross-origin request refused"));
            }
        }
        if let Some(site) = header(headers, "sec-fetch-site")
            && site != "same-origin"
            && site != "none"
        {
            return Err((StatusCode::FORBIDDEN, "cross-site request refused"));
        }
        let content_type = header(headers, CONTENT_TYPE.as_str()).unwrap_or("");
        if !content_type.split(';').next().unwrap_or("").trim().eq_ignore_ascii_case(expected) {
            return Err((StatusCode::UNSUPPORTED_MEDIA_TYPE, "unexpected content type"));
        }
        Ok(())
    }
}

fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The host of a `Host` header, without its port.
fn host_name(host: &str) -> &str {
    match host.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    }
}

fn is_loopback_name(host: &str) -> bool {
    host.eq_ignore_ascii_case("localhost")
        || host.parse::<std::net::IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    use sha2::{Digest, Sha256};
    // Comparing digests keeps the time independent of the length too.
    let (a, b) = (Sha256::digest(a), Sha256::digest(b));
    a.iter().zip(b.iter()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (http::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    #[test]
    fn loopback_without_token_needs_a_loopback_host_name() {
        let open = Access::new(None, true);
        assert!(open.check(&headers(&[("host", "127.0.0.1:9001")])).is_ok());
        assert!(open.check(&headers(&[("host", "localhost:9001")])).is_ok());
        assert!(open.check(&headers(&[("host", "[::1]:9001")])).is_ok());
        assert_eq!(open.check(&headers(&[("host", "evil.example:9001")])).unwrap_err().0, 403);
        let remote = Access::new(None, false);
        assert_eq!(remote.check(&headers(&[("host", "127.0.0.1:9001")])).unwrap_err().0, 401);
        assert!(!remote.usable());
    }

    #[test]
    fn the_token_comes_as_bearer_or_cookie() {
        let access = Access::new(Some("s3cret".into()), false);
        assert!(access.check(&headers(&[("authorization", "Bearer s3cret")])).is_ok());
        assert!(access.check(&headers(&[("cookie", "a=b; fngate_admin=s3cret")])).is_ok());
        assert_eq!(access.check(&headers(&[("authorization", "Bearer s3cre")])).unwrap_err().0, 401);
        assert_eq!(access.check(&headers(&[("cookie", "fngate_admin_x=s3cret")])).unwrap_err().0, 401);
        assert_eq!(access.check(&headers(&[])).unwrap_err().0, 401);
    }

    #[test]
    fn actions_refuse_other_origins_and_forms() {
        let access = Access::new(None, true);
        let json = "application/json";
        let same = [("host", "127.0.0.1:9001"), ("origin", "http://127.0.0.1:9001"), ("content-type", json)];
        assert!(access.check_action(&headers(&same), json).is_ok());
        assert!(access.check_action(&headers(&[("content-type", json)]), json).is_ok());
        let other = [("host", "127.0.0.1:9001"), ("origin", "http://evil.example"), ("content-type", json)];
        assert_eq!(access.check_action(&headers(&other), json).unwrap_err().0, 403);
        let site = [("sec-fetch-site", "cross-site"), ("content-type", json)];
        assert_eq!(access.check_action(&headers(&site), json).unwrap_err().0, 403);
        let form = [("content-type", "application/x-www-form-urlencoded")];
        assert_eq!(access.check_action(&headers(&form), json).unwrap_err().0, 415);
    }
}

//! Gateway policies applied before a function runs: usage plans (rate and
//! quota), CORS, declared parameters (spec §6, reference §9).

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use fngate_config::UsagePlan;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use http::HeaderValue;
use http::header::HeaderMap;

/// The CORS header list the gateway allows and exposes (reference §9, which
/// begins with these names; the rest are the headers SCF functions commonly use).
pub const CORS_HEADERS: &str = "X-Api-ID,X-Service-RateLimit,X-UsagePlan-RateLimit,X-UsagePlan-Quota,Cache-Control,\
Connection,Content-Disposition,Content-Encoding,Content-Language,Content-Length,Content-MD5,Content-Range,\
Content-Type,Date,Keep-Alive,Expires,Last-Modified,Location,Pragma,Set-Cookie,Authorization,Source,X-Date,\
Accept,Accept-Encoding,Accept-Language,If-Match,If-Modified-Since,If-None-Match,Origin,Range,Referer,User-Agent,\
X-Requested-With,X-Api-RequestId,X-Fngate-Version";

/// Headers of the gateway's answer to a CORS preflight.
pub(crate) fn preflight_headers(headers: &mut HeaderMap) {
    let h = |v: &'static str| HeaderValue::from_static(v);
    headers.insert("access-control-allow-origin", h("*"));
    headers.insert("access-control-allow-methods", h("GET,POST,PUT,DELETE,HEAD,OPTIONS,PATCH"));
    headers.insert("access-control-allow-credentials", h("true"));
    headers.insert("access-control-allow-headers", h(CORS_HEADERS));
    headers.insert("access-control-expose-headers", h(CORS_HEADERS));
    headers.insert("access-control-max-age", h("86400"));
}

/// CORS headers added to every other response of a CORS-enabled API.
pub(crate) fn cors_headers(headers: &mut HeaderMap) {
    headers.insert("access-control-allow-origin", HeaderValue::from_static("*"));
    headers.insert("access-control-expose-headers", HeaderValue::from_static(CORS_HEADERS));
}

/// A usage plan's live state: a token bucket per caller and a request count per caller.
/// The caller is the secret id under key-pair auth, otherwise everyone shares one.
/// The state is shared (not copied) with the `Limits` of the same API after a
/// config reload, so requests still running on the old config count in it too.
pub struct Limits {
    rate: Option<(u32, Arc<DefaultKeyedRateLimiter<String>>)>,
    quota: Option<(u64, Counts)>,
}

/// Requests counted per caller, shared across config reloads.
type Counts = Arc<Mutex<HashMap<String, u64>>>;

impl Limits {
    /// The state for a usage plan; `None` when it limits nothing.
    pub fn new(plan: &UsagePlan) -> Option<Limits> {
        Self::carried(plan, None, None)
    }

    /// The state for `plan`, carrying over `previous` (the same API's state before a
    /// config reload): request counts always (a changed `maxRequestNum` applies to
    /// them from the next request), token buckets while `maxRequestNumPreSec` is
    /// unchanged (a changed rate starts full buckets: at most one second of
    /// state). Only callers that may still call keep their counts: the secret ids
    /// of `auth`, or the anonymous caller when auth is off.
    pub fn carried(plan: &UsagePlan, previous: Option<&Limits>, auth: Option<&[String]>) -> Option<Limits> {
        let rate = plan.max_per_second.and_then(NonZeroU32::new).map(|n| {
            match previous.and_then(|p| p.rate.as_ref()).filter(|(old, _)| *old == n.get()) {
                Some((_, limiter)) => (n.get(), limiter.clone()),
                None => (n.get(), Arc::new(RateLimiter::keyed(Quota::per_second(n)))),
            }
        });
        let quota = plan.max_total.map(|max| match previous.and_then(|p| p.quota.as_ref()) {
            Some((_, counts)) => {
                let mut used = counts.lock().unwrap_or_else(|e| e.into_inner());
                used.retain(|caller, _| match auth {
                    None => caller.is_empty(),
                    Some(ids) => ids.iter().any(|id| id == caller),
                });
                drop(used);
                (max, counts.clone())
            }
            None => (max, Arc::default()),
        });
        (rate.is_some() || quota.is_some()).then_some(Limits { rate, quota })
    }

    /// Admits one request from `caller`, or says which limit it hit.
    pub fn admit(&self, caller: &str) -> Result<(), &'static str> {
        if let Some((_, rate)) = &self.rate
            && rate.check_key(&caller.to_owned()).is_err()
        {
            return Err("API rate limit exceeded.");
        }
        if let Some((max, counts)) = &self.quota {
            let mut counts = counts.lock().unwrap_or_else(|e| e.into_inner());
            let used = counts.entry(caller.to_owned()).or_insert(0);
            if *used >= *max {
                return Err("API quota exceeded.");
            }
            *used += 1;
        }
        Ok(())
    }
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("rate", &self.rate.as_ref().map(|r| r.0))
            .field("quota", &self.quota.as_ref().map(|q| q.0))
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_and_quota() {
        let limits = Limits::new(&UsagePlan { max_per_second: Some(3), max_total: Some(5) }).unwrap();
        let burst: Vec<_> = (0..5).map(|_| limits.admit("a")).collect();
        assert_eq!(burst.iter().filter(|r| r.is_ok()).count(), 3);
        assert_eq!(burst[4], Err("API rate limit exceeded."));
        assert!(limits.admit("b").is_ok(), "callers have their own buckets");
        let quota = Limits::new(&UsagePlan { max_per_second: None, max_total: Some(2) }).unwrap();
        assert!(quota.admit("a").is_ok() && quota.admit("a").is_ok());
        assert_eq!(quota.admit("a"), Err("API quota exceeded."));
        assert!(Limits::new(&UsagePlan { max_per_second: None, max_total: None }).is_none());
    }

    #[test]
    fn counts_carry_over_a_reload() {
        let ids = ["kept".to_owned(), "other".to_owned()];
        let plan = UsagePlan { max_per_second: None, max_total: Some(3) };
        let before = Limits::carried(&plan, None, Some(&ids)).unwrap();
        for _ in 0..2 {
            before.admit("kept").unwrap();
            before.admit("gone").unwrap();
        }
        // The same plan after a reload: 2 of 3 used; a removed id starts afresh.
        let after = Limits::carried(&plan, Some(&before), Some(&ids[..1])).unwrap();
        assert!(after.admit("kept").is_ok());
        assert_eq!(after.admit("kept"), Err("API quota exceeded."));
        assert!(after.admit("gone").is_ok());
        // A lower limit applies to the carried count at once.
        let lower = UsagePlan { max_per_second: None, max_total: Some(1) };
        let again = Limits::carried(&lower, Some(&after), None).unwrap();
        assert!(again.admit("").is_ok() && again.admit("").is_err());
        // An unchanged rate keeps its buckets; a changed one starts full.
        let rated = UsagePlan { max_per_second: Some(2), max_total: None };
        let r1 = Limits::carried(&rated, None, None).unwrap();
        assert!(r1.admit("").is_ok() && r1.admit("").is_ok() && r1.admit("").is_err());
        let r2 = Limits::carried(&rated, Some(&r1), None).unwrap();
        assert!(r2.admit("").is_err());
        let faster = UsagePlan { max_per_second: Some(5), max_total: None };
        assert!(Limits::carried(&faster, Some(&r2), None).unwrap().admit("").is_ok());
    }
}

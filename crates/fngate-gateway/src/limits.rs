//! Usage plans' live state (spec §6): a rate and a quota per API and caller,
//! counted in this process or, given a shared store, across every replica.

use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::{Arc, Mutex};

use fngate_config::{Api, StateFailure, UsagePlan};
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};

use crate::store::{Spent, Store};

/// Why a usage plan refused a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// `maxRequestNumPreSec` is spent for this second: 429.
    Rate,
    /// `maxRequestNum` is spent: 429.
    Quota,
    /// The shared store is unreachable and `stateFailure` is `closed`: 503.
    Unavailable,
}

impl Refusal {
    /// The `message` of the gateway's answer.
    pub(crate) fn message(self) -> &'static str {
        match self {
            Refusal::Rate => "API rate limit exceeded.",
            Refusal::Quota => "API quota exceeded.",
            Refusal::Unavailable => "usage plan store unavailable",
        }
    }
}

/// A usage plan's live state: a token bucket per caller and a request count per
/// caller. The caller is the secret id under key-pair auth, otherwise everyone
/// shares one. The state is shared (not copied) with the `Limits` of the same
/// API after a config reload, so requests still running on the old config count
/// in it too. With a shared store the store decides, and this state is what
/// the process falls back on while the store is unreachable.
pub(crate) struct Limits {
    rate: Option<(u32, Arc<DefaultKeyedRateLimiter<String>>)>,
    quota: Option<(u64, Counts)>,
    /// The API in the shared store's key names: `<serviceId>:<stage>:<METHOD>:<path>`.
    identity: String,
}

/// A caller's quota use as this process knows it.
#[derive(Debug, Default, Clone, Copy)]
struct Count {
    /// Requests counted: the store's total as last reported, plus `pending`.
    used: u64,
    /// Requests admitted here while the store was unreachable, not yet added to it.
    pending: u64,
}

/// Quota use per caller, shared across config reloads.
type Counts = Arc<Mutex<HashMap<String, Count>>>;

impl Limits {
    /// The state for `api`'s usage plan; `None` when it has none or it limits nothing.
    #[cfg(test)]
    pub(crate) fn new(api: &Api) -> Option<Limits> {
        Self::carried(api, None)
    }

    /// The state for `api`'s plan, carrying over `previous` (the same API's state
    /// before a config reload): request counts always (a changed `maxRequestNum`
    /// applies to them from the next request), token buckets while
    /// `maxRequestNumPreSec` is unchanged (a changed rate starts full buckets: at
    /// most one second of state). Only callers that may still call keep their
    /// counts: the secret ids of `auth`, or the anonymous caller when auth is off.
    pub(crate) fn carried(api: &Api, previous: Option<&Limits>) -> Option<Limits> {
        let plan: &UsagePlan = api.usage_plan.as_ref()?;
        let rate = plan.max_per_second.and_then(NonZeroU32::new).map(|n| {
            match previous.and_then(|p| p.rate.as_ref()).filter(|(old, _)| *old == n.get()) {
                Some((_, limiter)) => (n.get(), limiter.clone()),
                None => (n.get(), Arc::new(RateLimiter::keyed(Quota::per_second(n)))),
            }
        });
        let quota = plan.max_total.map(|max| match previous.and_then(|p| p.quota.as_ref()) {
            Some((_, counts)) => {
                lock(counts).retain(|caller, _| match api.auth.as_deref() {
                    None => caller.is_empty(),
                    Some(ids) => ids.iter().any(|id| id == caller),
                });
                (max, counts.clone())
            }
            None => (max, Arc::default()),
        });
        let identity = format!("{}:{}:{}:{}", api.service_id, api.stage, api.method, api.path);
        (rate.is_some() || quota.is_some()).then_some(Limits { rate, quota, identity })
    }

    /// Admits one request from `caller`, or says why not: through `store` when
    /// there is one (what `failure` says while it is unreachable), else here.
    pub(crate) async fn admit(
        &self,
        caller: &str,
        store: Option<&Store>,
        failure: StateFailure,
    ) -> Result<(), Refusal> {
        let Some(store) = store else { return self.admit_here(caller, false) };
        let pending =
            self.quota.as_ref().map_or(0, |(_, counts)| lock(counts).get(caller).map_or(0, |c| c.pending));
        let rate = self.rate.as_ref().map_or(0, |(n, _)| *n);
        let max = self.quota.as_ref().map_or(0, |(max, _)| *max);
        match store.admit(&self.identity, caller, rate, max, pending).await {
            Some(verdict) => {
                if let Some((_, counts)) = &self.quota {
                    let mut counts = lock(counts);
                    let count = counts.entry(caller.to_owned()).or_default();
                    count.pending = count.pending.saturating_sub(pending);
                    count.used = verdict.used + count.pending;
                }
                match verdict.spent {
                    None => Ok(()),
                    Some(Spent::Rate) => Err(Refusal::Rate),
                    Some(Spent::Quota) => Err(Refusal::Quota),
                }
            }
            None if failure == StateFailure::Closed => Err(Refusal::Unavailable),
            None => self.admit_here(caller, true),
        }
    }

    /// Decides here: the bucket, then the count (`offline`: also remembered as
    /// pending, to be added to the store once it is back).
    fn admit_here(&self, caller: &str, offline: bool) -> Result<(), Refusal> {
        if let Some((_, rate)) = &self.rate
            && rate.check_key(&caller.to_owned()).is_err()
        {
            return Err(Refusal::Rate);
        }
        if let Some((max, counts)) = &self.quota {
            let mut counts = lock(counts);
            let count = counts.entry(caller.to_owned()).or_default();
            if count.used >= *max {
                return Err(Refusal::Quota);
            }
            count.used += 1;
            count.pending += u64::from(offline);
        }
        Ok(())
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

impl std::fmt::Debug for Limits {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Limits")
            .field("rate", &self.rate.as_ref().map(|r| r.0))
            .field("quota", &self.quota.as_ref().map(|q| q.0))
            .field("identity", &self.identity)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(rate: Option<u32>, quota: Option<u64>, auth: Option<&[&str]>) -> Api {
        let src = "service: s\nprovider: {name: tencent, runtime: Wasm}\nfunctions:\n  f:\n    handler: f.main\n    events: [{apigw: {parameters: {path: /f}}}]\n";
        static N: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = N.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("fngate-limits-{}-{n}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("serverless.yml"), src).unwrap();
        let (config, _) = fngate_config::load(&dir).unwrap();
        let mut api = config.apis[0].clone();
        api.usage_plan = Some(UsagePlan { max_per_second: rate, max_total: quota });
        api.auth = auth.map(|ids| ids.iter().map(|s| s.to_string()).collect());
        api
    }

    fn admit(limits: &Limits, caller: &str) -> Result<(), Refusal> {
        limits.admit_here(caller, false)
    }

    #[test]
    fn rate_and_quota() {
        let limits = Limits::new(&api(Some(3), Some(5), None)).unwrap();
        let burst: Vec<_> = (0..5).map(|_| admit(&limits, "a")).collect();
        assert_eq!(burst.iter().filter(|r| r.is_ok()).count(), 3);
        assert_eq!(burst[4], Err(Refusal::Rate));
        assert!(admit(&limits, "b").is_ok(), "callers have their own buckets");
        let quota = Limits::new(&api(None, Some(2), None)).unwrap();
        assert!(admit(&quota, "a").is_ok() && admit(&quota, "a").is_ok());
        assert_eq!(admit(&quota, "a"), Err(Refusal::Quota));
        assert!(Limits::new(&api(None, None, None)).is_none());
        assert_eq!(quota.identity, format!("{}:release:ANY:/f", fngate_config::default_service_id("s")));
    }

    #[test]
    fn counts_carry_over_a_reload() {
        let before = Limits::carried(&api(None, Some(3), Some(&["kept", "other"])), None).unwrap();
        for _ in 0..2 {
            admit(&before, "kept").unwrap();
            admit(&before, "gone").unwrap();
        }
        // The same plan after a reload: 2 of 3 used; a removed id starts afresh.
        let after = Limits::carried(&api(None, Some(3), Some(&["kept"])), Some(&before)).unwrap();
        assert!(admit(&after, "kept").is_ok());
        assert_eq!(admit(&after, "kept"), Err(Refusal::Quota));
        assert!(admit(&after, "gone").is_ok());
        // A lower limit applies to the carried count at once.
        let again = Limits::carried(&api(None, Some(1), None), Some(&after)).unwrap();
        assert!(admit(&again, "").is_ok() && admit(&again, "").is_err());
        // An unchanged rate keeps its buckets; a changed one starts full.
        let r1 = Limits::carried(&api(Some(2), None, None), None).unwrap();
        assert!(admit(&r1, "").is_ok() && admit(&r1, "").is_ok() && admit(&r1, "").is_err());
        let r2 = Limits::carried(&api(Some(2), None, None), Some(&r1)).unwrap();
        assert!(admit(&r2, "").is_err());
        assert!(Limits::carried(&api(Some(5), None, None), Some(&r2)).unwrap().admit_here("", false).is_ok());
    }

    #[test]
    fn offline_admissions_are_pending_until_the_store_is_back() {
        let limits = Limits::new(&api(None, Some(3), None)).unwrap();
        admit(&limits, "").unwrap();
        limits.admit_here("", true).unwrap();
        limits.admit_here("", true).unwrap();
        assert_eq!(limits.admit_here("", true), Err(Refusal::Quota), "the last known count still holds");
        let counts = lock(&limits.quota.as_ref().unwrap().1);
        assert_eq!((counts[""].used, counts[""].pending), (3, 2));
    }
}

//! Repeated warnings collapsed: per kind, at most [`BURST`] lines a second;
//! the rest are counted and said in one "N similar suppressed" line before the
//! next one of that kind that is written.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Warnings of one kind written per window at most.
pub(crate) const BURST: u32 = 5;
/// The window.
const WINDOW: Duration = Duration::from_secs(1);

/// One kind's count: when its window started, lines written in it, lines
/// suppressed since the last one written.
type Count = (Instant, u32, u64);

static KINDS: Mutex<Option<HashMap<&'static str, Count>>> = Mutex::new(None);

/// Whether a warning of `kind` may be written now: `Some(suppressed)` with the
/// number suppressed since the last one written, or `None` to suppress it.
pub(crate) fn allow(kind: &'static str) -> Option<u64> {
    let now = Instant::now();
    let mut kinds = KINDS.lock().unwrap_or_else(|e| e.into_inner());
    let (start, written, suppressed) =
        kinds.get_or_insert_with(HashMap::new).entry(kind).or_insert((now, 0, 0));
    if now.duration_since(*start) >= WINDOW {
        (*start, *written) = (now, 0);
    }
    if *written >= BURST {
        *suppressed += 1;
        return None;
    }
    *written += 1;
    Some(std::mem::take(suppressed))
}

/// `tracing::warn!`, collapsed per kind (see the module).
macro_rules! warn_limited {
    ($kind:expr, $($arg:tt)+) => {
        if let Some(suppressed) = $crate::throttle::allow($kind) {
            if suppressed > 0 {
                tracing::warn!("{suppressed} similar warnings ({}) suppressed", $kind);
            }
            tracing::warn!($($arg)+);
        }
    };
}
pub(crate) use warn_limited;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_burst_is_cut_and_counted() {
        let allowed: Vec<_> = (0..8).map(|_| allow("test-burst")).collect();
        assert_eq!(allowed.iter().filter(|a| a.is_some()).count(), BURST as usize);
        std::thread::sleep(WINDOW);
        assert_eq!(allow("test-burst"), Some(3), "the next window says how many were suppressed");
        assert_eq!(allow("test-other"), Some(0), "kinds are counted apart");
    }
}

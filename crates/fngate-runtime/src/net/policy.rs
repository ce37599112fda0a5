//! Where a function may connect: the hosts `allowedOutboundHosts` grants, and
//! the addresses behind them (loopback, private and link-local ones only when
//! listed by address).

use std::net::IpAddr;
use std::sync::Arc;

/// A function's outbound grant: nowhere unless listed. An entry is a host
/// (`api.example.com`, any scheme and port), `host:port`, or a URL prefix
/// `scheme://host[:port]`; `*` allows every host. An address (`10.0.0.5`,
/// `[::1]:6379`) is a host too, and the only way to reach an internal one.
#[derive(Debug, Clone, Default)]
pub(crate) struct Outbound {
    entries: Arc<[Entry]>,
}

#[derive(Debug)]
struct Entry {
    any: bool,
    scheme: Option<String>,
    host: String,
    port: Option<u16>,
}

impl Entry {
    fn parse(entry: &str) -> Entry {
        let (scheme, rest) = match entry.split_once("://") {
            Some((s, rest)) => (Some(s.to_ascii_lowercase()), rest),
            None => (None, entry),
        };
        let rest = rest.trim_end_matches('/');
        let (host, port) = match rest.strip_prefix('[').and_then(|r| r.split_once(']')) {
            Some((h, p)) => (h, p.strip_prefix(':').and_then(|p| p.parse().ok())),
            None => match rest.rsplit_once(':') {
                Some((h, p)) if !h.contains(':') => (h, p.parse::<u16>().ok()),
                _ => (rest, None),
            },
        };
        Entry { any: entry == "*", scheme, host: host.to_ascii_lowercase(), port }
    }

    fn matches(&self, scheme: &str, host: &str, port: u16) -> bool {
        self.any
            || (self.scheme.as_deref().is_none_or(|s| s.eq_ignore_ascii_case(scheme))
                && self.host.eq_ignore_ascii_case(host.trim_start_matches('[').trim_end_matches(']'))
                && self.port.is_none_or(|p| p == port))
    }
}

impl Outbound {
    /// The grant of a function's `allowedOutboundHosts`.
    pub(crate) fn new(allowed: &[String]) -> Self {
        Outbound { entries: allowed.iter().map(|e| Entry::parse(e)).collect() }
    }

    /// Whether a connection to `scheme://host:port` may go out (before its
    /// addresses are checked). Sockets ask with scheme `tcp` or `tls`.
    pub(crate) fn allows(&self, scheme: &str, host: &str, port: u16) -> bool {
        self.entries.iter().any(|e| e.matches(scheme, host, port))
    }

    /// Whether any entry names `host` (for a lookup: any scheme, any port).
    pub(crate) fn allows_name(&self, host: &str) -> bool {
        self.entries
            .iter()
            .any(|e| e.any || e.host.trim_start_matches('[').trim_end_matches(']').eq_ignore_ascii_case(host))
    }

    /// Whether `address` may be connected to: a public address when its name
    /// was allowed, an internal one (loopback, private, link-local, shared,
    /// unspecified, multicast) only when an entry lists that very address.
    pub(crate) fn allows_address(&self, scheme: &str, address: IpAddr, port: u16) -> bool {
        if !is_internal(address) {
            return true;
        }
        self.entries.iter().any(|e| {
            !e.any
                && e.host.trim_start_matches('[').trim_end_matches(']').parse::<IpAddr>().ok().map(canonical)
                    == Some(canonical(address))
                && e.matches(scheme, &e.host, port)
        })
    }
}

/// An IPv4-mapped IPv6 address as its IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// Whether `ip` is not a public unicast address: one that reaches this
/// machine, its networks or a cloud's metadata service.
pub(crate) fn is_internal(ip: IpAddr) -> bool {
    match canonical(ip) {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 198 && (b == 18 || b == 19))
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || v6.to_ipv4().is_some_and(|v4| is_internal(IpAddr::V4(v4)) && first == 0)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbound_hosts() {
        let none = Outbound::default();
        assert!(!none.allows("https", "example.com", 443));
        let some = Outbound::new(&["api.example.com".into(), "http://127.0.0.1:8080".into(), "h:9".into()]);
        assert!(some.allows("https", "api.example.com", 443) && some.allows("http", "API.example.com", 80));
        assert!(some.allows("http", "127.0.0.1", 8080));
        assert!(!some.allows("https", "127.0.0.1", 8080) && !some.allows("http", "127.0.0.1", 8081));
        assert!(some.allows("http", "h", 9) && !some.allows("http", "h", 10));
        assert!(!some.allows("https", "example.com", 443));
        assert!(Outbound::new(&["*".into()]).allows("http", "anything", 1));
        assert!(Outbound::new(&["[::1]:6379".into()]).allows("tcp", "::1", 6379));
    }

    #[test]
    fn internal_addresses_need_their_own_entry() {
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        let star = Outbound::new(&["*".into()]);
        assert!(star.allows_address("tcp", ip("93.184.216.34"), 80));
        for internal in [
            "127.0.0.1",
            "10.1.2.3",
            "192.168.0.1",
            "172.16.0.1",
            "169.254.169.254",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
            "100.64.0.1",
        ] {
            assert!(!star.allows_address("tcp", ip(internal), 80), "{internal}");
        }
        let listed = Outbound::new(&["127.0.0.1:6379".into(), "localhost".into(), "10.0.0.5".into()]);
        assert!(listed.allows_address("tcp", ip("127.0.0.1"), 6379));
        assert!(!listed.allows_address("tcp", ip("127.0.0.1"), 6380));
        assert!(listed.allows_address("https", ip("10.0.0.5"), 443));
        assert!(listed.allows_address("tcp", ip("::ffff:10.0.0.5"), 1));
        assert!(!listed.allows_address("tcp", ip("10.0.0.6"), 1), "a name never vouches for an address");
    }
}

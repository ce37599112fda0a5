//! Who a request is from, behind proxies: the socket peer, unless it is a
//! trusted proxy, in which case `Forwarded` or `X-Forwarded-For` and
//! `X-Forwarded-Proto` say (the right-most untrusted address is the client).

use std::net::IpAddr;

use http::HeaderMap;
use ipnet::IpNet;

/// The proxies whose forwarding headers are believed (`--trusted-proxy`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(pub Vec<IpNet>);

/// The request's origin as far as it can be trusted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Origin {
    /// The client's address: what IP policies, `sourceIp` and the access log see.
    pub client: IpAddr,
    /// `https` or `http`: how the client reached the first trusted hop.
    pub https: bool,
    /// The event's `x-forwarded-for`: the client, then the trusted hops after it.
    pub forwarded_for: String,
}

impl Origin {
    /// The client's address as text (`sourceIp`, the access log): the first
    /// entry of `forwarded_for`, formatted once per request.
    pub fn client_text(&self) -> &str {
        self.forwarded_for.split(", ").next().unwrap_or_default()
    }
}

impl TrustedProxies {
    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The origin of a request from `peer` over a connection that is TLS or not.
    /// Forwarding headers from an untrusted peer are ignored (a client cannot
    /// claim another address).
    pub fn origin(&self, peer: IpAddr, tls: bool, headers: &HeaderMap) -> Origin {
        let peer = peer.to_canonical();
        let alone = Origin { client: peer, https: tls, forwarded_for: ip_text(peer) };
        if !self.trusts(peer) {
            return alone;
        }
        let (hops, proto) = forwarding(headers);
        // From the right: skip trusted hops; the first untrusted one is the client.
        // A hop that is not an address ends the walk at the last one known.
        let mut client = peer;
        let mut from = hops.len();
        for (i, hop) in hops.iter().enumerate().rev() {
            let Some(ip) = hop else { break };
            client = *ip;
            from = i;
            if !self.trusts(*ip) {
                break;
            }
        }
        let chain: Vec<String> = hops[from..].iter().flatten().map(|ip| ip_text(*ip)).collect();
        let forwarded_for =
            chain.into_iter().chain(std::iter::once(ip_text(peer))).collect::<Vec<_>>().join(", ");
        let https = match proto.as_deref() {
            Some("https") => true,
            Some("http") => false,
            _ => tls,
        };
        Origin { client, https, forwarded_for }
    }
}

/// `ip` as its `Display` writes it; an IPv4 address (every request's peer on
/// the usual loopback or LAN) without the formatting machinery.
fn ip_text(ip: IpAddr) -> String {
    let IpAddr::V4(v4) = ip else { return ip.to_string() };
    let mut text = String::with_capacity(15);
    let mut digits = itoa::Buffer::new();
    for (i, octet) in v4.octets().into_iter().enumerate() {
        if i > 0 {
            text.push('.');
        }
        text.push_str(digits.format(octet));
    }
    text
}

/// The hops (addresses, `None` where not one) and the last protocol the
/// forwarding headers name: `Forwarded` (RFC 7239) when present, else
/// `X-Forwarded-For` and `X-Forwarded-Proto`.
fn forwarding(headers: &HeaderMap) -> (Vec<Option<IpAddr>>, Option<String>) {
    let values = |name: &str| -> Vec<String> {
        headers
            .get_all(name)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
            .collect()
    };
    let forwarded = values("forwarded");
    if !forwarded.is_empty() {
        let mut proto = None;
        let hops = forwarded
            .iter()
            .map(|element| {
                let mut hop = None;
                for pair in element.split(';') {
                    let Some((key, value)) = pair.split_once('=') else { continue };
                    let value = value.trim().trim_matches('"');
                    match key.trim().to_ascii_lowercase().as_str() {
                        "for" => hop = Some(address(value)),
                        "proto" => proto = Some(value.to_ascii_lowercase()),
                        _ => {}
                    }
                }
                hop.flatten()
            })
            .collect();
        return (hops, proto);
    }
    let hops = values("x-forwarded-for").iter().map(|v| address(v)).collect();
    let proto = values("x-forwarded-proto").pop().map(|p| p.to_ascii_lowercase());
    (hops, proto)
}

/// An address as forwarding headers write it: `192.0.2.1`, `192.0.2.1:4711`,
/// `2001:db8::1`, `[2001:db8::1]:4711`.
fn address(text: &str) -> Option<IpAddr> {
    if let Ok(ip) = text.parse::<IpAddr>() {
        return Some(ip.to_canonical());
    }
    if let Some(rest) = text.strip_prefix('[') {
        return rest.split_once(']').and_then(|(ip, _)| ip.parse::<IpAddr>().ok());
    }
    text.rsplit_once(':').and_then(|(ip, port)| port.parse::<u16>().ok().and(ip.parse::<IpAddr>().ok()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn proxies(nets: &[&str]) -> TrustedProxies {
        TrustedProxies(nets.iter().map(|n| n.parse().unwrap()).collect())
    }

    fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (k.parse().unwrap(), v.parse().unwrap())).collect()
    }

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn the_client_text_is_the_address_display_writes() {
        for peer in
            ["192.0.2.9", "0.0.0.0", "255.255.255.255", "10.1.20.255", "2001:db8::1", "::ffff:192.0.2.1"]
        {
            let peer = ip(peer);
            let origin = proxies(&["10.0.0.0/8"]).origin(peer, false, &HeaderMap::new());
            assert_eq!(origin.client_text(), peer.to_canonical().to_string());
        }
        let h = headers(&[("x-forwarded-for", "203.0.113.7, 10.0.0.2")]);
        let origin = proxies(&["10.0.0.0/8"]).origin(ip("10.0.0.1"), false, &h);
        assert_eq!(
            (origin.client_text(), origin.forwarded_for.as_str()),
            ("203.0.113.7", "203.0.113.7, 10.0.0.2, 10.0.0.1")
        );
    }

    #[test]
    fn an_untrusted_peer_cannot_claim_another_address() {
        let h = headers(&[("x-forwarded-for", "1.2.3.4"), ("x-forwarded-proto", "https")]);
        let origin = proxies(&["10.0.0.0/8"]).origin(ip("192.0.2.9"), false, &h);
        assert_eq!(
            origin,
            Origin { client: ip("192.0.2.9"), https: false, forwarded_for: "192.0.2.9".into() }
        );
    }

    #[test]
    fn the_right_most_untrusted_hop_is_the_client() {
        let p = proxies(&["127.0.0.1/32", "10.0.0.0/8"]);
        let h = headers(&[("x-forwarded-for", "6.6.6.6, 203.0.113.7"), ("x-forwarded-for", "10.1.1.1")]);
        let origin = p.origin(ip("127.0.0.1"), false, &h);
        assert_eq!(origin.client, ip("203.0.113.7"));
        assert_eq!(origin.forwarded_for, "203.0.113.7, 10.1.1.1, 127.0.0.1");
        // Every hop trusted: the left-most is the client.
        let h = headers(&[("x-forwarded-for", "10.2.2.2, 10.1.1.1"), ("x-forwarded-proto", "https")]);
        let origin = p.origin(ip("127.0.0.1"), false, &h);
        assert_eq!((origin.client, origin.https), (ip("10.2.2.2"), true));
        // Garbage ends the walk at the last address known.
        let h = headers(&[("x-forwarded-for", "203.0.113.7, nonsense")]);
        assert_eq!(p.origin(ip("127.0.0.1"), true, &h).client, ip("127.0.0.1"));
    }

    #[test]
    fn forwarded_takes_precedence_with_ports_and_ipv6() {
        let p = proxies(&["::1/128"]);
        let h = headers(&[
            ("forwarded", "for=198.51.100.1;proto=http, for=\"[2001:db8::7]:4711\";proto=https"),
            ("x-forwarded-for", "1.1.1.1"),
        ]);
        let origin = p.origin(ip("::1"), false, &h);
        assert_eq!((origin.client, origin.https), (ip("2001:db8::7"), true));
        assert_eq!(address("192.0.2.1:80"), Some(ip("192.0.2.1")));
        assert_eq!(address("unknown"), None);
    }
}

//! Connection caps: how many connections the API listener holds at once, in all
//! and per client address (the socket peer), so that no one client can exhaust
//! the gateway's file descriptors. A connection over a cap is closed at once,
//! before any request is read, and counted.

use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex};

/// The caps, from the environment or their defaults.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ConnectionCaps {
    /// Connections at once, in all (`FNGATE_MAX_CONNECTIONS`; default: three
    /// quarters of the process's file-descriptor limit, at most 4096).
    pub total: usize,
    /// Connections at once from one client address
    /// (`FNGATE_MAX_CONNECTIONS_PER_IP`; default 256).
    pub per_ip: usize,
}

impl ConnectionCaps {
    /// The caps from `FNGATE_MAX_CONNECTIONS` and `FNGATE_MAX_CONNECTIONS_PER_IP`.
    pub fn from_env() -> Self {
        let var =
            |name: &str| std::env::var(name).ok().and_then(|v| v.parse::<usize>().ok()).filter(|n| *n > 0);
        let total = var("FNGATE_MAX_CONNECTIONS").unwrap_or_else(default_total);
        let per_ip = var("FNGATE_MAX_CONNECTIONS_PER_IP").unwrap_or(256).min(total);
        ConnectionCaps { total, per_ip }
    }
}

/// Three quarters of the soft `RLIMIT_NOFILE` (from `/proc/self/limits`), so the
/// rest stays for modules, cache files and reloads; at most 4096, at least 64.
fn default_total() -> usize {
    let soft = std::fs::read_to_string("/proc/self/limits").ok().and_then(|limits| {
        let line = limits.lines().find(|l| l.starts_with("Max open files"))?;
        line.split_whitespace().nth(3)?.parse::<usize>().ok()
    });
    soft.map_or(1024, |n| n / 4 * 3).clamp(64, 4096)
}

/// Why a connection was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// The total cap is reached.
    Total,
    /// This client address holds its cap.
    PerIp,
}

impl Refused {
    /// The metric label.
    pub fn label(self) -> &'static str {
        match self {
            Refused::Total => "total",
            Refused::PerIp => "per_ip",
        }
    }
}

/// The connections open now.
#[derive(Debug)]
pub(crate) struct Connections {
    caps: ConnectionCaps,
    open: Mutex<(usize, HashMap<IpAddr, usize>)>,
}

/// An admitted connection's place; dropping it frees the place.
pub(crate) struct Held {
    connections: Arc<Connections>,
    ip: IpAddr,
}

impl Connections {
    pub(crate) fn new(caps: ConnectionCaps) -> Arc<Self> {
        Arc::new(Connections { caps, open: Mutex::new((0, HashMap::new())) })
    }

    /// Admits a connection from `ip`, or says which cap it hit.
    pub(crate) fn admit(self: &Arc<Self>, ip: IpAddr) -> Result<Held, Refused> {
        let mut open = self.open.lock().unwrap_or_else(|e| e.into_inner());
        if open.0 >= self.caps.total {
            return Err(Refused::Total);
        }
        let from_ip = open.1.entry(ip).or_insert(0);
        if *from_ip >= self.caps.per_ip {
            return Err(Refused::PerIp);
        }
        *from_ip += 1;
        open.0 += 1;
        Ok(Held { connections: self.clone(), ip })
    }
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = self.connections.open.lock().unwrap_or_else(|e| e.into_inner());
        open.0 -= 1;
        if let Some(n) = open.1.get_mut(&self.ip) {
            *n -= 1;
            if *n == 0 {
                open.1.remove(&self.ip);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn caps_hold_and_places_come_back() {
        let c = Connections::new(ConnectionCaps { total: 3, per_ip: 2 });
        let (a, b) = ("10.0.0.1".parse().unwrap(), "10.0.0.2".parse().unwrap());
        let a1 = c.admit(a).unwrap();
        let _a2 = c.admit(a).unwrap();
        assert_eq!(c.admit(a).err(), Some(Refused::PerIp));
        let _b1 = c.admit(b).unwrap();
        assert_eq!(c.admit(b).err(), Some(Refused::Total));
        drop(a1);
        assert!(c.admit(b).is_ok());
    }
}

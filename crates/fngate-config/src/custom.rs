//! fngate's own keys: `custom.fngate` in the v1 dialect (where Serverless
//! Framework plugins keep theirs), the top-level `fngate` in Components files.

use std::collections::BTreeMap;

use saphyr::MarkedYamlOwned;

use crate::apigw::STAGES;
use crate::model::{
    Build, Custom, FunctionErrorStatus, FunctionSettings, KeyPair, ServicePolicy, StateFailure, WarmSettings,
};
use crate::node::{Checker, join};

const FNGATE_KEYS: &[&str] = &[
    "stageVariables",
    "functionErrorStatus",
    "keyPairs",
    "services",
    "state",
    "stateFailure",
    "build",
    "functions",
    "allowedOutboundHosts",
];

/// Parses fngate's section (`node`, at key path `base`).
pub(crate) fn parse_fngate(c: &mut Checker, node: &MarkedYamlOwned, base: &str) -> Custom {
    let mut custom = Custom::default();
    for (key, _, value) in c.mapping(node, base, FNGATE_KEYS) {
        let path = join(base, &key);
        match key.as_str() {
            "stageVariables" => {
                for (stage, stage_node, vars) in c.mapping(value, &path, &[]) {
                    let stage_path = join(&path, &stage);
                    if !STAGES.contains(&stage.as_str()) {
                        c.error(
                            Some(stage_node),
                            &stage_path,
                            format!("unknown stage: use one of {}", STAGES.join(", ")),
                        );
                        continue;
                    }
                    let vars = c.string_map(vars, &stage_path).into_iter().collect();
                    custom.stage_variables.insert(stage, vars);
                }
            }
            "functionErrorStatus" => match c.string(value, &path).as_deref() {
                None | Some("seed") => custom.function_error_status = FunctionErrorStatus::Seed,
                Some("propagate") => custom.function_error_status = FunctionErrorStatus::Propagate,
                Some(other) => c.error(
                    Some(value),
                    &path,
                    format!("`{other}` is not allowed: use `seed` or `propagate`"),
                ),
            },
            "keyPairs" => custom.key_pairs = key_pairs(c, value, &path),
            "services" => custom.services = services(c, value, &path),
            "state" => {
                let Some(url) = c.string(value, &path) else { continue };
                match state_url_problem(&url) {
                    None => custom.state = Some(url),
                    Some(problem) => c.error(Some(value), &path, problem),
                }
            }
            "build" => custom.build = build(c, value, &path),
            "allowedOutboundHosts" => custom.allowed_outbound_hosts = hosts(c, value, &path),
            "functions" => {
                for (name, name_node, settings) in c.mapping(value, &path, &[]) {
                    let base = join(&path, &name);
                    let mut f = FunctionSettings {
                        file: c.file.to_path_buf(),
                        line: crate::node::line(name_node),
                        ..Default::default()
                    };
                    for (k, _, v) in c.mapping(settings, &base, &["build", "allowedOutboundHosts", "warm"]) {
                        let key = join(&base, &k);
                        if k == "build" {
                            f.build = build(c, v, &key);
                            continue;
                        }
                        if k == "warm" {
                            f.warm = Some(warm(c, v, &key));
                            continue;
                        }
                        f.allowed_outbound_hosts = hosts(c, v, &key);
                    }
                    custom.functions.insert(name, f);
                }
            }
            "stateFailure" => match c.string(value, &path).as_deref() {
                None => {}
                Some("open") => custom.state_failure = StateFailure::Open,
                Some("closed") => custom.state_failure = StateFailure::Closed,
                Some(other) => {
                    c.error(Some(value), &path, format!("`{other}` is not allowed: use `open` or `closed`"))
                }
            },
            _ => {}
        }
    }
    custom
}

/// A list of outbound grants: `host`, `host:port`, `scheme://host[:port]` or `*`.
fn hosts(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Vec<String> {
    let mut hosts = Vec::new();
    for (i, item) in c.list(node, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let Some(host) = c.string(item, &item_path) else { continue };
        if host.is_empty() || host.contains(char::is_whitespace) || host.matches("://").count() > 1 {
            let message = format!("`{host}` is not a host, host:port or scheme://host[:port]");
            c.error(Some(item), &item_path, message);
        } else {
            hosts.push(host);
        }
    }
    hosts
}

/// `warm: {maxInstances, idleSeconds, maxInvocations}`, each optional.
fn warm(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> WarmSettings {
    let mut warm = WarmSettings { max_instances: 4, idle_seconds: 300, max_invocations: 0 };
    for (k, _, v) in c.mapping(node, path, &["maxInstances", "idleSeconds", "maxInvocations"]) {
        let key = join(path, &k);
        let (min, max) = match k.as_str() {
            "maxInstances" => (1, 64),
            "idleSeconds" => (1, 86_400),
            _ => (0, u32::MAX as u64),
        };
        let Some(text) = c.string(v, &key) else { continue };
        match text.parse::<u64>() {
            Ok(n) if (min..=max).contains(&n) => match k.as_str() {
                "maxInstances" => warm.max_instances = n as usize,
                "idleSeconds" => warm.idle_seconds = n,
                _ => warm.max_invocations = n,
            },
            _ => c.error(
                Some(v),
                &key,
                format!("`{text}` is not allowed: expected an integer from {min} to {max}"),
            ),
        }
    }
    warm
}

/// `build: {command, watch}` (or just the command as a string).
fn build(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Option<Build> {
    if let Some(command) = node.data.as_str() {
        return nonempty(c, node, path, command.to_owned())
            .map(|command| Build { command, watch: Vec::new() });
    }
    let (mut command, mut watch) = (None, Vec::new());
    for (k, _, v) in c.mapping(node, path, &["command", "watch"]) {
        let key = join(path, &k);
        if k == "command" {
            command = c.string(v, &key).and_then(|s| nonempty(c, v, &key, s));
            continue;
        }
        for (i, item) in c.list(v, &key).iter().enumerate() {
            let item_path = format!("{key}[{i}]");
            let Some(pattern) = c.string(item, &item_path) else { continue };
            match globset::Glob::new(&pattern) {
                Ok(_) if !pattern.starts_with('/') && !pattern.split('/').any(|s| s == "..") => {
                    watch.push(pattern)
                }
                Ok(_) => c.error(
                    Some(item),
                    &item_path,
                    format!("`{pattern}` leaves the code directory: patterns are relative to it"),
                ),
                Err(e) => c.error(
                    Some(item),
                    &item_path,
                    format!("`{pattern}` is not a glob pattern: {}", e.kind()),
                ),
            }
        }
    }
    match command {
        Some(command) => Some(Build { command, watch }),
        None => {
            c.error(
                Some(node),
                path,
                "a build needs a `command` (run with sh -c in the function's code directory)",
            );
            None
        }
    }
}

fn nonempty(c: &mut Checker, node: &MarkedYamlOwned, path: &str, text: String) -> Option<String> {
    if text.trim().is_empty() {
        c.error(Some(node), path, "the command is empty");
        return None;
    }
    Some(text)
}

fn key_pairs(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Vec<KeyPair> {
    let mut pairs: Vec<KeyPair> = Vec::new();
    for (i, item) in c.list(node, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let (mut id, mut key) = (None, None);
        for (k, _, v) in c.mapping(item, &item_path, &["secretId", "secretKey"]) {
            let value = c.string(v, &join(&item_path, &k));
            if k == "secretId" { id = value } else { key = value }
        }
        match (id, key) {
            (Some(secret_id), Some(secret_key)) if !secret_key.is_empty() => {
                if pairs.iter().any(|k| k.secret_id == secret_id) {
                    c.error(Some(item), &item_path, format!("secretId `{secret_id}` is declared twice"));
                }
                pairs.push(KeyPair { secret_id, secret_key });
            }
            _ => c.error(Some(item), &item_path, "a key pair needs `secretId` and a non-empty `secretKey`"),
        }
    }
    pairs
}

fn services(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> BTreeMap<String, ServicePolicy> {
    let mut services = BTreeMap::new();
    for (id, _, policy) in c.mapping(node, path, &[]) {
        let service_path = join(path, &id);
        let mut p = ServicePolicy::default();
        for (k, _, list) in c.mapping(policy, &service_path, &["ipAllow", "ipDeny"]) {
            let list_path = join(&service_path, &k);
            let mut nets = Vec::new();
            for (i, item) in c.list(list, &list_path).iter().enumerate() {
                let item_path = format!("{list_path}[{i}]");
                let Some(text) = c.string(item, &item_path) else { continue };
                match parse_net(&text) {
                    Some(net) => nets.push(net),
                    None => c.error(
                        Some(item),
                        &item_path,
                        format!(
                            "`{text}` is not an IP address or CIDR network (e.g. 10.0.0.0/8, 2001:db8::/32)"
                        ),
                    ),
                }
            }
            if k == "ipAllow" { p.ip_allow = nets } else { p.ip_deny = nets }
        }
        services.insert(id, p);
    }
    services
}

/// Why `url` cannot name the usage-plan store, if it cannot: fngate speaks to
/// Redis over TCP (`redis://[:password@]host[:port][/db]`) or a Unix socket
/// (`redis+unix:///path` or `unix:///path`).
pub fn state_url_problem(url: &str) -> Option<String> {
    let usage = "use redis://host:port/db (or redis+unix:///path/to/socket)";
    let Some((scheme, rest)) = url.split_once("://") else {
        return Some(format!("`{url}` is not a URL: {usage}"));
    };
    match scheme {
        "redis" => {
            let authority = rest.split('/').next().unwrap_or_default();
            let host = authority.rsplit('@').next().unwrap_or_default();
            if host.is_empty() || host.starts_with(':') {
                return Some(format!("`{url}` names no host: {usage}"));
            }
            let db = rest.split_once('/').map(|(_, db)| db).unwrap_or_default();
            if !db.is_empty() && db.parse::<u32>().is_err() {
                return Some(format!("`{db}` is not a database number: {usage}"));
            }
            None
        }
        "redis+unix" | "unix" if rest.starts_with('/') => None,
        "redis+unix" | "unix" => Some(format!("`{url}` names no socket path: {usage}")),
        "rediss" => Some(format!("`{url}`: TLS to the store is not supported; {usage}")),
        other => Some(format!("`{other}://` is not a store fngate speaks to: {usage}")),
    }
}

/// An IP network, or a single address as a /32 or /128 network.
pub fn parse_net(text: &str) -> Option<ipnet::IpNet> {
    text.trim()
        .parse::<ipnet::IpNet>()
        .ok()
        .or_else(|| text.trim().parse::<std::net::IpAddr>().ok().map(ipnet::IpNet::from))
}

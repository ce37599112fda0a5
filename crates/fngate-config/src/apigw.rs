//! The `apigw` events of a function: the APIs that call it (spec §1).

use saphyr::{MarkedYamlOwned, ScalarOwned, YamlDataOwned};
use sha2::{Digest, Sha256};

use crate::model::{
    Api, Base64Mode, Function, Param, ParamPosition, Protocols, Timer, TriggerRule, UsagePlan,
};
use crate::node::{Checker, join, line};

/// The stages an API can be released to.
pub const STAGES: [&str; 3] = ["test", "prepub", "release"];
/// The methods an API can be defined with.
pub const METHODS: [&str; 6] = ["ANY", "GET", "HEAD", "POST", "PUT", "DELETE"];
/// Default `stageName`.
pub const DEFAULT_STAGE: &str = "release";
/// Default `httpMethod` (spec §1: `ANY`, as SAM and the components do).
pub const DEFAULT_METHOD: &str = "ANY";
/// Default `serviceTimeout`, seconds.
pub const DEFAULT_SERVICE_TIMEOUT: u64 = 15;
/// `serviceTimeout` range, seconds (the cloud's maximum is 1800).
const SERVICE_TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 1..=1800;

/// The keys of an `apigw` event: `name` and `parameters` (the seeds, the
/// serverless.com docs), or the serverless-tencent-scf plugin's own form,
/// `{service, method, stage, auth}` beside `name` (its API path is always
/// `/<function>`, the default here too).
const EVENT_KEYS: &[&str] = &["name", "parameters", "service", "method", "stage", "auth"];
const PARAMETER_KEYS: &[&str] = &[
    "stageName",
    "serviceId",
    "httpMethod",
    "path",
    "integratedResponse",
    "enableCORS",
    "serviceTimeout",
    "enable",
    "description",
    "protocols",
    // Extensions borrowed from the v2 components (spec §1).
    "isBase64Encoded",
    "isBase64Trigger",
    "base64EncodedTriggerRules",
    "param",
    "auth",
    "usagePlan",
];
/// Trigger types the Tencent plugin accepts but that are not HTTP: warned about, ignored.
pub(crate) const OTHER_TRIGGERS: &[&str] = &["cos", "cmq", "ckafka", "cls", "mps", "clb"];

/// The default service id of a service: `service-` and 8 lowercase letters and
/// digits derived from the service name, the same on every start.
pub fn default_service_id(service: &str) -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let digest = Sha256::digest(service.as_bytes());
    let suffix: String =
        digest.iter().take(8).map(|b| ALPHABET[*b as usize % ALPHABET.len()] as char).collect();
    format!("service-{suffix}")
}

/// Parses `functions.<name>.events` into APIs, and its timers into `timers`.
pub(crate) fn parse_events(
    c: &mut Checker,
    function: &Function,
    events: &MarkedYamlOwned,
    base: &str,
    default_service: &str,
    timers: &mut Vec<Timer>,
    stage: &str,
) -> Vec<Api> {
    let mut apis = Vec::new();
    for (i, event) in c.list(events, base).iter().enumerate() {
        let path = format!("{base}[{i}]");
        let entries = c.mapping(event, &path, &[]);
        if entries.len() != 1 {
            c.error(Some(event), &path, "each event is a mapping with exactly one key: its type (`apigw`)");
            continue;
        }
        let (kind, key_node, body) = &entries[0];
        let path = join(&path, kind);
        match kind.as_str() {
            "apigw" => apis.extend(parse_apigw(c, function, body, &path, default_service, key_node)),
            "timer" => {
                let default_name = format!("timer-{}-{stage}", function.name);
                timers.extend(crate::timer::parse_event(
                    c,
                    &function.name,
                    default_name,
                    body,
                    key_node,
                    path,
                ));
            }
            other if OTHER_TRIGGERS.contains(&other) => {
                c.warning(key_node, &path, format!("`{other}` triggers are not run by fngate; ignored"))
            }
            other => c.error(
                Some(key_node),
                &path,
                format!(
                    "unknown event type `{other}`: allowed are apigw, timer, {}",
                    OTHER_TRIGGERS.join(", ")
                ),
            ),
        }
    }
    apis
}

/// An API with every default, bound to `function`, declared at `key`.
pub(crate) fn default_api(c: &Checker, function: &str, key: &str, key_node: &MarkedYamlOwned) -> Api {
    Api {
        function: function.to_owned(),
        name: format!("{function}_apigw"),
        stage: DEFAULT_STAGE.into(),
        service_id: String::new(),
        method: DEFAULT_METHOD.into(),
        path: format!("/{function}"),
        integrated_response: false,
        enable_cors: false,
        protocols: Protocols::default(),
        service_timeout: DEFAULT_SERVICE_TIMEOUT,
        auth: None,
        usage_plan: None,
        base64: Base64Mode::Off,
        params: Vec::new(),
        key: key.to_owned(),
        file: c.file.to_owned(),
        line: line(key_node),
    }
}

fn parse_apigw(
    c: &mut Checker,
    function: &Function,
    node: &MarkedYamlOwned,
    base: &str,
    default_service: &str,
    key_node: &MarkedYamlOwned,
) -> Option<Api> {
    let mut api = default_api(c, &function.name, base, key_node);
    api.service_id = default_service.into();
    let errors_before = c.diagnostics.len();
    // `enable: false` keeps the API out of the route table (a missing `enable`
    // means enabled, as in the seeds).
    let mut enabled = true;
    for (key, _, value) in c.mapping(node, base, EVENT_KEYS) {
        let path = join(base, &key);
        match key.as_str() {
            "name" => api.name = c.string(value, &path).unwrap_or(api.name),
            "parameters" => parameters(c, &mut api, &mut enabled, value, &path),
            "service" => api.service_id = service_id(c, value, &path).unwrap_or(api.service_id.clone()),
            "method" => api.method = method(c, value, &path).unwrap_or(api.method.clone()),
            "stage" => api.stage = stage(c, value, &path).unwrap_or(api.stage.clone()),
            "auth" => api.auth = auth(c, value, &path),
            _ => {}
        }
    }
    let failed = c.diagnostics[errors_before..].iter().any(|d| d.severity == crate::Severity::Error);
    (!failed && enabled).then_some(api)
}

/// The keys an API has in every dialect, collected until the API is complete.
#[derive(Default)]
pub(crate) struct SharedKeys<'n> {
    encode_all: bool,
    trigger: Option<(bool, &'n MarkedYamlOwned)>,
    rules: Vec<TriggerRule>,
    params: Option<(&'n MarkedYamlOwned, String)>,
}

impl<'n> SharedKeys<'n> {
    /// Takes `key` when every dialect spells it this way; false for other keys.
    pub(crate) fn take(
        &mut self,
        c: &mut Checker,
        api: &mut Api,
        key: &str,
        key_node: &'n MarkedYamlOwned,
        value: &'n MarkedYamlOwned,
        path: &str,
    ) -> bool {
        match key {
            "path" => {
                if let Some(p) = c.string(value, path) {
                    match check_path(&p) {
                        Ok(()) => api.path = p,
                        Err(why) => c.error(Some(value), path, format!("path `{p}` is not allowed: {why}")),
                    }
                }
            }
            "enableCORS" => api.enable_cors = c.boolean(value, path).unwrap_or(false),
            "serviceTimeout" => {
                api.service_timeout =
                    c.integer(value, path, SERVICE_TIMEOUT_RANGE, "seconds").unwrap_or(api.service_timeout)
            }
            "description" => c.ignored(key_node, path, ""),
            "auth" => api.auth = auth(c, value, path),
            "usagePlan" => api.usage_plan = Some(usage_plan(c, value, path)),
            "isBase64Encoded" => self.encode_all = c.boolean(value, path).unwrap_or(false),
            "isBase64Trigger" => self.trigger = Some((c.boolean(value, path).unwrap_or(false), key_node)),
            "base64EncodedTriggerRules" => self.rules = trigger_rules(c, value, path),
            // Checked once the path is known, whatever the key order.
            "param" => self.params = Some((value, path.to_owned())),
            _ => return false,
        }
        true
    }

    /// Completes `api` with what needed every key first (`base` is the keys' path).
    pub(crate) fn finish(self, c: &mut Checker, api: &mut Api, base: &str) {
        if let Some((node, path)) = self.params {
            api.params = params(c, node, &path, &api.path);
        }
        let trigger = self.trigger.is_some_and(|(on, _)| on);
        api.base64 = match (self.encode_all, trigger) {
            (true, true) => Base64Mode::Triggered(self.rules),
            (true, false) => Base64Mode::All,
            (false, _) => {
                if let Some((true, node)) = self.trigger {
                    c.warning(
                        node,
                        &join(base, "isBase64Trigger"),
                        "has no effect unless `isBase64Encoded: true`",
                    );
                }
                Base64Mode::Off
            }
        };
    }
}

/// `protocols: [http, https]`: which schemes may call; `None` (with an error)
/// for anything else or an empty list.
pub(crate) fn protocols(c: &mut Checker, value: &MarkedYamlOwned, path: &str) -> Option<Protocols> {
    let mut allowed = Protocols { http: false, https: false };
    for (i, item) in c.list(value, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        match c.string(item, &item_path).map(|s| s.to_ascii_lowercase()).as_deref() {
            Some("http") => allowed.http = true,
            Some("https") => allowed.https = true,
            Some(other) => {
                c.error(Some(item), &item_path, format!("`{other}` is not allowed: use http or https"))
            }
            None => {}
        }
    }
    if !allowed.http && !allowed.https {
        c.error(Some(value), path, "expected a list of http and https");
        return None;
    }
    Some(allowed)
}

/// A stage name (`test`, `prepub`, `release`), or `None` with an error.
pub(crate) fn stage(c: &mut Checker, value: &MarkedYamlOwned, path: &str) -> Option<String> {
    let stage = c.string(value, path)?;
    if STAGES.contains(&stage.as_str()) {
        return Some(stage);
    }
    c.error(Some(value), path, format!("stage `{stage}` is not allowed: use one of {}", STAGES.join(", ")));
    None
}

/// A service id, or `None` (with an error when it is malformed; none for null or empty).
pub(crate) fn service_id(c: &mut Checker, value: &MarkedYamlOwned, path: &str) -> Option<String> {
    let id = c.string(value, path).filter(|id| !id.is_empty())?;
    if valid_service_id(&id) {
        return Some(id);
    }
    c.error(
        Some(value),
        path,
        format!("`{id}` is not a service id: expected `service-` followed by lowercase letters and digits"),
    );
    None
}

/// An HTTP method of [`METHODS`], upper case, or `None` with an error.
pub(crate) fn method(c: &mut Checker, value: &MarkedYamlOwned, path: &str) -> Option<String> {
    let method = c.string(value, path)?;
    let upper = method.to_ascii_uppercase();
    if METHODS.contains(&upper.as_str()) {
        return Some(upper);
    }
    c.error(
        Some(value),
        path,
        format!("method `{method}` is not allowed: use one of {}", METHODS.join(", ")),
    );
    None
}

fn parameters(c: &mut Checker, api: &mut Api, enabled: &mut bool, node: &MarkedYamlOwned, base: &str) {
    let mut shared = SharedKeys::default();
    for (key, key_node, value) in c.mapping(node, base, PARAMETER_KEYS) {
        let path = join(base, &key);
        if shared.take(c, api, &key, key_node, value, &path) {
            continue;
        }
        match key.as_str() {
            "stageName" => api.stage = stage(c, value, &path).unwrap_or(api.stage.clone()),
            "serviceId" => api.service_id = service_id(c, value, &path).unwrap_or(api.service_id.clone()),
            "httpMethod" => api.method = method(c, value, &path).unwrap_or(api.method.clone()),
            "integratedResponse" => api.integrated_response = c.boolean(value, &path).unwrap_or(false),
            "enable" => *enabled = c.boolean(value, &path).unwrap_or(true),
            "protocols" => api.protocols = protocols(c, value, &path).unwrap_or_default(),
            _ => {}
        }
    }
    shared.finish(c, api, base);
}

/// `auth`: `true` (the plugin's form: any declared key pair may call, resolved
/// once the key pairs are read), `false` (open), or `{secretIds: [...]}`.
fn auth(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Option<Vec<String>> {
    if let YamlDataOwned::Value(ScalarOwned::Boolean(on)) = &node.data {
        return on.then(Vec::new);
    }
    Some(secret_ids(c, node, path))
}

fn secret_ids(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Vec<String> {
    let mut ids = Vec::new();
    for (k, key_node, v) in c.mapping(node, path, &["secretIds", "secretName"]) {
        if k != "secretIds" {
            c.ignored(key_node, &join(path, &k), "key pairs are named by `secretIds`");
            continue;
        }
        let list_path = join(path, "secretIds");
        for (i, item) in c.list(v, &list_path).iter().enumerate() {
            ids.extend(c.string(item, &format!("{list_path}[{i}]")));
        }
    }
    if ids.is_empty() {
        c.error(
            Some(node),
            path,
            "`auth` needs `secretIds`: the key pairs (custom.fngate.keyPairs) that may call",
        );
    }
    ids
}

fn usage_plan(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> UsagePlan {
    let mut plan = UsagePlan { max_per_second: None, max_total: None };
    let known = ["maxRequestNumPreSec", "maxRequestNum", "usagePlanId", "usagePlanName", "usagePlanDesc"];
    for (k, key_node, v) in c.mapping(node, path, &known) {
        let p = join(path, &k);
        if k.starts_with("usagePlan") {
            c.ignored(key_node, &p, "");
        }
        let limit = |c: &mut Checker| match crate::node::scalar_string(v).as_deref() {
            Some("-1") => None,
            _ => c.integer(v, &p, 1..=u32::MAX as u64, "requests (or -1 for no limit)"),
        };
        match k.as_str() {
            "maxRequestNumPreSec" => plan.max_per_second = limit(c).map(|n| n as u32),
            "maxRequestNum" => plan.max_total = limit(c),
            _ => {}
        }
    }
    plan
}

fn trigger_rules(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Vec<TriggerRule> {
    let mut rules = Vec::new();
    for (i, item) in c.list(node, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let (mut header, mut values) = (None, Vec::new());
        for (k, _, v) in c.mapping(item, &item_path, &["name", "value"]) {
            let p = join(&item_path, &k);
            if k == "name" {
                header = match c.string(v, &p).as_deref() {
                    Some("Content_Type") | Some("Content-Type") => Some("content-type".to_owned()),
                    Some("Accept") => Some("accept".to_owned()),
                    Some(other) => {
                        c.error(
                            Some(v),
                            &p,
                            format!("`{other}` is not allowed: use `Content_Type` or `Accept`"),
                        );
                        None
                    }
                    None => None,
                };
            } else {
                for (j, x) in c.list(v, &p).iter().enumerate() {
                    values.extend(c.string(x, &format!("{p}[{j}]")).map(|s| s.to_ascii_lowercase()));
                }
            }
        }
        if let Some(header) = header {
            rules.push(TriggerRule { header, values });
        }
    }
    rules
}

fn params(c: &mut Checker, node: &MarkedYamlOwned, path: &str, api_path: &str) -> Vec<Param> {
    let known = ["name", "position", "required", "defaultValue", "desc", "type"];
    let mut out = Vec::new();
    for (i, item) in c.list(node, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let (mut name, mut position, mut required, mut default) = (None, None, false, None);
        for (k, _, v) in c.mapping(item, &item_path, &known) {
            let p = join(&item_path, &k);
            match k.as_str() {
                "name" => name = c.string(v, &p),
                "position" => {
                    position = match c.string(v, &p).map(|s| s.to_ascii_uppercase()).as_deref() {
                        Some("PATH") => Some(ParamPosition::Path),
                        Some("QUERY") => Some(ParamPosition::Query),
                        Some("HEADER") => Some(ParamPosition::Header),
                        Some(other) => {
                            c.error(
                                Some(v),
                                &p,
                                format!("`{other}` is not allowed: use PATH, QUERY or HEADER"),
                            );
                            None
                        }
                        None => None,
                    }
                }
                "required" => required = c.boolean(v, &p).unwrap_or(false),
                "defaultValue" => default = c.string(v, &p),
                _ => {}
            }
        }
        let (Some(name), Some(position)) = (name, position) else {
            c.error(Some(item), &item_path, "a parameter needs `name` and `position`");
            continue;
        };
        if position == ParamPosition::Path && !api_path.contains(&format!("{{{name}}}")) {
            c.error(
                Some(item),
                &item_path,
                format!("path parameter `{name}` is not a `{{{name}}}` segment of the path"),
            );
        }
        out.push(Param { name, position, required, default });
    }
    out
}

fn valid_service_id(id: &str) -> bool {
    id.strip_prefix("service-").is_some_and(|rest| {
        !rest.is_empty() && rest.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    })
}

/// Checks an API path: `/a/b`, `/user/{id}` (a variable is a whole segment),
/// `=/exact` or `^~/prefix` (no variables after `^~`).
fn check_path(path: &str) -> Result<(), String> {
    let (marker, rest) = if let Some(rest) = path.strip_prefix('=') {
        ("=", rest)
    } else if let Some(rest) = path.strip_prefix("^~") {
        ("^~", rest)
    } else {
        ("", path)
    };
    if !rest.starts_with('/') {
        return Err("it must start with `/` (after `=` or `^~` if any)".into());
    }
    if rest.contains(['?', '#', ' ', '\t']) {
        return Err("no query, fragment or spaces".into());
    }
    for segment in rest.split('/') {
        let opens = segment.matches('{').count();
        let closes = segment.matches('}').count();
        if opens == 0 && closes == 0 {
            continue;
        }
        let name = segment.strip_prefix('{').and_then(|s| s.strip_suffix('}'));
        match name {
            Some(name)
                if opens == 1
                    && closes == 1
                    && !name.is_empty()
                    && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') =>
            {
                if marker == "^~" {
                    return Err("a `^~` prefix cannot hold variables".into());
                }
            }
            _ => {
                return Err(format!(
                    "`{segment}`: a variable is a whole segment `{{name}}` of letters, digits and `_`"
                ));
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_service_id_is_stable_and_well_formed() {
        let id = default_service_id("hello-world");
        assert_eq!(id, default_service_id("hello-world"));
        assert_ne!(id, default_service_id("other"));
        assert!(valid_service_id(&id) && id.len() == "service-".len() + 8, "{id}");
    }

    #[test]
    fn paths() {
        for ok in ["/", "/a/b", "/user/{id}", "/u/{id}/posts/{post_id}", "=/exact", "^~/static", "/user"] {
            assert!(check_path(ok).is_ok(), "{ok}");
        }
        for bad in ["a", "/a?b", "/u/{id", "/u/x{id}", "/u/{}", "^~/u/{id}", "=x"] {
            assert!(check_path(bad).is_err(), "{bad}");
        }
    }
}

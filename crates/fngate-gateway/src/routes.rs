//! The route table: from (host, path, method) to the API that answers (spec §2).
//!
//! Built once from a validated config and then immutable, so it can be shared
//! behind an `Arc` and swapped whole when the config changes.

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use fngate_config::{Api, Config, STAGES};

/// One routable API.
#[derive(Debug)]
pub struct Route {
    /// The API as configured.
    pub api: Api,
    /// Its usage plan's state, when it has one.
    pub(crate) limits: Option<crate::limits::Limits>,
    /// Its series in the gateway's metrics, once it has had a request.
    pub(crate) metrics: std::sync::OnceLock<crate::metrics::RouteMetrics>,
}

impl Route {
    /// Its API and its series, as the metrics count them.
    pub(crate) fn metered(&self) -> crate::metrics::Metered<'_> {
        crate::metrics::Metered { api: &self.api, handles: &self.metrics }
    }
}

/// What identifies an API across config reloads.
fn api_key(api: &Api) -> (&str, &str, &str, &str) {
    (&api.service_id, &api.stage, &api.path, &api.method)
}

/// A match: the API, and the values of its `{var}` segments.
#[derive(Debug)]
pub struct Matched<'a> {
    /// The API that answers.
    pub route: &'a Arc<Route>,
    /// The stage from the URL.
    pub stage: &'a str,
    /// The request path without the stage.
    pub path: &'a str,
    /// `{var}` values, percent-decoded.
    pub path_parameters: BTreeMap<String, String>,
}

/// Why no API answers a request; each has the gateway's 404 message (spec §2).
#[derive(Debug, PartialEq, Eq)]
pub enum NoRoute {
    /// The first path segment is not a stage.
    Stage(String),
    /// No API path matches.
    Uri(String),
    /// An API path matches but not with this method.
    Method(String),
}

impl NoRoute {
    /// The gateway's message for it.
    pub fn message(&self) -> String {
        match self {
            NoRoute::Stage(segment) => format!("There is no api match default env_mapping[/{segment}]"),
            NoRoute::Uri(path) => format!("There is no api match uri[{path}]"),
            NoRoute::Method(method) => format!("There is no api match method[{method}]"),
        }
    }
}

#[derive(Debug)]
enum Pattern {
    /// `=/path`: exactly this path.
    Exact(String),
    /// `^~/prefix`: a prefix that wins over variables and plain prefixes.
    Preferred(String),
    /// `/a/{b}/c`: one segment per variable.
    Template(Vec<Segment>),
    /// `/path`: a raw string prefix; the longest wins.
    Prefix(String),
}

#[derive(Debug)]
enum Segment {
    Literal(String),
    Var(String),
}

/// The APIs that share one path pattern on one stage of one service.
#[derive(Debug)]
struct Location {
    pattern: Pattern,
    routes: Vec<Arc<Route>>,
}

#[derive(Debug)]
struct Service {
    id: String,
    stages: HashMap<String, Vec<Location>>,
}

/// All APIs of a config, by service, stage and path pattern.
#[derive(Debug)]
pub struct RouteTable {
    /// In file order; the first is the default service.
    services: Vec<Service>,
    routes: Vec<Arc<Route>>,
}

impl RouteTable {
    /// Compiles the APIs of a validated config.
    pub fn new(config: &Config) -> Self {
        Self::carrying(config, None)
    }

    /// Compiles the APIs of a validated config, carrying each API's usage-plan
    /// state over from `previous` (the table being replaced) where the same API
    /// (service, stage, path, method) exists in both.
    pub fn carrying(config: &Config, previous: Option<&RouteTable>) -> Self {
        let old: HashMap<_, _> = previous
            .map(|t| t.routes.iter().map(|r| (api_key(&r.api), r.clone())).collect())
            .unwrap_or_default();
        let mut services: Vec<Service> = Vec::new();
        let mut routes = Vec::new();
        for api in &config.apis {
            let previous = old.get(&api_key(api)).and_then(|r| r.limits.as_ref());
            let limits = crate::limits::Limits::carried(api, previous);
            let route = Arc::new(Route { api: api.clone(), limits, metrics: Default::default() });
            routes.push(route.clone());
            let service = match services.iter().position(|s| s.id == api.service_id) {
                Some(i) => &mut services[i],
                None => {
                    services.push(Service { id: api.service_id.clone(), stages: HashMap::new() });
                    services.last_mut().expect("just pushed")
                }
            };
            let locations = service.stages.entry(api.stage.clone()).or_default();
            let pattern = Pattern::parse(&api.path);
            match locations.iter_mut().find(|l| l.pattern.same(&pattern)) {
                Some(location) => location.routes.push(route),
                None => locations.push(Location { pattern, routes: vec![route] }),
            }
        }
        RouteTable { services, routes }
    }

    /// Every API, in file order.
    pub fn routes(&self) -> &[Arc<Route>] {
        &self.routes
    }

    /// Finds the API for a request: the service from `host`, the stage from the
    /// first path segment, the API by path (spec §2 priority), then by method.
    pub fn route<'a>(
        &'a self,
        host: Option<&str>,
        path: &'a str,
        method: &str,
    ) -> Result<Matched<'a>, NoRoute> {
        let rest = path.strip_prefix('/').unwrap_or(path);
        let (stage, api_path) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, "/"),
        };
        if !STAGES.contains(&stage) {
            return Err(NoRoute::Stage(stage.to_owned()));
        }
        let no_uri = || NoRoute::Uri(api_path.to_owned());
        let service = self.service(host).ok_or_else(no_uri)?;
        let locations = service.stages.get(stage).ok_or_else(no_uri)?;
        let (location, path_parameters) = best_location(locations, api_path).ok_or_else(no_uri)?;
        let route = location
            .routes
            .iter()
            .find(|r| r.api.method == method)
            .or_else(|| location.routes.iter().find(|r| r.api.method == "ANY"))
            .ok_or_else(|| NoRoute::Method(method.to_owned()))?;
        Ok(Matched { route, stage, path: api_path, path_parameters })
    }

    /// The service named by the host's first label (`service-xxxx` or
    /// `service-xxxx-<appid>`), else the default (first) one.
    fn service(&self, host: Option<&str>) -> Option<&Service> {
        let label = host.and_then(|h| h.split(['.', ':']).next()).unwrap_or("").to_ascii_lowercase();
        self.services
            .iter()
            .find(|s| label == s.id || label.strip_prefix(s.id.as_str()).is_some_and(|r| r.starts_with('-')))
            .or_else(|| self.services.first())
    }

    /// The id of the service a request's `Host` picks (matched case-insensitively;
    /// the first service when no label matches), before any path is looked at.
    pub fn service_id(&self, host: Option<&str>) -> Option<&str> {
        self.service(host).map(|s| s.id.as_str())
    }
}

fn best_location<'l>(
    locations: &'l [Location],
    path: &str,
) -> Option<(&'l Location, BTreeMap<String, String>)> {
    let none = BTreeMap::new;
    if let Some(l) = locations.iter().find(|l| matches!(&l.pattern, Pattern::Exact(p) if p == path)) {
        return Some((l, none()));
    }
    let longest_prefix = |preferred: bool| {
        locations
            .iter()
            .filter_map(|l| match &l.pattern {
                Pattern::Preferred(p) if preferred && path.starts_with(p.as_str()) => Some((l, p.len())),
                Pattern::Prefix(p) if !preferred && path.starts_with(p.as_str()) => Some((l, p.len())),
                _ => None,
            })
            .max_by_key(|(_, len)| *len)
            .map(|(l, _)| l)
    };
    if let Some(l) = longest_prefix(true) {
        return Some((l, none()));
    }
    // Among matching templates, the most literal segments (most specific) wins.
    let template = locations
        .iter()
        .filter_map(|l| match &l.pattern {
            Pattern::Template(segments) => match_template(segments, path).map(|params| (l, params, segments)),
            _ => None,
        })
        .max_by_key(|(_, _, segments)| {
            std::cmp::Reverse(segments.iter().filter(|s| matches!(s, Segment::Var(_))).count())
        });
    if let Some((l, params, _)) = template {
        return Some((l, params));
    }
    longest_prefix(false).map(|l| (l, none()))
}

fn match_template(segments: &[Segment], path: &str) -> Option<BTreeMap<String, String>> {
    let parts: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    if parts.len() != segments.len() {
        return None;
    }
    let mut params = BTreeMap::new();
    for (segment, part) in segments.iter().zip(parts) {
        match segment {
            Segment::Literal(lit) if lit == part => {}
            Segment::Var(name) if !part.is_empty() => {
                let value = percent_encoding::percent_decode_str(part).decode_utf8_lossy().into_owned();
                params.insert(name.clone(), value);
            }
            _ => return None,
        }
    }
    Some(params)
}

impl Pattern {
    fn parse(path: &str) -> Pattern {
        if let Some(p) = path.strip_prefix('=') {
            return Pattern::Exact(p.to_owned());
        }
        if let Some(p) = path.strip_prefix("^~") {
            return Pattern::Preferred(p.to_owned());
        }
        if path.contains('{') {
            let segments = path
                .strip_prefix('/')
                .unwrap_or(path)
                .split('/')
                .map(|s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => Segment::Var(name.to_owned()),
                    None => Segment::Literal(s.to_owned()),
                })
                .collect();
            return Pattern::Template(segments);
        }
        Pattern::Prefix(path.to_owned())
    }

    fn same(&self, other: &Pattern) -> bool {
        match (self, other) {
            (Pattern::Exact(a), Pattern::Exact(b))
            | (Pattern::Preferred(a), Pattern::Preferred(b))
            | (Pattern::Prefix(a), Pattern::Prefix(b)) => a == b,
            (Pattern::Template(a), Pattern::Template(b)) => {
                a.len() == b.len()
                    && a.iter().zip(b).all(|pair| match pair {
                        (Segment::Literal(x), Segment::Literal(y)) => x == y,
                        (Segment::Var(_), Segment::Var(_)) => true,
                        _ => false,
                    })
            }
            _ => false,
        }
    }
}

/// The path the event's `requestContext.path` shows: the configured path without
/// its `=` or `^~` marker.
pub fn display_path(path: &str) -> &str {
    path.strip_prefix('=').or_else(|| path.strip_prefix("^~")).unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(apis: &[(&str, &str, &str, &str)]) -> RouteTable {
        let mut yaml = String::from("service: s\nprovider: {runtime: Wasm}\nfunctions:\n");
        for (i, (stage, method, path, service)) in apis.iter().enumerate() {
            yaml += &format!(
                "  f{i}:\n    handler: f.main\n    events:\n      - apigw: {{parameters: {{stageName: {stage}, httpMethod: {method}, path: '{path}', serviceId: {service}}}}}\n"
            );
        }
        let dir = std::env::temp_dir().join(format!("fngate-routes-{}-{}", std::process::id(), apis.len()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("serverless.yml"), yaml).unwrap();
        let (config, _) = fngate_config::load(&dir).unwrap();
        RouteTable::new(&config)
    }

    fn function(t: &RouteTable, host: Option<&str>, path: &str, method: &str) -> Result<String, NoRoute> {
        t.route(host, path, method).map(|m| m.route.api.function.clone())
    }

    #[test]
    fn priority_exact_preferred_template_prefix() {
        let t = table(&[
            ("release", "GET", "/user", "service-a"),
            ("release", "GET", "/user/{id}", "service-a"),
            ("release", "GET", "=/user/me", "service-a"),
            ("release", "GET", "^~/user/static", "service-a"),
            ("release", "GET", "/user/{id}/posts", "service-a"),
            ("release", "GET", "/user/{a}/{b}", "service-a"),
        ]);
        assert_eq!(function(&t, None, "/release/user", "GET").unwrap(), "f0");
        assert_eq!(function(&t, None, "/release/usertest", "GET").unwrap(), "f0", "raw string prefix");
        assert_eq!(function(&t, None, "/release/user/42", "GET").unwrap(), "f1");
        assert_eq!(function(&t, None, "/release/user/me", "GET").unwrap(), "f2");
        assert_eq!(function(&t, None, "/release/user/static/x/y", "GET").unwrap(), "f3");
        assert_eq!(
            function(&t, None, "/release/user/7/posts", "GET").unwrap(),
            "f4",
            "most literal template"
        );
        assert_eq!(function(&t, None, "/release/user/7/x", "GET").unwrap(), "f5");
        assert_eq!(
            function(&t, None, "/release/user/1/2/3", "GET").unwrap(),
            "f0",
            "falls back to the prefix"
        );
        let m = t.route(None, "/release/user/a%20b", "GET").unwrap();
        assert_eq!(m.path_parameters["id"], "a b");
        assert_eq!(m.path, "/user/a%20b");
    }

    #[test]
    fn not_found_messages() {
        let t = table(&[("release", "POST", "/hello", "service-a")]);
        assert_eq!(function(&t, None, "/prod/hello", "POST"), Err(NoRoute::Stage("prod".into())));
        assert_eq!(function(&t, None, "/", "POST"), Err(NoRoute::Stage("".into())));
        assert_eq!(function(&t, None, "/test/hello", "POST"), Err(NoRoute::Uri("/hello".into())));
        assert_eq!(function(&t, None, "/release/bye", "POST"), Err(NoRoute::Uri("/bye".into())));
        assert_eq!(function(&t, None, "/release/hello", "GET"), Err(NoRoute::Method("GET".into())));
        assert_eq!(NoRoute::Method("GET".into()).message(), "There is no api match method[GET]");
    }

    #[test]
    fn any_and_specific_methods_and_services_by_host() {
        let t = table(&[
            ("release", "ANY", "/x", "service-a"),
            ("release", "DELETE", "/x", "service-a"),
            ("release", "GET", "/x", "service-b"),
        ]);
        assert_eq!(function(&t, None, "/release/x", "PATCH").unwrap(), "f0");
        assert_eq!(function(&t, None, "/release/x", "DELETE").unwrap(), "f1");
        assert_eq!(
            function(&t, Some("service-b-1250000000.gz.apigw.tencentcs.com"), "/release/x", "GET").unwrap(),
            "f2"
        );
        assert_eq!(function(&t, Some("service-b:9000"), "/release/x", "GET").unwrap(), "f2");
        assert_eq!(
            function(&t, Some("localhost:9000"), "/release/x", "GET").unwrap(),
            "f0",
            "default service"
        );
        assert_eq!(
            function(&t, Some("service-bb"), "/release/x", "GET").unwrap(),
            "f0",
            "not a prefix match"
        );
    }
}

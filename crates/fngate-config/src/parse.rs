//! From YAML text to a validated [`Config`].

use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYamlOwned};

use crate::apigw::default_service_id;
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{self, Api, Config, Custom, Function, Provider};
use crate::node::{Checker, is_null, join};

const TOP_KEYS: &[&str] =
    &["service", "provider", "plugins", "package", "functions", "custom", "frameworkVersion", "org", "app"];
const PROVIDER_KEYS: &[&str] = &[
    "name",
    "runtime",
    "region",
    "stage",
    "credentials",
    "memorySize",
    "timeout",
    "description",
    "role",
    "enableRoleAuth",
    "cosBucket",
    "environment",
    "vpcConfig",
    "apiGateway",
];
const FUNCTION_KEYS: &[&str] = &[
    "handler",
    "runtime",
    "description",
    "memorySize",
    "timeout",
    "environment",
    "events",
    "reservedConcurrency",
    "role",
    "vpcConfig",
];
const ENVIRONMENT_KEYS: &[&str] = &["variables"];
/// Runtimes fngate runs; matched case-insensitively.
const WASM_RUNTIMES: &[&str] = &["Wasm", "WASI"];
/// Timeout range in seconds (SCF: 1–900).
const TIMEOUT_RANGE: std::ops::RangeInclusive<u64> = 1..=900;
/// memorySize range in MB: up to the 4 GiB a wasm32 memory can address.
const MEMORY_RANGE: std::ops::RangeInclusive<u64> = 1..=4096;

pub(crate) fn parse(file: &Path, source: &str) -> Result<(Config, Diagnostics), Diagnostics> {
    if let Err(too_big) = crate::bounds::check(source) {
        return Err(Diagnostics::single(Diagnostic::error(file, too_big.line, "", too_big.message)));
    }
    let docs = MarkedYamlOwned::load_from_str(source).map_err(|e| {
        Diagnostics::single(Diagnostic::error(
            file,
            Some(e.marker().line()),
            "",
            format!("malformed YAML: {}", e.info()),
        ))
    })?;
    let Some(root) = docs.first() else {
        return Err(Diagnostics::single(Diagnostic::error(file, None, "", "the file is empty")));
    };
    let mut c = Checker { file, diagnostics: Vec::new(), env_values: Vec::new() };
    let root = crate::vars::resolve(&mut c, root);
    let config = config(&mut c, file, &root);
    let diagnostics = Diagnostics(c.diagnostics);
    match config {
        Some(config) if !diagnostics.has_errors() => Ok((config, diagnostics)),
        _ => Err(diagnostics),
    }
}

fn config(c: &mut Checker, file: &Path, root: &MarkedYamlOwned) -> Option<Config> {
    let mut service = None;
    let mut provider = Provider { region: model::DEFAULT_REGION.into(), ..Provider::default() };
    let mut functions_node = None;
    let mut custom = Custom::default();
    for (key, _, value) in c.mapping(root, "", TOP_KEYS) {
        match key.as_str() {
            "service" => service = c.string(value, "service"),
            "provider" => provider = parse_provider(c, value),
            "functions" => functions_node = Some(value),
            "custom" => custom = crate::custom::parse_custom(c, value),
            _ => {}
        }
    }
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    // The seed documents show `functions:` alone: name the service after the directory.
    let service = service.unwrap_or_else(|| {
        let name = dir.canonicalize().ok().and_then(|d| Some(d.file_name()?.to_string_lossy().into_owned()));
        let name = name.unwrap_or_else(|| "default".to_owned());
        c.warning(root, "service", format!("missing: using `{name}`, the directory's name"));
        name
    });
    let default_service = provider.service_id.clone().unwrap_or_else(|| default_service_id(&service));
    let mut functions = Vec::new();
    let mut apis = Vec::new();
    match functions_node {
        Some(node) => {
            for (name, key_node, value) in c.mapping(node, "functions", &[]) {
                let Some(function) = parse_function(c, &dir, &provider, &name, key_node, value) else {
                    continue;
                };
                let events = c.mapping(value, "", &[]).into_iter().find(|(k, _, _)| k == "events");
                if let Some((_, _, events)) = events {
                    let base = join(&join("functions", &name), "events");
                    apis.extend(crate::apigw::parse_events(c, &function, events, &base, &default_service));
                }
                functions.push(function);
            }
            if functions.is_empty() && !c.diagnostics.iter().any(|d| d.key.starts_with("functions")) {
                c.error(Some(node), "functions", "no functions defined");
            }
        }
        None => c.error(Some(root), "functions", "missing: define at least one function"),
    }
    check_bindings(c, &apis);
    check_policies(c, &apis, &custom);
    Some(Config { file: file.to_owned(), dir, service, provider, functions, apis, custom })
}

/// One API = (service, path, method) across stages, bound to exactly one function.
/// A path with its variables' names left out: `/u/{id}` and `/u/{name}` match
/// the same requests, so they are one API.
fn path_shape(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') && segment.ends_with('}') { "{}" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

fn check_bindings(c: &mut Checker, apis: &[Api]) {
    for (i, api) in apis.iter().enumerate() {
        let shape = path_shape(&api.path);
        let first = apis[..i].iter().find(|a| {
            a.service_id == api.service_id && a.method == api.method && path_shape(&a.path) == shape
        });
        if let Some(first) = first {
            let at = first.line.map(|l| format!(" (line {l})")).unwrap_or_default();
            let same = if first.path == api.path {
                String::new()
            } else {
                format!(" (as {}: the paths differ only in variable names)", first.path)
            };
            let message = format!(
                "the API {} {} on {} is already bound{same} to function `{}` at {}{at}; binding it again to `{}` is not allowed: an API (service, path, method) binds exactly one function across all stages",
                api.method, api.path, api.service_id, first.function, first.key, api.function
            );
            c.diagnostics.push(Diagnostic::error(c.file, api.line, &api.key, message));
        }
    }
}

/// Key pairs named by APIs must be declared; per-service policies should name a service.
fn check_policies(c: &mut Checker, apis: &[Api], custom: &Custom) {
    for api in apis {
        for id in api.auth.iter().flatten() {
            if !custom.key_pairs.iter().any(|k| &k.secret_id == id) {
                let message = format!("secret id `{id}` is not declared under custom.fngate.keyPairs");
                c.diagnostics.push(Diagnostic::error(
                    c.file,
                    api.line,
                    &join(&api.key, "parameters.auth"),
                    message,
                ));
            }
        }
    }
    // An API with errors is left out of `apis`: only warn about a complete config.
    let has_errors = c.diagnostics.iter().any(|d| d.severity == crate::Severity::Error);
    for id in custom.services.keys().filter(|_| !has_errors) {
        if !apis.iter().any(|a| &a.service_id == id) {
            let key = join("custom.fngate.services", id);
            c.diagnostics.push(Diagnostic::warning(c.file, None, &key, "no API uses this service id"));
        }
    }
}

fn parse_provider(c: &mut Checker, node: &MarkedYamlOwned) -> Provider {
    let mut p = Provider { region: model::DEFAULT_REGION.into(), ..Provider::default() };
    for (key, key_node, value) in c.mapping(node, "provider", PROVIDER_KEYS) {
        let path = join("provider", &key);
        match key.as_str() {
            "name" => {
                if let Some(name) = c.string(value, &path)
                    && name != "tencent"
                {
                    c.error(
                        Some(value),
                        &path,
                        format!("`{name}` is not supported: fngate reads the `tencent` provider format"),
                    );
                }
            }
            "runtime" => p.runtime = c.string(value, &path),
            "region" => p.region = c.string(value, &path).unwrap_or(p.region),
            "stage" => {
                p.stage = c.string(value, &path);
                c.ignored(key_node, &path, "the stage only names the deployment (reference §1.1)");
            }
            "credentials" | "description" | "role" | "enableRoleAuth" | "cosBucket" | "vpcConfig" => {
                c.ignored(key_node, &path, "")
            }
            "timeout" => p.timeout = c.integer(value, &path, TIMEOUT_RANGE, "seconds"),
            "memorySize" => p.memory_size = c.integer(value, &path, MEMORY_RANGE, "MB"),
            "environment" => p.environment = environment(c, value, &path),
            "apiGateway" => {
                for (k, _, v) in c.mapping(value, &path, &["serviceId"]) {
                    p.service_id = c.string(v, &join(&path, &k));
                }
            }
            _ => {}
        }
    }
    p
}

fn environment(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    for (key, _, value) in c.mapping(node, path, ENVIRONMENT_KEYS) {
        if key == "variables" {
            vars = c.string_map(value, &join(path, "variables"));
        }
    }
    vars
}

fn parse_function(
    c: &mut Checker,
    dir: &Path,
    provider: &Provider,
    name: &str,
    key_node: &MarkedYamlOwned,
    node: &MarkedYamlOwned,
) -> Option<Function> {
    let base = join("functions", name);
    if is_null(node) {
        c.error(Some(key_node), &base, "the function has no settings: give at least `handler`");
        return None;
    }
    let errors_before = c.diagnostics.len();
    let mut handler = None;
    let mut runtime = None;
    let mut description = String::new();
    let mut timeout = None;
    let mut memory_size = None;
    let mut reserved_concurrency = None;
    let mut environment_vars = provider.environment.clone();
    for (key, key_node, value) in c.mapping(node, &base, FUNCTION_KEYS) {
        let path = join(&base, &key);
        match key.as_str() {
            "handler" => handler = c.string(value, &path).map(|h| (h, value)),
            "runtime" => runtime = c.string(value, &path).map(|r| (r, value)),
            "description" => description = c.string(value, &path).unwrap_or_default(),
            "role" | "vpcConfig" => c.ignored(key_node, &path, ""),
            "timeout" => timeout = c.integer(value, &path, TIMEOUT_RANGE, "seconds"),
            "memorySize" => memory_size = c.integer(value, &path, MEMORY_RANGE, "MB"),
            "reservedConcurrency" => {
                reserved_concurrency = c.integer(value, &path, 1..=100_000, "concurrent invocations")
            }
            "environment" => {
                for (k, v) in environment(c, value, &path) {
                    environment_vars.retain(|(existing, _)| *existing != k);
                    environment_vars.push((k, v));
                }
            }
            _ => {}
        }
    }
    let handler = match handler {
        Some((h, _)) if !h.is_empty() && !h.contains('/') => h,
        Some((h, node)) => {
            c.error(
                Some(node),
                &join(&base, "handler"),
                format!("`{h}` is not a `file.entry` handler in the code directory"),
            );
            return None;
        }
        None => "index.main_handler".to_owned(),
    };
    let runtime = match (runtime, &provider.runtime) {
        (Some((r, node)), _) => check_runtime(c, &r, Some(node), &join(&base, "runtime")),
        (None, Some(r)) => check_runtime(c, r, Some(key_node), "provider.runtime"),
        (None, None) => {
            c.error(
                Some(key_node),
                &join(&base, "runtime"),
                "missing: set `runtime: Wasm` here or under `provider`",
            );
            None
        }
    }?;
    if c.diagnostics[errors_before..].iter().any(|d| d.severity == crate::Severity::Error) {
        return None;
    }
    let file = model::handler_file(&handler);
    let wasm = dir.join(format!("{file}.wasm"));
    let wat = dir.join(format!("{file}.wat"));
    let module = if model::is_javascript(&runtime) {
        dir.join(format!("{file}.js"))
    } else if !wasm.exists() && wat.exists() {
        wat
    } else {
        wasm
    };
    Some(Function {
        name: name.to_owned(),
        handler,
        runtime,
        description,
        timeout: timeout.or(provider.timeout).unwrap_or(model::DEFAULT_TIMEOUT_SECS),
        memory_size: memory_size.or(provider.memory_size).unwrap_or(model::DEFAULT_MEMORY_MB),
        environment: environment_vars,
        reserved_concurrency: reserved_concurrency.map(|n| n as usize),
        module,
        line: crate::node::line(key_node),
    })
}

fn check_runtime(
    c: &mut Checker,
    runtime: &str,
    node: Option<&MarkedYamlOwned>,
    path: &str,
) -> Option<String> {
    if WASM_RUNTIMES.iter().any(|r| r.eq_ignore_ascii_case(runtime)) || model::is_javascript(runtime) {
        return Some(runtime.to_owned());
    }
    c.error(
        node,
        path,
        format!(
            "runtime `{runtime}` is not supported: use `Wasm` (or `WASI`) for a WebAssembly module, or `Nodejs…` (e.g. Nodejs16.13) for JavaScript"
        ),
    );
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_str(src: &str) -> Result<(Config, Diagnostics), Diagnostics> {
        parse(Path::new("/p/serverless.yml"), src)
    }

    #[test]
    fn provider_defaults_flow_into_functions() {
        let (cfg, warnings) = parse_str(
            "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\n  timeout: 10\n  environment:\n    variables:\n      A: '1'\n      B: 2\nfunctions:\n  f:\n    handler: mod.main\n    memorySize: 64\n    environment:\n      variables:\n        B: three\n",
        )
        .unwrap();
        assert!(warnings.0.is_empty(), "{warnings}");
        let f = cfg.function("f").unwrap();
        assert_eq!((f.timeout, f.memory_size, f.runtime.as_str()), (10, 64, "Wasm"));
        assert_eq!(f.environment, vec![("A".into(), "1".into()), ("B".into(), "three".into())]);
        assert_eq!(f.module, Path::new("/p/mod.wasm"));
        assert_eq!(f.line, Some(11));
    }

    #[test]
    fn every_error_names_line_and_key() {
        let err = parse_str(
            "service: s\nprovider:\n  name: tencent\nfunctions:\n  f:\n    handler: a.b\n    runtime: Python3.6\n    timeout: 9000\n  g:\n    handler: a.b\n    runtime: wasm\n    memorySize: lots\n    colour: blue\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("/p/serverless.yml:7: functions.f.runtime: runtime `Python3.6` is not supported"),
            "{text}"
        );
        assert!(text.contains("/p/serverless.yml:8: functions.f.timeout: 9000 is not allowed"), "{text}");
        assert!(text.contains("/p/serverless.yml:12: functions.g.memorySize: lots is not allowed"), "{text}");
        assert!(text.contains("warning: /p/serverless.yml:13: functions.g.colour: unknown key"), "{text}");
        assert_eq!(err.errors().count(), 3);
    }

    #[test]
    fn a_value_from_the_environment_is_never_printed() {
        // SAFETY: a variable only this test reads.
        unsafe { std::env::set_var("FNGATE_TEST_SECRET_MEMORY", "hunter2-secret") };
        let err = parse_str(
            "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n  f:\n    handler: a.b\n    memorySize: ${env:FNGATE_TEST_SECRET_MEMORY}\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(
            text.contains("functions.f.memorySize: ${env:FNGATE_TEST_SECRET_MEMORY} is not allowed"),
            "{text}"
        );
    }

    #[test]
    fn references_to_references_are_bounded() {
        // Each level doubles the text of the one before: 2^30 bytes unbounded.
        let mut src = String::from(
            "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\ncustom:\n  l0: xxxxxxxxxxxxxxxx\n",
        );
        for i in 1..31 {
            src += &format!("  l{i}: \"${{self:custom.l{0}}}${{self:custom.l{0}}}\"\n", i - 1);
        }
        src += "functions:\n  f:\n    handler: a.b\n";
        let started = std::time::Instant::now();
        let text = parse_str(&src).unwrap_err().to_string();
        assert!(text.contains("variables expand to more than"), "{text}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn an_alias_bomb_is_refused_with_its_line() {
        let mut src = String::from(
            "service: s\nprovider: {name: tencent, runtime: Wasm}\ncustom:\n  l0: &l0 [\"lol\"]\n",
        );
        for i in 1..10 {
            src += &format!("  l{i}: &l{i} [{}]\n", vec![format!("*l{}", i - 1); 10].join(", "));
        }
        let text = parse_str(&src).unwrap_err().to_string();
        assert!(text.contains("/p/serverless.yml:") && text.contains("alias bomb"), "{text}");
    }

    #[test]
    fn malformed_yaml_names_the_line() {
        let err = parse_str("service: s\nfunctions:\n  f: [unclosed\n").unwrap_err();
        let d = &err.0[0];
        assert!(d.message.starts_with("malformed YAML"), "{d}");
        assert!(d.line.is_some());
    }

    const APIS: &str = "service: shop
provider:
  name: tencent
  runtime: Wasm
  region: ${env:FNGATE_TEST_REGION, ap-shanghai}
custom:
  basePath: /v1
  fngate:
    stageVariables:
      release: {stage: release}
    functionErrorStatus: propagate
functions:
  list:
    handler: list.main
    environment:
      variables:
        REGION: ${self:provider.region}
        BASE: ${self:custom.basePath}/items
    events:
      - apigw:
          name: list_api
          parameters:
            path: ${self:custom.basePath}/items
            httpMethod: get
            integratedResponse: true
      - timer:
          name: nightly
  item:
    handler: item.main
    events:
      - apigw:
          parameters:
            stageName: test
            serviceId: service-abc123
            path: /items/{id}
            serviceTimeout: 5
";

    #[test]
    fn apis_variables_and_defaults() {
        let (cfg, warnings) = parse_str(APIS).unwrap();
        assert_eq!(cfg.apis.len(), 2);
        let list = &cfg.apis[0];
        assert_eq!(
            (list.method.as_str(), list.path.as_str(), list.stage.as_str()),
            ("GET", "/v1/items", "release")
        );
        assert!(list.integrated_response);
        assert_eq!(list.service_id, crate::default_service_id("shop"));
        assert_eq!(list.service_timeout, 15);
        let item = &cfg.apis[1];
        assert_eq!(
            (item.method.as_str(), item.stage.as_str(), item.service_id.as_str()),
            ("ANY", "test", "service-abc123")
        );
        assert_eq!(
            (item.name.as_str(), item.service_timeout, item.integrated_response),
            ("item_apigw", 5, false)
        );
        let f = cfg.function("list").unwrap();
        assert_eq!(
            f.environment,
            vec![("REGION".into(), "ap-shanghai".into()), ("BASE".into(), "/v1/items".into())]
        );
        assert_eq!(cfg.custom.stage_variables["release"]["stage"], "release");
        assert_eq!(cfg.custom.function_error_status, crate::FunctionErrorStatus::Propagate);
        assert!(warnings.0.iter().any(|w| w.key == "functions.list.events[1].timer"), "{warnings}");
    }

    #[test]
    fn default_path_is_the_function_name() {
        let (cfg, _) = parse_str("service: s\nprovider: {runtime: Wasm}\nfunctions:\n  hello_world:\n    handler: h.main\n    events:\n      - apigw: {name: x}\n").unwrap();
        assert_eq!(cfg.apis[0].path, "/hello_world");
        assert_eq!(cfg.apis[0].method, "ANY");
    }

    #[test]
    fn duplicate_binding_names_both_functions() {
        let src = "service: s\nprovider: {runtime: Wasm}\nfunctions:\n  a:\n    handler: a.main\n    events:\n      - apigw: {parameters: {path: /x, httpMethod: GET}}\n  b:\n    handler: b.main\n    events:\n      - apigw: {parameters: {path: /x, httpMethod: GET, stageName: test}}\n";
        let err = parse_str(src).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(":11: functions.b.events[0].apigw: the API GET /x"), "{text}");
        assert!(text.contains("bound to function `a`") && text.contains("again to `b`"), "{text}");
    }

    #[test]
    fn bad_variables_methods_and_stages_are_errors() {
        let src = "service: s\nprovider: {runtime: Wasm}\nfunctions:\n  a:\n    handler: a.main\n    environment: {variables: {K: '${env:FNGATE_SURELY_UNSET}', L: '${opt:stage}'}}\n    events:\n      - apigw: {parameters: {httpMethod: PATCH, stageName: prod, path: nope}}\n";
        let err = parse_str(src).unwrap_err();
        let text = err.to_string();
        for expected in [
            "functions.a.environment.variables.K: cannot resolve `${env:FNGATE_SURELY_UNSET}`",
            "functions.a.environment.variables.L: cannot resolve `${opt:stage}`: no `--opt stage=…` (or `--stage`) was given",
            "functions.a.events[0].apigw.parameters.httpMethod: method `PATCH` is not allowed",
            "functions.a.events[0].apigw.parameters.stageName: stage `prod` is not allowed",
            "functions.a.events[0].apigw.parameters.path: path `nope` is not allowed",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    const POLICIES: &str = "service: s
provider: {runtime: Wasm}
custom:
  fngate:
    keyPairs:
      - {secretId: AKIDa, secretKey: topsecret}
    services:
      service-abc: {ipAllow: [10.0.0.0/8, '::1'], ipDeny: [10.1.2.3]}
functions:
  a:
    handler: a.main
    events:
      - apigw:
          parameters:
            path: /u/{id}
            serviceId: service-abc
            auth: {secretIds: [AKIDa]}
            usagePlan: {maxRequestNumPreSec: 10, maxRequestNum: -1}
            isBase64Encoded: true
            isBase64Trigger: true
            base64EncodedTriggerRules:
              - {name: Content_Type, value: [Image/PNG]}
            param:
              - {name: id, position: PATH, required: true}
              - {name: q, position: query, defaultValue: x}
";

    #[test]
    fn policies_parse() {
        use crate::model::{Base64Mode, ParamPosition, TriggerRule, UsagePlan};
        let (cfg, warnings) = parse_str(POLICIES).unwrap();
        assert!(warnings.0.is_empty(), "{warnings}");
        let api = &cfg.apis[0];
        assert_eq!(api.auth.as_deref(), Some(&["AKIDa".to_owned()][..]));
        assert_eq!(api.usage_plan, Some(UsagePlan { max_per_second: Some(10), max_total: None }));
        let rule = TriggerRule { header: "content-type".into(), values: vec!["image/png".into()] };
        assert_eq!(api.base64, Base64Mode::Triggered(vec![rule]));
        assert_eq!(
            api.params.iter().map(|p| p.position).collect::<Vec<_>>(),
            [ParamPosition::Path, ParamPosition::Query]
        );
        assert_eq!(api.params[1].default.as_deref(), Some("x"));
        let policy = &cfg.custom.services["service-abc"];
        assert!(policy.allows("10.9.9.9".parse().unwrap()) && policy.allows("::1".parse().unwrap()));
        assert!(
            !policy.allows("10.1.2.3".parse().unwrap()) && !policy.allows("192.168.1.1".parse().unwrap())
        );
        assert_eq!(cfg.custom.key_pairs[0].secret_key, "topsecret");
        assert!(!format!("{:?}", cfg.custom.key_pairs).contains("topsecret"), "Debug must not print keys");
    }

    #[test]
    fn bad_policies_name_line_and_key() {
        let text = parse_str(&POLICIES.replace("[AKIDa]}", "[AKIDb]}")).unwrap_err().to_string();
        let expected = ":13: functions.a.events[0].apigw.parameters.auth: secret id `AKIDb` is not declared";
        assert!(text.contains(expected), "{text}");
        let src = POLICIES
            .replace("10.1.2.3", "10.1.2.300")
            .replace("maxRequestNum: -1", "maxRequestNum: 0")
            .replace("Content_Type", "Cookie")
            .replace("name: id, position: PATH", "name: nid, position: PATH");
        let text = parse_str(&src).unwrap_err().to_string();
        for expected in [
            ":8: custom.fngate.services.service-abc.ipDeny[0]: `10.1.2.300` is not an IP address or CIDR network",
            ":18: functions.a.events[0].apigw.parameters.usagePlan.maxRequestNum: 0 is not allowed",
            ":22: functions.a.events[0].apigw.parameters.base64EncodedTriggerRules[0].name: `Cookie` is not allowed",
            ":24: functions.a.events[0].apigw.parameters.param[0]: path parameter `nid` is not a `{nid}` segment",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn the_seeds_javascript_config_is_accepted() {
        let src = include_str!("../../../examples/hello-world-js/serverless.yml");
        let (cfg, warnings) = parse_str(src).unwrap();
        let f = cfg.function("hello_world").unwrap();
        assert!(f.is_javascript() && f.runtime == "Nodejs8.9");
        assert_eq!(f.module, Path::new("/p/index.js"));
        assert!(
            warnings.0.iter().any(|w| w.key == "service" && w.message.contains("directory")),
            "{warnings}"
        );
        assert_eq!((cfg.apis[0].method.as_str(), cfg.apis[0].path.as_str()), ("POST", "/hello_world"));
    }
}

/// Property tests of the config parser on arbitrary text and on YAML built from
/// the keys it knows (`PROPTEST_CASES` sets the count).
#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::*;

    fn yamlish() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            Just("service: s\n".to_owned()),
            Just("provider:\n  name: tencent\n  runtime: Wasm\n".to_owned()),
            Just("functions:\n".to_owned()),
            Just("  f:\n    handler: a.b\n".to_owned()),
            Just("    timeout: ".to_owned()),
            Just("    memorySize: ".to_owned()),
            Just("    events:\n      - apigw:\n          parameters:\n".to_owned()),
            Just("            path: ".to_owned()),
            Just("            httpMethod: ".to_owned()),
            Just("&a ".to_owned()),
            Just("*a".to_owned()),
            Just("${self:service}".to_owned()),
            Just("${env:HOME, x}".to_owned()),
            Just("${".to_owned()),
            "[ -~]{0,12}",
            Just("\n".to_owned()),
            Just("- ".to_owned()),
            Just("{".to_owned()),
            Just("[".to_owned()),
        ];
        proptest::collection::vec(token, 0..24).prop_map(|t| t.concat())
    }

    proptest! {
        #[test]
        fn any_text_gets_a_config_or_named_errors(source in yamlish()) {
            match parse(Path::new("/p/serverless.yml"), &source) {
                Ok((config, _)) => prop_assert!(!config.functions.is_empty() || config.apis.is_empty()),
                Err(diagnostics) => {
                    prop_assert!(diagnostics.has_errors());
                    prop_assert!(diagnostics.to_string().contains("/p/serverless.yml"));
                }
            }
        }

        #[test]
        fn any_bytes_are_refused_or_parsed_without_panic(source in "\\PC{0,200}") {
            let _ = parse(Path::new("/p/serverless.yml"), &source);
        }
    }
}
